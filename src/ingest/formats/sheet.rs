//! Workbooks (.xlsx, .xls, .ods) → a [`Grid`]: every visible worksheet, in
//! workbook order, becomes one table of its cells as printed, each cell
//! located by its sheet and A1 reference (`Sheet1!D7`). Merged ranges are
//! laid out as the grid module expects: the merge's text in its top-left
//! cell, the first column of each lower row continuing it, the other
//! covered cells empty. The reader decides which sheet holds the task table;
//! a sheet without a task header (a 说明 sheet, a contact list) is text.
//!
//! What it ignores: hidden sheets, chart and macro sheets, formulas (the
//! cached value is read), styles, comments, pictures, and cells outside the
//! block of cells that hold text. A sheet larger than a task table can be
//! ([`MAX_ROWS`], [`MAX_COLUMNS`], [`MAX_CELLS`]) is refused before its grid
//! is built.
//!
//! calamine parses the files; zip archives pass the bomb guard of
//! `zipped.rs` first, an OpenDocument body is scanned for its extent and
//! merged ranges first (calamine reports no ODS merges and expands repeated
//! cells without bound), an .xls file's container and records are checked
//! for sizes calamine would trust (`xls.rs`), .xlsx cells are streamed and
//! bounded as they come, and any panic inside calamine becomes `Corrupt`.

mod ods;
mod values;
mod xls;

use std::collections::HashMap;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{
    Data, Dimensions, Ods, OdsError, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError,
};

use super::zipped::Archive;
use super::{Format, OpenError};
use crate::ingest::grid::{Block, Grid, GridCell};
use crate::model::{column_name, Location};

use values::printed;

/// The most rows and columns a sheet's block of text may span, and the most
/// grid cells all sheets together may make; a task table has a few hundred.
pub const MAX_ROWS: u32 = 100_000;
pub const MAX_COLUMNS: u32 = 1_000;
pub const MAX_CELLS: u64 = 2_000_000;
/// The most merged ranges a sheet may have, and the most cells they may
/// cover in all.
const MAX_MERGES: usize = 100_000;
const MAX_MERGED_CELLS: u64 = 2 * MAX_CELLS;

/// Reads a workbook's visible worksheets as tables.
pub fn read(bytes: &[u8], name: &str, format: Format) -> Result<Grid, OpenError> {
    let label = format.as_str();
    let ods_merges = match format {
        Format::Xlsx => {
            Archive::open(bytes, name, label)?;
            None
        }
        Format::Ods => {
            let mut archive = Archive::open(bytes, name, label)?;
            Some(ods::scan(&mut archive)?)
        }
        _ => None,
    };
    let corrupt = |detail: String| OpenError::Corrupt { name: name.to_string(), format: label, detail };
    if format == Format::Xls {
        xls::check(bytes).map_err(corrupt)?;
    }
    let parsed = super::pdf::quietly(|| {
        catch_unwind(AssertUnwindSafe(|| match format {
            Format::Xlsx => read_xlsx(bytes, name),
            Format::Xls => read_xls(bytes, name),
            Format::Ods => read_ods(bytes, name, ods_merges.unwrap_or_default()),
            _ => Err(corrupt("not a workbook".into())),
        }))
    });
    let sheets = parsed
        .map_err(|_| corrupt("the workbook's structure is malformed (its parser gave up)".into()))??;
    let mut budget = MAX_CELLS;
    let mut blocks = Vec::new();
    for sheet in sheets {
        if let Some(rows) = sheet.rows(&mut budget).map_err(corrupt)? {
            blocks.push(Block::Table { rows });
        }
    }
    Ok(Grid { blocks })
}

/// One worksheet as read: its text cells (absolute 0-based row and column)
/// and merged ranges.
#[derive(Debug, Default)]
struct Sheet {
    name: String,
    cells: Vec<(u32, u32, String)>,
    merges: Vec<Dimensions>,
}

