//! Rule sets: the built-in rule files embedded at build time plus users' files, compiled.

pub mod detector;
pub mod pattern;
pub mod prefilter;
pub mod schema;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::lang::{Language, RuleAdditions};

use crate::text::hints::{Hint, Hints};
pub use detector::Detector;
use pattern::{Pattern, PatternError};
use prefilter::{Phrases, Prefilter};
pub use schema::{Anchor, Example, PassKind, RuleFile, RuleSpec};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The rule id prefix of the rules `gharbal learn` writes: `learned:<group>`.
pub const LEARNED_PREFIX: &str = "learned:";

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    pub spec: RuleSpec,
    /// The file the rule came from (`rules/footer.toml` for built-ins).
    pub source: String,
    pub pattern: Pattern,
    pub continue_pattern: Pattern,
    pub date_words: Pattern,
    /// Dom rules: the page furniture the rule removes.
    pub dom: Hints,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.spec.id
    }
}

/// An ordered, validated list of rules. Rule ids are unique.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The line, block and inline passes' prefilters, built on first use after the last change.
    prefilters: std::sync::OnceLock<(Phrases, [Prefilter; 3])>,
}

/// What is wrong with a rules file; always names the file, and where possible line and column.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The I/O error is part of the message rather than its source, so that a cause chain
    /// (`{:#}`) does not print it twice.
    #[error("cannot read rules file {file}: {error}")]
    Io { file: String, error: std::io::Error },
    #[error("{file}:{line}:{col}: {}{message}\n  fix: check the TOML syntax and the key names (see `gharbal rules show ID` for a valid rule)", rule.as_ref().map(|r| format!("rule `{r}`: ")).unwrap_or_default())]
    Parse {
        file: String,
        line: usize,
        col: usize,
        /// The rule whose table holds the error, when it can be told.
        rule: Option<String>,
        message: String,
    },
    #[error("{file}:{line}:{col}: rule `{rule}`: {message}\n  fix: {fix}")]
    Invalid {
        file: String,
        line: usize,
        col: usize,
        rule: String,
        message: String,
        fix: String,
    },
}

impl RuleSet {
    /// The rules built into the binary.
    /// The rules built into the binary, with each language's phrases (`lang/<code>.toml`).
    pub fn builtin() -> RuleSet {
        Self::builtin_with(crate::lang::builtin()).expect("built-in rules are valid")
    }

    /// The built-in rules files with the phrases and examples that `languages` add to them:
    /// an error names a language that adds to a rule no file defines.
    pub fn builtin_with(languages: &[Language]) -> Result<RuleSet, RuleError> {
        let mut by_rule = language_rules(languages);
        let mut set = RuleSet::default();
        for (name, text) in BUILTIN_RULE_FILES {
            let extend = |spec: &mut RuleSpec| {
                for (_, extra) in by_rule.get(spec.id.as_str()).into_iter().flatten() {
                    spec.phrases.extend(extra.phrases.iter().cloned());
                    spec.continue_phrases
                        .extend(extra.continue_phrases.iter().cloned());
                    spec.date_words.extend(extra.date_words.iter().cloned());
                    spec.must_remove.extend(extra.must_remove.iter().cloned());
                    spec.must_keep.extend(extra.must_keep.iter().cloned());
                }
            };
            set.add_source_with(name, text, Pattern::lazy, extend)?;
        }
        by_rule.retain(|id, _| set.get(id).is_none());
        match by_rule.into_iter().next() {
            Some((id, langs)) => Err(RuleError::Invalid {
                file: format!("lang/{}.toml", langs[0].0),
                line: 1,
                col: 1,
                rule: id.to_string(),
                message: "`[rules.ID]` adds phrases to a rule that no built-in rules file defines"
                    .into(),
                fix: "name a built-in rule (`gharbal rules list`)".into(),
            }),
            None => Ok(set),
        }
    }

