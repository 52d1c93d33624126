//! One scan per line for all the rules: the phrases of every line, block and inline rule in one
//! automaton, run once per line on its whole folded key ([`PhraseHits`]); the regexes of a
//! pass in one `RegexSet` per anchor. A line's candidates for a pass are the rules with a phrase
//! inside what is left of the line, or a regex somewhere in it; only those run their exact
//! (anchored) match. The cost per line so grows with the line, not with the number of rules.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa, Anchored, MatchKind};
use regex::RegexSet;
use regex_syntax::hir::{Class, Hir, HirKind};

use super::pattern::letter_core;
use super::{Anchor, PassKind, Rule};
use crate::text::fold::FoldedLines;

/// The passes that use prefilters, in the order of their slots.
pub const PREFILTERED: [PassKind; 3] = [PassKind::Line, PassKind::Block, PassKind::Inline];

/// Line lengths (in characters) that start a tier: a line longer than a tier's limit needs
/// only the rules whose `max-chars` allows lines that long, so the long lines of running text
/// skip the many rules meant for short menu and footer lines.
const TIER_LIMITS: [usize; 4] = [0, 60, 120, 300];

/// Folded phrase bytes up to which the phrases get a DFA once enough text is scanned (the
/// built-in rules have about 8 KB).
const DFA_MAX_PHRASE_BYTES: usize = 16 * 1024;

/// States up to this many bytes from the start of the NFA take dense transitions. The default
/// (3) is one and a half Arabic letters; with 6, the NFA of 1,000 user rules scanned the dev
/// dumps in 103 M instead of 132 M instructions (the DFA: 49 M), for 4.6 MB instead of 1.4 MB.
const DENSE_DEPTH: usize = 6;

/// Every phrase of the prefiltered passes' rules, in one automaton.
///
/// The automaton starts as a contiguous NFA, quick to build (a few milliseconds less start-up
/// for a process that cleans one small file). Once the process has scanned [`DFA_AFTER`] bytes
/// of keys, a DFA is built and used from then on: it scans faster, which pays for its build
/// within a few megabytes. Both find exactly the same occurrences.
#[derive(Debug)]
pub struct Phrases {
    automaton: Option<Scanner>,
    /// The folded phrases.
    phrases: Vec<String>,
    /// Whether the phrases are few enough for a DFA.
    dfa_allowed: bool,
    dfa: OnceLock<Option<Scanner>>,
    /// Key bytes scanned so far, across threads.
    scanned: AtomicUsize,
    dfa_after: usize,
    /// For each phrase: its pass's slot in [`PREFILTERED`] and its rule's position in the pass.
    owner: Vec<(u8, u32)>,
    /// The automaton could not be built: every rule with phrases is a candidate on every line.
    failed: bool,
}

impl Clone for Phrases {
    fn clone(&self) -> Phrases {
        Phrases {
            automaton: self.automaton.clone(),
            phrases: self.phrases.clone(),
            dfa_allowed: self.dfa_allowed,
            dfa: self.dfa.clone(),
            scanned: AtomicUsize::new(self.scanned.load(Ordering::Relaxed)),
            dfa_after: self.dfa_after,
            owner: self.owner.clone(),
            failed: self.failed,
        }
    }
}

/// Key bytes a process scans with the NFA before it builds the DFA. The DFA of the built-in
/// rules costs about 88 M instructions to build (39 M before the language packs grew) and saves
/// about 16 a byte of dumps, so it pays for itself after about 5.4 MB (measured with callgrind on
/// 5 and 20 MB of the bench corpus, with the DFA after 2 MB and never): switching at 5 MB never
/// costs more than twice the better choice made in hindsight, and a process of small files
/// (2,000 of 2 KB through xargs) never pays for the build.
pub const DFA_AFTER: usize = 5 << 20;

/// Where the phrases of all rules occur in one line's folded key: (phrase, start, end).
pub type PhraseHits = Vec<(u32, u32, u32)>;

/// [`PhraseHits`] of every line of a document, in one vector: `hits[line]` is a line's.
#[derive(Debug, Clone, Default)]
pub struct LineHits {
    hits: Vec<(u32, u32, u32)>,
    /// Where each line's hits end in `hits`.
    ends: Vec<u32>,
}

impl LineHits {
    /// The number of lines.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl std::ops::Index<usize> for LineHits {
    type Output = [(u32, u32, u32)];

