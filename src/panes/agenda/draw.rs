//! 会议议程: the meetings list, the agenda builder of one meeting, the
//! decisions board and the topics view. Each view draws from the state only.

use super::{board, builder, meetings, topics};
use crate::app::snapshot::Snapshot;
use crate::app::state::{ListState, State};
use crate::panes::agenda::update::Mode;
use crate::text::i18n::Texts;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    match state.agenda.mode {
        Mode::Meetings => meetings::draw(frame, area, state, data, t),
        Mode::Builder => builder::draw(frame, area, state, data, t),
        Mode::Decisions => board::draw(frame, area, state, data, t),
        Mode::Topics => topics::draw(frame, area, state, data, t),
    }
}

/// A list state for a sub-list that has no filter: all `len` rows visible.
pub(crate) fn sub_list(selected: usize, len: usize, height: usize) -> ListState {
    let mut l = ListState {
        visible: (0..len).collect(),
        ..Default::default()
    };
    l.sel.selected = selected.min(len.saturating_sub(1));
    l.scroll_into_view(height);
    l
}

/// The border style of a panel: highlighted when it has the selection.
pub(crate) fn focus_style(focused: bool) -> Style {
    if focused { theme::key() } else { Style::new() }
}
