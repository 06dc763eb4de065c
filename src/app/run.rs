//! The event loop, generic over the ratatui backend so tests drive the
//! real loop on a `TestBackend`.

use super::effect::Effect;
use super::effects;
use super::event::AppEvent;
use super::keymap::Keymap;
use super::loader::Loader;
use super::services::Services;
use super::state::State;
use super::update::{contexts, update};
use crate::text::i18n;
use crate::ui;
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

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

/// Applies one event to the state; returns the effects it asks for.
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
            // Each pane refreshes what it has open (another clerk may have
            // changed it).
            let panes = state.panes.clone();
            panes.all().iter().flat_map(|p| p.on_snapshot(state)).collect()
        }
        AppEvent::IndexReady(_) => {
            state.lookup.index_ready = true;
            vec![Effect::Search(state.lookup.query.text.clone())]
        }
        AppEvent::Tick(now) => {
            super::gate::tick(state, now);
            vec![]
        }
        AppEvent::Message(message) => {
            super::update::apply(state, *message);
            vec![]
        }
        AppEvent::LoadFailed(err) => {
            let text = i18n::fill(
                &i18n::texts(state.lang).chrome.load_failed,
                &[("error", &i18n::store_error(state.lang, &err))],
            );
            state.error(text);
            vec![]
        }
    }
}

/// Handles one event including its effects; returns whether a reload of
/// the snapshot is wanted. Used by `run` and by in-process tests.
pub fn step(state: &mut State, keymap: &Keymap, svc: &mut Services, event: AppEvent) -> bool {
    if let AppEvent::IndexReady(index) = &event {
        svc.index = Some(Arc::clone(index));
    }
    let mut reload = false;
    let mut effects = handle(state, keymap, event);
    // Only the last search of a burst matters.
    if let Some(last) = effects.iter().rposition(|e| matches!(e, Effect::Search(_))) {
        let mut i = 0;
        effects.retain(|e| {
            i += 1;
            !matches!(e, Effect::Search(_)) || i - 1 == last
        });
    }
    for effect in effects {
        let outcome = effects::execute(state, svc, effect);
        reload |= outcome.reload;
        for message in outcome.messages {
            super::update::apply(state, message);
        }
    }
    reload
}

/// Runs until the user quits. A burst of keys is drained before the next
/// draw, so fast typing costs one frame, not one per key.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    keymap: &Keymap,
    svc: &mut Services,
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
        let mut reload = step(state, keymap, svc, first);
        while let Ok(ev) = events.try_recv() {
            reload |= step(state, keymap, svc, ev);
        }
        if reload {
            loader.reload();
        }
        if state.should_quit {
            break;
        }
        terminal.draw(|f| ui::draw(state, keymap, f))?;
    }
    Ok(())
}
