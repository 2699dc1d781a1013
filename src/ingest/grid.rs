//! The seam for structured files: a Word document, a workbook or a web page
//! knows for certain which text sits in which cell and which cells are
//! merged. Its reader (`formats/`) hands over a [`Grid`] of paragraphs and
//! tables; this module turns it into the stage-one table the text scanner
//! would produce (`raw::RawTable`), so every later stage is shared, and into
//! the text the reader reads lines from, with each line's [`Location`].
//!
//! This module must not know file formats; it knows only cells and merges.

use super::columns;
use super::raw::{Layout, RawCell, RawItem, RawTable};
use crate::model::Location;

/// A structured document in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Text outside any table: a title, a notice, a numbered item.
    Paragraph { text: String, at: Location },
    /// A table as rows of cells on the table's grid: a cell spanning
    /// columns is followed by empty cells for the columns it covers.
    Table { rows: Vec<Vec<GridCell>> },
}

/// One cell of a table's grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The cell's text, paragraphs joined with line breaks. A cell below
    /// the first row of a vertical merge holds the merged cell's text.
    pub text: String,
    pub at: Location,
    /// Whether this cell continues a vertical merge from the row above.
    pub continues: bool,
}

impl GridCell {
    pub fn new(text: impl Into<String>, at: Location) -> GridCell {
        GridCell { text: text.into(), at, continues: false }
    }
}

/// A grid laid out as lines: the text the reader reads, each line's
/// location, and where each cell's lines are.
#[derive(Debug, Clone)]
pub struct Flat {
    /// One line per paragraph line or cell line; no line is blank.
    pub text: String,
    /// The location of line `n` (1-based) at index `n - 1`.
    pub locations: Vec<Location>,
    blocks: Vec<FlatBlock>,
}

#[derive(Debug, Clone)]
enum FlatBlock {
    /// Lines `start..end` (0-based) of free text.
    Lines(std::ops::Range<usize>),
    Table(Vec<Vec<FlatCell>>),
}

#[derive(Debug, Clone)]
struct FlatCell {
    /// 0-based lines of the cell; empty for an empty cell, starting where
    /// the next line would be.
    lines: std::ops::Range<usize>,
    continues: bool,
}

impl Flat {
    pub fn new(grid: &Grid) -> Flat {
        let mut lines: Vec<String> = Vec::new();
        let mut locations = Vec::new();
        let mut push = |text: &str, at: &Location| {
            let start = lines.len();
            for line in text.lines() {
                let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
                if !line.is_empty() {
                    lines.push(line.to_string());
                    locations.push(at.clone());
                }
            }
            start..lines.len()
        };
        let blocks = grid
            .blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph { text, at } => FlatBlock::Lines(push(text, at)),
                Block::Table { rows } => FlatBlock::Table(
                    rows.iter()
                        .map(|row| {
                            row.iter()
                                .map(|c| FlatCell { lines: push(&c.text, &c.at), continues: c.continues })
                                .collect()
                        })
                        .collect(),
                ),
            })
            .collect();
        Flat { text: lines.join("\n"), locations, blocks }
    }

    /// Where line `line` (1-based) sits in the file; `None` for line 0
    /// (the whole document) or past the end.
    pub fn location(&self, line: u32) -> Option<&Location> {
        self.locations.get((line as usize).checked_sub(1)?)
    }

    /// The stage-one table over `lines`, the normalised lines of
    /// [`Flat::text`] (same count and order).
    ///
    /// A table with a task header gives cells and row ends; the cells a
    /// vertical merge covers below the header repeat the merged text, as
    /// the printed table means, while inside the header they stay empty (a
    /// header over two rows prints its merged cells once). A table without a
    /// header continues the task table before it when it is as wide (a
    /// table split at a page break); any other table is text, like the
    /// paragraphs around it.
    pub fn raw(&self, lines: &[&str]) -> RawTable {
        let mut items = Vec::new();
        let mut task_width: Option<usize> = None;
        for block in &self.blocks {
            match block {
                FlatBlock::Lines(range) => items.extend(range.clone().map(|i| free_line(lines, i))),
                FlatBlock::Table(rows) => {
                    let empty_merges = table_items(rows, lines, |_| false);
                    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                    let header = columns::find_header(&empty_merges);
                    match header.map(|h| row_of(&empty_merges, h.end.saturating_sub(1))) {
                        Some(last_header_row) => {
                            task_width = Some(width);
                            items.extend(table_items(rows, lines, |row| row > last_header_row));
                        }
                        None if task_width == Some(width) => items.extend(table_items(rows, lines, |_| true)),
                        None => {
                            task_width = None;
                            let cells = rows.iter().flatten().filter(|c| !c.continues);
                            items.extend(cells.flat_map(|c| c.lines.clone()).map(|i| free_line(lines, i)));
                        }
                    }
                }
            }
        }
        RawTable { layout: Layout::Piped, items }
    }
}

