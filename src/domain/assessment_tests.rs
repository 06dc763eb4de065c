use super::*;
use crate::domain::calendar::Calendar;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn nobody_reached_has_no_rate_not_zero() {
    let calls = [Call::NOT_REACHED, Call::NOT_REACHED];
    let r = TwoRates::from_calls(&calls);
    assert_eq!(r.awareness, Rate::new(0, 0));
    assert_eq!(r.awareness.value(), None);
    assert_eq!(r.satisfaction.percent(), None);
    assert_eq!(r.satisfaction.percent_text(), "-");
    assert_eq!(r.satisfaction.display(), "- n=0");
    assert_eq!(TwoRates::from_calls(&[]).awareness.display(), "- n=0");
}

#[test]
fn rates_count_over_reached_calls_only() {
    use Satisfaction::*;
    let calls = [
        Call::reached(true, Satisfied),
        Call::reached(true, Basically),
        Call::reached(false, Unsatisfied),
        Call::reached(true, Unsatisfied),
        Call::NOT_REACHED,
    ];
    let r = TwoRates::from_calls(&calls);
    assert_eq!(r.awareness, Rate::new(3, 4));
    assert_eq!(r.satisfaction, Rate::new(2, 4));
    assert_eq!(r.awareness.display(), "75% n=4");
    assert_eq!(r.satisfaction.percent_text(), "50%");
    // Rounds half up: 2/3 = 66.7 -> 67.
    assert_eq!(Rate::new(2, 3).percent(), Some(67));
    assert_eq!(Rate::new(1, 8).percent(), Some(13));
}

#[test]
fn reached_call_without_answers_counts_in_n() {
    let call = Call {
        reached: true,
        knows_cadre: None,
        satisfaction: None,
    };
    let r = TwoRates::from_calls(&[call]);
    assert_eq!(r.awareness, Rate::new(0, 1));
    assert_eq!(r.awareness.percent_text(), "0%");
}

#[test]
fn quick_keys_cover_reached_and_not_reached() {
    assert_eq!(quick_answer('0'), Some(Call::NOT_REACHED));
    assert_eq!(quick_answer('1'), Some(Call::reached(true, Satisfaction::Satisfied)));
    assert_eq!(quick_answer('6'), Some(Call::reached(false, Satisfaction::Unsatisfied)));
    assert_eq!(quick_answer('7'), None);
}

#[test]
fn weeks_start_on_monday() {
    // 2026-11-26 is a Thursday; its week starts Monday 23rd.
    assert_eq!(week_start(d(2026, 11, 26)), d(2026, 11, 23));
    assert_eq!(week_start(d(2026, 11, 23)), d(2026, 11, 23));
    assert_eq!(week_start(d(2026, 11, 29)), d(2026, 11, 23)); // Sunday
    assert_eq!(week_start(d(2026, 11, 30)), d(2026, 11, 30));
    // ISO week across a year end.
    assert_eq!(week_start(d(2027, 1, 1)), d(2026, 12, 28));
}

#[test]
fn period_ranges() {
    let today = d(2026, 11, 26);
    assert_eq!(Period::Week.range(today), (d(2026, 11, 23), today));
    assert_eq!(Period::Month.range(today), (d(2026, 11, 1), today));
    assert_eq!(Period::Quarter.range(today), (d(2026, 10, 1), today));
    assert_eq!(Period::Year.range(today), (d(2026, 1, 1), today));
    assert_eq!(Period::Quarter.range(d(2026, 3, 31)).0, d(2026, 1, 1));
    assert_eq!(Period::Week.range(d(2027, 1, 1)).0, d(2026, 12, 28));
    assert_eq!(Period::parse("quarter"), Some(Period::Quarter));
    assert_eq!(Period::Year.next(), Period::Week);
}

#[test]
fn weeks_touched_counts_partial_weeks() {
    assert_eq!(weeks_touched(d(2026, 11, 23), d(2026, 11, 26)), 1);
    // November 2026: Sun 1st .. Thu 26th touches 5 ISO weeks.
    assert_eq!(weeks_touched(d(2026, 11, 1), d(2026, 11, 26)), 5);
    assert_eq!(weeks_touched(d(2026, 11, 26), d(2026, 11, 1)), 0);
}

