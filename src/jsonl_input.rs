//! JSON Lines input: records read line by line, each record's text field cleaned, and every
//! other field carried into the output record of each document cut from it.

use std::fmt;
use std::io::{self, BufRead, Read};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use gharbal::output::stats::Tally;
use gharbal::output::{records, write_documents, DocumentRecord, Format, ViewOptions};
use gharbal::{clean_text, RuleSet};

use crate::config::JsonlConfig;
use gharbal::output::human_bytes;

/// One line of the input, with its 1-based line number.
pub struct Line {
    pub number: u64,
    pub bytes: Result<Vec<u8>, LineError>,
}

pub enum LineError {
    /// Longer than the limit (`max`); the rest of the line was skipped, the next line is
    /// read. `head` is the line's first [`HEAD_BYTES`] bytes, where its id usually is.
    TooLong { max: u64, head: Vec<u8> },
    /// Reading failed; nothing more is read from this input.
    Io(io::Error),
}

/// How much of a line over the limit is kept to find its id in ([`id_in_head`]).
pub const HEAD_BYTES: usize = 64 * 1024;

/// The non-blank lines of a JSON Lines stream, each at most `max` bytes (without its line
/// ending), read one at a time: a stream of any length is never held whole.
pub struct Lines<R> {
    reader: R,
    max: u64,
    number: u64,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, max: u64) -> Self {
        Self {
            reader,
            max,
            number: 0,
            done: false,
        }
    }

    /// Skips to just after the next line feed.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = buf.len();
                    self.reader.consume(n);
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        while !self.done {
            let mut buf = Vec::new();
            // The limit, plus room for a CRLF ending.
            let read = Read::take(self.reader.by_ref(), self.max + 2).read_until(b'\n', &mut buf);
            let n = match read {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Line {
                        number: self.number + 1,
                        bytes: Err(LineError::Io(e)),
                    });
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.number += 1;
            let ended = buf.last() == Some(&b'\n');
            if ended {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            if buf.len() as u64 > self.max {
                buf.truncate(HEAD_BYTES);
                let too_long = LineError::TooLong {
                    max: self.max,
                    head: buf,
                };
                if !ended {
                    if let Err(e) = self.skip_line() {
                        self.done = true;
                        return Some(Line {
                            number: self.number,
                            bytes: Err(LineError::Io(e)),
                        });
                    }
                }
                return Some(Line {
                    number: self.number,
                    bytes: Err(too_long),
                });
            }
            if self.number == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Line {
                number: self.number,
                bytes: Ok(buf),
            });
        }
        None
    }
}

