//! Store layer of the assessment: visit logging, visit plan, survey
//! campaigns and calls, and the figures per cadre / grid / map layer
//! against a fixed hand-made dataset.

mod common;
use chrono::NaiveDate;
use common::{count, today};
use minqing::domain::assessment::{Call, Layer, Level, Period, Rate, Satisfaction, layer_figure};
use minqing::store::scope::SessionScope;
use minqing::store::visits::{NewVisit, VisitKind, log_visit, plan_for_cadre};
use minqing::store::{Store, StoreError, assessment, surveys};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Two grids (A: cadre 1, 4 households; B: cadre 2, 2 households).
fn fixture(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("t.db"), "clerk").expect("open");
    store
        .write(|tx, _| {
            tx.execute_batch(
                "INSERT INTO villages (id, name) VALUES (1, '青山村');
                 INSERT INTO cadres (id, name, phone) VALUES (1, '李明', '13800000001'), (2, '王芳', '13800000002');
                 INSERT INTO grids (id, village_id, name, cadre_id, map_row, map_col) VALUES
                    (1, 1, '青山一网格', 1, 0, 0), (2, 1, '青山二网格', 2, 0, 1);
                 INSERT INTO households (id, grid_id, village_id, address, tags, verified_at) VALUES
                    (1, 1, 1, '青山村1号', '', '2026-06-01'),
                    (2, 1, 1, '青山村2号', '低保,独居老人', '2026-06-01'),
                    (3, 1, 1, '青山村3号', '', NULL),
                    (4, 1, 1, '青山村4号', '', '2025-01-01'),
                    (5, 2, 1, '青山村5号', '', '2026-10-01'),
                    (6, 2, 1, '青山村6号', '', '2026-10-01');
                 INSERT INTO persons (household_id, name) VALUES (1,'甲'),(2,'乙'),(3,'丙'),(4,'丁'),(5,'戊'),(6,'己');
                 INSERT INTO requests (id, received_at, channel, household_id, title, status, assignee_id, due_at) VALUES
                    (1, '2026-11-01 09:00:00', 'hotline', 1, '路灯坏了', 'assigned', 1, '2026-11-10'),
                    (2, '2026-11-20 09:00:00', 'hotline', 1, '水管漏水', 'in_progress', 1, '2026-12-10'),
                    (3, '2026-11-02 09:00:00', 'hotline', 5, '垃圾清运', 'received', 2, '2026-12-01');
                 INSERT INTO requests (id, received_at, channel, household_id, title, status, assignee_id, resolved_at)
                    VALUES (4, '2026-11-20 09:00:00', 'hotline', 2, '低保咨询', 'resolved', 1, '2026-11-23 10:00:00');
                 -- last week (Sunday 22nd) and this week (Monday 23rd)
                 INSERT INTO visits (cadre_id, household_id, kind, visited_on) VALUES
                    (1, 1, 'household', '2026-11-22'), (1, 2, 'household', '2026-11-22'),
                    (1, 1, 'household', '2026-11-23'), (1, NULL, 'overnight', '2026-11-24'),
                    (2, 5, 'household', '2025-12-30');
                 INSERT INTO survey_campaigns (id, name, created_at, per_grid, seed) VALUES (1, 't', '2026-11-01', 10, 1);
                 INSERT INTO callbacks (household_id, campaign_id, reached, knows_cadre, satisfaction, called_on) VALUES
                    (1, 1, 1, 1, 'satisfied', '2026-11-24'), (2, 1, 1, 0, 'unsatisfied', '2026-11-24'),
                    (3, 1, 0, NULL, NULL, '2026-11-24'), (5, 1, 0, NULL, NULL, '2026-11-24');
                 INSERT INTO callbacks (household_id, request_id, reached, satisfaction, called_on) VALUES
                    (2, 4, 1, 'basically', '2026-11-25');",
            )?;
            Ok(())
        })
        .expect("fixture");
    store
}

