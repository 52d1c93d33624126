//! Turns raw bytes into text: BOM, then a UTF-8 fast path, then chardetng, or a forced encoding;
//! tells text from binary files; reads compressed inputs ([`compressed`]).

pub mod compressed;

use std::fmt;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text with what was learned while decoding it.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding the bytes were read as (its WHATWG name).
    pub encoding: &'static str,
    /// What could not be kept as it was and became U+FFFD.
    pub replaced: Replaced,
}

/// What decoding replaced with U+FFFD: byte sequences the encoding cannot read, and control
/// bytes (NUL and the like) that no text holds. A few of either leave the rest of a file text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Replaced {
    /// Byte sequences that are not valid in the encoding (each became one U+FFFD).
    pub invalid: usize,
    /// Control bytes other than tab, line breaks and form feed.
    pub controls: usize,
}

impl Replaced {
    pub fn is_empty(&self) -> bool {
        self.invalid == 0 && self.controls == 0
    }

    /// Adds the counts of another part of the same input.
    pub fn add(&mut self, other: Replaced) {
        self.invalid += other.invalid;
        self.controls += other.controls;
    }
}

impl fmt::Display for Replaced {
    /// A warning's words: what became U+FFFD, as counts.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.invalid > 0 {
            parts.push(plural(
                self.invalid,
                "undecodable byte sequence",
                "undecodable byte sequences",
            ));
        }
        if self.controls > 0 {
            parts.push(plural(
                self.controls,
                "control byte (NUL or the like)",
                "control bytes (NUL or the like)",
            ));
        }
        write!(f, "{} became U+FFFD", parts.join(" and "))
    }
}

/// A control byte that has no place in text: C0 controls other than tab, line feed, vertical
/// tab, form feed and carriage return, and DEL.
///
/// Tab to carriage return are 0x09 to 0x0D: the test is three comparisons, which the block
/// scan below runs on many bytes at once (a table lookup a byte cannot be vectorised).
#[inline]
fn is_control(b: u8) -> bool {
    b < 0x09 || (0x0e..0x20).contains(&b) || b == 0x7f
}

/// The position of the first control byte at or after `from`. Whole blocks are tested without
/// a branch a byte: every input is scanned once, and nearly all have none.
fn next_control(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    let rest = bytes.get(from..)?;
    let mut at = from;
    for block in rest.chunks(BLOCK) {
        if block.iter().fold(false, |any, &b| any | is_control(b)) {
            return block.iter().position(|&b| is_control(b)).map(|i| at + i);
        }
        at += block.len();
    }
    None
}

/// `text` with its control characters (see [`is_control`]) replaced by U+FFFD, and how many.
/// They are ASCII, so the text is copied in runs between them (a dump with a stray control
/// byte costs one copy, not a walk over its characters).
fn replace_controls(text: String) -> (String, usize) {
    let bytes = text.as_bytes();
    let Some(mut i) = next_control(bytes, 0) else {
        return (text, 0);
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut n = 0;
    let mut from = 0;
    loop {
        // A control byte is a whole character: the slice ends on a character boundary.
        out.push_str(&text[from..i]);
        out.push('\u{FFFD}');
        from = i + 1;
        n += 1;
        match next_control(bytes, from) {
            Some(next) => i = next,
            None => break,
        }
    }
    out.push_str(&text[from..]);
    (out, n)
}

/// `decoded` with its control characters replaced and counted.
fn without_controls(mut decoded: Decoded) -> Decoded {
    let (text, controls) = replace_controls(std::mem::take(&mut decoded.text));
    decoded.text = text;
    decoded.replaced.controls = controls;
    decoded
}

/// Looks up an encoding label such as `windows-1256`, `cp1256`, `iso-8859-6` or `utf-16le`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "cp1256" => "windows-1256",
        "cp1252" => "windows-1252",
        "cp1251" => "windows-1251",
        "latin1" | "latin-1" => "iso-8859-1",
        "utf16le" => "utf-16le",
        "utf16be" => "utf-16be",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

/// Decodes `bytes`, honouring a byte-order mark first, then `forced` if given, then UTF-8 when
/// the bytes are valid UTF-8, then the encoding chardetng guesses. Control bytes become U+FFFD
/// (counted in [`Decoded::replaced`]).
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    without_controls(decode_text(bytes, forced))
}

