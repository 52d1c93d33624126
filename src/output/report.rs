//! The review page: one self-contained HTML file that shows a batch's removals, rule by rule.
//!
//! The overview (totals, a bar chart of removals per rule, the legend) is rendered here. Each
//! file's lines, removals and document boundaries are embedded as JSON in a
//! `<script type="application/json">` block and turned into DOM by the page's script only when
//! the file's page of the list is shown, so a batch of thousands of documents opens fast. Every
//! string from a dump is HTML-escaped here, or JSON-escaped (`<`, `>`, `&`, U+2028, U+2029 too)
//! and later set as text by the script, never as markup.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::human_bytes;
use super::stats::Tally;
use super::verdict::{line_verdicts, LineVerdict, Verdict};
use crate::engine::Outcome;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// A file with more documents than this is flagged as split into many.
pub const MANY_DOCUMENTS: usize = 5;
/// A file of which rules removed less than this share is flagged as almost all kept.
pub const ALMOST_ALL_KEPT: f64 = 0.05;

/// What the review page knows of one cleaned input. Built on a worker, added to a [`Review`].
#[derive(Debug, Clone)]
pub struct FileReview {
    summary: FileSummary,
    /// The file's lines as JSON, already escaped for embedding.
    data: String,
    tally: Tally,
}

/// One row of the page's file list.
#[derive(Debug, Clone, Serialize)]
struct FileSummary {
    name: String,
    /// `ar`, `en`, `fr` or `und`.
    lang: &'static str,
    bytes: usize,
    /// Bytes removed by rules.
    removed: usize,
    /// Bytes the documents carry.
    kept: usize,
    docs: usize,
    lines: usize,
    /// `[rule, removals]`, in text order of each rule's first removal.
    rules: Vec<(String, usize)>,
    flags: Vec<&'static str>,
}

/// A line as the page's script reads it: `[verdict, rtl, document it starts or 0, segments]`.
type LineData<'a> = (&'static str, u8, usize, Vec<Segment<'a>>);

/// A piece of a line: kept text, or `[text, rule]` for a removed span.
#[derive(Serialize)]
#[serde(untagged)]
enum Segment<'a> {
    Kept(&'a str),
    Removed(&'a str, &'a str),
}

#[derive(Serialize)]
struct DocData<'a> {
    n: usize,
    title: &'a str,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct FileData<'a> {
    lines: Vec<LineData<'a>>,
    docs: Vec<DocData<'a>>,
}

impl FileReview {
    /// Reads what the page shows of one input's outcome.
    pub fn new(source: &str, outcome: &Outcome) -> FileReview {
        let doc = &outcome.document;
        let rows = line_verdicts(outcome);
        let lines: Vec<LineData> = rows
            .iter()
            .map(|row| {
                let starts = if row.starts_document {
                    row.document.unwrap_or(0)
                } else {
                    0
                };
                let content = &doc.text[doc.lines[row.line].content.clone()];
                (
                    verdict_code(row.verdict),
                    u8::from(is_rtl(content)),
                    starts,
                    segments(outcome, row),
                )
            })
            .collect();
        let docs = outcome
            .documents
            .iter()
            .map(|d| DocData {
                n: d.index,
                title: d.title_text(doc),
                date: d.date.as_deref(),
            })
            .collect();
        let data = embed_json(&FileData { lines, docs });

        let mut tally = Tally::default();
        tally.add(outcome);
        let mut rules: Vec<(String, usize)> = Vec::new();
        for r in &outcome.removals {
            match rules.iter_mut().find(|(id, _)| *id == r.rule) {
                Some((_, n)) => *n += 1,
                None => rules.push((r.rule.clone(), 1)),
            }
        }
        let kept_text: String = outcome
            .documents
            .iter()
            .map(|d| d.text(doc))
            .collect::<Vec<_>>()
            .join("\n");
        let lang = language(if kept_text.is_empty() {
            &doc.text
        } else {
            &kept_text
        });
        let mut summary = FileSummary {
            name: source.to_string(),
            lang,
            bytes: tally.bytes_in,
            removed: tally.bytes_removed,
            kept: tally.bytes_kept,
            docs: outcome.documents.len(),
            lines: doc.lines.len(),
            rules,
            flags: Vec::new(),
        };
        summary.flags = flags(&summary);
        FileReview {
            summary,
            data,
            tally,
        }
    }
}