#[test]
fn figures_per_cadre_and_grid_for_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture(dir.path());
    let o = assessment::load(store.conn(), today(), &SessionScope::All).expect("load");
    assert_eq!((o.quota_village, o.quota_overnight), (2, 1));
    let week = o.period(Period::Week).unwrap();
    let li = &week.cadres[0];
    assert_eq!(li.name, "李明");
    assert_eq!(li.households, 4);
    assert_eq!(li.visited_this_year, 2);
    assert_eq!(li.coverage().percent_text(), "50%");
    // Sunday's visits belong to last week: one village visit this week.
    assert_eq!(li.village_visits.display(), "1/2");
    assert_eq!(li.overnights.display(), "1/1");
    assert!(li.below_quota());
    assert_eq!(li.rates.awareness, Rate::new(1, 2));
    assert_eq!(li.rates.satisfaction.display(), "50% n=2");
    assert_eq!(li.callback_satisfaction, Rate::new(1, 1));
    assert_eq!((li.open_requests, li.overdue_requests), (2, 1));
    assert_eq!(li.avg_resolve_days, Some(1.0));
    let wang = &week.cadres[1];
    // Nobody reached in grid B: no rate, shown as "-".
    assert_eq!(wang.rates.satisfaction.display(), "- n=0");
    assert_eq!(wang.visited_this_year, 0, "a visit last December is not this year");
    assert_eq!(wang.village_visits.display(), "0/2");
    // The month counts both village days (22nd, 23rd) against the 4 weeks
    // starting in November.
    let month = o.period(Period::Month).unwrap();
    assert_eq!(month.cadres[0].village_visits.display(), "2/8");
    assert_eq!(o.period(Period::Year).unwrap().grids.len(), 2);
}

#[test]
fn map_layer_figures_against_the_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture(dir.path());
    let o = assessment::load(store.conn(), today(), &SessionScope::All).expect("load");
    let a = o.grid(1).unwrap();
    assert_eq!(a.layer.households, 4);
    assert_eq!(layer_figure(Layer::OpenPer100, &a.layer).text, "50.0");
    assert_eq!(layer_figure(Layer::OpenPer100, &a.layer).level, Level::Bad);
    assert_eq!(layer_figure(Layer::Overdue, &a.layer).text, "1");
    assert_eq!(layer_figure(Layer::NotVisited, &a.layer).text, "2 50%");
    assert_eq!(
        layer_figure(Layer::Stale, &a.layer).text,
        "2 50%",
        "never verified and 2025"
    );
    assert_eq!(layer_figure(Layer::Satisfaction, &a.layer).text, "50%");
    assert_eq!(a.visits_this_week, 2);
    assert_eq!(a.visits_this_year, 4);
    assert_eq!(a.persons, 4);
    assert_eq!(a.villages, vec!["青山村".to_string()]);
    assert_eq!(a.top_open.len(), 2);
    assert!(a.top_open[0].overdue && a.top_open[0].title == "路灯坏了");
    let b = o.grid(2).unwrap();
    assert_eq!(layer_figure(Layer::Satisfaction, &b.layer).text, "-");
    assert_eq!(layer_figure(Layer::NotVisited, &b.layer).text, "2 100%");
}

