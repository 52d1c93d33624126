//! A streamed input's documents written below `--out` as its windows come in, in order, so that
//! a file of any size is cleaned into `--out` in the memory of a few windows and gives the same
//! documents as to standard output.
//!
//! The outputs are those of an input read whole (see `write_outputs`): text documents one file
//! each, the first document's file written last, so that when it exists all do (what
//! `--skip-existing` trusts); JSON formats one file, written under a temporary name and renamed
//! into place after the last window. A failure removes what was written for the input.

use std::io::Write as _;

use super::frame;
use super::out_dir::{cannot_write, OutPlan};
use super::stream::{PieceOut, WindowDone};
use crate::walk::{self, AtomicFile, Input};
use gharbal::input::Replaced;
use gharbal::output::stats::Tally;
use gharbal::output::{write_records, DocumentRecord, Format, ViewOptions};

/// A window's documents, on their way to `--out`.
pub(super) enum Docs {
    /// Text: each document's text, without its final line break.
    Texts(Vec<String>),
    /// JSON formats: records numbered after the documents of the windows before.
    Records(Vec<DocumentRecord>),
}

/// What a streamed input's windows came to so far.
#[derive(Default)]
pub(super) struct Streamed {
    pub(super) tally: Tally,
    pub(super) bytes_in: u64,
    pub(super) documents: u64,
    pub(super) bytes_out: u64,
    /// What decoding replaced, over all its windows, and the encoding it was read as.
    pub(super) replaced: Replaced,
    pub(super) encoding: &'static str,
    /// Where its documents go below `--out`.
    pub(super) out: OutStream,
}

impl Streamed {
    /// Adds a window of `input` to its sums: its documents written below `--out` (`plan`), or
    /// rendered and returned for standard output, numbered after the windows before.
    pub(super) fn add(
        &mut self,
        input: &Input,
        window: WindowDone,
        view: ViewOptions,
        plan: Option<&OutPlan>,
    ) -> std::io::Result<Option<Vec<u8>>> {
        self.replaced.add(window.replaced);
        self.encoding = window.encoding;
        let out = match window.out {
            PieceOut::Records(mut recs) => {
                for r in &mut recs {
                    r.index += self.documents as usize;
                }
                PieceOut::Records(recs)
            }
            other => other,
        };
        let rendered = match (plan, out) {
            (Some(plan), PieceOut::Texts(texts)) => {
                self.bytes_out += self.out.write(input, Docs::Texts(texts), view, plan);
                None
            }
            (Some(plan), PieceOut::Records(recs)) => {
                self.bytes_out += self.out.write(input, Docs::Records(recs), view, plan);
                None
            }
            (_, PieceOut::Bytes(bytes)) => Some(bytes),
            (_, PieceOut::Records(recs)) => {
                let mut piece = Vec::new();
                write_records(&mut piece, &recs, view, true)?;
                Some(piece)
            }
            (None, PieceOut::Texts(_)) => unreachable!("texts go to --out"),
        };
        self.bytes_out += rendered.as_ref().map_or(0, |r| r.len() as u64);
        self.tally.merge(window.tally);
        self.bytes_in += window.bytes_in;
        self.documents += window.documents;
        Ok(rendered)
    }
}

/// Where a streamed input's documents are going below `--out`.
#[derive(Default)]
pub(super) struct OutStream {
    /// JSON formats: the one output file, under its temporary name.
    file: Option<AtomicFile>,
    /// Text: the first document, held until the last window.
    first: Option<String>,
    /// Documents taken so far (written, or held as `first`).
    documents: usize,
    /// Text: the number of the last document file written (from 2 on).
    last_written: usize,
    /// Why writing stopped; later windows are dropped.
    failed: Option<String>,
}

