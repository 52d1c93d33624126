//! The stats view: per rule, how often it fired and how many lines and bytes it removed, summed
//! over many inputs; totals of inputs, documents out and bytes kept.
//!
//! Bytes are bytes of the decoded UTF-8 text. A rule's `lines` counts the input lines it removed
//! something from, whole or in part; `share` is its bytes over all input bytes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::engine::Outcome;

/// What one rule did over all inputs.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RuleStats {
    pub rule: String,
    /// Removals it made.
    pub fired: usize,
    /// Input lines it removed something from.
    pub lines: usize,
    /// Bytes it removed.
    pub bytes: usize,
    /// `bytes` over all input bytes.
    pub share: f64,
}

/// Sums of many outcomes.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub inputs: usize,
    /// Inputs that could not be read or cleaned.
    pub failed: usize,
    /// Binary files found in directories and left alone.
    pub skipped: usize,
    pub documents_out: usize,
    pub lines_in: usize,
    pub lines_kept: usize,
    pub bytes_in: usize,
    /// Bytes of the documents' kept spans (line breaks not counted).
    pub bytes_kept: usize,
    /// Bytes removed by rules (a byte removed twice counts once).
    pub bytes_removed: usize,
    /// Input lines rules removed something from.
    pub lines_removed: usize,
    rules: BTreeMap<String, RuleStats>,
}

/// The JSON form of a tally.
#[derive(Debug, Serialize)]
pub struct StatsReport {
    pub inputs: usize,
    pub failed: usize,
    pub skipped: usize,
    pub documents_out: usize,
    pub lines_in: usize,
    pub lines_kept: usize,
    pub bytes_in: usize,
    pub bytes_kept: usize,
    pub bytes_removed: usize,
    pub lines_removed: usize,
    /// Rules that fired, most bytes first.
    pub rules: Vec<RuleStats>,
}

impl Tally {
    /// Adds one cleaned input.
    pub fn add(&mut self, outcome: &Outcome) {
        self.inputs += 1;
        self.documents_out += outcome.documents.len();
        self.lines_in += outcome.document.lines.len();
        self.bytes_in += outcome.document.text.len();
        // Each document line is the kept span of a distinct input line.
        for d in &outcome.documents {
            self.lines_kept += d.lines.len();
            self.bytes_kept += d.lines.iter().map(|l| l.len()).sum::<usize>();
        }
        // Removals are sorted by start, so their lines come in order: the rules seen on the
        // current line are enough to count each (rule, line) pair once.
        let mut current_line = None;
        let mut rules_on_line: Vec<&str> = Vec::new();
        let mut covered_to = 0;
        for r in &outcome.removals {
            if current_line != Some(r.line) {
                current_line = Some(r.line);
                rules_on_line.clear();
                self.lines_removed += 1;
            }
            // One lookup for a rule seen before, which nearly every removal's is.
            let s = match self.rules.get_mut(&r.rule) {
                Some(s) => s,
                None => self
                    .rules
                    .entry(r.rule.clone())
                    .or_insert_with(|| RuleStats {
                        rule: r.rule.clone(),
                        ..RuleStats::default()
                    }),
            };
            s.fired += 1;
            s.bytes += r.span.len();
            if !rules_on_line.contains(&r.rule.as_str()) {
                rules_on_line.push(&r.rule);
                s.lines += 1;
            }
            // Count each byte once.
            let start = r.span.start.max(covered_to);
            if r.span.end > start {
                self.bytes_removed += r.span.end - start;
            }
            covered_to = covered_to.max(r.span.end);
        }
    }

    /// Adds the sums of another tally (of other inputs), as if its inputs had been added here.
    pub fn merge(&mut self, other: Tally) {
        self.inputs += other.inputs;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.documents_out += other.documents_out;
        self.lines_in += other.lines_in;
        self.lines_kept += other.lines_kept;
        self.bytes_in += other.bytes_in;
        self.bytes_kept += other.bytes_kept;
        self.bytes_removed += other.bytes_removed;
        self.lines_removed += other.lines_removed;
        for (id, r) in other.rules {
            let s = self.rules.entry(id).or_insert_with(|| RuleStats {
                rule: r.rule.clone(),
                ..RuleStats::default()
            });
            s.fired += r.fired;
            s.lines += r.lines;
            s.bytes += r.bytes;
        }
    }

    /// Counts an input that could not be read.
    pub fn add_failure(&mut self) {
        self.failed += 1;
    }

    /// Counts a binary file that was left alone.
    pub fn add_skipped(&mut self) {
        self.skipped += 1;
    }

