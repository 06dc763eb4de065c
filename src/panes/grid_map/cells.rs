//! Placing the grid cells by their map row/column, scaled to the area, and
//! drawing each as a box: name, cadre, households and the layer's figure.

use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::panes::PaneId;
use crate::text;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const MIN_W: u16 = 8;
const MAX_W: u16 = 26;
const MIN_H: u16 = 4;
const MAX_H: u16 = 6;

/// Where one grid's cell is drawn; `grid` indexes the snapshot's grids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPlace {
    pub grid: usize,
    pub rect: Rect,
}

/// Cells for `(grid index, map row, map col)` in `area`: the map is scaled
/// to fill the area within sensible cell sizes; when it does not fit, the
/// window scrolls to keep `focus` (row, col) in view.
pub fn layout(positions: &[(usize, i64, i64)], area: Rect, focus: Option<(i64, i64)>) -> Vec<CellPlace> {
    if positions.is_empty() || area.width < MIN_W || area.height < MIN_H {
        return Vec::new();
    }
    let rows = positions.iter().map(|p| p.1).max().unwrap_or(0).max(0) as u16 + 1;
    let cols = positions.iter().map(|p| p.2).max().unwrap_or(0).max(0) as u16 + 1;
    let w = (area.width / cols).clamp(MIN_W, MAX_W).min(area.width);
    let h = (area.height / rows).clamp(MIN_H, MAX_H).min(area.height);
    let (vis_cols, vis_rows) = ((area.width / w).max(1) as i64, (area.height / h).max(1) as i64);
    let (fr, fc) = focus.unwrap_or((0, 0));
    let row_off = (fr - vis_rows + 1).max(0);
    let col_off = (fc - vis_cols + 1).max(0);
    positions
        .iter()
        .filter(|(_, r, c)| (row_off..row_off + vis_rows).contains(r) && (col_off..col_off + vis_cols).contains(c))
        .map(|&(grid, r, c)| CellPlace {
            grid,
            rect: Rect::new(
                area.x + (c - col_off) as u16 * w,
                area.y + (r - row_off) as u16 * h,
                w,
                h,
            ),
        })
        .collect()
}

