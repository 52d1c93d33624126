//! A long text input streamed in windows: cut at blank lines, so that memory stays flat however
//! large the input is and the windows of one input are cleaned on all threads at once.
//!
//! A window is at least [`WINDOW`] bytes, cut after the first blank line past that size (a
//! dump separator: crawlers put one between pages), else, once [`MAX_WINDOW`] bytes are read,
//! after the last line break. Inputs shorter than a window are one window, so dumps of ordinary
//! size are cleaned exactly as when read whole; a document that spans a cut becomes two.

use std::io::{self, Read};

/// The least bytes of a window.
pub const WINDOW: usize = 512 * 1024;
/// A window with no blank line is cut at a line break once this size is read.
pub const MAX_WINDOW: usize = 4 * WINDOW;

/// One window of an input.
#[derive(Debug)]
pub struct Window {
    pub bytes: Vec<u8>,
    /// Its first byte's offset in the input.
    pub base: u64,
    /// The input's first window.
    pub first: bool,
    /// The input's last window (it may be empty).
    pub last: bool,
}

/// The windows of a reader; an error ends them.
pub struct Windows<R> {
    reader: R,
    buf: Vec<u8>,
    base: u64,
    eof: bool,
    done: bool,
    first: bool,
    /// How far `buf` was searched for a cut, so a long line is not searched again at each read.
    searched: usize,
    /// Where in `buf` the last unfinished line starts (after its last line break).
    line_start: usize,
    /// The longest a window may grow when no line break comes (`--max-file-size`).
    max_line: u64,
}

impl<R: Read> Windows<R> {
    pub fn new(reader: R, max_line: u64) -> Windows<R> {
        Windows {
            reader,
            buf: Vec::new(),
            base: 0,
            eof: false,
            done: false,
            first: true,
            searched: 0,
            line_start: 0,
            max_line,
        }
    }

    /// The input's first `n` bytes (fewer at its end), read ahead without taking them.
    pub fn peek(&mut self, n: usize) -> Result<&[u8], String> {
        while self.buf.len() < n && !self.eof {
            self.fill().map_err(|e| e.to_string())?;
        }
        Ok(&self.buf[..n.min(self.buf.len())])
    }

    /// Everything left, as one last window (for inputs that cannot be cut: UTF-16).
    pub fn rest(&mut self) -> Result<Window, String> {
        let mut bytes = std::mem::take(&mut self.buf);
        (&mut self.reader)
            .take(self.max_line.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        self.done = true;
        if bytes.len() as u64 > self.max_line {
            return Err(self.too_long());
        }
        Ok(self.emit(bytes, true))
    }

    fn too_long(&self) -> String {
        format!(
            "over {} without a line break it could be cut at (the --max-file-size limit); raise the limit to clean it",
            gharbal::output::human_bytes(self.max_line)
        )
    }

    fn emit(&mut self, bytes: Vec<u8>, last: bool) -> Window {
        let w = Window {
            base: self.base,
            first: self.first,
            last,
            bytes,
        };
        self.base += w.bytes.len() as u64;
        self.first = false;
        w
    }

    fn fill(&mut self) -> io::Result<()> {
        let start = self.buf.len();
        self.buf.resize(start + 256 * 1024, 0);
        let n = loop {
            match self.reader.read(&mut self.buf[start..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = match n {
            Ok(n) => n,
            Err(e) => {
                self.buf.truncate(start);
                return Err(e);
            }
        };
        self.buf.truncate(start + n);
        if let Some(p) = self.buf[start..].iter().rposition(|&b| b == b'\n') {
            self.line_start = start + p + 1;
        }
        self.eof = n == 0;
        Ok(())
    }
}

impl<R: Read> Iterator for Windows<R> {
    type Item = Result<Window, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let (cut, searched) = cut_point(&self.buf, self.eof, self.searched);
            self.searched = searched;
            if let Some(cut) = cut {
                self.searched = 0;
                self.line_start = self.line_start.saturating_sub(cut);
                let rest = self.buf.split_off(cut);
                let bytes = std::mem::replace(&mut self.buf, rest);
                let last = self.eof && self.buf.is_empty();
                self.done = last;
                return Some(Ok(self.emit(bytes, last)));
            }
            if self.eof {
                self.done = true;
                let bytes = std::mem::take(&mut self.buf);
                return Some(Ok(self.emit(bytes, true)));
            }
            if (self.buf.len() - self.line_start) as u64 > self.max_line {
                self.done = true;
                return Some(Err(self.too_long()));
            }
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e.to_string()));
            }
        }
    }
}

