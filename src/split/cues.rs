//! How a paragraph opens, read from the `[split]` tables of the language files (`lang/<code>.toml`): a news
//! lead (a dateline, a reporting verb, a time anchor) or a continuation (a conjunction glued to
//! the first word, a connective, a pronoun that points back).

use std::sync::OnceLock;

use crate::keywords::{is_function_word, key_words};
pub use crate::lang::{ContinuationCues, LeadCues, SplitCues, TimeCues};
use crate::text::fold::fold;
use crate::text::words::{word_hash, WordMap, WordSet};

include!(concat!(env!("OUT_DIR"), "/builtin_split.rs"));

/// One language pack: a language's code and its cues.
#[derive(Debug, Clone)]
pub struct CuePack {
    pub lang: String,
    pub lead: LeadCues,
    pub time: TimeCues,
    pub continuation: ContinuationCues,
}

/// What the opening of a paragraph says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Opening {
    /// It starts with a dateline: a place (and agency) before a dash ("PARIS (AFP) -").
    pub dateline: bool,
    /// Its first word (after a dateline) is a lead verb.
    pub lead: bool,
    /// Its first word stands on its own (no conjunction glued to it, no function word, no
    /// lead verb) before a body or a title: a lead's subject introduced in full, whatever the
    /// verb ("كرمت وزارة التعليم ...").
    pub subject: bool,
    /// A time anchor stands among its first words.
    pub time: bool,
    /// It opens as a continuation of what came before.
    pub continuation: bool,
}

/// Words looked at for a time anchor.
const TIME_WORDS: usize = 12;
/// Words of a line's opening read: a dateline's and an agency's, then the time anchor's.
pub const OPENING_WORDS: usize = 20;
/// A dateline ends within this many characters of the start...
const DATELINE_CHARS: usize = 48;
/// ...and holds at most this many words.
const DATELINE_WORDS: usize = 5;

/// The cue packs compiled for matching: every language at once (their words rarely collide).
/// Words are kept as [`word_hash`]es of their folded form.
#[derive(Debug, Default)]
pub struct Cues {
    lead: WordSet,
    /// Bodies and titles that, second after a bare first word, introduce a lead's subject.
    subjects: WordSet,
    /// Agency names, each as its words.
    agencies: Vec<Vec<u64>>,
    time: WordSet,
    proclitics: Vec<String>,
    not_proclitic: WordSet,
    /// Continuation phrases by their first word, each as its words.
    openers: WordMap<Vec<Vec<u64>>>,
}

/// The hashes of the words of a folded phrase.
fn phrase(text: &str) -> Vec<u64> {
    key_words(&fold(text)).map(|w| word_hash(w.text)).collect()
}

