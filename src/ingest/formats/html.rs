//! Saved web pages (.html) → a [`Grid`]: the page title, then the body's
//! text blocks and tables in document order.
//!
//! The charset comes from a BOM, else a `<meta>` charset in the first
//! 4 KiB (unless the page is valid UTF-8 that is not ASCII: re-saved), else
//! UTF-8 when the bytes are valid UTF-8, else a guess; many government
//! pages are GBK. html5ever parses the page as a browser would
//! and never fetches anything. A table whose cells hold another table, or
//! a one-row or one-column table of prose, is page layout (government
//! pages wrap the article in one) and is read as text; any other table is
//! laid on its grid with `rowspan`/`colspan` resolved.
//!
//! Ignored: scripts, styles, navigation, page headers and footers, forms
//! without a table, buttons, frames, images, and anything CSS would hide.

mod charset;
mod nesting;

use scraper::{ElementRef, Html, Node};

use self::charset::encoding_of;
use self::nesting::{check_depth, shallow, too_deep, PRESCAN_DEPTH};
use super::OpenError;
use crate::ingest::grid::{Block, Grid, GridCell};
use crate::model::Location;

/// HTML caps colspan at 1000; more is damage.
const MAX_COLSPAN: usize = 1000;
/// A cell this long in a one-row or one-column table is prose, not a table.
const PROSE_CHARS: usize = 80;

pub fn read(bytes: &[u8], name: &str) -> Result<Grid, OpenError> {
    let (encoding, bom) = encoding_of(bytes);
    let (text, _) = encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
    if !shallow(text.as_bytes(), PRESCAN_DEPTH) {
        return Err(too_deep(name, format!("the page nests elements more than {PRESCAN_DEPTH} deep")));
    }
    let html = Html::parse_document(&text);
    check_depth(&html, name)?;
    let mut page = Page::default();
    if let Some(title) = page_title(&html) {
        page.text.push(&title, false);
        page.end_block();
    }
    page.element(html.root_element(), false);
    page.end_block();
    Ok(Grid { blocks: page.blocks })
}

/// The `<title>`, without the site name government pages append
/// (`…_XX市人民政府`, `…-政府信息公开`).
fn page_title(html: &Html) -> Option<String> {
    let title = html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")?;
    let mut text = Text::default();
    for part in title.text() {
        text.push(part, false);
    }
    let mut title = text.take();
    // "标题_政策文件_XX市人民政府": a site name, then maybe its section.
    for _ in 0..3 {
        let Some((at, sep)) = title.char_indices().rfind(|(_, c)| SEPARATORS.contains(c)) else {
            break;
        };
        let (head, tail) =
            (title[..at].trim_end_matches(SEPARATORS).trim(), title[at + sep.len_utf8()..].trim());
        if head.is_empty() || !site_like(tail) {
            break;
        }
        title = head.to_string();
    }
    Some(title).filter(|t| !t.trim().is_empty())
}

const SEPARATORS: &[char] = &['_', '-', '|', '｜', '—', '－', '–'];

fn site_like(tail: &str) -> bool {
    const SITE_WORDS: [&str; 18] = [
        "政府",
        "网",
        "门户",
        "信息公开",
        "政务",
        "办公室",
        "办公厅",
        "首页",
        "官网",
        "平台",
        "频道",
        "栏目",
        "政策文件",
        "通知公告",
        "政策法规",
        "规范性文件",
        "委员会",
        "局",
    ];
    tail.is_empty() || (tail.chars().count() <= 30 && SITE_WORDS.iter().any(|w| tail.contains(w)))
}

/// Inline text as a browser lays it out: runs of white space collapse to
/// one space, a line starts without one; `\n` only where a line breaks.
#[derive(Default)]
struct Text {
    out: String,
    space: bool,
}

impl Text {
    fn push(&mut self, text: &str, pre: bool) {
        for c in text.chars() {
            if pre {
                match c {
                    '\r' => {}
                    '\u{a0}' => self.out.push(' '),
                    c => self.out.push(c),
                }
            } else if c.is_ascii_whitespace() || c == '\u{a0}' {
                self.space = true;
            } else {
                if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push(c);
            }
        }
    }

    fn newline(&mut self) {
        self.space = false;
        self.out.push('\n');
    }

    fn take(&mut self) -> String {
        self.space = false;
        std::mem::take(&mut self.out)
    }
}

