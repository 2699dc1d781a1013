//! Stage one: the table as printed. Finds how cells are marked (a leading
//! tab, a trailing pipe, spaces within one line, or one cell per line) and
//! returns cells with their line numbers, hard row ends where the layout
//! prints them, and the free lines around the table.
//!
//! This stage must not interpret cells: no header words, no units, no
//! headings. It never fails; whatever it cannot place becomes a free line.

use super::{columns, shape, vocab};

/// One cell: its first line and its printed lines, trimmed, blank lines
/// inside the cell dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCell {
    pub line: u32,
    pub lines: Vec<String>,
}

/// What a table prints in a cell it leaves empty.
const PLACEHOLDERS: &[&str] = &["/", "／", "\\", "-", "－", "—", "——", "--", "无", "空"];

impl RawCell {
    pub fn new(line: u32, first: &str) -> RawCell {
        let mut cell = RawCell { line, lines: Vec::new() };
        cell.push(first);
        cell
    }

    pub(super) fn push(&mut self, text: &str) {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        // `/`, `—` or `无` fill a cell that holds nothing.
        if !t.is_empty() && !PLACEHOLDERS.contains(&t) {
            self.lines.push(t.to_string());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The cell's text with wrapped lines joined (see [`super::shape::join_lines`]).
    pub fn text(&self) -> String {
        super::shape::join_lines(&self.lines)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawItem {
    Cell(RawCell),
    /// The layout printed a row boundary here (a `|||` line, an end of line
    /// in a one-row-per-line table).
    RowEnd {
        line: u32,
    },
    /// A line outside any cell: title, prose, notes.
    Line {
        line: u32,
        text: String,
    },
}

/// How the document marks its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Each cell starts with a tab at line start; other lines continue it.
    Tabbed,
    /// Each cell ends with ` |`; lines of only pipes separate rows.
    Piped,
    /// One row per line, cells separated by tabs (a copy from a spreadsheet
    /// or a web page); a quoted cell may span lines.
    TabRows,
    /// A spreadsheet saved as CSV: rows of comma-separated cells, a quoted
    /// cell may hold commas and span lines.
    CommaRows,
    /// One row per line, cells separated by spaces.
    SpacedRows,
    /// No cell marks: every non-blank line is one cell.
    LinePerCell,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    pub layout: Layout,
    pub items: Vec<RawItem>,
}

/// Scans `text` (LF line ends) into cells.
pub fn scan(text: &str) -> RawTable {
    let lines: Vec<&str> = text.lines().collect();
    let layout = detect(&lines);
    let items = match layout {
        Layout::Tabbed => scan_tabbed(&lines),
        Layout::Piped => scan_piped(&lines),
        Layout::TabRows => scan_delimited(&lines, '\t'),
        Layout::CommaRows => scan_delimited(&lines, ','),
        Layout::SpacedRows => scan_spaced(&lines),
        Layout::LinePerCell => scan_line_per_cell(&lines),
    };
    RawTable { layout, items }
}

fn tab_content(line: &str) -> Option<&str> {
    line.trim_start_matches([' ', '\u{3000}']).strip_prefix('\t')
}

/// `|||||` between rows, or a Markdown rule `|---|:--:|`.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 2
        && t.contains('|')
        && t.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'+' | b'='))
        && (t.bytes().all(|b| b == b'|') || t.contains("--"))
}

/// The cells a line prints between pipes: `a | b |`, `| a | b |`, `a |`.
/// `None` for a line without a pipe.
fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if !t.contains('|') {
        return None;
    }
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    Some(t.split('|').collect())
}

/// Whether a line is a row of tab-separated cells (not a cell opened by a
/// leading tab).
fn is_tab_row(line: &str) -> bool {
    // A row may open with an empty cell (a 序号 merged over two rows), so
    // a leading tab does not make a line a cell of the tabbed layout when
    // more cells follow.
    line.split('\t').filter(|p| !p.trim().is_empty()).count() >= 2
}

