//! The evidence for a document start at one paragraph, and how it is weighed: a linear score
//! over named features, with weights read from `rules/split/weights.toml` (fitted by
//! `scripts/fit-split` on labelled dumps, newspapers and sites held out).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::cues::Opening;

/// The evidence at one candidate: a prose paragraph that may open a new document.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StartEvidence {
    /// The topic splitter (headline and topic change, page chrome) put a boundary here.
    pub topic_split: bool,
    /// A headline stands in the gap.
    pub headline: bool,
    /// That headline opens as a continuation ("وبحسب المرصد ..."): a wrapped line of text
    /// taken for a headline, more often than not.
    pub headline_continues: bool,
    /// That headline ends with a sentence mark: headlines rarely do; captions and the wrapped
    /// tail of a paragraph do.
    pub headline_stop: bool,
    /// Lines of chrome in the gap, up to six, as a share of six.
    pub chrome: f32,
    /// How the paragraph opens.
    pub opening: Opening,
    /// The paragraph before stops without a sentence mark (a page cut mid-sentence, or a
    /// wrapped line).
    pub prev_cut: bool,
    /// Only one paragraph stands between the last start and this one: a start here leaves a
    /// one-paragraph story behind (a lead and a subheading after it, more often than not).
    pub lone_before: bool,
    /// The topic breaks: continuity under [`TOPIC_BREAK`]. Measured on the labelled cases,
    /// nine starts in twenty inside a run of paragraphs have it, and one paragraph in twenty
    /// that starts nothing; a weight on continuity alone cannot say "this low".
    pub topic_break: bool,
    /// Topic continuity and cosine of the few paragraphs after against the few before.
    pub continuity: f32,
    pub cosine: f32,
    /// The topic was measured: it is left at zero where it could not change the verdict
    /// (the words of six paragraphs cost more than the rest of the evidence together).
    pub topic_measured: bool,
}

/// Continuity below which the topic breaks.
pub const TOPIC_BREAK: f32 = 0.1;

/// The features measured from the topic, last in [`FEATURES`]: each lies between 0 and 1.
const TOPIC_FEATURES: usize = 3;

/// The features' names, in the order of [`StartEvidence::values`]; `weights.toml` names them.
pub const FEATURES: [&str; 15] = [
    "topic-split",
    "headline",
    "headline-continues",
    "headline-stop",
    "chrome",
    "dateline",
    "lead",
    "subject",
    "time",
    "continuation",
    "prev-cut",
    "lone-before",
    "topic-break",
    "continuity",
    "cosine",
];

fn flag(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

impl StartEvidence {
    /// The feature values, in the order of [`FEATURES`].
    pub fn values(&self) -> [f32; FEATURES.len()] {
        let o = &self.opening;
        [
            flag(self.topic_split),
            flag(self.headline),
            flag(self.headline_continues),
            flag(self.headline_stop),
            self.chrome,
            flag(o.dateline),
            flag(o.lead),
            flag(o.subject),
            flag(o.time),
            flag(o.continuation),
            flag(self.prev_cut),
            flag(self.lone_before),
            flag(self.topic_break),
            self.continuity,
            self.cosine,
        ]
    }
}

/// One candidate start as the splitter judged it: what `explain` shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StartCandidate {
    /// The paragraph's line (0-based).
    pub line: usize,
    pub place: Place,
    pub script: Script,
    pub evidence: StartEvidence,
    /// It starts a document.
    pub starts: bool,
    /// Why the verdict is not the score's, when it is not.
    pub overruled: Option<&'static str>,
}

impl StartCandidate {
    /// The score of its evidence and the threshold it was held to, by the given weights.
    pub fn score(&self, w: &Weights) -> (f32, f32) {
        let m = w.model(self.script, self.place);
        (m.score(&self.evidence), m.threshold)
    }

    /// One line for people: the verdict, the score against the threshold and each piece of
    /// evidence with its weight, largest first.
    pub fn describe(&self, w: &Weights) -> String {
        let m = w.model(self.script, self.place);
        let (score, threshold) = self.score(w);
        let mut parts = m.contributions(&self.evidence);
        parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let evidence: Vec<String> = parts
            .iter()
            .map(|(name, c)| format!("{name} {c:+.2}"))
            .collect();
        let verdict = if self.starts {
            "a document starts"
        } else {
            "no document start"
        };
        let cmp = if score > threshold { ">" } else { "<=" };
        let mut out = format!(
            "{verdict}: score {score:.2} {cmp} {threshold:.2} ({}.{} model; bias {:+.2}{}{})",
            self.script.model_name(),
            self.place.name(),
            m.bias,
            if evidence.is_empty() { "" } else { ", " },
            evidence.join(", ")
        );
        if !self.evidence.topic_measured {
            out.push_str("; topic not measured: it could not change the verdict");
        }
        if let Some(why) = self.overruled {
            out.push_str("; ");
            out.push_str(why);
        }
        out
    }
}

