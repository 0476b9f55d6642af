//! The samples reproduce the reference bulletin: build them, read the workbook back with
//! calamine and the bulletin's XML from its zip, and assert what a reader sees. Then hand the
//! workbook back for the next week.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::common::*;

const SAMPLE_INPUTS: [&str; 3] = [
    "上周来电明细_2024-06-17至06-23.csv",
    "本周来电明细_2024-06-24至06-30.xlsx",
    "遗留工单状态_截至2024-07-01.xlsx",
];
const STEM: &str = "格尔木市12345政务服务便民热线周报_2024年6月第5周";

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Builds the reference week into `out`, returning stdout.
fn build_samples(out: &Path) -> String {
    let s = samples();
    let mut args: Vec<String> = vec![
        "build".into(),
        "--config".into(),
        s.join("hotline.toml").display().to_string(),
        "--week".into(),
        "2024-06-26".into(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(
        SAMPLE_INPUTS
            .iter()
            .map(|f| s.join(f).display().to_string()),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(out, &refs);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.stdout
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> calamine::Range<Data> {
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Column B of the row whose column A is `label`.
fn value_of(range: &calamine::Range<Data>, label: &str) -> Data {
    range
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some(label.to_owned()))
        .and_then(|r| r.get(1).cloned())
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The bulletin's paragraphs as plain text (runs joined), in order.
fn docx_paragraphs(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let run_text = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    xml.split("</w:p>")
        .map(|p| {
            let text: String = run_text.captures_iter(p).map(|c| c[1].to_owned()).collect();
            text.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn samples_reproduce_every_figure_of_the_reference() {
    let dir = workdir();
    let before: Vec<String> = SAMPLE_INPUTS
        .iter()
        .map(|f| sha256(&samples().join(f)))
        .collect();
    let stdout = build_samples(dir.path());
    let after: Vec<String> = SAMPLE_INPUTS
        .iter()
        .map(|f| sha256(&samples().join(f)))
        .collect();
    assert_eq!(before, after, "inputs must never change");
    assert!(
        stdout.contains("工单守恒：期初未办结 140 + 本周派发 172 = 本周办结 120 + 期末未办结 192"),
        "{stdout}"
    );
    accounting(&stdout);

    // The workbook, read back.
    let xlsx_path = dir.path().join(format!("{STEM}_数据汇总.xlsx"));
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "总体概况",
            "诉求分类",
            "工单转办",
            "承办单位办理情况",
            "遗留工单",
            "疑难工单",
            "本周工单",
            "数据问题",
            "说明"
        ]
    );
    let overview = sheet(&mut book, "总体概况");
    for (label, n) in [
        ("来电总量", 819.0),
        ("中国政府网转办", 0.0),
        ("省州系统转办", 6.0),
        ("微信端转办", 0.0),
        ("直接答复", 634.0),
        ("工单转办", 166.0),
        ("其他电话", 13.0),
        ("有效诉求", 800.0),
        ("派发工单", 172.0),
        ("派发工单办结", 25.0),
        ("办结上周遗留工单", 95.0),
        ("遗留超期工单", 36.0),
        ("上周来电总量", 733.0),
    ] {
        assert_eq!(number(&value_of(&overview, label)), n, "{label}");
    }
    let share = overview
        .rows()
        .find(|r| r[0] == "工单转办")
        .map(|r| number(&r[2]))
        .unwrap();
    assert!((share - 0.2027).abs() < 1e-9, "{share}");
    let categories = sheet(&mut book, "诉求分类");
    for (label, n) in [
        ("热线事务类", 200.0),
        ("市场监管类", 19.0),
        ("其他类", 189.0),
        ("合计", 800.0),
    ] {
        assert_eq!(number(&value_of(&categories, label)), n, "{label}");
    }
    let depts = sheet(&mut book, "工单转办");
    assert_eq!(number(&value_of(&depts, "市住房和城乡建设局")), 55.0);
    assert_eq!(number(&value_of(&depts, "合计")), 172.0);
    assert_eq!(
        sheet(&mut book, "遗留工单").height(),
        193,
        "192 open orders and a header"
    );
    assert_eq!(
        sheet(&mut book, "本周工单").height(),
        820,
        "819 records and a header"
    );

    // The bulletin, read back: every sentence of the reference with the figures computed.
    let docx = dir.path().join(format!("{STEM}.docx"));
    let paras = docx_paragraphs(&docx);
    let all = paras.join("\n");
    for expected in [
        "2024年第36期（总第86期）",
        "格尔木市人民政府办公室",
        "（2024年6月第5周）",
        "2024年6月24日0时至6月30日24时，市12345政务服务便民热线（以下简称：12345热线）共接听群众来电、中国政府网、省州系统转办共计819件，较上周上升11.73%。其中，中国政府网转办0件，省州系统转办6件，占比0.73%；微信端转办0件；直接答复634件，占比77.41%；工单转办166件，占比20.27%（已办结25件）；其他电话（无效、骚扰、新系统测试等）13件，占比1.59%。",
        "12345热线来电总体概况一览表（2024年6月24日至6月30日）",
        "（一）诉求分类。本周12345热线接听的群众有效诉求共计800件，主要体现在热线事务类200件，政务团群类136件，交通运输类75件，社会事业类65件，城乡建设类49件，公共安全类39件，公共服务类28件，市场监管类19件，其他类189件。本周共派工单172件，办结25件；办结上周遗留工单95件，遗留超期工单36件，已督促职能部门尽快办结。",
        "（二）工单转办分类。本周12345热线转交工单共计172件，其中市住房和城乡建设局55件、市公安局18件、市城市管理局14件、市人力资源和社会保障局8件、市市场监督管理局6件、西城区行政委员会4件、市教育局4件、格尔木工业园区（昆仑经济技术开发区）4件、市交通运输局3件，其他单位56件。",
        "12345热线工单转办前6位一览表（2024年6月24日至6月30日）",
        "（一）热线事务问题。群众来电咨询工单办理进展情况及噪音扰民、污水井盖丢失、道路施工期限、违章停车等事项，来电咨询政务服务大厅、市城市管理局、住房和城乡建设局、公安局等窗口联系方式，本周热线接此类咨询电话共计200件。",
        "（二）政务团群类问题。群众来电咨询职能部门行政效能、联系方式、办公地点等问题，本周热线共接到此类诉求电话共计136件。",
        "（一）基础设施类问题（工单编号：HX24062060370023）：群众来电投诉，其所在小区旭东小区正在进行老旧小区改造项目",
        "严重影响群众生活，已派单至市住房和城乡建设局。",
        "（二）公共服务类问题（工单编号：HX24062660370031）：群众来电投诉，建兴巷可可西里管理局家属院近期以来经常出现停电现象，影响群众正常生产生活，多次反馈至物业未得到有效处理，群众对此不认可，要求相关部门处置，已派单至东城区行政委员会和格尔木市供电公司。",
        "2024年6月第4周1个疑难工单未办结，具体情况如下。",
        "基础设施类问题（工单编号：HX24062460370025）：群众来电反映，滨河路路段路灯损坏，长时间无人修理。",
        "办理情况：市城市管理局和交通运输局仍未回复工单，热线已催促承办单位尽快办理并及时答复群众，热线将持续跟进办理情况。",
        "市长、副市长、秘书长。",
        "各行政委员会，市政府各局、委、办，昆仑经济技术开发区管委会。",
        "2024年7月1日印发",
    ] {
        assert!(all.contains(expected), "missing: {expected}\n---\n{all}");
    }
    // The top-6 table includes the three tied at 4: 8 rows and a header.
    assert!(
        all.contains("格尔木工业园区（昆仑经济技术开发区）\n4\n2.33%"),
        "{all}"
    );
    assert!(
        !all.contains("市交通运输局\n3\n"),
        "the 9th department is not in the top-6 table"
    );
    // No phone number or caller name reaches the bulletin.
    let phone = regex::Regex::new(r"1[3-9]\d{9}").unwrap();
    assert!(!phone.is_match(&all), "a phone number leaked");
}

#[test]
fn next_week_runs_from_the_workbook_and_a_status_export() {
    let dir = workdir();
    build_samples(dir.path());
    let ledger = dir.path().join(format!("{STEM}_数据汇总.xlsx"));
    // Read the ledger's open orders to write a status export finishing ten of them.
    let mut book: Xlsx<_> = calamine::open_workbook(&ledger).unwrap();
    let open = book.worksheet_range("遗留工单").unwrap();
    let ids: Vec<String> = open.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(ids.len(), 192);
    // Orders open at the week's end may carry a 办结时间 after it (the Monday export): next
    // week they are finished. Count them independently from the ledger's 办结时间 column.
    let finished_col = open
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|c| *c == "办结时间")
        .unwrap();
    let already_finished = open
        .rows()
        .skip(1 + 10)
        .filter(|r| !matches!(r[finished_col], Data::Empty))
        .count() as u64;
    assert!(
        already_finished > 0,
        "the samples hold orders finished on the Monday after"
    );
    let mut status = String::from("工单号,登记时间,办件状态,结案时间\n");
    for id in ids.iter().take(10) {
        status.push_str(&format!("{id},2024-06-20 09:00,已办结,2024-07-03 10:00\n"));
    }
    std::fs::write(dir.path().join("状态.csv"), status).unwrap();
    // A small calls export of the new week: 8 calls, 2 of them work orders.
    let mut calls = String::from("工单编号,来电时间,办理方式,承办单位,一级分类\n");
    for i in 0..8 {
        let (handling, dept) = if i < 2 {
            ("工单转办", "市公安局")
        } else {
            ("直接答复", "")
        };
        calls.push_str(&format!(
            "N{i},2024-07-0{} 10:00,{handling},{dept},热线事务类\n",
            2 + i % 5
        ));
    }
    std::fs::write(dir.path().join("第二周.csv"), calls).unwrap();
    let out = dir.path().join("week2");
    std::fs::create_dir(&out).unwrap();
    let config = samples().join("hotline.toml");
    let r = run(
        dir.path(),
        &[
            "build",
            "--config",
            config.to_str().unwrap(),
            "--week",
            "2024-07-01",
            "--out",
            out.to_str().unwrap(),
            ledger.to_str().unwrap(),
            "第二周.csv",
            "状态.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // Every open order carried over; ten finished; the change against the workbook's 819.
    let finished = 10 + already_finished;
    let expected = format!(
        "工单守恒：期初未办结 192 + 本周派发 2 = 本周办结 {finished} + 期末未办结 {}",
        194 - finished
    );
    assert!(r.stdout.contains(&expected), "{expected}\n{}", r.stdout);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("办结上周遗留"))
        .unwrap();
    assert!(line.ends_with(&format!(" {finished} 件")), "{line}");
    assert!(
        r.stdout.contains("较上周（819 件）下降99.02%"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("2024年第37期（总第87期）"),
        "{}",
        r.stdout
    );
}
