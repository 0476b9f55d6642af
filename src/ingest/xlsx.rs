//! The fast reader for .xlsx: the shared strings kept as one text with spans into it, and the
//! sheet XML scanned byte by byte for rows and cells. It gives the same cells as calamine's
//! streaming reader (the differential test and fuzz target compare the two), at a fraction
//! of the cost; on anything it does not know (a prefixed element, a comment among the cells,
//! a value it cannot read, a damaged entry) it declines, and the file is read by calamine.
//!
//! What it follows, as calamine 0.38 does: `_rels/.rels` names the workbook part; the
//! workbook's relationships name each sheet's part; a cell's number is a date when its style's
//! number format is a date format; shared and inline strings concatenate every `<t>` outside
//! phonetic runs, ASCII-trimmed unless `xml:space="preserve"`, with entities, line ends and
//! Excel's `_xHHHH_` escapes resolved.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Seek};

use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use memchr::{memchr, memchr3, memmem};

use super::source::{Batch, Budget, RowSink, caught, pipeline};

/// Why the fast reader hands a file to calamine: what it met, for developers
/// (`HOTLINE_BULLETIN_TIMING=1` prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined(pub Cow<'static, str>);

fn declined<T>(why: &'static str) -> Result<T, Declined> {
    Err(Declined(Cow::Borrowed(why)))
}

/// How a decline after a panic in this reader begins: a bug here (the fuzz target looks for
/// it); the file is still read, by calamine.
pub const PANICKED: &str = "快速读取出错：";

fn on_panic(what: String) -> Declined {
    Declined(Cow::Owned(format!("{PANICKED}{what}")))
}

/// Excel's grid (A1:XFD1048576).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// How a cell's number reads, from its style's number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// An open .xlsx whose parts the fast reader understands.
pub struct Workbook<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
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
        let names = Entries::new(&zip)?;
        let package =
            small_part(&mut zip, &names, "_rels/.rels")?.ok_or(Declined("无 _rels".into()))?;
        let mut target = None;
        for (_, tag) in part(&package, "Relationships")? {
            if tag.is_start("Relationship")
                && attr(tag.attrs, "Type")?
                    .is_some_and(|t| t.ends_with("/relationships/officeDocument"))
            {
                target =
                    attr(tag.attrs, "Target")?.map(|t| decode_entities(t).map(Cow::into_owned));
            }
        }
        let target = target.ok_or(Declined("无工作簿关系".into()))??;
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
        let rels =
            small_part(&mut zip, &names, &rels_path)?.ok_or(Declined("无工作簿关系文件".into()))?;
        let mut relationships: HashMap<String, (String, String)> = HashMap::new();
        for (_, tag) in part(&rels, "Relationships")? {
            if tag.is_start("Relationship")
                && let Some(id) = attr(tag.attrs, "Id")?
            {
                let typ = attr(tag.attrs, "Type")?.unwrap_or_default().to_owned();
                let target = attr(tag.attrs, "Target")?.unwrap_or_default().to_owned();
                relationships.insert(id.to_owned(), (target, typ));
            }
        }

        let workbook = small_part(&mut zip, &names, &format!("{xl}{name}"))?
            .ok_or(Declined("无工作簿".into()))?;
        let mut sheets = Vec::new();
        let mut is_1904 = false;
        // calamine reads a defined name's text and skips any element inside it.
        let mut defined_name: Option<usize> = None;
        for (depth, tag) in part(&workbook, "workbook")? {
            if let Some(d) = defined_name {
                if depth > d {
                    return declined("定义名称中有元素");
                }
                defined_name = None;
            }
            if tag.kind == Kind::Start && tag.name == "definedName" {
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
                    .ok_or(Declined("工作表关系".into()))?;
                if typ.rsplit('/').next() != Some("worksheet") {
                    return declined("非普通工作表");
                }
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("{xl}{target}"),
                };
                sheets.push((
                    sheet_name,
                    names.exact(&path)?.ok_or(Declined("缺工作表".into()))?,
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

        let formats = match small_part(&mut zip, &names, &format!("{xl}styles.xml"))? {
            Some(styles) => read_formats(&styles)?,
            None => Vec::new(),
        };
        let strings = match names.exact(&format!("{xl}sharedStrings.xml"))? {
            Some(path) => SharedStrings::read(whole_entry(&mut zip, &path)?)?,
            None => SharedStrings::default(),
        };
        Ok(Workbook {
            zip,
            sheets,
            strings,
            formats,
            is_1904,
        })
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
            .ok_or(Declined("无此工作表".into()))?
            .1;
        let entry = self.zip.by_name(path).or(declined("工作表无法解压"))?;
        let mut scanner = Scanner {
            entry,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            finished: false,
            row: 0,
            col: 0,
            strings: &self.strings,
            formats: &self.formats,
            is_1904: self.is_1904,
        };
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
        Ok(Entries { exact, folded })
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
) -> Result<Vec<u8>, Declined> {
    let mut entry = zip.by_name(path).or(declined("条目无法解压"))?;
    let size = usize::try_from(entry.size()).or(declined("条目过大"))?;
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    entry.read_to_end(&mut bytes).or(declined("条目无法解压"))?;
    Ok(bytes)
}

/// A small XML part as text, none when the package has no such entry.
fn small_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &Entries,
    path: &str,
) -> Result<Option<String>, Declined> {
    let Some(path) = names.exact(path)? else {
        return Ok(None);
    };
    let bytes = whole_entry(zip, &path)?;
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
    let end = memmem::find(rest, b"?>").ok_or(Declined("XML 声明".into()))?;
    let declaration = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
    if let Some(at) = declaration.find("encoding") {
        let value = declaration[at + 8..].trim_start_matches([' ', '=', '"', '\'']);
        if !value.starts_with("utf-8") && !value.starts_with("utf8") {
            return declined("非 UTF-8 声明");
        }
    }
    Ok(start + end + 2)
}

/// The number formats of the styles' `cellXfs`, as calamine reads them.
fn read_formats(styles: &str) -> Result<Vec<CellFormat>, Declined> {
    #[derive(PartialEq)]
    enum Section {
        None,
        NumFmts,
        CellXfs,
    }
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut formats = Vec::new();
    let mut section = Section::None;
    for (depth, tag) in part(styles, "styleSheet")? {
        // The two lists calamine reads are children of the root, made of their own items
        // only; calamine skips an item's children (so an `<xf>` inside an `<xf>`).
        match (tag.kind, depth, tag.name) {
            (Kind::Start, 1, "numFmts") => section = Section::NumFmts,
            (Kind::Start, 1, "cellXfs") => section = Section::CellXfs,
            (Kind::End, 1, _) | (Kind::Empty, 1, _) => section = Section::None,
            (_, d, "numFmts" | "cellXfs") if d != 1 => return declined("样式列表的位置"),
            (_, 2, "numFmt") if section == Section::NumFmts => {
                if tag.kind == Kind::End {
                    continue;
                }
                if let (Some(id), Some(code)) =
                    (attr(tag.attrs, "numFmtId")?, attr(tag.attrs, "formatCode")?)
                {
                    custom.insert(id.to_owned(), decode_entities(code)?.into_owned());
                }
            }
            (_, 2, "xf") if section == Section::CellXfs => {
                if tag.kind == Kind::End {
                    continue;
                }
                formats.push(
                    attr(tag.attrs, "numFmtId")?.map_or(CellFormat::Other, |id| {
                        match custom.get(id) {
                            Some(code) => custom_format(code),
                            None => builtin_format(id),
                        }
                    }),
                );
            }
            (_, 2, _) if section != Section::None => return declined("样式列表中的元素"),
            (_, _, "xf" | "numFmt") if section != Section::None => {
                return declined("样式项中的样式项");
            }
            _ => {}
        }
    }
    Ok(formats)
}

/// Whether a custom number format shows a date or a duration (calamine's
/// `detect_custom_number_format`, MIT, which reads only the first section).
fn custom_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

/// The built-in number formats that show dates, times (East Asian ones included) or
/// durations, by the id as written.
fn builtin_format(id: &str) -> CellFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}

