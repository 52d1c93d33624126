//! What must hold of any outcome of cleaning, whatever the input: checked by the property tests,
//! the robustness tests and the fuzz targets (`fuzz/fuzz_targets/clean.rs` includes this file),
//! so the promise is written down once.
//!
//! It depends on nothing but the `gharbal` library and std.

use gharbal::{Outcome, Span};

/// Splits text into lines the way the tool does (LF, CRLF, CR), trimmed, blank ones dropped.
pub fn input_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn on_boundaries(text: &str, s: &Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

/// The input line whose content holds `span` whole, if there is one.
fn line_holding(out: &Outcome, span: &Span) -> Option<usize> {
    let lines = &out.document.lines;
    let i = lines.partition_point(|l| l.full.end <= span.start);
    let line = lines.get(i)?;
    (line.content.start <= span.start && span.end <= line.content.end).then_some(i)
}

/// Checks everything that must hold of `out`, the outcome of cleaning `text` (the decoded
/// input):
///
/// - the outcome's text is the input text, untouched;
/// - every removal is a span on char boundaries inside the line it names;
/// - documents are numbered 1, 2, 3, ...;
/// - every kept span (document line or title) is on char boundaries and lies inside the content
///   of one input line, so every output line is an input line or a contiguous part of one;
/// - kept spans never overlap each other (no line is output twice) nor any removal;
/// - checked independently of the spans: every output line, and the title, occurs in an input
///   line.
pub fn check_outcome(text: &str, out: &Outcome) -> Result<(), String> {
    if out.document.text != text {
        return Err("the outcome's text is not the input text".into());
    }
    let len = text.len();
    for r in &out.removals {
        if !on_boundaries(text, &r.span) {
            return Err(format!(
                "removal {r:?} is not a span on char boundaries within {len} bytes"
            ));
        }
        let Some(line) = out.document.lines.get(r.line) else {
            return Err(format!(
                "removal {r:?} names line {} of {}",
                r.line,
                out.document.lines.len()
            ));
        };
        if r.span.start < line.full.start || r.span.end > line.full.end {
            return Err(format!("removal {r:?} is outside its line {:?}", line.full));
        }
    }
    let indexes: Vec<usize> = out.documents.iter().map(|d| d.index).collect();
    let expected: Vec<usize> = (1..=out.documents.len()).collect();
    if indexes != expected {
        return Err(format!("document indexes {indexes:?}"));
    }

    let mut kept: Vec<Span> = Vec::new();
    for d in &out.documents {
        for span in d.lines.iter().chain(&d.title) {
            if !on_boundaries(text, span) {
                return Err(format!(
                    "document {} has a span {span:?} off char boundaries",
                    d.index
                ));
            }
            if line_holding(out, span).is_none() {
                return Err(format!(
                    "document {}: kept span {span:?} ({:?}) is not inside one input line",
                    d.index,
                    &text[span.clone()]
                ));
            }
        }
        if let Some(title) = &d.title {
            if !d.lines.contains(title) {
                return Err(format!(
                    "document {}: the title {title:?} is not one of its lines",
                    d.index
                ));
            }
        }
        kept.extend(d.lines.iter().filter(|s| !s.is_empty()).cloned());
    }
    kept.sort_by_key(|s| (s.start, s.end));
    for pair in kept.windows(2) {
        if pair[0].end > pair[1].start {
            return Err(format!(
                "kept spans {:?} and {:?} overlap: text would be output twice",
                pair[0], pair[1]
            ));
        }
    }
    // Kept spans are sorted and disjoint, so their ends are sorted too.
    for r in out.removals.iter().filter(|r| !r.span.is_empty()) {
        let i = kept.partition_point(|k| k.end <= r.span.start);
        if let Some(k) = kept.get(i) {
            if k.start < r.span.end {
                return Err(format!(
                    "removal {r:?} overlaps kept text {k:?} ({:?})",
                    &text[k.clone()]
                ));
            }
        }
    }

    // The input's lines joined by LF: a piece with no line break found in it lies in one line.
    let lines = input_lines(text).join("\n");
    let part_of_input = |piece: &str| {
        let piece = piece.trim();
        piece.is_empty() || (!piece.contains(['\n', '\r']) && lines.contains(piece))
    };
    for d in &out.documents {
        for line in d.text(&out.document).split('\n') {
            if !part_of_input(line) {
                return Err(format!(
                    "document {}: output line {line:?} is not part of any input line",
                    d.index
                ));
            }
        }
        if !part_of_input(d.title_text(&out.document)) {
            return Err(format!(
                "document {}: the title is not part of any input line",
                d.index
            ));
        }
    }
    Ok(())
}

/// Checks that nothing goes missing without a name: every character of the input that no
/// document keeps is white space or lies in a removal, which names its rule.
pub fn check_accounted(out: &Outcome) -> Result<(), String> {
    let text = &out.document.text;
    let mut covered: Vec<Span> = out.removals.iter().map(|r| r.span.clone()).collect();
    for d in &out.documents {
        covered.extend(d.lines.iter().cloned());
    }
    covered.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Span> = Vec::with_capacity(covered.len());
    for s in covered {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let mut at = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        while at < merged.len() && merged[at].end <= i {
            at += 1;
        }
        if merged.get(at).is_none_or(|s| s.start > i) {
            let line = out.document.lines.partition_point(|l| l.full.end <= i);
            return Err(format!(
                "byte {i} ({c:?}) of line {line} ({:?}) is neither kept nor in a removal",
                out.document
                    .lines
                    .get(line)
                    .map(|l| &text[l.content.clone()])
            ));
        }
    }
    Ok(())
}
