//! Row boundaries. Piped and spaced tables print them; tabbed and
//! line-per-cell tables do not, and blank lines are no guide (they appear
//! inside cells too). There rows are anchored on the cell that starts or
//! identifies each row: a bare number in a 序号 column, else a numbered task
//! text (`1.…`). The cells after an anchor are counted off the header; cells
//! between rows are headings, the leading cells of the next row, or
//! continuation rows without a number.
//!
//! This module must not interpret cell contents beyond those shapes.

use super::columns::{ColumnKind, Header};
use super::content::{self, fits, Content};
use super::raw::{Layout, RawCell, RawItem};
use super::shape;
use super::{align, interleaved, wraps};

#[derive(Debug, Clone)]
pub enum Event {
    /// A chapter (一、…) or section (（一）…) heading.
    Heading(RawCell),
    /// `complete` is false when cells were missing where the row was
    /// expected to carry more.
    Row { cells: Vec<RawCell>, complete: bool },
    /// A row whose cells were matched to columns by what they hold: each
    /// cell with its column; a column may hold several cells (one unit per
    /// paragraph).
    Aligned { cells: Vec<(usize, RawCell)> },
    /// A line or cell outside any row (a remark such as 备注 among them).
    Stray { line: u32, text: String },
}

/// Groups the items after the header into rows and headings.
pub fn group(layout: Layout, header: &Header, body: &[RawItem]) -> Vec<Event> {
    match layout {
        // One cell per line closed by ` |`, with no row separators: the
        // rows are found like those of one paragraph per cell.
        Layout::Piped if !body.iter().any(|i| matches!(i, RawItem::RowEnd { .. })) => {
            typed_rows(header, body)
        }
        Layout::TabRows | Layout::CommaRows => join_broken_rows(header, printed_rows(body)),
        Layout::Piped => printed_rows(body),
        Layout::SpacedRows => printed_rows(body).into_iter().map(|e| align_spaced(header, e)).collect(),
        Layout::Tabbed => anchored_rows(header, body),
        Layout::LinePerCell => {
            let lines: Vec<(u32, &str)> = body
                .iter()
                .flat_map(|item| match item {
                    RawItem::Cell(c) => {
                        c.lines.iter().enumerate().map(|(k, l)| (c.line + k as u32, l.as_str())).collect()
                    }
                    RawItem::Line { line, text } => vec![(*line, text.as_str())],
                    RawItem::RowEnd { .. } => Vec::new(),
                })
                .collect();
            interleaved::rows(header, &lines).unwrap_or_else(|| typed_rows(header, &wraps::mend(body)))
        }
    }
}

/// Rows of a table printed one cell per line or paragraph, where a cell
/// may take several paragraphs (one unit each) and merged cells leave rows
/// short: each cell goes to the next column that can hold what it says
/// (a number, text, units, a deadline, names); a cell that fits no column
/// after the last one filled starts a continuation row, which inherits
/// what it leaves out from the row above.
fn typed_rows(header: &Header, body: &[RawItem]) -> Vec<Event> {
    let cols = &header.columns;
    let task_col = header.task_column();
    let text_cols: Vec<usize> = (0..cols.len()).filter(|&j| fits(cols[j], Content::Text)).collect();
    let mut events = Vec::new();
    let mut row: Vec<(usize, RawCell)> = Vec::new();
    let mut at: Option<usize> = None;
    let flush = |row: &mut Vec<(usize, RawCell)>, events: &mut Vec<Event>| {
        if !row.is_empty() {
            events.push(Event::Aligned { cells: std::mem::take(row) });
        }
    };
    for item in body {
        let cell = match item {
            RawItem::Cell(c) if !c.is_empty() => c,
            RawItem::Cell(_) => continue,
            RawItem::Line { line, text } => {
                flush(&mut row, &mut events);
                events.push(line_event(*line, text));
                at = None;
                continue;
            }
            RawItem::RowEnd { .. } => {
                flush(&mut row, &mut events);
                at = None;
                continue;
            }
        };
        let mut kind = content::of_lines(&cell.lines);
        if kind == Content::Heading {
            flush(&mut row, &mut events);
            events.push(Event::Heading(cell.clone()));
            at = None;
            continue;
        }
        if kind == Content::Number && cols.first() == Some(&ColumnKind::Number) {
            flush(&mut row, &mut events);
            row.push((0, cell.clone()));
            at = Some(0);
            continue;
        }
        // A name-like cell where the row still lacks its text is the text
        // (a 项目名称 such as 县老年养护中心).
        let lacks_text = !row.iter().any(|(j, _)| text_cols.contains(j));
        if kind == Content::Units && lacks_text && at.is_some_and(|a| a < task_col) {
            kind = Content::Text;
        }
        let mut fitting: Vec<usize> = (0..cols.len()).filter(|&j| fits(cols[j], kind)).collect();
        if fitting.is_empty() {
            fitting.clone_from(&text_cols);
        }
        // A column may take several paragraphs (units one per line, a text
        // or a deadline wrapped); only a number always opens a row.
        let repeatable = |j: usize| cols[j] != ColumnKind::Number;
        // The next fitting column; else the same one again (a second unit
        // paragraph, a second paragraph of text).
        let next = fitting
            .iter()
            .copied()
            .find(|&j| at.is_none_or(|a| j > a))
            .or_else(|| fitting.iter().copied().find(|&j| at == Some(j) && repeatable(j)));
        let j = match next {
            Some(j) => j,
            None => {
                flush(&mut row, &mut events);
                // A continuation row's text is its task; the measure above
                // spans it.
                if fitting.contains(&task_col) {
                    task_col
                } else {
                    match fitting.first() {
                        Some(&j) => j,
                        None => continue,
                    }
                }
            }
        };
        row.push((j, cell.clone()));
        at = Some(j);
    }
    flush(&mut row, &mut events);
    events
}

