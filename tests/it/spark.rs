//! gharbal beyond one machine, run for real: the Spark driver of `contrib/spark/` in local mode
//! (pyspark from the virtual environment `scripts/spark-venv` makes) learns and cleans a few
//! hundred generated records, and its output and learned rules are those of gharbal alone; a
//! gharbal that cannot start fails the Spark job with its exit code and stderr in the driver's
//! log; and the Hadoop Streaming steps of `contrib/hadoop/` are run as streaming runs them,
//! shard by shard through standard input and output, with a sorted shuffle between them.
//!
//! Without pyspark the Spark tests are skipped with a note, except under CI (`CI=true`), where
//! `.ci/run` installs it and a missing pyspark is a failure.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use serde_json::Value;

const GHARBAL: &str = env!("CARGO_BIN_EXE_gharbal");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RECORDS: usize = 400;
const SHARDS: usize = 4;

/// The Python that has pyspark: `GHARBAL_SPARK_PYTHON`, else the one of `scripts/spark-venv`.
/// `None` (with a note) when there is none and CI is not set.
fn spark_python() -> Option<PathBuf> {
    let python = match std::env::var_os("GHARBAL_SPARK_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let venv = match std::env::var_os("GHARBAL_SPARK_VENV") {
                Some(v) => PathBuf::from(v),
                None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                    .join(".cache/gharbal/spark-venv"),
            };
            venv.join("bin/python")
        }
    };
    let works = Command::new(&python)
        .args(["-c", "import pyspark"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if works {
        return Some(python);
    }
    let why = format!(
        "pyspark cannot be imported by {}: run scripts/spark-venv (or point GHARBAL_SPARK_PYTHON \
         at a Python that has pyspark)",
        python.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}; .ci/run installs it, so under CI this is a failure");
    }
    eprintln!("note: tests/spark.rs skipped: {why}");
    None
}

/// `JAVA_HOME`, or the one the `java` on the PATH belongs to.
fn java_home() -> PathBuf {
    if let Some(home) = std::env::var_os("JAVA_HOME") {
        return PathBuf::from(home);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("java"))
        .find(|java| java.is_file())
        .and_then(|java| fs::canonicalize(java).ok())
        .and_then(|java| java.parent()?.parent().map(Path::to_path_buf))
        .expect("Spark needs Java 17 or later: install it (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME")
}

/// Generated shards below `dir/shards`: RECORDS pages of eight hosts, plus four bad records.
fn make_shards(python: &Path, dir: &Path) -> PathBuf {
    let shards = dir.join("shards");
    let out = Command::new(python)
        .arg(Path::new(ROOT).join("contrib/spark/make_records.py"))
        .args([
            "--records",
            &RECORDS.to_string(),
            "--shards",
            &SHARDS.to_string(),
        ])
        .arg("--bad")
        .arg(&shards)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    shards
}

/// The byte pipe's jar, built once for all the tests by `contrib/spark/build-jar`.
fn jar(python: &Path) -> &'static Path {
    static JAR: OnceLock<PathBuf> = OnceLock::new();
    JAR.get_or_init(|| {
        let jar = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gharbal-spark.jar");
        let out = Command::new(Path::new(ROOT).join("contrib/spark/build-jar"))
            .arg(&jar)
            .env("PYSPARK_PYTHON", python)
            .env("JAVA_HOME", java_home())
            .env_remove("SPARK_HOME")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "contrib/spark/build-jar failed (it needs a JDK: javac and jar):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        jar
    })
}

