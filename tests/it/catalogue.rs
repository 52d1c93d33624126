//! The rule catalogue and the `rules` commands: docs/rules.md is generated from the rules and a
//! stale copy fails here; `rules list/show/test` as users run them, with their exit codes.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

use gharbal::output::catalogue::{markdown, REGENERATE};
use gharbal::RuleSet;

use super::common::in_package as gharbal;

fn catalogue_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md")
}

#[test]
fn committed_catalogue_matches_the_rules() {
    let want = markdown(&RuleSet::builtin());
    let have = fs::read_to_string(catalogue_path()).unwrap_or_default();
    if have != want {
        let first = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the files differ in length".to_string(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!("docs/rules.md is stale ({first}): the rule files changed.\nRegenerate it with:\n\n    {REGENERATE}\n");
    }
}

#[test]
fn the_command_prints_the_committed_catalogue() {
    let out = gharbal()
        .args(["rules", "list", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        markdown(&RuleSet::builtin())
    );
}

#[test]
fn list_gives_id_pass_description_and_file() {
    let set = RuleSet::builtin();
    let out = gharbal().args(["rules", "list"]).output().unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), set.rules.len());
    for (line, rule) in listed.lines().zip(&set.rules) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], rule.spec.id);
        assert!(line.contains(&rule.spec.description), "{line}");
        assert!(line.ends_with(&format!("[{}]", rule.source)), "{line}");
    }
    let json: serde_json::Value = serde_json::from_slice(
        &gharbal()
            .args(["rules", "list", "-f", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), set.rules.len());
    assert_eq!(json[0]["id"], set.rules[0].spec.id.as_str());
    assert_eq!(json[0]["source"], set.rules[0].source.as_str());
}

#[test]
fn show_prints_a_rule_or_suggests_one() {
    gharbal()
        .args(["rules", "show", "read-also-run"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# read-also-run (inline pass, from rules/read-also.toml)",
        ))
        .stdout(predicate::str::contains("must-remove"));
    gharbal()
        .args(["rules", "show", "read-also"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no rule `read-also`; did you mean read-also-run",
        ));
}

const FAILING_RULES: &str = r#"
[[rule]]
id = "weather-widget"
description = "The weather widget line"
pass = "line"
anchor = "start"
phrases = ["weather today"]
must-remove = ["Weather today: 21°C, sunny", "Forecast: rain"]
must-keep = ["Weather today was the warmest since records began in 1880, the agency said in its yearly report."]
"#;

#[test]
fn test_names_each_failing_example_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("mine.toml"), FAILING_RULES).unwrap();
    gharbal()
        .current_dir(dir.path())
        .args(["rules", "test", "mine.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAIL weather-widget (mine.toml): must-remove: the rule did not fire",
        ))
        .stdout(predicate::str::contains("example: \"Forecast: rain\""))
        .stdout(predicate::str::contains(
            "FAIL weather-widget (mine.toml): must-keep: the rule removed something",
        ))
        .stdout(predicate::str::contains("1 rules, 3 examples, 2 failed"));
    let fixed = FAILING_RULES
        .replace(", \"Forecast: rain\"", "")
        .replace("anchor = \"start\"", "anchor = \"start\"\nmax-chars = 40");
    fs::write(dir.path().join("mine.toml"), fixed).unwrap();
    gharbal()
        .current_dir(dir.path())
        .args(["rules", "test", "mine.toml"])
        .assert()
        .code(0)
        .stdout("1 rules, 2 examples, 0 failed\n");
    fs::write(dir.path().join("broken.toml"), "[[rule]]\nid = \"x\"\n").unwrap();
    gharbal()
        .current_dir(dir.path())
        .args(["rules", "test", "broken.toml"])
        .assert()
        .code(2);
}
