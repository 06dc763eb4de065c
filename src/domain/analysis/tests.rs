use super::warnings::{self, WarningKind};
use super::*;
use crate::domain::request::{Difficulty, Level, Status};
use crate::domain::topics::Member;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn row(id: i64, received: NaiveDate, village: &str, grid: &str, category: &str) -> RequestRow {
    RequestRow {
        id,
        received,
        channel: "hotline".into(),
        category: category.into(),
        village: village.into(),
        grid: grid.into(),
        household_id: Some(id),
        resident: "张建华".into(),
        address: String::new(),
        tags: String::new(),
        title: format!("诉求{id}"),
        status: Status::Received,
        collective: false,
        escalated: false,
        assigned: None,
        due: None,
        resolved: None,
        closed: None,
        ended: None,
        first_callback: None,
        topic_id: None,
    }
}

fn resolved(mut r: RequestRow, due: NaiveDate, done: NaiveDate) -> RequestRow {
    r.status = Status::Resolved;
    r.assigned = Some(r.received);
    r.due = Some(due);
    r.resolved = Some(done);
    r.ended = Some(done);
    r
}

fn refs<T>(v: &[T]) -> Vec<&T> {
    v.iter().collect()
}

const MONTH: PeriodKind = PeriodKind::Month;
const BIZ: PeriodKind = PeriodKind::BusinessMonth { start: 21 };

// ------------------------------------------------------------ periods

#[test]
fn business_month_turns_on_the_21st() {
    assert_eq!(
        span_of(BIZ, d(2026, 11, 20)),
        Span::new(d(2026, 10, 21), d(2026, 11, 20))
    );
    assert_eq!(
        span_of(BIZ, d(2026, 11, 21)),
        Span::new(d(2026, 11, 21), d(2026, 12, 20))
    );
    assert_eq!(
        span_of(BIZ, d(2026, 12, 31)),
        Span::new(d(2026, 12, 21), d(2027, 1, 20))
    );
    assert_eq!(
        previous(BIZ, span_of(BIZ, d(2026, 11, 21))),
        span_of(BIZ, d(2026, 11, 20))
    );
    assert_eq!(
        year_ago(BIZ, span_of(BIZ, d(2026, 11, 21))),
        Span::new(d(2025, 11, 21), d(2025, 12, 20))
    );
    // Start day 1 is the calendar month; a start past 28 is clamped.
    let one = PeriodKind::BusinessMonth { start: 1 };
    assert_eq!(span_of(one, d(2026, 2, 14)), span_of(MONTH, d(2026, 2, 14)));
    assert_eq!(
        PeriodKind::parse("business-month", 31),
        Some(PeriodKind::BusinessMonth { start: 28 })
    );
}

#[test]
fn a_request_on_the_20th_and_one_on_the_21st_fall_in_different_business_months() {
    let rows = [
        row(1, d(2026, 11, 20), "清溪村", "一网格", "水电气"),
        row(2, d(2026, 11, 21), "清溪村", "一网格", "水电气"),
    ];
    let cal = Calendar::default();
    let early = figures(&refs(&rows), &[], span_of(BIZ, d(2026, 11, 1)), d(2026, 12, 31), &cal);
    let late = figures(&refs(&rows), &[], span_of(BIZ, d(2026, 12, 1)), d(2026, 12, 31), &cal);
    assert_eq!((early.new, late.new), (1, 1));
}

#[test]
fn leap_year_february_and_its_year_ago() {
    let feb = span_of(MONTH, d(2024, 2, 10));
    assert_eq!(feb, Span::new(d(2024, 2, 1), d(2024, 2, 29)));
    assert_eq!(feb.days(), 29);
    assert_eq!(year_ago(MONTH, feb), Span::new(d(2023, 2, 1), d(2023, 2, 28)));
    assert_eq!(previous(MONTH, span_of(MONTH, d(2024, 3, 5))), feb);
    // A custom range on 29 February: last year's range starts on the 28th.
    let custom = Span::new(d(2024, 2, 29), d(2024, 3, 6));
    assert_eq!(
        year_ago(PeriodKind::Custom, custom),
        Span::new(d(2023, 2, 28), d(2023, 3, 6))
    );
    assert_eq!(
        previous(PeriodKind::Custom, custom),
        Span::new(d(2024, 2, 22), d(2024, 2, 28))
    );
    // A request on 29 February 2024 counts in February.
    let rows = [row(1, d(2024, 2, 29), "清溪村", "一网格", "水电气")];
    let f = figures(&refs(&rows), &[], feb, d(2024, 12, 31), &Calendar::default());
    assert_eq!(f.new, 1);
}

