//! Pure: places every merged order in the period: received in it or carried over from before,
//! finished in it, still open at its end, overdue. Every figure in `report` counts these
//! placements, never the raw fields.

use foldhash::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::diag::{Diagnostic, Location, Problem};
use crate::model::{Order, Period, Status};

/// When an order was finished, as far as the records tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// At this time (a 办结时间 earlier than the 来电时间 is taken as the 来电时间).
    At(NaiveDateTime),
    /// 已办结 without a time, from before the period (received before it, not on a ledger).
    BeforeStart,
    /// 已办结 without a time, during the period (received in it, or open on last week's ledger).
    InPeriod,
    /// Not finished.
    Never,
}

/// One order's place in the period.
#[derive(Debug, Clone)]
pub struct Placement {
    /// Departments named by 承办单位, aliases applied, lead first. Empty: not a work order.
    /// Shared between the orders with the same 承办单位 text.
    pub departments: Arc<[String]>,
    /// Received inside the period.
    pub in_period: bool,
    /// A work order received before the period and not finished before it.
    pub carried: bool,
    /// A work order (carried or received in the period) finished inside the period.
    pub finished_in_period: bool,
    /// A work order (carried or received in the period) not finished by the period's end.
    pub open_at_end: bool,
    /// Open at the end with a 办理时限 before the end.
    pub overdue_at_end: bool,
    pub finish: Finish,
}

impl Placement {
    pub fn is_work_order(&self) -> bool {
        !self.departments.is_empty()
    }

    pub fn lead(&self) -> Option<&str> {
        self.departments.first().map(String::as_str)
    }
}

