use super::*;
use crate::domain::ids::{Gender, ResidentId};
use rusqlite::types::ValueRef;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn generated(households: usize, seed: u64) -> (tempfile::TempDir, Connection, DemoSummary) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conn = crate::store::open_connection(&dir.path().join("demo.db")).expect("open");
    let summary = generate(
        &mut conn,
        &DemoOptions {
            households,
            seed,
            today: today(),
        },
    )
    .expect("generate");
    (dir, conn, summary)
}

/// Every row of every table but the audit log and its head (whose times and
/// hashes follow the real clock) and the requests' full-text index (made
/// from the requests; its tables have no rowid to order by), as text.
fn dump(conn: &Connection) -> String {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'request_words%' AND name NOT IN ('audit_log', 'audit_head') ORDER BY name",
        )
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("names");
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            out.push_str(&t);
            for i in 0..n {
                let v = match row.get_ref(i).expect("value") {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(x) => x.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Text(s) => String::from_utf8_lossy(s).into_owned(),
                    ValueRef::Blob(b) => format!("{b:?}"),
                };
                out.push('|');
                out.push_str(&v);
            }
            out.push('\n');
        }
    }
    out
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn same_seed_same_database_other_seed_differs() {
    let (_a, a, sa) = generated(300, 7);
    let (_b, b, sb) = generated(300, 7);
    let (_c, c, _) = generated(300, 8);
    assert_eq!(sa, sb);
    let (da, db, dc) = (dump(&a), dump(&b), dump(&c));
    assert!(da.len() > 10_000);
    assert!(da == db, "same seed gave different rows");
    assert!(da != dc);
}

#[test]
fn register_is_consistent() {
    let (_d, conn, s) = generated(300, 1);
    assert_eq!(s.households, 300);
    assert_eq!(s.villages, 12);
    assert!((20..=30).contains(&s.grids), "{} grids", s.grids);
    let per_household = s.persons as f64 / s.households as f64;
    assert!((2.0..3.2).contains(&per_household), "{per_household}");
    assert!((30..=60).contains(&s.requests), "{} requests", s.requests);
    assert_eq!(count(&conn, "SELECT count(*) FROM households"), s.households as i64);
    // Exactly one head per household.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM households h WHERE \
             (SELECT count(*) FROM persons p WHERE p.household_id = h.id AND p.relation = '户主') <> 1"
        ),
        0
    );
    // 1–6 members each.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM (SELECT count(*) n FROM persons GROUP BY household_id) \
             WHERE n > 6"
        ),
        0
    );
    // Pairing visits go to vulnerable households only.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM visits v JOIN households h ON h.id = v.household_id \
             WHERE v.kind = 'pairing' AND h.tags NOT LIKE '%低保%' AND h.tags NOT LIKE '%五保%' \
             AND h.tags NOT LIKE '%独居老人%' AND h.tags NOT LIKE '%留守儿童%' \
             AND h.tags NOT LIKE '%残疾%'"
        ),
        0
    );
    // Unique map positions.
    assert_eq!(
        count(&conn, "SELECT count(DISTINCT map_row * 100 + map_col) FROM grids"),
        s.grids as i64
    );
    let mut stmt = conn
        .prepare("SELECT resident_id, gender, birth_date FROM persons")
        .expect("persons");
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .expect("rows");
    for row in rows {
        let (id, gender, birth) = row.expect("row");
        let parsed = ResidentId::parse(&id, today()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(parsed.region().starts_with("33"), "{id}");
        assert_eq!(parsed.birth_date().to_string(), birth);
        let code = if parsed.gender() == Gender::Male { "M" } else { "F" };
        assert_eq!(code, gender, "{id}");
    }
    // Users the TUI logs in as.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM users WHERE login = 'demo' AND role = 'clerk' \
             AND can_reveal = 0 AND cadre_id IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM settings WHERE key = 'township_name' AND value = '东浦镇'"
        ),
        1
    );
}

