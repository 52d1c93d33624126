//! What the `clean` and `html` targets share: the built-in rules, built once, and the checks
//! of `tests/it/common/invariants.rs` on an outcome.

use std::sync::OnceLock;

use gharbal::{Outcome, RuleSet};

#[path = "../tests/it/common/invariants.rs"]
mod invariants;

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

/// Panics (a crash for libFuzzer) when an invariant does not hold.
pub fn check(out: &Outcome) {
    if let Err(e) = invariants::check_outcome(&out.document.text, out) {
        panic!("{e}");
    }
    if let Err(e) = invariants::check_accounted(out) {
        panic!("{e}");
    }
}
