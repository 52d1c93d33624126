//! The `gharbal` command as a user runs it: inputs, formats, encodings, rule files, exit codes.
//!
//! Every test runs the real binary with a cleared environment (no colour or debug variables can
//! leak in from the developer's shell) and pins one promise of the README or GUIDE.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

use super::common::gharbal;

/// The seed dump: one article, then an appended one.
const SEED: &str = include_str!("../../samples/saraya-appended.txt");
const SEED_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/saraya-appended.txt");

/// Opening words of the seed's two headlines.
const SEED_FIRST_HEADLINE: &str = "مدير مكتب الأسد سابقًا";
const SEED_SECOND_HEADLINE: &str = "نائب الرئيس الأميركي";

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("output is UTF-8")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Documents of `--format text` output: each ends with a newline, and a line holding only a
/// form feed stands between two documents.
fn text_documents(out: &str) -> Vec<&str> {
    match out.strip_suffix('\n') {
        None => Vec::new(),
        Some(out) => out.split("\n\x0c\n").collect(),
    }
}

/// What `gharbal clean` prints for the seed in the default text format.
fn seed_text() -> String {
    let out = gharbal().args(["clean", SEED_PATH]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

fn jsonl_records(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------- inputs and the text format

#[test]
fn clean_file_prints_two_documents_separated_by_a_form_feed_line() {
    let out = seed_text();
    let docs = text_documents(&out);
    assert_eq!(docs.len(), 2, "{out}");
    assert!(docs[0].starts_with(SEED_FIRST_HEADLINE), "{}", docs[0]);
    assert!(docs[1].starts_with(SEED_SECOND_HEADLINE), "{}", docs[1]);
    assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
    for boilerplate in [
        "إقرأ أيضاً",
        "المصدر:",
        "©",
        "سياسة الخصوصية",
        "البريد الالكتروني",
        "تاريخ النشر",
    ] {
        assert!(
            !out.contains(boilerplate),
            "`{boilerplate}` survived:\n{out}"
        );
    }
}

#[test]
fn stdin_and_dash_read_standard_input() {
    let expected = seed_text();
    let no_args = gharbal().arg("clean").write_stdin(SEED).output().unwrap();
    assert!(no_args.status.success());
    assert_eq!(stdout_of(&no_args), expected);
    let dash = gharbal()
        .args(["clean", "-"])
        .write_stdin(SEED)
        .output()
        .unwrap();
    assert!(dash.status.success());
    assert_eq!(stdout_of(&dash), expected);
}

#[test]
fn several_files_are_cleaned_in_order() {
    let out = gharbal()
        .args(["clean", SEED_PATH, SEED_PATH])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    let docs = text_documents(&text);
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0], docs[2]);
    assert_eq!(docs[1], docs[3]);
}

#[test]
fn null_flag_ends_each_document_with_nul() {
    let out = gharbal().args(["clean", "-z", SEED_PATH]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(text.ends_with('\0'));
    assert!(!text.contains('\x0c'));
    let docs: Vec<&str> = text.strip_suffix('\0').unwrap().split('\0').collect();
    let from_text_format = seed_text();
    assert_eq!(docs, text_documents(&from_text_format));
}

#[test]
fn null_flag_with_a_json_format_is_a_usage_error() {
    gharbal()
        .args(["clean", "-z", "--format", "jsonl", SEED_PATH])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("-z"));
}

/// A flag that would do nothing is an error (exit 2, nothing printed) that says what to use.
#[test]
fn flags_that_do_not_apply_are_usage_errors_that_say_what_to_use() {
    for (args, says) in [
        (
            vec!["clean", "--explain", SEED_PATH],
            "--explain adds the removals to JSON records: use --format jsonl (or json)",
        ),
        (
            vec!["clean", "--id-field", "url", SEED_PATH],
            "--id-field is about the fields and records of JSON Lines input: add --input-format jsonl",
        ),
        (
            vec!["clean", "--text-field", "body", SEED_PATH],
            "--text-field is about",
        ),
        (vec!["clean", "--strict", SEED_PATH], "--strict is about"),
    ] {
        gharbal()
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(says));
    }
}

