//! Command-line flags (clap derive only; resolved into configs by config.rs).

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
    /// Show what cleaning removes as a unified diff, each hunk tagged with the rules behind it.
    Diff(DiffArgs),
    /// One row per input line: kept, removed by which rule, or where a document starts.
    Explain(ExplainArgs),
    /// Per rule: how often it fired and the lines and bytes it removed, over files and directories.
    Stats(StatsArgs),
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

/// What to read and how: files, their encoding, the rules.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Input files; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read the input in this encoding (e.g. windows-1256, iso-8859-6, utf-16le) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Text format: end each document with a NUL byte instead of separating them with form feeds.
    #[arg(short = 'z', long = "null")]
    pub null: bool,
    /// JSON formats: add each document's removals as `removed: [{rule, start, end}]`.
    #[arg(long)]
    pub explain: bool,
    /// Print only the inputs cleaning would remove something from, with the rules; exit 1 if
    /// any, 0 if none (for CI).
    #[arg(long, conflicts_with_all = ["format", "null", "explain"])]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Text,
    Jsonl,
    Json,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    Auto,
    /// Also in pipes and files (for `less -R`).
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Lines of context around each change.
    #[arg(short = 'U', long = "unified", value_name = "N", default_value_t = 3)]
    pub context: usize,
    /// Mark the removed part inside partly removed lines (`[-...-]` without colour; such a diff
    /// is for reading, not for `patch`).
    #[arg(long)]
    pub word: bool,
    /// Colour the diff.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    /// Aligned rows for people.
    Text,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (JSON rows carry byte spans over the decoded UTF-8 text).
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormatArg::Text)]
    pub format: ReportFormatArg,
    /// Colour the rows.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormatArg {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Input files and directories (read recursively, hidden entries skipped); `-` or nothing
    /// reads standard input.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Read the input in this encoding instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = StatsFormatArg::Text)]
    pub format: StatsFormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormatArg {
    /// One aligned line per rule.
    Text,
    /// The rule catalogue (docs/rules.md is this output for the built-in rules).
    Markdown,
    /// One JSON array of rules with their source files.
    Json,
}

#[derive(Debug, Args)]
pub struct RulesListArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormatArg::Text)]
    pub format: RulesFormatArg,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// One line per rule: id, pass, description, source file (or the Markdown catalogue).
    List(RulesListArgs),
    /// A rule's description, patterns and examples.
    Show {
        /// The rule id.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run the must-remove / must-keep examples of the rules in these files (built-ins if none);
    /// exit 1 naming each failing example.
    Test {
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}
