//! Key → Action, from data: the shipped `assets/keymap.toml`, with the
//! user's `~/.config/minqing/keymap.toml` merged over it (README, Keys).
//! The same table feeds the key-hint line and the help overlay.

use super::action::Action;
use crate::text::i18n::{Lang, fill, texts};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, strum::EnumString, strum::IntoStaticStr)]
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
    // Login and lock screen (issue 11).
    Gate,
    // Set-up pane (设置): its sections and first-run checklist, the file
    // prompt, an import's result.
    Setup,
    SetupPrompt,
    SetupImport,
    // 民情分析 pane (issue 14): the report, and a list opened from a warning.
    Reports,
    ReportsList,
}

impl Context {
    /// The name used in assets/keymap.toml and as the help heading's key.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    #[serde(default)]
    bind: Vec<RawBinding>,
}

/// A binding as written; names are checked by us (not serde) so that a
/// problem names its line.
#[derive(Deserialize)]
struct RawBinding {
    context: Spanned<String>,
    keys: Vec<Spanned<String>>,
    action: Spanned<String>,
    hint: Option<bool>,
}

const DEFAULT: &str = include_str!("../../assets/keymap.toml");

/// The environment variable that names another user keymap file (tests,
/// or an office that keeps one shared file).
pub const KEYMAP_ENV: &str = "MINQING_KEYMAP";

/// What is wrong with a keymap file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapProblem {
    pub file: PathBuf,
    /// 1-based; 0 when the file could not be read at all.
    pub line: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file could not be read (the system's words).
    Unreadable(String),
    /// Not valid TOML or not the keymap's shape (the parser's words).
    Syntax(String),
    UnknownAction(String),
    UnknownContext(String),
    UnknownKey(String),
    /// One key, two actions, one context (after the merge).
    Clash {
        context: Context,
        key: String,
        first: Action,
        second: Action,
    },
}

impl KeymapProblem {
    /// One sentence in `lang`, naming the file, the line and what is wrong,
    /// and saying that the shipped keys are used instead.
    pub fn message(&self, lang: Lang) -> String {
        let k = &texts(lang).keymap;
        let file = self.file.display();
        let line = self.line;
        match &self.kind {
            ProblemKind::Unreadable(error) => fill(&k.unreadable, &[("file", &file), ("error", error)]),
            ProblemKind::Syntax(error) => fill(&k.syntax, &[("file", &file), ("line", &line), ("error", error)]),
            ProblemKind::UnknownAction(action) => fill(
                &k.unknown_action,
                &[("file", &file), ("line", &line), ("action", action)],
            ),
            ProblemKind::UnknownContext(context) => fill(
                &k.unknown_context,
                &[("file", &file), ("line", &line), ("context", context)],
            ),
            ProblemKind::UnknownKey(key) => fill(&k.unknown_key, &[("file", &file), ("line", &line), ("key", key)]),
            ProblemKind::Clash {
                context,
                key,
                first,
                second,
            } => {
                let context: &str = context.into();
                fill(
                    &k.clash,
                    &[
                        ("file", &file),
                        ("line", &line),
                        ("key", key),
                        ("context", &context),
                        ("first", &first.name()),
                        ("second", &second.name()),
                    ],
                )
            }
        }
    }
}

/// Where the user's keymap is: `$MINQING_KEYMAP`, else
/// `~/.config/minqing/keymap.toml` (the platform's config folder).
pub fn user_keymap_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(KEYMAP_ENV) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("cn", "minqing", "minqing").map(|d| d.config_dir().join("keymap.toml"))
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A binding with the line it was written on and whether it set `hint`.
struct Parsed {
    binding: Binding,
    line: usize,
    hint_given: bool,
}

fn parse_file(text: &str, file: &Path) -> Result<Vec<Parsed>, KeymapProblem> {
    let problem = |line, kind| KeymapProblem {
        file: file.to_path_buf(),
        line,
        kind,
    };
    let raw: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        problem(line, ProblemKind::Syntax(e.message().trim().to_string()))
    })?;
    raw.bind
        .into_iter()
        .map(|b| {
            let at = |s: &Spanned<String>| line_of(text, s.span().start);
            let context = b
                .context
                .get_ref()
                .parse::<Context>()
                .map_err(|_| problem(at(&b.context), ProblemKind::UnknownContext(b.context.get_ref().clone())))?;
            let action = b
                .action
                .get_ref()
                .parse::<Action>()
                .map_err(|_| problem(at(&b.action), ProblemKind::UnknownAction(b.action.get_ref().clone())))?;
            let keys = b
                .keys
                .iter()
                .map(|k| {
                    parse_key(k.get_ref()).map_err(|_| problem(at(k), ProblemKind::UnknownKey(k.get_ref().clone())))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Parsed {
                binding: Binding {
                    context,
                    keys,
                    key_names: b.keys.into_iter().map(Spanned::into_inner).collect(),
                    action,
                    hint: b.hint.unwrap_or(false),
                },
                line: at(&b.action),
                hint_given: b.hint.is_some(),
            })
        })
        .collect()
}

