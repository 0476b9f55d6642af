//! Writes the sample exports in `samples/`: three inputs, in three layouts and two formats,
//! whose figures are those of the reference bulletin (格尔木 12345 热线周报, 2024年第36期,
//! the week 2024-06-24..06-30). Run `cargo run --example make_samples -- samples`; the output
//! is byte-identical on every run (a seeded PRNG, fixed workbook timestamps).
//!
//! The tool reads them as
//! `build --config samples/hotline.toml --week 2024-06-24 samples/<B> samples/<A> samples/<C>`.
//!
//! - A `本周来电明细_2024-06-24至06-30.xlsx` (sheet 来电明细): this week's 819 records, with a
//!   merged title row, an export-time row, the canonical header in row 3, an unknown column 备注,
//!   one exact duplicate row (820 data rows) and a 合计 row. 中国政府网 0, 省州系统 6 (dispatched,
//!   open), 微信 0, 直接答复 634, 工单转办 166 (25 finished in the week, 2 finished on 07-01
//!   morning, the rest open), 其他电话 13. 有效诉求 800: 热线事务类 200, 政务团群类 136,
//!   交通运输类 75, 社会事业类 65, 城乡建设类 49, 公共安全类 39, 公共服务类 28, 市场监管类 19,
//!   其他类 189 (180 written 其他类, 5 empty, 4 the unknown 咨询建议类). 派发工单 172 by lead
//!   department: 市住房和城乡建设局 55, 市公安局 18, 市城市管理局 14, 市人力资源和社会保障局 8,
//!   市市场监督管理局 6, 西城区行政委员会 4, 市教育局 4, 格尔木工业园区（昆仑经济技术开发区） 4,
//!   市交通运输局 3, and 56 over 32 other departments (at most 2 each). Two difficult cases.
//! - B `上周来电明细_2024-06-17至06-23.csv` (GBK, CRLF, alias headers, text times): last week's
//!   733 records (省州系统 4, 直接答复 560, 工单转办 160, 其他电话 9); 164 dispatched, 40
//!   finished last week, 124 open; one open difficult order (HX24062460370025) and one finished.
//! - C `遗留工单状态_截至2024-07-01.xlsx` (sheet 未办结工单, alias headers, 登记时间 mixing text
//!   and dates): the 140 orders open when this week began (last week's 124 and 16 older ones).
//!   95 finished in the week (办结上周遗留工单), 3 on 07-01 morning, 42 without 结案时间; of the
//!   45 still open at the end, 36 are past their 办理时限 (遗留超期工单) and 9 are not.
//! - `hotline.toml`: the reference office's configuration.
//!
//! Flow of orders: 140 open at the start + 172 dispatched = 120 finished (25 + 95) + 192 open.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// SplitMix64: small, fast and stable across platforms and Rust versions, which is all the
/// samples need (they must come out byte-identical on every run).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in lo..hi (hi > lo).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as usize) as i64
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        unreachable!("x < total")
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------------

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).expect("valid date")
}

fn at(m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, min, s).expect("valid time")
}

/// This week [06-24, 07-01) and last week [06-17, 06-24).
const THIS_WEEK: (u32, u32) = (6, 24);
const LAST_WEEK: (u32, u32) = (6, 17);

fn week_start(w: (u32, u32)) -> NaiveDateTime {
    at(w.0, w.1, 0, 0, 0)
}

fn week_end(w: (u32, u32)) -> NaiveDateTime {
    week_start(w) + Duration::days(7)
}

/// Records received per day, Monday first (the bulletin's totals: 819 and 733).
const DAY_VOLUMES_THIS_WEEK: [usize; 7] = [140, 130, 125, 125, 120, 90, 89];
const DAY_VOLUMES_LAST_WEEK: [usize; 7] = [125, 118, 112, 110, 108, 82, 78];

/// Weights of the hour a call comes in (00..23): quiet nights, busy mornings and afternoons.
const HOUR_WEIGHTS: [u32; 24] = [
    1, 1, 1, 1, 1, 1, 2, 4, 9, 12, 12, 11, 7, 6, 9, 10, 10, 9, 6, 5, 4, 3, 2, 1,
];

fn call_time(rng: &mut Rng, d: NaiveDate, with_seconds: bool) -> NaiveDateTime {
    let h = rng.weighted(&HOUR_WEIGHTS) as u32;
    let m = rng.below(60) as u32;
    let s = if with_seconds {
        rng.below(60) as u32
    } else {
        0
    };
    d.and_hms_opt(h, m, s).expect("valid time")
}

/// 办理时限: 18:00 on the `days`-th day after the call.
fn limit(received: NaiveDateTime, days: i64) -> NaiveDateTime {
    (received.date() + Duration::days(days))
        .and_hms_opt(18, 0, 0)
        .expect("valid time")
}

/// A time during office hours (08:30-19:30) of the day `d`.
fn office_time(rng: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(8, 30, 0).expect("valid time") + Duration::minutes(rng.range(0, 11 * 60))
}

// ---------------------------------------------------------------------------------------------
// Categories and departments
// ---------------------------------------------------------------------------------------------

/// The configured categories, in order, with this week's 有效诉求 counts. 其他类 is not in the
/// list: it takes what is written 其他类, left empty, or written with an unknown category.
const CATEGORIES: [(&str, usize); 8] = [
    ("热线事务类", 200),
    ("政务团群类", 136),
    ("交通运输类", 75),
    ("社会事业类", 65),
    ("城乡建设类", 49),
    ("公共安全类", 39),
    ("公共服务类", 28),
    ("市场监管类", 19),
];
const OTHER: &str = "其他类";
/// 其他电话 (无效、骚扰、测试) this week; they carry no category.
const INVALID_THIS_WEEK: usize = 13;
/// 其他类 this week: 180 written 其他类, 5 with no category, 4 with an unknown category.
const OTHER_WRITTEN: usize = 180;
const OTHER_EMPTY: usize = 5;
const UNKNOWN_CATEGORY: (&str, &str, usize) = ("咨询建议类", "意见建议", 4);

/// 二级分类 the bulletin names, with exact counts over all 有效诉求 of the category.
const EXACT_SUBCATEGORIES: &[(&str, &[(&str, usize)])] = &[
    (
        "热线事务类",
        &[
            ("噪音扰民", 60),
            ("污水井盖丢失", 50),
            ("道路施工期限", 40),
            ("违章停车", 30),
            ("窗口联系方式", 20),
        ],
    ),
    (
        "政务团群类",
        &[("行政效能", 60), ("联系方式", 46), ("办公地点", 30)],
    ),
];

/// 二级分类 of the other categories' direct answers, with relative weights.
const DIRECT_SUBCATEGORY_WEIGHTS: &[(&str, &[(&str, u32)])] = &[
    (
        "交通运输类",
        &[
            ("公交线路", 8),
            ("客运班线", 5),
            ("出租车管理", 3),
            ("驾驶证业务", 4),
            ("火车站机场", 3),
        ],
    ),
    (
        "社会事业类",
        &[
            ("社会保险", 5),
            ("劳动保障", 3),
            ("招生入学", 4),
            ("医疗保险", 3),
            ("医疗卫生", 2),
            ("社会救助", 2),
            ("养老服务", 2),
            ("就业创业", 2),
        ],
    ),
    (
        "城乡建设类",
        &[
            ("老旧小区改造", 3),
            ("物业管理", 4),
            ("基础设施类", 2),
            ("违章建筑", 2),
        ],
    ),
    (
        "公共安全类",
        &[
            ("治安管理", 3),
            ("户籍办理", 4),
            ("消防安全", 1),
            ("电信诈骗", 2),
        ],
    ),
    (
        "公共服务类",
        &[
            ("供电服务", 3),
            ("供水服务", 3),
            ("供暖服务", 2),
            ("燃气服务", 2),
        ],
    ),
    (
        "市场监管类",
        &[("消费维权", 3), ("食品安全", 1), ("价格监管", 1)],
    ),
    (
        OTHER,
        &[
            ("生活求助", 6),
            ("住房公积金", 3),
            ("不动产登记", 3),
            ("税务咨询", 2),
            ("表扬感谢", 2),
            ("其他咨询", 6),
        ],
    ),
];

/// The nine departments the bulletin names, with their 派发工单 this week.
const TOP_DEPARTMENTS: [(&str, usize); 9] = [
    ("市住房和城乡建设局", 55),
    ("市公安局", 18),
    ("市城市管理局", 14),
    ("市人力资源和社会保障局", 8),
    ("市市场监督管理局", 6),
    ("西城区行政委员会", 4),
    ("市教育局", 4),
    ("格尔木工业园区（昆仑经济技术开发区）", 4),
    ("市交通运输局", 3),
];
/// 其他单位: 56 orders, none of these departments with more than 2.
const OTHER_DEPARTMENTS_TOTAL: usize = 56;
const OTHER_DEPARTMENTS_MAX: usize = 2;

/// A number of orders on one topic: (一级分类, 二级分类, 件数).
type Lot = (&'static str, &'static str, usize);

