//! Importing an office's register and places from the sheets it already
//! keeps: CSV/XLSX readers, header mapping, validation, error report
//! (README "Importing the register"). All or nothing: a sheet with any bad
//! row writes nothing, and the report says which rows to fix.

mod behind;
pub mod columns;
pub mod pipeline;
pub mod places;
pub mod plan;
pub mod read;
pub mod reading;
pub mod register;
pub mod report;
pub mod texts;

use crate::store::Store;
use crate::store::import::Applied;
use crate::text::i18n::{Lang, fill};
use columns::{Field, Table};
use read::ReadError;
use register::{Options, Outcome};
use std::io::Write;
use std::path::{Path, PathBuf};
use texts::t;

/// `minqing import register` arguments.
#[derive(Debug, Clone, Default)]
pub struct RegisterArgs {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub update: bool,
    pub report: Option<PathBuf>,
    pub encoding: Option<String>,
    pub create_places: bool,
    /// Columns mapped by hand: (header text, field name), e.g. ("户口号", "household_no").
    pub columns: Vec<(String, String)>,
    /// A saved mapping to use (the `columns` given win over it).
    pub mapping: Option<String>,
    /// Save the mapping used (saved one plus `columns`) under this name.
    pub save_mapping: Option<String>,
}

/// How far an import has come, for the set-up pane's progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// The file read, the header found: checking every row.
    Checking,
    /// Checked: writing the report of bad rows.
    Report,
    /// Writing to the database: `done` of `total` rows.
    Writing { done: usize, total: usize },
}

impl Stage {
    /// The share of the whole import done when this stage is reached
    /// (reading and checking take about half of it, writing the rest).
    pub fn ratio(self) -> f64 {
        match self {
            Stage::Checking => 0.2,
            Stage::Report => 0.45,
            Stage::Writing { done, total } => 0.5 + 0.5 * done as f64 / total.max(1) as f64,
        }
    }
}

/// How many problem lines the screen shows; the report has them all.
const SHOWN: usize = 30;

fn read_error(e: &ReadError, path: &Path, lang: Lang) -> String {
    let m = t(lang);
    let p = path.display();
    match e {
        ReadError::Io(why) => fill(&m.read_failed, &[("path", &p), ("why", why)]),
        ReadError::Workbook(why) => fill(&m.bad_workbook, &[("path", &p), ("why", why)]),
        ReadError::Encrypted => fill(&m.encrypted_workbook, &[("path", &p)]),
        ReadError::NoSheet { name, names } => fill(&m.no_sheet, &[("name", name), ("names", &names.join("、"))]),
        ReadError::Csv(why) => fill(&m.bad_csv, &[("path", &p), ("why", why)]),
        ReadError::UnknownEncoding(name) => fill(&m.unknown_encoding, &[("name", name)]),
        ReadError::NoHeader => fill(&m.no_header, &[("n", &columns::HEADER_SEARCH_ROWS)]),
        ReadError::OutOfOrder => fill(&m.cells_out_of_order, &[("path", &p)]),
    }
}

/// The file's bytes, or why not in the user's language (not the
/// operating system's English).
fn read_file(path: &Path, lang: Lang) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        let why = crate::text::i18n::io_detail(lang, &e);
        read_error(&ReadError::Io(why), path, lang)
    })
}

/// Reads a sheet and finds its header row (`required` columns present);
/// returns the table and the encoding name.
pub fn load_table(
    bytes: &[u8],
    kind: read::Kind,
    sheet: Option<&str>,
    encoding: Option<&str>,
    required: &[Field],
    field_of: impl Fn(&str) -> Option<Field>,
) -> Result<(Table, &'static str), ReadError> {
    let forced = encoding.map(read::encoding_named).transpose()?;
    let (rows, enc) = read::read_bytes(bytes, kind, sheet, forced)?;
    Table::find(rows, required, field_of)
        .map(|t| (t, enc))
        .ok_or(ReadError::NoHeader)
}

/// Validates `table` against the database in `store`.
pub fn check(store: &Store, table: &Table, opts: &Options) -> crate::store::Result<Outcome> {
    let loaded = register::Loaded::load(store.conn())?;
    Ok(register::validate(table, &loaded.view(), opts))
}

