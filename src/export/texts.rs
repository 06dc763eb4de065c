//! The exports' strings: the `[exports]` table of assets/i18n/{zh,en}.toml.

use crate::text::i18n::{Lang, texts};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportTexts {
    pub written: String,
    pub no_reveal: String,
    pub failed: String,
    pub folder_is: String,
    pub folder_set: String,
    pub nothing: String,
    pub unknown_view: String,
    pub unknown_village: String,
    pub unknown_grid: String,
    pub unknown_category: String,
    pub unknown_cadre: String,
    pub bad_value: String,
    pub requests_sheet: String,
    pub requests_header: String,
    pub assessment_sheet: String,
    pub assessment_header: String,
    pub plan_sheet: String,
    pub plan_header: String,
    pub never: String,
    /// Labels of the export actions (merged into the `actions` table).
    pub actions: HashMap<String, String>,
}

pub fn t(lang: Lang) -> &'static ExportTexts {
    &texts(lang).exports
}

/// An export that could not be written, in the user's words (a full disk
/// named as such); nothing was left behind.
pub fn failed(lang: Lang, e: &std::io::Error) -> String {
    let why = crate::text::i18n::io_error(lang, e);
    crate::text::i18n::fill(&t(lang).failed, &[("why", &why)])
}

/// A `|`-separated header line as columns.
pub fn header(line: &str) -> Vec<String> {
    line.split('|').map(str::to_string).collect()
}
