//! The presenter's report of the 民情分析 meeting (issue 14): one document
//! model built from `domain::analysis::Report`, written as A4 text,
//! Markdown, CSV and `.xlsx` (sheets plus native charts). Residents' names
//! are masked (张*梅) unless a user who may reveal asks for full data; every
//! export is audited (README "民情分析").

pub mod agenda;
pub mod cli;
mod render;
pub mod sheets;
pub mod texts;

pub use render::{markdown, markdown_at, plain_text, text_lines};

use crate::domain::analysis::{Change, MonthlyRow, PeriodKind, Place, Report, Span, Theme, WarningKind, mask_name};
use crate::domain::assessment::Rate;
use crate::text::i18n::{Lang, fill, label, texts};
use chrono::{Datelike, NaiveDate};
use texts::AnalysisTexts;

/// Rows of the category × village table in a document (largest first).
pub const HOT_ROWS: usize = 20;

/// One table cell: text, or a number with the text it shows as.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64, String),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Num(_, s) => s.clone(),
            Cell::Int(n) => n.to_string(),
        }
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(i64::from(n))
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A chart drawn as text bars, each with its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    pub rows: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    /// The sheet this section goes to in the workbook.
    pub sheet: String,
    pub bars: Vec<Bars>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: String,
    pub meta: Vec<String>,
    pub sections: Vec<Section>,
    /// Native charts of the workbook.
    pub charts: Vec<ChartSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bar,
}

/// A workbook chart over one table of a section: its rows (at most
/// `max_rows`) by the label columns, one series per value column.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub sheet: String,
    pub title: String,
    /// Index of the table in its section.
    pub table: usize,
    /// First and last label column.
    pub labels: (u16, u16),
    pub values: Vec<u16>,
    pub max_rows: usize,
}

/// Who presents, when, and whether names are shown in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub township: String,
    pub presenter: String,
    pub date: NaiveDate,
    pub full_names: bool,
    pub lang: Lang,
}

fn a(lang: Lang) -> &'static AnalysisTexts {
    &texts(lang).analysis
}

fn signed(v: f64) -> String {
    let v = if v.abs() < 0.05 { 0.0 } else { v };
    format!("{v:+.1}")
}

pub fn change_cell(c: Change, lang: Lang) -> Cell {
    let t = a(lang);
    match c {
        Change::Percent(v) => Cell::Num(v, fill(&t.percent_fmt, &[("v", &signed(v))])),
        Change::Points(v) => Cell::Num(v, fill(&t.points_fmt, &[("v", &signed(v))])),
        Change::NoBase => Cell::Text(t.no_base.clone()),
    }
}

/// A rate in percent with one decimal, so it agrees with its change in points.
pub fn rate_cell(r: Rate, lang: Lang) -> Cell {
    match r.value() {
        Some(v) => {
            let p = (v * 1000.0).round() / 10.0;
            Cell::Num(p, format!("{p:.1}%"))
        }
        None => Cell::Text(a(lang).no_base.clone()),
    }
}

fn days_cell(d: Option<f64>, lang: Lang) -> Cell {
    match d {
        Some(v) => Cell::Num((v * 10.0).round() / 10.0, format!("{v:.1}")),
        None => Cell::Text(a(lang).no_base.clone()),
    }
}

/// How a period is named in the trend: 2026-11, 2026Q4, 2026, or a range.
pub fn span_label(kind: PeriodKind, s: Span) -> String {
    match kind {
        PeriodKind::Month => s.from.format("%Y-%m").to_string(),
        PeriodKind::Quarter => format!("{}Q{}", s.from.year(), s.from.month0() / 3 + 1),
        PeriodKind::Year => s.from.year().to_string(),
        PeriodKind::Week => s.from.format("%Y-%m-%d").to_string(),
        PeriodKind::BusinessMonth { .. } | PeriodKind::Custom => {
            format!("{}~{}", s.from.format("%Y-%m-%d"), s.to.format("%m-%d"))
        }
    }
}

fn place_text(p: &Place, lang: Lang) -> String {
    match p {
        Place::Township => a(lang).township.clone(),
        Place::Village(n) | Place::Grid(n) => n.clone(),
    }
}

fn theme_text(t: &Theme, lang: Lang) -> String {
    let x = a(lang);
    match t {
        Theme::All => x.theme_all.clone(),
        Theme::Category(n) => fill(&x.theme_category, &[("name", n)]),
        Theme::Tag(n) => fill(&x.theme_tag, &[("name", n)]),
        Theme::Channel(c) => fill(&x.theme_channel, &[("name", &label(&texts(lang).channel, c))]),
    }
}

