//! Language-independent signals of one line: length in characters, letters, digits, sentence
//! punctuation, function-word density, and the shapes built on them (prose, headline, date).

use crate::keywords::{is_function_word, key_words, KeyWord};
use crate::text::fold::fold;

/// Sentence-ending punctuation, Arabic included.
pub fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '…' | '۔' | '。' | ';' | '؛' | '！' | '？' | '；'
    )
}

/// The text without what may close a sentence after its mark: spaces, quotes, brackets and
/// emphasis marks ("… the end.”", "(see below.)").
pub fn without_closing_marks(text: &str) -> &str {
    text.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '*' | '_' | '|'
            )
    })
}

/// Han ideographs and kana: scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Particles and grammatical characters of Japanese (kana) and Chinese (Han) that stand alone
/// in running text: the function words of scripts without spaces.
fn is_unspaced_function_char(c: char) -> bool {
    matches!(
        c,
        'の' | 'は'
            | 'が'
            | 'を'
            | 'に'
            | 'で'
            | 'と'
            | 'も'
            | 'へ'
            | 'や'
            | '的'
            | '了'
            | '是'
            | '在'
            | '和'
            | '也'
            | '就'
            | '都'
            | '而'
            | '与'
            | '被'
            | '把'
    )
}

/// A run of letters in a script written without spaces (Japanese, Chinese) holds many words:
/// about one for every two characters, and its particles are its function words. `None` for
/// any other word (one word). Answered from the first byte for every word of other scripts.
#[inline]
fn unspaced_words(word: &str) -> Option<(usize, usize)> {
    // Kana and Han start with bytes E3..=E9 in UTF-8 (CJK compatibility ideographs with EF):
    // the test stays where the words are walked, the count is called for those few.
    if !matches!(word.as_bytes().first(), Some(0xE3..=0xE9 | 0xEF)) {
        return None;
    }
    count_unspaced(word)
}

#[inline(never)]
fn count_unspaced(word: &str) -> Option<(usize, usize)> {
    let (mut unspaced, mut function, mut other) = (0usize, 0usize, 0usize);
    for c in word.chars() {
        if is_unspaced(c) {
            unspaced += 1;
            function += usize::from(is_unspaced_function_char(c));
        } else {
            other += 1;
        }
    }
    (unspaced >= 3).then(|| (unspaced.div_ceil(2) + usize::from(other > 0), function))
}

fn starts_with_list_mark(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('•' | '*' | '-' | '+' | '·' | '▪' | '►' | '◦' | '–') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            (rest.starts_with(". ") || rest.starts_with(") ")) && t.len() - rest.len() <= 2
        }
        _ => false,
    }
}

/// Measured signals of one line's kept text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineFeatures {
    pub chars: usize,
    pub words: usize,
    pub letters: usize,
    pub digits: usize,
    /// Function words among the words.
    pub function_words: usize,
    /// The line ends with sentence punctuation (closing quotes and brackets looked through).
    pub ends_sentence: bool,
    /// Commas and sentence marks inside the line.
    pub inner_punct: usize,
    /// The line ends with a colon (a label or a lead-in).
    pub ends_colon: bool,
    pub pipes: usize,
    /// Characters typical of code: braces, brackets, `=`, `<`, `>`, `$`, `\`, `;`, and a
    /// parenthesis opened right after a word (a call).
    pub code_marks: usize,
    /// The line starts with a list mark: "• ", "* ", "- ", "+ ", "1. ", "2) ".
    pub bullet: bool,
    /// Link separators inside the line: ▪ • · | » ›.
    pub separators: usize,
    /// A sentence ends inside the line and another starts after it ("... δίαιτα. Όπως ..."):
    /// the mark of a hard-wrapped paragraph, which headline lists do not have.
    pub inner_sentence_end: bool,
    /// Letters that have case, and how many of them are upper case.
    pub cased: usize,
    pub upper: usize,
    /// The line is a heading in the flattener's markup ("## Title").
    pub heading_mark: bool,
    /// The line starts with a letter, digit, quote, bracket or heading mark (not with a
    /// fragment's punctuation).
    pub clean_start: bool,
}

impl LineFeatures {
    pub fn of(text: &str) -> LineFeatures {
        LineFeatures::of_folded(text, &fold(text))
    }

    /// Measures a line whose folded key is already at hand (`key` = `fold(text)`).
    pub fn of_folded(text: &str, key: &str) -> LineFeatures {
        Self::measure(text, key_words(key), None)
    }

