//! What a page says about itself: title, publication date, address, language and site name,
//! from Open Graph and article meta tags, JSON-LD, `<time>`, `<h1>`, `<title>` and `<html lang>`.

use scraper::{Html, Node};
use serde::Serialize;

/// A page's metadata; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub site_name: Option<String>,
}

/// Reads the metadata of a parsed page; `h1` is the text of its first level-one heading.
pub fn page_meta(html: &Html, h1: Option<&str>) -> PageMeta {
    let mut og_title = None;
    let mut title_tag = None;
    let mut published = None;
    let mut meta_date = None;
    let mut time_date = None;
    let mut ld_date = None;
    let mut ld_headline = None;
    let mut canonical = None;
    let mut og_url = None;
    let mut site_name = None;
    let mut lang = None;
    for node in html.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let set = |slot: &mut Option<String>, v: Option<&str>| {
            if slot.is_none() {
                if let Some(v) = v.map(clean).filter(|v| !v.is_empty()) {
                    *slot = Some(v);
                }
            }
        };
        match el.name() {
            "html" => set(&mut lang, el.attr("lang").or(el.attr("xml:lang"))),
            "title" if title_tag.is_none() => {
                let t: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                set(&mut title_tag, Some(&t));
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let content = el.attr("content");
                match key.as_str() {
                    "og:title" => set(&mut og_title, content),
                    "og:url" => set(&mut og_url, content),
                    "og:site_name" => set(&mut site_name, content),
                    "article:published_time" | "datepublished" => set(&mut published, content),
                    "date" | "pubdate" | "publishdate" | "dc.date" | "dc.date.issued"
                    | "dcterms.created" | "sailthru.date" | "parsely-pub-date" => {
                        set(&mut meta_date, content)
                    }
                    _ => {}
                }
            }
            "link" => {
                let canonical_rel = el.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if canonical_rel {
                    set(&mut canonical, el.attr("href"));
                }
            }
            "time" => set(&mut time_date, el.attr("datetime")),
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                let src: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&src) {
                    if ld_date.is_none() {
                        ld_date = find_key(&v, "datePublished", 0);
                    }
                    if ld_headline.is_none() {
                        ld_headline = find_key(&v, "headline", 0);
                    }
                }
            }
            _ => {}
        }
    }
    let site_name = site_name.or_else(|| title_tag.as_deref().and_then(site_suffix));
    let title = og_title
        .map(|t| strip_site(&t, site_name.as_deref()))
        .or_else(|| h1.map(clean).filter(|t| !t.is_empty()))
        .or(ld_headline)
        .or_else(|| {
            title_tag
                .as_deref()
                .map(|t| strip_site(t, site_name.as_deref()))
        });
    PageMeta {
        title,
        date: published.or(ld_date).or(time_date).or(meta_date),
        url: canonical.or(og_url),
        lang,
        site_name,
    }
}

/// White space collapsed and trimmed.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first string value of `key` anywhere in a JSON-LD value (objects, arrays, `@graph`).
fn find_key(v: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(s)) = map.get(key) {
                let s = clean(s);
                if !s.is_empty() {
                    return Some(s);
                }
            }
            map.values().find_map(|x| find_key(x, key, depth + 1))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_key(x, key, depth + 1)),
        _ => None,
    }
}

const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " « "];

/// The part after the last title separator, when it looks like a site name (short).
fn site_suffix(title: &str) -> Option<String> {
    let (i, sep) = SEPARATORS
        .iter()
        .filter_map(|s| title.rfind(s).map(|i| (i, *s)))
        .max_by_key(|(i, _)| *i)?;
    let tail = title[i + sep.len()..].trim();
    (!tail.is_empty() && tail.split_whitespace().count() <= 5).then(|| tail.to_string())
}

/// A title without the site's name: the segments between separators that are not the site
/// name, keeping the first (the headline) when the title is "Headline | Section | Site".
fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = clean(title);
    let mut parts: Vec<&str> = vec![title.as_str()];
    for sep in SEPARATORS {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    if parts.len() == 1 {
        return title;
    }
    let fold = crate::text::fold::fold;
    let site_key = site.map(fold);
    let is_site = |p: &str| {
        site_key
            .as_deref()
            .is_some_and(|s| fold(p) == s || (s.contains(&fold(p)) && !p.trim().is_empty()))
    };
    // The longest segment that is not the site name is the headline.
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty() && !is_site(p))
        .max_by_key(|p| p.chars().count())
        .map(str::to_string)
        .unwrap_or(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_and_json_ld() {
        let html = Html::parse_document(
            r#"<html lang="ar"><head><title>عنوان الخبر | موقع الأخبار</title>
            <meta property="og:site_name" content="موقع الأخبار">
            <link rel="canonical" href="https://example.org/a/1">
            <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2025-01-05T10:00:00Z"}]}</script>
            </head><body><h1>عنوان الخبر</h1></body></html>"#,
        );
        let m = page_meta(&html, Some("عنوان الخبر"));
        assert_eq!(m.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(m.date.as_deref(), Some("2025-01-05T10:00:00Z"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/a/1"));
        assert_eq!(m.lang.as_deref(), Some("ar"));
        assert_eq!(m.site_name.as_deref(), Some("موقع الأخبار"));
    }

    #[test]
    fn title_tag_loses_its_site_suffix() {
        let html = Html::parse_document(
            "<title>Floods hit the coast again | World | The Daily Example</title><time datetime=\"2024-02-24\">Sat</time>",
        );
        let m = page_meta(&html, None);
        assert_eq!(m.title.as_deref(), Some("Floods hit the coast again"));
        assert_eq!(m.date.as_deref(), Some("2024-02-24"));
        assert_eq!(m.site_name.as_deref(), Some("The Daily Example"));
    }
}
