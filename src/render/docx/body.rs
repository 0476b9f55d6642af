//! document.xml: the masthead, the title, the body blocks, the 版记 and the section settings
//! (page, margins, grid, footers).

use super::parts::{FOOTER_EVEN_RID, FOOTER_ODD_RID, root_open};
use super::xml::{self, Indent, Jc, LineRule, ParaProps, Rule, RunProps, Spacing};
use super::{
    BODY_TRACKING, FOOTER_DISTANCE, HEADER_DISTANCE, LINE_PITCH, MARGIN_BOTTOM, MARGIN_LEFT,
    MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, RED, SIZE_ERHAO, SIZE_MASTHEAD_MAX,
    SIZE_SANHAO, SIZE_SIHAO, SIZE_XIAOSAN, TEXT_WIDTH, char_twips,
};
use crate::config::Fonts;
use crate::render::text::{Block, Bulletin, Table};

/// The red rule under the issuing office: 1.5 pt (w:sz counts eighths of a point).
const RED_RULE: Rule = Rule {
    eighths: 12,
    color: RED,
    space: 4,
};

/// Table borders: 0.5 pt, the usual full grid.
const TABLE_BORDER_EIGHTHS: u32 = 4;
/// 版记 rules: first and last 0.35 mm (≈ 1 pt), the one between 0.25 mm (≈ 0.75 pt).
const THICK_RULE_EIGHTHS: u32 = 8;
const THIN_RULE_EIGHTHS: u32 = 6;

/// Table lines at a fixed 20 pt, so 四号 cells do not take the 28.9 pt body pitch.
const TABLE_LINE: u32 = 400;
/// Cell padding left and right (1 mm): the cells are narrow and the text is centred.
const TABLE_CELL_MARGIN: u32 = 57;

/// The masthead keeps this share of the text width free, in percent: the substitute fonts a
/// machine may use are a little wider than 方正小标宋.
const MASTHEAD_SLACK_PERCENT: u32 = 2;

pub fn document(b: &Bulletin, fonts: &Fonts) -> String {
    let mut x = root_open("document");
    x.push_str("<w:body>");
    x.push_str(&masthead(b, fonts));
    x.push_str(&title(b, fonts));
    let captions = caption_size(&b.body);
    // Half a line of air between a table's last rule and the text after it.
    let mut before = 0;
    for block in &b.body {
        x.push_str(&match block {
            Block::Heading1(text) => heading1(text, fonts, before),
            Block::Paragraph { lead, text } => body_paragraph(lead.as_deref(), text, fonts, before),
            Block::Table(t) => table(t, fonts, before, captions),
        });
        before = if matches!(block, Block::Table(_)) {
            LINE_PITCH / 2
        } else {
            0
        };
    }
    x.push_str(&distribution(b, fonts));
    x.push_str(&section());
    x.push_str("</w:body></w:document>");
    x
}

/// Width in half-ems: CJK characters are full width, digits and Latin letters half.
fn half_ems(text: &str) -> u32 {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The printed width of one line in twips, estimated: half-ems, plus a quarter em wherever a
/// Chinese character meets a digit or Latin letter, where Word and LibreOffice add space.
fn text_twips(text: &str, half_points: u32) -> u32 {
    let chars: Vec<char> = text.chars().collect();
    let switches = chars
        .windows(2)
        .filter(|p| {
            (is_ideograph(p[0]) && p[1].is_ascii_alphanumeric())
                || (p[0].is_ascii_alphanumeric() && is_ideograph(p[1]))
        })
        .count();
    let switches = u32::try_from(switches).unwrap_or(u32::MAX / 4);
    // A half-em at h half-points is h * 5 twips; a quarter em is h * 5 / 2.
    half_ems(text) * half_points * 5 + switches * half_points * 5 / 2
}

/// The largest size in half-points, from `largest` down to 三号, at which every line fits
/// `width` twips (三号 when none does: the text then wraps rather than shrinks further).
fn fitting_size(lines: &[&str], largest: u32, width: u32) -> u32 {
    (SIZE_SANHAO..=largest)
        .rev()
        .find(|hp| lines.iter().all(|l| text_twips(l, *hp) <= width))
        .unwrap_or(SIZE_SANHAO)
}

/// The masthead's size: as large as fits the text block, keeping a little slack because the
/// substitute fonts a machine may use are a little wider than 方正小标宋.
fn masthead_size(lines: &[String]) -> u32 {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let usable = TEXT_WIDTH * (100 - MASTHEAD_SLACK_PERCENT) / 100;
    fitting_size(&lines, SIZE_MASTHEAD_MAX, usable)
}

/// One size for every table caption: 三号 when all fit on one line, else 小三. A caption such
/// as "12345热线来电总体概况一览表（2024年6月24日至6月30日）" is 26.5 characters plus
/// ten Chinese-digit gaps, just over the 28-character line at 三号.
fn caption_size(body: &[Block]) -> u32 {
    let captions: Vec<&str> = body
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.caption.as_str()),
            _ => None,
        })
        .collect();
    if captions
        .iter()
        .all(|c| text_twips(c, SIZE_SANHAO) <= TEXT_WIDTH)
    {
        SIZE_SANHAO
    } else {
        SIZE_XIAOSAN
    }
}

