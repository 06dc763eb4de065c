//! The topics view: suggested topics (with why) and the topics themselves,
//! and on the right the evidence of the selected one; a suggestion's
//! requests can be dropped before it is accepted.

use super::draw::{focus_style, sub_list};
use super::messages::level_reason;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::topics::Evidence;
use crate::panes::agenda::update::{TopicSel, selected_topic};
use crate::text;
use crate::text::i18n::{Texts, fill, label, noted};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let a = &t.agenda.ui;
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let n = data.suggestions.len() + data.topics.len();
    let list = sub_list(state.agenda.topic.selected, n, left.height.saturating_sub(3) as usize);
    let view = TableView {
        title: fill(
            &a.topics_title,
            &[("s", &data.suggestions.len()), ("t", &data.topics.len())],
        ),
        columns: vec![
            Column::new(&a.col_kind, Width::Fixed(6)),
            Column::new(&t.columns.title, Width::Fill),
            Column::right(&a.col_requests, 4),
            Column::new(&t.columns.status, Width::Fixed(6)),
        ],
        theme: state.theme,
        empty_note: &a.no_topics,
    };
    let rows = view.render(frame, left, &list, &t.chrome.position, |i| {
        if let Some(s) = data.suggestions.get(i) {
            vec![
                Cell::styled(a.kind_suggested.clone(), theme::warning()),
                Cell::new(&s.suggestion.title),
                Cell::new(s.suggestion.request_ids.len().to_string()),
                Cell::new(""),
            ]
        } else {
            let tp = &data.topics[i - data.suggestions.len()];
            vec![
                Cell::new(a.kind_topic.clone()),
                Cell::new(&tp.title),
                Cell::new(tp.request_ids.len().to_string()),
                Cell::new(label(&t.agenda.topic_status, tp.status.code())),
            ]
        }
    });
    state.layout.list_rows.set(rows);
    let block = state
        .theme
        .block()
        .border_style(focus_style(state.agenda.in_requests))
        .title(format!(" {} ", a.why_title));
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let w = inner.width as usize;
    let sep = &t.clerkflow.label_sep;
    let with_note = |text: &str, note: &str| noted(t, text, &note);
    let mut lines: Vec<Line> = Vec::new();
    match selected_topic(state) {
        None => lines.push(Line::styled(a.no_topics.clone(), theme::muted())),
        Some(TopicSel::Suggestion(s)) => {
            let sg = &s.suggestion;
            lines.push(Line::styled(text::truncate(&sg.title, w), theme::title()));
            lines.push(Line::raw(text::truncate(
                &format!(
                    "{}{sep}{}",
                    a.f_category,
                    crate::text::i18n::label(&t.category, s.category.as_deref().unwrap_or(""))
                ),
                w,
            )));
            evidence(&mut lines, &sg.evidence, t, w);
            lines.push(Line::raw(text::truncate(
                &format!(
                    "{}{sep}{}",
                    a.suggested_level,
                    with_note(label(&t.level, sg.level.code()), &level_reason(t, sg.level_reason)),
                ),
                w,
            )));
            lines.push(Line::styled(a.requests_head.clone(), theme::header()));
            let room = (inner.height as usize).saturating_sub(lines.len() + 1).max(1);
            let sel = state.agenda.topic_request.selected;
            let offset = (sel + 1).saturating_sub(room);
            for (k, r) in s.requests.iter().enumerate().skip(offset).take(room) {
                let dropped = state.agenda.dropped.contains(&r.id);
                let mark = if dropped { &a.mark_dropped } else { &a.mark_kept };
                let l = format!(
                    "{mark} #{} {} {} {}",
                    r.id,
                    r.received,
                    r.village.clone().unwrap_or_default(),
                    r.title
                );
                let mut style = if dropped {
                    theme::muted()
                } else {
                    ratatui::style::Style::new()
                };
                if state.agenda.in_requests && k == sel {
                    style = theme::selected();
                }
                lines.push(Line::styled(text::fit(&l, w), style));
            }
            lines.push(Line::styled(text::truncate(&a.suggestion_keys, w), theme::muted()));
        }
        Some(TopicSel::Topic(tp)) => {
            lines.push(Line::styled(text::truncate(&tp.title, w), theme::title()));
            lines.push(Line::raw(text::truncate(
                &format!(
                    "{}{sep}{}  {}{sep}{}  {}",
                    a.f_category,
                    tp.category.clone().unwrap_or_default(),
                    a.f_level,
                    label(&t.level, tp.level.code()),
                    label(&t.agenda.topic_status, tp.status.code())
                ),
                w,
            )));
            evidence(&mut lines, &tp.evidence, t, w);
            lines.push(Line::raw(text::truncate(
                &format!(
                    "{}{sep}{}",
                    a.suggested_level,
                    with_note(
                        label(&t.level, tp.suggested_level.code()),
                        &level_reason(t, tp.level_reason)
                    ),
                ),
                w,
            )));
            if !tp.note.is_empty() {
                lines.push(Line::raw(text::truncate(&format!("{}{sep}{}", a.f_note, tp.note), w)));
            }
            lines.push(Line::styled(a.samples_head.clone(), theme::header()));
            for s in &tp.samples {
                lines.push(Line::styled(
                    text::truncate(&format!("- {}", s.trim()), w),
                    theme::muted(),
                ));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn evidence(lines: &mut Vec<Line>, e: &Evidence, t: &Texts, w: usize) {
    let a = &t.agenda.ui;
    let span = match (e.earliest, e.latest) {
        (Some(x), Some(y)) => fill(&a.span_fmt, &[("from", &x), ("to", &y), ("n", &e.span_days())]),
        _ => String::new(),
    };
    for l in [
        fill(
            &a.evidence_fmt,
            &[
                ("requests", &e.requests),
                ("households", &e.households),
                ("villages", &e.villages),
            ],
        ),
        fill(
            &a.evidence_fmt2,
            &[
                ("overdue", &e.overdue),
                ("repeat", &e.repeat_requesters),
                ("unsatisfied", &e.unsatisfied),
            ],
        ),
        span,
    ] {
        if !l.is_empty() {
            lines.push(Line::raw(text::truncate(&l, w)));
        }
    }
}
