//! The bad-input catalogue: every kind of hostile or broken input a scrape pipeline meets, run
//! through the real binary, with the exact message and exit code it gets. Every case also checks
//! that its input files are byte for byte the same afterwards: inputs are never written to.
//!
//! Exit codes (README): 0 success, 1 some input could not be cleaned (the others were), 2 usage
//! or configuration error, nothing done. Library-level robustness (no panic on any bytes, a
//! 50 MB line) is in tests/robustness.rs and tests/properties.rs; batch behaviour (kill and
//! resume, -j) in tests/batch.rs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use super::common;
use common::{gharbal, stderr_of, stdout_of, write};

const SEED: &str = include_str!("../../samples/saraya-appended.txt");

/// A record of JSON Lines input holding `text`.
fn record(text: &str) -> String {
    format!("{{\"text\":{}}}", serde_json::to_string(text).unwrap())
}

/// What a run gave: exit code, standard output, standard error, and how long it took.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Ran {
    /// Checks the exit code and the whole of standard error.
    fn says(&self, code: i32, stderr: &str) -> &Self {
        assert_eq!(
            (self.code, self.stderr.as_str()),
            (Some(code), stderr),
            "stdout: {}",
            self.stdout
        );
        self
    }
}

/// Size, modification time and, for files up to 8 MB, the contents of every file below `dir`:
/// enough to see any write, without reading a gigabyte twice per test.
fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime, Option<Vec<u8>>)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let small = meta.len() <= 8 << 20;
            let bytes = small.then(|| fs::read(&path).unwrap_or_default());
            files.insert(path, (meta.len(), meta.modified().unwrap(), bytes));
        }
    }
    files
}

/// Runs `gharbal ARGS` (with `stdin`), checking that nothing below `inputs` changed.
fn run(inputs: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Ran {
    let before = fingerprint(inputs);
    let mut cmd = gharbal();
    cmd.args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let started = Instant::now();
    let out = cmd.output().unwrap();
    let took = started.elapsed();
    assert!(fingerprint(inputs) == before, "inputs are never written to");
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: stderr_of(&out),
        took,
    }
}

/// A temporary directory holding one input file `name`; returns the directory and the path.
fn one_file(name: &str, bytes: impl AsRef<[u8]>) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    write(&path, bytes);
    let path = path.display().to_string();
    (dir, path)
}

/// What `gharbal clean` prints for the seed.
fn seed_clean() -> String {
    let out = gharbal().arg("clean").write_stdin(SEED).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    stdout_of(&out)
}

// ---------------------------------------------------------------- empty and blank

#[test]
fn empty_or_blank_files_print_nothing_and_exit_0() {
    for text in ["", " \t\n\r\n   \u{A0}\u{3000}\n\u{200F}\n\n"] {
        let (dir, path) = one_file("blank.txt", text);
        run(dir.path(), &["clean", &path], None).says(0, "");
    }
}

// ---------------------------------------------------------------- not text

