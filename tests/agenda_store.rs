//! Topics, meetings and decisions against a real database: suggestions
//! accepted through the request layer, escalation, agenda editing, the
//! representative warning, decisions closing the loop with callbacks, and
//! the exports compared with golden files.

mod common;

use chrono::NaiveDate;
use common::{count, demo_db, today};
use minqing::domain::meetings::{TimeCheck, unrepresented};
use minqing::domain::request::Level;
use minqing::export::agenda::{self as export, Format};
use minqing::model::meetings::MeetingKind;
use minqing::store::Store;
use minqing::store::agenda_error::{AgendaError, AgendaInvalid};
use minqing::store::meeting_ops::{self, NewItem, NewMeeting, Participant, load_meeting};
use minqing::store::request_query::callbacks_due;
use minqing::store::{decisions, topics};
use minqing::text::i18n::Lang;

fn open(dir: &std::path::Path) -> Store {
    open_as(dir, "demo")
}

/// The demo township open as `login` (`admin` may record decisions, which
/// the demo clerk may not: README "Accounts and roles").
fn open_as(dir: &std::path::Path, login: &str) -> Store {
    let db = demo_db(dir, 300);
    Store::open(&db, login).expect("store")
}

fn new_meeting(store: &mut Store, kind: &str) -> i64 {
    meeting_ops::create_meeting(
        store,
        &NewMeeting {
            kind: MeetingKind::parse(kind).expect("a meeting kind"),
            level: Level::Township,
            title: "测试会议".into(),
            starts_at: NaiveDate::from_ymd_opt(2026, 12, 3)
                .unwrap()
                .and_hms_opt(14, 30, 0)
                .unwrap(),
            duration_min: 60,
            place: "镇政府三楼会议室".into(),
            chair_id: None,
        },
    )
    .expect("meeting")
}

/// Three street-light reports from households of one grid, received in
/// the last days: a suggestion. Returns their ids.
fn seed_similar(store: &mut Store) -> Vec<i64> {
    common::seed_street_lights(store)
}

/// The suggestion made of `ids`.
fn suggestion_of(store: &Store, ids: &[i64]) -> minqing::domain::topics::Suggestion {
    topics::suggestions(store.conn(), today())
        .expect("suggestions")
        .into_iter()
        .map(|s| s.suggestion)
        .find(|s| ids.iter().all(|id| s.request_ids.contains(id)))
        .expect("the seeded requests form a suggestion")
}

/// A topic made from the seeded suggestion; returns (topic id, its requests).
fn accept_first(store: &mut Store) -> (i64, Vec<i64>) {
    let ids = seed_similar(store);
    let first = suggestion_of(store, &ids);
    let created = topics::create_topic(
        store,
        &topics::NewTopic {
            title: first.title.clone(),
            category_id: first.category_id,
            level: Level::Township,
            note: String::new(),
            request_ids: first.request_ids.clone(),
        },
    )
    .expect("accept");
    assert_eq!(created.merged, first.request_ids);
    (created.id, first.request_ids)
}

#[test]
fn accepting_a_suggestion_merges_each_request_with_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let (topic, ids) = accept_first(&mut store);
    for id in &ids {
        let (status, topic_id): (String, Option<i64>) = store
            .conn()
            .query_row("SELECT status, topic_id FROM requests WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((status.as_str(), topic_id), ("merged", Some(topic)));
        let events = count(
            &store,
            &format!("SELECT count(*) FROM request_events WHERE request_id = {id} AND action = 'merge_topic'"),
        );
        assert_eq!(events, 1);
    }
    // The suggestion is gone (its requests are in a topic now) and the topic has its evidence.
    let left = topics::suggestions(store.conn(), today()).unwrap();
    assert!(left.iter().all(|s| !s.suggestion.request_ids.contains(&ids[0])));
    let row = topics::list_topics(store.conn(), today())
        .unwrap()
        .into_iter()
        .find(|t| t.id == topic)
        .unwrap();
    assert_eq!(row.evidence.requests, ids.len());
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit_log WHERE action = 'topic.create'"),
        1
    );
    // An empty title is refused with a reason, and audited.
    let err = topics::create_topic(
        &mut store,
        &topics::NewTopic {
            title: " ".into(),
            category_id: None,
            level: Level::Township,
            note: String::new(),
            request_ids: vec![],
        },
    )
    .unwrap_err();
    assert!(matches!(err, AgendaError::Invalid(AgendaInvalid::EmptyTitle)));
}

