//! The 民情分析 pane's strings: the `[reports]` tables of assets/i18n/*.toml
//! (its action and context labels are merged into `actions` and `contexts`
//! when the table is read).

use super::i18n::{Lang, fill, label, texts};
use crate::domain::analysis::Warning;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsTexts {
    pub title: String,
    pub header: String,
    pub computing: String,
    pub nothing_yet: String,
    pub sec_figures: String,
    pub sec_trend: String,
    pub sec_hot: String,
    pub sec_people: String,
    pub sec_warnings: String,
    pub bars_now: String,
    pub spark_title: String,
    pub trend_bars: String,
    pub trend_chart: String,
    pub trend_categories: String,
    pub no_warnings: String,
    pub opens_requests: String,
    pub opens_households: String,
    pub opens_stale: String,
    pub opens_decision: String,
    pub no_list: String,
    pub list_title: String,
    pub col_address: String,
    pub col_tags: String,
    pub col_visited: String,
    pub col_verified: String,
    pub never: String,
    pub range_title: String,
    pub scope_title: String,
    pub theme_title: String,
    pub export_title: String,
    pub attach_title: String,
    pub f_period: String,
    pub f_day: String,
    pub f_from: String,
    pub f_to: String,
    pub f_village: String,
    pub f_grid: String,
    pub f_theme: String,
    pub f_format: String,
    pub format_txt: String,
    pub f_path: String,
    pub f_names: String,
    pub names_masked: String,
    pub names_full: String,
    pub f_item: String,
    pub new_item: String,
    pub item_title: String,
    pub e_date: String,
    pub e_order: String,
    pub e_grid: String,
    pub attached: String,
    pub attached_heading: String,
    pub attached_mark: String,
    pub actions: HashMap<String, String>,
    pub contexts: HashMap<String, String>,
}

/// Why a warning was raised, as one sentence: the pane's warning list, the
/// list a warning opens, and the report's documents say the same.
pub fn warning_reason(w: &Warning, lang: Lang) -> String {
    fill(
        label(&texts(lang).analysis.reason, w.kind.code()),
        &[
            ("subject", &w.subject),
            ("count", &w.count),
            ("base", &base_text(w.base)),
        ],
    )
}

/// A warning's base figure: whole numbers without a decimal point.
fn base_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::WarningKind;

    #[test]
    fn a_warning_reason_fills_its_sentence_in_either_language() {
        let w = Warning {
            kind: WarningKind::RisingInVillage,
            subject: "道路（东村）".into(),
            count: 9,
            base: 2.5,
            ids: vec![1],
        };
        assert_eq!(
            warning_reason(&w, Lang::Zh),
            "道路（东村）：本期 9 件，超过前6期平均 2.5 件的2倍"
        );
        let whole = Warning { base: 4.0, ..w };
        let en = warning_reason(&whole, Lang::En);
        assert!(
            en.contains("道路（东村）") && en.contains('9') && en.contains('4') && !en.contains("4.0"),
            "{en}"
        );
    }
}
