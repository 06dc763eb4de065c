//! The request state machine (受理 → 派遣 → 办理 → 办结 → 回访 → 结案), pure.
//!
//! `apply(facts, command)` either refuses (saying what *is* allowed from
//! here) or returns an [`Outcome`]: the status steps to record as
//! request_events and the field [`Effect`]s the store writes. The store and
//! the property test both use [`RequestFacts::after`], so the rules tested
//! here are the rules enforced in the database.
//!
//! Transition table (anything else is refused):
//!
//! | from | command | to |
//! |---|---|---|
//! | received | Assign | assigned |
//! | received | Reject (reason) | rejected |
//! | received | SolveOnSpot (resolution) | resolved (awaits callback) |
//! | assigned, in_progress, escalated | Assign (reassign) | assigned |
//! | assigned; escalated with an assignee | Start | in_progress |
//! | assigned, in_progress, escalated | Resolve (resolution, solved) | resolved |
//! | open | Escalate (county/city, higher than now) | escalated |
//! | open | MergeDuplicate / MergeTopic | merged |
//! | open | Extend (reason, later date) | unchanged |
//! | open | Urge | unchanged |
//! | resolved | RecordCallback, solved and not unsatisfied | callback |
//! | resolved | RecordCallback, unsolved or unsatisfied | callback, then reopened |
//! | resolved, callback | Reopen (reason) | reopened |
//! | callback | Close | closed |
//! | merged into a topic, not as a duplicate | CarryOutDecision (the decision's text; the store takes it, no user) | resolved (awaits callback) |
//!
//! "open" = received, assigned, in_progress, escalated. "reopened" = assigned
//! when the request has an assignee, else received (a request solved on the
//! spot has none). An escalated request stays open and tracked: the higher
//! level's answer is recorded with Resolve, or it is handed back with
//! Assign/Start; a second Escalate may only go higher (county → city).
//!
//! Who may give a command is not a rule of the request: each command needs a
//! [`Permission`] ([`CommandKind::permission`], e.g. Extend needs
//! `ExtendDeadline`), which the store checks (`Store::require`, README
//! "Accounts and roles"). [`allowed_commands`] only leaves out, for the key
//! line, what the user's role may not do.

use super::accounts::{Permission, may};
use super::request::{Level, Role, Satisfaction, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a user asks to do with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Assign {
        cadre_id: i64,
    },
    Start,
    Resolve {
        resolution: String,
        solved: bool,
    },
    RecordCallback {
        solved: bool,
        satisfaction: Satisfaction,
        comment: String,
    },
    Close,
    Reject {
        reason: String,
    },
    Escalate {
        level: Level,
        note: String,
    },
    Extend {
        new_due: NaiveDate,
        reason: String,
    },
    MergeDuplicate {
        into: i64,
    },
    MergeTopic {
        topic_id: i64,
    },
    SolveOnSpot {
        resolution: String,
    },
    Reopen {
        reason: String,
    },
    Urge {
        note: String,
    },
    /// A decision on the request's topic was carried out (决议落实): the
    /// merged request is resolved by it and goes back for a callback.
    CarryOutDecision {
        decision_id: i64,
        /// The decision's text, recorded as the resolution.
        decision: String,
    },
}

/// The command without its data: for menus, refusals and event codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommandKind {
    Assign,
    Start,
    Resolve,
    RecordCallback,
    Close,
    Reject,
    Escalate,
    Extend,
    MergeDuplicate,
    MergeTopic,
    SolveOnSpot,
    Reopen,
    Urge,
    CarryOutDecision,
}

