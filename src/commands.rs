//! Runs a parsed command line: reads inputs, cleans, prints a view, and reports errors per input.

mod each;
mod frame;
mod learn;
mod out_stream;
mod report;

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::cli::{Cli, Command, RulesCommand, RulesFormatArg};
use crate::config::{
    self, BatchConfig, CleanConfig, DiffConfig, ExplainConfig, InputConfig, InputFormat,
    JsonlConfig, OnError, OutConfig, ReportFormat, StatsConfig,
};
use crate::jsonl_input::{self, BadRecord, LineError};
use crate::walk::{self, AtomicFile, Claims, Found, Input, Reporter};
use crate::windows::{Window, Windows, WINDOW};
use crate::ExitStatus;
use each::{each, tell, Event, Source};
use encoding_rs::{UTF_16BE, UTF_16LE};
use frame::Frame;
use gharbal::engine::{InputKind, ReadOptions};
use gharbal::examples;
use gharbal::input::{detect, looks_binary, Replaced, BINARY_SNIFF};
use gharbal::output::catalogue::{self, pass_name};
use gharbal::output::diff::write_diff;
use gharbal::output::explain::{explain_rows, write_explain};
use gharbal::output::report::{FileReview, Review};
use gharbal::output::stats::Tally;
use gharbal::output::term::escape_invisible;
use gharbal::output::verdict::line_verdicts;
use gharbal::output::{
    records, write_documents, write_records, DocumentRecord, Format, ViewOptions,
};
use gharbal::rules::RuleSpec;
use gharbal::{clean_input, Outcome, RuleSet};
use out_stream::{Docs, OutStream};

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Clean(args) => clean(config::clean(args)?),
        Command::Diff(args) => diff(config::diff(args)?),
        Command::Explain(args) => explain(config::explain(args)?),
        Command::Stats(args) => stats(config::stats(args)?),
        Command::Report(args) => report::report(config::report(args)?),
        Command::Learn(args) => learn::learn(config::learn(args)?),
        Command::Rules(RulesCommand::List(mut args)) => {
            // `rules list FILE` and `rules list --rules FILE` are one thing.
            args.rules.rules.splice(0..0, args.files);
            rules_list(&config::rule_set(&args.rules)?, args.format)
        }
        Command::Rules(RulesCommand::Show { id, rules }) => {
            rules_show(&config::rule_set(&rules)?, &id)
        }
        Command::Rules(RulesCommand::Test { mut files, rules }) => {
            files.extend(rules);
            rules_test(&files)
        }
    }
}

/// Standard output whose write errors say they are about standard output, so that a full disk
/// under `>` does not read like a problem with an input. The error keeps its kind: a closed pipe
/// is still recognised as one (and is not an error).
struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    fn lock() -> Self {
        Self(io::stdout().lock())
    }
}

fn stdout_error(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("cannot write to standard output: {e}"))
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(stdout_error)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(stdout_error)
    }
}

fn clean(mut cfg: CleanConfig) -> Result<ExitStatus> {
    if let Some(learning) = &cfg.learn {
        // The first pass: what recurs on many pages of a group becomes rules `learned:<group>`.
        let exclude = match &cfg.batch.out {
            Some(out) => Some(config::resolve(&out.dir)?),
            None => None,
        };
        let text = learn::learned_rules(
            &cfg.input,
            &cfg.walk,
            &cfg.input_format,
            learning,
            exclude.as_deref(),
        )?;
        cfg.input
            .rules
            .add_source("(learned by clean --learn)", &text)?;
    }
    if cfg.check {
        return check(&cfg);
    }
    match &cfg.input_format {
        InputFormat::Text => clean_files(&cfg),
        InputFormat::Jsonl(jsonl) => clean_jsonl(&cfg, jsonl),
    }
}

/// One input read and cleaned on a worker.
enum Read {
    /// Cleaned, with what to warn of: bytes replaced in decoding, a shard read as a dump.
    Clean {
        outcome: Outcome,
        bytes_in: u64,
        warning: Option<String>,
    },
    Binary,
    Failed(String),
}

/// Reads one batch input (refusing one over the size limit) and cleans it.
fn read_and_clean_input(input: &Input, cfg: &InputConfig, max: u64) -> Read {
    let bytes = match walk::read_input(input.path.as_deref(), max) {
        Ok(bytes) => bytes,
        Err(reason) => return Read::Failed(reason),
    };
    if looks_binary(&bytes) {
        return Read::Binary;
    }
    let opts = cfg.read_options(input.path.as_deref(), &bytes);
    match walk::guarded(|| clean_input(&bytes, &cfg.rules, &opts)) {
        Ok(outcome) => {
            let shard = jsonl_input::looks_like_jsonl(&bytes).then(|| {
                "looks like JSON Lines but was read as one text dump; \
                 give --input-format jsonl to clean its records"
                    .to_string()
            });
            let warning = match (decode_warning(&outcome), shard) {
                (Some(a), Some(b)) => Some(format!("{a}; it also {b}")),
                (a, b) => a.or(b),
            };
            Read::Clean {
                outcome,
                bytes_in: bytes.len() as u64,
                warning,
            }
        }
        Err(reason) => Read::Failed(reason),
    }
}

