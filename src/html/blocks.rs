//! The DOM as text blocks in reading order (headings, paragraphs, list items, table cells, line
//! breaks), one line each, with the evidence the markup gives about every block.
//!
//! Text is only ever joined, never reordered: inline elements are joined into their block with
//! white space collapsed as a browser shows it. Scripts, styles, templates, SVG, embedded frames
//! and hidden elements are left out. The walk uses an explicit stack, so deeply nested or
//! malformed pages take linear time and never overflow the call stack.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::content::{self, Elem};
use super::evidence::{label_hints, role_hints, tag_hints, token_hints, Hint, Hints};
pub use crate::text::document::BlockEvidence;

/// A page's text, one block a line, and the evidence of each line.
#[derive(Debug, Clone, Default)]
pub struct Flattened {
    pub text: String,
    pub blocks: Vec<BlockEvidence>,
}

/// Elements whose content is not shown as text.
fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "head"
            | "title"
            | "video"
            | "audio"
            | "map"
    )
}

/// Elements that start and end a block of their own.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "button"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "select"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// The attributes the walk reads, found in one pass over an element's attributes (looking each
/// up by name interned its name and searched the list: 7% of the time of an HTML page).
#[derive(Debug, Default, Clone, Copy)]
pub struct Attrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub role: Option<&'a str>,
    pub aria_label: Option<&'a str>,
    pub aria_hidden: Option<&'a str>,
    pub hidden: bool,
    pub kind: Option<&'a str>,
    pub style: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub href: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    /// What `el.attr(name)` gives for each of them: attributes in no namespace.
    pub fn of(el: &'a scraper::node::Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (name, value) in &el.attrs {
            if !name.ns.is_empty() {
                continue;
            }
            let value: &'a str = value;
            match &*name.local {
                "class" => a.class = Some(value),
                "id" => a.id = Some(value),
                "role" => a.role = Some(value),
                "aria-label" => a.aria_label = Some(value),
                "aria-hidden" => a.aria_hidden = Some(value),
                "hidden" => a.hidden = true,
                "type" => a.kind = Some(value),
                "style" => a.style = Some(value),
                "itemprop" => a.itemprop = Some(value),
                "href" => a.href = Some(value),
                _ => {}
            }
        }
        a
    }
}

/// `href` leads to a site's front page: its path is empty, `/` or an `index` file, with any
/// query or fragment (`/`, `https://example.com`, `//example.com/?ref=logo`, `/index.html`).
/// A bare fragment (`#`) or an empty value leads nowhere and is not one.
fn is_front_page(href: &str) -> bool {
    // Byte tests only: a page has hundreds of links, and most leave at the first test.
    let h = href.trim_ascii().as_bytes();
    let end = h
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(h.len());
    let mut s = &h[..end];
    for index in [&b"index.html"[..], b"index.htm", b"index.php"] {
        if let Some(rest) = s.strip_suffix(index) {
            if rest.ends_with(b"/") {
                s = rest;
                break;
            }
        }
    }
    if s == b"/" {
        return true;
    }
    // `https://host/` or `//host`: after the scheme, a host and at most a final slash.
    let after = if let Some(rest) = s.strip_prefix(b"//") {
        rest
    } else {
        let Some(colon) = s.iter().position(|&b| b == b':') else {
            return false;
        };
        if !s[..colon].iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        match s[colon + 1..].strip_prefix(b"//") {
            Some(rest) => rest,
            None => return false,
        }
    };
    let host = after.strip_suffix(b"/").unwrap_or(after);
    !host.is_empty() && !host.contains(&b'/')
}

