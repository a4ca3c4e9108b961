//! What the annual plan's template sees: the plan, its labels, and what is
//! derived from it (counts, sentences, activities grouped by focus area).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Activity, FocusArea, Id, Line, Markdown, Perspective, Plan, Status};
use crate::render::draft_mark::DraftMark;
use crate::render::fit::{Extent, Width, may_not_fit_a_page};
use crate::render::labels::{self, Labels, Plural, fill};

/// The context of `verksamhetsplan.typ.j2`.
#[derive(Debug, Serialize)]
pub struct PlanView<'a> {
    /// The plan as loaded.
    pub plan: &'a Plan,
    /// The language code, read by the narrow columns' filters (`in_column`,
    /// `md_in_column`) and the style's `hfs-document(lang:)`.
    pub lang: &'static str,
    /// The fixed texts.
    pub labels: &'static Labels,
    /// The document title, e.g. "Verksamhetsplan 2024".
    pub title: String,
    /// For a draft, the mark every page shows (UTKAST); none once approved.
    pub draft: Option<DraftMark>,
    /// The cover's status line: the draft notice or the approval date.
    pub status_line: String,
    /// The logo's file name in the document's folder, if any.
    pub logo: Option<String>,
    /// Sentences and headings that hold counts or names.
    pub text: DerivedText,
    /// The perspectives with their opportunities and challenges.
    pub perspectives: Vec<PerspectiveView<'a>>,
    /// The focus areas with their activities.
    pub areas: Vec<AreaView<'a>>,
}

/// Sentences and headings built from labels and counts.
#[derive(Debug, Serialize)]
pub struct DerivedText {
    /// "HFS-nätverket består idag av 19 regioner ...".
    pub members: String,
    /// "HFS-nätverket verkar inom fyra perspektiv."
    pub perspectives: String,
    /// The organisation chart's text alternative.
    pub chart_alt: String,
    /// "medlemsregioner" under the chart's count of regions.
    pub regions_label: &'static str,
    /// "temagrupper" under the chart's count of theme groups.
    pub groups_label: &'static str,
    /// "De viktigaste möjligheterna ...".
    pub opportunities: String,
    /// "De viktigaste utmaningarna ...".
    pub challenges: String,
    /// "Fokusområden för 2024".
    pub focus_areas: String,
    /// "Handlingsplan 2024".
    pub action_plan: String,
    /// The number of member regions, as digits.
    pub region_count: usize,
    /// The number of theme groups, as digits.
    pub theme_group_count: usize,
    /// Whether the theme groups' names might not fit in the organisation
    /// chart on one page (see [`may_not_fit_a_page`]).
    pub theme_groups_long: bool,
}

/// A perspective and what the situation analysis lists under it.
#[derive(Debug, Serialize)]
pub struct PerspectiveView<'a> {
    /// The perspective's name.
    pub name: &'a str,
    /// What it means.
    pub description: &'a Markdown,
    /// Its opportunities.
    pub opportunities: &'a [Markdown],
    /// Its challenges.
    pub challenges: &'a [Markdown],
}

/// A focus area, the name of its perspective, and its activities.
#[derive(Debug, Serialize)]
pub struct AreaView<'a> {
    /// The focus area.
    pub area: &'a FocusArea,
    /// The perspective's name in lower case for "(patientperspektivet)".
    pub perspective: String,
    /// The area's activities, in plan order.
    pub activities: Vec<ActivityView<'a>>,
    /// The table's first cell: the title with its perspective, "Titel
    /// (perspektivet)", one text, so that a word glued to the brackets is
    /// measured with them.
    pub title_cell: String,
    /// The extent of the table's first cell.
    pub title_extent: Option<Extent>,
    /// The extent of the follow-up cell.
    pub follow_up_extent: Option<Extent>,
}

/// An activity of the action-plan table.
#[derive(Debug, Serialize)]
pub struct ActivityView<'a> {
    /// The activity as the plan gives it.
    #[serde(flatten)]
    pub activity: &'a Activity,
    /// Whether its row might be too tall for a page (see [`may_not_fit_a_page`]).
    pub long: bool,
    /// The extents of its cells: the text, who is responsible, the timeline.
    pub extents: [Option<Extent>; 3],
}