const BINARY: &str = "looks like a binary file, not text; skipped";

/// What to warn of when decoding replaced bytes: how many, and what to try.
fn decode_warning(outcome: &Outcome) -> Option<String> {
    replaced_warning(outcome.replaced, outcome.encoding)
}

/// [`decode_warning`] from the counts (summed over a streamed input's windows).
fn replaced_warning(r: Replaced, encoding: &str) -> Option<String> {
    if r.is_empty() {
        return None;
    }
    let hint = if r.invalid > 0 {
        format!(" (read as {encoding}; try --encoding)")
    } else {
        String::new()
    };
    Some(format!("{r}{hint}; the rest was cleaned"))
}

/// What one input file came to, made on a worker and reported in input order.
enum FileDone {
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
    Piece {
        tally: Tally,
        bytes_in: u64,
        documents: u64,
        out: PieceOut,
        /// What decoding replaced in it, and the encoding it was read as.
        replaced: Replaced,
        encoding: &'static str,
    },
    Binary,
    /// Its output exists and `--skip-existing` is on.
    Existing,
    Failed(String),
    /// A walk error or a skipped entry, reported as found.
    NotInput,
}

/// `--out` as the workers see it: where, and which input owns which first output.
struct OutPlan<'a> {
    out: &'a OutConfig,
    claims: Claims,
    /// Inputs whose first output an earlier input owns, with that input.
    clashes: HashMap<usize, String>,
}

/// Creates `--out`, removes temporary files a killed run left there, and returns its
/// canonical path (what walks leave out) and how many were removed.
fn prepare_out(out: &OutConfig) -> Result<(PathBuf, usize)> {
    fs::create_dir_all(&out.dir)
        .with_context(|| format!("cannot create --out {}", out.dir.display()))?;
    let canon = out
        .dir
        .canonicalize()
        .with_context(|| format!("cannot resolve --out {}", out.dir.display()))?;
    walk::remove_live_temps_on_interrupt();
    Ok((canon, walk::remove_stale_temps(&out.dir)))
}

/// Notes about `--out` before a batch starts: stale temporary files removed.
fn out_notes(reporter: &Reporter, cfg: &CleanConfig, removed: usize) {
    let Some(out) = &cfg.batch.out else {
        return;
    };
    if removed > 0 {
        reporter.note(
            &out.dir.display().to_string(),
            &format!("removed {removed} temporary file(s) left by an interrupted run"),
        );
    }
}

