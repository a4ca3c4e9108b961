//! What a build writes into a year's output folder besides the PDFs (its
//! manifest, the files of `--emit typst`), and what it says about the
//! files there: those it replaces that were changed by hand, and those it
//! did not make.

use std::collections::BTreeSet;
use std::path::Path;

use super::EMITTED_FONTS;
use super::documents::{Document, Like, NamedLike};
use super::typesetting::Pdf;
use crate::config::BuildConfig;
use crate::diag::Diagnostic;
use crate::load::ReadFile;
use crate::load::printable::shown;
use crate::manifest::{self, Manifest, OutputEntry};
use crate::model::{Id, NETWORK_REPORT_ID};
use crate::render::STYLE_FILE;
use crate::render::{NETWORK_TEMPLATE, PLAN_TEMPLATE, REGION_TEMPLATE, TemplateSource};
use crate::typeset::fonts;
use crate::write::Output;
use crate::year::Year;

/// A year's share of a build that has typeset its documents.
pub(super) struct YearBuilt<'a> {
    /// The year.
    pub year: &'a Year,
    /// The files its documents were made from.
    pub read: &'a [ReadFile],
    /// Its documents, each with what the manifest records of its PDF and
    /// the key of its sources.
    pub made: Vec<(&'a Document, &'a Pdf, &'a str)>,
    /// The manifest the last build wrote into its folder.
    pub earlier: Option<&'a Manifest>,
}

/// What the build writes into the year's folder besides the new PDFs
/// (which are staged already): the files of `--emit typst` and the year's
/// manifest; and the warnings about the files there that it did not make.
pub(super) fn files(
    built: &YearBuilt,
    config: &BuildConfig,
    templates: &TemplateSource,
) -> (Vec<Output>, Vec<Diagnostic>) {
    let YearBuilt {
        year,
        read,
        made,
        earlier,
    } = built;
    let earlier = *earlier;
    let folder = config.out.join(year.year.to_string());
    let mut warnings = Vec::new();
    let mut manifest = Manifest {
        year: year.year,
        inputs: manifest::inputs(read, &config.data),
        templates: templates
            .read_from_folder()
            .map(|(dir, read)| manifest::inputs(&read, &dir))
            .unwrap_or_default(),
        ..Manifest::default()
    };
    // A new PDF is staged already; an up-to-date one is left as it is,
    // modification time included.
    manifest
        .outputs
        .extend(made.iter().map(|(doc, pdf, key)| OutputEntry {
            file: doc.pdf_name(),
            bytes: pdf.len,
            sha256: pdf.sha256.clone(),
            key: Some(key.to_string()),
        }));
    let mut outputs = Vec::new();
    let emit = if config.emit_typst {
        emitted(made)
    } else {
        Vec::new()
    };
    for (file, bytes) in emit {
        let sha256 = manifest::sha256(bytes);
        // A source edited by hand since the last build wrote it is
        // replaced, as a PDF so changed is, not without a word.
        let written = earlier.and_then(|m| m.outputs.iter().find(|o| o.file == file));
        if let Some(written) = written
            && let Ok(now) = crate::regular_file::read(folder.join(&file))
            && let now = manifest::sha256(&now)
            && now != written.sha256
            && now != sha256
        {
            warnings.push(replaced_warning(&folder.join(&file)));
        }
        manifest.outputs.push(OutputEntry {
            file: file.clone(),
            bytes: bytes.len() as u64,
            sha256,
            key: None,
        });
        outputs.push(Output {
            path: folder.join(file),
            bytes: bytes.to_vec(),
        });
    }
    // The documents a partial build leaves stay listed while they are what
    // a build would make of what this one read; else they are left in the
    // folder, not listed, and named in a warning.
    let mut outdated: Vec<String> = Vec::new();
    if config.is_partial()
        && let Some(earlier) = earlier
    {
        let built: Vec<&Document> = made.iter().map(|(doc, _, _)| *doc).collect();
        let sources = (config.data.as_path(), templates);
        let (kept, outdated_now, changed) =
            still_made_so(earlier, &manifest, year, sources, &folder, &built);
        outdated = outdated_now;
        if !kept.is_empty() {
            carry_inputs_over(&mut manifest, earlier, config, templates);
        }
        manifest.outputs.extend(kept);
        if let Some(warning) = outdated_warning(&folder, &outdated, &changed) {
            warnings.push(warning);
        }
    }
    manifest.outputs.sort_by(|a, b| a.file.cmp(&b.file));
    manifest.outputs.dedup_by(|a, b| a.file == b.file);
    warnings.extend(unlisted_documents(
        &folder, year, &manifest, earlier, &outdated,
    ));
    // A year with nothing built and no manifest yet (a plan being drafted,
    // built with --only followup) gets no manifest of nothing.
    if earlier.is_some() || !manifest.outputs.is_empty() {
        outputs.push(Output {
            path: folder.join(manifest::FILE_NAME),
            bytes: manifest.to_json(),
        });
    }
    (outputs, warnings)
}

