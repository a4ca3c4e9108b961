//! From the model to Typst markup: a minijinja environment whose every `{{ }}`
//! is escaped for Typst. Five filters produce Typst themselves: `md` (the
//! Markdown subset), `code` (a value as a Typst literal), `path` (a file's
//! name as a string literal), and `in_column` and `md_in_column` (a narrow
//! column's text, plain or Markdown, with the places it may break). Numbers
//! and dates are formatted by the views, with the language's one formatter.

pub mod draft_mark;
pub mod escape;
pub mod fit;
pub mod followup_view;
pub mod labels;
pub mod markdown;
pub mod plan_view;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use crate::load::{ReadFile, decode_text, io_reason, link_out_of};

/// The template of the annual plan.
pub const PLAN_TEMPLATE: &str = "verksamhetsplan.typ.j2";
/// The template of a region's follow-up report.
pub const REGION_TEMPLATE: &str = "uppfoljning-region.typ.j2";
/// The template of the network's follow-up report.
pub const NETWORK_TEMPLATE: &str = "uppfoljning-natverket.typ.j2";

/// The templates built into the binary, by name.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "hfs-style.typ",
        include_str!("../../templates/hfs-style.typ"),
    ),
    (
        PLAN_TEMPLATE,
        include_str!("../../templates/verksamhetsplan.typ.j2"),
    ),
    (
        "charts.typ.j2",
        include_str!("../../templates/charts.typ.j2"),
    ),
    (
        REGION_TEMPLATE,
        include_str!("../../templates/uppfoljning-region.typ.j2"),
    ),
    (
        NETWORK_TEMPLATE,
        include_str!("../../templates/uppfoljning-natverket.typ.j2"),
    ),
];

/// What `templates export` writes at the start of a template file's first
/// line: a comment with the version and a digest of all the built-in
/// templates, which differs between any two versions whose templates
/// differ.
fn export_mark(name: &str) -> String {
    static DIGEST: OnceLock<String> = OnceLock::new();
    let digest = DIGEST.get_or_init(|| {
        let mut all = Vec::new();
        for (name, text) in EMBEDDED {
            all.extend_from_slice(name.as_bytes());
            all.push(0);
            all.extend_from_slice(text.as_bytes());
            all.push(0);
        }
        crate::manifest::sha256(&all)[..12].to_string()
    });
    let said = format!(
        "exported by hfs-report {} (built-in templates {digest})",
        env!("CARGO_PKG_VERSION")
    );
    // The template's comment leaves nothing in the Typst it writes, not
    // even its line break.
    if name.ends_with(".j2") {
        format!("{{#- {said} -#}}")
    } else {
        format!("// {said}")
    }
}

/// The shared Typst style file that every generated document imports.
pub const STYLE_FILE: &str = "hfs-style.typ";

/// Where templates come from: the embedded set, or a folder that overrides it.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    /// A folder laid out like `templates/`; a file missing there falls back to the embedded one.
    pub dir: Option<PathBuf>,
    /// The names of the files read from `dir` so far (shared by clones),
    /// with the digests of the bytes read, for the manifest's inputs.
    read: Arc<Mutex<BTreeMap<String, String>>>,
}

