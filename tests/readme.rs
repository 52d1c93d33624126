//! The README's and GUIDE's promises, tested: the opening commands and the example rules files.

use assert_cmd::Command;

const README: &str = include_str!("../README.md");
const GUIDE: &str = include_str!("../GUIDE.md");
const CI: &str = include_str!("../.ci/run");

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

#[test]
fn readme_opens_with_the_run_and_test_commands() {
    let first_prose_or_block = README
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap();
    assert_eq!(
        first_prose_or_block, "```sh",
        "the README opens with the commands, before any prose"
    );
    let (_, commands) = &fenced_blocks(README)[0];
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
    assert_eq!(commands[1], "cargo test --locked");
    assert!(
        CI.lines().any(|l| l.trim() == commands[1]),
        ".ci/run runs the README's test command"
    );
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
    let seed = include_str!("../samples/saraya-appended.txt");
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