/// A binary file named on the command line fails alone (exit 1); the next input is cleaned.
/// Found in a walked directory, it is skipped with a note (exit 0).
#[test]
fn binary_files_named_fail_and_walked_are_skipped() {
    for (name, head) in [
        ("logo.png", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"[..]),
        ("page.zip", &b"PK\x03\x04\x14\x00\x00\x00\x08\x00"[..]),
    ] {
        let mut bytes = head.to_vec();
        bytes.extend((0u8..=255).cycle().take(4000));
        let (dir, path) = one_file(name, &bytes);
        let seed = dir.path().join("seed.txt");
        write(&seed, SEED);
        let seed = seed.display().to_string();
        let ran = run(dir.path(), &["clean", &path, &seed], None);
        ran.says(
            1,
            &format!("gharbal: error: {path}: looks like a binary file, not text; skipped\n"),
        );
        assert_eq!(ran.stdout, seed_clean(), "the other input is still cleaned");

        fs::remove_file(dir.path().join("seed.txt")).unwrap();
        let ran = run(
            dir.path(),
            &["clean", "-q", &dir.path().display().to_string()],
            None,
        );
        assert_eq!((ran.code, ran.stdout.as_str()), (Some(0), ""), "{name}");
        let ran = run(
            dir.path(),
            &["clean", &dir.path().display().to_string()],
            None,
        );
        assert!(
            ran.stderr.starts_with(&format!(
                "gharbal: note: {path}: looks like a binary file, not text; skipped\n\
                 gharbal: 1 file: 0 cleaned, 1 binary skipped\n"
            )),
            "{}",
            ran.stderr
        );
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// gzip and zstd inputs are told by their signature and read as the text inside them: a named
/// file, a walked tree (written out under the plain name), standard input and a JSON Lines shard
/// all give what the plain text gives.
#[test]
fn compressed_inputs_are_read_as_the_text_inside() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("scrapes");
    write(tree.join("a.txt.gz"), gzip(SEED.as_bytes()));
    write(
        tree.join("b.txt.zst"),
        zstd::stream::encode_all(SEED.as_bytes(), 3).unwrap(),
    );
    for name in ["a.txt.gz", "b.txt.zst"] {
        let path = tree.join(name).display().to_string();
        let ran = run(dir.path(), &["clean", &path], None);
        ran.says(0, "");
        assert_eq!(ran.stdout, seed_clean(), "{name}");
    }
    let ran = run(dir.path(), &["clean", "-q"], Some(gzip(SEED.as_bytes())));
    ran.says(0, "");
    assert_eq!(ran.stdout, seed_clean(), "standard input");

    let out = dir.path().join("out");
    let ran = run(
        &tree,
        &[
            "clean",
            "-q",
            &tree.display().to_string(),
            "--out",
            &out.display().to_string(),
        ],
        None,
    );
    ran.says(0, "");
    let first = seed_clean()
        .split('\x0c')
        .next()
        .unwrap()
        .trim_start()
        .to_string();
    for name in ["a.txt", "b.txt"] {
        let written = fs::read_to_string(out.join(name)).unwrap();
        assert_eq!(written.trim_end(), first.trim_end(), "{name}");
    }

    let shard = format!("{}\n{}\n", record(SEED), record(SEED));
    let plain = run(
        dir.path(),
        &["clean", "-q", "--input-format", "jsonl"],
        Some(shard.clone().into_bytes()),
    );
    let path = dir.path().join("shard.jsonl.gz");
    write(&path, gzip(shard.as_bytes()));
    let ran = run(
        dir.path(),
        &[
            "clean",
            "-q",
            "--input-format",
            "jsonl",
            &path.display().to_string(),
        ],
        None,
    );
    ran.says(0, "");
    assert!(!plain.stdout.is_empty());
    assert_eq!(
        ran.stdout.replace(&path.display().to_string(), "-"),
        plain.stdout
    );
}

/// A compressed stream that is cut or corrupt fails with the format named; the other inputs are
/// still cleaned.
#[test]
fn a_corrupt_compressed_input_names_its_format() {
    let whole = gzip(SEED.as_bytes());
    let (dir, path) = one_file("cut.txt.gz", &whole[..whole.len() / 2]);
    let seed = dir.path().join("seed.txt");
    write(&seed, SEED);
    let seed = seed.display().to_string();
    let shard = gzip(format!("{}\n", record(SEED)).repeat(4).as_bytes());
    let cut_shard = dir.path().join("cut.jsonl.gz");
    write(&cut_shard, &shard[..shard.len() / 2]);
    let cut_shard = cut_shard.display().to_string();
    for (path, args) in [
        (&path, vec!["clean", "-q", &path, &seed]),
        (
            &cut_shard,
            vec!["clean", "-q", "--input-format", "jsonl", &cut_shard],
        ),
    ] {
        let ran = run(dir.path(), &args, None);
        assert_eq!(ran.code, Some(1), "{args:?}");
        let said = ran.stderr.lines().find(|l| l.contains("cannot decompress"));
        assert!(
            said.is_some_and(|l| l.starts_with(&format!("gharbal: error: {path}:"))
                && l.contains(": cannot decompress the gzip stream: ")),
            "{}",
            ran.stderr
        );
    }
    let ran = run(dir.path(), &["clean", "-q", &path, &seed], None);
    assert!(ran.stdout.ends_with(&seed_clean()), "{}", ran.stdout);
}

/// A few control bytes (a stray NUL in the middle of a dump, a bell) leave a file text: they
/// become U+FFFD with one warning that counts them, and the rest is cleaned as before. A file
/// whose first block is dense with them is binary.
#[test]
fn a_stray_nul_is_replaced_and_the_dump_cleaned() {
    let at = SEED.len() / 2;
    let at = at + SEED[at..].find('\n').unwrap() + 1;
    let mut bytes = SEED.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\0\x07");
    bytes.extend_from_slice(&SEED.as_bytes()[at..]);
    let (dir, path) = one_file("nul.txt", &bytes);
    let ran = run(dir.path(), &["clean", &path], None);
    ran.says(0, &format!("gharbal: warning: {path}: 2 control bytes (NUL or the like) became U+FFFD; the rest was cleaned\n"));
    let without = |s: &str| s.replace('\u{FFFD}', "");
    assert_eq!(without(&ran.stdout), seed_clean());

    let mut dense = b"Talks\0resume\n".to_vec();
    dense.extend(std::iter::repeat_n(0u8, 1000));
    dense.extend_from_slice(SEED.as_bytes());
    let (dir, path) = one_file("dense.txt", &dense);
    let ran = run(dir.path(), &["clean", &path], None);
    ran.says(
        1,
        &format!("gharbal: error: {path}: looks like a binary file, not text; skipped\n"),
    );
    assert_eq!(ran.stdout, "");
}

// ---------------------------------------------------------------- encodings

/// Bad bytes in the middle of a UTF-8 dump: one warning naming the file, U+FFFD in their place,
/// everything else cleaned, exit 0.
#[test]
fn invalid_utf8_in_the_middle_warns_and_cleans() {
    let at = SEED.len() / 2;
    let at = (at..).find(|&i| SEED.is_char_boundary(i)).unwrap();
    let mut bytes = SEED.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xc3\x28");
    bytes.extend_from_slice(&SEED.as_bytes()[at..]);
    let (dir, path) = one_file("broken.txt", &bytes);
    let ran = run(dir.path(), &["clean", &path], None);
    ran.says(0, &format!("gharbal: warning: {path}: 3 undecodable byte sequences became U+FFFD (read as UTF-8; try --encoding); the rest was cleaned\n"));
    assert!(ran.stdout.starts_with(seed_clean().lines().next().unwrap()));
}

/// UTF-16 without a byte-order mark is recognised (every other byte zero or 0x06) and cleans
/// to the same documents as the UTF-8 text, silently.
#[test]
fn utf16_without_a_bom_is_recognised() {
    for big_endian in [false, true] {
        let bytes: Vec<u8> = SEED
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        let (dir, path) = one_file("utf16.txt", &bytes);
        let ran = run(dir.path(), &["clean", &path], None);
        ran.says(0, "");
        assert_eq!(ran.stdout, seed_clean(), "big endian: {big_endian}");
    }
}

// ---------------------------------------------------------------- size limits

/// A 100 MB single line cannot be cut into windows (`src/windows.rs`): once more than
/// `--max-file-size` (64M) is read without a line break, it is refused, and the other inputs are
/// still cleaned. Under a raised limit the same shape of input (one huge line) is cleaned: shown
/// here at 3 MB, since a debug build cleans about 0.6 MB/s of one line (tests/robustness.rs
/// cleans a 50 MB line in the library).
#[test]
fn a_100_mb_single_line_is_refused_by_the_default_limit() {
    let sentence = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة. ";
    let line: String = sentence.repeat(100 * 1024 * 1024 / sentence.len() + 1);
    assert!(line.len() > 100 * 1024 * 1024);
    let (dir, path) = one_file("one-line.txt", line.as_bytes());
    let seed = dir.path().join("seed.txt");
    write(&seed, SEED);
    let ran = run(
        dir.path(),
        &["clean", &path, &seed.display().to_string()],
        None,
    );
    ran.says(1, &format!("gharbal: error: {path}: over 67.1 MB without a line break it could be cut at (the --max-file-size limit); raise the limit to clean it\n"));
    assert_eq!(ran.stdout, seed_clean());
    drop(dir);

    let small: String = sentence.repeat(3 * 1024 * 1024 / sentence.len());
    let (dir, path) = one_file("one-line.txt", small.as_bytes());
    let ran = run(dir.path(), &["clean", "--max-file-size", "2M", &path], None);
    ran.says(1, &format!("gharbal: error: {path}: over 2.1 MB without a line break it could be cut at (the --max-file-size limit); raise the limit to clean it\n"));
    let ran = run(dir.path(), &["clean", "--max-file-size", "4M", &path], None);
    ran.says(0, "");
    assert_eq!(ran.stdout, format!("{}\n", small.trim_end()));
}

/// A 1 GB file is never loaded whole. Read whole (by `diff` and `explain`), it is refused from
/// its size, which the file system gives before a byte is read (a sparse file here, so the test
/// writes no gigabyte). `clean` streams it in windows, to standard output and below `--out`
/// alike; this one is NUL bytes, so its first window already shows a binary file. Standard
/// input, which has no size, is streamed the same way: only a stretch without a line break is
/// held to the limit.
#[test]
fn a_1_gb_file_is_refused_from_its_size_or_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    fs::File::create(&path).unwrap().set_len(1 << 30).unwrap();
    let path = path.display().to_string();
    let out = dir.path().join("out");
    let ran = run(
        dir.path(),
        &["clean", "-q", &path, "--out", &out.display().to_string()],
        None,
    );
    assert!(ran.took < Duration::from_secs(10), "took {:.2?}", ran.took);
    ran.says(
        1,
        &format!("gharbal: error: {path}: looks like a binary file, not text; skipped\n"),
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0, "nothing written");

    // `diff` and `explain` read one file whole too, under the same limit.
    for command in ["diff", "explain"] {
        let ran = run(dir.path(), &[command, &path], None);
        ran.says(1, &format!("gharbal: error: {path}: is 1.1 GB, over the --max-file-size limit of 67.1 MB; raise the limit to clean it\n"));
    }

    let ran = run(dir.path(), &["clean", &path], None);
    assert!(ran.took < Duration::from_secs(10), "took {:.2?}", ran.took);
    ran.says(
        1,
        &format!("gharbal: error: {path}: looks like a binary file, not text; skipped\n"),
    );
    assert_eq!(ran.stdout, "");

    // Standard input longer than the limit is streamed; a line longer than it is refused.
    let ran = run(
        dir.path(),
        &["clean", "--max-file-size", "64K"],
        Some(SEED.repeat(40).into_bytes()),
    );
    ran.says(0, "");
    let unlimited = run(dir.path(), &["clean"], Some(SEED.repeat(40).into_bytes()));
    assert!(!ran.stdout.is_empty());
    assert_eq!(ran.stdout, unlimited.stdout);
    let ran = run(
        dir.path(),
        &["clean", "--max-file-size", "64K"],
        Some("x".repeat(200_000).into_bytes()),
    );
    ran.says(1, "gharbal: error: -: over 65.5 KB without a line break it could be cut at (the --max-file-size limit); raise the limit to clean it\n");
}

/// A JSON Lines stream is read one record at a time, and a record over `--max-file-size` is
/// skipped without being held whole: the others are cleaned.
#[test]
fn an_oversize_json_lines_record_is_skipped_and_the_stream_goes_on() {
    let input = format!(
        "{}\n{}\n{}\n",
        record(SEED),
        record(&"x".repeat(200_000)),
        record(SEED)
    );
    let dir = tempfile::tempdir().unwrap();
    let ran = run(
        dir.path(),
        &[
            "clean",
            "-q",
            "--input-format",
            "jsonl",
            "--max-file-size",
            "64K",
        ],
        Some(input.into_bytes()),
    );
    ran.says(
        1,
        "gharbal: error: -:2: record over the --max-file-size limit of 65.5 KB; skipped\n",
    );
    assert_eq!(
        ran.stdout.lines().count(),
        4,
        "two documents from each good record"
    );
}

// ---------------------------------------------------------------- paths

#[test]
fn a_missing_file_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such.txt").display().to_string();
    let ran = run(dir.path(), &["clean", &missing, "-"], Some(SEED.into()));
    ran.says(
        1,
        &format!("gharbal: error: {missing}: No such file or directory (os error 2)\n"),
    );
    assert_eq!(ran.stdout, seed_clean());

    // A missing rules file is a configuration error: nothing is cleaned.
    let ran = run(
        dir.path(),
        &["clean", "--rules", &missing, "-"],
        Some(SEED.into()),
    );
    ran.says(
        2,
        &format!("gharbal: error: cannot read rules file {missing}: No such file or directory (os error 2)\n"),
    );
    assert_eq!(ran.stdout, "");
}

