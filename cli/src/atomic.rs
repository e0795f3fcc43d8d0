//! Atomic file writes: a temporary file beside the target, flushed and fsynced, then
//! renamed over it, and the folder fsynced.
//!
//! The library is gaining its own atomic writer in `io` (issue 8); when it lands, this
//! module is replaced by calls to it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes `path` through `write`, all or nothing: on any failure the previous file
/// (if any) is left as it was and the temporary file is removed. The error is the
/// reason alone; the caller says what was being written.
pub fn write_file<F>(path: &Path, write: F) -> Result<(), String>
where
    F: FnOnce(&mut BufWriter<&File>) -> Result<(), String>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".claimgraph-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(permissions(path));
    let temp = builder.tempfile_in(dir).map_err(|e| e.to_string())?;
    let failed = |e: std::io::Error| e.to_string();
    {
        let mut w = BufWriter::new(temp.as_file());
        write(&mut w)?;
        w.flush().map_err(failed)?;
    }
    temp.as_file().sync_all().map_err(failed)?;
    // Dropping `temp` on any error above deletes the temporary file.
    temp.persist(path).map_err(|e| failed(e.error))?;
    sync_dir(dir).map_err(failed)
}

/// The replaced file keeps its permissions; a new one gets the usual 0666 less the
/// umask, not the owner-only mode of temporary files.
#[cfg(unix)]
fn permissions(path: &Path) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666))
}

/// Makes the rename durable: the folder's entry must reach the disk too.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