/// This week's 工单转办 orders by lead department: (承办单位, [(一级分类, 二级分类, 件数)]).
/// The two difficult cases and the six 省州系统 orders come on top of these, e.g.
/// 市住房和城乡建设局 55 = 52 here + 1 difficult case + 2 省州系统.
const DISPATCH_THIS_WEEK: &[(&str, &[Lot])] = &[
    (
        "市住房和城乡建设局",
        &[
            ("城乡建设类", "老旧小区改造", 8),
            ("城乡建设类", "物业管理", 7),
            ("城乡建设类", "基础设施类", 5),
            ("城乡建设类", "房屋质量", 5),
            ("热线事务类", "污水井盖丢失", 8),
            ("热线事务类", "道路施工期限", 7),
            ("公共服务类", "供暖服务", 4),
            (OTHER, "房屋租赁", 8),
        ],
    ),
    (
        "市公安局",
        &[
            ("公共安全类", "治安管理", 5),
            ("公共安全类", "户籍办理", 3),
            ("公共安全类", "消防安全", 2),
            ("热线事务类", "噪音扰民", 3),
            ("热线事务类", "违章停车", 3),
            (OTHER, "证明开具", 2),
        ],
    ),
    (
        "市城市管理局",
        &[
            ("热线事务类", "噪音扰民", 2),
            ("热线事务类", "污水井盖丢失", 3),
            ("城乡建设类", "市容环境", 3),
            ("城乡建设类", "占道经营", 2),
            (OTHER, "园林绿化", 4),
        ],
    ),
    (
        "市人力资源和社会保障局",
        &[
            ("社会事业类", "劳动保障", 3),
            ("社会事业类", "社会保险", 2),
            (OTHER, "职业技能培训", 2),
        ],
    ),
    (
        "市市场监督管理局",
        &[
            ("市场监管类", "消费维权", 2),
            ("市场监管类", "食品安全", 1),
            ("市场监管类", "价格监管", 1),
            (OTHER, "证照办理", 1),
        ],
    ),
    (
        "西城区行政委员会",
        &[
            ("城乡建设类", "基础设施类", 1),
            ("公共服务类", "供水服务", 1),
            (OTHER, "邻里纠纷", 2),
        ],
    ),
    (
        "市教育局",
        &[
            ("社会事业类", "招生入学", 2),
            ("社会事业类", "校外培训", 1),
            ("社会事业类", "教育收费", 1),
        ],
    ),
    (
        "格尔木工业园区（昆仑经济技术开发区）",
        &[
            ("社会事业类", "劳动保障", 1),
            ("公共安全类", "安全生产", 1),
            (OTHER, "生态环境", 2),
        ],
    ),
    (
        "市交通运输局",
        &[
            ("交通运输类", "出租车管理", 2),
            ("交通运输类", "公交运营", 1),
        ],
    ),
    // 其他单位 (56 with the difficult case and the 省州系统 orders below).
    ("东城区行政委员会", &[("城乡建设类", "基础设施类", 1)]),
    ("格尔木市供电公司", &[("公共服务类", "供电服务", 2)]),
    ("市生态环境局", &[(OTHER, "生态环境", 2)]),
    ("市自然资源局", &[(OTHER, "土地管理", 1)]),
    ("市民政局", &[("社会事业类", "社会救助", 2)]),
    ("市卫生健康委员会", &[("社会事业类", "医疗卫生", 2)]),
    ("市医疗保障局", &[("社会事业类", "医疗保险", 1)]),
    ("市水务局", &[("公共服务类", "供水服务", 2)]),
    ("市应急管理局", &[("公共安全类", "安全生产", 2)]),
    (
        "市财政局",
        &[("政务团群类", "行政效能", 1), (OTHER, "财政补贴", 1)],
    ),
    (
        "市司法局",
        &[("政务团群类", "行政效能", 1), (OTHER, "法律援助", 1)],
    ),
    (
        "市商务局",
        &[("市场监管类", "消费维权", 1), (OTHER, "商贸流通", 1)],
    ),
    (
        "河西街道办事处",
        &[("城乡建设类", "市容环境", 1), ("公共服务类", "供暖服务", 1)],
    ),
    (
        "金峰路街道办事处",
        &[("城乡建设类", "物业管理", 1), (OTHER, "邻里纠纷", 1)],
    ),
    (
        "黄河路街道办事处",
        &[("公共服务类", "供水服务", 1), (OTHER, "邻里纠纷", 1)],
    ),
    (
        "昆仑路街道办事处",
        &[("城乡建设类", "市容环境", 1), ("社会事业类", "社会救助", 1)],
    ),
    (
        "西藏路街道办事处",
        &[("公共服务类", "供暖服务", 1), (OTHER, "邻里纠纷", 1)],
    ),
    ("郭勒木德镇", &[(OTHER, "农牧业", 2)]),
    ("唐古拉山镇", &[(OTHER, "农牧业", 2)]),
    ("大格勒乡", &[(OTHER, "农牧业", 2)]),
    ("格尔木市燃气公司", &[("公共服务类", "燃气服务", 2)]),
    ("市住房公积金管理中心", &[(OTHER, "住房公积金", 2)]),
    ("市不动产登记中心", &[(OTHER, "不动产登记", 2)]),
    ("市退役军人事务局", &[("社会事业类", "退役军人服务", 2)]),
    ("市农牧和科技局", &[(OTHER, "农牧业", 1)]),
    ("市文体旅游广电局", &[("社会事业类", "文化旅游", 1)]),
    ("市林业和草原局", &[(OTHER, "林草管理", 1)]),
    ("市税务局", &[(OTHER, "税务咨询", 1)]),
    ("市发展和改革委员会", &[(OTHER, "项目建设", 1)]),
    ("市政务服务监督管理局", &[("政务团群类", "行政效能", 1)]),
    ("格尔木市热力公司", &[("公共服务类", "供暖服务", 1)]),
    ("市残疾人联合会", &[("社会事业类", "残疾人服务", 1)]),
];

/// This week's 省州系统转办 orders: dispatched, open, outside 有效诉求 (their own group).
const PROVINCIAL_THIS_WEEK: [(&str, &str, &str); 6] = [
    ("市住房和城乡建设局", "城乡建设类", "物业管理"),
    ("市住房和城乡建设局", "城乡建设类", "房屋质量"),
    ("市人力资源和社会保障局", "社会事业类", "劳动保障"),
    ("市市场监督管理局", "市场监管类", "消费维权"),
    ("市自然资源局", OTHER, "土地管理"),
    ("市医疗保障局", "社会事业类", "医疗保险"),
];

/// Cells naming two departments (the first is the lead), and how often 住建局 stands for
/// 市住房和城乡建设局: the tool must split, resolve the alias and count the lead only.
const SHARED_CELLS: [&str; 6] = [
    "市住房和城乡建设局、西城区行政委员会",
    "市城市管理局、市公安局",
    "市城市管理局,市公安局",
    "市公安局/市交通运输局",
    "市人力资源和社会保障局和格尔木工业园区（昆仑经济技术开发区）",
    "市教育局；西城区行政委员会",
];
const HOUSING: &str = "市住房和城乡建设局";
const HOUSING_ALIAS: &str = "住建局";
const HOUSING_ALIAS_COUNT: usize = 10;

// ---------------------------------------------------------------------------------------------
// The difficult cases, as the bulletin prints them
// ---------------------------------------------------------------------------------------------

struct Difficult {
    id: &'static str,
    received: fn() -> NaiveDateTime,
    category: &'static str,
    subcategory: &'static str,
    department: &'static str,
    content: &'static str,
}

const DIFFICULT_THIS_WEEK: [Difficult; 2] = [
    Difficult {
        id: "HX24062060370023",
        received: || at(6, 25, 10, 17, 36),
        category: "城乡建设类",
        subcategory: "基础设施类",
        department: "市住房和城乡建设局",
        content: "群众来电投诉，其所在小区旭东小区正在进行老旧小区改造项目，施工人员进行管道施工时，由于操作失误导致排泄物溢出导致群众室内环境严重污染。群众将情况反映至市住房和城乡建设局，承办单位已派人将室内垃圾清理之后但未对管道进行维修。现群众反映因施工不规范导致管道反水，严重影响群众生活",
    },
    Difficult {
        id: "HX24062660370031",
        received: || at(6, 26, 15, 42, 8),
        category: "公共服务类",
        subcategory: "",
        department: "东城区行政委员会和格尔木市供电公司",
        content: "群众来电投诉，建兴巷可可西里管理局家属院近期以来经常出现停电现象，影响群众正常生产生活，多次反馈至物业未得到有效处理，群众对此不认可，要求相关部门处置",
    },
];

/// Last week's difficult order still open: the bulletin's 疑难工单办理情况.
const PENDING_DIFFICULT: Difficult = Difficult {
    id: "HX24062460370025",
    received: || at(6, 21, 9, 48, 0),
    category: "城乡建设类",
    subcategory: "基础设施类",
    department: "市城市管理局和市交通运输局",
    content: "群众来电反映，滨河路路段路灯损坏，长时间无人修理。因来往车辆较多，车速较快，存在较大安全隐患，经热线汇总该问题已多次反映，承办单位仍未实际解决群众诉求",
};
const PENDING_DIFFICULT_DEADLINE: fn() -> NaiveDateTime = || at(6, 28, 18, 0, 0);
const PENDING_DIFFICULT_PROGRESS: &str = "市城市管理局和交通运输局仍未回复工单，热线已催促承办单位尽快办理并及时答复群众，热线将持续跟进办理情况";

/// Last week's difficult order that was finished last week (so not pending).
const FINISHED_DIFFICULT: Difficult = Difficult {
    id: "",
    received: || at(6, 18, 8, 56, 0),
    category: "公共服务类",
    subcategory: "供水服务",
    department: "市水务局",
    content: "群众来电反映，盐湖花园小区自6月16日起连续三天停水，事前未见任何停水通知，小区内有多名老人和儿童，生活用水十分困难，多次联系物业均称不清楚原因，要求相关部门尽快恢复供水",
};
const FINISHED_DIFFICULT_AT: fn() -> NaiveDateTime = || at(6, 20, 16, 40, 0);
const FINISHED_DIFFICULT_PROGRESS: &str =
    "市水务局已组织抢修，6月20日恢复供水，已电话回访群众，群众表示满意";

// ---------------------------------------------------------------------------------------------
// Words: places, people, appeals
// ---------------------------------------------------------------------------------------------

const COMMUNITIES: &[&str] = &[
    "旭东小区",
    "昆仑花园",
    "金峰小区",
    "河西小区",
    "盐湖花园",
    "育才小区",
    "江源小区",
    "盛世华庭",
    "翠园小区",
    "柴达木小区",
    "阳光家园",
    "西城家园",
    "康乐小区",
    "胜利小区",
    "格林小镇",
    "团结小区",
];

const ROADS: &[&str] = &[
    "昆仑路",
    "柴达木路",
    "黄河路",
    "江源路",
    "八一路",
    "盐桥路",
    "金峰路",
    "西藏路",
    "滨河路",
    "青藏路",
    "建设路",
    "格拉路",
    "长江路",
    "民主路",
    "迎宾路",
];

/// Offices people ask the number or the address of.
const OFFICES: &[&str] = &[
    "市政务服务中心",
    "市不动产登记中心",
    "市住房公积金管理中心",
    "市医疗保障局",
    "市人力资源和社会保障局",
    "市市场监督管理局",
    "市城市管理局",
    "市民政局",
    "市税务局",
    "市公安局出入境管理大队",
    "市车辆管理所",
    "市教育局",
];

const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "马", "韩", "祁", "冶", "才", "索",
    "朱", "何", "郭", "罗", "高", "宋", "孙", "徐",
];

const MOBILE_PREFIXES: &[&str] = &[
    "139", "138", "137", "136", "135", "150", "151", "152", "157", "158", "159", "182", "187",
    "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "181", "189",
    "177", "199",
];