#[derive(Default)]
struct Page {
    blocks: Vec<Block>,
    /// Paragraphs emitted and grid tables emitted, for locations.
    paragraphs: u32,
    tables: u32,
    text: Text,
    /// Reading a grid cell's text: blocks break lines, not paragraphs.
    in_cell: bool,
}

/// Elements that are not the page's content.
fn skipped(element: ElementRef) -> bool {
    let e = element.value();
    match e.name() {
        "script" | "style" | "noscript" | "head" | "title" | "nav" | "header" | "footer" | "select"
        | "button" | "iframe" | "frame" | "template" | "svg" | "canvas" | "object" | "embed" | "textarea"
        | "audio" | "video" => true,
        // ASP.NET pages wrap the whole page in a form; only a form without
        // a table is a form.
        "form" => !element.descendants().filter_map(ElementRef::wrap).any(|d| d.value().name() == "table"),
        _ => {
            e.attr("hidden").is_some()
                || e.attr("style").is_some_and(|s| {
                    let s: String =
                        s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                    s.contains("display:none") || s.contains("visibility:hidden")
                })
        }
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "p"
            | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dd"
            | "dt"
            | "pre"
            | "blockquote"
            | "section"
            | "article"
            | "main"
            | "aside"
            | "address"
            | "figure"
            | "figcaption"
            | "hr"
            | "center"
            | "fieldset"
            | "legend"
            | "details"
            | "summary"
            | "caption"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "form"
            | "menu"
    )
}

impl Page {
    fn element(&mut self, element: ElementRef, pre: bool) {
        if skipped(element) {
            return;
        }
        let name = element.value().name();
        match name {
            "br" => self.text.newline(),
            "table" if !self.in_cell => {
                self.end_block();
                self.table(element);
            }
            _ if is_block(name) => {
                self.end_block();
                self.children(element, pre || name == "pre");
                self.end_block();
            }
            _ => self.children(element, pre),
        }
    }

    fn children(&mut self, element: ElementRef, pre: bool) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text.push(text, pre),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, pre);
                    }
                }
                _ => {}
            }
        }
    }

    /// Ends the text block being read: a paragraph, or a line of a cell.
    fn end_block(&mut self) {
        if self.in_cell {
            if !self.text.out.is_empty() && !self.text.out.ends_with('\n') {
                self.text.newline();
            }
            return;
        }
        let text = self.text.take();
        if !text.trim().is_empty() {
            self.paragraphs += 1;
            self.blocks
                .push(Block::Paragraph { text, at: Location::Paragraph { paragraph: self.paragraphs } });
        }
    }

    fn cell_text(&mut self, cell: ElementRef) -> String {
        self.in_cell = true;
        self.children(cell, false);
        self.in_cell = false;
        self.text.take().trim_end_matches('\n').to_string()
    }

    fn table(&mut self, table: ElementRef) {
        // Rows with their row group (thead, tbody, tfoot), in document order.
        let mut rows: Vec<(usize, ElementRef)> = Vec::new();
        let mut group = 0;
        for child in table.children().filter_map(ElementRef::wrap) {
            match child.value().name() {
                "caption" => self.element(child, false),
                "tr" => rows.push((group, child)),
                "thead" | "tbody" | "tfoot" => {
                    group += 1;
                    rows.extend(
                        child
                            .children()
                            .filter_map(ElementRef::wrap)
                            .filter(|r| r.value().name() == "tr")
                            .map(|r| (group, r)),
                    );
                    group += 1;
                }
                _ => {}
            }
        }
        let nested =
            table.descendants().skip(1).filter_map(ElementRef::wrap).any(|e| e.value().name() == "table");
        let cells: Vec<Vec<(ElementRef, String)>> = if nested {
            Vec::new()
        } else {
            rows.iter()
                .map(|(_, row)| cells_of(*row).into_iter().map(|c| (c, self.cell_text(c))).collect())
                .collect()
        };
        let widest =
            cells.iter().map(|r| r.iter().map(|(c, _)| span(c.value().attr("colspan"))).sum::<usize>()).max();
        let prose = cells.iter().flatten().any(|(_, text)| text.chars().count() >= PROSE_CHARS);
        if nested || (prose && (rows.len() <= 1 || widest.unwrap_or(0) <= 1)) {
            // Page layout: its cells are blocks of the page.
            for (_, row) in &rows {
                for cell in cells_of(*row) {
                    self.element(cell, false);
                }
            }
            return;
        }
        self.tables += 1;
        let groups: Vec<usize> = rows.iter().map(|(g, _)| *g).collect();
        self.blocks.push(Block::Table { rows: lay_out(self.tables, &groups, cells) });
    }
}

