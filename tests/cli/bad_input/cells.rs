//! Cells of the wrong kind: the file stays usable (exit 0), and each problem is reported once
//! with its sheet!cell so the user can open it in Excel or WPS.

use super::*;

/// A row like `clean_row` with column `col` (0-based, `HEADER` order) replaced.
fn row_with(id: &'static str, col: usize, cell: C) -> Vec<C> {
    let mut row = clean_row(id);
    row[col] = cell;
    row
}

#[test]
fn unreadable_finish_date() {
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "bad-finish-date.xlsx",
        vec![row_with("D1", 6, s("下周三"))],
    );
    let r = check(dir.path(), &["bad-finish-date.xlsx"]);
    assert_eq!(
        usable(
            &r,
            &[
                "bad-finish-date.xlsx 来电明细!G2：办结时间“下周三”不是可识别的日期，请改为 2024-06-24 10:23 这样的格式"
            ]
        ),
        (1, 1, 0, 0)
    );
}

#[test]
fn number_where_text_is_expected_becomes_text() {
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "number-category.xlsx",
        vec![row_with("N1", 2, C::N(123.0)), clean_row("N2")],
    );
    let r = check(dir.path(), &["number-category.xlsx"]);
    assert_eq!(usable(&r, &["数据问题：无"]), (2, 2, 0, 0));
    let r = build(dir.path(), &["number-category.xlsx"]);
    usable(&r, &[]);
    conservation(&r.stdout);
    let mut book = only_output_workbook(dir.path());
    let period = rows_of(&mut book, "本周工单");
    let n1 = period.iter().find(|r| r[0] == "N1").expect("N1 listed");
    assert_eq!(n1[4], "123");
    let issues = rows_of(&mut book, "数据问题");
    assert!(
        issues
            .iter()
            .any(|r| r[3].contains("一级分类“123”不在配置的分类列表中，1 件计入其他类")),
        "{issues:?}"
    );
}

#[test]
fn id_excel_turned_into_a_number_lost_digits() {
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "rounded-id.xlsx",
        vec![
            row_with("", 0, C::N(2_406_240_123_456_789.0)),
            clean_row("2406240123456790"),
        ],
    );
    let r = check(dir.path(), &["rounded-id.xlsx"]);
    assert_eq!(
        usable(
            &r,
            &[
                "rounded-id.xlsx 来电明细!A2：工单编号 2.40624E+15 已被 Excel 转成数字，末尾位数已丢失"
            ]
        ),
        (2, 1, 0, 1)
    );
}

#[test]
fn absurd_deadlines_year_1900_and_2099() {
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "absurd-deadlines.xlsx",
        vec![
            row_with("Y1", 7, C::D("1900-01-05T00:00:00")),
            row_with("Y2", 7, s("2099-12-31 18:00")),
        ],
    );
    let r = check(dir.path(), &["absurd-deadlines.xlsx"]);
    assert_eq!(
        usable(
            &r,
            &[
                "absurd-deadlines.xlsx 来电明细!H2：办理时限“1900-01-05 00:00”超出合理范围（2000 年至 2060 年）",
                "absurd-deadlines.xlsx 来电明细!H3：办理时限“2099-12-31 18:00”超出合理范围",
            ]
        ),
        (2, 2, 0, 0)
    );
}

#[test]
fn finished_before_received_is_reported_at_its_cell() {
    let dir = workdir();
    let mut early = clean_row("E1");
    early[1] = s("2024-06-25 10:00");
    early[6] = s("2024-06-24 09:00");
    orders_xlsx(
        dir.path(),
        "finished-early.xlsx",
        vec![early, clean_row("E2")],
    );
    let r = build(dir.path(), &["finished-early.xlsx"]);
    assert_eq!(usable(&r, &["数据问题 1 条"]), (2, 2, 0, 0));
    // Finished at once: it counts as dispatched and finished this week, never negative.
    assert_eq!(conservation(&r.stdout), (0, 2, 2, 0));
    let mut book = only_output_workbook(dir.path());
    let issues = rows_of(&mut book, "数据问题");
    assert_eq!(
        issues[1..],
        [vec![
            "办结时间问题".to_owned(),
            "finished-early.xlsx".to_owned(),
            "来电明细!G2".to_owned(),
            "工单编号 E1 的办结时间早于来电时间，请核对".to_owned(),
        ]],
    );
}

