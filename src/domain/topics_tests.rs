use super::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// (id, category, title, household, village, grid, (row, col), received day)
#[allow(clippy::type_complexity)]
const FIXTURE: &[(i64, i64, &str, i64, i64, i64, (i64, i64), u32)] = &[
    // Street lights, village 1, grid 1 and neighbouring grid 2 (village 2).
    (1, 1, "村口路灯坏了，晚上出行不安全", 10, 1, 1, (0, 0), 2),
    (2, 1, "村口的路灯不亮，晚上走路很危险", 11, 1, 1, (0, 0), 5),
    (3, 1, "路灯坏了好几盏，晚上出行看不清", 20, 2, 2, (0, 1), 9),
    // Same text but a far-away grid in another village: not linked.
    (4, 1, "村口路灯坏了，晚上出行不安全", 30, 3, 3, (5, 5), 9),
    // Water outage, same village, other category: a group of its own.
    (5, 2, "自来水停水三天了，生活用水困难", 12, 1, 1, (0, 0), 3),
    (6, 2, "停水好几天，家里没有自来水用", 13, 1, 1, (0, 0), 4),
    // Similar text to the lights but another category: not linked.
    (7, 3, "村口路灯坏了，晚上出行不安全", 14, 1, 1, (0, 0), 6),
    // Same category as the lights, unrelated text.
    (8, 1, "公交站台的顶棚被风吹坏", 15, 1, 1, (0, 0), 7),
];

fn members() -> Vec<Member> {
    FIXTURE
        .iter()
        .map(|&(id, cat, title, hh, village, grid, pos, d)| Member {
            id,
            category_id: Some(cat),
            title: title.to_string(),
            content: String::new(),
            household_id: Some(hh),
            person_id: Some(hh * 10),
            village_id: Some(village),
            grid_id: Some(grid),
            grid_pos: Some(pos),
            received: day(d),
            status: Status::Assigned,
            due: Some(day(d + 10)),
            level: Level::Township,
            difficulty: Difficulty::Medium,
            unsatisfied: 0,
        })
        .collect()
}

#[test]
fn groups_similar_nearby_requests_of_one_category() {
    let found = suggest(&members(), GroupParams::default(), day(26));
    let groups: Vec<Vec<i64>> = found.iter().map(|s| s.request_ids.clone()).collect();
    assert_eq!(groups, vec![vec![1, 2, 3], vec![5, 6]], "{found:#?}");
    assert_eq!(found[0].category_id, Some(1));
    assert_eq!(found[0].samples.len(), 3);
    assert!(found[0].title.contains("路灯"));
}

#[test]
fn far_grids_other_categories_and_unrelated_texts_stay_apart() {
    let found = suggest(&members(), GroupParams::default(), day(26));
    for lonely in [4, 7, 8] {
        assert!(
            found.iter().all(|s| !s.request_ids.contains(&lonely)),
            "{lonely} grouped: {found:#?}"
        );
    }
    // Neighbouring grids link even across villages.
    let mut m = members();
    m[3].grid_pos = Some((1, 1));
    let found = suggest(&m, GroupParams::default(), day(26));
    assert_eq!(found[0].request_ids, vec![1, 2, 3, 4]);
}

#[test]
fn min_requests_filters_small_groups() {
    let params = GroupParams {
        min_requests: 3,
        ..GroupParams::default()
    };
    let found = suggest(&members(), params, day(26));
    assert_eq!(found.len(), 1);
}

#[test]
fn evidence_figures() {
    let mut m = members();
    m[1].person_id = m[0].person_id; // the same resident asked twice
    m[1].household_id = m[0].household_id;
    m[2].unsatisfied = 2;
    m[2].status = Status::Merged;
    m[0].status = Status::Resolved; // answered: not overdue any more
    let refs: Vec<&Member> = m[..3].iter().collect();
    let e = Evidence::of(&refs, day(16));
    assert_eq!(
        e,
        Evidence {
            requests: 3,
            households: 2,
            villages: 2,
            overdue: 1, // #2 due 11-15; #3 due 11-19 not yet
            repeat_requesters: 1,
            unsatisfied: 2,
            earliest: Some(day(2)),
            latest: Some(day(9)),
        }
    );
    assert_eq!(e.span_days(), 7);
}

