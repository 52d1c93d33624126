//! The page's main content, found by container scoring as Readability does it: every paragraph
//! of running text scores its container (and, less, the containers above it) by its length and
//! commas; a container's score is weighed by its link density and by what its tag, class and id
//! say; the best container, with the siblings that score close to it, is the main content.
//!
//! The engine uses it after the splitter, on HTML input only: text the splitter set aside as a
//! short-line run inside the main content goes back to the article that holds it.

use super::blocks::{Attrs, BlockEvidence};
use super::evidence::{words, Hints};
use crate::rules::Detector;

/// A block element of the page, for scoring.
#[derive(Debug, Clone)]
pub struct Elem {
    /// The enclosing block element (`u32::MAX` for none).
    pub parent: u32,
    /// What the tag, class and id say before any text is counted.
    pub init: f32,
    /// The element is a paragraph-like block (`p`, `li`, `td`, ...): its text scores its parent.
    pub paragraph: bool,
    /// Blocks `first_block..end_block` are inside it.
    pub first_block: u32,
    pub end_block: u32,
    /// A hash of its tag and class: elements of one shape are one template's (the chunks of
    /// a body cut by ads or a paywall are all `<div class="body__inner-container">`).
    pub shape: u64,
}

/// The [`Elem::shape`] of an element: its tag and class attribute, hashed.
pub fn shape_of(tag: &str, class: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    tag.hash(&mut h);
    class.unwrap_or("").hash(&mut h);
    h.finish()
}

/// Class and id words of main content.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "prose",
];

/// The starting score of an element: its tag (Readability's weights) plus its class and id
/// words: +25 for words of main content, -25 when it names page furniture.
pub fn initial_score(el: &scraper::node::Element, attrs: &Attrs, hints: Hints) -> f32 {
    let tag = match el.name() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let mut class = 0.0;
    if !hints.is_empty() {
        class -= 25.0;
    }
    let mut positive = false;
    for v in [attrs.class, attrs.id].into_iter().flatten() {
        words(v, |w| positive |= POSITIVE.contains(&w));
    }
    if positive {
        class += 25.0;
    }
    if attrs
        .itemprop
        .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
    {
        class += 25.0;
    }
    tag + class
}

/// True for the tags whose text is a paragraph that scores its parent.
pub fn is_paragraph_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "blockquote"
            | "dd"
            | "dt"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figcaption"
            | "address"
            | "summary"
    )
}

/// A paragraph needs this many characters to score its containers.
const MIN_PARAGRAPH_CHARS: u32 = 25;

/// The best container is main content only with this much score from its paragraphs...
const MIN_MAIN_SCORE: f32 = 5.0;
/// ...and this many characters of text outside links and furniture.
const MIN_MAIN_CHARS: u32 = 400;

/// Containers up the tree that a paragraph scores.
const LEVELS: usize = 5;

