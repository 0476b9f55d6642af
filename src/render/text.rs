//! The bulletin's wording: the report becomes a sequence of blocks (headings, paragraphs,
//! tables) through templates an office can override. `docx` lays these blocks out.

/// The whole bulletin as text, ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    /// The red masthead, one string per line ("格尔木12345政务服务便民热线", "工作专报").
    pub masthead: Vec<String>,
    /// "2024年第36期（总第86期）".
    pub issue_line: String,
    /// "格尔木市人民政府办公室" (left, above the red rule).
    pub issuing_office: String,
    /// "格尔木市12345政务服务便民热线周报".
    pub title: String,
    /// "（2024年6月第5周）".
    pub subtitle: String,
    pub body: Vec<Block>,
    /// 抄送 lines, each already ending with 。; the first is printed after "抄送：".
    pub cc: Vec<String>,
    /// "格尔木市12345政务服务便民热线".
    pub printing_office: String,
    /// "2024年7月1日印发".
    pub print_date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// "一、总体情况" in 黑体.
    Heading1(String),
    /// A body paragraph, indented two characters. `lead` is a run-in heading in 楷体
    /// ("（一）诉求分类。") printed before `text` in the same paragraph.
    Paragraph {
        lead: Option<String>,
        text: String,
    },
    Table(Table),
}

/// A real table: caption centred above, bold header row, full borders.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (they are scaled to the text block).
    pub widths: Vec<u32>,
}

use std::collections::{BTreeMap, BTreeSet};

use minijinja::{Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

use crate::config::Config;
use crate::render::format;
use crate::report::{CaseSummary, CountRow, Group, Report};

/// Where a template was written: a line of the user's configuration file, or built in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenAt(pub Option<(String, usize)>);

impl std::fmt::Display for WrittenAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some((file, line)) => write!(f, "配置文件 {file} 第 {line} 行："),
            None => Ok(()),
        }
    }
}

/// A template that cannot be used: where it is written, its name, its line, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "{at}模板 {name} 第 {line} 行：语法错误（{detail}）；请检查 {{{{ }}}} 与 {{% %}} 是否成对、引号是否闭合"
    )]
    Syntax {
        at: WrittenAt,
        name: String,
        line: usize,
        detail: String,
    },
    #[error("{at}模板 {name} 第 {line} 行：没有名为“{value}”的值；可用的值：{known}")]
    UnknownValue {
        at: WrittenAt,
        name: String,
        line: usize,
        value: String,
        known: String,
    },
    #[error("{at}模板 {name}：没有这个模板名；可用的模板：{known}")]
    UnknownTemplate {
        at: WrittenAt,
        name: String,
        known: String,
    },
    #[error("{at}模板 {name} 第 {line} 行：无法生成（{detail}）")]
    Render {
        at: WrittenAt,
        name: String,
        line: usize,
        detail: String,
    },
}

/// Chinese ordinal for （一）（二）…: 1..=99.
pub fn cn_index(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// "甲", "甲和乙", "甲、乙和丙".
pub fn join_departments(names: &[String]) -> String {
    match names {
        [] => "承办单位".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}和{}", init.join("、"), last),
    }
}

#[derive(Serialize)]
struct GroupCtx {
    count: u64,
    share: String,
}

#[derive(Serialize)]
struct CountCtx {
    name: String,
    count: u64,
    share: String,
}

#[derive(Serialize)]
struct ChangeCtx {
    direction: &'static str,
    percent: String,
    previous_total: u64,
}

/// Every value a template may name (besides the per-item ones).
#[derive(Serialize)]
struct BaseCtx {
    hotline: String,
    hotline_short: String,
    span: String,
    span_days: String,
    week_name: String,
    total: u64,
    change: Option<ChangeCtx>,
    gov: GroupCtx,
    provincial: GroupCtx,
    wechat: GroupCtx,
    direct: GroupCtx,
    dispatch: GroupCtx,
    other: GroupCtx,
    dispatch_finished: u64,
    valid_total: u64,
    categories: Vec<CountCtx>,
    dispatched: u64,
    dispatched_finished: u64,
    carried_finished: u64,
    carried_overdue: u64,
    top_departments: Vec<CountCtx>,
    others_count: u64,
    table_top: usize,
}

#[derive(Serialize)]
struct TopicCtx {
    category: String,
    count: u64,
    subtopic_names: Vec<String>,
    subtopics: Vec<CountCtx>,
}

