//! Folds text into a matching key: Arabic letter variants, marks, digits, case and spacing.
//!
//! Rules match on the folded key; output always keeps the original characters. The key keeps a
//! map from each of its bytes back to the original byte offset, so a match on the key becomes a
//! span over the original text.

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
        let mut f = Folded {
            key: String::with_capacity(text.len()),
            map: Vec::with_capacity(text.len() + 1),
            numeric: false,
        };
        let mut pending_space = false;
        for (i, c) in text.char_indices() {
            let at = (base + i) as u32;
            if c.is_ascii() {
                if c.is_ascii_whitespace() {
                    pending_space = !f.key.is_empty();
                    continue;
                }
                if pending_space {
                    f.push(' ', at);
                    pending_space = false;
                }
                f.numeric |= c.is_ascii_digit();
                f.push(c.to_ascii_lowercase(), at);
                continue;
            }
            f.numeric |= is_number(c);
            if c.is_whitespace() {
                pending_space = !f.key.is_empty();
                continue;
            }
            fold_char(c, |out| {
                if pending_space {
                    f.push(' ', at);
                    pending_space = false;
                }
                f.push(out, at);
            });
        }
        f.map.push((base + text.len()) as u32);
        f
    }

    fn push(&mut self, c: char, at: u32) {
        self.key.push(c);
        for _ in 0..c.len_utf8() {
            self.map.push(at);
        }
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
}

/// A character test with fast paths for ASCII and two-byte characters (Latin-1 to Arabic),
/// which make up nearly all the text gharbal reads (the general lookup is a binary search).
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

/// `char::is_alphabetic`, fast for ASCII and two-byte characters.
#[inline]
pub fn is_letter(c: char) -> bool {
    test_class(c, u8::is_ascii_alphabetic, ALPHA, char::is_alphabetic)
}

/// `char::is_alphanumeric`, fast for ASCII and two-byte characters.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    test_class(c, u8::is_ascii_alphanumeric, ALNUM, char::is_alphanumeric)
}

/// `char::is_numeric`, fast for ASCII and two-byte characters.
#[inline]
pub fn is_number(c: char) -> bool {
    test_class(c, u8::is_ascii_digit, NUMERIC, char::is_numeric)
}

/// `char::is_uppercase`, fast for ASCII and two-byte characters (Arabic has no case).
#[inline]
pub fn is_upper(c: char) -> bool {
    test_class(c, u8::is_ascii_uppercase, UPPER, char::is_uppercase)
}

/// `char::is_lowercase`, fast for ASCII and two-byte characters.
#[inline]
pub fn is_lower(c: char) -> bool {
    test_class(c, u8::is_ascii_lowercase, LOWER, char::is_lowercase)
}

/// The classes of one character, found with one table lookup for the first 2,048 code points.
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

    #[inline]
    pub fn letter(self) -> bool {
        self.0 & ALPHA != 0
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

const ALPHA: u8 = 1;
const ALNUM: u8 = 2;
const NUMERIC: u8 = 4;
const UPPER: u8 = 8;
const LOWER: u8 = 16;

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

/// The class bits of any character, from the standard library's predicates.
fn classify(c: char) -> u8 {
    let mut k = 0;
    for (yes, bit) in [
        (c.is_alphabetic(), ALPHA),
        (c.is_alphanumeric(), ALNUM),
        (c.is_numeric(), NUMERIC),
        (c.is_uppercase(), UPPER),
        (c.is_lowercase(), LOWER),
    ] {
        if yes {
            k |= bit;
        }
    }
    k
}

/// The class bits of a two-byte character, from a table built once with [`classify`]; `None`
/// outside the table.
#[inline]
fn class(c: char) -> Option<u8> {
    let code = c as u32;
    if !(TABLE_START..TABLE_END).contains(&code) {
        return None;
    }
    static CLASSES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let table = CLASSES.get_or_init(|| {
        (TABLE_START..TABLE_END)
            .map(|code| char::from_u32(code).map_or(0, classify))
            .collect()
    });
    Some(table[(code - TABLE_START) as usize])
}

/// Folds one character, emitting zero or more folded characters.
#[inline]
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    // Two-byte characters (Latin-1 and Latin extensions, Greek, Cyrillic, Hebrew, Arabic) are
    // nearly all of the non-ASCII text gharbal reads: their folds are looked up in a table
    // built once from the general path below, so both always agree.
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

/// The fold of one character: up to three characters, or `len` above 3 for "use the general
/// path".
#[derive(Clone, Copy)]
struct TableEntry {
    len: u8,
    chars: [char; 3],
}

fn table() -> &'static [TableEntry] {
    static TABLE: std::sync::OnceLock<Vec<TableEntry>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLE_START..TABLE_END)
            .map(|code| {
                let mut e = TableEntry {
                    len: 0,
                    chars: ['\0'; 3],
                };
                if let Some(c) = char::from_u32(code) {
                    fold_char_general(c, |f| {
                        if (e.len as usize) < e.chars.len() {
                            e.chars[e.len as usize] = f;
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
