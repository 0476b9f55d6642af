//! hotline-bulletin turns a 12345 hotline's weekly exports into the week's figures, a summary
//! workbook and the bulletin. The pipeline: `config` validates the TOML; `ingest` opens every
//! workbook or CSV, finds the header, maps columns once and merges rows into work orders by
//! 工单编号; `reconcile` places every order in the period (new, carried over, finished, open,
//! overdue); `report` counts them once into plain data; `render` prints that data as the
//! workbook (`render::xlsx`) and the bulletin (`render::docx`, wording from `render::text`).
//! `output` writes files atomically; `app` runs the subcommands.

pub mod app;
pub mod cli;
pub mod config;
pub mod diag;
pub mod ingest;
pub mod ledger;
pub mod model;
pub mod output;
pub mod privacy;
pub mod progress;
pub mod reconcile;
pub mod render;
pub mod report;