    fn index(&self, line: usize) -> &[(u32, u32, u32)] {
        let start = line.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.hits[start..self.ends[line] as usize]
    }
}

/// The automaton the phrases are compiled into. The crate's own kinds, not its `AhoCorasick`
/// wrapper: a line is scanned by a loop over its bytes here ([`scan`]), which the compiler
/// inlines with the automaton's transitions, instead of one call through the wrapper per
/// occurrence (about 200,000 occurrences in 17 MB of dumps).
#[derive(Debug, Clone)]
enum Scanner {
    /// Quick to build: what a process starts with.
    Nfa(nfa::contiguous::NFA),
    /// For phrase sets too large for the contiguous NFA.
    Large(nfa::noncontiguous::NFA),
    /// Faster to scan with, slower to build.
    Dfa(dfa::DFA),
}

impl Scanner {
    // No builder here makes a prefilter: `scan` walks every byte and would never use one.
    fn nfa(phrases: &[String]) -> Option<Scanner> {
        let contiguous = nfa::contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .dense_depth(DENSE_DEPTH)
            .prefilter(false)
            .build(phrases);
        match contiguous {
            Ok(nfa) => Some(Scanner::Nfa(nfa)),
            // Too many phrases for that kind: a (slower) automaton still beats none.
            Err(_) => Scanner::large(phrases),
        }
    }

    /// The noncontiguous NFA, with the crate's default dense depth: the phrase set is huge.
    fn large(phrases: &[String]) -> Option<Scanner> {
        nfa::noncontiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(phrases)
            .ok()
            .map(Scanner::Large)
    }

    fn dfa(phrases: &[String]) -> Option<Scanner> {
        dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(phrases)
            .ok()
            .map(Scanner::Dfa)
    }

    /// Scans each key of `keys` on its own, appending its hits to `out` and ending each
    /// key's with `done(out)`.
    fn scan_each<'k>(
        &self,
        keys: impl Iterator<Item = &'k [u8]>,
        out: &mut PhraseHits,
        mut done: impl FnMut(&PhraseHits),
    ) {
        match self {
            Scanner::Nfa(a) => keys.for_each(|k| {
                scan(a, k, out);
                done(out)
            }),
            Scanner::Large(a) => keys.for_each(|k| {
                scan(a, k, out);
                done(out)
            }),
            Scanner::Dfa(a) => keys.for_each(|k| {
                scan(a, k, out);
                done(out)
            }),
        }
    }
}

/// Appends every occurrence of every phrase in `key`, overlapping ones too, to `out`, in the
/// order an overlapping search reports them: by where they end, then by the automaton's order.
#[inline(always)]
fn scan<A: Automaton>(aut: &A, key: &[u8], out: &mut PhraseHits) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    let mut report = |sid, end: usize| {
        for k in 0..aut.match_len(sid) {
            let p = aut.match_pattern(sid, k);
            let start = end - aut.pattern_len(p);
            out.push((p.as_u32(), start as u32, end as u32));
        }
    };
    // Only an empty phrase makes the start state a match; rules reject them, but the scan
    // stays exact without that promise.
    if aut.is_match(sid) {
        report(sid, 0);
    }
    for (i, &byte) in key.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid) {
                report(sid, i + 1);
            }
        }
    }
}

impl Phrases {
    pub fn new(all: &[Rule]) -> Phrases {
        Self::with_dfa_after(all, DFA_AFTER)
    }

    /// [`new`](Self::new) with the DFA built after `dfa_after` scanned bytes (0: at the first
    /// scan).
    pub fn with_dfa_after(all: &[Rule], dfa_after: usize) -> Phrases {
        let mut phrases = Vec::new();
        let mut owner = Vec::new();
        for (slot, &pass) in PREFILTERED.iter().enumerate() {
            for (pos, rule) in all.iter().filter(|r| r.spec.pass == pass).enumerate() {
                for p in rule.pattern.phrases() {
                    phrases.push(p.clone());
                    owner.push((slot as u8, pos as u32));
                }
                // A gated regex's needles, as phrases of its rule.
                for needs in rule.pattern.gates().iter().flatten() {
                    for n in needs {
                        phrases.push(n.clone());
                        owner.push((slot as u8, pos as u32));
                    }
                }
            }
        }
        let mut out = Phrases {
            automaton: None,
            phrases: Vec::new(),
            dfa_allowed: false,
            dfa: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            dfa_after,
            owner,
            failed: false,
        };
        if phrases.is_empty() {
            return out;
        }
        out.automaton = Scanner::nfa(&phrases);
        out.failed = out.automaton.is_none();
        // A DFA's table grows by about 400 bytes per phrase byte (2.5 MB for the built-in
        // rules, 50 MB with 1,000 user rules of four phrases): a large phrase set keeps the NFA.
        let phrase_bytes: usize = phrases.iter().map(|p| p.len()).sum();
        out.dfa_allowed = out.automaton.is_some() && phrase_bytes <= DFA_MAX_PHRASE_BYTES;
        out.phrases = phrases;
        out
    }

