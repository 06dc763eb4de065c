//! Every write to a request. Each runs in one IMMEDIATE transaction
//! (`Store::write`), checks the expected `version` (stale → `Conflict`),
//! enforces `domain::workflow`, writes request_events rows and an audit
//! entry. A refusal changes nothing but is audited.

use super::audit::{self, AuditEntry};
use super::calendar_days::{compute_due, date_text};
use super::dates::day_at;
use super::{Actor, Result as StoreResult, Store, StoreError, now_text};
use crate::domain::accounts::may;
use crate::domain::calendar::DueDate;
use crate::domain::request::{
    CallbackMethod, Channel, Difficulty, Level, Priority, RequestKind, Role, Satisfaction, Scope, Status,
};
use crate::domain::workflow::{self, Command, CommandKind, Effect, Outcome, Refusal, RequestFacts, Step};
pub use crate::model::requests::NewRequest;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

/// Input problems the UI shows next to a field or in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestInvalid {
    EmptyTitle,
    /// Neither a household from the register nor an outside caller's name.
    NoResidentOrCaller,
    UnknownRequest(i64),
    UnknownHousehold(i64),
    /// The person is not in the register, or not in the given household.
    UnknownPerson(i64),
    UnknownCategory(i64),
    UnknownCadre(i64),
    InactiveCadre(i64),
    UnknownTopic(i64),
    /// A duplicate can only be merged into a request that is not closed,
    /// rejected or merged itself.
    MergeTargetFinal {
        target: i64,
        status: Status,
    },
    /// Field edits (category, level) are not possible in this status.
    NotEditable(Status),
    /// A saved view with this name exists already.
    DuplicateViewName(String),
    /// Only its owner or an admin may delete a saved view.
    NotYourView(i64),
    /// A stored value this program does not know (database edited by hand).
    BadStoredValue {
        request: i64,
        column: &'static str,
    },
}

/// Why a request write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The workflow does not allow it; `Refusal::allowed` says what is.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("invalid: {0:?}")]
    Invalid(RequestInvalid),
    /// Includes `StoreError::Conflict` (someone saved first: reload with
    /// `request_query::load_request` and show what changed).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for RequestError {
    fn from(e: rusqlite::Error) -> Self {
        RequestError::Store(StoreError::from(e))
    }
}

impl RequestError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, RequestError::Store(StoreError::Conflict { .. }))
    }
}

pub type Result<T, E = RequestError> = std::result::Result<T, E>;

fn invalid<T>(i: RequestInvalid) -> Result<T> {
    Err(RequestError::Invalid(i))
}

/// Runs `f` in a write transaction. Storage errors roll back; refusals and
/// invalid input commit (only their audit entry was written, since every
/// check runs before the first change).
pub(super) fn run<T>(store: &mut Store, f: impl FnOnce(&Transaction, &Actor) -> Result<T>) -> Result<T> {
    let outcome = store.write(|tx, actor| match f(tx, actor) {
        Err(RequestError::Store(e)) => Err(e),
        other => Ok(other),
    });
    outcome?
}

/// The permission `kind` needs (`CommandKind::permission`), checked by
/// `Store::require` before the transaction: a refusal is audited with the
/// roles that may, and changes nothing (README "Accounts and roles").
pub(super) fn require_command(store: &mut Store, kind: CommandKind, object: &str) -> Result<()> {
    store.require(kind.permission(), object).map_err(RequestError::Store)
}

/// A cadre account acts only on its own requests (`Store::require_requests`):
/// the others are refused before the transaction, audited.
pub(super) fn require_own(store: &mut Store, ids: &[i64]) -> Result<()> {
    store.require_requests(ids).map_err(RequestError::Store)
}

/// The requests `command` on request `id` touches: a duplicate's target too.
fn touched(id: i64, command: &Command) -> Vec<i64> {
    match command {
        Command::MergeDuplicate { into } => vec![id, *into],
        _ => vec![id],
    }
}

pub(super) fn role_of(actor: &Actor) -> Role {
    // An unknown role gets the least the workflow distinguishes.
    actor.role.unwrap_or(Role::Clerk)
}

pub(super) fn audit_refused(tx: &Transaction, actor: &Actor, action: &str, id: i64, why: &str) -> StoreResult<()> {
    audit::record(
        tx,
        &AuditEntry {
            user: &actor.login,
            action,
            object: &format!("request:{id}"),
            outcome: "refused",
            detail: why,
        },
    )
}