impl OutStream {
    /// Writes one window's documents and returns the bytes written. After a failure it writes
    /// nothing: the failure is told by [`OutStream::finish`].
    pub fn write(&mut self, input: &Input, docs: Docs, view: ViewOptions, plan: &OutPlan) -> u64 {
        if self.failed.is_some() {
            return 0;
        }
        match self.try_write(input, docs, view, plan) {
            Ok(written) => written,
            Err(reason) => {
                self.abandon(input, view, plan);
                self.failed = Some(reason);
                0
            }
        }
    }

    fn try_write(
        &mut self,
        input: &Input,
        docs: Docs,
        view: ViewOptions,
        plan: &OutPlan,
    ) -> Result<u64, String> {
        let dir = &plan.out.dir;
        match docs {
            Docs::Texts(texts) => {
                let name = input.name();
                let mut written = 0;
                for mut text in texts {
                    self.documents += 1;
                    text.push('\n');
                    if self.documents == 1 {
                        self.first = Some(text);
                        continue;
                    }
                    let path = walk::output_path(dir, &input.rel, Format::Text, self.documents);
                    if let Some(owner) = plan.claims.other_owner(&path, &name) {
                        return Err(format!(
                            "its document {} would be written to {}, the output of {owner}: nothing written for it; rename one of them",
                            self.documents,
                            path.display()
                        ));
                    }
                    written += walk::write_atomic(&path, text.as_bytes())
                        .map_err(|e| cannot_write(&path, e))?;
                    self.last_written = self.documents;
                }
                Ok(written)
            }
            Docs::Records(records) => {
                let path = walk::output_path(dir, &input.rel, view.format, 1);
                if self.file.is_none() {
                    let mut file = AtomicFile::create(&path).map_err(|e| cannot_write(&path, e))?;
                    file.write_all(frame::opening(view))
                        .map_err(|e| cannot_write(&path, e))?;
                    self.file = Some(file);
                }
                let file = self.file.as_mut().expect("created above");
                let first = self.documents == 0;
                write_records(file, &records, view, first).map_err(|e| cannot_write(&path, e))?;
                self.documents += records.len();
                Ok(0)
            }
        }
    }

    /// After the last window: writes the first text document, or closes and renames the JSON
    /// file into place, and returns the bytes written; or the failure, with nothing left of it.
    pub fn finish(
        mut self,
        input: &Input,
        view: ViewOptions,
        plan: &OutPlan,
    ) -> Result<u64, String> {
        if let Some(reason) = self.failed.take() {
            return Err(reason);
        }
        let dir = &plan.out.dir;
        let done = match view.format {
            Format::Text => match self.first.take() {
                Some(text) => {
                    let path = walk::output_path(dir, &input.rel, Format::Text, 1);
                    walk::write_atomic(&path, text.as_bytes()).map_err(|e| cannot_write(&path, e))
                }
                None => Ok(0),
            },
            Format::Jsonl | Format::Json => {
                let path = walk::output_path(dir, &input.rel, view.format, 1);
                if self.file.is_none() {
                    // An input whose every window was empty.
                    self.try_write(input, Docs::Records(Vec::new()), view, plan)?;
                }
                let mut file = self.file.take().expect("created above");
                let end = frame::closing(view, self.documents == 0);
                file.write_all(end)
                    .and_then(|()| file.commit())
                    .map_err(|e| cannot_write(&path, e))
            }
        };
        if done.is_err() {
            self.abandon(input, view, plan);
        }
        done
    }

    /// Removes what was written for the input: its text documents after the first (the first
    /// is written last), and the JSON file's temporary name.
    pub fn abandon(&mut self, input: &Input, view: ViewOptions, plan: &OutPlan) {
        self.file = None;
        self.first = None;
        if view.format == Format::Text {
            for d in 2..=self.last_written {
                let _ = std::fs::remove_file(walk::output_path(
                    &plan.out.dir,
                    &input.rel,
                    Format::Text,
                    d,
                ));
            }
        }
        self.documents = 0;
        self.last_written = 0;
    }
}
