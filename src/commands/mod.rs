//! Runs a parsed command line: reads inputs, cleans, prints a view, and reports errors per input.

// One file per command...
mod check; // clean --check
mod clean; // clean over files and directories
mod clean_jsonl; // clean --input-format jsonl
mod diff;
mod explain;
mod learn;
mod report;
mod rules; // rules list, show, test
mod stats;
// ...and what they share.
mod batch; // the batch loop, once for every command
mod each; // check, diff, explain, stats and report: inputs cleaned whole or by record
mod frame; // JSON array framing
mod out_dir; // writing below --out
mod out_stream; // ordered output of streamed inputs
mod records; // JSON Lines records as units, cleaned on the workers
mod stream; // clean's workers: whole inputs and windows

use std::io::{self, Write};

use anyhow::Result;

use crate::cli::{Cli, Command, RulesCommand};
use crate::config::{self, InputConfig};
use crate::jsonl_input;
use crate::walk::{self, Input};
use crate::ExitStatus;
use clean::clean;
use diff::diff;
use explain::explain;
use gharbal::input::{looks_binary, Replaced};
use gharbal::{clean_input, Outcome};
use rules::{rules_list, rules_show, rules_test};
use stats::stats;

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
pub(super) struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    fn lock() -> Self {
        Self(io::stdout().lock())
    }
}

pub(super) fn stdout_error(e: io::Error) -> io::Error {
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

/// One input read and cleaned on a worker.
pub(super) enum Read {
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
pub(super) fn read_and_clean_input(input: &Input, cfg: &InputConfig, max: u64) -> Read {
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

pub(super) const BINARY: &str = "looks like a binary file, not text; skipped";

/// What to warn of when decoding replaced bytes: how many, and what to try.
pub(super) fn decode_warning(outcome: &Outcome) -> Option<String> {
    replaced_warning(outcome.replaced, outcome.encoding)
}

/// [`decode_warning`] from the counts (summed over a streamed input's windows).
pub(super) fn replaced_warning(r: Replaced, encoding: &str) -> Option<String> {
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

pub(super) fn status_of(summary: &walk::Summary) -> ExitStatus {
    let records_failed = summary.records.as_ref().map_or(0, |r| r.failed);
    if summary.failed > 0 || records_failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// `--strict` met a malformed record.
#[derive(Debug)]
pub(super) struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("stopped at a malformed record (--strict)")
    }
}

impl std::error::Error for Stopped {}

/// Exit 1 when something failed.
pub(super) fn failed_if(failed: bool) -> ExitStatus {
    if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
