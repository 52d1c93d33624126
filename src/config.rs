//! Flags and rule files resolved once into validated configurations; nothing below reads clap.

use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use encoding_rs::Encoding;

use crate::cli::{
    CleanArgs, ColorArg, DiffArgs, ExplainArgs, FormatArg, GroupByArg, InputArgs, JsonlArgs,
    LearnArgs, LearnOptions, OnErrorArg, ReportArgs, ReportFormatArg, RuleArgs, StatsArgs,
    StatsFormatArg, WalkArgs,
};
use gharbal::input::encoding_for_label;
use gharbal::learn::LearnParams;
use gharbal::output::diff::DiffOptions;
use gharbal::output::term::Styling;
use gharbal::output::{Format, ViewOptions};
use gharbal::{InputFormat, ReadOptions, RuleSet};

/// What every command that cleans inputs reads, and how.
pub struct InputConfig {
    /// Inputs; `None` stands for standard input.
    pub inputs: Vec<Option<PathBuf>>,
    pub encoding: Option<&'static Encoding>,
    pub rules: RuleSet,
    /// What the inputs are (`--input-format`): it says whether an input (or a JSON Lines
    /// record's text) is read as a page or a dump.
    pub format: InputFormat,
    /// Remove nothing (`clean --keep-all`).
    pub keep_all: bool,
}

impl InputConfig {
    /// How to read one input: as HTML or text, with the forced encoding.
    pub fn read_options(&self, path: Option<&Path>, bytes: &[u8]) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            kind: self.format.kind(path, bytes),
            keep_all: self.keep_all,
        }
    }
}

/// What `clean` runs with.
pub struct CleanConfig {
    pub input: InputConfig,
    pub view: ViewOptions,
    /// Report the inputs cleaning would change instead of printing documents.
    pub check: bool,
    pub walk: WalkConfig,
    pub batch: BatchConfig,
    /// JSON Lines input (`--input-format jsonl`): its fields, and what becomes of a bad record.
    pub jsonl: Option<JsonlConfig>,
    /// Where `--report-html` writes the review page.
    pub report_html: Option<PathBuf>,
    /// `--learn` / `--learned`: learn boilerplate lines before cleaning.
    pub learn: Option<Learning>,
}

/// How boilerplate lines are learned from a batch (`gharbal learn`, `clean --learn`).
#[derive(Debug, Clone)]
pub struct Learning {
    pub group_by: GroupBy,
    pub params: LearnParams,
    /// Counts to add (`--counts`, `--learned`).
    pub counts: Vec<PathBuf>,
    /// Count the inputs too (a first pass); off when `clean --learned` gives the counts.
    pub count_inputs: bool,
}

/// What a group of documents is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The first directory level below the directory walked.
    Dir,
    /// The host of a JSON Lines record's url.
    Host,
    /// The whole batch.
    None,
}

/// What `learn` runs with.
pub struct LearnConfig {
    pub input: InputConfig,
    pub walk: WalkConfig,
    /// JSON Lines input (`--input-format jsonl`): its fields, and what becomes of a bad record.
    pub jsonl: Option<JsonlConfig>,
    pub learning: Learning,
    pub output: Option<PathBuf>,
    pub emit_counts: bool,
}

fn learning(
    opts: LearnOptions,
    jsonl_in: bool,
    counts: Vec<PathBuf>,
    count_inputs: bool,
) -> Result<Learning> {
    if !(0.0..=1.0).contains(&opts.min_share) {
        bail!(
            "--min-share {} is not a share: give a number from 0 to 1 (e.g. 0.2)",
            opts.min_share
        );
    }
    if opts.max_lines < 16 {
        bail!(
            "--max-lines {} is too small to count anything: give at least 16",
            opts.max_lines
        );
    }
    Ok(Learning {
        group_by: match opts.group_by {
            GroupByArg::Auto if jsonl_in => GroupBy::Host,
            GroupByArg::Auto | GroupByArg::Dir => GroupBy::Dir,
            GroupByArg::Host => GroupBy::Host,
            GroupByArg::None => GroupBy::None,
        },
        params: LearnParams {
            min_docs: opts.min_docs,
            min_share: opts.min_share,
            max_entries: opts.max_lines,
            ..LearnParams::default()
        },
        counts,
        count_inputs,
    })
}

fn jsonl_config(args: &crate::cli::JsonlArgs) -> Option<JsonlConfig> {
    (args.input_format == InputFormat::Jsonl).then(|| JsonlConfig {
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        on_error: if args.strict {
            OnError::Stop
        } else {
            OnError::Skip
        },
    })
}

