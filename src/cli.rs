//! Command-line flags (clap derive only; resolved into a `Config` by config.rs).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "gharbal", version, about = "Turn scraped web dumps into clean documents", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean dumps into documents (files, or standard input when none or `-` is given).
    Clean(CleanArgs),
    /// List, show and test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
}

/// Flags that choose the rule set.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleArgs {
    /// Add the rules of this TOML file (repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rules.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Turn off the rule with this id (repeatable).
    #[arg(long, value_name = "ID")]
    pub disable: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Input files; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Text format: end each document with a NUL byte instead of separating them with form feeds.
    #[arg(short = 'z', long = "null")]
    pub null: bool,
    /// Read the input in this encoding (e.g. windows-1256, iso-8859-6, utf-16le) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// JSON formats: add each document's removals as `removed: [{rule, start, end}]`.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Text,
    Jsonl,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// One line per rule: id, pass, description, source file.
    List(RuleArgs),
    /// A rule's description, patterns and examples.
    Show {
        /// The rule id.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run the must-remove / must-keep examples of the rules in these files (built-ins if none).
    Test {
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}
