//! The 民情分析 report on the fixture township (issue 14): figures and
//! warnings read through the store, the monthly table against a hand
//! count, the exports against golden files, the workbook read back with
//! calamine, and the two `minqing report` commands.

mod common;

use common::{fixture_db, mode_of, today};
use minqing::domain::analysis::{self, Change, PeriodKind, Place, Selection, Theme, WarningKind, span_of};
use minqing::domain::assessment::Rate;
use minqing::export::analysis::{self as export, Options, sheets};
use minqing::store::analysis::load;
use minqing::text::i18n::Lang;
use std::path::Path;
use std::process::Command;

const MONTH: PeriodKind = PeriodKind::Month;

fn november(db: &Path) -> (minqing::store::analysis::Loaded, analysis::Report) {
    let conn = minqing::store::open_connection(db).unwrap();
    let span = span_of(MONTH, today());
    let loaded = load(&conn, MONTH, span, today()).unwrap();
    let report = analysis::build(
        &loaded.input,
        &Selection::default(),
        MONTH,
        span,
        today(),
        loaded.settings,
    );
    (loaded, report)
}

fn options(lang: Lang, full: bool) -> Options {
    Options {
        township: "清溪镇".into(),
        presenter: "林建国".into(),
        date: today(),
        full_names: full,
        lang,
    }
}

#[test]
fn fixture_november_figures_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = november(&fixture_db(dir.path()));
    assert_eq!(r.as_of, today());
    let f = r.figures;
    // Received in November: #1 #2 #3 #4 #6 #8 #9 #10; October: #5 #7.
    assert_eq!((f.now.new, f.previous.new, f.last_year.new), (8, 2, 0));
    assert_eq!(
        analysis::count_change(f.now.new, f.previous.new),
        Change::Percent(300.0)
    );
    assert_eq!(analysis::count_change(f.now.new, f.last_year.new), Change::NoBase);
    // Resolved: #6 (on time); open on the 26th: #1 #2 #3 #4 #5 #8; overdue: #4 #5.
    assert_eq!((f.now.resolved, f.now.open, f.now.overdue), (1, 6, 2));
    assert_eq!((f.now.late, f.now.awaiting_callback), (Rate::new(0, 1), 1));
    assert_eq!(f.now.satisfaction, Rate::new(0, 0));
    assert_eq!(
        f.previous.satisfaction,
        Rate::new(1, 1),
        "#7 was called back in October"
    );
    assert_eq!(
        analysis::rate_change(f.now.satisfaction, f.previous.satisfaction),
        Change::NoBase
    );

    let oldest: Vec<i64> = r.oldest_open.iter().map(|b| b.id).collect();
    assert_eq!(oldest, vec![5, 4, 3, 2, 8, 1]);
    assert_eq!(r.growing_topics.len(), 1);
    assert_eq!((r.growing_topics[0].id, r.growing_topics[0].now), (1, 2));

    let kinds = |k: WarningKind| -> Vec<(String, Vec<i64>)> {
        r.warnings
            .iter()
            .filter(|w| w.kind == k)
            .map(|w| (w.subject.clone(), w.ids.clone()))
            .collect()
    };
    assert_eq!(
        kinds(WarningKind::RisingInVillage),
        vec![("水电气（石桥村）".to_string(), vec![2, 9, 10])]
    );
    assert_eq!(
        kinds(WarningKind::RisingInGrid),
        vec![("水电气（石桥网格）".to_string(), vec![2, 9, 10])]
    );
    assert_eq!(
        kinds(WarningKind::Unvisited),
        vec![
            ("南街网格".to_string(), vec![12]),
            ("清溪第一网格".to_string(), vec![2])
        ]
    );
    assert_eq!(kinds(WarningKind::StalledDecision).len(), 2);
    assert!(kinds(WarningKind::StaleGrid).is_empty());
    assert!(kinds(WarningKind::Unmerged).is_empty());
}

