//! Verse quoted in a story: a run of short lines whose ends rhyme.
//!
//! A menu, a tag list or a list of headlines is a run of short lines too, and the splitter
//! removes such runs outside the articles. A poem is told apart by its rhyme: lines whose last
//! word shares its last two letters with a different last word a line or two away. Measured on
//! the labelled dumps before writing this, runs of four or more such lines held 257 article
//! lines of the composed set (Arabic qasidas and Nabati poems quoted in stories) against 15
//! chrome lines, and no article line against 4 chrome lines in the dev set; menu items that
//! end alike repeat a word ("آخر الأخبار", "أبرز الأخبار").

use std::ops::Range;

/// What the verse test reads of a line.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// The line's last word, folded (case, Arabic letter variants and marks).
    pub last_word: &'a str,
    pub words: usize,
    /// The line ends with sentence punctuation.
    pub ends_sentence: bool,
    /// The line already counts as prose.
    pub prose: bool,
    /// A hash of the line's key: a run that repeats a line is a menu, not a poem.
    pub hash: u64,
}

/// Lines of a verse have this many words.
const VERSE_WORDS: Range<usize> = 2..11;
/// A poem has at least this many lines.
const MIN_LINES: usize = 4;
/// A line rhymes when a line this close (before or after) ends alike.
const RHYME_REACH: usize = 2;
/// The share of a run's lines that must rhyme.
const MIN_RHYMING: f32 = 0.6;
/// The letters of a rhyme.
const RHYME_CHARS: usize = 2;

impl Line<'_> {
    /// A line that could be a line of verse: a few words, no sentence end, no prose.
    pub fn is_verse_shaped(&self) -> bool {
        VERSE_WORDS.contains(&self.words) && !self.ends_sentence && !self.prose
    }
}

/// The last [`RHYME_CHARS`] letters of a word, or `None` for a shorter word.
fn rhyme(word: &str) -> Option<&str> {
    let at = word.char_indices().rev().nth(RHYME_CHARS - 1)?.0;
    Some(&word[at..])
}

/// The runs of `lines` (index ranges) that are verse: consecutive short lines, each a different
/// line, most of them rhyming with a neighbour whose last word differs.
pub fn runs(lines: &[Line]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].is_verse_shaped() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].is_verse_shaped() {
            i += 1;
        }
        if is_verse(&lines[start..i]) {
            out.push(start..i);
        }
    }
    out
}

fn is_verse(run: &[Line]) -> bool {
    if run.len() < MIN_LINES {
        return false;
    }
    let mut hashes: Vec<u64> = run.iter().map(|l| l.hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    if hashes.len() < run.len() {
        return false;
    }
    let rhyming = (0..run.len())
        .filter(|&k| {
            let Some(end) = rhyme(run[k].last_word) else {
                return false;
            };
            let near = k.saturating_sub(RHYME_REACH)..(k + RHYME_REACH + 1).min(run.len());
            near.filter(|&j| j != k).any(|j| {
                run[j].last_word != run[k].last_word && rhyme(run[j].last_word) == Some(end)
            })
        })
        .count();
    rhyming as f32 >= MIN_RHYMING * run.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;
    use crate::text::words::word_hash;

    fn lines(texts: &[&str]) -> (Vec<String>, Vec<u64>) {
        let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
        let hashes = folded.iter().map(|f| word_hash(f)).collect();
        (folded, hashes)
    }

    fn verse_runs(texts: &[&str]) -> Vec<Range<usize>> {
        let (folded, hashes) = lines(texts);
        let ls: Vec<Line> = folded
            .iter()
            .zip(&hashes)
            .map(|(f, &hash)| Line {
                last_word: f.split_whitespace().last().unwrap_or(""),
                words: f.split_whitespace().count(),
                ends_sentence: f.ends_with('.'),
                prose: f.split_whitespace().count() > 12,
                hash,
            })
            .collect();
        runs(&ls)
    }

    #[test]
    fn a_rhyming_run_is_verse() {
        // Every other line ends in -ار, the others in -ين (folded: the tatweel and the marks go).
        let poem = [
            "يا ليل طال السهر والقلب محتار",
            "والشوق يسري في العروق حنين",
            "أمشي على درب الهوى دون أسـرار",
            "وأعد أيامي على مر السنين",
            "ما عاد في صدري مكان للأعذار",
        ];
        assert_eq!(verse_runs(&poem), vec![0..5]);
        let english = [
            "The rain came down upon the hill",
            "And all the birds had flown away",
            "The river ran but time stood still",
            "Until the break of day",
        ];
        assert_eq!(verse_runs(&english), vec![0..4]);
    }

    #[test]
    fn menus_and_headline_lists_are_not() {
        // Items that end alike end with the same word.
        let menu = ["آخر الأخبار", "أبرز الأخبار", "الأخبار العاجلة", "نشرة الأخبار"];
        assert!(verse_runs(&menu).is_empty());
        let headlines = [
            "Floods hit the coast again",
            "Markets fall as rates rise",
            "Election results delayed in three states",
            "New vaccine approved for children",
        ];
        assert!(verse_runs(&headlines).is_empty());
        // A repeated line makes a menu, however the rest rhymes.
        let repeated = [
            "The rain came down upon the hill",
            "And all the birds had flown away",
            "The rain came down upon the hill",
            "Until the break of day",
        ];
        assert!(verse_runs(&repeated).is_empty());
    }

    #[test]
    fn too_short_or_broken_runs_are_not() {
        let three = [
            "The rain came down upon the hill",
            "And all the birds had flown away",
            "The river ran but time stood still",
        ];
        assert!(verse_runs(&three).is_empty());
        // A sentence line breaks the run into two runs too short to count.
        let broken = [
            "The rain came down upon the hill",
            "And all the birds had flown away",
            "The council said on Monday that the road would reopen.",
            "The river ran but time stood still",
            "Until the break of day",
        ];
        assert!(verse_runs(&broken).is_empty());
    }
}
