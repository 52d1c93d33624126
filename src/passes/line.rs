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
            (Some(i), _) => {
                out.extend(remove_line(kept, line, rules.rules[i].id()));
                if rules.rules[i].spec.takes_headline {
                    out.extend(headline_above(ctx, kept, line, rules.rules[i].id()));
                }
            }
            (None, Some(i)) => pending.push((line, i)),
            (None, None) => {}
        }
    }
    if !pending.is_empty() {
        for (line, i) in pending.iter().copied() {
            let min = rules.rules[i].spec.min_lines.unwrap_or(1);
            if pending.iter().filter(|p| p.1 == i).count() >= min {
                out.extend(remove_line(kept, line, rules.rules[i].id()));
                if rules.rules[i].spec.takes_headline {
                    out.extend(headline_above(ctx, kept, line, rules.rules[i].id()));
                }
            }
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
    let above = (0..line)
        .rev()
        .find(|&l| !ctx.doc.line(l).trim().is_empty())?;
    let text = ctx.doc.line(above);
    let stop = text
        .trim_end()
        .ends_with(['.', '…', '。', ':', ';', '؛', '،', ',']);
    (LineFeatures::of(text).is_headline_shaped() && !stop)
        .then(|| remove_line(kept, above, rule))
        .flatten()
}
