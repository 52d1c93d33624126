//! The structure rules implemented in code. A `pass = "structure"` rule in a rules file names
//! one of them by its id; the code asks for them by variant, so that a misspelt id is a compile
//! error rather than a detector silently turned off.

/// A structural detector: what a `pass = "structure"` rule switches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detector {
    SymbolLine,
    TableResidue,
    GluedRepeat,
    RepeatedLine,
    ShortLineRun,
    StrayLine,
    Teaser,
    IndexPage,
    ReaderComment,
    CommentThread,
    OutsideMain,
    LinkParagraph,
}

impl Detector {
    /// Every detector, in the order the rules files list them.
    pub const ALL: [Detector; 12] = [
        Detector::SymbolLine,
        Detector::TableResidue,
        Detector::GluedRepeat,
        Detector::RepeatedLine,
        Detector::ShortLineRun,
        Detector::StrayLine,
        Detector::Teaser,
        Detector::IndexPage,
        Detector::ReaderComment,
        Detector::CommentThread,
        Detector::OutsideMain,
        Detector::LinkParagraph,
    ];

    /// The rule id that switches it on, and that its removals carry.
    pub const fn id(self) -> &'static str {
        match self {
            Detector::SymbolLine => "symbol-line",
            Detector::TableResidue => "table-residue",
            Detector::GluedRepeat => "glued-repeat",
            Detector::RepeatedLine => "repeated-line",
            Detector::ShortLineRun => "short-line-run",
            Detector::StrayLine => "stray-line",
            Detector::Teaser => "teaser",
            Detector::IndexPage => "index-page",
            Detector::ReaderComment => "reader-comment",
            Detector::CommentThread => "comment-thread",
            Detector::OutsideMain => "outside-main",
            Detector::LinkParagraph => "link-paragraph",
        }
    }

    /// The detector a rule id names, if any.
    pub fn from_id(id: &str) -> Option<Detector> {
        Detector::ALL.into_iter().find(|d| d.id() == id)
    }

    /// The ids of every detector, for a message that lists them.
    pub fn ids() -> impl Iterator<Item = &'static str> {
        Detector::ALL.into_iter().map(Detector::id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_one_detector_each_and_read_back() {
        for d in Detector::ALL {
            assert_eq!(Detector::from_id(d.id()), Some(d));
        }
        let mut ids: Vec<_> = Detector::ids().collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Detector::ALL.len());
        assert_eq!(Detector::from_id("teasers"), None);
    }

    #[test]
    fn every_detector_has_a_built_in_rule() {
        let set = crate::RuleSet::builtin();
        for d in Detector::ALL {
            assert!(set.detects(d), "no built-in structure rule `{}`", d.id());
        }
    }
}
