//! Numbers, percentages and dates formatted in one place: the workbook, the bulletin and the
//! terminal all call these, so they cannot disagree.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::model::Period;
use crate::report::Share;

/// "20.27%".
pub fn percent(share: Share) -> String {
    format!("{}.{:02}%", share.0 / 100, share.0 % 100)
}

/// "2024年7月1日".
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// "2024-06-24": the form the workbook's 说明 sheet stores the period in (the ledger reads it back).
pub fn date_plain(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "2024-06-24 10:23" (seconds shown only when not zero), the form staff type into Excel.
pub fn datetime_plain(t: NaiveDateTime) -> String {
    if t.second() == 0 {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// The period as the overview sentence prints it: "2024年6月24日0时至6月30日24时"
/// (the year of the last day is repeated only when it differs).
pub fn period_span_hours(p: &Period) -> String {
    let (a, b) = (p.start, p.last_day());
    if a.year() == b.year() {
        format!("{}0时至{}月{}日24时", date_cn(a), b.month(), b.day())
    } else {
        format!("{}0时至{}24时", date_cn(a), date_cn(b))
    }
}

/// The period as the table captions print it: "2024年6月24日至6月30日".
pub fn period_span_days(p: &Period) -> String {
    let (a, b) = (p.start, p.last_day());
    if a.year() == b.year() {
        format!("{}至{}月{}日", date_cn(a), b.month(), b.day())
    } else {
        format!("{}至{}", date_cn(a), date_cn(b))
    }
}

/// "2024年第36期（总第86期）".
pub fn issue_line(year: i32, number: u32, total: u32) -> String {
    format!("{year}年第{number}期（总第{total}期）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(basis_points: u32, text: &str) {
        assert_eq!(percent(Share(basis_points)), text);
    }

    #[test]
    fn percent_has_two_decimals() {
        case(2027, "20.27%");
        case(73, "0.73%");
        case(5, "0.05%");
        case(0, "0.00%");
        case(10_000, "100.00%");
    }

    #[test]
    fn spans_print_like_the_reference() {
        let p = Period::week_containing(NaiveDate::from_ymd_opt(2024, 6, 26).unwrap());
        assert_eq!(period_span_hours(&p), "2024年6月24日0时至6月30日24时");
        assert_eq!(period_span_days(&p), "2024年6月24日至6月30日");
        let q = Period::week_containing(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
        assert_eq!(period_span_days(&q), "2024年12月30日至2025年1月5日");
        assert_eq!(date_plain(p.start), "2024-06-24");
        assert_eq!(date_plain(q.last_day()), "2025-01-05");
    }
}
