//! The words of a folded key, walked once, and which of them are function words (the words
//! prose is full of, in the languages gharbal sees most). Below both the line features and
//! the topic words, which each read words this way.

use std::sync::OnceLock;

use crate::fold::fold;
use crate::words::{word_hash, WordSet};

/// Function words of the languages gharbal sees most, folded. Prose is full of them; menus,
/// tag lists and headline lists have few.
const FUNCTION_WORDS: &str = "
في من على الى إلى عن مع أن ان إن هذا هذه ذلك تلك التي الذي الذين كان كانت قد لا ما لم لن أو او ثم حيث
بين كما بعد قبل عند خلال منذ حتى إذا اذا لكن غير كل أي اي هو هي هم نحن أنه انه أنها انها وقد فقد
وهو وهي كذلك أيضا ايضا بأن بان لأن لان التى عليه عليها فيه فيها منه منها إلى له لها يكون تكون
the of and to in a is that for it as was with be by on not he she they this are or his her from at
which but an have has had were been their its will would who all there can also than into after
le la les de des du un une et est en que qui dans pour pas sur au aux avec ce cette il elle ils par
plus se sont ont été son sa ses mais ou comme aussi leur été a y ne
der die das und ist nicht mit von den zu ein eine auch sich auf für
и в не на что с по как это он она его к из у за но от о так же
και το η ο να της του σε με που τα την των για στο στην από θα είναι
";

/// The folded function words: their hashes, the byte length of the longest, and which shapes
/// (byte length, second byte, last byte) they have, with and without a conjunction glued on.
struct FunctionWords {
    set: WordSet,
    longest: usize,
    /// One bit per shape, hashed into [`SHAPE_BITS`] bits; lengths up to [`SHAPE_LENGTHS`].
    shapes: Vec<u64>,
}

const SHAPE_LENGTHS: usize = 32;
/// About 800 shapes in 65,536 bits (8 KB): a word no function word shares a shape with is
/// turned away before hashing, with one chance in 80 of a shape sharing a bit with another.
const SHAPE_BITS: usize = 1 << 16;

/// A word's shape bit: its length, second byte (the distinguishing byte of an Arabic first
/// letter) and last byte, hashed. The (length, last byte) pair alone let 57% of the words of
/// prose through to the hashed lookup.
fn shape_bit(word: &[u8]) -> Option<usize> {
    let (&last, len) = (word.last()?, word.len());
    if len >= SHAPE_LENGTHS {
        return None;
    }
    let second = word.get(1).copied().unwrap_or(0);
    let key = (len as u32) << 16 | u32::from(second) << 8 | u32::from(last);
    Some((key.wrapping_mul(0x9E37_79B1) >> 16) as usize % SHAPE_BITS)
}

