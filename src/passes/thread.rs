//! Reader-comment threads without a header (`comment-thread`): comments printed one after the
//! other, each a record of a name, a time stamp, a short text and a reply link. The rule passes
//! have removed the stamps (rules with `time-stamp = true`) and the reply links (rules with
//! `ends-record = true`); what is left between them is the comments' text, which reads like
//! prose and would stay with the article above.
//!
//! Two records or more in a row are a thread. A record is one of two layouts:
//! - the stamp above the text: an optional name line, the stamp, one to [`MAX_TEXT_LINES`]
//!   lines of text, the reply link;
//! - the stamp under the text: one to [`MAX_TEXT_LINES`] + 1 lines (a name and the text), the
//!   stamp, the reply link.
//!
//! A thread ends the article above it at its first record. Each mark is an
//! [`Ends::Thread`](crate::split::Ends) point: the splitter takes the prose after it, up to the
//! next headline, for reader comments unless it reads as a story (a lead verb, a dateline, a
//! run of paragraphs), and credits its removal to `comment-thread`. The commenters' names go
//! too, or they would pass for the headlines of short stories. A thread that opens the page
//! keeps its first record (a forum's first post). A lone reply link is no thread: a share bar
//! or a page's own "reply" button stands alone, a comment thread repeats.

use super::Kept;
use crate::rules::{Detector, RuleSet};
use crate::text::document::Document;

/// The lines of one comment's text, at most (a comment is a few sentences; a record with more
/// lines between its stamp and its reply link is read as no record).
pub const MAX_TEXT_LINES: usize = 3;
/// Records in a row that make a thread.
pub const MIN_RECORDS: usize = 2;
/// A commenter's name line: at most this many characters and words.
const NAME_CHARS: usize = 60;
const NAME_WORDS: usize = 6;

/// What a line is to a comment record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A kept line: the comment's text, or a name when `short`.
    Text { short: bool },
    /// A line removed as a time stamp.
    Stamp,
    /// A line removed as a reply link: the record's end.
    End,
}

impl Part {
    /// A short kept line: where a name may stand.
    fn is_name(self) -> bool {
        self == Part::Text { short: true }
    }
}

/// One record: where its marks go.
#[derive(Debug, Clone, Copy)]
struct Record {
    /// The index (in the parts) of its first part.
    first: usize,
    /// The index of its end.
    end: usize,
    /// The stamp stands above the text: the first record's is where the article ends.
    stamp_first: bool,
    /// The index of its name line, if it has one.
    name: Option<usize>,
    /// The index of its stamp, and the text lines right above it.
    stamp: usize,
    above: usize,
}

/// The comment threads of a text: where the article above ends, and the commenters' names.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Threads {
    /// The lines after which the text is reader comments: for each thread, the stamp of its
    /// first record when it stands above the text, and the reply link closing every record
    /// but the last.
    pub marks: Vec<usize>,
    /// The records' name lines (kept by the rule passes): removed with the thread, or they
    /// would pass for the headlines of short stories.
    pub names: Vec<usize>,
}

/// The lines the rule passes removed as parts of comment records (in any order).
#[derive(Debug, Default)]
pub struct RecordLines {
    /// Removed by a rule with `time-stamp = true`.
    pub stamps: Vec<usize>,
    /// Removed by a rule with `ends-record = true`.
    pub ends: Vec<usize>,
}

/// The comment threads in what the rule passes left of `doc`. Without a reply link there is
/// none, and nothing is read.
pub fn find(doc: &Document, kept: &Kept, records: RecordLines, rules: &RuleSet) -> Threads {
    if records.ends.is_empty() || !rules.detects(Detector::CommentThread) {
        return Threads::default();
    }
    let mut role: Vec<Option<Part>> = kept
        .spans
        .iter()
        .map(|s| {
            s.as_ref().map(|s| Part::Text {
                short: is_name(&doc.text[s.clone()]),
            })
        })
        .collect();
    // Only a line removed whole is a stamp or a link.
    for (lines, part) in [(records.stamps, Part::Stamp), (records.ends, Part::End)] {
        for line in lines {
            if kept.spans[line].is_none() {
                role[line] = Some(part);
            }
        }
    }
    let parts: Vec<(usize, Part)> = role
        .iter()
        .enumerate()
        .filter_map(|(line, p)| p.map(|p| (line, p)))
        .collect();
    marks(&parts)
}

/// Whether a line could be a commenter's name: a few words ("Mary K.", "أبو خالد"). Where a
/// name may stand, the other choice is a paragraph of the article above or of a comment.
fn is_name(text: &str) -> bool {
    text.len() <= 4 * NAME_CHARS
        && text.chars().count() <= NAME_CHARS
        && text.split_whitespace().count() <= NAME_WORDS
}

