//! `minqing lookup QUERY [--db PATH] [--json] [--limit N]`: the lookup
//! without the TUI, for scripts and for checking the search. IDs and phones
//! are always masked here.

use super::{Hit, Index, Searcher};
use crate::domain::ids::{age_on, mask_phone, mask_resident_id};
use crate::text;
use crate::text::i18n::{Lang, fill, label, texts};
use std::io::Write;
use std::path::Path;

/// Loads the index from `db`, searches `query` and prints at most `limit`
/// ranked rows (0: all matches) as a text table (headers in `lang`) or as a
/// JSON array.
pub fn lookup_cli(
    db: &Path,
    query: &str,
    limit: usize,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if !db.exists() {
        let what = db.display().to_string();
        anyhow::bail!(fill(&texts(lang).errors.not_found, &[("what", &what)]));
    }
    // The store's refusal is the message (a directory, not a database, a
    // newer version...), in the user's language.
    let say = |e: crate::store::StoreError| anyhow::anyhow!(crate::text::i18n::store_error(lang, &e));
    let conn = crate::store::open_connection(db).map_err(say)?;
    let index = crate::store::lookup::load_index(&conn).map_err(say)?;
    let limit = if limit == 0 { index.len() } else { limit };
    // Without a login the command line is a user who may not reveal.
    let mut searcher = Searcher::new();
    searcher.set_masked(true);
    let hits = searcher.search(&index, query, limit);
    let today = chrono::Local::now().date_naive();
    if json {
        print_json(&index, &hits, today, out)
    } else {
        print_table(&index, &hits, today, lang, out)
    }
}

fn age(birth: &str, today: chrono::NaiveDate) -> Option<i32> {
    let b = chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").ok()?;
    Some(age_on(b, today))
}

fn print_json(index: &Index, hits: &[Hit], today: chrono::NaiveDate, out: &mut impl Write) -> anyhow::Result<()> {
    let rows: Vec<serde_json::Value> = hits
        .iter()
        .filter_map(|h| {
            let e = index.entry(h.row)?;
            Some(serde_json::json!({
                "person_id": e.person_id,
                "household_id": e.household_id,
                "name": e.name,
                "resident_id": mask_resident_id(e.resident_id),
                "gender": e.gender,
                "age": age(e.birth_date, today),
                "relation": e.relation,
                "address": e.address,
                "village": e.village,
                "grid": e.grid,
                "phone": mask_phone(e.phone),
                "cadre": e.cadre_name,
                // A cadre's work phone is public (README "Accounts and roles").
                "cadre_phone": e.cadre_phone,
                "score": h.score,
                "matched": h.matched,
                "name_highlight": h.name_highlight,
                "address_highlight": h.address_highlight,
            }))
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)?;
    Ok(())
}

fn print_table(
    index: &Index,
    hits: &[Hit],
    today: chrono::NaiveDate,
    lang: Lang,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let t = texts(lang);
    if hits.is_empty() {
        writeln!(out, "{}", t.lookup.no_hits)?;
        return Ok(());
    }
    let c = &t.columns;
    let header = [
        t.lookup.household.as_str(),
        c.name.as_str(),
        t.form.resident_id.as_str(),
        c.age_gender.as_str(),
        c.relation.as_str(),
        c.address.as_str(),
        c.grid.as_str(),
        c.phone.as_str(),
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    let mut last_household = None;
    for h in hits {
        let Some(e) = index.entry(h.row) else {
            continue;
        };
        let gender = label(&t.gender, e.gender);
        let age = age(e.birth_date, today).map_or(String::new(), |a| a.to_string());
        // Rows of one household: the household number only on its first row.
        let household = if last_household == Some(e.household_id) {
            String::new()
        } else {
            e.household_id.to_string()
        };
        last_household = Some(e.household_id);
        let phone = if e.phone.is_empty() { e.household_phone } else { e.phone };
        rows.push(vec![
            household,
            e.name.to_string(),
            mask_resident_id(e.resident_id),
            format!("{age}/{gender}"),
            e.relation.to_string(),
            e.address.to_string(),
            e.grid.to_string(),
            mask_phone(phone),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| text::width(&r[c])).max().unwrap_or(0))
        .collect();
    for r in rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(s, w)| text::fit(s, *w)).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}