#[derive(Serialize)]
struct CaseCtx {
    heading: String,
    id: String,
    content: String,
    departments_text: String,
    progress: Option<String>,
}

/// Extra values of the per-item templates.
fn item_values(name: &str) -> &'static [&'static str] {
    match name {
        "hot_topic" => &["index_cn", "topic"],
        "difficult_case" => &["index_cn", "case"],
        "pending_intro" => &["week", "count"],
        "pending_case" | "pending_progress" => &["case"],
        _ => &[],
    }
}

fn count_ctx(r: &CountRow) -> CountCtx {
    CountCtx {
        name: r.name.clone(),
        count: r.count,
        share: format::percent(r.share),
    }
}

fn case_ctx(c: &CaseSummary) -> CaseCtx {
    CaseCtx {
        heading: c.heading.clone(),
        id: c.id.to_string(),
        content: c.content.clone(),
        departments_text: join_departments(&c.departments),
        progress: c.progress.clone(),
    }
}

/// The compiled, checked templates of one run.
pub struct Templates {
    env: Environment<'static>,
    hot_by_category: BTreeMap<String, String>,
    /// Where each template the user wrote is, by template name.
    written: BTreeMap<String, WrittenAt>,
}

impl Templates {
    /// Compiles every template and checks that each names only values that exist.
    ///
    /// # Errors
    /// A syntax error, an unknown template name or an unknown value, with name and line.
    pub fn new(config: &Config) -> Result<Templates, TemplateError> {
        let builtin = Config::builtin();
        let written: BTreeMap<String, WrittenAt> = config
            .template_lines
            .iter()
            .map(|(name, line)| {
                let at = WrittenAt(Some((config.source_name.clone(), *line)));
                (name.clone(), at)
            })
            .collect();
        let at = |name: &str| written.get(name).cloned().unwrap_or_default();
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let known_names: Vec<&str> = builtin.templates.keys().map(String::as_str).collect();
        let mut hot_by_category = BTreeMap::new();
        let mut sources: Vec<(String, String, &'static str)> = Vec::new();
        for (name, source) in &config.templates {
            if !builtin.templates.contains_key(name) {
                return Err(TemplateError::UnknownTemplate {
                    at: at(name),
                    name: name.clone(),
                    known: known_names.join("、"),
                });
            }
            sources.push((name.clone(), source.clone(), "base"));
        }
        for (category, source) in &config.hot_topic_templates {
            let name = format!("hot_topic_templates.{category}");
            hot_by_category.insert(category.clone(), name.clone());
            sources.push((name, source.clone(), "hot_topic"));
        }
        let base_names = base_value_names();
        for (name, source, kind) in sources {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|e| TemplateError::Syntax {
                    at: at(&name),
                    name: name.clone(),
                    line: e.line().unwrap_or(1),
                    detail: e.detail().unwrap_or("").to_owned(),
                })?;
            let item_key = if kind == "hot_topic" {
                "hot_topic"
            } else {
                name.as_str()
            };
            let mut known: BTreeSet<String> = base_names.clone();
            known.extend(item_values(item_key).iter().map(|s| (*s).to_owned()));
            let tmpl = env.get_template(&name).expect("just added");
            for value in tmpl.undeclared_variables(true) {
                let top = value.split('.').next().unwrap_or(&value);
                let ok = known.contains(&value) || (known.contains(top) && nested_ok(&value));
                if !ok && !GLOBALS.contains(&top) {
                    return Err(TemplateError::UnknownValue {
                        at: at(&name),
                        line: line_of(&source, value.rsplit('.').next().unwrap_or(&value)),
                        name,
                        value,
                        known: known.into_iter().collect::<Vec<_>>().join("、"),
                    });
                }
            }
        }
        Ok(Templates {
            env,
            hot_by_category,
            written,
        })
    }