/// `clean` over dumps: files and walked directories, cleaned in parallel, either written below
/// `--out` or streamed to standard output in input order.
fn clean_files(cfg: &CleanConfig) -> Result<ExitStatus> {
    let prepared = cfg.batch.out.as_ref().map(prepare_out).transpose()?;
    let found = walk::find_inputs(
        &cfg.input.inputs,
        &cfg.walk,
        prepared.as_ref().map(|(canon, _)| canon.as_path()),
    )?;
    let inputs = found
        .iter()
        .filter(|f| matches!(f, Found::Input(_)))
        .count();
    let mut reporter = Reporter::new(&cfg.batch, cfg.walk.threads, Some(inputs as u64), false);
    if let Some((_, removed)) = &prepared {
        out_notes(&reporter, cfg, *removed);
    }
    let plan = cfg.batch.out.as_ref().map(|out| {
        let (claims, clashes) =
            Claims::new(found.iter().enumerate().filter_map(|(i, f)| match f {
                Found::Input(input) => Some((
                    i,
                    walk::output_path(&out.dir, &input.rel, cfg.view.format, 1),
                    input.name(),
                )),
                _ => None,
            }));
        OutPlan {
            out,
            claims,
            clashes,
        }
    });
    let pool = walk::pool(cfg.walk.threads)?;
    let mut stdout = BufWriter::new(Stdout::lock());
    let streaming = plan.is_none();
    let mut frame = Frame::new(cfg.view);
    if streaming {
        frame.start(&mut stdout)?;
    }
    let mut review = cfg.report_html.as_ref().map(|_| Review::default());
    // Standard input and files over a window are streamed in windows, to standard output or
    // below `--out` alike; the rest are read whole (see `crate::windows`). The review page
    // needs each input whole.
    let stream_it = |input: &Input| {
        cfg.report_html.is_none()
            && input.path.as_ref().is_none_or(|p| {
                fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > WINDOW as u64)
            })
    };
    let units = found.iter().enumerate().flat_map(|(i, f)| -> Units {
        match f {
            Found::Input(input) if stream_it(input) => {
                match plan.as_ref().and_then(|plan| out_skip(input, i, cfg, plan)) {
                    Some(done) => Box::new(std::iter::once(Unit::Done(i, done))),
                    None => stream_units(i, input, cfg),
                }
            }
            _ => Box::new(std::iter::once(Unit::Whole(i))),
        }
    });
    // The streamed input whose windows are being summed.
    let mut streamed: Option<Streamed> = None;
    walk::ordered(
        &pool,
        units,
        |unit| match unit {
            Unit::Whole(i) => {
                let done = match &found[i] {
                    Found::Input(input) => {
                        walk::guarded(|| clean_file(input, i, cfg, plan.as_ref()))
                            .unwrap_or_else(FileDone::Failed)
                    }
                    _ => FileDone::NotInput,
                };
                (i, done, true)
            }
            Unit::Window { i, window, opts } => {
                let Found::Input(input) = &found[i] else {
                    unreachable!("only inputs are streamed")
                };
                let last = window.last;
                let done = walk::guarded(|| clean_window(input, window, &opts, cfg, !streaming))
                    .unwrap_or_else(FileDone::Failed);
                (i, done, last)
            }
            Unit::Done(i, done) => (i, done, true),
        },
        |(i, done, last), more| {
            let done = match done {
                FileDone::Piece {
                    tally,
                    bytes_in,
                    documents,
                    out,
                    replaced,
                    encoding,
                } => {
                    let acc = streamed.get_or_insert_with(Streamed::default);
                    acc.replaced.add(replaced);
                    acc.encoding = encoding;
                    let Found::Input(input) = &found[i] else {
                        unreachable!("only inputs are streamed")
                    };
                    let out = match out {
                        PieceOut::Records(mut recs) => {
                            for r in &mut recs {
                                r.index += acc.documents as usize;
                            }
                            PieceOut::Records(recs)
                        }
                        other => other,
                    };
                    match (&plan, out) {
                        (Some(plan), PieceOut::Texts(texts)) => {
                            acc.bytes_out +=
                                acc.out.write(input, Docs::Texts(texts), cfg.view, plan);
                        }
                        (Some(plan), PieceOut::Records(recs)) => {
                            acc.bytes_out +=
                                acc.out.write(input, Docs::Records(recs), cfg.view, plan);
                        }
                        (_, out) => {
                            let mut piece = Vec::new();
                            match out {
                                PieceOut::Bytes(bytes) => piece = bytes,
                                PieceOut::Records(recs) => {
                                    write_records(&mut piece, &recs, cfg.view, true)?;
                                }
                                PieceOut::Texts(_) => unreachable!("texts go to --out"),
                            }
                            frame.put(&mut stdout, &piece)?;
                            acc.bytes_out += piece.len() as u64;
                        }
                    }
                    acc.tally.merge(tally);
                    acc.bytes_in += bytes_in;
                    acc.documents += documents;
                    if !last {
                        if !more && streaming {
                            stdout.flush()?;
                        }
                        return Ok(());
                    }
                    let acc = streamed.take().unwrap_or_default();
                    let written = match &plan {
                        Some(plan) => acc.out.finish(input, cfg.view, plan),
                        None => Ok(0),
                    };
                    match written {
                        Ok(written) => FileDone::Cleaned {
                            tally: acc.tally,
                            bytes_in: acc.bytes_in,
                            documents: acc.documents,
                            bytes_out: acc.bytes_out + written,
                            rendered: Vec::new(),
                            warning: replaced_warning(acc.replaced, acc.encoding),
                            review: None,
                        },
                        Err(reason) => FileDone::Failed(reason),
                    }
                }
                FileDone::Failed(reason) => match (streamed.take(), &plan, &found[i]) {
                    (Some(mut acc), Some(plan), Found::Input(input)) => {
                        // Below --out, a partly cleaned input leaves nothing behind.
                        acc.out.abandon(input, cfg.view, plan);
                        FileDone::Failed(format!("{reason} (nothing written for it)"))
                    }
                    (Some(acc), None, _) if acc.documents > 0 => FileDone::Failed(format!(
                        "{reason} (after {} of its documents were written)",
                        acc.documents
                    )),
                    _ => FileDone::Failed(reason),
                },
                other => other,
            };
            let Found::Input(input) = &found[i] else {
                reporter.found(&found[i]);
                if let (Some(review), Found::Error { path, reason }) = (&mut review, &found[i]) {
                    review.add_failure(path, reason);
                }
                return Ok(());
            };
            reporter.totals.files += 1;
            let name = input.name();
            match (&mut review, &done) {
                (Some(review), FileDone::Failed(reason)) => review.add_failure(&name, reason),
                (Some(review), FileDone::Binary) if input.named => {
                    review.add_failure(&name, BINARY)
                }
                (Some(review), FileDone::Binary) => review.add_skipped(),
                _ => {}
            }
            match done {
                FileDone::Cleaned {
                    tally,
                    bytes_in,
                    documents,
                    bytes_out,
                    rendered,
                    warning,
                    review: file,
                } => {
                    if let (Some(review), Some(file)) = (&mut review, file) {
                        review.add(*file);
                    }
                    if let Some(warning) = warning {
                        reporter.warn(&name, None, &warning);
                    }
                    frame.put(&mut stdout, &rendered)?;
                    reporter.cleaned(tally, bytes_in, documents, bytes_out);
                }
                FileDone::Binary if input.named => reporter.fail(&name, None, BINARY),
                FileDone::Binary => {
                    reporter.totals.skipped_binary += 1;
                    reporter.note(&name, BINARY);
                }
                FileDone::Existing => reporter.totals.skipped_existing += 1,
                FileDone::Failed(reason) => reporter.fail(&name, None, &reason),
                FileDone::NotInput | FileDone::Piece { .. } => {}
            }
            reporter.tick();
            if !more && streaming {
                stdout.flush()?;
            }
            Ok(())
        },
    )?;
    if streaming {
        frame.finish(&mut stdout)?;
    }
    stdout.flush()?;
    if let (Some(review), Some(path)) = (&review, &cfg.report_html) {
        report::write_page(review, Some(path))?;
    }
    let summary = reporter.finish(cfg.batch.report.as_deref())?;
    Ok(status_of(&summary))
}