/// Writes a checked outcome: only call when it has no errors.
pub fn apply(store: &mut Store, outcome: &Outcome) -> crate::store::Result<Applied> {
    crate::store::import::apply_register(store, &outcome.plan, &mut |_, _| {})
}

/// The whole `minqing import register` command: read, map, validate,
/// report, and (unless a dry run or any error) write. Messages go to
/// `out`; an error in any row is returned as the final message. `progress`
/// hears each stage reached.
pub fn import_register(
    store: &mut Store,
    args: &RegisterArgs,
    lang: Lang,
    today: chrono::NaiveDate,
    out: &mut impl Write,
    progress: &mut dyn FnMut(Stage),
) -> Result<Outcome, String> {
    run_register(store, args, lang, today, out, progress, false)
}

/// [`import_register`] with checking and writing one after the other
/// whatever the sheet's size: what the pipelined import must equal.
pub fn import_register_in_order(
    store: &mut Store,
    args: &RegisterArgs,
    lang: Lang,
    today: chrono::NaiveDate,
    out: &mut impl Write,
    progress: &mut dyn FnMut(Stage),
) -> Result<Outcome, String> {
    run_register(store, args, lang, today, out, progress, true)
}

fn run_register(
    store: &mut Store,
    args: &RegisterArgs,
    lang: Lang,
    today: chrono::NaiveDate,
    out: &mut impl Write,
    progress: &mut dyn FnMut(Stage),
    in_order: bool,
) -> Result<Outcome, String> {
    let m = t(lang);
    let bytes = read_file(&args.file, lang)?;
    let kind = read::Kind::of(&args.file, &bytes);
    let mapping = mapping_for(store, args, lang)?;
    let field_of = |h: &str| mapping.field(h, columns::field_of);
    let required = [Field::Name, Field::ResidentId];
    let opts = Options {
        update: args.update,
        create_places: args.create_places,
        today,
        source: args
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    };
    let header_error = |e: ReadError| match e {
        ReadError::NoHeader => fill(&m.no_header, &[("n", &columns::HEADER_SEARCH_ROWS)]),
        e => read_error(&e, &args.file, lang),
    };
    let mut job = Job {
        store,
        mapping: &mapping,
        opts: &opts,
        args,
        lang,
        out,
        progress,
    };
    if !args.dry_run && !args.update && !in_order {
        // Read on a thread of its own: a large sheet is checked and
        // written while it is read (README "Performance").
        let forced = args
            .encoding
            .as_deref()
            .map(read::encoding_named)
            .transpose()
            .map_err(header_error)?;
        let done = std::thread::scope(|s| {
            let started = reading::start(s, &bytes, kind, args.sheet.as_deref(), forced);
            let enc = started.encoding;
            match reading::head(started, &required, field_of) {
                // Cells out of sheet order: read whole below.
                Err(ReadError::OutOfOrder) => None,
                Err(e) => Some(Err(header_error(e))),
                Ok(reading::Head::Whole(table)) => Some(import_table(&mut job, &table, enc, false)),
                Ok(reading::Head::Reading(reading)) => import_reading(&mut job, reading, enc),
            }
        });
        if let Some(done) = done {
            return done;
        }
    }
    let (table, enc) = load_table(
        &bytes,
        kind,
        args.sheet.as_deref(),
        args.encoding.as_deref(),
        &required,
        field_of,
    )
    .map_err(header_error)?;
    import_table(&mut job, &table, enc, in_order)
}

/// What each step of one register import works with.
struct Job<'a, W: Write> {
    store: &'a mut Store,
    mapping: &'a columns::Mapping,
    opts: &'a Options,
    args: &'a RegisterArgs,
    lang: Lang,
    out: &'a mut W,
    progress: &'a mut dyn FnMut(Stage),
}

/// The lines that open an import's output: where the header is, the
/// columns not taken, the mapping saved (`saved`, its line).
fn intro(table: &Table, enc: &str, saved: Option<&str>, lang: Lang, out: &mut impl Write) -> Result<(), String> {
    let m = t(lang);
    let io = |e: std::io::Error| crate::text::i18n::io_error(lang, &e);
    // A workbook has no text encoding to name (read.rs says "xlsx" for all).
    let found = if enc == "xlsx" {
        &m.header_found_workbook
    } else {
        &m.header_found
    };
    writeln!(
        out,
        "{}",
        fill(
            found,
            &[
                ("row", &table.header_row),
                ("encoding", &enc),
                ("rows", &table.rows.len())
            ]
        )
    )
    .map_err(io)?;
    if !table.unmapped.is_empty() {
        writeln!(out, "{}", fill(&m.unmapped, &[("cols", &table.unmapped.join("、"))])).map_err(io)?;
    }
    if let Some(line) = saved {
        writeln!(out, "{line}").map_err(io)?;
    }
    Ok(())
}

