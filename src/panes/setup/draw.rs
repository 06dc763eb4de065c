//! 设置: the sections on the left, the open section on the right: the
//! first-run checklist, the township, the settings, the lists of places,
//! cadres, categories and accounts, and the register import.

use super::state::{Accounts, Section, SettingRow};
use super::update::setting_rows;
use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::model::setup::VillageKind;
use crate::model::setup::{SetupData, Step};
use crate::panes::PaneId;
use crate::panes::keys::key_for;
use crate::text::i18n::{Texts, fill, label};
use crate::ui::theme;
use crate::ui::widgets::table::{Cell, Column, TableView, Width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

/// The name of a section in the menu.
pub fn section_name(t: &Texts, s: Section) -> &str {
    let u = &t.setup.ui;
    match s {
        Section::Start => &u.sec_start,
        Section::Township => &u.sec_township,
        Section::Settings => &u.sec_settings,
        Section::Villages => &u.sec_villages,
        Section::Groups => &u.sec_groups,
        Section::Grids => &u.sec_grids,
        Section::Cadres => &u.sec_cadres,
        Section::Categories => &u.sec_categories,
        Section::Users => &u.sec_users,
        Section::Import => &u.sec_import,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap) {
    let [menu, body] = Layout::horizontal([Constraint::Length(14), Constraint::Fill(1)]).areas(area);
    draw_menu(frame, menu, state, t);
    let [note, body] = if state.setup.admin {
        [Rect { height: 0, ..body }, body]
    } else {
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body)
    };
    if !state.setup.admin {
        frame.render_widget(
            Paragraph::new(Line::styled(t.setup.ui.read_only.clone(), theme::warning())),
            note,
        );
    }
    let d = &data.setup;
    match state.setup.section {
        Section::Start => draw_checklist(frame, body, state, d, t, keymap),
        Section::Township => draw_township(frame, body, state, d, t, keymap),
        Section::Settings => draw_settings(frame, body, state, d, t),
        Section::Import => super::import_view::draw(frame, body, state, t, keymap),
        list => draw_list(frame, body, state, d, t, list),
    }
}

fn draw_menu(frame: &mut Frame, area: Rect, state: &State, t: &Texts) {
    let block = state.theme.block().title(format!(" {} ", t.setup.ui.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = Section::all()
        .into_iter()
        .map(|s| {
            let name = crate::text::fit(section_name(t, s), inner.width as usize);
            if s == state.setup.section {
                Line::styled(name, theme::selected())
            } else {
                Line::raw(name)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn key(keymap: &Keymap, ctx: Context, action: Action) -> String {
    key_for(keymap, ctx, action).unwrap_or("?").to_string()
}

/// The first-run checklist: five steps, each done or not, each one key.
fn draw_checklist(frame: &mut Frame, area: Rect, state: &State, d: &SetupData, t: &Texts, keymap: &Keymap) {
    let u = &t.setup.ui;
    let block = state.theme.block().title(format!(" {} ", u.checklist_title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let steps = [
        (
            Step::Township,
            &u.step_township,
            key(keymap, Context::Setup, Action::SetupGoTownship),
        ),
        (
            Step::Places,
            &u.step_places,
            key(keymap, Context::Setup, Action::SetupGoPlaces),
        ),
        (
            Step::Cadres,
            &u.step_cadres,
            key(keymap, Context::Setup, Action::SetupGoCadres),
        ),
        (
            Step::Register,
            &u.step_register,
            key(keymap, Context::Setup, Action::SetupImport),
        ),
        (
            Step::Users,
            &u.step_users,
            key(keymap, Context::Setup, Action::SetupGoUsers),
        ),
    ];
    let w = inner.width as usize;
    let mut lines = vec![];
    for line in crate::text::wrap(&u.checklist_intro, w) {
        lines.push(Line::styled(line, theme::muted()));
    }
    lines.push(Line::raw(""));
    for (i, (step, name, k)) in steps.iter().enumerate() {
        let done = d.done(*step);
        let mark = if done {
            Span::styled(crate::text::fit(&u.done, 10), theme::ok())
        } else {
            Span::styled(crate::text::fit(&u.not_done, 10), theme::warning())
        };
        let name = crate::text::fit(&format!("{}. {name}", i + 1), 24);
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(name),
            mark,
            Span::raw("  "),
            Span::styled(k.clone(), theme::key()),
        ]));
    }
    lines.push(Line::raw(""));
    let all = [Step::Township, Step::Places, Step::Cadres, Step::Register, Step::Users]
        .iter()
        .all(|s| d.done(*s));
    let closing = if all { &u.checklist_done } else { &u.checklist_hint };
    for line in crate::text::wrap(closing, w) {
        lines.push(Line::styled(line, theme::muted()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_township(frame: &mut Frame, area: Rect, state: &State, d: &SetupData, t: &Texts, keymap: &Keymap) {
    let u = &t.setup.ui;
    let block = state.theme.block().title(format!(" {} ", u.sec_township));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let unset = |v: &str| if v.is_empty() { u.unset.clone() } else { v.to_string() };
    let name = if d.done(Step::Township) {
        d.township.name.clone()
    } else {
        u.unset.clone()
    };
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(crate::text::fit(label, 12), theme::muted()),
            Span::raw(value),
        ])
    };
    let lines = vec![
        row(&u.f_township, name),
        row(&u.f_code, unset(&d.township.code)),
        row(&u.f_address, unset(&d.township.address)),
        Line::raw(""),
        Line::styled(
            fill(
                &u.edit_hint,
                &[("key", &key(keymap, Context::Setup, Action::SetupEdit))],
            ),
            theme::muted(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

fn active_cell(t: &Texts, active: bool) -> Cell {
    if active {
        Cell::new(t.setup.ui.active.clone())
    } else {
        Cell::styled(t.setup.ui.inactive.clone(), theme::muted())
    }
}

fn draw_settings(frame: &mut Frame, area: Rect, state: &State, d: &SetupData, t: &Texts) {
    let u = &t.setup.ui;
    let rows = setting_rows(state);
    let view = TableView {
        title: u.sec_settings.clone(),
        columns: vec![
            Column::new(&u.col_setting, Width::Fill),
            Column::right(&u.col_value, 12),
            Column::new(&u.col_range, Width::Fixed(12)),
        ],
        theme: state.theme,
        empty_note: crate::panes::empty_note(state, t),
    };
    let years: Vec<String> = d.calendar_years.iter().map(|y| y.to_string()).collect();
    let shown = view.render(frame, area, state.list(), &t.chrome.position, |i| match &rows[i] {
        SettingRow::Number(key) => {
            let s = crate::domain::settings::NumberSetting::by_key(key);
            let value = d.numbers.iter().find(|(k, _)| k == key).map_or(0, |(_, v)| *v);
            vec![
                Cell::new(label(&t.setup.settings, key)),
                Cell::new(value.to_string()),
                Cell::new(s.map_or_else(String::new, |s| format!("{}-{}", s.min, s.max))),
            ]
        }
        SettingRow::Sla(kind) => {
            let days = d.sla.iter().find(|(k, _)| k == kind).map_or(0, |(_, v)| *v);
            let range = crate::domain::request::sla_day_range(kind);
            vec![
                Cell::new(super::forms::sla_label(state, kind)),
                Cell::new(days.to_string()),
                Cell::new(format!("{}-{}", range.start(), range.end())),
            ]
        }
        SettingRow::Calendar => vec![
            Cell::new(u.calendar_row.clone()),
            Cell::new(if years.is_empty() {
                u.unset.clone()
            } else {
                years.join(",")
            }),
            Cell::new(u.calendar_file.clone()),
        ],
    });
    state.layout.list_rows.set(shown);
}

fn draw_list(frame: &mut Frame, area: Rect, state: &State, d: &SetupData, t: &Texts, section: Section) {
    let u = &t.setup.ui;
    let empty = fill(&u.empty_list, &[("what", &section_name(t, section))]);
    let empty_note = if state.list().filter.is_empty() {
        empty.as_str()
    } else {
        &t.chrome.no_match
    };
    let table = |columns| TableView {
        title: section_name(t, section).to_string(),
        columns,
        theme: state.theme,
        empty_note,
    };
    let list = state.list_of(PaneId::SETUP);
    let pos = &t.chrome.position;
    let shown = match section {
        Section::Villages => table(vec![
            Column::new(&u.f_name, Width::Fill),
            Column::new(&u.f_kind, Width::Fixed(6)),
            Column::right(&u.col_groups, 6),
            Column::right(&u.col_grids, 6),
            Column::new(&u.col_state, Width::Fixed(8)),
        ])
        .render(frame, area, list, pos, |i| {
            let r = &d.villages[i];
            let kind = match r.kind {
                VillageKind::Community => &u.kind_community,
                VillageKind::Village => &u.kind_village,
            };
            vec![
                Cell::new(&r.name),
                Cell::new(kind.clone()),
                Cell::new(r.groups.to_string()),
                Cell::new(r.grids.to_string()),
                active_cell(t, r.active),
            ]
        }),
        Section::Groups => table(vec![
            Column::new(&u.f_village, Width::Fill),
            Column::right(&u.f_number, 6),
            Column::new(&u.f_group_name, Width::Fill),
            Column::new(&u.col_state, Width::Fixed(8)),
        ])
        .render(frame, area, list, pos, |i| {
            let r = &d.groups[i];
            vec![
                Cell::new(&r.village),
                Cell::new(r.number.to_string()),
                Cell::new(&r.name),
                active_cell(t, r.active),
            ]
        }),
        Section::Grids => table(vec![
            Column::new(&u.f_village, Width::Fill),
            Column::new(&u.f_name, Width::Fill),
            Column::new(&u.f_cadre, Width::Fixed(10)),
            Column::new(&u.col_position, Width::Fixed(7)).hide_below(70),
            Column::right(&u.col_households, 6),
            Column::new(&u.col_state, Width::Fixed(8)),
        ])
        .render(frame, area, list, pos, |i| {
            let r = &d.grids[i];
            vec![
                Cell::new(&r.village),
                Cell::new(&r.name),
                Cell::new(r.cadre.clone().unwrap_or_else(|| "-".into())),
                Cell::new(format!("{},{}", r.map_row, r.map_col)),
                Cell::new(r.households.to_string()),
                active_cell(t, r.active),
            ]
        }),
        Section::Cadres => table(vec![
            Column::new(&u.f_name, Width::Fixed(10)),
            Column::new(&u.f_title, Width::Fill),
            // Cadres' work phones are public by design (README "Accounts and roles").
            Column::new(&u.f_phone, Width::Fixed(13)),
            Column::new(&u.f_cadre_role, Width::Fixed(8)),
            Column::new(&u.col_state, Width::Fixed(8)),
        ])
        .render(frame, area, list, pos, |i| {
            let r = &d.cadres[i];
            vec![
                Cell::new(&r.name),
                Cell::new(&r.title),
                Cell::new(r.phone.clone().unwrap_or_default()),
                Cell::new(label(&t.role, r.role.code())),
                active_cell(t, r.active),
            ]
        }),
        Section::Categories => table(vec![
            Column::new(&u.f_name, Width::Fill),
            Column::right(&u.f_sort, 6),
            Column::new(&u.col_state, Width::Fixed(8)),
        ])
        .render(frame, area, list, pos, |i| {
            let r = &d.categories[i];
            vec![
                Cell::new(&r.name),
                Cell::new(r.sort.to_string()),
                active_cell(t, r.active),
            ]
        }),
        Section::Users => match &state.setup.accounts {
            Accounts::Loaded(rows) => table(vec![
                Column::new(&u.f_login, Width::Fixed(12)),
                Column::new(&u.f_display, Width::Fill),
                Column::new(&u.f_role, Width::Fixed(8)),
                Column::new(&u.f_cadre_link, Width::Fixed(10)).hide_below(70),
                Column::new(&u.col_state, Width::Fixed(8)),
            ])
            .render(frame, area, list, pos, |i| {
                let a = &rows[i];
                let state_cell = if a.disabled {
                    Cell::styled(u.disabled.clone(), theme::muted())
                } else if a.locked_until.is_some() {
                    Cell::styled(u.locked.clone(), theme::warning())
                } else {
                    Cell::new(u.active.clone())
                };
                vec![
                    Cell::new(&a.login),
                    Cell::new(&a.display_name),
                    Cell::new(label(&t.role, a.role.code())),
                    Cell::new(a.cadre.clone().unwrap_or_else(|| "-".into())),
                    state_cell,
                ]
            }),
            Accounts::Refused(why) => {
                note(frame, area, state, section_name(t, section), why);
                0
            }
            Accounts::NotLoaded => {
                note(frame, area, state, section_name(t, section), &t.chrome.loading);
                0
            }
        },
        _ => 0,
    };
    state.layout.list_rows.set(shown);
}

fn note(frame: &mut Frame, area: Rect, state: &State, title: &str, text: &str) {
    let block = state.theme.block().title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = crate::text::wrap(text, inner.width.max(1) as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme::warning()))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The import section: the file prompt, the gauge of a run, its lines.
pub mod import_lines {
    use super::*;

    /// The prompt line with its caret.
    pub fn prompt(frame: &mut Frame, area: Rect, label_text: &str, input: &crate::app::input::Input) {
        let line = Line::from(vec![
            Span::styled(label_text.to_string(), theme::key()),
            Span::raw(input.text.clone()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let col = crate::text::width(label_text) + crate::text::caret_column(&input.text, input.caret);
        let x = area.x + (col as u16).min(area.width.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, area.y));
    }

    pub fn gauge(frame: &mut Frame, area: Rect, ratio: f64, label_text: String) {
        let g = Gauge::default()
            .gauge_style(theme::key())
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label_text);
        frame.render_widget(g, area);
    }
}
