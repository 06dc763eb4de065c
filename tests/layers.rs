//! The layering of README's Architecture section: panes and the chrome
//! (`src/panes`, `src/ui`) never reach the store or the service layer. They
//! ask with effects; `crate::service` carries them out and answers with
//! messages. The service layer in turn names of a pane only the types it
//! carries out and answers with (the `update`, `state` and `forms` modules:
//! effects, messages, operations, state) and never the chrome or a pane's
//! drawing; the shell re-exports nothing of it. This walks the source files
//! and fails on any such path.

use std::path::{Path, PathBuf};

/// Paths a pane or the chrome may not name: the store, the service layer,
/// and the shell's doors to them (the executor and the services alias).
const FORBIDDEN: &[&str] = &["store::", "service::", "services::", "app::effects"];

/// The forbidden paths named in the code of `line` (comments may say
/// where a pane's effects are carried out), ignoring words that merely end
/// in one of them (`restore::`).
fn forbidden_on(line: &str) -> Vec<&'static str> {
    let line = line.split("//").next().unwrap_or_default();
    FORBIDDEN
        .iter()
        .copied()
        .filter(|needle| {
            line.match_indices(needle).any(|(at, _)| {
                let before = line[..at].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .collect()
}

/// Where a line of `src/service` reaches into panes or the chrome: any
/// `ui::` or `ratatui` path, and any `panes::` path other than `PaneId` or a
/// pane's `update`, `state` or `forms` module.
fn service_reach(line: &str) -> Vec<String> {
    let line = line.split("//").next().unwrap_or_default();
    let word_at = |at: usize| {
        !line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let mut found = Vec::new();
    for needle in ["ui::", "ratatui"] {
        if line.match_indices(needle).any(|(at, _)| word_at(at)) {
            found.push(needle.to_string());
        }
    }
    for (at, _) in line.match_indices("panes::").filter(|(at, _)| word_at(*at)) {
        let path: Vec<&str> = line[at + "panes::".len()..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or_default()
            .split("::")
            .collect();
        let allowed = match path.as_slice() {
            ["PaneId", ..] => true,
            [_pane, module, _, ..] => matches!(*module, "update" | "state" | "forms"),
            _ => false,
        };
        if !allowed {
            found.push(format!("panes::{}", path.join("::")));
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_check_sees_a_store_import_and_not_restore() {
    assert_eq!(forbidden_on("use crate::store::request_ops;"), vec!["store::"]);
    assert_eq!(
        forbidden_on("    let x = crate::store::Store::open(p);"),
        vec!["store::"]
    );
    assert_eq!(forbidden_on("use minqing::service::Services;"), vec!["service::"]);
    assert_eq!(forbidden_on("use crate::app::services::Services;"), vec!["services::"]);
    assert_eq!(
        forbidden_on("crate::app::effects::load_card(s, v, 1, false)"),
        vec!["app::effects"]
    );
    assert!(forbidden_on("view.list.restore(&ids);").is_empty());
    assert!(forbidden_on("/// Results of the pane's effects (see `service::requests`).").is_empty());
    assert!(forbidden_on("use crate::model::requests::RequestRow;").is_empty());
}

#[test]
fn the_service_check_allows_effect_types_and_not_drawing() {
    assert!(service_reach("use crate::panes::reports::update::{ReportsEffect, ReportsMessage};").is_empty());
    assert!(service_reach("use crate::panes::setup::state::Accounts;").is_empty());
    assert!(service_reach("use crate::panes::lookup::forms::SaveOp;").is_empty());
    assert!(service_reach("    if state.pane == crate::panes::PaneId::REQUESTS {").is_empty());
    assert!(service_reach("/// The list a warning opens (panes::reports::draw).").is_empty());
    assert!(service_reach("let title = text::reports::warning_reason(&w, lang);").is_empty());
    assert_eq!(
        service_reach("            reason: crate::panes::reports::draw::reason(&w, state.lang),"),
        vec!["panes::reports::draw::reason"]
    );
    assert_eq!(
        service_reach("use crate::panes::reports::lists;"),
        vec!["panes::reports::lists"]
    );
    assert_eq!(service_reach("use crate::panes::Registry;"), vec!["panes::Registry"]);
    assert_eq!(service_reach("use crate::ui::theme;"), vec!["ui::"]);
    assert_eq!(service_reach("use ratatui::text::Line;"), vec!["ratatui"]);
    assert!(service_reach("let gui::x = 1;").is_empty());
}

#[test]
fn the_service_layer_does_not_reach_into_drawing_or_the_chrome() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join("service"), &mut files);
    assert!(files.len() >= 6, "found only {} files under src/service", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for path in service_reach(line) {
                found.push(format!("{}:{}: {path} in `{}`", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the service layer reaches past the panes' types:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_shell_does_not_re_export_the_service_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let found: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            text.lines()
                .filter(|l| l.trim_start().starts_with("pub use") && l.contains("service"))
                .map(|l| format!("{}: `{}`", file.display(), l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "callers should name crate::service directly:\n{}",
        found.join("\n")
    );
}

#[test]
fn panes_and_ui_do_not_import_the_store_or_the_service_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join("panes"), &mut files);
    rust_files(&root.join("ui"), &mut files);
    assert!(
        files.len() > 20,
        "found only {} files under src/panes and src/ui",
        files.len()
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for needle in forbidden_on(line) {
                found.push(format!("{}:{}: {needle} in `{}`", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "panes/ui reach past the model:\n{}", found.join("\n"));
}
