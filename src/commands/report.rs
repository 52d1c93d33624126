//! `gharbal report`: cleans files and walked directories like `stats` and writes the HTML review
//! page of the batch.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{decode_warning, read_and_clean_input, Read, BINARY};
use crate::config::{BatchConfig, ReportConfig};
use crate::walk::{self, Found, Reporter};
use crate::ExitStatus;
use gharbal::output::report::{FileReview, Review};

/// What one input came to on a worker.
enum Reviewed {
    File(Box<FileReview>, Option<String>),
    Binary,
    Failed(String),
    NotInput,
}

pub fn report(cfg: ReportConfig) -> Result<ExitStatus> {
    let found = walk::find_inputs(&cfg.input.inputs, &cfg.walk, None)?;
    let mut reporter = Reporter::new(&BatchConfig::silent(), cfg.walk.threads, None, false);
    let pool = walk::pool(cfg.walk.threads)?;
    let mut review = Review::default();
    walk::ordered(
        &pool,
        found.iter().enumerate(),
        |(i, found)| {
            let Found::Input(input) = found else {
                return (i, Reviewed::NotInput);
            };
            let done = match read_and_clean_input(input, &cfg.input, cfg.walk.max_file_size) {
                Read::Clean { outcome, .. } => {
                    walk::guarded(|| FileReview::new(&input.name(), &outcome))
                        .map_or_else(Reviewed::Failed, |file| {
                            Reviewed::File(Box::new(file), decode_warning(&outcome))
                        })
                }
                Read::Binary => Reviewed::Binary,
                Read::Failed(reason) => Reviewed::Failed(reason),
            };
            (i, done)
        },
        |(i, done), _| {
            let Found::Input(input) = &found[i] else {
                reporter.found(&found[i]);
                if let Found::Error { path, reason } = &found[i] {
                    review.add_failure(path, reason);
                }
                return Ok(());
            };
            let name = input.name();
            match done {
                Reviewed::File(file, warning) => {
                    if let Some(warning) = warning {
                        reporter.warn(&name, None, &warning);
                    }
                    review.add(*file);
                }
                Reviewed::Binary if input.named => {
                    reporter.fail(&name, None, BINARY);
                    review.add_failure(&name, BINARY);
                }
                Reviewed::Binary => review.add_skipped(),
                Reviewed::Failed(reason) => {
                    reporter.fail(&name, None, &reason);
                    review.add_failure(&name, &reason);
                }
                Reviewed::NotInput => {}
            }
            Ok(())
        },
    )?;
    let failed = reporter.totals.failed > 0;
    drop(reporter);
    write_page(&review, cfg.output.as_deref())?;
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
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