/// The shared strings: one text, and each string's span in it. A plain string is its own
/// bytes in the part; any other is decoded in place (decoding never lengthens a string) and
/// the bytes it no longer needs are blanked, so the whole stays UTF-8.
#[derive(Default)]
struct SharedStrings {
    text: String,
    spans: Vec<(u32, u32)>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(index)?;
        self.text.get(start as usize..end as usize)
    }

    fn read(mut buf: Vec<u8>) -> Result<SharedStrings, Declined> {
        if u32::try_from(buf.len()).is_err() {
            return declined("共享字符串过大");
        }
        let mut pos = prolog(&buf)?;
        // The root element, after any comments.
        loop {
            let at = pos + memchr(b'<', &buf[pos..]).ok_or(Declined("无 sst".into()))?;
            let rest = &buf[at..];
            if rest.starts_with(b"<!--") {
                pos = at + memmem::find(rest, b"-->").ok_or(Declined("注释".into()))? + 3;
                continue;
            }
            if find_tag(rest, b"<sst") != Some(0) {
                return declined("共享字符串根元素");
            }
            let end = at + memchr(b'>', rest).ok_or(Declined("sst".into()))?;
            let attrs = std::str::from_utf8(&buf[at + 4..end]).or(declined("sst"))?;
            check_attrs(attrs.strip_suffix('/').unwrap_or(attrs))?;
            if buf[end - 1] == b'/' {
                pos = buf.len();
                break;
            }
            pos = end + 1;
            break;
        }
        let mut spans = Vec::new();
        let mut scratch = String::new();
        let mut closed = pos == buf.len();
        while !closed {
            let at = pos + memchr(b'<', &buf[pos..]).ok_or(Declined("sst 未结束".into()))?;
            if !buf[pos..at].iter().all(u8::is_ascii_whitespace) {
                return declined("sst 中有文字");
            }
            let rest = &buf[at..];
            if rest.starts_with(b"</sst>") {
                closed = true;
                continue;
            }
            if !rest.starts_with(b"<si>") {
                return declined("sst 中的元素");
            }
            let start = at + 4;
            if let Some((span, next)) = plain_si(&buf, start) {
                spans.push(span);
                pos = next;
                continue;
            }
            let (end, after) = {
                let end = start
                    + find_close(&buf[start..], b"</si>").ok_or(Declined("si 未结束".into()))?;
                (end, end + 5)
            };
            let inner = std::str::from_utf8(&buf[start..end]).or(declined("非 UTF-8"))?;
            scratch.clear();
            rich_text(inner, &mut scratch)?;
            let len = scratch.len();
            if len > end - start {
                return declined("解码后变长");
            }
            buf[start..start + len].copy_from_slice(scratch.as_bytes());
            buf[start + len..end].fill(b' ');
            spans.push((start as u32, (start + len) as u32));
            pos = after;
        }
        let text = String::from_utf8(buf).or(declined("非 UTF-8"))?;
        Ok(SharedStrings { text, spans })
    }
}

