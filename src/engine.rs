//! Runs the passes in order over one text, merges their removals and cuts the documents.

use encoding_rs::Encoding;

use crate::html::{BlockEvidence, Page, PageMeta};
use crate::input::{decode, Replaced};
use crate::passes::{self, date::DateLine, Context, Kept, Removal};
use crate::rules::prefilter::LineHits;
use crate::rules::{Detector, RuleSet};
use crate::split::boundary::StartCandidate;
use crate::split::{split, Ends, LineNote, Split, SplitParams};
use crate::text::document::{Document, Span};
use crate::text::fold::FoldedLines;

/// One clean document cut from a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanDocument {
    /// 1-based position in the dump.
    pub index: usize,
    /// The headline's span, when the article has one.
    pub title: Option<Span>,
    /// The date given by a date line of the article, as written.
    pub date: Option<String>,
    /// The kept spans in order, the headline first.
    pub lines: Vec<Span>,
}

impl CleanDocument {
    /// The document's text: its lines joined with `\n`, headline first.
    pub fn text(&self, doc: &Document) -> String {
        let len = self.lines.iter().map(|l| l.len() + 1).sum();
        let mut s = String::with_capacity(len);
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&doc.text[l.clone()]);
        }
        s
    }

    /// The headline, or the opening words of the text when there is none.
    pub fn title_text<'a>(&self, doc: &'a Document) -> &'a str {
        match &self.title {
            Some(t) => &doc.text[t.clone()],
            None => self
                .lines
                .first()
                .map(|l| opening_words(&doc.text[l.clone()], 12))
                .unwrap_or(""),
        }
    }
}

fn opening_words(s: &str, n: usize) -> &str {
    match s
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .nth(n - 1)
    {
        Some((i, _)) => s[..i].trim_end(),
        None => s,
    }
}

/// Everything gharbal learned about one input: the text, what was removed and why, the documents.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub document: Document,
    /// The encoding the input was read as.
    pub encoding: &'static str,
    /// What decoding replaced with U+FFFD (undecodable sequences, control bytes).
    pub replaced: Replaced,
    /// Every removal, in text order.
    pub removals: Vec<Removal>,
    pub documents: Vec<CleanDocument>,
    /// For an HTML page: what it says about itself (title, date, url, language, site name).
    pub meta: Option<Box<PageMeta>>,
    /// Every paragraph the splitter weighed as a document start, in text order.
    pub starts: Vec<StartCandidate>,
    /// Why the splitter removed or kept lines, in line order (see [`LineNote`]).
    pub notes: Vec<LineNote>,
}

/// What a batch's inputs are (`--input-format`): the one type for the flag, from the command
/// line to the reading of each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Dumps; a page is still read as HTML when its name ends in `.html`/`.htm` (a compression
    /// suffix aside) or its bytes start like one.
    #[default]
    Text,
    /// HTML pages, whatever their names.
    Html,
    /// JSON Lines records, each holding a dump (or a page) in a text field.
    Jsonl,
}

impl InputFormat {
    /// Every format, by its name on the command line.
    pub const ALL: [(&'static str, InputFormat); 3] = [
        ("text", InputFormat::Text),
        ("html", InputFormat::Html),
        ("jsonl", InputFormat::Jsonl),
    ];

    /// How one input of this format (or one JSON Lines record's text) is read: as a page or as
    /// a dump, from its path and first bytes.
    pub fn kind(self, path: Option<&std::path::Path>, bytes: &[u8]) -> InputKind {
        let html = match self {
            InputFormat::Html => true,
            InputFormat::Text | InputFormat::Jsonl => {
                path.is_some_and(|p| {
                    crate::html::is_html_path(&crate::input::compressed::plain_path(p))
                }) || crate::html::looks_like_html(bytes)
            }
        };
        if html {
            InputKind::Html
        } else {
            InputKind::Text
        }
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, f)| *f)
            .ok_or_else(|| format!("unknown input format `{s}`"))
    }
}

/// What one input is, once read: the format's answer for it (see [`InputFormat::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A text dump.
    Text,
    /// A raw HTML page, flattened into text blocks first.
    Html,
}

/// How to read and clean one input.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// An encoding that overrides detection (a byte-order mark still wins).
    pub encoding: Option<&'static Encoding>,
    pub kind: InputKind,
    /// Remove nothing: one document holding every non-blank line of the (flattened) text.
    pub keep_all: bool,
}

