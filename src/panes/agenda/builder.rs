//! The agenda builder: the meeting's header and time check, its agenda
//! items with the selected item's record, the ranked candidate topics (one
//! line of explanation each) and the participants with the representative
//! warning.

use super::draw::{focus_style, sub_list};
use super::messages::rank_line;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::meetings::{TimeCheck, unrepresented};
use crate::model::meetings::{MeetingDetail, MeetingKind, ParticipantRole};
use crate::panes::agenda::update::{Focus, candidates, proposed_presenter};
use crate::text;
use crate::text::i18n::{Texts, fill, label, marked, noted};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let Some(m) = &state.agenda.meeting else {
        frame.render_widget(
            Paragraph::new(Line::styled(t.chrome.loading.clone(), theme::muted())),
            area,
        );
        return;
    };
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    draw_head(frame, head, m, t);
    let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
    let [items, record] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(left);
    draw_items(frame, items, state, m, t);
    draw_record(frame, record, state, m, t);
    let [cands, parts] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(right);
    draw_candidates(frame, cands, state, data, t);
    draw_participants(frame, parts, state, data, m, t);
}

fn draw_head(frame: &mut Frame, area: Rect, m: &MeetingDetail, t: &Texts) {
    let a = &t.agenda.ui;
    let first = format!(
        "{}  [{} / {} / {}]  {}  {}  {}{}{}",
        m.title,
        label(&t.meeting_kind, m.kind.code()),
        label(&t.level, m.level.code()),
        label(&t.meeting_status, m.status.code()),
        m.starts_at.get(..16).unwrap_or(&m.starts_at),
        m.place,
        a.f_chair,
        t.clerkflow.label_sep,
        m.chair.as_deref().unwrap_or("-"),
    );
    let check = TimeCheck::new(m.items.iter().map(|i| i.minutes_allotted), m.duration_min);
    let (time, style) = if check.over() > 0 {
        (
            fill(
                &a.time_over,
                &[
                    ("total", &check.total),
                    ("length", &check.length),
                    ("over", &check.over()),
                ],
            ),
            theme::error(),
        )
    } else {
        (
            fill(
                &a.time_fits,
                &[
                    ("total", &check.total),
                    ("length", &check.length),
                    ("left", &check.left()),
                ],
            ),
            theme::ok(),
        )
    };
    let w = area.width as usize;
    let lines = vec![
        Line::styled(text::truncate(&first, w), theme::title()),
        Line::styled(text::truncate(&time, w), style),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_items(frame: &mut Frame, area: Rect, state: &State, m: &MeetingDetail, t: &Texts) {
    let c = &t.columns;
    let a = &t.agenda.ui;
    let focused = state.agenda.focus == Focus::Agenda;
    let height = area.height.saturating_sub(3) as usize;
    let list = sub_list(state.agenda.item.selected, m.items.len(), height);
    let view = TableView {
        title: a.agenda_title.clone(),
        columns: vec![
            Column::right(&c.position, 4),
            Column::new(&c.topic, Width::Fill),
            Column::right(&c.minutes, 7),
            Column::new(&c.presenter, Width::Fixed(8)),
            Column::right(&c.decisions, 4),
        ],
        theme: state.theme,
        empty_note: &a.no_items_hint,
    };
    render_framed(frame, area, focused, |f, r| {
        let rows = view.render(f, r, &list, &t.chrome.position, |i| {
            let item = &m.items[i];
            vec![
                Cell::new(item.position.to_string()),
                Cell::new(crate::panes::reports::draw::attached_title(state, item, t)),
                Cell::new(fill(&t.minutes_fmt.minutes, &[("n", &item.minutes_allotted)])),
                Cell::new(item.presenter.clone().unwrap_or_default()),
                Cell::new(item.decisions.len().to_string()),
            ]
        });
        state.layout.list_rows.set(rows);
    });
}

/// Draws with `draw` and then re-borders the area in the focus style.
fn render_framed(frame: &mut Frame, area: Rect, focused: bool, draw: impl FnOnce(&mut Frame, Rect)) {
    draw(frame, area);
    if focused {
        let buf = frame.buffer_mut();
        for x in area.left()..area.right() {
            for y in [area.top(), area.bottom().saturating_sub(1)] {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_style(focus_style(true));
                }
            }
        }
        for y in area.top()..area.bottom() {
            for x in [area.left(), area.right().saturating_sub(1)] {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_style(focus_style(true));
                }
            }
        }
    }
}

