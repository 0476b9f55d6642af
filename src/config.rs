//! The TOML as written -> a validated, typed `Config`. Built-in defaults are embedded; a user's
//! file overrides them key by key, and extends the column and value aliases. After this module
//! no code reads a TOML string again.

use std::collections::BTreeMap;

use foldhash::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::{Channel, Field, Handling, Period};

/// The complete built-in configuration, commented; `hotline-bulletin config` prints it.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Why a configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("无法读取配置文件 {path}：{source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("配置文件 {file} 第 {line} 行：{message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("配置文件 {file} 第 {line} 行：配置项 {key} {message}")]
    Value {
        file: String,
        line: usize,
        key: String,
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    office: Option<RawOffice>,
    issue: Option<RawIssue>,
    columns: Option<BTreeMap<String, Vec<String>>>,
    values: Option<BTreeMap<String, BTreeMap<String, Vec<String>>>>,
    categories: Option<RawCategories>,
    departments: Option<RawDepartments>,
    report: Option<RawReport>,
    fonts: Option<RawFonts>,
    templates: Option<BTreeMap<String, String>>,
    hot_topic_templates: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    masthead: Option<Vec<String>>,
    issuing_office: Option<String>,
    title: Option<String>,
    hotline: Option<String>,
    hotline_short: Option<String>,
    cc: Option<Vec<String>>,
    printing_office: Option<String>,
    print_date: Option<toml::value::Datetime>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    anchor_week: Option<toml::value::Datetime>,
    number: Option<u32>,
    total: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategories {
    order: Option<Vec<String>>,
    other: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartments {
    order: Option<Vec<String>>,
    aliases: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    text_top_departments: Option<usize>,
    table_top_departments: Option<usize>,
    hot_topics: Option<usize>,
    hot_subtopics: Option<usize>,
    mask_personal_data: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    body: Option<String>,
    title: Option<String>,
    heading1: Option<String>,
    heading2: Option<String>,
    latin: Option<String>,
    page_number: Option<String>,
}

/// Names printed in the bulletin.
#[derive(Debug, Clone)]
pub struct Office {
    pub masthead: Vec<String>,
    pub issuing_office: String,
    pub title: String,
    pub hotline: String,
    pub hotline_short: String,
    pub cc: Vec<String>,
    pub printing_office: String,
    pub print_date: Option<NaiveDate>,
}

/// The anchor the issue numbers advance from.
#[derive(Debug, Clone, Copy)]
pub struct IssueAnchor {
    pub week: Period,
    pub number: u32,
    pub total: u32,
}

/// Value aliases of one field: every written form (trimmed) -> its canonical value.
#[derive(Debug, Clone, Default)]
pub struct ValueAliases {
    map: HashMap<String, String>,
}

impl ValueAliases {
    fn insert(&mut self, written: &str, canonical: &str) {
        self.map
            .entry(written.trim().to_owned())
            .or_insert_with(|| canonical.to_owned());
    }

    /// Every (written form, canonical value) pair, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(w, c)| (w.as_str(), c.as_str()))
    }

    /// The canonical value of `written`, if any alias knows it.
    pub fn canonical(&self, written: &str) -> Option<&str> {
        self.map.get(written).map(String::as_str)
    }
}

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub text_top_departments: usize,
    pub table_top_departments: usize,
    pub hot_topics: usize,
    pub hot_subtopics: usize,
    pub mask_personal_data: bool,
}

#[derive(Debug, Clone)]
pub struct Fonts {
    pub body: String,
    pub title: String,
    pub heading1: String,
    pub heading2: String,
    pub latin: String,
    pub page_number: String,
}

/// The validated configuration of one run.
#[derive(Debug, Clone)]
pub struct Config {
    pub office: Office,
    pub issue: IssueAnchor,
    /// Per field, the accepted column names: the canonical name first, then aliases in order.
    pub columns: BTreeMap<Field, Vec<String>>,
    pub channels: ValueAliases,
    pub handlings: ValueAliases,
    pub finished_statuses: ValueAliases,
    pub yes_no: ValueAliases,
    /// The configured categories, in order, without the other category.
    pub categories: Vec<String>,
    pub other_category: String,
    pub department_order: Vec<String>,
    pub department_aliases: HashMap<String, String>,
    pub report: ReportOptions,
    pub fonts: Fonts,
    /// Template overrides by template name.
    pub templates: BTreeMap<String, String>,
    /// Hot-topic paragraph templates by category.
    pub hot_topic_templates: BTreeMap<String, String>,
    /// The line of the user's file where each template it sets is written, by template name
    /// (`overview`, `hot_topic_templates.城乡建设类`): errors found when compiling name it.
    pub template_lines: BTreeMap<String, usize>,
    /// The user's file name ("内置配置" when there is none), for errors found after loading.
    pub source_name: String,
}

