//! `clean --input-format jsonl`: JSON Lines shards cleaned record by record.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;

use super::batch::{self, Step, Units};
use super::frame::Frame;
use super::out_dir::{cannot_write, find_clean_inputs, out_notes};
use super::records::{
    cannot_read_past, clean_line, record_units, RecordDone, Settled, BINARY_JSONL,
};
use super::{status_of, Stdout, Stopped};
use crate::config::{CleanConfig, JsonlConfig, OnError};
use crate::jsonl_input::Line;
use crate::walk::{self, AtomicFile, Found, Input, Reporter};
use crate::ExitStatus;

/// The input whose records are being written.
struct Current {
    i: usize,
    /// Below `--out`: its output file, framed on its own.
    file: Option<(AtomicFile, PathBuf, Frame)>,
    /// Its output file could not be made: its records are passed over.
    dead: bool,
    /// A read failed part way: it leaves no output file and does not count as cleaned.
    unreadable: bool,
}

/// `clean --input-format jsonl`: each input (standard input, files, walked directories) read
/// record by record; records cleaned in parallel and written in input order, to standard output
/// as one stream or to one file per input below `--out`.
pub(super) fn clean_jsonl(cfg: &CleanConfig, jsonl: &JsonlConfig) -> Result<ExitStatus> {
    let (found, removed) = find_clean_inputs(cfg)?;
    let mut reporter = Reporter::new(&cfg.batch, cfg.walk.threads, None, true);
    out_notes(&reporter, cfg, removed);
    let pool = walk::pool(cfg.walk.threads)?;
    let view = cfg.view;
    let names: Vec<String> = found
        .iter()
        .map(|f| match f {
            Found::Input(input) => input.name(),
            _ => String::new(),
        })
        .collect();
    let mut stdout = BufWriter::new(Stdout::lock());
    // The stream to standard output, across inputs.
    let mut stream = Frame::new(view);
    let to_file = cfg.batch.out.is_some();
    if !to_file {
        stream.start(&mut stdout)?;
    }
    let units_of = |i: usize, input: &Input| -> Units<Line, Settled> {
        let existing = cfg.batch.out.as_ref().is_some_and(|out| {
            out.skip_existing && walk::output_path(&out.dir, &input.rel, view.format, 1).exists()
        });
        record_units(i, input, cfg.walk.max_file_size, existing)
    };
    let work = |i: usize, line: Line| clean_line(line, &names[i], cfg, jsonl);
    let mut current: Option<Current> = None;
    let result = batch::run(&pool, &found, units_of, work, |step, more| {
        let i = match step {
            Step::Found(f) => {
                reporter.found(f);
                return Ok(());
            }
            Step::Settled(i, settled) => {
                reporter.totals.files += 1;
                let name = &names[i];
                match settled {
                    Settled::Binary => {
                        let why = BINARY_JSONL;
                        if matches!(&found[i], Found::Input(input) if input.named) {
                            reporter.fail(name, None, why);
                        } else {
                            reporter.totals.skipped_binary += 1;
                            reporter.note(name, why);
                        }
                    }
                    Settled::Failed(reason) => reporter.fail(name, None, &reason),
                    Settled::Existing => reporter.totals.skipped_existing += 1,
                }
                return Ok(());
            }
            Step::Done(i, _) | Step::End(i) => i,
        };
        let name = &names[i];
        if current.as_ref().is_none_or(|c| c.i != i) {
            current = Some(begin(i, &found[i], cfg, &mut reporter)?);
        }
        let cur = current.as_mut().expect("set above");
        if cur.dead {
            return Ok(());
        }
        let (sink, frame): (&mut dyn Write, &mut Frame) = match &mut cur.file {
            Some((file, _, frame)) => (file, frame),
            None => (&mut stdout, &mut stream),
        };
        let (number, len, done) = match step {
            Step::Done(_, done) => done,
            _ => {
                // The input's last record is written.
                if to_file {
                    frame.finish(sink)?;
                }
                let cur = current.take().expect("set above");
                if cur.unreadable {
                    return Ok(()); // an input that could not be read whole leaves no output
                }
                if let Some((file, path, _)) = cur.file {
                    if let Err(e) = file.commit() {
                        reporter.fail(name, None, &cannot_write(&path, e));
                        return Ok(());
                    }
                }
                reporter.totals.cleaned += 1;
                return Ok(());
            }
        };
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
                reporter.fail(name, Some(number), &why.skipped());
                if jsonl.on_error == OnError::Stop {
                    return Err(Stopped.into());
                }
            }
            RecordDone::Bad(why, Some(rendered)) => {
                frame.put(sink, &rendered)?;
                reporter.passed(name, number, &why.to_string(), len, &rendered);
            }
            RecordDone::Unreadable(reason) => {
                cur.unreadable = true;
                reporter.fail(name, None, &cannot_read_past(number, &reason));
            }
        }
        reporter.tick();
        if !more && !to_file {
            sink.flush()?;
        }
        Ok(())
    });
    match result {
        // The output of a stopped input is not committed: its file goes with `current`.
        Err(e) if e.is::<Stopped>() => drop(current),
        other => other?,
    }
    if !to_file {
        stream.finish(&mut stdout)?;
    }
    stdout.flush()?;
    let summary = reporter.finish(cfg.batch.report.as_deref())?;
    Ok(status_of(&summary))
}

/// An input's first record is here: below `--out`, its output file is made and framed.
fn begin(i: usize, found: &Found, cfg: &CleanConfig, reporter: &mut Reporter) -> Result<Current> {
    reporter.totals.files += 1;
    let mut current = Current {
        i,
        file: None,
        dead: false,
        unreadable: false,
    };
    let (Some(out), Found::Input(input)) = (&cfg.batch.out, found) else {
        return Ok(current);
    };
    let path = walk::output_path(&out.dir, &input.rel, cfg.view.format, 1);
    match AtomicFile::create(&path) {
        Ok(mut file) => {
            let frame = Frame::new(cfg.view);
            frame.start(&mut file)?;
            current.file = Some((file, path, frame));
        }
        Err(e) => {
            reporter.fail(&input.name(), None, &cannot_write(&path, e));
            current.dead = true;
        }
    }
    Ok(current)
}
