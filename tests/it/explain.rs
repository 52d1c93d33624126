//! `gharbal explain`: one row per input line (snapshots of the seed, colour off and on), its JSON
//! form with byte spans, agreement with `clean --explain`, exit codes.
//!
//! Commands run with a cleared environment. Update snapshots with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --test explain`) and read the diff before committing.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use super::common::in_package as gharbal;

const SEED_PATH: &str = "samples/saraya-appended.txt";

fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH)).unwrap()
}

fn stdout(args: &[&str]) -> String {
    super::common::stdout_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

#[test]
fn seed_explain_plain() {
    insta::assert_snapshot!("seed_explain_plain", stdout(&["explain", SEED_PATH]));
}

#[test]
fn seed_explain_color() {
    let shown = stdout(&["explain", "--color", "always", SEED_PATH]);
    assert!(shown.contains('\x1b'));
    insta::assert_snapshot!("seed_explain_color", shown.replace('\x1b', "␛"));
}

#[test]
fn text_rows_give_number_verdict_and_rule() {
    let shown = stdout(&["explain", SEED_PATH]);
    // A row a line; the splitter's evidence for a start follows its paragraph's row.
    let lines: Vec<&str> = shown
        .lines()
        .filter(|l| !l.trim_start().starts_with('↳'))
        .collect();
    assert_eq!(lines.len(), seed().lines().count());
    assert!(
        lines[0].starts_with(" 1  document 1 starts here"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(" 2  removed by date-line"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with(" 3  kept"), "{}", lines[2]);
    assert!(
        lines[21].starts_with("22  document 2 starts here"),
        "{}",
        lines[21]
    );
    assert!(!shown.contains('\x1b'), "piped output has no colour");
}

/// Under the paragraph where the appended article starts, explain gives the splitter's score
/// and the evidence behind it; JSON rows carry the same as `start_evidence`.
#[test]
fn document_starts_show_their_evidence() {
    let shown = stdout(&["explain", SEED_PATH]);
    let lines: Vec<&str> = shown.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("↳ a document starts: score"))
        .unwrap_or_else(|| panic!("no start evidence:\n{shown}"));
    let evidence = lines[at];
    assert!(evidence.contains("headline +"), "{evidence}");
    assert!(lines[at - 1].contains("kept"), "{}", lines[at - 1]);

    let rows = json_rows(&["explain", "--format", "json", SEED_PATH]);
    let starts: Vec<&Value> = rows
        .iter()
        .filter_map(|r| r.get("start_evidence"))
        .filter(|e| e["starts_document"] == true)
        .collect();
    assert_eq!(starts.len(), 1, "one appended article: {starts:?}");
    let e = starts[0];
    assert!(e["score"].as_f64().unwrap() > e["threshold"].as_f64().unwrap());
    let names: Vec<&str> = e["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert!(names.contains(&"headline"), "{names:?}");
    // A continuing paragraph was weighed too, and starts nothing.
    assert!(rows
        .iter()
        .filter_map(|r| r.get("start_evidence"))
        .any(|e| e["starts_document"] == false));
}

fn json_rows(args: &[&str]) -> Vec<Value> {
    serde_json::from_str::<Value>(&stdout(args))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn json_rows_carry_byte_spans_that_tile_the_input() {
    let text = seed();
    let rows = json_rows(&["explain", "--format", "json", SEED_PATH]);
    assert_eq!(rows.len(), text.lines().count());
    let mut at = 0;
    for (i, row) in rows.iter().enumerate() {
        let n = |k: &str| row[k].as_u64().unwrap() as usize;
        assert_eq!(n("line"), i + 1);
        assert_eq!(n("start"), at, "{row}");
        at = n("end");
        assert_eq!(row["source"], SEED_PATH);
        let line = &text[n("start")..n("end")];
        assert_eq!(line.trim(), row["text"].as_str().unwrap());
        let verdict = row["verdict"].as_str().unwrap();
        let rules = row["rules"].as_array().unwrap();
        match verdict {
            "kept" => assert!(
                rules.is_empty() && row["kept"].is_object() && row["document"].is_u64(),
                "{row}"
            ),
            "removed" => assert!(!rules.is_empty() && row["kept"].is_null(), "{row}"),
            other => panic!("unexpected verdict {other} in the seed: {row}"),
        }
        for r in row["removed"].as_array().unwrap() {
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            assert!(n("start") <= s && s < e && e <= n("end"), "{row}");
            assert!(rules.contains(&r["rule"]), "{row}");
        }
    }
    assert_eq!(at, text.len());
    let starts: Vec<(u64, u64)> = rows
        .iter()
        .filter(|r| r["starts_document"] == true)
        .map(|r| (r["document"].as_u64().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(starts, [(1, 1), (2, 22)]);
}

#[test]
fn jsonl_has_the_same_rows() {
    let json = json_rows(&["explain", "--format", "json", SEED_PATH]);
    let jsonl: Vec<Value> = stdout(&["explain", "--format", "jsonl", SEED_PATH])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(json, jsonl);
}

/// `clean --explain` and `explain` are views of the same removals.
#[test]
fn clean_explain_lists_the_same_removals() {
    let from_explain: BTreeSet<(String, u64, u64)> =
        json_rows(&["explain", "-f", "json", SEED_PATH])
            .iter()
            .flat_map(|row| row["removed"].as_array().unwrap().clone())
            .map(|r| {
                (
                    r["rule"].as_str().unwrap().to_string(),
                    r["start"].as_u64().unwrap(),
                    r["end"].as_u64().unwrap(),
                )
            })
            .collect();
    let from_clean: BTreeSet<(String, u64, u64)> =
        stdout(&["clean", "-f", "jsonl", "--explain", SEED_PATH])
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .flat_map(|doc| doc["removed"].as_array().unwrap().clone())
            .map(|r| {
                (
                    r["rule"].as_str().unwrap().to_string(),
                    r["start"].as_u64().unwrap(),
                    r["end"].as_u64().unwrap(),
                )
            })
            .collect();
    assert!(!from_explain.is_empty());
    assert_eq!(from_explain, from_clean);
}

#[test]
fn several_inputs_get_a_header_each() {
    let shown = stdout(&["explain", SEED_PATH, SEED_PATH]);
    assert_eq!(
        shown
            .matches("==> samples/saraya-appended.txt <==\n")
            .count(),
        2,
        "{shown}"
    );
    assert!(shown.starts_with("==> "), "{shown}");
    assert!(shown.contains("\n\n==> "), "{shown}");
}

#[test]
fn a_partly_removed_line_marks_its_removed_part() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A headline about the river floods in the valley\n\
                The river rose again this spring, and the town council met on Monday to decide what to do about the bridge and the farms. Read more: Floods hit the north again\n\
                \n\
                The mayor said the work would start next year, after the rains, and that the bridge would stay closed until then for safety.\n";
    fs::write(dir.path().join("glued.txt"), text).unwrap();
    let out = gharbal()
        .current_dir(dir.path())
        .args(["explain", "glued.txt"])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("2  partly removed by read-also-run  The river rose"),
        "{shown}"
    );
    assert!(
        shown.contains("the farms. [-Read more: Floods hit the north again-]\n"),
        "{shown}"
    );
    assert!(shown.contains("\n3  blank\n"), "{shown}");
}

/// The splitter says why it removed a line outside every article or a teaser, and why it kept a
/// short line inside one: under the row as text, as `why` in JSON; a line a rule removed has
/// its rule only.
#[test]
fn structural_verdicts_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Home\nWorld\nBusiness\nSport\n\n\
                Talks to resume in Geneva next week\n\
                The minister said on Sunday that the talks would resume next week in Geneva, after two days of meetings in the city, and that both delegations had agreed on an agenda.\n\
                What comes next\n\
                Delegations from both sides are expected to arrive on Monday, and officials said a first draft of the agreement could be ready by the end of the week.\n\
                \nAdvertisement\n\n\
                Ferry fares to rise\n\
                The ferry company will raise its fares in spring.\n";
    fs::write(dir.path().join("why.txt"), text).unwrap();
    let run = |args: &[&str]| super::common::stdout_in(dir.path(), args);
    let shown = run(&["explain", "why.txt"]);
    let under = |row: &str| -> Option<String> {
        let mut lines = shown.lines();
        lines.find(|l| l.contains(row))?;
        lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("↳ ").map(str::to_string))
    };
    let menu = under("removed by short-line-run  Home").unwrap_or_default();
    assert!(
        menu.starts_with("outside every article: 4 lines in a row"),
        "{shown}"
    );
    // One note for the run, under its first line.
    assert!(
        under("removed by short-line-run  World").is_none(),
        "{shown}"
    );
    let short = under("kept                       What comes next").unwrap_or_default();
    assert!(
        short.starts_with("a line between two paragraphs"),
        "{shown}"
    );
    let teaser = under("removed by teaser          Ferry fares").unwrap_or_default();
    assert!(
        teaser.starts_with("too small to be a document: 49 characters"),
        "{shown}"
    );
    assert!(
        under("removed by ad-slot         Advertisement").is_none(),
        "{shown}"
    );

    let rows: Vec<Value> =
        serde_json::from_str(&run(&["explain", "--format", "json", "why.txt"])).unwrap();
    let why = |line: u64| {
        rows.iter()
            .find(|r| r["line"] == line)
            .unwrap()
            .get("why")
            .cloned()
    };
    assert!(why(1)
        .unwrap()
        .as_str()
        .unwrap()
        .starts_with("outside every article"));
    assert!(why(8)
        .unwrap()
        .as_str()
        .unwrap()
        .starts_with("a line between"));
    assert_eq!(why(11), None);
    assert_eq!(why(7), None);
}

/// A directory is walked as `clean` walks it, each file under a header even when it is the only
/// one; a file named alone has none.
#[test]
fn explain_walks_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir_all(&pages).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH),
        pages.join("seed.txt"),
    )
    .unwrap();
    let run = |arg: &str| {
        let out = gharbal()
            .current_dir(dir.path())
            .args(["explain", "--color", "never", arg])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let walked = run("pages");
    assert!(walked.starts_with("==> pages/seed.txt <==\n"), "{walked}");
    let named = run("pages/seed.txt");
    assert_eq!(walked, format!("==> pages/seed.txt <==\n{named}"));
}

#[test]
fn exit_codes_of_explain() {
    gharbal()
        .args(["explain", "missing.txt", SEED_PATH])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gharbal: error: missing.txt"))
        .stdout(predicate::str::contains("document 2 starts here"));
    gharbal()
        .args(["explain", "--format", "yaml", SEED_PATH])
        .assert()
        .code(2);
    gharbal()
        .args(["explain", "--encoding", "klingon", SEED_PATH])
        .assert()
        .code(2);
    gharbal()
        .args(["explain", "--format", "json", SEED_PATH])
        .assert()
        .code(0);
}