    /// The automaton to scan `len` more key bytes with.
    fn scanner(&self, len: usize) -> Option<&Scanner> {
        if self.dfa_allowed {
            let before = self.scanned.fetch_add(len, Ordering::Relaxed);
            if before.saturating_add(len) > self.dfa_after {
                if let Some(dfa) = self.dfa.get_or_init(|| Scanner::dfa(&self.phrases)) {
                    return Some(dfa);
                }
            }
        }
        self.automaton.as_ref()
    }

    /// Every occurrence (overlapping ones too) of every phrase in a folded key.
    pub fn hits(&self, key: &str) -> PhraseHits {
        let mut out = PhraseHits::new();
        if let Some(scanner) = self.scanner(key.len()) {
            scanner.scan_each(std::iter::once(key.as_bytes()), &mut out, |_| {});
        }
        out
    }

    /// [`hits`](Self::hits) of every line of a document, each line's key scanned on its own
    /// and the hits of all lines kept in one vector.
    pub fn hits_per_line(&self, keys: &FoldedLines) -> LineHits {
        let all = keys.all_keys().as_bytes();
        let mut out = LineHits {
            // The built-in rules find about one occurrence in 80 bytes of dumps.
            hits: Vec::with_capacity(all.len() / 64),
            ends: Vec::with_capacity(keys.len()),
        };
        match self.scanner(all.len()) {
            Some(scanner) => {
                let lines = (0..keys.len()).map(|i| &all[keys.key_range(i)]);
                let ends = &mut out.ends;
                scanner.scan_each(lines, &mut out.hits, |hits| {
                    ends.push(u32::try_from(hits.len()).expect("under 4 G phrase hits a document"))
                });
            }
            None => out.ends.resize(keys.len(), 0),
        }
        out
    }

    /// The phrases, for tests that check the scan against the crate's own search.
    #[cfg(test)]
    fn reference(&self) -> aho_corasick::AhoCorasick {
        aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.phrases)
            .expect("phrases build")
    }
}

/// The rules of one pass and what finds their candidates, by line length.
#[derive(Debug, Clone)]
pub struct Prefilter {
    slot: u8,
    /// Indices of the pass's rules in the rule set, in order.
    rules: Vec<usize>,
    tiers: Vec<Tier>,
    /// Positions of the pass's rules that have phrases or gated regexes (candidates when
    /// `Phrases` failed).
    with_phrases: Vec<usize>,
}

/// The rules that lines longer than `TIER_LIMITS[k]` may match.
#[derive(Debug, Clone)]
struct Tier {
    /// For each rule of the pass: whether it belongs to the tier.
    member: Vec<bool>,
    /// The tier's regexes by anchor (whole, start, anywhere), each run on the haystack its
    /// anchor matches against, and for each regex the position of its rule.
    regexes: [Option<RegexSet>; 3],
    regex_rule: [Vec<usize>; 3],
    /// Rules whose regexes did not fit in a set: always candidates (correct, only slower).
    always: Vec<usize>,
}

/// At most this many needles make a gate: more, and looking for them costs more than the
/// regex saves. The needles join the phrase automaton, which scans every line anyway: a dozen
/// more cost it nearly nothing, while an ungated regex runs on every line (with 8, the nine
/// networks of share-run left its regex in the inline pass's set, 500 instructions a line).
const GATE_NEEDLES: usize = 16;

/// A letter, digit or white space: in most lines.
fn common(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace()
}

/// A needle made only of characters that most lines hold.
fn common_needle(n: &str) -> bool {
    n.chars().all(common)
}

/// Letters and digits that make a needle rare enough on their own: "follow", "javascript",
/// "il vous reste" are in few lines, "on" or a space in most.
const SELECTIVE_LETTERS: usize = 5;

