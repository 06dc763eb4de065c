//! `minqing export …` (README "Exports"): the register, the requests as
//! the triage table filters them, the assessment table, a cadre's visit
//! plan, and the export folder setting.

use super::jobs::{self, Format, Job, Options};
use super::texts::t;
use crate::domain::assessment::Period;
use crate::domain::request::{Channel, Level, Status};
use crate::model::requests::{BuiltinView, RequestFilter, RequestRow, RequestSort, ViewSpec};
use crate::store::Store;
use crate::text::i18n::{Lang, fill, store_error, texts};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use std::path::PathBuf;

/// Where and how, shared by the export subcommands.
#[derive(Debug, Clone, clap::Args)]
pub struct Destination {
    /// Output file (or folder); default: the export folder. Never overwritten: a numbered name instead.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Write into this folder instead of the office's export folder.
    #[arg(long = "out")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ExportCommand {
    /// Every person with household, village, group and grid (.xlsx, the import's layout).
    Register {
        #[command(flatten)]
        to: Destination,
        /// Full IDs and phones (only for a user who may reveal; audited).
        #[arg(long)]
        full: bool,
    },
    /// The requests as the triage table shows them for a view and filters.
    Requests(RequestsArgs),
    /// The assessment table (cadres or grids) for a period.
    Assessment {
        /// The period the table covers, ending today.
        #[arg(long, value_parser = ["week", "month", "quarter", "year"], default_value = "month")]
        period: String,
        /// One row per grid instead of per cadre.
        #[arg(long)]
        grids: bool,
        /// The file type.
        #[arg(long, value_enum, default_value = "xlsx")]
        format: Format,
        #[command(flatten)]
        to: Destination,
    },
    /// A cadre's visit plan: households not visited this year, most in need first.
    Plan {
        /// The cadre's name or number.
        cadre: String,
        /// The file type.
        #[arg(long, value_enum, default_value = "xlsx")]
        format: Format,
        /// Full phones (only for a user who may reveal; audited).
        #[arg(long)]
        full: bool,
        #[command(flatten)]
        to: Destination,
    },
    /// Show the export folder, or set it (administrators; --default goes back to Documents/minqing-exports).
    Folder {
        /// The new export folder (without it: show the folder).
        dir: Option<PathBuf>,
        /// Go back to Documents/minqing-exports.
        #[arg(long, conflicts_with = "dir")]
        default: bool,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct RequestsArgs {
    /// open (default), all, mine, overdue, unassigned, escalated, callbacks (resolved, waiting for the
    /// callback; other filters do not apply), or a saved view's name.
    #[arg(long, default_value = "open")]
    pub view: String,
    /// Status codes (received, assigned, in_progress, resolved, callback, closed, rejected, escalated, merged).
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Channel codes (visit, hotline, wechat_group, online, walk_in, letter).
    #[arg(long, value_delimiter = ',')]
    pub channel: Vec<String>,
    /// Village or community names.
    #[arg(long, value_delimiter = ',')]
    pub village: Vec<String>,
    /// Grid names.
    #[arg(long, value_delimiter = ',')]
    pub grid: Vec<String>,
    /// Category names.
    #[arg(long, value_delimiter = ',')]
    pub category: Vec<String>,
    /// Level codes (township, county, city).
    #[arg(long, value_delimiter = ',')]
    pub level: Vec<String>,
    /// Only open requests past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Text in the title, content or resident's name.
    #[arg(long)]
    pub text: Option<String>,
    /// The order of the rows (default: the view's own).
    #[arg(long, value_parser = ["due", "age", "newest", "priority"])]
    pub sort: Option<String>,
    /// The file type.
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: Format,
    /// Full phones and names (only for a user who may reveal; audited).
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub to: Destination,
}

/// Runs an export subcommand as the logged-in user of `store`; the
/// sentence to print, or why not.
pub fn run(store: &mut Store, cmd: ExportCommand, lang: Lang, today: NaiveDate) -> Result<String, String> {
    let opts = |format: Format, full: bool, to: Destination| Options {
        format,
        full,
        output: to.output,
        out_dir: to.out_dir,
    };
    match cmd {
        ExportCommand::Register { to, full } => {
            super::register::export_register(store, &opts(Format::Xlsx, full, to), lang, today)
        }
        ExportCommand::Requests(args) => {
            let rows = request_rows(store, &args, lang, today)?;
            let o = opts(args.format, args.full, args.to);
            jobs::run(store, &Job::Requests { rows }, &o, lang, today)
        }
        ExportCommand::Assessment {
            period,
            grids,
            format,
            to,
        } => {
            let period = Period::parse(&period).unwrap_or_default();
            // A cadre account exports its own figures only (`Store::scope`).
            let overview = store
                .scope()
                .and_then(|scope| crate::store::assessment::load(store.conn(), today, &scope))
                .map_err(|e| store_error(lang, &e))?;
            let job = Job::Assessment {
                overview: Box::new(overview),
                period,
                by_grid: grids,
            };
            jobs::run(store, &job, &opts(format, false, to), lang, today)
        }
        ExportCommand::Plan {
            cadre,
            format,
            full,
            to,
        } => {
            let (cadre_id, cadre_name) = find_cadre(store, &cadre, lang)?;
            let rows = crate::store::visits::plan_for_cadre(store.conn(), cadre_id, today)
                .map_err(|e| store_error(lang, &e))?;
            let job = Job::Plan {
                cadre_id,
                cadre_name,
                rows,
            };
            jobs::run(store, &job, &opts(format, full, to), lang, today)
        }
        ExportCommand::Folder { dir, default } => {
            let x = t(lang);
            if dir.is_some() || default {
                let dir = dir.map(|d| std::path::absolute(&d).unwrap_or(d));
                crate::store::export_folder::set(store, dir.as_deref()).map_err(|e| store_error(lang, &e))?;
                let now = super::out::folder(store.conn());
                Ok(fill(&x.folder_set, &[("path", &now.display())]))
            } else {
                let now = super::out::folder(store.conn());
                Ok(fill(&x.folder_is, &[("path", &now.display())]))
            }
        }
    }
}

fn find_cadre(store: &Store, name: &str, lang: Lang) -> Result<(i64, String), String> {
    let found: Option<(i64, String)> = store
        .conn()
        .query_row(
            "SELECT id, name FROM cadres WHERE name = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY active DESC, id LIMIT 1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(|e| store_error(lang, &e.into()))?;
    found.ok_or_else(|| fill(&t(lang).unknown_cadre, &[("name", &name)]))
}

/// Codes named on the command line, each checked against `parse`.
fn codes<T>(
    what: &str,
    given: &[String],
    parse: fn(&str) -> Option<T>,
    all: &[&str],
    lang: Lang,
) -> Result<Vec<T>, String> {
    given
        .iter()
        .map(|v| {
            parse(v.trim()).ok_or_else(|| {
                fill(
                    &t(lang).bad_value,
                    &[
                        ("what", &what),
                        ("value", v),
                        ("values", &all.join(&texts(lang).clerkflow.name_sep)),
                    ],
                )
            })
        })
        .collect()
}

/// Ids of the named rows of `table` (`villages`, `grids`, `categories`).
fn ids_named(store: &Store, table: &str, names: &[String], unknown: &str, lang: Lang) -> Result<Vec<i64>, String> {
    let sql = format!("SELECT id FROM {table} WHERE name = ?1");
    names
        .iter()
        .map(|n| {
            let ids: Vec<i64> = store
                .conn()
                .prepare(&sql)
                .and_then(|mut s| s.query_map([n.trim()], |r| r.get(0))?.collect())
                .map_err(|e| store_error(lang, &e.into()))?;
            if ids.is_empty() {
                Err(fill(unknown, &[("name", n)]))
            } else {
                Ok(ids)
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|v| v.into_iter().flatten().collect())
}

/// The rows the triage table would show for these arguments: the view's
/// filter, narrowed by each filter given, in the view's (or the given) order.
pub fn request_rows(store: &Store, a: &RequestsArgs, lang: Lang, today: NaiveDate) -> Result<Vec<RequestRow>, String> {
    let x = t(lang);
    let err = |e: crate::store::request_ops::RequestError| crate::text::i18n::request_error(lang, &e, None);
    let mut ctx = crate::store::request_query::QueryContext::for_store(store).map_err(err)?;
    ctx.today = today;
    let builtin = |b: BuiltinView| b.spec();
    let callbacks = a.view == "callbacks";
    let mut spec: ViewSpec = match a.view.as_str() {
        "open" => ViewSpec {
            filter: RequestFilter {
                open_only: true,
                ..Default::default()
            },
            sort: RequestSort::Due,
        },
        "all" | "callbacks" => ViewSpec::default(),
        "mine" => builtin(BuiltinView::MyQueue),
        "overdue" => builtin(BuiltinView::Overdue),
        "unassigned" => builtin(BuiltinView::Unassigned),
        "escalated" => builtin(BuiltinView::Escalated),
        name => {
            let views = crate::store::request_views::list_views(store.conn(), store.actor().user_id).map_err(err)?;
            let saved: Vec<_> = views.iter().filter(|v| !v.name.is_empty()).collect();
            match saved.iter().find(|v| v.name == name) {
                Some(v) => v.spec.clone(),
                None => {
                    let mut names = vec!["open", "all", "mine", "overdue", "unassigned", "escalated", "callbacks"];
                    names.extend(saved.iter().map(|v| v.name.as_str()));
                    return Err(fill(
                        &x.unknown_view,
                        &[("name", &name), ("names", &names.join(&texts(lang).clerkflow.name_sep))],
                    ));
                }
            }
        }
    };
    let f = &mut spec.filter;
    let status_codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    let channel_codes: Vec<&str> = Channel::ALL.iter().map(|s| s.code()).collect();
    let level_codes: Vec<&str> = Level::ALL.iter().map(|s| s.code()).collect();
    if !a.status.is_empty() {
        f.statuses = codes("--status", &a.status, Status::parse, &status_codes, lang)?;
        f.open_only = false;
    }
    if !a.channel.is_empty() {
        f.channels = codes("--channel", &a.channel, Channel::parse, &channel_codes, lang)?;
    }
    if !a.level.is_empty() {
        f.levels = codes("--level", &a.level, Level::parse, &level_codes, lang)?;
    }
    if !a.village.is_empty() {
        f.village_ids = ids_named(store, "villages", &a.village, &x.unknown_village, lang)?;
    }
    if !a.grid.is_empty() {
        f.grid_ids = ids_named(store, "grids", &a.grid, &x.unknown_grid, lang)?;
    }
    if !a.category.is_empty() {
        f.category_ids = ids_named(store, "categories", &a.category, &x.unknown_category, lang)?;
    }
    if a.overdue {
        f.overdue = true;
    }
    if let Some(text) = &a.text {
        f.text = text.clone();
    }
    if let Some(sort) = &a.sort {
        spec.sort = match sort.as_str() {
            "age" => RequestSort::Age,
            "newest" => RequestSort::Newest,
            "priority" => RequestSort::Priority,
            _ => RequestSort::Due,
        };
    }
    let rows = if callbacks {
        let scope = store.scope().map_err(|e| err(e.into()))?;
        crate::store::request_query::callbacks_due(store.conn(), today, &scope).map_err(err)?
    } else {
        crate::store::request_query::list_requests(store.conn(), &spec.filter, spec.sort, &ctx).map_err(err)?
    };
    Ok(rows)
}
