//! The register itself, browsable, when no query is typed.

use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::dates::parse_day;
use crate::text::i18n::Texts;
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let c = &t.columns;
    let view = TableView {
        title: t.titles.households.clone(),
        columns: vec![
            Column::new(&c.head, Width::Fixed(10)),
            Column::new(&c.address, Width::Fill),
            Column::new(&c.grid, Width::Fixed(14)),
            Column::right(&c.members, 6),
            Column::new(&c.tags, Width::Fixed(16)),
            Column::new(&c.verified, Width::Fixed(10)),
        ],
        theme: state.theme,
        empty_note: crate::panes::setup::empty_register_note(state, t)
            .unwrap_or_else(|| crate::panes::empty_note(state, t)),
    };
    let rows = view.render(frame, area, state.list(), &t.chrome.position, |i| {
        let h = &data.households[i];
        let verified = h.verified_at.as_deref().and_then(parse_day);
        let stale = super::card::is_stale(verified, state.today, data.stale_after_months);
        let verified_text = verified.map_or(t.chrome.never.clone(), |d| d.format("%Y-%m-%d").to_string());
        vec![
            Cell::new(h.head.clone().unwrap_or_default()),
            Cell::new(&h.address),
            Cell::new(&h.grid),
            Cell::new(h.members.to_string()),
            Cell::new(crate::text::i18n::tags(t, &h.tags)),
            Cell::styled(verified_text, if stale { theme::warning() } else { Default::default() }),
        ]
    });
    state.layout.list_rows.set(rows);
}
