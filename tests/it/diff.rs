//! `gharbal diff` and `clean --check`: the diff of the seed (snapshots, colour off and on), that
//! `patch` turns a copy of an input into the cleaned text, colour and escaping rules, exit codes.
//!
//! Every command runs with a cleared environment so no colour variable leaks in from the shell.
//! Update snapshots with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test diff`)
//! and read the diff before committing.

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use predicates::prelude::*;

use super::common::in_package as gharbal;

const SEED_PATH: &str = "samples/saraya-appended.txt";

fn stdout(args: &[&str]) -> String {
    super::common::stdout_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `s` without its SGR colour codes.
fn strip_colour(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        rest = after.find('m').map_or("", |m| &after[m + 1..]);
    }
    out.push_str(rest);
    out
}

/// Colour codes made visible for reviewing snapshots.
fn show_escapes(s: &str) -> String {
    s.replace('\x1b', "␛")
}

#[test]
fn seed_diff_plain() {
    insta::assert_snapshot!("seed_diff_plain", stdout(&["diff", SEED_PATH]));
}

#[test]
fn seed_diff_color() {
    insta::assert_snapshot!(
        "seed_diff_color",
        show_escapes(&stdout(&["diff", "--color", "always", SEED_PATH]))
    );
}

#[test]
fn seed_diff_tags_every_removed_block_and_the_boundary() {
    let diff = stdout(&["diff", SEED_PATH]);
    let headers: Vec<&str> = diff.lines().filter(|l| l.starts_with("@@ ")).collect();
    let all = headers.join("\n");
    for rule in [
        "date-line",
        "read-also-run",
        "comment-form",
        "copyright-line",
        "source-credit",
    ] {
        assert!(all.contains(rule), "no hunk names {rule}:\n{all}");
    }
    assert!(all.contains("document 2 starts at line 22"), "{all}");
    // The form feed between the two documents is an added line of its own.
    assert!(diff.contains("\n+\x0c\n"), "{diff}");
    // Every removed line of the seed is in the diff.
    let seed = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH)).unwrap();
    for gone in [
        "المصدر:",
        "سياسة الخصوصية",
        "تاريخ النشر:",
        "لا يوجد تعليقات",
    ] {
        let line = seed.lines().find(|l| l.contains(gone)).unwrap();
        assert!(
            diff.contains(&format!("\n-{line}\n")),
            "{gone} not removed in\n{diff}"
        );
    }
}

#[test]
fn context_lines_follow_dash_u() {
    let wide = stdout(&["diff", "-U", "5", SEED_PATH]);
    let none = stdout(&["diff", "-U0", SEED_PATH]);
    assert!(!none.lines().any(|l| l.starts_with(' ')), "{none}");
    assert!(
        wide.lines().filter(|l| l.starts_with(' ')).count()
            > stdout(&["diff", SEED_PATH])
                .lines()
                .filter(|l| l.starts_with(' '))
                .count()
    );
}

/// The first article of the seed on its own: a single-document dump with boilerplate around it.
fn single_document_dump() -> String {
    let seed = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH)).unwrap();
    seed.lines().take(20).map(|l| format!("{l}\n")).collect()
}

fn have_patch() -> bool {
    Process::new("patch")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `gharbal diff NAME | patch -p1` in `dir` (a dry run first) and returns the patched file.
fn patch_in(dir: &Path, name: &str) -> String {
    let diff = gharbal()
        .current_dir(dir)
        .args(["diff", name])
        .output()
        .unwrap();
    assert!(diff.status.success());
    for dry in [true, false] {
        let mut cmd = Process::new("patch");
        cmd.arg("-p1").current_dir(dir);
        if dry {
            cmd.arg("--dry-run");
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), &diff.stdout).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "patch failed:\n{}{}\ndiff was:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&diff.stdout)
        );
    }
    fs::read_to_string(dir.join(name)).unwrap()
}