/// `rules test` and `rules list` take a rules file the same two ways.
#[test]
fn rules_files_are_named_the_same_way_in_rules_test_and_rules_list() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(
        &file,
        "[[rule]]\nid = \"my-prompt\"\ndescription = \"x\"\npass = \"line\"\nanchor = \"whole\"\nphrases = [\"follow our channel\"]\nmust-remove = [\"Follow our channel\"]\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["rules", "test", file],
        vec!["rules", "test", "--rules", file],
    ] {
        gharbal()
            .args(&args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("1 rules, 1 examples, 0 failed"));
    }
    for args in [
        vec!["rules", "list", file],
        vec!["rules", "list", "--rules", file],
    ] {
        gharbal()
            .args(&args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("my-prompt"));
    }
}

// ---------------------------------------------------------------- JSON formats

#[test]
fn jsonl_has_one_object_per_document_with_its_fields() {
    let out = gharbal()
        .args(["clean", "--format", "jsonl", SEED_PATH])
        .output()
        .unwrap();
    assert!(out.status.success());
    let records = jsonl_records(&stdout_of(&out));
    assert_eq!(records.len(), 2);
    let texts = seed_text();
    let texts = text_documents(&texts);
    for (i, rec) in records.iter().enumerate() {
        let obj = rec.as_object().unwrap();
        for key in ["source", "index", "title", "date", "text"] {
            assert!(obj.contains_key(key), "missing `{key}` in {rec}");
        }
        assert!(
            !obj.contains_key("removed"),
            "`removed` only comes with --explain"
        );
        assert_eq!(rec["source"], SEED_PATH);
        assert_eq!(rec["index"], i + 1);
        let text = rec["text"].as_str().unwrap();
        let title = rec["title"].as_str().unwrap();
        assert!(
            text.starts_with(title),
            "the headline comes first: {title:?}"
        );
        assert_eq!(text, texts[i], "jsonl and text are views of one outcome");
    }
    assert!(records[0]["title"]
        .as_str()
        .unwrap()
        .starts_with(SEED_FIRST_HEADLINE));
    assert!(records[1]["title"]
        .as_str()
        .unwrap()
        .starts_with(SEED_SECOND_HEADLINE));
    assert_eq!(records[0]["date"], "5th, January 2025 GMT");
    assert_eq!(records[0]["date_iso"], "2025-01-05");
    assert!(records[1]["date"].is_null() && records[1]["date_iso"].is_null());
    // UTF-8 unescaped: Arabic is written as Arabic, not as \u escapes.
    assert!(stdout_of(&out).contains(SEED_FIRST_HEADLINE));
}

#[test]
fn jsonl_from_stdin_names_the_source_dash() {
    let out = gharbal()
        .args(["clean", "-f", "jsonl"])
        .write_stdin(SEED)
        .output()
        .unwrap();
    assert!(out.status.success());
    let records = jsonl_records(&stdout_of(&out));
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|r| r["source"] == "-"));
}

#[test]
fn json_is_an_array_of_the_jsonl_records() {
    let json = gharbal()
        .args(["clean", "--format", "json", SEED_PATH])
        .output()
        .unwrap();
    assert!(json.status.success());
    let array: Value = serde_json::from_str(&stdout_of(&json)).unwrap();
    let jsonl = gharbal()
        .args(["clean", "--format", "jsonl", SEED_PATH])
        .output()
        .unwrap();
    assert_eq!(array, Value::Array(jsonl_records(&stdout_of(&jsonl))));
}

#[test]
fn json_of_several_files_is_one_array() {
    let out = gharbal()
        .args(["clean", "-f", "json", SEED_PATH, "-"])
        .write_stdin(SEED)
        .output()
        .unwrap();
    assert!(out.status.success());
    let array: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let sources: Vec<(&str, u64)> = array
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["index"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        sources,
        [(SEED_PATH, 1), (SEED_PATH, 2), ("-", 1), ("-", 2)]
    );
}