/// What `--emit typst` writes beside the PDFs `made`, by name in the
/// year's folder: each document's sources and, where there is any, the
/// fonts, so that the typst CLI can compile them wherever hfs-report was
/// installed (`--font-path fonts`).
fn emitted<'a>(made: &[(&'a Document, &Pdf, &str)]) -> Vec<(String, &'a [u8])> {
    let mut emitted: Vec<(String, &[u8])> = made
        .iter()
        .flat_map(|(doc, _, _)| doc.source.files.iter())
        .map(|(name, bytes)| (name.clone(), &bytes[..]))
        .collect();
    // Not for a year with no source to compile.
    if !emitted.is_empty() {
        emitted.extend(
            fonts::files_with_licences()
                .map(|(name, bytes)| (format!("{EMITTED_FONTS}/{name}"), bytes)),
        );
    }
    emitted
}

/// Lists in `manifest` what the documents a partial build keeps were made
/// from that this build did not read (the previous year's files of the
/// reports that an `--only plan` build leaves, the plan's template that
/// one of a region leaves), as the `earlier` build listed it: the files
/// still in the data or templates folder under that name, as they were (a
/// manifest of a version that named them otherwise gives none; a file
/// changed since is one only the documents left out read, or they would
/// not be kept).
fn carry_inputs_over(
    manifest: &mut Manifest,
    earlier: &Manifest,
    config: &BuildConfig,
    templates: &TemplateSource,
) {
    let carried = |now: &[manifest::Input], before: &[manifest::Input], folder: &Path| {
        before
            .iter()
            .filter(|input| !now.iter().any(|i| i.path == input.path))
            .filter(|input| {
                crate::regular_file::read(folder.join(&input.path))
                    .is_ok_and(|bytes| manifest::sha256(&bytes) == input.sha256)
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    let inputs = carried(&manifest.inputs, &earlier.inputs, &config.data);
    manifest.inputs.extend(inputs);
    if let Some((dir, _)) = templates.read_from_folder() {
        let templates = carried(&manifest.templates, &earlier.templates, &dir);
        manifest.templates.extend(templates);
    }
}

/// A warning for each document file in `folder` (a PDF or Typst source
/// named like the year's documents) that the manifest about to be written
/// does not list: left by an earlier build, it is not what this one made.
/// It stays, since the folder may hold what the user keeps there. Each
/// says why, as far as `earlier` (the manifest it replaces) and the plan
/// tell.
fn unlisted_documents(
    folder: &Path,
    of: &Year,
    manifest: &Manifest,
    earlier: Option<&Manifest>,
    outdated: &[String],
) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let here = Unlisted {
        folder,
        of,
        manifest,
        earlier,
    };
    // A folder is the user's, named so, unless it stands where a PDF goes.
    let mut unlisted: Vec<String> = entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| NamedLike::of(of.year, name).is_some() && !here.lists(name))
        .filter(|name| !outdated.contains(name))
        .filter(|name| !folder.join(name).is_dir() || here.a_build_makes(name))
        .collect();
    unlisted.sort();
    // A region's files that no build makes again (its PDF, and its source
    // of an earlier --emit typst) are named one by one; the other sources
    // together, below.
    let (sources, pdfs): (Vec<String>, Vec<String>) = unlisted
        .into_iter()
        .partition(|name| name.ends_with(".typ") && here.no_region(name).is_none());
    // The year's documents that neither this build nor the last listed:
    // left out of date by a narrowed build before the last, which said so
    // then. Together, as that build's warning did, and not called
    // obsolete: a build of the whole year makes them again.
    let (left_before, pdfs): (Vec<String>, Vec<String>) = pdfs.into_iter().partition(|name| {
        earlier.is_some()
            && here.written_so(name).is_none()
            && here.a_build_makes(name)
            && !folder.join(name).is_dir()
    });
    let mut warnings: Vec<Diagnostic> = pdfs.iter().map(|name| here.one_by_one(name)).collect();
    let shared = here.shared_emitted(!sources.is_empty());
    warnings.extend(here.logos_no_longer_named());
    warnings.extend(left_before_warning(folder, &left_before));
    warnings.extend(emitted_warning(folder, &sources, shared));
    warnings
}

/// A year's output folder, with the manifest about to be written into it
/// and the one it replaces: what can be said of a file there that the
/// new manifest does not list.
struct Unlisted<'a> {
    folder: &'a Path,
    of: &'a Year,
    manifest: &'a Manifest,
    earlier: Option<&'a Manifest>,
}