#[test]
fn status_and_finish_time_that_disagree_are_located() {
    let dir = workdir();
    let mut no_time = clean_row("S1");
    no_time[6] = C::E;
    let mut open_with_time = clean_row("S2");
    open_with_time[5] = s("办理中");
    orders_xlsx(
        dir.path(),
        "status-vs-time.xlsx",
        vec![no_time, open_with_time],
    );
    let r = build(dir.path(), &["status-vs-time.xlsx"]);
    assert_eq!(usable(&r, &["数据问题 2 条"]), (2, 2, 0, 0));
    assert_eq!(conservation(&r.stdout), (0, 2, 2, 0));
    let mut book = only_output_workbook(dir.path());
    let mut issues = rows_of(&mut book, "数据问题").split_off(1);
    issues.sort();
    assert_eq!(
        issues,
        [
            vec![
                "办结时间问题".to_owned(),
                "status-vs-time.xlsx".to_owned(),
                "来电明细!第2行".to_owned(),
                "工单编号 S1 标为已办结但没有办结时间，按周期结束前已办结统计；请补填办结时间"
                    .to_owned(),
            ],
            vec![
                "办结时间问题".to_owned(),
                "status-vs-time.xlsx".to_owned(),
                "来电明细!第3行".to_owned(),
                "工单编号 S2 有办结时间，但办理状态为“办理中”，按已办结统计".to_owned(),
            ],
        ]
    );
}

#[test]
fn cell_of_32767_characters() {
    let dir = workdir();
    let long = "长".repeat(32_767);
    let mut row = row_with("L1", 3, C::O(long.clone()));
    row[8] = s("是");
    orders_xlsx(dir.path(), "longest-cell.xlsx", vec![row]);
    let r = check(dir.path(), &["longest-cell.xlsx"]);
    assert_eq!(usable(&r, &["数据问题：无"]), (1, 1, 0, 0));
    let r = build(dir.path(), &["longest-cell.xlsx"]);
    usable(&r, &[]);
    conservation(&r.stdout);
    let mut book = only_output_workbook(dir.path());
    let period = rows_of(&mut book, "本周工单");
    let l1 = period.iter().find(|r| r[0] == "L1").expect("L1 listed");
    assert_eq!(l1[6].chars().count(), 32_767);
}

#[test]
fn control_characters_in_content_are_removed_and_reported() {
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "bell-in-content.xlsx",
        vec![row_with("B1", 3, s("路灯\u{0007}不亮"))],
    );
    let r = check(dir.path(), &["bell-in-content.xlsx"]);
    assert_eq!(
        usable(
            &r,
            &["bell-in-content.xlsx 来电明细!D2：诉求内容含有控制字符，已删除"]
        ),
        (1, 1, 0, 0)
    );
}

#[test]
fn formula_with_a_cached_error_value() {
    let dir = workdir();
    let f = p(dir.path(), "ref-error.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("来电明细").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in [(1u32, "F1"), (2, "F2")] {
        ws.write_string(r, 0, id).unwrap();
        ws.write_string(r, 1, "2024-06-24 09:00").unwrap();
    }
    // Cached #REF! (t="e") in 承办单位 of row 2 and in 办结时间 of row 3.
    let broken = rust_xlsxwriter::Formula::new("=#REF!").set_result("#REF!");
    ws.write_formula(1, 4, broken.clone()).unwrap();
    ws.write_formula(2, 6, broken).unwrap();
    wb.save(&f).unwrap();
    let r = check(dir.path(), &["ref-error.xlsx"]);
    assert_eq!(
        usable(
            &r,
            &[
                "ref-error.xlsx 来电明细!E2：承办单位单元格是错误值 #REF!，按空值处理；请修正公式",
                "ref-error.xlsx 来电明细!G3：办结时间单元格是错误值 #REF!，按空值处理；请修正公式",
            ]
        ),
        (2, 2, 0, 0)
    );
}

/// The one summary workbook `build` wrote in `dir`, read back.
fn only_output_workbook(dir: &Path) -> calamine::Xlsx<std::io::BufReader<std::fs::File>> {
    let found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_数据汇总.xlsx"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    calamine::open_workbook(&found[0]).unwrap()
}

/// A sheet's rows as text, header included.
fn rows_of(
    book: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> Vec<Vec<String>> {
    use calamine::Reader;
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}
