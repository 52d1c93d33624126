//! Turns raw bytes into text: BOM, then a UTF-8 fast path, then chardetng, or a forced encoding.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text with what was learned while decoding it.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding the bytes were read as (its WHATWG name).
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and became U+FFFD.
    pub had_errors: bool,
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
/// the bytes are valid UTF-8, then the encoding chardetng guesses.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    // Nearly every input is UTF-8 without a BOM: check it once here, not in `detect` and again.
    if forced.is_none() && Encoding::for_bom(bytes).is_none() {
        if let Some(s) = utf8(bytes) {
            return Decoded {
                text: s.to_owned(),
                encoding: UTF_8.name(),
                had_errors: false,
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
                had_errors: false,
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

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        had_errors,
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

/// True when the bytes look like a binary file rather than text: NUL bytes in the first block
/// (outside UTF-16) or a known binary signature.
pub fn looks_binary(bytes: &[u8]) -> bool {
    const SIGNATURES: [&[u8]; 6] = [
        b"\x89PNG",
        b"\x1f\x8b",
        b"PK\x03\x04",
        b"%PDF",
        b"\xff\xd8\xff",
        b"GIF8",
    ];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    // Text has no NUL byte: found at once (a 2 KB file is all first block), and only then
    // is it worth asking whether the NULs are UTF-16's.
    if !bytes[..bytes.len().min(8192)].contains(&0) {
        return false;
    }
    !(Encoding::for_bom(bytes).is_some()
        || sniff_utf16(&bytes[..bytes.len().min(4096) & !1]).is_some())
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
        assert!(!d.had_errors);
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
        let d = decode(b"abc \xff\xfe\xfd def", Some(UTF_8));
        assert!(d.had_errors);
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut b = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة."
            .as_bytes()
            .to_vec();
        b.insert(10, 0xFF);
        b.push(0xC3);
        let d = decode(&b, None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_errors);
        assert!(d.text.starts_with("قال"));
    }

    #[test]
    fn binary_signatures() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n...."));
        assert!(looks_binary(b"\x1f\x8b\x08\x00"));
        assert!(!looks_binary("plain text".as_bytes()));
    }
}
