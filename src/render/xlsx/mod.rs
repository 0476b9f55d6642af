//! Writes the summary workbook staff keep working in, from the report alone. Sheet names and the
//! 说明 marker follow `ledger`: next week's run reads 说明, 总体概况 and 遗留工单 back.
//!
//! `summary` writes the four count sheets, `detail` the order and diagnostic lists (split over
//! several sheets past Excel's row limit), `about` the 说明 sheet. `Sheet` below is the one place
//! cells are written, so every text goes through `write_string` and every column is sized.

mod about;
mod detail;
mod summary;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, RowNum, Workbook, Worksheet,
    XlsxError,
};

use crate::render::format::datetime_plain;
use crate::report::Report;

/// Rows one Excel worksheet can hold, header included.
const EXCEL_MAX_ROWS: RowNum = 1_048_576;

/// Renders the workbook as the bytes of a .xlsx file.
///
/// The same report always gives the same bytes: the document's creation time is the report's
/// print date, never the clock.
///
/// # Errors
/// When `rust_xlsxwriter` fails (in memory, only on a bug or an out-of-range cell).
pub fn render(report: &Report) -> Result<Vec<u8>, XlsxError> {
    render_with_row_limit(report, EXCEL_MAX_ROWS)
}

/// `row_limit` is the number of rows a detail sheet may hold, header included; tests pass a
/// small one to see a list continue on a second sheet without writing a million rows.
fn render_with_row_limit(report: &Report, row_limit: RowNum) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(report)?);
    let formats = Formats::new();

    summary::write_overview(&mut workbook, &formats, report)?;
    summary::write_categories(&mut workbook, &formats, report)?;
    summary::write_departments(&mut workbook, &formats, report)?;
    summary::write_department_stats(&mut workbook, &formats, report)?;
    let runs = detail::write_details(&mut workbook, &formats, report, row_limit)?;
    about::write_about(&mut workbook, &formats, report, &runs)?;

    // Level 1 instead of 6: for a year's records (30,000 detail rows) the workbook is written
    // about 0.3 s sooner, at 6.6 MB instead of 3.8 MB; a week's is a few hundred KB either way.
    workbook.set_zip_compression_level(1);
    let bytes = workbook.save_to_buffer();
    crate::app::drop_in_background(workbook);
    bytes
}

/// Fixed properties: a creation time taken from the clock would make every run's bytes differ,
/// so it is the report's print date (a fixed day should that ever be outside Excel's range).
fn properties(report: &Report) -> Result<DocProperties, XlsxError> {
    let created = match excel_datetime(report.print_date.and_time(chrono::NaiveTime::MIN)) {
        Some(t) => t,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    Ok(DocProperties::new()
        .set_title(format!("12345热线汇总 {}", report.name))
        .set_author(concat!("hotline-bulletin ", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&created))
}

/// The cell formats every sheet shares (`rust_xlsxwriter` deduplicates them on save). Data cells
/// are top-aligned: beside a wrapped 诉求内容 several lines tall, a bottom-aligned 工单编号
/// would sit lines below its row's start.
struct Formats {
    header: Format,
    plain: Format,
    wrap: Format,
    percent: Format,
    one_decimal: Format,
    datetime: Format,
}

impl Formats {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new().set_bold(),
            wrap: top.clone().set_text_wrap(),
            percent: top.clone().set_num_format("0.00%"),
            one_decimal: top.clone().set_num_format("0.0"),
            datetime: top.clone().set_num_format(DATETIME_FORMAT),
            plain: top,
        }
    }
}

const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm";

/// Width added to the widest text of a column: the cell's margins and the header's bold.
const WIDTH_PADDING: u32 = 2;
const MIN_WIDTH: u32 = 6;
/// Long free text (诉求内容, 办理情况, a problem's 说明) stops here and wraps.
const WRAP_WIDTH: u32 = 60;
/// Excel's own maximum column width.
const EXCEL_MAX_WIDTH: u32 = 255;
/// Points per line of wrapped text: Excel's default row height for 11 pt text.
const LINE_HEIGHT: f64 = 15.0;
/// Excel refuses a cell longer than this many UTF-16 units.
const EXCEL_MAX_TEXT: usize = 32_767;

/// Column widths from the text each column holds. `rust_xlsxwriter`'s autofit counts a Chinese
/// character as one Latin one, which leaves Chinese columns half as wide as they need to be.
struct ColumnWidths {
    units: Vec<u32>,
    wrapping: Vec<ColNum>,
    wrap_width: u32,
}