/// A JSON object with its fields in input order (serde_json's own map would sort them).
#[derive(Debug, Clone, PartialEq)]
pub struct Record(pub Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Record;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(field) = map.next_entry::<String, Value>()? {
                    fields.push(field);
                }
                Ok(Record(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

impl Record {
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// What a value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One output record: the input's fields in order, the text field holding the document, then
/// `doc_index` and whichever of `source`, `title`, `date`, `date_iso` (and `removed`) the input
/// lacks.
struct OutRecord<'a> {
    input: &'a Record,
    text_field: &'a str,
    doc: &'a DocumentRecord,
}

impl Serialize for OutRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (k, v) in &self.input.0 {
            if k == self.text_field {
                map.serialize_entry(k, &self.doc.text)?;
            } else if k == "doc_index" {
                map.serialize_entry(k, &self.doc.index)?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        if !self.input.has("doc_index") {
            map.serialize_entry("doc_index", &self.doc.index)?;
        }
        if !self.input.has("source") {
            map.serialize_entry("source", &self.doc.source)?;
        }
        if !self.input.has("title") {
            map.serialize_entry("title", &self.doc.title)?;
        }
        if !self.input.has("date") {
            map.serialize_entry("date", &self.doc.date)?;
        }
        if !self.input.has("date_iso") {
            map.serialize_entry("date_iso", &self.doc.date_iso)?;
        }
        // A record holding a page: what the page says of itself, where the record does not.
        for (key, value) in [
            ("url", &self.doc.url),
            ("lang", &self.doc.lang),
            ("site_name", &self.doc.site_name),
        ] {
            if let Some(v) = value.as_ref().filter(|_| !self.input.has(key)) {
                map.serialize_entry(key, v)?;
            }
        }
        if let Some(removed) = &self.doc.removed {
            map.serialize_entry("removed", removed)?;
        }
        map.end()
    }
}

/// One record cleaned: its documents rendered in the output format (text documents separated,
/// JSON array elements each preceded by `\n  ` and, but for the first, a comma), and its figures.
pub struct Cleaned {
    pub rendered: Vec<u8>,
    pub documents: u64,
    pub tally: Tally,
}

/// Why a record could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadRecord {
    /// Not JSON, or not a JSON object: serde's message, with the column.
    Malformed(String),
    /// The object has no text field of this name.
    NoTextField(String),
    /// The text field holds something else than a string (what, as `kind` says).
    NotAString { field: String, kind: &'static str },
    /// The line is longer than `--max-file-size` (`max`); it was never held whole. `id` is
    /// its `--id-field`, when the line's head holds it.
    TooLong { max: u64, id: Option<String> },
    /// Cleaning it panicked: a bug, with the panic's message.
    Internal(String),
}

impl BadRecord {
    /// The message of a record reported and skipped (`--on-error skip`, `stop`).
    pub fn skipped(&self) -> String {
        match self {
            BadRecord::Malformed(m) => format!("malformed record, skipped: {m}"),
            BadRecord::NoTextField(f) => {
                format!("no `{f}` field, record skipped (name the text field with --text-field)")
            }
            BadRecord::NotAString { field, kind } => {
                format!("`{field}` is {kind}, not a string; record skipped")
            }
            BadRecord::TooLong { max, id } => format!(
                "record{} over the --max-file-size limit of {}; skipped",
                id.as_ref().map_or(String::new(), |id| format!(" {id:?}")),
                human_bytes(*max)
            ),
            BadRecord::Internal(m) => m.clone(),
        }
    }
}

/// The reason alone, as the error field of a record passed on (`--on-error pass`).
impl fmt::Display for BadRecord {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            BadRecord::Malformed(m) => write!(f, "malformed record: {m}"),
            BadRecord::NoTextField(field) => write!(f, "no `{field}` field"),
            BadRecord::NotAString { field, kind } => write!(f, "`{field}` is {kind}, not a string"),
            BadRecord::TooLong { max, .. } => write!(
                f,
                "record over the --max-file-size limit of {}",
                human_bytes(*max)
            ),
            BadRecord::Internal(m) => f.write_str(m),
        }
    }
}

/// The value of the record's `--id-field` as a `source` (a string, or a number as text), else
/// `INPUT:LINE`.
fn source_of(record: Option<&Record>, line: u64, input: &str, cfg: &JsonlConfig) -> String {
    cfg.id_field
        .as_deref()
        .and_then(|id| match record?.get(id) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| format!("{input}:{line}"))
}

/// Whether a text read as a dump is in fact a JSON Lines shard: its first line is a whole
/// JSON object with a string field. Only the first line is parsed, and only when it is short
/// enough to hold in the first megabyte, so the check costs nothing on real dumps.
pub fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let bytes = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .trim_ascii_start();
    // Most dumps are told at their first byte, before any line is looked for.
    if !bytes.starts_with(b"{") {
        return false;
    }
    let head = &bytes[..bytes.len().min(1 << 20)];
    let first = head
        .split(|&b| b == b'\n')
        .next()
        .unwrap_or(head)
        .trim_ascii_end();
    if !first.ends_with(b"}") {
        return false;
    }
    serde_json::from_slice::<serde_json::Map<String, Value>>(first)
        .is_ok_and(|map| map.values().any(Value::is_string))
}

