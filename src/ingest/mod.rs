//! Opens any workbook or CSV, finds the header, maps columns once, turns cells into values and
//! merges rows into work orders by 工单编号. Files are read in parallel; merging follows the
//! command line, so a later input updates an earlier one field by field.

pub mod cells;
pub mod header;
pub mod sheet;
pub mod source;
pub mod xlsx;

use foldhash::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use calamine::Data;
use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diag::{Diagnostic, Location, Problem};
use crate::ledger;
use crate::model::{Order, Period, RowRef};
use header::{ColumnMatcher, Header, HeaderProblem};
use sheet::{Collected, Interner, Observation, SheetContext, SheetCounts, SheetReader, id_hash};
use source::{Book, Budget, Container, Kind, OpenProblem};

/// Which long texts (诉求内容, 办理情况, 来电人, 联系电话) ingest keeps. A year of records
/// carries hundreds of megabytes of text no output prints; keep only what can be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// Keep every text.
    All,
    /// Keep none (`check` prints counts only).
    Nothing,
    /// Keep what a report on this period can print: records received in it, records that may
    /// still be open in it, and difficult cases.
    For(Period),
}

impl Retention {
    pub fn keeps(
        self,
        received: NaiveDateTime,
        finished: Option<NaiveDateTime>,
        difficult: bool,
    ) -> bool {
        match self {
            Retention::All => true,
            Retention::Nothing => false,
            Retention::For(p) => {
                if received >= p.end_time() {
                    return false;
                }
                let done_before = finished.is_some_and(|f| f < p.start_time());
                received >= p.start_time() || !done_before || difficult
            }
        }
    }
}

