//! The decoded text with its line index: byte spans of every line, its content and its ending.

use std::ops::Range;

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
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    let cstart = start + lead;
    Line {
        full: start..next,
        content: cstart..cstart + trimmed.len(),
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
    fn empty_text_has_no_lines() {
        assert!(Document::new(String::new()).lines.is_empty());
    }
}
