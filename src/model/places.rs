//! Grids and the cadres who hold them.

#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub id: i64,
    pub name: String,
    pub village: String,
    pub cadre: Option<String>,
    /// The grid's own cadre (网格员), who gets its requests by default.
    pub cadre_id: Option<i64>,
    pub cadre_phone: Option<String>,
    pub households: i64,
    pub persons: i64,
    pub open_requests: i64,
    pub map_row: i64,
    pub map_col: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CadreRow {
    pub id: i64,
    pub name: String,
    pub title: String,
    /// Leader, cadre or clerk (never an administrator: `cadres.role`).
    pub role: crate::domain::request::Role,
    pub phone: Option<String>,
    pub grids: Vec<String>,
    pub households: i64,
    pub visited_this_year: i64,
    pub open_requests: i64,
    pub overdue_requests: i64,
}
