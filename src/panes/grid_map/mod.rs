//! 网格地图: the schematic map of the grids and the selected grid's panel.
//! Its keys and state are shared with the assessment pane
//! (`assessment/update.rs`, the map functions); drawing is here.

pub mod cells;
pub mod draw;
pub mod side;

use super::{Pane, PaneId, fields_match};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::keymap::{Context, Keymap};
use crate::app::snapshot::Snapshot;
use crate::app::state::State;
use crate::panes::assessment::update as assess;
use crate::text::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;

impl PaneId {
    pub const GRID_MAP: PaneId = PaneId("grid_map");
}

#[derive(Debug)]
pub struct GridMapPane;

impl Pane for GridMapPane {
    fn id(&self) -> PaneId {
        PaneId::GRID_MAP
    }

    fn title<'a>(&self, t: &'a Texts) -> &'a str {
        &t.panes.grid_map
    }

    fn contexts(&self, state: &State) -> Option<(Vec<Context>, bool)> {
        assess::contexts(state)
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Map, Context::MapEdit, Context::Plan]
    }

    fn update(&self, state: &mut State, action: Action) -> Option<Vec<Effect>> {
        assess::update(state, action)
    }

    fn row_count(&self, state: &State) -> usize {
        state.data.as_ref().map_or(0, |d| d.grids.len())
    }

    fn row_id(&self, state: &State, row: usize) -> Option<i64> {
        state.data.as_ref()?.grids.get(row).map(|g| g.id)
    }

    fn row_matches(&self, state: &State, row: usize, needle: &str) -> bool {
        state
            .data
            .as_ref()
            .and_then(|d| d.grids.get(row))
            .is_some_and(|g| fields_match(&[&g.name, &g.village, g.cadre.as_deref().unwrap_or("")], needle))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, data: &Snapshot, t: &Texts, keymap: &Keymap) {
        draw::draw(frame, area, state, data, t, keymap)
    }
}