#[test]
fn level_suggestion() {
    let mut m = members();
    let refs: Vec<&Member> = m[..3].iter().collect();
    let e = Evidence::of(&refs, day(26));
    assert_eq!(suggest_level(&refs, &e), (Level::Township, LevelReason::TownshipCan));
    // Hard, across three villages: county.
    for x in &mut m[..4] {
        x.difficulty = Difficulty::Hard;
    }
    let refs: Vec<&Member> = m[..4].iter().collect();
    let e = Evidence::of(&refs, day(26));
    assert_eq!(suggest_level(&refs, &e), (Level::County, LevelReason::ManyVillagesHard));
    // A request already at city level wins.
    m[0].level = Level::City;
    let refs: Vec<&Member> = m[..2].iter().collect();
    let e = Evidence::of(&refs, day(26));
    assert_eq!(
        suggest_level(&refs, &e),
        (Level::City, LevelReason::RequestLevel(Level::City))
    );
    // Hard, 20 households in one village: county.
    let many: Vec<Member> = (0..20)
        .map(|i| Member {
            id: 100 + i,
            household_id: Some(100 + i),
            difficulty: Difficulty::Hard,
            ..members()[0].clone()
        })
        .collect();
    let refs: Vec<&Member> = many.iter().collect();
    let e = Evidence::of(&refs, day(26));
    assert_eq!(suggest_level(&refs, &e).1, LevelReason::ManyHouseholdsHard);
}

#[test]
fn ranking_order_and_explanation() {
    let base = Evidence {
        requests: 3,
        households: 3,
        villages: 1,
        earliest: Some(day(1)),
        latest: Some(day(1)),
        ..Evidence::default()
    };
    let unhappy = Evidence {
        unsatisfied: 2,
        ..base.clone()
    };
    let wide = Evidence {
        villages: 3,
        ..base.clone()
    };
    let fresh = Evidence {
        latest: Some(day(26)),
        ..base.clone()
    };
    let ranked = rank(
        &[("base", base), ("wide", wide), ("unhappy", unhappy), ("fresh", fresh)],
        day(26),
    );
    let order: Vec<&str> = ranked.iter().map(|r| r.key).collect();
    assert_eq!(order, vec!["unhappy", "wide", "fresh", "base"]);
    assert_eq!(ranked[0].factors[0], RankFactor::Unsatisfied(2));
    assert_eq!(ranked[1].factors[0], RankFactor::Villages(3));
    assert!(ranked[2].factors.contains(&RankFactor::Recent(0)));
    assert_eq!(ranked[3].score, 3 * 2 + 3 * 3 + 4);
}

#[test]
fn dismissed_suggestions_come_back_only_with_new_requests() {
    let dismissed = vec![vec![1, 2, 3]];
    assert!(is_dismissed(&[1, 2, 3], &dismissed));
    assert!(is_dismissed(&[1, 3], &dismissed));
    assert!(!is_dismissed(&[1, 2, 3, 9], &dismissed));
}

/// A cadre account sees the part of a suggestion from its own grid: the
/// lights group of grids 1 and 2 narrowed to grid 2 has one request, its
/// figures and its text only.
#[test]
fn a_suggestion_narrowed_to_some_of_its_requests() {
    let ms = members();
    let lights = suggest(&ms, GroupParams::default(), day(26))
        .into_iter()
        .find(|s| s.request_ids == vec![1, 2, 3])
        .unwrap();
    let grid2: Vec<&Member> = ms.iter().filter(|m| m.grid_id == Some(2)).collect();
    let part = narrowed(&lights, &grid2, day(26)).unwrap();
    assert_eq!(part.request_ids, vec![3]);
    assert_eq!(part.evidence.requests, 1);
    assert_eq!(part.evidence.households, 1);
    assert_eq!(part.title, "路灯坏了好几盏，晚上出行看不清");
    assert_eq!(part.samples, vec![ms[2].text()]);
    // Grid 1's part keeps the suggestion's order of central requests.
    let grid1: Vec<&Member> = ms.iter().filter(|m| m.grid_id == Some(1)).collect();
    let part = narrowed(&lights, &grid1, day(26)).unwrap();
    assert_eq!(part.request_ids, vec![1, 2]);
    let kept: Vec<String> = lights.samples.iter().filter(|t| **t != ms[2].text()).cloned().collect();
    assert_eq!(part.samples, kept);
    assert_eq!(part.title, ms.iter().find(|m| m.text() == kept[0]).unwrap().title);
    assert_eq!(part.evidence.villages, 1);
    // Nothing of it in grid 3.
    let grid3: Vec<&Member> = ms.iter().filter(|m| m.grid_id == Some(3)).collect();
    assert_eq!(narrowed(&lights, &grid3, day(26)), None);
}
