use std::path::PathBuf;

/// Storage failures the user must understand. The UI turns each variant into
/// a sentence in the user's language (see `text::i18n`); `Display` here is the
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
    /// An internal inconsistency (a hash that cannot be computed, a
    /// backup step SQLite did not finish); the detail is for the log only.
    #[error("{0}")]
    Invalid(String),
    /// A refusal the user can act on, put into words by `text::i18n`.
    #[error("{0:?}")]
    Refused(Refusal),
    #[error("the database is busy (another clerk is writing); try again")]
    Busy,
    #[error("the disk is full; nothing was saved")]
    DiskFull,
    #[error("migration failed: step {step}: {detail}")]
    Migration { step: usize, detail: String },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{path}: {why}; nothing was changed")]
    Unusable { path: PathBuf, why: Unusable },
    #[error("{0} already exists and is not one of minqing's backups; use --force to replace it")]
    Exists(PathBuf),
    #[error("--keep needs a directory: {0} is not one")]
    KeepNeedsDirectory(PathBuf),
    #[error("{0} is in use by another program; everyone must quit minqing first")]
    InUse(PathBuf),
    #[error("{0} failed the integrity check and cannot be restored from")]
    BadBackup(PathBuf),
    #[error("a backup cannot overwrite the database itself ({0})")]
    BackupOverLive(PathBuf),
    #[error("the backup copy failed its check ({0}); the previous backup was kept")]
    CopyFailedCheck(String),
    #[error("file error: {0}")]
    Io(std::io::Error),
    #[error("account: {0}")]
    Account(super::accounts::AccountError),
}

/// What the store refuses for the user to correct (see `StoreError::Refused`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    ResidentIdTaken,
    UnknownVisitKind(String),
    VisitNeedsHousehold,
    VisitInFuture,
    CampaignNeedsName,
    HouseholdsPerGrid,
    MapPositionOutOfRange,
}

impl Refusal {
    /// The key of its sentence in the `[refusal]` tables of assets/i18n.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::ResidentIdTaken => "resident_id_taken",
            Refusal::UnknownVisitKind(_) => "unknown_visit_kind",
            Refusal::VisitNeedsHousehold => "visit_needs_household",
            Refusal::VisitInFuture => "visit_in_future",
            Refusal::CampaignNeedsName => "campaign_needs_name",
            Refusal::HouseholdsPerGrid => "households_per_grid",
            Refusal::MapPositionOutOfRange => "map_position_out_of_range",
        }
    }

    pub const ALL_CODES: [&'static str; 7] = [
        "resident_id_taken",
        "unknown_visit_kind",
        "visit_needs_household",
        "visit_in_future",
        "campaign_needs_name",
        "households_per_grid",
        "map_position_out_of_range",
    ];
}

/// Why a path given as the database is refused before anything touches it
/// (no chmod, no journal switch, no migration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    #[error("is a directory, not a database")]
    Directory,
    #[error("is not a regular file")]
    NotAFile,
    #[error("is not an SQLite database")]
    NotADatabase,
    #[error("is a truncated or damaged database")]
    Damaged,
    #[error("permission denied")]
    PermissionDenied,
}

/// errno values that mean "no room left": ENOSPC, EFBIG (a file-size limit,
/// e.g. RLIMIT_FSIZE or the file system's maximum) and EDQUOT.
pub fn is_disk_full_errno(errno: i32) -> bool {
    matches!(errno, 28 | 27 | 122)
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        if e.raw_os_error().is_some_and(is_disk_full_errno) || e.kind() == std::io::ErrorKind::StorageFull {
            StoreError::DiskFull
        } else {
            StoreError::Io(e)
        }
    }
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

/// SQLite reports a write refused for lack of room as SQLITE_FULL only for
/// ENOSPC; EFBIG (a file-size limit) and EDQUOT come back as a plain I/O
/// error. The connection's last system errno tells them apart.
pub(crate) fn disk_full_or(conn: &rusqlite::Connection, e: StoreError) -> StoreError {
    let io_error = matches!(
        &e,
        StoreError::Sqlite(s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure)
    );
    if !io_error {
        return e;
    }
    // SAFETY: the handle is valid while `conn` lives; sqlite3_system_errno
    // only reads the connection's last error number.
    let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(conn.handle()) };
    if is_disk_full_errno(errno) {
        StoreError::DiskFull
    } else {
        e
    }
}
