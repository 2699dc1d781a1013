//! Column meaning from header words, and the mapping of a row's cells onto
//! those columns. A header names columns (序号, 工作任务, 牵头单位 …); rows
//! may carry more cells than it names (a chapter cell, a task label beside
//! the task text) or fewer (continuation rows of merged cells), so cells are
//! placed around the task cell: columns after the task column align with the
//! row's end, columns before it with the row's start.
//!
//! This module must not split units or read dates.

use super::raw::{RawCell, RawItem};

/// What a column holds. Glossary: 工作措施/项目 → measure, 工作任务 → task,
/// 具体内容/工作要求 → detail, 牵头/责任单位 → lead, 配合单位 → support,
/// 完成时限/时间进度 → deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Number,
    Measure,
    Task,
    Detail,
    Lead,
    Support,
    Deadline,
    /// 备注 and other columns the reader keeps no field for.
    Other,
}

/// The kind a header word names, if it is one. Header cells are short, so
/// anything longer than ten characters is body text.
pub fn header_kind(word: &str) -> Option<ColumnKind> {
    let w: String = super::shape::squash(word);
    let w = w.trim_end_matches([':', '：']);
    if w.is_empty() || w.chars().count() > 10 {
        return None;
    }
    if w.contains([':', '：']) {
        return None;
    }
    // The header word is the keyword plus at most a short qualifier
    // (重点任务, 第一责任单位, 完成时限); a title that mentions 任务 is not one.
    let has =
        |keys: &[&str]| keys.iter().any(|k| w.contains(k) && w.chars().count() - k.chars().count() <= 3);
    let kind = if has(&["序号", "编号"]) {
        ColumnKind::Number
    } else if has(&["配合", "协办", "协助", "参与单位", "协同"]) {
        ColumnKind::Support
    } else if has(&["牵头", "责任单位", "责任部门", "主责", "负责单位", "承办单位"]) {
        ColumnKind::Lead
    } else if has(&["时限", "时间", "进度", "期限", "日期", "截止"]) {
        ColumnKind::Deadline
    } else if has(&["具体内容", "工作要求", "主要内容", "工作内容", "具体要求", "目标要求"])
    {
        ColumnKind::Detail
    } else if has(&["工作措施", "项目", "主要措施", "措施"]) {
        ColumnKind::Measure
    } else if has(&["任务"]) {
        ColumnKind::Task
    } else if w == "备注" {
        ColumnKind::Other
    } else {
        return None;
    };
    Some(kind)
}

/// The header row found in the items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub columns: Vec<ColumnKind>,
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
        self.columns.iter().any(|c| matches!(c, ColumnKind::Lead | ColumnKind::Support))
    }
}

/// Finds the first run of at least two header-word cells naming a task or a
/// unit column.
pub fn find_header(items: &[RawItem]) -> Option<Header> {
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        let mut columns = Vec::new();
        while let Some(RawItem::Cell(c)) = items.get(j) {
            match header_kind(&c.text()) {
                Some(kind) if !c.is_empty() => columns.push(kind),
                _ => break,
            }
            j += 1;
        }
        let names_content = columns.iter().any(|c| {
            matches!(c, ColumnKind::Task | ColumnKind::Detail | ColumnKind::Lead | ColumnKind::Support)
        });
        if columns.len() >= 2 && names_content {
            let line = match &items[i] {
                RawItem::Cell(c) => c.line,
                _ => 0,
            };
            // A printed row end right after the header belongs to it.
            if matches!(items.get(j), Some(RawItem::RowEnd { .. })) {
                j += 1;
            }
            return Some(Header { columns, line, start: i, end: j });
        }
        i = j.max(i + 1);
    }
    None
}