#[test]
fn a_village_scope_and_a_theme_narrow_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (loaded, _) = november(&fixture_db(dir.path()));
    let span = span_of(MONTH, today());
    let sel = Selection {
        place: Place::Village("石桥村".into()),
        theme: Theme::Category("水电气".into()),
    };
    let r = analysis::build(&loaded.input, &sel, MONTH, span, today(), loaded.settings);
    assert_eq!(r.figures.now.new, 3);
    assert!(r.warnings.iter().all(|w| w.kind != WarningKind::StalledDecision));
}

#[test]
fn monthly_table_matches_a_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let (loaded, _) = november(&fixture_db(dir.path()));
    let span = span_of(MONTH, today());
    let rows = analysis::monthly(&loaded.input, &loaded.villages, MONTH, span, today());
    let got: Vec<(String, [u32; 6], Change, Change)> = rows
        .iter()
        .map(|m| {
            let f = &m.figures.now;
            (
                m.village.clone(),
                [f.new, f.escalated, f.assigned, f.resolved, f.open, f.awaiting_callback],
                m.year_on_year(),
                m.period_on_period(),
            )
        })
        .collect();
    // 清溪村: #1 #6 new, #6 assigned and resolved, open #1 and #5 (escalated
    // in October), #6 waits for its callback; October had #5.
    // 石桥村: #2 #4 #9 #10 new, #2 #4 assigned, open #2 #4.
    // 南街社区: #3 new, assigned and open; October had #7.
    // The total adds #8, a caller without a household.
    assert_eq!(
        got,
        vec![
            (
                "清溪村".into(),
                [2, 0, 1, 1, 2, 1],
                Change::NoBase,
                Change::Percent(100.0)
            ),
            ("石桥村".into(), [4, 0, 2, 0, 2, 0], Change::NoBase, Change::NoBase),
            (
                "南街社区".into(),
                [1, 0, 1, 0, 1, 0],
                Change::NoBase,
                Change::Percent(0.0)
            ),
            ("".into(), [8, 0, 4, 1, 6, 1], Change::NoBase, Change::Percent(300.0)),
        ]
    );
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create)", path.display()));
    assert_eq!(actual, expected, "{name} differs from the golden file");
}

#[test]
fn exports_match_the_golden_files_with_names_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = november(&fixture_db(dir.path()));
    let doc = export::document(&r, &options(Lang::Zh, false));
    let md = export::markdown(&doc, Lang::Zh);
    let txt = export::plain_text(&doc, Lang::Zh);
    for line in txt.lines() {
        assert!(
            minqing::text::width(line.trim_start_matches('\u{c}')) <= minqing::export::agenda::A4_COLUMNS,
            "wider than A4: {line}"
        );
    }
    for body in [&md, &txt] {
        assert!(body.contains("吴*芳") && !body.contains("吴桂芳"), "names masked");
        assert!(body.contains("钱*伟") && !body.contains("钱大伟"), "callers masked");
    }
    golden("analysis_zh.md", &md);
    golden("analysis_zh.txt", &txt);
    golden(
        "analysis_en.md",
        &export::markdown(&export::document(&r, &options(Lang::En, false)), Lang::En),
    );
    let full = export::markdown(&export::document(&r, &options(Lang::Zh, true)), Lang::Zh);
    assert!(full.contains("吴桂芳"));
    let csv = sheets::csv(&doc);
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("新增,8,2,+300.0%,0,—"), "{csv}");
}

#[test]
fn workbook_reads_back_with_numbers_and_a_chart() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = november(&fixture_db(dir.path()));
    let doc = export::document(&r, &options(Lang::Zh, false));
    let bytes = sheets::xlsx(&doc).unwrap();
    // The package holds a chart part (calamine does not read charts).
    let has = |part: &str| bytes.windows(part.len()).any(|w| w == part.as_bytes());
    assert!(has("xl/charts/chart1.xml") && has("xl/drawings/drawing1.xml"));
    assert!(has("xl/charts/chart3.xml"), "trend, hot spots and grids");
    let path = dir.path().join("report.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["受理与办理", "趋势", "热点", "重点人群与事项", "潜在问题"]
    );
    let figures = wb.worksheet_range("受理与办理").unwrap();
    let header = doc.meta.len() as u32 + 2;
    assert_eq!(figures.get_value((header, 0)), Some(&Data::String("指标".into())));
    assert_eq!(figures.get_value((header + 1, 0)), Some(&Data::String("新增".into())));
    assert_eq!(figures.get_value((header + 1, 1)), Some(&Data::Float(8.0)));
    assert_eq!(figures.get_value((header + 1, 3)), Some(&Data::Float(300.0)));
    assert_eq!(figures.get_value((header + 1, 5)), Some(&Data::String("—".into())));
    let trend = wb.worksheet_range("趋势").unwrap();
    assert_eq!(trend.get_value((12, 0)), Some(&Data::String("2026-11".into())));
    assert_eq!(trend.get_value((12, 1)), Some(&Data::Float(8.0)));
}

