//! The event loop, generic over the ratatui backend so tests drive the
//! real loop on a `TestBackend`.

use super::keymap::Keymap;
use super::loader::Loader;
use super::snapshot::Snapshot;
use super::state::{State, Status};
use super::update::{Effect, contexts, update};
use crate::store::StoreError;
use crate::ui::{self, i18n};
use crossterm::event::{Event, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::sync::mpsc::{Receiver, Sender};

pub enum AppEvent {
    Key(KeyEvent),
    Resize(u16, u16),
    Snapshot(Box<Snapshot>),
    LoadFailed(StoreError),
}

/// Forwards terminal input to the loop's channel from a thread of its own.
pub fn spawn_input_thread(out: Sender<AppEvent>) {
    std::thread::spawn(move || {
        while let Ok(ev) = crossterm::event::read() {
            let sent = match ev {
                Event::Key(k) => out.send(AppEvent::Key(k)),
                Event::Resize(w, h) => out.send(AppEvent::Resize(w, h)),
                _ => Ok(()),
            };
            if sent.is_err() {
                return;
            }
        }
    });
}

pub fn handle(state: &mut State, keymap: &Keymap, event: AppEvent) -> Vec<Effect> {
    match event {
        AppEvent::Key(key) => {
            let (ctx, typing) = contexts(state);
            match keymap.resolve(&key, &ctx, typing) {
                Some(action) => {
                    state.status = None;
                    update(state, action)
                }
                None => vec![],
            }
        }
        AppEvent::Resize(w, h) => {
            state.size = (w, h);
            vec![]
        }
        AppEvent::Snapshot(snap) => {
            state.apply_snapshot(*snap);
            vec![]
        }
        AppEvent::LoadFailed(err) => {
            let text = i18n::fill(
                &i18n::texts(state.lang).chrome.load_failed,
                &[("error", &i18n::store_error(state.lang, &err))],
            );
            state.status = Some(Status { text, error: true });
            vec![]
        }
    }
}

/// Runs until the user quits. A burst of keys is drained before the next
/// draw, so fast typing costs one frame, not one per key.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    keymap: &Keymap,
    events: &Receiver<AppEvent>,
    loader: &Loader,
) -> std::io::Result<()>
where
    std::io::Error: From<B::Error>,
{
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    terminal.draw(|f| ui::draw(state, keymap, f))?;
    while let Ok(first) = events.recv() {
        let mut effects = handle(state, keymap, first);
        while let Ok(ev) = events.try_recv() {
            effects.extend(handle(state, keymap, ev));
        }
        for effect in effects {
            match effect {
                Effect::Reload => loader.reload(),
            }
        }
        if state.should_quit {
            break;
        }
        terminal.draw(|f| ui::draw(state, keymap, f))?;
    }
    Ok(())
}