fn decode_text(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    // Nearly every input is UTF-8 without a BOM: check it once here, not in `detect` and again.
    if forced.is_none() && Encoding::for_bom(bytes).is_none() && utf16_without_bom(bytes).is_none()
    {
        if let Some(s) = utf8(bytes) {
            return Decoded {
                text: s.to_owned(),
                encoding: UTF_8.name(),
                replaced: Replaced::default(),
            };
        }
    }
    let (enc, bom_len) = detect(bytes, forced);
    let bytes = &bytes[bom_len..];
    if enc == UTF_8 {
        if let Some(s) = utf8(bytes) {
            return Decoded {
                text: s.to_owned(),
                encoding: UTF_8.name(),
                replaced: Replaced::default(),
            };
        }
    }
    decode_with(enc, bytes)
}

/// `bytes` as text when they are valid UTF-8 (SIMD-checked; no error position needed here).
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The encoding [`decode`] reads `bytes` as, and the length of their byte-order mark.
pub fn detect(bytes: &[u8], forced: Option<&'static Encoding>) -> (&'static Encoding, usize) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return (enc, bom_len);
    }
    if let Some(enc) = forced {
        return (enc, 0);
    }
    // UTF-16 text in Latin script is valid UTF-8 too, with a NUL every other byte.
    if let Some(enc) = utf16_without_bom(bytes) {
        return (enc, 0);
    }
    if utf8(bytes).is_some() {
        return (UTF_8, 0);
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return (enc, 0);
    }
    if mostly_utf8(bytes) {
        return (UTF_8, 0);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    (det.guess(None, true), 0)
}

/// Decodes `bytes` (without a byte-order mark) as `enc`, counting what became U+FFFD.
pub fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let invalid = if had_errors {
        // Each bad sequence became one U+FFFD; those already in UTF-8 input were text.
        let written = text.matches('\u{FFFD}').count();
        let there = if enc == UTF_8 {
            memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count()
        } else {
            0
        };
        written.saturating_sub(there).max(1)
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        replaced: Replaced {
            invalid,
            controls: 0,
        },
    }
}

/// UTF-8 with a few broken bytes (a truncated character, one stray Latin-1 byte) is still
/// UTF-8: far more valid multi-byte characters than invalid sequences. chardetng rules UTF-8
/// out at the first bad byte, which would turn a whole Arabic dump into mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                multibyte += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                rest = &bad[skip.min(bad.len())..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    multibyte >= 8 && invalid * 10 <= multibyte
}

/// UTF-16 without a BOM when the first block has NUL bytes (as UTF-16 in Latin script does) and
/// the zero-every-other-byte pattern of [`sniff_utf16`].
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF)];
    memchr::memchr(0, head)?;
    sniff_utf16(&bytes[..bytes.len().min(4096) & !1])
}

