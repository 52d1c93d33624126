//! Properties that hold for any input: no panic, output is input minus removals, spans are sound.
//!
//! Generated dumps mix real lines of the samples, typical boilerplate and random strings (any
//! Unicode, CR, LF, NUL, bidi and zero-width marks, tatweel, ligatures), glued with every kind of
//! line ending. The same "every output line is part of an input line" check also runs on the
//! samples and on every dev dump in `../shared/dev` when that folder is there.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gharbal::output::{write_documents, Format, ViewOptions};
use gharbal::{clean_bytes, clean_text, Outcome, RuleSet};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

use super::common;
use common::invariants::{check_accounted, check_outcome};
use common::{gharbal, tree, write};

const SAMPLES: &[&str] = &[
    include_str!("../../samples/saraya-appended.txt"),
    include_str!("../../samples/guardian-valencia-fire-en.txt"),
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

/// Lines of the samples and, when the dev set is there, of every dev dump.
fn real_lines() -> Vec<&'static str> {
    static DEV: OnceLock<Vec<String>> = OnceLock::new();
    let dev = DEV.get_or_init(|| {
        dev_inputs()
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    });
    SAMPLES
        .iter()
        .copied()
        .chain(dev.iter().map(String::as_str))
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
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

/// A fixed case count and a fixed seed, so CI runs the same cases every time; set
/// `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) to explore others.
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let explore = std::env::var_os("PROPTEST_RNG_SEED").is_some();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            default.cases
        } else {
            cases
        },
        rng_seed: if explore {
            default.rng_seed
        } else {
            RngSeed::Fixed(0x0067_6861_7262_616c)
        },
        ..default
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn generated_dumps_clean_soundly(text in dump()) {
        let out = clean_text(text.clone(), rules());
        if let Err(e) = check_outcome(&text, &out).and_then(|()| check_accounted(&out)) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// A document's hits, kept in one vector, are line by line what scanning that line's key
    /// alone finds, with the NFA a process starts with and with the DFA it switches to. (Each
    /// kind of automaton is checked against the crate's own overlapping search in
    /// `rules::prefilter`'s tests.)
    #[test]
    fn phrase_hits_of_a_document_are_those_of_its_lines(text in dump()) {
        let doc = gharbal::Document::new(text);
        let keys = gharbal::text::fold::FoldedLines::new(&doc.text, doc.lines.iter().map(|l| &l.content));
        let phrases = rules().phrases();
        let whole = phrases.hits_per_line(&keys);
        // The NFA a process starts with and the DFA it switches to find the same occurrences.
        use gharbal::rules::prefilter::Phrases;
        let nfa = Phrases::with_dfa_after(&rules().rules, usize::MAX).hits_per_line(&keys);
        let dfa = Phrases::with_dfa_after(&rules().rules, 0).hits_per_line(&keys);
        prop_assert_eq!(whole.len(), doc.lines.len());
        prop_assert_eq!(nfa.len(), doc.lines.len());
        prop_assert_eq!(dfa.len(), doc.lines.len());
        for l in 0..doc.lines.len() {
            let alone = phrases.hits(keys.key(l));
            prop_assert_eq!(&whole[l], &alone[..], "line {}", l);
            prop_assert_eq!(&nfa[l], &alone[..], "NFA, line {}", l);
            prop_assert_eq!(&dfa[l], &alone[..], "DFA, line {}", l);
        }
    }

    #[test]
    fn any_bytes_clean_soundly(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let out = clean_bytes(&bytes, rules(), None);
        if let Err(e) = check_outcome(&out.document.text, &out).and_then(|()| check_accounted(&out)) {
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
        check_accounted(&out).unwrap();
    }
}

/// The dev dumps (`../shared/dev/*/input.txt`) in name order; none when the dev set is not
/// checked out next to the repository.
fn dev_inputs() -> &'static [PathBuf] {
    static INPUTS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dev");
        let Ok(entries) = std::fs::read_dir(&dev) else {
            return Vec::new();
        };
        let mut inputs: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("input.txt"))
            .filter(|p| p.is_file())
            .collect();
        inputs.sort();
        inputs
    })
}

