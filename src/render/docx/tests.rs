//! Reads the rendered .docx back (zip reader, docx-rs reader) and checks what Word, WPS or
//! LibreOffice would see, on a fixture that mirrors the real 2024年第36期 bulletin.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};

use regex::Regex;
use zip::{CompressionMethod, ZipArchive};

use super::render;
use crate::config::{Config, Fonts};
use crate::render::text::{Block, Bulletin, Table};

fn fonts() -> Fonts {
    Config::builtin().fonts
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn rows(items: &[&[&str]]) -> Vec<Vec<String>> {
    items.iter().map(|r| strings(r)).collect()
}

fn h1(text: &str) -> Block {
    Block::Heading1(text.to_owned())
}

fn para(lead: Option<&str>, text: &str) -> Block {
    Block::Paragraph {
        lead: lead.map(str::to_owned),
        text: text.to_owned(),
    }
}

/// The 2024年第36期 bulletin as `text` would word it (its tables were images in the
/// reference; their figures are rebuilt from the paragraphs).
fn fixture() -> Bulletin {
    let span = "（2024年6月24日至6月30日）";
    let overview = Table {
        caption: format!("12345热线来电总体概况一览表{span}"),
        header: strings(&["项目", "件数", "占比"]),
        rows: rows(&[
            &["来电总量", "819", "100.00%"],
            &["中国政府网转办", "0", "0.00%"],
            &["省州系统转办", "6", "0.73%"],
            &["微信端转办", "0", "0.00%"],
            &["直接答复", "634", "77.41%"],
            &["工单转办", "166", "20.27%"],
            &["其他电话", "13", "1.59%"],
        ]),
        widths: vec![4, 2, 2],
    };
    let categories = Table {
        caption: format!("12345热线诉求分类一览表{span}"),
        header: strings(&["诉求类别", "件数", "占比"]),
        rows: rows(&[
            &["热线事务类", "200", "25.00%"],
            &["政务团群类", "136", "17.00%"],
            &["交通运输类", "75", "9.38%"],
            &["社会事业类", "65", "8.13%"],
            &["城乡建设类", "49", "6.13%"],
            &["公共安全类", "39", "4.88%"],
            &["公共服务类", "28", "3.50%"],
            &["市场监管类", "19", "2.38%"],
            &["其他类", "189", "23.63%"],
            &["合计", "800", "100.00%"],
        ]),
        widths: vec![4, 2, 2],
    };
    let departments = Table {
        caption: format!("12345热线工单转办前6位一览表{span}"),
        header: strings(&["排名", "承办单位", "件数", "占比"]),
        rows: rows(&[
            &["1", "市住房和城乡建设局", "55", "31.98%"],
            &["2", "市公安局", "18", "10.47%"],
            &["3", "市城市管理局", "14", "8.14%"],
            &["4", "市人力资源和社会保障局", "8", "4.65%"],
            &["5", "市市场监督管理局", "6", "3.49%"],
            &["6", "西城区行政委员会", "4", "2.33%"],
            &["6", "市教育局", "4", "2.33%"],
            &["6", "格尔木工业园区（昆仑经济技术开发区）", "4", "2.33%"],
        ]),
        widths: vec![2, 11, 2, 2],
    };
    Bulletin {
        masthead: strings(&["格尔木12345政务服务便民热线", "工作专报"]),
        issue_line: "2024年第36期（总第86期）".into(),
        issuing_office: "格尔木市人民政府办公室".into(),
        title: "格尔木市12345政务服务便民热线周报".into(),
        subtitle: "（2024年6月第5周）".into(),
        body: vec![
            h1("一、总体情况"),
            para(
                None,
                "2024年6月24日0时至6月30日24时，市12345政务服务便民热线（以下简称：12345热线）共接听群众来电、中国政府网、省州系统转办共计819件，较上周上升11.73%。其中，中国政府网转办0件，省州系统转办6件，占比0.73%；微信端转办0件；直接答复634件，占比77.41%；工单转办166件，占比20.27%（已办结25件）；其他电话（无效、骚扰、新系统测试等）13件，占比1.59%。",
            ),
            Block::Table(overview),
            h1("二、数据分析"),
            para(
                Some("（一）诉求分类。"),
                "本周12345热线接听的群众有效诉求共计800件，主要体现在热线事务类200件，政务团群类136件，交通运输类75件，社会事业类65件，城乡建设类49件，公共安全类39件，公共服务类28件，市场监管类19件，其他类189件。本周共派工单172件，办结25件；办结上周遗留工单95件，遗留超期工单36件，已督促职能部门尽快办结。",
            ),
            Block::Table(categories),
            para(
                Some("（二）工单转办分类。"),
                "本周12345热线转交工单共计172件，其中市住房和城乡建设局55件、市公安局18件、市城市管理局14件、市人力资源和社会保障局8件、市市场监督管理局6件、西城区行政委员会4件、市教育局4件、格尔木工业园区（昆仑经济技术开发区）4件、市交通运输局3件，其他单位56件。",
            ),
            Block::Table(departments),
            h1("三、主要热点"),
            para(
                Some("（一）热线事务问题。"),
                "群众来电咨询工单办理进展情况及噪音扰民、污水井盖丢失、道路施工期限、违章停车等事项，来电咨询政务服务大厅、市城市管理局、住房和城乡建设局、公安局等窗口联系方式，本周热线接此类咨询电话共计200件。",
            ),
            para(
                Some("（二）政务团群类问题。"),
                "群众来电咨询职能部门行政效能、联系方式、办公地点等问题，本周热线共接到此类诉求电话共计136件。",
            ),
            h1("四、疑难案例"),
            para(
                Some("（一）基础设施类问题"),
                "（工单编号：HX24062060370023）：群众来电投诉，其所在小区旭东小区正在进行老旧小区改造项目，施工人员进行管道施工时，由于操作失误导致排泄物溢出导致群众室内环境严重污染。群众将情况反映至市住房和城乡建设局，承办单位已派人将室内垃圾清理之后但未对管道进行维修。现群众反映因施工不规范导致管道反水，严重影响群众生活，已派单至市住房和城乡建设局。",
            ),
            para(
                Some("（二）公共服务类问题"),
                "（工单编号：HX24062060370023）：群众来电投诉，建兴巷可可西里管理局家属院近期以来经常出现停电现象，影响群众正常生产生活，多次反馈至物业未得到有效处理，群众对此不认可，要求相关部门处置，已派单至东城区行政委员会和格尔木市供电公司。",
            ),
            h1("五、疑难工单办理情况"),
            para(None, "2024年6月第4周1个疑难工单未办结，具体情况如下。"),
            para(
                None,
                "基础设施类问题（工单编号：HX24062460370025）：群众来电反映，滨河路路段路灯损坏，长时间无人修理。因来往车辆较多，车速较快，存在较大安全隐患，经热线汇总该问题已多次反映，承办单位仍未实际解决群众诉求。",
            ),
            para(
                Some("办理情况："),
                "市城市管理局和交通运输局仍未回复工单，热线已催促承办单位尽快办理并及时答复群众，热线将持续跟进办理情况。",
            ),
        ],
        cc: strings(&[
            "市长、副市长、秘书长。",
            "市政府副秘书长、办公室副主任。",
            "各行政委员会，市政府各局、委、办，昆仑经济技术开发区管委会。",
        ]),
        printing_office: "格尔木市12345政务服务便民热线".into(),
        print_date: "2024年7月1日印发".into(),
    }
}

fn rendered() -> Vec<u8> {
    render(&fixture(), &fonts()).expect("renders in memory")
}

/// Every entry of the package, by name, as text.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            (entry.name().unwrap().into_owned(), text)
        })
        .collect()
}

