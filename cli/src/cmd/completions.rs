//! `completions SHELL`: a completion script on stdout.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::error::CliResult;

pub fn run(args: CompletionsArgs) -> CliResult {
    let mut command = Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "claimgraph",
        &mut std::io::stdout(),
    );
    Ok(())
}
