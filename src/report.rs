//! Pure: the figures and tables of one period, as plain data. `reconcile` places every order;
//! this module counts them once, and both renderers only print what it holds.

use chrono::{NaiveDate, NaiveDateTime};

use crate::diag::Diagnostic;
use crate::model::{OrderId, Period, PeriodName};

/// A share in hundredths of a percent (2027 = 20.27%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Share(pub u32);

impl Share {
    /// The share as a fraction (0.2027), for a spreadsheet cell formatted 0.00%.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

/// The six groups every call received in the period falls into, first match wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// 中国政府网转办
    GovWebsite,
    /// 省州系统转办
    Provincial,
    /// 微信端转办
    WeChat,
    /// 直接答复
    DirectAnswer,
    /// 工单转办
    Dispatch,
    /// 其他电话 (无效、骚扰、测试)
    Other,
}

impl Group {
    /// In the order the bulletin and the 总体概况 sheet list them.
    pub const ALL: [Group; 6] = [
        Group::GovWebsite,
        Group::Provincial,
        Group::WeChat,
        Group::DirectAnswer,
        Group::Dispatch,
        Group::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::GovWebsite => "中国政府网转办",
            Group::Provincial => "省州系统转办",
            Group::WeChat => "微信端转办",
            Group::DirectAnswer => "直接答复",
            Group::Dispatch => "工单转办",
            Group::Other => "其他电话",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub group: Group,
    pub count: u64,
    /// Of 来电总量; the six shares sum to exactly 100.00%.
    pub share: Share,
}

/// A labelled count with its share of the table's total (categories, departments).
#[derive(Debug, Clone, PartialEq)]
pub struct CountRow {
    pub name: String,
    pub count: u64,
    pub share: Share,
}

/// 上升 / 下降 / 持平.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Up => "上升",
            Direction::Down => "下降",
            Direction::Flat => "持平",
        }
    }
}

/// The week-over-week change of 来电总量.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub previous_total: u64,
    pub direction: Direction,
    /// |this - previous| / previous in hundredths of a percent, half up (1173 = 11.73%).
    pub magnitude: Share,
}

/// Where the previous period's total came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousSource {
    /// Counted from the inputs' records received in the previous period.
    Records,
    /// Read from the 总体概况 sheet of a workbook this tool wrote.
    Workbook(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// 来电总量: the sum of the six groups.
    pub total: u64,
    /// Always six rows, in `Group::ALL` order.
    pub groups: Vec<GroupRow>,
    /// 工单转办 orders received in the period and finished inside it (the reference's 已办结 25 件).
    pub dispatch_group_finished: u64,
    /// None when the previous period's total is unknown.
    pub change: Option<Change>,
    pub previous_source: Option<PreviousSource>,
}

impl Overview {
    pub fn count(&self, group: Group) -> u64 {
        self.groups
            .iter()
            .find(|r| r.group == group)
            .map_or(0, |r| r.count)
    }

    pub fn share(&self, group: Group) -> Share {
        self.groups
            .iter()
            .find(|r| r.group == group)
            .map_or(Share(0), |r| r.share)
    }
}

/// The flow of work orders (records with a 承办单位) through the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flow {
    /// Carried-over orders: received before the period and not finished before it.
    pub open_at_start: u64,
    /// 派发工单: received in the period with a 承办单位.
    pub dispatched: u64,
    /// 派发工单办结: dispatched in the period and finished inside it.
    pub dispatched_finished: u64,
    /// 办结上周遗留工单: carried-over orders finished in the period.
    pub carried_finished: u64,
    /// 遗留超期工单: carried-over orders still open at the end whose 办理时限 is before the end.
    pub carried_overdue: u64,
    /// All orders open at the period's end (carried and new).
    pub open_at_end: u64,
}

impl Flow {
    /// Finished in the period, new and carried.
    pub fn finished(&self) -> u64 {
        self.dispatched_finished + self.carried_finished
    }
}

