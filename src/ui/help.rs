//! The help overlay, generated from the keymap so it lists the real keys.

use crate::app::keymap::{Context, Keymap};
use crate::text;
use crate::text::i18n::{Texts, label};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const CONTEXT_ORDER: [(Context, &str); 19] = [
    (Context::Global, "global"),
    (Context::List, "list"),
    (Context::Input, "input"),
    (Context::Card, "card"),
    (Context::Requests, "requests"),
    (Context::RequestDetail, "request_detail"),
    (Context::Prompt, "prompt"),
    (Context::Form, "form"),
    (Context::Help, "help"),
    (Context::Confirm, "confirm"),
    (Context::AgendaMeetings, "agenda_meetings"),
    (Context::AgendaBuilder, "agenda_builder"),
    (Context::AgendaDecisions, "agenda_decisions"),
    (Context::AgendaTopics, "agenda_topics"),
    (Context::Map, "map"),
    (Context::MapEdit, "map_edit"),
    (Context::Plan, "plan"),
    (Context::Assessment, "assessment"),
    (Context::Survey, "survey"),
];

/// Every line of the help text: a heading per context, then key + action.
pub fn lines(keymap: &Keymap, t: &Texts) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (ctx, name) in CONTEXT_ORDER {
        let binds: Vec<_> = keymap.bindings.iter().filter(|b| b.context == ctx).collect();
        if binds.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(label(&t.contexts, name).to_string(), theme::header()));
        for b in binds {
            out.push(Line::from(vec![
                Span::styled(text::fit(&format!("  {}", b.key_names.join(" / ")), 22), theme::key()),
                Span::raw(label(&t.actions, b.action.name()).to_string()),
            ]));
        }
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, keymap: &Keymap, t: &Texts, scroll: usize) {
    let w = area.width.min(64);
    let h = area.height;
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y, w, h);
    crate::ui::widgets::clear_overlay(frame, rect);
    let block = theme::block()
        .title(format!(" {} ", t.chrome.help_title))
        .title_bottom(format!(" {} ", t.chrome.help_footer));
    let all = lines(keymap, t);
    let inner_h = block.inner(rect).height as usize;
    let scroll = scroll.min(all.len().saturating_sub(inner_h));
    frame.render_widget(Paragraph::new(all).block(block).scroll((scroll as u16, 0)), rect);
}
