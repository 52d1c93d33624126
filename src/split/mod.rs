//! Where articles are, where one ends and the next begins, and what around them is chrome.
//!
//! Lines left by the rule passes become units with measured [`LineFeatures`]. Runs of prose are
//! the evidence of an article; between two runs, a gap is a page boundary when a headline stands
//! right before the second run and the topic changes (or the gap holds page-end chrome such as
//! footers and menus). A headline is the headline-shaped line nearest the body that shares words
//! with it. Everything outside the articles is removed with the structural rule that explains it.

pub mod boundary;
pub mod cues;
mod verse;

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use boundary::{Place, Script, StartCandidate, StartEvidence, Weights};
use cues::Cues;

use crate::features::LineFeatures;
use crate::passes::{remove_line, Context, Kept, Removal};
use crate::rules::{Detector, RuleSet};
use crate::text::words::{word_hash, WordMap, WordSet};
use crate::topic::{has_word, WordCounts, Words};

/// One article found in the dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The headline's line, if the article has one.
    pub title: Option<usize>,
    /// Body lines in order (the headline not included).
    pub body: Vec<usize>,
}

/// Tunable thresholds of the splitter, in one place.
#[derive(Debug, Clone)]
pub struct SplitParams {
    /// An article needs this many characters of prose to be a document of its own...
    pub min_article_chars: usize,
    /// ...or this many over at least two paragraphs.
    pub min_two_paragraph_chars: usize,
    /// Topic continuity below which a headlined gap is a new page.
    pub new_topic: f32,
    /// Topic continuity below which a gap holding page chrome is a new page.
    pub weak_topic: f32,
    /// Cosine similarity of word counts below which two stretches are never merged over a headline.
    pub min_cosine: f32,
    /// Lines of chrome (kept short lines plus rule removals) that make a gap look like a page end.
    pub chrome_lines: usize,
    /// A teaser has at most this many paragraphs...
    pub teaser_paragraphs: usize,
    /// ...and fewer characters of prose than this.
    pub teaser_chars: usize,
    /// This many teasers in a row make a headline list.
    pub teaser_run: usize,
    /// Lines looked back from a body for its headline.
    pub headline_window: usize,
}

impl Default for SplitParams {
    fn default() -> Self {
        SplitParams {
            min_article_chars: 300,
            min_two_paragraph_chars: 200,
            new_topic: 0.2,
            weak_topic: 0.35,
            min_cosine: 0.1,
            chrome_lines: 6,
            headline_window: 8,
            teaser_paragraphs: 2,
            teaser_chars: 600,
            teaser_run: 3,
        }
    }
}

/// What stands between two prose runs.
struct Gap {
    /// Kept non-prose units in the gap.
    units: Vec<usize>,
    /// The headline of the run after the gap, if one stands in the gap.
    headline: Option<usize>,
    /// Kept units plus lines removed by rules: how much page chrome lies in between.
    chrome: usize,
    /// The gap holds a short line the page prints three times or more (a link label).
    template: bool,
    /// The gap holds a list item (a bulleted or numbered line).
    list_item: bool,
    /// A form-feed line stands in the gap (gharbal's own text-output separator), the gap
    /// parts two `<article>` elements, or a line a rule says ends the page stands in it.
    hard_break: bool,
    /// A comment header or form stands in the gap (`reader-comment`), or a record of a comment
    /// thread begins in it (`comment-thread`): what follows, up to a headline, is reader
    /// comments, credited to that detector.
    after_comments: Option<Detector>,
    /// On an HTML page, the runs on both sides stand in the same `<article>` element.
    same_article: bool,
    /// The run after the gap was cut from a run of paragraphs at a story's lead: the gap is
    /// a document boundary already.
    cut: bool,
}

/// A stretch of prose runs being merged into one article.
struct Segment {
    first: usize,
    last: usize,
    words: WordCounts,
    /// Folded keys of its lines and headline, to tell a headline printed again.
    keys: WordSet,
    /// Prose paragraphs and their characters.
    paragraphs: usize,
    chars: usize,
}

impl Segment {
    fn is_teaser(&self, params: &SplitParams) -> bool {
        self.paragraphs <= params.teaser_paragraphs && self.chars < params.teaser_chars
    }

    fn absorb(&mut self, other: Segment) {
        self.last = other.last;
        self.paragraphs += other.paragraphs;
        self.chars += other.chars;
        self.words.absorb(other.words);
        let mut keys = other.keys;
        if keys.len() > self.keys.len() {
            std::mem::swap(&mut keys, &mut self.keys);
        }
        self.keys.extend(keys);
    }
}

struct Unit {
    line: usize,
    /// Where the topic words of the line, computed once, lie in the document's word pool.
    words: std::ops::Range<u32>,
    /// [`word_hash`] of the key, to find lines printed again.
    hash: u64,
    feat: LineFeatures,
    prose: bool,
}

impl Unit {
    /// The line's topic words, sorted, each once.
    fn words<'p>(&self, pool: &'p [u64]) -> &'p [u64] {
        &pool[self.words.start as usize..self.words.end as usize]
    }
}

/// What the splitter found: the articles, the removals of every kept line outside them, and
/// every candidate start it weighed.
pub struct Split {
    pub articles: Vec<Article>,
    pub removals: Vec<Removal>,
    pub starts: Vec<StartCandidate>,
    /// Why lines got their verdicts, where the splitter decided them.
    pub notes: Vec<LineNote>,
}

/// Why the splitter gave a line its verdict, for `explain`: said of a line it removed (`rule`
/// names the structural rule that removed it) or of a short line it kept in an article
/// (`rule` is `None`). A later step (the HTML page's main content) may overrule the verdict:
/// a note counts only while the line's verdict is still the one it explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineNote {
    /// The line (0-based).
    pub line: usize,
    pub rule: Option<&'static str>,
    pub why: Cow<'static, str>,
}

impl LineNote {
    fn removed(line: usize, rule: Detector, why: impl Into<Cow<'static, str>>) -> LineNote {
        LineNote {
            line,
            rule: Some(rule.id()),
            why: why.into(),
        }
    }

    fn kept(line: usize, why: impl Into<Cow<'static, str>>) -> LineNote {
        LineNote {
            line,
            rule: None,
            why: why.into(),
        }
    }
}

/// What a line a rule removed says about the text around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// The article above ends here, and prose after it is reader comments (`ends-article`).
    Article,
    /// The page above ends here: what follows is another document (`ends-page`).
    Page,
    /// A comment thread's record begins after this line: prose after it is reader comments
    /// (`comment-thread`).
    Thread,
}

