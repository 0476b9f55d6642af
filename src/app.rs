//! Runs the subcommands: load the configuration, ingest, reconcile, report, render, write, and
//! print what was done. The only module that prints to the terminal.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{Local, NaiveDate};

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::diag::column_letters;
use crate::ingest::{self, Ingest, Retention, SheetOutcome};
use crate::model::Period;
use crate::output::{self, Pending};
use crate::progress::Display;
use crate::reconcile;
use crate::render::{self, format};
use crate::report::{self, InputInfo, IssueNumbers, PreviousSource, Report};

/// A mistake in how the command was called (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs one command.
///
/// # Errors
/// Any input, configuration or output problem, as a chain of Chinese messages.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let result = run_command(cli);
    // Nothing may still be freeing memory when the process ends: on Windows, a thread killed
    // at exit while it holds the heap's lock can hang the exit.
    join_background();
    result
}

fn run_command(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Config => {
            print!("{}", crate::config::DEFAULT_TOML);
            Ok(())
        }
        Command::Check { config, inputs } => {
            let config = Config::load(config.as_deref())?;
            render::text::Templates::new(&config)?;
            let counters = Arc::new(ingest::Progress::default());
            let display = Display::start(counters.clone(), inputs.len());
            let ingest = ingest::read_inputs(&inputs, &config, Retention::Nothing, &counters)?;
            drop(display);
            print!("{}", check_report(&ingest));
            Ok(())
        }
        Command::Build {
            config,
            week,
            out,
            force,
            issue,
            total_issue,
            inputs,
        } => {
            let config = Config::load(config.as_deref())?;
            let templates = render::text::Templates::new(&config)?;
            let period = match week {
                Some(w) => Period::week_containing(parse_day(&w)?),
                None => Period::last_complete_week(Local::now().date_naive()),
            };
            let issue = issue_numbers(&config, &period, issue, total_issue)?;
            let counters = Arc::new(ingest::Progress::default());
            let display = Display::start(counters.clone(), inputs.len());
            let ingest = ingest::read_inputs(&inputs, &config, Retention::For(period), &counters)?;
            display.phase("核对工单、计算数字");
            let report = build_report(&ingest, period, issue, &config)?;
            display.phase("生成汇总工作簿和专报");
            let bulletin = templates.bulletin(&report, &config)?;
            let docx = render::docx::render(&bulletin, &config.fonts).context("生成专报失败")?;
            let xlsx = render::xlsx::render(&report).context("生成汇总工作簿失败")?;
            display.phase("写出文件");
            let stem = format!("{}_{}", sanitize(&config.office.title), report.name);
            let docx_path = out.join(format!("{stem}.docx"));
            let xlsx_path = out.join(format!("{stem}_数据汇总.xlsx"));
            output::write_all(
                vec![
                    Pending {
                        path: xlsx_path.clone(),
                        bytes: xlsx,
                    },
                    Pending {
                        path: docx_path.clone(),
                        bytes: docx,
                    },
                ],
                &inputs,
                force,
            )?;
            // The progress line goes before the summary is printed, never across it.
            drop(display);
            print!(
                "{}",
                build_summary(&ingest, &report, &[xlsx_path, docx_path])
            );
            Ok(())
        }
    }
}

/// Threads freeing memory on the side, joined before the run ends.
static BACKGROUND: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Frees `x` on a thread of its own (a large workbook's shared strings are a million small
/// allocations), so that the work that follows need not wait; [`run`] joins it at the end.
pub(crate) fn drop_in_background<T: Send + 'static>(x: T) {
    let handle = std::thread::spawn(move || drop(x));
    if let Ok(mut pending) = BACKGROUND.lock() {
        pending.retain(|h| !h.is_finished());
        pending.push(handle);
    }
}

fn join_background() {
    let pending = match BACKGROUND.lock() {
        Ok(mut pending) => std::mem::take(&mut *pending),
        Err(_) => return,
    };
    for handle in pending {
        let _ = handle.join();
    }
}

