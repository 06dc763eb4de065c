//! One table written for people outside the program (README "Exports"):
//! as `.xlsx` with real numbers in number cells, rates as numbers formatted
//! as %, dates as dates, a frozen bold header and column widths that fit
//! Chinese text; or as CSV in UTF-8 with a BOM (Chinese Excel reads it
//! right). Text that starts with `=`, `+`, `-` or `@` is always text, never
//! a formula: `write_string` in the workbook, a leading `'` in CSV.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A number shown with one decimal.
    Num(f64),
    /// A share in 0..=1, formatted as a percentage (its n is another column).
    Rate(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    pub fn int(n: impl Into<i64>) -> Cell {
        Cell::Int(n.into())
    }

    /// The cell as CSV text: numbers plain (rates as `86.0%`, which Excel
    /// reads back as a number), formula-like text escaped.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => escape_formula(s),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => format!("{x:.1}"),
            Cell::Rate(r) => format!("{:.1}%", r * 100.0),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Display columns the cell needs in Excel (CJK characters count two).
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) => s.lines().map(crate::text::width).max().unwrap_or(0),
            Cell::Date(_) => 10,
            other => other.csv_text().len(),
        }
    }
}

/// A cell text Excel would take for a formula (`=`, `+`, `-`, `@`, and the
/// tab/return tricks) gets a leading apostrophe, so it stays text.
pub fn escape_formula(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A titled table: the header row and the data rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The worksheet's name (cleaned to Excel's rules when written).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: impl Into<String>, header: Vec<String>) -> Sheet {
        Sheet {
            name: name.into(),
            header,
            rows: Vec::new(),
        }
    }
}

/// Widest and narrowest column, in Excel's character units.
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 6;

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Sheet1".to_string()
    } else {
        clean
    }
}

/// The sheets as one workbook.
pub fn xlsx(sheets: &[Sheet]) -> std::io::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut used: Vec<String> = Vec::new();
    for s in sheets {
        let sheet = book.add_worksheet();
        let mut name = sheet_name(&s.name);
        // Two sheets may not share a name.
        let mut n = 2;
        while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            name = format!("{}{n}", sheet_name(&s.name).chars().take(28).collect::<String>());
            n += 1;
        }
        sheet.set_name(&name).map_err(super::excel_limit::to_io)?;
        used.push(name);
        let mut widths: Vec<usize> = s.header.iter().map(|h| crate::text::width(h)).collect();
        for (c, h) in s.header.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(super::excel_limit::to_io)?;
        }
        for (i, row) in s.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(cell.width());
                match cell {
                    Cell::Empty => continue,
                    // Always a string cell: never a formula, whatever it starts with.
                    Cell::Text(t) => sheet.write_string(r, col, t),
                    Cell::Int(n) => sheet.write_number(r, col, *n as f64),
                    Cell::Num(x) => sheet.write_number_with_format(r, col, *x, &decimal),
                    Cell::Rate(x) => sheet.write_number_with_format(r, col, *x, &percent),
                    Cell::Date(d) => {
                        let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(super::excel_limit::to_io)?;
                        sheet.write_datetime_with_format(r, col, &day, &date)
                    }
                }
                .map_err(super::excel_limit::to_io)?;
            }
        }
        for (c, w) in widths.iter().enumerate() {
            let w = (*w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            sheet
                .set_column_width(c as u16, w as f64)
                .map_err(super::excel_limit::to_io)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(super::excel_limit::to_io)?;
    }
    book.save_to_buffer().map_err(super::excel_limit::to_io)
}

/// The sheet as CSV: UTF-8 with a BOM, formula-like text escaped.
pub fn csv(sheet: &Sheet) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(sheet.header.iter().map(|h| escape_formula(h)));
    for r in &sheet.rows {
        let _ = w.write_record(r.iter().map(Cell::csv_text));
    }
    with_bom(&w.into_inner().unwrap_or_default())
}

/// `bytes` (UTF-8) as text with the BOM in front, once.
pub fn with_bom(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    format!("\u{feff}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_text_is_escaped_in_csv_and_numbers_are_not() {
        let mut s = Sheet::new("t", vec!["a".into(), "b".into(), "c".into()]);
        s.rows.push(vec![Cell::text("=1+1"), Cell::Int(-3), Cell::Rate(0.5)]);
        s.rows
            .push(vec![Cell::text("@SUM(A1)"), Cell::text("-x"), Cell::text("+86")]);
        let text = csv(&s);
        assert!(text.starts_with("\u{feff}a,b,c\n"), "{text}");
        assert!(text.contains("'=1+1,-3,50.0%\n"), "{text}");
        assert!(text.contains("'@SUM(A1),'-x,'+86\n"), "{text}");
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn a_cell_over_excels_limit_says_so_and_what_to_do() {
        let mut s = Sheet::new("t", vec!["诉求内容".into()]);
        s.rows.push(vec![Cell::text("长".repeat(40_000))]);
        let err = xlsx(&[s]).expect_err("over 32,767 characters");
        let zh = crate::text::i18n::io_error(crate::text::i18n::Lang::Zh, &err);
        assert!(zh.contains("32,767") && zh.contains("请改导出 CSV"), "{zh}");
        assert!(!zh.contains("系统错误号"), "{zh}");
        let en = crate::text::i18n::io_error(crate::text::i18n::Lang::En, &err);
        assert!(en.contains("export CSV instead"), "{en}");
    }

    #[test]
    fn bom_is_added_once() {
        assert_eq!(with_bom("\u{feff}x".as_bytes()), "\u{feff}x");
        assert_eq!(with_bom(b"x"), "\u{feff}x");
    }
}
