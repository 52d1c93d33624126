//! A language added as data works end to end: everything gharbal knows of Spanish and Portuguese
//! is in `lang/es.toml` and `lang/pt.toml` (their words, cues and rule phrases), and dumps and a
//! page labelled by hand come out as their gold says, each chrome line removed by the rule that
//! knows it in that language.

use super::common;

use common::{gharbal, stdout_of, verdict_of};

const DUMP: &str = "tests/fixtures/lang/es/dump.txt";
const PAGE: &str = "tests/fixtures/lang/es/page.html";
const DUMP_PT: &str = "tests/fixtures/lang/pt/dump.txt";

/// A hand-labelled dump comes out as its gold says: one article of five lines, from `first`
/// to a line starting `last`, and each chrome line (by its start) removed by its rule.
fn check_dump(dump: &str, first: &str, last: &str, removed: &[(&str, &str)]) {
    let out = gharbal().args(["clean", dump]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], first);
    assert!(lines[4].starts_with(last), "{text}");
    let out = gharbal().args(["explain", dump]).output().unwrap();
    assert!(out.status.success());
    let explain = stdout_of(&out);
    for (line, rule) in removed {
        assert_eq!(
            verdict_of(&explain, line),
            format!("removed by {rule}"),
            "{line}"
        );
    }
}

#[test]
fn a_spanish_dump_keeps_its_article_and_names_each_removal() {
    check_dump(
        DUMP,
        "El Gobierno aprueba un plan de ayudas para los agricultores afectados por la sequía",
        "Las organizaciones agrarias consideraron insuficiente",
        &[
            ("Lee también:", "read-also-run"),
            ("Compartir en Facebook", "share-bar"),
            ("Deja un comentario", "comment-form"),
            ("Tu dirección de correo", "comment-form"),
            ("© 2025 Diario Ejemplo.", "copyright-line"),
            ("Política de privacidad", "privacy-terms-link"),
        ],
    );
}

#[test]
fn a_spanish_page_that_does_not_say_its_language_is_told_spanish() {
    let out = gharbal()
        .args(["clean", "--format", "jsonl", PAGE])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    let docs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1, "{text}");
    assert_eq!(docs[0]["lang"], "es");
    let body = docs[0]["text"].as_str().unwrap();
    assert!(body.starts_with("Las lluvias de marzo alivian los embalses del sur\nSEVILLA"));
    assert!(body.ends_with("varios años de lluvias normales para recuperarse de la sequía."));
    assert!(!body.contains("Compartir") && !body.contains("derechos reservados"));
}

/// Portuguese came as one file: `lang/pt.toml` holds its rule phrases, and no rules file
/// names a Portuguese word.
#[test]
fn a_portuguese_dump_keeps_its_article_and_names_each_removal() {
    check_dump(
        DUMP_PT,
        "Governo anuncia plano de ajuda aos agricultores atingidos pela seca",
        "As entidades do setor consideraram o valor insuficiente",
        &[
            ("Leia também:", "read-also-run"),
            ("Compartilhar no Facebook", "share-bar"),
            ("Deixe um comentário", "comment-form"),
            ("O seu endereço de e-mail", "comment-form"),
            ("© 2025 Jornal Exemplo.", "copyright-line"),
            ("Política de Privacidade", "privacy-terms-link"),
        ],
    );
    for file in std::fs::read_dir("rules").unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let rules = std::fs::read_to_string(&path).unwrap().to_lowercase();
            for word in ["compartilhar", "deixe um comentário", "leia também"] {
                assert!(!rules.contains(word), "{} names {word}", path.display());
            }
        }
    }
}
