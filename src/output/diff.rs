//! The diff view: a unified diff from the input to the text `gharbal clean` prints for it.
//!
//! The new side is exactly the text view's output for this one input (documents joined by a
//! form-feed line), so `patch -p1` on a copy of a UTF-8 input reproduces `gharbal clean FILE`.
//! Lines are aligned by what the outcome knows (which input line each kept line came from), not
//! guessed from their text, so a repeated line is never matched to the wrong copy and the
//! alignment costs one pass (a diff algorithm over the lines is quadratic on pages with thousands
//! of removals, and can only rediscover what the engine already knows). `similar` then groups the
//! ops into hunks with context and writes their headers. Each hunk header ends with a `#` comment
//! naming the rules that removed its lines and any document that starts inside it; `patch`, `git
//! apply` and editors ignore text after the second `@@`.
//!
//! `--word` marks exactly the removed spans of a partly removed line. A word-level inline diff
//! would mark whole words, and dumps glue runs to words ("مستمرة.اقرأ أيضا: ..."), so kept
//! letters would show as removed.

use std::io::{self, Write};

use similar::{group_diff_ops, DiffOp};

use super::term::{self, Styling};
use super::verdict::{line_of, line_verdicts, removed_spans, LineVerdict, Verdict};
use crate::engine::Outcome;
use crate::text::document::Span;

/// How `gharbal diff` draws a diff.
#[derive(Debug, Clone, Copy)]
pub struct DiffOptions {
    /// Lines of context around each change (`-U N`).
    pub context: usize,
    /// Mark the removed part inside partly removed lines. Without colour the marks are
    /// `[-...-]`, so such a diff is for reading, not for `patch`.
    pub word: bool,
    pub styling: Styling,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            context: 3,
            word: false,
            styling: Styling::PLAIN,
        }
    }
}

/// A line of the cleaned text.
struct NewLine<'a> {
    text: &'a str,
    /// The input line it was cut from (`None` for the form feed between documents).
    old: Option<usize>,
    /// The document this line opens, from the second document on.
    opens: Option<usize>,
}

/// Writes the diff of one input; `name` is the path shown in the headers. Writes nothing when
/// cleaning changes nothing. Returns whether there was a change.
pub fn write_diff(
    w: &mut dyn Write,
    outcome: &Outcome,
    name: &str,
    opts: &DiffOptions,
) -> io::Result<bool> {
    let doc = &outcome.document;
    let rows = line_verdicts(outcome);
    let new = cleaned_lines(outcome);
    let mut same = vec![false; doc.lines.len()];
    for n in &new {
        if let Some(i) = n.old {
            let full = &doc.text[doc.lines[i].full.clone()];
            same[i] = full.strip_suffix('\n') == Some(n.text);
        }
    }
    let ops = align(&same, &new);
    let groups = group_diff_ops(ops, opts.context);
    if groups.is_empty() {
        return Ok(false);
    }
    let s = &opts.styling;
    let path = header_path(name);
    s.write(
        w,
        term::HEADER,
        &format!("--- {}", quote_path(&format!("a/{path}"))),
    )?;
    writeln!(w)?;
    s.write(
        w,
        term::HEADER,
        &format!("+++ {} (cleaned)", quote_path(&format!("b/{path}"))),
    )?;
    writeln!(w)?;
    let ctx = Hunks {
        outcome,
        rows: &rows,
        new: &new,
        opts,
    };
    for group in &groups {
        ctx.write_hunk(w, group)?;
    }
    Ok(true)
}