/// Every order placed, in the order of `orders`, with the problems found on the way.
#[derive(Debug, Clone)]
pub struct Placements {
    pub period: Period,
    pub items: Vec<Placement>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The unit names a department ends with; two such names joined by 和 are two departments.
const UNIT_SUFFIXES: [&str; 18] = [
    "局",
    "委",
    "办",
    "委员会",
    "中心",
    "公司",
    "政府",
    "办事处",
    "镇",
    "乡",
    "院",
    "所",
    "队",
    "站",
    "处",
    "部",
    "管委会",
    "厅",
];

fn is_unit_name(s: &str, config: &Config) -> bool {
    config.department_order.iter().any(|d| d == s)
        || config.department_aliases.contains_key(s)
        || config.department_aliases.values().any(|d| d == s)
        || UNIT_SUFFIXES.iter().any(|x| s.ends_with(x))
}

/// Splits a 承办单位 cell into departments: by 、，,；;/ and by 和 where it joins two unit
/// names ("东城区行政委员会和格尔木市供电公司"), but not inside one ("市住房和城乡建设局").
pub fn split_departments(raw: &str, config: &Config) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split(['、', '，', ',', '；', ';', '/', '／', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        for piece in split_on_and(part, config) {
            let name = config
                .department_aliases
                .get(piece)
                .map_or(piece, String::as_str)
                .to_owned();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn split_on_and<'a>(part: &'a str, config: &Config) -> Vec<&'a str> {
    if is_known(part, config) {
        return vec![part];
    }
    for (i, _) in part.match_indices('和') {
        let (left, right) = (&part[..i], &part[i + '和'.len_utf8()..]);
        if left.is_empty() || right.is_empty() {
            continue;
        }
        if is_unit_name(left, config) {
            let rest = split_on_and(right, config);
            if rest.iter().all(|r| is_unit_name(r, config)) {
                let mut v = vec![left];
                v.extend(rest);
                return v;
            }
        }
    }
    vec![part]
}

fn is_known(s: &str, config: &Config) -> bool {
    config.department_order.iter().any(|d| d == s) || config.department_aliases.contains_key(s)
}

/// Places every order in `period`.
///
/// # Errors
/// Never for data; a broken conservation of orders is a bug and is returned as `Err`.
///
/// `locate` says where an order's row is, for the problems found here.
pub fn place(
    orders: &[Order],
    period: Period,
    config: &Config,
    locate: impl Fn(&Order) -> Location,
) -> Result<Placements, ConservationError> {
    let (start, end) = (period.start_time(), period.end_time());
    let mut diagnostics = Vec::new();
    let mut items = Vec::with_capacity(orders.len());
    // A year of orders names a few hundred distinct 承办单位 texts: split each once.
    let mut splits: HashMap<&str, Arc<[String]>> = HashMap::default();
    let none: Arc<[String]> = Arc::from([]);
    for o in orders {
        let departments = match o.department.as_deref() {
            Some(d) => splits
                .entry(d)
                .or_insert_with(|| split_departments(d, config).into())
                .clone(),
            None => none.clone(),
        };
        let finish = match (o.finished, o.status) {
            (Some(f), status) => {
                // 办结时间 before 来电时间 was reported by ingest at its cell; here the order
                // simply counts as finished when received.
                if status == Some(Status::Open) && o.received < end {
                    diagnostics.push(Diagnostic {
                        location: locate(o),
                        problem: Problem::TimeButOpenStatus {
                            id: o.id.clone(),
                            status: o.status_text.as_deref().unwrap_or("").to_owned(),
                        },
                    });
                }
                Finish::At(f.max(o.received))
            }
            (None, Some(Status::Finished)) => {
                if !departments.is_empty() && o.received < end {
                    diagnostics.push(Diagnostic {
                        location: locate(o),
                        problem: Problem::FinishedWithoutTime { id: o.id.clone() },
                    });
                }
                if o.received >= start || o.from_ledger {
                    Finish::InPeriod
                } else {
                    Finish::BeforeStart
                }
            }
            (None, _) => Finish::Never,
        };
        let closed_before = |t: NaiveDateTime| match finish {
            Finish::At(f) => f < t,
            Finish::BeforeStart => true,
            Finish::InPeriod => t >= end,
            Finish::Never => false,
        };
        let work = !departments.is_empty();
        let in_period = period.contains(o.received);
        let carried = work && o.received < start && !closed_before(start);
        let tracked = carried || (work && in_period);
        let open_at_end = tracked && !closed_before(end);
        let finished_in_period = tracked && !open_at_end;
        let overdue_at_end = open_at_end && o.deadline.is_some_and(|d| d < end);
        items.push(Placement {
            departments,
            in_period,
            carried,
            finished_in_period,
            open_at_end,
            overdue_at_end,
            finish,
        });
    }
    let placements = Placements {
        period,
        items,
        diagnostics,
    };
    placements.check_conservation()?;
    Ok(placements)
}

/// Orders open at the start + dispatched in the period != finished in it + open at its end.
#[derive(Debug, thiserror::Error)]
#[error(
    "内部错误：工单数量不守恒（期初未办结 {open_at_start} + 本期派发 {dispatched} ≠ 本期办结 {finished} + 期末未办结 {open_at_end}），请把输入文件发给开发人员"
)]
pub struct ConservationError {
    pub open_at_start: u64,
    pub dispatched: u64,
    pub finished: u64,
    pub open_at_end: u64,
}

