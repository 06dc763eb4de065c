//! The meetings pane for a cadre account (README "A cadre's own grids"):
//! topics, decisions, suggestions and meetings narrowed to those involving
//! its own requests, their evidence counting its residents only. Two
//! cadres of different grids each see their own; a clerk sees everything.

mod common;

use minqing::app::snapshot::Snapshot;
use minqing::domain::request::{Channel, Level, Role};
use minqing::store::accounts::NewUser;
use minqing::store::scope::scope_of;
use minqing::store::{Store, decisions, meeting_ops, request_ops, topics};

/// Logs in `login` and reads the snapshot the loader would give it.
fn snapshot_of(db: &std::path::Path, login: &str) -> Snapshot {
    let store = Store::open(db, login).unwrap();
    let scope = scope_of(store.conn(), store.actor()).unwrap();
    let mut snap = Snapshot::load_in(store.conn(), common::today(), &scope).unwrap();
    let figures = minqing::app::snapshot::Figures::load(store.conn(), common::today(), &scope).unwrap();
    snap.apply_figures(figures);
    snap
}

/// A small demo township with a cadre account `li` for the first grid
/// cadre; the administrator's store is returned open, and the cadre's id.
fn demo_with_cadre_li() -> (tempfile::TempDir, std::path::PathBuf, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 80);
    let mut admin = Store::open(&db, "admin").unwrap();
    let cadre: i64 = admin
        .conn()
        .query_row("SELECT min(cadre_id) FROM grids WHERE cadre_id IS NOT NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    admin
        .add_user(&NewUser {
            login: "li",
            display_name: "li",
            role: Role::Cadre,
            password: "Qingshan-1",
            cadre_id: Some(cadre),
        })
        .unwrap();
    (dir, db, admin, cadre)
}