/// The diff ops from the input's lines to the cleaned lines: an unchanged input line is equal
/// to the cleaned line cut from it, everything between two equal lines is a deletion, an
/// insertion or a replacement. Equal pairs must rise on both sides; a cleaned line that would
/// break the order (documents are in text order, so this does not happen) is treated as new.
fn align(same: &[bool], new: &[NewLine]) -> Vec<DiffOp> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (j, n) in new.iter().enumerate() {
        if let Some(i) = n.old.filter(|&i| same[i]) {
            if pairs.last().is_none_or(|&(pi, _)| i > pi) {
                pairs.push((i, j));
            }
        }
    }
    pairs.push((same.len(), new.len()));
    let mut ops: Vec<DiffOp> = Vec::new();
    let (mut oi, mut nj) = (0, 0);
    for (i, j) in pairs {
        match (i - oi, j - nj) {
            (0, 0) => {}
            (old_len, 0) => ops.push(DiffOp::Delete {
                old_index: oi,
                old_len,
                new_index: nj,
            }),
            (0, new_len) => ops.push(DiffOp::Insert {
                old_index: oi,
                new_index: nj,
                new_len,
            }),
            (old_len, new_len) => ops.push(DiffOp::Replace {
                old_index: oi,
                old_len,
                new_index: nj,
                new_len,
            }),
        }
        if i == same.len() {
            break;
        }
        match ops.last_mut() {
            Some(DiffOp::Equal {
                old_index,
                new_index,
                len,
            }) if *old_index + *len == i && *new_index + *len == j => *len += 1,
            _ => ops.push(DiffOp::Equal {
                old_index: i,
                new_index: j,
                len: 1,
            }),
        }
        (oi, nj) = (i + 1, j + 1);
    }
    ops
}

/// The lines of the text view's output for this input, each tied to its input line.
fn cleaned_lines(outcome: &Outcome) -> Vec<NewLine<'_>> {
    let doc = &outcome.document;
    let mut new = Vec::new();
    for (k, d) in outcome.documents.iter().enumerate() {
        if k > 0 {
            new.push(NewLine {
                text: "\x0c",
                old: None,
                opens: None,
            });
        }
        if d.lines.is_empty() {
            new.push(NewLine {
                text: "",
                old: None,
                opens: (k > 0).then_some(d.index),
            });
        }
        for (i, span) in d.lines.iter().enumerate() {
            new.push(NewLine {
                text: &doc.text[span.clone()],
                old: line_of(outcome, span.start),
                opens: (k > 0 && i == 0).then_some(d.index),
            });
        }
    }
    new
}

struct Hunks<'a> {
    outcome: &'a Outcome,
    rows: &'a [LineVerdict<'a>],
    new: &'a [NewLine<'a>],
    opts: &'a DiffOptions,
}