impl ColumnWidths {
    fn new(wrapping: &[ColNum]) -> Self {
        ColumnWidths {
            units: Vec::new(),
            wrapping: wrapping.to_vec(),
            wrap_width: WRAP_WIDTH,
        }
    }

    fn wraps(&self, col: ColNum) -> bool {
        self.wrapping.contains(&col)
    }

    fn fit(&mut self, col: ColNum, units: u32) {
        let i = usize::from(col);
        if self.units.len() <= i {
            self.units.resize(i + 1, 0);
        }
        self.units[i] = self.units[i].max(units);
    }

    /// Lines `text` takes in a wrapping column. Known before the column's final width: a line
    /// wider than the cap makes the column exactly the cap, and a narrower one fits whatever the
    /// column's width ends up (at least this line's).
    fn wrapped_lines(&self, text: &str) -> u32 {
        let usable = self.wrap_width - WIDTH_PADDING;
        text.lines()
            .map(|line| display_units(line).div_ceil(usable).max(1))
            .sum::<u32>()
            .max(1)
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, units) in (0..).zip(&self.units) {
            let cap = if self.wraps(col) {
                self.wrap_width
            } else {
                EXCEL_MAX_WIDTH
            };
            let width = (units + WIDTH_PADDING).clamp(MIN_WIDTH, cap);
            ws.set_column_width(col, width)?;
        }
        Ok(())
    }
}

/// Display width in Excel character units (the width of "0"): a Chinese or full-width
/// character takes two. For text with line breaks, the widest line.
fn display_units(text: &str) -> u32 {
    text.lines()
        .map(|line| line.chars().map(char_units).sum::<u32>())
        .max()
        .unwrap_or(0)
}

fn char_units(c: char) -> u32 {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F       // Hangul Jamo
        | 0x2E80..=0x303E     // CJK radicals, punctuation 。、「」
        | 0x3041..=0x33FF     // kana, CJK compatibility
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7A3     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFE30..=0xFE4F     // CJK compatibility forms
        | 0xFF00..=0xFF60     // full-width forms （），：
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD); // CJK extensions B and later
    if wide { 2 } else { 1 }
}

/// Excel cannot hold a longer cell; rather than fail the whole workbook, the text is cut and
/// says so.
fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = "…（超出 Excel 单元格长度上限，已截断）";
    if text.encode_utf16().count() <= EXCEL_MAX_TEXT {
        return text.into();
    }
    let room = EXCEL_MAX_TEXT - MARK.encode_utf16().count();
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.push_str(MARK);
    cut.into()
}

/// `t` as an Excel date, or None before 1900 (Excel has no such dates).
fn excel_datetime(t: NaiveDateTime) -> Option<ExcelDateTime> {
    let date = ExcelDateTime::from_ymd(
        u16::try_from(t.year()).ok()?,
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
    )
    .ok()?;
    date.and_hms(
        u16::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        t.second(),
    )
    .ok()
}

/// A worksheet being written: every cell goes through here, so texts are always strings (a
/// 诉求内容 starting with "=" stays text, never a formula) and each column's width is tracked.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    formats: &'a Formats,
    widths: ColumnWidths,
    /// The row last made taller for wrapped text, and its lines.
    tall_row: Option<(RowNum, u32)>,
    /// Columns whose text format is set on the column, so that text cells are written without
    /// a format of their own (and take the column's): rust_xlsxwriter hashes a cell's format
    /// on every write, which a year's detail sheets feel.
    text_columns: Vec<bool>,
}

impl<'a> Sheet<'a> {
    /// Adds a worksheet named `name`; columns in `wrapping` hold long text and wrap.
    fn add(
        workbook: &'a mut Workbook,
        formats: &'a Formats,
        name: &str,
        wrapping: &[ColNum],
    ) -> Result<Self, XlsxError> {
        Sheet::on(workbook.add_worksheet(), formats, name, wrapping)
    }