/// A needle that few lines hold: one with a character other than letters, digits and spaces,
/// or a word of [`SELECTIVE_LETTERS`] letters or more.
fn selective_needle(n: &str) -> bool {
    !common_needle(n) || n.chars().filter(|c| c.is_alphanumeric()).count() >= SELECTIVE_LETTERS
}

/// The gate of a folded rule regex: needles (strings) one of which every match of `source`
/// holds, when a few (up to [`GATE_NEEDLES`]) are enough to say so and each is selective
/// ([`selective_needle`]: not a short run of letters, digits and spaces): the breadcrumb regex
/// `^[^.!?]{0,40}( ?[»>›] ?[^.!?]{1,40}){1,6}$` cannot match a line without », > or ›, and the
/// read-more regex `\.\.\.? ?...` none without "..". Such a regex stays out of the regex sets:
/// its needles join the phrases, and a line that holds one makes its rule a candidate. Its lazy
/// DFA (bounded repeats of a large class) had been the slowest part of the rule passes. A
/// needle is a whole literal run, not its first character: "." is in every sentence, ".." in
/// few lines. `None` when no such few exist. Each rule's pattern keeps its regexes' gates
/// ([`Pattern::gates`](super::pattern::Pattern::gates)).
pub(super) fn needed_strings(source: &str) -> Option<Vec<String>> {
    fn needs(h: &Hir) -> Option<Vec<String>> {
        match h.kind() {
            HirKind::Literal(l) => {
                let text = std::str::from_utf8(&l.0).ok()?;
                (!text.is_empty()).then(|| vec![text.to_string()])
            }
            HirKind::Class(Class::Unicode(c)) => {
                let mut chars = Vec::new();
                for r in c.ranges() {
                    for ch in r.start()..=r.end() {
                        if chars.len() == GATE_NEEDLES {
                            return None;
                        }
                        chars.push(ch.to_string());
                    }
                }
                (!chars.is_empty()).then_some(chars)
            }
            HirKind::Repetition(r) if r.min >= 1 => needs(&r.sub),
            HirKind::Capture(c) => needs(&c.sub),
            // Any piece of a sequence will do: a selective one (without letters or digits,
            // or a long word), with the fewest needles, the longest first.
            HirKind::Concat(parts) => parts.iter().filter_map(needs).min_by_key(|v| {
                let shortest = v.iter().map(|n| n.chars().count()).min().unwrap_or(0);
                (
                    v.iter().any(|n| !selective_needle(n)),
                    v.iter().any(|n| common_needle(n)),
                    v.len(),
                    std::cmp::Reverse(shortest),
                )
            }),
            // Every branch needs one of its own.
            HirKind::Alternation(branches) => {
                let mut all: Vec<String> = Vec::new();
                for b in branches {
                    all.extend(needs(b)?);
                }
                all.sort_unstable();
                all.dedup();
                (all.len() <= GATE_NEEDLES).then_some(all)
            }
            _ => None,
        }
    }
    let needles = needs(&regex_syntax::Parser::new().parse(source).ok()?)?;
    // Short runs of letters, digits and spaces are in most lines: such a gate would let nearly
    // every line by.
    needles
        .iter()
        .all(|n| selective_needle(n))
        .then_some(needles)
}

fn anchor_slot(a: Anchor) -> usize {
    match a {
        Anchor::Whole => 0,
        Anchor::Start => 1,
        Anchor::Anywhere => 2,
    }
}

