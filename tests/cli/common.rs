//! Fixture writers and a runner for the real executable.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Runs the tool in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

/// Runs the tool in `dir` with `args` and the environment variables `env` set.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_hotline-bulletin"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("the binary runs")
        .into()
}

pub fn workdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A cell of a fixture sheet.
#[derive(Clone, Debug)]
pub enum C {
    S(&'static str),
    O(String),
    N(f64),
    D(&'static str),
    E,
}

pub fn s(x: &'static str) -> C {
    C::S(x)
}

/// Writes an .xlsx with one sheet per (name, rows); a `C::D("2024-06-24 10:23:00")` is a real
/// date cell.
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(t) => {
                        ws.write_string(r, c, *t).unwrap();
                    }
                    C::O(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::D(t) => {
                        let dt = ExcelDateTime::parse_from_str(t).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// Writes CSV text in GBK.
pub fn gbk_csv(path: &Path, text: &str) {
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad, "fixture text must be GBK");
    std::fs::write(path, bytes).unwrap();
}

pub fn p(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

pub fn sha256(path: &Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap();
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The line of `check` output that carries the accounting, parsed: (rows, orders, repeats, skipped).
pub fn accounting(stdout: &str) -> (u64, u64, u64, u64) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("读取数据行"))
        .unwrap_or_else(|| panic!("no accounting line in:\n{stdout}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(nums.len(), 4, "{line}");
    assert_eq!(
        nums[0],
        nums[1] + nums[2] + nums[3],
        "rows read must add up: {line}"
    );
    (nums[0], nums[1], nums[2], nums[3])
}
