//! Folds text into a matching key: Arabic letter variants, marks, digits, case and spacing.
//!
//! Rules match on the folded key; output always keeps the original characters. A [`Folded`]
//! key keeps a map from each of its bytes back to the original byte offset, so a match on the
//! key becomes a span over the original text. A document's lines are folded into one buffer
//! ([`FoldedLines`]) without a map: few lines ever need one, and such a line is folded again
//! with its map ([`FoldedLines::with_map`]).

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded copy of a piece of text with a byte map back to the original.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    /// The folded key.
    pub key: String,
    /// `map[i]` is the original byte offset of the character that produced key byte `i`;
    /// `map[key.len()]` is the original end.
    map: Vec<u32>,
    /// The text holds a number (a character for which `char::is_numeric` holds).
    pub numeric: bool,
}

impl Folded {
    /// Folds `text`; offsets in the map are relative to `text` plus `base`.
    pub fn new(text: &str, base: usize) -> Folded {
        let mut key = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        let mut no_words = Vec::new();
        let mut sink = Sink::<false>::new(&mut key, &mut map, &mut no_words);
        let (numeric, _) = fold_into(text, base, &mut sink);
        Folded { key, map, numeric }
    }

    /// The original byte offset for key byte offset `i` (start of a match).
    pub fn orig_start(&self, i: usize) -> usize {
        self.map[i] as usize
    }

    /// The original byte offset for key byte offset `i` used as the end of a match: the start of
    /// the next original character, so the whole last character is covered.
    pub fn orig_end(&self, i: usize) -> usize {
        let end = *self.map.last().unwrap_or(&0) as usize;
        let mut j = i;
        // Key bytes produced by the character that the match ends inside belong to the match.
        while j > 0 && j < self.key.len() && self.map[j] == self.map[i - 1] {
            j += 1;
        }
        if j >= self.key.len() {
            end
        } else {
            self.map[j] as usize
        }
    }

    /// The first key byte whose original offset is at or after `orig`.
    pub fn key_offset(&self, orig: usize) -> usize {
        let mut lo = self.map[..self.key.len()].partition_point(|&m| (m as usize) < orig);
        while lo < self.key.len() && !self.key.is_char_boundary(lo) {
            lo += 1;
        }
        lo
    }
}

/// The folded keys of all the lines of a text in one buffer: one allocation a document instead
/// of one a line. No byte map is kept: it took four bytes a byte of text, written for every
/// line and read for the few with a match to map back ([`FoldedLines::with_map`]).
#[derive(Debug, Default, Clone)]
pub struct FoldedLines {
    key: String,
    lines: Vec<LineKey>,
    /// The words of every line's key, found while folding it (see [`WordSpan`]).
    words: Vec<WordSpan>,
}

/// A word of a line's folded key: a run of letters and digits (what [`key_words`] gives),
/// recorded by the fold that writes the key, so the splitter need not walk the key again.
///
/// [`key_words`]: crate::keywords::key_words
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan {
    /// Byte range in the line's key.
    pub start: u32,
    pub end: u32,
    /// Its length in characters, and how many of them are letters.
    pub chars: u32,
    pub letters: u32,
}

/// Where one line's key lies in the buffers of [`FoldedLines`], and what it was folded from.
#[derive(Debug, Clone)]
struct LineKey {
    key: Range<usize>,
    orig: Range<usize>,
    words: Range<usize>,
    numeric: bool,
    chars: usize,
}

/// The buffers of the last [`FoldedLines`] a thread dropped, for the next one: a window of a
/// stream needs the same room as the one before, and memory taken from the allocator afresh
/// for every window costs a page fault every 4 KB (a tenth of the run time).
type Buffers = (String, Vec<LineKey>, Vec<WordSpan>);

thread_local! {
    static SPARE: std::cell::RefCell<Option<Buffers>> = const { std::cell::RefCell::new(None) };
}

