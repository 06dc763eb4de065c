//! Reading a sheet into rows of text cells: `.xlsx`/`.xls` through calamine,
//! `.csv`/`.txt` decoded from UTF-8 (with or without BOM), GBK or GB18030
//! (README "Importing the register").

use calamine::{Data, DataRef, Reader};
use encoding_rs::{Encoding, GB18030, UTF_8};
use std::io::Cursor;
use std::path::Path;

/// One row of the source with its row number as the clerk sees it in Excel
/// (1-based; a CSV record spanning lines is one row).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub number: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Text,
}

/// How every .xlsx, .xlsb and .ods file starts (a zip archive).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// How every .xls, WPS .et and password-protected workbook starts (an OLE2
/// compound file).
const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Kind {
    /// By extension, then by the file's first bytes `head`: a workbook saved
    /// under another name (WPS's .et, a .csv that is really an .xlsx) is
    /// read as a workbook, not as text that has no header.
    pub fn of(path: &Path, head: &[u8]) -> Kind {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "et" | "ett" => Kind::Workbook,
            _ if head.starts_with(ZIP_MAGIC) || head.starts_with(OLE2_MAGIC) => Kind::Workbook,
            _ => Kind::Text,
        }
    }
}

/// Whether `bytes` are an Office- or WPS-encrypted .xlsx: an OLE2 file
/// holding an `EncryptedPackage` stream instead of a zip (an encrypted
/// .xls says so through calamine's error).
fn encrypted(bytes: &[u8]) -> bool {
    const STREAM: &str = "EncryptedPackage";
    let utf16: Vec<u8> = STREAM.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.starts_with(OLE2_MAGIC) && bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
}

/// A workbook calamine could not read: [`ReadError::Encrypted`] when a
/// password is in the way, else its own words.
fn workbook_error(bytes: &[u8], e: calamine::Error) -> ReadError {
    let password = matches!(
        e,
        calamine::Error::Xls(calamine::XlsError::Password) | calamine::Error::Ods(calamine::OdsError::Password)
    );
    if password || encrypted(bytes) {
        ReadError::Encrypted
    } else {
        ReadError::Workbook(e.to_string())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    Io(String),
    /// Not a workbook calamine reads (damaged, or another kind of file);
    /// calamine's own words.
    Workbook(String),
    /// A workbook protected by a password: it must be saved without one.
    Encrypted,
    NoSheet {
        name: String,
        names: Vec<String>,
    },
    Csv(String),
    UnknownEncoding(String),
    /// No row among the first few names the required columns.
    NoHeader,
    /// An .xlsx sheet's cells are not in sheet order (Excel writes them in
    /// order): only the whole-sheet read takes such a sheet.
    OutOfOrder,
}

/// The text encoding a `--encoding` value names; GBK is read with the
/// GB18030 decoder, its superset, so rare characters outside GBK survive.
pub fn encoding_named(name: &str) -> Result<&'static Encoding, ReadError> {
    match name.trim().to_ascii_lowercase().replace(['-', '_'], "").as_str() {
        "gbk" | "gb2312" | "cp936" | "gb18030" => Ok(GB18030),
        "utf8" => Ok(UTF_8),
        _ => Err(ReadError::UnknownEncoding(name.to_string())),
    }
}

/// Rows of a workbook's sheet (`sheet`, or the first) or of delimited
/// text, with the name of the encoding used ("xlsx" for workbooks); the
/// rows of a workbook are as wide as the widest.
pub fn read_bytes(
    bytes: &[u8],
    kind: Kind,
    sheet: Option<&str>,
    encoding: Option<&'static Encoding>,
) -> Result<(Vec<RawRow>, &'static str), ReadError> {
    let mut rows = Vec::new();
    let read = stream_bytes(bytes, kind, sheet, encoding, &mut |row| {
        rows.push(row);
        true
    });
    let enc = match read {
        Ok(enc) => enc,
        // Cells out of sheet order: calamine's whole-sheet range sorts them.
        Err(ReadError::OutOfOrder) => return read_workbook_range(bytes, sheet).map(|rows| (rows, "xlsx")),
        Err(e) => return Err(e),
    };
    if kind == Kind::Workbook {
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        for row in &mut rows {
            row.cells.resize(width, String::new());
        }
    }
    Ok((rows, enc))
}

