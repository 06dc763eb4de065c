//! Printable and exportable forms of the assessment: the table as CSV or
//! aligned text (TUI export and `minqing report assessment`), and a cadre's
//! visit plan as CSV or text; both also as sheets for `.xlsx` (README
//! "Exports").

use super::sheet::{self, Cell, Sheet};
use crate::domain::assessment::{Period, Rate};
use crate::domain::ids::mask_phone;
use crate::model::assessment::{Overview, PlanRow, UnitFigures};
use crate::text;
use crate::text::i18n::{Lang, fill, label, texts};
use chrono::NaiveDate;

/// A rate and its n as two cells: the share as a number (formatted %),
/// empty when nobody was counted.
fn rate_cells(r: Rate) -> [Cell; 2] {
    [r.value().map_or(Cell::Empty, Cell::Rate), Cell::int(r.n)]
}

/// The assessment table as a sheet: every figure a number in its own
/// column ("3/2" quota cells are done and required; rates with their n).
pub fn assessment_sheet(o: &Overview, period: Period, by_grid: bool, lang: Lang) -> Sheet {
    let t = texts(lang);
    let x = super::texts::t(lang);
    let a = &t.assess;
    let mut cols = vec![
        if by_grid {
            a.col_grid.clone()
        } else {
            a.col_cadre.clone()
        },
        if by_grid {
            a.col_cadre.clone()
        } else {
            a.col_grid.clone()
        },
    ];
    cols.extend(super::texts::header(&x.assessment_header));
    let name = format!("{}-{}", x.assessment_sheet, label(&t.assess_period, period.code()));
    let mut s = Sheet::new(name, cols);
    let units = o.period(period).map(|p| if by_grid { &p.grids } else { &p.cadres });
    for u in units.into_iter().flatten() {
        let mut row = vec![
            Cell::text(&u.name),
            Cell::text(&u.detail),
            Cell::int(u.households),
            Cell::int(u.visited_this_year),
            u.coverage().value().map_or(Cell::Empty, Cell::Rate),
            Cell::int(u.village_visits.done),
            Cell::int(u.village_visits.required),
            Cell::int(u.overnights.done),
            Cell::int(u.overnights.required),
            Cell::text(if u.below_quota() { &t.form.yes } else { &t.form.no }),
        ];
        row.extend(rate_cells(u.rates.awareness));
        row.extend(rate_cells(u.rates.satisfaction));
        row.extend(rate_cells(u.callback_satisfaction));
        row.extend([
            Cell::int(u.open_requests),
            Cell::int(u.overdue_requests),
            u.avg_resolve_days.map_or(Cell::Empty, Cell::Num),
            Cell::int(u.urges),
        ]);
        s.rows.push(row);
    }
    s
}

/// A cadre's visit plan as a sheet; phones masked unless `full`.
pub fn plan_sheet(cadre_name: &str, rows: &[PlanRow], full: bool, lang: Lang) -> Sheet {
    let x = super::texts::t(lang);
    let mut s = Sheet::new(
        format!("{}-{cadre_name}", x.plan_sheet),
        super::texts::header(&x.plan_header),
    );
    for (i, r) in rows.iter().enumerate() {
        let phone = r
            .phone
            .as_deref()
            .map(|p| if full { p.to_string() } else { mask_phone(p) });
        s.rows.push(vec![
            Cell::Int(i as i64 + 1),
            Cell::text(&r.grid),
            Cell::opt_text(r.head.clone()),
            Cell::text(&r.address),
            Cell::opt_text(phone),
            Cell::int(r.open_requests),
            r.verified_at.map_or_else(|| Cell::text(&x.never), Cell::Date),
            Cell::text(r.vulnerable.join(",")),
        ]);
    }
    s
}

/// Columns as text, each padded to its widest cell by display width.
fn aligned(header: &[&str], rows: &[Vec<String>], right_from: usize) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| text::width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(text::width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i >= right_from {
                    text::fit_right(c, widths[i])
                } else {
                    text::fit(c, widths[i])
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |d| format!("{d:.1}"))
}

fn unit_cells(u: &UnitFigures, t: &crate::text::i18n::Texts) -> Vec<String> {
    vec![
        u.name.clone(),
        u.detail.clone(),
        u.households.to_string(),
        u.visited_this_year.to_string(),
        u.coverage().percent_text(),
        u.village_visits.display(),
        u.overnights.display(),
        if u.below_quota() {
            t.form.yes.clone()
        } else {
            t.form.no.clone()
        },
        u.rates.awareness.display(),
        u.rates.satisfaction.display(),
        u.callback_satisfaction.display(),
        u.open_requests.to_string(),
        u.overdue_requests.to_string(),
        days(u.avg_resolve_days),
        u.urges.to_string(),
    ]
}