/// Appeal templates by 二级分类: (二级分类, direct-answer wordings, dispatched wordings).
/// `{小区}`, `{路}`, `{路2}` and `{单位}` are filled with the lists above.
const APPEALS: &[(&str, &[&str], &[&str])] = &[
    (
        "噪音扰民",
        &[
            "群众来电咨询，其前期反映的{小区}楼下商铺夜间经营噪音扰民问题已转交相关部门，询问目前工单办理进展，希望尽快得到处理结果",
            "群众来电询问，其反映的{路}附近工地夜间施工噪音扰民问题的工单办理进度，表示噪音严重影响家人休息，希望承办单位尽快回复",
        ],
        &[
            "群众来电反映，{小区}附近{路}一处烧烤店每晚营业至凌晨，音响声音过大，严重影响周边居民休息，多次协商无果，要求相关部门处理",
            "群众来电反映，{路}与{路2}交叉口工地夜间持续施工，机械轰鸣声扰民，影响居民正常休息，要求相关部门核实并规范施工时间",
        ],
    ),
    (
        "污水井盖丢失",
        &[
            "群众来电咨询，其前期反映的{路}人行道污水井盖丢失问题已派单，询问何时能够补装，表示该处行人较多存在安全隐患",
            "群众来电询问{小区}门口污水井盖缺失问题的工单办理进展，表示夜间经过十分危险，希望相关部门尽快处理并告知结果",
        ],
        &[
            "群众来电反映，{路}与{路2}交叉口附近污水井盖丢失，井口仅用树枝遮挡，夜间行人车辆经过存在较大安全隐患，要求相关部门尽快补装",
            "群众来电反映，{小区}南门外污水井盖破损塌陷，污水外溢，气味难闻，影响居民出行，要求相关部门尽快维修更换",
        ],
    ),
    (
        "道路施工期限",
        &[
            "群众来电咨询{路}道路改造施工何时结束，表示施工围挡影响出行，询问具体完工时间及施工期间的绕行路线",
            "群众来电咨询，{路}（{路2}至{小区}段）管网改造工程的施工期限是多久，施工期间周边车辆如何通行",
        ],
        &[
            "群众来电反映，{路}道路施工已持续两月有余，施工现场未设置明显警示标志，路面坑洼不平，要求相关部门督促施工单位公示工期并加快施工进度",
            "群众来电反映，{小区}门前道路开挖后长时间未回填，居民出行十分不便，询问施工期限并要求尽快恢复路面",
        ],
    ),
    (
        "违章停车",
        &[
            "群众来电咨询，其前期反映的{小区}门口车辆乱停乱放堵塞消防通道问题，目前工单办理进展如何，希望尽快整治",
            "群众来电询问，其车辆在{路}停放时被贴违章停车告知单，咨询违章停车的处理流程及缴纳罚款的途径",
        ],
        &[
            "群众来电反映，{路}与{路2}交叉口长期有车辆违章停放，占用非机动车道和人行道，行人只能绕行机动车道，存在安全隐患，要求相关部门整治",
            "群众来电反映，{小区}出入口经常有车辆随意停放，堵塞消防通道，居民车辆无法正常进出，要求交警部门处理",
        ],
    ),
    (
        "窗口联系方式",
        &[
            "群众来电咨询市政务服务大厅不动产登记窗口的联系电话及办公时间，表示需要提前预约办理业务，热线已告知相关联系方式",
            "群众来电咨询市城市管理局、住房和城乡建设局、公安局等单位办事窗口的联系方式，热线已逐一查询并告知来电人",
            "群众来电咨询市政务服务大厅社保窗口的联系方式，想提前了解办理业务需要携带的材料，热线已告知窗口电话",
        ],
        &[],
    ),
    (
        "行政效能",
        &[
            "群众来电反映，其在市政务服务大厅办理业务时窗口工作人员解释不清、态度生硬，希望相关部门加强管理，热线已做好解释并记录",
            "群众来电咨询，其在办理证明材料时被要求多次往返提交材料，询问能否一次办结，热线已告知相关政策及咨询电话",
        ],
        &[
            "群众来电反映，其到相关窗口办理业务，工作人员以系统故障为由多次推诿，至今未能办理，要求相关部门核实工作人员作风问题并尽快办理",
            "群众来电反映，其提交的补贴申请材料已超过承诺办结时限仍无答复，多次询问均被告知等待通知，要求相关部门说明情况",
        ],
    ),
    (
        "联系方式",
        &[
            "群众来电咨询{单位}的对外联系电话，表示需要咨询相关业务的办理事宜，热线查询后已告知来电人联系方式及工作时间",
            "群众来电咨询{单位}的值班电话，表示有急事需要联系相关工作人员，热线已告知值班电话及工作时间",
        ],
        &[],
    ),
    (
        "办公地点",
        &[
            "群众来电咨询{单位}的办公地点及乘车路线，表示需要前往现场办理业务，热线已告知具体地址及周边公交线路",
            "群众来电咨询{单位}是否已经搬迁，询问目前的办公地点和工作时间，热线查询后已予以答复",
        ],
        &[],
    ),
    (
        "公交线路",
        &[
            "群众来电咨询从{小区}到格尔木火车站应乘坐哪路公交车，以及末班车发车时间，热线已告知乘车线路及运营时间",
            "群众来电建议在{路}增设公交站点，表示周边新建小区较多，居民乘车需要步行较远距离，热线已记录并做好解释",
        ],
        &[],
    ),
    (
        "客运班线",
        &[
            "群众来电咨询格尔木至西宁、德令哈等地的长途客运班车发车时间及购票方式，热线已告知汽车站联系电话",
            "群众来电咨询暑期是否加开格尔木至茫崖的客运班车，表示近期出行人数较多购票困难，热线已告知客运站咨询电话",
        ],
        &[],
    ),
    (
        "出租车管理",
        &[
            "群众来电咨询本市出租车起步价及夜间收费标准，表示近期乘车时感觉收费偏高，热线已告知相关收费标准及投诉渠道",
        ],
        &[
            "群众来电反映，其在{路}乘坐出租车时司机拒绝打表，要求一口价，且服务态度恶劣，要求相关部门核实处理",
            "群众来电反映，{路}火车站出站口出租车长期拒载短途乘客并随意议价，影响城市形象，要求相关部门加强监管",
        ],
    ),
    (
        "公交运营",
        &[],
        &[
            "群众来电反映，{路}公交站台的公交车经常晚点，部分车辆不按站点停靠，给群众日常出行带来不便，要求相关部门加强监管",
        ],
    ),
    (
        "驾驶证业务",
        &[
            "群众来电咨询驾驶证到期换证需要准备哪些材料、在哪里办理，能否在网上办理，热线已告知办理地点及所需材料",
        ],
        &[],
    ),
    (
        "火车站机场",
        &[
            "群众来电咨询格尔木机场往返市区的机场大巴发车时间及乘车地点，表示近期需要乘机外出，热线已告知相关信息",
        ],
        &[],
    ),
    (
        "劳动保障",
        &[
            "群众来电咨询劳动合同到期后单位不再续签是否应当给予经济补偿，热线已告知相关规定及劳动保障监察部门电话",
        ],
        &[
            "群众来电反映，其在{小区}附近某工地务工，工程结束后包工头以各种理由拖欠工资，至今未结清，要求相关部门协调处理",
            "群众来电反映，其所在企业已连续三个月未发放工资，多次向企业负责人讨要未果，涉及职工二十余人，要求相关部门介入处理",
        ],
    ),
    (
        "社会保险",
        &[
            "群众来电咨询灵活就业人员养老保险的缴费标准及缴费渠道，热线已告知相关政策及社保经办窗口联系方式",
            "群众来电咨询退休人员养老金待遇认证的办理方式，表示家中老人行动不便，热线已告知可通过手机线上认证",
        ],
        &[
            "群众来电反映，其所在单位未按规定为职工缴纳社会保险，多次沟通无果，要求相关部门督促单位依法缴纳",
        ],
    ),
    (
        "招生入学",
        &[
            "群众来电咨询今年秋季小学一年级招生报名时间、划片范围及需要准备的材料，热线已告知教育部门相关政策",
        ],
        &[
            "群众来电反映，其孩子户籍及房产均在{小区}，但未被划入对口学校，要求相关部门核实今年的招生划片情况",
        ],
    ),
    (
        "校外培训",
        &[],
        &[
            "群众来电反映，{路}一家校外培训机构收取学费后突然关门停业，未退还剩余课时费用，涉及多名学生家长，要求相关部门处理",
        ],
    ),
    (
        "教育收费",
        &[],
        &[
            "群众来电反映，某学校要求学生统一购买校服及教辅资料，价格明显偏高，询问是否符合规定，要求教育部门核实",
        ],
    ),
    (
        "医疗卫生",
        &[
            "群众来电咨询市人民医院专家门诊的预约挂号方式及出诊时间，表示家人需要复诊，热线已告知医院预约电话",
        ],
        &[
            "群众来电反映，其在{路}某诊所就诊时医生未详细告知用药风险，用药后出现不良反应，要求卫生健康部门核实处理",
        ],
    ),
    (
        "医疗保险",
        &[
            "群众来电咨询异地就医备案的办理流程，表示近期需要到西宁住院治疗，热线已告知线上备案方式及医保窗口电话",
        ],
        &[
            "群众来电反映，其在{路}一家定点药店购药时医保卡无法正常结算，多次询问均未得到答复，要求相关部门尽快处理",
        ],
    ),
    (
        "社会救助",
        &[
            "群众来电咨询最低生活保障的申请条件及办理流程，热线已告知向户籍所在地社区提交申请及需要准备的材料",
        ],
        &[
            "群众来电反映，其家庭因病致困，已提交临时救助申请一月有余，至今未得到答复，要求相关部门尽快审核",
        ],
    ),
    (
        "养老服务",
        &[
            "群众来电咨询高龄老人补贴的申领条件和发放时间，表示家中老人已满八十周岁，热线已告知相关政策及社区联系方式",
        ],
        &[],
    ),
    (
        "就业创业",
        &[
            "群众来电咨询创业担保贷款的申请条件、贷款额度及办理地点，表示准备开一家小餐馆，热线已告知人社部门相关政策",
        ],
        &[],
    ),
    (
        "退役军人服务",
        &[],
        &[
            "群众来电反映，其为退役军人，两个月前申请的退役军人优待证至今未办理下来，询问原因并要求相关部门尽快办理",
        ],
    ),
    (
        "文化旅游",
        &[],
        &[
            "群众来电反映，{路}文化广场的健身器材多处损坏，部分器材螺丝松动，老人和儿童使用时存在安全隐患，要求相关部门尽快维修",
        ],
    ),
    (
        "残疾人服务",
        &[],
        &[
            "群众来电反映，其为肢体残疾人，申请的残疾人两项补贴已连续两个月未到账，多次询问未果，要求相关部门核实原因",
        ],
    ),
    (
        "老旧小区改造",
        &[
            "群众来电咨询{小区}是否列入今年老旧小区改造计划，改造内容包括哪些，热线已告知住房和城乡建设部门联系方式",
        ],
        &[
            "群众来电反映，{小区}老旧小区改造施工过程中，施工单位随意堆放建筑材料，破坏小区绿化，要求相关部门督促文明施工",
            "群众来电反映，{小区}老旧小区改造外墙保温施工后楼体出现渗水，施工单位迟迟不予维修，要求相关部门督促整改",
        ],
    ),
    (
        "物业管理",
        &[
            "群众来电咨询物业服务费的收费标准，以及物业公司服务不到位时可以向哪个部门投诉，热线已告知相关规定及渠道",
        ],
        &[
            "群众来电反映，{小区}物业公司服务不到位，楼道长期无人打扫，电梯多次故障未及时维修，要求相关部门督促物业整改",
            "群众来电反映，{小区}物业公司未经业主同意擅自提高物业费收费标准，业主多次提出异议未得到回应，要求相关部门核实",
        ],
    ),
    (
        "基础设施类",
        &[
            "群众来电咨询{路}人行道破损路段何时维修，表示该路段地砖松动积水，老人出行不便，热线已告知相关部门联系方式",
        ],
        &[
            "群众来电反映，{小区}小区内排水管道堵塞，雨后积水严重，影响居民出行，多次向物业反映未得到解决，要求相关部门处理",
            "群众来电反映，{路}部分路段路面塌陷，形成较大坑洞，车辆通行存在安全隐患，要求相关部门尽快修复",
        ],
    ),
    (
        "房屋质量",
        &[],
        &[
            "群众来电反映，其所购买的{小区}商品房交房后出现墙体开裂、卫生间渗水等问题，开发商一再拖延维修，要求相关部门协调处理",
        ],
    ),
    (
        "违章建筑",
        &[
            "群众来电咨询在自家院内搭建彩钢房是否需要审批，以及相关手续应向哪个部门申请，热线已告知相关规定及咨询电话",
        ],
        &[],
    ),
    (
        "市容环境",
        &[],
        &[
            "群众来电反映，{路}沿街商铺门前垃圾堆放，长时间无人清运，气味难闻，影响市容环境，要求相关部门尽快清理",
        ],
    ),
    (
        "占道经营",
        &[],
        &[
            "群众来电反映，{路}与{路2}交叉口早晚有流动摊贩占道经营，造成交通拥堵，垃圾随意丢弃，要求城管部门规范管理",
        ],
    ),
    (
        "治安管理",
        &[
            "群众来电咨询电动自行车被盗后应当如何报案，以及是否可以调取周边监控，热线已告知拨打110或到就近派出所报案",
        ],
        &[
            "群众来电反映，{小区}附近夜间常有人员聚集饮酒喧哗，并有醉酒人员滋事，存在治安隐患，要求公安部门加强巡逻",
        ],
    ),
    (
        "户籍办理",
        &[
            "群众来电咨询新生儿落户需要准备哪些材料、在哪里办理，热线已告知所需材料及辖区派出所户籍窗口联系方式",
        ],
        &[
            "群众来电反映，其办理户口迁移手续时被告知材料不全，多次补交材料后仍未办结，要求相关部门说明原因并尽快办理",
        ],
    ),
    (
        "消防安全",
        &[
            "群众来电咨询居民楼道内堆放杂物和电动车飞线充电应当向哪个部门反映，热线已告知相关部门联系方式并做好提醒",
        ],
        &[
            "群众来电反映，{小区}楼道内堆放大量杂物，多户居民将电动车推入楼道充电，存在较大火灾隐患，要求相关部门检查处理",
        ],
    ),
    (
        "电信诈骗",
        &[
            "群众来电咨询，其接到自称网购平台客服的电话，要求其转账办理退款，询问是否为诈骗，热线已提醒其谨防电信诈骗并告知反诈专线",
        ],
        &[],
    ),
    (
        "安全生产",
        &[],
        &[
            "群众来电反映，{路}附近一家加工厂存在违规作业情况，工人未佩戴安全防护用品，易燃物品随意堆放，要求相关部门检查",
        ],
    ),
    (
        "供电服务",
        &[
            "群众来电咨询{小区}今日突然停电的原因及恢复供电时间，表示家中有冷藏药品，热线已告知供电公司服务电话",
        ],
        &[
            "群众来电反映，{小区}近期频繁停电，供电单位未提前发布停电通知，影响居民正常生活，要求相关部门核实原因并尽快处理",
        ],
    ),
    (
        "供水服务",
        &[
            "群众来电咨询{小区}今日停水的原因及恢复供水时间，表示未看到停水通知，热线已告知供水单位服务电话",
        ],
        &[
            "群众来电反映，{小区}自来水近期出现浑浊发黄现象，居民不敢饮用，多次向物业反映未果，要求相关部门检测水质并处理",
        ],
    ),
    (
        "供暖服务",
        &[
            "群众来电咨询今年供暖费的缴纳时间及缴费方式，询问是否有线上缴费渠道，热线已告知热力公司服务电话",
        ],
        &[
            "群众来电反映，{小区}供暖管道夏季检修后漏水，楼下住户天花板被泡，多次联系供暖单位均未上门处理，要求相关部门协调",
        ],
    ),
    (
        "燃气服务",
        &[
            "群众来电咨询燃气开户及燃气表安装的办理流程和所需材料，表示新房即将入住，热线已告知燃气公司营业厅电话",
        ],
        &[
            "群众来电反映，其家中燃气表显示异常，申请燃气公司上门检修已三天仍无人处理，担心存在安全隐患，要求尽快安排",
        ],
    ),
    (
        "消费维权",
        &[
            "群众来电咨询网购商品出现质量问题而商家拒绝退货应当如何维权，热线已告知12315投诉举报渠道及相关规定",
        ],
        &[
            "群众来电反映，其在{路}某手机店购买的手机出现质量问题，商家拒绝退换并推诿给厂家，要求市场监管部门处理",
            "群众来电反映，其在{路}一家健身房办理年卡后，健身房突然停业，无法退还剩余费用，要求相关部门协调处理",
        ],
    ),
    (
        "食品安全",
        &[
            "群众来电咨询发现超市销售过期食品应当向哪个部门举报，以及举报需要提供哪些证据，热线已告知相关部门联系方式",
        ],
        &[
            "群众来电反映，其在{路}一家餐馆就餐后出现腹泻呕吐症状，怀疑饭菜不洁，要求相关部门检查该餐馆的卫生状况",
        ],
    ),
    (
        "价格监管",
        &[
            "群众来电咨询近期本地蔬菜价格上涨较快，询问相关部门是否有平价蔬菜供应点，热线已告知相关部门咨询电话",
        ],
        &[
            "群众来电反映，{路}某超市商品标价与结算价格不一致，结算时多收费用，存在价格欺诈行为，要求相关部门核查",
        ],
    ),
    (
        "证照办理",
        &[],
        &[
            "群众来电反映，其申请办理个体工商户营业执照已提交全部材料一周有余，至今未收到审核结果，要求相关部门尽快办理",
        ],
    ),
    (
        "职业技能培训",
        &[],
        &[
            "群众来电反映，其参加政府补贴的职业技能培训并取得证书已三个月，培训补贴至今未发放，要求相关部门核实原因",
        ],
    ),
    (
        "证明开具",
        &[],
        &[
            "群众来电反映，其因办理出国手续需要开具无犯罪记录证明，到派出所办理时被告知需要回户籍地办理，要求相关部门核实",
        ],
    ),
    (
        "园林绿化",
        &[],
        &[
            "群众来电反映，{路}中间绿化带树木长期无人修剪，枝叶遮挡交通信号灯和路灯，影响车辆通行安全，要求相关部门尽快修剪",
        ],
    ),
    (
        "房屋租赁",
        &[],
        &[
            "群众来电反映，其租住{小区}公租房，房屋漏水多次报修无人处理，且管理方要求其自行承担维修费用，要求相关部门协调",
        ],
    ),
    (
        "邻里纠纷",
        &[],
        &[
            "群众来电反映，{小区}楼上住户长期在阳台饲养鸽子，粪便和羽毛飘落到楼下，多次协商无果，要求社区和相关部门协调处理",
        ],
    ),
    (
        "生态环境",
        &[
            "群众来电咨询发现有企业夜间偷排废水应当向哪个部门举报，举报后是否对举报人信息保密，热线已告知相关部门联系方式",
        ],
        &[
            "群众来电反映，{路}附近一家企业夜间排放刺激性气体，周边居民开窗即可闻到明显异味，影响身体健康，要求环保部门检查",
        ],
    ),
    (
        "土地管理",
        &[],
        &[
            "群众来电反映，其家庭承包的土地被他人占用修建房屋，多次协商无果，要求自然资源部门核实土地权属并依法处理",
        ],
    ),
    (
        "农牧业",
        &[],
        &[
            "群众来电反映，其承包的枸杞地今年灌溉用水严重不足，影响枸杞生长，多次向村委会反映未果，要求相关部门协调解决",
        ],
    ),
    (
        "住房公积金",
        &[
            "群众来电咨询住房公积金提取用于支付房租的条件和办理流程，能否在手机上办理，热线已告知公积金中心联系方式",
        ],
        &[
            "群众来电反映，其提交住房公积金贷款申请已超过一个月仍未审批，影响购房合同履行，要求相关部门尽快审核",
        ],
    ),
    (
        "不动产登记",
        &[
            "群众来电咨询二手房过户需要准备哪些材料，需要缴纳哪些税费，热线已告知市不动产登记中心联系电话及办公时间",
        ],
        &[
            "群众来电反映，其购买的{小区}商品房已交房三年，开发商至今未办理不动产权证，多次催问无果，要求相关部门协调处理",
        ],
    ),
    (
        "税务咨询",
        &[
            "群众来电咨询个人所得税综合所得年度汇算的办理时间及操作方法，热线已告知可通过个人所得税手机软件办理",
        ],
        &[
            "群众来电反映，其申请的个人所得税退税已超过两个月未到账，多次咨询均未得到明确答复，要求相关部门核实原因",
        ],
    ),
    (
        "林草管理",
        &[],
        &[
            "群众来电反映，{路}以南防护林内有人私自砍伐树木并拉运，疑似盗伐林木行为，要求相关部门尽快到现场核查处理",
        ],
    ),
    (
        "财政补贴",
        &[],
        &[
            "群众来电反映，其申请的农机购置补贴已审核通过两个多月，补贴资金至今未到账，多次询问未果，要求相关部门说明原因",
        ],
    ),
    (
        "法律援助",
        &[],
        &[
            "群众来电反映，其因工伤赔偿纠纷申请法律援助，已提交材料半月有余仍未收到答复，要求相关部门尽快受理并告知结果",
        ],
    ),
    (
        "商贸流通",
        &[],
        &[
            "群众来电反映，{路}农贸市场部分摊位夏季占道经营、卫生状况较差，市场管理方不作为，要求相关部门督促整改",
        ],
    ),
    (
        "项目建设",
        &[],
        &[
            "群众来电反映，{小区}附近规划建设的便民市场项目已停工半年有余，工地长期闲置并堆放建筑垃圾，要求相关部门说明进展",
        ],
    ),
    (
        "生活求助",
        &[
            "群众来电求助，其家中下水道堵塞，询问正规的管道疏通服务电话，热线已告知相关便民服务信息",
            "群众来电求助，其家中老人外出走失，已向派出所报警，希望热线协助发布寻人信息，热线已做好安抚并告知相关渠道",
        ],
        &[],
    ),
    (
        "表扬感谢",
        &[
            "群众来电表扬{单位}工作人员工作认真负责，耐心细致地帮助其解决了办事过程中遇到的问题，希望予以表扬",
        ],
        &[],
    ),
    (
        "其他咨询",
        &[
            "群众来电咨询格尔木近期天气情况及前往可可西里方向的出行注意事项，热线已告知可通过气象部门渠道查询",
            "群众来电咨询本市今年高考录取结果的查询时间和查询方式，热线已告知招生考试部门公布的查询渠道",
            "群众来电咨询端午节假期期间市内各政务服务窗口是否正常办公，热线已告知节假日期间的办公安排",
        ],
        &[],
    ),
    (
        "意见建议",
        &[
            "群众来电建议在{路}沿线增设休闲座椅和遮阳设施，方便老年人出行途中休息，热线已记录并转相关部门参考",
            "群众来电建议延长夏季期间{路}附近公共卫生间的开放时间，方便夜间散步的市民使用，热线已记录该建议",
        ],
        &[],
    ),
    (
        "",
        &[
            "群众来电咨询其家人在外地就医后回格尔木报销需要办理哪些手续，热线已告知相关窗口电话及所需材料",
            "群众来电咨询本市夏季是否有针对老年人的免费体检活动，以及报名方式和地点，热线已告知社区联系方式",
        ],
        &[],
    ),
];

