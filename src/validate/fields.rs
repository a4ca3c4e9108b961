//! Where the plan's texts are: every prose field, every one-line field,
//! the names printed where room is short, and every text of all, each with
//! its path for the messages.

use crate::load::locate::YamlPath;
use crate::model::{Line, Markdown, Plan};

/// Every text in a serialised plan, with its path (mapping keys included,
/// at the path of the value they name).
pub(super) fn collect_texts<'v>(
    value: &'v serde_json::Value,
    path: YamlPath,
    out: &mut Vec<(YamlPath, &'v str)>,
) {
    match value {
        serde_json::Value::String(text) => out.push((path, text)),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_texts(item, path.index(i), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let child = path.key(key);
                out.push((child.clone(), key));
                collect_texts(item, child, out);
            }
        }
        _ => {}
    }
}

/// Every prose (Markdown) field of the plan, with its path.
pub(super) fn prose_fields(plan: &Plan) -> Vec<(YamlPath, &Markdown)> {
    let root = YamlPath::root();
    let mut fields: Vec<(YamlPath, &Markdown)> = vec![
        (root.key("about"), &plan.about),
        (root.key("mission"), &plan.mission),
        (
            root.key("vision").key("explanation"),
            &plan.vision.explanation,
        ),
        (root.key("situation").key("intro"), &plan.situation.intro),
        (root.key("strategies").key("intro"), &plan.strategies.intro),
        (
            root.key("focus_areas").key("intro"),
            &plan.focus_areas.intro,
        ),
        (
            root.key("action_plan").key("intro"),
            &plan.action_plan.intro,
        ),
    ];
    for (i, p) in plan.perspectives.iter().enumerate() {
        fields.push((
            root.key("perspectives").index(i).key("description"),
            &p.description,
        ));
    }
    for (list, entries) in [
        ("opportunities", &plan.situation.opportunities),
        ("challenges", &plan.situation.challenges),
    ] {
        for (key, items) in entries {
            for (i, item) in items.iter().enumerate() {
                let path = root.key("situation").key(list).key(key.as_str()).index(i);
                fields.push((path, item));
            }
        }
    }
    for (i, s) in plan.strategies.items.iter().enumerate() {
        fields.push((
            root.key("strategies").key("items").index(i).key("text"),
            &s.text,
        ));
    }
    for (i, f) in plan.focus_areas.items.iter().enumerate() {
        let path = root
            .key("focus_areas")
            .key("items")
            .index(i)
            .key("follow_up");
        fields.push((path, &f.follow_up));
    }
    for (i, a) in plan.action_plan.activities.iter().enumerate() {
        let path = root
            .key("action_plan")
            .key("activities")
            .index(i)
            .key("text");
        fields.push((path, &a.text));
    }
    fields
}

/// Every one-line text field of the plan (names, titles, table cells), with its path.
pub(super) fn line_fields(plan: &Plan) -> Vec<(YamlPath, &Line)> {
    let root = YamlPath::root();
    let network = root.key("network");
    let organisation = root.key("organisation");
    let mut fields: Vec<(YamlPath, &Line)> = vec![
        (network.key("name"), &plan.network.name),
        (network.key("short_name"), &plan.network.short_name),
        (network.key("parent"), &plan.network.parent),
        (
            organisation.key("secretariat"),
            &plan.organisation.secretariat,
        ),
        (
            organisation.key("coordinator"),
            &plan.organisation.coordinator,
        ),
        (organisation.key("committee"), &plan.organisation.committee),
        (
            organisation.key("process_leaders"),
            &plan.organisation.process_leaders,
        ),
        (root.key("vision").key("statement"), &plan.vision.statement),
    ];
    for (i, group) in plan.organisation.theme_groups.iter().enumerate() {
        fields.push((organisation.key("theme_groups").index(i), group));
    }
    for (i, region) in plan.regions.iter().enumerate() {
        fields.push((root.key("regions").index(i).key("name"), &region.name));
    }
    for (i, p) in plan.perspectives.iter().enumerate() {
        fields.push((root.key("perspectives").index(i).key("name"), &p.name));
    }
    for (i, s) in plan.strategies.items.iter().enumerate() {
        let path = root.key("strategies").key("items").index(i).key("title");
        fields.push((path, &s.title));
    }
    for (i, f) in plan.focus_areas.items.iter().enumerate() {
        let path = root.key("focus_areas").key("items").index(i).key("title");
        fields.push((path, &f.title));
    }
    for (i, a) in plan.action_plan.activities.iter().enumerate() {
        let at = root.key("action_plan").key("activities").index(i);
        fields.push((at.key("responsible"), &a.responsible));
        fields.push((at.key("timeline"), &a.timeline));
    }
    for (i, indicator) in plan.indicators.iter().enumerate() {
        let at = root.key("indicators").index(i);
        fields.push((at.key("text"), &indicator.text));
        if let Some(section) = &indicator.section {
            fields.push((at.key("section"), section));
        }
        if let Some(unit) = &indicator.unit {
            fields.push((at.key("unit"), unit));
        }
    }
    fields
}

