//! The rule catalogue: every rule of a set as Markdown, generated from the rules themselves.
//!
//! `docs/rules.md` is this view of [`RuleSet::builtin`]; a test regenerates it and fails when the
//! committed file differs, so the docs cannot drift from `rules/*.toml`.

use std::fmt::Write as _;

use crate::rules::{Anchor, Example, PassKind, Rule, RuleSet};

/// The command that writes the committed catalogue.
pub const REGENERATE: &str = "cargo run -- rules list --format markdown > docs/rules.md";

/// A pass kind's name as rule files spell it.
pub fn pass_name(pass: PassKind) -> &'static str {
    match pass {
        PassKind::Dom => "dom",
        PassKind::Line => "line",
        PassKind::Block => "block",
        PassKind::Inline => "inline",
        PassKind::Date => "date",
        PassKind::Structure => "structure",
    }
}

fn anchor_name(anchor: Anchor) -> &'static str {
    match anchor {
        Anchor::Whole => "whole",
        Anchor::Start => "start",
        Anchor::Anywhere => "anywhere",
    }
}

/// What each pass does, for the catalogue's introduction.
const PASSES: &[(PassKind, &str)] = &[
    (PassKind::Dom, "HTML input: removes a block that the page's markup places in page furniture (`dom = [...]`), when its phrases (if any) match too"),
    (PassKind::Line, "removes a whole line that matches"),
    (PassKind::Inline, "removes a run glued into a line, from its marker to the end of the line"),
    (PassKind::Block, "removes a matching line and the form-like lines after it"),
    (PassKind::Date, "removes a date line and keeps its text as the document's `date`"),
    (PassKind::Structure, "a detector written in code (menus, symbol lines, repeated lines, ...), tuned by the rule's examples"),
];

/// The whole catalogue of `set` as Markdown.
pub fn markdown(set: &RuleSet) -> String {
    let mut md = String::new();
    let files = {
        let mut f: Vec<&str> = set.rules.iter().map(|r| r.source.as_str()).collect();
        f.dedup();
        f.len()
    };
    md.push_str("# Rule catalogue\n\n");
    let _ = writeln!(
        md,
        "<!-- Generated from the rule files by `gharbal rules list --format markdown`; do not edit by hand.\n     \
         Regenerate with: {REGENERATE} -->\n"
    );
    let _ = writeln!(
        md,
        "{} rules from {} files. Passes run in this order; within a pass, rules run in file order:\n",
        set.rules.len(),
        files
    );
    for (pass, what) in PASSES {
        let _ = writeln!(md, "- `{}`: {what}", pass_name(*pass));
    }
    md.push_str("\nSee why a line went with `gharbal explain FILE`, one rule with `gharbal rules show ID`.\n\n");
    md.push_str("| rule | pass | removes | file |\n|---|---|---|---|\n");
    for r in &set.rules {
        let _ = writeln!(
            md,
            "| [`{id}`](#{id}) | {} | {} | `{}` |",
            pass_name(r.spec.pass),
            table_cell(&r.spec.description),
            table_cell(&r.source),
            id = r.spec.id
        );
    }
    for r in &set.rules {
        if !md.ends_with("\n\n") {
            md.push('\n');
        }
        rule_section(&mut md, r);
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

fn rule_section(md: &mut String, r: &Rule) {
    let s = &r.spec;
    let _ = writeln!(md, "## {}\n\n{}\n", s.id, s.description.trim());
    let mut facts = vec![
        format!("pass `{}`", pass_name(s.pass)),
        format!("from `{}`", r.source),
    ];
    if s.pass != PassKind::Structure && s.pass != PassKind::Date {
        facts.push(format!("anchor `{}`", anchor_name(s.anchor)));
    }
    if let Some(n) = s.max_chars {
        facts.push(format!("lines of at most {n} characters"));
    }
    if let Some(n) = s.max_lines {
        facts.push(format!("at most {n} lines after the first"));
    }
    if let Some(n) = s.min_lines {
        facts.push(format!("only when {n} or more lines of the input match"));
    }
    if s.takes_headline {
        facts.push("with the headline right above each line".to_string());
    }
    if s.ends_article {
        facts.push(
            "ends the article: prose after it, up to a headline, is reader comments".to_string(),
        );
    }
    if s.ends_page {
        facts.push("ends the page: what follows is another document".to_string());
    }
    if s.time_stamp {
        facts.push("a time stamp, as each reader comment of a thread has".to_string());
    }
    if s.ends_record {
        facts.push("closes a reader comment: two or more in a row, each under a time stamp and a short text, are a comment thread".to_string());
    }
    let _ = writeln!(md, "{}.\n", capitalise(&facts.join(", ")));
    list(md, "Phrases", &s.phrases);
    list(md, "Regexes", &s.regexes);
    list(md, "Phrases that continue the block", &s.continue_phrases);
    list(md, "Date words", &s.date_words);
    list(md, "Page furniture (HTML)", &s.dom);
    if !s.must_remove.is_empty() {
        md.push_str("Must remove:\n\n");
        for ex in &s.must_remove {
            match ex {
                Example::Text(t) => example(md, t, None),
                Example::Trim { text, keeps } => example(md, text, Some(keeps)),
            }
        }
        md.push('\n');
    }
    if !s.must_keep.is_empty() {
        md.push_str("Must keep:\n\n");
        for t in &s.must_keep {
            example(md, t, None);
        }
        md.push('\n');
    }
}

fn list(md: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let shown: Vec<String> = items.iter().map(|i| code(i)).collect();
    let _ = writeln!(md, "{title}: {}\n", shown.join(", "));
}

fn example(md: &mut String, text: &str, keeps: Option<&String>) {
    if text.contains('\n') {
        let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
        match keeps {
            Some(k) => {
                let _ = writeln!(md, "- keeps {}:\n\n  {fence}text", code(k));
            }
            None => {
                let _ = writeln!(md, "- {fence}text");
            }
        }
        for line in text.lines() {
            let _ = writeln!(md, "  {line}");
        }
        let _ = writeln!(md, "  {fence}");
    } else {
        let _ = write!(md, "- {}", code(text));
        if let Some(k) = keeps {
            let _ = write!(md, " keeps {}", code(k));
        }
        md.push('\n');
    }
}

/// A Markdown code span that survives backticks inside and leading or trailing spaces.
fn code(s: &str) -> String {
    if s.is_empty() {
        return "(empty)".to_string();
    }
    let ticks = "`".repeat(longest_run(s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.starts_with(' ') || s.ends_with(' ') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

fn table_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_row_and_a_section() {
        let set = RuleSet::builtin();
        let md = markdown(&set);
        for r in &set.rules {
            assert!(
                md.contains(&format!("| [`{0}`](#{0}) |", r.spec.id)),
                "{}",
                r.spec.id
            );
            assert!(
                md.contains(&format!("\n## {}\n", r.spec.id)),
                "{}",
                r.spec.id
            );
        }
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(table_cell("a | b"), "a \\| b");
    }
}