/// Every dev dump, when the dev set is there.
#[test]
fn dev_set_outputs_only_parts_of_input_lines() {
    let inputs = dev_inputs();
    let mut failures = Vec::new();
    for path in inputs {
        let bytes = std::fs::read(path).unwrap();
        let out = clean_bytes(&bytes, rules(), None);
        if let Err(e) = check_outcome(&out.document.text, &out).and_then(|()| check_accounted(&out))
        {
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

/// `gharbal clean`'s text output for an outcome: each document, a form-feed line between two.
fn text_output(out: &Outcome) -> String {
    let mut bytes = Vec::new();
    let view = ViewOptions {
        format: Format::Text,
        nul: false,
        explain: false,
    };
    write_documents(&mut bytes, out, "-", view, true).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// Checks that cleaning `once` (gharbal's own text output) again only drops whole lines: every
/// line of the second output is a line of the first, in the same order. Returns whether the
/// second output is the same as the first (strict idempotence).
///
/// Strict idempotence does not always hold, and this is why: the splitter judges a line by its
/// neighbours, and the first pass removed some of them. A short last line of an article (a
/// cut-off sentence, a caption) that prose around it carried can stand alone the second time
/// and go as `stray-line`; a run of short headline-and-paragraph stretches can become a
/// `teaser`; a line an inline rule trimmed is shorter the second time and can fall under a line
/// rule's `max-chars`. On the dev set 2 of 126 documents lose one line this way. Document
/// boundaries (the form-feed lines) may move too: the story-start evidence of a gap counts the
/// lines the first pass removed from it, and a headline with no chrome left around it can be
/// judged again either way.
fn check_reclean(once: &str) -> Result<bool, String> {
    let twice = text_output(&clean_text(once.to_string(), rules()));
    let mut first = once.lines().filter(|l| *l != "\x0c");
    for line in twice.lines().filter(|l| *l != "\x0c") {
        if !first.any(|l| l == line) {
            return Err(format!(
                "cleaning the output again gave a line that is not a line of it, in order: {line:?}\nonce:\n{once}\ntwice:\n{twice}"
            ));
        }
    }
    Ok(twice == once)
}

/// The samples are strictly idempotent, as a whole output and document by document.
#[test]
fn cleaning_the_samples_output_again_changes_nothing() {
    for sample in SAMPLES {
        let out = clean_text(sample.to_string(), rules());
        let once = text_output(&out);
        assert_eq!(check_reclean(&once), Ok(true), "{once}");
        for d in &out.documents {
            let text = d.text(&out.document);
            let again = clean_text(text.clone(), rules());
            let texts: Vec<String> = again
                .documents
                .iter()
                .map(|d| d.text(&again.document))
                .collect();
            assert_eq!(texts, [text]);
        }
    }
}

/// Over the dev set, cleaning the output again only ever drops whole lines.
#[test]
fn cleaning_the_dev_set_output_again_only_drops_lines() {
    let mut changed = Vec::new();
    for path in dev_inputs() {
        let out = clean_bytes(&std::fs::read(path).unwrap(), rules(), None);
        match check_reclean(&text_output(&out)) {
            Ok(true) => {}
            Ok(false) => changed.push(path.display().to_string()),
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    eprintln!(
        "{} of {} dev dumps lose lines when their output is cleaned again: {changed:?}",
        changed.len(),
        dev_inputs().len()
    );
}

proptest! {
    #![proptest_config(config(96))]

    /// Over generated dumps, cleaning the output again only ever drops whole lines.
    #[test]
    fn cleaning_the_output_again_only_drops_lines(text in dump()) {
        let once = text_output(&clean_text(text, rules()));
        if let Err(e) = check_reclean(&once) {
            return Err(TestCaseError::fail(e));
        }
    }
}

proptest! {
    // Each case runs the binary four times over a tree of generated dumps.
    #![proptest_config(config(4))]

    /// A tree of generated dumps (some binary, some empty) cleaned with -j 1 and -j 2: the same
    /// files below --out, the same stream on standard output, the same messages, the same exit
    /// code; and the inputs untouched.
    #[test]
    fn batch_output_is_the_same_for_any_thread_count(
        dumps in prop::collection::vec(dump(), 1..14),
        bytes in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        for (i, text) in dumps.iter().enumerate() {
            write(input.join(format!("site{}/page{i}.txt", i % 3)), text);
        }
        write(input.join("site0/bytes.bin"), &bytes);
        let before = tree(&input);
        let run = |args: &[&str], j: &str| {
            gharbal().arg("clean").args(args).args(["-q", "-j", j]).arg(&input).output().unwrap()
        };
        let mut outs = Vec::new();
        for j in ["1", "2"] {
            let out = dir.path().join(format!("out{j}"));
            let to_files = run(&["--out", out.to_str().unwrap()], j);
            let stream = run(&["--format", "jsonl"], j);
            outs.push((to_files.status.code(), to_files.stderr, tree(&out), stream.status.code(), stream.stdout, stream.stderr));
        }
        prop_assert!(outs[0] == outs[1], "-j 1 and -j 2 differ");
        prop_assert_eq!(tree(&input), before, "inputs are never written to");
    }
}
