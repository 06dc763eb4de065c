//! The register as an `.xlsx` people can open (README "Importing the
//! register"): one row per person, IDs and phones masked unless the user
//! may reveal and asks for full data, real numbers in number cells, a
//! frozen header, and the import's own headers so a sheet can go back in.

use crate::domain::ids::{age_on, mask_phone, mask_resident_id};
use crate::import::texts::t;
use crate::store::Store;
use crate::text::i18n::{Lang, fill};
use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::Path;

/// Column widths in characters; Chinese text is two columns wide.
const WIDTHS: [f64; 13] = [
    10.0, 21.0, 6.0, 12.0, 6.0, 12.0, 14.0, 12.0, 10.0, 16.0, 30.0, 10.0, 16.0,
];

/// The workbook and its number of person rows.
pub fn register_xlsx(
    conn: &Connection,
    full: bool,
    lang: Lang,
    today: NaiveDate,
) -> crate::store::Result<(Vec<u8>, usize)> {
    let mut stmt = conn.prepare(
        "SELECT p.name, p.resident_id, p.gender, p.birth_date, p.relation, p.phone, v.name, vg.number, g.name,
                h.address, p.status, h.tags, h.id
         FROM persons p JOIN households h ON h.id = p.household_id
         JOIN villages v ON v.id = h.village_id JOIN grids g ON g.id = h.grid_id
         LEFT JOIN village_groups vg ON vg.id = h.group_id
         ORDER BY h.village_id, h.group_id, h.id, p.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, i64>(12)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let xlsx = |e: XlsxError| crate::store::StoreError::Io(super::excel_limit::to_io(e));
    let m = t(lang);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for (c, h) in m.export_headers.split('|').enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold).map_err(xlsx)?;
        sheet
            .set_column_width(c as u16, WIDTHS.get(c).copied().unwrap_or(12.0))
            .map_err(xlsx)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    let gender = |g: Option<&str>| match g {
        Some("M") => "男",
        Some("F") => "女",
        _ => "",
    };
    for (i, (name, id, g, birth, relation, phone, village, group, grid, address, status, tags, household)) in
        rows.iter().enumerate()
    {
        let r = i as u32 + 1;
        let id = id
            .as_deref()
            .map(|s| if full { s.to_string() } else { mask_resident_id(s) });
        let phone = phone
            .as_deref()
            .map(|s| if full { s.to_string() } else { mask_phone(s) });
        let age = birth
            .as_deref()
            .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
            .map(|b| age_on(b, today));
        let group = group.map(|n| format!("{n}组"));
        // write_string: text starting with = + - @ stays text, never a formula.
        let texts: [(u16, Option<&str>); 11] = [
            (0, Some(name)),
            (1, id.as_deref()),
            (2, Some(gender(g.as_deref()))),
            (3, birth.as_deref()),
            (5, Some(relation)),
            (6, phone.as_deref()),
            (7, Some(village)),
            (8, group.as_deref()),
            (9, Some(grid)),
            (10, Some(address)),
            (11, Some(status)),
        ];
        for (c, v) in texts {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                sheet.write_string(r, c, v).map_err(xlsx)?;
            }
        }
        if !tags.is_empty() {
            sheet.write_string(r, 12, tags).map_err(xlsx)?;
        }
        // 户号: the household, so a full export re-imports into the same households.
        sheet.write_number(r, 13, *household as f64).map_err(xlsx)?;
        if let Some(age) = age {
            sheet.write_number(r, 4, f64::from(age)).map_err(xlsx)?;
        }
    }
    Ok((book.save_to_buffer().map_err(xlsx)?, rows.len()))
}

/// `minqing export register`: writes the workbook and returns the message
/// naming the full path. A full export needs a user who may reveal and is
/// audited with its row count, as is every export.
pub fn export_register_cli(
    store: &mut Store,
    output: Option<&Path>,
    full: bool,
    lang: Lang,
    today: NaiveDate,
) -> Result<String, String> {
    let opts = super::jobs::Options {
        full,
        output: output.map(Path::to_path_buf),
        ..Default::default()
    };
    export_register(store, &opts, lang, today)
}

/// The register export with every option of [`super::jobs::Options`]
/// (the format is always `.xlsx`: it is the import's own layout).
pub fn export_register(
    store: &mut Store,
    opts: &super::jobs::Options,
    lang: Lang,
    today: NaiveDate,
) -> Result<String, String> {
    let m = t(lang);
    let store_err = |e: crate::store::StoreError| crate::text::i18n::store_error(lang, &e);
    super::jobs::check_full(store, opts.full, "register.export", "register", lang)?;
    let (bytes, rows) = register_xlsx(store.conn(), opts.full, lang, today).map_err(store_err)?;
    let name = format!("register-{}.xlsx", today.format("%Y%m%d"));
    let shown = super::jobs::deliver(store, &bytes, rows, &name, "register.export", "register", opts, lang)?;
    Ok(fill(&m.export_written, &[("n", &rows), ("path", &shown.display())]))
}
