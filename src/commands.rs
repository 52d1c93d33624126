//! Runs a parsed command line: reads inputs, cleans, prints, and reports errors per input.

use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::{Cli, Command, RulesCommand};
use crate::config::{self, CleanConfig};
use crate::ExitStatus;
use gharbal::input::looks_binary;
use gharbal::output::write_documents;
use gharbal::rules::examples;
use gharbal::{clean_bytes, RuleSet};

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Clean(args) => clean(config::clean(args)?),
        Command::Rules(RulesCommand::List(args)) => rules_list(&config::rule_set(&args)?),
        Command::Rules(RulesCommand::Show { id, rules }) => rules_show(&config::rule_set(&rules)?, &id),
        Command::Rules(RulesCommand::Test { files }) => rules_test(&files),
    }
}

/// Reads one input whole; `None` is standard input.
fn read_input(path: Option<&Path>) -> Result<Vec<u8>> {
    match path {
        None => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf).context("cannot read standard input")?;
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

fn clean(cfg: CleanConfig) -> Result<ExitStatus> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut status = ExitStatus::Success;
    let mut first = true;
    if cfg.view.format == gharbal::output::Format::Json {
        out.write_all(b"[")?;
    }
    for input in &cfg.inputs {
        let name = input.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "-".to_string());
        let bytes = match read_input(input.as_deref()) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("gharbal: error: {name}: {e:#}");
                status = ExitStatus::Failure;
                continue;
            }
        };
        if looks_binary(&bytes) {
            eprintln!("gharbal: error: {name}: looks like a binary file, not text; skipped");
            status = ExitStatus::Failure;
            continue;
        }
        let outcome = clean_bytes(&bytes, &cfg.rules, cfg.encoding);
        if outcome.had_decode_errors {
            eprintln!(
                "gharbal: warning: {name}: some bytes are not valid {}; they became U+FFFD (try --encoding)",
                outcome.encoding
            );
        }
        if write_documents(&mut out, &outcome, &name, cfg.view, first)? {
            first = false;
        }
    }
    if cfg.view.format == gharbal::output::Format::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(status)
}

fn rules_list(set: &RuleSet) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    for r in &set.rules {
        writeln!(out, "{:<22} {:<9} {}  [{}]", r.spec.id, pass_name(r), r.spec.description, r.source)?;
    }
    Ok(ExitStatus::Success)
}

fn pass_name(r: &gharbal::rules::Rule) -> String {
    serde_json::to_value(r.spec.pass).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn rules_show(set: &RuleSet, id: &str) -> Result<ExitStatus> {
    let Some(rule) = set.get(id) else {
        anyhow::bail!("no rule `{id}` (see `gharbal rules list`)");
    };
    let mut out = io::stdout().lock();
    writeln!(out, "# {} ({} pass, from {})\n# {}", rule.spec.id, pass_name(rule), rule.source, rule.spec.description)?;
    let wrapped = gharbal::rules::RuleFile { rule: vec![rule.spec.clone()] };
    write!(out, "{}", toml::to_string_pretty(&wrapped)?)?;
    Ok(ExitStatus::Success)
}

fn rules_test(files: &[std::path::PathBuf]) -> Result<ExitStatus> {
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
        let ids = set.rules[before..].iter().map(|r| r.spec.id.clone()).collect();
        (set, ids)
    };
    let mut out = io::stdout().lock();
    let mut failed = 0;
    let mut examples_run = 0;
    for r in set.rules.iter().filter(|r| tested.contains(&r.spec.id)) {
        examples_run += r.spec.must_remove.len() + r.spec.must_keep.len();
        for f in examples::check_rule(r, &set) {
            failed += 1;
            writeln!(out, "FAIL {} ({}): {}\n     example: {:?}", f.rule, f.source, f.problem, f.example)?;
        }
    }
    writeln!(out, "{} rules, {} examples, {} failed", tested.len(), examples_run, failed)?;
    Ok(if failed > 0 { ExitStatus::Failure } else { ExitStatus::Success })
}
