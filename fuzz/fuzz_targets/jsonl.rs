//! Arbitrary bytes as a JSON Lines stream: the binary's line reader (`jsonl_input::Lines`, with
//! a small per-record limit) and record cleaner (`clean_record`). Each record is cleaned or
//! refused with a reason, never a panic; a cleaned record renders as one JSON object a line, and
//! a refused one, as `--on-error pass` writes it on, as one JSON object holding the reason.
#![no_main]
#![allow(dead_code)]

use gharbal::output::{Format, ViewOptions};
use gharbal::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// The reader lives in the binary, not the library: compile it here with what it imports.
#[path = "../../src/cli.rs"]
mod cli;
#[path = "../../src/config.rs"]
mod config;
#[path = "../../src/jsonl_input.rs"]
mod jsonl_input;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

fuzz_target!(|bytes: &[u8]| {
    let cfg = config::JsonlConfig {
        text_field: "text".into(),
        id_field: Some("url".into()),
        on_error: config::OnError::Pass {
            field: "error".into(),
        },
    };
    let view = ViewOptions {
        format: Format::Jsonl,
        nul: false,
        explain: true,
    };
    for line in jsonl_input::Lines::new(bytes, 4096) {
        let Ok(record) = line.bytes else { continue };
        assert!(record.len() <= 4096);
        match jsonl_input::clean_record(&record, line.number, "-", &cfg, rules(), view) {
            Ok(cleaned) => {
                let rendered = std::str::from_utf8(&cleaned.rendered).expect("UTF-8 output");
                let mut n = 0;
                for out in rendered.lines() {
                    let v: serde_json::Value =
                        serde_json::from_str(out).expect("each output line is JSON");
                    assert!(v.is_object());
                    n += 1;
                }
                assert_eq!(n, cleaned.documents);
            }
            Err(reason) => {
                assert!(!reason.skipped().is_empty());
                let out = jsonl_input::error_record(
                    Some(&record),
                    line.number,
                    "-",
                    &cfg,
                    "error",
                    &reason,
                    Format::Jsonl,
                );
                let text = std::str::from_utf8(&out).expect("UTF-8 output");
                assert_eq!(text.lines().count(), 1, "{text}");
                let v: serde_json::Value = serde_json::from_str(text).expect("a JSON record");
                assert!(v.get("error").is_some_and(|e| e.is_string()));
            }
        }
    }
});
