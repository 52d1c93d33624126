//! Inline runs: a marker phrase ("read also", "Read more:") and everything after it on the line,
//! also when the run is glued to the end of a content line (the content part stays).

use super::{Context, Kept, Removal};
use crate::rules::{PassKind, RuleSet};

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    let prefilter = rules.prefilter(PassKind::Inline);
    let phrases = rules.phrases();
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some((key, offset)) = ctx.kept_key(kept, line) else {
            continue;
        };
        let span = kept.spans[line].clone().expect("kept line");
        let found = prefilter
            .candidates(phrases, &ctx.hits[line], key, offset, None, &mut scratch)
            .find_map(|i| {
                let r = &rules.rules[i];
                let (s, _) = r.pattern.find(key, r.spec.anchor)?;
                let start = ctx
                    .keys
                    .with_map(line, &ctx.doc.text)
                    .orig_start(offset + s);
                let run_chars = ctx.doc.text[start..span.end].chars().count();
                r.spec
                    .max_chars
                    .is_none_or(|m| run_chars <= m)
                    .then_some((r, start))
            });
        if let Some((rule, start)) = found {
            out.push(Removal {
                span: start.max(span.start)..span.end,
                rule: rule.id().to_string(),
                line,
            });
        }
    }
    out
}
