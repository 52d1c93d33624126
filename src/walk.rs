//! Batch work: finds inputs by walking directories, cleans them on a thread pool, hands results
//! back in input order, writes outputs atomically, and keeps the progress bar and the summary.
//!
//! Order is the walk's: the paths as given on the command line, each directory walked depth first
//! with the entries of a directory sorted by name. Whatever the number of threads, results are
//! consumed in that order, so output bytes and messages never depend on `-j`.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::config::{BatchConfig, WalkConfig};
use gharbal::input::compressed::{decompressed, plain_path};
use gharbal::output::stats::{RuleStats, Tally};
use gharbal::output::term::escape_invisible;
use gharbal::output::{human_bytes, Format};

/// One input to clean.
#[derive(Debug, Clone)]
pub struct Input {
    /// `None` is standard input.
    pub path: Option<PathBuf>,
    /// Where its output goes below `--out`: its path below the directory it was found in, or
    /// the file name of a file given by name.
    pub rel: PathBuf,
    /// Given by name on the command line rather than found by a walk: a binary file is then an
    /// error, not a note.
    pub named: bool,
}

impl Input {
    /// Its name in messages, reports and `source` fields: the path, or `-` for standard input.
    pub fn name(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "-".to_string())
    }
}

/// What finding inputs turned up, in walk order.
#[derive(Debug)]
pub enum Found {
    Input(Input),
    /// A directory or entry the walk could not read (permission denied, a dangling link with
    /// `--follow`, a link loop): a failure.
    Error {
        path: String,
        reason: String,
    },
    /// Passed over on purpose: a symbolic link (without `--follow`), a socket or FIFO.
    Skipped {
        path: String,
        reason: &'static str,
    },
    /// A directory given by name in which nothing was found, and why.
    Empty {
        path: String,
        why: String,
    },
}

/// The inputs named on the command line, directories walked. `exclude` is a directory (the
/// resolved `--out`) that walks never enter. Fails only on a bad `--glob` (a usage error).
pub fn find_inputs(
    inputs: &[Option<PathBuf>],
    cfg: &WalkConfig,
    exclude: Option<&Path>,
) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    for input in inputs {
        match input {
            Some(dir) if dir.is_dir() => {
                let before = found.len();
                walk_dir(dir, cfg, exclude, &mut found)?;
                if !found[before..].iter().any(|f| matches!(f, Found::Input(_))) {
                    found.push(Found::Empty {
                        path: dir.display().to_string(),
                        why: why_empty(dir, cfg, exclude),
                    });
                }
            }
            Some(file) => found.push(Found::Input(Input {
                rel: file
                    .file_name()
                    .map(PathBuf::from)
                    .unwrap_or_else(|| file.clone()),
                path: Some(file.clone()),
                named: true,
            })),
            None => found.push(Found::Input(Input {
                path: None,
                rel: PathBuf::from("-"),
                named: true,
            })),
        }
    }
    Ok(found)
}

/// Why a walk of `dir` found no file: the globs, when the directory has files without them;
/// else what the walk leaves out.
fn why_empty(dir: &Path, cfg: &WalkConfig, exclude: Option<&Path>) -> String {
    if !cfg.globs.is_empty() {
        let unglobbed = WalkConfig {
            globs: Vec::new(),
            ..cfg.clone()
        };
        let mut all = Vec::new();
        let has_files = walk_dir(dir, &unglobbed, exclude, &mut all).is_ok()
            && all.iter().any(|f| matches!(f, Found::Input(_)));
        if has_files {
            let globs: Vec<String> = cfg.globs.iter().map(|g| format!("'{g}'")).collect();
            return format!(
                "no file here matches --glob {} (globs follow gitignore rules below the directory: '*.txt' matches at any depth, and 'dir/' names the directory itself, so write 'dir/**' for the files in it)",
                globs.join(" --glob ")
            );
        }
    }
    "no file to clean in this directory (hidden files and symbolic links are skipped: see --hidden, --follow, --glob)".to_string()
}

