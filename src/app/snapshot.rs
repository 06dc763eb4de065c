//! One consistent read of everything the panes show, loaded off the UI
//! thread (see `loader`) and handed to the state whole.

use crate::store::{
    self, cadres::CadreRow, grids::GridRow, meetings::MeetingRow, register::HouseholdRow, requests::RequestRow,
};
use rusqlite::Connection;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The day the figures (overdue, this year) were computed for.
    pub today: chrono::NaiveDate,
    pub township: String,
    pub overdue: i64,
    pub grids: Vec<GridRow>,
    pub households: Vec<HouseholdRow>,
    pub requests: Vec<RequestRow>,
    pub meetings: Vec<MeetingRow>,
    pub cadres: Vec<CadreRow>,
    /// (id, name) of the active request categories, in display order.
    pub categories: Vec<(i64, String)>,
    /// Meetings & agendas pane: topics with evidence, suggested topics,
    /// decisions (board order), leadership members, callbacks due.
    pub topics: Vec<store::topics::TopicRow>,
    pub suggestions: Vec<store::topics::SuggestionRow>,
    pub decisions: Vec<store::decisions::DecisionRow>,
    pub leaders: Vec<(i64, String)>,
    pub callbacks_due: usize,
}

impl Snapshot {
    /// Reads in one deferred transaction so all panes agree with each other.
    pub fn load(conn: &Connection, today: chrono::NaiveDate) -> store::Result<Snapshot> {
        let day = today;
        let today = today.format("%Y-%m-%d").to_string();
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
        let township = tx
            .query_row("SELECT value FROM settings WHERE key = 'township_name'", [], |r| {
                r.get(0)
            })
            .unwrap_or_default();
        let snap = Snapshot {
            today: day,
            township,
            overdue: store::requests::count_overdue(&tx, &today)?,
            grids: store::grids::list_grids(&tx)?,
            households: store::register::list_households(&tx)?,
            requests: store::requests::list_requests(&tx)?,
            meetings: store::meetings::list_meetings(&tx)?,
            cadres: store::cadres::list_cadres(&tx, &today)?,
            categories: store::requests::list_categories(&tx)?,
            topics: store::topics::list_topics(&tx, day).map_err(agenda_store_error)?,
            suggestions: store::topics::suggestions(&tx, day).map_err(agenda_store_error)?,
            decisions: store::decisions::board(&tx, day).map_err(agenda_store_error)?,
            leaders: store::meeting_ops::leaders(&tx).map_err(agenda_store_error)?,
            callbacks_due: store::request_query::callbacks_due(&tx, day)
                .map_err(|e| match e {
                    store::request_ops::RequestError::Store(s) => s,
                    other => store::StoreError::Invalid(other.to_string()),
                })?
                .len(),
        };
        tx.finish()?;
        Ok(snap)
    }
}

/// The agenda reads fail only with storage errors; anything else is a bug
/// in stored data and is reported as such.
fn agenda_store_error(e: store::agenda_error::AgendaError) -> store::StoreError {
    match e {
        store::agenda_error::AgendaError::Store(s) => s,
        other => store::StoreError::Invalid(other.to_string()),
    }
}
