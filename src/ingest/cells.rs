//! Cell values -> typed field values: text trimming, ids Excel may have rounded, dates in
//! every form exports carry (real date cells, serial numbers, text), yes/no flags.

use calamine::DataRef;
use std::borrow::Cow;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// Dates outside these years are typing or conversion errors (1900 is Excel's zero date).
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2060;

/// What a cell holds, reduced to what ingest distinguishes.
#[derive(Debug, Clone, PartialEq)]
pub enum CellText<'a> {
    Empty,
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    Bool(bool),
    DateTime(NaiveDateTime),
    /// An error value (#REF!, #N/A) or a date cell that cannot be a date.
    Error(String),
}

/// Reduces a calamine cell, keeping shared strings borrowed.
pub fn classify<'a>(cell: &'a DataRef<'a>) -> CellText<'a> {
    use std::borrow::Cow;
    match cell {
        DataRef::Empty => CellText::Empty,
        DataRef::String(s) => CellText::Text(Cow::Borrowed(s.as_str())),
        DataRef::SharedString(s) => CellText::Text(Cow::Borrowed(s)),
        DataRef::Int(i) => CellText::Number(*i as f64),
        DataRef::Float(f) => CellText::Number(*f),
        DataRef::Bool(b) => CellText::Bool(*b),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => CellText::DateTime(t),
            _ => CellText::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellText::Text(Cow::Borrowed(s)),
        DataRef::Error(e) => CellText::Error(e.to_string()),
    }
}

/// Whitespace exports carry around values: spaces (full-width too), newlines, tabs, BOMs.
pub fn is_trim_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}' || c == '\u{200b}'
}

/// Whether any byte of `bytes` satisfies `special`: a branch-free scan in blocks, which the
/// compiler turns into vector compares, for the long texts every row carries.
fn any_byte(bytes: &[u8], special: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(32)
        .any(|block| block.iter().fold(false, |seen, &b| seen | special(b)))
}

/// No trim or control character anywhere: the common case. A byte is suspect when it is a
/// C0 control, a space or DEL, or the lead byte of U+0080..U+00BF (C1 controls, NEL, NBSP),
/// U+1680, U+2000..U+205F, U+3000 or U+FEFF; a text without such bytes needs no cleaning.
fn is_plain(raw: &str) -> bool {
    !any_byte(raw.as_bytes(), |b| {
        b <= 0x20 || b == 0x7F || b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF
    })
}