/// Saves the mapping when `--save-mapping` names one; its line.
fn save_mapping(
    store: &mut Store,
    mapping: &columns::Mapping,
    args: &RegisterArgs,
    lang: Lang,
) -> Result<Option<String>, String> {
    let Some(name) = &args.save_mapping else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> = mapping
        .columns
        .iter()
        .filter_map(|(h, f)| Some((h.clone(), f.code()?)))
        .collect();
    crate::store::import::save_mapping(store, name, &pairs).map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    Ok(Some(fill(
        &t(lang).mapping_saved,
        &[("name", name), ("n", &pairs.len())],
    )))
}

/// What became of a pipelined write, as the command reports it.
fn written(outcome: Outcome, written: pipeline::Written, lang: Lang, out: &mut impl Write) -> Result<Outcome, String> {
    let m = t(lang);
    match written {
        pipeline::Written::Done(_) => {
            writeln!(out, "{}", m.written).map_err(|e| crate::text::i18n::io_error(lang, &e))?;
            Ok(outcome)
        }
        pipeline::Written::Stopped(why) => Err(why),
        pipeline::Written::NotWritten => Err(fill(&m.nothing_written, &[("errors", &outcome.errors())])),
        pipeline::Written::Failed(e) => Err(crate::text::i18n::store_error(lang, &e)),
    }
}

/// A large sheet still being read: checked and written as it comes; the
/// same lines, report and write as [`import_table`]. None when the sheet
/// must be read whole (its cells out of order; nothing was written).
fn import_reading<W: Write>(
    job: &mut Job<W>,
    reading: pipeline::Reading,
    enc: &str,
) -> Option<Result<Outcome, String>> {
    let Job {
        store,
        mapping,
        opts,
        args,
        lang,
        out,
        progress,
    } = job;
    let lang = *lang;
    progress(Stage::Checking);
    let saved = match save_mapping(store, mapping, args, lang) {
        Ok(saved) => saved,
        Err(e) => return Some(Err(e)),
    };
    let streamed = pipeline::read_check_and_write(store, reading, opts, &mut |step| match step {
        pipeline::Step::Writing(done, total) => {
            progress(Stage::Writing { done, total });
            Ok(())
        }
        pipeline::Step::Checked(table, outcome) => {
            intro(table, enc, saved.as_deref(), lang, out)?;
            tell(table, outcome, args, lang, out, progress)
        }
    });
    match streamed {
        Err(e) => Some(Err(crate::text::i18n::store_error(lang, &e))),
        Ok(pipeline::Streamed::Done(done)) => Some(written(done.outcome, done.written, lang, out)),
        Ok(pipeline::Streamed::Unreadable(ReadError::OutOfOrder)) => None,
        Ok(pipeline::Streamed::Unreadable(e)) => Some(Err(read_error(&e, &args.file, lang))),
    }
}

/// A sheet read whole: checked, told, and (unless a dry run or any error)
/// written; a large one checked and written together.
fn import_table<W: Write>(job: &mut Job<W>, table: &Table, enc: &str, in_order: bool) -> Result<Outcome, String> {
    let Job {
        store,
        mapping,
        opts,
        args,
        lang,
        out,
        progress,
    } = job;
    let lang = *lang;
    let m = t(lang);
    let io = |e: std::io::Error| crate::text::i18n::io_error(lang, &e);
    intro(table, enc, None, lang, out)?;
    progress(Stage::Checking);
    let saved = save_mapping(store, mapping, args, lang)?;
    if let Some(line) = saved {
        writeln!(out, "{line}").map_err(io)?;
    }
    let pipelined = !args.dry_run && !args.update && table.rows.len() > pipeline::MIN_ROWS && !in_order;
    if pipelined {
        // Checked and written together (README "Performance"): the same
        // lines, report and write as below.
        let (outcome, w) = pipeline::check_and_write(store, table, opts, &mut |step| match step {
            pipeline::Step::Writing(done, total) => {
                progress(Stage::Writing { done, total });
                Ok(())
            }
            pipeline::Step::Checked(table, outcome) => tell(table, outcome, args, lang, out, progress),
        })
        .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
        return written(outcome, w, lang, out);
    }
    let outcome = check(store, table, opts).map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    tell(table, &outcome, args, lang, out, progress)?;
    let errors = outcome.errors();
    if errors > 0 {
        return Err(fill(&m.nothing_written, &[("errors", &errors)]));
    }
    if args.dry_run {
        writeln!(out, "{}", m.dry_run).map_err(io)?;
        return Ok(outcome);
    }
    crate::store::import::apply_register(store, &outcome.plan, &mut |done, total| {
        progress(Stage::Writing { done, total })
    })
    .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    writeln!(out, "{}", m.written).map_err(io)?;
    Ok(outcome)
}

