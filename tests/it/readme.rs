//! The README's and GUIDE's promises, tested: the opening commands and the example rules files.

use assert_cmd::Command;

const README: &str = include_str!("../../README.md");
const GUIDE: &str = include_str!("../../GUIDE.md");
const CI: &str = include_str!("../../.ci/run");

/// The fenced blocks of a Markdown text with their info string, in order.
fn fenced_blocks(markdown: &'static str) -> Vec<(&'static str, String)> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push((info, body.join("\n") + "\n"));
        }
    }
    blocks
}

/// The README says what gharbal is, then gives the two commands: one cleans a shipped sample,
/// one runs the tests (and is what `.ci/run` runs).
#[test]
fn readme_opens_with_the_run_and_test_commands() {
    let first_prose = README
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap();
    assert!(
        first_prose.starts_with("**gharbal**"),
        "the README opens by saying what gharbal is: {first_prose}"
    );
    let (info, commands) = &fenced_blocks(README)[0];
    assert_eq!(*info, "sh");
    let commands: Vec<&str> = commands.lines().collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(
        commands[0].starts_with("cargo run --release --locked -- clean samples/"),
        "{commands:?}"
    );
    let sample = commands[0].rsplit(' ').next().unwrap();
    assert!(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(sample)
            .is_file(),
        "{sample}"
    );
    assert_eq!(commands[1], "scripts/test");
    assert!(
        CI.lines().any(|l| l.trim() == commands[1]),
        ".ci/run runs the README's test command"
    );
    let script = include_str!("../../scripts/test");
    assert!(
        script
            .lines()
            .any(|l| l.trim() == r#"exec cargo test --locked "$@""#),
        "scripts/test ends by running the tests"
    );
}

/// Every example in the README runs as written from the repository's root, with `gharbal` on
/// the PATH: each `sh` block after the opening one (under `set -e -o pipefail`), and each inline
/// command that names a shipped sample. They run in a scratch copy of `samples/`, so what they
/// write (`clean/`, `report.json`, `review.html`) goes there.
#[test]
fn every_readme_example_runs_on_the_shipped_samples() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root.join("samples"), &dir.path().join("samples"));
    let blocks = fenced_blocks(README);
    let toml = &blocks.iter().find(|(info, _)| *info == "toml").unwrap().1;
    std::fs::write(dir.path().join("my-site.toml"), toml).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("gharbal");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut scripts: Vec<String> = blocks
        .iter()
        .skip(1)
        .filter(|(info, _)| *info == "sh")
        .map(|(_, body)| body.clone())
        .collect();
    // Inline commands that name a sample: `gharbal explain samples/...`.
    let prose: String = README.replace('\n', " ");
    for span in prose.split('`').skip(1).step_by(2) {
        if span.starts_with("gharbal ") && span.contains("samples/") {
            scripts.push(format!("{span}\n"));
        }
    }
    assert!(scripts.len() >= 8, "{scripts:#?}");
    for script in &scripts {
        let out = std::process::Command::new("bash")
            .args(["-c", &format!("set -e -o pipefail\n{script}")])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // What they wrote is what the README says they write.
    for written in [
        "clean/alwaha/2025-03-13-date-harvest.txt",
        "clean/alwaha/2025-03-13-date-harvest.2.txt",
        "report.json",
        "review.html",
        "learned.toml",
        "documents.nul",
    ] {
        assert!(dir.path().join(written).is_file(), "{written}");
    }
    // Four pages, one of them with a second article appended.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(
        (&report["cleaned"], &report["documents_out"]),
        (&serde_json::json!(4), &serde_json::json!(5)),
        "{report}"
    );
    // The tree's site prints its own slogan on every page: `learn` finds it, as a rules file
    // that passes its own examples.
    let learned = dir.path().join("learned.toml");
    assert!(
        std::fs::read_to_string(&learned)
            .unwrap()
            .contains("id = \"learned:alwaha\""),
        "learned.toml"
    );
    Command::cargo_bin("gharbal")
        .unwrap()
        .env_clear()
        .args(["rules", "test"])
        .arg(&learned)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("1 rules, 1 examples, 0 failed"));
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn readme_rules_file_passes_its_examples_and_cleans() {
    let toml = fenced_blocks(README)
        .into_iter()
        .find(|(info, _)| *info == "toml")
        .map(|(_, body)| body)
        .expect("the README shows a rules file");
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("my-site.toml");
    std::fs::write(&rules, &toml).unwrap();
    Command::cargo_bin("gharbal")
        .unwrap()
        .env_clear()
        .args(["rules", "test"])
        .arg(&rules)
        .assert()
        .code(0)
        .stdout(predicates::str::contains(" 0 failed"));

    // The rule's first must-remove example, put in the seed between two paragraphs.
    let seed = include_str!("../../samples/saraya-appended.txt");
    let at = seed.find("وأكد صقر").unwrap();
    let dump = format!(
        "{}تابعوا قناتنا على واتساب لآخر الأخبار\n{}",
        &seed[..at],
        &seed[at..]
    );
    let out = Command::cargo_bin("gharbal")
        .unwrap()
        .env_clear()
        .args(["clean", "--format", "json", "--explain", "--rules"])
        .arg(&rules)
        .write_stdin(dump)
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_mine = docs
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["removed"].as_array().unwrap())
        .filter(|r| r["rule"] == "whatsapp-channel-prompt")
        .count();
    assert_eq!(by_mine, 1);
}

#[test]
fn guide_rules_files_pass_their_examples() {
    let blocks: Vec<String> = fenced_blocks(GUIDE)
        .into_iter()
        .filter(|(info, _)| *info == "toml")
        .map(|(_, body)| body)
        .collect();
    assert!(!blocks.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for (i, toml) in blocks.iter().enumerate() {
        let rules = dir.path().join(format!("guide-{i}.toml"));
        std::fs::write(&rules, toml).unwrap();
        Command::cargo_bin("gharbal")
            .unwrap()
            .env_clear()
            .args(["rules", "test"])
            .arg(&rules)
            .assert()
            .code(0);
    }
}
