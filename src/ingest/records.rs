//! Tables printed one record per task: a small two-column table (or a block
//! of lines) for each task, its header words down the left and the task's
//! values beside them, as a Word table of key and value cells copies (a tab, here shown as
//! spaces, between key and value):
//!
//! ```text
//! 任务编号    FT-01
//! 工作任务    推进老街立面改造。
//! 责任科室    镇规划建设办
//! 协同科室    镇农业农村办、各村（社区）
//! 完成时限    10月底前
//!
//! 任务编号    FT-02
//! …
//! ```
//!
//! The header is every key word in the order first printed; each record is
//! one row. A line without a key continues the value above it.
//!
//! This module must not resolve units; it hands back rows of cells.

use super::columnar::Columnar;
use super::columns::Header;
use super::raw::RawCell;
use super::rows::Event;
use super::shape;
use super::vocab::{self, ColumnKind};

/// A key word is a header word, short: longer text before a TAB is a cell.
const MAX_KEY_CHARS: usize = 8;

/// Fewer records than this are a form, not a table of tasks.
const MIN_RECORDS: usize = 2;

/// `key<TAB>value`, `key　value` or `key  value` with `key` a header word.
fn key_value(line: &str) -> Option<(&str, ColumnKind, &str)> {
    let t = line.trim();
    let at = t.find(['\t', '\u{3000}']).or_else(|| t.find("  "))?;
    let (key, value) = (t[..at].trim(), t[at..].trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'));
    if key.chars().count() > MAX_KEY_CHARS || value.is_empty() || value.contains('\t') {
        return None;
    }
    vocab::header_kind(key).map(|kind| (key, kind, value))
}

/// Finds tasks printed one record each in `lines`.
pub fn find(lines: &[&str]) -> Option<Columnar> {
    let first = lines.iter().position(|l| key_value(l).is_some())?;
    let mut words: Vec<(String, ColumnKind)> = Vec::new();
    // Each record: (column, cell) in printed order.
    let mut records: Vec<Vec<(usize, RawCell)>> = Vec::new();
    let mut current: Vec<(usize, RawCell)> = Vec::new();
    // Whether the line before was part of a record, so a line without a
    // key may continue its value.
    let mut open = false;
    for (i, line) in lines.iter().enumerate().skip(first) {
        let number = i as u32 + 1;
        let t = line.trim();
        if t.is_empty() || shape::is_page_mark(t) {
            open = false;
            continue;
        }
        match key_value(line) {
            Some((key, kind, value)) => {
                let word = shape::squash(key);
                let j = match words.iter().position(|(w, _)| *w == word) {
                    Some(j) => j,
                    None => {
                        words.push((word, kind));
                        words.len() - 1
                    }
                };
                // A key printed again starts the next record.
                if current.iter().any(|(c, _)| *c == j) {
                    records.push(std::mem::take(&mut current));
                }
                current.push((j, RawCell::new(number, value)));
                open = true;
            }
            None if open && !shape::is_heading(t) => {
                if let Some((_, cell)) = current.last_mut() {
                    cell.push(t);
                }
            }
            None => {
                if !current.is_empty() {
                    records.push(std::mem::take(&mut current));
                }
                open = false;
            }
        }
    }
    if !current.is_empty() {
        records.push(current);
    }
    let kinds: Vec<ColumnKind> = words.iter().map(|(_, k)| *k).collect();
    let is_table = |r: &Vec<(usize, RawCell)>| {
        r.len() >= 3
            && r.iter().any(|(j, _)| matches!(kinds[*j], ColumnKind::Task | ColumnKind::Measure))
            && r.iter().any(|(j, _)| kinds[*j].is_units())
    };
    records.retain(is_table);
    if records.len() < MIN_RECORDS {
        return None;
    }
    let header_index = records[0][0].1.line as usize - 1;
    let header = Header::new(kinds, header_index as u32 + 1, 0, 0)
        .with_words(words.into_iter().map(|(w, _)| w).collect());
    let events = records.into_iter().map(|cells| Event::Aligned { cells }).collect();
    Some(Columnar { header, events, header_index })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(found: &Columnar) -> Vec<Vec<(usize, String)>> {
        found
            .events
            .iter()
            .map(|e| match e {
                Event::Aligned { cells } => cells.iter().map(|(j, c)| (*j, c.lines.join("/"))).collect(),
                _ => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_record_per_task_makes_a_row_per_task() {
        let text = "关于印发任务清单的通知\n\n任务编号\tA-01\n工作任务\t修缮老街立面。\n责任科室\t镇规划建设办\n协同科室\t镇农业农村办、各村\n完成时限\t10月底前\n\n任务编号\tA-02\n工作任务\t实施雨污分流改造，\n完成12个小区。\n责任科室\t镇规划建设办\n完成时限\t11月底前\n\n镇人民政府\n2023年2月10日";
        let lines: Vec<&str> = text.lines().collect();
        let found = find(&lines).expect("records");
        assert_eq!(found.header_index, 2);
        assert_eq!(found.header.words, ["任务编号", "工作任务", "责任科室", "协同科室", "完成时限"]);
        let rows = rows(&found);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][1], (1, "实施雨污分流改造，/完成12个小区。".to_string()));
        assert_eq!(rows[1][2], (2, "镇规划建设办".to_string()));
        assert_eq!(rows[1][3], (4, "11月底前".to_string()));
    }

    #[test]
    fn label_lines_and_single_forms_are_not_records() {
        // A header row of TABs is a table's header, not a record.
        let table = "序号\t工作任务\t牵头单位\n1\t修缮老街。\t镇规划办";
        assert!(find(&table.lines().collect::<Vec<_>>()).is_none());
        // One record alone is a form.
        let form = "工作任务\t修缮老街。\n责任单位\t镇规划办\n完成时限\t10月底前";
        assert!(find(&form.lines().collect::<Vec<_>>()).is_none());
    }
}
