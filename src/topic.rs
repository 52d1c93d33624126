//! Topic words of a text and how much two texts share: the evidence that a new page started.

use crate::keywords::{is_function_word, key_words, KeyWord};
use crate::text::fold::fold;
use std::sync::OnceLock;

use crate::text::words::{word_hash, WordMap};

/// Affixes stripped from words of Arabic script before they are compared, from the language
/// files' `stem-prefixes` and `stem-suffixes` (longest first, in file order), and the first
/// letters of the prefixes and last letters of the suffixes: most words have neither, and are
/// answered with two lookups.
struct Affixes {
    prefixes: Vec<Affix>,
    suffixes: Vec<Affix>,
    first: LetterIndex,
    last: LetterIndex,
}

/// An affix of at most eight bytes, held as the bytes of a word's first (prefix) or last
/// (suffix) eight that it must equal under `mask`: one comparison instead of a `memcmp` call,
/// which cost stemming twice its time with affixes read from data.
struct Affix {
    bytes: u64,
    mask: u64,
    len: usize,
    chars: usize,
}

impl Affix {
    fn new(affix: &str, suffix: bool) -> Affix {
        let b = affix.as_bytes();
        assert!(
            (1..=8).contains(&b.len()),
            "stem affix {affix:?}: 1 to 8 bytes"
        );
        let mut v = [0u8; 8];
        let mut m = [0u8; 8];
        let at = if suffix { 8 - b.len() } else { 0 };
        v[at..at + b.len()].copy_from_slice(b);
        m[at..at + b.len()].fill(0xFF);
        Affix {
            bytes: u64::from_le_bytes(v),
            mask: u64::from_le_bytes(m),
            len: b.len(),
            chars: affix.chars().count(),
        }
    }
}

/// A word's first eight bytes, zero-padded at the end (most Arabic words have eight: one
/// fixed-size read).
#[inline]
fn head8(w: &[u8]) -> u64 {
    if let Some(b) = w.first_chunk::<8>() {
        return u64::from_le_bytes(*b);
    }
    let n = w.len();
    let mut h = [0u8; 8];
    h[..n].copy_from_slice(&w[..n]);
    u64::from_le_bytes(h)
}

/// A word's last eight bytes, zero-padded at the front.
#[inline]
fn tail8(w: &[u8]) -> u64 {
    if let Some(b) = w.last_chunk::<8>() {
        return u64::from_le_bytes(*b);
    }
    let n = w.len();
    let mut t = [0u8; 8];
    t[8 - n..].copy_from_slice(&w[w.len() - n..]);
    u64::from_le_bytes(t)
}

/// For each letter of the Arabic block (U+0600..U+06FF), the affixes that start (prefixes) or
/// end (suffixes) with it: a range of the affix list, which is sorted by that letter with the
/// file order kept within one letter (longest first). A word's letter picks the one or two
/// affixes that can match, where the whole list was tried before.
struct LetterIndex(Box<[(u8, u8); 256]>);

impl LetterIndex {
    /// Sorts the affixes by their letter (stable: file order stays within one letter) and
    /// indexes them by it. Affixes of other scripts are dropped: no word of Arabic script can
    /// match them.
    fn build(mut affixes: Vec<(char, Affix)>) -> (LetterIndex, Vec<Affix>) {
        affixes.retain(|&(c, _)| arabic_index(c as u32).is_some());
        affixes.sort_by_key(|&(c, _)| c);
        let mut ranges = Box::new([(0u8, 0u8); 256]);
        for (at, &(c, _)) in affixes.iter().enumerate() {
            let slot = &mut ranges[arabic_index(c as u32).expect("kept")];
            let at = u8::try_from(at).expect("under 256 stem affixes");
            if slot.1 == 0 {
                slot.0 = at;
            }
            slot.1 = at + 1;
        }
        let list = affixes.into_iter().map(|(_, a)| a).collect();
        (LetterIndex(ranges), list)
    }