impl Unlisted<'_> {
    /// Whether the new manifest lists a file of this name.
    fn lists(&self, name: &str) -> bool {
        self.manifest.outputs.iter().any(|o| o.file == name)
    }

    /// Whether the new manifest lists a file of this name, or files in a
    /// folder of this name (`fonts`).
    fn lists_file_or_folder(&self, name: &str) -> bool {
        self.manifest.outputs.iter().any(|o| {
            o.file
                .strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// Whether a build of the year makes the report of this id.
    fn makes_report(&self, id: &str) -> bool {
        id == NETWORK_REPORT_ID
            || self
                .of
                .plan
                .plan
                .regions
                .iter()
                .any(|r| r.id.as_str() == id)
    }

    /// Whether a build of the year writes a PDF of this name: the plan,
    /// and the reports where the year has follow-up data.
    fn a_build_makes(&self, name: &str) -> bool {
        match NamedLike::of(self.of.year, name) {
            Some(NamedLike { like, pdf: true }) => match like {
                Like::Plan { exactly } => exactly,
                Like::Report(id) => self.of.followup.is_some() && self.makes_report(id),
            },
            _ => false,
        }
    }

    /// What the last build's manifest says of a file: not there (or no
    /// manifest), listed as it is now, or listed and changed since.
    fn written_so(&self, name: &str) -> Option<bool> {
        let written = self.earlier?.outputs.iter().find(|o| o.file == name)?;
        Some(
            crate::regular_file::read(self.folder.join(name))
                .is_ok_and(|now| manifest::sha256(&now) == written.sha256),
        )
    }

    /// The id in a region's report's name that no region of the plan has.
    /// A name no id could give (a file manager's `skane (1).pdf`) is a
    /// copy, not a region's report.
    fn no_region<'n>(&self, name: &'n str) -> Option<&'n str> {
        match NamedLike::of(self.of.year, name)?.like {
            Like::Report(id) if Id(id.to_string()).is_well_formed() && !self.makes_report(id) => {
                Some(id)
            }
            _ => None,
        }
    }

    /// The warning for a document's file named on its own: why no build
    /// listed it, as far as the manifests and the plan tell.
    fn one_by_one(&self, name: &str) -> Diagnostic {
        let (why, hint) = if let Some(id) = self.no_region(name) {
            (
                format!(
                    "no region in plan.yaml has the id '{}', so no build makes this file; it \
                     is left as it is",
                    shown(id)
                ),
                "remove it if it is obsolete",
            )
        } else if self.folder.join(name).is_dir() && self.a_build_makes(name) {
            (
                "is a folder where this year's PDF of that name goes; it is left as it is, \
                 and a build that makes the PDF stops there"
                    .to_string(),
                "move or remove the folder",
            )
        } else {
            match (self.earlier, self.written_so(name)) {
                (_, Some(false)) => (
                    "changed after the last build wrote it; this build did not make it again, \
                     so it is left as it is, no longer listed, and the next build that makes \
                     it replaces it without another warning"
                        .to_string(),
                    "keep a PDF you change by hand outside the output folder",
                ),
                (_, Some(true)) => (
                    "the last build made this file, and this one did not make it again; it is \
                     left as it is, no longer listed"
                        .to_string(),
                    "remove it if it is obsolete",
                ),
                (Some(_), None) => (
                    "this build neither made nor kept this file, and the last build did not \
                     list it either; it is left as it is"
                        .to_string(),
                    "remove it if it is obsolete",
                ),
                (None, None) => (
                    "this build did not make this file, and no manifest.json says which build \
                     did; it is left as it is"
                        .to_string(),
                    "remove it if it is obsolete",
                ),
            }
        };
        Diagnostic::warning(&self.folder.join(name), None, why).with_hint(hint)
    }

    /// The files `--emit typst` writes for every document (the style, the
    /// fonts, the logo) that are in the folder but that this build did not
    /// write, by name; `fonts/` as a folder. (An earlier build with
    /// `--emit typst` wrote them, most likely.)
    fn shared_emitted(&self, with_sources: bool) -> Vec<String> {
        let mut shared: Vec<String> = [STYLE_FILE, EMITTED_FONTS]
            .into_iter()
            .filter(|name| self.folder.join(name).exists() && !self.lists_file_or_folder(name))
            .map(|name| match name {
                EMITTED_FONTS => format!("{name}/"),
                _ => name.to_string(),
            })
            .collect();
        // Its logo: the one the plan names, with the others, found as they
        // are (beside what else such a build left: a file of that name
        // alone may be the user's). (By the name it is written under
        // beside the sources: the file's own name, without the folders
        // plan.yaml may name it in.)
        if let Some(logo) = &self.of.logo
            && (with_sources || !shared.is_empty())
            && !self.lists_file_or_folder(&logo.name)
            && self.folder.join(&logo.name).is_file()
        {
            shared.push(logo.name.clone());
        }
        shared
    }

    /// A warning for each logo an earlier `--emit typst` wrote that the
    /// plan no longer names: no build makes it again, and only the
    /// manifest of the build that wrote it says which file was the logo.
    fn logos_no_longer_named(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        let logo = self.of.logo.as_ref().map(|logo| &logo.name);
        self.earlier
            .into_iter()
            .flat_map(|m| &m.outputs)
            .map(|o| &o.file)
            .filter(|file| !file.ends_with(".pdf") && !file.ends_with(".typ"))
            .filter(|file| !file.starts_with(&format!("{EMITTED_FONTS}/")))
            .filter(move |file| Some(*file) != logo)
            .filter(|file| !self.lists_file_or_folder(file) && self.folder.join(file).is_file())
            .map(|file| {
                Diagnostic::warning(
                    &self.folder.join(file),
                    None,
                    "an earlier --emit typst wrote this logo, which plan.yaml no longer names; \
                     it is left as it is",
                )
                .with_hint("remove it if it is obsolete")
            })
    }
}