impl CommandKind {
    pub const ALL: &'static [CommandKind] = &[
        CommandKind::Assign,
        CommandKind::Start,
        CommandKind::Resolve,
        CommandKind::RecordCallback,
        CommandKind::Close,
        CommandKind::Reject,
        CommandKind::Escalate,
        CommandKind::Extend,
        CommandKind::MergeDuplicate,
        CommandKind::MergeTopic,
        CommandKind::SolveOnSpot,
        CommandKind::Reopen,
        CommandKind::Urge,
        CommandKind::CarryOutDecision,
    ];

    /// The `request_events.action` code.
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Assign => "assign",
            CommandKind::Start => "start",
            CommandKind::Resolve => "resolve",
            CommandKind::RecordCallback => "callback",
            CommandKind::Close => "close",
            CommandKind::Reject => "reject",
            CommandKind::Escalate => "escalate",
            CommandKind::Extend => "extend",
            CommandKind::MergeDuplicate => "merge_duplicate",
            CommandKind::MergeTopic => "merge_topic",
            CommandKind::SolveOnSpot => "solve_on_spot",
            CommandKind::Reopen => "reopen",
            CommandKind::Urge => "urge",
            CommandKind::CarryOutDecision => "decision_done",
        }
    }

    pub fn parse(code: &str) -> Option<CommandKind> {
        CommandKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// What the user giving this command needs (README "Accounts and
    /// roles"): extending a deadline is a leader's, carrying out a
    /// decision comes with marking the decision done; the rest is handling
    /// requests.
    pub fn permission(self) -> Permission {
        match self {
            CommandKind::Extend => Permission::ExtendDeadline,
            CommandKind::CarryOutDecision => Permission::Decide,
            _ => Permission::HandleRequests,
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Assign { .. } => CommandKind::Assign,
            Command::Start => CommandKind::Start,
            Command::Resolve { .. } => CommandKind::Resolve,
            Command::RecordCallback { .. } => CommandKind::RecordCallback,
            Command::Close => CommandKind::Close,
            Command::Reject { .. } => CommandKind::Reject,
            Command::Escalate { .. } => CommandKind::Escalate,
            Command::Extend { .. } => CommandKind::Extend,
            Command::MergeDuplicate { .. } => CommandKind::MergeDuplicate,
            Command::MergeTopic { .. } => CommandKind::MergeTopic,
            Command::SolveOnSpot { .. } => CommandKind::SolveOnSpot,
            Command::Reopen { .. } => CommandKind::Reopen,
            Command::Urge { .. } => CommandKind::Urge,
            Command::CarryOutDecision { .. } => CommandKind::CarryOutDecision,
        }
    }

    /// The free text the user gave, recorded as the event note.
    pub fn note(&self) -> &str {
        match self {
            Command::Resolve { resolution, .. } | Command::SolveOnSpot { resolution } => resolution,
            Command::RecordCallback { comment, .. } => comment,
            Command::Reject { reason } | Command::Extend { reason, .. } | Command::Reopen { reason } => reason,
            Command::Escalate { note, .. } | Command::Urge { note } => note,
            _ => "",
        }
    }
}

/// The parts of a request the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub id: i64,
    pub status: Status,
    pub level: Level,
    pub assignee: Option<i64>,
    pub due: Option<NaiveDate>,
    pub resolution: Option<String>,
    pub solved: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub duplicate_of: Option<i64>,
    pub topic_id: Option<i64>,
    pub urges: i64,
}

impl RequestFacts {
    /// A request as created: received, nothing else decided.
    pub fn received(id: i64, level: Level, due: Option<NaiveDate>) -> RequestFacts {
        RequestFacts {
            id,
            status: Status::Received,
            level,
            assignee: None,
            due,
            resolution: None,
            solved: None,
            satisfaction: None,
            duplicate_of: None,
            topic_id: None,
            urges: 0,
        }
    }

    /// The facts once `outcome` is applied (the same effects the store writes).
    pub fn after(&self, outcome: &Outcome) -> RequestFacts {
        let mut f = self.clone();
        f.status = outcome.to();
        for e in &outcome.effects {
            match e {
                Effect::Assign(c) => f.assignee = Some(*c),
                Effect::Resolve { resolution, solved } => {
                    f.resolution = Some(resolution.clone());
                    f.solved = Some(*solved);
                }
                Effect::Callback { solved, satisfaction } => {
                    f.solved = Some(*solved);
                    f.satisfaction = Some(*satisfaction);
                }
                Effect::ClearResolution => {
                    f.resolution = None;
                    f.solved = None;
                    f.satisfaction = None;
                }
                Effect::SetLevel(l) => f.level = *l,
                Effect::SetDue(d) => f.due = Some(*d),
                Effect::DuplicateOf(r) => f.duplicate_of = Some(*r),
                Effect::Topic(t) => f.topic_id = Some(*t),
                Effect::Close => {}
                Effect::Urge => f.urges += 1,
            }
        }
        f
    }
}

