//! Configuration mistakes: each stops the run (exit 1) naming the file, the key or template,
//! and the line to fix, before any input is read.

use super::*;

/// Runs `check --config bad.toml` over a clean export, with `toml` as the configuration.
fn with_config(toml: &str) -> Run {
    let dir = workdir();
    orders_xlsx(dir.path(), "week.xlsx", vec![clean_row("C1")]);
    std::fs::write(p(dir.path(), "bad.toml"), toml).unwrap();
    check(dir.path(), &["--config", "bad.toml", "week.xlsx"])
}

#[test]
fn unknown_key() {
    let r = with_config("[office]\ntitle = \"某市热线周报\"\nmastehad = [\"x\"]\n");
    refused(
        &r,
        &["配置文件 bad.toml 第 3 行：未知的配置项“mastehad”，请检查拼写"],
    );
}

#[test]
fn wrong_types() {
    let r = with_config("[report]\n\nhot_topics = \"两个\"\n");
    refused(
        &r,
        &["配置文件 bad.toml 第 3 行：取值类型不对：应为 0 或正整数，这里写的是文字“两个”"],
    );
    let r = with_config("[office]\nmasthead = \"工作专报\"\n");
    refused(
        &r,
        &[
            "配置文件 bad.toml 第 2 行：取值类型不对：应为列表（如 [\"甲\", \"乙\"]），这里写的是文字“工作专报”",
        ],
    );
    let r = with_config("[report]\nmask_personal_data = \"是\"\n");
    refused(
        &r,
        &["配置文件 bad.toml 第 2 行：取值类型不对：应为 true 或 false，这里写的是文字“是”"],
    );
    let r = with_config("[issue]\nnumber = -3\n");
    refused(
        &r,
        &["配置文件 bad.toml 第 2 行：取值类型不对：应为 0 或正整数，这里写的是数字 -3"],
    );
    assert!(!r.stderr.contains("invalid"), "{}", r.stderr);
}

#[test]
fn not_toml_at_all() {
    let r = with_config("[office\ntitle = \"x\"\n");
    refused(&r, &["配置文件 bad.toml 第 1 行：不是有效的 TOML"]);
}

#[test]
fn hot_topic_template_for_an_unknown_category() {
    let r = with_config("[hot_topic_templates]\n\n天气类 = \"{{ topic.count }} 件\"\n");
    refused(
        &r,
        &[
            "配置文件 bad.toml 第 3 行：配置项 [hot_topic_templates] 天气类 不在分类列表中；可用的分类：热线事务类",
        ],
    );
}

#[test]
fn template_with_a_syntax_error() {
    let r = with_config("[templates]\n# 总体情况\noverview = \"本周共受理 {{ total \"\n");
    refused(
        &r,
        &["配置文件 bad.toml 第 3 行：模板 overview 第 1 行：语法错误"],
    );
}

#[test]
fn template_naming_an_unknown_value() {
    let r = with_config(
        "[templates]\noverview = \"\"\"\n本周共受理来电 {{ total }} 件，\n其中 {{ totl_dispatch }} 件\"\"\"\n",
    );
    refused(
        &r,
        &[
            "配置文件 bad.toml 第 2 行：模板 overview 第 2 行：没有名为“totl_dispatch”的值；可用的值：",
        ],
    );
}

#[test]
fn unknown_template_name() {
    let r = with_config("[templates]\noverveiw = \"x\"\n");
    refused(
        &r,
        &["配置文件 bad.toml 第 2 行：模板 overveiw：没有这个模板名；可用的模板："],
    );
}
