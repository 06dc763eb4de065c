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
    /// Grid map layers and assessment figures per period.
    pub assessment: store::assessment::Overview,
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
            assessment: store::assessment::load(&tx, day)?,
        };
        tx.finish()?;
        Ok(snap)
    }
}