/// The extent of a sheet's text, checked against the limits as cells come.
#[derive(Debug, Clone, Copy)]
struct Extent {
    start: (u32, u32),
    end: (u32, u32),
}

impl Extent {
    fn of(cells: &[(u32, u32, String)]) -> Option<Extent> {
        let mut cells = cells.iter();
        let &(row, column, _) = cells.next()?;
        let mut extent = Extent { start: (row, column), end: (row, column) };
        for &(row, column, _) in cells {
            extent.take(row, column);
        }
        Some(extent)
    }

    fn take(&mut self, row: u32, column: u32) {
        self.start = (self.start.0.min(row), self.start.1.min(column));
        self.end = (self.end.0.max(row), self.end.1.max(column));
    }

    fn rows(&self) -> u64 {
        u64::from(self.end.0) - u64::from(self.start.0) + 1
    }

    fn columns(&self) -> u64 {
        u64::from(self.end.1) - u64::from(self.start.1) + 1
    }

    fn cells(&self) -> u64 {
        self.rows() * self.columns()
    }

    /// Why a block this large is refused, if it is.
    fn too_large(&self, sheet: &str) -> Option<String> {
        let what = if self.rows() > u64::from(MAX_ROWS) {
            format!("{} rows (at most {MAX_ROWS})", self.rows())
        } else if self.columns() > u64::from(MAX_COLUMNS) {
            format!("{} columns (at most {MAX_COLUMNS})", self.columns())
        } else if self.cells() > MAX_CELLS {
            format!("{} cells (at most {MAX_CELLS})", self.cells())
        } else {
            return None;
        };
        Some(too_large(sheet, &what))
    }
}

fn too_large(sheet: &str, what: &str) -> String {
    format!("sheet `{sheet}` spans {what}, too large for a task table")
}

impl Sheet {
    /// Adds a cell's value unless it prints as nothing, refusing the sheet
    /// once its text spans more than the limits allow.
    fn push(
        &mut self,
        row: u32,
        column: u32,
        value: &Data,
        extent: &mut Option<Extent>,
    ) -> Result<(), String> {
        let text = printed(value);
        if text.is_empty() {
            return Ok(());
        }
        let grown = match extent {
            Some(extent) => {
                extent.take(row, column);
                *extent
            }
            None => *extent.insert(Extent { start: (row, column), end: (row, column) }),
        };
        if let Some(why) = grown.too_large(&self.name) {
            return Err(why);
        }
        self.cells.push((row, column, text));
        Ok(())
    }

    /// The sheet's block of text as grid rows (`None` for a sheet without
    /// text); `budget` is the number of grid cells all sheets may still make.
    fn rows(self, budget: &mut u64) -> Result<Option<Vec<Vec<GridCell>>>, String> {
        let Some(extent) = Extent::of(&self.cells) else { return Ok(None) };
        if let Some(why) = extent.too_large(&self.name) {
            return Err(why);
        }
        if extent.cells() > *budget {
            return Err(format!(
                "its sheets together span more than {MAX_CELLS} cells, too large for a task table (sheet `{}` passes the limit)",
                self.name
            ));
        }
        *budget -= extent.cells();
        if self.merges.len() > MAX_MERGES {
            return Err(format!(
                "sheet `{}` has {} merged ranges (at most {MAX_MERGES})",
                self.name,
                self.merges.len()
            ));
        }
        let at = |row: u32, column: u32| Location::Cell {
            sheet: self.name.clone(),
            cell: format!("{}{}", column_name(column), u64::from(row) + 1),
        };
        let mut rows: Vec<Vec<GridCell>> = (extent.start.0..=extent.end.0)
            .map(|row| {
                (extent.start.1..=extent.end.1).map(|column| GridCell::new("", at(row, column))).collect()
            })
            .collect();
        for (row, column, text) in self.cells {
            rows[(row - extent.start.0) as usize][(column - extent.start.1) as usize].text = text;
        }
        apply_merges(&mut rows, extent, &self.merges)
            .map_err(|why| format!("sheet `{}` {why}", self.name))?;
        trim_empty_edges(&mut rows);
        Ok(Some(rows))
    }
}

