//! The check report: the sheet's own columns and rows plus 错误原因 (and
//! the original row number), so the clerk fixes the sheet and re-imports
//! it; on a second sheet, the persons kept but not in the file (`--update`).

use super::columns::Table;
use super::register::{Missing, Problem};
use super::texts::t;
use crate::text::i18n::Lang;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Every data row of `table` with the reasons found for it ("" when
/// none); the header is bold and frozen. `missing`, when any, on a sheet of
/// its own, their resident IDs masked as on screen.
pub fn build(
    table: &Table,
    issues: &[(usize, Problem)],
    missing: &[Missing],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let m = t(lang);
    let mut reasons: Vec<Vec<String>> = vec![Vec::new(); table.rows.len()];
    for (i, p) in issues {
        if let Some(r) = reasons.get_mut(*i) {
            r.push(p.render(lang));
        }
    }
    let width = table
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain([table.headers.len()])
        .max()
        .unwrap_or(0);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&m.report_sheet)?;
    let bold = Format::new().set_bold();
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    let reason_col = width as u16;
    sheet.write_string_with_format(0, reason_col, &m.report_reason, &bold)?;
    sheet.write_string_with_format(0, reason_col + 1, &m.report_row, &bold)?;
    sheet.set_column_width(reason_col, 50)?;
    sheet.set_freeze_panes(1, 0)?;
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 1;
        // Text cells: IDs and phones must not turn into numbers, and a cell
        // starting with "=" must not turn into a formula.
        for (c, cell) in row.cells.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r, c as u16, cell)?;
            }
        }
        sheet.write_string(r, reason_col, reasons[i].join("；"))?;
        sheet.write_number(r, reason_col + 1, row.number as f64)?;
    }
    if !missing.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(&m.missing_sheet)?;
        for (c, h) in m.missing_headers.split('|').enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        sheet.set_column_width(1, 22)?;
        sheet.set_freeze_panes(1, 0)?;
        for (i, p) in missing.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, &p.name)?;
            sheet.write_string(r, 1, p.masked_id())?;
            sheet.write_string(r, 2, &p.village)?;
        }
    }
    book.save_to_buffer()
}
