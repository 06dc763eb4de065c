//! The decisions board: every open decision, overdue first, with an ASCII
//! progress bar, the age of its last update and the "no progress for 30
//! days" flag; below, the selected decision's timeline and evaluations.

use super::draw::sub_list;
use super::meetings::draw_summary;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::meetings::progress_bar;
use crate::model::meetings::DecisionRow;
use crate::panes::agenda::update::board;
use crate::text;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let rows = super::meetings::summary_rows(state, data, t, area.width);
    let [summary, top, bottom] =
        Layout::vertical([Constraint::Length(rows), Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
    draw_summary(frame, summary, state, data, t);
    let a = &t.agenda.ui;
    let rows = board(state);
    let list = sub_list(
        state.agenda.decision.selected,
        rows.len(),
        top.height.saturating_sub(3) as usize,
    );
    let view = TableView {
        title: a.board_title.clone(),
        columns: vec![
            Column::new(&a.col_deadline, Width::Fixed(10)),
            Column::new(&a.col_owner, Width::Fixed(8)),
            Column::new(&a.col_decision, Width::Fill),
            Column::new(&a.col_progress, Width::Fixed(17)),
            Column::new(&a.col_updated, Width::Fixed(8)),
            Column::new(&a.col_flags, Width::Fixed(if top.width >= 100 { 20 } else { 12 })),
        ],
        theme: state.theme,
        empty_note: &a.no_decisions,
    };
    let shown = view.render(frame, top, &list, &t.chrome.position, |i| {
        let d = rows[i];
        let mut flags = Vec::new();
        if let Some(days) = d.flags.overdue_days {
            flags.push(fill(&a.flag_overdue, &[("n", &days)]));
        }
        if d.flags.stale {
            flags.push(a.flag_stale.clone());
        }
        let style = if d.flags.overdue_days.is_some() {
            theme::error()
        } else if d.flags.stale {
            theme::warning()
        } else {
            ratatui::style::Style::new()
        };
        vec![
            Cell::styled(d.deadline.clone().unwrap_or_else(|| "-".into()), style),
            Cell::new(d.owner.clone().unwrap_or_default()),
            Cell::new(&d.text),
            Cell::new(progress_bar(d.progress, 10)),
            Cell::new(if d.flags.age_days == 0 {
                t.clerkflow.today.clone()
            } else {
                fill(&a.age_days, &[("n", &d.flags.age_days)])
            }),
            Cell::styled(flags.join(" "), style),
        ]
    });
    state.layout.list_rows.set(shown);
    let block = state.theme.block().title(format!(" {} ", a.timeline_title));
    let inner = block.inner(bottom);
    frame.render_widget(block, bottom);
    let lines = match rows.get(state.agenda.decision.selected) {
        Some(d) => timeline(d, t, inner.width as usize, inner.height as usize),
        None => vec![Line::styled(a.no_decision.clone(), theme::muted())],
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

fn timeline(d: &DecisionRow, t: &Texts, w: usize, h: usize) -> Vec<Line<'static>> {
    let a = &t.agenda.ui;
    let status = label(&t.agenda.decision_status, d.status.code());
    let mut lines = vec![Line::styled(
        text::truncate(
            &fill(
                &a.decision_head,
                &[
                    ("meeting", &d.meeting_title),
                    ("topic", &d.topic_title.clone().unwrap_or_default()),
                    ("status", &status),
                ],
            ),
            w,
        ),
        theme::title(),
    )];
    // The full text: the table cuts it at narrow widths.
    for l in text::wrap(&d.text, w).into_iter().take(2) {
        lines.push(Line::raw(l));
    }
    if let Some(p) = &d.published_at {
        lines.push(Line::raw(fill(&a.published_on, &[("date", &p.get(..10).unwrap_or(p))])));
    }
    for e in &d.evaluations {
        let kind = label(&t.agenda.eval_kind, e.kind.code());
        let l = format!("{} {kind} {} {}", e.at.get(..10).unwrap_or(&e.at), e.score, e.note);
        lines.push(Line::styled(text::truncate(&l, w), theme::ok()));
    }
    // Newest notes first: they are what the clerk asks about.
    let room = h.saturating_sub(lines.len());
    if d.notes.is_empty() {
        lines.push(Line::styled(a.no_notes.clone(), theme::muted()));
    }
    for n in d.notes.iter().rev().take(room) {
        let l = format!("{} {:>3}%  {}", n.at.get(..10).unwrap_or(&n.at), n.progress, n.note);
        lines.push(Line::raw(text::truncate(&l, w)));
    }
    lines
}
