//! Arbitrary bytes through the HTML path (`read_page`, then `clean_page` with the built-in
//! rules), then the same invariants as `clean`: output lines come from the flattened page,
//! kept spans lie on char boundaries, removals never overlap kept text, nothing lost unnamed.
#![no_main]

use gharbal::engine::clean_page;
use gharbal::html::read_page;
use libfuzzer_sys::fuzz_target;

#[path = "../common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    common::check(&clean_page(read_page(bytes, None), common::rules()));
});
