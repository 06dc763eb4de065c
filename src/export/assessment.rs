//! Printable and exportable forms of the assessment: the table as CSV or
//! aligned text (TUI export and `minqing report assessment`), and a cadre's
//! visit plan as CSV or text.

use crate::domain::assessment::Period;
use crate::domain::ids::mask_phone;
use crate::model::assessment::{Overview, PlanRow, UnitFigures};
use crate::text;
use crate::text::i18n::{Lang, fill, label, texts};
use chrono::NaiveDate;

fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
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

/// The assessment table as CSV (header in the UI language).
pub fn assessment_csv(o: &Overview, period: Period, by_grid: bool, lang: Lang) -> String {
    csv_text(&unit_header(lang, by_grid), &rows_of(o, period, by_grid, lang))
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
        r.vulnerable.join(","),
    ]
}

/// The visit plan as CSV (phones masked: the file leaves the program).
pub fn plan_csv(rows: &[PlanRow], lang: Lang) -> String {
    let (header, rows) = plan_rows(rows, lang);
    csv_text(&header, &rows)
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
    let o =
        crate::store::assessment::load(store.conn(), today).map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    let body = if csv {
        assessment_csv(&o, period, false, lang)
    } else {
        assessment_text(&o, period, false, lang)
    };
    out.write_all(body.as_bytes()).map_err(|e| e.to_string())
}
