//! Word 2007+ documents (.docx) → a [`Grid`]: the body's paragraphs and
//! tables in reading order, read from `word/document.xml` with a streaming
//! XML reader (no DOM, bounded nesting, no DOCTYPE, no entities beyond
//! XML's own).
//!
//! Read: paragraph text (`w:t`, tabs as spaces, line breaks), including
//! tracked insertions, hyperlinks, content controls, smart tags and simple
//! fields; automatic list numbers from `word/numbering.xml` (see
//! `numbering`); tables on their grid (`w:gridSpan`, `w:vMerge`,
//! `w:gridBefore`/`w:gridAfter`). A table inside a table cell gives lines
//! of that cell, as Word users nest tables for layout.
//!
//! Ignored: tracked deletions and moved-from text, field codes, footnote
//! and comment marks, headers, footers, footnotes, comments, and text boxes
//! or shapes in drawings (a task table is in the body).

mod numbering;
mod xml;

use quick_xml::events::BytesStart;

use self::numbering::Numbering;
use self::xml::{local, Item, Part};
use super::zipped::Archive;
use super::{Format, OpenError};
use crate::ingest::grid::{Block, Grid, GridCell};
use crate::model::Location;

/// Word allows 63 columns; a span past that is damage, not layout.
const MAX_SPAN: usize = 63;

pub fn read(bytes: &[u8], name: &str) -> Result<Grid, OpenError> {
    let mut archive = Archive::open(bytes, name, Format::Docx.as_str())?;
    let body = archive
        .part("word/document.xml")?
        .ok_or_else(|| archive.corrupt("it has no Word body (word/document.xml)"))?;
    let numbering = archive.part("word/numbering.xml")?;
    let styles = match numbering {
        Some(_) => archive.part("word/styles.xml")?,
        None => None,
    };
    let numbering = Numbering::read(numbering.as_deref(), styles.as_deref(), name)?;
    Body::new(numbering).read(&mut Part::new(&body, name, "word/document.xml"))
}

/// The elements whose place in the tree matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum El {
    P,
    R,
    T,
    PPr,
    NumPr,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    Other,
}

/// Elements whose content is not the body's text.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del"
            | b"delText"
            | b"moveFrom"
            | b"instrText"
            | b"delInstrText"
            | b"drawing"
            | b"pict"
            | b"object"
            | b"AlternateContent"
            | b"txbxContent"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"commentReference"
            | b"pPrChange"
            | b"rPrChange"
            | b"tblPrChange"
            | b"tblGridChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"sectPrChange"
            | b"numberingChange"
            | b"sectPr"
    )
}

#[derive(Default)]
struct Paragraph {
    text: String,
    num_id: Option<String>,
    level: Option<usize>,
    style: Option<String>,
}

#[derive(Debug, Clone, Copy)]
enum VMerge {
    None,
    Restart,
    Continue,
}

struct Cell {
    lines: Vec<String>,
    span: usize,
    merge: VMerge,
}

#[derive(Default)]
struct Row {
    cells: Vec<GridCell>,
    after: usize,
    cell: Option<Cell>,
}

struct Table {
    number: u32,
    rows: Vec<Vec<GridCell>>,
    row: Option<Row>,
    /// The text of the vertical merge open in each grid column.
    merges: Vec<Option<String>>,
}

impl Table {
    fn at(&self, row: &Row) -> Location {
        Location::TableCell {
            table: self.number,
            row: self.rows.len() as u32 + 1,
            column: row.cells.len() as u32 + 1,
        }
    }

    fn push_empty(&mut self, count: usize) {
        let Some(mut row) = self.row.take() else { return };
        for _ in 0..count {
            let column = row.cells.len();
            if let Some(merge) = self.merges.get_mut(column) {
                *merge = None;
            }
            row.cells.push(GridCell::new("", self.at(&row)));
        }
        self.row = Some(row);
    }

