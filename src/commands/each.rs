//! The one way `clean --check`, `stats`, `report`, `diff` and `explain` read their inputs:
//! files and walked directories (dumps and HTML pages, each read whole) or JSON Lines shards
//! (one record at a time), each cleaned on a worker and handed on in input order, with the same
//! handling of binary, unreadable and malformed inputs whatever the command.

use anyhow::Result;

use super::batch::{self, Step, Unit, Units};
use super::records::{cannot_read_past, record_units, Settled, BINARY_JSONL};
use super::{read_and_clean_input, Read, Stopped, BINARY};
use crate::config::{InputConfig, JsonlConfig, OnError};
use crate::jsonl_input::{self, BadRecord, Line, LineError};
use crate::walk::{self, Found, Input, Reporter};
use gharbal::Outcome;

/// What the inputs are and how to read them.
pub(super) struct Source<'a> {
    pub input: &'a InputConfig,
    /// JSON Lines input: its records are the units.
    pub jsonl: Option<&'a JsonlConfig>,
    /// `--max-file-size`: of a file read whole, or of one record.
    pub max: u64,
}

/// What became of one input or record, in input order.
pub(super) enum Event<'f, R> {
    /// Cleaned: the name it goes by (its path, `-`, or a record's id, else `FILE:LINE`), what
    /// the work made of it, and a warning about its decoding.
    Cleaned {
        name: String,
        value: R,
        warning: Option<String>,
    },
    /// Not cleaned: a file that cannot be read, a binary file named on the command line, a
    /// malformed record (with its line), a bug. `name` is the input's.
    Failed {
        name: String,
        line: Option<u64>,
        reason: String,
    },
    /// A binary file found by a walk, passed over.
    Skipped { name: String, reason: &'static str },
    /// What a walk found besides inputs: an unreadable directory, a link, an empty directory.
    Found(&'f Found),
}

/// A piece of work: a file read whole, or a record.
enum Piece {
    Whole,
    Record(Line),
}

/// A piece of work's result, before it is told as an [`Event`].
enum Done<R> {
    Cleaned {
        name: String,
        value: R,
        warning: Option<String>,
    },
    Failed {
        line: Option<u64>,
        reason: String,
        /// A malformed record, which `--strict` stops at.
        bad_record: bool,
    },
    Binary(&'static str),
}

/// Cleans every input of `found` (every record, for JSON Lines) on `pool`, runs `work` on
/// each outcome there, and hands each [`Event`] to `consume` in input order. Under `--strict`
/// the first malformed record is the last event.
pub(super) fn each<'f, R, W, C>(
    pool: &rayon::ThreadPool,
    found: &'f [Found],
    source: &Source,
    work: W,
    mut consume: C,
) -> Result<()>
where
    R: Send,
    W: Fn(&str, &Outcome) -> R + Sync,
    C: FnMut(Event<'f, R>) -> Result<()>,
{
    let jsonl = source.jsonl;
    let units_of = |i: usize, input: &Input| -> Units<Piece, Settled> {
        match jsonl {
            Some(_) => Box::new(
                record_units(i, input, source.max, false).map(|unit| match unit {
                    Unit::Work(i, line) => Unit::Work(i, Piece::Record(line)),
                    Unit::Settled(i, s) => Unit::Settled(i, s),
                    Unit::End(i) => Unit::End(i),
                }),
            ),
            None => batch::whole(i, Piece::Whole),
        }
    };
    let stop_at_bad = jsonl.is_some_and(|j| j.on_error == OnError::Stop);
    let result = batch::run(
        pool,
        found,
        units_of,
        |i, piece| {
            let Found::Input(input) = &found[i] else {
                unreachable!("only inputs are cut into pieces")
            };
            match piece {
                Piece::Whole => whole(input, source, &work),
                Piece::Record(line) => {
                    let jsonl = jsonl.expect("records come from JSON Lines");
                    record(input, line, jsonl, source.input, &work)
                }
            }
        },
        |step, _| {
            let (i, done) = match step {
                Step::Found(f) => return consume(Event::Found(f)),
                Step::Done(i, done) => (i, done),
                Step::Settled(i, done) => (i, recast(done)),
                Step::End(_) => return Ok(()),
            };
            let Found::Input(input) = &found[i] else {
                unreachable!("steps of pieces are of inputs")
            };
            // Cleaned records carry their own name: the input's is made only when it is told.
            let name = || input.name();
            match done {
                Done::Cleaned {
                    name,
                    value,
                    warning,
                } => consume(Event::Cleaned {
                    name,
                    value,
                    warning,
                }),
                Done::Failed {
                    line,
                    reason,
                    bad_record,
                } => {
                    consume(Event::Failed {
                        name: name(),
                        line,
                        reason,
                    })?;
                    if bad_record && stop_at_bad {
                        return Err(Stopped.into());
                    }
                    Ok(())
                }
                Done::Binary(reason) if input.named => consume(Event::Failed {
                    name: name(),
                    line: None,
                    reason: reason.to_string(),
                }),
                Done::Binary(reason) => consume(Event::Skipped {
                    name: name(),
                    reason,
                }),
            }
        },
    );
    match result {
        Err(e) if e.is::<Stopped>() => Ok(()),
        other => other,
    }
}

/// A settled input's result, in the type of the work's.
fn recast<R>(settled: Settled) -> Done<R> {
    match settled {
        Settled::Failed(reason) => Done::Failed {
            line: None,
            reason,
            bad_record: false,
        },
        Settled::Binary => Done::Binary(BINARY_JSONL),
        Settled::Existing => unreachable!("only clean below --out skips existing outputs"),
    }
}

/// A file read whole and cleaned.
fn whole<R>(input: &Input, source: &Source, work: impl Fn(&str, &Outcome) -> R) -> Done<R> {
    let failed = |reason| Done::Failed {
        line: None,
        reason,
        bad_record: false,
    };
    match read_and_clean_input(input, source.input, source.max) {
        Read::Clean {
            outcome, warning, ..
        } => {
            let name = input.name();
            match walk::guarded(|| work(&name, &outcome)) {
                Ok(value) => Done::Cleaned {
                    name,
                    value,
                    warning,
                },
                Err(reason) => failed(reason),
            }
        }
        Read::Binary => Done::Binary(BINARY),
        Read::Failed(reason) => failed(reason),
    }
}

/// One record parsed and cleaned.
fn record<R>(
    input: &Input,
    line: Line,
    jsonl: &JsonlConfig,
    cfg: &InputConfig,
    work: impl Fn(&str, &Outcome) -> R,
) -> Done<R> {
    let bad = |why: BadRecord| Done::Failed {
        line: Some(line.number),
        reason: why.skipped(),
        bad_record: true,
    };
    let bytes = match line.bytes {
        Ok(bytes) => bytes,
        Err(LineError::TooLong { max, head }) => {
            let id = jsonl_input::id_in_head(&head, jsonl);
            return bad(BadRecord::TooLong { max, id });
        }
        Err(LineError::Io(e)) => {
            return Done::Failed {
                line: None,
                reason: cannot_read_past(line.number, &e),
                bad_record: false,
            }
        }
    };
    let parsed = match jsonl_input::parse_record(&bytes, line.number, &input.name(), jsonl) {
        Ok(parsed) => parsed,
        Err(why) => return bad(why),
    };
    let name = parsed.source;
    let text = parsed.text;
    match walk::guarded(|| {
        let outcome = jsonl_input::clean_record_text(text, &cfg.rules);
        work(&name, &outcome)
    }) {
        Ok(value) => Done::Cleaned {
            name,
            value,
            warning: None,
        },
        Err(reason) => bad(BadRecord::Internal(reason)),
    }
}

/// Tells an event on stderr as every batch command does: a failure as an error, a binary file
/// passed over as a note, what a walk found besides inputs as [`Reporter::found`] does, and a
/// cleaned input's decoding warning.
pub(super) fn tell<R>(reporter: &mut Reporter, event: &Event<R>) {
    match event {
        Event::Cleaned {
            name,
            warning: Some(warning),
            ..
        } => reporter.warn(name, None, warning),
        Event::Cleaned { warning: None, .. } => {}
        Event::Failed { name, line, reason } => reporter.fail(name, *line, reason),
        Event::Skipped { name, reason } => {
            reporter.totals.skipped_binary += 1;
            reporter.note(name, reason);
        }
        Event::Found(found) => reporter.found(found),
    }
}
