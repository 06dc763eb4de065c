//! Code columns (status, kind, level) read straight into the read models
//! enums; an unknown code is a read error rather than a guess.

use crate::domain::request::{Level, Role, Status};
use crate::model::assessment::VisitKind;
use crate::model::meetings::{EvalKind, MeetingKind, MeetingStatus, ParticipantRole, TopicStatus};
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
    Status,
    Role,
    ParticipantRole
);

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;
    use strum::IntoEnumIterator;

    fn read<T: FromSql>(conn: &Connection, code: &str) -> rusqlite::Result<T> {
        conn.query_row("SELECT ?1", [code], |r| r.get(0))
    }

    #[test]
    fn roles_and_kinds_read_from_their_codes_and_refuse_unknown_ones() {
        let conn = Connection::open_in_memory().unwrap();
        for role in [Role::Admin, Role::Leader, Role::Clerk, Role::Cadre] {
            assert_eq!(read::<Role>(&conn, role.code()).unwrap(), role);
        }
        for r in ParticipantRole::iter() {
            assert_eq!(read::<ParticipantRole>(&conn, r.code()).unwrap(), r);
        }
        for k in VillageKind::iter() {
            assert_eq!(read::<VillageKind>(&conn, k.code()).unwrap(), k);
        }
        assert!(
            read::<Role>(&conn, "representative").is_err(),
            "a participant's role is no account role"
        );
        assert!(read::<ParticipantRole>(&conn, "leader").is_err());
        assert!(read::<VillageKind>(&conn, "town").is_err());
    }
}
