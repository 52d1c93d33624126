//! `explain`: every line's verdict and the rule or evidence behind it.

use std::io::{BufWriter, Write};

use anyhow::Result;

use super::each::{each, tell, Event, Source};
use super::{failed_if, Stdout};
use crate::config::{BatchConfig, ExplainConfig, ReportFormat};
use crate::walk::{self, Found, Reporter};
use crate::ExitStatus;
use gharbal::output::explain::{explain_rows, write_explain};
use gharbal::output::term::escape_invisible;
use gharbal::Outcome;

pub(super) fn explain(cfg: ExplainConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let mut reporter = Reporter::new(&BatchConfig::silent(), cfg.walk.threads, None, false);
    let mut out = BufWriter::new(Stdout::lock());
    // Each input (each record of a shard) under a header when there are several or a walk
    // found it.
    let many = found.len() > 1
        || cfg.jsonl.is_some()
        || found
            .iter()
            .any(|f| matches!(f, Found::Input(input) if !input.named));
    let source = Source {
        input: &cfg.input,
        jsonl: cfg.jsonl.as_ref(),
        max: cfg.walk.max_file_size,
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
    each(
        &walk::pool(cfg.walk.threads)?,
        &found,
        &source,
        render,
        |event| {
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
        },
    )?;
    if cfg.format == ReportFormat::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(failed_if(reporter.totals.failed > 0))
}
