//! Key → Action, from data (`assets/keymap.toml`). The same table feeds the
//! key-hint line and the help overlay.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Context {
    Global,
    List,
    Card,
    Requests,
    RequestDetail,
    Prompt,
    Input,
    Form,
    Help,
    Confirm,
    // Meetings & agendas pane, one per view.
    AgendaMeetings,
    AgendaBuilder,
    AgendaDecisions,
    AgendaTopics,
    // Grid map and assessment panes.
    Map,
    MapEdit,
    Plan,
    Assessment,
    Survey,
}

impl Context {
    /// The name used in assets/keymap.toml and as the help heading's key.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<KeyCombo>,
    /// Key names as written in the file, for display.
    pub key_names: Vec<String>,
    pub action: Action,
    pub hint: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

#[derive(Deserialize)]
struct File {
    bind: Vec<RawBinding>,
}

#[derive(Deserialize)]
struct RawBinding {
    context: Context,
    keys: Vec<String>,
    action: Action,
    #[serde(default)]
    hint: bool,
}

const DEFAULT: &str = include_str!("../../assets/keymap.toml");

impl Keymap {
    pub fn default_map() -> Keymap {
        Keymap::parse(DEFAULT).expect("the shipped keymap is valid (tested)")
    }

    pub fn parse(text: &str) -> Result<Keymap, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let bindings = file
            .bind
            .into_iter()
            .map(|raw| {
                let keys = raw.keys.iter().map(|k| parse_key(k)).collect::<Result<Vec<_>, _>>()?;
                Ok(Binding {
                    context: raw.context,
                    keys,
                    key_names: raw.keys,
                    action: raw.action,
                    hint: raw.hint,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Keymap { bindings })
    }

    /// Resolves a key press in the given contexts (most specific first).
    /// While `typing` is set, printable keys become [`Action::Insert`]
    /// before any binding is consulted, so `q` types a "q".
    pub fn resolve(&self, key: &KeyEvent, contexts: &[Context], typing: bool) -> Option<Action> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        if typing
            && let KeyCode::Char(c) = key.code
            && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Action::Insert(c));
        }
        let combo = normalise(key);
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&combo))
                .map(|b| b.action)
        })
    }

    /// The hint-line entries for these contexts, in file order.
    pub fn hints(&self, contexts: &[Context]) -> Vec<&Binding> {
        contexts
            .iter()
            .flat_map(|ctx| self.bindings.iter().filter(move |b| b.context == *ctx && b.hint))
            .collect()
    }
}

/// Shift is implied by the character itself ('G', '?'), so it is dropped
/// for character keys; terminals disagree about reporting it.
fn normalise(key: &KeyEvent) -> KeyCombo {
    let mut mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let code = match key.code {
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            if mods.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
        KeyCode::BackTab => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        other => other,
    };
    KeyCombo { code, mods }
}

fn parse_key(name: &str) -> Result<KeyCombo, String> {
    let (mods, base) = if let Some(rest) = name.strip_prefix("Ctrl-") {
        (KeyModifiers::CONTROL, rest)
    } else if let Some(rest) = name.strip_prefix("Alt-") {
        (KeyModifiers::ALT, rest)
    } else {
        (KeyModifiers::NONE, name)
    };
    let code = match base {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Space" => KeyCode::Char(' '),
        f if f.len() > 1 && f.starts_with('F') => {
            KeyCode::F(f[1..].parse().map_err(|_| format!("unknown key {name}"))?)
        }
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().expect("one char")),
        _ => return Err(format!("unknown key {name}")),
    };
    Ok(KeyCombo { code, mods })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shipped_keymap_parses_and_has_the_house_keys() {
        let km = Keymap::default_map();
        let g = [Context::List, Context::Global];
        assert_eq!(
            km.resolve(&press(KeyCode::Char('q'), KeyModifiers::NONE), &g, false),
            Some(Action::Quit)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::F(2), KeyModifiers::NONE), &g, false),
            Some(Action::JumpLookup)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('f'), KeyModifiers::CONTROL), &g, false),
            Some(Action::JumpLookup)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('3'), KeyModifiers::NONE), &g, false),
            Some(Action::PaneRequests)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('j'), KeyModifiers::NONE), &g, false),
            Some(Action::Down)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('?'), KeyModifiers::SHIFT), &g, false),
            Some(Action::Help)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('G'), KeyModifiers::SHIFT), &g, false),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn typing_wins_over_bindings_but_not_over_control_keys() {
        let km = Keymap::default_map();
        let ctx = [Context::Input, Context::Global];
        assert_eq!(
            km.resolve(&press(KeyCode::Char('q'), KeyModifiers::NONE), &ctx, true),
            Some(Action::Insert('q'))
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('张'), KeyModifiers::NONE), &ctx, true),
            Some(Action::Insert('张'))
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Enter, KeyModifiers::NONE), &ctx, true),
            Some(Action::InputAccept)
        );
        assert_eq!(
            km.resolve(&press(KeyCode::Char('c'), KeyModifiers::CONTROL), &ctx, true),
            Some(Action::Quit)
        );
    }

    #[test]
    fn releases_are_ignored() {
        let km = Keymap::default_map();
        let mut ev = press(KeyCode::Char('q'), KeyModifiers::NONE);
        ev.kind = KeyEventKind::Release;
        assert_eq!(km.resolve(&ev, &[Context::Global], false), None);
    }

    #[test]
    fn bad_key_names_are_reported() {
        let bad = "[[bind]]\ncontext = \"global\"\nkeys = [\"Hyper-x\"]\naction = \"quit\"\n";
        assert!(Keymap::parse(bad).unwrap_err().contains("Hyper-x"));
    }
}
