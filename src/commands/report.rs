//! `gharbal report`: cleans files, walked directories or JSON Lines records like `stats` and writes the HTML review
//! page of the batch.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::each::{each, tell, Event, Source};
use crate::config::{BatchConfig, ReportConfig};
use crate::walk::{self, Found, Reporter};
use crate::ExitStatus;
use gharbal::output::report::{FileReview, Review};
use gharbal::Outcome;

pub fn report(cfg: ReportConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let mut reporter = Reporter::new(&BatchConfig::silent(), cfg.walk.threads, None, false);
    let pool = walk::pool(cfg.walk.threads)?;
    let mut review = Review::default();
    let source = Source {
        input: &cfg.input,
        jsonl: cfg.jsonl.as_ref(),
        max: cfg.walk.max_file_size,
    };
    let page = |name: &str, outcome: &Outcome| Box::new(FileReview::new(name, outcome));
    each(&pool, &found, &source, page, |event| {
        tell(&mut reporter, &event);
        match event {
            Event::Cleaned { value, .. } => review.add(*value),
            Event::Failed { name, line, reason } => {
                let place = line.map_or(name.clone(), |n| format!("{name}:{n}"));
                review.add_failure(&place, &reason);
            }
            Event::Found(Found::Error { path, reason }) => review.add_failure(path, reason),
            Event::Skipped { .. } => review.add_skipped(),
            Event::Found(_) => {}
        }
        Ok(())
    })?;
    let failed = reporter.totals.failed > 0;
    drop(reporter);
    write_page(&review, cfg.output.as_deref())?;
    Ok(super::failed_if(failed))
}

/// Writes the page to `path` through a temporary file, or to standard output.
pub fn write_page(review: &Review, path: Option<&Path>) -> Result<()> {
    let mut html = Vec::new();
    review.write_html(&mut html)?;
    match path {
        Some(path) => {
            walk::write_atomic(path, &html)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&html)?;
            out.flush()?;
        }
    }
    Ok(())
}
