//! Outputs: nothing is overwritten unasked, nothing is written over an input, inputs are never
//! changed, and a failed build leaves the output folder exactly as it was.

use super::*;

/// A clean export in `dir` with two orders of the week of 2024-06-24.
fn export(dir: &Path) {
    let mut open = clean_row("O2");
    open[5] = s("办理中");
    open[6] = C::E;
    orders_xlsx(dir, "week.xlsx", vec![clean_row("O1"), open]);
}

#[test]
fn build_twice_refuses_then_force_overwrites() {
    let dir = workdir();
    export(dir.path());
    let input = sha256(&p(dir.path(), "week.xlsx"));

    let r = build(dir.path(), &["week.xlsx"]);
    assert_eq!(usable(&r, &["已生成："]), (2, 2, 0, 0));
    assert_eq!(conservation(&r.stdout), (0, 2, 1, 1));
    let first = snapshot(dir.path());
    assert_eq!(first.len(), 3, "{first:?}");

    let r = build(dir.path(), &["week.xlsx"]);
    refused(&r, &["_数据汇总.xlsx 已存在；如需覆盖请加 --force"]);
    assert_eq!(
        snapshot(dir.path()),
        first,
        "the first outputs are unchanged"
    );

    let r = build(dir.path(), &["--force", "week.xlsx"]);
    assert_eq!(usable(&r, &["已生成："]), (2, 2, 0, 0));
    conservation(&r.stdout);
    let names = |v: &[(String, String)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&snapshot(dir.path())),
        names(&first),
        "no temporary files"
    );
    assert_eq!(sha256(&p(dir.path(), "week.xlsx")), input);
}

#[test]
fn output_that_is_an_input_is_refused_even_with_force() {
    let dir = workdir();
    export(dir.path());
    let r = build(dir.path(), &["week.xlsx"]);
    usable(&r, &[]);
    let summary = snapshot(dir.path())
        .into_iter()
        .map(|x| x.0)
        .find(|n| n.ends_with("_数据汇总.xlsx"))
        .unwrap();
    let before = snapshot(dir.path());
    // Last week's summary given back as input, and the same week built into the same folder.
    let r = build(dir.path(), &["--force", "week.xlsx", &summary]);
    refused(
        &r,
        &[&format!("{summary} 与输入文件是同一个文件，拒绝覆盖输入")],
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_failed_build_leaves_the_output_folder_as_it_was() {
    let dir = workdir();
    export(dir.path());
    std::fs::write(p(dir.path(), "notes.xlsx"), "这不是表格\n").unwrap();
    std::fs::create_dir(p(dir.path(), "out")).unwrap();
    std::fs::write(p(dir.path(), "out/上周的专报.docx"), b"last week").unwrap();
    let before = snapshot(dir.path());
    let r = build(dir.path(), &["--out", "out", "week.xlsx", "notes.xlsx"]);
    refused(&r, &["notes.xlsx：文件名是 .xlsx，但内容不是表格工作簿"]);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn missing_output_folder_is_created() {
    let dir = workdir();
    export(dir.path());
    let r = build(dir.path(), &["--out", "新文件夹/本周", "week.xlsx"]);
    no_panic(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let made: Vec<_> = std::fs::read_dir(p(dir.path(), "新文件夹/本周"))
        .unwrap()
        .collect();
    assert_eq!(made.len(), 2, "the workbook and the bulletin");
}

#[test]
fn output_folder_that_is_a_file_is_refused() {
    let dir = workdir();
    export(dir.path());
    std::fs::write(p(dir.path(), "out"), b"a file").unwrap();
    let before = snapshot(dir.path());
    let r = build(dir.path(), &["--out", "out", "week.xlsx"]);
    refused(&r, &["输出位置 out 已存在但不是文件夹"]);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn bad_week_is_a_usage_error() {
    let dir = workdir();
    export(dir.path());
    let r = run(dir.path(), &["build", "--week", "下周", "week.xlsx"]);
    no_panic(&r);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--week 的值“下周”不是日期，请写成 2024-06-24 这样的格式"),
        "{}",
        r.stderr
    );
}

#[test]
fn clap_usage_errors_lead_with_chinese() {
    let dir = workdir();
    for args in [
        &["build"][..],
        &["chek", "a.xlsx"],
        &["check", "--frce", "a.xlsx"],
    ] {
        let r = run(dir.path(), args);
        no_panic(&r);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("用法错误："), "{args:?}: {}", r.stderr);
    }
}
