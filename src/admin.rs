//! Office administration from the command line: the holiday calendar and
//! the working-day deadlines (SLA). Each is a thin layer over the store.

use crate::domain::calendar::Calendar;
use crate::store::{Store, calendar_days};
use crate::ui::i18n::{Lang, fill, texts};
use std::io::Write;
use std::path::Path;

/// Imports a holiday calendar in the shipped TOML format (e.g. next year's
/// official notice) and reports which years are now covered.
pub fn import_calendar(store: &mut Store, file: &Path, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    let t = &texts(lang).admin;
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!(fill(&t.read_failed, &[("path", &file.display()), ("error", &e)])))?;
    let calendar = Calendar::from_toml(&text).map_err(|e| anyhow::anyhow!(fill(&t.bad_calendar, &[("error", &e)])))?;
    let n = calendar_days::import_calendar(store, &calendar)
        .map_err(|e| anyhow::anyhow!(crate::ui::i18n::store_error(lang, &e)))?;
    writeln!(out, "{}", fill(&t.imported, &[("n", &n)]))?;
    show_calendar(store, lang, out)
}

pub fn show_calendar(store: &Store, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    let t = &texts(lang).admin;
    let calendar = calendar_days::load_calendar(store.conn())
        .map_err(|e| anyhow::anyhow!(crate::ui::i18n::store_error(lang, &e)))?;
    let years: Vec<String> = calendar.years_covered().iter().map(|y| y.to_string()).collect();
    writeln!(out, "{}", fill(&t.years_covered, &[("years", &years.join(", "))]))?;
    Ok(())
}

pub fn show_sla(store: &Store, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    let tx = texts(lang);
    let rules =
        calendar_days::sla_rules(store.conn()).map_err(|e| anyhow::anyhow!(crate::ui::i18n::store_error(lang, &e)))?;
    for (kind, days) in rules {
        let name = if kind == "urgent" {
            crate::ui::i18n::label(&tx.priority, "urgent")
        } else {
            crate::ui::i18n::label(&tx.kind, &kind)
        };
        let shown = if name == kind {
            kind.clone()
        } else {
            format!("{name} ({kind})")
        };
        writeln!(out, "{}", fill(&tx.admin.sla_line, &[("kind", &shown), ("n", &days)]))?;
    }
    Ok(())
}

pub fn set_sla(store: &mut Store, kind: &str, days: u32, lang: Lang, out: &mut impl Write) -> anyhow::Result<()> {
    const KINDS: [&str; 5] = ["urgent", "consultation", "help", "complaint", "suggestion"];
    let t = &texts(lang).admin;
    if !KINDS.contains(&kind) {
        anyhow::bail!(fill(&t.bad_kind, &[("kind", &kind), ("kinds", &KINDS.join(", "))]));
    }
    calendar_days::set_sla_rule(store, kind, days)
        .map_err(|e| anyhow::anyhow!(crate::ui::i18n::store_error(lang, &e)))?;
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