/// A CSV header row: three header words or more between commas. Text with
/// ASCII punctuation has commas too, but not between header words.
fn is_comma_header(line: &str) -> bool {
    let fields = split_delimited(line, ',', true);
    let filled: Vec<&String> = fields.iter().filter(|f| !f.trim().is_empty()).collect();
    filled.len() >= 3 && filled.iter().all(|f| columns::header_kind(f).is_some())
}

/// The cells of a row separated by `delimiter`, unquoted: a cell in double
/// quotes may hold the delimiter and line breaks, `""` is a quote. Without
/// `quotes`, a quote is text like any other character.
fn split_delimited(row: &str, delimiter: char, quotes: bool) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if quotes && cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == delimiter && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// Whether a quote is still open after `line`, read by the same rule as
/// [`split_delimited`]: a quote opens a cell only at its start, so a `"`
/// inside a cell's text (`"十四五"规划`) opens nothing. The state carries
/// from line to line, so a row spanning many lines is read once.
struct QuoteState {
    quoted: bool,
    cell_blank: bool,
}

impl QuoteState {
    fn new() -> QuoteState {
        QuoteState { quoted: false, cell_blank: true }
    }

    fn read(&mut self, line: &str, delimiter: char) -> bool {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if self.quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' if self.quoted => self.quoted = false,
                '"' if self.cell_blank => self.quoted = true,
                c if c == delimiter && !self.quoted => self.cell_blank = true,
                c if c.is_whitespace() => {}
                _ => self.cell_blank = false,
            }
        }
        self.quoted
    }
}

/// A quoted cell spans at most this many lines; a quote left open longer is
/// a stray mark, printed as text.
const MAX_QUOTED_LINES: usize = 50;

/// Splits a line on runs of whitespace.
fn words(line: &str) -> Vec<&str> {
    line.split(|c: char| c.is_whitespace() || c == '\u{3000}').filter(|w| !w.is_empty()).collect()
}

fn detect(lines: &[&str]) -> Layout {
    let piped = lines
        .iter()
        .filter(|l| l.trim_end().ends_with('|') || pipe_cells(l).is_some_and(|c| c.len() >= 3))
        .count();
    if piped >= 3 {
        return Layout::Piped;
    }
    // CSV: a header row of header words between commas, and rows.
    let comma_rows = lines.iter().filter(|l| l.matches(',').count() >= 2).count();
    if comma_rows >= 3 && lines.iter().any(|l| is_comma_header(l)) {
        return Layout::CommaRows;
    }
    let tabbed = lines.iter().filter(|l| tab_content(l).is_some() && !is_tab_row(l)).count();
    let tab_rows = lines.iter().filter(|l| is_tab_row(l)).count();
    if tab_rows >= 3 && tab_rows > tabbed {
        return Layout::TabRows;
    }
    if tabbed >= 3 {
        return Layout::Tabbed;
    }
    // A header printed on one line with spaces: words that are header
    // words, or letter-spaced ones (`牵 头 单 位`) that are once squashed.
    let spaced_header = lines.iter().any(|l| {
        let w = words(l);
        w.len() >= 3
            && (w.iter().all(|w| columns::header_kind(w).is_some())
                || vocab::split_header_run(l)
                    .is_some_and(|run| run.len() >= 3 && run.iter().any(|(_, kind)| kind.is_units())))
    });
    if spaced_header {
        Layout::SpacedRows
    } else {
        Layout::LinePerCell
    }
}

fn scan_tabbed(lines: &[&str]) -> Vec<RawItem> {
    let mut items = Vec::new();
    let mut current: Option<RawCell> = None;
    let mut blank_run = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        if let Some(content) = tab_content(line) {
            items.extend(current.take().map(RawItem::Cell));
            // Further tabs on the same line separate further cells.
            let mut parts = content.split('\t');
            let first = parts.next().unwrap_or_default();
            let mut cell = RawCell::new(n, first);
            for part in parts {
                items.push(RawItem::Cell(std::mem::replace(&mut cell, RawCell::new(n, part))));
            }
            current = Some(cell);
            blank_run = 0;
        } else if line.trim().is_empty() {
            blank_run += 1;
        } else {
            // A line without a tab continues the open cell, unless the table
            // has visibly ended (two blank lines, a remark).
            match current.as_mut() {
                Some(cell) if blank_run < 2 && !shape::is_note(line) => cell.push(line),
                _ => {
                    items.extend(current.take().map(RawItem::Cell));
                    items.push(RawItem::Line { line: n, text: line.trim().to_string() });
                }
            }
            blank_run = 0;
        }
    }
    items.extend(current.map(RawItem::Cell));
    items
}

