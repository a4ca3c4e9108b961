//! The names a CSV file may give a region: its id, its name (with or
//! without "Region", in any letter case) or its county code.

use unicode_normalization::UnicodeNormalization;

use crate::diag::fold;
use std::collections::HashMap;

use crate::model::{Id, Region};

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

    /// The region `text` most likely names by a slip: the one whose id or
    /// name (as compared by [`region_key`], å, ä, ö as a, a, o), or the
    /// first words of it (`Jämtland` of Jämtland Härjedalen), is at most
    /// one letter off (typed wrong, left out, added, or two swapped), also
    /// when `text` names it as a county (`Gävleborgs län`). Only where one
    /// region is: a guess files a region's answers under another's, and a
    /// province, county or town that is no member is often named much
    /// like one (`Gotland` and `Östergötland`, `Västergötland` and
    /// `Östergötland`, `Norrland` and `Norrbotten`). Never for a code,
    /// which differs from another by a digit.
    pub(crate) fn suggest(&self, text: &str) -> Option<&'a Region> {
        let is_number = |key: &str| key.chars().all(|c| c.is_ascii_digit() || c == ' ');
        let key = fold(&region_key(text));
        if is_number(&key) {
            return None;
        }
        let county = key
            .strip_suffix(" lan")
            .map(|name| name.strip_suffix('s').unwrap_or(name));
        let joined = |text: &str| text.replace(' ', "");
        // Sweden's three lands name no region: a name as near one of them
        // as to a member's is no typo of the member's (`Götaland` and
        // `Götalnd` are not Gotland; `Gotlands län` is).
        let written: Vec<(&str, usize)> = [Some(key.as_str()), county]
            .into_iter()
            .flatten()
            .map(|written| {
                let from_a_land = ["gotaland", "svealand", "norrland"]
                    .iter()
                    .map(|land| strsim::osa_distance(&joined(written), land))
                    .min()
                    .unwrap_or(usize::MAX);
                (written, from_a_land)
            })
            .collect();
        let close = |name: &str| {
            written.iter().any(|&(written, from_a_land)| {
                // The name cut to as many words as written; or the whole,
                // a space left out or typed wrong (`vastragotaland`).
                let words = written.split(' ').count();
                let start: Vec<&str> = name.split(' ').take(words).collect();
                let off = strsim::osa_distance(written, &start.join(" "))
                    .min(strsim::osa_distance(&joined(written), &joined(name)));
                off <= 1 && off < from_a_land
            })
        };
        let mut found: Vec<usize> = self
            .names
            .iter()
            .filter(|(name, _)| !is_number(name) && close(&fold(name)))
            .map(|(_, index)| *index)
            .collect();
        found.sort_unstable();
        found.dedup();
        match found.as_slice() {
            [one] => self.regions.get(*one),
            _ => None,
        }
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
        .replace(['-', '_'], " ");
    lower
        .split_whitespace()
        .filter(|word| *word != "region")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each region of `then` (the year before's) with its id among `now`
/// (this year's regions): the same id, or, where the id was changed (`uppsala` to
/// `uppsala-lan`), the region of the same code, or else of the same name,
/// that no region of `then` has by its id. One region each: a region of
/// `now` that two of `then` would be (two merged into one) is neither's,
/// so that no report shows another region's values as its own.
pub fn same_regions(then: &[Region], now: &[Region]) -> HashMap<Id, Id> {
    let by_id = |id: &Id| now.iter().find(|region| region.id == *id);
    let free: Vec<&Region> = now
        .iter()
        .filter(|region| !then.iter().any(|old| old.id == region.id))
        .collect();
    let renamed: Vec<(&Id, &Id)> = then
        .iter()
        .filter(|old| by_id(&old.id).is_none())
        .filter_map(|old| {
            let code = old.code.as_deref().map(str::trim);
            let name = region_key(old.name.as_str());
            let new = free
                .iter()
                .find(|region| code.is_some() && region.code.as_deref().map(str::trim) == code)
                .or_else(|| {
                    free.iter()
                        .find(|region| region_key(region.name.as_str()) == name)
                })?;
            Some((&old.id, &new.id))
        })
        .collect();
    let claimed_once = |new: &Id| renamed.iter().filter(|(_, id)| *id == new).count() == 1;
    then.iter()
        .filter_map(|old| by_id(&old.id).map(|new| (old.id.clone(), new.id.clone())))
        .chain(
            renamed
                .iter()
                .filter(|(_, new)| claimed_once(new))
                .map(|(old, new)| ((*old).clone(), (*new).clone())),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Line;

    fn region(id: &str, name: &str, code: Option<&str>) -> Region {
        Region {
            id: Id(id.into()),
            name: Line::new(name),
            code: code.map(str::to_string),
        }
    }

    fn pairs(map: HashMap<Id, Id>) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> =
            map.into_iter().map(|(old, new)| (old.0, new.0)).collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn suggests_a_region_only_where_its_name_begins_alike() {
        let regions = [
            region("ostergotland", "Region Östergötland", Some("05")),
            region("sormland", "Region Sörmland", Some("04")),
            region("gavleborg", "Region Gävleborg", Some("21")),
            region("gotland", "Region Gotland", Some("09")),
        ];
        let names = RegionNames::new(&regions);
        let meant = |text| names.suggest(text).map(|r| r.id.as_str());
        // Counties and towns that are no member: another's answers.
        for other in [
            "Norrland",
            "Norrköping",
            "Östersund",
            "Söderköping",
            "Väst",
            "Västergötland",
            "Österbotten",
            "Götaland",
            "Göta land",
            "Götalands län",
            "Götalnd",
            "Gottland",
            "21 1",
            "22",
        ] {
            assert_eq!(meant(other), None, "{other}");
        }
        // Slips: a letter wrong, missing, added or swapped, the first too.
        for (slip, id) in [
            ("Gävleborgs län", "gavleborg"),
            ("Östegötland", "ostergotland"),
            ("Sormlnad", "sormland"),
            ("Ösörmland", "sormland"),
            ("Gävelborg", "gavleborg"),
            ("Ävleborg", "gavleborg"),
            ("Region Östergötlands län", "ostergotland"),
            ("Sörmlands län", "sormland"),
            ("Gotlands län", "gotland"),
            ("Götland", "gotland"),
            ("Ostergotland", "ostergotland"),
            ("östergöt-land", "ostergotland"),
        ] {
            assert_eq!(meant(slip), Some(id), "{slip}");
        }
    }

    #[test]
    fn a_region_is_the_same_by_id_else_by_code_else_by_name_and_one_each() {
        let then = [
            region("uppsala", "Region Uppsala", Some("03")),
            region("norrland", "Region Norrland", None),
            region("kalmar", "Region Kalmar län", Some("08")),
            region("blekinge", "Region Blekinge", Some("10")),
            region("gotland", "Region Gotland", Some("09")),
        ];
        let now = [
            region("uppsala-lan", "Region Uppsala län", Some("03")),
            region("norrbotten", "region norrland", None),
            // Kalmar's name and Blekinge's code: two regions in one.
            region("sydost", "Region Kalmar län", Some("10")),
            region("gotland", "Region Gotland", Some("09")),
        ];
        assert_eq!(
            pairs(same_regions(&then, &now)),
            [
                ("gotland".into(), "gotland".into()),
                ("norrland".into(), "norrbotten".into()),
                ("uppsala".into(), "uppsala-lan".into()),
            ]
        );
    }
}
