//! Command-line flags (clap derive only; resolved into configs by config.rs).

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use gharbal::InputFormat;

#[derive(Debug, Parser)]
#[command(name = "gharbal", version, about = "Turn scraped web dumps into clean documents", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean dumps into documents (files, directories, or standard input when none or `-` is
    /// given; JSON Lines records with --input-format jsonl).
    Clean(CleanArgs),
    /// Show what cleaning removes as a unified diff, each hunk tagged with the rules behind it.
    Diff(DiffArgs),
    /// One row per input line: kept, removed by which rule, or where a document starts.
    Explain(ExplainArgs),
    /// Per rule: how often it fired and the lines and bytes it removed, over files and directories.
    Stats(StatsArgs),
    /// Write one self-contained HTML page to review a batch: totals, removals per rule, and each
    /// file's text with its removed spans struck through and coloured by rule.
    Report(ReportArgs),
    /// Learn a site's boilerplate from a batch: lines that recur on many pages of a group, written
    /// as a rules file to review and pass to `--rules`.
    Learn(LearnArgs),
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
    /// Input files and directories (walked recursively like `clean`'s); `-` or nothing reads
    /// standard input.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Read the input in this encoding (e.g. windows-1256, iso-8859-6, utf-16le) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub jsonl: JsonlArgs,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Input files and directories (directories are walked recursively); `-` or nothing reads
    /// standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read the input in this encoding (e.g. windows-1256, iso-8859-6, utf-16le) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Output format [default: text, or jsonl with --input-format jsonl].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FormatArg>,
    /// Text format: end each document with a NUL byte instead of separating them with form feeds.
    #[arg(short = 'z', long = "null")]
    pub null: bool,
    /// JSON formats: add each document's removals as `removed: [{rule, start, end}]`.
    #[arg(long)]
    pub explain: bool,
    /// Remove nothing: print each input's whole text as one document (for an HTML page, the
    /// flattened text the rules would run on).
    #[arg(long, conflicts_with_all = ["check", "explain"])]
    pub keep_all: bool,
    /// Print only the inputs cleaning would remove something from, with the rules; exit 1 if
    /// any, 0 if none (for CI).
    #[arg(long, conflicts_with_all = ["format", "null", "explain", "out", "report", "report_html"])]
    pub check: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub jsonl: JsonlArgs,
    /// What to do with a JSON Lines record that cannot be cleaned: not JSON, not an object, no
    /// text field, a text field that is not a string, or over --max-file-size [default: skip].
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        conflicts_with = "strict",
        help_heading = "JSON Lines input"
    )]
    pub on_error: Option<OnErrorArg>,
    /// The field that holds the reason in a record passed on by --on-error pass [default: error].
    #[arg(long, value_name = "NAME", help_heading = "JSON Lines input")]
    pub error_field: Option<String>,
    /// Two passes: first learn the lines that recur on many pages of a group (as `gharbal learn`
    /// does), then clean with them as rules `learned:<group>`.
    #[arg(long, conflicts_with = "check", help_heading = "Learning")]
    pub learn: bool,
    /// Clean with the lines learned from these counts (`gharbal learn --emit-counts`, merged)
    /// instead of a first pass (repeatable).
    #[arg(long, value_name = "COUNTS", help_heading = "Learning")]
    pub learned: Vec<PathBuf>,
    #[command(flatten)]
    pub learning: LearnOptions,
}