fn cleaned(dir: &Path, name: &str) -> String {
    let out = gharbal()
        .current_dir(dir)
        .args(["clean", name])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn patch_turns_a_single_document_dump_into_its_cleaned_text() {
    if !have_patch() {
        eprintln!("skipped: `patch` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("dumps")).unwrap();
    fs::write(
        dir.path().join("dumps/one article.txt"),
        single_document_dump(),
    )
    .unwrap();
    let before = cleaned(dir.path(), "dumps/one article.txt");
    assert_eq!(
        before.matches('\x0c').count(),
        0,
        "the dump must hold one document:\n{before}"
    );
    assert_eq!(patch_in(dir.path(), "dumps/one article.txt"), before);
}

#[test]
fn patch_reproduces_clean_output_for_the_seed_and_awkward_line_endings() {
    if !have_patch() {
        eprintln!("skipped: `patch` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH)).unwrap();
    let crlf = format!(
        "  {}",
        single_document_dump().replace('\n', " \r\n").trim_end()
    );
    for (name, text) in [("seed.txt", seed), ("crlf.txt", crlf)] {
        fs::write(dir.path().join(name), &text).unwrap();
        let want = cleaned(dir.path(), name);
        assert_eq!(patch_in(dir.path(), name), want, "{name}");
    }
}

#[test]
fn piped_output_has_no_colour_unless_asked() {
    let plain = gharbal().args(["diff", SEED_PATH]).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b));
    let never = gharbal()
        .env("CLICOLOR_FORCE", "1")
        .args(["diff", "--color", "never", SEED_PATH])
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
    let no_color = gharbal()
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .args(["diff", SEED_PATH])
        .output()
        .unwrap();
    assert!(!no_color.stdout.contains(&0x1b));
    let forced = gharbal()
        .env("CLICOLOR_FORCE", "1")
        .args(["diff", SEED_PATH])
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b));
    let always = gharbal()
        .env("NO_COLOR", "1")
        .args(["diff", "--color", "always", SEED_PATH])
        .output()
        .unwrap();
    assert!(always.stdout.contains(&0x1b));
}

#[test]
fn piped_output_keeps_bidi_and_zero_width_characters_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A headline about the river and the floods\u{200f}\n\
                The river rose again this spring, and the town council met on Monday to decide what to do about the bridge and the farms near it.\n\
                Read more: \u{202e}Floods hit the north\u{200b} again\n";
    fs::write(dir.path().join("bidi.txt"), text).unwrap();
    let out = gharbal()
        .current_dir(dir.path())
        .args(["diff", "--color", "always", "bidi.txt"])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("\u{202e}Floods hit the north\u{200b} again"),
        "{shown}"
    );
    assert!(!shown.contains("\\u{202e}"), "{shown}");
}

#[test]
fn word_marks_the_removed_part_of_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A headline about the river floods in the valley\n\
                The river rose again this spring, and the town council met on Monday to decide what to do about the bridge and the farms. Read more: Floods hit the north again\n\
                The mayor said the work would start next year, after the rains, and that the bridge would stay closed until then for safety.\n";
    fs::write(dir.path().join("glued.txt"), text).unwrap();
    let run = |args: &[&str]| super::common::stdout_in(dir.path(), args);
    let plain = run(&["diff", "--word", "glued.txt"]);
    assert!(
        plain.contains("the farms. [-Read more: Floods hit the north again-]\n"),
        "{plain}"
    );
    assert!(
        plain.contains("\n+The river rose again this spring"),
        "{plain}"
    );
    let color = run(&["diff", "--word", "--color", "always", "glued.txt"]);
    assert!(
        color.contains("\x1b[7m\x1b[31mRead more: Floods hit the north again\x1b[0m"),
        "{color:?}"
    );
    assert!(!color.contains("[-"), "{color}");
    // Without --word the same line is a plain removed line.
    assert!(
        run(&["diff", "glued.txt"]).contains("the farms. Read more: Floods hit the north again\n")
    );
}

#[test]
fn a_clean_input_gives_an_empty_diff() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("dump.txt"), single_document_dump()).unwrap();
    let clean = cleaned(dir.path(), "dump.txt");
    fs::write(dir.path().join("clean.txt"), &clean).unwrap();
    gharbal()
        .current_dir(dir.path())
        .args(["diff", "clean.txt"])
        .assert()
        .success()
        .stdout("");
}

