//! Draws a data-entry form as a box over the pane: a label and value per
//! field, the error under its field, the caret in the focused field.

use crate::app::form::{FieldKind, Form, PICKER_MIN_OPTIONS, Picker};
use crate::text;
use crate::text::i18n::Texts;
use crate::text::i18n::fill;
use crate::ui::theme::{self, Theme};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL_COLS: usize = 12;
/// Lines a multi-line field shows.
const MULTI_LINES: usize = 4;

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme, form: &Form, t: &Texts, show_caret: bool) {
    let width = area.width.saturating_sub(4).min(84);
    let value_cols = (width as usize).saturating_sub(2 + LABEL_COLS + 1).max(4);
    let mut lines: Vec<Line> = Vec::new();
    let mut caret: Option<(usize, usize)> = None; // (line, column) inside the box
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if focused { theme::key() } else { theme::muted() };
        let label = Span::styled(text::fit(&field.label, LABEL_COLS), label_style);
        match &field.kind {
            FieldKind::Choice { options, .. } => {
                let shown = if options.is_empty() {
                    "-".to_string()
                } else {
                    format!("< {} >", field.display())
                };
                let style = if focused { theme::selected() } else { Default::default() };
                let mut spans = vec![label, Span::raw(" "), Span::styled(shown, style)];
                let long = options.len() >= PICKER_MIN_OPTIONS;
                if focused && long && form.picker.is_none() {
                    spans.push(Span::styled(format!("  {}", t.forms.choice_more), theme::muted()));
                }
                lines.push(Line::from(spans));
                if let (true, Some(picker)) = (focused, &form.picker) {
                    caret = Some(picker_lines(&mut lines, picker, options, value_cols, t));
                }
            }
            FieldKind::Text | FieldKind::Secret => {
                let shown = field.display();
                let value = text::truncate(&shown, value_cols);
                if focused {
                    let col = text::caret_column(&shown, field.input.caret).min(value_cols);
                    caret = Some((lines.len(), LABEL_COLS + 1 + col));
                }
                lines.push(Line::from(vec![label, Span::raw(" "), Span::raw(value)]));
            }
            FieldKind::MultiLine => {
                let wrapped = text::wrap(&field.input.text, value_cols);
                let before: String = field.input.text.chars().take(field.input.caret).collect();
                let caret_lines = text::wrap(&before, value_cols);
                let caret_line = caret_lines.len().saturating_sub(1);
                // Scroll so the caret's line is visible.
                let first = caret_line.saturating_sub(MULTI_LINES - 1);
                for k in 0..MULTI_LINES {
                    let content = wrapped.get(first + k).cloned().unwrap_or_default();
                    let lead = if k == 0 {
                        label.clone()
                    } else {
                        Span::raw(" ".repeat(LABEL_COLS))
                    };
                    if focused && first + k == caret_line {
                        let col = caret_lines.last().map_or(0, |l| text::width(l));
                        caret = Some((lines.len(), LABEL_COLS + 1 + col.min(value_cols)));
                    }
                    lines.push(Line::from(vec![lead, Span::raw(" "), Span::raw(content)]));
                }
            }
        }
        if let Some(err) = &field.error {
            for l in text::wrap(err, value_cols) {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(LABEL_COLS + 1)),
                    Span::styled(l, theme::danger()),
                ]));
            }
        }
    }
    lines.push(Line::raw(""));
    if let Some(err) = &form.error {
        for l in text::wrap(err, (width as usize).saturating_sub(2)) {
            lines.push(Line::styled(l, theme::error()));
        }
    }
    let mut hint = t.form.hint.clone();
    if form.picker.is_some() {
        hint = t.forms.picker_hint.clone();
    } else if matches!(form.focused().kind, FieldKind::MultiLine) {
        hint = format!("{}{}{}", t.form.multiline_hint, t.clerkflow.list_sep, hint);
    }
    for l in text::wrap(&hint, (width as usize).saturating_sub(2)) {
        lines.push(Line::styled(l, theme::muted()));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = crate::ui::widgets::centered(area, width, height);
    crate::ui::widgets::clear_overlay(frame, rect);
    let block = theme.block().title(Span::styled(
        format!(" {} ", text::truncate(&form.title, width as usize - 4)),
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    if show_caret
        && let Some((line, col)) = caret
        && (line as u16) < height.saturating_sub(2)
    {
        frame.set_cursor_position(Position::new(rect.x + 1 + col as u16, rect.y + 1 + line as u16));
    }
}

/// Rows of a choice list shown at once.
const PICKER_ROWS: usize = 8;

/// The open choice list under its field: the filter line (where the caret
/// goes, returned as (line, column)) and a window of the matching options.
fn picker_lines(
    lines: &mut Vec<Line<'static>>,
    picker: &Picker,
    options: &[(String, String)],
    value_cols: usize,
    t: &Texts,
) -> (usize, usize) {
    let indent = " ".repeat(LABEL_COLS + 1);
    let count = fill(
        &t.forms.picker_count,
        &[("shown", &picker.matches.len()), ("total", &options.len())],
    );
    let prompt = &t.forms.picker_filter;
    let caret_col = LABEL_COLS + 1 + text::width(prompt) + text::caret_column(&picker.query.text, picker.query.caret);
    let at = lines.len();
    lines.push(Line::from(vec![
        Span::raw(indent.clone()),
        Span::styled(prompt.clone(), theme::key()),
        Span::raw(picker.query.text.clone()),
        Span::styled(format!("  {count}"), theme::muted()),
    ]));
    if picker.matches.is_empty() {
        lines.push(Line::from(vec![
            Span::raw(indent),
            Span::styled(t.forms.picker_none.clone(), theme::muted()),
        ]));
        return (at, caret_col);
    }
    let mut window = picker.list.clone();
    window.scroll_into_view(PICKER_ROWS, picker.matches.len());
    let first = window.offset;
    for (k, &i) in picker.matches.iter().enumerate().skip(first).take(PICKER_ROWS) {
        let label = text::truncate(&options[i].1, value_cols.saturating_sub(2));
        let style = if k == picker.list.selected {
            theme::selected()
        } else {
            Default::default()
        };
        lines.push(Line::from(vec![
            Span::raw(indent.clone()),
            Span::styled(format!("  {label}"), style),
        ]));
    }
    (at, caret_col)
}

/// A yes/no question in a small box.
pub fn draw_confirm(frame: &mut Frame, area: Rect, theme: &Theme, question: &str) {
    let width = (text::width(question) as u16 + 4).min(area.width).max(20);
    let lines: Vec<Line> = text::wrap(question, width as usize - 2)
        .into_iter()
        .map(Line::from)
        .collect();
    let height = lines.len() as u16 + 2;
    let rect = crate::ui::widgets::centered(area, width, height);
    crate::ui::widgets::clear_overlay(frame, rect);
    frame.render_widget(
        Paragraph::new(lines).block(theme.block().border_style(theme::warning())),
        rect,
    );
}
