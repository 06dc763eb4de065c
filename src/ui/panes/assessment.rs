//! 考核: each cadre, their grids, coverage of visits and open work.

use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::ui::i18n::{Texts, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let c = &t.columns;
    let view = TableView {
        title: t.titles.cadres.clone(),
        columns: vec![
            Column::new(&c.name, Width::Fixed(8)),
            Column::new(&c.job_title, Width::Fixed(10)),
            Column::new(&c.kind, Width::Fixed(6)),
            Column::new(&c.grids, Width::Fill),
            Column::right(&c.households, 7),
            Column::right(&c.visited, 8),
            Column::right(&c.coverage, 8),
            Column::right(&c.open_requests, 6),
            Column::right(&c.overdue, 6),
        ],
        empty_note: super::empty_note(state, t),
    };
    view.render(frame, area, state.list(), &t.chrome.position, |i| {
        let r = &data.cadres[i];
        // No households means no coverage figure, not 0 %.
        let coverage = if r.households > 0 {
            format!("{}%", r.visited_this_year * 100 / r.households)
        } else {
            "-".to_string()
        };
        vec![
            Cell::new(&r.name),
            Cell::new(&r.title),
            Cell::new(label(&t.role, &r.role)),
            Cell::new(r.grids.join(" ")),
            Cell::new(r.households.to_string()),
            Cell::new(r.visited_this_year.to_string()),
            Cell::new(coverage),
            Cell::new(r.open_requests.to_string()),
            if r.overdue_requests > 0 {
                Cell::styled(r.overdue_requests.to_string(), theme::danger())
            } else {
                Cell::new("0")
            },
        ]
    });
}