/// A field change the store must write along with the new status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// assignee_id and assigned_at (the cadre's clock starts).
    Assign(i64),
    /// resolution, solved, resolved_at.
    Resolve {
        resolution: String,
        solved: bool,
    },
    /// The callback's answers: `solved` replaces the resolver's claim (the
    /// resident has the last word); the callbacks row holds the rest.
    Callback {
        solved: bool,
        satisfaction: Satisfaction,
    },
    /// Reopened: resolution, solved, resolved_at and satisfaction are cleared
    /// (the events and callbacks keep the history).
    ClearResolution,
    SetLevel(Level),
    SetDue(NaiveDate),
    DuplicateOf(i64),
    Topic(i64),
    /// closed_at.
    Close,
    /// urge_count + 1.
    Urge,
}

/// One recorded status step (a request_events row). `from == to` for
/// commands that are not state changes (extend, urge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub action: CommandKind,
    pub from: Status,
    pub to: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub steps: Vec<Step>,
    pub effects: Vec<Effect>,
}

impl Outcome {
    /// The status after all steps.
    pub fn to(&self) -> Status {
        self.steps.last().map(|s| s.to).unwrap_or(Status::Received)
    }
}

/// Which required text was empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Resolution,
    Reason,
}

/// Why a command was refused; the UI turns each into a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalReason {
    /// The command does not apply to a request in this status.
    NotAllowedFrom(Status),
    /// A required text (resolution, reason) was empty.
    EmptyText(TextField),
    /// Only these roles may do it (what the key line says of a greyed-out
    /// command; the store's refusal is `AccountError::NotPermitted`).
    NeedsRole(Vec<Role>),
    /// Start needs an assignee first.
    NeedsAssignee,
    /// An extension must move the due date later than `current`.
    DueNotLater { current: NaiveDate },
    /// Escalation goes to county or city, higher than `current`.
    LevelNotHigher { current: Level },
    /// A request cannot be a duplicate of itself.
    MergeIntoSelf,
}

/// A refused command: why, and what is allowed from here instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: RefusalReason,
    pub from: Status,
    pub allowed: Vec<CommandKind>,
}

/// Commands offered for a request in its current status to a user with
/// `role` (their data may still be refused, e.g. an empty reason): the
/// rules' [`commands`] less what the role's permissions leave out.
pub fn allowed_commands(facts: &RequestFacts, role: Role) -> Vec<CommandKind> {
    let mut out = commands(facts);
    out.retain(|k| may(role, k.permission()));
    out
}

/// Commands the rules allow from the request's current status, whoever
/// gives them.
pub fn commands(facts: &RequestFacts) -> Vec<CommandKind> {
    use CommandKind as K;
    let mut out = match facts.status {
        Status::Received => vec![K::Assign, K::Reject, K::SolveOnSpot, K::Escalate],
        Status::Assigned => vec![K::Assign, K::Start, K::Resolve, K::Escalate],
        Status::InProgress => vec![K::Assign, K::Resolve, K::Escalate],
        Status::Escalated => {
            let mut v = vec![K::Assign];
            if facts.assignee.is_some() {
                v.push(K::Start);
            }
            v.push(K::Resolve);
            if facts.level < Level::City {
                v.push(K::Escalate);
            }
            v
        }
        Status::Resolved => vec![K::RecordCallback, K::Reopen],
        Status::Callback => vec![K::Close, K::Reopen],
        Status::Closed | Status::Rejected | Status::Merged => vec![],
    };
    if facts.status.is_open() {
        out.extend([K::Extend, K::MergeDuplicate, K::MergeTopic, K::Urge]);
    }
    out
}

/// Steps no user takes on the request itself: the store takes them when
/// something else happens. Merged into a topic (not as a duplicate), a
/// request waits for the topic's decision to be carried out. (A request
/// reopened after a decision keeps its topic_id; merged later as a
/// duplicate, it follows that request instead.)
fn system_commands(facts: &RequestFacts) -> Vec<CommandKind> {
    if facts.status == Status::Merged && facts.topic_id.is_some() && facts.duplicate_of.is_none() {
        vec![CommandKind::CarryOutDecision]
    } else {
        vec![]
    }
}

