//! Learns a site's boilerplate from a batch: lines that recur in many documents of a group.
//!
//! The first pass counts, per group (a site), in how many documents each normalised line occurs
//! ([`LineCounts`]); the lines that recur in enough of a group's documents become a `line` rule
//! `learned:<group>` of whole-line phrases and regexes ([`rules_toml`]), which the second pass
//! (an ordinary clean) runs like any other rule.
//!
//! **Normalisation.** A line is keyed by the letter core of its folded key (the part a
//! `whole`-anchored rule compares, see [`crate::text::fold`]), with every run of digits folded to one
//! `0`, so the same footer with another year or phone number counts as the same line. Lines
//! that look like content sentences keep their digits.
//!
//! **Memory bound.** The counts are a capped map: at most `max_entries` lines over all groups,
//! each holding one example of the line (at most `max_chars` characters). When the map is full,
//! every entry whose count is at or below the *floor* is evicted and the floor rises by one,
//! until at most three quarters of the cap are left. A line counted again after an eviction
//! starts over, so a reported count is never above the true number of documents (save a 64-bit
//! hash collision, about n²/2⁶⁵ for n lines) and below it by at most the floor, which the
//! counts and the rules file report. Lines are only ever undercounted, so a learned line
//! always occurs in at least `min_docs` documents.
//!
//! **Exact counts in bounded memory.** `gharbal learn --emit-counts` never evicts: whenever its
//! map holds more than `max_entries` lines it writes the counts so far and starts an empty one.
//! A line's counts are then spread over several records, whose sum is exact; the reduce of a
//! map-reduce job (or `--counts`) adds them up.
//!
//! **Merging.** [`LineCounts::write_jsonl`] emits the counts as JSON Lines, one object per group
//! and per line; [`LineCounts::read_jsonl`] adds such counts in. Counting shards separately and
//! merging them gives the counts of the whole batch: the map step of a map-reduce job. Merging
//! is a sum of counts (the largest `err`, the least example text in byte order), so shards
//! merged in any order, by gharbal or by any reduce, give the same counts and the same rules.
//! A line may have been evicted in every shard, so the shards' bounds add up: each group record
//! carries its shard's bound as `err`, and the groups' bounds are summed when merged.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};

use crate::features::LineFeatures;
use crate::rules::pattern::letter_core;
use crate::text::fold::{is_letter, Folded};
use crate::text::words::{word_hash, WordMap, WordSet};

pub use crate::rules::LEARNED_PREFIX;

/// What makes a line a boilerplate candidate, and how much memory counting may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LearnParams {
    /// A line must occur in at least this many documents of its group (at least 2).
    pub min_docs: u32,
    /// ... and in at least this share of its group's documents.
    pub min_share: f64,
    /// A line that looks like content (see `content_words`) needs this share instead: a
    /// sentence quoted by a few articles stays, a site's own blurb printed on most pages goes.
    pub content_share: f64,
    /// Lines longer than this (in characters) are content, never counted.
    pub max_chars: usize,
    /// Lines of at least this many words that hold sentence punctuation look like content
    /// (articles quote each other), and need `content_share`.
    pub content_words: usize,
    /// The most lines held over all groups (see the module's memory bound).
    pub max_entries: usize,
}

impl Default for LearnParams {
    fn default() -> Self {
        LearnParams {
            min_docs: 3,
            min_share: 0.2,
            content_share: 0.5,
            max_chars: 500,
            content_words: 12,
            max_entries: 1 << 18,
        }
    }
}

/// One line's count in one group.
#[derive(Debug, Clone)]
struct Entry {
    docs: u32,
    /// The floor when the entry was made: the most the line may have been undercounted.
    err: u32,
    /// The normalised key (digits folded).
    key: Box<str>,
    /// One occurrence of the line's letter core, as written.
    text: Box<str>,
    /// The core's folded key holds a digit.
    digits: bool,
    /// The line looks like content.
    sentence: bool,
}

/// One group's documents and line counts.
#[derive(Debug, Clone, Default)]
struct Group {
    docs: u32,
    lines: WordMap<Entry>,
}