/// Reads and cleans one input as `opts` say: a text dump through [`clean_bytes`], an HTML page
/// through [`clean_page`].
pub fn clean_input(bytes: &[u8], rules: &RuleSet, opts: &ReadOptions) -> Outcome {
    match (opts.kind, opts.keep_all) {
        (InputKind::Text, false) => clean_bytes(bytes, rules, opts.encoding),
        (InputKind::Html, false) => clean_page(crate::html::read_page(bytes, opts.encoding), rules),
        (InputKind::Text, true) => {
            let decoded = decode(bytes, opts.encoding);
            let mut out = keep_all(decoded.text);
            out.encoding = decoded.encoding;
            out.replaced = decoded.replaced;
            out
        }
        (InputKind::Html, true) => {
            let page = crate::html::read_page(bytes, opts.encoding);
            let mut out = keep_all(page.text);
            out.encoding = page.encoding;
            out.replaced = page.replaced;
            out.meta = Some(Box::new(page.meta));
            out
        }
    }
}

/// An outcome that removes nothing: one document of every non-blank line, trimmed (what
/// `clean --keep-all` prints).
pub fn keep_all(text: String) -> Outcome {
    let document = Document::new(text);
    let kept = Kept::new(&document);
    let lines: Vec<Span> = (0..document.lines.len())
        .filter_map(|l| passes::trim_span(&document, kept.spans[l].clone()?))
        .collect();
    let documents = if lines.is_empty() {
        Vec::new()
    } else {
        vec![CleanDocument {
            index: 1,
            title: None,
            date: None,
            lines,
        }]
    };
    Outcome {
        document,
        encoding: "UTF-8",
        replaced: Replaced::default(),
        removals: Vec::new(),
        documents,
        meta: None,
        starts: Vec::new(),
        notes: Vec::new(),
    }
}

/// Cleans an HTML page read by [`crate::html::read_page`]: the engine runs on its flattened
/// text as on a dump, with the markup evidence of each line for the `dom` pass and the
/// splitter. The page's metadata rides along in the outcome.
pub fn clean_page(page: Page, rules: &RuleSet) -> Outcome {
    let Page {
        text,
        blocks,
        meta,
        encoding,
        replaced,
    } = page;
    let mut out = clean_with(text, Some(&blocks), rules);
    out.encoding = encoding;
    out.replaced = replaced;
    out.meta = Some(Box::new(meta));
    out
}

/// Cleans raw bytes: decodes them (BOM, UTF-8, detection or `forced`), then [`clean_text`].
pub fn clean_bytes(bytes: &[u8], rules: &RuleSet, forced: Option<&'static Encoding>) -> Outcome {
    let decoded = decode(bytes, forced);
    let mut out = clean_text(decoded.text, rules);
    out.encoding = decoded.encoding;
    out.replaced = decoded.replaced;
    out
}

/// What the rule passes leave of a text, before articles are found.
pub struct RulePassResult {
    pub document: Document,
    pub keys: FoldedLines,
    pub hits: LineHits,
    pub kept: Kept,
    pub removals: Vec<Removal>,
    pub dates: Vec<DateLine>,
}

/// Runs the rule passes (line, block, inline, date, layout) over a text.
pub fn run_rule_passes(text: String, rules: &RuleSet) -> RulePassResult {
    run_rule_passes_with(text, None, rules)
}

/// Runs the rule passes over a text, with the markup evidence of each line for an HTML page
/// (the `dom` pass runs first, and only with evidence).
pub fn run_rule_passes_with(
    text: String,
    evidence: Option<&[BlockEvidence]>,
    rules: &RuleSet,
) -> RulePassResult {
    let document = Document::new(text);
    let keys = FoldedLines::new(&document.text, document.lines.iter().map(|l| &l.content));
    let phrases = rules.phrases();
    let hits: LineHits = phrases.hits_per_line(&keys);
    let ctx = Context {
        doc: &document,
        keys: &keys,
        hits: &hits,
        evidence,
    };
    let mut kept = Kept::new(&document);
    let mut removals: Vec<Removal> = Vec::new();
    let mut dates = Vec::new();
    type Pass = fn(&Context, &Kept, &RuleSet) -> Vec<Removal>;
    // In the order of `PassKind`. Inline runs before blocks, so a "read also:" line inside a
    // comment block is credited to the read-also rule rather than swallowed by the block.
    let before_dates: [Pass; 4] = [
        passes::dom::run,
        passes::line::run,
        passes::inline::run,
        passes::block::run,
    ];
    for pass in before_dates {
        let mut found = pass(&ctx, &kept, rules);
        kept.apply(&document, &mut found);
        removals.extend(found);
    }
    let (mut found, d) = passes::date::run(&ctx, &kept, rules);
    kept.apply(&document, &mut found);
    removals.extend(found);
    dates.extend(d);
    for pass in [passes::layout::run as Pass, passes::glued::run] {
        let mut found = pass(&ctx, &kept, rules);
        kept.apply(&document, &mut found);
        removals.extend(found);
    }
    RulePassResult {
        document,
        keys,
        hits,
        kept,
        removals,
        dates,
    }
}