fn is_hidden(el: &scraper::node::Element, attrs: &Attrs) -> bool {
    if attrs.hidden {
        // A segment that a streaming renderer sends late, hidden until its script moves it
        // into place (React's `<div hidden id="S:2">` for the placeholder `<template
        // id="B:2">`, as every Next.js page does): what a reader sees.
        // So is the rest of an article that a paywall script hides (`<div class="paywall"
        // hidden>` after the lead): the text is in the page; the prompts of a paywall are
        // other elements (`paywall-modal`, `paywall-bar`) and stay out.
        let paywalled = attrs
            .class
            .is_some_and(|c| c.split_ascii_whitespace().any(|t| t == "paywall"));
        return !(attrs.id.is_some_and(is_streamed_segment) || paywalled);
    }
    if attrs
        .aria_hidden
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if el.name() == "input" && attrs.kind.is_some_and(|t| t.eq_ignore_ascii_case("hidden")) {
        return true;
    }
    attrs.style.is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Class and id words of a card that a page shows when the pointer rests on a link
/// (`rollover-people-block`, `hovercard`, `tooltip`): hidden by the page's style sheet, which
/// the walk does not read.
const HOVER_WORDS: &[&str] = &["hovercard", "rollover", "tooltip", "popover", "flyout"];

fn names_hover_card(attrs: &Attrs) -> bool {
    let mut named = false;
    for v in [attrs.class, attrs.id].into_iter().flatten() {
        // Every hover word holds "over", "tip" or "fly": most values leave on this byte test,
        // before the words are split out.
        let b = v.as_bytes();
        let maybe = [&b"over"[..], b"tip", b"fly"]
            .iter()
            .any(|n| b.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n)));
        if maybe {
            super::evidence::words(v, |w| named |= HOVER_WORDS.contains(&w));
        }
    }
    named
}

/// An element that a page shows on hover, met inside running text: its class or id names a
/// hover card, and it holds what such a card holds (a picture, or two or more links that make
/// most of its text), not prose. Its words would be glued into the sentence around it ("… said
/// Jane DoeJane Doe: Senate passes bill | House votes …"). A tooltip that explains a term in
/// plain words is not one and stays.
fn is_hover_card(node: NodeRef<'_, Node>, attrs: &Attrs) -> bool {
    if !names_hover_card(attrs) {
        return false;
    }
    let (mut chars, mut link_chars, mut links, mut picture) = (0usize, 0usize, 0, false);
    for d in node.descendants().skip(1) {
        match d.value() {
            // A wrapper of the link and its card (`<span class="rollover"><a>Jane Doe</a><span
            // class="rollover-block">`) is part of the sentence; the card inside is met later.
            Node::Element(e) if names_hover_card(&Attrs::of(e)) => return false,
            Node::Element(e) if e.name() == "img" || e.name() == "picture" => picture = true,
            Node::Element(e) if e.name() == "a" => links += 1,
            Node::Text(t) => {
                let n = t.chars().filter(|c| !c.is_whitespace()).count();
                chars += n;
                if d.ancestors()
                    .take_while(|a| *a != node)
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "a"))
                {
                    link_chars += n;
                }
            }
            _ => {}
        }
    }
    // A trigger that wraps the one link it explains (`<span class="tooltip"><a>term</a>`) is
    // part of the sentence; a card links its name and other pages, or shows a picture.
    chars > 0 && (picture || (links >= 2 && link_chars * 2 >= chars))
}

/// The id of a streamed segment: `S:` and a short run of letters and digits.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:").is_some_and(|n| {
        !n.is_empty() && n.len() <= 8 && n.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// Marks of the main content: a container holding one of them is not page furniture,
/// whatever its class says (`<div class="has-sidebar">` around the whole article).
fn is_content_marker(el: &scraper::node::Element, attrs: &Attrs) -> bool {
    el.name() == "h1"
        || el.name() == "main"
        || attrs.role.is_some_and(|r| r.eq_ignore_ascii_case("main"))
        || attrs
            .itemprop
            .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
}

/// Hints an element names itself.
fn element_hints(el: &scraper::node::Element, attrs: &Attrs) -> Hints {
    let mut h = tag_hints(el.name());
    for v in [attrs.class, attrs.id].into_iter().flatten() {
        h.0 |= token_hints(v).0;
    }
    if let Some(r) = attrs.role {
        h.0 |= role_hints(r).0;
    }
    if let Some(l) = attrs.aria_label {
        h.0 |= label_hints(l).0;
    }
    h
}

