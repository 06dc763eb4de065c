//! One consistent read of everything the panes show, loaded off the UI
//! thread (see `loader`) and handed to the state whole; afterwards, when
//! others commit, a [`Patch`] with only what their changes touched, the
//! counts adjusted from the changed rows by the loader's [`Tally`] (README
//! "Performance").

use super::tally::{Household, Moved, Tally};
use crate::model::assessment::Overview;
use crate::model::meetings::{DecisionRow, MeetingRow, SuggestionRow, TopicRow};
use crate::model::places::{CadreRow, GridRow};
use crate::model::register::HouseholdRow;
use crate::search::Entry;
use crate::store;
use crate::store::changes::{ChangeSet, Part};
use crate::store::scope::SessionScope;
use rusqlite::Connection;
use std::collections::HashMap;

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
    /// Requests changed since `assessment` and `suggestions` were computed:
    /// they are recomputed off the UI thread when a pane showing them is
    /// open (README "Performance").
    pub figures_stale: bool,
    /// The set-up pane: township, settings, places, cadres, categories,
    /// and the first-run checklist.
    pub setup: crate::model::setup::SetupData,
}

/// What other connections' commits changed, read in one transaction, for
/// [`Snapshot::apply`]. Built by [`Snapshot::patch`] on the loader thread.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Patch {
    /// Changed household ids and their list rows now (`None`: deleted).
    pub households: Vec<(i64, Option<HouseholdRow>)>,
    /// The lookup rows of the same households (see
    /// `search::Index::patch_household`).
    pub entries: Vec<(i64, Vec<Entry>)>,
    /// Per-grid and per-cadre counts, when households moved, gained or lost
    /// members, or requests changed.
    pub places: Option<(Vec<GridRow>, Vec<CadreRow>)>,
    pub settings: Option<Settings>,
    pub work: Option<WorkPatch>,
    /// The set-up pane's data (small tables and counts), when settings
    /// changed or households were added, deleted or moved.
    pub setup: Option<crate::model::setup::SetupData>,
    /// The assessment or suggestions depend on what changed (households,
    /// requests): they are recomputed when next shown.
    pub figures_stale: bool,
}

/// Small lists from settings, categories, the calendar and cadres.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub township: String,
    pub stale_after_months: u32,
    pub categories: Vec<(i64, String)>,
    pub villages: Vec<(i64, String)>,
    pub calendar_missing: Vec<i32>,
    pub leaders: Vec<(i64, String)>,
}

/// What requests and the work on them feed, except the figures computed
/// lazily (assessment, suggestions).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Work {
    pub overdue: i64,
    pub meetings: Vec<MeetingRow>,
    pub topics: Vec<TopicRow>,
    pub decisions: Vec<DecisionRow>,
    pub callbacks_due: usize,
}

/// What requests and the work on them changed: the counts (from the
/// loader's tally) and the lists whose tables changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkPatch {
    pub overdue: i64,
    pub callbacks_due: usize,
    pub meetings: Option<Vec<MeetingRow>>,
    pub topics: Option<Vec<TopicRow>>,
    pub decisions: Option<Vec<DecisionRow>>,
}

/// The figures a full recomputation gives; loaded on demand.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub suggestions: Vec<SuggestionRow>,
    pub assessment: Overview,
}

impl Snapshot {
    /// Reads the whole township in one deferred transaction so all panes
    /// agree with each other.
    pub fn load(conn: &Connection, today: chrono::NaiveDate) -> store::Result<Snapshot> {
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
        let snap = Self::load_in(&tx, today, &SessionScope::All)?;
        tx.finish()?;
        Ok(snap)
    }

    /// [`Snapshot::load`] inside the caller's read transaction (the loader
    /// reads the change log position in the same one), narrowed to the
    /// session's `scope` by the store's reads (a cadre account: its grids,
    /// their households, its own figures, its callbacks and overdue
    /// requests; README "Accounts and roles").
    pub fn load_in(tx: &Connection, day: chrono::NaiveDate, scope: &SessionScope) -> store::Result<Snapshot> {
        let today = day.format("%Y-%m-%d").to_string();
        let settings = Settings::load(tx, day)?;
        let work = Work::load(tx, day, scope)?;
        let figures = Figures::load_in(tx, day, scope)?;
        Ok(Snapshot {
            today: day,
            township: settings.township,
            overdue: work.overdue,
            grids: store::grids::list_grids(tx, scope)?,
            households: store::register::list_households(tx, scope)?,
            meetings: work.meetings,
            cadres: store::cadres::list_cadres(tx, &today)?,
            categories: settings.categories,
            villages: settings.villages,
            stale_after_months: settings.stale_after_months,
            calendar_missing: settings.calendar_missing,
            topics: work.topics,
            suggestions: figures.suggestions,
            decisions: work.decisions,
            leaders: settings.leaders,
            callbacks_due: work.callbacks_due,
            assessment: figures.assessment,
            figures_stale: false,
            setup: store::setup::load(tx)?,
        })
    }

