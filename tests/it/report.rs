//! `gharbal report`: the HTML review page, written and then rendered in headless Chromium, whose
//! dumped DOM is checked: every removed span names its rule, document boundaries are drawn,
//! Arabic lines are right-to-left, and markup from a dump stays text.
//!
//! Without Chromium the test is skipped with a note, except under CI (`CI=true`), where `.ci/run`
//! installs it and a missing one is a failure (as `tests/spark.rs` does for pyspark).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::Value;

use super::common::in_package as gharbal;

/// A dump that tries to run code through its headline, a kept line and removed lines.
const HOSTILE: &str = "\
Wildfire <img src=t onerror=\"document.body.setAttribute('data-pwned', 'title')\"> forces hundreds from homes
The fire spread overnight through pine forest above the town, and firefighters worked until dawn to keep it from the first houses. <script>document.body.setAttribute('data-pwned', 'kept')</script> Officials said the wind had turned by morning.
<script>document.body.setAttribute('data-pwned', 'script')</script>
<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\"> More from the valley, where the river is low this year.
</script><!-- \u{2028} -->
© 2025 Valley News. All rights reserved.
";

/// The two samples and the hostile dump in one directory.
fn batch(dir: &Path) -> PathBuf {
    let inputs = dir.join("dumps");
    fs::create_dir(&inputs).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sample in ["saraya-appended.txt", "guardian-valencia-fire-en.txt"] {
        fs::copy(root.join("samples").join(sample), inputs.join(sample)).unwrap();
    }
    fs::write(inputs.join("hostile.txt"), HOSTILE).unwrap();
    inputs
}

fn stats(inputs: &Path) -> Value {
    let out = gharbal()
        .args(["stats", "--format", "json"])
        .arg(inputs)
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Where Chromium is: `GHARBAL_CHROMIUM`, or `chromium` / `chromium-browser` on the PATH.
/// `None` (with a note) when there is none and CI is not set.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GHARBAL_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    let why = "tests/report.rs renders the review page in headless Chromium, and none was found. \
         Install it with `apt-get install -y chromium` (Debian; .ci/run does this when \
         /usr/bin/chromium is missing), or point GHARBAL_CHROMIUM at a Chromium binary";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}; under CI this is a failure");
    }
    eprintln!("note: review_page_in_headless_chromium skipped: {why}");
    None
}

/// The DOM of `page` after its script ran, as headless Chromium dumps it.
fn dump_dom(chromium: &Path, page: &Path, scratch: &Path) -> String {
    let profile = scratch.join("chromium-profile");
    fs::create_dir_all(&profile).unwrap();
    // Output goes to files: a DOM larger than a pipe's buffer would block Chromium while this
    // waits for it to exit.
    let dom_path = scratch.join("dom.html");
    let err_path = scratch.join("chromium.err");
    let mut child = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .env("HOME", scratch)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&dom_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = fs::read_to_string(&dom_path).unwrap();
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium failed ({status}): {}",
        fs::read_to_string(&err_path).unwrap_or_default()
    );
    dom
}

