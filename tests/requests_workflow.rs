//! Store-level tests of the request lifecycle (issue 4 minus the TUI).

use chrono::{NaiveDate, NaiveDateTime};
use minqing::domain::accounts::Permission;
use minqing::domain::calendar::{Calendar, CalendarDay, DayKind};
use minqing::domain::request::{CallbackMethod, Channel, DueState, Level, Priority, RequestKind, Satisfaction, Status};
use minqing::domain::workflow::{Command, CommandKind, RefusalReason};
use minqing::store::accounts::AccountError;
use minqing::store::calendar_days::{add_calendar_day, load_calendar, remove_calendar_day};
use minqing::store::request_bulk::{BulkSkip, bulk_assign, bulk_merge_duplicates, bulk_set_category, bulk_set_level};
use minqing::store::request_ops::{
    CallbackAnswer, CallbackDone, NewRequest, RequestError, RequestInvalid, apply_command, create_request,
    create_request_on_visit, record_callback, record_callback_and_close, urge,
};
use minqing::store::request_query::{
    AssigneeFilter, QueryContext, RequestField, RequestFilter, RequestSort, SIMILAR_THRESHOLD, callbacks_due,
    list_requests, load_request, request_events, similar_open_requests,
};
use minqing::store::request_views::{BuiltinView, ViewId, ViewSpec, delete_view, list_views, save_view};
use minqing::store::{Store, StoreError};
use std::path::PathBuf;

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// A database with an admin, a clerk (cadre 1), two villages, grids, cadres and households.
fn fixture() -> (Fixture, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minqing.db");
    let store = Store::open(&path, "admin").unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO villages (id, name) VALUES (1, '桃源村'), (2, '清水村');
             INSERT INTO cadres (id, name) VALUES (1, '王芳'), (2, '李强'), (3, '赵敏');
             UPDATE cadres SET active = 0 WHERE id = 3;
             INSERT INTO grids (id, village_id, name, cadre_id) VALUES (1, 1, '一网格', 1), (2, 2, '二网格', 2);
             INSERT INTO households (id, grid_id, village_id, address) VALUES (1, 1, 1, '桃源村1号'),
                 (2, 1, 1, '桃源村2号'), (3, 2, 2, '清水村8号');
             INSERT INTO persons (id, household_id, name) VALUES (1, 1, '张三'), (2, 3, '李四');
             INSERT INTO users (login, display_name, role, cadre_id) VALUES ('wangfang', '王芳', 'clerk', 1);
             INSERT INTO topics (id, title, created_at) VALUES (1, '村道修缮', '2026-03-01 09:00:00');",
        )
        .unwrap();
    (Fixture { _dir: dir, path }, store)
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new(household: i64, title: &str, received: &str) -> NewRequest {
    let mut r = NewRequest::for_household(household, Channel::Hotline, title);
    r.received_at = Some(at(received));
    r.category_id = Some(1);
    r
}

fn ctx(today: NaiveDate) -> QueryContext {
    QueryContext {
        today,
        user_id: 1,
        cadre_id: None,
        only_assigned: false,
    }
}

