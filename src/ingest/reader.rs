//! The reader entry point: text → [`ParsedDocument`]. Runs the stages in
//! order (raw cells, header, rows, drafts, units and deadlines) and turns
//! every problem into a [`Diagnostic`]. One code path for every document:
//! what differs between documents is found in the text, never chosen by
//! file name.

use super::columns::Header;
use super::deadline::{read_deadlines, read_deadlines_in};
use super::directory::{PlaceNames, Resolver};
use super::draft::Draft;
use super::formats::Input;
use super::raw::{self, Layout, RawItem, RawTable};
use super::script::{self, Script};
use super::{
    assign, boxes, columnar, columns, columnwise, matrix, meta, prose, records, rows, runon, shape, table,
    trailing,
};
use super::{Diagnostic, DiagnosticCode, Directory, ParsedDocument, ParsedTask, Severity, Source};
use crate::model::{Location, MilestoneSource};

/// Reads one task-division document given as text. Never panics; problems
/// become diagnostics.
pub fn read(text: &str, source: &Source, directory: &Directory) -> ParsedDocument {
    let mut doc = read_text(text, source, directory);
    locate(&mut doc, |line| (line > 0).then_some(Location::Line { line }));
    doc
}

/// Reads one opened file (see [`super::formats::open`]): text through the
/// scanner, a structured file through its cells. Tasks and diagnostics say
/// where in the file they were read.
pub fn read_input(input: &Input, source: &Source, directory: &Directory) -> ParsedDocument {
    let mut doc = match input.flat() {
        None => read_text(input.lines(), source, directory),
        Some(flat) => {
            let narrowed = shape::narrow_width(&flat.text);
            let (simplified, script) = script::simplify(narrowed.as_ref());
            let lines: Vec<&str> = simplified.lines().collect();
            read_scanned(&lines, matrix::rewrite(flat.raw(&lines)), false, &script, source, directory)
        }
    };
    locate(&mut doc, |line| input.location(line));
    doc
}

/// Text through the scanner, after the normalising of stage one.
fn read_text(text: &str, source: &Source, directory: &Directory) -> ParsedDocument {
    let narrowed = shape::narrow_width(text);
    let redrawn = boxes::redraw(narrowed.as_ref());
    let (simplified, script) = script::simplify(redrawn.as_ref());
    let text = simplified.as_ref();
    let lines: Vec<&str> = text.lines().collect();
    read_scanned(&lines, matrix::rewrite(raw::scan(text)), true, &script, source, directory)
}

/// Gives every task and diagnostic the location of its line in the file.
fn locate(doc: &mut ParsedDocument, location: impl Fn(u32) -> Option<Location>) {
    for task in &mut doc.tasks {
        task.location = location(task.line).unwrap_or(Location::Line { line: task.line });
    }
    for diagnostic in &mut doc.diagnostics {
        diagnostic.location = location(diagnostic.line);
    }
}