/// Text with tags dropped and the five escapes undone.
fn text_of(html: &str) -> String {
    let tags = Regex::new(r"<[^>]*>").unwrap();
    tags.replace_all(html, "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

#[test]
fn review_page_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch(dir.path());
    let page = dir.path().join("review.html");
    gharbal()
        .arg("report")
        .arg(&inputs)
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    let expected = stats(&inputs);
    let dom = dump_dom(&chromium, &page, dir.path());

    // The script ran and listed every file on the first page.
    assert!(dom.contains("files 1–3 of 3"), "{dom}");
    assert_eq!(dom.matches("<article class=\"file\"").count(), 3);

    // Every removed span carries its rule as a data attribute and a hover title; every rule
    // that removed something shows up.
    let del = Regex::new(
        r#"<del class="rm c\d+" data-rule="([a-z0-9-]+)" title="removed by ([a-z0-9-]+)">"#,
    )
    .unwrap();
    assert_eq!(
        del.find_iter(&dom).count(),
        dom.matches("<del").count(),
        "a <del> without its rule"
    );
    let mut seen: Vec<&str> = Vec::new();
    for c in del.captures_iter(&dom) {
        assert_eq!(&c[1], &c[2]);
        if !seen.contains(&c.get(1).unwrap().as_str()) {
            seen.push(c.get(1).unwrap().as_str());
        }
    }
    // Runs of five or more wholly removed lines are collapsed into one row that counts them and
    // names their rules (a click shows them).
    let run = Regex::new(
        r#"<div class="l run" data-rules="([a-z0-9 -]+)"><span class="n">(\d+)–(\d+)</span><button class="expand" type="button" title="show them">▸ (\d+) removed lines: ([a-z0-9, -]+)</button>"#,
    )
    .unwrap();
    let runs: Vec<_> = run.captures_iter(&dom).collect();
    assert!(!runs.is_empty(), "no collapsed run");
    assert_eq!(runs.len(), dom.matches("class=\"l run\"").count());
    for c in &runs {
        let (from, to, n): (usize, usize, usize) = (
            c[2].parse().unwrap(),
            c[3].parse().unwrap(),
            c[4].parse().unwrap(),
        );
        assert!(n >= 5 && n <= to + 1 - from, "{}", &c[0]);
        assert_eq!(c[1].replace(' ', ", "), c[5]);
        for rule in c[1].split(' ') {
            if !seen.contains(&rule) {
                seen.push(rule);
            }
        }
    }
    let mut fired: Vec<&str> = expected["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    fired.sort_unstable();
    seen.sort_unstable();
    assert_eq!(seen, fired);
    let copyright =
        Regex::new(r#"<del [^>]*data-rule="copyright-line"[^>]*>([^<]*)</del>"#).unwrap();
    let copyright: Vec<String> = copyright
        .captures_iter(&dom)
        .map(|c| text_of(&c[1]))
        .collect();
    assert!(
        copyright.iter().any(|t| t.contains("All rights reserved")),
        "{copyright:?}"
    );
    // (the seed's Arabic copyright line stands in a collapsed run; Arabic removed text shows
    // in the <del>s outside runs)
    let any_del = Regex::new(r#"<del [^>]*>([^<]*)</del>"#).unwrap();
    assert!(any_del.captures_iter(&dom).any(|c| text_of(&c[1])
        .chars()
        .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch))));

    // One divider per document, numbered, with the document's title.
    let boundary = Regex::new(r#"<div class="doc" data-doc="(\d+)" dir="auto">"#).unwrap();
    assert_eq!(
        boundary.find_iter(&dom).count() as u64,
        expected["documents_out"].as_u64().unwrap()
    );
    assert!(dom.contains(r#"<bdi class="title">مدير مكتب الأسد سابقًا: زيارته الأخيرة لروسيا كانت فاشلة ولم يتمكن من لقاء بوتين</bdi>"#));

    // A line whose first letter is Arabic is right-to-left; any other is left to the browser.
    let line = Regex::new(r#"<div class="t" dir="(rtl|auto)"[^>]*>(.*?)</div>"#).unwrap();
    let (mut rtl, mut auto) = (0, 0);
    for c in line.captures_iter(&dom) {
        let text = text_of(&c[2]);
        let arabic = text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(is_arabic);
        assert_eq!(&c[1] == "rtl", arabic, "{text}");
        if arabic {
            rtl += 1;
        } else {
            auto += 1;
        }
    }
    // (fewer than the dumps' lines: removed runs are collapsed)
    assert!(rtl > 12 && auto > 10, "{rtl} rtl and {auto} other lines");

    // The hostile dump is text: no element it tried to make, no attribute it tried to set,
    // and its markup readable on the page.
    assert_eq!(
        dom.matches("<script").count(),
        5,
        "only the page's own scripts (metadata, three files, code)"
    );
    assert!(
        !dom.contains("<img"),
        "an <img> from the dump became an element"
    );
    let body = Regex::new(r"<body[^>]*>").unwrap();
    assert!(!body.find(&dom).unwrap().as_str().contains("pwned"));
    assert!(dom.contains(
        "&lt;script&gt;document.body.setAttribute('data-pwned', 'script')&lt;/script&gt;"
    ));
    assert!(dom
        .contains("&lt;img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\"&gt;"));
    assert!(dom
        .contains("&lt;script&gt;document.body.setAttribute('data-pwned', 'kept')&lt;/script&gt;"));
    assert!(dom.contains(
        "<bdi class=\"title\">Wildfire &lt;img src=t onerror=\"document.body.setAttribute('data-pwned', 'title')\"&gt; forces hundreds from homes</bdi>"
    ));
}

#[test]
fn report_writes_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch(dir.path());
    let page = dir.path().join("review.html");
    gharbal()
        .arg("report")
        .arg(&inputs)
        .arg("--output")
        .arg(&page)
        .assert()
        .success()
        .stdout("");
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing that loads: no element that fetches, no script from elsewhere, no url() in the CSS.
    let fetching =
        Regex::new(r"<(img|link|iframe|object|embed|audio|video|source|base)\b|<script[^>]*\ssrc=")
            .unwrap();
    assert!(!fetching.is_match(&html), "{:?}", fetching.find(&html));
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains("<svg class=\"chart\""));

    // Standard output gets the same page.
    let out = gharbal().arg("report").arg(&inputs).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), html);
}

#[test]
fn a_failed_input_is_listed_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    gharbal()
        .args(["report", "samples/saraya-appended.txt", "missing.txt", "-o"])
        .arg(&page)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("missing.txt"));
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("inputs that could not be cleaned"));
    assert!(html.contains("<bdi>missing.txt</bdi>"));
}

#[test]
fn clean_report_html_writes_the_same_page_as_report() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch(dir.path());
    let (cleaned, reported) = (
        dir.path().join("clean.html"),
        dir.path().join("report.html"),
    );
    gharbal()
        .arg("clean")
        .arg(&inputs)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--report-html")
        .arg(&cleaned)
        .assert()
        .success();
    gharbal()
        .arg("report")
        .arg(&inputs)
        .arg("-o")
        .arg(&reported)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&cleaned).unwrap(),
        fs::read_to_string(&reported).unwrap()
    );
    assert!(dir.path().join("out/saraya-appended.2.txt").is_file());

    gharbal()
        .args(["clean", "--input-format", "jsonl", "--report-html"])
        .arg(dir.path().join("x.html"))
        .write_stdin("{\"text\":\"a\"}\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--report-html"));
}
