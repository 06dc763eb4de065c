//! Start-up and drawing figures on the large register (40,000 households):
//! time to the first frame, snapshot load and index build (both off the UI
//! thread), one frame of each pane at 200x60, and process memory.
//! Run with `cargo bench --bench ui`; it prints the figures for README.

use minqing::app::keymap::Keymap;
use minqing::app::snapshot::Snapshot;
use minqing::app::state::State;
use minqing::store::Store;
use minqing::text::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not run us.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("large.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    {
        let mut conn = minqing::store::open_connection(&db).expect("open");
        let t = Instant::now();
        let s = minqing::demo::generate(
            &mut conn,
            &minqing::demo::DemoOptions {
                households: 40_000,
                seed: 2026,
                today,
            },
        )
        .expect("generate");
        println!(
            "register: {} households, {} persons, {} requests (generated in {})",
            s.households,
            s.persons,
            s.requests,
            ms(t.elapsed())
        );
    }
    let keymap = Keymap::default_map();

    // First frame: open the store (pragmas, schema check, login) and draw.
    // Data arrives later from the loader thread, so the frame does not wait.
    let mut firsts = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let store = Store::open(&db, "demo").expect("store");
        let state = State::new(Lang::Zh, today, &store.actor().display_name);
        let mut term = Terminal::new(TestBackend::new(120, 35)).expect("term");
        term.draw(|f| minqing::ui::draw(&state, &keymap, f)).expect("draw");
        firsts.push(t.elapsed());
    }
    firsts.sort();
    println!(
        "first frame (open store + draw): median {}, max {}",
        ms(percentile(&firsts, 0.5)),
        ms(*firsts.last().expect("runs"))
    );

    let conn = minqing::store::open_connection(&db).expect("open");
    let t = Instant::now();
    let snap = Snapshot::load(&conn, today).expect("snapshot");
    println!("snapshot load (loader thread): {}", ms(t.elapsed()));
    let t = Instant::now();
    let index = minqing::store::lookup::load_index(&conn).expect("index");
    println!(
        "search index build (loader thread): {} for {} rows",
        ms(t.elapsed()),
        index.len()
    );

    let mut state = State::new(Lang::Zh, today, "演示文员");
    state.size = (200, 60);
    state.apply_snapshot(snap);
    // The requests pane shows every request (all states); the lookup pane
    // shows the results of a typed query, as during a call.
    let ctx = minqing::store::request_query::QueryContext {
        today,
        user_id: 1,
        cadre_id: None,
    };
    let t = Instant::now();
    let rows = minqing::store::request_query::list_requests(&conn, &Default::default(), Default::default(), &ctx)
        .expect("requests");
    println!("requests table query ({} rows): {}", rows.len(), ms(t.elapsed()));
    state.set_request_rows(rows);
    state.lookup.query = minqing::app::input::Input::with_text("wang");
    state.lookup.index_ready = true;
    state.lookup.rows = minqing::search::Searcher::new()
        .search(&index, "wang", minqing::search::DEFAULT_LIMIT)
        .into_iter()
        .filter_map(|hit| {
            let entry = index.entry(hit.row)?.to_owned();
            Some(minqing::panes::lookup::state::LookupRow { hit, entry })
        })
        .collect();
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("term");
    for pane in state.panes.clone().all().iter().map(|p| p.id()) {
        state.pane = pane;
        let mut times = Vec::new();
        for i in 0..200 {
            // Move the selection so frames differ like real browsing.
            let list = state.list_of_mut(pane);
            list.selected = i % list.visible.len().max(1);
            state.lookup.list.selected = i % state.lookup.rows.len().max(1);
            let t = Instant::now();
            term.draw(|f| minqing::ui::draw(&state, &keymap, f)).expect("draw");
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "frame 200x60 {:?}: median {}, p99 {}",
            pane,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
    }
    println!(
        "process RSS with the large register and index loaded: {:.0} MB",
        rss_mb()
    );
    drop(index);
}
