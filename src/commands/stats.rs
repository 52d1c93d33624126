//! `stats`: how much each rule removed over the inputs.

use std::io::{BufWriter, Write};

use anyhow::Result;

use super::each::{each, tell, Event, Source};
use super::{failed_if, Stdout};
use crate::config::{BatchConfig, StatsConfig};
use crate::walk::{self, Found, Reporter};
use crate::ExitStatus;
use gharbal::output::stats::Tally;
use gharbal::Outcome;

pub(super) fn stats(cfg: StatsConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let mut reporter = Reporter::new(&BatchConfig::silent(), cfg.walk.threads, None, false);
    let pool = walk::pool(cfg.walk.threads)?;
    let mut tally = Tally::default();
    let source = Source {
        input: &cfg.input,
        jsonl: cfg.jsonl.as_ref(),
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
