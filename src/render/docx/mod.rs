//! Lays the bulletin's blocks out as an official-format .docx (GB/T 9704-2012 body conventions).
//!
//! The OOXML parts are written by hand (`xml` builds properties in schema order, `body` lays out
//! document.xml, `parts` holds the fixed parts) because docx-rs emits elements out of schema
//! order, which strict validators and some WPS versions reject.

mod body;
mod parts;
mod xml;

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::config::Fonts;
use crate::render::text::Bulletin;

/// A4 portrait, in twips (210 x 297 mm, as Word writes it).
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;

/// GB/T 9704 margins (1 mm = 56.7 twips): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm,
/// leaving a 156 x 225 mm text block. Rounded to whole twips: 2098, 1984 (35 mm is 1984.5;
/// rounding down keeps 22 lines of 578 = 12716 inside the 12756 of text height), 1588, 1474.
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1588;
const MARGIN_RIGHT: u32 = 1474;

/// The text block's width, 8844 twips (156 mm): tables and rules span exactly this.
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// The header is empty but w:pgMar requires the attribute; 15 mm is Word's usual value.
const HEADER_DISTANCE: u32 = 851;

/// Distance from the page's bottom edge to the bottom of the footer paragraph. The standard puts
/// the page number 7 mm below the text block: 35 mm margin - 7 mm - one 四号 line (about 18 pt,
/// 6.4 mm) leaves about 21.6 mm; 22 mm = 1247 twips (LibreOffice, with its substitute font,
/// puts the top of the digits about 8 mm below the block).
const FOOTER_DISTANCE: u32 = 1247;

/// 三号 (16 pt), the body size, in half-points as w:sz counts.
const SIZE_SANHAO: u32 = 32;
/// 小三 (15 pt): table captions too long for one line at 三号.
const SIZE_XIAOSAN: u32 = 30;
/// 四号 (14 pt): table cells, 版记, page numbers.
const SIZE_SIHAO: u32 = 28;
/// 二号 (22 pt): the title.
const SIZE_ERHAO: u32 = 44;
/// The masthead's largest size (42 pt, 初号); it shrinks when a line would not fit.
const SIZE_MASTHEAD_MAX: u32 = 84;

/// One body line: a character height plus 7/8 of one (16 pt * 1.8 ≈ 28.9 pt), so 22 lines fill
/// the 225 mm text block. Used both as the exact line spacing and as the grid's line pitch.
const LINE_PITCH: u32 = 578;

/// Body text is condensed by 0.25 pt (5 twips) a character so 28 characters fit the 442.2 pt
/// line (28 x 15.75 pt = 441 pt): GB/T 9704 asks for 28 characters of 16 pt in 156 mm, which
/// is 0.2 pt too narrow. Word's usual way, a character grid with a negative w:charSpace, is
/// not used: LibreOffice (7.4) puts each 16 pt character into two 15.8 pt grid cells and spreads
/// the text out to about half as many characters a line. Condensed runs on a lines-only grid
/// give 28 in both.
const BODY_TRACKING: i32 = -5;

/// Width of one character in twips at a size in half-points (1 pt = 20 twips).
const fn char_twips(half_points: u32) -> u32 {
    half_points * 10
}

/// The red of the masthead and its rule.
const RED: &str = "FF0000";

/// The zip entries' time: fixed so the same bulletin gives the same bytes (DOS epoch, the
/// smallest time a zip can hold).
fn entry_time() -> DateTime {
    DateTime::default()
}

/// Renders the bulletin as the bytes of a .docx file.
///
/// # Errors
/// Only when the zip writer fails, which in memory means a bug.
pub fn render(bulletin: &Bulletin, fonts: &Fonts) -> Result<Vec<u8>, std::io::Error> {
    let parts: [(&str, String); 12] = [
        ("[Content_Types].xml", parts::content_types()),
        ("_rels/.rels", parts::package_rels()),
        ("docProps/core.xml", parts::core(bulletin)),
        ("docProps/app.xml", parts::app()),
        ("word/document.xml", body::document(bulletin, fonts)),
        ("word/_rels/document.xml.rels", parts::document_rels()),
        ("word/styles.xml", parts::styles(fonts)),
        ("word/settings.xml", parts::settings()),
        ("word/fontTable.xml", parts::font_table(fonts)),
        (parts::THEME, parts::theme(fonts)),
        (parts::FOOTER_ODD, parts::footer(fonts, parts::Side::Odd)),
        (parts::FOOTER_EVEN, parts::footer(fonts, parts::Side::Even)),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(entry_time());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(content.as_bytes())?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests;
