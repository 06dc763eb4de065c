//! The `minqing` command: parse arguments, open the store, run the TUI or a
//! subcommand. Everything of substance lives in the library.

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use minqing::app::event::AppEvent;
use minqing::app::keymap::Keymap;
use minqing::app::loader::Loader;
use minqing::app::run::{Worker, run, spawn_input_thread};
use minqing::app::state::State;
use minqing::service::Services;
use minqing::store::Store;
use minqing::text::i18n::{self, Lang};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "minqing",
    version,
    about = "民情通: resident register and concerns workflow for a township office"
)]
struct Cli {
    /// Database file (default: minqing.db in the user's data directory).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Interface language.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: Lang,
    /// Log in as this user (default: the operating-system user name).
    #[arg(long, global = true)]
    user: Option<String>,
    /// Read the password from this file (mode 0600, for scheduled jobs)
    /// instead of asking on the terminal.
    #[arg(long, global = true)]
    password_file: Option<PathBuf>,
    /// Draw borders with + - | instead of line characters, for terminals
    /// that show line characters double-width (some Chinese fonts over SSH).
    #[arg(long, global = true)]
    ascii_borders: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Create a demo township (if the database does not exist yet) and open it.
    Demo {
        #[arg(long, default_value_t = 6000)]
        households: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// How many requests (default: one per eight households), for
        /// trying a long request history.
        #[arg(long)]
        requests: Option<usize>,
        /// Replace an existing demo database.
        #[arg(long)]
        fresh: bool,
        /// Only create the database; do not open the TUI.
        #[arg(long)]
        no_tui: bool,
    },
    /// Run PRAGMA integrity_check and print the result.
    Check,
    /// Copy the database with SQLite's online backup (safe while clerks work; file mode 0600).
    /// DEST may be a directory: the copy is then named minqing-YYYYMMDD-HHMM.db.
    Backup {
        /// The backup file, or a directory for dated copies.
        dest: PathBuf,
        /// Treat DEST as a directory of dated backups and keep the newest N of them.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
        /// Replace DEST even when it is not one of minqing's own backups.
        #[arg(long)]
        force: bool,
    },
    /// Put a backup back in place of the database (--db); everyone must quit minqing first.
    /// The replaced file is kept as DB.before-restore-YYYYMMDD-HHMMSS.
    Restore {
        /// The backup file to put back.
        backup: PathBuf,
    },
    /// The holiday calendar used for deadlines.
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
    /// Working days allowed per request type (urgent, consultation, help, complaint, suggestion).
    Sla {
        #[command(subcommand)]
        action: SlaAction,
    },
    /// Print the ranked lookup matches for QUERY (as the lookup pane shows them).
    Lookup {
        /// Name, pinyin, initials, phone, the end of an ID, or address.
        query: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// At most this many rows; 0 prints every match.
        #[arg(long, default_value_t = minqing::search::DEFAULT_LIMIT)]
        limit: usize,
    },
    /// Meetings and agendas (民情分析会/议事会).
    Agenda {
        #[command(subcommand)]
        command: AgendaCommand,
    },
    /// Import the register or the villages/groups/grids/cadres from a sheet (xlsx, xls, csv, txt).
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Exports people can open (.xlsx or CSV): register, requests, assessment, visit plans; the export folder.
    Export {
        #[command(subcommand)]
        what: minqing::export::cli::ExportCommand,
    },
    /// Print a report without the TUI.
    Report {
        #[command(subcommand)]
        report: Report,
    },
    /// Accounts: add, passwd, disable, enable, role, list (acting as --user).
    User {
        #[command(subcommand)]
        action: minqing::user_admin::UserAction,
        /// Read the new password (add, passwd) from this file (mode 0600).
        #[arg(long, global = true)]
        new_password_file: Option<PathBuf>,
    },
    /// List the audit log for an inspection (admin and leader; the listing is audited).
    /// `--user` is who logs in, as everywhere; `--by` picks whose actions are listed.
    Audit {
        /// Only what this login did.
        #[arg(long)]
        by: Option<String>,
        /// Only rows on or after this day (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only this action, or a family of them ("permission" lists every refusal).
        #[arg(long)]
        action: Option<String>,
        #[arg(long, value_parser = ["txt", "csv"], default_value = "txt")]
        format: String,
    },
}

