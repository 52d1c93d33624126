//! `rules list`, `rules show` and `rules test`: the rule catalogue and its examples.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::Stdout;
use crate::cli::RulesFormatArg;
use crate::ExitStatus;
use gharbal::examples;
use gharbal::output::catalogue::{self, pass_name};
use gharbal::rules::RuleSpec;
use gharbal::RuleSet;

/// A rule as `rules list --format json` shows it.
#[derive(Serialize)]
pub(super) struct RuleRecord<'a> {
    #[serde(flatten)]
    spec: &'a RuleSpec,
    source: &'a str,
}

pub(super) fn rules_list(set: &RuleSet, format: RulesFormatArg) -> Result<ExitStatus> {
    let mut out = BufWriter::new(Stdout::lock());
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

pub(super) fn rules_show(set: &RuleSet, id: &str) -> Result<ExitStatus> {
    let Some(rule) = set.get(id) else {
        let mut close: Vec<&str> = set
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
        // An id that holds what was typed first, then those that only share a word with it.
        close.sort_by_key(|r| !(r.contains(id) || id.contains(*r)));
        if close.is_empty() {
            anyhow::bail!("no rule `{id}` (see `gharbal rules list`)");
        }
        anyhow::bail!(
            "no rule `{id}`; did you mean {}? (see `gharbal rules list`)",
            close.join(", ")
        );
    };
    let mut out = Stdout::lock();
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

pub(super) fn rules_test(files: &[PathBuf]) -> Result<ExitStatus> {
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
    let mut out = Stdout::lock();
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
