//! The printed agenda (issue 12, finding 14): no name or phrase broken
//! across lines, each item's start time, cadres with titles, a 记录人 line
//! and ruled space per item, evidence requests by their real status, and
//! residents masked in everything exported for a meeting unless full data
//! is asked for by a user who may reveal (audited). The golden files are
//! compared in `agenda_store.rs`.

mod common;
use common::{Lang, count, demo_db};
use minqing::export::agenda::{self as export, Format};
use minqing::store::Store;

fn deliberation(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM meetings WHERE kind = 'deliberation' ORDER BY starts_at, id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the demo's deliberation meeting")
}

#[test]
fn the_a4_agenda_is_ready_to_print_and_masks_residents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 300);
    let mut store = Store::open(&db, "demo").expect("store");
    let meeting = deliberation(&store);
    let doc = export::build(store.conn(), meeting, common::today()).expect("doc");
    let txt = export::plain_text(&doc, Lang::Zh);
    let lines: Vec<&str> = txt.lines().collect();
    // Every cadre appears whole with the title, on one line.
    let cadres: Vec<(String, String)> = {
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT c.name, c.title FROM meeting_participants mp JOIN cadres c ON c.id = mp.cadre_id
                 WHERE mp.meeting_id = ?1",
            )
            .unwrap();
        stmt.query_map([meeting], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(cadres.len() > 3);
    for (name, title) in &cadres {
        let whole = format!("{name}（{title}）");
        assert!(
            lines.iter().any(|l| l.contains(&whole)),
            "{whole} broken or missing:\n{txt}"
        );
    }
    // Each item: its start time, a 记录人 line and ruled lines to write on.
    let items = doc.meeting.items.len();
    assert!(items >= 2);
    assert_eq!(lines.iter().filter(|l| l.starts_with("记录人：____")).count(), items);
    assert_eq!(lines.iter().filter(|l| l.starts_with("开始：")).count(), items);
    assert!(txt.contains("开始：14:00") && txt.contains("开始：14:15"), "{txt}");
    assert!(lines.iter().filter(|l| **l == "_".repeat(export::A4_COLUMNS)).count() >= 4 * items);
    // Evidence phrases are kept whole ("时间 …" not split after 时).
    assert!(lines.iter().any(|l| l.trim_start().starts_with("时间 ")), "{txt}");
    // Merged requests read 并入议题, not 已合并.
    assert!(txt.contains("并入议题") && !txt.contains("已合并"), "{txt}");
    // No resident's full name or address, in any format.
    // (name, address, whether the CSV lists it: only requests are rows there)
    let residents: Vec<(String, String, bool)> = doc
        .requests
        .iter()
        .map(|r| (r.resident.clone(), r.address.clone(), true))
        .chain(
            doc.meeting
                .participants
                .iter()
                .filter(|p| p.role == minqing::model::meetings::ParticipantRole::Representative)
                .map(|p| (p.name.clone(), String::new(), false)),
        )
        .collect();
    let md = export::markdown(&doc, Lang::Zh);
    let csv = export::csv(&doc, Lang::Zh).unwrap();
    for (name, address, in_csv) in &residents {
        let masked = minqing::domain::analysis::mask_name(name);
        for (what, body) in [("txt", &txt), ("md", &md), ("csv", &csv)] {
            assert!(!body.contains(name.as_str()), "{name} in the {what}:\n{body}");
            assert!(
                what == "csv" && !in_csv || body.contains(&masked),
                "{masked} missing in the {what}"
            );
            if !address.is_empty() {
                assert!(!body.contains(address.as_str()), "{address} in the {what}");
            }
        }
    }
    // The clerk may not ask for full data: refused, audited, no file.
    let out = dir.path().join("full.csv");
    let refused = export::export_with(&mut store, meeting, Format::Csv, &out, Lang::Zh, common::today(), true);
    assert!(refused.is_err());
    assert!(!out.exists());
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE user = 'demo' AND outcome = 'refused' AND action = 'permission.reveal'"
        ),
        1
    );
    // The administrator may: full names and addresses, audited as full.
    let mut admin = Store::open(&db, "admin").expect("admin");
    export::export_with(&mut admin, meeting, Format::Csv, &out, Lang::Zh, common::today(), true).expect("full");
    let full = std::fs::read_to_string(&out).unwrap();
    let (name, address, _) = &residents[0];
    assert!(
        full.contains(name.as_str()) && full.contains(address.as_str()),
        "{full}"
    );
    assert_eq!(
        count(
            &admin,
            "SELECT count(*) FROM audit_log WHERE user = 'admin' AND action = 'agenda.export' AND detail LIKE 'csv full %'"
        ),
        1
    );
}

#[test]
fn parts_wrap_whole_under_their_label() {
    let parts: Vec<String> = ["沈龙飞（党委书记）", "钱浩涛（镇长）", "陈斌刚（驻村指导员）"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let lines = export::wrap_parts("参会干部：", &parts, "、", 48);
    assert_eq!(
        lines,
        [
            "参会干部：沈龙飞（党委书记）、钱浩涛（镇长）、",
            "          陈斌刚（驻村指导员）"
        ]
    );
}
