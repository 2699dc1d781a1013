//! Stage two for tables: rows placed on columns → task drafts. Carries the
//! state a printed table leaves implicit: the chapter and section headings
//! above a row, and merged cells (number, measure, task text) that are
//! printed once and left empty below.
//!
//! This module must not split or resolve units; it hands unit cells on.

use super::columns::{place, place_aligned, Header, Placed};
use super::draft::{Basis, Draft, UnitCell};
use super::raw::RawCell;
use super::rows::Event;
use super::vocab::ColumnKind;
use super::{content, prose, shape, vocab, Diagnostic, DiagnosticCode, Severity};

#[derive(Default)]
struct State {
    chapter: Option<String>,
    section: Option<String>,
    measure: Option<String>,
    number: Option<String>,
    task: Option<String>,
    units: Vec<UnitCell>,
    deadline: Option<String>,
    /// A note says blank cells repeat the cell above.
    blanks_repeat: bool,
}

/// The kind of the row's lead column when its cell is empty: 牵头单位 (or
/// 主责单位), else 责任单位 where no column names a lead.
fn empty_lead_column(placed: &Placed<'_>) -> Option<ColumnKind> {
    let named = |k: ColumnKind| placed.units.iter().find(|(kind, _, _)| *kind == k);
    let (kind, _, cell) = named(ColumnKind::Lead)
        .or_else(|| named(ColumnKind::Primary))
        .or_else(|| named(ColumnKind::Responsible))?;
    cell.is_empty().then_some(*kind)
}

/// A cell that names the role of the unit cell beside it, a line per
/// line of units (责任类别: 主办 over 协办), with the kinds of its lines.
fn role_lines<'a>(cell: &&'a RawCell) -> Option<(&'a RawCell, Vec<ColumnKind>)> {
    let kind = |line: &String| {
        let word = shape::squash(line);
        (word.chars().count() <= 4).then(|| vocab::header_kind(&word)).flatten().filter(|k| k.is_units())
    };
    let kinds = cell.lines.iter().map(kind).collect::<Option<Vec<ColumnKind>>>()?;
    (!kinds.is_empty()).then_some((*cell, kinds))
}

/// A cell that repeats the cell above it: 同上, 同上。, 同前.
fn is_ditto(text: &str) -> bool {
    matches!(shape::squash(text).trim_end_matches(['。', '.']), "同上" | "同前" | "同上栏")
}

impl State {
    /// Applies a heading. A chapter heading repeated after a page break
    /// (same words, maybe wrapped differently) changes nothing.
    fn heading(&mut self, text: &str) {
        let squashed = shape::squash(text);
        // `1 规划和政策体系` over `1.1 规划引领`: a top number is a chapter.
        let top_number = {
            let rest = squashed.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.len() < squashed.len()
                && !rest.trim_start_matches(['.', '．', '、']).starts_with(|c: char| c.is_ascii_digit())
        };
        if shape::is_chapter_heading(text) || top_number {
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
        self.units.clear();
        self.deadline = None;
    }
}

/// The deadline cells' text. Where each period has its column (一季度 |
/// 二季度 …, 上半年 | 下半年), a cell says what is due by its column's
/// period: the period is written before it (`一季度：完成方案设计`).
fn deadline_text(cells: &[(String, &RawCell)]) -> Option<String> {
    let filled: Vec<&(String, &RawCell)> = cells.iter().filter(|(_, c)| !c.is_empty()).collect();
    let periods = cells.len() > 1 && cells.iter().all(|(word, _)| content::is_deadline(word));
    if !periods {
        return joined(&filled.iter().map(|(_, c)| *c).collect::<Vec<_>>());
    }
    let parts: Vec<String> = filled.iter().map(|(word, c)| format!("{word}：{}", c.text())).collect();
    (!parts.is_empty()).then(|| parts.join("；"))
}

fn joined(cells: &[&RawCell]) -> Option<String> {
    let text: Vec<String> = cells.iter().map(|c| c.text()).filter(|t| !t.is_empty()).collect();
    (!text.is_empty()).then(|| text.join("\n"))
}

fn diagnostic(line: u32, severity: Severity, code: DiagnosticCode, message: String) -> Diagnostic {
    Diagnostic::new(line, severity, code, message)
}

/// Whether every printed cell of a row is a header word (序号, 牵头单位 …),
/// or the row's text is a run of them.
fn is_header_row<'a>(cells: impl Iterator<Item = &'a RawCell> + Clone) -> bool {
    let printed = |c: &&RawCell| c.lines.iter().any(|l| !l.trim().is_empty());
    let chars = |c: &'a RawCell| c.lines.iter().flat_map(|l| l.chars());
    // Body rows are most rows: a cell too long for a header word rules out
    // the first reading before any text is joined.
    let words = || {
        cells
            .clone()
            .filter(printed)
            .all(|c| !vocab::too_long_for_header(chars(c)) && vocab::header_kind(&c.lines.concat()).is_some())
    };
    cells.clone().any(|c| printed(&c))
        && (words()
            || vocab::split_header_run_of(|| cells.clone().flat_map(chars)).is_some_and(|run| run.len() >= 2))
}