impl Cues {
    /// The built-in packs.
    pub fn builtin() -> &'static Cues {
        static CUES: OnceLock<Cues> = OnceLock::new();
        CUES.get_or_init(|| Cues::of_packs(&builtin_packs()))
    }

    /// Compiles packs: every phrase folded as the lines are.
    pub fn of_packs(packs: &[CuePack]) -> Cues {
        let mut cues = Cues::default();
        let first = |w: &String| phrase(w).first().copied();
        for p in packs {
            cues.lead.extend(p.lead.openers.iter().filter_map(first));
            cues.subjects
                .extend(p.lead.subjects.iter().filter_map(first));
            cues.agencies.extend(
                p.lead
                    .agencies
                    .iter()
                    .map(|a| phrase(a))
                    .filter(|a| !a.is_empty()),
            );
            cues.time.extend(p.time.words.iter().filter_map(first));
            cues.proclitics
                .extend(p.continuation.proclitics.iter().map(|w| fold(w)));
            cues.not_proclitic
                .extend(p.continuation.not_proclitic.iter().filter_map(first));
            for text in &p.continuation.openers {
                let words = phrase(text);
                if let Some(&w) = words.first() {
                    cues.openers.entry(w).or_default().push(words);
                }
            }
        }
        cues
    }

    /// Reads the opening of a paragraph.
    pub fn opening(&self, text: &str) -> Opening {
        // The opening is all that matters: fold the first characters only.
        let key = fold(prefix(text, 200));
        let mut buf = [""; OPENING_WORDS];
        let n = fill(&mut buf, key_words(&key).map(|w| w.text));
        self.opening_of(text, &buf[..n])
    }

    /// Reads the opening of a paragraph, given the first [`OPENING_WORDS`] words of its
    /// folded key (what the fold recorded for a line: nothing is folded again).
    pub fn opening_of(&self, text: &str, words: &[&str]) -> Opening {
        // Without a dateline to skip, the time anchor's words are the most read (and every
        // connective phrase is shorter): only they are hashed.
        let dateline_at = dateline_end(text);
        let read = if dateline_at.is_some() {
            OPENING_WORDS
        } else {
            TIME_WORDS
        };
        let mut hashes = [0u64; OPENING_WORDS];
        let n = fill(&mut hashes[..read], words.iter().map(|w| word_hash(w)));
        let mut hashes = &hashes[..n];
        let mut words = &words[..n];
        // A dateline's place is no connective ("وقال الوزير - ..."): its words are skipped.
        let dateline = dateline_at
            .filter(|_| !words.first().is_some_and(|w| self.continues(w, hashes)))
            .map(|end| key_words(&fold(&text[..end])).count());
        if let Some(skip) = dateline {
            let skip = skip.min(hashes.len());
            (words, hashes) = (&words[skip..], &hashes[skip..]);
            // "الرياض - واس أعلنت ...": the agency is no part of the lead.
            let agency = self
                .agencies
                .iter()
                .filter(|a| a.len() < hashes.len() && hashes.starts_with(a))
                .map(Vec::len)
                .max()
                .unwrap_or(0);
            (words, hashes) = (&words[agency..], &hashes[agency..]);
        }
        let Some(first) = hashes.first() else {
            return Opening {
                dateline: dateline.is_some(),
                ..Opening::default()
            };
        };
        let lead = self.lead.contains(first);
        let continuation = !lead && self.continues(words[0], hashes);
        let subject = !lead
            && !continuation
            && hashes.get(1).is_some_and(|w| self.subjects.contains(w))
            && !is_function_word(words[0]);
        Opening {
            dateline: dateline.is_some(),
            lead,
            subject,
            time: hashes
                .iter()
                .take(TIME_WORDS)
                .any(|w| self.time.contains(w)),
            continuation,
        }
    }

    /// True when a paragraph whose words are `words` (their hashes `hashes`) opens as a
    /// continuation: a conjunction glued to the first word, or a connective phrase.
    fn continues(&self, first: &str, hashes: &[u64]) -> bool {
        let Some(h) = hashes.first() else {
            return false;
        };
        let glued = !self.not_proclitic.contains(h)
            && self.proclitics.iter().any(|p| {
                first
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.chars().count() >= 2)
            });
        glued
            || self
                .openers
                .get(h)
                .is_some_and(|phrases| phrases.iter().any(|p| hashes.starts_with(p)))
    }
}

/// Fills `buf` from `items`; returns how many it took.
fn fill<T>(buf: &mut [T], items: impl Iterator<Item = T>) -> usize {
    let mut n = 0;
    for (slot, item) in buf.iter_mut().zip(items) {
        *slot = item;
        n += 1;
    }
    n
}

/// The first `chars` characters of a text.
fn prefix(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// The byte offset after a dateline that opens `text` ("PARIS (AFP) - ", "بغداد-واع ", "الرياض –"),
/// if one does: a place (one or two words, or more with an agency in brackets), no sentence
/// mark, colon or quote, then a dash, with text after it. In a script with case the place is
/// written in capitals ("PARIS", not "The talks - which ...").
fn dateline_end(text: &str) -> Option<usize> {
    // Most paragraphs have no dash near their start: a byte scan says so before any character
    // is decoded (the other dashes are encoded from 0xE2).
    let head = &text.as_bytes()[..text.len().min(DATELINE_CHARS * 4)];
    memchr::memchr2(b'-', 0xE2, head)?;
    let (at, mark) = text
        .char_indices()
        .take(DATELINE_CHARS)
        .find(|&(_, c)| matches!(c, '-' | '–' | '—' | '\u{2012}' | '\u{2015}'))?;
    let before = &text[..at];
    let words = before.split_whitespace().count();
    let agency = before.contains('(');
    let first = before.split_whitespace().next().unwrap_or("");
    let cased = first.chars().any(|c| c.is_lowercase() || c.is_uppercase());
    let next = text[at + mark.len_utf8()..].chars().next();
    // A hyphen inside a word ("Saint-Denis", "2024-05") is no dateline mark; one between two
    // words of a script without case is ("بغداد-واع").
    let in_word = mark == '-'
        && before.ends_with(|c: char| c.is_alphanumeric())
        && next.is_some_and(char::is_alphanumeric);
    // A number before the dash is a list item or a year ("2 - ", "1928 - "), not a place.
    let numbered = !before.trim_start().starts_with(char::is_alphabetic)
        || (before.contains(|c: char| c.is_numeric()) && !agency);
    if words == 0
        || numbered
        || words > DATELINE_WORDS
        || (words > 2 && !agency)
        || before.contains(['.', '!', '?', '؟', '"', '«', '“', '،', ';', '؛', ':'])
        || (cased && first.chars().any(char::is_lowercase))
        || (in_word && (cased || !before.ends_with(|c: char| c.is_alphabetic() && !c.is_ascii())))
    {
        return None;
    }
    let end = at + mark.len_utf8();
    let rest = text[end..].trim_start();
    (rest.split_whitespace().nth(2).is_some()).then(|| text.len() - rest.len())
}

/// A check of the built-in packs' examples that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueExampleFailure {
    pub lang: String,
    pub cue: &'static str,
    pub example: String,
    pub expected: bool,
}

