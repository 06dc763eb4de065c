//! What a user sees of residents (README "Accounts and roles"): edit forms
//! keep numbers masked for who may not reveal, and a cadre works only in
//! their own grids.

mod common;

use common::{InProcess, demo_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::ids::mask_phone;
use minqing::text::i18n::Lang;

/// The stored phone of the first member of the household the lookup
/// pane opens first (the card's selected member).
fn stored_phone(app: &InProcess, person_id: i64) -> Option<String> {
    app.svc
        .store
        .conn()
        .query_row("SELECT phone FROM persons WHERE id = ?1", [person_id], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_edit_form_shows_a_masked_phone_and_keeps_the_number_when_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    assert!(!app.state.can_reveal);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let card = app.state.card.as_ref().expect("card").clone();
    let member = card.card.members[card.member()].clone();
    let phone = member.phone.clone().expect("the demo head has a phone");
    app.key(KeyCode::Char('e'));
    let form = app.state.form.as_ref().expect("edit form");
    assert_eq!(form.value("phone"), mask_phone(&phone));
    let screen = app.screen();
    assert!(!screen.contains(&phone), "the full number is nowhere: {screen}");
    // Only the status changes; the masked text stays: the number is kept.
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right);
    let status = app.state.form.as_ref().unwrap().value("status");
    assert_ne!(status, member.status);
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(stored_phone(&app, member.id).as_deref(), Some(phone.as_str()));
    // A new number typed over the mask is saved.
    app.key(KeyCode::Char('e'));
    for _ in 0..11 {
        app.key(KeyCode::Backspace);
    }
    app.typed("13912345678");
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(stored_phone(&app, member.id).as_deref(), Some("13912345678"));
    // A half-edited mask is not a number: refused, nothing saved.
    app.key(KeyCode::Char('e'));
    app.key(KeyCode::Backspace);
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.form.is_some(), "refused");
    assert_eq!(stored_phone(&app, member.id).as_deref(), Some("13912345678"));
}

#[test]
fn a_revealed_card_edits_the_full_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 50);
    let mut app = InProcess::open(&db, "admin", Lang::Zh);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let card = app.state.card.as_ref().expect("card").clone();
    let phone = card.card.members[card.member()].phone.clone().unwrap();
    app.key(KeyCode::Char('e'));
    assert_eq!(
        app.state.form.as_ref().unwrap().value("phone"),
        mask_phone(&phone),
        "not revealed yet"
    );
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('r'));
    assert!(app.state.card.as_ref().unwrap().revealed);
    app.key(KeyCode::Char('e'));
    assert_eq!(app.state.form.as_ref().unwrap().value("phone"), phone);
}