/// `<t>TEXT</t></si>` (or with `xml:space="preserve"`) where TEXT needs no decoding: its span
/// (trimmed unless preserved) and where the next string starts.
fn plain_si(buf: &[u8], start: usize) -> Option<((u32, u32), usize)> {
    const PRESERVE: &[u8] = b"<t xml:space=\"preserve\">";
    let rest = &buf[start..];
    let (text_start, preserve) = if rest.starts_with(b"<t>") {
        (start + 3, false)
    } else if rest.starts_with(PRESERVE) {
        (start + PRESERVE.len(), true)
    } else {
        return None;
    };
    let text_end = text_start + memchr(b'<', &buf[text_start..])?;
    if !buf[text_end..].starts_with(b"</t></si>") {
        return None;
    }
    let raw = &buf[text_start..text_end];
    if memchr3(b'&', b'\r', b'_', raw).is_some() {
        return None;
    }
    let (a, b) = if preserve {
        (text_start, text_end)
    } else {
        let lead = raw.iter().take_while(|b| is_xml_space(**b)).count();
        let trail = raw[lead..]
            .iter()
            .rev()
            .take_while(|b| is_xml_space(**b))
            .count();
        (text_start + lead, text_end - trail)
    };
    Some(((a as u32, b as u32), text_end + 9))
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The text of a rich or escaped string (the inside of `<si>` or `<is>`), appended to `out`:
/// every `<t>` outside phonetic runs (`<rPh>`), each decoded, trimmed unless preserved, then
/// Excel's `_xHHHH_` escapes resolved.
fn rich_text(inner: &str, out: &mut String) -> Result<(), Declined> {
    // As calamine: inside a phonetic run or not (a flag, not a depth).
    let mut phonetic = false;
    let mut rest = inner;
    let mut value = String::new();
    while let Some(lt) = rest.find('<') {
        if !rest[..lt].trim_matches(is_xml_space_char).is_empty() && !phonetic {
            // Text outside <t> is not part of the string (calamine skips it too), but it
            // means markup the fast reader does not expect.
            return declined("富文本中的文字");
        }
        let tag = &rest[lt..];
        if tag.starts_with("<!") || tag.starts_with("<?") {
            return declined("富文本中的注释");
        }
        let close = tag.find('>').ok_or(Declined("标签未结束".into()))?;
        let (head, after) = (&tag[1..close], &tag[close + 1..]);
        rest = after;
        // Only the elements a string is made of, each well formed: on anything else (a
        // stray `</si >`, a broken tag) calamine's tokenizer may cut the string elsewhere.
        if let Some(end) = head.strip_prefix('/') {
            match end.trim_end_matches(is_xml_space_char) {
                "rPh" => phonetic = false,
                name if RICH_ELEMENTS.contains(&name) => {}
                _ => return declined("富文本中的结束标签"),
            }
            continue;
        }
        let (head, empty) = match head.strip_suffix('/') {
            Some(head) => (head, true),
            None => (head, false),
        };
        let (name, attrs) = head.split_once(is_xml_space_char).unwrap_or((head, ""));
        if !RICH_ELEMENTS.contains(&name) {
            return declined("富文本中的元素");
        }
        check_attrs(attrs)?;
        match name {
            "rPh" if !empty => phonetic = true,
            "t" if !phonetic => {
                let preserve = attr(attrs, "xml:space")? == Some("preserve");
                let raw = if empty {
                    ""
                } else {
                    let end = rest.find("</t>").ok_or(Declined("t 未结束".into()))?;
                    let raw = &rest[..end];
                    rest = &rest[end + 4..];
                    raw
                };
                if raw.contains('<') {
                    return declined("t 中有标签");
                }
                value.clear();
                decode_text(raw, &mut value)?;
                let trimmed = if preserve {
                    value.as_str()
                } else {
                    value.trim_matches(is_xml_space_char)
                };
                unescape_excel(trimmed, out);
            }
            "t" if !empty => {
                // Phonetic text: skipped.
                let end = rest.find("</t>").ok_or(Declined("t 未结束".into()))?;
                if rest[..end].contains('<') {
                    return declined("t 中有标签");
                }
                rest = &rest[end + 4..];
            }
            _ => {}
        }
    }
    if !rest.trim_matches(is_xml_space_char).is_empty() {
        return declined("富文本末尾的文字");
    }
    Ok(())
}

/// What a shared or inline string is made of: runs, their properties, text, phonetic runs.
const RICH_ELEMENTS: &[&str] = &[
    "r",
    "rPr",
    "t",
    "rPh",
    "phoneticPr",
    "b",
    "i",
    "u",
    "strike",
    "sz",
    "color",
    "rFont",
    "family",
    "scheme",
    "vertAlign",
    "charset",
    "condense",
    "extend",
    "outline",
    "shadow",
];

fn is_xml_space_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Character data: line ends normalised (CR LF and CR to LF, as XML 1.0 requires) and
/// entities resolved. A character reference is taken as written, so `&#13;` stays a CR.
fn decode_text(raw: &str, out: &mut String) -> Result<(), Declined> {
    let mut rest = raw;
    loop {
        let amp = rest.find('&').unwrap_or(rest.len());
        let literal = &rest[..amp];
        let mut bytes = literal;
        while let Some(cr) = bytes.find('\r') {
            out.push_str(&bytes[..cr]);
            out.push('\n');
            bytes = bytes[cr + 1..]
                .strip_prefix('\n')
                .unwrap_or(&bytes[cr + 1..]);
        }
        out.push_str(bytes);
        if amp == rest.len() {
            return Ok(());
        }
        let semi = rest[amp..].find(';').ok_or(Declined("实体未结束".into()))?;
        out.push(entity(&rest[amp + 1..amp + semi])?);
        rest = &rest[amp + semi + 1..];
    }
}

/// A named or numeric entity (without `&` and `;`).
fn entity(name: &str) -> Result<char, Declined> {
    Ok(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#').ok_or(Declined("未知实体".into()))?;
            let code = match number.strip_prefix('x') {
                Some(hex) => parse_radix(hex, 16),
                None => parse_radix(number, 10),
            }
            .ok_or(Declined("字符引用".into()))?;
            char::from_u32(code)
                .filter(|c| *c != '\0')
                .ok_or(Declined("字符引用".into()))?
        }
    })
}