#[test]
fn dismissed_suggestions_stay_away() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let ids = seed_similar(&mut store);
    let first = suggestion_of(&store, &ids);
    topics::dismiss_suggestion(&mut store, first.category_id, &first.request_ids).unwrap();
    let after = topics::suggestions(store.conn(), today()).unwrap();
    assert!(after.iter().all(|x| x.suggestion.request_ids != first.request_ids));
}

#[test]
fn escalating_a_topic_escalates_its_requests_with_one_event_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let (topic, ids) = accept_first(&mut store);
    let version = common::version_of(&store, "topics", topic);
    // Not higher: refused.
    let err = topics::escalate_topic(&mut store, topic, version, Level::Township, "").unwrap_err();
    assert!(matches!(err, AgendaError::Invalid(AgendaInvalid::LevelNotHigher(_))));
    let below: i64 = count(
        &store,
        &format!("SELECT count(*) FROM requests WHERE topic_id = {topic} AND level <> 'city'"),
    );
    let moved = topics::escalate_topic(&mut store, topic, version, Level::City, "需市级协调").unwrap();
    assert_eq!(moved as i64, below);
    for id in &ids {
        let level: String = store
            .conn()
            .query_row("SELECT level FROM requests WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(level, "city");
    }
    let events = count(
        &store,
        &format!(
            "SELECT count(*) FROM request_events WHERE action = 'escalate' AND request_id IN (SELECT request_id FROM topic_requests WHERE topic_id = {topic})"
        ),
    );
    assert_eq!(events, below);
    // The topics list reads the level as the enum the panes draw.
    let row = topics::list_topics(store.conn(), today())
        .unwrap()
        .into_iter()
        .find(|t| t.id == topic)
        .unwrap();
    assert_eq!((row.level, row.status.code()), (Level::City, "escalated"));
    // A stale version is a conflict, not an overwrite.
    let err = topics::escalate_topic(&mut store, topic, version, Level::City, "").unwrap_err();
    assert!(matches!(
        err,
        AgendaError::Invalid(AgendaInvalid::LevelNotHigher(_)) | AgendaError::Store(_)
    ));
}

#[test]
fn agenda_editing_add_remove_reorder_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let (topic, _) = accept_first(&mut store);
    let m = new_meeting(&mut store, "analysis");
    let add = |store: &mut Store, title: &str, minutes, topic_id| {
        meeting_ops::add_item(
            store,
            &NewItem {
                meeting_id: m,
                topic_id,
                title: title.into(),
                minutes,
                presenter_id: None,
            },
        )
    };
    let a = add(&mut store, "通报", 15, None).unwrap();
    let b = add(&mut store, "议题研判", 30, Some(topic)).unwrap();
    let c = add(&mut store, "其他事项", 20, None).unwrap();
    // The same topic twice is refused.
    assert!(matches!(
        add(&mut store, "again", 10, Some(topic)),
        Err(AgendaError::Invalid(AgendaInvalid::AlreadyOnAgenda(_)))
    ));
    assert!(matches!(
        add(&mut store, "too long", 500, None),
        Err(AgendaError::Invalid(AgendaInvalid::BadMinutes(500)))
    ));
    let order = |store: &Store| -> Vec<i64> {
        load_meeting(store.conn(), m, today())
            .unwrap()
            .items
            .iter()
            .map(|i| i.id)
            .collect()
    };
    assert_eq!(order(&store), vec![a, b, c]);
    assert!(meeting_ops::move_item(&mut store, c, -1).unwrap());
    assert_eq!(order(&store), vec![a, c, b]);
    assert!(!meeting_ops::move_item(&mut store, a, -1).unwrap(), "already first");
    meeting_ops::remove_item(&mut store, a).unwrap();
    let detail = load_meeting(store.conn(), m, today()).unwrap();
    assert_eq!(detail.items.iter().map(|i| i.position).collect::<Vec<_>>(), vec![1, 2]);
    let check = TimeCheck::new(detail.items.iter().map(|i| i.minutes_allotted), detail.duration_min);
    assert_eq!((check.total, check.left(), check.over()), (50, 10, 0));
    let v = detail.items[0].version;
    meeting_ops::set_item_minutes(&mut store, c, v, 45).unwrap();
    let detail = load_meeting(store.conn(), m, today()).unwrap();
    let check = TimeCheck::new(detail.items.iter().map(|i| i.minutes_allotted), detail.duration_min);
    assert_eq!(check.over(), 15);
    // A stale version is a conflict.
    assert!(matches!(
        meeting_ops::set_item_minutes(&mut store, c, v, 20),
        Err(AgendaError::Store(minqing::store::StoreError::Conflict { .. }))
    ));
}

