//! Learning a site's boilerplate: `gharbal learn` writes a rules file that the rule commands
//! accept, `clean --learn` removes what recurs with rule ids `learned:<group>`, counts merge,
//! and a learned rule never removes a line that occurs in only one document.

use std::fs;
use std::path::Path;

use gharbal::learn::{rules_toml, LearnParams, LineCounts};
use gharbal::RuleSet;
use proptest::prelude::*;

use super::common::gharbal;

const MENU: &str = "Accueil | Politique | Économie | Sport";
const PROMPT: &str = "Rejoignez notre chaîne Telegram";
const ARTICLES: [(&str, &str); 5] = [
    ("La pluie revient sur le littoral", "Les services météorologiques ont annoncé mardi un retour des pluies sur l'ensemble du littoral, après trois semaines de sécheresse. Les agriculteurs de la région saluent une nouvelle attendue depuis le début du mois."),
    ("Le port agrandit son terminal", "Les travaux d'agrandissement du terminal à conteneurs commenceront en septembre, a indiqué la direction du port. Le chantier doit durer deux ans et créer plusieurs centaines d'emplois dans la ville."),
    ("Une bibliothèque rouvre ses portes", "Fermée depuis l'incendie de l'hiver dernier, la bibliothèque municipale a rouvert samedi. Les lecteurs ont retrouvé des salles rénovées et un fonds enrichi de plusieurs milliers d'ouvrages."),
    ("Le marché du dimanche déménage", "Le marché du dimanche quittera la place centrale pour les quais à partir du mois prochain. La mairie explique ce choix par les travaux de rénovation de la place, prévus jusqu'à l'été."),
    ("Un festival de musique annoncé", "Un festival de musique se tiendra en juillet dans le parc de la ville, ont annoncé ses organisateurs. Une vingtaine de groupes sont attendus pendant trois jours, et l'entrée sera gratuite."),
];

/// A site of five pages sharing a menu, a prompt and a footer whose year changes.
fn site(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for (i, (title, body)) in ARTICLES.iter().enumerate() {
        let page = format!(
            "{MENU}\n{title}\n{body}\n{PROMPT}\nLa Gazette du Littoral, édition {}\n",
            2020 + i
        );
        fs::write(dir.join(format!("page{i}.txt")), page).unwrap();
    }
}

#[test]
fn learn_writes_a_rules_file_that_rules_commands_accept() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("scrapes/gazette"));
    let rules = tmp.path().join("learned-gazette.toml");
    gharbal()
        .arg("learn")
        .arg(tmp.path().join("scrapes"))
        .arg("-o")
        .arg(&rules)
        .assert()
        .success();
    let text = fs::read_to_string(&rules).unwrap();
    insta::assert_snapshot!("learned_rules_file", text);
    let out = gharbal()
        .args(["rules", "test"])
        .arg(&rules)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    gharbal()
        .args(["rules", "show", "learned:gazette", "--rules"])
        .arg(&rules)
        .assert()
        .success()
        .stdout(predicates::str::contains("anchor = \"whole\""));
    // The rules clean new pages of the site: the removals name the learned rule.
    let new_page = tmp.path().join("new.txt");
    fs::write(
        &new_page,
        format!(
            "{MENU}\nUn titre\n{}\nLa Gazette du Littoral, édition 2031\n",
            ARTICLES[0].1
        ),
    )
    .unwrap();
    let out = gharbal()
        .args(["explain", "--rules"])
        .arg(&rules)
        .arg(&new_page)
        .output()
        .unwrap();
    let explain = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        explain.matches("removed by learned:gazette").count(),
        2,
        "{explain}"
    );
}

#[test]
fn clean_learn_removes_the_recurring_lines_and_keeps_the_articles() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("scrapes/gazette"));
    let out_dir = tmp.path().join("clean");
    let out = gharbal()
        .args(["clean", "--learn", "--format", "jsonl", "--explain", "-q"])
        .arg(tmp.path().join("scrapes"))
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (i, (title, body)) in ARTICLES.iter().enumerate() {
        let doc = fs::read_to_string(out_dir.join(format!("gazette/page{i}.jsonl"))).unwrap();
        let rec: serde_json::Value = serde_json::from_str(doc.lines().next().unwrap()).unwrap();
        assert_eq!(rec["text"], format!("{title}\n{body}"), "{doc}");
        let rules: Vec<&str> = rec["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        assert!(rules.contains(&"learned:gazette"), "{rules:?}");
    }
    // Without --learn no removal names a learned rule.
    let plain = gharbal()
        .args(["clean", "--format", "jsonl", "--explain"])
        .arg(tmp.path().join("scrapes/gazette/page0.txt"))
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains("learned:"), "{plain}");
}