/// `rules/split/weights.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WeightsFile {
    /// A start inside a run of paragraphs needs this many characters of prose on both sides
    /// before the next start: a lone paragraph is no story.
    min_story_chars: usize,
    /// One model a script (`ar` for paragraphs in Arabic script, `default` for the others) and
    /// place (`gap` after other lines, `inner` inside a run of paragraphs).
    model: BTreeMap<String, BTreeMap<String, ModelFile>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ModelFile {
    /// A candidate whose score exceeds this starts a document.
    threshold: f32,
    /// The score's constant term.
    bias: f32,
    /// One weight a feature, by name.
    weights: BTreeMap<String, f32>,
}

/// The weights that combine a candidate's evidence into a score, for one script and place.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub threshold: f32,
    pub bias: f32,
    pub weights: [f32; FEATURES.len()],
}

/// Which model weighs a paragraph: the script it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Arabic,
    Other,
}

impl Script {
    /// The script of most of the first letters of a text.
    pub fn of(text: &str) -> Script {
        let (mut arabic, mut other) = (0, 0);
        for c in text.chars() {
            if ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06FF}').contains(&c) {
                arabic += 1;
            } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
                // The rest of the Arabic block (marks, digits, punctuation) is no letter: no
                // Unicode table need say so.
                continue;
            } else if c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic()) {
                other += 1;
            } else {
                continue;
            }
            // Forty letters decide; a side with more than half of them has won already.
            if arabic > 20 || other >= 20 {
                break;
            }
        }
        if arabic > other {
            Script::Arabic
        } else {
            Script::Other
        }
    }

    /// The name of its model in `weights.toml`.
    pub fn model_name(self) -> &'static str {
        match self {
            Script::Arabic => "ar",
            Script::Other => "default",
        }
    }
}

/// Where a candidate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// After a gap: kept short lines or lines the rules removed.
    Gap,
    /// Inside a run of paragraphs.
    Inner,
}

impl Place {
    pub fn name(self) -> &'static str {
        match self {
            Place::Gap => "gap",
            Place::Inner => "inner",
        }
    }
}

/// The splitter's weights: a model for each script and place, and the shortest story.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub min_story_chars: usize,
    /// By script (Arabic, other), then place (gap, inner).
    models: [[Model; 2]; 2],
}

impl Model {
    fn of_file(name: &str, file: &ModelFile) -> Result<Model, String> {
        if let Some(unknown) = file
            .weights
            .keys()
            .find(|k| !FEATURES.contains(&k.as_str()))
        {
            return Err(format!(
                "unknown feature `{unknown}` in [model.{name}.weights]; the features are: {}",
                FEATURES.join(", ")
            ));
        }
        let mut weights = [0.0; FEATURES.len()];
        for (w, feature) in weights.iter_mut().zip(FEATURES) {
            *w = *file
                .weights
                .get(feature)
                .ok_or_else(|| format!("[model.{name}.weights] has no weight for `{feature}`"))?;
        }
        Ok(Model {
            threshold: file.threshold,
            bias: file.bias,
            weights,
        })
    }

    /// The score of the evidence: the bias plus each feature times its weight.
    pub fn score(&self, e: &StartEvidence) -> f32 {
        self.bias
            + e.values()
                .iter()
                .zip(&self.weights)
                .map(|(v, w)| v * w)
                .sum::<f32>()
    }

    /// Each feature's share of the score, for `explain`: (name, value times weight), the
    /// features that are zero left out.
    pub fn contributions(&self, e: &StartEvidence) -> Vec<(&'static str, f32)> {
        e.values()
            .iter()
            .zip(&self.weights)
            .zip(FEATURES)
            .filter(|((v, _), _)| **v != 0.0)
            .map(|((v, w), name)| (name, v * w))
            .collect()
    }

    /// True when the evidence places a document start.
    pub fn starts(&self, e: &StartEvidence) -> bool {
        self.score(e) > self.threshold
    }

    /// The verdict on evidence whose topic is not measured yet, when the topic (a break,
    /// continuity and cosine, each between 0 and 1) cannot change it.
    pub fn starts_whatever_the_topic(&self, e: &StartEvidence) -> Option<bool> {
        let base = self.score(&StartEvidence {
            topic_break: false,
            continuity: 0.0,
            cosine: 0.0,
            ..*e
        });
        let topic = &self.weights[FEATURES.len() - TOPIC_FEATURES..];
        let low: f32 = topic.iter().map(|w| w.min(0.0)).sum();
        let high: f32 = topic.iter().map(|w| w.max(0.0)).sum();
        if base + low > self.threshold {
            Some(true)
        } else if base + high <= self.threshold {
            Some(false)
        } else {
            None
        }
    }
}