/// Where to cut `buf` (the end of the window), or `None` to read more first, with how far the
/// buffer has now been searched (`searched`: how far an earlier call got, so each byte is
/// looked at about once). At the end of the input (`eof`) only a cut that leaves a window's
/// worth behind is made.
fn cut_point(buf: &[u8], eof: bool, searched: usize) -> (Option<usize>, usize) {
    if buf.len() < WINDOW || (eof && buf.len() < WINDOW * 2) {
        return (None, searched);
    }
    // The first blank line (only spaces, tabs or CR) past WINDOW: cut after it. Every line
    // break from `from` on is looked at; the first one past MAX_WINDOW is noted on the way.
    let mut from = searched.max(WINDOW - 1);
    let mut next_search = buf.len();
    let mut first_past_max = None;
    while let Some(p) = memchr_from(buf, b'\n', from) {
        if p >= MAX_WINDOW && first_past_max.is_none() {
            first_past_max = Some(p);
        }
        let mut q = p + 1;
        while q < buf.len() && matches!(buf[q], b' ' | b'\t' | b'\r') {
            q += 1;
        }
        if q < buf.len() && buf[q] == b'\n' {
            // Leave at least a little for the next window, or keep it all at the end.
            return ((!eof || q + 1 < buf.len()).then_some(q + 1), p);
        }
        if q >= buf.len() {
            // This line break may start a blank line that the next read completes.
            next_search = p;
            break;
        }
        from = p + 1;
    }
    if buf.len() >= MAX_WINDOW {
        // No blank line: the last line break in reach, else the first one after it.
        let cut = buf[..MAX_WINDOW]
            .iter()
            .rposition(|&b| b == b'\n')
            .or(first_past_max);
        return (cut.map(|p| p + 1), next_search);
    }
    (None, next_search)
}

fn memchr_from(buf: &[u8], byte: u8, from: usize) -> Option<usize> {
    buf.get(from..)?
        .iter()
        .position(|&b| b == byte)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(input: &[u8]) -> Vec<Window> {
        Windows::new(input, 64 << 20).map(|w| w.unwrap()).collect()
    }

    #[test]
    fn short_input_is_one_window() {
        let w = windows(b"a\n\nb\n");
        assert_eq!(w.len(), 1);
        assert!(w[0].first && w[0].last);
        assert_eq!(w[0].bytes, b"a\n\nb\n");
        assert_eq!(windows(b"").len(), 1);
    }

    #[test]
    fn cuts_after_blank_lines_and_loses_nothing() {
        let page = "headline\nparagraph one of the page.\n\n".repeat(40_000);
        let w = windows(page.as_bytes());
        assert!(w.len() > 2, "{}", w.len());
        let joined: Vec<u8> = w.iter().flat_map(|w| w.bytes.clone()).collect();
        assert_eq!(joined, page.as_bytes());
        for pair in w.windows(2) {
            assert!(pair[0].bytes.ends_with(b"\n\n"));
            assert_eq!(pair[0].base + pair[0].bytes.len() as u64, pair[1].base);
            assert!(!pair[0].last);
        }
        assert!(w.last().unwrap().last);
        assert!(w.iter().all(|w| w.bytes.len() <= MAX_WINDOW));
    }

    #[test]
    fn without_blank_lines_cuts_at_a_line_break() {
        let text = "a line of text without blank lines\n".repeat(200_000);
        let w = windows(text.as_bytes());
        assert!(w.len() > 2);
        assert!(w.iter().all(|w| w.bytes.ends_with(b"\n")));
        assert_eq!(w.iter().map(|w| w.bytes.len()).sum::<usize>(), text.len());
    }

    #[test]
    fn the_limit_is_on_a_line_not_on_the_window() {
        let text = "short line\n".repeat(300_000);
        let w: Vec<Window> = Windows::new(text.as_bytes(), 1000)
            .map(|w| w.unwrap())
            .collect();
        assert_eq!(w.iter().map(|w| w.bytes.len()).sum::<usize>(), text.len());
    }

    #[test]
    fn a_line_longer_than_the_limit_is_an_error() {
        let text = "x".repeat(3 << 20);
        let mut it = Windows::new(text.as_bytes(), 1 << 20);
        let err = it.next().unwrap().unwrap_err();
        assert!(err.contains("without a line break"), "{err}");
        assert!(it.next().is_none());
    }
}