/// A directory is walked as `clean` walks it: one diff per file, in path order, a file with
/// nothing to remove giving none; `--glob` picks the files.
#[test]
fn diff_walks_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir_all(pages.join("b")).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH),
        pages.join("a.txt"),
    )
    .unwrap();
    fs::write(pages.join("b/dump.txt"), single_document_dump()).unwrap();
    fs::write(
        pages.join("b/clean.txt"),
        cleaned(dir.path(), "pages/b/dump.txt"),
    )
    .unwrap();
    let out = gharbal()
        .current_dir(dir.path())
        .args(["diff", "pages"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with("+++ ")).collect();
    assert_eq!(
        heads,
        [
            "+++ b/pages/a.txt (cleaned)",
            "+++ b/pages/b/dump.txt (cleaned)"
        ],
        "{text}"
    );
    let out = gharbal()
        .current_dir(dir.path())
        .args(["diff", "pages", "--glob", "a.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("+++ ").count(), 1, "{text}");
}

#[test]
fn exit_codes_of_diff() {
    // A missing input is reported and the others are still diffed: 1.
    gharbal()
        .args(["diff", "no/such/file.txt", SEED_PATH])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gharbal: error: no/such/file.txt"))
        .stdout(predicate::str::contains(
            "+++ b/samples/saraya-appended.txt (cleaned)",
        ));
    // Bad usage: 2.
    gharbal()
        .args(["diff", "--color", "sometimes", SEED_PATH])
        .assert()
        .code(2);
    gharbal()
        .args(["diff", "-U", "many", SEED_PATH])
        .assert()
        .code(2);
    gharbal()
        .args(["diff", "--rules", "no/such/rules.toml", SEED_PATH])
        .assert()
        .code(2);
}

#[test]
fn check_exits_1_when_something_would_be_removed() {
    gharbal()
        .args(["clean", "--check", SEED_PATH])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "samples/saraya-appended.txt: would remove text from ",
        ))
        .stdout(predicate::str::contains("read-also-run"));
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("dump.txt"), single_document_dump()).unwrap();
    fs::write(
        dir.path().join("clean.txt"),
        cleaned(dir.path(), "dump.txt"),
    )
    .unwrap();
    gharbal()
        .current_dir(dir.path())
        .args(["clean", "--check", "clean.txt"])
        .assert()
        .code(0)
        .stdout("");
    gharbal()
        .current_dir(dir.path())
        .args(["clean", "--check", "clean.txt", "missing.txt"])
        .assert()
        .code(1);
    gharbal()
        .args(["clean", "--check", "--format", "json", SEED_PATH])
        .assert()
        .code(2);
}

/// The diff as a terminal gets it (colour and escapes), drawn in-process: the form feed between
/// documents shows as `\f`.
#[test]
fn seed_diff_terminal() {
    use gharbal::output::diff::{write_diff, DiffOptions};
    use gharbal::output::term::Styling;
    let bytes = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_PATH)).unwrap();
    let outcome = gharbal::clean_bytes(&bytes, &gharbal::RuleSet::builtin(), None);
    let mut out = Vec::new();
    let opts = DiffOptions {
        styling: Styling::TERMINAL,
        ..DiffOptions::default()
    };
    write_diff(&mut out, &outcome, SEED_PATH, &opts).unwrap();
    let shown = String::from_utf8(out).unwrap();
    assert!(strip_colour(&shown).contains("\n+\\f\n"), "{shown}");
    assert!(!shown.contains('\x0c'), "{shown}");
    insta::assert_snapshot!("seed_diff_terminal", show_escapes(&shown));
}

/// Runs `gharbal ARGS` under a pseudo-terminal with util-linux `script`; `None` when unavailable.
fn on_terminal(dir: &Path, args: &str) -> Option<String> {
    let ok = Process::new("script").arg("--version").output().ok()?;
    if !String::from_utf8_lossy(&ok.stdout).contains("util-linux") {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("gharbal");
    let out = Process::new("script")
        .env_clear()
        .current_dir(dir)
        .args(["-qec", &format!("'{}' {args}", bin.display()), "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_gets_escapes_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A headline about the river and the floods\n\
                The river rose again this spring, and the town council met on Monday to decide what to do about the bridge and the farms near it.\n\
                Read more: \u{202e}Floods hit the north\u{200b} again\n";
    fs::write(dir.path().join("bidi.txt"), text).unwrap();
    let Some(shown) = on_terminal(dir.path(), "diff bidi.txt") else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(shown.contains("\\u{202e}"), "{shown:?}");
    assert!(shown.contains("\\u{200b}"), "{shown:?}");
    assert!(!shown.contains('\u{202e}'), "{shown:?}");
    assert!(shown.contains('\x1b'), "{shown:?}");
    let plain = on_terminal(dir.path(), "diff --color never bidi.txt").unwrap();
    assert!(
        plain.contains("\\u{202e}") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}

/// Hunk headers quoted in README.md or GUIDE.md (lines starting `@@ ` inside fenced blocks) are
/// real: each is a header of `gharbal diff -U1` or `gharbal diff` on the seed.
#[test]
fn hunk_headers_quoted_in_the_docs_are_real() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut real = stdout(&["diff", "-U1", SEED_PATH]);
    real.push_str(&stdout(&["diff", SEED_PATH]));
    let real: Vec<&str> = real.lines().filter(|l| l.starts_with("@@ ")).collect();
    for doc in ["README.md", "GUIDE.md"] {
        let text = fs::read_to_string(root.join(doc)).unwrap_or_default();
        let mut fenced = false;
        for line in text.lines() {
            if line.starts_with("```") {
                fenced = !fenced;
            } else if fenced && line.starts_with("@@ ") {
                assert!(
                    real.contains(&line),
                    "{doc} quotes a hunk header the seed's diff does not have:\n{line}\nreal headers:\n{}",
                    real.join("\n")
                );
            }
        }
    }
}