impl fmt::Display for OpenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenProblem::Empty => f.write_str("文件是空的（0 字节），请重新导出"),
            OpenProblem::Pdf => f.write_str("这是 PDF 文件，不是表格；请从平台导出 Excel 或 CSV"),
            OpenProblem::Binary => f.write_str("不是表格文件，也不是文本（CSV）文件；请从平台导出 Excel 或 CSV"),
            OpenProblem::Corrupt(detail) => write!(
                f,
                "文件已损坏或不完整，无法打开（{detail}）；请重新导出，或在 Excel/WPS 中打开后另存为 .xlsx"
            ),
            OpenProblem::Password => f.write_str("工作簿有密码保护；请在 Excel/WPS 中取消密码后另存，再运行"),
            OpenProblem::TooLarge { entry, bytes } => write!(
                f,
                "文件解压后过大（{entry} 达 {} MB 以上），不像是正常的导出表格，已拒绝读取",
                bytes >> 20
            ),
            OpenProblem::InflatesPastDeclared { entry, declared } => write!(
                f,
                "文件解压后过大（{entry} 解压后超过其声明的 {declared} 字节，压缩包信息不实），不像是正常的导出表格，已拒绝读取"
            ),
            OpenProblem::NotWorkbook(ext) => write!(
                f,
                "文件名是 .{ext}，但内容不是表格工作簿（可能是改了扩展名的文本或其他文件）；请从平台重新导出"
            ),
            OpenProblem::Encoding => f.write_str(
                "文本既不是 UTF-8 也不是 GBK/GB18030 编码，无法识别；请在 Excel/WPS 中另存为 .xlsx 或 UTF-8 CSV",
            ),
        }
    }
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::NotFound => write!(
                f,
                "前 {} 行中找不到表头（至少要有工单编号、来电时间等两个可识别的列名）",
                header::HEADER_SEARCH_ROWS
            ),
            HeaderProblem::MissingRequired {
                row,
                found,
                missing,
                suggestions,
            } => {
                let names = |v: &[crate::model::Field]| {
                    v.iter().map(|x| x.name()).collect::<Vec<_>>().join("、")
                };
                write!(
                    f,
                    "第 {row} 行像是表头，识别出 {}，但缺少必需的列：{}",
                    names(found),
                    names(missing)
                )?;
                for (field, column) in suggestions {
                    write!(
                        f,
                        "；列“{column}”可能就是{field}，可在配置文件中写 [columns] {field} = [\"{column}\"]"
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// Why an input cannot be used at all: the run stops, naming it.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("找不到输入文件 {0}，请检查文件名和路径")]
    Missing(String),
    #[error("{0} 是文件夹，不是文件；请给出文件夹里的导出文件")]
    Directory(String),
    #[error("无法读取 {path}：{reason}")]
    Unreadable { path: String, reason: String },
    #[error("{0} 给了两次，请只给一次")]
    GivenTwice(String),
    #[error("{path} 与 {earlier} 内容完全相同（是同一份导出），请只给一次")]
    Duplicate { path: String, earlier: String },
    #[error("{path}：{problem}")]
    Open { path: String, problem: OpenProblem },
    #[error("{path} 中没有可用的工作表：{details}")]
    NoUsableSheet { path: String, details: String },
}

/// How one sheet was used.
#[derive(Debug, Clone)]
pub enum SheetOutcome {
    /// Read as records through this header.
    Read(Header),
    /// The 遗留工单 of a workbook this tool wrote, read as carried-over orders.
    Ledger(Header),
    /// Another sheet of a workbook this tool wrote: not records.
    OwnSummary,
    /// Skipped: no usable header.
    NoHeader(HeaderProblem),
}

#[derive(Debug, Clone)]
pub struct SheetSummary {
    pub name: String,
    pub outcome: SheetOutcome,
    pub counts: SheetCounts,
}

/// A workbook this tool wrote, handed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnWorkbook {
    pub period_start: NaiveDate,
    /// That week's 来电总量 from its 总体概况.
    pub total: Option<u64>,
}

/// One input as read.
#[derive(Debug, Clone)]
pub struct InputSummary {
    /// The path as given on the command line.
    pub label: String,
    pub bytes: u64,
    pub sha256: String,
    pub kind: Kind,
    pub sheets: Vec<SheetSummary>,
    pub own: Option<OwnWorkbook>,
}

impl InputSummary {
    pub fn rows_read(&self) -> u64 {
        self.sheets.iter().map(|s| s.counts.rows_read).sum()
    }
}

/// Everything ingest produced: merged orders, what each input held, and the problems found.
#[derive(Debug, Clone)]
pub struct Ingest {
    pub orders: Vec<Order>,
    pub inputs: Vec<InputSummary>,
    pub diagnostics: Vec<Diagnostic>,
    /// Rows that were merged into an order seen before (same input or earlier one).
    pub merged_repeats: u64,
}

impl Ingest {
    pub fn rows_read(&self) -> u64 {
        self.inputs.iter().map(InputSummary::rows_read).sum()
    }

    /// Where `row` is, for a message: file, sheet and row.
    pub fn locate(&self, row: RowRef) -> Location {
        let input = self.inputs.get(row.input as usize);
        let sheet = input
            .and_then(|i| i.sheets.get(row.sheet as usize))
            .map_or("", |s| s.name.as_str());
        Location::row(input.map_or("", |i| i.label.as_str()), sheet, row.row)
    }

    pub fn skipped_rows(&self) -> u64 {
        self.inputs
            .iter()
            .flat_map(|i| &i.sheets)
            .map(|s| s.counts.skipped)
            .sum()
    }
}

/// Counters the reading threads update, for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    /// Data rows read so far (in steps of 1,024).
    pub rows: std::sync::atomic::AtomicU64,
    /// Input files finished.
    pub files: std::sync::atomic::AtomicUsize,
}

/// One file read, before merging.
struct FileRead {
    summary: InputSummary,
    collected: Collected,
    diagnostics: Vec<Diagnostic>,
}

