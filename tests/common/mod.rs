//! Helpers shared by the store integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use minqing::store::Store;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Inserts a village, a grid and a household with one person (the head).
/// Returns (household_id, person_id).
pub fn seed_household(store: &mut Store) -> (i64, i64) {
    store
        .write(|tx, _| {
            tx.execute("INSERT INTO villages (name) VALUES ('青山村')", [])?;
            let village = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO grids (village_id, name) VALUES (?1, '第一网格')",
                [village],
            )?;
            let grid = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO households (grid_id, village_id, house_no, address)
                 VALUES (?1, ?2, '12', '青山村12号')",
                [grid, village],
            )?;
            let household = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO persons (household_id, name, relation, phone)
                 VALUES (?1, '张三', '户主', '13800138000')",
                [household],
            )?;
            Ok((household, tx.last_insert_rowid()))
        })
        .expect("seed household")
}

/// Adds a clerk login so a second `Store` can log in as someone else.
pub fn add_user(store: &mut Store, login: &str) {
    store
        .write(|tx, _| {
            tx.execute("INSERT INTO users (login, display_name) VALUES (?1, ?1)", [login])?;
            Ok(())
        })
        .expect("add user");
}

pub fn version_of(store: &Store, table: &str, id: i64) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT version FROM {table} WHERE id = ?1"), [id], |r| {
            r.get(0)
        })
        .expect("row exists")
}

pub fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `path` with `suffix` appended to the file name (for -wal / -shm).
pub fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// Re-runs this test binary with only the `#[ignore]`d worker `test_name`,
/// marked as a worker by `env`. Workers are ignored so that a plain
/// `cargo test` never counts them as passed tests; each one calls
/// [`worker_spec`] first and fails loudly when it was not started here.
pub fn worker(test_name: &str, env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary path"));
    cmd.args(["--ignored", "--exact", test_name, "--nocapture", "--test-threads=1"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

/// The worker's instructions from `env`; panics when they are missing, i.e.
/// when someone ran the ignored worker by hand (`--ignored`) instead of
/// through its parent test.
pub fn worker_spec(env: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| {
        panic!("this test is a worker process: its parent test starts it with {env} set; run the parent instead")
    })
}

/// Reads the child's stdout until a line containing `marker`; returns the
/// text after it, or None at end of output. libtest may print its own text
/// on the same line, so the marker is searched, not matched at the start.
pub fn next_marked(out: &mut BufReader<ChildStdout>, marker: &str) -> Option<String> {
    let mut line = String::new();
    loop {
        line.clear();
        if out.read_line(&mut line).expect("read child stdout") == 0 {
            return None;
        }
        if let Some(at) = line.find(marker) {
            return Some(line[at + marker.len()..].trim().to_string());
        }
    }
}

/// Waits for the child, killing it after `limit` so a hung worker fails the
/// test instead of hanging CI.
pub fn wait_bounded(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("worker did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---- UI and end-to-end helpers ----

pub mod fixture;
pub mod pty;

pub use fixture::fixture_db;

use minqing::app::keymap::Keymap;
use minqing::app::snapshot::Snapshot;
use minqing::app::state::State;
/// Re-exported so the tests name the language in one place.
pub use minqing::text::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixed day all deterministic tests run on.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
}

/// A small deterministic demo township in `dir`.
pub fn demo_db(dir: &Path, households: usize) -> std::path::PathBuf {
    let path = dir.join("demo.db");
    let mut conn = minqing::store::open_connection(&path).expect("open");
    let opts = minqing::demo::DemoOptions {
        households,
        seed: 7,
        today: today(),
    };
    minqing::demo::generate(&mut conn, &opts).expect("generate");
    path
}

/// A state with the snapshot of `db` loaded, as the TUI would have it.
pub fn loaded_state(db: &Path, lang: Lang) -> State {
    let conn = minqing::store::open_connection(db).expect("open");
    state_with(Snapshot::load(&conn, today()).expect("snapshot"), lang)
}

/// A state showing `snap`, at the in-process tests' 100x30.
fn state_with(snap: Snapshot, lang: Lang) -> State {
    let mut state = State::new(lang, today(), "演示文员");
    state.size = (100, 30);
    state.apply_snapshot(snap);
    state
}

/// The snapshot the logged-in person of `store` sees: a cadre's scoped to
/// their grids, everyone else's the whole township.
fn scoped_snapshot(store: &minqing::store::Store) -> Snapshot {
    let scope = minqing::store::scope::scope_of(store.conn(), store.actor()).expect("scope");
    Snapshot::load_in(store.conn(), today(), &scope).expect("snapshot")
}

/// Draws the state and returns the screen as text, one line per row.
/// Wide characters occupy two columns; the cell after one is skipped so
/// the text reads as the user sees it.
pub fn render(state: &mut State, width: u16, height: u16) -> String {
    state.size = (width, height);
    let keymap = Keymap::default_map();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| minqing::ui::draw(state, &keymap, f)).expect("draw");
    buffer_text(terminal.backend().buffer())
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The whole app in-process: state with a snapshot, services with a real
/// store (logged in as `login`) and a built search index.
pub struct InProcess {
    pub state: State,
    pub svc: minqing::service::Services,
    pub keymap: Keymap,
}

impl InProcess {
    pub fn open(db: &Path, login: &str, lang: Lang) -> InProcess {
        let store = minqing::store::Store::open(db, login).expect("store");
        // A cadre sees their own grids: load the snapshot as the TUI's loader
        // does for this login (README "A cadre's own grids").
        let mut state = state_with(scoped_snapshot(&store), lang);
        state.can_reveal = store.actor().can_reveal;
        state.setup.admin = store.actor().role == Some(minqing::domain::request::Role::Admin);
        state.role = store.actor().role.unwrap_or(minqing::domain::request::Role::Clerk);
        let mut svc = minqing::service::Services::new(store);
        let index = minqing::store::lookup::load_index(svc.store.conn()).expect("index");
        let keymap = Keymap::default_map();
        minqing::app::run::step(
            &mut state,
            &keymap,
            &mut svc,
            minqing::app::event::AppEvent::IndexReady(std::sync::Arc::new(index)),
        );
        InProcess { state, svc, keymap }
    }

    pub fn key(&mut self, code: crossterm::event::KeyCode) {
        self.key_mod(code, crossterm::event::KeyModifiers::NONE);
    }

    pub fn key_mod(&mut self, code: crossterm::event::KeyCode, mods: crossterm::event::KeyModifiers) {
        let ev = minqing::app::event::AppEvent::Key(crossterm::event::KeyEvent::new(code, mods));
        minqing::app::run::step(&mut self.state, &self.keymap, &mut self.svc, ev);
    }

    pub fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.key(crossterm::event::KeyCode::Char(c));
        }
    }

    /// Loads a fresh snapshot, as the loader does after a commit.
    pub fn refresh(&mut self) {
        let snap = scoped_snapshot(&self.svc.store);
        let ev = minqing::app::event::AppEvent::Snapshot(Box::new(snap));
        minqing::app::run::step(&mut self.state, &self.keymap, &mut self.svc, ev);
    }

    pub fn screen(&mut self) -> String {
        render(&mut self.state, 100, 30)
    }

    /// The screen at another terminal size.
    pub fn screen_at(&mut self, width: u16, height: u16) -> String {
        render(&mut self.state, width, height)
    }
}

/// The fixture township ([`fixture`]) open in-process as the clerk `demo`.
/// Keep the TempDir alive as long as the app.
pub fn fixture_app(lang: Lang) -> (tempfile::TempDir, InProcess) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = fixture_db(dir.path());
    let app = InProcess::open(&db, "demo", lang);
    (dir, app)
}