/// A piece of work for the batch's workers: a whole input, or a window of a streamed one.
enum Unit {
    Whole(usize),
    Window {
        i: usize,
        window: Window,
        /// How to read it (the encoding is detected on the input's first window).
        opts: ReadOptions,
    },
    /// An input settled before it is read: binary, unreadable, or skipped below `--out`.
    Done(usize, FileDone),
}

type Units<'a> = Box<dyn Iterator<Item = Unit> + Send + 'a>;

/// What a streamed input's windows came to so far.
#[derive(Default)]
struct Streamed {
    tally: Tally,
    bytes_in: u64,
    documents: u64,
    bytes_out: u64,
    /// What decoding replaced, over all its windows, and the encoding it was read as.
    replaced: Replaced,
    encoding: &'static str,
    /// Where its documents go below `--out`.
    out: OutStream,
}

/// A window's documents: rendered text, or JSON records whose numbers follow the documents of
/// the windows before it.
enum PieceOut {
    Bytes(Vec<u8>),
    Records(Vec<DocumentRecord>),
    /// Text documents, one file each below `--out`.
    Texts(Vec<String>),
}

/// The windows of input `i`, read as the workers take them. A binary input ends at its first
/// window; an HTML page, and UTF-16 (whose line breaks are two bytes), are read whole.
fn stream_units<'a>(i: usize, input: &Input, cfg: &'a CleanConfig) -> Units<'a> {
    let reader = match walk::open_input(input.path.as_deref()) {
        Ok(reader) => reader,
        Err(e) => return Box::new(std::iter::once(Unit::Done(i, FileDone::Failed(e)))),
    };
    let mut windows = Windows::new(reader, cfg.walk.max_file_size);
    // A binary file shows in its first block: tell it before looking for a line break.
    match windows.peek(BINARY_SNIFF) {
        Ok(head) if looks_binary(head) => {
            return Box::new(std::iter::once(Unit::Done(i, FileDone::Binary)))
        }
        Ok(_) => {}
        Err(reason) => return Box::new(std::iter::once(Unit::Done(i, FileDone::Failed(reason)))),
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
                return Some(Unit::Done(i, FileDone::Failed(reason)));
            }
        };
        if let Some(opts) = &later {
            return Some(Unit::Window {
                i,
                window,
                opts: *opts,
            });
        }
        if looks_binary(&window.bytes) {
            stop = true;
            return Some(Unit::Done(i, FileDone::Binary));
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
                    return Some(Unit::Done(i, FileDone::Failed(reason)));
                }
            }
        }
        later = Some(ReadOptions {
            encoding: Some(detected),
            ..opts
        });
        Some(Unit::Window { i, window, opts })
    }))
}

/// Cleans one window of a streamed input on a worker, for standard output or (`to_out`) for
/// files below `--out`.
fn clean_window(
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
    FileDone::Piece {
        tally,
        bytes_in: window.bytes.len() as u64,
        documents: outcome.documents.len() as u64,
        out,
        replaced: outcome.replaced,
        encoding: outcome.encoding,
    }
}

