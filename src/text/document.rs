//! The decoded text with its line index: byte spans of every line, its content and its ending.

use std::ops::Range;

use crate::text::hints::Hints;

/// A byte range over the original (decoded) text.
pub type Span = Range<usize>;

/// One line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The whole line including its line ending.
    pub full: Span,
    /// The line's content with surrounding white space trimmed (may be empty).
    pub content: Span,
}

/// The input text and its lines. Line endings (LF, CRLF, CR) stay with their lines.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub lines: Vec<Line>,
}

impl Document {
    pub fn new(text: String) -> Document {
        let lines = index_lines(&text);
        Document { text, lines }
    }

    /// The trimmed content of line `i`.
    pub fn line(&self, i: usize) -> &str {
        &self.text[self.lines[i].content.clone()]
    }

    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }
}

fn index_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    // memchr2 looks at many bytes an instruction; a byte loop cost 8 instructions a byte.
    while let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
        let end = start + at;
        let mut next = end + 1;
        if bytes[end] == b'\r' && bytes.get(next) == Some(&b'\n') {
            next += 1;
        }
        lines.push(make_line(text, start, end, next));
        start = next;
    }
    if start < bytes.len() {
        lines.push(make_line(text, start, bytes.len(), bytes.len()));
    }
    lines
}

fn make_line(text: &str, start: usize, end: usize, next: usize) -> Line {
    let bytes = &text.as_bytes()[start..end];
    // ASCII white space at the ends (indentation, mostly) is skipped a byte at a time; what
    // is left needs `trim` only when it starts or ends with a character that might be white
    // space, which the first and last bytes tell. `trim` alone walked every line's ends at
    // several times the cost.
    let ascii_space = |b: &u8| b.is_ascii() && char::from(*b).is_whitespace();
    let a = bytes.iter().take_while(|b| ascii_space(b)).count();
    let b = bytes.len()
        - bytes[a..]
            .iter()
            .rev()
            .take_while(|b| ascii_space(b))
            .count();
    let rest = &bytes[a..b];
    if rest.is_empty() || (starts_no_space(rest[0]) && ends_no_space(rest)) {
        return Line {
            full: start..next,
            content: start + a..start + b,
        };
    }
    let s = &text[start + a..start + b];
    let lead = s.len() - s.trim_start().len();
    let cstart = start + a + lead;
    Line {
        full: start..next,
        content: cstart..cstart + s.trim().len(),
    }
}

/// A character starting with byte `b` is surely not white space: an ASCII character that is
/// not, or a two-byte character other than U+0080..U+00BF (where NEL and NBSP are).
fn starts_no_space(b: u8) -> bool {
    if b.is_ascii() {
        !char::from(b).is_whitespace()
    } else {
        (0xC3..=0xDF).contains(&b)
    }
}

/// The last character of `bytes` is surely not white space: see [`starts_no_space`].
fn ends_no_space(bytes: &[u8]) -> bool {
    match bytes {
        [.., b] if b.is_ascii() => !char::from(*b).is_whitespace(),
        [.., lead, last] => (0x80..0xC0).contains(last) && (0xC3..=0xDF).contains(lead),
        _ => false,
    }
}

/// What the markup says about one block (one line of the flattened text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockEvidence {
    /// The innermost elements around the block, outermost first (`article>div>p`).
    pub path: String,
    /// Page furniture the block stands in, from tags, classes, ids, roles and labels of
    /// trusted containers, plus `form` and `link-list` from the block itself.
    pub hints: Hints,
    /// 1 to 6 when the block is a heading.
    pub heading: u8,
    /// Characters of the block, and of them those inside links.
    pub chars: u32,
    pub link_chars: u32,
    /// Links that start in the block.
    pub links: u32,
    /// Inputs, selects, text areas and buttons in the block.
    pub form_controls: u32,
    /// The outermost `<article>` element the block is in, numbered in page order.
    pub article: Option<u32>,
    /// The block is a list item.
    pub list_item: bool,
    /// The block lies in the page's main content, as container scoring found it
    /// ([`crate::html::content`]).
    pub main: bool,
    /// The block lies in the element the page marks as its article's body
    /// (`itemprop="articleBody"`).
    pub declared_body: bool,
}

impl BlockEvidence {
    /// A paragraph of running text: long, not a heading, few links.
    pub fn is_prose_paragraph(&self) -> bool {
        self.heading == 0 && self.chars >= 100 && self.link_density() < 0.3
    }

    /// The innermost element around the block (`p`, `li`, `h2`, ...).
    pub fn tag(&self) -> &str {
        self.path.rsplit('>').next().unwrap_or("")
    }

    /// The share of the block's characters inside links.
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_stay_with_their_lines() {
        let d = Document::new("a\r\n  b  \rc\n\nd".to_string());
        let contents: Vec<&str> = (0..d.lines.len()).map(|i| d.line(i)).collect();
        assert_eq!(contents, ["a", "b", "c", "", "d"]);
        assert_eq!(d.slice(&d.lines[0].full), "a\r\n");
        assert_eq!(d.slice(&d.lines[1].full), "  b  \r");
        assert_eq!(d.lines.last().unwrap().full, 12..13);
    }

    #[test]
    fn line_contents_are_trimmed_like_str_trim() {
        let spaces = [
            " ", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}",
        ];
        let bodies = ["a", "ب", "é", "x y", "\u{A9}", "\u{2014}", "\u{1F600}", ""];
        // Ends of none, one or two white-space characters, ASCII and not, in any order.
        let ends: Vec<String> = std::iter::once(String::new())
            .chain(spaces.iter().map(|s| s.to_string()))
            .chain(
                spaces
                    .iter()
                    .flat_map(|a| spaces.iter().map(move |b| format!("{a}{b}"))),
            )
            .collect();
        for lead in &ends {
            for body in bodies {
                for tail in &ends {
                    let line = format!("{lead}{body}{tail}");
                    let d = Document::new(format!("{line}\nz"));
                    assert_eq!(d.line(0), line.trim(), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(Document::new(String::new()).lines.is_empty());
    }
}
