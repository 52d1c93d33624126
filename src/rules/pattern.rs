//! A rule's phrases and regexes compiled for matching on folded keys.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::schema::Anchor;
use crate::text::fold::fold;

/// Compiled phrases (one automaton) and regexes of one rule. A pattern made with
/// [`Pattern::new`] is compiled at once (a user's rule: its errors show when it loads); one made
/// with [`Pattern::lazy`] compiles on its first match (a built-in rule, which tests compile),
/// so that a run pays only for the rules its input calls on.
#[derive(Debug, Clone)]
pub struct Pattern {
    phrases: Vec<String>,
    whole: HashSet<String>,
    automaton: OnceLock<Option<AhoCorasick>>,
    /// The regexes as written, folded.
    sources: Vec<String>,
    regexes: OnceLock<Vec<Regex>>,
    /// Each regex's gate for the prefilter, found once (each pass and length tier asks).
    gates: OnceLock<Vec<Option<Vec<String>>>>,
}

/// Why a pattern could not be compiled.
#[derive(Debug, Clone)]
pub enum PatternError {
    EmptyPhrase(usize),
    Regex(usize, String),
}

impl Pattern {
    /// Folds and compiles phrases and regexes now.
    pub fn new(phrases: &[String], regexes: &[String]) -> Result<Pattern, PatternError> {
        let pattern = Pattern::lazy(phrases, regexes)?;
        let compiled = pattern
            .sources
            .iter()
            .enumerate()
            .map(|(i, r)| compile_regex(r).map_err(|e| PatternError::Regex(i, e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        let _ = pattern.regexes.set(compiled);
        pattern.automaton();
        Ok(pattern)
    }

    /// Folds phrases and regexes now and compiles them on first use; a regex that does not
    /// compile then is a bug (built-in rules are compiled by the tests).
    pub fn lazy(phrases: &[String], regexes: &[String]) -> Result<Pattern, PatternError> {
        let mut folded = Vec::with_capacity(phrases.len());
        for (i, p) in phrases.iter().enumerate() {
            let k = fold(p);
            if k.is_empty() {
                return Err(PatternError::EmptyPhrase(i));
            }
            folded.push(k);
        }
        Ok(Pattern {
            whole: folded.iter().cloned().collect(),
            phrases: folded,
            automaton: OnceLock::new(),
            sources: regexes.iter().map(|r| fold_regex_source(r)).collect(),
            regexes: OnceLock::new(),
            gates: OnceLock::new(),
        })
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                (!self.phrases.is_empty()).then(|| {
                    // Runs only on the lines the prefilter picked: a compact automaton that is
                    // quick to build beats a DFA here.
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostLongest)
                        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                        .build(&self.phrases)
                        .expect("phrase automaton within size limits")
                })
            })
            .as_ref()
    }

    fn regexes(&self) -> &[Regex] {
        self.regexes.get_or_init(|| {
            self.sources
                .iter()
                .map(|r| compile_regex(r).expect("a built-in rule's regex compiles"))
                .collect()
        })
    }

    /// The regexes, folded.
    pub fn regex_sources(&self) -> &[String] {
        &self.sources
    }

    /// For each regex, the needles one of which every match holds, if it has such a gate.
    pub fn gates(&self) -> &[Option<Vec<String>>] {
        self.gates.get_or_init(|| {
            self.sources
                .iter()
                .map(|s| super::prefilter::needed_strings(s))
                .collect()
        })
    }

    /// The folded phrases.
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.sources.is_empty()
    }

    /// Finds the first match in a folded line under `anchor`, as a byte range of `key`.
    pub fn find(&self, key: &str, anchor: Anchor) -> Option<(usize, usize)> {
        match anchor {
            Anchor::Whole => {
                let (s, e) = letter_core(key);
                let core = &key[s..e];
                if core.is_empty() {
                    return None;
                }
                if self.whole.contains(core) {
                    return Some((s, e));
                }
                self.regexes()
                    .iter()
                    .find_map(|re| {
                        re.find(core)
                            .filter(|m| m.start() == 0 && m.end() == core.len())
                    })
                    .map(|_| (s, e))
            }
            Anchor::Start => {
                let (s, _) = letter_core(key);
                let rest = &key[s..];
                if let Some(ac) = self.automaton() {
                    if let Some(m) = ac.find(rest) {
                        if m.start() == 0 && boundary_ok(rest, m.start(), m.end()) {
                            return Some((s, s + m.end()));
                        }
                    }
                }
                self.regexes()
                    .iter()
                    .find_map(|re| regex_span(re, rest).filter(|m| m.0 == 0))
                    .map(|m| (s, s + m.1))
            }
            Anchor::Anywhere => {
                let mut best: Option<(usize, usize)> = None;
                if let Some(ac) = self.automaton() {
                    best = ac
                        .find_iter(key)
                        .find(|m| boundary_ok(key, m.start(), m.end()))
                        .map(|m| (m.start(), m.end()));
                }
                for re in self.regexes() {
                    if let Some(m) = regex_span(re, key) {
                        if best.is_none_or(|b| m.0 < b.0) {
                            best = Some(m);
                        }
                    }
                }
                best
            }
        }
    }
}

/// Where a rule regex matches `hay`: the whole match, or from the start of its group named `at`
/// when it has one. Without look-behind, the group lets a regex ask for context that is not
/// part of the match: `(^|[.!?]\s+)(?P<at>follow us on ...)` finds a sentence that opens the
/// line or follows another, and an inline rule then removes from the sentence on, leaving the
/// full stop before it.
fn regex_span(re: &Regex, hay: &str) -> Option<(usize, usize)> {
    let m = re.find(hay)?;
    if !re.capture_names().flatten().any(|n| n == "at") {
        return Some((m.start(), m.end()));
    }
    // Groups need the slow engine: it runs over the match only, which the fast one found.
    let c = re.captures_at(&hay[..m.end()], m.start())?;
    let start = c.name("at").map_or(m.start(), |g| g.start());
    Some((start, m.end()))
}

