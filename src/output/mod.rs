//! Views of an [`Outcome`]: clean text, JSON Lines, a JSON array here; diff, explain, stats and
//! the HTML review page in their own files. All read the same outcome.

pub mod catalogue;
pub mod diff;
pub mod explain;
pub mod isodate;
pub mod report;
pub mod stats;
pub mod term;
pub mod verdict;

use std::io::{self, Write};

use serde::Serialize;

use crate::engine::Outcome;

/// How `clean` prints documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Documents as text, separated by a form-feed line (or terminated by NUL with `-z`).
    Text,
    /// One JSON object per document and line.
    Jsonl,
    /// One JSON array of all documents.
    Json,
}

/// One removal as shown in JSON.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RemovedSpan {
    pub rule: String,
    pub start: usize,
    pub end: usize,
}

/// One document as shown in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRecord {
    pub source: String,
    pub index: usize,
    pub title: String,
    /// The date as written on the page.
    pub date: Option<String>,
    /// The date in ISO 8601 (`2025-01-05`, `2024-03-03T10:15`), where it reads one way only
    /// (see [`isodate`]).
    pub date_iso: Option<String>,
    /// HTML pages: the page's address (canonical link or og:url).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// HTML pages: `<html lang>`, or the language the text looks like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// HTML pages: og:site_name, or the suffix of `<title>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<RemovedSpan>>,
}

/// The JSON records of an outcome's documents; with `explain`, each carries the removals that
/// fall within its stretch of the input. For an HTML page, the page's own title (when it holds
/// one document, or the first has no headline) and date are those of its first document, and
/// every document carries its url, language and site name.
pub fn records(outcome: &Outcome, source: &str, explain: bool) -> Vec<DocumentRecord> {
    let doc = &outcome.document;
    let n = outcome.documents.len();
    outcome
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let removed = explain.then(|| {
                // A document owns the removals from where it starts to where the next one
                // starts: its own footer and comment form, not the next article's. The first
                // owns what comes before it, the last what comes after it.
                let first_byte = |doc: &crate::engine::CleanDocument| {
                    doc.lines.iter().map(|l| l.start).min().unwrap_or(0)
                };
                let start = if i == 0 { 0 } else { first_byte(d) };
                let end = if i + 1 == n {
                    usize::MAX
                } else {
                    first_byte(&outcome.documents[i + 1])
                };
                outcome
                    .removals
                    .iter()
                    .filter(|r| r.span.start >= start && r.span.start < end)
                    .map(|r| RemovedSpan {
                        rule: r.rule.clone(),
                        start: r.span.start,
                        end: r.span.end,
                    })
                    .collect()
            });
            let meta = outcome.meta.as_ref();
            // The page's title is its article's, when it holds one; of several, each has its own.
            let page_title = meta
                .and_then(|m| m.title.clone())
                .filter(|_| i == 0 && (n == 1 || d.title.is_none()));
            let page_date = meta.and_then(|m| m.date.clone()).filter(|_| i == 0);
            let date = page_date.or_else(|| d.date.clone());
            DocumentRecord {
                source: source.to_string(),
                index: d.index,
                title: page_title.unwrap_or_else(|| d.title_text(doc).to_string()),
                date_iso: date.as_deref().and_then(isodate::iso_date),
                date,
                url: meta.and_then(|m| m.url.clone()),
                lang: meta.and_then(|m| m.lang.clone()),
                site_name: meta.and_then(|m| m.site_name.clone()),
                text: d.text(doc),
                removed,
            }
        })
        .collect()
}

/// Options of the document views.
#[derive(Debug, Clone, Copy)]
pub struct ViewOptions {
    pub format: Format,
    /// Text format: end each document with NUL instead of separating with a form-feed line.
    pub nul: bool,
    /// JSON formats: add each document's removals.
    pub explain: bool,
}

/// Writes the documents of one input. `first` says whether documents were written before (text
/// separators and JSON array commas depend on it); returns whether any was written.
pub fn write_documents(
    w: &mut dyn Write,
    outcome: &Outcome,
    source: &str,
    opts: ViewOptions,
    mut first: bool,
) -> io::Result<bool> {
    let doc = &outcome.document;
    let mut wrote = false;
    match opts.format {
        Format::Text => {
            for d in &outcome.documents {
                if opts.nul {
                    w.write_all(d.text(doc).as_bytes())?;
                    w.write_all(b"\0")?;
                } else {
                    if !first {
                        w.write_all(b"\x0c\n")?;
                    }
                    w.write_all(d.text(doc).as_bytes())?;
                    w.write_all(b"\n")?;
                }
                first = false;
                wrote = true;
            }
        }
        Format::Jsonl | Format::Json => {
            wrote = write_records(w, &records(outcome, source, opts.explain), opts, first)?;
        }
    }
    Ok(wrote)
}

/// Writes JSON records: one per line (JSON Lines), or as elements of a JSON array whose
/// brackets the caller writes (`first`: no comma before the first). Returns whether any was
/// written.
pub fn write_records(
    w: &mut dyn Write,
    records: &[DocumentRecord],
    opts: ViewOptions,
    mut first: bool,
) -> io::Result<bool> {
    for rec in records {
        if opts.format == Format::Json {
            w.write_all(if first { b"\n  " } else { b",\n  " })?;
        }
        serde_json::to_writer(&mut *w, rec)?;
        if opts.format == Format::Jsonl {
            w.write_all(b"\n")?;
        }
        first = false;
    }
    Ok(!records.is_empty())
}

/// `1.2 MB`-style sizes (powers of 1000) for messages; the report keeps exact bytes.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} bytes");
    }
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}