/// How lines are grouped and which count as boilerplate.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Learning")]
pub struct LearnOptions {
    /// What a group (a site) is: `dir` is the first directory level below each directory given
    /// (a file given by name: its parent directory), `host` the host of each JSON Lines record's
    /// url (`--id-field`, else `url`), `none` the whole batch; `auto` is `host` for JSON Lines and
    /// `dir` otherwise.
    #[arg(long, value_enum, value_name = "HOW", default_value_t = GroupByArg::Auto)]
    pub group_by: GroupByArg,
    /// A learned line occurs in at least N documents of its group (at least 2).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(2..))]
    pub min_docs: u32,
    /// ... and in at least this share of the group's documents (0 to 1).
    #[arg(long, value_name = "SHARE", default_value_t = 0.2)]
    pub min_share: f64,
    /// Count at most N distinct lines at once over all groups (the memory bound; the least
    /// counted are evicted beyond it).
    #[arg(long, value_name = "N", default_value_t = 1 << 18)]
    pub max_lines: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    Auto,
    Dir,
    Host,
    None,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// Input files and directories (walked like `clean`'s).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the rules file (or the counts, with --emit-counts) to FILE instead of standard
    /// output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the per-group line counts as JSON Lines (mergeable: sum `docs` by group and key)
    /// instead of rules.
    #[arg(long)]
    pub emit_counts: bool,
    /// Add counts written by --emit-counts (repeatable): merge shards counted elsewhere.
    #[arg(long, value_name = "FILE")]
    pub counts: Vec<PathBuf>,
    /// Read the input in this encoding instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub learning: LearnOptions,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub jsonl: JsonlArgs,
}

/// Where batch output goes and what is said about it.
#[derive(Debug, Args)]
#[command(next_help_heading = "Batch")]
pub struct BatchArgs {
    /// Write one output per input under DIR, mirroring the input tree (`a/b/page.txt` becomes
    /// `DIR/a/b/page.txt`; its second document `DIR/a/b/page.2.txt`, or all in `page.jsonl`).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --out: leave inputs whose output already exists alone (resume an interrupted run).
    #[arg(long, requires = "out")]
    pub skip_existing: bool,
    /// Write the end-of-run summary as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write the HTML review page of the run to FILE (what `gharbal report` writes).
    #[arg(long, value_name = "FILE")]
    pub report_html: Option<PathBuf>,
    /// No progress bar, no summary, no notes; errors and warnings still print.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// How directories are walked and how much work runs at once.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Walking")]
pub struct WalkArgs {
    /// Only files matching GLOB in walked directories; `!GLOB` leaves them out (repeatable,
    /// gitignore syntax, matched below the directory given).
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Walk hidden files and directories too.
    #[arg(long)]
    pub hidden: bool,
    /// Follow symbolic links while walking.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Clean N inputs at once [default: all cores].
    #[arg(long = "threads", short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Refuse inputs (and JSON Lines records) larger than SIZE (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "64M")]
    pub max_file_size: String,
}

/// Reading JSON Lines instead of dumps.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "JSON Lines input")]
pub struct JsonlArgs {
    /// What the inputs are: dumps (text; a page is still read as HTML when its name ends in
    /// .html/.htm or it starts with `<!doctype html` or `<html`), HTML pages, or JSON Lines
    /// records each holding a dump.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = input_formats())]
    pub input_format: InputFormat,
    /// The field of each record that holds the dump.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// The field of each record that names it (e.g. url); its value becomes `source`.
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,
    /// Stop at the first malformed record instead of skipping it (`--on-error stop`).
    #[arg(long)]
    pub strict: bool,
}

/// What becomes of a JSON Lines record that cannot be cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnErrorArg {
    /// Report it on stderr, write nothing for it, go on, and exit 1 at the end.
    Skip,
    /// Write it on as it came, with the reason in an `error` field, warn on stderr, and exit 0
    /// (for Spark's RDD.pipe and Hadoop Streaming, where a nonzero exit fails the task).
    Pass,
    /// Report it and stop (what --strict does).
    Stop,
}

/// `--input-format`'s values: the library's [`InputFormat`], by name.
fn input_formats() -> impl clap::builder::TypedValueParser<Value = InputFormat> {
    clap::builder::PossibleValuesParser::new(InputFormat::ALL.map(|(name, _)| name)).map(|name| {
        name.parse::<InputFormat>()
            .expect("a name of InputFormat::ALL")
    })
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
    /// Input files and directories (walked recursively like `clean`'s); `-` or nothing reads
    /// standard input.
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
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub jsonl: JsonlArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Input files and directories (walked recursively like `clean`'s); `-` or nothing reads
    /// standard input.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Write the page to FILE (through a temporary file) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read the input in this encoding instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub jsonl: JsonlArgs,
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
    /// Rules files to add, as `rules test` takes them (the same as --rules FILE).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
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
        /// The same as FILE, as `rules list --rules FILE` takes it (repeatable).
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<PathBuf>,
    },
}