#[test]
fn quota_flags_across_a_week_boundary() {
    // Village visits on Sunday 22nd (last week) and Monday 23rd (this week).
    let days = [d(2026, 11, 22), d(2026, 11, 22), d(2026, 11, 23)];
    let this_week = QuotaCheck::new(&days, d(2026, 11, 23), d(2026, 11, 26), 2);
    assert_eq!(this_week, QuotaCheck { done: 1, required: 2 });
    assert!(this_week.below());
    assert_eq!(this_week.display(), "1/2");
    let last_week = QuotaCheck::new(&days, d(2026, 11, 16), d(2026, 11, 22), 1);
    assert_eq!(last_week.done, 1, "two visits on one day are one village visit");
    assert!(!last_week.below());
    // A second day on Tuesday meets this week's quota.
    let more = [d(2026, 11, 22), d(2026, 11, 23), d(2026, 11, 24)];
    assert!(!QuotaCheck::new(&more, d(2026, 11, 23), d(2026, 11, 26), 2).below());
    // A month that starts on a Sunday: that week belongs to October.
    let nov = QuotaCheck::new(&days, d(2026, 11, 1), d(2026, 11, 26), 2);
    assert_eq!(nov, QuotaCheck { done: 2, required: 8 });
    assert_eq!(QuotaCheck::new(&days, d(2026, 11, 1), d(2026, 11, 1), 2).required, 0);
    assert_eq!(
        weeks_below_quota(&more, d(2026, 11, 16), d(2026, 11, 29), 2),
        vec![d(2026, 11, 16)]
    );
}

#[test]
fn stale_records() {
    let today = d(2026, 11, 26);
    assert!(is_stale(None, today));
    assert!(is_stale(Some(d(2025, 11, 25)), today));
    assert!(!is_stale(Some(d(2025, 11, 26)), today));
    assert!(!is_stale(Some(d(2026, 6, 1)), today));
}

#[test]
fn working_days_to_resolve() {
    let cal = Calendar::new([]);
    // Friday to Monday: one working day.
    assert_eq!(working_days_between(d(2026, 11, 20), d(2026, 11, 23), &cal), 1);
    assert_eq!(working_days_between(d(2026, 11, 23), d(2026, 11, 23), &cal), 0);
    let avg = average_working_days(
        &[(d(2026, 11, 20), d(2026, 11, 23)), (d(2026, 11, 23), d(2026, 11, 26))],
        &cal,
    );
    assert_eq!(avg, Some(2.0));
    assert_eq!(average_working_days(&[], &cal), None);
}

fn cand(id: i64, open: u32, verified: Option<NaiveDate>, tags: &str, visited: bool) -> PlanCandidate {
    PlanCandidate {
        household_id: id,
        open_requests: open,
        verified_at: verified,
        tags: tags.into(),
        visited_this_year: visited,
    }
}

#[test]
fn visit_plan_orders_by_requests_then_staleness_then_vulnerability() {
    let today = d(2026, 11, 26);
    let plan = visit_plan(
        vec![
            cand(1, 0, Some(d(2026, 1, 1)), "", false),
            cand(2, 2, Some(d(2026, 6, 1)), "", false),
            cand(3, 0, None, "", false),
            cand(4, 0, Some(d(2026, 1, 1)), "低保,独居老人", false),
            cand(5, 9, None, "五保", true), // visited: not in the plan
            cand(6, 2, Some(d(2025, 1, 1)), "", false),
            cand(7, 0, Some(d(2026, 1, 1)), "党员户,留守儿童", false),
        ],
        today,
    );
    let ids: Vec<i64> = plan.iter().map(|c| c.household_id).collect();
    assert_eq!(ids, vec![6, 2, 3, 4, 7, 1]);
    assert_eq!(plan[3].vulnerable_tags(), vec!["独居老人", "低保"]);
}

