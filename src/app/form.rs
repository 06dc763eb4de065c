//! A generic data-entry form: labelled fields, one focused, errors shown
//! next to the field. What a form saves is decided by its `FormKind`; this
//! module only edits values.

use super::input::Input;
use super::validate::FieldErrors;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines; Enter inserts a newline, Ctrl-S saves.
    MultiLine,
    /// One line typed but shown as dots (a password; set-up pane).
    Secret,
    /// One of a fixed list: (stored code, label); Left/Right/Space cycle.
    Choice {
        options: Vec<(String, String)>,
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    pub input: Input,
    pub error: Option<String>,
}

impl Field {
    pub fn text(key: &'static str, label: &str, value: &str) -> Field {
        Field {
            key,
            label: label.to_string(),
            kind: FieldKind::Text,
            input: Input::with_text(value),
            error: None,
        }
    }

    pub fn multiline(key: &'static str, label: &str, value: &str) -> Field {
        Field {
            kind: FieldKind::MultiLine,
            ..Field::text(key, label, value)
        }
    }

    /// A password field: typed like text, drawn as dots.
    pub fn secret(key: &'static str, label: &str) -> Field {
        Field {
            kind: FieldKind::Secret,
            ..Field::text(key, label, "")
        }
    }

    /// A choice preset to `current` (a code) when it is among the options.
    pub fn choice(key: &'static str, label: &str, options: Vec<(String, String)>, current: &str) -> Field {
        let index = options.iter().position(|(code, _)| code == current).unwrap_or(0);
        Field {
            key,
            label: label.to_string(),
            kind: FieldKind::Choice { options, index },
            input: Input::default(),
            error: None,
        }
    }

    /// The stored value: the code of a choice, the text as typed for a
    /// secret, the trimmed text otherwise.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Secret => self.input.text.clone(),
            FieldKind::Choice { options, index } => options.get(*index).map(|(c, _)| c.clone()).unwrap_or_default(),
            _ => self.input.text.trim().to_string(),
        }
    }

    /// What the field shows: the label of a choice, the text otherwise.
    pub fn display(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options, index } => options.get(*index).map(|(_, l)| l.clone()).unwrap_or_default(),
            FieldKind::Secret => "*".repeat(self.input.text.chars().count()),
            _ => self.input.text.clone(),
        }
    }

    fn cycle(&mut self, delta: isize) {
        if let FieldKind::Choice { options, index } = &mut self.kind
            && !options.is_empty()
        {
            let n = options.len() as isize;
            *index = ((*index as isize + delta).rem_euclid(n)) as usize;
        }
    }
}

/// What saving a form does; carries the ids and versions it was opened on,
/// so a concurrent change is detected instead of overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    EditMember {
        person_id: i64,
        version: i64,
    },
    AddMember {
        household_id: i64,
        household_version: i64,
    },
    NewRequest {
        household_id: Option<i64>,
        person_id: Option<i64>,
    },
    // Requests pane: filters and views.
    RequestFilter,
    SaveView,
    // Requests pane: one request or the marked ones ((id, version) each).
    BulkAssign {
        items: Vec<(i64, i64)>,
    },
    BulkCategory {
        items: Vec<(i64, i64)>,
    },
    BulkLevel {
        items: Vec<(i64, i64)>,
    },
    BulkTopic {
        items: Vec<(i64, i64)>,
    },
    Resolve {
        id: i64,
        version: i64,
    },
    Reject {
        id: i64,
        version: i64,
    },
    Escalate {
        id: i64,
        version: i64,
    },
    Extend {
        id: i64,
        version: i64,
    },
    Reopen {
        id: i64,
        version: i64,
    },
    Agenda(crate::panes::agenda::forms::AgendaForm),
    // Grid map and assessment (see `assess_forms`).
    NewVisit {
        household: Option<crate::panes::assessment::forms::VisitHousehold>,
    },
    NewCampaign,
    SurveyCall {
        campaign_id: i64,
        household_id: i64,
    },
    /// The set-up pane's forms.
    Setup(crate::panes::setup::forms::SetupForm),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
    /// Esc on a dirty form asks first; this is the question being shown.
    pub confirm_discard: bool,
    /// A message for the whole form (e.g. a conflict), shown under it.
    pub error: Option<String>,
    /// A warning shown at the last save (register rules); saving again
    /// while the same warning holds confirms it.
    pub warned: Option<String>,
}