/// Reads every input (in parallel) and merges them in command-line order.
///
/// # Errors
/// When an input is missing, unreadable, not a workbook or CSV, damaged, protected, given
/// twice, or has no sheet with a usable header.
pub fn read_inputs(
    paths: &[PathBuf],
    config: &Config,
    retention: Retention,
    progress: &Progress,
) -> Result<Ingest, InputError> {
    let matcher = ColumnMatcher::new(config);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let mut slots: Vec<Option<Result<FileRead, InputError>>> =
        (0..paths.len()).map(|_| None).collect();
    // Each worker takes the next unread file. This thread is one of them, so that a single
    // input is read where the program's own memory lives (on glibc, memory allocated by other
    // threads comes from separate arenas that grow in small steps).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(path) = paths.get(i) else {
                return done;
            };
            let r = read_file(path, config, &matcher, retention, progress);
            progress
                .files
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            done.push((i, r));
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for h in helpers {
            done.extend(h.join().expect("a reader thread does not panic"));
        }
        for (i, r) in done {
            slots[i] = Some(r);
        }
    });
    let mut files = Vec::with_capacity(paths.len());
    let mut seen_hashes: HashMap<String, String> = HashMap::default();
    for slot in slots {
        let file = slot.expect("every input was read")?;
        if let Some(earlier) =
            seen_hashes.insert(file.summary.sha256.clone(), file.summary.label.clone())
        {
            let path = file.summary.label.clone();
            return Err(if path == earlier {
                InputError::GivenTwice(path)
            } else {
                InputError::Duplicate { path, earlier }
            });
        }
        files.push(file);
    }
    Ok(merge(files))
}

/// Reads one input already in memory, as if it were a file named `name`: the whole ingest of
/// one file without the filesystem, which the fuzz target and the property tests drive.
///
/// # Errors
/// As [`read_inputs`], except the filesystem ones (missing, directory, unreadable, duplicate).
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    config: &Config,
    retention: Retention,
) -> Result<Ingest, InputError> {
    let matcher = ColumnMatcher::new(config);
    let progress = Progress::default();
    let reading = Reading {
        config,
        matcher: &matcher,
        retention,
        label: name,
        progress: &progress,
    };
    let shared: std::sync::Arc<[u8]> = bytes.into();
    let file = reading.read(
        Path::new(name),
        bytes.len() as u64,
        &bytes[..bytes.len().min(8192)],
        || Ok(std::io::Cursor::new(shared.clone())),
    )?;
    Ok(merge(vec![file]))
}

fn read_file(
    path: &Path,
    config: &Config,
    matcher: &ColumnMatcher,
    retention: Retention,
    progress: &Progress,
) -> Result<FileRead, InputError> {
    let label = path.display().to_string();
    let unreadable = |e: std::io::Error| InputError::Unreadable {
        path: label.clone(),
        reason: io_reason(&e),
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError::Missing(label.clone()),
        _ => unreadable(e),
    })?;
    if meta.is_dir() {
        return Err(InputError::Directory(label));
    }
    let mut head = Vec::with_capacity(8192);
    File::open(path)
        .and_then(|f| f.take(8192).read_to_end(&mut head))
        .map_err(unreadable)?;
    let reading = Reading {
        config,
        matcher,
        retention,
        label: &label,
        progress,
    };
    reading.read(path, meta.len(), &head, || {
        File::open(path).map(BufReader::new)
    })
}

fn hash_reader(mut reader: impl Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

/// What reading one file's sheets needs.
struct Reading<'a> {
    config: &'a Config,
    matcher: &'a ColumnMatcher,
    retention: Retention,
    label: &'a str,
    progress: &'a Progress,
}

