//! Renders a hand-built report of the reference week (2024-06-24..30) and reads the bytes back
//! with calamine, asserting on what a reader of the workbook sees.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};

use super::{display_units, excel_text, render, render_with_row_limit};
use crate::diag::{Diagnostic, Location, Problem};
use crate::ledger;
use crate::model::{Field, OrderId, Period};
use crate::report::{
    Change, CountRow, DepartmentStats, Direction, Flow, Group, GroupRow, HotTopic, InputInfo,
    IssueNumbers, OrderRow, Overview, PreviousSource, Report, Share, Subtopic,
};

fn at(day: u32, hour: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 6, day)
        .unwrap()
        .and_hms_opt(hour, min, 0)
        .unwrap()
}

fn rows(items: &[(&str, u64, u32)]) -> Vec<CountRow> {
    items
        .iter()
        .map(|&(name, count, share)| CountRow {
            name: name.to_owned(),
            count,
            share: Share(share),
        })
        .collect()
}

fn order(id: &str, received: NaiveDateTime, content: &str) -> OrderRow {
    OrderRow {
        id: OrderId(id.into()),
        received,
        channel: "12345热线".to_owned(),
        handling: "工单转办".to_owned(),
        category: Some("城乡建设类".to_owned()),
        subcategory: Some("物业管理".to_owned()),
        content: Some(content.to_owned()),
        department: Some("市住房和城乡建设局".to_owned()),
        status: Some("办理中".to_owned()),
        finished: None,
        deadline: Some(at(28, 18, 0)),
        difficult: false,
        progress: None,
        caller: Some("张**".to_owned()),
        phone: Some("013800000000".to_owned()),
        overdue: true,
        overdue_days: Some(2),
        first_week: "2024年6月第4周".to_owned(),
    }
}