pub fn learn(args: LearnArgs) -> Result<LearnConfig> {
    let jsonl = jsonl_config(&args.jsonl);
    let jsonl_in = jsonl.is_some();
    let count_inputs = !args.paths.is_empty() || args.counts.is_empty();
    let inputs = if count_inputs {
        inputs(args.paths)
    } else {
        Vec::new()
    };
    Ok(LearnConfig {
        input: InputConfig {
            encoding: encoding(args.encoding.as_deref())?,
            rules: RuleSet::default(),
            inputs,
            format: args.jsonl.input_format,
            keep_all: false,
        },
        walk: walk(args.walk)?,
        jsonl,
        learning: learning(args.learning, jsonl_in, args.counts, count_inputs)?,
        output: args.output,
        emit_counts: args.emit_counts,
    })
}

/// How directories are walked, how many inputs are cleaned at once, and how big one may be.
#[derive(Debug, Clone)]
pub struct WalkConfig {
    /// `--glob` overrides: a plain glob includes, `!glob` excludes.
    pub globs: Vec<String>,
    pub hidden: bool,
    pub follow: bool,
    pub threads: usize,
    /// Largest input file or JSON Lines record, in bytes.
    pub max_file_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlConfig {
    pub text_field: String,
    pub id_field: Option<String>,
    /// What becomes of a record that cannot be cleaned.
    pub on_error: OnError,
}

/// What becomes of a JSON Lines record that cannot be cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnError {
    /// Reported on stderr, nothing written for it; the exit code becomes 1.
    Skip,
    /// Written on as a record holding the reason in this field, with a warning; the exit code
    /// stays 0 (for a pipe under Spark or Hadoop Streaming, where exit 1 fails the task).
    Pass { field: String },
    /// Reported, and the input stops there (`--strict`).
    Stop,
}

/// `--out`: where the mirrored tree goes.
#[derive(Debug, Clone)]
pub struct OutConfig {
    /// As given, for messages and for joining output paths.
    pub dir: PathBuf,
    pub skip_existing: bool,
}

/// Where batch output goes and what is said on stderr.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    pub out: Option<OutConfig>,
    pub report: Option<PathBuf>,
    /// Notes (binary files skipped, temporary files removed) on stderr.
    pub notes: bool,
    /// The end-of-run summary on stderr.
    pub summary: bool,
    /// The progress bar on stderr.
    pub progress: bool,
}

impl BatchConfig {
    /// A batch that prints nothing of its own: no outputs, notes, summary or progress (what
    /// `stats` and `report` walk with; binary files are counted as skipped, silently).
    pub fn silent() -> BatchConfig {
        BatchConfig {
            out: None,
            report: None,
            notes: false,
            summary: false,
            progress: false,
        }
    }
}

/// What `diff` runs with.
pub struct DiffConfig {
    pub input: InputConfig,
    /// Dumps and pages, or JSON Lines records.
    /// JSON Lines input (`--input-format jsonl`): its fields, and what becomes of a bad record.
    pub jsonl: Option<JsonlConfig>,
    /// How directories are walked, and the largest input.
    pub walk: WalkConfig,
    pub options: DiffOptions,
}

/// How `explain` prints rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Jsonl,
}

/// What `explain` runs with.
pub struct ExplainConfig {
    pub input: InputConfig,
    /// Dumps and pages, or JSON Lines records.
    /// JSON Lines input (`--input-format jsonl`): its fields, and what becomes of a bad record.
    pub jsonl: Option<JsonlConfig>,
    /// How directories are walked, and the largest input.
    pub walk: WalkConfig,
    pub format: ReportFormat,
    pub styling: Styling,
}

/// What `stats` runs with; inputs may be directories.
pub struct StatsConfig {
    pub input: InputConfig,
    /// Dumps and pages, or JSON Lines records.
    /// JSON Lines input (`--input-format jsonl`): its fields, and what becomes of a bad record.
    pub jsonl: Option<JsonlConfig>,
    pub json: bool,
    pub walk: WalkConfig,
}

/// What `report` runs with.
pub struct ReportConfig {
    pub input: InputConfig,
    /// Dumps and pages, or JSON Lines records.
    /// JSON Lines input (`--input-format jsonl`): its fields, and what becomes of a bad record.
    pub jsonl: Option<JsonlConfig>,
    /// Where the page goes; standard output when `None`.
    pub output: Option<PathBuf>,
    pub walk: WalkConfig,
}