/// Buffers with room for more key bytes than this are given back to the allocator, so a huge
/// input leaves no huge spare behind.
const SPARE_KEY_MAX: usize = 1 << 21;

impl FoldedLines {
    /// Folds every piece of `text` that `spans` give, in order (a document's line contents).
    pub fn new<'a>(text: &str, spans: impl ExactSizeIterator<Item = &'a Range<usize>>) -> Self {
        let (mut key, mut lines, mut words) = SPARE
            .try_with(|s| s.borrow_mut().take())
            .ok()
            .flatten()
            .unwrap_or_default();
        key.clear();
        lines.clear();
        words.clear();
        key.reserve(text.len());
        lines.reserve(spans.len());
        let mut no_map = Vec::new();
        // About one word in six bytes of text.
        words.reserve(text.len() / 6);
        for span in spans {
            let (key_start, words_start) = (key.len(), words.len());
            let mut sink = Sink::<true>::new(&mut key, &mut no_map, &mut words);
            let (numeric, chars) = fold_into(&text[span.clone()], span.start, &mut sink);
            lines.push(LineKey {
                key: key_start..key.len(),
                orig: span.clone(),
                words: words_start..words.len(),
                numeric,
                chars,
            });
        }
        FoldedLines { key, lines, words }
    }

    /// The keys of all the lines, one after the other.
    pub fn all_keys(&self) -> &str {
        &self.key
    }

    /// Where line `i`'s key lies in [`all_keys`](Self::all_keys).
    pub fn key_range(&self, i: usize) -> Range<usize> {
        self.lines[i].key.clone()
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `i`'s key: the passes ask for it on every line, with one checked slice.
    #[inline]
    pub fn key(&self, i: usize) -> &str {
        &self.key[self.lines[i].key.clone()]
    }

    /// The characters of line `i`'s original text.
    #[inline]
    pub fn chars(&self, i: usize) -> usize {
        self.lines[i].chars
    }

    /// Whether line `i` holds a number.
    #[inline]
    pub fn numeric(&self, i: usize) -> bool {
        self.lines[i].numeric
    }

    /// The words of line `i`'s key, recorded while folding it.
    #[inline]
    pub fn words(&self, i: usize) -> &[WordSpan] {
        &self.words[self.lines[i].words.clone()]
    }

    /// Line `i` folded again, from the document `text` it was folded from, with its byte map
    /// back to `text` (the same key): for the few lines whose matches are mapped back.
    pub fn with_map(&self, i: usize, text: &str) -> Folded {
        let orig = self.lines[i].orig.clone();
        let f = Folded::new(&text[orig.clone()], orig.start);
        debug_assert_eq!(f.key, self.key(i));
        f
    }
}

impl Drop for FoldedLines {
    fn drop(&mut self) {
        if self.key.capacity() > SPARE_KEY_MAX {
            return;
        }
        let buffers = (
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.lines),
            std::mem::take(&mut self.words),
        );
        // During a thread's exit the spare is already gone: the buffers are simply freed.
        let _ = SPARE.try_with(|s| *s.borrow_mut() = Some(buffers));
    }
}

/// Where [`fold_into`] writes: the key and, when `WORDS` (the lines of a document), the words
/// of the key, else (a single text) its byte map.
struct Sink<'a, const WORDS: bool> {
    key: &'a mut String,
    map: &'a mut Vec<u32>,
    words: &'a mut Vec<WordSpan>,
    /// Where this piece's key starts in `key`.
    key_start: usize,
    /// White space was read since the last character written (written before the next one).
    pending_space: bool,
    /// The word being read: its start in `key`, its characters (0: no word) and letters.
    word_start: usize,
    word_chars: u32,
    word_letters: u32,
}

