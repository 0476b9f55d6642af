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
