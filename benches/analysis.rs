//! 民情分析 benchmark (issue 14): a month's report on the 40,000-household
//! demo with a year of requests, read from a temporary SQLite file,
//! computed and rendered as Markdown, as `minqing report analysis` does.
//! Budget: 300 ms for the month's report. Prints the figures (median and
//! worst of 10 runs). Run: `cargo bench --bench analysis`.

use chrono::NaiveDate;
use minqing::domain::analysis::{self, PeriodKind, Selection, span_of};
use minqing::export::analysis::{Options, document, markdown};
use minqing::store::analysis::load;
use minqing::store::open_connection;
use minqing::text::i18n::Lang;
use std::time::{Duration, Instant};

const HOUSEHOLDS: usize = 40_000;
const RUNS: usize = 10;
const BUDGET: Duration = Duration::from_millis(300);

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn summary(name: &str, mut v: Vec<Duration>) -> Duration {
    v.sort();
    let median = v[v.len() / 2];
    println!(
        "{name:<28} median {:>10}   worst {:>10}",
        ms(median),
        ms(v[v.len() - 1])
    );
    median
}

/// Where the read's time goes: each list of `store::analysis::load` alone.
fn parts(conn: &rusqlite::Connection, kind: PeriodKind, span: analysis::Span, today: NaiveDate) {
    use minqing::store::analysis as sa;
    let since = analysis::earliest_needed(kind, span);
    let as_of = span.to.min(today);
    let time = |name: &str, f: &dyn Fn()| {
        let v = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        summary(name, v);
    };
    time("  requests", &|| {
        sa::requests(conn, since).expect("requests");
    });
    time("  callbacks", &|| {
        sa::callbacks(conn, since).expect("callbacks");
    });
    time("  grids", &|| {
        sa::grids(conn, as_of).expect("grids");
    });
    time("  vulnerable households", &|| {
        sa::vulnerable(conn, as_of).expect("vulnerable");
    });
    time("  open decisions", &|| {
        sa::open_decisions(conn).expect("decisions");
    });
    time("  topic candidates", &|| {
        let window = minqing::store::topics::window_days(conn).expect("window");
        minqing::store::topics::candidates(conn, as_of, window).expect("candidates");
    });
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let started = Instant::now();
    let mut conn = open_connection(&path).expect("open");
    let opts = minqing::demo::DemoOptions {
        households: HOUSEHOLDS,
        seed: 2026,
        today,
    };
    let made = minqing::demo::generate(&mut conn, &opts).expect("demo");
    println!(
        "demo: {} households, {} persons, {} requests (a year) in {}",
        made.households,
        made.persons,
        made.requests,
        ms(started.elapsed())
    );
    let kind = PeriodKind::Month;
    let span = span_of(kind, today);
    let (mut read, mut compute, mut render, mut total, mut monthly) = (vec![], vec![], vec![], vec![], vec![]);
    let mut rows = 0;
    let mut warnings = 0;
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let loaded = load(&conn, kind, span, today).expect("load");
        let t1 = Instant::now();
        let report = analysis::build(&loaded.input, &Selection::default(), kind, span, today, loaded.settings);
        let t2 = Instant::now();
        let doc = document(
            &report,
            &Options {
                township: loaded.township.clone(),
                presenter: "bench".into(),
                date: today,
                full_names: false,
                lang: Lang::Zh,
            },
        );
        let md = markdown(&doc, Lang::Zh);
        let t3 = Instant::now();
        let table = analysis::monthly(&loaded.input, &loaded.villages, kind, span, today);
        let t4 = Instant::now();
        assert!(!md.is_empty() && !table.is_empty());
        rows = loaded.input.requests.len();
        warnings = report.warnings.len();
        read.push(t1 - t0);
        compute.push(t2 - t1);
        render.push(t3 - t2);
        total.push(t3 - t0);
        monthly.push(t4 - t3);
    }
    println!("request rows read: {rows}, warnings: {warnings}");
    parts(&conn, kind, span, today);
    summary("read rows (store)", read);
    summary("compute report (domain)", compute);
    summary("render Markdown", render);
    summary("monthly table (from rows)", monthly);
    let median = summary("month's report, total", total);
    println!(
        "budget {}: {}",
        ms(BUDGET),
        if median <= BUDGET { "within" } else { "OVER" }
    );
}