/// A rule regex, folded, compiled with the size limit every rule gets.
fn compile_regex(folded: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(folded).size_limit(1 << 22).build()
}

/// Regexes match the folded key, so their non-ASCII letters are folded the same way (ASCII
/// is left alone: lower-casing it would change escapes such as `\S`). What a non-ASCII
/// character folds to is text, not pattern: `…` folds to `...`, which must match three dots,
/// not any three characters.
fn fold_regex_source(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for c in source.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            crate::text::fold::fold_char(c, |f| {
                if f.is_ascii() && regex_syntax::is_meta_character(f) {
                    out.push('\\');
                }
                out.push(f);
            });
        }
    }
    out
}

/// The part of a key between its first and last letter or digit... letters only at the start,
/// so that list numbering ("1 - |") and trailing field marks (": * | |") fall away.
pub(crate) fn letter_core(key: &str) -> (usize, usize) {
    let start = key
        .char_indices()
        .find(|(_, c)| crate::text::fold::is_letter(*c))
        .map(|(i, _)| i)
        .unwrap_or(key.len());
    let end = key
        .char_indices()
        .rev()
        .find(|(_, c)| crate::text::fold::is_letter_or_digit(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(start)
        .max(start);
    (start, end)
}

/// Latin-script phrase edges must sit on word boundaries; Arabic phrases may be glued to the
/// word before them (scrapers drop the space between a paragraph and a "read also" link).
fn boundary_ok(key: &str, s: usize, e: usize) -> bool {
    let first = key[s..].chars().next();
    let last = key[..e].chars().next_back();
    let before = key[..s].chars().next_back();
    let after = key[e..].chars().next();
    let latin = |c: Option<char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || ('\u{C0}'..'\u{250}').contains(&c))
    };
    let word = |c: Option<char>| c.is_some_and(crate::text::fold::is_letter_or_digit);
    let glued_before = latin(first) && word(before);
    let glued_after = latin(last) && word(after);
    !(glued_before || glued_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(p: &[&str], r: &[&str]) -> Pattern {
        let p: Vec<String> = p.iter().map(|s| s.to_string()).collect();
        let r: Vec<String> = r.iter().map(|s| s.to_string()).collect();
        Pattern::new(&p, &r).unwrap()
    }

    #[test]
    fn whole_ignores_numbering_and_field_marks() {
        let p = pat(&["الاسم", "سياسة الخصوصية"], &[]);
        assert!(p.find(&fold("الاسم : * | |"), Anchor::Whole).is_some());
        assert!(p.find(&fold("سياسة الخصوصية"), Anchor::Whole).is_some());
        assert!(p.find(&fold("الاسم الكامل للكاتب"), Anchor::Whole).is_none());
    }

    /// A group named `at` starts the match; what the regex needs before it stays outside.
    #[test]
    fn a_group_named_at_starts_the_match() {
        let p = pat(&[], &[r"(^|[.!?]\s+)(?P<at>follow us)"]);
        let key = "it rained. follow us now";
        assert_eq!(p.find(key, Anchor::Anywhere), Some((11, 20)));
        assert_eq!(p.find("follow us", Anchor::Anywhere), Some((0, 9)));
        assert_eq!(p.find("please follow us", Anchor::Anywhere), None);
        assert_eq!(p.find("follow us here", Anchor::Start), Some((0, 9)));
        // without the group, the whole match counts
        let q = pat(&[], &[r"[.!?]\s+follow us"]);
        assert_eq!(q.find(key, Anchor::Anywhere), Some((9, 20)));
    }

    #[test]
    fn latin_phrases_need_word_boundaries() {
        let p = pat(&["share"], &[]);
        assert!(p.find("share on facebook", Anchor::Anywhere).is_some());
        assert!(p.find("shareholders met", Anchor::Anywhere).is_none());
    }

    #[test]
    fn arabic_phrases_may_be_glued() {
        let p = pat(&["إقرأ أيضاً"], &[]);
        let key = fold("الشهر الماضيإقرأ أيضاً : خبر");
        assert!(p.find(&key, Anchor::Anywhere).is_some());
    }

    #[test]
    fn start_anchor_and_regex() {
        let p = pat(&["المصدر"], &[r"^source ?:"]);
        assert!(p.find(&fold("المصدر: وكالة"), Anchor::Start).is_some());
        assert!(p.find(&fold("قال المصدر إن"), Anchor::Start).is_none());
        assert!(p.find("source: afp", Anchor::Start).is_some());
    }

    #[test]
    fn regex_letters_fold_like_the_text() {
        let p = pat(&[], &["^الأكثر قراءة$"]);
        assert!(p.find(&fold("الاكثر قراءه"), Anchor::Whole).is_some());
        let p = pat(&[], &[r"^\S+ story$"]);
        assert!(p.find("full story", Anchor::Whole).is_some());
        // An ellipsis folds to three dots, and matches three dots only.
        let p = pat(&[], &["… more$"]);
        assert!(p.find(&fold("and so… more"), Anchor::Anywhere).is_some());
        assert!(p.find(&fold("and so... more"), Anchor::Anywhere).is_some());
        assert!(p.find(&fold("and sofar more"), Anchor::Anywhere).is_none());
    }

    #[test]
    fn bad_regex_is_reported() {
        let r = vec!["(unclosed".to_string()];
        assert!(matches!(
            Pattern::new(&[], &r),
            Err(PatternError::Regex(0, _))
        ));
    }
}