/// Checks `command` against the rules and returns what happens. Whether
/// the user may give it at all is the store's check (module docs).
pub fn apply(facts: &RequestFacts, command: &Command) -> Result<Outcome, Refusal> {
    let from = facts.status;
    let refuse = |reason| Refusal {
        reason,
        from,
        allowed: commands(facts),
    };
    let kind = command.kind();
    let mut offered = commands(facts);
    offered.extend(system_commands(facts));
    if !offered.contains(&kind) {
        // Say the most specific thing: the missing assignee, or the status.
        let reason = if kind == CommandKind::Start && from == Status::Escalated {
            RefusalReason::NeedsAssignee
        } else if kind == CommandKind::Escalate && from == Status::Escalated {
            RefusalReason::LevelNotHigher { current: facts.level }
        } else {
            RefusalReason::NotAllowedFrom(from)
        };
        return Err(refuse(reason));
    }
    let require = |text: &str, field| {
        if text.trim().is_empty() {
            Err(refuse(RefusalReason::EmptyText(field)))
        } else {
            Ok(())
        }
    };
    let step = |to| Step { action: kind, from, to };
    let one = |to, effects| {
        Ok(Outcome {
            steps: vec![step(to)],
            effects,
        })
    };
    match command {
        Command::Assign { cadre_id } => one(Status::Assigned, vec![Effect::Assign(*cadre_id)]),
        Command::Start => one(Status::InProgress, vec![]),
        Command::Resolve { resolution, solved } => {
            require(resolution, TextField::Resolution)?;
            let effect = Effect::Resolve {
                resolution: resolution.trim().to_string(),
                solved: *solved,
            };
            one(Status::Resolved, vec![effect])
        }
        Command::SolveOnSpot { resolution } => {
            require(resolution, TextField::Resolution)?;
            let effect = Effect::Resolve {
                resolution: resolution.trim().to_string(),
                solved: true,
            };
            one(Status::Resolved, vec![effect])
        }
        Command::RecordCallback {
            solved, satisfaction, ..
        } => {
            let mut outcome = Outcome {
                steps: vec![step(Status::Callback)],
                effects: vec![Effect::Callback {
                    solved: *solved,
                    satisfaction: *satisfaction,
                }],
            };
            if !*solved || *satisfaction == Satisfaction::Unsatisfied {
                let to = reopen_target(facts);
                outcome.steps.push(Step {
                    action: CommandKind::Reopen,
                    from: Status::Callback,
                    to,
                });
                outcome.effects.push(Effect::ClearResolution);
            }
            Ok(outcome)
        }
        Command::Close => one(Status::Closed, vec![Effect::Close]),
        Command::Reject { reason } => {
            require(reason, TextField::Reason)?;
            one(Status::Rejected, vec![])
        }
        Command::Escalate { level, .. } => {
            if *level <= facts.level || *level == Level::Township {
                return Err(refuse(RefusalReason::LevelNotHigher { current: facts.level }));
            }
            one(Status::Escalated, vec![Effect::SetLevel(*level)])
        }
        Command::Extend { new_due, reason } => {
            require(reason, TextField::Reason)?;
            if let Some(current) = facts.due.filter(|d| new_due <= d) {
                return Err(refuse(RefusalReason::DueNotLater { current }));
            }
            one(from, vec![Effect::SetDue(*new_due)])
        }
        Command::MergeDuplicate { into } => {
            if *into == facts.id {
                return Err(refuse(RefusalReason::MergeIntoSelf));
            }
            one(Status::Merged, vec![Effect::DuplicateOf(*into)])
        }
        Command::MergeTopic { topic_id } => one(Status::Merged, vec![Effect::Topic(*topic_id)]),
        Command::Reopen { reason } => {
            require(reason, TextField::Reason)?;
            one(reopen_target(facts), vec![Effect::ClearResolution])
        }
        Command::Urge { .. } => one(from, vec![Effect::Urge]),
        Command::CarryOutDecision { decision, .. } => {
            require(decision, TextField::Resolution)?;
            let effect = Effect::Resolve {
                resolution: decision.trim().to_string(),
                solved: true,
            };
            one(Status::Resolved, vec![effect])
        }
    }
}

/// Back to the cadre who had it, or to triage when nobody was assigned.
fn reopen_target(facts: &RequestFacts) -> Status {
    if facts.assignee.is_some() {
        Status::Assigned
    } else {
        Status::Received
    }
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
