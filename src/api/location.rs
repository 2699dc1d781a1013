//! `SourceLocation`: where a task or a finding sits in the file as published.

use async_graphql::{Enum, InputType, Name, SimpleObject, Value};

use crate::model::Location;

/// What kind of place in a file a `SourceLocation` names.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A line of a text file: `line`.
    Line,
    /// A spreadsheet cell: `sheet` and `cell` (A1 style, `D7`).
    Cell,
    /// A cell of a table in a Word document or web page: `table`, `row`,
    /// `column` (1-based; columns counted on the table's grid).
    TableCell,
    /// A paragraph of a Word document or web page outside tables: `paragraph`.
    Paragraph,
    /// A line of a PDF page's text: `page` and `line`.
    PageLine,
}

/// Where in its file something was read. Only the fields of its `kind` are
/// set; `label` says it for people (`line 12`, `Sheet1!D7`,
/// `table 1, row 5, column 3`, `page 2, line 14`).
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct SourceLocation {
    /// Which fields are set.
    pub kind: SourceKind,
    /// The location for people: `line 12`, `Sheet1!D7`, `table 1, row 5, column 3`.
    pub label: String,
    /// 1-based line of a text file (LINE) or of a PDF page (PAGE_LINE).
    pub line: Option<u32>,
    /// Sheet name (CELL).
    pub sheet: Option<String>,
    /// A1 cell reference such as `D7` (CELL).
    pub cell: Option<String>,
    /// 1-based table of the document (TABLE_CELL).
    pub table: Option<u32>,
    /// 1-based row of the table (TABLE_CELL).
    pub row: Option<u32>,
    /// 1-based column of the table's grid (TABLE_CELL).
    pub column: Option<u32>,
    /// 1-based paragraph outside tables (PARAGRAPH).
    pub paragraph: Option<u32>,
    /// 1-based page of a PDF (PAGE_LINE).
    pub page: Option<u32>,
}

impl From<&Location> for SourceLocation {
    fn from(at: &Location) -> SourceLocation {
        let mut out = SourceLocation {
            kind: SourceKind::Line,
            label: at.to_string(),
            line: None,
            sheet: None,
            cell: None,
            table: None,
            row: None,
            column: None,
            paragraph: None,
            page: None,
        };
        match at.clone() {
            Location::Line { line } => out.line = Some(line),
            Location::Cell { sheet, cell } => {
                out.kind = SourceKind::Cell;
                (out.sheet, out.cell) = (Some(sheet), Some(cell));
            }
            Location::TableCell { table, row, column } => {
                out.kind = SourceKind::TableCell;
                (out.table, out.row, out.column) = (Some(table), Some(row), Some(column));
            }
            Location::Paragraph { paragraph } => {
                out.kind = SourceKind::Paragraph;
                out.paragraph = Some(paragraph);
            }
            Location::PageLine { page, line } => {
                out.kind = SourceKind::PageLine;
                (out.page, out.line) = (Some(page), Some(line));
            }
        }
        out
    }
}

impl SourceLocation {
    /// The value the GraphQL type gives, for `extensions.diagnostics`
    /// (every field, null where unset).
    pub fn to_value(&self) -> Value {
        let number = |n: Option<u32>| n.map_or(Value::Null, Value::from);
        let text = |t: &Option<String>| t.as_deref().map_or(Value::Null, Value::from);
        let fields = [
            ("kind", self.kind.to_value()),
            ("label", Value::from(self.label.as_str())),
            ("line", number(self.line)),
            ("sheet", text(&self.sheet)),
            ("cell", text(&self.cell)),
            ("table", number(self.table)),
            ("row", number(self.row)),
            ("column", number(self.column)),
            ("paragraph", number(self.paragraph)),
            ("page", number(self.page)),
        ];
        Value::Object(fields.into_iter().map(|(k, v)| (Name::new(k), v)).collect())
    }
}

impl From<Location> for SourceLocation {
    fn from(at: Location) -> SourceLocation {
        (&at).into()
    }
}