#[test]
fn weeks_quarters_and_twelve_contiguous_periods() {
    assert_eq!(
        span_of(PeriodKind::Week, d(2026, 11, 26)),
        Span::new(d(2026, 11, 23), d(2026, 11, 29))
    );
    assert_eq!(
        span_of(PeriodKind::Quarter, d(2026, 11, 26)),
        Span::new(d(2026, 10, 1), d(2026, 12, 31))
    );
    assert_eq!(
        year_ago(PeriodKind::Week, span_of(PeriodKind::Week, d(2026, 11, 26))),
        Span::new(d(2025, 11, 24), d(2025, 11, 30))
    );
    let spans = last_n(MONTH, span_of(MONTH, d(2026, 11, 26)), 12);
    assert_eq!(spans.len(), 12);
    assert_eq!(spans[0].from, d(2025, 12, 1));
    for w in spans.windows(2) {
        assert_eq!(w[0].to.succ_opt(), Some(w[1].from));
    }
}

// ------------------------------------------------------------ figures

/// November 2026, as of 30 November: five requests in the month, one
/// October request still open and overdue.
fn november() -> (Vec<RequestRow>, Vec<CallbackRow>) {
    let mut open_old = row(1, d(2026, 10, 12), "清溪村", "一网格", "道路交通");
    open_old.due = Some(d(2026, 10, 29));
    open_old.assigned = Some(d(2026, 11, 2));
    let on_time = resolved(
        row(2, d(2026, 11, 2), "清溪村", "一网格", "水电气"),
        d(2026, 11, 19),
        d(2026, 11, 6),
    );
    let late = resolved(
        row(3, d(2026, 11, 3), "石桥村", "石桥网格", "水电气"),
        d(2026, 11, 6),
        d(2026, 11, 10),
    );
    let mut escalated = row(4, d(2026, 11, 16), "石桥村", "石桥网格", "土地山林");
    escalated.escalated = true;
    escalated.status = Status::Escalated;
    let mut merged = row(5, d(2026, 11, 20), "清溪村", "一网格", "水电气");
    merged.status = Status::Merged;
    merged.ended = Some(d(2026, 11, 22));
    let fresh = row(6, d(2026, 11, 30), "清溪村", "一网格", "水电气");
    let callbacks = vec![
        CallbackRow {
            request_id: 2,
            day: d(2026, 11, 9),
            reached: true,
            satisfaction: Some(Satisfaction::Basically),
            comment: String::new(),
        },
        CallbackRow {
            request_id: 3,
            day: d(2026, 11, 12),
            reached: true,
            satisfaction: Some(Satisfaction::Unsatisfied),
            comment: "拖了好几天".into(),
        },
        CallbackRow {
            request_id: 3,
            day: d(2026, 11, 13),
            reached: false,
            satisfaction: None,
            comment: String::new(),
        },
    ];
    let mut rows = vec![open_old, on_time, late, escalated, merged, fresh];
    rows[1].first_callback = Some(d(2026, 11, 9));
    rows[2].first_callback = None; // the callbacks above were not counted as done: it waits
    (rows, callbacks)
}

