//! Inputs that cannot be used, or only with warnings: every case asserts its exit code and the
//! key part of its message (the file, and the sheet!cell where there is one), that the
//! accounting adds up, and that nothing panics, is lost, overwritten or written elsewhere.

mod cells;
mod config;
mod csv;
mod files;
mod hostile;
mod outputs;
mod props;

use std::io::{Read, Write};
use std::path::Path;

use crate::common::*;

/// The header of the cell fixtures: A 工单编号 … I 疑难标记.
pub(super) const HEADER: [&str; 9] = [
    "工单编号",
    "来电时间",
    "一级分类",
    "诉求内容",
    "承办单位",
    "办理状态",
    "办结时间",
    "办理时限",
    "疑难标记",
];

/// One ordinary, clean order in the week of 2024-06-24 (row values in `HEADER` order).
pub(super) fn clean_row(id: &'static str) -> Vec<C> {
    vec![
        s(id),
        s("2024-06-24 09:00"),
        s("城乡建设类"),
        s("小区路灯不亮"),
        s("市住建局"),
        s("已办结"),
        s("2024-06-25 10:00"),
        s("2024-06-28 18:00"),
        s("否"),
    ]
}

/// Writes `name` in `dir` with one sheet 来电明细: `HEADER`, then `rows`.
pub(super) fn orders_xlsx(dir: &Path, name: &str, rows: Vec<Vec<C>>) {
    let mut all = vec![HEADER.iter().map(|h| s(h)).collect::<Vec<_>>()];
    all.extend(rows);
    xlsx(&p(dir, name), &[("来电明细", all)]);
}

/// Fails the test if the run panicked anywhere.
#[track_caller]
pub(super) fn no_panic(r: &Run) {
    assert!(
        !r.stderr.contains("panicked") && !r.stdout.contains("panicked"),
        "a panic:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

/// Runs `check` in `dir` on files named relative to it.
pub(super) fn check(dir: &Path, files: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend_from_slice(files);
    let r = run(dir, &args);
    no_panic(&r);
    r
}

/// Runs `build --week 2024-06-24` in `dir` with `extra` flags and inputs, and checks that
/// every input file is byte for byte what it was, whatever the outcome.
pub(super) fn build(dir: &Path, extra: &[&str]) -> Run {
    let inputs: Vec<(String, String)> = extra
        .iter()
        .filter(|a| dir.join(a).is_file())
        .map(|a| ((*a).to_owned(), sha256(&dir.join(a))))
        .collect();
    let mut args = vec!["build", "--week", "2024-06-24"];
    args.extend_from_slice(extra);
    let r = run(dir, &args);
    no_panic(&r);
    for (name, before) in inputs {
        assert_eq!(sha256(&dir.join(&name)), before, "{name} was changed");
    }
    r
}

/// The input could not be used: exit 1, every fragment in the error, nothing on stdout.
#[track_caller]
pub(super) fn refused(r: &Run, fragments: &[&str]) {
    assert_eq!(r.code, 1, "exit code\n{}\n{}", r.stdout, r.stderr);
    for f in fragments {
        assert!(r.stderr.contains(f), "missing “{f}” in:\n{}", r.stderr);
    }
    assert!(r.stderr.starts_with("错误："), "{}", r.stderr);
}

/// Usable, perhaps with warnings: exit 0, the accounting adds up, every fragment printed.
#[track_caller]
pub(super) fn usable(r: &Run, fragments: &[&str]) -> (u64, u64, u64, u64) {
    assert_eq!(r.code, 0, "exit code\n{}\n{}", r.stdout, r.stderr);
    for f in fragments {
        assert!(r.stdout.contains(f), "missing “{f}” in:\n{}", r.stdout);
    }
    accounting(&r.stdout)
}

/// The 工单守恒 line `build` prints, parsed and checked: (期初, 派发, 办结, 期末).
#[track_caller]
pub(super) fn conservation(stdout: &str) -> (u64, u64, u64, u64) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("工单守恒："))
        .unwrap_or_else(|| panic!("no conservation line in:\n{stdout}"));
    let n: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(n.len(), 4, "{line}");
    assert_eq!(n[0] + n[1], n[2] + n[3], "orders must be conserved: {line}");
    (n[0], n[1], n[2], n[3])
}

/// Every file under `dir` (relative path, SHA-256), sorted: a folder's exact state.
pub(super) fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, sha256(&path)));
            }
        }
    }
    out.sort();
    out
}

/// A zip's entries as (name, inflated bytes), in order.
pub(super) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// Writes entries back into a zip (deflated), in order and with the names as given.
pub(super) fn zip_entries(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}
