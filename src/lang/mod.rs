//! What gharbal knows of each language, read from `lang/<code>.toml` (built into the binary):
//! function words, conjunctions written glued on, words that tell a page's language, light
//! stemming, the splitter's cues of where a story starts, and the language's phrases of the
//! built-in rules. Adding a language is adding a file; no code names a language's words.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/builtin_lang.rs"));

/// One language file, `lang/<code>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Language {
    /// ISO 639-1 code, the file's name.
    pub code: String,
    pub name: String,
    /// Words prose is full of and menus are not; every language's count on every line.
    pub function_words: Vec<String>,
    /// Conjunctions written glued to the next word (Arabic و and ف): a function word with one
    /// of them on still counts.
    #[serde(default)]
    pub glued_conjunctions: Vec<String>,
    /// Words that tell the language of a page that does not say it, among the languages of
    /// its script.
    #[serde(default)]
    pub detect_words: Vec<String>,
    /// Proclitics and suffixes stripped (longest first, in file order) before words are
    /// compared for topic, when three letters stay.
    #[serde(default)]
    pub stem_prefixes: Vec<String>,
    #[serde(default)]
    pub stem_suffixes: Vec<String>,
    /// Where a story starts and where a paragraph continues one.
    #[serde(default)]
    pub split: Option<SplitCues>,
    /// What the language adds to built-in rules, by rule id (`[rules.<id>]`): phrases, date
    /// words and the examples that test them.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleAdditions>,
}

/// What a language adds to a built-in rule: the `[rules.<id>]` table of `lang/<code>.toml`.
/// Appended to the rule's own lists when the built-in rules load, so that a language's phrases
/// and the examples that test them live in its file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleAdditions {
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub continue_phrases: Vec<String>,
    #[serde(default)]
    pub date_words: Vec<String>,
    #[serde(default)]
    pub must_remove: Vec<Example>,
    #[serde(default)]
    pub must_keep: Vec<String>,
}

/// An example a rule must handle: a plain string, or a text with what must remain of it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Example {
    Text(String),
    Trim { text: String, keeps: String },
}

impl Example {
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) => t,
            Example::Trim { text, .. } => text,
        }
    }
}

/// One language's cues, the `[split]` table of `lang/<code>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitCues {
    pub lead: LeadCues,
    pub time: TimeCues,
    pub continuation: ContinuationCues,
}

/// First words of a lead sentence (after an optional dateline).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LeadCues {
    pub description: String,
    pub openers: Vec<String>,
    /// News agencies named right after a dateline, looked through to the lead verb.
    pub agencies: Vec<String>,
    /// Nouns that, second in a paragraph after a first word that is neither glued to a
    /// conjunction nor a function word (a verb: "كرمت وزارة التعليم ..."), name a body or a
    /// title: the full introduction of the lead's subject, whatever the verb.
    #[serde(default)]
    pub subjects: Vec<String>,
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
}

/// Words that anchor a lead in time within its first words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeCues {
    pub description: String,
    pub words: Vec<String>,
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
}

/// Openings of a paragraph that continues a story.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContinuationCues {
    pub description: String,
    /// A first word that starts with one of these, with two letters or more after it.
    pub proclitics: Vec<String>,
    /// First words whose first letter is their own, not a proclitic.
    pub not_proclitic: Vec<String>,
    /// Words or phrases that open a continuing paragraph.
    pub openers: Vec<String>,
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
}

/// The built-in languages, in file-name order.
pub fn builtin() -> &'static [Language] {
    static LANGS: OnceLock<Vec<Language>> = OnceLock::new();
    LANGS.get_or_init(|| {
        BUILTIN_LANG_FILES
            .iter()
            .map(|(name, text)| {
                let lang: Language = toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
                lang
            })
            .collect()
    })
}

/// The built-in language with this code.
pub fn get(code: &str) -> Option<&'static Language> {
    builtin().iter().find(|l| l.code == code)
}

/// The language of a text in Latin script, by the detect words of each language that has
/// them: the one with most of them wins (the first in file order on a tie); `None` when no
/// word of any is there.
pub fn detect_latin(text: &str) -> Option<&'static str> {
    let langs: Vec<&Language> = builtin()
        .iter()
        .filter(|l| !l.detect_words.is_empty())
        .collect();
    let mut counts = vec![0usize; langs.len()];
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if w.is_empty() {
            continue;
        }
        let w = w.to_lowercase();
        for (l, n) in langs.iter().zip(counts.iter_mut()) {
            if l.detect_words.binary_search(&w).is_ok() {
                *n += 1;
            }
        }
    }
    let mut best: Option<(usize, &str)> = None;
    for (l, &n) in langs.iter().zip(&counts) {
        if n > 0 && best.is_none_or(|(b, _)| n > b) {
            best = Some((n, l.code.as_str()));
        }
    }
    best.map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_named_after_its_code() {
        for ((file, _), lang) in BUILTIN_LANG_FILES.iter().zip(builtin()) {
            assert_eq!(*file, format!("lang/{}.toml", lang.code));
            assert!(
                !lang.name.is_empty() && !lang.function_words.is_empty(),
                "{file}"
            );
        }
        for code in ["ar", "en", "fr"] {
            assert!(get(code).is_some_and(|l| l.split.is_some()), "{code}");
        }
    }

    /// Word lists are sorted (so a reader finds a word, and a merge shows what changed) and
    /// hold each word once; affix lists keep their order (longest first) but no repeats.
    #[test]
    fn word_lists_are_sorted_and_hold_each_word_once() {
        for lang in builtin() {
            for (what, words) in [
                ("function-words", &lang.function_words),
                ("detect-words", &lang.detect_words),
            ] {
                let mut sorted = words.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(words, &sorted, "lang/{}.toml: {what}", lang.code);
            }
            for (what, words) in [
                ("glued-conjunctions", &lang.glued_conjunctions),
                ("stem-prefixes", &lang.stem_prefixes),
                ("stem-suffixes", &lang.stem_suffixes),
            ] {
                let mut seen = std::collections::HashSet::new();
                for w in words {
                    assert!(seen.insert(w), "lang/{}.toml: {what}: {w} twice", lang.code);
                }
            }
            for w in &lang.detect_words {
                assert_eq!(
                    w,
                    &w.to_lowercase(),
                    "lang/{}.toml: detect-words",
                    lang.code
                );
            }
        }
    }

    #[test]
    fn a_latin_page_is_told_by_its_detect_words() {
        assert_eq!(
            detect_latin("The talks were held with the minister."),
            Some("en")
        );
        assert_eq!(
            detect_latin("Le ministre est dans la ville avec les élus."),
            Some("fr")
        );
        assert_eq!(detect_latin("Lorem ipsum dolor sit amet"), None);
        // A tie goes to the first language in file order.
        assert_eq!(detect_latin("the le"), Some("en"));
    }
}
