//! Responsibility matrices: a column per unit, a mark in the cell of each
//! unit a task involves, and a note saying which mark means what:
//!
//! ```text
//! 序号  重点任务          团市委  市教育局  市人社局  完成时限
//! 1     开展就业见习。     ○       ○         ●         2023年12月
//! 注：“●”表示牵头单位，“○”表示配合单位。
//! ```
//!
//! The matrix is rewritten as the usual table: the unit columns give way to
//! a 牵头单位 and a 配合单位 column listing the units marked for each role.
//!
//! This module must not resolve units; it only rewrites rows of cells.

use super::lexicon;
use super::raw::{RawCell, RawItem, RawTable};
use super::vocab;

/// Marks for a unit that leads, by default, and for one that supports.
const LEAD_MARKS: &str = "●■▲★◆√✓✔";
const SUPPORT_MARKS: &str = "○□△☆◇";

/// Which marks mean lead and which support: as a note defines them
/// (`“●”表示牵头单位，“○”表示配合单位`), else solid for lead, hollow for support.
fn mark_roles(items: &[RawItem]) -> (String, String) {
    let (mut lead, mut support) = (String::new(), String::new());
    for item in items {
        let text = match item {
            RawItem::Line { text, .. } => text.clone(),
            RawItem::Cell(c) => c.text(),
            RawItem::RowEnd { .. } => continue,
        };
        // Each clause of the note pairs a mark with a role word.
        for clause in text.split(['，', ',', '；', ';', '。']) {
            let Some(mark) = clause.chars().find(|c| LEAD_MARKS.contains(*c) || SUPPORT_MARKS.contains(*c))
            else {
                continue;
            };
            if ["牵头", "主责", "负责"].iter().any(|w| clause.contains(w)) {
                lead.push(mark);
            } else if ["配合", "协同", "参与", "协助", "协办"].iter().any(|w| clause.contains(w)) {
                support.push(mark);
            }
        }
    }
    if lead.is_empty() && support.is_empty() {
        (LEAD_MARKS.to_string(), SUPPORT_MARKS.to_string())
    } else {
        (lead, support)
    }
}

fn is_mark(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() == 1 && t.chars().all(|c| LEAD_MARKS.contains(c) || SUPPORT_MARKS.contains(c))
}

/// The rows of `items` as (start, end) index ranges of their cells.
fn rows(items: &[RawItem]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, item) in items.iter().enumerate() {
        match item {
            RawItem::Cell(_) => {
                start.get_or_insert(i);
            }
            _ => {
                if let Some(s) = start.take() {
                    out.push((s, i));
                }
            }
        }
    }
    if let Some(s) = start {
        out.push((s, items.len()));
    }
    out
}

fn cell(item: &RawItem) -> Option<&RawCell> {
    match item {
        RawItem::Cell(c) => Some(c),
        _ => None,
    }
}