/// Cleans decoded text with a rule set.
pub fn clean_text(text: String, rules: &RuleSet) -> Outcome {
    clean_with(text, None, rules)
}

/// Cleans a text, with the markup evidence of each line when it is a flattened page.
fn clean_with(text: String, evidence: Option<&[BlockEvidence]>, rules: &RuleSet) -> Outcome {
    let RulePassResult {
        document,
        keys,
        hits,
        mut kept,
        mut removals,
        dates,
    } = run_rule_passes_with(text, evidence, rules);
    let ctx = Context {
        doc: &document,
        keys: &keys,
        hits: &hits,
        evidence,
    };
    let mut ends = vec![None; document.lines.len()];
    // The parts of comment records the rules removed: time stamps, and reply links.
    let mut records = passes::thread::RecordLines::default();
    for r in &removals {
        let Some(spec) = rules.get(&r.rule).map(|rule| &rule.spec) else {
            continue;
        };
        if spec.ends_article {
            ends[r.line] = Some(Ends::Article);
        } else if spec.ends_page {
            ends[r.line] = Some(Ends::Page);
        }
        if spec.time_stamp {
            records.stamps.push(r.line);
        } else if spec.ends_record {
            records.ends.push(r.line);
        }
    }
    let threads = passes::thread::find(&document, &kept, records, rules);
    for &line in &threads.marks {
        ends[line].get_or_insert(Ends::Thread);
    }
    let mut names: Vec<Removal> = threads
        .names
        .iter()
        .filter_map(|&line| passes::remove_line(&kept, line, Detector::CommentThread.id()))
        .collect();
    kept.apply(&document, &mut names);
    removals.extend(names);
    let Split {
        mut articles,
        removals: mut found,
        starts,
        notes,
    } = split(&ctx, &kept, &ends, rules, &SplitParams::default());
    if let Some(ev) = evidence {
        crate::html::content::restore_main(&document, ev, &mut articles, &mut found);
        if rules.detects(Detector::OutsideMain) {
            let dated: Vec<usize> = dates.iter().map(|d| d.line).collect();
            let links = rules.detects(Detector::LinkParagraph);
            crate::html::content::trim_to_main(ev, &dated, links, &kept, &mut articles, &mut found);
        }
    }
    kept.apply(&document, &mut found);
    removals.extend(found);

    let mut documents = Vec::with_capacity(articles.len());
    let mut prev_last = None;
    for (i, art) in articles.iter().enumerate() {
        let first = art.title.or(art.body.first().copied()).unwrap_or(0);
        let last = art.body.last().copied().unwrap_or(first);
        let date = pick_date(&dates, prev_last, first, last);
        let lines: Vec<Span> = art
            .title
            .iter()
            .chain(&art.body)
            .filter_map(|&l| kept.spans[l].clone())
            .collect();
        documents.push(CleanDocument {
            index: i + 1,
            title: art.title.and_then(|t| kept.spans[t].clone()),
            date,
            lines,
        });
        prev_last = Some(last);
    }
    removals.sort_by_key(|r| (r.span.start, r.span.end));
    Outcome {
        document,
        encoding: "UTF-8",
        replaced: Replaced::default(),
        removals,
        documents,
        meta: None,
        starts,
        notes,
    }
}

/// The date of an article: the first date line after the previous article and before the
/// article's end, preferring one near its headline.
fn pick_date(
    dates: &[DateLine],
    prev_last: Option<usize>,
    first: usize,
    last: usize,
) -> Option<String> {
    let after = prev_last.map(|p| p + 1).unwrap_or(0);
    dates
        .iter()
        .filter(|d| d.line >= after && d.line <= last)
        .min_by_key(|d| d.line.abs_diff(first))
        .map(|d| d.value.clone())
}
