//! The workers' side of `clean`: a whole input or a window of a big one, cleaned and rendered
//! (or written below `--out`).

use super::batch::{self, Unit};
use super::out_dir::{out_skip, write_outputs, OutPlan};
use super::{read_and_clean_input, Read};
use crate::config::CleanConfig;
use crate::walk::{self, Input};
use crate::windows::{Window, Windows};
use encoding_rs::{UTF_16BE, UTF_16LE};
use gharbal::clean_input;
use gharbal::engine::{InputKind, ReadOptions};
use gharbal::input::{detect, looks_binary, Replaced, BINARY_SNIFF};
use gharbal::output::report::FileReview;
use gharbal::output::stats::Tally;
use gharbal::output::{records, write_documents, DocumentRecord, Format};

/// What one input file came to, made on a worker and reported in input order.
pub(super) enum FileDone {
    Cleaned {
        tally: Tally,
        bytes_in: u64,
        documents: u64,
        bytes_out: u64,
        /// The documents, when they go to standard output.
        rendered: Vec<u8>,
        warning: Option<String>,
        /// What the review page shows of it, with `--report-html`.
        review: Option<Box<FileReview>>,
    },
    /// A window of a streamed input (see [`crate::windows`]), to be summed with the others.
    Window(WindowDone),
    Binary,
    /// Its output exists and `--skip-existing` is on.
    Existing,
    Failed(String),
}

/// A piece of work for the batch's workers: a whole input, or a window of a streamed one.
pub(super) enum Piece {
    Whole,
    Window {
        window: Window,
        /// How to read it (the encoding is detected on the input's first window).
        opts: ReadOptions,
    },
}

/// An input's pieces; one settled before it is read (binary, unreadable, skipped below `--out`)
/// is a [`FileDone`].
pub(super) type Units<'a> = batch::Units<'a, Piece, FileDone>;

/// What one window of a streamed input came to.
pub(super) struct WindowDone {
    pub(super) tally: Tally,
    pub(super) bytes_in: u64,
    pub(super) documents: u64,
    pub(super) out: PieceOut,
    /// What decoding replaced in it, and the encoding it was read as.
    pub(super) replaced: Replaced,
    pub(super) encoding: &'static str,
}

/// A window's documents: rendered text, or JSON records whose numbers follow the documents of
/// the windows before it.
pub(super) enum PieceOut {
    Bytes(Vec<u8>),
    Records(Vec<DocumentRecord>),
    /// Text documents, one file each below `--out`.
    Texts(Vec<String>),
}

/// The windows of input `i`, read as the workers take them. A binary input ends at its first
/// window; an HTML page, and UTF-16 (whose line breaks are two bytes), are read whole.
pub(super) fn stream_units<'a>(i: usize, input: &Input, cfg: &'a CleanConfig) -> Units<'a> {
    let reader = match walk::open_input(input.path.as_deref()) {
        Ok(reader) => reader,
        Err(e) => return batch::settled(i, FileDone::Failed(e)),
    };
    let mut windows = Windows::new(reader, cfg.walk.max_file_size);
    // A binary file shows in its first block: tell it before looking for a line break.
    match windows.peek(BINARY_SNIFF) {
        Ok(head) if looks_binary(head) => return batch::settled(i, FileDone::Binary),
        Ok(_) => {}
        Err(reason) => return batch::settled(i, FileDone::Failed(reason)),
    }
    let path = input.path.clone();
    let mut later: Option<ReadOptions> = None;
    let mut stop = false;
    Box::new(std::iter::from_fn(move || {
        if stop {
            return None;
        }
        let mut window = match windows.next()? {
            Ok(w) => w,
            Err(reason) => {
                stop = true;
                return Some(Unit::Settled(i, FileDone::Failed(reason)));
            }
        };
        if let Some(opts) = &later {
            return Some(Unit::Work(
                i,
                Piece::Window {
                    window,
                    opts: *opts,
                },
            ));
        }
        if looks_binary(&window.bytes) {
            stop = true;
            return Some(Unit::Settled(i, FileDone::Binary));
        }
        let opts = cfg.input.read_options(path.as_deref(), &window.bytes);
        let (detected, _) = detect(&window.bytes, opts.encoding);
        let whole = opts.kind == InputKind::Html || detected == UTF_16LE || detected == UTF_16BE;
        if whole && !window.last {
            match windows.rest() {
                Ok(rest) => {
                    window.bytes.extend_from_slice(&rest.bytes);
                    window.last = true;
                }
                Err(reason) => {
                    stop = true;
                    return Some(Unit::Settled(i, FileDone::Failed(reason)));
                }
            }
        }
        later = Some(ReadOptions {
            encoding: Some(detected),
            ..opts
        });
        Some(Unit::Work(i, Piece::Window { window, opts }))
    }))
}