impl NewRequest {
    /// A minimal request from a household; the other fields at their defaults.
    pub fn for_household(household_id: i64, channel: Channel, title: &str) -> NewRequest {
        NewRequest {
            received_at: None,
            channel,
            household_id: Some(household_id),
            person_id: None,
            caller_name: None,
            caller_phone: None,
            caller_village_id: None,
            caller_grid_id: None,
            category_id: None,
            kind: RequestKind::Help,
            title: title.to_string(),
            content: String::new(),
            scope: Scope::Individual,
            difficulty: Difficulty::Medium,
            priority: Priority::Normal,
            level: Level::Township,
            solved_on_spot: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: i64,
    pub version: i64,
    /// The due date and any years computed without calendar data (warn).
    pub due: DueDate,
}

fn exists(tx: &Transaction, sql: &str, id: i64) -> StoreResult<bool> {
    Ok(tx.query_row(sql, [id], |_| Ok(())).optional()?.is_some())
}

/// Logs a request (受理); with `solved_on_spot` also resolves it (就地解决).
pub fn create_request(store: &mut Store, new: &NewRequest) -> Result<Created> {
    check_new(new)?;
    require_new(store, new)?;
    run(store, |tx, actor| create_in_tx(tx, actor, new))
}

/// Logs a request raised during visit `visit_id` and links the visit to it
/// (`visits.request_id`), in one transaction: if the link fails (the visit
/// is gone or already has a request), no request is left behind.
pub fn create_request_on_visit(store: &mut Store, new: &NewRequest, visit_id: i64) -> Result<Created> {
    check_new(new)?;
    require_new(store, new)?;
    run(store, |tx, actor| {
        let created = create_in_tx(tx, actor, new)?;
        super::visits::link_in_tx(tx, actor, visit_id, created.id)?;
        Ok(created)
    })
}

/// A cadre account logs requests only for its own grids' households (or
/// outside callers located there).
fn require_new(store: &mut Store, new: &NewRequest) -> Result<()> {
    let caller_grid = new.household_id.is_none().then_some(new.caller_grid_id).flatten();
    store
        .require_new_request(new.household_id, caller_grid)
        .map_err(RequestError::Store)
}

/// The checks that need no database.
fn check_new(new: &NewRequest) -> Result<()> {
    let title = new.title.trim();
    if title.is_empty() {
        return invalid(RequestInvalid::EmptyTitle);
    }
    let caller = new.caller_name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if new.household_id.is_none() && caller.is_none() {
        return invalid(RequestInvalid::NoResidentOrCaller);
    }
    Ok(())
}

/// Inserts the request, its create event and audit entry (and resolves it
/// when solved on the spot) inside a running transaction.
fn create_in_tx(tx: &Transaction, actor: &Actor, new: &NewRequest) -> Result<Created> {
    let title = new.title.trim();
    let caller = new.caller_name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(h) = new.household_id
        && !exists(tx, "SELECT 1 FROM households WHERE id = ?1", h)?
    {
        return invalid(RequestInvalid::UnknownHousehold(h));
    }
    if let Some(p) = new.person_id {
        let home: Option<i64> = tx
            .query_row("SELECT household_id FROM persons WHERE id = ?1", [p], |r| r.get(0))
            .optional()?;
        if home.is_none() || (new.household_id.is_some() && home != new.household_id) {
            return invalid(RequestInvalid::UnknownPerson(p));
        }
    }
    if let Some(c) = new.category_id
        && !exists(tx, "SELECT 1 FROM categories WHERE id = ?1", c)?
    {
        return invalid(RequestInvalid::UnknownCategory(c));
    }
    let received = new.received_at.unwrap_or_else(|| chrono::Local::now().naive_local());
    let due = compute_due(tx, received.date(), new.kind, new.priority)?;
    let received_text = received.format("%Y-%m-%d %H:%M:%S").to_string();
    tx.execute(
        "INSERT INTO requests (received_at, channel, household_id, person_id, caller_name, caller_phone,
             category_id, kind, title, content, scope, difficulty, priority, level, status, due_at,
             created_by, updated_at, caller_village_id, caller_grid_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'received', ?15, ?16, ?17, ?18, ?19)",
        params![
            received_text,
            new.channel.code(),
            new.household_id,
            new.person_id,
            caller,
            new.caller_phone.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            new.category_id,
            new.kind.code(),
            title,
            new.content,
            new.scope.code(),
            new.difficulty.code(),
            new.priority.code(),
            new.level.code(),
            date_text(due.due),
            actor.user_id,
            now_text(),
            new.household_id.is_none().then_some(new.caller_village_id).flatten(),
            new.household_id.is_none().then_some(new.caller_grid_id).flatten(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    insert_event(
        tx,
        actor,
        id,
        "create",
        None,
        Some(Status::Received),
        new.channel.code(),
        None,
    )?;
    Store::audit(tx, actor, "request.create", &format!("request:{id}"), title)?;
    let mut version = 1;
    if let Some(resolution) = &new.solved_on_spot {
        let cmd = Command::SolveOnSpot {
            resolution: resolution.clone(),
        };
        version = apply_in_tx(tx, actor, id, version, &cmd, None)?;
    }
    Ok(Created { id, version, due })
}

/// Applies one workflow command; returns the request's new version.
pub fn apply_command(store: &mut Store, id: i64, expected_version: i64, command: &Command) -> Result<i64> {
    require_command(store, command.kind(), &format!("request:{id}"))?;
    require_own(store, &touched(id, command))?;
    run(store, |tx, actor| {
        apply_in_tx(tx, actor, id, expected_version, command, None)
    })
}

/// Answers of a callback (回访) beyond what the workflow needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackAnswer {
    pub solved: bool,
    pub satisfaction: Satisfaction,
    pub comment: String,
    pub method: CallbackMethod,
    /// Whether the resident knows their cadre (知晓率); `None` if not asked.
    pub knows_cadre: Option<bool>,
}

/// Records a callback: a callbacks row, then callback (→ closable) or, when
/// unsolved/unsatisfied, callback + reopen. Returns the new version.
pub fn record_callback(store: &mut Store, id: i64, expected_version: i64, answer: &CallbackAnswer) -> Result<i64> {
    let cmd = Command::RecordCallback {
        solved: answer.solved,
        satisfaction: answer.satisfaction,
        comment: answer.comment.clone(),
    };
    require_command(store, cmd.kind(), &format!("request:{id}"))?;
    require_own(store, &[id])?;
    run(store, |tx, actor| {
        apply_in_tx(tx, actor, id, expected_version, &cmd, Some(answer))
    })
}

/// What a callback did: the request's new version and whether it closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackDone {
    pub version: i64,
    pub closed: bool,
}

/// Records a callback and, when the answer ends the loop (solved and not
/// unsatisfied), closes the request: one user action, one transaction, so
/// a failed close leaves no half-recorded callback behind. An unsolved or
/// unsatisfied answer reopens the request as `record_callback` does.
pub fn record_callback_and_close(
    store: &mut Store,
    id: i64,
    expected_version: i64,
    answer: &CallbackAnswer,
) -> Result<CallbackDone> {
    let cmd = Command::RecordCallback {
        solved: answer.solved,
        satisfaction: answer.satisfaction,
        comment: answer.comment.clone(),
    };
    require_command(store, cmd.kind(), &format!("request:{id}"))?;
    require_own(store, &[id])?;
    run(store, |tx, actor| {
        let version = apply_in_tx(tx, actor, id, expected_version, &cmd, Some(answer))?;
        let (facts, _) = load_facts(tx, id)?;
        if facts.status != Status::Callback {
            return Ok(CallbackDone { version, closed: false });
        }
        // The workflow allows Close from callback for every role, and the
        // version is ours inside this IMMEDIATE transaction.
        let version = apply_in_tx(tx, actor, id, version, &Command::Close, None)?;
        Ok(CallbackDone { version, closed: true })
    })
}

/// 催办: logs a reminder event and counts it against the current assignee.
/// An urge is not an edit: it needs no expected version and does not change
/// the version, so it never collides with a clerk editing the request.
/// Returns the new urge count.
pub fn urge(store: &mut Store, id: i64, note: &str) -> Result<i64> {
    require_command(store, CommandKind::Urge, &format!("request:{id}"))?;
    require_own(store, &[id])?;
    run(store, |tx, actor| {
        let (facts, version) = load_facts(tx, id)?;
        apply_in_tx(tx, actor, id, version, &Command::Urge { note: note.to_string() }, None)?;
        Ok(facts.urges + 1)
    })
}

/// The current facts and version of a request, inside a transaction.
pub(super) fn load_facts(tx: &Transaction, id: i64) -> Result<(RequestFacts, i64)> {
    let row = tx
        .query_row(
            "SELECT status, level, assignee_id, due_at, resolution, solved, satisfaction, duplicate_of, topic_id,
                    urge_count, version
             FROM requests WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    day_at(r, 3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<bool>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                    r.get::<_, i64>(9)?,
                    r.get::<_, i64>(10)?,
                ))
            },
        )
        .optional()?;
    let Some((status, level, assignee, due, resolution, solved, satisfaction, duplicate_of, topic_id, urges, version)) =
        row
    else {
        return invalid(RequestInvalid::UnknownRequest(id));
    };
    let bad = |column| RequestError::Invalid(RequestInvalid::BadStoredValue { request: id, column });
    let facts = RequestFacts {
        id,
        status: Status::parse(&status).ok_or_else(|| bad("status"))?,
        level: Level::parse(&level).ok_or_else(|| bad("level"))?,
        assignee,
        due,
        resolution,
        solved,
        satisfaction: satisfaction.as_deref().and_then(Satisfaction::parse),
        duplicate_of,
        topic_id,
        urges,
    };
    Ok((facts, version))
}