    fn render(&self, name: &str, ctx: Value) -> Result<String, TemplateError> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| TemplateError::Render {
                at: self.written.get(name).cloned().unwrap_or_default(),
                name: name.to_owned(),
                line: 1,
                detail: e.to_string(),
            })?;
        tmpl.render(ctx).map_err(|e| TemplateError::Render {
            at: self.written.get(name).cloned().unwrap_or_default(),
            name: name.to_owned(),
            line: e.line().unwrap_or(1),
            detail: e
                .detail()
                .map_or_else(|| e.kind().to_string(), str::to_owned),
        })
    }

    /// The whole bulletin's text.
    ///
    /// # Errors
    /// When a template fails to render (a filter given the wrong kind of value).
    pub fn bulletin(&self, r: &Report, config: &Config) -> Result<Bulletin, TemplateError> {
        let base = Value::from(minijinja::value::Serde(base_ctx(r, config)));
        let mut body = Vec::new();
        let para = |text: String| Block::paragraph(text);

        body.push(Block::Heading1("一、总体情况".into()));
        body.push(para(self.render("overview", base.clone())?));
        body.push(Block::Table(self.overview_table(r, &base)?));

        body.push(Block::Heading1("二、数据分析".into()));
        body.push(para(self.render("categories", base.clone())?));
        body.push(Block::Table(self.categories_table(r, &base)?));
        body.push(para(self.render("departments", base.clone())?));
        body.push(Block::Table(self.departments_table(r, config, &base)?));

        body.push(Block::Heading1("三、主要热点".into()));
        if r.hot_topics.is_empty() {
            body.push(para(self.render("no_hot_topic", base.clone())?));
        }
        for (i, t) in r.hot_topics.iter().enumerate() {
            let topic = TopicCtx {
                category: t.category.clone(),
                count: t.count,
                subtopic_names: t.subtopics.iter().map(|s| s.name.clone()).collect(),
                subtopics: t
                    .subtopics
                    .iter()
                    .map(|s| CountCtx {
                        name: s.name.clone(),
                        count: s.count,
                        share: String::new(),
                    })
                    .collect(),
            };
            let name = self
                .hot_by_category
                .get(&t.category)
                .map_or("hot_topic", String::as_str);
            let ctx = context! { index_cn => cn_index(i + 1), topic => Value::from(minijinja::value::Serde(topic)), ..base.clone() };
            body.push(para(self.render(name, ctx)?));
        }

        body.push(Block::Heading1("四、疑难案例".into()));
        if r.difficult_cases.is_empty() {
            body.push(para(self.render("no_difficult_case", base.clone())?));
        }
        for (i, c) in r.difficult_cases.iter().enumerate() {
            let ctx = context! { index_cn => cn_index(i + 1), case => Value::from(minijinja::value::Serde(case_ctx(c))), ..base.clone() };
            body.push(para(self.render("difficult_case", ctx)?));
        }

        body.push(Block::Heading1("五、疑难工单办理情况".into()));
        if r.pending_difficult.is_empty() {
            body.push(para(self.render("no_pending", base.clone())?));
        }
        let mut weeks: Vec<_> = r.pending_difficult.iter().map(|c| c.week).collect();
        weeks.dedup();
        for week in weeks {
            let cases: Vec<&CaseSummary> = r
                .pending_difficult
                .iter()
                .filter(|c| c.week == week)
                .collect();
            let ctx = context! { week => week.to_string(), count => cases.len(), ..base.clone() };
            body.push(para(self.render("pending_intro", ctx)?));
            for c in cases {
                let case = Value::from(minijinja::value::Serde(case_ctx(c)));
                let ctx = context! { case => case.clone(), ..base.clone() };
                body.push(para(self.render("pending_case", ctx)?));
                let ctx = context! { case => case, ..base.clone() };
                body.push(para(self.render("pending_progress", ctx)?));
            }
        }

        let office = &config.office;
        Ok(Bulletin {
            masthead: office.masthead.clone(),
            issue_line: format::issue_line(r.issue.year, r.issue.number, r.issue.total),
            issuing_office: office.issuing_office.clone(),
            title: office.title.clone(),
            subtitle: format!("（{}）", r.name),
            body,
            cc: office
                .cc
                .iter()
                .map(|c| {
                    let c = c.trim().trim_end_matches('。');
                    format!("{c}。")
                })
                .collect(),
            printing_office: office.printing_office.clone(),
            print_date: format!("{}印发", format::date_cn(r.print_date)),
        })
    }

    fn overview_table(&self, r: &Report, base: &Value) -> Result<Table, TemplateError> {
        let mut rows = vec![vec![
            "来电总量".to_owned(),
            r.overview.total.to_string(),
            "100.00%".to_owned(),
        ]];
        if r.overview.total == 0 {
            rows[0][2] = format::percent(crate::report::Share(0));
        }
        for g in &r.overview.groups {
            rows.push(vec![
                g.group.label().to_owned(),
                g.count.to_string(),
                format::percent(g.share),
            ]);
        }
        Ok(Table {
            caption: self.render("caption_overview", base.clone())?,
            header: vec!["项目".into(), "件数".into(), "占比".into()],
            rows,
            widths: vec![3, 2, 2],
        })
    }

    fn categories_table(&self, r: &Report, base: &Value) -> Result<Table, TemplateError> {
        let mut rows: Vec<Vec<String>> = r
            .categories
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.count.to_string(),
                    format::percent(c.share),
                ]
            })
            .collect();
        let total_share = if r.valid_total > 0 {
            "100.00%"
        } else {
            "0.00%"
        };
        rows.push(vec![
            "合计".into(),
            r.valid_total.to_string(),
            total_share.into(),
        ]);
        Ok(Table {
            caption: self.render("caption_categories", base.clone())?,
            header: vec!["诉求类别".into(), "件数".into(), "占比".into()],
            rows,
            widths: vec![3, 2, 2],
        })
    }

    fn departments_table(
        &self,
        r: &Report,
        config: &Config,
        base: &Value,
    ) -> Result<Table, TemplateError> {
        let top = top_with_ties(&r.departments, config.report.table_top_departments);
        let rows = top
            .iter()
            .enumerate()
            .map(|(i, d)| {
                // Tied departments share a rank (competition ranking: 1, 2, 2, 4).
                let rank = r
                    .departments
                    .iter()
                    .position(|x| x.count == d.count)
                    .unwrap_or(i)
                    + 1;
                vec![
                    rank.to_string(),
                    d.name.clone(),
                    d.count.to_string(),
                    format::percent(d.share),
                ]
            })
            .collect();
        Ok(Table {
            caption: self.render("caption_departments", base.clone())?,
            header: vec![
                "排名".into(),
                "承办单位".into(),
                "件数".into(),
                "占比".into(),
            ],
            rows,
            widths: vec![1, 5, 1, 2],
        })
    }
}

