//! Writes the summary workbook staff keep working in, from the report alone.

use crate::report::Report;

/// Renders the workbook as the bytes of a .xlsx file.
///
/// # Errors
/// When rust_xlsxwriter fails (in memory, only on a bug or an out-of-range cell).
pub fn render(report: &Report) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let _ = report;
    Err(rust_xlsxwriter::XlsxError::ParameterError(
        "汇总工作簿尚未实现".into(),
    ))
}
