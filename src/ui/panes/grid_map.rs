//! 网格地图: the grids, their cadres and how many households each covers.

use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::ui::i18n::Texts;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let c = &t.columns;
    let view = TableView {
        title: t.titles.grids.clone(),
        columns: vec![
            Column::new(&c.grid, Width::Fill),
            Column::new(&c.village, Width::Fixed(12)),
            Column::new(&c.cadre, Width::Fixed(10)),
            Column::new(&c.phone, Width::Fixed(11)),
            Column::right(&c.households, 7),
            Column::right(&c.persons, 7),
            Column::right(&c.open_requests, 6),
        ],
        empty_note: super::empty_note(state, t),
    };
    view.render(frame, area, state.list(), &t.chrome.position, |i| {
        let g = &data.grids[i];
        vec![
            Cell::new(&g.name),
            Cell::new(&g.village),
            Cell::new(g.cadre.clone().unwrap_or_default()),
            Cell::new(g.cadre_phone.clone().unwrap_or_default()),
            Cell::new(g.households.to_string()),
            Cell::new(g.persons.to_string()),
            Cell::new(g.open_requests.to_string()),
        ]
    });
}