/// Builds the rule set from the rule flags: built-ins unless dropped, then users' files in order.
pub fn rule_set(args: &RuleArgs) -> Result<RuleSet> {
    let mut set = if args.no_default_rules {
        RuleSet::default()
    } else {
        RuleSet::builtin()
    };
    for path in &args.rules {
        set.add_file(path)?;
    }
    let unknown = set.disable(&args.disable);
    if !unknown.is_empty() {
        bail!(
            "--disable names no rule: {} (see `gharbal rules list`)",
            unknown.join(", ")
        );
    }
    Ok(set)
}

fn encoding(label: Option<&str>) -> Result<Option<&'static Encoding>> {
    label
        .map(|label| {
            encoding_for_label(label).with_context(|| {
                format!("unknown encoding `{label}`: use a WHATWG label such as utf-8, windows-1256, iso-8859-6, utf-16le")
            })
        })
        .transpose()
}

fn inputs(files: Vec<PathBuf>) -> Vec<Option<PathBuf>> {
    if files.is_empty() {
        vec![None]
    } else {
        files
            .into_iter()
            .map(|p| if p.as_os_str() == "-" { None } else { Some(p) })
            .collect()
    }
}

fn input(args: InputArgs) -> Result<(InputConfig, Option<JsonlConfig>, WalkConfig)> {
    let walk = walk(args.walk)?;
    let (input, format) = read_as(
        args.encoding.as_deref(),
        &args.rules,
        args.files,
        &args.jsonl,
    )?;
    Ok((input, format, walk))
}

/// Inputs read as `--input-format` says (by default, as their names and bytes say: HTML or
/// text), with nothing kept whole.
fn read_as(
    label: Option<&str>,
    rules: &RuleArgs,
    files: Vec<PathBuf>,
    jsonl: &JsonlArgs,
) -> Result<(InputConfig, Option<JsonlConfig>)> {
    refuse_ignored_flags(jsonl, label)?;
    let input = InputConfig {
        encoding: encoding(label)?,
        rules: rule_set(rules)?,
        inputs: inputs(files),
        format: jsonl.input_format,
        keep_all: false,
    };
    Ok((input, jsonl_config(jsonl)))
}

/// Refuses the input flags that would be ignored, as every command does: the JSON Lines flags
/// without JSON Lines input, and `--encoding` with it.
fn refuse_ignored_flags(args: &JsonlArgs, encoding: Option<&str>) -> Result<()> {
    let jsonl_in = args.input_format == InputFormat::Jsonl;
    if !jsonl_in {
        let jsonl_flag = if args.id_field.is_some() {
            Some("--id-field")
        } else if args.text_field != "text" {
            Some("--text-field")
        } else if args.strict {
            Some("--strict")
        } else {
            None
        };
        if let Some(flag) = jsonl_flag {
            bail!("{flag} is about the fields and records of JSON Lines input: add --input-format jsonl");
        }
    }
    if jsonl_in && encoding.is_some() {
        bail!("--encoding does not apply to --input-format jsonl: JSON Lines are UTF-8");
    }
    Ok(())
}

