//! Arbitrary bytes through `clean_bytes` with the built-in rules, then every invariant of
//! `tests/common/invariants.rs`: kept spans on char boundaries inside one input line, removals
//! never overlapping kept text, output lines that occur in the input, nothing lost unnamed.
#![no_main]

use std::sync::OnceLock;

use gharbal::{clean_bytes, RuleSet};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/invariants.rs"]
mod invariants;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

fuzz_target!(|bytes: &[u8]| {
    let out = clean_bytes(bytes, rules(), None);
    if let Err(e) = invariants::check_outcome(&out.document.text, &out) {
        panic!("{e}");
    }
    if let Err(e) = invariants::check_accounted(&out) {
        panic!("{e}");
    }
});