/// A row's number and whether it names no unit and no deadline.
/// The header printed again at a page break has none: the row above it
/// may head the rows after it.
fn number_of(header: &Header, event: &Event) -> Option<(String, bool)> {
    let placed = match event {
        Event::Row { cells, .. } if !is_header_row(cells.iter()) => place(header, cells),
        Event::Aligned { cells } if !is_header_row(cells.iter().map(|(_, c)| c)) => {
            place_aligned(header, cells)
        }
        _ => return None,
    };
    let number = shape::squash(&placed.number?.text());
    let bare = placed.units.iter().all(|(_, _, c)| c.is_empty())
        && placed.deadline.iter().all(|(_, c)| c.is_empty());
    let text = placed.task.map(|c| c.text()).unwrap_or_default();
    Some((number, bare && !text.is_empty() && !text.ends_with(['。', '；', ';'])))
}

/// `（一）`, `一、`, `一`: a chapter's or section's number, not a task's.
fn is_chinese_serial(number: &str) -> bool {
    let core = number.trim_matches(['（', '）', '(', ')', '、', '.', '．']);
    !core.is_empty() && core.chars().all(|c| "一二三四五六七八九十".contains(c))
}

/// Rows numbered over sub-numbered rows (`1 规划和政策体系` over `1.1 规划
/// 引领` over `1.1.1 编制…`) that name no unit and no deadline are group
/// headings, not tasks.
fn headings_over_sub_items(header: &Header, events: Vec<Event>) -> Vec<Event> {
    let numbers: Vec<Option<(String, bool)>> = events.iter().map(|e| number_of(header, e)).collect();
    // next_number[k]: the first number printed after event k.
    let mut next_number: Vec<Option<usize>> = vec![None; numbers.len()];
    for k in (0..numbers.len().saturating_sub(1)).rev() {
        next_number[k] = if numbers[k + 1].is_some() { Some(k + 1) } else { next_number[k + 1] };
    }
    let mut out = Vec::with_capacity(events.len());
    for (k, event) in events.into_iter().enumerate() {
        let next = next_number[k].and_then(|n| numbers[n].as_ref());
        let heads = match (&numbers[k], next) {
            // `（一）` or `一、` in the 序号 column of a row naming no unit.
            (Some((number, true)), _) if is_chinese_serial(number) => true,
            (Some((number, true)), Some((sub, _))) => {
                sub.strip_prefix(number.trim_end_matches(['.', '．', '、'])).is_some_and(|rest| {
                    rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
                })
            }
            _ => false,
        };
        let text = |placed: Placed<'_>| placed.task.map(|c| (c.line, c.text()));
        let heading = match (&event, heads) {
            (Event::Row { cells, .. }, true) => text(place(header, cells)),
            (Event::Aligned { cells }, true) => text(place_aligned(header, cells)),
            _ => None,
        };
        match (heading, &numbers[k]) {
            (Some((line, text)), Some((number, _))) => {
                // `1、规划和政策体系`, `1.1规划引领`: as such numbers print.
                let mark = if number.contains('.') || is_chinese_serial(number) { "" } else { "、" };
                out.push(Event::Heading(RawCell::new(line, &format!("{number}{mark}{text}"))))
            }
            _ => out.push(event),
        }
    }
    out
}

