//! Properties that hold for any input: no panic, output is input minus removals, spans are sound.
//!
//! Generated dumps mix real lines of the samples, typical boilerplate and random strings (any
//! Unicode, CR, LF, NUL, bidi and zero-width marks, tatweel, ligatures), glued with every kind of
//! line ending. The same "every output line is part of an input line" check also runs on the
//! samples and on every dev dump in `../shared/dev` when that folder is there.

use std::path::Path;
use std::sync::OnceLock;

use gharbal::{clean_bytes, clean_text, Outcome, RuleSet};
use proptest::prelude::*;

const SAMPLES: &[&str] = &[
    include_str!("../samples/saraya-appended.txt"),
    include_str!("../samples/guardian-valencia-fire-en.txt"),
];

/// Lines a scraped page is full of; each is caught by some built-in rule or detector.
const BOILERPLATE: &[&str] = &[
    "إقرأ أيضاً : استشهاد 10 صحفيين في 84 جريمة إقرأ أيضاً : العدوان على غزة يدخل يومه 457",
    "اقرا ايضا: خبر آخر",
    "جميع حقوق النشر محفوظة لدى موقع الوكالة © 2025",
    "سياسة الخصوصية",
    "المصدر: وكالة أنباء سرايا الإخبارية",
    "تاريخ النشر: 5th, January 2025 GMT",
    "1 - | ترحب \"سرايا\" بتعليقاتكم الإيجابية في هذه الزاوية | 05-01-2025 09:11 AM سرايا |",
    "الاسم : * | |",
    "البريد الالكتروني : | |",
    "رمز التحقق : | أكتب الرمز : |",
    "لا يوجد تعليقات |",
    "اضافة |",
    "الآراء والتعليقات المنشورة تعبر عن آراء أصحابها فقط",
    "الرئيسية » أخبار » سياسة",
    "شارك",
    "| |",
    "* * *",
    "0",
    "Home",
    "World",
    "Share on Facebook Share on Twitter",
    "Read more: Talks to resume in Geneva next week",
    "© 2024 Example Media. All rights reserved.",
    "Privacy Policy | Terms of Use",
    "Sign up for our newsletter",
    "We use cookies to improve your experience. Accept",
    "Published: March 3, 2024 at 10:15 am",
    "Tous droits réservés - Le Journal",
    "Lire aussi : Le gouvernement annonce un plan",
];

/// Characters that stress decoding, folding and line splitting.
const AWKWARD: &[char] = &[
    '\r',
    '\n',
    '\0',
    '\t',
    ' ',
    '\u{A0}',
    '\u{3000}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2069}',
    '\u{061C}',
    '\u{FEFF}',
    '\u{00AD}',
    '\u{0640}',
    '\u{064B}',
    '\u{0651}',
    '\u{FFFD}',
    'ﻻ',
    'ﷺ',
    'ﷲ',
    'İ',
    'ß',
    'ǅ',
    '©',
    '|',
    '،',
    '؛',
    '؟',
    '.',
    ':',
    '»',
    '«',
    '٢',
    '۹',
    'ة',
    'ى',
    'أ',
    'إ',
    'آ',
    'ٱ',
    '\u{1F600}',
    '\u{10FFFF}',
    '\u{E000}',
    '\u{0301}',
];

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