/// A directory where a file is expected: every command that reads inputs walks it (an empty
/// one is a warning, as for `clean`), and a rules "file" that is a directory is a configuration
/// error.
#[test]
fn a_directory_where_a_file_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("pages");
    fs::create_dir(&sub).unwrap();
    let sub = sub.display().to_string();
    for command in ["explain", "diff", "stats"] {
        let ran = run(dir.path(), &[command, &sub], None);
        assert_eq!(ran.code, Some(0), "{command}: {}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!(
                "gharbal: warning: {sub}: no file to clean in this directory"
            )),
            "{command}: {}",
            ran.stderr
        );
    }
    let ran = run(
        dir.path(),
        &["clean", "--rules", &sub, "-"],
        Some(SEED.into()),
    );
    ran.says(
        2,
        &format!("gharbal: error: cannot read rules file {sub}: Is a directory (os error 21)\n"),
    );
    assert_eq!(ran.stdout, "");
}

/// A file that cannot be read fails alone. Root reads a mode-000 file anyway: then the
/// assertion on the message is skipped, with a note.
#[cfg(unix)]
#[test]
fn a_permission_denied_file_fails_alone() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, path) = one_file("locked.txt", SEED);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!("note: running as root, which reads a mode-000 file; permission case skipped");
        return;
    }
    let ran = run(dir.path(), &["clean", &path, "-"], Some(SEED.into()));
    ran.says(
        1,
        &format!("gharbal: error: {path}: Permission denied (os error 13)\n"),
    );
    assert_eq!(ran.stdout, seed_clean());
}

