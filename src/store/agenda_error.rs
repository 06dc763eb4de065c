//! Errors of the topic, meeting and decision writes, and the transaction
//! helper they share: every check runs inside the IMMEDIATE transaction; a
//! refusal rolls everything back and is then audited on its own.

use super::request_ops::RequestError;
use super::{Actor, Store, StoreError};
use crate::domain::meetings::DecisionRefusal;
use crate::domain::request::Level;
use rusqlite::Transaction;

/// Input problems the UI turns into a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaInvalid {
    EmptyTitle,
    EmptyText,
    /// None of the chosen requests can still be merged into a topic.
    NoOpenRequests,
    UnknownTopic(i64),
    UnknownMeeting(i64),
    UnknownItem(i64),
    UnknownDecision(i64),
    UnknownCadre(i64),
    UnknownPerson(i64),
    UnknownCategory(i64),
    /// The topic is already an item of this meeting's agenda.
    AlreadyOnAgenda(i64),
    /// The item has decisions or opinions recorded; it cannot be removed.
    ItemHasRecords(i64),
    /// Escalation must go higher than the topic's level.
    LevelNotHigher(Level),
    /// Minutes of an item: 5 to 240.
    BadMinutes(i64),
    /// Meeting length: 15 to 600 minutes.
    BadLength(i64),
    /// The person or cadre already takes part.
    AlreadyParticipant,
    /// A closed meeting is not edited any more.
    MeetingClosed(i64),
    /// The meeting status only moves planned -> held -> closed.
    StatusNotNext {
        from: String,
        to: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum AgendaError {
    #[error("invalid: {0:?}")]
    Invalid(AgendaInvalid),
    #[error("refused: {0:?}")]
    Decision(DecisionRefusal),
    /// A request-layer refusal (the workflow said no).
    #[error(transparent)]
    Request(RequestError),
    /// Includes `StoreError::Conflict`: someone else saved first.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AgendaError {
    fn from(e: StoreError) -> Self {
        AgendaError::Store(e)
    }
}

impl From<rusqlite::Error> for AgendaError {
    fn from(e: rusqlite::Error) -> Self {
        AgendaError::Store(StoreError::from(e))
    }
}

impl From<RequestError> for AgendaError {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::Store(s) => AgendaError::Store(s),
            other => AgendaError::Request(other),
        }
    }
}

pub type Result<T, E = AgendaError> = std::result::Result<T, E>;

pub fn invalid<T>(i: AgendaInvalid) -> Result<T> {
    Err(AgendaError::Invalid(i))
}

/// Runs `f` in one IMMEDIATE transaction. Any error rolls back; refusals and
/// invalid input are then audited (action, object, why) in their own
/// transaction, so the log shows the attempt.
pub(crate) fn run<T>(
    store: &mut Store,
    action: &str,
    object: &str,
    f: impl FnOnce(&Transaction, &Actor) -> Result<T>,
) -> Result<T> {
    let mut refused: Option<AgendaError> = None;
    let out = store.write(|tx, actor| match f(tx, actor) {
        Ok(v) => Ok(v),
        Err(AgendaError::Store(e)) => Err(e),
        Err(other) => {
            refused = Some(other);
            Err(StoreError::Invalid("refused".into()))
        }
    });
    match (out, refused) {
        (Ok(v), _) => Ok(v),
        (Err(_), Some(e)) => {
            let _ = store.audit_failure(action, object, &format!("{e:?}"));
            Err(e)
        }
        (Err(e), None) => Err(AgendaError::Store(e)),
    }
}

/// Fails unless `sql` (with one id parameter) finds a row.
pub(crate) fn must_exist(tx: &Transaction, sql: &str, id: i64, missing: AgendaInvalid) -> Result<()> {
    use rusqlite::OptionalExtension;
    match tx.query_row(sql, [id], |_| Ok(())).optional()? {
        Some(()) => Ok(()),
        None => invalid(missing),
    }
}