const INVALID_CALLS: &[(&str, &str)] = &[
    ("无效来电", "来电无声，话务员多次询问无人应答后挂断"),
    ("无效来电", "来电人拨错号码，询问后挂断"),
    ("骚扰电话", "来电人辱骂话务员，属骚扰电话"),
    ("骚扰电话", "来电人反复拨打并播放音乐，属骚扰电话"),
    ("测试", "新系统上线测试来电"),
];

const DIRECT_REPLIES: &[&str] = &[
    "已告知来电人相关政策及办理途径",
    "话务员已答复，来电人表示认可",
    "已解答并告知相关单位联系方式",
    "已做好解释，来电人表示理解",
];
const DISPATCH_REPLIES: &[&str] = &[
    "承办单位已联系群众并现场核实处理，群众表示满意",
    "经核实，问题已整改到位，已电话回复群众",
    "承办单位已答复群众，群众表示认可",
    "承办单位已安排人员处理完毕，热线回访群众表示满意",
];
const OPEN_NOTES: &[&str] = &[
    "已转办，承办单位正在办理",
    "承办单位已签收，正在核实",
    "",
    "",
];

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// Which group of the bulletin a record lands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Direct,
    Dispatch,
    Provincial,
    Invalid,
}

/// What a record is about, before it has a time and an id.
#[derive(Debug, Clone)]
struct Spec {
    kind: Kind,
    category: &'static str,
    subcategory: &'static str,
    /// The 承办单位 cell as written (empty for direct answers and invalid calls).
    department: String,
    /// The lead department the cell resolves to.
    lead: &'static str,
}