/// How many files a warning names before it counts the rest.
const NAMED: usize = 3;

/// The first [`NAMED`] of `names`, and how many more there are: "a.pdf,
/// b.pdf, c.pdf and 2 more".
fn first_named(names: &[String]) -> String {
    let named = names[..names.len().min(NAMED)].join(", ");
    match names.len().saturating_sub(NAMED) {
        0 => named,
        more => format!("{named} and {more} more"),
    }
}

/// The warning, if there are any, for the year's documents that neither
/// this build nor the last listed, named together.
fn left_before_warning(folder: &Path, left_before: &[String]) -> Option<Diagnostic> {
    let (them, are) = match left_before.len() {
        0 => return None,
        1 => ("it", "it is"),
        _ => ("them", "they are"),
    };
    Some(
        Diagnostic::warning(
            folder,
            None,
            format!(
                "{}: neither this build nor the last listed {them} (a narrowed build found \
                 {them} out of date, most likely); {are} left as {are}",
                first_named(left_before)
            ),
        )
        .with_hint(format!(
            "build the year without --only and --region to make {them} again"
        )),
    )
}

/// The warning, if there is anything to name, for what an earlier
/// `--emit typst` wrote that this build did not: the Typst `sources` of
/// the year's documents and the files they `shared`, in one warning
/// rather than a screenful.
fn emitted_warning(folder: &Path, sources: &[String], shared: Vec<String>) -> Option<Diagnostic> {
    let mut parts = match sources.len() {
        0 => Vec::new(),
        1 => vec![format!("the Typst source {}", first_named(sources))],
        n if n <= NAMED => vec![format!("the Typst sources {}", first_named(sources))],
        n => vec![format!("{n} Typst sources ({})", first_named(sources))],
    };
    parts.extend(shared);
    let one = parts.len() == 1 && sources.len() <= 1;
    let what = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    Some(
        Diagnostic::warning(
            folder,
            None,
            format!(
                "{what} {} not what this build made (of an earlier --emit typst, most likely); {}",
                if one { "is" } else { "are" },
                if one {
                    "it is left as it is"
                } else {
                    "they are left as they are"
                }
            ),
        )
        .with_hint(if one {
            "a build with --emit typst and without --only or --region makes it again; or remove it"
        } else {
            "a build with --emit typst and without --only or --region makes them again; or \
             remove them"
        }),
    )
}