/// The rows of [`read_bytes`] handed to `emit` one by one as they are
/// read, so a large sheet can be checked while it is still being read
/// (README "Performance"); `emit` returning false stops the read. Rows of
/// an .xlsx sheet keep their own width (a row ends at its last value; a
/// gap row has no cells), and [`ReadError::OutOfOrder`] says its cells are
/// not in sheet order, which only [`read_bytes`] sorts out.
pub fn stream_bytes(
    bytes: &[u8],
    kind: Kind,
    sheet: Option<&str>,
    encoding: Option<&'static Encoding>,
    emit: &mut dyn FnMut(RawRow) -> bool,
) -> Result<&'static str, ReadError> {
    match kind {
        Kind::Workbook => stream_workbook(bytes, sheet, emit).map(|()| "xlsx"),
        Kind::Text => {
            let (text, enc) = decode(bytes, encoding);
            read_delimited(&text, emit).map(|()| enc.name())
        }
    }
}

/// UTF-8 when it is valid UTF-8 (a BOM is dropped), else the detector's
/// guess, where anything Chinese reads as GB18030.
pub fn decode<'b>(
    bytes: &'b [u8],
    forced: Option<&'static Encoding>,
) -> (std::borrow::Cow<'b, str>, &'static Encoding) {
    let enc = forced.unwrap_or_else(|| detect(bytes));
    let body = if enc == UTF_8 {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    // Valid UTF-8 is read in place, without a copy.
    let (text, _) = enc.decode_without_bom_handling(body);
    (text, enc)
}

pub(crate) fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // The detector names GBK; read it as its superset. Registers from a
    // Chinese office are GB-family whenever they are not UTF-8.
    if guess == encoding_rs::GBK || guess == GB18030 || guess == UTF_8 {
        GB18030
    } else {
        guess
    }
}

fn read_delimited(text: &str, emit: &mut dyn FnMut(RawRow) -> bool) -> Result<(), ReadError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                number += 1;
                let row = RawRow {
                    number,
                    cells: record.iter().map(|c| c.trim().to_string()).collect(),
                };
                if !emit(row) {
                    return Ok(());
                }
            }
            Err(e) => return Err(ReadError::Csv(e.to_string())),
        }
    }
}

/// Tab-separated `.txt` exports are as common as commas.
fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(10).collect();
    let tabs = head.matches('\t').count();
    let commas = head.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

fn stream_workbook(bytes: &[u8], sheet: Option<&str>, emit: &mut dyn FnMut(RawRow) -> bool) -> Result<(), ReadError> {
    // An .xlsx streams its cells (README "Performance": the whole-sheet
    // range with a String per cell was half of an XLSX import); .xls, .xlsb
    // and .ods go through the whole-sheet reader.
    if let Ok(mut book) = calamine::Xlsx::new(Cursor::new(bytes)) {
        let names = book.sheet_names();
        let name = match sheet {
            Some(name) if !names.iter().any(|n| n == name) => {
                return Err(ReadError::NoSheet {
                    name: name.to_string(),
                    names,
                });
            }
            Some(name) => name.to_string(),
            None => match names.first() {
                Some(n) => n.clone(),
                None => return Ok(()),
            },
        };
        return stream_xlsx_sheet(&mut book, &name, emit);
    }
    for row in read_workbook_range(bytes, sheet)? {
        if !emit(row) {
            break;
        }
    }
    Ok(())
}

/// Any workbook calamine reads, through its whole-sheet range.
fn read_workbook_range(bytes: &[u8], sheet: Option<&str>) -> Result<Vec<RawRow>, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| workbook_error(bytes, e))?;
    let names = book.sheet_names();
    let range = match sheet {
        Some(name) => {
            if !names.iter().any(|n| n == name) {
                return Err(ReadError::NoSheet {
                    name: name.to_string(),
                    names,
                });
            }
            book.worksheet_range(name)
        }
        None => match book.worksheet_range_at(0) {
            Some(r) => r,
            None => return Ok(Vec::new()),
        },
    }
    .map_err(|e| workbook_error(bytes, e))?;
    let first = range.start().map_or(0, |(r, _)| r as usize);
    let lead = range.start().map_or(0, |(_, c)| c as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); lead];
            cells.extend(row.iter().map(cell_text));
            RawRow {
                number: first + i + 1,
                cells,
            }
        })
        .collect())
}

