//! The help overlay, generated from the keymap so it lists the real keys,
//! in the sections the panes declare (`Pane::help_contexts`): the current
//! pane's first, then the shared ones (lists, inputs, forms, overlays),
//! then the other panes'. Keys typed rather than bound (the callback
//! answers 1–4, the lookup query) come from the i18n notes. Scrolls by
//! line and page, searches with `/`; key names in the user's language.

use crate::app::keymap::{Context, Keymap};
use crate::app::state::{HelpView, State};
use crate::text;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
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

/// The contexts in help order: an open form's first, then the current
/// pane's (the help opens at the first), then the shared ones, then the
/// other panes' in tab order.
pub fn sections(state: &State) -> Vec<Context> {
    let current = state.panes.get(state.pane);
    let mut order: Vec<Context> = state.form.iter().map(|_| Context::Form).collect();
    order.extend_from_slice(current.help_contexts());
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

/// A key name as the user reads it: `Enter` is 回车 and `Space` 空格 in
/// Chinese; modifiers and single characters stay as they are.
pub fn key_label(name: &str, t: &Texts) -> String {
    let (prefix, base) = ["Ctrl-", "Alt-"]
        .iter()
        .find_map(|p| name.strip_prefix(p).map(|rest| (*p, rest)))
        .unwrap_or(("", name));
    let base = t.key_names.get(base).map_or(base, String::as_str);
    format!("{prefix}{base}")
}

/// One help line: its key column and its text, or a section heading.
struct Entry {
    heading: bool,
    keys: String,
    text: String,
    enabled: bool,
}

/// Every entry of the help, before any search.
fn entries(state: &State, keymap: &Keymap, t: &Texts) -> Vec<Entry> {
    let pane = state.panes.get(state.pane);
    let mut out = Vec::new();
    for ctx in sections(state) {
        let binds: Vec<_> = keymap.bindings.iter().filter(|b| b.context == ctx).collect();
        let notes = t.help_notes.get(ctx.name());
        if binds.is_empty() && notes.is_none() {
            continue;
        }
        out.push(Entry {
            heading: true,
            keys: String::new(),
            text: label(&t.contexts, ctx.name()).to_string(),
            enabled: true,
        });
        let own = pane.help_contexts().contains(&ctx);
        for b in binds {
            let keys: Vec<String> = b.key_names.iter().map(|k| key_label(k, t)).collect();
            out.push(Entry {
                heading: false,
                keys: keys.join(" / "),
                text: label(&t.actions, b.action.name()).to_string(),
                enabled: !own || pane.enabled(state, b.action),
            });
        }
        for (keys, text) in notes.into_iter().flatten() {
            out.push(Entry {
                heading: false,
                keys: keys.clone(),
                text: text.clone(),
                enabled: true,
            });
        }
    }
    out
}

/// The entries a search keeps: a section whose heading matches keeps all
/// its lines; otherwise the matching lines under their heading.
fn search(entries: Vec<Entry>, needle: &str) -> Vec<Entry> {
    let needle = needle.to_lowercase();
    if needle.is_empty() {
        return entries;
    }
    let hit = |e: &Entry| e.keys.to_lowercase().contains(&needle) || e.text.to_lowercase().contains(&needle);
    let mut out = Vec::new();
    let mut section: Vec<Entry> = Vec::new();
    let flush = |section: &mut Vec<Entry>, out: &mut Vec<Entry>| {
        if section.is_empty() {
            return;
        }
        let whole = hit(&section[0]);
        let mut kept: Vec<Entry> = Vec::new();
        for (i, e) in section.drain(..).enumerate() {
            if i == 0 || whole || hit(&e) {
                kept.push(e);
            }
        }
        if kept.len() > 1 {
            out.extend(kept);
        }
    };
    for e in entries {
        if e.heading {
            flush(&mut section, &mut out);
        }
        section.push(e);
    }
    flush(&mut section, &mut out);
    out
}

/// Every line of the help text: a heading per context, then key + action.
/// A step the current pane would refuse now is greyed out.
pub fn lines(state: &State, keymap: &Keymap, t: &Texts) -> Vec<Line<'static>> {
    matching_lines(state, keymap, t, "")
}

/// The lines of the help a search for `needle` keeps (all when empty).
pub fn matching_lines(state: &State, keymap: &Keymap, t: &Texts, needle: &str) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for e in search(entries(state, keymap, t), needle) {
        if e.heading {
            if !out.is_empty() {
                out.push(Line::raw(""));
            }
            out.push(Line::styled(e.text, theme::header()));
            continue;
        }
        let (key_style, text_style) = if e.enabled {
            (theme::key(), Style::new())
        } else {
            (theme::muted(), theme::muted())
        };
        out.push(Line::from(vec![
            Span::styled(text::fit(&format!("  {}", e.keys), 22), key_style),
            Span::styled(e.text, text_style),
        ]));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, keymap: &Keymap, t: &Texts, view: &HelpView) {
    let w = area.width.min(64);
    let h = area.height;
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y, w, h);
    crate::ui::widgets::clear_overlay(frame, rect);
    let c = &t.clerkflow;
    let all = matching_lines(state, keymap, t, &view.search.text);
    // The bottom line: the search being typed or kept, else how to use it.
    let footer = if view.typing || !view.search.text.is_empty() {
        let found = all.iter().filter(|l| l.spans.len() > 1).count();
        let note = if found == 0 {
            fill(&c.help_no_match, &[("text", &view.search.text)])
        } else {
            fill(&c.help_matches, &[("text", &view.search.text), ("n", &found)])
        };
        format!(" {}{}  {note} ", c.help_search, view.search.text)
    } else {
        format!(" {} ", t.chrome.help_footer)
    };
    let block = state
        .theme
        .block()
        .title(format!(" {} ", t.chrome.help_title))
        .title_bottom(footer);
    let inner = block.inner(rect);
    let inner_h = inner.height as usize;
    state.layout.help_rows.set(inner_h);
    state.layout.help_lines.set(all.len());
    let scroll = view.scroll.min(all.len().saturating_sub(inner_h));
    frame.render_widget(Paragraph::new(all).block(block).scroll((scroll as u16, 0)), rect);
    if view.typing {
        let col = 1 + text::width(&c.help_search) + text::caret_column(&view.search.text, view.search.caret);
        frame.set_cursor_position(Position::new(rect.x + col as u16, rect.y + rect.height - 1));
    }
}
