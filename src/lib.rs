//! gharbal turns scraped web dumps into clean documents.
//!
//! A [`RuleSet`] (built-in rule files plus a user's) drives a pipeline of passes that find
//! removals over the original text; the engine cuts the rest into documents. Every output line is
//! an input line or a contiguous part of one, and every removal names the rule that made it.
//!
//! ```
//! let rules = gharbal::RuleSet::builtin();
//! let out = gharbal::clean_text("Home\nNews\nSport\n".to_string(), &rules);
//! assert!(out.documents.is_empty());
//! ```

pub mod engine;
pub mod examples;
pub mod features;
pub mod html;
pub mod input;
pub mod keywords;
pub mod lang;
pub mod learn;
pub mod output;
pub mod passes;
pub mod rules;
pub mod split;
pub mod text;
pub mod topic;

pub use engine::{
    clean_bytes, clean_input, clean_page, clean_text, CleanDocument, InputFormat, InputKind,
    Outcome, ReadOptions,
};
pub use passes::Removal;
pub use rules::{RuleError, RuleSet};
pub use text::document::{Document, Span};
