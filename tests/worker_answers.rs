//! The worker answers effects later than the keys that asked for them
//! (README "Architecture"). These tests hold the answers back on purpose:
//! a key pressed before an answer arrives must still do what it would do
//! once the answer is there, and only reads of the same kind supersede
//! each other, never what the user opened.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minqing::app::event::AppEvent;
use minqing::app::keymap::Keymap;
use minqing::app::run::Worker;
use minqing::app::snapshot::Snapshot;
use minqing::app::state::State;
use minqing::panes::PaneId;
use minqing::text::i18n::Lang;
use std::path::Path;
use std::sync::mpsc::Receiver;

struct App {
    state: State,
    keymap: Keymap,
    worker: Worker,
    answers: Receiver<AppEvent>,
}

impl App {
    /// The demo township with the index handed to the worker; its first
    /// answers are taken.
    fn open(db: &Path) -> App {
        let store = minqing::store::Store::open(db, "demo").expect("store");
        let index = minqing::store::lookup::load_index(store.conn()).expect("index");
        let (tx, answers) = std::sync::mpsc::channel();
        let worker = Worker::spawn(minqing::service::Services::new(store), tx);
        let mut app = App {
            state: common::loaded_state(db, Lang::Zh),
            keymap: Keymap::default_map(),
            worker,
            answers,
        };
        app.event(AppEvent::IndexReady(std::sync::Arc::new(index)));
        app.answer_all();
        app
    }

    fn event(&mut self, event: AppEvent) {
        self.worker.step(&mut self.state, &self.keymap, event);
    }

    /// A key, handled at once; its effects' answers wait for `answer_all`.
    fn key(&mut self, code: KeyCode) {
        self.event(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn typed(&mut self, text: &str) {
        text.chars().for_each(|c| self.key(KeyCode::Char(c)));
    }

    /// Takes every answer owed, in the order the worker sends them.
    fn answer_all(&mut self) {
        while self.state.pending > 0 {
            let event = self
                .answers
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the worker answers");
            self.event(event);
        }
    }

    fn card_id(&self) -> Option<i64> {
        self.state.card.as_ref().map(|c| c.card.id)
    }
}

/// A household head's name and household, found by that name first.
fn a_head(db: &Path) -> (String, i64) {
    let conn = minqing::store::open_connection(db).expect("open");
    conn.query_row(
        "SELECT p.name, p.household_id FROM persons p WHERE p.relation = '户主'
         AND (SELECT count(*) FROM persons q WHERE q.name = p.name) = 1 ORDER BY p.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("a head with a name of their own")
}

#[test]
fn enter_before_the_results_arrive_opens_the_card_of_what_the_query_finds() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 200);
    let (name, household) = a_head(&db);
    let mut app = App::open(&db);
    app.key(KeyCode::F(2));
    app.typed(&name);
    // Enter while the search is still on the worker: the results shown are
    // an older query's, and there are none yet.
    app.key(KeyCode::Enter);
    assert_eq!(app.card_id(), None);
    app.answer_all();
    assert_eq!(app.card_id(), Some(household), "the card of the first result opens");
    assert!(!app.state.lookup.focused);
}

#[test]
fn enter_before_the_results_arrive_picks_the_resident_of_a_new_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 200);
    let (name, household) = a_head(&db);
    let mut app = App::open(&db);
    app.key(KeyCode::Char('3'));
    app.answer_all();
    app.key(KeyCode::Char('n'));
    assert!(app.state.lookup.picking_for_request);
    app.typed(&name);
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    app.answer_all();
    let form = app.state.form.as_ref().expect("the new request form opens");
    assert!(
        matches!(&form.kind, minqing::app::form::FormKind::NewRequest { household_id: Some(h), .. } if *h == household),
        "{:?}",
        form.kind
    );
    assert_eq!(app.state.pane, PaneId::REQUESTS);
}

#[test]
fn a_card_opened_is_not_replaced_by_a_later_refresh_of_the_card_that_was_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 200);
    let mut app = App::open(&db);
    // Card B open (the first household of the register).
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    app.answer_all();
    let b = app.card_id().expect("card B");
    // In the triage table, a request of another household; its detail.
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('v')); // all requests
    app.answer_all();
    let conn = minqing::store::open_connection(&db).expect("open");
    let household_of = |id: i64| -> Option<i64> {
        conn.query_row("SELECT household_id FROM requests WHERE id = ?1", [id], |r| r.get(0))
            .expect("request")
    };
    let row = app
        .state
        .requests
        .rows
        .iter()
        .position(|r| household_of(r.id).is_some_and(|h| h != b))
        .expect("a request of another household");
    let a = household_of(app.state.requests.rows[row].id).unwrap();
    for _ in 0..row {
        app.key(KeyCode::Down);
    }
    app.answer_all();
    app.key(KeyCode::Enter);
    app.answer_all();
    assert!(app.state.requests.detail.is_some());
    // Open household A's card; before its answer, another clerk's commit
    // refreshes what is open, card B among it.
    app.key(KeyCode::Char('h'));
    let snap = Snapshot::load(&conn, common::today()).expect("snapshot");
    app.event(AppEvent::Snapshot(Box::new(snap)));
    app.answer_all();
    assert_eq!(app.card_id(), Some(a), "the card asked for, not the refreshed one");
}

#[test]
fn a_refresh_answered_after_the_detail_closed_does_not_reopen_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 200);
    let mut app = App::open(&db);
    app.key(KeyCode::Char('3'));
    app.answer_all();
    app.key(KeyCode::Enter);
    app.answer_all();
    assert!(app.state.requests.detail.is_some());
    let conn = minqing::store::open_connection(&db).expect("open");
    let snap = Snapshot::load(&conn, common::today()).expect("snapshot");
    app.event(AppEvent::Snapshot(Box::new(snap)));
    app.key(KeyCode::Esc);
    app.answer_all();
    assert!(app.state.requests.detail.is_none(), "Esc closed it for good");
}