/// The outliers a reviewer should look at first.
fn flags(f: &FileSummary) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if f.kept == 0 && f.bytes > 0 {
        flags.push("nothing kept");
    } else if f.bytes > 0 && share(f.removed, f.bytes) < ALMOST_ALL_KEPT {
        flags.push("almost all kept");
    }
    if f.docs > MANY_DOCUMENTS {
        flags.push("many documents");
    }
    flags
}

fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Kept => "k",
        Verdict::PartlyRemoved => "p",
        Verdict::Removed => "r",
        Verdict::Blank => "b",
        Verdict::Dropped => "x",
    }
}

/// The line's content cut into kept text and removed spans, each span credited to the first
/// removal that covers it.
fn segments<'a>(outcome: &'a Outcome, row: &LineVerdict<'a>) -> Vec<Segment<'a>> {
    let text = &outcome.document.text;
    let content = outcome.document.lines[row.line].content.clone();
    let mut removals = row.removals.clone();
    removals.sort_by_key(|r| (r.span.start, r.span.end));
    let mut out = Vec::new();
    let mut at = content.start;
    for r in removals {
        let start = r.span.start.clamp(at, content.end);
        let end = r.span.end.clamp(start, content.end);
        if start > at {
            out.push(Segment::Kept(&text[at..start]));
        }
        if end > start {
            out.push(Segment::Removed(&text[start..end], &r.rule));
        }
        at = at.max(end);
    }
    if at < content.end {
        out.push(Segment::Kept(&text[at..content.end]));
    }
    out
}

/// Whether the line's first strong character is right-to-left (Arabic, Hebrew, Syriac, Thaana):
/// what `dir="auto"` would find, decided here so the page states it.
pub fn is_rtl(line: &str) -> bool {
    for c in line.chars() {
        if is_rtl_char(c) {
            return true;
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    false
}

fn is_rtl_char(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// A guess at the language of a text: `ar` when most letters are Arabic, else `fr` or `en` by
/// their commonest words, `und` without letters.
fn language(text: &str) -> &'static str {
    let (mut rtl, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if is_rtl_char(c) {
            rtl += 1;
        } else {
            latin += 1;
        }
    }
    if rtl == 0 && latin == 0 {
        return "und";
    }
    if rtl >= latin {
        return "ar";
    }
    const FR: [&str; 14] = [
        "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "qui", "sur", "au",
        "avec",
    ];
    const EN: [&str; 14] = [
        "the", "and", "of", "to", "is", "in", "that", "for", "with", "on", "was", "are", "it", "by",
    ];
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let w = word.to_lowercase();
        if FR.contains(&w.as_str()) {
            fr += 1;
        } else if EN.contains(&w.as_str()) {
            en += 1;
        }
    }
    if fr > en {
        "fr"
    } else {
        "en"
    }
}

/// All the inputs of one page, in the order they were added.
#[derive(Debug, Default)]
pub struct Review {
    files: Vec<FileReview>,
    tally: Tally,
    /// Inputs that could not be cleaned, with the reason.
    failures: Vec<(String, String)>,
}

/// What the page's script needs besides the files' lines.
#[derive(Serialize)]
struct Meta<'a> {
    rules: Vec<RuleMeta<'a>>,
    files: Vec<&'a FileSummary>,
    many_documents: usize,
}

#[derive(Serialize)]
struct RuleMeta<'a> {
    id: &'a str,
    /// Index into the page's palette.
    c: usize,
    fired: usize,
    bytes: usize,
}

impl Review {
    pub fn add(&mut self, file: FileReview) {
        self.tally.merge(file.tally.clone());
        self.files.push(file);
    }

    /// Counts an input that could not be read or cleaned.
    pub fn add_failure(&mut self, source: &str, reason: &str) {
        self.tally.add_failure();
        self.failures.push((source.to_string(), reason.to_string()));
    }