/// Cleans one window of a streamed input on a worker, for standard output or (`to_out`) for
/// files below `--out`.
pub(super) fn clean_window(
    input: &Input,
    window: Window,
    opts: &ReadOptions,
    cfg: &CleanConfig,
    to_out: bool,
) -> FileDone {
    let outcome = clean_input(&window.bytes, &cfg.input.rules, opts);
    let mut tally = Tally::default();
    tally.add(&outcome);
    if !window.first {
        tally.inputs = 0;
    }
    let name = input.name();
    let out = match cfg.view.format {
        Format::Text if to_out => PieceOut::Texts(
            outcome
                .documents
                .iter()
                .map(|d| d.text(&outcome.document))
                .collect(),
        ),
        Format::Text => {
            // About what the window holds, so the buffer seldom grows (and copies) on the way.
            let mut bytes = Vec::with_capacity(window.bytes.len());
            // Writing to a Vec cannot fail.
            let _ = write_documents(&mut bytes, &outcome, &name, cfg.view, true);
            PieceOut::Bytes(bytes)
        }
        Format::Jsonl | Format::Json => {
            let mut recs = records(&outcome, &name, cfg.view.explain);
            let base = window.base as usize;
            for span in recs.iter_mut().flat_map(|r| r.removed.iter_mut().flatten()) {
                span.start += base;
                span.end += base;
            }
            PieceOut::Records(recs)
        }
    };
    FileDone::Window(WindowDone {
        tally,
        bytes_in: window.bytes.len() as u64,
        documents: outcome.documents.len() as u64,
        out,
        replaced: outcome.replaced,
        encoding: outcome.encoding,
    })
}

/// Cleans one input on a worker: renders its documents for standard output, or writes them
/// below `--out`.
pub(super) fn clean_file(
    input: &Input,
    i: usize,
    cfg: &CleanConfig,
    plan: Option<&OutPlan>,
) -> FileDone {
    if let Some(done) = plan.and_then(|plan| out_skip(input, i, cfg, plan)) {
        return done;
    }
    let (outcome, bytes_in, warning) =
        match read_and_clean_input(input, &cfg.input, cfg.walk.max_file_size) {
            Read::Clean {
                outcome,
                bytes_in,
                warning,
            } => (outcome, bytes_in, warning),
            Read::Binary => return FileDone::Binary,
            Read::Failed(reason) => return FileDone::Failed(reason),
        };
    let mut tally = Tally::default();
    tally.add(&outcome);
    let mut rendered = Vec::new();
    let bytes_out = match plan {
        None => {
            // Writing to a Vec cannot fail.
            let _ = write_documents(&mut rendered, &outcome, &input.name(), cfg.view, true);
            rendered.len() as u64
        }
        Some(plan) => match write_outputs(input, &outcome, cfg.view, plan) {
            Ok(written) => written,
            Err(reason) => return FileDone::Failed(reason),
        },
    };
    FileDone::Cleaned {
        tally,
        bytes_in,
        documents: outcome.documents.len() as u64,
        bytes_out,
        rendered,
        warning,
        review: cfg
            .report_html
            .is_some()
            .then(|| Box::new(FileReview::new(&input.name(), &outcome))),
    }
}