/// A file name must not carry characters Windows refuses.
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if r#"\/:*?"<>|"#.contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn parse_day(text: &str) -> Result<NaiveDate, UsageError> {
    ingest::cells::parse_date_text(text.trim())
        .map(|t| t.date())
        .ok_or_else(|| {
            UsageError(format!(
                "--week 的值“{text}”不是日期，请写成 2024-06-24 这样的格式"
            ))
        })
}

/// The issue numbers of `period`: given, or advanced from the configured anchor.
///
/// # Errors
/// When the period lies before the anchor far enough that the numbers would fall below 1.
pub fn issue_numbers(
    config: &Config,
    period: &Period,
    issue: Option<u32>,
    total: Option<u32>,
) -> Result<IssueNumbers, UsageError> {
    let anchor = config.issue;
    let weeks = period.weeks_since(&anchor.week);
    let year = period.name().year;
    let total = match total {
        Some(t) => t,
        None => u32::try_from(i64::from(anchor.total) + weeks)
            .ok()
            .filter(|t| *t > 0)
            .ok_or_else(|| {
                UsageError(format!(
                    "按配置的期号基准推算，{} 的总期号小于 1；请用 --total-issue 指定",
                    period.name()
                ))
            })?,
    };
    let number = match issue {
        Some(n) => n,
        None => {
            let computed = if year == anchor.week.name().year {
                i64::from(anchor.number) + weeks
            } else {
                // The first week whose Sunday falls in the year is its week 1.
                let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("January 1st exists");
                period.weeks_since(&Period::week_containing(jan1)) + 1
            };
            u32::try_from(computed)
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    UsageError(format!(
                        "按配置的期号基准推算，{} 的期号小于 1；请用 --issue 指定",
                        period.name()
                    ))
                })?
        }
    };
    Ok(IssueNumbers {
        year,
        number,
        total,
    })
}

/// The week before `period`: its total from a workbook this tool wrote for it, else counted
/// from records when an input holds that week's calls (not only work orders).
fn previous_total(ingest: &Ingest, period: &Period) -> Option<(u64, PreviousSource)> {
    let prev = period.previous();
    if let Some((label, total)) = ingest
        .inputs
        .iter()
        .filter_map(|i| i.own.as_ref().map(|o| (i, o)))
        .find(|(_, o)| o.period_start == prev.start)
        .and_then(|(i, o)| o.total.map(|t| (i.label.clone(), t)))
    {
        return Some((total, PreviousSource::Workbook(label)));
    }
    let covered = ingest
        .orders
        .iter()
        .any(|o| prev.contains(o.received) && o.department.is_none());
    covered.then(|| {
        let n = ingest
            .orders
            .iter()
            .filter(|o| prev.contains(o.received))
            .count() as u64;
        (n, PreviousSource::Records)
    })
}

fn build_report(
    ingest: &Ingest,
    period: Period,
    issue: IssueNumbers,
    config: &Config,
) -> anyhow::Result<Report> {
    let placed = reconcile::place(&ingest.orders, period, config, |o| ingest.locate(o.row))?;
    let inputs = ingest
        .inputs
        .iter()
        .map(|i| InputInfo {
            path: i.label.clone(),
            bytes: i.bytes,
            sha256: i.sha256.clone(),
            rows_read: i.rows_read(),
        })
        .collect();
    let ctx = report::Context {
        config,
        issue,
        previous: previous_total(ingest, &period),
        inputs,
        diagnostics: ingest.diagnostics.clone(),
    };
    Ok(report::compute(&ingest.orders, &placed, ctx))
}

fn accounting_line(ingest: &Ingest) -> String {
    format!(
        "读取数据行 {} 行 = 工单 {} 件 + 合并的重复行 {} 行 + 跳过 {} 行",
        ingest.rows_read(),
        ingest.orders.len(),
        ingest.merged_repeats,
        ingest.skipped_rows()
    )
}

/// How many problems of one kind the terminal lists before summing the rest.
const MAX_LISTED_PER_KIND: usize = 50;

