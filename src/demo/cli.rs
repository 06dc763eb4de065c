//! `minqing demo` on the command line: generating the demo township into
//! a file and removing an old one (README "Try it"). Kept beside the
//! generator so that `main.rs` stays a parser.

use crate::text::i18n::{self, Lang};
use std::path::Path;

/// Generates the demo township into `db` and says what it made (the
/// `minqing demo` command, README "Try it").
pub fn create(db: &Path, households: usize, seed: u64, requests: Option<usize>, lang: Lang) -> Result<(), String> {
    let t = &i18n::texts(lang).admin;
    eprintln!("{}", i18n::fill(&t.generating, &[("path", &db.display())]));
    let mut conn = crate::store::open_connection(db).map_err(|e| i18n::store_error(lang, &e))?;
    let opts = crate::demo::DemoOptions {
        households,
        seed,
        today: chrono::Local::now().date_naive(),
    };
    let summary = match requests {
        Some(n) => crate::demo::generate_with_requests(&mut conn, &opts, n),
        None => crate::demo::generate(&mut conn, &opts),
    }
    .map_err(|e| i18n::anyhow_error(lang, &e))?;
    eprintln!(
        "{}",
        i18n::fill(
            &t.generated,
            &[
                ("villages", &summary.villages),
                ("grids", &summary.grids),
                ("households", &summary.households),
                ("persons", &summary.persons),
                ("requests", &summary.requests),
            ],
        )
    );
    Ok(())
}

/// Removes a demo database and its WAL files before `demo --fresh`.
pub fn remove_database(db: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}