/// [`find`] over the parts of a text, in line order.
fn marks(parts: &[(usize, Part)]) -> Threads {
    let mut out = Threads::default();
    let mut run: Vec<Record> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for (k, &(_, part)) in parts.iter().enumerate() {
        if part != Part::End {
            continue;
        }
        let floor = prev_end.map_or(0, |e| e + 1);
        match record_before(parts, k, floor) {
            // A record right after the last one's end carries the thread on.
            Some(r) if run.last().is_some_and(|last| r.first == last.end + 1) => run.push(r),
            found => {
                close(&run, parts, &mut out);
                run = found.into_iter().collect();
            }
        }
        prev_end = Some(k);
    }
    close(&run, parts, &mut out);
    out
}

/// The record that ends at part `end`, reading back no further than part `floor`.
fn record_before(parts: &[(usize, Part)], end: usize, floor: usize) -> Option<Record> {
    let before = &parts[floor..end];
    let text = |p: &&(usize, Part)| matches!(p.1, Part::Text { .. });
    let texts_at_end = before.iter().rev().take_while(text).count();
    let stamp_at = before.len().checked_sub(texts_at_end + 1)?;
    if before[stamp_at].1 != Part::Stamp {
        return None;
    }
    // Above the stamp: at most a name line (stamp above the text), or the name and the text
    // (stamp under it).
    let above = before[..stamp_at].iter().rev().take_while(text).count();
    let stamp = floor + stamp_at;
    if (1..=MAX_TEXT_LINES).contains(&texts_at_end) {
        let name = (above > 0 && parts[stamp - 1].1.is_name()).then(|| stamp - 1);
        return Some(Record {
            first: name.unwrap_or(stamp),
            end,
            stamp_first: true,
            name,
            stamp,
            above,
        });
    }
    // The first record's lines above may run into the article: it takes the most a record
    // holds, and a later record with more lines than that does not follow the one before.
    if texts_at_end == 0 && above > 0 {
        let first = stamp - above.min(MAX_TEXT_LINES + 1);
        return Some(Record {
            first,
            end,
            stamp_first: false,
            // A name above the text; the first record's may be the article's last line.
            name: (above >= 2 && parts[first].1.is_name()).then_some(first),
            stamp,
            above,
        });
    }
    None
}