#[test]
fn intake_and_handling_figures_of_a_month() {
    let (rows, calls) = november();
    let cal = Calendar::default();
    let f = figures(
        &refs(&rows),
        &refs(&calls),
        span_of(MONTH, d(2026, 11, 1)),
        d(2026, 11, 30),
        &cal,
    );
    assert_eq!(f.new, 5);
    assert_eq!(f.escalated, 1);
    assert_eq!(
        f.assigned, 3,
        "the October request assigned on 2 November, and the two resolved ones"
    );
    assert_eq!(f.resolved, 2);
    assert_eq!(f.open, 3, "the October one, the escalated one and the one of the 30th");
    assert_eq!(f.overdue, 1);
    assert_eq!(f.awaiting_callback, 1);
    assert_eq!(f.late, Rate::new(1, 2));
    // 2 Nov (Mon) -> 6 Nov (Fri): 4 working days; 3 Nov (Tue) -> 10 Nov (Tue): 5.
    assert_eq!(f.avg_days, Some(4.5));
    assert_eq!(f.callbacks, 3);
    assert_eq!(f.satisfaction, Rate::new(1, 2));
}

#[test]
fn empty_bases_give_no_change_and_others_give_percent_or_points() {
    let (rows, calls) = november();
    let cal = Calendar::default();
    let c = compared(
        &refs(&rows),
        &refs(&calls),
        MONTH,
        span_of(MONTH, d(2026, 11, 1)),
        d(2026, 11, 30),
        &cal,
    );
    assert_eq!(c.previous.new, 1, "October had one request");
    assert_eq!(c.last_year.new, 0);
    assert_eq!(count_change(c.now.new, c.last_year.new), Change::NoBase);
    assert_eq!(count_change(c.now.new, c.previous.new), Change::Percent(400.0));
    assert_eq!(rate_change(c.now.satisfaction, c.previous.satisfaction), Change::NoBase);
    assert_eq!(rate_change(Rate::new(3, 4), Rate::new(1, 2)), Change::Points(25.0));
    assert_eq!(days_change(Some(3.0), Some(2.0)), Change::Percent(50.0));
    assert_eq!(days_change(Some(3.0), None), Change::NoBase);
    assert_eq!(count_change(0, 4), Change::Percent(-100.0));
}

#[test]
fn a_future_period_has_intake_but_no_open_state() {
    let (rows, _) = november();
    let f = figures(
        &refs(&rows),
        &[],
        span_of(MONTH, d(2026, 12, 1)),
        d(2026, 11, 30),
        &Calendar::default(),
    );
    assert_eq!((f.new, f.open, f.overdue), (0, 0, 0));
}

// ------------------------------------------------------------ tables

#[test]
fn trend_hot_spots_and_people() {
    let (mut rows, calls) = november();
    let mut topic_a = row(7, d(2026, 11, 5), "石桥村", "石桥网格", "水电气");
    topic_a.topic_id = Some(9);
    let mut topic_b = topic_a.clone();
    topic_b.id = 8;
    let mut topic_old = topic_a.clone();
    topic_old.id = 10;
    topic_old.received = d(2026, 10, 5);
    rows.extend([topic_a, topic_b, topic_old]);
    for r in &mut rows[1..4] {
        r.household_id = Some(77);
    }
    rows[4].collective = true;
    let span = span_of(MONTH, d(2026, 11, 1));
    let before = previous(MONTH, span);
    let r = refs(&rows);
    let t = trend(&r, MONTH, span);
    assert_eq!(t.overall.len(), TREND_PERIODS);
    assert_eq!(t.overall[TREND_PERIODS - 1], 7);
    assert_eq!(t.overall[TREND_PERIODS - 2], 2);
    assert_eq!(t.categories[0].0, "水电气");
    assert_eq!(t.categories[0].1[TREND_PERIODS - 1], 6);

    let hot = hot_spots(&r, span, before);
    assert_eq!((hot[0].village.as_str(), hot[0].now, hot[0].previous), ("清溪村", 3, 0));
    assert_eq!(
        hot[1],
        HotCell {
            category: "水电气".into(),
            village: "石桥村".into(),
            now: 3,
            previous: 1
        }
    );
    let topics = growing_topics(&r, &[(9, "饮水".into())], span, before);
    assert_eq!(topics.len(), 1);
    assert_eq!(
        (topics[0].title.as_str(), topics[0].now, topics[0].previous),
        ("饮水", 2, 1)
    );

    let repeat = repeat_households(&r, span);
    assert_eq!(repeat.len(), 1);
    assert_eq!(repeat[0].request_ids, vec![2, 3, 4]);
    assert_eq!(collective(&r, span).iter().map(|b| b.id).collect::<Vec<_>>(), vec![5]);
    let oldest = oldest_open(&r, d(2026, 11, 30));
    assert_eq!(oldest.iter().map(|b| b.id).collect::<Vec<_>>(), vec![10, 1, 7, 8, 4, 6]);
    let unhappy = dissatisfied(&r, &refs(&calls), span);
    assert_eq!(unhappy.len(), 1);
    assert_eq!(unhappy[0].comment, "拖了好几天");

    let grids = [
        GridRow {
            id: 1,
            name: "一网格".into(),
            village: "清溪村".into(),
            households: 50,
            stale: 0,
        },
        GridRow {
            id: 2,
            name: "石桥网格".into(),
            village: "石桥村".into(),
            households: 100,
            stale: 0,
        },
    ];
    let loads = grid_loads(&r, &grids, &Place::Township, d(2026, 11, 30));
    assert_eq!(loads[0].grid, "一网格");
    assert_eq!((loads[0].open, loads[0].per_100), (2, 4.0));
    assert_eq!((loads[1].open, loads[1].per_100), (4, 4.0));
}

