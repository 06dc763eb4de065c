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

/// Column widths for `total` columns of space, one space between columns,
/// when the cells are not at hand: a `Fixed` column is guessed at its width.
pub fn layout_widths(columns: &[Column], total: u16) -> Vec<u16> {
    layout_widths_of(&columns.iter().collect::<Vec<_>>(), total, &[])
}

/// Column widths from the content: `widest[i]` is the display width of
/// the widest cell of column `i` on the page (see [`layout_widths_of`]).
pub fn fitted_widths(columns: &[Column], total: u16, widest: &[u16]) -> Vec<u16> {
    layout_widths_of(&columns.iter().collect::<Vec<_>>(), total, widest)
}

/// Below this a text (`Fill`) column is not squeezed for the others.
const FILL_MIN: u16 = 10;

/// Each column wants its header and its widest cell (`widest`, or the
/// `Fixed` guess when empty). When everything fits, the room left goes to
/// the `Fill` (long text) columns. When not, the `Fill` columns give way
/// first, widest first, down to `FILL_MIN`; then the short columns down to
/// their `Fixed` width (never below the header); only then anything else.
/// A `Fixed(0)` column or one hidden by `hide_below` gets 0 and no gap.
fn layout_widths_of(columns: &[&Column], total: u16, widest: &[u16]) -> Vec<u16> {
    let known = widest.len() == columns.len();
    let shown: Vec<bool> = columns
        .iter()
        .map(|c| total >= c.hide_below && !matches!(c.width, Width::Fixed(0)))
        .collect();
    let gaps = shown.iter().filter(|s| **s).count().saturating_sub(1) as u16;
    let budget = total.saturating_sub(gaps);
    let header = |c: &Column| text::width(c.title) as u16;
    let mut want = Vec::new();
    let mut floor = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if !shown[i] {
            want.push(0);
            floor.push(0);
            continue;
        }
        let content = match (known, c.width) {
            (true, _) => widest[i],
            (false, Width::Fixed(w)) => w,
            (false, Width::Fill) => FILL_MIN,
        };
        let w = header(c).max(content);
        want.push(w);
        floor.push(match c.width {
            Width::Fixed(g) => w.min(g.max(header(c))),
            Width::Fill => w.min(FILL_MIN.max(header(c))),
        });
    }
    let mut widths = want.clone();
    let sum: u16 = widths.iter().sum();
    let fills: Vec<usize> = (0..columns.len())
        .filter(|&i| shown[i] && matches!(columns[i].width, Width::Fill))
        .collect();
    if sum <= budget {
        // The room left goes to the long text columns, shared equally.
        let spare = budget - sum;
        for (k, &i) in fills.iter().enumerate() {
            let n = fills.len() as u16;
            widths[i] += spare / n + u16::from(k as u16 >= n - spare % n);
        }
        return widths;
    }
    let mut over = sum - budget;
    let shorts: Vec<usize> = (0..columns.len())
        .filter(|&i| shown[i] && !fills.contains(&i))
        .collect();
    let everyone: Vec<usize> = (0..columns.len()).filter(|&i| shown[i]).collect();
    let zeros = vec![0; columns.len()];
    for (set, limit) in [(&fills, &floor), (&shorts, &floor), (&everyone, &zeros)] {
        over = shrink(&mut widths, set, limit, over);
    }
    widths
}

