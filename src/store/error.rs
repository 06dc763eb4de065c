use std::path::PathBuf;

/// Storage failures the user must understand. The UI turns each variant into
/// a sentence in the user's language (see `ui::i18n`); `Display` here is the
/// English form used by the CLI's logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{object} was changed by someone else; reload and try again")]
    Conflict { object: String },
    #[error("the database was written by a newer minqing (schema {found}, this program knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("{path} is on a network share ({fstype}); SQLite WAL needs a local disk")]
    NetworkShare { path: PathBuf, fstype: String },
    #[error("user {0} does not exist in this database")]
    UnknownUser(String),
    #[error("user {0} is disabled")]
    UserDisabled(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the database is busy (another clerk is writing); try again")]
    Busy,
    #[error("the disk is full; nothing was saved")]
    DiskFull,
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("account: {0}")]
    Account(super::accounts::AccountError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}