/// The checked sheet told: its problem rows, places to create or refused,
/// persons missing from it, the summary, and the report when asked for.
fn tell(
    table: &Table,
    outcome: &Outcome,
    args: &RegisterArgs,
    lang: Lang,
    out: &mut impl Write,
    progress: &mut dyn FnMut(Stage),
) -> Result<(), String> {
    let m = t(lang);
    let io = |e: std::io::Error| crate::text::i18n::io_error(lang, &e);
    for (i, p) in outcome.issues.iter().take(SHOWN) {
        let row = table.rows[*i].number;
        writeln!(
            out,
            "{}",
            fill(&m.row_issue, &[("row", &row), ("why", &p.render(lang))])
        )
        .map_err(io)?;
    }
    if outcome.issues.len() > SHOWN {
        writeln!(
            out,
            "{}",
            fill(&m.more_issues, &[("n", &(outcome.issues.len() - SHOWN))])
        )
        .map_err(io)?;
    }
    if !outcome.unknown_places.is_empty() {
        let list = outcome.unknown_places.join("、");
        let line = if args.create_places {
            fill(&m.will_create, &[("list", &list)])
        } else {
            fill(&m.refused_places, &[("list", &list)])
        };
        writeln!(out, "{line}").map_err(io)?;
    }
    if !outcome.missing.is_empty() {
        writeln!(out, "{}", fill(&m.missing, &[("n", &outcome.missing.len())])).map_err(io)?;
        for p in outcome.missing.iter().take(SHOWN) {
            let id = p.masked_id();
            writeln!(
                out,
                "{}",
                fill(
                    &m.missing_line,
                    &[("name", &p.name), ("id", &id), ("village", &p.village)]
                )
            )
            .map_err(io)?;
        }
        if outcome.missing.len() > SHOWN {
            let more = fill(
                &m.missing_more,
                &[("n", &(outcome.missing.len() - SHOWN)), ("sheet", &m.missing_sheet)],
            );
            writeln!(out, "{more}").map_err(io)?;
        }
    }
    writeln!(out, "{}", register::summary(outcome, lang)).map_err(io)?;
    if let Some(path) = &args.report {
        progress(Stage::Report);
        let bytes = report::build(table, &outcome.issues, &outcome.missing, lang)
            .map_err(|e| crate::text::i18n::io_error(lang, &crate::export::excel_limit::to_io(e)))?;
        crate::store::files::write_private(path, &bytes).map_err(io)?;
        writeln!(out, "{}", report_line(outcome, path, lang)).map_err(io)?;
    }
    Ok(())
}

/// The line naming the report written: an error report, or, when no row
/// has an error, the check report (notes, persons not in the file).
pub fn report_line(outcome: &Outcome, path: &Path, lang: Lang) -> String {
    let m = t(lang);
    let text = if outcome.errors() > 0 {
        &m.report_written
    } else {
        &m.check_report_written
    };
    fill(text, &[("path", &path.display())])
}

