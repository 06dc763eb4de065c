//! A list table that lays out CJK text itself: every cell is fitted to its
//! column by display width (`crate::text`), so hanzi never shift a column.

use crate::app::state::ListState;
use crate::text;
use crate::ui::theme::{self, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Copy)]
pub enum Width {
    Fixed(u16),
    /// Takes what the fixed columns leave; several share it equally.
    Fill,
}

pub struct Column<'a> {
    pub title: &'a str,
    pub width: Width,
    pub right: bool,
    /// Hidden when the table is narrower than this, so that on an 80-column
    /// terminal the columns that matter (the title) keep their room.
    pub hide_below: u16,
}

impl<'a> Column<'a> {
    pub fn new(title: &'a str, width: Width) -> Self {
        Column {
            title,
            width,
            right: false,
            hide_below: 0,
        }
    }

    pub fn right(title: &'a str, width: u16) -> Self {
        Column {
            right: true,
            ..Column::new(title, Width::Fixed(width))
        }
    }

    /// Shown only when the table is at least `width` columns wide.
    pub fn hide_below(mut self, width: u16) -> Self {
        self.hide_below = width;
        self
    }
}

pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: Style::new(),
        }
    }

    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

pub struct TableView<'a> {
    pub title: String,
    pub columns: Vec<Column<'a>>,
    /// Shown when the list is empty: "nothing yet" or "no match".
    pub empty_note: &'a str,
    /// The border style (from the state).
    pub theme: Theme,
}

/// Column widths for `total` columns of space, one space between columns.
pub fn layout_widths(columns: &[Column], total: u16) -> Vec<u16> {
    layout_widths_of(&columns.iter().collect::<Vec<_>>(), total)
}

fn layout_widths_of(columns: &[&Column], total: u16) -> Vec<u16> {
    let gaps = columns.len().saturating_sub(1) as u16;
    let fixed: u16 = columns
        .iter()
        .map(|c| match c.width {
            Width::Fixed(w) => w,
            Width::Fill => 0,
        })
        .sum();
    let fills = columns.iter().filter(|c| matches!(c.width, Width::Fill)).count() as u16;
    let spare = total.saturating_sub(fixed + gaps);
    let mut given = 0;
    let mut seen = 0;
    columns
        .iter()
        .map(|c| match c.width {
            Width::Fixed(w) => w,
            Width::Fill => {
                seen += 1;
                // The last fill column takes the rounding remainder.
                let w = if seen == fills { spare - given } else { spare / fills };
                given += w;
                w
            }
        })
        .collect()
}

fn line_of<'s>(cells: impl Iterator<Item = (&'s str, Style, bool)>, widths: &[u16]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, ((t, style, right), w)) in cells.zip(widths).enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let fitted = if right {
            text::fit_right(t, *w as usize)
        } else {
            text::fit(t, *w as usize)
        };
        spans.push(Span::styled(fitted, style));
    }
    Line::from(spans)
}

impl TableView<'_> {
    /// Draws the list. `row` builds the cells of snapshot row `i` and is
    /// only called for rows in view, so a 40,000-row list costs one screen.
    /// Returns how many rows fit (the page the next update moves by).
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        list: &ListState,
        position_fmt: &str,
        row: impl Fn(usize) -> Vec<Cell>,
    ) -> usize {
        let total = list.visible.len();
        let pos = if total == 0 { 0 } else { list.selected + 1 };
        self.render_at(frame, area, list, (pos, total), position_fmt, row)
    }

    /// [`TableView::render`] for a list of which `list` holds a part
    /// loaded around the selection: the title says `position` (the
    /// selected row's number, the total) of the whole.
    pub fn render_at(
        &self,
        frame: &mut Frame,
        area: Rect,
        list: &ListState,
        (pos, total): (usize, usize),
        position_fmt: &str,
        row: impl Fn(usize) -> Vec<Cell>,
    ) -> usize {
        let title = format!(
            " {} {} ",
            self.title,
            crate::text::i18n::fill(position_fmt, &[("pos", &pos), ("total", &total)])
        );
        let block = self.theme.block().title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return 0;
        }
        let shown: Vec<bool> = self.columns.iter().map(|c| inner.width >= c.hide_below).collect();
        let columns: Vec<&Column> = self
            .columns
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| c)
            .collect();
        let widths = layout_widths_of(&columns, inner.width);
        let mut lines = vec![line_of(
            columns.iter().map(|c| (c.title, theme::header(), c.right)),
            &widths,
        )];
        let height = inner.height.saturating_sub(1) as usize;
        if total == 0 {
            lines.push(Line::styled(self.empty_note.to_string(), theme::muted()));
        }
        // The stored offset was computed for an estimated height; keep the
        // selection visible at the real one.
        let mut offset = list.offset.min(list.selected);
        if list.selected >= offset + height {
            offset = list.selected + 1 - height;
        }
        for (k, &i) in list.visible.iter().enumerate().skip(offset).take(height) {
            let cells = row(i);
            let mut line = line_of(
                cells
                    .iter()
                    .zip(&self.columns)
                    .zip(&shown)
                    .filter(|(_, shown)| **shown)
                    .map(|((c, col), _)| (c.text.as_str(), c.style, col.right)),
                &widths,
            );
            if k == list.selected {
                line = line.patch_style(theme::selected());
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
        height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_columns_share_the_rest() {
        let cols = [
            Column::new("a", Width::Fixed(10)),
            Column::new("b", Width::Fill),
            Column::new("c", Width::Fill),
        ];
        let w = layout_widths(&cols, 41);
        assert_eq!(w, vec![10, 14, 15]);
        assert_eq!(w.iter().sum::<u16>() + 2, 41);
    }

    #[test]
    fn narrow_tables_hide_optional_columns_in_header_and_rows() {
        use crate::app::state::ListState;
        let view = TableView {
            title: "t".into(),
            columns: vec![
                Column::new("编号", Width::Fixed(4)),
                Column::new("日期", Width::Fixed(10)).hide_below(60),
                Column::new("标题", Width::Fill),
            ],
            theme: Theme::default(),
            empty_note: "",
        };
        let list = ListState {
            visible: vec![0],
            ..Default::default()
        };
        let draw = |w: u16| {
            let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, 4)).expect("term");
            term.draw(|f| {
                view.render(f, f.area(), &list, "{pos}/{total}", |_| {
                    vec![Cell::new("7"), Cell::new("2026-11-26"), Cell::new("路灯")]
                });
            })
            .expect("draw");
            let buf = term.backend().buffer().clone();
            (0..4)
                .map(|y| {
                    let mut line = String::new();
                    let mut x = 0;
                    while x < w {
                        let sym = buf[(x, y)].symbol();
                        line.push_str(sym);
                        x += crate::text::width(sym).max(1) as u16;
                    }
                    line
                })
                .collect::<Vec<_>>()
        };
        let wide = draw(80);
        assert!(wide[1].contains("日期") && wide[2].contains("2026-11-26"), "{wide:?}");
        let narrow = draw(40);
        assert!(!narrow[1].contains("日期") && !narrow[2].contains("2026"), "{narrow:?}");
        assert!(narrow[2].contains("路灯") || narrow[2].contains("路"), "{narrow:?}");
    }
}