/// The reference week: 819 calls, 800 valid, 166 dispatched to 18 departments.
fn reference_report() -> Report {
    let period = Period::week_containing(NaiveDate::from_ymd_opt(2024, 6, 26).unwrap());
    let groups = [
        (Group::GovWebsite, 0, 0),
        (Group::Provincial, 6, 73),
        (Group::WeChat, 0, 0),
        (Group::DirectAnswer, 634, 7741),
        (Group::Dispatch, 166, 2027),
        (Group::Other, 13, 159),
    ]
    .into_iter()
    .map(|(group, count, share)| GroupRow {
        group,
        count,
        share: Share(share),
    })
    .collect();
    let categories = rows(&[
        ("热线事务类", 200, 2500),
        ("城乡建设类", 120, 1500),
        ("社会事业类", 95, 1188),
        ("公共服务类", 70, 875),
        ("交通运输类", 56, 700),
        ("市场监管类", 40, 500),
        ("公共安全类", 20, 250),
        ("政务团群类", 10, 125),
        ("其他类", 189, 2363),
    ]);
    let departments = rows(&[
        ("市住房和城乡建设局", 55, 3313),
        ("市自然资源和规划局", 30, 1807),
        ("市交通运输局", 20, 1205),
        ("市市场监督管理局", 15, 904),
        ("市教育体育局", 10, 602),
        ("市人力资源和社会保障局", 8, 482),
        ("市卫生健康委员会", 6, 361),
        ("市城市管理局", 5, 301),
        ("市生态环境局", 4, 241),
        ("市水务局", 3, 181),
        ("市民政局", 2, 120),
        ("市公安局", 2, 120),
        ("供电公司", 1, 60),
        ("燃气公司", 1, 60),
        ("自来水公司", 1, 60),
        ("市医疗保障局", 1, 60),
        ("市农业农村局", 1, 60),
        ("市文化广电旅游局", 1, 60),
    ]);
    let mut difficult = order("2406270042", at(27, 9, 5), "小区电梯停运一周无人维修");
    difficult.difficult = true;
    difficult.overdue = false;
    difficult.overdue_days = None;
    difficult.deadline = None;
    difficult.progress = Some("已联系物业，约定周五前修复".to_owned());
    difficult.first_week = "2024年6月第5周".to_owned();
    let open_orders = vec![
        order("2406200017", at(20, 10, 23), "=1+1"),
        difficult.clone(),
    ];
    let mut finished = order("2406250008", at(25, 8, 30), "+86 路灯不亮");
    finished.status = Some("已办结".to_owned());
    finished.finished = Some(at(26, 16, 45));
    finished.overdue = false;
    finished.overdue_days = None;
    finished.first_week = "2024年6月第5周".to_owned();

    Report {
        period,
        name: period.name(),
        issue: IssueNumbers {
            year: 2024,
            number: 36,
            total: 86,
        },
        print_date: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap(),
        overview: Overview {
            total: 819,
            groups,
            dispatch_group_finished: 25,
            change: Some(Change {
                previous_total: 733,
                direction: Direction::Up,
                magnitude: Share(1173),
            }),
            previous_source: Some(PreviousSource::Workbook("6月第4周汇总.xlsx".to_owned())),
        },
        valid_total: 800,
        categories,
        flow: Flow {
            open_at_start: 12,
            dispatched: 166,
            dispatched_finished: 25,
            carried_finished: 9,
            carried_overdue: 1,
            open_at_end: 144,
        },
        departments,
        department_stats: vec![
            DepartmentStats {
                name: "市住房和城乡建设局".to_owned(),
                dispatched: 55,
                dispatched_finished: 10,
                carried: 4,
                carried_finished: 3,
                open_at_end: 46,
                overdue_at_end: 1,
                finish_rate: Some(Share(2203)),
                on_time_rate: Some(Share(9231)),
                average_days: Some(2.4),
            },
            DepartmentStats {
                name: "市文化广电旅游局".to_owned(),
                dispatched: 0,
                dispatched_finished: 0,
                carried: 0,
                carried_finished: 0,
                open_at_end: 0,
                overdue_at_end: 0,
                finish_rate: None,
                on_time_rate: None,
                average_days: None,
            },
        ],
        hot_topics: vec![HotTopic {
            category: "热线事务类".to_owned(),
            count: 200,
            subtopics: vec![Subtopic {
                name: "政策咨询".to_owned(),
                count: 80,
            }],
        }],
        difficult_cases: Vec::new(),
        pending_difficult: Vec::new(),
        open_orders,
        period_orders: vec![finished, difficult.clone()],
        difficult_orders: vec![difficult],
        inputs: vec![InputInfo {
            path: "6月第5周来电明细.xlsx".to_owned(),
            bytes: 123_456,
            sha256: "ab".repeat(32),
            rows_read: 819,
        }],
        diagnostics: vec![
            Diagnostic {
                location: Location::file("6月第5周来电明细.xlsx"),
                problem: Problem::UnknownCategory {
                    value: "农林水利类".to_owned(),
                    count: 3,
                },
            },
            Diagnostic {
                location: Location::cell("6月第5周来电明细.xlsx", "来电明细", 17, 1),
                problem: Problem::UnreadableDate {
                    field: Field::Received,
                    text: "6月31日".to_owned(),
                },
            },
        ],
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("the workbook opens")
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The cell at an A1-style position, as a reader sees it.
#[track_caller]
fn cell(range: &Range<Data>, a1: &str) -> Data {
    let (letters, digits) = a1.split_at(a1.find(|c: char| c.is_ascii_digit()).unwrap());
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = digits.parse::<u32>().unwrap() - 1;
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(s: &str) -> Data {
    Data::String(s.to_owned())
}

#[track_caller]
fn assert_number(range: &Range<Data>, a1: &str, expected: f64) {
    match cell(range, a1) {
        Data::Float(f) => assert!((f - expected).abs() < 1e-9, "{a1} = {f}, not {expected}"),
        other => panic!("{a1} is {other:?}, not the number {expected}"),
    }
}

/// Column A of a sheet, for finding a labelled row.
fn row_of(range: &Range<Data>, label: &str) -> u32 {
    (0..range.height() as u32)
        .find(|&r| range.get_value((r, 0)) == Some(&text(label)))
        .unwrap_or_else(|| panic!("no row labelled {label}"))
        + 1
}

fn header(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the package"))
        .read_to_string(&mut out)
        .unwrap();
    out
}

#[test]
fn sheets_come_in_the_contract_order() {
    let bytes = render(&reference_report()).unwrap();
    assert_eq!(
        open(&bytes).sheet_names(),
        [
            ledger::SHEET_OVERVIEW,
            ledger::SHEET_CATEGORIES,
            ledger::SHEET_DEPARTMENTS,
            ledger::SHEET_DEPARTMENT_STATS,
            ledger::SHEET_OPEN,
            ledger::SHEET_DIFFICULT,
            ledger::SHEET_PERIOD,
            ledger::SHEET_ISSUES,
            ledger::SHEET_ABOUT,
        ]
    );
}

#[test]
fn overview_prints_counts_and_numeric_shares() {
    let bytes = render(&reference_report()).unwrap();
    let s = sheet(&mut open(&bytes), ledger::SHEET_OVERVIEW);
    assert_eq!(header(&s), ["项目", "件数", "占比"]);
    assert_eq!(cell(&s, "A2"), text(ledger::OVERVIEW_TOTAL));
    assert_number(&s, "B2", 819.0);
    assert_number(&s, "C2", 1.0);
    let labels: Vec<String> = (3..=8)
        .map(|r| cell(&s, &format!("A{r}")).to_string())
        .collect();
    assert_eq!(
        labels,
        Group::ALL.map(|g| g.label().to_owned()),
        "the six groups follow the total"
    );
    // 工单转办: 166 件, 20.27% as a number a formula can use, not the text "20.27%".
    assert_eq!(cell(&s, "A7"), text("工单转办"));
    assert_number(&s, "B7", 166.0);
    assert_number(&s, "C7", 0.2027);
    for (label, count) in [
        ("有效诉求", 800.0),
        ("派发工单", 166.0),
        ("派发工单办结", 25.0),
        ("办结上周遗留工单", 9.0),
        ("遗留超期工单", 1.0),
        ("上周来电总量", 733.0),
    ] {
        assert_number(&s, &format!("B{}", row_of(&s, label)), count);
    }
    let change = row_of(&s, "环比");
    assert_eq!(cell(&s, &format!("B{change}")), text("上升"));
    assert_number(&s, &format!("C{change}"), 0.1173);
}

#[test]
fn overview_leaves_an_unknown_last_week_blank_and_signs_a_fall() {
    let mut report = reference_report();
    report.overview.change = None;
    let s = sheet(&mut open(&render(&report).unwrap()), ledger::SHEET_OVERVIEW);
    let previous = row_of(&s, "上周来电总量");
    assert_eq!(cell(&s, &format!("B{previous}")), Data::Empty);
    let change = row_of(&s, "环比");
    assert_eq!(cell(&s, &format!("B{change}")), Data::Empty);
    assert_eq!(cell(&s, &format!("C{change}")), Data::Empty);

    report.overview.change = Some(Change {
        previous_total: 900,
        direction: Direction::Down,
        magnitude: Share(900),
    });
    let s = sheet(&mut open(&render(&report).unwrap()), ledger::SHEET_OVERVIEW);
    assert_eq!(cell(&s, &format!("B{change}")), text("下降"));
    assert_number(&s, &format!("C{change}"), -0.09);
}

#[test]
fn categories_and_departments_list_every_row_with_a_total_and_a_chart() {
    let report = reference_report();
    let bytes = render(&report).unwrap();
    let mut book = open(&bytes);

    let s = sheet(&mut book, ledger::SHEET_CATEGORIES);
    assert_eq!(header(&s), ["一级分类", "件数", "占比"]);
    for (i, c) in report.categories.iter().enumerate() {
        let r = i + 2;
        assert_eq!(cell(&s, &format!("A{r}")), text(&c.name));
        assert_number(&s, &format!("B{r}"), c.count as f64);
        assert_number(&s, &format!("C{r}"), c.share.fraction());
    }
    assert_eq!(row_of(&s, "合计"), 11);
    assert_number(&s, "B11", 800.0);
    assert_number(&s, "C11", 1.0);

    let s = sheet(&mut book, ledger::SHEET_DEPARTMENTS);
    assert_eq!(header(&s), ["承办单位", "件数", "占比"]);
    // All 18, not only the 15 the chart shows.
    assert_eq!(cell(&s, "A19"), text("市文化广电旅游局"));
    assert_eq!(row_of(&s, "合计"), 20);
    assert_number(&s, "B20", 166.0);

    let charts: Vec<String> = (1..=2)
        .map(|n| zip_entry(&bytes, &format!("xl/charts/chart{n}.xml")))
        .collect();
    assert!(
        charts[0].contains("<c:f>诉求分类!$A$2:$A$10</c:f>"),
        "{}",
        charts[0]
    );
    assert!(
        charts[1].contains("<c:f>工单转办!$A$2:$A$16</c:f>"),
        "{}",
        charts[1]
    );
}

#[test]
fn department_stats_leave_missing_rates_blank() {
    let bytes = render(&reference_report()).unwrap();
    let s = sheet(&mut open(&bytes), ledger::SHEET_DEPARTMENT_STATS);
    assert_eq!(
        header(&s),
        [
            "承办单位",
            "本周派发",
            "本周派发办结",
            "上周遗留",
            "遗留办结",
            "期末未办结",
            "期末超期",
            "办结率",
            "按期办结率",
            "平均办结天数"
        ]
    );
    assert_eq!(cell(&s, "A2"), text("市住房和城乡建设局"));
    assert_number(&s, "B2", 55.0);
    assert_number(&s, "G2", 1.0);
    assert_number(&s, "H2", 0.2203);
    assert_number(&s, "I2", 0.9231);
    assert_number(&s, "J2", 2.4);
    for col in ["H", "I", "J"] {
        assert_eq!(cell(&s, &format!("{col}3")), Data::Empty, "{col}3");
    }
}

fn excel_serial(t: NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (t - epoch).num_seconds() as f64 / 86_400.0
}

#[test]
fn open_orders_read_back_as_records() {
    let bytes = render(&reference_report()).unwrap();
    let mut book = open(&bytes);
    let s = sheet(&mut book, ledger::SHEET_OPEN);
    let expected: Vec<&str> = [
        "工单编号",
        "来电时间",
        "来源渠道",
        "办理方式",
        "一级分类",
        "二级分类",
        "诉求内容",
        "承办单位",
        "办理状态",
        "办结时间",
        "办理时限",
        "疑难标记",
        "办理情况",
        "来电人",
        "联系电话",
        "是否超期",
        "超期天数",
        "首次出现周",
    ]
    .into();
    assert_eq!(header(&s), expected);
    assert_eq!(s.height(), 3, "header and two orders");

    assert_eq!(cell(&s, "A2"), text("2406200017"));
    match cell(&s, "B2") {
        Data::DateTime(t) => assert!((t.as_f64() - excel_serial(at(20, 10, 23))).abs() < 1e-9),
        other => panic!("来电时间 is {other:?}, not a date"),
    }
    // Citizen text that looks like a formula stays text.
    assert_eq!(cell(&s, "G2"), text("=1+1"));
    let formulas = book.worksheet_formula(ledger::SHEET_OPEN).unwrap();
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no formula anywhere"
    );
    assert_eq!(cell(&s, "J2"), Data::Empty, "no 办结时间");
    assert!(matches!(cell(&s, "K2"), Data::DateTime(_)));
    assert_eq!(cell(&s, "L2"), text("否"));
    assert_eq!(cell(&s, "L3"), text("是"));
    assert_eq!(cell(&s, "O2"), text("013800000000"), "leading 0 kept");
    assert_eq!(cell(&s, "P2"), text("是"));
    assert_number(&s, "Q2", 2.0);
    assert_eq!(cell(&s, "Q3"), Data::Empty);
    assert_eq!(cell(&s, "R2"), text("2024年6月第4周"));

    let s = sheet(&mut book, ledger::SHEET_PERIOD);
    assert_eq!(header(&s), expected);
    assert_eq!(cell(&s, "G2"), text("+86 路灯不亮"));
    assert!(matches!(cell(&s, "J2"), Data::DateTime(_)));
    let s = sheet(&mut book, ledger::SHEET_DIFFICULT);
    assert_eq!(header(&s), expected);
    assert_eq!(cell(&s, "M2"), text("已联系物业，约定周五前修复"));
}

#[test]
fn issues_name_kind_file_place_and_message() {
    let report = reference_report();
    let s = sheet(&mut open(&render(&report).unwrap()), ledger::SHEET_ISSUES);
    assert_eq!(header(&s), ["类型", "文件", "位置", "说明"]);
    assert_eq!(cell(&s, "A2"), text("分类问题"));
    assert_eq!(cell(&s, "B2"), text("6月第5周来电明细.xlsx"));
    assert_eq!(
        cell(&s, "C2"),
        Data::Empty,
        "a whole-file problem has no place"
    );
    assert_eq!(cell(&s, "C3"), text("来电明细!B17"));
    assert_eq!(
        cell(&s, "D3"),
        text(&report.diagnostics[1].problem.to_string())
    );
}

#[test]
fn about_carries_the_marker_the_ledger_reads() {
    let bytes = render(&reference_report()).unwrap();
    let s = sheet(&mut open(&bytes), ledger::SHEET_ABOUT);
    assert_eq!(cell(&s, "A1"), text(ledger::ABOUT_MARKER_LABEL));
    assert_eq!(
        cell(&s, "B1"),
        text(&format!("hotline-bulletin {}", env!("CARGO_PKG_VERSION")))
    );
    let start = row_of(&s, ledger::ABOUT_PERIOD_START);
    assert_eq!(cell(&s, &format!("B{start}")), text("2024-06-24"));
    let end = row_of(&s, ledger::ABOUT_PERIOD_END);
    assert_eq!(cell(&s, &format!("B{end}")), text("2024-06-30"));
    let name = row_of(&s, "周期名称");
    assert_eq!(cell(&s, &format!("B{name}")), text("2024年6月第5周"));
    let issue = row_of(&s, "期号");
    assert_eq!(
        cell(&s, &format!("B{issue}")),
        text("2024年第36期（总第86期）")
    );
    let input = row_of(&s, "6月第5周来电明细.xlsx");
    assert_eq!(cell(&s, &format!("B{input}")), text(&"ab".repeat(32)));
    assert_number(&s, &format!("C{input}"), 123_456.0);
    assert_number(&s, &format!("D{input}"), 819.0);
    for label in [
        "来电总量",
        "有效诉求",
        "派发工单",
        "遗留工单",
        "遗留超期工单",
        "办结率",
        "按期办结率",
    ] {
        let r = row_of(&s, label);
        assert!(
            matches!(cell(&s, &format!("B{r}")), Data::String(d) if d.ends_with('。')),
            "{label} has a definition"
        );
    }
    assert!(
        (0..s.height() as u32).all(|r| s.get_value((r, 0)) != Some(&text("分表"))),
        "no continuation note when every list fits"
    );
}

#[test]
fn a_long_list_continues_on_numbered_sheets() {
    let mut report = reference_report();
    report.period_orders = (0..20)
        .map(|i| order(&format!("24062500{i:02}"), at(25, 9, i), "噪音扰民"))
        .collect();
    let bytes = render_with_row_limit(&report, 10).unwrap();
    let mut book = open(&bytes);
    let names = book.sheet_names();
    let at_period = names
        .iter()
        .position(|n| n == ledger::SHEET_PERIOD)
        .unwrap();
    assert_eq!(
        names[at_period..at_period + 4],
        [
            "本周工单",
            "本周工单(2)",
            "本周工单(3)",
            ledger::SHEET_ISSUES
        ]
    );
    let mut seen = Vec::new();
    for (name, data_rows) in [("本周工单", 9), ("本周工单(2)", 9), ("本周工单(3)", 2)] {
        let s = sheet(&mut book, name);
        assert_eq!(header(&s)[0], "工单编号", "{name} starts with the header");
        assert_eq!(s.height(), data_rows + 1, "{name}");
        seen.extend((2..=data_rows + 1).map(|r| cell(&s, &format!("A{r}")).to_string()));
    }
    let ids: Vec<String> = (0..20).map(|i| format!("24062500{i:02}")).collect();
    assert_eq!(seen, ids, "every order once, in order");

    let about = sheet(&mut book, ledger::SHEET_ABOUT);
    let note = row_of(&about, ledger::SHEET_PERIOD);
    let Data::String(note) = cell(&about, &format!("B{note}")) else {
        panic!("no continuation note");
    };
    assert!(note.contains("共 20 行"), "{note}");
    assert!(note.contains("本周工单(3)"), "{note}");

    // Lists under the limit keep a single sheet, an empty one keeps its header.
    report.open_orders.clear();
    let bytes = render_with_row_limit(&report, 10).unwrap();
    let mut book = open(&bytes);
    assert!(!book.sheet_names().iter().any(|n| n == "遗留工单(2)"));
    assert_eq!(header(&sheet(&mut book, ledger::SHEET_OPEN))[0], "工单编号");
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let report = reference_report();
    let first = render(&report).unwrap();
    assert_eq!(first, render(&report).unwrap());
    let core = zip_entry(&first, "docProps/core.xml");
    assert!(core.contains("2024-07-01T00:00:00Z"), "{core}");
}

#[test]
fn chinese_text_counts_double_width() {
    assert_eq!(display_units("abc"), 3);
    assert_eq!(display_units("市住房和城乡建设局"), 18);
    assert_eq!(display_units("大小（字节）"), 12);
    assert_eq!(display_units("第一行\n第二行更长"), 10);
}

#[test]
fn wrapped_columns_are_capped_and_short_ones_fit() {
    let mut report = reference_report();
    report.open_orders[0].content = Some("楼上".repeat(200));
    let bytes = render(&report).unwrap();
    // Sheet 5 is 遗留工单; G is 诉求内容 (column 7), A is 工单编号.
    let xml = zip_entry(&bytes, "xl/worksheets/sheet5.xml");
    let width = |col: u32| -> f64 {
        let tag = format!("<col min=\"{col}\" max=\"{col}\" width=\"");
        let rest = &xml[xml.find(&tag).unwrap_or_else(|| panic!("{xml}")) + tag.len()..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    assert!((60.0..61.0).contains(&width(7)), "诉求内容 {}", width(7));
    assert!((12.0..14.0).contains(&width(1)), "工单编号 {}", width(1));
    // 800 units at 58 a line: 14 lines of 15 pt, so the row shows all of them.
    assert!(
        xml.contains(r#"<row r="2" spans="1:18" ht="210" customHeight="1">"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<row r="3" spans="1:18">"#),
        "a one-line row keeps its height"
    );
}

#[test]
fn text_past_excels_cell_limit_is_cut_not_fatal() {
    let long = "投".repeat(40_000);
    let cut = excel_text(&long);
    assert!(cut.encode_utf16().count() <= 32_767);
    assert!(cut.ends_with("已截断）"));
    assert_eq!(excel_text("短"), "短");
    let mut report = reference_report();
    report.open_orders[0].content = Some(long);
    assert!(render(&report).is_ok());
}

/// Writes the reference workbook where `HOTLINE_XLSX_SAMPLE` says (and, beside it with
/// "-split" before ".xlsx", one whose 本周工单 continues on three sheets), for openxml-audit and
/// LibreOffice to look at; does nothing otherwise.
#[test]
fn write_sample_when_asked() {
    let Ok(path) = std::env::var("HOTLINE_XLSX_SAMPLE") else {
        return;
    };
    std::fs::write(&path, render(&reference_report()).unwrap()).unwrap();
    let mut report = reference_report();
    report.period_orders = (0..20)
        .map(|i| order(&format!("24062500{i:02}"), at(25, 9, i), "噪音扰民"))
        .collect();
    let split = path.replace(".xlsx", "-split.xlsx");
    std::fs::write(split, render_with_row_limit(&report, 10).unwrap()).unwrap();
}
