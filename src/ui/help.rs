//! The help overlay, generated from the keymap so it lists the real keys,
//! in the sections the panes declare (`Pane::help_contexts`).

use crate::app::keymap::{Context, Keymap};
use crate::app::state::State;
use crate::text;
use crate::text::i18n::{Texts, label};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Contexts every pane shares; each pane lists its own (`Pane::help_contexts`).
const SHARED: [Context; 6] = [
    Context::Global,
    Context::List,
    Context::Input,
    Context::Form,
    Context::Help,
    Context::Confirm,
];

/// The contexts in help order: the current pane's first (the help opens
/// at them), then the shared ones, then the other panes' in tab order.
pub fn sections(state: &State) -> Vec<Context> {
    let current = state.panes.get(state.pane);
    let mut order: Vec<Context> = current.help_contexts().to_vec();
    order.extend(SHARED);
    for pane in state.panes.all() {
        order.extend_from_slice(pane.help_contexts());
    }
    let mut seen = Vec::new();
    order.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    order
}

/// Every line of the help text: a heading per context, then key + action.
/// A step the current pane would refuse now is greyed out.
pub fn lines(state: &State, keymap: &Keymap, t: &Texts) -> Vec<Line<'static>> {
    let pane = state.panes.get(state.pane);
    let mut out = Vec::new();
    for ctx in sections(state) {
        let binds: Vec<_> = keymap.bindings.iter().filter(|b| b.context == ctx).collect();
        if binds.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(
            label(&t.contexts, ctx.name()).to_string(),
            theme::header(),
        ));
        let own = pane.help_contexts().contains(&ctx);
        for b in binds {
            let enabled = !own || pane.enabled(state, b.action);
            let (key_style, text_style) = if enabled {
                (theme::key(), Style::new())
            } else {
                (theme::muted(), theme::muted())
            };
            out.push(Line::from(vec![
                Span::styled(text::fit(&format!("  {}", b.key_names.join(" / ")), 22), key_style),
                Span::styled(label(&t.actions, b.action.name()).to_string(), text_style),
            ]));
        }
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, keymap: &Keymap, t: &Texts, scroll: usize) {
    let w = area.width.min(64);
    let h = area.height;
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y, w, h);
    crate::ui::widgets::clear_overlay(frame, rect);
    let block = state
        .theme
        .block()
        .title(format!(" {} ", t.chrome.help_title))
        .title_bottom(format!(" {} ", t.chrome.help_footer));
    let all = lines(state, keymap, t);
    let inner_h = block.inner(rect).height as usize;
    let scroll = scroll.min(all.len().saturating_sub(inner_h));
    frame.render_widget(Paragraph::new(all).block(block).scroll((scroll as u16, 0)), rect);
}
