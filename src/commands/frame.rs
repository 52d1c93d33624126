//! The one place that frames a stream of documents: a form-feed line between the texts of two
//! inputs (a NUL ends each with `-z`), commas between records of a JSON array, and the array
//! opened and closed. Standard output, `--out` files and shards all go through it.

use std::io::{self, Write};

use gharbal::output::{Format, ViewOptions};

/// A stream of pieces (the rendered documents of one input, window or record) being written.
pub(super) struct Frame {
    view: ViewOptions,
    /// Nothing has been put yet.
    empty: bool,
}

impl Frame {
    pub(super) fn new(view: ViewOptions) -> Self {
        Frame { view, empty: true }
    }

    /// Opens the stream: `[` for a JSON array.
    pub(super) fn start(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(opening(self.view))
    }

    /// Writes a piece, after the separator it needs; an empty piece writes nothing.
    pub(super) fn put(&mut self, w: &mut dyn Write, piece: &[u8]) -> io::Result<()> {
        if piece.is_empty() {
            return Ok(());
        }
        if !self.empty {
            w.write_all(separator(self.view))?;
        }
        w.write_all(piece)?;
        self.empty = false;
        Ok(())
    }

    /// Closes the stream: `]` for a JSON array, on a line of its own after records.
    pub(super) fn finish(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(closing(self.view, self.empty))
    }
}

/// What opens a stream or file of documents in this format.
pub(super) fn opening(view: ViewOptions) -> &'static [u8] {
    match view.format {
        Format::Json => b"[",
        _ => b"",
    }
}

/// What closes it, after no record (`empty`) or some.
pub(super) fn closing(view: ViewOptions, empty: bool) -> &'static [u8] {
    match view.format {
        Format::Json if empty => b"]\n",
        Format::Json => b"\n]\n",
        _ => b"",
    }
}

/// What goes between the documents of two inputs in one stream (the documents of one input
/// come already separated).
pub(super) fn separator(view: ViewOptions) -> &'static [u8] {
    match view.format {
        Format::Text if !view.nul => b"\x0c\n",
        Format::Json => b",",
        _ => b"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(format: Format, nul: bool, pieces: &[&str]) -> String {
        let view = ViewOptions {
            format,
            nul,
            explain: false,
        };
        let mut out = Vec::new();
        let mut frame = Frame::new(view);
        frame.start(&mut out).unwrap();
        for p in pieces {
            frame.put(&mut out, p.as_bytes()).unwrap();
        }
        frame.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pieces_are_framed_as_each_format_wants() {
        assert_eq!(framed(Format::Json, false, &[]), "[]\n");
        assert_eq!(
            framed(Format::Json, false, &["\n{1}", "", "\n{2}"]),
            "[\n{1},\n{2}\n]\n"
        );
        assert_eq!(
            framed(Format::Text, false, &["a\n", "", "b\n"]),
            "a\n\x0c\nb\n"
        );
        assert_eq!(framed(Format::Text, true, &["a\0", "b\0"]), "a\0b\0");
        assert_eq!(
            framed(Format::Jsonl, false, &["{1}\n", "{2}\n"]),
            "{1}\n{2}\n"
        );
    }
}
