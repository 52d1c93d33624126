//! The page's main content, found by container scoring as Readability does it: every paragraph
//! of running text scores its container (and, less, the containers above it) by its length and
//! commas; a container's score is weighed by its link density and by what its tag, class and id
//! say; the best container, with the siblings that score close to it, is the main content.
//!
//! The engine uses it after the splitter, on HTML input only: text the splitter set aside as a
//! short-line run inside the main content goes back to the article that holds it.

use super::blocks::BlockEvidence;
use super::evidence::{words, Hints};

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
}

/// Class and id words of main content.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "prose",
];

/// The starting score of an element: its tag (Readability's weights) plus its class and id
/// words: +25 for words of main content, -25 when it names page furniture.
pub fn initial_score(el: &scraper::node::Element, hints: Hints) -> f32 {
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
    for attr in ["class", "id"] {
        if let Some(v) = el.attr(attr) {
            words(v, |w| positive |= POSITIVE.contains(&w));
        }
    }
    if positive {
        class += 25.0;
    }
    if el
        .attr("itemprop")
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
    let Some(top) = (0..n)
        .filter(|&i| scored[i])
        .max_by(|&a, &b| fin[a].total_cmp(&fin[b]))
    else {
        return;
    };
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
    if score[top] < MIN_MAIN_SCORE || body < MIN_MAIN_CHARS {
        return;
    }
    let threshold = (fin[top] * 0.2).max(10.0);
    if std::env::var_os("GHARBAL_DEBUG").is_some() {
        let mut best: Vec<usize> = (0..n).filter(|&i| scored[i]).collect();
        best.sort_by(|&a, &b| fin[b].total_cmp(&fin[a]));
        for &i in best.iter().take(6) {
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
    let parent = elems[top].parent;
    let mut mark = |e: &Elem| {
        for b in
            &mut blocks[e.first_block as usize..(e.end_block as usize).max(e.first_block as usize)]
        {
            b.main = true;
        }
    };
    mark(&elems[top]);
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

/// Commas of a block, in the scripts gharbal reads (`,` `،` `、` `，`).
fn commas(line: &str) -> f32 {
    line.chars()
        .filter(|c| matches!(c, ',' | '،' | '、' | '，'))
        .count() as f32
}

/// Splitter removals that only say "this line stood outside every article": inside the main
/// content, the markup knows better.
const STRUCTURAL: &[&str] = &[
    "short-line-run",
    "stray-line",
    "repeated-line",
    "teaser",
    "index-page",
];

/// After the splitter, on a page with a main content: the lines of the main content that the
/// splitter removed only for their shape (a short-line run, a stray line, a teaser) go back to
/// the article holding most of the main content, unless they are mostly link text or stand
/// in page furniture; an article made only of main-content lines of the same `<article>`
/// joins it too. Removals by rules stay.
pub fn restore_main(
    doc: &crate::document::Document,
    evidence: &[BlockEvidence],
    articles: &mut Vec<crate::split::Article>,
    found: &mut Vec<crate::passes::Removal>,
) {
    let main = |l: usize| evidence.get(l).is_some_and(|e| e.main);
    if !evidence.iter().any(|e| e.main) {
        return;
    }
    let main_chars = |a: &crate::split::Article| -> u64 {
        a.title
            .iter()
            .chain(&a.body)
            .filter(|&&l| main(l))
            .map(|&l| u64::from(evidence[l].chars))
            .sum()
    };
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
    let Some(from) = evidence.iter().enumerate().position(paragraph) else {
        return;
    };
    let to = (0..evidence.len())
        .rev()
        .find(|&l| paragraph((l, &evidence[l])))
        .unwrap_or(from);
    let restorable = |r: &crate::passes::Removal| {
        STRUCTURAL.contains(&r.rule.as_str())
            && (from..=to).contains(&r.line)
            && evidence
                .get(r.line)
                .is_some_and(|e| e.main && e.hints.is_empty() && e.link_density() < 0.5)
    };
    let mut target = match (0..articles.len())
        .filter(|&i| main_chars(&articles[i]) > 0)
        .max_by_key(|&i| main_chars(&articles[i]))
    {
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
    let target_outer = articles[target]
        .body
        .first()
        .or(articles[target].title.as_ref())
        .map(|&l| outer(l));
    let mut parts = Vec::new();
    let mut i = 0;
    while i < articles.len() {
        let a = &articles[i];
        let inside = a
            .title
            .iter()
            .chain(&a.body)
            .all(|&l| main(l) && (from..=to).contains(&l) && Some(outer(l)) == target_outer);
        if i != target && inside && !a.body.is_empty() {
            let a = articles.remove(i);
            parts.extend(a.title);
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
    art.body.extend(back);
    art.body.sort_unstable();
    art.body.dedup();
    if let Some(t) = art.title {
        art.body.retain(|&l| l != t);
    }
}

/// The line ends like a sentence (`.`, `!`, `?`, `…`, `؟`, `。`, closing quotes after them).
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', '」'])
        .ends_with(['.', '!', '?', '…', '؟', '。', '！', '？', ':'])
}