#[test]
fn explain_adds_the_removals_with_rule_ids_and_byte_spans() {
    let out = gharbal()
        .args(["clean", "-f", "jsonl", "--explain", SEED_PATH])
        .output()
        .unwrap();
    assert!(out.status.success());
    let records = jsonl_records(&stdout_of(&out));
    let list = gharbal().args(["rules", "list"]).output().unwrap();
    let known: Vec<String> = stdout_of(&list)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let mut rules = Vec::new();
    for rec in &records {
        for removed in rec["removed"].as_array().expect("removed is an array") {
            let rule = removed["rule"].as_str().unwrap();
            let (start, end) = (
                removed["start"].as_u64().unwrap() as usize,
                removed["end"].as_u64().unwrap() as usize,
            );
            assert!(known.iter().any(|k| k == rule), "unknown rule `{rule}`");
            assert!(start < end && end <= SEED.len(), "{removed}");
            // Spans are byte offsets into the (UTF-8) input, on character boundaries.
            assert!(
                SEED.is_char_boundary(start) && SEED.is_char_boundary(end),
                "{removed}"
            );
            rules.push(rule.to_string());
        }
    }
    for expected in [
        "read-also-run",
        "copyright-line",
        "privacy-terms-link",
        "source-credit",
        "date-line",
    ] {
        assert!(
            rules.iter().any(|r| r == expected),
            "no `{expected}` removal in {rules:?}"
        );
    }
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_0_on_success() {
    gharbal()
        .args(["clean", SEED_PATH])
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn missing_file_exits_1_names_it_and_still_cleans_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dump.txt");
    let out = gharbal()
        .arg("clean")
        .arg(&missing)
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("no-such-dump.txt"), "{err}");
    assert!(err.starts_with("gharbal: error:"), "{err}");
    assert_eq!(stdout_of(&out), seed_text());
}

#[test]
fn binary_file_exits_1_and_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    png.extend((0u8..=255).cycle().take(2000));
    let png = write(dir.path(), "logo.png", png);
    let out = gharbal()
        .arg("clean")
        .arg(&png)
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("logo.png") && err.contains("binary"), "{err}");
    assert_eq!(stdout_of(&out), seed_text());
}

/// A directory is walked (tests/batch.rs covers batch mode): its files are cleaned in name
/// order, in the same stream as the other inputs; an empty one is a warning, not a failure.
#[test]
fn directory_is_walked_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", SEED);
    fs::create_dir(dir.path().join("a")).unwrap();
    write(&dir.path().join("a"), "one.txt", SEED);
    let out = gharbal()
        .args(["clean", "--format", "jsonl"])
        .arg(dir.path())
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let sources: Vec<String> = jsonl_records(&stdout_of(&out))
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect();
    let a = dir.path().join("a/one.txt").display().to_string();
    let b = dir.path().join("b.txt").display().to_string();
    assert_eq!(sources, [&a, &a, &b, &b, SEED_PATH, SEED_PATH]);

    let empty = tempfile::tempdir().unwrap();
    let out = gharbal()
        .arg("clean")
        .arg(empty.path())
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!(
            "gharbal: warning: {}: no file to clean in this directory",
            empty.path().display()
        )),
        "{err}"
    );
    assert_eq!(stdout_of(&out), seed_text());
}

/// Runs `clean --rules FILE` on the seed and returns stderr, checking exit code 2 and no output.
fn rules_file_error(name: &str, toml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), name, toml);
    let out = gharbal()
        .arg("clean")
        .arg("--rules")
        .arg(&file)
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "",
        "nothing is cleaned with a broken rules file"
    );
    stderr_of(&out)
}

#[test]
fn rules_file_with_a_bad_regex_exits_2_with_place_rule_and_fix() {
    let err = rules_file_error(
        "bad-regex.toml",
        "[[rule]]\nid = \"ok-rule\"\ndescription = \"fine\"\npass = \"line\"\nphrases = [\"x\"]\n\n\
         [[rule]]\nid = \"promo-line\"\ndescription = \"A promo line\"\npass = \"line\"\nregexes = [\"(unclosed\"]\n",
    );
    assert!(
        predicate::str::is_match(r"bad-regex\.toml:\d+:\d+: ")
            .unwrap()
            .eval(&err),
        "{err}"
    );
    assert!(err.contains("promo-line"), "{err}");
    assert!(err.contains("regex"), "{err}");
    assert!(err.contains("fix:"), "{err}");
}