#[test]
fn deliberation_meeting_warns_until_a_representative_of_the_topic_attends() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let (topic, ids) = accept_first(&mut store);
    let m = new_meeting(&mut store, "deliberation");
    meeting_ops::add_item(
        &mut store,
        &NewItem {
            meeting_id: m,
            topic_id: Some(topic),
            title: "议事".into(),
            minutes: 30,
            presenter_id: None,
        },
    )
    .unwrap();
    let detail = load_meeting(store.conn(), m, today()).unwrap();
    assert_eq!(unrepresented(&detail.affected, &detail.representatives()), vec![topic]);
    // A resident from an affected household: no more warning.
    let person: i64 = store
        .conn()
        .query_row(
            "SELECT p.id FROM persons p JOIN requests r ON r.household_id = p.household_id WHERE r.id = ?1 LIMIT 1",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    let candidates = meeting_ops::representative_candidates(store.conn(), m, 50).unwrap();
    assert!(candidates.iter().any(|c| c.0 == person));
    meeting_ops::add_participant(&mut store, m, Participant::Representative(person)).unwrap();
    assert!(matches!(
        meeting_ops::add_participant(&mut store, m, Participant::Representative(person)),
        Err(AgendaError::Invalid(AgendaInvalid::AlreadyParticipant))
    ));
    let detail = load_meeting(store.conn(), m, today()).unwrap();
    assert!(unrepresented(&detail.affected, &detail.representatives()).is_empty());
}

