//! Line rules: a line that matches a rule's phrases or regexes is removed whole.

use super::{remove_line, Context, Kept, Removal};
use crate::rules::{PassKind, RuleSet};

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    let rules: Vec<_> = rules.of(PassKind::Line).collect();
    let mut out = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some((key, _)) = ctx.kept_key(kept, line) else {
            continue;
        };
        let chars = ctx.chars(kept, line);
        if let Some(rule) = rules.iter().find(|r| {
            r.spec.max_chars.is_none_or(|m| chars <= m)
                && r.pattern.find(key, r.spec.anchor).is_some()
        }) {
            out.extend(remove_line(kept, line, rule.id()));
        }
    }
    out
}