impl Config {
    /// The built-in configuration.
    pub fn builtin() -> Config {
        Config::from_sources(None).expect("the built-in configuration is valid")
    }

    /// Loads `explicit` if given, else `./hotline.toml` if present, over the built-in defaults.
    ///
    /// # Errors
    /// When the file cannot be read, is not TOML, has an unknown key or a bad value.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => {
                let local = PathBuf::from("hotline.toml");
                local.is_file().then_some(local)
            }
        };
        match path {
            None => Config::from_sources(None),
            Some(path) => {
                let text = std::fs::read(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                let text = String::from_utf8(text).map_err(|_| ConfigError::Syntax {
                    file: path.display().to_string(),
                    line: 1,
                    message: "文件不是 UTF-8 编码，请用记事本或 WPS 另存为 UTF-8".into(),
                })?;
                Config::from_sources(Some((&path.display().to_string(), &text)))
            }
        }
    }

    /// Builds the configuration from the defaults and an optional user file (name, text).
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn from_sources(user: Option<(&str, &str)>) -> Result<Config, ConfigError> {
        let base = parse("内置配置", DEFAULT_TOML)?;
        let (name, text, over) = match user {
            Some((name, text)) => (name.to_owned(), text, parse(name, text)?),
            None => ("内置配置".to_owned(), "", RawConfig::default()),
        };
        build(base, over, &name, text)
    }
}

fn parse(file: &str, text: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(&quote_unicode_keys(text)).map_err(|e| ConfigError::Syntax {
        file: file.to_owned(),
        line: e.span().map_or(1, |s| line_of_offset(text, s.start)),
        message: translate_toml_message(e.message()),
    })
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where `key` is first assigned or opened as a table, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l.trim_start_matches('[').trim_start_matches(['"', '\'']);
            // The whole key: "overview" is not the start of "overview_table".
            l.strip_prefix(key).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with([' ', '\t', '=', '"', '\'', ']', '.'])
            })
        })
        .map_or(1, |i| i + 1)
}

/// serde's messages are English; users read Chinese. Keep the detail, lead with the meaning.
fn translate_toml_message(msg: &str) -> String {
    let msg = msg.trim();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return format!(
            "未知的配置项“{key}”，请检查拼写（可运行 hotline-bulletin config 查看全部配置项）"
        );
    }
    if let Some(rest) = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
    {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                let expected = expected_in_words(expected);
                let space = if expected.starts_with(|c: char| c.is_ascii()) {
                    " "
                } else {
                    ""
                };
                format!(
                    "取值类型不对：应为{space}{expected}，这里写的是{}",
                    found_in_words(found)
                )
            }
            None => format!("取值类型不对（{msg}）"),
        };
    }
    if msg.starts_with("duplicate key") {
        return format!("配置项重复（{msg}）");
    }
    format!("不是有效的 TOML（{msg}）")
}

/// serde's name of the type a key wants, as the guide would say it.
fn expected_in_words(expected: &str) -> String {
    match expected.trim() {
        "usize" | "u8" | "u16" | "u32" | "u64" => "0 或正整数".into(),
        "isize" | "i8" | "i16" | "i32" | "i64" | "an integer" => "整数".into(),
        "a string" | "a borrowed string" => "文字（用英文双引号括起来）".into(),
        "a boolean" => "true 或 false".into(),
        "a sequence" => "列表（如 [\"甲\", \"乙\"]）".into(),
        "a map" => "一组配置项".into(),
        e if e.starts_with("struct ") => "一组配置项（[名称] 下的若干行）".into(),
        e if e.contains("datetime") || e.contains("date") => {
            "日期（如 2024-06-24，不加引号）".into()
        }
        e => e.to_owned(),
    }
}

/// serde's description of the value found (`string "两个"`, ``integer `-3` ``), in words.
fn found_in_words(found: &str) -> String {
    let found = found.trim();
    let ticked = |rest: &str| rest.trim().trim_matches('`').to_owned();
    if let Some(rest) = found.strip_prefix("string ") {
        format!("文字“{}”", rest.trim().trim_matches('"'))
    } else if let Some(rest) = found.strip_prefix("integer ") {
        format!("数字 {}", ticked(rest))
    } else if let Some(rest) = found.strip_prefix("floating point ") {
        format!("小数 {}", ticked(rest))
    } else if let Some(rest) = found.strip_prefix("boolean ") {
        ticked(rest)
    } else {
        match found {
            "sequence" => "列表".into(),
            "map" => "一组配置项".into(),
            f => f.to_owned(),
        }
    }
}