/// The binary, logged in with the fixture's password file.
fn minqing(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minqing"));
    c.env("HOME", home).env("XDG_DATA_HOME", home);
    c.arg("--password-file")
        .arg(common::fixture::fixture_password_file(home));
    c
}

fn audit_rows(db: &Path, action: &str) -> Vec<(String, String)> {
    let conn = minqing::store::open_connection(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT user, outcome FROM audit_log WHERE action = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn report_analysis_command_writes_a_private_file_audited_and_refuses_full_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_db(dir.path());
    let out = dir.path().join("report.md");
    let run = |user: &str, extra: &[&str]| {
        let mut c = minqing(dir.path());
        c.args(["--db", db.to_str().unwrap(), "--user", user, "report", "analysis"]);
        c.args(["--date", "2026-11-26", "--presenter", "林建国"]);
        c.args(extra);
        c.output().unwrap()
    };
    let o = run("admin", &["--format", "md", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode_of(&out), 0o600);
    let expected = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/analysis_zh.md"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected.unwrap());

    // A clerk who may not reveal is refused full names, and that is audited.
    let o = run("demo", &["--full"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("不能导出居民完整姓名"));
    let o = run("admin", &["--full", "--scope", "village:石桥村", "--format", "txt"]);
    assert!(o.status.success());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("范围：石桥村") && stdout.contains("罗建平"), "{stdout}");
    assert_eq!(
        audit_rows(&db, "analysis.export"),
        vec![
            ("admin".into(), "ok".into()),
            ("demo".into(), "refused".into()),
            ("admin".into(), "ok".into())
        ]
    );

    // xlsx needs a file; a bad scope is explained in the chosen language.
    let o = run("admin", &["--format", "xlsx"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("xlsx 格式需要用 -o 指定输出文件"));
    let mut c = minqing(dir.path());
    c.args([
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "en",
        "--user",
        "admin",
        "report",
        "analysis",
    ]);
    let o = c.args(["--scope", "town:x"]).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("Unknown scope: town:x"));
    let xlsx = dir.path().join("r.xlsx");
    let o = run(
        "admin",
        &[
            "--period",
            "business-month",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode_of(&xlsx), 0o600);

    // The business month starts on the day the office set.
    let conn = minqing::store::open_connection(&db).unwrap();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('analysis_business_month_start', '26')",
        [],
    )
    .unwrap();
    let o = run("admin", &["--period", "business-month", "--format", "txt"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("统计期间：业务月，2026-11-26 至 2026-12-25"),
        "{stdout}"
    );
}

#[test]
fn report_monthly_command_prints_one_row_per_village() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_db(dir.path());
    let o = minqing(dir.path())
        .args(["--db", db.to_str().unwrap(), "--user", "admin", "report", "monthly"])
        .args(["--date", "2026-11-26", "--format", "csv"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("村（社区）,新增,上报,交办,办结,在办,待回访"))
        .unwrap();
    assert_eq!(
        &lines[at + 1..at + 5],
        &[
            "清溪村,2,0,1,1,2,1,0.0%,—,—,+100.0%",
            "石桥村,4,0,2,0,2,0,—,—,—,—",
            "南街社区,1,0,1,0,1,0,—,—,—,+0.0%",
            "全镇合计,8,0,4,1,6,1,0.0%,—,—,+300.0%",
        ]
    );
    assert_eq!(audit_rows(&db, "monthly.export"), vec![("admin".into(), "ok".into())]);
}
