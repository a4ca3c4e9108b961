//! Where templates come from: built into the binary, or a folder given
//! with `--templates` whose files override the built-in ones; which of
//! them a document reads, for the manifest; and what `templates export`
//! writes.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::load::{ReadFile, broken_link, decode_text, io_reason, link_out_of};

use super::RenderError;
use super::template_tags::named_in_tags;

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
        self.fetch(name, Record::Read)
    }

    /// The text of a template as [`TemplateSource::get`] gives it, not
    /// recorded as read: for a message that quotes a template the
    /// document may not have read. `None` where it cannot be read.
    pub(super) fn peek(&self, name: &str) -> Option<Cow<'static, str>> {
        self.fetch(name, Record::No).ok().flatten()
    }

    /// The text of a template, from the folder if it has it (the digest of
    /// the bytes read recorded as `record` says), else embedded. A name is
    /// a path inside the folder (`{% include "/etc/passwd" %}` or
    /// `"../data/2024/plan.yaml"` would read the machine's files otherwise).
    fn fetch(&self, name: &str, record: Record) -> Result<Option<Cow<'static, str>>, RenderError> {
        if !is_inside_the_folder(name) {
            return Err(RenderError {
                template: format!("{name:?}"),
                pos: None,
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
                    pos: None,
                    message: format!(
                        "will not read the template ({link}, outside the templates folder {})",
                        dir.display()
                    ),
                    in_running: false,
                });
            }
            if let Some(link) = broken_link(&path) {
                return Err(RenderError {
                    template: path.display().to_string(),
                    pos: None,
                    message: format!("cannot read the template (it is {link})"),
                    in_running: false,
                });
            }
            if is_given(&path) {
                // Without the byte-order mark Notepad may save at its
                // start, which would go into the Typst as text before the
                // document (a blank first page).
                let bytes = crate::regular_file::read(&path).map_err(|err| RenderError {
                    template: path.display().to_string(),
                    pos: None,
                    message: format!("cannot read the template ({})", io_reason(&err)),
                    in_running: false,
                })?;
                // Recorded before it is known to be a template: one that is
                // not (not UTF-8, empty) is named by its error, and is no
                // file that no template has read (`misnamed_files`).
                if record == Record::Read
                    && let Ok(mut read) = self.read.lock()
                {
                    read.insert(name.to_string(), crate::manifest::sha256(&bytes));
                }
                // Text saved in Windows-1252 is named at its first byte
                // that is not UTF-8, as a data file's is.
                let text = decode_text(&path, &bytes).map_err(|problem| RenderError {
                    template: path.display().to_string(),
                    pos: problem.pos,
                    message: match problem.hint {
                        Some(hint) => format!("{} ({hint})", problem.message),
                        None => problem.message,
                    },
                    in_running: false,
                })?;
                let text = with_line_feeds(text);
                // A save that went wrong, not a template: it would make a
                // document of nothing, which fails far from the cause.
                if text.trim().is_empty() {
                    return Err(RenderError {
                        template: path.display().to_string(),
                        pos: None,
                        message: "the template is empty (delete the file to use the built-in \
                                  one, or export it again with hfs-report templates export)"
                            .into(),
                        in_running: false,
                    });
                }
                return Ok(Some(Cow::Owned(text)));
            }
        }
        Ok(EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| Cow::Borrowed(*text)))
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
                && let Some(text) = self.fetch(&name, Record::No).ok()?
            {
                todo.extend(named_in_tags(&text)?);
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
    pub(super) fn has_read_a_template(&self) -> bool {
        self.read
            .lock()
            .is_ok_and(|read| read.keys().any(|name| name.ends_with(".j2")))
    }

    /// The names of the files read from the templates folder so far.
    pub fn read_names(&self) -> BTreeSet<String> {
        self.read
            .lock()
            .map(|read| read.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Files in the templates folder named almost like a template before
    /// their extensions (saved as `hfs-style.typ.txt`, or
    /// `Verksamhetsplan.typ.j2`), which no template has read, by their
    /// name or through a link: each with the name it was likely meant to have,
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
        // A template the documents' templates name but a failed build did
        // not reach is a template (`parts.typ.j2`, not `charts.typ.j2`).
        let named: BTreeSet<String> = [PLAN_TEMPLATE, REGION_TEMPLATE, NETWORK_TEMPLATE]
            .into_iter()
            .filter_map(|root| self.read_by(root))
            .flatten()
            .collect();
        let read = self.read_names();
        // A file read under another name, through a link to it, is read.
        let read_as_linked: BTreeSet<PathBuf> = read
            .iter()
            .chain(&named)
            .filter_map(|name| dir.join(name).canonicalize().ok())
            .collect();
        let mut misnamed: Vec<(PathBuf, &'static str, bool)> = entries
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                // Hidden, an editor's backup (`charts.typ.j2~`, kept after the
                // template was deleted too) or autosave (`#charts.typ.j2#`).
                let editors = name.ends_with('~') || name.starts_with('#');
                if name.starts_with('.') || editors || read.contains(&name) || named.contains(&name)
                {
                    return None;
                }
                if EMBEDDED.iter().any(|(known, _)| *known == name) {
                    return None;
                }
                if entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| read_as_linked.contains(&real))
                {
                    return None;
                }
                // Named almost like a template before its extensions
                // (`hfs-style.typ.txt`, `Verksamhetsplan.typ.j2`): the
                // extensions they share would make `part.typ.j2` close to
                // `charts.typ.j2`.
                let meant_stem = crate::diag::suggest(
                    stem_of(&name),
                    EMBEDDED.iter().map(|(known, _)| stem_of(known)),
                )?;
                let meant = EMBEDDED
                    .iter()
                    .map(|(known, _)| *known)
                    .find(|known| stem_of(known) == meant_stem)?;
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
    /// from a zip file) — that folder, if so. A link to nothing named as a
    /// template is one held: it is an error, not built in.
    pub fn holds_no_template(&self) -> Option<Option<PathBuf>> {
        let dir = self.dir.as_ref()?;
        let holds = |folder: &Path| {
            EMBEDDED.iter().any(|(name, _)| {
                let path = folder.join(name);
                is_given(&path) || broken_link(&path).is_some()
            })
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

/// `text` with each line ended by a carriage return alone (as editors of
/// old Macs save them) ended by a line feed instead. Such a line is a line
/// to its editor, to Typst and to the positions of every other message;
/// minijinja and the line marks count line feeds, and would name every
/// line of the file line 1. (Typst reads both alike: the document is the
/// same.)
fn with_line_feeds(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a template read from the folder is recorded as read (with the
/// digest of its bytes, for the manifest's inputs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Record {
    Read,
    No,
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

/// A file's name before its first '.': `hfs-style` of `hfs-style.typ.txt`.
fn stem_of(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// Whether the templates folder gives the template at `path`: anything
/// there but a folder is the user's template, an error if it cannot be
/// read (a named pipe is no reason to use the built-in one without a
/// word; nor is a link to nothing, which `fetch` refuses before asking).
fn is_given(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
