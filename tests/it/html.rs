//! HTML input: pages under tests/fixtures/html/ cleaned through the CLI. Each fixture holds the
//! kinds of page furniture a dom rule names; the tests check which rule removed what, that the
//! article is kept whole, and the page metadata in JSON Lines.

use super::common;

use common::verdict_of;
use serde_json::Value;

use super::common::in_package as gharbal;

fn run(args: &[&str]) -> String {
    run_with(args, Vec::new())
}

/// `run` with `stdin` on standard input.
fn run_with(args: &[&str], stdin: impl Into<Vec<u8>>) -> String {
    let out = gharbal().args(args).write_stdin(stdin).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn records(args: &[&str]) -> Vec<Value> {
    run(args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The one document `clean --format jsonl` makes of a page (fails when it makes another number).
fn only_document(page: &str) -> Value {
    let mut docs = records(&["clean", "--format", "jsonl", page]);
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs.remove(0)
}

const NEWS: &str = "samples/page.html";

#[test]
fn every_kind_of_furniture_goes_with_its_rule() {
    let explain = run(&["explain", NEWS]);
    for (text, rule) in [
        ("We use cookies", "cookie-banner"),
        ("Business", "navigation-menu"),
        ("Europe", "breadcrumb-trail"),
        ("Facebook Twitter Email", "share-tools"),
        ("Geneva Diplomacy", "tag-list"),
        ("covers diplomacy for", "author-bio"),
        ("Floods hit the coast again", "related-links"),
        ("I think the minister is right", "comment-section"),
        ("Post comment", "comment-section"),
        ("Get the news you need", "newsletter-box"),
        ("All rights reserved", "page-footer"),
        ("Privacy policy", "page-footer"),
    ] {
        assert_eq!(
            verdict_of(&explain, text),
            format!("removed by {rule}"),
            "{text}"
        );
    }
    // The search form's button, in a <form>.
    assert!(explain
        .lines()
        .any(|l| l.contains("removed by form-block") && l.ends_with("Search")));
}

#[test]
fn the_article_is_kept_whole_and_hidden_text_never_appears() {
    let text = run(&["clean", NEWS]);
    assert_eq!(
        text,
        "Talks to resume in Geneva next week\n\
         The foreign minister said on Sunday that the talks would resume next week in Geneva, after two days of meetings in the capital with both delegations.\n\
         Delegations from both sides are expected to arrive on Monday, and officials said a first draft of the agreement could be ready by the end of the week if the meetings go well.\n\
         The meeting will also discuss the humanitarian situation in the border region, where aid agencies have asked for safe corridors since the winter.\n"
    );
    let all = run(&["clean", "--keep-all", NEWS]);
    assert!(!all.contains("podcast"), "hidden attribute");
    assert!(!all.contains("Tracking pixel"), "display:none");
    assert!(!all.contains("dataLayer"), "script");
    assert!(!all.contains("display: flex"), "style");
}

#[test]
fn keep_all_prints_the_flattened_text_and_every_output_line_is_one_of_its_lines() {
    let all = run(&["clean", "--keep-all", NEWS]);
    assert!(all
        .starts_with("We use cookies to improve your experience on our site.\nAccept all\nHome\n"));
    // inline elements are joined into their block, form fields separate words
    assert!(all.contains("\nFacebook Twitter Email\n"));
    assert!(all.contains("\nName Comment\n"));
    let lines: Vec<&str> = all.lines().collect();
    for line in run(&["clean", NEWS]).lines() {
        assert!(lines.contains(&line), "{line:?} is not a flattened line");
    }
}

#[test]
fn jsonl_carries_the_page_metadata() {
    let recs = records(&["clean", "--format", "jsonl", NEWS]);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["title"], "Talks to resume in Geneva next week");
    assert_eq!(r["date"], "2025-03-02T09:30:00Z");
    assert_eq!(r["url"], "https://daily.example/world/talks-resume-geneva");
    assert_eq!(r["lang"], "en");
    assert_eq!(r["site_name"], "The Daily Example");
}

#[test]
fn a_windows_1256_page_is_decoded_from_its_meta_declaration() {
    let recs = records(&[
        "clean",
        "--format",
        "jsonl",
        "tests/fixtures/html/arabic-page.html",
    ]);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    // <title> without the site's name after the separator
    assert_eq!(r["title"], "الحكومة تعلن خطة جديدة لدعم المزارعين");
    assert_eq!(r["site_name"], "موقع الأخبار");
    assert_eq!(r["lang"], "ar");
    let text = r["text"].as_str().unwrap();
    assert!(text.starts_with("الحكومة تعلن خطة جديدة لدعم المزارعين\nأعلنت الحكومة"));
    assert!(text.ends_with("بعد التدقيق فيها."));
    // the menu (class word), the share list (Arabic ARIA label) and the footer are gone
    for gone in ["الرئيسية", "واتساب", "جميع الحقوق"] {
        assert!(!text.contains(gone), "{gone}");
    }
}

/// Japanese is written without spaces: a paragraph is one "word" to a space-splitter, and every
/// line looked like a headline, so the page was taken for an index and came out empty. Han and
/// kana runs now count about a word for two characters, with their particles as function words.
#[test]
fn a_japanese_article_is_read_as_prose_not_as_an_index() {
    let recs = records(&[
        "clean",
        "--format",
        "jsonl",
        "tests/fixtures/html/japanese-article.html",
    ]);
    assert_eq!(recs.len(), 1, "{recs:?}");
    let text = recs[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("市内の路線バス、来月から深夜便を増便\n市交通局は十日"),
        "{text}"
    );
    assert!(text.ends_with("各停留所に掲示される。"), "{text}");
    for gone in [
        "アクセスランキング",
        "港まつりの花火大会",
        "Copyright",
        "スポーツ",
    ] {
        assert!(!text.contains(gone), "{gone}");
    }
}

#[test]
fn article_siblings_are_separate_documents() {
    let recs = records(&[
        "clean",
        "--format",
        "jsonl",
        "tests/fixtures/html/infinite-scroll.html",
    ]);
    let titles: Vec<&str> = recs.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Les discussions reprendront à Genève la semaine prochaine",
            "La ville inaugure une nouvelle ligne de tramway"
        ]
    );
    assert!(recs.iter().all(|r| r["lang"] == "fr"));
    let all: String = recs.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert!(!all.contains("Mentions légales"));
    assert!(!all.contains("Accueil"));
}

