//! The network's logo: a file inside the year folder, named as it is.

use std::path::{Path, PathBuf};

use crate::diag::suggest;
use crate::load::locate::YamlPath;
use crate::model::Plan;

use super::Checker;

impl Checker<'_> {
    /// The logo is an svg or png inside the year folder.
    pub(super) fn logo(&mut self, plan: &Plan) {
        let Some(logo) = &plan.network.logo else {
            return;
        };
        let path = YamlPath::root().key("network").key("logo");
        let relative = Path::new(logo);
        let escapes = relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if escapes {
            let message = format!(
                "key 'network.logo' is '{logo}', expected a file name inside the year folder"
            );
            // `./logo.svg` is inside it, but names it otherwise than the
            // documents and the manifest do.
            let plain: PathBuf = relative
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect();
            let only_here = relative.components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
            if only_here && !plain.as_os_str().is_empty() {
                let message = format!(
                    "key 'network.logo' is '{logo}', expected a path from the year folder, \
                     without './'"
                );
                let hint = format!("write '{}'", plain.display());
                self.error_at_with_hint(&path, message, &hint);
            } else {
                self.error_at(&path, message);
            }
            return;
        }
        let extension = relative
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        if !matches!(extension.as_deref(), Some("svg" | "png")) {
            self.error_at(
                &path,
                format!("key 'network.logo' is '{logo}', expected an .svg or .png file"),
            );
            return;
        }
        let folder = self.path().parent().unwrap_or(Path::new("."));
        // Something there that is not a file (a folder, a pipe, a link to
        // nothing) is named as what it is when the logo is read.
        if std::fs::symlink_metadata(folder.join(relative)).is_err() {
            let message = format!(
                "key 'network.logo' is '{logo}', but there is no such file in {}",
                folder.display()
            );
            // Windows writes 'bilder\logo.svg'; the path is read as on
            // every system, with '/'.
            let slashed = logo.replace('\\', "/");
            if slashed != logo.as_str() && folder.join(&slashed).is_file() {
                self.error_at_with_hint(&path, message, &format!("write '{slashed}', with '/'"));
            } else if logo.contains('\\') {
                self.error_at_with_hint(&path, message, "separate folders with '/', not '\\'");
            } else if let Some(near) = path_named_almost(folder, relative) {
                // 'Logo.SVG' for 'logo.svg': the file names of a server
                // tell letter cases apart, Windows' do not.
                let near = near.to_string_lossy().replace('\\', "/");
                self.error_at_with_hint(&path, message, &format!("did you mean '{near}'?"));
            } else {
                self.error_at(&path, message);
            }
        }
    }
}

/// The path inside `folder` of a file named almost like `relative`: its
/// folders in another letter case (`Bilder/logo.png` for
/// `bilder/logo.png`), its name in another case or almost ('logo.svg' for
/// 'Logo.SVG' or 'logga.svg'), if there is one.
fn path_named_almost(folder: &Path, relative: &Path) -> Option<PathBuf> {
    let entries = |dir: &Path, folders: bool| -> Vec<String> {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir() == folders))
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect()
    };
    let same_letters = |names: &[String], wanted: &str| {
        names
            .iter()
            .find(|name| name.to_lowercase() == wanted.to_lowercase())
            .cloned()
    };
    let mut found = PathBuf::new();
    let parts: Vec<&str> = relative.iter().filter_map(|part| part.to_str()).collect();
    let (name, folders) = parts.split_last()?;
    for part in folders {
        let here = folder.join(&found);
        let part = if here.join(part).is_dir() {
            part.to_string()
        } else {
            same_letters(&entries(&here, true), part)?
        };
        found.push(part);
    }
    let files = entries(&folder.join(&found), false);
    let name = same_letters(&files, name)
        .or_else(|| suggest(name, files.iter().map(String::as_str)).map(str::to_string))?;
    found.push(name);
    Some(found)
}
