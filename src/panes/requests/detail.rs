//! One request: every field, what the workflow allows from here, the event
//! timeline and similar open requests (possible duplicates).

use crate::app::state::State;
use crate::domain::ids::mask_phone;
use crate::domain::request::due_state;
use crate::panes::requests::state::RequestDetailView;
use crate::text;
use crate::text::i18n::{Texts, fill, label, marked, noted};
use crate::ui::theme::{self, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub use crate::text::i18n::status_label;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &RequestDetailView, t: &Texts) {
    let [top, bottom] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
    draw_fields(frame, top, state, view, t);
    let [events, similar] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    draw_events(frame, events, &state.theme, view, t);
    draw_similar(frame, similar, &state.theme, view, t);
}

fn kv(t: &Texts, key: &str, value: String) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{key}{}", t.clerkflow.label_sep), theme::muted()),
        Span::raw(value),
        Span::raw("   "),
    ]
}

fn draw_fields(frame: &mut Frame, area: Rect, state: &State, view: &RequestDetailView, t: &Texts) {
    let d = &view.detail;
    let r = &t.req;
    let what = fill(&r.detail_title, &[("id", &d.id)]);
    let status = status_label(t, d.status, d.duplicate_of, d.topic_id);
    let title = format!(" {} {} ", marked(t, &what, status), d.title);
    let block = state.theme.block().title(Span::styled(
        text::truncate(&title, area.width.saturating_sub(4) as usize),
        theme::title(),
    ));
    let inner = block.inner(area);
    let w = inner.width as usize;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let phone = d
        .person_phone
        .as_deref()
        .or(d.caller_phone.as_deref())
        .map(mask_phone)
        .unwrap_or_default();
    let due = match d.due {
        Some(day) => {
            let rel = match due_state(d.status, Some(day), state.today) {
                crate::domain::request::DueState::Overdue { days } => Some(fill(&t.due.overdue_days, &[("n", &days)])),
                crate::domain::request::DueState::Today => Some(t.due.today.clone()),
                _ => None,
            };
            let day = day.format("%Y-%m-%d").to_string();
            match rel {
                Some(rel) => noted(t, &day, &rel),
                None => day,
            }
        }
        None => t.due.none.clone(),
    };
    let mut lines = vec![
        Line::from(
            [
                kv(
                    t,
                    &r.received,
                    d.received_at.get(..16).unwrap_or(&d.received_at).to_string(),
                ),
                kv(t, &t.form.channel, label(&t.channel, d.channel.code()).to_string()),
                kv(t, &t.form.kind, label(&t.kind, d.kind.code()).to_string()),
                kv(t, &t.form.priority, label(&t.priority, d.priority.code()).to_string()),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv(
                    t,
                    if d.household_id.is_some() {
                        &r.resident
                    } else {
                        &r.caller
                    },
                    opt(&d.resident_name),
                ),
                kv(t, &t.form.phone, phone),
                kv(t, &t.columns.village, opt(&d.village_name)),
                kv(t, &t.columns.grid, opt(&d.grid_name)),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv(
                    t,
                    &t.form.category,
                    label(&t.category, &opt(&d.category_name)).to_string(),
                ),
                kv(t, &t.form.scope, label(&t.scope, d.scope.code()).to_string()),
                kv(
                    t,
                    &t.form.difficulty,
                    label(&t.difficulty, d.difficulty.code()).to_string(),
                ),
                kv(t, &t.form.level, label(&t.level, d.level.code()).to_string()),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv(t, &t.columns.assignee, opt(&d.assignee_name)),
                kv(t, &r.due, due),
                kv(t, &r.urges, d.urge_count.to_string()),
            ]
            .concat(),
        ),
    ];
    let mut wrapped = |key: &str, value: &str, style| {
        let head = if key.is_empty() {
            String::new()
        } else {
            format!("{key}{}", t.clerkflow.label_sep)
        };
        let body_w = w.saturating_sub(text::width(&head)).max(8);
        for (i, l) in text::wrap(value, body_w).into_iter().enumerate() {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(text::width(&head))
            };
            lines.push(Line::from(vec![
                Span::styled(lead, theme::muted()),
                Span::styled(l, style),
            ]));
        }
    };
    if !d.content.is_empty() {
        wrapped(&r.content, &d.content, Default::default());
    }
    if let Some(res) = &d.resolution {
        // Whether it was solved, in words (not a bare "[是]").
        let solved = match d.solved {
            Some(true) => format!("（{}）", t.clerkflow.solved_yes),
            Some(false) => format!("（{}）", t.clerkflow.solved_no),
            None => String::new(),
        };
        let solved = if t.clerkflow.solved_yes.is_ascii() {
            solved.replace('（', " (").replace('）', ")")
        } else {
            solved
        };
        wrapped(&r.resolution, &format!("{res}{solved}"), theme::ok());
    }
    if let Some(s) = d.satisfaction {
        wrapped(&r.satisfaction, label(&t.satisfaction, s.code()), Default::default());
    }
    if let Some(dup) = d.duplicate_of {
        wrapped(&t.clerkflow.merged_duplicate, &format!("#{dup}"), theme::warning());
    }
    let c = &t.clerkflow;
    match (&view.topic, d.topic_id) {
        (Some(topic), _) => {
            wrapped(
                &c.merged_topic,
                &format!("#{} {}", topic.id, topic.title),
                theme::warning(),
            );
            if topic.decisions.is_empty() {
                wrapped(&c.decision, &c.no_decision, theme::muted());
            }
            for dec in &topic.decisions {
                let deadline = dec
                    .deadline
                    .as_deref()
                    .map(|day| fill(&c.deadline, &[("date", &day.get(..10).unwrap_or(day))]))
                    .unwrap_or_default();
                let line = fill(
                    &c.decision_line,
                    &[
                        ("text", &dec.text),
                        ("status", &label(&t.agenda.decision_status, dec.status.code())),
                        ("progress", &dec.progress),
                        ("deadline", &deadline),
                    ],
                );
                wrapped(&c.decision, &line, Default::default());
            }
        }
        (None, Some(topic)) => wrapped(&c.merged_topic, &format!("#{topic}"), theme::warning()),
        (None, None) => {}
    }
    let allowed: Vec<&str> = view.allowed.iter().map(|k| label(&t.command, k.code())).collect();
    if !allowed.is_empty() {
        wrapped("", &fill(&r.allowed, &[("list", &allowed.join(" / "))]), theme::key());
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_events(frame: &mut Frame, area: Rect, theme: &Theme, view: &RequestDetailView, t: &Texts) {
    let block = theme.block().title(format!(" {} ", t.req.timeline));
    let inner = block.inner(area);
    let w = inner.width as usize;
    // Newest at the bottom, as a timeline reads; show the last ones that fit.
    let mut lines: Vec<Line> = view
        .events
        .iter()
        .map(|e| {
            let head = format!(
                "{} {} {} ",
                e.at.get(5..16).unwrap_or(&e.at),
                text::fit(label(&t.command, &e.action), 8),
                text::fit(e.user_name.as_deref().unwrap_or(""), 8)
            );
            let rest = w.saturating_sub(text::width(&head));
            Line::from(vec![
                Span::raw(head),
                Span::styled(text::truncate(&e.note, rest), theme::muted()),
            ])
        })
        .collect();
    let skip = lines.len().saturating_sub(inner.height as usize);
    lines.drain(..skip);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_similar(frame: &mut Frame, area: Rect, theme: &Theme, view: &RequestDetailView, t: &Texts) {
    let block = theme
        .block()
        .title(format!(" {} ", noted(t, &t.req.similar, &view.similar.len())));
    let inner = block.inner(area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = view
        .similar
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let head = format!(
                "{:>5} {:>3}% {} ",
                s.row.id,
                (s.score * 100.0).round() as i64,
                text::fit(label(&t.status, s.row.status.code()), 6)
            );
            let rest = w.saturating_sub(text::width(&head));
            let line = Line::from(vec![Span::raw(head), Span::raw(text::fit(&s.row.title, rest))]);
            if i == view.similar_list.selected {
                line.patch_style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(t.req.no_similar.clone(), theme::muted()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
