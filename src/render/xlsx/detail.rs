//! The detail lists: 遗留工单, 疑难工单 and 本周工单 (one order a row) and 数据问题. A list longer
//! than a sheet can hold continues on "本周工单(2)" and so on, each with the same header row, and
//! the 说明 sheet says so.

use rust_xlsxwriter::{ColNum, RowNum, Workbook, Worksheet, XlsxError};

use super::{Formats, Sheet};
use crate::diag::Diagnostic;
use crate::ledger::{
    COL_FIRST_WEEK, COL_OVERDUE, COL_OVERDUE_DAYS, SHEET_DIFFICULT, SHEET_ISSUES, SHEET_OPEN,
    SHEET_PERIOD,
};
use crate::model::Field;
use crate::report::{OrderRow, Report};

/// One detail list and the sheets it took: more than one when it exceeded the row limit.
pub(super) struct SheetRun {
    pub(super) table: &'static str,
    pub(super) rows: usize,
    pub(super) sheets: Vec<String>,
}

/// Writes the four detail lists in sheet order and returns where each went.
pub(super) fn write_details(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Report,
    row_limit: RowNum,
) -> Result<Vec<SheetRun>, XlsxError> {
    let header = order_header();
    let wrapping = [column_of(Field::Content), column_of(Field::Progress)];
    let order_lists = [
        (SHEET_OPEN, &report.open_orders),
        (SHEET_DIFFICULT, &report.difficult_orders),
        (SHEET_PERIOD, &report.period_orders),
    ];
    // A year's lists run to tens of thousands of rows: each is built on a thread of its own,
    // then added in sheet order.
    let built: Vec<Result<(Vec<Worksheet>, SheetRun), XlsxError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = order_lists
            .into_iter()
            .map(|(table, orders)| {
                let list = List {
                    table,
                    header: &header,
                    wrapping: &wrapping,
                    row_limit,
                };
                scope.spawn(move || list.build(formats, orders, write_order))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("building a sheet does not panic"))
            .collect()
    });
    let mut runs = Vec::new();
    for result in built {
        let (sheets, run) = result?;
        for ws in sheets {
            workbook.push_worksheet(ws);
        }
        runs.push(run);
    }
    let issues = List {
        table: SHEET_ISSUES,
        header: &["类型", "文件", "位置", "说明"],
        wrapping: &[3],
        row_limit,
    };
    let (sheets, run) = issues.build(formats, &report.diagnostics, write_diagnostic)?;
    for ws in sheets {
        workbook.push_worksheet(ws);
    }
    runs.push(run);
    Ok(runs)
}

/// Row 1 of every order sheet: the canonical field names, which is what lets the ingest read
/// 遗留工单 back next week as ordinary records, then the three columns the ledger adds.
fn order_header() -> Vec<&'static str> {
    Field::ALL
        .iter()
        .map(|f| f.name())
        .chain([COL_OVERDUE, COL_OVERDUE_DAYS, COL_FIRST_WEEK])
        .collect()
}

fn column_of(field: Field) -> ColNum {
    let i = Field::ALL
        .iter()
        .position(|f| *f == field)
        .expect("every field is in Field::ALL");
    ColNum::try_from(i).expect("fifteen fields fit a column number")
}

/// One order. The match follows `Field::ALL`, the header's order, so a column cannot drift
/// from its name.
fn write_order(sheet: &mut Sheet<'_>, row: RowNum, o: &OrderRow) -> Result<(), XlsxError> {
    for field in Field::ALL {
        let col = column_of(field);
        match field {
            Field::Id => sheet.text(row, col, o.id.as_str()),
            Field::Received => sheet.datetime(row, col, o.received),
            Field::Channel => sheet.text(row, col, &o.channel),
            Field::Handling => sheet.text(row, col, &o.handling),
            Field::Category => sheet.opt_text(row, col, o.category.as_deref()),
            Field::Subcategory => sheet.opt_text(row, col, o.subcategory.as_deref()),
            Field::Content => sheet.opt_text(row, col, o.content.as_deref()),
            Field::Department => sheet.opt_text(row, col, o.department.as_deref()),
            Field::Status => sheet.opt_text(row, col, o.status.as_deref()),
            Field::Finished => sheet.opt_datetime(row, col, o.finished),
            Field::Deadline => sheet.opt_datetime(row, col, o.deadline),
            Field::Difficult => sheet.yes_no(row, col, o.difficult),
            Field::Progress => sheet.opt_text(row, col, o.progress.as_deref()),
            Field::Caller => sheet.opt_text(row, col, o.caller.as_deref()),
            // Text, never a number: a phone number's leading 0 must survive.
            Field::Phone => sheet.opt_text(row, col, o.phone.as_deref()),
        }?;
    }
    let extra = ColNum::try_from(Field::ALL.len()).expect("fifteen fields");
    sheet.yes_no(row, extra, o.overdue)?;
    if let Some(days) = o.overdue_days {
        sheet.signed_count(row, extra + 1, days)?;
    }
    sheet.text(row, extra + 2, &o.first_week)
}

fn write_diagnostic(sheet: &mut Sheet<'_>, row: RowNum, d: &Diagnostic) -> Result<(), XlsxError> {
    sheet.text(row, 0, d.problem.kind())?;
    sheet.text(row, 1, &d.location.file)?;
    sheet.text(row, 2, &d.location.place())?;
    sheet.text(row, 3, &d.problem.to_string())
}

/// How a detail list is laid out: its sheet name, header and long-text columns.
struct List<'h> {
    table: &'static str,
    header: &'h [&'h str],
    wrapping: &'h [ColNum],
    /// Rows a sheet may hold, header included (Excel's 1,048,576 outside tests).
    row_limit: RowNum,
}

impl List<'_> {
    /// Writes `items` one a row, on as many sheets as the row limit needs. An empty list still
    /// gets its sheet with the header: next week's run looks for 遗留工单 even when it is empty.
    fn build<T>(
        &self,
        formats: &Formats,
        items: &[T],
        mut write_row: impl FnMut(&mut Sheet<'_>, RowNum, &T) -> Result<(), XlsxError>,
    ) -> Result<(Vec<Worksheet>, SheetRun), XlsxError> {
        // At least one data row a sheet, whatever the limit says.
        let per_sheet = usize::try_from(self.row_limit.saturating_sub(1).max(1))
            .expect("a row number fits usize");
        let mut chunks = items.chunks(per_sheet);
        let first = chunks.next().unwrap_or(&[]);
        let mut sheets = Vec::new();
        let mut worksheets = Vec::new();
        for chunk in std::iter::once(first).chain(chunks) {
            let name = if sheets.is_empty() {
                self.table.to_owned()
            } else {
                format!("{}({})", self.table, sheets.len() + 1)
            };
            let mut ws = Worksheet::new();
            let mut sheet = Sheet::on(&mut ws, formats, &name, self.wrapping)?;
            sheet.header(self.header)?;
            for (row, item) in (1..).zip(chunk) {
                write_row(&mut sheet, row, item)?;
            }
            sheet.finish()?;
            worksheets.push(ws);
            sheets.push(name);
        }
        let run = SheetRun {
            table: self.table,
            rows: items.len(),
            sheets,
        };
        Ok((worksheets, run))
    }
}