fn status_of(summary: &walk::Summary) -> ExitStatus {
    let records_failed = summary.records.as_ref().map_or(0, |r| r.failed);
    if summary.failed > 0 || records_failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// Cleans one input on a worker: renders its documents for standard output, or writes them
/// below `--out`.
fn clean_file(input: &Input, i: usize, cfg: &CleanConfig, plan: Option<&OutPlan>) -> FileDone {
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

/// Why input `i` is not cleaned into `--out`, if it is not: its first output belongs to an
/// earlier input, or exists already under `--skip-existing`.
fn out_skip(input: &Input, i: usize, cfg: &CleanConfig, plan: &OutPlan) -> Option<FileDone> {
    let first = walk::output_path(&plan.out.dir, &input.rel, cfg.view.format, 1);
    if let Some(owner) = plan.clashes.get(&i) {
        return Some(FileDone::Failed(format!(
            "its output {} is also the output of {owner}: nothing written for it; rename one of them or clean them into different --out directories",
            first.display()
        )));
    }
    (plan.out.skip_existing && first.exists()).then_some(FileDone::Existing)
}

/// Writes an input's documents below `--out`, each file through a temporary name. Text: one
/// file per document, the first document's last, so that when it exists all do (which is what
/// `--skip-existing` trusts); nothing for an input with no document. JSON formats: one file.
fn write_outputs(
    input: &Input,
    outcome: &Outcome,
    view: ViewOptions,
    plan: &OutPlan,
) -> std::result::Result<u64, String> {
    let dir = &plan.out.dir;
    let cannot = |path: &Path, e: io::Error| format!("cannot write {}: {e}", path.display());
    match view.format {
        Format::Text => {
            let name = input.name();
            let paths: Vec<PathBuf> = (1..=outcome.documents.len())
                .map(|d| walk::output_path(dir, &input.rel, Format::Text, d))
                .collect();
            for (d, path) in paths.iter().enumerate().skip(1) {
                if let Some(owner) = plan.claims.other_owner(path, &name) {
                    return Err(format!(
                        "its document {} would be written to {}, the output of {owner}: nothing written for it; rename one of them",
                        d + 1,
                        path.display()
                    ));
                }
            }
            let mut written = 0;
            for (d, path) in paths
                .iter()
                .enumerate()
                .skip(1)
                .chain(paths.iter().enumerate().take(1))
            {
                let mut text = outcome.documents[d].text(&outcome.document);
                text.push('\n');
                written +=
                    walk::write_atomic(path, text.as_bytes()).map_err(|e| cannot(path, e))?;
            }
            Ok(written)
        }
        Format::Jsonl | Format::Json => {
            let path = walk::output_path(dir, &input.rel, view.format, 1);
            let mut bytes = frame::opening(view).to_vec();
            let wrote = write_documents(&mut bytes, outcome, &input.name(), view, true)
                .map_err(|e| e.to_string())?;
            bytes.extend_from_slice(frame::closing(view, !wrote));
            walk::write_atomic(&path, &bytes).map_err(|e| cannot(&path, e))
        }
    }
}

/// `--strict` met a malformed record.
#[derive(Debug)]
struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("stopped at a malformed record (--strict)")
    }
}

impl std::error::Error for Stopped {}

/// What one JSON Lines record came to.
enum RecordDone {
    Cleaned(jsonl_input::Cleaned),
    /// Not cleaned, with the reason, and the record rendered with its error field under
    /// `--on-error pass`.
    Bad(BadRecord, Option<Vec<u8>>),
    /// The input could not be read further.
    Unreadable(String),
}

