//! A generic data-entry form: labelled fields, one focused, errors shown
//! next to the field. What a form saves is decided by its `FormKind`; this
//! module only edits values.

use super::input::Input;
use super::selection::Selection;
use super::validate::FieldErrors;

/// A choice with more options than this opens a filterable list on Enter
/// or on typing (issue 12 finding 5); shorter ones only cycle.
pub const PICKER_MIN_OPTIONS: usize = 8;

/// The filterable list over a long choice's options: what is typed, the
/// options that match it (indices, in option order) and the selection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Picker {
    pub query: Input,
    pub matches: Vec<usize>,
    pub list: Selection,
}

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
    /// The stored value the form was opened (or last rebased) on; a field
    /// whose value differs was changed by the clerk.
    pub base: String,
    /// The text shown is a masked stored value (`138****8000`) for a user
    /// who may not see it in full: it stands for "unchanged", and the first
    /// edit replaces it instead of editing the stars.
    pub masked: bool,
}

impl Field {
    pub fn text(key: &'static str, label: &str, value: &str) -> Field {
        Field {
            key,
            label: label.to_string(),
            kind: FieldKind::Text,
            input: Input::with_text(value),
            error: None,
            base: value.trim().to_string(),
            masked: false,
        }
    }

    /// A text field showing a masked stored value; left alone it means
    /// "keep the stored value" (see [`Field::kept`]).
    pub fn masked(key: &'static str, label: &str, masked_value: &str) -> Field {
        Field {
            masked: !masked_value.is_empty(),
            ..Field::text(key, label, masked_value)
        }
    }

