//! A document's date as written (`الجمعة 29-01-2021`, `5th, January 2025 GMT`, `Publié le 3
//! mars 2024 à 10h15`) read as ISO 8601 (`2021-01-29`, `2025-01-05`, `2024-03-03T10:15`), for
//! the `date_iso` field of JSON records. Only what can be read one way: a month by name, or
//! numbers whose order is certain (a four-digit year first, or a day over 12); `03/04/2025` is
//! left unread. A time is kept when there is one, in the date's own clock (with `Z` when the
//! text says GMT or UTC). Hijri dates next to the Gregorian one are passed over.

/// Month names (folded: lower case, Arabic hamza and alef forms as written here) and their
/// numbers, in Arabic (Egyptian and Levantine names), English and French.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
];

/// The Hijri months' names (folded), the first word of those made of two.
const HIJRI_MONTHS: &[&str] = &[
    "محرم",
    "صفر",
    "ربيع",
    "جمادى",
    "جمادي",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو",
];

/// A word of the date: a number (any script's digits), or a folded word.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(u32, usize),
    Word(String),
    /// A time of day, `hh:mm` (or `10h15`).
    Time(u32, u32),
}

fn fold_word(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            c => c,
        })
        .filter(|&c| c != 'ـ')
        .flat_map(char::to_lowercase)
        .collect()
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut digits = String::new();
    let flush = |out: &mut Vec<Token>, word: &mut String, digits: &mut String| {
        if !digits.is_empty() {
            if let Ok(n) = digits.parse() {
                out.push(Token::Number(n, digits.len()));
            }
            digits.clear();
        }
        if !word.is_empty() {
            // 5th, 1st, 1er: the number stands; the suffix is no word.
            let w = fold_word(word);
            let ordinal = matches!(w.as_str(), "st" | "nd" | "rd" | "th" | "er" | "e");
            if !(ordinal && matches!(out.last(), Some(Token::Number(..)))) {
                out.push(Token::Word(w));
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if let Some(d) = c.to_digit(10).or_else(|| arabic_digit(c)) {
            if !word.is_empty() {
                flush(&mut out, &mut word, &mut digits);
            }
            digits.push(char::from_digit(d, 10).unwrap_or('0'));
        } else if c.is_alphabetic() {
            if !digits.is_empty() {
                flush(&mut out, &mut word, &mut digits);
            }
            word.push(c);
        } else {
            flush(&mut out, &mut word, &mut digits);
            if c == ':' {
                out.push(Token::Word(":".into()));
            }
        }
    }
    flush(&mut out, &mut word, &mut digits);
    // hh:mm and 10h15 are times.
    let mut merged = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        if let (Some(Token::Number(h, _)), Some(Token::Word(sep)), Some(Token::Number(m, 2))) =
            (out.get(i), out.get(i + 1), out.get(i + 2))
        {
            if (sep == ":" || sep == "h") && *h < 24 && *m < 60 {
                merged.push(Token::Time(*h, *m));
                i += 3;
                continue;
            }
        }
        merged.push(out[i].clone());
        i += 1;
    }
    merged
}

/// Eastern Arabic and Persian digits.
fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        _ => None,
    }
}

fn month_of(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == word).map(|&(_, n)| n)
}

/// The Levantine names made of two words: كانون الثاني (January), تشرين الأول (October), ...
fn levantine(first: &str, second: &str) -> Option<u32> {
    match (first, second) {
        ("كانون", "الثاني") => Some(1),
        ("كانون", "الاول") => Some(12),
        ("تشرين", "الاول") => Some(10),
        ("تشرين", "الثاني") => Some(11),
        _ => None,
    }
}

fn plausible_year(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date of `text` in ISO 8601, when it can be read one way only.
pub fn iso_date(text: &str) -> Option<String> {
    // An ISO date (or date-time) is returned as it is.
    let t = text.trim();
    if t.len() >= 10
        && t.as_bytes()[4] == b'-'
        && t.as_bytes()[7] == b'-'
        && t[..4].bytes().all(|b| b.is_ascii_digit())
    {
        let num = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<u32>().ok());
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if plausible_year(y) && (1..=12).contains(&m) && d >= 1 && d <= days_in(m, y) {
            return Some(t.to_string());
        }
    }
    // Hijri dates are left out: a day, a Hijri month and a year, up to the mark هـ.
    let mut toks = tokens(text);
    if let Some(h) = toks
        .iter()
        .position(|t| matches!(t, Token::Word(w) if w == "هـ" || w == "ه"))
    {
        let from = toks[..h]
            .iter()
            .position(|t| matches!(t, Token::Word(w) if HIJRI_MONTHS.contains(&w.as_str())))
            .map(|k| {
                if k > 0 && matches!(toks[k - 1], Token::Number(..)) {
                    k - 1
                } else {
                    k
                }
            })
            .unwrap_or(h.saturating_sub(1));
        toks.drain(from..=h);
    }
    let date = by_name(&toks).or_else(|| by_numbers(&toks))?;
    let (y, m, d) = date;
    if !plausible_year(y) || !(1..=12).contains(&m) || d == 0 || d > days_in(m, y) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}-{d:02}");
    if let Some((h, min)) = time_of(&toks) {
        out.push_str(&format!("T{h:02}:{min:02}"));
        if toks
            .iter()
            .any(|t| matches!(t, Token::Word(w) if w == "gmt" || w == "utc" || w == "غرينتش"))
        {
            out.push('Z');
        }
    }
    Some(out)
}

