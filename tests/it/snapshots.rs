//! Reviewed snapshots of what `gharbal clean` prints for the seed dump.
//!
//! Only the seed is pinned here: its output is fixed by the issue (two documents, headline
//! first, the date line moved into `date`). Update with `cargo insta review` or
//! `INSTA_UPDATE=always cargo test --test snapshots`, then read the diff before committing.

use assert_cmd::Command;

/// Runs `gharbal clean` from the package root on the seed, with a cleared environment.
fn clean_seed(format: &str) -> String {
    let out = Command::cargo_bin("gharbal")
        .unwrap()
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["clean", "--format", format, "samples/saraya-appended.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn seed_text() {
    insta::assert_snapshot!("seed_text", clean_seed("text"));
}

#[test]
fn seed_jsonl() {
    insta::assert_snapshot!("seed_jsonl", clean_seed("jsonl"));
}
