//! The fast reader for .xlsx: the shared strings kept as one text with spans into it, and the
//! sheet XML scanned byte by byte for rows and cells. It gives the same cells as calamine's
//! streaming reader (the differential test and fuzz target compare the two), at a fraction
//! of the cost; on anything it does not know (a prefixed sheet, a comment among the cells,
//! markup calamine's tokenizer might read otherwise, a value it cannot read) it declines, and
//! the file is read by calamine. An entry the zip reader finds damaged (checksum, size) is
//! not declined but refused: every entry this reader uses is read to its end, the others are
//! checked as the calamine path checks them.
//!
//! Kept in step with calamine by hand: the date formats (`styles`) and Excel's escapes
//! (`xml::unescape_excel`) are ports of calamine's private code; on a calamine upgrade, run
//! the differential tests (`tests/cli/fast_reader.rs`) and the fuzz target.
//!
//! What it follows, as calamine 0.38 does: `_rels/.rels` names the workbook part; the
//! workbook's relationships name each sheet's part; a cell's number is a date when its style's
//! number format is a date format; shared and inline strings concatenate every `<t>` outside
//! phonetic runs, ASCII-trimmed unless `xml:space="preserve"`, with entities, line ends and
//! Excel's `_xHHHH_` escapes resolved.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Seek};

use calamine::DataRef;
use memchr::memmem;

use super::source::{Budget, OpenProblem, RowSink, caught, pipeline};
use scan::Scanner;
use strings::SharedStrings;
use styles::{CellFormat, read_formats};
use xml::{Attrs, TagKind, attr, decode_entities, part};

mod scan;
mod strings;
mod styles;
mod xml;

/// Why the fast reader hands a file to calamine: what it met, for developers
/// (`HOTLINE_BULLETIN_TIMING=1` prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined {
    pub why: Cow<'static, str>,
    /// The zip reader found an entry damaged (its checksum, or more bytes than it declares):
    /// the file is refused with this, not read again.
    pub damage: Option<OpenProblem>,
}

impl Declined {
    pub(super) fn because(why: impl Into<Cow<'static, str>>) -> Declined {
        Declined {
            why: why.into(),
            damage: None,
        }
    }

    /// An entry `name` (declaring `declared` bytes) that the zip reader could not read.
    pub(super) fn damaged(name: &str, declared: u64, e: &std::io::Error) -> Declined {
        let text = e.to_string();
        let problem = if text.contains("larger than its declared") {
            OpenProblem::InflatesPastDeclared {
                entry: name.to_owned(),
                declared,
            }
        } else {
            OpenProblem::Corrupt(format!("{name} 无法解压：{text}"))
        };
        Declined {
            why: "条目损坏".into(),
            damage: Some(problem),
        }
    }
}

fn declined<T>(why: &'static str) -> Result<T, Declined> {
    Err(Declined::because(why))
}

/// How a decline after a panic in this reader begins: a bug here (the fuzz target looks for
/// it); the file is still read, by calamine.
pub const PANICKED: &str = "快速读取出错：";

fn on_panic(what: String) -> Declined {
    Declined::because(format!("{PANICKED}{what}"))
}

/// An open .xlsx whose parts the fast reader understands.
pub struct Workbook<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// The parts read whole while opening.
    parts: Vec<String>,
    /// Sheet names and their parts, in workbook order.
    sheets: Vec<(String, String)>,
    strings: SharedStrings,
    formats: Vec<CellFormat>,
    is_1904: bool,
}

impl<R: Read + Seek> Workbook<R> {
    /// Reads the package: relationships, workbook, styles and shared strings.
    ///
    /// # Errors
    /// Anything the fast reader does not follow, or a part it cannot read.
    pub fn open(reader: R) -> Result<Workbook<R>, Declined> {
        caught(|| Self::open_unguarded(reader), on_panic)
    }

