//! Every built-in rule's must-remove and must-keep examples, as part of `cargo test`.
//!
//! A new rule is new data in rules/*.toml, not new test code: its examples run here, and a
//! user's rules run through the same harness with `gharbal rules test FILE`.

use gharbal::examples::check;
use gharbal::RuleSet;

#[test]
fn every_built_in_rule_handles_its_examples() {
    let set = RuleSet::builtin();
    let failures = check(&set);
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{} ({}): {}\n    example: {:?}",
                f.rule, f.source, f.problem, f.example
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} rule example(s) failed:\n{}",
        failures.len(),
        report.join("\n")
    );
}

#[test]
fn every_built_in_rule_has_examples() {
    let set = RuleSet::builtin();
    let without: Vec<&str> = set
        .rules
        .iter()
        .filter(|r| r.spec.must_remove.is_empty())
        .map(|r| r.spec.id.as_str())
        .collect();
    assert!(
        without.is_empty(),
        "rules without a must-remove example: {without:?}"
    );
}

#[test]
fn the_harness_reports_a_failing_example_with_its_rule() {
    let mut set = RuleSet::builtin();
    set.add_source(
        "mine.toml",
        r#"
[[rule]]
id = "promo-line"
description = "The site's channel promo line"
pass = "line"
anchor = "start"
phrases = ["Subscribe to our channel"]
must-remove = ["Subscribe to our channel now", "Follow our channel"]
must-keep = ["He did not subscribe to our channel of thought.", "Subscribe to our channel today"]
"#,
    )
    .unwrap();
    let failures: Vec<_> = check(&set)
        .into_iter()
        .filter(|f| f.source == "mine.toml")
        .collect();
    let examples: Vec<&str> = failures.iter().map(|f| f.example.as_str()).collect();
    assert_eq!(
        examples,
        ["Follow our channel", "Subscribe to our channel today"],
        "{failures:?}"
    );
    assert!(failures.iter().all(|f| f.rule == "promo-line"));
    assert!(failures[0].problem.starts_with("must-remove"));
    assert!(failures[1].problem.starts_with("must-keep"));
}