/// Lays merged ranges out on `rows` (the block `extent` of a sheet): each
/// lower row's first column continues the merge's text, every other
/// covered cell is empty. Parts of a merge outside the block are dropped.
///
/// Merged ranges that overlap (no spreadsheet writes them) could make this
/// walk the same cells over and over, so the cells walked are counted.
fn apply_merges(rows: &mut [Vec<GridCell>], extent: Extent, merges: &[Dimensions]) -> Result<(), String> {
    let cell = |rows: &[Vec<GridCell>], row: u32, column: u32| -> Option<(usize, usize)> {
        let r = row.checked_sub(extent.start.0)? as usize;
        let c = column.checked_sub(extent.start.1)? as usize;
        (r < rows.len() && c < rows[r].len()).then_some((r, c))
    };
    let mut walked = 0u64;
    for merge in merges {
        let (top, left) = merge.start;
        let (bottom, right) = (merge.end.0.min(extent.end.0), merge.end.1.min(extent.end.1));
        let (first_row, first_column) = (top.max(extent.start.0), left.max(extent.start.1));
        if bottom < first_row || right < first_column {
            continue;
        }
        walked += (u64::from(bottom - first_row) + 1) * (u64::from(right - first_column) + 1);
        if walked > MAX_MERGED_CELLS {
            return Err(format!("has merged ranges covering more than {MAX_MERGED_CELLS} cells"));
        }
        let text = cell(rows, top, left).map(|(r, c)| rows[r][c].text.clone()).unwrap_or_default();
        for row in first_row..=bottom {
            for column in first_column..=right {
                let Some((r, c)) = cell(rows, row, column) else { continue };
                if (row, column) == (top, left) {
                    continue;
                }
                let continues = column == left && row > top;
                let covered = &mut rows[r][c];
                covered.text = if continues { text.clone() } else { String::new() };
                covered.continues = continues;
            }
        }
    }
    Ok(())
}

/// Drops trailing rows and columns with no text (cells a merge emptied).
fn trim_empty_edges(rows: &mut Vec<Vec<GridCell>>) {
    while rows.last().is_some_and(|row| row.iter().all(|c| c.text.is_empty())) {
        rows.pop();
    }
    while rows.iter().all(|row| row.last().is_some_and(|c| c.text.is_empty()))
        && rows.iter().any(|r| !r.is_empty())
    {
        for row in rows.iter_mut() {
            row.pop();
        }
    }
}

