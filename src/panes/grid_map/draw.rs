//! 网格地图: the schematic map of the grids, coloured by the active layer,
//! with the selected grid's side panel (or a compact strip when narrow).

use super::{cells, side};
pub use cells::{CellPlace, layout};

use crate::app::keymap::Keymap;
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::domain::assessment::{Layer, Level, layer_figure};
use crate::panes::PaneId;
use crate::text;
use crate::text::i18n::{Texts, label};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// From this width on the side panel sits beside the map.
pub const SIDE_PANEL_MIN_WIDTH: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap) {
    if data.grids.is_empty() {
        let lines: Vec<Line> = text::wrap(&t.assess.no_grids, area.width.max(1) as usize)
            .into_iter()
            .map(|l| Line::styled(l, crate::ui::theme::muted()))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let wide = area.width >= SIDE_PANEL_MIN_WIDTH;
    let (map_area, panel) = if wide {
        let side_w = (area.width * 36 / 100).clamp(34, 48);
        let [m, s] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(side_w)]).areas(area);
        (m, Some(s))
    } else {
        (area, None)
    };
    let strip_h = if wide { 0 } else { 3 };
    let legend_h = if map_area.width >= 76 { 2 } else { 3 };
    let [cells_area, legend_area, strip] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(legend_h),
        Constraint::Length(strip_h),
    ])
    .areas(map_area);
    cells::draw(frame, cells_area, state, data, t);
    if state.assess.map_edit.is_some() {
        let note = Line::styled(t.assess.map_edit_title.clone(), crate::ui::theme::warning());
        frame.render_widget(Paragraph::new(note), legend_area);
    } else {
        draw_legend(frame, legend_area, state.assess.layer, t, keymap);
    }
    let grid = crate::panes::assessment::update::selected_grid(state);
    match panel {
        Some(p) => side::draw(frame, p, state, grid, t, keymap),
        None => side::draw_strip(frame, strip, state, grid, t),
    }
    if let Some(plan) = &state.assess.plan {
        crate::panes::assessment::plan::draw(frame, area, state, plan, t, keymap);
    }
    if state.list_of(PaneId::GRID_MAP).visible.is_empty() {
        let note = Line::styled(t.chrome.no_match.clone(), crate::ui::theme::muted());
        // On the last line of the map area, below the (dimmed) cells.
        let last = Rect {
            y: cells_area.bottom().saturating_sub(1),
            height: 1,
            ..cells_area
        };
        frame.render_widget(ratatui::widgets::Clear, last);
        frame.render_widget(Paragraph::new(note), last);
    }
}

/// Colour of a level; readable on 16-colour terminals, and the figure is
/// always printed beside it.
pub fn level_style(level: Level) -> Style {
    match level {
        Level::None => Style::new().fg(Color::DarkGray),
        Level::Good => Style::new().fg(Color::Green),
        Level::Fair => Style::new().fg(Color::Cyan),
        Level::Poor => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Level::Bad => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

pub fn level_code(level: Level) -> &'static str {
    match level {
        Level::None => "none",
        Level::Good => "good",
        Level::Fair => "fair",
        Level::Poor => "poor",
        Level::Bad => "bad",
    }
}

fn layer_action(layer: Layer) -> crate::app::action::Action {
    use crate::app::action::Action;
    match layer {
        Layer::OpenPer100 => Action::LayerOpen,
        Layer::Overdue => Action::LayerOverdue,
        Layer::NotVisited => Action::LayerNotVisited,
        Layer::Stale => Action::LayerStale,
        Layer::Satisfaction => Action::LayerSatisfaction,
    }
}

/// Two lines: the layers with their keys (active one highlighted), and the
/// active layer's scale with the level words in their colours.
fn draw_legend(frame: &mut Frame, area: Rect, active: Layer, t: &Texts, keymap: &Keymap) {
    let a = &t.assess;
    let mut layers = vec![
        Span::styled(format!("{} ", a.legend_layer), crate::ui::theme::header()),
        Span::raw(""),
        Span::raw(""),
    ];
    for layer in Layer::ALL {
        let key =
            crate::panes::keys::key_for(keymap, crate::app::keymap::Context::Map, layer_action(layer)).unwrap_or("");
        let name = label(&t.assess_layer, layer.code());
        let style = if layer == active {
            crate::ui::theme::tab_active()
        } else {
            Style::new()
        };
        layers.push(Span::styled(key.to_string(), crate::ui::theme::key()));
        layers.push(Span::styled(format!(" {name}"), style));
        layers.push(Span::raw("  "));
    }
    let [a_, b_, c_] = active.thresholds();
    let fmt = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    let pct = if matches!(active, Layer::NotVisited | Layer::Stale | Layer::Satisfaction) {
        "%"
    } else {
        ""
    };
    let ranges = if active == Layer::Satisfaction {
        [
            format!(">={}{pct}", fmt(a_)),
            format!("{}-{}{pct}", fmt(b_), fmt(a_)),
            format!("{}-{}{pct}", fmt(c_), fmt(b_)),
            format!("<{}{pct}", fmt(c_)),
        ]
    } else {
        [
            format!("<{}{pct}", fmt(a_)),
            format!("{}-{}{pct}", fmt(a_), fmt(b_)),
            format!("{}-{}{pct}", fmt(b_), fmt(c_)),
            format!(">={}{pct}", fmt(c_)),
        ]
    };
    let mut scale = vec![Span::styled(format!("{} ", a.legend_scale), crate::ui::theme::header())];
    for (level, range) in [Level::Good, Level::Fair, Level::Poor, Level::Bad]
        .into_iter()
        .zip(ranges)
    {
        let word = label(&t.assess_level, level_code(level));
        scale.push(Span::styled(format!("{word} {range}"), level_style(level)));
        scale.push(Span::raw("  "));
    }
    scale.push(Span::styled(
        format!("- {}", a.legend_no_data),
        level_style(Level::None),
    ));
    // The layer entries wrap as whole entries when the map is narrow.
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Vec<Span> = Vec::new();
    let mut used = 0;
    for chunk in layers.chunks(3) {
        let w: usize = chunk.iter().map(|s| text::width(&s.content)).sum();
        if used + w > area.width as usize && !line.is_empty() {
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        used += w;
        line.extend(chunk.iter().cloned());
    }
    lines.push(Line::from(line));
    lines.push(Line::from(scale));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The active layer's figure of a grid (text and level).
pub fn figure(state: &State, grid_id: i64) -> (String, Level) {
    match crate::panes::assessment::update::grid_figures(state, grid_id) {
        Some(g) => {
            let f = layer_figure(state.assess.layer, &g.layer);
            (f.text, f.level)
        }
        None => ("-".to_string(), Level::None),
    }
}