/// A date with its month by name: the day is the small number next to the month, the year
/// the four-digit one.
fn by_name(toks: &[Token]) -> Option<(u32, u32, u32)> {
    let mut month = None;
    for (i, t) in toks.iter().enumerate() {
        if let Token::Word(w) = t {
            let next = match toks.get(i + 1) {
                Some(Token::Word(n)) => n.as_str(),
                _ => "",
            };
            if let Some(m) = levantine(w, next).or_else(|| month_of(w)) {
                month = Some((i, m));
                break;
            }
        }
    }
    let (at, m) = month?;
    let years: Vec<u32> = toks
        .iter()
        .filter_map(|t| match t {
            Token::Number(y, 4) if plausible_year(*y) => Some(*y),
            _ => None,
        })
        .collect();
    let [y] = years[..] else {
        return None;
    };
    let small = |t: Option<&Token>| match t {
        Some(Token::Number(d, len)) if *len <= 2 && (1..=31).contains(d) => Some(*d),
        _ => None,
    };
    // "5 January", "January 5", "le 3 mars": the number just before the month, else just after
    // (or after a second month word: كانون الثاني).
    let before = at.checked_sub(1).and_then(|i| small(toks.get(i)));
    let after = small(toks.get(at + 1)).or_else(|| small(toks.get(at + 2)));
    let d = before.or(after)?;
    Some((y, m, d))
}

/// A date of numbers: `2021-01-29`, `29-01-2021`, `29/01/2021`; the order must be certain.
fn by_numbers(toks: &[Token]) -> Option<(u32, u32, u32)> {
    for w in toks.windows(3) {
        let [Token::Number(a, la), Token::Number(b, lb), Token::Number(c, lc)] = w else {
            continue;
        };
        if *la == 4 && *lb <= 2 && *lc <= 2 {
            return Some((*a, *b, *c));
        }
        if *lc == 4 && *la <= 2 && *lb <= 2 {
            return match (*a > 12, *b > 12) {
                (true, false) => Some((*c, *b, *a)),
                (false, true) => Some((*c, *a, *b)),
                _ if a == b => Some((*c, *a, *b)),
                _ => None,
            };
        }
    }
    None
}

/// The time of day, on a 24-hour clock (12-hour with am/pm, ص/م).
fn time_of(toks: &[Token]) -> Option<(u32, u32)> {
    let i = toks.iter().position(|t| matches!(t, Token::Time(..)))?;
    let Token::Time(mut h, m) = toks[i] else {
        return None;
    };
    let next = match toks.get(i + 1) {
        Some(Token::Word(w)) => w.as_str(),
        _ => "",
    };
    match next {
        "pm" | "م" | "مساء" | "مساءً" if h < 12 => h += 12,
        "am" | "ص" | "صباحا" | "صباحاً" if h == 12 => h = 0,
        _ => {}
    }
    Some((h, m))
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn dates_with_month_names_in_three_languages() {
        for (text, iso) in [
            ("5th, January 2025 GMT", "2025-01-05"),
            ("Published: March 3, 2024 at 10:15 am", "2024-03-03T10:15"),
            ("Updated 3:05 PM GMT, 12 Feb 2023", "2023-02-12T15:05Z"),
            ("Publié le 3 mars 2024 à 10h15", "2024-03-03T10:15"),
            ("1er août 2025", "2025-08-01"),
            ("الثلاثاء 11 مارس 2025 - 09:40", "2025-03-11T09:40"),
            ("1 أيلول 2025", "2025-09-01"),
            ("٢٢ كانون الثاني ٢٠٢٤", "2024-01-22"),
            (
                "السبت 31 يناير 2026 09:16 مـ 12 شعبان 1447 هـ",
                "2026-01-31T21:16",
            ),
            ("الخميس 13 رمضان 1446 هـ - 13 مارس 2025", "2025-03-13"),
        ] {
            assert_eq!(iso_date(text).as_deref(), Some(iso), "{text}");
        }
    }

    #[test]
    fn numeric_dates_only_when_the_order_is_certain() {
        assert_eq!(iso_date("الجمعة 29-01-2021").as_deref(), Some("2021-01-29"));
        assert_eq!(iso_date("2021/01/29").as_deref(), Some("2021-01-29"));
        assert_eq!(iso_date("01/29/2021").as_deref(), Some("2021-01-29"));
        assert_eq!(iso_date("03/04/2025"), None, "day and month could swap");
        assert_eq!(iso_date("05/05/2025").as_deref(), Some("2025-05-05"));
        assert_eq!(
            iso_date("2025-03-02T09:30:00Z").as_deref(),
            Some("2025-03-02T09:30:00Z"),
            "an ISO date stays as it is"
        );
    }

    #[test]
    fn what_is_not_a_date_is_not_read() {
        for text in [
            "منذ سنتين",
            "31 February 2024",
            "Monday",
            "12 comments",
            "1447 هـ",
        ] {
            assert_eq!(iso_date(text), None, "{text}");
        }
    }
}
