//! Throughput of `clean_text` in bytes/s: the seed sample, a larger synthetic dump, and how the
//! cost grows with the number of user phrase rules.
//!
//! Run with `cargo bench --bench passes`; `cargo bench --bench passes -- rules` runs one group.
//! Whole-process figures (stdin, many files, peak RSS) come from `scripts/bench`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use gharbal::{clean_text, RuleSet};

/// The seed dump the CLI snapshots are taken from (an Arabic page with an article appended).
const SEED: &str = include_str!("../samples/saraya-appended.txt");
const GUARDIAN: &str = include_str!("../samples/guardian-valencia-fire-en.txt");

/// Size of the synthetic dump.
const SYNTHETIC_BYTES: usize = 1 << 20;

/// A small deterministic generator (xorshift64*), so the dump is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// About `bytes` of dumps built from the samples: one or two pages back to back, digits changed
/// and two words of long lines swapped, so prose lines are not repeated verbatim across pages
/// (menus and footers are, as in a real crawl). `scripts/bench` builds its corpus the same way.
fn synthetic_dump(bytes: usize) -> String {
    let pages = [SEED, GUARDIAN];
    let mut rng = Rng(0x6768_6172_6261_6c06);
    let mut out = String::with_capacity(bytes + 16 * 1024);
    while out.len() < bytes {
        for _ in 0..1 + rng.below(2) {
            for line in pages[rng.below(pages.len())].lines() {
                let mut words: Vec<String> = line
                    .split(' ')
                    .map(|w| {
                        w.chars()
                            .map(|c| match c {
                                '0'..='9' => char::from(b'0' + rng.below(10) as u8),
                                '\u{660}'..='\u{669}' => {
                                    char::from_u32(0x660 + rng.below(10) as u32).unwrap()
                                }
                                c => c,
                            })
                            .collect()
                    })
                    .collect();
                if line.len() > 80 && words.len() >= 8 {
                    let (i, j) = (rng.below(words.len() - 1), rng.below(words.len() - 1));
                    words.swap(i, j);
                }
                out.push_str(&words.join(" "));
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

/// A rules file of `n` line rules, each with four phrases of made-up Arabic and Latin words (a
/// site's own boilerplate, as a user would add it); they do not occur in the samples, so the
/// output stays the built-ins' and only the matching cost grows. Anchors cycle whole, start,
/// anywhere.
fn user_phrase_rules(n: usize) -> String {
    const ARABIC: &[char] = &[
        'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'ز', 'س', 'ش', 'ص', 'ط', 'ع', 'غ', 'ف', 'ق', 'ك',
        'ل', 'م', 'ن', 'ه', 'و', 'ي',
    ];
    fn word(rng: &mut Rng) -> String {
        let len = 3 + rng.below(5);
        if rng.below(3) == 0 {
            (0..len)
                .map(|_| char::from(b'a' + rng.below(26) as u8))
                .collect()
        } else {
            (0..len).map(|_| ARABIC[rng.below(ARABIC.len())]).collect()
        }
    }
    let mut rng = Rng(0x7275_6c65_7300_0001);
    let mut toml = String::new();
    for i in 0..n {
        let anchor = ["whole", "start", "anywhere"][i % 3];
        let phrases: Vec<String> = (0..4)
            .map(|_| {
                let words: Vec<String> = (0..2 + rng.below(3)).map(|_| word(&mut rng)).collect();
                format!("\"{}\"", words.join(" "))
            })
            .collect();
        writeln!(
            toml,
            "[[rule]]\nid = \"user-boilerplate-{i}\"\ndescription = \"A site's boilerplate line number {i}\"\npass = \"line\"\nanchor = \"{anchor}\"\nphrases = [{}]\n",
            phrases.join(", ")
        )
        .unwrap();
    }
    toml
}

fn rules_with_extra(n: usize) -> RuleSet {
    let mut rules = RuleSet::builtin();
    if n > 0 {
        rules
            .add_source("bench-user-rules.toml", &user_phrase_rules(n))
            .expect("generated rules are valid");
    }
    rules
}

/// `clean_text` takes the text by value; cloning it is outside the timed part.
fn bench_clean(c: &mut Criterion, group: &str, inputs: &[(&str, &str)], rules: &RuleSet) {
    let mut g = c.benchmark_group(group);
    for (name, text) in inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 100_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(10));
        }
        g.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter_batched(
                || text.to_string(),
                |t| black_box(clean_text(t, rules)),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn clean(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let synthetic = synthetic_dump(SYNTHETIC_BYTES);
    bench_clean(
        c,
        "clean_text",
        &[
            ("seed", SEED),
            ("guardian", GUARDIAN),
            ("synthetic-1mb", &synthetic),
        ],
        &rules,
    );
}

/// Built-ins alone, then with 100 and 1,000 user phrase rules, on the seed and a 256 KB dump.
fn rule_count(c: &mut Criterion) {
    let dump = synthetic_dump(256 * 1024);
    let mut g = c.benchmark_group("rules");
    for extra in [0, 100, 1000] {
        let rules = rules_with_extra(extra);
        for (name, text) in [("seed", SEED), ("synthetic-256kb", dump.as_str())] {
            g.throughput(Throughput::Bytes(text.len() as u64));
            if text.len() > 100_000 || extra >= 1000 {
                g.sample_size(10).measurement_time(Duration::from_secs(10));
            } else {
                g.sample_size(30);
            }
            g.bench_with_input(
                BenchmarkId::new(name, format!("{extra}-extra")),
                text,
                |b, text| {
                    b.iter_batched(
                        || text.to_string(),
                        |t| black_box(clean_text(t, &rules)),
                        BatchSize::LargeInput,
                    )
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, clean, rule_count);
criterion_main!(benches);
