//! Reading a sheet on a thread of its own (README "Performance"): rows are
//! handed over in chunks while the header is found and, for a large
//! sheet, while the rows read so far are checked and written
//! ([`super::pipeline::read_check_and_write`]).

use super::columns::{Field, HEADER_SEARCH_ROWS, Table};
use super::pipeline::{Chunk, MIN_ROWS, Reading};
use super::read::{self, Kind, RawRow, ReadError};
use encoding_rs::Encoding;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::Scope;

/// Rows per chunk handed over.
const CHUNK_ROWS: usize = 1_000;

/// Chunks read ahead of the check: bounds the rows waiting in memory.
const QUEUE: usize = 16;

/// Bytes of the file per row, to guess a sheet's rows from its size: few
/// register rows take fewer, in a CSV or zipped in an .xlsx. Room reserved
/// for rows that never come is never touched: it costs address space, not
/// memory.
const MIN_ROW_BYTES: usize = 32;

/// The sheet being read on a thread of `scope`: its chunks, the rows read
/// so far, and the encoding's name ("xlsx" for workbooks).
pub struct Started {
    rows: Receiver<Chunk>,
    read: Arc<AtomicUsize>,
    rows_hint: usize,
    pub encoding: &'static str,
}

/// Starts reading `bytes` (see [`read::stream_bytes`]) on a thread of
/// `scope`. Text is decoded as `encoding` or, without one, as detected.
pub fn start<'scope>(
    scope: &'scope Scope<'scope, '_>,
    bytes: &'scope [u8],
    kind: Kind,
    sheet: Option<&'scope str>,
    encoding: Option<&'static Encoding>,
) -> Started {
    let (encoding, name) = match kind {
        Kind::Workbook => (None, "xlsx"),
        Kind::Text => {
            let e = encoding.unwrap_or_else(|| read::detect(bytes));
            (Some(e), e.name())
        }
    };
    let (send, rows) = sync_channel::<Chunk>(QUEUE);
    let read = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&read);
    let reader = std::thread::Builder::new().name("minqing-read".into());
    let spawned = reader.spawn_scoped(scope, move || {
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        let done = read::stream_bytes(bytes, kind, sheet, encoding, &mut |row| {
            chunk.push(row);
            if chunk.len() < CHUNK_ROWS {
                return true;
            }
            count.fetch_add(CHUNK_ROWS, Ordering::Relaxed);
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS));
            // The receiver gone: the import stopped, so does the read.
            send.send(Ok(full)).is_ok()
        });
        count.fetch_add(chunk.len(), Ordering::Relaxed);
        let last = match done {
            Ok(_) if chunk.is_empty() => return,
            Ok(_) => Ok(chunk),
            Err(e) => Err(e),
        };
        let _ = send.send(last);
    });
    // As `std::thread::spawn`, a thread the system refuses is a panic.
    spawned.expect("a thread to read the sheet on");
    Started {
        rows,
        read,
        rows_hint: bytes.len() / MIN_ROW_BYTES,
        encoding: name,
    }
}

/// The start of a sheet: its header, and either the whole sheet (read to
/// its end: a small one) or a large one still being read.
pub enum Head {
    Whole(Table),
    Reading(Reading),
}

/// Takes rows from `started` until the header is found among the first
/// [`HEADER_SEARCH_ROWS`] and the sheet is known to be small (it ended) or
/// large (more than [`MIN_ROWS`] rows came).
pub fn head(started: Started, required: &[Field], field_of: impl Fn(&str) -> Option<Field>) -> Result<Head, ReadError> {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut ended = true;
    for chunk in started.rows.iter() {
        rows.extend(chunk?);
        if rows.len() > HEADER_SEARCH_ROWS + MIN_ROWS {
            ended = false;
            break;
        }
    }
    let table = Table::find(rows, required, field_of).ok_or(ReadError::NoHeader)?;
    Ok(if ended {
        Head::Whole(table)
    } else {
        Head::Reading(Reading {
            table,
            rest: started.rows,
            read: started.read,
            rows_hint: started.rows_hint,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::field_of;

    fn csv(rows: usize) -> Vec<u8> {
        let mut text = String::from("户籍人口登记表\n姓名,公民身份号码\n");
        for i in 0..rows {
            text.push_str(&format!("居民{i},33062119800101{i:04}\n"));
        }
        text.into_bytes()
    }

    fn head_of(bytes: &[u8]) -> Result<Head, ReadError> {
        std::thread::scope(|s| {
            let started = start(s, bytes, Kind::Text, None, None);
            assert_eq!(started.encoding, "UTF-8");
            head(started, &[Field::Name, Field::ResidentId], field_of)
        })
    }

    /// A sheet of up to the pipeline's threshold is read whole; a larger
    /// one is handed on still being read, its rows all there in the end.
    #[test]
    fn small_sheets_are_read_whole_and_large_ones_streamed() {
        let Ok(Head::Whole(table)) = head_of(&csv(MIN_ROWS)) else {
            panic!("a small sheet is read whole")
        };
        assert_eq!(table.rows.len(), MIN_ROWS);
        assert_eq!(table.header_row, 2);
        let bytes = csv(3 * MIN_ROWS);
        std::thread::scope(|s| {
            let started = start(s, &bytes, Kind::Text, None, None);
            let Ok(Head::Reading(reading)) = head(started, &[Field::Name, Field::ResidentId], field_of) else {
                panic!("a large sheet is streamed")
            };
            assert!(reading.table.rows.len() > MIN_ROWS);
            let mut rows = reading.table.rows;
            for chunk in reading.rest.iter() {
                rows.extend(chunk.unwrap());
            }
            assert_eq!(rows.len(), 3 * MIN_ROWS);
            assert_eq!(rows.last().unwrap().number, 3 * MIN_ROWS + 2);
            assert_eq!(reading.read.load(Ordering::Relaxed), 3 * MIN_ROWS + 2);
        });
    }

    #[test]
    fn a_sheet_without_its_columns_has_no_header() {
        assert!(matches!(head_of(b"a,b\n1,2\n"), Err(ReadError::NoHeader)));
    }
}