struct Container {
    hints: Hints,
    /// `<html>` or `<body>`: site-wide classes, never evidence.
    top: bool,
    first_block: usize,
    end_block: usize,
    markers_at_open: u32,
    markers_at_close: u32,
}

struct Open<'a> {
    name: &'a str,
    block: bool,
    container: bool,
    link: bool,
    /// A link to a site's front page (`href="/"`): a logo or "home" link.
    home_link: bool,
    heading: u8,
    list_item: bool,
    pre: bool,
    article: bool,
    declared_body: bool,
    /// A table row whose cells hold inline content only: the row is one block, its cells
    /// joined by tabs.
    inline_cells: bool,
}

/// Pages with at least this many characters of text do not take a container holding half of
/// it for furniture; a wrapper is misnamed more often than a page is half footer.
const MASS_GUARD_MIN: u64 = 1000;

/// A container holding three or more prose paragraphs and two fifths of a page's prose holds
/// its article, whatever its class says (`article-body pagination-first`); checked once a page
/// has this much prose.
const PROSE_GUARD_MIN: u64 = 400;

/// How many containers a block remembers (the innermost); bounds the work on absurd nesting.
const MAX_CONTAINERS: usize = 24;

#[derive(Default)]
struct Walker<'a> {
    stack: Vec<Open<'a>>,
    text: String,
    blocks: Vec<BlockEvidence>,
    block_containers: Vec<Vec<u32>>,
    containers: Vec<Container>,
    open_containers: Vec<u32>,
    markers: u32,
    cur: String,
    cur_chars: u32,
    cur_link_chars: u32,
    /// Characters inside links to a site's front page.
    cur_home_chars: u32,
    cur_links: u32,
    cur_controls: u32,
    pending_space: bool,
    links: u32,
    home_links: u32,
    headings: Vec<u8>,
    list_items: u32,
    pre: u32,
    article_depth: u32,
    articles: u32,
    /// Open elements marked as the article's body (`itemprop="articleBody"`).
    declared_body: u32,
    /// Every block element, for container scoring, and the open ones (innermost last).
    elems: Vec<Elem>,
    open_elems: Vec<u32>,
    /// The innermost block element around each block.
    block_elem: Vec<u32>,
}