/// An `--out` that cannot be created is a usage error before anything is read; one that is a
/// file is refused too. A read-only `--out` fails each output alone (skipped as root).
#[test]
fn an_unwritable_out_is_refused() {
    let (dir, path) = one_file("page.txt", SEED);
    let ran = run(
        dir.path(),
        &["clean", &path, "--out", "/dev/null/clean"],
        None,
    );
    ran.says(
        2,
        "gharbal: error: cannot create --out /dev/null/clean: Not a directory (os error 20)\n",
    );
    let ran = run(dir.path(), &["clean", &path, "--out", "/dev/null"], None);
    ran.says(
        2,
        "gharbal: error: --out /dev/null: exists and is not a directory\n",
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let out = tempfile::tempdir().unwrap();
        let read_only = out.path().join("ro");
        fs::create_dir(&read_only).unwrap();
        fs::set_permissions(&read_only, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(read_only.join("probe"), "x").is_ok() {
            eprintln!("note: running as root, which writes into a mode-555 directory; read-only --out case skipped");
            return;
        }
        let ro = read_only.display().to_string();
        let ran = run(dir.path(), &["clean", "-q", &path, "--out", &ro], None);
        assert_eq!(ran.code, Some(1));
        assert!(
            ran.stderr.starts_with(&format!(
                "gharbal: error: {path}: cannot write {ro}/page.2.txt: Permission denied (os error 13)"
            )),
            "{}",
            ran.stderr
        );
    }
}

/// A full disk under standard output (`/dev/full` answers every write with ENOSPC): a clear
/// error naming standard output, exit 2, no panic.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_under_standard_output() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("gharbal"))
        .env_clear()
        .args(["clean", "-"])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(SEED.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "gharbal: error: cannot write to standard output: No space left on device (os error 28)\n"
    );
}

