//! The report's tables as CSV (UTF-8 with a BOM, for Chinese Excel) and as
//! an `.xlsx` workbook: one sheet per section, numbers written as numbers,
//! and native charts (the trend as lines, hot spots and grids as bars).

use super::{Cell, ChartKind, Doc, Table};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

/// All tables one after another: a title row, the header, the rows, a blank row.
pub fn csv(doc: &Doc) -> String {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let mut record = |cells: Vec<String>| {
        // Writing to memory cannot fail.
        let _ = w.write_record(&cells);
    };
    record(vec![doc.title.clone()]);
    for m in &doc.meta {
        record(vec![m.clone()]);
    }
    for s in &doc.sections {
        for t in &s.tables {
            record(vec![String::new()]);
            let title = match (s.heading.is_empty(), t.title.is_empty()) {
                (true, _) => t.title.clone(),
                (false, true) => s.heading.clone(),
                (false, false) => format!("{} - {}", s.heading, t.title),
            };
            if !title.is_empty() {
                record(vec![title]);
            }
            record(t.header.clone());
            for r in &t.rows {
                record(r.iter().map(Cell::text).collect());
            }
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Sheet names may not hold `[]:*?/\` and have at most 31 characters.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// Writes `t` from `row`; returns the row after it and the first data row.
fn write_table(ws: &mut Worksheet, row: u32, t: &Table, bold: &Format) -> Result<(u32, u32), XlsxError> {
    let mut r = row;
    if !t.title.is_empty() {
        ws.write_string_with_format(r, 0, &t.title, bold)?;
        r += 1;
    }
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, h, bold)?;
    }
    r += 1;
    let first = r;
    for cells in &t.rows {
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s)?,
                Cell::Int(n) => ws.write_number(r, c, *n as f64)?,
                Cell::Num(v, _) => ws.write_number(r, c, *v)?,
            };
        }
        r += 1;
    }
    Ok((r + 1, first))
}

/// The workbook: a sheet per section, with the document's charts next to
/// their tables.
pub fn xlsx(doc: &Doc) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for (i, s) in doc.sections.iter().enumerate() {
        let name = sheet_name(&s.sheet);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut row = 0;
        if i == 0 {
            ws.write_string_with_format(0, 0, &doc.title, &bold)?;
            for (k, m) in doc.meta.iter().enumerate() {
                ws.write_string(k as u32 + 1, 0, m)?;
            }
            row = doc.meta.len() as u32 + 2;
        }
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 14)?;
        let mut placed = Vec::new();
        for t in &s.tables {
            let (next, first) = write_table(ws, row, t, &bold)?;
            placed.push((t, first));
            row = next;
        }
        // Charts sit to the right of the tables.
        let right = s.tables.iter().map(|t| t.header.len()).max().unwrap_or(0) as u16 + 1;
        let mut at = 1;
        for spec in doc.charts.iter().filter(|c| c.sheet == s.sheet) {
            let Some((t, first)) = placed.get(spec.table) else {
                continue;
            };
            if t.rows.is_empty() {
                continue;
            }
            let last = first + t.rows.len().min(spec.max_rows) as u32 - 1;
            let mut chart = Chart::new(match spec.kind {
                ChartKind::Line => ChartType::Line,
                ChartKind::Bar => ChartType::Bar,
            });
            chart.title().set_name(&spec.title);
            for &col in &spec.values {
                chart
                    .add_series()
                    .set_name((name.as_str(), first - 1, col))
                    .set_categories((name.as_str(), *first, spec.labels.0, last, spec.labels.1))
                    .set_values((name.as_str(), *first, col, last, col));
            }
            ws.insert_chart(at, right, &chart)?;
            at += 16;
        }
    }
    wb.save_to_buffer()
}
