//! The assessment table; columns drop from the right end of the less
//! important ones when the terminal is narrow.

use crate::app::state::State;
use crate::panes::assessment::update::table_rows;
use crate::text::i18n::Texts;
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::Rect;

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |d| format!("{d:.1}"))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let a = &t.assess;
    let wide = area.width >= 118;
    let detail = area.width >= 96;
    let by_grid = state.assess.by_grid;
    let mut columns = vec![
        Column::new(if by_grid { &a.col_grid } else { &a.col_name }, Width::Fill),
        Column::right(&a.col_households, 5),
        Column::right(&a.col_coverage, 9),
        Column::right(&a.col_village, 5),
        Column::right(&a.col_overnight, 5),
        Column::right(&a.col_awareness, 9),
        Column::right(&a.col_satisfaction, 9),
        Column::right(&a.col_open, 4),
        Column::right(&a.col_overdue, 4),
    ];
    if detail {
        columns.insert(
            1,
            Column::new(if by_grid { &a.col_cadre } else { &a.col_grid }, Width::Fill),
        );
    }
    if wide {
        columns.push(Column::right(&a.col_callback, 9));
        columns.push(Column::right(&a.col_avg_days, 6));
        columns.push(Column::right(&a.col_urges, 4));
    }
    let view = TableView {
        title: if by_grid {
            a.title_grids.clone()
        } else {
            a.title_cadres.clone()
        },
        columns,
        theme: state.theme,
        empty_note: crate::panes::empty_note(state, t),
    };
    let rows = table_rows(state);
    let rows = view.render(frame, area, state.list(), &t.chrome.position, |i| {
        let Some(u) = rows.get(i) else { return vec![] };
        let name = if u.below_quota() {
            format!("*{}", u.name)
        } else {
            u.name.clone()
        };
        let quota = |q: crate::domain::assessment::QuotaCheck| {
            if q.below() {
                Cell::styled(q.display(), theme::warning())
            } else {
                Cell::new(q.display())
            }
        };
        let mut cells = vec![
            Cell::new(name),
            Cell::new(u.households.to_string()),
            Cell::new(format!("{} {}", u.visited_this_year, u.coverage().percent_text())),
            quota(u.village_visits),
            quota(u.overnights),
            Cell::new(u.rates.awareness.display()),
            Cell::new(u.rates.satisfaction.display()),
            Cell::new(u.open_requests.to_string()),
            if u.overdue_requests > 0 {
                Cell::styled(u.overdue_requests.to_string(), theme::danger())
            } else {
                Cell::new("0")
            },
        ];
        if detail {
            cells.insert(1, Cell::new(u.detail.clone()));
        }
        if wide {
            cells.push(Cell::new(u.callback_satisfaction.display()));
            cells.push(Cell::new(days(u.avg_resolve_days)));
            cells.push(Cell::new(u.urges.to_string()));
        }
        cells
    });
    state.layout.list_rows.set(rows);
}
