//! Drawing: `draw(&State, &Keymap, &mut Frame)` is a pure function of the
//! state. It never touches the database.

pub mod gate;
pub mod help;

pub mod theme;
pub mod widgets;

use crate::app::action::Action;
use crate::app::keymap::Keymap;
use crate::app::state::{Confirm, MIN_HEIGHT, MIN_WIDTH, Overlay, State};
use crate::panes::PaneId;
use crate::text::{self, i18n};
use i18n::{Texts, fill, texts};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(state: &State, keymap: &Keymap, frame: &mut Frame) {
    let t = texts(state.lang);
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, t);
        return;
    }
    // The login and lock screen hide the whole session.
    if let Some(gate) = &state.gate {
        gate::draw(frame, gate, &state.user, &state.theme, t);
        return;
    }
    // A long message takes more rows rather than losing its end.
    let status_lines = status_lines(state, t, area.width as usize);
    let [top, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(status_lines.len().max(1) as u16),
    ])
    .areas(area);
    draw_top_bar(frame, top, state, keymap, t);
    match &state.data {
        None => frame.render_widget(
            Paragraph::new(Line::styled(t.chrome.loading.clone(), theme::muted())),
            body,
        ),
        Some(data) => state.panes.get(state.pane).draw(frame, body, state, data, t, keymap),
    }
    draw_hints(frame, hints, state, keymap, t);
    draw_status(frame, status, state, t, status_lines);
    if let Some(form) = &state.form {
        widgets::form::draw(frame, body, &state.theme, form, t, state.overlay == Overlay::None);
    }
    match state.overlay {
        Overlay::Help(ref view) => help::draw(frame, body, state, keymap, t, view),
        Overlay::Confirm(Confirm::Quit) => widgets::form::draw_confirm(frame, body, &state.theme, &t.form.quit_q),
        Overlay::Confirm(Confirm::DiscardForm) => {
            widgets::form::draw_confirm(frame, body, &state.theme, &t.form.discard_q)
        }
        Overlay::None => {}
    }
    if state.pane == PaneId::REQUESTS && state.requests.callback_prompt.is_some() {
        widgets::form::draw_confirm(frame, body, &state.theme, &t.req.callback_q);
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect, t: &Texts) {
    let note = fill(
        &t.chrome.too_small,
        &[
            ("min_w", &MIN_WIDTH),
            ("min_h", &MIN_HEIGHT),
            ("w", &area.width),
            ("h", &area.height),
        ],
    );
    let lines: Vec<Line> = text::wrap(&note, area.width.max(1) as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines).style(theme::warning()), area);
}

/// The key each tab is switched with right now: while printable keys type
/// into an input, the first bound key that does not type (Alt-1 …), else
/// the first bound key (1 …). One shared "Alt-" is shown once, before the
/// tabs, to keep the bar short.
fn tab_keys(state: &State, keymap: &Keymap) -> (String, Vec<String>) {
    let (_, typing) = crate::app::update::contexts(state);
    // In a form or an overlay no pane key works; the tabs show the digits.
    let typing = typing && state.form.is_none() && state.overlay == crate::app::state::Overlay::None;
    let keys: Vec<String> = state
        .panes
        .all()
        .iter()
        .map(|pane| {
            let Some(action) = crate::app::update::pane_action(pane.id()) else {
                return String::new();
            };
            let names: Vec<&String> = keymap
                .bindings
                .iter()
                .filter(|b| b.action == action && b.context == crate::app::keymap::Context::Global)
                .flat_map(|b| b.key_names.iter())
                .collect();
            let works = |n: &&String| !typing || n.chars().count() > 1;
            names.into_iter().find(works).cloned().unwrap_or_default()
        })
        .collect();
    let prefix = "Alt-";
    if typing && keys.iter().all(|k| k.starts_with(prefix)) {
        let bare = keys.iter().map(|k| k[prefix.len()..].to_string()).collect();
        return (prefix.to_string(), bare);
    }
    (String::new(), keys)
}

fn draw_top_bar(frame: &mut Frame, area: Rect, state: &State, keymap: &Keymap, t: &Texts) {
    let township = match state.data.as_ref().map(|d| d.township.as_str()) {
        // The schema's placeholder name is Chinese; show it in the user's language.
        Some(crate::domain::settings::UNNAMED_TOWNSHIP) => t.chrome.unnamed_township.as_str(),
        name => name.unwrap_or(""),
    };
    let mut spans = vec![Span::styled(
        format!(" {} {} ", t.chrome.app_name, township),
        theme::bar(),
    )];
    let (prefix, keys) = tab_keys(state, keymap);
    if !prefix.is_empty() {
        spans.push(Span::styled(prefix, theme::tab_active()));
    }
    let overdue = state.data.as_ref().map_or(0, |d| d.overdue);
    let overdue_text = fill(&t.chrome.overdue, &[("n", &overdue)]);
    let label = |key: &str, title: &str, named: bool| match (key.is_empty(), named) {
        (true, _) => format!(" {title} "),
        (false, true) => format!(" {key} {title} "),
        (false, false) => format!(" {key} "),
    };
    let panes = state.panes.all();
    let head: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let full: usize = panes
        .iter()
        .zip(&keys)
        .map(|(p, k)| text::width(&label(k, p.title(t), true)))
        .sum();
    // On a narrow screen only the current pane is named, the others show
    // their key, so the overdue count always fits (README "Keys").
    let compact = head + full + text::width(&overdue_text) + 2 > area.width as usize;
    for (pane, key) in panes.iter().zip(&keys) {
        let current = pane.id() == state.pane;
        let style = if current { theme::tab_active() } else { theme::bar() };
        spans.push(Span::styled(label(key, pane.title(t), current || !compact), style));
    }
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    // The overdue count matters more than the user name: on a narrow
    // screen the name goes first.
    let mut right = format!(
        " {}{}{}  {} ",
        t.chrome.user, t.clerkflow.label_sep, state.user, overdue_text
    );
    if used + text::width(&right) > area.width as usize {
        right = format!(" {overdue_text} ");
    }
    let gap = (area.width as usize).saturating_sub(used + text::width(&right));
    spans.push(Span::styled(" ".repeat(gap), theme::bar()));
    let right_style = if overdue > 0 { theme::error() } else { theme::bar() };
    spans.push(Span::styled(
        text::truncate(&right, (area.width as usize).saturating_sub(used)),
        right_style,
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme::bar()), area);
}