/// A tab-separated row whose cell held a line break continues on the next
/// line (`1\t任务\t市民政局` then `市财政局\t2023年底前`): a row short of
/// the header's width takes the next line's cells, the first of them
/// finishing its last cell.
fn join_broken_rows(header: &Header, events: Vec<Event>) -> Vec<Event> {
    let width = header.columns.len();
    let mut out: Vec<Event> = Vec::new();
    for event in events {
        if let (Some(Event::Row { cells: open, .. }), Event::Row { cells: next, .. }) =
            (out.last_mut(), &event)
        {
            let continues = open.len() < width && !next.is_empty() && open.len() + next.len() - 1 <= width;
            if continues && next.first().is_none_or(|c| shape::bare_number(&c.text()).is_none()) {
                let mut rest = next.iter();
                if let (Some(last), Some(first)) = (open.last_mut(), rest.next()) {
                    last.lines.extend(first.lines.iter().cloned());
                }
                open.extend(rest.cloned());
                continue;
            }
            if continues_by_column(header, open, next) {
                for (k, cell) in next.iter().enumerate() {
                    match open.get_mut(k) {
                        Some(above) => above.lines.extend(cell.lines.iter().cloned()),
                        None => open.push(cell.clone()),
                    }
                }
                continue;
            }
        }
        out.push(event);
    }
    out
}

/// A line of a PDF text layer that kept its tab stops continues every cell
/// of the row above at once (`\t消费10亿元以上。\t\t各市县政府`): it opens
/// with an empty number cell, the row above is numbered and its task text
/// has not ended a sentence (or the line brings no task text), and the
/// line brings no row number of its own
/// (a 序号 merged over two columns would put one in its second cell).
fn continues_by_column(header: &Header, open: &[RawCell], next: &[RawCell]) -> bool {
    // The widest text column ends its sentences last (具体措施 beside a
    // merged 重点任务).
    let task = header
        .columns
        .iter()
        .rposition(|k| matches!(k, ColumnKind::Task | ColumnKind::Detail))
        .unwrap_or_else(|| header.task_column());
    let number = |c: Option<&RawCell>| c.is_some_and(|c| shape::bare_number(&c.text()).is_some());
    header.columns.first() == Some(&ColumnKind::Number)
        && next.first().is_some_and(RawCell::is_empty)
        && number(open.first())
        && !number(next.get(1))
        && (open.get(task).is_some_and(|c| !c.text().trim_end().ends_with(['。', '；', ';', '！', '？']))
            || next.get(task).is_none_or(RawCell::is_empty))
}