impl TemplateSource {
    /// The text of a template, from the folder if it has it, else embedded;
    /// one read from the folder is recorded, for the manifest.
    pub fn get(&self, name: &str) -> Result<Option<Cow<'static, str>>, RenderError> {
        let Some(fetched) = self.fetch(name)? else {
            return Ok(None);
        };
        if let (Some(digest), Ok(mut read)) = (fetched.digest, self.read.lock()) {
            read.insert(name.to_string(), digest);
        }
        Ok(Some(fetched.text))
    }

    /// The text of a template, from the folder (with the digest of the
    /// bytes read) if it has it, else embedded. A name is a path inside the
    /// folder (`{% include "/etc/passwd" %}` or `"../data/2024/plan.yaml"`
    /// would read the machine's files otherwise).
    fn fetch(&self, name: &str) -> Result<Option<Fetched>, RenderError> {
        if !is_inside_the_folder(name) {
            return Err(RenderError {
                template: format!("{name:?}"),
                line: None,
                message: "a template is named by its path inside the templates folder \
                          (such as \"charts.typ.j2\"), without \"..\" or a leading \"/\""
                    .into(),
                in_running: false,
            });
        }
        if let Some(dir) = &self.dir {
            let path = dir.join(name);
            if let Some(link) = link_out_of(&path, dir) {
                return Err(RenderError {
                    template: path.display().to_string(),
                    line: None,
                    message: format!(
                        "will not read the template ({link}, outside the templates folder {})",
                        dir.display()
                    ),
                    in_running: false,
                });
            }
            if is_given(&path) {
                // Without the byte-order mark Notepad may save at its
                // start, which would go into the Typst as text before the
                // document (a blank first page).
                let bytes = crate::regular_file::read(&path).map_err(|err| RenderError {
                    template: path.display().to_string(),
                    line: None,
                    message: format!("cannot read the template ({})", io_reason(&err)),
                    in_running: false,
                })?;
                let digest = crate::manifest::sha256(&bytes);
                // Text saved in Windows-1252 is named at its first byte
                // that is not UTF-8, as a data file's is.
                let text = decode_text(&path, &bytes).map_err(|problem| RenderError {
                    template: path.display().to_string(),
                    line: problem.pos.map(|pos| pos.line),
                    message: match problem.hint {
                        Some(hint) => format!("{} ({hint})", problem.message),
                        None => problem.message,
                    },
                    in_running: false,
                })?;
                // A save that went wrong, not a template: it would make a
                // document of nothing, which fails far from the cause.
                if text.trim().is_empty() {
                    return Err(RenderError {
                        template: path.display().to_string(),
                        line: None,
                        message: "the template is empty (delete the file to use the built-in \
                                  one, or export it again with hfs-report templates export)"
                            .into(),
                        in_running: false,
                    });
                }
                return Ok(Some(Fetched {
                    text: Cow::Owned(text),
                    digest: Some(digest),
                }));
            }
        }
        Ok(EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| Fetched {
                text: Cow::Borrowed(*text),
                digest: None,
            }))
    }

    /// Every template a document rendered from `root` reads, by name:
    /// `root`, the templates its tags name, theirs in turn, and the style.
    /// `None` where a tag names one by an expression, which only rendering
    /// resolves, or one of them cannot be read (one that is not there is
    /// named, and names no other). Nothing is recorded as
    /// read: a build asks this of documents it does not make.
    pub fn read_by(&self, root: &str) -> Option<BTreeSet<String>> {
        let mut found = BTreeSet::from([STYLE_FILE.to_string()]);
        let mut todo = vec![root.to_string()];
        while let Some(name) = todo.pop() {
            // One that is not there (`ignore missing`) names no other, and
            // counts should it come.
            if found.insert(name.clone())
                && let Some(fetched) = self.fetch(&name).ok()?
            {
                todo.extend(named_in_tags(&fetched.text)?);
            }
        }
        Some(found)
    }

    /// A source that reads the templates in `dir` where it has them.
    pub fn folder(dir: Option<PathBuf>) -> Self {
        Self {
            dir,
            ..Self::default()
        }
    }

    /// The files read from the templates folder so far (each with the
    /// digest of its last reading), and the folder.
    pub fn read_from_folder(&self) -> Option<(PathBuf, Vec<ReadFile>)> {
        let dir = self.dir.as_ref()?;
        let read = self
            .read
            .lock()
            .map(|read| read.clone())
            .unwrap_or_default();
        let files = read
            .into_iter()
            .map(|(name, sha256)| ReadFile {
                path: dir.join(name),
                sha256,
            })
            .collect();
        Some((dir.clone(), files))
    }

    /// A hint for an error in a document where the templates folder holds
    /// some of the templates and hfs-report gives the others: the built-in
    /// ones call the style's functions and macros as this version has
    /// them, and a file exported by an earlier version (`templates export`)
    /// may lack one (`narrow-word`) or take other arguments. `None` without
    /// a folder, where it holds all of them, or where each of them starts
    /// with the line this version's export writes (`export_mark`): then
    /// the mistake is in what was changed, not in the versions.
    pub fn mixed_versions_hint(&self) -> Option<String> {
        let dir = self.dir.as_ref()?;
        let (own, built_in): (Vec<&str>, Vec<&str>) = EMBEDDED
            .iter()
            .map(|(name, _)| *name)
            .partition(|name| is_given(&dir.join(name)));
        // (Read as bytes: a file saved in another encoding below its mark
        // is still this version's.)
        let exported_here = |name: &&str| {
            crate::regular_file::read(dir.join(name)).is_ok_and(|bytes| {
                let text = String::from_utf8_lossy(&bytes);
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                text.starts_with(&export_mark(name))
            })
        };
        if own.is_empty() || built_in.is_empty() || own.iter().all(exported_here) {
            return None;
        }
        let other: Vec<&str> = own
            .iter()
            .copied()
            .filter(|name| !exported_here(name))
            .collect();
        Some(format!(
            "{} holds {}; hfs-report {} gives the others ({}); {} {} not as this version exports \
             {}, and templates exported by another version may not fit this one's: export its \
             templates into a new folder (hfs-report templates export NEW) and carry your \
             changes over",
            dir.display(),
            own.join(", "),
            env!("CARGO_PKG_VERSION"),
            built_in.join(", "),
            other.join(", "),
            if other.len() == 1 { "is" } else { "are" },
            if other.len() == 1 { "it" } else { "them" },
        ))
    }

    /// Whether a template (not only the style) has been read from the
    /// templates folder.
    fn has_read_a_template(&self) -> bool {
        self.read
            .lock()
            .is_ok_and(|read| read.keys().any(|name| name.ends_with(".j2")))
    }

    /// The names of the files read from the templates folder so far.
    fn read_names(&self) -> BTreeSet<String> {
        self.read
            .lock()
            .map(|read| read.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Files in the templates folder named almost like a template (saved
    /// as `hfs-style.typ.txt`, or `Verksamhetsplan.typ.j2`), which no
    /// template has read: each with the name it was likely meant to have,
    /// and whether the folder has a file of that name too (which is read).
    /// Beside that file, only a copy changed after it: Notepad's "Save as"
    /// leaves the edited copy beside the original, while an editor's
    /// backup (`charts.typ.j2~`) holds what the template was before.
    pub fn misnamed_files(&self) -> Vec<(PathBuf, &'static str, bool)> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let read = self.read_names();
        let mut misnamed: Vec<(PathBuf, &'static str, bool)> = entries
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                // Hidden, an editor's backup (`charts.typ.j2~`, kept after the
                // template was deleted too) or autosave (`#charts.typ.j2#`).
                let editors = name.ends_with('~') || name.starts_with('#');
                if name.starts_with('.') || editors || read.contains(&name) {
                    return None;
                }
                if EMBEDDED.iter().any(|(known, _)| *known == name) {
                    return None;
                }
                let meant = crate::diag::suggest(&name, EMBEDDED.iter().map(|(known, _)| *known))?;
                let modified =
                    |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
                let original = dir.join(meant);
                if !original.is_file() {
                    return Some((entry.path(), meant, false));
                }
                let newer = modified(&entry.path()) > modified(&original);
                newer.then(|| (entry.path(), meant, true))
            })
            .collect();
        misnamed.sort();
        misnamed
    }

    /// Where the templates folder holds none of the templates (nor a file
    /// named almost like one), so that every one is built in: an empty
    /// folder, the wrong one, or one that holds them a level down (unpacked
    /// from a zip file) — that folder, if so.
    pub fn holds_no_template(&self) -> Option<Option<PathBuf>> {
        let dir = self.dir.as_ref()?;
        let holds = |folder: &Path| {
            EMBEDDED
                .iter()
                .any(|(name, _)| is_given(&folder.join(name)))
        };
        if holds(dir) || !self.misnamed_files().is_empty() {
            return None;
        }
        let mut below: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.is_dir() && holds(path))
            .collect();
        below.sort();
        Some(below.into_iter().next())
    }

    /// Names and texts of every embedded template (for `templates export`).
    pub fn embedded() -> &'static [(&'static str, &'static str)] {
        EMBEDDED
    }

    /// Each embedded template as `templates export` writes it: its text
    /// with a mark at the start of its first line that says which built-in
    /// templates it came from (`export_mark`), so that an error in a
    /// folder that holds some of them can tell whether they came from this
    /// version. (On the first line, before the comment every template
    /// starts with, so that a line of the copy is the line of the built-in
    /// template that messages name.)
    pub fn exported() -> impl Iterator<Item = (&'static str, String)> {
        EMBEDDED.iter().map(|(name, text)| {
            let mark = export_mark(name);
            let joined = if name.ends_with(".j2") { "" } else { " " };
            (*name, format!("{mark}{joined}{text}"))
        })
    }

    /// Whether the templates folder gives the template `name` (a file of
    /// its own there, not the built-in one).
    pub fn gives(&self, name: &str) -> bool {
        self.dir
            .as_ref()
            .is_some_and(|dir| is_given(&dir.join(name)))
    }

    /// How a template is named in messages.
    pub fn display_name(&self, name: &str) -> String {
        match &self.dir {
            Some(dir) if self.gives(name) => dir.join(name).display().to_string(),
            _ => Path::new("templates").join(name).display().to_string(),
        }
    }
}

