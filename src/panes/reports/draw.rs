//! Drawing the reports pane: the header (period, scope, theme, "计算中"),
//! the section tabs, then the section. Tables come from the report's
//! document (`export::analysis::document`), so the screen and the printed
//! report show the same figures, names masked the same way.

use super::state::{Computed, Section};
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::export::analysis::{Doc, Options, Table, document, span_label};
use crate::text::i18n::{Texts, fill, label};
use crate::text::{self};
use crate::ui::theme;
use crate::ui::widgets::table::{Column, Width, layout_widths};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The report as its document, names shown in full only to a user who may reveal.
pub fn doc_of(c: &Computed, state: &State) -> Doc {
    document(
        &c.report,
        &Options {
            township: c.township.clone(),
            presenter: state.user.clone(),
            date: state.today,
            full_names: state.can_reveal,
            lang: state.lang,
        },
    )
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let v = &state.reports;
    let [head, tabs, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(header(state, t)), head);
    let Some(c) = &v.shown else {
        let note = v.failed.clone().unwrap_or_else(|| t.reports.computing.clone());
        frame.render_widget(Paragraph::new(Line::styled(note, theme::muted())), body);
        return;
    };
    if let Some(list) = &v.list {
        super::lists::warning_list(frame, tabs.union(body), state, list, t);
        return;
    }
    frame.render_widget(Paragraph::new(section_tabs(state, c, t)), tabs);
    let doc = doc_of(c, state);
    match v.section {
        Section::Figures => super::charts::figures(frame, body, state, c, &doc, t),
        Section::Trend => super::charts::trend(frame, body, state, c, t),
        Section::Hot => super::lists::hot(frame, body, state, c, &doc, t),
        Section::People => super::lists::people(frame, body, state, &doc),
        Section::Warnings => super::lists::warnings(frame, body, state, c, t),
    }
}

/// "月度 2026-11-01 至 2026-11-30｜全镇｜全部｜截至 2026-11-26", and the
/// "计算中" mark while a new report is computed.
fn header(state: &State, t: &Texts) -> Line<'static> {
    let x = &t.reports;
    let v = &state.reports;
    let mut spans = vec![Span::styled(format!(" {} ", x.title), theme::title())];
    if let Some(c) = &v.shown {
        let r = &c.report;
        let a = &t.analysis;
        let place = match &r.selection.place {
            crate::domain::analysis::Place::Township => a.township.clone(),
            crate::domain::analysis::Place::Village(n) | crate::domain::analysis::Place::Grid(n) => n.clone(),
        };
        spans.push(Span::raw(fill(
            &x.header,
            &[
                ("period", &label(&a.period, r.kind.code())),
                ("from", &r.span.from),
                ("to", &r.span.to),
                ("scope", &place),
                ("theme", &theme_text(&r.selection.theme, t)),
                ("as_of", &r.as_of),
            ],
        )));
    }
    if v.computing {
        spans.push(Span::styled(format!("  {}", x.computing), theme::warning()));
    }
    Line::from(spans)
}

pub fn theme_text(theme: &crate::domain::analysis::Theme, t: &Texts) -> String {
    use crate::domain::analysis::Theme;
    let a = &t.analysis;
    match theme {
        Theme::All => a.theme_all.clone(),
        Theme::Category(n) => fill(&a.theme_category, &[("name", n)]),
        Theme::Tag(n) => fill(&a.theme_tag, &[("name", n)]),
        Theme::Channel(c) => fill(&a.theme_channel, &[("name", &label(&t.channel, c))]),
    }
}

fn section_tabs(state: &State, c: &Computed, t: &Texts) -> Line<'static> {
    let x = &t.reports;
    let mut spans = Vec::new();
    for s in Section::ALL {
        let name = match s {
            Section::Figures => x.sec_figures.clone(),
            Section::Trend => x.sec_trend.clone(),
            Section::Hot => x.sec_hot.clone(),
            Section::People => x.sec_people.clone(),
            Section::Warnings => fill(&x.sec_warnings, &[("n", &c.report.warnings.len())]),
        };
        let style = if s == state.reports.section {
            theme::tab_active()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {name} "), style));
        spans.push(Span::raw("|"));
    }
    spans.pop();
    Line::from(spans)
}

/// The period labels of the trend, oldest first.
pub fn trend_labels(c: &Computed) -> Vec<String> {
    c.report
        .trend
        .spans
        .iter()
        .map(|s| span_label(c.report.kind, *s))
        .collect()
}

/// Draws a document table in a bordered block: numbers right-aligned at
/// their width, text columns sharing the rest; `selected` is highlighted
/// and kept in view.
pub fn table(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    t: &Table,
    title: &str,
    selected: Option<usize>,
    empty: &str,
) {
    let block = state.theme.block().title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let numeric: Vec<bool> = (0..t.header.len()).map(|i| is_numeric(t, i)).collect();
    let columns: Vec<Column> = t
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let w = t
                .rows
                .iter()
                .map(|r| r.get(i).map_or(0, |c| text::width(&c.text())))
                .chain([text::width(h)])
                .max()
                .unwrap_or(1) as u16;
            if numeric[i] {
                Column::right(h, w)
            } else if w <= NARROW && !t.rows.is_empty() {
                // Dates, statuses, short names keep their width.
                Column::new(h, Width::Fixed(w))
            } else {
                Column::new(h, Width::Fill)
            }
        })
        .collect();
    let widths = layout_widths(&columns, inner.width);
    let line = |cells: Vec<String>, style: Style| -> Line<'static> {
        let mut spans = Vec::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            let fitted = if numeric[i] {
                text::fit_right(c, *w as usize)
            } else {
                text::fit(c, *w as usize)
            };
            spans.push(Span::styled(fitted, style));
        }
        Line::from(spans)
    };
    let mut lines = vec![line(t.header.clone(), theme::header())];
    if t.rows.is_empty() {
        lines.push(Line::styled(empty.to_string(), theme::muted()));
    }
    let height = inner.height.saturating_sub(1) as usize;
    if selected.is_some() {
        // The list the keys move in: its rows are a page.
        state.layout.list_rows.set(height);
    }
    let offset = selected.map_or(0, |s| Selection::window_start(s, height));
    for (k, r) in t.rows.iter().enumerate().skip(offset).take(height) {
        let style = if Some(k) == selected {
            theme::selected()
        } else {
            Style::new()
        };
        lines.push(line(r.iter().map(|c| c.text()).collect(), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A text column at most this wide keeps its width; wider ones share the rest.
const NARROW: u16 = 10;

/// Numbers, and "—" where there is no base, are right-aligned.
fn is_numeric(t: &Table, i: usize) -> bool {
    use crate::export::analysis::Cell;
    !t.rows.is_empty()
        && t.rows
            .iter()
            .all(|r| !matches!(r.get(i), Some(Cell::Text(s)) if s != "—" && s != "-"))
}

/// An agenda item's title, marked when a report is attached to it (the
/// agenda builder's hook).
pub fn attached_title(state: &State, item: &crate::model::meetings::ItemDetail, t: &Texts) -> String {
    if state.agenda.attached.iter().any(|a| a.item_id == item.id) {
        format!("{}{}", item.title, t.reports.attached_mark)
    } else {
        item.title.clone()
    }
}