/// Finds the articles; returns them, the removals of every kept line outside them and the
/// candidate starts.
pub fn split(
    ctx: &Context,
    kept: &Kept,
    ends: &[Option<Ends>],
    rules: &RuleSet,
    params: &SplitParams,
) -> Split {
    let (mut units, pool) = build_units(ctx, kept);
    // A whole sentence on a line of its own, too telegraphic to pass for prose, that stands right
    // before a paragraph opens that paragraph's run: a story's lead. (Measured on the labelled
    // dumps: 161 such lines are article text, 8 are not; without a paragraph after them, most
    // are captions and headlines.)
    // Decided on the prose of the line itself, so one lead does not make another.
    let leads: Vec<usize> = (1..units.len())
        .filter(|&i| units[i].prose && !units[i - 1].prose && is_sentence_line(&units[i - 1].feat))
        .map(|i| i - 1)
        .collect();
    for i in leads {
        units[i].prose = true;
    }
    let mut notes: Vec<LineNote> = Vec::new();
    mark_verse(ctx, kept, &mut units, &mut notes);
    let debug = std::env::var_os("GHARBAL_DEBUG").is_some();
    if debug {
        for u in &units {
            let t: String = text_of(ctx, kept, u.line).chars().take(90).collect();
            let f = &u.feat;
            eprintln!(
                "{:>4} {}{} w{:<3} fw{:.2} p{} {}",
                u.line + 1,
                if u.prose { 'P' } else { '.' },
                if f.is_headline_shaped() { 'H' } else { ' ' },
                f.words,
                f.function_ratio(),
                f.inner_punct,
                t
            );
        }
    }
    // Maximal runs of prose units, also cut where rules removed several lines in between.
    let mut groups: Vec<(usize, usize)> = Vec::new(); // unit index ranges [a, b)
    let mut i = 0;
    while i < units.len() {
        if !units[i].prose {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < units.len()
            && units[i].prose
            && removed_between(ctx, kept, units[i - 1].line, units[i].line) < params.chrome_lines
            && !hard_break_between(ctx, units[i - 1].line, units[i].line)
            && ends[units[i - 1].line + 1..units[i].line]
                .iter()
                .all(Option::is_none)
        {
            i += 1;
        }
        groups.push((start, i));
    }
    // No prose at all: keep the longest line of words as a one-paragraph article (a short
    // notice, a poem), unless the page is a list of headlines (see `page_headlines`).
    let headlines_counted = std::cell::OnceCell::new();
    let page_headlines = || *headlines_counted.get_or_init(|| page_headlines(ctx));
    if groups.is_empty() {
        let best = (0..units.len())
            .filter(|&i| {
                let f = &units[i].feat;
                f.words >= 5
                    && f.function_words >= 1
                    && !f.bullet
                    && !f.is_link_row()
                    && !f.is_code()
                    && !f.is_shouting()
                    && !f.is_ticker()
            })
            .max_by_key(|&i| units[i].feat.chars);
        let ticker = units.iter().any(|u| u.feat.is_ticker());
        // The page's headlines are counted only when there is a line to keep.
        if let (Some(i), true) = (best, !ticker && page_headlines() < INDEX_HEADLINES) {
            units[i].prose = true;
            groups.push((i, i + 1));
        }
    }

    // A run of paragraphs may hold several stories glued together: cut it where a paragraph
    // opens like a story's lead and the evidence for a start outweighs the evidence against.
    let weights = Weights::builtin();
    let dump = std::env::var_os("GHARBAL_SPLIT_FEATURES").is_some();
    let starts = StartFinder::new(ctx, kept, (&units, &pool), dump);
    let mut candidates: Vec<StartCandidate> = Vec::new();
    let mut cut_groups = Vec::with_capacity(groups.len());
    let mut cut_flags = Vec::with_capacity(groups.len());
    for &(a, b) in &groups {
        let mut start = a;
        for u in a + 1..b {
            let mut e = starts.evidence(
                u,
                StartEvidence {
                    lone_before: u - start == 1,
                    ..StartEvidence::default()
                },
            );
            let model = starts.script(u);
            let scored = starts.decide(weights.model(model, Place::Inner), u, &mut e);
            let page_cut = !scored && starts.after_page_cut(u - 1, u);
            let numbered = (scored || page_cut) && starts.opens_list_item(u);
            // A story on either side needs the size of one, or three paragraphs of its own
            // that are enough to be kept as a document (see the two-paragraph test below).
            let story = |side: &[Unit]| {
                let chars = prose_chars(side);
                chars >= weights.min_story_chars
                    || (side.iter().filter(|u| u.prose).count() >= 3
                        && chars >= params.min_two_paragraph_chars)
            };
            let yes =
                (scored || page_cut) && !numbered && story(&units[start..u]) && story(&units[u..b]);
            let overruled = if numbered {
                Some(LIST_ITEM_NOTE)
            } else if page_cut {
                yes.then_some(PAGE_CUT_NOTE)
            } else {
                (scored && !yes).then_some("a story on one side would be too short")
            };
            candidates.push(StartCandidate {
                line: units[u].line,
                place: Place::Inner,
                script: model,
                evidence: e,
                starts: yes,
                overruled,
            });
            if dump {
                let lines = (units[u - 1].line, units[u].line);
                dump_candidate(lines, Place::Inner, model, &e, weights, yes);
            }
            if yes {
                cut_groups.push((start, u));
                cut_flags.push(start != a);
                start = u;
            }
        }
        cut_groups.push((start, b));
        cut_flags.push(start != a);
    }
    let groups = cut_groups;

    // Every gap between prose runs starts as a boundary; adjacent stretches then merge, the most
    // continuous pair first, while the gap between them allows it.
    let mut line_counts: WordMap<usize> = WordMap::default();
    for u in units.iter().filter(|u| !u.prose) {
        *line_counts.entry(u.hash).or_default() += 1;
    }
    // On a page that marks its headlines up (<h1>-<h3>), a headline is a heading element, or
    // a link to its story (a teaser): not a byline, a kicker or a bold paragraph.
    let marked_headings = ctx
        .evidence
        .is_some_and(|e| e.iter().any(|b| (1..=3).contains(&b.heading)));
    let gaps: Vec<Gap> = groups
        .iter()
        .enumerate()
        .map(|(gi, &(a, b))| {
            let prev_end = if gi == 0 { 0 } else { groups[gi - 1].1 };
            let units_in_gap: Vec<usize> = (prev_end..a).collect();
            let mut body_words: Words = units[a..b.min(a + 3)]
                .iter()
                .flat_map(|u| u.words(&pool).iter().copied())
                .collect();
            body_words.sort_unstable();
            body_words.dedup();
            let headline = find_headline(
                ctx,
                kept,
                (&units, &pool),
                &units_in_gap,
                &body_words,
                params,
                marked_headings,
            );
            let removed = if gi == 0 {
                0
            } else {
                removed_between(ctx, kept, units[prev_end - 1].line, units[a].line)
            };
            Gap {
                chrome: units_in_gap.len() + removed,
                list_item: units_in_gap.iter().any(|&u| units[u].feat.bullet),
                hard_break: gi > 0
                    && (hard_break_between(ctx, units[prev_end - 1].line, units[a].line)
                        || ends[units[prev_end - 1].line + 1..units[a].line]
                            .contains(&Some(Ends::Page))),
                after_comments: {
                    let from = if gi == 0 {
                        0
                    } else {
                        units[prev_end - 1].line + 1
                    };
                    let ends = &ends[from..units[a].line];
                    if ends.contains(&Some(Ends::Article)) {
                        Some(Detector::ReaderComment)
                    } else if ends.contains(&Some(Ends::Thread)) {
                        Some(Detector::CommentThread)
                    } else {
                        None
                    }
                },
                same_article: gi > 0 && same_article(ctx, units[prev_end - 1].line, units[a].line),
                cut: cut_flags[gi],
                template: units_in_gap
                    .iter()
                    .any(|&u| line_counts.get(&units[u].hash).is_some_and(|&n| n >= 3)),
                units: units_in_gap,
                headline,
            }
        })
        .collect();
    let segments: Vec<Segment> = groups
        .iter()
        .enumerate()
        .map(|(gi, &(a, b))| {
            let lines = || {
                units[a..b]
                    .iter()
                    .chain(gaps[gi].headline.map(|h| &units[h]))
            };
            // Sized up front: growing the maps one word at a time cost more than counting.
            let mut seg = Segment {
                first: gi,
                last: gi,
                words: WordCounts::with_capacity(lines().map(|u| u.words.len()).sum()),
                keys: WordSet::with_capacity_and_hasher(b - a + 1, Default::default()),
                paragraphs: b - a,
                chars: units[a..b].iter().map(|u| u.feat.chars).sum(),
            };
            for u in lines() {
                seg.words.add(u.words(&pool));
                seg.keys.insert(u.hash);
            }
            seg
        })
        .collect();
    let judge = |a: &Segment, b: &Segment| -> Option<f32> {
        let gap = &gaps[b.first];
        let (continuity, cosine) = a.words.compare(&b.words);
        let repeats_title = gap
            .headline
            .is_some_and(|h| a.keys.contains(&units[h].hash));
        let merge = match gap.headline {
            // A form-feed line is a document boundary someone already decided on; so is a cut
            // at a story's lead.
            _ if gap.hard_break || gap.cut => false,
            // Prose after a comment header is reader comments, not more of the article.
            None if gap.after_comments.is_some() => false,
            // A page's own headline printed again (above its body, after a gallery) is no
            // new page.
            Some(_) if repeats_title => true,
            // Between teasers, or over a link label the page repeats ("Full story"), only a
            // close match merges.
            Some(_) if gap.template || (a.is_teaser(params) && b.is_teaser(params)) => {
                continuity >= params.weak_topic && cosine >= 2.0 * params.min_cosine
            }
            Some(_) => {
                continuity >= params.new_topic
                    && cosine >= params.min_cosine
                    && (gap.chrome < params.chrome_lines
                        || (continuity >= params.weak_topic && cosine >= 1.5 * params.min_cosine))
            }
            // Numbered or bulleted items each followed by a short paragraph: a list.
            None if gap.list_item && a.is_teaser(params) && b.is_teaser(params) => {
                continuity >= params.weak_topic && cosine >= 2.0 * params.min_cosine
            }
            // The page's markup says both runs are one article: a byline box or an ad slot
            // between them is no page boundary.
            None if gap.same_article => true,
            None => {
                gap.chrome < params.chrome_lines
                    || (continuity >= params.new_topic / 2.0 && cosine >= params.min_cosine)
            }
        };
        if debug {
            eprintln!(
                "PAIR\t{}\t{}\t{continuity:.3}\t{cosine:.3}\t{}\t{}",
                units[groups[b.first].0].line + 1,
                gap.headline.map(|h| units[h].line + 1).unwrap_or(0),
                gap.chrome,
                if merge { "merge" } else { "keep" }
            );
        }
        merge.then_some(if repeats_title { 2.0 } else { continuity })
    };
    let segments = merge_segments(segments, judge);
    // The topic splitter's boundaries are one piece of evidence among several: every gap is
    // weighed again with the opening of the paragraph after it.
    let mut topic_split = vec![false; groups.len()];
    for seg in &segments {
        topic_split[seg.first] = true;
    }
    // The keys of the current stretch's lines and headline, to tell its headline printed again.
    let mut span_keys = WordSet::default();
    // By stretch: the candidate whose evidence placed its start where the topic test saw none.
    let mut placed_by: Vec<Option<usize>> = Vec::new();
    // Prose paragraphs of the current stretch.
    let mut span_paragraphs = 0;
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(segments.len());
    for g in 0..groups.len() {
        let gap = &gaps[g];
        // The first run, a cut at a lead, a form feed and reader comments after a comment
        // header are boundaries whatever else the gap says.
        let decided = g == 0
            || gap.cut
            || gap.hard_break
            || (gap.after_comments.is_some() && gap.headline.is_none());
        let boundary = if decided {
            true
        } else {
            let repeats_title = gap
                .headline
                .is_some_and(|h| span_keys.contains(&units[h].hash));
            let mut e = starts.evidence(
                groups[g].0,
                StartEvidence {
                    topic_split: topic_split[g],
                    headline: gap.headline.is_some(),
                    headline_continues: gap
                        .headline
                        .is_some_and(|h| starts.opening(h).continuation),
                    headline_stop: gap.headline.is_some_and(|h| units[h].feat.ends_sentence),
                    chrome: gap.chrome.min(6) as f32 / 6.0,
                    lone_before: span_paragraphs == 1,
                    ..StartEvidence::default()
                },
            );
            // A lead set apart from the body (a standfirst, a lead too telegraphic to pass for
            // prose) opens the story: read its opening instead of the first paragraph's.
            if let Some(lead) = gap.headline.and_then(|h| {
                gap.units
                    .iter()
                    .copied()
                    .find(|&u| u > h && units[u].feat.words >= 6 && units[u].feat.clean_start)
            }) {
                e.opening = starts.opening(lead);
            }
            let model = starts.script(groups[g].0);
            let overruled = if starts.opens_list_item(groups[g].0) {
                Some(LIST_ITEM_NOTE)
            } else if topic_split[g] {
                None
            } else if repeats_title {
                Some("its headline repeats one of the story before")
            } else if gap.same_article {
                Some("the page's markup puts both sides in one <article>")
            } else {
                None
            };
            let scored = starts.decide(weights.model(model, Place::Gap), groups[g].0, &mut e);
            let yes = overruled.is_none() && scored;
            candidates.push(StartCandidate {
                line: units[groups[g].0].line,
                place: Place::Gap,
                script: model,
                evidence: e,
                starts: yes,
                overruled: overruled.filter(|_| scored),
            });
            if dump {
                let lines = (units[groups[g - 1].1 - 1].line, units[groups[g].0].line);
                dump_candidate(lines, Place::Gap, model, &e, weights, yes);
            }
            yes
        };
        match spans.last_mut() {
            Some(last) if !boundary => last.1 = g,
            _ => {
                placed_by.push((!decided && !topic_split[g]).then(|| candidates.len() - 1));
                spans.push((g, g));
                span_keys.clear();
                span_paragraphs = 0;
            }
        }
        span_paragraphs += groups[g].1 - groups[g].0;
        span_keys.extend(gap.headline.map(|h| units[h].hash));
        span_keys.extend(units[groups[g].0..groups[g].1].iter().map(|u| u.hash));
    }
    let mut articles: Vec<(Option<usize>, Vec<usize>)> = Vec::new(); // (title unit, body units)
    let mut comments: Vec<Option<Detector>> = Vec::new(); // who took the stretch for reader comments
    let mut cut_start: Vec<bool> = Vec::new(); // the article starts at a cut lead
    for &(first, last) in &spans {
        let mut body = Vec::new();
        for g in first..=last {
            if g > first && gaps[g].units.len() <= 3 {
                // Short lines inside an article stay when they are few and read like text.
                let inside = gaps[g]
                    .units
                    .iter()
                    .copied()
                    // A list item without a full stop is a link (a promo, a related story),
                    // and so is a line cut by a pipe ("Read another story | its headline").
                    .filter(|&u| {
                        let f = &units[u].feat;
                        let link = (f.bullet && !f.ends_sentence) || f.pipes > 0;
                        f.words >= 3 && !link
                    });
                for u in inside {
                    notes.push(LineNote::kept(
                        units[u].line,
                        "a line between two paragraphs of the article that is no paragraph \
                         itself (a subheading, a lead-in): kept, as at most three such lines of \
                         three words or more stand there and none is a link item or holds a pipe",
                    ));
                    body.push(u);
                }
            }
            body.extend(groups[g].0..groups[g].1);
        }
        let gap = &gaps[first];
        cut_start.push(gap.cut);
        // A standfirst or lead sentence between the headline and the body belongs to the body,
        // and so does the headline found next to the body when the page printed a fuller one
        // above it (a copy of the title goes).
        let mut title = gap.headline;
        if let Some(h) = gap.headline {
            let t = page_headline_above(ctx, (&units, &pool), &gap.units, h, marked_headings);
            if t != h {
                notes.push(LineNote::kept(
                    units[t].line,
                    "the page's headline, printed above its date and byline lines: it holds \
                     half or more of the words of the headline next to the body (a copy or a \
                     shorter title)",
                ));
                title = Some(t);
            }
            // The line next to the body stays unless it is the title's copy.
            let variant = (units[t].hash != units[h].hash).then_some(h);
            let lead = gap.units.iter().copied().filter(|&u| u > h).filter(|&u| {
                let f = &units[u].feat;
                f.ends_sentence && f.words >= 6 && !f.bullet && f.clean_start
            });
            let front: Vec<usize> = variant.into_iter().chain(lead).collect();
            body.splice(0..0, front);
        }
        // After a comment header or form, headless prose is taken for reader comments unless
        // it reads as a story: a lead (a reporting verb, a dateline) opens it, a run of it
        // holds three paragraphs back to back, where comments come one by one between their
        // name and date lines, or two of its later paragraphs go on from the one before
        // ("وأضاف", "He added"), where each comment opens on its own. (Measured: on the dev
        // dumps the stretches taken for comments were form lines and appended stories; on
        // composed dumps, appended stories only.)
        let reads_as_story = || {
            let opening = starts.opening(groups[first].0);
            let run = (first..=last).any(|g| groups[g].1 - groups[g].0 >= 3);
            let continued = body
                .iter()
                .skip(1)
                .filter(|&&u| starts.opening(u).continuation)
                .take(2)
                .count();
            opening.lead || opening.dateline || run || continued >= 2
        };
        comments.push(
            gap.after_comments
                .filter(|&d| gap.headline.is_none() && rules.detects(d) && !reads_as_story()),
        );
        articles.push((title, body));
    }

    // Which articles are documents.
    let mass = |body: &[usize]| prose_mass(&units, body);
    // A piece is big enough to be a document by its own size: with a headline, a cut lead, a
    // paragraph that goes on or the size of a story, it needs `min_article_chars`; two
    // paragraphs or more are a story, with or without a headline (on an HTML page a headless
    // stretch still needs the evidence above: its article has a container, and what stands
    // outside it headless is a promo; measured: the article-extraction benchmark lost 0.006 of
    // F1 to such stretches). A headline over paragraphs of which a later one goes on with the
    // story (وتم، وأضاف) is a story whatever its size: a teaser is a headline and a lead with
    // nothing after it. Only a run of teasers or comment evidence says otherwise.
    let big_enough = |title: Option<usize>, (chars, paragraphs): (usize, usize), cut, lead| {
        (title.is_some() && lead)
            || ((title.is_some() || cut || lead || chars >= params.teaser_chars)
                && chars >= params.min_article_chars)
            || ((title.is_some() || ctx.evidence.is_none())
                && paragraphs >= 2
                && chars >= params.min_two_paragraph_chars)
    };
    let (story_lead, in_teaser_run) = loop {
        let (story_lead, in_teaser_run) = teasers(&articles, &comments, &units, &starts, params);
        // Teaser-sized pieces in a row, cut apart by the start evidence where the topic test
        // held them together, are the sections of one article (an explainer with subheadings),
        // not a list of teasers: those starts are undone. So is such a start after a headlined
        // piece too small to be a document: the piece is the story's headline and lead, and
        // what the start evidence saw was a subheading over the story's next paragraph.
        // (Measured on the labelled dumps: the 5 such pieces were all their story's opening.)
        let undo: Vec<(usize, &'static str)> = (1..articles.len())
            .filter(|&i| placed_by[i].is_some() && comments[i - 1].is_none())
            .filter_map(|i| {
                let (title, body) = &articles[i - 1];
                if in_teaser_run[i] {
                    Some((i, "a run of teaser-sized pieces is one article's sections"))
                } else if title.is_some()
                    && !in_teaser_run[i - 1]
                    && !big_enough(*title, mass(body), cut_start[i - 1], story_lead[i - 1])
                {
                    Some((
                        i,
                        "the headline and lead before it are too small to stand alone: they \
                         open this story, and its headline is a subheading",
                    ))
                } else {
                    None
                }
            })
            .collect();
        if undo.is_empty() {
            break (story_lead, in_teaser_run);
        }
        for &(i, why) in undo.iter().rev() {
            let (title, body) = articles.remove(i);
            articles[i - 1].1.extend(title.into_iter().chain(body));
            comments.remove(i);
            cut_start.remove(i);
            if let Some(c) = placed_by.remove(i) {
                candidates[c].starts = false;
                candidates[c].overruled = Some(why);
            }
        }
    };
    let best = (0..articles.len())
        .filter(|&i| !in_teaser_run[i] && comments[i].is_none())
        .max_by_key(|&i| mass(&articles[i].1).0);
    let index_page = rules.detects(Detector::IndexPage)
        && match best {
            Some(_) => false,
            None => {
                in_teaser_run.contains(&true)
                    || articles.is_empty() && page_headlines() >= INDEX_HEADLINES
            }
        };
    let mut out = Vec::new();
    let mut removals = Vec::new();
    let mut in_doc = vec![false; units.len()];
    for (i, (title, body)) in articles.iter().enumerate() {
        let (chars, paragraphs) = mass(body);
        let excluded = index_page
            || comments[i].is_some()
            || (in_teaser_run[i] && rules.detects(Detector::Teaser));
        let is_doc = !excluded
            && (Some(i) == best
                || !rules.detects(Detector::Teaser)
                || big_enough(*title, (chars, paragraphs), cut_start[i], story_lead[i]));
        if !is_doc {
            let rule = if index_page {
                Detector::IndexPage
            } else if let Some(d) = comments[i] {
                d
            } else {
                Detector::Teaser
            };
            let why: Cow<'static, str> = if index_page {
                INDEX_PAGE_NOTE.into()
            } else if comments[i].is_some() {
                "prose after a comment form or header, or in a comment thread (comments \
                 each under a time stamp and over a reply link), that does not read as a story \
                 (no lead verb or dateline, no run of three paragraphs, no paragraphs that go \
                 on)"
                .into()
            } else if in_teaser_run[i] {
                format!(
                    "one of {} or more small headline-and-paragraph pieces in a row: a list of \
                     other pages' teasers",
                    params.teaser_run
                )
                .into()
            } else if chars >= params.min_article_chars {
                format!(
                    "a piece of {chars} characters with no headline, no cut lead and no \
                     paragraph that goes on: without them a document needs {}",
                    params.teaser_chars
                )
                .into()
            } else {
                format!(
                    "too small to be a document: {chars} characters of prose in {paragraphs} \
                     paragraph(s); a document needs {} ({} over two paragraphs or more)",
                    params.min_article_chars, params.min_two_paragraph_chars
                )
                .into()
            };
            if let Some(&first) = title.iter().chain(body).next() {
                notes.push(LineNote::removed(units[first].line, rule, why));
            }
            for &u in title.iter().chain(body) {
                removals.extend(remove_line(kept, units[u].line, rule.id()));
                in_doc[u] = true;
            }
            continue;
        }
        // A headline that shares no word with the story, with lines between them, is another
        // page's headline or a widget's label: the story starts without it (the start it
        // gave stays).
        let unrelated = title.filter(|&t| {
            rules.detects(Detector::StrayLine)
                && unrelated_headline(ctx, kept, (&units, &pool), t, body)
        });
        if let Some(t) = unrelated {
            removals.extend(remove_line(kept, units[t].line, Detector::StrayLine.id()));
            notes.push(LineNote::removed(
                units[t].line,
                Detector::StrayLine,
                "shaped like a headline but shares no word with the story under it, and other \
                 lines stand between them: another page's headline or a label",
            ));
            in_doc[t] = true;
        }
        let title = title.filter(|_| unrelated.is_none());
        // Drop repeats of the headline or of an earlier body line.
        let mut seen = WordSet::default();
        if let Some(t) = title {
            seen.insert(units[t].hash);
            in_doc[t] = true;
        }
        let mut lines = Vec::new();
        for &u in body {
            in_doc[u] = true;
            let k = units[u].hash;
            if !seen.insert(k) && rules.detects(Detector::RepeatedLine) {
                removals.extend(remove_line(
                    kept,
                    units[u].line,
                    Detector::RepeatedLine.id(),
                ));
                notes.push(LineNote::removed(
                    units[u].line,
                    Detector::RepeatedLine,
                    "the document has this line already (its headline or an earlier line)",
                ));
            } else {
                lines.push(units[u].line);
            }
        }
        out.push(Article {
            title: title.map(|t| units[t].line),
            body: lines,
        });
    }
    // Everything else: copies of document lines, runs of short lines, or stray lines.
    let doc_keys: WordSet = out
        .iter()
        .flat_map(|a| a.title.iter().chain(&a.body))
        .map(|&l| word_hash(key_of(ctx, kept, l)))
        .collect();
    let outside: Vec<usize> = (0..units.len()).filter(|&u| !in_doc[u]).collect();
    let mut orphans: Vec<usize> = Vec::new(); // lines whose detector is turned off
    let mut k = 0;
    while k < outside.len() {
        let mut end = k + 1;
        while end < outside.len() && outside[end] == outside[end - 1] + 1 {
            end += 1;
        }
        let rule = if index_page {
            Detector::IndexPage
        } else if end - k >= 3 && rules.detects(Detector::ShortLineRun) {
            Detector::ShortLineRun
        } else {
            Detector::StrayLine
        };
        let run = end - k;
        for (n, &u) in outside[k..end].iter().enumerate() {
            let repeated =
                rules.detects(Detector::RepeatedLine) && doc_keys.contains(&units[u].hash);
            let rule = if repeated {
                Detector::RepeatedLine
            } else {
                rule
            };
            if rules.detects(rule) {
                removals.extend(remove_line(kept, units[u].line, rule.id()));
                let why: Option<Cow<'static, str>> = match rule {
                    Detector::RepeatedLine => Some("a copy of a line a document carries".into()),
                    Detector::ShortLineRun if n == 0 => Some(
                        format!(
                            "outside every article: {run} lines in a row with no run of \
                             paragraphs among them (a menu, a tag or headline list)"
                        )
                        .into(),
                    ),
                    Detector::StrayLine => Some(
                        "outside every article, with too few lines around it to make a run (a \
                         section name, a label, a caption, a lone sentence)"
                            .into(),
                    ),
                    Detector::IndexPage if n == 0 => Some(INDEX_PAGE_NOTE.into()),
                    _ => None,
                };
                if let Some(why) = why {
                    notes.push(LineNote::removed(units[u].line, rule, why));
                }
            } else {
                orphans.push(units[u].line);
            }
        }
        k = end;
    }
    attach_orphans(&mut out, orphans);
    candidates.sort_by_key(|c| c.line);
    notes.sort_by_key(|n| n.line);
    Split {
        articles: out,
        removals,
        starts: candidates,
        notes,
    }
}

