//! The reader entry point: text → [`ParsedDocument`]. Runs the stages in
//! order (raw cells, header, rows, drafts, units and deadlines) and turns
//! every problem into a [`Diagnostic`]. One code path for every document:
//! what differs between documents is found in the text, never chosen by
//! file name.

use super::deadline::read_deadlines;
use super::draft::{Draft, UnitCell};
use super::vocab::{resolve_role, ColumnKind};
use super::raw::{self, RawItem};
use super::units::{split_units, Known, UnitName};
use super::{columns, prose, rows, shape, table, trailing};
use super::{Diagnostic, Directory, ParsedDocument, ParsedTask, ParsedUnit, Severity, Source};
use crate::model::{MilestoneSource, Role};

/// Words that mark a table's title line.
const TITLE_WORDS: &[&str] =
    &["分工表", "分解表", "清单", "分工", "任务表", "安排表", "责任表", "一览表", "台账"];

/// Reads one task-division document. Never panics; problems become diagnostics.
pub fn read(text: &str, source: &Source, directory: &Directory) -> ParsedDocument {
    let narrowed = shape::narrow_digits(text);
    let text = narrowed.as_ref();
    let raw = raw::scan(text);
    let mut diags = Vec::new();
    let header = columns::find_header(&raw.items);
    let preamble: Vec<(u32, String)> = match &header {
        Some(h) => raw.items[..h.start].iter().filter_map(item_text).collect(),
        None => text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect(),
    };
    let found_title = find_title(&preamble);
    let title = source.title.clone().or_else(|| found_title.clone());
    let city = source.city.clone().or_else(|| found_title.as_deref().and_then(city_from_title));

    let mut drafts = prose::read_prose(&preamble);
    match &header {
        Some(h) => {
            if !h.has_units() {
                diags.push(Diagnostic {
                    line: h.line,
                    severity: Severity::Error,
                    code: "no-unit-column".into(),
                    message: format!(
                        "the header at line {} names no 牵头单位/责任单位/配合单位 column, so no task has units",
                        h.line
                    ),
                });
            }
            let body = &raw.items[h.end..];
            let wider = trailing::unnamed_deadline_column(raw.layout, h, body);
            if wider.is_some() {
                warn(
                    &mut diags,
                    h.line,
                    "unnamed-deadline-column",
                    format!(
                        "the header at line {} names no 完成时限/时间进度 column, but most rows end in a deadline; that cell was read as the deadline",
                        h.line
                    ),
                );
            }
            let h = wider.as_ref().unwrap_or(h);
            let events = rows::group(raw.layout, h, body);
            drafts.extend(table::drafts(h, events, &mut diags));
        }
        None if drafts.is_empty() => diags.push(Diagnostic {
            line: 0,
            severity: Severity::Error,
            code: "no-table".into(),
            message: format!(
                "`{}` holds no task table: no header row (序号, 工作任务, 牵头单位 …) and no numbered tasks naming units",
                source.name
            ),
        }),
        None => {}
    }
    let tasks = drafts.into_iter().map(|d| finish(d, city.as_deref(), directory, &mut diags)).collect();
    diags.sort_by_key(|d| d.line);
    ParsedDocument { title, city, tasks, diagnostics: diags }
}

fn item_text(item: &RawItem) -> Option<(u32, String)> {
    match item {
        RawItem::Cell(c) if !c.is_empty() => Some((c.line, c.lines.join("\n"))),
        RawItem::Line { line, text } => Some((*line, text.clone())),
        _ => None,
    }
}

/// The first short line naming a task list (…分工表, …清单), without an
/// `附件：` prefix.
fn find_title(lines: &[(u32, String)]) -> Option<String> {
    lines.iter().find_map(|(_, l)| {
        let t = shape::clean_line(l);
        let t = t
            .strip_prefix("附件")
            .map_or(t.as_str(), |r| r.trim_start_matches(|c: char| c.is_ascii_digit() || "：: ".contains(c)));
        let fits = t.chars().count() <= 60 && TITLE_WORDS.iter().any(|w| t.contains(w));
        (fits && shape::numbered_item(t).is_none() && !shape::is_heading(t)).then(|| t.to_string())
    })
}

/// `三亚市开展…` → 三亚市; `陕西省咸阳市…` → 咸阳市.
pub fn city_from_title(title: &str) -> Option<String> {
    let t = match title.find('省') {
        Some(at) if title[..at].chars().count() <= 3 => &title[at + '省'.len_utf8()..],
        _ => title,
    };
    let chars: Vec<char> = t.chars().collect();
    let at = chars.iter().position(|c| *c == '市')?;
    let name = &chars[..at];
    let plain = name.iter().all(|c| !c.is_ascii() && !"市区县省局".contains(*c));
    ((2..=4).contains(&at) && plain).then(|| chars[..=at].iter().collect())
}