impl Hunks<'_> {
    fn write_hunk(&self, w: &mut dyn Write, ops: &[DiffOp]) -> io::Result<()> {
        let s = &self.opts.styling;
        s.write(
            w,
            term::HUNK,
            &similar::udiff::UnifiedHunkHeader::new(ops).to_string(),
        )?;
        let note = self.annotation(ops);
        if !note.is_empty() {
            s.write(w, term::NOTE, &format!(" # {note}"))?;
        }
        writeln!(w)?;
        for op in ops {
            match *op {
                DiffOp::Equal { old_index, len, .. } => {
                    for i in old_index..old_index + len {
                        self.write_old(w, ' ', i)?;
                    }
                }
                _ => {
                    for i in op.old_range() {
                        self.write_old(w, '-', i)?;
                    }
                    for j in op.new_range() {
                        self.write_new(w, j)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// `removed by a, b; document 2 starts at line 22`: why the hunk's lines changed.
    fn annotation(&self, ops: &[DiffOp]) -> String {
        let mut rules: Vec<&str> = Vec::new();
        let mut dropped = false;
        for op in ops.iter().filter(|op| !matches!(op, DiffOp::Equal { .. })) {
            for i in op.old_range() {
                let row = &self.rows[i];
                for id in row.rules() {
                    if !rules.contains(&id) {
                        rules.push(id);
                    }
                }
                dropped |= row.verdict == Verdict::Dropped;
            }
        }
        let mut parts = Vec::new();
        if !rules.is_empty() {
            parts.push(format!("removed by {}", rules.join(", ")));
        }
        if dropped {
            parts.push("content outside every document".to_string());
        }
        for op in ops {
            for j in op.new_range() {
                let n = &self.new[j];
                if let Some(index) = n.opens {
                    match n.old {
                        Some(i) => parts.push(format!("document {index} starts at line {}", i + 1)),
                        None => parts.push(format!("document {index} starts here")),
                    }
                }
            }
        }
        if rules.is_empty() && !dropped {
            parts.splice(0..0, self.layout_changes(ops));
        }
        parts.join("; ")
    }

    /// What changed in a hunk that no rule removed: blank lines, trimmed white space, line endings.
    fn layout_changes(&self, ops: &[DiffOp]) -> Vec<String> {
        let doc = &self.outcome.document;
        let (mut blank, mut trimmed, mut ending) = (false, false, false);
        for op in ops.iter().filter(|op| !matches!(op, DiffOp::Equal { .. })) {
            for i in op.old_range() {
                let line = &doc.lines[i];
                let full = &doc.text[line.full.clone()];
                let body = full.trim_end_matches(['\n', '\r']);
                match self.rows[i].verdict {
                    Verdict::Blank => blank = true,
                    _ if body != &doc.text[line.content.clone()] => trimmed = true,
                    _ => ending = true,
                }
            }
        }
        let mut parts = Vec::new();
        if blank {
            parts.push("blank lines".to_string());
        }
        if trimmed {
            parts.push("white space trimmed".to_string());
        }
        if ending {
            parts.push("line endings".to_string());
        }
        parts
    }

    fn write_old(&self, w: &mut dyn Write, sign: char, i: usize) -> io::Result<()> {
        let doc = &self.outcome.document;
        let line = &doc.lines[i];
        let full = &doc.text[line.full.clone()];
        let body = full.strip_suffix('\n').unwrap_or(full);
        let s = &self.opts.styling;
        let style = match sign {
            '-' => term::REMOVED,
            _ => anstyle::Style::new(),
        };
        let row = &self.rows[i];
        if sign == '-' && self.opts.word && row.verdict == Verdict::PartlyRemoved {
            s.write(w, style, "-")?;
            let segments = spans_as_segments(body, line.full.start, &removed_spans(row));
            for (removed, text) in segments {
                match (removed, s.color) {
                    (false, _) => s.write(w, style, text)?,
                    (true, true) => s.write(w, term::REMOVED_PART, text)?,
                    (true, false) => s.write(w, style, &format!("[-{text}-]"))?,
                }
            }
        } else {
            s.write(w, style, &format!("{sign}{body}"))?;
        }
        writeln!(w)?;
        if !full.ends_with('\n') && i + 1 == doc.lines.len() {
            writeln!(w, "\\ No newline at end of file")?;
        }
        Ok(())
    }

    fn write_new(&self, w: &mut dyn Write, j: usize) -> io::Result<()> {
        let n = &self.new[j];
        let style = if n.old.is_none() {
            term::BOUNDARY
        } else {
            term::KEPT
        };
        self.opts.styling.write(w, style, &format!("+{}", n.text))?;
        writeln!(w)
    }
}

/// Cuts a line into kept and removed parts by byte spans over the whole text.
fn spans_as_segments<'t>(body: &'t str, line_start: usize, spans: &[Span]) -> Vec<(bool, &'t str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for span in spans {
        let (s, e) = (
            span.start.saturating_sub(line_start).min(body.len()),
            span.end.saturating_sub(line_start).min(body.len()),
        );
        if s > at {
            out.push((false, &body[at..s]));
        }
        if e > s.max(at) {
            out.push((true, &body[s.max(at)..e]));
        }
        at = at.max(e);
    }
    if at < body.len() {
        out.push((false, &body[at..]));
    }
    out
}

/// The input's name as diff headers show it: `-` is standard input, a leading `./` or `/` goes
/// (as `git diff --no-index` does), separators are `/`.
fn header_path(name: &str) -> String {
    if name == "-" {
        return "stdin".to_string();
    }
    let name = name.replace('\\', "/");
    let mut p = name.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.trim_start_matches('/').to_string()
}

/// Quotes a header path the way GNU patch and git read it when it holds white space, quotes,
/// backslashes or control characters; other paths (Arabic ones included) stay as they are.
fn quote_path(p: &str) -> String {
    if !p
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '\\' || c.is_control())
    {
        return p.to_string();
    }
    let mut q = String::from("\"");
    for c in p.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\t' => q.push_str("\\t"),
            '\n' => q.push_str("\\n"),
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    q.push_str(&format!("\\{b:03o}"));
                }
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean_text, RuleSet};

    fn diff(text: &str, opts: DiffOptions) -> String {
        let out = clean_text(text.to_string(), &RuleSet::builtin());
        let mut buf = Vec::new();
        write_diff(&mut buf, &out, "dump.txt", &opts).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn nothing_removed_means_no_diff() {
        assert_eq!(diff("", DiffOptions::default()), "");
    }

    #[test]
    fn hunks_name_the_rules_and_keep_the_headers_standard() {
        let text = "A headline about the river and its long history of floods\n\
                    The river rose again this spring, and the town council met to decide what to do about the bridge, the dams and the farms that line its banks for many miles.\n\
                    © 2024 All rights reserved\n";
        let d = diff(text, DiffOptions::default());
        assert!(
            d.starts_with("--- a/dump.txt\n+++ b/dump.txt (cleaned)\n@@ "),
            "{d}"
        );
        assert!(d.contains("-© 2024 All rights reserved\n"), "{d}");
        let header = d.lines().find(|l| l.starts_with("@@")).unwrap();
        assert!(header.contains(" @@ # removed by "), "{header}");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = diff(
            "Some line\n© 2024 All rights reserved",
            DiffOptions::default(),
        );
        assert!(
            d.ends_with("-© 2024 All rights reserved\n\\ No newline at end of file\n"),
            "{d}"
        );
    }

    #[test]
    fn paths_are_quoted_when_patch_needs_it() {
        assert_eq!(header_path("./x/y.txt"), "x/y.txt");
        assert_eq!(header_path("/tmp/y.txt"), "tmp/y.txt");
        assert_eq!(header_path("-"), "stdin");
        assert_eq!(quote_path("a/ملف.txt"), "a/ملف.txt");
        assert_eq!(quote_path("a/my file.txt"), "\"a/my file.txt\"");
        assert_eq!(quote_path("a/x\"y"), "\"a/x\\\"y\"");
    }

    #[test]
    fn align_pairs_unchanged_lines_and_fills_the_gaps() {
        let line = |old: Option<usize>| NewLine {
            text: "",
            old,
            opens: None,
        };
        // Input lines 0..5: 0 kept as is, 1 removed, 2 trimmed (not same), 3 removed, 4 kept as is;
        // the cleaned text has a form feed before line 4.
        let same = [true, false, false, false, true];
        let new = [line(Some(0)), line(Some(2)), line(None), line(Some(4))];
        let ops = align(&same, &new);
        assert_eq!(
            ops,
            [
                DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len: 1
                },
                DiffOp::Replace {
                    old_index: 1,
                    old_len: 3,
                    new_index: 1,
                    new_len: 2
                },
                DiffOp::Equal {
                    old_index: 4,
                    new_index: 3,
                    len: 1
                },
            ]
        );
        // Nothing changed: one equal run, no hunks.
        let ops = align(&[true, true], &[line(Some(0)), line(Some(1))]);
        assert_eq!(
            ops,
            [DiffOp::Equal {
                old_index: 0,
                new_index: 0,
                len: 2
            }]
        );
        assert!(group_diff_ops(ops, 3).is_empty());
        // Everything removed.
        assert_eq!(
            align(&[false, false], &[]),
            [DiffOp::Delete {
                old_index: 0,
                old_len: 2,
                new_index: 0
            }]
        );
    }

    #[test]
    fn segments_follow_spans() {
        let segs = spans_as_segments(
            "keep this Read more: x",
            100,
            &[Span {
                start: 110,
                end: 122,
            }],
        );
        assert_eq!(segs, [(false, "keep this "), (true, "Read more: x")]);
    }
}
