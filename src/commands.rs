//! Runs a parsed command line: reads inputs, cleans, prints a view, and reports errors per input.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::cli::{Cli, Command, RulesCommand, RulesFormatArg};
use crate::config::{
    self, CleanConfig, DiffConfig, ExplainConfig, InputConfig, ReportFormat, StatsConfig,
};
use crate::ExitStatus;
use gharbal::input::looks_binary;
use gharbal::output::catalogue::{self, pass_name};
use gharbal::output::diff::write_diff;
use gharbal::output::explain::{explain_rows, write_explain};
use gharbal::output::stats::Tally;
use gharbal::output::term::escape_invisible;
use gharbal::output::verdict::line_verdicts;
use gharbal::output::{write_documents, Format};
use gharbal::rules::{examples, RuleSpec};
use gharbal::{clean_bytes, Outcome, RuleSet};

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Clean(args) => clean(config::clean(args)?),
        Command::Diff(args) => diff(config::diff(args)?),
        Command::Explain(args) => explain(config::explain(args)?),
        Command::Stats(args) => stats(config::stats(args)?),
        Command::Rules(RulesCommand::List(args)) => {
            rules_list(&config::rule_set(&args.rules)?, args.format)
        }
        Command::Rules(RulesCommand::Show { id, rules }) => {
            rules_show(&config::rule_set(&rules)?, &id)
        }
        Command::Rules(RulesCommand::Test { files }) => rules_test(&files),
    }
}

/// An input's name in messages and reports: its path, or `-` for standard input.
fn input_name(path: Option<&Path>) -> String {
    path.map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".to_string())
}

/// Reads one input whole; `None` is standard input.
fn read_input(path: Option<&Path>) -> Result<Vec<u8>> {
    match path {
        None => {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
            Ok(buf)
        }
        Some(p) => {
            if p.is_dir() {
                anyhow::bail!("is a directory; give the files inside it");
            }
            std::fs::read(p).map_err(anyhow::Error::from)
        }
    }
}

/// Reads and cleans one input, reporting problems on stderr; `None` when it could not be cleaned.
fn load(path: Option<&Path>, cfg: &InputConfig) -> Option<Outcome> {
    match read_and_clean(path, cfg) {
        Loaded::Clean(outcome) => Some(outcome),
        Loaded::Binary => {
            eprintln!(
                "gharbal: error: {}: looks like a binary file, not text; skipped",
                escape_invisible(&input_name(path))
            );
            None
        }
        Loaded::Failed => None,
    }
}

enum Loaded {
    Clean(Outcome),
    /// Not text; nothing said yet (a directory walk skips these quietly).
    Binary,
    /// Could not be read; the error is reported.
    Failed,
}

fn read_and_clean(path: Option<&Path>, cfg: &InputConfig) -> Loaded {
    let name = input_name(path);
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gharbal: error: {}: {e:#}", escape_invisible(&name));
            return Loaded::Failed;
        }
    };
    if looks_binary(&bytes) {
        return Loaded::Binary;
    }
    let outcome = clean_bytes(&bytes, &cfg.rules, cfg.encoding);
    if outcome.had_decode_errors {
        eprintln!(
            "gharbal: warning: {}: some bytes are not valid {}; they became U+FFFD (try --encoding)",
            escape_invisible(&name),
            outcome.encoding
        );
    }
    Loaded::Clean(outcome)
}