#[test]
fn selection_by_place_and_theme() {
    let mut a = row(1, d(2026, 11, 2), "清溪村", "一网格", "水电气");
    a.tags = "低保,独居老人".into();
    let b = row(2, d(2026, 11, 2), "石桥村", "石桥网格", "道路交通");
    assert!(Selection::default().admits(&a));
    let sel = |p: &str, t: &str| Selection {
        place: Place::parse(p).unwrap(),
        theme: Theme::parse(t).unwrap(),
    };
    assert!(sel("village:清溪村", "").admits(&a) && !sel("village:清溪村", "").admits(&b));
    assert!(sel("grid:石桥网格", "category:道路交通").admits(&b));
    assert!(sel("", "tag:独居老人").admits(&a) && !sel("", "tag:独居老人").admits(&b));
    assert!(sel("", "channel:hotline").admits(&a) && !sel("", "channel:letter").admits(&a));
    assert_eq!(Place::parse("town:x"), None);
    assert_eq!(Theme::parse("category:"), None);
    // Codes read back (an agenda item stores its attached report this way).
    for p in ["", "village:清溪村", "grid:石桥网格"] {
        assert_eq!(Place::parse(p).unwrap().code(), p);
    }
    for t in ["", "category:道路交通", "tag:独居老人", "channel:hotline"] {
        assert_eq!(Theme::parse(t).unwrap().code(), t);
    }
}

#[test]
fn names_are_masked_keeping_first_and_last_character() {
    assert_eq!(mask_name("张建梅"), "张*梅");
    assert_eq!(mask_name("张磊"), "张*");
    assert_eq!(mask_name("欧阳春华"), "欧**华");
    assert_eq!(mask_name("王"), "*");
    assert_eq!(mask_name(""), "");
}

// ------------------------------------------------------------ warnings

/// `per_month[i]` requests of 水电气 in 清溪村 in the i-th of the seven
/// months ending November 2026.
fn monthly_counts(per_month: [u32; 7]) -> Vec<RequestRow> {
    let spans = last_n(MONTH, span_of(MONTH, d(2026, 11, 1)), 7);
    let mut out = Vec::new();
    for (s, n) in spans.iter().zip(per_month) {
        for k in 0..n {
            let id = out.len() as i64 + 1;
            let grid = if k % 2 == 0 { "一网格" } else { "二网格" };
            out.push(row(
                id,
                s.from + chrono::Duration::days(i64::from(k)),
                "清溪村",
                grid,
                "水电气",
            ));
        }
    }
    out
}

