//! The one selection type every list of every pane uses: the selected row,
//! the first row shown, and the id of the selected row so that a refresh
//! (another clerk's commit, a new row made by this clerk) keeps the same
//! thing selected instead of the same row number (README, Keys).

use super::action::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Position of the selected row in the list as shown.
    pub selected: usize,
    /// The first row shown (lists that scroll).
    pub offset: usize,
    /// The id of the selected row, when the list's rows have ids.
    pub id: Option<i64>,
    /// A row this user just made (a meeting, a topic, a request): selected
    /// as soon as a refresh lists it.
    pub pending: Option<i64>,
}

impl Selection {
    /// Moves by `delta` rows inside a list of `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(1) as isize;
        self.selected = (self.selected as isize).saturating_add(delta).clamp(0, last.max(0)) as usize;
    }

    /// The move an action asks for: a row, a page of `page` rows, the top
    /// or the bottom; `None` for any other action.
    pub fn delta(action: Action, page: usize) -> Option<isize> {
        let page = page.max(1) as isize;
        Some(match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return None,
        })
    }

    /// Applies a movement action; false when `action` is no movement.
    pub fn step(&mut self, action: Action, page: usize, len: usize) -> bool {
        match Selection::delta(action, page) {
            Some(d) => {
                self.move_by(d, len);
                true
            }
            None => false,
        }
    }

    /// Keeps the selection inside a list of `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.move_by(0, len);
        self.offset = self.offset.min(self.selected);
    }

    /// The first row of a window of `height` rows that shows row
    /// `selected`, for lists drawn without a remembered offset: the top
    /// until the selection passes the first page, then the selection last.
    pub fn window_start(selected: usize, height: usize) -> usize {
        (selected + 1).saturating_sub(height.max(1))
    }

    /// Keeps the selection inside a window of `height` rows over `len` rows.
    pub fn scroll_into_view(&mut self, height: usize, len: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// Remembers the id of the row now selected, given the rows' ids in
    /// display order.
    pub fn remember(&mut self, ids: impl IntoIterator<Item = i64>) {
        self.id = ids.into_iter().nth(self.selected);
    }

    /// Selects the row with `id`; false (and nothing changed) when it is
    /// not listed.
    pub fn select_id(&mut self, id: i64, ids: impl IntoIterator<Item = i64>) -> bool {
        match ids.into_iter().position(|i| i == id) {
            Some(pos) => {
                self.selected = pos;
                self.id = Some(id);
                true
            }
            None => false,
        }
    }

    /// After the rows changed: the row with the remembered id where it is
    /// still listed, else the same position inside the new length.
    pub fn restore(&mut self, ids: &[i64]) {
        if let Some(new) = self.pending
            && self.select_id(new, ids.iter().copied())
        {
            self.pending = None;
            return;
        }
        if let Some(id) = self.id
            && self.select_id(id, ids.iter().copied())
        {
            return;
        }
        self.clamp(ids.len());
        self.remember(ids.iter().copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_inside_the_list() {
        let mut s = Selection::default();
        assert!(s.step(Action::Down, 10, 3));
        assert!(s.step(Action::PageDown, 10, 3));
        assert_eq!(s.selected, 2);
        assert!(s.step(Action::Top, 10, 3));
        assert_eq!(s.selected, 0);
        assert!(!s.step(Action::Open, 10, 3));
        s.move_by(-5, 0);
        assert_eq!(s.selected, 0);
    }

    #[test]
    fn a_refresh_keeps_the_same_id_selected() {
        let mut s = Selection::default();
        s.select_id(7, [5, 6, 7]);
        assert_eq!(s.selected, 2);
        // A new row above it: still 7.
        s.restore(&[9, 5, 6, 7]);
        assert_eq!((s.selected, s.id), (3, Some(7)));
        // 7 is gone: the same place, clamped, and that row remembered.
        s.restore(&[9, 5]);
        assert_eq!((s.selected, s.id), (1, Some(5)));
    }

    #[test]
    fn a_row_just_made_is_selected_when_it_appears() {
        let mut s = Selection::default();
        s.select_id(5, [5, 6]);
        s.pending = Some(8);
        s.restore(&[5, 6]);
        assert_eq!(s.id, Some(5), "not listed yet: the selection stays");
        s.restore(&[8, 5, 6]);
        assert_eq!((s.selected, s.id, s.pending), (0, Some(8), None));
    }

    #[test]
    fn scrolling_follows_the_selection() {
        let mut s = Selection {
            selected: 12,
            ..Default::default()
        };
        s.scroll_into_view(5, 20);
        assert_eq!(s.offset, 8);
        s.selected = 2;
        s.scroll_into_view(5, 20);
        assert_eq!(s.offset, 2);
    }

    #[test]
    fn a_window_starts_at_the_top_until_the_selection_passes_the_first_page() {
        assert_eq!(Selection::window_start(0, 5), 0);
        assert_eq!(Selection::window_start(4, 5), 0);
        assert_eq!(Selection::window_start(5, 5), 1);
        assert_eq!(Selection::window_start(12, 5), 8);
        assert_eq!(Selection::window_start(3, 0), 3, "no room: the selection alone");
    }
}