    /// Counts a binary file that was left alone.
    pub fn add_skipped(&mut self) {
        self.tally.add_skipped();
    }

    /// Writes the page.
    pub fn write_html(&self, w: &mut dyn Write) -> io::Result<()> {
        let t = &self.tally;
        let rules = t.rules();
        // Files with the largest share removed first; ties by name.
        let mut order: Vec<usize> = (0..self.files.len()).collect();
        order.sort_by(|&a, &b| {
            let (fa, fb) = (&self.files[a].summary, &self.files[b].summary);
            share(fb.removed, fb.bytes)
                .total_cmp(&share(fa.removed, fa.bytes))
                .then_with(|| fa.name.cmp(&fb.name))
        });
        let meta = Meta {
            rules: rules
                .iter()
                .enumerate()
                .map(|(c, r)| RuleMeta {
                    id: &r.rule,
                    c,
                    fired: r.fired,
                    bytes: r.bytes,
                })
                .collect(),
            files: order.iter().map(|&i| &self.files[i].summary).collect(),
            many_documents: MANY_DOCUMENTS,
        };

        w.write_all(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")?;
        w.write_all(b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
        // No network: the page may only use what it carries.
        w.write_all(b"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")?;
        writeln!(
            w,
            "<title>gharbal review: {}</title>",
            plural(self.files.len(), "file")
        )?;
        writeln!(w, "<style>\n{STYLE}")?;
        for (c, _) in rules.iter().enumerate() {
            writeln!(w, ".c{c}{{--c:{}}}", colour(c))?;
        }
        w.write_all(b"</style>\n</head>\n<body>\n")?;
        writeln!(
            w,
            "<header><h1>gharbal review</h1><p>{} cleaned, {} out. Removed spans are tinted and underlined in the colour of their rule (their letters stay readable); hover one for its rule. Runs of removed lines are folded: click one to show it.</p></header>",
            plural(t.inputs, "file"),
            plural(t.documents_out, "document")
        )?;

        w.write_all(b"<section id=\"overview\">\n<div class=\"cards\">\n")?;
        let card = |w: &mut dyn Write, label: &str, value: String, note: String| {
            writeln!(
                w,
                "<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\">{value}</div><div class=\"note\">{note}</div></div>"
            )
        };
        card(
            w,
            "files",
            t.inputs.to_string(),
            if t.failed + t.skipped > 0 {
                format!("{} failed, {} binary skipped", t.failed, t.skipped)
            } else {
                format!("{} lines", t.lines_in)
            },
        )?;
        card(
            w,
            "documents in → out",
            format!("{} → {}", t.inputs, t.documents_out),
            "each file is one dump in".to_string(),
        )?;
        card(
            w,
            "bytes in",
            human_bytes(t.bytes_in as u64),
            format!("{} bytes", t.bytes_in),
        )?;
        card(
            w,
            "bytes kept",
            human_bytes(t.bytes_kept as u64),
            format!("{} of the input", percent(share(t.bytes_kept, t.bytes_in))),
        )?;
        card(
            w,
            "removed by rules",
            human_bytes(t.bytes_removed as u64),
            format!(
                "{} of the input, {} lines",
                percent(share(t.bytes_removed, t.bytes_in)),
                t.lines_removed
            ),
        )?;
        w.write_all(b"</div>\n")?;
        if !self.failures.is_empty() {
            w.write_all(b"<details class=\"failures\"><summary>inputs that could not be cleaned</summary><ul>\n")?;
            for (name, reason) in &self.failures {
                writeln!(w, "<li><bdi>{}</bdi>: {}</li>", esc(name), esc(reason))?;
            }
            w.write_all(b"</ul></details>\n")?;
        }
        w.write_all(b"<h2>Removals per rule</h2>\n")?;
        write_chart(w, &meta.rules, t.bytes_in)?;
        w.write_all(b"</section>\n")?;

        w.write_all(b"<section id=\"files\">\n<h2>Files, by share removed</h2>\n<form class=\"filters\" id=\"filters\">\n")?;
        w.write_all(b"<label>rule <select id=\"f-rule\"><option value=\"\">all rules</option>")?;
        for r in &meta.rules {
            writeln!(
                w,
                "<option value=\"{id}\">{id} ({n})</option>",
                id = esc(r.id),
                n = r.fired
            )?;
        }
        w.write_all(b"</select></label>\n<label>language <select id=\"f-lang\"><option value=\"\">all</option>")?;
        let mut langs: Vec<&str> = self.files.iter().map(|f| f.summary.lang).collect();
        langs.sort_unstable();
        langs.dedup();
        for l in langs {
            writeln!(w, "<option value=\"{l}\">{l}</option>")?;
        }
        w.write_all(b"</select></label>\n<label><input type=\"checkbox\" id=\"f-only\"> show only removals</label>\n<label><input type=\"checkbox\" id=\"f-collapse\" checked> hide removed runs</label>\n<label>search <input type=\"search\" id=\"f-q\" placeholder=\"text in the dumps\"></label>\n</form>\n")?;
        w.write_all(b"<div class=\"legend\" id=\"legend\">")?;
        for r in &meta.rules {
            writeln!(
                w,
                "<button type=\"button\" class=\"key c{c}\" data-rule=\"{id}\" title=\"{fired} removals, {bytes}\"><i></i>{id}</button>",
                c = r.c,
                id = esc(r.id),
                fired = r.fired,
                bytes = human_bytes(r.bytes as u64)
            )?;
        }
        w.write_all(b"</div>\n<p id=\"count\"></p>\n<table id=\"list\"><thead><tr><th>file</th><th>lang</th><th class=\"num\">documents</th><th class=\"num\">size</th><th class=\"num\">removed</th><th>flags</th></tr></thead><tbody></tbody></table>\n<nav class=\"pager\" id=\"pager\"></nav>\n</section>\n")?;
        w.write_all(b"<noscript><p>The per-file view needs JavaScript; the overview above does not.</p></noscript>\n<main id=\"view\"></main>\n")?;

        w.write_all(b"<script type=\"application/json\" id=\"meta\">")?;
        w.write_all(embed_json(&meta).as_bytes())?;
        w.write_all(b"</script>\n")?;
        for (k, &i) in order.iter().enumerate() {
            write!(w, "<script type=\"application/json\" id=\"f{k}\">")?;
            w.write_all(self.files[i].data.as_bytes())?;
            w.write_all(b"</script>\n")?;
        }
        writeln!(w, "<script>\n{SCRIPT}</script>\n</body>\n</html>")
    }
}

/// The bar chart of removals per rule: one bar per rule, its length the bytes removed.
fn write_chart(w: &mut dyn Write, rules: &[RuleMeta], bytes_in: usize) -> io::Result<()> {
    if rules.is_empty() {
        return w.write_all(b"<p>No rule removed anything.</p>\n");
    }
    const ROW: usize = 24;
    const LABEL: usize = 190;
    const BAR: usize = 520;
    let max = rules.iter().map(|r| r.bytes).max().unwrap_or(1).max(1);
    let height = rules.len() * ROW + 8;
    writeln!(
        w,
        "<svg class=\"chart\" role=\"img\" aria-label=\"bytes removed per rule\" viewBox=\"0 0 {} {height}\" width=\"{}\" height=\"{height}\">",
        LABEL + BAR + 220,
        LABEL + BAR + 220
    )?;
    for (i, r) in rules.iter().enumerate() {
        let y = i * ROW + 4;
        let len = (r.bytes * BAR).div_ceil(max).max(1);
        writeln!(
            w,
            "<g class=\"bar c{c}\" data-rule=\"{id}\"><title>{id}: {fired} removals, {bytes} ({share})</title><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{id}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{len}\" height=\"{h}\" rx=\"2\"></rect><text x=\"{vx}\" y=\"{ty}\">{fired}× · {bytes} · {share}</text></g>",
            c = r.c,
            id = esc(r.id),
            fired = r.fired,
            bytes = human_bytes(r.bytes as u64),
            share = percent(share(r.bytes, bytes_in)),
            lx = LABEL - 8,
            ty = y + 15,
            h = ROW - 6,
            vx = LABEL + len + 6,
        )?;
    }
    w.write_all(b"</svg>\n")
}

/// A rule's colour: ten distinct ones, then hues spread by the golden angle.
fn colour(c: usize) -> String {
    const PALETTE: [&str; 10] = [
        "#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
        "#bcbd22", "#7f7f7f",
    ];
    match PALETTE.get(c) {
        Some(p) => (*p).to_string(),
        None => format!("hsl({:.0} 60% 45%)", (c as f64 * 137.508) % 360.0),
    }
}

/// Text for HTML content and attribute values: `& < > " '` escaped.
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON that is safe inside a `<script>` element: `<`, `>` and `&` become `\u003c`-style escapes
/// (so `</script>` and `<!--` cannot occur), and so do U+2028 and U+2029. These characters only
/// occur inside JSON strings, where the escapes mean the same.
pub fn embed_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("report data serializes");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean_text, RuleSet};

