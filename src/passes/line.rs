//! Line rules: a line that matches a rule's phrases or regexes is removed whole. A rule with
//! `min-lines` removes its lines only when at least that many lines of the input match it; one
//! with `takes-headline` removes the headline right above each of its lines too.

use super::{remove_line, Context, Kept, Removal};
use crate::features::LineFeatures;
use crate::rules::{PassKind, RuleSet};

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    let prefilter = rules.prefilter(PassKind::Line);
    let phrases = rules.phrases();
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    let remove = |out: &mut Vec<Removal>, line: usize, i: usize| {
        let rule = &rules.rules[i];
        out.extend(remove_line(kept, line, rule.id()));
        if rule.spec.takes_headline {
            out.extend(headline_above(ctx, kept, line, rule.id()));
        }
    };
    // Lines that only a rule with `min-lines` matched, with that rule: removed at the end if
    // the rule matched enough of them.
    let mut pending: Vec<(usize, usize)> = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some((key, offset)) = ctx.kept_key(kept, line) else {
            continue;
        };
        let chars = ctx.chars(kept, line);
        let mut first_counted = None;
        let found = prefilter
            .candidates(
                phrases,
                &ctx.hits[line],
                key,
                offset,
                Some(chars),
                &mut scratch,
            )
            .filter(|&i| {
                let r = &rules.rules[i];
                r.spec.max_chars.is_none_or(|m| chars <= m)
                    && r.pattern.find(key, r.spec.anchor).is_some()
            })
            .find(|&i| {
                if rules.rules[i].spec.min_lines.is_some() {
                    first_counted.get_or_insert(i);
                    false
                } else {
                    true
                }
            });
        match (found, first_counted) {
            (Some(i), _) => remove(&mut out, line, i),
            (None, Some(i)) => pending.push((line, i)),
            (None, None) => {}
        }
    }
    // Each rule's matches counted once.
    let mut matched: Vec<(usize, usize)> = Vec::new();
    for &(_, i) in &pending {
        match matched.iter_mut().find(|m| m.0 == i) {
            Some(m) => m.1 += 1,
            None => matched.push((i, 1)),
        }
    }
    for &(line, i) in &pending {
        let count = matched.iter().find(|m| m.0 == i).map_or(0, |m| m.1);
        if count >= rules.rules[i].spec.min_lines.unwrap_or(1) {
            remove(&mut out, line, i);
        }
    }
    if out.windows(2).any(|w| w[0].line >= w[1].line) {
        out.sort_by_key(|r| r.line);
        out.dedup_by_key(|r| r.line);
    }
    out
}

/// The headline right above `line` (blank lines between): a line shaped like one that does not
/// end with a full stop (a headline may end with `!` or `?`, a sentence of the story does not
/// stand here), removed with `rule`.
fn headline_above(ctx: &Context, kept: &Kept, line: usize, rule: &str) -> Option<Removal> {
    // Lines come trimmed.
    let above = (0..line).rev().find(|&l| !ctx.doc.line(l).is_empty())?;
    let text = ctx.doc.line(above);
    let stop = text.ends_with(['.', '…', '。', ':', ';', '؛', '،', ',']);
    (LineFeatures::of(text).is_headline_shaped() && !stop)
        .then(|| remove_line(kept, above, rule))
        .flatten()
}
