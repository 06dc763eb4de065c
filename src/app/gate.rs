//! The login screen the TUI starts on and the lock screen (README "Accounts
//! and roles"): their state, their keys and the idle clock. No I/O here: a
//! submitted password becomes a [`GateEffect`], its outcome a
//! [`GateMessage`]. While a gate is up it takes every key and covers the
//! whole screen; the state beneath (an open form, an overlay) stays as it
//! was.

use super::action::Action;
use super::effect::Effect;
use super::input::Input;
use super::state::State;
use crate::text::i18n::texts;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateKind {
    /// The start of a session: login and password.
    Login,
    /// The session's own user left the desk: the password again.
    Lock,
}

/// A password being typed: shown as dots, never printed by `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub Input);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({} chars)", self.0.text.chars().count())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub kind: GateKind,
    /// Editable on the login screen; the session's login on the lock screen.
    pub login: Input,
    pub password: Secret,
    /// The caret is in the password field (always, on the lock screen).
    pub on_password: bool,
    /// Why the last attempt was refused.
    pub message: Option<String>,
}

impl Gate {
    /// The login screen, the login prefilled (`--user`, else the OS user);
    /// the caret starts where typing is needed.
    pub fn login(prefill: &str) -> Gate {
        Gate {
            kind: GateKind::Login,
            login: Input::with_text(prefill),
            password: Secret::default(),
            on_password: !prefill.is_empty(),
            message: None,
        }
    }

    fn lock(login: &str) -> Gate {
        Gate {
            kind: GateKind::Lock,
            login: Input::with_text(login),
            password: Secret::default(),
            on_password: true,
            message: None,
        }
    }

    fn focused(&mut self) -> &mut Input {
        if self.on_password {
            &mut self.password.0
        } else {
            &mut self.login
        }
    }
}

/// What a submitted gate asks the outside world to check.
#[derive(Clone, PartialEq, Eq)]
pub enum GateEffect {
    Login { login: String, password: String },
    Unlock { password: String },
}

impl std::fmt::Debug for GateEffect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GateEffect::Login { login, .. } => write!(f, "Login({login})"),
            GateEffect::Unlock { .. } => write!(f, "Unlock"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateMessage {
    /// The password was refused: the sentence (wrong, locked, disabled).
    Refused(String),
    /// The lock screen's password was right.
    Unlocked,
}

/// When the screen locks itself: no key for `limit`. Time comes in from
/// outside (`AppEvent::Tick`), so tests drive it with their own instants.
#[derive(Debug, Clone, Default)]
pub struct IdleClock {
    /// None: never (a demo township has no password to ask for).
    pub limit: Option<Duration>,
    /// The tick time of the last activity seen.
    last: Option<Instant>,
    /// A key came since the last tick.
    touched: bool,
}

impl IdleClock {
    pub fn new(limit: Option<Duration>) -> IdleClock {
        IdleClock {
            limit,
            last: None,
            touched: false,
        }
    }

    /// A key was pressed.
    pub fn touch(&mut self) {
        self.touched = true;
    }

    /// Time is `now`; true when the session has been idle for the limit.
    fn idle_at(&mut self, now: Instant) -> bool {
        if self.touched || self.last.is_none() {
            self.last = Some(now);
            self.touched = false;
            return false;
        }
        match (self.limit, self.last) {
            (Some(limit), Some(last)) => now.saturating_duration_since(last) >= limit,
            _ => false,
        }
    }

    /// Starts counting afresh (after an unlock).
    fn restart(&mut self) {
        self.last = None;
        self.touched = false;
    }
}

/// The session has logged in: the gate goes, the header names the user, and
/// the idle lock starts counting (`idle_minutes`; None never locks).
pub fn logged_in(state: &mut State, display_name: &str, can_reveal: bool, idle_minutes: Option<u32>) {
    state.gate = None;
    state.user = display_name.to_string();
    state.can_reveal = can_reveal;
    state.idle = IdleClock::new(idle_minutes.map(|m| Duration::from_secs(u64::from(m) * 60)));
}

/// Locks the screen now (`Ctrl-L`, or the idle clock). A session without a
/// password (the demo) cannot be locked and says so.
pub fn lock(state: &mut State) {
    if state.gate.is_some() {
        return;
    }
    if state.idle.limit.is_none() {
        state.info(texts(state.lang).login.no_lock.clone());
        return;
    }
    state.gate = Some(Gate::lock(&state.login));
}

/// A clock tick at `now`: locks an idle session.
pub fn tick(state: &mut State, now: Instant) {
    if state.gate.is_none() && state.idle.idle_at(now) {
        lock(state);
    }
}

/// Keys while a gate is up. Every key counts as activity.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let lang = state.lang;
    let Some(gate) = state.gate.as_mut() else {
        return vec![];
    };
    match action {
        Action::Quit => state.should_quit = true,
        Action::Insert(c) => gate.focused().insert(c),
        Action::Backspace => gate.focused().backspace(),
        Action::Delete => gate.focused().delete(),
        Action::CaretLeft => gate.focused().left(),
        Action::CaretRight => gate.focused().right(),
        Action::CaretHome => gate.focused().home(),
        Action::CaretEnd => gate.focused().end(),
        Action::NextField | Action::PrevField if gate.kind == GateKind::Login => {
            gate.on_password = !gate.on_password;
        }
        Action::InputAccept => return submit(gate, lang),
        _ => {}
    }
    vec![]
}

