//! One export from start to finish, the same from the TUI and the command
//! line (README "Exports"): refuse a full export to a user who may not
//! reveal (audited), build the sheet masked unless full, write it as a new
//! file in the export folder, audit it with its row count, and say where.

use super::out;
use super::sheet::{self, Sheet};
use super::texts::t;
use crate::domain::assessment::Period;
use crate::model::assessment::{Overview, PlanRow};
use crate::model::requests::RequestRow;
use crate::store::Store;
use crate::text::i18n::{Lang, fill, store_error};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Xlsx,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

/// What to export; the rows are those the user sees (the triage table as
/// filtered, the open plan), the assessment as loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Requests {
        rows: Vec<RequestRow>,
    },
    Assessment {
        overview: Box<Overview>,
        period: Period,
        by_grid: bool,
    },
    Plan {
        cadre_id: i64,
        cadre_name: String,
        rows: Vec<PlanRow>,
    },
}

/// How and where to write it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub format: Format,
    /// Full IDs and phones (only for a user who may reveal).
    pub full: bool,
    /// A file (or a folder) to write to instead of the export folder.
    pub output: Option<PathBuf>,
    /// A folder for this export instead of the office's export folder.
    pub out_dir: Option<PathBuf>,
}

impl Job {
    /// The audit action, e.g. `requests.export`.
    fn action(&self) -> &'static str {
        match self {
            Job::Requests { .. } => "requests.export",
            Job::Assessment { .. } => "assessment.export",
            Job::Plan { .. } => "visit_plan.export",
        }
    }

    fn object(&self) -> String {
        match self {
            Job::Requests { .. } => "requests".into(),
            Job::Assessment { period, .. } => format!("assessment:{}", period.code()),
            Job::Plan { cadre_id, .. } => format!("cadre:{cadre_id}"),
        }
    }

    fn file_stem(&self, today: NaiveDate) -> String {
        let day = today.format("%Y%m%d");
        match self {
            Job::Requests { .. } => format!("requests-{day}"),
            Job::Assessment { period, by_grid, .. } => format!(
                "assessment-{}-{}-{day}",
                if *by_grid { "grids" } else { "cadres" },
                period.code()
            ),
            Job::Plan { cadre_id, .. } => format!("visit-plan-{cadre_id}-{day}"),
        }
    }

    fn sheet(&self, store: &Store, full: bool, lang: Lang) -> crate::store::Result<Sheet> {
        Ok(match self {
            Job::Requests { rows } => super::requests::sheet(store.conn(), rows, full, lang)?,
            Job::Assessment {
                overview,
                period,
                by_grid,
            } => super::assessment::assessment_sheet(overview, *period, *by_grid, lang),
            Job::Plan { cadre_name, rows, .. } => super::assessment::plan_sheet(cadre_name, rows, full, lang),
        })
    }
}

/// Refuses `full` to a user who may not reveal; the refusal is audited
/// under `action`.
pub fn check_full(store: &mut Store, full: bool, action: &str, object: &str, lang: Lang) -> Result<(), String> {
    if full && !store.actor().can_reveal {
        store
            .audit_failure(action, object, "full export without reveal permission")
            .map_err(|e| store_error(lang, &e))?;
        return Err(t(lang).no_reveal.clone());
    }
    Ok(())
}

/// Writes `bytes` as a new file named `name` where `opts` says (never over
/// an existing file) and audits it with the row count; returns the full path.
#[allow(clippy::too_many_arguments)]
pub fn deliver(
    store: &mut Store,
    bytes: &[u8],
    rows: usize,
    name: &str,
    action: &str,
    object: &str,
    opts: &Options,
    lang: Lang,
) -> Result<PathBuf, String> {
    let path = out::place(store.conn(), opts.output.as_deref(), opts.out_dir.as_deref(), name);
    let written = out::write_new(&path, bytes).map_err(|e| {
        let _ = store.audit_failure(action, object, &format!("{}: {e}", path.display()));
        super::texts::failed(lang, &e)
    })?;
    let shown = std::fs::canonicalize(&written).unwrap_or(written);
    let detail = format!(
        "{rows} rows, {}, {}",
        if opts.full { "full" } else { "masked" },
        shown.display()
    );
    store
        .write(|tx, actor| Store::audit(tx, actor, action, object, &detail))
        .map_err(|e| store_error(lang, &e))?;
    Ok(shown)
}

/// Runs `job`: the sentence naming the written file, or why not.
pub fn run(store: &mut Store, job: &Job, opts: &Options, lang: Lang, today: NaiveDate) -> Result<String, String> {
    let (action, object) = (job.action(), job.object());
    check_full(store, opts.full, action, &object, lang)?;
    let sheet = job.sheet(store, opts.full, lang).map_err(|e| store_error(lang, &e))?;
    let bytes = match opts.format {
        Format::Xlsx => sheet::xlsx(std::slice::from_ref(&sheet)).map_err(|e| crate::text::i18n::io_error(lang, &e))?,
        Format::Csv => sheet::csv(&sheet).into_bytes(),
    };
    let name = format!("{}.{}", job.file_stem(today), opts.format.ext());
    let rows = sheet.rows.len();
    let path = deliver(store, &bytes, rows, &name, action, &object, opts, lang)?;
    Ok(fill(&t(lang).written, &[("n", &rows), ("path", &path.display())]))
}