/// The names printed where room is short, with their paths and where that
/// is: the running header (the network's, each region's) and the boxes of
/// the organisation chart.
pub(super) fn short_names(plan: &Plan) -> Vec<(YamlPath, &Line, &'static str)> {
    const HEADER: &str = "it is printed in the header of every page";
    const CHART: &str = "it is printed in the organisation chart";
    let root = YamlPath::root();
    let organisation = root.key("organisation");
    let chart = &plan.organisation;
    let mut names = vec![(root.key("network").key("name"), &plan.network.name, HEADER)];
    for (i, region) in plan.regions.iter().enumerate() {
        names.push((
            root.key("regions").index(i).key("name"),
            &region.name,
            HEADER,
        ));
    }
    for (key, name) in [
        ("committee", &chart.committee),
        ("secretariat", &chart.secretariat),
        ("coordinator", &chart.coordinator),
        ("process_leaders", &chart.process_leaders),
    ] {
        names.push((organisation.key(key), name, CHART));
    }
    for (i, group) in chart.theme_groups.iter().enumerate() {
        names.push((organisation.key("theme_groups").index(i), group, CHART));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use crate::load::plan::PlanFile;

    /// Every text of the bundled 2024 plan, by path.
    fn bundled_texts() -> (PlanFile, Vec<YamlPath>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/2024/plan.yaml");
        let (file, diagnostics) = crate::load::plan::load_plan(&path);
        let file = file.unwrap_or_else(|| panic!("{diagnostics}"));
        let tree = serde_json::to_value(&file.plan).expect("a plan serialises");
        let mut paths = Vec::new();
        string_values(&tree, YamlPath::root(), &mut paths);
        (file, paths)
    }

    /// The path of every string value (not key) in `value`.
    fn string_values(value: &serde_json::Value, path: YamlPath, out: &mut Vec<YamlPath>) {
        match value {
            serde_json::Value::String(_) => out.push(path),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    string_values(item, path.index(i), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    string_values(item, path.key(key), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_printed_text_is_either_prose_or_one_line() {
        // A text field added to the model must be put in one of the two
        // lists, or its blank and multi-line values would go unchecked.
        let (file, paths) = bundled_texts();
        let prose: Vec<YamlPath> = prose_fields(&file.plan)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let lines: Vec<YamlPath> = line_fields(&file.plan)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        // Ids, references, words from a fixed list, the date, the logo's
        // file name and the county code are checked on their own.
        let not_text = [
            "id",
            "focus_area",
            "perspective",
            "language",
            "status",
            "kind",
            "approved_on",
            "logo",
            "code",
        ];
        let unclassified: Vec<String> = paths
            .iter()
            .filter(|p| !prose.contains(p) && !lines.contains(p))
            .filter(|p| !p.last_key().is_some_and(|k| not_text.contains(&k)))
            .map(ToString::to_string)
            .collect();
        assert_eq!(unclassified, Vec::<String>::new());
        assert!(prose.iter().all(|p| !lines.contains(p)));
        assert!(lines.len() > 40, "{}", lines.len());
    }
}
