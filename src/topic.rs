//! Topic words of a text and how much two texts share: the evidence that a new page started.

use std::collections::HashSet;

use crate::features::is_function_word;
use crate::fold::fold;

/// Arabic proclitics stripped before comparing words (longest first).
const PREFIXES: [&str; 10] = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف"];
/// Arabic suffixes stripped before comparing words (longest first).
const SUFFIXES: [&str; 7] = ["هما", "ات", "ون", "ين", "ها", "هم", "ه"];

/// The content words of a text, folded and lightly stemmed.
pub fn topic_words(text: &str) -> HashSet<String> {
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_alphabetic()) && !is_function_word(w))
        .map(stem)
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

fn stem(word: &str) -> String {
    let mut w = word;
    let is_arabic = w.chars().next().is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if is_arabic {
        for p in PREFIXES {
            if let Some(rest) = w.strip_prefix(p) {
                if rest.chars().count() >= 3 {
                    w = rest;
                    break;
                }
            }
        }
        for s in SUFFIXES {
            if let Some(rest) = w.strip_suffix(s) {
                if rest.chars().count() >= 3 {
                    w = rest;
                    break;
                }
            }
        }
        w.to_string()
    } else {
        w.trim_end_matches('s').to_string()
    }
}

/// Share of the smaller set's words found in the other set (0 when either is empty).
pub fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|w| large.contains(*w)).count() as f32 / small.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_do_not_hide_shared_words() {
        let a = topic_words("اهوار العراق، دُرر العراق");
        let b = topic_words("دعيت لزيارة منطقة الاهوار في العراق");
        assert!(overlap(&a, &b) >= 0.5, "{a:?} {b:?}");
    }

    #[test]
    fn unrelated_texts_share_little() {
        let a = topic_words("رونالدو يتهم بينيتيز بمعاداة البرتغاليين في مران الفريق");
        let b = topic_words("وزارة التعليم تطلق برنامج رفق الإرشادي لخفض العنف في المدارس");
        assert!(overlap(&a, &b) < 0.1);
    }
}