/// Marks the blocks of the main content (`main = true`). Nothing is marked when no paragraph
/// scores.
pub fn mark_main(text: &str, blocks: &mut [BlockEvidence], elems: &[Elem], block_elem: &[u32]) {
    let n = elems.len();
    if n == 0 {
        return;
    }
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    for ((b, &e), line) in blocks.iter().zip(block_elem).zip(text.split('\n')) {
        if e == u32::MAX || b.chars < MIN_PARAGRAPH_CHARS || b.heading > 0 || !b.hints.is_empty() {
            continue;
        }
        let s = 1.0 + commas(line) + (b.chars as f32 / 100.0).min(3.0);
        let mut at = if elems[e as usize].paragraph {
            elems[e as usize].parent
        } else {
            e
        };
        for level in 0..LEVELS {
            if at == u32::MAX {
                break;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[at as usize] += s / div;
            scored[at as usize] = true;
            at = elems[at as usize].parent;
        }
    }
    // link density over each element's blocks, from prefix sums
    let mut chars = Vec::with_capacity(blocks.len() + 1);
    let mut links = Vec::with_capacity(blocks.len() + 1);
    chars.push(0u64);
    links.push(0u64);
    for b in blocks.iter() {
        chars.push(chars.last().copied().unwrap_or(0) + u64::from(b.chars));
        links.push(links.last().copied().unwrap_or(0) + u64::from(b.link_chars));
    }
    let density = |e: &Elem| {
        let (a, z) = (
            e.first_block as usize,
            (e.end_block as usize).max(e.first_block as usize),
        );
        let c = chars[z] - chars[a];
        if c == 0 {
            0.0
        } else {
            (links[z] - links[a]) as f32 / c as f32
        }
    };
    let fin: Vec<f32> = (0..n)
        .map(|i| {
            if scored[i] {
                (score[i] + elems[i].init) * (1.0 - density(&elems[i]))
            } else {
                f32::MIN
            }
        })
        .collect();
    let Some(best) = (0..n)
        .filter(|&i| scored[i])
        .max_by(|&a, &b| fin[a].total_cmp(&fin[b]))
    else {
        return;
    };
    let top = climb(best, elems, &scored, &fin);
    // A page without a body of text (a front page, a list of headlines) has no main content.
    let (a, z) = (
        elems[top].first_block as usize,
        elems[top].end_block as usize,
    );
    let body: u32 = blocks[a..z.max(a)]
        .iter()
        .filter(|b| b.link_density() < 0.5 && b.hints.is_empty())
        .map(|b| b.chars)
        .sum();
    if std::env::var_os("GHARBAL_DEBUG").is_some() {
        let mut cands: Vec<usize> = (0..n).filter(|&i| scored[i]).collect();
        cands.sort_by(|&a, &b| fin[b].total_cmp(&fin[a]));
        for &i in cands.iter().take(6) {
            eprintln!(
                "CAND {i} parent {} score {:.1} init {:.0} final {:.1} lines {}..{}",
                elems[i].parent,
                score[i],
                elems[i].init,
                fin[i],
                elems[i].first_block + 1,
                elems[i].end_block
            );
        }
    }
    // ...nor one whose best paragraph container inside it scores little
    let strongest = (0..n)
        .filter(|&i| {
            scored[i] && elems[i].first_block as usize >= a && elems[i].end_block as usize <= z
        })
        .map(|i| score[i])
        .fold(0f32, f32::max);
    if strongest < MIN_MAIN_SCORE || body < MIN_MAIN_CHARS {
        return;
    }
    let threshold = (fin[top] * 0.2).max(10.0);
    let parent = elems[top].parent;
    let mut mark = |e: &Elem| {
        for b in
            &mut blocks[e.first_block as usize..(e.end_block as usize).max(e.first_block as usize)]
        {
            b.main = true;
        }
    };
    mark(&elems[top]);
    // The body cut into chunks that no common container scores (each chunk in a grid cell of
    // its own): the other elements of the best one's shape that score as main content, and
    // lie neither inside it nor around it, are the rest of the body.
    for (i, e) in elems.iter().enumerate() {
        let apart = e.end_block <= elems[top].first_block || e.first_block >= elems[top].end_block;
        if i != top && e.shape == elems[top].shape && apart && scored[i] && fin[i] >= threshold {
            mark(e);
        }
    }
    if parent != u32::MAX {
        for (i, e) in elems.iter().enumerate() {
            if i == top || e.parent != parent {
                continue;
            }
            let sibling_paragraph = e.paragraph && {
                let (a, z) = (e.first_block as usize, e.end_block as usize);
                z > a && chars[z] - chars[a] >= 80 && density(e) < 0.25
            };
            if (scored[i] && fin[i] >= threshold) || sibling_paragraph {
                mark(e);
            }
        }
    }
}

/// The best container can hold only part of the text when the body is cut into several
/// containers (by ads, figures or a paywall): an ancestor that scores higher than the level
/// below it, before the scores fall under a third of the best, holds the whole of it.
fn climb(top: usize, elems: &[Elem], scored: &[bool], fin: &[f32]) -> usize {
    let floor = fin[top] / 3.0;
    let mut last = fin[top];
    let mut at = elems[top].parent;
    while at != u32::MAX {
        let i = at as usize;
        if scored[i] {
            if fin[i] < floor {
                break;
            }
            if fin[i] > last {
                return i;
            }
            last = fin[i];
        }
        at = elems[i].parent;
    }
    top
}

/// Commas of a block, in the scripts gharbal reads (`,` `،` `、` `，`).
fn commas(line: &str) -> f32 {
    line.chars()
        .filter(|c| matches!(c, ',' | '،' | '、' | '，'))
        .count() as f32
}

/// Splitter removals that only say "this line stood outside every article": inside the main
/// content, the markup knows better.
const STRUCTURAL: &[&str] = &[
    Detector::ShortLineRun.id(),
    Detector::StrayLine.id(),
    Detector::RepeatedLine.id(),
    Detector::Teaser.id(),
    Detector::IndexPage.id(),
];

/// After the splitter, on a page with a main content: the lines of the main content that the
/// splitter removed only for their shape (a short-line run, a stray line, a teaser) go back to
/// the article holding most of the main content, unless they are mostly link text or stand
/// in page furniture; an article made only of main-content lines of the same `<article>`
/// joins it too. Removals by rules stay.
pub fn restore_main(
    doc: &crate::text::document::Document,
    evidence: &[BlockEvidence],
    articles: &mut Vec<crate::split::Article>,
    found: &mut Vec<crate::passes::Removal>,
) {
    let main = |l: usize| evidence.get(l).is_some_and(|e| e.main);
    if !evidence.iter().any(|e| e.main) {
        return;
    }
    // Only between the first and the last paragraph of the main content: what comes before
    // or after (a kicker, a teaser of the next story) is not vouched for by the text around it.
    let paragraph = |(l, e): (usize, &BlockEvidence)| {
        e.main
            && e.heading == 0
            && e.hints.is_empty()
            && e.link_density() < 0.5
            && (e.is_prose_paragraph()
                || (e.chars >= MIN_PARAGRAPH_CHARS
                    && doc
                        .lines
                        .get(l)
                        .is_some_and(|x| ends_sentence(&doc.text[x.content.clone()]))))
    };
    // A body without sentences (a calendar, a table of results: at most one paragraph) is
    // vouched for by the markup when the page declares it the article's body: its lines of a
    // paragraph's length are anchors too. A body of prose is bounded by its prose.
    let declared = |(_, e): (usize, &BlockEvidence)| {
        e.main
            && e.declared_body
            && e.heading == 0
            && e.hints.is_empty()
            && e.link_density() < 0.5
            && e.chars >= MIN_PARAGRAPH_CHARS
    };
    let sentences = evidence
        .iter()
        .enumerate()
        .filter(|&(l, e)| e.declared_body && paragraph((l, e)))
        .count();
    let anchor = |x: (usize, &BlockEvidence)| paragraph(x) || (sentences < 2 && declared(x));
    let Some(from) = evidence.iter().enumerate().position(anchor) else {
        return;
    };
    let to = (0..evidence.len())
        .rev()
        .find(|&l| anchor((l, &evidence[l])))
        .unwrap_or(from);
    // ...and in the run of the main content right after its last paragraph that no rule
    // removed (a list of dates, a table closing the article), up to the first furniture or
    // link (the next story's teaser).
    let mut shaped = vec![false; evidence.len()];
    for r in found.iter() {
        if STRUCTURAL.contains(&r.rule.as_str()) && r.line < shaped.len() {
            shaped[r.line] = true;
        }
    }
    for a in articles.iter() {
        for &l in a.title.iter().chain(&a.body) {
            if l < shaped.len() {
                shaped[l] = true;
            }
        }
    }
    let to = (to + 1..evidence.len())
        .take_while(|&l| {
            let e = &evidence[l];
            shaped[l] && e.main && e.hints.is_empty() && e.link_density() < 0.5
        })
        .last()
        .unwrap_or(to);
    let restorable = |r: &crate::passes::Removal| {
        STRUCTURAL.contains(&r.rule.as_str())
            && (from..=to).contains(&r.line)
            && evidence
                .get(r.line)
                .is_some_and(|e| e.main && e.hints.is_empty() && e.link_density() < 0.5)
    };
    let mut target = match main_article(evidence, articles) {
        Some(t) => t,
        None => {
            let first = found.iter().find(|r| restorable(r)).map_or(0, |r| r.line);
            let at = articles
                .iter()
                .position(|a| a.title.or(a.body.first().copied()).unwrap_or(0) > first)
                .unwrap_or(articles.len());
            articles.insert(
                at,
                crate::split::Article {
                    title: None,
                    body: Vec::new(),
                },
            );
            at
        }
    };
    // Articles the splitter cut inside the main content, in the same `<article>` (or none),
    // are parts of it.
    let outer = |l: usize| evidence.get(l).and_then(|e| e.article);
    let heading = |l: usize| evidence.get(l).is_some_and(|e| e.heading > 0);
    let target_outer = articles[target]
        .body
        .first()
        .or(articles[target].title.as_ref())
        .map(|&l| outer(l));
    let mut parts = Vec::new();
    let mut titles = Vec::new();
    let mut i = 0;
    while i < articles.len() {
        let a = &articles[i];
        // (its headline may be a heading above the first paragraph, or above the `<article>`)
        let inside = a
            .title
            .is_none_or(|t| heading(t) || (main(t) && Some(outer(t)) == target_outer))
            && a.body
                .iter()
                .all(|&l| main(l) && Some(outer(l)) == target_outer)
            // (it starts among the paragraphs of the main content; a link line after the last
            // one, "more on this team here", may close it)
            && a.body.first().is_some_and(|l| (from..=to).contains(l));
        if i != target && inside && !a.body.is_empty() {
            let a = articles.remove(i);
            titles.extend(a.title);
            parts.extend(a.body);
            if i < target {
                target -= 1;
            }
        } else {
            i += 1;
        }
    }
    let mut back = parts;
    found.retain(|r| {
        let restore = restorable(r);
        if restore {
            back.push(r.line);
        }
        !restore
    });
    let art = &mut articles[target];
    // The first headline of the joined parts heads the article; the others are subheadings.
    titles.extend(art.title);
    titles.sort_unstable();
    art.title = titles.first().copied();
    back.extend(titles.iter().skip(1));
    art.body.extend(back);
    art.body.sort_unstable();
    art.body.dedup();
    // A headline below lines given back to the article is no headline of it (a credit line
    // the splitter took for one): it becomes body.
    if let (Some(t), Some(&first)) = (art.title, art.body.first()) {
        if t > first {
            art.body.push(t);
            art.body.sort_unstable();
            art.title = None;
        }
    }
    // An article without a headline takes the heading of the main content right above its
    // body, when the splitter set it aside for its shape (a short line over a list).
    if let (None, Some(&first)) = (art.title, art.body.first()) {
        art.title = (0..first).rev().find(|&l| {
            evidence
                .get(l)
                .is_some_and(|e| main(l) && (1..=2).contains(&e.heading))
                && found
                    .iter()
                    .any(|r| r.line == l && STRUCTURAL.contains(&r.rule.as_str()))
        });
        if let Some(h) = art.title {
            found.retain(|r| r.line != h);
        }
    }
    if let Some(t) = art.title {
        art.body.retain(|&l| l != t);
    }
}

/// A paragraph with this share of its characters in links is a link (spaces between linked
/// words count as text, so a wholly linked line of ten words is about 0.85).
const LINK_PARAGRAPH_DENSITY: f32 = 0.75;

/// A standfirst is a sentence or more, longer than a byline.
const MIN_STANDFIRST_CHARS: u32 = 60;

/// A document of its own needs this much running text, in paragraphs of its own.
const MIN_ARTICLE_PROSE: u32 = 300;

/// After [`restore_main`], on a page with a main content: the article that holds it keeps its
/// headline and the main content, and the rest of it goes with `outside-main` (a standfirst of
/// another story, a caption box, a promo between the body and the footer). Articles before it
/// that have no main content and too little running text to stand alone (a kicker, a teaser)
/// go too. Articles after it stay documents of their own: an appended story is not noise.
pub fn trim_to_main(
    evidence: &[BlockEvidence],
    dated: &[usize],
    link_paragraphs: bool,
    kept: &crate::passes::Kept,
    articles: &mut Vec<crate::split::Article>,
    found: &mut Vec<crate::passes::Removal>,
) {
    const RULE: &str = Detector::OutsideMain.id();
    const LINK_RULE: &str = Detector::LinkParagraph.id();
    let main = |l: usize| evidence.get(l).is_some_and(|e| e.main);
    let main_chars = |a: &crate::split::Article| main_chars(evidence, a);
    let Some(target) = main_article(evidence, articles) else {
        return;
    };
    let mut gone = Vec::new();
    let art = &mut articles[target];
    let first_main = art
        .body
        .iter()
        .copied()
        .find(|&l| main(l))
        .unwrap_or(usize::MAX);
    let heading = |l: usize| evidence.get(l).is_some_and(|e| e.heading > 0);
    // The headline: the article's own when the markup makes it a heading, else the last
    // heading before the main content (the title often sits above the body's container).
    if art.title.is_none_or(|t| !main(t) && !heading(t)) {
        let last_of = |level: u8| {
            art.body
                .iter()
                .copied()
                .rfind(|&l| l < first_main && evidence.get(l).is_some_and(|e| e.heading == level))
        };
        let above = last_of(1).or_else(|| last_of(2));
        if let Some(h) = above {
            art.body.retain(|&l| l != h);
            if let Some(t) = art.title.replace(h) {
                gone.push((t, RULE));
            }
        } else if let Some(t) = art.title.filter(|&t| !main(t) && !heading(t)) {
            gone.push((t, RULE));
            art.title = None;
        }
    }
    // Between the headline and the main content: a standfirst of running text, unless the
    // markup calls it furniture or it is mostly links. Bylines and dates are too short.
    let standfirst = |l: usize| {
        art.title.is_some_and(|t| t < l)
            && l < first_main
            && !dated.contains(&l)
            && evidence.get(l).is_some_and(|e| {
                e.heading == 0
                    && (e.hints.is_empty() || e.hints.only_teaser())
                    && e.link_density() < 0.3
                    && e.chars >= MIN_STANDFIRST_CHARS
            })
    };
    // ...also when the splitter set it aside for its shape alone
    let mut restored = Vec::new();
    found.retain(|r| {
        let back = STRUCTURAL.contains(&r.rule.as_str())
            && r.rule != Detector::RepeatedLine.id()
            && standfirst(r.line);
        if back {
            restored.push(r.line);
        }
        !back
    });
    // A paragraph of the article that is one link and little else: a promo for another story.
    let linked = |l: usize| {
        link_paragraphs
            && evidence
                .get(l)
                .is_some_and(|e| e.heading == 0 && e.link_density() >= LINK_PARAGRAPH_DENSITY)
    };
    let verdicts: Vec<Option<&'static str>> = art
        .body
        .iter()
        .map(|&l| {
            if !(main(l) || standfirst(l)) {
                Some(RULE)
            } else if linked(l) {
                Some(LINK_RULE)
            } else {
                None
            }
        })
        .collect();
    let mut v = verdicts.into_iter();
    art.body.retain(|&l| match v.next().flatten() {
        Some(rule) => {
            gone.push((l, rule));
            false
        }
        None => true,
    });
    art.body.extend(restored);
    art.body.sort_unstable();
    let prose = |a: &crate::split::Article| -> u32 {
        a.body
            .iter()
            .filter_map(|&l| evidence.get(l))
            .filter(|e| e.is_prose_paragraph())
            .map(|e| e.chars)
            .sum()
    };
    let mut i = 0;
    articles.retain(|a| {
        let before = i < target;
        i += 1;
        let drop = before && main_chars(a) == 0 && prose(a) < MIN_ARTICLE_PROSE;
        if drop {
            gone.extend(a.title.iter().chain(&a.body).map(|&l| (l, RULE)));
        }
        !drop
    });
    articles.retain(|a| a.title.is_some() || !a.body.is_empty());
    found.extend(
        gone.into_iter()
            .filter_map(|(l, rule)| crate::passes::remove_line(kept, l, rule)),
    );
}

/// Characters of an article's lines in the main content.
fn main_chars(evidence: &[BlockEvidence], a: &crate::split::Article) -> u64 {
    a.title
        .iter()
        .chain(&a.body)
        .filter_map(|&l| evidence.get(l))
        .filter(|e| e.main)
        .map(|e| u64::from(e.chars))
        .sum()
}

/// The article holding most of the main content, if any holds some.
fn main_article(evidence: &[BlockEvidence], articles: &[crate::split::Article]) -> Option<usize> {
    (0..articles.len())
        .map(|i| (i, main_chars(evidence, &articles[i])))
        .filter(|&(_, c)| c > 0)
        .max_by_key(|&(_, c)| c)
        .map(|(i, _)| i)
}

/// The line ends like a sentence (`.`, `!`, `?`, `…`, `؟`, `。`, closing quotes after them).
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', '」'])
        .ends_with(['.', '!', '?', '…', '؟', '。', '！', '？', ':'])
}

