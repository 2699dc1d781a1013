//! Column meaning from header words, and the mapping of a row's cells onto
//! those columns. A header names columns (序号, 工作任务, 牵头单位 …); rows
//! may carry more cells than it names (a chapter cell, a task label beside
//! the task text) or fewer (continuation rows of merged cells), so cells are
//! placed around the task cell: columns after the task column align with the
//! row's end, columns before it with the row's start.
//!
//! This module must not split units or read dates.

use super::raw::{RawCell, RawItem};
use super::{content, shape, vocab};

pub use super::vocab::{header_kind, ColumnKind};

/// The header row found in the items.
#[derive(Debug, Clone)]
pub struct Header {
    pub columns: Vec<ColumnKind>,
    /// Each column's header word as printed (squashed), for explanations;
    /// the kind's usual word where the printed one is not known.
    pub words: Vec<String>,
    pub line: u32,
    /// Index of the first item of the header.
    pub start: usize,
    /// Index of the first item after the header.
    pub end: usize,
}

impl Header {
    /// The column holding the task itself: 工作任务, else 具体内容, else
    /// 工作措施, else the first column that is not a number.
    pub fn task_column(&self) -> usize {
        let find = |k: ColumnKind| self.columns.iter().position(|c| *c == k);
        find(ColumnKind::Task)
            .or_else(|| find(ColumnKind::Detail))
            .or_else(|| find(ColumnKind::Measure))
            .or_else(|| self.columns.iter().position(|c| *c != ColumnKind::Number))
            .unwrap_or(0)
    }

    pub fn has_units(&self) -> bool {
        self.columns.iter().any(|c| c.is_units())
    }

    /// The header with its words as printed.
    pub fn with_words(mut self, words: Vec<String>) -> Header {
        if words.len() == self.columns.len() {
            self.words = words;
        }
        self
    }

    /// The header word of column `j`.
    pub fn word(&self, j: usize) -> &str {
        self.words.get(j).map_or("", String::as_str)
    }

    /// Builds a header from the kinds its cells name. A 措施 column after
    /// the task column elaborates the task (主要任务 | 细化措施), so it is
    /// read as the detail; before it, it is the measure the task serves.
    pub fn new(mut columns: Vec<ColumnKind>, line: u32, start: usize, end: usize) -> Header {
        let words = columns.iter().map(|k| k.word().to_string()).collect();
        let mut header = Header { columns: columns.clone(), words, line, start, end };
        let task = header.task_column();
        if header.columns.get(task) == Some(&ColumnKind::Task) {
            for kind in columns.iter_mut().skip(task + 1) {
                if *kind == ColumnKind::Measure {
                    *kind = ColumnKind::Detail;
                }
            }
        }
        header.columns = columns;
        header
    }
}

fn item_text(item: &RawItem) -> Option<String> {
    match item {
        RawItem::Cell(c) => Some(c.text()),
        RawItem::Line { text, .. } => Some(text.clone()),
        RawItem::RowEnd { .. } => None,
    }
}

/// The tables in `items`: each header with the end of its body. A header
/// with other columns than the one before starts a new table (附件1 and
/// 附件2 of one document); the same header again is a page break's repeat
/// and stays in its table. A table's body ends before the title lines of
/// the next (`附件2`, `…项目清单`).
pub fn find_tables(items: &[RawItem]) -> Vec<(Header, usize)> {
    let mut tables: Vec<(Header, usize)> = Vec::new();
    let Some(mut current) = find_header(items) else { return tables };
    let mut from = current.end;
    while let Some(next) = find_header(&items[from..]) {
        let next = Header { start: next.start + from, end: next.end + from, ..next };
        from = next.end;
        if next.columns == current.columns {
            continue;
        }
        let mut end = next.start;
        while end > current.end && item_text(&items[end - 1]).is_some_and(|t| shape::is_table_title(&t)) {
            end -= 1;
        }
        tables.push((std::mem::replace(&mut current, next), end));
    }
    tables.push((current, items.len()));
    tables
}

/// A header run printed in one cell is at most this long.
const MAX_RUN_CHARS: usize = 120;

fn printed_len(c: &RawCell) -> usize {
    c.lines.iter().map(|l| l.chars().count()).sum()
}