const GLOBALS: [&str; 6] = ["loop", "range", "namespace", "dict", "debug", "self"];

/// Names of `base_ctx`'s fields and their nested fields, for checking templates.
fn base_value_names() -> BTreeSet<String> {
    [
        "hotline",
        "hotline_short",
        "span",
        "span_days",
        "week_name",
        "total",
        "change",
        "gov",
        "provincial",
        "wechat",
        "direct",
        "dispatch",
        "other",
        "dispatch_finished",
        "valid_total",
        "categories",
        "dispatched",
        "dispatched_finished",
        "carried_finished",
        "carried_overdue",
        "top_departments",
        "others_count",
        "table_top",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// Whether a dotted name refers to a field that exists on its object.
fn nested_ok(path: &str) -> bool {
    let mut parts = path.split('.');
    let top = parts.next().unwrap_or("");
    let Some(field) = parts.next() else {
        return true;
    };
    let fields: &[&str] = match top {
        "change" => &["direction", "percent", "previous_total"],
        "gov" | "provincial" | "wechat" | "direct" | "dispatch" | "other" => &["count", "share"],
        "topic" => &["category", "count", "subtopic_names", "subtopics"],
        "case" => &["heading", "id", "content", "departments_text", "progress"],
        // Lists and plain values: loop variables are checked by the renderer.
        _ => return true,
    };
    fields.contains(&field)
}

fn line_of(source: &str, needle: &str) -> usize {
    source
        .lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// The first `n` rows, extended by rows tied with the n-th.
pub fn top_with_ties(rows: &[CountRow], n: usize) -> Vec<CountRow> {
    if rows.len() <= n {
        return rows.to_vec();
    }
    let cut = rows[n - 1].count;
    rows.iter()
        .enumerate()
        .take_while(|(i, r)| *i < n || r.count == cut)
        .map(|(_, r)| r.clone())
        .collect()
}

fn base_ctx(r: &Report, config: &Config) -> BaseCtx {
    let g = |group: Group| GroupCtx {
        count: r.overview.count(group),
        share: format::percent(r.overview.share(group)),
    };
    let text_top = config.report.text_top_departments;
    let top: Vec<&CountRow> = r.departments.iter().take(text_top).collect();
    let others_count = r.departments.iter().skip(text_top).map(|d| d.count).sum();
    BaseCtx {
        hotline: config.office.hotline.clone(),
        hotline_short: config.office.hotline_short.clone(),
        span: format::period_span_hours(&r.period),
        span_days: format::period_span_days(&r.period),
        week_name: r.name.to_string(),
        total: r.overview.total,
        change: r.overview.change.map(|c| ChangeCtx {
            direction: c.direction.label(),
            percent: format::percent(c.magnitude),
            previous_total: c.previous_total,
        }),
        gov: g(Group::GovWebsite),
        provincial: g(Group::Provincial),
        wechat: g(Group::WeChat),
        direct: g(Group::DirectAnswer),
        dispatch: g(Group::Dispatch),
        other: g(Group::Other),
        dispatch_finished: r.overview.dispatch_group_finished,
        valid_total: r.valid_total,
        categories: r
            .categories
            .iter()
            .filter(|c| c.count > 0)
            .map(count_ctx)
            .collect(),
        dispatched: r.flow.dispatched,
        dispatched_finished: r.flow.dispatched_finished,
        carried_finished: r.flow.carried_finished,
        carried_overdue: r.flow.carried_overdue,
        top_departments: top.into_iter().map(count_ctx).collect(),
        others_count,
        table_top: config.report.table_top_departments,
    }
}

impl Block {
    /// A body paragraph; an opening "（一）…。" (up to 。, ： or （) becomes the 楷体 lead.
    pub fn paragraph(text: String) -> Block {
        let lead = split_lead(&text);
        match lead {
            Some(n) => Block::Paragraph {
                lead: Some(text[..n].to_owned()),
                text: text[n..].to_owned(),
            },
            None => Block::Paragraph { lead: None, text },
        }
    }
}

/// Byte length of a run-in heading "（一）诉求分类。" / "（一）基础设施类问题" at the start.
fn split_lead(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('（')?;
    let close = rest.find('）')?;
    if close == 0
        || !rest[..close]
            .chars()
            .all(|c| "一二三四五六七八九十".contains(c))
    {
        return None;
    }
    let after = '（'.len_utf8() + close + '）'.len_utf8();
    let tail = &text[after..];
    let stop = tail.find(['。', '：', '（'])?;
    let stop_char = tail[stop..].chars().next()?;
    Some(
        after
            + stop
            + if stop_char == '。' {
                '。'.len_utf8()
            } else {
                0
            },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_are_split_off() {
        let lead = |t: &str| match Block::paragraph(t.to_owned()) {
            Block::Paragraph { lead, .. } => lead,
            _ => None,
        };
        assert_eq!(
            lead("（一）诉求分类。本周共…"),
            Some("（一）诉求分类。".into())
        );
        assert_eq!(
            lead("（二）基础设施类问题（工单编号：HX1）：群众…"),
            Some("（二）基础设施类问题".into())
        );
        assert_eq!(lead("本周无疑难案例。"), None);
        assert_eq!(lead("（注）说明。"), None);
    }

    #[test]
    fn ordinals_and_joins() {
        assert_eq!(cn_index(1), "一");
        assert_eq!(cn_index(10), "十");
        assert_eq!(cn_index(12), "十二");
        assert_eq!(cn_index(21), "二十一");
        assert_eq!(join_departments(&["甲".into(), "乙".into()]), "甲和乙");
        assert_eq!(
            join_departments(&["甲".into(), "乙".into(), "丙".into()]),
            "甲、乙和丙"
        );
    }

    #[test]
    fn builtin_templates_compile() {
        Templates::new(&Config::builtin()).unwrap();
    }

    #[track_caller]
    fn bad(toml: &str, expect: &[&str]) {
        let c = Config::from_sources(Some(("u.toml", toml))).unwrap();
        let err = Templates::new(&c).err().expect("must fail").to_string();
        for e in expect {
            assert!(err.contains(e), "{err}");
        }
    }

    #[test]
    fn bad_templates_name_template_line_and_value() {
        bad(
            "[templates]\noverview = \"\"\"第一行\n共{{ totl }}件\"\"\"\n",
            &["overview", "第 2 行", "totl"],
        );
        bad(
            "[templates]\ndifficult_case = \"{{ case.contnet }}\"\n",
            &["difficult_case", "case.contnet"],
        );
        bad(
            "[templates]\noverview = \"{% if %}\"\n",
            &["overview", "语法错误"],
        );
        bad(
            "[templates]\noverveiw = \"x\"\n",
            &["overveiw", "没有这个模板名"],
        );
    }
}