/// A row's cells placed on columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placed<'a> {
    pub number: Option<&'a RawCell>,
    pub measure: Vec<&'a RawCell>,
    pub task: Option<&'a RawCell>,
    pub detail: Vec<&'a RawCell>,
    pub lead: Vec<&'a RawCell>,
    pub support: Vec<&'a RawCell>,
    pub deadline: Vec<&'a RawCell>,
    /// Cells before the leading columns when a row carries more than the
    /// header names (a chapter cell): read as measure or heading by shape.
    pub extra: Vec<&'a RawCell>,
}

/// Places `cells` on `header`'s columns; see the module doc.
pub fn place<'a>(header: &Header, cells: &'a [RawCell]) -> Placed<'a> {
    let columns = &header.columns;
    let task_col = header.task_column();
    let trailing = columns.len() - task_col - 1;
    let n = cells.len();
    let mut placed = Placed::default();
    let put = |kind: ColumnKind, cell: &'a RawCell, placed: &mut Placed<'a>| match kind {
        ColumnKind::Number => placed.number = Some(cell),
        ColumnKind::Measure => placed.measure.push(cell),
        ColumnKind::Task => placed.task = Some(cell),
        ColumnKind::Detail => placed.detail.push(cell),
        ColumnKind::Lead => placed.lead.push(cell),
        ColumnKind::Support => placed.support.push(cell),
        ColumnKind::Deadline => placed.deadline.push(cell),
        ColumnKind::Other => {}
    };
    if n < columns.len() && columns[0] == ColumnKind::Number && n >= 2 {
        if let Some(first) = cells.first().filter(|c| c.lines.len() == 1) {
            if super::shape::bare_number(&first.lines[0]).is_some() {
                // A numbered row missing cells: number, task, then the rest
                // against the row's end.
                placed.number = Some(first);
                placed.task = Some(&cells[1]);
                let rest = &cells[2..];
                let after = &columns[task_col + 1..];
                let skip = after.len().saturating_sub(rest.len());
                for (cell, kind) in rest.iter().zip(&after[skip..]) {
                    put(*kind, cell, &mut placed);
                }
                return placed;
            }
        }
    }
    if n <= trailing {
        // Too short to hold a task cell: align with the row's end.
        for (cell, kind) in cells.iter().zip(&columns[columns.len() - n..]) {
            put(*kind, cell, &mut placed);
        }
        return placed;
    }
    let task_idx = n - trailing - 1;
    for (cell, kind) in cells[task_idx + 1..].iter().zip(&columns[task_col + 1..]) {
        put(*kind, cell, &mut placed);
    }
    // The task column's own kind may be Detail or Measure when the header
    // names no 工作任务; the task cell is still the task.
    placed.task = Some(&cells[task_idx]);
    let prefix = &cells[..task_idx];
    let leading = &columns[..task_col];
    if prefix.len() <= leading.len() {
        for (cell, kind) in prefix.iter().zip(&leading[leading.len() - prefix.len()..]) {
            put(*kind, cell, &mut placed);
        }
    } else {
        // Extra cells: the ones just before the task are its label
        // (measure); the leading columns keep the row's first cells.
        let (first, middle) = prefix.split_at(leading.len());
        for (cell, kind) in first.iter().zip(leading) {
            put(*kind, cell, &mut placed);
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
    fn header_words() {
        assert_eq!(header_kind("序号"), Some(Number));
        assert_eq!(header_kind("工作 措施"), Some(Measure));
        assert_eq!(header_kind("重点任务"), Some(Task));
        assert_eq!(header_kind("第一责任单位"), Some(Lead));
        assert_eq!(header_kind("配合单位"), Some(Support));
        assert_eq!(header_kind("时间进度"), Some(Deadline));
        assert_eq!(header_kind("具体内容"), Some(Detail));
        assert_eq!(header_kind("市民政局"), None);
        assert_eq!(header_kind("衡阳市重点任务分工表"), None);
        assert_eq!(header_kind("责任单位：市民政局"), None);
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
        assert_eq!(p.deadline[0].text(), "持续实施");
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
