//! Everything a user can ask for. Keys resolve to these through the keymap;
//! `update` is the only place that acts on them.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    NextPane,
    PrevPane,
    PaneGridMap,
    PaneLookup,
    PaneRequests,
    PaneMeetings,
    PaneAssessment,
    /// Phone-call mode: lookup pane, empty query, caret in the input.
    JumpLookup,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Filter,
    Refresh,
    Confirm,
    Cancel,
    // Household card.
    NewRequest,
    MarkVerified,
    EditMember,
    AddMember,
    Reveal,
    // Forms.
    Save,
    NextField,
    PrevField,
    // Text input editing (contexts "input" and "form").
    InputAccept,
    InputCancel,
    Backspace,
    Delete,
    CaretLeft,
    CaretRight,
    CaretHome,
    CaretEnd,
    // Grid map and assessment (issue 6).
    MapLeft,
    MapRight,
    LayerOpen,
    LayerOverdue,
    LayerNotVisited,
    LayerStale,
    LayerSatisfaction,
    MapEdit,
    GridLookup,
    LogVisit,
    LogStay,
    ExportCsv,
    ExportText,
    NextPeriod,
    ToggleByGrid,
    ToggleChart,
    Survey,
    NewCampaign,
    PrevCampaign,
    NextCampaign,
    #[serde(rename = "call_0")]
    Call0,
    #[serde(rename = "call_1")]
    Call1,
    #[serde(rename = "call_2")]
    Call2,
    #[serde(rename = "call_3")]
    Call3,
    #[serde(rename = "call_4")]
    Call4,
    #[serde(rename = "call_5")]
    Call5,
    #[serde(rename = "call_6")]
    Call6,
    /// A typed character; produced by the keymap for printable keys while
    /// an input has focus, never bound by name.
    #[serde(skip)]
    Insert(char),
}

impl Action {
    /// The name used in the keymap file and the i18n tables.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::PaneGridMap => "pane_grid_map",
            Action::PaneLookup => "pane_lookup",
            Action::PaneRequests => "pane_requests",
            Action::PaneMeetings => "pane_meetings",
            Action::PaneAssessment => "pane_assessment",
            Action::JumpLookup => "jump_lookup",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Back => "back",
            Action::Filter => "filter",
            Action::Refresh => "refresh",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::NewRequest => "new_request",
            Action::MarkVerified => "mark_verified",
            Action::EditMember => "edit_member",
            Action::AddMember => "add_member",
            Action::Reveal => "reveal",
            Action::Save => "save",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::InputAccept => "input_accept",
            Action::InputCancel => "input_cancel",
            Action::Backspace => "backspace",
            Action::Delete => "delete",
            Action::CaretLeft => "caret_left",
            Action::CaretRight => "caret_right",
            Action::CaretHome => "caret_home",
            Action::CaretEnd => "caret_end",
            Action::MapLeft => "map_left",
            Action::MapRight => "map_right",
            Action::LayerOpen => "layer_open",
            Action::LayerOverdue => "layer_overdue",
            Action::LayerNotVisited => "layer_not_visited",
            Action::LayerStale => "layer_stale",
            Action::LayerSatisfaction => "layer_satisfaction",
            Action::MapEdit => "map_edit",
            Action::GridLookup => "grid_lookup",
            Action::LogVisit => "log_visit",
            Action::LogStay => "log_stay",
            Action::ExportCsv => "export_csv",
            Action::ExportText => "export_text",
            Action::NextPeriod => "next_period",
            Action::ToggleByGrid => "toggle_by_grid",
            Action::ToggleChart => "toggle_chart",
            Action::Survey => "survey",
            Action::NewCampaign => "new_campaign",
            Action::PrevCampaign => "prev_campaign",
            Action::NextCampaign => "next_campaign",
            Action::Call0 => "call_0",
            Action::Call1 => "call_1",
            Action::Call2 => "call_2",
            Action::Call3 => "call_3",
            Action::Call4 => "call_4",
            Action::Call5 => "call_5",
            Action::Call6 => "call_6",
            Action::Insert(_) => "insert",
        }
    }
}
