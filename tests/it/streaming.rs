//! Long inputs are streamed in windows cut at blank lines, to standard output and below `--out` (see
//! `src/windows.rs`): nothing is lost or invented, JSON documents are numbered across windows,
//! every thread count prints the same bytes, and only a line too long to cut is refused.

use std::collections::HashSet;

use serde_json::Value;

use super::common::gharbal;

const SEED: &str = include_str!("../../samples/saraya-appended.txt");
const GUARDIAN: &str = include_str!("../../samples/guardian-valencia-fire-en.txt");

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

/// The documents written below `--out`, in order: `long.txt`, `long.2.txt`, `long.3.txt`, ...
fn text_outputs(out: &std::path::Path, stem: &str) -> Vec<String> {
    let mut docs = Vec::new();
    for d in 1.. {
        let name = if d == 1 {
            format!("{stem}.txt")
        } else {
            format!("{stem}.{d}.txt")
        };
        match std::fs::read_to_string(out.join(name)) {
            Ok(text) => docs.push(text),
            Err(_) => break,
        }
    }
    docs
}

/// A file bigger than `--max-file-size` is streamed below `--out` as to standard output (it
/// was refused there), and gives the same documents, in text and in JSON formats.
#[test]
fn a_big_file_gives_the_same_documents_below_out_as_to_standard_output() {
    let input = long_input();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &input).unwrap();
    let clean = |args: &[&str]| {
        let out = gharbal()
            .args(["clean", "-q", "--max-file-size", "1M"])
            .args(args)
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };

    let out = dir.path().join("text");
    assert_eq!(clean(&["--out", out.to_str().unwrap()]), "");
    let streamed: Vec<String> = clean(&[]).split("\x0c\n").map(str::to_string).collect();
    let written = text_outputs(&out, "long");
    assert!(written.len() > 100, "{} documents", written.len());
    assert!(written == streamed, "the same documents, in the same order");

    for format in ["jsonl", "json"] {
        let out = dir.path().join(format);
        clean(&["--format", format, "--out", out.to_str().unwrap()]);
        let file = std::fs::read_to_string(out.join(format!("long.{format}"))).unwrap();
        let streamed = clean(&["--format", format]);
        assert!(
            file == streamed,
            "{format}: the same bytes as to standard output"
        );
        if format == "json" {
            let docs: Value = serde_json::from_str(&file).unwrap();
            assert_eq!(docs.as_array().unwrap().len(), written.len());
        }
        // Nothing but the output: no temporary file left behind.
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }
}

/// `--skip-existing` passes over a streamed input whose first output exists, without reading it.
#[test]
fn skip_existing_passes_over_a_streamed_input_already_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, long_input()).unwrap();
    let out = dir.path().join("out");
    let run = || {
        gharbal()
            .args(["clean", "--skip-existing", "--out"])
            .arg(&out)
            .arg(&path)
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(0));
    let first = std::fs::read(out.join("long.txt")).unwrap();
    std::fs::write(out.join("long.txt"), "kept").unwrap();
    let again = run();
    assert_eq!(again.status.code(), Some(0));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("0 cleaned, 1 already done"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("long.txt")).unwrap(),
        "kept"
    );
    assert!(!first.is_empty());
}

/// A streamed input whose later document would overwrite another input's output fails alone
/// and leaves nothing of itself: the documents it wrote before the clash are removed.
#[test]
fn a_streamed_input_that_clashes_midway_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("long.txt"), long_input()).unwrap();
    // Its own first output is `long.3.txt`, which is also the long input's third document.
    std::fs::write(inputs.join("long.3.txt"), SEED).unwrap();
    let out = dir.path().join("out");
    let ran = gharbal()
        .args(["clean", "--out"])
        .arg(&out)
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(1));
    let err = String::from_utf8_lossy(&ran.stderr);
    assert!(
        err.contains("long.txt: its document 3 would be written to")
            && err.contains("the output of ")
            && err.contains("nothing written for it"),
        "{err}"
    );
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // The small input's documents, and none of the long one's.
    assert_eq!(left, ["long.3.2.txt", "long.3.txt"]);
    let own = gharbal()
        .arg("clean")
        .arg(inputs.join("long.3.txt"))
        .output()
        .unwrap();
    let own = String::from_utf8(own.stdout).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("long.3.txt")).unwrap(),
        own.split("\x0c\n").next().unwrap()
    );
}