/// What `check` prints: each input and sheet, the column mapping, the counts, the problems.
pub fn check_report(ingest: &Ingest) -> String {
    let mut s = String::new();
    for (n, input) in ingest.inputs.iter().enumerate() {
        let _ = writeln!(
            s,
            "输入 {}：{}（{}，{} 字节）",
            n + 1,
            input.label,
            input.kind.label(),
            input.bytes
        );
        if let Some(own) = &input.own {
            let _ = writeln!(
                s,
                "  这是本工具生成的汇总工作簿（{} 那一周）：只读取“遗留工单”表作为上周遗留工单，并取其来电总量",
                Period::week_containing(own.period_start).name()
            );
        }
        let mut skipped_sheets = 0;
        for sheet in &input.sheets {
            match &sheet.outcome {
                SheetOutcome::Read(h) | SheetOutcome::Ledger(h) => {
                    let _ = writeln!(s, "  工作表“{}”：表头在第 {} 行", sheet.name, h.row);
                    let mapping: Vec<String> = h
                        .matched
                        .iter()
                        .map(|(f, c, name)| {
                            if name == f.name() {
                                format!("{}列 {}", column_letters(*c), name)
                            } else {
                                format!("{}列 {} → {}", column_letters(*c), name, f.name())
                            }
                        })
                        .collect();
                    let _ = writeln!(s, "    列对应：{}", mapping.join("；"));
                    for choice in &h.choices {
                        let _ = writeln!(
                            s,
                            "    多列都可作为{}：采用“{}”，未用“{}”",
                            choice.field,
                            choice.chosen,
                            choice.ignored.join("”“")
                        );
                    }
                    if !h.unknown.is_empty() {
                        let _ = writeln!(s, "    未使用的列：{}", h.unknown.join("、"));
                    }
                    let c = &sheet.counts;
                    let _ = writeln!(
                        s,
                        "    数据行 {} 行：可用 {} 行，跳过 {} 行",
                        c.rows_read, c.records, c.skipped
                    );
                    if let Some(declared) = c.declared_rows
                        && u64::from(declared) > c.rows_read + u64::from(h.row) + 100
                    {
                        let _ = writeln!(
                            s,
                            "    工作表声明有 {declared} 行，其余都是空行（只有格式），已忽略"
                        );
                    }
                    if c.text_dates > 0 && c.cell_dates > 0 {
                        let _ = writeln!(
                            s,
                            "    来电时间列混有文字日期 {} 个和日期单元格 {} 个，均已识别",
                            c.text_dates, c.cell_dates
                        );
                    }
                    if c.trimmed > 0 {
                        let _ = writeln!(
                            s,
                            "    {} 个单元格首尾带有空格、换行或制表符，已去除",
                            c.trimmed
                        );
                    }
                }
                SheetOutcome::OwnSummary => {}
                SheetOutcome::NoHeader(p) => {
                    skipped_sheets += 1;
                    if skipped_sheets <= 10 {
                        let _ = writeln!(s, "  工作表“{}”：已跳过，{p}", sheet.name);
                    }
                }
            }
        }
        if skipped_sheets > 10 {
            let _ = writeln!(s, "  另有 {} 个工作表没有表头，已跳过", skipped_sheets - 10);
        }
    }
    let _ = writeln!(s, "合并后共有不同的工单 {} 件", ingest.orders.len());
    let _ = writeln!(s, "{}", accounting_line(ingest));
    s.push_str(&problems_text(&ingest.diagnostics));
    s
}

fn problems_text(diags: &[crate::diag::Diagnostic]) -> String {
    let mut s = String::new();
    if diags.is_empty() {
        s.push_str("数据问题：无\n");
        return s;
    }
    let _ = writeln!(s, "数据问题（共 {} 条）：", diags.len());
    let kinds: BTreeSet<&str> = diags.iter().map(|d| d.problem.kind()).collect();
    for kind in kinds {
        let of_kind: Vec<_> = diags.iter().filter(|d| d.problem.kind() == kind).collect();
        let _ = writeln!(s, "  【{kind}】{} 条", of_kind.len());
        for d in of_kind.iter().take(MAX_LISTED_PER_KIND) {
            let _ = writeln!(s, "    {d}");
        }
        if of_kind.len() > MAX_LISTED_PER_KIND {
            let _ = writeln!(
                s,
                "    …… 其余 {} 条未列出（build 生成的汇总工作簿“数据问题”表中有全部）",
                of_kind.len() - MAX_LISTED_PER_KIND
            );
        }
    }
    s
}

