//! Raw HTML pages in: decoded, parsed with html5ever (through `scraper`), flattened into text
//! blocks that keep the evidence of their markup, and read for metadata.
//!
//! The flattened text (one block a line) is what the engine cleans, exactly as it would a text
//! dump; the evidence goes beside it, indexed by line, for the `dom` pass and the splitter.

pub mod blocks;
pub mod content;
pub mod decode;
pub mod evidence;
pub mod meta;

use std::path::Path;

use encoding_rs::Encoding;
use scraper::Html;

use crate::input::Replaced;

pub use blocks::{BlockEvidence, Flattened};
pub use evidence::{Hint, Hints};
pub use meta::PageMeta;

/// A page read into text blocks, their evidence and its metadata.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The flattened text: one block a line, joined with `\n`.
    pub text: String,
    /// The evidence of each line of `text`.
    pub blocks: Vec<BlockEvidence>,
    pub meta: PageMeta,
    /// The encoding the bytes were read as.
    pub encoding: &'static str,
    /// What decoding replaced with U+FFFD.
    pub replaced: Replaced,
}

/// Decodes and reads a page (see [`decode::decode_page`] for the order of encodings).
pub fn read_page(bytes: &[u8], forced: Option<&'static Encoding>) -> Page {
    let decoded = decode::decode_page(bytes, forced);
    let mut page = parse_page(&decoded.text);
    page.encoding = decoded.encoding;
    page.replaced = decoded.replaced;
    page
}

/// Reads a page that is already text.
pub fn parse_page(source: &str) -> Page {
    let html = Html::parse_document(source);
    let Flattened { text, blocks } = blocks::flatten(&html);
    let h1 = blocks
        .iter()
        .zip(text.split('\n'))
        .find(|(b, _)| b.heading == 1)
        .map(|(_, t)| t);
    let mut meta = meta::page_meta(&html, h1);
    if meta.lang.is_none() {
        meta.lang = detect_lang(&text).map(str::to_string);
    }
    Page {
        text,
        blocks,
        meta,
        encoding: "UTF-8",
        replaced: Replaced::default(),
    }
}

/// True for a path whose extension says HTML (`.html`, `.htm`, `.xhtml`).
pub fn is_html_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
}

/// True when bytes start like an HTML document: after a byte-order mark, white space and
/// comments, `<!doctype html` or `<html`.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let mut b = bytes;
    for bom in [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"] {
        if let Some(rest) = b.strip_prefix(bom) {
            if bom.len() == 2 {
                return false; // UTF-16 pages are decoded as text first; leave them to extension
            }
            b = rest;
        }
    }
    for _ in 0..16 {
        let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
        b = &b[n..];
        if b.starts_with(b"<!--") {
            match b.windows(3).position(|w| w == b"-->") {
                Some(e) => b = &b[e + 3..],
                None => return false,
            }
            continue;
        }
        if b.starts_with(b"<?xml") {
            match b.iter().position(|&c| c == b'>') {
                Some(e) => b = &b[e + 1..],
                None => return false,
            }
            continue;
        }
        break;
    }
    let head: Vec<u8> = b[..b.len().min(14)].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// A language guess for a page that does not declare one: the script of most letters, and for
/// Latin script the detect words of the language files (`lang/<code>.toml`).
fn detect_lang(text: &str) -> Option<&'static str> {
    let (mut arabic, mut latin, mut cyrillic) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c as u32 {
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => arabic += 1,
            0x0400..=0x04FF => cyrillic += 1,
            _ if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) => latin += 1,
            _ => {}
        }
    }
    let total = arabic + latin + cyrillic;
    if total < 20 {
        return None;
    }
    if arabic * 2 > total {
        return Some("ar");
    }
    if cyrillic * 2 > total {
        return Some("ru");
    }
    if latin * 2 <= total {
        return None;
    }
    crate::lang::detect_latin(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF  \n<html lang=ar>"));
        assert!(looks_like_html(b"<!-- saved --><!doctype HTML>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"
        ));
        assert!(!looks_like_html(b"Home\nNews\n<html> in a sentence"));
        assert!(!looks_like_html(b"<!-- never closed"));
        assert!(is_html_path(Path::new("a/page.HTM")));
        assert!(!is_html_path(Path::new("a/page.txt")));
    }

    #[test]
    fn language_is_guessed_when_not_declared() {
        let p = parse_page("<p>قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة</p>");
        assert_eq!(p.meta.lang.as_deref(), Some("ar"));
        let p = parse_page("<p>Le ministre a dit que les discussions reprendront dans une semaine avec les délégations.</p>");
        assert_eq!(p.meta.lang.as_deref(), Some("fr"));
    }
}
