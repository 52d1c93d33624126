//! The gharbal command: parse flags, run, map the result to an exit code.

mod cli;
mod commands;
mod config;
mod jsonl_input;
mod walk;
mod windows;

use std::process::ExitCode;

use clap::Parser;

/// Exit codes scripts can rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success = 0,
    /// Some input (a file, or a JSON Lines record) could not be cleaned, a rules test failed, or
    /// `clean --check` found something to remove; the rest was done.
    Failure = 1,
    /// Bad usage or configuration (flags, rules files); nothing was done.
    Error = 2,
}

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let status = match commands::run(cli) {
        Ok(status) => status,
        Err(err) => {
            if is_broken_pipe(&err) {
                ExitStatus::Success
            } else {
                eprintln!("gharbal: error: {err:#}");
                ExitStatus::Error
            }
        }
    };
    ExitCode::from(status as u8)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