/// A template's text, and the digest of its bytes where it was read from
/// the templates folder.
struct Fetched {
    /// The text, decoded.
    text: Cow<'static, str>,
    /// The SHA-256 of the file's bytes; `None` for a built-in one.
    digest: Option<String>,
}

/// Whether a template name stays inside the templates folder: a relative
/// path of plain names only.
fn is_inside_the_folder(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty()
        && path
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)))
}

/// A template failed: its file, line and what went wrong.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// The template file.
    pub template: String,
    /// The line in the template, when known.
    pub line: Option<usize>,
    /// What went wrong.
    pub message: String,
    /// Whether it came from running the template (a name, filter, macro
    /// or template it uses, which one of another version may use
    /// otherwise), not from reading its file or its syntax.
    pub in_running: bool,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: error: {}", self.template, self.message),
            None => write!(f, "{}: error: {}", self.template, self.message),
        }
    }
}

/// The template environment, set up once per process.
pub struct Renderer {
    env: Environment<'static>,
    source: TemplateSource,
}

impl Renderer {
    /// Sets up the environment: strict undefined values, Typst escaping, our filters.
    pub fn new(source: TemplateSource) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        // Our own escaping mode for every template, so that macros return
        // safe (already escaped) output instead of being escaped twice.
        env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
        // A loop that runs without end is stopped, also where its output
        // is kept in memory until the loop ends (in a macro, a `set`
        // block), which `MAX_OUTPUT` does not see.
        env.set_fuel(Some(MAX_STEPS));
        // Every value printed by `{{ }}` is escaped, unless a filter of ours
        // produced Typst markup and marked it safe.
        env.set_formatter(|out, _state, value| {
            if value.is_none() {
                return Ok(());
            }
            let text = value.to_string();
            if value.is_safe() {
                out.write_str(&text)?;
            } else {
                out.write_str(&fit::text_markup(&text))?;
            }
            Ok(())
        });
        let loader_source = source.clone();
        env.set_loader(move |name| {
            loader_source
                .get(name)
                .map(|text| text.map(|text| mark_lines(name, &text)))
                // Not `TemplateNotFound`: an include would report the file
                // as missing and drop why it could not be had.
                .map_err(|err| {
                    let place = match err.line {
                        Some(line) => format!("{}:{line}", err.template),
                        None => err.template,
                    };
                    minijinja::Error::new(
                        ErrorKind::BadInclude,
                        format!("{place}: {}", err.message),
                    )
                })
        });
        env.add_filter("md", |text: Cow<'_, str>| {
            Value::from_safe_string(markdown::to_typst(&without_marks(&text)))
        });
        env.add_filter("code", code_literal);
        // A file's name (the logo's), exactly as it is.
        env.add_filter("path", |name: Cow<'_, str>| {
            Value::from_safe_string(escape::path_literal(&name))
        });
        env.add_filter("md_in_column", column_filter(markdown::to_typst_in_column));
        env.add_filter("in_column", column_filter(fit::column_markup));
        Self { env, source }
    }

    /// Renders one template with a context.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, RenderError> {
        // A file of the folder that cannot be read is reported as reading
        // it does, not wrapped by the environment's loader.
        self.source.get(name)?;
        let template = self
            .env
            .get_template(name)
            .map_err(|err| self.error(name, &err))?;
        let mut out = CappedOutput::default();
        match template.render_captured_to(context, &mut out) {
            // The marks are placed by reading each template alone; what its
            // tags do (join lines, choose a branch) may still put one before
            // text on its line, or inside a string of a template of the
            // user's own (the built-in templates' output is known to hold
            // none, and is not parsed again).
            Ok(_) => Ok(without_stray_marks(
                out.text,
                self.source.has_read_a_template(),
            )),
            Err(err) if out.overflowed => {
                // minijinja knows no line when its output fails; the line
                // marks of what was written do.
                let (template, line) = match out.last_mark() {
                    Some((template, line)) => (self.source.display_name(template), Some(line)),
                    None => (self.source.display_name(name), err.line()),
                };
                Err(RenderError {
                    template,
                    line,
                    message: format!(
                        "the template wrote more than {} MiB of Typst, far more than any \
                         document needs; a loop that runs more often than it should?",
                        MAX_OUTPUT >> 20
                    ),
                    in_running: false,
                })
            }
            Err(err) if err.kind() == ErrorKind::OutOfFuel => Err(RenderError {
                message: format!(
                    "the template took more than {} million steps, far more than any document \
                     needs; a loop that runs more often than it should?",
                    MAX_STEPS / 1_000_000
                ),
                in_running: false,
                ..self.error(name, &err)
            }),
            Err(err) => Err(self.error(name, &err)),
        }
    }

    /// Where its templates come from.
    pub fn templates(&self) -> &TemplateSource {
        &self.source
    }

    /// The text of a plain Typst file among the templates (the shared style).
    pub fn typst_file(&self, name: &str) -> Result<String, RenderError> {
        match self.source.get(name)? {
            Some(text) => Ok(text.into_owned()),
            None => Err(RenderError {
                template: self.source.display_name(name),
                line: None,
                message: "no such template".into(),
                in_running: false,
            }),
        }
    }

    /// A template error with the template's file and line.
    fn error(&self, name: &str, err: &minijinja::Error) -> RenderError {
        let template = err.name().unwrap_or(name);
        let mut message = err
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| err.kind().to_string());
        // Which name: a line may hold several (`{% if plan.mision %}` and
        // `{{ labels.missionn }}`). The range is in the text as loaded: the
        // failing part of a name (`.netwrok` of `plan.netwrok.name`), or
        // the filter's name where the value was passed to a filter.
        if err.kind() == ErrorKind::UndefinedError
            && let Some((before, name)) = err.range().and_then(|range| {
                let loaded = self.env.get_template(template).ok()?;
                let source = loaded.source();
                let before = source.get(..range.start)?;
                let name = source.get(range)?.trim();
                Some((before.to_string(), name.to_string()))
            })
            && !name.is_empty()
            && name.chars().count() <= 80
        {
            // The name as written: what stands before the range that is
            // part of it (`plan.` of `plan.netwrok`, `plan.regions[0:` of
            // `2][0].nmae`).
            let is_path = |c: char| c.is_alphanumeric() || "_.[]:'\"".contains(c);
            let path_before = |text: &str| {
                let kept = text.trim_end_matches(is_path).len();
                text[kept..].to_string()
            };
            match before.trim_end().strip_suffix('|') {
                // A filter with arguments: the undefined value may be one.
                Some(value) => {
                    let value = path_before(value.trim_end());
                    if name.contains('(') || value.is_empty() {
                        let call = if value.is_empty() {
                            name.clone()
                        } else {
                            format!("{value} | {name}")
                        };
                        message.push_str(&format!(" in '{call}'"));
                    } else {
                        message.push_str(&format!(" '{value}', passed to the filter '{name}'"));
                    }
                }
                None => {
                    let whole = format!("{}{name}", path_before(&before));
                    if whole.chars().all(is_path) {
                        message.push_str(&format!(" '{whole}'"));
                    } else {
                        // An expression (`a and b`): the undefined value is in it.
                        message.push_str(&format!(" in '{name}'"));
                    }
                }
            }
        }
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(&format!(" ({cause})"));
            source = cause.source();
        }
        // The line as written: "undefined value" alone names nothing.
        let written = err.line().and_then(|line| {
            let text = self.source.get(template).ok()??;
            text.lines()
                .nth(line.checked_sub(1)?)
                .map(|l| l.trim().to_string())
        });
        if let Some(line) = written.filter(|l| !l.is_empty() && l.chars().count() <= 120) {
            message.push_str(&format!(", in: {line}"));
        }
        RenderError {
            template: self.source.display_name(template),
            line: err.line(),
            message,
            // (A file the loader could not read comes as `BadInclude`.)
            // (An include of a name that is not there is a typing mistake.)
            in_running: !matches!(
                err.kind(),
                ErrorKind::SyntaxError
                    | ErrorKind::BadEscape
                    | ErrorKind::BadInclude
                    | ErrorKind::TemplateNotFound
            ),
        }
    }
}

