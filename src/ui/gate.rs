//! The login and lock screen (README "Accounts and roles"): it covers the
//! whole terminal, so nothing of the session shows while it is up. The
//! password is drawn as one dot per character.

use crate::app::gate::{Gate, GateKind};
use crate::text::i18n::{Texts, fill};
use crate::ui::theme::{self, Theme};
use crate::ui::widgets::centered;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const WIDTH: u16 = 64;
const HEIGHT: u16 = 12;

pub fn draw(frame: &mut Frame, gate: &Gate, user: &str, theme: &Theme, t: &Texts) {
    let l = &t.login;
    let area = centered(frame.area(), WIDTH, HEIGHT);
    let title = match gate.kind {
        GateKind::Login => &l.title,
        GateKind::Lock => &l.locked_title,
    };
    let block = theme.block().title(Span::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_w = crate::text::width(&l.login_label).max(crate::text::width(&l.password_label)) + 2;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(crate::text::fit(label, label_w), theme::muted()),
            Span::raw(value),
        ])
    };
    let dots = "*".repeat(gate.password.0.text.chars().count());
    let mut lines = Vec::new();
    let (caret_line, caret_col);
    match gate.kind {
        GateKind::Login => {
            lines.push(Line::raw(""));
            lines.push(field(&l.login_label, gate.login.text.clone()));
            lines.push(Line::raw(""));
            lines.push(field(&l.password_label, dots));
            caret_line = if gate.on_password { 3 } else { 1 };
            caret_col = label_w
                + if gate.on_password {
                    gate.password.0.caret
                } else {
                    crate::text::caret_column(&gate.login.text, gate.login.caret)
                };
        }
        GateKind::Lock => {
            let intro = fill(&l.locked_intro, &[("name", &user), ("login", &gate.login.text)]);
            let w = inner.width.saturating_sub(2).max(1) as usize;
            lines.extend(crate::text::wrap(&intro, w).into_iter().map(Line::raw));
            lines.push(Line::raw(""));
            lines.push(field(&l.password_label, dots));
            caret_line = 2;
            caret_col = label_w + gate.password.0.caret;
        }
    }
    lines.push(Line::raw(""));
    if let Some(message) = &gate.message {
        let w = inner.width.saturating_sub(2).max(1) as usize;
        lines.extend(
            crate::text::wrap(message, w)
                .into_iter()
                .map(|m| Line::styled(m, theme::error())),
        );
    }
    let hint = match gate.kind {
        GateKind::Login => &l.login_hint,
        GateKind::Lock => &l.lock_hint,
    };
    let body = Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), inner.height);
    // The lock screen's intro is wrapped above; count its rows for the caret.
    let wrapped_intro = match gate.kind {
        GateKind::Lock => {
            let intro = fill(&l.locked_intro, &[("name", &user), ("login", &gate.login.text)]);
            crate::text::wrap(&intro, body.width.max(1) as usize)
                .len()
                .saturating_sub(1)
        }
        GateKind::Login => 0,
    };
    frame.render_widget(Paragraph::new(lines), body);
    if inner.height > 0 {
        let hint_row = Rect::new(body.x, inner.y + inner.height - 1, body.width, 1);
        frame.render_widget(Paragraph::new(Line::styled(hint.clone(), theme::muted())), hint_row);
    }
    let y = body.y + (caret_line + wrapped_intro) as u16;
    let x = body.x + caret_col as u16;
    if y < inner.y + inner.height && x < body.x + body.width {
        frame.set_cursor_position(Position::new(x, y));
    }
}
