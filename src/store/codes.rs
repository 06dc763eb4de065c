//! Code columns (status, kind, level) read straight into the read models
//! enums; an unknown code is a read error rather than a guess.

use crate::domain::request::{Level, Status};
use crate::model::assessment::VisitKind;
use crate::model::meetings::{EvalKind, MeetingKind, MeetingStatus, TopicStatus};
use crate::model::setup::VillageKind;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};

macro_rules! code_columns {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                <$t>::parse(s).ok_or_else(|| FromSqlError::Other(format!("unknown code {s:?}").into()))
            }
        }
    )*};
}
code_columns!(
    MeetingKind,
    MeetingStatus,
    EvalKind,
    TopicStatus,
    VillageKind,
    VisitKind,
    Level,
    Status
);
