//! 诉求: every request with its status, channel, age and due date.

use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::due::{DueIn, due_in, parse_day};
use crate::store::requests::RequestRow;
use crate::ui::i18n::{Texts, fill, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let c = &t.columns;
    let view = TableView {
        title: t.titles.requests.clone(),
        columns: vec![
            Column::right(&c.id, 5),
            Column::new(&c.received, Width::Fixed(10)),
            Column::new(&c.channel, Width::Fixed(6)),
            Column::new(&c.village, Width::Fixed(8)),
            Column::new(&c.resident, Width::Fixed(8)),
            Column::new(&c.category, Width::Fixed(8)),
            Column::new(&c.title, Width::Fill),
            Column::new(&c.assignee, Width::Fixed(8)),
            Column::new(&c.status, Width::Fixed(8)),
            Column::new(&c.due, Width::Fixed(10)),
        ],
        empty_note: super::empty_note(state, t),
    };
    view.render(frame, area, state.list(), &t.chrome.position, |i| {
        let r = &data.requests[i];
        vec![
            Cell::new(r.id.to_string()),
            Cell::new(r.received_at.get(..10).unwrap_or(&r.received_at)),
            Cell::new(label(&t.channel, &r.channel)),
            Cell::new(r.village.clone().unwrap_or_default()),
            Cell::new(r.resident.clone().unwrap_or_default()),
            Cell::new(r.category.clone().unwrap_or_default()),
            Cell::new(&r.title),
            Cell::new(r.assignee.clone().unwrap_or_default()),
            Cell::new(label(&t.status, &r.status)),
            due_cell(r, state.today, t),
        ]
    });
}

/// Relative due date; only requests still being worked on can be late.
fn due_cell(r: &RequestRow, today: NaiveDate, t: &Texts) -> Cell {
    let open = matches!(r.status.as_str(), "received" | "assigned" | "in_progress" | "escalated");
    let Some(due) = r.due_at.as_deref().and_then(parse_day).filter(|_| open) else {
        return Cell::styled(&t.due.none, theme::muted());
    };
    match due_in(due, today) {
        DueIn::Overdue(n) => Cell::styled(fill(&t.due.overdue_days, &[("n", &n)]), theme::danger()),
        DueIn::Today => Cell::styled(&t.due.today, theme::warning()),
        DueIn::Days(1) => Cell::styled(fill(&t.due.in_days, &[("n", &1)]), theme::warning()),
        DueIn::Days(n) => Cell::new(fill(&t.due.in_days, &[("n", &n)])),
    }
}
