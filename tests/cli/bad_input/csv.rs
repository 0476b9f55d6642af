//! CSV and text exports: encodings, BOM, line endings, quotes across lines, ragged rows, and
//! binary files named .csv.

use super::*;

#[test]
fn neither_utf8_nor_gbk() {
    let dir = workdir();
    std::fs::write(
        p(dir.path(), "bad-encoding.csv"),
        b"\x80\x80,\xff\xfe\xff\n\xff\xff,1\n",
    )
    .unwrap();
    let r = check(dir.path(), &["bad-encoding.csv"]);
    refused(
        &r,
        &["bad-encoding.csv：文本既不是 UTF-8 也不是 GBK/GB18030 编码"],
    );
}

#[test]
fn byte_order_mark_is_not_part_of_the_first_column_name() {
    let dir = workdir();
    std::fs::write(
        p(dir.path(), "bom.csv"),
        "\u{feff}工单编号,来电时间,承办单位\nU1,2024-06-24 08:00,市住建局\n",
    )
    .unwrap();
    let r = check(dir.path(), &["bom.csv"]);
    assert_eq!(
        usable(&r, &["A列 工单编号；B列 来电时间", "数据问题：无"]),
        (1, 1, 0, 0)
    );
}

#[test]
fn mixed_line_endings() {
    let dir = workdir();
    std::fs::write(
        p(dir.path(), "mixed-endings.csv"),
        "工单编号,来电时间,办结时间\r\nM1,2024-06-24 08:00,\nM2,2024-06-24 09:00,不详\r\nM3,2024-06-24 10:00,\n",
    )
    .unwrap();
    let r = check(dir.path(), &["mixed-endings.csv"]);
    assert_eq!(
        usable(
            &r,
            &["mixed-endings.csv mixed-endings!C3：办结时间“不详”不是可识别的日期"]
        ),
        (3, 3, 0, 0)
    );
}

#[test]
fn quotes_across_lines_keep_row_numbers_as_a_spreadsheet_shows_them() {
    let dir = workdir();
    std::fs::write(
        p(dir.path(), "quotes.csv"),
        "工单编号,来电时间,诉求内容,办结时间\n\
         Q1,2024-06-24 08:00,\"第一行\n第二行，含逗号，\"\"引号\"\"\",\n\
         Q2,2024-06-24 09:00,普通,下周\n",
    )
    .unwrap();
    let r = check(dir.path(), &["quotes.csv"]);
    // Q2 is the sheet's third row (WPS shows the quoted text in one cell), not the fourth line.
    assert_eq!(
        usable(
            &r,
            &["quotes.csv quotes!D3：办结时间“下周”不是可识别的日期"]
        ),
        (2, 2, 0, 0)
    );
}

#[test]
fn ragged_rows_fewer_and_more_fields_than_the_header() {
    let dir = workdir();
    std::fs::write(
        p(dir.path(), "ragged.csv"),
        "工单编号,来电时间,来源渠道,办理方式\n\
         R1,2024-06-24 08:00\n\
         R2,2024-06-24 09:00,电话,派单,多余1,多余2\n\
         R3\n",
    )
    .unwrap();
    let r = check(dir.path(), &["ragged.csv"]);
    assert_eq!(
        usable(
            &r,
            &["ragged.csv ragged!B4：已跳过此行（“R3”）：没有可用的来电时间"]
        ),
        (3, 2, 0, 1)
    );
}

#[test]
fn binary_file_named_csv() {
    let dir = workdir();
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend([0u8; 64]);
    std::fs::write(p(dir.path(), "binary.csv"), bytes).unwrap();
    let r = check(dir.path(), &["binary.csv"]);
    refused(&r, &["binary.csv：不是表格文件，也不是文本（CSV）文件"]);
}

#[test]
fn utf16_text_saved_by_excel_as_unicode_text() {
    // Excel's “Unicode 文本” is UTF-16LE with a BOM, tab-separated.
    let dir = workdir();
    let text = "工单编号\t来电时间\r\nU1\t2024-06-24 08:00\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(p(dir.path(), "unicode-text.txt"), bytes).unwrap();
    let r = check(dir.path(), &["unicode-text.txt"]);
    assert_eq!(usable(&r, &["A列 工单编号"]), (1, 1, 0, 0));
}