#[derive(Subcommand)]
enum AgendaCommand {
    /// Write a meeting's agenda and evidence pack (file mode 0600; audited).
    Export {
        /// The meeting's number.
        meeting_id: i64,
        /// Markdown, plain text or CSV.
        #[arg(long, value_enum, default_value = "md")]
        format: minqing::export::agenda::Format,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Replace the output file if it already exists.
        #[arg(long)]
        force: bool,
        /// Residents' full names and addresses (only for a user who may reveal; audited).
        #[arg(long)]
        full: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// The register (persons and households); all or nothing, every row checked first.
    Register {
        /// The register sheet (.xlsx, .xls, .csv, .txt).
        file: PathBuf,
        /// Sheet of a workbook (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Check and summarise only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Update persons already registered (keyed on the resident ID).
        #[arg(long)]
        update: bool,
        /// Write the rows with their error reasons to this .xlsx file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Text encoding of a CSV/TXT file (default: detected).
        #[arg(long, value_parser = ["gbk", "gb18030", "utf-8"])]
        encoding: Option<String>,
        /// Create villages, groups and grids the sheet names but the database lacks.
        #[arg(long)]
        create_places: bool,
        /// Map a column by hand: HEADER=FIELD (name, resident_id, gender, birth_date, relation,
        /// household_no, head_name, head_id, phone, village, group, house_no, address, grid, status,
        /// tags, flag:低保 …, ignore). Repeatable; wins over --mapping and the usual names.
        #[arg(long = "column", value_parser = parse_column)]
        columns: Vec<(String, String)>,
        /// Use the column mapping saved under this name.
        #[arg(long)]
        mapping: Option<String>,
        /// Save the mapping used (--mapping plus --column) under this name for next time.
        #[arg(long)]
        save_mapping: Option<String>,
    },
    /// List the saved column mappings.
    Mappings,
    /// Villages, groups, grids and grid cadres.
    Places {
        /// The sheet of villages, groups, grids and cadres.
        file: PathBuf,
        /// Sheet of a workbook (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Text encoding of a CSV/TXT file (default: detected).
        #[arg(long, value_parser = ["gbk", "gb18030", "utf-8"])]
        encoding: Option<String>,
    },
}

#[derive(Subcommand)]
enum CalendarAction {
    /// Show which years have holiday data.
    Show,
    /// Import holidays and make-up working days from a TOML file (format of assets/holidays-cn.toml).
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum SlaAction {
    Show,
    Set { kind: String, days: u32 },
}

#[derive(Subcommand)]
enum Report {
    /// The cadre assessment table (coverage, quotas, the two rates, open work).
    Assessment {
        #[arg(long, value_parser = ["week", "month", "quarter", "year"], default_value = "month")]
        period: String,
        #[arg(long, value_parser = ["csv", "txt"], default_value = "txt")]
        format: String,
    },
    /// The 民情分析 presenter's report: figures with 同比/环比, trend, hot spots, people, early warnings.
    Analysis(minqing::export::analysis::cli::AnalysisArgs),
    /// The monthly table for the county: one row per village.
    Monthly(minqing::export::analysis::cli::MonthlyArgs),
}

fn main() -> ExitCode {
    // A command piped into `head` or `less` ends quietly when the reader
    // leaves, as other command-line tools do, instead of panicking on the
    // next line it prints. An import ended so before its commit writes
    // nothing (one transaction).
    // SAFETY: sets one signal's disposition before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let lang = early_lang();
    let matches = match minqing::text::cli::localize(Cli::command(), lang).try_get_matches() {
        Ok(m) => m,
        Err(e) => cli_error(e, lang),
    };
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| cli_error(e, lang));
    if let Err(msg) = with_settings(&mut cli, &matches) {
        eprintln!("minqing: {msg}");
        return ExitCode::FAILURE;
    }
    match real_main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("minqing: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The language for help and argument errors, before clap parses: the
/// `--lang` given, else the settings file's, else the default (Chinese).
fn early_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        });
    match given.as_deref() {
        Some("en") => Lang::En,
        Some("zh") => Lang::Zh,
        _ => minqing::config::current()
            .as_ref()
            .ok()
            .and_then(|s| s.language)
            .unwrap_or_default(),
    }
}

