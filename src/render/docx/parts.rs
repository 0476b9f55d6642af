//! The package parts around document.xml: content types, relationships, styles, settings,
//! font table, the two page-number footers and the document properties.

use super::xml::{self, Indent, Jc, LineRule, ParaProps, RunProps, Spacing};
use super::{LINE_PITCH, SIZE_SANHAO, SIZE_SIHAO, char_twips};
use crate::config::Fonts;
use crate::render::text::Bulletin;

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub const THEME: &str = "word/theme/theme1.xml";
pub const FOOTER_ODD: &str = "word/footer1.xml";
pub const FOOTER_EVEN: &str = "word/footer2.xml";
/// Relationship ids document.xml's sectPr points the footers at.
pub const FOOTER_ODD_RID: &str = "rIdFooterOdd";
pub const FOOTER_EVEN_RID: &str = "rIdFooterEven";

/// The opening tag of a WordprocessingML part's root element.
pub fn root_open(tag: &str) -> String {
    format!(r#"{XML_DECL}<w:{tag} xmlns:w="{NS_W}" xmlns:r="{NS_R}">"#)
}

pub fn content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        concat!(
            r#"{decl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/word/document.xml" ContentType="{wml}.document.main+xml"/>"#,
            r#"<Override PartName="/word/styles.xml" ContentType="{wml}.styles+xml"/>"#,
            r#"<Override PartName="/word/settings.xml" ContentType="{wml}.settings+xml"/>"#,
            r#"<Override PartName="/word/fontTable.xml" ContentType="{wml}.fontTable+xml"/>"#,
            r#"<Override PartName="/{theme}" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
            r#"<Override PartName="/{odd}" ContentType="{wml}.footer+xml"/>"#,
            r#"<Override PartName="/{even}" ContentType="{wml}.footer+xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
            "</Types>"
        ),
        decl = XML_DECL,
        wml = wml,
        odd = FOOTER_ODD,
        even = FOOTER_EVEN,
        theme = THEME,
    )
}

pub fn package_rels() -> String {
    format!(
        concat!(
            r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>"#,
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
            r#"<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>"#,
            "</Relationships>"
        ),
        decl = XML_DECL,
        rel = REL,
    )
}

