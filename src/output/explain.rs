//! The explain view: one row per input line with its number, its verdict and the rules behind it.
//!
//! As text, rows read `LINE  VERDICT  TEXT`; a partly removed line marks its removed part with
//! `[-...-]` (or colour on a terminal). Under a paragraph where a document starts, or where the
//! evidence for a start came close, a `↳` line gives the splitter's score and each piece of
//! evidence with its weight. As JSON, each row carries byte spans over the decoded UTF-8 text:
//! the whole line, the kept part and every removal, and the start evidence where there is some.

use std::io::{self, Write};

use serde::Serialize;

use super::term::{self, Styling};
use super::verdict::{line_verdicts, removed_spans, LineVerdict, Verdict};
use super::RemovedSpan;
use crate::engine::Outcome;
use crate::split::boundary::{StartCandidate, Weights};

/// A rejected start is shown when its score came this close to the threshold.
const CLOSE_CALL: f32 = 1.0;

/// The splitter's evidence for a document start at a line, in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct StartRecord {
    /// `gap` (after other lines) or `inner` (inside a run of paragraphs).
    pub place: &'static str,
    /// The model that weighed it: `ar` or `default`.
    pub model: &'static str,
    pub score: f32,
    pub threshold: f32,
    pub starts_document: bool,
    /// Each non-zero piece of evidence times its weight.
    pub evidence: Vec<(&'static str, f32)>,
    /// The topic (continuity, cosine) was measured; where it could not change the verdict it
    /// is not, and counts zero.
    pub topic_measured: bool,
    /// Why the verdict is not the score's, when it is not.
    pub overruled: Option<&'static str>,
}

fn start_record(c: &StartCandidate, w: &Weights) -> StartRecord {
    let (score, threshold) = c.score(w);
    StartRecord {
        place: c.place.name(),
        model: c.script.model_name(),
        score,
        threshold,
        starts_document: c.starts,
        evidence: w.model(c.script, c.place).contributions(&c.evidence),
        topic_measured: c.evidence.topic_measured,
        overruled: c.overruled,
    }
}

/// The candidate start at each line, if any.
fn starts_by_line(outcome: &Outcome) -> Vec<Option<&StartCandidate>> {
    let mut at = vec![None; outcome.document.lines.len()];
    for c in &outcome.starts {
        if let Some(slot) = at.get_mut(c.line) {
            *slot = Some(c);
        }
    }
    at
}

/// The splitter's note on a row's line, while the row's verdict is still the one it explains.
fn note_for<'o>(outcome: &'o Outcome, row: &LineVerdict) -> Option<&'o str> {
    let at = outcome.notes.partition_point(|n| n.line < row.line);
    outcome.notes[at..]
        .iter()
        .take_while(|n| n.line == row.line)
        .find(|n| match n.rule {
            Some(rule) => row.verdict == Verdict::Removed && row.rules().contains(&rule),
            None => row.verdict == Verdict::Kept,
        })
        .map(|n| &*n.why)
}

/// A byte span in JSON.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SpanRecord {
    pub start: usize,
    pub end: usize,
}

/// One line as `explain --format json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainRow<'a> {
    pub source: &'a str,
    /// 1-based line number.
    pub line: usize,
    /// The whole line, its line ending included.
    pub start: usize,
    pub end: usize,
    /// `kept`, `removed`, `partly-removed`, `blank` or `dropped`.
    pub verdict: &'static str,
    /// The rules that removed something from the line, in text order.
    pub rules: Vec<&'a str>,
    /// The document that carries the kept part.
    pub document: Option<usize>,
    pub starts_document: bool,
    pub kept: Option<SpanRecord>,
    pub removed: Vec<RemovedSpan>,
    /// The line's content, trimmed.
    pub text: &'a str,
    /// The splitter weighed the line as a document start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_evidence: Option<StartRecord>,
    /// Why the splitter removed the line (outside every article, a teaser, reader comments)
    /// or kept a short line in an article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a str>,
}

/// The JSON rows of one input.
pub fn explain_rows<'a>(outcome: &'a Outcome, source: &'a str) -> Vec<ExplainRow<'a>> {
    let doc = &outcome.document;
    let starts = starts_by_line(outcome);
    let weights = Weights::builtin();
    line_verdicts(outcome)
        .into_iter()
        .map(|row| {
            let line = &doc.lines[row.line];
            ExplainRow {
                source,
                line: row.line + 1,
                start: line.full.start,
                end: line.full.end,
                verdict: row.verdict.name(),
                rules: row.rules(),
                document: row.document,
                starts_document: row.starts_document,
                kept: row.kept.as_ref().map(|k| SpanRecord {
                    start: k.start,
                    end: k.end,
                }),
                removed: row
                    .removals
                    .iter()
                    .map(|r| RemovedSpan {
                        rule: r.rule.clone(),
                        start: r.span.start,
                        end: r.span.end,
                    })
                    .collect(),
                text: &doc.text[line.content.clone()],
                start_evidence: starts[row.line].map(|c| start_record(c, weights)),
                why: note_for(outcome, &row),
            }
        })
        .collect()
}

