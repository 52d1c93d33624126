//! Runs rules' own must-remove / must-keep examples: one harness for built-in and user rules.

use crate::engine::{clean_page, clean_text, run_rule_passes_with};
use crate::html::parse_page;
use crate::rules::{Example, PassKind, Rule, RuleSet};

/// An example a rule did not handle as promised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub source: String,
    pub example: String,
    /// What happened instead.
    pub problem: String,
}

/// Checks every example of every rule in `set`. Structure detectors are run through the whole
/// pipeline of `set`; the other rules alone.
pub fn check(set: &RuleSet) -> Vec<ExampleFailure> {
    set.rules.iter().flat_map(|r| check_rule(r, set)).collect()
}

/// Checks one rule's examples.
pub fn check_rule(rule: &Rule, set: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let fail = |example: &str, problem: String| ExampleFailure {
        rule: rule.spec.id.clone(),
        source: rule.source.clone(),
        example: example.to_string(),
        problem,
    };
    let alone = RuleSet::of_rules(vec![rule.clone()]);
    let id = rule.id();
    for ex in &rule.spec.must_remove {
        let text = ex.text();
        let (left, fired) = remains(rule, set, &alone, text);
        let expected = match ex {
            Example::Text(_) => String::new(),
            Example::Trim { keeps, .. } => keeps.clone(),
        };
        if !fired.iter().any(|r| r == id) {
            failures.push(fail(
                text,
                format!("must-remove: the rule did not fire (left {left:?})"),
            ));
        } else if left != expected {
            failures.push(fail(
                text,
                format!("must-remove: expected {expected:?} to remain, got {left:?}"),
            ));
        }
    }
    for text in &rule.spec.must_keep {
        let (_, fired) = remains(rule, set, &alone, text);
        if fired.iter().any(|r| r == id) {
            failures.push(fail(
                text,
                "must-keep: the rule removed something".to_string(),
            ));
        }
    }
    failures
}

/// What remains of `text` and which rules fired. The examples of dom rules are HTML and are
/// read as pages first.
fn remains(rule: &Rule, set: &RuleSet, alone: &RuleSet, text: &str) -> (String, Vec<String>) {
    let html = rule.spec.pass == PassKind::Dom;
    if rule.spec.pass == PassKind::Structure {
        // a structure detector that needs markup gives its examples as pages
        let out = if crate::html::looks_like_html(text.as_bytes()) {
            clean_page(parse_page(text), set)
        } else {
            clean_text(text.to_string(), set)
        };
        let left = out
            .documents
            .iter()
            .map(|d| d.text(&out.document))
            .collect::<Vec<_>>()
            .join("\n");
        (left, out.removals.into_iter().map(|r| r.rule).collect())
    } else {
        let page = html.then(|| parse_page(text));
        let r = match &page {
            Some(p) => run_rule_passes_with(p.text.clone(), Some(&p.blocks), alone),
            None => run_rule_passes_with(text.to_string(), None, alone),
        };
        let left = r
            .kept
            .spans
            .iter()
            .flatten()
            .map(|s| &r.document.text[s.clone()])
            .collect::<Vec<_>>()
            .join("\n");
        (left, r.removals.into_iter().map(|r| r.rule).collect())
    }
}