    /// As [`Sheet::add`], on a worksheet not yet in a workbook (built on another thread).
    fn on(
        ws: &'a mut Worksheet,
        formats: &'a Formats,
        name: &str,
        wrapping: &[ColNum],
    ) -> Result<Self, XlsxError> {
        ws.set_name(name)?;
        // Staff print these sheets for meetings: A4 landscape, one page wide.
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0);
        Ok(Sheet {
            ws,
            formats,
            widths: ColumnWidths::new(wrapping),
            tall_row: None,
            text_columns: Vec::new(),
        })
    }

    /// Wrapping columns stop at `width` instead of the usual 60.
    fn wrap_at(mut self, width: u32) -> Self {
        self.widths.wrap_width = width;
        self
    }

    /// Row 1, bold and frozen so it stays in view while scrolling, and repeated on every
    /// printed page.
    fn header(&mut self, labels: &[&str]) -> Result<(), XlsxError> {
        for (col, label) in (0..).zip(labels) {
            self.bold(0, col, label)?;
        }
        self.ws.set_freeze_panes(1, 0)?;
        self.ws.set_repeat_rows(0, 0)?;
        Ok(())
    }

    fn bold(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, text, &self.formats.header)?;
        self.widths.fit(col, display_units(text));
        Ok(())
    }

    fn text(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), XlsxError> {
        let text = excel_text(text);
        let i = usize::from(col);
        if self.text_columns.len() <= i {
            self.text_columns.resize(i + 1, false);
        }
        if !self.text_columns[i] {
            let format = if self.widths.wraps(col) {
                &self.formats.wrap
            } else {
                &self.formats.plain
            };
            self.ws.set_column_format(col, format)?;
            self.text_columns[i] = true;
        }
        self.ws.write_string(row, col, text.as_ref())?;
        if self.widths.wraps(col) {
            self.fit_lines(row, self.widths.wrapped_lines(&text))?;
        }
        self.widths.fit(col, display_units(&text));
        Ok(())
    }

    /// Makes `row` tall enough for `lines` of text. Excel grows such rows itself, but
    /// LibreOffice keeps the default height and hides every line but the first.
    fn fit_lines(&mut self, row: RowNum, lines: u32) -> Result<(), XlsxError> {
        let taller = match self.tall_row {
            Some((r, l)) if r == row => lines > l,
            _ => lines > 1,
        };
        if taller {
            self.ws
                .set_row_height(row, LINE_HEIGHT * f64::from(lines))?;
            self.tall_row = Some((row, lines));
        }
        Ok(())
    }

    /// A missing value stays a blank cell.
    fn opt_text(&mut self, row: RowNum, col: ColNum, text: Option<&str>) -> Result<(), XlsxError> {
        match text {
            Some(t) => self.text(row, col, t),
            None => Ok(()),
        }
    }

    fn yes_no(&mut self, row: RowNum, col: ColNum, yes: bool) -> Result<(), XlsxError> {
        self.text(row, col, if yes { "是" } else { "否" })
    }

    // `as f64`: counts stay far below 2^53, where f64 stops being exact.
    fn count(&mut self, row: RowNum, col: ColNum, n: u64) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, n as f64, &self.formats.plain)?;
        self.widths.fit(col, display_units(&n.to_string()));
        Ok(())
    }

    fn signed_count(&mut self, row: RowNum, col: ColNum, n: i64) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, n as f64, &self.formats.plain)?;
        self.widths.fit(col, display_units(&n.to_string()));
        Ok(())
    }

    /// A fraction (0.2027) shown as 20.27%: a number Excel can sum and sort, not text.
    fn share(&mut self, row: RowNum, col: ColNum, fraction: f64) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, fraction, &self.formats.percent)?;
        self.widths.fit(col, display_units("-100.00%"));
        Ok(())
    }

    fn one_decimal(&mut self, row: RowNum, col: ColNum, value: f64) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, value, &self.formats.one_decimal)?;
        self.widths.fit(col, display_units(&format!("{value:.1}")));
        Ok(())
    }

    /// A real Excel datetime; before 1900 (no Excel date) the text, so nothing is lost.
    fn datetime(&mut self, row: RowNum, col: ColNum, t: NaiveDateTime) -> Result<(), XlsxError> {
        match excel_datetime(t) {
            Some(dt) => {
                self.ws
                    .write_datetime_with_format(row, col, &dt, &self.formats.datetime)?;
                self.widths.fit(col, display_units(DATETIME_FORMAT));
                Ok(())
            }
            None => self.text(row, col, &datetime_plain(t)),
        }
    }

    fn opt_datetime(
        &mut self,
        row: RowNum,
        col: ColNum,
        t: Option<NaiveDateTime>,
    ) -> Result<(), XlsxError> {
        match t {
            Some(t) => self.datetime(row, col, t),
            None => Ok(()),
        }
    }

    /// Sets the column widths; call once every cell is written.
    fn finish(self) -> Result<(), XlsxError> {
        self.widths.apply(self.ws)
    }
}
