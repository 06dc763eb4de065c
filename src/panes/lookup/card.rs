//! The household card (一户一档): members, address, tags, grid and cadre,
//! when it was last verified, its requests and visits.

use crate::app::state::State;
use crate::domain::dates::parse_day;
use crate::domain::ids::{age_on, mask_phone, mask_resident_id};
use crate::panes::lookup::state::CardView;
use crate::text;
use crate::text::i18n::{Texts, fill, label, noted};
use crate::ui::theme::{self, Theme};
use crate::ui::widgets::table::{Column, Width, fitted_widths};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Never verified, or verified more than `months` ago (the office's setting
/// `stale_after_months`, 12 by default).
pub fn is_stale(verified: Option<chrono::NaiveDate>, today: chrono::NaiveDate, months: u32) -> bool {
    verified.is_none_or(|d| {
        d.checked_add_months(chrono::Months::new(months))
            .is_none_or(|limit| limit < today)
    })
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &CardView, t: &Texts) {
    let card = &view.card;
    let members_h = (card.members.len() as u16 + 3).min(area.height / 2).max(4);
    let [info, members, history] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(members_h),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_info(frame, info, state, view, t);
    draw_members(frame, members, state, view, t);
    let [reqs, visits] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(history);
    draw_requests(frame, reqs, state, view, t);
    draw_visits(frame, visits, &state.theme, view, t);
}

fn masked_phone(view: &CardView, phone: &str) -> String {
    if view.revealed {
        phone.to_string()
    } else {
        mask_phone(phone)
    }
}

fn draw_info(frame: &mut Frame, area: Rect, state: &State, view: &CardView, t: &Texts) {
    let c = &view.card;
    let ct = &t.card;
    let block = state
        .theme
        .block()
        .title(Span::styled(format!(" {} {} ", ct.title, c.address), theme::title()));
    let verified = c.verified_at.as_deref().and_then(parse_day);
    let months = state.data.as_ref().map_or(12, |d| d.stale_after_months);
    let stale = is_stale(verified, state.today, months);
    let verified_text = match verified {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => ct.never.clone(),
    };
    let mut verified_spans = vec![
        Span::styled(format!("{}{}", ct.verified, t.clerkflow.label_sep), theme::muted()),
        Span::styled(verified_text, if stale { theme::warning() } else { Default::default() }),
    ];
    if stale && verified.is_some() {
        verified_spans.push(Span::styled(fill(&ct.stale, &[("n", &months)]), theme::warning()));
    }
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{}{}", ct.grid, t.clerkflow.label_sep), theme::muted()),
            Span::raw(format!("{}    ", c.grid)),
            Span::styled(format!("{}{}", ct.cadre, t.clerkflow.label_sep), theme::muted()),
            // A cadre's work phone is for residents to call: not masked.
            Span::raw(format!(
                "{} {}",
                c.cadre.clone().unwrap_or_default(),
                c.cadre_phone.clone().unwrap_or_default()
            )),
        ]),
        Line::from(vec![
            Span::styled(
                format!("{}{}", ct.household_phone, t.clerkflow.label_sep),
                theme::muted(),
            ),
            Span::raw(format!(
                "{}    ",
                c.phone.as_deref().map(|p| masked_phone(view, p)).unwrap_or_default()
            )),
            Span::styled(format!("{}{}", ct.tags, t.clerkflow.label_sep), theme::muted()),
            Span::styled(
                c.tags.iter().map(|g| label(&t.tag, g)).collect::<Vec<_>>().join(" "),
                theme::warning(),
            ),
        ]),
        Line::from(verified_spans),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_members(frame: &mut Frame, area: Rect, state: &State, view: &CardView, t: &Texts) {
    let block = state.theme.block().title(format!(" {} ", t.card.members));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let f = &t.form;
    let cols = [
        Column::new(&t.columns.relation, Width::Fixed(8)),
        Column::new(&f.name, Width::Fixed(10)),
        Column::new(&t.columns.age_gender, Width::Fixed(8)),
        Column::new(&f.status, Width::Fixed(8)),
        Column::new(&f.resident_id, Width::Fixed(18)),
        Column::new(&f.phone, Width::Fill),
    ];
    let offset = view.member().saturating_sub((inner.height as usize).saturating_sub(2));
    let rows: Vec<[String; 6]> = view
        .card
        .members
        .iter()
        .skip(offset)
        .map(|m| {
            let age = m
                .birth_date
                .as_deref()
                .and_then(parse_day)
                .map(|b| fill(&t.lookup.age, &[("n", &age_on(b, state.today))]))
                .unwrap_or_default();
            let gender = m.gender.as_deref().map(|g| label(&t.gender, g)).unwrap_or("");
            let id = m
                .resident_id
                .as_deref()
                .map(|id| {
                    if view.revealed {
                        id.to_string()
                    } else {
                        mask_resident_id(id)
                    }
                })
                .unwrap_or_default();
            let phone = m.phone.as_deref().map(|p| masked_phone(view, p)).unwrap_or_default();
            [
                label(&t.relation, &m.relation).to_string(),
                m.name.clone(),
                format!("{age} {gender}"),
                label(&t.person_status, &m.status).to_string(),
                id,
                phone,
            ]
        })
        .collect();
    let widest: Vec<u16> = (0..cols.len())
        .map(|i| rows.iter().map(|r| text::width(&r[i]) as u16).max().unwrap_or(0))
        .collect();
    let widths = fitted_widths(&cols, inner.width, &widest);
    let fit = |s: &str, i: usize| text::fit(s, widths[i] as usize);
    let row = |cells: &[String; 6]| -> Vec<Span<'static>> {
        cells
            .iter()
            .enumerate()
            .flat_map(|(i, s)| [Span::raw(fit(s, i)), Span::raw(" ")])
            .collect()
    };
    let mut lines = vec![Line::from(row(&cols.each_ref().map(|c| c.title.to_string()))).style(theme::header())];
    for (k, cells) in rows.iter().enumerate() {
        let mut line = Line::from(row(cells));
        if offset + k == view.member() && view.request().is_none() {
            line = line.patch_style(theme::selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_requests(frame: &mut Frame, area: Rect, state: &State, view: &CardView, t: &Texts) {
    let (theme, state_rows) = (&state.theme, &state.layout.list_rows);
    let status_of = |r: &crate::model::register::CardRequest| {
        crate::panes::requests::detail::status_label(t, r.status, r.duplicate_of, r.topic_id)
    };
    // The status column is as wide as its widest label, in either language.
    let status_w = view
        .card
        .requests
        .iter()
        .map(|r| text::width(status_of(r)))
        .max()
        .unwrap_or(0);
    let rows = view.card.requests.iter().map(|r| {
        let date = r.received_at.get(..10).unwrap_or(&r.received_at);
        let head = format!("{} {date} ", text::fit(status_of(r), status_w));
        (head, theme::key(), r.title.clone(), Style::new())
    });
    let block = theme
        .block()
        .title(format!(" {} ", noted(t, &t.card.requests, &view.card.requests.len())));
    let inner_h = block.inner(area).height as usize;
    // A page move on the card goes by the requests this frame shows.
    state_rows.set(inner_h);
    let mut lines = history_lines(block.inner(area).width as usize, rows.collect(), &t.card.no_requests);
    // The selected request (Enter opens it) is highlighted and kept in view.
    let skip = match view.request() {
        Some(i) => {
            if let Some(line) = lines.get_mut(i) {
                *line = std::mem::take(line).patch_style(theme::selected());
            }
            (i + 1).saturating_sub(inner_h)
        }
        None => 0,
    };
    lines.drain(..skip.min(lines.len()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_visits(frame: &mut Frame, area: Rect, theme: &Theme, view: &CardView, t: &Texts) {
    let widest =
        |f: &dyn Fn(&crate::model::register::CardVisit) -> usize| view.card.visits.iter().map(f).max().unwrap_or(0);
    let kind_w = widest(&|v| text::width(label(&t.visit_kind, v.kind.code())));
    let cadre_w = widest(&|v| text::width(&v.cadre));
    let rows = view.card.visits.iter().map(|v| {
        let head = format!(
            "{} {} {} ",
            v.visited_on.get(..10).unwrap_or(&v.visited_on),
            text::fit(label(&t.visit_kind, v.kind.code()), kind_w),
            text::fit(&v.cadre, cadre_w)
        );
        (head, Style::new(), v.notes.clone(), theme::muted())
    });
    let rows: Vec<_> = rows.collect();
    let title = noted(t, &t.card.visits, &rows.len());
    draw_history(frame, area, theme, &title, rows, &t.card.no_visits);
}

/// A titled list (with its count) of (head, its style, text cut to the
/// rest of the line, its style), or a note when there is nothing yet.
fn draw_history(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    rows: Vec<(String, Style, String, Style)>,
    empty: &str,
) {
    let block = theme.block().title(format!(" {title} "));
    let lines = history_lines(block.inner(area).width as usize, rows, empty);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The lines of a history list `w` columns wide, or the note when empty.
fn history_lines(w: usize, rows: Vec<(String, Style, String, Style)>, empty: &str) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(head, head_style, tail, tail_style)| {
            let rest = w.saturating_sub(text::width(&head));
            Line::from(vec![
                Span::styled(head, head_style),
                Span::styled(text::truncate(&tail, rest), tail_style),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(empty.to_string(), theme::muted()));
    }
    lines
}
