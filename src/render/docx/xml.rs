//! WordprocessingML building blocks: escaping, and paragraph / run properties whose fields are
//! written in the ECMA-376 schema sequence, so no caller can emit them out of order.

use std::fmt::Write as _;

/// Escapes text and attribute values: names from the configuration and figures from the
/// exports may contain any of `& < > " '`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// One horizontal paragraph border (a rule), in eighths of a point as OOXML counts them.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub eighths: u32,
    pub color: &'static str,
    /// Gap between text and rule, in points.
    pub space: u32,
}

impl Rule {
    fn xml(self, side: &str) -> String {
        format!(
            r#"<w:{side} w:val="single" w:sz="{}" w:space="{}" w:color="{}"/>"#,
            self.eighths, self.space, self.color
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRule {
    /// A fixed pitch: the 22-line page needs every body line the same height.
    Exact,
    /// Word's "multiple" spacing, in 240ths of a line.
    Auto,
}

#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    pub before: u32,
    pub after: u32,
    /// Twips for `Exact`, 240ths of a line for `Auto`.
    pub line: u32,
    pub rule: LineRule,
}

/// Paragraph indents in twips; `first_line_chars` is in hundredths of a character, which
/// Word prefers when present and LibreOffice ignores (hence the twips fallback beside it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Indent {
    pub left: u32,
    pub right: u32,
    pub hanging: u32,
    pub first_line: u32,
    pub first_line_chars: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn val(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// `w:pPr`. The field order is the schema's (CT_PPrBase): keepNext, keepLines, pBdr, tabs,
/// wordWrap, autoSpaceDE, autoSpaceDN, snapToGrid, spacing, ind, jc, outlineLvl.
#[derive(Debug, Clone, Default)]
pub struct ParaProps {
    pub keep_next: bool,
    pub keep_lines: bool,
    pub top_rule: Option<Rule>,
    pub bottom_rule: Option<Rule>,
    /// Right-aligned tab stops, in twips from the left edge of the text (or cell).
    pub right_tabs: Vec<u32>,
    /// Lets a line break inside a run of Latin letters and digits (w:wordWrap off), as
    /// Chinese text does anywhere: a long work-order number would otherwise move whole to the
    /// next line and leave the justified line above spread thin.
    pub break_latin_words: bool,
    /// `Some(false)` turns off the quarter-em gaps Word and LibreOffice put between Chinese
    /// and digits, for lines that must not wrap (table captions).
    pub auto_space: Option<bool>,
    /// `Some(false)` opts out of the document grid: large or small type (masthead, tables,
    /// 版记) would otherwise be stretched to whole grid cells.
    pub snap_to_grid: Option<bool>,
    pub spacing: Option<Spacing>,
    pub ind: Option<Indent>,
    pub jc: Option<Jc>,
    /// 0 for level-1 headings, so Word's navigation pane lists them.
    pub outline_lvl: Option<u8>,
}

impl ParaProps {
    pub fn xml(&self) -> String {
        let mut x = String::from("<w:pPr>");
        if self.keep_next {
            x.push_str("<w:keepNext/>");
        }
        if self.keep_lines {
            x.push_str("<w:keepLines/>");
        }
        if self.top_rule.is_some() || self.bottom_rule.is_some() {
            x.push_str("<w:pBdr>");
            if let Some(r) = self.top_rule {
                x.push_str(&r.xml("top"));
            }
            if let Some(r) = self.bottom_rule {
                x.push_str(&r.xml("bottom"));
            }
            x.push_str("</w:pBdr>");
        }
        if !self.right_tabs.is_empty() {
            x.push_str("<w:tabs>");
            for pos in &self.right_tabs {
                let _ = write!(x, r#"<w:tab w:val="right" w:pos="{pos}"/>"#);
            }
            x.push_str("</w:tabs>");
        }
        if self.break_latin_words {
            x.push_str(r#"<w:wordWrap w:val="0"/>"#);
        }
        if let Some(auto) = self.auto_space {
            let v = u8::from(auto);
            let _ = write!(
                x,
                r#"<w:autoSpaceDE w:val="{v}"/><w:autoSpaceDN w:val="{v}"/>"#
            );
        }
        if let Some(snap) = self.snap_to_grid {
            let _ = write!(x, r#"<w:snapToGrid w:val="{}"/>"#, u8::from(snap));
        }
        if let Some(s) = self.spacing {
            let rule = match s.rule {
                LineRule::Exact => "exact",
                LineRule::Auto => "auto",
            };
            let _ = write!(
                x,
                r#"<w:spacing w:before="{}" w:after="{}" w:line="{}" w:lineRule="{rule}"/>"#,
                s.before, s.after, s.line
            );
        }
        if let Some(i) = self.ind {
            x.push_str("<w:ind");
            let _ = write!(x, r#" w:left="{}" w:right="{}""#, i.left, i.right);
            if i.hanging > 0 {
                let _ = write!(x, r#" w:hanging="{}""#, i.hanging);
            } else if i.first_line > 0 {
                let _ = write!(x, r#" w:firstLine="{}""#, i.first_line);
                if i.first_line_chars > 0 {
                    let _ = write!(x, r#" w:firstLineChars="{}""#, i.first_line_chars);
                }
            }
            x.push_str("/>");
        }
        if let Some(jc) = self.jc {
            let _ = write!(x, r#"<w:jc w:val="{}"/>"#, jc.val());
        }
        if let Some(lvl) = self.outline_lvl {
            let _ = write!(x, r#"<w:outlineLvl w:val="{lvl}"/>"#);
        }
        x.push_str("</w:pPr>");
        x
    }
}

/// `w:rPr`. The field order is the schema's (EG_RPrBase): rFonts, b, bCs, snapToGrid, color,
/// spacing, sz, szCs, lang.
#[derive(Debug, Clone)]
pub struct RunProps<'a> {
    /// The CJK font (w:eastAsia).
    pub east_asia: &'a str,
    /// Digits and Latin letters (w:ascii, w:hAnsi, w:cs).
    pub latin: &'a str,
    pub bold: bool,
    pub snap_to_grid: Option<bool>,
    pub color: Option<&'static str>,
    /// Extra letter-spacing in twips (negative condenses).
    pub letter_spacing: Option<i32>,
    /// Half-points, as w:sz counts.
    pub half_points: u32,
    /// Writes w:lang (zh-CN for East Asian text); the defaults carry it, runs inherit it.
    pub chinese: bool,
}

impl<'a> RunProps<'a> {
    pub fn new(east_asia: &'a str, latin: &'a str, half_points: u32) -> Self {
        RunProps {
            east_asia,
            latin,
            bold: false,
            snap_to_grid: None,
            color: None,
            letter_spacing: None,
            half_points,
            chinese: false,
        }
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn off_grid(mut self) -> Self {
        self.snap_to_grid = Some(false);
        self
    }

    pub fn letter_spacing(mut self, twips: i32) -> Self {
        self.letter_spacing = Some(twips);
        self
    }

    pub fn chinese(mut self) -> Self {
        self.chinese = true;
        self
    }

    pub fn color(mut self, rgb: &'static str) -> Self {
        self.color = Some(rgb);
        self
    }

    pub fn xml(&self) -> String {
        let (ea, la) = (escape(self.east_asia), escape(self.latin));
        let mut x = format!(
            r#"<w:rPr><w:rFonts w:ascii="{la}" w:hAnsi="{la}" w:eastAsia="{ea}" w:cs="{la}"/>"#
        );
        if self.bold {
            x.push_str("<w:b/><w:bCs/>");
        }
        if let Some(snap) = self.snap_to_grid {
            let _ = write!(x, r#"<w:snapToGrid w:val="{}"/>"#, u8::from(snap));
        }
        if let Some(c) = self.color {
            let _ = write!(x, r#"<w:color w:val="{c}"/>"#);
        }
        if let Some(s) = self.letter_spacing {
            let _ = write!(x, r#"<w:spacing w:val="{s}"/>"#);
        }
        let _ = write!(
            x,
            r#"<w:sz w:val="{0}"/><w:szCs w:val="{0}"/>"#,
            self.half_points
        );
        if self.chinese {
            x.push_str(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#);
        }
        x.push_str("</w:rPr>");
        x
    }
}

/// A text run; a tab character in `text` becomes `w:tab`.
pub fn run(props: &RunProps<'_>, text: &str) -> String {
    let mut x = format!("<w:r>{}", props.xml());
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            x.push_str("<w:tab/>");
        }
        if !piece.is_empty() {
            let _ = write!(x, r#"<w:t xml:space="preserve">{}</w:t>"#, escape(piece));
        }
    }
    x.push_str("</w:r>");
    x
}

/// A paragraph of already-built runs.
pub fn paragraph(props: &ParaProps, runs: &[String]) -> String {
    let mut x = format!("<w:p>{}", props.xml());
    for r in runs {
        x.push_str(r);
    }
    x.push_str("</w:p>");
    x
}
