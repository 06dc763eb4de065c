//! What carrying out an effect found out. `run::step` hands each message to
//! `update::apply`, the one place state changes (README, Architecture);
//! effect code only reads the state and talks to the store.

use crate::panes::agenda::update::AgendaMessage;
use crate::panes::assessment::update::AssessMessage;
use crate::panes::lookup::update::LookupMessage;
use crate::panes::requests::update::RequestsMessage;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A sentence for the status line.
    Info(String),
    /// A failure for the status line.
    Error(String),
    /// The open form was saved: close it and say so.
    FormSaved(String),
    /// Close the open form (the outcome is said by the next message).
    CloseForm,
    /// The open form's save was refused: keep everything typed, say why
    /// on the form and on the status line.
    FormRefused(String),
    /// A field of the open form is wrong: mark it, keep the input.
    FieldRefused {
        field: &'static str,
        text: String,
    },
    Lookup(LookupMessage),
    Requests(Box<RequestsMessage>),
    Agenda(Box<AgendaMessage>),
    Assess(Box<AssessMessage>),
    /// The outcome of a password typed on the login or lock screen.
    Gate(super::gate::GateMessage),
    Setup(Box<crate::panes::setup::update::SetupMessage>),
}

/// The messages of one effect and whether the snapshot must be reloaded.
#[derive(Debug, Default)]
pub struct Outcome {
    pub messages: Vec<Message>,
    pub reload: bool,
}

impl Outcome {
    /// A read: messages, no reload.
    pub fn read(messages: Vec<Message>) -> Outcome {
        Outcome {
            messages,
            reload: false,
        }
    }

    /// A write: messages, then a fresh snapshot.
    pub fn wrote(messages: Vec<Message>) -> Outcome {
        Outcome { messages, reload: true }
    }
}