#[test]
fn html_is_detected_by_content_on_standard_input_and_forced_by_flag() {
    let page = std::fs::read(NEWS).unwrap();
    let out = gharbal()
        .args(["clean", "-"])
        .write_stdin(page.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Talks to resume in Geneva next week\n"));
    assert!(!text.contains("<p>"));
    // a fragment without <!doctype> or <html> is text unless the flag says otherwise
    let fragment = "<p>The foreign minister said on Sunday that the talks would resume next week in Geneva, after two days of meetings.</p>";
    let as_text = gharbal()
        .args(["clean", "--keep-all"])
        .write_stdin(fragment)
        .output()
        .unwrap();
    assert!(String::from_utf8(as_text.stdout).unwrap().contains("<p>"));
    let as_html = gharbal()
        .args(["clean", "--keep-all", "--input-format", "html"])
        .write_stdin(fragment)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(as_html.stdout).unwrap(),
        "The foreign minister said on Sunday that the talks would resume next week in Geneva, after two days of meetings.\n"
    );
}

#[test]
fn malformed_pages_never_fail() {
    let all = run(&["clean", "--keep-all", "tests/fixtures/html/malformed.html"]);
    assert_eq!(
        all,
        "Unclosed bold and italic\ncell\tanother cell\nnever closed\n"
    );
    run(&["clean", "tests/fixtures/html/malformed.html"]);
    for bytes in [
        &b"<html><body><div"[..],
        b"<!doctype html><html><body>\xff\xfe<p>x",
        b"<html><script>never closed",
        b"<html>",
    ] {
        let out = gharbal()
            .args(["clean", "--input-format", "html"])
            .write_stdin(bytes)
            .output()
            .unwrap();
        assert!(out.status.success(), "{bytes:?}");
    }
}