#[test]
fn logging_a_visit_is_audited_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture(dir.path());
    let visit = NewVisit {
        cadre_id: 1,
        household_id: Some(3),
        kind: VisitKind::Household,
        visited_on: today(),
        notes: "了解情况".into(),
        request_id: None,
    };
    let id = log_visit(&mut store, &visit, today()).expect("logged");
    assert!(id > 0);
    // The household card lists it with its kind as the enum.
    let card = minqing::store::register::load_card(store.conn(), 3).expect("card");
    assert_eq!(card.visits[0].kind, VisitKind::Household);
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit_log WHERE action = 'visit.log'"),
        1
    );
    let o = assessment::load(store.conn(), today(), &SessionScope::All).expect("load");
    assert_eq!(o.period(Period::Week).unwrap().cadres[0].visited_this_year, 3);
    assert_eq!(
        o.period(Period::Week).unwrap().cadres[0].village_visits.display(),
        "2/2"
    );
    // Refusals: future date, missing household, unknown cadre.
    let future = NewVisit {
        visited_on: d(2026, 11, 27),
        ..visit.clone()
    };
    assert!(matches!(
        log_visit(&mut store, &future, today()),
        Err(StoreError::Refused(_))
    ));
    let nobody = NewVisit {
        household_id: None,
        ..visit.clone()
    };
    assert!(matches!(
        log_visit(&mut store, &nobody, today()),
        Err(StoreError::Refused(_))
    ));
    let overnight = NewVisit {
        household_id: None,
        kind: VisitKind::Overnight,
        ..visit.clone()
    };
    log_visit(&mut store, &overnight, today()).expect("an overnight stay needs no household");
    let ghost = NewVisit { cadre_id: 99, ..visit };
    assert!(matches!(
        log_visit(&mut store, &ghost, today()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn visit_plan_lists_unvisited_households_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture(dir.path());
    let plan = plan_for_cadre(store.conn(), 1, today()).expect("plan");
    let ids: Vec<i64> = plan.iter().map(|p| p.household_id).collect();
    // 1 and 2 were visited; 3 (never verified) before 4 (verified 2025).
    assert_eq!(ids, vec![3, 4]);
    assert!(plan[0].stale && plan[0].head.as_deref() == Some("丙"));
}

#[test]
fn campaign_sample_is_reproducible_and_calls_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture(dir.path());
    let (a, n) = surveys::create_campaign(&mut store, "冬季测评", 3, 99).expect("campaign");
    assert_eq!(n, 5, "3 from grid A, both of grid B");
    let (b, _) = surveys::create_campaign(&mut store, "冬季测评复核", 3, 99).expect("campaign");
    assert_eq!(
        surveys::sample_households(store.conn(), a).unwrap(),
        surveys::sample_households(store.conn(), b).unwrap()
    );
    assert!(matches!(
        surveys::create_campaign(&mut store, " ", 3, 1),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        surveys::create_campaign(&mut store, "x", 0, 1),
        Err(StoreError::Refused(_))
    ));
    let list = surveys::call_list(store.conn(), a).expect("list");
    assert_eq!(list.len(), 5);
    assert!(list.iter().all(|r| r.call.is_none()));
    let h = list[0].household_id;
    surveys::record_call(&mut store, a, h, Call::NOT_REACHED, "", today()).expect("call");
    // A second call corrects the first instead of counting twice.
    let call = Call::reached(true, Satisfaction::Basically);
    surveys::record_call(&mut store, a, h, call, "很好", today()).expect("call");
    let list = surveys::call_list(store.conn(), a).expect("list");
    assert_eq!(list[0].call, Some(call));
    assert_eq!(list[0].comment, "很好");
    assert_eq!(
        count(
            &store,
            &format!("SELECT count(*) FROM callbacks WHERE campaign_id = {a}")
        ),
        1
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit_log WHERE action = 'survey.call'"),
        2
    );
    let campaigns = surveys::list_campaigns(store.conn()).unwrap();
    assert_eq!((campaigns[1].id, campaigns[1].called), (a, 1));
    assert!(surveys::record_call(&mut store, a, 999, call, "", today()).is_err());
}

#[test]
fn moving_a_grid_checks_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture(dir.path());
    let v = assessment::move_grid(&mut store, 1, 1, 2, 3).expect("moved");
    assert_eq!(v, 2);
    assert!(matches!(
        assessment::move_grid(&mut store, 1, 1, 0, 0),
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        count(&store, "SELECT map_row * 10 + map_col FROM grids WHERE id = 1"),
        23
    );
}