#[test]
fn requests_histories_and_references_hold() {
    let (_d, conn, _) = generated(300, 3);
    // The last event of every request ends in the request's status, and
    // the first one receives it.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM requests r WHERE r.status <> \
             (SELECT to_status FROM request_events e WHERE e.request_id = r.id \
              ORDER BY e.at DESC, e.id DESC LIMIT 1)"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM requests r WHERE 'received' <> \
             (SELECT to_status FROM request_events e WHERE e.request_id = r.id \
              ORDER BY e.at, e.id LIMIT 1)"
        ),
        0
    );
    // Events never go back in time.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM request_events a JOIN request_events b \
             ON a.request_id = b.request_id AND b.id = a.id + 1 WHERE b.at < a.at"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM requests WHERE received_at > '2026-11-26 17:30:00'"
        ),
        0
    );
    let fk: i64 = conn
        .prepare("PRAGMA foreign_key_check")
        .expect("fk")
        .query_map([], |_| Ok(()))
        .expect("rows")
        .count() as i64;
    assert_eq!(fk, 0);
    assert_eq!(
        conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .expect("check"),
        "ok"
    );
    assert!(count(&conn, "SELECT count(*) FROM topics") >= 3);
    assert!(count(&conn, "SELECT count(*) FROM requests WHERE status = 'merged'") >= 9);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM requests WHERE status = 'closed' AND \
             (satisfaction IS NULL OR NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.request_id = requests.id))"
        ),
        0
    );
    assert!(count(&conn, "SELECT count(*) FROM meetings WHERE status = 'planned'") >= 1);
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM meeting_participants WHERE role = 'representative'"
        ) >= 5
    );
    assert!(count(&conn, "SELECT count(*) FROM decisions") >= 3);
    assert!(count(&conn, "SELECT count(*) FROM visits WHERE kind = 'overnight'") > 100);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM audit_log WHERE action = 'demo.generate'"),
        1
    );
}

#[test]
fn a_larger_township_uses_every_channel_and_state() {
    let (_d, conn, s) = generated(1500, 11);
    assert!((150..=230).contains(&s.requests), "{}", s.requests);
    assert_eq!(count(&conn, "SELECT count(DISTINCT channel) FROM requests"), 6);
    assert_eq!(count(&conn, "SELECT count(DISTINCT status) FROM requests"), 9);
    assert_eq!(count(&conn, "SELECT count(DISTINCT kind) FROM requests"), 4);
    assert!(count(&conn, "SELECT count(*) FROM requests WHERE household_id IS NULL") >= 1);
    assert!(count(&conn, "SELECT count(*) FROM requests WHERE priority = 'urgent'") >= 1);
    let distinct_titles = count(&conn, "SELECT count(DISTINCT title) FROM requests");
    assert!(distinct_titles * 3 > s.requests as i64, "{distinct_titles} titles");
    let stale = count(
        &conn,
        "SELECT count(*) FROM households WHERE verified_at < '2025-11-26'",
    ) as f64
        / s.households as f64;
    assert!((0.25..0.45).contains(&stale), "{stale}");
}

#[test]
fn refuses_a_database_with_a_register() {
    let (_d, mut conn, _) = generated(50, 1);
    let again = generate(
        &mut conn,
        &DemoOptions {
            households: 50,
            seed: 1,
            today: today(),
        },
    );
    assert!(again.is_err());
}

#[test]
fn tiny_townships_work_and_zero_is_refused() {
    for n in [1, 5] {
        let (_d, conn, s) = generated(n, 2);
        assert_eq!(s.households, n);
        assert_eq!(count(&conn, "SELECT count(*) FROM households"), n as i64);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conn = crate::store::open_connection(&dir.path().join("z.db")).expect("open");
    let zero = DemoOptions {
        households: 0,
        seed: 1,
        today: today(),
    };
    assert!(generate(&mut conn, &zero).is_err());
}

/// Generated as if at 10:05 on `today()`, with the office's calendar.
fn generated_at_ten(households: usize, seed: u64) -> (tempfile::TempDir, Connection, NaiveDateTime) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conn = crate::store::open_connection(&dir.path().join("demo.db")).expect("open");
    let moment = today().and_hms_opt(10, 5, 0).expect("time");
    let opts = DemoOptions {
        households,
        seed,
        today: today(),
    };
    generate_at(&mut conn, &opts, moment).expect("generate");
    (dir, conn, moment)
}