/// What a partial build keeps listed of the documents it did not make
/// again (see [`not_built_again`]): those still made from what `now` read,
/// and apart the files of those that are not, with what changed for them.
/// The plan reads the year's plan.yaml and logo only, so changed follow-up
/// data leaves it listed; a follow-up report reads every input. Each kind
/// of document reads its own template, the templates that one names, and
/// the style ([`TemplateSource::read_by`]): a region's template is no
/// change to the plan or the network's report (a build of the plan alone,
/// then one of a region, read other templates, and neither changed). The
/// files `--emit typst` writes for every document are left by a change of
/// what they copy: the style, the tool (its fonts), the logo.
fn still_made_so(
    earlier: &Manifest,
    now: &Manifest,
    year: &Year,
    (data, templates): (&Path, &TemplateSource),
    folder: &Path,
    built: &[&Document],
) -> (Vec<OutputEntry>, Vec<String>, Vec<manifest::Change>) {
    let dir = templates.dir.as_deref();
    let mut changed = now.changed_since(earlier, data, dir);
    // What the plan reads: plan.yaml and the logo.
    let logo = year.plan.plan.network.logo.as_ref();
    let logo = logo.map(|logo| manifest::input_path(&year.folder.join(logo), data));
    let plan_file = manifest::input_path(&year.plan.path, data);
    // The templates each kind reads (all of them, where a tag names one by
    // an expression).
    let [plan_templates, region_templates, network_templates] =
        [PLAN_TEMPLATE, REGION_TEMPLATE, NETWORK_TEMPLATE].map(|root| templates.read_by(root));
    // A template a tag names that was not there (`ignore missing`) is
    // listed by no manifest: come since, it is a change all the same.
    let appeared: BTreeSet<&String> = [&plan_templates, &region_templates, &network_templates]
        .into_iter()
        .flatten()
        .flatten()
        .filter(|name| templates.gives(name))
        .filter(|name| {
            let listed = |m: &Manifest| m.templates.iter().any(|t| t.path == **name);
            !listed(earlier) && !listed(now)
        })
        .collect();
    changed.extend(
        appeared
            .into_iter()
            .map(|name| manifest::Change::Template(name.clone())),
    );
    let affects = |kind: Made, change: &manifest::Change| {
        let reads = |read: &Option<BTreeSet<String>>, name: &String| {
            read.as_ref().is_none_or(|read| read.contains(name))
        };
        match (kind, change) {
            (_, manifest::Change::Tool { .. }) => true,
            (Made::Plan, manifest::Change::Input(path)) => {
                *path == plan_file || Some(path) == logo.as_ref()
            }
            (Made::Region | Made::Network, manifest::Change::Input(_)) => true,
            (Made::Plan, manifest::Change::Template(name)) => reads(&plan_templates, name),
            (Made::Region, manifest::Change::Template(name)) => reads(&region_templates, name),
            (Made::Network, manifest::Change::Template(name)) => reads(&network_templates, name),
            // The style, fonts and logo --emit typst writes beside the
            // sources are copies of the style, the tool's fonts and the
            // year's logo.
            (Made::Shared, manifest::Change::Template(name)) => name == STYLE_FILE,
            (Made::Shared, manifest::Change::Input(path)) => Some(path) == logo.as_ref(),
        }
    };
    let made = |entry: &OutputEntry| Made::of(year.year, &entry.file);
    let (kept, outdated): (Vec<OutputEntry>, Vec<OutputEntry>) =
        not_built_again(earlier, folder, built)
            .into_iter()
            .partition(|entry| !changed.iter().any(|change| affects(made(entry), change)));
    // The changes the warning names: those that left a document outdated
    // (the previous year's files, which a build of the plan alone does not
    // read, are no change to the plan; the plan's template none to a
    // report).
    let changed = changed
        .into_iter()
        .filter(|change| outdated.iter().any(|entry| affects(made(entry), change)))
        .collect();
    let outdated = outdated.into_iter().map(|entry| entry.file).collect();
    (kept, outdated, changed)
}

