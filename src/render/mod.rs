//! Output stages: they read the `report`, never the ingest. `format` is the one place numbers
//! and dates become text; `text` turns the report into the bulletin's wording; `xlsx` and
//! `docx` write the two files.

pub mod docx;
pub mod format;
pub mod text;
pub mod xlsx;
