//! The triage table at 5,000 and 100,000 requests (issue 15): time from a
//! key to the table's new rows being in the state — the effect's queries
//! (a keyset page and the count) and applying the answer — for switching
//! view, filtering, sorting, paging and jumping to the end, and the
//! refresh after another clerk's commit. Budget 50 ms each.
//! Run with `cargo bench --bench triage`; it prints the figures for README.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minqing::app::event::AppEvent;
use minqing::app::keymap::Keymap;
use minqing::app::snapshot::Snapshot;
use minqing::app::state::State;
use minqing::model::requests::{RequestFilter, RequestSort};
use minqing::panes::requests::state::RequestsViewId;
use minqing::panes::requests::update::Fetch;
use minqing::service::Services;
use minqing::text::i18n::Lang;
use std::time::{Duration, Instant};

const ROUNDS: usize = 15;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "  {what}: median {}, max {}",
        ms(times[times.len() / 2]),
        ms(*times.last().expect("runs"))
    );
}

struct App {
    state: State,
    svc: Services,
    keymap: Keymap,
}

impl App {
    fn key(&mut self, c: KeyCode) -> Duration {
        let ev = AppEvent::Key(KeyEvent::new(c, KeyModifiers::NONE));
        let t = Instant::now();
        minqing::app::run::step(&mut self.state, &self.keymap, &mut self.svc, ev);
        t.elapsed()
    }

    /// Sets the view's filter and sort as the filter form does, then loads
    /// the first page through the pane's effect.
    fn filter(&mut self, filter: RequestFilter, sort: RequestSort) -> Duration {
        let t = Instant::now();
        self.state.requests.view = RequestsViewId::All;
        self.state.requests.spec.filter = filter;
        self.state.requests.spec.sort = sort;
        self.fetch(Fetch::First);
        t.elapsed()
    }

    fn fetch(&mut self, fetch: Fetch) -> Duration {
        let t = Instant::now();
        let effects = minqing::panes::requests::update::fetch(&mut self.state, fetch);
        for e in effects {
            let outcome = minqing::app::effects::execute(&self.state, &mut self.svc, e);
            for m in outcome.messages {
                minqing::app::update::apply(&mut self.state, m);
            }
        }
        t.elapsed()
    }
}

fn bench(requests: usize, households: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("triage.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    {
        let mut conn = minqing::store::open_connection(&db).expect("open");
        let t = Instant::now();
        let opts = minqing::demo::DemoOptions {
            households,
            seed: 2026,
            today,
        };
        let s = minqing::demo::generate_with_requests(&mut conn, &opts, requests).expect("generate");
        println!(
            "{} requests, {} households (generated in {:.1} s)",
            s.requests,
            s.households,
            t.elapsed().as_secs_f64()
        );
    }
    let store = minqing::store::Store::open(&db, "demo").expect("store");
    let mut state = State::new(Lang::Zh, today, "演示文员");
    state.size = (200, 60);
    state.apply_snapshot(Snapshot::load(store.conn(), today).expect("snapshot"));
    state.layout.list_rows.set(50);
    let mut app = App {
        state,
        svc: Services::new(store),
        keymap: Keymap::default_map(),
    };
    app.key(KeyCode::Char('3'));

    // `v` through every view (open, all, the built-ins, callbacks due).
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        for _ in 0..7 {
            times.push(app.key(KeyCode::Char('v')));
        }
    }
    report("view switch (v, all 7 views)", times);
    while app.state.requests.view != RequestsViewId::All {
        app.key(KeyCode::Char('v'));
    }
    println!("  (the all view lists {} requests)", app.state.requests.total);

    let village = app.state.data.as_ref().and_then(|d| d.villages.first().map(|v| v.0));
    let category = app.state.data.as_ref().and_then(|d| d.categories.first().map(|c| c.0));
    let word: String = app.state.requests.rows[0].title.chars().take(2).collect();
    let filters = [
        (
            "filter by village",
            RequestFilter {
                village_ids: village.into_iter().collect(),
                ..Default::default()
            },
        ),
        (
            "filter by category",
            RequestFilter {
                category_ids: category.into_iter().collect(),
                ..Default::default()
            },
        ),
        (
            "filter escalated",
            RequestFilter {
                statuses: vec![minqing::domain::request::Status::Escalated],
                ..Default::default()
            },
        ),
        (
            "filter overdue",
            RequestFilter {
                overdue: true,
                ..Default::default()
            },
        ),
        (
            "filter by a word of the text (title, content, resident)",
            RequestFilter {
                text: word,
                ..Default::default()
            },
        ),
    ];
    for (what, filter) in filters {
        let times = (0..ROUNDS)
            .map(|_| app.filter(filter.clone(), RequestSort::Due))
            .collect();
        report(what, times);
    }
    app.filter(RequestFilter::default(), RequestSort::Due);

    // `S` through the four sorts; the selected request stays selected.
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        for _ in 0..4 {
            times.push(app.key(KeyCode::Char('S')));
        }
    }
    report("sort (S, all 4 sorts, keeping the selection)", times);

    let times = (0..ROUNDS)
        .map(|_| {
            let t = app.key(KeyCode::End);
            app.key(KeyCode::Home);
            t
        })
        .collect();
    report("jump to the end (End)", times);
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        app.key(KeyCode::Home);
        for _ in 0..8 {
            times.push(app.key(KeyCode::PageDown));
        }
    }
    report("page down (PgDn, 50 rows, loading the next 200 when near)", times);
    let times = (0..ROUNDS)
        .map(|_| {
            app.key(KeyCode::PageDown);
            app.fetch(Fetch::Refresh)
        })
        .collect();
    report("refresh around the selection (after another clerk's commit)", times);
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        minqing::store::request_query::list_requests(
            app.svc.store.conn(),
            &RequestFilter::default(),
            RequestSort::Due,
            &minqing::store::request_query::QueryContext {
                today,
                user_id: 1,
                cadre_id: None,
                only_assigned: false,
            },
        )
        .expect("all");
        times.push(t.elapsed());
    }
    report(
        "for comparison: the whole all view in one query (before; 3 runs)",
        times,
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not run us.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    bench(5_000, 6_000);
    bench(100_000, 6_000);
}