impl<'a> PlanView<'a> {
    /// Derives the view of a validated plan; `logo` is the logo's name beside the document.
    pub fn new(plan: &'a Plan, logo: Option<String>) -> Self {
        let labels = labels::labels(plan.language);
        Self {
            plan,
            lang: plan.language.code(),
            labels,
            title: format!("{} {}", labels.plan_title, plan.year),
            draft: (plan.status == Status::Draft).then(|| DraftMark::of(labels.draft)),
            status_line: status_line(plan, labels),
            logo,
            text: DerivedText::of(plan, labels),
            perspectives: plan
                .perspectives
                .iter()
                .map(|perspective| PerspectiveView::of(plan, perspective))
                .collect(),
            areas: plan
                .focus_areas
                .items
                .iter()
                .map(|area| AreaView::of(plan, area))
                .collect(),
        }
    }
}

/// The cover's status line: the approval date, or the draft notice.
fn status_line(plan: &Plan, labels: &Labels) -> String {
    match (plan.status, plan.approval_date()) {
        (Status::Approved, Some(date)) => fill(
            labels.approved_at,
            &[("date", &labels::long_date(date, plan.language))],
        ),
        _ => labels.draft_notice.to_string(),
    }
}

impl DerivedText {
    /// The sentences and headings built from `plan`, in its language's `labels`.
    fn of(plan: &Plan, labels: &'static Labels) -> Self {
        let lang = plan.language;
        let short = plan.network.short_name.as_str();
        let year = plan.year.to_string();
        let regions = plan.regions.len();
        let groups = plan.organisation.theme_groups.len();
        let org = &plan.organisation;
        let group_list = org
            .theme_groups
            .iter()
            .map(Line::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        // "19 regioner", "tolv temagrupper": a count with its noun, the
        // count in words (`labels::count`) or in digits.
        let phrase =
            |form: &Plural, n: usize, count: String| fill(form.of(n), &[("count", &count)]);
        let perspectives = plan.perspectives.len();
        Self {
            members: fill(
                labels.members_sentence,
                &[
                    ("short", short),
                    (
                        "regions",
                        &phrase(
                            &labels.regions_phrase,
                            regions,
                            labels::count(regions, lang),
                        ),
                    ),
                    (
                        "groups",
                        &phrase(&labels.groups_phrase, groups, labels::count(groups, lang)),
                    ),
                ],
            ),
            perspectives: fill(
                labels.perspectives_sentence.of(perspectives),
                &[
                    ("short", short),
                    ("count", &labels::count(perspectives, lang)),
                ],
            ),
            chart_alt: fill(
                labels.chart_alt,
                &[
                    ("committee", &org.committee),
                    ("secretariat", &org.secretariat),
                    // Inside a sentence; an abbreviation or a person's
                    // name in it stays as written.
                    ("coordinator", &lowercase_first(&org.coordinator)),
                    ("process_leaders", &org.process_leaders),
                    (
                        "regions",
                        &phrase(&labels.regions_phrase, regions, regions.to_string()),
                    ),
                    (
                        "groups",
                        &phrase(&labels.groups_phrase, groups, groups.to_string()),
                    ),
                    ("group_list", &group_list),
                ],
            ),
            regions_label: labels.chart_regions.of(regions),
            groups_label: labels.chart_theme_groups.of(groups),
            opportunities: fill(labels.opportunities, &[("short", short)]),
            challenges: fill(labels.challenges, &[("short", short)]),
            focus_areas: fill(labels.focus_areas, &[("year", &year)]),
            action_plan: fill(labels.action_plan, &[("year", &year)]),
            region_count: regions,
            theme_group_count: groups,
            theme_groups_long: may_not_fit_a_page(&group_list, Width::Cell),
        }
    }
}

impl<'a> PerspectiveView<'a> {
    /// `perspective` with its opportunities and challenges from `plan`.
    fn of(plan: &'a Plan, perspective: &'a Perspective) -> Self {
        let listed = |lists: &'a BTreeMap<Id, Vec<Markdown>>| {
            lists.get(&perspective.id).map_or(&[][..], Vec::as_slice)
        };
        Self {
            name: &perspective.name,
            description: &perspective.description,
            opportunities: listed(&plan.situation.opportunities),
            challenges: listed(&plan.situation.challenges),
        }
    }
}