fn clean(cfg: CleanConfig) -> Result<ExitStatus> {
    if cfg.check {
        return check(&cfg.input);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut status = ExitStatus::Success;
    let mut first = true;
    if cfg.view.format == Format::Json {
        out.write_all(b"[")?;
    }
    for input in &cfg.input.inputs {
        let Some(outcome) = load(input.as_deref(), &cfg.input) else {
            status = ExitStatus::Failure;
            continue;
        };
        if write_documents(
            &mut out,
            &outcome,
            &input_name(input.as_deref()),
            cfg.view,
            first,
        )? {
            first = false;
        }
    }
    if cfg.view.format == Format::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(status)
}

/// `clean --check`: names each input cleaning would take something from; 1 if any (or if an
/// input could not be read), 0 if none.
fn check(cfg: &InputConfig) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    let mut status = ExitStatus::Success;
    for input in &cfg.inputs {
        let Some(outcome) = load(input.as_deref(), cfg) else {
            status = ExitStatus::Failure;
            continue;
        };
        let rows = line_verdicts(&outcome);
        let lost: Vec<_> = rows.iter().filter(|r| r.lost_content()).collect();
        if lost.is_empty() {
            continue;
        }
        let mut rules: Vec<&str> = Vec::new();
        for id in lost.iter().flat_map(|r| r.rules()) {
            if !rules.contains(&id) {
                rules.push(id);
            }
        }
        if rules.is_empty() {
            rules.push("(content outside every document)");
        }
        writeln!(
            out,
            "{}: would remove text from {} line{}: {}",
            escape_invisible(&input_name(input.as_deref())),
            lost.len(),
            if lost.len() == 1 { "" } else { "s" },
            rules.join(", ")
        )?;
        status = ExitStatus::Failure;
    }
    Ok(status)
}

fn diff(cfg: DiffConfig) -> Result<ExitStatus> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut status = ExitStatus::Success;
    for input in &cfg.input.inputs {
        let Some(outcome) = load(input.as_deref(), &cfg.input) else {
            status = ExitStatus::Failure;
            continue;
        };
        write_diff(
            &mut out,
            &outcome,
            &input_name(input.as_deref()),
            &cfg.options,
        )?;
    }
    out.flush()?;
    Ok(status)
}

fn explain(cfg: ExplainConfig) -> Result<ExitStatus> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut status = ExitStatus::Success;
    let many = cfg.input.inputs.len() > 1;
    let mut first = true;
    if cfg.format == ReportFormat::Json {
        out.write_all(b"[")?;
    }
    for input in &cfg.input.inputs {
        let name = input_name(input.as_deref());
        let Some(outcome) = load(input.as_deref(), &cfg.input) else {
            status = ExitStatus::Failure;
            continue;
        };
        match cfg.format {
            ReportFormat::Text => {
                if many {
                    let shown = if cfg.styling.escape {
                        escape_invisible(&name)
                    } else {
                        name.as_str().into()
                    };
                    writeln!(out, "{}==> {shown} <==", if first { "" } else { "\n" })?;
                }
                write_explain(&mut out, &outcome, &cfg.styling)?;
            }
            ReportFormat::Json | ReportFormat::Jsonl => {
                for row in explain_rows(&outcome, &name) {
                    if cfg.format == ReportFormat::Json {
                        out.write_all(if first { b"\n  " } else { b",\n  " })?;
                    }
                    serde_json::to_writer(&mut out, &row)?;
                    if cfg.format == ReportFormat::Jsonl {
                        out.write_all(b"\n")?;
                    }
                    first = false;
                }
            }
        }
        first = false;
    }
    if cfg.format == ReportFormat::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(status)
}

fn stats(cfg: StatsConfig) -> Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let mut tally = Tally::default();
    for input in &cfg.input.inputs {
        let Some(dir) = input.as_deref().filter(|p| p.is_dir()) else {
            match load(input.as_deref(), &cfg.input) {
                Some(outcome) => tally.add(&outcome),
                None => {
                    tally.add_failure();
                    status = ExitStatus::Failure;
                }
            }
            continue;
        };
        let files = match files_under(dir) {
            Ok(files) => files,
            Err(e) => {
                eprintln!(
                    "gharbal: error: {}: {e:#}",
                    escape_invisible(&dir.display().to_string())
                );
                tally.add_failure();
                status = ExitStatus::Failure;
                continue;
            }
        };
        // Files found in a directory: binary ones (images, archives) are skipped, not failures.
        for file in &files {
            match read_and_clean(Some(file), &cfg.input) {
                Loaded::Clean(outcome) => tally.add(&outcome),
                Loaded::Binary => tally.add_skipped(),
                Loaded::Failed => {
                    tally.add_failure();
                    status = ExitStatus::Failure;
                }
            }
        }
    }
    let mut out = BufWriter::new(io::stdout().lock());
    if cfg.json {
        serde_json::to_writer_pretty(&mut out, &tally.report())?;
        writeln!(out)?;
    } else {
        tally.write_table(&mut out)?;
    }
    out.flush()?;
    Ok(status)
}