/// What `build` prints: the key figures as a short table, the accounting, the paths.
pub fn build_summary(ingest: &Ingest, r: &Report, paths: &[PathBuf]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}（{}）", r.name, format::period_span_hours(&r.period));
    let _ = writeln!(
        s,
        "{}",
        format::issue_line(r.issue.year, r.issue.number, r.issue.total)
    );
    let o = &r.overview;
    let change = match &o.change {
        Some(c) => format!(
            "较上周（{} 件）{}{}",
            c.previous_total,
            c.direction.label(),
            format::percent(c.magnitude)
        ),
        None => "上周来电总量未知，不计算环比".into(),
    };
    let _ = writeln!(s, "  {:<10}{:>8} 件  {change}", "来电总量", o.total);
    for g in &o.groups {
        let _ = writeln!(
            s,
            "  {:<10}{:>8} 件  {}",
            g.group.label(),
            g.count,
            format::percent(g.share)
        );
    }
    let f = &r.flow;
    for (label, n) in [
        ("有效诉求", r.valid_total),
        ("派发工单", f.dispatched),
        ("派发工单办结", f.dispatched_finished),
        ("工单转办已办结", o.dispatch_group_finished),
        ("办结上周遗留", f.carried_finished),
        ("遗留超期工单", f.carried_overdue),
    ] {
        let _ = writeln!(s, "  {label:<10}{n:>8} 件");
    }
    let _ = writeln!(
        s,
        "工单守恒：期初未办结 {} + 本周派发 {} = 本周办结 {} + 期末未办结 {}",
        f.open_at_start,
        f.dispatched,
        f.finished(),
        f.open_at_end
    );
    let _ = writeln!(s, "{}", accounting_line(ingest));
    if !r.diagnostics.is_empty() {
        let _ = writeln!(
            s,
            "数据问题 {} 条，详见汇总工作簿“数据问题”表（运行 check 可在屏幕上查看）",
            r.diagnostics.len()
        );
    }
    let _ = writeln!(s, "已生成：");
    for p in paths {
        let _ = writeln!(s, "  {}", p.display());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(anchor: &str, number: u32, total: u32) -> Config {
        let text = format!("[issue]\nanchor_week = {anchor}\nnumber = {number}\ntotal = {total}\n");
        Config::from_sources(Some(("t.toml", &text))).unwrap()
    }

    #[track_caller]
    fn case(c: &Config, day: &str, expected: (i32, u32, u32)) {
        let p = Period::week_containing(NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap());
        let n = issue_numbers(c, &p, None, None).unwrap();
        assert_eq!((n.year, n.number, n.total), expected, "{day}");
    }

    #[test]
    fn issue_numbers_advance_weekly_and_restart_each_year() {
        let c = config("2024-06-24", 36, 86);
        case(&c, "2024-06-24", (2024, 36, 86));
        case(&c, "2024-07-03", (2024, 37, 87));
        case(&c, "2024-06-17", (2024, 35, 85));
        // The week of 2024-12-23 ends on Sunday the 29th: still 2024.
        case(&c, "2024-12-23", (2024, 62, 112));
        // The week of 2024-12-30 ends on Sunday 2025-01-05: the first issue of 2025.
        case(&c, "2024-12-30", (2025, 1, 113));
        case(&c, "2025-01-06", (2025, 2, 114));
        // Flags win.
        let p = Period::week_containing(NaiveDate::from_ymd_opt(2024, 6, 24).unwrap());
        let n = issue_numbers(&c, &p, Some(7), Some(70)).unwrap();
        assert_eq!((n.number, n.total), (7, 70));
        // Before the anchor far enough to fall below 1: a usage error.
        assert!(
            issue_numbers(
                &c,
                &Period::week_containing(NaiveDate::from_ymd_opt(2022, 1, 3).unwrap()),
                None,
                None
            )
            .is_err()
        );
    }
}