/// Lines outside every article whose detector is turned off stay: each joins the document
/// before it (or the first one); with no document at all they make one.
fn attach_orphans(out: &mut Vec<Article>, orphans: Vec<usize>) {
    if orphans.is_empty() {
        return;
    }
    if out.is_empty() {
        out.push(Article {
            title: None,
            body: orphans,
        });
        return;
    }
    for line in orphans {
        let at = out
            .iter()
            .rposition(|a| {
                a.title
                    .or(a.body.first().copied())
                    .is_some_and(|f| f <= line)
            })
            .unwrap_or(0);
        let body = &mut out[at].body;
        let pos = body.partition_point(|&l| l < line);
        body.insert(pos, line);
    }
}

/// The kept lines, measured, and the pool that holds their topic words (one vector for the
/// document, not one a line).
/// A poem quoted in a story (a run of short lines that rhyme, see [`verse`]) is part of the
/// story: its lines count as prose when a paragraph stands right before the run, or at most
/// [`VERSE_BRIDGE`] lines of a few words before it (a poem's title, the poet's name), which
/// join it. A longer line between is a headline: the poem opens the next story.
fn mark_verse(ctx: &Context, kept: &Kept, units: &mut [Unit], notes: &mut Vec<LineNote>) {
    let lines: Vec<verse::Line> = units
        .iter()
        .map(|u| {
            let mut line = verse::Line {
                last_word: "",
                words: u.feat.words,
                ends_sentence: u.feat.ends_sentence,
                prose: u.prose,
                hash: u.hash,
            };
            // Only a line that could be verse needs its last word.
            if line.is_verse_shaped() {
                line.last_word = ctx.kept_words(kept, u.line).last().map_or("", |w| w.text);
            }
            line
        })
        .collect();
    for run in verse::runs(&lines) {
        let reach = run.start.saturating_sub(VERSE_BRIDGE + 1);
        let Some(prose) = (reach..run.start).rev().find(|&u| units[u].prose) else {
            continue;
        };
        if units[prose + 1..run.start]
            .iter()
            .any(|u| u.feat.words > VERSE_BRIDGE_WORDS)
        {
            continue;
        }
        for u in &mut units[prose + 1..run.end] {
            u.prose = true;
        }
        notes.push(LineNote::kept(
            units[run.start].line,
            format!(
                "a poem the story quotes: {} short lines that rhyme, after a paragraph",
                run.len()
            ),
        ));
    }
}

/// Lines that may stand between a story's paragraph and the poem it quotes, and their words.
const VERSE_BRIDGE: usize = 2;
const VERSE_BRIDGE_WORDS: usize = 3;

/// A page with no article and this many headline lines is an index.
const INDEX_HEADLINES: usize = 5;

/// Headline lines of four words or more on the whole page, the lines the rules removed too: a
/// page of teasers cut with "… (read more)" loses its headlines with them, and is still an
/// index. (Measured only where no article was found, once, from the keys folded already.)
fn page_headlines(ctx: &Context) -> usize {
    (0..ctx.doc.lines.len())
        .filter(|&i| {
            let text = &ctx.doc.text[ctx.doc.lines[i].content.clone()];
            // A headline's length first (see `is_headline_shaped`): a paragraph is not
            // measured word by word to be told it is too long.
            if !(15..=260).contains(&text.chars().count()) {
                return false;
            }
            let f = LineFeatures::of_folded(text, ctx.keys.key(i));
            f.is_headline_shaped() && f.words >= 4
        })
        .count()
}

/// What `explain` says under the first line of an index page.
const INDEX_PAGE_NOTE: &str = "the page is an index: headlines with a teaser each, and no article";

fn build_units(ctx: &Context, kept: &Kept) -> (Vec<Unit>, Vec<u64>) {
    // Room for every line up front: a Unit is large, and doubling would copy them all again.
    let mut units: Vec<Unit> = Vec::with_capacity(ctx.doc.lines.len());
    // About one topic word in eight text bytes.
    let mut pool: Vec<u64> = Vec::with_capacity(ctx.doc.text.len() / 8 + 1);
    units.extend(
        (0..ctx.doc.lines.len())
            .filter(|&l| kept.is_kept(l))
            .map(|line| {
                let key = key_of(ctx, kept, line);
                let start = pool.len() as u32;
                let feat = LineFeatures::with_topic_words_into(
                    text_of(ctx, kept, line),
                    ctx.kept_words(kept, line),
                    &mut pool,
                );
                Unit {
                    line,
                    prose: feat.is_prose(),
                    words: start..pool.len() as u32,
                    hash: word_hash(key),
                    feat,
                }
            }),
    );
    // A line printed more than once in a dump is a site blurb (about-us, disclaimers) or a
    // headline printed twice, not a paragraph.
    let mut seen: WordMap<usize> = WordMap::default();
    for u in &units {
        if u.prose {
            *seen.entry(u.hash).or_default() += 1;
        }
    }
    for u in units.iter_mut() {
        if u.prose && seen.get(&u.hash).is_some_and(|&n| n > 1) {
            u.prose = false;
        }
    }
    // Hard-wrapped paragraphs: adjacent lines of words where sentences end in the middle of
    // lines are a paragraph cut by the flattener's line width (headline lists have no such
    // breaks). A line joins when it has such a break, or sits between two wrapped lines with
    // a break at most two lines away.
    let wrappable: Vec<bool> = units
        .iter()
        .map(|u| {
            let f = &u.feat;
            // a flattener's line width: wrapped lines are short, real paragraphs are not
            f.words >= 4
                && f.chars <= WRAPPED_LINE_CHARS
                && !f.bullet
                && !f.is_link_row()
                && !f.is_code()
                && f.letters * 2 >= f.chars
        })
        .collect();
    let joined = |j: usize| {
        j + 1 < units.len()
            && wrappable[j]
            && wrappable[j + 1]
            && removed_between(ctx, kept, units[j].line, units[j + 1].line) == 0
    };
    let brk = |j: usize| wrappable[j] && units[j].feat.inner_sentence_end;
    let mut wrapped = vec![false; units.len()];
    for i in 0..units.len() {
        if !wrappable[i] {
            continue;
        }
        let with_prev = i > 0 && joined(i - 1);
        let with_next = joined(i);
        let near_break = (i >= 1 && with_prev && brk(i - 1))
            || (with_next && brk(i + 1))
            || (i >= 2 && with_prev && joined(i - 2) && brk(i - 2))
            || (with_next && joined(i + 1) && brk(i + 2));
        wrapped[i] = (brk(i) && (with_prev || with_next)) || (with_prev && with_next && near_break);
    }
    for (u, w) in units.iter_mut().zip(wrapped) {
        u.prose |= w;
    }
    // Hard-wrapped paragraphs and unpunctuated text: a prose-like line right after a prose line
    // that stops mid-sentence, or the second and later lines of a run of three prose-like
    // lines, count as prose. The first line of a run may be its headline, so it is left to the
    // headline finder.
    let like: Vec<bool> = units
        .iter()
        .map(|u| !u.prose && u.feat.is_wrapped_prose())
        .collect();
    // Runs of long lines only: a list of headlines is a run of shorter ones.
    let long_like: Vec<bool> = units
        .iter()
        .zip(&like)
        .map(|(u, l)| *l && u.feat.words >= 15)
        .collect();
    for i in 1..units.len() {
        if !like[i] {
            continue;
        }
        let prev = &units[i - 1];
        // A short line before more prose is more likely the next headline than a wrapped tail.
        let headline_like = units[i].feat.words < 15 && units.get(i + 1).is_some_and(|n| n.prose);
        let continues = prev.prose
            && !prev.feat.ends_sentence
            && !headline_like
            && removed_between(ctx, kept, prev.line, units[i].line) == 0;
        let run_start = (0..=i)
            .rev()
            .take_while(|&j| long_like[j])
            .last()
            .unwrap_or(i);
        let run_end = (i..units.len())
            .take_while(|&j| long_like[j])
            .last()
            .unwrap_or(i);
        // A dump cut mid-article ends with a line that stops mid-sentence right after prose.
        let cut_tail = i + 1 == units.len()
            && prev.prose
            && removed_between(ctx, kept, prev.line, units[i].line) == 0;
        if continues || cut_tail || (long_like[i] && run_end - run_start >= 2 && i > run_start) {
            units[i].prose = true;
        }
    }
    mark_closing_paragraphs(ctx, kept, &mut units);
    (units, pool)
}

