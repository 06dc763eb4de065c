//! The hot spots, people and warnings sections, and the list a warning
//! opens.

use super::draw::table;
use super::state::{Computed, WarningList};
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::domain::analysis::{WarningKind, mask_name};
use crate::export::analysis::Doc;
use crate::text::i18n::{Texts, fill, label};
use crate::text::reports::warning_reason as reason;
use crate::text::{self};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

/// Category × village (selectable), the grids by open requests per 100
/// households as bars with their figures, and the growing topics.
pub fn hot(frame: &mut Frame, area: Rect, state: &State, c: &Computed, doc: &Doc, t: &Texts) {
    let a = &t.analysis;
    let Some(tables) = doc.sections.get(2).map(|s| &s.tables) else {
        return;
    };
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(area);
    if let Some(matrix) = tables.first() {
        table(
            frame,
            left,
            state,
            matrix,
            &a.sub_matrix,
            Some(state.reports.row.selected),
            &a.none,
        );
    }
    let topics_h = (tables.get(2).map_or(0, |t| t.rows.len()) as u16 + 3).clamp(4, 8);
    let [grids_area, topics_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(topics_h)]).areas(right);
    let block = state.theme.block().title(format!(" {} ", a.sub_grids));
    if c.report.grids.is_empty() {
        let inner = block.inner(grids_area);
        frame.render_widget(block, grids_area);
        frame.render_widget(Paragraph::new(Line::styled(a.none.clone(), theme::muted())), inner);
    } else {
        let bars: Vec<Bar> = c
            .report
            .grids
            .iter()
            .map(|g| {
                Bar::default()
                    .label(Line::from(g.grid.clone()))
                    .value((g.per_100 * 10.0).round() as u64)
                    .text_value(format!("{:.1} ({}/{})", g.per_100, g.open, g.households))
            })
            .collect();
        frame.render_widget(
            BarChart::default()
                .block(block)
                .direction(Direction::Horizontal)
                .bar_width(1)
                .bar_gap(0)
                .bar_style(Style::new().fg(Color::Yellow))
                .value_style(Style::new().fg(Color::White))
                .data(BarGroup::default().bars(&bars)),
            grids_area,
        );
    }
    if let Some(topics) = tables.get(2) {
        table(frame, topics_area, state, topics, &a.sub_topics, None, &a.none);
    }
}

/// Repeat callers, collective requests, the oldest open requests and the
/// dissatisfied callbacks; the selection runs through the four in turn.
pub fn people(frame: &mut Frame, area: Rect, state: &State, doc: &Doc) {
    let t = crate::text::i18n::texts(state.lang);
    let a = &t.analysis;
    let Some(tables) = doc.sections.get(3).map(|s| &s.tables) else {
        return;
    };
    let [top, bottom] = Layout::vertical([Constraint::Percentage(50); 2]).areas(area);
    let [q0, q1] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(top);
    let [q2, q3] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(bottom);
    let (sel, mut start) = (state.reports.row.selected, 0);
    for (tab, quarter) in tables.iter().zip([q0, q1, q2, q3]) {
        let selected = (sel >= start && sel < start + tab.rows.len()).then(|| sel - start);
        start += tab.rows.len();
        table(frame, quarter, state, tab, &tab.title, selected, &a.none);
    }
}

/// The warnings, each with why it was raised; under them the selected one
/// in full and what `Enter` opens.
pub fn warnings(frame: &mut Frame, area: Rect, state: &State, c: &Computed, t: &Texts) {
    let x = &t.reports;
    let a = &t.analysis;
    let list = &c.report.warnings;
    let [top, detail] = Layout::vertical([Constraint::Fill(1), Constraint::Length(5)]).areas(area);
    let block = state
        .theme
        .block()
        .title(format!(" {} ", fill(&x.sec_warnings, &[("n", &list.len())])));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    if list.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(x.no_warnings.clone(), theme::muted())),
            inner,
        );
        return;
    }
    let height = inner.height as usize;
    state.layout.list_rows.set(height);
    let sel = state.reports.row.selected.min(list.len() - 1);
    let offset = Selection::window_start(sel, height);
    let kind_w = list
        .iter()
        .map(|w| text::width(label(&a.warning, w.kind.code())))
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 3);
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, w)| {
            let style = if i == sel { theme::selected() } else { Style::new() };
            let rest = (inner.width as usize).saturating_sub(kind_w + 1);
            Line::from(vec![
                Span::styled(
                    text::fit(label(&a.warning, w.kind.code()), kind_w),
                    style.patch(theme::warning()),
                ),
                Span::styled(" ", style),
                Span::styled(text::fit(&reason(w, state.lang), rest), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);

    let w = &list[sel];
    let opens = match w.kind {
        WarningKind::RisingInVillage | WarningKind::RisingInGrid | WarningKind::Unmerged => {
            fill(&x.opens_requests, &[("n", &w.ids.len())])
        }
        WarningKind::Unvisited => fill(&x.opens_households, &[("n", &w.ids.len())]),
        WarningKind::StaleGrid => fill(&x.opens_stale, &[("n", &w.count)]),
        WarningKind::StalledDecision => x.opens_decision.clone(),
    };
    let block = state
        .theme
        .block()
        .title(format!(" {} ", label(&a.warning, w.kind.code())));
    let cols = block.inner(detail).width.max(1) as usize;
    let mut lines: Vec<Line> = text::wrap(&reason(w, state.lang), cols)
        .into_iter()
        .map(Line::raw)
        .collect();
    lines.extend(
        text::wrap(&opens, cols)
            .into_iter()
            .map(|l| Line::styled(l, theme::muted())),
    );
    frame.render_widget(Paragraph::new(lines).block(block), detail);
}

/// The households behind a warning; `Enter` opens one's card, `Esc` goes back.
pub fn warning_list(frame: &mut Frame, area: Rect, state: &State, list: &WarningList, t: &Texts) {
    let x = &t.reports;
    let [why, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            text::truncate(&list.reason, why.width as usize),
            theme::warning(),
        )),
        why,
    );
    let table_doc = crate::export::analysis::Table {
        title: list.title.clone(),
        header: vec![
            t.analysis.col_resident.clone(),
            x.col_address.clone(),
            x.col_tags.clone(),
            list.day_head.clone(),
        ],
        rows: list
            .rows
            .iter()
            .map(|r| {
                let name = if state.can_reveal {
                    r.resident.clone()
                } else {
                    mask_name(&r.resident)
                };
                vec![
                    name.into(),
                    r.address.clone().into(),
                    r.tags.clone().into(),
                    r.day.map_or_else(|| x.never.clone(), |d| d.to_string()).into(),
                ]
            })
            .collect(),
    };
    let title = fill(&x.list_title, &[("title", &list.title), ("n", &list.rows.len())]);
    table(
        frame,
        body,
        state,
        &table_doc,
        &title,
        Some(list.selected.selected),
        &t.analysis.none,
    );
}