/// Checks and writes one command inside a running transaction.
pub(super) fn apply_in_tx(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    command: &Command,
    callback: Option<&CallbackAnswer>,
) -> Result<i64> {
    let action = format!("request.{}", command.kind().code());
    let (facts, version) = load_facts(tx, id)?;
    if version != expected_version {
        return Err(StoreError::Conflict {
            object: format!("request:{id}"),
        }
        .into());
    }
    let outcome = match workflow::apply(&facts, command) {
        Ok(o) => o,
        Err(mut refusal) => {
            // What is allowed from here, for this user.
            let role = role_of(actor);
            refusal.allowed.retain(|k| may(role, k.permission()));
            audit_refused(tx, actor, &action, id, &format!("{:?}", refusal.reason))?;
            return Err(RequestError::Refused(refusal));
        }
    };
    if let Err(problem) = check_references(tx, command)? {
        audit_refused(tx, actor, &action, id, &format!("{problem:?}"))?;
        return invalid(problem);
    }
    let after = facts.after(&outcome);
    // An urge only counts; everything else is an edit and bumps the version.
    let new_version = if command.kind() == CommandKind::Urge {
        version
    } else {
        version + 1
    };
    write_outcome(tx, id, version, new_version, &outcome)?;
    let note = event_note(&facts, command);
    for Step { action, from, to } in &outcome.steps {
        insert_event(
            tx,
            actor,
            id,
            action.code(),
            Some(*from),
            Some(*to),
            &note,
            after.assignee,
        )?;
    }
    if let Command::RecordCallback {
        solved,
        satisfaction,
        comment,
    } = command
    {
        let method = callback.map_or(CallbackMethod::Phone, |c| c.method);
        let knows = callback.and_then(|c| c.knows_cadre);
        tx.execute(
            "INSERT INTO callbacks (household_id, request_id, cadre_id, user_id, method, knows_cadre, solved,
                                    satisfaction, comment, called_on)
             SELECT household_id, id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM requests WHERE id = ?1",
            params![
                id,
                facts.assignee,
                actor.user_id,
                method.code(),
                knows,
                solved,
                satisfaction.code(),
                comment,
                date_text(chrono::Local::now().date_naive()),
            ],
        )?;
    }
    if let Command::MergeTopic { topic_id } = command {
        tx.execute(
            "INSERT OR IGNORE INTO topic_requests (topic_id, request_id, added_at) VALUES (?1, ?2, ?3)",
            params![topic_id, id, now_text()],
        )?;
    }
    let detail = format!("{} -> {} {}", facts.status.code(), outcome.to().code(), note);
    Store::audit(tx, actor, &action, &format!("request:{id}"), detail.trim_end())?;
    Ok(new_version)
}