#[test]
fn rising_fires_above_twice_the_usual_level() {
    let rows = monthly_counts([1, 1, 1, 1, 1, 1, 3]);
    let w = warnings::rising(&refs(&rows), MONTH, span_of(MONTH, d(2026, 11, 1)));
    let village: Vec<_> = w.iter().filter(|w| w.kind == WarningKind::RisingInVillage).collect();
    assert_eq!(village.len(), 1);
    assert_eq!(village[0].subject, "水电气（清溪村）");
    assert_eq!((village[0].count, village[0].base), (3, 1.0));
    assert_eq!(village[0].ids, vec![7, 8, 9]);
    // In 一网格: 2 of the 3 now, below the minimum of 3.
    assert!(w.iter().all(|w| w.kind != WarningKind::RisingInGrid));
}

#[test]
fn rising_stays_quiet_at_twice_the_mean_or_below_three() {
    // Mean 1.5, now 3: not more than twice.
    let rows = monthly_counts([2, 1, 2, 1, 2, 1, 3]);
    assert!(warnings::rising(&refs(&rows), MONTH, span_of(MONTH, d(2026, 11, 1))).is_empty());
    // Nothing before, but only 2 now.
    let rows = monthly_counts([0, 0, 0, 0, 0, 0, 2]);
    assert!(warnings::rising(&refs(&rows), MONTH, span_of(MONTH, d(2026, 11, 1))).is_empty());
}

fn member(id: i64, title: &str, grid: i64) -> Member {
    Member {
        id,
        category_id: Some(2),
        title: title.into(),
        content: String::new(),
        household_id: Some(id),
        person_id: None,
        village_id: Some(grid),
        grid_id: Some(grid),
        grid_pos: Some((grid * 5, 0)),
        received: d(2026, 11, 10),
        status: Status::Received,
        due: None,
        level: Level::Township,
        difficulty: Difficulty::Medium,
        unsatisfied: 0,
    }
}

fn report_with(input: &Input, today: NaiveDate) -> Report {
    build(
        input,
        &Selection::default(),
        MONTH,
        span_of(MONTH, today),
        today,
        Settings::default(),
    )
}

fn of_kind(r: &Report, k: WarningKind) -> Vec<&Warning> {
    r.warnings.iter().filter(|w| w.kind == k).collect()
}

#[test]
fn unmerged_similar_requests_fire_unless_dissimilar_far_apart_or_dismissed() {
    let today = d(2026, 11, 30);
    let mut input = Input {
        requests: (1..=3)
            .map(|i| row(i, d(2026, 11, 10), "清溪村", "一网格", "水电气"))
            .collect(),
        candidates: vec![
            member(1, "自来水夜间停水", 1),
            member(2, "自来水夜里停水", 1),
            member(3, "路灯不亮", 1),
        ],
        ..Input::default()
    };
    let w = of_kind(&report_with(&input, today), WarningKind::Unmerged)
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].ids, vec![1, 2]);
    input.dismissed = vec![vec![1, 2]];
    assert!(of_kind(&report_with(&input, today), WarningKind::Unmerged).is_empty());
    input.dismissed.clear();
    input.candidates[1] = member(2, "自来水夜里停水", 3); // far away on the map, another village
    assert!(of_kind(&report_with(&input, today), WarningKind::Unmerged).is_empty());
}

fn household(id: i64, tags: &str, last: Option<NaiveDate>) -> HouseholdRow {
    HouseholdRow {
        id,
        village: "清溪村".into(),
        grid: "一网格".into(),
        resident: "王秀英".into(),
        address: String::new(),
        tags: tags.into(),
        last_visit: last,
    }
}

