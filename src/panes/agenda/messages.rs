//! Sentences of the agenda pane built from domain values: the ranking
//! explanation, the level reason, and errors of agenda writes.

use crate::domain::topics::{LevelReason, RankFactor};
use crate::text::i18n::{Texts, fill, label};

/// One line: the factors that ranked a topic, largest first.
pub fn rank_line(t: &Texts, factors: &[RankFactor]) -> String {
    let a = &t.agenda.ui;
    let parts: Vec<String> = factors
        .iter()
        .map(|f| match *f {
            RankFactor::Unsatisfied(n) => fill(&a.r_unsatisfied, &[("n", &n)]),
            RankFactor::Overdue(n) => fill(&a.r_overdue, &[("n", &n)]),
            RankFactor::Villages(n) => fill(&a.r_villages, &[("n", &n)]),
            RankFactor::Households(n) => fill(&a.r_households, &[("n", &n)]),
            RankFactor::Repeat(n) => fill(&a.r_repeat, &[("n", &n)]),
            RankFactor::Requests(n) => fill(&a.r_requests, &[("n", &n)]),
            RankFactor::Recent(0) => t.clerkflow.recent_today.clone(),
            RankFactor::Recent(n) => fill(&a.r_recent, &[("n", &n)]),
        })
        .collect();
    if parts.is_empty() {
        a.r_none.clone()
    } else {
        parts.join(&t.clerkflow.list_sep)
    }
}

pub fn level_reason(t: &Texts, r: LevelReason) -> String {
    let a = &t.agenda.ui;
    match r {
        LevelReason::RequestLevel(l) => fill(&a.lr_request_level, &[("level", &label(&t.level, l.code()))]),
        LevelReason::ManyVillagesHard => a.lr_villages.clone(),
        LevelReason::ManyHouseholdsHard => a.lr_households.clone(),
        LevelReason::TownshipCan => a.lr_township.clone(),
    }
}
