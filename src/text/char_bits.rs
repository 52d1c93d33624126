// Character class bits, shared by src/text/fold.rs and build.rs (which includes this file to
// generate the class table of U+0080..U+2FFF), so the table and the runtime fallback agree.

const ALPHA: u8 = 1;
const ALNUM: u8 = 2;
const NUMERIC: u8 = 4;
const UPPER: u8 = 8;
const LOWER: u8 = 16;

/// The class bits of any character, from the standard library's predicates.
fn classify(c: char) -> u8 {
    let mut k = 0;
    for (yes, bit) in [
        (c.is_alphabetic(), ALPHA),
        (c.is_alphanumeric(), ALNUM),
        (c.is_numeric(), NUMERIC),
        (c.is_uppercase(), UPPER),
        (c.is_lowercase(), LOWER),
    ] {
        if yes {
            k |= bit;
        }
    }
    k
}