#[test]
fn clean_learn_refuses_standard_input() {
    gharbal()
        .args(["clean", "--learn", "-"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("standard input"));
}

#[test]
fn emitted_counts_merge_into_the_same_rules() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("all/gazette"));
    // Two shards of the same site, counted apart, then merged.
    for (shard, pages) in [("a", 0..2), ("b", 2..5)] {
        let dir = tmp.path().join(shard).join("gazette");
        fs::create_dir_all(&dir).unwrap();
        for i in pages {
            let name = format!("page{i}.txt");
            fs::copy(tmp.path().join("all/gazette").join(&name), dir.join(&name)).unwrap();
        }
        gharbal()
            .arg("learn")
            .arg(tmp.path().join(shard))
            .arg("--emit-counts")
            .arg("-o")
            .arg(tmp.path().join(format!("{shard}.jsonl")))
            .assert()
            .success();
    }
    let merged = gharbal()
        .args(["learn", "--counts"])
        .arg(tmp.path().join("a.jsonl"))
        .arg("--counts")
        .arg(tmp.path().join("b.jsonl"))
        .output()
        .unwrap();
    let whole = gharbal()
        .arg("learn")
        .arg(tmp.path().join("all"))
        .output()
        .unwrap();
    assert!(merged.status.success());
    // The reduce side: clean a page with the merged counts instead of a first pass.
    let out = gharbal()
        .args(["clean", "--format", "jsonl", "--explain", "--learned"])
        .arg(tmp.path().join("a.jsonl"))
        .arg("--learned")
        .arg(tmp.path().join("b.jsonl"))
        .arg(tmp.path().join("all/gazette/page1.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cleaned = String::from_utf8(out.stdout).unwrap();
    assert!(
        cleaned.contains("\"rule\":\"learned:gazette\""),
        "{cleaned}"
    );
    assert!(cleaned.contains(ARTICLES[1].1), "{cleaned}");
    assert_eq!(
        String::from_utf8(merged.stdout).unwrap(),
        String::from_utf8(whole.stdout).unwrap()
    );
}

/// The map step of a map-reduce job reads a partition on standard input: records are counted
/// one line at a time, so a stream far longer than --max-file-size is counted whole, and only a
/// record over the limit is left out.
#[test]
fn jsonl_counts_stream_past_the_size_limit() {
    let mut stream = String::new();
    for (i, (title, body)) in ARTICLES.iter().enumerate() {
        let page = format!("{MENU}\n{title}\n{body}\n{PROMPT}\n");
        let record =
            serde_json::json!({"url": format!("https://gazette.example/{i}"), "text": page});
        stream.push_str(&record.to_string());
        stream.push('\n');
    }
    stream.push_str(&format!(
        "{{\"url\":\"https://gazette.example/big\",\"text\":\"{MENU}\\n{}\"}}\n",
        "x".repeat(2000)
    ));
    assert!(stream.len() > 3000);
    let out = gharbal()
        .args(["learn", "--input-format", "jsonl", "--emit-counts"])
        .args(["--max-file-size", "1K"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = String::from_utf8(out.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(counts.lines().next().unwrap()).unwrap();
    // Five records counted; the one over 1 KiB is not.
    assert_eq!(
        first,
        serde_json::json!({"group": "gazette.example", "documents": 5})
    );
    assert!(
        counts.contains(&format!("\"text\":\"{MENU}\",\"docs\":5")),
        "{counts}"
    );
}

/// A map task that holds more distinct lines than `--max-lines` writes its counts out and goes
/// on with an empty map, so no count is lost: a line on one page in four, which a map that
/// evicts forgets between its pages, is learned from the emitted counts as from the batch.
#[test]
fn emitted_counts_stay_exact_when_the_map_fills() {
    let mut stream = String::new();
    for i in 0..40 {
        let mut text = format!("{MENU}\n");
        if i % 4 == 1 {
            text.push_str("Corrections: write to the readers' editor\n");
        }
        // Lines of this page alone: digits are folded, so the page is named in letters.
        let page: String = format!("{i:02}")
            .bytes()
            .map(|d| char::from(b'a' + d - b'0'))
            .collect();
        for word in ["one", "two", "three", "four", "five"] {
            text.push_str(&format!("Line {word} of page {page}\n"));
        }
        stream.push_str(
            &serde_json::json!({"url": format!("https://gazette.example/{i}"), "text": text})
                .to_string(),
        );
        stream.push('\n');
    }
    let emitted = gharbal()
        .args([
            "learn",
            "--input-format",
            "jsonl",
            "--emit-counts",
            "--max-lines",
            "16",
        ])
        .write_stdin(stream.clone())
        .output()
        .unwrap();
    assert!(
        emitted.status.success(),
        "{}",
        String::from_utf8_lossy(&emitted.stderr)
    );
    let counts = String::from_utf8(emitted.stdout).unwrap();
    // Written as the map filled: the group's documents come in parts that add up to 40.
    let parts: Vec<u64> = counts
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|r| r.get("documents").and_then(serde_json::Value::as_u64))
        .collect();
    assert!(parts.len() > 1, "{counts}");
    assert_eq!(parts.iter().sum::<u64>(), 40);
    assert!(!counts.contains("\"err\""), "nothing was evicted: {counts}");
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("counts.jsonl"), &counts).unwrap();
    let merged = gharbal()
        .args(["learn", "--counts"])
        .arg(tmp.path().join("counts.jsonl"))
        .output()
        .unwrap();
    let whole = gharbal()
        .args(["learn", "--input-format", "jsonl"])
        .write_stdin(stream)
        .output()
        .unwrap();
    let rules = String::from_utf8(whole.stdout).unwrap();
    assert!(
        rules.contains("Corrections: write to the readers' editor"),
        "{rules}"
    );
    assert_eq!(String::from_utf8(merged.stdout).unwrap(), rules);
}

/// A generated batch: documents of a few lines, drawn from a small vocabulary so that some
/// lines recur and some do not.
fn batch() -> impl Strategy<Value = Vec<Vec<String>>> {
    let line = prop::collection::vec(
        prop::sample::select(vec![
            "home",
            "news",
            "sport",
            "الرئيسية",
            "أخبار",
            "contact",
            "2024",
            "©",
            "|",
            "about",
        ]),
        1..4,
    )
    .prop_map(|w| w.join(" "));
    prop::collection::vec(prop::collection::vec(line, 1..6), 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever the batch and thresholds, a line removed by a learned rule occurs (normalised)
    /// in at least two documents of the batch.
    #[test]
    fn learned_rules_never_remove_a_line_of_only_one_document(
        docs in batch(),
        min_docs in 2u32..4,
        min_share in 0.0f64..0.6,
    ) {
        let params = LearnParams { min_docs, min_share, ..LearnParams::default() };
        let mut counts = LineCounts::new(params);
        let texts: Vec<String> = docs.iter().map(|d| d.join("\n")).collect();
        for t in &texts {
            counts.add_document("site", t);
        }
        let toml = rules_toml(&counts.learned(), &counts);
        let mut set = RuleSet::default();
        set.add_source("learned.toml", &toml).unwrap();
        let key = |l: &str| gharbal::learn::counted_line(l, &params).map(|c| c.key);
        for t in &texts {
            let out = gharbal::engine::run_rule_passes(t.clone(), &set);
            for r in out.removals.iter().filter(|r| r.rule.starts_with("learned:")) {
                let line = t.lines().nth(r.line).unwrap();
                let k = key(line);
                let holders = texts.iter().filter(|d| d.lines().any(|l| key(l) == k)).count();
                prop_assert!(holders >= 2, "{line:?} is in {holders} document(s)\n{toml}");
            }
        }
    }
}

/// A learned rules file passes its own `rules test` by construction: a recurring line whose
/// whole-line rule would not match it (a weather widget, `• 17℃ Paris, France`, whose digits
/// and symbol fold apart) is left out with a note, and the rest is learned.
#[test]
fn a_learned_file_passes_its_own_rules_test() {
    let dir = tempfile::tempdir().unwrap();
    site(&dir.path().join("site"));
    for (i, entry) in fs::read_dir(dir.path().join("site")).unwrap().enumerate() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("• 1{i}℃ Paris, France\n{text}")).unwrap();
    }
    let rules = dir.path().join("learned.toml");
    let out = gharbal()
        .arg("learn")
        .arg(dir.path().join("site"))
        .arg("-o")
        .arg(&rules)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 recurring line(s) left out"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let learned = fs::read_to_string(&rules).unwrap();
    assert!(
        learned.contains(MENU) && !learned.contains('℃'),
        "{learned}"
    );
    gharbal()
        .args(["rules", "test"])
        .arg(&rules)
        .assert()
        .code(0)
        .stdout(predicates::str::contains(" 0 failed"));
}
