//! `clean --check`: which inputs cleaning would take something from.

use std::io::Write;

use anyhow::Result;

use super::each::{each, tell, Event, Source};
use super::{status_of, Stdout};
use crate::config::{BatchConfig, CleanConfig};
use crate::walk::{self, Reporter};
use crate::ExitStatus;
use gharbal::output::term::escape_invisible;
use gharbal::output::verdict::line_verdicts;
use gharbal::Outcome;

/// `clean --check`: names each input cleaning would take something from; 1 if any (or if an
/// input failed), else 0.
pub(super) fn check(cfg: &CleanConfig) -> Result<ExitStatus> {
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
        jsonl: cfg.jsonl.as_ref(),
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
pub(super) fn check_line(name: &str, outcome: &Outcome) -> Option<String> {
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
