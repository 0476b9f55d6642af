//! The domain model every later stage reads: work orders with typed fields, their ids,
//! channels, handling modes and statuses, and the reporting period.

use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

/// An interned short text (a category, a department, a status as written).
/// Repeated values share one allocation, which keeps a year of records small.
pub type Sym = Arc<str>;

/// 工单编号: the key records are merged on across inputs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderId(pub Box<str>);

impl OrderId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 来源渠道, after value aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Channel {
    /// 12345热线 (also 电话; the default when the column is empty or absent).
    #[default]
    Hotline,
    /// 中国政府网转办.
    GovWebsite,
    /// 省州系统转办.
    Provincial,
    /// 微信端转办.
    WeChat,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Hotline,
        Channel::GovWebsite,
        Channel::Provincial,
        Channel::WeChat,
    ];

    /// The canonical value as the configuration and the workbook write it.
    pub fn canonical(self) -> &'static str {
        match self {
            Channel::Hotline => "12345热线",
            Channel::GovWebsite => "中国政府网",
            Channel::Provincial => "省州系统",
            Channel::WeChat => "微信",
        }
    }
}

/// 办理方式, after value aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Handling {
    /// 直接答复 (the default when the column is empty or absent).
    #[default]
    DirectAnswer,
    /// 工单转办: a work order is dispatched to a department.
    Dispatch,
    /// 无效来电: invalid, nuisance or test calls (其他电话).
    Invalid,
}

impl Handling {
    pub const ALL: [Handling; 3] = [
        Handling::DirectAnswer,
        Handling::Dispatch,
        Handling::Invalid,
    ];

    pub fn canonical(self) -> &'static str {
        match self {
            Handling::DirectAnswer => "直接答复",
            Handling::Dispatch => "工单转办",
            Handling::Invalid => "无效来电",
        }
    }
}

/// 办理状态: 已办结 and its aliases are finished, anything else is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Finished,
    Open,
}

/// A row of an input: indices into the run's inputs and their sheets, and the 1-based row as
/// Excel shows it. `ingest::Ingest::locate` turns it into a `Location` for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowRef {
    pub input: u32,
    pub sheet: u32,
    pub row: u32,
}

/// One merged work order (or call record) after ingest.
///
/// Only `id` and `received` are required; every other field is what the inputs said, merged
/// field by field (a later input's non-empty value wins).
#[derive(Debug, Clone)]
pub struct Order {
    pub id: OrderId,
    /// 来电时间.
    pub received: NaiveDateTime,
    pub channel: Channel,
    pub handling: Handling,
    /// 一级分类 as written (trimmed); mapped onto the configured list by `report`.
    pub category: Option<Sym>,
    /// 二级分类.
    pub subcategory: Option<Sym>,
    /// 诉求内容. Dropped at ingest for records no output needs (see `ingest::Retention`).
    pub content: Option<Box<str>>,
    /// 承办单位 as written; split into departments by `reconcile`.
    pub department: Option<Sym>,
    /// 办理状态 as written, and what it means.
    pub status_text: Option<Sym>,
    pub status: Option<Status>,
    /// 办结时间.
    pub finished: Option<NaiveDateTime>,
    /// 办理时限.
    pub deadline: Option<NaiveDateTime>,
    /// 疑难标记.
    pub difficult: bool,
    /// 办理情况: the latest progress note.
    pub progress: Option<Box<str>>,
    /// 来电人: kept for the workbook, never printed in the bulletin.
    pub caller: Option<Box<str>>,
    /// 联系电话: kept for the workbook, never printed in the bulletin.
    pub phone: Option<Box<str>>,
    /// The order came from a ledger (遗留工单) this tool wrote: it was open at that week's end.
    pub from_ledger: bool,
    /// The week the order first appeared, as the ledger recorded it (else derived from `received`).
    pub first_week: Option<Sym>,
    /// The row merged last into this order (a later input updates an earlier one): where a
    /// problem found after ingest is shown.
    pub row: RowRef,
}

/// A reporting period: a half-open range of days [start, end).
///
/// Only weeks exist today; months, quarters and years will be further kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    /// First day, 00:00 inclusive.
    pub start: NaiveDate,
    /// Day after the last day, 00:00 exclusive.
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Week,
}

impl Period {
    /// The Monday-to-Sunday week containing `day`.
    pub fn week_containing(day: NaiveDate) -> Period {
        let start = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        Period {
            kind: PeriodKind::Week,
            start,
            end: start + Duration::days(7),
        }
    }