    fn end_cell(&mut self) {
        let Some(mut row) = self.row.take() else { return };
        let Some(cell) = row.cell.take() else {
            self.row = Some(row);
            return;
        };
        let column = row.cells.len();
        if self.merges.len() <= column {
            self.merges.resize(column + 1, None);
        }
        let text = cell.lines.join("\n");
        let at = self.at(&row);
        let grid_cell = match (cell.merge, &self.merges[column]) {
            (VMerge::Continue, Some(merged)) => GridCell { text: merged.clone(), at, continues: true },
            (VMerge::Restart, _) => {
                self.merges[column] = Some(text.clone());
                GridCell::new(text, at)
            }
            _ => {
                self.merges[column] = None;
                GridCell::new(text, at)
            }
        };
        row.cells.push(grid_cell);
        self.row = Some(row);
        self.push_empty(cell.span.saturating_sub(1));
    }

    fn end_row(&mut self) {
        self.end_cell();
        let after = self.row.as_ref().map_or(0, |r| r.after);
        self.push_empty(after);
        if let Some(row) = self.row.take() {
            self.rows.push(row.cells);
        }
    }
}

struct Body {
    numbering: Numbering,
    blocks: Vec<Block>,
    /// Body paragraphs emitted and tables begun, for locations.
    paragraphs: u32,
    tables: u32,
    open: Vec<El>,
    /// How many open elements the skipped subtree started below.
    skip_from: Option<usize>,
    paragraph_stack: Vec<Paragraph>,
    /// How many tables are open; only the outermost is read as a grid.
    table_depth: usize,
    table: Option<Table>,
}

impl Body {
    fn new(numbering: Numbering) -> Body {
        Body {
            numbering,
            blocks: Vec::new(),
            paragraphs: 0,
            tables: 0,
            open: Vec::new(),
            skip_from: None,
            paragraph_stack: Vec::new(),
            table_depth: 0,
            table: None,
        }
    }

    fn read(mut self, xml: &mut Part) -> Result<Grid, OpenError> {
        loop {
            match xml.next()? {
                Item::Eof => return Ok(Grid { blocks: self.blocks }),
                Item::End => {
                    let closed = self.open.pop();
                    if self.skip_from.is_some_and(|from| self.open.len() <= from) {
                        self.skip_from = None;
                    } else if self.skip_from.is_none() {
                        self.close(closed.unwrap_or(El::Other));
                    }
                }
                Item::Start(_) if self.skip_from.is_some() => self.open.push(El::Other),
                _ if self.skip_from.is_some() => {}
                Item::Text(text) => {
                    if self.open.last() == Some(&El::T) {
                        self.push_text(&text);
                    }
                }
                Item::Start(element) => {
                    let name = local(&element);
                    if skipped(name) {
                        self.skip_from = Some(self.open.len());
                        self.open.push(El::Other);
                        continue;
                    }
                    let el = self.element(xml, &element)?;
                    self.open.push(el);
                }
                Item::Empty(element) => {
                    let name = local(&element);
                    if !skipped(name) {
                        let el = self.element(xml, &element)?;
                        // An empty element opens and closes at once.
                        self.open.push(el);
                        self.open.pop();
                        self.close(el);
                    }
                }
            }
        }
    }