/// The current pane's commands; a step it would refuse now is greyed out.
/// Whole entries only: when they do not all fit (80 columns), the ones
/// that fit are shown and the help key stays last, since help lists them
/// all (README "Keys").
fn draw_hints(frame: &mut Frame, area: Rect, state: &State, keymap: &Keymap, t: &Texts) {
    let entries: Vec<(Action, [Span<'static>; 2])> = state
        .panes
        .get(state.pane)
        .commands(state, keymap)
        .into_iter()
        .map(|c| {
            let (key_style, text_style) = if c.enabled {
                (theme::key(), ratatui::style::Style::new())
            } else {
                (theme::muted(), theme::muted())
            };
            let spans = [
                // Named as the help names them (回车, 右 in Chinese; README "Keys").
                Span::styled(
                    c.keys
                        .iter()
                        .map(|k| help::key_label(k, t))
                        .collect::<Vec<_>>()
                        .join("/"),
                    key_style,
                ),
                Span::styled(format!(" {}  ", i18n::label(&t.actions, c.action.name())), text_style),
            ];
            (c.action, spans)
        })
        .collect();
    let width = |e: &[Span<'static>; 2]| e.iter().map(|s| text::width(&s.content)).sum::<usize>();
    let room = area.width as usize;
    let all: usize = entries.iter().map(|(_, e)| width(e)).sum();
    let help = entries.iter().position(|(a, _)| *a == Action::Help);
    let mut spans = Vec::new();
    if all <= room || help.is_none() {
        spans.extend(entries.into_iter().flat_map(|(_, e)| e));
    } else {
        let help_at = help.unwrap_or_default();
        let mut used = width(&entries[help_at].1);
        for (i, (_, e)) in entries.iter().enumerate() {
            if i == help_at {
                continue;
            }
            if used + width(e) > room {
                break;
            }
            used += width(e);
            spans.extend(e.iter().cloned());
        }
        spans.extend(entries[help_at].1.iter().cloned());
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// At most this many rows for the status message, so that the pane keeps
/// its room even for a very long one.
const MAX_STATUS_ROWS: usize = 3;

/// The status message wrapped to the screen's width (`text::wrap`), or the
/// active filter; empty while the filter is typed.
fn status_lines(state: &State, t: &Texts, width: usize) -> Vec<Line<'static>> {
    if state.filter_input.is_some() {
        return Vec::new();
    }
    let (message, style) = match &state.status {
        Some(s) if s.error => (s.text.clone(), theme::error()),
        Some(s) => (s.text.clone(), theme::ok()),
        None if !state.list().filter.is_empty() => (
            fill(&t.chrome.filter_active, &[("text", &state.list().filter)]),
            theme::muted(),
        ),
        None => return Vec::new(),
    };
    let mut lines = text::wrap(&message, width.max(1));
    if lines.len() > MAX_STATUS_ROWS {
        lines.truncate(MAX_STATUS_ROWS);
        let last = lines.pop().unwrap_or_default();
        lines.push(text::truncate(&format!("{last}{}", text::ELLIPSIS.repeat(2)), width));
    }
    lines.into_iter().map(|l| Line::styled(l, style)).collect()
}

fn draw_status(frame: &mut Frame, area: Rect, state: &State, t: &Texts, lines: Vec<Line<'static>>) {
    if let Some(input) = &state.filter_input {
        let prompt = &t.chrome.filter_prompt;
        let line = Line::from(vec![
            Span::styled(prompt.clone(), theme::key()),
            Span::raw(input.text.clone()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        // The caret sits at the display column, so the input method's
        // candidate window opens where the clerk is typing.
        let col = text::width(prompt) + text::caret_column(&input.text, input.caret);
        frame.set_cursor_position(Position::new(area.x + col as u16, area.y));
        return;
    }
    frame.render_widget(Paragraph::new(lines), area);
    // The worker has answers due: the screen shows the previous data.
    if state.pending > 0 {
        let mark = Line::styled(format!(" {} ", t.scale.refreshing), theme::muted()).right_aligned();
        frame.render_widget(Paragraph::new(mark), area);
    }
}