/// The kind a cell's header word names; body cells, longer than any header
/// word with its remark, are told apart before their text is joined.
fn cell_kind(c: &RawCell) -> Option<ColumnKind> {
    // Most cells are body text: tell them by their length before joining
    // their lines.
    if printed_len(c) > 3 * vocab::MAX_HEADER_CHARS
        || vocab::too_long_for_header(c.lines.iter().flat_map(|l| l.chars()))
    {
        return None;
    }
    header_kind(&c.text())
}

/// Finds the first run of at least two header-word cells naming a task or a
/// unit column.
pub fn find_header(items: &[RawItem]) -> Option<Header> {
    let mut i = 0;
    while i < items.len() {
        // A whole header in one cell: words printed together or spaced
        // letter by letter (序号类别主要任务…, 重 点 任 务 责 任 部 门).
        if let RawItem::Cell(c) = &items[i] {
            let run = if printed_len(c) <= 2 * MAX_RUN_CHARS {
                vocab::split_header_run_of_lines(&c.lines)
            } else {
                None
            };
            if let Some(run) = run {
                // Two words make a header only as they are (重点任务 责任部门);
                // with qualifiers they may be the tail of a wrapped one.
                let plain = run.len() >= 3 || vocab::qualifier_chars_of(&run) == 0;
                let words: Vec<String> = run.iter().map(|(w, _)| w.clone()).collect();
                let columns: Vec<ColumnKind> = run.into_iter().map(|(_, kind)| kind).collect();
                if plain && columns.len() >= 2 && columns.iter().any(|k| k.is_units()) {
                    let end =
                        if matches!(items.get(i + 1), Some(RawItem::RowEnd { .. })) { i + 2 } else { i + 1 };
                    return Some(Header::new(columns, c.line, i, end).with_words(words));
                }
            }
        }
        if let Some(header) = header_rows(items, i) {
            return Some(header);
        }
        let mut j = i;
        let mut columns = Vec::new();
        let mut words = Vec::new();
        while let Some(RawItem::Cell(c)) = items.get(j) {
            match cell_kind(c) {
                Some(kind) if !c.is_empty() => {
                    columns.push(kind);
                    words.push(shape::squash(&c.text()));
                }
                // A header word a narrow column wrapped: 第一责任 / 单位.
                _ => match items.get(j + 1) {
                    Some(RawItem::Cell(next)) if !c.is_empty() => {
                        let word = format!("{}{}", c.text(), next.text());
                        match header_kind(&word) {
                            Some(kind) => {
                                columns.push(kind);
                                words.push(shape::squash(&word));
                                j += 1;
                            }
                            None => break,
                        }
                    }
                    _ => break,
                },
            }
            j += 1;
        }
        // Two header words naming a unit column make a header; without one,
        // three words with a task column (序号 | 工作任务 | 完成时限) do.
        let has_units = columns.iter().any(|c| c.is_units());
        let has_task = columns.iter().any(|c| matches!(c, ColumnKind::Task | ColumnKind::Detail));
        if (columns.len() >= 2 && has_units) || (columns.len() >= 3 && has_task) {
            let line = match &items[i] {
                RawItem::Cell(c) => c.line,
                _ => 0,
            };
            // A printed row end right after the header belongs to it.
            if matches!(items.get(j), Some(RawItem::RowEnd { .. })) {
                j += 1;
            }
            let kept = split_group(columns.clone());
            let header = Header::new(kept.clone(), line, i, j);
            // Words follow the columns unless a flattened group moved them.
            return Some(if kept == columns { header.with_words(words) } else { header });
        }
        i = j.max(i + 1);
    }
    None
}

/// A header of printed rows (`序号 | 工作任务 | 责任单位 | | 完成时限` over
/// `| | 牵头单位 | 配合单位 |`): a row whose filled cells are all header
/// words, merged with a row of header words below it, position by
/// position, the lower word naming the column under a group cell.
/// The most columns a header row has.
const MAX_HEADER_COLUMNS: usize = 40;

