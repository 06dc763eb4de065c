//! The visit plan of a cadre, as a box over the pane: households of their
//! grids not visited this year, in plan order.

use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::panes::assessment::update::PlanView;
use crate::text;
use crate::text::i18n::{Texts, fill};
use crate::ui::widgets::table::{Column, Width, fitted_widths};
use crate::ui::{theme, widgets};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const KEYS: [Action; 6] = [
    Action::LogVisit,
    Action::LogStay,
    Action::ExportXlsx,
    Action::ExportCsv,
    Action::ExportText,
    Action::Back,
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, plan: &PlanView, t: &Texts, keymap: &Keymap) {
    let a = &t.assess;
    // The whole pane: a box inset from it would leave pieces of the map's
    // cells showing at the screen edge.
    let rect = area;
    widgets::clear_overlay(frame, rect);
    let title = fill(&a.plan_title, &[("cadre", &plan.cadre_name), ("n", &plan.rows.len())]);
    let block = state.theme.block().title(format!(
        " {} ",
        text::truncate(&title, rect.width.saturating_sub(4) as usize)
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let height = inner.height.saturating_sub(2) as usize;
    state.layout.list_rows.set(height);
    let offset = Selection::window_start(plan.list.selected, height);
    let page: Vec<[String; 8]> = plan
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| crate::export::assessment::plan_cells(r, i + 1, state.lang))
        .collect();
    // #, grid (only when the cadre has several), head, address (fills),
    // phone, open, verified, tags
    let several = plan.rows.iter().any(|r| r.grid != plan.rows[0].grid);
    let columns = [
        Column::right(&a.col_position, 4),
        Column::new(&a.col_grid, Width::Fixed(if several { 10 } else { 0 })),
        Column::new(&a.col_head, Width::Fixed(8)),
        Column::new(&a.col_address, Width::Fill),
        Column::new(&a.col_phone, Width::Fixed(11)),
        Column::right(&a.col_open, 4),
        Column::new(&a.col_verified, Width::Fixed(10)),
        Column::new(&a.col_tags, Width::Fixed(12)),
    ];
    let widest: Vec<u16> = (0..columns.len())
        .map(|c| page.iter().map(|r| text::width(&r[c]) as u16).max().unwrap_or(0))
        .collect();
    let cols = fitted_widths(&columns, inner.width, &widest);
    let row = |cells: &[String; 8]| -> String {
        cells
            .iter()
            .zip(&cols)
            .zip(&columns)
            .filter(|((_, w), _)| **w > 0)
            .map(|((c, w), col)| {
                if col.right {
                    text::fit_right(c, *w as usize)
                } else {
                    text::fit(c, *w as usize)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut lines = vec![Line::styled(
        row(&columns.each_ref().map(|c| c.title.to_string())),
        theme::header(),
    )];
    if plan.rows.is_empty() {
        lines.push(Line::styled(a.plan_empty.clone(), theme::muted()));
    }
    for (k, cells) in page.iter().enumerate() {
        let i = offset + k;
        let style = if i == plan.list.selected {
            theme::selected()
        } else if plan.rows[i].open_requests > 0 {
            theme::warning()
        } else {
            Default::default()
        };
        lines.push(Line::styled(row(cells), style));
    }
    while lines.len() < inner.height.saturating_sub(1) as usize {
        lines.push(Line::raw(""));
    }
    let mut legend = vec![Span::raw("")];
    legend.extend(crate::panes::keys::legend(keymap, Context::Plan, &KEYS, t));
    lines.push(Line::from(legend));
    frame.render_widget(Paragraph::new(lines), inner);
}
