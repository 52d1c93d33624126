//! What a page's markup says about a block: the kinds of page furniture (menus, footers, comment
//! sections, share bars...) named by tags, class and id words, ARIA roles and labels.
//!
//! Classification uses generic words only (the English names web templates use, with their French
//! forms and the Arabic words of ARIA labels), never the name of one site.

use std::sync::OnceLock;

use crate::text::fold::fold;
use crate::text::words::{word_hash, WordMap};

pub use crate::text::hints::{Hint, Hints};

/// Hints carried by an element's own tag name.
pub fn tag_hints(tag: &str) -> Hints {
    let mut h = Hints::default();
    match tag {
        "nav" => h.add(Hint::Nav),
        "footer" => h.add(Hint::Footer),
        "header" => h.add(Hint::Header),
        "aside" => h.add(Hint::Aside),
        "form" => h.add(Hint::Form),
        "dialog" => h.add(Hint::Dialog),
        "figcaption" | "figure" => h.add(Hint::Caption),
        _ => {}
    }
    h
}

/// Hints carried by an ARIA role.
pub fn role_hints(role: &str) -> Hints {
    let mut h = Hints::default();
    for r in role.split_ascii_whitespace() {
        match r.to_ascii_lowercase().as_str() {
            "navigation" | "menubar" => h.add(Hint::Nav),
            "menu" | "menuitem" => h.add(Hint::Menu),
            "contentinfo" => h.add(Hint::Footer),
            "banner" => h.add(Hint::Header),
            "complementary" => h.add(Hint::Aside),
            "dialog" | "alertdialog" => h.add(Hint::Dialog),
            "search" => h.add(Hint::Form),
            _ => {}
        }
    }
    h
}

/// Words of class and id values, lower case: split at anything that is not a letter or digit,
/// and at lower-to-upper case changes (`shareBar` gives `share`, `bar`). Compounds are table
/// words of their own (`sharebar`, `relatedposts`).
pub(crate) fn words(value: &str, f: impl FnMut(&str)) {
    if value.is_ascii() {
        return ascii_words(value.as_bytes(), f);
    }
    any_words(value, f)
}