/// Turns grouped rows into drafts, reporting rows it cannot read.
pub fn drafts(header: &Header, events: Vec<Event>, diags: &mut Vec<Diagnostic>) -> Vec<Draft> {
    let blanks_repeat =
        events.iter().any(|e| matches!(e, Event::Stray { text, .. } if shape::says_blanks_repeat(text)));
    let mut state = State { blanks_repeat, ..State::default() };
    let mut out = Vec::new();
    for event in headings_over_sub_items(header, events) {
        match event {
            Event::Heading(cell) => state.heading(&cell.text()),
            Event::Stray { line, text } => {
                if !shape::is_note(&text) {
                    diags.push(diagnostic(
                        line,
                        Severity::Warning,
                        DiagnosticCode::StrayText,
                        format!("text outside any table row was skipped: `{text}`"),
                    ));
                }
            }
            // The header printed again at a page break.
            Event::Row { cells, .. } if is_header_row(cells.iter()) => {}
            Event::Aligned { cells } if is_header_row(cells.iter().map(|(_, c)| c)) => {}
            Event::Row { cells, complete } => {
                let placed = place(header, &cells);
                let short =
                    placed.number.is_some_and(|c| !c.is_empty()) && cells.len() < header.columns.len();
                if !complete || short {
                    let first_line = cells.iter().find(|c| !c.is_empty()).map_or(0, |c| c.line);
                    diags.push(diagnostic(
                        first_line,
                        Severity::Warning,
                        DiagnosticCode::ShortRow,
                        format!(
                            "the row at line {first_line} has {} cells, fewer than its columns; cells were placed where what they say fits",
                            cells.len()
                        ),
                    ));
                }
                if let Some(d) = row(placed, &mut state, diags) {
                    out.push(d);
                }
            }
            Event::Aligned { cells } => {
                if let Some(d) = row(place_aligned(header, &cells), &mut state, diags) {
                    out.push(d);
                }
            }
        }
    }
    out
}