fn walk_dir(
    root: &Path,
    cfg: &WalkConfig,
    exclude: Option<&Path>,
    found: &mut Vec<Found>,
) -> Result<()> {
    let mut builder = WalkBuilder::new(root);
    // No .gitignore or .ignore files: a scrape folder is data, and a file left out without a
    // word would be a file lost. Hidden entries are left out by the filter below, so that a
    // `--glob` matching a hidden file does not bring it back.
    builder
        .standard_filters(false)
        .follow_links(cfg.follow)
        .sort_by_file_name(|a, b| a.cmp(b));
    if !cfg.globs.is_empty() {
        let mut overrides = OverrideBuilder::new(root);
        for glob in &cfg.globs {
            overrides
                .add(glob)
                .with_context(|| format!("--glob {glob}: not a valid glob"))?;
        }
        builder.overrides(overrides.build().context("--glob")?);
    }
    let hidden = cfg.hidden;
    let exclude = exclude.map(Path::to_path_buf);
    builder.filter_entry(move |entry| {
        if entry.depth() == 0 {
            return true;
        }
        if !hidden && entry.file_name().as_encoded_bytes().starts_with(b".") {
            return false;
        }
        match &exclude {
            Some(out) if entry.file_type().is_some_and(|t| t.is_dir()) => {
                entry.path().canonicalize().map_or(true, |p| p != *out)
            }
            _ => true,
        }
    });
    for entry in builder.build() {
        match entry {
            Ok(entry) if entry.depth() == 0 => {}
            Ok(entry) => {
                let Some(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if kind.is_file() {
                    found.push(Found::Input(Input {
                        rel: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
                        path: Some(path.to_path_buf()),
                        named: false,
                    }));
                } else if kind.is_symlink() {
                    found.push(Found::Skipped {
                        path: path.display().to_string(),
                        reason: "a symbolic link, not followed (use --follow)",
                    });
                } else if !kind.is_dir() {
                    found.push(Found::Skipped {
                        path: path.display().to_string(),
                        reason: "not a regular file",
                    });
                }
            }
            Err(err) => {
                let (path, reason) = walk_error(&err);
                found.push(Found::Error {
                    path: path
                        .unwrap_or_else(|| root.to_path_buf())
                        .display()
                        .to_string(),
                    reason,
                });
            }
        }
    }
    Ok(())
}

/// The path and the plain reason of a walk error.
fn walk_error(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.clone()),
            format!(
                "a symbolic link loop back to {}; not followed",
                ancestor.display()
            ),
        ),
        // The walker's I/O errors repeat the path; say only what went wrong.
        ignore::Error::Io(e) => (
            None,
            e.get_ref()
                .and_then(|inner| inner.source())
                .map_or_else(|| e.to_string(), |cause| cause.to_string()),
        ),
        other => (None, other.to_string()),
    }
}

/// Opens an input (a file, or standard input for `None`) for reading, decompressing a gzip or
/// zstd stream (told by its signature).
pub fn open_input(path: Option<&Path>) -> std::result::Result<Box<dyn Read + Send>, String> {
    let opened = match path {
        None => decompressed(io::stdin()),
        Some(path) => {
            let file = File::open(path).map_err(|e| e.to_string())?;
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err("is a directory; give the files inside it".to_string());
            }
            decompressed(file)
        }
    };
    opened.map(|(reader, _)| reader).map_err(|e| e.to_string())
}

/// Reads a whole input (a file, or standard input for `None`; decompressed if it is gzip or
/// zstd), refusing one over `max` bytes.
pub fn read_input(path: Option<&Path>, max: u64) -> std::result::Result<Vec<u8>, String> {
    let too_big = |size: Option<u64>| {
        format!(
            "{}over the --max-file-size limit of {}; raise the limit to clean it",
            size.map(|s| format!("is {}, ", human_bytes(s)))
                .unwrap_or_default(),
            human_bytes(max)
        )
    };
    let mut buf = Vec::new();
    if let Some(path) = path {
        let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
        if meta.is_dir() {
            return Err("is a directory".to_string());
        }
        if meta.len() > max {
            return Err(too_big(Some(meta.len())));
        }
        buf.reserve(meta.len() as usize);
    }
    // A file that grows (or a stream that inflates) while it is read is still held to the limit.
    open_input(path)?
        .take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| match path {
            None => format!("cannot read standard input: {e}"),
            Some(_) => e.to_string(),
        })?;
    if buf.len() as u64 > max {
        return Err(too_big(None));
    }
    Ok(buf)
}