fn actions(store: &Store, id: i64) -> Vec<String> {
    request_events(store.conn(), id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[test]
fn full_lifecycle_writes_every_event() {
    let (_f, mut store) = fixture();
    let c = create_request(&mut store, &new(1, "村口路灯坏了", "2026-03-02 09:00:00")).unwrap();
    assert_eq!(c.due.due, day(2026, 3, 19), "help: 13 working days");
    let v = apply_command(&mut store, c.id, c.version, &Command::Assign { cadre_id: 1 }).unwrap();
    let v = apply_command(&mut store, c.id, v, &Command::Start).unwrap();
    let resolve = Command::Resolve {
        resolution: "已更换灯泡".into(),
        solved: true,
    };
    let v = apply_command(&mut store, c.id, v, &resolve).unwrap();
    assert_eq!(
        callbacks_due(store.conn(), day(2026, 3, 5), &minqing::store::scope::SessionScope::All)
            .unwrap()
            .len(),
        1
    );
    let answer = CallbackAnswer {
        solved: true,
        satisfaction: Satisfaction::Satisfied,
        comment: "很满意".into(),
        method: CallbackMethod::Phone,
        knows_cadre: Some(true),
    };
    let v = record_callback(&mut store, c.id, v, &answer).unwrap();
    assert!(
        callbacks_due(store.conn(), day(2026, 3, 5), &minqing::store::scope::SessionScope::All)
            .unwrap()
            .is_empty()
    );
    let v = apply_command(&mut store, c.id, v, &Command::Close).unwrap();

    let d = load_request(store.conn(), c.id).unwrap();
    assert_eq!((d.status, d.version, d.assignee_id), (Status::Closed, v, Some(1)));
    assert_eq!(d.resolution.as_deref(), Some("已更换灯泡"));
    assert_eq!((d.solved, d.satisfaction), (Some(true), Some(Satisfaction::Satisfied)));
    assert!(d.closed_at.is_some() && d.assigned_at.is_some());
    assert_eq!(
        actions(&store, c.id),
        ["create", "assign", "start", "resolve", "callback", "close"]
    );
    let events = request_events(store.conn(), c.id).unwrap();
    assert_eq!(events[1].from, Some(Status::Received));
    assert_eq!(events[1].to, Some(Status::Assigned));
    assert_eq!(events[1].cadre_id, Some(1));
    assert_eq!(events[3].note, "已更换灯泡");
    assert_eq!(events[5].kind, Some(CommandKind::Close));
    assert_eq!(events[5].user_name.as_deref(), Some("admin"));
    let (cb, knows): (i64, Option<bool>) = store
        .conn()
        .query_row(
            "SELECT count(*), max(knows_cadre) FROM callbacks WHERE request_id = ?1",
            [c.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((cb, knows), (1, Some(true)));
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE object = ?1 AND outcome = 'ok'",
            [format!("request:{}", c.id)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 6);
}

#[test]
fn refused_transition_names_the_allowed_ones_and_changes_nothing() {
    let (_f, mut store) = fixture();
    let c = create_request(&mut store, &new(1, "咨询医保", "2026-03-02 09:00:00")).unwrap();
    let before = load_request(store.conn(), c.id).unwrap();
    let err = apply_command(&mut store, c.id, c.version, &Command::Close).unwrap_err();
    let RequestError::Refused(refusal) = err else {
        panic!("{err:?}")
    };
    assert_eq!(refusal.reason, RefusalReason::NotAllowedFrom(Status::Received));
    assert!(refusal.allowed.contains(&CommandKind::Assign));
    assert!(refusal.allowed.contains(&CommandKind::SolveOnSpot));
    assert!(!refusal.allowed.contains(&CommandKind::Close));
    assert_eq!(load_request(store.conn(), c.id).unwrap(), before);
    assert_eq!(actions(&store, c.id), ["create"]);
    let refused: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE outcome = 'refused' AND action = 'request.close'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
    // Reference problems are typed too.
    let err = apply_command(&mut store, c.id, c.version, &Command::Assign { cadre_id: 3 }).unwrap_err();
    assert!(
        matches!(err, RequestError::Invalid(RequestInvalid::InactiveCadre(3))),
        "{err:?}"
    );
    let err = apply_command(&mut store, c.id, c.version, &Command::Assign { cadre_id: 99 }).unwrap_err();
    assert!(
        matches!(err, RequestError::Invalid(RequestInvalid::UnknownCadre(99))),
        "{err:?}"
    );
}

#[test]
fn second_store_gets_a_conflict_and_the_first_save_survives() {
    let (f, mut a) = fixture();
    let mut b = Store::open(&f.path, "wangfang").unwrap();
    let c = create_request(&mut a, &new(1, "邻里纠纷", "2026-03-02 09:00:00")).unwrap();
    let seen_by_b = load_request(b.conn(), c.id).unwrap();
    apply_command(&mut a, c.id, c.version, &Command::Assign { cadre_id: 2 }).unwrap();
    let err = apply_command(&mut b, c.id, seen_by_b.version, &Command::Assign { cadre_id: 1 }).unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    assert!(matches!(err, RequestError::Store(StoreError::Conflict { .. })));
    let now = load_request(b.conn(), c.id).unwrap();
    assert_eq!(now.assignee_id, Some(2), "A's assignment intact");
    assert_eq!(
        seen_by_b.changes(&now),
        vec![RequestField::Status, RequestField::Assignee]
    );
    assert_eq!(actions(&a, c.id), ["create", "assign"]);
}

#[test]
fn due_dates_skip_holidays_and_warn_for_uncovered_years() {
    let (_f, mut store) = fixture();
    let mut consult = new(1, "咨询", "2026-02-12 10:00:00");
    consult.kind = RequestKind::Consultation;
    assert_eq!(create_request(&mut store, &consult).unwrap().due.due, day(2026, 2, 24));
    let help = create_request(&mut store, &new(1, "求助", "2026-09-28 10:00:00")).unwrap();
    assert_eq!(
        help.due.due,
        day(2026, 10, 21),
        "National Day and make-up Saturday 10-10"
    );
    let mut urgent = new(1, "急事", "2026-02-21 10:00:00");
    urgent.priority = Priority::Urgent;
    assert_eq!(create_request(&mut store, &urgent).unwrap().due.due, day(2026, 2, 24));
    let late = create_request(&mut store, &new(1, "明年", "2027-01-01 10:00:00")).unwrap();
    assert_eq!(late.due.due, day(2027, 1, 20));
    assert_eq!(late.due.uncovered_years, vec![2027]);
    assert!(help.due.uncovered_years.is_empty());
    // The office adds 2027-01-01 as a holiday; the warning goes away.
    add_calendar_day(
        &mut store,
        &CalendarDay {
            day: day(2027, 1, 1),
            kind: DayKind::Holiday,
            name: "元旦".into(),
        },
    )
    .unwrap();
    let later = create_request(&mut store, &new(1, "明年", "2027-01-01 10:00:00")).unwrap();
    assert_eq!(later.due.due, day(2027, 1, 21));
    assert!(later.due.uncovered_years.is_empty());
    assert!(remove_calendar_day(&mut store, day(2027, 1, 1)).unwrap());
    assert!(!remove_calendar_day(&mut store, day(2027, 1, 1)).unwrap());
}

#[test]
fn migration_seeds_the_shipped_calendar() {
    let (_f, store) = fixture();
    let seeded: Vec<CalendarDay> = load_calendar(store.conn()).unwrap().days().cloned().collect();
    let shipped: Vec<CalendarDay> = Calendar::shipped().unwrap().days().cloned().collect();
    assert_eq!(seeded, shipped);
}

#[test]
fn bulk_actions_skip_what_they_cannot_do() {
    let (_f, mut store) = fixture();
    let a = create_request(&mut store, &new(1, "路灯不亮", "2026-03-02 09:00:00")).unwrap();
    let b = create_request(&mut store, &new(2, "路灯坏了", "2026-03-02 10:00:00")).unwrap();
    let c = create_request(&mut store, &new(3, "无关", "2026-03-02 11:00:00")).unwrap();
    let rejected = apply_command(
        &mut store,
        c.id,
        1,
        &Command::Reject {
            reason: "重复来电".into(),
        },
    )
    .unwrap();
    let report = bulk_assign(&mut store, &[(a.id, 1), (b.id, 1), (c.id, rejected)], 1).unwrap();
    assert_eq!(report.done, vec![(a.id, 2), (b.id, 2)]);
    assert!(matches!(&report.skipped[..], [(id, BulkSkip::Refused(_))] if *id == c.id));
    // Stale version → skipped as a conflict, the others still saved.
    let report = bulk_set_category(&mut store, &[(a.id, 1), (b.id, 2)], 3).unwrap();
    assert_eq!(report.done, vec![(b.id, 3)]);
    assert_eq!(report.skipped, vec![(a.id, BulkSkip::Conflict)]);
    let report = bulk_set_level(&mut store, &[(a.id, 2), (c.id, rejected)], Level::County).unwrap();
    assert_eq!(report.done, vec![(a.id, 3)]);
    assert_eq!(
        report.skipped,
        vec![(c.id, BulkSkip::Invalid(RequestInvalid::NotEditable(Status::Rejected)))]
    );
    let report = bulk_merge_duplicates(&mut store, &[(a.id, 3), (b.id, 3)], a.id).unwrap();
    assert_eq!(report.done, vec![(b.id, 4)]);
    let merged = load_request(store.conn(), b.id).unwrap();
    assert_eq!(
        (merged.status, merged.duplicate_of, merged.category_id),
        (Status::Merged, Some(a.id), Some(3))
    );
    assert_eq!(
        actions(&store, b.id),
        ["create", "assign", "set_category", "merge_duplicate"]
    );
}

#[test]
fn negative_callback_reopens_and_solve_on_spot_awaits_callback() {
    let (_f, mut store) = fixture();
    let mut spot = new(1, "问低保政策", "2026-03-02 09:00:00");
    spot.solved_on_spot = Some("当场解答".into());
    let c = create_request(&mut store, &spot).unwrap();
    let d = load_request(store.conn(), c.id).unwrap();
    assert_eq!((d.status, d.version), (Status::Resolved, c.version));
    assert_eq!(actions(&store, c.id), ["create", "solve_on_spot"]);
    let answer = CallbackAnswer {
        solved: false,
        satisfaction: Satisfaction::Unsatisfied,
        comment: "没听明白".into(),
        method: CallbackMethod::Visit,
        knows_cadre: None,
    };
    record_callback(&mut store, c.id, c.version, &answer).unwrap();
    let d = load_request(store.conn(), c.id).unwrap();
    assert_eq!(
        (d.status, d.resolution.clone()),
        (Status::Received, None),
        "nobody assigned: back to triage"
    );
    assert_eq!(actions(&store, c.id), ["create", "solve_on_spot", "callback", "reopen"]);
}

#[test]
fn urge_counts_without_bumping_the_version_and_extend_needs_a_leader() {
    let (f, mut admin) = fixture();
    let c = create_request(&mut admin, &new(1, "催一下", "2026-03-02 09:00:00")).unwrap();
    assert_eq!(urge(&mut admin, c.id, "群众来电催问").unwrap(), 1);
    assert_eq!(urge(&mut admin, c.id, "").unwrap(), 2);
    let d = load_request(admin.conn(), c.id).unwrap();
    assert_eq!((d.urge_count, d.version), (2, 1));
    let mut clerk = Store::open(&f.path, "wangfang").unwrap();
    let extend = Command::Extend {
        new_due: day(2026, 4, 30),
        reason: "需县里协调".into(),
    };
    // The store refuses a clerk, bulk or not, before anything changes
    // (`accounts.rs` checks the audit row naming who may).
    let err = apply_command(&mut clerk, c.id, 1, &extend).unwrap_err();
    let not_permitted = |e: &RequestError| {
        matches!(e, RequestError::Store(StoreError::Account(AccountError::NotPermitted { permission, .. }))
            if *permission == Permission::ExtendDeadline)
    };
    assert!(not_permitted(&err), "{err:?}");
    let err = minqing::store::request_bulk::bulk_apply(&mut clerk, &[(c.id, 1)], &extend).unwrap_err();
    assert!(not_permitted(&err), "{err:?}");
    let v = apply_command(&mut admin, c.id, 1, &extend).unwrap();
    let d = load_request(admin.conn(), c.id).unwrap();
    assert_eq!(
        (d.due, d.status, d.version),
        (Some(day(2026, 4, 30)), Status::Received, v)
    );
    let last = request_events(admin.conn(), c.id).unwrap().pop().unwrap();
    assert_eq!(last.note, "2026-03-19 -> 2026-04-30: 需县里协调");
    let v = apply_command(
        &mut admin,
        c.id,
        v,
        &Command::Escalate {
            level: Level::County,
            note: "跨镇".into(),
        },
    )
    .unwrap();
    let v = apply_command(&mut admin, c.id, v, &Command::MergeTopic { topic_id: 1 }).unwrap();
    let d = load_request(admin.conn(), c.id).unwrap();
    assert_eq!(
        (d.status, d.level, d.topic_id, d.version),
        (Status::Merged, Level::County, Some(1), v)
    );
}

#[test]
fn filters_sorts_and_views() {
    let (_f, mut store) = fixture();
    let a = create_request(&mut store, &new(1, "路灯不亮", "2026-03-02 09:00:00")).unwrap();
    let mut bn = new(3, "自来水停水", "2026-03-03 09:00:00");
    bn.channel = Channel::WechatGroup;
    bn.priority = Priority::Urgent;
    let b = create_request(&mut store, &bn).unwrap();
    let mut cn = NewRequest::for_household(0, Channel::Letter, "外地来信");
    cn.household_id = None;
    cn.caller_name = Some("陈先生".into());
    cn.received_at = Some(at("2026-03-04 09:00:00"));
    let c = create_request(&mut store, &cn).unwrap();
    apply_command(&mut store, a.id, 1, &Command::Assign { cadre_id: 1 }).unwrap();
    apply_command(
        &mut store,
        c.id,
        1,
        &Command::Escalate {
            level: Level::City,
            note: String::new(),
        },
    )
    .unwrap();

    let today = day(2026, 3, 10);
    let ids = |filter: RequestFilter, sort: RequestSort| -> Vec<i64> {
        list_requests(store.conn(), &filter, sort, &ctx(today))
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(
        ids(RequestFilter::default(), RequestSort::Newest),
        vec![c.id, b.id, a.id]
    );
    assert_eq!(ids(RequestFilter::default(), RequestSort::Age), vec![a.id, b.id, c.id]);
    assert_eq!(ids(RequestFilter::default(), RequestSort::Priority)[0], b.id);
    let f = |f: RequestFilter| ids(f, RequestSort::Due);
    assert_eq!(
        f(RequestFilter {
            statuses: vec![Status::Assigned],
            ..Default::default()
        }),
        vec![a.id]
    );
    assert_eq!(
        f(RequestFilter {
            channels: vec![Channel::WechatGroup],
            ..Default::default()
        }),
        vec![b.id]
    );
    assert_eq!(
        f(RequestFilter {
            village_ids: vec![2],
            ..Default::default()
        }),
        vec![b.id]
    );
    assert_eq!(
        f(RequestFilter {
            grid_ids: vec![1],
            ..Default::default()
        }),
        vec![a.id]
    );
    assert_eq!(
        f(RequestFilter {
            levels: vec![Level::City],
            ..Default::default()
        }),
        vec![c.id]
    );
    assert_eq!(
        f(RequestFilter {
            assignee: Some(AssigneeFilter::Cadre(1)),
            ..Default::default()
        }),
        vec![a.id]
    );
    assert_eq!(
        f(RequestFilter {
            text: "陈先".into(),
            ..Default::default()
        }),
        vec![c.id]
    );
    assert_eq!(
        f(RequestFilter {
            text: "100%".into(),
            ..Default::default()
        }),
        Vec::<i64>::new()
    );
    assert_eq!(
        f(RequestFilter {
            category_ids: vec![1],
            ..Default::default()
        }),
        vec![b.id, a.id],
        "by due"
    );
    // b is urgent (due 03-03) and overdue on 03-10; a is due 03-19.
    assert_eq!(
        f(RequestFilter {
            overdue: true,
            ..Default::default()
        }),
        vec![b.id]
    );
    let rows = list_requests(store.conn(), &RequestFilter::default(), RequestSort::Due, &ctx(today)).unwrap();
    let row_b = rows.iter().find(|r| r.id == b.id).unwrap();
    assert_eq!(row_b.due_state, DueState::Overdue { days: 7 });
    assert_eq!(row_b.village_name.as_deref(), Some("清水村"));
    assert_eq!(row_b.resident_name.as_deref(), Some("李四"), "household head");
    let row_c = rows.iter().find(|r| r.id == c.id).unwrap();
    assert_eq!(row_c.resident_name.as_deref(), Some("陈先生"), "outside caller");
    assert_eq!(
        f(RequestFilter {
            text: "李四".into(),
            ..Default::default()
        }),
        vec![b.id]
    );

    // Built-in views.
    let view = |v: BuiltinView, ctx: &QueryContext| -> Vec<i64> {
        let spec = v.spec();
        list_requests(store.conn(), &spec.filter, spec.sort, ctx)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    let cadre1 = QueryContext {
        today,
        user_id: 2,
        cadre_id: Some(1),
        only_assigned: false,
    };
    assert_eq!(view(BuiltinView::MyQueue, &cadre1), vec![a.id]);
    assert_eq!(
        view(BuiltinView::MyQueue, &ctx(today)),
        vec![b.id, a.id, c.id],
        "admin logged all three"
    );
    assert_eq!(view(BuiltinView::Overdue, &ctx(today)), vec![b.id]);
    assert_eq!(view(BuiltinView::Unassigned, &ctx(today)), vec![b.id]);
    assert_eq!(view(BuiltinView::Escalated, &ctx(today)), vec![c.id]);

    // User-defined views round-trip through the database.
    let spec = ViewSpec {
        filter: RequestFilter {
            channels: vec![Channel::WechatGroup],
            open_only: true,
            ..Default::default()
        },
        sort: RequestSort::Age,
    };
    let id = save_view(&mut store, "微群诉求", &spec, false).unwrap();
    let err = save_view(&mut store, "微群诉求", &spec, false).unwrap_err();
    assert!(matches!(
        err,
        RequestError::Invalid(RequestInvalid::DuplicateViewName(_))
    ));
    let views = list_views(store.conn(), 1).unwrap();
    assert_eq!(views.len(), 5);
    let saved = views.iter().find(|v| v.id == ViewId::Saved(id)).unwrap();
    assert_eq!((saved.name.as_str(), &saved.spec), ("微群诉求", &spec));
    assert!(list_views(store.conn(), 2).unwrap().len() == 4, "private to its owner");
    assert!(delete_view(&mut store, id).unwrap());
}

#[test]
fn similar_open_requests_of_the_same_place_and_category() {
    let (_f, mut store) = fixture();
    let mut target = new(1, "村口路灯坏了", "2026-03-02 09:00:00");
    target.content = "晚上出行不安全".into();
    let t = create_request(&mut store, &target).unwrap();
    let mut same = new(2, "村口的路灯不亮", "2026-03-03 09:00:00");
    same.content = "晚上走路危险".into();
    let s = create_request(&mut store, &same).unwrap();
    create_request(&mut store, &new(2, "邻居堆放杂物", "2026-03-03 10:00:00")).unwrap();
    create_request(&mut store, &new(3, "村口路灯坏了", "2026-03-03 11:00:00")).unwrap(); // other village
    let mut other_cat = new(2, "村口路灯坏了", "2026-03-03 12:00:00");
    other_cat.category_id = Some(2);
    create_request(&mut store, &other_cat).unwrap();
    let found = similar_open_requests(store.conn(), t.id, SIMILAR_THRESHOLD, 5, day(2026, 3, 4)).unwrap();
    assert_eq!(
        found.iter().map(|f| f.row.id).collect::<Vec<_>>(),
        vec![s.id],
        "{found:?}"
    );
    assert!(found[0].score > SIMILAR_THRESHOLD);
}

#[test]
fn editing_type_or_urgency_recomputes_the_due_date() {
    use minqing::domain::request::{Difficulty, Scope};
    use minqing::store::request_edit::{RequestEdit, edit_request};
    let (_f, mut store) = fixture();
    let c = create_request(&mut store, &new(1, "路灯", "2026-03-02 09:00:00")).unwrap();
    let mut edit = RequestEdit {
        title: "村口路灯".into(),
        content: "三盏不亮".into(),
        kind: RequestKind::Help,
        priority: Priority::Normal,
        scope: Scope::Collective,
        difficulty: Difficulty::Easy,
        category_id: Some(1),
        caller_name: None,
        caller_phone: None,
    };
    let e = edit_request(&mut store, c.id, c.version, &edit).unwrap();
    assert_eq!((e.version, e.new_due), (2, None));
    edit.kind = RequestKind::Consultation;
    let e = edit_request(&mut store, c.id, e.version, &edit).unwrap();
    assert_eq!(e.new_due.map(|d| d.due), Some(day(2026, 3, 5)));
    let d = load_request(store.conn(), c.id).unwrap();
    assert_eq!(
        (d.title.as_str(), d.scope, d.due),
        ("村口路灯", Scope::Collective, Some(day(2026, 3, 5)))
    );
    assert!(edit_request(&mut store, c.id, 1, &edit).unwrap_err().is_conflict());
    edit.title = " ".into();
    assert!(matches!(
        edit_request(&mut store, c.id, 3, &edit),
        Err(RequestError::Invalid(RequestInvalid::EmptyTitle))
    ));
    assert_eq!(actions(&store, c.id), ["create", "edit", "edit"]);
}

#[test]
fn intake_validation_is_typed() {
    let (_f, mut store) = fixture();
    let mut r = new(1, "  ", "2026-03-02 09:00:00");
    assert!(matches!(
        create_request(&mut store, &r),
        Err(RequestError::Invalid(RequestInvalid::EmptyTitle))
    ));
    r.title = "标题".into();
    r.household_id = None;
    assert!(matches!(
        create_request(&mut store, &r),
        Err(RequestError::Invalid(RequestInvalid::NoResidentOrCaller))
    ));
    r.household_id = Some(1);
    r.person_id = Some(2); // lives in household 3
    assert!(matches!(
        create_request(&mut store, &r),
        Err(RequestError::Invalid(RequestInvalid::UnknownPerson(2)))
    ));
    r.person_id = None;
    r.household_id = Some(42);
    assert!(matches!(
        create_request(&mut store, &r),
        Err(RequestError::Invalid(RequestInvalid::UnknownHousehold(42)))
    ));
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn concurrent_clerks_never_lose_an_urge() {
    let (f, mut store) = fixture();
    let c = create_request(&mut store, &new(1, "并发催办", "2026-03-02 09:00:00")).unwrap();
    let threads: Vec<_> = ["admin", "wangfang"]
        .into_iter()
        .map(|login| {
            let path = f.path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path, login).unwrap();
                for _ in 0..20 {
                    urge(&mut s, c.id, login).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let d = load_request(store.conn(), c.id).unwrap();
    assert_eq!((d.urge_count, d.version), (40, 1));
    let per_cadre: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM request_events WHERE action = 'urge' AND request_id = ?1",
            [c.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(per_cadre, 40);
}

#[test]
fn urges_and_overdue_count_against_the_cadre() {
    use minqing::store::request_stats::cadre_request_records;
    let (_f, mut store) = fixture();
    let c = create_request(&mut store, &new(1, "催办记录", "2026-03-02 09:00:00")).unwrap();
    urge(&mut store, c.id, "未派遣时催办").unwrap(); // nobody holds it yet
    apply_command(&mut store, c.id, 1, &Command::Assign { cadre_id: 2 }).unwrap();
    urge(&mut store, c.id, "").unwrap();
    let today = chrono::Local::now().date_naive();
    let records = cadre_request_records(store.conn(), today, today, day(2026, 3, 20)).unwrap();
    let li = records.iter().find(|r| r.cadre_id == 2).unwrap();
    assert_eq!((li.cadre_name.as_str(), li.urges, li.overdue_now), ("李强", 1, 1));
    assert_eq!(records.iter().find(|r| r.cadre_id == 1).unwrap().urges, 0);
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A request resolved on the spot, waiting for its callback.
fn resolved_request(store: &mut Store) -> (i64, i64) {
    let mut spot = new(1, "问低保政策", "2026-03-02 09:00:00");
    spot.solved_on_spot = Some("当场解答".into());
    let c = create_request(store, &spot).unwrap();
    (c.id, c.version)
}

fn satisfied() -> CallbackAnswer {
    CallbackAnswer {
        solved: true,
        satisfaction: Satisfaction::Satisfied,
        comment: "满意".into(),
        method: CallbackMethod::Phone,
        knows_cadre: Some(true),
    }
}

#[test]
fn a_callback_that_closes_is_one_transaction() {
    let (_f, mut store) = fixture();
    let (id, version) = resolved_request(&mut store);
    // The close fails: the callback must not stay recorded either.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER no_close BEFORE UPDATE OF status ON requests WHEN NEW.status = 'closed'
             BEGIN SELECT RAISE(ABORT, 'closing is broken'); END;",
        )
        .unwrap();
    let err = record_callback_and_close(&mut store, id, version, &satisfied()).unwrap_err();
    assert!(matches!(err, RequestError::Store(_)), "{err:?}");
    let d = load_request(store.conn(), id).unwrap();
    assert_eq!((d.status, d.version, d.satisfaction), (Status::Resolved, version, None));
    assert_eq!(actions(&store, id), ["create", "solve_on_spot"]);
    assert_eq!(count(&store, "SELECT count(*) FROM callbacks"), 0);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'request.callback'"
        ),
        0
    );
    // Once closing works, the same answer records and closes at once.
    store.conn().execute_batch("DROP TRIGGER no_close").unwrap();
    let done = record_callback_and_close(&mut store, id, version, &satisfied()).unwrap();
    assert_eq!(
        done,
        CallbackDone {
            version: version + 2,
            closed: true
        }
    );
    assert_eq!(load_request(store.conn(), id).unwrap().status, Status::Closed);
    assert_eq!(actions(&store, id), ["create", "solve_on_spot", "callback", "close"]);
    assert_eq!(count(&store, "SELECT count(*) FROM callbacks"), 1);
}

#[test]
fn an_unsatisfied_callback_reopens_instead_of_closing() {
    let (_f, mut store) = fixture();
    let (id, version) = resolved_request(&mut store);
    let answer = CallbackAnswer {
        satisfaction: Satisfaction::Unsatisfied,
        ..satisfied()
    };
    let done = record_callback_and_close(&mut store, id, version, &answer).unwrap();
    assert!(!done.closed);
    assert_eq!(load_request(store.conn(), id).unwrap().status, Status::Received);
    assert_eq!(actions(&store, id), ["create", "solve_on_spot", "callback", "reopen"]);
}

#[test]
fn a_request_raised_during_a_visit_is_created_and_linked_in_one_transaction() {
    let (_f, mut store) = fixture();
    store
        .conn()
        .execute_batch(
            "INSERT INTO visits (id, cadre_id, household_id, kind, visited_on) VALUES
                 (1, 1, 1, 'household', '2026-03-02'), (2, 1, 1, 'household', '2026-03-03')",
        )
        .unwrap();
    let mut raised = new(1, "路灯不亮", "2026-03-02 10:00:00");
    raised.channel = Channel::Visit;
    let c = create_request_on_visit(&mut store, &raised, 1).unwrap();
    assert_eq!(
        count(&store, "SELECT request_id FROM visits WHERE id = 1"),
        c.id,
        "the visit names the request"
    );
    // The link fails (the visit has its request already): no request is
    // left behind without its visit.
    let requests = count(&store, "SELECT count(*) FROM requests");
    let err = create_request_on_visit(&mut store, &raised, 1).unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(count(&store, "SELECT count(*) FROM requests"), requests);
    // So does a link that the database refuses.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER no_link BEFORE UPDATE OF request_id ON visits
             BEGIN SELECT RAISE(ABORT, 'linking is broken'); END;",
        )
        .unwrap();
    assert!(create_request_on_visit(&mut store, &raised, 2).is_err());
    assert_eq!(count(&store, "SELECT count(*) FROM requests"), requests);
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit_log WHERE action = 'request.create'"),
        1
    );
}