fn header_rows(items: &[RawItem], start: usize) -> Option<Header> {
    // Each cell's kind and printed word (None when empty), and where the
    // row ends.
    type HeaderRow = (Vec<Option<(ColumnKind, String)>>, usize);
    let row = |from: usize| -> Option<HeaderRow> {
        let mut cells = Vec::new();
        let mut j = from;
        while let Some(RawItem::Cell(c)) = items.get(j) {
            // No header is this wide: the cells are no row of one.
            if cells.len() == MAX_HEADER_COLUMNS {
                return None;
            }
            cells.push(if c.is_empty() { None } else { Some((cell_kind(c)?, shape::squash(&c.text()))) });
            j += 1;
        }
        matches!(items.get(j), Some(RawItem::RowEnd { .. })).then_some((cells, j + 1))
    };
    let (top, end) = row(start)?;
    let filled: Vec<ColumnKind> = top.iter().flatten().map(|(k, _)| *k).collect();
    if filled.len() < 2
        || top.iter().all(Option::is_some)
            && filled.len() == top.len()
            && !filled.iter().any(|k| k.is_units())
    {
        return None;
    }
    if !filled.iter().any(|k| k.is_units() || matches!(k, ColumnKind::Task | ColumnKind::Detail)) {
        return None;
    }
    let mut columns = top.clone();
    let mut end = end;
    // A Markdown rule (`|---|`) may stand between the two header rows.
    let mut next = end;
    while matches!(items.get(next), Some(RawItem::RowEnd { .. })) {
        next += 1;
    }
    if let Some((below, after)) = row(next).filter(|(b, _)| b.iter().any(Option::is_some)) {
        for (k, word) in below.into_iter().enumerate() {
            match (columns.get_mut(k), word) {
                (Some(slot), Some(w)) => *slot = Some(w),
                (None, Some(w)) => columns.push(Some(w)),
                _ => {}
            }
        }
        end = after;
    }
    let (columns, words): (Vec<ColumnKind>, Vec<String>) =
        columns.into_iter().map(|k| k.unwrap_or((ColumnKind::Other, String::new()))).unzip();
    if !columns.iter().any(|k| k.is_units()) {
        return None;
    }
    let line = match &items[start] {
        RawItem::Cell(c) => c.line,
        _ => 0,
    };
    Some(Header::new(columns, line, start, end).with_words(words))
}

/// A two-row header flattened to one cell per line prints the group cell
/// (责任单位) in its place and the role words under it (牵头, 配合) after the
/// last column: the role words take the group's place.
fn split_group(columns: Vec<ColumnKind>) -> Vec<ColumnKind> {
    let trailing = columns.iter().rev().take_while(|k| k.is_units()).count();
    let group = columns[..columns.len() - trailing].iter().position(|k| k.is_units());
    match group {
        Some(g) if trailing >= 2 && g + 1 < columns.len() - trailing => {
            let n = columns.len();
            let mut out = columns[..g].to_vec();
            out.extend_from_slice(&columns[n - trailing..]);
            out.extend_from_slice(&columns[g + 1..n - trailing]);
            out
        }
        _ => columns,
    }
}

/// A row's cells placed on columns.
#[derive(Debug, Clone, Default)]
pub struct Placed<'a> {
    pub number: Option<&'a RawCell>,
    pub measure: Vec<&'a RawCell>,
    pub task: Option<&'a RawCell>,
    pub detail: Vec<&'a RawCell>,
    /// Unit cells with their column's kind (lead, primary, responsible or
    /// support) and header word, in column order: the role is settled per
    /// task.
    pub units: Vec<(ColumnKind, String, &'a RawCell)>,
    /// Deadline cells with their column's header word: a table may give
    /// each period a column (一季度, 二季度 …).
    pub deadline: Vec<(String, &'a RawCell)>,
    /// Cells before the leading columns when a row carries more than the
    /// header names (a chapter cell): read as measure or heading by shape.
    pub extra: Vec<&'a RawCell>,
}

impl Placed<'_> {
    fn cells(&self) -> impl Iterator<Item = &RawCell> {
        self.number
            .into_iter()
            .chain(self.extra.iter().copied())
            .chain(self.measure.iter().copied())
            .chain(self.task)
            .chain(self.detail.iter().copied())
            .chain(self.units.iter().map(|(_, _, c)| *c))
            .chain(self.deadline.iter().map(|(_, c)| *c))
            .filter(|c| !c.is_empty())
    }

    /// The line of the row's last printed line.
    pub fn last_line(&self) -> Option<u32> {
        self.cells().map(|c| c.line + c.lines.len().saturating_sub(1) as u32).max()
    }

    /// The line of the row's first printed cell.
    pub fn first_line(&self) -> Option<u32> {
        let cells = self
            .number
            .iter()
            .chain(&self.extra)
            .chain(&self.measure)
            .chain(self.task.iter())
            .chain(&self.detail)
            .chain(self.units.iter().map(|(_, _, c)| c))
            .chain(self.deadline.iter().map(|(_, c)| c));
        cells.filter(|c| !c.is_empty()).map(|c| c.line).min()
    }
}