/// Per group: how many documents, and in how many of them each normalised line occurs.
#[derive(Debug, Clone, Default)]
pub struct LineCounts {
    groups: HashMap<String, Group>,
    /// Entries over all groups.
    entries: usize,
    /// Counts at or below this were evicted at some point.
    floor: u32,
    /// The most the counts merged in from elsewhere may be low by: the sum of their own bounds
    /// (a line may have been evicted in each of them).
    merged_undercount: u32,
    params: LearnParams,
}

/// A line as counted: its normalised key and its letter core as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedLine {
    pub key: String,
    pub text: String,
    pub digits: bool,
    /// It looks like content: a long line with sentence punctuation.
    pub sentence: bool,
}

/// The line of `text` that counting and learned rules see, if it is one that may be learned:
/// it has a letter and is at most `max_chars` long.
pub fn counted_line(line: &str, params: &LearnParams) -> Option<CountedLine> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > params.max_chars {
        return None;
    }
    let folded = Folded::new(line, 0);
    let (s, e) = letter_core(&folded.key);
    let core = &folded.key[s..e];
    if !core.chars().any(is_letter) {
        return None;
    }
    let features = LineFeatures::of_folded(line, &folded.key);
    let sentence = (features.ends_sentence || features.inner_sentence_end)
        && features.words >= params.content_words;
    let text = &line[folded.orig_start(s)..folded.orig_end(e)];
    let mut key = String::with_capacity(core.len());
    let mut digits = false;
    let mut in_digits = false;
    for c in core.chars() {
        // A sentence recurs word for word or not at all: folding its numbers would take the
        // body of templated reports (another price, another score) for boilerplate.
        if c.is_ascii_digit() && !sentence {
            digits = true;
            if !in_digits {
                key.push('0');
            }
            in_digits = true;
        } else {
            in_digits = false;
            key.push(c);
        }
    }
    Some(CountedLine {
        key,
        text: text.to_string(),
        digits,
        sentence,
    })
}

/// One line of emitted counts (JSON Lines): a group's document count, or a line's count.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CountRecord {
    Group {
        group: String,
        documents: u32,
        /// The most the group's counts may be low by: what evictions cost, and what the counts
        /// merged into them may be low by.
        #[serde(default, skip_serializing_if = "is_zero")]
        err: u32,
    },
    Line {
        group: String,
        key: String,
        text: String,
        docs: u32,
        #[serde(default, skip_serializing_if = "is_zero")]
        err: u32,
        /// The line looks like content (see [`CountedLine::sentence`]). Its text is the letter
        /// core, which may have lost the punctuation that made it one, so the flag is carried.
        #[serde(default, skip_serializing_if = "is_false")]
        sentence: bool,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A learned line: what a rule matches, with its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedLine {
    pub text: String,
    pub key: String,
    pub digits: bool,
    pub docs: u32,
}

/// A group's learned lines, most frequent first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedGroup {
    pub group: String,
    pub documents: u32,
    pub lines: Vec<LearnedLine>,
}

impl LineCounts {
    pub fn new(params: LearnParams) -> LineCounts {
        LineCounts {
            params,
            ..Default::default()
        }
    }

    pub fn params(&self) -> &LearnParams {
        &self.params
    }

    /// The most any count may be below the truth (see the module's memory bound): what this
    /// map evicted, plus the bounds of the counts merged into it.
    pub fn max_undercount(&self) -> u32 {
        self.floor.saturating_add(self.merged_undercount)
    }

    /// Lines held over all groups.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Nothing counted, not even a document (a group with documents and no lines is not
    /// empty: its document count still has to be written).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Documents counted in all groups.
    pub fn documents(&self) -> u64 {
        self.groups.values().map(|g| u64::from(g.docs)).sum()
    }

    /// Counts one document of `group`: each distinct line once.
    pub fn add_document(&mut self, group: &str, text: &str) {
        let mut seen = WordSet::default();
        let mut lines = Vec::new();
        for line in text.lines() {
            if let Some(c) = counted_line(line, &self.params) {
                if seen.insert(word_hash(&c.key)) {
                    lines.push(c);
                }
            }
        }
        let g = self.group(group);
        g.docs += 1;
        for c in lines {
            self.add(group, c, 1, 0);
        }
    }