fn free_line(lines: &[&str], i: usize) -> RawItem {
    RawItem::Line { line: i as u32 + 1, text: lines.get(i).copied().unwrap_or_default().to_string() }
}

/// A table's cells and row ends; `fill(row)` says whether the merged cells
/// of a row (0-based) repeat their text.
fn table_items(rows: &[Vec<FlatCell>], lines: &[&str], fill: impl Fn(usize) -> bool) -> Vec<RawItem> {
    let mut items = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut last = 0;
        for cell in row {
            let mut raw = RawCell { line: cell.lines.start as u32 + 1, lines: Vec::new() };
            if !cell.continues || fill(r) {
                for i in cell.lines.clone() {
                    raw.push(lines.get(i).copied().unwrap_or_default());
                }
            }
            last = last.max(cell.lines.end);
            items.push(RawItem::Cell(raw));
        }
        items.push(RawItem::RowEnd { line: last.max(1) as u32 });
    }
    items
}

/// The 0-based row of a table whose items are `items` in which item `at`
/// falls: the number of row ends before it.
fn row_of(items: &[RawItem], at: usize) -> usize {
    items[..at.min(items.len())].iter().filter(|i| matches!(i, RawItem::RowEnd { .. })).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: u32, column: u32) -> Location {
        Location::TableCell { table: 1, row, column }
    }

    fn row(r: u32, texts: &[&str]) -> Vec<GridCell> {
        texts.iter().enumerate().map(|(c, t)| GridCell::new(*t, at(r, c as u32 + 1))).collect()
    }

    fn cells_of(raw: &RawTable) -> Vec<Vec<String>> {
        let mut rows = vec![Vec::new()];
        for item in &raw.items {
            match item {
                RawItem::Cell(c) => rows.last_mut().unwrap().push(c.text()),
                RawItem::RowEnd { .. } => rows.push(Vec::new()),
                RawItem::Line { text, .. } => rows.last_mut().unwrap().push(format!("line: {text}")),
            }
        }
        rows.retain(|r| !r.is_empty());
        rows
    }

    fn raw(grid: &Grid) -> (Flat, RawTable) {
        let flat = Flat::new(grid);
        let lines: Vec<&str> = flat.text.lines().collect();
        let raw = flat.raw(&lines);
        (flat, raw)
    }

    #[test]
    fn merged_cells_repeat_below_the_header_only() {
        let mut header2 = row(2, &["", "牵头单位", "配合单位"]);
        header2[0] = GridCell { text: "序号".into(), at: at(2, 1), continues: true };
        let mut body2 = row(4, &["2", "", "市财政局"]);
        body2[1] = GridCell { text: "市民政局".into(), at: at(4, 2), continues: true };
        let grid = Grid {
            blocks: vec![
                Block::Paragraph {
                    text: "重点任务分工表".into(), at: Location::Paragraph { paragraph: 1 }
                },
                Block::Table {
                    rows: vec![
                        row(1, &["序号", "责任单位", ""]),
                        header2,
                        row(3, &["1", "市民政局", "市卫健委"]),
                        body2,
                    ],
                },
            ],
        };
        let (flat, raw) = raw(&grid);
        assert_eq!(
            cells_of(&raw),
            [
                vec!["line: 重点任务分工表", "序号", "责任单位", ""],
                vec!["", "牵头单位", "配合单位"],
                vec!["1", "市民政局", "市卫健委"],
                vec!["2", "市民政局", "市财政局"],
            ]
        );
        // Every line keeps where it was printed, the repeated merge too.
        assert_eq!(flat.location(1), Some(&Location::Paragraph { paragraph: 1 }));
        let merged = flat.text.lines().position(|l| l == "市民政局").unwrap();
        assert_eq!(flat.location(merged as u32 + 1), Some(&at(3, 2)));
        assert_eq!(flat.location(flat.locations.len() as u32 - 1), Some(&at(4, 2)));
        assert_eq!(flat.location(0), None);
    }

    #[test]
    fn a_table_without_a_task_header_is_text_unless_it_continues_one() {
        let task = Block::Table {
            rows: vec![row(1, &["序号", "工作任务", "牵头单位"]), row(2, &["1", "建设中心", "市民政局"])],
        };
        let continued = Block::Table { rows: vec![row(1, &["2", "完善制度", "市财政局"])] };
        let contacts =
            Block::Table { rows: vec![row(1, &["联系人", "电话"]), row(2, &["张三", "12345"])] };
        let (_, raw) = raw(&Grid { blocks: vec![task, continued, contacts] });
        let rows = cells_of(&raw);
        assert_eq!(rows[2], ["2", "完善制度", "市财政局"]);
        assert_eq!(rows[3], ["line: 联系人", "line: 电话", "line: 张三", "line: 12345"]);
    }
}
