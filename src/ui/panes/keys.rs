//! Key legends drawn inside panes, taken from the keymap so they never
//! drift from the real keys.

use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::ui::i18n::{Texts, label};
use crate::ui::theme;
use ratatui::text::Span;
use std::sync::OnceLock;

static MAP: OnceLock<Keymap> = OnceLock::new();

fn keymap() -> &'static Keymap {
    MAP.get_or_init(Keymap::default_map)
}

/// Legends show the keymap in use (with the user's file merged), not the
/// shipped one: set once at start, before the first draw.
pub fn use_keymap(keymap: &Keymap) {
    let _ = MAP.set(keymap.clone());
}

/// The first key bound to `action` in `ctx`, as written in the keymap.
pub fn key_for(ctx: Context, action: Action) -> Option<&'static str> {
    keymap()
        .bindings
        .iter()
        .find(|b| b.context == ctx && b.action == action)
        .and_then(|b| b.key_names.first().map(String::as_str))
}

/// The legend packed into lines of at most `width` columns, never breaking
/// an entry.
pub fn legend_lines(ctx: Context, actions: &[Action], t: &Texts, width: usize) -> Vec<ratatui::text::Line<'static>> {
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for pair in legend(ctx, actions, t).chunks(2) {
        let w: usize = pair.iter().map(|s| crate::ui::text::width(&s.content)).sum();
        if used + w > width && !line.is_empty() {
            lines.push(ratatui::text::Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        used += w;
        line.extend(pair.iter().cloned());
    }
    if !line.is_empty() {
        lines.push(ratatui::text::Line::from(line));
    }
    lines
}

/// "key label  key label ..." spans for the actions bound in `ctx`.
pub fn legend(ctx: Context, actions: &[Action], t: &Texts) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for a in actions {
        if let Some(k) = key_for(ctx, *a) {
            spans.push(Span::styled(k.to_string(), theme::key()));
            spans.push(Span::raw(format!(" {}  ", label(&t.actions, a.name()))));
        }
    }
    spans
}