impl Placements {
    /// Counts each side from the placements independently and compares.
    fn check_conservation(&self) -> Result<(), ConservationError> {
        let count =
            |f: &dyn Fn(&Placement) -> bool| self.items.iter().filter(|p| f(p)).count() as u64;
        let open_at_start = count(&|p| p.carried);
        let dispatched = count(&|p| p.is_work_order() && p.in_period);
        let finished = count(&|p| p.finished_in_period);
        let open_at_end = count(&|p| p.open_at_end);
        if open_at_start + dispatched == finished + open_at_end {
            Ok(())
        } else {
            Err(ConservationError {
                open_at_start,
                dispatched,
                finished,
                open_at_end,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Handling, OrderId};
    use chrono::NaiveDate;

    fn t(m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn order(id: &str, received: NaiveDateTime, dept: Option<&str>) -> Order {
        Order {
            id: OrderId(id.into()),
            received,
            channel: Channel::Hotline,
            handling: Handling::Dispatch,
            category: None,
            subcategory: None,
            content: None,
            department: dept.map(Into::into),
            status_text: None,
            status: None,
            finished: None,
            deadline: None,
            difficult: false,
            progress: None,
            caller: None,
            phone: None,
            from_ledger: false,
            first_week: None,
            row: Default::default(),
        }
    }

    fn week() -> Period {
        Period::week_containing(NaiveDate::from_ymd_opt(2024, 6, 24).unwrap())
    }

    #[track_caller]
    fn case(o: Order, carried: bool, finished: bool, open: bool, overdue: bool) {
        let p = place(&[o], week(), &Config::builtin(), |_| Location::default()).unwrap();
        let x = &p.items[0];
        assert_eq!(
            (
                x.carried,
                x.finished_in_period,
                x.open_at_end,
                x.overdue_at_end
            ),
            (carried, finished, open, overdue)
        );
    }

    #[test]
    fn placements_follow_the_definitions() {
        let dept = Some("市公安局");
        // Received in the period, finished in it.
        let mut o = order("a", t(6, 25, 9), dept);
        o.finished = Some(t(6, 27, 9));
        case(o, false, true, false, false);
        // Finished after the period's end (the Monday export): still open at the end.
        let mut o = order("b", t(6, 25, 9), dept);
        o.finished = Some(t(7, 1, 8));
        o.deadline = Some(t(6, 30, 0));
        case(o, false, false, true, true);
        // Carried over and finished in the period.
        let mut o = order("c", t(6, 20, 9), dept);
        o.finished = Some(t(6, 24, 0));
        case(o, true, true, false, false);
        // Finished before the period: not carried.
        let mut o = order("d", t(6, 20, 9), dept);
        o.finished = Some(t(6, 23, 23));
        case(o, false, false, false, false);
        // Carried, open, deadline before the end: overdue.
        let mut o = order("e", t(6, 10, 9), dept);
        o.deadline = Some(t(6, 30, 23));
        case(o, true, false, true, true);
        // Deadline exactly at the end is not before it.
        let mut o = order("f", t(6, 10, 9), dept);
        o.deadline = Some(t(7, 1, 0));
        case(o, true, false, true, false);
        // No department: not a work order at all.
        case(order("g", t(6, 25, 9), None), false, false, false, false);
        // 已办结 without time: from before the period, it finished before it.
        let mut o = order("h", t(6, 10, 9), dept);
        o.status = Some(Status::Finished);
        case(o, false, false, false, false);
        // ... but on last week's ledger it was open at the start, so it finished in the period.
        let mut o = order("i", t(6, 10, 9), dept);
        o.status = Some(Status::Finished);
        o.from_ledger = true;
        case(o, true, true, false, false);
        // Received in the period with a 办结时间 before the 来电时间: finished in the period.
        let mut o = order("j", t(6, 25, 9), dept);
        o.finished = Some(t(6, 1, 9));
        case(o, false, true, false, false);
    }

    #[test]
    fn departments_split_on_separators_and_between_units() {
        let mut c = Config::builtin();
        c.department_order = vec!["东城区行政委员会".into(), "格尔木市供电公司".into()];
        let split = |s: &str| split_departments(s, &c);
        assert_eq!(
            split("东城区行政委员会和格尔木市供电公司"),
            vec!["东城区行政委员会", "格尔木市供电公司"]
        );
        assert_eq!(split("市住房和城乡建设局"), vec!["市住房和城乡建设局"]);
        assert_eq!(
            split("住建局、市公安局"),
            vec!["市住房和城乡建设局", "市公安局"]
        );
        assert_eq!(
            split("市城市管理局和交通运输局"),
            vec!["市城市管理局", "交通运输局"]
        );
        assert_eq!(split("市公安局；市公安局"), vec!["市公安局"]);
        assert_eq!(
            split("市人力资源和社会保障局/市财政局"),
            vec!["市人力资源和社会保障局", "市财政局"]
        );
    }
}
