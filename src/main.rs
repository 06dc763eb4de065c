//! The `minqing` command: parse arguments, open the store, run the TUI or a
//! subcommand. Everything of substance lives in the library.

use clap::{Parser, Subcommand};
use minqing::app::effects::Services;
use minqing::app::keymap::Keymap;
use minqing::app::loader::Loader;
use minqing::app::run::{AppEvent, run, spawn_input_thread};
use minqing::app::state::State;
use minqing::store::Store;
use minqing::ui::i18n::{self, Lang};
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
    Backup { dest: PathBuf },
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
        query: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = minqing::search::DEFAULT_LIMIT)]
        limit: usize,
    },
    /// Meetings and agendas (民情分析会/议事会).
    Agenda {
        #[command(subcommand)]
        command: AgendaCommand,
    },
    /// Print a report without the TUI.
    Report {
        #[command(subcommand)]
        report: Report,
    },
}

#[derive(Subcommand)]
enum AgendaCommand {
    /// Write a meeting's agenda and evidence pack (file mode 0600; audited).
    Export {
        meeting_id: i64,
        #[arg(long, value_enum, default_value = "md")]
        format: minqing::export::agenda::Format,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
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
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("minqing: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("cn", "minqing", "minqing")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn real_main(cli: Cli) -> Result<(), String> {
    init_logging();
    let lang = cli.lang;
    minqing::ui::theme::set_ascii_borders(cli.ascii_borders);
    let store_err = |e: minqing::store::StoreError| i18n::store_error(lang, &e);
    match cli.command {
        Some(Command::Demo {
            households,
            seed,
            fresh,
            no_tui,
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("demo.db"));
            if fresh {
                remove_database(&db).map_err(|e| e.to_string())?;
            }
            if !db.exists() {
                create_demo(&db, households, seed, lang)?;
            }
            if no_tui {
                return Ok(());
            }
            let user = cli.user.unwrap_or_else(|| "demo".to_string());
            run_tui(&db, &user, lang).map_err(store_err)
        }
        Some(Command::Check) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            require_db(&db, lang)?;
            let conn = minqing::store::open_connection(&db).map_err(store_err)?;
            let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(|e| e.to_string())?;
            let rows: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .and_then(|rows| rows.collect())
                .map_err(|e| e.to_string())?;
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
        Some(Command::Backup { dest }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, lang)?;
            minqing::store::backup::backup_to(&mut store, &dest).map_err(store_err)?;
            eprintln!(
                "{}",
                i18n::fill(&i18n::texts(lang).admin.backed_up, &[("path", &dest.display())])
            );
            Ok(())
        }
        Some(Command::Calendar { action }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, lang)?;
            let mut out = std::io::stdout().lock();
            match action {
                CalendarAction::Show => minqing::admin::show_calendar(&store, lang, &mut out),
                CalendarAction::Import { file } => minqing::admin::import_calendar(&mut store, &file, lang, &mut out),
            }
            .map_err(|e| e.to_string())
        }
        Some(Command::Sla { action }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let mut store = open_existing(&db, cli.user, lang)?;
            let mut out = std::io::stdout().lock();
            match action {
                SlaAction::Show => minqing::admin::show_sla(&store, lang, &mut out),
                SlaAction::Set { kind, days } => minqing::admin::set_sla(&mut store, &kind, days, lang, &mut out),
            }
            .map_err(|e| e.to_string())
        }
        Some(Command::Lookup { query, json, limit }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            require_db(&db, lang)?;
            let mut out = std::io::stdout().lock();
            minqing::search::lookup_cli(&db, &query, limit, json, lang, &mut out).map_err(|e| e.to_string())
        }
        Some(Command::Agenda {
            command:
                AgendaCommand::Export {
                    meeting_id,
                    format,
                    output,
                },
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let user = cli
                .user
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_else(|| "clerk".into());
            let msg = minqing::export::agenda::export_cli(&db, &user, meeting_id, format, output.as_deref(), lang)?;
            if !msg.is_empty() {
                eprintln!("{msg}");
            }
            Ok(())
        }
        Some(Command::Report {
            report: Report::Assessment { period, format },
        }) => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            require_db(&db, lang)?;
            let period = minqing::domain::assessment::Period::parse(&period).unwrap_or_default();
            let today = chrono::Local::now().date_naive();
            let mut out = std::io::stdout().lock();
            minqing::app::assess_report::report(&db, period, format == "csv", lang, today, &mut out)
        }
        Some(Command::Report {
            report: Report::Analysis(args),
        }) => report_done(minqing::export::analysis::cli::analysis_cli(
            &cli.db.unwrap_or_else(|| data_dir().join("minqing.db")),
            &login(cli.user),
            args,
            lang,
            chrono::Local::now().date_naive(),
        )),
        Some(Command::Report {
            report: Report::Monthly(args),
        }) => report_done(minqing::export::analysis::cli::monthly_cli(
            &cli.db.unwrap_or_else(|| data_dir().join("minqing.db")),
            &login(cli.user),
            args,
            lang,
            chrono::Local::now().date_naive(),
        )),
        None => {
            let db = cli.db.unwrap_or_else(|| data_dir().join("minqing.db"));
            let user = cli
                .user
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_else(|| "clerk".to_string());
            run_tui(&db, &user, lang).map_err(store_err)
        }
    }
}

fn login(user: Option<String>) -> String {
    user.or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "clerk".into())
}

/// Prints a report command's sentence (if any) to stderr.
fn report_done(result: Result<String, String>) -> Result<(), String> {
    let msg = result?;
    if !msg.is_empty() {
        eprintln!("{msg}");
    }
    Ok(())
}

/// Opens an existing database as `user` (default: the OS user) for an
/// administrative command; every change it makes is audited under that user.
fn open_existing(db: &Path, user: Option<String>, lang: Lang) -> Result<Store, String> {
    require_db(db, lang)?;
    let login = user
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "admin".to_string());
    Store::open(db, &login).map_err(|e| i18n::store_error(lang, &e))
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

fn create_demo(db: &Path, households: usize, seed: u64, lang: Lang) -> Result<(), String> {
    let t = &i18n::texts(lang).admin;
    eprintln!("{}", i18n::fill(&t.generating, &[("path", &db.display())]));
    let mut conn = minqing::store::open_connection(db).map_err(|e| i18n::store_error(lang, &e))?;
    let opts = minqing::demo::DemoOptions {
        households,
        seed,
        today: chrono::Local::now().date_naive(),
    };
    let summary = minqing::demo::generate(&mut conn, &opts).map_err(|e| e.to_string())?;
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

fn remove_database(db: &Path) -> std::io::Result<()> {
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

fn run_tui(db: &Path, login: &str, lang: Lang) -> Result<(), minqing::store::StoreError> {
    let store = Store::open(db, login)?;
    let mut state = State::new(lang, chrono::Local::now().date_naive(), &store.actor().display_name);
    state.can_reveal = store.actor().can_reveal;
    let mut services = Services::new(store);
    let keymap = Keymap::default_map();
    let (tx, rx) = std::sync::mpsc::channel::<AppEvent>();
    // ratatui::init installs a panic hook that restores the terminal.
    let mut terminal = ratatui::init();
    spawn_input_thread(tx.clone());
    let loader = Loader::spawn(db.to_path_buf(), tx);
    let result = run(&mut terminal, &mut state, &keymap, &mut services, &rx, &loader);
    ratatui::restore();
    result.map_err(minqing::store::StoreError::Io)
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