    /// A set of already compiled rules.
    pub fn of_rules(rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            rules,
            prefilters: Default::default(),
        }
    }

    /// Reads and adds a user's rules file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), RuleError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| RuleError::Io {
            file: file.clone(),
            error,
        })?;
        self.add_source(&file, &text)
    }

    /// Parses, validates and appends the rules of one file's text, its regexes compiled now.
    pub fn add_source(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        self.add_source_with(file, text, Pattern::new, |_| {})
    }

    /// [`add_source`](Self::add_source), compiling each pattern with `make`.
    fn add_source_with(
        &mut self,
        file: &str,
        text: &str,
        make: fn(&[String], &[String]) -> Result<Pattern, PatternError>,
        extend: impl Fn(&mut RuleSpec),
    ) -> Result<(), RuleError> {
        let parsed: RuleFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            let (line, col) = offset.map(|o| line_col(text, o)).unwrap_or((1, 1));
            RuleError::Parse {
                file: file.to_string(),
                line,
                col,
                rule: offset.and_then(|o| rule_at(text, o)),
                message: e.message().trim_end().to_string(),
            }
        })?;
        let mut seen: HashMap<String, String> = self
            .rules
            .iter()
            .map(|r| (r.spec.id.clone(), r.source.clone()))
            .collect();
        let mut new_rules = Vec::with_capacity(parsed.rule.len());
        for mut spec in parsed.rule {
            extend(&mut spec);
            let (line, col) = locate_rule(text, &spec.id);
            let invalid = |message: String, fix: &str| RuleError::Invalid {
                file: file.to_string(),
                line,
                col,
                rule: spec.id.clone(),
                message,
                fix: fix.to_string(),
            };
            if let Some(first) = seen.get(&spec.id) {
                return Err(invalid(
                    format!("duplicate rule id, first defined in {first}"),
                    "give the rule another id, or drop the built-ins with --no-default-rules (or --disable ID) to replace one",
                ));
            }
            validate_id(&spec.id).map_err(|m| invalid(m, "use lower-case words joined by '-', named after what the rule removes, e.g. `share-bar`"))?;
            if spec.description.trim().is_empty() {
                return Err(invalid(
                    "empty description".into(),
                    "say in one line what the rule removes",
                ));
            }
            let compile = |phrases: &[String], regexes: &[String], what: &str| {
                make(phrases, regexes).map_err(|e| match e {
                    PatternError::EmptyPhrase(i) => invalid(
                        format!("{what} phrase #{} is empty after folding", i + 1),
                        "remove it or give it letters",
                    ),
                    PatternError::Regex(i, m) => invalid(
                        format!("regex #{} does not compile: {m}", i + 1),
                        "fix the regex (Rust `regex` syntax; no look-around or back-references)",
                    ),
                })
            };
            let pattern = compile(&spec.phrases, &spec.regexes, "")?;
            let continue_pattern = compile(&spec.continue_phrases, &[], "continue")?;
            let date_words = compile(&spec.date_words, &[], "date")?;
            let mut dom = Hints::default();
            for name in &spec.dom {
                match Hint::from_name(name) {
                    Some(h) => dom.add(h),
                    None => {
                        return Err(invalid(
                            format!("`{name}` in `dom` is not a kind of page furniture"),
                            &format!("use some of: {}", Hint::ALL.map(Hint::name).join(", ")),
                        ))
                    }
                }
            }
            match spec.pass {
                PassKind::Dom if dom.is_empty() => {
                    return Err(invalid(
                        "a dom rule needs `dom = [...]`, the page furniture it removes".into(),
                        "add e.g. `dom = [\"footer\"]`",
                    ))
                }
                PassKind::Dom => {}
                _ if !dom.is_empty() => {
                    return Err(invalid(
                        "only `pass = \"dom\"` rules take `dom`".into(),
                        "set `pass = \"dom\"`, or drop the `dom` key",
                    ))
                }
                PassKind::Structure if Detector::from_id(&spec.id).is_none() => {
                    return Err(invalid(
                        format!("`{}` is not a structure detector", spec.id),
                        &format!(
                            "use one of: {}",
                            Detector::ids().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                _ if spec.min_lines.is_some() && spec.pass != PassKind::Line => {
                    return Err(invalid(
                        "only `pass = \"line\"` rules take `min-lines`".into(),
                        "set `pass = \"line\"`, or drop the `min-lines` key",
                    ))
                }
                _ if spec.ends_page && spec.ends_article => return Err(invalid(
                    "a rule takes `ends-article` or `ends-page`, not both".into(),
                    "keep `ends-article` when reader comments follow its lines, else `ends-page`",
                )),
                _ if spec.takes_headline && spec.pass != PassKind::Line => {
                    return Err(invalid(
                        "only `pass = \"line\"` rules take `takes-headline`".into(),
                        "set `pass = \"line\"`, or drop the `takes-headline` key",
                    ))
                }
                PassKind::Structure | PassKind::Date => {}
                _ if pattern.is_empty() => {
                    return Err(invalid(
                        "the rule has no phrases and no regexes, so it can never match".into(),
                        "add `phrases = [...]` or `regexes = [...]`",
                    ))
                }
                _ => {}
            }
            seen.insert(spec.id.clone(), file.to_string());
            new_rules.push(Rule {
                spec,
                source: file.to_string(),
                pattern,
                continue_pattern,
                date_words,
                dom,
            });
        }
        self.rules.extend(new_rules);
        self.prefilters = Default::default();
        Ok(())
    }

    /// Drops the rules with these ids; returns the ids that named no rule.
    pub fn disable(&mut self, ids: &[String]) -> Vec<String> {
        let unknown = ids
            .iter()
            .filter(|id| !self.rules.iter().any(|r| &r.spec.id == *id))
            .cloned()
            .collect();
        self.rules.retain(|r| !ids.contains(&r.spec.id));
        self.prefilters = Default::default();
        unknown
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.spec.id == id)
    }

    /// The rules of one pass, in order.
    pub fn of(&self, pass: PassKind) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.spec.pass == pass)
    }

    /// The phrases of every line, block and inline rule, in one automaton.
    pub fn phrases(&self) -> &Phrases {
        &self.prefilters().0
    }

    /// What finds the candidate rules of a line for a line, block or inline pass.
    pub fn prefilter(&self, pass: PassKind) -> &Prefilter {
        let slot = prefilter::PREFILTERED
            .iter()
            .position(|&p| p == pass)
            .unwrap_or_else(|| panic!("no prefilter for the {pass:?} pass"));
        &self.prefilters().1[slot]
    }

    fn prefilters(&self) -> &(Phrases, [Prefilter; 3]) {
        self.prefilters.get_or_init(|| {
            (
                Phrases::new(&self.rules),
                std::array::from_fn(|slot| Prefilter::new(&self.rules, slot)),
            )
        })
    }

    /// True when the structure detector `id` is enabled.
    pub fn has(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Whether the rule that switches on a structural detector is in the set.
    pub fn detects(&self, detector: Detector) -> bool {
        self.has(detector.id())
    }
}

