//! A format-neutral description of a published document, which each
//! format's writer (`docx.rs`, `html.rs`, `sheet.rs`) turns into a file, so
//! the same table can be read back from every format; and the helpers the
//! writers and the damaged-file tests share.

use std::io::{Cursor, Write};

/// A zip archive of `parts`, deflated, in order.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A xorshift64 stream: damaged-file tests flip the same bytes every run.
pub fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// A document: paragraphs and tables in reading order.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub blocks: Vec<Part>,
}

#[derive(Debug, Clone)]
pub enum Part {
    Paragraph(String),
    Table(Table),
}

/// A table as printed: each row lists the cells that start in it, left to
/// right; a cell spanning rows is listed only in its first row, and the
/// rows below skip the columns it covers (as HTML's rowspan does).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// Paragraphs of the cell, `\n` between them.
    pub text: String,
    pub rows: usize,
    pub columns: usize,
}

impl Cell {
    pub fn new(text: &str) -> Cell {
        Cell { text: text.to_string(), rows: 1, columns: 1 }
    }

    pub fn spanning(text: &str, rows: usize, columns: usize) -> Cell {
        Cell { text: text.to_string(), rows, columns }
    }
}

impl Table {
    /// A table of single cells, one row per slice.
    pub fn plain(rows: &[&[&str]]) -> Table {
        Table { rows: rows.iter().map(|r| r.iter().map(|t| Cell::new(t)).collect()).collect() }
    }

    /// The table on its grid: `grid[r][c]` is `Some((text, rows, columns))`
    /// where a cell starts, `None` where a cell from above or the left
    /// covers the position. Writers that need every position (Word's
    /// vMerge, a sheet's merged ranges) use this.
    pub fn grid(&self) -> Vec<Vec<Option<&Cell>>> {
        let width = self.width();
        let mut grid: Vec<Vec<Option<&Cell>>> = vec![vec![None; width]; self.rows.len()];
        let mut covered = vec![vec![false; width]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < width && covered[r][c] {
                    c += 1;
                }
                if c >= width {
                    break;
                }
                grid[r][c] = Some(cell);
                for dr in 0..cell.rows {
                    for dc in 0..cell.columns {
                        if r + dr < self.rows.len() && c + dc < width {
                            covered[r + dr][c + dc] = true;
                        }
                    }
                }
                c += cell.columns;
            }
        }
        grid
    }

    /// The number of grid columns (the widest row, spans counted).
    pub fn width(&self) -> usize {
        // A row's width is its own spans plus the columns cells from above cover.
        let mut width = 0;
        let mut below: Vec<usize> = vec![0; self.rows.len() + 1];
        for (r, row) in self.rows.iter().enumerate() {
            let own: usize = row.iter().map(|c| c.columns).sum();
            width = width.max(own + below[r]);
            for cell in row {
                for dr in 1..cell.rows {
                    if r + dr < below.len() {
                        below[r + dr] += cell.columns;
                    }
                }
            }
        }
        width
    }
}

impl Doc {
    pub fn paragraph(mut self, text: &str) -> Doc {
        self.blocks.push(Part::Paragraph(text.to_string()));
        self
    }

    pub fn table(mut self, table: Table) -> Doc {
        self.blocks.push(Part::Table(table));
        self
    }
}

#[test]
fn spans_are_placed_on_the_grid() {
    let table = Table {
        rows: vec![
            vec![Cell::spanning("序号", 2, 1), Cell::new("工作任务"), Cell::spanning("责任单位", 1, 2)],
            vec![Cell::new("内容"), Cell::new("牵头"), Cell::new("配合")],
        ],
    };
    assert_eq!(table.width(), 4);
    let grid = table.grid();
    assert_eq!(grid[0][0].map(|c| c.text.as_str()), Some("序号"));
    assert!(grid[1][0].is_none() && grid[0][3].is_none());
    assert_eq!(grid[1][1].map(|c| c.text.as_str()), Some("内容"));
    assert_eq!(grid[1][3].map(|c| c.text.as_str()), Some("配合"));
}
