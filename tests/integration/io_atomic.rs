//! Atomic saves: a save that fails half-way, whether its writer errors or the process
//! hits a file-size limit, leaves the previous file intact and no temporary file.

use crate::support::SEED;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use claimgraph::ClaimGraph;
use claimgraph::io::{AtomicFile, Exporter, Format, Importer, IoError, write_atomically};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The seed graph: 36 actors, 61 claim records.
fn seed() -> Result<ClaimGraph> {
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::JsonLines).import(SEED.as_bytes(), &mut g)?;
    Ok(g)
}

/// An empty folder of its own under the system's temporary folder.
fn fresh_dir(name: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("claimgraph-atomic-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Result<Vec<String>> {
    let mut names = std::fs::read_dir(dir)?
        .map(|e| Ok(e?.file_name().to_string_lossy().into_owned()))
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

/// A small graph saved as JSON: the "previous good file".
fn previous_file(path: &Path) -> Result<String> {
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::JsonLines).import(
        &b"{\"actor\":{\"key\":\"iran\",\"kind\":\"state\",\"name\":\"Iran\"}}\n"[..],
        &mut g,
    )?;
    let mut out = Vec::new();
    Exporter::from_format(Format::Json).export(&g, &mut out)?;
    std::fs::write(path, &out)?;
    Ok(String::from_utf8(out)?)
}

/// Asserts that `path` still holds `old` and loads as a one-actor graph.
fn assert_old_file_loads(path: &Path, old: &str) -> Result {
    let text = std::fs::read_to_string(path)?;
    assert_eq!(text, old);
    let mut g = ClaimGraph::new();
    Importer::from_format(Format::Json).import(text.as_bytes(), &mut g)?;
    assert_eq!((g.actor_count(), g.claim_count()), (1, 0));
    Ok(())
}

/// A writer that accepts `left` bytes, then fails as a full disk does.
struct FailAfter<'a, W: Write> {
    inner: &'a mut W,
    left: usize,
}