/// One row of an export, as the generator decides it (written out per layout).
#[derive(Debug, Clone)]
struct Record {
    id: String,
    received: NaiveDateTime,
    kind: Kind,
    channel: &'static str,
    handling: &'static str,
    category: &'static str,
    subcategory: &'static str,
    content: String,
    caller: String,
    phone: String,
    department: String,
    lead: &'static str,
    status: &'static str,
    finished: Option<NaiveDateTime>,
    deadline: Option<NaiveDateTime>,
    difficult: bool,
    progress: String,
    remark: &'static str,
}

impl Record {
    fn dispatched(&self) -> bool {
        !self.department.is_empty()
    }
}

fn appeal_templates(subcategory: &str, dispatched: bool) -> &'static [&'static str] {
    let (_, ask, report) = APPEALS
        .iter()
        .find(|(s, _, _)| *s == subcategory)
        .unwrap_or_else(|| panic!("no appeal templates for 二级分类 {subcategory:?}"));
    let list = if dispatched { report } else { ask };
    assert!(
        !list.is_empty(),
        "no {} wording for 二级分类 {subcategory:?}",
        if dispatched { "dispatch" } else { "direct" }
    );
    list
}

fn fill(template: &str, rng: &mut Rng) -> String {
    let road = *rng.pick(ROADS);
    let mut road2 = *rng.pick(ROADS);
    while road2 == road {
        road2 = *rng.pick(ROADS);
    }
    let community = *rng.pick(COMMUNITIES);
    let office = *rng.pick(OFFICES);
    template
        .replace("{小区}", community)
        .replace("{路2}", road2)
        .replace("{路}", road)
        .replace("{单位}", office)
}

fn appeal(rng: &mut Rng, spec: &Spec) -> String {
    let dispatched = matches!(spec.kind, Kind::Dispatch | Kind::Provincial);
    let template = *rng.pick(appeal_templates(spec.subcategory, dispatched));
    let mut text = fill(template, rng);
    if spec.kind == Kind::Provincial {
        text = text.replacen("群众来电", "群众通过省12345平台", 1);
    }
    let len = text.chars().count();
    assert!((40..=150).contains(&len), "{len} characters: {text}");
    text
}

fn caller(rng: &mut Rng) -> String {
    if rng.percent(6) {
        return "匿名".to_owned();
    }
    let title = if rng.percent(50) { "先生" } else { "女士" };
    format!("{}{}", rng.pick(SURNAMES), title)
}

fn phone(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(MOBILE_PREFIXES), rng.below(100_000_000))
}

/// Hands out 工单编号 "HX" + yymmdd + "6037" + a 4-digit serial, unique over all files.
struct Ids {
    used: BTreeSet<String>,
    next_serial: BTreeMap<NaiveDate, u32>,
}

impl Ids {
    fn new() -> Ids {
        let mut used = BTreeSet::new();
        for id in [
            DIFFICULT_THIS_WEEK[0].id,
            DIFFICULT_THIS_WEEK[1].id,
            PENDING_DIFFICULT.id,
        ] {
            used.insert(id.to_owned());
        }
        Ids {
            used,
            next_serial: BTreeMap::new(),
        }
    }

    /// The next free number of the day, skipping now and then as the real system does.
    fn next(&mut self, rng: &mut Rng, d: NaiveDate) -> String {
        let serial = self.next_serial.entry(d).or_insert(1);
        loop {
            if rng.percent(8) {
                *serial += 1 + rng.below(3) as u32;
            }
            let id = format!(
                "HX{:02}{:02}{:02}6037{:04}",
                d.year() % 100,
                d.month(),
                d.day(),
                *serial
            );
            *serial += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    fn reserve(&mut self, id: &str) {
        assert!(self.used.insert(id.to_owned()), "duplicate id {id}");
    }
}

/// Splits `total` into parts proportional to `weights`, by largest remainder.
fn apportion(total: usize, weights: &[u32]) -> Vec<usize> {
    let sum: u32 = weights.iter().sum();
    let mut parts: Vec<usize> = weights
        .iter()
        .map(|w| total * *w as usize / sum as usize)
        .collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(total * weights[i] as usize % sum as usize),
            i,
        )
    });
    let missing = total - parts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        parts[i] += 1;
    }
    parts
}

// ---------------------------------------------------------------------------------------------
// This week (file A)
// ---------------------------------------------------------------------------------------------

/// This week's dispatched orders as specs: the table, the 省州系统 orders, the shared cells and
/// the 住建局 alias. The difficult cases are added separately.
fn dispatch_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for (department, rows) in DISPATCH_THIS_WEEK {
        for (category, subcategory, n) in *rows {
            for _ in 0..*n {
                specs.push(Spec {
                    kind: Kind::Dispatch,
                    category,
                    subcategory,
                    department: (*department).to_owned(),
                    lead: department,
                });
            }
        }
    }
    for (department, category, subcategory) in PROVINCIAL_THIS_WEEK {
        specs.push(Spec {
            kind: Kind::Provincial,
            category,
            subcategory,
            department: department.to_owned(),
            lead: department,
        });
    }
    // Shared cells go to the first orders of their lead department.
    for cell in SHARED_CELLS {
        let spec = specs
            .iter_mut()
            .find(|s| cell.starts_with(s.lead) && s.department == s.lead)
            .expect("a department for every shared cell");
        spec.department = cell.to_owned();
    }
    // Every fifth plain 市住房和城乡建设局 order is written with its alias.
    let mut aliased = 0;
    for (n, spec) in specs
        .iter_mut()
        .filter(|s| s.department == HOUSING)
        .enumerate()
    {
        if n % 5 == 1 && aliased < HOUSING_ALIAS_COUNT {
            spec.department = HOUSING_ALIAS.to_owned();
            aliased += 1;
        }
    }
    assert_eq!(aliased, HOUSING_ALIAS_COUNT);
    specs
}

/// This week's direct answers: each category's total less its dispatched orders, the named
/// 二级分类 to their exact counts, the rest by weight.
fn direct_specs(dispatched: &[Spec]) -> Vec<Spec> {
    let valid_dispatched: Vec<&Spec> = dispatched
        .iter()
        .filter(|s| s.kind == Kind::Dispatch)
        .collect();
    // The difficult cases are 工单转办 orders too.
    let dispatched_in = |category: &str, sub: Option<&str>| {
        let matches = |c: &str, s: &str| c == category && sub.is_none_or(|x| s == x);
        valid_dispatched
            .iter()
            .filter(|s| matches(s.category, s.subcategory))
            .count()
            + DIFFICULT_THIS_WEEK
                .iter()
                .filter(|d| matches(d.category, d.subcategory))
                .count()
    };
    let mut specs = Vec::new();
    let mut push = |category: &'static str, subcategory: &'static str, n: usize| {
        for _ in 0..n {
            specs.push(Spec {
                kind: Kind::Direct,
                category,
                subcategory,
                department: String::new(),
                lead: "",
            });
        }
    };
    let other_total = OTHER_WRITTEN + OTHER_EMPTY + UNKNOWN_CATEGORY.2;
    for (category, total) in CATEGORIES.iter().copied().chain([(OTHER, other_total)]) {
        let mut direct = total - dispatched_in(category, None);
        if let Some((_, subs)) = EXACT_SUBCATEGORIES.iter().find(|(c, _)| *c == category) {
            assert_eq!(subs.iter().map(|s| s.1).sum::<usize>(), total);
            for (sub, n) in *subs {
                push(category, sub, n - dispatched_in(category, Some(sub)));
            }
            continue;
        }
        if category == OTHER {
            push("", "", OTHER_EMPTY);
            push(UNKNOWN_CATEGORY.0, UNKNOWN_CATEGORY.1, UNKNOWN_CATEGORY.2);
            direct -= OTHER_EMPTY + UNKNOWN_CATEGORY.2;
        }
        let (_, subs) = DIRECT_SUBCATEGORY_WEIGHTS
            .iter()
            .find(|(c, _)| *c == category)
            .expect("weights for every category");
        let weights: Vec<u32> = subs.iter().map(|s| s.1).collect();
        for ((sub, _), n) in subs.iter().zip(apportion(direct, &weights)) {
            push(category, sub, n);
        }
    }
    specs
}

