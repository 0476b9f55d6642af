//! The bulletin's wording: the report becomes a sequence of blocks (headings, paragraphs,
//! tables) through templates an office can override. `docx` lays these blocks out.

/// The whole bulletin as text, ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    /// The red masthead, one string per line ("格尔木12345政务服务便民热线", "工作专报").
    pub masthead: Vec<String>,
    /// "2024年第36期（总第86期）".
    pub issue_line: String,
    /// "格尔木市人民政府办公室" (left, above the red rule).
    pub issuing_office: String,
    /// "格尔木市12345政务服务便民热线周报".
    pub title: String,
    /// "（2024年6月第5周）".
    pub subtitle: String,
    pub body: Vec<Block>,
    /// 抄送 lines, each already ending with 。; the first is printed after "抄送：".
    pub cc: Vec<String>,
    /// "格尔木市12345政务服务便民热线".
    pub printing_office: String,
    /// "2024年7月1日印发".
    pub print_date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// "一、总体情况" in 黑体.
    Heading1(String),
    /// A body paragraph, indented two characters. `lead` is a run-in heading in 楷体
    /// ("（一）诉求分类。") printed before `text` in the same paragraph.
    Paragraph {
        lead: Option<String>,
        text: String,
    },
    Table(Table),
}

/// A real table: caption centred above, bold header row, full borders.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (they are scaled to the text block).
    pub widths: Vec<u32>,
}