// ---------------------------------------------------------------- rules files

/// Runs `clean --rules FILE` over the seed: exit 2, nothing printed; returns stderr and the path.
fn broken_rules(toml: &str) -> (String, String) {
    let (dir, path) = one_file("mine.toml", toml);
    let ran = run(
        dir.path(),
        &["clean", "--rules", &path, "-"],
        Some(SEED.into()),
    );
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    (ran.stderr, path)
}

#[test]
fn a_rules_file_with_a_bad_regex() {
    let (err, path) = broken_rules(
        "[[rule]]\nid = \"promo-line\"\ndescription = \"A promo line\"\npass = \"line\"\nregexes = [\"(unclosed\"]\n",
    );
    assert_eq!(
        err,
        format!(
            "gharbal: error: {path}:2:6: rule `promo-line`: regex #1 does not compile: regex parse error:\n    (unclosed\n    ^\nerror: unclosed group\n  fix: fix the regex (Rust `regex` syntax; no look-around or back-references)\n"
        )
    );
}

#[test]
fn a_rules_file_with_an_unknown_key() {
    let (err, path) = broken_rules(
        "[[rule]]\nid = \"promo-line\"\ndescription = \"A promo line\"\npass = \"line\"\nphrasez = [\"x\"]\n",
    );
    assert_eq!(
        err,
        format!(
            "gharbal: error: {path}:5:1: rule `promo-line`: unknown field `phrasez`, expected one of `id`, `description`, `pass`, `anchor`, `phrases`, `regexes`, `max-chars`, `min-lines`, `takes-headline`, `continue-phrases`, `max-lines`, `date-words`, `dom`, `must-remove`, `must-keep`, `ends-article`, `ends-page`, `time-stamp`, `ends-record`\n  fix: check the TOML syntax and the key names (see `gharbal rules show ID` for a valid rule)\n"
        )
    );
}