/// Runs `work` over `items` on `pool` and hands each result to `consume` on the calling thread,
/// in the order of `items`. `consume`'s second argument says whether another result is ready
/// right after this one (a writer flushes when it is not). At most a few items per thread are in
/// flight, so memory stays bounded however long `items` is. When `consume` fails, no new item is
/// taken and its error is returned. A panic in `work` stops the run and is raised here once the
/// workers have stopped; callers that want to report it and go on catch it inside `work`.
pub fn ordered<T, R, I, W, C>(
    pool: &rayon::ThreadPool,
    items: I,
    work: W,
    mut consume: C,
) -> Result<()>
where
    T: Send,
    R: Send,
    I: Iterator<Item = T> + Send,
    W: Fn(T) -> R + Sync,
    C: FnMut(R, bool) -> Result<()>,
{
    let threads = pool.current_num_threads().max(1);
    let window = 4 * threads;
    let source = Mutex::new((0usize, items));
    let consumed = Mutex::new(0usize);
    let room = Condvar::new();
    let stop = AtomicBool::new(false);
    let panicked: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    let mut result = Ok(());
    pool.in_place_scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, R)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (source, consumed, room, stop, panicked, work) =
                (&source, &consumed, &room, &stop, &panicked, &work);
            scope.spawn(move |_| loop {
                let (i, item) = {
                    let mut src = source.lock().unwrap_or_else(|e| e.into_inner());
                    let mut done = consumed.lock().unwrap_or_else(|e| e.into_inner());
                    while src.0 >= *done + window && !stop.load(Ordering::Relaxed) {
                        done = room.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(done);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let Some(item) = src.1.next() else {
                        return;
                    };
                    src.0 += 1;
                    (src.0 - 1, item)
                };
                match catch_unwind(AssertUnwindSafe(|| work(item))) {
                    Ok(r) => {
                        if tx.send((i, r)).is_err() {
                            return;
                        }
                    }
                    Err(payload) => {
                        *panicked.lock().unwrap_or_else(|e| e.into_inner()) = Some(payload);
                        stop.store(true, Ordering::Relaxed);
                        let _guard = consumed.lock();
                        room.notify_all();
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        'receive: for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                *consumed.lock().unwrap_or_else(|e| e.into_inner()) = next;
                room.notify_all();
                if let Err(e) = consume(r, pending.contains_key(&next)) {
                    result = Err(e);
                    stop.store(true, Ordering::Relaxed);
                    let _guard = consumed.lock();
                    room.notify_all();
                    break 'receive;
                }
            }
        }
    });
    if let Some(payload) = panicked.into_inner().unwrap_or_else(|e| e.into_inner()) {
        resume_unwind(payload);
    }
    result
}

/// Runs `f`, turning a panic into a message, so that one input that trips a bug fails alone.
pub fn guarded<R>(f: impl FnOnce() -> R) -> std::result::Result<R, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        format!("internal error while cleaning it ({what}); this is a bug in gharbal, please report it with the input")
    })
}

/// The rayon pool of `-j N` threads.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("gharbal-{i}"))
        .build()
        .context("cannot start the worker threads")
}

