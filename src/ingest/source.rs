//! Opens an input by what it is, not what it is called: zip workbooks (.xlsx .xlsm .xlsb .ods),
//! legacy .xls, CSV/TXT in UTF-8 or GB18030/GBK. Streams each sheet's rows to a sink, cell by
//! cell for .xlsx and .xlsb, so a large sheet never becomes a dense range in memory. An .xlsx is
//! first offered to the fast reader (`super::xlsx`); what it declines is read here by calamine.

use std::cell::Cell;
use std::io::{Read, Seek};
use std::panic::AssertUnwindSafe;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsb, Xlsx};

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
    Csv,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Xlsx => "Excel 工作簿 (.xlsx)",
            Kind::Xlsb => "Excel 二进制工作簿 (.xlsb)",
            Kind::Ods => "OpenDocument 表格 (.ods)",
            Kind::Xls => "Excel 97-2003 工作簿 (.xls)",
            Kind::Csv => "CSV 文本",
        }
    }
}

/// Why the bytes are not a workbook or CSV we can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenProblem {
    Empty,
    Pdf,
    Binary,
    /// A zip that is not a workbook, or a workbook that is damaged (truncated, bad XML).
    Corrupt(String),
    Password,
    /// Declared or actual inflated size past the limits: a zip bomb or not a real export.
    TooLarge {
        entry: String,
        bytes: u64,
    },
    /// An entry inflates past the size its headers declare: a crafted zip, not an export.
    InflatesPastDeclared {
        entry: String,
        declared: u64,
    },
    /// Text in neither UTF-8 nor GB18030.
    Encoding,
    /// The name says workbook (this extension), the bytes say text.
    NotWorkbook(String),
}

/// Limits on what a zip workbook may inflate to. A 1,048,576-row export inflates to about
/// 1 GiB; ten times the data, or a small file that inflates a hundredfold past 256 MiB, is
/// not an export.
const MAX_ENTRY_BYTES: u64 = 4 << 30;
const MAX_TOTAL_BYTES: u64 = 8 << 30;
const SUSPICIOUS_ENTRY_BYTES: u64 = 256 << 20;
const MAX_RATIO: u64 = 100;

thread_local! {
    /// Set while a third-party reader (zip, calamine) runs under `guarded`.
    static IN_READER: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic on this thread happens inside a reader call that `guarded` will turn into
/// an answer: a panic hook stays quiet then. Our own code (the row sink) never counts.
pub fn panic_is_caught() -> bool {
    IN_READER.get()
}

/// Runs a reader call. The readers have bugs on malformed files (calamine 0.38 overflows on a
/// cell reference of seven letters and panics in debug builds, tafia/calamine#709); such a
/// file is damaged, and the user should be told so, not see a crash.
fn guarded<T>(f: impl FnOnce() -> Result<T, OpenProblem>) -> Result<T, OpenProblem> {
    caught(f, |what| {
        OpenProblem::Corrupt(format!("表格读取组件无法解析其内容：{what}"))
    })
}

/// Runs `f`, turning a panic into `on_panic(message)`, with the panic hook kept quiet.
pub(crate) fn caught<T, E>(
    f: impl FnOnce() -> Result<T, E>,
    on_panic: impl FnOnce(String) -> E,
) -> Result<T, E> {
    let was = IN_READER.replace(true);
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    IN_READER.set(was);
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(on_panic(what))
    })
}

/// Calls the sink outside the reader's guard, so that a panic in our own code stays loud.
fn deliver(sink: &mut dyn RowSink, row: u32, cells: &[(u32, DataRef<'_>)]) {
    let was = IN_READER.replace(false);
    sink.row(row, cells);
    IN_READER.set(was);
}

/// Excel's grid: 1,048,576 rows by 16,384 columns (A1:XFD1048576).
pub(crate) const MAX_ROWS: u32 = 1 << 20;
pub(crate) const MAX_COLUMNS: u32 = 1 << 14;

/// A cell outside the grid (a reference such as `AAAAAAAAA1`, which a release build of
/// calamine wraps around) means the sheet is damaged.
fn within_grid(row: u32, col: u32) -> Result<(), OpenProblem> {
    if row < MAX_ROWS && col < MAX_COLUMNS {
        Ok(())
    } else {
        Err(OpenProblem::Corrupt(format!(
            "有单元格位于第 {} 行第 {} 列，超出 Excel 的范围（最多 1048576 行、16384 列）",
            u64::from(row) + 1,
            u64::from(col) + 1
        )))
    }
}

/// What the first bytes say, before any parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Zip,
    Ole,
    Text,
}

/// Decides the container from the first bytes of the file (the extension is only a hint).
///
/// # Errors
/// For empty, PDF or binary files.
pub fn sniff(head: &[u8]) -> Result<Container, OpenProblem> {
    if head.is_empty() {
        return Err(OpenProblem::Empty);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(Container::Zip);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Container::Ole);
    }
    if head.starts_with(b"%PDF") {
        return Err(OpenProblem::Pdf);
    }
    // Excel's "Unicode 文本" is UTF-16 with a byte order mark: NUL bytes, yet text.
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(Container::Text);
    }
    if head.contains(&0) {
        return Err(OpenProblem::Binary);
    }
    Ok(Container::Text)
}

