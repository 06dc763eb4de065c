//! Checking the passwords typed on the gate (README "Accounts and roles"):
//! the login phase before the session exists, the lock screen's password
//! during it, and the clock that drives the idle lock.

use super::effect::Effect;
use super::event::AppEvent;
use super::gate::{self, GateEffect, GateMessage};
use super::keymap::Keymap;
use super::message::{Message, Outcome};
use super::run::handle;
use super::state::State;
use super::update::apply;
use crate::service::Services;
use crate::store::Store;
use crate::text::i18n::login_error;
use crate::ui;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// Shows the login screen until someone logs in (their session) or quits
/// (None). Runs on the same terminal and event channel as [`super::run::run`],
/// which takes over afterwards with the same state.
pub fn log_in<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    keymap: &Keymap,
    events: &Receiver<AppEvent>,
    db: &Path,
) -> std::io::Result<Option<Store>>
where
    std::io::Error: From<B::Error>,
{
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    terminal.draw(|f| ui::draw(state, keymap, f))?;
    while let Ok(event) = events.recv() {
        if let Some(store) = log_in_step(state, keymap, event, db) {
            return Ok(Some(store));
        }
        if state.should_quit {
            return Ok(None);
        }
        terminal.draw(|f| ui::draw(state, keymap, f))?;
    }
    Ok(None)
}

/// One event of the login phase: the session once a password is right.
pub fn log_in_step(state: &mut State, keymap: &Keymap, event: AppEvent, db: &Path) -> Option<Store> {
    for effect in handle(state, keymap, event) {
        let Effect::Gate(GateEffect::Login { login, password }) = effect else {
            continue;
        };
        match Store::login(db, &login, &password) {
            Ok(store) => {
                let actor = store.actor();
                state.login = actor.login.clone();
                // A failing settings read must not keep anyone out: the
                // default lock applies.
                let minutes = crate::config::idle_minutes(
                    store
                        .idle_lock_minutes()
                        .unwrap_or(crate::store::accounts::DEFAULT_IDLE_LOCK_MINUTES),
                );
                gate::logged_in(state, &actor.display_name, actor.can_reveal, Some(minutes));
                return Some(store);
            }
            Err(e) => apply(
                state,
                Message::Gate(GateMessage::Refused(login_error(state.lang, &e, &login))),
            ),
        }
    }
    None
}

/// The lock screen's password, checked against the session's own account.
pub fn execute(state: &State, svc: &mut Services, effect: GateEffect) -> Outcome {
    let message = match effect {
        GateEffect::Unlock { password } => match svc.store.unlock(&password, chrono::Local::now().naive_local()) {
            Ok(()) => GateMessage::Unlocked,
            Err(e) => GateMessage::Refused(login_error(state.lang, &e, &state.login)),
        },
        // Only the login phase logs in; a session never changes its user.
        GateEffect::Login { .. } => return Outcome::read(vec![]),
    };
    Outcome::read(vec![Message::Gate(message)])
}

/// Sends the time to the loop about once a second, for the idle lock.
pub fn spawn_ticker(out: Sender<AppEvent>) {
    std::thread::spawn(move || {
        while out.send(AppEvent::Tick(Instant::now())).is_ok() {
            std::thread::sleep(Duration::from_secs(1));
        }
    });
}
