//! The library's modules depend on each other in one direction only: no module reaches, through
//! `crate::` paths outside tests and comments, a module that reaches it back.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Files of the binary, which may use anything of the library.
const BINARY: &[&str] = &[
    "main.rs",
    "cli.rs",
    "config.rs",
    "walk.rs",
    "windows.rs",
    "jsonl_input.rs",
];

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Top-level library module -> the top-level modules its code names with `crate::`.
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in all {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if BINARY.contains(&rel.as_str()) || rel.starts_with("commands/") || rel == "lib.rs" {
            continue;
        }
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let text = fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let deps = edges.entry(top.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for piece in line.split("crate::").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    deps.insert(name);
                }
            }
        }
    }
    edges
}

#[test]
fn library_modules_form_no_cycle() {
    let edges = edges();
    assert!(edges.contains_key("engine") && edges.contains_key("rules"));
    // Every module that reaches itself again names a cycle.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    panic!("import cycle: {} -> {start}", trail.join(" -> "));
                }
                if seen.insert(next.clone()) {
                    let mut trail = trail.clone();
                    trail.push(next.clone());
                    stack.push((next.clone(), trail));
                }
            }
        }
    }
}

#[test]
fn rules_sit_below_the_engine_and_the_passes() {
    let edges = edges();
    let rules = &edges["rules"];
    for upper in ["engine", "passes", "split", "html", "learn", "examples"] {
        assert!(!rules.contains(upper), "rules imports {upper}");
    }
}

#[test]
fn text_builds_on_nothing_of_the_crate() {
    let edges = edges();
    assert!(
        edges["text"].is_empty(),
        "text imports {:?}: it is the bottom layer",
        edges["text"]
    );
}
