//! The counting pass of `learn` and `clean --learn`: the lines of every input per group (a
//! directory, a host), read whole or record by record on the workers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Component, Path};

use anyhow::{Context as _, Result};
use serde_json::Value;

use super::Spill;
use crate::commands::batch::{self, Step};
use crate::config::{GroupBy, InputConfig, JsonlConfig, Learning, OnError, WalkConfig};
use crate::jsonl_input::{self, LineError, Lines};
use crate::walk::{self, Found, Input};
use gharbal::engine::InputKind;
use gharbal::input::{decode, looks_binary};
use gharbal::learn::LineCounts;
use gharbal::output::term::escape_invisible;

/// Counts the lines of every input per group, plus the counts files given; errors are
/// reported on stderr and make the second value true. With `spill`, each input's counts are
/// written there (as its map fills, and at its end) instead of merged into the result.
pub(super) fn count(
    input: &InputConfig,
    walk_cfg: &WalkConfig,
    jsonl: Option<&JsonlConfig>,
    learning: &Learning,
    exclude: Option<&Path>,
    spill: Option<&Spill>,
) -> Result<(LineCounts, bool)> {
    let mut counts = LineCounts::new(learning.params);
    let mut failed = false;
    for path in &learning.counts {
        let file = File::open(path)
            .with_context(|| format!("cannot read counts file {}", path.display()))?;
        counts
            .read_jsonl(BufReader::new(file))
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    if !learning.count_inputs || input.inputs.is_empty() {
        return Ok((counts, failed));
    }
    let found = walk::find_inputs(&input.inputs, walk_cfg, exclude)?;
    let pool = walk::pool(walk_cfg.threads)?;
    batch::run(
        &pool,
        &found,
        |i, _| batch::whole::<(), ()>(i, ()),
        |i, ()| {
            let Found::Input(one) = &found[i] else {
                unreachable!("only inputs are cut into pieces")
            };
            walk::guarded(|| count_input(one, input, walk_cfg, jsonl, learning, spill))
                .unwrap_or_else(Err)
        },
        |step, _| {
            let done = match step {
                Step::Done(_, done) => done,
                Step::Found(Found::Error { path, reason }) => Err(format!("{path}: {reason}")),
                Step::Found(_) | Step::Settled(..) | Step::End(_) => return Ok(()),
            };
            match done {
                Ok(c) => counts.merge(c),
                Err(reason) => {
                    failed = true;
                    eprintln!("gharbal: error: {}", escape_invisible(&reason));
                }
            }
            Ok(())
        },
    )?;
    Ok((counts, failed))
}

/// The counts of one input: one document, or one per JSON Lines record. With `spill`, they
/// are written there and the counts returned are empty.
fn count_input(
    input: &Input,
    cfg: &InputConfig,
    walk_cfg: &WalkConfig,
    jsonl: Option<&JsonlConfig>,
    learning: &Learning,
    spill: Option<&Spill>,
) -> std::result::Result<LineCounts, String> {
    let name = input.name();
    let mut counts = LineCounts::new(match spill {
        Some(_) => Spill::params(learning.params),
        None => learning.params,
    });
    let dir_group = group_of_file(input, learning.group_by);
    match jsonl {
        Some(jsonl) => count_records(
            input,
            jsonl,
            walk_cfg.max_file_size,
            learning,
            &dir_group,
            &mut counts,
            spill,
        )?,
        None => {
            let bytes = walk::read_input(input.path.as_deref(), walk_cfg.max_file_size)
                .map_err(|reason| format!("{name}: {reason}"))?;
            if looks_binary(&bytes) {
                return Ok(counts);
            }
            let text = match cfg.read_options(input.path.as_deref(), &bytes).kind {
                InputKind::Html => gharbal::html::read_page(&bytes, cfg.encoding).text,
                InputKind::Text => decode(&bytes, cfg.encoding).text,
            };
            counts.add_document(&dir_group, &text);
        }
    }
    if let Some(spill) = spill {
        spill.write(&mut counts)?;
    }
    Ok(counts)
}

/// Counts the records of a JSON Lines input one line at a time, so that an input of any length
/// (a Spark partition on standard input) takes no more memory than its largest record and the
/// counts. Records that are not JSON, lack the text field or are over `max` bytes are skipped
/// (`--strict`: an error naming the input and line).
fn count_records(
    input: &Input,
    jsonl: &JsonlConfig,
    max: u64,
    learning: &Learning,
    dir_group: &str,
    counts: &mut LineCounts,
    spill: Option<&Spill>,
) -> std::result::Result<(), String> {
    let name = input.name();
    let reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(
        1 << 18,
        walk::open_input(input.path.as_deref()).map_err(|e| format!("{name}: {e}"))?,
    ));
    let strict = jsonl.on_error == OnError::Stop;
    let url_field = jsonl.id_field.as_deref().unwrap_or("url");
    for line in Lines::new(reader, max) {
        let bytes = match line.bytes {
            Ok(bytes) => bytes,
            Err(LineError::Io(e)) => {
                return Err(format!("{name}:{}: cannot read: {e}", line.number))
            }
            Err(LineError::TooLong { .. }) if strict => {
                return Err(format!(
                    "{name}:{}: record over the --max-file-size limit of {}",
                    line.number,
                    gharbal::output::human_bytes(max)
                ))
            }
            Err(LineError::TooLong { .. }) => continue,
        };
        let record: Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) if strict => {
                return Err(format!("{name}:{}: not a JSON object ({e})", line.number))
            }
            Err(_) => continue,
        };
        let Some(text) = record.get(&jsonl.text_field).and_then(Value::as_str) else {
            continue;
        };
        let group = match learning.group_by {
            GroupBy::Host => record
                .get(url_field)
                .and_then(Value::as_str)
                .and_then(host)
                .unwrap_or_else(|| dir_group.to_string()),
            _ => dir_group.to_string(),
        };
        // A record holding a page is counted as `clean` reads it: its flattened text.
        match jsonl_input::page_of(text) {
            Some(page) => counts.add_document(&group, &page.text),
            None => counts.add_document(&group, text),
        }
        if let Some(spill) = spill {
            spill.when_full(counts)?;
        }
    }
    Ok(())
}

/// The group of a file: the first directory level below the directory it was found in (a file
/// found at the top, or given by name: its parent directory's name).
fn group_of_file(input: &Input, by: GroupBy) -> String {
    if by == GroupBy::None {
        return "all".to_string();
    }
    let parts: Vec<&std::ffi::OsStr> = input
        .rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect();
    if parts.len() > 1 {
        return parts[0].to_string_lossy().into_owned();
    }
    input
        .path
        .as_deref()
        .and_then(|p| std::path::absolute(p).ok())
        .and_then(|p| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|d| d.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "stdin".to_string())
}

/// The host of a url (`https://www.example.com:8080/a` → `www.example.com`).
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = authority.split(':').next()?.trim().to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://www.Example.com:8080/a?b").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(host("example.org/path").as_deref(), Some("example.org"));
        assert_eq!(host(""), None);
    }
}
