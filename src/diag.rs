//! Row-level problems found anywhere in the pipeline, gathered and reported together. Each one
//! names the file, and the sheet and cell in A1 form where there is one, so the user can open it.

use std::fmt;

use crate::model::{Field, OrderId};

/// Where a problem is: the file, and the sheet, row and column when there are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The input's file name as given.
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row number as Excel shows it.
    pub row: Option<u32>,
    /// 0-based column index.
    pub col: Option<u32>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    pub fn cell(file: &str, sheet: &str, row: u32, col: u32) -> Self {
        Location {
            file: file.to_owned(),
            sheet: Some(sheet.to_owned()),
            row: Some(row),
            col: Some(col),
        }
    }

    pub fn row(file: &str, sheet: &str, row: u32) -> Self {
        Location {
            file: file.to_owned(),
            sheet: Some(sheet.to_owned()),
            row: Some(row),
            col: None,
        }
    }

    /// "来电明细!C17", "来电明细!第17行", "来电明细" or "" for a location without a sheet.
    pub fn place(&self) -> String {
        match (&self.sheet, self.row, self.col) {
            (Some(s), Some(r), Some(c)) => format!("{s}!{}{r}", column_letters(c)),
            (Some(s), Some(r), None) => format!("{s}!第{r}行"),
            (Some(s), None, _) => s.clone(),
            (None, Some(r), _) => format!("第{r}行"),
            (None, None, _) => String::new(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self.place();
        if place.is_empty() {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{} {}", self.file, place)
        }
    }
}

/// Excel column letters for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// Why a non-blank row was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// No 工单编号 (a 合计 row, a note).
    NoId,
    /// No usable 来电时间.
    NoTime,
    /// A 合计/总计 row.
    Totals,
}

/// What is wrong; the message says what to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A non-blank row that cannot become a record.
    SkippedRow {
        reason: SkipReason,
        first_text: String,
    },
    /// A date cell that is not a date.
    UnreadableDate { field: Field, text: String },
    /// A date far outside any plausible range (year 1900, 2099).
    ImplausibleDate { field: Field, text: String },
    /// 工单编号 stored as a number with 15+ digits: Excel has dropped digits.
    IdLostDigits { shown: String },
    /// A cell holds an error value (#REF!, #N/A).
    ErrorValue { field: Field, value: String },
    /// The same 工单编号 again in one input; merged.
    RepeatedId { id: OrderId, first: Location },
    /// Differing non-empty values for one field of one 工单编号 inside one input.
    Conflict {
        id: OrderId,
        field: Field,
        kept: String,
        dropped: String,
    },
    /// A value no alias knows; counted as the default.
    UnknownValue {
        field: Field,
        value: String,
        counted_as: String,
        /// How many cells of this sheet hold it (the location is the first).
        count: u64,
    },
    /// A 一级分类 outside the configured list; counted under 其他类.
    UnknownCategory { value: String, count: u64 },
    /// Records with no 一级分类; counted under 其他类.
    MissingCategory { count: u64 },
    /// 已办结 without 办结时间; counted as finished before the period's end.
    FinishedWithoutTime { id: OrderId },
    /// 办结时间 before 来电时间.
    FinishedBeforeReceived { id: OrderId },
    /// A 办结时间 with a status that says open: the time wins.
    TimeButOpenStatus { id: OrderId, status: String },
    /// A text cell longer than the bulletin should carry.
    ControlCharacters { field: Field },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::SkippedRow { reason, first_text } => {
                let why = match reason {
                    SkipReason::NoId => "没有工单编号",
                    SkipReason::NoTime => "没有可用的来电时间",
                    SkipReason::Totals => "是合计行，不是工单",
                };
                if first_text.is_empty() {
                    write!(f, "已跳过此行：{why}")
                } else {
                    write!(f, "已跳过此行（“{first_text}”）：{why}")
                }
            }
            Problem::UnreadableDate { field, text } => write!(
                f,
                "{field}“{text}”不是可识别的日期，请改为 2024-06-24 10:23 这样的格式"
            ),
            Problem::ImplausibleDate { field, text } => {
                let years = crate::ingest::cells::PLAUSIBLE_YEARS;
                write!(
                    f,
                    "{field}“{text}”超出合理范围（{} 年至 {} 年），请核对",
                    years.start(),
                    years.end()
                )
            }
            Problem::IdLostDigits { shown } => write!(
                f,
                "工单编号 {shown} 已被 Excel 转成数字，末尾位数已丢失，无法还原；请在平台重新导出，或把该列设为文本格式后重新填写"
            ),
            Problem::ErrorValue { field, value } => {
                write!(f, "{field}单元格是错误值 {value}，按空值处理；请修正公式")
            }
            Problem::RepeatedId { id, first } => write!(
                f,
                "工单编号 {id} 重复出现（首次在 {}），已合并为一条",
                first.place()
            ),
            Problem::Conflict {
                id,
                field,
                kept,
                dropped,
            } => write!(
                f,
                "工单编号 {id} 的{field}前后不一致：“{dropped}”与“{kept}”，采用后者"
            ),
            Problem::UnknownValue {
                field,
                value,
                counted_as,
                count,
            } => write!(
                f,
                "{field}“{value}”不在已知取值中（本表共 {count} 处，此为第一处），按“{counted_as}”统计；可在配置文件 [values.{field}] 中增加别名"
            ),
            Problem::UnknownCategory { value, count } => write!(
                f,
                "一级分类“{value}”不在配置的分类列表中，{count} 件计入其他类；可在配置文件 [categories] 中增加"
            ),
            Problem::MissingCategory { count } => {
                write!(f, "{count} 件有效诉求没有一级分类，计入其他类")
            }
            Problem::FinishedWithoutTime { id } => write!(
                f,
                "工单编号 {id} 标为已办结但没有办结时间，按周期结束前已办结统计；请补填办结时间"
            ),
            Problem::FinishedBeforeReceived { id } => {
                write!(f, "工单编号 {id} 的办结时间早于来电时间，请核对")
            }
            Problem::TimeButOpenStatus { id, status } => write!(
                f,
                "工单编号 {id} 有办结时间，但办理状态为“{status}”，按已办结统计"
            ),
            Problem::ControlCharacters { field } => {
                write!(f, "{field}含有控制字符，已删除")
            }
        }
    }
}

impl Problem {
    /// A short label for the kind of problem (the 数据问题 sheet's first column).
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::SkippedRow { .. } => "跳过的行",
            Problem::UnreadableDate { .. } | Problem::ImplausibleDate { .. } => "无法识别的日期",
            Problem::IdLostDigits { .. } => "编号丢失位数",
            Problem::ErrorValue { .. } => "错误值",
            Problem::RepeatedId { .. } => "重复编号",
            Problem::Conflict { .. } => "前后不一致",
            Problem::UnknownValue { .. } => "未知取值",
            Problem::UnknownCategory { .. } | Problem::MissingCategory { .. } => "分类问题",
            Problem::FinishedWithoutTime { .. }
            | Problem::FinishedBeforeReceived { .. }
            | Problem::TimeButOpenStatus { .. } => "办结时间问题",
            Problem::ControlCharacters { .. } => "控制字符",
        }
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub location: Location,
    pub problem: Problem,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.location, self.problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_excel() {
        for (i, s) in [
            (0, "A"),
            (2, "C"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(i), s);
        }
    }

    #[test]
    fn location_prints_a1() {
        assert_eq!(
            Location::cell("a.xlsx", "来电明细", 17, 2).to_string(),
            "a.xlsx 来电明细!C17"
        );
    }
}
