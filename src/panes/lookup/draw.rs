//! 户籍查询: the query line on top; below it the ranked results, the
//! browsable register (empty query), or the household card.

use super::{card, register, results};
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::text;
use crate::text::i18n::Texts;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    if let Some(card) = &state.card {
        card::draw(frame, area, state, card, t);
        return;
    }
    let [query, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    draw_query(frame, query, state, t);
    if state.lookup.query.text.is_empty() {
        register::draw(frame, body, state, data, t);
    } else if !state.lookup.index_ready {
        frame.render_widget(
            Paragraph::new(Line::styled(t.lookup.indexing.clone(), theme::muted())),
            body,
        );
    } else {
        results::draw(frame, body, state, t);
    }
}

fn draw_query(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let q = &state.lookup.query;
    let prompt = &t.lookup.prompt;
    let mut spans = vec![Span::styled(prompt.clone(), theme::key())];
    if q.text.is_empty() {
        spans.push(Span::styled(t.lookup.placeholder.clone(), theme::muted()));
    } else {
        spans.push(Span::raw(q.text.clone()));
    }
    if !state.lookup.index_ready {
        spans.push(Span::styled(format!("  {}", t.lookup.indexing), theme::warning()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if state.lookup.focused && state.form.is_none() {
        // Caret at the display column so the IME candidate window follows.
        let col = text::width(prompt) + text::caret_column(&q.text, q.caret);
        frame.set_cursor_position(Position::new(area.x + col as u16, area.y));
    }
}