#[test]
fn rules_file_with_an_unknown_key_exits_2_with_place_key_and_fix() {
    let err = rules_file_error(
        "unknown-key.toml",
        "[[rule]]\nid = \"promo-line\"\ndescription = \"A promo line\"\npass = \"line\"\nphrasez = [\"x\"]\n",
    );
    // Line 5, column 1: where the misspelt key stands.
    assert!(err.contains("unknown-key.toml:5:1:"), "{err}");
    assert!(err.contains("phrasez"), "{err}");
    assert!(err.contains("fix:"), "{err}");
}

/// The issue asks every rules-file error to name the rule; serde's parse errors do not yet.
#[test]
fn rules_file_with_an_unknown_key_names_the_rule() {
    let err = rules_file_error(
        "unknown-key.toml",
        "[[rule]]\nid = \"promo-line\"\ndescription = \"A promo line\"\npass = \"line\"\nphrasez = [\"x\"]\n",
    );
    assert!(err.contains("promo-line"), "{err}");
}

#[test]
fn rules_file_with_a_duplicate_id_exits_2_with_place_rule_and_fix() {
    let err = rules_file_error(
        "duplicate.toml",
        "[[rule]]\nid = \"copyright-line\"\ndescription = \"Mine\"\npass = \"line\"\nphrases = [\"x\"]\n",
    );
    assert!(
        predicate::str::is_match(r"duplicate\.toml:\d+:\d+: ")
            .unwrap()
            .eval(&err),
        "{err}"
    );
    assert!(err.contains("copyright-line"), "{err}");
    assert!(err.contains("duplicate"), "{err}");
    assert!(err.contains("fix:"), "{err}");
}

#[test]
fn missing_rules_file_exits_2() {
    gharbal()
        .args(["clean", "--rules", "no-such-rules.toml", SEED_PATH])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-rules.toml"));
}

#[test]
fn unknown_encoding_label_exits_2() {
    gharbal()
        .args(["clean", "--encoding", "klingon-8", SEED_PATH])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("klingon-8").and(predicate::str::contains("windows-1256")),
        );
}

#[test]
fn unknown_disable_id_exits_2() {
    gharbal()
        .args(["clean", "--disable", "no-such-rule", SEED_PATH])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-rule"));
}

#[test]
fn unknown_flag_and_missing_subcommand_exit_2() {
    gharbal().args(["clean", "--no-such-flag"]).assert().code(2);
    gharbal().assert().code(2);
    gharbal()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("gharbal "));
}

// ---------------------------------------------------------------- encodings and line endings

/// Cleans `bytes` given as a file, with extra flags; checks exit 0 and returns (stdout, stderr).
fn clean_bytes_file(bytes: &[u8], flags: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "dump.txt", bytes);
    let out = gharbal()
        .arg("clean")
        .args(flags)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    (stdout_of(&out), stderr_of(&out))
}

#[test]
fn windows_1256_is_detected_without_a_flag() {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(SEED);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test input must not be UTF-8"
    );
    let (out, err) = clean_bytes_file(&bytes, &[]);
    assert_eq!(err, "");
    assert_eq!(out, seed_text());
}

#[test]
fn utf16_with_a_bom_is_decoded_both_ways() {
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in SEED.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    let expected = seed_text();
    for bytes in [le, be] {
        let (out, err) = clean_bytes_file(&bytes, &[]);
        assert_eq!(err, "");
        assert_eq!(out, expected);
    }
}

#[test]
fn utf8_bom_is_dropped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SEED.as_bytes());
    let (out, _) = clean_bytes_file(&bytes, &[]);
    assert_eq!(out, seed_text());
}

#[test]
fn forced_iso_8859_6() {
    // ISO-8859-6 has no ©; the rest of the seed maps.
    let seed = SEED.replace('©', "");
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(&seed);
    assert!(!unmappable);
    let (out, err) = clean_bytes_file(&bytes, &["--encoding", "iso-8859-6"]);
    assert_eq!(err, "");
    assert_eq!(out, seed_text());
    // Labels are case-insensitive.
    let (upper, _) = clean_bytes_file(&bytes, &["--encoding", "ISO-8859-6"]);
    assert_eq!(upper, out);
}

/// The seed with a few bytes that are not UTF-8 in the middle of its first article.
fn seed_with_invalid_utf8() -> Vec<u8> {
    let at = SEED.find("وأشار إلى أن إيران").unwrap();
    let mut bytes = SEED.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xfd");
    bytes.extend_from_slice(&SEED.as_bytes()[at..]);
    bytes
}