/// Which document a file the manifest lists was made for, by what it
/// reads: the plan, a region's report, the network's report, or all of
/// them (the style, fonts and logo `--emit typst` writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Made {
    Plan,
    Region,
    Network,
    Shared,
}

impl Made {
    /// Which document `file`, of `year`'s folder, was made for, by its name.
    fn of(year: i32, file: &str) -> Self {
        match NamedLike::of(year, file).map(|named| named.like) {
            Some(Like::Plan { exactly: true }) => Self::Plan,
            Some(Like::Report(NETWORK_REPORT_ID)) => Self::Network,
            Some(Like::Report(_)) => Self::Region,
            Some(Like::Plan { exactly: false }) | None => Self::Shared,
        }
    }
}

/// The warning for a PDF (or an emitted file) at `path` that was changed
/// after the last build wrote it, and that this build makes again:
/// nothing in the folder is replaced without a word.
pub(super) fn replaced_warning(path: &Path) -> Diagnostic {
    let what = if path.extension().is_some_and(|e| e == "pdf") {
        "a PDF"
    } else {
        "a file"
    };
    Diagnostic::warning(
        path,
        None,
        "changed since the last build wrote it; this build replaces it",
    )
    .with_hint(format!(
        "keep {what} you change by hand outside the output folder"
    ))
}

/// The warning for the documents a partial build left (`outdated`, files
/// in `folder`) that were made from other sources than it read
/// (`changed`, see [`Manifest::changed_since`]).
fn outdated_warning(
    folder: &Path,
    outdated: &[String],
    changed: &[manifest::Change],
) -> Option<Diagnostic> {
    let documents = outdated.iter().filter(|f| f.ends_with(".pdf")).count();
    let first = changed.first()?;
    let more = match changed.len() - 1 {
        0 => String::new(),
        1 => " and 1 more".to_string(),
        n => format!(" and {n} more"),
    };
    let (count, were, they_are, them) = match documents {
        0 => return None,
        1 => ("1 document".to_string(), "was", "it is", "it"),
        n => (format!("{n} documents"), "were", "they are", "them"),
    };
    Some(
        Diagnostic::warning(
            folder,
            None,
            format!(
                "{count} this build left {were} made before {first}{more} changed; {they_are} \
                 left as {they_are} and no longer listed in {}",
                manifest::FILE_NAME
            ),
        )
        .with_hint(format!(
            "build the year without --only and --region to bring {them} up to date"
        )),
    )
}

/// What a partial build (`--only`, `--region`) keeps of the year's earlier
/// manifest: the entries of the documents it did not make again, and of
/// files emitted beside them, while each is in `folder` as written.
fn not_built_again(earlier: &Manifest, folder: &Path, built: &[&Document]) -> Vec<OutputEntry> {
    // A document's PDF and its emitted Typst source share a stem.
    let stem = |file: &str| {
        file.rsplit_once('.')
            .map_or(file, |(stem, _)| stem)
            .to_string()
    };
    let built: Vec<String> = built.iter().map(|d| d.stem.to_string()).collect();
    earlier.still_in(folder, |file| {
        file != manifest::FILE_NAME && !built.contains(&stem(file))
    })
}