/// A grid's name as the cell shows it: "网格" dropped when it does not fit.
fn short_name(name: &str, cols: usize) -> String {
    if text::width(name) <= cols {
        return name.to_string();
    }
    let short = name.strip_suffix("网格").filter(|s| !s.is_empty()).unwrap_or(name);
    if text::width(short) <= cols {
        return short.to_string();
    }
    // "王家葑村第2": keep the number, which tells the grids of a village
    // apart, and shorten the village part before it.
    if let Some(at) = short.find('第') {
        let (village, number) = short.split_at(at);
        let village = village
            .strip_suffix('村')
            .or_else(|| village.strip_suffix("社区"))
            .unwrap_or(village);
        let room = cols.saturating_sub(text::width(number));
        if room >= 2 {
            let mut head = String::new();
            for c in village.chars() {
                if text::width(&head) + text::char_width(c) > room {
                    break;
                }
                head.push(c);
            }
            return format!("{head}{number}");
        }
    }
    text::truncate(short, cols)
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let list = state.list_of(PaneId::GRID_MAP);
    let selected = list.selected_row();
    let edit = state.assess.map_edit;
    let positions: Vec<(usize, i64, i64)> = data
        .grids
        .iter()
        .enumerate()
        .map(|(i, g)| match edit {
            Some(e) if e.grid_id == g.id => (i, e.row, e.col),
            _ => (i, g.map_row, g.map_col),
        })
        .collect();
    let focus = selected
        .and_then(|s| positions.iter().find(|p| p.0 == s))
        .map(|p| (p.1, p.2));
    for place in layout(&positions, area, focus) {
        let g = &data.grids[place.grid];
        let is_selected = Some(place.grid) == selected;
        let matches = list.visible.contains(&place.grid);
        let (figure, level) = super::draw::figure(state, g.id);
        let level_style = super::draw::level_style(level);
        let inner_w = place.rect.width.saturating_sub(2) as usize;
        let mut border = if matches { level_style } else { theme::muted() };
        let mut title_style = Style::new().add_modifier(Modifier::BOLD);
        let mut block = state.theme.block();
        if is_selected {
            border = border.add_modifier(Modifier::BOLD);
            title_style = theme::selected();
            block = state.theme.emphasised(block, edit.is_some());
        }
        let block = block
            .border_style(border)
            .title(Span::styled(short_name(&g.name, inner_w), title_style));
        let inner = block.inner(place.rect);
        frame.render_widget(block, place.rect);
        let cadre = g.cadre.clone().unwrap_or_else(|| "-".to_string());
        let households = fill(&t.assess.households_short, &[("n", &g.households)]);
        let word = label(&t.assess_level, super::draw::level_code(level));
        // The figure, then the level in words when there is room.
        let with_word = format!("{figure} {word}");
        let shown = if level != crate::domain::assessment::Level::None && text::width(&with_word) <= inner_w {
            with_word
        } else {
            figure
        };
        let figure_line = Line::styled(
            text::truncate(&shown, inner_w),
            if matches {
                level_style.add_modifier(Modifier::BOLD)
            } else {
                theme::muted()
            },
        );
        let lines = match inner.height {
            0 => vec![],
            1 => vec![figure_line],
            2 => vec![
                Line::raw(text::truncate(&format!("{cadre} {households}"), inner_w)),
                figure_line,
            ],
            _ => vec![
                Line::raw(text::truncate(&cadre, inner_w)),
                Line::styled(text::truncate(&households, inner_w), theme::muted()),
                figure_line,
            ],
        };
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: i64, cols: i64) -> Vec<(usize, i64, i64)> {
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| ((r * cols + c) as usize, r, c)))
            .collect()
    }

    #[test]
    fn cells_scale_to_the_area() {
        let cells = layout(&grid(4, 6), Rect::new(0, 0, 120, 28), None);
        assert_eq!(cells.len(), 24);
        assert_eq!((cells[0].rect.width, cells[0].rect.height), (20, 6));
        let small = layout(&grid(4, 6), Rect::new(0, 0, 80, 17), None);
        assert_eq!(small.len(), 24);
        assert_eq!((small[0].rect.width, small[0].rect.height), (13, 4));
        // Five rows do not fit 17 lines at the minimum cell height: the map scrolls.
        assert_eq!(layout(&grid(5, 6), Rect::new(0, 0, 80, 17), None).len(), 24);
        assert!(small.iter().all(|c| c.rect.right() <= 80 && c.rect.bottom() <= 17));
    }

    #[test]
    fn a_map_too_big_scrolls_to_the_focus() {
        let cells = layout(&grid(10, 12), Rect::new(0, 0, 48, 12), Some((9, 11)));
        assert!(cells.iter().any(|c| c.grid == 119));
        assert!(cells.iter().all(|c| c.rect.right() <= 48 && c.rect.bottom() <= 12));
        assert!(!cells.iter().any(|c| c.grid == 0));
    }

    proptest::proptest! {
        #[test]
        fn cells_stay_inside_the_area_and_never_overlap(
            rows in 1i64..12, cols in 1i64..12, w in 0u16..220, h in 0u16..70, fr in 0i64..12, fc in 0i64..12,
        ) {
            let area = Rect::new(3, 2, w, h);
            let cells = layout(&grid(rows, cols), area, Some((fr.min(rows - 1), fc.min(cols - 1))));
            for (i, a) in cells.iter().enumerate() {
                proptest::prop_assert!(a.rect.x >= area.x && a.rect.right() <= area.right());
                proptest::prop_assert!(a.rect.y >= area.y && a.rect.bottom() <= area.bottom());
                for b in &cells[i + 1..] {
                    proptest::prop_assert!(!a.rect.intersects(b.rect));
                }
            }
            // The focused cell is always in view when anything is drawn.
            if !cells.is_empty() {
                let focus = (fr.min(rows - 1) * cols + fc.min(cols - 1)) as usize;
                proptest::prop_assert!(cells.iter().any(|c| c.grid == focus));
            }
        }
    }

    #[test]
    fn names_are_cut_by_display_width() {
        assert_eq!(short_name("大川村第1网格", 12), "大川村第1");
        assert_eq!(short_name("王家葑村第2网格", 10), "王家葑第2");
        assert_eq!(short_name("东浦社区第3网格", 8), "东浦第3");
        assert_eq!(short_name("大川村第1网格", 6), "大第1");
        assert_eq!(short_name("东浦村网格", 10), "东浦村网格");
    }
}