/// The selected item's notes, minutes, opinions and decisions.
fn draw_record(frame: &mut Frame, area: Rect, state: &State, m: &MeetingDetail, t: &Texts) {
    let a = &t.agenda.ui;
    let block = state.theme.block().title(format!(" {} ", a.record_title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    match m.items.get(state.agenda.item.selected) {
        None => lines.push(Line::styled(a.no_item.clone(), theme::muted())),
        Some(i) => {
            let mut push = |label_text: &str, value: &str, style| {
                let line = format!("{label_text}{}{value}", t.clerkflow.label_sep);
                for (n, l) in text::wrap(&line, w).into_iter().enumerate() {
                    if n < 3 {
                        lines.push(Line::styled(l, style));
                    }
                }
            };
            if !i.notes.is_empty() {
                push(&a.f_notes, &i.notes, ratatui::style::Style::new());
            }
            if !i.item_minutes.is_empty() {
                push(&a.f_item_minutes, &i.item_minutes, ratatui::style::Style::new());
            }
            for o in &i.opinions {
                let mark = if o.adopted { &a.mark_adopted } else { &a.mark_open };
                let said = match &o.person {
                    Some(who) => format!("{who}{}{}", t.clerkflow.label_sep, o.text),
                    None => o.text.clone(),
                };
                push(&format!("{mark} {}", a.opinion), &said, theme::muted());
            }
            for d in &i.decisions {
                let st = label(&t.agenda.decision_status, d.status.code()).to_string();
                let what = marked(t, &a.decision, &st);
                push(&what, &d.text, theme::ok());
            }
            if lines.is_empty() {
                lines.push(Line::styled(a.record_empty.clone(), theme::muted()));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_candidates(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let a = &t.agenda.ui;
    let focused = state.agenda.focus == Focus::Candidates;
    let ranked = candidates(state);
    let title = fill(&a.candidates_title, &[("n", &ranked.len())]);
    let block = state
        .theme
        .block()
        .border_style(focus_style(focused))
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if ranked.is_empty() {
        lines.push(Line::styled(a.no_candidates.clone(), theme::muted()));
    }
    // Two lines per topic: the title with its score, then why.
    let per = 2usize;
    let visible = (inner.height as usize / per).max(1);
    let sel = state.agenda.candidate.selected.min(ranked.len().saturating_sub(1));
    let offset = (sel + 1).saturating_sub(visible);
    for (k, r) in ranked.iter().enumerate().skip(offset).take(visible) {
        let topic = &data.topics[r.key];
        let head = format!("{:>2}. {}", k + 1, topic.title);
        let score = format!(" {}", r.score);
        let head_w = w.saturating_sub(text::width(&score));
        let mut style = ratatui::style::Style::new();
        if focused && k == sel {
            style = theme::selected();
        }
        lines.push(Line::from(vec![
            Span::styled(text::fit(&head, head_w), style),
            Span::styled(score, theme::key()),
        ]));
        lines.push(Line::styled(
            text::truncate(&format!("    {}", rank_line(t, &r.factors)), w),
            theme::muted(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_participants(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, m: &MeetingDetail, t: &Texts) {
    let a = &t.agenda.ui;
    let focused = state.agenda.focus == Focus::Participants;
    let block = state.theme.block().border_style(focus_style(focused)).title(format!(
        " {} ",
        fill(&a.participants_title, &[("n", &m.participants.len())])
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // Warnings first: they matter more than the names.
    if m.kind == MeetingKind::Deliberation {
        let missing = unrepresented(&m.affected, &m.representatives());
        for topic in missing {
            let title = data
                .topics
                .iter()
                .find(|x| x.id == topic)
                .map_or(String::new(), |x| x.title.clone());
            lines.push(Line::styled(
                text::truncate(&fill(&a.rep_warning, &[("title", &title)]), w),
                theme::warning(),
            ));
        }
    }
    if m.kind == MeetingKind::Analysis
        && let Some(p) = proposed_presenter(state)
    {
        let name = data.leaders.iter().find(|l| l.0 == p).map_or("", |l| l.1.as_str());
        lines.push(Line::styled(
            text::truncate(&fill(&a.next_presenter, &[("name", &name)]), w),
            theme::muted(),
        ));
    }
    if m.participants.is_empty() {
        lines.push(Line::styled(a.no_participants.clone(), theme::muted()));
    }
    let room = (inner.height as usize).saturating_sub(lines.len()).max(1);
    let sel = state
        .agenda
        .participant
        .selected
        .min(m.participants.len().saturating_sub(1));
    let offset = (sel + 1).saturating_sub(room);
    for (k, p) in m.participants.iter().enumerate().skip(offset).take(room) {
        let role = match p.role {
            ParticipantRole::Representative => &a.representative,
            ParticipantRole::Cadre => &a.cadre,
        };
        let line = match &p.village {
            Some(v) => format!("{role} {}", noted(t, &p.name, v)),
            None => format!("{role} {}", p.name),
        };
        let style = if focused && k == sel {
            theme::selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(text::fit(&line, w), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