    /// The last complete week strictly before `today`.
    pub fn last_complete_week(today: NaiveDate) -> Period {
        Period::week_containing(today).previous()
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Week => Period::week_containing(self.start - Duration::days(7)),
        }
    }

    pub fn next(&self) -> Period {
        match self.kind {
            PeriodKind::Week => Period::week_containing(self.end),
        }
    }

    /// The last day inside the period.
    pub fn last_day(&self) -> NaiveDate {
        self.end - Duration::days(1)
    }

    pub fn start_time(&self) -> NaiveDateTime {
        self.start.and_hms_opt(0, 0, 0).expect("midnight exists")
    }

    pub fn end_time(&self) -> NaiveDateTime {
        self.end.and_hms_opt(0, 0, 0).expect("midnight exists")
    }

    pub fn contains(&self, t: NaiveDateTime) -> bool {
        t >= self.start_time() && t < self.end_time()
    }

    /// The week's name: the month of its Sunday, numbered by that Sunday, ceil(day / 7).
    pub fn name(&self) -> PeriodName {
        let sunday = self.last_day();
        debug_assert_eq!(sunday.weekday(), Weekday::Sun);
        PeriodName {
            year: sunday.year(),
            month: sunday.month(),
            week: sunday.day().div_ceil(7),
        }
    }

    /// Whole weeks from `other` to `self` (positive when `self` is later).
    pub fn weeks_since(&self, other: &Period) -> i64 {
        (self.start - other.start).num_days().div_euclid(7)
    }
}

/// "2024年6月第5周".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodName {
    pub year: i32,
    pub month: u32,
    pub week: u32,
}

impl fmt::Display for PeriodName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月第{}周", self.year, self.month, self.week)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[track_caller]
    fn case(any_day: NaiveDate, start: NaiveDate, name: &str) {
        let p = Period::week_containing(any_day);
        assert_eq!(p.start, start);
        assert_eq!(p.end - p.start, Duration::days(7));
        assert_eq!(p.name().to_string(), name);
    }

    #[test]
    fn week_names_follow_the_sunday() {
        case(d(2024, 6, 24), d(2024, 6, 24), "2024年6月第5周");
        case(d(2024, 6, 30), d(2024, 6, 24), "2024年6月第5周");
        case(d(2024, 6, 19), d(2024, 6, 17), "2024年6月第4周");
        case(d(2025, 4, 2), d(2025, 3, 31), "2025年4月第1周");
        case(d(2024, 12, 31), d(2024, 12, 30), "2025年1月第1周");
    }

    #[test]
    fn last_complete_week_is_before_today() {
        // Monday: the week that just ended.
        assert_eq!(
            Period::last_complete_week(d(2024, 7, 1)).start,
            d(2024, 6, 24)
        );
        // Sunday: the week in progress is not complete.
        assert_eq!(
            Period::last_complete_week(d(2024, 6, 30)).start,
            d(2024, 6, 17)
        );
    }

    #[test]
    fn contains_is_half_open() {
        let p = Period::week_containing(d(2024, 6, 24));
        assert!(p.contains(d(2024, 6, 24).and_hms_opt(0, 0, 0).unwrap()));
        assert!(p.contains(d(2024, 6, 30).and_hms_opt(23, 59, 59).unwrap()));
        assert!(!p.contains(d(2024, 7, 1).and_hms_opt(0, 0, 0).unwrap()));
    }
}

/// The canonical fields an input column can map to (the Chinese names are the interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Received,
    Channel,
    Handling,
    Category,
    Subcategory,
    Content,
    Department,
    Status,
    Finished,
    Deadline,
    Difficult,
    Progress,
    Caller,
    Phone,
}

impl Field {
    pub const ALL: [Field; 15] = [
        Field::Id,
        Field::Received,
        Field::Channel,
        Field::Handling,
        Field::Category,
        Field::Subcategory,
        Field::Content,
        Field::Department,
        Field::Status,
        Field::Finished,
        Field::Deadline,
        Field::Difficult,
        Field::Progress,
        Field::Caller,
        Field::Phone,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "工单编号",
            Field::Received => "来电时间",
            Field::Channel => "来源渠道",
            Field::Handling => "办理方式",
            Field::Category => "一级分类",
            Field::Subcategory => "二级分类",
            Field::Content => "诉求内容",
            Field::Department => "承办单位",
            Field::Status => "办理状态",
            Field::Finished => "办结时间",
            Field::Deadline => "办理时限",
            Field::Difficult => "疑难标记",
            Field::Progress => "办理情况",
            Field::Caller => "来电人",
            Field::Phone => "联系电话",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn required(self) -> bool {
        matches!(self, Field::Id | Field::Received)
    }

    pub fn is_date(self) -> bool {
        matches!(self, Field::Received | Field::Finished | Field::Deadline)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