/// A spaced row whose wide gaps do not give one cell per column has its
/// boundaries settled by what its fragments say.
fn align_spaced(header: &Header, event: Event) -> Event {
    match event {
        Event::Row { cells, complete } if cells.len() != header.columns.len() => {
            match align::align(header, &align::fragments(&cells)) {
                Some(aligned) => Event::Aligned { cells: aligned },
                None => Event::Row { cells, complete },
            }
        }
        Event::Row { cells, complete } => {
            // One cell per column: a cell's words are wrapped lines.
            let cells =
                cells.into_iter().map(|c| RawCell { line: c.line, lines: vec![c.lines.concat()] }).collect();
            Event::Row { cells, complete }
        }
        other => other,
    }
}

fn line_event(line: u32, text: &str) -> Event {
    if shape::is_heading(text) {
        Event::Heading(RawCell::new(line, text))
    } else {
        Event::Stray { line, text: text.to_string() }
    }
}

fn printed_rows(body: &[RawItem]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut row: Vec<RawCell> = Vec::new();
    let flush = |row: &mut Vec<RawCell>, events: &mut Vec<Event>| {
        let cells = std::mem::take(row);
        let filled: Vec<&RawCell> = cells.iter().filter(|c| !c.is_empty()).collect();
        match filled.as_slice() {
            [] => {}
            [only] if shape::is_heading(&only.text()) => events.push(Event::Heading((*only).clone())),
            _ => events.push(Event::Row { complete: true, cells }),
        }
    };
    for item in body {
        match item {
            RawItem::Cell(c) => row.push(c.clone()),
            RawItem::RowEnd { .. } => flush(&mut row, &mut events),
            RawItem::Line { line, text } => {
                flush(&mut row, &mut events);
                events.push(line_event(*line, text));
            }
        }
    }
    flush(&mut row, &mut events);
    events
}

/// How rows are found in a table that does not print their boundaries.
enum Anchor {
    /// A bare number in the first column starts a row of `width` cells.
    Number { width: usize },
    /// A numbered task text; `trailing` cells follow it in its row.
    Item { trailing: usize },
    /// Nothing to anchor on: rows of the header's width.
    Chunks { width: usize },
}

fn is_number_anchor(c: &RawCell) -> bool {
    c.lines.len() == 1 && shape::bare_number(&c.lines[0]).is_some()
}

fn is_item_anchor(c: &RawCell) -> bool {
    c.lines.first().is_some_and(|l| shape::numbered_item(l).is_some())
}

fn choose_anchor(header: &Header, cells: &[&RawCell]) -> Anchor {
    let columns = &header.columns;
    let body: Vec<&&RawCell> = cells.iter().filter(|c| !shape::is_heading(&c.text())).collect();
    if columns.first() == Some(&ColumnKind::Number) {
        let anchors: Vec<usize> =
            body.iter().enumerate().filter(|(_, c)| is_number_anchor(c)).map(|(i, _)| i).collect();
        if !anchors.is_empty() {
            return Anchor::Number { width: row_width(&anchors, columns.len()) };
        }
    }
    if body.iter().any(|c| is_item_anchor(c)) {
        return Anchor::Item { trailing: columns.len() - header.task_column() - 1 };
    }
    Anchor::Chunks { width: columns.len() }
}

/// The number of cells per row. A row followed by continuation rows puts
/// two or more widths between anchors, so the width is the candidate that
/// divides the most anchor distances; candidates are the distances seen and
/// the header's width, and ties go to the width nearest the header's (a
/// smaller width divides whatever its multiples divide).
fn row_width(anchors: &[usize], header_width: usize) -> usize {
    let gaps: Vec<usize> =
        anchors.windows(2).map(|w| w[1] - w[0]).filter(|g| *g + 1 >= header_width).collect();
    let mut candidates: Vec<usize> = gaps.clone();
    candidates.push(header_width);
    candidates.retain(|w| *w >= 2);
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .max_by_key(|w| {
            let divides = gaps.iter().filter(|g| *g % w == 0).count();
            (divides, std::cmp::Reverse(w.abs_diff(header_width)), std::cmp::Reverse(*w))
        })
        .unwrap_or(2)
}