/// References a command names must exist (checked before any write).
fn check_references(tx: &Transaction, command: &Command) -> StoreResult<Result<(), RequestInvalid>> {
    Ok(match command {
        Command::Assign { cadre_id } => {
            let active: Option<bool> = tx
                .query_row("SELECT active FROM cadres WHERE id = ?1", [cadre_id], |r| r.get(0))
                .optional()?;
            match active {
                None => Err(RequestInvalid::UnknownCadre(*cadre_id)),
                Some(false) => Err(RequestInvalid::InactiveCadre(*cadre_id)),
                Some(true) => Ok(()),
            }
        }
        Command::MergeDuplicate { into } => {
            let status: Option<String> = tx
                .query_row("SELECT status FROM requests WHERE id = ?1", [into], |r| r.get(0))
                .optional()?;
            match status.as_deref().map(Status::parse) {
                None | Some(None) => Err(RequestInvalid::UnknownRequest(*into)),
                Some(Some(s)) if s.is_final() => Err(RequestInvalid::MergeTargetFinal {
                    target: *into,
                    status: s,
                }),
                Some(Some(_)) => Ok(()),
            }
        }
        Command::MergeTopic { topic_id } => {
            if exists(tx, "SELECT 1 FROM topics WHERE id = ?1", *topic_id)? {
                Ok(())
            } else {
                Err(RequestInvalid::UnknownTopic(*topic_id))
            }
        }
        _ => Ok(()),
    })
}

