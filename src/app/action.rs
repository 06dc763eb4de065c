//! Everything a user can ask for. Keys resolve to these through the keymap;
//! `update` is the only place that acts on them.

use strum::{EnumIter, EnumString, IntoStaticStr};

/// The snake_case names (`Action::name`, parsing with `str::parse`) are
/// derived from the variants, so the keymap file, the i18n tables and this
/// enum cannot drift apart (a test checks every name has a label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, EnumIter)]
#[strum(serialize_all = "snake_case")]
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
    // Requests pane.
    ToggleMark,
    NextView,
    CycleSort,
    FilterMenu,
    SaveView,
    Assign,
    SetCategory,
    SetLevel,
    MergeMarked,
    AddToTopic,
    Callback,
    Urge,
    Start,
    CloseRequest,
    Resolve,
    Reject,
    Escalate,
    Extend,
    Reopen,
    MergeSimilar,
    OpenHousehold,
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
    // Meetings & agendas pane.
    AgendaNewMeeting,
    AgendaDecisions,
    AgendaTopics,
    AgendaExport,
    AgendaFocusNext,
    AgendaFocusPrev,
    AgendaAdd,
    AgendaNewItem,
    AgendaRemove,
    AgendaMoveUp,
    AgendaMoveDown,
    AgendaMore,
    AgendaLess,
    AgendaOpinion,
    AgendaAdopt,
    AgendaDecision,
    AgendaStatus,
    AgendaMinutes,
    DecisionProgress,
    DecisionEvaluate,
    DecisionDone,
    DecisionAbandon,
    DecisionPublish,
    TopicAccept,
    TopicNew,
    TopicDrop,
    TopicDismiss,
    TopicEscalate,
    // Grid map and assessment (issue 6).
    MapLeft,
    MapRight,
    LayerOpen,
    LayerOverdue,
    LayerNotVisited,
    LayerStale,
    LayerSatisfaction,
    MapEdit,
    GridRequests,
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
    #[strum(serialize = "call_0")]
    Call0,
    #[strum(serialize = "call_1")]
    Call1,
    #[strum(serialize = "call_2")]
    Call2,
    #[strum(serialize = "call_3")]
    Call3,
    #[strum(serialize = "call_4")]
    Call4,
    #[strum(serialize = "call_5")]
    Call5,
    #[strum(serialize = "call_6")]
    Call6,
    // Login and lock screen (issue 11).
    /// Lock the screen now (the idle lock, without waiting).
    LockNow,
    // Set-up pane (设置, issue 10).
    PaneSetup,
    SetupPrevSection,
    SetupNextSection,
    SetupAdd,
    SetupEdit,
    SetupToggle,
    SetupImport,
    SetupPassword,
    SetupGoTownship,
    SetupGoPlaces,
    SetupGoCadres,
    SetupGoUsers,
    SetupComplete,
    SetupConfirmImport,
    /// A typed character; produced by the keymap for printable keys while
    /// an input has focus, never bound by name (so not parsed or listed).
    #[strum(disabled)]
    Insert(char),
}

impl Action {
    /// The name used in the keymap file and the i18n tables.
    pub fn name(self) -> &'static str {
        match self {
            Action::Insert(_) => "insert",
            named => named.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn names_round_trip_and_keep_the_keymap_spelling() {
        for a in Action::iter() {
            assert_eq!(a.name().parse::<Action>(), Ok(a), "{a:?}");
        }
        assert_eq!(Action::PaneGridMap.name(), "pane_grid_map");
        assert_eq!(Action::Call0.name(), "call_0");
        assert_eq!(Action::Insert('x').name(), "insert");
        assert!(
            "insert".parse::<Action>().is_err(),
            "typed characters are not bound by name"
        );
        assert!(Action::iter().all(|a| !matches!(a, Action::Insert(_))));
    }
}
