//! Helpers shared by the integration tests: the binary run with a clean environment, its
//! output as text, files written into temporary trees and trees read back to check that inputs
//! were not touched. Each test crate uses what it needs.
#![allow(dead_code)]

pub mod invariants;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// `gharbal` with an environment cleared of colour, pager and config variables.
pub fn gharbal() -> Command {
    let mut cmd = Command::cargo_bin("gharbal").expect("the gharbal binary is built");
    cmd.env_clear();
    cmd
}

/// `gharbal` run from the package root (where `samples/` and `rules/` are), environment
/// cleared as [`gharbal`] clears it.
pub fn in_package() -> Command {
    let mut cmd = gharbal();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

pub fn stdout_of(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("output is UTF-8")
}

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The standard output of `gharbal ARGS` run in `dir`, which must succeed.
pub fn stdout_in(dir: &Path, args: &[&str]) -> String {
    let out = gharbal().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

/// Writes a file, creating its directory.
pub fn write(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
    let path = path.as_ref();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Every file below `dir` (hidden ones too; links as `-> target`), by path relative to `dir`.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        // A batch may still be writing while this looks: a temporary file listed a moment ago
        // may be renamed before it is examined, so entries that vanish are skipped.
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap();
                into.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                walk(root, &path, into);
            } else {
                into.insert(
                    rel,
                    fs::read(&path).unwrap_or_else(|_| b"<unreadable>".to_vec()),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

/// The verdict `explain` gives for the first row holding `text` ("removed by rule-id",
/// "kept", "document 1 starts").
pub fn verdict_of(explain: &str, text: &str) -> String {
    let row = explain
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no row holds {text:?}:\n{explain}"));
    row.split_whitespace()
        .skip(1)
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