/// The rows of one .xlsx sheet, cell by cell from its XML, without a
/// copy of every shared string: from the first to the last row holding a
/// value, as calamine's whole-sheet range has them (empty cells as "").
fn stream_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    emit: &mut dyn FnMut(RawRow) -> bool,
) -> Result<(), ReadError> {
    let bad = |e: calamine::XlsxError| ReadError::Workbook(e.to_string());
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(bad(e)),
    };
    let mut current: Option<RawRow> = None;
    while let Some(cell) = reader.next_cell().map_err(bad)? {
        let (row, col) = cell.get_position();
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => s.trim().to_string(),
            DataRef::String(s) => s.trim().to_string(),
            other => cell_text(&Data::from(other.clone())),
        };
        let number = row as usize + 1;
        match current.as_ref().map(|r| r.number) {
            Some(n) if n == number => {}
            Some(n) if n > number => return Err(ReadError::OutOfOrder),
            open => {
                if let Some(done) = current.take()
                    && !emit(done)
                {
                    return Ok(());
                }
                // Rows without a value between two that have one.
                for gap in open.map_or(number, |n| n + 1)..number {
                    if !emit(RawRow {
                        number: gap,
                        cells: Vec::new(),
                    }) {
                        return Ok(());
                    }
                }
                current = Some(RawRow {
                    number,
                    cells: Vec::new(),
                });
            }
        }
        let cells = &mut current.as_mut().expect("a row is open").cells;
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        // A later duplicate wins, as in calamine.
        cells[col] = text;
    }
    if let Some(done) = current {
        emit(done);
    }
    Ok(())
}