/// Runs every pack's must-match and must-not-match examples against the compiled cues.
pub fn check_examples(packs: &[CuePack]) -> Vec<CueExampleFailure> {
    let cues = Cues::of_packs(packs);
    let mut failures = Vec::new();
    for p in packs {
        type Pick = fn(&Opening) -> bool;
        let sets: [(&'static str, Pick, &[String], &[String]); 3] = [
            (
                "lead",
                |o| o.lead || o.subject,
                &p.lead.must_match,
                &p.lead.must_not_match,
            ),
            (
                "time",
                |o| o.time,
                &p.time.must_match,
                &p.time.must_not_match,
            ),
            (
                "continuation",
                |o| o.continuation,
                &p.continuation.must_match,
                &p.continuation.must_not_match,
            ),
        ];
        for (cue, pick, yes, no) in sets {
            for (examples, expected) in [(yes, true), (no, false)] {
                for e in examples {
                    if pick(&cues.opening(e)) != expected {
                        failures.push(CueExampleFailure {
                            lang: p.lang.clone(),
                            cue,
                            example: e.clone(),
                            expected,
                        });
                    }
                }
            }
        }
    }
    failures
}

/// The built-in packs: the languages that have cues, in file-name order.
pub fn builtin_packs() -> Vec<CuePack> {
    crate::lang::builtin()
        .iter()
        .filter_map(|l| {
            let c = l.split.clone()?;
            Some(CuePack {
                lang: l.code.clone(),
                lead: c.lead,
                time: c.time,
                continuation: c.continuation,
            })
        })
        .collect()
}

/// The built-in weights file's text.
pub fn builtin_weights_text() -> &'static str {
    BUILTIN_SPLIT_FILES
        .iter()
        .find(|(name, _)| name.ends_with("/weights.toml"))
        .map(|(_, text)| *text)
        .expect("rules/split/weights.toml is built in")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_passes_its_examples() {
        let failures = check_examples(&builtin_packs());
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn packs_cover_arabic_english_french() {
        let langs: Vec<String> = builtin_packs().into_iter().map(|p| p.lang).collect();
        for l in ["ar", "en", "fr"] {
            assert!(langs.iter().any(|x| x == l), "{langs:?}");
        }
    }

    #[test]
    fn datelines_by_shape() {
        for t in [
            "PARIS (AFP) - The minister said on Sunday that talks would resume.",
            "بغداد-واع أعلنت وزارة الداخلية اليوم عن خطة جديدة",
            "القاهرة - أ ش أ قال وزير الخارجية إن المحادثات ستستأنف",
            "WASHINGTON — The Senate voted on Tuesday to pass the bill.",
        ] {
            assert!(dateline_end(t).is_some(), "{t}");
        }
        for t in [
            "Saint-Denis was quiet on Sunday as the talks went on.",
            "The 2024-2025 season starts in August, the league said.",
            "He said: the talks - which began in May - would go on.",
            "وقال الوزير إن المحادثات - التي بدأت في مايو - ستستمر",
            "2 – تعيين الأستاذ علي عضوا في مجلس إدارة الهيئة لمدة ثلاث سنوات.",
            "1928 - اكتشاف مخطوطات كانت تعود إلى نابوليون بونابرت في كراكوفا.",
        ] {
            assert!(dateline_end(t).is_none(), "{t}");
        }
    }

    #[test]
    fn lead_after_a_dateline() {
        let o = Cues::builtin().opening("الرياض - واس أعلنت وزارة الصحة اليوم عن حالات جديدة.");
        assert!(o.dateline && o.lead && o.time && !o.continuation, "{o:?}");
    }

    #[test]
    fn glued_conjunction_is_continuation_unless_the_letter_is_the_words_own() {
        let cues = Cues::builtin();
        assert!(cues.opening("وأضاف الوزير أن الخطة جاهزة.").continuation);
        assert!(!cues.opening("وافقت الحكومة على الخطة.").continuation);
        assert!(!cues.opening("وفد سعودي يزور القاهرة.").continuation);
        assert!(
            cues.opening("وفي أول رد فعل طالب النائب بمحاكمته.")
                .continuation
        );
    }
}