pub fn clean(args: CleanArgs) -> Result<CleanConfig> {
    let jsonl_in = args.jsonl.input_format == InputFormat::Jsonl;
    let format = match args.format {
        Some(FormatArg::Text) => Format::Text,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Json) => Format::Json,
        None if jsonl_in => Format::Jsonl,
        None => Format::Text,
    };
    // Flags that would be ignored are errors that say what to use instead.
    if args.explain && format == Format::Text {
        bail!("--explain adds the removals to JSON records: use --format jsonl (or json); `gharbal explain FILE` shows every line's verdict as text");
    }
    refuse_ignored_flags(&args.jsonl, args.encoding.as_deref())?;
    let on_error = match (args.on_error, args.error_field) {
        (_, Some(_)) if args.on_error != Some(OnErrorArg::Pass) => {
            bail!("--error-field names the field of records passed on by --on-error pass: add --on-error pass")
        }
        (Some(_), _) if !jsonl_in => {
            bail!("--on-error is about JSON Lines records: it applies with --input-format jsonl (a dump that cannot be read is always reported and skipped)")
        }
        (Some(OnErrorArg::Pass), _) if format == Format::Text => {
            bail!("--on-error pass writes bad records on as JSON records: use --format jsonl (or json), not text")
        }
        (Some(OnErrorArg::Pass), field) => OnError::Pass {
            field: field.unwrap_or_else(|| "error".to_string()),
        },
        (Some(OnErrorArg::Stop), _) => OnError::Stop,
        (Some(OnErrorArg::Skip), _) | (None, _) if args.jsonl.strict => OnError::Stop,
        (Some(OnErrorArg::Skip), _) | (None, _) => OnError::Skip,
    };
    let input_format = args.jsonl.input_format;
    let jsonl = jsonl_in.then_some(JsonlConfig {
        text_field: args.jsonl.text_field,
        id_field: args.jsonl.id_field,
        on_error,
    });
    if args.null && format != Format::Text {
        bail!(
            "-z/--null separates text documents; it does not apply to --format {}",
            if format == Format::Json {
                "json"
            } else {
                "jsonl"
            }
        );
    }
    if jsonl_in && args.batch.report_html.is_some() {
        bail!("--report-html reviews dumps; it does not apply to --input-format jsonl");
    }
    if jsonl_in && args.keep_all {
        bail!("--keep-all does not apply to --input-format jsonl");
    }
    let inputs = inputs(args.paths);
    let learn = if args.learn || !args.learned.is_empty() {
        if args.learn && inputs.iter().any(Option::is_none) {
            bail!("--learn reads the inputs twice, and standard input can be read only once: give files or directories, or learn first with `gharbal learn --emit-counts` and clean with --learned");
        }
        Some(learning(args.learning, jsonl_in, args.learned, args.learn)?)
    } else {
        None
    };
    let out = match args.batch.out {
        None => None,
        Some(dir) => {
            if args.null {
                bail!("-z/--null does not apply with --out, which writes each document to a file of its own");
            }
            if jsonl_in && format == Format::Text {
                bail!("with --input-format jsonl, --out writes one file per input shard: add --format jsonl (or json)");
            }
            if inputs.iter().any(Option::is_none) {
                bail!("--out writes one output per input file, and standard input has no name: give files or directories, or drop --out to write to standard output");
            }
            Some(out_config(dir, &inputs, args.batch.skip_existing)?)
        }
    };
    let batch = out.is_some() || jsonl_in || inputs.iter().flatten().any(|p| p.is_dir());
    let quiet = args.batch.quiet;
    Ok(CleanConfig {
        input: InputConfig {
            encoding: encoding(args.encoding.as_deref())?,
            rules: rule_set(&args.rules)?,
            inputs,
            format: input_format,
            keep_all: args.keep_all,
        },
        view: ViewOptions {
            format,
            nul: args.null,
            explain: args.explain,
        },
        check: args.check,
        walk: walk(args.walk)?,
        batch: BatchConfig {
            out,
            report: args.batch.report,
            notes: !quiet,
            summary: batch && !quiet,
            progress: batch && !quiet && std::io::stderr().is_terminal(),
        },
        jsonl,
        report_html: args.batch.report_html,
        learn,
    })
}

fn walk(args: WalkArgs) -> Result<WalkConfig> {
    let threads = match args.threads {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    Ok(WalkConfig {
        globs: args.glob,
        hidden: args.hidden,
        follow: args.follow,
        threads,
        max_file_size: size_limit(&args.max_file_size)?,
    })
}

/// The value of `--max-file-size`.
fn size_limit(arg: &str) -> Result<u64> {
    parse_size(arg).with_context(|| format!("--max-file-size {arg}"))
}

/// `64M`, `1G`, `512k`, `64MiB`, `1000`: bytes, K/M/G/T being powers of 1024.
pub fn parse_size(s: &str) -> Result<u64> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(digits);
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.trim_end_matches('b').trim_end_matches('i');
    let shift = match unit {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => bail!("not a size: write bytes, or a number with K, M or G (e.g. 64M)"),
    };
    let n: u64 = n.parse().map_err(|_| {
        anyhow::anyhow!("not a size: write bytes, or a number with K, M or G (e.g. 64M)")
    })?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .context("the size must be at least one byte and fit in 64 bits")
}

/// Checks `--out` against the inputs: outputs must never land among the inputs. An output
/// directory inside an input directory (its outputs would sit in the input tree, where any later
/// walk takes them for inputs, and inputs already there would be passed over), an input
/// directory inside the output directory, or an input file directly in it, is refused.
fn out_config(dir: PathBuf, inputs: &[Option<PathBuf>], skip_existing: bool) -> Result<OutConfig> {
    if dir.exists() && !dir.is_dir() {
        bail!("--out {}: exists and is not a directory", dir.display());
    }
    let resolved = resolve(&dir)
        .with_context(|| format!("--out {}: cannot resolve the path", dir.display()))?;
    for input in inputs.iter().flatten() {
        let Ok(canon) = input.canonicalize() else {
            continue; // missing inputs are reported when they are read
        };
        if canon.is_dir() && resolved.starts_with(&canon) && resolved != canon {
            bail!(
                "--out {} is inside the input directory {}: outputs would be written into the input tree (where a later run takes them for inputs, and inputs already there would be passed over); choose an --out outside it",
                dir.display(),
                input.display()
            );
        }
        if canon.is_dir() && canon.starts_with(&resolved) {
            bail!(
                "--out {} holds the input directory {}: outputs would be written among the inputs; choose an --out outside it",
                dir.display(),
                input.display()
            );
        }
        if !canon.is_dir() && canon.parent() == Some(resolved.as_path()) {
            bail!(
                "--out {} holds the input file {}: its output would replace it; choose another --out",
                dir.display(),
                input.display()
            );
        }
    }
    Ok(OutConfig { dir, skip_existing })
}