/// What the verdict column says about a line.
pub fn verdict_text(row: &LineVerdict) -> String {
    let rules = row.rules().join(", ");
    let base = match row.verdict {
        Verdict::Kept => "kept".to_string(),
        Verdict::PartlyRemoved => format!("partly removed by {rules}"),
        Verdict::Removed => format!("removed by {rules}"),
        Verdict::Blank => "blank".to_string(),
        Verdict::Dropped => "in no document".to_string(),
    };
    match (row.starts_document, row.document) {
        (true, Some(n)) if row.verdict == Verdict::Kept => format!("document {n} starts here"),
        (true, Some(n)) => format!("document {n} starts here, {base}"),
        _ => base,
    }
}

/// Writes the text rows of one input.
pub fn write_explain(w: &mut dyn Write, outcome: &Outcome, styling: &Styling) -> io::Result<()> {
    let doc = &outcome.document;
    let rows = line_verdicts(outcome);
    let starts = starts_by_line(outcome);
    let weights = Weights::builtin();
    let verdicts: Vec<String> = rows.iter().map(verdict_text).collect();
    let number_width = doc.lines.len().to_string().len();
    let verdict_width = verdicts
        .iter()
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(0);
    for (row, verdict) in rows.iter().zip(&verdicts) {
        let line = &doc.lines[row.line];
        styling.write(w, term::GUTTER, &format!("{:>number_width$}", row.line + 1))?;
        w.write_all(b"  ")?;
        let style = match row.verdict {
            _ if row.starts_document => term::BOUNDARY,
            Verdict::Kept => term::KEPT,
            Verdict::PartlyRemoved => term::PARTLY,
            Verdict::Removed | Verdict::Dropped => term::REMOVED,
            Verdict::Blank => term::GUTTER,
        };
        if row.verdict == Verdict::Blank {
            styling.write(w, style, verdict)?;
            writeln!(w)?;
            continue;
        }
        styling.write(w, style, &format!("{verdict:<verdict_width$}"))?;
        w.write_all(b"  ")?;
        match row.verdict {
            Verdict::PartlyRemoved => {
                let mut at = line.content.start;
                for span in removed_spans(row) {
                    let (s, e) = (span.start.max(at), span.end.min(line.content.end));
                    styling.write(w, anstyle::Style::new(), &doc.text[at..s.max(at)])?;
                    if e > s {
                        let part = &doc.text[s..e];
                        if styling.color {
                            styling.write(w, term::REMOVED_PART, part)?;
                        } else {
                            styling.write(w, anstyle::Style::new(), &format!("[-{part}-]"))?;
                        }
                    }
                    at = at.max(e);
                }
                styling.write(
                    w,
                    anstyle::Style::new(),
                    &doc.text[at.min(line.content.end)..line.content.end],
                )?;
            }
            Verdict::Removed | Verdict::Dropped => {
                styling.write(w, term::REMOVED, &doc.text[line.content.clone()])?;
            }
            _ => styling.write(w, anstyle::Style::new(), &doc.text[line.content.clone()])?,
        }
        writeln!(w)?;
        let pad = " ".repeat(number_width + 2);
        if let Some(c) = starts[row.line] {
            let (score, threshold) = c.score(weights);
            if c.starts || c.overruled.is_some() || score > threshold - CLOSE_CALL {
                styling.write(w, term::GUTTER, &format!("{pad}↳ {}", c.describe(weights)))?;
                writeln!(w)?;
            }
        }
        if let Some(why) = note_for(outcome, row) {
            styling.write(w, term::GUTTER, &format!("{pad}↳ {why}"))?;
            writeln!(w)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean_text, RuleSet};

    #[test]
    fn rows_cover_the_text_and_name_rules() {
        let text = "A headline about the river and its long history of floods\n\n© 2024 All rights reserved\n";
        let out = clean_text(text.to_string(), &RuleSet::builtin());
        let rows = explain_rows(&out, "x");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].start, 0);
        assert_eq!(rows.last().unwrap().end, text.len());
        assert!(rows.windows(2).all(|p| p[0].end == p[1].start));
        assert_eq!(rows[1].verdict, "blank");
        assert_eq!(rows[2].verdict, "removed");
        assert_eq!(rows[2].removed.len(), 1);
        let mut buf = Vec::new();
        write_explain(&mut buf, &out, &Styling::PLAIN).unwrap();
        let shown = String::from_utf8(buf).unwrap();
        assert!(shown.contains("2  blank\n"), "{shown}");
        assert!(
            shown.contains(&format!("3  removed by {}", rows[2].rules[0])),
            "{shown}"
        );
    }
}