/// One row of the 承办单位办理情况 sheet (by lead department).
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentStats {
    pub name: String,
    pub dispatched: u64,
    pub dispatched_finished: u64,
    pub carried: u64,
    pub carried_finished: u64,
    pub open_at_end: u64,
    pub overdue_at_end: u64,
    /// Finished in the period / (carried + dispatched); None when both are zero.
    pub finish_rate: Option<Share>,
    /// Finished by the 办理时限 / finished in the period (orders without a 办理时限 count as on time);
    /// None when nothing was finished.
    pub on_time_rate: Option<Share>,
    /// Mean days from 来电时间 to 办结时间 of the orders finished in the period.
    pub average_days: Option<f64>,
}

/// One 二级分类 inside a hot topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Subtopic {
    pub name: String,
    pub count: u64,
}

/// 主要热点: one of the largest categories with its most frequent 二级分类.
#[derive(Debug, Clone, PartialEq)]
pub struct HotTopic {
    pub category: String,
    pub count: u64,
    pub subtopics: Vec<Subtopic>,
}

/// A difficult case as the bulletin may print it: personal data already masked.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    pub id: OrderId,
    /// 二级分类 if present, else 一级分类 (the bulletin's "基础设施类问题").
    pub heading: String,
    /// 诉求内容, masked, without trailing punctuation.
    pub content: String,
    /// Every department the 承办单位 cell named, lead first.
    pub departments: Vec<String>,
    /// 办理情况, masked; None when the department has not replied.
    pub progress: Option<String>,
    pub received: NaiveDateTime,
    /// The name of the week the order was received in.
    pub week: PeriodName,
}

/// One row of a detail sheet (遗留工单, 本周工单, 疑难工单): the merged fields of an order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub id: OrderId,
    pub received: NaiveDateTime,
    pub channel: String,
    pub handling: String,
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub content: Option<String>,
    pub department: Option<String>,
    pub status: Option<String>,
    pub finished: Option<NaiveDateTime>,
    pub deadline: Option<NaiveDateTime>,
    pub difficult: bool,
    pub progress: Option<String>,
    pub caller: Option<String>,
    pub phone: Option<String>,
    /// Open at the period's end with a 办理时限 before the end.
    pub overdue: bool,
    /// Whole days from the 办理时限 to the period's end, when overdue.
    pub overdue_days: Option<i64>,
    /// The week the order first appeared ("2024年6月第4周").
    pub first_week: String,
}

/// One input as the 说明 sheet lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct InputInfo {
    /// The file name as given on the command line.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub rows_read: u64,
}

/// Issue numbers of the bulletin: 2024年第36期（总第86期）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueNumbers {
    pub year: i32,
    pub number: u32,
    pub total: u32,
}

/// Everything one run reports about one period.
#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    pub name: PeriodName,
    pub issue: IssueNumbers,
    /// The date printed in the 版记 ("2024年7月1日印发").
    pub print_date: NaiveDate,
    pub overview: Overview,
    /// 有效诉求 = 直接答复 + 工单转办.
    pub valid_total: u64,
    /// Every configured category (zeros included), by count, 其他类 last; shares of 有效诉求.
    pub categories: Vec<CountRow>,
    pub flow: Flow,
    /// Every lead department with dispatched orders, by count, ties in configured order then
    /// by name; shares of 派发工单.
    pub departments: Vec<CountRow>,
    pub department_stats: Vec<DepartmentStats>,
    pub hot_topics: Vec<HotTopic>,
    /// Flagged records received in the period.
    pub difficult_cases: Vec<CaseSummary>,
    /// Flagged records received before the period and still open at its end.
    pub pending_difficult: Vec<CaseSummary>,
    /// Orders open at the period's end: the ledger next week's run takes back.
    pub open_orders: Vec<OrderRow>,
    /// The period's records.
    pub period_orders: Vec<OrderRow>,
    /// Flagged records (this period's and pending ones).
    pub difficult_orders: Vec<OrderRow>,
    pub inputs: Vec<InputInfo>,
    pub diagnostics: Vec<Diagnostic>,
}

// ---------------------------------------------------------------------------------------------
// The one computation.

use foldhash::HashMap;

use crate::config::Config;
use crate::model::{Channel, Handling, Order};
use crate::reconcile::{Finish, Placement, Placements};