impl<'a> Walker<'a> {
    fn flush(&mut self) {
        self.pending_space = false;
        if self.cur.is_empty() {
            self.cur_controls = 0;
            return;
        }
        let first = self.stack.len().saturating_sub(5);
        let path = self.stack[first..]
            .iter()
            .map(|o| o.name)
            .collect::<Vec<_>>()
            .join(">");
        let mut ev = BlockEvidence {
            path,
            hints: Hints::default(),
            heading: self.headings.last().copied().unwrap_or(0),
            chars: self.cur_chars,
            link_chars: self.cur_link_chars,
            links: self.cur_links,
            form_controls: self.cur_controls,
            article: (self.article_depth > 0).then(|| self.articles - 1),
            list_item: self.list_items > 0,
            main: false,
            declared_body: self.declared_body > 0,
        };
        if ev.form_controls > 0 {
            ev.hints.add(Hint::Form);
        }
        // A list item or cell that is mostly link (menus, headline lists), or a row of three or
        // more links with little else (a ticker, a tag row). A lone linked headline is left to
        // the splitter, which tells teasers and index pages by their shape.
        let density = ev.link_density();
        let cell = ev.list_item
            || ev.path.ends_with("td")
            || ev.path.ends_with("tr")
            || ev.path.ends_with("dd");
        if ev.heading != 1 && ((cell && density >= 0.7) || (ev.links >= 3 && density >= 0.8)) {
            ev.hints.add(Hint::LinkList);
        }
        // A block that is all link to a site's front page, outside headings, is the logo or the
        // "home" entry of a menu, wherever the template put it (an empty logo link may stand
        // beside it).
        if ev.heading == 0
            && ev.link_chars > 0
            && self.cur_home_chars == ev.link_chars
            && density >= 0.8
        {
            ev.hints.add(Hint::Nav);
        }
        let from = self.open_containers.len().saturating_sub(MAX_CONTAINERS);
        self.block_containers
            .push(self.open_containers[from..].to_vec());
        self.block_elem
            .push(self.open_elems.last().copied().unwrap_or(u32::MAX));
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&self.cur);
        self.blocks.push(ev);
        self.cur.clear();
        self.cur_chars = 0;
        self.cur_link_chars = 0;
        self.cur_home_chars = 0;
        self.cur_links = 0;
        self.cur_controls = 0;
    }

    fn push_text(&mut self, t: &str) {
        if self.pre > 0 && t.contains(['\n', '\r']) {
            let mut parts = t.split(['\n', '\r']).peekable();
            while let Some(p) = parts.next() {
                self.push_words(p);
                if parts.peek().is_some() {
                    self.flush();
                }
            }
        } else {
            self.push_words(t);
        }
    }

    fn push_words(&mut self, t: &str) {
        if t.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        for w in t.split_whitespace() {
            if self.pending_space && !self.cur.is_empty() && !self.cur.ends_with('\t') {
                self.cur.push(' ');
                self.cur_chars += 1;
            }
            self.cur.push_str(w);
            let n = w.chars().count() as u32;
            self.cur_chars += n;
            if self.links > 0 {
                self.cur_link_chars += n;
            }
            if self.home_links > 0 {
                self.cur_home_chars += n;
            }
            self.pending_space = true;
        }
        self.pending_space =
            t.ends_with(char::is_whitespace) || (t.is_empty() && self.pending_space);
    }

    /// The walk is inside a line that already holds text: an element opened now is read into
    /// the middle of it.
    fn in_running_text(&self) -> bool {
        !self.cur.is_empty()
    }

    /// Opens an element; `inline_row` says it is a table row of inline cells ([`inline_row`]).
    fn open(&mut self, el: &'a scraper::node::Element, attrs: &Attrs, inline_row: bool) {
        let name = el.name();
        let marker = is_content_marker(el, attrs);
        if marker {
            self.markers += 1;
        }
        let hints = element_hints(el, attrs);
        let container = !hints.is_empty();
        // A cell of a row of inline cells is part of the row's line, after a tab.
        let inline_cell = matches!(name, "td" | "th")
            && !container
            && self.stack.last().is_some_and(|o| o.inline_cells);
        if inline_cell {
            if !self.cur.is_empty() {
                self.cur.push('\t');
                self.cur_chars += 1;
            }
            self.pending_space = false;
        }
        let block = (is_block(name) && !inline_cell) || container;
        if name == "br" {
            // A line break ends the block; it still takes a place on the stack, because the
            // walk closes it like any other element.
            self.flush();
            self.stack.push(Open {
                name,
                block: false,
                container: false,
                link: false,
                home_link: false,
                heading: 0,
                list_item: false,
                pre: false,
                article: false,
                declared_body: false,
                inline_cells: false,
            });
            return;
        }
        if matches!(name, "input" | "select" | "textarea" | "button") {
            self.cur_controls += 1;
        }
        // A field or an image stands between the words around it ("Name [ ] Comment").
        if matches!(name, "input" | "img" | "textarea" | "select") {
            self.pending_space = true;
        }
        if block {
            self.flush();
            // a control counts toward the block it opens
            if matches!(name, "select" | "textarea" | "button") {
                self.cur_controls = 1;
            }
        }
        if container {
            self.open_containers.push(self.containers.len() as u32);
            self.containers.push(Container {
                hints,
                top: matches!(name, "html" | "body"),
                first_block: self.blocks.len(),
                end_block: self.blocks.len(),
                markers_at_open: self.markers - u32::from(marker),
                markers_at_close: 0,
            });
        }
        if block {
            let id = self.elems.len() as u32;
            self.elems.push(Elem {
                parent: self.open_elems.last().copied().unwrap_or(u32::MAX),
                init: content::initial_score(el, attrs, hints),
                paragraph: content::is_paragraph_tag(name),
                first_block: self.blocks.len() as u32,
                end_block: self.blocks.len() as u32,
                shape: content::shape_of(name, attrs.class),
            });
            self.open_elems.push(id);
        }
        let heading = match name.as_bytes() {
            [b'h', d @ b'1'..=b'6'] => d - b'0',
            _ => 0,
        };
        if heading > 0 {
            self.headings.push(heading);
        }
        let o = Open {
            name,
            block,
            container,
            link: name == "a",
            home_link: name == "a" && attrs.href.is_some_and(is_front_page),
            heading,
            list_item: name == "li",
            pre: name == "pre",
            article: name == "article",
            declared_body: attrs
                .itemprop
                .is_some_and(|p| p.eq_ignore_ascii_case("articlebody")),
            inline_cells: inline_row,
        };
        self.declared_body += u32::from(o.declared_body);
        self.links += u32::from(o.link);
        self.home_links += u32::from(o.home_link);
        self.cur_links += u32::from(o.link);
        self.list_items += u32::from(o.list_item);
        self.pre += u32::from(o.pre);
        if o.article {
            if self.article_depth == 0 {
                self.articles += 1;
            }
            self.article_depth += 1;
        }
        self.stack.push(o);
    }

    fn close(&mut self) {
        let Some(o) = self.stack.last() else {
            return;
        };
        if o.block {
            self.flush();
            if let Some(id) = self.open_elems.pop() {
                self.elems[id as usize].end_block = self.blocks.len() as u32;
            }
        }
        let o = self.stack.pop().expect("open element");
        self.links -= u32::from(o.link);
        self.home_links -= u32::from(o.home_link);
        self.list_items -= u32::from(o.list_item);
        self.pre -= u32::from(o.pre);
        self.declared_body -= u32::from(o.declared_body);
        if o.article {
            self.article_depth -= 1;
        }
        if o.heading > 0 {
            self.headings.pop();
        }
        if o.container {
            if let Some(c) = self.open_containers.pop() {
                let c = &mut self.containers[c as usize];
                c.end_block = self.blocks.len();
                c.markers_at_close = self.markers;
            }
        }
    }

    /// Decides which containers are evidence and gives each block the hints of its own.
    fn finish(mut self) -> Flattened {
        self.flush();
        let mut prefix = Vec::with_capacity(self.blocks.len() + 1);
        prefix.push(0u64);
        for b in &self.blocks {
            prefix.push(prefix.last().copied().unwrap_or(0) + u64::from(b.chars));
        }
        let total = prefix.last().copied().unwrap_or(0);
        // (characters, count) of prose paragraphs before each block
        let mut prose = Vec::with_capacity(self.blocks.len() + 1);
        prose.push((0u64, 0u32));
        for b in &self.blocks {
            let (c, n) = prose.last().copied().unwrap_or((0, 0));
            prose.push(if b.is_prose_paragraph() {
                (c + u64::from(b.chars), n + 1)
            } else {
                (c, n)
            });
        }
        let total_prose = prose.last().map_or(0, |p| p.0);
        let trusted: Vec<bool> = self
            .containers
            .iter()
            .map(|c| {
                let chars = prefix[c.end_block] - prefix[c.first_block.min(c.end_block)];
                let only_comments = c.hints.0 & !Hint::Comment.bit() == 0;
                !c.top
                    && c.markers_at_close == c.markers_at_open
                    && (only_comments || total < MASS_GUARD_MIN || chars * 2 <= total)
                    && (only_comments || total_prose < PROSE_GUARD_MIN || {
                        let (a, z) = (c.first_block.min(c.end_block), c.end_block);
                        let (chars, count) = (prose[z].0 - prose[a].0, prose[z].1 - prose[a].1);
                        count < 3 || chars * 5 < total_prose * 2
                    })
            })
            .collect();
        for (b, cs) in self.blocks.iter_mut().zip(&self.block_containers) {
            for &c in cs {
                if trusted[c as usize] {
                    b.hints.0 |= self.containers[c as usize].hints.0;
                }
            }
        }
        for &id in &self.open_elems {
            self.elems[id as usize].end_block = self.blocks.len() as u32;
        }
        content::mark_main(&self.text, &mut self.blocks, &self.elems, &self.block_elem);
        Flattened {
            text: self.text,
            blocks: self.blocks,
        }
    }
}

