//! The sheet scanner: one worksheet's rows and cells, read from its XML as it inflates.

use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use memchr::memchr;
use std::io::Read;

use super::strings::SharedStrings;
use super::strings::rich_text;
use super::styles::CellFormat;
use super::xml::{
    ByteAttrs, TagKind, TagParts, Tags, attr, char_data, check_attrs, find_close, split_tag,
    unescape_excel,
};
use super::{Declined, declined, prolog};
use crate::ingest::source::{BATCH_CELLS, Batch, Budget, MAX_COLUMNS, MAX_ROWS};

/// Sheet XML is read in pieces of this size; a piece grows only for an element (or the
/// sheet's opening, before `<sheetData>`) that is larger.
pub(super) const CHUNK: usize = 1 << 20;

/// The largest a piece grows before the reader declines: no real sheet comes near it (a cell
/// holds at most 32,767 characters).
pub(super) const MAX_PIECE: usize = 64 << 20;

/// The sheet scanner: rows and cells of one worksheet's XML, read as it inflates.
pub(super) struct Scanner<'s, Z: Read> {
    entry: Z,
    name: String,
    declared: u64,
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
pub(super) enum Step<'s> {
    Cell(u32, u32, DataRef<'s>),
    Other,
    /// The buffer ends inside the next element.
    More,
    Done,
}