/// The column mapping for this import: the saved one named by
/// `--mapping`, then the `--column` pairs over it.
fn mapping_for(store: &Store, args: &RegisterArgs, lang: Lang) -> Result<columns::Mapping, String> {
    let m = t(lang);
    let bad = |(header, field): (String, String)| {
        fill(
            &m.mapping_bad_field,
            &[
                ("header", &header),
                ("field", &field),
                ("fields", &Field::codes().join(", ")),
            ],
        )
    };
    let saved = match &args.mapping {
        None => columns::Mapping::default(),
        Some(name) => {
            let pairs = crate::store::import::load_mapping(store.conn(), name)
                .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
            let Some(pairs) = pairs else {
                let names = crate::store::import::mapping_names(store.conn())
                    .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
                return Err(fill(
                    &m.mapping_unknown,
                    &[("name", name), ("names", &names.join("、"))],
                ));
            };
            columns::Mapping::parse(&pairs).map_err(bad)?
        }
    };
    let given = columns::Mapping::parse(&args.columns).map_err(bad)?;
    Ok(saved.with(&given))
}

/// `minqing import mappings`: the saved column mappings, one a line.
pub fn list_mappings(store: &Store, lang: Lang, out: &mut impl Write) -> Result<(), String> {
    let names =
        crate::store::import::mapping_names(store.conn()).map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    if names.is_empty() {
        return writeln!(out, "{}", t(lang).mappings_none).map_err(|e| crate::text::i18n::io_error(lang, &e));
    }
    for name in names {
        let pairs = crate::store::import::load_mapping(store.conn(), &name)
            .map_err(|e| crate::text::i18n::store_error(lang, &e))?
            .unwrap_or_default();
        let cols: Vec<String> = pairs.iter().map(|(h, f)| format!("{h}={f}")).collect();
        writeln!(out, "{name}: {}", cols.join(", ")).map_err(|e| crate::text::i18n::io_error(lang, &e))?;
    }
    Ok(())
}

/// The whole `minqing import places` command.
/// Whether `file` is a sheet of places (villages, groups, grids and their
/// cadres) rather than a register: it has 村（社区） and 网格 columns and
/// none that only a register has (resident ID, gender, birth date,
/// relation to the head, household number). The set-up pane's `i` takes
/// either kind of sheet.
pub fn is_places_sheet(file: &Path) -> bool {
    let Ok(bytes) = std::fs::read(file) else {
        return false;
    };
    let Ok((table, _)) = load_table(
        &bytes,
        read::Kind::of(file, &bytes),
        None,
        None,
        &[Field::Village, Field::Grid],
        places::field_of,
    ) else {
        return false;
    };
    !table.headers.iter().any(|h| {
        matches!(
            columns::field_of(h),
            Some(Field::ResidentId | Field::Gender | Field::BirthDate | Field::Relation | Field::HouseholdNo)
        )
    })
}

pub fn import_places(
    store: &mut Store,
    file: &Path,
    sheet: Option<&str>,
    encoding: Option<&str>,
    lang: Lang,
    out: &mut impl Write,
) -> Result<crate::store::import::PlacesApplied, String> {
    let m = t(lang);
    let bytes = read_file(file, lang)?;
    let (table, _) = match load_table(
        &bytes,
        read::Kind::of(file, &bytes),
        sheet,
        encoding,
        &[Field::Village],
        places::field_of,
    ) {
        Ok(x) => x,
        Err(ReadError::NoHeader) => {
            return Err(fill(&m.no_places_header, &[("n", &columns::HEADER_SEARCH_ROWS)]));
        }
        Err(e) => return Err(read_error(&e, file, lang)),
    };
    if !table.unmapped.is_empty() {
        writeln!(out, "{}", fill(&m.unmapped, &[("cols", &table.unmapped.join("、"))]))
            .map_err(|e| crate::text::i18n::io_error(lang, &e))?;
    }
    let lines = match places::lines(&table, lang) {
        Ok(lines) => lines,
        Err(bad) => {
            for (row, why) in &bad {
                writeln!(out, "{}", fill(&m.row_issue, &[("row", row), ("why", why)]))
                    .map_err(|e| crate::text::i18n::io_error(lang, &e))?;
            }
            return Err(fill(&m.nothing_written, &[("errors", &bad.len())]));
        }
    };
    let source = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let done = crate::store::import::apply_places(store, &source, &lines)
        .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
    writeln!(
        out,
        "{}",
        fill(
            &m.places_done,
            &[
                ("villages", &done.villages),
                ("groups", &done.groups),
                ("grids", &done.grids),
                ("cadres", &done.cadres),
                ("assigned", &done.assigned),
            ]
        )
    )
    .map_err(|e| crate::text::i18n::io_error(lang, &e))?;
    Ok(done)
}