/// Shares of `counts` in hundredths of a percent, rounded by largest remainder so that they
/// sum to exactly 10,000 (100.00%) when the total is not zero. Ties in remainder go to the
/// earlier item.
pub fn shares(counts: &[u64]) -> Vec<Share> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![Share(0); counts.len()];
    }
    let mut floors: Vec<u64> = counts.iter().map(|c| c * 10_000 / total).collect();
    let mut short = 10_000 - floors.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i] * 10_000 % total));
    for i in order {
        if short == 0 {
            break;
        }
        if !(counts[i] * 10_000).is_multiple_of(total) {
            floors[i] += 1;
            short -= 1;
        }
    }
    floors.into_iter().map(|f| Share(f as u32)).collect()
}

/// |this - previous| / previous in hundredths of a percent, half up.
pub fn change(this: u64, previous: u64) -> Option<Change> {
    if previous == 0 {
        return None;
    }
    let diff = this.abs_diff(previous);
    let magnitude = (diff * 20_000 + previous) / (2 * previous);
    let direction = match this.cmp(&previous) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Less => Direction::Down,
        std::cmp::Ordering::Equal => Direction::Flat,
    };
    Some(Change {
        previous_total: previous,
        direction,
        magnitude: Share(u32::try_from(magnitude).unwrap_or(u32::MAX)),
    })
}

/// The group of a record received in the period, first match wins.
pub fn group_of(o: &Order) -> Group {
    match (o.channel, o.handling) {
        (Channel::GovWebsite, _) => Group::GovWebsite,
        (Channel::Provincial, _) => Group::Provincial,
        (Channel::WeChat, _) => Group::WeChat,
        (_, Handling::Invalid) => Group::Other,
        (_, Handling::Dispatch) => Group::Dispatch,
        (_, Handling::DirectAnswer) => Group::DirectAnswer,
    }
}

/// What the run knows besides the orders.
pub struct Context<'a> {
    pub config: &'a Config,
    pub issue: IssueNumbers,
    /// The previous period's 来电总量 and where it came from, when known.
    pub previous: Option<(u64, PreviousSource)>,
    pub inputs: Vec<InputInfo>,
    pub diagnostics: Vec<Diagnostic>,
}

fn rows_with_shares(items: Vec<(String, u64)>) -> Vec<CountRow> {
    let s = shares(&items.iter().map(|x| x.1).collect::<Vec<_>>());
    items
        .into_iter()
        .zip(s)
        .map(|((name, count), share)| CountRow { name, count, share })
        .collect()
}