#[test]
fn decision_progress_flags_and_callbacks_when_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_as(dir.path(), "admin");
    let (topic, ids) = accept_first(&mut store);
    let m = new_meeting(&mut store, "analysis");
    let item = meeting_ops::add_item(
        &mut store,
        &NewItem {
            meeting_id: m,
            topic_id: Some(topic),
            title: "研判".into(),
            minutes: 30,
            presenter_id: None,
        },
    )
    .unwrap();
    let past = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let id = decisions::add_decision(
        &mut store,
        &decisions::NewDecision {
            item_id: item,
            text: "年底前完成整改".into(),
            owner_id: None,
            deadline: Some(past),
        },
    )
    .unwrap();
    let board = decisions::board(store.conn(), today()).unwrap();
    let row = board.iter().find(|d| d.id == id).unwrap();
    assert_eq!(row.flags.overdue_days, Some(25));
    assert!(board[0].flags.overdue_days.is_some(), "overdue first");
    // Progress: refused out of range, recorded in range.
    assert!(matches!(
        decisions::record_progress(&mut store, id, row.version, 150, ""),
        Err(AgendaError::Decision(_))
    ));
    let v = decisions::record_progress(&mut store, id, row.version, 40, "施工队进场").unwrap();
    let row = decisions::board(store.conn(), today())
        .unwrap()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap();
    assert_eq!(
        (row.progress, row.status.code(), row.notes.len()),
        (40, "in_progress", 1)
    );
    decisions::evaluate(&mut store, id, decisions::EvalKind::Mid, 80, "群众基本满意").unwrap();
    // The meeting's builder and export read the very rows the board shows.
    let on_board = decisions::board(store.conn(), today())
        .unwrap()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap();
    let detail = load_meeting(store.conn(), m, today()).unwrap();
    let in_item = detail.items.iter().find(|i| i.id == item).unwrap();
    assert_eq!(in_item.decisions, vec![on_board.clone()]);
    assert_eq!((on_board.notes.len(), on_board.evaluations.len()), (1, 1));
    assert_eq!(on_board.deadline.as_deref(), Some("2026-11-01"));
    // Done: every merged request of the topic is due a callback.
    let before = callbacks_due(store.conn(), today(), &minqing::store::scope::SessionScope::All)
        .unwrap()
        .len();
    let due = decisions::mark_done(&mut store, id, v).unwrap();
    assert_eq!(due, ids);
    let after = callbacks_due(store.conn(), today(), &minqing::store::scope::SessionScope::All).unwrap();
    assert_eq!(after.len(), before + ids.len());
    for rid in &ids {
        assert!(after.iter().any(|r| r.id == *rid), "request {rid} awaits a callback");
        let events = count(
            &store,
            &format!("SELECT count(*) FROM request_events WHERE request_id = {rid} AND to_status = 'resolved'"),
        );
        assert_eq!(events, 1);
        // A workflow step like any other: a language-neutral event (kind +
        // decision id), the decision's own text as the resolution.
        let (action, from, note, resolution): (String, String, String, String) = store
            .conn()
            .query_row(
                "SELECT e.action, e.from_status, e.note, r.resolution FROM request_events e
                 JOIN requests r ON r.id = e.request_id WHERE e.request_id = ?1 AND e.to_status = 'resolved'",
                [rid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(
            (action.as_str(), from.as_str(), note, resolution.as_str()),
            ("decision_done", "merged", format!("decision:{id}"), "年底前完成整改")
        );
        assert_eq!(
            count(
                &store,
                &format!(
                    "SELECT count(*) FROM audit_log WHERE action = 'request.decision_done' AND object = 'request:{rid}'"
                ),
            ),
            1
        );
    }
    // The request layer takes it from here: the callback is recorded as usual.
    let rv = common::version_of(&store, "requests", ids[0]);
    let answer = minqing::store::request_ops::CallbackAnswer {
        solved: true,
        satisfaction: minqing::domain::request::Satisfaction::Satisfied,
        comment: "路灯已修好".into(),
        method: minqing::domain::request::CallbackMethod::Phone,
        knows_cadre: Some(true),
    };
    minqing::store::request_ops::record_callback(&mut store, ids[0], rv, &answer).expect("callback");
    assert!(
        !callbacks_due(store.conn(), today(), &minqing::store::scope::SessionScope::All)
            .unwrap()
            .iter()
            .any(|r| r.id == ids[0])
    );
    let topic_status: String = store
        .conn()
        .query_row("SELECT status FROM topics WHERE id = ?1", [topic], |r| r.get(0))
        .unwrap();
    assert_eq!(topic_status, "closed");
    // Done decisions leave the open board and cannot be changed again.
    let row = decisions::board(store.conn(), today())
        .unwrap()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap();
    assert!(!row.is_open());
    assert!(matches!(
        decisions::mark_done(&mut store, id, row.version),
        Err(AgendaError::Decision(_))
    ));
}

#[test]
fn a_decision_is_done_only_with_all_its_requests_back_for_callbacks() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_as(dir.path(), "admin");
    let (topic, ids) = accept_first(&mut store);
    let m = new_meeting(&mut store, "analysis");
    let item = meeting_ops::add_item(
        &mut store,
        &NewItem {
            meeting_id: m,
            topic_id: Some(topic),
            title: "研判".into(),
            minutes: 30,
            presenter_id: None,
        },
    )
    .unwrap();
    let id = decisions::add_decision(
        &mut store,
        &decisions::NewDecision {
            item_id: item,
            text: "更换路灯".into(),
            owner_id: None,
            deadline: None,
        },
    )
    .unwrap();
    let v = common::version_of(&store, "decisions", id);
    // The last request cannot leave merged: the decision is not done either.
    store
        .conn()
        .execute_batch(&format!(
            "CREATE TRIGGER stuck BEFORE UPDATE OF status ON requests WHEN OLD.id = {} AND NEW.status = 'resolved'
             BEGIN SELECT RAISE(ABORT, 'stuck'); END;",
            ids[ids.len() - 1]
        ))
        .unwrap();
    assert!(decisions::mark_done(&mut store, id, v).is_err());
    let status: String = store
        .conn()
        .query_row("SELECT status FROM decisions WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "planned");
    assert_eq!(
        count(
            &store,
            &format!("SELECT count(*) FROM decision_progress WHERE decision_id = {id}")
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM request_events WHERE action = 'decision_done'"
        ),
        0
    );
    for rid in &ids {
        assert_eq!(
            count(
                &store,
                &format!("SELECT count(*) FROM requests WHERE id = {rid} AND status = 'merged'")
            ),
            1
        );
    }
    // Fixed, the same version goes through.
    store.conn().execute_batch("DROP TRIGGER stuck").unwrap();
    assert_eq!(decisions::mark_done(&mut store, id, v).unwrap(), ids);
}

fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create)", path.display()));
    assert_eq!(actual, expected, "{name} differs from the golden file");
}