fn function_words() -> &'static FunctionWords {
    static SET: OnceLock<FunctionWords> = OnceLock::new();
    SET.get_or_init(|| {
        let folded: Vec<String> = FUNCTION_WORDS.split_whitespace().map(fold).collect();
        let longest = folded.iter().map(String::len).max().unwrap_or(0);
        let mut shapes = vec![0u64; SHAPE_BITS / 64];
        for w in &folded {
            for prefix in ["", "و", "ف"] {
                let glued = format!("{prefix}{w}");
                if let Some(bit) = shape_bit(glued.as_bytes()) {
                    shapes[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        FunctionWords {
            set: folded.iter().map(|w| word_hash(w)).collect(),
            longest,
            shapes,
        }
    })
}

/// True for a folded word that is a function word, also with an Arabic conjunction glued on.
///
/// Inlined where words are measured: most words of prose are too long to be function words or
/// have no function word's shape ([`shape_bit`]), and are answered without a call.
#[inline]
pub fn is_function_word(word: &str) -> bool {
    let words = function_words();
    // Longer than any function word with a conjunction glued on (most words of prose), or no
    // function word has its shape: no hashing needed.
    if word.len() > words.longest + "و".len() {
        return false;
    }
    if let Some(bit) = shape_bit(word.as_bytes()) {
        if words.shapes[bit / 64] & (1 << (bit % 64)) == 0 {
            return false;
        }
    }
    in_function_words(&words.set, word)
}

/// The hashed part of [`is_function_word`].
#[inline(never)]
fn in_function_words(set: &WordSet, word: &str) -> bool {
    if set.contains(&word_hash(word)) {
        return true;
    }
    for p in ["و", "ف"] {
        if let Some(rest) = word.strip_prefix(p) {
            if rest.chars().count() >= 2 && set.contains(&word_hash(rest)) {
                return true;
            }
        }
    }
    false
}

/// A word of a folded key: a run of letters and digits, with its length in characters and
/// how many of them are letters.
#[derive(Debug, Clone, Copy)]
pub struct KeyWord<'a> {
    pub text: &'a str,
    pub chars: usize,
    pub letters: usize,
}

/// The words of a folded key (what `key.split(|c| !is_letter_or_digit(c))` gives, without the
/// empty pieces), each measured on the same walk.
pub fn key_words(key: &str) -> KeyWords<'_> {
    KeyWords { key, pos: 0 }
}

/// The words of `key` that [`crate::fold::FoldedLines`] recorded while folding it: the same
/// as [`key_words`] of the key, without walking it again.
pub fn recorded_words<'a>(
    key: &'a str,
    spans: &'a [crate::fold::WordSpan],
) -> impl Iterator<Item = KeyWord<'a>> + 'a {
    spans.iter().map(move |w| KeyWord {
        text: &key[w.start as usize..w.end as usize],
        chars: w.chars as usize,
        letters: w.letters as usize,
    })
}

/// The iterator of [`key_words`].
pub struct KeyWords<'a> {
    key: &'a str,
    pos: usize,
}

impl<'a> Iterator for KeyWords<'a> {
    type Item = KeyWord<'a>;

    fn next(&mut self) -> Option<KeyWord<'a>> {
        let mut start = None;
        let (mut chars, mut letters) = (0, 0);
        while self.pos < self.key.len() {
            let (class, len) = crate::fold::CharClass::at(self.key, self.pos);
            let i = self.pos;
            self.pos += len;
            if class.letter_or_digit() {
                start.get_or_insert(i);
                chars += 1;
                letters += usize::from(class.letter());
            } else if let Some(s) = start {
                return Some(KeyWord {
                    text: &self.key[s..i],
                    chars,
                    letters,
                });
            }
        }
        start.map(|s| KeyWord {
            text: &self.key[s..],
            chars,
            letters,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_words_are_the_nonempty_runs_of_letters_and_digits() {
        for text in [
            "",
            "  ",
            "وأوضح صقر، خلال 8 ديسمبر: الاتصال!",
            "a1b2 -- x9 « y » 2025-03-19…end",
            "ﷺ الـــرئيس ١٢ Ⅻ ½",
        ] {
            let key = fold(text);
            let split: Vec<&str> = key
                .split(|c: char| !crate::fold::is_letter_or_digit(c))
                .filter(|w| !w.is_empty())
                .collect();
            let words: Vec<KeyWord> = key_words(&key).collect();
            assert_eq!(words.iter().map(|w| w.text).collect::<Vec<_>>(), split);
            for w in words {
                assert_eq!(w.chars, w.text.chars().count());
                let letters = w
                    .text
                    .chars()
                    .filter(|&c| crate::fold::is_letter(c))
                    .count();
                assert_eq!(w.letters, letters, "{}", w.text);
            }
        }
    }

    #[test]
    fn every_function_word_passes_the_shape_filter() {
        for w in FUNCTION_WORDS.split_whitespace() {
            let folded = fold(w);
            assert!(is_function_word(&folded), "{w}");
            for prefix in ["و", "ف"] {
                let glued = format!("{prefix}{folded}");
                if folded.chars().count() >= 2 {
                    assert!(is_function_word(&glued), "{glued}");
                }
            }
        }
    }

    #[test]
    fn glued_function_words() {
        assert!(is_function_word(&fold("وفي")));
        assert!(!is_function_word(&fold("وزير")));
    }
}
