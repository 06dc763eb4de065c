//! The meetings list, newest first, and the agenda of the selected one.

use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::panes::agenda::update::board;
use crate::text;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width, layout_widths};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let rows = summary_rows(state, data, t, area.width);
    let [summary, top, bottom] =
        Layout::vertical([Constraint::Length(rows), Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
    draw_summary(frame, summary, state, data, t);
    let c = &t.columns;
    // Below 100 columns the title keeps its room: level and place give way.
    let wide = area.width >= 100;
    let mut columns = vec![
        Column::new(&c.date, Width::Fixed(16)),
        Column::new(&c.kind, Width::Fixed(8)),
    ];
    if wide {
        columns.push(Column::new(&c.level, Width::Fixed(8)));
    }
    columns.push(Column::new(&c.title, Width::Fill));
    if wide {
        columns.push(Column::new(&c.place, Width::Fixed(14)));
    }
    columns.extend([
        Column::new(&c.chair, Width::Fixed(8)),
        Column::new(&c.status, Width::Fixed(8)),
        Column::right(&c.items, 5),
    ]);
    let view = TableView {
        title: t.titles.meetings.clone(),
        columns,
        theme: state.theme,
        empty_note: if state.list().filter.is_empty() {
            &t.agenda.ui.no_meetings
        } else {
            &t.chrome.no_match
        },
    };
    let rows = view.render(frame, top, state.list(), &t.chrome.position, |i| {
        let m = &data.meetings[i];
        let mut cells = vec![
            Cell::new(m.starts_at.get(..16).unwrap_or(&m.starts_at)),
            Cell::new(label(&t.meeting_kind, m.kind.code())),
        ];
        if wide {
            cells.push(Cell::new(label(&t.level, m.level.code())));
        }
        cells.push(Cell::new(&m.title));
        if wide {
            cells.push(Cell::new(&m.place));
        }
        cells.extend([
            Cell::new(m.chair.clone().unwrap_or_default()),
            Cell::new(label(&t.meeting_status, m.status.code())),
            Cell::new(m.items.len().to_string()),
        ]);
        cells
    });
    state.layout.list_rows.set(rows);
    draw_items(frame, bottom, state, data, t);
}

/// One line: callbacks due, open and overdue decisions, suggestions waiting.
/// The summary line's rows at `width`: it wraps (two rows at most) rather
/// than losing its end on a narrow screen.
pub(super) fn summary_rows(state: &State, data: &Snapshot, t: &Texts, width: u16) -> u16 {
    text::wrap(&summary_text(state, data, t), width.max(1) as usize)
        .len()
        .clamp(1, 2) as u16
}

fn summary_text(state: &State, data: &Snapshot, t: &Texts) -> String {
    let open = board(state);
    let overdue = open.iter().filter(|d| d.flags.overdue_days.is_some()).count();
    let stale = open.iter().filter(|d| d.flags.stale).count();
    fill(
        &t.agenda.ui.summary,
        &[
            ("callbacks", &data.callbacks_due),
            ("open", &open.len()),
            ("overdue", &overdue),
            ("stale", &stale),
            ("suggestions", &data.suggestions.len()),
        ],
    )
}

pub(super) fn draw_summary(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let overdue = board(state).iter().any(|d| d.flags.overdue_days.is_some());
    let style = if overdue { theme::warning() } else { theme::muted() };
    let lines: Vec<Line> = text::wrap(&summary_text(state, data, t), area.width.max(1) as usize)
        .into_iter()
        .take(area.height as usize)
        .map(|l| Line::styled(l, style))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_items(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let meeting = state.list().selected_row().and_then(|i| data.meetings.get(i));
    let total: i64 = meeting.map_or(0, |m| m.items.iter().map(|i| i.minutes_allotted).sum());
    let count = meeting.map_or(0, |m| m.items.len());
    let title = format!(
        " {} - {} ",
        t.titles.agenda,
        fill(&t.minutes_fmt.agenda_total, &[("n", &count), ("m", &total)])
    );
    let block = state.theme.block().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let c = &t.columns;
    let cols = [
        Column::right(&c.position, 4),
        Column::new(&c.topic, Width::Fill),
        Column::right(&c.minutes, 8),
        Column::new(&c.presenter, Width::Fixed(10)),
        Column::right(&c.decisions, 8),
    ];
    let widths = layout_widths(&cols, inner.width);
    let cell = |s: &str, i: usize| {
        if cols[i].right {
            text::fit_right(s, widths[i] as usize)
        } else {
            text::fit(s, widths[i] as usize)
        }
    };
    let row = |cells: [String; 5], style| {
        let spans: Vec<Span> = cells
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                [
                    Span::raw(if i == 0 { "" } else { " " }),
                    Span::styled(cell(s, i), style),
                ]
            })
            .collect();
        Line::from(spans)
    };
    let mut lines = vec![row(cols.each_ref().map(|c| c.title.to_string()), theme::header())];
    match meeting {
        Some(m) if !m.items.is_empty() => {
            for item in &m.items {
                lines.push(row(
                    [
                        item.position.to_string(),
                        item.title.clone(),
                        fill(&t.minutes_fmt.minutes, &[("n", &item.minutes_allotted)]),
                        item.presenter.clone().unwrap_or_default(),
                        item.decisions.to_string(),
                    ],
                    Default::default(),
                ));
            }
        }
        _ => lines.push(Line::styled(t.minutes_fmt.no_items.clone(), theme::muted())),
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