/// An OLE file is a legacy .xls, unless it is an encrypted .xlsx (it then holds EncryptionInfo).
///
/// # Errors
/// For a password-protected workbook.
pub fn ole_kind(bytes: &[u8]) -> Result<Kind, OpenProblem> {
    let marker: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
        return Err(OpenProblem::Password);
    }
    Ok(Kind::Xls)
}

/// Is this zip entry a worksheet's cell data, which calamine streams (and which is charged
/// against its declared size as it streams, see [`Budget`])?
pub fn is_streamed_entry(name: &str) -> bool {
    name.starts_with("xl/worksheets/") && (name.ends_with(".xml") || name.ends_with(".bin"))
}

/// What the zip directory says: the workbook kind and how many bytes its streamed sheets
/// declare, which bounds how much cell data reading them may deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipInfo {
    pub kind: Kind,
    pub sheet_bytes: u64,
    /// The streamed sheet's entry name when there is exactly one (for messages).
    pub sheet_entry: Option<String>,
}

/// Reads the zip directory: the workbook kind, after checking every entry's declared size.
/// What an entry really inflates to is bounded by the zip reader, which stops any entry at
/// its declared size; [`verify_whole_entries`] checks the entries calamine loads whole, and
/// streamed sheets are charged as they stream (see [`Budget`]).
///
/// # Errors
/// A damaged zip, a zip that is not a workbook, or an entry past the size limits.
pub fn zip_kind<R: Read + Seek>(reader: R) -> Result<ZipInfo, OpenProblem> {
    guarded(|| zip_kind_unguarded(reader))
}

fn zip_kind_unguarded<R: Read + Seek>(reader: R) -> Result<ZipInfo, OpenProblem> {
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| OpenProblem::Corrupt(format!("压缩结构损坏（{e}），文件可能不完整")))?;
    let mut total: u64 = 0;
    let mut sheet_bytes: u64 = 0;
    let mut sheet_entries: Vec<String> = Vec::new();
    let mut kind = None;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| OpenProblem::Corrupt(format!("压缩结构损坏：{e}")))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > MAX_ENTRY_BYTES || (size > SUSPICIOUS_ENTRY_BYTES && size / packed > MAX_RATIO) {
            return Err(OpenProblem::TooLarge {
                entry: name,
                bytes: size,
            });
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(OpenProblem::TooLarge {
                entry: name,
                bytes: total,
            });
        }
        if is_streamed_entry(&name) {
            sheet_bytes = sheet_bytes.saturating_add(size);
            sheet_entries.push(name.clone());
        }
        match name.as_str() {
            "xl/workbook.xml" => kind = Some(Kind::Xlsx),
            "xl/workbook.bin" => kind = Some(Kind::Xlsb),
            "content.xml" if kind.is_none() => kind = Some(Kind::Ods),
            _ => {}
        }
    }
    let kind =
        kind.ok_or_else(|| OpenProblem::Corrupt("是压缩包，但不是 Excel 或 ODS 工作簿".into()))?;
    let sheet_entry = (sheet_entries.len() == 1).then(|| sheet_entries.remove(0));
    Ok(ZipInfo {
        kind,
        sheet_bytes,
        sheet_entry,
    })
}

/// How much cell data the streamed sheets may still deliver. Every cell takes at least
/// `MIN_CELL_BYTES` of sheet XML (`<c r="A1"/>`), and inline text its own length, so a sheet
/// that delivers more than its declared size allows has inflated past what its header says:
/// a zip bomb, refused at that moment, without inflating anything twice.
#[derive(Debug, Clone)]
pub struct Budget {
    left: u64,
    declared: u64,
    entry: String,
}