    /// The field still shows the masked stored value: keep it unchanged.
    pub fn kept(&self) -> bool {
        self.masked
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
        let base = options.get(index).map(|(c, _)| c.clone()).unwrap_or_default();
        Field {
            key,
            label: label.to_string(),
            kind: FieldKind::Choice { options, index },
            input: Input::default(),
            error: None,
            base,
            masked: false,
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

    /// Sets the stored value (a choice's code, or the text).
    fn set_value(&mut self, value: &str) {
        match &mut self.kind {
            FieldKind::Choice { options, index } => {
                if let Some(pos) = options.iter().position(|(c, _)| c == value) {
                    *index = pos;
                }
            }
            _ => self.input = Input::with_text(value),
        }
    }

    /// How a stored value reads in this field (a choice's label).
    pub fn shown(&self, value: &str) -> String {
        match &self.kind {
            FieldKind::Choice { options, .. } => options
                .iter()
                .find(|(c, _)| c == value)
                .map_or_else(|| value.to_string(), |(_, l)| l.clone()),
            _ => value.to_string(),
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
    /// 民情分析 (issue 14): period, scope, theme, export, attach to an agenda item.
    Reports(crate::panes::reports::forms::ReportsForm),
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
    /// The open filterable list of the focused choice, if any.
    pub picker: Option<Picker>,
}

/// What a key does inside an open picker.
pub enum PickerEdit {
    Insert(char),
    Backspace,
    Move(isize),
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
            picker: None,
        }
    }

    /// Whether the focused field is a choice long enough for the picker.
    pub fn focused_is_long_choice(&self) -> bool {
        matches!(&self.focused().kind, FieldKind::Choice { options, .. } if options.len() >= PICKER_MIN_OPTIONS)
    }

    /// Opens the filterable list on the focused choice, the current option
    /// selected, with `typed` already in the filter.
    pub fn open_picker(&mut self, typed: Option<char>) {
        let FieldKind::Choice { index, .. } = &self.focused().kind else {
            return;
        };
        let mut picker = Picker {
            list: Selection {
                selected: *index,
                ..Default::default()
            },
            ..Default::default()
        };
        if let Some(c) = typed {
            picker.query.insert(c);
        }
        self.picker = Some(picker);
        self.refilter_picker();
    }

    /// Recomputes the picker's matches after its filter changed; the
    /// selection goes to the first match (or stays on the current option
    /// when nothing is typed).
    fn refilter_picker(&mut self) {
        let Some(picker) = self.picker.as_mut() else { return };
        let FieldKind::Choice { options, .. } = &self.fields[self.focus].kind else {
            return;
        };
        let q = picker.query.text.clone();
        // Names that start with what was typed come before other matches.
        let mut ranked: Vec<(u8, usize)> = options
            .iter()
            .enumerate()
            .filter_map(|(i, (_, label))| crate::search::choice::rank(label, &q).map(|r| (r, i)))
            .collect();
        ranked.sort();
        picker.matches = ranked.into_iter().map(|(_, i)| i).collect();
        if !q.is_empty() {
            picker.list.selected = 0;
        }
        picker.list.clamp(picker.matches.len());
    }

    /// Edits the picker's filter or moves in its list.
    pub fn picker_edit(&mut self, edit: PickerEdit) {
        let Some(picker) = self.picker.as_mut() else { return };
        match edit {
            PickerEdit::Insert(c) => picker.query.insert(c),
            PickerEdit::Backspace => picker.query.backspace(),
            PickerEdit::Move(delta) => {
                let n = picker.matches.len();
                picker.list.move_by(delta, n);
                return;
            }
        }
        self.refilter_picker();
    }

    /// Takes the picker's selected option into the field and closes it;
    /// with no match nothing changes.
    pub fn picker_accept(&mut self) {
        let Some(picker) = self.picker.take() else { return };
        let Some(&chosen) = picker.matches.get(picker.list.selected) else {
            return;
        };
        let field = &mut self.fields[self.focus];
        if let FieldKind::Choice { index, .. } = &mut field.kind
            && *index != chosen
        {
            *index = chosen;
            field.error = None;
            self.dirty = true;
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

    /// A yes/no choice answered "yes".
    pub fn yes(&self, key: &str) -> bool {
        self.value(key) == "yes"
    }

    /// The id a choice stands for; `None` for its "nobody" option.
    pub fn id(&self, key: &str) -> Option<i64> {
        self.value(key).parse().ok()
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

    /// After another clerk saved first: takes the stored values `newer`
    /// (field key, value) as the new base. Fields the clerk did not touch
    /// take the new value; fields both changed keep the clerk's value and
    /// return (key, the colleague's value as shown) for the form to show
    /// beside it (issue 12 finding 1).
    pub fn rebase(&mut self, newer: &[(&str, String)]) -> Vec<(&'static str, String)> {
        let mut both = Vec::new();
        for field in &mut self.fields {
            let Some((_, new)) = newer.iter().find(|(k, _)| *k == field.key) else {
                continue;
            };
            let mine = field.value();
            let touched = mine != field.base;
            if !touched {
                field.set_value(new);
            } else if *new != field.base && *new != mine {
                both.push((field.key, field.shown(new)));
            }
            field.base = new.clone();
        }
        both
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
        // Typing over a masked value starts from empty (the stars are not
        // the number); moving the caret leaves it masked.
        if field.masked && matches!(edit, FormEdit::Insert(_) | FormEdit::Backspace | FormEdit::Delete) {
            field.masked = false;
            field.input = Input::default();
            if !matches!(edit, FormEdit::Insert(_)) {
                field.error = None;
                self.dirty = true;
                return;
            }
        }
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
    fn a_masked_value_means_unchanged_until_typed_over() {
        let mut f = Form::new(
            FormKind::EditMember {
                person_id: 1,
                version: 1,
            },
            "t",
            vec![Field::masked("phone", "手机号", "138****8000")],
        );
        assert!(f.fields[0].kept());
        f.edit(FormEdit::Left);
        assert!(f.fields[0].kept(), "moving the caret keeps it");
        f.edit(FormEdit::Insert('1'));
        assert!(!f.fields[0].kept());
        assert_eq!(f.value("phone"), "1", "typing replaces the stars");
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