#[test]
fn a_rules_file_with_a_duplicate_id() {
    let (err, path) = broken_rules(
        "[[rule]]\nid = \"promo-line\"\ndescription = \"d\"\npass = \"line\"\nphrases = [\"x\"]\n\n\
         [[rule]]\nid = \"promo-line\"\ndescription = \"d\"\npass = \"line\"\nphrases = [\"y\"]\n",
    );
    assert_eq!(
        err,
        format!(
            "gharbal: error: {path}:2:6: rule `promo-line`: duplicate rule id, first defined in {path}\n  fix: give the rule another id, or drop the built-ins with --no-default-rules (or --disable ID) to replace one\n"
        )
    );
}

/// `(a*)*b` takes exponential time in a backtracking engine on a line of `a`s with no `b`; the
/// regex crate is linear, so a 200 KB line of them (folded, matched by every rule) is cleaned
/// in seconds even in a debug build.
#[test]
fn a_regex_that_backtracks_elsewhere_runs_in_linear_time() {
    let (dir, rules) = one_file(
        "slow.toml",
        "[[rule]]\nid = \"backtrack-bait\"\ndescription = \"A regex that is exponential with backtracking\"\npass = \"line\"\nregexes = [\"(a*)*b\", \"^(a|aa)+$x\", \"(x+x+)+y\"]\n",
    );
    let input = format!(
        "{}\n{}\n{}\n",
        "a".repeat(200_000),
        "x".repeat(200_000),
        SEED
    );
    let ran = run(
        dir.path(),
        &["clean", "--rules", &rules, "-"],
        Some(input.into()),
    );
    let took = ran.took;
    ran.says(0, "");
    assert!(ran.stdout.contains(seed_clean().lines().next().unwrap()));
    eprintln!("pathological regexes over 400 KB of bait: {took:.2?}");
    assert!(took < Duration::from_secs(60), "took {took:.2?}");
}

// ---------------------------------------------------------------- JSON Lines records

/// A malformed record and a record whose text is not a string are reported with their line and
/// skipped; the good records around them are cleaned; exit 1.
#[test]
fn bad_json_lines_records_are_reported_by_line() {
    let input = format!(
        "{}\n{{\"text\": \"abc\n{{\"text\": 5}}\n{{\"text\": [\"a\"]}}\n{}\n",
        record(SEED),
        record(SEED)
    );
    let (dir, path) = one_file("shard.jsonl", &input);
    let ran = run(
        dir.path(),
        &["clean", "-q", "--input-format", "jsonl", &path],
        None,
    );
    ran.says(1, &format!(
            "gharbal: error: {path}:2: malformed record, skipped: EOF while parsing a string (column 13)\n\
             gharbal: error: {path}:3: `text` is a number, not a string; record skipped\n\
             gharbal: error: {path}:4: `text` is an array, not a string; record skipped\n"
        ));
    assert_eq!(
        ran.stdout.lines().count(),
        4,
        "two documents from each good record"
    );
}