/// An absolute path with the symbolic links of its longest existing ancestor resolved.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            return Ok(rest.iter().rev().fold(canon, |p: PathBuf, c| p.join(c)));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

pub fn diff(args: DiffArgs) -> Result<DiffConfig> {
    let (input, jsonl, walk) = input(args.input)?;
    Ok(DiffConfig {
        walk,
        input,
        jsonl,
        options: DiffOptions {
            context: args.context,
            word: args.word,
            styling: styling(args.color),
        },
    })
}

pub fn explain(args: ExplainArgs) -> Result<ExplainConfig> {
    let (input, jsonl, walk) = input(args.input)?;
    Ok(ExplainConfig {
        walk,
        input,
        jsonl,
        format: match args.format {
            ReportFormatArg::Text => ReportFormat::Text,
            ReportFormatArg::Json => ReportFormat::Json,
            ReportFormatArg::Jsonl => ReportFormat::Jsonl,
        },
        styling: styling(args.color),
    })
}

pub fn stats(args: StatsArgs) -> Result<StatsConfig> {
    let (input, jsonl) = read_as(
        args.encoding.as_deref(),
        &args.rules,
        args.files,
        &args.jsonl,
    )?;
    Ok(StatsConfig {
        input,
        jsonl,
        json: args.format == StatsFormatArg::Json,
        walk: walk(args.walk)?,
    })
}

pub fn report(args: ReportArgs) -> Result<ReportConfig> {
    let (input, jsonl) = read_as(
        args.encoding.as_deref(),
        &args.rules,
        args.files,
        &args.jsonl,
    )?;
    Ok(ReportConfig {
        input,
        jsonl,
        output: args.output,
        walk: walk(args.walk)?,
    })
}

/// Colour and escapes for standard output: escapes only on a terminal, colour as [`use_color`] says.
fn styling(choice: ColorArg) -> Styling {
    let terminal = std::io::stdout().is_terminal();
    Styling {
        color: use_color(choice, terminal, |name| std::env::var_os(name)),
        escape: terminal,
    }
}

/// Whether to colour: `--color always/never` win; under `auto`, NO_COLOR turns colour off,
/// CLICOLOR_FORCE turns it on even in a pipe, and otherwise only a terminal (not `TERM=dumb`,
/// not `CLICOLOR=0`) gets colour. Unset and empty variables count as absent.
pub fn use_color(choice: ColorArg, terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                terminal
                    && set("TERM").is_none_or(|t| t != "dumb")
                    && set("CLICOLOR").is_none_or(|v| v != "0")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(choice: ColorArg, terminal: bool, vars: &[(&str, &str)]) -> bool {
        use_color(choice, terminal, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn auto_colours_only_a_terminal() {
        assert!(color(ColorArg::Auto, true, &[]));
        assert!(!color(ColorArg::Auto, false, &[]));
        assert!(!color(ColorArg::Auto, true, &[("TERM", "dumb")]));
        assert!(!color(ColorArg::Auto, true, &[("CLICOLOR", "0")]));
    }

    #[test]
    fn no_color_and_clicolor_force_are_honoured() {
        assert!(!color(ColorArg::Auto, true, &[("NO_COLOR", "1")]));
        assert!(color(ColorArg::Auto, true, &[("NO_COLOR", "")]));
        assert!(color(ColorArg::Auto, false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!color(ColorArg::Auto, false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!color(
            ColorArg::Auto,
            false,
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
        ));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M").unwrap(), 64 << 20);
        assert_eq!(parse_size("64MiB").unwrap(), 64 << 20);
        assert_eq!(parse_size("512k").unwrap(), 512 << 10);
        assert_eq!(parse_size("1G").unwrap(), 1 << 30);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("99999999999999T").is_err());
    }

    #[test]
    fn flags_beat_the_environment() {
        assert!(color(ColorArg::Always, false, &[("NO_COLOR", "1")]));
        assert!(!color(ColorArg::Never, true, &[("CLICOLOR_FORCE", "1")]));
    }
}
