//! Stage two for tables: rows placed on columns → task drafts. Carries the
//! state a printed table leaves implicit: the chapter and section headings
//! above a row, and merged cells (number, measure, task text) that are
//! printed once and left empty below.
//!
//! This module must not split or resolve units; it hands unit cells on.

use super::columns::{place, Header};
use super::draft::{Draft, UnitCell};
use super::raw::RawCell;
use super::rows::Event;
use super::{prose, shape, Diagnostic, Severity};
use crate::model::Role;

#[derive(Default)]
struct State {
    chapter: Option<String>,
    section: Option<String>,
    measure: Option<String>,
    number: Option<String>,
    task: Option<String>,
}

impl State {
    /// Applies a heading. A chapter heading repeated after a page break
    /// (same words, maybe wrapped differently) changes nothing.
    fn heading(&mut self, text: &str) {
        let squashed = shape::squash(text);
        if shape::is_chapter_heading(text) {
            if self.chapter.as_deref().map(shape::squash) == Some(squashed) {
                return;
            }
            self.chapter = Some(text.to_string());
            self.section = None;
        } else {
            if self.section.as_deref().map(shape::squash) == Some(squashed) {
                return;
            }
            self.section = Some(text.to_string());
        }
        // Merged cells never span a heading.
        self.measure = None;
        self.task = None;
    }
}

fn joined(cells: &[&RawCell]) -> Option<String> {
    let text: Vec<String> = cells.iter().map(|c| c.text()).filter(|t| !t.is_empty()).collect();
    (!text.is_empty()).then(|| text.join("\n"))
}

fn is_note(text: &str) -> bool {
    ["备注", "注：", "注:", "说明"].iter().any(|p| text.starts_with(p))
}

fn diagnostic(line: u32, severity: Severity, code: &str, message: String) -> Diagnostic {
    Diagnostic { line, severity, code: code.to_string(), message }
}

/// Turns grouped rows into drafts, reporting rows it cannot read.
pub fn drafts(header: &Header, events: Vec<Event>, diags: &mut Vec<Diagnostic>) -> Vec<Draft> {
    let mut state = State::default();
    let mut out = Vec::new();
    for event in events {
        match event {
            Event::Heading(cell) => state.heading(&cell.text()),
            Event::Stray { line, text } => {
                if !is_note(&text) {
                    diags.push(diagnostic(
                        line,
                        Severity::Warning,
                        "stray-text",
                        format!("text outside any table row was skipped: `{text}`"),
                    ));
                }
            }
            Event::Row { cells, complete } => {
                if let Some(d) = row(header, &cells, complete, &mut state, diags) {
                    out.push(d);
                }
            }
        }
    }
    out
}

fn row(
    header: &Header,
    cells: &[RawCell],
    complete: bool,
    state: &mut State,
    diags: &mut Vec<Diagnostic>,
) -> Option<Draft> {
    let first_line = cells.iter().find(|c| !c.is_empty()).map_or(cells.first()?.line, |c| c.line);
    let placed = place(header, cells);
    // Label cells: headings by shape, otherwise the measure.
    let mut measure_parts = Vec::new();
    for cell in placed.extra.iter().chain(&placed.measure) {
        let text = cell.text();
        if shape::is_heading(&text) {
            state.heading(&text);
        } else if !text.is_empty() {
            measure_parts.push(text);
        }
    }
    if !measure_parts.is_empty() {
        state.measure = Some(measure_parts.join("\n"));
    }
    let mut number = placed.number.map(|c| c.text()).filter(|t| !t.is_empty());
    let mut text = placed.task.map(|c| c.text()).unwrap_or_default();
    if let Some((n, rest)) = shape::numbered_item(&text) {
        if number.is_none() {
            number = Some(n.to_string());
            text = rest.to_string();
        }
    }
    let detail = joined(&placed.detail);
    let deadline = joined(&placed.deadline);
    let has_units = placed.lead.iter().chain(&placed.support).any(|c| !c.is_empty());
    if number.is_none() && text.is_empty() && detail.is_none() && !has_units {
        return None;
    }
    // A numbered row narrower than the header lost cells; an unnumbered
    // one is a continuation row and inherits them.
    let short = placed.number.is_some_and(|c| !c.is_empty()) && cells.len() < header.columns.len();
    if !complete || short {
        diags.push(diagnostic(
            first_line,
            Severity::Warning,
            "short-row",
            format!(
                "the row at line {first_line} has {} cells, fewer than its columns; cells were placed from the right",
                cells.len()
            ),
        ));
    }
    let number = number.or_else(|| state.number.clone());
    state.number.clone_from(&number);
    if text.is_empty() {
        text = state.task.clone().unwrap_or_default();
    }
    if text.is_empty() {
        diags.push(diagnostic(
            first_line,
            Severity::Error,
            "no-task-text",
            format!("the row at line {first_line} has no task text and none to inherit; it was skipped"),
        ));
        return None;
    }
    state.task = Some(text.clone());
    // A cell may name roles itself (`牵头单位：…` / `配合单位：…`,
    // `A牵头，B配合`); otherwise its column's role holds.
    let units = |cells: &[&RawCell], role: Role| {
        let mut out = Vec::new();
        for c in cells.iter().filter(|c| !c.is_empty()) {
            match prose::roles_in_cell(&c.lines) {
                Some(groups) => {
                    out.extend(groups.into_iter().map(|(role, lines)| UnitCell { role, line: c.line, lines }))
                }
                None => out.push(UnitCell { role, line: c.line, lines: c.lines.clone() }),
            }
        }
        out
    };
    let mut unit_cells = units(&placed.lead, Role::Lead);
    unit_cells.extend(units(&placed.support, Role::Support));
    Some(Draft {
        line: first_line,
        number,
        chapter: state.chapter.clone(),
        section: state.section.clone(),
        measure: state.measure.clone(),
        text,
        detail,
        deadline,
        units: unit_cells,
    })
}
