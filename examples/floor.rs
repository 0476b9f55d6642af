//! Benchmark floor: the least any program must do to read an export, so `build` can be
//! measured against it. Opens the workbook with calamine, streams every cell of the first
//! sheet and counts the non-empty cells of columns A and B.
//!
//! ```text
//! cargo run --release --example floor -- FILE.xlsx
//! ```

use anyhow::{Context, Result};
use calamine::{DataRef, Reader, Xlsx, open_workbook};

fn main() -> Result<()> {
    let path = std::env::args_os()
        .nth(1)
        .context("usage: floor FILE.xlsx")?;
    let mut workbook: Xlsx<_> =
        open_workbook(&path).with_context(|| format!("cannot open {}", path.to_string_lossy()))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .context("the workbook has no sheet")?;
    let mut cells = workbook.worksheet_cells_reader(&sheet)?;

    let (mut a, mut b, mut total) = (0u64, 0u64, 0u64);
    while let Some(cell) = cells.next_cell()? {
        total += 1;
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        match cell.get_position().1 {
            0 => a += 1,
            1 => b += 1,
            _ => {}
        }
    }
    println!("cells {total}, column A non-empty {a}, column B non-empty {b}");
    Ok(())
}