/// The stages after the scan. `by_lines` lets the readers that find tables
/// in the printed lines themselves (fixed-width columns, a column after
/// another, text run together) try when the scan finds no header: a
/// structured file's cells are certain, so it leaves them out.
fn read_scanned(
    lines: &[&str],
    raw: RawTable,
    by_lines: bool,
    script: &Script,
    source: &Source,
    directory: &Directory,
) -> ParsedDocument {
    let mut diags = Vec::new();
    // A table laid out in fixed-width columns is read by position.
    let columned = if by_lines { columnar::find(lines) } else { None };
    let tables = if columned.is_none() { columns::find_tables(&raw.items) } else { Vec::new() };
    // Without a header of cells in a row, the columns may follow each other.
    let columned =
        columned.or_else(|| if tables.is_empty() && by_lines { columnwise::find(lines) } else { None });
    // Without a header row, each task may have a small table of its own
    // (key | value); a structured file prints those as cells too.
    let columned = columned.or_else(|| if tables.is_empty() { records::find(lines) } else { None });
    let header = tables.first().map(|(h, _)| h);
    // Without a header of cells, the header may be run together with the
    // text around it (a text layer that lost every separator).
    let run_on = if header.is_none() && columned.is_none() && by_lines { runon::find(lines) } else { None };
    let preamble: Vec<(u32, String)> = match (&header, &run_on, &columned) {
        (_, _, Some(c)) => {
            lines[..c.header_index].iter().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect()
        }
        (Some(h), _, _) => raw.items[..h.start].iter().filter_map(item_text).collect(),
        (None, Some(r), None) => {
            let at = r.header_line as usize - 1;
            let mut before: Vec<(u32, String)> =
                lines[..at].iter().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect();
            before.push((r.header_line, lines[at][..r.header_offset].to_string()));
            before
        }
        (None, None, None) => lines.iter().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect(),
    };
    let found_title = meta::find_title(&preamble).map(|t| script.restore(&t));
    let title = source.title.clone().or_else(|| found_title.clone());
    let (place, issued_inside) = meta::place(source.place.as_deref(), found_title.as_deref(), &preamble);
    if let Some((line, message)) = issued_inside {
        warn(&mut diags, line, DiagnosticCode::IssuerInsidePlace, message);
    }
    let year = meta::document_year(title.as_deref(), &preamble);
    let date = meta::document_date(source.date, title.as_deref(), &preamble, lines);

    let mut drafts = prose::read_prose(&preamble);
    match header {
        Some(_) => {
            for (h, end) in &tables {
                drafts.extend(read_table(raw.layout, h, &raw.items[h.end..*end], &mut diags));
            }
        }
        None if run_on.is_some() || columned.is_some() => {
            if let Some(r) = run_on {
                drafts.extend(table::drafts(&r.header, r.events, &mut diags));
            }
            if let Some(c) = columned {
                drafts.extend(table::drafts(&c.header, c.events, &mut diags));
            }
        }
        None if drafts.is_empty() => diags.push(Diagnostic {
            location: None,
            line: 0,
            severity: Severity::Error,
            code: DiagnosticCode::NoTable,
            message: format!(
                "`{}` holds no task table: no header row (序号, 工作任务, 牵头单位 …) and no numbered tasks naming units",
                source.name
            ),
        }),
        None => {}
    }
    let names = PlaceNames::new(place.as_deref());
    let context = Context { resolver: Resolver::new(directory, names.as_ref()), year: year.map(|(y, _)| y) };
    let mut yearless = Vec::new();
    let mut tasks: Vec<ParsedTask> =
        drafts.into_iter().map(|d| finish(d, &context, &mut yearless, &mut diags)).collect();
    if let (Some(&first), Some((y, from))) = (yearless.first(), year) {
        warn(
            &mut diags,
            first,
            DiagnosticCode::YearFromDocument,
            format!(
                "{} deadline(s) print no year (first at line {first}); they were read as {y}, the year of {}",
                yearless.len(),
                from.describe()
            ),
        );
    }
    if script.is_traditional() {
        tasks.iter_mut().for_each(|t| restore_printed(t, script));
    }
    diags.sort_by_key(|d| d.line);
    ParsedDocument { title, place, date, tasks, diagnostics: diags }
}

/// Gives a task read from simplified text its printed characters back;
/// canonical unit names stay simplified, so they compare across documents.
fn restore_printed(task: &mut ParsedTask, script: &Script) {
    let restore = |s: &mut String| *s = script.restore(s);
    for field in [
        &mut task.number,
        &mut task.chapter,
        &mut task.section,
        &mut task.measure,
        &mut task.detail,
        &mut task.deadline,
    ] {
        if let Some(s) = field.as_mut() {
            restore(s);
        }
    }
    restore(&mut task.text);
    task.units.iter_mut().for_each(|u| restore(&mut u.printed));
    task.milestones.iter_mut().for_each(|m| restore(&mut m.text));
}

fn item_text(item: &RawItem) -> Option<(u32, String)> {
    match item {
        RawItem::Cell(c) if !c.is_empty() => Some((c.line, c.lines.join("\n"))),
        RawItem::Line { line, text } => Some((*line, text.clone())),
        _ => None,
    }
}

/// Real tasks name a handful of dates; thousands mean the input is not a
/// task table (and milestone positions are stored as u16).
const MAX_MILESTONES_PER_TASK: usize = 1000;

