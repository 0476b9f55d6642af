//! The contract of the summary workbook this tool writes and reads back the next week: sheet
//! names, the 说明 marker and labels. `render::xlsx` writes by it, `ingest` recognises by it.

/// Sheet names, exactly as the workbook carries them.
pub const SHEET_OVERVIEW: &str = "总体概况";
pub const SHEET_CATEGORIES: &str = "诉求分类";
pub const SHEET_DEPARTMENTS: &str = "工单转办";
pub const SHEET_DEPARTMENT_STATS: &str = "承办单位办理情况";
pub const SHEET_OPEN: &str = "遗留工单";
pub const SHEET_DIFFICULT: &str = "疑难工单";
pub const SHEET_PERIOD: &str = "本周工单";
pub const SHEET_ISSUES: &str = "数据问题";
pub const SHEET_ABOUT: &str = "说明";

/// 说明!A1 holds this label and B1 "hotline-bulletin <version>": that is how a workbook is
/// recognised as this tool's own.
pub const ABOUT_MARKER_LABEL: &str = "生成工具";
pub const ABOUT_MARKER_VALUE_PREFIX: &str = "hotline-bulletin";
/// 说明 rows (label in A, value in B): the period's first and last day as text "2024-06-24".
pub const ABOUT_PERIOD_START: &str = "周期开始";
pub const ABOUT_PERIOD_END: &str = "周期结束";

/// 总体概况 label of the total (its count is in column B).
pub const OVERVIEW_TOTAL: &str = "来电总量";

/// Extra columns of the detail sheets, after the input field names.
pub const COL_OVERDUE: &str = "是否超期";
pub const COL_OVERDUE_DAYS: &str = "超期天数";
pub const COL_FIRST_WEEK: &str = "首次出现周";

/// The 遗留工单 sheet, or one of its continuations ("遗留工单(2)") when it passed Excel's row
/// limit.
pub fn is_open_sheet(name: &str) -> bool {
    name == SHEET_OPEN
        || name
            .strip_prefix(SHEET_OPEN)
            .and_then(|rest| rest.strip_prefix('('))
            .and_then(|rest| rest.strip_suffix(')'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_sheets_are_part_of_the_ledger() {
        assert!(is_open_sheet("遗留工单"));
        assert!(is_open_sheet("遗留工单(2)"));
        assert!(!is_open_sheet("遗留工单(x)"));
        assert!(!is_open_sheet("遗留工单备注"));
    }
}
