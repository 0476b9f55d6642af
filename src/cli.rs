//! Command-line flags as written (clap derive): raw values only, checked later by `app`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hotline-bulletin",
    version,
    about = "把 12345 热线每周导出的来电和工单表格，生成周报数据汇总工作簿和工作专报（.docx）",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 读取并合并输入文件，报告识别结果和数据问题，不写任何文件
    Check {
        /// 配置文件（默认使用当前目录下的 hotline.toml，没有则用内置配置）
        #[arg(long, value_name = "文件")]
        config: Option<PathBuf>,
        /// 输入文件：.xlsx .xlsm .xlsb .xls .ods .csv .txt，可以多个
        #[arg(required = true, value_name = "输入文件")]
        inputs: Vec<PathBuf>,
    },
    /// 生成一周的汇总工作簿和工作专报
    Build {
        /// 配置文件（默认使用当前目录下的 hotline.toml，没有则用内置配置）
        #[arg(long, value_name = "文件")]
        config: Option<PathBuf>,
        /// 报告周内的任意一天，如 2024-06-24；不填则为今天之前最近一个完整周
        #[arg(long, value_name = "日期")]
        week: Option<String>,
        /// 输出文件夹（默认当前文件夹）
        #[arg(long, value_name = "文件夹", default_value = ".")]
        out: PathBuf,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
        /// 当年期号（默认按配置推算）
        #[arg(long, value_name = "N")]
        issue: Option<u32>,
        /// 总期号（默认按配置推算）
        #[arg(long, value_name = "M")]
        total_issue: Option<u32>,
        /// 输入文件：.xlsx .xlsm .xlsb .xls .ods .csv .txt，可以多个；后面的文件更新前面的同号工单
        #[arg(required = true, value_name = "输入文件")]
        inputs: Vec<PathBuf>,
    },
    /// 打印完整的内置配置（带说明），可保存为 hotline.toml 后修改
    Config,
}
