//! What became of each input line: kept, removed (by which rules), partly removed, blank.
//!
//! The diff, explain, stats and `--check` views all read an [`Outcome`] through this one table,
//! so they agree on every line.

use crate::engine::Outcome;
use crate::passes::Removal;
use crate::text::document::Span;

/// The fate of one input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The line's content is in a document, nothing of it removed by a rule.
    Kept,
    /// Rules removed part of the line; the rest is in a document.
    PartlyRemoved,
    /// Rules removed the line (what they left, if anything, was only symbols or space).
    Removed,
    /// The line is empty or white space; documents never carry blank lines.
    Blank,
    /// The line has content, no rule removed any of it, yet no document holds it.
    Dropped,
}

impl Verdict {
    /// The verdict's name in JSON and tables.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Kept => "kept",
            Verdict::PartlyRemoved => "partly-removed",
            Verdict::Removed => "removed",
            Verdict::Blank => "blank",
            Verdict::Dropped => "dropped",
        }
    }
}

/// One input line and what became of it.
#[derive(Debug, Clone)]
pub struct LineVerdict<'a> {
    /// 0-based line index in [`crate::Document::lines`].
    pub line: usize,
    pub verdict: Verdict,
    /// The part of the line that a document carries.
    pub kept: Option<Span>,
    /// The 1-based index of the document that carries the kept part.
    pub document: Option<usize>,
    /// Set when this line is the first line of that document.
    pub starts_document: bool,
    /// The removals on this line, in text order.
    pub removals: Vec<&'a Removal>,
}

impl<'a> LineVerdict<'a> {
    /// The distinct rule ids that removed something from this line, in text order.
    pub fn rules(&self) -> Vec<&'a str> {
        let mut ids: Vec<&'a str> = Vec::new();
        for r in self.removals.iter().copied() {
            if !ids.contains(&r.rule.as_str()) {
                ids.push(&r.rule);
            }
        }
        ids
    }

    /// True when a rule removed something here, or content was left out of every document.
    pub fn lost_content(&self) -> bool {
        matches!(
            self.verdict,
            Verdict::Removed | Verdict::PartlyRemoved | Verdict::Dropped
        )
    }
}

/// The verdict of every line of the outcome's input, in line order.
pub fn line_verdicts(outcome: &Outcome) -> Vec<LineVerdict<'_>> {
    let doc = &outcome.document;
    let mut rows: Vec<LineVerdict> = (0..doc.lines.len())
        .map(|line| LineVerdict {
            line,
            verdict: Verdict::Blank,
            kept: None,
            document: None,
            starts_document: false,
            removals: Vec::new(),
        })
        .collect();
    for r in &outcome.removals {
        if let Some(row) = rows.get_mut(r.line) {
            row.removals.push(r);
        }
    }
    for d in &outcome.documents {
        for (i, span) in d.lines.iter().enumerate() {
            let Some(line) = line_of(outcome, span.start) else {
                continue;
            };
            let row = &mut rows[line];
            row.kept = Some(span.clone());
            row.document = Some(d.index);
            row.starts_document = i == 0;
        }
    }
    for row in &mut rows {
        let blank = doc.lines[row.line].content.is_empty();
        row.verdict = match (row.kept.is_some(), row.removals.is_empty()) {
            (true, true) => Verdict::Kept,
            (true, false) => Verdict::PartlyRemoved,
            (false, false) => Verdict::Removed,
            (false, true) if blank => Verdict::Blank,
            (false, true) => Verdict::Dropped,
        };
    }
    rows
}

/// The line holding byte `offset`.
pub fn line_of(outcome: &Outcome, offset: usize) -> Option<usize> {
    let lines = &outcome.document.lines;
    let i = lines.partition_point(|l| l.full.end <= offset);
    (i < lines.len() && lines[i].full.start <= offset).then_some(i)
}

/// The removed parts of a line as sorted, merged spans (removals may touch each other).
pub fn removed_spans(row: &LineVerdict) -> Vec<Span> {
    let mut spans: Vec<Span> = row.removals.iter().map(|r| r.span.clone()).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean_text, RuleSet};

    #[test]
    fn every_line_gets_one_verdict() {
        let text =
            "Title of a long enough story about the weather today\n\n© 2024 All rights reserved\n";
        let out = clean_text(text.to_string(), &RuleSet::builtin());
        let rows = line_verdicts(&out);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].verdict, Verdict::Blank);
        assert_eq!(rows[2].verdict, Verdict::Removed);
        assert!(!rows[2].rules().is_empty());
    }

    #[test]
    fn line_of_finds_the_line_of_an_offset() {
        let out = clean_text("ab\ncd\r\nef".to_string(), &RuleSet::default());
        assert_eq!(line_of(&out, 0), Some(0));
        assert_eq!(line_of(&out, 2), Some(0));
        assert_eq!(line_of(&out, 3), Some(1));
        assert_eq!(line_of(&out, 8), Some(2));
        assert_eq!(line_of(&out, 9), None);
    }
}
