//! Finding the header row and mapping columns by name, with the synonyms
//! county registers use (README "Importing the register").

use super::read::RawRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    ResidentId,
    Gender,
    BirthDate,
    Relation,
    HouseholdNo,
    HeadName,
    HeadId,
    Phone,
    Village,
    Group,
    HouseNo,
    Address,
    Grid,
    Status,
    /// A yes/no column that sets one household tag.
    Flag(&'static str),
    Tags,
    /// Columns of our own error report, read back without complaint.
    ReportColumn,
    /// A column a saved mapping says to skip (not listed as unmapped).
    Ignored,
}

/// The names of fields in a column mapping (`--column 户口号=household_no`).
const FIELD_CODES: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("resident_id", Field::ResidentId),
    ("gender", Field::Gender),
    ("birth_date", Field::BirthDate),
    ("relation", Field::Relation),
    ("household_no", Field::HouseholdNo),
    ("head_name", Field::HeadName),
    ("head_id", Field::HeadId),
    ("phone", Field::Phone),
    ("village", Field::Village),
    ("group", Field::Group),
    ("house_no", Field::HouseNo),
    ("address", Field::Address),
    ("grid", Field::Grid),
    ("status", Field::Status),
    ("tags", Field::Tags),
    ("ignore", Field::Ignored),
];

/// Household tags a yes/no column may set (`flag:低保`).
const FLAG_TAGS: &[&str] = &["低保", "五保", "独居老人", "留守儿童", "残疾", "党员户", "军属"];

impl Field {
    /// The field named `code` in a column mapping: one of [`Field::codes`].
    pub fn from_code(code: &str) -> Option<Field> {
        let code = code.trim();
        if let Some(tag) = code.strip_prefix("flag:") {
            return FLAG_TAGS.iter().find(|t| **t == tag).map(|t| Field::Flag(t));
        }
        FIELD_CODES.iter().find(|(c, _)| *c == code).map(|&(_, f)| f)
    }

    /// The name of this field in a mapping (`None` for our report's columns).
    pub fn code(self) -> Option<String> {
        match self {
            Field::Flag(tag) => Some(format!("flag:{tag}")),
            f => FIELD_CODES.iter().find(|(_, g)| *g == f).map(|(c, _)| c.to_string()),
        }
    }

    /// Every name a mapping may use.
    pub fn codes() -> Vec<String> {
        FIELD_CODES
            .iter()
            .map(|(c, _)| c.to_string())
            .chain(FLAG_TAGS.iter().map(|t| format!("flag:{t}")))
            .collect()
    }
}

/// Columns mapped by hand (a saved mapping or `--column`): header text →
/// field, before the synonyms. Headers compare after [`normalise_header`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    pub columns: Vec<(String, Field)>,
}

impl Mapping {
    /// Parses `HEADER=field` pairs; the first bad pair is returned.
    pub fn parse<S: AsRef<str>>(pairs: &[(S, S)]) -> Result<Mapping, (String, String)> {
        let mut columns = Vec::new();
        for (h, f) in pairs {
            let (h, f) = (h.as_ref(), f.as_ref());
            let field = Field::from_code(f).ok_or_else(|| (h.to_string(), f.to_string()))?;
            columns.push((normalise_header(h), field));
        }
        Ok(Mapping { columns })
    }

    /// This mapping with `other`'s columns over it (`other` wins).
    pub fn with(mut self, other: &Mapping) -> Mapping {
        for (h, f) in &other.columns {
            if let Some(c) = self.columns.iter_mut().find(|(g, _)| g == h) {
                c.1 = *f;
            } else {
                self.columns.push((h.clone(), *f));
            }
        }
        self
    }

    /// The field of `header`: the mapping's, else the synonyms'.
    pub fn field(&self, header: &str, synonyms: fn(&str) -> Option<Field>) -> Option<Field> {
        let h = normalise_header(header);
        self.columns
            .iter()
            .find(|(g, _)| *g == h)
            .map(|&(_, f)| f)
            .or_else(|| synonyms(header))
    }
}

/// Header text → field. Headers are compared after [`normalise_header`].
const SYNONYMS: &[(&str, Field)] = &[
    ("姓名", Field::Name),
    ("人员姓名", Field::Name),
    ("公民身份号码", Field::ResidentId),
    ("身份证号码", Field::ResidentId),
    ("身份证号", Field::ResidentId),
    ("身份证", Field::ResidentId),
    ("居民身份证号码", Field::ResidentId),
    ("性别", Field::Gender),
    ("出生日期", Field::BirthDate),
    ("出生年月", Field::BirthDate),
    ("与户主关系", Field::Relation),
    ("关系", Field::Relation),
    ("户号", Field::HouseholdNo),
    ("户编号", Field::HouseholdNo),
    ("户主姓名", Field::HeadName),
    ("户主身份证号", Field::HeadId),
    ("户主身份证号码", Field::HeadId),
    ("户主公民身份号码", Field::HeadId),
    ("联系电话", Field::Phone),
    ("联系手机", Field::Phone),
    ("手机号码", Field::Phone),
    ("手机号", Field::Phone),
    ("电话", Field::Phone),
    ("村(社区)", Field::Village),
    ("所属村", Field::Village),
    ("所属村(社区)", Field::Village),
    ("村", Field::Village),
    ("村名", Field::Village),
    ("社区", Field::Village),
    ("村民小组", Field::Group),
    ("组", Field::Group),
    ("小组", Field::Group),
    ("所属组", Field::Group),
    ("门牌号", Field::HouseNo),
    ("现住址", Field::Address),
    ("户籍详址", Field::Address),
    ("住址", Field::Address),
    ("家庭住址", Field::Address),
    ("所属网格", Field::Grid),
    ("网格", Field::Grid),
    ("人户状态", Field::Status),
    ("人员状态", Field::Status),
    ("是否外出", Field::Status),
    ("低保户", Field::Flag("低保")),
    ("低保", Field::Flag("低保")),
    ("五保", Field::Flag("五保")),
    ("五保户", Field::Flag("五保")),
    ("残疾", Field::Flag("残疾")),
    ("残疾人", Field::Flag("残疾")),
    ("党员", Field::Flag("党员户")),
    ("党员户", Field::Flag("党员户")),
    ("军属", Field::Flag("军属")),
    ("标签", Field::Tags),
    ("错误原因", Field::ReportColumn),
    ("原行号", Field::ReportColumn),
];