    /// Reads what an element says by its attributes and opens its context.
    fn element(&mut self, xml: &Part, element: &BytesStart) -> Result<El, OpenError> {
        let parent = self.open.last().copied();
        let val = || xml.attr(element, b"val");
        let outer = self.table_depth == 1;
        Ok(match local(element) {
            b"p" => {
                self.paragraph_stack.push(Paragraph::default());
                El::P
            }
            b"r" => El::R,
            b"t" => El::T,
            b"pPr" => El::PPr,
            b"numPr" if parent == Some(El::PPr) => El::NumPr,
            b"tab" | b"ptab" if parent == Some(El::R) => {
                self.push_text(" ");
                El::Other
            }
            b"br" | b"cr" if parent == Some(El::R) => {
                self.push_text("\n");
                El::Other
            }
            b"noBreakHyphen" if parent == Some(El::R) => {
                self.push_text("-");
                El::Other
            }
            b"numId" | b"ilvl" if parent == Some(El::NumPr) => {
                let v = val()?;
                if let Some(p) = self.paragraph_stack.last_mut() {
                    if local(element) == b"numId" {
                        p.num_id = v;
                    } else {
                        p.level = v.and_then(|v| v.trim().parse().ok());
                    }
                }
                El::Other
            }
            b"pStyle" if parent == Some(El::PPr) => {
                let v = val()?;
                if let Some(p) = self.paragraph_stack.last_mut() {
                    p.style = v;
                }
                El::Other
            }
            b"tbl" => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.tables += 1;
                    self.table =
                        Some(Table { number: self.tables, rows: Vec::new(), row: None, merges: Vec::new() });
                }
                El::Tbl
            }
            b"tr" if outer => {
                if let Some(t) = &mut self.table {
                    t.end_row();
                    t.row = Some(Row::default());
                }
                El::Tr
            }
            b"trPr" if outer && parent == Some(El::Tr) => El::TrPr,
            b"gridBefore" | b"gridAfter" if parent == Some(El::TrPr) => {
                let count = span(val()?);
                if let Some(t) = &mut self.table {
                    if local(element) == b"gridBefore" {
                        // Written before the row's first cell: the row starts after the gap.
                        if t.row.as_ref().is_some_and(|r| r.cells.is_empty()) {
                            t.push_empty(count);
                        }
                    } else if let Some(row) = &mut t.row {
                        row.after = count;
                    }
                }
                El::Other
            }
            b"tc" if outer => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
                    row.cell = Some(Cell { lines: Vec::new(), span: 1, merge: VMerge::None });
                }
                El::Tc
            }
            b"tcPr" if outer && parent == Some(El::Tc) => El::TcPr,
            b"gridSpan" | b"vMerge" if parent == Some(El::TcPr) => {
                let v = val()?;
                if let Some(cell) =
                    self.table.as_mut().and_then(|t| t.row.as_mut()).and_then(|r| r.cell.as_mut())
                {
                    if local(element) == b"gridSpan" {
                        cell.span = span(v).max(1);
                    } else {
                        cell.merge = match v.as_deref() {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        };
                    }
                }
                El::Other
            }
            _ => El::Other,
        })
    }

    fn close(&mut self, el: El) {
        match el {
            El::P => {
                if let Some(p) = self.paragraph_stack.pop() {
                    self.end_paragraph(p);
                }
            }
            El::Tc if self.table_depth == 1 => {
                if let Some(t) = &mut self.table {
                    t.end_cell();
                }
            }
            El::Tr if self.table_depth == 1 => {
                if let Some(t) = &mut self.table {
                    t.end_row();
                }
            }
            El::Tbl => {
                if self.table_depth == 1 {
                    if let Some(mut t) = self.table.take() {
                        t.end_row();
                        self.blocks.push(Block::Table { rows: t.rows });
                    }
                }
                self.table_depth = self.table_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraph_stack.last_mut() {
            p.text.push_str(text);
        }
    }

    fn end_paragraph(&mut self, p: Paragraph) {
        let (style_num, style_level) =
            p.style.as_deref().map(|s| self.numbering.style_list(s)).unwrap_or_default();
        let number = match p.num_id.or(style_num) {
            Some(id) => self.numbering.next(&id, p.level.or(style_level).unwrap_or(0)),
            None => None,
        };
        let body = p.text.trim();
        let text = match number {
            Some(n) if !n.is_empty() && !body.is_empty() => {
                // Word puts a tab after the number; a number ending in its
                // own punctuation ("1." "（一）" "1、") needs no space.
                let gap = if n.ends_with(|c: char| c.is_alphanumeric()) { " " } else { "" };
                format!("{n}{gap}{body}")
            }
            Some(n) if self.table_depth > 0 => n,
            _ => body.to_string(),
        };
        if self.table_depth > 0 {
            if let Some(cell) = self.table.as_mut().and_then(|t| t.row.as_mut()).and_then(|r| r.cell.as_mut())
            {
                if !text.is_empty() {
                    cell.lines.push(text);
                }
            }
        } else if !body.is_empty() {
            self.paragraphs += 1;
            self.blocks
                .push(Block::Paragraph { text, at: Location::Paragraph { paragraph: self.paragraphs } });
        }
    }
}

fn span(value: Option<String>) -> usize {
    value.and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).min(MAX_SPAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(inner: &str, numbering: Option<&str>) -> Result<Grid, OpenError> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{inner}</w:body></w:document>"#
        );
        let numbering = Numbering::read(numbering.map(str::as_bytes), None, "t.docx")?;
        Body::new(numbering).read(&mut Part::new(xml.as_bytes(), "t.docx", "word/document.xml"))
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn tc(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    fn table_rows(grid: &Grid) -> Vec<Vec<(String, bool)>> {
        let Some(Block::Table { rows }) = grid.blocks.iter().find(|b| matches!(b, Block::Table { .. }))
        else {
            panic!("no table in {grid:?}")
        };
        rows.iter().map(|r| r.iter().map(|c| (c.text.clone(), c.continues)).collect()).collect()
    }

    fn cell(text: &str) -> (String, bool) {
        (text.to_string(), false)
    }

    #[test]
    fn merges_are_laid_on_the_grid() {
        let span2 = r#"<w:gridSpan w:val="2"/>"#;
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let xml = format!(
            "<w:tbl><w:tblGrid/>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}{}{}</w:tr>\
             <w:tr>{}{}{}{}</w:tr>\
             <w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}{}</w:tr>\
             </w:tbl>",
            tc(restart, "序号"),
            tc(span2, "责任单位"),
            tc(restart, "完成时限"),
            tc(cont, ""),
            tc("", "牵头单位"),
            tc("", "配合单位"),
            tc(cont, ""),
            tc("", "1"),
            tc(restart, "市民政局"),
            tc("", "市财政局"),
            tc(cont, "ignored"),
            tc(r#"<w:vMerge w:val="continue"/>"#, ""),
            tc("", "市卫生健康委"),
            tc("", "2025年底"),
        );
        let grid = body(&xml, None).unwrap();
        assert_eq!(
            table_rows(&grid),
            vec![
                vec![cell("序号"), cell("责任单位"), cell(""), cell("完成时限")],
                vec![("序号".into(), true), cell("牵头单位"), cell("配合单位"), ("完成时限".into(), true)],
                vec![cell("1"), cell("市民政局"), cell("市财政局"), ("完成时限".into(), true)],
                vec![cell(""), ("市民政局".into(), true), cell("市卫生健康委"), cell("2025年底")],
            ]
        );
        let Block::Table { rows } = &grid.blocks[0] else { unreachable!() };
        assert_eq!(rows[1][3].at, Location::TableCell { table: 1, row: 2, column: 4 });
        assert_eq!(rows[0][2].at, Location::TableCell { table: 1, row: 1, column: 3 });
    }

    #[test]
    fn paragraphs_keep_body_order_and_only_visible_text() {
        let xml = format!(
            "{}<w:p/>{}<w:p><w:r><w:t xml:space=\"preserve\">甲 </w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙&amp;&#x4E01;</w:t></w:r>\
             <w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>\
             <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>\
             <w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:footnoteReference w:id=\"1\"/></w:r>\
             <w:r><w:drawing><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:drawing></w:r></w:p>\
             <w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt><w:tbl><w:tr>{}</w:tr></w:tbl>{}",
            p("标题"),
            p("  "),
            p("控件"),
            tc("", "格"),
            p("末段"),
        );
        let grid = body(&xml, None).unwrap();
        let para = |n: u32, text: &str| Block::Paragraph {
            text: text.into(),
            at: Location::Paragraph { paragraph: n },
        };
        assert_eq!(grid.blocks[0], para(1, "标题"));
        assert_eq!(grid.blocks[1], para(2, "甲  乙\n丙&丁插入链接"));
        assert_eq!(grid.blocks[2], para(3, "控件"));
        assert!(matches!(grid.blocks[3], Block::Table { .. }));
        assert_eq!(grid.blocks[4], para(4, "末段"));
    }

    #[test]
    fn a_table_in_a_cell_gives_lines_of_that_cell() {
        let inner = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>",
            tc("", "市民政局"),
            tc("", "牵头"),
            tc("", "市财政局")
        );
        let xml = format!(
            "<w:tbl><w:tr>{}<w:tc>{}{inner}</w:tc></w:tr></w:tbl><w:tbl><w:tr>{}</w:tr></w:tbl>",
            tc("", "1"),
            p("单位"),
            tc("", "二")
        );
        let grid = body(&xml, None).unwrap();
        assert_eq!(table_rows(&grid), vec![vec![cell("1"), cell("单位\n市民政局\n牵头\n市财政局")]]);
        let Block::Table { rows } = &grid.blocks[1] else { panic!("{grid:?}") };
        assert_eq!(rows[0][0].at, Location::TableCell { table: 2, row: 1, column: 1 });
    }

    #[test]
    fn auto_numbers_prefix_the_text() {
        let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="5">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
            </w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#;
        let numbered = |level: u32, text: &str| {
            format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        };
        let xml = [
            numbered(0, "总体要求"),
            numbered(1, "建设养老中心。"),
            numbered(1, "完善制度。"),
            numbered(0, "保障措施"),
        ]
        .concat();
        let grid = body(&xml, Some(numbering)).unwrap();
        let texts: Vec<&str> = grid
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text, .. } => text.as_str(),
                Block::Table { .. } => "",
            })
            .collect();
        assert_eq!(texts, ["一、总体要求", "1.建设养老中心。", "2.完善制度。", "二、保障措施"]);

        // A 序号 column numbered by Word: the cell holds only the number.
        let row = |r: &str| format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", numbered(1, ""), p(r));
        let grid = body(&format!("<w:tbl>{}{}</w:tbl>", row("甲"), row("乙")), Some(numbering)).unwrap();
        assert_eq!(table_rows(&grid), vec![vec![cell("1."), cell("甲")], vec![cell("2."), cell("乙")]]);
    }

    #[test]
    fn hostile_xml_is_refused() {
        let doctype = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "http://example.invalid/x">]><w:document><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"#;
        let err = Body::new(Numbering::default())
            .read(&mut Part::new(doctype.as_bytes(), "x.docx", "word/document.xml"))
            .unwrap_err();
        assert!(matches!(err, OpenError::Corrupt { .. }) && err.to_string().contains("DOCTYPE"), "{err}");

        let err = body(&p("&e;"), None).unwrap_err();
        assert!(err.to_string().contains("undeclared entity `&e;`"), "{err}");

        let deep = format!("{}{}", "<w:p>".repeat(MAX_XML_DEPTH + 10), "</w:p>".repeat(MAX_XML_DEPTH + 10));
        let err = body(&deep, None).unwrap_err();
        assert!(matches!(err, OpenError::TooDeep { limit: MAX_XML_DEPTH, .. }), "{err}");

        let err = body("<w:p><w:r></w:p>", None).unwrap_err();
        assert!(
            err.to_string().contains("`t.docx` is not a readable Word document (.docx): malformed XML"),
            "{err}"
        );
    }

    #[test]
    fn damaged_bodies_give_errors_not_panics() {
        let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1%9%"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let sample = format!(
            "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"99999\"/><w:gridAfter w:val=\"-1\"/></w:trPr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>\
             <w:p><w:pPr><w:numPr><w:ilvl w:val=\"12\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>x&#65;&lt;</w:t></w:r></w:p>",
            tc(r#"<w:gridSpan w:val="100000"/><w:vMerge w:val="restart"/>"#, "a"),
            tc("<w:vMerge/>", "b"),
            tc("<w:vMerge/><w:gridSpan w:val=\"0\"/>", "c"),
        );
        assert!(body(&sample, Some(numbering)).is_ok());
        // Cut and spliced at every few bytes: each either reads or is an error.
        let bytes = sample.as_bytes();
        for cut in (0..bytes.len()).step_by(7) {
            let damaged = String::from_utf8_lossy(&[&bytes[..cut], &bytes[cut / 2..]].concat()).into_owned();
            let _ = body(&damaged, Some(numbering));
        }
    }

    use crate::ingest::formats::MAX_XML_DEPTH;
}
