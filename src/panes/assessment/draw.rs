//! 考核: per cadre (or per grid) coverage, quotas, the two rates and open
//! work for a period; bar charts worst first; the survey call list; the
//! visit plan (also opened from the grid map).

use super::{chart, plan, survey, table};
use crate::app::keymap::Keymap;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::assessment::Period;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap) {
    if let Some(survey) = &state.assess.survey {
        survey::draw(frame, area, state, survey, t, keymap);
    } else {
        // One header line when wide, two when the quota note would be cut.
        let head_h = if area.width >= 110 { 1 } else { 2 };
        let [head, body] = Layout::vertical([Constraint::Length(head_h), Constraint::Fill(1)]).areas(area);
        draw_header(frame, head, state, data, t);
        if state.assess.chart {
            chart::draw(frame, body, state, t);
        } else {
            table::draw(frame, body, state, t);
        }
    }
    if let Some(p) = &state.assess.plan {
        plan::draw(frame, area, state, p, t, keymap);
    }
}

/// Period selector, the period's dates, the quotas and the quota mark.
fn draw_header(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts) {
    let a = &t.assess;
    let mut spans = vec![Span::styled(format!("{} ", a.period), theme::header())];
    for p in Period::ALL {
        let style = if p == state.assess.period {
            theme::tab_active()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {} ", label(&t.assess_period, p.code())), style));
    }
    if let Some(p) = data.assessment.period(state.assess.period) {
        spans.push(Span::raw("  "));
        spans.push(Span::raw(fill(&a.range, &[("from", &p.from), ("to", &p.to)])));
    }
    let quota = fill(
        &a.quota,
        &[
            ("v", &data.assessment.quota_village),
            ("o", &data.assessment.quota_overnight),
        ],
    );
    let second = vec![
        Span::styled(quota, theme::muted()),
        Span::raw("  "),
        Span::styled(a.below_mark.clone(), theme::warning()),
    ];
    let lines = if area.height >= 2 {
        vec![Line::from(spans), Line::from(second)]
    } else {
        spans.push(Span::raw("  "));
        spans.extend(second);
        vec![Line::from(spans)]
    };
    frame.render_widget(Paragraph::new(lines), area);
}