#[test]
fn two_cadres_each_see_only_their_own_topics_decisions_and_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 80);
    let mut admin = Store::open(&db, "admin").unwrap();
    // Two grid cadres and a household in a grid of each.
    let pick = |not: i64| -> (i64, i64) {
        admin
            .conn()
            .query_row(
                "SELECT g.cadre_id, min(h.id) FROM grids g JOIN households h ON h.grid_id = g.id
                 WHERE g.cadre_id IS NOT NULL AND g.cadre_id <> ?1 GROUP BY g.cadre_id ORDER BY g.cadre_id LIMIT 1",
                [not],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (a, home_a) = pick(0);
    let (b, home_b) = pick(a);
    for (login, cadre) in [("li", a), ("zhao", b)] {
        admin
            .add_user(&NewUser {
                login,
                display_name: login,
                role: Role::Cadre,
                password: "Qingshan-1",
                cadre_id: Some(cadre),
            })
            .unwrap();
    }
    let mut request = |home: i64| {
        let new = request_ops::NewRequest::for_household(home, Channel::Visit, "村道坑洼");
        request_ops::create_request(&mut admin, &new).unwrap().id
    };
    let (ra, rb, ra2) = (request(home_a), request(home_b), request(home_a));
    let topic = |admin: &mut Store, title: &str, ids: Vec<i64>| {
        topics::create_topic(
            admin,
            &topics::NewTopic {
                title: title.into(),
                category_id: None,
                level: Level::Township,
                note: String::new(),
                request_ids: ids,
            },
        )
        .unwrap()
        .id
    };
    let shared = topic(&mut admin, "村道修缮（两个网格）", vec![ra, rb]);
    let only_a = topic(&mut admin, "村道修缮（李的网格）", vec![ra2]);
    // A meeting discussing the shared topic and A's topic, one decision each.
    let meeting = meeting_ops::create_meeting(
        &mut admin,
        &meeting_ops::NewMeeting {
            kind: minqing::model::meetings::MeetingKind::Analysis,
            level: Level::Township,
            title: "村道专题会".into(),
            starts_at: common::today().and_hms_opt(14, 0, 0).unwrap(),
            duration_min: 60,
            place: "镇政府".into(),
            chair_id: None,
        },
    )
    .unwrap();
    let mut decide = |topic_id: i64, text: &str| {
        let item = meeting_ops::add_item(
            &mut admin,
            &meeting_ops::NewItem {
                meeting_id: meeting,
                topic_id: Some(topic_id),
                title: text.into(),
                minutes: 20,
                presenter_id: None,
            },
        )
        .unwrap();
        decisions::add_decision(
            &mut admin,
            &decisions::NewDecision {
                item_id: item,
                text: text.into(),
                owner_id: None,
                deadline: None,
            },
        )
        .unwrap()
    };
    let d_shared = decide(shared, "两个网格一起修");
    let d_a = decide(only_a, "李的网格先修");

    let clerk = snapshot_of(&db, "demo");
    let li = snapshot_of(&db, "li");
    let zhao = snapshot_of(&db, "zhao");
    let topic_ids = |s: &Snapshot| s.topics.iter().map(|t| t.id).collect::<Vec<_>>();
    let decision_ids = |s: &Snapshot| s.decisions.iter().map(|d| d.id).collect::<Vec<_>>();
    assert!(topic_ids(&clerk).contains(&shared) && topic_ids(&clerk).contains(&only_a));
    let clerk_shared = clerk.topics.iter().find(|t| t.id == shared).unwrap();
    assert_eq!(
        clerk_shared.evidence.requests, 2,
        "the clerk's figures are the township's"
    );

    assert_eq!(topic_ids(&li), vec![only_a, shared]);
    assert_eq!(topic_ids(&zhao), vec![shared]);
    for (snap, own, home) in [(&li, ra, home_a), (&zhao, rb, home_b)] {
        let t = snap.topics.iter().find(|t| t.id == shared).unwrap();
        assert_eq!(t.request_ids, vec![own], "only their own request");
        assert_eq!(t.households.iter().copied().collect::<Vec<_>>(), vec![home]);
        assert_eq!(t.evidence.requests, 1);
        assert_eq!(t.evidence.households, 1);
    }
    assert!(decision_ids(&clerk).contains(&d_shared) && decision_ids(&clerk).contains(&d_a));
    assert_eq!(decision_ids(&li).len(), 2);
    assert!(decision_ids(&li).contains(&d_shared) && decision_ids(&li).contains(&d_a));
    assert_eq!(decision_ids(&zhao), vec![d_shared]);
    // The meeting discusses topics of both: both see it; a meeting of
    // neither grid is hidden from both.
    assert!(li.meetings.iter().any(|m| m.id == meeting));
    assert!(zhao.meetings.iter().any(|m| m.id == meeting));
    assert!(
        clerk.meetings.len() > li.meetings.len(),
        "the demo's other meetings are hidden"
    );
    // Suggestions: each cadre's list holds its own requests only, with
    // figures counted from them.
    let own_ids = |login: &str| {
        let s = Store::open(&db, login).unwrap();
        let scope = scope_of(s.conn(), s.actor()).unwrap();
        minqing::store::scope::own_request_ids(s.conn(), &scope)
            .unwrap()
            .unwrap()
    };
    for (snap, login) in [(&li, "li"), (&zhao, "zhao")] {
        let own = own_ids(login);
        for s in &snap.suggestions {
            assert!(s.suggestion.request_ids.iter().all(|id| own.contains(id)), "{login}");
            assert!(s.requests.iter().all(|r| own.contains(&r.id)), "{login}");
            assert_eq!(s.suggestion.evidence.requests, s.suggestion.request_ids.len());
        }
    }
    let in_suggestions = |s: &Snapshot| {
        s.suggestions
            .iter()
            .map(|x| x.suggestion.request_ids.len())
            .sum::<usize>()
    };
    assert!(in_suggestions(&clerk) >= in_suggestions(&li).max(in_suggestions(&zhao)));
}

/// A cadre account opening (or exporting the agenda of) a meeting it does
/// not see is refused by the store and audited as `scope.meeting`; a clerk
/// opens it.
#[test]
fn a_cadre_cannot_open_a_meeting_outside_their_scope() {
    let (_dir, db, mut admin, cadre) = demo_with_cadre_li();
    let meeting = meeting_ops::create_meeting(
        &mut admin,
        &meeting_ops::NewMeeting {
            kind: minqing::model::meetings::MeetingKind::Analysis,
            level: Level::Township,
            title: "别的网格的会".into(),
            starts_at: common::today().and_hms_opt(9, 0, 0).unwrap(),
            duration_min: 30,
            place: "镇政府".into(),
            chair_id: None,
        },
    )
    .unwrap();
    let mut li = Store::open(&db, "li").unwrap();
    let err = li.require_meeting(meeting).unwrap_err();
    assert!(
        matches!(
            err,
            minqing::store::StoreError::Account(minqing::store::accounts::AccountError::MeetingOutsideScope { .. })
        ),
        "{err:?}"
    );
    let export = minqing::export::agenda::build_for(&mut li, meeting, common::today(), false);
    assert!(export.is_err(), "the agenda of a meeting outside the scope");
    let refusals: i64 = admin
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'scope.meeting' AND object = ?1",
            [format!("meeting:{meeting}")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refusals, 2, "both refusals audited");
    // Chairing it brings it into the scope; a clerk always opens it.
    admin
        .conn()
        .execute("UPDATE meetings SET chair_id = ?1 WHERE id = ?2", [cadre, meeting])
        .unwrap();
    li.require_meeting(meeting).unwrap();
    Store::open(&db, "demo").unwrap().require_meeting(meeting).unwrap();
}

#[test]
fn the_in_process_app_of_a_cadre_holds_only_their_grids() {
    // The test harness must show a cadre what the TUI's loader shows them,
    // or cadre screens would be tested against the whole township.
    let (_dir, db, admin, _) = demo_with_cadre_li();
    drop(admin);
    let own = snapshot_of(&db, "li");
    let all = snapshot_of(&db, "admin");
    assert!(own.households.len() < all.households.len());
    let app = common::InProcess::open(&db, "li", common::Lang::Zh);
    let data = app.state.data.as_ref().expect("loaded");
    let ids = |hs: &[minqing::model::register::HouseholdRow]| hs.iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(ids(&data.households), ids(&own.households));
    assert_eq!(data.grids.len(), own.grids.len());
}