/// Exact line height for display type: 1.25 times the size, so glyphs are never clipped.
fn display_line(half_points: u32) -> Spacing {
    Spacing {
        before: 0,
        after: 0,
        line: half_points * 25 / 2,
        rule: LineRule::Exact,
    }
}

fn body_line(before: u32) -> Spacing {
    Spacing {
        before,
        after: 0,
        line: LINE_PITCH,
        rule: LineRule::Exact,
    }
}

fn centred(spacing: Spacing) -> ParaProps {
    ParaProps {
        snap_to_grid: Some(false),
        spacing: Some(spacing),
        jc: Some(Jc::Center),
        ..ParaProps::default()
    }
}

/// The red briefing name, the issue line, and the issuing office above the red rule.
fn masthead(b: &Bulletin, fonts: &Fonts) -> String {
    let size = masthead_size(&b.masthead);
    let widest = b.masthead.iter().map(|l| half_ems(l)).max().unwrap_or(0);
    let red = RunProps::new(&fonts.title, &fonts.latin, size)
        .off_grid()
        .color(RED);
    let mut x = String::new();
    for line in &b.masthead {
        // A short line ("工作专报") is letter-spaced by half an em, as printed mastheads are;
        // the last character carries no spacing so the line stays centred.
        let runs = if half_ems(line) * 2 <= widest && line.chars().count() > 1 {
            let split = line.char_indices().last().map_or(0, |(i, _)| i);
            let spaced = RunProps {
                letter_spacing: Some(i32::try_from(char_twips(size) / 2).unwrap_or(0)),
                ..red.clone()
            };
            vec![
                xml::run(&spaced, &line[..split]),
                xml::run(&red, &line[split..]),
            ]
        } else {
            vec![xml::run(&red, line)]
        };
        x.push_str(&xml::paragraph(
            &ParaProps {
                keep_next: true,
                ..centred(display_line(size))
            },
            &runs,
        ));
    }
    let body = RunProps::new(&fonts.body, &fonts.latin, SIZE_SANHAO).off_grid();
    x.push_str(&xml::paragraph(
        &ParaProps {
            keep_next: true,
            ..centred(body_line(LINE_PITCH / 2))
        },
        &[xml::run(&body, &b.issue_line)],
    ));
    x.push_str(&xml::paragraph(
        &ParaProps {
            keep_next: true,
            bottom_rule: Some(RED_RULE),
            snap_to_grid: Some(false),
            spacing: Some(body_line(0)),
            jc: Some(Jc::Left),
            ..ParaProps::default()
        },
        &[xml::run(&body, &b.issuing_office)],
    ));
    x
}

/// The title two lines below the red rule, in 二号 小标宋, and the week under it in 楷体.
fn title(b: &Bulletin, fonts: &Fonts) -> String {
    let title = RunProps::new(&fonts.title, &fonts.latin, SIZE_ERHAO).off_grid();
    let sub = RunProps::new(&fonts.heading2, &fonts.latin, SIZE_SANHAO).off_grid();
    let mut x = xml::paragraph(
        &ParaProps {
            keep_next: true,
            ..centred(body_line(2 * LINE_PITCH))
        },
        &[xml::run(&title, &b.title)],
    );
    x.push_str(&xml::paragraph(
        &ParaProps {
            keep_next: true,
            ..centred(body_line(0))
        },
        &[xml::run(&sub, &b.subtitle)],
    ));
    x
}

/// Body paragraphs: first line indented two characters (in characters for Word, in twips
/// for LibreOffice), justified, on the 28.9 pt pitch.
fn body_props(before: u32) -> ParaProps {
    ParaProps {
        break_latin_words: true,
        spacing: Some(body_line(before)),
        ind: Some(Indent {
            first_line: 2 * char_twips(SIZE_SANHAO),
            first_line_chars: 200,
            ..Indent::default()
        }),
        jc: Some(Jc::Both),
        ..ParaProps::default()
    }
}

