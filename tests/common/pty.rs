//! Runs the real binary in a pseudo-terminal and reads its screen through a
//! vt100 parser on a background thread; tests wait for text, never sleep.

use portable_pty::{Child, CommandBuilder, NativePtySystem, PtySize, PtySystem};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct PtyApp {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl PtyApp {
    pub fn spawn(args: &[&str], home: &std::path::Path, cols: u16, rows: u16) -> PtyApp {
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

    /// Waits until the screen shows `text`; panics with the screen if it
    /// does not within a generous timeout (CI machines are slow).
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.screen_text().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen_text());
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if !self.screen_text().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("timed out waiting for {text:?} to go; screen:\n{}", self.screen_text());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("process did not exit; screen:\n{}", self.screen_text());
    }

    /// Whether the highlighted (reverse-video) row contains `text`.
    pub fn selected_line_contains(&self, text: &str) -> bool {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols): (u16, u16) = (rows.into(), cols.into());
        (0..rows).any(|r| {
            let reversed = (1..cols.saturating_sub(1)).any(|c| screen.cell(r, c).is_some_and(|cell| cell.inverse()));
            reversed && screen.contents_between(r, 0, r, cols).contains(text)
        })
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().expect("parser").screen().alternate_screen()
    }

    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().expect("parser").screen().hide_cursor()
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