/// The event note: the user's text, prefixed with the data the events
/// table has no column for (escalation level, old → new due date).
fn event_note(facts: &RequestFacts, command: &Command) -> String {
    let text = command.note().trim();
    let prefix = match command {
        Command::Escalate { level, .. } => level.code().to_string(),
        Command::Extend { new_due, .. } => {
            let old = facts.due.map(date_text).unwrap_or_default();
            format!("{old} -> {}", date_text(*new_due))
        }
        Command::MergeDuplicate { into } => format!("#{into}"),
        Command::MergeTopic { topic_id } => format!("topic:{topic_id}"),
        Command::Assign { cadre_id } => format!("cadre:{cadre_id}"),
        Command::CarryOutDecision { decision_id, .. } => format!("decision:{decision_id}"),
        _ => String::new(),
    };
    match (prefix.is_empty(), text.is_empty()) {
        (true, _) => text.to_string(),
        (false, true) => prefix,
        (false, false) => format!("{prefix}: {text}"),
    }
}

/// The versioned UPDATE for an outcome's status and effects.
fn write_outcome(tx: &Transaction, id: i64, version: i64, new_version: i64, outcome: &Outcome) -> StoreResult<()> {
    let now = now_text();
    let mut sets: Vec<(&str, Value)> = vec![("status", Value::Text(outcome.to().code().into()))];
    let mut urged = false;
    for e in &outcome.effects {
        match e {
            Effect::Assign(c) => {
                sets.push(("assignee_id", Value::Integer(*c)));
                sets.push(("assigned_at", Value::Text(now.clone())));
            }
            Effect::Resolve { resolution, solved } => {
                sets.push(("resolution", Value::Text(resolution.clone())));
                sets.push(("solved", Value::Integer(i64::from(*solved))));
                sets.push(("resolved_at", Value::Text(now.clone())));
            }
            Effect::Callback { solved, satisfaction } => {
                sets.push(("solved", Value::Integer(i64::from(*solved))));
                sets.push(("satisfaction", Value::Text(satisfaction.code().into())));
            }
            Effect::ClearResolution => {
                for col in ["resolution", "solved", "resolved_at", "satisfaction"] {
                    sets.retain(|(c, _)| *c != col);
                    sets.push((col, Value::Null));
                }
            }
            Effect::SetLevel(l) => sets.push(("level", Value::Text(l.code().into()))),
            Effect::SetDue(d) => sets.push(("due_at", Value::Text(date_text(*d)))),
            Effect::DuplicateOf(r) => sets.push(("duplicate_of", Value::Integer(*r))),
            Effect::Topic(t) => sets.push(("topic_id", Value::Integer(*t))),
            Effect::Close => sets.push(("closed_at", Value::Text(now.clone()))),
            Effect::Urge => urged = true,
        }
    }
    let mut sql = String::from("UPDATE requests SET version = ?2, updated_at = ?1");
    let mut values = vec![Value::Text(now.clone()), Value::Integer(new_version)];
    if urged {
        sql.push_str(", urge_count = urge_count + 1");
    }
    for (col, value) in sets {
        values.push(value);
        sql.push_str(&format!(", {col} = ?{}", values.len()));
    }
    values.push(Value::Integer(id));
    values.push(Value::Integer(version));
    sql.push_str(&format!(
        " WHERE id = ?{} AND version = ?{}",
        values.len() - 1,
        values.len()
    ));
    let changed = tx.execute(&sql, rusqlite::params_from_iter(values))?;
    super::expect_saved(changed, &format!("request:{id}"))
}

/// Appends a request_events row; `cadre_id` is the assignee at that moment.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_event(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    action: &str,
    from: Option<Status>,
    to: Option<Status>,
    note: &str,
    cadre_id: Option<i64>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO request_events (request_id, at, user_id, action, from_status, to_status, note, cadre_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            now_text(),
            actor.user_id,
            action,
            from.map(Status::code),
            to.map(Status::code),
            note,
            cadre_id
        ],
    )?;
    Ok(())
}
