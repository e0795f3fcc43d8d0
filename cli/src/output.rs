//! Printing: tables fitted to the terminal, one JSON document, or JSON Lines; colour
//! only where stdout is a terminal and `NO_COLOR` is unset (anstream decides).

use std::io::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::Value;

use crate::args::Mode;
use crate::error::CliError;

/// Section headings.
pub const HEADING: Style = Style::new().bold();
/// Names of actors in running text.
pub const NAME: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
/// Secondary details.
pub const DIM: Style = Style::new().dimmed();

/// `text` in `style` (the escape codes are stripped later where colour is off).
pub fn styled(style: Style, text: impl std::fmt::Display) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// A heading line.
pub fn heading(out: &mut String, title: &str) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&styled(HEADING, title));
    out.push('\n');
}

/// A table with these column headers, wrapped to the terminal's width when stdout is
/// one (and never wrapped when it is a pipe or file).
pub fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    t
}

/// A two-column table of labels and values, without a header.
pub fn kv_table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

/// Appends a table and a line break.
pub fn push_table(out: &mut String, t: &Table) {
    out.push_str(&t.to_string());
    out.push('\n');
}

/// Prints a command's answer: the human text, the JSON document, or one line per
/// element of the document's `list` array.
pub fn emit(mode: Mode, doc: &Value, list: &str, human: impl FnOnce() -> String) {
    let text = match mode {
        Mode::Human => human(),
        Mode::Json => {
            let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
            s.push('\n');
            s
        }
        Mode::JsonLines => {
            let mut s = String::new();
            if let Some(items) = doc.get(list).and_then(Value::as_array) {
                for item in items {
                    s.push_str(&item.to_string());
                    s.push('\n');
                }
            }
            s
        }
    };
    print_raw(&text);
}

/// Writes to stdout; a closed pipe (`| head`) ends the output quietly.
pub fn print_raw(text: &str) {
    let mut out = anstream::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints an error as one sentence on stderr.
pub fn print_error(e: &CliError) {
    let label = Style::new()
        .bold()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{}: {e}", styled(label, "error"));
}

/// Prints a note on stderr (what a command did, when stdout holds its data).
pub fn note(text: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Claims one line each (`#23  Iran supplies arms to Bolivia (2023-07), 0.79 from 3
/// voices: ...`), with their evidence below when the rows carry them.
pub fn claim_lines(out: &mut String, rows: &[crate::rows::ClaimRow]) {
    for r in rows {
        out.push_str(&format!(
            "  {} {}\n",
            styled(DIM, format!("#{:<4}", r.id)),
            r.text
        ));
        for e in r.evidence.iter().flatten() {
            out.push_str(&format!("        - {}\n", e.text));
        }
    }
}
