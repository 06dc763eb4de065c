//! What the event loop receives: keys and resizes from the input thread,
//! snapshots and the search index from the loader, answers from the worker. Its own module so that
//! the loader and the loop do not import each other.

use super::snapshot::{Figures, Patch, Snapshot};
use crate::search::Index;
use crate::store::StoreError;
use crossterm::event::KeyEvent;
use std::sync::Arc;

pub enum AppEvent {
    Key(KeyEvent),
    Resize(u16, u16),
    Snapshot(Box<Snapshot>),
    IndexReady(Arc<Index>),
    LoadFailed(StoreError),
    /// Other connections' commits since the last snapshot or patch
    /// (README "Performance").
    Patch(Box<Patch>),
    /// Figures a patch left stale, computed on the loader thread.
    Figures(Box<Figures>),
    /// The clock, about once a second (`gate::spawn_ticker`): the idle lock.
    Tick(std::time::Instant),
    /// What work on a thread of its own (the register import) found out.
    Message(Box<super::message::Message>),
    /// What the worker found carrying out an effect (see `run::Worker`).
    Answer(Box<super::run::Answer>),
}