#[test]
fn invalid_utf8_read_as_utf8_warns_once_naming_the_file_and_still_outputs() {
    let (out, err) = clean_bytes_file(&seed_with_invalid_utf8(), &["--encoding", "utf-8"]);
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].starts_with("gharbal: warning:") && warnings[0].contains("dump.txt"),
        "{err}"
    );
    assert!(out.contains('\u{FFFD}'), "{out}");
    let docs = text_documents(&out);
    assert_eq!(docs.len(), 2, "{out}");
    assert!(docs[0].starts_with(SEED_FIRST_HEADLINE));
}

/// A UTF-8 dump with a few broken bytes must stay UTF-8 (with U+FFFD and one warning) when
/// detected, not turn into mojibake of a legacy code page.
#[test]
fn invalid_utf8_detected_warns_once_naming_the_file_and_still_outputs() {
    let (out, err) = clean_bytes_file(&seed_with_invalid_utf8(), &[]);
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("dump.txt"), "{err}");
    assert!(out.contains('\u{FFFD}'), "{out}");
    assert!(out.starts_with(SEED_FIRST_HEADLINE), "{out}");
}

#[test]
fn crlf_and_cr_line_endings_give_the_same_documents() {
    let expected = seed_text();
    for ending in ["\r\n", "\r"] {
        let bytes = SEED.replace('\n', ending);
        let (out, _) = clean_bytes_file(bytes.as_bytes(), &[]);
        assert_eq!(out, expected, "line ending {ending:?}");
        assert!(!out.contains('\r'));
    }
}

#[test]
fn empty_input_prints_nothing_and_exits_0() {
    gharbal()
        .arg("clean")
        .write_stdin("")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    let (out, err) = clean_bytes_file(b"", &[]);
    assert_eq!((out.as_str(), err.as_str()), ("", ""));
    gharbal()
        .args(["clean", "-f", "jsonl"])
        .write_stdin("")
        .assert()
        .code(0)
        .stdout("");
    let json = gharbal()
        .args(["clean", "-f", "json"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&json.stdout).unwrap(),
        Value::Array(vec![])
    );
}

// ---------------------------------------------------------------- rule files

/// A paragraph of the seed's first article, which the built-in rules keep.
const SEED_PARAGRAPH_START: &str = "وأكد صقر أن المؤسسة العسكرية";

const USER_RULES: &str = r#"
[[rule]]
id = "military-paragraph"
description = "A test rule that removes one paragraph of the seed"
pass = "line"
anchor = "start"
phrases = ["واكد صقر ان المؤسسه العسكريه"]
must-remove = ["وأكد صقر أن المؤسسة العسكرية السورية كانت في حالة سيئة"]
must-keep = ["وقال صقر إن المؤسسة العسكرية السورية كانت في حالة سيئة"]
"#;

#[test]
fn user_rules_file_adds_a_rule_that_removes_a_line() {
    assert!(seed_text().contains(SEED_PARAGRAPH_START));
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "mine.toml", USER_RULES);
    let out = gharbal()
        .args(["clean", "-f", "jsonl", "--explain", "--rules"])
        .arg(&rules)
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let records = jsonl_records(&stdout_of(&out));
    assert_eq!(records.len(), 2);
    assert!(!records[0]["text"]
        .as_str()
        .unwrap()
        .contains(SEED_PARAGRAPH_START));
    let removed = records[0]["removed"].as_array().unwrap();
    let mine: Vec<&Value> = removed
        .iter()
        .filter(|r| r["rule"] == "military-paragraph")
        .collect();
    assert_eq!(mine.len(), 1, "{removed:?}");
    let start = mine[0]["start"].as_u64().unwrap() as usize;
    assert!(SEED[start..].starts_with(SEED_PARAGRAPH_START));
    // The built-in rules still run.
    let all: Vec<&Value> = records
        .iter()
        .flat_map(|r| r["removed"].as_array().unwrap())
        .collect();
    assert!(all.iter().any(|r| r["rule"] == "copyright-line"), "{all:?}");
}