/// The marks and names of a run of records, when it is long enough to be a thread.
fn close(run: &[Record], parts: &[(usize, Part)], out: &mut Threads) {
    if run.len() < MIN_RECORDS {
        return;
    }
    // Where the stamp stands under the text, the first record's lines above it run into the
    // article's: it is taken to hold as many lines as the next record, and its name (when
    // every later record has one) where the next record's stands.
    let lines = run[1].stamp - run[1].first;
    let first = &run[0];
    let (start, name) = if first.stamp_first {
        (first.first, first.name)
    } else {
        let start = first.stamp - first.above.min(lines);
        let alike = run[1..]
            .iter()
            .all(|r| r.name.is_some() && r.stamp - r.first == lines);
        let named = alike && first.above >= lines && parts[start].1.is_name();
        (start, named.then_some(start))
    };
    // With no text above it that a record could follow, the first record is the page's own
    // content (a forum's first post), and the replies under it are the thread.
    let article_above = parts[..start]
        .iter()
        .any(|p| p.1 == Part::Text { short: false });
    if !article_above {
        return close(&run[1..], parts, out);
    }
    // The article ends at the first stamp, or at the first name when the stamp is under the
    // text.
    let end = if first.stamp_first {
        Some(first.stamp)
    } else {
        name
    };
    out.marks.extend(end.map(|k| parts[k].0));
    out.marks
        .extend(run[..run.len() - 1].iter().map(|r| parts[r.end].0));
    out.names.extend(name.map(|n| parts[n].0));
    out.names
        .extend(run[1..].iter().filter_map(|r| r.name).map(|n| parts[n].0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use Part::{End, Stamp};

    /// A line of a comment's or an article's text.
    const T: Part = Part::Text { short: false };
    /// A short line: a name.
    const N: Part = Part::Text { short: true };

    /// Parts on consecutive lines from a pattern.
    fn parts(pattern: &[Part]) -> Vec<(usize, Part)> {
        pattern.iter().copied().enumerate().collect()
    }

    #[test]
    fn stamps_above_the_text_mark_the_first_stamp_and_each_end_but_the_last() {
        // article, name, stamp, text, reply, name, stamp, text, text, reply
        let t = marks(&parts(&[T, N, Stamp, T, End, N, Stamp, T, T, End]));
        assert_eq!(t.marks, vec![2, 4]);
        assert_eq!(t.names, vec![1, 5]);
        // Without names: the article's last line above the first stamp is no name.
        let t = marks(&parts(&[T, T, Stamp, T, End, Stamp, T, End]));
        assert_eq!(t.marks, vec![2, 4]);
        assert!(t.names.is_empty());
    }

    #[test]
    fn stamps_under_the_text_mark_each_end_but_the_last() {
        // article, name, text, stamp, reply (x3)
        let t = marks(&parts(&[
            T, N, T, Stamp, End, N, T, Stamp, End, N, T, Stamp, End,
        ]));
        // The first record is read like the later ones: its name ends the article.
        assert_eq!(t.marks, vec![1, 4, 8]);
        assert_eq!(t.names, vec![1, 5, 9]);
        // Without a name where the later records have one, the first comment's start is not
        // known: it stays with the article, and the thread starts after it.
        let t = marks(&parts(&[
            T, T, T, Stamp, End, N, T, Stamp, End, N, T, Stamp, End,
        ]));
        assert_eq!(t.marks, vec![4, 8]);
        assert_eq!(t.names, vec![5, 9]);
    }

    #[test]
    fn the_first_record_under_the_text_may_follow_a_long_article() {
        let t = marks(&parts(&[T, T, T, T, T, T, Stamp, End, N, T, Stamp, End]));
        assert_eq!(t.marks, vec![7]);
        // A later record with more lines than a record holds breaks the run.
        let t = marks(&parts(&[T, T, Stamp, End, T, T, T, T, T, Stamp, End]));
        assert_eq!(t, Threads::default());
    }

    #[test]
    fn a_thread_that_opens_the_page_keeps_its_first_post() {
        // name, stamp, post, reply, then three replies: the post stays, the replies go.
        let t = marks(&parts(&[
            N, Stamp, T, End, N, Stamp, T, End, N, Stamp, T, End, N, Stamp, T, End,
        ]));
        assert_eq!(t.marks, vec![5, 7, 11]);
        assert_eq!(t.names, vec![4, 8, 12]);
        // A post and one reply: no thread.
        let t = marks(&parts(&[N, Stamp, T, End, N, Stamp, T, End]));
        assert_eq!(t, Threads::default());
    }

    #[test]
    fn one_record_is_no_thread() {
        let t = marks(&parts(&[T, N, Stamp, T, End, T, T]));
        assert_eq!(t, Threads::default());
    }

    #[test]
    fn a_reply_link_without_a_stamp_or_after_a_long_text_is_no_record() {
        // No stamp at all: share bars, a page's own reply button.
        assert_eq!(marks(&parts(&[T, T, End, T, T, End])), Threads::default());
        // Four lines between stamp and link: an article under a date line, not a comment.
        let long = [Stamp, T, T, T, T, End];
        assert_eq!(marks(&parts(&[long, long].concat())), Threads::default());
    }

    #[test]
    fn records_must_follow_each_other() {
        // A record, then article text before the next one: two lone records, no thread.
        let t = marks(&parts(&[Stamp, T, End, T, T, T, T, T, T, Stamp, T, End]));
        assert_eq!(t, Threads::default());
        // Three records in a row after an article: a thread of three.
        let t = marks(&parts(&[
            T, N, Stamp, T, End, Stamp, T, End, N, Stamp, T, End,
        ]));
        assert_eq!(t.marks, vec![2, 4, 7]);
        assert_eq!(t.names, vec![1, 8]);
    }

    proptest::proptest! {
        /// Any sequence of parts: no panic, a mark is a stamp, a reply link or a name, and a
        /// name is a short line.
        #[test]
        fn marks_and_names_stand_on_their_parts(kinds in proptest::collection::vec(0u8..4, 0..40)) {
            let p: Vec<Part> = kinds
                .iter()
                .map(|k| match k {
                    0 => T,
                    1 => N,
                    2 => Stamp,
                    _ => End,
                })
                .collect();
            let t = marks(&parts(&p));
            for &m in &t.marks {
                proptest::prop_assert!(p[m] != T, "mark on a text line: {:?} {:?}", p, t);
            }
            for &n in &t.names {
                proptest::prop_assert_eq!(p[n], N);
            }
        }
    }

    #[test]
    fn a_name_is_a_few_words() {
        assert!(is_name("John Smith"));
        assert!(is_name("Mary K."));
        assert!(is_name("أبو خالد"));
        assert!(!is_name(
            "I think this is a great idea, my family has been waiting for years"
        ));
    }
}
