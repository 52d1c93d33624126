//! Blocks: a start line (a comment-form invitation, "Leave a comment") and the form-like lines
//! after it (field labels, buttons, table cells, "no comments yet"), removed as one block.

use super::{remove_line, Context, Kept, Removal};
use crate::features::LineFeatures;
use crate::rules::{Anchor, PassKind, RuleSet};

/// Lines after the start that a block takes at most, unless the rule says otherwise.
const DEFAULT_MAX_LINES: usize = 12;

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    let prefilter = rules.prefilter(PassKind::Block);
    let phrases = rules.phrases();
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    let n = ctx.doc.lines.len();
    let mut line = 0;
    while line < n {
        let Some((key, offset)) = ctx.kept_key(kept, line) else {
            line += 1;
            continue;
        };
        let chars = ctx.chars(kept, line);
        let Some(rule) = prefilter
            .candidates(
                phrases,
                &ctx.hits[line],
                key,
                offset,
                Some(chars),
                &mut scratch,
            )
            .map(|i| &rules.rules[i])
            .find(|r| {
                r.spec.max_chars.is_none_or(|m| chars <= m)
                    && r.pattern.find(key, r.spec.anchor).is_some()
            })
        else {
            line += 1;
            continue;
        };
        out.extend(remove_line(kept, line, rule.id()));
        let max = rule.spec.max_lines.unwrap_or(DEFAULT_MAX_LINES);
        let mut taken = 0;
        let mut next = line + 1;
        while next < n && taken < max {
            let Some((k, _)) = ctx.kept_key(kept, next) else {
                next += 1;
                continue;
            };
            let text = &ctx.doc.text[kept.spans[next].clone().expect("kept")];
            let named = rule.continue_pattern.find(k, Anchor::Anywhere).is_some()
                || rule.pattern.find(k, rule.spec.anchor).is_some();
            // A short line right before running text is a headline, not a form field.
            let before_prose = next_kept(kept, next).is_some_and(|m| {
                LineFeatures::of(&ctx.doc.text[kept.spans[m].clone().expect("kept")]).is_prose()
            });
            if !named && (before_prose || !is_form_like(&LineFeatures::of(text))) {
                break;
            }
            out.extend(remove_line(kept, next, rule.id()));
            taken += 1;
            next += 1;
        }
        line = next;
    }
    out
}

fn next_kept(kept: &Kept, line: usize) -> Option<usize> {
    (line + 1..kept.spans.len()).find(|&i| kept.is_kept(i))
}

/// A form field, button or table cell: short, or cut into cells, and not a sentence.
fn is_form_like(f: &LineFeatures) -> bool {
    (f.pipes > 0 && f.words <= 12) || (f.words <= 4 && !f.ends_sentence)
}