/// The worksheets to read, in workbook order: visible ones only.
fn shown(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

fn read_xlsx(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, OpenError> {
    let error = |e: XlsxError| match e {
        XlsxError::Password => OpenError::Encrypted { name: name.to_string() },
        e => corrupt(name, Format::Xlsx, e),
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(error)?;
    let mut sheets = Vec::new();
    for sheet_name in shown(workbook.sheets_metadata()) {
        let mut sheet = Sheet { name: sheet_name.clone(), ..Sheet::default() };
        // Cells are streamed so a sheet whose cells lie far apart is refused
        // before calamine would build its whole rectangle.
        let mut reader = workbook.worksheet_cells_reader(&sheet_name).map_err(error)?;
        let mut extent = None;
        while let Some(cell) = reader.next_cell().map_err(error)? {
            let (row, column) = cell.get_position();
            let value = Data::from(cell.get_value().clone());
            sheet.push(row, column, &value, &mut extent).map_err(|why| corrupt(name, Format::Xlsx, why))?;
        }
        drop(reader);
        sheet.merges = match workbook.worksheet_merge_cells(&sheet_name) {
            Some(merges) => merges.map_err(error)?,
            None => Vec::new(),
        };
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, OpenError> {
    let error = |e: XlsError| match e {
        XlsError::Password => OpenError::Encrypted { name: name.to_string() },
        e => corrupt(name, Format::Xls, e),
    };
    let mut workbook: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(error)?;
    let mut sheets = Vec::new();
    for sheet_name in shown(workbook.sheets_metadata()) {
        let range = workbook.worksheet_range(&sheet_name).map_err(error)?;
        let merges = workbook.worksheet_merge_cells(&sheet_name).unwrap_or_default();
        sheets.push(sheet_of(sheet_name, &range, merges).map_err(|why| corrupt(name, Format::Xls, why))?);
    }
    Ok(sheets)
}

fn read_ods(
    bytes: &[u8],
    name: &str,
    mut merges: HashMap<String, Vec<Dimensions>>,
) -> Result<Vec<Sheet>, OpenError> {
    let error = |e: OdsError| match e {
        OdsError::Password => OpenError::Encrypted { name: name.to_string() },
        e => corrupt(name, Format::Ods, e),
    };
    let mut workbook: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(error)?;
    let mut sheets = Vec::new();
    for sheet_name in shown(workbook.sheets_metadata()) {
        let range = workbook.worksheet_range(&sheet_name).map_err(error)?;
        let merges = merges.remove(&sheet_name).unwrap_or_default();
        sheets.push(sheet_of(sheet_name, &range, merges).map_err(|why| corrupt(name, Format::Ods, why))?);
    }
    Ok(sheets)
}

/// A sheet from a range calamine has already built.
fn sheet_of(name: String, range: &calamine::Range<Data>, merges: Vec<Dimensions>) -> Result<Sheet, String> {
    let mut sheet = Sheet { name, cells: Vec::new(), merges };
    let Some((top, left)) = range.start() else { return Ok(sheet) };
    let mut extent = None;
    for (r, c, value) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else { continue };
        sheet.push(top.saturating_add(r), left.saturating_add(c), value, &mut extent)?;
    }
    Ok(sheet)
}

fn corrupt(name: &str, format: Format, e: impl std::fmt::Display) -> OpenError {
    OpenError::Corrupt { name: name.to_string(), format: format.as_str(), detail: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merged range by its top-left and bottom-right (row, column).
    type Merge = ((u32, u32), (u32, u32));

    fn sheet(cells: &[(u32, u32, &str)], merges: &[Merge]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            cells: cells.iter().map(|&(r, c, t)| (r, c, t.to_string())).collect(),
            merges: merges.iter().map(|&(s, e)| Dimensions::new(s, e)).collect(),
        }
    }

    fn texts(rows: &[Vec<GridCell>]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| format!("{}{}", if c.continues { "^" } else { "" }, c.text)).collect())
            .collect()
    }

    #[test]
    fn cells_keep_their_sheet_references() {
        let rows = sheet(&[(3, 1, "1"), (3, 2, "建设中心"), (4, 3, "市民政局")], &[])
            .rows(&mut MAX_CELLS.clone())
            .unwrap()
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][0].at, Location::Cell { sheet: "Sheet1".into(), cell: "B4".into() });
        assert_eq!(rows[1][2].at, Location::Cell { sheet: "Sheet1".into(), cell: "D5".into() });
        assert_eq!(texts(&rows), [vec!["1", "建设中心", ""], vec!["", "", "市民政局"]]);
    }

    #[test]
    fn merges_continue_down_their_first_column_and_empty_the_rest() {
        // A1:C1 title, A2:A3 序号 over two header rows, B4:C5 across rows and columns.
        let rows = sheet(
            &[
                (0, 0, "标题"),
                (1, 0, "序号"),
                (1, 1, "牵头"),
                (1, 2, "配合"),
                (2, 1, "甲"),
                (2, 2, "乙"),
                (3, 0, "1"),
                (3, 1, "市民政局"),
                (4, 0, "2"),
                (4, 2, "藏"),
            ],
            &[((0, 0), (0, 2)), ((1, 0), (2, 0)), ((3, 1), (4, 2))],
        )
        .rows(&mut MAX_CELLS.clone())
        .unwrap()
        .unwrap();
        assert_eq!(
            texts(&rows),
            [
                vec!["标题", "", ""],
                vec!["序号", "牵头", "配合"],
                vec!["^序号", "甲", "乙"],
                vec!["1", "市民政局", ""],
                vec!["2", "^市民政局", ""],
            ]
        );
    }

    #[test]
    fn merges_past_the_text_are_clipped_and_empty_edges_trimmed() {
        let rows = sheet(
            &[(0, 0, "a"), (0, 1, "b"), (2, 2, "hidden under a merge")],
            &[((0, 1), (5, 9)), ((7, 7), (9, 9))],
        )
        .rows(&mut MAX_CELLS.clone())
        .unwrap()
        .unwrap();
        assert_eq!(texts(&rows), [vec!["a", "b"], vec!["", "^b"], vec!["", "^b"]]);
    }

    #[test]
    fn overlapping_merges_are_walked_within_a_bound() {
        let cells: Vec<(u32, u32, &str)> = (0..10).flat_map(|r| (0..10).map(move |c| (r, c, "x"))).collect();
        let sheet = sheet(&cells, &[]);
        let extent = Extent::of(&sheet.cells).unwrap();
        let mut rows = sheet.rows(&mut MAX_CELLS.clone()).unwrap().unwrap();
        let whole = Dimensions::new((0, 0), (99, 99));
        let merges = vec![whole; (MAX_MERGED_CELLS / 100) as usize + 1];
        let err = apply_merges(&mut rows, extent, &merges).unwrap_err();
        assert!(err.contains("merged ranges covering more than"), "{err}");
    }

    #[test]
    fn a_sheet_spanning_too_many_cells_is_refused() {
        let refused = |row: u32, column: u32| {
            let mut sheet = sheet(&[], &[]);
            let mut extent = None;
            sheet.push(0, 0, &Data::String("a".into()), &mut extent).unwrap();
            sheet.push(row, column, &Data::Int(1), &mut extent).unwrap_err()
        };
        assert!(refused(MAX_ROWS, 0).contains("100001 rows"), "{}", refused(MAX_ROWS, 0));
        assert!(refused(0, MAX_COLUMNS).contains("1001 columns"));
        let err = refused(9_999, 499);
        assert_eq!(err, "sheet `Sheet1` spans 5000000 cells (at most 2000000), too large for a task table");
        // A cell that prints as nothing does not stretch the block.
        let mut sheet = sheet(&[], &[]);
        sheet.push(MAX_ROWS * 2, 0, &Data::Empty, &mut None).unwrap();
        assert!(sheet.cells.is_empty());
    }

    #[test]
    fn the_cell_budget_is_shared_by_all_sheets() {
        let mut budget = 3;
        assert!(sheet(&[(0, 0, "a"), (0, 1, "b")], &[]).rows(&mut budget).unwrap().is_some());
        assert_eq!(budget, 1);
        let err = sheet(&[(0, 0, "a"), (1, 0, "b")], &[]).rows(&mut budget).unwrap_err();
        assert!(err.contains("too large for a task table"), "{err}");
    }

    #[test]
    fn only_visible_worksheets_are_read() {
        let sheet = |name: &str, typ, visible| calamine::Sheet { name: name.into(), typ, visible };
        let sheets = [
            sheet("分工表", SheetType::WorkSheet, SheetVisible::Visible),
            sheet("隐藏", SheetType::WorkSheet, SheetVisible::Hidden),
            sheet("图表", SheetType::ChartSheet, SheetVisible::Visible),
            sheet("说明", SheetType::WorkSheet, SheetVisible::Visible),
        ];
        assert_eq!(shown(&sheets), ["分工表", "说明"]);
    }
}