fn parse_radix(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok()
}

/// Entities in an attribute value.
fn decode_entities(raw: &str) -> Result<Cow<'_, str>, Declined> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';').ok_or(Declined("实体未结束".into()))?;
        out.push(entity(&rest[amp + 1..amp + semi])?);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Resolves Excel's `_xHHHH_` escapes (a UTF-16 unit each; a CR is written `_x000D_`, a
/// literal `_x000D_` as `_x005F_x000D_`), appending to `out` (calamine's `unescape_xml`).
fn unescape_excel(text: &str, out: &mut String) {
    const LEN: usize = 7;
    let unit_at = |i: usize| -> Option<u16> {
        let b = text.as_bytes().get(i..i + LEN)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find_from = |mut start: usize| -> Option<(usize, u16)> {
        while let Some(off) = text[start..].find('_') {
            let i = start + off;
            if let Some(u) = unit_at(i) {
                return Some((i, u));
            }
            start = i + 1;
        }
        None
    };
    let mut copied = 0;
    let mut next = find_from(0);
    while let Some((mut index, unit)) = next {
        out.push_str(&text[copied..index]);
        index += LEN;
        match unit {
            0xD800..=0xDBFF => match unit_at(index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        next = find_from(index);
    }
    out.push_str(&text[copied..]);
}

/// Tags of a small part, in order (comments, declarations and CDATA skipped).
struct Tags<'a> {
    rest: &'a str,
    len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    Empty,
    End,
}

/// A tag: its local name (any prefix dropped, as calamine matches) and its attributes' text.
struct Tag<'a> {
    kind: Kind,
    name: &'a str,
    prefixed: bool,
    attrs: &'a str,
}

impl Tag<'_> {
    fn is_start(&self, name: &str) -> bool {
        self.kind != Kind::End && self.name == name
    }
}

