//! Rule passes: each finds removals over the original text and never edits it.
//!
//! A pass reads the document, the folded keys of its lines and what earlier passes left, and
//! returns [`Removal`]s. The engine applies them to the [`Kept`] state between passes.

pub mod block;
pub mod date;
pub mod dom;
pub mod glued;
pub mod inline;
pub mod layout;
pub mod line;
pub mod thread;

use crate::rules::prefilter::LineHits;
use crate::text::document::BlockEvidence;
use crate::text::document::{Document, Span};
use crate::text::fold::FoldedLines;

/// A span of the original text removed by a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub span: Span,
    pub rule: String,
    /// The line the span lies in.
    pub line: usize,
}

/// What is left of each line: its kept span (trimmed), or `None` once nothing is left.
#[derive(Debug, Clone)]
pub struct Kept {
    pub spans: Vec<Option<Span>>,
}

impl Kept {
    pub fn new(doc: &Document) -> Kept {
        Kept {
            spans: doc
                .lines
                .iter()
                .map(|l| (!l.content.is_empty()).then(|| l.content.clone()))
                .collect(),
        }
    }

    pub fn is_kept(&self, line: usize) -> bool {
        self.spans[line].is_some()
    }

    /// Applies removals: a removal that leaves only white space or symbols removes the line.
    /// What a removal takes off a line without naming it (the smaller side of a cut, or the
    /// symbols that are all it leaves, like the `•` of `• Read more: …`) is added to its span,
    /// so that every removed byte names its rule.
    pub fn apply(&mut self, doc: &Document, removals: &mut [Removal]) {
        for r in removals {
            let Some(span) = self.spans[r.line].clone() else {
                continue;
            };
            let (before, after) = (
                span.start..r.span.start.max(span.start),
                r.span.end.min(span.end)..span.end,
            );
            // Keep the larger remaining piece (passes remove a prefix or a suffix).
            let keep_before = before.len() >= after.len();
            let kept = trim_span(doc, if keep_before { before } else { after });
            match &kept {
                None => r.span = r.span.start.min(span.start)..r.span.end.max(span.end),
                Some(_) if keep_before => r.span.end = r.span.end.max(span.end),
                Some(_) => r.span.start = r.span.start.min(span.start),
            }
            self.spans[r.line] = kept;
        }
    }
}

/// Trims white space from a span; `None` when nothing with a letter or digit is left.
pub fn trim_span(doc: &Document, span: Span) -> Option<Span> {
    if span.start >= span.end {
        return None;
    }
    let s = &doc.text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.chars().any(crate::text::fold::is_letter_or_digit) {
        return None;
    }
    Some(span.start + lead..span.start + lead + t.len())
}

/// What every pass gets: the document, the folded key of each line's original content, where
/// the rules' phrases occur in each key, and for an HTML page the evidence of its markup, one
/// entry a line.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub keys: &'a FoldedLines,
    pub hits: &'a LineHits,
    pub evidence: Option<&'a [BlockEvidence]>,
}

impl Context<'_> {
    /// The markup evidence of a line, for an HTML page.
    pub fn evidence(&self, line: usize) -> Option<&BlockEvidence> {
        self.evidence.and_then(|e| e.get(line))
    }

    /// Characters of the kept part of a line.
    pub fn chars(&self, kept: &Kept, line: usize) -> usize {
        match &kept.spans[line] {
            None => 0,
            Some(s) if *s == self.doc.lines[line].content => self.keys.chars(line),
            Some(s) => self.doc.text[s.clone()].chars().count(),
        }
    }

    /// The words of a line's kept part (see [`crate::keywords::key_words`]): those the fold
    /// recorded when the line is kept whole, else found on the kept part of its key.
    pub fn kept_words<'k>(
        &'k self,
        kept: &Kept,
        line: usize,
    ) -> impl Iterator<Item = crate::keywords::KeyWord<'k>> + 'k {
        let span = kept.spans[line].as_ref();
        let whole = span == Some(&self.doc.lines[line].content);
        let (recorded, found) = if whole {
            (self.keys.words(line), "")
        } else {
            (&[][..], self.kept_key(kept, line).map_or("", |(k, _)| k))
        };
        crate::keywords::recorded_words(self.keys.key(line), recorded)
            .chain(crate::keywords::key_words(found))
    }

    /// The folded key of a line's kept part, as a sub-slice of the line's key.
    pub fn kept_key<'k>(&'k self, kept: &Kept, line: usize) -> Option<(&'k str, usize)> {
        let span = kept.spans[line].as_ref()?;
        // Most lines are kept whole.
        if *span == self.doc.lines[line].content {
            return Some((self.keys.key(line), 0));
        }
        // A line kept in part (a run cut off its end): its key is mapped back again.
        let key = self.keys.key(line);
        let f = self.keys.with_map(line, &self.doc.text);
        let s = f.key_offset(span.start);
        let e = f.key_offset(span.end);
        Some((&key[s..e], s))
    }
}

/// A whole-line removal of what is kept of `line`.
pub fn remove_line(kept: &Kept, line: usize, rule: &str) -> Option<Removal> {
    kept.spans[line].clone().map(|span| Removal {
        span,
        rule: rule.to_string(),
        line,
    })
}
