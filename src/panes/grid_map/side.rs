//! The selected grid beside the map: cadre and phone, villages, households
//! and persons, open and overdue requests (top 5), visits, the two rates.

use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::app::state::State;
use crate::model::places::GridRow;
use crate::text;
use crate::text::i18n::{Texts, fill};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const KEYS: [Action; 4] = [
    Action::GridRequests,
    Action::GridLookup,
    Action::LogVisit,
    Action::MapEdit,
];

/// A cadre's work phone is public by design (it is printed on the contact
/// cards given to households): shown in full, as on the household card.
fn phone(p: &Option<String>) -> String {
    p.clone().unwrap_or_default()
}

fn pair(label: &str, value: String, w: usize, label_w: usize) -> Line<'static> {
    let l = text::fit(label, label_w);
    Line::from(vec![
        Span::styled(l, theme::muted()),
        Span::raw(text::truncate(&value, w.saturating_sub(label_w))),
    ])
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, grid: Option<&GridRow>, t: &Texts, keymap: &Keymap) {
    let a = &t.assess;
    let title = grid.map_or(String::new(), |g| format!(" {} ", g.name));
    let block = state
        .theme
        .block()
        .title(text::truncate(&title, area.width.saturating_sub(2) as usize));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(g) = grid else { return };
    let w = inner.width as usize;
    let figures = crate::panes::assessment::update::grid_figures(state, g.id);
    let mut lines = Vec::new();
    let lw = [
        &a.side_cadre,
        &a.side_village,
        &a.side_households,
        &a.side_awareness,
        &a.side_satisfaction,
    ]
    .iter()
    .map(|l| text::width(l) + 1)
    .max()
    .unwrap_or(10)
    .min(w / 2);
    let cadre = match &g.cadre {
        Some(c) => format!("{c} {}", phone(&g.cadre_phone)),
        None => a.side_no_cadre.clone(),
    };
    lines.push(pair(&a.side_cadre, cadre, w, lw));
    let villages = figures
        .filter(|f| !f.villages.is_empty())
        .map_or(g.village.clone(), |f| f.villages.join(" "));
    lines.push(pair(&a.side_village, villages, w, lw));
    lines.push(pair(
        &a.side_households,
        format!("{} / {}", g.households, g.persons),
        w,
        lw,
    ));
    if let Some(f) = figures {
        lines.push(pair(&a.side_awareness, f.rates.awareness.display(), w, lw));
        lines.push(pair(&a.side_satisfaction, f.rates.satisfaction.display(), w, lw));
        lines.push(Line::raw(text::truncate(
            &fill(
                &a.side_visits,
                &[("week", &f.visits_this_week), ("year", &f.visits_this_year)],
            ),
            w,
        )));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            text::truncate(
                &fill(
                    &a.side_open,
                    &[("open", &f.layer.open_requests), ("overdue", &f.layer.overdue_requests)],
                ),
                w,
            ),
            theme::header(),
        ));
        if f.top_open.is_empty() {
            lines.push(Line::styled(a.side_no_open.clone(), theme::muted()));
        }
        for r in &f.top_open {
            let due = r.due.map_or(String::new(), |d| d.format("%m-%d").to_string());
            let mark = if r.overdue { "!" } else { " " };
            let style = if r.overdue { theme::danger() } else { Default::default() };
            let head = format!("{mark}{due} ");
            lines.push(Line::from(vec![
                Span::styled(head.clone(), style),
                Span::raw(text::truncate(&r.title, w.saturating_sub(text::width(&head)))),
            ]));
        }
    }
    let legend = crate::panes::keys::legend_lines(keymap, Context::Map, &KEYS, t, w);
    let keys_at = (inner.height as usize).saturating_sub(legend.len());
    lines.truncate(keys_at);
    while lines.len() < keys_at {
        lines.push(Line::raw(""));
    }
    lines.extend(legend);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Below 100 columns: three lines under the map with the same essentials.
pub fn draw_strip(frame: &mut Frame, area: Rect, state: &State, grid: Option<&GridRow>, t: &Texts) {
    let Some(g) = grid else { return };
    let a = &t.assess;
    let w = area.width as usize;
    let figures = crate::panes::assessment::update::grid_figures(state, g.id);
    let cadre = match &g.cadre {
        Some(c) => format!("{c} {}", phone(&g.cadre_phone)),
        None => a.side_no_cadre.clone(),
    };
    let first = format!(
        "{}  {}{sep}{}  {}{sep}{} / {}",
        g.name,
        a.side_cadre,
        cadre,
        a.side_households,
        g.households,
        g.persons,
        sep = t.clerkflow.label_sep
    );
    let mut lines = vec![Line::styled(text::truncate(&first, w), theme::header())];
    if let Some(f) = figures {
        let second = format!(
            "{}  {}  {} {}  {} {}",
            fill(
                &a.side_open,
                &[("open", &f.layer.open_requests), ("overdue", &f.layer.overdue_requests)]
            ),
            fill(
                &a.side_visits,
                &[("week", &f.visits_this_week), ("year", &f.visits_this_year)]
            ),
            a.side_awareness,
            f.rates.awareness.display(),
            a.side_satisfaction,
            f.rates.satisfaction.display()
        );
        lines.push(Line::raw(text::truncate(&second, w)));
        if let Some(r) = f.top_open.first() {
            let due = r.due.map_or(String::new(), |d| d.format("%m-%d").to_string());
            let mark = if r.overdue { "!" } else { " " };
            lines.push(Line::raw(text::truncate(&format!("{mark}{due} {}", r.title), w)));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
