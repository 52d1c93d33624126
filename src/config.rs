//! Flags and rule files resolved once into validated configurations; nothing below reads clap.

use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use encoding_rs::Encoding;

use crate::cli::{
    CleanArgs, ColorArg, DiffArgs, ExplainArgs, FormatArg, InputArgs, ReportFormatArg, RuleArgs,
    StatsArgs, StatsFormatArg,
};
use gharbal::input::encoding_for_label;
use gharbal::output::diff::DiffOptions;
use gharbal::output::term::Styling;
use gharbal::output::{Format, ViewOptions};
use gharbal::RuleSet;

/// What every command that cleans inputs reads, and how.
pub struct InputConfig {
    /// Inputs; `None` stands for standard input.
    pub inputs: Vec<Option<PathBuf>>,
    pub encoding: Option<&'static Encoding>,
    pub rules: RuleSet,
}

/// What `clean` runs with.
pub struct CleanConfig {
    pub input: InputConfig,
    pub view: ViewOptions,
    /// Report the inputs cleaning would change instead of printing documents.
    pub check: bool,
}

/// What `diff` runs with.
pub struct DiffConfig {
    pub input: InputConfig,
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
    pub format: ReportFormat,
    pub styling: Styling,
}

/// What `stats` runs with; inputs may be directories.
pub struct StatsConfig {
    pub input: InputConfig,
    pub json: bool,
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

fn input(args: InputArgs) -> Result<InputConfig> {
    Ok(InputConfig {
        encoding: encoding(args.encoding.as_deref())?,
        rules: rule_set(&args.rules)?,
        inputs: inputs(args.files),
    })
}

pub fn clean(args: CleanArgs) -> Result<CleanConfig> {
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Json => Format::Json,
    };
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
    Ok(CleanConfig {
        input: input(args.input)?,
        view: ViewOptions {
            format,
            nul: args.null,
            explain: args.explain,
        },
        check: args.check,
    })
}

pub fn diff(args: DiffArgs) -> Result<DiffConfig> {
    Ok(DiffConfig {
        input: input(args.input)?,
        options: DiffOptions {
            context: args.context,
            word: args.word,
            styling: styling(args.color),
        },
    })
}

pub fn explain(args: ExplainArgs) -> Result<ExplainConfig> {
    Ok(ExplainConfig {
        input: input(args.input)?,
        format: match args.format {
            ReportFormatArg::Text => ReportFormat::Text,
            ReportFormatArg::Json => ReportFormat::Json,
            ReportFormatArg::Jsonl => ReportFormat::Jsonl,
        },
        styling: styling(args.color),
    })
}

pub fn stats(args: StatsArgs) -> Result<StatsConfig> {
    Ok(StatsConfig {
        input: InputConfig {
            encoding: encoding(args.encoding.as_deref())?,
            rules: rule_set(&args.rules)?,
            inputs: inputs(args.files),
        },
        json: args.format == StatsFormatArg::Json,
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
    fn flags_beat_the_environment() {
        assert!(color(ColorArg::Always, false, &[("NO_COLOR", "1")]));
        assert!(!color(ColorArg::Never, true, &[("CLICOLOR_FORCE", "1")]));
    }
}