fn this_week_specs() -> Vec<Spec> {
    let dispatched = dispatch_specs();
    let mut specs = direct_specs(&dispatched);
    specs.extend(dispatched);
    for _ in 0..INVALID_THIS_WEEK {
        specs.push(Spec {
            kind: Kind::Invalid,
            category: "",
            subcategory: "",
            department: String::new(),
            lead: "",
        });
    }
    specs
}

fn lead_of(cell: &str) -> &'static str {
    departments_in(cell)[0]
}

fn difficult_record(d: &Difficult, kind_handling: &'static str) -> Record {
    Record {
        id: d.id.to_owned(),
        received: (d.received)(),
        kind: Kind::Dispatch,
        channel: "12345热线",
        handling: kind_handling,
        category: d.category,
        subcategory: d.subcategory,
        content: d.content.to_owned(),
        caller: String::new(),
        phone: String::new(),
        department: d.department.to_owned(),
        lead: lead_of(d.department),
        status: "办理中",
        finished: None,
        deadline: Some(limit((d.received)(), 7)),
        difficult: true,
        progress: "已转办，承办单位正在办理".to_owned(),
        remark: "疑难工单",
    }
}

/// Turns specs into records with times: shuffled over the week's call times.
fn place_in_week(
    rng: &mut Rng,
    mut specs: Vec<Spec>,
    week: (u32, u32),
    volumes: &[usize; 7],
    fixed: &[Record],
    with_seconds: bool,
) -> Vec<(Spec, NaiveDateTime)> {
    let start = week_start(week).date();
    let mut times = Vec::new();
    for (i, volume) in volumes.iter().enumerate() {
        let d = start + Duration::days(i as i64);
        let taken = fixed.iter().filter(|r| r.received.date() == d).count();
        for _ in 0..volume - taken {
            times.push(call_time(rng, d, with_seconds));
        }
    }
    assert_eq!(times.len(), specs.len(), "volumes and specs disagree");
    rng.shuffle(&mut specs);
    specs.into_iter().zip(times).collect()
}

fn this_week(rng: &mut Rng, ids: &mut Ids) -> Vec<Record> {
    let fixed: Vec<Record> = DIFFICULT_THIS_WEEK
        .iter()
        .map(|d| difficult_record(d, "工单转办"))
        .collect();
    let placed = place_in_week(
        rng,
        this_week_specs(),
        THIS_WEEK,
        &DAY_VOLUMES_THIS_WEEK,
        &fixed,
        true,
    );
    let mut records: Vec<Record> = placed
        .into_iter()
        .map(|(spec, received)| new_record(rng, &spec, received, WrittenAs::ThisWeek))
        .collect();
    for mut r in fixed {
        r.caller = caller(rng);
        r.phone = phone(rng);
        records.push(r);
    }
    records.sort_by_key(|r| r.received);

    // 25 工单转办 orders finished inside the week, 2 more on 07-01 before the export.
    let end = week_end(THIS_WEEK);
    let mut candidates: Vec<usize> = (0..records.len())
        .filter(|&i| {
            let r = &records[i];
            r.kind == Kind::Dispatch && !r.difficult && r.received < end - Duration::days(2)
        })
        .collect();
    rng.shuffle(&mut candidates);
    for &i in candidates.iter().take(25) {
        let r = &mut records[i];
        let latest = (r.received + Duration::hours(60)).min(end - Duration::hours(4));
        let span = (latest - r.received).num_minutes();
        let when = r.received + Duration::minutes(rng.range(120, span));
        finish(rng, r, when);
    }
    let mut late: Vec<usize> = (0..records.len())
        .filter(|&i| {
            let r = &records[i];
            r.kind == Kind::Dispatch
                && !r.difficult
                && r.finished.is_none()
                && r.received >= end - Duration::days(4)
        })
        .collect();
    rng.shuffle(&mut late);
    for &i in late.iter().take(2) {
        let when = at(7, 1, 7, 0, 0) + Duration::seconds(rng.range(0, 80 * 60));
        finish(rng, &mut records[i], when);
    }

    for r in records.iter_mut().filter(|r| r.id.is_empty()) {
        r.id = ids.next(rng, r.received.date());
    }
    records
}

fn finish(rng: &mut Rng, r: &mut Record, when: NaiveDateTime) {
    r.finished = Some(when);
    r.status = if rng.percent(80) {
        "已办结"
    } else {
        "办结"
    };
    r.progress = (*rng.pick(DISPATCH_REPLIES)).to_owned();
    r.remark = if rng.percent(50) { "已回访" } else { "" };
}

/// How the values of a file are written: this week's export uses canonical values with a few
/// aliases, last week's CSV mostly aliases.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WrittenAs {
    ThisWeek,
    LastWeek,
}