    /// Measures a line, given the words of its folded key ([`key_words`] or
    /// [`recorded_words`]), and collects its topic words (see [`crate::topic`]) on the same
    /// walk over its words: they are appended, sorted and each once, to `pool` (the words of
    /// all a document's lines in one vector).
    pub fn with_topic_words_into<'k>(
        text: &str,
        words: impl Iterator<Item = KeyWord<'k>>,
        pool: &mut Vec<u64>,
    ) -> LineFeatures {
        let start = pool.len();
        let f = Self::measure(text, words, Some(pool));
        crate::topic::sort_words_from(pool, start);
        f
    }

    fn measure<'k>(
        text: &str,
        words: impl Iterator<Item = KeyWord<'k>>,
        mut topic: Option<&mut crate::topic::Words>,
    ) -> LineFeatures {
        use crate::text::fold::CharClass;
        let mut f = LineFeatures::default();
        let mut in_punct = false;
        // A sentence ending inside the line: a word of three letters or more (not an
        // abbreviation such as "ul." or "St."), the mark, a space, and a letter that does not
        // continue the sentence in lower case. `letter_run` counts the letters just before the
        // character; `stage` is 1 after such a mark, 2 after the space that follows it.
        let mut letter_run = 0usize;
        let mut stage = 0u8;
        for c in text.chars() {
            f.chars += 1;
            let class = CharClass::of(c);
            if class.letter() {
                // Letters, most of every line, take the short way.
                f.letters += 1;
                in_punct = false;
                let lower = class.lower();
                if class.upper() {
                    f.cased += 1;
                    f.upper += 1;
                } else if lower {
                    f.cased += 1;
                }
                if stage == 2 && !lower {
                    f.inner_sentence_end = true;
                }
                stage = 0;
                letter_run += 1;
                continue;
            }
            if c == ' ' {
                // The space, most of what is not a letter: what the tests below come to for it.
                in_punct = false;
                stage = if stage == 1 { 2 } else { 0 };
                letter_run = 0;
                continue;
            }
            let punct =
                matches!(c, ',' | '،' | '؛' | ';' | ':' | '、' | '，' | '：') || is_sentence_end(c);
            if class.number() {
                f.digits += 1;
            } else if c == '|' {
                f.pipes += 1;
                f.separators += 1;
            } else if matches!(c, '▪' | '•' | '·' | '»' | '›' | '◦' | '●') {
                f.separators += 1;
            } else if matches!(
                c,
                '{' | '}' | '[' | ']' | '=' | '<' | '>' | '$' | '\\' | ';'
            ) || (c == '(' && letter_run > 0)
            {
                // A bracket opened right after a word is a call (`push(`); prose opens one
                // after a space (`(30)`, `(AFP)`), and its closing one says nothing more.
                f.code_marks += 1;
            } else if punct && !in_punct && c != ':' {
                // "..", "?!" and ".:" count once
                f.inner_punct += 1;
            }
            in_punct = punct;
            if class.upper() {
                f.cased += 1;
                f.upper += 1;
            } else if class.lower() {
                f.cased += 1;
            }
            stage = match stage {
                1 if c == ' ' => 2,
                _ if letter_run >= 3 && is_sentence_end(c) && c != ';' => 1,
                _ => 0,
            };
            letter_run = 0;
        }
        for w in words {
            if w.letters == 0 {
                continue;
            }
            if let Some((words, function)) = unspaced_words(w.text) {
                f.words += words;
                f.function_words += function;
                if let Some(topic) = topic.as_deref_mut() {
                    topic.extend(crate::topic::topic_word(&w, || false));
                }
                continue;
            }
            f.words += 1;
            let function_word = is_function_word(w.text);
            if function_word {
                f.function_words += 1;
            }
            if let Some(topic) = topic.as_deref_mut() {
                topic.extend(crate::topic::topic_word(&w, || function_word));
            }
        }
        f.bullet = starts_with_list_mark(text);
        f.heading_mark = text.starts_with('#');
        f.clean_start = text.chars().next().is_some_and(|c| {
            crate::text::fold::is_letter_or_digit(c)
                || matches!(
                    c,
                    '"' | '\'' | '«' | '“' | '‘' | '(' | '[' | '#' | '¿' | '¡'
                )
        });
        let last = without_closing_marks(text).chars().next_back();
        f.ends_sentence = last.is_some_and(is_sentence_end);
        f.ends_colon = matches!(last, Some(':'));
        f
    }

    /// Share of words that are function words.
    pub fn function_ratio(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.function_words as f32 / self.words as f32
        }
    }

    /// Running text: enough words, function words among them, and sentence punctuation or length.
    pub fn is_prose(&self) -> bool {
        let ratio = self.function_ratio();
        if self.words < 6
            || self.letters * 2 < self.chars
            || self.is_code()
            || self.heading_mark
            || self.is_shouting()
        {
            return false;
        }
        // A list item without a full stop is a link in a list, not a paragraph; so is a line
        // of links joined by separators.
        if (self.bullet && !self.ends_sentence && self.words < 30) || self.is_link_row() {
            return false;
        }
        // A long run-on line with almost no punctuation and few function words is a ticker
        // of headlines glued together, not a paragraph.
        if self.is_ticker() {
            return false;
        }
        (self.words >= 8 && ratio >= 0.1 && (self.ends_sentence || self.inner_punct >= 2))
            || (self.chars >= 160 && ratio >= 0.08)
            || (self.words >= 25 && self.inner_punct >= 1)
            // Telegraphic news leads (Arabic glues most function words to the next word):
            // long enough and punctuated twice.
            || (self.words >= 15 && self.inner_punct >= 2 && ratio >= 0.05)
    }

    /// A long run-on line with almost no punctuation and few function words: headlines glued
    /// into a ticker.
    pub fn is_ticker(&self) -> bool {
        self.words >= 40 && self.inner_punct * 40 < self.words && self.function_ratio() < 0.15
    }

    /// Words in capitals only (a menu bar, a section label), in a script with case.
    pub fn is_shouting(&self) -> bool {
        self.words >= 3 && self.cased >= 10 && self.upper * 10 >= self.cased * 8
    }

    /// Links in a row: three or more separators with a few words between them.
    pub fn is_link_row(&self) -> bool {
        self.separators >= 3 && self.words <= 5 * self.separators
    }

    /// Script or style text that leaked into the dump.
    pub fn is_code(&self) -> bool {
        self.code_marks * 25 > self.chars
    }

    /// Looks like a prose line cut by a hard wrap: many words and function words, no full stop.
    pub fn is_wrapped_prose(&self) -> bool {
        self.words >= 8
            && self.function_ratio() >= 0.15
            && self.letters * 3 >= self.chars * 2
            && !self.is_code()
    }

    /// Could be a headline: a few words to a long sentence, mostly letters, no full stop.
    pub fn is_headline_shaped(&self) -> bool {
        !self.bullet
            && self.clean_start
            && !self.is_link_row()
            && !self.is_shouting()
            && self.words >= 3
            && self.words <= 40
            && self.chars >= 15
            && self.chars <= 260
            && self.letters * 2 >= self.chars
            && self.digits * 4 <= self.chars
            && self.pipes == 0
            && !self.ends_colon
            && !(self.ends_sentence && self.words > 25)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers in brackets are prose (an Arabic report writes "(30) ألف جنيه"); a bracket
    /// opened right after a word is a call in code.
    #[test]
    fn brackets_after_a_space_are_prose_and_after_a_word_are_code() {
        let prose = LineFeatures::of(
            "وأعلنت المطاحن خفض سعر الجوال من (30) ألف جنيه إلى (26) ألف جنيه (نحو 40 دولارا).",
        );
        assert!(!prose.is_code(), "{prose:?}");
        assert!(prose.is_prose(), "{prose:?}");
        let code = LineFeatures::of("googletag.cmd.push(function() { googletag.display(slot); })");
        assert!(code.is_code(), "{code:?}");
    }

    /// Japanese and Chinese are written without spaces: a run of Han and kana is about a word
    /// for two characters, its particles are function words, and `、` `，` are punctuation.
    #[test]
    fn unspaced_scripts_count_words_and_particles() {
        let ja = LineFeatures::of("市交通局は十日、市内を走る路線バスの深夜便を来月一日から増便すると発表した。駅前と住宅地を結ぶ三つの路線で、午後十一時以降の便をそれぞれ二本ずつ増やす。");
        assert!(ja.words >= 30, "{ja:?}");
        assert!(ja.function_ratio() >= 0.1, "{ja:?}");
        assert!(ja.inner_punct >= 3 && ja.ends_sentence, "{ja:?}");
        assert!(ja.is_prose(), "{ja:?}");
        let headline = LineFeatures::of("市内の路線バス、来月から深夜便を増便");
        assert!(
            !headline.is_prose() && !headline.ends_sentence,
            "{headline:?}"
        );
        let zh = LineFeatures::of(
            "市政府周三宣布，将在明年春天开放新的公共图书馆，并延长现有图书馆的开放时间。",
        );
        assert!(zh.words >= 15 && zh.function_words >= 2, "{zh:?}");
        // Latin, Arabic and Korean words are counted as before, one each.
        assert_eq!(LineFeatures::of("قال الوزير اليوم").words, 3);
        assert_eq!(LineFeatures::of("서울 시내 버스").words, 3);
    }

    #[test]
    fn arabic_paragraph_is_prose() {
        let f = LineFeatures::of("وأوضح صقر، خلال حديثه في بودكاست عبر منصة إعلامية، أن الأسد حاول على مدار ثلاثة أيام قبل 8 ديسمبر الاتصال بالرئيس الروسي دون جدوى.");
        assert!(f.is_prose(), "{f:?}");
        assert!(f.ends_sentence);
    }

    #[test]
    fn headline_is_not_prose_but_headline_shaped() {
        let f = LineFeatures::of("نائب الرئيس الأميركي: نعمل على لقاء بين بوتين وزيلينسكي");
        assert!(!f.is_prose(), "{f:?}");
        assert!(f.is_headline_shaped());
    }

    #[test]
    fn menu_items_are_short_and_not_headlines() {
        for l in ["الرئيسية", "Home", "Sport", "صحة وتغذية", "21 o", "| |"] {
            let f = LineFeatures::of(l);
            assert!(!f.is_prose() && !f.is_headline_shaped(), "{l}: {f:?}");
        }
    }

    #[test]
    fn english_and_french_prose() {
        assert!(LineFeatures::of(
            "The minister said on Sunday that the talks would resume next week in Geneva."
        )
        .is_prose());
        assert!(LineFeatures::of("Le ministre a annoncé dimanche que les discussions reprendraient la semaine prochaine.").is_prose());
    }
}
