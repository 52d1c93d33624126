//! The words of a folded key, walked once, and which of them are function words (the words
//! prose is full of, in the languages gharbal sees most). Below both the line features and
//! the topic words, which each read words this way.

use std::sync::OnceLock;

use crate::text::fold::fold;
use crate::text::words::{word_hash, WordSet};

/// The folded function words: their hashes, the byte length of the longest, and which shapes
/// (byte length, second byte, last byte) they have, with and without a conjunction glued on.
struct FunctionWords {
    set: WordSet,
    longest: usize,
    /// One bit per shape, hashed into [`SHAPE_BITS`] bits; lengths up to [`SHAPE_LENGTHS`].
    shapes: Vec<u64>,
    /// Conjunctions written glued on (Arabic و and ف), folded, and the longest's byte length.
    glued: Vec<String>,
    longest_glued: usize,
}

const SHAPE_LENGTHS: usize = 32;
/// About 800 shapes in 65,536 bits (8 KB): a word no function word shares a shape with is
/// turned away before hashing, with one chance in 80 of a shape sharing a bit with another.
const SHAPE_BITS: usize = 1 << 16;

/// A word's shape bit: its length, second byte (the distinguishing byte of an Arabic first
/// letter) and last byte, hashed. The (length, last byte) pair alone let 57% of the words of
/// prose through to the hashed lookup.
fn shape_bit(word: &[u8]) -> Option<usize> {
    let (&last, len) = (word.last()?, word.len());
    if len >= SHAPE_LENGTHS {
        return None;
    }
    let second = word.get(1).copied().unwrap_or(0);
    let key = (len as u32) << 16 | u32::from(second) << 8 | u32::from(last);
    Some((key.wrapping_mul(0x9E37_79B1) >> 16) as usize % SHAPE_BITS)
}

fn function_words() -> &'static FunctionWords {
    static SET: OnceLock<FunctionWords> = OnceLock::new();
    SET.get_or_init(|| {
        let langs = crate::lang::builtin();
        let folded: Vec<String> = langs
            .iter()
            .flat_map(|l| &l.function_words)
            .map(|w| fold(w))
            .collect();
        let mut glued: Vec<String> = Vec::new();
        for g in langs
            .iter()
            .flat_map(|l| &l.glued_conjunctions)
            .map(|g| fold(g))
        {
            if !glued.contains(&g) {
                glued.push(g);
            }
        }
        let longest = folded.iter().map(String::len).max().unwrap_or(0);
        let longest_glued = glued.iter().map(String::len).max().unwrap_or(0);
        let mut shapes = vec![0u64; SHAPE_BITS / 64];
        for w in &folded {
            for prefix in std::iter::once("").chain(glued.iter().map(String::as_str)) {
                let glued = format!("{prefix}{w}");
                if let Some(bit) = shape_bit(glued.as_bytes()) {
                    shapes[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        FunctionWords {
            set: folded.iter().map(|w| word_hash(w)).collect(),
            longest,
            shapes,
            glued,
            longest_glued,
        }
    })
}

/// True for a folded word that is a function word of any language (`lang/<code>.toml`), also
/// with a conjunction glued on.
///
/// Inlined where words are measured: most words of prose are too long to be function words or
/// have no function word's shape ([`shape_bit`]), and are answered without a call.
#[inline]
pub fn is_function_word(word: &str) -> bool {
    let words = function_words();
    // Longer than any function word with a conjunction glued on (most words of prose), or no
    // function word has its shape: no hashing needed.
    if word.len() > words.longest + words.longest_glued {
        return false;
    }
    if let Some(bit) = shape_bit(word.as_bytes()) {
        if words.shapes[bit / 64] & (1 << (bit % 64)) == 0 {
            return false;
        }
    }
    in_function_words(words, word)
}

/// The hashed part of [`is_function_word`].
#[inline(never)]
fn in_function_words(words: &FunctionWords, word: &str) -> bool {
    let set = &words.set;
    if set.contains(&word_hash(word)) {
        return true;
    }
    for p in &words.glued {
        if let Some(rest) = word.strip_prefix(p.as_str()) {
            if rest.chars().count() >= 2 && set.contains(&word_hash(rest)) {
                return true;
            }
        }
    }
    false
}

/// A word of a folded key: a run of letters and digits, with its length in characters and
/// how many of them are letters.
#[derive(Debug, Clone, Copy)]
pub struct KeyWord<'a> {
    pub text: &'a str,
    pub chars: usize,
    pub letters: usize,
}

/// The words of a folded key (what `key.split(|c| !is_letter_or_digit(c))` gives, without the
/// empty pieces), each measured on the same walk.
pub fn key_words(key: &str) -> KeyWords<'_> {
    KeyWords { key, pos: 0 }
}

/// The words of `key` that [`crate::text::fold::FoldedLines`] recorded while folding it: the same
/// as [`key_words`] of the key, without walking it again.
pub fn recorded_words<'a>(
    key: &'a str,
    spans: &'a [crate::text::fold::WordSpan],
) -> impl Iterator<Item = KeyWord<'a>> + 'a {
    spans.iter().map(move |w| KeyWord {
        text: &key[w.start as usize..w.end as usize],
        chars: w.chars as usize,
        letters: w.letters as usize,
    })
}

