//! 诉求: the triage table, or the detail of one request.

use super::{detail, table};
use crate::app::state::State;
use crate::text::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    match &state.requests.detail {
        Some(view) => detail::draw(frame, area, state, view, t),
        None => table::draw(frame, area, state, t),
    }
}