fn any_words(value: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                f(&word);
                word.clear();
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            f(&word);
            word.clear();
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// [`words`] of an ASCII value (nearly every class and id), without an allocation: a word is
/// lower-cased into a buffer on the stack; a longer one than it holds names no hint and is
/// given cut, which no table word matches either.
fn ascii_words(value: &[u8], mut f: impl FnMut(&str)) {
    const MAX: usize = 40;
    let mut buf = [0u8; MAX + 1];
    let mut len = 0;
    let mut prev_lower = false;
    let mut emit = |buf: &[u8; MAX + 1], len: &mut usize| {
        if *len > 0 {
            // Lower-case ASCII letters and digits only: valid UTF-8.
            f(std::str::from_utf8(&buf[..*len]).unwrap_or_default());
            *len = 0;
        }
    };
    for &b in value {
        if !b.is_ascii_alphanumeric() {
            emit(&buf, &mut len);
            prev_lower = false;
            continue;
        }
        if b.is_ascii_uppercase() && prev_lower {
            emit(&buf, &mut len);
        }
        prev_lower = b.is_ascii_lowercase();
        if len <= MAX {
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    emit(&buf, &mut len);
}

/// Class and id words that name a hint exactly.
const WORDS: &[(&str, Hint)] = &[
    ("nav", Hint::Nav),
    ("navbar", Hint::Nav),
    ("navigation", Hint::Nav),
    ("topnav", Hint::Nav),
    ("subnav", Hint::Nav),
    ("skip", Hint::Nav),
    ("skiplink", Hint::Nav),
    ("menu", Hint::Menu),
    ("menubar", Hint::Menu),
    ("megamenu", Hint::Menu),
    ("submenu", Hint::Menu),
    ("hamburger", Hint::Menu),
    ("drawer", Hint::Menu),
    ("footer", Hint::Footer),
    ("colophon", Hint::Footer),
    ("copyright", Hint::Footer),
    ("pied", Hint::Footer),
    ("piedpage", Hint::Footer),
    ("masthead", Hint::Header),
    ("topbar", Hint::Header),
    ("sidebar", Hint::Sidebar),
    ("rail", Hint::Sidebar),
    ("laterale", Hint::Sidebar),
    ("widget", Hint::Widget),
    ("widgets", Hint::Widget),
    ("comment", Hint::Comment),
    ("comments", Hint::Comment),
    ("commentaire", Hint::Comment),
    ("commentaires", Hint::Comment),
    ("disqus", Hint::Comment),
    ("respond", Hint::Comment),
    ("reply", Hint::Comment),
    ("discussion", Hint::Comment),
    ("share", Hint::Share),
    ("sharing", Hint::Share),
    ("sharebar", Hint::Share),
    ("social", Hint::Share),
    ("partage", Hint::Share),
    ("partager", Hint::Share),
    ("sharethis", Hint::Share),
    ("addthis", Hint::Share),
    ("related", Hint::Related),
    ("relatedposts", Hint::Related),
    ("recommended", Hint::Related),
    ("recommendations", Hint::Related),
    ("popular", Hint::Related),
    ("mostread", Hint::Related),
    ("trending", Hint::Related),
    ("similar", Hint::Related),
    ("connexes", Hint::Related),
    ("teaser", Hint::Teaser),
    ("teasers", Hint::Teaser),
    ("outbrain", Hint::Ad),
    ("taboola", Hint::Ad),
    ("breadcrumb", Hint::Breadcrumb),
    ("breadcrumbs", Hint::Breadcrumb),
    ("crumbs", Hint::Breadcrumb),
    ("ariane", Hint::Breadcrumb),
    ("cookie", Hint::Cookie),
    ("cookies", Hint::Cookie),
    ("consent", Hint::Cookie),
    ("gdpr", Hint::Cookie),
    ("newsletter", Hint::Newsletter),
    ("subscribe", Hint::Newsletter),
    ("subscription", Hint::Newsletter),
    ("signup", Hint::Newsletter),
    ("abonnement", Hint::Newsletter),
    ("ad", Hint::Ad),
    ("ads", Hint::Ad),
    ("advert", Hint::Ad),
    ("adverts", Hint::Ad),
    ("advertisement", Hint::Ad),
    ("advertising", Hint::Ad),
    ("sponsored", Hint::Ad),
    ("promo", Hint::Ad),
    ("dfp", Hint::Ad),
    ("adsense", Hint::Ad),
    ("publicite", Hint::Ad),
    ("tags", Hint::Tags),
    ("tagcloud", Hint::Tags),
    ("keywords", Hint::Tags),
    ("topics", Hint::Tags),
    ("etiquettes", Hint::Tags),
    ("bio", Hint::AuthorBio),
    ("authorbio", Hint::AuthorBio),
    ("pagination", Hint::Pagination),
    ("pager", Hint::Pagination),
    ("modal", Hint::Dialog),
    ("popup", Hint::Dialog),
    ("caption", Hint::Caption),
    ("credit", Hint::Caption),
    ("byline", Hint::Byline),
];

/// Pairs of adjacent words that name a hint (`author-bio`, `read-more`, `post-tags`).
const PAIRS: &[(&str, &str, Hint)] = &[
    ("about", "author", Hint::AuthorBio),
    ("author", "box", Hint::AuthorBio),
    ("author", "info", Hint::AuthorBio),
    ("read", "also", Hint::Related),
    ("more", "stories", Hint::Related),
    ("more", "news", Hint::Related),
    ("most", "read", Hint::Related),
    ("most", "viewed", Hint::Related),
    ("post", "tags", Hint::Tags),
    ("tag", "list", Hint::Tags),
    ("tag", "links", Hint::Tags),
    ("entry", "tags", Hint::Tags),
    ("article", "tags", Hint::Tags),
    ("site", "header", Hint::Header),
    ("page", "header", Hint::Header),
    ("mots", "cles", Hint::Tags),
    ("a", "lire", Hint::Related),
];

/// What a class or id word names: the word, its hint in [`WORDS`], and the pairs of [`PAIRS`]
/// that end with it (the word before, the hint). Every element of a page looks its words up: a
/// table search of over a hundred strings a word was a twentieth of the time of an HTML page.
struct WordEntry {
    word: &'static str,
    hint: Option<Hint>,
    pairs: Vec<(&'static str, Hint)>,
}

/// [`WordEntry`]s by the [`word_hash`] of their word.
fn lookup() -> &'static WordMap<WordEntry> {
    static TABLE: OnceLock<WordMap<WordEntry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        fn entry<'t>(t: &'t mut WordMap<WordEntry>, word: &'static str) -> &'t mut WordEntry {
            let e = t.entry(word_hash(word)).or_insert_with(|| WordEntry {
                word,
                hint: None,
                pairs: Vec::new(),
            });
            debug_assert_eq!(e.word, word, "two table words with one hash");
            e
        }
        let mut t = WordMap::default();
        for &(w, hint) in WORDS {
            entry(&mut t, w).hint = Some(hint);
        }
        for &(a, b, hint) in PAIRS {
            entry(&mut t, b).pairs.push((a, hint));
        }
        t
    })
}

/// Hints named by a class or id value.
pub fn token_hints(value: &str) -> Hints {
    let mut h = Hints::default();
    // The word before, when it is one a switch or a pair starts with (all short): kept in a
    // stack buffer, as most values have no word a table names.
    let mut prev_buf = [0u8; 8];
    let mut prev_len = 0usize;
    let mut embed = false;
    words(value, |w| {
        let prev = std::str::from_utf8(&prev_buf[..prev_len]).unwrap_or_default();
        embed |= matches!(w, "embed" | "embedded");
        // "has-sidebar", "with-comments", "no-ads": a layout switch on a wrapper, not furniture
        let switch = matches!(prev, "has" | "with" | "no" | "without" | "hide" | "show");
        // The word itself is compared: a hash alone could take a page's word for a table's.
        if let Some(e) = lookup().get(&word_hash(w)).filter(|e| e.word == w) {
            if let Some(hint) = e.hint.filter(|_| !switch) {
                h.add(hint);
            }
            for &(a, hint) in &e.pairs {
                if a == prev {
                    h.add(hint);
                }
            }
        }
        // A longer word starts no switch or pair: the buffer holds nothing then.
        prev_len = if w.len() <= prev_buf.len() {
            w.len()
        } else {
            0
        };
        prev_buf[..prev_len].copy_from_slice(&w.as_bytes()[..prev_len]);
    });
    // "social-media-embed", "embedded-tweet": a post the article quotes, not a share bar.
    if embed {
        h.0 &= !Hint::Share.bit();
    }
    h
}

/// Folded phrases of ARIA labels (any language) that name a hint.
const LABELS: &[(&str, Hint)] = &[
    ("breadcrumb", Hint::Breadcrumb),
    ("fil d'ariane", Hint::Breadcrumb),
    ("مسار التنقل", Hint::Breadcrumb),
    ("share", Hint::Share),
    ("partager", Hint::Share),
    ("partage", Hint::Share),
    ("مشاركة", Hint::Share),
    ("شارك", Hint::Share),
    ("comments", Hint::Comment),
    ("commentaires", Hint::Comment),
    ("التعليقات", Hint::Comment),
    ("تعليقات", Hint::Comment),
    ("related", Hint::Related),
    ("read more", Hint::Related),
    ("à lire aussi", Hint::Related),
    ("sur le même sujet", Hint::Related),
    ("اقرأ أيضا", Hint::Related),
    ("ذات صلة", Hint::Related),
    ("الأكثر قراءة", Hint::Related),
    ("footer", Hint::Footer),
    ("pied de page", Hint::Footer),
    ("تذييل", Hint::Footer),
    ("menu", Hint::Menu),
    ("القائمة", Hint::Menu),
    ("navigation", Hint::Nav),
    ("التنقل", Hint::Nav),
    ("cookie", Hint::Cookie),
    ("newsletter", Hint::Newsletter),
    ("النشرة البريدية", Hint::Newsletter),
    ("advertisement", Hint::Ad),
    ("publicité", Hint::Ad),
    ("إعلان", Hint::Ad),
    ("tags", Hint::Tags),
    ("الوسوم", Hint::Tags),
];

/// Hints named by an `aria-label`, in any of the languages gharbal reads.
pub fn label_hints(label: &str) -> Hints {
    let mut h = Hints::default();
    let key = fold(label);
    if key.chars().count() > 60 {
        return h;
    }
    for (phrase, hint) in LABELS {
        let p = fold(phrase);
        let found = key.match_indices(p.as_str()).any(|(i, _)| {
            let before = key[..i].chars().next_back();
            let after = key[i + p.len()..].chars().next();
            // Latin words stand on word boundaries; Arabic phrases may take a prefix.
            let latin = p.is_ascii();
            !latin
                || (before.is_none_or(|c| !c.is_alphanumeric()))
                    && after.is_none_or(|c| !c.is_alphanumeric())
        });
        if found {
            h.add(*hint);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_and_compounds() {
        assert!(token_hints("site-footer widget-area").has(Hint::Footer));
        assert!(token_hints("site-footer widget-area").has(Hint::Widget));
        assert!(token_hints("shareBar").has(Hint::Share));
        assert!(token_hints("comments-area").has(Hint::Comment));
        assert!(token_hints("author-bio").has(Hint::AuthorBio));
        assert!(token_hints("fil-ariane").has(Hint::Breadcrumb));
        assert!(token_hints("most-read").has(Hint::Related));
        // "entry-content-read-more" wraps an article whose end is behind a link
        assert!(token_hints("entry-content-read-more").is_empty());
        // words are matched whole: no "ad" in "header" or "shadow", no "nav" in "canvas"
        assert!(token_hints("header shadow canvas").is_empty());
        assert!(token_hints("article-body entry-content").is_empty());
        assert!(token_hints("single has-sidebar with-comments").is_empty());
    }

    /// The ASCII path splits and lower-cases as the general one does.
    #[test]
    fn ascii_words_match_the_general_split() {
        for v in [
            "site-footer widget-area",
            "shareBar",
            "rolloverPeopleBlock",
            "ABC_def--GHI9jk  x",
            "a",
            "",
            "--",
            "AriaLabelXYZ",
        ] {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            words(v, |w| fast.push(w.to_string()));
            any_words(v, |w| slow.push(w.to_string()));
            assert_eq!(fast, slow, "{v:?}");
        }
    }

    #[test]
    fn roles_and_labels() {
        assert!(role_hints("navigation").has(Hint::Nav));
        assert!(role_hints("contentinfo").has(Hint::Footer));
        assert!(label_hints("مشاركة المقال").has(Hint::Share));
        assert!(label_hints("Fil d'Ariane").has(Hint::Breadcrumb));
        assert!(label_hints("Share this article").has(Hint::Share));
        assert!(!label_hints("Shareholders meeting").has(Hint::Share));
    }

    #[test]
    fn names_round_trip() {
        for h in Hint::ALL {
            assert_eq!(Hint::from_name(h.name()), Some(h));
        }
    }
}