impl<W: Write> Write for FailAfter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[test]
fn a_save_whose_writer_fails_half_way_keeps_the_old_file() -> Result {
    let dir = fresh_dir("fail-after")?;
    let path = dir.join("graph.json");
    let old = previous_file(&path)?;
    let graph = seed()?;
    let mut full = Vec::new();
    Exporter::from_format(Format::Json).export(&graph, &mut full)?;
    // Fail in the middle of the new document, well past the old file's length.
    let half = full.len() / 2;
    assert!(half > old.len());
    let result = write_atomically(&path, |file| {
        let mut limited = FailAfter {
            inner: file,
            left: half,
        };
        Exporter::from_format(Format::Json).export(&graph, &mut limited)
    });
    match result {
        Err(IoError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::StorageFull),
        other => panic!("expected the writer's error, got {other:?}"),
    }
    assert_old_file_loads(&path, &old)?;
    assert_eq!(listing(&dir)?, ["graph.json"]);

    // The same save without the failure replaces the file and leaves nothing else.
    let report = write_atomically(&path, |file| {
        Exporter::from_format(Format::Json).export(&graph, file)
    })?;
    assert_eq!((report.actors, report.claims), (36, graph.claim_count()));
    assert_eq!(std::fs::read(&path)?, full);
    assert_eq!(listing(&dir)?, ["graph.json"]);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// A private graph stays private: the replacement takes the replaced file's mode,
/// not the umask's default.
#[test]
#[cfg(unix)]
fn a_replaced_file_keeps_its_mode() -> Result {
    use std::os::unix::fs::PermissionsExt;
    let dir = fresh_dir("mode")?;
    let path = dir.join("graph.jsonl");
    std::fs::write(&path, "")?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    let g = seed()?;
    write_atomically(&path, |file| {
        Exporter::from_format(Format::JsonLines).export(&g, file)
    })?;
    assert_eq!(
        std::fs::metadata(&path)?.permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(listing(&dir)?, ["graph.jsonl"]);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn an_uncommitted_atomic_file_is_removed_and_the_target_untouched() -> Result {
    let dir = fresh_dir("drop")?;
    let path = dir.join("notes.txt");
    std::fs::write(&path, "old")?;
    {
        let mut file = AtomicFile::create(&path)?;
        file.write_all(b"new but unfinished")?;
        file.flush()?;
        assert_eq!(
            listing(&dir)?.len(),
            2,
            "the temporary sits beside the target"
        );
        assert_eq!(file.target(), path);
    }
    assert_eq!(std::fs::read_to_string(&path)?, "old");
    assert_eq!(listing(&dir)?, ["notes.txt"]);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn export_files_replaces_every_file_and_leaves_no_temporary() -> Result {
    let dir = fresh_dir("export-files")?;
    std::fs::write(dir.join("actors.csv"), "old actors")?;
    std::fs::write(dir.join("claims.csv"), "old claims")?;
    let graph = seed()?;
    let report = Exporter::from_format(Format::Neo4jCsv).export_files(&graph, &dir)?;
    assert_eq!(
        report.files,
        [dir.join("actors.csv"), dir.join("claims.csv")]
    );
    assert_eq!(listing(&dir)?, ["actors.csv", "claims.csv"]);
    let actors = std::fs::read_to_string(dir.join("actors.csv"))?;
    // A header and one row per actor (no actor of the seed has a line break).
    assert_eq!(actors.lines().count(), 1 + 36);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The environment variable naming the folder the child save writes into.
const CHILD_DIR: &str = "CLAIMGRAPH_ATOMIC_CHILD_DIR";

/// Run by [`a_save_past_the_file_size_limit_keeps_the_old_file`] in a child process
/// whose file-size limit is 4 KiB: the JSON export of the seed (about 60 KB) fails
/// with `EFBIG` part-way, and the save must clean up after itself.
#[test]
#[ignore = "run by a_save_past_the_file_size_limit_keeps_the_old_file in a child process"]
fn child_save_under_a_file_size_limit() -> Result {
    let dir = PathBuf::from(std::env::var_os(CHILD_DIR).ok_or("run by the parent test")?);
    let result = Exporter::from_format(Format::Json).export_files(&seed()?, &dir);
    match result {
        Err(IoError::Io(e)) => {
            // EFBIG, "File too large".
            assert_eq!(e.raw_os_error(), Some(27), "{e}");
            Ok(())
        }
        other => panic!("expected EFBIG, got {other:?}"),
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_save_past_the_file_size_limit_keeps_the_old_file() -> Result {
    let dir = fresh_dir("fsize")?;
    let path = dir.join("graph.json");
    let old = previous_file(&path)?;
    let exe = std::env::current_exe()?;
    // SIGXFSZ ignored, so that the write fails with EFBIG instead of killing the
    // child: the save's own clean-up is what is tested. `ulimit -f` counts KiB in bash.
    let child = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"")
        .arg(&exe)
        .args([
            "--ignored",
            "--exact",
            "io_atomic::child_save_under_a_file_size_limit",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, &dir)
        .output()?;
    assert!(
        child.status.success(),
        "the child save did not fail as expected: {}",
        String::from_utf8_lossy(&child.stdout)
    );
    assert_old_file_loads(&path, &old)?;
    assert_eq!(listing(&dir)?, ["graph.json"]);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Wherever the writer fails, the old file stays whole and nothing is left.
        #[test]
        fn a_failure_at_any_byte_keeps_the_old_file(fraction in 0.0f64..1.0) {
            let dir = fresh_dir(&format!("prop-{}", fraction.to_bits())).unwrap();
            let path = dir.join("graph.jsonl");
            std::fs::write(&path, SEED).unwrap();
            let graph = seed().unwrap();
            let mut full = Vec::new();
            Exporter::from_format(Format::JsonLines).export(&graph, &mut full).unwrap();
            let fail_at = (fraction * full.len() as f64) as usize;
            let result = write_atomically(&path, |file| {
                let mut limited = FailAfter { inner: file, left: fail_at };
                Exporter::from_format(Format::JsonLines).export(&graph, &mut limited)
            });
            prop_assert!(result.is_err());
            prop_assert_eq!(std::fs::read_to_string(&path).unwrap(), SEED);
            prop_assert_eq!(listing(&dir).unwrap(), ["graph.jsonl"]);
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}
