//! The visit plan of a cadre, as a box over the pane: households of their
//! grids not visited this year, in plan order.

use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::panes::assessment::update::PlanView;
use crate::text;
use crate::text::i18n::{Texts, fill};
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
    let _ = state;
    let a = &t.assess;
    let rect = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    widgets::clear_overlay(frame, rect);
    let title = fill(&a.plan_title, &[("cadre", &plan.cadre_name), ("n", &plan.rows.len())]);
    let block = state.theme.block().title(format!(
        " {} ",
        text::truncate(&title, rect.width.saturating_sub(4) as usize)
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = inner.width as usize;
    // #, grid (only when the cadre has several), head, address (fills),
    // phone, open, verified, tags
    let several = plan.rows.iter().any(|r| r.grid != plan.rows[0].grid);
    let grid_w = if several { 10 } else { 0 };
    let fixed = [4usize, grid_w, 8, 0, 11, 4, 10, 12];
    let addr_w = w.saturating_sub(fixed.iter().sum::<usize>() + 7).max(6);
    let cols = [4usize, grid_w, 8, addr_w, 11, 4, 10, 12];
    let row = |cells: [String; 8]| -> String {
        cells
            .iter()
            .zip(cols)
            .enumerate()
            .filter(|(_, (_, w))| *w > 0)
            .map(|(i, (c, w))| {
                if i == 0 || i == 5 {
                    text::fit_right(c, w)
                } else {
                    text::fit(c, w)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut lines = vec![Line::styled(
        text::truncate(
            &row([
                a.col_position.clone(),
                a.col_grid.clone(),
                a.col_head.clone(),
                a.col_address.clone(),
                a.col_phone.clone(),
                a.col_open.clone(),
                a.col_verified.clone(),
                a.col_tags.clone(),
            ]),
            w,
        ),
        theme::header(),
    )];
    let height = inner.height.saturating_sub(2) as usize;
    state.layout.list_rows.set(height);
    if plan.rows.is_empty() {
        lines.push(Line::styled(a.plan_empty.clone(), theme::muted()));
    }
    let offset = Selection::window_start(plan.list.selected, height);
    for (i, r) in plan.rows.iter().enumerate().skip(offset).take(height) {
        let line = row(crate::export::assessment::plan_cells(r, i + 1, state.lang));
        let style = if i == plan.list.selected {
            theme::selected()
        } else if r.open_requests > 0 {
            theme::warning()
        } else {
            Default::default()
        };
        lines.push(Line::styled(text::truncate(&line, w), style));
    }
    while lines.len() < inner.height.saturating_sub(1) as usize {
        lines.push(Line::raw(""));
    }
    let mut legend = vec![Span::raw("")];
    legend.extend(crate::panes::keys::legend(keymap, Context::Plan, &KEYS, t));
    lines.push(Line::from(legend));
    frame.render_widget(Paragraph::new(lines), inner);
}