fn validate_id(id: &str) -> Result<(), String> {
    // Rules written by `gharbal learn` are named after the group they were learned from, which
    // is often a host name: `learned:www.example.com`.
    if let Some(group) = id.strip_prefix(LEARNED_PREFIX) {
        let ok = group.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && group
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        return if ok {
            Ok(())
        } else {
            Err(format!("invalid learned rule id `{id}`"))
        };
    }
    let ok = !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(format!("invalid rule id `{id}`"))
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// The id of the `[[rule]]` table that holds byte `offset` of a rules file, if it has one.
fn rule_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind("[[rule]]")?;
    let end = text[start + 8..]
        .find("[[rule]]")
        .map(|e| start + 8 + e)
        .unwrap_or(text.len());
    text[start..end].lines().find_map(|l| {
        let (key, value) = l.split_once('=')?;
        (key.trim() == "id").then(|| {
            value
                .trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string()
        })
    })
}

/// Where `id = "..."` of a rule stands in its file, for error messages.
/// The `[rules.<id>]` tables of the language files: by rule id, each language's additions in
/// file order.
fn language_rules(languages: &[Language]) -> BTreeMap<&str, Vec<(&str, &RuleAdditions)>> {
    let mut by_rule: BTreeMap<&str, Vec<(&str, &RuleAdditions)>> = BTreeMap::new();
    for lang in languages {
        for (id, extra) in &lang.rules {
            by_rule
                .entry(id.as_str())
                .or_default()
                .push((lang.code.as_str(), extra));
        }
    }
    by_rule
}

