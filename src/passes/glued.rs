//! Glued chrome (`glued-repeat`): a page's chrome line glued without a space to the first line
//! of the next page in a dump ("Back to topManchester City win the Shield"). The chrome stands
//! on lines of its own elsewhere in the same dump, so a line that begins with the exact text of
//! a short line the dump holds whole at least twice, glued to what follows, loses that prefix.
//!
//! Glue is read from the letters at the seam: in a cased script the next letter is a capital
//! after a letter that is not (`topManchester`); in Arabic and Hebrew, written with spaces
//! between words but without capitals, any letter glued to the prefix is a seam, as a whole
//! line of the dump never ends inside a word. Scripts written without spaces (Chinese,
//! Japanese, Thai) have no seam to read.

use super::{Context, Kept, Removal};
use crate::rules::{Detector, RuleSet};
use crate::text::fold::is_letter;
use crate::text::words::{word_hash, WordMap};

/// A chrome line is short: at most this many words...
const MAX_PREFIX_WORDS: usize = 8;
/// ...and at least this many, so that a lone word ("Home", "News") is never taken off the
/// start of a longer word.
const MIN_PREFIX_WORDS: usize = 2;
/// What is left after the prefix is a headline or a paragraph: this many words at least.
const MIN_REST_WORDS: usize = 3;
/// A chrome line's length in bytes, at most (a cheap test before the words are counted).
const MAX_PREFIX_BYTES: usize = 160;
/// Whole copies of the chrome line the dump must hold.
const MIN_COPIES: usize = 2;

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> Vec<Removal> {
    if !rules.detects(Detector::GluedRepeat) {
        return Vec::new();
    }
    let text = &ctx.doc.text;
    // Short lines held whole more than once, counted by their text; the repeats are then
    // looked up by their first word. The word count of the folded key is a cheap first cut;
    // the words with letters are counted on the few repeats.
    let mut copies: WordMap<(usize, &str)> = WordMap::default();
    for (i, line) in ctx.doc.lines.iter().enumerate() {
        if line.content.len() > MAX_PREFIX_BYTES
            || !(MIN_PREFIX_WORDS..=MAX_PREFIX_WORDS).contains(&ctx.keys.words(i).len())
        {
            continue;
        }
        let s = &text[line.content.clone()];
        let entry = copies.entry(word_hash(s)).or_insert((0, s));
        if entry.1 == s {
            entry.0 += 1;
        }
    }
    let mut by_first: WordMap<Vec<&str>> = WordMap::default();
    for (n, s) in copies.into_values() {
        if n >= MIN_COPIES && (MIN_PREFIX_WORDS..=MAX_PREFIX_WORDS).contains(&words(s)) {
            by_first
                .entry(word_hash(first_word(s)))
                .or_default()
                .push(s);
        }
    }
    if by_first.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some(span) = kept.spans[line].clone() else {
            continue;
        };
        let s = &text[span.clone()];
        let Some(prefixes) = by_first.get(&word_hash(first_word(s))) else {
            continue;
        };
        // The longest chrome line the kept text starts with, glued to what follows.
        let found = prefixes
            .iter()
            .filter(|p| p.len() < s.len() && s.starts_with(**p))
            .filter(|p| glued(p, &s[p.len()..]))
            .max_by_key(|p| p.len());
        if let Some(p) = found {
            out.push(Removal {
                span: span.start..span.start + p.len(),
                rule: Detector::GluedRepeat.id().to_string(),
                line,
            });
        }
    }
    out
}

/// A line's text up to its first space or tab.
fn first_word(s: &str) -> &str {
    let end = s.bytes().position(|b| b == b' ' || b == b'\t');
    &s[..end.unwrap_or(s.len())]
}

/// Words of a line: its pieces between spaces that hold a letter.
fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(is_letter))
        .count()
}

/// The prefix runs into the rest with no space, at a seam the letters show, and the rest is
/// long enough to be a line of its own.
fn glued(prefix: &str, rest: &str) -> bool {
    let (Some(before), Some(after)) = (prefix.chars().next_back(), rest.chars().next()) else {
        return false;
    };
    if !is_letter(after) || words(rest) < MIN_REST_WORDS {
        return false;
    }
    if after.is_uppercase() || after.is_lowercase() {
        // A cased script: a capital after a letter or digit that is not one.
        after.is_uppercase() && !before.is_uppercase()
    } else {
        spaced_caseless(after)
    }
}

/// Letters of the scripts written with spaces between words and without capitals: Arabic
/// (with its supplements and presentation forms) and Hebrew.
fn spaced_caseless(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{05FF}'
        | '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seam_is_a_capital_after_a_small_letter_or_any_arabic_letter() {
        assert!(glued("Back to top", "Manchester City win the Shield"));
        assert!(glued("زر العودة للأعلى", "فريق المدينة يفوز بالكأس الكبرى"));
        // A word that goes on, a space, a short rest, a script without spaces.
        assert!(!glued("New York", "ers queue for the new bridge"));
        assert!(!glued("Back to top", " Manchester City win the Shield"));
        assert!(!glued("Back to top", "Manchester City"));
        assert!(!glued("今日の天気 予報", "東京は晴れ時々曇り明日は雨"));
        // A capital after a capital is an acronym going on, not a seam.
        assert!(!glued("NEWS ROOM", "Sales rose by a tenth this year"));
    }

    /// A tag line printed twice after a story and glued a third time to the next headline: the
    /// tag goes, the headline stays whole.
    #[test]
    fn a_repeated_tag_glued_to_a_headline_is_cut_off() {
        let text = concat!(
            "افتتاح مكتبة عامة جديدة في وسط المدينة\n",
            "أعلنت البلدية اليوم افتتاح مكتبة عامة جديدة تضم آلاف الكتب، وقالت إنها ستفتح ",
            "أبوابها للطلاب والباحثين طوال أيام الأسبوع.\n",
            "وأضافت أن المكتبة ستقدم دورات مجانية في القراءة والكتابة للأطفال، وأنها تعمل على ",
            "رقمنة مجموعاتها القديمة خلال العام المقبل.\n",
            "- أخبار محلية\n- أخبار محلية\n",
            "- أخبار محليةارتفاع أسعار الخضار في الأسواق الشعبية\n",
            "قال تجار في الأسواق الشعبية إن أسعار الخضار ارتفعت خلال الأسبوع الماضي، وعزوا ذلك ",
            "إلى تراجع الإنتاج وارتفاع تكاليف النقل.\n",
            "وأوضحوا أن الإقبال على الشراء تراجع بشكل ملحوظ، وأن كثيرا من الأسر باتت تكتفي ",
            "بالقليل من حاجاتها اليومية.\n",
        )
        .to_string();
        let out = crate::clean_text(text, &crate::RuleSet::builtin());
        let lines: Vec<&str> = out
            .documents
            .iter()
            .flat_map(|d| d.lines.iter().map(|s| &out.document.text[s.clone()]))
            .collect();
        assert!(
            lines.contains(&"ارتفاع أسعار الخضار في الأسواق الشعبية"),
            "{lines:?}"
        );
        assert!(
            !lines.iter().any(|l| l.contains("أخبار محلية")),
            "{lines:?}"
        );
        assert!(out.removals.iter().any(|r| r.rule == "glued-repeat"));
    }

    #[test]
    fn words_count_pieces_with_letters() {
        assert_eq!(words("- مرة أخرى"), 2);
        assert_eq!(words("0 comments here"), 2);
    }
}