/// Words a closing paragraph needs (see [`mark_closing_paragraphs`])...
const CLOSING_WORDS: usize = 10;
/// ...and a closing sentence that ends in a full stop.
const CLOSING_SENTENCE_WORDS: usize = 4;
/// A colon after one of a line's first words makes it a label and its value.
const LABEL_WORDS: usize = 3;

/// A story's last paragraph is often shorter than the prose test asks: written without a final
/// stop ("... to keep the service running"), or one short sentence ("The road was closed
/// with earth mounds."). It would be left outside the story and removed as a stray line. A line
/// right after a paragraph (nothing removed between) joins the story, unless a paragraph
/// follows it (then it may be the next story's headline), when it reads as a sentence:
/// - [`CLOSING_WORDS`] words or more with a continuation opening ("وأضاف", "أما", "But"), or
///   with function words and a comma or a sentence end inside;
/// - or [`CLOSING_SENTENCE_WORDS`] words or more ending in a full stop (a headline may end in
///   "?" or "!", hardly in a full stop).
///
/// A list of tags or names (many commas for its words), a bullet, a row of links, a
/// breadcrumb or a label never does.
/// Measured on the labelled dumps before use: about three such lines in four are the story's
/// own text; the rest are captions, credits and site blurbs.
fn mark_closing_paragraphs(ctx: &Context, kept: &Kept, units: &mut [Unit]) {
    for i in 1..units.len() {
        let (prev, u) = (&units[i - 1], &units[i]);
        let f = &u.feat;
        if u.prose
            || !prev.prose
            || f.words < CLOSING_SENTENCE_WORDS
            || f.bullet
            || f.pipes > 0
            || f.separators > 0
            || f.is_code()
            || f.inner_punct * 4 > f.words
            || f.letters * 2 < f.chars
            || units.get(i + 1).is_some_and(|n| n.prose)
            || removed_between(ctx, kept, prev.line, u.line) > 0
        {
            continue;
        }
        let text = text_of(ctx, kept, u.line);
        // A continuation opening is a connective itself: it needs no other function word. (The
        // opening, which folds the line again, is read last.)
        let sentence = f.words >= CLOSING_WORDS
            && ((f.function_words > 0 && (f.inner_sentence_end || text.contains([',', '،'])))
                || Cues::builtin().opening(text).continuation);
        // A breadcrumb's last crumb may end in a full stop ("Home > Forums > Rules."), and so
        // may a label's value ("Our standards: the trust principles.").
        let crumbs = text.contains('>');
        let label = text
            .split(' ')
            .take(LABEL_WORDS)
            .any(|w| w.ends_with([':', '：']));
        if sentence || (f.ends_sentence && ends_with_full_stop(text) && !crumbs && !label) {
            units[i].prose = true;
        }
    }
}

/// The text ends in one full stop (after any closing quotes or brackets), not in "..".
fn ends_with_full_stop(text: &str) -> bool {
    let t = crate::features::without_closing_marks(text);
    t.ends_with(['.', '。', '۔']) && !t.ends_with("..")
}

fn text_of<'a>(ctx: &'a Context, kept: &Kept, line: usize) -> &'a str {
    &ctx.doc.text[kept.spans[line].clone().expect("kept line")]
}

fn key_of<'a>(ctx: &'a Context, kept: &Kept, line: usize) -> &'a str {
    ctx.kept_key(kept, line).map(|(k, _)| k).unwrap_or("")
}

/// True when a line holding a form feed stands between two lines (exclusive), or, on an HTML
/// page, when the two lines stand in different `<article>` elements.
fn hard_break_between(ctx: &Context, a: usize, b: usize) -> bool {
    (a + 1..b).any(|l| ctx.doc.text[ctx.doc.lines[l].full.clone()].contains('\x0c'))
        || article_break(ctx, a, b)
}

/// The `<article>` elements two lines stand in, when both stand in one.
fn articles_of(ctx: &Context, a: usize, b: usize) -> Option<(u32, u32)> {
    let article = |l: usize| ctx.evidence(l).and_then(|e| e.article);
    Some((article(a)?, article(b)?))
}

/// The page's markup hook: lines in two different `<article>` elements belong to two documents.
fn article_break(ctx: &Context, a: usize, b: usize) -> bool {
    articles_of(ctx, a, b).is_some_and(|(x, y)| x != y)
}

/// The page's markup hook: two lines in the same `<article>` element belong to one document.
fn same_article(ctx: &Context, a: usize, b: usize) -> bool {
    articles_of(ctx, a, b).is_some_and(|(x, y)| x == y)
}

/// The page's markup hook: an `<h1>`–`<h3>` is the page saying "headline".
fn heading_bonus(ctx: &Context, line: usize) -> f32 {
    match ctx.evidence(line).map(|e| e.heading) {
        Some(1) => 0.5,
        Some(2 | 3) => 0.3,
        _ => 0.0,
    }
}

/// Merges adjacent segments, the pair `judge` scores highest first, until `judge` allows no
/// merge. A heap with version stamps keeps it O(n log n) in the number of segments.
fn merge_segments(
    segments: Vec<Segment>,
    judge: impl Fn(&Segment, &Segment) -> Option<f32>,
) -> Vec<Segment> {
    let n = segments.len();
    let mut slots: Vec<Option<Segment>> = segments.into_iter().map(Some).collect();
    let mut next: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
    let mut prev: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
    let mut version = vec![0u32; n];
    // (score, leftmost first on ties, left, right, left's version, right's version)
    let mut heap: BinaryHeap<(i64, Reverse<usize>, usize, u32, u32)> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<_>,
                slots: &[Option<Segment>],
                version: &[u32],
                i: usize,
                j: usize| {
        let (Some(a), Some(b)) = (&slots[i], &slots[j]) else {
            return;
        };
        if let Some(score) = judge(a, b) {
            heap.push(((score * 1e6) as i64, Reverse(i), j, version[i], version[j]));
        }
    };
    for i in 0..n.saturating_sub(1) {
        push(&mut heap, &slots, &version, i, i + 1);
    }
    while let Some((_, Reverse(i), j, vi, vj)) = heap.pop() {
        if next[i] != Some(j)
            || version[i] != vi
            || version[j] != vj
            || slots[i].is_none()
            || slots[j].is_none()
        {
            continue;
        }
        let right = slots[j].take().expect("live segment");
        slots[i].as_mut().expect("live segment").absorb(right);
        version[i] += 1;
        next[i] = next[j];
        if let Some(k) = next[j] {
            prev[k] = Some(i);
        }
        if let Some(p) = prev[i] {
            push(&mut heap, &slots, &version, p, i);
        }
        if let Some(k) = next[i] {
            push(&mut heap, &slots, &version, i, k);
        }
    }
    slots.into_iter().flatten().collect()
}

/// A headline-shaped line with this many topic words or more that shares none with the story
/// under it is not the story's headline when other lines stand between them.
const UNRELATED_HEADLINE_WORDS: usize = 3;

/// A headline shares words with its story. One with [`UNRELATED_HEADLINE_WORDS`] topic words
/// or more that shares none with the first paragraphs, and with lines between it and them
/// (kept or removed: a date line, chrome, a label), is not the story's. (Measured on the
/// labelled dumps: such a title is wrong three times in four; with nothing between, a title
/// that shares no word is right about as often as wrong: opinion columns, poems.)
fn unrelated_headline(
    ctx: &Context,
    kept: &Kept,
    (units, pool): (&[Unit], &[u64]),
    title: usize,
    body: &[usize],
) -> bool {
    let Some(&first) = body.iter().find(|&&u| u > title) else {
        return false;
    };
    let words = units[title].words(pool);
    if words.len() < UNRELATED_HEADLINE_WORDS {
        return false;
    }
    let apart =
        title + 1 < first || removed_between(ctx, kept, units[title].line, units[first].line) > 0;
    apart
        && !body.iter().take(3).any(|&u| {
            let b = units[u].words(pool);
            words.iter().any(|w| has_word(b, *w))
        })
}

/// Lines that had text but were removed by rules between two lines (exclusive).
fn removed_between(ctx: &Context, kept: &Kept, a: usize, b: usize) -> usize {
    (a + 1..b)
        .filter(|&l| !kept.is_kept(l) && !ctx.doc.lines[l].content.is_empty())
        .count()
}

/// The headline of the body that follows `gap`: among the headline-shaped lines near its end,
/// the one sharing most words with the body (the nearest on a tie).
fn find_headline(
    ctx: &Context,
    kept: &Kept,
    (units, pool): (&[Unit], &[u64]),
    gap: &[usize],
    body_words: &[u64],
    params: &SplitParams,
    marked_headings: bool,
) -> Option<usize> {
    // A list of links (tags, related stories) between the headline and the body is looked
    // through: its items are neither the headline nor distance from it.
    let link = |u: usize| units[u].feat.bullet && !units[u].feat.ends_sentence;
    let window = gap
        .iter()
        .rev()
        .copied()
        .filter(|&u| !link(u))
        .take(params.headline_window);
    let mut best: Option<(f32, usize)> = None;
    for (dist, u) in window.enumerate() {
        let f = &units[u].feat;
        if !f.is_headline_shaped() || (f.ends_sentence && f.words > 12) {
            continue;
        }
        if marked_headings
            && ctx
                .evidence(units[u].line)
                .is_some_and(|e| e.heading == 0 && e.link_density() < 0.5)
        {
            continue;
        }
        let words = units[u].words(pool);
        let found = if words.is_empty() {
            0.0
        } else {
            words.iter().filter(|w| has_word(body_words, **w)).count() as f32 / words.len() as f32
        };
        // A heading mark left by the flattener ("## ") is the page saying so.
        let text = text_of(ctx, kept, units[u].line);
        let heading = text.starts_with('#');
        // Headlines rarely end with a full stop; captions and standfirsts do.
        let full_stop = text.ends_with('.') && !text.ends_with("..");
        let score = found - dist as f32 * 0.05
            + if heading { 0.3 } else { 0.0 }
            + heading_bonus(ctx, units[u].line)
            - if full_stop { 0.3 } else { 0.0 };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, u));
        }
    }
    best.map(|(_, u)| u)
}

/// Lines a page's header block spans (its title, date, byline and share bar): the page's
/// headline is looked for this far above the one found next to the body. (On the dev set the
/// two stand 1 to 10 lines apart.)
const PAGE_HEADER_LINES: usize = 12;

/// The page's own headline above the headline `h` found next to a body: a headline-shaped
/// line further up the gap, across the page's date and byline lines, that holds at least half
/// of `h`'s words (two or more). A page prints its headline at the top and often a copy or a
/// shorter variant of it next to the body (a second title, a caption); the document starts
/// at the first. The furthest such line within [`PAGE_HEADER_LINES`] is taken, and on a page
/// that marks its headlines up only a heading element; `h` when there is none.
fn page_headline_above(
    ctx: &Context,
    (units, pool): (&[Unit], &[u64]),
    gap: &[usize],
    h: usize,
    marked_headings: bool,
) -> usize {
    let words = units[h].words(pool);
    if words.len() < 2 {
        return h;
    }
    let top = units[h].line.saturating_sub(PAGE_HEADER_LINES);
    gap.iter()
        .rev()
        .copied()
        .filter(|&u| u < h)
        .take_while(|&u| units[u].line >= top)
        .filter(|&u| {
            let f = &units[u].feat;
            let heading = || {
                ctx.evidence(units[u].line)
                    .is_some_and(|e| (1..=3).contains(&e.heading))
            };
            f.is_headline_shaped() && !f.ends_sentence && (!marked_headings || heading()) && {
                let shared = units[u]
                    .words(pool)
                    .iter()
                    .filter(|w| has_word(words, **w))
                    .count();
                shared >= 2 && shared * 2 >= words.len()
            }
        })
        .last()
        .unwrap_or(h)
}