/// The Spark driver in local mode with two executor threads, as spark-submit would run it.
fn spark_driver(python: &Path, args: &[&str]) -> Output {
    Command::new(python)
        .arg(Path::new(ROOT).join("contrib/spark/gharbal_spark.py"))
        .args(["--master", "local[2]", "--gharbal", GHARBAL, "--jar"])
        .arg(jar(python))
        .args(args)
        .env("JAVA_HOME", java_home())
        .env("PYSPARK_PYTHON", python)
        .env("PYSPARK_DRIVER_PYTHON", python)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env_remove("SPARK_HOME")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn gharbal(args: &[&str]) -> Output {
    let out = Command::new(GHARBAL).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "gharbal {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Records as a sorted list of canonical JSON texts, with no order assumed. A record passed
/// on with an error is named by its line in the stream gharbal read, which under a pipe is a
/// partition rather than a shard file, so its `source` is checked apart and left out.
fn records(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .map(|line| {
            let mut r: BTreeMap<String, Value> = serde_json::from_str(line.trim_end())
                .unwrap_or_else(|e| panic!("not a JSON object ({e}): {line}"));
            if r.contains_key("error") {
                r.remove("source").expect("an error record has a source");
            }
            serde_json::to_string(&r).unwrap()
        })
        .collect();
    out.sort();
    out
}

/// What gharbal alone makes of the shards: the learned rules, and the records cleaned with them.
fn alone(shards: &Path, dir: &Path) -> (String, Vec<String>, f64) {
    let rules = dir.join("alone.toml");
    gharbal(&[
        "learn",
        "--input-format",
        "jsonl",
        path(shards),
        "-o",
        path(&rules),
    ]);
    let started = Instant::now();
    let out = gharbal(&[
        "clean",
        "--input-format",
        "jsonl",
        "--id-field",
        "url",
        "--on-error",
        "pass",
        "--learn",
        "--quiet",
        path(shards),
    ]);
    let seconds = started.elapsed().as_secs_f64();
    let rules = fs::read_to_string(rules).unwrap();
    (
        rules,
        records(&String::from_utf8(out.stdout).unwrap()),
        seconds,
    )
}

/// Many small partitions through the byte pipe (the default), with map tasks that hold at most
/// 16 lines, so that each writes its counts out many times: the rules are still those of one
/// machine's `gharbal learn`, whose map never filled.
#[test]
fn spark_learns_and_cleans_as_gharbal_alone_does() {
    let Some(python) = spark_python() else { return };
    learn_and_clean(
        &python,
        &["--partitions", "8", "--learn-arg=--max-lines=16"],
    );
}

/// One big partition through the Python pipe: the same rules and records.
#[test]
fn spark_learns_the_same_from_one_partition_through_the_python_pipe() {
    let Some(python) = spark_python() else { return };
    learn_and_clean(&python, &["--pipe", "python", "--partitions", "1"]);
}

/// Learns and cleans the generated shards with the Spark driver given `how` (its pipe and
/// partitions), and checks the rules, records, summary and counts against gharbal alone.
fn learn_and_clean(python: &Path, how: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let shards = make_shards(python, tmp.path());
    let (alone_rules, alone_records, alone_seconds) = alone(&shards, tmp.path());
    assert!(
        alone_rules.matches("[[rule]]").count() >= 6,
        "{alone_rules}"
    );

    let (out, counts, rules) = (
        tmp.path().join("out"),
        tmp.path().join("merged-counts.jsonl"),
        tmp.path().join("spark.toml"),
    );
    let started = Instant::now();
    let mut args = how.to_vec();
    args.extend([
        "--learn",
        "--counts-out",
        path(&counts),
        "--rules-out",
        path(&rules),
        path(&shards),
        path(&out),
        "--",
        "--id-field",
        "url",
    ]);
    let run = spark_driver(python, &args);
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "the driver failed:\n{log}");

    // The rules learned by map-reduce are those of one machine, byte for byte.
    assert_eq!(fs::read_to_string(&rules).unwrap(), alone_rules);
    // The records, in whatever order the partitions wrote them, are those of gharbal alone.
    let mut parts: Vec<PathBuf> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    assert!(
        parts.len() >= how[how.len() - 1].parse().unwrap_or(1),
        "{parts:?}"
    );
    let text: String = parts
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let spark_records = records(&text);
    assert_eq!(spark_records.len(), alone_records.len());
    assert!(
        spark_records == alone_records,
        "Spark's records differ from gharbal's alone"
    );
    // The bad records came through with their reasons, and the driver's log counts them.
    let errors = spark_records
        .iter()
        .filter(|r| r.contains("\"error\":"))
        .count();
    assert_eq!(errors, 4);
    let summary = log
        .lines()
        .rfind(|l| l.starts_with("gharbal_spark: {"))
        .unwrap_or_else(|| panic!("no summary in the log:\n{log}"));
    let summary: Value =
        serde_json::from_str(summary.trim_start_matches("gharbal_spark: ")).unwrap();
    assert_eq!(summary["records_out"], alone_records.len());
    assert_eq!(summary["errors"]["malformed record"], 2, "{summary}");
    assert_eq!(summary["errors"]["no `text` field"], 1, "{summary}");
    // gharbal's own warnings reach the log too.
    assert!(log.contains("passed on with an error field"), "{log}");
    // The merged counts hold every group's documents, and only the lines that may be learned
    // (filtered on the executors: 3 documents and a fifth of the group's at least).
    let merged: Vec<Value> = fs::read_to_string(&counts)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .collect();
    let groups: BTreeMap<&str, u64> = merged
        .iter()
        .filter_map(|r| Some((r["group"].as_str()?, r.get("documents")?.as_u64()?)))
        .collect();
    assert_eq!(groups.values().sum::<u64>(), RECORDS as u64);
    let lines: Vec<&Value> = merged.iter().filter(|r| r.get("key").is_some()).collect();
    assert_eq!(summary["learned_lines"], lines.len());
    for r in &lines {
        let docs = r["docs"].as_u64().unwrap();
        assert!(
            docs >= 3 && docs * 5 >= groups[r["group"].as_str().unwrap()],
            "{r}"
        );
    }
    assert!(lines.len() >= 6, "{lines:?}");

    let total = RECORDS + 4;
    eprintln!(
        "spark local[2] {how:?}: {total} records in {seconds:.1} s ({:.0} records/s; learn {} s, clean {} s, start {} s); \
         gharbal alone, learn and clean: {alone_seconds:.2} s ({:.0} records/s)",
        total as f64 / seconds,
        summary["seconds"]["learn"],
        summary["seconds"]["clean"],
        summary["seconds"]["start"],
        total as f64 / alone_seconds
    );
}

#[test]
fn spark_fails_the_job_with_gharbals_exit_code_and_stderr() {
    let Some(python) = spark_python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let shard = tmp.path().join("shard.jsonl");
    fs::write(
        &shard,
        "{\"url\":\"https://a.example/1\",\"text\":\"Home\"}\n",
    )
    .unwrap();
    let missing = tmp.path().join("missing.toml");
    let run = spark_driver(
        &python,
        &[
            path(&shard),
            path(&tmp.path().join("out")),
            "--",
            "--rules",
            path(&missing),
        ],
    );
    let log = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{log}");
    let failed = log
        .lines()
        .position(|l| l.starts_with("gharbal_spark: failed: gharbal exited with code 2"))
        .unwrap_or_else(|| panic!("no failure line in the log:\n{log}"));
    let next = log.lines().nth(failed + 1).unwrap();
    assert!(
        next.starts_with("gharbal: error: cannot read rules file") && next.contains("missing.toml"),
        "{next}"
    );
    assert!(log.contains("\"gharbal_exit_code\": 2"), "{log}");
}

/// An input that matches nothing fails the job with the byte pipe's own message, and leaves no
/// output directory behind.
#[test]
fn spark_names_an_input_that_matches_nothing() {
    let Some(python) = spark_python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = spark_driver(
        &python,
        &[path(&tmp.path().join("no-such-shards")), path(&out)],
    );
    let log = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{log}");
    assert!(
        log.lines().any(|l| l
            .starts_with("gharbal_spark: failed: java.io.IOException: no input matches")
            && l.ends_with("no-such-shards")),
        "{log}"
    );
    assert!(!out.exists());
}

/// Hadoop Streaming is not installed here, so its contract is run by hand: each split on a
/// mapper's standard input, the map output keyed by whole lines (a tab appended, as streaming
/// writes an empty value) and sorted into one reducer, then the clean mapper with the merged
/// counts shipped beside it.
#[test]
fn hadoop_streaming_steps_clean_as_gharbal_alone_does() {
    let python = std::env::var_os("GHARBAL_SPARK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let tmp = tempfile::tempdir().unwrap();
    let shards = make_shards(&python, tmp.path());
    let (alone_rules, alone_records, _) = alone(&shards, tmp.path());
    let script = Path::new(ROOT).join("contrib/hadoop/gharbal-streaming.sh");
    let step = |args: &[&str], stdin: Vec<u8>| -> Vec<u8> {
        let mut child = Command::new("sh")
            .arg(&script)
            .args(args)
            .env("GHARBAL", GHARBAL)
            .current_dir(tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            input.write_all(&stdin).unwrap();
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let splits: Vec<Vec<u8>> = (0..SHARDS)
        .map(|k| fs::read(shards.join(format!("part-{k:05}.jsonl"))).unwrap())
        .collect();
    let mut shuffled: Vec<String> = splits
        .iter()
        .flat_map(|split| {
            let counts = String::from_utf8(step(&["count"], split.clone())).unwrap();
            counts
                .lines()
                .map(|l| format!("{l}\t\n"))
                .collect::<Vec<_>>()
        })
        .collect();
    shuffled.sort();
    let merged = step(&["merge"], shuffled.concat().into_bytes());
    fs::write(tmp.path().join("merged-counts.jsonl"), &merged).unwrap();
    let rules = tmp.path().join("hadoop.toml");
    gharbal(&[
        "learn",
        "--counts",
        path(&tmp.path().join("merged-counts.jsonl")),
        "-o",
        path(&rules),
    ]);
    assert_eq!(fs::read_to_string(&rules).unwrap(), alone_rules);

    let clean_args = [
        "clean",
        "--id-field",
        "url",
        "--learned",
        "merged-counts.jsonl",
    ];
    let cleaned: String = splits
        .iter()
        .map(|split| String::from_utf8(step(&clean_args, split.clone())).unwrap())
        .collect();
    assert!(
        records(&cleaned) == alone_records,
        "the streamed records differ from gharbal's alone"
    );
    // A count mapper whose map fills writes its counts out and goes on with an empty map, so
    // nothing is evicted: counted at 64 lines, the merged counts still give gharbal's rules.
    let mut shuffled: Vec<String> = Vec::new();
    for split in &splits {
        let counts =
            String::from_utf8(step(&["count", "--max-lines", "64"], split.clone())).unwrap();
        assert!(!counts.contains("\"err\""), "{counts}");
        let written = counts
            .lines()
            .filter(|l| l.contains("\"documents\""))
            .count();
        assert!(
            written > 8,
            "a split of 100 pages fills 64 lines many times: {written}"
        );
        shuffled.extend(counts.lines().map(|l| format!("{l}\t\n")));
    }
    shuffled.sort();
    fs::write(
        tmp.path().join("filled.jsonl"),
        step(&["merge"], shuffled.concat().into_bytes()),
    )
    .unwrap();
    let out = gharbal(&["learn", "--counts", path(&tmp.path().join("filled.jsonl"))]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), alone_rules);

    // A retried task reads the same split and writes the same bytes.
    assert_eq!(
        step(&clean_args, splits[1].clone()),
        step(&clean_args, splits[1].clone())
    );
}
