//! Which format a file to import is in: from its extension and its first bytes.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use claimgraph::io::Format;

use clap::ValueEnum;

use crate::args::ImportFormat;

/// The library format of an explicit `--format`: the flag's values are the
/// library's format ids (`Format::id`), `auto` aside.
pub fn explicit(format: ImportFormat) -> Option<Format> {
    format.to_possible_value()?.get_name().parse().ok()
}

/// The format an extension suggests, when it says enough (`.csv` does not: GDELT or
/// Bitcoin-OTC).
pub fn from_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let ext = name.rsplit('.').next()?;
    match ext {
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "ijson" | "ftm" => Some(Format::FollowTheMoney),
        "tsv" | "txt" => Some(Format::Icews),
        _ => None,
    }
}

/// The first few kilobytes of a file.
pub fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(16 * 1024);
    File::open(path)?.take(16 * 1024).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The format the first bytes look like, if any.
pub fn sniff(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start();
    let first = text.lines().next()?.trim_end();
    if first.starts_with('{') {
        return Some(match serde_json::from_str::<serde_json::Value>(first) {
            Ok(serde_json::Value::Object(o))
                if o.contains_key("actor") || o.contains_key("claim") =>
            {
                Format::JsonLines
            }
            Ok(serde_json::Value::Object(o)) if o.contains_key("schema") => Format::FollowTheMoney,
            // A document spread over lines, or one-line document with a version.
            _ => Format::Json,
        });
    }
    // Counted before trimming: trailing empty fields are fields (GDELT mentions often
    // end with an empty Extras column).
    let raw = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    let tabs = raw.split('\t').count();
    if tabs == 16 {
        return Some(Format::GdeltMentions);
    }
    if tabs >= 57 {
        return Some(Format::GdeltEvents);
    }
    if tabs == 4 {
        return Some(Format::Icews);
    }
    let commas: Vec<&str> = first.split(',').collect();
    if commas.len() >= 57 {
        return Some(Format::GdeltEvents);
    }
    if commas.len() == 4 && commas.iter().all(|f| f.trim().parse::<f64>().is_ok()) {
        return Some(Format::BitcoinOtc);
    }
    None
}