fn cells_of(row: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    row.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th")).collect()
}

fn span(value: Option<&str>) -> usize {
    value.and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1)
}

/// A cell a rowspan from above still covers.
struct Covered {
    rows_left: usize,
    /// The origin's text in its first column, empty in the others.
    text: String,
    first_column: bool,
}

/// Lays a table's cells on its grid: `rows[r]` holds the cells starting in
/// row `r` and `groups[r]` the row group it belongs to; a rowspan ends with
/// its row group (`rowspan="0"` fills it).
fn lay_out(table: u32, groups: &[usize], rows: Vec<Vec<(ElementRef, String)>>) -> Vec<Vec<GridCell>> {
    let most_cells = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut covered: Vec<Option<Covered>> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.into_iter().enumerate() {
        if r > 0 && groups.get(r) != groups.get(r - 1) {
            covered.clear();
        }
        let rows_left_in_group = groups[r..].iter().take_while(|g| Some(*g) == groups.get(r)).count().max(1);
        let at = |column: usize| Location::TableCell { table, row: r as u32 + 1, column: column as u32 + 1 };
        let mut line: Vec<GridCell> = Vec::new();
        for (cell, text) in row {
            while let Some(continued) = take_covered(&mut covered, line.len(), at(line.len())) {
                line.push(continued);
            }
            // Clamped to the widest row's cell count: a colspan of 1000 in a
            // table of five columns would only pad it with empty cells.
            let columns = span(cell.value().attr("colspan")).clamp(1, MAX_COLSPAN.min(most_cells));
            let rows_down = match cell.value().attr("rowspan").map(|v| v.trim().parse::<usize>()) {
                Some(Ok(0)) => rows_left_in_group,
                Some(Ok(n)) => n.clamp(1, rows_left_in_group),
                _ => 1,
            };
            let column = line.len();
            if rows_down > 1 && covered.len() < column + columns {
                covered.resize_with(column + columns, || None);
            }
            for k in 0..columns {
                let here = if k == 0 { text.clone() } else { String::new() };
                if rows_down > 1 {
                    covered[column + k] =
                        Some(Covered { rows_left: rows_down - 1, text: here.clone(), first_column: k == 0 });
                }
                line.push(GridCell::new(here, at(column + k)));
            }
        }
        // Columns a rowspan covers after the row's own cells.
        for column in line.len()..covered.len() {
            if let Some(continued) = take_covered(&mut covered, column, at(column)) {
                while line.len() < column {
                    line.push(GridCell::new("", at(line.len())));
                }
                line.push(continued);
            }
        }
        out.push(line);
    }
    // A colspan past the table's last column (a layout habit, or damage)
    // pads its row with empty cells no other row has.
    let width = out
        .iter()
        .map(|line| line.iter().rposition(|c| !c.text.is_empty() || c.continues).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0);
    for line in &mut out {
        line.truncate(width);
    }
    out
}

