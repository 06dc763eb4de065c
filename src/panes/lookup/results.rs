//! Ranked lookup results: one row per person, matched characters marked,
//! IDs and phones masked, rows of one household numbered together.

use crate::app::selection::Selection;
use crate::app::state::State;
use crate::domain::ids::{age_on, mask_phone, mask_resident_id};
use crate::panes::lookup::state::LookupRow;
use crate::text;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Column, Width, fitted_widths};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let rows = &state.lookup.rows;
    let pos = if rows.is_empty() {
        0
    } else {
        state.lookup.list.selected + 1
    };
    let title = if state.lookup.more {
        // Say that the list is cut, and how to find the one meant.
        format!(
            " {} ",
            fill(&t.clerkflow.more_results, &[("pos", &pos), ("n", &rows.len())])
        )
    } else {
        format!(
            " {} {} ",
            t.lookup.results,
            fill(&t.chrome.position, &[("pos", &pos), ("total", &rows.len())])
        )
    };
    let block = state.theme.block().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let c = &t.columns;
    let narrow = inner.width < 90;
    let cols = [
        Column::right(&t.lookup.household, 4),
        Column::new(&c.name, Width::Fixed(8)),
        Column::new(&t.form.resident_id, Width::Fixed(18)),
        Column::new(&c.age_gender, Width::Fixed(8)),
        // On an 80-column terminal relation and grid give way to the address.
        Column::new(&c.relation, Width::Fixed(if narrow { 0 } else { 8 })),
        Column::new(&c.address, Width::Fill),
        Column::new(&c.grid, Width::Fixed(if narrow { 0 } else { 12 })),
        Column::new(&c.phone, Width::Fixed(11)),
    ];
    let height = inner.height.saturating_sub(1) as usize;
    let offset = Selection::window_start(state.lookup.list.selected, height);
    let page = rows.iter().skip(offset).take(height);
    let widest = page.fold([0u16; 8], |mut m, row| {
        for (i, s) in cells(row, state, t).iter().enumerate() {
            m[i + 1] = m[i + 1].max(text::width(s) as u16);
        }
        m[0] = m[0].max(text::width(&rows.len().to_string()) as u16);
        m
    });
    let widths = fitted_widths(&cols, inner.width, &widest);
    let mut lines = vec![header(&cols, &widths)];
    if rows.is_empty() {
        lines.push(Line::styled(t.lookup.no_hits.clone(), theme::muted()));
    }
    // Number households in order of first appearance so that all rows of
    // one household carry the same number.
    let mut numbers: Vec<i64> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let number = match numbers.iter().position(|h| *h == row.entry.household_id) {
            Some(n) => n + 1,
            None => {
                numbers.push(row.entry.household_id);
                numbers.len()
            }
        };
        if i < offset || i >= offset + height {
            continue;
        }
        let continued = i > 0 && rows[i - 1].entry.household_id == row.entry.household_id;
        let mut line = result_line(row, number, continued, &widths, state, t);
        if i == state.lookup.list.selected {
            line = line.patch_style(theme::selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn header(cols: &[Column], widths: &[u16]) -> Line<'static> {
    let mut spans = Vec::new();
    for (c, w) in cols.iter().zip(widths).filter(|(_, w)| **w > 0) {
        let s = if c.right {
            text::fit_right(c.title, *w as usize)
        } else {
            text::fit(c.title, *w as usize)
        };
        spans.push(Span::styled(s + " ", theme::header()));
    }
    Line::from(spans)
}

fn result_line(
    row: &LookupRow,
    number: usize,
    continued: bool,
    widths: &[u16],
    state: &State,
    t: &Texts,
) -> Line<'static> {
    let e = &row.entry;
    let h = &row.hit;
    let w = |i: usize| widths[i] as usize;
    let base = Style::new();
    let hl = theme::highlight();
    let mut spans = Vec::new();
    let marker = if continued { "|".to_string() } else { number.to_string() };
    let marker_style = if continued { theme::muted() } else { theme::header() };
    spans.push(Span::styled(text::fit_right(&marker, w(0)), marker_style));
    spans.push(Span::raw(" "));
    spans.extend(text::highlight(&e.name, &h.name_highlight, w(1), base, hl));
    spans.push(Span::raw(" "));
    // Masking keeps the length, so the match positions still hold.
    let [_, id, age_gender, relation, _, grid, phone] = cells(row, state, t);
    spans.extend(text::highlight(&id, &h.resident_id_highlight, w(2), base, hl));
    spans.push(Span::raw(" "));
    spans.push(Span::raw(text::fit(&age_gender, w(3))));
    spans.push(Span::raw(" "));
    if w(4) > 0 {
        spans.push(Span::raw(text::fit(&relation, w(4))));
        spans.push(Span::raw(" "));
    }
    spans.extend(text::highlight(&e.address, &h.address_highlight, w(5), base, hl));
    spans.push(Span::raw(" "));
    if w(6) > 0 {
        spans.push(Span::raw(text::fit(&grid, w(6))));
        spans.push(Span::raw(" "));
    }
    let marks = if e.phone.is_empty() {
        &h.household_phone_highlight
    } else {
        &h.phone_highlight
    };
    spans.extend(text::highlight(&phone, marks, w(7), base, hl));
    Line::from(spans)
}

/// The texts of a row's columns after the household number, as shown
/// (masked); they also size the columns.
fn cells(row: &LookupRow, state: &State, t: &Texts) -> [String; 7] {
    let e = &row.entry;
    let id = if e.resident_id.is_empty() {
        String::new()
    } else {
        mask_resident_id(&e.resident_id)
    };
    let age = chrono::NaiveDate::parse_from_str(&e.birth_date, "%Y-%m-%d")
        .map(|b| fill(&t.lookup.age, &[("n", &age_on(b, state.today))]))
        .unwrap_or_default();
    let gender = label(&t.gender, &e.gender);
    let phone = if e.phone.is_empty() {
        mask_phone(&e.household_phone)
    } else {
        mask_phone(&e.phone)
    };
    [
        e.name.clone(),
        id,
        format!("{age} {gender}"),
        label(&t.relation, &e.relation).to_string(),
        e.address.clone(),
        e.grid.clone(),
        phone,
    ]
}
