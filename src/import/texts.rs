//! The importer's strings: the `[import]` table of assets/i18n/{zh,en}.toml.

use crate::text::i18n::{Lang, texts};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportText {
    pub read_failed: String,
    pub bad_workbook: String,
    pub encrypted_workbook: String,
    pub cells_out_of_order: String,
    pub no_sheet: String,
    pub bad_csv: String,
    pub unknown_encoding: String,
    pub no_header: String,
    pub no_places_header: String,
    pub header_found: String,
    pub header_found_workbook: String,
    pub unmapped: String,
    pub name_missing: String,
    pub id_missing: String,
    pub id_bad: String,
    pub duplicate_in_file: String,
    pub already_in_database: String,
    pub bad_phone: String,
    pub heads: String,
    pub no_village: String,
    pub bad_group: String,
    pub unknown_village: String,
    pub unknown_group: String,
    pub unknown_grid: String,
    pub gender_differs: String,
    pub birth_differs: String,
    pub relation_odd: String,
    pub warning_prefix: String,
    pub row_issue: String,
    pub more_issues: String,
    pub summary: String,
    pub will_create: String,
    pub refused_places: String,
    pub missing: String,
    pub missing_line: String,
    pub missing_more: String,
    /// The check report's sheet of persons kept but not in the file.
    pub missing_sheet: String,
    pub missing_headers: String,
    /// The check report's first sheet: the file's rows and their reasons.
    pub report_sheet: String,
    pub dry_run: String,
    pub nothing_written: String,
    pub written: String,
    pub report_written: String,
    /// As `report_written`, for a report without bad rows (notes, persons
    /// not in the file).
    pub check_report_written: String,
    pub report_reason: String,
    pub report_row: String,
    pub places_done: String,
    pub export_headers: String,
    pub export_written: String,
    pub export_no_reveal: String,
    pub mapping_saved: String,
    pub mapping_unknown: String,
    pub mapping_bad_field: String,
    pub mappings_none: String,
}

pub fn t(lang: Lang) -> &'static ImportText {
    &texts(lang).import
}