/// UTF-16 without a BOM: text in Latin or Arabic script has a zero byte (or the Arabic block's
/// 0x06) in every other position. Only claimed when the pattern is overwhelming.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let (mut even_high, mut odd_high) = (0usize, 0usize);
    for p in bytes.chunks_exact(2) {
        if matches!(p[1], 0 | 6) && p[0] != 0 {
            odd_high += 1;
        }
        if matches!(p[0], 0 | 6) && p[1] != 0 {
            even_high += 1;
        }
    }
    if odd_high * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if even_high * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Signatures of files that are not text (images, archives, documents, executables, and
/// compressed streams that [`compressed::decompressed`] did not open).
const BINARY_SIGNATURES: [&[u8]; 13] = [
    b"\x89PNG",
    b"\x1f\x8b",
    b"\x28\xb5\x2f\xfd",
    b"PK\x03\x04",
    b"%PDF",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"RIFF",
    b"SQLite format 3\x00",
];

/// How much of a file [`looks_binary`] reads.
pub const BINARY_SNIFF: usize = 8192;

/// True when the bytes look like a binary file rather than text: a known binary signature, or
/// control bytes making up over 5% of the first block (outside UTF-16, where every other byte
/// is NUL). A stray NUL or a few bad bytes leave a file text: [`decode`] replaces and counts them.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if BINARY_SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF)];
    // Counted in blocks of 64 bytes, each into a byte: the compiler runs a block's tests on
    // many bytes at once (a count a byte, with its branch, cost more than the rest of decoding).
    let controls: usize = head
        .chunks(64)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(is_control(b)))) as usize
        })
        .sum();
    if controls * 20 <= head.len() {
        return false;
    }
    !(Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("سلام".as_bytes(), None).text, "سلام");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("سلام".as_bytes());
        let d = decode(&b, None);
        assert_eq!(d.text, "سلام");
        assert!(d.replaced.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "نص عربي".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, None).text, "نص عربي");
        let mut be = vec![0xFE, 0xFF];
        for u in "text".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be, None).text, "text");
    }

    #[test]
    fn windows_1256_is_detected() {
        let text =
            "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لمناقشة الأوضاع الاقتصادية.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes, None);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "windows-1256");
    }

    #[test]
    fn forced_encoding_and_labels() {
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode("مرحبا");
        let enc = encoding_for_label("ISO-8859-6").unwrap();
        assert_eq!(decode(&bytes, Some(enc)).text, "مرحبا");
        assert!(encoding_for_label("cp1256").is_some());
        assert!(encoding_for_label("klingon-8").is_none());
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let d = decode(b"abc \xef\xbf\xbd \xff\xfe\xfd def", Some(UTF_8));
        // An U+FFFD that was in the input is text, not a replacement.
        assert_eq!(d.replaced.invalid, 3);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 4);
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut b = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة."
            .as_bytes()
            .to_vec();
        b.insert(6, 0xFF); // after the first word: one bad byte, no character cut
        b.push(0xC3);
        let d = decode(&b, None);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced.invalid, 2);
        assert!(d.text.starts_with("قال"));
    }

    #[test]
    fn binary_signatures() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n...."));
        assert!(looks_binary(b"\x1f\x8b\x08\x00"));
        assert!(looks_binary(b"\x7fELF\x02\x01\x01"));
        assert!(!looks_binary("plain text".as_bytes()));
    }

    fn arabic_dump() -> Vec<u8> {
        "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة.\n"
            .repeat(50)
            .into_bytes()
    }

    #[test]
    fn a_stray_nul_leaves_a_file_text_and_is_replaced() {
        let mut b = arabic_dump();
        let middle = b.iter().position(|&c| c == b'\n').unwrap() + 1;
        b.insert(middle, 0);
        b.insert(middle, 0x07);
        assert!(!looks_binary(&b));
        let d = decode(&b, None);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.replaced,
            Replaced {
                invalid: 0,
                controls: 2
            }
        );
        assert_eq!(d.text.len(), b.len() + 4);
        assert!(!d.text.contains('\0'));
        assert_eq!(
            d.replaced.to_string(),
            "2 control bytes (NUL or the like) became U+FFFD"
        );
    }

    #[test]
    fn control_bytes_are_found_across_blocks() {
        for at in [vec![0], vec![63, 64], vec![5, 130, 199], vec![299]] {
            let mut text = "a".repeat(300);
            for &i in &at {
                text.replace_range(i..=i, "\u{7}");
            }
            let (out, n) = replace_controls(text);
            assert_eq!(n, at.len(), "{at:?}");
            let found: Vec<usize> = out
                .chars()
                .enumerate()
                .filter(|(_, c)| *c == '\u{FFFD}')
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found, at);
        }
    }

    #[test]
    fn a_block_dense_with_control_bytes_is_binary() {
        // Bytes spread evenly over 0..=255, as in compressed or executable data.
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
        assert!(looks_binary(&noise));
        let mut padded = arabic_dump();
        padded.extend(std::iter::repeat_n(0, padded.len() / 10));
        assert!(looks_binary(&padded));
    }

    #[test]
    fn utf16_is_not_binary_for_its_zero_bytes() {
        let le: Vec<u8> = "plain English text in UTF-16"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(!looks_binary(&le));
        assert_eq!(decode(&le, None).text, "plain English text in UTF-16");
    }
}