impl<'s, Z: Read> Scanner<'s, Z> {
    /// Scans `entry`, the part `name` that declares `declared` bytes.
    pub(super) fn new(
        entry: Z,
        name: &str,
        declared: u64,
        strings: &'s SharedStrings,
        formats: &'s [CellFormat],
        is_1904: bool,
    ) -> Scanner<'s, Z> {
        Scanner {
            entry,
            name: name.to_owned(),
            declared,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            finished: false,
            row: 0,
            col: 0,
            strings,
            formats,
            is_1904,
        }
    }

    /// Reads more of the entry, keeping the unparsed bytes; false at the entry's end.
    fn refill(&mut self) -> Result<bool, Declined> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.end == self.buf.len() {
            // One element (or the sheet's opening) larger than the buffer: grow it, up to a
            // size no real sheet needs (a cell holds at most 32,767 characters).
            if self.buf.len() >= MAX_PIECE {
                return declined("工作表中的单个元素过大");
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        // Fill the buffer: a piece read in small steps would be scanned again at each one.
        let mut any = false;
        while self.end < self.buf.len() {
            match self.entry.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    self.end += n;
                    any = true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Declined::damaged(&self.name, self.declared, &e)),
            }
        }
        Ok(any)
    }

    /// Reads up to `<sheetData>`: the declared height from `<dimension>`, as calamine gives
    /// it (1 when there is none).
    pub(super) fn prelude(&mut self) -> Result<u32, Declined> {
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
                && (tag.kind != TagKind::Start || tag.name != "worksheet" || tag.prefixed)
            {
                // A prefixed sheet (`<x:worksheet>`) is left to calamine.
                return declined("工作表根元素");
            }
            if tag.kind == TagKind::End {
                continue;
            }
            match tag.name {
                // calamine keeps the last one.
                "dimension" => {
                    check_attrs(tag.attrs)?;
                    let reference =
                        attr(tag.attrs, "ref")?.ok_or(Declined::because("dimension"))?;
                    let mut parts = reference.split(':').map(|p| {
                        cell_reference(p.as_bytes()).ok_or(Declined::because("dimension"))
                    });
                    let first = parts.next().ok_or(Declined::because("dimension"))??;
                    let last = parts.next().transpose()?.unwrap_or(first);
                    if parts.next().is_some() {
                        return declined("dimension");
                    }
                    rows = last.0.saturating_sub(first.0) + 1;
                }
                "sheetData" => {
                    self.finished = tag.kind == TagKind::Empty;
                    self.pos = start + tags.consumed();
                    return Ok(Some(rows));
                }
                _ => {}
            }
        }
        more(Declined::because("无 sheetData"))
    }

    /// Adds cells to `batch` until it holds a batch's worth (true) or the sheet ends (false).
    pub(super) fn fill(
        &mut self,
        batch: &mut Batch<'s>,
        budget: &mut Budget,
    ) -> Result<bool, Declined> {
        while batch.len() < BATCH_CELLS {
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
        let TagParts {
            end: end_tag,
            name,
            attrs,
            closes: self_closing,
        } = split_tag(&tag[1..gt])?;
        match (end_tag, name) {
            (false, b"c") => {
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
                            cell_reference(reference).ok_or(Declined::because("单元格位置"))?;
                        self.col = c;
                        (r, c)
                    }
                    None => (self.row, self.col),
                };
                if r >= MAX_ROWS || c >= MAX_COLUMNS {
                    return declined("超出网格");
                }
                let value = self.value(body, style, typ)?;
                self.col = self.col.checked_add(1).ok_or(Declined::because("列"))?;
                self.pos += after;
                Ok(Step::Cell(r, c, value))
            }
            (false, b"row") => {
                if let Some(reference) = row_attr(attrs)? {
                    self.row = row_reference(reference).ok_or(Declined::because("行号"))?;
                }
                if self_closing {
                    self.end_row()?;
                }
                self.pos += lt + gt + 1;
                Ok(Step::Other)
            }
            (true, b"row") => {
                self.end_row()?;
                self.pos += lt + gt + 1;
                Ok(Step::Other)
            }
            (true, b"sheetData") => {
                self.pos += lt + gt + 1;
                Ok(Step::Done)
            }
            (end_tag, other) => Err(Declined::because(format!(
                "工作表中的元素 <{}{}>",
                if end_tag { "/" } else { "" },
                String::from_utf8_lossy(other)
            ))),
        }
    }

    fn end_row(&mut self) -> Result<(), Declined> {
        self.row = self.row.checked_add(1).ok_or(Declined::because("行号"))?;
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
            let gt = memchr(b'>', tag).ok_or(Declined::because("标签未结束"))?;
            let TagParts {
                end: end_tag,
                name,
                attrs,
                closes: empty,
            } = split_tag(&tag[1..gt])?;
            if end_tag {
                return declined("单元格中的结束标签");
            }
            for a in ByteAttrs(attrs) {
                a?;
            }
            let after = &tag[gt + 1..];
            let closing: &[u8] = match name {
                b"v" => b"</v>",
                b"f" => b"</f>",
                b"is" => b"</is>",
                other => {
                    return Err(Declined::because(format!(
                        "单元格中的元素 <{}>",
                        String::from_utf8_lossy(other)
                    )));
                }
            };
            let (content, next) = if empty {
                (&after[..0], after)
            } else {
                let end = find_close(after, closing).ok_or(Declined::because("元素未结束"))?;
                (&after[..end], &after[end + closing.len()..])
            };
            value = match name {
                b"v" => self.v(content, style, typ)?,
                // A formula is text: a tag inside it is a part calamine may cut elsewhere.
                b"f" if content.contains(&b'<') => return declined("公式中有标签"),
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
                char_data(raw, &mut text)?;
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
                let index = digits(content).ok_or(Declined::because("共享字符串序号"))?;
                let s = self
                    .strings
                    .get(index)
                    .ok_or(Declined::because("共享字符串序号"))?;
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
                        .get(digits(s).ok_or(Declined::because("样式序号"))?)
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
pub(super) fn is_plain_number(s: &[u8]) -> bool {
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
pub(super) fn digits(s: &[u8]) -> Option<usize> {
    if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, b| n * 10 + usize::from(b - b'0')))
}

/// `A1` -> (row, column), 0-based; both parts required, within Excel's grid.
pub(super) fn cell_reference(s: &[u8]) -> Option<(u32, u32)> {
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
pub(super) fn row_reference(s: &[u8]) -> Option<u32> {
    let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters > 3 {
        return None;
    }
    let row = digits(&s[letters..])?;
    u32::try_from(row).ok()?.checked_sub(1)
}

/// A `<c>` tag's `r`, `s` and `t`.
pub(super) type CellAttrs<'b> = (Option<&'b [u8]>, Option<&'b [u8]>, Option<&'b [u8]>);

pub(super) fn cell_attrs(attrs: &[u8]) -> Result<CellAttrs<'_>, Declined> {
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

pub(super) fn row_attr(attrs: &[u8]) -> Result<Option<&[u8]>, Declined> {
    let mut r = None;
    for a in ByteAttrs(attrs) {
        let (k, v) = a?;
        if k == b"r" && r.replace(v).is_some() {
            return declined("行属性");
        }
    }
    Ok(r)
}