/// Places cells already matched to columns (see `rows::Event::Aligned`).
/// A row with a measure but no task text has its text printed in the
/// measure's place: the task is what a row is for.
pub fn place_aligned<'a>(header: &Header, cells: &'a [(usize, RawCell)]) -> Placed<'a> {
    let mut placed = Placed::default();
    let task_col = header.task_column();
    for (j, cell) in cells {
        // The task column's own kind may be Detail or Measure when the
        // header names no 工作任务; its first cell is still the task.
        if *j == task_col && placed.task.is_none() {
            placed.task = Some(cell);
            continue;
        }
        match header.columns.get(*j).copied().unwrap_or(ColumnKind::Other) {
            ColumnKind::Number => placed.number = Some(cell),
            ColumnKind::Measure => placed.measure.push(cell),
            ColumnKind::Task if placed.task.is_none() => placed.task = Some(cell),
            ColumnKind::Task | ColumnKind::Detail => placed.detail.push(cell),
            kind @ (ColumnKind::Lead
            | ColumnKind::Primary
            | ColumnKind::Responsible
            | ColumnKind::Support) => placed.units.push((kind, header.word(*j).to_string(), cell)),
            ColumnKind::Deadline => placed.deadline.push((header.word(*j).to_string(), cell)),
            ColumnKind::Person | ColumnKind::Other => {}
        }
    }
    if placed.task.is_none() && !placed.measure.is_empty() {
        placed.task = Some(placed.measure.remove(placed.measure.len() - 1));
    }
    placed
}

/// Columns for `cells`, in order, among `columns` (more of them than
/// cells): the placement where most cells say what their column holds;
/// among equals, the one against the end.
fn fit_in_order(cells: &[RawCell], columns: &[ColumnKind]) -> Vec<usize> {
    let (k, m) = (cells.len(), columns.len());
    if k >= m {
        return (0..k.min(m)).collect();
    }
    let score = |i: usize, j: usize| {
        let what = content::of_lines(&cells[i].lines);
        if content::fits(columns[j], what) {
            1
        } else {
            0
        }
    };
    // best[i][j]: most fitting cells among cells[..i] in columns[..j].
    let mut best = vec![vec![i32::MIN / 2; m + 1]; k + 1];
    best[0].fill(0);
    for i in 1..=k {
        for j in i..=m {
            best[i][j] = best[i][j - 1].max(best[i - 1][j - 1] + score(i - 1, j - 1));
        }
    }
    let mut out = vec![0; k];
    let (mut i, mut j) = (k, m);
    while i > 0 {
        if best[i][j] == best[i - 1][j - 1] + score(i - 1, j - 1) {
            out[i - 1] = j - 1;
            i -= 1;
        }
        j -= 1;
    }
    out
}