/// A demo township with a cadre account `wang` linked to the grid cadre
/// with the most requests; returns the database, that cadre and their grid ids.
fn with_cadre_account(dir: &std::path::Path) -> (std::path::PathBuf, i64, Vec<i64>) {
    let db = demo_db(dir, 80);
    let mut admin = minqing::store::Store::open(&db, "admin").unwrap();
    let cadre: i64 = admin
        .conn()
        .query_row(
            "SELECT assignee_id FROM requests WHERE assignee_id IN (SELECT cadre_id FROM grids)
             GROUP BY assignee_id ORDER BY count(*) DESC, assignee_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let grids: Vec<i64> = {
        let mut stmt = admin
            .conn()
            .prepare("SELECT id FROM grids WHERE cadre_id = ?1")
            .unwrap();
        stmt.query_map([cadre], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    admin
        .add_user(&minqing::store::accounts::NewUser {
            login: "wang",
            display_name: "王干部",
            role: minqing::domain::request::Role::Cadre,
            password: "Qingshan-1",
            cadre_id: Some(cadre),
        })
        .unwrap();
    (db, cadre, grids)
}

/// A head of household (name, household id) inside or outside `grids`.
fn head_in(db: &std::path::Path, grids: &[i64], inside: bool) -> (String, i64) {
    let conn = minqing::store::open_connection(db).unwrap();
    let list = grids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let not = if inside { "" } else { "NOT" };
    conn.query_row(
        &format!(
            "SELECT p.name, h.id FROM persons p JOIN households h ON h.id = p.household_id
             WHERE p.relation = '户主' AND h.grid_id {not} IN ({list})
               AND (SELECT count(*) FROM persons q WHERE q.name = p.name) = 1
             ORDER BY h.id LIMIT 1"
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn a_cadre_finds_and_opens_only_households_of_their_own_grids() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, grids) = with_cadre_account(dir.path());
    let (own_name, own_household) = head_in(&db, &grids, true);
    let (other_name, other_household) = head_in(&db, &grids, false);
    let mut app = InProcess::open(&db, "wang", Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed(&other_name);
    assert!(
        app.state
            .lookup
            .rows
            .iter()
            .all(|r| r.entry.household_id != other_household),
        "another grid's household is not found"
    );
    app.key(KeyCode::F(2));
    app.typed(&own_name);
    assert!(
        app.state
            .lookup
            .rows
            .iter()
            .any(|r| r.entry.household_id == own_household)
    );
    assert!(app.state.lookup.rows.iter().all(|r| {
        let grid: i64 = app
            .svc
            .store
            .conn()
            .query_row(
                "SELECT grid_id FROM households WHERE id = ?1",
                [r.entry.household_id],
                |x| x.get(0),
            )
            .unwrap();
        grids.contains(&grid)
    }));
    // Opening another grid's card by id (as a link from elsewhere would) is
    // refused and audited; their own opens.
    let msg = minqing::service::lookup::load_card(&app.state, &mut app.svc, other_household, false);
    assert!(
        matches!(&msg, minqing::app::message::Message::Error(t) if t.contains("不在你负责的网格")),
        "{msg:?}"
    );
    let refused: i64 = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'wang' AND action = 'scope.household' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
    let msg = minqing::service::lookup::load_card(&app.state, &mut app.svc, own_household, false);
    assert!(matches!(msg, minqing::app::message::Message::Lookup(_)), "{msg:?}");
}

/// A cadre account's own requests, as SQL on `requests` with the cadre as
/// `?1` (README "A cadre's own grids"): assigned to it, or of a household
/// in its grids, or of an outside caller located there.
const OWN: &str = "(assignee_id = ?1
    OR household_id IN (SELECT h.id FROM households h JOIN grids g ON g.id = h.grid_id WHERE g.cadre_id = ?1)
    OR (household_id IS NULL AND caller_grid_id IN (SELECT id FROM grids WHERE cadre_id = ?1)))";

#[test]
fn a_cadre_sees_the_requests_assigned_to_them_and_those_of_their_grids() {
    use minqing::store::request_query::{QueryContext, list_requests};
    let dir = tempfile::tempdir().unwrap();
    let (db, cadre, _) = with_cadre_account(dir.path());
    let wang = minqing::store::Store::open(&db, "wang").unwrap();
    let ctx = QueryContext::for_store(&wang).unwrap();
    assert!(ctx.only_assigned);
    let filter = minqing::model::requests::RequestFilter::default();
    let seen = list_requests(wang.conn(), &filter, Default::default(), &ctx).unwrap();
    let count = |sql: &str| -> i64 { wang.conn().query_row(sql, [cadre], |r| r.get(0)).unwrap() };
    let own = count(&format!("SELECT count(*) FROM requests WHERE {OWN}"));
    let assigned = count("SELECT count(*) FROM requests WHERE assignee_id = ?1");
    let all = count("SELECT count(*) FROM requests WHERE ?1 IS NOT NULL");
    assert!(
        assigned > 0 && own > assigned && all > own,
        "the demo has requests of their grids assigned to others, and of other grids: {assigned} {own} {all}"
    );
    assert_eq!(seen.len() as i64, own);
    // The paged table lists the same.
    let query = minqing::model::requests::TableQuery::View {
        filter: Box::new(filter.clone()),
        sort: Default::default(),
    };
    assert_eq!(
        minqing::store::request_pages::count(wang.conn(), &query, &ctx).unwrap() as i64,
        own
    );
    // A clerk's table is not narrowed.
    let clerk = minqing::store::Store::open(&db, "demo").unwrap();
    let ctx = QueryContext::for_store(&clerk).unwrap();
    assert!(!ctx.only_assigned);
    assert_eq!(
        list_requests(clerk.conn(), &filter, Default::default(), &ctx)
            .unwrap()
            .len() as i64,
        all
    );
}

/// Acting on, or opening, a request of another grid not assigned to them is
/// refused in the store, logged under the cadre's login, and the sentence
/// says who may; logging a request for another grid's household too. Their
/// own grid's requests work as before.
#[test]
fn a_cadre_acts_only_on_their_own_requests() {
    use minqing::domain::request::Channel;
    use minqing::store::request_ops::{self, NewRequest};
    use minqing::store::request_query;
    let dir = tempfile::tempdir().unwrap();
    let (db, cadre, grids) = with_cadre_account(dir.path());
    let (_, own_household) = head_in(&db, &grids, true);
    let (_, other_household) = head_in(&db, &grids, false);
    let mut wang = minqing::store::Store::open(&db, "wang").unwrap();
    let other: i64 = wang
        .conn()
        .query_row(
            &format!("SELECT id FROM requests WHERE NOT {OWN} ORDER BY id LIMIT 1"),
            [cadre],
            |r| r.get(0),
        )
        .unwrap();
    let refusals = |s: &minqing::store::Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE user = 'wang' AND action = 'scope.request' AND outcome = 'refused'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let urges = |s: &minqing::store::Store| -> i64 {
        s.conn()
            .query_row("SELECT urge_count FROM requests WHERE id = ?1", [other], |r| r.get(0))
            .unwrap()
    };
    let before = urges(&wang);
    let err = request_ops::urge(&mut wang, other, "催一下").unwrap_err();
    assert_eq!(urges(&wang), before, "nothing changed");
    assert_eq!(refusals(&wang), 1);
    let text = minqing::text::i18n::request_error(Lang::Zh, &err, None);
    assert!(
        text.contains("不在你负责的网格") && text.contains("管理员或领导或文员"),
        "{text}"
    );
    let text = minqing::text::i18n::request_error(Lang::En, &err, None);
    assert!(text.contains("admin or leader or clerk"), "{text}");
    assert!(request_query::open_request(&mut wang, other).is_err());
    assert_eq!(refusals(&wang), 2, "opening it is refused and logged too");
    let new = NewRequest::for_household(other_household, Channel::Visit, "门口路灯坏了");
    let err = request_ops::create_request(&mut wang, &new).unwrap_err();
    assert!(
        minqing::text::i18n::request_error(Lang::Zh, &err, None).contains("这户不在你负责的网格里"),
        "{err:?}"
    );
    assert_eq!(refusals(&wang), 3);
    // Their own grid: logged, opened, urged.
    let new = NewRequest::for_household(own_household, Channel::Visit, "门口路灯坏了");
    let created = request_ops::create_request(&mut wang, &new).unwrap();
    assert_eq!(
        request_query::open_request(&mut wang, created.id).unwrap().id,
        created.id
    );
    request_ops::urge(&mut wang, created.id, "催一下").unwrap();
    assert_eq!(refusals(&wang), 3);
    // The requests pane's detail goes through the same read.
    let mut app = InProcess::open(&db, "wang", Lang::Zh);
    let msg = minqing::service::requests::open(&app.state, &mut app.svc, other);
    assert!(
        matches!(&msg, minqing::app::message::Message::Error(t) if t.contains("没有派给你")),
        "{msg:?}"
    );
}

/// The grid map, its side panel, the register list and the assessment pane
/// all draw the snapshot the loader reads for the logged-in user: for a
/// cadre account it holds their grids, their households, their own row
/// of figures, and the callbacks due and overdue count of their own
/// requests (`Store::scope`).
#[test]
fn a_cadre_sees_only_their_grids_on_the_map_the_assessment_and_the_callbacks() {
    use minqing::app::event::AppEvent;
    use minqing::store::request_query::callbacks_due;
    use minqing::store::scope::SessionScope;
    use std::collections::BTreeSet;
    let dir = tempfile::tempdir().unwrap();
    let (db, cadre, grids) = with_cadre_account(dir.path());
    let own: BTreeSet<i64> = grids.iter().copied().collect();
    // One resolved request of this cadre and one of another await a callback.
    let mut admin = minqing::store::Store::open(&db, "admin").unwrap();
    let other: i64 = admin
        .conn()
        .query_row(
            "SELECT id FROM cadres WHERE active = 1 AND id <> ?1 ORDER BY id LIMIT 1",
            [cadre],
            |r| r.get(0),
        )
        .unwrap();
    let household: i64 = admin
        .conn()
        .query_row("SELECT min(id) FROM households", [], |r| r.get(0))
        .unwrap();
    let received: Vec<(i64, i64)> = (0..2)
        .map(|_| {
            let new = minqing::store::request_ops::NewRequest::for_household(
                household,
                minqing::domain::request::Channel::Visit,
                "路灯不亮",
            );
            let c = minqing::store::request_ops::create_request(&mut admin, &new).unwrap();
            (c.id, c.version)
        })
        .collect();
    for ((id, version), to) in received.into_iter().zip([cadre, other]) {
        use minqing::domain::workflow::Command;
        use minqing::store::request_ops::apply_command;
        let v = apply_command(&mut admin, id, version, &Command::Assign { cadre_id: to }).unwrap();
        let resolve = Command::Resolve {
            resolution: "已处理".into(),
            solved: true,
        };
        apply_command(&mut admin, id, v, &resolve).unwrap();
    }
    let wang = minqing::store::Store::open(&db, "wang").unwrap();
    let count = |sql: &str| -> i64 { wang.conn().query_row(sql, [cadre], |r| r.get(0)).unwrap() };
    // The loader as the TUI starts it for this user.
    let (tx, rx) = std::sync::mpsc::channel();
    let _loader = minqing::app::loader::Loader::spawn(db.clone(), tx, wang.actor().clone());
    let snap = loop {
        match rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("the loader answers")
        {
            AppEvent::Snapshot(s) => break s,
            AppEvent::LoadFailed(e) => panic!("{e:?}"),
            _ => {}
        }
    };
    let ids = |it: &mut dyn Iterator<Item = i64>| it.collect::<BTreeSet<i64>>();
    assert_eq!(ids(&mut snap.grids.iter().map(|g| g.id)), own, "map cells");
    assert_eq!(
        ids(&mut snap.assessment.grids.iter().map(|g| g.grid_id)),
        own,
        "side panel figures"
    );
    assert_eq!(
        snap.households.len() as i64,
        count("SELECT count(*) FROM households WHERE grid_id IN (SELECT id FROM grids WHERE cadre_id = ?1)"),
        "register list"
    );
    assert!(snap.households.iter().all(|h| own.contains(&h.grid_id)));
    for p in &snap.assessment.periods {
        assert_eq!(
            p.cadres.iter().map(|u| u.id).collect::<Vec<_>>(),
            vec![cadre],
            "{:?}",
            p.period
        );
        assert_eq!(ids(&mut p.grids.iter().map(|u| u.id)), own);
    }
    let mine_due = count(&format!(
        "SELECT count(*) FROM requests WHERE status = 'resolved' AND {OWN}"
    ));
    assert!(mine_due > 0);
    assert_eq!(snap.callbacks_due as i64, mine_due);
    assert_eq!(
        snap.overdue,
        count(&format!(
            "SELECT count(*) FROM requests WHERE {OWN} AND due_at < date('now')
               AND status IN ('received','assigned','in_progress','escalated')"
        ))
    );
    // The callbacks view of the requests pane lists the same requests.
    let today = chrono::Local::now().date_naive();
    let scope = wang.scope().unwrap();
    let due = callbacks_due(wang.conn(), today, &scope).unwrap();
    assert_eq!(due.len() as i64, mine_due);
    let ctx = minqing::store::request_query::QueryContext::for_store(&wang).unwrap();
    let query = minqing::model::requests::TableQuery::CallbacksDue;
    assert_eq!(
        minqing::store::request_pages::count(wang.conn(), &query, &ctx).unwrap() as i64,
        mine_due,
        "the paged table's callbacks view"
    );
    // The whole township has more: the other grids are really left out.
    let whole = minqing::app::snapshot::Snapshot::load(wang.conn(), today).unwrap();
    assert!(whole.grids.len() > snap.grids.len());
    assert!(whole.households.len() > snap.households.len());
    assert!(
        callbacks_due(wang.conn(), today, &SessionScope::All).unwrap().len() > due.len(),
        "the demo has callbacks due of other cadres"
    );
}