    /// The affixes of the two-byte UTF-8 letter `b` (an Arabic letter is D8..DB, 80..BF).
    #[inline]
    fn of_utf8(&self, b: [u8; 2]) -> std::ops::Range<usize> {
        if (b[0] & 0xE0) != 0xC0 || (b[1] & 0xC0) != 0x80 {
            return 0..0;
        }
        let c = u32::from(b[0] & 0x1F) << 6 | u32::from(b[1] & 0x3F);
        match arabic_index(c) {
            Some(i) => {
                let (s, e) = self.0[i];
                usize::from(s)..usize::from(e)
            }
            None => 0..0,
        }
    }
}

/// A code point's place in the Arabic block (U+0600..U+06FF), if it is in it.
fn arabic_index(c: u32) -> Option<usize> {
    c.checked_sub(0x600)
        .filter(|&i| i < 256)
        .map(|i| i as usize)
}

fn affixes() -> &'static Affixes {
    static AFFIXES: OnceLock<Affixes> = OnceLock::new();
    AFFIXES.get_or_init(|| {
        let langs = crate::lang::builtin();
        let mut prefixes = Vec::new();
        let mut suffixes = Vec::new();
        for l in langs {
            for p in &l.stem_prefixes {
                prefixes.push((p.chars().next().unwrap_or(' '), Affix::new(p, false)));
            }
            for s in &l.stem_suffixes {
                suffixes.push((s.chars().last().unwrap_or(' '), Affix::new(s, true)));
            }
        }
        let (first, prefixes) = LetterIndex::build(prefixes);
        let (last, suffixes) = LetterIndex::build(suffixes);
        Affixes {
            prefixes,
            suffixes,
            first,
            last,
        }
    })
}

/// The content words of a line as [`word_hash`]es, sorted, each once.
pub type Words = Vec<u64>;

/// The content words of a text, folded and lightly stemmed.
pub fn topic_words(text: &str) -> Words {
    topic_words_of_key(&fold(text))
}

/// The content words of an already folded key.
pub fn topic_words_of_key(folded: &str) -> Words {
    let mut words: Words = key_words(folded)
        .filter_map(|w| topic_word(&w, || is_function_word(w.text)))
        .collect();
    sort_words(&mut words);
    words
}

/// The hash of a word of a folded key when it is a content word: three letters or more, not a
/// function word (asked only when needed), three letters or more once stemmed.
#[inline]
pub fn topic_word(word: &KeyWord, function_word: impl FnOnce() -> bool) -> Option<u64> {
    if word.chars < 3 || word.letters < word.chars || function_word() {
        return None;
    }
    let (stemmed, chars) = stem(word.text, word.chars);
    (chars >= 3).then(|| word_hash(stemmed))
}

/// Sorts a line's word hashes and keeps each once.
pub fn sort_words(words: &mut Words) {
    sort_words_from(words, 0);
}

/// Sorts the word hashes of `words[start..]` (one line's, appended to a pool) and keeps each
/// once; what is before `start` stays as it is.
pub fn sort_words_from(words: &mut Words, start: usize) {
    let tail = &mut words[start..];
    tail.sort_unstable();
    let mut kept = 0;
    for i in 0..tail.len() {
        if kept == 0 || tail[i] != tail[kept - 1] {
            tail[kept] = tail[i];
            kept += 1;
        }
    }
    words.truncate(start + kept);
}

/// Whether a sorted word list holds a word.
pub fn has_word(words: &[u64], w: u64) -> bool {
    words.binary_search(&w).is_ok()
}

/// A word of `chars` letters without its Arabic proclitic and suffix (when three letters stay),
/// or an English plural `s`; with its length in characters.
fn stem(word: &str, chars: usize) -> (&str, usize) {
    // A character of the Arabic block (U+0600..U+06FF) is encoded from the byte D8 to DB.
    if !matches!(word.as_bytes().first(), Some(0xD8..=0xDB)) {
        let w = word.trim_end_matches('s');
        return (w, chars - (word.len() - w.len()));
    }
    let (mut w, mut n) = (word, chars);
    let affixes = affixes();
    // Most words start and end with letters no affix does: two table lookups.
    let bytes = word.as_bytes();
    let starts = bytes
        .first_chunk::<2>()
        .map_or(0..0, |&b| affixes.first.of_utf8(b));
    let ends = bytes
        .last_chunk::<2>()
        .map_or(0..0, |&b| affixes.last.of_utf8(b));
    if starts.is_empty() && ends.is_empty() {
        return (w, n);
    }
    // Only the prefixes that start with the word's first letter are tried, the suffixes
    // likewise (stripping a prefix leaves the last letter as it was).
    if !starts.is_empty() {
        let head = head8(w.as_bytes());
        if let Some(p) = affixes.prefixes[starts]
            .iter()
            .find(|p| head & p.mask == p.bytes && w.len() >= p.len && n >= p.chars + 3)
        {
            (w, n) = (&w[p.len..], n - p.chars);
        }
    }
    if !ends.is_empty() {
        let tail = tail8(w.as_bytes());
        if let Some(s) = affixes.suffixes[ends]
            .iter()
            .find(|s| tail & s.mask == s.bytes && w.len() >= s.len && n >= s.chars + 3)
        {
            (w, n) = (&w[..w.len() - s.len], n - s.chars);
        }
    }
    (w, n)
}