/// Which articles are teaser-sized: (a later paragraph continues the story, it stands in a run
/// of three or more teaser-like articles).
fn teasers(
    articles: &[(Option<usize>, Vec<usize>)],
    comments: &[Option<Detector>],
    units: &[Unit],
    starts: &StartFinder,
    params: &SplitParams,
) -> (Vec<bool>, Vec<bool>) {
    let mass = |body: &[usize]| prose_mass(units, body);
    // A short story is no teaser when a paragraph after its first goes on with the story
    // (وأضاف، وشهدت): a teaser is a headline and a lead, with nothing after it. Measured for
    // Arabic only: an English index page's teasers can run to a second paragraph ("It said").
    let story_lead: Vec<bool> = articles
        .iter()
        .map(|(_, body)| {
            body.iter()
                .filter(|&&u| units[u].prose)
                .skip(1)
                .any(|&u| starts.script(u) == Script::Arabic && starts.opening(u).continuation)
        })
        .collect();
    // Teasers: headline-and-a-paragraph stretches that come three or more in a row are a
    // headline list, whatever their size; when nothing else is left the page is an index.
    // Reader comments are no teasers: a short story with two comments under it is no list.
    let teaser_like: Vec<bool> = articles
        .iter()
        .zip(&story_lead)
        .zip(comments)
        .map(|(((_, body), &lead), comment)| {
            let (chars, paragraphs) = mass(body);
            paragraphs <= params.teaser_paragraphs
                && chars < params.teaser_chars
                && !lead
                && comment.is_none()
        })
        .collect();
    let mut in_teaser_run = vec![false; articles.len()];
    let mut i = 0;
    while i < articles.len() {
        let end = (i..articles.len())
            .find(|&j| !teaser_like[j])
            .unwrap_or(articles.len());
        if end - i >= params.teaser_run {
            in_teaser_run[i..end].iter_mut().for_each(|t| *t = true);
        }
        i = end.max(i + 1);
    }
    (story_lead, in_teaser_run)
}

/// Characters and paragraphs of prose among the units of an article's body.
fn prose_mass(units: &[Unit], body: &[usize]) -> (usize, usize) {
    let prose = body
        .iter()
        .map(|&u| &units[u])
        .filter(|u| u.prose || is_sentence_line(&u.feat));
    prose.fold((0, 0), |(chars, n), u| (chars + u.feat.chars, n + 1))
}

/// A whole sentence on a line of its own, too telegraphic to pass for prose (Arabic glues most
/// function words on): a lead or a short paragraph of the story it stands in.
fn is_sentence_line(f: &LineFeatures) -> bool {
    f.ends_sentence && f.words >= 10 && f.clean_start && !f.bullet
}

/// Characters of prose in a stretch of units.
fn prose_chars(units: &[Unit]) -> usize {
    units.iter().filter(|u| u.prose).map(|u| u.feat.chars).sum()
}

/// Prints a candidate's evidence, score and verdict on standard error (`GHARBAL_SPLIT_FEATURES`
/// set): what `scripts/fit-split` fits the weights from.
fn dump_candidate(
    (prev, line): (usize, usize),
    place: Place,
    script: Script,
    e: &StartEvidence,
    w: &Weights,
    yes: bool,
) {
    let values: Vec<String> = e.values().iter().map(|v| format!("{v:.4}")).collect();
    eprintln!(
        "CAND\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{}",
        prev + 1,
        line + 1,
        place.name(),
        script.model_name(),
        values.join("\t"),
        w.model(script, place).score(e),
        u8::from(yes)
    );
}

/// Measures the evidence for a document start at a prose unit: how it opens, how the
/// paragraph before ends, and the topic of the paragraphs around it. What every candidate needs
/// is measured once, up front.
struct StartFinder<'a> {
    ctx: &'a Context<'a>,
    kept: &'a Kept,
    units: &'a [Unit],
    cues: &'static Cues,
    /// The prose units, in order.
    prose: Vec<usize>,
    /// By prose unit: how it opens and its script.
    openings: Vec<cues::Opening>,
    scripts: Vec<Script>,
    pool: &'a [u64],
    /// Measure the topic at every candidate, needed or not (`GHARBAL_SPLIT_FEATURES`).
    measure_all: bool,
}

/// Paragraphs on each side whose words are compared.
const TOPIC_WINDOW: usize = 3;

/// The longest line a flattener's wrapping makes: a line of words no longer than this may be
/// a piece of a paragraph cut at the line width.
const WRAPPED_LINE_CHARS: usize = 110;

/// What `explain` says of a start refused at a numbered paragraph.
const LIST_ITEM_NOTE: &str =
    "it opens with a list number: an item of a list, not a story's first paragraph";

/// What `explain` says of a start placed after a page cut off in mid-sentence.
const PAGE_CUT_NOTE: &str =
    "the paragraph before stops in mid-sentence, on a small letter, and this one opens with a capital: a stored page cut short, and the next page";

impl<'a> StartFinder<'a> {
    /// `measure_all`: measure the topic at every candidate (for `GHARBAL_SPLIT_FEATURES`).
    fn new(
        ctx: &'a Context<'a>,
        kept: &'a Kept,
        (units, pool): (&'a [Unit], &'a [u64]),
        measure_all: bool,
    ) -> Self {
        let prose: Vec<usize> = (0..units.len()).filter(|&u| units[u].prose).collect();
        let cues = Cues::builtin();
        let mut finder = StartFinder {
            ctx,
            kept,
            units,
            cues,
            openings: Vec::with_capacity(prose.len()),
            scripts: Vec::with_capacity(prose.len()),
            pool,
            measure_all,
            prose,
        };
        for k in 0..finder.prose.len() {
            let u = finder.prose[k];
            finder.openings.push(finder.measure_opening(u));
            finder.scripts.push(Script::of(finder.text(u)));
        }
        finder
    }

    fn text(&self, u: usize) -> &str {
        text_of(self.ctx, self.kept, self.units[u].line)
    }

    /// How unit `u`'s line opens, read from the words its fold recorded.
    fn measure_opening(&self, u: usize) -> cues::Opening {
        let line = self.units[u].line;
        let mut buf = [""; cues::OPENING_WORDS];
        let mut n = 0;
        for (slot, w) in buf.iter_mut().zip(self.ctx.kept_words(self.kept, line)) {
            *slot = w.text;
            n += 1;
        }
        self.cues.opening_of(self.text(u), &buf[..n])
    }

    /// Whether prose unit `u` follows running prose cut off in mid-sentence, right before it:
    /// the paragraph `prev` holds a sentence end, is longer than a wrapped line and stops on a
    /// small letter, and `u` opens with a capital. A store that keeps a page's first
    /// characters cuts it so, and the next page follows on the next line. An article's
    /// paragraphs end on a stop; a caption or a headline holds no sentence end; and case tells
    /// the cut only in scripts that have it, so Arabic is left to the models. Only paragraphs
    /// next to each other are asked: with lines between (a subheading, an embedded post, a
    /// caption), an article's own text often stops mid-sentence where the page had a chart or
    /// a link, and goes on after it (on 300 dumps composed from the HTML benchmarks' articles,
    /// 31 such starts were wrong and none right).
    fn after_page_cut(&self, prev: usize, u: usize) -> bool {
        let before = &self.units[prev].feat;
        if !before.inner_sentence_end || before.ends_sentence || before.chars <= WRAPPED_LINE_CHARS
        {
            return false;
        }
        // The last word is a word of letters ending in a small one: an address ("visit
        // www.example.org"), a handle or a number closes many a paragraph without a stop.
        let last = self.text(prev).split_whitespace().next_back().unwrap_or("");
        let stops_small = last
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
            && last.chars().next_back().is_some_and(char::is_lowercase);
        stops_small
            && self
                .text(u)
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    /// Whether unit `u` opens with a list number: one or two digits and a mark ("1 – ",
    /// "2. ", "(3) ", "٤- "). Of the 106 such paragraphs among the candidate starts of the dev,
    /// composed and Latin composed cases, none began a document: a story opens with its
    /// headline or its lead, and a numbered paragraph is the next point of a list (the clauses
    /// of a statement, the steps of a plan).
    fn opens_list_item(&self, u: usize) -> bool {
        let t = self.text(u).trim_start();
        let t = t.strip_prefix(['(', '[']).unwrap_or(t);
        let digit =
            |c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c);
        let digits = t.chars().take_while(|&c| digit(c)).count();
        if !(1..=2).contains(&digits) {
            return false;
        }
        let rest = t.trim_start_matches(digit).trim_start_matches(' ');
        let mut rest = rest.chars();
        rest.next()
            .is_some_and(|c| matches!(c, '-' | '–' | '—' | '.' | ')' | ']' | ':'))
            && rest.next().is_some_and(char::is_whitespace)
    }

    /// The index of prose unit `u` among the prose units, if it is one.
    fn prose_index(&self, u: usize) -> Option<usize> {
        self.prose.binary_search(&u).ok()
    }

    /// The script of unit `u`, which picks the model that weighs it.
    fn script(&self, u: usize) -> Script {
        match self.prose_index(u) {
            Some(k) => self.scripts[k],
            None => Script::of(self.text(u)),
        }
    }

    /// How the line of unit `u` opens.
    fn opening(&self, u: usize) -> cues::Opening {
        match self.prose_index(u) {
            Some(k) => self.openings[k],
            None => self.measure_opening(u),
        }
    }

    /// The evidence at prose unit `u`, on top of what the gap before it says (`base`); the
    /// topic is left to [`decide`](Self::decide).
    fn evidence(&self, u: usize, base: StartEvidence) -> StartEvidence {
        let k = self.prose.partition_point(|&p| p < u);
        StartEvidence {
            opening: self.opening(u),
            prev_cut: k > 0 && !self.units[self.prose[k - 1]].feat.ends_sentence,
            ..base
        }
    }

    /// Whether `model` places a start at prose unit `u` on evidence `e`, measuring the topic
    /// into `e` only when it could change the verdict.
    fn decide(&self, model: &boundary::Model, u: usize, e: &mut StartEvidence) -> bool {
        if !self.measure_all {
            if let Some(verdict) = model.starts_whatever_the_topic(e) {
                return verdict;
            }
        }
        (e.continuity, e.cosine) = self.topic_at(u);
        e.topic_break = e.continuity < boundary::TOPIC_BREAK;
        e.topic_measured = true;
        model.starts(e)
    }