impl<'a, const WORDS: bool> Sink<'a, WORDS> {
    fn new(
        key: &'a mut String,
        map: &'a mut Vec<u32>,
        words: &'a mut Vec<WordSpan>,
    ) -> Sink<'a, WORDS> {
        let key_start = key.len();
        Sink {
            key,
            map,
            words,
            key_start,
            pending_space: false,
            word_start: 0,
            word_chars: 0,
            word_letters: 0,
        }
    }

    /// White space of the text: one space in the key, before the next character.
    #[inline(always)]
    fn space(&mut self) {
        self.pending_space = self.key.len() > self.key_start;
    }

    /// Appends one folded character, of class `class`, produced by the original character at
    /// byte `at`; the space that stands before it comes first.
    #[inline(always)]
    fn push(&mut self, c: char, class: CharClass, at: u32) {
        if self.pending_space {
            self.pending_space = false;
            self.end_word();
            self.key.push(' ');
            if !WORDS {
                self.map.push(at);
            }
        }
        if WORDS {
            if class.letter_or_digit() {
                if self.word_chars == 0 {
                    self.word_start = self.key.len();
                }
                self.word_chars += 1;
                self.word_letters += u32::from(class.letter());
            } else {
                self.end_word();
            }
        }
        self.key.push(c);
        if !WORDS {
            // One or two key bytes, nearly always: the general `extend` cost a tenth of the fold.
            match c.len_utf8() {
                1 => self.map.push(at),
                2 => self.map.extend_from_slice(&[at, at]),
                n => self.map.extend(std::iter::repeat_n(at, n)),
            }
        }
    }

    /// Records the word being read, if any, as ending here.
    #[inline(always)]
    fn end_word(&mut self) {
        if WORDS && self.word_chars > 0 {
            self.words.push(WordSpan {
                start: (self.word_start - self.key_start) as u32,
                end: (self.key.len() - self.key_start) as u32,
                chars: self.word_chars,
                letters: self.word_letters,
            });
            self.word_chars = 0;
            self.word_letters = 0;
        }
    }
}

/// Appends the fold of `text` to the sink's key, its byte map (offsets relative to `text`
/// plus `base`, then the end of `text`) and its words; returns whether `text` holds a number,
/// and its length in characters.
fn fold_into<const WORDS: bool>(text: &str, base: usize, sink: &mut Sink<WORDS>) -> (bool, usize) {
    let table = table();
    let bytes = text.as_bytes();
    let (mut numeric, mut chars) = (false, 0);
    let mut i = 0;
    while i < bytes.len() {
        let at = (base + i) as u32;
        chars += 1;
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_whitespace() {
                sink.space();
                continue;
            }
            numeric |= b.is_ascii_digit();
            let lower = b.to_ascii_lowercase();
            sink.push(
                char::from(lower),
                CharClass(ASCII_CLASSES[usize::from(lower)]),
                at,
            );
            continue;
        }
        let c = if b & 0xE0 == 0xC0 {
            // Two-byte characters (Latin-1 and Latin extensions, Greek, Cyrillic, Hebrew,
            // Arabic) are nearly all of the non-ASCII text gharbal reads: one table lookup
            // tells what they are and gives their fold.
            let code = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            let entry = &table[(code - TABLE_START) as usize];
            i += 2;
            numeric |= entry.numeric;
            if entry.space {
                sink.space();
                continue;
            }
            // Most fold to one character (an Arabic letter to itself).
            if entry.len == 1 {
                sink.push(entry.chars[0], CharClass(entry.classes[0]), at);
                continue;
            }
            if let Some(out) = entry.fold() {
                for (k, &f) in out.iter().enumerate() {
                    sink.push(f, CharClass(entry.classes[k]), at);
                }
                continue;
            }
            char::from_u32(code).expect("a two-byte character")
        } else {
            let c = text[i..].chars().next().expect("a character starts at i");
            i += c.len_utf8();
            numeric |= is_number(c);
            if c.is_whitespace() {
                sink.space();
                continue;
            }
            c
        };
        fold_char_general(c, |f| sink.push(f, CharClass::of(f), at));
    }
    sink.end_word();
    if !WORDS {
        sink.map.push((base + text.len()) as u32);
    }
    (numeric, chars)
}

