//! gharbal's integration tests, one binary (linked once): a module per area, sharing
//! `common` (the binary under test, invariants every output keeps).

mod common;

mod bad_input;
mod batch;
mod catalogue;
mod cli;
mod diff;
mod explain;
mod html;
mod jsonl_commands;
mod languages;
mod layers;
mod learn;
mod properties;
mod readme;
mod report;
mod robustness;
mod rule_examples;
mod snapshots;
mod spark;
mod stats;
mod streaming;