fn new_record(rng: &mut Rng, spec: &Spec, received: NaiveDateTime, how: WrittenAs) -> Record {
    let this = how == WrittenAs::ThisWeek;
    let hotline = if !this || rng.percent(30) {
        "电话"
    } else {
        "12345热线"
    };
    let (channel, handling) = match spec.kind {
        Kind::Direct => (
            hotline,
            match (this, rng.below(100)) {
                (false, _) => "咨询答复",
                (true, 0..=5) => "咨询答复",
                (true, 6..=8) => "即时办结",
                _ => "直接答复",
            },
        ),
        Kind::Dispatch => (
            hotline,
            match (this, rng.below(100)) {
                (false, _) => "派单",
                (true, 0..=11) => "派单",
                (true, 12..=17) => "转办",
                _ => "工单转办",
            },
        ),
        Kind::Provincial => (
            if this {
                *rng.pick(&["省州系统", "省州系统", "省级平台", "省12345"])
            } else {
                "省级平台"
            },
            if this { "工单转办" } else { "派单" },
        ),
        Kind::Invalid => (hotline, "无效来电"),
    };
    let mut r = Record {
        id: String::new(),
        received,
        kind: spec.kind,
        channel,
        handling,
        category: spec.category,
        subcategory: spec.subcategory,
        content: String::new(),
        caller: caller(rng),
        phone: phone(rng),
        department: spec.department.clone(),
        lead: spec.lead,
        status: "已办结",
        finished: None,
        deadline: None,
        difficult: false,
        progress: String::new(),
        remark: "",
    };
    match spec.kind {
        Kind::Direct => {
            r.content = appeal(rng, spec);
            r.finished = Some(received + Duration::seconds(rng.range(90, 15 * 60)));
            r.status = if this && rng.percent(20) {
                "办结"
            } else {
                "已办结"
            };
            r.progress = (*rng.pick(DIRECT_REPLIES)).to_owned();
            r.remark = if rng.percent(3) { "重复来电" } else { "" };
        }
        Kind::Dispatch | Kind::Provincial => {
            r.content = appeal(rng, spec);
            let days = if rng.percent(10) { 15 } else { 7 };
            r.deadline = Some(limit(received, days));
            r.status = if !this || rng.percent(60) {
                "办理中"
            } else {
                "待签收"
            };
            r.progress = (*rng.pick(OPEN_NOTES)).to_owned();
        }
        Kind::Invalid => {
            let (handling, content) = *rng.pick(INVALID_CALLS);
            // Last week's export writes every value with an alias.
            r.handling = if !this && handling == "无效来电" {
                "无效"
            } else {
                handling
            };
            r.content = content.to_owned();
            r.caller = String::new();
            r.remark = if received.hour() < 6 {
                "夜间来电"
            } else {
                ""
            };
        }
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Last week (file B) and the orders open when this week began (file C)
// ---------------------------------------------------------------------------------------------

/// Last week's records: drawn from this week's mix, with the two difficult orders fixed.
fn last_week(rng: &mut Rng, ids: &mut Ids) -> Vec<Record> {
    let this_week = this_week_specs();
    let draw = |rng: &mut Rng, kind: Kind, n: usize| -> Vec<Spec> {
        let pool: Vec<&Spec> = this_week.iter().filter(|s| s.kind == kind).collect();
        (0..n)
            .map(|_| {
                let mut spec = (*rng.pick(&pool)).clone();
                // Last week's export writes the alias now and then, independently of this week.
                if spec.department == HOUSING_ALIAS {
                    spec.department = HOUSING.to_owned();
                }
                if spec.department == HOUSING && rng.percent(15) {
                    spec.department = HOUSING_ALIAS.to_owned();
                }
                spec
            })
            .collect()
    };
    let mut specs = draw(rng, Kind::Direct, 560);
    specs.extend(draw(rng, Kind::Dispatch, 158));
    specs.extend(draw(rng, Kind::Provincial, 4));
    specs.extend(draw(rng, Kind::Invalid, 9));

    let mut pending = difficult_record(&PENDING_DIFFICULT, "派单");
    pending.deadline = Some(PENDING_DIFFICULT_DEADLINE());
    let mut done = difficult_record(&FINISHED_DIFFICULT, "派单");
    done.finished = Some(FINISHED_DIFFICULT_AT());
    done.status = "已办结";
    done.progress = FINISHED_DIFFICULT_PROGRESS.to_owned();
    let fixed = vec![pending, done];

    let placed = place_in_week(rng, specs, LAST_WEEK, &DAY_VOLUMES_LAST_WEEK, &fixed, false);
    let mut records: Vec<Record> = placed
        .into_iter()
        .map(|(spec, received)| new_record(rng, &spec, received, WrittenAs::LastWeek))
        .collect();
    for mut r in fixed {
        r.channel = "电话";
        r.caller = caller(rng);
        r.phone = phone(rng);
        records.push(r);
    }
    records.sort_by_key(|r| r.received);

    // 40 dispatched orders finished last week (the finished difficult one among them).
    let end = week_end(LAST_WEEK);
    let mut candidates: Vec<usize> = (0..records.len())
        .filter(|&i| {
            let r = &records[i];
            r.kind == Kind::Dispatch && !r.difficult && r.received < end - Duration::days(2)
        })
        .collect();
    rng.shuffle(&mut candidates);
    for &i in candidates.iter().take(39) {
        let r = &mut records[i];
        let latest = (r.received + Duration::hours(72)).min(end - Duration::hours(4));
        let span = (latest - r.received).num_minutes();
        let when = r.received + Duration::minutes(rng.range(120, span));
        r.finished = Some(when - Duration::seconds(i64::from(when.second())));
        r.status = "已办结";
        r.progress = (*rng.pick(DISPATCH_REPLIES)).to_owned();
    }

    for r in records.iter_mut().filter(|r| r.id.is_empty()) {
        r.id = ids.next(rng, r.received.date());
    }
    for r in records.iter_mut().filter(|r| r.kind == Kind::Direct) {
        // Minute precision in the old system.
        let f = r.finished.expect("direct answers are finished");
        r.finished = Some(f - Duration::seconds(i64::from(f.second())));
    }
    // The CSV must show quoting: a few notes with ASCII commas, quotes and line breaks.
    let mut noted = 0;
    for r in records.iter_mut().filter(|r| r.kind == Kind::Dispatch) {
        let note = match noted {
            0 => "已电话联系群众,群众表示认可",
            1 => "承办单位回复:已按\"一件事一次办\"要求受理",
            2 => "6月19日:已转办\n6月20日:承办单位已联系群众",
            _ => break,
        };
        if !r.difficult {
            r.progress = note.to_owned();
            noted += 1;
        }
    }
    records
}

/// What became of an order open when this week began, as the status export says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Finished inside this week.
    Finished,
    /// Finished on 07-01 before the export (after the period: still open at its end).
    FinishedMonday,
    Open,
}

/// One row of the status export.
#[derive(Debug, Clone)]
struct Carried {
    id: String,
    received: NaiveDateTime,
    received_as_text: bool,
    department: String,
    category: &'static str,
    status: &'static str,
    finished: Option<NaiveDateTime>,
    deadline: NaiveDateTime,
    progress: String,
    difficult: bool,
    fate: Fate,
}

/// Orders received 05-06..06-14 and still open on 06-24: present only in the status export.
fn older_orders(rng: &mut Rng, ids: &mut Ids) -> Vec<Carried> {
    let pool: Vec<Spec> = dispatch_specs()
        .into_iter()
        .filter(|s| s.kind == Kind::Dispatch)
        .collect();
    let first = day(5, 6);
    let mut orders: Vec<Carried> = (0..16)
        .map(|_| {
            let spec = rng.pick(&pool).clone();
            let d = first + Duration::days(rng.range(0, 40));
            let received = office_time(rng, d);
            let days = if rng.percent(40) { 15 } else { 7 };
            Carried {
                id: String::new(),
                received,
                received_as_text: false,
                department: spec.department,
                category: spec.category,
                status: "办理中",
                finished: None,
                deadline: limit(received, days),
                progress: String::new(),
                difficult: false,
                fate: Fate::Open,
            }
        })
        .collect();
    orders.sort_by_key(|r| r.received);
    for o in &mut orders {
        let d = o.received.date();
        let serial = 100 + rng.below(400);
        let id = format!(
            "HX{:02}{:02}{:02}6037{serial:04}",
            d.year() % 100,
            d.month(),
            d.day()
        );
        ids.reserve(&id);
        o.id = id;
    }
    // 9 of them finished this week, 7 still open (all past their 办理时限).
    let mut order: Vec<usize> = (0..orders.len()).collect();
    rng.shuffle(&mut order);
    for &i in order.iter().take(9) {
        orders[i].fate = Fate::Finished;
    }
    orders
}

/// The status export: last week's open orders and the older ones, with this week's outcome.
/// Also sets the 15-day limits of last week's records the outcome depends on.
fn status_export(rng: &mut Rng, ids: &mut Ids, last_week: &mut [Record]) -> Vec<Carried> {
    let mut carried = older_orders(rng, ids);
    let open_last_week: Vec<usize> = (0..last_week.len())
        .filter(|&i| last_week[i].dispatched() && last_week[i].finished.is_none())
        .collect();
    assert_eq!(open_last_week.len(), 124);

    // Outcomes of last week's 124: 86 finished this week, 3 on 07-01, 35 open (the pending
    // difficult order among them). Of the 38 open at the end, 9 are not overdue: 6 with a
    // 15-day limit from the start, 3 extended in the status export.
    let mut others: Vec<usize> = open_last_week
        .iter()
        .copied()
        .filter(|&i| last_week[i].id != PENDING_DIFFICULT.id)
        .collect();
    rng.shuffle(&mut others);
    let mut fates: BTreeMap<usize, Fate> = BTreeMap::new();
    for (n, &i) in others.iter().enumerate() {
        let fate = match n {
            0..86 => Fate::Finished,
            86..89 => Fate::FinishedMonday,
            _ => Fate::Open,
        };
        fates.insert(i, fate);
    }
    // Every open order starts from the usual 7-day limit (the pending difficult one's 06-28).
    for &i in &open_last_week {
        let r = &mut last_week[i];
        r.deadline = Some(limit(r.received, 7));
    }
    let open_at_end: Vec<usize> = others[86..].to_vec();
    let long_limit: Vec<usize> = open_at_end[..6].to_vec();
    let extended: Vec<usize> = open_at_end[6..9].to_vec();
    for &i in &long_limit {
        let r = &mut last_week[i];
        r.deadline = Some(limit(r.received, 15));
    }
    // A few finished ones had 15-day limits too.
    for &i in others[..86].iter().step_by(9) {
        let r = &mut last_week[i];
        r.deadline = Some(limit(r.received, 15));
    }

    for &i in &open_last_week {
        let r = &last_week[i];
        let fate = fates.get(&i).copied().unwrap_or(Fate::Open);
        let mut deadline = r.deadline.expect("dispatched orders have a limit");
        let mut progress = String::new();
        if extended.contains(&i) {
            let new_day = 3 + rng.below(6) as u32;
            deadline = at(7, new_day, 18, 0, 0);
            progress = format!("承办单位申请延期办理，经审核同意延期至7月{new_day}日");
        }
        if r.id == PENDING_DIFFICULT.id {
            progress = PENDING_DIFFICULT_PROGRESS.to_owned();
        }
        carried.push(Carried {
            id: r.id.clone(),
            received: r.received,
            received_as_text: false,
            department: r.department.clone(),
            category: r.category,
            status: "办理中",
            finished: None,
            deadline,
            progress,
            difficult: r.difficult,
            fate,
        });
    }

    for c in &mut carried {
        c.received_as_text = rng.percent(40);
        match c.fate {
            Fate::Finished => {
                let d = day(6, 24) + Duration::days(rng.range(0, 7));
                c.finished = Some(office_time(rng, d));
                c.status = if rng.percent(70) {
                    "已办结"
                } else {
                    "已归档"
                };
                c.progress = (*rng.pick(DISPATCH_REPLIES)).to_owned();
            }
            Fate::FinishedMonday => {
                c.finished = Some(at(7, 1, 7, 5, 0) + Duration::minutes(rng.range(0, 80)));
                c.status = "已办结";
                c.progress = (*rng.pick(DISPATCH_REPLIES)).to_owned();
            }
            Fate::Open => {
                c.status = if c.difficult || rng.percent(70) {
                    "办理中"
                } else {
                    "待签收"
                };
                if c.progress.is_empty() {
                    c.progress =
                        (*rng.pick(&["承办单位正在核实处理", "已催办，承办单位尚未反馈", ""]))
                            .to_owned();
                }
            }
        }
    }
    carried.sort_by_key(|r| r.received);
    carried
}

// ---------------------------------------------------------------------------------------------
// Checks on what is about to be written (the independent check reads the files instead)
// ---------------------------------------------------------------------------------------------

fn check_this_week(records: &[Record]) {
    let count = |k: Kind| records.iter().filter(|r| r.kind == k).count();
    assert_eq!(records.len(), 819);
    assert_eq!(count(Kind::Provincial), 6);
    assert_eq!(count(Kind::Direct), 634);
    assert_eq!(count(Kind::Dispatch), 166);
    assert_eq!(count(Kind::Invalid), INVALID_THIS_WEEK);

    let mut by_lead: BTreeMap<&str, usize> = BTreeMap::new();
    for r in records.iter().filter(|r| r.dispatched()) {
        *by_lead.entry(r.lead).or_default() += 1;
    }
    assert_eq!(by_lead.values().sum::<usize>(), 172);
    for (name, n) in TOP_DEPARTMENTS {
        assert_eq!(by_lead.remove(name), Some(n), "{name}");
    }
    assert_eq!(by_lead.values().sum::<usize>(), OTHER_DEPARTMENTS_TOTAL);
    assert!(by_lead.values().all(|n| *n <= OTHER_DEPARTMENTS_MAX));
    assert!(by_lead.len() >= 28);

    let end = week_end(THIS_WEEK);
    let finished = records
        .iter()
        .filter(|r| r.dispatched() && r.finished.is_some_and(|f| f < end))
        .count();
    assert_eq!(finished, 25);
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

/// A fixed creation time, so that regenerating gives the same bytes.
fn properties() -> Result<DocProperties> {
    let created = ExcelDateTime::from_ymd(2024, 7, 1)?.and_hms(8, 30, 0)?;
    Ok(DocProperties::new()
        .set_author("格尔木市12345政务服务便民热线")
        .set_creation_datetime(&created))
}

fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime> {
    Ok(
        ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
            t.hour() as u16,
            t.minute() as u8,
            t.second(),
        )?,
    )
}

struct Styles {
    title: Format,
    header: Format,
    datetime: Format,
    minutes: Format,
}

fn styles() -> Styles {
    Styles {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        header: Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_border(FormatBorder::Thin)
            .set_background_color(0xD9E1F2),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        minutes: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
    }
}

fn write_header(
    sheet: &mut Worksheet,
    row: u32,
    names: &[(&str, f64)],
    style: &Format,
) -> Result<()> {
    for (col, (name, width)) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, style)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

fn write_time(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    t: Option<NaiveDateTime>,
    format: &Format,
) -> Result<()> {
    if let Some(t) = t {
        sheet.write_datetime_with_format(row, col, &excel_time(t)?, format)?;
    }
    Ok(())
}

/// File A: title, export time, canonical header in row 3, 备注, a duplicate row, a 合计 row.
fn write_this_week(path: &Path, records: &[Record]) -> Result<usize> {
    const COLUMNS: [(&str, f64); 16] = [
        ("工单编号", 19.0),
        ("来电时间", 20.0),
        ("来源渠道", 10.0),
        ("办理方式", 10.0),
        ("一级分类", 11.0),
        ("二级分类", 13.0),
        ("诉求内容", 60.0),
        ("来电人", 9.0),
        ("联系电话", 13.0),
        ("承办单位", 28.0),
        ("办理状态", 9.0),
        ("办结时间", 20.0),
        ("办理时限", 20.0),
        ("疑难标记", 9.0),
        ("办理情况", 30.0),
        ("备注", 10.0),
    ];
    let s = styles();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties()?);
    let sheet = workbook.add_worksheet();
    sheet.set_name("来电明细")?;
    sheet.merge_range(
        0,
        0,
        0,
        COLUMNS.len() as u16 - 1,
        "格尔木市12345政务服务便民热线来电明细表",
        &s.title,
    )?;
    sheet.set_row_height(0, 28)?;
    sheet.write_string(1, 0, "导出时间：2024-07-01 08:30")?;
    write_header(sheet, 2, &COLUMNS, &s.header)?;
    sheet.set_freeze_panes(3, 0)?;

    // One exact duplicate of an ordinary direct answer, as exports sometimes repeat a row.
    let duplicate = records
        .iter()
        .position(|r| r.kind == Kind::Direct && r.received.date() == day(6, 27))
        .expect("a direct answer on 06-27");
    let rows = records
        .iter()
        .enumerate()
        .flat_map(|(i, r)| std::iter::repeat_n(r, if i == duplicate { 2 } else { 1 }));
    let mut row = 3;
    for r in rows {
        sheet.write_string(row, 0, &r.id)?;
        write_time(sheet, row, 1, Some(r.received), &s.datetime)?;
        let texts = [
            (2, r.channel),
            (3, r.handling),
            (4, r.category),
            (5, r.subcategory),
            (6, r.content.as_str()),
            (7, r.caller.as_str()),
            (8, r.phone.as_str()),
            (9, r.department.as_str()),
            (10, r.status),
            (13, if r.difficult { "是" } else { "否" }),
            (14, r.progress.as_str()),
            (15, r.remark),
        ];
        for (col, text) in texts {
            if !text.is_empty() {
                sheet.write_string(row, col, text)?;
            }
        }
        write_time(sheet, row, 11, r.finished, &s.datetime)?;
        write_time(sheet, row, 12, r.deadline, &s.datetime)?;
        row += 1;
    }
    sheet.write_string(row, 0, "合计")?;
    sheet.write_string(row, 1, format!("共{}件", records.len()))?;
    workbook.save(path)?;
    Ok(row as usize - 3)
}