    fn group(&mut self, group: &str) -> &mut Group {
        if !self.groups.contains_key(group) {
            self.groups.insert(group.to_string(), Group::default());
        }
        self.groups.get_mut(group).expect("inserted")
    }

    fn add(&mut self, group: &str, line: CountedLine, docs: u32, err: u32) {
        let floor = self.floor;
        let g = self.group(group);
        let mut new = false;
        g.lines
            .entry(word_hash(&line.key))
            .and_modify(|e| {
                e.docs += docs;
                e.err = e.err.max(err);
                // Of the ways a line is written, the least in byte order is kept, so counts
                // merged in any order (a Spark reduce) give the same example and rules file.
                if *line.text < *e.text {
                    e.text = line.text.as_str().into();
                    e.sentence = line.sentence;
                }
            })
            .or_insert_with(|| {
                new = true;
                Entry {
                    docs,
                    err: err.max(floor),
                    key: line.key.into(),
                    text: line.text.into(),
                    digits: line.digits,
                    sentence: line.sentence,
                }
            });
        if new {
            self.entries += 1;
            if self.entries > self.params.max_entries {
                self.evict();
            }
        }
    }

    /// Drops the least counted lines until at most three quarters of the cap are held.
    fn evict(&mut self) {
        let target = self.params.max_entries / 4 * 3;
        while self.entries > target {
            self.floor += 1;
            let floor = self.floor;
            let mut left = 0;
            for g in self.groups.values_mut() {
                g.lines.retain(|_, e| e.docs > floor);
                left += g.lines.len();
            }
            self.entries = left;
        }
    }

    /// Adds another count's documents and lines (a shard counted elsewhere).
    pub fn merge(&mut self, other: LineCounts) {
        self.merged_undercount = self
            .merged_undercount
            .saturating_add(other.max_undercount());
        for (name, g) in other.groups {
            self.group(&name).docs += g.docs;
            for e in g.lines.into_values() {
                let line = CountedLine {
                    key: e.key.into(),
                    text: e.text.into(),
                    digits: e.digits,
                    sentence: e.sentence,
                };
                self.add(&name, line, e.docs, e.err);
            }
        }
    }

