//! The text layer: the decoded document and its lines, the folded keys rules match on, the
//! words topic and function-word counts are made of, and the kinds of page furniture a
//! page's markup marks a block as. Everything above builds on it; it builds on nothing of the
//! crate.

pub mod document;
pub mod fold;
pub mod hints;
pub mod words;