/// A character test with fast paths for ASCII and the characters below U+3000 (Latin to Arabic,
/// punctuation and symbols), which make up nearly all the text gharbal reads (the general lookup
/// is a binary search).
#[inline]
fn test_class(c: char, ascii: fn(&u8) -> bool, bit: u8, general: fn(char) -> bool) -> bool {
    if c.is_ascii() {
        ascii(&(c as u8))
    } else if let Some(k) = class(c) {
        k & bit != 0
    } else {
        general(c)
    }
}

/// `char::is_alphabetic`, fast below U+3000.
#[inline]
pub fn is_letter(c: char) -> bool {
    test_class(c, u8::is_ascii_alphabetic, ALPHA, char::is_alphabetic)
}

/// `char::is_alphanumeric`, fast below U+3000.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    test_class(c, u8::is_ascii_alphanumeric, ALNUM, char::is_alphanumeric)
}

/// `char::is_numeric`, fast below U+3000.
#[inline]
pub fn is_number(c: char) -> bool {
    test_class(c, u8::is_ascii_digit, NUMERIC, char::is_numeric)
}

/// `char::is_uppercase`, fast below U+3000 (Arabic has no case).
#[inline]
pub fn is_upper(c: char) -> bool {
    test_class(c, u8::is_ascii_uppercase, UPPER, char::is_uppercase)
}

/// `char::is_lowercase`, fast below U+3000.
#[inline]
pub fn is_lower(c: char) -> bool {
    test_class(c, u8::is_ascii_lowercase, LOWER, char::is_lowercase)
}

/// The classes of one character, found with one table lookup below U+3000.
#[derive(Debug, Clone, Copy)]
pub struct CharClass(u8);

impl CharClass {
    #[inline]
    pub fn of(c: char) -> CharClass {
        if c.is_ascii() {
            return CharClass(ASCII_CLASSES[c as usize]);
        }
        CharClass(class(c).unwrap_or_else(|| classify(c)))
    }

    /// The classes of the character that starts at byte `i` of `s`, and its length in bytes:
    /// ASCII and two-byte characters are read straight from the bytes.
    #[inline]
    pub fn at(s: &str, i: usize) -> (CharClass, usize) {
        let bytes = s.as_bytes();
        let b = bytes[i];
        if b.is_ascii() {
            return (CharClass(ASCII_CLASSES[b as usize]), 1);
        }
        if b & 0xE0 == 0xC0 {
            let code = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            return (CharClass(CLASSES[(code - TABLE_START) as usize]), 2);
        }
        let c = s[i..].chars().next().expect("a character starts at i");
        (CharClass::of(c), c.len_utf8())
    }

    #[inline]
    pub fn letter(self) -> bool {
        self.0 & ALPHA != 0
    }

    #[inline]
    pub fn letter_or_digit(self) -> bool {
        self.0 & ALNUM != 0
    }

    #[inline]
    pub fn number(self) -> bool {
        self.0 & NUMERIC != 0
    }

    #[inline]
    pub fn upper(self) -> bool {
        self.0 & UPPER != 0
    }

    #[inline]
    pub fn lower(self) -> bool {
        self.0 & LOWER != 0
    }
}

include!("char_bits.rs");

/// The class bits of ASCII, known at compile time.
const ASCII_CLASSES: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_uppercase() {
            t[b] = ALPHA | ALNUM | UPPER;
        } else if c.is_ascii_lowercase() {
            t[b] = ALPHA | ALNUM | LOWER;
        } else if c.is_ascii_digit() {
            t[b] = NUMERIC | ALNUM;
        }
        b += 1;
    }
    t
};

/// The class bits of a two-byte character, from a table built once with [`classify`]; `None`
/// outside the table.
#[inline]
fn class(c: char) -> Option<u8> {
    let code = c as u32;
    if !(TABLE_START..CLASS_TABLE_END).contains(&code) {
        return None;
    }
    Some(CLASSES[(code - TABLE_START) as usize])
}