fn head(opts: &Options, kind: PeriodKind, span: Span, title: &str) -> (String, Vec<String>) {
    let x = a(opts.lang);
    let title = fill(title, &[("township", &opts.township)]);
    let meta = vec![fill(
        &x.period_line,
        &[
            ("period", &label(&x.period, kind.code())),
            ("from", &span.from),
            ("to", &span.to),
        ],
    )];
    (title, meta)
}

fn name(n: &str, opts: &Options) -> String {
    if opts.full_names { n.to_string() } else { mask_name(n) }
}

fn ids(list: &[i64]) -> String {
    list.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(" ")
}

/// The report as a document.
pub fn document(r: &Report, opts: &Options) -> Doc {
    let lang = opts.lang;
    let x = a(lang);
    let t = texts(lang);
    let (title, mut meta) = head(opts, r.kind, r.span, &x.title);
    meta.push(fill(
        &x.scope_line,
        &[
            ("scope", &place_text(&r.selection.place, lang)),
            ("theme", &theme_text(&r.selection.theme, lang)),
        ],
    ));
    meta.push(fill(
        &x.presenter_line,
        &[("name", &opts.presenter), ("date", &opts.date)],
    ));
    meta.push(fill(&x.as_of_line, &[("date", &r.as_of)]));
    meta.push(if opts.full_names {
        x.full_note.clone()
    } else {
        x.masked_note.clone()
    });

    // 一、受理与办理
    let f = &r.figures;
    let count_row = |label: &str, get: fn(&crate::domain::analysis::Figures) -> u32| -> Vec<Cell> {
        let (now, prev, ly) = (get(&f.now), get(&f.previous), get(&f.last_year));
        vec![
            label.into(),
            now.into(),
            prev.into(),
            change_cell(crate::domain::analysis::count_change(now, prev), lang),
            ly.into(),
            change_cell(crate::domain::analysis::count_change(now, ly), lang),
        ]
    };
    let rate_row = |label: &str, get: fn(&crate::domain::analysis::Figures) -> Rate| -> Vec<Cell> {
        let (now, prev, ly) = (get(&f.now), get(&f.previous), get(&f.last_year));
        vec![
            label.into(),
            rate_cell(now, lang),
            rate_cell(prev, lang),
            change_cell(crate::domain::analysis::rate_change(now, prev), lang),
            rate_cell(ly, lang),
            change_cell(crate::domain::analysis::rate_change(now, ly), lang),
        ]
    };
    let days = |get: fn(&crate::domain::analysis::Figures) -> Option<f64>| -> Vec<Cell> {
        let (now, prev, ly) = (get(&f.now), get(&f.previous), get(&f.last_year));
        vec![
            x.f_avg_days.as_str().into(),
            days_cell(now, lang),
            days_cell(prev, lang),
            change_cell(crate::domain::analysis::days_change(now, prev), lang),
            days_cell(ly, lang),
            change_cell(crate::domain::analysis::days_change(now, ly), lang),
        ]
    };
    let figures = Table {
        title: String::new(),
        header: vec![
            x.col_item.clone(),
            x.col_now.clone(),
            x.col_previous.clone(),
            x.col_mom.clone(),
            x.col_last_year.clone(),
            x.col_yoy.clone(),
        ],
        rows: vec![
            count_row(&x.f_new, |f| f.new),
            count_row(&x.f_escalated, |f| f.escalated),
            count_row(&x.f_assigned, |f| f.assigned),
            count_row(&x.f_resolved, |f| f.resolved),
            count_row(&x.f_open, |f| f.open),
            count_row(&x.f_overdue, |f| f.overdue),
            count_row(&x.f_awaiting, |f| f.awaiting_callback),
            rate_row(&x.f_late, |f| f.late),
            days(|f| f.avg_days),
            count_row(&x.f_callbacks, |f| f.callbacks),
            rate_row(&x.f_satisfaction, |f| f.satisfaction),
            count_row(&x.f_satisfaction_n, |f| f.satisfaction.n),
        ],
    };

    // 二、趋势
    let tr = &r.trend;
    let mut header = vec![x.col_period.clone(), x.col_all.clone()];
    header.extend(tr.categories.iter().map(|(c, _)| c.clone()));
    let trend_columns = header.len() as u16;
    let trend_rows: Vec<Vec<Cell>> = tr
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![Cell::Text(span_label(r.kind, *s)), tr.overall[i].into()];
            row.extend(tr.categories.iter().map(|(_, v)| Cell::from(v[i])));
            row
        })
        .collect();
    let trend_bars = Bars {
        title: x.chart_trend.clone(),
        rows: tr
            .spans
            .iter()
            .zip(&tr.overall)
            .map(|(s, n)| (span_label(r.kind, *s), *n))
            .collect(),
    };

    // 三、热点
    let matrix = Table {
        title: x.sub_matrix.clone(),
        header: vec![
            x.col_category.clone(),
            x.col_village.clone(),
            x.col_count.clone(),
            x.col_previous_count.clone(),
            x.col_mom.clone(),
        ],
        rows: r
            .hot
            .iter()
            .filter(|h| h.now > 0)
            .take(HOT_ROWS)
            .map(|h| {
                vec![
                    h.category.as_str().into(),
                    h.village.as_str().into(),
                    h.now.into(),
                    h.previous.into(),
                    change_cell(crate::domain::analysis::count_change(h.now, h.previous), lang),
                ]
            })
            .collect(),
    };
    let hot_bars = Bars {
        title: x.hot_bars.clone(),
        rows: r
            .hot
            .iter()
            .filter(|h| h.now > 0)
            .take(10)
            .map(|h| (format!("{}（{}）", h.category, h.village), h.now))
            .collect(),
    };
    let grids = Table {
        title: x.sub_grids.clone(),
        header: vec![
            x.col_grid.clone(),
            x.col_village.clone(),
            x.f_open.clone(),
            x.col_households.clone(),
            x.col_open_per_100.clone(),
        ],
        rows: r
            .grids
            .iter()
            .map(|g| {
                vec![
                    g.grid.as_str().into(),
                    g.village.as_str().into(),
                    g.open.into(),
                    g.households.into(),
                    Cell::Num((g.per_100 * 10.0).round() / 10.0, format!("{:.1}", g.per_100)),
                ]
            })
            .collect(),
    };
    let topics = Table {
        title: x.sub_topics.clone(),
        header: vec![
            x.col_id.clone(),
            x.col_topic.clone(),
            x.col_count.clone(),
            x.col_previous_count.clone(),
        ],
        rows: r
            .growing_topics
            .iter()
            .map(|g| {
                vec![
                    Cell::Int(g.id),
                    g.title.as_str().into(),
                    g.now.into(),
                    g.previous.into(),
                ]
            })
            .collect(),
    };

    // 四、重点人群与事项
    let repeat = Table {
        title: x.sub_repeat.clone(),
        header: vec![
            x.col_resident.clone(),
            x.col_village.clone(),
            x.col_count.clone(),
            x.col_requests.clone(),
        ],
        rows: r
            .repeat_households
            .iter()
            .map(|h| {
                vec![
                    name(&h.resident, opts).into(),
                    h.village.as_str().into(),
                    (h.request_ids.len() as u32).into(),
                    ids(&h.request_ids).into(),
                ]
            })
            .collect(),
    };
    let brief_header = vec![
        x.col_id.clone(),
        x.col_received.clone(),
        x.col_village.clone(),
        x.col_resident.clone(),
        x.col_title.clone(),
        x.col_status.clone(),
    ];
    let brief_rows = |list: &[crate::domain::analysis::Brief]| -> Vec<Vec<Cell>> {
        list.iter()
            .map(|b| {
                vec![
                    Cell::Int(b.id),
                    b.received.to_string().into(),
                    b.village.as_str().into(),
                    name(&b.resident, opts).into(),
                    b.title.as_str().into(),
                    label(&t.status, b.status.code()).into(),
                ]
            })
            .collect()
    };
    let collective = Table {
        title: x.sub_collective.clone(),
        header: brief_header.clone(),
        rows: brief_rows(&r.collective),
    };
    let oldest = Table {
        title: x.sub_oldest.clone(),
        header: brief_header,
        rows: brief_rows(&r.oldest_open),
    };
    let unhappy = Table {
        title: x.sub_dissatisfied.clone(),
        header: vec![
            x.col_id.clone(),
            x.col_date.clone(),
            x.col_village.clone(),
            x.col_resident.clone(),
            x.col_title.clone(),
            x.col_comment.clone(),
        ],
        rows: r
            .dissatisfied
            .iter()
            .map(|d| {
                vec![
                    Cell::Int(d.request_id),
                    d.day.to_string().into(),
                    d.village.as_str().into(),
                    name(&d.resident, opts).into(),
                    d.title.as_str().into(),
                    d.comment.as_str().into(),
                ]
            })
            .collect(),
    };

    // 五、潜在问题
    let warnings = Table {
        title: String::new(),
        header: vec![x.col_warning.clone(), x.col_reason.clone(), x.col_ids.clone()],
        rows: r
            .warnings
            .iter()
            .map(|w| {
                let code = w.kind.code();
                let list = match w.kind {
                    WarningKind::StaleGrid | WarningKind::StalledDecision => String::new(),
                    WarningKind::Unvisited => w
                        .ids
                        .iter()
                        .map(|id| fill(&x.household_ref, &[("id", id)]))
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => ids(&w.ids),
                };
                vec![
                    label(&x.warning, code).into(),
                    crate::text::reports::warning_reason(w, lang).into(),
                    list.into(),
                ]
            })
            .collect(),
    };

    Doc {
        title,
        meta,
        sections: vec![
            Section {
                heading: x.sec_figures.clone(),
                sheet: x.sheet_figures.clone(),
                bars: Vec::new(),
                tables: vec![figures],
            },
            Section {
                heading: x.sec_trend.clone(),
                sheet: x.sheet_trend.clone(),
                bars: vec![trend_bars],
                tables: vec![Table {
                    title: String::new(),
                    header,
                    rows: trend_rows,
                }],
            },
            Section {
                heading: x.sec_hot.clone(),
                sheet: x.sheet_hot.clone(),
                bars: vec![hot_bars],
                tables: vec![matrix, grids, topics],
            },
            Section {
                heading: x.sec_people.clone(),
                sheet: x.sheet_people.clone(),
                bars: Vec::new(),
                tables: vec![repeat, collective, oldest, unhappy],
            },
            Section {
                heading: x.sec_warnings.clone(),
                sheet: x.sheet_warnings.clone(),
                bars: Vec::new(),
                tables: vec![warnings],
            },
        ],
        charts: vec![
            ChartSpec {
                kind: ChartKind::Line,
                sheet: x.sheet_trend.clone(),
                title: x.chart_trend.clone(),
                table: 0,
                labels: (0, 0),
                values: (1..trend_columns).collect(),
                max_rows: usize::MAX,
            },
            ChartSpec {
                kind: ChartKind::Bar,
                sheet: x.sheet_hot.clone(),
                title: x.sub_matrix.clone(),
                table: 0,
                labels: (0, 1),
                values: vec![2, 3],
                max_rows: 10,
            },
            ChartSpec {
                kind: ChartKind::Bar,
                sheet: x.sheet_hot.clone(),
                title: x.sub_grids.clone(),
                table: 1,
                labels: (0, 0),
                values: vec![4],
                max_rows: 10,
            },
        ],
    }
}

