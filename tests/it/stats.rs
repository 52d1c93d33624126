//! `gharbal stats`: the per-rule table and its JSON form over files and directories, exit codes.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use super::common::in_package as gharbal;

const SEED_PATH: &str = "samples/saraya-appended.txt";

fn seed_bytes() -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH)).unwrap()
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn seed_totals_and_rules() {
    let report = json(gharbal().args(["stats", "--format", "json", SEED_PATH]));
    let n = |k: &str| report[k].as_u64().unwrap() as usize;
    assert_eq!(n("inputs"), 1);
    assert_eq!(n("failed"), 0);
    assert_eq!(n("documents_out"), 2);
    assert_eq!(n("bytes_in"), seed_bytes().len());
    assert_eq!(n("lines_in"), 31);
    assert!(n("bytes_kept") + n("bytes_removed") <= n("bytes_in"));
    let rules = report["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["rule"].as_str().unwrap()).collect();
    for id in [
        "read-also-run",
        "comment-form",
        "copyright-line",
        "source-credit",
        "date-line",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let bytes: Vec<u64> = rules.iter().map(|r| r["bytes"].as_u64().unwrap()).collect();
    assert!(
        bytes.windows(2).all(|w| w[0] >= w[1]),
        "rules are sorted by bytes: {bytes:?}"
    );
    assert_eq!(bytes.iter().sum::<u64>() as usize, n("bytes_removed"));
    for r in rules {
        assert!(r["fired"].as_u64().unwrap() >= r["lines"].as_u64().unwrap().min(1));
        let share = r["share"].as_f64().unwrap();
        assert!((share - r["bytes"].as_f64().unwrap() / n("bytes_in") as f64).abs() < 1e-3);
    }
}

#[test]
fn table_has_a_row_per_rule_and_totals() {
    let out = gharbal().args(["stats", SEED_PATH]).output().unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["rule", "fired", "lines", "bytes", "share"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("read-also-run ") && l.ends_with('%')),
        "{table}"
    );
    assert!(table.contains("\nall rules "), "{table}");
    assert!(table.contains("\ninputs     1 (31 lines"), "{table}");
    assert!(table.contains("\ndocuments  2 out\n"), "{table}");
    assert!(table.contains("\nkept       "), "{table}");
}

#[test]
fn directories_are_read_recursively() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_bytes();
    fs::create_dir_all(dir.path().join("a/b")).unwrap();
    fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    fs::write(dir.path().join("a/one.txt"), &seed).unwrap();
    fs::write(dir.path().join("a/b/two.txt"), &seed).unwrap();
    fs::write(dir.path().join(".hidden/three.txt"), &seed).unwrap();
    fs::write(
        dir.path().join("a/b/image.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    let report = json(
        gharbal()
            .current_dir(dir.path())
            .args(["stats", "-f", "json", "a"]),
    );
    assert_eq!(report["inputs"], 2, "{report}");
    assert_eq!(report["skipped"], 1, "{report}");
    assert_eq!(report["documents_out"], 4, "{report}");
    assert_eq!(
        report["bytes_in"].as_u64().unwrap() as usize,
        2 * seed.len()
    );
    // A directory and a file together.
    let both =
        json(
            gharbal()
                .current_dir(dir.path())
                .args(["stats", "-f", "json", "a/b", "a/one.txt"]),
        );
    assert_eq!(both["inputs"], 2, "{both}");
}

#[test]
fn exit_codes_of_stats() {
    // A missing input is counted as failed, the rest is still counted: 1.
    let out = gharbal()
        .args(["stats", "-f", "json", "missing.txt", SEED_PATH])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["inputs"].as_u64(), report["failed"].as_u64()),
        (Some(1), Some(1))
    );
    gharbal()
        .args(["stats", "--format", "csv", SEED_PATH])
        .assert()
        .code(2);
    gharbal()
        .args(["stats", "--disable", "no-such-rule", SEED_PATH])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--disable names no rule"));
}
