//! Every command reads JSON Lines shards as `clean` does: `stats`, `diff`, `explain`, `report`
//! and `clean --check` take `--input-format jsonl` and see one input per record, named by its
//! id field or `FILE:LINE`, with the same handling of malformed records.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use super::common::in_package as gharbal;

const SHARD: &str = "samples/shard.jsonl.gz";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = gharbal().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The shard's records, decompressed, as (url, text).
fn records() -> Vec<(String, String)> {
    let bytes = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SHARD)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    text.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            (
                v["url"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn stats_counts_records_as_clean_writes_them() {
    let (code, out, err) = run(&[
        "stats",
        "--input-format",
        "jsonl",
        "--format",
        "json",
        SHARD,
    ]);
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let n = |k: &str| report[k].as_u64().unwrap();
    assert_eq!(n("inputs"), records().len() as u64);
    assert_eq!(n("failed"), 0);
    let (code, cleaned, err) = run(&[
        "clean",
        "--input-format",
        "jsonl",
        "--format",
        "jsonl",
        SHARD,
    ]);
    assert_eq!(code, 0, "{err}");
    let docs: u64 = cleaned
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["documents"].as_array().map_or(1, |d| d.len() as u64)
        })
        .sum();
    assert_eq!(n("documents_out"), docs);
    // The same records as files give the same totals.
    let dir = tempfile::tempdir().unwrap();
    for (i, (_, text)) in records().iter().enumerate() {
        fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
    }
    let (code, out, err) = run(&["stats", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let files: Value = serde_json::from_str(&out).unwrap();
    for key in ["inputs", "documents_out", "bytes_in", "bytes_removed"] {
        assert_eq!(report[key], files[key], "{key}");
    }
    assert_eq!(report["rules"], files["rules"]);
}

#[test]
fn a_shard_read_as_a_dump_says_so() {
    let (code, out, err) = run(&["stats", SHARD]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("inputs     1 "), "{out}");
    assert!(
        err.contains("looks like JSON Lines but was read as one text dump")
            && err.contains("--input-format jsonl"),
        "{err}"
    );
    // A dump is not taken for one.
    let (_, _, err) = run(&["stats", "samples/saraya-appended.txt"]);
    assert!(!err.contains("JSON Lines"), "{err}");
}

#[test]
fn diff_and_explain_show_each_record_under_its_id() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (url, text)) in records().iter().enumerate() {
        let file = dir.path().join(format!("{i}.txt"));
        fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let (_, one, err) = run(&["diff", "--color", "never", file]);
        assert!(err.is_empty(), "{err}");
        let (_, all, _) = run(&[
            "diff",
            "--color",
            "never",
            "--input-format",
            "jsonl",
            "--id-field",
            "url",
            SHARD,
        ]);
        // The record's hunks, under a header that names it by its url.
        let body = |diff: &str, name: &str| {
            let start = diff.find(&format!("--- a/{name}\n")).expect(name);
            let rest = &diff[start..];
            let hunk = rest.find("\n@@").unwrap();
            let end = rest[hunk..]
                .find("\n--- a/")
                .map_or(rest.len(), |e| hunk + e + 1);
            rest[hunk..end].to_string()
        };
        assert_eq!(
            body(&all, url),
            body(&one, file.trim_start_matches('/')),
            "{url}"
        );

        let rows = |args: &[&str]| -> Vec<Value> {
            let (code, out, err) = run(args);
            assert!(code == 0, "{err}");
            out.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        let of_file = rows(&["explain", "--format", "jsonl", file]);
        let of_shard: Vec<Value> = rows(&[
            "explain",
            "--format",
            "jsonl",
            "--input-format",
            "jsonl",
            "--id-field",
            "url",
            SHARD,
        ])
        .into_iter()
        .filter(|r| r["source"] == url.as_str())
        .collect();
        assert!(!of_file.is_empty());
        let strip = |rows: Vec<Value>| -> Vec<Value> {
            rows.into_iter()
                .map(|mut r| {
                    r.as_object_mut().unwrap().remove("source");
                    r
                })
                .collect()
        };
        assert_eq!(strip(of_shard), strip(of_file), "{url}");
    }
}

#[test]
fn check_and_report_take_records() {
    let (code, out, err) = run(&["clean", "--check", "--input-format", "jsonl", SHARD]);
    assert_eq!(code, 1, "{err}");
    let named: Vec<&str> = out.lines().map(|l| l.split(": ").next().unwrap()).collect();
    assert_eq!(
        named,
        (1..=records().len())
            .map(|i| format!("{SHARD}:{i}"))
            .collect::<Vec<_>>()
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    gharbal()
        .args([
            "report",
            "--input-format",
            "jsonl",
            "--id-field",
            "url",
            SHARD,
            "-o",
        ])
        .arg(&page)
        .assert()
        .success();
    let html = fs::read_to_string(&page).unwrap();
    for (url, _) in records() {
        assert!(html.contains(&url), "{url} not on the review page");
    }
}

#[test]
fn malformed_records_fail_alone_or_stop_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("bad.jsonl");
    let good = "{\"text\": \"عنوان الخبر\\nنص الخبر الأول كاملا هنا.\"}";
    fs::write(&shard, format!("{good}\nnot json\n{good}\n")).unwrap();
    let shard = shard.to_str().unwrap();
    for command in [
        &["stats"][..],
        &["diff"],
        &["explain"],
        &["clean", "--check"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--input-format", "jsonl", shard]);
        let (code, out, err) = run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains(&format!("{shard}:2: malformed record, skipped")),
            "{args:?}: {err}"
        );
        if command == ["stats"] {
            assert!(
                out.contains("inputs     2 ") && out.contains("1 failed"),
                "{out}"
            );
        }
        args.push("--strict");
        let (code, out, _) = run(&args);
        assert_eq!(code, 1, "{args:?}");
        if command == ["stats"] {
            // Stopped at the bad record: the third is not read.
            assert!(
                out.contains("inputs     1 ") && out.contains("1 failed"),
                "{out}"
            );
        }
    }
}

#[test]
fn record_flags_need_json_lines_and_json_lines_is_utf8() {
    for command in ["stats", "diff", "explain", "report"] {
        gharbal()
            .args([command, "--id-field", "url", SHARD])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("add --input-format jsonl"));
    }
    gharbal()
        .args([
            "stats",
            "--input-format",
            "jsonl",
            "--encoding",
            "cp1256",
            SHARD,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("JSON Lines are UTF-8"));
}