/// The table with its responsibility matrix rewritten as lead and support
/// columns; unchanged when it holds none.
pub fn rewrite(table: RawTable) -> RawTable {
    // Most tables mark nothing: look for a mark before reading rows.
    let any_mark =
        table.items.iter().any(|i| cell(i).is_some_and(|c| c.lines.len() == 1 && is_mark(&c.lines[0])));
    if !any_mark {
        return table;
    }
    let rows = rows(&table.items);
    // The header: three unit names or more beside header words.
    let Some((h, unit_cols)) = rows.iter().enumerate().find_map(|(k, &(s, e))| {
        let texts: Vec<String> = table.items[s..e].iter().filter_map(cell).map(RawCell::text).collect();
        let units: Vec<usize> = (0..texts.len())
            .filter(|&j| vocab::header_kind(&texts[j]).is_none() && lexicon::is_unit_name(&texts[j]))
            .collect();
        let words = texts.iter().filter(|t| vocab::header_kind(t).is_some()).count();
        (units.len() >= 3 && words >= 1).then_some((k, units))
    }) else {
        return table;
    };
    // Body rows mark units: at least one marked row below the header.
    let marked = rows[h + 1..].iter().any(|&(s, e)| {
        let cells: Vec<&RawCell> = table.items[s..e].iter().filter_map(cell).collect();
        unit_cols.iter().any(|&j| cells.get(j).is_some_and(|c| is_mark(&c.text())))
    });
    if !marked {
        return table;
    }
    let (lead_marks, support_marks) = mark_roles(&table.items);
    let (hs, he) = rows[h];
    let names: Vec<String> = unit_cols
        .iter()
        .map(|&j| table.items[hs..he].iter().filter_map(cell).nth(j).map(RawCell::text).unwrap_or_default())
        .collect();
    // The matrix ends where another table's header starts.
    let is_header = |&(s, e): &(usize, usize)| {
        table.items[s..e].iter().filter_map(cell).filter(|c| vocab::header_kind(&c.text()).is_some()).count()
            >= 3
    };
    let end = (h + 1..rows.len()).find(|&k| is_header(&rows[k])).unwrap_or(rows.len());
    let first = unit_cols[0];
    let rewrite_row = |cells: Vec<&RawCell>, lead: RawCell, support: RawCell| -> Vec<RawItem> {
        let mut out = Vec::new();
        for (j, c) in cells.into_iter().enumerate() {
            if j == first {
                out.push(RawItem::Cell(lead.clone()));
                out.push(RawItem::Cell(support.clone()));
            }
            if !unit_cols.contains(&j) {
                out.push(RawItem::Cell(c.clone()));
            }
        }
        out
    };
    let mut items = Vec::with_capacity(table.items.len());
    let mut at = 0;
    for (k, &(s, e)) in rows.iter().enumerate() {
        items.extend(table.items[at..s].iter().cloned());
        at = e;
        let cells: Vec<&RawCell> = table.items[s..e].iter().filter_map(cell).collect();
        let line = cells.first().map_or(0, |c| c.line);
        if k == h {
            items.extend(rewrite_row(cells, RawCell::new(line, "牵头单位"), RawCell::new(line, "配合单位")));
        } else if k > h && k < end && cells.len() > first {
            let marked_with = |marks: &str| -> String {
                let chosen: Vec<&str> = unit_cols
                    .iter()
                    .zip(&names)
                    .filter(|(j, _)| {
                        cells.get(**j).is_some_and(|c| c.text().trim().chars().any(|m| marks.contains(m)))
                    })
                    .map(|(_, n)| n.as_str())
                    .collect();
                chosen.join("、")
            };
            let lead = RawCell::new(line, &marked_with(&lead_marks));
            let support = RawCell::new(line, &marked_with(&support_marks));
            items.extend(rewrite_row(cells, lead, support));
        } else {
            items.extend(table.items[s..e].iter().cloned());
        }
    }
    items.extend(table.items[at..].iter().cloned());
    RawTable { layout: table.layout, items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::raw::scan;

    fn texts(table: &RawTable) -> Vec<String> {
        table.items.iter().filter_map(cell).map(RawCell::text).collect()
    }

    #[test]
    fn marks_become_lead_and_support_columns() {
        let text = "序号\t重点任务\t团市委\t市教育局\t市人社局\t完成时限\n1\t开展就业见习。\t○\t\t●\t2023年12月\n2\t开展联谊活动。\t●\t○\t\t每季度\n注：“●”表示牵头单位，“○”表示配合单位。\n";
        let t = rewrite(scan(text));
        assert_eq!(
            texts(&t),
            [
                "序号",
                "重点任务",
                "牵头单位",
                "配合单位",
                "完成时限",
                "1",
                "开展就业见习。",
                "市人社局",
                "团市委",
                "2023年12月",
                "2",
                "开展联谊活动。",
                "团市委",
                "市教育局",
                "每季度",
            ]
        );
        // A table without marks is left as it is.
        let plain = "序号\t重点任务\t牵头单位\t完成时限\n1\t任务。\t市民政局\t年底前\n";
        assert_eq!(rewrite(scan(plain)), scan(plain));
    }

    #[test]
    fn the_matrix_ends_at_the_next_header() {
        let text = "序号\t重点任务\t团市委\t市教育局\t市人社局\t完成时限\n1\t开展就业见习。\t○\t\t●\t2023年12月\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\t备注\n1\t建设养老机构。\t市民政局\t市财政局\t年底前\t无\n";
        let t = texts(&rewrite(scan(text)));
        assert_eq!(t[5..10], ["1", "开展就业见习。", "市人社局", "团市委", "2023年12月"]);
        assert_eq!(t[16..], ["1", "建设养老机构。", "市民政局", "市财政局", "年底前", ""]);
    }
}
