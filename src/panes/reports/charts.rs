//! The figures and trend sections, with ratatui's `BarChart`, `Sparkline`
//! and `Chart`. Every bar carries its figure; a sparkline's figures are in
//! its title, since its cells cannot hold them.

use super::draw::{table, trend_labels};
use super::state::Computed;
use crate::app::state::State;
use crate::export::analysis::Doc;
use crate::text::i18n::{Texts, fill};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Chart, Dataset, GraphType, Paragraph, Sparkline};

/// Colours of the trend lines: overall, then the top categories.
const LINE_COLOURS: [Color; 4] = [Color::White, Color::Cyan, Color::Yellow, Color::Magenta];

/// Horizontal bars, each with its label and its figure.
fn bars(frame: &mut Frame, area: Rect, state: &State, title: &str, rows: &[(String, u64, String)]) {
    let block = state.theme.block().title(format!(" {title} "));
    let data: Vec<Bar> = rows
        .iter()
        .map(|(label, value, shown)| {
            Bar::default()
                .label(Line::from(label.clone()))
                .value(*value)
                .text_value(shown.clone())
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Cyan))
        .value_style(Style::new().fg(Color::White))
        .data(BarGroup::default().bars(&data));
    frame.render_widget(chart, area);
}

fn series_text(values: &[u32]) -> String {
    values.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
}

/// Intake and handling with 环比 and 同比; on a wide screen the period's
/// main counts as bars; under them the 12-period sparkline.
pub fn figures(frame: &mut Frame, area: Rect, state: &State, c: &Computed, doc: &Doc, t: &Texts) {
    let x = &t.reports;
    let [top, spark] = Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(area);
    let (left, right) = if top.width >= 100 {
        let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(34)]).areas(top);
        (l, Some(r))
    } else {
        (top, None)
    };
    if let Some(figures) = doc.sections.first().and_then(|s| s.tables.first()) {
        table(frame, left, state, figures, &x.sec_figures, None, &t.analysis.none);
    }
    let f = &c.report.figures.now;
    let a = &t.analysis;
    if let Some(right) = right {
        let rows: Vec<(String, u64, String)> = [
            (&a.f_new, f.new),
            (&a.f_resolved, f.resolved),
            (&a.f_open, f.open),
            (&a.f_overdue, f.overdue),
            (&a.f_awaiting, f.awaiting_callback),
            (&a.f_callbacks, f.callbacks),
        ]
        .into_iter()
        .map(|(l, n)| (l.clone(), u64::from(n), n.to_string()))
        .collect();
        bars(frame, right, state, &x.bars_now, &rows);
    }
    let overall = &c.report.trend.overall;
    let title = fill(&x.spark_title, &[("values", &series_text(overall))]);
    let block = state.theme.block().title(format!(" {title} "));
    let data: Vec<u64> = overall.iter().map(|n| u64::from(*n)).collect();
    frame.render_widget(
        Sparkline::default()
            .block(block)
            .data(&data)
            .style(Style::new().fg(Color::Cyan)),
        spark,
    );
}

/// The last 12 periods: bars with figures, a line chart of the total and
/// the top categories, and a sparkline per category with its figures.
pub fn trend(frame: &mut Frame, area: Rect, state: &State, c: &Computed, t: &Texts) {
    let x = &t.reports;
    let tr = &c.report.trend;
    let labels = trend_labels(c);
    let [left, right] = Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area);
    let rows: Vec<(String, u64, String)> = labels
        .iter()
        .zip(&tr.overall)
        .map(|(l, n)| (l.clone(), u64::from(*n), n.to_string()))
        .collect();
    bars(frame, left, state, &x.trend_bars, &rows);

    let cats = tr.categories.len() as u16;
    let [chart_area, spark_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(if cats > 0 { cats + 2 } else { 0 }),
    ])
    .areas(right);
    let points: Vec<Vec<(f64, f64)>> = std::iter::once(&tr.overall)
        .chain(tr.categories.iter().map(|(_, v)| v))
        .map(|v| v.iter().enumerate().map(|(i, n)| (i as f64, f64::from(*n))).collect())
        .collect();
    let names: Vec<String> = std::iter::once(t.analysis.col_all.clone())
        .chain(tr.categories.iter().map(|(n, _)| n.clone()))
        .collect();
    let datasets: Vec<Dataset> = points
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(i, (p, n))| {
            Dataset::default()
                .name(n.clone())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(LINE_COLOURS[i % LINE_COLOURS.len()]))
                .data(p)
        })
        .collect();
    let max = tr.overall.iter().copied().max().unwrap_or(0).max(1);
    let first = labels.first().cloned().unwrap_or_default();
    let last = labels.last().cloned().unwrap_or_default();
    let chart = Chart::new(datasets)
        .block(state.theme.block().title(format!(" {} ", x.trend_chart)))
        .x_axis(
            Axis::default()
                .bounds([0.0, (labels.len().max(2) - 1) as f64])
                .labels([Line::from(first), Line::from(last)]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, f64::from(max)])
                .labels([Line::from("0"), Line::from(max.to_string())]),
        );
    frame.render_widget(chart, chart_area);

    if cats == 0 {
        return;
    }
    let block = state.theme.block().title(format!(" {} ", x.trend_categories));
    let inner = block.inner(spark_area);
    frame.render_widget(block, spark_area);
    let name_w = 10u16.min(inner.width / 3);
    for (k, (name, values)) in tr.categories.iter().enumerate() {
        let row = Rect {
            y: inner.y + k as u16,
            height: 1,
            ..inner
        };
        if row.y >= inner.bottom() {
            break;
        }
        let numbers = series_text(values);
        let num_w = (crate::text::width(&numbers) as u16).min(row.width.saturating_sub(name_w + 13));
        let [n, s, f] = Layout::horizontal([
            Constraint::Length(name_w),
            Constraint::Length(12),
            Constraint::Length(num_w + 1),
        ])
        .areas(row);
        frame.render_widget(Paragraph::new(crate::text::fit(name, name_w as usize)), n);
        let data: Vec<u64> = values.iter().map(|v| u64::from(*v)).collect();
        frame.render_widget(
            Sparkline::default()
                .data(&data)
                .style(Style::new().fg(LINE_COLOURS[(k + 1) % LINE_COLOURS.len()])),
            s,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", crate::text::truncate(&numbers, num_w as usize)),
                theme::muted(),
            )),
            f,
        );
    }
}