impl Weights {
    /// Reads a weights file: a model for each of `ar` and `default` and each of `gap` and
    /// `inner`, every feature named once.
    pub fn from_toml(text: &str) -> Result<Weights, String> {
        let file: WeightsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        for (script, places) in &file.model {
            if !["ar", "default"].contains(&script.as_str()) {
                return Err(format!(
                    "unknown model `{script}`; the scripts are `ar` and `default`"
                ));
            }
            if let Some(p) = places
                .keys()
                .find(|p| !["gap", "inner"].contains(&p.as_str()))
            {
                return Err(format!(
                    "unknown model `{script}.{p}`; the places are `gap` and `inner`"
                ));
            }
        }
        let model = |script: Script, place: Place| {
            let name = format!("{}.{}", script.model_name(), place.name());
            file.model
                .get(script.model_name())
                .and_then(|m| m.get(place.name()))
                .ok_or_else(|| format!("no [model.{name}]"))
                .and_then(|m| Model::of_file(&name, m))
        };
        Ok(Weights {
            min_story_chars: file.min_story_chars,
            models: [
                [
                    model(Script::Arabic, Place::Gap)?,
                    model(Script::Arabic, Place::Inner)?,
                ],
                [
                    model(Script::Other, Place::Gap)?,
                    model(Script::Other, Place::Inner)?,
                ],
            ],
        })
    }

    /// The built-in weights, or those of the file `GHARBAL_SPLIT_WEIGHTS` names (how
    /// `scripts/fit-split` scores weights fitted with some sites held out).
    pub fn builtin() -> &'static Weights {
        static W: OnceLock<Weights> = OnceLock::new();
        W.get_or_init(|| match std::env::var_os("GHARBAL_SPLIT_WEIGHTS") {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()));
                Weights::from_toml(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()))
            }
            None => Weights::from_toml(super::cues::builtin_weights_text())
                .unwrap_or_else(|e| panic!("rules/split/weights.toml: {e}")),
        })
    }

    /// The model for a script and place.
    pub fn model(&self, script: Script, place: Place) -> &Model {
        &self.models[script as usize][place as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_text(name: &str) -> String {
        let mut text = String::new();
        for place in ["gap", "inner"] {
            text.push_str(&one_model(&format!("{name}.{place}")));
        }
        text
    }

    fn one_model(name: &str) -> String {
        let mut text =
            format!("[model.{name}]\nthreshold = 0.0\nbias = -1.0\n[model.{name}.weights]\n");
        for f in FEATURES {
            text.push_str(&format!("{f} = 1.0\n"));
        }
        text
    }

    #[test]
    fn unknown_and_missing_features_are_errors() {
        let text = format!(
            "min-story-chars = 300\n{}{}",
            model_text("ar"),
            model_text("default")
        );
        assert!(Weights::from_toml(&text).is_ok());
        let err = Weights::from_toml(&text.replacen("lead = 1.0\n", "", 1)).unwrap_err();
        assert!(err.contains("`lead`"), "{err}");
        let err =
            Weights::from_toml(&text.replacen("lead = 1.0\n", "leed = 1.0\n", 1)).unwrap_err();
        assert!(err.contains("unknown feature `leed`"), "{err}");
        let err = Weights::from_toml(&format!("min-story-chars = 300\n{}", model_text("ar")))
            .unwrap_err();
        assert!(err.contains("[model.default.gap]"), "{err}");
    }

    #[test]
    fn scripts() {
        assert_eq!(Script::of("أعلنت وزارة الصحة اليوم"), Script::Arabic);
        assert_eq!(Script::of("The ministry said on Monday"), Script::Other);
        assert_eq!(Script::of("Le ministre a annoncé lundi"), Script::Other);
    }

    #[test]
    fn a_lead_after_a_headline_outweighs_a_continuation_inside_a_run() {
        let weights = Weights::builtin();
        let w = weights.model(Script::Arabic, Place::Gap);
        let lead = StartEvidence {
            headline: true,
            chrome: 1.0 / 6.0,
            opening: Opening {
                lead: true,
                ..Opening::default()
            },
            continuity: 0.1,
            cosine: 0.05,
            ..StartEvidence::default()
        };
        let cont = StartEvidence {
            opening: Opening {
                continuation: true,
                ..Opening::default()
            },
            continuity: 0.4,
            cosine: 0.3,
            ..StartEvidence::default()
        };
        assert!(w.starts(&lead), "{}", w.score(&lead));
        let w_inner = weights.model(Script::Arabic, Place::Inner);
        assert!(!w_inner.starts(&cont), "{}", w_inner.score(&cont));
        let sum: f32 = w.contributions(&lead).iter().map(|(_, c)| c).sum();
        assert!((w.bias + sum - w.score(&lead)).abs() < 1e-5);
    }
}