fn slash_time(t: Option<NaiveDateTime>) -> String {
    t.map_or_else(String::new, |t| {
        format!(
            "{}/{}/{} {}:{:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    })
}

/// File B: GBK, CRLF, alias headers, text times.
fn write_last_week(path: &Path, records: &[Record]) -> Result<usize> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    csv.write_record([
        "受理编号",
        "受理时间",
        "诉求来源",
        "处理方式",
        "诉求分类",
        "诉求子类",
        "来电内容",
        "诉求人",
        "来电号码",
        "办理单位",
        "工单状态",
        "完成时间",
        "截止时间",
        "是否疑难",
        "处理进展",
    ])?;
    for r in records {
        csv.write_record([
            r.id.as_str(),
            slash_time(Some(r.received)).as_str(),
            r.channel,
            r.handling,
            r.category,
            r.subcategory,
            r.content.as_str(),
            r.caller.as_str(),
            r.phone.as_str(),
            r.department.as_str(),
            r.status,
            slash_time(r.finished).as_str(),
            slash_time(r.deadline).as_str(),
            if r.difficult { "是" } else { "否" },
            r.progress.as_str(),
        ])?;
    }
    let text = String::from_utf8(csv.into_inner()?)?;
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    ensure!(
        !unmappable,
        "last week's export has characters GBK cannot hold"
    );
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(records.len())
}

fn chinese_time(t: NaiveDateTime) -> String {
    format!(
        "{}年{}月{}日{}时{}分",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// File C: one title row, alias headers in row 2, 登记时间 as text or as a date.
fn write_status(path: &Path, carried: &[Carried]) -> Result<usize> {
    const COLUMNS: [(&str, f64); 9] = [
        ("工单号", 19.0),
        ("登记时间", 22.0),
        ("责任单位", 28.0),
        ("办件状态", 10.0),
        ("结案时间", 18.0),
        ("办结期限", 18.0),
        ("处理结果", 50.0),
        ("疑难工单", 9.0),
        ("事项大类", 11.0),
    ];
    let s = styles();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties()?);
    let sheet = workbook.add_worksheet();
    sheet.set_name("未办结工单")?;
    sheet.merge_range(
        0,
        0,
        0,
        COLUMNS.len() as u16 - 1,
        "12345热线遗留工单办理状态（截至2024年7月1日8时30分）",
        &s.title,
    )?;
    sheet.set_row_height(0, 28)?;
    write_header(sheet, 1, &COLUMNS, &s.header)?;
    sheet.set_freeze_panes(2, 0)?;
    for (i, c) in carried.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string(row, 0, &c.id)?;
        if c.received_as_text {
            sheet.write_string(row, 1, chinese_time(c.received))?;
        } else {
            write_time(sheet, row, 1, Some(c.received), &s.minutes)?;
        }
        sheet.write_string(row, 2, &c.department)?;
        sheet.write_string(row, 3, c.status)?;
        write_time(sheet, row, 4, c.finished, &s.minutes)?;
        write_time(sheet, row, 5, Some(c.deadline), &s.minutes)?;
        if !c.progress.is_empty() {
            sheet.write_string(row, 6, &c.progress)?;
        }
        sheet.write_string(row, 7, if c.difficult { "Y" } else { "N" })?;
        if !c.category.is_empty() {
            sheet.write_string(row, 8, c.category)?;
        }
    }
    workbook.save(path)?;
    Ok(carried.len())
}

/// Every department used, the bulletin's nine first, then the others in table order.
fn department_order() -> Vec<&'static str> {
    let mut order: Vec<&str> = TOP_DEPARTMENTS.iter().map(|d| d.0).collect();
    for (name, _) in DISPATCH_THIS_WEEK {
        if !order.contains(name) {
            order.push(name);
        }
    }
    order
}

fn toml_list(items: &[&str], indent: &str) -> String {
    let mut out = String::from("[\n");
    for item in items {
        out.push_str(&format!("{indent}\"{item}\",\n"));
    }
    out.push(']');
    out
}

fn write_config(path: &Path) -> Result<()> {
    let categories: Vec<&str> = CATEGORIES.iter().map(|c| c.0).collect();
    let text = format!(
        r#"# 格尔木市 12345 政务服务便民热线的配置（与 samples/ 中的示例导出文件配套）
#
# 用法：hotline-bulletin build --config samples/hotline.toml --week 2024-06-24 \
#         samples/上周来电明细_2024-06-17至06-23.csv \
#         samples/本周来电明细_2024-06-24至06-30.xlsx \
#         samples/遗留工单状态_截至2024-07-01.xlsx
# 没写的配置项沿用程序内置值（运行 hotline-bulletin config 可查看全部配置项）。

[office]
# 版头（红色大字），每行一个字符串
masthead = ["格尔木12345政务服务便民热线", "工作专报"]
# 编发单位
issuing_office = "格尔木市人民政府办公室"
# 标题
title = "格尔木市12345政务服务便民热线周报"
# 正文里热线的全称和简称
hotline = "市12345政务服务便民热线"
hotline_short = "12345热线"
# 抄送，每行一个字符串，末尾句号由程序添加
cc = ["市长、副市长、秘书长", "市政府副秘书长、办公室副主任", "各行政委员会，市政府各局、委、办，昆仑经济技术开发区管委会"]
# 印发机关
printing_office = "格尔木市12345政务服务便民热线"

[issue]
# 2024 年 6 月 24 日所在的一周是 2024 年第 36 期、总第 86 期，之后每周加一
anchor_week = 2024-06-24
number = 36
total = 86

[categories]
# 一级分类（同件数时按此顺序）；不在列表中的分类和空白分类计入“其他类”
order = {categories}

[departments]
# 承办单位排序参考（同件数时按此顺序）。也用于拆分“和”连接的两个单位，
# 例如“东城区行政委员会和格尔木市供电公司”；“市住房和城乡建设局”是一个单位。
# 前九个是专报正文列出的单位（西城区行政委员会、市教育局、格尔木工业园区同为 4 件，按此顺序），
# 其后是示例数据中出现的其他单位。
order = {departments}

[departments.aliases]
# 简称 = 全称
住建局 = "{housing}"

# ------------------------------------------------------------------------------------------
# 主要热点的措辞模板：每个分类一段，变量与内置模板 hot_topic 相同
# ------------------------------------------------------------------------------------------
[hot_topic_templates]
热线事务类 = "（{{{{ index_cn }}}}）热线事务问题。群众来电咨询工单办理进展情况及{{{{ topic.subtopic_names[:4] | join('、') }}}}等事项，来电咨询政务服务大厅、市城市管理局、住房和城乡建设局、公安局等窗口联系方式，本周热线接此类咨询电话共计{{{{ topic.count }}}}件。"
政务团群类 = "（{{{{ index_cn }}}}）政务团群类问题。群众来电咨询职能部门{{{{ topic.subtopic_names | join('、') }}}}等问题，本周热线共接到此类诉求电话共计{{{{ topic.count }}}}件。"
"#,
        categories = toml_list(&categories, "    "),
        departments = toml_list(&department_order(), "    "),
        housing = HOUSING,
    );
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The configuration must load with the tool's own loader and know every department used.
fn check_config(path: &Path, used: &BTreeSet<&str>) -> Result<()> {
    let config = hotline_bulletin::config::Config::load(Some(path))?;
    let configured: Vec<&str> = CATEGORIES.iter().map(|c| c.0).collect();
    ensure!(config.categories == configured, "categories differ");
    for name in used {
        ensure!(
            config.department_order.iter().any(|d| d == name),
            "{name} is not in [departments] order"
        );
    }
    Ok(())
}

/// The departments a 承办单位 cell names, lead first, under the tool's rules: separators
/// 、，,；;/, or 和 between two known names (so 市住房和城乡建设局 stays one name).
fn departments_in(cell: &str) -> Vec<&'static str> {
    let order = department_order();
    let known = |name: &str| {
        let name = if name == HOUSING_ALIAS { HOUSING } else { name };
        order.iter().copied().find(|d| *d == name)
    };
    let mut found = Vec::new();
    for part in cell.split(['、', '，', ',', '；', ';', '/']) {
        if let Some(d) = known(part) {
            found.push(d);
            continue;
        }
        let (a, b) = part
            .match_indices('和')
            .find_map(|(i, _)| Some((known(&part[..i])?, known(&part[i + '和'.len_utf8()..])?)))
            .unwrap_or_else(|| panic!("unknown department {part}"));
        found.extend([a, b]);
    }
    found
}

fn main() -> Result<()> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    std::fs::create_dir_all(&out)?;

    let mut ids = Ids::new();
    let this = this_week(&mut Rng::new(0x2024_0624), &mut ids);
    check_this_week(&this);
    let mut last = last_week(&mut Rng::new(0x2024_0617), &mut ids);
    let carried = status_export(&mut Rng::new(0x2024_0701), &mut ids, &mut last);

    let a = out.join("本周来电明细_2024-06-24至06-30.xlsx");
    let b = out.join("上周来电明细_2024-06-17至06-23.csv");
    let c = out.join("遗留工单状态_截至2024-07-01.xlsx");
    let rows_a = write_this_week(&a, &this)?;
    let rows_b = write_last_week(&b, &last)?;
    let rows_c = write_status(&c, &carried)?;
    let config = out.join("hotline.toml");
    write_config(&config)?;

    let mut used = BTreeSet::new();
    for cell in this
        .iter()
        .chain(&last)
        .map(|r| r.department.as_str())
        .chain(carried.iter().map(|c| c.department.as_str()))
        .filter(|d| !d.is_empty())
    {
        used.extend(departments_in(cell));
    }
    check_config(&config, &used)?;

    println!("{}: {rows_a} data rows", a.display());
    println!("{}: {rows_b} data rows", b.display());
    println!("{}: {rows_c} data rows", c.display());
    println!("{}", config.display());
    Ok(())
}
