//! Value types of a request (诉求). Each enum maps 1:1 to the DB codes in
//! `001_init.sql`; the UI translates codes, the domain never holds UI text.

use serde::{Deserialize, Serialize};

/// Defines a code-backed enum with `code()`, `parse()` and `ALL`.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($var:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$var => $code),+ }
            }

            /// Parses a database code; `None` for anything unknown.
            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$var),)+ _ => None }
            }
        }
    };
}

coded!(
    /// Request state (受理/派遣/办理/办结/回访/结案/不予受理/上报/合并).
    Status {
        Received = "received",
        Assigned = "assigned",
        InProgress = "in_progress",
        Resolved = "resolved",
        Callback = "callback",
        Closed = "closed",
        Rejected = "rejected",
        Escalated = "escalated",
        Merged = "merged",
    }
);

impl Status {
    /// Still being handled: counts for deadlines, urges and "similar open requests".
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Received | Status::Assigned | Status::InProgress | Status::Escalated
        )
    }

    /// No command changes it any more.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Rejected | Status::Merged)
    }
}

coded!(
    /// 渠道: where the request came in.
    Channel {
        Visit = "visit",
        Hotline = "hotline",
        WechatGroup = "wechat_group",
        Online = "online",
        WalkIn = "walk_in",
        Letter = "letter",
    }
);

coded!(
    /// Request type (咨询/求助/投诉/建议); decides the deadline with `Priority`.
    RequestKind {
        Consultation = "consultation",
        Help = "help",
        Complaint = "complaint",
        Suggestion = "suggestion",
    }
);

coded!(
    /// Urgency; an urgent request is due the same working day.
    Priority { Normal = "normal", Urgent = "urgent" }
);

coded!(
    /// Level that must handle a request (乡镇/县/市); ordered low to high.
    Level { Township = "township", County = "county", City = "city" }
);

coded!(
    /// 个体 / 群体.
    Scope { Individual = "individual", Collective = "collective" }
);

coded!(
    /// 易/中/难.
    Difficulty { Easy = "easy", Medium = "medium", Hard = "hard" }
);

coded!(
    /// Callback answer: 满意 / 基本满意 / 不满意.
    Satisfaction { Satisfied = "satisfied", Basically = "basically", Unsatisfied = "unsatisfied" }
);

coded!(
    /// How a callback was made.
    CallbackMethod { Phone = "phone", Visit = "visit", Sms = "sms" }
);

coded!(
    /// User roles (`users.role`); extensions need `Leader` or `Admin`.
    Role { Admin = "admin", Leader = "leader", Clerk = "clerk", Cadre = "cadre" }
);

/// The `sla_rules.kind` row that gives the deadline of a request.
pub fn sla_kind(kind: RequestKind, priority: Priority) -> &'static str {
    match priority {
        Priority::Urgent => "urgent",
        Priority::Normal => kind.code(),
    }
}

/// Working days a deadline rule may be set to (README "Holiday calendar and
/// deadlines"): an urgent request is handled within the week, anything else
/// within about three months of working days. Wider values are typos
/// (`urgent 99999`).
pub fn sla_day_range(sla_kind: &str) -> std::ops::RangeInclusive<u32> {
    if sla_kind == "urgent" { 0..=5 } else { 0..=60 }
}

/// Where a request stands against its due date, for the triage table's
/// "今天 / 2天后 / 逾期3天" column and highlighting (calendar days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    /// Not open any more (resolved, closed, ...) or no due date: nothing to chase.
    NotApplicable,
    Overdue {
        days: i64,
    },
    Today,
    /// Due within a day: highlight like overdue's milder cousin.
    Tomorrow,
    Upcoming {
        days: i64,
    },
}

pub fn due_state(status: Status, due: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> DueState {
    let Some(due) = due.filter(|_| status.is_open()) else {
        return DueState::NotApplicable;
    };
    match (due - today).num_days() {
        d if d < 0 => DueState::Overdue { days: -d },
        0 => DueState::Today,
        1 => DueState::Tomorrow,
        d => DueState::Upcoming { days: d },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn due_states() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        assert_eq!(
            due_state(Status::Assigned, Some(day(5)), day(8)),
            DueState::Overdue { days: 3 }
        );
        assert_eq!(due_state(Status::Assigned, Some(day(8)), day(8)), DueState::Today);
        assert_eq!(due_state(Status::Received, Some(day(9)), day(8)), DueState::Tomorrow);
        assert_eq!(
            due_state(Status::Escalated, Some(day(10)), day(8)),
            DueState::Upcoming { days: 2 }
        );
        assert_eq!(
            due_state(Status::Resolved, Some(day(5)), day(8)),
            DueState::NotApplicable
        );
        assert_eq!(due_state(Status::Assigned, None, day(8)), DueState::NotApplicable);
    }

    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(*s));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(*c));
        }
        assert_eq!(Status::parse("nonsense"), None);
        assert!(Level::City > Level::County && Level::County > Level::Township);
    }

    #[test]
    fn urgent_uses_the_urgent_rule() {
        assert_eq!(sla_kind(RequestKind::Help, Priority::Urgent), "urgent");
        assert_eq!(sla_kind(RequestKind::Consultation, Priority::Normal), "consultation");
    }
}
