//! One consistent read of everything the panes show, loaded off the UI
//! thread (see `loader`) and handed to the state whole.

use crate::model::assessment::Overview;
use crate::model::meetings::{DecisionRow, MeetingRow, SuggestionRow, TopicRow};
use crate::model::places::{CadreRow, GridRow};
use crate::model::register::HouseholdRow;
use crate::store;
use rusqlite::Connection;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The day the figures (overdue, this year) were computed for.
    pub today: chrono::NaiveDate,
    pub township: String,
    pub overdue: i64,
    pub grids: Vec<GridRow>,
    pub households: Vec<HouseholdRow>,
    pub meetings: Vec<MeetingRow>,
    pub cadres: Vec<CadreRow>,
    /// (id, name) of the active request categories, in display order.
    pub categories: Vec<(i64, String)>,
    /// (id, name) of the villages/communities, for filters.
    pub villages: Vec<(i64, String)>,
    /// A household record not verified for this many months is flagged.
    pub stale_after_months: u32,
    /// Years that due dates may fall in (this one; the next one in its last
    /// month) without a holiday calendar: due dates skip weekends only.
    pub calendar_missing: Vec<i32>,
    /// Meetings & agendas pane: topics with evidence, suggested topics,
    /// decisions (board order), leadership members, callbacks due.
    pub topics: Vec<TopicRow>,
    pub suggestions: Vec<SuggestionRow>,
    pub decisions: Vec<DecisionRow>,
    pub leaders: Vec<(i64, String)>,
    pub callbacks_due: usize,
    /// Grid map layers and assessment figures per period.
    pub assessment: Overview,
    /// The set-up pane: township, settings, places, cadres, categories,
    /// and the first-run checklist.
    pub setup: crate::model::setup::SetupData,
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
            meetings: store::meetings::list_meetings(&tx)?,
            cadres: store::cadres::list_cadres(&tx, &today)?,
            categories: store::requests::list_categories(&tx)?,
            villages: store::requests::list_villages(&tx)?,
            stale_after_months: tx
                .query_row("SELECT value FROM settings WHERE key = 'stale_after_months'", [], |r| {
                    r.get::<_, String>(0)
                })
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(12),
            calendar_missing: calendar_missing(&tx, day)?,
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
            assessment: store::assessment::load(&tx, day)?,
            setup: store::setup::load(&tx)?,
        };
        tx.finish()?;
        Ok(snap)
    }
}

fn calendar_missing(conn: &Connection, today: chrono::NaiveDate) -> store::Result<Vec<i32>> {
    use chrono::Datelike;
    let calendar = store::calendar_days::load_calendar(conn)?;
    let horizon = today + chrono::Days::new(31);
    Ok((today.year()..=horizon.year())
        .filter(|y| !calendar.covers(*y))
        .collect())
}

/// The agenda reads fail only with storage errors; anything else is a bug
/// in stored data and is reported as such.
fn agenda_store_error(e: store::agenda_error::AgendaError) -> store::StoreError {
    match e {
        store::agenda_error::AgendaError::Store(s) => s,
        other => store::StoreError::Invalid(other.to_string()),
    }
}
