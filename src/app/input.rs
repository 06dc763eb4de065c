//! A one-line text input. The caret is a char index; the UI converts it to
//! a display column with `text::caret_column`.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub text: String,
    pub caret: usize,
}

impl Input {
    /// Applies an editing key (typing, deleting, moving the caret); false
    /// for any other action, which the caller handles.
    pub fn edit(&mut self, action: crate::app::action::Action) -> bool {
        use crate::app::action::Action;
        match action {
            Action::Insert(c) => self.insert(c),
            Action::Backspace => self.backspace(),
            Action::Delete => self.delete(),
            Action::CaretLeft => self.left(),
            Action::CaretRight => self.right(),
            Action::CaretHome => self.home(),
            Action::CaretEnd => self.end(),
            _ => return false,
        }
        true
    }

    pub fn with_text(text: &str) -> Input {
        Input {
            text: text.to_string(),
            caret: text.chars().count(),
        }
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.caret);
        self.text.insert(at, c);
        self.caret += 1;
    }

    pub fn backspace(&mut self) {
        if self.caret > 0 {
            self.caret -= 1;
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.caret < self.text.chars().count() {
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_work_on_chars_not_bytes() {
        let mut i = Input::default();
        for c in "张三a".chars() {
            i.insert(c);
        }
        i.left();
        i.left();
        i.backspace();
        assert_eq!(i.text, "三a");
        assert_eq!(i.caret, 0);
        i.end();
        i.insert('丰');
        i.home();
        i.delete();
        assert_eq!(i.text, "a丰");
        i.right();
        i.right();
        i.right();
        assert_eq!(i.caret, 2);
    }
}
