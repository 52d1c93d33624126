//! Batch mode as a user runs it: directories walked, outputs mirrored below `--out`, the same
//! bytes whatever `-j`, failures reported while the rest is written, resumable runs, reports,
//! JSON Lines in, and pipes closed early.
//!
//! Every test runs the real binary with a cleared environment, and every test that reads a tree
//! checks that the tree is byte for byte the same afterwards: inputs are never written to.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::common;
use common::{gharbal, stderr_of, stdout_of, tree, write};

const SEED: &str = include_str!("../../samples/saraya-appended.txt");
const GUARDIAN: &str = include_str!("../../samples/guardian-valencia-fire-en.txt");
/// An index page: nothing in it is an article.
const INDEX_PAGE: &str = "Home\nNews\nSport\nWeather\nContact us\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";

/// The text documents of `clean` output: a form-feed line between two documents.
fn text_documents(out: &str) -> Vec<String> {
    match out.strip_suffix('\n') {
        None => Vec::new(),
        Some(out) => out.split("\n\x0c\n").map(str::to_string).collect(),
    }
}

fn jsonl(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// What `gharbal clean` prints for one text on standard input.
fn clean_stdin(text: &str) -> String {
    let out = gharbal().arg("clean").write_stdin(text).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

/// A small tree: an Arabic dump with two articles two levels down, an English one, an index
/// page with no article, a PNG, a hidden directory and a symbolic link.
fn small_tree(root: &Path) {
    write(root.join("a/b/page.txt"), SEED);
    write(root.join("a/fire.txt"), GUARDIAN);
    write(root.join("index.html"), INDEX_PAGE);
    write(root.join("a/logo.png"), PNG);
    write(root.join(".cache/old.txt"), SEED);
    #[cfg(unix)]
    std::os::unix::fs::symlink("a/fire.txt", root.join("link.txt")).unwrap();
}

/// A glob that keeps nothing of a directory with files says so, naming the glob and how globs
/// match, instead of pointing at hidden files.
#[test]
fn a_glob_that_matches_nothing_is_named_in_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let run = gharbal()
        .arg("clean")
        .arg(dir.path())
        .args(["--glob", "a/"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(stdout_of(&run).is_empty());
    assert!(
        stderr_of(&run).contains(&format!(
            "gharbal: warning: {}: no file here matches --glob 'a/' (globs follow gitignore rules below the directory",
            dir.path().display()
        )) && stderr_of(&run).contains("write 'dir/**' for the files in it"),
        "{}",
        stderr_of(&run)
    );
    let run = gharbal()
        .arg("clean")
        .arg(dir.path())
        .args(["--glob", "a/**", "-q"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(!stdout_of(&run).is_empty());
}

#[test]
fn out_mirrors_the_tree_one_file_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("scrapes"), dir.path().join("clean"));
    small_tree(&input);
    let before = tree(&input);
    let run = gharbal()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    assert_eq!(
        stdout_of(&run),
        "",
        "with --out nothing goes to standard output"
    );

    let seed_docs = text_documents(&clean_stdin(SEED));
    assert_eq!(seed_docs.len(), 2);
    let fire_docs = text_documents(&clean_stdin(GUARDIAN));
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    // page.txt holds the first document, page.2.txt the second; the index page has no
    // document and so no file; the PNG, the hidden directory and the link are not walked.
    assert_eq!(names, ["a/b/page.2.txt", "a/b/page.txt", "a/fire.txt"]);
    assert_eq!(
        files["a/b/page.txt"],
        format!("{}\n", seed_docs[0]).into_bytes()
    );
    assert_eq!(
        files["a/b/page.2.txt"],
        format!("{}\n", seed_docs[1]).into_bytes()
    );
    assert_eq!(
        files["a/fire.txt"],
        format!("{}\n", fire_docs[0]).into_bytes()
    );

    let err = stderr_of(&run);
    assert!(
        err.contains("logo.png: looks like a binary file, not text; skipped")
            && err.contains("gharbal: note:"),
        "{err}"
    );
    assert!(
        err.contains("link.txt: a symbolic link, not followed (use --follow)"),
        "{err}"
    );
    assert!(
        err.contains("gharbal: 4 files: 3 cleaned, 1 binary skipped"),
        "{err}"
    );
    assert!(err.contains("3 documents out"), "{err}");
    assert!(
        !err.contains('\r'),
        "no progress bar when stderr is not a terminal: {err:?}"
    );
    assert_eq!(tree(&input), before, "inputs are never written to");

    // --hidden and --follow take in what was left out.
    let out2 = dir.path().join("clean2");
    let run = gharbal()
        .args(["clean", "--hidden", "--follow", "-q"])
        .arg(&input)
        .arg("--out")
        .arg(&out2)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    assert_eq!(stderr_of(&run), "", "--quiet: no notes, no summary");
    let names: Vec<String> = tree(&out2).into_keys().collect();
    assert_eq!(
        names,
        [
            ".cache/old.2.txt",
            ".cache/old.txt",
            "a/b/page.2.txt",
            "a/b/page.txt",
            "a/fire.txt",
            "link.txt"
        ]
    );
    assert_eq!(tree(&input), before);
}

#[test]
fn jsonl_out_is_one_file_per_input_and_json_one_array() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("scrapes"), dir.path().join("clean"));
    small_tree(&input);
    let before = tree(&input);
    let run = gharbal()
        .args(["clean", "--format", "jsonl", "-q"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    // The index page gets an empty file: zero records is its whole output.
    assert_eq!(names, ["a/b/page.jsonl", "a/fire.jsonl", "index.jsonl"]);
    let page = jsonl(std::str::from_utf8(&files["a/b/page.jsonl"]).unwrap());
    assert_eq!(page.len(), 2);
    assert_eq!(page[1]["index"], 2);
    assert_eq!(
        page[0]["source"],
        input.join("a/b/page.txt").display().to_string()
    );
    assert!(files["index.jsonl"].is_empty());

    let out = dir.path().join("json");
    gharbal()
        .args(["clean", "--format", "json", "-q"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let page: Value =
        serde_json::from_slice(&fs::read(out.join("a/b/page.json")).unwrap()).unwrap();
    assert_eq!(page.as_array().unwrap().len(), 2);
    let index: Value = serde_json::from_slice(&fs::read(out.join("index.json")).unwrap()).unwrap();
    assert_eq!(index, serde_json::json!([]));
    assert_eq!(tree(&input), before);
}

#[test]
fn without_out_one_stream_in_walk_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("scrapes");
    small_tree(&input);
    write(input.join("b.txt"), GUARDIAN);
    let before = tree(&input);
    let run = gharbal()
        .args(["clean", "--format", "jsonl"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let sources: Vec<String> = jsonl(&stdout_of(&run))
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect();
    let path = |p: &str| input.join(p).display().to_string();
    // Names sorted within each directory, depth first: a/ before b.txt.
    assert_eq!(
        sources,
        [
            path("a/b/page.txt"),
            path("a/b/page.txt"),
            path("a/fire.txt"),
            path("b.txt")
        ]
    );

    // JSON: one array over every input.
    let run = gharbal()
        .args(["clean", "--format", "json", "-q"])
        .arg(&input)
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 4);

    // Text: form feeds between documents across inputs, as for files given one by one.
    let run = gharbal()
        .args(["clean", "-q"])
        .arg(&input)
        .output()
        .unwrap();
    let one_by_one = gharbal()
        .arg("clean")
        .args([
            input.join("a/b/page.txt"),
            input.join("a/fire.txt"),
            input.join("b.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&run), stdout_of(&one_by_one));
    assert_eq!(tree(&input), before);
}

#[test]
fn globs_include_and_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("scrapes");
    small_tree(&input);
    write(input.join("drafts/x.txt"), GUARDIAN);
    write(input.join(".hidden.txt"), GUARDIAN);
    let before = tree(&input);
    let run = gharbal()
        .args([
            "clean", "--format", "jsonl", "-q", "--glob", "*.txt", "--glob", "!drafts/",
        ])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let mut sources: Vec<String> = jsonl(&stdout_of(&run))
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect();
    sources.dedup();
    // A glob that matches a hidden file does not bring it in without --hidden.
    assert_eq!(
        sources,
        [
            input.join("a/b/page.txt").display().to_string(),
            input.join("a/fire.txt").display().to_string()
        ]
    );
    gharbal()
        .args(["clean", "--glob", "a/{b"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--glob a/{b"));
    assert_eq!(tree(&input), before);
}

/// A small dump made from a window of the samples' lines, so that thousands of them differ.
fn small_dump(i: usize) -> String {
    let base: Vec<&str> = if i % 3 == 0 { GUARDIAN } else { SEED }.lines().collect();
    let len = 6 + i % 9;
    let start = (i * 7) % (base.len() - len);
    let mut dump: String = base[start..start + len]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    if i % 5 == 0 {
        dump.push_str(&format!("© {} All rights reserved\n", 2000 + i % 25));
    }
    dump
}

/// Starts a batch of `input` into `out` and returns once 20 outputs exist (or it ended), with
/// whether it was still running then.
fn start_batch_until_20_outputs(input: &Path, out: &Path) -> (std::process::Child, bool) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gharbal"))
        .env_clear()
        .args(["clean", "--max-file-size", "64K", "-j", "2", "-q"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while tree(out).len() < 20 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let was_running = child.try_wait().unwrap().is_none();
    (child, was_running)
}

#[test]
fn a_few_thousand_dumps_same_bytes_any_j_failure_reported_kill_and_resume() {
    const N: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..N {
        write(
            input.join(format!("site{}/{:02}/page{i}.txt", i % 7, i % 13)),
            small_dump(i),
        );
    }
    // In the middle of the walk, a file over the size limit.
    write(input.join("site3/05/huge.txt"), SEED.repeat(20));
    let before = tree(&input);
    let clean_into = |out: &Path, j: &str| {
        gharbal()
            .args(["clean", "--max-file-size", "64K", "-j", j])
            .arg(&input)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
    };

    let one = dir.path().join("one");
    let run = clean_into(&one, "1");
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    assert!(
        err.contains("gharbal: error: ")
            && err.contains("huge.txt: is 1")
            && err.contains("over the --max-file-size limit of 65.5 KB"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{} files: {N} cleaned, 1 failed", N + 1)),
        "{err}"
    );
    let reference = tree(&one);
    let firsts = reference
        .keys()
        .filter(|k| k.contains("/page") && !k.trim_end_matches(".txt").contains('.'))
        .count();
    assert!(firsts > N / 2, "{firsts} of {N} inputs have an output");
    assert!(!reference.keys().any(|k| k.contains("huge")));

    let two = dir.path().join("two");
    let run = clean_into(&two, "2");
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(tree(&two), reference, "-j 1 and -j 2 write the same files");

    // Killed mid-run: every file under its final name is whole; the rerun with
    // --skip-existing removes the temporary files and finishes the job.
    let killed = dir.path().join("killed");
    let (mut child, was_running) = start_batch_until_20_outputs(&input, &killed);
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = tree(&killed);
    let mut temporary = 0;
    for (name, bytes) in &partial {
        let file = name.rsplit('/').next().unwrap();
        if file.starts_with(".gharbal-") && file.ends_with(".tmp") {
            temporary += 1;
        } else {
            assert_eq!(Some(bytes), reference.get(name), "{name} is whole");
        }
    }
    if was_running {
        assert!(
            partial.len() - temporary < reference.len(),
            "the run was cut short"
        );
    }
    let report = dir.path().join("report.json");
    let run = gharbal()
        .args([
            "clean",
            "--max-file-size",
            "64K",
            "--skip-existing",
            "--report",
        ])
        .arg(&report)
        .arg(&input)
        .arg("--out")
        .arg(&killed)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    if temporary > 0 {
        assert!(stderr_of(&run).contains("temporary file(s) left by an interrupted run"));
    }
    assert_eq!(
        tree(&killed),
        reference,
        "the resumed run completes the tree"
    );
    let report: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert!(
        report["skipped_existing"].as_u64().unwrap() >= 1,
        "{report}"
    );
    assert_eq!(report["failed"], 1);

    // The same tree streamed to standard output: the same bytes with -j 1 and -j 4.
    let stream = |j: &str| {
        let run = gharbal()
            .args(["clean", "--format", "jsonl", "-q", "-j", j])
            .arg(input.join("site1"))
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
        run.stdout
    };
    let (j1, j4) = (stream("1"), stream("4"));
    assert!(j1.len() > 100_000);
    assert!(j1 == j4, "-j 1 and -j 4 print the same bytes");

    // Interrupted (Ctrl-C, then SIGTERM) mid-run: exit 130, every file whole, and no temporary
    // file left at all, since the handler deletes the ones being written.
    for signal in ["-INT", "-TERM"] {
        let stopped = dir.path().join(format!("stopped{signal}"));
        let (mut child, was_running) = start_batch_until_20_outputs(&input, &stopped);
        let sent = std::process::Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        if was_running {
            assert_eq!(status.code(), Some(130), "{signal}");
        }
        for (name, bytes) in &tree(&stopped) {
            let file = name.rsplit('/').next().unwrap();
            assert!(
                !file.starts_with(".gharbal-"),
                "{signal}: {name} was left behind"
            );
            assert_eq!(
                Some(bytes),
                reference.get(name),
                "{signal}: {name} is whole"
            );
        }
    }
    assert_eq!(tree(&input), before, "inputs are never written to");
}

#[test]
fn unreadable_files_are_reported_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    write(input.join("a.txt"), SEED);
    write(input.join("c.txt"), GUARDIAN);
    #[cfg(unix)]
    std::os::unix::fs::symlink("no-such-file.txt", input.join("b-dangling.txt")).unwrap();
    let locked = input.join("b-locked.txt");
    write(&locked, SEED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    }
    // As root (CI runs as root), mode 000 does not stop a read: then only the dangling link
    // fails, and the locked file is cleaned like any other.
    let locked_blocks = fs::read(&locked).is_err();
    let before = tree(&input);
    let run = gharbal()
        .args(["clean", "--follow"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    let dangling = format!(
        "gharbal: error: {}: No such file or directory",
        input.join("b-dangling.txt").display()
    );
    assert!(err.contains(&dangling), "{err}");
    if locked_blocks {
        assert!(
            err.contains(&format!(
                "gharbal: error: {}: Permission denied",
                locked.display()
            )),
            "{err}"
        );
    }
    let written = tree(&out);
    assert!(
        written.contains_key("a.txt") && written.contains_key("a.2.txt"),
        "{written:?}"
    );
    assert!(written.contains_key("c.txt"), "{written:?}");
    assert_eq!(written.contains_key("b-locked.txt"), !locked_blocks);
    assert_eq!(tree(&input), before);
}

#[test]
fn out_inside_an_input_or_an_input_inside_out_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("scrapes");
    write(input.join("a.txt"), SEED);
    // Inputs already inside the would-be --out, which the walk would pass over.
    write(input.join("a").join("b.txt"), SEED);
    let before = tree(dir.path());
    for out in [input.join("a"), input.join("new").join("clean")] {
        let run = gharbal()
            .arg("clean")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{}", stderr_of(&run));
        assert_eq!(
            stderr_of(&run),
            format!(
                "gharbal: error: --out {} is inside the input directory {}: outputs would be written into the input tree (where a later run takes them for inputs, and inputs already there would be passed over); choose an --out outside it\n",
                out.display(),
                input.display()
            )
        );
        assert_eq!(tree(dir.path()), before, "nothing was written");
    }

    // An input directory inside --out, or --out itself, would mix outputs with inputs.
    let before = tree(dir.path());
    for (inp, out) in [(&input, &dir.path().to_path_buf()), (&input, &input)] {
        let run = gharbal()
            .arg("clean")
            .arg(inp)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{}", stderr_of(&run));
        assert!(
            stderr_of(&run).contains("choose an --out outside it"),
            "{}",
            stderr_of(&run)
        );
    }
    // A file whose output would replace it.
    let run = gharbal()
        .arg("clean")
        .arg(input.join("a.txt"))
        .arg("--out")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr_of(&run).contains("its output would replace it"),
        "{}",
        stderr_of(&run)
    );
    assert_eq!(tree(dir.path()), before, "nothing was written");
}

#[test]
fn skip_existing_leaves_finished_outputs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    small_tree(&input);
    let before = tree(&input);
    let run = |extra: &[&str]| {
        gharbal()
            .arg("clean")
            .args(extra)
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    assert_eq!(run(&["-q"]).status.code(), Some(0));
    let first = tree(&out);
    // Mark one output so a rewrite would show, and lose another.
    fs::write(out.join("a/fire.txt"), "SENTINEL").unwrap();
    fs::remove_file(out.join("a/b/page.txt")).unwrap();
    let again = run(&["--skip-existing"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    assert!(
        stderr_of(&again).contains("1 already done"),
        "{}",
        stderr_of(&again)
    );
    let second = tree(&out);
    assert_eq!(second["a/fire.txt"], b"SENTINEL", "not rewritten");
    assert_eq!(second["a/b/page.txt"], first["a/b/page.txt"], "redone");
    // Without --skip-existing, everything is written again.
    assert_eq!(run(&["-q"]).status.code(), Some(0));
    assert_eq!(tree(&out), first);
    assert_eq!(tree(&input), before);
}

#[test]
fn outputs_that_would_collide_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    // page.txt has two documents; its second would be page.2.txt, another input's output.
    write(input.join("page.txt"), SEED);
    write(input.join("page.2.txt"), GUARDIAN);
    let run = gharbal()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = stderr_of(&run);
    assert!(
        err.contains("page.txt: its document 2 would be written to")
            && err.contains("page.2.txt, the output of"),
        "{err}"
    );
    let names: Vec<String> = tree(&out).into_keys().collect();
    assert_eq!(names, ["page.2.txt"]);

    // Two inputs with one JSON Lines output name: the second fails, the first is written.
    write(input.join("x.md"), GUARDIAN);
    write(input.join("x.txt"), GUARDIAN);
    let before = tree(&input);
    let out = dir.path().join("out2");
    let run = gharbal()
        .args(["clean", "--format", "jsonl"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr_of(&run).contains("x.txt: its output")
            && stderr_of(&run).contains("is also the output of"),
        "{}",
        stderr_of(&run)
    );
    assert!(out.join("x.jsonl").is_file());
    assert_eq!(tree(&input), before);
}

#[test]
fn report_has_the_summary_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    small_tree(&input);
    write(input.join("big.txt"), "x".repeat(20_000));
    let before = tree(&input);
    let report = dir.path().join("reports/run.json");
    fs::create_dir_all(report.parent().unwrap()).unwrap();
    let run = gharbal()
        .args(["clean", "-q", "--max-file-size", "16K", "--report"])
        .arg(&report)
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr_of(&run).contains("big.txt: is 20.0 KB, over the --max-file-size limit"));
    let r: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["files"], 5, "{r}");
    assert_eq!(r["cleaned"], 3, "{r}");
    assert_eq!(r["skipped_binary"], 1, "{r}");
    assert_eq!(r["skipped_other"], 1, "{r}");
    assert_eq!(r["failed"], 1, "{r}");
    assert_eq!(r["documents_out"], 3, "{r}");
    let in_bytes = (SEED.len() + GUARDIAN.len() + INDEX_PAGE.len()) as u64;
    assert_eq!(r["bytes_in"].as_u64(), Some(in_bytes), "{r}");
    let out_bytes: usize = tree(&out).values().map(Vec::len).sum();
    assert_eq!(r["bytes_out"].as_u64(), Some(out_bytes as u64), "{r}");
    assert!(
        r["seconds"].is_number() && r["threads"].as_u64().unwrap() >= 1,
        "{r}"
    );
    let rules = r["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|x| x["rule"] == "read-also-run" && x["fired"].as_u64().unwrap() >= 1),
        "{r}"
    );
    let failures = r["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(
        failures[0]["path"],
        input.join("big.txt").display().to_string()
    );
    assert!(failures[0]["reason"]
        .as_str()
        .unwrap()
        .contains("--max-file-size"));
    assert!(r.get("records").is_none(), "no record counts for dumps");
    let leftovers: Vec<_> = fs::read_dir(report.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the report, no temporary file");
    assert_eq!(tree(&input), before);
}

/// Records as a crawler writes them: the text field holds a dump.
fn shard() -> String {
    let rec = |url: &str, text: &str, extra: &str| {
        format!(
            "{{\"url\":\"{url}\",\"text\":{}{extra}}}\n",
            serde_json::to_string(text).unwrap()
        )
    };
    let mut s = String::new();
    s.push_str(&rec("https://a.example/1", SEED, ",\"crawl\":\"CC-1\""));
    s.push_str("{\"url\":\"https://a.example/2\",\"text\":\"cut short\n");
    s.push('\n');
    s.push_str("{\"url\":\"https://a.example/4\",\"text\":42}\n");
    s.push_str("{\"url\":\"https://a.example/5\",\"body\":\"no text field\"}\n");
    s.push_str(&rec("https://b.example/6", GUARDIAN, ",\"lang\":\"en\""));
    s
}

#[test]
fn jsonl_records_are_cleaned_and_bad_ones_reported_by_line() {
    let run = gharbal()
        .args(["clean", "--input-format", "jsonl", "--id-field", "url"])
        .write_stdin(shard())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    assert!(
        err.contains("gharbal: error: -:2: malformed record, skipped"),
        "{err}"
    );
    assert!(
        err.contains("gharbal: error: -:4: `text` is a number, not a string; record skipped"),
        "{err}"
    );
    assert!(
        err.contains("gharbal: error: -:5: no `text` field"),
        "{err}"
    );
    assert!(err.contains("5 records: 2 cleaned, 3 failed"), "{err}");

    let out = stdout_of(&run);
    let records = jsonl(&out);
    let seed_docs = text_documents(&clean_stdin(SEED));
    let fire_docs = text_documents(&clean_stdin(GUARDIAN));
    assert_eq!(records.len(), seed_docs.len() + fire_docs.len());
    assert_eq!(records[0]["url"], "https://a.example/1");
    assert_eq!(
        records[0]["crawl"], "CC-1",
        "other fields are carried through"
    );
    assert_eq!(records[0]["source"], "https://a.example/1");
    assert_eq!(records[0]["doc_index"], 1);
    assert_eq!(records[1]["doc_index"], 2);
    assert_eq!(records[0]["text"], seed_docs[0]);
    assert_eq!(records[1]["text"], seed_docs[1]);
    let last = records.last().unwrap();
    assert_eq!(last["url"], "https://b.example/6");
    assert_eq!(last["lang"], "en");
    assert_eq!(last["text"], fire_docs[0]);
    // The input's field order is kept: url, text, crawl, then what gharbal adds.
    assert!(
        out.lines()
            .next()
            .unwrap()
            .starts_with("{\"url\":\"https://a.example/1\",\"text\":"),
        "{out}"
    );

    // --strict stops at the first bad record.
    let run = gharbal()
        .args(["clean", "--input-format", "jsonl", "--strict"])
        .write_stdin(shard())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr_of(&run).contains("-:2: malformed"));
    assert!(!stderr_of(&run).contains("-:4:"));
    let records = jsonl(&stdout_of(&run));
    assert_eq!(records.len(), seed_docs.len());
    // Without an id field, source names the stream and the line.
    assert_eq!(records[0]["source"], "-:1");
}

/// Under a pipe (Spark's `RDD.pipe`, Hadoop Streaming) a nonzero exit fails the task, and a
/// record dropped with only a message on stderr is lost to the job: `--on-error pass` writes
/// each bad record on, as it came, with the reason in `error`, and exits 0.
#[test]
fn jsonl_on_error_pass_writes_bad_records_on_and_exits_0() {
    let mut input = shard();
    // Over the size limit below, and never held whole.
    input.push_str(&format!(
        "{{\"url\":\"https://c.example/7\",\"text\":\"{}\"}}\n",
        "x".repeat(300_000)
    ));
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.json");
    let run = gharbal()
        .args(["clean", "--input-format", "jsonl", "--id-field", "url"])
        .args(["--on-error", "pass", "--max-file-size", "256K", "--report"])
        .arg(&report)
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let report: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(
        report["records"],
        serde_json::json!({"read": 6, "cleaned": 2, "failed": 0, "passed": 4})
    );
    assert_eq!(report["warnings"].as_array().unwrap().len(), 4);
    let err = stderr_of(&run);
    assert!(
        err.contains("gharbal: warning: -:4: `text` is a number, not a string; passed on with an error field"),
        "{err}"
    );
    assert!(
        err.contains("6 records: 2 cleaned, 0 failed, 4 passed on with an error field"),
        "{err}"
    );
    let records = jsonl(&stdout_of(&run));
    let seed_docs = text_documents(&clean_stdin(SEED));
    let fire_docs = text_documents(&clean_stdin(GUARDIAN));
    assert_eq!(records.len(), seed_docs.len() + fire_docs.len() + 4);
    let errors: Vec<&Value> = records
        .iter()
        .filter(|r| r.get("error").is_some())
        .collect();
    // In input order, each where its record was.
    assert_eq!(records[seed_docs.len()], *errors[0]);
    assert_eq!(
        errors[0],
        &serde_json::json!({
            "record": "{\"url\":\"https://a.example/2\",\"text\":\"cut short",
            "source": "-:2",
            "error": "malformed record: EOF while parsing a string (column 46)",
        })
    );
    // A JSON object comes back whole, its own fields untouched, named by its id.
    assert_eq!(
        errors[1],
        &serde_json::json!({
            "url": "https://a.example/4", "text": 42, "source": "https://a.example/4",
            "error": "`text` is a number, not a string",
        })
    );
    assert_eq!(errors[2]["body"], "no text field");
    assert_eq!(errors[2]["error"], "no `text` field");
    // Never held whole, but named by the id its first bytes hold.
    assert_eq!(
        errors[3],
        &serde_json::json!({
            "source": "https://c.example/7",
            "error": "record over the --max-file-size limit of 262.1 KB",
        })
    );
    // The cleaned records are those of a run without the flag.
    let plain = gharbal()
        .args(["clean", "--input-format", "jsonl", "--id-field", "url"])
        .args(["--max-file-size", "256K"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(1));
    let clean: Vec<Value> = records
        .iter()
        .filter(|r| r.get("error").is_none())
        .cloned()
        .collect();
    assert_eq!(clean, jsonl(&stdout_of(&plain)));
    // The same input gives the same bytes: a retried task writes what the first try wrote.
    let again = gharbal()
        .args([
            "clean",
            "--input-format",
            "jsonl",
            "--id-field",
            "url",
            "-j",
            "1",
        ])
        .args(["--on-error", "pass", "--max-file-size", "256K"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(again.stdout, run.stdout);

    // A field of the user's own name, and what the flags refuse.
    let run = gharbal()
        .args(["clean", "--input-format", "jsonl", "--on-error", "pass"])
        .args(["--error-field", "gharbal_error"])
        .write_stdin("{\"text\":null,\"error\":\"HTTP 404\"}\n")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        jsonl(&stdout_of(&run)),
        [
            serde_json::json!({"text": null, "error": "HTTP 404", "source": "-:1", "gharbal_error": "`text` is null, not a string"})
        ]
    );
    for (args, why) in [
        (
            &["--on-error", "pass", "-f", "text"][..],
            "use --format jsonl",
        ),
        (&["--error-field", "e"][..], "add --on-error pass"),
        (
            &["--on-error", "pass", "--strict"][..],
            "cannot be used with",
        ),
    ] {
        let run = gharbal()
            .args(["clean", "--input-format", "jsonl"])
            .args(args)
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&run).contains(why),
            "{args:?}: {}",
            stderr_of(&run)
        );
    }
    let run = gharbal()
        .args(["clean", "--on-error", "pass"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr_of(&run).contains("applies with --input-format jsonl"));
}

#[test]
fn jsonl_shards_in_a_directory_mirror_to_jsonl_files() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("shards"), dir.path().join("clean"));
    let good = |url: &str, text: &str| {
        format!(
            "{{\"body\":{},\"url\":\"{url}\"}}\n",
            serde_json::to_string(text).unwrap()
        )
    };
    write(
        input.join("a.jsonl"),
        good("u1", SEED) + &good("u2", GUARDIAN),
    );
    write(
        input.join("sub/b.jsonl"),
        good("u3", INDEX_PAGE) + "not json\n",
    );
    let before = tree(&input);
    let run = gharbal()
        .args(["clean", "--input-format", "jsonl", "--text-field", "body"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    assert!(
        stderr_of(&run).contains(&format!(
            "{}:2: malformed record",
            input.join("sub/b.jsonl").display()
        )),
        "{}",
        stderr_of(&run)
    );
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["a.jsonl", "sub/b.jsonl"]);
    let a = jsonl(std::str::from_utf8(&files["a.jsonl"]).unwrap());
    assert_eq!(a.len(), 3);
    assert!(a
        .iter()
        .all(|r| r["body"].is_string() && r.get("text").is_none()));
    assert!(
        files["sub/b.jsonl"].is_empty(),
        "the index page has no document"
    );
    assert_eq!(tree(&input), before);

    // Text output below --out makes no sense for records.
    gharbal()
        .args(["clean", "--input-format", "jsonl", "--format", "text"])
        .arg(&input)
        .arg("--out")
        .arg(dir.path().join("x"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("add --format jsonl"));
}

/// Runs gharbal with `stdin` piped in, reads `lines` lines of its output, closes the pipe,
/// and returns the exit code and stderr.
fn read_then_close(
    args: &[&str],
    dir: Option<&Path>,
    stdin: Vec<u8>,
    lines: usize,
) -> (Option<i32>, String) {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("gharbal"));
    cmd.env_clear()
        .args(args)
        .args(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // gharbal may close its end first: that is the point.
        let _ = input.write_all(&stdin);
    });
    let mut out = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..lines {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0);
    }
    drop(out);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    let status = child.wait().unwrap();
    feeder.join().unwrap();
    (status.code(), err)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // zcat shard.jsonl.gz | gharbal clean --input-format jsonl | head -n 5
    let record = format!("{{\"text\":{}}}\n", serde_json::to_string(SEED).unwrap());
    let (code, err) = read_then_close(
        &["clean", "--input-format", "jsonl"],
        None,
        record.repeat(3000).into_bytes(),
        5,
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");

    // gharbal clean scrapes/ | head
    let dir = tempfile::tempdir().unwrap();
    for i in 0..400 {
        write(dir.path().join(format!("d/{i:03}.txt")), SEED);
    }
    let (code, err) = read_then_close(&["clean"], Some(&dir.path().join("d")), Vec::new(), 5);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn stale_temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    write(input.join("a.txt"), SEED);
    write(out.join("sub/.gharbal-Ab12Cd.tmp"), "half a docu");
    write(out.join("sub/keep.tmp"), "not ours");
    let before = tree(&input);
    let run = gharbal()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(stderr_of(&run).contains("removed 1 temporary file(s) left by an interrupted run"));
    let names: Vec<String> = tree(&out).into_keys().collect();
    assert_eq!(names, ["a.2.txt", "a.txt", "sub/keep.tmp"]);
    assert_eq!(tree(&input), before);
}

#[test]
fn usage_errors_exit_2_and_do_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let cases: &[(&[&str], &str)] = &[
        (&["clean", "--out"], "a value is required"),
        (&["clean", "--skip-existing", "x"], "--out"),
        (&["clean", "-j", "0", "x"], "--threads"),
        (
            &["clean", "--max-file-size", "lots", "x"],
            "--max-file-size lots: not a size",
        ),
        (
            &["clean", "--input-format", "jsonl", "--encoding", "cp1256"],
            "JSON Lines are UTF-8",
        ),
    ];
    for (args, message) in cases {
        gharbal()
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(*message));
    }
    // Standard input has no name to mirror, and -z has no meaning for one file per document.
    for args in [vec!["clean", "-"], vec!["clean", "-z", "."]] {
        gharbal()
            .args(&args)
            .arg("--out")
            .arg(&out)
            .write_stdin(SEED)
            .assert()
            .code(2);
    }
    assert!(!out.exists());
}

#[test]
fn stats_and_check_walk_like_clean() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    small_tree(&input);
    let before = tree(&input);
    let run = gharbal()
        .args(["stats", "-f", "json", "-j", "2"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        (report["inputs"].as_u64(), report["skipped"].as_u64()),
        (Some(3), Some(1))
    );
    let run = gharbal()
        .args(["clean", "--check", "-q"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let lines: Vec<String> = stdout_of(&run).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with(&input.join("a/b/page.txt").display().to_string()));
    assert_eq!(tree(&input), before);
}

/// Where `--out` puts a file given by name: its file name directly below the directory.
#[test]
fn named_files_go_to_the_top_of_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file: PathBuf = dir.path().join("deep/down/dump.txt");
    write(&file, GUARDIAN);
    let before = tree(&dir.path().join("deep"));
    gharbal()
        .arg("clean")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    assert!(out.join("dump.txt").is_file());
    assert_eq!(tree(&dir.path().join("deep")), before);
}