    /// Writes the counts as JSON Lines: each group's document count, then its lines, most
    /// frequent first (groups in name order).
    pub fn write_jsonl(&self, out: &mut impl Write) -> io::Result<()> {
        let mut names: Vec<&String> = self.groups.keys().collect();
        names.sort();
        for name in names {
            let g = &self.groups[name];
            let rec = CountRecord::Group {
                group: name.clone(),
                documents: g.docs,
                err: self.max_undercount(),
            };
            serde_json::to_writer(&mut *out, &rec)?;
            out.write_all(b"\n")?;
            let mut lines: Vec<&Entry> = g.lines.values().collect();
            lines.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.key.cmp(&b.key)));
            for e in lines {
                let rec = CountRecord::Line {
                    group: name.clone(),
                    key: e.key.to_string(),
                    text: e.text.to_string(),
                    docs: e.docs,
                    err: e.err,
                    sentence: e.sentence,
                };
                serde_json::to_writer(&mut *out, &rec)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Adds counts written by [`LineCounts::write_jsonl`]; an error names the line. The input
    /// may hold the counts of several shards one after the other (a reducer's input): a
    /// group's bounds add up over its records.
    pub fn read_jsonl(&mut self, input: impl BufRead) -> Result<(), String> {
        let mut group_bounds: HashMap<String, u32> = HashMap::new();
        let mut bound = 0;
        for (i, line) in input.lines().enumerate() {
            let line = line.map_err(|e| format!("line {}: {e}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: CountRecord = serde_json::from_str(&line).map_err(|e| {
                format!("line {}: not a count record ({e}): expected {{\"group\", \"documents\"}} or {{\"group\", \"key\", \"text\", \"docs\"}}", i + 1)
            })?;
            match rec {
                CountRecord::Group {
                    group,
                    documents,
                    err,
                } => {
                    self.group(&group).docs += documents;
                    let b = group_bounds.entry(group).or_insert(0);
                    *b = b.saturating_add(err);
                    bound = bound.max(*b);
                }
                CountRecord::Line {
                    group,
                    key,
                    text,
                    docs,
                    err,
                    sentence,
                } => {
                    // Counts written before the flag was carried: what the text still shows.
                    let sentence =
                        sentence || counted_line(&text, &self.params).is_some_and(|c| c.sentence);
                    // Only lines that are not sentences have their digits folded to `0`.
                    let digits = !sentence && key.contains('0');
                    let line = CountedLine {
                        key,
                        text,
                        digits,
                        sentence,
                    };
                    // Counts written before groups carried a bound: the lines' own.
                    bound = bound.max(err);
                    self.add(&group, line, docs, err);
                }
            }
        }
        self.merged_undercount = self.merged_undercount.saturating_add(bound);
        Ok(())
    }

    /// The lines of each group that recur in at least `min_docs` documents and `min_share` of
    /// the group's documents, most frequent first; groups in name order, empty ones left out.
    pub fn learned(&self) -> Vec<LearnedGroup> {
        let mut names: Vec<&String> = self.groups.keys().collect();
        names.sort();
        let mut out = Vec::new();
        for name in names {
            let g = &self.groups[name];
            let need = |share: f64| {
                ((share * f64::from(g.docs)).ceil() as u32)
                    .max(self.params.min_docs)
                    .max(2)
            };
            let (need, need_content) = (
                need(self.params.min_share),
                need(self.params.content_share.max(self.params.min_share)),
            );
            let mut lines: Vec<LearnedLine> = g
                .lines
                .values()
                .filter(|e| e.docs >= if e.sentence { need_content } else { need })
                .map(|e| LearnedLine {
                    text: e.text.to_string(),
                    key: e.key.to_string(),
                    digits: e.digits,
                    docs: e.docs,
                })
                .collect();
            lines.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.key.cmp(&b.key)));
            if !lines.is_empty() {
                out.push(LearnedGroup {
                    group: name.clone(),
                    documents: g.docs,
                    lines,
                });
            }
        }
        out
    }
}

/// Drops the learned lines that `rules` already remove whole (a "read also" header, a
/// copyright line), so they keep their own rule's name and the file holds only what is new.
pub fn drop_covered(groups: &mut Vec<LearnedGroup>, rules: &crate::RuleSet) {
    for g in groups.iter_mut() {
        g.lines.retain(|l| {
            let out = crate::engine::run_rule_passes(l.text.clone(), rules);
            out.kept.spans.iter().any(Option::is_some)
        });
    }
    groups.retain(|g| !g.lines.is_empty());
}

/// Drops the learned lines whose rule would not remove them: the rules file must pass its own
/// `gharbal rules test` (each line is a must-remove example), whatever folding made of a line
/// (a symbol kept in the letter core, a digit run next to a letter). Each group's rule is
/// compiled and its examples run (a line rule's examples are run by the rule alone, as `rules
/// test` does); failing lines go, and the check repeats until it passes. Returns how many
/// lines were dropped.
pub fn drop_unmatched(groups: &mut Vec<LearnedGroup>, counts: &LineCounts) -> usize {
    let mut dropped = 0;
    for g in groups.iter_mut() {
        loop {
            if g.lines.is_empty() {
                break;
            }
            let toml = rules_toml(std::slice::from_ref(g), counts);
            let mut set = crate::RuleSet::default();
            let failing: Vec<String> = match set.add_source("(learned)", &toml) {
                Ok(()) => crate::examples::check(&set)
                    .into_iter()
                    .map(|f| f.example)
                    .collect(),
                // A rule that does not compile teaches nothing.
                Err(_) => g.lines.iter().map(|l| l.text.clone()).collect(),
            };
            if failing.is_empty() {
                break;
            }
            let before = g.lines.len();
            g.lines.retain(|l| !failing.contains(&l.text));
            if g.lines.len() == before {
                // Failing on something else than its lines: nothing of it can be trusted.
                g.lines.clear();
            }
            dropped += before - g.lines.len();
        }
    }
    groups.retain(|g| !g.lines.is_empty());
    dropped
}

