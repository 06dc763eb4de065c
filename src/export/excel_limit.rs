//! Excel's own limits, said as such (README "Exports"): a workbook that
//! cannot hold what it is given fails with a sentence the clerk can act on
//! (export CSV instead), not rust_xlsxwriter's English.

use rust_xlsxwriter::XlsxError;
use std::io;

/// A limit of the .xlsx format that a table went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcelLimit {
    /// One cell holds at most 32,767 characters.
    CellText,
    /// A worksheet holds at most 1,048,576 rows and 16,384 columns.
    Rows,
}

impl std::fmt::Display for ExcelLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ExcelLimit::CellText => "a cell over Excel's 32,767 characters",
            ExcelLimit::Rows => "a sheet over Excel's 1,048,576 rows",
        })
    }
}

impl std::error::Error for ExcelLimit {}

/// rust_xlsxwriter's error as a file error: its own I/O errors as they are
/// (a full disk stays a full disk), Excel's limits as [`ExcelLimit`].
pub fn to_io(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        XlsxError::MaxStringLengthExceeded => io::Error::new(io::ErrorKind::InvalidInput, ExcelLimit::CellText),
        XlsxError::RowColumnLimitError => io::Error::new(io::ErrorKind::InvalidInput, ExcelLimit::Rows),
        other => io::Error::other(other.to_string()),
    }
}

/// The limit an error from [`to_io`] went over, if that is what it was.
pub fn limit_of(e: &io::Error) -> Option<ExcelLimit> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<ExcelLimit>())
        .copied()
}