    /// Reads what `changes` touched, inside the transaction that read the
    /// change log, and adjusts `tally` (the loader's, README "Performance")
    /// to the rows now: counts are adjusted from the changed rows, and each
    /// list is read again only when a table it shows changed. Changes to
    /// villages, groups, grids or cadres are not patched: the loader loads
    /// everything again for those (rare, and they rename many rows). A
    /// household that left `scope` is patched as gone.
    pub fn patch(
        tx: &Connection,
        day: chrono::NaiveDate,
        changes: &ChangeSet,
        tally: &mut Tally,
        scope: &SessionScope,
    ) -> store::Result<Patch> {
        let today = day.format("%Y-%m-%d").to_string();
        let ids: Vec<i64> = changes.households.iter().copied().collect();
        let rows = store::register::households_by_id(tx, &ids)?;
        let mut now: HashMap<i64, HouseholdRow> = rows.into_iter().map(|r| (r.id, r)).collect();
        let mut moved = Moved::default();
        let mut placed = Vec::new();
        let households = ids
            .iter()
            .map(|id| {
                let row = now.remove(id);
                let m = tally.set_household(
                    *id,
                    row.as_ref().map(|r| Household {
                        grid: r.grid_id,
                        village: r.village_id,
                        persons: r.members,
                    }),
                );
                moved.placement |= m.placement;
                moved.sizes |= m.sizes;
                if m.place {
                    placed.push(*id);
                }
                (*id, row.filter(|h| scope.has_grid(Some(h.grid_id))))
            })
            .collect();
        let requests: Vec<i64> = changes.requests.iter().copied().collect();
        for (id, r) in store::counts::requests_now(tx, &today, &requests)? {
            tally.set_request(id, r);
        }
        let visits: Vec<i64> = changes.visits.iter().copied().collect();
        for (id, v) in store::counts::visits_now(tx, &today, &visits)? {
            tally.set_visit(id, v);
        }
        let touched = |tables: &[&str]| tables.iter().any(|t| changes.tables.contains(*t));
        let settings = changes.parts.contains(&Part::Settings);
        let places = if moved.sizes || moved.placement || !requests.is_empty() || !visits.is_empty() {
            Some(tally.places(moved.placement || !visits.is_empty()))
        } else {
            None
        };
        // A topic shows its requests' status, households and places.
        let topics_changed =
            settings || touched(&["topics", "topic_requests", "callbacks"]) || tally.touches_topics(&requests, &placed);
        let work = if changes.parts.contains(&Part::Work) || topics_changed {
            let (overdue, callbacks_due) = tally.overdue_and_callbacks(scope);
            let topics = if topics_changed {
                let topics = Work::topics(tx, day, scope)?;
                tally.set_topics(&topics);
                Some(topics)
            } else {
                None
            };
            Some(WorkPatch {
                overdue,
                callbacks_due,
                // A cadre's meetings and decisions follow the topics that
                // hold their requests (README "Accounts and roles").
                meetings: if touched(&["meetings", "agenda_items", "decisions", "topic_requests"]) {
                    Some(Work::meetings(tx, scope)?)
                } else {
                    None
                },
                topics,
                decisions: if touched(&[
                    "decisions",
                    "decision_progress",
                    "decision_evaluations",
                    "agenda_items",
                    "meetings",
                    "topics",
                    "topic_requests",
                ]) {
                    Some(Work::decisions(tx, day, scope)?)
                } else {
                    None
                },
            })
        } else {
            None
        };
        Ok(Patch {
            households,
            entries: if ids.is_empty() {
                Vec::new()
            } else {
                store::lookup::household_entries(tx, &ids)?
            },
            places,
            settings: if settings { Some(Settings::load(tx, day)?) } else { None },
            work,
            // The set-up pane counts households per grid and in all.
            setup: if settings || moved.placement {
                Some(store::setup::load(tx)?)
            } else {
                None
            },
            figures_stale: changes.parts.contains(&Part::Work) || !ids.is_empty() || settings,
        })
    }

