//! Runs the subcommands: load the configuration, ingest, reconcile, report, render, write.

use crate::cli::{Cli, Command};

/// Runs one command.
///
/// # Errors
/// Any input, configuration or output problem, as a chain of Chinese messages.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Config => {
            print!("{}", crate::config::DEFAULT_TOML);
            Ok(())
        }
        _ => anyhow::bail!("尚未实现"),
    }
}