fn pick<T>(over: Option<T>, base: Option<T>) -> T {
    over.or(base).expect("every key has a built-in value")
}

fn build(base: RawConfig, over: RawConfig, file: &str, text: &str) -> Result<Config, ConfigError> {
    let value_err = |key: &str, message: String| ConfigError::Value {
        file: file.to_owned(),
        line: line_of_key(text, key),
        key: key.to_owned(),
        message,
    };

    let (bo, oo) = (
        base.office.unwrap_or_default(),
        over.office.unwrap_or_default(),
    );
    let print_date = match oo.print_date.or(bo.print_date) {
        None => None,
        Some(dt) => Some(
            toml_date(&dt)
                .ok_or_else(|| value_err("print_date", "应为日期，例如 2024-07-01".into()))?,
        ),
    };
    let office = Office {
        masthead: pick(oo.masthead, bo.masthead),
        issuing_office: pick(oo.issuing_office, bo.issuing_office),
        title: pick(oo.title, bo.title),
        hotline: pick(oo.hotline, bo.hotline),
        hotline_short: pick(oo.hotline_short, bo.hotline_short),
        cc: pick(oo.cc, bo.cc),
        printing_office: pick(oo.printing_office, bo.printing_office),
        print_date,
    };

    let (bi, oi) = (
        base.issue.unwrap_or_default(),
        over.issue.unwrap_or_default(),
    );
    let anchor = pick(oi.anchor_week, bi.anchor_week);
    let anchor_day = toml_date(&anchor)
        .ok_or_else(|| value_err("anchor_week", "应为日期，例如 2024-06-24".into()))?;
    let number = pick(oi.number, bi.number);
    let total = pick(oi.total, bi.total);
    if number == 0 || total == 0 {
        return Err(value_err("number", "期号应从 1 开始".into()));
    }
    if number > total {
        return Err(value_err("number", "当年期号不能大于总期号".into()));
    }
    let issue = IssueAnchor {
        week: Period::week_containing(anchor_day),
        number,
        total,
    };

    let mut columns: BTreeMap<Field, Vec<String>> = Field::ALL
        .iter()
        .map(|f| (*f, vec![f.name().to_owned()]))
        .collect();
    for (source_text, raw) in [(DEFAULT_TOML, base.columns), (text, over.columns)] {
        for (key, aliases) in raw.unwrap_or_default() {
            let field = Field::from_name(key.trim()).ok_or_else(|| ConfigError::Value {
                file: file.to_owned(),
                line: line_of_key(source_text, &key),
                key: format!("[columns] {key}"),
                message: format!("不是标准字段名；可用的字段名：{}", all_field_names()),
            })?;
            let list = columns.get_mut(&field).expect("every field present");
            for a in aliases {
                let a = a.trim().to_owned();
                if !a.is_empty() && !list.contains(&a) {
                    list.push(a);
                }
            }
        }
    }

    let mut values: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (source_text, raw) in [(DEFAULT_TOML, base.values), (text, over.values)] {
        for (field, table) in raw.unwrap_or_default() {
            let allowed: &[&str] = match field.as_str() {
                "来源渠道" => &["12345热线", "中国政府网", "省州系统", "微信"],
                "办理方式" => &["直接答复", "工单转办", "无效来电"],
                "办理状态" => &["已办结"],
                "疑难标记" => &["是", "否"],
                _ => {
                    return Err(ConfigError::Value {
                        file: file.to_owned(),
                        line: line_of_key(source_text, &format!("values.{field}")),
                        key: format!("[values.{field}]"),
                        message: "只能是 来源渠道、办理方式、办理状态、疑难标记 之一".into(),
                    });
                }
            };
            for (canonical, aliases) in table {
                if !allowed.contains(&canonical.as_str()) {
                    return Err(ConfigError::Value {
                        file: file.to_owned(),
                        line: line_of_key(source_text, &canonical),
                        key: format!("[values.{field}] {canonical}"),
                        message: format!("不是标准取值；可用的取值：{}", allowed.join("、")),
                    });
                }
                values
                    .entry(field.clone())
                    .or_default()
                    .entry(canonical)
                    .or_default()
                    .extend(aliases);
            }
        }
    }
    let aliases_of = |field: &str| {
        let mut a = ValueAliases::default();
        for (canonical, list) in values.get(field).into_iter().flatten() {
            a.insert(canonical, canonical);
            for w in list {
                a.insert(w, canonical);
            }
        }
        a
    };
    let channels = aliases_of("来源渠道");
    let handlings = aliases_of("办理方式");
    let finished_statuses = aliases_of("办理状态");
    let yes_no = aliases_of("疑难标记");
    debug_assert!(
        Channel::ALL
            .iter()
            .all(|c| channels.canonical(c.canonical()).is_some())
    );
    debug_assert!(
        Handling::ALL
            .iter()
            .all(|h| handlings.canonical(h.canonical()).is_some())
    );

    let (bc, oc) = (
        base.categories.unwrap_or_default(),
        over.categories.unwrap_or_default(),
    );
    let other_category = pick(oc.other, bc.other);
    let categories: Vec<String> = pick(oc.order, bc.order)
        .into_iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| *c != other_category)
        .collect();
    if categories.is_empty() {
        return Err(value_err("order", "分类列表不能为空".into()));
    }
    for (i, c) in categories.iter().enumerate() {
        if c.is_empty() || categories[..i].contains(c) {
            return Err(value_err("order", format!("分类“{c}”为空或重复")));
        }
    }

    let (bd, od) = (
        base.departments.unwrap_or_default(),
        over.departments.unwrap_or_default(),
    );
    let department_order = pick(od.order, bd.order);
    let mut department_aliases: HashMap<String, String> = HashMap::default();
    for (k, v) in bd
        .aliases
        .into_iter()
        .flatten()
        .chain(od.aliases.into_iter().flatten())
    {
        department_aliases.insert(k.trim().to_owned(), v.trim().to_owned());
    }

    let (br, or) = (
        base.report.unwrap_or_default(),
        over.report.unwrap_or_default(),
    );
    let report = ReportOptions {
        text_top_departments: pick(or.text_top_departments, br.text_top_departments),
        table_top_departments: pick(or.table_top_departments, br.table_top_departments),
        hot_topics: pick(or.hot_topics, br.hot_topics),
        hot_subtopics: pick(or.hot_subtopics, br.hot_subtopics),
        mask_personal_data: pick(or.mask_personal_data, br.mask_personal_data),
    };
    for (key, n) in [
        ("text_top_departments", report.text_top_departments),
        ("table_top_departments", report.table_top_departments),
    ] {
        if n == 0 {
            return Err(value_err(key, "至少列出 1 个承办单位".into()));
        }
    }

    let (bf, of) = (
        base.fonts.unwrap_or_default(),
        over.fonts.unwrap_or_default(),
    );
    let fonts = Fonts {
        body: pick(of.body, bf.body),
        title: pick(of.title, bf.title),
        heading1: pick(of.heading1, bf.heading1),
        heading2: pick(of.heading2, bf.heading2),
        latin: pick(of.latin, bf.latin),
        page_number: pick(of.page_number, bf.page_number),
    };

    let mut templates = base.templates.unwrap_or_default();
    let mut template_lines = BTreeMap::new();
    for (name, template) in over.templates.unwrap_or_default() {
        template_lines.insert(name.clone(), line_of_key(text, &name));
        templates.insert(name, template);
    }
    let mut hot_topic_templates = base.hot_topic_templates.unwrap_or_default();
    for (category, template) in over.hot_topic_templates.unwrap_or_default() {
        template_lines.insert(
            format!("hot_topic_templates.{category}"),
            line_of_key(text, &category),
        );
        if !categories.contains(&category) {
            return Err(ConfigError::Value {
                file: file.to_owned(),
                line: line_of_key(text, &category),
                key: format!("[hot_topic_templates] {category}"),
                message: format!("不在分类列表中；可用的分类：{}", categories.join("、")),
            });
        }
        hot_topic_templates.insert(category, template);
    }

    Ok(Config {
        office,
        issue,
        columns,
        channels,
        handlings,
        finished_statuses,
        yes_no,
        categories,
        other_category,
        department_order,
        department_aliases,
        report,
        fonts,
        templates,
        hot_topic_templates,
        template_lines,
        source_name: file.to_owned(),
    })
}