fn part(name: &str) -> String {
    unzip(&rendered())
        .remove(name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text a reader sees in a piece of WordprocessingML (w:t contents, unescaped).
fn text_of(xml: &str) -> String {
    let t = Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    t.captures_iter(xml).map(|c| unescape(&c[1])).collect()
}

/// The pieces of `xml` between `<tag>`/`<tag ...>` and its closing tag (no nesting of `tag`).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let re = Regex::new(&format!(r"(?s)<{tag}[ >].*?</{tag}>")).unwrap();
    re.find_iter(xml).map(|m| m.as_str()).collect()
}

fn cell_texts(table: &str) -> Vec<Vec<String>> {
    elements(table, "w:tr")
        .into_iter()
        .map(|row| elements(row, "w:tc").into_iter().map(text_of).collect())
        .collect()
}

fn attr(xml: &str, element: &str, name: &str) -> Option<String> {
    let re = Regex::new(&format!(r#"<{element}\b[^>]*\b{name}="([^"]*)""#)).unwrap();
    re.captures(xml).map(|c| c[1].to_owned())
}

#[test]
fn page_is_a4_with_gb_margins_and_a_22_line_grid() {
    let doc = part("word/document.xml");
    let sect = elements(&doc, "w:sectPr").pop().expect("a sectPr");
    assert_eq!(attr(sect, "w:pgSz", "w:w").as_deref(), Some("11906"));
    assert_eq!(attr(sect, "w:pgSz", "w:h").as_deref(), Some("16838"));
    let margin = |side: &str| -> u32 { attr(sect, "w:pgMar", side).unwrap().parse().unwrap() };
    // 37, 35, 28, 26 mm, within half a millimetre.
    for (side, mm) in [
        ("w:top", 37.0),
        ("w:bottom", 35.0),
        ("w:left", 28.0),
        ("w:right", 26.0),
    ] {
        let got = f64::from(margin(side)) / 56.7;
        assert!((got - mm).abs() < 0.5, "{side}: {got} mm");
    }
    let pitch: u32 = attr(sect, "w:docGrid", "w:linePitch")
        .unwrap()
        .parse()
        .unwrap();
    let text_height = 16838 - margin("w:top") - margin("w:bottom");
    assert_eq!(text_height / pitch, 22, "22 lines a page");
    assert_eq!(attr(sect, "w:docGrid", "w:type").as_deref(), Some("lines"));
    // 28 body characters (16 pt = 320 twips, condensed) fit the line.
    let body = elements(&doc, "w:r")
        .into_iter()
        .find(|r| text_of(r).starts_with("本周12345热线接听"))
        .unwrap();
    let tracking: i32 = attr(body, "w:spacing", "w:val").unwrap().parse().unwrap();
    let width = i32::try_from(margin("w:left") + margin("w:right")).unwrap();
    assert!(28 * (320 + tracking) <= 11906 - width, "{tracking}");
    assert!(29 * (320 + tracking) > 11906 - width, "not 29: {tracking}");
    assert!(!sect.contains("titlePg"), "page 1 is numbered too");
}

#[test]
fn every_run_names_its_chinese_font() {
    let doc = part("word/document.xml");
    let runs = elements(&doc, "w:r");
    assert!(runs.len() > 40, "{} runs", runs.len());
    for r in &runs {
        assert!(
            r.contains("w:eastAsia=\""),
            "run without eastAsia font: {r}"
        );
    }
    let body_run = runs
        .iter()
        .find(|r| text_of(r).starts_with("2024年6月24日0时"))
        .expect("the overview paragraph");
    assert!(
        body_run.contains(r#"w:eastAsia="仿宋_GB2312""#),
        "{body_run}"
    );
    assert!(
        body_run.contains(r#"w:ascii="Times New Roman""#),
        "{body_run}"
    );
    assert!(
        body_run.contains(r#"<w:sz w:val="32"/>"#),
        "三号: {body_run}"
    );

    let heading = runs.iter().find(|r| text_of(r) == "一、总体情况").unwrap();
    assert!(heading.contains(r#"w:eastAsia="黑体""#), "{heading}");
    let lead = runs
        .iter()
        .find(|r| text_of(r) == "（一）诉求分类。")
        .unwrap();
    assert!(lead.contains(r#"w:eastAsia="楷体_GB2312""#), "{lead}");
    let title = runs
        .iter()
        .find(|r| text_of(r) == "格尔木市12345政务服务便民热线周报")
        .unwrap();
    assert!(title.contains(r#"w:eastAsia="方正小标宋简体""#), "{title}");
    assert!(title.contains(r#"<w:sz w:val="44"/>"#), "二号: {title}");

    let styles = part("word/styles.xml");
    let defaults = elements(&styles, "w:docDefaults").pop().unwrap();
    assert!(
        defaults.contains(r#"w:eastAsia="仿宋_GB2312""#),
        "{defaults}"
    );
    assert!(defaults.contains(r#"w:eastAsia="zh-CN""#), "{defaults}");
}

#[test]
fn body_paragraphs_are_indented_two_characters_on_the_fixed_pitch() {
    let doc = part("word/document.xml");
    let p = elements(&doc, "w:p")
        .into_iter()
        .find(|p| text_of(p).starts_with("（一）诉求分类。本周"))
        .expect("lead and text share one paragraph");
    assert!(p.contains(r#"w:firstLineChars="200""#), "{p}");
    assert!(p.contains(r#"w:firstLine="640""#), "{p}");
    assert!(p.contains(r#"w:line="578" w:lineRule="exact""#), "{p}");
    assert!(p.contains(r#"<w:jc w:val="both"/>"#), "{p}");
}

#[test]
fn masthead_is_red_and_fits_the_text_block() {
    let doc = part("word/document.xml");
    let paragraphs = elements(&doc, "w:p");
    let first = paragraphs[0];
    assert_eq!(text_of(first), "格尔木12345政务服务便民热线");
    assert!(first.contains(r#"<w:color w:val="FF0000"/>"#), "{first}");
    assert!(first.contains(r#"<w:jc w:val="center"/>"#), "{first}");
    let size: u32 = attr(first, "w:sz", "w:val").unwrap().parse().unwrap();
    assert!(size <= 84, "at most 42 pt: {size}");
    // 11 CJK characters and 5 half-width digits = 13.5 ems must fit 8844 twips.
    assert!(size * 10 * 27 / 2 <= 8844, "{size} half-points overflow");
    assert!(size >= 56, "needlessly small: {size}");
    assert_eq!(text_of(paragraphs[1]), "工作专报");
    assert!(paragraphs[1].contains("FF0000"));

    let office = paragraphs
        .iter()
        .find(|p| text_of(p) == "格尔木市人民政府办公室")
        .unwrap();
    let rule = elements(office, "w:pBdr").pop().expect("the red rule");
    assert!(
        rule.contains(r#"<w:bottom w:val="single" w:sz="12""#),
        "{rule}"
    );
    assert!(rule.contains(r#"w:color="FF0000""#), "{rule}");
}

#[test]
fn tables_have_captions_bold_headers_and_the_figures() {
    let doc = part("word/document.xml");
    let tables = elements(&doc, "w:tbl");
    // Three data tables and the 版记.
    assert_eq!(tables.len(), 4);
    let data: Vec<&str> = tables
        .iter()
        .copied()
        .filter(|t| t.contains("<w:tblHeader/>"))
        .collect();
    assert_eq!(data.len(), 3);

    let overview = cell_texts(data[0]);
    assert_eq!(overview.len(), 8, "header and 7 rows");
    assert_eq!(overview[0], ["项目", "件数", "占比"]);
    assert_eq!(overview[6], ["工单转办", "166", "20.27%"]);
    let categories = cell_texts(data[1]);
    assert_eq!(categories.len(), 11);
    assert_eq!(categories[10], ["合计", "800", "100.00%"]);
    let departments = cell_texts(data[2]);
    assert_eq!(departments.len(), 9);
    assert_eq!(departments[1][1], "市住房和城乡建设局");

    // The caption is the paragraph right before the table.
    let at = doc.find(data[0]).unwrap();
    let before = elements(&doc[..at], "w:p").pop().unwrap();
    assert_eq!(
        text_of(before),
        "12345热线来电总体概况一览表（2024年6月24日至6月30日）"
    );

    let grid_col = Regex::new(r#"<w:gridCol w:w="(\d+)"/>"#).unwrap();
    for t in &data {
        let trs = elements(t, "w:tr");
        assert!(trs[0].contains("<w:tblHeader/>"));
        for r in elements(trs[0], "w:r") {
            assert!(r.contains("<w:b/>"), "header run not bold: {r}");
        }
        for r in elements(trs[1], "w:r") {
            assert!(!r.contains("<w:b/>"), "body run bold: {r}");
            assert!(r.contains(r#"<w:sz w:val="28"/>"#), "四号: {r}");
        }
        assert!(trs.iter().all(|r| r.contains("<w:cantSplit/>")));
        assert!(t.contains(r#"<w:tblLayout w:type="fixed"/>"#));
        assert!(t.contains(r#"<w:tblW w:w="8844" w:type="dxa"/>"#));
        assert!(t.contains(r#"<w:insideV w:val="single""#));
        let cols: Vec<u32> = grid_col
            .captures_iter(t)
            .map(|c| c[1].parse().unwrap())
            .collect();
        assert_eq!(cols.len(), cell_texts(t)[0].len());
        assert_eq!(cols.iter().sum::<u32>(), 8844, "{cols:?}");
        assert!(!t.contains("<w:gridCol w:w=\"0\""));
    }
    // 2:11:2:2 over 8844 twips.
    assert!(data[2].contains(r#"<w:gridCol w:w="1040"/><w:gridCol w:w="5722"/>"#));
}

#[test]
fn distribution_block_has_rules_cc_lines_and_the_print_line() {
    let doc = part("word/document.xml");
    let banji = elements(&doc, "w:tbl").pop().unwrap();
    let borders = elements(banji, "w:tblBorders").pop().unwrap();
    assert!(
        borders.contains(r#"<w:top w:val="single" w:sz="8""#),
        "{borders}"
    );
    assert!(borders.contains(r#"<w:bottom w:val="single" w:sz="8""#));
    assert!(borders.contains(r#"<w:insideH w:val="single" w:sz="6""#));
    assert!(borders.contains(r#"<w:left w:val="nil"/>"#));
    let paragraphs = elements(banji, "w:p");
    let texts: Vec<String> = paragraphs.iter().map(|p| text_of(p)).collect();
    assert_eq!(
        texts,
        [
            "抄送：市长、副市长、秘书长。",
            "市政府副秘书长、办公室副主任。",
            "各行政委员会，市政府各局、委、办，昆仑经济技术开发区管委会。",
            "格尔木市12345政务服务便民热线2024年7月1日印发",
        ]
    );
    // Wrapped 抄送 lines align after "抄送：": 1 + 3 characters of 四号 (280 twips).
    assert!(
        paragraphs[0].contains(r#"w:left="1120""#) && paragraphs[0].contains(r#"w:hanging="840""#)
    );
    assert!(paragraphs[1].contains(r#"w:left="1120""#));
    assert!(paragraphs[3].contains("<w:tab/>"));
    assert!(paragraphs[3].contains(r#"<w:tab w:val="right" w:pos="8564"/>"#));
    assert!(paragraphs.iter().all(|p| p.contains("<w:keepNext/>")));
}

#[test]
fn footers_number_pages_odd_right_even_left() {
    let files = unzip(&rendered());
    let doc = &files["word/document.xml"];
    let rels = &files["word/_rels/document.xml.rels"];
    for (kind, path, jc) in [
        ("default", "word/footer1.xml", "right"),
        ("even", "word/footer2.xml", "left"),
    ] {
        let rid = Regex::new(&format!(
            r#"<w:footerReference w:type="{kind}" r:id="([^"]+)"/>"#
        ))
        .unwrap()
        .captures(doc)
        .unwrap_or_else(|| panic!("no {kind} footer"))[1]
            .to_owned();
        let target = path.trim_start_matches("word/");
        assert!(
            rels.contains(&format!(r#"Id="{rid}""#)) && rels.contains(target),
            "{rels}"
        );
        let footer = &files[path];
        assert!(footer.contains("> PAGE </w:instrText>"), "{footer}");
        assert!(footer.contains(r#"w:fldCharType="begin""#));
        assert!(footer.contains(r#"w:fldCharType="end""#));
        assert_eq!(text_of(footer), "— 1 —");
        assert!(
            footer.contains(&format!(r#"<w:jc w:val="{jc}"/>"#)),
            "{footer}"
        );
        assert!(footer.contains(r#"w:eastAsia="宋体""#));
        assert!(footer.contains(r#"<w:sz w:val="28"/>"#));
    }
    assert!(files["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
}

#[test]
fn every_entry_is_deflated_and_the_package_is_complete() {
    let bytes = rendered();
    let mut zip = ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        assert_eq!(
            entry.compression(),
            CompressionMethod::Deflated,
            "{}",
            entry.name().unwrap()
        );
        names.push(entry.name().unwrap().into_owned());
    }
    for needed in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/_rels/document.xml.rels",
        "word/footer1.xml",
        "word/footer2.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} missing");
    }
    let types = &unzip(&bytes)["[Content_Types].xml"];
    assert!(types.contains(r#"PartName="/word/footer2.xml""#));
}

#[test]
fn same_bulletin_gives_same_bytes() {
    assert_eq!(rendered(), rendered());
    let core = part("docProps/core.xml");
    assert!(core.contains("1980-01-01T00:00:00Z"), "{core}");
}

#[test]
fn text_is_escaped_and_round_trips() {
    let mut b = fixture();
    let nasty = r#"A<&>"'B"#;
    b.body.push(para(Some("<lead>"), nasty));
    b.cc.push("甲&乙。".into());
    let bytes = render(&b, &fonts()).unwrap();
    let doc = &unzip(&bytes)["word/document.xml"];
    assert!(
        doc.contains("A&lt;&amp;&gt;&quot;&apos;B"),
        "escaped in the XML"
    );
    assert!(!doc.contains("A<&>"));

    let docx = docx_rs::read_docx(&bytes).expect("docx-rs reads it");
    let mut seen = Vec::new();
    for child in &docx.document.children {
        if let docx_rs::DocumentChild::Paragraph(p) = child {
            for c in &p.children {
                if let docx_rs::ParagraphChild::Run(r) = c {
                    for rc in &r.children {
                        if let docx_rs::RunChild::Text(t) = rc {
                            seen.push(t.text.clone());
                        }
                    }
                }
            }
        }
    }
    assert!(seen.iter().any(|t| t == nasty), "{seen:?}");
    assert!(seen.iter().any(|t| t == "<lead>"));
}

#[test]
fn docx_rs_reads_the_fixture() {
    let docx = docx_rs::read_docx(&rendered()).expect("docx-rs reads it");
    let tables = docx
        .document
        .children
        .iter()
        .filter(|c| matches!(c, docx_rs::DocumentChild::Table(_)))
        .count();
    assert_eq!(tables, 4);
}

/// Child order the schema requires, for the property elements Word is strict about.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:pBdr",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
    ),
    (
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ],
    ),
];

fn rank(order: &[&str], child: &str) -> Option<usize> {
    order
        .iter()
        .position(|names| names.split('|').any(|n| n == child))
}

/// Walks the tags of `xml` and checks the children of every element listed in `ORDERS`.
fn check_order(part: &str, xml: &str) {
    let tag = Regex::new(r"<(/?)([A-Za-z:]+)[^>]*?(/?)>").unwrap();
    // (element, rank of the last child seen)
    let mut stack: Vec<(String, Option<usize>)> = Vec::new();
    for c in tag.captures_iter(xml) {
        let (closing, name, empty) = (&c[1] == "/", c[2].to_owned(), &c[3] == "/");
        if closing {
            stack.pop();
            continue;
        }
        if let Some((parent, last)) = stack.last_mut()
            && let Some((_, order)) = ORDERS.iter().find(|(p, _)| p == parent)
        {
            let r = rank(order, &name)
                .unwrap_or_else(|| panic!("{part}: <{name}> not expected in <{parent}>"));
            if let Some(prev) = *last {
                assert!(
                    r >= prev,
                    "{part}: <{name}> after a later sibling in <{parent}>"
                );
                let repeatable = order[r].contains('|');
                assert!(
                    r > prev || repeatable,
                    "{part}: <{name}> twice in <{parent}>"
                );
            }
            *last = Some(r);
        }
        if !empty {
            stack.push((name, None));
        }
    }
    assert!(stack.is_empty(), "{part}: unbalanced tags {stack:?}");
}

#[test]
fn properties_follow_the_schema_sequence() {
    let files = unzip(&rendered());
    for name in [
        "word/document.xml",
        "word/styles.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    ] {
        check_order(name, &files[name]);
    }
}

#[test]
fn order_check_catches_a_misplaced_element() {
    let bad = r#"<w:p><w:pPr><w:jc w:val="both"/><w:spacing w:line="578"/></w:pPr></w:p>"#;
    let result = std::panic::catch_unwind(|| check_order("bad", bad));
    assert!(result.is_err(), "spacing after jc must be reported");
}

/// Writes the fixture for validators and LibreOffice:
/// `DOCX_FIXTURE_OUT=/tmp/x/bulletin.docx cargo test write_fixture -- --ignored`.
#[test]
#[ignore = "writes a file for manual checks"]
fn write_fixture() {
    let path = std::env::var("DOCX_FIXTURE_OUT").expect("set DOCX_FIXTURE_OUT");
    std::fs::write(&path, rendered()).unwrap();
}