impl Reading<'_> {
    fn context<'s>(
        &'s self,
        sheet_name: &'s str,
        sheet_index: u32,
        ledger: bool,
    ) -> SheetContext<'s> {
        SheetContext {
            config: self.config,
            matcher: self.matcher,
            retention: self.retention,
            file: self.label,
            sheet_name,
            sheet_index,
            ledger,
            progress: self.progress,
        }
    }

    /// This input cannot be read from the disk.
    fn unreadable(&self, e: std::io::Error) -> InputError {
        InputError::Unreadable {
            path: self.label.to_owned(),
            reason: io_reason(&e),
        }
    }

    /// This input cannot be opened as what it is.
    fn open_err(&self, problem: OpenProblem) -> InputError {
        InputError::Open {
            path: self.label.to_owned(),
            problem,
        }
    }

    /// Reads one input, whatever it holds: `open` gives a fresh reader over its bytes (a file,
    /// or memory), `head` its first bytes.
    fn read<R: Read + Seek + Send + 'static, O: Fn() -> std::io::Result<R> + Sync>(
        &self,
        path: &Path,
        len: u64,
        head: &[u8],
        open: O,
    ) -> Result<FileRead, InputError> {
        let label = self.label;
        let unreadable = |e| self.unreadable(e);
        let open_err = |problem| self.open_err(problem);
        let container = source::sniff(head).map_err(open_err)?;
        // A name that promises a zip workbook must hold one; a ".xls" that is really text (as
        // some web platforms export) is read as text.
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        // (An encrypted .xlsx is an OLE container: that is reported as password protection.)
        if container == Container::Text && matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods")
        {
            return Err(open_err(OpenProblem::NotWorkbook(ext)));
        }
        let mut read = FileRead {
            summary: InputSummary {
                label: label.to_owned(),
                bytes: len,
                sha256: String::new(),
                kind: Kind::Csv,
                sheets: Vec::new(),
                own: None,
            },
            collected: Collected::default(),
            diagnostics: Vec::new(),
        };
        let read_all = || -> Result<Vec<u8>, InputError> {
            let mut bytes = Vec::new();
            open()
                .and_then(|mut r| r.read_to_end(&mut bytes))
                .map_err(unreadable)?;
            Ok(bytes)
        };
        match container {
            Container::Text => {
                let bytes = read_all()?;
                read.summary.sha256 = hex(&Sha256::digest(&bytes));
                let text = source::decode_text(&bytes).map_err(open_err)?;
                let sheet_name = path
                    .file_stem()
                    .map_or_else(|| label.to_owned(), |s| s.to_string_lossy().into_owned());
                self.csv(&text, &sheet_name, &mut read).map_err(open_err)?;
            }
            Container::Ole => {
                let bytes = read_all()?;
                read.summary.sha256 = hex(&Sha256::digest(&bytes));
                read.summary.kind = source::ole_kind(&bytes).map_err(open_err)?;
                let book =
                    Book::open(std::io::Cursor::new(bytes), read.summary.kind).map_err(open_err)?;
                self.book(book, &mut read, &mut Budget::unlimited())?;
            }
            Container::Zip => {
                let info = source::zip_kind(open().map_err(unreadable)?).map_err(open_err)?;
                read.summary.kind = info.kind;
                // Hash on the other core while this one reads the cells.
                let (hashed, streamed) = std::thread::scope(|scope| {
                    let hasher = scope.spawn(|| open().and_then(hash_reader));
                    let streamed = self.zip_book(&open, &info, &mut read);
                    (hasher.join().expect("hashing does not panic"), streamed)
                });
                read.summary.sha256 = hashed.map_err(unreadable)?;
                streamed?;
            }
        }
        let usable = read
            .summary
            .sheets
            .iter()
            .any(|s| matches!(s.outcome, SheetOutcome::Read(_) | SheetOutcome::Ledger(_)));
        if !usable {
            let sheets = &read.summary.sheets;
            let details = sheets
                .iter()
                .take(5)
                .map(|s| match &s.outcome {
                    SheetOutcome::NoHeader(p) => format!("工作表“{}”：{p}", s.name),
                    _ => format!("工作表“{}”", s.name),
                })
                .collect::<Vec<_>>()
                .join("；");
            let more = if sheets.len() > 5 {
                format!("（共 {} 个工作表，均无可用表头）", sheets.len())
            } else {
                String::new()
            };
            return Err(InputError::NoUsableSheet {
                path: label.to_owned(),
                details: details + &more,
            });
        }
        Ok(read)
    }

    fn csv(&self, text: &str, sheet_name: &str, read: &mut FileRead) -> Result<(), OpenProblem> {
        let mut interner = Interner::default();
        let mut reader = SheetReader::new(
            self.context(sheet_name, 0, false),
            &mut read.collected,
            &mut interner,
        );
        source::stream_csv(text, &mut reader).map_err(OpenProblem::Corrupt)?;
        reader.finish();
        let outcome = sheet_outcome(&mut reader, false);
        let counts = reader.counts.clone();
        read.diagnostics.append(&mut reader.diagnostics);
        read.summary.sheets.push(SheetSummary {
            name: sheet_name.to_owned(),
            outcome,
            counts,
        });
        Ok(())
    }

    /// Reads a zip workbook: an .xlsx by the fast reader when it can, else by calamine.
    fn zip_book<R: Read + Seek + Send + 'static, O: Fn() -> std::io::Result<R> + Sync>(
        &self,
        open: &O,
        info: &source::ZipInfo,
        read: &mut FileRead,
    ) -> Result<(), InputError> {
        let open_err = |problem| self.open_err(problem);
        // `HOTLINE_BULLETIN_CALAMINE=1` (for developers) reads every file with calamine, to
        // compare the two readers on the same inputs.
        if info.kind == Kind::Xlsx && std::env::var_os("HOTLINE_BULLETIN_CALAMINE").is_none() {
            match self.fast_book(open, info, read) {
                Ok(()) => return Ok(()),
                // Damage the zip reader found is refused here: calamine does not read every
                // entry to its end, and might read a damaged sheet as intact.
                Err(xlsx::Declined {
                    damage: Some(problem),
                    ..
                }) => return Err(open_err(problem)),
                Err(xlsx::Declined { why, .. }) => {
                    if std::env::var_os("HOTLINE_BULLETIN_TIMING").is_some() {
                        eprintln!("{}：改由 calamine 读取（{why}）", self.label);
                    }
                    crate::app::drop_in_background(std::mem::take(&mut read.collected));
                    read.diagnostics.clear();
                    read.summary.sheets.clear();
                    read.summary.own = None;
                }
            }
        }
        // The entries calamine loads whole are checked to their end on the other core while
        // this one opens the workbook; a problem found there wins, for it names the entry.
        let unreadable = |e| self.unreadable(e);
        let (opened, verified) = std::thread::scope(|scope| {
            let check = scope.spawn(|| {
                open()
                    .map_err(unreadable)
                    .and_then(|r| source::verify_whole_entries(r).map_err(open_err))
            });
            let opened = open()
                .map_err(unreadable)
                .and_then(|r| Book::open(r, info.kind).map_err(open_err));
            (
                opened,
                check.join().expect("checking entries does not panic"),
            )
        });
        verified?;
        let book = opened?;
        let mut budget = Budget::new(info.sheet_bytes, info.sheet_entry.clone());
        self.book(book, read, &mut budget)
    }

    /// Reads an .xlsx with the fast reader. Declines (and the caller reads the file again
    /// with calamine) on anything that reader does not follow, and on a workbook this tool
    /// wrote, whose summary sheets are read as ranges.
    fn fast_book<R: Read + Seek + Send + 'static, O: Fn() -> std::io::Result<R>>(
        &self,
        open: &O,
        info: &source::ZipInfo,
        read: &mut FileRead,
    ) -> Result<(), xlsx::Declined> {
        let decline = |why: &'static str| xlsx::Declined::because(why);
        let mut book = xlsx::Workbook::open(open().map_err(|_| decline("无法打开"))?)?;
        let names = book.sheet_names();
        if names.is_empty() {
            return Err(decline("无工作表"));
        }
        if names.iter().any(|n| n == ledger::SHEET_ABOUT)
            && names.iter().any(|n| n == ledger::SHEET_OPEN)
        {
            return Err(decline("本工具生成的工作簿"));
        }
        // The entries this reader never reads are checked to their end as calamine's path
        // checks them (themes, document properties: small), so both refuse the same files.
        let verified = open().map_err(|_| decline("无法打开")).and_then(|r| {
            source::verify_entries(r, |name| !book.reads(name)).map_err(|problem| xlsx::Declined {
                why: "条目损坏".into(),
                damage: Some(problem),
            })
        });
        verified?;
        let mut budget = Budget::new(info.sheet_bytes, info.sheet_entry.clone());
        // Rows already shown as read, taken back if the file is read again.
        let mut shown = 0;
        let read_all = self.sheets(&names, read, |index, _, sink| {
            let streamed = book.stream(index, sink, &mut budget);
            shown += sink.counts.rows_read;
            streamed
        });
        if read_all.is_err() {
            self.progress
                .rows
                .fetch_sub(shown, std::sync::atomic::Ordering::Relaxed);
        }
        read_all?;
        crate::app::drop_in_background(book);
        Ok(())
    }

    fn book<R: Read + Seek + Send + 'static>(
        &self,
        mut book: Book<R>,
        read: &mut FileRead,
        budget: &mut Budget,
    ) -> Result<(), InputError> {
        let names = book.sheet_names();
        if names.is_empty() {
            return Err(InputError::Open {
                path: self.label.to_owned(),
                problem: OpenProblem::Corrupt("工作簿中没有工作表".into()),
            });
        }
        read.summary.own = own_workbook(&mut book, &names);
        self.sheets(&names, read, |_, name, sink| {
            book.stream(name, sink, budget).map_err(|problem| {
                // Size limits concern the whole file; damage is in this sheet.
                let path = match problem {
                    OpenProblem::InflatesPastDeclared { .. } | OpenProblem::TooLarge { .. } => {
                        self.label.to_owned()
                    }
                    _ => format!("{} 工作表“{name}”", self.label),
                };
                InputError::Open { path, problem }
            })
        })?;
        // The shared strings of a large export are a million small allocations: free them
        // beside the work that follows, not before it.
        crate::app::drop_in_background(book);
        Ok(())
    }

    /// Reads every sheet named (a workbook this tool wrote: only its ledger) with `stream`,
    /// which delivers a sheet's rows to the record builder it is given.
    fn sheets<E>(
        &self,
        names: &[String],
        read: &mut FileRead,
        mut stream: impl FnMut(usize, &str, &mut SheetReader<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut interner = Interner::default();
        for (index, name) in names.iter().enumerate() {
            let is_ledger = read.summary.own.is_some() && ledger::is_open_sheet(name);
            if read.summary.own.is_some() && !is_ledger {
                read.summary.sheets.push(SheetSummary {
                    name: name.clone(),
                    outcome: SheetOutcome::OwnSummary,
                    counts: SheetCounts::default(),
                });
                continue;
            }
            let ctx = self.context(name, index as u32, is_ledger);
            let mut reader = SheetReader::new(ctx, &mut read.collected, &mut interner);
            let streamed = stream(index, name, &mut reader);
            reader.finish();
            streamed?;
            let outcome = sheet_outcome(&mut reader, is_ledger);
            let counts = reader.counts.clone();
            read.diagnostics.append(&mut reader.diagnostics);
            read.summary.sheets.push(SheetSummary {
                name: name.clone(),
                outcome,
                counts,
            });
        }
        Ok(())
    }
}