impl Prefilter {
    pub fn new(all: &[Rule], slot: usize) -> Prefilter {
        let pass = PREFILTERED[slot];
        let rules: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].spec.pass == pass)
            .collect();
        let mut tiers: Vec<Tier> = Vec::with_capacity(TIER_LIMITS.len());
        for &limit in &TIER_LIMITS {
            let member: Vec<bool> = rules
                .iter()
                .map(|&i| all[i].spec.max_chars.is_none_or(|m| m > limit))
                .collect();
            let tier = match tiers.last() {
                // The same regexes as the tier before: share its compiled sets.
                Some(prev) if prev.same_regexes(all, &rules, &member) => Tier {
                    member,
                    ..prev.clone()
                },
                _ => Tier::new(all, &rules, member),
            };
            tiers.push(tier);
        }
        let with_phrases = (0..rules.len())
            .filter(|&pos| {
                let rule = &all[rules[pos]];
                !rule.pattern.phrases().is_empty()
                    || rule.pattern.gates().iter().any(Option::is_some)
            })
            .collect();
        Prefilter {
            slot: slot as u8,
            rules,
            tiers,
            with_phrases,
        }
    }

    /// The pass's rules that may match `key`, in rule order, as indices into the rule set.
    ///
    /// `key` is what is left of a line's folded key, starting at byte `offset` of it; `hits`
    /// are the line's phrase hits on its whole key; `chars` is the length of what is left, or
    /// `None` when the pass's rules limit something else. `scratch` is reused between lines.
    pub fn candidates<'s>(
        &self,
        phrases: &Phrases,
        hits: &[(u32, u32, u32)],
        key: &str,
        offset: usize,
        chars: Option<usize>,
        scratch: &'s mut Vec<bool>,
    ) -> Candidates<'s, '_> {
        let k = chars.map_or(0, |c| TIER_LIMITS.iter().rposition(|&l| c > l).unwrap_or(0));
        let tier = &self.tiers[k];
        scratch.clear();
        scratch.resize(self.rules.len(), false);
        let mut any = false;
        let mut mark = |pos: usize, scratch: &mut Vec<bool>| {
            if tier.member[pos] {
                scratch[pos] = true;
                any = true;
            }
        };
        for &pos in &tier.always {
            mark(pos, scratch);
        }
        if phrases.failed {
            for &pos in &self.with_phrases {
                mark(pos, scratch);
            }
        }
        let end = offset + key.len();
        for &(p, s, e) in hits {
            let (slot, pos) = phrases.owner[p as usize];
            if slot == self.slot && s as usize >= offset && e as usize <= end {
                mark(pos as usize, scratch);
            }
        }
        if tier.regexes.iter().any(Option::is_some) {
            let (s, e) = letter_core(key);
            let hay = [&key[s..e], &key[s..], key];
            for ((set, owners), hay) in tier.regexes.iter().zip(&tier.regex_rule).zip(hay) {
                let Some(set) = set else { continue };
                if !set.is_match(hay) {
                    continue;
                }
                for r in set.matches(hay).iter() {
                    mark(owners[r], scratch);
                }
            }
        }
        if !any {
            scratch.clear();
        }
        Candidates {
            flags: scratch,
            rules: &self.rules,
            pos: 0,
        }
    }
}

impl Tier {
    /// Whether a tier of these members would hold the same regexes as this one.
    fn same_regexes(&self, all: &[Rule], pass_rules: &[usize], member: &[bool]) -> bool {
        let has_regexes = |pos: usize| !all[pass_rules[pos]].spec.regexes.is_empty();
        (0..pass_rules.len()).all(|pos| !has_regexes(pos) || self.member[pos] == member[pos])
    }

    fn new(all: &[Rule], pass_rules: &[usize], member: Vec<bool>) -> Tier {
        let mut sources: [Vec<String>; 3] = Default::default();
        let mut regex_rule: [Vec<usize>; 3] = Default::default();
        let mut always = Vec::new();
        for (pos, &i) in pass_rules.iter().enumerate() {
            if !member[pos] {
                continue;
            }
            let rule = &all[i];
            let slot = anchor_slot(rule.spec.anchor);
            let pattern = &rule.pattern;
            for (source, gate) in pattern.regex_sources().iter().zip(pattern.gates()) {
                // Gated: a phrase hit on one of its characters makes the rule a candidate.
                if gate.is_some() {
                    continue;
                }
                sources[slot].push(source.clone());
                regex_rule[slot].push(pos);
            }
        }
        let regexes = std::array::from_fn(|slot| {
            if sources[slot].is_empty() {
                return None;
            }
            match regex::RegexSetBuilder::new(&sources[slot])
                .size_limit(1 << 26)
                .build()
            {
                Ok(set) => Some(set),
                Err(_) => {
                    always.extend(regex_rule[slot].iter().copied());
                    None
                }
            }
        });
        always.sort_unstable();
        always.dedup();
        Tier {
            member,
            regexes,
            regex_rule,
            always,
        }
    }
}

/// Candidate rules of one line, in rule order.
pub struct Candidates<'s, 'p> {
    flags: &'s [bool],
    rules: &'p [usize],
    pos: usize,
}