/// The most Typst one template may write. The largest document of a year
/// of 300 regions × 40 indicators (the network's report) is 0.25 MiB; a
/// template caught in nested loops would otherwise fill the memory before
/// anything stops it.
const MAX_OUTPUT: usize = 64 << 20;

/// The most steps (minijinja's instructions) one template may take. The
/// network's report of a year of 300 regions × 40 indicators takes about
/// 110,000; 10 million stop a runaway loop within a second or two, before
/// what it keeps in memory (a macro's output) grows large.
const MAX_STEPS: u64 = 10_000_000;

/// A template's output, refused past `MAX_OUTPUT`.
#[derive(Default)]
struct CappedOutput {
    text: String,
    overflowed: bool,
}

impl CappedOutput {
    /// The template and line of the last line mark written.
    fn last_mark(&self) -> Option<(&str, usize)> {
        let at = self.text.rfind(LINE_MARK)? + LINE_MARK.len();
        let mark = self.text[at..].lines().next()?.trim();
        let mark = LineMark::read(mark)?;
        Some((mark.template, mark.line))
    }
}

impl std::io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len() + buf.len() > MAX_OUTPUT {
            self.overflowed = true;
            return Err(std::io::Error::other("too much output"));
        }
        // minijinja writes whole `str`s, so every piece is UTF-8.
        let piece = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
        self.text.push_str(piece);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The prefix of the comment that ends each generated line with the
/// template line it came from.
pub const LINE_MARK: &str = "// hfs-template: ";

/// A line mark as written after [`LINE_MARK`]: `<NAME:LINE>`, and for the
/// line a text spread over lines ends on, `<NAME:LINE (from FIRST)>`. The
/// brackets end it, whatever text a tag joins to it (`<t.j2:3>45`).
pub struct LineMark<'a> {
    pub template: &'a str,
    pub line: usize,
    /// The template line the text began on.
    pub from: Option<usize>,
}

impl<'a> LineMark<'a> {
    /// Reads a mark (the text after [`LINE_MARK`]).
    pub fn read(mark: &'a str) -> Option<Self> {
        let inside = mark.strip_prefix('<')?;
        let inside = &inside[..inside.find('>')?];
        let (place, from) = match inside.split_once(" (from ") {
            Some((place, from)) => (place, Some(from.strip_suffix(')')?.parse().ok()?)),
            None => (inside, None),
        };
        let (template, line) = place.rsplit_once(':')?;
        Some(Self {
            template,
            line: line.parse().ok()?,
            from,
        })
    }
}

/// Ends every line of a template with a Typst comment naming the template
/// and the line (`// hfs-template: <verksamhetsplan.typ.j2:42>`), so that a
/// Typst error in a generated document can be traced to the template line
/// that wrote it, and a reader of `--emit typst` sources sees where each
/// line comes from. Lines inside a template tag or comment that spans
/// several lines are left alone, and so are lines that end inside a Typst
/// string or raw text (`#let address = "Box 123` before `123 45 Staden"`),
/// where the mark would be printed.
fn mark_lines(name: &str, text: &str) -> String {
    let in_text = lines_ending_in_typst_text(text);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut open_tags = 0i32;
    // Inside a macro, a call block or a set block: its output lands where
    // it is used (in the middle of a line), or is a value a template
    // computes with; a mark would change both.
    let mut capturing = 0usize;
    let mut quoted = Quoted::No;
    // The first line of a text spread over lines, which the mark of the
    // line it ends on names too (`verksamhetsplan.typ.j2:34 (from 32)`):
    // an error inside it is counted back from there, where the lines
    // written are the template's, one for one.
    let mut text_from: Option<usize> = None;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if in_text.contains(&index) {
            text_from.get_or_insert(index + 1);
        }
        let body = line.trim_end_matches(['\n', '\r']);
        open_tags += ["{%", "{{", "{#"]
            .iter()
            .map(|t| body.matches(t).count() as i32)
            .sum::<i32>();
        open_tags -= ["%}", "}}", "#}"]
            .iter()
            .map(|t| body.matches(t).count() as i32)
            .sum::<i32>();
        let (opens, closes) = capturing_tags(body, &mut quoted);
        let captured = capturing > 0 || opens > 0;
        capturing += opens;
        let trimmed = body.trim_end();
        let joins_next = ["-%}", "-}}", "-#}"]
            .iter()
            .any(|end| trimmed.ends_with(end));
        out.push_str(body);
        if open_tags == 0
            && !captured
            && !joins_next
            && !trimmed.is_empty()
            && !in_text.contains(&index)
        {
            let from = text_from
                .take()
                .map(|from| format!(" (from {from})"))
                .unwrap_or_default();
            out.push_str(&format!(" {LINE_MARK}<{name}:{}{from}>", index + 1));
        }
        out.push_str(&line[body.len()..]);
        capturing = capturing.saturating_sub(closes);
        open_tags = open_tags.max(0);
    }
    out
}