fn locate_rule(text: &str, id: &str) -> (usize, usize) {
    let quoted = format!("\"{id}\"");
    text.match_indices(&quoted)
        .find(|(i, _)| {
            text[..*i].trim_end().ends_with('=')
                && text[..*i]
                    .trim_end()
                    .trim_end_matches('=')
                    .trim_end()
                    .ends_with("id")
        })
        .map(|(i, _)| line_col(text, i))
        .unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built-in rules compile their patterns on first use: each must compile, as a user's rule
    /// is made to when it loads.
    #[test]
    fn builtin_patterns_compile() {
        for rule in RuleSet::builtin().rules {
            let s = &rule.spec;
            for (phrases, regexes) in [
                (&s.phrases, &s.regexes),
                (&s.continue_phrases, &vec![]),
                (&s.date_words, &vec![]),
            ] {
                if let Err(e) = Pattern::new(phrases, regexes) {
                    panic!("rule {}: {e:?}", s.id);
                }
            }
        }
    }

    #[test]
    fn builtin_rules_load_in_name_order() {
        let set = RuleSet::builtin();
        assert!(!set.rules.is_empty());
        let files: Vec<&str> = set.rules.iter().map(|r| r.source.as_str()).collect();
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
    }

    /// A language's file adds its phrases and examples to the rules it names, and nothing to
    /// the others; a language naming a rule no file defines is refused.
    #[test]
    fn a_language_file_adds_its_phrases_to_the_rules() {
        let lang: Language = toml::from_str(
            "code = \"xx\"\nname = \"Test\"\nfunction-words = [\"qa\"]\n\n\
             [rules.share-bar]\nphrases = [\"qwop zzyx\"]\nmust-remove = [\"Qwop zzyx\"]\n",
        )
        .unwrap();
        let builtin = crate::lang::builtin();
        let without = RuleSet::builtin_with(builtin).unwrap();
        let with = RuleSet::builtin_with(&[builtin, std::slice::from_ref(&lang)].concat()).unwrap();
        let phrases = |set: &RuleSet, id: &str| set.get(id).unwrap().spec.phrases.clone();
        assert!(!phrases(&without, "share-bar").contains(&"qwop zzyx".to_string()));
        assert!(phrases(&with, "share-bar").contains(&"qwop zzyx".to_string()));
        assert_eq!(
            with.get("share-bar").unwrap().spec.must_remove.len(),
            without.get("share-bar").unwrap().spec.must_remove.len() + 1
        );
        assert_eq!(phrases(&with, "ad-slot"), phrases(&without, "ad-slot"));
        // Without English, a rule loses its English phrases and examples.
        let no_english: Vec<Language> =
            builtin.iter().filter(|l| l.code != "en").cloned().collect();
        let fewer = RuleSet::builtin_with(&no_english).unwrap();
        assert!(phrases(&without, "comment-form").contains(&"leave a reply".to_string()));
        assert!(!phrases(&fewer, "comment-form").contains(&"leave a reply".to_string()));

        let mut stray = lang.clone();
        stray.rules = [("no-such-rule".to_string(), Default::default())].into();
        let err = RuleSet::builtin_with(&[builtin, &[stray]].concat())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("lang/xx.toml"), "{err}");
        assert!(err.contains("no-such-rule"), "{err}");
    }

    #[test]
    fn parse_error_names_line_and_column() {
        let mut set = RuleSet::default();
        let err = set
            .add_source(
                "x.toml",
                "[[rule]]\nid = \"a\"\ndescription = \"d\"\npass = \"line\"\nphrasez = [\"x\"]\n",
            )
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.toml:5:1: rule `a`:"), "{err}");
        assert!(err.contains("phrasez"), "{err}");
    }

    #[test]
    fn bad_regex_names_rule_and_line() {
        let mut set = RuleSet::default();
        let src = "[[rule]]\nid = \"ok-rule\"\ndescription = \"d\"\npass = \"line\"\nphrases = [\"x\"]\n\n[[rule]]\nid = \"bad-rule\"\ndescription = \"d\"\npass = \"line\"\nregexes = [\"(x\"]\n";
        let err = set.add_source("y.toml", src).unwrap_err().to_string();
        assert!(
            err.starts_with("y.toml:8:6: rule `bad-rule`: regex #1 does not compile"),
            "{err}"
        );
        assert!(err.contains("fix:"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut set = RuleSet::builtin();
        let src = "[[rule]]\nid = \"copyright-line\"\ndescription = \"d\"\npass = \"line\"\nphrases = [\"x\"]\n";
        let err = set.add_source("mine.toml", src).unwrap_err().to_string();
        assert!(
            err.contains("duplicate rule id, first defined in rules/"),
            "{err}"
        );
    }

    /// A removed line either opens reader comments or ends the page; a rule saying both is
    /// refused, with the way out.
    #[test]
    fn a_rule_ends_the_article_or_the_page_not_both() {
        let src = "[[rule]]\nid = \"top-link\"\ndescription = \"d\"\npass = \"line\"\nends-page = true\nphrases = [\"back to top\"]\n";
        RuleSet::default().add_source("z.toml", src).unwrap();
        let both = src.replace("ends-page = true", "ends-page = true\nends-article = true");
        let err = RuleSet::default()
            .add_source("z.toml", &both)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a rule takes `ends-article` or `ends-page`, not both"),
            "{err}"
        );
    }

    #[test]
    fn min_lines_belongs_to_line_rules() {
        let mut set = RuleSet::default();
        let src = "[[rule]]\nid = \"teaser-list\"\ndescription = \"d\"\npass = \"inline\"\nmin-lines = 2\nphrases = [\"read more\"]\n";
        let err = set.add_source("z.toml", src).unwrap_err().to_string();
        assert!(
            err.contains("only `pass = \"line\"` rules take `min-lines`"),
            "{err}"
        );
        let ok = src.replace("\"inline\"", "\"line\"");
        RuleSet::default().add_source("z.toml", &ok).unwrap();
        let src = src.replace("min-lines = 2", "takes-headline = true");
        let err = RuleSet::default()
            .add_source("z.toml", &src)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("only `pass = \"line\"` rules take `takes-headline`"),
            "{err}"
        );
    }

    /// A `min-lines` rule removes its lines only when enough lines of the input match it,
    /// while a plain rule matching the same line still removes it alone.
    #[test]
    fn min_lines_rules_fire_on_repeats_only() {
        let mut set = RuleSet::default();
        let src = "[[rule]]\nid = \"teaser-list\"\ndescription = \"d\"\npass = \"line\"\nmin-lines = 2\nphrases = [\"read more\"]\n\n[[rule]]\nid = \"promo\"\ndescription = \"d\"\npass = \"line\"\nphrases = [\"promo\"]\n";
        set.add_source("z.toml", src).unwrap();
        let removed = |text: &str| -> Vec<(usize, String)> {
            crate::engine::run_rule_passes(text.to_string(), &set)
                .removals
                .iter()
                .map(|r| (r.line, r.rule.clone()))
                .collect()
        };
        assert_eq!(removed("Story one... read more\nBody text.\n"), vec![]);
        assert_eq!(
            removed("Story one... read more\nBody text.\nStory two... read more\n"),
            vec![
                (0, "teaser-list".to_string()),
                (2, "teaser-list".to_string())
            ]
        );
        assert_eq!(
            removed("A promo... read more\nBody text.\n"),
            vec![(0, "promo".to_string())]
        );
    }
}