fn heading1(text: &str, fonts: &Fonts, before: u32) -> String {
    let props = ParaProps {
        keep_next: true,
        outline_lvl: Some(0),
        ..body_props(before)
    };
    let run =
        RunProps::new(&fonts.heading1, &fonts.latin, SIZE_SANHAO).letter_spacing(BODY_TRACKING);
    xml::paragraph(&props, &[xml::run(&run, text)])
}

fn body_paragraph(lead: Option<&str>, text: &str, fonts: &Fonts, before: u32) -> String {
    let mut runs = Vec::with_capacity(2);
    if let Some(lead) = lead {
        let kai =
            RunProps::new(&fonts.heading2, &fonts.latin, SIZE_SANHAO).letter_spacing(BODY_TRACKING);
        runs.push(xml::run(&kai, lead));
    }
    let song = RunProps::new(&fonts.body, &fonts.latin, SIZE_SANHAO).letter_spacing(BODY_TRACKING);
    runs.push(xml::run(&song, text));
    xml::paragraph(&body_props(before), &runs)
}

/// Column widths in twips: the relative widths scaled to the text block, the rounding left
/// over given to the last column so the grid sums exactly to the block. Equal widths when
/// the relative ones do not match the columns.
fn column_widths(relative: &[u32], columns: usize) -> Vec<u32> {
    if columns == 0 {
        return Vec::new();
    }
    let relative: Vec<u64> = if relative.len() == columns && relative.iter().any(|w| *w > 0) {
        relative.iter().map(|w| u64::from(*w)).collect()
    } else {
        vec![1; columns]
    };
    let total: u64 = relative.iter().sum();
    let mut widths: Vec<u32> = relative
        .iter()
        .map(|w| u32::try_from(w * u64::from(TEXT_WIDTH) / total).unwrap_or(TEXT_WIDTH))
        .collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    widths
}

fn border(side: &str, eighths: u32) -> String {
    if eighths == 0 {
        format!(r#"<w:{side} w:val="nil"/>"#)
    } else {
        format!(r#"<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="000000"/>"#)
    }
}

/// w:tblPr in schema order: tblW, jc, tblBorders, tblLayout, tblCellMar.
/// `borders` are top, left, bottom, right, insideH, insideV in eighths of a point (0 = none).
fn table_props(borders: [u32; 6], cell_margin: u32) -> String {
    let mut x = format!(
        r#"<w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#
    );
    for (side, eighths) in ["top", "left", "bottom", "right", "insideH", "insideV"]
        .into_iter()
        .zip(borders)
    {
        x.push_str(&border(side, eighths));
    }
    x.push_str(&format!(
        concat!(
            r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>"#,
            r#"<w:left w:w="{0}" w:type="dxa"/><w:right w:w="{0}" w:type="dxa"/>"#,
            "</w:tblCellMar></w:tblPr>"
        ),
        cell_margin
    ));
    x
}

fn table_grid(widths: &[u32]) -> String {
    let mut x = String::from("<w:tblGrid>");
    for w in widths {
        x.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    x
}

/// One cell: w:tcPr (tcW, vAlign) and its paragraphs.
fn cell(width: u32, paragraphs: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{paragraphs}</w:tc>"#
    )
}

/// One row; rows never split across pages, and the header row repeats on each page.
fn row(cells: &str, header: bool, min_height: Option<u32>) -> String {
    let mut x = String::from("<w:tr><w:trPr><w:cantSplit/>");
    if let Some(h) = min_height {
        x.push_str(&format!(r#"<w:trHeight w:val="{h}" w:hRule="atLeast"/>"#));
    }
    if header {
        x.push_str("<w:tblHeader/>");
    }
    x.push_str("</w:trPr>");
    x.push_str(cells);
    x.push_str("</w:tr>");
    x
}

/// The caption centred above, then the table: full 0.5 pt grid, fixed layout on the text
/// block, bold header row, 四号 cells centred.
fn table(t: &Table, fonts: &Fonts, before: u32, caption_size: u32) -> String {
    let caption = RunProps::new(&fonts.body, &fonts.latin, caption_size)
        .off_grid()
        .bold()
        .letter_spacing(BODY_TRACKING);
    // Word drops the Chinese-digit gaps on request (LibreOffice 7.4 ignores it; hence also
    // `caption_size`).
    let mut x = xml::paragraph(
        &ParaProps {
            keep_next: true,
            auto_space: Some(false),
            ..centred(body_line(before))
        },
        &[xml::run(&caption, &t.caption)],
    );
    let columns = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.header.len()])
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return x;
    }
    let widths = column_widths(&t.widths, columns);
    x.push_str("<w:tbl>");
    x.push_str(&table_props([TABLE_BORDER_EIGHTHS; 6], TABLE_CELL_MARGIN));
    x.push_str(&table_grid(&widths));
    let rows = std::iter::once((true, &t.header)).chain(t.rows.iter().map(|r| (false, r)));
    let last = t.rows.len();
    for (i, (is_header, texts)) in rows.enumerate() {
        // The caption and the header row keep with the first data row; the rest may break
        // across a page (the header row repeats), as keeping whole tables together left
        // half-empty pages and a sixth page on the reference week.
        let cell_props = ParaProps {
            keep_next: i == 0 && last > 0,
            ..centred(Spacing {
                before: 0,
                after: 0,
                line: TABLE_LINE,
                rule: LineRule::Exact,
            })
        };
        let mut run = RunProps::new(&fonts.body, &fonts.latin, SIZE_SIHAO).off_grid();
        if is_header {
            run = run.bold();
        }
        let cells: String = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = texts.get(i).map_or("", String::as_str);
                cell(*w, &xml::paragraph(&cell_props, &[xml::run(&run, text)]))
            })
            .collect();
        x.push_str(&row(&cells, is_header, None));
    }
    x.push_str("</w:tbl>");
    x
}

