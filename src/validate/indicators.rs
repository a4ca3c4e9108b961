//! The indicators: each in one group, with what its kind needs, and a
//! scale's ends printable as written.

use crate::load::locate::YamlPath;
use crate::load::printable::for_message;
use crate::model::{
    Indicator, IndicatorKind, Language, NUMBER_LIMIT_TEXT, PRINTED_DECIMALS, Plan, as_printed,
    beyond_number_limit, number_limit_hint,
};

use super::Checker;
use super::lists::Referable;

impl Checker<'_> {
    /// Each indicator belongs to exactly one group and has the fields its kind needs.
    pub(super) fn indicators(&mut self, plan: &Plan, focus_areas: Referable<'_, '_>) {
        let list = YamlPath::root().key("indicators");
        for (i, indicator) in plan.indicators.iter().enumerate() {
            let at = list.index(i);
            let name = format!("indicators[{i}] ('{}')", indicator.id);
            self.indicator_group(&at, &name, indicator, focus_areas);
            for (key, end, example) in [("min", indicator.min, 1), ("max", indicator.max, 10)] {
                self.scale_end(&at.key(key), &name, end, example, plan.language);
            }
            self.scale_range(&at, &name, indicator, plan.language);
            self.unit_of_its_kind(&at, &name, indicator);
        }
    }

    /// The indicator at `at` belongs to a section or to a focus area that
    /// exists, not to both.
    fn indicator_group(
        &mut self,
        at: &YamlPath,
        name: &str,
        indicator: &Indicator,
        focus_areas: Referable<'_, '_>,
    ) {
        match (&indicator.section, &indicator.focus_area) {
            (Some(_), Some(_)) => self.error_at(
                &at.key("section"),
                format!(
                    "{name} has both 'section' and 'focus_area' (expected exactly one of them)"
                ),
            ),
            (None, None) => self.error_at(
                &at.key("id"),
                format!(
                    "{name} has neither 'section' nor 'focus_area' (expected exactly one of them)"
                ),
            ),
            (None, Some(area)) => {
                self.reference(&at.key("focus_area"), area, "focus area", focus_areas)
            }
            (Some(_), None) => {}
        }
    }

    /// An end of a scale (`min` or `max`, at `path`) is a number within
    /// the limit, and prints as written (a warning where its decimals are
    /// more than the documents print).
    fn scale_end(
        &mut self,
        path: &YamlPath,
        name: &str,
        end: Option<f64>,
        example: i32,
        language: Language,
    ) {
        let key = path.last_key().unwrap_or_default();
        // YAML's `.nan`: no number, and no order with the other end.
        if end.is_some_and(f64::is_nan) {
            self.error_at(
                path,
                format!(
                    "{name}: '{key}' is not a number (expected a number, e.g. {key}: {example})"
                ),
            );
            return;
        }
        let Some(end) = end else {
            return;
        };
        if !beyond_number_limit(end) {
            // A scale's ends are printed ("skala 1 till 10").
            if as_printed(end) != end {
                self.warning_at(
                    path,
                    format!(
                        "{name}: '{key}' is {end}, which has more decimals than the \
                         documents print ({PRINTED_DECIMALS} at most): they print it as {}",
                        crate::render::labels::number(end, language)
                    ),
                    &format!("write it with {PRINTED_DECIMALS} decimals at most"),
                );
            }
            return;
        }
        // The limit holds for a number's size: a negative end is too small.
        let message = if end < 0.0 {
            format!("{name}: '{key}' is too small (expected a number above -{NUMBER_LIMIT_TEXT})")
        } else {
            format!("{name}: '{key}' is too large (expected a number below {NUMBER_LIMIT_TEXT})")
        };
        match number_limit_hint(end) {
            Some(hint) => self.error_at_with_hint(path, message, &hint),
            None => self.error_at(path, message),
        }
    }

    /// A scale has both ends, its 'max' above its 'min' as printed; an
    /// indicator of another kind has neither.
    fn scale_range(
        &mut self,
        at: &YamlPath,
        name: &str,
        indicator: &Indicator,
        language: Language,
    ) {
        let is_scale = indicator.kind == IndicatorKind::Scale;
        match (is_scale, indicator.min, indicator.max) {
            // An end that is no number, or beyond the limit (`.inf`), is
            // reported by `scale_end`.
            // As printed: a scale from 1 to 1.0004 would read "1 to 1".
            (true, Some(min), Some(max))
                if as_printed(min) >= as_printed(max)
                    && !beyond_number_limit(min)
                    && !beyond_number_limit(max) =>
            {
                let message = if min < max {
                    format!(
                        "{name}: 'max' ({max}) and 'min' ({min}) print alike, as {} (expected \
                         a 'max' greater than 'min' to {PRINTED_DECIMALS} decimals)",
                        crate::render::labels::number(max, language)
                    )
                } else {
                    format!("{name}: 'max' is {max}, expected a number greater than 'min' ({min})")
                };
                self.error_at(&at.key("max"), message)
            }
            (true, None, None) => self.error_at(
                &at.key("kind"),
                format!("{name} is a scale, but 'min' and 'max' are missing (expected the scale's lowest and highest values, e.g. min: 1 and max: 10)"),
            ),
            (true, None, _) => self.error_at(
                &at.key("kind"),
                format!("{name} is a scale, but 'min' is missing (expected the scale's lowest value, e.g. min: 1)"),
            ),
            (true, _, None) => self.error_at(
                &at.key("kind"),
                format!("{name} is a scale, but 'max' is missing (expected the scale's highest value, e.g. max: 10)"),
            ),
            (false, Some(min), _) => self.error_at_with_hint(
                &at.key("min"),
                format!("{name}: 'min' is {min}, but only kind 'scale' has a 'min'"),
                "delete the line, or make the indicator kind: scale",
            ),
            (false, _, Some(max)) => self.error_at_with_hint(
                &at.key("max"),
                format!("{name}: 'max' is {max}, but only kind 'scale' has a 'max'"),
                "delete the line, or make the indicator kind: scale",
            ),
            _ => {}
        }
    }

    /// Only a number has a unit.
    fn unit_of_its_kind(&mut self, at: &YamlPath, name: &str, indicator: &Indicator) {
        let Some(unit) = &indicator.unit else {
            return;
        };
        if indicator.kind == IndicatorKind::Number {
            return;
        }
        // A percentage prints its '%' of itself.
        let hint = if indicator.kind == IndicatorKind::Percent {
            "delete the line: a percentage is printed with '%'"
        } else {
            "delete the line, or make the indicator kind: number"
        };
        self.error_at_with_hint(
            &at.key("unit"),
            format!(
                "{name}: 'unit' is '{}', but only kind 'number' has a unit",
                for_message(unit)
            ),
            hint,
        );
    }
}