/// Markdown and HTML leftovers inside a cell: `**bold**`, `<br>`.
fn clean_markup(cell: &str) -> String {
    let cell = cell.replace("<br/>", "\n").replace("<br />", "\n").replace("<br>", "\n");
    bold_items_as_marks(&cell).replace("**", "")
}

/// Tables that print their lead units in bold (注：字体加粗的为牵头单位)
/// lose the bold with the markup, so a bold item of a list keeps it as
/// the star mark the unit reader knows: `省农业农村厅、**省自然资源厅**`
/// → `省农业农村厅、省自然资源厅★`. Only a whole item between list
/// separators counts; a bold heading or a bold phrase in a sentence is
/// emphasis, not a role.
fn bold_items_as_marks(cell: &str) -> String {
    const SEPARATORS: &[char] = &['、', '，', ',', '；', ';', '/', '\n'];
    if !cell.contains("**") {
        return cell.to_string();
    }
    let parts: Vec<&str> = cell.split("**").collect();
    // An odd number of `**` is not bold markup; no separator, no list.
    if parts.len() < 3 || parts.len() % 2 == 0 || !cell.contains(SEPARATORS) {
        return cell.to_string();
    }
    // Text beside a bold part ends at a separator or the cell's edge.
    let separated = |c: Option<char>| c.is_none_or(|c| SEPARATORS.contains(&c));
    let mut out = String::with_capacity(cell.len() + 3 * parts.len());
    for (i, part) in parts.iter().enumerate() {
        out.push_str(part);
        // Odd parts are bold: parts[i - 1] is the text before, parts[i + 1] after.
        let item = i % 2 == 1
            && !part.trim().is_empty()
            && !part.contains(SEPARATORS)
            && separated(parts[i - 1].trim_end_matches([' ', '　']).chars().next_back())
            && separated(parts[i + 1].trim_start_matches([' ', '　']).chars().next());
        if item {
            out.push('★');
        }
        if i + 1 < parts.len() {
            out.push_str("**");
        }
    }
    out
}