/// The `--id-field` of a record over the size limit, read from its first bytes (`head`, cut
/// anywhere): the fields are read in order until the id field's value is whole, so an id
/// that comes before the long text is found. A string, or a number as text.
pub fn id_in_head(head: &[u8], cfg: &JsonlConfig) -> Option<String> {
    struct Finder<'a> {
        field: &'a str,
        found: &'a mut Option<Value>,
    }
    impl<'de> Visitor<'de> for Finder<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<str>>()? {
                if key == self.field {
                    *self.found = Some(map.next_value()?);
                    // The rest of the head is not read: it ends in the middle of a value.
                    return Err(serde::de::Error::custom("found"));
                }
                map.next_value::<serde::de::IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let field = cfg.id_field.as_deref()?;
    let mut found = None;
    let mut de = serde_json::Deserializer::from_slice(head);
    // Reading stops with an error at the id field or where the head is cut; only `found` counts.
    let _ = de.deserialize_map(Finder {
        field,
        found: &mut found,
    });
    match found? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A record that could not be cleaned, as `--on-error pass` writes it on, rendered like a
/// cleaned record's documents (see [`Cleaned::rendered`]). A JSON object keeps every field as it
/// came, its text field untouched; anything else (not JSON, an array) comes as the line itself in
/// `record`, and a line over the size limit, which was never held, as nothing. Then `source`
/// (unless the record has its own) and the reason in `error_field`, which replaces a field of
/// that name.
pub fn error_record(
    bytes: Option<&[u8]>,
    line: u64,
    input: &str,
    cfg: &JsonlConfig,
    error_field: &str,
    why: &BadRecord,
    format: Format,
) -> Vec<u8> {
    let record = bytes.and_then(|b| serde_json::from_slice::<Record>(b).ok());
    let mut fields = match (&record, bytes) {
        (Some(r), _) => r.0.clone(),
        (None, Some(b)) => vec![(
            "record".to_string(),
            Value::String(String::from_utf8_lossy(b).into_owned()),
        )],
        (None, None) => Vec::new(),
    };
    fields.retain(|(k, _)| k != error_field);
    if !fields.iter().any(|(k, _)| k == "source") {
        let source = match why {
            BadRecord::TooLong { id: Some(id), .. } => id.clone(),
            _ => source_of(record.as_ref(), line, input, cfg),
        };
        fields.push(("source".to_string(), Value::String(source)));
    }
    fields.push((error_field.to_string(), Value::String(why.to_string())));
    let mut rendered = Vec::new();
    if format == Format::Json {
        rendered.extend_from_slice(b"\n  ");
    }
    serde_json::to_writer(&mut rendered, &Record(fields)).expect("a record serialises");
    if format != Format::Json {
        rendered.push(b'\n');
    }
    rendered
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A record read: its fields (the text field left empty), the text, and its `source`.
pub struct Parsed {
    pub record: Record,
    pub text: String,
    pub source: String,
}

/// Reads one record's text field and source. `input` names the stream in `source` when the
/// record has no id.
pub fn parse_record(
    bytes: &[u8],
    line: u64,
    input: &str,
    cfg: &JsonlConfig,
) -> Result<Parsed, BadRecord> {
    let mut record: Record = serde_json::from_slice(bytes).map_err(|e| {
        let msg = e.to_string();
        let msg = msg
            .rsplit_once(" at line ")
            .map_or(msg.as_str(), |(m, _)| m)
            .to_string();
        BadRecord::Malformed(match e.column() {
            0 => msg,
            column => format!("{msg} (column {column})"),
        })
    })?;
    let field = &cfg.text_field;
    let at = record
        .0
        .iter()
        .position(|(k, _)| k == field)
        .ok_or_else(|| BadRecord::NoTextField(field.clone()))?;
    let text = match &mut record.0[at].1 {
        Value::String(s) => std::mem::take(s),
        other => {
            return Err(BadRecord::NotAString {
                field: field.clone(),
                kind: kind(other),
            })
        }
    };
    let source = source_of(Some(&record), line, input, cfg);
    Ok(Parsed {
        record,
        text,
        source,
    })
}

/// The page a record's text holds, when it starts like one (crawls keep the HTML in the
/// record), by the test a file is told by; `None` for a text dump. Every command that reads
/// records decides here.
pub fn page_of(text: &str) -> Option<gharbal::html::Page> {
    gharbal::html::looks_like_html(text.as_bytes())
        .then(|| gharbal::html::read_page(text.as_bytes(), None))
}

/// Cleans a record's text: a page as HTML, anything else as a text dump.
pub fn clean_record_text(text: String, rules: &RuleSet) -> gharbal::engine::Outcome {
    match page_of(&text) {
        Some(page) => gharbal::engine::clean_page(page, rules),
        None => clean_text(text, rules),
    }
}

/// Parses and cleans one record. `input` names the stream in `source` when the record has no
/// id. An error says why the record was skipped.
pub fn clean_record(
    bytes: &[u8],
    line: u64,
    input: &str,
    cfg: &JsonlConfig,
    rules: &RuleSet,
    view: ViewOptions,
) -> Result<Cleaned, BadRecord> {
    let Parsed {
        record,
        text,
        source,
    } = parse_record(bytes, line, input, cfg)?;
    let field = &cfg.text_field;
    let outcome = clean_record_text(text, rules);
    let mut tally = Tally::default();
    tally.add(&outcome);
    let mut rendered = Vec::new();
    match view.format {
        Format::Text => {
            write_documents(&mut rendered, &outcome, &source, view, true)
                .map_err(|e| BadRecord::Internal(e.to_string()))?;
        }
        Format::Jsonl | Format::Json => {
            for (i, doc) in records(&outcome, &source, view.explain).iter().enumerate() {
                if view.format == Format::Json {
                    rendered.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
                }
                let out = OutRecord {
                    input: &record,
                    text_field: field,
                    doc,
                };
                serde_json::to_writer(&mut rendered, &out)
                    .map_err(|e| BadRecord::Internal(e.to_string()))?;
                if view.format == Format::Jsonl {
                    rendered.push(b'\n');
                }
            }
        }
    }
    Ok(Cleaned {
        rendered,
        documents: outcome.documents.len() as u64,
        tally,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_is_told_from_a_dump() {
        assert!(looks_like_jsonl(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"));
        assert!(looks_like_jsonl(
            b"\xef\xbb\xbf  {\"id\": 1, \"body\": \"x\"}\r\n"
        ));
        // A dump that opens with a brace, a JSON object without text, a cut first line.
        assert!(!looks_like_jsonl(b"{headline in braces}\nbody\n"));
        assert!(!looks_like_jsonl(b"{\"n\": 1, \"m\": [2]}\n"));
        assert!(!looks_like_jsonl(b"{\"text\": \"a\n"));
        assert!(!looks_like_jsonl(b"plain text\n{\"text\": \"a\"}\n"));
        assert!(!looks_like_jsonl(b""));
    }

    fn lines(input: &str, max: u64) -> Vec<(u64, Result<String, String>)> {
        Lines::new(input.as_bytes(), max)
            .map(|l| {
                (
                    l.number,
                    l.bytes
                        .map(|b| String::from_utf8(b).unwrap())
                        .map_err(|e| match e {
                            LineError::TooLong { max, .. } => format!("long {max}"),
                            LineError::Io(e) => e.to_string(),
                        }),
                )
            })
            .collect()
    }

    #[test]
    fn the_id_of_a_record_over_the_limit_is_read_from_its_head() {
        let cfg = |id: Option<&str>| JsonlConfig {
            text_field: "text".into(),
            id_field: id.map(Into::into),
            on_error: crate::config::OnError::Skip,
        };
        let long = format!(
            r#"{{"n":[1,{{"a":"}}"}}],"url":"https://a/1","text":"{}"#,
            "x".repeat(100)
        );
        // Cut anywhere after the id: found, past a nested value that holds a brace.
        for cut in [long.find("\"text").unwrap(), long.len()] {
            let head = &long.as_bytes()[..cut];
            assert_eq!(
                id_in_head(head, &cfg(Some("url"))).as_deref(),
                Some("https://a/1")
            );
        }
        // Cut inside the id, or before it: not found.
        let cut = long.find("a/1").unwrap();
        assert_eq!(id_in_head(&long.as_bytes()[..cut], &cfg(Some("url"))), None);
        assert_eq!(id_in_head(long.as_bytes(), &cfg(Some("id"))), None);
        assert_eq!(id_in_head(long.as_bytes(), &cfg(None)), None);
        // A number as text; no object, nothing.
        assert_eq!(
            id_in_head(br#"{"id": 42, "text": "xx"#, &cfg(Some("id"))).as_deref(),
            Some("42")
        );
        assert_eq!(id_in_head(br#"["id", 42"#, &cfg(Some("id"))), None);
        // An id that is neither a string nor a number names nothing.
        assert_eq!(
            id_in_head(br#"{"id": null, "text": "#, &cfg(Some("id"))),
            None
        );
    }

    #[test]
    fn a_line_over_the_limit_keeps_only_its_head() {
        let line = format!("{}\n{{\"b\":2}}\n", "y".repeat(HEAD_BYTES * 2));
        let mut lines = Lines::new(line.as_bytes(), HEAD_BYTES as u64);
        match lines.next().unwrap().bytes {
            Err(LineError::TooLong { max, head }) => {
                assert_eq!(max, HEAD_BYTES as u64);
                assert_eq!(head.len(), HEAD_BYTES);
            }
            _ => panic!("not refused"),
        }
        assert_eq!(
            lines.next().unwrap().bytes.ok(),
            Some(b"{\"b\":2}".to_vec())
        );
    }

    #[test]
    fn lines_skip_blanks_and_long_ones_keeping_numbers() {
        let got = lines(
            "\u{feff}{\"a\":1}\r\n\n  \n{\"b\":2}\n0123456789abc\n{\"c\":3}",
            10,
        );
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"a\":1}".to_string())),
                (4, Ok("{\"b\":2}".to_string())),
                (5, Err("long 10".to_string())),
                (6, Ok("{\"c\":3}".to_string())),
            ]
        );
    }

    #[test]
    fn records_keep_field_order_and_add_doc_index() {
        let cfg = JsonlConfig {
            text_field: "text".into(),
            id_field: Some("url".into()),
            on_error: crate::config::OnError::Skip,
        };
        let view = ViewOptions {
            format: Format::Jsonl,
            nul: false,
            explain: false,
        };
        let text = include_str!("../samples/saraya-appended.txt");
        let line = format!(
            "{{\"url\":\"https://x/1\",\"text\":{},\"lang\":\"ar\"}}",
            serde_json::to_string(text).unwrap()
        );
        let out = clean_record(line.as_bytes(), 7, "-", &cfg, &RuleSet::builtin(), view).unwrap();
        assert_eq!(out.documents, 2);
        let out = String::from_utf8(out.rendered).unwrap();
        let first = out.lines().next().unwrap();
        assert!(
            first.starts_with("{\"url\":\"https://x/1\",\"text\":"),
            "{first}"
        );
        assert!(
            first
                .contains(",\"lang\":\"ar\",\"doc_index\":1,\"source\":\"https://x/1\",\"title\":"),
            "{first}"
        );
        let second: Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second["doc_index"], 2);
    }

    #[test]
    fn bad_records_say_why() {
        let cfg = JsonlConfig {
            text_field: "text".into(),
            id_field: None,
            on_error: crate::config::OnError::Skip,
        };
        let view = ViewOptions {
            format: Format::Jsonl,
            nul: false,
            explain: false,
        };
        let rules = RuleSet::builtin();
        let err = |s: &str| {
            clean_record(s.as_bytes(), 1, "-", &cfg, &rules, view)
                .err()
                .unwrap()
                .skipped()
        };
        assert!(err("{\"text\": \"abc").contains("malformed record"));
        assert!(err("[1, 2]").contains("expected a JSON object"));
        assert!(err("{\"body\": \"x\"}").contains("no `text` field"));
        assert!(err("{\"text\": 5}").contains("`text` is a number, not a string"));
        assert!(err("{\"text\": null}").contains("is null"));
    }

    #[test]
    fn error_records_keep_what_there_is_of_the_record() {
        let cfg = JsonlConfig {
            text_field: "text".into(),
            id_field: Some("url".into()),
            on_error: crate::config::OnError::Pass {
                field: "error".into(),
            },
        };
        let render = |bytes: Option<&str>, why: &BadRecord, format: Format| {
            let out = error_record(
                bytes.map(str::as_bytes),
                4,
                "shard.jsonl",
                &cfg,
                "error",
                why,
                format,
            );
            String::from_utf8(out).unwrap()
        };
        let why = BadRecord::NotAString {
            field: "text".into(),
            kind: "a number",
        };
        // An object keeps its fields in order, an old `error` gives way to the new one.
        assert_eq!(
            render(
                Some(r#"{"url":"https://a/1","text":5,"error":"old","lang":"ar"}"#),
                &why,
                Format::Jsonl
            ),
            "{\"url\":\"https://a/1\",\"text\":5,\"lang\":\"ar\",\"source\":\"https://a/1\",\"error\":\"`text` is a number, not a string\"}\n"
        );
        // Not JSON: the line itself, named by its place.
        let why = BadRecord::Malformed("EOF while parsing a string (column 9)".into());
        assert_eq!(
            render(Some(r#"{"text":"ab"#), &why, Format::Jsonl),
            "{\"record\":\"{\\\"text\\\":\\\"ab\",\"source\":\"shard.jsonl:4\",\"error\":\"malformed record: EOF while parsing a string (column 9)\"}\n"
        );
        // Over the limit: never held, so only its place; a JSON array element is indented.
        assert_eq!(
            render(
                None,
                &BadRecord::TooLong {
                    max: 1024,
                    id: None
                },
                Format::Json
            ),
            "\n  {\"source\":\"shard.jsonl:4\",\"error\":\"record over the --max-file-size limit of 1.0 KB\"}"
        );
    }
}