#[test]
fn batch_writes_a_page_text_as_txt() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("pages");
    std::fs::create_dir_all(src.join("a")).unwrap();
    std::fs::copy(NEWS, src.join("a/page.html")).unwrap();
    std::fs::copy(
        "tests/fixtures/html/infinite-scroll.html",
        src.join("a/scroll.htm"),
    )
    .unwrap();
    let out = dir.path().join("clean");
    let done = gharbal()
        .args(["clean", "-q"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let page = std::fs::read_to_string(out.join("a/page.txt")).unwrap();
    assert!(page.starts_with("Talks to resume in Geneva next week\n"));
    assert!(out.join("a/scroll.txt").exists());
    assert!(out.join("a/scroll.2.txt").exists());
    assert!(!out.join("a/page.html").exists());
}

#[test]
fn diff_is_over_the_page_text_blocks() {
    let diff = run(&["diff", "--color", "never", NEWS]);
    assert!(diff.contains("-We use cookies to improve your experience on our site."));
    assert!(diff.contains("# removed by cookie-banner, navigation-menu"));
    assert!(!diff.contains("<p>"));
}

#[test]
fn text_jsonl_has_no_html_fields() {
    let recs = records(&["clean", "--format", "jsonl", "samples/saraya-appended.txt"]);
    assert!(recs
        .iter()
        .all(|r| r.get("url").is_none() && r.get("lang").is_none()));
}

#[test]
fn page_jsonl_snapshot() {
    insta::assert_snapshot!(
        "news_article_jsonl",
        run(&["clean", "--format", "jsonl", "--explain", NEWS])
    );
}

#[test]
fn short_lines_inside_the_main_content_stay_with_the_article() {
    // A list of short items between the paragraphs of the article: the splitter alone takes
    // them for a short-line run; container scoring puts them in the main content.
    let page = "tests/fixtures/html/listed-article.html";
    let doc = only_document(page);
    let text = doc["text"].as_str().unwrap();
    for item in [
        "Hand trowel",
        "Twine",
        "Wooden handles can be oiled each spring.",
    ] {
        assert!(text.contains(item), "{item:?} missing from {text}");
    }
    // the links after the article are not part of it
    assert!(!text.contains("compost heap"), "{text}");
    let explain = run(&["explain", page]);
    assert!(verdict_of(&explain, "compost heap").starts_with("removed"));
}

#[test]
fn the_article_is_its_headline_standfirst_and_main_content() {
    // The headline and standfirst sit above the body's containers, the body is cut in two by
    // an ad slot, a figure sits inside it and a promo follows it.
    let page = "tests/fixtures/html/split-body.html";
    let doc = only_document(page);
    let text = doc["text"].as_str().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Harbour reopens after storm repairs");
    assert!(lines[1].starts_with("Fishing boats return to the old port"));
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[5].starts_with("The council plans to add a second breakwater"));
    let explain = run(&["explain", page]);
    assert_eq!(
        verdict_of(&explain, "Workers pour concrete"),
        "removed by figure-caption"
    );
    assert_eq!(
        verdict_of(&explain, "Our reporters cover the coast"),
        "removed by outside-main"
    );
    // The masthead is a link to the front page: the site's logo, not the article's.
    assert_eq!(
        verdict_of(&explain, "The Coast Herald"),
        "removed by navigation-menu"
    );
}

