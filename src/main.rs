//! Thin entry point: parse the flags, run the library, print the error chain, set the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match hotline_bulletin::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match hotline_bulletin::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            // A mistake in how the command was called is a usage error, like clap's own.
            let usage = e
                .downcast_ref::<hotline_bulletin::app::UsageError>()
                .is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}