/// Where document `doc` (1-based) of an input goes below `--out`. Text: `page.txt`, then
/// `page.2.txt`, `page.3.txt`, ... (`page`, `page.2` without an extension); JSON Lines and JSON:
/// one `page.jsonl` or `page.json` for all documents.
pub fn output_path(out: &Path, rel: &Path, format: Format, doc: usize) -> PathBuf {
    // What a compressed input holds is written plain: `a.txt.gz` gives `a.txt`.
    let rel = &*plain_path(rel);
    match format {
        Format::Jsonl => out.join(rel.with_extension("jsonl")),
        Format::Json => out.join(rel.with_extension("json")),
        // A page's text is not a page: `page.html` becomes `page.txt`.
        Format::Text if gharbal::html::is_html_path(rel) => {
            output_path(out, &rel.with_extension("txt"), format, doc)
        }
        Format::Text if doc <= 1 => out.join(rel),
        Format::Text => {
            let mut name = OsString::new();
            name.push(rel.file_stem().unwrap_or_default());
            name.push(format!(".{doc}"));
            if let Some(ext) = rel.extension() {
                name.push(".");
                name.push(ext);
            }
            out.join(rel.with_file_name(name))
        }
    }
}

/// Temporary outputs are `.gharbal-XXXXXX.tmp` in the directory of their final name.
const TEMP_PREFIX: &str = ".gharbal-";
const TEMP_SUFFIX: &str = ".tmp";

/// Temporary files being written right now, so an interrupt (Ctrl-C, SIGTERM, SIGHUP) can delete
/// them before the process exits; see [`remove_live_temps_on_interrupt`].
static LIVE_TEMPS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn live_temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE_TEMPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs a handler for Ctrl-C, SIGTERM and SIGHUP that deletes the temporary files being
/// written and exits with 130, so an interrupted batch leaves finished outputs and nothing else.
/// (SIGKILL cannot be caught: its leftovers are hidden `.gharbal-*.tmp` files that the next run
/// with the same `--out` removes.)
pub fn remove_live_temps_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        // The lock is held until exit, so no new temporary file can appear meanwhile.
        let live = live_temps();
        for path in live.iter() {
            let _ = fs::remove_file(path);
        }
        eprintln!("gharbal: interrupted; finished outputs are complete, unfinished ones removed");
        std::process::exit(130);
    });
}

/// An output being written under a temporary name in its final directory; [`AtomicFile::commit`]
/// renames it into place, and dropping it uncommitted deletes it. An interrupt in between deletes
/// it too; a SIGKILL leaves only the hidden temporary file, which the next run with the same
/// `--out` removes.
pub struct AtomicFile {
    /// `None` once committed.
    file: Option<BufWriter<tempfile::NamedTempFile>>,
    path: PathBuf,
    written: u64,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
        #[cfg(unix)]
        {
            // Like any new file: rw for all, less the umask (tempfile's default is 0600).
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        // Created under the lock, so an interrupt sees every temporary file that exists.
        let mut live = live_temps();
        // The directory nearly always exists already (a batch writes many files to each):
        // create it only when the file cannot be made, which saves two system calls a file.
        let tmp = match builder.tempfile_in(dir) {
            Ok(tmp) => tmp,
            Err(_) => {
                fs::create_dir_all(dir)?;
                builder.tempfile_in(dir)?
            }
        };
        live.push(tmp.path().to_path_buf());
        drop(live);
        Ok(Self {
            file: Some(BufWriter::new(tmp)),
            path: path.to_path_buf(),
            written: 0,
        })
    }

    fn forget_temp(&self) {
        if let Some(file) = &self.file {
            let tmp = file.get_ref().path();
            live_temps().retain(|p| p != tmp);
        }
    }