#[test]
fn vulnerable_households_not_visited_beyond_the_setting() {
    let today = d(2026, 11, 30);
    let input = Input {
        vulnerable: vec![
            household(1, "独居老人", Some(today - chrono::Duration::days(61))),
            household(2, "低保", Some(today - chrono::Duration::days(60))),
            household(3, "残疾", None),
            household(4, "党员户", None),
        ],
        ..Input::default()
    };
    let r = report_with(&input, today);
    let w = of_kind(&r, WarningKind::Unvisited);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].subject.as_str(), w[0].ids.clone()), ("一网格", vec![1, 3]));
    let strict = build(
        &input,
        &Selection::default(),
        MONTH,
        span_of(MONTH, today),
        today,
        Settings { visit_gap_days: 90 },
    );
    assert_eq!(of_kind(&strict, WarningKind::Unvisited)[0].ids, vec![3]);
}

#[test]
fn grids_mostly_stale_fire_and_half_stale_do_not() {
    let grid = |id, households, stale| GridRow {
        id,
        name: format!("网格{id}"),
        village: "清溪村".into(),
        households,
        stale,
    };
    let input = Input {
        grids: vec![grid(1, 5, 3), grid(2, 4, 2), grid(3, 0, 0)],
        ..Input::default()
    };
    let r = report_with(&input, d(2026, 11, 30));
    let w = of_kind(&r, WarningKind::StaleGrid);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].subject.as_str(), w[0].count, w[0].base), ("网格1", 3, 5.0));
}

#[test]
fn decisions_without_progress_for_thirty_days() {
    let today = d(2026, 11, 30);
    let decision = |id, days| DecisionRow {
        id,
        text: format!("决议{id}"),
        owner: "林建国".into(),
        progress: 40,
        last_activity: today - chrono::Duration::days(days),
    };
    let input = Input {
        decisions: vec![decision(1, 30), decision(2, 29)],
        ..Input::default()
    };
    let r = report_with(&input, today);
    let w = of_kind(&r, WarningKind::StalledDecision);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].ids.clone(), w[0].count), (vec![1], 30));
    // A village report leaves township decisions out.
    let village = build(
        &input,
        &Selection {
            place: Place::Village("清溪村".into()),
            theme: Theme::All,
        },
        MONTH,
        span_of(MONTH, today),
        today,
        Settings::default(),
    );
    assert!(of_kind(&village, WarningKind::StalledDecision).is_empty());
}

// ------------------------------------------------------------ monthly table

#[test]
fn monthly_table_per_village_with_total() {
    let (rows, calls) = november();
    let input = Input {
        requests: rows,
        callbacks: calls,
        ..Input::default()
    };
    let villages = vec!["清溪村".to_string(), "石桥村".to_string(), "南街社区".to_string()];
    let t = monthly(
        &input,
        &villages,
        MONTH,
        span_of(MONTH, d(2026, 11, 1)),
        d(2026, 11, 30),
    );
    assert_eq!(t.len(), 4);
    // 清溪村: new #2, #5, #6; assigned #1, #2; resolved #2 (on time, called
    // back, 基本满意); open #1, #6; October had #1.
    let q = &t[0].figures.now;
    assert_eq!(
        (q.new, q.escalated, q.assigned, q.resolved, q.open, q.awaiting_callback),
        (3, 0, 2, 1, 2, 0)
    );
    assert_eq!((q.late, q.satisfaction), (Rate::new(0, 1), Rate::new(1, 1)));
    assert_eq!(t[0].period_on_period(), Change::Percent(200.0));
    assert_eq!(t[0].year_on_year(), Change::NoBase);
    // 石桥村: new #3, #4; escalated #4; assigned and resolved (late) #3,
    // which waits for its callback (不满意 only); open #4; October had none.
    let s = &t[1].figures.now;
    assert_eq!(
        (s.new, s.escalated, s.assigned, s.resolved, s.open, s.awaiting_callback),
        (2, 1, 1, 1, 1, 1)
    );
    assert_eq!((s.late, s.satisfaction), (Rate::new(1, 1), Rate::new(0, 1)));
    assert_eq!(t[1].period_on_period(), Change::NoBase);
    // 南街社区: nothing at all.
    assert_eq!(t[2].figures.now, Figures::default());
    // Total.
    assert_eq!(t[3].village, "");
    assert_eq!((t[3].figures.now.new, t[3].figures.now.open), (5, 3));
}