/// `clean --input-format jsonl`: each input (standard input, files, walked directories) read
/// record by record; records cleaned in parallel and written in input order, to standard output
/// as one stream or to one file per input below `--out`.
fn clean_jsonl(cfg: &CleanConfig, jsonl: &JsonlConfig) -> Result<ExitStatus> {
    let prepared = cfg.batch.out.as_ref().map(prepare_out).transpose()?;
    let found = walk::find_inputs(
        &cfg.input.inputs,
        &cfg.walk,
        prepared.as_ref().map(|(canon, _)| canon.as_path()),
    )?;
    let mut reporter = Reporter::new(&cfg.batch, cfg.walk.threads, None, true);
    if let Some((_, removed)) = &prepared {
        out_notes(&reporter, cfg, *removed);
    }
    let pool = walk::pool(cfg.walk.threads)?;
    let view = cfg.view;
    let mut stdout = BufWriter::new(Stdout::lock());
    // The stream to standard output, across inputs.
    let mut stream = Frame::new(view);
    if cfg.batch.out.is_none() {
        stream.start(&mut stdout)?;
    }
    for f in &found {
        let Found::Input(input) = f else {
            reporter.found(f);
            continue;
        };
        reporter.totals.files += 1;
        let name = input.name();
        let mut reader: Box<dyn BufRead + Send> = match walk::open_input(input.path.as_deref()) {
            Ok(reader) => Box::new(BufReader::with_capacity(1 << 18, reader)),
            Err(e) => {
                reporter.fail(&name, None, &e);
                continue;
            }
        };
        match reader.fill_buf() {
            Ok(head) if looks_binary(head) => {
                let why = each::BINARY_JSONL;
                if input.named {
                    reporter.fail(&name, None, why);
                } else {
                    reporter.totals.skipped_binary += 1;
                    reporter.note(&name, why);
                }
                continue;
            }
            Err(e) => {
                reporter.fail(&name, None, &e.to_string());
                continue;
            }
            Ok(_) => {}
        }
        let mut file_out = match &cfg.batch.out {
            None => None,
            Some(out) => {
                let path = walk::output_path(&out.dir, &input.rel, view.format, 1);
                if out.skip_existing && path.exists() {
                    reporter.totals.skipped_existing += 1;
                    continue;
                }
                match AtomicFile::create(&path) {
                    Ok(file) => Some((file, path)),
                    Err(e) => {
                        reporter.fail(
                            &name,
                            None,
                            &format!("cannot write {}: {e}", path.display()),
                        );
                        continue;
                    }
                }
            }
        };
        let to_file = file_out.is_some();
        // An output file frames its own records; standard output goes on with the stream.
        let mut frame = if to_file {
            Frame::new(view)
        } else {
            std::mem::replace(&mut stream, Frame::new(view))
        };
        let mut unreadable = false;
        {
            let sink: &mut dyn Write = match &mut file_out {
                Some((file, _)) => file,
                None => &mut stdout,
            };
            if to_file {
                frame.start(sink)?;
            }
            let lines = jsonl_input::Lines::new(reader, cfg.walk.max_file_size);
            let result = walk::ordered(
                &pool,
                lines,
                |line| {
                    let (len, bytes, done) = match line.bytes {
                        Ok(bytes) => {
                            let done = walk::guarded(|| {
                                jsonl_input::clean_record(
                                    &bytes,
                                    line.number,
                                    &name,
                                    jsonl,
                                    &cfg.input.rules,
                                    view,
                                )
                            })
                            .unwrap_or_else(|panic| Err(BadRecord::Internal(panic)));
                            (bytes.len() as u64, Some(bytes), done)
                        }
                        Err(LineError::TooLong { max, head }) => {
                            let id = jsonl_input::id_in_head(&head, jsonl);
                            (max, None, Err(BadRecord::TooLong { max, id }))
                        }
                        Err(LineError::Io(e)) => {
                            let done = RecordDone::Unreadable(e.to_string());
                            return (line.number, 0, done);
                        }
                    };
                    let done = match done {
                        Ok(cleaned) => RecordDone::Cleaned(cleaned),
                        Err(why) => {
                            let passed = match &jsonl.on_error {
                                OnError::Pass { field } => Some(jsonl_input::error_record(
                                    bytes.as_deref(),
                                    line.number,
                                    &name,
                                    jsonl,
                                    field,
                                    &why,
                                    view.format,
                                )),
                                OnError::Skip | OnError::Stop => None,
                            };
                            RecordDone::Bad(why, passed)
                        }
                    };
                    (line.number, len, done)
                },
                |(number, len, done), more| {
                    match done {
                        RecordDone::Cleaned(cleaned) => {
                            if let Some(r) = &mut reporter.totals.records {
                                r.read += 1;
                            }
                            frame.put(sink, &cleaned.rendered)?;
                            reporter.cleaned(
                                cleaned.tally,
                                len,
                                cleaned.documents,
                                cleaned.rendered.len() as u64,
                            );
                        }
                        RecordDone::Bad(why, None) => {
                            if let Some(r) = &mut reporter.totals.records {
                                r.read += 1;
                            }
                            reporter.read_bytes(len);
                            reporter.fail(&name, Some(number), &why.skipped());
                            if jsonl.on_error == OnError::Stop {
                                return Err(Stopped.into());
                            }
                        }
                        RecordDone::Bad(why, Some(rendered)) => {
                            frame.put(sink, &rendered)?;
                            reporter.passed(&name, number, &why.to_string(), len, &rendered);
                        }
                        RecordDone::Unreadable(reason) => {
                            unreadable = true;
                            reporter.fail(
                                &name,
                                None,
                                &format!("cannot read past line {}: {reason}", number - 1),
                            );
                        }
                    }
                    reporter.tick();
                    if !more && !to_file {
                        sink.flush()?;
                    }
                    Ok(())
                },
            );
            match result {
                Ok(()) => {}
                Err(e) if e.is::<Stopped>() => {
                    // The output of a stopped input is not committed.
                    drop(file_out);
                    if !to_file {
                        stream = frame;
                    }
                    break;
                }
                Err(e) => return Err(e),
            }
            if to_file {
                frame.finish(sink)?;
            }
        }
        if !to_file {
            stream = frame;
        }
        if unreadable {
            continue; // an input that could not be read whole leaves no output file
        }
        if let Some((file, path)) = file_out {
            match file.commit() {
                Ok(_) => {}
                Err(e) => {
                    reporter.fail(
                        &name,
                        None,
                        &format!("cannot write {}: {e}", path.display()),
                    );
                    continue;
                }
            }
        }
        reporter.totals.cleaned += 1;
    }
    if cfg.batch.out.is_none() {
        stream.finish(&mut stdout)?;
    }
    stdout.flush()?;
    let summary = reporter.finish(cfg.batch.report.as_deref())?;
    Ok(status_of(&summary))
}