/// The monthly table sent to the county: one row per village and a total.
pub fn monthly_document(rows: &[MonthlyRow], kind: PeriodKind, span: Span, opts: &Options) -> Doc {
    let lang = opts.lang;
    let x = a(lang);
    let (title, mut meta) = head(opts, kind, span, &x.monthly_title);
    meta.push(fill(
        &x.presenter_line,
        &[("name", &opts.presenter), ("date", &opts.date)],
    ));
    meta.push(fill(&x.as_of_line, &[("date", &span.to.min(opts.date))]));
    let table = Table {
        title: String::new(),
        header: [
            &x.col_village,
            &x.f_new,
            &x.f_escalated,
            &x.f_assigned,
            &x.f_resolved,
            &x.f_open,
            &x.f_awaiting,
            &x.f_late,
            &x.f_satisfaction,
            &x.col_yoy,
            &x.col_mom,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: rows
            .iter()
            .map(|m| {
                let f = &m.figures.now;
                vec![
                    if m.village.is_empty() {
                        x.total.as_str().into()
                    } else {
                        m.village.as_str().into()
                    },
                    f.new.into(),
                    f.escalated.into(),
                    f.assigned.into(),
                    f.resolved.into(),
                    f.open.into(),
                    f.awaiting_callback.into(),
                    rate_cell(f.late, lang),
                    rate_cell(f.satisfaction, lang),
                    change_cell(m.year_on_year(), lang),
                    change_cell(m.period_on_period(), lang),
                ]
            })
            .collect(),
    };
    Doc {
        title,
        meta,
        sections: vec![Section {
            heading: String::new(),
            sheet: x.sheet_monthly.clone(),
            bars: Vec::new(),
            tables: vec![table],
        }],
        charts: Vec::new(),
    }
}