fn submit(gate: &mut Gate, lang: crate::text::i18n::Lang) -> Vec<Effect> {
    let t = &texts(lang).login;
    let login = gate.login.text.trim().to_string();
    if login.is_empty() {
        gate.on_password = false;
        gate.message = Some(t.need_login.clone());
        return vec![];
    }
    if !gate.on_password {
        gate.on_password = true;
        return vec![];
    }
    // The typed password leaves the state at once: it lives only in the
    // effect that checks it.
    let password = std::mem::take(&mut gate.password).0.text;
    if password.is_empty() {
        gate.message = Some(t.need_password.clone());
        return vec![];
    }
    let effect = match gate.kind {
        GateKind::Login => GateEffect::Login { login, password },
        GateKind::Lock => GateEffect::Unlock { password },
    };
    vec![Effect::Gate(effect)]
}

/// What checking the password found out.
pub fn apply(state: &mut State, message: GateMessage) {
    match message {
        GateMessage::Refused(text) => {
            if let Some(gate) = state.gate.as_mut() {
                gate.message = Some(text);
                gate.on_password = true;
            }
        }
        GateMessage::Unlocked => {
            state.gate = None;
            state.idle.restart();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_idle_clock_counts_from_the_last_key() {
        let t0 = Instant::now();
        let min = |m: u64| t0 + Duration::from_secs(m * 60);
        let mut clock = IdleClock::new(Some(Duration::from_secs(600)));
        assert!(!clock.idle_at(t0), "the first tick starts the count");
        assert!(!clock.idle_at(min(9)));
        clock.touch();
        assert!(
            !clock.idle_at(min(9) + Duration::from_secs(1)),
            "a key restarts the count"
        );
        assert!(!clock.idle_at(min(18)));
        assert!(clock.idle_at(min(19) + Duration::from_secs(1)));
        let mut never = IdleClock::new(None);
        assert!(!never.idle_at(t0));
        assert!(!never.idle_at(min(600)));
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let mut gate = Gate::login("li");
        for c in "Secret-99".chars() {
            gate.password.0.insert(c);
        }
        assert!(!format!("{gate:?}").contains("Secret-99"));
        let effect = GateEffect::Login {
            login: "li".into(),
            password: "Secret-99".into(),
        };
        assert!(!format!("{effect:?}").contains("Secret-99"));
    }
}
