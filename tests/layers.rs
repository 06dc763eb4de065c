//! The layering of README's Architecture section: panes and the chrome
//! (`src/panes`, `src/ui`) never reach the store or the service layer. They
//! ask with effects; `crate::service` carries them out and answers with
//! messages. This walks their source files and fails on any such path.

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
