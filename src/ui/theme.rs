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