/// Cell text as the clerk typed it: whole numbers without ".0" (IDs and
/// phones saved as numbers), dates as YYYY-MM-DD.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Excel's serial day number (1900 system) as YYYY-MM-DD.
fn excel_date(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return serial.to_string();
    }
    (base + chrono::Duration::days(serial.floor() as i64))
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_known_by_its_first_bytes_as_well_as_its_name() {
        let zip = b"PK\x03\x04rest";
        let ole2 = [OLE2_MAGIC, b"rest"].concat();
        assert_eq!(Kind::of(Path::new("户籍.XLSX"), b"anything"), Kind::Workbook);
        assert_eq!(Kind::of(Path::new("户籍.et"), b"anything"), Kind::Workbook);
        assert_eq!(Kind::of(Path::new("户籍.csv"), zip), Kind::Workbook);
        assert_eq!(Kind::of(Path::new("户籍.txt"), &ole2), Kind::Workbook);
        assert_eq!(Kind::of(Path::new("户籍"), zip), Kind::Workbook);
        assert_eq!(
            Kind::of(Path::new("户籍.csv"), "姓名,身份证号\n".as_bytes()),
            Kind::Text
        );
        assert_eq!(Kind::of(Path::new("户籍.csv"), b"PK,\n"), Kind::Text);
    }

    #[test]
    fn an_encrypted_workbook_is_an_ole2_file_with_an_encrypted_package() {
        let stream: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let locked = [OLE2_MAGIC, &[0; 100], &stream].concat();
        assert!(encrypted(&locked));
        // An .xls (OLE2 without that stream), a zip holding the name, text.
        assert!(!encrypted(&[OLE2_MAGIC, &[0; 100], b"Workbook"].concat()));
        assert!(!encrypted(&[b"PK\x03\x04".as_slice(), &stream].concat()));
        assert!(!encrypted(b"EncryptedPackage"));
    }

    #[test]
    fn bom_is_dropped_and_utf8_detected() {
        let (rows, enc) = read_bytes("\u{feff}姓名,性别\n张三,男\n".as_bytes(), Kind::Text, None, None).unwrap();
        assert_eq!(enc, "UTF-8");
        assert_eq!(rows[0].cells, ["姓名", "性别"]);
        assert_eq!(rows[1].number, 2);
    }

    #[test]
    fn gbk_is_detected() {
        let text = "填报单位：青山镇人民政府\n姓名,性别,现住址\n张三,男,青山村三组十二号\n李四,女,青山村三组十三号\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let (rows, enc) = read_bytes(&bytes, Kind::Text, None, None).unwrap();
        assert_eq!(enc, "gb18030");
        assert_eq!(rows[2].cells, ["张三", "男", "青山村三组十二号"]);
    }

    #[test]
    fn tabs_and_ragged_rows() {
        let (rows, _) = read_bytes(b"a\tb\tc\n1\t2\n", Kind::Text, None, None).unwrap();
        assert_eq!(rows[1].cells, ["1", "2"]);
    }

    #[test]
    fn encoding_names() {
        assert_eq!(encoding_named("GBK").unwrap(), GB18030);
        assert_eq!(encoding_named("utf-8").unwrap(), UTF_8);
        assert!(encoding_named("latin1").is_err());
    }

    /// The streamed .xlsx rows are those of calamine's whole-sheet range:
    /// a title off the first column, a gap row, numbers, dates, booleans,
    /// padded text and a ragged last row.
    #[test]
    fn streamed_xlsx_rows_equal_the_range_reader() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_string(1, 2, "户籍人口登记表").unwrap();
        for (c, h) in ["姓名", "公民身份号码", "联系电话", "出生日期", "党员"]
            .iter()
            .enumerate()
        {
            sheet.write_string(3, c as u16, *h).unwrap();
        }
        sheet.write_string(4, 0, " 张三 ").unwrap();
        sheet.write_string(4, 1, "330602198001011234").unwrap();
        sheet.write_number(4, 2, 13812348000.0).unwrap();
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1).unwrap();
        sheet.write_datetime_with_format(4, 3, &day, &date).unwrap();
        sheet.write_boolean(4, 4, true).unwrap();
        sheet.write_string(6, 0, "李四").unwrap();
        sheet.write_number(6, 6, 1.5).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let read = |sheet| read_bytes(&bytes, Kind::Workbook, sheet, None).map(|(rows, _)| rows);
        let streamed = read(None).unwrap();
        assert_eq!(streamed, read_workbook_range(&bytes, None).unwrap());
        assert_eq!(streamed[0].number, 2);
        assert_eq!(
            streamed[3].cells[..5],
            ["张三", "330602198001011234", "13812348000", "1980-01-01", "是"]
        );
        assert!(streamed.iter().all(|r| r.cells.len() == 7));
        let sheet1 = read(Some("Sheet1")).unwrap();
        assert_eq!(sheet1, streamed);
        assert!(matches!(read(Some("无")), Err(ReadError::NoSheet { .. })));
    }

    /// Streamed, an .xlsx row ends at its last value and a row without
    /// values between two that have some comes empty; read whole, every
    /// row is as wide as the widest. `emit` saying false ends the read.
    #[test]
    fn streamed_xlsx_rows_are_ragged_and_gaps_empty() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "标题").unwrap();
        sheet.write_string(2, 0, "a").unwrap();
        sheet.write_string(2, 3, "d").unwrap();
        sheet.write_string(3, 1, "b").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let row = |number, cells: &[&str]| RawRow {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        let mut rows = Vec::new();
        let enc = stream_bytes(&bytes, Kind::Workbook, None, None, &mut |r| {
            rows.push(r);
            true
        });
        assert_eq!(enc, Ok("xlsx"));
        assert_eq!(
            rows,
            [
                row(1, &["标题"]),
                row(2, &[]),
                row(3, &["a", "", "", "d"]),
                row(4, &["", "b"])
            ]
        );
        let (whole, _) = read_bytes(&bytes, Kind::Workbook, None, None).unwrap();
        assert!(whole.iter().all(|r| r.cells.len() == 4), "{whole:?}");
        assert_eq!(whole[2].cells, ["a", "", "", "d"]);
        let mut seen = 0;
        stream_bytes(&bytes, Kind::Workbook, None, None, &mut |_| {
            seen += 1;
            seen < 2
        })
        .unwrap();
        assert_eq!(seen, 2);
    }

    #[test]
    fn numbers_and_dates_from_cells() {
        assert_eq!(cell_text(&Data::Float(13812348000.0)), "13812348000");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(excel_date(29221.0), "1980-01-01");
    }
}