fn real_lines() -> Vec<&'static str> {
    SAMPLES
        .iter()
        .flat_map(|s| s.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Splits text into lines the way the tool does (LF, CRLF, CR), trimmed.
fn input_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Checks what must hold of any outcome of cleaning `text` (the decoded input).
fn check_outcome(text: &str, out: &Outcome) -> Result<(), String> {
    if out.document.text != text {
        return Err("the outcome's text is not the input text".into());
    }
    let len = text.len();
    for r in &out.removals {
        let s = &r.span;
        if !(s.start <= s.end
            && s.end <= len
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end))
        {
            return Err(format!(
                "removal {r:?} is not a span on char boundaries within {len} bytes"
            ));
        }
        let Some(line) = out.document.lines.get(r.line) else {
            return Err(format!(
                "removal {r:?} names line {} of {}",
                r.line,
                out.document.lines.len()
            ));
        };
        if s.start < line.full.start || s.end > line.full.end {
            return Err(format!("removal {r:?} is outside its line {:?}", line.full));
        }
    }
    let indexes: Vec<usize> = out.documents.iter().map(|d| d.index).collect();
    let expected: Vec<usize> = (1..=out.documents.len()).collect();
    if indexes != expected {
        return Err(format!("document indexes {indexes:?}"));
    }
    let lines = input_lines(text);
    let part_of_input = |piece: &str| {
        let piece = piece.trim();
        piece.is_empty() || lines.iter().any(|l| l.contains(piece))
    };
    for d in &out.documents {
        for span in d.lines.iter().chain(&d.title) {
            if !(span.start <= span.end
                && span.end <= len
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end))
            {
                return Err(format!(
                    "document {} has a span {span:?} off char boundaries",
                    d.index
                ));
            }
        }
        for line in d.text(&out.document).split('\n') {
            if !part_of_input(line) {
                return Err(format!(
                    "document {}: output line {line:?} is not part of any input line",
                    d.index
                ));
            }
        }
        if !part_of_input(d.title_text(&out.document)) {
            return Err(format!(
                "document {}: the title is not part of any input line",
                d.index
            ));
        }
    }
    Ok(())
}

fn awkward_string() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        3 => any::<char>(),
        3 => prop::char::range('\u{0600}', '\u{06FF}'),
        1 => prop::char::range('\u{FB50}', '\u{FEFC}'),
        2 => prop::char::range('a', 'z'),
        3 => prop::sample::select(AWKWARD),
    ];
    prop::collection::vec(ch, 0..48).prop_map(|cs| cs.into_iter().collect())
}

fn piece() -> impl Strategy<Value = String> {
    let real = real_lines();
    prop_oneof![
        4 => prop::sample::select(real.clone()).prop_map(str::to_string),
        // A real line cut short or glued to random text.
        1 => (prop::sample::select(real), any::<prop::sample::Index>(), awkward_string()).prop_map(|(l, i, tail)| {
            let cut = l.char_indices().map(|(b, _)| b).nth(i.index(l.chars().count().max(1))).unwrap_or(l.len());
            format!("{}{tail}", &l[..cut])
        }),
        2 => prop::sample::select(BOILERPLATE).prop_map(str::to_string),
        2 => awkward_string(),
    ]
}

/// A dump: pieces joined by LF, CRLF, CR, blank lines, or glued with no break at all.
fn dump() -> impl Strategy<Value = String> {
    let ending = prop::sample::select(&["\n", "\n", "\n", "\r\n", "\r", "\n\n", "", " "][..]);
    prop::collection::vec((piece(), ending), 0..36).prop_map(|parts| {
        parts.into_iter().fold(String::new(), |mut s, (p, e)| {
            s.push_str(&p);
            s.push_str(e);
            s
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_dumps_clean_soundly(text in dump()) {
        let out = clean_text(text.clone(), rules());
        if let Err(e) = check_outcome(&text, &out) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn any_bytes_clean_soundly(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let out = clean_bytes(&bytes, rules(), None);
        if let Err(e) = check_outcome(&out.document.text, &out) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn generated_dumps_in_legacy_encodings_clean_soundly(text in dump(), which in 0usize..4) {
        let enc = [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6, encoding_rs::UTF_16LE, encoding_rs::UTF_16BE][which];
        let bytes: Vec<u8> = if enc == encoding_rs::UTF_16LE {
            [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
        } else if enc == encoding_rs::UTF_16BE {
            [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect()
        } else {
            enc.encode(&text).0.into_owned()
        };
        let out = clean_bytes(&bytes, rules(), Some(enc));
        if let Err(e) = check_outcome(&out.document.text, &out) {
            return Err(TestCaseError::fail(e));
        }
    }
}

#[test]
fn samples_output_only_parts_of_input_lines() {
    for sample in SAMPLES {
        let out = clean_text(sample.to_string(), rules());
        assert!(!out.documents.is_empty());
        check_outcome(sample, &out).unwrap();
    }
}

/// Every dev dump, when the dev set is checked out next to the repository.
#[test]
fn dev_set_outputs_only_parts_of_input_lines() {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dev");
    let Ok(entries) = std::fs::read_dir(&dev) else {
        return;
    };
    let mut inputs: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("input.txt"))
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    let mut failures = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let out = clean_bytes(&bytes, rules(), None);
        if let Err(e) = check_outcome(&out.document.text, &out) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} dev dumps:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}