    /// Applies a patch made after this snapshot (the register rows keep
    /// their list order). The figures become stale when requests changed.
    pub fn apply(&mut self, patch: Patch) {
        for (id, row) in patch.households {
            // A row that keeps its place in the order (most edits: a phone,
            // a member) is replaced where it is, found by binary search;
            // only a moved, new or removed row is looked for and shifted
            // through the whole list (README "Performance").
            if let Some(row) = &row {
                let at = self.households.partition_point(|h| h.order() < row.order());
                if let Some(slot) = self.households.get_mut(at).filter(|h| h.id == id) {
                    *slot = row.clone();
                    continue;
                }
            }
            if let Some(at) = self.households.iter().position(|h| h.id == id) {
                self.households.remove(at);
            }
            if let Some(row) = row {
                let at = self.households.partition_point(|h| h.order() < row.order());
                self.households.insert(at, row);
            }
        }
        if let Some((grids, cadres)) = patch.places {
            self.grids = grids;
            self.cadres = cadres;
        }
        if let Some(s) = patch.settings {
            self.township = s.township;
            self.stale_after_months = s.stale_after_months;
            self.categories = s.categories;
            self.villages = s.villages;
            self.calendar_missing = s.calendar_missing;
            self.leaders = s.leaders;
        }
        if let Some(w) = patch.work {
            self.overdue = w.overdue;
            self.callbacks_due = w.callbacks_due;
            if let Some(m) = w.meetings {
                self.meetings = m;
            }
            if let Some(t) = w.topics {
                self.topics = t;
            }
            if let Some(d) = w.decisions {
                self.decisions = d;
            }
        }
        self.figures_stale |= patch.figures_stale;
        if let Some(s) = patch.setup {
            self.setup = s;
        }
    }

    /// Installs freshly computed figures.
    pub fn apply_figures(&mut self, f: Figures) {
        self.suggestions = f.suggestions;
        self.assessment = f.assessment;
        self.figures_stale = false;
    }
}

impl Settings {
    fn load(tx: &Connection, day: chrono::NaiveDate) -> store::Result<Settings> {
        Ok(Settings {
            township: tx
                .query_row("SELECT value FROM settings WHERE key = 'township_name'", [], |r| {
                    r.get(0)
                })
                .unwrap_or_default(),
            stale_after_months: tx
                .query_row("SELECT value FROM settings WHERE key = 'stale_after_months'", [], |r| {
                    r.get::<_, String>(0)
                })
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(12),
            categories: store::requests::list_categories(tx)?,
            villages: store::requests::list_villages(tx)?,
            calendar_missing: calendar_missing(tx, day)?,
            leaders: store::meeting_ops::leaders(tx).map_err(agenda_store_error)?,
        })
    }
}

impl Work {
    fn load(tx: &Connection, day: chrono::NaiveDate, scope: &SessionScope) -> store::Result<Work> {
        let today = day.format("%Y-%m-%d").to_string();
        Ok(Work {
            overdue: store::requests::count_overdue(tx, &today, scope)?,
            meetings: Self::meetings(tx, scope)?,
            topics: Self::topics(tx, day, scope)?,
            decisions: Self::decisions(tx, day, scope)?,
            callbacks_due: store::request_query::count_callbacks_due(tx, scope)?,
        })
    }

    /// The meetings pane's lists, narrowed for a cadre (README "Accounts
    /// and roles").
    fn meetings(tx: &Connection, scope: &SessionScope) -> store::Result<Vec<MeetingRow>> {
        store::meetings::list_meetings_for(tx, scope)
    }

    fn topics(tx: &Connection, day: chrono::NaiveDate, scope: &SessionScope) -> store::Result<Vec<TopicRow>> {
        store::topics::list_topics_for(tx, day, scope).map_err(agenda_store_error)
    }

    fn decisions(tx: &Connection, day: chrono::NaiveDate, scope: &SessionScope) -> store::Result<Vec<DecisionRow>> {
        store::decisions::board_for(tx, day, scope).map_err(agenda_store_error)
    }
}

impl Figures {
    /// Reads in its own deferred transaction (the loader computes these
    /// when a pane showing them is open), for `scope`.
    pub fn load(conn: &Connection, day: chrono::NaiveDate, scope: &SessionScope) -> store::Result<Figures> {
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
        let figures = Self::load_in(&tx, day, scope)?;
        tx.finish()?;
        Ok(figures)
    }

    fn load_in(tx: &Connection, day: chrono::NaiveDate, scope: &SessionScope) -> store::Result<Figures> {
        Ok(Figures {
            suggestions: store::topics::suggestions_for(tx, day, scope).map_err(agenda_store_error)?,
            assessment: store::assessment::load(tx, day, scope)?,
        })
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
