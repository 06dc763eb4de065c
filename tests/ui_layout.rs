//! Layout at 80x24 and 120x35 in both languages (issue finding "Layout"):
//! columns sized from their content, long status messages wrapped, the
//! visit plan covering its pane, English labels for stored words.

mod common;
use common::{Lang, fixture_app};
use minqing::app::state::Status;

/// Types `keys`; "\n" is the Enter key.
fn press(app: &mut common::InProcess, keys: &str) {
    for c in keys.chars() {
        match c {
            '\n' => app.key(crossterm::event::KeyCode::Enter),
            c => app.key(crossterm::event::KeyCode::Char(c)),
        }
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 35)];

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// The fixture after `keys`, at each size, snapshotted as `name_LANG_WxH`.
fn snapshots(name: &str, keys: &str) {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in SIZES {
            let (_dir, mut app) = fixture_app(lang);
            press(&mut app, keys);
            let screen = app.screen_at(w, h);
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang_name(lang)), screen);
        }
    }
}

#[test]
fn requests_table() {
    snapshots("requests", "3");
}

#[test]
fn meetings_table() {
    snapshots("meetings", "4");
}

#[test]
fn household_card() {
    snapshots("card", "2\n");
}

#[test]
fn visit_plan() {
    snapshots("plan", "1w");
}

#[test]
fn short_columns_are_not_cut_at_120_columns() {
    for lang in [Lang::Zh, Lang::En] {
        for keys in ["3", "4", "5", "2"] {
            let (_dir, mut app) = fixture_app(lang);
            app.typed(keys);
            let screen = app.screen_at(120, 35);
            // The table rows (header included) carry no cut marker.
            for line in screen.lines().skip(2).take(10).filter(|l| l.starts_with('│')) {
                assert!(!line.contains('~'), "{keys} {}: {line}\n{screen}", lang_name(lang));
            }
        }
    }
}

#[test]
fn english_mode_shows_no_stored_chinese_labels() {
    let (_dir, mut app) = fixture_app(Lang::En);
    press(&mut app, "2\n");
    let card = app.screen_at(120, 35);
    assert!(card.contains("head"), "{card}");
    for word in ["户主", "在家", "配偶"] {
        assert!(!card.contains(word), "{word}\n{card}");
    }
    let (_dir, mut app) = fixture_app(Lang::En);
    app.typed("3");
    let requests = app.screen_at(120, 35);
    for word in ["道路交通", "环境卫生", "水电气"] {
        assert!(!requests.contains(word), "{word}\n{requests}");
    }
}

#[test]
fn the_visit_plan_covers_its_pane_without_pieces_of_the_map() {
    for (w, h) in SIZES {
        let (_dir, mut app) = fixture_app(Lang::Zh);
        app.typed("1w");
        let screen = app.screen_at(w, h);
        let lines: Vec<&str> = screen.lines().collect();
        // Rows 1 to h-3 are the pane: the plan's box from edge to edge.
        assert!(lines[1].starts_with('┌') && lines[1].ends_with('┐'), "{screen}");
        assert!(lines[h as usize - 3].starts_with('└'), "{screen}");
        for l in &lines[2..h as usize - 3] {
            assert!(l.starts_with('│') && l.ends_with('│'), "{l}\n{screen}");
            let inside: String = l.chars().skip(1).take(1).collect();
            assert!(!"┃┏┗┌└│".contains(&inside), "{l}\n{screen}");
        }
    }
}

#[test]
fn a_long_status_message_is_read_to_its_end_at_80_columns() {
    let messages = [
        (
            Lang::Zh,
            "诉求 547 刚被其他人修改（其他内容），你的操作没有保存。你填写的内容都还在，请核对后再按 Ctrl-S 保存。",
        ),
        (
            Lang::En,
            "Request 547 was changed by someone else meanwhile (other fields); nothing was saved. What you typed is kept: check it and press Ctrl-S again.",
        ),
    ];
    for (lang, message) in messages {
        let (_dir, mut app) = fixture_app(lang);
        app.typed("3");
        app.state.status = Some(Status {
            text: message.to_string(),
            error: true,
        });
        let screen = app.screen_at(80, 24);
        let bottom: String = screen
            .lines()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(squeeze(&bottom).contains(&squeeze(message)), "{screen}");
        // Wrapped by the Chinese rules: no line of it starts with "，".
        for line in screen.lines() {
            assert!(!line.starts_with('，') && !line.starts_with('。'), "{line}");
        }
    }
}

#[test]
fn the_key_line_at_80_columns_shows_whole_entries_and_keeps_help() {
    for (lang, help) in [(Lang::Zh, "? 帮助"), (Lang::En, "? Help")] {
        for pane in ["1", "2", "3", "4", "5"] {
            let (_dir, mut app) = fixture_app(lang);
            app.typed(pane);
            let screen = app.screen_at(80, 24);
            // The key line is the last one written (a status row below it
            // may be empty).
            let hints = screen
                .lines()
                .map(str::trim_end)
                .rfind(|l| !l.is_empty())
                .unwrap_or_default()
                .to_string();
            assert!(hints.ends_with(help), "pane {pane}: {hints:?}\n{screen}");
        }
    }
}