/// Whether `clean_text` would remove control characters from `raw`.
pub fn has_controls(raw: &str) -> bool {
    // Control characters are C0 bytes, DEL, or C1 (lead byte 0xC2); newline and tab are kept.
    let suspect = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || b == 0xC2;
    if !any_byte(raw.as_bytes(), suspect) {
        return false;
    }
    raw.trim_matches(is_trim_char)
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

/// Trims spaces (full-width included), newlines and tabs at both ends, and removes control
/// characters other than newline and tab. Returns the text and whether controls were removed.
/// Borrows when nothing but trimming is needed, which is nearly always.
pub fn clean_text(raw: &str) -> (Cow<'_, str>, bool) {
    if is_plain(raw) {
        return (Cow::Borrowed(raw), false);
    }
    clean_suspect(raw)
}

/// `clean_text` for a text that failed the `is_plain` test.
fn clean_suspect(raw: &str) -> (Cow<'_, str>, bool) {
    let t = raw.trim_matches(is_trim_char);
    if has_controls(t) {
        let cleaned: String = t
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        (
            Cow::Owned(cleaned.trim_matches(is_trim_char).to_owned()),
            true,
        )
    } else {
        (Cow::Borrowed(t), false)
    }
}

/// A short value (category, department, status): cleaned and with inner runs of whitespace
/// removed between CJK text, one space kept between Latin words or digits.
pub fn clean_short(raw: &str) -> (Cow<'_, str>, bool) {
    if is_plain(raw) {
        return (Cow::Borrowed(raw), false);
    }
    let (t, had_controls) = clean_suspect(raw);
    if !t.contains(is_trim_char) {
        return (t, had_controls);
    }
    let mut out = String::with_capacity(t.len());
    let mut pending_space = false;
    for c in t.chars() {
        if is_trim_char(c) {
            pending_space = true;
            continue;
        }
        if pending_space {
            let prev_ascii = out
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_alphanumeric());
            if prev_ascii && c.is_ascii_alphanumeric() {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    (Cow::Owned(out), had_controls)
}

/// A number as an id or a text value would be typed: 12345, not 12345.0.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// The outcome of reading a 工单编号 cell.
#[derive(Debug, Clone, PartialEq)]
pub enum IdCell {
    Empty,
    Id(String),
    /// Excel turned a long id into a number and kept 15 significant digits: shown as Excel shows it.
    LostDigits(String),
}

/// Reads a 工单编号 cell. Excel keeps 15 significant digits, so a number of 16 digits or more,
/// or a text in scientific notation (a CSV saved from such a cell), has lost digits.
pub fn id_cell(cell: &CellText<'_>) -> IdCell {
    match cell {
        CellText::Empty | CellText::Error(_) => IdCell::Empty,
        CellText::Number(f) => {
            if f.abs() >= 1e15 {
                IdCell::LostDigits(excel_general(*f))
            } else {
                IdCell::Id(number_text(*f))
            }
        }
        CellText::Bool(b) => IdCell::Id(if *b { "TRUE".into() } else { "FALSE".into() }),
        CellText::DateTime(t) => IdCell::Id(t.format("%Y-%m-%d %H:%M:%S").to_string()),
        CellText::Text(s) => {
            let (t, _) = clean_short(s);
            if t.is_empty() {
                IdCell::Empty
            } else if looks_scientific(&t) {
                IdCell::LostDigits(t.into_owned())
            } else {
                IdCell::Id(t.into_owned())
            }
        }
    }
}

fn looks_scientific(t: &str) -> bool {
    let Some((mantissa, exp)) = t.split_once(['E', 'e']) else {
        return false;
    };
    let exp = exp.trim_start_matches('+');
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().next().is_some_and(|c| c.is_ascii_digit())
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

/// How Excel's General format shows a large number: 2.40624E+15.
fn excel_general(f: f64) -> String {
    let s = format!("{f:.5E}");
    let (m, e) = s.split_once('E').unwrap_or((&s, "0"));
    let m = m.trim_end_matches('0').trim_end_matches('.');
    let e: i32 = e.parse().unwrap_or(0);
    format!("{m}E{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// The outcome of reading a date cell.
#[derive(Debug, Clone, PartialEq)]
pub enum DateCell {
    Empty,
    Date(NaiveDateTime),
    /// Not a date; the text as the user sees it.
    Unreadable(String),
    /// A date, but outside `PLAUSIBLE_YEARS`.
    Implausible(String),
}

/// Reads a date from a real date cell, an Excel serial number or text in the common forms.
pub fn date_cell(cell: &CellText<'_>) -> DateCell {
    let parsed = match cell {
        CellText::Empty => return DateCell::Empty,
        CellText::Error(e) => return DateCell::Unreadable(e.clone()),
        CellText::Bool(b) => return DateCell::Unreadable(b.to_string()),
        CellText::DateTime(t) => Some(*t),
        CellText::Number(f) => from_serial(*f),
        CellText::Text(s) => {
            let t = s.trim_matches(is_trim_char);
            if t.is_empty() {
                return DateCell::Empty;
            }
            parse_date_text(t)
        }
    };
    let shown = || match cell {
        CellText::Text(s) => s.trim_matches(is_trim_char).to_owned(),
        CellText::Number(f) => number_text(*f),
        CellText::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        _ => String::new(),
    };
    match parsed {
        None => DateCell::Unreadable(shown()),
        Some(t) if !PLAUSIBLE_YEARS.contains(&t.year()) => DateCell::Implausible(shown()),
        Some(t) => DateCell::Date(t),
    }
}

/// An Excel serial date (1900 system): day 1 is 1900-01-01, with Excel's phantom 1900-02-29.
pub fn from_serial(f: f64) -> Option<NaiveDateTime> {
    if !f.is_finite() || !(1.0..2_958_466.0).contains(&f) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let days = f.trunc() as i64;
    let seconds = ((f - f.trunc()) * 86_400.0).round() as i64;
    base.checked_add_signed(Duration::days(days) + Duration::seconds(seconds))
}

/// Parses "2024-06-24 10:23", "2024-06-24 10:23:00", "2024/6/24 10:23:00",
/// "2024年6月24日10时23分", "2024-06-24T10:23:00", "2024.6.24", "20240624" and a date alone.
pub fn parse_date_text(t: &str) -> Option<NaiveDateTime> {
    let mut nums: Vec<(u32, usize)> = Vec::with_capacity(6);
    let mut cur: Option<(u32, usize)> = None;
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            let (v, n) = cur.unwrap_or((0, 0));
            if n >= 9 {
                return None;
            }
            cur = Some((v * 10 + d, n + 1));
        } else {
            if !is_date_separator(c) {
                return None;
            }
            if let Some(x) = cur.take() {
                nums.push(x);
            }
        }
    }
    if let Some(x) = cur.take() {
        nums.push(x);
    }
    // Fractional seconds ("10:23:00.000") are a seventh number; ignore it.
    if nums.len() == 7 {
        nums.pop();
    }
    if nums.len() == 1 && nums[0].1 == 8 {
        let v = nums[0].0;
        nums = vec![(v / 10_000, 4), ((v / 100) % 100, 2), (v % 100, 2)];
    }
    if !(3..=6).contains(&nums.len()) || nums[0].1 != 4 || nums.len() == 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(nums[0].0 as i32, nums[1].0, nums[2].0)?;
    let h = nums.get(3).map_or(0, |x| x.0);
    let m = nums.get(4).map_or(0, |x| x.0);
    let s = nums.get(5).map_or(0, |x| x.0);
    date.and_hms_opt(h, m, s)
}

fn is_date_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '/'
            | '.'
            | ':'
            | ' '
            | 'T'
            | 'Z'
            | '年'
            | '月'
            | '日'
            | '时'
            | '分'
            | '秒'
            | '号'
            | '点'
            | '：'
            | '\u{3000}'
    )
}

/// Reads a yes/no flag: the configured aliases decide text; numbers and booleans are direct.
pub fn yes_no(
    cell: &CellText<'_>,
    aliases: &crate::config::ValueAliases,
) -> Option<Result<bool, String>> {
    match cell {
        CellText::Empty | CellText::Error(_) => None,
        CellText::Bool(b) => Some(Ok(*b)),
        CellText::Number(f) => Some(Ok(*f != 0.0)),
        CellText::DateTime(_) => Some(Err("日期".into())),
        CellText::Text(s) => {
            let (t, _) = clean_short(s);
            if t.is_empty() {
                return None;
            }
            match aliases.canonical(t.as_ref()) {
                Some("是") => Some(Ok(true)),
                Some(_) => Some(Ok(false)),
                None => Some(Err(t.into_owned())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trim_or_control_character_is_seen_by_the_byte_check() {
        // The fast paths skip cleaning when no byte is suspect: that is sound only if every
        // character the slow path acts on has such a byte. Checked over all of Unicode.
        let mut acted_on = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_trim_char(c) || c.is_control() {
                acted_on += 1;
                let mut buf = [0u8; 4];
                assert!(!is_plain(c.encode_utf8(&mut buf)), "U+{:04X}", u32::from(c));
            }
        }
        assert!(acted_on > 60, "{acted_on}");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_control() && c != '\n' && c != '\t' {
                assert!(has_controls(&format!("办{c}理")), "U+{:04X}", u32::from(c));
            }
        }
        assert!(!has_controls(
            "市民反映，小区门口（东侧）路灯不亮。\n请处理"
        ));
        // And plain CJK text takes the fast path unchanged.
        assert!(is_plain("市住房和城乡建设局"));
        assert_eq!(clean_short("市住房和城乡建设局").0, "市住房和城乡建设局");
        assert_eq!(
            clean_short(" 市住房和 城乡建设局\u{3000}").0,
            "市住房和城乡建设局"
        );
    }
    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, s)
            .unwrap()
    }

    #[track_caller]
    fn text_date(text: &str, expected: Option<NaiveDateTime>) {
        assert_eq!(parse_date_text(text), expected, "{text}");
    }

    #[test]
    fn every_text_date_form() {
        let t = dt(2024, 6, 24, 10, 23, 0);
        text_date("2024-06-24 10:23", Some(t));
        text_date("2024-06-24 10:23:00", Some(t));
        text_date("2024/6/24 10:23:00", Some(t));
        text_date("2024年6月24日10时23分", Some(t));
        text_date("2024年6月24日 10:23", Some(t));
        text_date("2024-06-24T10:23:00", Some(t));
        text_date("2024-06-24T10:23:00.000", Some(t));
        text_date("2024-06-24", Some(dt(2024, 6, 24, 0, 0, 0)));
        text_date("2024/6/24", Some(dt(2024, 6, 24, 0, 0, 0)));
        text_date("2024.6.24", Some(dt(2024, 6, 24, 0, 0, 0)));
        text_date("20240624", Some(dt(2024, 6, 24, 0, 0, 0)));
        text_date("2019/4/25 9:32:09", Some(dt(2019, 4, 25, 9, 32, 9)));
        text_date("6/24/2024", None);
        text_date("2024-13-01", None);
        text_date("2024-02-30", None);
        text_date("下周一", None);
        text_date("2024-06-24 25:00", None);
        text_date("2024-06-24 10", None);
    }

    #[test]
    fn serial_numbers_and_date_cells() {
        // 45467 is 2024-06-24 in Excel's 1900 system.
        assert_eq!(from_serial(45467.0), Some(dt(2024, 6, 24, 0, 0, 0)));
        assert_eq!(from_serial(45467.5), Some(dt(2024, 6, 24, 12, 0, 0)));
        assert_eq!(from_serial(-3.0), None);
        assert_eq!(
            date_cell(&CellText::Number(45467.25)),
            DateCell::Date(dt(2024, 6, 24, 6, 0, 0))
        );
        // Year 1900 and 2099 are not plausible.
        assert_eq!(
            date_cell(&CellText::Number(2.0)),
            DateCell::Implausible("2".into())
        );
        assert!(matches!(
            date_cell(&CellText::Text(Cow::Borrowed("2099-01-01"))),
            DateCell::Implausible(_)
        ));
        assert_eq!(
            date_cell(&CellText::Text(Cow::Borrowed(" 不详 "))),
            DateCell::Unreadable("不详".into())
        );
        assert_eq!(
            date_cell(&CellText::Text(Cow::Borrowed(" \u{3000}"))),
            DateCell::Empty
        );
    }

    #[test]
    fn ids_that_excel_rounded_are_recognised() {
        assert_eq!(
            id_cell(&CellText::Number(2_406_240_001.0)),
            IdCell::Id("2406240001".into())
        );
        assert_eq!(
            id_cell(&CellText::Number(2_406_240_123_456_789.0)),
            IdCell::LostDigits("2.40624E+15".into())
        );
        assert_eq!(
            id_cell(&CellText::Text(Cow::Borrowed("2.40624E+15"))),
            IdCell::LostDigits("2.40624E+15".into())
        );
        assert_eq!(
            id_cell(&CellText::Text(Cow::Borrowed(" HX2406 \n"))),
            IdCell::Id("HX2406".into())
        );
        assert_eq!(
            id_cell(&CellText::Text(Cow::Borrowed("E12"))),
            IdCell::Id("E12".into())
        );
    }

    #[test]
    fn text_is_trimmed_of_fullwidth_spaces_newlines_and_controls() {
        let owned = |(t, c): (Cow<'_, str>, bool)| (t.into_owned(), c);
        assert_eq!(
            owned(clean_text("\n\n\t\u{3000}群众来电\n反映\u{3000} \r\n")),
            ("群众来电\n反映".to_owned(), false)
        );
        assert_eq!(owned(clean_text("a\u{0007}b")), ("ab".to_owned(), true));
        assert_eq!(
            owned(clean_short("市 住建局\n")),
            ("市住建局".to_owned(), false)
        );
        assert_eq!(owned(clean_short("Room 12")), ("Room 12".to_owned(), false));
    }
}
