//! Inputs that must never crash the library: nothing, white space, one huge line, bad bytes.

use std::time::Instant;

use gharbal::{clean_bytes, clean_text, Outcome, RuleSet};

use super::common;
use common::invariants::{check_accounted, check_outcome};

/// Everything that must hold of any outcome (tests/common/invariants.rs).
fn assert_sound(out: &Outcome) {
    let checked = check_outcome(&out.document.text, out).and_then(|()| check_accounted(out));
    if let Err(e) = checked {
        panic!("{e}");
    }
}

#[test]
fn empty_input() {
    let rules = RuleSet::builtin();
    let out = clean_text(String::new(), &rules);
    assert!(out.documents.is_empty() && out.removals.is_empty());
    let out = clean_bytes(b"", &rules, None);
    assert!(out.documents.is_empty() && out.replaced.is_empty());
    // A lone byte-order mark is empty too.
    let out = clean_bytes(b"\xEF\xBB\xBF", &rules, None);
    assert!(out.documents.is_empty() && out.replaced.is_empty());
}

#[test]
fn only_white_space() {
    let rules = RuleSet::builtin();
    for text in [
        " ",
        "\n",
        "\r\n\r\n",
        "\r\r\r",
        " \t \n\t\r\n   \u{A0}\u{3000}\u{2003}\n\u{200F}\u{200B}\n",
    ] {
        let out = clean_text(text.to_string(), &rules);
        assert!(out.documents.is_empty(), "{text:?}: {:?}", out.documents);
        assert_sound(&out);
    }
}

/// One 50 MB line (a page whose flattener dropped every line break) must neither panic nor
/// take long: the budget is generous for a debug build on a slow, busy machine.
#[test]
fn fifty_megabyte_single_line() {
    const SIZE: usize = 50 * 1024 * 1024;
    let sentence = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة، ثم أضاف: The talks resume in Geneva. ";
    let mut text = String::with_capacity(SIZE + sentence.len());
    while text.len() < SIZE {
        text.push_str(sentence);
    }
    let rules = RuleSet::builtin();
    let started = Instant::now();
    let out = clean_bytes(text.as_bytes(), &rules, None);
    let took = started.elapsed();
    assert_eq!(out.document.text.len(), text.len());
    assert!(out.documents.len() <= 1);
    assert_sound(&out);
    eprintln!("50 MB single line cleaned in {took:.2?}");
    // Linear work takes about 85 s in a debug build here; quadratic work would take hours.
    assert!(took.as_secs() < 300, "a 50 MB line took {took:.2?}");
}

#[test]
fn invalid_utf8_becomes_replacement_characters() {
    let rules = RuleSet::builtin();
    let mut bytes =
        "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لمناقشة الأوضاع الاقتصادية.\n"
            .as_bytes()
            .to_vec();
    bytes.extend_from_slice(b"abc \xff\xfe\xfd \xc3\x28 \xe2\x82 \xf0\x90\x80 \xed\xa0\x80 end\n");
    // A multi-byte character cut at the end of the input.
    bytes.extend_from_slice(&"ب".as_bytes()[..1]);
    let out = clean_bytes(&bytes, &rules, Some(encoding_rs::UTF_8));
    assert!(out.replaced.invalid > 0);
    assert!(out.document.text.contains('\u{FFFD}'));
    assert_sound(&out);
    // Detection may pick another encoding, but never panics.
    let out = clean_bytes(&bytes, &rules, None);
    assert_sound(&out);
}

#[test]
fn binary_bytes() {
    let rules = RuleSet::builtin();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    // A fixed pseudo-random stream (xorshift), so the test is hermetic and repeatable.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push(x as u8);
    }
    for forced in [
        None,
        Some(encoding_rs::UTF_8),
        Some(encoding_rs::UTF_16LE),
        Some(encoding_rs::WINDOWS_1256),
    ] {
        let out = clean_bytes(&bytes, &rules, forced);
        assert_sound(&out);
    }
    // UTF-16 with a BOM, an odd length and lone surrogates.
    let out = clean_bytes(b"\xFF\xFE\x00\xD8a\x00\x00\xDC\x0a", &rules, None);
    assert!(out.replaced.invalid > 0);
    assert_sound(&out);
    // NUL bytes inside text.
    let out = clean_text(
        "Talks\0resume\n\0\0\0\nThe minister said\0 on Sunday.".to_string(),
        &rules,
    );
    assert_sound(&out);
}

/// Found by the `clean` fuzz target: an inline rule whose marker follows only symbols (NULs
/// here, a `•` or `»` on real pages) left those symbols removed with no rule naming them. They
/// now belong to the removal of the rule that emptied the line.
#[test]
fn symbols_before_an_inline_marker_are_credited_to_its_rule() {
    let rules = RuleSet::builtin();
    let article = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لمناقشة الأوضاع الاقتصادية، وأضاف أن الحكومة ستعلن قراراتها بعد انتهاء المشاورات مع الأطراف المعنية.\n";
    for residue in ["\0\0\0\0\0\0", "• ", "»» | "] {
        let text = format!("{article}{residue}اقرأ أيضا: خبر آخر\n{article}");
        let out = clean_text(text.clone(), &rules);
        assert_sound(&out);
        let line = &out.document.lines[1];
        let on_line: Vec<_> = out.removals.iter().filter(|r| r.line == 1).collect();
        assert!(
            on_line.iter().any(|r| r.span.start == line.content.start),
            "{residue:?}: {on_line:?}"
        );
    }
}