fn anchored_rows(header: &Header, body: &[RawItem]) -> Vec<Event> {
    let cells: Vec<&RawCell> = body
        .iter()
        .filter_map(|i| match i {
            RawItem::Cell(c) => Some(c),
            _ => None,
        })
        .collect();
    let anchor = choose_anchor(header, &cells);
    let mut events = Vec::new();
    let mut pending: Vec<RawCell> = Vec::new();
    let mut items = body.iter().peekable();
    while let Some(item) = items.next() {
        let cell = match item {
            RawItem::Cell(c) => c,
            RawItem::Line { line, text } => {
                events.push(line_event(*line, text));
                continue;
            }
            RawItem::RowEnd { .. } => continue,
        };
        if shape::is_heading(&cell.text()) {
            events.push(Event::Heading(cell.clone()));
            continue;
        }
        let (starts, take) = match anchor {
            Anchor::Number { width } => (is_number_anchor(cell), width - 1),
            Anchor::Item { trailing } => (is_item_anchor(cell), trailing),
            Anchor::Chunks { width } => (pending.len() + 1 == width, 0),
        };
        if !starts {
            pending.push(cell.clone());
            continue;
        }
        let mut row = match anchor {
            Anchor::Number { width } => {
                flush_unanchored(&mut pending, width, &mut events);
                vec![cell.clone()]
            }
            _ => {
                let mut row = std::mem::take(&mut pending);
                row.push(cell.clone());
                row
            }
        };
        let this_number = cell_number(cell);
        // Take the row's remaining cells, stopping early at the next row's
        // anchor or a chapter heading when a cell is missing.
        let mut taken = 0;
        while taken < take {
            let Some(RawItem::Cell(next)) = items.peek() else { break };
            let next_number = cell_number(next);
            // Only a cell of the anchoring shape starts the next row: in a
            // numbered table a detail cell listing `2.…；3.…` is still this
            // row's (or a continuation row's) cell.
            let anchors_next = match anchor {
                Anchor::Number { .. } => is_number_anchor(next),
                _ => is_item_anchor(next),
            };
            let is_next_row =
                matches!((this_number, next_number), (Some(a), Some(b)) if b == a + 1) && anchors_next;
            if is_next_row || shape::is_chapter_heading(&next.text()) {
                break;
            }
            row.push((*next).clone());
            items.next();
            taken += 1;
        }
        events.push(Event::Row { complete: taken == take, cells: row });
    }
    match anchor {
        Anchor::Number { width } | Anchor::Chunks { width } => {
            flush_unanchored(&mut pending, width, &mut events)
        }
        Anchor::Item { .. } => flush_unanchored(&mut pending, usize::MAX, &mut events),
    }
    events
}

fn cell_number(c: &RawCell) -> Option<u32> {
    let l = c.lines.first()?;
    shape::bare_number(l).or_else(|| shape::numbered_item(l).map(|(n, _)| n))?.parse().ok()
}

/// Cells between anchored rows: continuation rows of `width` cells; a lone
/// leftover that is all empty is dropped.
fn flush_unanchored(pending: &mut Vec<RawCell>, width: usize, events: &mut Vec<Event>) {
    let cells = std::mem::take(pending);
    if cells.iter().all(RawCell::is_empty) {
        return;
    }
    if width == usize::MAX {
        for c in cells.into_iter().filter(|c| !c.is_empty()) {
            events.push(Event::Stray { line: c.line, text: c.text() });
        }
        return;
    }
    for chunk in cells.chunks(width.max(1)) {
        if chunk.iter().all(RawCell::is_empty) {
            continue;
        }
        events.push(Event::Row { complete: chunk.len() == width, cells: chunk.to_vec() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::columns::find_header;
    use crate::ingest::raw::scan;

    #[test]
    fn tab_stop_lines_continue_every_cell_above() {
        let text = "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t发放旅游消费券，带动旅游\t省旅文厅\t省商务厅、各市\t2022年6\n\t消费10亿元以上。\t\t县政\t月\n\t\t\t府\n— 2 —\n2\t打造夜间消费街区。\t省商务厅\t各市县政府\t年底前\n";
        let raw = scan(text);
        let header = find_header(&raw.items).expect("a header");
        let rows: Vec<Vec<String>> = group(raw.layout, &header, &raw.items[header.end..])
            .into_iter()
            .filter_map(|e| match e {
                Event::Row { cells, .. } => Some(cells.iter().map(RawCell::text).collect()),
                _ => None,
            })
            .collect();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0][1], "发放旅游消费券，带动旅游消费10亿元以上。");
        assert_eq!(rows[0][3], "省商务厅、各市县政府");
        assert_eq!(rows[0][4], "2022年6月");
    }
}