/// Help and version as clap prints them (already in `lang`); argument
/// errors as one sentence of `lang` (clap's own are English).
fn cli_error(e: clap::Error, lang: Lang) -> ! {
    use clap::error::{ContextKind, ErrorKind};
    if lang == Lang::En || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        std::process::exit(2);
    }
    let t = &i18n::texts(lang).cli;
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let key = match e.kind() {
        ErrorKind::UnknownArgument => "@unknown_argument",
        ErrorKind::InvalidSubcommand => "@invalid_subcommand",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "@invalid_value",
        ErrorKind::MissingRequiredArgument => "@missing_argument",
        ErrorKind::MissingSubcommand => "@missing_subcommand",
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => "@too_many",
        _ => "@bad_command_line",
    };
    let message = i18n::fill(
        t.get(key).map_or("", String::as_str),
        &[
            ("arg", &ctx(ContextKind::InvalidArg)),
            ("value", &ctx(ContextKind::InvalidValue)),
            ("command", &ctx(ContextKind::InvalidSubcommand)),
        ],
    );
    eprintln!("minqing: {message}");
    std::process::exit(2);
}

/// Fills what the command line left out from the settings file (README,
/// "The settings file"): the database and login (not for the demo, which
/// has its own), the language and the border style.
fn with_settings(cli: &mut Cli, matches: &clap::ArgMatches) -> Result<(), String> {
    let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
    let settings = match minqing::config::current() {
        Ok(s) => s,
        Err(problem) => {
            let lang = if given("lang") { cli.lang } else { Lang::default() };
            return Err(problem.message(lang));
        }
    };
    if !given("lang")
        && let Some(lang) = settings.language
    {
        cli.lang = lang;
    }
    cli.ascii_borders |= settings.ascii_borders.unwrap_or(false);
    if !matches!(cli.command, Some(Command::Demo { .. })) {
        cli.db = cli.db.take().or_else(|| settings.database.clone());
        cli.user = cli.user.take().or_else(|| settings.login.clone());
    }
    Ok(())
}

fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("cn", "minqing", "minqing")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn real_main(cli: Cli) -> Result<(), String> {
    init_logging();
    let lang = cli.lang;
    let theme = minqing::ui::theme::Theme {
        ascii_borders: cli.ascii_borders,
    };
    let store_err = |e: minqing::store::StoreError| i18n::store_error(lang, &e);
    match cli.command {
        Some(Command::Demo {
            households,
            seed,
            requests,
            fresh,
            no_tui,
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("demo.db"));
            if fresh && db.exists() {
                // Only a demo may be replaced: never an office's register.
                if !minqing::store::is_demo_database(&db).map_err(store_err)? {
                    return Err(i18n::fill(
                        &i18n::texts(lang).admin.not_demo,
                        &[("path", &db.display())],
                    ));
                }
                minqing::demo::cli::remove_database(&db).map_err(|e| i18n::io_error(lang, &e))?;
            }
            if !db.exists() {
                minqing::demo::cli::create(&db, households, seed, requests, lang)?;
            }
            if no_tui {
                return Ok(());
            }
            // A demo township opens without a password (README "Try it").
            let user = cli.user.unwrap_or_else(|| "demo".to_string());
            let store = minqing::session::open(&db, &user, None, lang)?;
            run_tui(
                minqing::session::TuiStart::Ready(Box::new(store)),
                &db,
                &user,
                lang,
                theme,
            )
            .map_err(store_err)
        }
        Some(Command::Check) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            require_db(&db, lang)?;
            let conn = minqing::store::open_connection(&db).map_err(store_err)?;
            let checked: rusqlite::Result<Vec<String>> = conn
                .prepare("PRAGMA integrity_check")
                .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
            let rows = checked.map_err(|e| store_err(e.into()))?;
            for r in &rows {
                println!("{r}");
            }
            if rows != ["ok"] {
                return Err(i18n::texts(lang).admin.integrity_failed.clone());
            }
            let chain = minqing::store::verify_chain(&conn).map_err(store_err)?;
            let lines = minqing::admin::chain_report_lines(&chain, lang);
            if chain.is_ok() {
                println!("{}", lines.join("\n"));
                Ok(())
            } else {
                Err(lines.join("\n"))
            }
        }
        Some(Command::Backup { dest, keep, force }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            require_db(&db, lang)?;
            let os_user = std::env::var("USER").unwrap_or_default();
            let mut store = Store::open_os_user(&db, &os_user).map_err(store_err)?;
            let opts = minqing::store::backup::BackupOptions {
                force,
                keep: keep.map(|n| n as usize),
            };
            let written = minqing::store::backup::backup_with(&mut store, &dest, opts).map_err(store_err)?;
            eprintln!(
                "{}",
                i18n::fill(&i18n::texts(lang).admin.backed_up, &[("path", &written.display())])
            );
            Ok(())
        }
        Some(Command::Restore { backup }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let login = cli
                .user
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_else(|| "admin".to_string());
            let done = minqing::store::backup::restore(&backup, &db, &login).map_err(store_err)?;
            let aside = done.aside.map(|a| a.display().to_string()).unwrap_or_default();
            eprintln!(
                "{}",
                i18n::fill(
                    &i18n::texts(lang).admin.restored,
                    &[
                        ("backup", &backup.display()),
                        ("path", &db.display()),
                        ("aside", &aside)
                    ],
                )
            );
            Ok(())
        }
        Some(Command::Calendar { action }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let mut out = std::io::stdout().lock();
            match action {
                CalendarAction::Show => minqing::admin::show_calendar(&store, lang, &mut out),
                CalendarAction::Import { file } => {
                    store
                        .require(minqing::domain::accounts::Permission::EditSettings, "calendar")
                        .map_err(store_err)?;
                    minqing::admin::import_calendar(&mut store, &file, lang, &mut out)
                }
            }
            .map_err(|e| i18n::anyhow_error(lang, &e))
        }
        Some(Command::Sla { action }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let mut out = std::io::stdout().lock();
            match action {
                SlaAction::Show => minqing::admin::show_sla(&store, lang, &mut out),
                SlaAction::Set { kind, days } => {
                    store
                        .require(minqing::domain::accounts::Permission::EditSettings, "sla")
                        .map_err(store_err)?;
                    minqing::admin::set_sla(&mut store, &kind, days, lang, &mut out)
                }
            }
            .map_err(|e| i18n::anyhow_error(lang, &e))
        }
        Some(Command::Lookup { query, json, limit }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            drop(open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?);
            let mut out = std::io::stdout().lock();
            minqing::search::lookup_cli(&db, &query, limit, json, lang, &mut out)
                .map_err(|e| i18n::anyhow_error(lang, &e))
        }
        Some(Command::Agenda {
            command:
                AgendaCommand::Export {
                    meeting_id,
                    format,
                    output,
                    force,
                    full,
                },
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            // An existing file may be someone's document: replaced only on request.
            if let Some(path) = output.as_deref().filter(|p| !force && p.exists()) {
                return Err(i18n::fill(
                    &i18n::texts(lang).admin.export_exists,
                    &[("path", &path.display())],
                ));
            }
            let msg =
                minqing::export::agenda::export_cli(&mut store, meeting_id, format, output.as_deref(), full, lang)?;
            if !msg.is_empty() {
                eprintln!("{msg}");
            }
            Ok(())
        }
        Some(Command::Audit {
            by,
            since,
            action,
            format,
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let since = match since {
                Some(day) => Some(
                    chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                        .map_err(|_| i18n::fill(&i18n::texts(lang).login.audit_bad_since, &[("value", &day)]))?,
                ),
                None => None,
            };
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let filter = minqing::store::audit::AuditFilter { by, since, action };
            let mut out = std::io::stdout().lock();
            minqing::admin::list_audit(&mut store, &filter, format == "csv", lang, &mut out)
                .map_err(|e| i18n::anyhow_error(lang, &e))
        }
        Some(Command::User {
            action,
            new_password_file,
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let acting = cli.user.or_else(|| std::env::var("USER").ok()).unwrap_or_default();
            let passwords = minqing::user_admin::Passwords {
                file: cli.password_file,
                new_file: new_password_file,
            };
            let mut out = std::io::stdout().lock();
            minqing::user_admin::run(&db, &acting, action, &passwords, lang, &mut out)
        }
        Some(Command::Import { what }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            // The office's administrator fills it (README "Importing the register").
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            store
                .require(minqing::domain::accounts::Permission::ImportRegister, "register")
                .map_err(store_err)?;
            let mut out = std::io::stdout().lock();
            match what {
                ImportCommand::Register {
                    file,
                    sheet,
                    dry_run,
                    update,
                    report,
                    encoding,
                    create_places,
                    columns,
                    mapping,
                    save_mapping,
                } => {
                    let args = minqing::import::RegisterArgs {
                        file,
                        sheet,
                        dry_run,
                        update,
                        report,
                        encoding,
                        create_places,
                        columns,
                        mapping,
                        save_mapping,
                    };
                    let today = chrono::Local::now().date_naive();
                    minqing::import::import_register(&mut store, &args, lang, today, &mut out, &mut |_| {}).map(|_| ())
                }
                ImportCommand::Mappings => minqing::import::list_mappings(&store, lang, &mut out),
                ImportCommand::Places { file, sheet, encoding } => minqing::import::import_places(
                    &mut store,
                    &file,
                    sheet.as_deref(),
                    encoding.as_deref(),
                    lang,
                    &mut out,
                )
                .map(|_| ()),
            }
        }
        Some(Command::Export { what }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let today = chrono::Local::now().date_naive();
            let msg = minqing::export::cli::run(&mut store, what, lang, today)?;
            eprintln!("{msg}");
            Ok(())
        }
        Some(Command::Report {
            report: Report::Assessment { period, format },
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let period = minqing::domain::assessment::Period::parse(&period).unwrap_or_default();
            let today = chrono::Local::now().date_naive();
            let mut out = std::io::stdout().lock();
            minqing::export::assessment::report(&store, period, format == "csv", lang, today, &mut out)
        }
        Some(Command::Report {
            report: Report::Analysis(args),
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let today = chrono::Local::now().date_naive();
            report_done(minqing::export::analysis::cli::analysis_cli(
                &mut store, args, lang, today,
            ))
        }
        Some(Command::Report {
            report: Report::Monthly(args),
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, cli.password_file.as_deref(), lang)?;
            let today = chrono::Local::now().date_naive();
            report_done(minqing::export::analysis::cli::monthly_cli(
                &mut store, args, lang, today,
            ))
        }
        None => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let login = minqing::session::login_name(cli.user);
            let start = minqing::session::open_for_tui(&db, &login, cli.password_file.as_deref(), lang)?;
            run_tui(start, &db, &login, lang, theme).map_err(store_err)
        }
    }
}

/// `HEADER=FIELD` of `--column`.
fn parse_column(s: &str) -> Result<(String, String), String> {
    s.rsplit_once('=')
        .map(|(h, f)| (h.trim().to_string(), f.trim().to_string()))
        .filter(|(h, f)| !h.is_empty() && !f.is_empty())
        .ok_or_else(|| format!("expected HEADER=FIELD, got {s:?}"))
}

/// Logs in to an existing database for a command (README "Accounts and
/// roles"): a password from the terminal or `--password-file`; a demo
/// township needs none. Every change is audited under that user.
fn open_existing(db: &Path, user: Option<String>, password_file: Option<&Path>, lang: Lang) -> Result<Store, String> {
    minqing::session::open(db, &minqing::session::login_name(user), password_file, lang)
}

/// Prints a report command's sentence (if any) to stderr.
fn report_done(result: Result<String, String>) -> Result<(), String> {
    let msg = result?;
    if !msg.is_empty() {
        eprintln!("{msg}");
    }
    Ok(())
}

/// Subcommands that read an office database refuse to create one by typo.
fn require_db(db: &Path, lang: Lang) -> Result<(), String> {
    if db.exists() {
        Ok(())
    } else {
        Err(i18n::fill(
            &i18n::texts(lang).admin.no_database,
            &[("path", &db.display())],
        ))
    }
}

/// The TUI: first its login screen (unless `start` is already logged in),
/// then the panes; nothing is loaded before someone has logged in.
fn run_tui(
    start: minqing::session::TuiStart,
    db: &Path,
    login: &str,
    lang: Lang,
    theme: minqing::ui::theme::Theme,
) -> Result<(), minqing::store::StoreError> {
    use minqing::app::gate;
    let mut state = State::new(lang, chrono::Local::now().date_naive(), "");
    state.theme = theme;
    // A bad user keymap does not stop the clerk: the shipped keys are used
    // and the status line says what is wrong, where.
    let (keymap, problem) = Keymap::load(minqing::app::keymap::user_keymap_path().as_deref());
    if let Some(problem) = problem {
        tracing::warn!(?problem, "user keymap ignored");
        state.error(problem.message(lang));
    }
    let (tx, rx) = std::sync::mpsc::channel::<AppEvent>();
    // ratatui::init installs a panic hook that restores the terminal.
    let mut terminal = ratatui::init();
    spawn_input_thread(tx.clone());
    let result = (|| {
        let store = match start {
            minqing::session::TuiStart::Ready(store) => *store,
            minqing::session::TuiStart::LoginScreen => {
                state.gate = Some(gate::Gate::login(login));
                match minqing::app::login::log_in(&mut terminal, &mut state, &keymap, &rx, db)? {
                    Some(store) => store,
                    None => return Ok(()),
                }
            }
        };
        let actor = store.actor().clone();
        state.login = actor.login.clone();
        gate::logged_in(
            &mut state,
            &actor.display_name,
            actor.can_reveal,
            minqing::session::idle_lock(&store),
        );
        state.setup.admin = actor.role == Some(minqing::domain::request::Role::Admin);
        state.role = actor.role.unwrap_or(minqing::domain::request::Role::Clerk);
        let mut services = Services::new(store);
        services.events = Some(tx.clone());
        minqing::app::login::spawn_ticker(tx.clone());
        // Every query and write runs on the worker (README "Architecture").
        let mut worker = Worker::spawn(services, tx.clone());
        let loader = Loader::spawn(db.to_path_buf(), tx, actor);
        run(&mut terminal, &mut state, &keymap, &mut worker, &rx, &loader)
    })();
    ratatui::restore();
    result.map_err(minqing::store::StoreError::from)
}

/// Logs go to a file: the terminal belongs to the TUI. The log may name
/// users and objects, so it is private like the database (0600, its folder
/// 0700).
fn init_logging() {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    let dir = data_dir();
    if std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .is_err()
    {
        return;
    }
    let log = dir.join("minqing.log");
    // A log made by an older build may be 0644.
    let _ = std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o600));
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&log)
    else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}

#[cfg(test)]
mod cli_tests {
    use super::*;

    #[test]
    fn chinese_help_covers_every_command_and_option() {
        let zh = &i18n::texts(Lang::Zh).cli;
        let missing: Vec<String> = minqing::text::cli::keys(&Cli::command())
            .into_iter()
            .filter(|(k, en)| !en.is_empty() && !zh.contains_key(k))
            .map(|(k, en)| format!("{k:?} = {en:?}"))
            .collect();
        assert!(missing.is_empty(), "zh.toml [cli] lacks:\n{}", missing.join("\n"));
    }
}
