//! The 说明 sheet: the marker next week's run recognises this workbook by, the period, the
//! inputs it was made from, where long lists continue, and the definitions of the figures.

use rust_xlsxwriter::{RowNum, Workbook, XlsxError};

use super::detail::SheetRun;
use super::{Formats, Sheet, WIDTH_PADDING};
use crate::ledger::{
    ABOUT_MARKER_LABEL, ABOUT_MARKER_VALUE_PREFIX, ABOUT_PERIOD_END, ABOUT_PERIOD_START,
    SHEET_ABOUT,
};
use crate::render::format::{date_cn, date_plain, issue_line, period_span_days};
use crate::report::{PreviousSource, Report};

/// One sentence each, from the doc comments of `report` (where the figures are counted).
const DEFINITIONS: [(&str, &str); 8] = [
    (
        "来电总量",
        "本周期受理的全部来电，即中国政府网转办、省州系统转办、微信端转办、直接答复、工单转办、其他电话六类之和，每条来电按此顺序归入第一个符合的类别。",
    ),
    ("有效诉求", "直接答复与工单转办之和。"),
    ("派发工单", "本周期内受理且有承办单位的工单。"),
    (
        "遗留工单",
        "周期开始前受理、到周期开始时尚未办结的工单（上周遗留）；“遗留工单”表列出的是周期结束时仍未办结的全部工单，即下一周期的遗留工单。",
    ),
    (
        "遗留超期工单",
        "上周遗留工单中，周期结束时仍未办结且办理时限早于周期结束的工单。",
    ),
    (
        "办结率",
        "本周期办结的工单（本周派发办结与遗留办结之和）除以上周遗留与本周派发之和，两者均为零时留空。",
    ),
    (
        "按期办结率",
        "在办理时限前办结的工单除以本周期办结的工单，没有办理时限的按按期办结计，本周期没有办结时留空。",
    ),
    (
        "平均办结天数",
        "本周期办结的工单从来电时间到办结时间的平均天数。",
    ),
];

/// Column B wraps the definitions at the width of a SHA-256 (64 hex digits), which the inputs
/// table keeps there so it shows on one line.
const VALUE_WIDTH: u32 = 64 + WIDTH_PADDING;

/// Labels in A, values in B; column B wraps so the definitions stay readable.
pub(super) fn write_about(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Report,
    runs: &[SheetRun],
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::add(workbook, formats, SHEET_ABOUT, &[1])?.wrap_at(VALUE_WIDTH);
    let mut row = write_period(&mut sheet, report)?;
    row = write_inputs(&mut sheet, report, row + 1)?;
    row = write_continuations(&mut sheet, runs, row + 1)?;
    write_definitions(&mut sheet, row + 1)?;
    sheet.finish()
}

/// The marker and the period, rows 1 to 8; returns the next free row.
fn write_period(sheet: &mut Sheet<'_>, report: &Report) -> Result<RowNum, XlsxError> {
    let marker = format!("{ABOUT_MARKER_VALUE_PREFIX} {}", env!("CARGO_PKG_VERSION"));
    let issue = report.issue;
    let previous = match &report.overview.previous_source {
        Some(PreviousSource::Records) => "按输入文件中上一周期的来电记录统计".to_owned(),
        Some(PreviousSource::Workbook(file)) => format!("读自上周汇总工作簿 {file}"),
        None => "未知（没有上一周期的来电记录或汇总工作簿）".to_owned(),
    };
    // Dates as text, not Excel dates: the ledger reads them back as "2024-06-24" whatever the
    // reader's locale would make of a date cell.
    let rows = [
        (ABOUT_MARKER_LABEL, marker),
        (ABOUT_PERIOD_START, date_plain(report.period.start)),
        (ABOUT_PERIOD_END, date_plain(report.period.last_day())),
        ("周期名称", report.name.to_string()),
        ("周期", period_span_days(&report.period)),
        ("期号", issue_line(issue.year, issue.number, issue.total)),
        ("印发日期", date_cn(report.print_date)),
        ("上周来电总量来源", previous),
    ];
    let mut row = 0;
    for (label, value) in &rows {
        sheet.text(row, 0, label)?;
        sheet.text(row, 1, value)?;
        row += 1;
    }
    Ok(row)
}

/// One row per input file, under a bold header; returns the next free row. The SHA-256 comes
/// second so that it sits in column B, the wide one.
fn write_inputs(
    sheet: &mut Sheet<'_>,
    report: &Report,
    mut row: RowNum,
) -> Result<RowNum, XlsxError> {
    for (col, label) in (0..).zip(["文件", "SHA-256", "大小（字节）", "读取行数"]) {
        sheet.bold(row, col, label)?;
    }
    for input in &report.inputs {
        row += 1;
        sheet.text(row, 0, &input.path)?;
        sheet.text(row, 1, &input.sha256)?;
        sheet.count(row, 2, input.bytes)?;
        sheet.count(row, 3, input.rows_read)?;
    }
    Ok(row + 1)
}

/// Where a list too long for one sheet continues; nothing when every list fit.
fn write_continuations(
    sheet: &mut Sheet<'_>,
    runs: &[SheetRun],
    mut row: RowNum,
) -> Result<RowNum, XlsxError> {
    let split: Vec<&SheetRun> = runs.iter().filter(|r| r.sheets.len() > 1).collect();
    if split.is_empty() {
        return Ok(row);
    }
    sheet.bold(row, 0, "分表")?;
    sheet.bold(row, 1, "说明")?;
    for run in split {
        row += 1;
        sheet.text(row, 0, run.table)?;
        let note = format!(
            "共 {} 行，超过 Excel 单表行数上限，依次写在 {}（每张表第 1 行均为表头）",
            run.rows,
            run.sheets.join("、")
        );
        sheet.text(row, 1, &note)?;
    }
    Ok(row + 1)
}

fn write_definitions(sheet: &mut Sheet<'_>, mut row: RowNum) -> Result<(), XlsxError> {
    sheet.bold(row, 0, "指标")?;
    sheet.bold(row, 1, "口径")?;
    for (label, definition) in DEFINITIONS {
        row += 1;
        sheet.text(row, 0, label)?;
        sheet.text(row, 1, definition)?;
    }
    Ok(())
}