/// Places `cells` on `header`'s columns; see the module doc.
pub fn place<'a>(header: &Header, cells: &'a [RawCell]) -> Placed<'a> {
    let columns = &header.columns;
    let task_col = header.task_column();
    let trailing = columns.len() - task_col - 1;
    let n = cells.len();
    let mut placed = Placed::default();
    let put = |j: usize, cell: &'a RawCell, placed: &mut Placed<'a>| match columns[j] {
        ColumnKind::Number => placed.number = Some(cell),
        ColumnKind::Measure => placed.measure.push(cell),
        ColumnKind::Task => placed.task = Some(cell),
        ColumnKind::Detail => placed.detail.push(cell),
        kind @ (ColumnKind::Lead | ColumnKind::Primary | ColumnKind::Responsible | ColumnKind::Support) => {
            placed.units.push((kind, header.word(j).to_string(), cell))
        }
        ColumnKind::Deadline => placed.deadline.push((header.word(j).to_string(), cell)),
        ColumnKind::Person | ColumnKind::Other => {}
    };
    if n < columns.len() && columns[0] == ColumnKind::Number && n >= 2 {
        if let Some(first) = cells.first().filter(|c| c.lines.len() == 1) {
            if super::shape::bare_number(&first.lines[0]).is_some() {
                // A numbered row missing cells: number, task, then the rest
                // where what they say fits, against the row's end when
                // several placements fit alike.
                placed.number = Some(first);
                placed.task = Some(&cells[1]);
                let rest = &cells[2..];
                let after = &columns[task_col + 1..];
                for (cell, j) in rest.iter().zip(fit_in_order(rest, after)) {
                    put(task_col + 1 + j, cell, &mut placed);
                }
                return placed;
            }
        }
    }
    if n <= trailing {
        // Too short to hold a task cell: align with the row's end.
        for (cell, j) in cells.iter().zip(columns.len() - n..) {
            put(j, cell, &mut placed);
        }
        return placed;
    }
    let task_idx = n - trailing - 1;
    for (cell, j) in cells[task_idx + 1..].iter().zip(task_col + 1..) {
        put(j, cell, &mut placed);
    }
    // The task column's own kind may be Detail or Measure when the header
    // names no 工作任务; the task cell is still the task.
    placed.task = Some(&cells[task_idx]);
    let prefix = &cells[..task_idx];
    if prefix.len() <= task_col {
        for (cell, j) in prefix.iter().zip(task_col - prefix.len()..) {
            put(j, cell, &mut placed);
        }
    } else {
        // Extra cells: the ones just before the task are its label
        // (measure); the leading columns keep the row's first cells.
        let (first, middle) = prefix.split_at(task_col);
        for (cell, j) in first.iter().zip(0..) {
            put(j, cell, &mut placed);
        }
        placed.extra.extend(middle);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::ColumnKind::*;
    use super::*;

    fn cells(texts: &[&str]) -> Vec<RawCell> {
        texts.iter().enumerate().map(|(i, t)| RawCell::new(i as u32 + 1, t)).collect()
    }

    fn header(words: &[&str]) -> Header {
        let items: Vec<RawItem> = cells(words).into_iter().map(RawItem::Cell).collect();
        find_header(&items).expect("a header")
    }

    #[test]
    fn measures_after_the_task_are_details() {
        let h = header(&["序号", "类别", "主要任务", "细化措施", "牵头单位", "参与单位", "责任单位"]);
        assert_eq!(h.columns, vec![Number, Measure, Task, Detail, Lead, Support, Responsible]);
        let row = cells(&["1", "加强保护", "严守红线", "实施双控", "市水利局", "市发改委", "各县政府"]);
        let p = place(&h, &row);
        let kinds: Vec<(ColumnKind, String)> = p.units.iter().map(|(k, _, c)| (*k, c.text())).collect();
        assert_eq!(
            kinds,
            [(Lead, "市水利局".into()), (Support, "市发改委".into()), (Responsible, "各县政府".into())]
        );
        let h = header(&["序号", "工作任务", "责任单位"]);
        let row = cells(&["1", "任务", "市民政局"]);
        let p = place(&h, &row);
        assert_eq!(p.units.len(), 1);
    }

    #[test]
    fn headers_over_two_rows_and_flattened_groups() {
        let mut items: Vec<RawItem> =
            cells(&["序号", "工作任务", "责任单位", "", "完成时限"]).into_iter().map(RawItem::Cell).collect();
        items.push(RawItem::RowEnd { line: 1 });
        items.extend(cells(&["", "", "牵头单位", "配合单位", ""]).into_iter().map(RawItem::Cell));
        items.push(RawItem::RowEnd { line: 2 });
        let h = find_header(&items).unwrap();
        assert_eq!(h.columns, vec![Number, Task, Lead, Support, Deadline]);
        assert_eq!(h.end, items.len());
        // A Markdown rule between the two rows.
        let mut items: Vec<RawItem> = cells(&["序号", "任务来源", "重点任务", "责任单位", "", "完成时限"])
            .into_iter()
            .map(RawItem::Cell)
            .collect();
        items.push(RawItem::RowEnd { line: 1 });
        items.push(RawItem::RowEnd { line: 2 });
        items.extend(cells(&["", "", "", "主责", "协同", ""]).into_iter().map(RawItem::Cell));
        items.push(RawItem::RowEnd { line: 3 });
        let h = find_header(&items).unwrap();
        assert_eq!(h.columns, vec![Number, Other, Task, Primary, Support, Deadline]);
        let h = header(&["序号", "工作任务", "责任单位", "完成时限", "牵头", "配合"]);
        assert_eq!(h.columns, vec![Number, Task, Lead, Support, Deadline]);
    }

    #[test]
    fn a_second_header_with_other_columns_starts_a_table() {
        let items: Vec<RawItem> = cells(&[
            "序号",
            "工作任务",
            "牵头单位",
            "完成时限",
            "1",
            "任务一。",
            "市民政局",
            "年底前",
            "序号",
            "工作任务",
            "牵头单位",
            "完成时限",
            "2",
            "任务二。",
            "市财政局",
            "年底前",
            "附件2",
            "重点项目清单",
            "序号",
            "项目名称",
            "建设单位",
            "时间进度",
            "1",
            "项目一",
            "市城投集团",
            "2025年",
        ])
        .into_iter()
        .map(RawItem::Cell)
        .collect();
        let tables = find_tables(&items);
        assert_eq!(tables.len(), 2);
        // The repeated header stays in the first table; the second's title
        // lines are not its rows.
        assert_eq!((tables[0].0.end, tables[0].1), (4, 16));
        assert_eq!(tables[1].0.columns, vec![Number, Measure, Primary, Deadline]);
        assert_eq!((tables[1].0.start, tables[1].1), (18, items.len()));
    }

    #[test]
    fn short_numbered_rows_place_cells_where_they_fit() {
        let h = header(&["序号", "工作任务", "牵头部门", "协同单位", "完成时间"]);
        let row = cells(&[
            "4",
            "加快昆山高新区、花桥经济开发区创新载体建设，新增省级以上研发机构20家。",
            "市科技局",
            "昆山高新区管委会、花桥经济开发区管委会",
        ]);
        let p = place(&h, &row);
        let kinds: Vec<(ColumnKind, String)> = p.units.iter().map(|(k, _, c)| (*k, c.text())).collect();
        assert_eq!(
            kinds,
            [(Lead, "市科技局".into()), (Support, "昆山高新区管委会、花桥经济开发区管委会".into())]
        );
        assert!(p.deadline.is_empty());
        // Nothing tells the cells apart: against the row's end.
        let row = cells(&["5", "落实政策。", "市税务局", "年底前"]);
        let p = place(&h, &row);
        assert_eq!(p.units.len(), 1);
        assert_eq!(p.units[0].0, Support);
        assert_eq!(p.deadline[0].1.text(), "年底前");
    }

    #[test]
    fn extra_cell_before_the_task_is_its_label() {
        let h = header(&["序号", "工作任务", "牵头单位", "配合单位", "时间进度"]);
        assert_eq!(h.columns, vec![Number, Task, Lead, Support, Deadline]);
        let row = cells(&["1", "标签", "任务", "市民政局", "市财政局", "持续实施"]);
        let p = place(&h, &row);
        assert_eq!(p.number.unwrap().text(), "1");
        assert_eq!(p.extra.len(), 1);
        assert_eq!(p.task.unwrap().text(), "任务");
        // A continuation row inherits its leading cells.
        let row = cells(&["任务二", "市民政局", "市财政局", "持续实施"]);
        let p = place(&h, &row);
        assert!(p.number.is_none() && p.extra.is_empty());
        assert_eq!(p.task.unwrap().text(), "任务二");
        assert_eq!(p.deadline[0].1.text(), "持续实施");
    }

    #[test]
    fn chapter_cell_before_the_measure() {
        let h = header(&["项目", "重点任务", "责任单位", "配合单位"]);
        let row = cells(&["", "（一）小节", "1.任务", "市民政局", "市财政局"]);
        let p = place(&h, &row);
        assert_eq!(p.measure.len(), 1);
        assert!(p.measure[0].is_empty());
        assert_eq!(p.extra[0].text(), "（一）小节");
        assert_eq!(p.task.unwrap().text(), "1.任务");
    }
}
