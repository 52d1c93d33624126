//! `clean --input-format jsonl`: JSON Lines shards cleaned record by record.

use std::io::{BufRead, BufReader, BufWriter, Write};

use anyhow::Result;

use super::frame::Frame;
use super::out_dir::{cannot_write, find_clean_inputs, out_notes};
use super::{status_of, Stdout, Stopped};
use crate::config::{CleanConfig, JsonlConfig, OnError};
use crate::jsonl_input::{self, BadRecord, LineError};
use crate::walk::{self, AtomicFile, Found, Reporter};
use crate::ExitStatus;
use gharbal::input::looks_binary;

/// What one JSON Lines record came to.
pub(super) enum RecordDone {
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
pub(super) fn clean_jsonl(cfg: &CleanConfig, jsonl: &JsonlConfig) -> Result<ExitStatus> {
    let (found, removed) = find_clean_inputs(cfg)?;
    let mut reporter = Reporter::new(&cfg.batch, cfg.walk.threads, None, true);
    out_notes(&reporter, cfg, removed);
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
                let why = super::each::BINARY_JSONL;
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
                        reporter.fail(&name, None, &cannot_write(&path, e));
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
                    reporter.fail(&name, None, &cannot_write(&path, e));
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