/// Takes `over` columns from the widest of `set` (never below `limit`),
/// one at a time, so columns that give way end up equally wide; returns
/// what is still to take.
fn shrink(widths: &mut [u16], set: &[usize], limit: &[u16], mut over: u16) -> u16 {
    while over > 0 {
        let Some(&i) = set
            .iter()
            .filter(|&&i| widths[i] > limit[i])
            .max_by_key(|&&i| (widths[i], std::cmp::Reverse(i)))
        else {
            break;
        };
        widths[i] -= 1;
        over -= 1;
    }
    over
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
        let position = crate::text::i18n::fill(position_fmt, &[("pos", &pos), ("total", &total)]);
        let block = self
            .theme
            .block()
            .title(title_with_position(&self.title, &position, area.width));
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
        let height = inner.height.saturating_sub(1) as usize;
        // The stored offset was computed for an estimated height; keep the
        // selection visible at the real one.
        let mut offset = list.offset.min(list.selected);
        if list.selected >= offset + height {
            offset = list.selected + 1 - height;
        }
        // Only the rows in view are built, and they size the columns.
        let page: Vec<(usize, Vec<Cell>)> = list
            .visible
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(k, &i)| (k, row(i)))
            .collect();
        let widest: Vec<u16> = (0..self.columns.len())
            .filter(|&c| shown[c])
            .map(|c| {
                page.iter()
                    .filter_map(|(_, cells)| cells.get(c))
                    .map(|cell| text::width(&cell.text) as u16)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let widths = layout_widths_of(&columns, inner.width, &widest);
        let mut lines = vec![line_of(
            columns.iter().map(|c| (c.title, theme::header(), c.right)),
            &widths,
        )];
        if total == 0 {
            lines.push(Line::styled(self.empty_note.to_string(), theme::muted()));
        }
        for (k, cells) in &page {
            let mut line = line_of(
                cells
                    .iter()
                    .zip(&self.columns)
                    .zip(&shown)
                    .filter(|(_, shown)| **shown)
                    .map(|((c, col), _)| (c.text.as_str(), c.style, col.right)),
                &widths,
            );
            if *k == list.selected {
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
    fn short_columns_take_their_content_and_text_columns_the_rest() {
        // The meetings table at 120 columns: the place is wider than its
        // guessed 14 columns while the title has room to spare.
        let cols = [
            Column::new("日期", Width::Fixed(16)),
            Column::new("标题", Width::Fill),
            Column::new("地点", Width::Fixed(14)),
            Column::right("议程", 5),
        ];
        let widest = [16, 20, text::width("镇政府三楼会议室") as u16, 1];
        let w = fitted_widths(&cols, 118, &widest);
        assert_eq!(w[2], 16, "the place is not cut: {w:?}");
        assert_eq!(w[3], 4, "a count column is as wide as its header: {w:?}");
        assert_eq!(w.iter().sum::<u16>() + 3, 118, "the title takes the rest: {w:?}");
        // Short of room, the title gives way before the place is cut.
        let w = fitted_widths(&cols, 60, &[16, 40, 16, 1]);
        assert_eq!((w[0], w[2]), (16, 16), "{w:?}");
        assert_eq!(w[1], 60 - 3 - 16 - 16 - 4, "{w:?}");
    }

    #[test]
    fn english_headers_are_not_cut_while_text_columns_have_room() {
        let cols = [
            Column::new("Channel", Width::Fixed(6)),
            Column::new("Title", Width::Fill),
            Column::new("Status", Width::Fixed(8)),
        ];
        let w = fitted_widths(&cols, 80, &[7, 30, 11]);
        assert_eq!((w[0], w[2]), (7, 11), "{w:?}");
        // Very narrow: the title stops at its minimum, then the short
        // columns shrink to their guess, never below their header.
        let w = fitted_widths(&cols, 30, &[7, 30, 11]);
        assert_eq!(w, vec![7, 10, 11]);
        let w = fitted_widths(&cols, 26, &[7, 30, 11]);
        assert_eq!(w, vec![7, 9, 8], "then everyone gives way, widest first");
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

/// " title position ", the title cut (not the position) when both do not
/// fit between the corners: the row count is what a clerk checks after
/// filtering, while the notes in the title can be read in full on a wider
/// terminal.
pub fn title_with_position(title: &str, position: &str, width: u16) -> String {
    use crate::text::{truncate, width as cols};
    // Two corners and the spaces before and between the parts (the last
    // space may fall on the corner).
    let room = usize::from(width).saturating_sub(4);
    let title = if cols(title) + cols(position) > room {
        truncate(title, room.saturating_sub(cols(position)))
    } else {
        title.to_string()
    };
    format!(" {title} {position} ")
}

#[cfg(test)]
mod position_tests {
    use super::title_with_position;

    #[test]
    fn the_position_stays_in_sight_when_the_title_is_too_long() {
        let long = "诉求 - 全部  排序：期限  注意：2027 年的节假日安排还没有录入，期限只跳过了周末";
        let t = title_with_position(long, "1/1", 40);
        assert!(t.ends_with(" 1/1 "), "{t}");
        assert!(crate::text::width(t.trim_end()) <= 38, "{t}");
        assert_eq!(title_with_position("诉求", "3/9", 40), " 诉求 3/9 ");
    }
}
