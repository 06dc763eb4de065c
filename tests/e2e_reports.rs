//! End-to-end in a pseudo-terminal (issue 14): open the 民情分析 pane, change
//! the period, follow an early warning to its list, export the report.

mod common;
use common::pty::PtyApp;
use minqing::domain::analysis::{self, PeriodKind, Selection, WarningKind, span_of};

#[test]
fn open_the_pane_change_the_period_follow_a_warning_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");
    // The quarter's first warning, as the program will compute it today.
    let today = chrono::Local::now().date_naive();
    let first = {
        let conn = minqing::store::open_connection(&db).expect("open");
        let span = span_of(PeriodKind::Quarter, today);
        let loaded = minqing::store::analysis::load(&conn, PeriodKind::Quarter, span, today).expect("load");
        let r = analysis::build(
            &loaded.input,
            &Selection::default(),
            PeriodKind::Quarter,
            span,
            today,
            loaded.settings,
        );
        r.warnings.first().cloned().expect("the demo quarter has a warning")
    };

    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 120, 35);
    app.wait_for("网格地图");
    app.send("7");
    app.wait_for("受理与办理 | 趋势");
    app.wait_for("月度 ");
    // The period: month -> quarter.
    app.send("p");
    app.wait_for("季度 ");
    app.wait_gone("计算中");
    // The warnings, and the first one's list.
    app.send("llll");
    app.wait_for("回车：");
    app.send("\r");
    match first.kind {
        WarningKind::RisingInVillage | WarningKind::RisingInGrid | WarningKind::Unmerged => {
            app.wait_for("诉求 - 视图：");
            app.wait_for(&first.subject);
            app.send("7");
        }
        WarningKind::Unvisited | WarningKind::StaleGrid => {
            let n = if first.kind == WarningKind::Unvisited {
                first.ids.len()
            } else {
                first.count as usize
            };
            app.wait_for(&format!("（{n} 户）"));
            app.wait_for(&first.subject);
            app.send("\x1b");
        }
        WarningKind::StalledDecision => {
            app.wait_for("决议看板");
            app.send("7");
        }
    }
    app.wait_for("受理与办理 | 趋势");
    // Export as A4 text to a file of our choosing.
    let out = dir.path().join("民情分析.txt");
    app.send("e");
    app.wait_for("导出民情分析报告");
    app.send("\t");
    app.send(out.to_str().expect("utf-8 path"));
    app.send("\x13"); // Ctrl-S
    app.wait_for("已写出");
    let body = std::fs::read_to_string(&out).expect("report written");
    assert!(body.contains("民情分析报告"), "{body}");
    assert!(body.contains("统计期间：季度"), "{body}");
    assert!(body.contains("五、潜在问题"), "{body}");
    let label = minqing::text::i18n::label(
        &minqing::text::i18n::texts(minqing::text::i18n::Lang::Zh)
            .analysis
            .warning,
        first.kind.code(),
    );
    assert!(body.contains(label), "{body}");
    app.send("q");
    assert!(app.wait_exit());
}
