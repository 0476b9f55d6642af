//! Which cell styles show dates: the number formats of the styles part, read as calamine reads them.

use std::collections::HashMap;

use super::Declined;
use super::declined;
use super::xml::{TagKind, attr, decode_entities, part};

/// How a cell's number reads, from its style's number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The number formats of the styles' `cellXfs`, as calamine reads them.
pub(super) fn read_formats(styles: &str) -> Result<Vec<CellFormat>, Declined> {
    #[derive(PartialEq)]
    enum Section {
        None,
        NumFmts,
        CellXfs,
    }
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut formats = Vec::new();
    let mut section = Section::None;
    for item in part(styles, "styleSheet") {
        let (depth, tag) = item?;
        // The two lists calamine reads are children of the root, made of their own items
        // only; calamine skips an item's children (so an `<xf>` inside an `<xf>`).
        match (tag.kind, depth, tag.name) {
            (TagKind::Start, 1, "numFmts") => section = Section::NumFmts,
            (TagKind::Start, 1, "cellXfs") => section = Section::CellXfs,
            (TagKind::End, 1, _) | (TagKind::Empty, 1, _) => section = Section::None,
            (_, d, "numFmts" | "cellXfs") if d != 1 => return declined("样式列表的位置"),
            (_, 2, "numFmt") if section == Section::NumFmts => {
                if tag.kind == TagKind::End {
                    continue;
                }
                if let (Some(id), Some(code)) =
                    (attr(tag.attrs, "numFmtId")?, attr(tag.attrs, "formatCode")?)
                {
                    custom.insert(id.to_owned(), decode_entities(code)?.into_owned());
                }
            }
            (_, 2, "xf") if section == Section::CellXfs => {
                if tag.kind == TagKind::End {
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
pub(super) fn custom_format(format: &str) -> CellFormat {
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
pub(super) fn builtin_format(id: &str) -> CellFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}
