//! Page bytes to text: a byte-order mark, then a forced encoding, then the page's own
//! `<meta charset>` or `http-equiv` declaration, then the text decoder's UTF-8 check and chardetng.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::input::{decode, decode_with, Decoded};

/// Decodes a page. A declared encoding is trusted unless the bytes are valid UTF-8 with
/// non-ASCII text in them: scrapers often save pages as UTF-8 and leave the old declaration.
pub fn decode_page(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    if Encoding::for_bom(bytes).is_some() || forced.is_some() {
        return decode(bytes, forced);
    }
    if let Some(enc) = declared_encoding(bytes) {
        // Checked only when it matters: most pages declare UTF-8.
        let utf8_text = || !bytes.is_ascii() && crate::input::utf8(bytes).is_some();
        if enc != UTF_8 && !utf8_text() {
            return decode_with(enc, bytes);
        }
    }
    decode(bytes, None)
}

/// The encoding a page declares in its first 4 KB: `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`. UTF-16 declarations mean
/// UTF-8, as in browsers (a page that really is UTF-16 has a byte-order mark).
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag) {
            if let Some(enc) = Encoding::for_label(label) {
                return Some(if enc == UTF_16LE || enc == UTF_16BE {
                    UTF_8
                } else {
                    enc
                });
            }
        }
        from = end.max(start + 5);
    }
    None
}

/// The value after `charset=` in a meta tag, without quotes.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let i = find(tag, b"charset")?;
    let rest = &tag[i + 7..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let rest = rest.strip_prefix(b"=")?;
    let rest = trim_start(rest);
    let rest = trim_start_quotes(rest);
    let len = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn trim_start_quotes(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&c| c == b'"' || c == b'\'').count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        let a = b"<html><head><meta charset=\"windows-1256\"></head>";
        assert_eq!(declared_encoding(a).unwrap().name(), "windows-1256");
        let b = b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-6'>";
        assert_eq!(declared_encoding(b).unwrap().name(), "ISO-8859-6");
        assert_eq!(declared_encoding(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(declared_encoding(b"<p>no meta</p>"), None);
        assert_eq!(declared_encoding(b"<meta charset=klingon>"), None);
    }

    #[test]
    fn declared_encoding_is_used_unless_the_bytes_are_utf8() {
        let text = "<meta charset=windows-1256><p>قال المتحدث</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode_page(&bytes, None);
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.contains("قال المتحدث"));
        // re-saved as UTF-8 with the old declaration left in
        let d = decode_page(text.as_bytes(), None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("قال المتحدث"));
    }
}
