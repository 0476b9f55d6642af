//! Benchmark data: writes a large, realistic 12345 hotline export (shared strings, real Excel
//! datetimes) and, on request, the figures of one week counted independently from the rows.
//!
//! ```text
//! cargo run --release --example gen_large -- --rows 1000000 --out big.xlsx \
//!     [--seed 1] [--start 2024-01-01] [--days 366] [--files K] [--sorted] \
//!     [--expected-week 2024-06-24 --expected-json big.json]
//! ```
//!
//! The file is what Excel and WPS save: every text cell is an index into
//! `xl/sharedStrings.xml` (`t="s"`), dates are numbers with a date format, ids and phone numbers
//! are text. The same seed gives the same bytes. With `--files K` it writes K files of `--rows`
//! rows each (`big-01.xlsx` ...), each covering a consecutive slice of the date range, as a
//! user's monthly exports would; ids are disjoint across them. The sheet is streamed into the
//! zip, so memory is the shared-strings table (about 0.6 GB for a million rows).
//!
//! Rows are independent draws: 来电时间 weighted by weekday and hour; 办理方式 ~75/22/3 %;
//! a 承办单位 for every 工单转办 and every transfer from 省级平台, 微信端 or 中国政府网;
//! 已办结 always with a 办结时间 after the 来电时间, 办理中 never with one (orders finishing
//! after the end of the range are still open); 办理时限 on every row; 诉求内容 40-200
//! characters, except 无效来电, whose few stock texts are short.
//!
//! The expected figures do not reuse any code of the tool: they are counted here, row by row,
//! under the definitions written on `Expected`, so a disagreement points at one side or the other.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::LazyLock;
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use clap::Parser;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

#[derive(Debug, Parser)]
#[command(about = "Write a large synthetic 12345 hotline export for benchmarks")]
struct Args {
    /// Data rows per file (Excel's limit is 1,048,575 below the header).
    #[arg(long)]
    rows: u32,
    /// Output workbook; with --files K, FILE-01.xlsx ... FILE-K.xlsx.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// First day of the range.
    #[arg(long, default_value = "2024-01-01")]
    start: NaiveDate,
    /// Days in the range; the export is taken at the end of the last day.
    #[arg(long, default_value_t = 366)]
    days: u32,
    /// Write this many files of --rows rows each, over consecutive slices of the range.
    #[arg(long)]
    files: Option<u32>,
    /// Sort rows by 来电时间 (the default is the random order some systems export in).
    #[arg(long)]
    sorted: bool,
    /// Any day of the week whose figures to write to --expected-json.
    #[arg(long, requires = "expected_json")]
    expected_week: Option<NaiveDate>,
    #[arg(long, requires = "expected_week")]
    expected_json: Option<PathBuf>,
}

const MAX_ROWS: u32 = 1_048_575;

fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(
        (1..=MAX_ROWS).contains(&args.rows),
        "--rows must be 1..={MAX_ROWS}"
    );
    ensure!(args.days >= 1, "--days must be at least 1");
    let files = args.files.unwrap_or(1);
    ensure!(
        (1..=99).contains(&files) && files <= args.days,
        "--files must be 1..=99 and at most --days"
    );

    let started = Instant::now();
    let mut rng = SplitMix(args.seed);
    let calendar = Calendar::new(args.start, args.days);
    let mut ids = IdCounter::new(args.days);
    let mut expected = args.expected_week.map(Expected::new);

    for k in 0..files {
        let path = match args.files {
            None => args.out.clone(),
            Some(_) => numbered(&args.out, k + 1),
        };
        let t = Instant::now();
        // File k covers days [k*days/files, (k+1)*days/files).
        let first = k * args.days / files;
        let last = (k + 1) * args.days / files;
        let mut received = calendar.draw_times(&mut rng, args.rows, first..last);
        if args.sorted {
            received.sort_unstable();
        }

        let mut xlsx = XlsxStream::create(&path, args.rows + 1)?;
        for (i, &at) in received.iter().enumerate() {
            let row = make_row(&mut rng, &calendar, &mut ids, at)?;
            if let Some(e) = expected.as_mut() {
                e.observe(&row);
            }
            xlsx.row(i as u32 + 2, &cells(&row))?;
        }
        drop(received);
        xlsx.finish()
            .with_context(|| format!("cannot write {}", path.display()))?;
        let size = std::fs::metadata(&path)?.len();
        eprintln!(
            "{}: {} rows, {:.1} MB, {:.1} s",
            path.display(),
            args.rows,
            size as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }

    if let (Some(e), Some(path)) = (expected, args.expected_json.as_ref()) {
        std::fs::write(path, e.to_json())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("{}: expected figures", path.display());
    }
    eprintln!("total {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// `big.xlsx` -> `big-03.xlsx`.
fn numbered(out: &Path, k: u32) -> PathBuf {
    let stem = out.file_stem().unwrap_or_default().to_string_lossy();
    let ext = out
        .extension()
        .map_or("xlsx".into(), |e| e.to_string_lossy());
    out.with_file_name(format!("{stem}-{k:02}.{ext}"))
}

// ---------------------------------------------------------------------------------------------
// Randomness: a splitmix64, so the data depends on nothing but the seed.

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (Lemire's multiply-shift; the bias is below 2^-40 for our n).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn range(&mut self, lo: i64, hi_inclusive: i64) -> i64 {
        lo + self.below((hi_inclusive - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Time: seconds since 1970-01-01 00:00 (naive local time), the unit every comparison uses.

type Secs = i64;
const DAY: Secs = 86_400;

fn secs(t: NaiveDateTime) -> Secs {
    t.and_utc().timestamp()
}

fn midnight(d: NaiveDate) -> Secs {
    secs(d.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// A datetime cell in xlsx is a number with a date format: days since 1899-12-30.
fn excel_serial(t: Secs) -> f64 {
    t as f64 / DAY as f64 + 25_569.0
}

/// Calls by hour of day, a typical hotline profile (busy 9-11 and 14-17, quiet at night).
const HOURLY: [u32; 24] = [
    4, 2, 1, 1, 1, 2, 5, 14, 40, 62, 66, 58, 40, 36, 54, 60, 58, 50, 34, 28, 24, 18, 12, 7,
];

struct Calendar {
    start: NaiveDate,
    /// Day weights: weekends are quieter.
    day_weights: Vec<u32>,
    /// The moment of export: orders finishing later are still 办理中.
    export_at: Secs,
}

impl Calendar {
    fn new(start: NaiveDate, days: u32) -> Calendar {
        let day_weights = (0..days)
            .map(|d| {
                let day = start + Duration::days(i64::from(d));
                match day.weekday() {
                    Weekday::Sat | Weekday::Sun => 7,
                    _ => 10,
                }
            })
            .collect();
        Calendar {
            start,
            day_weights,
            export_at: midnight(start + Duration::days(i64::from(days))),
        }
    }

    fn day(&self, index: u32) -> NaiveDate {
        self.start + Duration::days(i64::from(index))
    }

    /// `n` reception times on the days `range` (indices into the calendar).
    fn draw_times(&self, rng: &mut SplitMix, n: u32, range: std::ops::Range<u32>) -> Vec<Secs> {
        let weights = &self.day_weights[range.start as usize..range.end as usize];
        (0..n)
            .map(|_| {
                let d = range.start + rng.weighted(weights) as u32;
                let hour = rng.weighted(&HOURLY) as i64;
                midnight(self.day(d)) + hour * 3600 + rng.range(0, 3599)
            })
            .collect()
    }
}

/// 工单编号: "HX" + yyyymmdd of reception + a 6-digit counter of that day, so ids are unique
/// across every file one run writes.
struct IdCounter {
    per_day: Vec<u32>,
}

impl IdCounter {
    fn new(days: u32) -> IdCounter {
        IdCounter {
            per_day: vec![0; days as usize],
        }
    }

    fn next(&mut self, calendar: &Calendar, received: Secs) -> Result<String> {
        let index = (received - midnight(calendar.start)).div_euclid(DAY) as usize;
        let n = &mut self.per_day[index];
        *n += 1;
        if *n > 999_999 {
            bail!("more than 999,999 records on one day: use more --days");
        }
        let d = calendar.day(index as u32);
        Ok(format!(
            "HX{:04}{:02}{:02}{:06}",
            d.year(),
            d.month(),
            d.day(),
            n
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Everything here is invented; names and numbers belong to no one.

/// 来源渠道 as exports write it, with weights. The last three are transfers from other systems.
const CHANNELS: [(&str, u32); 5] = [
    ("电话", 620),
    ("12345热线", 240),
    ("省级平台", 80),
    ("微信端", 45),
    ("中国政府网", 15),
];

fn is_transfer(channel: &str) -> bool {
    matches!(channel, "省级平台" | "微信端" | "中国政府网")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handling {
    DirectAnswer,
    Dispatch,
    Invalid,
}

impl Handling {
    fn text(self) -> &'static str {
        match self {
            Handling::DirectAnswer => "直接答复",
            Handling::Dispatch => "工单转办",
            Handling::Invalid => "无效来电",
        }
    }
}

/// 一级分类 with its weight and the departments it usually goes to, then, indented, its
/// 二级分类 with what callers report under each.
const CATEGORY_TABLE: &str = "
热线事务类 60 | 东城区人民政府 西城区人民政府 南湖区人民政府 北山区人民政府
  热线咨询 | 询问热线受理范围和工作时间 | 咨询此前反映事项的办理进度
  表扬感谢 | 对承办人员的耐心服务表示感谢 | 表扬社区工作人员及时解决了问题
  工单催办 | 此前反映的问题至今未得到处理 | 承办单位承诺的期限已过仍无人联系
  意见建议 | 建议热线增加夜间人工坐席 | 建议简化工单回访流程
  回访反馈 | 对上次办理结果不满意 | 称承办单位未实际到现场核实
政务团群类 70 | 市数据局 市司法局 市人力资源和社会保障局 市税务局
  政务服务 | 在政务服务大厅办事排队时间过长 | 网上办事平台无法提交材料
  证照办理 | 办理营业执照变更需要的材料不清楚 | 身份证补办进度缓慢
  政府信息公开 | 申请公开的信息超过期限未答复 | 查询不到征收补偿的公示信息
  工作作风 | 窗口工作人员态度生硬 | 办事人员多次要求重复提交材料
  信访事项 | 信访事项处理意见未按时送达 | 咨询信访复查的受理条件
交通运输类 110 | 市交通运输局 市公交集团 市公安局 市城市管理局
  公共交通 | 公交车长时间不来且不按站停靠 | 公交线路调整后出行很不方便
  道路交通 | 路口红绿灯时长设置不合理造成拥堵 | 道路坑洼积水影响车辆通行
  出租车网约车 | 出租车司机拒载并绕路 | 网约车平台多收费用不予退还
  停车管理 | 小区周边车辆乱停乱放堵塞消防通道 | 停车场收费标准不明确
  交通违法 | 货车夜间超载超速行驶 | 电动车逆行闯红灯现象严重
社会事业类 150 | 市教育局 市卫生健康委员会 市人力资源和社会保障局 市医疗保障局 市民政局 市文化广电旅游局
  教育 | 孩子入学划片政策不清楚 | 校外培训机构停课后拒绝退费
  医疗卫生 | 医院挂号难且候诊时间过长 | 社区卫生服务中心药品短缺
  社会保障 | 养老保险转移接续手续办理困难 | 医保报销比例与政策规定不符
  民政服务 | 低保申请提交后长时间没有结果 | 高龄补贴未按月发放
  文化旅游 | 景区门票价格与公示不一致 | 公园健身器材损坏无人维修
城乡建设类 170 | 市住房和城乡建设局 市城市管理局 市自然资源和规划局 市不动产登记中心 市住房公积金管理中心
  物业管理 | 物业公司不履行维修义务 | 物业费上涨未经业主大会同意
  住房保障 | 公租房申请审核进度缓慢 | 购房后迟迟无法办理不动产证
  市政设施 | 路灯不亮已有多日 | 井盖缺失存在安全隐患
  违法建设 | 楼顶私自加盖彩钢房 | 一楼住户私自占用公共绿地搭建围墙
  房屋质量 | 新房墙体开裂渗水 | 开发商交房标准与合同约定不符
公共安全类 60 | 市公安局 市消防救援支队 市市场监督管理局 市应急管理局
  消防安全 | 楼道堆放杂物影响消防通道 | 小区消防栓无水
  治安管理 | 夜间有人聚集喧哗闹事 | 小区多次发生电动车被盗
  食品安全 | 在餐馆就餐后出现腹泻症状 | 超市出售过期食品
  安全生产 | 工地夜间施工未设置安全防护 | 加油站附近有人违规储存燃料
  防汛减灾 | 地下车库雨后积水严重 | 河道堤岸有垮塌迹象
公共服务类 160 | 市水务集团 国网市供电公司 市燃气集团 市城市管理局
  供水 | 家中停水未提前通知 | 自来水发黄有异味
  供电 | 小区频繁停电影响生活 | 电表计量异常电费突增
  供气 | 燃气管道有异味疑似泄漏 | 燃气开户手续办理缓慢
  通信网络 | 宽带频繁断网报修无人处理 | 手机信号差无法正常通话
  环境卫生 | 垃圾清运不及时散发臭味 | 公厕长期无人打扫
市场监管类 140 | 市市场监督管理局 市商务局 市税务局
  消费维权 | 商家拒绝履行七天无理由退货 | 预付卡商家关门跑路
  价格监管 | 药店药品价格明显高于周边 | 停车场超标准收费
  产品质量 | 购买的家电使用不久即出现故障 | 网购商品与描述严重不符
  无证经营 | 小区内有人无证经营餐饮 | 路边流动摊贩占道经营
  虚假宣传 | 保健品销售人员夸大产品功效 | 培训机构承诺包过后拒不退款
其他类 80 | 市城市管理局 市生态环境局 市人力资源和社会保障局 东城区人民政府 西城区人民政府
  噪音扰民 | 楼上住户夜间噪音很大 | 广场舞音响声音过大
  环境污染 | 附近工厂排放刺鼻气体 | 餐馆油烟直排影响住户
  劳动纠纷 | 公司拖欠工资已有三个月 | 单位未依法缴纳社会保险
  邻里纠纷 | 邻居空调外机正对自家窗户 | 邻居在楼道内饲养宠物
  其他 | 咨询相关部门的办公地址和电话 | 反映的问题不属于热线受理范围
";

/// 承办单位, the ~40 of a city, most frequent first (weights ~ 1/rank, as in real weeks).
const DEPARTMENTS: &str = "
市住房和城乡建设局 市城市管理局 市市场监督管理局 东城区人民政府 西城区人民政府
市人力资源和社会保障局 市交通运输局 市公安局 南湖区人民政府 市教育局 市卫生健康委员会
北山区人民政府 市自然资源和规划局 市生态环境局 市水务集团 国网市供电公司 市燃气集团
高新区管委会 市医疗保障局 市民政局 市公交集团 经开区管委会 市不动产登记中心
市住房公积金管理中心 市文化广电旅游局 市应急管理局 新城区人民政府 临江区人民政府 市商务局
市税务局 市农业农村局 市数据局 市司法局 市退役军人事务局 市发展和改革委员会
市工业和信息化局 市林业和草原局 市体育局 市消防救援支队 市财政局";

const DISTRICTS: &str = "东城区 西城区 南湖区 北山区 高新区 经开区 新城区 临江区";
const ROADS: &str = "人民路 解放路 建设路 中山路 滨江大道 学府路 长安街 幸福路 和平路 青年路
    文化路 健康路 朝阳路 光明路 新华路 迎宾大道 工业园路 金桥路 南环路 东风路";
const PLACES: &str = "阳光小区 锦绣花园 翠湖苑 金色家园 碧水湾 幸福里 和谐家园 书香门第 御景华庭
    滨江花城 电力小区 教师公寓 农贸市场 第一中学 人民医院 万达广场 城南公园 火车站
    汽车客运站 体育中心";
const OPENERS: &str = "市民来电反映： 来电人反映， 来电人咨询： 市民来电称， 来电人表示，
    来电人投诉： 市民通过热线反映，";
const SINCE: &str = "近一周以来 最近几天 从上个月开始 今年以来 每天晚上 节假日期间";
const DETAILS: &str = "严重影响周边居民正常生活 多次向相关单位反映未果 存在较大安全隐患
    给出行带来极大不便 家中有老人和小孩，影响较大 物业和社区均表示无法解决
    曾拨打过相关单位电话但无人接听 已向社区网格员反映过 周边商户也有同样的情况
    现场有照片和视频可以提供 对方态度恶劣拒不整改 问题反复出现，整改后不久又恢复原样
    附近住户意见很大 担心雨季到来后情况更加严重";
const REQUESTS: &str = "希望相关部门尽快核实处理。 请求有关部门予以解决。 希望尽快给予答复。
    要求相关部门依法处理。 请相关部门协调解决。 希望有关部门加强监管。 请尽快安排人员到现场查看。";
const ANSWERS: &str =
    "话务员已告知相关政策及办理流程，来电人表示理解。 已告知来电人咨询渠道和联系电话。
    已向来电人解释相关规定，来电人无异议。 已告知来电人可通过线上平台查询办理进度。
    已为来电人提供相关部门的办公地址。";
const INVALID: &str = "来电无声，多次询问无应答后挂断。 来电人未说明诉求即挂断。 来电人拨错电话。
    儿童拨打热线玩耍。 来电人反复骚扰话务员，已做好记录。 系统测试来电。";
const SURNAMES: &str =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国海红燕萍鹏斌宇婷浩晨欣雪俊倩琳峰志丹";
const REMARKS: &str = "已回访，满意 已回访，基本满意 重复来电 来电人要求保密 已回访，不满意 需跟踪";

/// An 一级分类 as the generator uses it.
struct Category {
    name: &'static str,
    weight: u32,
    subcategories: Vec<(&'static str, Vec<&'static str>)>,
    departments: Vec<&'static str>,
}

/// The tables above, split once.
struct Vocabulary {
    categories: Vec<Category>,
    category_weights: Vec<u32>,
    departments: Vec<&'static str>,
    department_weights: Vec<u32>,
    districts: Vec<&'static str>,
    roads: Vec<&'static str>,
    places: Vec<&'static str>,
    openers: Vec<&'static str>,
    since: Vec<&'static str>,
    details: Vec<&'static str>,
    requests: Vec<&'static str>,
    answers: Vec<&'static str>,
    invalid: Vec<&'static str>,
    surnames: Vec<&'static str>,
    given: Vec<&'static str>,
    remarks: Vec<&'static str>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::new);

impl Vocabulary {
    fn new() -> Vocabulary {
        let words = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
        let chars = |s: &'static str| {
            s.char_indices()
                .map(|(i, c)| &s[i..i + c.len_utf8()])
                .collect::<Vec<_>>()
        };
        let departments = words(DEPARTMENTS);
        let mut categories: Vec<Category> = Vec::new();
        for line in CATEGORY_TABLE.lines().filter(|l| !l.trim().is_empty()) {
            let mut parts = line.split('|').map(str::trim);
            let head = parts.next().unwrap_or_default();
            if line.starts_with(' ') {
                let category = categories
                    .last_mut()
                    .expect("a category before its subcategories");
                category.subcategories.push((head, parts.collect()));
            } else {
                let (name, weight) = head.split_once(' ').expect("name and weight");
                let usual = words(parts.next().expect("departments"));
                assert!(
                    usual.iter().all(|d| departments.contains(d)),
                    "{name}: unknown department"
                );
                categories.push(Category {
                    name,
                    weight: weight.parse().expect("a weight"),
                    subcategories: Vec::new(),
                    departments: usual,
                });
            }
        }
        Vocabulary {
            category_weights: categories.iter().map(|c| c.weight).collect(),
            categories,
            department_weights: (1..=departments.len() as u32)
                .map(|rank| 2520 / rank)
                .collect(),
            departments,
            districts: words(DISTRICTS),
            roads: words(ROADS),
            places: words(PLACES),
            openers: words(OPENERS),
            since: words(SINCE),
            details: words(DETAILS),
            requests: words(REQUESTS),
            answers: words(ANSWERS),
            invalid: words(INVALID),
            surnames: chars(SURNAMES),
            given: chars(GIVEN),
            remarks: words(REMARKS),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One record.

struct Row {
    id: String,
    received: Secs,
    channel: &'static str,
    handling: Handling,
    /// Indices into `VOCABULARY.categories` and its subcategories (unused for 无效来电, which
    /// is always written as 热线事务类 / 无效来电).
    category: usize,
    subcategory: usize,
    content: String,
    caller: String,
    phone: String,
    department: Option<&'static str>,
    /// 办结时间; present exactly when 办理状态 is 已办结, and always after `received`.
    finished: Option<Secs>,
    deadline: Secs,
    remark: Option<&'static str>,
}

fn make_row(
    rng: &mut SplitMix,
    calendar: &Calendar,
    ids: &mut IdCounter,
    received: Secs,
) -> Result<Row> {
    let v = &*VOCABULARY;
    let channel = CHANNELS[rng.weighted(&CHANNELS.map(|c| c.1))].0;
    let mut handling = match rng.below(1000) {
        0..750 => Handling::DirectAnswer,
        750..970 => Handling::Dispatch,
        _ => Handling::Invalid,
    };
    // A transfer from another system is a real request, never a nuisance call.
    if is_transfer(channel) && handling == Handling::Invalid {
        handling = Handling::Dispatch;
    }
    let (category, subcategory) = if handling == Handling::Invalid {
        (0, 0)
    } else {
        let c = rng.weighted(&v.category_weights);
        (
            c,
            rng.below(v.categories[c].subcategories.len() as u64) as usize,
        )
    };

    let department = (handling == Handling::Dispatch || is_transfer(channel)).then(|| {
        if rng.chance(0.5) {
            rng.pick(&v.categories[category].departments)
        } else {
            v.departments[rng.weighted(&v.department_weights)]
        }
    });

    let finished = match (department, handling) {
        (Some(_), _) => {
            // Most orders close within 5 days, some take up to 20, a few stay open.
            if rng.chance(0.04) {
                None
            } else {
                let days = if rng.chance(0.7) {
                    rng.range(0, 5)
                } else {
                    rng.range(0, 20)
                };
                Some(received + days * DAY + rng.range(600, DAY))
            }
        }
        (None, Handling::Invalid) => Some(received + rng.range(10, 300)),
        (None, _) => Some(received + rng.range(60, 1800)),
    }
    .filter(|&t| t <= calendar.export_at);
    let deadline = received + if rng.chance(0.7) { 5 } else { 15 } * DAY;

    Ok(Row {
        id: ids.next(calendar, received)?,
        received,
        channel,
        handling,
        category,
        subcategory,
        content: content(rng, handling, category, subcategory),
        caller: caller(rng),
        phone: phone(rng),
        department,
        finished,
        deadline,
        remark: rng.chance(0.15).then(|| rng.pick(&v.remarks)),
    })
}

/// 诉求内容: 40-200 characters of phrases with places and numbers in them, so that nearly
/// every text is unique and the shared-strings table is as large as a real export's.
fn content(rng: &mut SplitMix, handling: Handling, category: usize, sub: usize) -> String {
    let v = &*VOCABULARY;
    if handling == Handling::Invalid {
        return rng.pick(&v.invalid).to_string();
    }
    let target = if rng.chance(0.8) {
        rng.range(40, 120)
    } else {
        rng.range(120, 200)
    } as usize;
    let issue = rng.pick(&v.categories[category].subcategories[sub].1);
    let mut s = String::with_capacity(target * 3 + 64);
    s.push_str(rng.pick(&v.openers));
    let _ = if rng.chance(0.5) {
        write!(
            s,
            "{}{}{}号附近",
            rng.pick(&v.districts),
            rng.pick(&v.roads),
            rng.range(1, 999)
        )
    } else {
        write!(
            s,
            "{}{}{}栋{}单元",
            rng.pick(&v.districts),
            rng.pick(&v.places),
            rng.range(1, 40),
            rng.range(1, 6)
        )
    };
    let _ = write!(s, "，{}，{}", rng.pick(&v.since), issue);
    // Add details in random order, each at most once, while the request still fits.
    let request = rng.pick(&v.requests);
    let mut len = s.chars().count() + 1 + request.chars().count();
    let mut used = vec![false; v.details.len() + 4];
    let mut piece = String::new();
    while used.iter().any(|u| !u) {
        let i = rng.below(used.len() as u64) as usize;
        if used[i] {
            continue;
        }
        used[i] = true;
        piece.clear();
        let _ = match i.checked_sub(v.details.len()) {
            None => write!(piece, "，{}", v.details[i]),
            Some(0) => write!(piece, "，此前已反映过{}次", rng.range(2, 9)),
            Some(1) => write!(piece, "，涉及住户约{}户", rng.range(3, 300)),
            Some(2) => write!(piece, "，已持续约{}天", rng.range(2, 60)),
            Some(_) => write!(piece, "，距离路口约{}米", rng.range(20, 500)),
        };
        let n = piece.chars().count();
        if len + n > target {
            break;
        }
        s.push_str(&piece);
        len += n;
    }
    s.push('，');
    s.push_str(request);
    let answer = rng.pick(&v.answers);
    if handling == Handling::DirectAnswer && len + answer.chars().count() <= 200 && rng.chance(0.6)
    {
        s.push_str(answer);
    }
    s
}

/// 来电人: a full name, or a surname with 先生/女士 as operators often record it.
fn caller(rng: &mut SplitMix) -> String {
    let v = &*VOCABULARY;
    let surname = rng.pick(&v.surnames);
    match rng.below(10) {
        0..=3 => format!("{surname}{}", if rng.chance(0.5) { "先生" } else { "女士" }),
        4 => "匿名".to_string(),
        5..=7 => format!("{surname}{}", rng.pick(&v.given)),
        _ => format!("{surname}{}{}", rng.pick(&v.given), rng.pick(&v.given)),
    }
}

/// 联系电话: 11 digits shaped like a mainland mobile number.
fn phone(rng: &mut SplitMix) -> String {
    const SECOND: [u8; 5] = [b'3', b'5', b'7', b'8', b'9'];
    format!(
        "1{}{:09}",
        rng.pick(&SECOND) as char,
        rng.below(1_000_000_000)
    )
}

// ---------------------------------------------------------------------------------------------
// Writing.
//
// rust_xlsxwriter keeps a whole worksheet in memory (about 4 GB for a million rows of this
// data); its streaming "low memory" mode needs the crate's `constant_memory` feature, which
// this project does not enable. So the sheet is streamed here straight into the zip, as
// Excel would lay it out, and only the shared-strings table is held in memory. The small
// parts are what rust_xlsxwriter writes, without the theme and document properties.

const HEADER: [&str; 14] = [
    "工单编号",
    "来电时间",
    "来源渠道",
    "办理方式",
    "一级分类",
    "二级分类",
    "诉求内容",
    "来电人",
    "联系电话",
    "承办单位",
    "办理状态",
    "办结时间",
    "办理时限",
    "备注",
];
const COLUMNS: [&str; 14] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N",
];
const SHEET_NAME: &str = "工单明细";

/// Cell styles, as indices into `cellXfs` of STYLES.
const STYLE_HEADER: u32 = 1;
const STYLE_DATETIME: u32 = 2;

enum Cell<'a> {
    Empty,
    Text(&'a str),
    /// A datetime: a number with the date style.
    Time(Secs),
}

fn cells(row: &Row) -> [Cell<'_>; 14] {
    let (category, subcategory) = if row.handling == Handling::Invalid {
        ("热线事务类", "无效来电")
    } else {
        let c = &VOCABULARY.categories[row.category];
        (c.name, c.subcategories[row.subcategory].0)
    };
    let opt = |v: Option<&'static str>| v.map_or(Cell::Empty, Cell::Text);
    [
        Cell::Text(&row.id),
        Cell::Time(row.received),
        Cell::Text(row.channel),
        Cell::Text(row.handling.text()),
        Cell::Text(category),
        Cell::Text(subcategory),
        Cell::Text(&row.content),
        Cell::Text(&row.caller),
        Cell::Text(&row.phone),
        opt(row.department),
        Cell::Text(if row.finished.is_some() {
            "已办结"
        } else {
            "办理中"
        }),
        row.finished.map_or(Cell::Empty, Cell::Time),
        Cell::Time(row.deadline),
        opt(row.remark),
    ]
}

/// The shared-strings table: each distinct text once, numbered in order of first use.
#[derive(Default)]
struct SharedStrings {
    index: HashMap<Rc<str>, u32>,
    order: Vec<Rc<str>>,
    /// Cells referring to the table (the `count` attribute).
    uses: u64,
}

impl SharedStrings {
    fn id(&mut self, s: &str) -> u32 {
        self.uses += 1;
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.order.len() as u32;
        let s: Rc<str> = Rc::from(s);
        self.order.push(Rc::clone(&s));
        self.index.insert(s, i);
        i
    }
}

struct XlsxStream {
    zip: ZipWriter<BufWriter<File>>,
    strings: SharedStrings,
    buf: String,
}

impl XlsxStream {
    /// Starts the workbook and its one sheet, which will have `last_row` as its last row
    /// (1-based, the header is row 1).
    fn create(path: &Path, last_row: u32) -> Result<XlsxStream> {
        let file =
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 20, file));
        zip.start_file("xl/worksheets/sheet1.xml", zip_options())?;
        let mut xlsx = XlsxStream {
            zip,
            strings: SharedStrings::default(),
            buf: String::with_capacity(4096),
        };
        let _ = write!(
            xlsx.buf,
            "{XML_DECLARATION}<worksheet xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\">\
             <dimension ref=\"A1:N{last_row}\"/><sheetViews><sheetView tabSelected=\"1\" \
             workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" \
             state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>\
             <cols><col min=\"1\" max=\"1\" width=\"18.7109375\" customWidth=\"1\"/>\
             <col min=\"2\" max=\"2\" width=\"19.7109375\" customWidth=\"1\"/>\
             <col min=\"7\" max=\"7\" width=\"60.7109375\" customWidth=\"1\"/>\
             <col min=\"10\" max=\"10\" width=\"22.7109375\" customWidth=\"1\"/>\
             <col min=\"12\" max=\"13\" width=\"19.7109375\" customWidth=\"1\"/></cols><sheetData>"
        );
        let header = HEADER.map(Cell::Text);
        xlsx.row_with_style(1, &header, STYLE_HEADER)?;
        Ok(xlsx)
    }

    /// Appends row `r` (1-based); rows must come in increasing order.
    fn row(&mut self, r: u32, cells: &[Cell<'_>]) -> Result<()> {
        self.row_with_style(r, cells, 0)
    }

    fn row_with_style(&mut self, r: u32, cells: &[Cell<'_>], text_style: u32) -> Result<()> {
        let _ = write!(self.buf, "<row r=\"{r}\" spans=\"1:{}\">", cells.len());
        for (cell, col) in cells.iter().zip(COLUMNS) {
            match *cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    let id = self.strings.id(s);
                    let _ = write!(self.buf, "<c r=\"{col}{r}\"");
                    if text_style != 0 {
                        let _ = write!(self.buf, " s=\"{text_style}\"");
                    }
                    let _ = write!(self.buf, " t=\"s\"><v>{id}</v></c>");
                }
                Cell::Time(t) => {
                    let _ = write!(
                        self.buf,
                        "<c r=\"{col}{r}\" s=\"{STYLE_DATETIME}\"><v>{}</v></c>",
                        excel_serial(t)
                    );
                }
            }
        }
        self.buf.push_str("</row>");
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.zip.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }

    /// Ends the sheet, then writes the shared strings and the small parts.
    fn finish(mut self) -> Result<()> {
        self.buf.push_str(
            "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" \
             header=\"0.3\" footer=\"0.3\"/></worksheet>",
        );
        self.flush()?;

        self.zip.start_file("xl/sharedStrings.xml", zip_options())?;
        let _ = write!(
            self.buf,
            "{XML_DECLARATION}<sst xmlns=\"{NS_MAIN}\" count=\"{}\" uniqueCount=\"{}\">",
            self.strings.uses,
            self.strings.order.len()
        );
        for s in std::mem::take(&mut self.strings.order) {
            let space = if s.starts_with(' ') || s.ends_with(' ') {
                " xml:space=\"preserve\""
            } else {
                ""
            };
            let _ = write!(self.buf, "<si><t{space}>{}</t></si>", xml_escape(&s));
            if self.buf.len() >= 1 << 16 {
                self.flush()?;
            }
        }
        self.buf.push_str("</sst>");
        self.flush()?;
        drop(std::mem::take(&mut self.strings));

        let workbook = format!(
            "{XML_DECLARATION}<workbook xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\">\
             <fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/>\
             <workbookPr/><bookViews><workbookView xWindow=\"240\" yWindow=\"15\" \
             windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>\
             <sheet name=\"{SHEET_NAME}\" sheetId=\"1\" r:id=\"rId1\"/></sheets>\
             <calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>"
        );
        for (name, text) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/workbook.xml", workbook.as_str()),
            ("xl/styles.xml", STYLES),
        ] {
            self.zip.start_file(name, zip_options())?;
            self.zip.write_all(text.as_bytes())?;
        }
        self.zip.finish()?.flush()?;
        Ok(())
    }
}

/// Deflate at level 6 (what Excel and rust_xlsxwriter use) with a fixed timestamp, so that a
/// seed always gives the same bytes.
fn zip_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
}

fn xml_escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['&', '<', '>']) {
        return s.into();
    }
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .into()
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>";

const WORKBOOK_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>\
</Relationships>";

/// Style 0 normal, 1 bold (header), 2 `yyyy-mm-dd hh:mm:ss` (custom format 164).
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>\
<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"2\"/><charset val=\"134\"/></font>\
<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"2\"/><charset val=\"134\"/></font></fonts>\
<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/>\
</styleSheet>";

// ---------------------------------------------------------------------------------------------
// The week's figures, counted from the generated rows.

/// The figures of the Monday-to-Sunday week W = [start, end), with P the week before:
///
/// - 来电总量: records received in W; 上周来电总量: records received in P.
/// - groups, first match wins: 中国政府网转办 (channel 中国政府网), 省州系统转办 (省级平台),
///   微信端转办 (微信端), 其他电话 (handling 无效来电), 工单转办, 直接答复 (the rest).
/// - 有效诉求: the groups 直接答复 + 工单转办, by 一级分类.
/// - 派发工单: received in W with a 承办单位; 派发工单办结: those with 办结时间 in W.
/// - 上周遗留工单 (carried over): with a 承办单位, received before W, not finished before W.
///   办结上周遗留工单: those with 办结时间 in W. 遗留超期工单: those not finished before the
///   end of W whose 办理时限 is before the end of W.
/// - departments: 派发工单 by 承办单位.
///
/// The generator never writes 已办结 without a 办结时间, so "not finished before W" is simply
/// "no 办结时间 before W".
struct Expected {
    week: NaiveDate,
    start: Secs,
    end: Secs,
    total: u64,
    previous_total: u64,
    groups: [u64; 6],
    valid_by_category: Vec<u64>,
    dispatched: u64,
    dispatched_finished: u64,
    carried: u64,
    carried_finished: u64,
    carried_overdue: u64,
    departments: BTreeMap<&'static str, u64>,
}

const GROUPS: [&str; 6] = [
    "中国政府网转办",
    "省州系统转办",
    "微信端转办",
    "其他电话",
    "工单转办",
    "直接答复",
];

impl Expected {
    fn new(any_day: NaiveDate) -> Expected {
        let week = any_day - Duration::days(i64::from(any_day.weekday().num_days_from_monday()));
        let start = midnight(week);
        Expected {
            week,
            start,
            end: start + 7 * DAY,
            total: 0,
            previous_total: 0,
            groups: [0; 6],
            valid_by_category: vec![0; VOCABULARY.categories.len()],
            dispatched: 0,
            dispatched_finished: 0,
            carried: 0,
            carried_finished: 0,
            carried_overdue: 0,
            departments: BTreeMap::new(),
        }
    }

    fn observe(&mut self, r: &Row) {
        let in_week = |t: Secs| t >= self.start && t < self.end;
        if r.received >= self.start - 7 * DAY && r.received < self.start {
            self.previous_total += 1;
        }
        if in_week(r.received) {
            self.total += 1;
            let group = match (r.channel, r.handling) {
                ("中国政府网", _) => 0,
                ("省级平台", _) => 1,
                ("微信端", _) => 2,
                (_, Handling::Invalid) => 3,
                (_, Handling::Dispatch) => 4,
                (_, Handling::DirectAnswer) => 5,
            };
            self.groups[group] += 1;
            if group >= 4 {
                self.valid_by_category[r.category] += 1;
            }
            if let Some(d) = r.department {
                self.dispatched += 1;
                *self.departments.entry(d).or_default() += 1;
                if r.finished.is_some_and(in_week) {
                    self.dispatched_finished += 1;
                }
            }
        }
        if r.department.is_some()
            && r.received < self.start
            && r.finished.is_none_or(|t| t >= self.start)
        {
            self.carried += 1;
            if r.finished.is_some_and(in_week) {
                self.carried_finished += 1;
            }
            if r.finished.is_none_or(|t| t >= self.end) && r.deadline < self.end {
                self.carried_overdue += 1;
            }
        }
    }

    fn to_json(&self) -> String {
        let mut departments: Vec<_> = self.departments.iter().collect();
        departments.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let object = |pairs: Vec<(&str, u64)>| {
            let body: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("\"{}\": {v}", json_escape(k)))
                .collect();
            format!("{{{}}}", body.join(", "))
        };
        let valid: u64 = self.valid_by_category.iter().sum();
        let mut s = String::from("{\n");
        let mut field = |k: &str, v: String| {
            let _ = writeln!(s, "  \"{k}\": {v},");
        };
        field("week_start", format!("\"{}\"", self.week));
        field("week_end", format!("\"{}\"", self.week + Duration::days(6)));
        field("来电总量", self.total.to_string());
        field("上周来电总量", self.previous_total.to_string());
        field(
            "groups",
            object(GROUPS.iter().copied().zip(self.groups).collect()),
        );
        field("有效诉求", valid.to_string());
        field(
            "有效诉求_by_category",
            object(
                VOCABULARY
                    .categories
                    .iter()
                    .map(|c| c.name)
                    .zip(self.valid_by_category.iter().copied())
                    .collect(),
            ),
        );
        field("派发工单", self.dispatched.to_string());
        field("派发工单办结", self.dispatched_finished.to_string());
        field("上周遗留工单", self.carried.to_string());
        field("办结上周遗留工单", self.carried_finished.to_string());
        field("遗留超期工单", self.carried_overdue.to_string());
        s.push_str(&format!(
            "  \"departments\": {}\n}}\n",
            object(departments.into_iter().map(|(k, v)| (*k, *v)).collect())
        ));
        s
    }
}

fn json_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
