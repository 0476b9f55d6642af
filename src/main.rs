//! Thin entry point: parse the flags, run the library, print the error chain, set the exit code
//! (0 done, warnings allowed; 1 an input, the configuration or an output unusable; 2 usage).

use std::process::ExitCode;

use clap::Parser;
use hotline_bulletin::app::{self, UsageError};

fn main() -> ExitCode {
    // A reader's panic on a malformed file is caught and reported as a damaged file
    // (`ingest::source`); any other panic is a bug of ours: say so in Chinese, then the detail.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !hotline_bulletin::ingest::source::panic_is_caught() {
            eprintln!("内部错误：这是程序的缺陷，请把输入文件和下面的信息发给开发人员");
            default_hook(info);
        }
    }));
    let cli = match hotline_bulletin::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if !e.use_stderr() {
                // --help and --version.
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // clap explains in English; say in Chinese what happened and where help is.
            eprintln!(
                "用法错误：命令写得不对，详见下方英文说明；运行 hotline-bulletin --help 查看用法"
            );
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            let usage = e.downcast_ref::<UsageError>().is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}
