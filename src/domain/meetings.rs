//! Meetings, agendas and decisions: the rules, pure. Agenda time against
//! the meeting length, reordering, presenter rotation (班子成员轮流), the
//! representative warning of deliberation meetings, and the state of a
//! decision (overdue, "no progress for 30 days").

use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Days without a progress note after which an open decision is flagged.
pub const STALE_DAYS: i64 = 30;

/// Total agenda time against the meeting length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeCheck {
    pub total: i64,
    pub length: i64,
}

impl TimeCheck {
    pub fn new(minutes: impl IntoIterator<Item = i64>, length: i64) -> TimeCheck {
        TimeCheck {
            total: minutes.into_iter().sum(),
            length,
        }
    }

    /// Minutes over the meeting length (0 when it fits).
    pub fn over(&self) -> i64 {
        (self.total - self.length).max(0)
    }

    pub fn left(&self) -> i64 {
        (self.length - self.total).max(0)
    }
}

/// Minutes allotted to one item: 5 to 240, in steps the clerk types.
pub const MIN_ITEM_MINUTES: i64 = 5;
pub const MAX_ITEM_MINUTES: i64 = 240;

/// Adds `delta` minutes, kept within the allowed range.
pub fn adjust_minutes(current: i64, delta: i64) -> i64 {
    (current + delta).clamp(MIN_ITEM_MINUTES, MAX_ITEM_MINUTES)
}

/// Moving the item at `index` by `delta` places: the new order of `ids`,
/// or `None` when it would leave the list (or nothing moves).
pub fn reorder(ids: &[i64], index: usize, delta: isize) -> Option<Vec<i64>> {
    let target = index as isize + delta;
    if index >= ids.len() || target < 0 || target as usize >= ids.len() || delta == 0 {
        return None;
    }
    let mut out = ids.to_vec();
    let id = out.remove(index);
    out.insert(target as usize, id);
    Some(out)
}

/// The next presenter of an analysis meeting: among the leadership members
/// (`leaders`, in their standing order), the one who has not presented for
/// the longest time; someone who never presented goes first.
/// `history` lists the presenters of past analysis meetings, oldest first.
pub fn next_presenter(leaders: &[i64], history: &[i64]) -> Option<i64> {
    leaders.iter().copied().min_by_key(|leader| {
        // Larger index = more recent; never presented = -1 (goes first).
        let last = history.iter().rposition(|p| p == leader).map_or(-1, |i| i as i64);
        (last, leaders.iter().position(|l| l == leader))
    })
}

/// What a topic on the agenda touches: its households and villages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affected {
    pub topic_id: i64,
    pub households: BTreeSet<i64>,
    pub villages: BTreeSet<i64>,
}

/// A resident representative's household and village.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Representative {
    pub household_id: i64,
    pub village_id: i64,
}

/// Topics on the agenda with no representative from an affected household
/// or village (deliberation meetings warn about these).
pub fn unrepresented(topics: &[Affected], reps: &[Representative]) -> Vec<i64> {
    topics
        .iter()
        .filter(|t| {
            !reps
                .iter()
                .any(|r| t.households.contains(&r.household_id) || t.villages.contains(&r.village_id))
        })
        .map(|t| t.topic_id)
        .collect()
}

/// 决议 status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionStatus {
    Planned,
    InProgress,
    Done,
    Abandoned,
}

impl DecisionStatus {
    pub fn code(self) -> &'static str {
        match self {
            DecisionStatus::Planned => "planned",
            DecisionStatus::InProgress => "in_progress",
            DecisionStatus::Done => "done",
            DecisionStatus::Abandoned => "abandoned",
        }
    }

    pub fn parse(code: &str) -> Option<DecisionStatus> {
        [
            DecisionStatus::Planned,
            DecisionStatus::InProgress,
            DecisionStatus::Done,
            DecisionStatus::Abandoned,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        matches!(self, DecisionStatus::Planned | DecisionStatus::InProgress)
    }
}