fn row(placed: Placed<'_>, state: &mut State, diags: &mut Vec<Diagnostic>) -> Option<Draft> {
    let first_line = placed.first_line()?;
    let roles = placed.extra.iter().chain(&placed.measure).chain(&placed.detail).find_map(role_lines);
    let is_roles = |cell: &RawCell| roles.as_ref().is_some_and(|(c, _)| std::ptr::eq(*c, cell));
    // Label cells: headings by shape, otherwise the measure.
    let mut measure_parts = Vec::new();
    for cell in placed.extra.iter().chain(&placed.measure).filter(|c| !is_roles(c)) {
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
    let detail = joined(&placed.detail.iter().copied().filter(|c| !is_roles(c)).collect::<Vec<_>>());
    let mut deadline = deadline_text(&placed.deadline);
    let blank_repeats = state.blanks_repeat && deadline.is_none();
    if blank_repeats || deadline.as_deref().is_some_and(is_ditto) {
        deadline.clone_from(&state.deadline);
    }
    let has_units = placed.units.iter().any(|(_, _, c)| !c.is_empty());
    if number.is_none() && text.is_empty() && detail.is_none() && !has_units {
        return None;
    }
    let continuation = number.is_none();
    let number = number.or_else(|| state.number.clone());
    state.number.clone_from(&number);
    if text.is_empty() {
        text = state.task.clone().unwrap_or_default();
    }
    if text.is_empty() {
        diags.push(diagnostic(
            first_line,
            Severity::Warning,
            DiagnosticCode::NoTaskText,
            format!("the row at line {first_line} has no task text and none to inherit; it was skipped"),
        ));
        return None;
    }
    state.task = Some(text.clone());
    // A cell may name roles itself (`牵头单位：…` / `配合单位：…`,
    // `A牵头，B配合`); otherwise its column's role holds.
    let mut unit_cells = Vec::new();
    let filled: Vec<&RawCell> = placed.units.iter().map(|(_, _, c)| *c).filter(|c| !c.is_empty()).collect();
    let by_line = match (&roles, filled.as_slice()) {
        (Some((marks, kinds)), [cell]) if cell.lines.len() == kinds.len() => Some((marks, kinds, cell)),
        _ => None,
    };
    if let Some((marks, kinds, cell)) = by_line {
        // 主办 over 协办 beside one unit cell of as many lines: each line's role.
        for ((kind, mark), lines) in kinds.iter().zip(&marks.lines).zip(&cell.lines) {
            let basis = Basis::Label { label: mark.clone() };
            unit_cells.push(UnitCell { kind: *kind, basis, line: cell.line, lines: vec![lines.clone()] });
        }
    }
    for (kind, word, c) in placed.units.iter().filter(|(_, _, c)| !c.is_empty() && by_line.is_none()) {
        if is_ditto(&c.text()) {
            let above = state.units.iter().filter(|u| u.kind == *kind);
            unit_cells.extend(above.map(|u| UnitCell { basis: Basis::Ditto, line: c.line, ..u.clone() }));
            continue;
        }
        match prose::roles_in_cell(&c.lines) {
            Some(groups) => unit_cells.extend(groups.into_iter().map(|(kind, basis, lines)| UnitCell {
                kind,
                basis,
                line: c.line,
                lines,
            })),
            None => unit_cells.push(UnitCell {
                kind: *kind,
                basis: Basis::Column { header: word.clone() },
                line: c.line,
                lines: c.lines.clone(),
            }),
        }
    }
    // A continuation row without units sits under merged unit cells.
    if unit_cells.is_empty() && continuation {
        unit_cells = state.units.iter().map(|u| UnitCell { basis: Basis::Merged, ..u.clone() }).collect();
    } else if let Some(kind) = empty_lead_column(&placed) {
        // Every task has a lead: a numbered row with its lead cell empty
        // sits under a lead cell (and often a deadline cell) merged over
        // the rows above, which a copied table prints in the first row only.
        let above: Vec<UnitCell> = state.units.iter().filter(|u| u.kind == kind).cloned().collect();
        if !above.is_empty() && !unit_cells.iter().any(|u| u.kind == kind) {
            let merged = above.into_iter().map(|u| UnitCell { basis: Basis::Merged, ..u });
            unit_cells.splice(0..0, merged);
            if deadline.is_none() {
                deadline.clone_from(&state.deadline);
            }
        }
    }
    state.units.clone_from(&unit_cells);
    state.deadline.clone_from(&deadline);
    let last_line = placed.last_line().unwrap_or(first_line);
    Some(Draft {
        line: first_line,
        last_line,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::columns::find_header;
    use crate::ingest::raw::RawItem;

    fn header_of(words: &[&str]) -> Header {
        let items: Vec<RawItem> = words.iter().map(|w| RawItem::Cell(RawCell::new(1, w))).collect();
        find_header(&items).expect("a header")
    }

    fn row(line: u32, texts: &[&str]) -> Event {
        Event::Row { complete: true, cells: texts.iter().map(|t| RawCell::new(line, t)).collect() }
    }

    #[test]
    fn numbered_rows_over_sub_numbers_are_headings() {
        let header = header_of(&["序号", "工作任务", "主办单位", "时间进度"]);
        let events = vec![
            row(2, &["1", "规划和政策体系", "", ""]),
            row(3, &["1.1", "规划引领", "", ""]),
            row(4, &["1.1.1", "编制专项规划。", "区住房城乡建委", "9月底前"]),
            row(5, &["（一）", "组织保障", "", ""]),
            row(6, &["2.1", "建立项目库", "区发展改革委", ""]),
            // A bare row over no sub-number is a task (its units merged above).
            row(7, &["3", "加强督查", "", ""]),
        ];
        let d = drafts(&header, events, &mut Vec::new());
        let texts: Vec<&str> = d.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["编制专项规划。", "建立项目库", "加强督查"]);
        assert_eq!(d[1].section.as_deref(), Some("（一）组织保障"));
        assert_eq!(d[0].chapter.as_deref(), Some("1、规划和政策体系"));
        assert_eq!(d[0].section.as_deref(), Some("1.1规划引领"));
    }

    #[test]
    fn a_group_row_heads_its_items_across_a_repeated_header() {
        let header = header_of(&["序号", "工作任务", "主办单位", "时间进度"]);
        let events = vec![
            row(2, &["2", "项目管理", "", ""]),
            row(3, &["序号", "工作任务", "主办单位", "时间进度"]),
            row(4, &["2.1", "建立项目库", "区发展改革委", "6月底前"]),
        ];
        let d = drafts(&header, events, &mut Vec::new());
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].text.as_str(), d[0].chapter.as_deref()), ("建立项目库", Some("2、项目管理")));
    }

    #[test]
    fn blank_cells_repeat_the_cell_above_when_a_note_says_so() {
        let header = header_of(&["序号", "工作任务", "牵头单位", "完成时限"]);
        let rows = || {
            vec![
                row(2, &["1", "建设载体。", "市发展改革委", "2023年12月"]),
                row(3, &["2", "设立基金。", "市财政局", ""]),
            ]
        };
        let deadlines = |events| drafts(&header, events, &mut Vec::new()).into_iter().map(|d| d.deadline);
        assert_eq!(deadlines(rows()).collect::<Vec<_>>(), [Some("2023年12月".to_string()), None]);
        let note = "注：完成时限栏为合并单元格，空白的与上一项相同。".to_string();
        let mut events = rows();
        events.push(Event::Stray { line: 4, text: note });
        assert_eq!(deadlines(events).next_back(), Some(Some("2023年12月".to_string())));
    }

    #[test]
    fn a_column_per_period_dates_its_cells() {
        let (a, b, c) = (RawCell::new(1, "完成方案设计"), RawCell::new(1, ""), RawCell::new(1, "全部完工"));
        let cells = vec![("一季度".to_string(), &a), ("二季度".to_string(), &b), ("四季度".to_string(), &c)];
        assert_eq!(deadline_text(&cells).as_deref(), Some("一季度：完成方案设计；四季度：全部完工"));
        let cells = vec![("完成时限".to_string(), &c)];
        assert_eq!(deadline_text(&cells).as_deref(), Some("全部完工"));
    }
}