/// The cell a rowspan covers at `column`, counting the row it covers.
fn take_covered(covered: &mut [Option<Covered>], column: usize, at: Location) -> Option<GridCell> {
    let slot = covered.get_mut(column)?;
    let c = slot.take()?;
    let cell = GridCell { text: c.text.clone(), at, continues: c.first_column };
    if c.rows_left > 1 {
        *slot = Some(Covered { rows_left: c.rows_left - 1, ..c });
    }
    Some(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::formats::MAX_XML_DEPTH;

    fn read_str(html: &str) -> Grid {
        read(html.as_bytes(), "t.html").unwrap()
    }

    fn paragraphs(grid: &Grid) -> Vec<&str> {
        grid.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text, .. } => Some(text.as_str()),
                Block::Table { .. } => None,
            })
            .collect()
    }

    fn tables(grid: &Grid) -> Vec<Vec<Vec<(String, bool)>>> {
        grid.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table { rows } => Some(
                    rows.iter().map(|r| r.iter().map(|c| (c.text.clone(), c.continues)).collect()).collect(),
                ),
                Block::Paragraph { .. } => None,
            })
            .collect()
    }

    fn c(text: &str) -> (String, bool) {
        (text.to_string(), false)
    }

    fn below(text: &str) -> (String, bool) {
        (text.to_string(), true)
    }

    #[test]
    fn spans_are_resolved_onto_the_grid() {
        let grid = read_str(
            "<table><thead><tr><th rowspan=2>序号</th><th rowspan=2>重点任务</th><th colspan=2>责任单位</th></tr>\
             <tr><th>牵头单位</th><th>配合单位</th></tr></thead>\
             <tbody><tr><td>1</td><td rowspan=0>建设 <b>养老</b>\n  中心</td><td rowspan=2 colspan=2>市民政局</td></tr>\
             <tr><td>2</td></tr><tr><td>3</td><td colspan=5000>x</td></tr></tbody></table>",
        );
        assert_eq!(
            tables(&grid),
            [vec![
                vec![c("序号"), c("重点任务"), c("责任单位"), c("")],
                vec![below("序号"), below("重点任务"), c("牵头单位"), c("配合单位")],
                vec![c("1"), c("建设 养老 中心"), c("市民政局"), c("")],
                vec![c("2"), below("建设 养老 中心"), below("市民政局"), c("")],
                vec![c("3"), below("建设 养老 中心"), c("x"), c("")],
            ]]
        );
        let Block::Table { rows } = &grid.blocks[0] else { panic!() };
        assert_eq!(rows[3][2].at, Location::TableCell { table: 1, row: 4, column: 3 });
    }

    #[test]
    fn a_layout_table_is_read_as_text_around_the_tables_it_holds() {
        let grid = read_str(&(
            "<html><head><title>养老服务重点任务分工表_政策文件_珠海市人民政府</title><script>var x = '<p>no</p>';</script></head>\
             <body><nav>首页 | 政务公开</nav><table width=100%><tr><td><h2>重点任务分工表</h2><p>发布&nbsp;日期：2024年<br>来源：市民政局</p>\
             <table border=1><tr><td>序号</td><td>牵头单位</td></tr><tr><td>1</td><td>市民政局</td></tr></table></td></tr></table>\
             <table><tr><td>一段很长的正文，不是表格。".to_string()
                + &"正文".repeat(60)
                + "</td></tr></table><footer>版权所有</footer></body></html>"),
        );
        assert_eq!(
            paragraphs(&grid)[..3],
            ["养老服务重点任务分工表", "重点任务分工表", "发布 日期：2024年\n来源：市民政局"]
        );
        assert!(paragraphs(&grid)[3].starts_with("一段很长的正文"));
        assert_eq!(paragraphs(&grid).len(), 4);
        assert_eq!(tables(&grid), [vec![vec![c("序号"), c("牵头单位")], vec![c("1"), c("市民政局")]]]);
        assert_eq!(
            grid.blocks[0],
            Block::Paragraph {
                text: "养老服务重点任务分工表".into(),
                at: Location::Paragraph { paragraph: 1 }
            }
        );
    }

    #[test]
    fn site_names_are_cut_from_titles() {
        let title = |t: &str| page_title(&Html::parse_document(&format!("<title>{t}</title>")));
        assert_eq!(title("分工表 - 政府信息公开").as_deref(), Some("分工表"));
        assert_eq!(title("2024-2026年重点任务分工表").as_deref(), Some("2024-2026年重点任务分工表"));
        assert_eq!(title("分工表_XX市民政局").as_deref(), Some("分工表"));
        assert_eq!(title("  ").as_deref(), None);
    }

    #[test]
    fn damaged_pages_give_errors_not_panics() {
        let sample = "<html><head><meta charset=\"gbk\"><title>_</title></head><body><table><tr><td rowspan=\"99999\" \
                      colspan=\"-3\">甲</td><td rowspan=0 colspan=1001>乙</td></tr><tr></tr><tr><td>丙<table><tr><td>丁\
                      </td></tr></table></td></tr></table><pre> a\n b</pre></body></html>";
        let bytes = sample.as_bytes();
        for cut in (0..bytes.len()).step_by(5) {
            let _ = read(&[&bytes[..cut], &bytes[cut / 2..]].concat(), "damaged.html");
        }
    }

    #[test]
    fn a_page_nested_too_deep_is_refused() {
        let deep = format!(
            "<html><body>{}x{}",
            "<div>".repeat(MAX_XML_DEPTH + 5),
            "</div>".repeat(MAX_XML_DEPTH + 5)
        );
        let err = read(deep.as_bytes(), "deep.html").unwrap_err();
        assert!(matches!(err, OpenError::TooDeep { .. }), "{err}");
        assert!(err.to_string().starts_with("`deep.html`"), "{err}");
        assert_eq!(read(b"<html><body></body></html>", "empty.html").unwrap(), Grid::default());
    }
}