/// The 版记: 抄送 lines and the printing line between rules as wide as the text block. It is a
/// one-column table whose top and bottom borders are the thick rules and whose inside border is
/// the thin one, because paragraph borders follow the paragraph's indents, and the 抄送 lines
/// need a hanging indent (wrapped lines align under the first character after the colon).
///
/// It flows after the body, kept in one piece, rather than being pinned to the bottom of the
/// last page as GB/T 9704 10.1 wants: a frame (w:framePr) or a floating table (w:tblpPr) at
/// the bottom margin is what Word would need, and LibreOffice 7.4 drops the frame's rules and
/// lays the floating table out inline, so neither could be checked.
fn distribution(b: &Bulletin, fonts: &Fonts) -> String {
    let one_char = char_twips(SIZE_SIHAO);
    let run = RunProps::new(&fonts.body, &fonts.latin, SIZE_SIHAO).off_grid();
    let line = |ind: Indent, tabs: Vec<u32>| ParaProps {
        keep_next: true,
        keep_lines: true,
        right_tabs: tabs,
        snap_to_grid: Some(false),
        spacing: Some(body_line(0)),
        ind: Some(ind),
        jc: Some(Jc::Left),
        ..ParaProps::default()
    };

    let mut cc = String::new();
    let label = "抄送：";
    let label_width = one_char * half_ems(label) / 2;
    for (i, recipient) in b.cc.iter().enumerate() {
        let ind = Indent {
            left: one_char + label_width,
            right: one_char,
            hanging: if i == 0 { label_width } else { 0 },
            ..Indent::default()
        };
        let text = if i == 0 {
            format!("{label}{recipient}")
        } else {
            recipient.clone()
        };
        cc.push_str(&xml::paragraph(
            &line(ind, vec![]),
            &[xml::run(&run, &text)],
        ));
    }
    // The date ends one character before the right edge: a right tab there. Word measures tab
    // stops from the cell's edge, not from the indent (LibreOffice does the same for .docx).
    let print_line = xml::paragraph(
        &line(
            Indent {
                left: one_char,
                ..Indent::default()
            },
            vec![TEXT_WIDTH - one_char],
        ),
        &[xml::run(
            &run,
            &format!("{}\t{}", b.printing_office, b.print_date),
        )],
    );

    // One blank body line between the text and the first rule.
    let mut x = tiny_paragraph(fonts, LINE_PITCH, true);
    x.push_str("<w:tbl>");
    x.push_str(&table_props(
        [
            THICK_RULE_EIGHTHS,
            0,
            THICK_RULE_EIGHTHS,
            0,
            THIN_RULE_EIGHTHS,
            0,
        ],
        0,
    ));
    x.push_str(&table_grid(&[TEXT_WIDTH]));
    if !b.cc.is_empty() {
        x.push_str(&row(&cell(TEXT_WIDTH, &cc), false, None));
    }
    x.push_str(&row(&cell(TEXT_WIDTH, &print_line), false, None));
    x.push_str("</w:tbl>");
    // A document cannot end on a table; this last paragraph is 1 pt high so it never pushes
    // onto a page of its own.
    x.push_str(&tiny_paragraph(fonts, 20, false));
    x
}

