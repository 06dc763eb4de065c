//! End-to-end in a pseudo-terminal: open the map, switch layers, select a
//! grid, log a visit from its visit plan, and see the cadre's coverage
//! figure change in the assessment pane.

mod common;
use common::pty::PtyApp;

/// The "visited this year" figure of `cadre`'s row in the assessment table:
/// the number right before the first "NN%" cell.
fn visited_on_screen(screen: &str, cadre: &str) -> Option<u32> {
    let line = screen.lines().find(|l| l.contains(cadre))?;
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let pct = tokens.iter().position(|t| t.ends_with('%'))?;
    tokens.get(pct.checked_sub(1)?)?.parse().ok()
}

#[test]
fn map_layers_select_grid_log_visit_coverage_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");
    let conn = minqing::store::open_connection(&db).expect("open");
    let (grid, cadre): (String, String) = conn
        .query_row(
            "SELECT g.name, c.name FROM grids g JOIN cadres c ON c.id = g.cadre_id
             WHERE g.map_row = 0 AND g.map_col = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("grid at row 0, column 1");
    drop(conn);

    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 100, 30);
    app.wait_for("图层");
    // Layers: one key each; the legend follows.
    app.send("n");
    app.wait_for("差 >=60%");
    app.send("r");
    app.wait_for("差 <70%");
    // Coverage before, in the assessment pane.
    app.send("5");
    app.wait_for("干部考核");
    // The figures are computed when the pane is shown; wait for the row.
    app.wait_until(&format!("{cadre}'s row with a coverage figure"), |s| {
        visited_on_screen(&s.contents(), &cadre).is_some()
    });
    let before = visited_on_screen(&app.screen_text(), &cadre).expect("cadre row with a coverage figure");
    // Back to the map, select the grid to the right: its side panel.
    app.send("1");
    app.wait_for("图层");
    app.send("\x1b[C"); // Right
    app.wait_for(&format!(" {grid} "));
    // Log a visit to the first household of the cadre's visit plan.
    app.send("w");
    app.wait_for("走访计划");
    app.send("\r");
    app.wait_for("登记走访");
    app.send("了解近况");
    app.send("\x13"); // Ctrl-S
    app.wait_for("走访已登记");
    app.send("\x1b");
    app.wait_gone("走访计划");
    app.send("5");
    app.wait_for("干部考核");
    // The figure moves once the loader's snapshot has the visit.
    app.wait_until(
        &format!("{cadre}'s coverage to go from {before} to {}", before + 1),
        |s| visited_on_screen(&s.contents(), &cadre) == Some(before + 1),
    );
    app.send("q");
    assert!(app.wait_exit());
    assert!(app.left_alternate_screen());
}