    fn open_unguarded(reader: R) -> Result<Workbook<R>, Declined> {
        let mut zip = zip::ZipArchive::new(reader).or(declined("压缩结构"))?;
        let mut names = Entries::new(&zip)?;
        let package = small_part(&mut zip, &mut names, "_rels/.rels")?
            .ok_or(Declined::because("无 _rels"))?;
        let mut target = None;
        for item in part(&package, "Relationships") {
            let (_, tag) = item?;
            if tag.is_start("Relationship")
                && attr(tag.attrs, "Type")?
                    .is_some_and(|t| t.ends_with("/relationships/officeDocument"))
            {
                target =
                    attr(tag.attrs, "Target")?.map(|t| decode_entities(t).map(Cow::into_owned));
            }
        }
        let target = target.ok_or(Declined::because("无工作簿关系"))??;
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let xl = dir.strip_prefix('/').unwrap_or(dir).to_owned();
        let name = if name.is_empty() {
            "workbook.xml"
        } else {
            name
        };

        let rels_path = format!("{xl}_rels/{name}.rels");
        let rels = small_part(&mut zip, &mut names, &rels_path)?
            .ok_or(Declined::because("无工作簿关系文件"))?;
        let mut relationships: HashMap<String, (String, String)> = HashMap::new();
        for item in part(&rels, "Relationships") {
            let (_, tag) = item?;
            if tag.is_start("Relationship")
                && let Some(id) = attr(tag.attrs, "Id")?
            {
                let typ = attr(tag.attrs, "Type")?.unwrap_or_default().to_owned();
                let target = attr(tag.attrs, "Target")?.unwrap_or_default().to_owned();
                relationships.insert(id.to_owned(), (target, typ));
            }
        }

        let workbook = small_part(&mut zip, &mut names, &format!("{xl}{name}"))?
            .ok_or(Declined::because("无工作簿"))?;
        let mut sheets = Vec::new();
        let mut is_1904 = false;
        // calamine reads a defined name's text and skips any element inside it.
        let mut defined_name: Option<usize> = None;
        for item in part(&workbook, "workbook") {
            let (depth, tag) = item?;
            if let Some(d) = defined_name {
                if depth > d {
                    return declined("定义名称中有元素");
                }
                defined_name = None;
            }
            if tag.kind == TagKind::Start && tag.name == "definedName" {
                defined_name = Some(depth);
            }
            if tag.is_start("sheet") {
                let mut sheet_name = String::new();
                let mut rel_id = "";
                for a in Attrs(tag.attrs) {
                    let (key, value) = a?;
                    match key {
                        "name" => sheet_name = decode_entities(value)?.into_owned(),
                        "state" if !matches!(value, "visible" | "hidden" | "veryHidden") => {
                            return declined("工作表状态");
                        }
                        _ if key == "id" || key.ends_with(":id") => rel_id = value,
                        _ => {}
                    }
                }
                let (target, typ) = relationships
                    .get(rel_id)
                    .ok_or(Declined::because("工作表关系"))?;
                if typ.rsplit('/').next() != Some("worksheet") {
                    return declined("非普通工作表");
                }
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("{xl}{target}"),
                };
                sheets.push((
                    sheet_name,
                    names.exact(&path)?.ok_or(Declined::because("缺工作表"))?,
                ));
            } else if tag.is_start("workbookPr")
                && let Some(v) = attr(tag.attrs, "date1904")?
            {
                is_1904 = v == "1" || v == "true";
            }
        }

        // calamine finds a sheet by its name: of two with one name, it reads the first twice.
        let mut seen = std::collections::HashSet::new();
        if !sheets.iter().all(|(n, _)| seen.insert(n.as_str())) {
            return declined("工作表重名");
        }