#[test]
fn sample_is_reproducible_by_seed() {
    let grids = vec![(2, (100..160).collect::<Vec<i64>>()), (1, (1..30).collect())];
    let a = draw_sample(&grids, 10, 42);
    let b = draw_sample(&grids, 10, 42);
    assert_eq!(a, b);
    assert_eq!(a[0].0, 1);
    assert_eq!(a[0].1.len(), 10);
    // Input order does not matter.
    let mut reversed: Vec<(i64, Vec<i64>)> = grids
        .iter()
        .rev()
        .map(|(g, h)| (*g, h.iter().rev().copied().collect()))
        .collect();
    reversed.swap(0, 1);
    assert_eq!(draw_sample(&reversed, 10, 42), a);
    assert_ne!(draw_sample(&grids, 10, 43), a);
    // A small grid gives all it has.
    assert_eq!(draw_sample(&[(9, vec![5, 6])], 10, 1)[0].1.len(), 2);
}

#[test]
fn layer_figures_and_levels() {
    let g = GridLayerInput {
        households: 200,
        open_requests: 7,
        overdue_requests: 4,
        not_visited: 90,
        stale: 10,
        satisfaction: Rate::new(17, 20),
    };
    let f = layer_figure(Layer::OpenPer100, &g);
    assert_eq!((f.text.as_str(), f.level), ("3.5", Level::Fair));
    assert_eq!(layer_figure(Layer::Overdue, &g).level, Level::Poor);
    let nv = layer_figure(Layer::NotVisited, &g);
    assert_eq!((nv.text.as_str(), nv.level), ("90 45%", Level::Poor));
    assert_eq!(layer_figure(Layer::Stale, &g).level, Level::Good);
    let s = layer_figure(Layer::Satisfaction, &g);
    assert_eq!((s.text.as_str(), s.level), ("85%", Level::Fair));
    let empty = GridLayerInput::default();
    assert_eq!(layer_figure(Layer::Satisfaction, &empty).text, "-");
    assert_eq!(layer_figure(Layer::Satisfaction, &empty).level, Level::None);
    assert_eq!(layer_figure(Layer::OpenPer100, &empty).text, "-");
}

#[test]
fn ascii_bars_are_narrow() {
    assert_eq!(ascii_bar(Some(0.5), 10), "#####.....");
    assert_eq!(ascii_bar(None, 4), "    ");
    assert_eq!(ascii_bar(Some(1.5), 3), "###");
}

proptest! {
    #[test]
    fn rate_is_never_nan_and_in_range(hits in 0u32..10_000, n in 0u32..10_000) {
        let r = Rate::new(hits, n);
        match r.percent() {
            None => prop_assert_eq!(n, 0),
            Some(p) => prop_assert!(p <= 100),
        }
        prop_assert!(!r.percent_text().contains("NaN"));
    }

    #[test]
    fn two_rates_never_exceed_reached(answers in proptest::collection::vec((any::<bool>(), proptest::option::of(any::<bool>()), 0u8..4), 0..60)) {
        let calls: Vec<Call> = answers
            .iter()
            .map(|(reached, knows, s)| Call {
                reached: *reached,
                knows_cadre: *knows,
                satisfaction: Satisfaction::ALL.get(*s as usize).copied(),
            })
            .collect();
        let r = TwoRates::from_calls(&calls);
        let reached = calls.iter().filter(|c| c.reached).count() as u32;
        prop_assert_eq!(r.awareness.n, reached);
        prop_assert!(r.awareness.hits <= reached && r.satisfaction.hits <= reached);
    }

    #[test]
    fn sample_is_a_subset_without_repeats(n in 0usize..80, per in 0usize..20, seed in any::<u64>()) {
        let homes: Vec<i64> = (0..n as i64).collect();
        let s = draw_sample(&[(1, homes.clone())], per, seed);
        let picked = &s[0].1;
        prop_assert_eq!(picked.len(), per.min(n));
        let mut sorted = picked.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), picked.len());
        prop_assert!(picked.iter().all(|h| homes.contains(h)));
    }

    #[test]
    fn week_start_is_a_monday_within_six_days(days in 0i64..40_000) {
        let day = d(1990, 1, 1) + Duration::days(days);
        let m = week_start(day);
        prop_assert_eq!(m.weekday(), chrono::Weekday::Mon);
        prop_assert!((day - m).num_days() < 7 && m <= day);
    }
}