impl<'a> AreaView<'a> {
    /// `area` with its perspective and its activities from `plan`.
    fn of(plan: &'a Plan, area: &'a FocusArea) -> Self {
        let perspective = plan
            .perspectives
            .iter()
            .find(|p| p.id == area.perspective)
            .map(|p| lowercase_first(&p.name))
            .unwrap_or_default();
        let title_cell = format!("{} ({perspective})", area.title);
        Self {
            area,
            title_extent: Extent::of(&title_cell),
            title_cell,
            follow_up_extent: Extent::of_markdown(&area.follow_up.0),
            perspective,
            activities: plan.activities_of(&area.id).map(ActivityView::of).collect(),
        }
    }
}

impl<'a> ActivityView<'a> {
    /// `activity` as the action plan's table shows it.
    fn of(activity: &'a Activity) -> Self {
        let cells = [
            activity.text.0.as_str(),
            &activity.responsible,
            &activity.timeline,
        ];
        Self {
            activity,
            long: cells
                .into_iter()
                .any(|text| may_not_fit_a_page(text, Width::Cell)),
            extents: [
                Extent::of_markdown(&activity.text.0),
                Extent::of(&activity.responsible),
                Extent::of(&activity.timeline),
            ],
        }
    }
}

/// "Patientperspektivet" → "patientperspektivet", for use inside a
/// sentence; a name that starts with an abbreviation ("HPH-perspektivet")
/// is left as it is, and so is one whose first letter is more than one
/// letter in lower case: `İ` is `i` and a combining dot, which the fonts
/// lack (check lets `İ` through, and the PDF/A export refused the dot).
fn lowercase_first(text: &str) -> String {
    let first_word = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if first_word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return text.to_string();
    }
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut lower = first.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(one), None) => std::iter::once(one).chain(chars).collect(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_a_sentence_keeps_its_abbreviations() {
        assert_eq!(
            lowercase_first("Patientperspektivet"),
            "patientperspektivet"
        );
        assert_eq!(lowercase_first("HPH-perspektivet"), "HPH-perspektivet");
        assert_eq!(lowercase_first("Ö"), "ö");
        // Two letters in lower case, `i` and a dot the fonts lack: as it is.
        assert_eq!(lowercase_first("İlçeperspektivet"), "İlçeperspektivet");
        assert_eq!(lowercase_first(""), "");

        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/2024/plan.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace(
                "coordinator: Nationell koordinator",
                "coordinator: Nationell koordinator för HFS (Anna Svensson)",
            )
            .replace("name: Patientperspektivet", "name: HPH-perspektivet");
        let (file, diagnostics) = crate::load::plan::parse_plan(&path, &text);
        let file = file.unwrap_or_else(|| panic!("{diagnostics}"));
        let view = PlanView::new(&file.plan, None);
        // The text alternative says what the chart draws, box by box, and
        // nothing the plan does not say (who coordinates the network).
        assert!(
            view.text.chart_alt.starts_with(
                "Organisationsschema: överst Presidieutskottet (PU); under det Sekretariatet, \
                 som leds av nationell koordinator för HFS (Anna Svensson); därunder dels \
                 HFS-processledare i nätverkets 19 regioner, dels nätverkets 12 temagrupper: \
                 Tobak, "
            ),
            "{}",
            view.text.chart_alt
        );
        assert!(
            view.areas
                .iter()
                .any(|a| a.perspective == "HPH-perspektivet"),
            "{:?}",
            view.areas
                .iter()
                .map(|a| &a.perspective)
                .collect::<Vec<_>>()
        );
    }
}