#[cfg(test)]
mod tests {
    use crate::html::parse_page;
    use crate::split::Article;

    const PARAGRAPH: &str = "The harbour reopened on Tuesday, three months after a storm tore a hole in the sea wall, and boats came back to the old port.";

    fn main_lines(page: &str) -> Vec<usize> {
        let p = parse_page(page);
        (0..p.blocks.len()).filter(|&i| p.blocks[i].main).collect()
    }

    #[test]
    fn a_body_cut_into_cousin_containers_is_one_main_content() {
        // Two halves of the body, each in a column of its own: the best container holds only
        // the longer half; the story above both columns scores higher than the column over it.
        let half = |n: usize| {
            format!(
                "<div class=text>{}</div>",
                format!("<p>{PARAGRAPH}</p>").repeat(n)
            )
        };
        let page = format!(
            "<body><div class=story><div class=a>{}</div><div class=b>{}</div></div>\
             <div class=other><p>Send us your news.</p></div></body>",
            half(6),
            half(8)
        );
        assert_eq!(main_lines(&page), (0..14).collect::<Vec<_>>());
    }

    #[test]
    fn body_chunks_of_one_shape_far_apart_are_one_main_content() {
        // Three chunks of the body, each deep in a grid cell of its own (too deep for any
        // common container to score), between an ad and a teaser of other shapes.
        let chunk = |n: usize| {
            format!(
                "<div class=grid><div class=cell><div class=wrap><div class=inner>{}</div></div></div></div>",
                format!("<p>{PARAGRAPH}</p>").repeat(n)
            )
        };
        let page = format!(
            "<body><div class=chunks>{}<div class=ad><p>Advertisement</p></div>{}{}</div>\
             <div class=teaser><p>{PARAGRAPH}</p></div></body>",
            chunk(6),
            chunk(4),
            chunk(3)
        );
        // 6 + 1 (the ad) + 4 + 3 lines, then the teaser.
        let main = main_lines(&page);
        assert_eq!(
            main,
            [(0..6).collect::<Vec<_>>(), (7..14).collect()].concat()
        );
    }

