//! `gharbal learn` and the first pass of `clean --learn`: counts the lines of a batch per group
//! and writes the recurring ones as a rules file, or the counts themselves as JSON Lines.

mod count;

use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context as _, Result};

use crate::config::{InputConfig, JsonlConfig, LearnConfig, Learning, WalkConfig};
use crate::walk::{self, AtomicFile};
use crate::ExitStatus;
use count::count;
use gharbal::learn::{drop_covered, drop_unmatched, rules_toml, LearnParams, LineCounts};
use gharbal::RuleSet;

pub fn learn(cfg: LearnConfig) -> Result<ExitStatus> {
    if cfg.emit_counts {
        return emit_counts(&cfg);
    }
    let (counts, failed) = count(
        &cfg.input,
        &cfg.walk,
        cfg.jsonl.as_ref(),
        &cfg.learning,
        None,
        None,
    )?;
    let mut groups = counts.learned();
    drop_covered(&mut groups, &RuleSet::builtin());
    let dropped = drop_unmatched(&mut groups, &counts);
    if dropped > 0 {
        eprintln!("gharbal: note: {dropped} recurring line(s) left out: a whole-line rule made from them would not match them (so the file passes `gharbal rules test`)");
    }
    let text = rules_toml(&groups, &counts).into_bytes();
    match &cfg.output {
        Some(path) => {
            walk::write_atomic(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&text)?;
            out.flush()?;
        }
    }
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// `learn --emit-counts`: the counts of the inputs, exact in bounded memory. Each input is
/// counted in a map of its own that is written out (and emptied) whenever it holds more than
/// `--max-lines` lines, so nothing is evicted and the records of one line add up to its count
/// (see [`gharbal::learn`]). Counts files given with `--counts` are merged as `learn` merges
/// them, then written.
fn emit_counts(cfg: &LearnConfig) -> Result<ExitStatus> {
    let out = match &cfg.output {
        Some(path) => Sink::File(
            AtomicFile::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Sink::Stdout(io::stdout()),
    };
    let spill = Spill {
        out: Mutex::new(out),
        cap: cfg.learning.params.max_entries,
    };
    let (counts, failed) = count(
        &cfg.input,
        &cfg.walk,
        cfg.jsonl.as_ref(),
        &cfg.learning,
        None,
        Some(&spill),
    )?;
    let mut last = counts;
    spill.write(&mut last).map_err(anyhow::Error::msg)?;
    let out = spill.out.into_inner().unwrap_or_else(|e| e.into_inner());
    let written = match out {
        Sink::File(file) => file.commit().map(|_| ()),
        Sink::Stdout(mut out) => out.flush(),
    };
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            let name = cfg
                .output
                .as_ref()
                .map_or("standard output".to_string(), |p| p.display().to_string());
            return Err(anyhow::Error::new(e).context(format!("cannot write {name}")));
        }
    }
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Where `--emit-counts` goes.
enum Sink {
    Stdout(io::Stdout),
    File(AtomicFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

/// The counts written as maps fill, shared by the workers: each write is one whole batch of
/// records, so the records of different inputs never interleave within a line.
struct Spill {
    out: Mutex<Sink>,
    /// Write a map out when it holds more lines than this.
    cap: usize,
}

impl Spill {
    /// Writes `counts` and empties it.
    fn write(&self, counts: &mut LineCounts) -> std::result::Result<(), String> {
        if counts.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::new();
        counts
            .write_jsonl(&mut buf)
            .map_err(|e| format!("cannot write the counts: {e}"))?;
        *counts = LineCounts::new(*counts.params());
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        out.write_all(&buf)
            .map_err(|e| format!("cannot write the counts: {e}"))
    }

    /// The params of a map that never evicts: it is written out instead.
    fn params(params: LearnParams) -> LearnParams {
        LearnParams {
            max_entries: usize::MAX,
            ..params
        }
    }

    /// Writes `counts` out when it holds more than the cap.
    fn when_full(&self, counts: &mut LineCounts) -> std::result::Result<(), String> {
        if counts.len() > self.cap {
            self.write(counts)?;
        }
        Ok(())
    }
}

/// The first pass of `clean --learn`: the learned rules file of the inputs (and any counts
/// given), and whether some input could not be read.
pub fn learned_rules(
    input: &InputConfig,
    walk: &WalkConfig,
    jsonl: Option<&JsonlConfig>,
    learning: &Learning,
    exclude: Option<&Path>,
) -> Result<String> {
    let (counts, _) = count(input, walk, jsonl, learning, exclude, None)?;
    // Inputs that cannot be read are reported again, and counted, by the cleaning pass.
    let mut groups = counts.learned();
    drop_covered(&mut groups, &input.rules);
    drop_unmatched(&mut groups, &counts);
    Ok(rules_toml(&groups, &counts))
}