/// Three street-light reports (category 道路交通) from three households of
/// one grid, received in the last days before `today()`: they form a
/// suggested topic. Returns their ids.
pub fn seed_street_lights(store: &mut Store) -> Vec<i64> {
    seed_street_lights_before(store, today())
}

/// As [`seed_street_lights`], received in the three days before `day`.
pub fn seed_street_lights_before(store: &mut Store, day: chrono::NaiveDate) -> Vec<i64> {
    use minqing::domain::request::Channel;
    use minqing::store::request_ops::{NewRequest, create_request};
    let households: Vec<i64> = {
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT h.id FROM households h WHERE h.grid_id =
                   (SELECT grid_id FROM households GROUP BY grid_id HAVING count(*) >= 3 ORDER BY grid_id LIMIT 1)
                 ORDER BY h.id LIMIT 3",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let category: i64 = store
        .conn()
        .query_row("SELECT id FROM categories WHERE name = '道路交通'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let texts = [
        "村口路灯坏了，晚上出行不安全",
        "村口的路灯不亮，晚上走路很危险",
        "路灯坏了好几盏，晚上出行看不清",
    ];
    households
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(i, (h, title))| {
            let mut new = NewRequest::for_household(*h, Channel::Hotline, title);
            new.category_id = Some(category);
            new.received_at = Some(
                (day - chrono::Duration::days(3 - i as i64))
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
            );
            create_request(store, &new).expect("seed request").id
        })
        .collect()
}

/// A new office database with its administrator `admin` (password in a
/// 0600 file, for `--password-file`), as `minqing user add --role admin`
/// makes it. Returns the store and the password file.
pub fn office_with_admin(db: &Path) -> (Store, std::path::PathBuf) {
    const PASSWORD: &str = "Office-2026";
    let store = Store::create_first_admin(
        db,
        &minqing::store::accounts::NewUser {
            login: "admin",
            display_name: "admin",
            role: minqing::domain::request::Role::Admin,
            password: PASSWORD,
            cadre_id: None,
        },
    )
    .expect("first admin");
    let file = db.with_extension("password");
    std::fs::write(&file, PASSWORD).expect("password file");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    (store, file)
}

/// A password the policy accepts, for the accounts tests' users.
pub const PW: &str = "Qingshan-1";

/// A new account `login` (its display name too) with `role`, linked to no cadre.
pub fn new_user<'a>(
    login: &'a str,
    role: minqing::domain::request::Role,
    password: &'a str,
) -> minqing::store::accounts::NewUser<'a> {
    minqing::store::accounts::NewUser {
        login,
        display_name: login,
        role,
        password,
        cadre_id: None,
    }
}

/// The requests tables' context of the demo clerk (user 1), as of [`today`].
pub fn clerk_query_context() -> minqing::store::request_query::QueryContext {
    minqing::store::request_query::QueryContext {
        today: today(),
        user_id: 1,
        cadre_id: None,
        only_assigned: false,
    }
}
