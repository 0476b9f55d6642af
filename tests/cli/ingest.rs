//! Ingest through `check`: formats, header detection, aliases, dates, merging, accounting.

use crate::common::*;

const CANONICAL: [&str; 15] = [
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
];

#[test]
fn title_rows_totals_and_repeated_ids_in_xlsx() {
    let dir = workdir();
    let f = p(dir.path(), "title-row-and-totals.xlsx");
    xlsx(
        &f,
        &[(
            "来电明细",
            vec![
                vec![s("某市12345热线来电明细表")],
                vec![s("导出时间：2024-07-01")],
                vec![s("工单编号"), s("来电时间"), s("办理方式"), s("备注")],
                vec![s("A1"), C::D("2024-06-24T10:23:00"), s("直接答复")],
                vec![s("A2"), s("2024/6/25 9:00:00"), s("派单")],
                vec![s("A1"), C::D("2024-06-24T10:23:00"), s("直接答复")],
                vec![],
                vec![s("合计"), s(""), s("3件")],
            ],
        )],
    );
    let r = run(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("表头在第 3 行"), "{}", r.stdout);
    assert!(r.stdout.contains("未使用的列：备注"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("工单编号 A1 重复出现（首次在 来电明细!第4行）"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("来电明细!A8：已跳过此行（“合计”）：是合计行，不是工单"),
        "{}",
        r.stdout
    );
    assert_eq!(accounting(&r.stdout), (4, 2, 1, 1));
}

#[test]
fn every_column_alias_is_recognised() {
    let config = hotline_bulletin::config::Config::builtin();
    for field in hotline_bulletin::model::Field::ALL {
        for alias in &config.columns[&field] {
            if field == hotline_bulletin::model::Field::Id
                || field == hotline_bulletin::model::Field::Received
            {
                continue;
            }
            let dir = workdir();
            let f = p(dir.path(), "alias.xlsx");
            xlsx(
                &f,
                &[(
                    "表",
                    vec![
                        vec![s("工单编号"), s("来电时间"), C::O(alias.clone())],
                        vec![s("X1"), s("2024-06-24 10:00"), s("1")],
                    ],
                )],
            );
            let r = run(dir.path(), &["check", f.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{alias}: {}", r.stderr);
            let expected = if alias == field.name() {
                format!("C列 {alias}")
            } else {
                format!("C列 {alias} → {}", field.name())
            };
            assert!(r.stdout.contains(&expected), "{alias}:\n{}", r.stdout);
        }
    }
    // The required fields' aliases, each with the other required field canonical.
    for (field, other) in [("工单编号", "来电时间"), ("来电时间", "工单编号")] {
        let f = hotline_bulletin::model::Field::from_name(field).unwrap();
        for alias in config.columns[&f].iter().skip(1) {
            let dir = workdir();
            let path = p(dir.path(), "alias.xlsx");
            xlsx(
                &path,
                &[(
                    "表",
                    vec![
                        vec![C::O(alias.clone()), s(other)],
                        vec![s("2024-06-24 10:00"), s("2024-06-24 10:00")],
                    ],
                )],
            );
            let r = run(dir.path(), &["check", path.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{alias}: {}", r.stderr);
            assert!(
                r.stdout.contains(&format!("A列 {alias} → {field}")),
                "{alias}:\n{}",
                r.stdout
            );
        }
    }
}

#[test]
fn every_date_form_in_one_column() {
    let dir = workdir();
    let f = p(dir.path(), "mixed-dates.xlsx");
    let forms = [
        C::D("2024-06-24T10:23:00"),
        C::N(45467.432638888),
        s("2024-06-24 10:23"),
        s("2024-06-24 10:23:00"),
        s("2024/6/24 10:23:00"),
        s("2024年6月24日10时23分"),
        s("2024-06-24T10:23:00"),
        s("2024-06-24"),
    ];
    let mut rows = vec![vec![s("工单编号"), s("来电时间")]];
    for (i, form) in forms.iter().enumerate() {
        rows.push(vec![C::O(format!("D{i}")), form.clone()]);
    }
    rows.push(vec![s("BAD"), s("下周一")]);
    rows.push(vec![s("OLD"), s("1900-01-01")]);
    xlsx(&f, &[("来电明细", rows)]);
    let r = run(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(accounting(&r.stdout), (10, 8, 0, 2));
    assert!(
        r.stdout
            .contains("来电明细!B10：已跳过此行（“下周一”）：没有可用的来电时间"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("来电明细!B11：已跳过此行（“1900-01-01”）"),
        "{}",
        r.stdout
    );
}

#[test]
fn gbk_csv_with_aliases_and_quotes_across_lines() {
    let dir = workdir();
    let f = p(dir.path(), "gbk-export.csv");
    gbk_csv(
        &f,
        "受理编号,受理时间,诉求来源,处理方式,来电内容\r\nB1,2024/6/17 9:05:00,电话,咨询答复,\"多行\n内容，含逗号\"\r\nB2,2024/6/18 9:05:00,省级平台,派单,普通\nB3,2024-06-19,微信公众号,骚扰电话,\r\n",
    );
    let r = run(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("CSV 文本"), "{}", r.stdout);
    assert!(r.stdout.contains("A列 受理编号 → 工单编号"), "{}", r.stdout);
    assert_eq!(accounting(&r.stdout), (3, 3, 0, 0));
    assert!(!r.stdout.contains("未知取值"), "{}", r.stdout);
}

#[test]
fn utf8_csv_with_bom_and_tab_separated_txt() {
    let dir = workdir();
    let f = p(dir.path(), "bom.csv");
    std::fs::write(&f, "\u{feff}工单编号,来电时间\nU1,2024-06-24 08:00\n").unwrap();
    let t = p(dir.path(), "tabs.txt");
    std::fs::write(
        &t,
        "工单编号\t来电时间\nT1\t2024-06-24 08:00\nT2\t2024-06-24 09:00\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["check", f.to_str().unwrap(), t.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(accounting(&r.stdout), (3, 3, 0, 0));
}

#[test]
fn later_input_updates_earlier_one_field_by_field() {
    let dir = workdir();
    let calls = p(dir.path(), "calls.xlsx");
    xlsx(
        &calls,
        &[(
            "来电",
            vec![
                vec![s("工单编号"), s("来电时间"), s("承办单位"), s("办理状态")],
                vec![s("W1"), s("2024-06-20 10:00"), s("市公安局"), s("办理中")],
            ],
        )],
    );
    let status = p(dir.path(), "status.csv");
    std::fs::write(
        &status,
        "工单号,登记时间,办件状态,结案时间\nW1,2024-06-20 10:00,已办结,2024-06-25 10:00\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["check", calls.to_str().unwrap(), status.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // One order, one merged repeat; an update across inputs is not a conflict.
    assert_eq!(accounting(&r.stdout), (2, 1, 1, 0));
    assert!(!r.stdout.contains("前后不一致"), "{}", r.stdout);
}

#[test]
fn conflicts_inside_one_input_are_reported() {
    let dir = workdir();
    let f = p(dir.path(), "conflict.xlsx");
    xlsx(
        &f,
        &[(
            "表",
            vec![
                vec![s("工单编号"), s("来电时间"), s("承办单位")],
                vec![s("K1"), s("2024-06-20 10:00"), s("市公安局")],
                vec![s("K1"), s("2024-06-20 10:00"), s("市教育局")],
            ],
        )],
    );
    let r = run(dir.path(), &["check", f.to_str().unwrap()]);
    assert!(
        r.stdout
            .contains("工单编号 K1 的承办单位前后不一致：“市公安局”与“市教育局”，采用后者"),
        "{}",
        r.stdout
    );
}

#[test]
fn several_sheets_one_without_header_and_canonical_header_choice() {
    let dir = workdir();
    let f = p(dir.path(), "two-sheets.xlsx");
    xlsx(
        &f,
        &[
            ("说明页", vec![vec![s("本表由平台导出")]]),
            (
                "数据",
                vec![
                    vec![s("编号"), s("工单编号"), s("来电时间")],
                    vec![s("1"), s("S1"), s("2024-06-24 10:00")],
                ],
            ),
        ],
    );
    let r = run(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("工作表“说明页”：已跳过"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("多列都可作为工单编号：采用“工单编号”，未用“编号”"),
        "{}",
        r.stdout
    );
}

#[test]
fn canonical_header_maps_every_field() {
    let dir = workdir();
    let f = p(dir.path(), "canonical.xlsx");
    let header: Vec<C> = CANONICAL.iter().map(|n| s(n)).collect();
    xlsx(
        &f,
        &[("表", vec![header, vec![s("Z1"), s("2024-06-24 10:00")]])],
    );
    let r = run(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for n in CANONICAL {
        assert!(r.stdout.contains(&format!("列 {n}")), "{n}: {}", r.stdout);
    }
    assert!(!r.stdout.contains("未使用的列"), "{}", r.stdout);
}

#[test]
fn real_exports_read_with_a_small_config() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/realdata");
    if !shared.is_dir() {
        eprintln!("../shared/realdata is not beside the checkout; skipping");
        return;
    }
    let config = root.join("tests/fixtures/realdata.toml");
    let dir = workdir();
    for (file, rows, orders, quirks) in [
        (
            "messages-2011-2020-sample.xlsx",
            495,
            494,
            &[
                "工作表声明有 65203 行，其余都是空行",
                "495 个单元格首尾带有空格、换行或制表符",
                "工单编号 37042 重复出现",
            ][..],
        ),
        (
            "messages-with-replies.xlsx",
            2816,
            2816,
            &["来电时间列混有文字日期 2815 个和日期单元格 1 个"][..],
        ),
    ] {
        let r = run(
            dir.path(),
            &[
                "check",
                "--config",
                config.to_str().unwrap(),
                shared.join(file).to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let (read, distinct, repeats, skipped) = accounting(&r.stdout);
        assert_eq!(
            (read, distinct, skipped),
            (rows, orders, 0),
            "{file}:\n{}",
            r.stdout
        );
        assert_eq!(repeats, rows - orders);
        for q in quirks {
            assert!(r.stdout.contains(q), "{file}: {q}\n{}", r.stdout);
        }
    }
}

#[test]
fn every_value_alias_counts_in_its_group() {
    // One call per written form; the build's group counts show where each went.
    let config = hotline_bulletin::config::Config::builtin();
    let mut csv = String::from("工单编号,来电时间,来源渠道,办理方式,办理状态,疑难标记\n");
    let mut n = 0;
    let mut expected = std::collections::BTreeMap::<&str, u64>::new();
    let channel_group = |c: &str| match c {
        "中国政府网" => "中国政府网转办",
        "省州系统" => "省州系统转办",
        "微信" => "微信端转办",
        _ => "直接答复",
    };
    for (written, canonical) in aliases(&config, "来源渠道") {
        n += 1;
        csv.push_str(&format!("C{n},2024-06-24 10:00,{written},直接答复,,\n"));
        *expected.entry(channel_group(&canonical)).or_default() += 1;
    }
    for (written, canonical) in aliases(&config, "办理方式") {
        n += 1;
        csv.push_str(&format!("H{n},2024-06-24 10:00,12345热线,{written},,\n"));
        let group = match canonical.as_str() {
            "工单转办" => "工单转办",
            "无效来电" => "其他电话",
            _ => "直接答复",
        };
        *expected.entry(group).or_default() += 1;
    }
    let dir = workdir();
    std::fs::write(p(dir.path(), "aliases.csv"), csv).unwrap();
    let r = run(
        dir.path(),
        &[
            "build",
            "--week",
            "2024-06-24",
            "--out",
            "out",
            "aliases.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("未知取值"), "{}", r.stdout);
    for (group, count) in expected {
        let line = r
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(group))
            .unwrap();
        assert!(line.contains(&format!(" {count} 件")), "{group}: {line}");
    }
}

/// Every (written form, canonical value) the built-in configuration knows for a field.
fn aliases(config: &hotline_bulletin::config::Config, field: &str) -> Vec<(String, String)> {
    let table = match field {
        "来源渠道" => &config.channels,
        _ => &config.handlings,
    };
    let mut out: Vec<(String, String)> = table
        .entries()
        .map(|(w, c)| (w.to_owned(), c.to_owned()))
        .collect();
    out.sort();
    assert!(out.len() > 3, "{field}: {out:?}");
    out
}

/// Runs `check` on `file` with the developer switch that names a file the fast .xlsx reader
/// hands to calamine.
fn check_noting_fallback(dir: &std::path::Path, file: &std::path::Path) -> Run {
    run_with_env(
        dir,
        &["check", file.to_str().unwrap()],
        &[("HOTLINE_BULLETIN_TIMING", "1")],
    )
}

/// A copy of the .xlsx at `from` whose entry `name` is changed by `edit`.
fn with_entry(
    from: &std::path::Path,
    to: &std::path::Path,
    name: &str,
    edit: impl Fn(&str) -> String,
) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if entry_name == name {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(
            entry_name.as_str(),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

/// The fast .xlsx reader gives up on a comment among the cells, after it has delivered most
/// rows: the file is then read again, whole, by calamine, and `check` says exactly what it
/// says of a copy without the comment (no row counted twice, none lost, the same problems).
#[test]
fn xlsx_the_fast_reader_gives_up_on_midway_is_read_again_whole() {
    let dir = workdir();
    let mut rows = vec![vec![
        s("工单编号"),
        s("来电时间"),
        s("诉求内容"),
        s("承办单位"),
        s("办理状态"),
    ]];
    for i in 0..3000 {
        let id = if i == 2990 { 7 } else { i };
        rows.push(vec![
            C::O(format!("GD{id:06}")),
            C::D("2024-06-24T10:23:00"),
            s("路灯不亮"),
            s("市城管局"),
            s("已办结"),
        ]);
    }
    let clean = p(dir.path(), "clean.xlsx");
    xlsx(&clean, &[("来电明细", rows)]);
    let declined = p(dir.path(), "declined.xlsx");
    with_entry(&clean, &declined, "xl/worksheets/sheet1.xml", |xml| {
        assert!(xml.contains("<row r=\"2900\""), "fixture layout changed");
        xml.replacen("<row r=\"2900\"", "<!-- 备注 --><row r=\"2900\"", 1)
    });

    let a = check_noting_fallback(dir.path(), &clean);
    let b = check_noting_fallback(dir.path(), &declined);
    assert_eq!((a.code, b.code), (0, 0), "{}{}", a.stderr, b.stderr);
    assert!(!a.stderr.contains("改由 calamine 读取"), "{}", a.stderr);
    assert!(b.stderr.contains("改由 calamine 读取"), "{}", b.stderr);
    // The first line names the file and its size, which the comment changed.
    let after_first_line = |out: &str| out.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(
        after_first_line(&a.stdout),
        after_first_line(&b.stdout).replace("declined.xlsx", "clean.xlsx")
    );
    assert_eq!(accounting(&b.stdout), (3000, 2999, 1, 0));
    assert!(
        b.stdout.contains("工单编号 GD000007 重复出现"),
        "{}",
        b.stdout
    );
}