#[test]
fn no_default_rules_drops_the_built_ins() {
    let out = gharbal()
        .args(["clean", "--no-default-rules", SEED_PATH])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    // What the built-in line and inline rules would remove stays.
    assert!(text.contains("إقرأ أيضاً : استشهاد 10 صحفيين"), "{text}");
    assert!(text.contains("ترحب \"سرايا\" بتعليقاتكم"), "{text}");
    gharbal()
        .args(["rules", "list", "--no-default-rules"])
        .assert()
        .code(0)
        .stdout("");
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "mine.toml", USER_RULES);
    let list = gharbal()
        .args(["rules", "list", "--no-default-rules", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    let list = stdout_of(&list);
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.starts_with("military-paragraph"));
}

/// Rule ids in `--explain` output for a rule set, and the ids of the rules in that set.
fn removal_and_active_ids(flags: &[&str]) -> (Vec<String>, Vec<String>) {
    let out = gharbal()
        .args(["clean", "-f", "json", "--explain"])
        .args(flags)
        .arg(SEED_PATH)
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs: Value = serde_json::from_slice(&out.stdout).unwrap();
    let removed = docs
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            d["removed"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["rule"].as_str().unwrap().to_string())
        })
        .collect();
    let list = gharbal()
        .args(["rules", "list"])
        .args(flags)
        .output()
        .unwrap();
    let active = stdout_of(&list)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    (removed, active)
}

#[test]
fn removals_name_rules_of_the_active_set() {
    let (removed, active) = removal_and_active_ids(&[]);
    assert!(!removed.is_empty());
    for id in &removed {
        assert!(active.contains(id), "`{id}` is not an active rule");
    }
}

/// With the built-ins dropped, no built-in rule may remove anything.
#[test]
fn no_default_rules_removes_nothing_in_the_name_of_a_built_in() {
    let (removed, active) = removal_and_active_ids(&["--no-default-rules"]);
    assert!(active.is_empty());
    assert_eq!(removed, Vec::<String>::new());
}

#[test]
fn disable_turns_a_rule_off() {
    let out = gharbal()
        .args(["clean", "--disable", "copyright-line", SEED_PATH])
        .output()
        .unwrap();
    assert!(out.status.success());
    let list = gharbal()
        .args(["rules", "list", "--disable", "copyright-line"])
        .output()
        .unwrap();
    assert!(!stdout_of(&list).contains("copyright-line"));
}

#[test]
fn rules_list_lists_the_built_in_rules() {
    let out = gharbal().args(["rules", "list"]).output().unwrap();
    assert!(out.status.success());
    let list = stdout_of(&out);
    let line = list
        .lines()
        .find(|l| l.starts_with("copyright-line "))
        .expect("copyright-line is listed");
    assert!(
        line.contains("line") && line.contains("rules/footer.toml"),
        "{line}"
    );
}

#[test]
fn rules_show_prints_a_rule_as_toml() {
    let out = gharbal()
        .args(["rules", "show", "copyright-line"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = stdout_of(&out);
    assert!(shown.contains("id = \"copyright-line\""), "{shown}");
    assert!(shown.contains("must-remove"), "{shown}");
    gharbal()
        .args(["rules", "show", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rule"));
}

#[test]
fn rules_test_runs_the_built_in_examples() {
    gharbal()
        .args(["rules", "test"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn rules_test_on_a_user_file_passes() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "mine.toml", USER_RULES);
    gharbal()
        .args(["rules", "test"])
        .arg(&rules)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 rules, 2 examples, 0 failed"));
}

#[test]
fn rules_test_on_a_user_file_with_a_failing_example_exits_1_naming_rule_and_example() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "promo.toml",
        r#"
[[rule]]
id = "promo-line"
description = "The site's channel promo line"
pass = "line"
anchor = "start"
phrases = ["Subscribe to our channel"]
must-remove = ["Subscribe to our channel now", "Follow our channel"]
must-keep = ["He did not subscribe to our channel of thought."]
"#,
    );
    let out = gharbal()
        .args(["rules", "test"])
        .arg(&rules)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = stdout_of(&out);
    let fail = report
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(fail.contains("promo-line"), "{report}");
    assert!(report.contains("Follow our channel"), "{report}");
    assert!(
        !report.contains("Subscribe to our channel now"),
        "the passing example is not reported: {report}"
    );
    assert!(report.contains("1 failed"), "{report}");
}