pub fn document_rels() -> String {
    let footer = |id: &str, path: &str| {
        let target = path.trim_start_matches("word/");
        format!(r#"<Relationship Id="{id}" Type="{REL}/footer" Target="{target}"/>"#)
    };
    format!(
        concat!(
            r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>"#,
            r#"<Relationship Id="rId2" Type="{rel}/settings" Target="settings.xml"/>"#,
            r#"<Relationship Id="rId3" Type="{rel}/fontTable" Target="fontTable.xml"/>"#,
            r#"<Relationship Id="rId4" Type="{rel}/theme" Target="theme/theme1.xml"/>"#,
            "{odd}{even}</Relationships>"
        ),
        decl = XML_DECL,
        rel = REL,
        odd = footer(FOOTER_ODD_RID, FOOTER_ODD),
        even = footer(FOOTER_EVEN_RID, FOOTER_EVEN),
    )
}

/// Timestamps are fixed (the zip entries' DOS epoch) and no user or machine name is written:
/// the same figures must give the same file, and the file leaves the office.
pub fn core(bulletin: &Bulletin) -> String {
    let title = xml::escape(&format!("{}{}", bulletin.title, bulletin.subtitle));
    let creator = xml::escape(&bulletin.issuing_office);
    let when = "1980-01-01T00:00:00Z";
    format!(
        concat!(
            r#"{decl}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
            r#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/""#,
            r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        decl = XML_DECL,
        title = title,
        creator = creator,
        when = when,
    )
}

pub fn app() -> String {
    format!(
        concat!(
            r#"{decl}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties""#,
            r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            "<Application>hotline-bulletin</Application><DocSecurity>0</DocSecurity></Properties>"
        ),
        decl = XML_DECL,
    )
}

/// Defaults carry the body's fonts, size, pitch and language, so text typed into the document
/// later in Word or WPS looks like the body around it.
pub fn styles(fonts: &Fonts) -> String {
    let defaults = RunProps::new(&fonts.body, &fonts.latin, SIZE_SANHAO)
        .chinese()
        .xml();
    let mut x = root_open("styles");
    x.push_str("<w:docDefaults><w:rPrDefault>");
    x.push_str(&defaults);
    x.push_str("</w:rPrDefault><w:pPrDefault>");
    x.push_str(
        &ParaProps {
            spacing: Some(Spacing {
                before: 0,
                after: 0,
                line: LINE_PITCH,
                rule: LineRule::Exact,
            }),
            jc: Some(Jc::Both),
            ..ParaProps::default()
        }
        .xml(),
    );
    x.push_str("</w:pPrDefault></w:docDefaults>");
    // Normal repeats the defaults' run properties: LibreOffice sizes the character grid from
    // Normal's East Asian size, not from the defaults, and would otherwise assume 12 pt and
    // give each 16 pt character two grid cells.
    x.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>"#);
    x.push_str(&defaults);
    x.push_str("</w:style>");
    x.push_str(concat!(
        r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>"#,
        r#"<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
        r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>"#,
        r#"<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>"#,
        r#"<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>"#,
        r#"<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        "</w:styles>"
    ));
    x
}

/// `evenAndOddHeaders` is what makes Word use footer2 on even pages (numbers left) and
/// footer1 on odd ones (numbers right).
pub fn settings() -> String {
    let mut x = root_open("settings");
    x.push_str(concat!(
        r#"<w:zoom w:percent="100"/>"#,
        r#"<w:defaultTabStop w:val="420"/>"#,
        "<w:evenAndOddHeaders/>",
        r#"<w:characterSpacingControl w:val="compressPunctuation"/>"#,
        r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
        r#"<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>"#,
        r#"<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>"#,
        "</w:settings>"
    ));
    x
}

/// Declaring the CJK fonts with the GB2312 charset (0x86) lets Word pick a Chinese substitute
/// when an office lacks, say, 仿宋_GB2312, instead of a Western one.
pub fn font_table(fonts: &Fonts) -> String {
    let mut names: Vec<&str> = Vec::new();
    for name in [
        &fonts.body,
        &fonts.title,
        &fonts.heading1,
        &fonts.heading2,
        &fonts.page_number,
        &fonts.latin,
    ] {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut x = root_open("fonts");
    for name in names {
        let (charset, family) = if name.is_ascii() {
            ("00", "roman")
        } else {
            ("86", "auto")
        };
        x.push_str(&format!(
            r#"<w:font w:name="{}"><w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#,
            xml::escape(name)
        ));
    }
    x.push_str("</w:fonts>");
    x
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Odd,
    Even,
}

/// "— N —" in 四号 宋体: odd pages right, even pages left, one character in from the edge of
/// the text block (GB/T 9704 7.5).
pub fn footer(fonts: &Fonts, side: Side) -> String {
    let one_char = char_twips(SIZE_SIHAO);
    let (ind, jc) = match side {
        Side::Odd => (
            Indent {
                right: one_char,
                ..Indent::default()
            },
            Jc::Right,
        ),
        Side::Even => (
            Indent {
                left: one_char,
                ..Indent::default()
            },
            Jc::Left,
        ),
    };
    let props = ParaProps {
        snap_to_grid: Some(false),
        spacing: Some(Spacing {
            before: 0,
            after: 0,
            line: 240,
            rule: LineRule::Auto,
        }),
        ind: Some(ind),
        jc: Some(jc),
        ..ParaProps::default()
    };
    let font = &fonts.page_number;
    let rpr = RunProps::new(font, font, SIZE_SIHAO).off_grid();
    let field = |inner: &str| format!("<w:r>{}{inner}</w:r>", rpr.xml());
    let runs = [
        xml::run(&rpr, "— "),
        field(r#"<w:fldChar w:fldCharType="begin"/>"#),
        field(r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#),
        field(r#"<w:fldChar w:fldCharType="separate"/>"#),
        xml::run(&rpr, "1"),
        field(r#"<w:fldChar w:fldCharType="end"/>"#),
        xml::run(&rpr, " —"),
    ];
    let mut x = root_open("ftr");
    x.push_str(&xml::paragraph(&props, &runs));
    x.push_str("</w:ftr>");
    x
}

/// Word treats a document without a theme as damaged. This is the smallest complete theme;
/// its fonts repeat the body's so theme-font text looks like the body too.
pub fn theme(fonts: &Fonts) -> String {
    let solid = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = format!(r#"<a:ln w="6350">{solid}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let font = format!(
        r#"<a:latin typeface="{}"/><a:ea typeface="{}"/><a:cs typeface=""/>"#,
        xml::escape(&fonts.latin),
        xml::escape(&fonts.body)
    );
    format!(
        concat!(
            r#"{decl}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">"#,
            r#"<a:themeElements><a:clrScheme name="Office">"#,
            r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#,
            r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#,
            r#"<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>"#,
            r#"<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>"#,
            r#"<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>"#,
            r#"<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>"#,
            r#"<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>"#,
            r#"</a:clrScheme><a:fontScheme name="Office">"#,
            "<a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>",
            r#"<a:fmtScheme name="Office">"#,
            "<a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>",
            "<a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>",
            "<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>",
            "<a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst>",
            "</a:fmtScheme></a:themeElements></a:theme>"
        ),
        decl = XML_DECL,
        font = font,
        solid = solid,
        line = line,
        effect = effect,
    )
}
