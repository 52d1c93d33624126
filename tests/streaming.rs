//! Long inputs on standard output are streamed in windows cut at blank lines (see
//! `src/windows.rs`): nothing is lost or invented, JSON documents are numbered across windows,
//! every thread count prints the same bytes, and only a line too long to cut is refused.

use std::collections::HashSet;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = include_str!("../samples/saraya-appended.txt");
const GUARDIAN: &str = include_str!("../samples/guardian-valencia-fire-en.txt");

fn gharbal() -> Command {
    let mut cmd = Command::cargo_bin("gharbal").expect("the gharbal binary is built");
    cmd.env_clear();
    cmd
}

/// About 3 MB of dumps separated by blank lines: several windows.
fn long_input() -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 3 << 20 {
        s.push_str(if i % 3 == 2 { GUARDIAN } else { SEED });
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s.push('\n');
        i += 1;
    }
    s
}

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = gharbal().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_long_stream_loses_nothing_invents_nothing_and_is_the_same_for_any_j() {
    let input = long_input();
    let (code, one, err) = run(&["clean", "-q", "-j", "1"], &input);
    assert_eq!(code, 0, "{err}");
    let (_, two, _) = run(&["clean", "-q", "-j", "2"], &input);
    assert!(one == two, "-j 1 and -j 2 print the same bytes");
    // Every output line is an input line (or part of one).
    let lines: HashSet<&str> = input.lines().map(str::trim).collect();
    for l in one.lines().filter(|l| !l.is_empty() && *l != "\x0c") {
        assert!(
            lines.contains(l) || input.contains(l),
            "not from the input: {l:?}"
        );
    }
    // Each dump's articles come out once per dump: the seed holds two, the Guardian page one.
    let seeds = input.matches(SEED.lines().next().unwrap()).count();
    let docs = one.split("\x0c\n").count();
    let guardians = input.matches(GUARDIAN.lines().next().unwrap()).count();
    assert_eq!(docs, seeds * 2 + guardians, "documents out");
}

#[test]
fn json_documents_are_numbered_across_windows_and_spans_point_into_the_input() {
    let input = long_input();
    let (code, out, err) = run(&["clean", "-q", "--format", "jsonl", "--explain"], &input);
    assert_eq!(code, 0, "{err}");
    let recs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(recs.len() > 100);
    for (n, r) in recs.iter().enumerate() {
        assert_eq!(r["index"], n + 1);
    }
    // The removals of the last document point at the input's last windows, into real text.
    let last = recs.last().unwrap();
    let spans = last["removed"].as_array().unwrap();
    assert!(!spans.is_empty());
    for s in spans {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(a > 2 << 20 && b <= input.len(), "{a}..{b}");
        assert!(input.is_char_boundary(a) && input.is_char_boundary(b));
    }
}

#[test]
fn a_file_is_streamed_like_standard_input() {
    let input = long_input();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &input).unwrap();
    let from_file = gharbal()
        .args(["clean", "-q", "--max-file-size", "1M"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(from_file.status.code(), Some(0));
    let (_, from_stdin, _) = run(&["clean", "-q"], &input);
    assert!(String::from_utf8(from_file.stdout).unwrap() == from_stdin);
}

#[test]
fn a_line_too_long_to_cut_is_refused_with_the_limit() {
    let input = format!("{}\n{}", SEED, "x".repeat(3 << 20));
    let (code, _, err) = run(&["clean", "--max-file-size", "1M"], &input);
    assert_eq!(code, 1);
    assert!(
        err.contains("gharbal: error: -: over 1.0 MB without a line break it could be cut at"),
        "{err}"
    );
}