const MIN_CELL_BYTES: u64 = 8;

impl Budget {
    pub fn new(declared: u64, entry: Option<String>) -> Budget {
        Budget {
            left: declared,
            declared,
            entry: entry.unwrap_or_else(|| "xl/worksheets".into()),
        }
    }

    fn exceeded(&self) -> OpenProblem {
        OpenProblem::InflatesPastDeclared {
            entry: self.entry.clone(),
            declared: self.declared,
        }
    }

    /// calamine's error, unless it is the zip reader refusing to inflate past the declared
    /// size, which is the bomb this budget is about.
    fn classify(&self, e: impl std::fmt::Display) -> OpenProblem {
        let text = e.to_string();
        if text.contains("larger than its declared") {
            self.exceeded()
        } else {
            damaged(text)
        }
    }

    /// No limit (sheets read whole by calamine, already checked).
    pub fn unlimited() -> Budget {
        Budget::new(u64::MAX, None)
    }

    pub(crate) fn spend(&mut self, cell: &DataRef<'_>) -> Result<(), OpenProblem> {
        let cost = MIN_CELL_BYTES
            + match cell {
                DataRef::String(s) => s.len() as u64,
                _ => 0,
            };
        match self.left.checked_sub(cost) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(self.exceeded()),
        }
    }
}

/// Inflates, once and into nothing, every entry calamine loads whole when it opens the
/// workbook (shared strings, styles, an .ods's content), to their end: an entry that inflates
/// past its declared size, or whose checksum is wrong, is refused and named. calamine stops
/// reading shared strings at `</sst>`, before the zip reader's checksum test, so without this
/// a damaged byte inside a 工单编号 would be read as it is. Bounded time, constant memory; run
/// beside the opening, which the zip reader bounds by the declared sizes meanwhile.
///
/// # Errors
/// The first entry that is damaged or larger than it declares.
pub fn verify_whole_entries<R: Read + Seek>(reader: R) -> Result<(), OpenProblem> {
    verify_entries(reader, |name| !is_streamed_entry(name))
}

/// Inflates the entries `choose` picks to their end, as [`verify_whole_entries`] does.
///
/// # Errors
/// The first entry that is damaged or larger than it declares.
pub fn verify_entries<R: Read + Seek>(
    reader: R,
    choose: impl Fn(&str) -> bool,
) -> Result<(), OpenProblem> {
    guarded(|| {
        let mut zip = zip::ZipArchive::new(reader)
            .map_err(|e| OpenProblem::Corrupt(format!("压缩结构损坏：{e}")))?;
        verify_inflated_sizes(&mut zip, choose)
    })
}

/// Headers can lie about sizes. Inflate the chosen entries once into nothing, stopping as soon
/// as one passes what it declared (or the hard limit).
fn verify_inflated_sizes<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    choose: impl Fn(&str) -> bool,
) -> Result<(), OpenProblem> {
    let mut sink = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| OpenProblem::Corrupt(format!("压缩结构损坏：{e}")))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if !choose(&name) {
            continue;
        }
        let declared = entry.size();
        let cap = declared.min(MAX_ENTRY_BYTES) + 1;
        let past_declared = |entry: &str| OpenProblem::InflatesPastDeclared {
            entry: entry.to_owned(),
            declared,
        };
        let mut seen: u64 = 0;
        loop {
            let n = entry.read(&mut sink).map_err(|e| {
                // The zip reader itself stops an entry at its declared size; say so, rather
                // than "damaged", for that is what a bomb does.
                if e.to_string().contains("larger than its declared") {
                    past_declared(&name)
                } else {
                    OpenProblem::Corrupt(format!("{name} 无法解压：{e}"))
                }
            })?;
            if n == 0 {
                break;
            }
            seen += n as u64;
            if seen >= cap {
                return Err(past_declared(&name));
            }
        }
    }
    Ok(())
}

/// Decodes CSV/TXT bytes: UTF-16 with its byte order mark, UTF-8 with or without BOM, else
/// GB18030 (a superset of GBK).
///
/// # Errors
/// When the text is valid in none of these.
pub fn decode_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, OpenProblem> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return if had_errors {
            Err(OpenProblem::Encoding)
        } else {
            Ok(text)
        };
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(std::borrow::Cow::Borrowed(s));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(OpenProblem::Encoding);
    }
    Ok(text)
}

