//! Runs the real binary in a pseudo-terminal and reads its screen through a
//! vt100 parser on a background thread; tests wait for text, never sleep.

use portable_pty::{Child, CommandBuilder, NativePtySystem, PtySize, PtySystem};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a wait may take before the test fails: a liveness bound, not a
/// performance claim.
const WAIT: Duration = Duration::from_secs(60);

pub struct PtyApp {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl PtyApp {
    pub fn spawn(args: &[&str], home: &std::path::Path, cols: u16, rows: u16) -> PtyApp {
        PtyApp::spawn_without(args, home, cols, rows, &[])
    }

    /// As [`PtyApp::spawn`], with the environment variables `unset`
    /// removed (a terminal without USER).
    pub fn spawn_without(args: &[&str], home: &std::path::Path, cols: u16, rows: u16, unset: &[&str]) -> PtyApp {
        let pty = NativePtySystem::default()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_minqing"));
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home);
        // The user keymap comes from the test's home, never the developer's.
        cmd.env("XDG_CONFIG_HOME", home.join(".config"));
        cmd.env_remove(minqing::app::keymap::KEYMAP_ENV);
        cmd.env("TERM", "xterm-256color");
        for name in unset {
            cmd.env_remove(name);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().expect("rows > 0"),
            cols.try_into().expect("cols > 0"),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("parser").process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("writer");
        // Keep the master alive for the child's lifetime.
        std::mem::forget(pty.master);
        PtyApp { parser, writer, child }
    }

    pub fn screen_text(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until `holds` is true of the screen; panics with `what` and
    /// the screen if it is not within a generous timeout (CI machines are
    /// slow). Every wait in the end-to-end tests goes through here.
    pub fn wait_until(&self, what: &str, holds: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            if holds(self.parser.lock().expect("parser").screen()) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.screen_text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contents().contains(text));
    }

    /// Presses `key` (a movement key) until the highlighted row contains
    /// `text`. After each press it waits for the highlight to move, so keys
    /// never run ahead of the screen; a list that ends before `text` fails
    /// the test with the screen.
    pub fn select_row(&mut self, key: &str, text: &str) {
        // The row may come with the next snapshot; moving before it is
        // listed could pass it by.
        self.wait_for(text);
        loop {
            let before = highlighted_lines(self.parser.lock().expect("parser").screen());
            if before.iter().any(|l| l.contains(text)) {
                return;
            }
            // The list may open with the highlight below the row (a row
            // just made is selected when the snapshot lists it, which may
            // come after the highlight moved on): move up to it then.
            let up = {
                let parser = self.parser.lock().expect("parser");
                let screen = parser.screen();
                let rows = highlighted_rows(screen);
                let (height, width): (u16, u16) = (screen.size().0.into(), screen.size().1.into());
                let target =
                    (0..height).find(|r| !rows.contains(r) && screen.contents_between(*r, 0, *r, width).contains(text));
                // Other rows may be reverse too (the tab bar): the nearest
                // highlight is this list's.
                target.is_some_and(|t| rows.iter().min_by_key(|h| h.abs_diff(t)).is_some_and(|h| *h > t))
            };
            self.send(if up { opposite(key) } else { key });
            self.wait_until(&format!("the highlight to move towards {text:?}"), |s| {
                highlighted_lines(s) != before
            });
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.send_bytes(keys.as_bytes());
    }

    /// Bytes as a terminal in another encoding would send them.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("process did not exit; screen:\n{}", self.screen_text());
    }

    /// Whether a highlighted (reverse-video) row contains `text`.
    pub fn selected_line_contains(&self, text: &str) -> bool {
        highlighted_lines(self.parser.lock().expect("parser").screen())
            .iter()
            .any(|l| l.contains(text))
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().expect("parser").screen().alternate_screen()
    }

    /// Whether the terminal left the alternate screen. After the program
    /// exits the reader thread may not have parsed its last bytes yet, so
    /// this waits (up to the usual timeout) for it to leave.
    pub fn left_alternate_screen(&self) -> bool {
        let deadline = Instant::now() + WAIT;
        while self.alternate_screen() {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().expect("parser").screen().hide_cursor()
    }
}

/// The text of each row with reverse-video cells inside the borders: the
/// selected row of a list (or table).
pub fn highlighted_lines(screen: &vt100::Screen) -> Vec<String> {
    let cols: u16 = screen.size().1.into();
    highlighted_rows(screen)
        .into_iter()
        .map(|r| screen.contents_between(r, 0, r, cols))
        .collect()
}

/// The screen rows with reverse-video cells inside the borders.
fn highlighted_rows(screen: &vt100::Screen) -> Vec<u16> {
    let (rows, cols) = screen.size();
    let (rows, cols): (u16, u16) = (rows.into(), cols.into());
    (0..rows)
        .filter(|&r| (1..cols.saturating_sub(1)).any(|c| screen.cell(r, c).is_some_and(|cell| cell.inverse())))
        .collect()
}

/// The movement key that goes the other way.
fn opposite(key: &str) -> &str {
    match key {
        "j" => "k",
        "k" => "j",
        "\x1b[B" => "\x1b[A",
        "\x1b[A" => "\x1b[B",
        other => panic!("no opposite known for the key {other:?}"),
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Creates a demo township database with the real binary, as a user would
/// (`minqing demo --no-tui`), and returns its path.
pub fn demo_with_binary(dir: &std::path::Path, households: usize) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_minqing"))
        .args([
            "demo",
            "--db",
            db.to_str().expect("utf-8 path"),
            "--households",
            &households.to_string(),
            "--no-tui",
        ])
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .status()
        .expect("run demo");
    assert!(status.success());
    db
}