/// Real tasks name a handful of dates; thousands mean the input is not a
/// task table (and milestone positions are stored as u16).
const MAX_MILESTONES_PER_TASK: usize = 1000;

fn warn(diags: &mut Vec<Diagnostic>, line: u32, code: &str, message: String) {
    diags.push(Diagnostic { line, severity: Severity::Warning, code: code.into(), message });
}

/// Splits and resolves the draft's units, reads its deadlines.
fn finish(
    draft: Draft,
    city: Option<&str>,
    directory: &Directory,
    diags: &mut Vec<Diagnostic>,
) -> ParsedTask {
    let known = |name: &str| {
        let r = directory.resolve(city, name);
        match (r.known, r.correction) {
            (true, None) => Known::Exact,
            (true, Some(_)) => Known::Corrected,
            (false, _) => Known::Unknown,
        }
    };
    let mut units = Vec::new();
    let split: Vec<(Vec<UnitName>, &UnitCell)> =
        draft.units.iter().map(|cell| (split_units(&cell.lines, &known), cell)).collect();
    // A ★ (or （牵头）) marks a lead unit among its cell's units, which
    // makes the others support units, as a 牵头 column does.
    let starred = split.iter().any(|(names, _)| names.iter().any(|n| n.starred));
    let has_lead = starred || draft.units.iter().any(|c| c.kind == ColumnKind::Lead);
    let role_of = |c: &UnitCell, n: &UnitName| {
        if n.starred {
            Role::Lead
        } else {
            resolve_role(c.kind, has_lead).unwrap_or(Role::Support)
        }
    };
    for role in [Role::Lead, Role::Support] {
        let mut names = Vec::new();
        for (in_cell, cell) in &split {
            let mut in_cell: Vec<&UnitName> = in_cell.iter().filter(|n| role_of(cell, n) == role).collect();
            // Starred units go first, the others keep their order.
            in_cell.sort_by_key(|n| !n.starred);
            names.extend(in_cell.into_iter().map(|n| (n.clone(), cell.line)));
        }
        for (i, (name, line)) in names.into_iter().enumerate() {
            let res = directory.resolve(city, &name.printed);
            if !res.known {
                warn(
                    diags,
                    line,
                    "unknown-unit",
                    format!(
                        "unit `{}` (line {line}) is not in the reference table; kept as printed",
                        name.printed
                    ),
                );
            }
            if let Some(correction) = &res.correction {
                warn(
                    diags,
                    line,
                    "corrected-unit",
                    format!("unit `{}` (line {line}): {correction}", name.printed),
                );
            }
            units.push(ParsedUnit {
                printed: name.printed,
                canonical: res.canonical,
                category: res.category,
                level: res.level,
                role,
                rank: u16::try_from(i + 1).unwrap_or(u16::MAX),
                known: res.known,
            });
        }
    }
    if units.is_empty() {
        let what = draft.number.as_deref().map_or_else(|| "the task".to_string(), |n| format!("task {n}"));
        warn(
            diags,
            draft.line,
            "no-units",
            format!("{what} at line {} names no responsible unit", draft.line),
        );
    }
    let mut milestones = Vec::new();
    let mut ongoing = false;
    if let Some(deadline) = &draft.deadline {
        let d = read_deadlines(deadline, MilestoneSource::DeadlineColumn);
        milestones.extend(d.milestones);
        ongoing |= d.ongoing;
    }
    let task_words = match &draft.detail {
        Some(detail) => format!("{}\n{detail}", draft.text),
        None => draft.text.clone(),
    };
    let d = read_deadlines(&task_words, MilestoneSource::TaskText);
    milestones.extend(d.milestones);
    ongoing |= d.ongoing;
    if milestones.len() > MAX_MILESTONES_PER_TASK {
        diags.push(Diagnostic {
            line: draft.line,
            severity: Severity::Error,
            code: "too-many-milestones".into(),
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
        units,
        milestones,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_from_titles() {
        assert_eq!(
            city_from_title("三亚市开展居家和社区养老服务改革试点重点任务分工表").as_deref(),
            Some("三亚市")
        );
        assert_eq!(city_from_title("陕西省咸阳市重点任务分工").as_deref(), Some("咸阳市"));
        assert_eq!(city_from_title("重点任务分工及进度安排表"), None);
        assert_eq!(city_from_title("市民政局工作任务清单"), None);
    }
}