/// Receives the rows of one sheet in order.
pub trait RowSink {
    /// `row` is 1-based as Excel shows it; `cells` are sorted by 0-based column.
    fn row(&mut self, row: u32, cells: &[(u32, DataRef<'_>)]);

    /// The sheet says it holds about this many rows (it may lie; use as a hint only).
    fn expect_rows(&mut self, _rows: u32) {}
}

/// An open workbook of any kind calamine reads.
pub enum Book<R: Read + Seek> {
    Xlsx(Xlsx<R>),
    Xlsb(Xlsb<R>),
    Ods(Ods<R>),
    Xls(Xls<R>),
}

fn damaged(e: impl std::fmt::Display) -> OpenProblem {
    let text = e.to_string();
    if text.contains("password") || text.contains("Password") || text.contains("encrypted") {
        OpenProblem::Password
    } else {
        OpenProblem::Corrupt(text)
    }
}

impl<R: Read + Seek> Book<R> {
    /// # Errors
    /// When calamine cannot open the workbook (damaged, encrypted).
    pub fn open(c: R, kind: Kind) -> Result<Book<R>, OpenProblem> {
        guarded(|| {
            Ok(match kind {
                Kind::Xlsx => Book::Xlsx(Xlsx::new(c).map_err(damaged)?),
                Kind::Xlsb => Book::Xlsb(Xlsb::new(c).map_err(damaged)?),
                Kind::Ods => Book::Ods(Ods::new(c).map_err(damaged)?),
                Kind::Xls => Book::Xls(Xls::new(c).map_err(damaged)?),
                Kind::Csv => return Err(OpenProblem::Corrupt("CSV 不是工作簿".into())),
            })
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
        }
    }

    /// A small sheet as a dense range (说明, 总体概况): only for sheets this tool wrote.
    ///
    /// # Errors
    /// When the sheet cannot be read.
    pub fn small_range(&mut self, name: &str) -> Result<Range<Data>, OpenProblem> {
        guarded(|| match self {
            Book::Xlsx(b) => b.worksheet_range(name).map_err(damaged),
            Book::Xlsb(b) => b.worksheet_range(name).map_err(damaged),
            Book::Ods(b) => b.worksheet_range(name).map_err(damaged),
            Book::Xls(b) => b.worksheet_range(name).map_err(damaged),
        })
    }

    /// Streams every row of a sheet to `sink`.
    ///
    /// # Errors
    /// When the sheet's data is damaged; rows before the damage have been delivered.
    ///
    /// Each cell is charged to `budget`; reading stops when the sheets deliver more than they
    /// declared. The sink is told the sheet's declared height first, to reserve room.
    ///
    /// For .xlsx and .xlsb the work is split over two threads: another one inflates and
    /// parses the sheet (calamine), this one turns cells into records (the sink), so that
    /// building records costs no time beside reading.
    pub fn stream(
        &mut self,
        name: &str,
        sink: &mut dyn RowSink,
        budget: &mut Budget,
    ) -> Result<(), OpenProblem>
    where
        R: Send,
    {
        macro_rules! cells {
            ($book:expr) => {{
                let mut reader = guarded(|| {
                    $book
                        .worksheet_cells_reader(name)
                        .map_err(|e| budget.classify(e))
                })?;
                let size = reader.dimensions();
                sink.expect_rows(size.end.0.saturating_sub(size.start.0) + 1);
                pipeline(
                    |batch, budget| {
                        guarded(|| {
                            while batch.len() < BATCH_CELLS {
                                let Some(cell) =
                                    reader.next_cell().map_err(|e| budget.classify(e))?
                                else {
                                    return Ok(false);
                                };
                                let v = cell.get_value();
                                budget.spend(v)?;
                                let (r, c) = cell.get_position();
                                within_grid(r, c)?;
                                if !matches!(v, DataRef::Empty) {
                                    batch.push((r, c, v.clone()));
                                }
                            }
                            Ok(true)
                        })
                    },
                    sink,
                    budget,
                )
            }};
        }
        match self {
            Book::Xlsx(b) => cells!(b),
            Book::Xlsb(b) => cells!(b),
            Book::Ods(_) | Book::Xls(_) => {
                let range = self.small_range(name)?;
                stream_range(&range, sink);
                Ok(())
            }
        }
    }
}

/// Cells handed from the reading thread to the one building records, per batch.
pub(crate) const BATCH_CELLS: usize = 4096;

/// A batch of non-empty cells: (0-based row, 0-based column, value).
pub(crate) type Batch<'a> = Vec<(u32, u32, DataRef<'a>)>;

/// Reads cells with `fill` on another thread and delivers rows to `sink` on this one (where
/// the records' memory is allocated). `fill` adds cells to a batch until it holds
/// `BATCH_CELLS` (then answers true) or the sheet ends (false); the reader runs under its
/// guard once per batch, not per cell. Batches go back and forth, so nothing is allocated per
/// batch once both sides run. A panic in the sink (our own code) unwinds from here as usual:
/// the channel closes and the reader stops at its next batch.
pub(crate) fn pipeline<'a, E: Send>(
    mut fill: impl FnMut(&mut Batch<'a>, &mut Budget) -> Result<bool, E> + Send,
    sink: &mut dyn RowSink,
    budget: &mut Budget,
) -> Result<(), E> {
    use std::sync::mpsc;
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch<'a>>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch<'a>>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch: Batch<'a> = Vec::with_capacity(BATCH_CELLS);
            loop {
                // Cells read before a failure are delivered too: their rows are good.
                let more = fill(&mut batch, budget);
                let spare = match more {
                    Ok(true) => empty_rx
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(BATCH_CELLS)),
                    _ => Vec::new(),
                };
                // A send fails only when the record builder has stopped (it panicked).
                let sent = full_tx.send(std::mem::replace(&mut batch, spare)).is_ok();
                if !matches!(more, Ok(true)) || !sent {
                    return more.map(|_| ());
                }
            }
        });
        let mut rows = RowGrouper::default();
        for mut batch in full_rx {
            for (r, c, v) in batch.drain(..) {
                rows.push(r, c, v, sink);
            }
            // The reader may have stopped: then there is no one to give it back to.
            let _ = empty_tx.send(batch);
        }
        rows.finish(sink);
        match reader.join() {
            Ok(read) => read,
            // The reader's calls run under `guarded`; anything else is our own bug.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Collects cells into rows; empty cells are dropped so formatted-but-empty rows cost nothing.
struct RowGrouper<'a> {
    row: Option<u32>,
    cells: Vec<(u32, DataRef<'a>)>,
}

impl Default for RowGrouper<'_> {
    fn default() -> Self {
        RowGrouper {
            row: None,
            cells: Vec::with_capacity(32),
        }
    }
}

impl<'a> RowGrouper<'a> {
    fn push(&mut self, r: u32, c: u32, v: DataRef<'a>, sink: &mut dyn RowSink) {
        if self.row != Some(r) {
            self.flush(sink);
            self.row = Some(r);
        }
        if !matches!(v, DataRef::Empty) {
            self.cells.push((c, v));
        }
    }