/// An empty paragraph `height` twips high.
fn tiny_paragraph(fonts: &Fonts, height: u32, keep_next: bool) -> String {
    let run = RunProps::new(&fonts.body, &fonts.latin, 2).off_grid();
    xml::paragraph(
        &ParaProps {
            keep_next,
            snap_to_grid: Some(false),
            spacing: Some(Spacing {
                before: 0,
                after: 0,
                line: height,
                rule: LineRule::Exact,
            }),
            ..ParaProps::default()
        },
        &[xml::run(&run, "")],
    )
}

/// w:sectPr in schema order: footer references, pgSz, pgMar, cols, docGrid. No w:titlePg: the
/// first page is numbered too. The grid is of lines only (22 of 28.9 pt); see `BODY_TRACKING`
/// for why there is no character grid.
fn section() -> String {
    format!(
        concat!(
            "<w:sectPr>",
            r#"<w:footerReference w:type="default" r:id="{odd}"/>"#,
            r#"<w:footerReference w:type="even" r:id="{even}"/>"#,
            r#"<w:pgSz w:w="{pw}" w:h="{ph}"/>"#,
            r#"<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="{header}" w:footer="{footer}" w:gutter="0"/>"#,
            r#"<w:cols w:space="425"/>"#,
            r#"<w:docGrid w:type="lines" w:linePitch="{pitch}"/>"#,
            "</w:sectPr>"
        ),
        odd = FOOTER_ODD_RID,
        even = FOOTER_EVEN_RID,
        pw = PAGE_WIDTH,
        ph = PAGE_HEIGHT,
        top = MARGIN_TOP,
        right = MARGIN_RIGHT,
        bottom = MARGIN_BOTTOM,
        left = MARGIN_LEFT,
        header = HEADER_DISTANCE,
        footer = FOOTER_DISTANCE,
        pitch = LINE_PITCH,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn width(text: &str, half_points: u32, twips: u32) {
        assert_eq!(text_twips(text, half_points), twips, "{text}");
    }

    #[test]
    fn text_width_counts_half_width_digits_and_script_gaps() {
        width("工作专报", 32, 4 * 320);
        width("12345", 32, 5 * 160);
        // Two gaps of a quarter em (80 twips at 16 pt) around the digits.
        width("格尔木12345政务", 32, 5 * 320 + 5 * 160 + 2 * 80);
        width("（2024）", 32, 2 * 320 + 4 * 160);
    }

    #[test]
    fn masthead_shrinks_to_fit_and_stops_at_42_pt() {
        assert_eq!(masthead_size(&["工作专报".into()]), SIZE_MASTHEAD_MAX);
        let reference = masthead_size(&["格尔木12345政务服务便民热线".into(), "工作专报".into()]);
        assert!((56..SIZE_MASTHEAD_MAX).contains(&reference), "{reference}");
        let long = masthead_size(&["格尔木市人民政府办公室12345政务服务便民热线".into()]);
        assert!(long < reference, "{long}");
        assert!(text_twips("格尔木市人民政府办公室12345政务服务便民热线", long) <= TEXT_WIDTH);
    }

    #[test]
    fn captions_drop_to_xiaosan_only_when_one_is_too_long() {
        let table = |caption: &str| {
            Block::Table(Table {
                caption: caption.into(),
                header: vec![],
                rows: vec![],
                widths: vec![],
            })
        };
        let short = table("12345热线诉求分类一览表");
        let long = table("12345热线来电总体概况一览表（2024年6月24日至6月30日）");
        assert_eq!(caption_size(std::slice::from_ref(&short)), SIZE_SANHAO);
        assert_eq!(caption_size(&[short, long]), SIZE_XIAOSAN);
    }

    #[test]
    fn column_widths_fill_the_text_block() {
        assert_eq!(column_widths(&[1, 1], 2), [4422, 4422]);
        assert_eq!(
            column_widths(&[2, 11, 2, 2], 4).iter().sum::<u32>(),
            TEXT_WIDTH
        );
        // Widths that do not match the columns fall back to equal ones.
        assert_eq!(column_widths(&[5], 3), [2948, 2948, 2948]);
        assert_eq!(column_widths(&[0, 0], 2), [4422, 4422]);
    }
}