    #[test]
    fn the_climb_stops_where_scores_fall_away() {
        // One column of text beside a page of short unrelated blocks: no ancestor beats it.
        let page = format!(
            "<body><div class=wrap><div class=story><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>\
             <div class=box><p>Weather: sunny.</p></div></div></body>"
        );
        assert_eq!(main_lines(&page), vec![0, 1, 2, 3]);
    }

    #[test]
    fn parts_cut_inside_the_main_content_join_under_the_first_headline() {
        // The splitter cut the article at a subheading; the page's <h1> stands outside the
        // <article> element. Both parts lie in the main content: one article, under the <h1>.
        let page = parse_page(&format!(
            "<body><h1>The best garden tools</h1><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
             <h3>Steel spade</h3><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body>"
        ));
        assert!(page.blocks[1..].iter().all(|b| b.main), "{:?}", page.blocks);
        let doc = crate::text::document::Document::new(page.text.clone());
        let mut articles = vec![
            Article {
                title: Some(0),
                body: vec![1, 2],
            },
            Article {
                title: Some(3),
                body: vec![4, 5, 6],
            },
        ];
        let mut found = Vec::new();
        super::restore_main(&doc, &page.blocks, &mut articles, &mut found);
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].title, Some(0));
        assert_eq!(articles[0].body, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_part_closed_by_a_link_line_still_joins() {
        // The second part ends with a link line ("more on this team here") after the last
        // paragraph of the main content: it still starts among the paragraphs, so it joins the
        // first part (which holds most of the main content, and a lead from above it).
        let page = parse_page(&format!(
            "<body><article><h1>The best garden tools</h1><div class=lead><p>{PARAGRAPH}</p></div>\
             <div class=text><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
             <h3>Steel spade</h3><p>{PARAGRAPH}</p>\
             <p><a href=/tools>More on garden tools here.</a></p></div></article></body>"
        ));
        let doc = crate::text::document::Document::new(page.text.clone());
        let mut articles = vec![
            Article {
                title: Some(0),
                body: vec![1, 2, 3, 4],
            },
            Article {
                title: Some(5),
                body: vec![6, 7],
            },
        ];
        let mut found = Vec::new();
        super::restore_main(&doc, &page.blocks, &mut articles, &mut found);
        assert_eq!(articles.len(), 1, "{articles:?}");
        assert_eq!(articles[0].body, vec![1, 2, 3, 4, 5, 6, 7]);
    }
}