/// Flattens a parsed page into text blocks with their evidence.
pub fn flatten(html: &Html) -> Flattened {
    let mut w = Walker::default();
    let root = html.tree.root();
    walk(root, &mut w);
    w.finish()
}

/// A table row that reads as one line: two or more cells, none holding a block, a line break
/// or page furniture of its own (a standings table, a fixture list), as a browser lays it out.
fn inline_row(tr: NodeRef<'_, Node>) -> bool {
    let mut cells = 0;
    for cell in tr.children() {
        let Node::Element(el) = cell.value() else {
            continue;
        };
        if !matches!(el.name(), "td" | "th") {
            return false;
        }
        cells += 1;
        for d in cell.descendants().skip(1) {
            if let Node::Element(e) = d.value() {
                let name = e.name();
                if is_skipped(name) {
                    continue;
                }
                if is_block(name) || name == "br" || !element_hints(e, &Attrs::of(e)).is_empty() {
                    return false;
                }
            }
        }
    }
    cells >= 2
}

fn walk<'a>(root: NodeRef<'a, Node>, w: &mut Walker<'a>) {
    // Depth-first without recursion: down to the first child, else on to the next sibling,
    // climbing (and closing elements) until there is one.
    let mut node = root;
    loop {
        let mut descend = false;
        match node.value() {
            Node::Element(el) if !is_skipped(el.name()) => {
                let attrs = Attrs::of(el);
                // A hover card glued into a sentence is left out like a hidden element.
                let card = w.in_running_text() && is_hover_card(node, &attrs);
                if !card && !is_hidden(el, &attrs) {
                    w.open(el, &attrs, el.name() == "tr" && inline_row(node));
                    descend = true;
                }
            }
            Node::Text(t) => w.push_text(t),
            Node::Document | Node::Fragment => descend = true,
            _ => {}
        }
        if descend {
            if let Some(c) = node.first_child() {
                node = c;
                continue;
            }
            if node.value().is_element() {
                w.close();
            }
        }
        // Climb until a node with a next sibling, closing elements on the way.
        loop {
            if node == root {
                return;
            }
            if let Some(s) = node.next_sibling() {
                node = s;
                break;
            }
            match node.parent() {
                Some(p) => {
                    node = p;
                    if node.value().is_element() {
                        w.close();
                    }
                }
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(html: &str) -> Flattened {
        flatten(&Html::parse_document(html))
    }

    #[test]
    fn blocks_in_reading_order_with_inline_text_joined() {
        let f = flat(
            "<html><body><h1>Talks <em>resume</em></h1><p>The minister <a href=x>said</a> on\n  Sunday.<br>Second line</p><ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>",
        );
        assert_eq!(
            f.text,
            "Talks resume\nThe minister said on Sunday.\nSecond line\nOne\nTwo\na\tb"
        );
        assert_eq!(f.blocks.len(), 6);
        assert_eq!(f.blocks[0].heading, 1);
        assert_eq!(f.blocks[1].link_chars, 4);
        assert!(f.blocks[3].list_item);
    }

    /// A row of inline cells is one line, as a browser lays it out (a standings table keeps
    /// its figures beside the names); a row whose cells hold blocks or line breaks is a
    /// layout grid, one line a block as before.
    #[test]
    fn rows_of_inline_cells_are_one_line_with_tabs() {
        let f = flat(
            "<table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr>\
             <tr><td>1</td><td> Kyle <b>Busch</b> </td><td>5040</td></tr>\
             <tr><td><p>Menu</p></td><td>Body <br>text</td></tr>\
             <tr><td>alone</td></tr></table>",
        );
        assert_eq!(
            f.text,
            "Pos.\tDriver\tPoints\n1\tKyle Busch\t5040\nMenu\nBody\ntext\nalone"
        );
        assert_eq!(f.blocks[1].path.rsplit('>').next(), Some("tr"));
        assert_eq!(
            f.blocks[1].chars,
            "1\tKyle Busch\t5040".chars().count() as u32
        );
    }

    #[test]
    fn scripts_styles_and_hidden_elements_are_dropped() {
        let f = flat(
            "<body><script>var x=1;</script><style>p{}</style><p hidden>h1</p><p aria-hidden=\"true\">h2</p><p style=\"display: none\">h3</p><template><p>t</p></template><svg><text>s</text></svg><p>shown</p></body>",
        );
        assert_eq!(f.text, "shown");
    }

    /// A card the page shows when the pointer rests on a name (a picture, the name again and
    /// links to other stories) is not read into the sentence; a tooltip trigger around its one
    /// link, a tooltip that explains a word in plain text, and a card-like box outside running
    /// text are read.
    #[test]
    fn hover_cards_inside_sentences_are_left_out() {
        let f = flat(concat!(
            "<body><p>Police said <span class=\"rollover\"><a href=\"/p/jane\">Jane Doe</a>",
            "<span class=\"rollover-block\"><img src=\"j.jpg\"><a href=\"/p/jane\">Jane Doe</a>",
            "<a href=\"/x\">Council backs the new budget</a></span></span> was not hurt.</p>",
            "<p>Rates rose <span class=\"popover\"><a href=\"/a\">Bank cuts</a> | ",
            "<a href=\"/b\">Markets fall</a></span> again.</p>",
            "<p>The <span class=\"tooltip\"><a href=\"/g/quorum\">quorum</a></span> was met, ",
            "a <span class=\"tooltip\">term<span class=\"tooltip-text\">the smallest number ",
            "of members</span></span> the rules set.</p>",
            "<div class=\"tooltip\"><a href=\"/c\">Card one</a> <a href=\"/d\">Card two</a></div></body>",
        ));
        assert_eq!(
            f.text,
            "Police said Jane Doe was not hurt.\nRates rose again.\n\
             The quorum was met, a termthe smallest number of members the rules set.\n\
             Card one Card two"
        );
    }

    /// A page rendered by a streaming framework sends the article late, in a hidden segment that
    /// its script moves into a placeholder; other hidden elements (and ids that only look alike)
    /// stay out.
    #[test]
    fn streamed_segments_are_read_and_other_hidden_elements_are_not() {
        let f = flat(concat!(
            "<body><main><template id=\"B:2\"></template><div class=\"skeleton\"></div></main>",
            "<div hidden id=\"S:2\"><h1>Title here</h1><p>Body text of the article.</p></div>",
            "<div hidden id=\"S:menu-drawer-x\"><p>drawer</p></div>",
            "<div hidden id=\"modal\"><p>modal</p></div>",
            "<script>$RC(\"B:2\",\"S:2\")</script></body>",
        ));
        assert_eq!(f.text, "Title here\nBody text of the article.");
    }

    /// The rest of an article hidden by a paywall script is read; the paywall's own prompts
    /// (other classes, or hidden from assistive technology) are not.
    #[test]
    fn a_paywalled_body_is_read_and_the_paywall_prompt_is_not() {
        let f = flat(concat!(
            "<body><article><p>The lead paragraph.</p>",
            "<div class=\"paywall\" hidden><p>The rest of the article.</p></div>",
            "<div class=\"paywall-modal\" hidden><p>Subscribe to read on</p></div>",
            "<aside class=\"paywall\" aria-hidden=\"true\"><p>You have read your last article</p></aside>",
            "</article></body>",
        ));
        assert_eq!(f.text, "The lead paragraph.\nThe rest of the article.");
    }

    #[test]
    fn container_hints_reach_their_blocks() {
        let f = flat(
            "<body><nav><a href=/>Home</a></nav><article><h1>Title here</h1><p>Body text of the article.</p><div class=\"share-tools\">Share</div></article><footer><p>Contact us</p></footer></body>",
        );
        let hints: Vec<Vec<&str>> = f.blocks.iter().map(|b| b.hints.names()).collect();
        assert!(hints[0].contains(&"nav"), "{hints:?}");
        assert!(hints[1].is_empty(), "{hints:?}");
        assert!(hints[2].is_empty(), "{hints:?}");
        assert_eq!(hints[3], vec!["share"]);
        assert_eq!(hints[4], vec!["footer"]);
        assert_eq!(f.blocks[1].article, Some(0));
    }

    /// A block that is one link to a front page is the logo or a menu's "home", in whatever
    /// container the template put it; a link to a page of the site, or a link inside a
    /// sentence or a heading, is not.
    #[test]
    fn a_lone_link_to_the_front_page_is_navigation() {
        let f = flat(concat!(
            "<body><div class=\"brand\"><a href=\"https://news.example/\">Example News</a></div>",
            "<p><a href=\"/?ref=logo\">Example News</a></p>",
            "<h1><a href=\"/\">Storm hits the coast</a></h1>",
            "<p>Read it on <a href=\"/\">our site</a> today.</p>",
            "<p><a href=\"/2024/storm\">Storm hits the coast</a></p>",
            "<p><a href=\"#\">Top</a></p>",
            "<div><a href=\"/\">Example News</a><a href=\"//news.example\"></a></div></body>",
        ));
        let nav: Vec<bool> = f.blocks.iter().map(|b| b.hints.has(Hint::Nav)).collect();
        assert_eq!(nav, [true, true, false, false, false, false, true]);
    }

    #[test]
    fn front_page_addresses() {
        for href in [
            "/",
            "https://example.com",
            "https://example.com/",
            "//example.com/?ref=logo",
            "/index.html",
            "http://example.com/#top",
        ] {
            assert!(is_front_page(href), "{href}");
        }
        for href in [
            "",
            "#",
            "?page=2",
            "index.html",
            "/world/",
            "https://example.com/news/1",
            "mailto:desk@example.com",
            "javascript:void(0)",
        ] {
            assert!(!is_front_page(href), "{href}");
        }
    }

    #[test]
    fn a_container_holding_the_headline_is_not_furniture() {
        let f = flat(
            "<body><div class=\"layout-with-sidebar\"><h1>Title</h1><p>Body text.</p></div><div class=\"sidebar\"><p>Widget</p></div></body>",
        );
        assert!(f.blocks[1].hints.is_empty());
        assert!(f.blocks[2].hints.has(Hint::Sidebar));
    }

    #[test]
    fn a_line_break_does_not_close_its_parent() {
        let f = flat(
            "<body><div class=\"sidebar\"><p>one<br>two</p><p>three</p></div><p>four</p></body>",
        );
        assert_eq!(f.text, "one\ntwo\nthree\nfour");
        let sidebar: Vec<bool> = f
            .blocks
            .iter()
            .map(|b| b.hints.has(Hint::Sidebar))
            .collect();
        assert_eq!(sidebar, vec![true, true, true, false]);
        assert!(f.blocks[2].path.ends_with("div>p"), "{}", f.blocks[2].path);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(3_000) + "deep" + &"</div>".repeat(3_000);
        assert_eq!(flat(&html).text, "deep");
    }
}
