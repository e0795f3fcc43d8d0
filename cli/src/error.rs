//! The CLI's errors: one plain sentence each, and the exit code it maps to.

use std::fmt;

/// What went wrong, by the exit code a script can act on.
#[derive(Debug)]
pub enum CliError {
    /// The command line asked for something impossible (exit 2).
    Usage(String),
    /// An input file or graph file holds bad data (exit 3).
    Data(String),
    /// An actor, claim or file that was named does not exist (exit 4).
    NotFound(String),
    /// Anything else: a failed write, a missing tool (exit 1).
    Other(String),
}

impl CliError {
    /// The process exit code documented in cli/README.md.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Other(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Data(_) => 3,
            CliError::NotFound(_) => 4,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Data(m) | CliError::NotFound(m) | CliError::Other(m) => {
                f.write_str(m)
            }
        }
    }
}

/// The result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

/// `IoError`s name their line and field; the CLI adds which file. Input errors are
/// bad data (3); failures of the reader or writer itself are "other" (1).
pub fn io_error(file: &str, e: claimgraph::io::IoError) -> CliError {
    use claimgraph::io::IoError;
    match e {
        IoError::Io(inner) => CliError::Other(format!("{file}: {inner}")),
        IoError::Unsupported { .. } => CliError::Usage(format!("{file}: {e}")),
        other => CliError::Data(format!("{file}: {other}")),
    }
}