/// Generated Typst without the line marks that would print or swallow
/// text: one with text after it on its line (a tag took the line break
/// away: the text would be part of the comment) and, where `in_texts`,
/// one inside a string or raw text (read as Typst reads the file).
fn without_stray_marks(text: String, in_texts: bool) -> String {
    let marks = marks_in(&text);
    if marks.is_empty() {
        return text;
    }
    let followed = |mark: &Range<usize>| {
        let line = text[mark.end..].split('\n').next().unwrap_or_default();
        !line.trim().is_empty()
    };
    let mut spans = Vec::new();
    if in_texts {
        typst_texts(&typst::syntax::parse(&text), 0, &mut spans);
    }
    let inside = |mark: &Range<usize>| {
        spans
            .iter()
            .any(|span: &Range<usize>| span.start < mark.start && mark.end <= span.end)
    };
    let cuts: Vec<Range<usize>> = marks
        .into_iter()
        .filter(|mark| followed(mark) || inside(mark))
        .collect();
    match without(&text, &cuts) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

/// `text` without the line marks in it: what a filter takes (a block set
/// aside that includes a template, whose lines are marked) is text, not
/// lines of a template.
fn without_marks(text: &str) -> Cow<'_, str> {
    without(text, &marks_in(text))
}

/// Where the line marks in `text` are, each with the space before it, in
/// any letter case (`{% filter upper %}` writes them so).
fn marks_in(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    lower
        .match_indices(LINE_MARK)
        .filter_map(|(at, _)| {
            let end = at + LINE_MARK.len() + mark_len(&text[at + LINE_MARK.len()..])?;
            let start = if text[..at].ends_with(' ') {
                at - 1
            } else {
                at
            };
            Some(start..end)
        })
        .collect()
}

/// `text` without the ranges `cuts` (in order, apart).
fn without<'a>(text: &'a str, cuts: &[Range<usize>]) -> Cow<'a, str> {
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for cut in cuts {
        out.push_str(&text[at..cut.start]);
        at = cut.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The length of a mark's `<NAME:LINE>` at the start of `text`, the text
/// after [`LINE_MARK`].
fn mark_len(text: &str) -> Option<usize> {
    let line = text.split('\n').next()?;
    line.starts_with('<')
        .then(|| line.find('>').map(|end| end + 1))?
}

/// How many tags on a template line open a block whose output is kept
/// aside (`macro`, `call`, `filter`, a `set` without `=`), and how many
/// close one; not counting what stands in a comment (`{# … #}`) or a
/// `{% raw %}` block, which `quoted` follows from line to line.
fn capturing_tags(line: &str, quoted: &mut Quoted) -> (usize, usize) {
    let (mut opens, mut closes) = (0, 0);
    let mut rest = line;
    loop {
        if *quoted == Quoted::Comment {
            let Some(end) = rest.find("#}") else { break };
            *quoted = Quoted::No;
            rest = &rest[end + 2..];
            continue;
        }
        let tag_at = rest.find("{%");
        let comment_at = rest.find("{#");
        if let Some(comment) = comment_at
            && tag_at.is_none_or(|tag| comment < tag)
            && *quoted == Quoted::No
        {
            *quoted = Quoted::Comment;
            rest = &rest[comment + 2..];
            continue;
        }
        let Some(start) = tag_at else { break };
        // The close is looked for after the open: in `{%}` the two overlap.
        let Some(end) = rest[start + 2..].find("%}").map(|i| start + 2 + i) else {
            break;
        };
        let tag =
            rest[start + 2..end].trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        let word = tag
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or_default();
        match (*quoted, word) {
            (Quoted::Raw, "endraw") => *quoted = Quoted::No,
            (Quoted::Raw, _) => {}
            (_, "raw") => *quoted = Quoted::Raw,
            (_, "macro" | "call" | "filter") => opens += 1,
            (_, "set") if !tag.contains('=') => opens += 1,
            (_, "endmacro" | "endcall" | "endfilter" | "endset") => closes += 1,
            _ => {}
        }
        rest = &rest[end + 2..];
    }
    (opens, closes)
}

/// Where a template line starts: in plain template text, a comment, or a
/// `{% raw %}` block (see [`capturing_tags`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoted {
    No,
    Comment,
    Raw,
}

/// The lines (counted from 0) of a template whose end lies inside a Typst
/// string or raw text, as Typst reads the template with its tags (`{{ }}`,
/// `{% %}`, `{# #}`) blanked out. What the tags write cannot open such a
/// text: every value is escaped, and `code` writes whole literals. Read
/// twice: with every `{% if %}` as written, which Typst reads as its
/// branches one after the other, and with only each one's last branch, so
/// that a string that each branch opens is seen in both.
fn lines_ending_in_typst_text(text: &str) -> BTreeSet<usize> {
    let blanked = without_template_tags(text);
    let mut lines = BTreeSet::new();
    let mut last_branches = blanked.clone().into_bytes();
    // Line breaks too, or `#let s =` would end at the first branch's:
    // the offsets, which the lines are found by, stay those of the text.
    for range in branches_before_the_last(text) {
        last_branches[range].fill(b' ');
    }
    // (Whole branches became spaces: still UTF-8.)
    let last_branches = String::from_utf8(last_branches).unwrap_or_default();
    for reading in [&blanked, &last_branches] {
        let mut spans = Vec::new();
        typst_texts(&typst::syntax::parse(reading), 0, &mut spans);
        let mut spans = spans.into_iter().peekable();
        for (line, (at, _)) in text.match_indices('\n').enumerate() {
            while spans.next_if(|span| span.end <= at).is_some() {}
            if spans.peek().is_some_and(|span| span.start < at) {
                lines.insert(line);
            }
        }
    }
    lines
}

/// The byte ranges of the branches of a template's `{% if %}`s but the
/// last of each (tags included), nested ones too.
fn branches_before_the_last(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    // Each open `if`: where its current branch began.
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{%").map(|i| at + i) {
        let Some(end) = text[start + 2..].find("%}").map(|i| start + 2 + i + 2) else {
            break;
        };
        let word = text[start + 2..end - 2]
            .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace())
            .split_whitespace()
            .next()
            .unwrap_or_default();
        match word {
            "if" => open.push(start),
            "elif" | "else" => {
                if let Some(branch) = open.last_mut() {
                    ranges.push(*branch..start);
                    *branch = start;
                }
            }
            "endif" => {
                open.pop();
            }
            _ => {}
        }
        at = end;
    }
    ranges
}

