//! Line rules: a line that matches a rule's phrases or regexes is removed whole.

use super::{remove_line, Context, Kept, Removal};
use crate::rules::{PassKind, RuleSet};

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    let prefilter = rules.prefilter(PassKind::Line);
    let phrases = rules.phrases();
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some((key, offset)) = ctx.kept_key(kept, line) else {
            continue;
        };
        let chars = ctx.chars(kept, line);
        let found = prefilter
            .candidates(
                phrases,
                &ctx.hits[line],
                key,
                offset,
                Some(chars),
                &mut scratch,
            )
            .find(|&i| {
                let r = &rules.rules[i];
                r.spec.max_chars.is_none_or(|m| chars <= m)
                    && r.pattern.find(key, r.spec.anchor).is_some()
            });
        if let Some(i) = found {
            out.extend(remove_line(kept, line, rules.rules[i].id()));
        }
    }
    out
}