impl<'a> Tags<'a> {
    fn new(text: &'a str) -> Tags<'a> {
        Tags {
            rest: text,
            len: text.len(),
        }
    }

    /// How many bytes of the text the tags so far took.
    fn consumed(&self) -> usize {
        self.len - self.rest.len()
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Result<Tag<'a>, Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let lt = self.rest.find('<')?;
            let tag = &self.rest[lt..];
            let skip = |end: &str| tag.find(end).map(|i| i + end.len());
            let skipped = if tag.starts_with("<!--") {
                skip("-->")
            } else if tag.starts_with("<![CDATA[") {
                skip("]]>")
            } else if tag.starts_with("<?") {
                skip("?>")
            } else if tag.starts_with("<!") {
                self.rest = "";
                return Some(declined("DOCTYPE"));
            } else {
                None
            };
            if tag.starts_with("<!") || tag.starts_with("<?") {
                match skipped {
                    Some(n) => {
                        self.rest = &tag[n..];
                        continue;
                    }
                    None => {
                        self.rest = "";
                        return Some(declined("标记未结束"));
                    }
                }
            }
            // The end of the tag, past any '>' inside quoted attribute values.
            let mut quote = None;
            let mut close = None;
            for (i, b) in tag.bytes().enumerate().skip(1) {
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'>') => {
                        close = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(close) = close else {
                self.rest = "";
                return Some(declined("标签未结束"));
            };
            let inner = &tag[1..close];
            self.rest = &tag[close + 1..];
            let (kind, inner) = if let Some(name) = inner.strip_prefix('/') {
                (Kind::End, name.trim_end())
            } else if let Some(inner) = inner.strip_suffix('/') {
                (Kind::Empty, inner)
            } else {
                (Kind::Start, inner)
            };
            let (name, attrs) = inner.split_once(is_xml_space_char).unwrap_or((inner, ""));
            let local = name.rsplit(':').next().unwrap_or(name);
            return Some(Ok(Tag {
                kind,
                name: local,
                prefixed: local.len() != name.len(),
                attrs,
            }));
        }
    }
}

/// Checks a tag's attributes: well formed, none repeated.
fn check_attrs(attrs: &str) -> Result<(), Declined> {
    let mut names: Vec<&str> = Vec::new();
    for a in Attrs(attrs) {
        let (name, _) = a?;
        if names.contains(&name) {
            return declined("属性重复");
        }
        names.push(name);
    }
    Ok(())
}

/// The tags of a whole small part, each with its depth (the root at 0), after checking that
/// the part is one well-nested element named `root`, with well-formed attributes and no
/// element after it: calamine's tokenizer then sees these same tags, and stops where this
/// list ends.
fn part<'a>(text: &'a str, root: &str) -> Result<Vec<(usize, Tag<'a>)>, Declined> {
    let mut stack: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let mut closed = false;
    for tag in Tags::new(text) {
        let tag = tag?;
        if closed {
            return declined("根元素之后还有元素");
        }
        if out.is_empty() && (tag.name != root || tag.kind != Kind::Start) {
            return declined("根元素");
        }
        check_attrs(tag.attrs)?;
        let depth = match tag.kind {
            Kind::Start => {
                stack.push(tag.name);
                stack.len() - 1
            }
            Kind::Empty => stack.len(),
            Kind::End => {
                if stack.pop() != Some(tag.name) {
                    return declined("标签不配对");
                }
                closed = stack.is_empty();
                stack.len()
            }
        };
        out.push((depth, tag));
    }
    if !closed {
        return declined("根元素未结束");
    }
    Ok(out)
}

/// Attributes as written (`name="value"` or with single quotes): name and raw value.
struct Attrs<'a>(&'a str);

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<(&'a str, &'a str), Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut bytes = ByteAttrs(self.0.as_bytes());
        let item = bytes.next()?;
        // The parts end at ASCII bytes (quotes, spaces), so they are text.
        let rest = std::str::from_utf8(bytes.0).unwrap_or_default();
        self.0 = rest;
        Some(item.and_then(|(name, value)| {
            match (std::str::from_utf8(name), std::str::from_utf8(value)) {
                (Ok(name), Ok(value)) => Ok((name, value)),
                _ => declined("属性"),
            }
        }))
    }
}

/// One attribute's raw value (the last one if repeated is never chosen: a repeat declines).
fn attr<'a>(attrs: &'a str, name: &str) -> Result<Option<&'a str>, Declined> {
    let mut found = None;
    for a in Attrs(attrs) {
        let (k, v) = a?;
        if k == name {
            if found.is_some() {
                return declined("属性重复");
            }
            found = Some(v);
        }
    }
    Ok(found)
}

/// Sheet XML is read in pieces of this size; a piece grows only for a cell that is larger.
const CHUNK: usize = 1 << 20;
const MAX_PIECE: usize = 64 << 20;

/// The sheet scanner: rows and cells of one worksheet's XML, read as it inflates.
struct Scanner<'s, Z: Read> {
    entry: Z,
    buf: Vec<u8>,
    /// Parsed up to here; the buffer holds bytes up to `end`.
    pos: usize,
    end: usize,
    eof: bool,
    /// At `</sheetData>`.
    finished: bool,
    /// Where a cell without a reference lies (0-based), as calamine counts.
    row: u32,
    col: u32,
    strings: &'s SharedStrings,
    formats: &'s [CellFormat],
    is_1904: bool,
}

/// What one step of scanning found.
enum Step<'s> {
    Cell(u32, u32, DataRef<'s>),
    Other,
    /// The buffer ends inside the next element.
    More,
    Done,
}

