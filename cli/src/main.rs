//! `claimgraph`: the command line of the claimgraph library.
//!
//! Each command lives in `cmd/<name>.rs` with its library calls at the top;
//! `rows.rs` gives actors and claims their output shapes.

mod args;
mod cmd;
mod detect;
mod error;
mod graphfile;
mod output;
mod progress;
mod rows;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

fn main() -> ExitCode {
    ignore_file_size_signal();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version on stdout with status 0, usage errors with 2.
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Past a file-size limit (`ulimit -f`) the kernel kills a writer with SIGXFSZ;
/// ignored, the write fails with EFBIG instead, so a save can report the failure and
/// remove its temporary file, leaving the previous graph file as it was.
#[cfg(unix)]
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN at start-up, before any
    // thread exists, has no memory-safety requirement.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_file_size_signal() {}
