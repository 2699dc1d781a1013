//! Tables a PDF text layer gives column by column: every cell of the first
//! column, then every cell of the second, each column under its header
//! word:
//!
//! ```text
//! 序号
//! 1
//! 2
//! 工作任务
//! 完成企业关停退出。
//! 推进污染土壤修复。
//! 牵头单位
//! 石峰区人民政府
//! 市环保局
//! ```
//!
//! The header words stand on lines of their own with the same number of
//! lines between each two; row `r` is the `r`-th line of every column.
//!
//! This module must not resolve units; it hands back rows of cells.

use super::columnar::Columnar;
use super::columns::Header;
use super::raw::RawCell;
use super::rows::Event;
use super::shape;
use super::vocab::{self, ColumnKind};

/// Finds a table printed column by column in `lines`.
pub fn find(lines: &[&str]) -> Option<Columnar> {
    // The lines that print something, with their index.
    let filled: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !shape::is_page_mark(l))
        .collect();
    let is_word = |t: &str| t.chars().count() <= 8 && vocab::header_kind(t).is_some();
    let words: Vec<bool> = filled.iter().map(|(_, t)| is_word(t)).collect();
    // next_word[i]: the first header word after filled line i.
    let mut next_word = vec![usize::MAX; filled.len()];
    for i in (0..filled.len().saturating_sub(1)).rev() {
        next_word[i] = if words[i + 1] { i + 1 } else { next_word[i + 1] };
    }
    let mut start = 0;
    while start < filled.len() {
        if !words[start] {
            start += 1;
            continue;
        }
        // The first column's length is the gap to the next header word.
        let next = next_word[start];
        if next == usize::MAX {
            break;
        }
        let rows = next - start - 1;
        if rows < 2 {
            start += 1;
            continue;
        }
        let mut columns: Vec<(ColumnKind, usize)> = Vec::new();
        let mut at = start;
        while at + rows < filled.len() && words[at] && next_word[at] > at + rows {
            columns.push((vocab::header_kind(filled[at].1)?, at + 1));
            at += rows + 1;
        }
        if columns.len() < 3 || !columns.iter().any(|(k, _)| k.is_units()) {
            // A later start inside this chain reads a part of it, with
            // fewer columns: none of them is a table either.
            start = at.max(start + 1);
            continue;
        }
        let kinds: Vec<ColumnKind> = columns.iter().map(|(k, _)| *k).collect();
        let header_index = filled[start].0;
        let header = Header::new(kinds, header_index as u32 + 1, 0, 0);
        let events = (0..rows)
            .map(|r| Event::Aligned {
                cells: columns
                    .iter()
                    .enumerate()
                    .map(|(j, (_, first))| {
                        let (i, text) = filled[first + r];
                        (j, RawCell::new(i as u32 + 1, text))
                    })
                    .collect(),
            })
            .collect();
        return Some(Columnar { header, events, header_index });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_printed_one_after_another_make_rows() {
        let text = "通知正文。\n序号\n1\n2\n工作任务\n完成企业关停退出。\n推进污染土壤修复。\n牵头单位\n石峰区人民政府\n市环保局\n— 2 —\n完成时限\n2018年6月30日前\n持续推进\n抄送：市委办。";
        let lines: Vec<&str> = text.lines().collect();
        let found = find(&lines).expect("a table printed column by column");
        assert_eq!(found.header_index, 1);
        let rows: Vec<Vec<(usize, String)>> = found
            .events
            .iter()
            .map(|e| match e {
                Event::Aligned { cells } => cells.iter().map(|(j, c)| (*j, c.lines.concat())).collect(),
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][1], (1, "推进污染土壤修复。".to_string()));
        assert_eq!(rows[1][2], (2, "市环保局".to_string()));
        assert_eq!(rows[1][3], (3, "持续推进".to_string()));
        // One cell per line, row by row, is not column by column.
        let rowwise = "序号\n工作任务\n牵头单位\n1\n完成关停。\n市环保局";
        assert!(find(&rowwise.lines().collect::<Vec<_>>()).is_none());
    }
}
