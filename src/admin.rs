//! Office administration from the command line: the holiday calendar and
//! the working-day deadlines (SLA). Each is a thin layer over the store.

use crate::domain::calendar::{Calendar, CalendarError};
use crate::domain::request::sla_day_range;
use crate::store::{Store, calendar_days};
use crate::text::i18n::{Lang, fill, texts};
use chrono::Datelike;
use std::io::{Read, Write};
use std::path::Path;

/// Largest calendar file read: a year of notices is about 1 KB, so this is
/// generous while keeping a wrong file (a database, a log) out of memory.
const MAX_CALENDAR_BYTES: u64 = 1024 * 1024;

/// Imports a holiday calendar in the shipped TOML format (e.g. next year's
/// official notice) and reports which years are now covered. Each year in
/// the file replaces that year in the calendar. A refused file changes
/// nothing and is audited as refused, like a successful import is audited.
pub fn import_calendar(store: &mut Store, file: &Path, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    let t = &texts(lang).checks;
    let object = format!("file:{}", file.display());
    let refuse = |store: &mut Store, why: &str, shown: String| {
        // The refusal is what the user needs; a failing audit write (e.g.
        // disk full) must not hide it.
        let _ = store.audit_failure("calendar.import", &object, why);
        anyhow::anyhow!(fill(&t.cal_failed, &[("error", &shown)]))
    };
    let text = match read_bounded(file) {
        Ok(Some(text)) => text,
        Ok(None) => {
            let shown = fill(&t.cal_too_big, &[("max", &(MAX_CALENDAR_BYTES / 1024))]);
            return Err(refuse(store, "file too large", shown));
        }
        // Not UTF-8: not a TOML file (and no English reason to show).
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            let _ = store.audit_failure("calendar.import", &object, &e.to_string());
            anyhow::bail!(fill(&texts(lang).admin.bad_calendar, &[("error", &t.cal_syntax)]));
        }
        Err(e) => {
            let shown = fill(
                &texts(lang).admin.read_failed,
                &[
                    ("path", &file.display()),
                    ("error", &crate::text::i18n::io_detail(lang, &e)),
                ],
            );
            return Err(refuse(store, &e.to_string(), shown));
        }
    };
    let calendar = match Calendar::from_toml(&text).and_then(|c| {
        c.check_import_years(chrono::Local::now().year())?;
        Ok(c)
    }) {
        Ok(c) => c,
        Err(e) => {
            let _ = store.audit_failure("calendar.import", &object, &e.to_string());
            let shown = calendar_error(lang, &e);
            anyhow::bail!(fill(&texts(lang).admin.bad_calendar, &[("error", &shown)]));
        }
    };
    let summary = match calendar_days::import_calendar(store, &calendar) {
        Ok(s) => s,
        Err(e) => {
            let shown = crate::text::i18n::store_error(lang, &e);
            return Err(refuse(store, &e.to_string(), shown));
        }
    };
    writeln!(out, "{}", fill(&texts(lang).admin.imported, &[("n", &summary.written)]))?;
    if summary.removed > 0 {
        writeln!(out, "{}", fill(&t.cal_removed, &[("n", &summary.removed)]))?;
    }
    show_calendar(store, lang, out)
}

/// The file's text, or `None` when it is larger than [`MAX_CALENDAR_BYTES`].
fn read_bounded(file: &Path) -> std::io::Result<Option<String>> {
    let mut text = String::new();
    std::fs::File::open(file)?
        .take(MAX_CALENDAR_BYTES + 1)
        .read_to_string(&mut text)?;
    Ok((text.len() as u64 <= MAX_CALENDAR_BYTES).then_some(text))
}

/// A calendar file fault in the user's language.
pub fn calendar_error(lang: Lang, e: &CalendarError) -> String {
    let t = &texts(lang).checks;
    match e {
        CalendarError::Syntax { line: Some(line), .. } => fill(&t.cal_syntax_line, &[("line", line)]),
        CalendarError::Syntax { line: None, .. } => t.cal_syntax.clone(),
        CalendarError::UnknownKey(key) => fill(&t.cal_unknown_key, &[("key", key)]),
        CalendarError::BadDate(text) => fill(&t.cal_bad_date, &[("text", text)]),
        CalendarError::BadRange { from, to } => fill(&t.cal_bad_range, &[("from", from), ("to", to)]),
        CalendarError::OutsideYear { day, year } => fill(&t.cal_outside_year, &[("day", day), ("year", year)]),
        CalendarError::HolidayAndWorkday(day) => fill(&t.cal_holiday_and_workday, &[("day", day)]),
        CalendarError::DuplicateYear(year) => fill(&t.cal_duplicate_year, &[("year", year)]),
        CalendarError::EmptyYear(year) => fill(&t.cal_empty_year, &[("year", year)]),
        CalendarError::YearOutOfRange { year, from, to } => {
            fill(&t.cal_year_range, &[("year", year), ("from", from), ("to", to)])
        }
    }
}