fn warn(diags: &mut Vec<Diagnostic>, line: u32, code: DiagnosticCode, message: String) {
    diags.push(Diagnostic::new(line, Severity::Warning, code, message));
}

/// Reads the rows of one table under its header.
fn read_table(layout: Layout, h: &Header, body: &[RawItem], diags: &mut Vec<Diagnostic>) -> Vec<Draft> {
    if !h.has_units() {
        diags.push(Diagnostic {
            location: None,
            line: h.line,
            severity: Severity::Error,
            code: DiagnosticCode::NoUnitColumn,
            message: format!(
                "the header at line {} names no 牵头单位/责任单位/配合单位 column, so no task has units",
                h.line
            ),
        });
    }
    let wider = trailing::unnamed_deadline_column(layout, h, body);
    if wider.is_some() {
        warn(
            diags,
            h.line,
            DiagnosticCode::UnnamedDeadlineColumn,
            format!(
                "the header at line {} names no 完成时限/时间进度 column, but most rows end in a deadline; that cell was read as the deadline",
                h.line
            ),
        );
    }
    let h = wider.as_ref().unwrap_or(h);
    let events = rows::group(layout, h, body);
    table::drafts(h, events, diags)
}

/// What every task of a document is finished with.
struct Context<'a> {
    /// Resolves units in the document's place.
    resolver: Resolver<'a>,
    /// The document's year, for deadlines printed without one.
    year: Option<i32>,
}

/// Splits and resolves the draft's units, reads its deadlines; records in
/// `yearless` the line of a deadline that took the document's year.
fn finish(draft: Draft, cx: &Context, yearless: &mut Vec<u32>, diags: &mut Vec<Diagnostic>) -> ParsedTask {
    let units = assign::units(&draft, &cx.resolver, diags);
    if units.is_empty() {
        let what = draft.number.as_deref().map_or_else(|| "the task".to_string(), |n| format!("task {n}"));
        warn(
            diags,
            draft.line,
            DiagnosticCode::NoUnits,
            format!("{what} at line {} names no responsible unit", draft.line),
        );
    }
    let mut milestones = Vec::new();
    let mut ongoing = false;
    if let Some(deadline) = &draft.deadline {
        let d = read_deadlines_in(deadline, MilestoneSource::DeadlineColumn, cx.year);
        if cx.year.is_some()
            && d.milestones.len() > read_deadlines(deadline, MilestoneSource::DeadlineColumn).milestones.len()
        {
            yearless.push(draft.line);
        }
        milestones.extend(d.milestones);
        ongoing |= d.ongoing;
    }
    let task_words = match &draft.detail {
        Some(detail) => format!("{}\n{detail}", draft.text),
        None => draft.text.clone(),
    };
    // A task text says the task is open-ended only in a clause of its own
    // at the end (…培训，持续实施。): 持续推进产业转型 describes the work.
    let d = read_deadlines(&task_words, MilestoneSource::TaskText);
    milestones.extend(d.milestones);
    let last_clause = draft
        .text
        .trim_end_matches(['。', '；', ';', ' '])
        .rsplit(['，', ',', '；', ';', '。'])
        .next()
        .unwrap_or("");
    ongoing |= last_clause.chars().count() <= 6
        && read_deadlines(last_clause, MilestoneSource::DeadlineColumn).ongoing;
    if milestones.len() > MAX_MILESTONES_PER_TASK {
        diags.push(Diagnostic {
            location: None,
            line: draft.line,
            severity: Severity::Error,
            code: DiagnosticCode::TooManyMilestones,
            message: format!(
                "the task at line {} names {} dates; a task holds at most {MAX_MILESTONES_PER_TASK}",
                draft.line,
                milestones.len()
            ),
        });
        milestones.truncate(MAX_MILESTONES_PER_TASK);
    }
    ParsedTask {
        number: draft.number,
        chapter: draft.chapter,
        section: draft.section,
        measure: draft.measure,
        text: draft.text,
        detail: draft.detail,
        deadline: draft.deadline,
        ongoing,
        line: draft.line,
        location: Location::Line { line: draft.line },
        last_line: draft.last_line.max(draft.line),
        units,
        milestones,
    }
}