    fn flush(&mut self, sink: &mut dyn RowSink) {
        if let Some(r) = self.row
            && !self.cells.is_empty()
        {
            // Cells normally arrive in column order; sort if a writer did otherwise.
            if !self.cells.is_sorted_by_key(|x| x.0) {
                self.cells.sort_by_key(|x| x.0);
            }
            deliver(sink, r + 1, &self.cells);
        }
        self.cells.clear();
    }

    fn finish(mut self, sink: &mut dyn RowSink) {
        self.flush(sink);
    }
}

/// A cell of a dense range, seen as a streamed cell.
pub(crate) fn data_ref(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(t) => DataRef::DateTime(*t),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

fn stream_range(range: &Range<Data>, sink: &mut dyn RowSink) {
    let Some((r0, c0)) = range.start() else {
        return;
    };
    let mut rows = RowGrouper::default();
    for (r, c, d) in range.used_cells() {
        rows.push(r0 + r as u32, c0 + c as u32, data_ref(d), sink);
    }
    rows.finish(sink);
}

/// Streams CSV/TXT text: comma, tab or semicolon separated (whichever the first line uses
/// most), quotes across lines, ragged rows, any line endings.
///
/// # Errors
/// When the csv parser meets bytes it cannot read (it reports the record).
pub fn stream_csv(text: &str, sink: &mut dyn RowSink) -> Result<(), String> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(format!("第{}行无法解析：{e}", row + 1)),
        }
        row = row.saturating_add(1);
        let mut cells: Vec<(u32, DataRef<'_>)> = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                cells.push((i as u32, DataRef::SharedString(field)));
            }
        }
        if !cells.is_empty() {
            sink.row(row, &cells);
        }
    }
    Ok(())
}