pub fn show_calendar(store: &Store, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    let t = &texts(lang).admin;
    let calendar = calendar_days::load_calendar(store.conn())
        .map_err(|e| anyhow::anyhow!(crate::text::i18n::store_error(lang, &e)))?;
    let years: Vec<String> = calendar.years_covered().iter().map(|y| y.to_string()).collect();
    writeln!(out, "{}", fill(&t.years_covered, &[("years", &years.join(", "))]))?;
    Ok(())
}

pub fn show_sla(store: &Store, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    let tx = texts(lang);
    let rules = calendar_days::sla_rules(store.conn())
        .map_err(|e| anyhow::anyhow!(crate::text::i18n::store_error(lang, &e)))?;
    for (kind, days) in rules {
        writeln!(
            out,
            "{}",
            fill(&tx.admin.sla_line, &[("kind", &sla_name(lang, &kind)), ("n", &days)])
        )?;
    }
    Ok(())
}

/// The rule's name as shown: the localized label and the code to type.
fn sla_name(lang: Lang, kind: &str) -> String {
    let tx = texts(lang);
    let name = if kind == "urgent" {
        crate::text::i18n::label(&tx.priority, "urgent")
    } else {
        crate::text::i18n::label(&tx.kind, kind)
    };
    if name == kind {
        kind.to_string()
    } else {
        crate::text::i18n::noted(tx, name, &kind)
    }
}

pub fn set_sla(store: &mut Store, kind: &str, days: u32, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    const KINDS: [&str; 5] = ["urgent", "consultation", "help", "complaint", "suggestion"];
    let t = &texts(lang).admin;
    if !KINDS.contains(&kind) {
        anyhow::bail!(fill(&t.bad_kind, &[("kind", &kind), ("kinds", &KINDS.join(", "))]));
    }
    let range = sla_day_range(kind);
    if !range.contains(&days) {
        let sentence = fill(
            &texts(lang).checks.sla_range,
            &[
                ("kind", &kind),
                ("min", range.start()),
                ("max", range.end()),
                ("n", &days),
            ],
        );
        anyhow::bail!(sentence);
    }
    calendar_days::set_sla_rule(store, kind, days)
        .map_err(|e| anyhow::anyhow!(crate::text::i18n::store_error(lang, &e)))?;
    show_sla(store, lang, out)
}

/// The sentences `minqing check` prints for the audit log's hash chain.
pub fn chain_report_lines(report: &crate::store::ChainReport, lang: Lang) -> Vec<String> {
    use crate::store::ChainProblem;
    let t = &texts(lang).audit;
    if report.is_ok() {
        return vec![fill(&t.chain_ok, &[("n", &report.rows)])];
    }
    report
        .problems
        .iter()
        .map(|p| match p {
            ChainProblem::Missing { kind, name } if kind == "table" => fill(&t.missing_table, &[("name", name)]),
            ChainProblem::Missing { name, .. } => fill(&t.missing_trigger, &[("name", name)]),
            ChainProblem::Broken {
                id,
                last_good: Some(good),
            } => fill(&t.broken, &[("id", id), ("last_good", good)]),
            ChainProblem::Broken { id, last_good: None } => fill(&t.broken_first, &[("id", id)]),
            ChainProblem::Truncated { head_id, last_id } => fill(&t.truncated, &[("head", head_id), ("last", last_id)]),
        })
        .collect()
}

/// `minqing audit`: the log's rows for an inspection, as an aligned table
/// or as CSV (UTF-8 with a BOM, so Chinese Excel opens it). Admin and
/// leader only; the listing is audited (`Store::audit_rows`).
pub fn list_audit(
    store: &mut Store,
    filter: &crate::store::audit::AuditFilter,
    csv: bool,
    lang: Lang,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let t = &texts(lang).login;
    let rows = store
        .audit_rows(filter)
        .map_err(|e| anyhow::anyhow!(crate::text::i18n::store_error(lang, &e)))?;
    let columns: Vec<&str> = t.audit_columns.split(',').collect();
    if csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&columns)?;
        for r in &rows {
            w.write_record([
                r.id.to_string().as_str(),
                &r.at,
                &r.user,
                &r.action,
                &r.object,
                &r.outcome,
                &r.detail,
            ])?;
        }
        let bytes = w.into_inner().map_err(|e| anyhow::anyhow!(e.to_string()))?;
        out.write_all("\u{feff}".as_bytes())?;
        out.write_all(&bytes)?;
        return Ok(());
    }
    if rows.is_empty() {
        writeln!(out, "{}", t.audit_none)?;
        return Ok(());
    }
    const WIDTHS: [usize; 6] = [6, 19, 12, 22, 24, 8];
    let line = |cells: [&str; 7]| {
        let mut s = String::new();
        for (cell, w) in cells.iter().zip(WIDTHS) {
            s.push_str(&crate::text::fit(cell, w));
            s.push(' ');
        }
        s.push_str(cells[6]);
        s.trim_end().to_string()
    };
    let head: [&str; 7] = std::array::from_fn(|i| columns.get(i).copied().unwrap_or(""));
    writeln!(out, "{}", line(head))?;
    for r in &rows {
        let id = r.id.to_string();
        writeln!(
            out,
            "{}",
            line([&id, &r.at, &r.user, &r.action, &r.object, &r.outcome, &r.detail])
        )?;
    }
    Ok(())
}