impl<'s, Z: Read> Scanner<'s, Z> {
    /// Reads more of the entry, keeping the unparsed bytes; false at the entry's end.
    fn refill(&mut self) -> Result<bool, Declined> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.end == self.buf.len() {
            // One element larger than the buffer: grow it, up to a size no cell reaches (a
            // cell holds at most 32,767 characters).
            if self.buf.len() >= MAX_PIECE {
                return declined("单元格过大");
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            match self.entry.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return declined("工作表无法解压"),
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.end += n;
        Ok(true)
    }

    /// Reads up to `<sheetData>`: the declared height from `<dimension>`, as calamine gives
    /// it (1 when there is none).
    fn prelude(&mut self) -> Result<u32, Declined> {
        loop {
            if let Some(rows) = self.sheet_data()? {
                return Ok(rows);
            }
            if self.eof {
                return declined("无 sheetData");
            }
            self.refill()?;
        }
    }

    /// Tokenizes what is read so far, as calamine does, up to the first `<sheetData>`: the
    /// declared height, or none when more bytes are needed.
    fn sheet_data(&mut self) -> Result<Option<u32>, Declined> {
        let window = &self.buf[..self.end];
        if window.len() < 512 && !self.eof {
            return Ok(None);
        }
        let start = prolog(window)?;
        let text = match std::str::from_utf8(&window[start..]) {
            Ok(text) => text,
            // A character cut at the end of what is read so far.
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&window[start..start + e.valid_up_to()]).unwrap_or_default()
            }
            Err(_) => return declined("非 UTF-8"),
        };
        let more = |why| if self.eof { Err(why) } else { Ok(None) };
        let mut tags = Tags::new(text);
        let mut rows = 1;
        let mut first = true;
        while let Some(tag) = tags.next() {
            let tag = match tag {
                Ok(tag) => tag,
                // A tag cut at the end of what is read so far, or a damaged one.
                Err(why) => return more(why),
            };
            if std::mem::take(&mut first)
                && (tag.kind != Kind::Start || tag.name != "worksheet" || tag.prefixed)
            {
                // A prefixed sheet (`<x:worksheet>`) is left to calamine.
                return declined("工作表根元素");
            }
            if tag.kind == Kind::End {
                continue;
            }
            match tag.name {
                // calamine keeps the last one.
                "dimension" => {
                    check_attrs(tag.attrs)?;
                    let reference = attr(tag.attrs, "ref")?.ok_or(Declined("dimension".into()))?;
                    let mut parts = reference
                        .split(':')
                        .map(|p| cell_reference(p.as_bytes()).ok_or(Declined("dimension".into())));
                    let first = parts.next().ok_or(Declined("dimension".into()))??;
                    let last = parts.next().transpose()?.unwrap_or(first);
                    if parts.next().is_some() {
                        return declined("dimension");
                    }
                    rows = last.0.saturating_sub(first.0) + 1;
                }
                "sheetData" => {
                    self.finished = tag.kind == Kind::Empty;
                    self.pos = start + tags.consumed();
                    return Ok(Some(rows));
                }
                _ => {}
            }
        }
        more(Declined("无 sheetData".into()))
    }

    /// Adds cells to `batch` until it holds a batch's worth (true) or the sheet ends (false).
    fn fill(&mut self, batch: &mut Batch<'s>, budget: &mut Budget) -> Result<bool, Declined> {
        while batch.len() < super::source::BATCH_CELLS {
            if self.finished {
                self.drain()?;
                return Ok(false);
            }
            match self.step()? {
                Step::Cell(r, c, v) => {
                    budget.spend(&v).or(declined("超出声明大小"))?;
                    if !matches!(v, DataRef::Empty) {
                        batch.push((r, c, v));
                    }
                }
                Step::Other => {}
                Step::More => {
                    if !self.refill()? {
                        return declined("工作表未结束");
                    }
                }
                Step::Done => self.finished = true,
            }
        }
        Ok(true)
    }

    /// Reads the entry to its end, so that the zip reader checks its checksum.
    fn drain(&mut self) -> Result<(), Declined> {
        self.pos = self.end;
        while self.refill()? {
            self.pos = self.end;
        }
        Ok(())
    }

    fn step(&mut self) -> Result<Step<'s>, Declined> {
        let buf = &self.buf[self.pos..self.end];
        let Some(lt) = memchr(b'<', buf) else {
            self.pos = self.end;
            return Ok(Step::More);
        };
        let tag = &buf[lt..];
        let Some(gt) = memchr(b'>', tag) else {
            self.pos += lt;
            return Ok(Step::More);
        };
        let head = &tag[1..gt];
        let name_end = element_name_len(head);
        let self_closing = head.last() == Some(&b'/');
        match &head[..name_end] {
            b"c" => {
                let attrs = &head[1..head.len() - usize::from(self_closing)];
                let (reference, style, typ) = cell_attrs(attrs)?;
                let body_start = lt + gt + 1;
                let (body, after) = if self_closing {
                    (&buf[..0], body_start)
                } else {
                    let Some(close) = find_close(&buf[body_start..], b"</c>") else {
                        self.pos += lt;
                        return Ok(Step::More);
                    };
                    (&buf[body_start..body_start + close], body_start + close + 4)
                };
                let (r, c) = match reference {
                    Some(reference) => {
                        let (r, c) =
                            cell_reference(reference).ok_or(Declined("单元格位置".into()))?;
                        self.col = c;
                        (r, c)
                    }
                    None => (self.row, self.col),
                };
                if r >= MAX_ROWS || c >= MAX_COLUMNS {
                    return declined("超出网格");
                }
                let value = self.value(body, style, typ)?;
                self.col = self.col.checked_add(1).ok_or(Declined("列".into()))?;
                self.pos += after;
                Ok(Step::Cell(r, c, value))
            }
            b"row" => {
                let attrs = &head[3..head.len() - usize::from(self_closing)];
                if let Some(reference) = row_attr(attrs)? {
                    self.row = row_reference(reference).ok_or(Declined("行号".into()))?;
                }
                if self_closing {
                    self.end_row()?;
                }
                self.pos += lt + gt + 1;
                Ok(Step::Other)
            }
            b"/row" => {
                self.end_row()?;
                self.pos += lt + gt + 1;
                Ok(Step::Other)
            }
            b"/sheetData" => {
                self.pos += lt + gt + 1;
                Ok(Step::Done)
            }
            other => Err(Declined(Cow::Owned(format!(
                "工作表中的元素 <{}>",
                String::from_utf8_lossy(other)
            )))),
        }
    }

    fn end_row(&mut self) -> Result<(), Declined> {
        self.row = self.row.checked_add(1).ok_or(Declined("行号".into()))?;
        self.col = 0;
        Ok(())
    }

    /// A cell's value from its children: the last of `<v>`, `<f>` (which gives nothing) and
    /// `<is>` decides, as in calamine.
    fn value(
        &self,
        body: &[u8],
        style: Option<&[u8]>,
        typ: Option<&[u8]>,
    ) -> Result<DataRef<'s>, Declined> {
        let mut value = DataRef::Empty;
        let mut rest = body;
        while let Some(lt) = memchr(b'<', rest) {
            if !rest[..lt].iter().all(u8::is_ascii_whitespace) {
                return declined("单元格中的文字");
            }
            let tag = &rest[lt..];
            let gt = memchr(b'>', tag).ok_or(Declined("标签未结束".into()))?;
            let head = &tag[1..gt];
            let empty = head.last() == Some(&b'/');
            let name_end = element_name_len(head);
            let name = &head[..name_end];
            let after = &tag[gt + 1..];
            let closing: &[u8] = match name {
                b"v" => b"</v>",
                b"f" => b"</f>",
                b"is" => b"</is>",
                other => {
                    return Err(Declined(Cow::Owned(format!(
                        "单元格中的元素 <{}>",
                        String::from_utf8_lossy(other)
                    ))));
                }
            };
            let (content, next) = if empty {
                (&after[..0], after)
            } else {
                let end = find_close(after, closing).ok_or(Declined("元素未结束".into()))?;
                (&after[..end], &after[end + closing.len()..])
            };
            value = match name {
                b"v" => self.v(content, style, typ)?,
                b"f" => DataRef::Empty,
                _ => {
                    let inner = std::str::from_utf8(content).or(declined("非 UTF-8"))?;
                    let mut text = String::new();
                    rich_text(inner, &mut text)?;
                    DataRef::String(text)
                }
            };
            rest = next;
        }
        if !rest.iter().all(u8::is_ascii_whitespace) {
            return declined("单元格中的文字");
        }
        Ok(value)
    }

    /// The value of `<v>` by the cell's type.
    fn v(
        &self,
        content: &[u8],
        style: Option<&[u8]>,
        typ: Option<&[u8]>,
    ) -> Result<DataRef<'s>, Declined> {
        match typ {
            Some(b"inlineStr" | b"is") => return Ok(DataRef::Empty),
            Some(b"str" | b"d") => {
                let raw = std::str::from_utf8(content).or(declined("非 UTF-8"))?;
                if raw.contains('<') {
                    return declined("v 中有标签");
                }
                let mut text = String::new();
                decode_text(raw, &mut text)?;
                return Ok(if typ == Some(b"d") {
                    DataRef::DateTimeIso(text)
                } else {
                    let mut out = String::with_capacity(text.len());
                    unescape_excel(&text, &mut out);
                    DataRef::String(out)
                });
            }
            Some(b"n" | b"s" | b"b" | b"e") | None => {}
            Some(_) => return declined("单元格类型"),
        }
        // Plain ASCII for these types; anything else is left to calamine.
        if content.is_empty() {
            return Ok(DataRef::Empty);
        }
        if !content.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
            return declined("v 的内容");
        }
        let text = std::str::from_utf8(content).or(declined("v 的内容"))?;
        match typ {
            Some(b"s") => {
                let index = digits(content).ok_or(Declined("共享字符串序号".into()))?;
                let s = self
                    .strings
                    .get(index)
                    .ok_or(Declined("共享字符串序号".into()))?;
                Ok(DataRef::SharedString(s))
            }
            Some(b"b") => match text.trim() {
                "" => Ok(DataRef::Empty),
                "0" => Ok(DataRef::Bool(false)),
                "1" => Ok(DataRef::Bool(true)),
                t if t.eq_ignore_ascii_case("false") => Ok(DataRef::Bool(false)),
                t if t.eq_ignore_ascii_case("true") => Ok(DataRef::Bool(true)),
                _ => declined("布尔值"),
            },
            Some(b"e") => text
                .parse::<CellErrorType>()
                .map(DataRef::Error)
                .or(declined("错误值")),
            _ => {
                if !is_plain_number(content) {
                    return declined("数字");
                }
                let n: f64 = text.parse().or(declined("数字"))?;
                let format = match style {
                    Some(s) => self
                        .formats
                        .get(digits(s).ok_or(Declined("样式序号".into()))?)
                        .copied(),
                    None => Some(CellFormat::Other),
                };
                Ok(match format {
                    Some(CellFormat::DateTime) => DataRef::DateTime(ExcelDateTime::new(
                        n,
                        ExcelDateTimeType::DateTime,
                        self.is_1904,
                    )),
                    Some(CellFormat::TimeDelta) => DataRef::DateTime(ExcelDateTime::new(
                        n,
                        ExcelDateTimeType::TimeDelta,
                        self.is_1904,
                    )),
                    _ => DataRef::Float(n),
                })
            }
        }
    }
}