    /// Flushes and renames the file to its final name.
    pub fn commit(mut self) -> io::Result<u64> {
        let written = self.written;
        let file = self.file.take().expect("an uncommitted file");
        let tmp_path = file.get_ref().path().to_path_buf();
        // Forgotten only after the rename: an interrupt before it still deletes the file.
        let renamed = file
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|tmp| tmp.persist(&self.path).map(drop).map_err(|e| e.error));
        live_temps().retain(|p| *p != tmp_path);
        renamed?;
        Ok(written)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Committed files were forgotten already; an uncommitted one is deleted by tempfile.
        self.forget_temp();
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self
            .file
            .as_mut()
            .expect("an uncommitted file")
            .write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("an uncommitted file").flush()
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<u64> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Deletes the temporary files an interrupted run left below `out`; returns how many.
pub fn remove_stale_temps(out: &Path) -> usize {
    if !out.is_dir() {
        return 0;
    }
    let mut removed = 0;
    let walk = WalkBuilder::new(out)
        .standard_filters(false)
        .follow_links(false)
        .build();
    for entry in walk.flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_some_and(|t| t.is_file())
            && name.starts_with(TEMP_PREFIX)
            && name.ends_with(TEMP_SUFFIX)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// A failure or warning as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub path: String,
    /// The line of a JSON Lines record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub reason: String,
}

/// Counts of JSON Lines records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RecordCounts {
    pub read: u64,
    pub cleaned: u64,
    pub failed: u64,
    /// Not cleaned, but written on with an error field (`--on-error pass`).
    #[serde(skip_serializing_if = "is_zero")]
    pub passed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a batch did: the summary on stderr and the `--report` JSON.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Input files taken up (standard input counts as one).
    pub files: u64,
    pub cleaned: u64,
    pub skipped_binary: u64,
    pub skipped_existing: u64,
    /// Symbolic links not followed, sockets, FIFOs.
    pub skipped_other: u64,
    pub failed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordCounts>,
    pub documents_out: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub seconds: f64,
    pub threads: usize,
    /// Removals by rule, most bytes first (`fired` counts removals).
    pub rules: Vec<RuleStats>,
    pub failures: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Everything a batch says on stderr: messages in input order, the progress bar, the summary.
pub struct Reporter {
    bar: Option<ProgressBar>,
    notes: bool,
    summary: bool,
    started: Instant,
    last_message: Instant,
    pub totals: Summary,
    tally: Tally,
}

impl Reporter {
    /// `files`: how many inputs there are, when known (a bar; otherwise a spinner).
    pub fn new(cfg: &BatchConfig, threads: usize, files: Option<u64>, records: bool) -> Self {
        let bar = cfg.progress.then(|| {
            let bar = match files {
                Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                    .with_style(
                        ProgressStyle::with_template(
                            "{bar:30} {pos}/{len} files · {msg} · ETA {eta}",
                        )
                        .expect("a valid template"),
                    ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                    .with_style(
                        ProgressStyle::with_template("{spinner} {pos} records · {msg}")
                            .expect("a valid template"),
                    ),
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self {
            bar,
            notes: cfg.notes,
            summary: cfg.summary,
            started: Instant::now(),
            last_message: Instant::now(),
            totals: Summary {
                threads,
                records: records.then(RecordCounts::default),
                ..Summary::default()
            },
            tally: Tally::default(),
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn place(path: &str, line: Option<u64>) -> String {
        let path = escape_invisible(path);
        match line {
            Some(n) => format!("{path}:{n}"),
            None => path.into_owned(),
        }
    }

    /// An input (or, with `line`, a record) that could not be cleaned.
    pub fn fail(&mut self, path: &str, line: Option<u64>, reason: &str) {
        self.say(&format!(
            "gharbal: error: {}: {reason}",
            Self::place(path, line)
        ));
        match (&mut self.totals.records, line) {
            (Some(records), Some(_)) => records.failed += 1,
            _ => self.totals.failed += 1,
        }
        self.totals.failures.push(Problem {
            path: path.to_string(),
            line,
            reason: reason.to_string(),
        });
    }

    /// Cleaned, but something is worth knowing (undecodable bytes).
    pub fn warn(&mut self, path: &str, line: Option<u64>, reason: &str) {
        self.say(&format!(
            "gharbal: warning: {}: {reason}",
            Self::place(path, line)
        ));
        self.totals.warnings.push(Problem {
            path: path.to_string(),
            line,
            reason: reason.to_string(),
        });
    }

    /// Something left alone on purpose; silenced by `--quiet`.
    pub fn note(&self, path: &str, what: &str) {
        if self.notes {
            self.say(&format!(
                "gharbal: note: {}: {what}",
                Self::place(path, None)
            ));
        }
    }

    /// Whatever `find_inputs` found that is not an input.
    pub fn found(&mut self, found: &Found) {
        match found {
            Found::Input(_) => {}
            Found::Error { path, reason } => {
                self.totals.files += 1;
                self.fail(path, None, reason);
            }
            Found::Skipped { path, reason } => {
                self.totals.skipped_other += 1;
                self.note(path, reason);
            }
            Found::Empty { path, why } => self.warn(path, None, why),
        }
    }

    /// One cleaned input or record: its figures.
    pub fn cleaned(&mut self, tally: Tally, bytes_in: u64, documents: u64, bytes_out: u64) {
        match &mut self.totals.records {
            Some(records) => records.cleaned += 1,
            None => self.totals.cleaned += 1,
        }
        self.tally.merge(tally);
        self.totals.bytes_in += bytes_in;
        self.totals.documents_out += documents;
        self.totals.bytes_out += bytes_out;
    }

    /// A record that could not be cleaned, written on as `rendered` with the reason in its error
    /// field (`--on-error pass`): a warning, not a failure.
    pub fn passed(&mut self, path: &str, line: u64, reason: &str, bytes_in: u64, rendered: &[u8]) {
        self.warn(
            path,
            Some(line),
            &format!("{reason}; passed on with an error field"),
        );
        if let Some(records) = &mut self.totals.records {
            records.read += 1;
            records.passed += 1;
        }
        self.totals.bytes_in += bytes_in;
        self.totals.bytes_out += rendered.len() as u64;
    }

    /// Bytes read that belong to no cleaned input (a malformed record).
    pub fn read_bytes(&mut self, bytes: u64) {
        self.totals.bytes_in += bytes;
    }

    /// One more step on the bar (a file, or a record).
    pub fn tick(&mut self) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.inc(1);
        if self.last_message.elapsed() >= Duration::from_millis(100) {
            self.last_message = Instant::now();
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} documents · {:.1} MB/s",
                self.totals.documents_out,
                self.totals.bytes_in as f64 / 1e6 / secs
            ));
        }
    }

    /// Clears the bar, prints the summary (unless quiet) and writes the report (if asked).
    pub fn finish(mut self, report: Option<&Path>) -> Result<Summary> {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.totals.seconds = (self.started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
        self.totals.rules = self.tally.rules();
        if self.summary {
            self.print_summary();
        }
        if let Some(path) = report {
            let mut json = serde_json::to_vec_pretty(&self.totals)?;
            json.push(b'\n');
            write_atomic(path, &json)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
        }
        Ok(std::mem::take(&mut self.totals))
    }

    fn print_summary(&self) {
        let t = &self.totals;
        let mut lines = Vec::new();
        let mut files = format!("{} cleaned", t.cleaned);
        for (n, what) in [
            (t.skipped_binary, "binary skipped"),
            (t.skipped_existing, "already done"),
            (t.skipped_other, "skipped (links, special files)"),
            (t.failed, "failed"),
        ] {
            if n > 0 {
                files.push_str(&format!(", {n} {what}"));
            }
        }
        lines.push(format!(
            "{} file{}: {files}",
            t.files,
            if t.files == 1 { "" } else { "s" }
        ));
        if let Some(r) = &t.records {
            let passed = if r.passed > 0 {
                format!(", {} passed on with an error field", r.passed)
            } else {
                String::new()
            };
            lines.push(format!(
                "{} records: {} cleaned, {} failed{passed}",
                r.read, r.cleaned, r.failed
            ));
        }
        lines.push(format!(
            "{} documents out; {} in, {} out; {:.1} s, {:.1} MB/s with {} thread{}",
            t.documents_out,
            human_bytes(t.bytes_in),
            human_bytes(t.bytes_out),
            t.seconds,
            t.bytes_in as f64 / 1e6 / t.seconds.max(1e-3),
            t.threads,
            if t.threads == 1 { "" } else { "s" }
        ));
        if !t.rules.is_empty() {
            let width = t.rules.iter().map(|r| r.rule.len()).max().unwrap_or(0);
            lines.push("removals by rule (count, bytes):".to_string());
            const SHOWN: usize = 12;
            for r in t.rules.iter().take(SHOWN) {
                lines.push(format!(
                    "  {:<width$}  {:>8}  {:>10}",
                    r.rule,
                    r.fired,
                    human_bytes(r.bytes as u64)
                ));
            }
            if t.rules.len() > SHOWN {
                lines.push(format!(
                    "  and {} more rules (all of them in --report)",
                    t.rules.len() - SHOWN
                ));
            }
        }
        if !t.warnings.is_empty() {
            lines.push(format!("{} warnings", t.warnings.len()));
        }
        for line in lines {
            self.say(&format!("gharbal: {line}"));
        }
    }
}

impl Drop for Reporter {
    /// A batch cut short (a closed pipe, an error) leaves no bar drawn on the terminal.
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// The outputs each input claims before any is written, so that two inputs never write the same
/// file whatever order the threads finish in.
pub struct Claims {
    /// First output path → the input that owns it.
    owner: HashMap<PathBuf, String>,
}

impl Claims {
    /// Claims the first output of every input (index, output, name) in order; returns, for each
    /// input whose first output an earlier input claimed, that input's name.
    pub fn new(
        firsts: impl Iterator<Item = (usize, PathBuf, String)>,
    ) -> (Self, HashMap<usize, String>) {
        let mut owner: HashMap<PathBuf, String> = HashMap::new();
        let mut clashes = HashMap::new();
        for (i, path, name) in firsts {
            match owner.get(&path) {
                Some(first) => {
                    clashes.insert(i, first.clone());
                }
                None => {
                    owner.insert(path, name);
                }
            }
        }
        (Self { owner }, clashes)
    }

    /// The input owning `path` as its first output, if another than `name`.
    pub fn other_owner(&self, path: &Path, name: &str) -> Option<&str> {
        self.owner
            .get(path)
            .map(String::as_str)
            .filter(|owner| *owner != name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names() {
        let out = Path::new("clean");
        let rel = Path::new("a/b/page.txt");
        assert_eq!(
            output_path(out, rel, Format::Text, 1),
            Path::new("clean/a/b/page.txt")
        );
        assert_eq!(
            output_path(out, rel, Format::Text, 2),
            Path::new("clean/a/b/page.2.txt")
        );
        assert_eq!(
            output_path(out, Path::new("page"), Format::Text, 3),
            Path::new("clean/page.3")
        );
        assert_eq!(
            output_path(out, rel, Format::Jsonl, 7),
            Path::new("clean/a/b/page.jsonl")
        );
        assert_eq!(
            output_path(out, Path::new("x.html"), Format::Json, 1),
            Path::new("clean/x.json")
        );
    }

    #[test]
    fn ordered_keeps_input_order_under_any_pool() {
        for threads in [1, 2, 4] {
            let pool = pool(threads).unwrap();
            let mut seen = Vec::new();
            ordered(
                &pool,
                0..500u64,
                |i| {
                    // Uneven work, so that results finish out of order.
                    std::thread::sleep(Duration::from_micros((i * 7919) % 200));
                    i * 2
                },
                |r, _| {
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..500).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn ordered_stops_when_the_consumer_fails() {
        let pool = pool(2).unwrap();
        let mut n = 0;
        let err = ordered(
            &pool,
            0..100_000u64,
            |i| i,
            |_, _| {
                n += 1;
                if n == 10 {
                    anyhow::bail!("closed")
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "closed");
        assert_eq!(n, 10);
    }

    #[test]
    fn atomic_file_leaves_nothing_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path().join("sub")).unwrap().count(), 0);
        write_atomic(&path, b"whole").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(1_500_000), "1.5 MB");
    }
}
