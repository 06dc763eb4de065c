//! ASCII bar charts (narrow characters only) for coverage and the two
//! rates, worst first; "-" where there is no figure; below-quota marked "*".

use crate::app::state::State;
use crate::domain::assessment::{Rate, ascii_bar};
use crate::model::assessment::UnitFigures;
use crate::panes::assessment::update::table_rows;
use crate::text;
use crate::text::i18n::Texts;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Rows sorted worst first; units without a figure go last.
/// Which rate of a row a chart shows.
type RateOf<'f> = &'f dyn Fn(&UnitFigures) -> Rate;

pub fn worst_first<'a>(rows: &'a [UnitFigures], rate: RateOf) -> Vec<&'a UnitFigures> {
    let mut v: Vec<&UnitFigures> = rows.iter().collect();
    v.sort_by(|a, b| {
        let (ra, rb) = (rate(a).value(), rate(b).value());
        match (ra, rb) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.id.cmp(&b.id))
    });
    v
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let a = &t.assess;
    let rows = table_rows(state);
    let charts: [(&str, RateOf); 3] = [
        (&a.chart_coverage, &|u: &UnitFigures| u.coverage()),
        (&a.chart_awareness, &|u: &UnitFigures| u.rates.awareness),
        (&a.chart_satisfaction, &|u: &UnitFigures| u.rates.satisfaction),
    ];
    let areas: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(area);
    for ((title, rate), rect) in charts.into_iter().zip(areas) {
        let block = state.theme.block().title(format!(" {title} "));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let w = inner.width as usize;
        let name_w = 8.min(w / 3);
        let value_w = 10;
        let bar_w = w.saturating_sub(name_w + value_w + 2).max(1);
        let lines: Vec<Line> = worst_first(rows, rate)
            .into_iter()
            .take(inner.height as usize)
            .map(|u| {
                let r = rate(u);
                let mark = if u.below_quota() { "*" } else { " " };
                let style = match r.percent() {
                    Some(p) if p < 60 => theme::danger(),
                    Some(p) if p < 80 => theme::warning(),
                    Some(_) => theme::ok(),
                    None => theme::muted(),
                };
                Line::from(vec![
                    Span::styled(mark, theme::warning()),
                    Span::raw(text::fit(&u.name, name_w.saturating_sub(1))),
                    Span::raw(" "),
                    Span::styled(ascii_bar(r.value(), bar_w), style),
                    Span::raw(" "),
                    Span::raw(text::fit_right(&r.display(), value_w)),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
