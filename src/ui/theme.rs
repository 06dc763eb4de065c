//! Styles. Only the 16 basic colours, so it reads on any office terminal;
//! meaning is never carried by colour alone (the text says it too).

use ratatui::style::{Color, Modifier, Style};

pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn tab_active() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

pub fn bar() -> Style {
    Style::new().bg(Color::Blue).fg(Color::White)
}

pub fn muted() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn danger() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::White).bg(Color::Red)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn highlight() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn title() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// How the chrome is drawn, chosen at start and passed to draw (in the
/// state), never read from a global.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Theme {
    /// Borders drawn with ASCII instead of box-drawing characters. Those
    /// are East-Asian "ambiguous width": terminals set to draw them wide
    /// (common with Chinese fonts over SSH) would shift every border.
    pub ascii_borders: bool,
}

const fn ascii_set(
    corner: &'static str,
    horizontal: &'static str,
    vertical: &'static str,
) -> ratatui::symbols::border::Set<'static> {
    ratatui::symbols::border::Set {
        top_left: corner,
        top_right: corner,
        bottom_left: corner,
        bottom_right: corner,
        vertical_left: vertical,
        vertical_right: vertical,
        horizontal_top: horizontal,
        horizontal_bottom: horizontal,
    }
}

impl Theme {
    /// A bordered block in this theme's border style.
    pub fn block(&self) -> ratatui::widgets::Block<'static> {
        let b = ratatui::widgets::Block::default().borders(ratatui::widgets::Borders::ALL);
        if self.ascii_borders {
            b.border_set(ascii_set("+", "-", "|"))
        } else {
            b
        }
    }

    /// Marks a block as selected (`double`: being edited) with a heavier border.
    pub fn emphasised(
        &self,
        block: ratatui::widgets::Block<'static>,
        double: bool,
    ) -> ratatui::widgets::Block<'static> {
        use ratatui::widgets::BorderType;
        match (self.ascii_borders, double) {
            (true, false) => block.border_set(ascii_set("#", "#", "#")),
            (true, true) => block.border_set(ascii_set("=", "=", "H")),
            (false, false) => block.border_type(BorderType::Thick),
            (false, true) => block.border_type(BorderType::Double),
        }
    }
}
