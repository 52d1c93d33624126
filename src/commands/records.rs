//! JSON Lines records on the batch loop: a shard's records as units (after the checks every
//! command makes of the shard), and a record parsed and cleaned on a worker for `clean`.

use std::io::{BufRead, BufReader};

use super::batch::{self, Unit, Units};
use crate::config::{CleanConfig, JsonlConfig, OnError};
use crate::jsonl_input::{self, BadRecord, Line, LineError, Lines};
use crate::walk::{self, Input};
use gharbal::input::looks_binary;

pub(super) const BINARY_JSONL: &str = "looks like a binary file, not JSON Lines; skipped (gzip and zstd shards are read as they are; decompress other formats first)";

/// A JSON Lines input settled before its records are read.
pub(super) enum Settled {
    Binary,
    Failed(String),
    /// Its output exists and `--skip-existing` is on.
    Existing,
}

/// What one JSON Lines record came to.
pub(super) enum RecordDone {
    Cleaned(jsonl_input::Cleaned),
    /// Not cleaned, with the reason, and the record rendered with its error field under
    /// `--on-error pass`.
    Bad(BadRecord, Option<Vec<u8>>),
    /// The input could not be read further.
    Unreadable(String),
}

/// Why a shard could not be read on after `line`'s predecessor.
pub(super) fn cannot_read_past(line: u64, error: &impl std::fmt::Display) -> String {
    format!("cannot read past line {}: {error}", line - 1)
}

/// The records of a JSON Lines input, read as the workers take them, then its end; settled
/// instead when it cannot be opened, looks binary, or (`existing`) has its output already.
pub(super) fn record_units<'a>(
    i: usize,
    input: &Input,
    max: u64,
    existing: bool,
) -> Units<'a, Line, Settled> {
    let mut reader = match walk::open_input(input.path.as_deref()) {
        Ok(reader) => BufReader::with_capacity(1 << 18, reader),
        Err(e) => return batch::settled(i, Settled::Failed(e)),
    };
    match reader.fill_buf() {
        Ok(head) if looks_binary(head) => return batch::settled(i, Settled::Binary),
        Err(e) => return batch::settled(i, Settled::Failed(e.to_string())),
        Ok(_) => {}
    }
    if existing {
        return batch::settled(i, Settled::Existing);
    }
    let lines = Lines::new(reader, max).map(move |line| Unit::Work(i, line));
    Box::new(lines.chain(std::iter::once(Unit::End(i))))
}

/// One record parsed and cleaned on a worker: its line number, its size, what it came to.
pub(super) fn clean_line(
    line: Line,
    name: &str,
    cfg: &CleanConfig,
    jsonl: &JsonlConfig,
) -> (u64, u64, RecordDone) {
    let view = cfg.view;
    let (len, bytes, done) = match line.bytes {
        Ok(bytes) => {
            let done = walk::guarded(|| {
                jsonl_input::clean_record(&bytes, line.number, name, jsonl, &cfg.input.rules, view)
            })
            .unwrap_or_else(|panic| Err(BadRecord::Internal(panic)));
            (bytes.len() as u64, Some(bytes), done)
        }
        Err(LineError::TooLong { max, head }) => {
            let id = jsonl_input::id_in_head(&head, jsonl);
            (max, None, Err(BadRecord::TooLong { max, id }))
        }
        Err(LineError::Io(e)) => {
            return (line.number, 0, RecordDone::Unreadable(e.to_string()));
        }
    };
    let done = match done {
        Ok(cleaned) => RecordDone::Cleaned(cleaned),
        Err(why) => {
            let passed = match &jsonl.on_error {
                OnError::Pass { field } => Some(jsonl_input::error_record(
                    bytes.as_deref(),
                    line.number,
                    name,
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
}
