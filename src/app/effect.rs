//! What `update` asks the outside world to do. Its own module, below the
//! panes and the executor, so that neither imports the other for it.

use crate::panes::agenda::update as agenda;
use crate::panes::assessment::update as assess;
use crate::panes::lookup::forms;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load a fresh snapshot now (after our own write, or on request).
    Reload,
    /// Run the lookup query against the search index.
    Search(String),
    /// Open the household card.
    LoadCard(i64),
    /// Enter on a query whose results have not arrived yet: search, then
    /// open the selected result (its card, or the new request's resident).
    OpenHit(String),
    /// Reload the open card after a change, keeping the selection.
    RefreshCard(i64),
    MarkVerified {
        household_id: i64,
        version: i64,
    },
    /// Show full IDs and phones on the card; audited.
    Reveal {
        household_id: i64,
    },
    Save(Box<forms::SaveOp>),
    Request(Box<crate::panes::requests::update::RequestEffect>),
    /// A read or write of the meetings & agendas pane.
    Agenda(agenda::AgendaEffect),
    /// Effects of the grid map and assessment panes.
    Assess(assess::AssessEffect),
    /// Check a password typed on the login or lock screen.
    Gate(super::gate::GateEffect),
    /// Reads and writes of the set-up pane.
    Setup(Box<crate::panes::setup::update::SetupEffect>),

    /// Write an export (requests, assessment, visit plan) into the export
    /// folder as `.xlsx` or CSV, masked; audited (README "Exports").
    Export(Box<crate::export::jobs::Job>, crate::export::jobs::Format),
    /// 民情分析 (issue 14): compute, open a warning's list, export, attach.
    Reports(Box<crate::panes::reports::update::ReportsEffect>),
}

impl Effect {
    /// Reads that a newer read of the same kind makes pointless: the
    /// worker skips them when a newer one waits, and their late answer is
    /// dropped (see `run::Worker`). Writes and what the user opens (a
    /// card, a request, a result) have none: all run, in order, and are
    /// answered.
    pub fn slot(&self) -> Option<&'static str> {
        use crate::panes::requests::update::RequestEffect;
        match self {
            Effect::Search(_) => Some("search"),
            Effect::RefreshCard(_) => Some("card.refresh"),
            Effect::Request(e) => match **e {
                RequestEffect::Query | RequestEffect::Page(_) => Some("requests.table"),
                RequestEffect::Reload(_) => Some("requests.reload"),
                _ => None,
            },
            _ => None,
        }
    }
}