#[test]
fn an_author_box_inside_the_article_element_does_not_cut_it() {
    // Seven lines of author box between the standfirst and the body would make a page boundary
    // in a text dump; inside one <article> element they do not.
    let page = "tests/fixtures/html/author-box.html";
    let doc = only_document(page);
    assert_eq!(doc["title"], "Night trains return to the valley line");
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains("The sleeper service comes back"), "{text}");
    assert!(
        text.contains("Passengers boarded the first carriages"),
        "{text}"
    );
    assert!(!text.contains("Transport correspondent"), "{text}");
}

#[test]
fn a_list_closing_the_main_content_stays_and_the_next_story_link_goes() {
    // Short lines after the last paragraph, inside the article's container: the splitter
    // alone takes them for a short-line run; the markup says they close the article, up to
    // the link to the next story.
    let page = "tests/fixtures/html/closing-list.html";
    let doc = only_document(page);
    let text = doc["text"].as_str().unwrap();
    assert!(
        text.ends_with("March 24 – Hillbrook, Market Square"),
        "{text}"
    );
    assert!(
        text.contains("\nTour dates:\nMarch 3 – Northport, Old Church\n"),
        "{text}"
    );
    let explain = run(&["explain", page]);
    assert!(verdict_of(&explain, "Next story").starts_with("removed"));
}

/// A body without sentences (a race calendar in `<br>` lines) that the page declares as its
/// article's body (`itemprop="articleBody"`) is kept under its heading: the markup vouches for
/// it where no paragraph of prose does. Before, only the comment notice under it was left.
#[test]
fn a_declared_body_without_sentences_is_kept_under_its_heading() {
    let doc = only_document("tests/fixtures/html/declared-body.html");
    assert_eq!(doc["title"], "Rowing regatta calendar 2027");
    let text = doc["text"].as_str().unwrap();
    assert!(
        text.starts_with("Rowing regatta calendar 2027\nRegatta calendar of the 2027 season\n"),
        "{text}"
    );
    for round in ["Round 1: 13 March", "Round 4: 5 June", "Final: 9 October"] {
        assert!(text.contains(round), "{round}: {text}");
    }
    for gone in [
        "Most read",
        "Coach leaves",
        "All rights reserved",
        "Rowing results",
    ] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
}

/// A crawl that keeps each page's HTML in a JSON Lines record: the record's text is read as
/// the page it is (furniture gone, the page's title, date, language and site name added where
/// the record has none), and a record holding a plain dump beside it stays a dump. Before,
/// the markup was cleaned as text.
#[test]
fn json_lines_records_holding_pages_are_read_as_html() {
    let page = std::fs::read_to_string("tests/fixtures/html/declared-body.html").unwrap();
    let shard = format!(
        "{}\n{}\n",
        serde_json::json!({"url": "https://lakeside.example/rowing/calendar", "html": page}),
        serde_json::json!({"url": "https://lakeside.example/plain", "html": "Headline of a plain dump\nThe minister said on Sunday that the talks would resume next week in Geneva, after two days of meetings.\n<html> is only mentioned here.\n"}),
    );
    let recs: Vec<Value> = run_with(
        &["clean", "--input-format", "jsonl", "--text-field", "html"],
        shard,
    )
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    assert_eq!(recs.len(), 2, "{recs:?}");
    let text = recs[0]["html"].as_str().unwrap();
    assert!(text.starts_with("Rowing regatta calendar 2027\n"), "{text}");
    assert!(
        text.contains("Round 4: 5 June, Castle bend stretch"),
        "{text}"
    );
    assert!(!text.contains('<') && !text.contains("Most read"), "{text}");
    assert_eq!(recs[0]["url"], "https://lakeside.example/rowing/calendar");
    assert_eq!(recs[0]["title"], "Rowing regatta calendar 2027");
    assert_eq!(recs[0]["lang"], "en");
    assert_eq!(recs[0]["site_name"], "Lakeside Sport");
    assert!(recs[1]["html"]
        .as_str()
        .unwrap()
        .starts_with("Headline of a plain dump\nThe minister said"));
    assert!(recs[1].get("lang").is_none(), "{}", recs[1]);
}
