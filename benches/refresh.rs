//! Incremental refresh benchmark (issue 15, README "Performance"): the demo
//! township at 40,000 and 100,000 households in a temporary file. Another
//! connection commits (a changed phone, a new request, a status change);
//! this process then does what the loader and the UI thread do for one
//! foreign commit — read the new change-log entries, read the touched rows
//! (`Snapshot::patch`), patch the search index and the snapshot, refresh
//! the panes' lists (`State::change_data`) — all on one thread, timed with
//! the thread's CPU clock (`CLOCK_THREAD_CPUTIME_ID`). Then 1,000 mixed commits are applied and the
//! process RSS is read. Run: `cargo bench --bench refresh`.

use minqing::app::loader::patch_index;
use minqing::app::snapshot::Snapshot;
use minqing::app::state::State;
use minqing::app::tally::Tally;
use minqing::demo::{DemoOptions, generate};
use minqing::search::Index;
use minqing::store::changes::{self, Pending};
use minqing::store::{lookup, open_connection};
use minqing::text::i18n::Lang;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::time::{Duration, Instant};

fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0)
        / 1024
}

/// CPU time of this thread (user + system).
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

struct Ui {
    state: State,
    index: Index,
    tally: Tally,
    seq: i64,
    day: chrono::NaiveDate,
}

impl Ui {
    fn load(conn: &Connection, day: chrono::NaiveDate) -> Ui {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred).unwrap();
        let seq = changes::position(&tx).unwrap();
        let snap = Snapshot::load_in(&tx, day, &minqing::store::scope::SessionScope::All).unwrap();
        let tally = Tally::load(&tx, day, &snap).unwrap();
        let index = lookup::load_index_in(&tx).unwrap();
        tx.finish().unwrap();
        let mut state = State::new(Lang::Zh, day, "bench");
        state.apply_snapshot(snap);
        Ui {
            state,
            index,
            tally,
            seq,
            day,
        }
    }

    /// One refresh, as the loader thread and then the UI thread do it.
    fn refresh(&mut self, conn: &Connection) {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred).unwrap();
        let Pending::Changes(set) = changes::since(&tx, self.seq).unwrap() else {
            panic!("the bench stays within the log")
        };
        self.seq = set.upto;
        let patch = Snapshot::patch(
            &tx,
            self.day,
            &set,
            &mut self.tally,
            &minqing::store::scope::SessionScope::All,
        )
        .unwrap();
        tx.finish().unwrap();
        patch_index(&mut self.index, &patch);
        self.state.change_data(|d| d.as_mut().unwrap().apply(patch));
    }
}

#[derive(Clone, Copy, Debug)]
enum Commit {
    Phone,
    NewRequest,
    Status,
}

fn commit(other: &Connection, kind: Commit, i: u64, persons: i64, households: i64) {
    match kind {
        Commit::Phone => other
            .execute(
                "UPDATE persons SET phone = ?2 WHERE id = ?1",
                (1 + (i as i64 * 7919) % persons, format!("139{:08}", i)),
            )
            .map(|_| ()),
        Commit::NewRequest => other
            .execute(
                "INSERT INTO requests (received_at, channel, title, household_id, status, due_at)
                 VALUES (date('now'), 'hotline', '路灯不亮', ?1, 'received', date('now', '+5 days'))",
                [1 + (i as i64 * 104_729) % households],
            )
            .map(|_| ()),
        Commit::Status => other
            .execute(
                "UPDATE requests SET status = CASE status WHEN 'in_progress' THEN 'assigned' ELSE 'in_progress' END
                 WHERE id = (SELECT id FROM requests WHERE status IN ('assigned', 'in_progress', 'received')
                             ORDER BY id LIMIT 1 OFFSET ?1)",
                [i as i64 % 50],
            )
            .map(|_| ()),
    }
    .unwrap();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn run(households: usize, with_rss: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let day = chrono::Local::now().date_naive();
    let t = Instant::now();
    let summary = {
        let mut conn = open_connection(&path).unwrap();
        let opts = DemoOptions {
            households,
            seed: 2026,
            today: day,
        };
        generate(&mut conn, &opts).unwrap()
    };
    println!(
        "demo township: {} households, {} persons, {} requests (generated in {:.1?})",
        summary.households,
        summary.persons,
        summary.requests,
        t.elapsed()
    );
    let conn = open_connection(&path).unwrap();
    let other = open_connection(&path).unwrap();
    let persons: i64 = conn.query_row("SELECT max(id) FROM persons", [], |r| r.get(0)).unwrap();
    let hh: i64 = conn
        .query_row("SELECT max(id) FROM households", [], |r| r.get(0))
        .unwrap();
    let t = Instant::now();
    let mut ui = Ui::load(&conn, day);
    println!(
        "  full load (snapshot + index + lists, one thread): {:.0?}; RSS {} MB",
        t.elapsed(),
        rss_mb()
    );
    const N: u64 = 30;
    let mut i = 0;
    for kind in [Commit::Phone, Commit::NewRequest, Commit::Status] {
        let mut cpu = Vec::new();
        let mut wall = Vec::new();
        for _ in 0..N {
            i += 1;
            commit(&other, kind, i, persons, hh);
            let (c, w) = (thread_cpu(), Instant::now());
            ui.refresh(&conn);
            wall.push(w.elapsed());
            cpu.push(thread_cpu() - c);
        }
        let mean_cpu = cpu.iter().sum::<Duration>() / N as u32;
        let (worst, max) = cpu.iter().enumerate().max_by_key(|(_, d)| **d).unwrap();
        println!(
            "  apply one foreign commit, {kind:?} ({N} commits): CPU median {:.2?}, mean {:.2?}, max {:.2?} (commit {} of {N}); wall median {:.2?}",
            median(cpu.clone()),
            mean_cpu,
            max,
            worst + 1,
            median(wall.clone())
        );
    }
    if with_rss {
        let before = rss_mb();
        let t = Instant::now();
        for n in 0..1000u64 {
            i += 1;
            let kind = [Commit::Phone, Commit::NewRequest, Commit::Status][(n % 3) as usize];
            commit(&other, kind, i, persons, hh);
            ui.refresh(&conn);
        }
        println!(
            "  1,000 more foreign commits applied in {:.1?}: RSS {} MB before, {} MB after",
            t.elapsed(),
            before,
            rss_mb()
        );
    }
}

fn main() {
    run(40_000, false);
    run(100_000, true);
}