/// `clean --check`: names each input cleaning would take something from; 1 if any (or if an
/// input failed), else 0.
fn check(cfg: &CleanConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let batch = BatchConfig {
        summary: false,
        progress: false,
        ..cfg.batch.clone()
    };
    let mut reporter = Reporter::new(&batch, cfg.walk.threads, None, false);
    let pool = walk::pool(cfg.walk.threads)?;
    let mut out = Stdout::lock();
    let mut would_change = false;
    let source = Source {
        input: &cfg.input,
        format: &cfg.input_format,
        max: cfg.walk.max_file_size,
    };
    each(&pool, &found, &source, check_line, |event| {
        match event {
            Event::Cleaned {
                name,
                value: line,
                warning,
            } => {
                if let Some(warning) = warning {
                    reporter.warn(&name, None, &warning);
                }
                if let Some(line) = line {
                    writeln!(out, "{line}")?;
                    would_change = true;
                }
            }
            event => tell(&mut reporter, &event),
        }
        Ok(())
    })?;
    let summary = reporter.finish(None)?;
    Ok(if would_change {
        ExitStatus::Failure
    } else {
        status_of(&summary)
    })
}

/// The `--check` line for an input cleaning would remove something from.
fn check_line(name: &str, outcome: &Outcome) -> Option<String> {
    let rows = line_verdicts(outcome);
    let lost: Vec<_> = rows.iter().filter(|r| r.lost_content()).collect();
    if lost.is_empty() {
        return None;
    }
    let mut rules: Vec<&str> = Vec::new();
    for id in lost.iter().flat_map(|r| r.rules()) {
        if !rules.contains(&id) {
            rules.push(id);
        }
    }
    if rules.is_empty() {
        rules.push("(content outside every document)");
    }
    Some(format!(
        "{}: would remove text from {} line{}: {}",
        escape_invisible(name),
        lost.len(),
        if lost.len() == 1 { "" } else { "s" },
        rules.join(", ")
    ))
}

