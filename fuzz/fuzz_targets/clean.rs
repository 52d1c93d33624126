//! Arbitrary bytes through `clean_bytes` with the built-in rules, then every invariant of
//! `tests/it/common/invariants.rs`: kept spans on char boundaries inside one input line, removals
//! never overlapping kept text, output lines that occur in the input, nothing lost unnamed.
#![no_main]

use gharbal::clean_bytes;
use libfuzzer_sys::fuzz_target;

#[path = "../common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    common::check(&clean_bytes(bytes, common::rules(), None));
});
