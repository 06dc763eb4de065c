//! `minqing lookup QUERY [--db PATH] [--json] [--limit N]`: the lookup
//! without the TUI, for scripts and for checking the search. IDs and phones
//! are always masked here.

use super::{Hit, Index, Searcher};
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Loads the index from `db`, searches `query` and prints at most `limit`
/// ranked rows as a text table (Chinese headers, English with `lang_en`) or
/// as a JSON array.
pub fn lookup_cli(
    db: &Path,
    query: &str,
    limit: usize,
    json: bool,
    lang_en: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if !db.exists() {
        anyhow::bail!(if lang_en {
            format!("database {} does not exist", db.display())
        } else {
            format!("数据库 {} 不存在", db.display())
        });
    }
    let conn = crate::store::open_connection(db).with_context(|| format!("opening {}", db.display()))?;
    let index = crate::store::lookup::load_index(&conn)?;
    let hits = Searcher::new().search(&index, query, limit);
    let today = chrono::Local::now().date_naive();
    if json {
        print_json(&index, &hits, today, out)
    } else {
        print_table(&index, &hits, today, lang_en, out)
    }
}

/// Keeps the first 6 and last 4 characters: `110105********002X`.
fn mask_resident_id(id: &str) -> String {
    mask(id, 6, 4)
}

/// Keeps the first 3 and last 4 digits: `138****8000`.
fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

fn mask(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        // Too short to show both ends safely: show only the tail half.
        let keep = chars.len() / 2;
        let hidden = chars.len() - keep;
        return "*".repeat(hidden) + &chars[hidden..].iter().collect::<String>();
    }
    let mut m: String = chars[..head].iter().collect();
    m.push_str(&"*".repeat(chars.len() - head - tail));
    m.extend(&chars[chars.len() - tail..]);
    m
}

fn age(birth: &str, today: chrono::NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    let b = chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").ok()?;
    let mut years = today.year() - b.year();
    if (today.month(), today.day()) < (b.month(), b.day()) {
        years -= 1;
    }
    Some(years)
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
                "cadre_phone": mask_phone(e.cadre_phone),
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

fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn print_table(
    index: &Index,
    hits: &[Hit],
    today: chrono::NaiveDate,
    lang_en: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if hits.is_empty() {
        writeln!(out, "{}", if lang_en { "no match" } else { "无匹配" })?;
        return Ok(());
    }
    let header: [&str; 8] = if lang_en {
        [
            "Household",
            "Name",
            "Resident ID",
            "Age/Sex",
            "Relation",
            "Address",
            "Grid",
            "Phone",
        ]
    } else {
        ["户号", "姓名", "身份证号", "年龄/性别", "关系", "住址", "网格", "电话"]
    };
    let mut rows = vec![header.map(String::from).to_vec()];
    let mut last_household = None;
    for h in hits {
        let Some(e) = index.entry(h.row) else {
            continue;
        };
        let gender = match (e.gender, lang_en) {
            ("M", false) => "男",
            ("F", false) => "女",
            ("M", true) => "M",
            ("F", true) => "F",
            _ => "",
        };
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
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(s, w)| pad(s, *w)).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_resident_id("11010519900101002X"), "110105********002X");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("1234"), "**34");
    }
}