#[test]
fn due_dates_are_what_the_program_computes() {
    // Finding 10: weekend-only deadlines differed from the program's own
    // (received 2026-10-01, due 10-06, itself a holiday).
    let (_d, conn, _) = generated_at_ten(1500, 5);
    let mut stmt = conn
        .prepare("SELECT id, received_at, kind, priority, due_at FROM requests")
        .expect("requests");
    let rows: Vec<(i64, String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert!(rows.len() > 150);
    let mut on_holiday_calendar = 0;
    let cal = crate::store::calendar_days::load_calendar(&conn).expect("calendar");
    for (id, received, kind, priority, due) in rows {
        let received = NaiveDate::parse_from_str(&received[..10], "%Y-%m-%d").expect("date");
        let kind = crate::domain::request::RequestKind::parse(&kind).expect("kind");
        let priority = crate::domain::request::Priority::parse(&priority).expect("priority");
        let expected = crate::store::calendar_days::compute_due(&conn, received, kind, priority).expect("due");
        assert_eq!(&due[..10], fmt_day(expected.due), "request {id} received {received}");
        assert!(cal.is_working_day(expected.due), "request {id}: due on a day off");
        // Deadlines whose span holds a holiday or make-up day: the
        // weekend-only rule would have got (most of) these wrong.
        let mut d = received;
        while d <= expected.due {
            if cal.day(d).is_some() {
                on_holiday_calendar += 1;
                break;
            }
            d += Duration::days(1);
        }
    }
    assert!(
        on_holiday_calendar > 10,
        "{on_holiday_calendar} spans touch the holiday calendar"
    );
}

/// Every stored date-time (`YYYY-MM-DD HH:MM:SS`) in every table, with its
/// table and column, except the audit log (the real clock).
fn stamps(conn: &Connection) -> Vec<(String, String, String)> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log'",
        )
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<rusqlite::Result<_>>()
        .expect("names");
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).expect("select");
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for (i, col) in names.iter().enumerate() {
                if let Ok(ValueRef::Text(v)) = row.get_ref(i) {
                    let v = String::from_utf8_lossy(v).into_owned();
                    if NaiveDateTime::parse_from_str(&v, "%Y-%m-%d %H:%M:%S").is_ok() {
                        out.push((t.clone(), col.clone(), v));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn nothing_is_stamped_after_the_moment_of_generation() {
    // Finding 10: requests and events were stamped up to 17:30 whenever
    // the demo was made.
    let (_d, conn, moment) = generated_at_ten(1500, 5);
    let limit = fmt_time(moment);
    let all = stamps(&conn);
    assert!(all.len() > 1000, "{} stamps", all.len());
    // Plans and deadlines may lie ahead; everything that happened may not.
    let ahead: Vec<_> = all
        .iter()
        .filter(|(t, c, v)| {
            // `due_key` is the due date as the triage table sorts it (migration 013).
            let due = t == "requests" && (c == "due_at" || c == "due_key");
            *v > limit && !due && !(t == "meetings" && c == "starts_at")
        })
        .collect();
    assert!(
        ahead.is_empty(),
        "{} stamps after {limit}: {:?}",
        ahead.len(),
        &ahead[..ahead.len().min(10)]
    );
    // A meeting that has started by now is the only kind held.
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM meetings WHERE status <> 'planned' AND starts_at > '{limit}'")
        ),
        0
    );
    // Today's intake exists and lies before the moment.
    assert!(
        count(
            &conn,
            &format!("SELECT count(*) FROM requests WHERE received_at LIKE '{}%'", today())
        ) >= 1
    );
    // Every event lies between its request's arrival and the moment.
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM request_events e JOIN requests r ON r.id = e.request_id \
                 WHERE e.at < r.received_at OR e.at > '{limit}'"
            )
        ),
        0
    );
}

#[test]
fn children_rarely_share_a_given_name_character_with_the_head() {
    // Finding 10: 3% of children shared one, where custom avoids it.
    let (_d, conn, _) = generated_at_ten(2000, 9);
    let given = |name: &str| -> String {
        let skip = if name.starts_with("尉迟") { 2 } else { 1 };
        name.chars().skip(skip).collect()
    };
    let mut stmt = conn
        .prepare(
            "SELECT c.name, h.name FROM persons c JOIN persons h \
             ON h.household_id = c.household_id AND h.relation = '户主' \
             WHERE c.relation IN ('子', '女')",
        )
        .expect("children");
    let pairs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert!(pairs.len() > 500, "{} children", pairs.len());
    let shared = pairs
        .iter()
        .filter(|(c, h)| given(c).chars().any(|ch| given(h).contains(ch)))
        .count();
    // Bound: under 1% (old generator: about 3%).
    assert!(shared * 100 < pairs.len(), "{shared} of {} share", pairs.len());
}