/// The byte ranges of the strings and raw texts in a parsed Typst file,
/// in order.
fn typst_texts(
    node: &typst::syntax::SyntaxNode,
    start: usize,
    spans: &mut Vec<std::ops::Range<usize>>,
) {
    use typst::syntax::SyntaxKind;
    if matches!(node.kind(), SyntaxKind::Str | SyntaxKind::Raw) {
        spans.push(start..start + node.len());
        return;
    }
    let mut at = start;
    for child in node.children() {
        typst_texts(child, at, spans);
        at += child.len();
    }
}

/// A template's text with each of its tags replaced by as many bytes (line
/// breaks kept), so that Typst reads it in the same places: a value's by
/// `x`, a statement's or comment's by spaces. (Where each branch of an
/// `{% if %}` opens a string of its own, Typst reads them one after the
/// other, and the second as markup.)
fn without_template_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = ["{{", "{%", "{#"]
        .iter()
        .filter_map(|tag| rest.find(tag))
        .min()
    {
        out.push_str(&rest[..open]);
        let close = match &rest[open + 1..open + 2] {
            "{" => "}}",
            "%" => "%}",
            _ => "#}",
        };
        let end = rest[open + 2..]
            .find(close)
            .map_or(rest.len(), |at| open + 2 + at + close.len());
        // A value is read as a word; a statement or comment writes
        // nothing, and a word there would make the quote after it
        // (`{% if a %}"Box 123`) a quote of markup, not a string's start.
        let fill = if close == "}}" { 'x' } else { ' ' };
        for c in rest[open..end].chars() {
            match c {
                '\n' => out.push('\n'),
                c => out.extend(std::iter::repeat_n(fill, c.len_utf8())),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A filter that writes a text of a narrow column (`{{ text |
/// in_column(2, lang) }}`: the action table's by its index, or
/// `"comment"`, `"process-leaders"` or `"theme-group"`) as markup with `convert`, which
/// measures what may be too wide for it (see [`fit::Place`]).
fn column_filter(
    convert: for<'a> fn(&str, fit::Column<'a>) -> String,
) -> impl Fn(Cow<'_, str>, Value, Cow<'_, str>) -> Result<Value, minijinja::Error> {
    move |text, name, lang| {
        let place = fit::Place::named(&name.to_string()).ok_or_else(|| {
            // A name as the template wrote it, in quotes.
            let shown = name
                .as_str()
                .map_or_else(|| name.to_string(), |name| format!("{name:?}"));
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "there is no narrow column {shown}: a column of the action table \
                     (0 to 4), \"comment\", \"process-leaders\" or \"theme-group\""
                ),
            )
        })?;
        Ok(Value::from_safe_string(convert(
            &without_marks(&text),
            fit::Column::new(place, &lang),
        )))
    }
}

/// A value as a Typst code literal, for the places where templates pass data
/// to Typst functions: strings become string literals, numbers numbers,
/// lists arrays and maps dictionaries.
fn code_literal(value: Value) -> Result<Value, minijinja::Error> {
    Ok(Value::from_safe_string(literal(&value)?))
}

/// The Typst code literal of [`code_literal`].
fn literal(value: &Value) -> Result<String, minijinja::Error> {
    // Every element followed by a comma: `(1,)` is an array, `(1)` a number.
    let listed = |items: Vec<String>| {
        let items: String = items.iter().map(|item| format!("{item}, ")).collect();
        format!("({items})")
    };
    let literal = match value.kind() {
        ValueKind::None => "none".to_string(),
        // A misspelt name (`{{ i.coment | code }}`): the environment's
        // strict mode stops it where it is printed, but a filter gets it;
        // as `none` it would drop its text without a word.
        ValueKind::Undefined => return Err(minijinja::Error::from(ErrorKind::UndefinedError)),
        ValueKind::Bool => value.is_true().to_string(),
        ValueKind::String => escape::string_literal(value.as_str().unwrap_or_default()),
        ValueKind::Seq => listed(
            value
                .try_iter()?
                .map(|item| literal(&item))
                .collect::<Result<_, _>>()?,
        ),
        ValueKind::Map => {
            let mut entries = Vec::new();
            for key in value.try_iter()? {
                let Some(name) = key.as_str() else {
                    return Err(minijinja::Error::new(
                        ErrorKind::InvalidOperation,
                        "cannot pass a map with keys other than text to Typst",
                    ));
                };
                let entry = literal(&value.get_item(&key)?)?;
                entries.push(format!("{}: {entry}", escape::string_literal(name)));
            }
            if entries.is_empty() {
                "(:)".to_string()
            } else {
                listed(entries)
            }
        }
        ValueKind::Number => match i64::try_from(value.clone()) {
            Ok(int) => int.to_string(),
            // Debug keeps the point and uses an exponent for huge values,
            // both of which Typst reads as a float.
            Err(_) => match f64::try_from(value.clone()) {
                Ok(float) if float.is_finite() => format!("{float:?}"),
                _ => "none".to_string(),
            },
        },
        kind => {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("cannot pass {kind} to Typst as a literal"),
            ));
        }
    };
    Ok(literal)
}

/// The templates a template's tags name: `{% import "charts.typ.j2" as
/// charts %}`, `{% from "x" import y %}`, `{% extends "x" %}`, `{% include
/// "x" %}` or `{% include ["x", "y"] ignore missing %}`. `None` where one
/// names it by an expression (`{% include name %}`, `{% import "a" if b
/// else "c" as d %}`), which only rendering resolves. (A tag in a comment
/// counts too: a template more, never one less.)
fn named_in_tags(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or(tag);
        let tag = tag.trim_start_matches(['-', '+']).trim_start();
        let tag = tag.trim_end().trim_end_matches(['-', '+']);
        // The keyword, as a word of its own: `{%import"x" as y%}` too.
        let Some(rest) = ["import", "from", "extends", "include"]
            .into_iter()
            .find_map(|word| tag.strip_prefix(word))
            .filter(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let after = match rest.strip_prefix('[') {
            Some(list) => {
                let (items, after) = list.split_once(']')?;
                for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    let (name, more) = string_literal(item)?;
                    if !more.trim().is_empty() {
                        return None;
                    }
                    names.push(name.to_string());
                }
                after
            }
            None => {
                let (name, after) = string_literal(rest)?;
                names.push(name.to_string());
                after
            }
        };
        // What may follow the name: `as`, `import`, `ignore missing`,
        // `with context`, `without context`. Anything else makes the name
        // part of an expression.
        let next = after.split_whitespace().next();
        if !matches!(
            next,
            None | Some("as" | "import" | "ignore" | "with" | "without")
        ) {
            return None;
        }
    }
    Some(names)
}