    /// The rules that fired, most bytes first, with their shares.
    pub fn rules(&self) -> Vec<RuleStats> {
        let mut rules: Vec<RuleStats> = self
            .rules
            .values()
            .map(|r| RuleStats {
                share: share(r.bytes, self.bytes_in),
                ..r.clone()
            })
            .collect();
        rules.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.rule.cmp(&b.rule)));
        rules
    }

    pub fn report(&self) -> StatsReport {
        StatsReport {
            inputs: self.inputs,
            failed: self.failed,
            skipped: self.skipped,
            documents_out: self.documents_out,
            lines_in: self.lines_in,
            lines_kept: self.lines_kept,
            bytes_in: self.bytes_in,
            bytes_kept: self.bytes_kept,
            bytes_removed: self.bytes_removed,
            lines_removed: self.lines_removed,
            rules: self.rules(),
        }
    }

    /// Writes the table and the totals.
    pub fn write_table(&self, w: &mut dyn Write) -> io::Result<()> {
        let rules = self.rules();
        let header = ["rule", "fired", "lines", "bytes", "share"];
        let mut cells: Vec<[String; 5]> = rules
            .iter()
            .map(|r| {
                [
                    r.rule.clone(),
                    r.fired.to_string(),
                    r.lines.to_string(),
                    r.bytes.to_string(),
                    percent(r.share),
                ]
            })
            .collect();
        cells.push([
            "all rules".to_string(),
            rules.iter().map(|r| r.fired).sum::<usize>().to_string(),
            self.lines_removed.to_string(),
            self.bytes_removed.to_string(),
            percent(share(self.bytes_removed, self.bytes_in)),
        ]);
        let mut widths = header.map(str::len);
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let write_row = |w: &mut dyn Write, row: [&str; 5]| -> io::Result<()> {
            write!(w, "{:<width$}", row[0], width = widths[0])?;
            for (c, width) in row[1..].iter().zip(&widths[1..]) {
                write!(w, "  {c:>width$}")?;
            }
            writeln!(w)
        };
        write_row(w, header)?;
        let last = cells.len() - 1;
        for (i, row) in cells.iter().enumerate() {
            if i == last {
                writeln!(
                    w,
                    "{}",
                    "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1))
                )?;
            }
            write_row(w, [&row[0], &row[1], &row[2], &row[3], &row[4]])?;
        }
        writeln!(w)?;
        let mut notes = String::new();
        if self.failed > 0 {
            notes.push_str(&format!(", {} failed", self.failed));
        }
        if self.skipped > 0 {
            notes.push_str(&format!(", {} binary skipped", self.skipped));
        }
        writeln!(
            w,
            "inputs     {} ({} lines, {} bytes){notes}",
            self.inputs, self.lines_in, self.bytes_in
        )?;
        writeln!(w, "documents  {} out", self.documents_out)?;
        writeln!(
            w,
            "kept       {} bytes ({}) in {} lines",
            self.bytes_kept,
            percent(share(self.bytes_kept, self.bytes_in)),
            self.lines_kept
        )?;
        writeln!(
            w,
            "removed    {} bytes ({}) by rules; the rest is white space, blank lines and line breaks",
            self.bytes_removed,
            percent(share(self.bytes_removed, self.bytes_in))
        )
    }
}

/// `part / whole`, rounded to four decimals (0.0123 is 1.23%).
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean_text, RuleSet};

    #[test]
    fn tally_counts_rules_lines_and_bytes() {
        let text = "© 2024 All rights reserved\n© 2025 All rights reserved\n";
        let out = clean_text(text.to_string(), &RuleSet::builtin());
        let mut t = Tally::default();
        t.add(&out);
        t.add(&out);
        t.add_failure();
        assert_eq!((t.inputs, t.failed, t.documents_out), (2, 1, 0));
        let mut merged = Tally::default();
        let mut one = Tally::default();
        one.add(&out);
        merged.merge(one.clone());
        merged.merge(one);
        merged.add_failure();
        assert_eq!(merged.report().rules, t.report().rules);
        assert_eq!(merged.bytes_removed, t.bytes_removed);
        assert_eq!(t.bytes_in, 2 * text.len());
        let rules = t.rules();
        let fired: usize = rules.iter().map(|r| r.fired).sum();
        let lines: usize = rules.iter().map(|r| r.lines).sum();
        assert_eq!((fired, lines), (4, 4));
        assert_eq!(t.bytes_removed, 2 * (text.len() - 2));
        let mut buf = Vec::new();
        t.write_table(&mut buf).unwrap();
        let table = String::from_utf8(buf).unwrap();
        assert!(table.starts_with("rule"), "{table}");
        assert!(table.contains("inputs     2 (4 lines"), "{table}");
    }
}
