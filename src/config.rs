//! Flags and rule files resolved once into a validated configuration.

use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use encoding_rs::Encoding;

use crate::cli::{CleanArgs, FormatArg, RuleArgs};
use gharbal::output::{Format, ViewOptions};
use gharbal::input::encoding_for_label;
use gharbal::RuleSet;

/// What `clean` runs with.
pub struct CleanConfig {
    /// Inputs; `None` stands for standard input.
    pub inputs: Vec<Option<PathBuf>>,
    pub view: ViewOptions,
    pub encoding: Option<&'static Encoding>,
    pub rules: RuleSet,
}

/// Builds the rule set from the rule flags: built-ins unless dropped, then users' files in order.
pub fn rule_set(args: &RuleArgs) -> Result<RuleSet> {
    let mut set = if args.no_default_rules { RuleSet::default() } else { RuleSet::builtin() };
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

pub fn clean(args: CleanArgs) -> Result<CleanConfig> {
    let encoding = match &args.encoding {
        Some(label) => Some(encoding_for_label(label).with_context(|| {
            format!("unknown encoding `{label}`: use a WHATWG label such as utf-8, windows-1256, iso-8859-6, utf-16le")
        })?),
        None => None,
    };
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Json => Format::Json,
    };
    if args.null && format != Format::Text {
        bail!("-z/--null separates text documents; it does not apply to --format {}", if format == Format::Json { "json" } else { "jsonl" });
    }
    let inputs = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .into_iter()
            .map(|p| if p.as_os_str() == "-" { None } else { Some(p) })
            .collect()
    };
    Ok(CleanConfig {
        inputs,
        view: ViewOptions {
            format,
            nul: args.null,
            explain: args.explain,
        },
        encoding,
        rules: rule_set(&args.rules)?,
    })
}