/// Word counts of a stretch of text (each line counts a word once), with what the similarity
/// measures need kept up to date, so comparing two stretches costs the smaller one's size.
#[derive(Debug, Default, Clone)]
pub struct WordCounts {
    counts: WordMap<u32>,
    /// Words counted twice or more: the stretch's keywords.
    keywords: usize,
    /// Sum of squared counts, for the cosine.
    sum_sq: u64,
}

impl WordCounts {
    /// Empty counts with room for `words` distinct words.
    pub fn with_capacity(words: usize) -> WordCounts {
        WordCounts {
            counts: WordMap::with_capacity_and_hasher(words, Default::default()),
            ..WordCounts::default()
        }
    }

    /// Counts the words of one line.
    pub fn add(&mut self, words: &[u64]) {
        for &w in words {
            self.bump(w, 1);
        }
    }

    fn bump(&mut self, word: u64, by: u32) {
        let c = self.counts.entry(word).or_default();
        let before = *c;
        *c += by;
        if before < 2 && *c >= 2 {
            self.keywords += 1;
        }
        self.sum_sq += u64::from(*c) * u64::from(*c) - u64::from(before) * u64::from(before);
    }

    /// Adds another stretch's counts (the smaller is folded into the larger).
    pub fn absorb(&mut self, mut other: WordCounts) {
        if other.counts.len() > self.counts.len() {
            std::mem::swap(self, &mut other);
        }
        for (w, c) in other.counts {
            self.bump(w, c);
        }
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Cosine similarity of the two count vectors.
    pub fn cosine(&self, other: &WordCounts) -> f32 {
        self.compare(other).1
    }

    /// How much two stretches continue each other: the larger of the share of the smaller
    /// one's words found in the other, and, both ways, the share of one side's keywords (words
    /// used twice or more, when it has three or more) found in the other. Sections of one
    /// article keep returning to its keywords; a new page does not.
    pub fn continuity(&self, other: &WordCounts) -> f32 {
        self.compare(other).0
    }

    /// [`continuity`](Self::continuity) and [`cosine`](Self::cosine) at once: one walk over
    /// the smaller side's words, one lookup of each in the other.
    pub fn compare(&self, other: &WordCounts) -> (f32, f32) {
        let (small, large) = if self.len() <= other.len() {
            (self, other)
        } else {
            (other, self)
        };
        let (mut shared, mut large_kw_seen, mut small_kw_seen) = (0usize, 0usize, 0usize);
        let mut dot = 0u64;
        for (w, &c) in &small.counts {
            if let Some(&d) = large.counts.get(w) {
                shared += 1;
                dot += u64::from(c) * u64::from(d);
                if d >= 2 {
                    large_kw_seen += 1;
                }
                if c >= 2 {
                    small_kw_seen += 1;
                }
            }
        }
        let continuity = if small.is_empty() {
            0.0
        } else {
            let mut best = shared as f32 / small.len() as f32;
            for (seen, kw) in [
                (large_kw_seen, large.keywords),
                (small_kw_seen, small.keywords),
            ] {
                if kw >= 3 {
                    best = best.max(seen as f32 / kw as f32);
                }
            }
            best
        };
        let n = (small.sum_sq as f64).sqrt() * (large.sum_sq as f64).sqrt();
        let cosine = if n == 0.0 {
            0.0
        } else {
            (dot as f64 / n) as f32
        };
        (continuity, cosine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_a_pool_tail_leaves_the_head() {
        let mut pool = vec![9, 3, 3, 7, 5, 7, 1, 5];
        sort_words_from(&mut pool, 3);
        assert_eq!(pool, vec![9, 3, 3, 1, 5, 7]);
        let mut whole = vec![4, 4, 2];
        sort_words_from(&mut whole, 0);
        assert_eq!(whole, vec![2, 4]);
        let mut empty_tail = vec![1, 2];
        sort_words_from(&mut empty_tail, 2);
        assert_eq!(empty_tail, vec![1, 2]);
    }

    #[test]
    fn stem_counts_the_characters_it_keeps() {
        for w in [
            "والمدارس",
            "بالعراق",
            "للرئيس",
            "الاهوار",
            "وزارة",
            "مدرستهما",
            "البرتغاليين",
            "talks",
            "news",
            "ministers",
            "ولد",
            "كتابه",
        ] {
            let (stemmed, chars) = stem(w, w.chars().count());
            assert_eq!(chars, stemmed.chars().count(), "{w} -> {stemmed}");
        }
        // The letter index finds every affix under its letter, the longer of one letter first.
        let langs = crate::lang::builtin();
        let affixes = affixes();
        assert!(!affixes.prefixes.is_empty() && !affixes.suffixes.is_empty());
        for p in langs.iter().flat_map(|l| &l.stem_prefixes) {
            let b = p.as_bytes().first_chunk::<2>().unwrap();
            let under = &affixes.prefixes[affixes.first.of_utf8(*b)];
            assert!(under.iter().any(|a| a.len == p.len()), "{p}");
            assert!(under.windows(2).all(|w| w[0].len >= w[1].len), "{p}");
        }
        for s in langs.iter().flat_map(|l| &l.stem_suffixes) {
            let b = s.as_bytes().last_chunk::<2>().unwrap();
            assert!(!affixes.last.of_utf8(*b).is_empty(), "{s}");
        }
        assert_eq!(stem("وبالمدارس", 9).0, "بالمدارس");
        assert_eq!(stem("بالمدارس", 8).0, "مدارس");
        assert_eq!(stem("للرئيس", 6).0, "رئيس");
        assert_eq!(stem("والمدارس", 8).0, "مدارس");
        assert_eq!(stem("ولد", 3).0, "ولد");
    }

    /// Share of the smaller set's words found in the other set (0 when either is empty).
    fn overlap(a: &Words, b: &Words) -> f32 {
        let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if small.is_empty() {
            return 0.0;
        }
        small.iter().filter(|w| has_word(large, **w)).count() as f32 / small.len() as f32
    }

    #[test]
    fn clitics_do_not_hide_shared_words() {
        let a = topic_words("اهوار العراق، دُرر العراق");
        let b = topic_words("دعيت لزيارة منطقة الاهوار في العراق");
        assert!(overlap(&a, &b) >= 0.5, "{a:?} {b:?}");
    }

    #[test]
    fn counts_compare_the_same_either_way_and_after_absorbing() {
        let lines = [
            "the talks in geneva resume",
            "geneva talks resume monday",
            "delegations arrive in geneva",
        ];
        let mut a = WordCounts::default();
        for l in lines {
            a.add(&topic_words(l));
        }
        let mut b = WordCounts::default();
        b.add(&topic_words("geneva talks draft agreement"));
        assert_eq!(a.continuity(&b), b.continuity(&a));
        assert!((a.cosine(&b) - b.cosine(&a)).abs() < 1e-6);
        assert!(a.continuity(&b) > 0.5);
        let mut c = WordCounts::default();
        c.add(&topic_words("floods hit the coast"));
        assert_eq!(a.continuity(&c), 0.0);
        let before = a.len();
        a.absorb(c);
        assert_eq!(a.len(), before + 3);
    }

    #[test]
    fn unrelated_texts_share_little() {
        let a = topic_words("رونالدو يتهم بينيتيز بمعاداة البرتغاليين في مران الفريق");
        let b = topic_words("وزارة التعليم تطلق برنامج رفق الإرشادي لخفض العنف في المدارس");
        assert!(overlap(&a, &b) < 0.1);
    }
}