fn unit_header(lang: Lang, by_grid: bool) -> Vec<&'static str> {
    let a = &texts(lang).assess;
    vec![
        if by_grid { &a.col_grid } else { &a.col_cadre },
        if by_grid { &a.col_cadre } else { &a.col_grid },
        &a.col_households,
        &a.col_visited,
        &a.col_coverage,
        &a.col_village,
        &a.col_overnight,
        &a.col_below,
        &a.col_awareness,
        &a.col_satisfaction,
        &a.col_callback,
        &a.col_open,
        &a.col_overdue,
        &a.col_avg_days,
        &a.col_urges,
    ]
}

fn rows_of(o: &Overview, period: Period, by_grid: bool, lang: Lang) -> Vec<Vec<String>> {
    let t = texts(lang);
    o.period(period)
        .map(|p| if by_grid { &p.grids } else { &p.cadres })
        .map(|units| units.iter().map(|u| unit_cells(u, t)).collect())
        .unwrap_or_default()
}

/// The assessment table as CSV (UTF-8 with BOM, header in the UI
/// language, the same columns as the workbook).
pub fn assessment_csv(o: &Overview, period: Period, by_grid: bool, lang: Lang) -> String {
    sheet::csv(&assessment_sheet(o, period, by_grid, lang))
}

/// The assessment table as aligned text with a title line.
pub fn assessment_text(o: &Overview, period: Period, by_grid: bool, lang: Lang) -> String {
    let t = texts(lang);
    let (from, to) = o.period(period).map_or((o.today, o.today), |p| (p.from, p.to));
    let mut out = fill(
        &t.assess.report_title,
        &[
            ("period", &label(&t.assess_period, period.code())),
            ("from", &from),
            ("to", &to),
        ],
    );
    out.push('\n');
    out.push_str(&fill(
        &t.assess.quota,
        &[("v", &o.quota_village), ("o", &o.quota_overnight)],
    ));
    out.push_str("\n\n");
    out.push_str(&aligned(
        &unit_header(lang, by_grid),
        &rows_of(o, period, by_grid, lang),
        2,
    ));
    out
}

fn plan_rows(rows: &[PlanRow], lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let a = &texts(lang).assess;
    let header = vec![
        a.col_position.as_str(),
        &a.col_grid,
        &a.col_head,
        &a.col_address,
        &a.col_phone,
        &a.col_open,
        &a.col_verified,
        &a.col_tags,
    ];
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| plan_cells(r, i + 1, lang).to_vec())
        .collect();
    (header, rows)
}

/// The cells of a visit-plan row at 1-based `position` as every view of the
/// plan shows them (phones masked): the pane, the CSV and the text export.
pub fn plan_cells(r: &PlanRow, position: usize, lang: Lang) -> [String; 8] {
    let a = &texts(lang).assess;
    [
        position.to_string(),
        r.grid.clone(),
        r.head.clone().unwrap_or_default(),
        r.address.clone(),
        r.phone.as_deref().map(mask_phone).unwrap_or_default(),
        r.open_requests.to_string(),
        r.verified_at
            .map_or_else(|| a.never_verified.clone(), |d| d.format("%Y-%m-%d").to_string()),
        r.vulnerable
            .iter()
            .map(|g| crate::text::i18n::label(&texts(lang).tag, g))
            .collect::<Vec<_>>()
            .join(","),
    ]
}

/// The visit plan as CSV (UTF-8 with BOM; phones masked: the file leaves
/// the program).
pub fn plan_csv(rows: &[PlanRow], lang: Lang) -> String {
    sheet::csv(&plan_sheet("", rows, false, lang))
}

/// The visit plan as printable text.
pub fn plan_text(cadre_name: &str, rows: &[PlanRow], lang: Lang, today: NaiveDate) -> String {
    let a = &texts(lang).assess;
    let n = rows.len();
    let (header, rows) = plan_rows(rows, lang);
    let mut out = fill(&a.plan_title, &[("cadre", &cadre_name), ("n", &n)]);
    out.push_str(&format!("  {}\n\n", today.format("%Y-%m-%d")));
    out.push_str(&aligned(&header, &rows, 99));
    out
}

/// `minqing report assessment`: reads the database and prints the table.
pub fn report(
    store: &crate::store::Store,
    period: Period,
    csv: bool,
    lang: Lang,
    today: NaiveDate,
    out: &mut dyn std::io::Write,
) -> Result<(), String> {
    // A cadre account reports on its own figures (`Store::scope`).
    let o = store
        .scope()
        .and_then(|scope| crate::store::assessment::load(store.conn(), today, &scope))
        .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    let body = if csv {
        assessment_csv(&o, period, false, lang)
    } else {
        assessment_text(&o, period, false, lang)
    };
    out.write_all(body.as_bytes())
        .map_err(|e| crate::text::i18n::io_error(lang, &e))
}