/// Spaces, line breaks, required-field stars and full-width brackets are
/// how the same header differs between county templates.
pub fn normalise_header(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

pub fn field_of(header: &str) -> Option<Field> {
    let h = normalise_header(header);
    SYNONYMS.iter().find(|(name, _)| *name == h).map(|&(_, f)| f)
}

/// Whether a row below the header holds anything (blank rows are skipped).
pub fn is_data(row: &RawRow) -> bool {
    row.cells.iter().any(|c| !c.trim().is_empty())
}

/// A sheet with its header found: data rows follow the header.
#[derive(Debug, Clone)]
pub struct Table {
    /// Row number of the header row in the file.
    pub header_row: usize,
    pub headers: Vec<String>,
    /// Column index of each mapped field (the first such column wins).
    pub columns: Vec<(Field, usize)>,
    /// Headers no field takes: listed to the clerk, never silently dropped.
    pub unmapped: Vec<String>,
    pub rows: Vec<RawRow>,
}

/// How many leading rows may hold titles and 填报单位 lines.
pub const HEADER_SEARCH_ROWS: usize = 15;

impl Table {
    /// Takes the row among the first [`HEADER_SEARCH_ROWS`] that names the
    /// most known columns (at least `required`, all present) as the header.
    pub fn find(rows: Vec<RawRow>, required: &[Field], field_of: impl Fn(&str) -> Option<Field>) -> Option<Table> {
        let mut best: Option<(usize, usize)> = None; // (index, score)
        for (i, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            let fields: Vec<Field> = row
                .cells
                .iter()
                .filter_map(|c| field_of(c))
                .filter(|f| *f != Field::Ignored)
                .collect();
            if !required.iter().all(|f| fields.contains(f)) {
                continue;
            }
            let mut distinct = fields.clone();
            distinct.sort();
            distinct.dedup();
            if best.is_none_or(|(_, s)| distinct.len() > s) {
                best = Some((i, distinct.len()));
            }
        }
        let (index, _) = best?;
        let mut rows = rows;
        let data = rows.split_off(index + 1);
        let header = rows.pop()?;
        let mut columns: Vec<(Field, usize)> = Vec::new();
        let mut unmapped = Vec::new();
        for (i, h) in header.cells.iter().enumerate() {
            match field_of(h) {
                Some(Field::Ignored) => {}
                Some(f) if !columns.iter().any(|(g, _)| *g == f) => columns.push((f, i)),
                Some(_) => unmapped.push(h.clone()),
                None if h.trim().is_empty() => {}
                None => unmapped.push(h.clone()),
            }
        }
        Some(Table {
            header_row: header.number,
            headers: header.cells,
            columns,
            unmapped,
            rows: data.into_iter().filter(is_data).collect(),
        })
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().find(|(f, _)| *f == field).map(|&(_, i)| i)
    }

    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }

    /// The trimmed cell of `field` in `row`, "" when absent.
    pub fn get<'a>(&self, row: &'a RawRow, field: Field) -> &'a str {
        self.column(field)
            .and_then(|i| row.cells.get(i))
            .map_or("", |s| s.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: usize, cells: &[&str]) -> RawRow {
        RawRow {
            number,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn header_under_a_title_and_unit_line() {
        let rows = vec![
            row(1, &["户籍人口登记表"]),
            row(2, &["填报单位：青山镇", "", "填报日期：2026-11-01"]),
            row(3, &[]),
            row(4, &["序号", "姓 名", "公民身份号码", "所属村（社区）", "民族", "备注"]),
            row(5, &["1", "张三", "11010519491231002X", "青山村", "汉", ""]),
            row(6, &["", "", "", "", "", ""]),
        ];
        let t = Table::find(rows, &[Field::Name], field_of).unwrap();
        assert_eq!(t.header_row, 4);
        assert_eq!(t.column(Field::Name), Some(1));
        assert_eq!(t.column(Field::Village), Some(3));
        assert_eq!(t.unmapped, ["序号", "民族", "备注"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.get(&t.rows[0], Field::ResidentId), "11010519491231002X");
    }

    #[test]
    fn no_header_without_the_required_columns() {
        let rows = vec![row(1, &["名称", "数量"]), row(2, &["a", "1"])];
        assert!(Table::find(rows, &[Field::Name], field_of).is_none());
    }
}
