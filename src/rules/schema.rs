//! The rules-file format: what a `rules/*.toml` file may say, checked strictly by serde.

use serde::{Deserialize, Serialize};

/// A whole rules file: a list of `[[rule]]` tables.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

/// The pass a rule belongs to; passes run in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum PassKind {
    /// HTML input: removes a block the page's markup names as furniture (`dom = [...]`).
    Dom,
    /// Removes a whole line that matches.
    Line,
    /// Removes a run glued into a line, from the marker to the end of the line. Before blocks,
    /// so that a "read also:" run inside a comment block is credited to its own rule.
    Inline,
    /// Removes a block: a line that matches, then the form-like lines after it.
    Block,
    /// Removes a date line and keeps its text as the document's `date`.
    Date,
    /// A built-in structural detector (menus, symbol lines, repeated lines, ...).
    Structure,
}

/// Where in a line a phrase or regex must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// The line, without leading and trailing symbols, is the phrase.
    Whole,
    /// The line starts with the phrase.
    Start,
    /// The phrase stands anywhere in the line.
    #[default]
    Anywhere,
}

/// An example a rule must handle (defined with the language files, which carry examples too).
pub use crate::lang::Example;

/// One `[[rule]]` table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// Named after what it removes: `read-also-run`, `copyright-line`.
    pub id: String,
    /// One line saying what the rule removes.
    pub description: String,
    pub pass: PassKind,
    #[serde(default)]
    pub anchor: Anchor,
    /// Phrases, matched through Arabic letter variants, marks, case and spacing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Regular expressions (Rust `regex` syntax), matched on the folded line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regexes: Vec<String>,
    /// Only lines of at most this many characters are considered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
    /// Line rules: the rule fires only when at least this many lines of the input match it: a
    /// line shape that marks a list when it repeats (teasers cut short with "read more"), and
    /// may be an article's own last line when it stands alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_lines: Option<usize>,
    /// Line rules: each line the rule removes takes the headline standing right above it
    /// (blank lines between), as a teaser in a list takes its headline.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub takes_headline: bool,
    /// Block rules: phrases that keep a block going.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub continue_phrases: Vec<String>,
    /// Block rules: at most this many lines after the start line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<usize>,
    /// Date rules: words that may make up a date line (month and day names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub date_words: Vec<String>,
    /// Dom rules: the kinds of page furniture (`footer`, `comment`, ...) whose blocks the rule
    /// removes; see `gharbal::html::Hint`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dom: Vec<String>,
    /// Examples the rule must remove entirely, or trim to `keeps`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_remove: Vec<Example>,
    /// Examples the rule must leave alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_keep: Vec<String>,
    /// A line this rule removes ends the article above it: prose after it, up to the next
    /// headline, is reader comments (comment headers and forms).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ends_article: bool,
    /// A line this rule removes ends the page above it (a back-to-top button, a link to the
    /// mobile version): what follows is another page's, a document boundary.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ends_page: bool,
    /// A line this rule removes is a time stamp (a date, "3 hours ago"): in a reader-comment
    /// thread, each comment's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub time_stamp: bool,
    /// A line this rule removes closes one record of a reader-comment thread (the reply link
    /// under a comment). Two records in a row, each a time stamp, a short text and such a
    /// line, are a thread: the article above ends before it (`comment-thread`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ends_record: bool,
}
