//! `--out`: the directory cleaned inputs are written below, one input's files at a time through
//! temporary names.

use std::collections::HashMap;
use std::fs;
use std::io::{self};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::stream::FileDone;
use crate::config::{CleanConfig, OutConfig};
use crate::walk::{self, Claims, Found, Input, Reporter};
use gharbal::output::{write_documents, Format, ViewOptions};
use gharbal::Outcome;

/// `--out` as the workers see it: where, and which input owns which first output.
pub(super) struct OutPlan<'a> {
    pub(super) out: &'a OutConfig,
    pub(super) claims: Claims,
    /// Inputs whose first output an earlier input owns, with that input.
    pub(super) clashes: HashMap<usize, String>,
}

/// Creates `--out`, removes temporary files a killed run left there, and returns its
/// canonical path (what walks leave out) and how many were removed.
fn prepare_out(out: &OutConfig) -> Result<(PathBuf, usize)> {
    fs::create_dir_all(&out.dir)
        .with_context(|| format!("cannot create --out {}", out.dir.display()))?;
    let canon = out
        .dir
        .canonicalize()
        .with_context(|| format!("cannot resolve --out {}", out.dir.display()))?;
    walk::remove_live_temps_on_interrupt();
    Ok((canon, walk::remove_stale_temps(&out.dir)))
}

/// `clean`'s inputs: `--out` prepared first, so that a walk leaves it out; returns what was
/// found and how many stale temporary files were removed from `--out`.
pub(super) fn find_clean_inputs(cfg: &CleanConfig) -> Result<(Vec<Found>, usize)> {
    let prepared = cfg.batch.out.as_ref().map(prepare_out).transpose()?;
    let found = walk::find_inputs(
        &cfg.input.inputs,
        &cfg.walk,
        prepared.as_ref().map(|(canon, _)| canon.as_path()),
    )?;
    Ok((found, prepared.map_or(0, |(_, removed)| removed)))
}

/// Notes about `--out` before a batch starts: stale temporary files removed.
pub(super) fn out_notes(reporter: &Reporter, cfg: &CleanConfig, removed: usize) {
    let Some(out) = &cfg.batch.out else {
        return;
    };
    if removed > 0 {
        reporter.note(
            &out.dir.display().to_string(),
            &format!("removed {removed} temporary file(s) left by an interrupted run"),
        );
    }
}

/// Why input `i` is not cleaned into `--out`, if it is not: its first output belongs to an
/// earlier input, or exists already under `--skip-existing`.
pub(super) fn out_skip(
    input: &Input,
    i: usize,
    cfg: &CleanConfig,
    plan: &OutPlan,
) -> Option<FileDone> {
    let first = walk::output_path(&plan.out.dir, &input.rel, cfg.view.format, 1);
    if let Some(owner) = plan.clashes.get(&i) {
        return Some(FileDone::Failed(format!(
            "its output {} is also the output of {owner}: nothing written for it; rename one of them or clean them into different --out directories",
            first.display()
        )));
    }
    (plan.out.skip_existing && first.exists()).then_some(FileDone::Existing)
}

/// Writes an input's documents below `--out`, each file through a temporary name. Text: one
/// file per document, the first document's last, so that when it exists all do (which is what
/// `--skip-existing` trusts); nothing for an input with no document. JSON formats: one file.
pub(super) fn write_outputs(
    input: &Input,
    outcome: &Outcome,
    view: ViewOptions,
    plan: &OutPlan,
) -> std::result::Result<u64, String> {
    let dir = &plan.out.dir;
    match view.format {
        Format::Text => {
            let name = input.name();
            let paths: Vec<PathBuf> = (1..=outcome.documents.len())
                .map(|d| walk::output_path(dir, &input.rel, Format::Text, d))
                .collect();
            for (d, path) in paths.iter().enumerate().skip(1) {
                if let Some(owner) = plan.claims.other_owner(path, &name) {
                    return Err(format!(
                        "its document {} would be written to {}, the output of {owner}: nothing written for it; rename one of them",
                        d + 1,
                        path.display()
                    ));
                }
            }
            let mut written = 0;
            for (d, path) in paths
                .iter()
                .enumerate()
                .skip(1)
                .chain(paths.iter().enumerate().take(1))
            {
                let mut text = outcome.documents[d].text(&outcome.document);
                text.push('\n');
                written +=
                    walk::write_atomic(path, text.as_bytes()).map_err(|e| cannot_write(path, e))?;
            }
            Ok(written)
        }
        Format::Jsonl | Format::Json => {
            let path = walk::output_path(dir, &input.rel, view.format, 1);
            let mut bytes = super::frame::opening(view).to_vec();
            let wrote = write_documents(&mut bytes, outcome, &input.name(), view, true)
                .map_err(|e| e.to_string())?;
            bytes.extend_from_slice(super::frame::closing(view, !wrote));
            walk::write_atomic(&path, &bytes).map_err(|e| cannot_write(&path, e))
        }
    }
}

/// Why an output file could not be written, as the batch reports it.
pub(super) fn cannot_write(path: &Path, e: io::Error) -> String {
    format!("cannot write {}: {e}", path.display())
}
