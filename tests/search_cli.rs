//! The index loaded from a real database file, and `lookup_cli` output
//! (text and JSON, masked IDs and phones).

use minqing::search::{Searcher, lookup_cli};
use minqing::store::{lookup, open_connection};
use minqing::text::i18n::Lang;
use std::path::{Path, PathBuf};

fn database(dir: &Path) -> PathBuf {
    let path = dir.join("t.db");
    let conn = open_connection(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO villages (id, name) VALUES (1, '东浦村'), (2, '西塘村');
         INSERT INTO village_groups (id, village_id, number, name) VALUES (10, 1, 3, '3组'), (20, 2, 1, '1组');
         INSERT INTO cadres (id, name, phone) VALUES (1, '李明', '13900001111');
         INSERT INTO grids (id, village_id, name, cadre_id) VALUES (1, 1, '东浦村第1网格', 1), (2, 2, '西塘村网格', NULL);
         INSERT INTO households (id, grid_id, village_id, group_id, house_no, address, phone)
             VALUES (1, 1, 1, 10, '12', '东浦村3组12号', NULL),
                    (2, 2, 2, 20, '5', '', '057412345678'),
                    (3, 1, 1, NULL, '', '东浦村新街8号', NULL);
         INSERT INTO persons (id, household_id, name, resident_id, gender, birth_date, relation, phone)
             VALUES (1, 1, '李四', '110105199203040021', 'F', '1992-03-04', '配偶', '13900008000'),
                    (2, 1, '张三', '11010519900101002X', 'M', '1990-01-01', '户主', '13851234567'),
                    (3, 2, '曾明', NULL, NULL, NULL, '户主', NULL);",
    )
    .unwrap();
    path
}

#[test]
fn loads_persons_joined_with_household_and_personless_households() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_connection(&database(dir.path())).unwrap();
    let entries = lookup::load_entries(&conn).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    // Head of household first; the person-less household 3 is a row too.
    assert_eq!(names, ["张三", "李四", "曾明", ""]);
    let zhang = &entries[0];
    assert_eq!(zhang.person_id, Some(2));
    assert_eq!(zhang.village, "东浦村");
    assert_eq!(zhang.group_no, Some(3));
    assert_eq!(zhang.grid, "东浦村第1网格");
    assert_eq!(zhang.cadre_name, "李明");
    assert_eq!(zhang.cadre_phone, "13900001111");
    assert_eq!(zhang.birth_date, "1990-01-01");
    // Without a free-text address one is composed from its parts.
    assert_eq!(entries[2].address, "西塘村1组5号");
    assert_eq!(entries[2].resident_id, "");
    assert_eq!(entries[2].cadre_name, "");
    assert_eq!(entries[3].person_id, None);
    assert_eq!(entries[3].household_id, 3);

    let index = lookup::load_index(&conn).unwrap();
    let mut s = Searcher::new();
    let hit = &s.search(&index, "xitang", 50);
    assert!(hit.is_empty(), "pinyin is for names only");
    let hits = s.search(&index, "西塘 5号", 50);
    assert_eq!(hits.len(), 1);
    assert_eq!(index.entry(hits[0].row).unwrap().name, "曾明");
    let hits = s.search(&index, "新街", 50);
    assert_eq!(hits[0].household_id, 3);
    assert_eq!(hits[0].person_id, None);
}

#[test]
fn cli_prints_masked_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());

    let mut out = Vec::new();
    lookup_cli(&db, "zs", 50, false, Lang::Zh, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("姓名"), "{text}");
    assert!(text.contains("张三"));
    assert!(text.contains("110105********002X"), "{text}");
    assert!(text.contains("138****4567"), "{text}");
    assert!(!text.contains("11010519900101002X"));
    assert!(!text.contains("13851234567"));

    let mut out = Vec::new();
    lookup_cli(&db, "东浦 12号", 50, true, Lang::En, &mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name"], "张三");
    assert_eq!(rows[0]["resident_id"], "110105********002X");
    assert_eq!(rows[1]["phone"], "139****8000");
    assert_eq!(rows[1]["phone"], "139****8000", "a resident's phone stays masked");
    assert_eq!(rows[1]["cadre_phone"], "13900001111", "a cadre's work phone is public");
    assert_eq!(rows[0]["address_highlight"], serde_json::json!([0, 1, 5, 6, 7]));
    assert_eq!(rows[0]["matched"], serde_json::json!(["address", "address"]));

    let mut out = Vec::new();
    lookup_cli(&db, "nobody", 50, false, Lang::En, &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().starts_with("Nothing found"));

    let mut out = Vec::new();
    lookup_cli(&db, "1", 1, false, Lang::En, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);

    let missing = dir.path().join("missing.db");
    assert!(lookup_cli(&missing, "zs", 50, false, Lang::En, &mut Vec::new()).is_err());
    assert!(!missing.exists(), "lookup must not create a database");
}

#[test]
fn index_from_database_equals_index_from_entries() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_connection(&database(dir.path())).unwrap();
    let loaded = lookup::load_index(&conn).unwrap();
    let built = minqing::search::Index::build(lookup::load_entries(&conn).unwrap());
    assert_eq!(loaded.len(), built.len());
    for q in ["zs", "东浦", "12号", "8000", "002X", "曾", "1", "新街", "zeng 5号"] {
        let a = minqing::search::search(&loaded, q, 50);
        let b = minqing::search::search(&built, q, 50);
        assert_eq!(a, b, "{q}");
    }
}