/// The files under a directory, recursively, in name order; hidden entries (`.git`, `.cache`) and
/// symlinked directories are skipped.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| "cannot read directory".to_string())?
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut files = Vec::new();
    for path in entries {
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() {
            if !is_link {
                files.extend(files_under(&path)?);
            }
        } else if path.is_file() {
            files.push(path);
        }
    }
    Ok(files)
}

/// A rule as `rules list --format json` shows it.
#[derive(Serialize)]
struct RuleRecord<'a> {
    #[serde(flatten)]
    spec: &'a RuleSpec,
    source: &'a str,
}

fn rules_list(set: &RuleSet, format: RulesFormatArg) -> Result<ExitStatus> {
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        RulesFormatArg::Text => {
            let id_width = set.rules.iter().map(|r| r.spec.id.len()).max().unwrap_or(0);
            for r in &set.rules {
                writeln!(
                    out,
                    "{:<id_width$}  {:<9}  {}  [{}]",
                    r.spec.id,
                    pass_name(r.spec.pass),
                    r.spec.description,
                    r.source
                )?;
            }
        }
        RulesFormatArg::Markdown => out.write_all(catalogue::markdown(set).as_bytes())?,
        RulesFormatArg::Json => {
            let records: Vec<RuleRecord> = set
                .rules
                .iter()
                .map(|r| RuleRecord {
                    spec: &r.spec,
                    source: &r.source,
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &records)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn rules_show(set: &RuleSet, id: &str) -> Result<ExitStatus> {
    let Some(rule) = set.get(id) else {
        let close: Vec<&str> = set
            .rules
            .iter()
            .map(|r| r.spec.id.as_str())
            .filter(|r| {
                r.contains(id)
                    || id.contains(*r)
                    || id
                        .split('-')
                        .any(|w| w.len() > 2 && r.split('-').any(|x| x == w))
            })
            .collect();
        if close.is_empty() {
            anyhow::bail!("no rule `{id}` (see `gharbal rules list`)");
        }
        anyhow::bail!(
            "no rule `{id}`; did you mean {}? (see `gharbal rules list`)",
            close.join(", ")
        );
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "# {} ({} pass, from {})\n# {}",
        rule.spec.id,
        pass_name(rule.spec.pass),
        rule.source,
        rule.spec.description
    )?;
    let wrapped = gharbal::rules::RuleFile {
        rule: vec![rule.spec.clone()],
    };
    write!(out, "{}", toml::to_string_pretty(&wrapped)?)?;
    Ok(ExitStatus::Success)
}

fn rules_test(files: &[PathBuf]) -> Result<ExitStatus> {
    let (set, tested): (RuleSet, Vec<String>) = if files.is_empty() {
        let set = RuleSet::builtin();
        let ids = set.rules.iter().map(|r| r.spec.id.clone()).collect();
        (set, ids)
    } else {
        // A user's rules are tested on top of the built-ins, as `clean --rules` would run them.
        let mut set = RuleSet::builtin();
        let before = set.rules.len();
        for f in files {
            set.add_file(f)?;
        }
        let ids = set.rules[before..]
            .iter()
            .map(|r| r.spec.id.clone())
            .collect();
        (set, ids)
    };
    let mut out = io::stdout().lock();
    let mut failed = 0;
    let mut examples_run = 0;
    for r in set.rules.iter().filter(|r| tested.contains(&r.spec.id)) {
        examples_run += r.spec.must_remove.len() + r.spec.must_keep.len();
        for f in examples::check_rule(r, &set) {
            failed += 1;
            writeln!(
                out,
                "FAIL {} ({}): {}\n     example: {:?}",
                f.rule, f.source, f.problem, f.example
            )?;
        }
    }
    writeln!(
        out,
        "{} rules, {} examples, {} failed",
        tested.len(),
        examples_run,
        failed
    )?;
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