/// Computes every figure of the period from the placed orders.
pub fn compute(orders: &[Order], placed: &Placements, ctx: Context<'_>) -> Report {
    let config = ctx.config;
    let period = placed.period;
    let mut diagnostics = ctx.diagnostics;
    diagnostics.extend(placed.diagnostics.iter().cloned());
    let pairs: Vec<(&Order, &Placement)> = orders.iter().zip(&placed.items).collect();
    let in_period: Vec<&(&Order, &Placement)> = pairs.iter().filter(|(_, p)| p.in_period).collect();

    // 总体概况.
    let group_counts: Vec<u64> = Group::ALL
        .iter()
        .map(|g| in_period.iter().filter(|(o, _)| group_of(o) == *g).count() as u64)
        .collect();
    let total: u64 = group_counts.iter().sum();
    let groups = Group::ALL
        .iter()
        .zip(&group_counts)
        .zip(shares(&group_counts))
        .map(|((g, c), s)| GroupRow {
            group: *g,
            count: *c,
            share: s,
        })
        .collect();
    let dispatch_group_finished = in_period
        .iter()
        .filter(|(o, p)| group_of(o) == Group::Dispatch && p.finished_in_period)
        .count() as u64;
    let (change, previous_source) = match ctx.previous {
        Some((prev, source)) => (change(total, prev), Some(source)),
        None => (None, None),
    };
    let overview = Overview {
        total,
        groups,
        dispatch_group_finished,
        change,
        previous_source,
    };

    // 诉求分类 over 有效诉求.
    let valid: Vec<&&(&Order, &Placement)> = in_period
        .iter()
        .filter(|(o, _)| matches!(group_of(o), Group::DirectAnswer | Group::Dispatch))
        .collect();
    let category_of = |o: &Order| -> Option<&str> {
        let c = o.category.as_deref()?;
        config
            .categories
            .iter()
            .find(|k| k.as_str() == c || k.strip_suffix('类') == Some(c))
            .map(String::as_str)
    };
    let mut by_category: HashMap<&str, u64> = HashMap::default();
    let mut unknown_categories: Vec<(String, u64)> = Vec::new();
    let mut missing = 0u64;
    for (o, _) in &valid {
        match (category_of(o), o.category.as_deref()) {
            (Some(k), _) => *by_category.entry(k).or_default() += 1,
            (None, None) => missing += 1,
            (None, Some(raw)) => {
                if raw != config.other_category {
                    match unknown_categories.iter_mut().find(|(n, _)| n == raw) {
                        Some(x) => x.1 += 1,
                        None => unknown_categories.push((raw.to_owned(), 1)),
                    }
                }
            }
        }
    }
    for (value, count) in unknown_categories {
        diagnostics.push(Diagnostic {
            location: crate::diag::Location::file("全部输入"),
            problem: crate::diag::Problem::UnknownCategory { value, count },
        });
    }
    if missing > 0 {
        diagnostics.push(Diagnostic {
            location: crate::diag::Location::file("全部输入"),
            problem: crate::diag::Problem::MissingCategory { count: missing },
        });
    }
    let valid_total = valid.len() as u64;
    let known_sum: u64 = by_category.values().sum();
    let mut cats: Vec<(usize, String, u64)> = config
        .categories
        .iter()
        .enumerate()
        .map(|(i, k)| {
            (
                i,
                k.clone(),
                by_category.get(k.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();
    cats.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut category_items: Vec<(String, u64)> =
        cats.iter().map(|(_, n, c)| (n.clone(), *c)).collect();
    category_items.push((config.other_category.clone(), valid_total - known_sum));
    let categories = rows_with_shares(category_items);

    // The flow of work orders.
    let count = |f: &dyn Fn(&Placement) -> bool| pairs.iter().filter(|(_, p)| f(p)).count() as u64;
    let flow = Flow {
        open_at_start: count(&|p| p.carried),
        dispatched: count(&|p| p.is_work_order() && p.in_period),
        dispatched_finished: count(&|p| p.is_work_order() && p.in_period && p.finished_in_period),
        carried_finished: count(&|p| p.carried && p.finished_in_period),
        carried_overdue: count(&|p| p.carried && p.overdue_at_end),
        open_at_end: count(&|p| p.open_at_end),
    };

    // 工单转办 by lead department.
    let rank = |name: &str| {
        config
            .department_order
            .iter()
            .position(|d| d == name)
            .unwrap_or(usize::MAX)
    };
    let mut by_dept: HashMap<&str, u64> = HashMap::default();
    for (_, p) in pairs.iter().filter(|(_, p)| p.in_period) {
        if let Some(lead) = p.lead() {
            *by_dept.entry(lead).or_default() += 1;
        }
    }
    let mut depts: Vec<(&str, u64)> = by_dept.into_iter().collect();
    depts.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(rank(a.0).cmp(&rank(b.0)))
            .then(a.0.cmp(b.0))
    });
    let departments = rows_with_shares(depts.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect());

    let department_stats = department_stats(&pairs, &depts, period, &rank);
    let hot_topics = hot_topics(&valid, &categories, config, &category_of);

    // Difficult cases and the detail sheets.
    let mask = config.report.mask_personal_data;
    let difficult_cases: Vec<CaseSummary> = in_period
        .iter()
        .filter(|(o, _)| o.difficult)
        .map(|(o, p)| case_summary(o, p, mask))
        .collect();
    let pending_difficult: Vec<CaseSummary> = pairs
        .iter()
        .filter(|(o, p)| o.difficult && p.carried && p.open_at_end)
        .map(|(o, p)| case_summary(o, p, mask))
        .collect();
    let row = |(o, p): &(&Order, &Placement)| order_row(o, p, period);
    let open_orders = pairs
        .iter()
        .filter(|(_, p)| p.open_at_end)
        .map(row)
        .collect();
    let period_orders = pairs.iter().filter(|(_, p)| p.in_period).map(row).collect();
    let difficult_orders = pairs
        .iter()
        .filter(|(o, p)| o.difficult && (p.in_period || (p.carried && p.open_at_end)))
        .map(row)
        .collect();

    let name = period.name();
    Report {
        period,
        name,
        issue: ctx.issue,
        print_date: config.office.print_date.unwrap_or(period.end),
        overview,
        valid_total,
        categories,
        flow,
        departments,
        department_stats,
        hot_topics,
        difficult_cases,
        pending_difficult,
        open_orders,
        period_orders,
        difficult_orders,
        inputs: ctx.inputs,
        diagnostics,
    }
}

fn department_stats(
    pairs: &[(&Order, &Placement)],
    ranked: &[(&str, u64)],
    period: Period,
    rank: &dyn Fn(&str) -> usize,
) -> Vec<DepartmentStats> {
    let mut names: Vec<&str> = ranked.iter().map(|x| x.0).collect();
    for (_, p) in pairs {
        if let Some(lead) = p.lead()
            && p.carried
            && !names.contains(&lead)
        {
            names.push(lead);
        }
    }
    let head = ranked.len();
    names[head..].sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    // Every figure below concerns orders dispatched in the period or carried into it; a
    // year of records holds far more of neither, so they are set aside once.
    let tracked: Vec<&(&Order, &Placement)> = pairs
        .iter()
        .filter(|(_, p)| p.in_period || p.carried)
        .collect();
    names
        .into_iter()
        .map(|name| {
            let mine: Vec<&(&Order, &Placement)> = tracked
                .iter()
                .copied()
                .filter(|(_, p)| p.lead() == Some(name))
                .collect();
            let n =
                |f: &dyn Fn(&Placement) -> bool| mine.iter().filter(|(_, p)| f(p)).count() as u64;
            let dispatched = n(&|p| p.in_period);
            let carried = n(&|p| p.carried);
            let finished: Vec<&&(&Order, &Placement)> =
                mine.iter().filter(|(_, p)| p.finished_in_period).collect();
            let on_time = finished
                .iter()
                .filter(|(o, p)| match (o.deadline, p.finish) {
                    (Some(d), Finish::At(f)) => f <= d,
                    _ => true,
                })
                .count() as u64;
            let timed: Vec<f64> = finished
                .iter()
                .filter_map(|(o, p)| match p.finish {
                    Finish::At(f) => Some((f - o.received).num_minutes() as f64 / 1440.0),
                    _ => None,
                })
                .collect();
            let rate = |num: u64, den: u64| {
                (den > 0).then(|| Share(((num * 20_000 + den) / (2 * den)) as u32))
            };
            let _ = period;
            DepartmentStats {
                name: name.to_owned(),
                dispatched,
                dispatched_finished: n(&|p| p.in_period && p.finished_in_period),
                carried,
                carried_finished: n(&|p| p.carried && p.finished_in_period),
                open_at_end: n(&|p| p.open_at_end),
                overdue_at_end: n(&|p| p.overdue_at_end),
                finish_rate: rate(finished.len() as u64, dispatched + carried),
                on_time_rate: rate(on_time, finished.len() as u64),
                average_days: (!timed.is_empty())
                    .then(|| timed.iter().sum::<f64>() / timed.len() as f64),
            }
        })
        .collect()
}

fn hot_topics<'o>(
    valid: &[&&(&'o Order, &Placement)],
    categories: &[CountRow],
    config: &Config,
    category_of: &dyn Fn(&'o Order) -> Option<&'o str>,
) -> Vec<HotTopic> {
    categories
        .iter()
        .filter(|c| c.name != config.other_category && c.count > 0)
        .take(config.report.hot_topics)
        .map(|c| {
            let mut subs: Vec<(String, u64)> = Vec::new();
            for (o, _) in valid.iter().map(|x| **x) {
                if category_of(o) != Some(c.name.as_str()) {
                    continue;
                }
                if let Some(s) = o.subcategory.as_deref() {
                    match subs.iter_mut().find(|(n, _)| n == s) {
                        Some(x) => x.1 += 1,
                        None => subs.push((s.to_owned(), 1)),
                    }
                }
            }
            subs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            HotTopic {
                category: c.name.clone(),
                count: c.count,
                subtopics: subs
                    .into_iter()
                    .take(config.report.hot_subtopics)
                    .map(|(name, count)| Subtopic { name, count })
                    .collect(),
            }
        })
        .collect()
}

fn clean_for_print(text: &str, caller: Option<&str>, mask: bool) -> String {
    let t = if mask {
        crate::privacy::mask(text, caller)
    } else {
        text.to_owned()
    };
    let t = t.split_whitespace().collect::<Vec<_>>().join("");
    t.trim_end_matches(['。', '，', '；', '、', '.', ',', ';', ' '])
        .to_owned()
}

fn case_summary(o: &Order, p: &Placement, mask: bool) -> CaseSummary {
    let caller = o.caller.as_deref();
    CaseSummary {
        id: o.id.clone(),
        heading: o
            .subcategory
            .as_deref()
            .or(o.category.as_deref())
            .unwrap_or("其他")
            .to_owned(),
        content: clean_for_print(o.content.as_deref().unwrap_or(""), caller, mask),
        departments: p.departments.to_vec(),
        progress: o
            .progress
            .as_deref()
            .map(|t| clean_for_print(t, caller, mask))
            .filter(|t| !t.is_empty()),
        received: o.received,
        week: Period::week_containing(o.received.date()).name(),
    }
}

fn order_row(o: &Order, p: &Placement, period: Period) -> OrderRow {
    let end = period.end_time();
    OrderRow {
        id: o.id.clone(),
        received: o.received,
        channel: o.channel.canonical().to_owned(),
        handling: o.handling.canonical().to_owned(),
        category: o.category.as_deref().map(str::to_owned),
        subcategory: o.subcategory.as_deref().map(str::to_owned),
        content: o.content.as_deref().map(str::to_owned),
        department: o.department.as_deref().map(str::to_owned),
        status: o.status_text.as_deref().map(str::to_owned),
        finished: o.finished,
        deadline: o.deadline,
        difficult: o.difficult,
        progress: o.progress.as_deref().map(str::to_owned),
        caller: o.caller.as_deref().map(str::to_owned),
        phone: o.phone.as_deref().map(str::to_owned),
        overdue: p.overdue_at_end,
        overdue_days: p
            .overdue_at_end
            .then(|| o.deadline.map(|d| (end - d).num_days()))
            .flatten(),
        first_week: o
            .first_week
            .as_deref()
            .map(str::to_owned)
            .unwrap_or_else(|| {
                Period::week_containing(o.received.date())
                    .name()
                    .to_string()
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(counts: &[u64], expected: &[u32]) {
        let s: Vec<u32> = shares(counts).into_iter().map(|s| s.0).collect();
        assert_eq!(s, expected);
        if counts.iter().sum::<u64>() > 0 {
            assert_eq!(s.iter().sum::<u32>(), 10_000);
        }
    }

    #[test]
    fn shares_sum_to_exactly_one_hundred() {
        // The reference week: 166/819 is 20.27% (the reference printed 20.26%).
        case(&[0, 6, 0, 634, 166, 13], &[0, 73, 0, 7741, 2027, 159]);
        case(&[1, 1, 1], &[3334, 3333, 3333]);
        case(&[0, 0], &[0, 0]);
        case(&[5], &[10_000]);
        case(
            &[1, 2, 3, 4, 5, 6, 7],
            &[357, 714, 1071, 1429, 1786, 2143, 2500],
        );
    }

    #[test]
    fn change_is_half_up() {
        let c = change(819, 733).unwrap();
        assert_eq!((c.direction, c.magnitude), (Direction::Up, Share(1173)));
        let c = change(733, 819).unwrap();
        assert_eq!((c.direction, c.magnitude), (Direction::Down, Share(1050)));
        // 1/8 = 12.5% exactly; 1/3 of a basis point rounds down, 2/3 up.
        assert_eq!(change(9, 8).unwrap().magnitude, Share(1250));
        assert_eq!(change(3, 3).unwrap().direction, Direction::Flat);
        assert!(change(5, 0).is_none());
    }
}
