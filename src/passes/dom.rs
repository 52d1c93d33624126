//! Dom rules (HTML input): a block the page's markup places in page furniture that a rule names
//! (`dom = ["footer", "comment"]`) is removed whole, when the rule's phrases, if it has any,
//! match too. On text input there is no markup, and these rules never fire.

use super::{remove_line, Context, Kept, Removal};
use crate::rules::{PassKind, RuleSet};

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    if ctx.evidence.is_none() {
        return Vec::new();
    }
    let rules: Vec<_> = rules.of(PassKind::Dom).collect();
    // A block named a teaser before the first paragraph of running text is the article's
    // own lead (a standfirst, which German sites call `teaser`); after it, another story's.
    let body_starts = (0..ctx.doc.lines.len())
        .find(|&l| {
            ctx.evidence(l)
                .is_some_and(|e| e.hints.is_empty() && e.is_prose_paragraph())
        })
        .unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some(ev) = ctx.evidence(line) else {
            continue;
        };
        if ev.hints.is_empty() || (ev.hints.only_teaser() && line < body_starts) {
            continue;
        }
        let Some((key, _)) = ctx.kept_key(kept, line) else {
            continue;
        };
        let chars = ctx.chars(kept, line);
        if let Some(rule) = rules.iter().find(|r| {
            r.dom.intersects(ev.hints)
                && r.spec.max_chars.is_none_or(|m| chars <= m)
                && (r.pattern.is_empty() || r.pattern.find(key, r.spec.anchor).is_some())
        }) {
            out.extend(remove_line(kept, line, rule.id()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::engine::run_rule_passes_with;
    use crate::html::parse_page;
    use crate::RuleSet;

    #[test]
    fn furniture_blocks_go_with_their_rule_and_the_article_stays() {
        let page = parse_page(
            "<body><nav><ul><li><a href=/>Home</a></li><li><a href=/w>World</a></li></ul></nav>\
             <article><h1>Talks resume in Geneva</h1><p>The minister said on Sunday that the talks would resume.</p></article>\
             <footer><p>Contact the newsroom</p></footer></body>",
        );
        let r = run_rule_passes_with(page.text.clone(), Some(&page.blocks), &RuleSet::builtin());
        let rules: Vec<(usize, &str)> = r
            .removals
            .iter()
            .map(|x| (x.line, x.rule.as_str()))
            .collect();
        assert!(rules.contains(&(0, "navigation-menu")), "{rules:?}");
        assert!(rules.contains(&(4, "page-footer")), "{rules:?}");
        assert!(r.kept.is_kept(2) && r.kept.is_kept(3));
    }

    #[test]
    fn without_markup_dom_rules_never_fire() {
        let r = run_rule_passes_with(
            "Home\nContact the newsroom".into(),
            None,
            &RuleSet::builtin(),
        );
        assert!(r.removals.iter().all(|x| !x.rule.starts_with("page-")));
    }
}