        let formats = match small_part(&mut zip, &mut names, &format!("{xl}styles.xml"))? {
            Some(styles) => read_formats(&styles)?,
            None => Vec::new(),
        };
        let strings = match names.exact(&format!("{xl}sharedStrings.xml"))? {
            Some(path) => {
                names.read.push(path.clone());
                SharedStrings::read(whole_entry(&mut zip, &path, usize::MAX)?)?
            }
            None => SharedStrings::default(),
        };
        Ok(Workbook {
            zip,
            parts: names.read,
            sheets,
            strings,
            formats,
            is_1904,
        })
    }

    /// Whether this reader reads entry `name` to its end (so that the zip reader checks it):
    /// the parts it opened with, and every sheet.
    pub fn reads(&self, name: &str) -> bool {
        self.parts.iter().any(|p| p == name) || self.sheets.iter().any(|(_, p)| p == name)
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    /// Streams the rows of sheet `index` to `sink`, as [`super::source::Book::stream`] does:
    /// parsed on another thread, rows built on this one, each cell charged to `budget`.
    ///
    /// # Errors
    /// Anything the fast reader does not follow; rows before it have been delivered.
    pub fn stream(
        &mut self,
        index: usize,
        sink: &mut dyn RowSink,
        budget: &mut Budget,
    ) -> Result<(), Declined>
    where
        R: Send,
    {
        let path = &self
            .sheets
            .get(index)
            .ok_or(Declined::because("无此工作表"))?
            .1;
        let entry = self.zip.by_name(path).or(declined("工作表无法解压"))?;
        let declared = entry.size();
        let mut scanner = Scanner::new(
            entry,
            path,
            declared,
            &self.strings,
            &self.formats,
            self.is_1904,
        );
        sink.expect_rows(caught(|| scanner.prelude(), on_panic)?);
        pipeline(
            |batch, budget| caught(|| scanner.fill(batch, budget), on_panic),
            sink,
            budget,
        )
    }
}

/// The zip's entry names: exact lookups, and whether another entry matches but for case or
/// slashes (calamine looks names up that way; such a file is left to it).
struct Entries {
    exact: std::collections::HashSet<String>,
    folded: std::collections::HashSet<String>,
    /// The entries read whole so far (their checksums checked by the zip reader).
    read: Vec<String>,
}

impl Entries {
    fn new<R: Read + Seek>(zip: &zip::ZipArchive<R>) -> Result<Entries, Declined> {
        let exact = zip
            .file_names()
            .map(|n| n.map(Cow::into_owned))
            .collect::<Result<std::collections::HashSet<String>, _>>()
            .or(declined("条目名"))?;
        let mut folded = std::collections::HashSet::new();
        for name in &exact {
            // calamine looks names up folded, and of two that fold alike takes the last.
            if !folded.insert(name.replace('\\', "/").to_ascii_lowercase()) {
                return declined("条目名只差大小写");
            }
        }
        Ok(Entries {
            exact,
            folded,
            read: Vec::new(),
        })
    }

    /// The entry named `path`, none when there is none at all.
    fn exact(&self, path: &str) -> Result<Option<String>, Declined> {
        if self.exact.contains(path) {
            Ok(Some(path.to_owned()))
        } else if self.folded.contains(&path.to_ascii_lowercase()) {
            declined("条目名大小写不同")
        } else {
            Ok(None)
        }
    }
}

/// A whole entry, read to its end so that the zip reader checks its size and checksum.
fn whole_entry<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    limit: usize,
) -> Result<Vec<u8>, Declined> {
    let mut entry = zip.by_name(path).or(declined("条目无法解压"))?;
    let size = usize::try_from(entry.size())
        .ok()
        .filter(|size| *size <= limit)
        .ok_or(Declined::because("条目过大"))?;
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| Declined::damaged(path, size as u64, &e))?;
    Ok(bytes)
}

/// A small XML part as text, none when the package has no such entry.
fn small_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &mut Entries,
    path: &str,
) -> Result<Option<String>, Declined> {
    let Some(path) = names.exact(path)? else {
        return Ok(None);
    };
    names.read.push(path.clone());
    // Relationships, workbook and styles are kilobytes; calamine streams a larger one.
    let bytes = whole_entry(zip, &path, 64 << 20)?;
    let start = prolog(&bytes)?;
    let mut bytes = bytes;
    bytes.drain(..start);
    String::from_utf8(bytes).map(Some).or(declined("非 UTF-8"))
}

