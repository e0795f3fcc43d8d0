//! The import progress bar on stderr: bytes, records per second and time left.

use std::io::{self, Read, Write};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use crate::args::ProgressMode;

/// Files above this size get a bar in `auto` mode: smaller ones finish before a bar
/// would help.
pub const AUTO_MIN_BYTES: u64 = 4_000_000;

/// A bar for a file of `total` bytes, or a hidden one.
pub fn bar(mode: ProgressMode, total: u64, name: &str) -> ProgressBar {
    use std::io::IsTerminal;
    let target = match mode {
        ProgressMode::Never => return ProgressBar::hidden(),
        ProgressMode::Auto if !io::stderr().is_terminal() || total < AUTO_MIN_BYTES => {
            return ProgressBar::hidden();
        }
        ProgressMode::Auto => ProgressDrawTarget::stderr(),
        // indicatif draws nothing where stderr is not a terminal; forced, it writes to
        // stderr as if it were one.
        ProgressMode::Always => ProgressDrawTarget::term_like(Box::new(ForcedStderr)),
    };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(name.to_owned());
    bar
}

/// Counts bytes and lines (records, for the line formats) as the importer reads.
pub struct Counting<R> {
    inner: R,
    bar: ProgressBar,
    lines: u64,
    started: Instant,
    since_update: usize,
}

impl<R> Counting<R> {
    pub fn new(inner: R, bar: ProgressBar) -> Self {
        Counting {
            inner,
            bar,
            lines: 0,
            started: Instant::now(),
            since_update: 0,
        }
    }

    fn update(&mut self) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} records, {:.0} records/s",
            self.lines,
            self.lines as f64 / secs
        ));
    }

    /// Draws the final state and leaves it on screen.
    pub fn finish(mut self) {
        self.update();
        self.bar.finish();
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        self.bar.inc(n as u64);
        self.since_update += n;
        if self.since_update >= 256 * 1024 {
            self.since_update = 0;
            self.update();
        }
        Ok(n)
    }
}

/// stderr treated as an 80-column terminal.
#[derive(Debug)]
struct ForcedStderr;

impl ForcedStderr {
    fn escape(&self, code: &str) -> io::Result<()> {
        io::stderr().write_all(code.as_bytes())
    }
}

impl TermLike for ForcedStderr {
    fn width(&self) -> u16 {
        80
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.escape(&format!("\x1b[{n}A"))
        } else {
            Ok(())
        }
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.escape(&format!("\x1b[{n}B"))
        } else {
            Ok(())
        }
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.escape(&format!("\x1b[{n}C"))
        } else {
            Ok(())
        }
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.escape(&format!("\x1b[{n}D"))
        } else {
            Ok(())
        }
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        writeln!(io::stderr(), "{s}")
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        io::stderr().write_all(s.as_bytes())
    }

    fn clear_line(&self) -> io::Result<()> {
        self.escape("\r\x1b[2K")
    }

    fn flush(&self) -> io::Result<()> {
        io::stderr().flush()
    }
}
