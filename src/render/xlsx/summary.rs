//! The four count sheets: 总体概况, 诉求分类, 工单转办 and 承办单位办理情况. Every figure is
//! one the report holds; the only constant written is the 100% of a total row.

use rust_xlsxwriter::{Chart, ChartDataLabel, ChartType, RowNum, Workbook, XlsxError};

use super::{Formats, Sheet};
use crate::ledger::{
    OVERVIEW_TOTAL, SHEET_CATEGORIES, SHEET_DEPARTMENT_STATS, SHEET_DEPARTMENTS, SHEET_OVERVIEW,
};
use crate::report::{CountRow, Direction, Report};

/// The departments the 工单转办 chart shows; the sheet lists them all.
const CHART_TOP_DEPARTMENTS: usize = 15;

/// 项目 | 件数 | 占比. Next week's run reads the 来电总量 row's B back as its previous total.
pub(super) fn write_overview(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::add(workbook, formats, SHEET_OVERVIEW, &[])?;
    sheet.header(&["项目", "件数", "占比"])?;
    let overview = &report.overview;
    let flow = &report.flow;

    let mut row: RowNum = 1;
    labelled(
        &mut sheet,
        row,
        OVERVIEW_TOTAL,
        Some(overview.total),
        whole(overview.total),
    )?;
    for group in &overview.groups {
        row += 1;
        labelled(
            &mut sheet,
            row,
            group.group.label(),
            Some(group.count),
            Some(group.share.fraction()),
        )?;
    }
    let counts = [
        ("有效诉求", report.valid_total),
        ("派发工单", flow.dispatched),
        ("派发工单办结", flow.dispatched_finished),
        ("办结上周遗留工单", flow.carried_finished),
        ("遗留超期工单", flow.carried_overdue),
    ];
    for (label, n) in counts {
        row += 1;
        labelled(&mut sheet, row, label, Some(n), None)?;
    }

    // Unknown last week (first run, no ledger): blank cells, not a zero that reads as a fact.
    let change = overview.change;
    row += 1;
    labelled(
        &mut sheet,
        row,
        "上周来电总量",
        change.map(|c| c.previous_total),
        None,
    )?;
    row += 1;
    sheet.text(row, 0, "环比")?;
    if let Some(c) = change {
        sheet.text(row, 1, c.direction.label())?;
        let magnitude = c.magnitude.fraction();
        let signed = match c.direction {
            Direction::Up => magnitude,
            Direction::Down => -magnitude,
            Direction::Flat => 0.0,
        };
        sheet.share(row, 2, signed)?;
    }
    sheet.finish()
}

/// 一级分类 | 件数 | 占比 (of 有效诉求), 合计, and a bar chart of the categories.
pub(super) fn write_categories(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let table = CountTable {
        sheet: SHEET_CATEGORIES,
        label: "一级分类",
        rows: &report.categories,
        total: report.valid_total,
        chart_title: format!("诉求分类（{}）", report.name),
        charted: report.categories.len(),
    };
    table.write(workbook, formats)
}

/// 承办单位 | 件数 | 占比 (of 派发工单) for every department, 合计, and a chart of the top ones.
pub(super) fn write_departments(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let shown = report.departments.len().min(CHART_TOP_DEPARTMENTS);
    let chart_title = if shown < report.departments.len() {
        format!("工单转办前{shown}位承办单位（{}）", report.name)
    } else {
        format!("工单转办（{}）", report.name)
    };
    let table = CountTable {
        sheet: SHEET_DEPARTMENTS,
        label: "承办单位",
        rows: &report.departments,
        total: report.flow.dispatched,
        chart_title,
        charted: shown,
    };
    table.write(workbook, formats)
}

/// A name | 件数 | 占比 table with its 合计 row, and a bar chart of its first `charted` rows.
struct CountTable<'r> {
    sheet: &'static str,
    /// Header of column A.
    label: &'static str,
    rows: &'r [CountRow],
    /// The 合计 row's count: the figure the shares are of.
    total: u64,
    chart_title: String,
    charted: usize,
}

impl CountTable<'_> {
    fn write(&self, workbook: &mut Workbook, formats: &Formats) -> Result<(), XlsxError> {
        let mut sheet = Sheet::add(workbook, formats, self.sheet, &[])?;
        sheet.header(&[self.label, "件数", "占比"])?;
        let mut row: RowNum = 0;
        for r in self.rows {
            row += 1;
            labelled(
                &mut sheet,
                row,
                &r.name,
                Some(r.count),
                Some(r.share.fraction()),
            )?;
        }
        row += 1;
        labelled(&mut sheet, row, "合计", Some(self.total), whole(self.total))?;

        // An empty range would make a chart Excel refuses to open.
        if self.charted > 0 {
            let chart = bar_chart(self.sheet, self.charted, &self.chart_title);
            // Column E, leaving D as a gap after the table.
            sheet.ws.insert_chart(1, 4, &chart)?;
        }
        sheet.finish()
    }
}

/// Horizontal bars of rows 2..=charted+1 (A = names, B = counts), largest at the top.
fn bar_chart(sheet_name: &str, charted: usize, title: &str) -> Chart {
    let last = RowNum::try_from(charted).unwrap_or(RowNum::MAX - 1);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories((sheet_name, 1, 0, last, 0))
        .set_values((sheet_name, 1, 1, last, 1))
        .set_data_label(ChartDataLabel::new().show_value());
    chart.title().set_name(title);
    chart.legend().set_hidden();
    // A bar chart draws its first category at the bottom; the table is sorted largest first.
    chart.y_axis().set_reverse();
    // Room for every bar and its label: about 22 px a bar on top of the title and axis.
    let bars = u32::try_from(charted).unwrap_or(u32::MAX / 32);
    chart.set_width(640).set_height((120 + 22 * bars).max(288));
    chart
}

/// The share of a total row: 100%, or blank when the total is zero (nothing to divide).
fn whole(total: u64) -> Option<f64> {
    (total > 0).then_some(1.0)
}

/// A label in A, a count in B, a share in C; None leaves the cell blank.
fn labelled(
    sheet: &mut Sheet<'_>,
    row: RowNum,
    label: &str,
    count: Option<u64>,
    share: Option<f64>,
) -> Result<(), XlsxError> {
    sheet.text(row, 0, label)?;
    if let Some(n) = count {
        sheet.count(row, 1, n)?;
    }
    if let Some(s) = share {
        sheet.share(row, 2, s)?;
    }
    Ok(())
}

/// One row per lead department: the period's flow, its rates and the mean days to finish.
pub(super) fn write_department_stats(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::add(workbook, formats, SHEET_DEPARTMENT_STATS, &[])?;
    sheet.header(&[
        "承办单位",
        "本周派发",
        "本周派发办结",
        "上周遗留",
        "遗留办结",
        "期末未办结",
        "期末超期",
        "办结率",
        "按期办结率",
        "平均办结天数",
    ])?;
    for (row, d) in (1..).zip(&report.department_stats) {
        sheet.text(row, 0, &d.name)?;
        let counts = [
            d.dispatched,
            d.dispatched_finished,
            d.carried,
            d.carried_finished,
            d.open_at_end,
            d.overdue_at_end,
        ];
        for (col, n) in (1..).zip(counts) {
            sheet.count(row, col, n)?;
        }
        if let Some(rate) = d.finish_rate {
            sheet.share(row, 7, rate.fraction())?;
        }
        if let Some(rate) = d.on_time_rate {
            sheet.share(row, 8, rate.fraction())?;
        }
        if let Some(days) = d.average_days {
            sheet.one_decimal(row, 9, days)?;
        }
    }
    sheet.finish()
}