/// Why a decision change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionRefusal {
    /// Progress is a percentage 0 to 100.
    ProgressOutOfRange(i64),
    /// Done or abandoned decisions are not changed any more.
    NotOpen(DecisionStatus),
    /// A score is 0 to 100.
    ScoreOutOfRange(i64),
    /// Abandoning needs a reason; a decision needs a text.
    EmptyText,
}

/// The status a progress note leads to: 0 keeps "planned", anything else is
/// "in progress" (done is its own step, so the owner confirms it).
pub fn progress_step(status: DecisionStatus, progress: i64) -> Result<DecisionStatus, DecisionRefusal> {
    if !status.is_open() {
        return Err(DecisionRefusal::NotOpen(status));
    }
    if !(0..=100).contains(&progress) {
        return Err(DecisionRefusal::ProgressOutOfRange(progress));
    }
    Ok(if progress == 0 && status == DecisionStatus::Planned {
        DecisionStatus::Planned
    } else {
        DecisionStatus::InProgress
    })
}

pub fn check_score(score: i64) -> Result<(), DecisionRefusal> {
    if (0..=100).contains(&score) {
        Ok(())
    } else {
        Err(DecisionRefusal::ScoreOutOfRange(score))
    }
}

/// What the decisions board flags about one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecisionFlags {
    /// Open and past its deadline by this many days.
    pub overdue_days: Option<i64>,
    /// Days since the last progress note (or since it was recorded).
    pub age_days: i64,
    /// Open and no progress for [`STALE_DAYS`] days.
    pub stale: bool,
}

pub fn flags(
    status: DecisionStatus,
    deadline: Option<NaiveDate>,
    last_update: NaiveDate,
    today: NaiveDate,
) -> DecisionFlags {
    let open = status.is_open();
    let age_days = (today - last_update).num_days().max(0);
    DecisionFlags {
        overdue_days: deadline.filter(|d| open && *d < today).map(|d| (today - d).num_days()),
        age_days,
        stale: open && age_days >= STALE_DAYS,
    }
}

/// Board order: overdue first (most overdue first), then by deadline
/// (none last), then by id. Takes (id, deadline, flags).
pub fn board_order(rows: &mut [(i64, Option<NaiveDate>, DecisionFlags)]) {
    rows.sort_by(|a, b| {
        let od = |r: &(i64, Option<NaiveDate>, DecisionFlags)| std::cmp::Reverse(r.2.overdue_days.unwrap_or(-1));
        od(a)
            .cmp(&od(b))
            .then_with(|| match (a.1, b.1) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.0.cmp(&b.0))
    });
}

