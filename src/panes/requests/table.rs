//! The triage table: view, sort and marks in the title; due dates relative
//! to today and highlighted when late or close.

use crate::app::state::State;
use crate::domain::request::DueState;
use crate::model::requests::BuiltinView;
use crate::model::requests::RequestRow;
use crate::panes::requests::state::RequestsViewId;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn view_name(state: &State, t: &Texts) -> String {
    let r = &t.req;
    match &state.requests.view {
        RequestsViewId::Open => r.view_open.clone(),
        RequestsViewId::All => r.view_all.clone(),
        RequestsViewId::Builtin(BuiltinView::MyQueue) => r.view_my_queue.clone(),
        RequestsViewId::Builtin(BuiltinView::Overdue) => r.view_overdue.clone(),
        RequestsViewId::Builtin(BuiltinView::Unassigned) => r.view_unassigned.clone(),
        RequestsViewId::Builtin(BuiltinView::Escalated) => r.view_escalated.clone(),
        RequestsViewId::CallbacksDue => r.view_callbacks.clone(),
        RequestsViewId::Saved { name, .. } => name.clone(),
        RequestsViewId::Grid { name, .. } => fill(&r.view_grid, &[("name", name)]),
        RequestsViewId::Ids { title, .. } => title.clone(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let c = &t.columns;
    let r = &t.req;
    let mut title = format!(
        "{} - {}  {}",
        t.titles.requests,
        fill(&r.view_label, &[("name", &view_name(state, t))]),
        fill(
            &r.sort_label,
            &[("name", &label(&t.sort, &format!("{:?}", state.requests.spec.sort)))]
        ),
    );
    // Active filters are always in sight (issue 12; F clears them).
    let filters = crate::panes::requests::filters::active(state, t);
    if !filters.is_empty() {
        title.push_str(&format!(
            "  {}",
            fill(&t.clerkflow.filters, &[("list", &filters.join(&t.clerkflow.list_sep))])
        ));
    }
    if let Some(missing) = state
        .data
        .as_ref()
        .map(|d| &d.calendar_missing)
        .filter(|m| !m.is_empty())
    {
        let years: Vec<String> = missing.iter().map(|y| y.to_string()).collect();
        title.push_str(&format!(
            "  {}",
            fill(&r.calendar_missing, &[("years", &years.join(&t.clerkflow.name_sep))])
        ));
    }
    if !state.requests.marked.is_empty() {
        title.push_str(&format!(
            "  {}",
            fill(&r.marked, &[("n", &state.requests.marked.len())])
        ));
    }
    if state.requests.loading {
        title.push_str(&format!("  {}", t.scale.refreshing));
    }
    let view = TableView {
        title,
        columns: vec![
            Column::new("", Width::Fixed(1)),
            Column::right(&c.id, 5),
            Column::new(&c.received, Width::Fixed(10)).hide_below(100),
            Column::new(&c.channel, Width::Fixed(6)).hide_below(90),
            Column::new(&c.village, Width::Fixed(10)),
            Column::new(&c.resident, Width::Fixed(8)),
            Column::new(&c.category, Width::Fixed(8)).hide_below(110),
            Column::new(&c.title, Width::Fill),
            Column::new(&c.assignee, Width::Fixed(8)),
            Column::new(&c.status, Width::Fixed(8)),
            Column::new(&c.due, Width::Fixed(10)),
        ],
        theme: state.theme,
        empty_note: crate::panes::setup::empty_register_note(state, t)
            .unwrap_or_else(|| crate::panes::empty_note(state, t)),
    };
    // Only a window of the table is loaded: the title counts in the whole.
    let r = &state.requests;
    let list = state.list();
    let pos = if r.rows.is_empty() {
        0
    } else {
        r.start + list.selected + 1
    };
    let rows = view.render_at(frame, area, list, (pos, r.total), &t.chrome.position, |i| {
        let row = &state.requests.rows[i];
        let marked = state.requests.marked.contains_key(&row.id);
        let place = match (&row.village_name, &row.grid_name) {
            (Some(v), _) => v.clone(),
            (None, Some(g)) => g.clone(),
            _ => String::new(),
        };
        vec![
            Cell::styled(if marked { "*" } else { " " }, theme::key()),
            Cell::new(row.id.to_string()),
            Cell::new(row.received_at.get(..10).unwrap_or(&row.received_at)),
            Cell::new(label(&t.channel, row.channel.code())),
            Cell::new(place),
            Cell::new(row.resident_name.clone().unwrap_or_default()),
            Cell::new(label(&t.category, row.category_name.as_deref().unwrap_or(""))),
            Cell::new(&row.title),
            Cell::new(row.assignee_name.clone().unwrap_or_default()),
            Cell::new(label(&t.status, row.status.code())),
            due_cell(row, t),
        ]
    });
    state.layout.list_rows.set(rows);
}

/// Relative due date: "逾期3天" red, today and tomorrow yellow.
pub fn due_cell(row: &RequestRow, t: &Texts) -> Cell {
    match row.due_state {
        DueState::NotApplicable => Cell::styled(&t.due.none, theme::muted()),
        DueState::Overdue { days } => Cell::styled(fill(&t.due.overdue_days, &[("n", &days)]), theme::danger()),
        DueState::Today => Cell::styled(&t.due.today, theme::warning()),
        DueState::Tomorrow => Cell::styled(fill(&t.due.in_days, &[("n", &1)]), theme::warning()),
        DueState::Upcoming { days } => Cell::new(fill(&t.due.in_days, &[("n", &days)])),
    }
}