/// Piped tables come in two shapes: a whole row per line (`a | b | c |`,
/// Markdown's `| a | b |`), where the line end ends the row; and one cell
/// per line closed by ` |`, where a cell's earlier lines carry no pipe and
/// rows are separated by `|||||` lines or not at all.
fn scan_piped(lines: &[&str]) -> Vec<RawItem> {
    let mut items = Vec::new();
    let mut pending: Option<RawCell> = None;
    let mut seen_cell = false;
    let flush_lines = |pending: &mut Option<RawCell>, items: &mut Vec<RawItem>| {
        if let Some(cell) = pending.take() {
            for (k, text) in cell.lines.into_iter().enumerate() {
                items.push(RawItem::Line { line: cell.line + k as u32, text });
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        let t = line.trim();
        if is_separator(t) {
            items.extend(pending.take().map(RawItem::Cell));
            items.push(RawItem::RowEnd { line: n });
            seen_cell = true;
            continue;
        }
        match pipe_cells(t) {
            Some(parts) if parts.len() >= 2 => {
                // A whole row: lines above without a pipe were not its cells.
                flush_lines(&mut pending, &mut items);
                for part in parts {
                    let mut cell = RawCell { line: n, lines: Vec::new() };
                    for l in clean_markup(part).lines() {
                        cell.push(l);
                    }
                    items.push(RawItem::Cell(cell));
                }
                items.push(RawItem::RowEnd { line: n });
                seen_cell = true;
            }
            Some(parts) => {
                // `text |` closes the cell still open from the lines above.
                let mut cell = pending.take().unwrap_or(RawCell { line: n, lines: Vec::new() });
                for l in clean_markup(parts[0]).lines() {
                    cell.push(l);
                }
                items.push(RawItem::Cell(cell));
                seen_cell = true;
            }
            None if t.is_empty() => continue,
            // Before the table a line without a pipe is a title or a
            // paragraph; inside it, the first line of a cell.
            None if !seen_cell => items.push(RawItem::Line { line: n, text: t.to_string() }),
            None => pending.get_or_insert_with(|| RawCell { line: n, lines: Vec::new() }).push(t),
        }
    }
    // An unclosed cell at the end is text after the table.
    flush_lines(&mut pending, &mut items);
    items
}

/// Rows of cells separated by `delimiter` (a tab, a comma); a cell in
/// double quotes may hold line breaks (as spreadsheets copy them), and a
/// line without a delimiter after a row continues that row's last cell.
fn scan_delimited(lines: &[&str], delimiter: char) -> Vec<RawItem> {
    let mut items = Vec::new();
    let mut last_cell: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let n = i as u32 + 1;
        let line = lines[i];
        if shape::is_page_mark(line) {
            i += 1;
            continue;
        }
        // A remark or a sign-off row (制表人：…\t审核人：…) is no table row.
        if shape::is_note(line) {
            items.push(RawItem::Line { line: n, text: line.trim().to_string() });
            i += 1;
            continue;
        }
        if !line.contains(delimiter) {
            // A line right under a row, without a delimiter, is the rest of
            // the row's last cell (a line break inside it); after a blank
            // line it is text of its own.
            let under_row = i > 0
                && !lines[i - 1].trim().is_empty()
                && !shape::is_heading(line.trim())
                && !shape::is_note(line)
                && shape::marker(line).is_none();
            match (under_row && !line.trim().is_empty(), last_cell) {
                (true, Some(at)) if matches!(items.last(), Some(RawItem::RowEnd { .. })) => {
                    if let RawItem::Cell(c) = &mut items[at] {
                        c.push(line);
                    }
                }
                _ if !line.trim().is_empty() => {
                    items.push(RawItem::Line { line: n, text: line.trim().to_string() })
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        // Gather the row: a quote left open continues on the next lines.
        let mut state = QuoteState::new();
        let mut open = state.read(line, delimiter);
        let mut end = i;
        while open && end + 1 < lines.len() && end - i < MAX_QUOTED_LINES {
            end += 1;
            open = state.read(lines[end], delimiter);
        }
        let (row_text, quotes) = if open {
            // Never closed: a stray quote, read as text on its own line.
            (line.to_string(), false)
        } else {
            (lines[i..=end].join("\n"), true)
        };
        i = if open { i + 1 } else { end + 1 };
        for part in split_delimited(&row_text, delimiter, quotes) {
            let mut cell = RawCell { line: n, lines: Vec::new() };
            for l in part.trim().lines() {
                cell.push(l);
            }
            last_cell = Some(items.len());
            items.push(RawItem::Cell(cell));
        }
        items.push(RawItem::RowEnd { line: n });
    }
    items
}

/// Rows on one line each. Two spaces or more (or a tab) surely separate
/// cells; one space may separate cells or sit where a cell's text wrapped,
/// so each cell keeps the words between single spaces as its lines, and
/// stage two settles the boundaries (`align`).
fn scan_spaced(lines: &[&str]) -> Vec<RawItem> {
    let mut items = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        // A remark or the closing print line is no row, however spaced.
        if words(line).len() <= 1 || shape::is_page_mark(line) || shape::is_note(line) {
            if !line.trim().is_empty() && !shape::is_page_mark(line) {
                items.push(RawItem::Line { line: n, text: line.trim().to_string() });
            }
            continue;
        }
        for chunk in wide_chunks(line) {
            let mut cell = RawCell { line: n, lines: Vec::new() };
            for w in words(chunk) {
                cell.push(w);
            }
            items.push(RawItem::Cell(cell));
        }
        items.push(RawItem::RowEnd { line: n });
    }
    items
}

/// Splits a line at runs of two or more spaces (full-width ones too) or tabs.
fn wide_chunks(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut gap_start: Option<usize> = None;
    let mut gap_width = 0;
    for (i, c) in line.char_indices() {
        let blank = c == ' ' || c == '\u{3000}' || c == '\t';
        if blank {
            if gap_start.is_none() {
                gap_start = Some(i);
                gap_width = 0;
            }
            gap_width += if c == ' ' { 1 } else { 2 };
        } else if let Some(g) = gap_start.take() {
            if gap_width >= 2 {
                out.push(&line[start..g]);
                start = i;
            }
        }
    }
    out.push(&line[start..]);
    out.into_iter().map(str::trim).filter(|c| !c.is_empty()).collect()
}

/// One cell per line; or, when blank lines separate most lines, one cell
/// per paragraph, whose lines are the cell's (a unit cell listing one unit
/// per line, a wrapped text).
fn scan_line_per_cell(lines: &[&str]) -> Vec<RawItem> {
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
    let separated = filled.windows(2).filter(|w| w[1] > w[0] + 1).count();
    let paragraphs = filled.len() >= 4 && separated * 2 > filled.len();
    let mut items = Vec::new();
    let mut open: Option<RawCell> = None;
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        if line.trim().is_empty() || shape::is_page_mark(line) {
            items.extend(open.take().map(RawItem::Cell));
            continue;
        }
        // A remark or the document's closing lines belong to no cell.
        if shape::is_note(line) {
            items.extend(open.take().map(RawItem::Cell));
            items.push(RawItem::Line { line: n, text: line.trim().to_string() });
            continue;
        }
        match open.as_mut() {
            Some(cell) if paragraphs => cell.push(line),
            _ => {
                items.extend(open.take().map(RawItem::Cell));
                open = Some(RawCell::new(n, line));
            }
        }
    }
    items.extend(open.map(RawItem::Cell));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_items_of_a_list_keep_a_lead_mark() {
        assert_eq!(clean_markup("省农业农村厅、**省自然资源厅**"), "省农业农村厅、省自然资源厅★");
        assert_eq!(clean_markup("**甲局**、**乙局**、丙局"), "甲局★、乙局★、丙局");
        assert_eq!(clean_markup("**甲局**<br>乙局"), "甲局★\n乙局");
        // Emphasis, not roles: a bold heading, a bold phrase in a sentence.
        assert_eq!(clean_markup("**一、强化要素保障**"), "一、强化要素保障");
        assert_eq!(clean_markup("**省畜牧业管理局**"), "省畜牧业管理局");
        assert_eq!(clean_markup("到2025年，**新增**养殖场500个"), "到2025年，新增养殖场500个");
        assert_eq!(clean_markup("甲局、**乙局"), "甲局、乙局");
    }

    fn cells(table: &RawTable) -> Vec<(u32, Vec<String>)> {
        table
            .items
            .iter()
            .filter_map(|i| match i {
                RawItem::Cell(c) => Some((c.line, c.lines.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn tabbed_cells_continue_across_blank_lines() {
        let text = "标题\n\n\t项目\n\t责任单位\n\t配合单位\n\t1.任务\n\t市民政局\n\n市财政局\n\t\n\t三、建立\n\n制度\n\n\n备注：说明";
        let t = scan(text);
        assert_eq!(t.layout, Layout::Tabbed);
        let c = cells(&t);
        assert_eq!(c[4], (7, vec!["市民政局".to_string(), "市财政局".to_string()]));
        assert_eq!(c[5], (10, vec![]));
        assert_eq!(c[6], (11, vec!["三、建立".to_string(), "制度".to_string()]));
        assert!(matches!(&t.items[0], RawItem::Line { line: 1, .. }));
        assert!(matches!(t.items.last(), Some(RawItem::Line { line: 16, .. })));
    }

    #[test]
    fn piped_cells_span_lines_until_the_pipe() {
        let text = "前言段落\n标题\n序号 |\n牵头单位 |\n|||||\n1 |\n市财政局,各县\n|\n持续实施 |\n|||||\n";
        let t = scan(text);
        assert_eq!(t.layout, Layout::Piped);
        assert!(matches!(&t.items[0], RawItem::Line { line: 1, .. }));
        let c = cells(&t);
        assert_eq!(c.len(), 5);
        assert_eq!(c[3], (7, vec!["市财政局,各县".to_string()]));
        assert_eq!(t.items.iter().filter(|i| matches!(i, RawItem::RowEnd { .. })).count(), 2);
    }

    #[test]
    fn spaced_rows_and_line_per_cell() {
        let t = scan("序号 工作任务 牵头单位\n1 编制规划  市民政局\n");
        assert_eq!(t.layout, Layout::SpacedRows);
        // Single spaces may be wraps: words stay lines of one cell until
        // stage two; wide gaps separate cells.
        assert_eq!(
            cells(&t)[0],
            (1, vec!["序号".to_string(), "工作任务".to_string(), "牵头单位".to_string()])
        );
        assert_eq!(cells(&t).len(), 3);
        let t = scan("序号\n工作任务\n\n牵头单位\n");
        assert_eq!(t.layout, Layout::LinePerCell);
        assert_eq!(cells(&t).len(), 3);
        // Placeholders leave a cell empty; closing lines are no cell.
        let t = scan("序号\n工作任务\n责任领导\n牵头单位\n1\n任务。\n/\n市民政局\n抄送：市委办公室。\n");
        let c = cells(&t);
        assert_eq!(c.len(), 8);
        assert!(c[6].1.is_empty());
        assert!(matches!(t.items.last(), Some(RawItem::Line { line: 9, .. })));
    }

    #[test]
    fn comma_rows_with_quoted_cells() {
        let text = "前言，说明。\n分解表,,,\n序号,工作任务,牵头单位,配合单位\n1,\"建设码头，\n建成泊位2个。\",市交通局,\"市发改委、市财政局\"\n2,\"推进\"\"数字港\"\"\",市港口集团,\n";
        let t = scan(text);
        assert_eq!(t.layout, Layout::CommaRows);
        let c = cells(&t);
        assert_eq!(c[9], (4, vec!["建设码头，".to_string(), "建成泊位2个。".to_string()]));
        assert_eq!(c[11], (4, vec!["市发改委、市财政局".to_string()]));
        assert_eq!(c[13], (6, vec!["推进\"数字港\"".to_string()]));
        // Text with ASCII commas but no header of them is no CSV.
        let t = scan("序号 工作任务 牵头单位\n1 编制规划,加强督导,做好宣传  市民政局\n2 a,b,c  市财政局\n3 d,e,f  市人社局\n");
        assert_eq!(t.layout, Layout::SpacedRows);
    }

    #[test]
    fn a_stray_quote_swallows_no_rows() {
        // A quote inside a cell's text opens nothing.
        let text = "序号,工作任务,牵头单位\n1,落实\"十四五\"规划,市民政局\n2,编制规划,市财政局\n3,加强督导,市人社局\n";
        let c = cells(&scan(text));
        assert_eq!(c.len(), 12);
        assert_eq!(c[4], (2, vec!["落实\"十四五\"规划".to_string()]));
        assert_eq!(c[9], (4, vec!["3".to_string()]));
        // A quote opening a cell and never closed is text of its line.
        let mut text = String::from("序号,工作任务,牵头单位\n1,\"编制规划,市民政局\n");
        for n in 2..80 {
            text.push_str(&format!("{n},加强督导,市财政局\n"));
        }
        let c = cells(&scan(&text));
        assert_eq!(c.len(), 3 * 80);
        assert_eq!(c[4], (2, vec!["\"编制规划".to_string()]));
        assert_eq!(c[6], (3, vec!["2".to_string()]));
    }
}
