//! `dutygraph extract --explain`: the reading of a document for people.
//! For every task, the lines it was read from and, for every unit, what
//! gave it its role (a column's header word, a label, a verb, a ★, a
//! heading, the merged cell above, the first-printed rule), then the
//! diagnostics. Nothing here decides anything: it prints what the reader
//! recorded.
//!
//! This module must not read documents itself.

use std::fmt::Write;

use super::assign;
use super::ParsedDocument;
use crate::model::Role;

/// How many printed lines of a task to show; the rest is counted.
const MAX_LINES: usize = 8;
/// How many characters of a line to show.
const MAX_CHARS: usize = 90;

fn clip(line: &str) -> String {
    let mut out: String = line.trim_end().chars().take(MAX_CHARS).collect();
    if line.trim_end().chars().count() > MAX_CHARS {
        out.push('…');
    }
    out
}

/// The report, from the parsed document and the text it was read from.
pub fn report(doc: &ParsedDocument, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "place: {} · title: {} · {} task(s)",
        doc.place.as_deref().unwrap_or("(none)"),
        doc.title.as_deref().unwrap_or("(none)"),
        doc.tasks.len()
    );
    for (i, task) in doc.tasks.iter().enumerate() {
        let span = if task.last_line > task.line {
            format!("lines {}–{}", task.line, task.last_line)
        } else {
            format!("line {}", task.line)
        };
        let number = task.number.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
        let _ = writeln!(out, "\ntask {}{number}, {span}: {}", i + 1, clip(&task.text));
        let from = task.line.max(1) as usize - 1;
        let to = (task.last_line.max(task.line) as usize).min(lines.len());
        for (k, line) in lines.iter().enumerate().take(to).skip(from).take(MAX_LINES) {
            let _ = writeln!(out, "  {:>5} │ {}", k + 1, clip(line));
        }
        if to.saturating_sub(from) > MAX_LINES {
            let _ = writeln!(out, "        │ … {} more line(s)", to - from - MAX_LINES);
        }
        for u in &task.units {
            let role = if u.role == Role::Lead { "lead" } else { "support" };
            let canonical =
                if u.canonical == u.printed { String::new() } else { format!(" = {}", u.canonical) };
            let _ = writeln!(
                out,
                "  {role} {}: {}{canonical} [{}]; {}",
                u.rank,
                u.printed,
                u.category,
                assign::explain(u)
            );
        }
        if task.units.is_empty() {
            let _ = writeln!(out, "  no unit: neither a unit column nor a label, verb or heading names one");
        }
        if let Some(deadline) = &task.deadline {
            let dates: Vec<String> = task
                .milestones
                .iter()
                .filter(|m| m.source == crate::model::MilestoneSource::DeadlineColumn)
                .map(|m| m.date.to_string())
                .collect();
            let ongoing = if task.ongoing { " (ongoing)" } else { "" };
            let _ = writeln!(
                out,
                "  deadline: {deadline} → {}{ongoing}",
                if dates.is_empty() { "no date".into() } else { dates.join(", ") }
            );
        }
    }
    if !doc.diagnostics.is_empty() {
        let _ = writeln!(out, "\ndiagnostics:");
        for d in &doc.diagnostics {
            let at = if d.line == 0 { "document".to_string() } else { format!("line {}", d.line) };
            let _ = writeln!(out, "  {at}: {:?} {}: {}", d.severity, d.code, d.message);
        }
    }
    out
}