/// The worker threads of a command that takes no `-j`: one per core.
fn default_pool() -> Result<rayon::ThreadPool> {
    walk::pool(std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn diff(cfg: DiffConfig) -> Result<ExitStatus> {
    let found = each::named(&cfg.input.inputs);
    let mut reporter = Reporter::new(&BatchConfig::silent(), 1, None, false);
    let mut out = BufWriter::new(Stdout::lock());
    let source = Source {
        input: &cfg.input,
        format: &cfg.input_format,
        max: cfg.max_file_size,
    };
    let render = |name: &str, outcome: &Outcome| {
        let mut diff = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = write_diff(&mut diff, outcome, name, &cfg.options);
        diff
    };
    each(&default_pool()?, &found, &source, render, |event| {
        tell(&mut reporter, &event);
        if let Event::Cleaned { value: diff, .. } = event {
            out.write_all(&diff)?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(failed_if(reporter.totals.failed > 0))
}

/// Exit 1 when something failed.
fn failed_if(failed: bool) -> ExitStatus {
    if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

fn explain(cfg: ExplainConfig) -> Result<ExitStatus> {
    let found = each::named(&cfg.input.inputs);
    let mut reporter = Reporter::new(&BatchConfig::silent(), 1, None, false);
    let mut out = BufWriter::new(Stdout::lock());
    // Each input (each record of a shard) under a header when there are several.
    let many = found.len() > 1 || matches!(cfg.input_format, InputFormat::Jsonl(_));
    let source = Source {
        input: &cfg.input,
        format: &cfg.input_format,
        max: cfg.max_file_size,
    };
    // Text: the rows as printed; JSON formats: each row serialised.
    let render = |name: &str, outcome: &Outcome| -> Vec<Vec<u8>> {
        match cfg.format {
            ReportFormat::Text => {
                let mut rows = Vec::new();
                // Writing to a Vec cannot fail.
                let _ = write_explain(&mut rows, outcome, &cfg.styling);
                vec![rows]
            }
            ReportFormat::Json | ReportFormat::Jsonl => explain_rows(outcome, name)
                .iter()
                .map(|row| serde_json::to_vec(row).expect("a row serialises"))
                .collect(),
        }
    };
    let mut first = true;
    if cfg.format == ReportFormat::Json {
        out.write_all(b"[")?;
    }
    each(&default_pool()?, &found, &source, render, |event| {
        tell(&mut reporter, &event);
        let Event::Cleaned { name, value, .. } = event else {
            return Ok(());
        };
        match cfg.format {
            ReportFormat::Text => {
                if many {
                    let shown = if cfg.styling.escape {
                        escape_invisible(&name)
                    } else {
                        name.as_str().into()
                    };
                    writeln!(out, "{}==> {shown} <==", if first { "" } else { "\n" })?;
                }
                for rows in value {
                    out.write_all(&rows)?;
                }
                first = false;
            }
            ReportFormat::Json | ReportFormat::Jsonl => {
                for row in value {
                    if cfg.format == ReportFormat::Json {
                        out.write_all(if first { b"\n  " } else { b",\n  " })?;
                    }
                    out.write_all(&row)?;
                    if cfg.format == ReportFormat::Jsonl {
                        out.write_all(b"\n")?;
                    }
                    first = false;
                }
            }
        }
        Ok(())
    })?;
    if cfg.format == ReportFormat::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(failed_if(reporter.totals.failed > 0))
}

fn stats(cfg: StatsConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let mut reporter = Reporter::new(&BatchConfig::silent(), cfg.walk.threads, None, false);
    let pool = walk::pool(cfg.walk.threads)?;
    let mut tally = Tally::default();
    let source = Source {
        input: &cfg.input,
        format: &cfg.input_format,
        max: cfg.walk.max_file_size,
    };
    let count = |_: &str, outcome: &Outcome| {
        let mut t = Tally::default();
        t.add(outcome);
        t
    };
    each(&pool, &found, &source, count, |event| {
        tell(&mut reporter, &event);
        match event {
            Event::Cleaned { value, .. } => tally.merge(value),
            Event::Failed { .. } | Event::Found(Found::Error { .. }) => tally.add_failure(),
            Event::Skipped { .. } => tally.add_skipped(),
            Event::Found(_) => {}
        }
        Ok(())
    })?;
    drop(reporter);
    let mut out = BufWriter::new(Stdout::lock());
    if cfg.json {
        serde_json::to_writer_pretty(&mut out, &tally.report())?;
        writeln!(out)?;
    } else {
        tally.write_table(&mut out)?;
    }
    out.flush()?;
    Ok(failed_if(tally.failed > 0))
}

/// A rule as `rules list --format json` shows it.
#[derive(Serialize)]
struct RuleRecord<'a> {
    #[serde(flatten)]
    spec: &'a RuleSpec,
    source: &'a str,
}

fn rules_list(set: &RuleSet, format: RulesFormatArg) -> Result<ExitStatus> {
    let mut out = BufWriter::new(Stdout::lock());
    match format {
        RulesFormatArg::Text => {
            let id_width = set.rules.iter().map(|r| r.spec.id.len()).max().unwrap_or(0);
            for r in &set.rules {
                writeln!(
                    out,
                    "{:<id_width$}  {:<9}  {}  [{}]",
                    r.spec.id,
                    pass_name(r.spec.pass),
                    r.spec.description,
                    r.source
                )?;
            }
        }
        RulesFormatArg::Markdown => out.write_all(catalogue::markdown(set).as_bytes())?,
        RulesFormatArg::Json => {
            let records: Vec<RuleRecord> = set
                .rules
                .iter()
                .map(|r| RuleRecord {
                    spec: &r.spec,
                    source: &r.source,
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &records)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn rules_show(set: &RuleSet, id: &str) -> Result<ExitStatus> {
    let Some(rule) = set.get(id) else {
        let close: Vec<&str> = set
            .rules
            .iter()
            .map(|r| r.spec.id.as_str())
            .filter(|r| {
                r.contains(id)
                    || id.contains(*r)
                    || id
                        .split('-')
                        .any(|w| w.len() > 2 && r.split('-').any(|x| x == w))
            })
            .collect();
        if close.is_empty() {
            anyhow::bail!("no rule `{id}` (see `gharbal rules list`)");
        }
        anyhow::bail!(
            "no rule `{id}`; did you mean {}? (see `gharbal rules list`)",
            close.join(", ")
        );
    };
    let mut out = Stdout::lock();
    writeln!(
        out,
        "# {} ({} pass, from {})\n# {}",
        rule.spec.id,
        pass_name(rule.spec.pass),
        rule.source,
        rule.spec.description
    )?;
    let wrapped = gharbal::rules::RuleFile {
        rule: vec![rule.spec.clone()],
    };
    write!(out, "{}", toml::to_string_pretty(&wrapped)?)?;
    Ok(ExitStatus::Success)
}

fn rules_test(files: &[PathBuf]) -> Result<ExitStatus> {
    let (set, tested): (RuleSet, Vec<String>) = if files.is_empty() {
        let set = RuleSet::builtin();
        let ids = set.rules.iter().map(|r| r.spec.id.clone()).collect();
        (set, ids)
    } else {
        // A user's rules are tested on top of the built-ins, as `clean --rules` would run them.
        let mut set = RuleSet::builtin();
        let before = set.rules.len();
        for f in files {
            set.add_file(f)?;
        }
        let ids = set.rules[before..]
            .iter()
            .map(|r| r.spec.id.clone())
            .collect();
        (set, ids)
    };
    let mut out = Stdout::lock();
    let mut failed = 0;
    let mut examples_run = 0;
    for r in set.rules.iter().filter(|r| tested.contains(&r.spec.id)) {
        examples_run += r.spec.must_remove.len() + r.spec.must_keep.len();
        for f in examples::check_rule(r, &set) {
            failed += 1;
            writeln!(
                out,
                "FAIL {} ({}): {}\n     example: {:?}",
                f.rule, f.source, f.problem, f.example
            )?;
        }
    }
    writeln!(
        out,
        "{} rules, {} examples, {} failed",
        tested.len(),
        examples_run,
        failed
    )?;
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
