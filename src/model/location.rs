//! Where in its file a task or a finding was read: the provenance an analyst
//! follows back to the published table.

use serde::{Deserialize, Serialize};

/// A place in a source file. Text keeps its line; structured files say
/// where the cell sits, in the terms the program that shows the file uses
/// (a spreadsheet's `Sheet1!D7`, a Word table's row and column, a PDF page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A 1-based line of a text file.
    Line { line: u32 },
    /// A spreadsheet cell: sheet name and A1 reference (`D7`).
    Cell { sheet: String, cell: String },
    /// A cell of a table in a Word or HTML document; all 1-based, the
    /// column counted on the table's grid (merged cells count every column
    /// they span).
    TableCell { table: u32, row: u32, column: u32 },
    /// A paragraph of a Word or HTML document outside any table, 1-based
    /// over the document's paragraphs.
    Paragraph { paragraph: u32 },
    /// A 1-based line of a 1-based page of a PDF's text layer.
    PageLine { page: u32, line: u32 },
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Line { line } => write!(f, "line {line}"),
            Location::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Location::TableCell { table, row, column } => {
                write!(f, "table {table}, row {row}, column {column}")
            }
            Location::Paragraph { paragraph } => write!(f, "paragraph {paragraph}"),
            Location::PageLine { page, line } => write!(f, "page {page}, line {line}"),
        }
    }
}

/// The A1 name of a 0-based column (0 → `A`, 25 → `Z`, 26 → `AA`).
pub fn column_name(mut column: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        let names: Vec<String> = [0, 3, 25, 26, 27, 51, 52, 701, 702].into_iter().map(column_name).collect();
        assert_eq!(names, ["A", "D", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn locations_read_as_people_say_them() {
        let at = Location::Cell { sheet: "Sheet1".into(), cell: "D7".into() };
        assert_eq!(at.to_string(), "Sheet1!D7");
        assert_eq!(
            Location::TableCell { table: 2, row: 5, column: 3 }.to_string(),
            "table 2, row 5, column 3"
        );
        assert_eq!(
            serde_json::to_value(&at).unwrap(),
            serde_json::json!({"kind": "cell", "sheet": "Sheet1", "cell": "D7"})
        );
    }
}