pub enum FormEdit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Newline,
}

impl Form {
    pub fn new(kind: FormKind, title: &str, fields: Vec<Field>) -> Form {
        Form {
            kind,
            title: title.to_string(),
            fields,
            focus: 0,
            dirty: false,
            confirm_discard: false,
            error: None,
            warned: None,
        }
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    pub fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(Field::value)
            .unwrap_or_default()
    }

    pub fn set_error(&mut self, key: &str, message: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(message);
        }
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Puts validation problems next to their fields (and the whole-form
    /// one under the form) and the caret on the first wrong field.
    pub fn show_errors(&mut self, errors: FieldErrors) {
        for (key, message) in errors.fields {
            self.set_error(key, message);
        }
        self.error = errors.form;
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
    }

    /// A form type's `validate` result: the operation, or nothing with
    /// the problems shown (the input stays as typed).
    pub fn accept<T>(&mut self, result: Result<T, FieldErrors>) -> Option<T> {
        self.clear_errors();
        match result {
            Ok(op) => Some(op),
            Err(errors) => {
                self.show_errors(errors);
                None
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Applies an edit to the focused field. On a choice field, typing and
    /// arrows cycle the options.
    pub fn edit(&mut self, edit: FormEdit) {
        let field = &mut self.fields[self.focus];
        let before = field.clone();
        match (&field.kind, edit) {
            (FieldKind::Choice { .. }, FormEdit::Left) => field.cycle(-1),
            (FieldKind::Choice { .. }, FormEdit::Right | FormEdit::Insert(' ')) => field.cycle(1),
            (FieldKind::Choice { .. }, _) => {}
            (FieldKind::Text | FieldKind::Secret, FormEdit::Newline) => {}
            (_, FormEdit::Insert(c)) => field.input.insert(c),
            (_, FormEdit::Newline) => field.input.insert('\n'),
            (_, FormEdit::Backspace) => field.input.backspace(),
            (_, FormEdit::Delete) => field.input.delete(),
            (_, FormEdit::Left) => field.input.left(),
            (_, FormEdit::Right) => field.input.right(),
            (_, FormEdit::Home) => field.input.home(),
            (_, FormEdit::End) => field.input.end(),
        }
        if *field != before {
            field.error = None;
            self.dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            FormKind::NewRequest {
                household_id: Some(1),
                person_id: None,
            },
            "t",
            vec![
                Field::text("title", "标题", ""),
                Field::choice(
                    "channel",
                    "渠道",
                    vec![("visit".into(), "走访".into()), ("hotline".into(), "热线".into())],
                    "hotline",
                ),
            ],
        )
    }

    #[test]
    fn typing_marks_dirty_and_choices_cycle() {
        let mut f = form();
        assert!(!f.dirty);
        f.edit(FormEdit::Insert('路'));
        assert!(f.dirty);
        assert_eq!(f.value("title"), "路");
        f.next();
        assert_eq!(f.value("channel"), "hotline");
        f.edit(FormEdit::Right);
        assert_eq!(f.value("channel"), "visit");
        f.edit(FormEdit::Left);
        assert_eq!(f.focused().display(), "热线");
    }

    #[test]
    fn a_secret_field_keeps_what_was_typed_and_shows_dots() {
        let mut f = Form::new(FormKind::NewCampaign, "t", vec![Field::secret("password", "密码")]);
        for c in " Ab1!".chars() {
            f.edit(FormEdit::Insert(c));
        }
        f.edit(FormEdit::Newline);
        assert_eq!(f.value("password"), " Ab1!", "not trimmed, no newline");
        assert_eq!(f.focused().display(), "*****");
    }

    #[test]
    fn editing_a_field_clears_its_error() {
        let mut f = form();
        f.set_error("title", "必填".into());
        assert!(f.has_errors());
        f.edit(FormEdit::Insert('a'));
        assert!(!f.has_errors());
    }
}
