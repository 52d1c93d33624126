//! A language added as data (`lang/es.toml` plus Spanish phrases in the rule files) works end
//! to end: a Spanish dump and a Spanish page, labelled by hand, come out as their gold says.

mod common;

use common::{gharbal, stdout_of, verdict_of};

const DUMP: &str = "tests/fixtures/lang/es/dump.txt";
const PAGE: &str = "tests/fixtures/lang/es/page.html";

#[test]
fn a_spanish_dump_keeps_its_article_and_names_each_removal() {
    let out = gharbal().args(["clean", DUMP]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        lines[0],
        "El Gobierno aprueba un plan de ayudas para los agricultores afectados por la sequía"
    );
    assert!(lines[4].starts_with("Las organizaciones agrarias consideraron insuficiente"));
    // The chrome goes by the rule that knows it, in Spanish.
    let out = gharbal().args(["explain", DUMP]).output().unwrap();
    assert!(out.status.success());
    let explain = stdout_of(&out);
    let of = |text: &str| verdict_of(&explain, text);
    assert_eq!(of("Lee también:"), "removed by read-also-run");
    assert_eq!(of("Compartir en Facebook"), "removed by share-bar");
    assert_eq!(of("Deja un comentario"), "removed by comment-form");
    assert_eq!(of("Tu dirección de correo"), "removed by comment-form");
    assert_eq!(of("© 2025 Diario Ejemplo."), "removed by copyright-line");
    assert_eq!(
        of("Política de privacidad"),
        "removed by privacy-terms-link"
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