fn sheet_outcome(reader: &mut SheetReader<'_, '_>, is_ledger: bool) -> SheetOutcome {
    match (reader.header.take(), reader.header_problem.take()) {
        (Some(h), _) if is_ledger => SheetOutcome::Ledger(h),
        (Some(h), _) => SheetOutcome::Read(h),
        (None, Some(p)) => SheetOutcome::NoHeader(p),
        (None, None) => SheetOutcome::NoHeader(HeaderProblem::NotFound),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "没有读取权限（或文件正被其他程序独占打开），请检查文件权限后重试".into()
        }
        _ => format!("{e}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Recognises a workbook this tool wrote by its 说明 marker, and reads that week's total.
fn own_workbook<R: Read + Seek>(book: &mut Book<R>, names: &[String]) -> Option<OwnWorkbook> {
    if !names.iter().any(|n| n == ledger::SHEET_ABOUT)
        || !names.iter().any(|n| n == ledger::SHEET_OPEN)
    {
        return None;
    }
    let about = book.small_range(ledger::SHEET_ABOUT).ok()?;
    let text = |d: Option<&Data>| match d {
        Some(Data::String(s)) => s.trim().to_owned(),
        _ => String::new(),
    };
    let label_value = |range: &calamine::Range<Data>, label: &str| {
        range
            .rows()
            .find(|r| text(r.first()) == label)
            .and_then(|r| r.get(1).cloned())
    };
    let marker_row = about.rows().next()?;
    if text(marker_row.first()) != ledger::ABOUT_MARKER_LABEL
        || !text(marker_row.get(1)).starts_with(ledger::ABOUT_MARKER_VALUE_PREFIX)
    {
        return None;
    }
    let start = label_value(&about, ledger::ABOUT_PERIOD_START)?;
    let period_start = match start {
        Data::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?,
        Data::DateTime(t) => t.as_datetime()?.date(),
        _ => return None,
    };
    let total = book.small_range(ledger::SHEET_OVERVIEW).ok().and_then(|r| {
        match label_value(&r, ledger::OVERVIEW_TOTAL)? {
            Data::Float(f) if f >= 0.0 => Some(f as u64),
            Data::Int(i) if i >= 0 => Some(i as u64),
            _ => None,
        }
    });
    Some(OwnWorkbook {
        period_start,
        total,
    })
}

/// Merges observations by 工单编号 in input order; a later non-empty value wins.
///
/// The first file's rows become the merged list where they lie, and every order is converted
/// in place: a million rows are never copied. A repeated row is folded into the first one and
/// left as an empty tombstone, removed at the end.
fn merge(files: Vec<FileRead>) -> Ingest {
    // Positions in `merged` of each order's first row, looked up by that row's 工单编号: no id
    // is copied, so a million ids cost no allocation to index and none to free. The first
    // input's own index (built while it was read) becomes this one.
    let mut index: hashbrown::HashTable<usize> = hashbrown::HashTable::new();
    let mut merged: Vec<Observation> = Vec::new();
    // Where each merged order was first seen: (file, sheet index, row).
    let mut origin: Vec<(usize, u32, u32)> = Vec::new();
    // The row merged last into each order.
    let mut latest: Vec<RowRef> = Vec::new();
    // Where each merged order's 办结时间 was read: (file, sheet index, row, column).
    let mut finished_at: Vec<Option<(usize, u32, u32, u32)>> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::new();
    let mut merged_repeats = 0u64;
    for (file_idx, file) in files.into_iter().enumerate() {
        let sheet_names: Vec<String> = file.summary.sheets.iter().map(|s| s.name.clone()).collect();
        let sheet_name_of = |s: u32| sheet_names.get(s as usize).cloned().unwrap_or_default();
        diagnostics.extend(file.diagnostics);
        let start = merged.len();
        // The first input's repeats are known already: (position, first position), in order.
        let mut known_repeats = None;
        if merged.is_empty() {
            merged = file.collected.observations;
            index = file.collected.firsts;
            known_repeats = Some(file.collected.repeats.into_iter().peekable());
        } else {
            merged.extend(file.collected.observations);
        }
        let added = merged.len() - start;
        if known_repeats.is_none() {
            index.reserve(added, |&i| id_hash(&merged[i]));
        }
        origin.reserve(added);
        latest.reserve(added);
        finished_at.reserve(added);
        for j in start..merged.len() {
            let (hash, first) = match &mut known_repeats {
                // Already in the index: no hash needed.
                Some(repeats) => (0, repeats.next_if(|r| r.0 == j).map(|r| r.1)),
                None => {
                    let hash = id_hash(&merged[j]);
                    (
                        hash,
                        index.find(hash, |&i| merged[i].id == merged[j].id).copied(),
                    )
                }
            };
            let (sheet, row) = (merged[j].sheet, merged[j].row);
            let finished_here = merged[j]
                .finished
                .map(|_| (file_idx, sheet, row, merged[j].finished_col));
            let here = RowRef {
                input: u32::try_from(file_idx).unwrap_or(u32::MAX),
                sheet,
                row,
            };
            origin.push((file_idx, sheet, row));
            latest.push(here);
            finished_at.push(finished_here);
            let Some(i) = first else {
                if known_repeats.is_none() {
                    index.insert_unique(hash, j, |&i| id_hash(&merged[i]));
                }
                continue;
            };
            let id = merged[j]
                .id
                .clone()
                .expect("only observations with an id are kept");
            latest[i] = here;
            if finished_here.is_some() {
                finished_at[i] = finished_here;
            }
            merged_repeats += 1;
            let obs = std::mem::take(&mut merged[j]);
            let (first_file, first_sheet, first_row) = origin[i];
            if first_file == file_idx {
                let here = Location::row(&file.summary.label, &sheet_name_of(sheet), row);
                let first =
                    Location::row(&file.summary.label, &sheet_name_of(first_sheet), first_row);
                diagnostics.push(Diagnostic {
                    location: here.clone(),
                    problem: Problem::RepeatedId {
                        id: id.clone(),
                        first,
                    },
                });
                for (field, kept, dropped) in conflicts(&merged[i], &obs) {
                    diagnostics.push(Diagnostic {
                        location: here.clone(),
                        problem: Problem::Conflict {
                            id: id.clone(),
                            field,
                            kept,
                            dropped,
                        },
                    });
                }
            }
            overlay(&mut merged[i], obs);
        }
        inputs.push(file.summary);
    }
    drop(index);
    // Checked on the merged order: the two times may come from different inputs. The problem
    // is shown at the 办结时间 cell, the value to correct.
    for (o, at) in merged.iter().zip(&finished_at) {
        if let (Some(f), Some(r), Some((file, sheet, row, col))) = (o.finished, o.received, at)
            && f < r
        {
            let input: &InputSummary = &inputs[*file];
            let sheet_name = input
                .sheets
                .get(*sheet as usize)
                .map_or("", |s| s.name.as_str());
            diagnostics.push(Diagnostic {
                location: Location::cell(&input.label, sheet_name, *row, *col),
                problem: Problem::FinishedBeforeReceived {
                    id: o.id.clone().expect("merged observations have an id"),
                },
            });
        }
    }
    // Converted where they lie (the collect reuses the vector), tombstones dropped.
    let orders = merged
        .into_iter()
        .zip(latest)
        .filter(|(o, _)| o.id.is_some())
        .map(|(o, row)| finish_order(o, row))
        .collect();
    Ingest {
        orders,
        inputs,
        diagnostics,
        merged_repeats,
    }
}

/// An observation's comparable fields as text, for reporting conflicts.
fn field_texts(o: &Observation) -> Vec<(crate::model::Field, Option<String>)> {
    use crate::model::Field as F;
    let dt = |t: &Option<NaiveDateTime>| t.map(crate::render::format::datetime_plain);
    let sym = |x: &Option<crate::model::Sym>| x.as_deref().map(str::to_owned);
    let text = |x: &Option<Box<str>>| x.as_deref().map(str::to_owned);
    vec![
        (F::Received, dt(&o.received)),
        (F::Channel, o.channel.map(|c| c.canonical().to_owned())),
        (F::Handling, o.handling.map(|h| h.canonical().to_owned())),
        (F::Category, sym(&o.category)),
        (F::Subcategory, sym(&o.subcategory)),
        (F::Department, sym(&o.department)),
        (F::Status, sym(&o.status_text)),
        (F::Finished, dt(&o.finished)),
        (F::Deadline, dt(&o.deadline)),
        (
            F::Difficult,
            o.difficult.map(|b| if b { "是" } else { "否" }.to_owned()),
        ),
        (F::Content, text(&o.content)),
        (F::Progress, text(&o.progress)),
    ]
}

/// Differing non-empty values of `new` against `old`: (field, new as text, old as text).
fn conflicts(old: &Observation, new: &Observation) -> Vec<(crate::model::Field, String, String)> {
    field_texts(old)
        .into_iter()
        .zip(field_texts(new))
        .filter_map(|((field, a), (_, b))| match (a, b) {
            (Some(a), Some(b)) if a != b => Some((field, b, a)),
            _ => None,
        })
        .collect()
}

fn overlay(into: &mut Observation, from: Observation) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(
        received,
        channel,
        handling,
        category,
        subcategory,
        department,
        status_text,
        status,
        finished,
        deadline,
        difficult,
        content,
        progress,
        caller,
        phone,
        first_week
    );
    into.from_ledger |= from.from_ledger;
}

fn finish_order(o: Observation, row: RowRef) -> Order {
    Order {
        id: o.id.expect("only observations with an id are merged"),
        received: o.received.expect("only observations with a time are kept"),
        channel: o.channel.unwrap_or_default(),
        handling: o.handling.unwrap_or_default(),
        category: o.category,
        subcategory: o.subcategory,
        content: o.content,
        department: o.department,
        status_text: o.status_text,
        status: o.status,
        finished: o.finished,
        deadline: o.deadline,
        difficult: o.difficult.unwrap_or(false),
        progress: o.progress,
        caller: o.caller,
        phone: o.phone,
        from_ledger: o.from_ledger,
        first_week: o.first_week,
        row,
    }
}