/// `-?D+(.D+)?([eE][+-]?D+)?`: what Excel writes, read alike by every float parser.
fn is_plain_number(s: &[u8]) -> bool {
    let s = s.strip_prefix(b"-").unwrap_or(s);
    let int = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if int == 0 {
        return false;
    }
    let mut rest = &s[int..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    if let Some(exp) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exp = exp
            .strip_prefix(b"+")
            .or_else(|| exp.strip_prefix(b"-"))
            .unwrap_or(exp);
        return !exp.is_empty() && exp.len() <= 4 && exp.iter().all(u8::is_ascii_digit);
    }
    rest.is_empty()
}

/// A non-negative decimal index (at most nine digits).
fn digits(s: &[u8]) -> Option<usize> {
    if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, b| n * 10 + usize::from(b - b'0')))
}

/// `A1` -> (row, column), 0-based; both parts required, within Excel's grid.
fn cell_reference(s: &[u8]) -> Option<(u32, u32)> {
    let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = s[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = digits(&s[letters..])?;
    let row = u32::try_from(row).ok()?.checked_sub(1)?;
    Some((row, col - 1))
}

/// A row's `r`: digits, optionally after letters (which calamine ignores).
fn row_reference(s: &[u8]) -> Option<u32> {
    let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters > 3 {
        return None;
    }
    let row = digits(&s[letters..])?;
    u32::try_from(row).ok()?.checked_sub(1)
}

/// A `<c>` tag's `r`, `s` and `t`.
type CellAttrs<'b> = (Option<&'b [u8]>, Option<&'b [u8]>, Option<&'b [u8]>);

