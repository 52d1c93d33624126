//! Date lines: "Published: 5 January 2025", "تاريخ النشر: ...", or a line that is only a date.
//! They are metadata: removed from the text and offered to the document as its `date`.

use super::{remove_line, Context, Kept, Removal};
use crate::rules::{Anchor, PassKind, Rule, RuleSet};

/// A date line found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    pub line: usize,
    /// The date as written, without its label.
    pub value: String,
}

pub fn run(ctx: &Context, kept: &Kept, rules: &RuleSet) -> (Vec<Removal>, Vec<DateLine>) {
    let rules: Vec<_> = rules.of(PassKind::Date).collect();
    let mut removals = Vec::new();
    let mut dates = Vec::new();
    for line in 0..ctx.doc.lines.len() {
        let Some((key, offset)) = ctx.kept_key(kept, line) else {
            continue;
        };
        // Both kinds of date line hold a number: most lines are out at once.
        if !ctx.keys.numeric(line) {
            continue;
        }
        let chars = ctx.chars(kept, line);
        for rule in &rules {
            if rule.spec.max_chars.is_some_and(|m| chars > m) {
                continue;
            }
            let span = kept.spans[line].clone().expect("kept");
            let value = if let Some((_, e)) = rule.pattern.find(key, Anchor::Start) {
                let rest_start = ctx.keys.with_map(line, &ctx.doc.text).orig_end(offset + e);
                let rest_start = rest_start.min(span.end);
                let rest = ctx.doc.text[rest_start..span.end]
                    .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '-');
                has_number(rest).then(|| rest.trim().to_string())
            } else if is_bare_date(key, rule) {
                Some(ctx.doc.text[span].to_string())
            } else {
                None
            };
            if let Some(value) = value {
                removals.extend(remove_line(kept, line, rule.id()));
                dates.push(DateLine { line, value });
                break;
            }
        }
    }
    (removals, dates)
}

fn has_number(s: &str) -> bool {
    s.chars().any(crate::text::fold::is_number)
}

/// A line made only of numbers, date words (months, days, am/pm) and separators, with a
/// number that can be a day or a year.
fn is_bare_date(key: &str, rule: &Rule) -> bool {
    if rule.date_words.is_empty() {
        return false;
    }
    let mut numbers = 0;
    let mut words = 0;
    let mut others = 0;
    for tok in key
        .split(|c: char| !crate::text::fold::is_letter_or_digit(c))
        .filter(|t| !t.is_empty())
    {
        if tok.chars().all(|c| c.is_ascii_digit()) {
            numbers += 1;
        } else if rule.date_words.find(tok, Anchor::Whole).is_some() {
            words += 1;
        } else if tok
            .chars()
            .all(|c| c.is_ascii_digit() || crate::text::fold::is_letter(c))
            && tok.chars().take_while(|c| c.is_ascii_digit()).count() > 0
        {
            // "5th", "1436هـ"
            numbers += 1;
        } else {
            others += 1;
        }
        if others > 1 || numbers + words + others > 10 {
            // Already more than a date line holds: no need to look at the rest.
            return false;
        }
    }
    (numbers >= 2 || (numbers >= 1 && words >= 1))
        && others <= 1
        && numbers + words + others <= 10
        && others * 3 <= numbers + words
}
