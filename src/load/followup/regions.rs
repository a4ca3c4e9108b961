//! The names a CSV file may give a region: its id, its name (with or
//! without "Region", in any letter case) or its county code.

use unicode_normalization::UnicodeNormalization;

use crate::diag::suggest;
use crate::model::Region;

/// The regions by the names a CSV file may give them: id, name or code,
/// in any letter case and with or without the word "Region".
pub(crate) struct RegionNames<'a> {
    /// Each region's index under each of its normalised names.
    names: Vec<(String, usize)>,
    /// The regions.
    regions: &'a [Region],
}

impl<'a> RegionNames<'a> {
    /// Indexes the regions of the plan.
    pub(crate) fn new(regions: &'a [Region]) -> Self {
        let names = regions
            .iter()
            .enumerate()
            .flat_map(|(index, region)| {
                region_names(region).map(move |(_, name)| (region_key(name), index))
            })
            .collect();
        Self { names, regions }
    }

    /// The regions (by index) a cell names: one, unless the plan gives two
    /// regions one name.
    pub(crate) fn find(&self, text: &str) -> Vec<usize> {
        let key = region_key(text);
        if key.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<usize> = self
            .names
            .iter()
            .filter(|(name, _)| *name == key)
            .map(|(_, index)| *index)
            .collect();
        if found.is_empty()
            && let Ok(number) = key.parse::<u32>()
        {
            // Excel drops the leading zero of a code such as "03" when it
            // opens a file.
            found = (0..self.regions.len())
                .filter(|&index| code_number(&self.regions[index]) == Some(number))
                .collect();
        }
        found.dedup();
        found
    }

    /// The region of index `index`.
    pub(crate) fn get(&self, index: usize) -> Option<&'a Region> {
        self.regions.get(index)
    }

    /// The region of id `id`.
    pub(crate) fn by_id(&self, id: &str) -> Option<&'a Region> {
        self.regions.iter().find(|region| region.id.as_str() == id)
    }

    /// The region whose name or id is closest to `text`, when one is close.
    pub(crate) fn suggest(&self, text: &str) -> Option<&'a Region> {
        let key = region_key(text);
        let close =
            suggest(&key, self.names.iter().map(|(name, _)| name.as_str())).or_else(|| {
                suggest(
                    &fold(&key),
                    self.names.iter().map(|(name, _)| name.as_str()),
                )
            })?;
        self.names
            .iter()
            .find(|(name, _)| name == close)
            .map(|(_, index)| &self.regions[*index])
    }
}

/// The names a CSV file may give a region by, each with its key in
/// plan.yaml: its id, name and code.
pub fn region_names(region: &Region) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("id", Some(region.id.as_str())),
        ("name", Some(region.name.as_str())),
        ("code", region.code.as_deref()),
    ]
    .into_iter()
    .filter_map(|(key, name)| Some((key, name?)))
}

/// A region's code as a number, as Excel reads it ("03" as 3).
fn code_number(region: &Region) -> Option<u32> {
    region.code.as_deref()?.trim().parse().ok()
}

/// A region reference as compared: letters composed with their marks (a
/// Mac may write `ä` as `a` and U+0308), lower case, `-` as a space, the
/// word "region" left out.
pub fn region_key(text: &str) -> String {
    let lower = text
        .nfc()
        .collect::<String>()
        .to_lowercase()
        .replace('-', " ");
    lower
        .split_whitespace()
        .filter(|word| *word != "region")
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text with Swedish letters as plain ones (å, ä → a, ö → o, é → e), as ids write them.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            other => other,
        })
        .collect()
}