/// A narrow ASCII progress bar: `[#####.....] 50%` with `width` cells.
pub fn progress_bar(progress: i64, width: usize) -> String {
    let p = progress.clamp(0, 100) as usize;
    let filled = (p * width + 50) / 100;
    format!("[{}{}] {p:>3}%", "#".repeat(filled), ".".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn agenda_time_against_meeting_length() {
        let t = TimeCheck::new([15, 20, 30], 90);
        assert_eq!((t.total, t.over(), t.left()), (65, 0, 25));
        let t = TimeCheck::new([60, 45], 90);
        assert_eq!((t.over(), t.left()), (15, 0));
        assert_eq!(adjust_minutes(15, 5), 20);
        assert_eq!(adjust_minutes(5, -5), MIN_ITEM_MINUTES);
        assert_eq!(adjust_minutes(240, 5), MAX_ITEM_MINUTES);
    }

    #[test]
    fn reorder_moves_within_bounds() {
        assert_eq!(reorder(&[1, 2, 3], 0, 1), Some(vec![2, 1, 3]));
        assert_eq!(reorder(&[1, 2, 3], 2, -2), Some(vec![3, 1, 2]));
        assert_eq!(reorder(&[1, 2, 3], 0, -1), None);
        assert_eq!(reorder(&[1, 2, 3], 2, 1), None);
        assert_eq!(reorder(&[], 0, 1), None);
    }

    #[test]
    fn presenter_rotation() {
        let leaders = [1, 2, 3];
        assert_eq!(next_presenter(&leaders, &[]), Some(1));
        assert_eq!(next_presenter(&leaders, &[1]), Some(2));
        assert_eq!(next_presenter(&leaders, &[1, 2]), Some(3));
        assert_eq!(next_presenter(&leaders, &[1, 2, 3]), Some(1));
        // Someone presented twice in a row (an override): the one waiting longest is next.
        assert_eq!(next_presenter(&leaders, &[2, 3, 1, 1]), Some(2));
        // Presenters who are no longer leaders do not count.
        assert_eq!(next_presenter(&leaders, &[9, 1, 2]), Some(3));
        assert_eq!(next_presenter(&[], &[1]), None);
    }

    #[test]
    fn representative_warning() {
        let topics = [
            Affected {
                topic_id: 1,
                households: [10, 11].into(),
                villages: [1].into(),
            },
            Affected {
                topic_id: 2,
                households: [20].into(),
                villages: [2].into(),
            },
        ];
        assert_eq!(unrepresented(&topics, &[]), vec![1, 2]);
        let from_village_1 = Representative {
            household_id: 99,
            village_id: 1,
        };
        assert_eq!(unrepresented(&topics, &[from_village_1]), vec![2]);
        let from_household_20 = Representative {
            household_id: 20,
            village_id: 7,
        };
        assert!(unrepresented(&topics, &[from_village_1, from_household_20]).is_empty());
    }

    #[test]
    fn decision_progress_rules() {
        use DecisionStatus::*;
        assert_eq!(progress_step(Planned, 0), Ok(Planned));
        assert_eq!(progress_step(Planned, 30), Ok(InProgress));
        assert_eq!(progress_step(InProgress, 100), Ok(InProgress));
        assert_eq!(
            progress_step(Planned, 120),
            Err(DecisionRefusal::ProgressOutOfRange(120))
        );
        assert_eq!(progress_step(Done, 50), Err(DecisionRefusal::NotOpen(Done)));
        assert_eq!(check_score(101), Err(DecisionRefusal::ScoreOutOfRange(101)));
        assert_eq!(DecisionStatus::parse("in_progress"), Some(InProgress));
    }

    #[test]
    fn overdue_and_stale_flags() {
        use DecisionStatus::*;
        let today = day(11, 26);
        let f = flags(InProgress, Some(day(11, 20)), day(10, 1), today);
        assert_eq!(f.overdue_days, Some(6));
        assert!(f.stale);
        assert_eq!(f.age_days, 56);
        let f = flags(InProgress, Some(day(12, 31)), day(11, 10), today);
        assert_eq!((f.overdue_days, f.stale), (None, false));
        // Done decisions are never flagged.
        let f = flags(Done, Some(day(1, 1)), day(1, 1), today);
        assert_eq!((f.overdue_days, f.stale), (None, false));
        let f = flags(Planned, None, day(10, 27), today);
        assert!(f.stale, "exactly 30 days");
    }

    #[test]
    fn board_puts_overdue_first() {
        let today = day(11, 26);
        let mk =
            |id, deadline: Option<NaiveDate>| (id, deadline, flags(DecisionStatus::InProgress, deadline, today, today));
        let mut rows = vec![
            mk(1, None),
            mk(2, Some(day(12, 10))),
            mk(3, Some(day(11, 25))),
            mk(4, Some(day(11, 1))),
            mk(5, Some(day(12, 1))),
        ];
        board_order(&mut rows);
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(ids, vec![4, 3, 5, 2, 1]);
    }

    #[test]
    fn ascii_progress_bar() {
        assert_eq!(progress_bar(50, 10), "[#####.....]  50%");
        assert_eq!(progress_bar(0, 10), "[..........]   0%");
        assert_eq!(progress_bar(100, 4), "[####] 100%");
        assert_eq!(progress_bar(130, 4), "[####] 100%");
    }
}