/// The string literal `text` starts with, in either quotes, and the text
/// after it.
fn string_literal(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    text[1..].split_once(quote)
}

/// Whether the templates folder gives the template at `path`: anything
/// there but a folder is the user's template, an error if it cannot be
/// read (a named pipe is no reason to use the built-in one without a
/// word).
fn is_given(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_a_template_names_are_read_from_its_tags() {
        let text = "{% import \"charts.typ.j2\" as charts %}\n{%- from 'x.j2' import y -%}\n\
                    {% if a %}{% include [\"a.j2\", 'b.j2'] ignore missing %}{% endif %}\n\
                    {%+ extends \"base.j2\" %}{% set include = 1 %}";
        assert_eq!(
            named_in_tags(text),
            Some(vec![
                "charts.typ.j2".to_string(),
                "x.j2".to_string(),
                "a.j2".to_string(),
                "b.j2".to_string(),
                "base.j2".to_string(),
            ])
        );
        // Without a space after the keyword, as minijinja reads it too.
        assert_eq!(
            named_in_tags("{%import\"charts.typ.j2\" as c%}{%-include'x.j2'-%}"),
            Some(vec!["charts.typ.j2".to_string(), "x.j2".to_string()])
        );
        assert_eq!(
            named_in_tags("{% imported %}{% include_x %}"),
            Some(Vec::new())
        );
        // A name only rendering can tell.
        assert_eq!(named_in_tags("{% include name %}"), None);
        assert_eq!(
            named_in_tags("{% import \"a.j2\" if wide else \"charts.typ.j2\" as c %}"),
            None
        );
        assert_eq!(
            named_in_tags("{% include \"part-\" ~ lang ~ \".j2\" %}"),
            None
        );
        assert_eq!(named_in_tags("{% include \"a.j2\" | lower %}"), None);
        assert_eq!(named_in_tags("{% include [\"a.j2\", other] %}"), None);
        assert_eq!(named_in_tags("{% import \"unclosed %}"), None);
        assert_eq!(named_in_tags("no tags"), Some(Vec::new()));
    }

    #[test]
    fn each_document_reads_its_own_templates_and_the_style() {
        let names = |root| {
            TemplateSource::default()
                .read_by(root)
                .map(|read| read.into_iter().collect::<Vec<_>>())
        };
        assert_eq!(
            names(PLAN_TEMPLATE),
            Some(vec![STYLE_FILE.to_string(), PLAN_TEMPLATE.to_string()])
        );
        assert_eq!(
            names(REGION_TEMPLATE),
            Some(vec![
                "charts.typ.j2".to_string(),
                STYLE_FILE.to_string(),
                REGION_TEMPLATE.to_string()
            ])
        );
        // A template of a folder that names another by an expression may
        // read any of them.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(PLAN_TEMPLATE),
            "{% include \"part-\" ~ lang ~ \".j2\" %}",
        )
        .unwrap();
        let source = TemplateSource::folder(Some(dir.path().to_path_buf()));
        assert_eq!(source.read_by(PLAN_TEMPLATE), None);
        // Asking reads nothing the manifest would list.
        assert_eq!(source.read_from_folder().unwrap().1.len(), 0);
    }

    #[test]
    fn marks_lines_but_not_macros_open_tags_or_joined_lines() {
        let template =
            "a {{ x }}\n{% macro m() -%}\nin macro\n{%- endmacro %}\n{#- comment\nstill -#}\nb\n";
        let marked = mark_lines("t.j2", template);
        assert_eq!(
            marked,
            "a {{ x }} // hfs-template: <t.j2:1>\n{% macro m() -%}\nin macro\n{%- endmacro %}\n{#- comment\nstill -#}\nb // hfs-template: <t.j2:7>\n"
        );
    }

    #[test]
    fn a_tag_whose_open_and_close_overlap_is_no_panic() {
        // `{%}` in raw text is valid minijinja; the scanners once looked
        // for its close from its open and cut `[start + 2..start + 1]`.
        let template = "{% raw %}{%}{% endraw %}\na {% if x %}{%}{% endif %}\n";
        let marked = mark_lines("t.j2", template);
        assert_eq!(
            marked,
            "{% raw %}{%}{% endraw %} // hfs-template: <t.j2:1>\na {% if x %}{%}{% endif %} // hfs-template: <t.j2:2>\n"
        );
    }

    #[test]
    fn marks_no_line_that_ends_inside_a_typst_string_or_raw_text() {
        let template = "#let a = \"Box {{ box }}\n123 45\"\n`kod\nmer` och `{{ x }}`\n\
                        ```\nrad\n```\n#f(\"{{ \"}\" }}\")\n#let b = {% if a %}\"c\nd\"{% endif %}\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "#let a = \"Box {{ box }}\n123 45\" // hfs-template: <t.j2:2 (from 1)>\n`kod\n\
             mer` och `{{ x }}` // hfs-template: <t.j2:4 (from 3)>\n```\nrad\n``` // \
             hfs-template: <t.j2:7 (from 5)>\n#f(\"{{ \"}\" }}\") // hfs-template: <t.j2:8>\n\
             #let b = {% if a %}\"c\nd\"{% endif %} // hfs-template: <t.j2:10 (from 9)>\n"
        );
    }

    #[test]
    fn a_mark_that_ends_up_in_a_string_is_taken_out() {
        let typst =
            "#let s = \"c // hfs-template: <t.j2:3 (from 2)>\nd\" // hfs-template: <t.j2:4>\n\
                     ```\nrad // hfs-template: <t.j2:6>\n```\n"
                .to_string();
        assert_eq!(
            without_stray_marks(typst, true),
            "#let s = \"c\nd\" // hfs-template: <t.j2:4>\n```\nrad\n```\n"
        );
    }

    #[test]
    fn marks_no_line_of_a_block_whose_output_is_kept_aside() {
        let template = "{%macro m() %}\nin macro\n{% endmacro %}\n{% set x %}\nhello\n{%- endset %}\n\
                        {% set y = 1 %}\nSay {{ x }} now.\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "{%macro m() %}\nin macro\n{% endmacro %}\n{% set x %}\nhello\n{%- endset %}\n\
             {% set y = 1 %} // hfs-template: <t.j2:7>\nSay {{ x }} now. // hfs-template: <t.j2:8>\n"
        );
    }

    #[test]
    fn a_set_tag_in_a_comment_or_raw_block_keeps_no_block_open() {
        let template = "{# tip: {% set x %} #}\nEtt\n{% raw %}{% set y %}{% endraw %}\nTvå\n\
                        {#\n{% macro m() %}\n#}\nTre\n";
        let marked = mark_lines("t.j2", template);
        for line in [
            "Ett // hfs-template: <t.j2:2>",
            "Två // hfs-template: <t.j2:4>",
            "Tre // hfs-template: <t.j2:8>",
        ] {
            assert!(marked.contains(line), "{marked}");
        }
    }

    #[test]
    fn a_mark_with_text_after_it_on_its_line_is_taken_out() {
        // A tag took the line break away: the text would be the comment's.
        let typst = "Next // hfs-template: <t.j2:7> X // hfs-template: <t.j2:9>\nY\n".to_string();
        assert_eq!(
            without_stray_marks(typst, false),
            "Next X // hfs-template: <t.j2:9>\nY\n"
        );
        // Digits joined to it are not its line's; `{% filter upper %}`
        // writes it in capitals.
        let typst = "Y: 2024 // hfs-template: <t.j2:3>2024 END\n\
                     A // HFS-TEMPLATE: <P:12.TYP.J2:1> after\n"
            .to_string();
        assert_eq!(
            without_stray_marks(typst, false),
            "Y: 20242024 END\nA after\n"
        );
        // A mark inside a string ends where its line does, or at the quote.
        let typst = "#let s = \"hello // hfs-template: <t.j2:3> tail\"\n".to_string();
        assert_eq!(
            without_stray_marks(typst, true),
            "#let s = \"hello tail\"\n"
        );
    }

    #[test]
    fn a_filter_takes_text_without_marks() {
        assert_eq!(
            without_marks("Box 1 // hfs-template: <part.typ.j2:1>\nStad // HFS-TEMPLATE: <P.J2:2>"),
            "Box 1\nStad"
        );
    }

    #[test]
    fn marks_no_line_inside_a_string_that_each_branch_of_an_if_opens() {
        let template = "#let s = {% if a %}\"Box 1\nStad\"{% else %}\"Gata 2\nOrt\"{% endif %}\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "#let s = {% if a %}\"Box 1\nStad\"{% else %}\"Gata 2\nOrt\"{% endif %} // \
             hfs-template: <t.j2:3 (from 1)>\n"
        );
    }

    #[test]
    fn a_template_names_a_narrow_column_by_its_index_or_its_name() {
        let filter = column_filter(fit::column_markup);
        let markup = |name: Value| {
            filter(
                Cow::Borrowed("Hälsofrämjandesamordnarna"),
                name,
                Cow::Borrowed("sv"),
            )
            .map(|markup| markup.to_string())
        };
        assert!(
            markup(Value::from(2))
                .unwrap()
                .starts_with("#narrow-word(2, ")
        );
        assert!(
            markup(Value::from("theme-group"))
                .unwrap()
                .starts_with("#narrow-word(\"theme-group\", ")
        );
        let err = markup(Value::from("kommentar")).unwrap_err().to_string();
        assert!(
            err.contains("there is no narrow column \"kommentar\": "),
            "{err}"
        );
        let err = markup(Value::from(5)).unwrap_err().to_string();
        assert!(
            err.contains(
                "there is no narrow column 5: a column of the action table (0 to 4), \
                 \"comment\", \"process-leaders\" or \"theme-group\""
            ),
            "{err}"
        );
    }

    #[test]
    fn an_undefined_value_is_named_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let message = |template: &str| {
            std::fs::write(dir.path().join("t.typ.j2"), template).unwrap();
            let renderer = Renderer::new(TemplateSource::folder(Some(dir.path().to_path_buf())));
            let context = minijinja::context! { plan => minijinja::context! { year => 2024 } };
            renderer.render("t.typ.j2", context).unwrap_err().message
        };
        assert_eq!(
            message("{{ plan.year }}\n{% if plan.mision %}x{% endif %}{{ plan.yaer }}\n"),
            "undefined value 'plan.mision', in: {% if plan.mision %}x{% endif %}{{ plan.yaer }}"
        );
        assert_eq!(
            message("{{ plan.yaer | md }}\n"),
            "undefined value 'plan.yaer', passed to the filter 'md', in: {{ plan.yaer | md }}"
        );
        assert_eq!(
            message("{{ plan.netwrok.name }}\n"),
            "undefined value 'plan.netwrok.name', in: {{ plan.netwrok.name }}"
        );
        // Where it may be one of several: the expression that holds it.
        assert_eq!(
            message("{% if plan.year and plan.mision %}x{% endif %}\n"),
            "undefined value in 'plan.year and plan.mision', in: \
             {% if plan.year and plan.mision %}x{% endif %}"
        );
        assert_eq!(
            message("{{ plan.year | replace(plan.foo, \"b\") }}\n"),
            "undefined value in 'plan.year | replace(plan.foo, \"b\")', in: \
             {{ plan.year | replace(plan.foo, \"b\") }}"
        );
    }

    #[test]
    fn an_exported_template_has_the_lines_of_the_built_in_one() {
        for (name, text) in TemplateSource::exported() {
            let built_in = EMBEDDED.iter().find(|(n, _)| *n == name).unwrap().1;
            assert_eq!(text.lines().count(), built_in.lines().count(), "{name}");
            // The mark stands before the comment the template starts with,
            // and says nothing in what the template writes.
            assert!(text.starts_with(&export_mark(name)), "{name}");
            let comment = if name.ends_with(".j2") { "{#-" } else { "// " };
            assert!(built_in.starts_with(comment), "{name}");
        }
    }

    #[test]
    fn a_misspelt_name_passed_to_typst_is_an_error_not_none() {
        let renderer = Renderer::new(TemplateSource::default());
        let context = minijinja::context! { i => minijinja::context! { comment => "Bra" } };
        let render = |template: &str| {
            renderer
                .env
                .render_str(template, context.clone())
                .map_err(|err| err.kind())
        };
        assert_eq!(render("{{ i.comment | code }}").as_deref(), Ok("\"Bra\""));
        assert_eq!(render("{{ none | code }}").as_deref(), Ok("none"));
        assert_eq!(
            render("{{ i.coment | code }}"),
            Err(ErrorKind::UndefinedError)
        );
    }

    #[test]
    fn passes_lists_and_maps_to_typst_as_arrays_and_dictionaries() {
        let value = Value::from_serialize(serde_json::json!({
            "extents": [{"em": 1.5, "lines": 2}, null],
            "one": ["a \"b\""],
            "none": [],
            "empty": {},
        }));
        let code = code_literal(value).unwrap().to_string();
        assert_eq!(
            code,
            r#"("empty": (:), "extents": (("em": 1.5, "lines": 2, ), none, ), "none": (), "one": ("a \"b\"", ), )"#
        );
    }
}