impl Iterator for Candidates<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.pos < self.flags.len() {
            let pos = self.pos;
            self.pos += 1;
            if self.flags[pos] {
                return Some(self.rules[pos]);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breadcrumb_regex_is_gated_and_its_characters_are_phrases() {
        let rules = crate::RuleSet::builtin();
        let rule = rules
            .rules
            .iter()
            .find(|r| r.spec.id == "breadcrumb")
            .unwrap();
        let mut needs = rule.pattern.gates()[0].clone().unwrap();
        needs.sort_unstable();
        assert_eq!(needs, [">", "»", "›"]);
        // A line with one of them makes the rule a candidate of its pass; one without, not.
        let phrases = Phrases::new(&rules.rules);
        let prefilter = rules.prefilter(PassKind::Line);
        let pos = prefilter
            .rules
            .iter()
            .position(|&i| rules.rules[i].spec.id == "breadcrumb");
        let candidate = |line: &str| {
            let key = crate::text::fold::fold(line);
            let hits = phrases.hits(&key);
            let chars = Some(line.chars().count());
            prefilter
                .candidates(&phrases, &hits, &key, 0, chars, &mut Vec::new())
                .any(|i| Some(i) == pos.map(|p| prefilter.rules[p]))
        };
        assert!(candidate("Home › News › World"));
        assert!(!candidate("Home / News / World"));
    }

    #[test]
    fn gates_name_characters_a_match_cannot_do_without() {
        let mut needs =
            needed_strings("^[^.!?؟»>›]{0,40}( ?[»>›] ?[^.!?؟»>›]{1,40}){1,6}$").unwrap();
        needs.sort_unstable();
        assert_eq!(needs, [">", "»", "›"]);
        // A literal run is one needle, whole: "(c)", not "(".
        assert_eq!(needed_strings(r"\(c\) ?(19|20)\d\d").unwrap(), ["(c)"]);
        assert_eq!(
            needed_strings("^[^|]{0,9}( ?(share|tweet) ?[|/])+$").unwrap(),
            ["/", "|"]
        );
        // Two dots, where one would let every sentence by.
        assert_eq!(
            needed_strings(r"\.\.\.? ?(read more|lire la suite)$").unwrap(),
            [".."]
        );
        // A word of five letters or more is rare enough on its own: the fewest such needles.
        assert_eq!(
            needed_strings(r"(requires|needs) javascript[.!]?$").unwrap(),
            [" javascript"]
        );
        let mut words = needed_strings("^(share|tweet)+$").unwrap();
        words.sort_unstable();
        assert_eq!(words, ["share", "tweet"]);
        // Nine network names, where eight were the most: the share-run regex no longer runs
        // on every line of the inline pass.
        let networks =
            "(twitter|facebook|google|whatsapp|telegram|linkedin|pinterest|reddit|messenger)";
        assert_eq!(
            needed_strings(&format!(r"(^|\s){networks}( {networks}){{2,}}\s*$"))
                .unwrap()
                .len(),
            9
        );
        let rules = crate::RuleSet::builtin();
        let share_run = rules
            .rules
            .iter()
            .find(|r| r.spec.id == "share-run")
            .unwrap();
        assert!(share_run.pattern.gates().iter().all(Option::is_some));
        // Nothing a match must hold: it can be empty, or needs any of too many characters, or
        // letters most lines hold.
        for source in [
            r"^\d+ \d+$",
            r"^\d*$",
            "a?b?",
            "^(x|y*)$",
            r"^\w+$",
            "[a-z]+",
            "^$",
            "^(new|old)+ news$",
            "^(on|at) x$",
        ] {
            assert_eq!(needed_strings(source), None, "{source}");
        }
    }

    proptest::proptest! {
        /// A gated regex never matches a line without one of its needles.
        #[test]
        fn gated_regexes_match_only_lines_with_their_needles(
            line in r"([a-z0-9 ,.:()+|/-]|[»>›]|[\x{0600}-\x{06FF}]|share|print|2025|\(c\)|\.\.\.|read more|follow |javascript|twitter|facebook|whatsapp|subscribe to ){0,60}"
        ) {
            use regex::Regex;
            static GATED: OnceLock<Vec<(Regex, Vec<String>)>> = OnceLock::new();
            let gated = GATED.get_or_init(|| {
                let rules = crate::RuleSet::builtin();
                let sources = rules.rules.iter().flat_map(|r| r.pattern.regex_sources());
                let gated: Vec<_> = sources
                    .filter_map(|s| Some((Regex::new(s).unwrap(), needed_strings(s)?)))
                    .collect();
                // The breadcrumb and copyright regexes at least.
                assert!(gated.len() >= 2, "{gated:?}");
                gated
            });
            for (regex, needs) in gated {
                if regex.is_match(&line) {
                    proptest::prop_assert!(needs.iter().any(|n| line.contains(n.as_str())), "{regex} {line:?}");
                }
            }
        }
    }

    /// The phrases compiled into every kind of automaton a process may scan with.
    fn every_kind(phrases: &Phrases) -> [Scanner; 3] {
        [
            Scanner::nfa(&phrases.phrases).unwrap(),
            Scanner::large(&phrases.phrases).unwrap(),
            Scanner::dfa(&phrases.phrases).unwrap(),
        ]
    }

    /// What the crate's own overlapping search finds in `key`.
    fn overlapping(reference: &aho_corasick::AhoCorasick, key: &str) -> PhraseHits {
        reference
            .find_overlapping_iter(key)
            .map(|m| (m.pattern().as_u32(), m.start() as u32, m.end() as u32))
            .collect()
    }

    /// What this module's scan finds in `key` with `scanner`.
    fn scanned(scanner: &Scanner, key: &str) -> PhraseHits {
        let mut got = PhraseHits::new();
        scanner.scan_each(std::iter::once(key.as_bytes()), &mut got, |_| {});
        got
    }

    /// Each kind of automaton finds exactly what the crate's own overlapping search finds on
    /// every example line of every built-in rule (lines full of phrases) and every line of the
    /// shipped samples, in the same order.
    #[test]
    fn the_scan_finds_what_an_overlapping_search_finds_on_rule_examples() {
        let rules = crate::RuleSet::builtin();
        let phrases = Phrases::new(&rules.rules);
        let reference = phrases.reference();
        let kinds = every_kind(&phrases);
        let samples = ["guardian-valencia-fire-en.txt", "saraya-appended.txt"].map(|f| {
            std::fs::read_to_string(format!("{}/samples/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        });
        let examples = rules.rules.iter().flat_map(|r| {
            let removed = r.spec.must_remove.iter().map(|e| e.text().to_string());
            removed.chain(r.spec.must_keep.iter().cloned())
        });
        let lines: Vec<String> = examples
            .chain(samples.iter().flat_map(|s| s.lines().map(str::to_string)))
            .collect();
        let mut found = 0;
        for line in &lines {
            let key = crate::text::fold::fold(line);
            let expected = overlapping(&reference, &key);
            found += expected.len();
            for scanner in &kinds {
                assert_eq!(scanned(scanner, &key), expected, "{key:?}");
            }
        }
        assert!(
            lines.len() > 200 && found > 200,
            "{} lines, {found} hits",
            lines.len()
        );
    }

    proptest::proptest! {
        /// Each kind of automaton, scanned a byte at a time here, finds exactly the occurrences
        /// the crate's own overlapping search finds, in the same order.
        #[test]
        fn the_scan_finds_what_an_overlapping_search_finds(
            line in r"([a-z0-9 ,.:()|/-]|[»>›©]|[\x{0600}-\x{06FF}]|اقرا ايضا|حقوق|محفوظة|share|print|read more|\(c\)){0,40}"
        ) {
            static PHRASES: OnceLock<Phrases> = OnceLock::new();
            let phrases = PHRASES.get_or_init(|| Phrases::new(&crate::RuleSet::builtin().rules));
            let key = crate::text::fold::fold(&line);
            let expected = overlapping(&phrases.reference(), &key);
            for scanner in &every_kind(phrases) {
                proptest::prop_assert_eq!(scanned(scanner, &key), expected.clone(), "{:?}", key);
            }
        }
    }

    #[test]
    fn the_dfa_is_built_once_enough_text_is_scanned() {
        let rules = crate::RuleSet::builtin();
        let phrases = Phrases::with_dfa_after(&rules.rules, 100);
        let key = crate::text::fold::fold("اقرا ايضا: خبر آخر وجميع الحقوق محفوظة");
        let before = phrases.hits(&key);
        assert!(
            phrases.dfa.get().is_none(),
            "built after {} bytes",
            key.len()
        );
        let mut after = before.clone();
        while phrases.dfa.get().is_none() {
            after = phrases.hits(&key);
        }
        assert!(phrases.dfa.get().is_some_and(Option::is_some));
        let (mut a, mut b) = (before, after);
        a.sort_unstable();
        b.sort_unstable();
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }
}
