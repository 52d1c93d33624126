//! `clean` over files and walked directories: dumps and pages cleaned in parallel, written below
//! `--out` or streamed to standard output in input order.

use std::fs;
use std::io::{BufWriter, Write};

use anyhow::Result;

use super::batch::{self, Step};
use super::check::check;
use super::clean_jsonl::clean_jsonl;
use super::frame::Frame;
use super::out_dir::{find_clean_inputs, out_notes, out_skip, OutPlan};
use super::out_stream::Streamed;
use super::stream::{clean_file, clean_window, stream_units, FileDone, Piece, Units};
use super::{replaced_warning, status_of, Stdout, BINARY};
use crate::config::{self, CleanConfig};
use crate::walk::{self, Claims, Found, Input, Reporter};
use crate::windows::WINDOW;
use crate::ExitStatus;
use gharbal::output::report::Review;

pub(super) fn clean(mut cfg: CleanConfig) -> Result<ExitStatus> {
    if let Some(learning) = &cfg.learn {
        // The first pass: what recurs on many pages of a group becomes rules `learned:<group>`.
        let exclude = match &cfg.batch.out {
            Some(out) => Some(config::resolve(&out.dir)?),
            None => None,
        };
        let text = super::learn::learned_rules(
            &cfg.input,
            &cfg.walk,
            cfg.jsonl.as_ref(),
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
    match &cfg.jsonl {
        None => clean_files(&cfg),
        Some(jsonl) => clean_jsonl(&cfg, jsonl),
    }
}

/// `clean` over dumps: files and walked directories, cleaned in parallel, either written below
/// `--out` or streamed to standard output in input order.
pub(super) fn clean_files(cfg: &CleanConfig) -> Result<ExitStatus> {
    let (found, removed) = find_clean_inputs(cfg)?;
    let inputs = found
        .iter()
        .filter(|f| matches!(f, Found::Input(_)))
        .count();
    let mut reporter = Reporter::new(&cfg.batch, cfg.walk.threads, Some(inputs as u64), false);
    out_notes(&reporter, cfg, removed);
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
    let units_of = |i: usize, input: &Input| -> Units {
        if !stream_it(input) {
            return batch::whole(i, Piece::Whole);
        }
        match plan.as_ref().and_then(|plan| out_skip(input, i, cfg, plan)) {
            Some(done) => batch::settled(i, done),
            None => stream_units(i, input, cfg),
        }
    };
    let work = |i: usize, piece: Piece| {
        let Found::Input(input) = &found[i] else {
            unreachable!("only inputs are cut into pieces")
        };
        match piece {
            Piece::Whole => (
                walk::guarded(|| clean_file(input, i, cfg, plan.as_ref()))
                    .unwrap_or_else(FileDone::Failed),
                true,
            ),
            Piece::Window { window, opts } => {
                let last = window.last;
                let done = walk::guarded(|| clean_window(input, window, &opts, cfg, !streaming))
                    .unwrap_or_else(FileDone::Failed);
                (done, last)
            }
        }
    };
    // The streamed input whose windows are being summed.
    let mut streamed: Option<Streamed> = None;
    batch::run(&pool, &found, units_of, work, |step, more| {
        let (i, done, last) = match step {
            Step::Found(f) => {
                reporter.found(f);
                if let (Some(review), Found::Error { path, reason }) = (&mut review, f) {
                    review.add_failure(path, reason);
                }
                return Ok(());
            }
            Step::Done(i, (done, last)) => (i, done, last),
            Step::Settled(i, done) => (i, done, true),
            Step::End(_) => return Ok(()),
        };
        let done = match done {
            FileDone::Window(window) => {
                let acc = streamed.get_or_insert_with(Streamed::default);
                let Found::Input(input) = &found[i] else {
                    unreachable!("only inputs are streamed")
                };
                if let Some(piece) = acc.add(input, window, cfg.view, plan.as_ref())? {
                    frame.put(&mut stdout, &piece)?;
                }
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
            unreachable!("steps of pieces are of inputs")
        };
        reporter.totals.files += 1;
        let name = input.name();
        match (&mut review, &done) {
            (Some(review), FileDone::Failed(reason)) => review.add_failure(&name, reason),
            (Some(review), FileDone::Binary) if input.named => review.add_failure(&name, BINARY),
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
            FileDone::Window(_) => {}
        }
        reporter.tick();
        if !more && streaming {
            stdout.flush()?;
        }
        Ok(())
    })?;
    if streaming {
        frame.finish(&mut stdout)?;
    }
    stdout.flush()?;
    if let (Some(review), Some(path)) = (&review, &cfg.report_html) {
        super::report::write_page(review, Some(path))?;
    }
    let summary = reporter.finish(cfg.batch.report.as_deref())?;
    Ok(status_of(&summary))
}
