//! End-to-end: the user's keymap (`~/.config/minqing/keymap.toml`) is merged
//! over the shipped one; a bad file starts the program with the shipped keys
//! and says in the status line what is wrong, where.

mod common;
use common::pty::PtyApp;

fn write_user_keymap(home: &std::path::Path, text: &str) -> std::path::PathBuf {
    let dir = home.join(".config/minqing");
    std::fs::create_dir_all(&dir).expect("config dir");
    let path = dir.join("keymap.toml");
    std::fs::write(&path, text).expect("keymap");
    path
}

#[test]
fn the_user_keymap_rebinds_and_a_bad_one_is_named_at_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::pty::demo_with_binary(dir.path(), 300);
    let db_arg = db.to_str().expect("utf-8 path");

    // The requests pane on F9 (instead of 3).
    write_user_keymap(
        dir.path(),
        "[[bind]]\ncontext = \"global\"\nkeys = [\"F9\"]\naction = \"pane_requests\"\n",
    );
    let mut app = PtyApp::spawn(&["demo", "--db", db_arg], dir.path(), 120, 30);
    app.wait_for("在办"); // grid table header: data loaded
    app.send("\x1b[20~"); // F9
    app.wait_for("在办诉求");
    app.send("q");
    assert!(app.wait_exit());

    // An unknown action: started anyway, with the shipped keys and the reason.
    write_user_keymap(
        dir.path(),
        "[[bind]]\ncontext = \"global\"\nkeys = [\"F9\"]\naction = \"pane_requestz\"\n",
    );
    let mut app = PtyApp::spawn(&["demo", "--db", db_arg, "--lang", "en"], dir.path(), 120, 30);
    app.wait_for("line 4: there is no action \"pane_requestz\"");
    app.wait_for("keymap.toml");
    app.send("3");
    app.wait_for("Open requests");
    app.send("q");
    assert!(app.wait_exit());
}
