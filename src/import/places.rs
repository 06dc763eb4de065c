//! `minqing import places FILE`: villages, groups, grids and their cadres
//! from a sheet, one line per group or grid (README "Importing the register").

use super::columns::{Field, normalise_header};
use super::register::{parse_group, parse_phone};
use crate::store::import::PlaceLine;

/// Headers of a places sheet. Reuses [`Field`]: the cadre's name comes in
/// `Name`, their title in `Relation` (职务) and phone in `Phone`.
pub fn field_of(header: &str) -> Option<Field> {
    let h = normalise_header(header);
    Some(match h.as_str() {
        "村(社区)" | "所属村" | "所属村(社区)" | "村" | "村名" | "社区" | "村(社区)名称" => {
            Field::Village
        }
        "村民小组" | "组" | "小组" => Field::Group,
        "网格" | "网格名称" | "所属网格" => Field::Grid,
        "网格员" | "干部" | "干部姓名" | "网格员姓名" | "姓名" | "负责人" => Field::Name,
        "联系电话" | "电话" | "手机号码" | "手机号" | "联系手机" => Field::Phone,
        "职务" => Field::Relation,
        _ => return None,
    })
}

/// One validated line per sheet row, or the rows' problems as
/// (row number, what is wrong) in the user's language.
pub fn lines(
    table: &super::columns::Table,
    lang: crate::text::i18n::Lang,
) -> Result<Vec<PlaceLine>, Vec<(usize, String)>> {
    let m = super::texts::t(lang);
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for row in &table.rows {
        let village = table.get(row, Field::Village).to_string();
        if village.is_empty() {
            bad.push((row.number, m.no_village.clone()));
            continue;
        }
        let group_text = table.get(row, Field::Group);
        let group = if group_text.is_empty() {
            None
        } else {
            match parse_group(group_text) {
                Some(n) => Some(n),
                None => {
                    bad.push((
                        row.number,
                        crate::text::i18n::fill(&m.bad_group, &[("group", &group_text)]),
                    ));
                    continue;
                }
            }
        };
        let grid = Some(table.get(row, Field::Grid).to_string()).filter(|g| !g.is_empty());
        let name = table.get(row, Field::Name);
        let phone_text = table.get(row, Field::Phone);
        let phone = if phone_text.is_empty() {
            None
        } else {
            match parse_phone(phone_text) {
                Some(p) => Some(p),
                None => {
                    bad.push((
                        row.number,
                        crate::text::i18n::fill(&m.bad_phone, &[("phone", &phone_text)]),
                    ));
                    continue;
                }
            }
        };
        let title = table.get(row, Field::Relation);
        let title = if title.is_empty() { "网格员" } else { title };
        let cadre = (!name.is_empty() && grid.is_some()).then(|| (name.to_string(), phone, title.to_string()));
        out.push(PlaceLine {
            village,
            group,
            grid,
            cadre,
        });
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}
