//! Arbitrary bytes through `input::decode` (BOM, UTF-8, UTF-16 sniffing, chardetng) and the
//! binary check: never panics, always gives valid text, and a BOM-less valid UTF-8 input without
//! NUL bytes comes back unchanged but for its control bytes, each replaced by U+FFFD.
#![no_main]

use gharbal::input::{decode, looks_binary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = looks_binary(bytes);
    let decoded = decode(bytes, None);
    if let Ok(s) = std::str::from_utf8(bytes) {
        if !s.starts_with('\u{feff}')
            && encoding_rs::Encoding::for_bom(bytes).is_none()
            && !s.contains('\0')
        {
            let control = |c: char| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r')) || c == '\x7f'
            };
            let expected: String = s
                .chars()
                .map(|c| if control(c) { '\u{FFFD}' } else { c })
                .collect();
            assert_eq!(decoded.text, expected, "valid UTF-8 is taken as it is");
            assert_eq!(decoded.replaced.invalid, 0);
            assert_eq!(decoded.replaced.controls, s.chars().filter(|&c| control(c)).count());
        }
    }
    // Every forced encoding a user may name decodes any bytes.
    for enc in [
        encoding_rs::UTF_8,
        encoding_rs::UTF_16LE,
        encoding_rs::WINDOWS_1256,
        encoding_rs::ISO_8859_6,
    ] {
        let _ = decode(bytes, Some(enc));
    }
});