/// The first key bound to two actions in one context, if any.
fn find_clash(parsed: &[Parsed], file: &Path) -> Option<KeymapProblem> {
    let mut seen: HashMap<(Context, KeyCombo), usize> = HashMap::new();
    for (i, p) in parsed.iter().enumerate() {
        for (combo, name) in p.binding.keys.iter().zip(&p.binding.key_names) {
            match seen.get(&(p.binding.context, *combo)) {
                Some(&j) if parsed[j].binding.action != p.binding.action => {
                    // Name the user's line: of the two, the later one (user
                    // bindings follow or replace the shipped ones).
                    let line = p.line.max(parsed[j].line);
                    return Some(KeymapProblem {
                        file: file.to_path_buf(),
                        line,
                        kind: ProblemKind::Clash {
                            context: p.binding.context,
                            key: name.clone(),
                            first: parsed[j].binding.action,
                            second: p.binding.action,
                        },
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert((p.binding.context, *combo), i);
                }
            }
        }
    }
    None
}

impl Keymap {
    pub fn default_map() -> Keymap {
        Keymap::parse(DEFAULT).expect("the shipped keymap is valid (tested)")
    }

    pub fn parse(text: &str) -> Result<Keymap, String> {
        let file = Path::new("keymap.toml");
        let parsed = parse_file(text, file).map_err(|p| p.message(Lang::En))?;
        if let Some(p) = find_clash(&parsed, file) {
            return Err(p.message(Lang::En));
        }
        Ok(Keymap {
            bindings: parsed.into_iter().map(|p| p.binding).collect(),
        })
    }

    /// The shipped keymap with the user's file `text` (read from `file`)
    /// merged over it: a user binding replaces the shipped bindings of the
    /// same action in the same context (keeping their `hint` unless it sets
    /// one; `keys = []` unbinds), other user bindings are added. Unknown
    /// names and a key left on two actions in one context are refused.
    pub fn with_user(text: &str, file: &Path) -> Result<Keymap, KeymapProblem> {
        let shipped =
            parse_file(DEFAULT, Path::new("assets/keymap.toml")).expect("the shipped keymap is valid (tested)");
        let user = parse_file(text, file)?;
        let mut merged: Vec<Parsed> = Vec::with_capacity(shipped.len() + user.len());
        let mut placed = vec![false; user.len()];
        let same = |a: &Binding, b: &Binding| a.context == b.context && a.action == b.action;
        for mut s in shipped {
            // Shipped lines count as line 0: a clash is reported on the user's line.
            s.line = 0;
            let replacing: Vec<usize> = (0..user.len())
                .filter(|&i| same(&user[i].binding, &s.binding))
                .collect();
            if replacing.is_empty() {
                merged.push(s);
                continue;
            }
            for i in replacing {
                if !placed[i] {
                    placed[i] = true;
                    let u = &user[i];
                    let mut b = u.binding.clone();
                    if !u.hint_given {
                        b.hint = s.binding.hint;
                    }
                    merged.push(Parsed {
                        binding: b,
                        line: u.line,
                        hint_given: true,
                    });
                }
            }
        }
        for (i, u) in user.into_iter().enumerate() {
            if !placed[i] {
                merged.push(u);
            }
        }
        if let Some(p) = find_clash(&merged, file) {
            return Err(p);
        }
        Ok(Keymap {
            bindings: merged.into_iter().map(|p| p.binding).collect(),
        })
    }

    /// The keymap to start with: the shipped one merged with the user's file
    /// at `path` when there is one. A bad user file is not fatal: the
    /// shipped keymap is used and the problem returned for the status line.
    pub fn load(path: Option<&Path>) -> (Keymap, Option<KeymapProblem>) {
        let Some(path) = path else {
            return (Keymap::default_map(), None);
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Keymap::default_map(), None),
            Err(e) => {
                let problem = KeymapProblem {
                    file: path.to_path_buf(),
                    line: 0,
                    kind: ProblemKind::Unreadable(e.to_string()),
                };
                return (Keymap::default_map(), Some(problem));
            }
        };
        match Keymap::with_user(&text, path) {
            Ok(map) => (map, None),
            Err(problem) => (Keymap::default_map(), Some(problem)),
        }
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

    /// The hint-line entries for these contexts, in file order, each with
    /// only the keys that reach it now (as [`Keymap::resolve`] would): a key
    /// a more specific context binds, or a printable key while `typing`, is
    /// left out, and an entry with no key left is not shown. So a form's
    /// line does not offer `Tab` for the next pane or `q` to quit.
    pub fn hints(&self, contexts: &[Context], typing: bool) -> Vec<(&Binding, Vec<String>)> {
        let typed = |k: &KeyCombo| {
            typing
                && matches!(k.code, KeyCode::Char(_))
                && !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        };
        let mut hints = Vec::new();
        for (i, ctx) in contexts.iter().enumerate() {
            let shadowed = |k: &KeyCombo, b: &Binding| {
                contexts[..i].iter().any(|c| {
                    self.bindings
                        .iter()
                        .any(|o| o.context == *c && o.keys.contains(k) && o.action != b.action)
                })
            };
            for b in self.bindings.iter().filter(|b| b.context == *ctx && b.hint) {
                let reach: Vec<(&KeyCombo, &String)> = b
                    .keys
                    .iter()
                    .zip(&b.key_names)
                    .filter(|(k, _)| !typed(k) && !shadowed(k, b))
                    .collect();
                // A function key beside a character key is its stand-in for
                // typing (`F1` for `?`): shown only when the character types.
                let has_char = reach
                    .iter()
                    .any(|(k, _)| matches!(k.code, KeyCode::Char(_)) && k.mods.is_empty());
                let names: Vec<String> = reach
                    .into_iter()
                    .filter(|(k, _)| !(has_char && matches!(k.code, KeyCode::F(_))))
                    .map(|(_, n)| n.clone())
                    .collect();
                if !names.is_empty() {
                    hints.push((b, names));
                }
            }
        }
        hints
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
    fn hints_show_only_the_keys_that_reach_their_action() {
        let km = Keymap::default_map();
        let keys_of = |ctx: &[Context], typing: bool, action: Action| {
            km.hints(ctx, typing)
                .into_iter()
                .find(|(b, _)| b.action == action)
                .map(|(_, keys)| keys)
        };
        // In a list: Tab goes to the next pane, q quits.
        let list = [Context::List, Context::Global];
        assert_eq!(keys_of(&list, false, Action::NextPane), Some(vec!["Tab".to_string()]));
        assert_eq!(
            keys_of(&list, false, Action::Quit),
            Some(vec!["q".into(), "Ctrl-c".into()])
        );
        // In a form Tab is the next field and q types a "q": the form's line
        // must not offer either for the pane or quitting.
        let form = [Context::Form, Context::Global];
        assert_eq!(keys_of(&form, true, Action::NextPane), None);
        assert_eq!(keys_of(&form, true, Action::Quit), Some(vec!["Ctrl-c".to_string()]));
        assert_eq!(
            keys_of(&form, true, Action::NextField),
            Some(vec!["Tab".into(), "Down".into()])
        );
        // Help: `?` where it works, `F1` where `?` types.
        assert_eq!(keys_of(&list, false, Action::Help), Some(vec!["?".to_string()]));
        assert_eq!(keys_of(&form, true, Action::Help), Some(vec!["F1".to_string()]));
        for (b, keys) in km.hints(&form, true) {
            let press = |name: &String| {
                let k = parse_key(name).expect("shipped key");
                KeyEvent::new(k.code, k.mods)
            };
            for k in &keys {
                assert_eq!(km.resolve(&press(k), &form, true), Some(b.action), "{k}");
            }
        }
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

    fn user(text: &str) -> Result<Keymap, KeymapProblem> {
        Keymap::with_user(text, Path::new("/home/clerk/.config/minqing/keymap.toml"))
    }

    fn key(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn a_user_file_rebinds_over_the_shipped_keys() {
        // Requests pane on F9 instead of 3; a new key for refresh.
        let km = user(
            "[[bind]]\ncontext = \"global\"\nkeys = [\"F9\"]\naction = \"pane_requests\"\n\n\
             [[bind]]\ncontext = \"global\"\nkeys = [\"Ctrl-r\", \"F5\"]\naction = \"refresh\"\n",
        )
        .unwrap();
        let g = [Context::List, Context::Global];
        let f9 = press(KeyCode::F(9), KeyModifiers::NONE);
        assert_eq!(km.resolve(&f9, &g, false), Some(Action::PaneRequests));
        assert_eq!(km.resolve(&key('3'), &g, false), None, "the shipped key is replaced");
        let f5 = press(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(km.resolve(&f5, &g, false), Some(Action::Refresh));
        // Everything else as shipped, and the hint flag kept where the user set none.
        assert_eq!(km.resolve(&key('q'), &g, false), Some(Action::Quit));
        let shipped = Keymap::default_map();
        let hinted = |k: &Keymap| {
            k.bindings
                .iter()
                .find(|b| b.context == Context::Global && b.action == Action::PaneRequests)
                .map(|b| b.hint)
        };
        assert_eq!(hinted(&km), hinted(&shipped));
        assert_eq!(km.bindings.len(), shipped.bindings.len());
    }

    #[test]
    fn an_unknown_action_names_the_file_line_and_action() {
        let err = user("# mine\n[[bind]]\ncontext = \"global\"\nkeys = [\"x\"]\naction = \"fly\"\n").unwrap_err();
        assert_eq!(err.kind, ProblemKind::UnknownAction("fly".into()));
        assert_eq!(err.line, 5);
        let zh = err.message(Lang::Zh);
        assert!(
            zh.contains("/home/clerk/.config/minqing/keymap.toml") && zh.contains("第 5 行") && zh.contains("\"fly\""),
            "{zh}"
        );
        let en = err.message(Lang::En);
        assert!(
            en.contains("line 5") && en.contains("\"fly\"") && !en.contains("行"),
            "{en}"
        );
        let err = user("[[bind]]\ncontext = \"kitchen\"\nkeys = [\"x\"]\naction = \"quit\"\n").unwrap_err();
        assert_eq!((err.line, err.kind), (2, ProblemKind::UnknownContext("kitchen".into())));
        let err = user("[[bind]]\ncontext = \"global\"\nkeys = [\"Hyper-x\"]\naction = \"quit\"\n").unwrap_err();
        assert_eq!((err.line, err.kind), (3, ProblemKind::UnknownKey("Hyper-x".into())));
        let err = user("\n[[bind]\n").unwrap_err();
        assert!(matches!(err.kind, ProblemKind::Syntax(_)), "{err:?}");
        assert_eq!(err.line, 2);
        assert!(err.message(Lang::Zh).contains("第 2 行"));
    }

    #[test]
    fn a_key_left_on_two_actions_in_one_context_is_a_clash() {
        // q quits in global; binding it to help there too clashes.
        let err = user("\n[[bind]]\ncontext = \"global\"\nkeys = [\"q\"]\naction = \"help\"\n").unwrap_err();
        assert_eq!(
            err.kind,
            ProblemKind::Clash {
                context: Context::Global,
                key: "q".into(),
                first: Action::Help,
                second: Action::Quit,
            }
        );
        assert_eq!(err.line, 5);
        let zh = err.message(Lang::Zh);
        assert!(
            zh.contains("按键 q") && zh.contains("global") && zh.contains("quit") && zh.contains("help"),
            "{zh}"
        );
        // Moving quit off q first makes room: no clash.
        let km = user(
            "[[bind]]\ncontext = \"global\"\nkeys = [\"Ctrl-c\"]\naction = \"quit\"\n\n\
             [[bind]]\ncontext = \"global\"\nkeys = [\"q\"]\naction = \"help\"\n",
        )
        .unwrap();
        assert_eq!(km.resolve(&key('q'), &[Context::Global], false), Some(Action::Help));
        // The same key in another context is no clash: contexts cascade.
        assert!(user("[[bind]]\ncontext = \"card\"\nkeys = [\"q\"]\naction = \"help\"\n").is_ok());
    }

    #[test]
    fn a_bad_user_file_starts_with_the_shipped_keys_and_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        // No file: the shipped keys, nothing to say.
        let (km, problem) = Keymap::load(Some(&path));
        assert_eq!(
            (km.bindings.len(), problem),
            (Keymap::default_map().bindings.len(), None)
        );
        std::fs::write(
            &path,
            "[[bind]]\ncontext = \"global\"\nkeys = [\"3\"]\naction = \"fly\"\n",
        )
        .unwrap();
        let (km, problem) = Keymap::load(Some(&path));
        let problem = problem.expect("the problem is reported");
        assert_eq!((problem.file.as_path(), problem.line), (path.as_path(), 4));
        let g = [Context::Global];
        assert_eq!(km.resolve(&key('3'), &g, false), Some(Action::PaneRequests));
        std::fs::write(
            &path,
            "[[bind]]\ncontext = \"global\"\nkeys = [\"F9\"]\naction = \"help\"\n",
        )
        .unwrap();
        let (km, problem) = Keymap::load(Some(&path));
        assert_eq!(problem, None);
        assert_eq!(
            km.resolve(&press(KeyCode::F(9), KeyModifiers::NONE), &g, false),
            Some(Action::Help)
        );
    }

    #[test]
    fn bad_key_names_are_reported() {
        let bad = "[[bind]]\ncontext = \"global\"\nkeys = [\"Hyper-x\"]\naction = \"quit\"\n";
        assert!(Keymap::parse(bad).unwrap_err().contains("Hyper-x"));
    }
}