/// The class table also covers the three-byte characters below U+3000 that dumps are full of:
/// dashes, quotes, bullets, arrows and other symbols (12 KB, one byte a character). build.rs
/// computes it with [`classify`]'s predicates.
const CLASS_TABLE_END: u32 = 0x3000;

include!(concat!(env!("OUT_DIR"), "/char_classes.rs"));

/// Folds one character, emitting zero or more folded characters.
#[inline]
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    // Two-byte characters are looked up in a table built once from the general path below,
    // so both always agree.
    let code = c as u32;
    if (TABLE_START..TABLE_END).contains(&code) {
        let entry = &table()[(code - TABLE_START) as usize];
        if entry.len as usize <= entry.chars.len() {
            for &f in &entry.chars[..entry.len as usize] {
                emit(f);
            }
            return;
        }
    }
    fold_char_general(c, emit)
}

const TABLE_START: u32 = 0x80;
const TABLE_END: u32 = 0x800;

/// A two-byte character: its fold (up to three characters, or `len` above 3 for "use the
/// general path"), and whether it is a number or white space.
#[derive(Clone, Copy)]
struct TableEntry {
    len: u8,
    chars: [char; 3],
    /// The class bits of each of `chars`.
    classes: [u8; 3],
    numeric: bool,
    space: bool,
}

impl TableEntry {
    /// The fold; `None` for "use the general path".
    #[inline]
    fn fold(&self) -> Option<&[char]> {
        (self.len as usize <= self.chars.len()).then(|| &self.chars[..self.len as usize])
    }
}

fn table() -> &'static [TableEntry] {
    static TABLE: std::sync::OnceLock<Vec<TableEntry>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLE_START..TABLE_END)
            .map(|code| {
                let mut e = TableEntry {
                    len: 0,
                    chars: ['\0'; 3],
                    classes: [0; 3],
                    numeric: false,
                    space: false,
                };
                if let Some(c) = char::from_u32(code) {
                    e.numeric = c.is_numeric();
                    e.space = c.is_whitespace();
                    fold_char_general(c, |f| {
                        if (e.len as usize) < e.chars.len() {
                            e.chars[e.len as usize] = f;
                            e.classes[e.len as usize] = CharClass::of(f).0;
                        }
                        e.len = e.len.saturating_add(1);
                    });
                }
                e
            })
            .collect()
    })
}

/// Folds one character the general way: the special cases, then compatibility decomposition
/// without combining marks, lower-cased.
fn fold_char_general(c: char, mut emit: impl FnMut(char)) {
    match c {
        // tatweel, zero-width and bidi controls, BOM, soft hyphen
        '\u{0640}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{2060}' => {}
        'ة' => emit('ه'),
        'ى' => emit('ي'),
        'ٱ' => emit('ا'),
        '٠'..='٩' => emit(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' => emit(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        'ک' => emit('ك'),
        'ی' | 'ې' => emit('ي'),
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => emit('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' => emit('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => emit('-'),
        _ => decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'ة' => emit('ه'),
                'ى' => emit('ي'),
                'ٱ' => emit('ا'),
                '\u{0640}' => {}
                _ => {
                    for l in d.to_lowercase() {
                        emit(l)
                    }
                }
            }
        }),
    }
}