fn toml_date(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    let d = dt.date?;
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

fn all_field_names() -> String {
    Field::ALL
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join("、")
}

/// The line in the user's file where `key` is written (1 when unknown); for errors found later.
pub fn line_in_source(text: &str, key: &str) -> usize {
    line_of_key(text, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_has_every_field() {
        let c = Config::builtin();
        assert_eq!(c.columns[&Field::Id][0], "工单编号");
        assert_eq!(c.columns[&Field::Id][1], "工单号");
        assert_eq!(c.channels.canonical("省12345"), Some("省州系统"));
        assert_eq!(c.handlings.canonical("骚扰电话"), Some("无效来电"));
        assert_eq!(c.finished_statuses.canonical("已归档"), Some("已办结"));
        assert_eq!(c.yes_no.canonical("√"), Some("是"));
    }

    #[test]
    fn user_aliases_extend_builtin_ones() {
        let c = Config::from_sources(Some(("u.toml", "[columns]\n工单编号 = [\"留言编号\"]\n")))
            .unwrap();
        let ids = &c.columns[&Field::Id];
        assert_eq!(ids.first().unwrap(), "工单编号");
        assert_eq!(ids.last().unwrap(), "留言编号");
        assert!(ids.contains(&"工单号".to_owned()));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = Config::from_sources(Some((
            "u.toml",
            "[office]\ntitle = \"x\"\nmastehad = [\"y\"]\n",
        )))
        .unwrap_err()
        .to_string();
        assert!(err.contains("第 3 行"), "{err}");
        assert!(err.contains("mastehad"), "{err}");
    }

    #[test]
    fn wrong_type_names_line() {
        let err = Config::from_sources(Some(("u.toml", "[report]\nhot_topics = \"两个\"\n")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("第 2 行"), "{err}");
        assert!(err.contains("取值类型不对"), "{err}");
    }

    #[test]
    fn unknown_column_field_is_an_error() {
        let err = Config::from_sources(Some(("u.toml", "[columns]\n\n工单名称 = [\"a\"]\n")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("工单名称") && err.contains("第 3 行"), "{err}");
    }

    #[test]
    fn unknown_canonical_value_is_an_error() {
        let err =
            Config::from_sources(Some(("u.toml", "[values.来源渠道]\n抖音 = [\"短视频\"]\n")))
                .unwrap_err()
                .to_string();
        assert!(err.contains("抖音") && err.contains("第 2 行"), "{err}");
    }

    #[test]
    fn hot_topic_template_for_unknown_category_is_an_error() {
        let err = Config::from_sources(Some(("u.toml", "[hot_topic_templates]\n天气类 = \"x\"\n")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("天气类") && err.contains("第 2 行"), "{err}");
    }
}

/// TOML wants Chinese keys quoted (`"工单编号" = [...]`); staff write them bare, as the
/// guide shows. Quote bare non-ASCII keys and table-name parts, line by line, so that line
/// numbers in errors stay those of the user's file. Multi-line strings are left alone.
fn quote_unicode_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_multiline: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        if let Some(delim) = in_multiline {
            if line.matches(delim).count() % 2 == 1 {
                in_multiline = None;
            }
            out.push_str(line);
            continue;
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with('[')
            && !trimmed.starts_with("[[")
            && let Some(close) = trimmed.find(']')
        {
            let parts: Vec<String> = trimmed[1..close]
                .split('.')
                .map(|p| quote_if_bare_unicode(p.trim()))
                .collect();
            out.push_str(indent);
            out.push('[');
            out.push_str(&parts.join("."));
            out.push_str(&trimmed[close..]);
            continue;
        }
        if let Some(eq) = trimmed.find('=') {
            let key = trimmed[..eq].trim_end();
            if !key.is_empty() && !key.starts_with('#') {
                let value = &trimmed[eq..];
                out.push_str(indent);
                out.push_str(&quote_if_bare_unicode(key));
                out.push(' ');
                out.push_str(value);
                in_multiline = ["\"\"\"", "'''"]
                    .into_iter()
                    .find(|d| value.matches(d).count() % 2 == 1);
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

fn quote_if_bare_unicode(key: &str) -> String {
    let quoted = key.starts_with('"') || key.starts_with('\'');
    if !quoted && !key.is_ascii() && !key.contains(char::is_whitespace) {
        format!("\"{key}\"")
    } else {
        key.to_owned()
    }
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn bare_chinese_keys_are_accepted_and_lines_kept() {
        let text =
            "[values.来源渠道]\n省州系统 = [\"州平台\"]\n[templates]\nx = \"\"\"\na = b\n\"\"\"\n";
        let quoted = quote_unicode_keys(text);
        assert_eq!(quoted.lines().count(), text.lines().count());
        assert!(quoted.contains("[values.\"来源渠道\"]"));
        assert!(quoted.contains("\"省州系统\" = "));
        assert!(quoted.contains("\na = b\n"), "{quoted}");
    }
}