#[test]
fn exports_match_the_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    // The demo's deliberation meeting: agenda, representatives, a topic with requests.
    let meeting: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM meetings WHERE kind = 'deliberation' ORDER BY starts_at, id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let doc = export::build(store.conn(), meeting, today()).unwrap();
    assert!(!doc.requests.is_empty());
    golden("agenda_zh.md", &export::markdown(&doc, Lang::Zh));
    golden("agenda_en.md", &export::markdown(&doc, Lang::En));
    let txt = export::plain_text(&doc, Lang::Zh);
    for line in txt.lines() {
        assert!(
            minqing::text::width(line.trim_start_matches('\u{c}')) <= export::A4_COLUMNS,
            "wider than A4: {line}"
        );
    }
    golden("agenda_zh.txt", &txt);
    golden("agenda_zh.csv", &export::csv(&doc, Lang::Zh).unwrap());
    // Written 0600 and audited.
    let out = dir.path().join("agenda.md");
    export::export(&mut store, meeting, Format::Md, &out, Lang::Zh, today()).unwrap();
    assert_eq!(common::mode_of(&out), 0o600);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), export::markdown(&doc, Lang::Zh));
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit_log WHERE action = 'agenda.export'"),
        1
    );
    // An unknown meeting is a sentence, not a file.
    let bad = dir.path().join("none.md");
    assert!(export::export(&mut store, 9999, Format::Md, &bad, Lang::Zh, today()).is_err());
    assert!(!bad.exists());
}

#[test]
fn manual_topic_takes_requests_later_and_renames_with_a_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let ids = seed_similar(&mut store);
    let created = topics::create_topic(
        &mut store,
        &topics::NewTopic {
            title: "村口路灯".into(),
            category_id: None,
            level: Level::Township,
            note: "手动建立".into(),
            request_ids: vec![],
        },
    )
    .unwrap();
    assert!(created.merged.is_empty());
    // Requests added from the triage table later: merged with events.
    let added = topics::add_requests(&mut store, created.id, &ids[..2]).unwrap();
    assert_eq!(added.merged, ids[..2].to_vec());
    // Adding them again: nothing open to merge, said so.
    assert!(matches!(
        topics::add_requests(&mut store, created.id, &ids[..2]),
        Err(AgendaError::Invalid(AgendaInvalid::NoOpenRequests))
    ));
    let v = common::version_of(&store, "topics", created.id);
    topics::rename_topic(&mut store, created.id, v, "村口路灯维修").unwrap();
    assert!(matches!(
        topics::rename_topic(&mut store, created.id, v, "旧版本"),
        Err(AgendaError::Store(minqing::store::StoreError::Conflict { .. }))
    ));
    assert!(matches!(
        topics::rename_topic(&mut store, created.id, v + 1, "  "),
        Err(AgendaError::Invalid(AgendaInvalid::EmptyTitle))
    ));
}