fn cell_attrs(attrs: &[u8]) -> Result<CellAttrs<'_>, Declined> {
    let (mut r, mut s, mut t) = (None, None, None);
    for a in ByteAttrs(attrs) {
        let (k, v) = a?;
        let slot = match k {
            b"r" => &mut r,
            b"s" => &mut s,
            b"t" => &mut t,
            _ => continue,
        };
        if slot.replace(v).is_some() || v.contains(&b'&') {
            return declined("单元格属性");
        }
    }
    Ok((r, s, t))
}

fn row_attr(attrs: &[u8]) -> Result<Option<&[u8]>, Declined> {
    let mut r = None;
    for a in ByteAttrs(attrs) {
        let (k, v) = a?;
        if k == b"r" && r.replace(v).is_some() {
            return declined("行属性");
        }
    }
    Ok(r)
}

/// [`Attrs`] over bytes, for the sheet's hot loop.
struct ByteAttrs<'a>(&'a [u8]);

impl<'a> Iterator for ByteAttrs<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), Declined>;

    /// `name="value"` or `name='value'`, spaces allowed around `=`, at least one space
    /// before the next; anything else declines (calamine's tokenizer might read it otherwise).
    fn next(&mut self) -> Option<Self::Item> {
        let lead = self.0.iter().take_while(|b| is_xml_space(**b)).count();
        let rest = &self.0[lead..];
        if rest.is_empty() {
            return None;
        }
        let parsed = (|| {
            let eq = memchr(b'=', rest)?;
            let name = &rest[..eq];
            let name =
                &name[..name.len() - name.iter().rev().take_while(|b| is_xml_space(**b)).count()];
            let after = &rest[eq + 1..];
            let value = &after[after.iter().take_while(|b| is_xml_space(**b)).count()..];
            let quote = *value.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let len = memchr(quote, &value[1..])?;
            let next = &value[len + 2..];
            if next.first().is_some_and(|b| !is_xml_space(*b)) {
                return None;
            }
            Some((name, &value[1..len + 1], next))
        })();
        match parsed {
            Some((name, value, rest))
                if !name.is_empty()
                    && name.iter().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-')
                    }) =>
            {
                self.0 = rest;
                Some(Ok((name, value)))
            }
            _ => {
                self.0 = &[];
                Some(declined("属性"))
            }
        }
    }
}

/// Where the end tag `close` (`</name>`) first occurs: the short searches of the hot loop,
/// where building a substring searcher would cost more than the search.
fn find_close(haystack: &[u8], close: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr(b'<', &haystack[from..]) {
        let at = from + i;
        if haystack[at..].starts_with(close) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The length of the name at the start of a tag's inside (an end tag's `/` included).
fn element_name_len(head: &[u8]) -> usize {
    let skip = usize::from(head.first() == Some(&b'/'));
    head[skip..]
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/'))
        .map_or(head.len(), |n| n + skip)
}

/// Where an element named by `open` (`<name`) starts, the name whole (not a longer name).
fn find_tag(haystack: &[u8], open: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memmem::find(&haystack[from..], open) {
        let at = from + i;
        match haystack.get(at + open.len()) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => return Some(at),
            Some(_) => from = at + 1,
            None => return None,
        }
    }
    None
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
        Err(Declined(why)) if why.starts_with(PANICKED) => return Err(why.into_owned()),
        Err(Declined(why)) => return Ok(Agreement::Declined(why.into_owned())),
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
