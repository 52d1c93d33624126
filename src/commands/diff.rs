//! `diff`: what cleaning removes from each input, as a unified diff.

use std::io::{BufWriter, Write};

use anyhow::Result;

use super::each::{each, tell, Event, Source};
use super::{failed_if, Stdout};
use crate::config::{BatchConfig, DiffConfig};
use crate::walk::{self, Reporter};
use crate::ExitStatus;
use gharbal::output::diff::write_diff;
use gharbal::Outcome;

pub(super) fn diff(cfg: DiffConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let mut reporter = Reporter::new(&BatchConfig::silent(), cfg.walk.threads, None, false);
    let mut out = BufWriter::new(Stdout::lock());
    let source = Source {
        input: &cfg.input,
        jsonl: cfg.jsonl.as_ref(),
        max: cfg.walk.max_file_size,
    };
    let render = |name: &str, outcome: &Outcome| {
        let mut diff = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = write_diff(&mut diff, outcome, name, &cfg.options);
        diff
    };
    each(
        &walk::pool(cfg.walk.threads)?,
        &found,
        &source,
        render,
        |event| {
            tell(&mut reporter, &event);
            if let Event::Cleaned { value: diff, .. } = event {
                out.write_all(&diff)?;
            }
            Ok(())
        },
    )?;
    out.flush()?;
    Ok(failed_if(reporter.totals.failed > 0))
}
