//! The event loop, generic over the ratatui backend so tests drive the
//! real loop on a `TestBackend`.

use super::effect::Effect;
use super::effects;
use super::event::AppEvent;
use super::keymap::Keymap;
use super::loader::Loader;
use super::message::Outcome;
use super::state::State;
use super::update::{contexts, update};
use crate::search::{Entry, Index};
use crate::service::Services;
use crate::text::i18n;
use crate::ui;
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

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
        AppEvent::Patch(patch) => {
            // The index part was taken by `step` or `Worker::step`, whichever
            // owns the index.
            state.change_data(|data| {
                if let Some(data) = data {
                    data.apply(*patch);
                }
            });
            state.figures_asked = false;
            let panes = state.panes.clone();
            let mut effects: Vec<Effect> = panes.all().iter().flat_map(|p| p.on_snapshot(state)).collect();
            // Results shown may name a changed household: search again.
            if state.lookup.index_ready && !state.lookup.query.text.is_empty() {
                effects.push(Effect::Search(state.lookup.query.text.clone()));
            }
            effects
        }
        AppEvent::Figures(figures) => {
            state.change_data(|data| {
                if let Some(data) = data {
                    data.apply_figures(*figures);
                }
            });
            state.figures_asked = false;
            vec![]
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
        // Answers are taken by `Worker::step`; `step` never makes any.
        AppEvent::Answer(_) => vec![],
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

/// Only the last search of a burst matters.
fn last_search_only(mut effects: Vec<Effect>) -> Vec<Effect> {
    if let Some(last) = effects.iter().rposition(|e| matches!(e, Effect::Search(_))) {
        let mut i = 0;
        effects.retain(|e| {
            i += 1;
            !matches!(e, Effect::Search(_)) || i - 1 == last
        });
    }
    effects
}

/// Handles one event including its effects, carried out right here;
/// returns whether a reload of the snapshot is wanted. The in-process
/// tests drive this (deterministic); `run` hands effects to the [`Worker`].
pub fn step(state: &mut State, keymap: &Keymap, svc: &mut Services, event: AppEvent) -> bool {
    if let AppEvent::IndexReady(index) = &event {
        svc.index = Some(Arc::clone(index));
    }
    if let AppEvent::Patch(patch) = &event {
        patch_owned_index(&mut svc.index, &patch.entries);
    }
    let mut reload = false;
    for effect in last_search_only(handle(state, keymap, event)) {
        let outcome = effects::execute(state, svc, effect);
        reload |= outcome.reload;
        for message in outcome.messages {
            super::update::apply(state, message);
        }
    }
    reload
}

/// Patches the lookup entries of changed households into the index. Effects
/// clone the `Arc` only while they run, so between them the index is its
/// owner's alone and is patched in place, never copied.
fn patch_owned_index(index: &mut Option<Arc<Index>>, entries: &[(i64, Vec<Entry>)]) {
    if let Some(index) = index.as_mut().and_then(Arc::get_mut) {
        for (household, rows) in entries {
            index.patch_household(*household, rows);
        }
    }
}

/// What the worker found carrying out one effect: its messages, for the
/// read `slot` and number `seq` it answers.
#[derive(Debug)]
pub struct Answer {
    pub seq: u64,
    pub slot: Option<&'static str>,
    pub outcome: Outcome,
}

enum Job {
    Run {
        seq: u64,
        slot: Option<&'static str>,
        /// The state as it was when the effect was asked for (the snapshot
        /// is shared, not copied).
        state: Box<State>,
        effect: Effect,
    },
    Index(Arc<Index>),
    /// The lookup entries of households another clerk changed.
    Patch(Vec<(i64, Vec<Entry>)>),
}

/// Carries out effects on a thread of its own, which owns the store, so
/// the UI thread never waits for the database (README "Architecture"):
/// the screen keeps the previous data until the answer comes as an
/// [`AppEvent::Answer`]. Jobs run in the order asked, so writes stay in
/// order; a read waiting behind a newer read of the same slot is skipped,
/// and the answer to a read that a newer one superseded is dropped.
pub struct Worker {
    jobs: Sender<Job>,
    seq: u64,
    /// The newest read asked for in each slot.
    latest: HashMap<&'static str, u64>,
}

impl Worker {
    pub fn spawn(mut svc: Services, out: Sender<AppEvent>) -> Worker {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut batch = vec![first];
                batch.extend(queue.try_iter());
                let newest: HashMap<&str, u64> = batch
                    .iter()
                    .filter_map(|j| match j {
                        Job::Run { seq, slot: Some(s), .. } => Some((*s, *seq)),
                        _ => None,
                    })
                    .collect();
                for job in batch {
                    match job {
                        Job::Index(index) => svc.index = Some(index),
                        Job::Patch(entries) => patch_owned_index(&mut svc.index, &entries),
                        // Superseded before it ran: said as an empty answer.
                        Job::Run { seq, slot, .. } if slot.is_some_and(|s| newest[s] != seq) => {
                            let answer = Answer {
                                seq,
                                slot,
                                outcome: Outcome::default(),
                            };
                            if out.send(AppEvent::Answer(Box::new(answer))).is_err() {
                                return;
                            }
                        }
                        Job::Run {
                            seq,
                            slot,
                            state,
                            effect,
                        } => {
                            let outcome = effects::execute(&state, &mut svc, effect);
                            let answer = Answer { seq, slot, outcome };
                            if out.send(AppEvent::Answer(Box::new(answer))).is_err() {
                                return; // the UI has gone
                            }
                        }
                    }
                }
            }
        });
        Worker {
            jobs,
            seq: 0,
            latest: HashMap::new(),
        }
    }

    /// Asks for `effect` with the state as it is now.
    fn submit(&mut self, state: &mut State, effect: Effect) {
        state.pending += 1;
        self.seq += 1;
        let slot = effect.slot();
        if let Some(s) = slot {
            self.latest.insert(s, self.seq);
        }
        let _ = self.jobs.send(Job::Run {
            seq: self.seq,
            slot,
            state: Box::new(state.clone()),
            effect,
        });
    }

    /// Whether `answer` is still wanted (no newer read of its slot).
    pub fn current(&self, answer: &Answer) -> bool {
        answer.slot.is_none_or(|s| self.latest.get(s) == Some(&answer.seq))
    }

    /// Handles one event: effects go to the worker, its answers are
    /// applied unless superseded. Returns whether a reload is wanted.
    pub fn step(&mut self, state: &mut State, keymap: &Keymap, event: AppEvent) -> bool {
        let event = match event {
            AppEvent::Answer(answer) => {
                state.pending = state.pending.saturating_sub(1);
                if !self.current(&answer) {
                    return false;
                }
                for message in answer.outcome.messages {
                    super::update::apply(state, message);
                }
                return answer.outcome.reload;
            }
            AppEvent::IndexReady(index) => {
                let _ = self.jobs.send(Job::Index(Arc::clone(&index)));
                AppEvent::IndexReady(index)
            }
            // The worker owns the index; the patch's entries go there, ahead
            // of the searches this patch asks for.
            AppEvent::Patch(mut patch) => {
                let entries = std::mem::take(&mut patch.entries);
                if !entries.is_empty() {
                    let _ = self.jobs.send(Job::Patch(entries));
                }
                AppEvent::Patch(patch)
            }
            other => other,
        };
        for effect in last_search_only(handle(state, keymap, event)) {
            self.submit(state, effect);
        }
        false
    }
}

/// Runs until the user quits. A burst of keys is drained before the next
/// draw, so fast typing costs one frame, not one per key; the database is
/// only reached through the worker.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    keymap: &Keymap,
    worker: &mut Worker,
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
        let mut reload = worker.step(state, keymap, first);
        while let Ok(ev) = events.try_recv() {
            reload |= worker.step(state, keymap, ev);
        }
        if reload {
            loader.refresh();
        }
        if state.wants_figures() {
            state.figures_asked = true;
            loader.figures();
        }
        if state.should_quit {
            break;
        }
        terminal.draw(|f| ui::draw(state, keymap, f))?;
    }
    Ok(())
}