/// The iterator of [`key_words`].
pub struct KeyWords<'a> {
    key: &'a str,
    pos: usize,
}

impl<'a> Iterator for KeyWords<'a> {
    type Item = KeyWord<'a>;

    fn next(&mut self) -> Option<KeyWord<'a>> {
        let mut start = None;
        let (mut chars, mut letters) = (0, 0);
        while self.pos < self.key.len() {
            let (class, len) = crate::text::fold::CharClass::at(self.key, self.pos);
            let i = self.pos;
            self.pos += len;
            if class.letter_or_digit() {
                start.get_or_insert(i);
                chars += 1;
                letters += usize::from(class.letter());
            } else if let Some(s) = start {
                return Some(KeyWord {
                    text: &self.key[s..i],
                    chars,
                    letters,
                });
            }
        }
        start.map(|s| KeyWord {
            text: &self.key[s..],
            chars,
            letters,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_words_are_the_nonempty_runs_of_letters_and_digits() {
        for text in [
            "",
            "  ",
            "وأوضح صقر، خلال 8 ديسمبر: الاتصال!",
            "a1b2 -- x9 « y » 2025-03-19…end",
            "ﷺ الـــرئيس ١٢ Ⅻ ½",
        ] {
            let key = fold(text);
            let split: Vec<&str> = key
                .split(|c: char| !crate::text::fold::is_letter_or_digit(c))
                .filter(|w| !w.is_empty())
                .collect();
            let words: Vec<KeyWord> = key_words(&key).collect();
            assert_eq!(words.iter().map(|w| w.text).collect::<Vec<_>>(), split);
            for w in words {
                assert_eq!(w.chars, w.text.chars().count());
                let letters = w
                    .text
                    .chars()
                    .filter(|&c| crate::text::fold::is_letter(c))
                    .count();
                assert_eq!(w.letters, letters, "{}", w.text);
            }
        }
    }

    #[test]
    fn every_function_word_passes_the_shape_filter() {
        let langs = crate::lang::builtin();
        for w in langs.iter().flat_map(|l| &l.function_words) {
            let folded = fold(w);
            assert!(is_function_word(&folded), "{w}");
            for prefix in langs.iter().flat_map(|l| &l.glued_conjunctions) {
                let glued = format!("{prefix}{folded}");
                if folded.chars().count() >= 2 {
                    assert!(is_function_word(&glued), "{glued}");
                }
            }
        }
    }

    #[test]
    fn glued_function_words() {
        assert!(is_function_word(&fold("وفي")));
        assert!(!is_function_word(&fold("وزير")));
    }
}