/// Where the markup starts after a UTF-8 byte order mark and the XML declaration; declines
/// any other encoding.
fn prolog(bytes: &[u8]) -> Result<usize, Declined> {
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let rest = &bytes[start..];
    if rest.starts_with(b"\xFE\xFF") || rest.starts_with(b"\xFF\xFE") || rest.first() == Some(&0) {
        return declined("UTF-16");
    }
    if !rest.starts_with(b"<?xml") {
        return Ok(start);
    }
    let end = memmem::find(rest, b"?>").ok_or(Declined::because("XML 声明"))?;
    let declaration = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
    if let Some(at) = declaration.find("encoding") {
        let value = declaration[at + 8..].trim_start_matches([' ', '=', '"', '\'']);
        if !value.starts_with("utf-8") && !value.starts_with("utf8") {
            return declined("非 UTF-8 声明");
        }
    }
    Ok(start + end + 2)
}

/// What the two readers made of the same .xlsx bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Agreement {
    /// The same sheets, in order, with the same cells.
    Same { sheets: usize, cells: usize },
    /// The fast reader declined (calamine reads such a file).
    Declined(String),
    /// calamine refused the file and the fast reader read it (it checks some parts calamine
    /// reads strictly, such as fonts and fills, not at all).
    OnlyCalamineRefused(String),
}

/// A sheet's cells as the sink sees them: (1-based row, 0-based column, value).
#[derive(Default)]
struct Cells(Vec<(u32, u32, calamine::Data)>);

impl RowSink for Cells {
    fn row(&mut self, row: u32, cells: &[(u32, DataRef<'_>)]) {
        self.0
            .extend(cells.iter().map(|(c, v)| (row, *c, v.clone().into())));
    }
}

/// Reads `bytes` with both readers and compares every cell of every sheet: the check behind
/// the differential tests and the fuzz target.
///
/// # Errors
/// A difference, described; or a panic inside the fast reader (a bug in it).
#[doc(hidden)]
pub fn compare_with_calamine(bytes: &[u8]) -> Result<Agreement, String> {
    use super::source::{Book, Kind};
    let fast = (|| {
        let mut book = Workbook::open(std::io::Cursor::new(bytes.to_vec()))?;
        let mut sheets = Vec::new();
        for (index, name) in book.sheet_names().into_iter().enumerate() {
            let mut cells = Cells::default();
            book.stream(index, &mut cells, &mut Budget::unlimited())?;
            sheets.push((name, cells.0));
        }
        Ok::<_, Declined>(sheets)
    })();
    let fast = match fast {
        Ok(sheets) => sheets,
        Err(Declined { why, .. }) if why.starts_with(PANICKED) => return Err(why.into_owned()),
        Err(Declined { why, .. }) => return Ok(Agreement::Declined(why.into_owned())),
    };
    let slow = (|| {
        let mut book = Book::open(std::io::Cursor::new(bytes.to_vec()), Kind::Xlsx)?;
        let mut sheets = Vec::new();
        for name in book.sheet_names() {
            let mut cells = Cells::default();
            book.stream(&name, &mut cells, &mut Budget::unlimited())?;
            sheets.push((name, cells.0));
        }
        Ok::<_, super::source::OpenProblem>(sheets)
    })();
    let slow = match slow {
        Ok(sheets) => sheets,
        Err(problem) => return Ok(Agreement::OnlyCalamineRefused(format!("{problem:?}"))),
    };
    let names = |s: &[(String, Vec<_>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    if names(&fast) != names(&slow) {
        return Err(format!(
            "sheet names differ: fast {:?}, calamine {:?}",
            names(&fast),
            names(&slow)
        ));
    }
    let mut total = 0;
    for ((name, f), (_, s)) in fast.iter().zip(&slow) {
        if let Some(i) = (0..f.len().max(s.len())).find(|&i| f.get(i) != s.get(i)) {
            return Err(format!(
                "sheet {name:?}, cell #{i}: fast {:?}, calamine {:?}",
                f.get(i),
                s.get(i)
            ));
        }
        total += f.len();
    }
    Ok(Agreement::Same {
        sheets: fast.len(),
        cells: total,
    })
}