/// Folds a phrase into its key (used for rule phrases).
pub fn fold(text: &str) -> String {
    Folded::new(text, 0).key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_variants_fold_together() {
        let forms = [
            "إقرأ أيضاً",
            "اقرأ أيضا",
            "اقرا ايضا",
            "إقـــرأ   أيضًا",
            "\u{200F}اقرأ أيضاً",
        ];
        let keys: Vec<String> = forms.iter().map(|f| fold(f)).collect();
        for k in &keys {
            assert_eq!(k, "اقرا ايضا", "{keys:?}");
        }
    }

    #[test]
    fn ta_marbuta_alef_maqsura_and_digits() {
        assert_eq!(fold("مكتبة على ٢٠٢٥"), fold("مكتبه علي 2025"));
        assert_eq!(fold("مكتبة على ٢٠٢٥"), "مكتبه علي 2025");
    }

    #[test]
    fn presentation_forms_and_latin_case() {
        // ﻻ is the lam-alef ligature presentation form
        assert_eq!(fold("ﻻ"), "لا");
        assert_eq!(fold("All Rights  RESERVED"), "all rights reserved");
        assert_eq!(fold("À lire aussi"), "a lire aussi");
    }

    #[test]
    fn fold_table_agrees_with_the_general_path() {
        for c in ('\0'..='\u{0FFF}').filter(|c| !c.is_ascii()) {
            let (mut fast, mut general) = (String::new(), String::new());
            fold_char(c, |f| fast.push(f));
            fold_char_general(c, |f| general.push(f));
            assert_eq!(fast, general, "{c:?}");
        }
    }

    #[test]
    fn classes_read_from_bytes_agree_with_of() {
        let text: String = ('\0'..='\u{3100}')
            .chain(['\u{FDFA}', '\u{1F600}'])
            .collect();
        let mut i = 0;
        for c in text.chars() {
            let (k, len) = CharClass::at(&text, i);
            assert_eq!((k.0, len), (CharClass::of(c).0, c.len_utf8()), "{c:?}");
            i += len;
        }
    }

    #[test]
    fn class_table_of_build_rs_agrees_with_classify() {
        for code in TABLE_START..CLASS_TABLE_END {
            let c = char::from_u32(code).unwrap_or('\0');
            assert_eq!(class(c), Some(classify(c)), "{c:?}");
        }
    }

    #[test]
    fn letter_fast_paths_agree_with_std() {
        for c in ('\0'..='\u{2FFF}').chain(['\u{FB50}', '\u{FEFC}', '\u{1F600}']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_number(c), c.is_numeric(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
            let k = CharClass::of(c);
            assert_eq!(
                (k.letter(), k.number(), k.upper(), k.lower()),
                (
                    c.is_alphabetic(),
                    c.is_numeric(),
                    c.is_uppercase(),
                    c.is_lowercase()
                ),
                "{c:?}"
            );
        }
    }

    /// Folding as it was done one character at a time, to check the fast paths against.
    fn reference_fold(text: &str) -> (String, bool) {
        let (mut key, mut numeric, mut pending_space) = (String::new(), false, false);
        for c in text.chars() {
            numeric |= c.is_numeric();
            if c.is_ascii_whitespace() || (!c.is_ascii() && c.is_whitespace()) {
                pending_space = !key.is_empty();
                continue;
            }
            let mut emit = |f: char| {
                if std::mem::take(&mut pending_space) {
                    key.push(' ');
                }
                key.push(f);
            };
            if c.is_ascii() {
                emit(c.to_ascii_lowercase());
            } else {
                fold_char_general(c, emit);
            }
        }
        (key, numeric)
    }

    #[test]
    fn fast_paths_fold_as_one_character_at_a_time() {
        let samples = (1..=0x3000u32)
            .chain(0xFB50..=0xFEFF)
            .chain([0x1F600, 0x10400])
            .filter_map(char::from_u32);
        for c in samples {
            let text = format!("Ab {c}\u{0640}x{c} 9");
            let f = Folded::new(&text, 3);
            assert_eq!((f.key.clone(), f.numeric), reference_fold(&text), "{c:?}");
            assert_eq!(f.map.len(), f.key.len() + 1);
        }
        // A ligature that folds to a whole phrase.
        assert_eq!(fold("\u{FDFA}"), reference_fold("\u{FDFA}").0);
        assert!(fold("\u{FDFA}").chars().count() > 10);
    }

    #[test]
    fn lines_fold_like_single_texts() {
        // A longer text first, so the second is folded into its reused buffers.
        let long = "Another page, longer than the next one: إقرأ أيضاً\n".repeat(50);
        let first = crate::text::document::Document::new(long);
        drop(FoldedLines::new(
            &first.text,
            first.lines.iter().map(|l| &l.content),
        ));
        let text = "  إقرأ أيضاً: X \n\nCopyright © ٢٠٢٥\r\nﷺ";
        let doc = crate::text::document::Document::new(text.to_string());
        let lines = FoldedLines::new(&doc.text, doc.lines.iter().map(|l| &l.content));
        assert_eq!(lines.len(), doc.lines.len());
        for (i, l) in doc.lines.iter().enumerate() {
            let one = Folded::new(&doc.text[l.content.clone()], l.content.start);
            assert_eq!(lines.key(i), one.key);
            assert_eq!(lines.numeric(i), one.numeric);
            assert_eq!(lines.chars(i), doc.text[l.content.clone()].chars().count());
            let mapped = lines.with_map(i, &doc.text);
            assert_eq!(mapped.key, one.key);
            for k in 0..=one.key.len() {
                assert_eq!(mapped.orig_start(k), one.orig_start(k));
                assert_eq!(mapped.orig_end(k), one.orig_end(k));
            }
        }
    }

    /// Every line's recorded words are what [`crate::keywords::key_words`] finds on its key.
    fn check_recorded_words(text: &str) -> Result<(), String> {
        let doc = crate::text::document::Document::new(text.to_string());
        let lines = FoldedLines::new(&doc.text, doc.lines.iter().map(|l| &l.content));
        for i in 0..lines.len() {
            let key = lines.key(i);
            let tuples = |w: Vec<crate::keywords::KeyWord>| {
                w.iter()
                    .map(|w| (w.text.to_string(), w.chars, w.letters))
                    .collect::<Vec<_>>()
            };
            let recorded = tuples(crate::keywords::recorded_words(key, lines.words(i)).collect());
            let walked = tuples(crate::keywords::key_words(key).collect());
            if recorded != walked {
                return Err(format!("{key:?}: {recorded:?} != {walked:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn words_recorded_while_folding_are_those_of_the_key() {
        let samples = (1..=0x3000u32)
            .step_by(7)
            .chain(0xFB50..=0xFEFF)
            .chain([0x1F600, 0x10400, 0x0640, 0x064B, 0xFDFA, 0x01C4])
            .filter_map(char::from_u32);
        let mut text: String = samples
            .map(|c| format!("Ab{c}x {c}9\u{0640}{c}\n"))
            .collect();
        text.push_str("  إقرأ أيضاً: X-ray \n\nCopyright © ٢٠٢٥\r\nﷺ a\u{064B}b  ");
        check_recorded_words(&text).unwrap();
    }

    proptest::proptest! {
        #[test]
        fn recorded_words_match_the_key_on_any_text(
            text in "([a-zA-Z0-9 ,.:\n\t]|[\u{0600}-\u{06FF}]|[\u{0080}-\u{07FF}]|[\u{2000}-\u{2070}]|[\u{FB50}-\u{FEFF}]|\u{FDFA}|\u{1F600}){0,80}"
        ) {
            proptest::prop_assert!(check_recorded_words(&text).is_ok(), "{:?}", check_recorded_words(&text));
        }
    }

    #[test]
    fn map_points_back_to_original_bytes() {
        let text = "abc إقرأ أيضاً: x";
        let f = Folded::new(text, 10);
        let at = f.key.find("اقرا").unwrap();
        assert_eq!(f.orig_start(at) - 10, text.find('إ').unwrap());
        let end = f.key.find(':').unwrap();
        assert_eq!(
            &text[f.orig_start(at) - 10..f.orig_end(end) - 10],
            "إقرأ أيضاً"
        );
        assert_eq!(f.orig_end(f.key.len()) - 10, text.len());
    }
}
