//! Layout residue: lines with no letters at all (`symbol-line`) and the table cell marks that
//! flatteners leave around text (`table-residue`: "| |", "1 - |", a trailing " |").

use super::{remove_line, Context, Kept, Removal};
use crate::rules::{Detector, RuleSet};

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    let symbols = rules.detects(Detector::SymbolLine);
    let table = rules.detects(Detector::TableResidue);
    let mut out = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some(span) = kept.spans[line].clone() else {
            continue;
        };
        let text = &ctx.doc.text[span.clone()];
        if symbols && !text.chars().any(crate::text::fold::is_letter) {
            out.extend(remove_line(kept, line, Detector::SymbolLine.id()));
            continue;
        }
        if !table || !text.contains('|') {
            continue;
        }
        // Cell marks at the edges: "| text |", "1 - | text", "text | |".
        let is_mark =
            |c: char| c == '|' || c.is_whitespace() || c == '-' || c.is_ascii_digit() || c == '*';
        let lead = text.len() - text.trim_start_matches(is_mark).len();
        let lead = if text[..lead].contains('|') { lead } else { 0 };
        let trail_len = text.len()
            - text
                .trim_end_matches(|c: char| c == '|' || c.is_whitespace())
                .len();
        if lead > 0 {
            out.push(super::Removal {
                span: span.start..span.start + lead,
                rule: Detector::TableResidue.id().into(),
                line,
            });
        }
        if trail_len > 0 && span.end - trail_len > span.start + lead {
            out.push(super::Removal {
                span: span.end - trail_len..span.end,
                rule: Detector::TableResidue.id().into(),
                line,
            });
        }
    }
    out
}