    /// Topic continuity and cosine of the paragraphs from prose unit `u` on against those
    /// before it, [`TOPIC_WINDOW`] on each side.
    fn topic_at(&self, u: usize) -> (f32, f32) {
        let k = self.prose.partition_point(|&p| p < u);
        let window = |r: &[usize]| {
            let words = |p: &usize| self.units[*p].words(self.pool);
            let mut c = WordCounts::with_capacity(r.iter().map(|p| words(p).len()).sum());
            for p in r {
                c.add(words(p));
            }
            c
        };
        let before = window(&self.prose[k.saturating_sub(TOPIC_WINDOW)..k]);
        let after = window(&self.prose[k..(k + TOPIC_WINDOW).min(self.prose.len())]);
        if before.is_empty() || after.is_empty() {
            (0.0, 0.0)
        } else {
            before.compare(&after)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{clean_text, RuleSet};

    fn documents(text: &str) -> Vec<String> {
        let out = clean_text(text.to_string(), &RuleSet::builtin());
        out.documents
            .iter()
            .map(|d| d.text(&out.document))
            .collect()
    }

    /// Two stories on one subject, each a headline and a lead verb: the topic barely changes,
    /// the lead says a story starts.
    #[test]
    fn same_topic_stories_split_at_their_leads() {
        let docs = documents(concat!(
        "موجة حر شديدة تضرب المنطقة الشرقية هذا الأسبوع\n",
        "أعلنت الهيئة العامة للأرصاد الجوية اليوم الأحد أن موجة حر شديدة ستضرب المنطقة الشرقية خلال الأيام المقبلة، وأن درجات الحرارة قد تتجاوز الخمسين درجة مئوية في بعض المدن الساحلية.\n",
        "وأضاف المتحدث باسم الهيئة أن الرطوبة ستكون مرتفعة على السواحل، داعيا المواطنين إلى تجنب التعرض لأشعة الشمس في ساعات الظهيرة وشرب كميات كافية من الماء.\n",
        "وأوضح أن الموجة ستستمر حتى نهاية الأسبوع، وأن الهيئة ستصدر تحديثات يومية عن حالة الطقس عبر موقعها وحساباتها الرسمية.\n",
        "الحر يربك حركة الكهرباء في المدن الكبرى\n",
        "قالت شركة الكهرباء مساء أمس إن الأحمال على الشبكة بلغت مستوى قياسيا بسبب ارتفاع درجات الحرارة، وإن فرقها تعمل على مدار الساعة لمنع انقطاع التيار عن الأحياء السكنية.\n",
        "وأشارت الشركة في بيانها إلى أن بعض الأحياء شهدت انقطاعات قصيرة، مؤكدة أن الخدمة عادت خلال أقل من ساعة، وأنها ستعوض المتضررين وفق اللوائح المعمول بها.\n",
        "ودعت الشركة المشتركين إلى ترشيد الاستهلاك في ساعات الذروة وضبط أجهزة التكييف على درجة معتدلة حتى تمر الموجة بسلام.\n",
    ));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("الحر يربك"), "{docs:#?}");
    }

    /// A statement's numbered clauses under a heading: the heading looks like a headline and
    /// the clauses follow a gap, but a paragraph that opens with a list number is the next
    /// point of a list, not the first paragraph of a story.
    #[test]
    fn a_numbered_paragraph_does_not_start_a_story() {
        let text = concat!(
            "أعلنت وزارة الزراعة اليوم الأحد عن خطة جديدة لدعم المزارعين في المناطق الجنوبية، تشمل قروضا ميسرة وبذورا محسنة وتدريبا على أساليب الري الحديثة.\n",
            "وأضاف المتحدث باسم الوزارة أن الخطة ستنفذ على ثلاث مراحل خلال العامين المقبلين، وأن المرحلة الأولى تبدأ مع الموسم الزراعي القادم في الخريف.\n",
            "وأوضح أن الوزارة وقعت اتفاقا مع اتحاد المزارعين لتنظيم العمل بين الطرفين، ونشرت بنوده كاملة على موقعها الرسمي مساء اليوم.\n",
            "\n",
            "بنود الاتفاق بين الوزارة واتحاد المزارعين\n",
            "\n",
            "1 – تلتزم الوزارة بتقديم القروض الميسرة للمزارعين المسجلين في الاتحاد خلال ثلاثين يوما من تقديم الطلب، على أن تسدد على خمس سنوات.\n",
            "2 – يلتزم الاتحاد بتوزيع البذور المحسنة على أعضائه بحسب مساحة الأرض المزروعة، وبإبلاغ الوزارة بكميات التوزيع كل شهر.\n",
            "3 – تنظم الوزارة دورات تدريبية على أساليب الري الحديثة في كل محافظة، ويختار الاتحاد المشاركين فيها من بين أعضائه.\n",
        );
        let docs = documents(text);
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].contains("3 – تنظم الوزارة"), "{docs:#?}");
    }

    /// Two English pages glued together, the first cut off in mid-sentence by the store that
    /// kept it: the next paragraph, with a capital, starts a document. The same paragraphs
    /// with the first page ending on a stop stay one document (the Latin models place no
    /// start inside a run of paragraphs), and so does a cut page followed by a paragraph that
    /// goes on in small letters.
    #[test]
    fn a_page_cut_in_mid_sentence_ends_before_the_next_page() {
        let page = |last: &str, next: &str| {
            format!(
                "{}\n{}\n{}\n{}\n{}\n",
                "The harbour board voted on Monday to raise mooring fees for the third year running, saying that repairs to the old breakwater could not wait any longer.",
                "Fishermen at the meeting said the increase would push some of the smaller boats out of the harbour altogether, and asked the board to phase it in over two years.",
                last,
                next,
                "Council members said the money would come from the reserve fund, and that the first classes could use the new rooms before the winter term begins in January.",
            )
        };
        let cut = "The board said the fees would be reviewed in the spring. Its chairman told reporters that every boat owner would receive a letter explaining the new";
        let address = "The board said the fees would be reviewed in the spring. Owners can read the new rules on the harbour board's website at www.harbourboard.example";
        let whole = "The board said the fees would be reviewed in the spring. Its chairman told reporters that every boat owner would receive a letter explaining the change.";
        let next = "City council members approved a plan on Tuesday to build four new classrooms at the primary school on Hill Road, where pupils have been taught in portable huts.";
        let docs = documents(&page(cut, next));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("City council members"), "{docs:#?}");
        assert_eq!(documents(&page(whole, next)).len(), 1);
        let goes_on = "city council members approved a plan on Tuesday to build four new classrooms at the primary school on Hill Road, where pupils have been taught in portable huts.";
        assert_eq!(documents(&page(cut, goes_on)).len(), 1);
        // A paragraph that ends on a web address has no stop, and is no cut page.
        assert_eq!(documents(&page(address, next)).len(), 1);
    }

    /// The second story glued on with no headline: its lead verb cuts the run of paragraphs.
    #[test]
    fn a_headless_story_glued_to_the_one_before_is_cut_at_its_lead() {
        let docs = documents(concat!(
        "موجة حر شديدة تضرب المنطقة الشرقية هذا الأسبوع\n",
        "أعلنت الهيئة العامة للأرصاد الجوية اليوم الأحد أن موجة حر شديدة ستضرب المنطقة الشرقية خلال الأيام المقبلة، وأن درجات الحرارة قد تتجاوز الخمسين درجة مئوية في بعض المدن الساحلية.\n",
        "وأضاف المتحدث باسم الهيئة أن الرطوبة ستكون مرتفعة على السواحل، داعيا المواطنين إلى تجنب التعرض لأشعة الشمس في ساعات الظهيرة وشرب كميات كافية من الماء.\n",
        "وأوضح أن الموجة ستستمر حتى نهاية الأسبوع، وأن الهيئة ستصدر تحديثات يومية عن حالة الطقس عبر موقعها وحساباتها الرسمية.\n",
        "قالت شركة الكهرباء مساء أمس إن الأحمال على الشبكة بلغت مستوى قياسيا بسبب ارتفاع درجات الحرارة، وإن فرقها تعمل على مدار الساعة لمنع انقطاع التيار عن الأحياء السكنية.\n",
        "وأشارت الشركة في بيانها إلى أن بعض الأحياء شهدت انقطاعات قصيرة، مؤكدة أن الخدمة عادت خلال أقل من ساعة، وأنها ستعوض المتضررين وفق اللوائح المعمول بها.\n",
        "ودعت الشركة المشتركين إلى ترشيد الاستهلاك في ساعات الذروة وضبط أجهزة التكييف على درجة معتدلة حتى تمر الموجة بسلام.\n",
    ));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("قالت شركة الكهرباء"), "{docs:#?}");
    }

    /// A tag list between a story's headline and its body is looked through: the headline
    /// still opens the document, and the tags go.
    #[test]
    fn a_headline_above_a_tag_list_is_the_story_s_headline() {
        let docs = documents(concat!(
        "انقطاع الكهرباء عن أحياء واسعة في المدينة بسبب عطل فني\n",
        "أعلنت شركة الكهرباء اليوم الأحد عن انقطاع التيار عن عدد من الأحياء الشمالية في المدينة، بسبب عطل فني في محطة التحويل الرئيسية، وقالت إن فرقها تعمل على إصلاحه.\n",
        "وأضافت الشركة في بيان أن التيار سيعود تدريجيا خلال ساعات، داعية السكان إلى ترشيد الاستهلاك بعد عودته، وإلى الإبلاغ عن أي أعطال في الشبكة.\n",
        "وأوضح البيان أن العطل نتج عن ارتفاع الأحمال مع موجة الحر التي تشهدها البلاد منذ أيام، وأن الشركة ستنشر جدولا بمواعيد الصيانة المقبلة.\n",
        "\n",
        "المزارعون يطالبون بتعويضات عن خسائر موسم القمح\n",
        "- المزارعون\n",
        "- القمح\n",
        "- الحصاد\n",
        "- وزارة الزراعة\n",
        "- التعويضات\n",
        "- الجفاف\n",
        "- الأسعار\n",
        "- المحاصيل\n",
        "- الري\n",
        "- الأسواق\n",
        "طالب مزارعو القمح في المنطقة الجنوبية وزارة الزراعة بصرف تعويضات عاجلة عن الخسائر التي لحقت بمحاصيلهم هذا الموسم، بعد أشهر من الجفاف وارتفاع أسعار الأسمدة.\n",
        "وقال ممثل عن المزارعين إن إنتاج الحقول تراجع إلى النصف تقريبا، وإن كثيرا من الأسر باتت عاجزة عن سداد ديونها للمصارف، مطالبا الحكومة بتأجيل الأقساط.\n",
        "وأشار إلى أن المزارعين سينظمون وقفة أمام مقر الوزارة الأسبوع المقبل إذا لم تستجب الحكومة لمطالبهم، مؤكدا أن تحركهم سلمي.\n",
    ));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(
            docs[1].starts_with("المزارعون يطالبون بتعويضات"),
            "{docs:#?}"
        );
        assert!(!docs[1].contains("- الحصاد"), "{docs:#?}");
    }

    /// A short story whose lead is a whole sentence too telegraphic to pass for prose (no
    /// function word stands apart) still has two paragraphs: it is a document, not a teaser.
    #[test]
    fn a_short_story_with_a_telegraphic_lead_is_kept() {
        let docs = documents(concat!(
        "وزارة الصحة تطلق حملة وطنية للتطعيم ضد الحصبة في المدارس\n",
        "أعلنت وزارة الصحة اليوم الإثنين عن إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف طلاب المدارس الابتدائية في جميع المناطق، وقالت إن الحملة تستمر ثلاثة أسابيع.\n",
        "وأضافت الوزارة في بيان أن فرقها الميدانية ستزور المدارس وفق جدول معلن مسبقا، داعية أولياء الأمور إلى التأكد من تسجيل أبنائهم في المنصة الإلكترونية قبل بدء الحملة.\n",
        "وأوضح البيان أن اللقاح آمن ومجاني، وأن المراكز الصحية ستستقبل من فاتته الحملة المدرسية حتى نهاية الشهر المقبل، مؤكدا أن نسبة التغطية في العام الماضي تجاوزت تسعين في المئة.\n",
        "\n",
        "افتتاح معرض الكتاب بالطائف\n",
        "افتتحت أمس فعاليات معرض الكتاب الرابع بالطائف برعاية أمير المنطقة بمشاركة خمسين دار نشر محلية وعربية.\n",
        "وقدم مدير المعرض شرحا عن برامج الدورة الحالية وفعالياتها من الندوات والأمسيات الشعرية وورش الكتابة للأطفال، مشيرا إلى أن المعرض يستمر عشرة أيام.\n",
        "\n",
        "ارتفاع أسعار الخضار في الأسواق المركزية مع بداية الصيف\n",
        "شهدت الأسواق المركزية في المدينة ارتفاعا ملحوظا في أسعار الخضار مع بداية فصل الصيف، وعزا التجار ذلك إلى تراجع الإنتاج المحلي وارتفاع تكاليف النقل من المزارع البعيدة.\n",
        "وقال أحد التجار إن أسعار الطماطم تضاعفت خلال أسبوعين، وإن الإقبال على الشراء تراجع بشكل واضح، متوقعا أن تعود الأسعار إلى مستواها الطبيعي بعد شهر تقريبا.\n",
        "وأشار إلى أن الجهات الرقابية كثفت جولاتها على المحال التجارية للتأكد من الالتزام بالأسعار المعلنة، ومنع أي استغلال لحاجة المستهلكين في هذه الفترة.\n",
    ));
        assert_eq!(docs.len(), 3, "{docs:#?}");
        assert!(docs[1].starts_with("افتتاح معرض الكتاب"), "{docs:#?}");
        assert!(docs[1].contains("افتتحت أمس"), "{docs:#?}");
    }

    /// A page glued to the story before it, with no blank line and no headline, whose lead
    /// opens with a verb outside the lead list before a body ("كرمت وزارة ..."): the subject
    /// introduced in full starts the story.
    #[test]
    fn a_glued_page_whose_lead_introduces_its_subject_starts_a_story() {
        let docs = documents(concat!(
            "تشهد أسواق الخضار في المدينة ارتفاعا ملحوظا في الأسعار مع بداية فصل الصيف، ويعزو التجار ذلك إلى تراجع الإنتاج المحلي وارتفاع تكاليف النقل.\n",
            "وقال أحد التجار إن أسعار الطماطم تضاعفت خلال أسبوعين، وإن الإقبال على الشراء تراجع بشكل واضح في الأيام الأخيرة.\n",
            "وأشار إلى أن الجهات الرقابية كثفت جولاتها على المحال التجارية للتأكد من الالتزام بالأسعار المعلنة ومنع أي استغلال.\n",
            "كرمت وزارة التعليم الطلاب المتفوقين في امتحانات الثانوية العامة خلال حفل أقيم في قاعة المؤتمرات بحضور أولياء الأمور والمعلمين.\n",
            "وتسلم الطلاب الأوائل شهادات تقدير وجوائز مالية، فيما ألقى مدير التعليم كلمة هنأ فيها الطلاب وأسرهم على هذا الإنجاز.\n",
            "وأكد أن الوزارة ستواصل دعم المتفوقين عبر برامج الابتعاث والمنح الدراسية في الجامعات المحلية والدولية خلال العام المقبل.\n",
        ));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("كرمت وزارة التعليم"), "{docs:#?}");
    }

    /// A headline over a one-sentence lead and a paragraph that goes on (وتم) is a story
    /// however short; the same headline and lead without the paragraph after them is a teaser.
    #[test]
    fn a_tiny_story_whose_second_paragraph_goes_on_is_kept() {
        let story = concat!(
            "وزارة الصحة تطلق حملة وطنية للتطعيم ضد الحصبة في المدارس\n",
            "أعلنت وزارة الصحة اليوم الإثنين عن إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف طلاب المدارس الابتدائية في جميع المناطق، وقالت إن الحملة تستمر ثلاثة أسابيع.\n",
            "وأضافت الوزارة في بيان أن فرقها الميدانية ستزور المدارس وفق جدول معلن مسبقا، داعية أولياء الأمور إلى التأكد من تسجيل أبنائهم في المنصة الإلكترونية قبل بدء الحملة.\n",
            "وأوضح البيان أن اللقاح آمن ومجاني، وأن المراكز الصحية ستستقبل من فاتته الحملة المدرسية حتى نهاية الشهر المقبل.\n",
            "\n",
            "إغلاق جسر المدينة القديم أمام السيارات\n",
            "أغلقت البلدية صباح اليوم جسر المدينة القديم أمام حركة السيارات والشاحنات بسبب أعمال صيانة عاجلة في أساساته.\n",
        );
        let tail = "وتم تحويل السير إلى الطريق الدائري حتى إشعار آخر.\n";
        let docs = documents(&format!("{story}{tail}"));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("إغلاق جسر"), "{docs:#?}");
        assert!(docs[1].ends_with("حتى إشعار آخر."), "{docs:#?}");

        let docs = documents(story);
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(!docs[0].contains("إغلاق جسر"), "{docs:#?}");
    }

    /// A headless story whose lead is one telegraphic sentence (too few function words standing
    /// apart to pass for prose) before its paragraphs: the lead opens the run and the story.
    #[test]
    fn a_one_sentence_lead_before_its_paragraphs_starts_the_story() {
        let docs = documents(concat!(
        "بلدية المدينة تفتتح حديقة عامة جديدة في الحي الشرقي\n",
        "افتتحت بلدية المدينة صباح اليوم حديقة عامة جديدة في الحي الشرقي، تضم ملاعب للأطفال ومسارات للمشي ومساحات خضراء واسعة، وذلك ضمن خطة لزيادة المساحات المفتوحة في الأحياء السكنية.\n",
        "وقال رئيس البلدية خلال حفل الافتتاح إن الحديقة ستكون مفتوحة للعموم طوال أيام الأسبوع، وإن البلدية ستنظم فيها أنشطة ثقافية ورياضية للأسر في عطلات نهاية الأسبوع.\n",
        "وأضاف أن البلدية تعمل على إنشاء ثلاث حدائق أخرى في أحياء مختلفة خلال العام المقبل، داعيا السكان إلى المحافظة على المرافق العامة والإبلاغ عن أي أعطال فيها.\n",
        "\n",
        "أعلنت وزارة النقل أمس الأحد، بدء تشغيل خط الحافلات السريع بين العاصمة والمطار الدولي.\n",
        "وأوضحت الوزارة في بيان أن الخط يعمل على مدار الساعة بمعدل رحلة كل عشرين دقيقة، وأن أسعار التذاكر ستكون في متناول الجميع مع تخفيضات خاصة للطلاب وكبار السن.\n",
        "وأشار البيان إلى أن الحافلات الجديدة مزودة بشبكة إنترنت لاسلكية ومساحات مخصصة للأمتعة، وأن الوزارة تدرس إضافة خطوط مماثلة إلى مدن أخرى خلال الأشهر المقبلة.\n",
    ));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("أعلنت وزارة النقل"), "{docs:#?}");
    }

    /// After a comment form, three paragraphs back to back are an appended story, not reader
    /// comments; a lone first-person remark there still is a comment.
    #[test]
    fn a_story_after_a_comment_form_is_kept_and_a_comment_is_not() {
        let story = concat!(
            "ارتفاع عدد زوار المتحف الوطني خلال العطلة الصيفية\n",
            "أعلن المتحف الوطني اليوم أن عدد زواره خلال العطلة الصيفية تجاوز مئة ألف زائر، في أعلى رقم يسجله منذ افتتاحه، وعزا ذلك إلى المعارض المؤقتة الجديدة والبرامج التعليمية للأطفال.\n",
            "وقالت مديرة المتحف إن القاعات الجديدة المخصصة للآثار الإسلامية استقطبت العدد الأكبر من الزوار، وإن المتحف سيمدد ساعات العمل حتى العاشرة مساء في عطلات نهاية الأسبوع.\n",
            "وأضافت أن إدارة المتحف تعمل على إطلاق جولات افتراضية عبر الإنترنت لمن لا يستطيعون الحضور، مشيرة إلى أن الدخول سيبقى مجانيا للطلاب وكبار السن.\n",
            "أضف تعليقك\n",
            "وتعمل فرق الصيانة منذ أسابيع على إصلاح الطريق الساحلي الذي تضرر بفعل الأمطار الغزيرة التي شهدتها المنطقة في الشتاء الماضي، وتسببت في انهيار أجزاء من جانبه الشمالي.\n",
            "وتشمل الأعمال إعادة رصف المقاطع المتضررة وبناء جدران استنادية جديدة لحماية الطريق من الانجراف، إضافة إلى تركيب إنارة حديثة على امتداد عشرين كيلومترا.\n",
            "ويتوقع المسؤولون أن تنتهي الأشغال قبل بداية الموسم السياحي المقبل، على أن يبقى الطريق مفتوحا أمام حركة السير في اتجاه واحد خلال فترة العمل.\n",
        );
        let docs = documents(story);
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("وتعمل فرق الصيانة"), "{docs:#?}");
        let (article, _) = story.split_once("أضف تعليقك\n").unwrap();
        let remark =
            "أنا زرت المتحف الأسبوع الماضي مع أولادي وكانت التجربة رائعة جدا، شكرا للقائمين عليه.\n";
        let out = clean_text(
            format!("{article}أضف تعليقك\n{remark}"),
            &RuleSet::builtin(),
        );
        assert_eq!(out.documents.len(), 1);
        assert!(
            out.removals.iter().any(|r| r.rule == "reader-comment"),
            "{:?}",
            out.removals
        );
    }

    /// After a comment form, a headless story whose paragraphs go on from each other ("وأضاف")
    /// is a story, even when a label parts its first two paragraphs from the rest; so is one
    /// that holds three paragraphs back to back after such a label.
    #[test]
    fn a_story_after_a_comment_form_is_told_by_its_continuations_or_a_run() {
        let article = concat!(
            "ارتفاع عدد زوار المتحف الوطني خلال العطلة الصيفية\n",
            "أعلن المتحف الوطني اليوم أن عدد زواره خلال العطلة الصيفية تجاوز مئة ألف زائر، في أعلى رقم يسجله منذ افتتاحه، وعزا ذلك إلى المعارض المؤقتة الجديدة والبرامج التعليمية للأطفال.\n",
            "وقالت مديرة المتحف إن القاعات الجديدة المخصصة للآثار الإسلامية استقطبت العدد الأكبر من الزوار، وإن المتحف سيمدد ساعات العمل حتى العاشرة مساء في عطلات نهاية الأسبوع.\n",
            "أضف تعليقك\n",
        );
        let continued = concat!(
            "حسم التعادل مباراة الفريقين التي جرت مساء السبت على ملعب المدينة الرياضي، في لقاء غابت عنه الفرص الخطيرة طوال شوطيه أمام جمهور غفير ملأ المدرجات.\n",
            "وتقاسم الفريقان نقاط المباراة، ليرفع الفريق المضيف رصيده إلى النقطة الرابعة في جدول الترتيب، بينما حصد الضيوف نقطتهم الأولى هذا الموسم.\n",
            "نتيجة المباراة\n",
            "وشهد الشوط الأول سيطرة متبادلة على الكرة في وسط الملعب، من دون خطورة حقيقية على المرميين في ظل تألق خط الدفاع لدى الفريقين.\n",
            "واستمر الوضع كما هو عليه في الشوط الثاني، وإن زادت سيطرة أصحاب الأرض نسبيا بعد التغييرات التي أجراها المدرب في الدقائق الأخيرة.\n",
        );
        let docs = documents(&format!("{article}{continued}"));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("حسم التعادل"), "{docs:#?}");

        let minutes = concat!(
            "Les membres du conseil municipal, légalement convoqués, se sont assemblés au lieu ordinaire de leurs séances, sous la présidence du maire, à vingt heures trente.\n",
            "Présents :\n",
            "Le procès-verbal de la précédente séance est adopté à l'unanimité, sans observation, après une courte lecture par le secrétaire de séance.\n",
            "Le maire présente les comptes administratifs de l'exercice écoulé, qui font apparaître un excédent de fonctionnement de cent mille euros.\n",
            "Le conseil approuve à l'unanimité les comptes administratifs, puis vote les taux des taxes locales, inchangés par rapport à l'an dernier.\n",
        );
        let story = concat!(
            "Incendie d'une maison en bois\n",
            "Un voisin a donné l'alerte peu après neuf heures du soir, quand il a vu de la fumée s'échapper du toit de la maison, et les secours sont arrivés en quelques minutes.\n",
            "La propriétaire, sortie non loin de là au moment du sinistre, a été relogée dans sa famille, et la mairie devrait lancer un appel à la générosité des habitants.\n",
            "Laisser un commentaire\n",
        );
        let docs = documents(&format!("{story}{minutes}"));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].contains("Le maire présente"), "{docs:#?}");
    }

    /// A back-to-top button ends a page: a headless story on the same subject after it is a
    /// document of its own, where without the button the two would read as one.
    #[test]
    fn a_page_foot_button_ends_the_page() {
        let first = concat!(
            "Heat wave grips the region for a fifth day\n",
            "Temperatures in the region passed 44 degrees for a fifth day on Sunday, and the weather office kept its red warning in place until Wednesday at the earliest.\n",
            "Hospitals reported a rise in heat stroke cases among outdoor workers, and the health ministry asked employers to stop work between noon and four in the afternoon.\n",
            "The power company said demand had reached a record, and it asked households to limit the use of air conditioners in the evening peak.\n",
        );
        let second = concat!(
            "Farmers in the south are counting the cost of the heat, with wheat yields down by a third on last year and many fields left to burn in the sun.\n",
            "Water for irrigation is rationed to two days a week, and the farmers' union has asked the government for help to buy feed for their herds.\n",
            "The agriculture ministry will meet the union next week to discuss a relief package, an official of the ministry told reporters.\n",
        );
        assert_eq!(documents(&format!("{first}{second}")).len(), 1);
        let docs = documents(&format!("{first}Back to top\n{second}"));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("Farmers in the south"), "{docs:#?}");
    }

    /// A headless story of three short paragraphs after a strong lead is cut from the run when
    /// it is big enough to be kept as a document; a smaller one stays in the story before
    /// rather than be cut off and dropped as a teaser.
    #[test]
    fn a_short_three_paragraph_story_is_cut_only_when_it_can_be_kept() {
        let dump = concat!(
            "جامعة المدينة تعلن نتائج القبول للعام الدراسي الجديد\n",
            "أعلنت جامعة المدينة اليوم نتائج القبول للعام الدراسي الجديد، حيث قبلت أكثر من اثني عشر ألف طالب وطالبة في مختلف الكليات، بزيادة تقارب عشرة في المئة عن العام الماضي.\n",
            "وأوضحت الجامعة في بيان أن كليات الطب والهندسة سجلت أعلى معدلات القبول، وأن الطلاب المقبولين يستطيعون الاطلاع على نتائجهم عبر البوابة الإلكترونية ابتداء من يوم غد.\n",
            "وأضافت أن التسجيل الفعلي يبدأ الأسبوع المقبل ويستمر عشرة أيام، داعية الطلاب إلى استكمال وثائقهم قبل انتهاء المهلة حتى لا يفقدوا مقاعدهم.\n",
            "انطلقت صباح اليوم الثلاثاء امتحانات الشهادة الإعدادية في كل المحافظات، وسط إجراءات تنظيمية مشددة.\n",
            "ويشارك فيها نحو ثلاثين ألف تلميذ في مئتي مركز من المراكز.\n",
            "وتستمر الامتحانات في كل المراكز أربعة أيام من هذا الأسبوع.\n",
        );
        let docs = documents(dump);
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("انطلقت صباح اليوم"), "{docs:#?}");
        let (lead, _) = docs[1].split_once('\n').unwrap();
        let smaller = dump.replace(
            lead,
            "انطلقت صباح اليوم الثلاثاء امتحانات الشهادة الإعدادية في كل المحافظات.",
        );
        let docs = documents(&smaller);
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].contains("وتستمر الامتحانات"), "{docs:#?}");
    }

    /// A subheading followed by paragraphs that go on with the story (وأوضح، وتابع) is no
    /// new story.
    #[test]
    fn a_subheading_before_continuing_paragraphs_stays_in_the_story() {
        let docs = documents(concat!(
        "موجة حر شديدة تضرب المنطقة الشرقية هذا الأسبوع\n",
        "أعلنت الهيئة العامة للأرصاد الجوية اليوم الأحد أن موجة حر شديدة ستضرب المنطقة الشرقية خلال الأيام المقبلة، وأن درجات الحرارة قد تتجاوز الخمسين درجة مئوية في بعض المدن الساحلية.\n",
        "وأضاف المتحدث باسم الهيئة أن الرطوبة ستكون مرتفعة على السواحل، داعيا المواطنين إلى تجنب التعرض لأشعة الشمس في ساعات الظهيرة وشرب كميات كافية من الماء.\n",
        "نصائح للمواطنين في أيام الحر\n",
        "وأوضح المتحدث أن الموجة ستستمر حتى نهاية الأسبوع، وأن الهيئة ستصدر تحديثات يومية عن حالة الطقس عبر موقعها وحساباتها الرسمية، وأن على المواطنين متابعتها.\n",
        "وتابع أن الأطفال وكبار السن هم الأكثر عرضة لضربات الشمس، داعيا الأسر إلى إبقائهم في أماكن مكيفة خلال ساعات النهار وعدم تركهم في السيارات.\n",
    ));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].contains("وتابع أن الأطفال"), "{docs:#?}");
    }

    /// A story's last paragraph, short and without a final stop, stays in the story; a list of
    /// tags after it (as many commas as words) and a caption-like headline do not join it.
    #[test]
    fn a_short_closing_paragraph_without_a_stop_stays_in_the_story() {
        let story = concat!(
            "انقطاع الكهرباء عن أحياء واسعة في المدينة بسبب عطل فني\n",
            "أعلنت شركة الكهرباء اليوم الأحد عن انقطاع التيار عن عدد من الأحياء الشمالية في المدينة، بسبب عطل فني في محطة التحويل الرئيسية، وقالت إن فرقها تعمل على إصلاحه.\n",
            "وأضافت الشركة في بيان أن التيار سيعود تدريجيا خلال ساعات، داعية السكان إلى ترشيد الاستهلاك بعد عودته، وإلى الإبلاغ عن أي أعطال في الشبكة.\n",
        );
        let closing =
            "ويطالب السكان منذ سنوات بتجديد الشبكة القديمة في أحيائهم، حتى لا تتكرر الأعطال كل صيف";
        let tags = "كهرباء، أعطال، المدينة، صيف، شبكة، سكان، أحياء، طاقة، خدمات، بلدية";
        let docs = documents(&format!("{story}{closing}\n{tags}\n"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].ends_with(closing), "{docs:#?}");

        // One short sentence with a full stop closes a story too.
        let sentence = "وأغلق المحتجون الطريق لساعتين.";
        let docs = documents(&format!("{story}{sentence}\n{tags}\n"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].ends_with(sentence), "{docs:#?}");

        // Two sentences, the last one cut off where the dump ends: no comma, but a sentence
        // end inside.
        let cut = "يبرز انقطاع التيار المتكرر في الأحياء أهمية تجديد الشبكة القديمة لضمان \
                   استمرار الخدمة. ويبقى الأمل";
        let docs = documents(&format!("{story}{cut}\nالسبت 31 يناير 2026 09:16\n×\n"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].ends_with(cut), "{docs:#?}");

        // A connective opening ("أما", "and as for") with no other function word after it.
        let connective =
            "أما السكان فطالبوا شركة الكهرباء بتجديد الشبكة القديمة وتعويض الأسر المتضررة سريعا";
        let docs = documents(&format!("{story}{connective}\nالسبت 31 يناير 2026 09:16\n"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].ends_with(connective), "{docs:#?}");

        // Without the comma and the conjunction, the same words read as a headline.
        let headline = "السكان يطالبون منذ سنوات بتجديد الشبكة القديمة في أحيائهم قبل الصيف المقبل";
        let docs = documents(&format!("{story}{headline}\n{tags}\n"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(!docs[0].contains(headline), "{docs:#?}");
    }

    /// A headline that shares no word with the story under it, with a date line between them,
    /// is another page's headline: the story is a document without it. Right above the story,
    /// with nothing between, the same line stays its headline (a column's title need not share
    /// a word with its text).
    #[test]
    fn an_unrelated_headline_apart_from_the_story_is_not_its_headline() {
        let text = |between: &str| {
            format!(
                "{}\n{}\n{}\nFamous singer announces surprise world tour\n{between}{}\n{}\n",
                "Council approves the new budget",
                "The city council approved next year's budget on Monday evening, after a debate that lasted more than three hours.",
                "The majority defended higher spending on schools and roads, while the opposition warned that the debt was already too high.",
                "Firefighters battled a large blaze at a chemical plant near the harbour overnight, and residents were told to keep their windows closed.",
                "The fire brigade said nobody was hurt, and that the cause of the fire would be investigated once the site was safe again.",
            )
        };
        let docs = documents(&text("12 March 2024\n"));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("Firefighters battled"), "{docs:#?}");
        assert!(
            !docs.iter().any(|d| d.contains("Famous singer")),
            "{docs:#?}"
        );
        let docs = documents(&text(""));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[1].starts_with("Famous singer"), "{docs:#?}");
    }

    /// A headline and a short lead, then a subheading over paragraphs that open like a lead:
    /// one story, its lead kept, not a teaser dropped before a story of its own.
    #[test]
    fn a_short_lead_before_a_subheading_opens_the_story() {
        let docs = documents(concat!(
            "حريق كبير يلتهم سوق الخضار المركزي في المدينة فجر اليوم\n",
            "\n",
            "اندلع حريق كبير فجر اليوم في سوق الخضار المركزي بالمدينة، وأتت النيران على عشرات المحال قبل أن تتمكن فرق الدفاع المدني من السيطرة عليها.\n",
            "\n",
            "تفاصيل الحادث في ساعات الفجر\n",
            "\n",
            "تلقت غرفة العمليات بلاغا عند الساعة الرابعة، ودفعت بعشر سيارات إطفاء وصهاريج مياه، وعمل الرجال على محاصرة اللهب حتى لا يمتد إلى المباني السكنية المجاورة.\n",
            "وأوضح مدير الدفاع المدني أن الحادث لم يسفر عن إصابات بشرية، وأن لجنة تحقيق بدأت عملها لمعرفة الأسباب، مشيرا إلى أن الخسائر المادية كبيرة.\n",
            "وطالب التجار المتضررون البلدية بتعويضهم عن البضائع التي فقدوها وبإعادة تأهيل المكان في أقرب وقت ممكن، حتى يعودوا إلى أعمالهم.\n",
        ));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].starts_with("حريق كبير"), "{docs:#?}");
        assert!(docs[0].contains("اندلع حريق كبير"), "{docs:#?}");
        assert!(docs[0].contains("وطالب التجار"), "{docs:#?}");
    }

    /// Between two paragraphs of a story, a subheading stays and a promo cut by a pipe goes.
    #[test]
    fn a_promo_with_a_pipe_between_paragraphs_is_no_subheading() {
        let text = |between: &str| {
            format!(
                "{}\n{}\n{between}\n{}\n{}\n",
                "The city council approved a new budget for the public library on Monday, adding funds for longer opening hours and more staff.",
                "The mayor said the plan would be paid for by savings elsewhere, and that the library had been asking for the money for several years.",
                "Several residents told the council meeting that the branch in the north of the city had been closed on weekends since last spring.",
                "The new hours will start in the autumn, the council said, once the extra staff have been hired and trained for the branches.",
            )
        };
        let docs = documents(&text("Weekend hours for the branches"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].contains("Weekend hours"), "{docs:#?}");
        let docs = documents(&text(
            "READ ANOTHER STORY | Bridge repairs close the river road",
        ));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(!docs[0].contains("READ ANOTHER"), "{docs:#?}");
        assert!(docs[0].contains("The new hours"), "{docs:#?}");
    }

    /// A short story with no headline, two paragraphs long, ended by chrome and followed by
    /// a headlined one: nothing says it is a teaser (no run of them, no cut lead), so it is a
    /// document of its own and not removed for its size. One paragraph alone still goes.
    #[test]
    fn a_headless_two_paragraph_story_is_kept_and_a_lone_paragraph_is_not() {
        let story = concat!(
            "تعيش مدن الجنوب تحت وطأة انقطاع كهربائي شامل منذ أكثر من أسبوعين، ما أدى إلى توقف الخدمات الأساسية في المستشفيات والمدارس.\n",
            "وتضطر الأسر إلى شراء الوقود للمولدات بأسعار مرتفعة، في حين يقول سكان الأحياء الفقيرة إنهم يقضون لياليهم على ضوء المصابيح اليدوية.\n",
        );
        let rest = concat!(
            "تابعوا آخر أخبارنا المحلية عبر Google news\n",
            "موجة حر شديدة تضرب المنطقة الشرقية هذا الأسبوع\n",
            "أعلنت الهيئة العامة للأرصاد الجوية اليوم الأحد أن موجة حر شديدة ستضرب المنطقة الشرقية خلال الأيام المقبلة، وأن درجات الحرارة قد تتجاوز الخمسين درجة مئوية في بعض المدن الساحلية.\n",
            "وأضاف المتحدث باسم الهيئة أن الرطوبة ستكون مرتفعة على السواحل، داعيا المواطنين إلى تجنب التعرض لأشعة الشمس في ساعات الظهيرة وشرب كميات كافية من الماء.\n",
            "وأوضح أن الموجة ستستمر حتى نهاية الأسبوع، وأن الهيئة ستصدر تحديثات يومية عن حالة الطقس عبر موقعها وحساباتها الرسمية.\n",
        );
        let docs = documents(&format!("{story}{rest}"));
        assert_eq!(docs.len(), 2, "{docs:#?}");
        assert!(docs[0].starts_with("تعيش مدن الجنوب"), "{docs:#?}");
        assert!(docs[0].contains("وتضطر الأسر"), "{docs:#?}");

        let lone = story.lines().next().unwrap();
        let docs = documents(&format!("{lone}\n{rest}"));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].starts_with("موجة حر"), "{docs:#?}");
    }

    /// A page prints its headline above its date lines and a shorter title (or a copy) next to
    /// the body: the story starts at the first, keeps a shorter title and drops a copy; a
    /// headline above that shares no words with it is not the story's.
    #[test]
    fn a_story_starts_at_the_page_headline_above_its_dates() {
        let page = |top: &str, near: &str| {
            format!(
                "{top}\n\nنشر في 12-03-2024\nآخر تحديث 12-03-2024 | 10:15\n\n{near}\n{}",
                concat!(
                    "افتتح رئيس الوزراء اليوم الثلاثاء محطة لتحلية مياه البحر في المدينة الساحلية، بطاقة إنتاجية تبلغ مئتي ألف متر مكعب يوميا.\n",
                    "وأضاف في كلمة خلال حفل الافتتاح أن المحطة ستغطي حاجة نصف مليون نسمة من مياه الشرب، وأن الحكومة تعمل على إنشاء محطتين أخريين.\n",
                    "وأوضح وزير المياه أن كلفة المشروع بلغت نحو ثلاثمئة مليون دولار، وأن أعمال البناء استغرقت ثلاث سنوات.\n",
                )
            )
        };
        let top = "بالصور.. رئيس الحكومة يدشن أكبر محطة لتحلية مياه البحر في الشرق الأوسط";
        let near = "افتتاح محطة تحلية مياه البحر";
        let docs = documents(&page(top, near));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].starts_with(top), "{docs:#?}");
        assert!(docs[0].contains(&format!("\n{near}\n")), "{docs:#?}");

        let docs = documents(&page(top, top));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].starts_with(top), "{docs:#?}");
        assert_eq!(docs[0].matches(top).count(), 1, "{docs:#?}");

        let other = "ارتفاع أسعار الذهب في الأسواق المحلية مع نهاية الأسبوع";
        let docs = documents(&page(other, near));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].starts_with(near), "{docs:#?}");
    }

    /// A poem quoted in a story is a run of short lines, like a menu; its rhyme keeps it in the
    /// story, with the poet's name standing before it.
    #[test]
    fn a_poem_quoted_in_a_story_stays_in_it() {
        let poem = [
            "يا ليل طال السهر والقلب محتار",
            "والشوق يسري في العروق حنين",
            "أمشي على درب الهوى دون أسرار",
            "وأعد أيامي على مر السنين",
            "ما عاد في صدري مكان للأعذار",
        ];
        let text = format!(
            "أمسية شعرية في نادي المدينة الأدبي\n\
             أقام النادي الأدبي في المدينة مساء أمس أمسية شعرية حضرها عدد كبير من المثقفين والأدباء، وقدم فيها الشاعر مجموعة من قصائده الجديدة التي لقيت استحسان الحضور.\n\
             وقال الشاعر في قصيدته التي ختم بها الأمسية:\n\
             محمد العلي\n\
             {}\n\
             وفي ختام الأمسية كرم رئيس النادي الشاعر وقدم له درعا تذكارية تقديرا لمسيرته الأدبية الطويلة في خدمة الشعر والثقافة.\n",
            poem.join("\n")
        );
        let docs = documents(&text);
        assert_eq!(docs.len(), 1, "{docs:#?}");
        for line in poem.iter().chain(&["محمد العلي"]) {
            assert!(docs[0].contains(line), "{line} lost: {docs:#?}");
        }
        // The same lines as a menu (no rhyme) are still removed.
        let menu = [
            "الرئيسية",
            "أخبار محلية",
            "اقتصاد وأعمال",
            "رياضة عالمية",
            "ثقافة وفنون",
        ];
        let docs = documents(&text.replace(&poem.join("\n"), &menu.join("\n")));
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(!docs[0].contains("اقتصاد وأعمال"), "{docs:#?}");
    }

    /// An author's archive: headlines over teasers cut with "… (read more)". The rules take the
    /// teasers and their headlines; what is left (the page title, a last headline) is no
    /// article, and the page gives no document. A one-line notice with no such evidence is kept.
    #[test]
    fn a_page_of_cut_teasers_is_an_index_and_a_notice_is_not() {
        let teasers = [
            ("Mooring Fees Go Up Again For Local Boats", "The harbour board voted to raise mooring fees for the third year running, and the fishermen say"),
            ("Shade Makes Us Walk More, Study Finds", "A new study of city parks finds that people walk more where the paths are shaded by"),
            ("Why The Old Bridge Will Stay Closed", "The council has decided that the old bridge will stay closed until the engineers have checked"),
            ("Bread Prices Rise For The Second Time", "Bakers across the region raised the price of a loaf again this week, blaming the cost of"),
            ("The Night Buses Are Coming Back Soon", "After two years without them, the night buses will run again from the first of the month, when"),
        ];
        let mut page = String::from("Jane Smith - Author Archive\n\n");
        for (headline, teaser) in teasers {
            page.push_str(&format!(
                "{headline}\n\n{teaser} … (read more)\n\nPosted: 12th, May 2014 | In: News | Comment\n\n"
            ));
        }
        page.push_str("A Last Look At The Summer Fair Before It Closes\n");
        assert_eq!(documents(&page), Vec::<String>::new());

        let notice = "Notice\nThe library will be closed on Monday for the public holiday\n";
        let docs = documents(notice);
        assert_eq!(docs.len(), 1, "{docs:#?}");
        assert!(docs[0].contains("The library will be closed"), "{docs:#?}");
    }
}