/// The rule id of a group's learned lines: `learned:` and the group name in lower case, with
/// anything but ASCII letters, digits, `.` and `-` turned into `-`.
pub fn rule_id(group: &str) -> String {
    let mut slug = String::with_capacity(group.len());
    for c in group.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches(|c| c == '-' || c == '.');
    if slug.is_empty() {
        format!("{LEARNED_PREFIX}group")
    } else {
        format!("{LEARNED_PREFIX}{slug}")
    }
}

/// The whole-line regex of a line with digits: its folded core, digit runs as `[0-9]+`.
fn digit_regex(key: &str) -> String {
    let mut re = String::from("^");
    for (i, part) in key.split('0').enumerate() {
        if i > 0 {
            re.push_str("[0-9]+");
        }
        re.push_str(&regex::escape(part));
    }
    re.push('$');
    re
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The learned lines as a rules file: one `line` rule per group, `learned:<group>`, of
/// whole-line phrases (and regexes for lines with digits), each with its count as a comment,
/// most frequent first, and the lines as must-remove examples.
pub fn rules_toml(groups: &[LearnedGroup], counts: &LineCounts) -> String {
    let p = counts.params();
    let mut s = String::new();
    s.push_str(&format!(
        "# Learned by `gharbal learn` from {} documents in {} group(s): lines in at least {} documents\n\
         # and {}% of their group's. Counts are documents holding the line (digits folded); each may be\n\
         # low by at most {}. Review, trim what is content, and commit.\n",
        counts.documents(),
        counts.groups.len(),
        p.min_docs.max(2),
        (p.min_share * 100.0).round(),
        counts.max_undercount(),
    ));
    // Two documents with different ids can fold to one slug: keep ids unique.
    let mut used: HashMap<String, usize> = HashMap::new();
    for g in groups {
        let mut id = rule_id(&g.group);
        let n = used.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = format!("{id}-{n}");
        }
        s.push_str(&format!(
            "\n[[rule]]\nid = {}\ndescription = {}\npass = \"line\"\nanchor = \"whole\"\nmax-chars = {}\n",
            quoted(&id),
            quoted(&format!(
                "Lines repeated on the pages of {} ({} lines learned from {} documents)",
                g.group,
                g.lines.len(),
                g.documents
            )),
            p.max_chars
        ));
        let phrases: Vec<&LearnedLine> = g.lines.iter().filter(|l| !l.digits).collect();
        let regexes: Vec<&LearnedLine> = g.lines.iter().filter(|l| l.digits).collect();
        let list = |s: &mut String, name: &str, items: &[&LearnedLine], re: bool| {
            if items.is_empty() {
                return;
            }
            s.push_str(&format!("{name} = [\n"));
            for l in items {
                let v = if re {
                    digit_regex(&l.key)
                } else {
                    l.text.clone()
                };
                s.push_str(&format!(
                    "    {}, # {} of {} documents\n",
                    quoted(&v),
                    l.docs,
                    g.documents
                ));
            }
            s.push_str("]\n");
        };
        list(&mut s, "phrases", &phrases, false);
        list(&mut s, "regexes", &regexes, true);
        s.push_str("must-remove = [\n");
        for l in &g.lines {
            s.push_str(&format!("    {},\n", quoted(&l.text)));
        }
        s.push_str("]\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    fn params() -> LearnParams {
        LearnParams {
            min_docs: 2,
            min_share: 0.5,
            ..Default::default()
        }
    }

    #[test]
    fn digits_and_arabic_variants_fold_together() {
        let p = params();
        let a = counted_line("© 2024 جميع الحقوق محفوظة لموقع الساحة", &p).unwrap();
        let b = counted_line("  © ٢٠٢٥ جميع الحقوق محفوظه لموقع الساحه ", &p).unwrap();
        assert_eq!(a.key, b.key);
        assert!(!a.digits, "the year stands before the letter core");
        let c = counted_line("Call us: 555 1234 or write", &p).unwrap();
        let d = counted_line("Call us: 555 9876 or write", &p).unwrap();
        assert_eq!(c.key, d.key);
        assert!(c.digits);
    }

    #[test]
    fn content_sentences_need_a_larger_share() {
        let p = params();
        let long = "The minister said on Tuesday that the new budget would be presented to parliament next week.";
        assert!(counted_line(long, &p).unwrap().sentence);
        let report = |n: u32| {
            format!("The index closed at {n} points on Tuesday, its highest level since the spring, traders said.")
        };
        assert_ne!(
            counted_line(&report(1204), &p).unwrap().key,
            counted_line(&report(1187), &p).unwrap().key,
            "sentences keep their numbers"
        );
        let mut c = LineCounts::new(LearnParams {
            min_share: 0.2,
            content_share: 0.5,
            ..p
        });
        for i in 0..10 {
            let quoted = if i < 3 { long } else { "" };
            c.add_document(
                "s",
                &format!(
                    "Home\n{quoted}\nstory {}\n",
                    ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"][i]
                ),
            );
        }
        let lines: Vec<String> = c.learned()[0]
            .lines
            .iter()
            .map(|l| l.text.clone())
            .collect();
        assert_eq!(lines, ["Home"]);
        assert!(counted_line("Subscribe to our newsletter", &p).is_some());
        assert!(counted_line("| 12 |", &p).is_none());
    }

    #[test]
    fn a_line_counts_once_per_document() {
        let mut c = LineCounts::new(params());
        c.add_document("s", "Home\nHome\nNews\n");
        c.add_document("s", "Home\nOther text\n");
        let g = c.learned();
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].lines.len(), 1);
        assert_eq!(g[0].lines[0].docs, 2);
    }

    #[test]
    fn eviction_only_undercounts() {
        let p = LearnParams {
            max_entries: 8,
            ..params()
        };
        let mut c = LineCounts::new(p);
        for i in 0..40 {
            c.add_document(
                "s",
                &format!("Home\nline number {}x\n", word_hash(&i.to_string())),
            );
        }
        assert!(c.entries <= 8);
        let g = c.learned();
        assert_eq!(g[0].lines[0].text, "Home");
        assert!(g[0].lines[0].docs <= 40 && g[0].lines[0].docs + c.max_undercount() >= 40);
    }

    #[test]
    fn shards_that_evicted_add_up_their_bounds() {
        let shard = |seed: u32| {
            let mut c = LineCounts::new(LearnParams {
                max_entries: 8,
                ..params()
            });
            for i in 0..40 {
                // Letters, not digits, which would fold to one line.
                let word: String = (seed * 100 + i)
                    .to_string()
                    .bytes()
                    .map(|d| char::from(d - b'0' + b'a'))
                    .collect();
                c.add_document("s", &format!("Home\nline number {word}\n"));
            }
            assert!(c.max_undercount() > 0);
            c
        };
        let (a, b) = (shard(1), shard(2));
        let bound = a.max_undercount() + b.max_undercount();
        // Merged in memory, or read back as one stream (a reducer's input), or one at a time.
        let mut merged = LineCounts::new(params());
        merged.merge(a.clone());
        merged.merge(b.clone());
        assert_eq!(merged.max_undercount(), bound);
        let mut stream = Vec::new();
        a.write_jsonl(&mut stream).unwrap();
        b.write_jsonl(&mut stream).unwrap();
        let mut read = LineCounts::new(params());
        read.read_jsonl(&stream[..]).unwrap();
        assert_eq!(read.max_undercount(), bound);
        let mut emitted = Vec::new();
        read.write_jsonl(&mut emitted).unwrap();
        let mut again = LineCounts::new(params());
        again.read_jsonl(&emitted[..]).unwrap();
        assert_eq!(again.max_undercount(), bound);
        assert!(rules_toml(&again.learned(), &again).contains(&format!("low by at most {bound}.")));
    }

    #[test]
    fn merged_shards_count_like_one_batch() {
        let docs = ["Home\nA story\n", "Home\nB story\n", "Home\nA story\n"];
        let mut whole = LineCounts::new(params());
        for d in docs {
            whole.add_document("s", d);
        }
        let mut a = LineCounts::new(params());
        a.add_document("s", docs[0]);
        let mut b = LineCounts::new(params());
        b.add_document("s", docs[1]);
        b.add_document("s", docs[2]);
        let mut emitted = Vec::new();
        b.write_jsonl(&mut emitted).unwrap();
        a.read_jsonl(&emitted[..]).unwrap();
        assert_eq!(a.learned(), whole.learned());
    }

    #[test]
    fn merging_in_any_order_gives_the_same_rules() {
        // One footer written three ways (year, hamza form) folds to one key.
        let docs = [
            "© 2023 جميع الحقوق محفوظة\nخبر أول\n",
            "© 2024 جميع الحقوق محفوظه\nخبر ثان\n",
            "© 2025 جميع الحقوق محفوظة\nخبر ثالث\n",
            "Home\nخبر رابع\n",
        ];
        let shard = |d: &str| {
            let mut c = LineCounts::new(params());
            c.add_document("s", d);
            let mut out = Vec::new();
            c.write_jsonl(&mut out).unwrap();
            out
        };
        let rules = |order: &[usize]| {
            let mut c = LineCounts::new(params());
            for &i in order {
                c.read_jsonl(&shard(docs[i])[..]).unwrap();
            }
            rules_toml(&c.learned(), &c)
        };
        let first = rules(&[0, 1, 2, 3]);
        assert!(first.contains("محفوظة"), "{first}");
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            assert_eq!(rules(&order), first, "{order:?}");
        }
        let mut whole = LineCounts::new(params());
        for d in docs.iter().rev() {
            whole.add_document("s", d);
        }
        assert_eq!(rules_toml(&whole.learned(), &whole), first);
    }

    #[test]
    fn a_sentence_stays_one_through_emitted_counts() {
        // The period that makes it a sentence is not part of the letter core kept as its text.
        let line = "Police and firefighters would continue the complex work of combing the debris in search of any other victim.";
        let docs: Vec<String> = (0..10)
            .map(|i| {
                let mut d = format!("Menu one\nStory {}\n", "x".repeat(i + 1));
                if i < 3 {
                    d.push_str(line);
                }
                d
            })
            .collect();
        let mut whole = LineCounts::new(LearnParams::default());
        for d in &docs {
            whole.add_document("s", d);
        }
        let mut emitted = Vec::new();
        whole.write_jsonl(&mut emitted).unwrap();
        let mut read = LineCounts::new(LearnParams::default());
        read.read_jsonl(&emitted[..]).unwrap();
        // In 3 of 10 documents: enough for a menu line, not for a sentence.
        let learned = whole.learned();
        assert_eq!(learned[0].lines.len(), 1, "{learned:?}");
        assert_eq!(read.learned(), learned);
    }

    #[test]
    fn rules_file_loads_and_its_examples_pass() {
        let mut c = LineCounts::new(params());
        for (year, topic) in (2020..2024).zip(["rain", "trade", "roads", "schools"]) {
            c.add_document(
                "www.example.com",
                &format!("Home | News\nA story on {topic}\nExample Media desk 555 {year}\n"),
            );
        }
        let text = rules_toml(&c.learned(), &c);
        let mut set = RuleSet::builtin();
        set.add_source("learned.toml", &text).unwrap();
        let rule = set.get("learned:www.example.com").expect(&text);
        assert_eq!(rule.spec.must_remove.len(), 2, "{text}");
        assert!(crate::examples::check(&set).is_empty());
        let out = crate::engine::run_rule_passes(
            "Home | News\nExample Media desk 555 1999\nA story on rain\n".into(),
            &set,
        );
        let by: Vec<(usize, &str)> = out
            .removals
            .iter()
            .map(|r| (r.line, r.rule.as_str()))
            .collect();
        assert_eq!(
            by,
            [
                (0, "learned:www.example.com"),
                (1, "learned:www.example.com")
            ]
        );
    }

    #[test]
    fn rule_ids_are_slugs() {
        assert_eq!(rule_id("www.Example.com"), "learned:www.example.com");
        assert_eq!(rule_id("السرايا"), "learned:group");
        assert_eq!(rule_id("site d003/x"), "learned:site-d003-x");
    }
}
