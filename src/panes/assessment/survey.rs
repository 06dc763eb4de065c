//! The survey call list (两率测评): one line per sampled household, the
//! one-key answers legend, and the campaign's progress.

use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::app::selection::Selection;
use crate::app::state::State;
use crate::domain::assessment::Call;
use crate::domain::ids::mask_phone;
use crate::panes::assessment::update::SurveyView;
use crate::text;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

const ANSWERS: [Action; 7] = [
    Action::Call1,
    Action::Call2,
    Action::Call3,
    Action::Call4,
    Action::Call5,
    Action::Call6,
    Action::Call0,
];
const MORE: [Action; 5] = [
    Action::SurveyReveal,
    Action::Open,
    Action::NewCampaign,
    Action::NextCampaign,
    Action::Back,
];

pub fn result_text(call: Option<Call>, t: &Texts) -> String {
    let a = &t.assess;
    match call {
        None => a.not_called.clone(),
        Some(c) if !c.reached => a.not_reached.clone(),
        Some(c) => {
            let knows = if c.knows_cadre == Some(true) {
                &a.knows
            } else {
                &a.not_knows
            };
            let sat = c.satisfaction.map_or("-", |s| label(&t.assess_satisfaction, s.code()));
            format!("{knows} {sat}")
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, survey: &SurveyView, t: &Texts, keymap: &Keymap) {
    let a = &t.assess;
    let legend_h = if area.width >= 118 { 2 } else { 3 };
    let [body, legend] = Layout::vertical([Constraint::Fill(1), Constraint::Length(legend_h)]).areas(area);
    let title = match survey.campaign() {
        Some(c) => fill(
            &a.survey_title,
            &[
                ("name", &c.name),
                ("seed", &c.seed),
                ("per", &c.per_grid),
                ("called", &c.called),
                ("sampled", &c.sampled),
            ],
        ),
        None => String::new(),
    };
    let block = state.theme.block().title(format!(
        " {} ",
        text::truncate(&title, body.width.saturating_sub(4) as usize)
    ));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if survey.campaign().is_none() {
        for l in text::wrap(&a.survey_none, w.max(1)) {
            lines.push(Line::styled(l, theme::muted()));
        }
    } else {
        let cols = [4usize, 10, 6, 6, 0, 11, 16];
        let addr_w = w.saturating_sub(cols.iter().sum::<usize>() + 7).max(6);
        let cols = [4usize, 10, 6, 6, addr_w, 11, 16, 0];
        let row = |cells: [String; 7]| -> String {
            cells
                .iter()
                .zip(cols)
                .enumerate()
                .map(|(i, (c, w))| if i == 0 { text::fit_right(c, w) } else { text::fit(c, w) })
                .collect::<Vec<_>>()
                .join(" ")
        };
        lines.push(Line::styled(
            text::truncate(
                &row([
                    a.col_position.clone(),
                    a.col_grid.clone(),
                    a.col_cadre.clone(),
                    a.col_head.clone(),
                    a.col_address.clone(),
                    a.col_phone.clone(),
                    a.col_result.clone(),
                ]),
                w,
            ),
            theme::header(),
        ));
        let height = inner.height.saturating_sub(1) as usize;
        state.layout.list_rows.set(height);
        let offset = Selection::window_start(survey.list.selected, height);
        for (i, r) in survey.rows.iter().enumerate().skip(offset).take(height) {
            let mut result = result_text(r.call, t);
            if !r.comment.is_empty() {
                result = format!("{result} {}", r.comment);
            }
            let line = row([
                r.position.to_string(),
                r.grid.clone(),
                r.cadre.clone().unwrap_or_default(),
                r.head.clone().unwrap_or_default(),
                r.address.clone(),
                // The call in progress, after `p`: the full number (audited).
                match &survey.shown {
                    Some((id, full)) if *id == r.household_id && i == survey.list.selected => full.clone(),
                    _ => r.phone.as_deref().map(mask_phone).unwrap_or_default(),
                },
                result,
            ]);
            let style = if i == survey.list.selected {
                theme::selected()
            } else if r.call.is_some() {
                theme::muted()
            } else {
                Default::default()
            };
            lines.push(Line::styled(text::truncate(&line, w), style));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let _ = state;
    let all: Vec<Action> = ANSWERS.iter().chain(MORE.iter()).copied().collect();
    let lines = crate::panes::keys::legend_lines(keymap, Context::Survey, &all, t, legend.width as usize);
    frame.render_widget(Paragraph::new(lines), legend);
}