    fn page(inputs: &[(&str, &str)]) -> String {
        let rules = RuleSet::builtin();
        let mut review = Review::default();
        for (name, text) in inputs {
            review.add(FileReview::new(name, &clean_text(text.to_string(), &rules)));
        }
        let mut buf = Vec::new();
        review.write_html(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn a_script_in_a_dump_stays_text() {
        let dump = "A long enough story about the weather in the valley, told in full sentences.\n\
                    <script>alert(1)</script> and more text that goes on for a while here.\n\
                    </script><script>alert(2)</script>\u{2028}<!--\n\
                    © 2024 <b>All rights</b> reserved\n";
        let html = page(&[("<img src=x onerror=alert(3)>.txt", dump)]);
        // Only the page's own script elements: the metadata, one file, the code.
        assert_eq!(html.matches("<script").count(), 3, "{html}");
        assert_eq!(html.matches("</script>").count(), 3, "{html}");
        assert!(!html.contains("alert(1)</"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<!--"), "{html}");
        assert!(!html.contains('\u{2028}'), "{html}");
        assert!(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
        // The file name shows nowhere outside the escaped JSON.
        assert!(html.contains("\\u003cimg src=x onerror=alert(3)\\u003e.txt"));
    }

    #[test]
    fn embedded_json_reads_back_the_same() {
        let s = "</script> & <!-- \u{2028}\u{2029} \"quoted\" عربي";
        let embedded = embed_json(&s);
        assert!(!embedded.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
        assert_eq!(serde_json::from_str::<String>(&embedded).unwrap(), s);
    }

    #[test]
    fn segments_cover_the_line_and_name_their_rules() {
        let rules = RuleSet::builtin();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/saraya-appended.txt"
        ))
        .unwrap();
        let out = clean_text(text, &rules);
        for row in line_verdicts(&out) {
            let content = &out.document.text[out.document.lines[row.line].content.clone()];
            let segs = segments(&out, &row);
            let joined: String = segs
                .iter()
                .map(|s| match s {
                    Segment::Kept(t) | Segment::Removed(t, _) => *t,
                })
                .collect();
            assert_eq!(joined, content);
            let removed = segs.iter().any(|s| matches!(s, Segment::Removed(..)));
            assert_eq!(
                removed,
                matches!(row.verdict, Verdict::Removed | Verdict::PartlyRemoved)
                    && !content.is_empty(),
                "line {}",
                row.line + 1
            );
        }
    }

    #[test]
    fn direction_follows_the_first_strong_character() {
        assert!(is_rtl("إقرأ أيضاً: خبر"));
        assert!(is_rtl("1 - | سرايا - Saraya"));
        assert!(!is_rtl("Saraya - سرايا"));
        assert!(!is_rtl("2024 ©"));
    }

    #[test]
    fn language_and_flags() {
        assert_eq!(language("كشف كامل صقر مدير المكتب"), "ar");
        assert_eq!(language("Le feu a brûlé la forêt et les maisons"), "fr");
        assert_eq!(language("The fire burned the forest and the houses"), "en");
        assert_eq!(language("123 --"), "und");
        let html = page(&[("empty.txt", "Home\nNews\nSport\n")]);
        assert!(html.contains("\"flags\":[\"nothing kept\"]"), "{html}");
    }
}
