//! Tables a PDF text layer lays out in fixed-width columns (`pdftotext
//! -layout`): each printed line holds a slice of every column at its own
//! position, cells wrap onto further lines of their column, and the row
//! number sits on the middle line of its row:
//!
//! ```text
//! 序号  工作任务                        主要责任        协作单位
//!                                       单位
//!       落实最严格水资源管理制度，严守  市水利和湖泊局  市发改委、市自然资源
//! 1     用水总量控制红线。                              和规划局
//! ```
//!
//! Columns are where the header's words start; each fragment of a line
//! goes to the column it starts in (a Han character is two columns wide).
//! A row ends when its task text has ended a sentence and a line brings new
//! task text, or when a second row number arrives.
//!
//! This module must not resolve units; it hands back rows of cells.

use super::columns::Header;
use super::content::{self, Content};
use super::raw::RawCell;
use super::rows::Event;
use super::shape;
use super::vocab::{self, ColumnKind};

/// Display width: Han characters and full-width signs take two columns.
fn width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// The fragments of a line between runs of two or more spaces, with the
/// display column each starts at.
fn fragments(line: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut col = 0;
    let mut current: Option<(usize, String)> = None;
    let mut spaces = 0;
    for c in line.chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += width(c);
        } else {
            if spaces >= 2 || current.is_none() {
                out.extend(current.take());
                current = Some((col, String::new()));
            } else if spaces == 1 {
                if let Some((_, t)) = current.as_mut() {
                    t.push(' ');
                }
            }
            spaces = 0;
            if let Some((_, t)) = current.as_mut() {
                t.push(c);
            }
        }
        col += width(c);
    }
    out.extend(current);
    out
}

/// Splits fragments at a single space that falls where a column starts: a
/// text filling its column to the edge leaves only one space before the
/// next (`…6.5万亩， 农业农村局、发`).
fn split_at_columns(frags: Vec<(usize, String)>, starts: &[usize]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, text) in frags {
        let mut piece_at = at;
        let mut piece = String::new();
        let mut col = at;
        let mut after_space = false;
        for c in text.chars() {
            let opens_column = after_space && starts.iter().any(|&s| s > at + 2 && s.abs_diff(col) <= 1);
            if opens_column && !piece.trim().is_empty() {
                out.push((piece_at, piece.trim_end().to_string()));
                piece = String::new();
                piece_at = col;
            }
            after_space = c == ' ';
            if !(piece.is_empty() && after_space) {
                piece.push(c);
            }
            col += width(c);
        }
        out.push((piece_at, piece));
    }
    out
}

/// A heading over numbered sub-items (`1.稳定粮食生产` above `1.1 落实…`):
/// the line that opens a group of tasks, not a task.
fn heads_sub_items(line: &str, next: Option<&&str>) -> bool {
    let t = line.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let Some(separator) = t[digits.len()..].chars().next().filter(|c| ['.', '．', '、'].contains(c)) else {
        return false;
    };
    if digits.is_empty() {
        return false;
    }
    let rest = &t[digits.len() + separator.len_utf8()..];
    let sub = format!("{digits}.");
    !rest.starts_with(|c: char| c.is_ascii_digit())
        && !rest.ends_with(['。', '；', ';'])
        && next.is_some_and(|n| {
            let n = n.trim();
            n.starts_with(&sub) && n[sub.len()..].starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Whether a line is laid out in columns: three fragments or more.
fn is_columned(line: &str) -> bool {
    fragments(line).len() >= 3
}

/// A header line: fragments that are header words, or halves of header
/// words completed by the line below (工作 / 任务, 主要责任 / 单位).
fn header_at(lines: &[&str], i: usize) -> Option<(Vec<(usize, ColumnKind)>, usize)> {
    // Three fragments need two gaps of two spaces: most lines have none.
    if lines[i].matches("  ").count() < 2 {
        return None;
    }
    let top = fragments(lines[i]);
    if top.len() < 3 {
        return None;
    }
    let below = lines.get(i + 1).map(|l| fragments(l)).unwrap_or_default();
    // The line below finishes header words (主要责任 / 单位) only if each of
    // its fragments does: a cell continued under a header repeated at a
    // page break (责任单位 / 政府) does not.
    let finishes = |(at, t): &(usize, String)| {
        let over = top.iter().rposition(|(s, _)| *s <= at + 2).map(|k| top[k].1.as_str());
        t.chars().count() <= 4
            && !t.chars().any(|c| c.is_ascii_digit())
            && over.is_some_and(|w| {
                // 牵头 / 单位 is a word; 责任单位 / 政府 still only reads
                // as 责任单位: nothing was finished.
                let joined = format!("{w}{t}");
                let whole = vocab::header_kind(&joined);
                whole.is_some() && (whole != vocab::header_kind(w) || vocab::is_header_word(&joined))
            })
    };
    let below_is_header = !below.is_empty() && below.iter().all(finishes);
    let mut columns = Vec::new();
    for (k, (start, word)) in top.iter().enumerate() {
        let end = top.get(k + 1).map_or(usize::MAX, |(s, _)| *s);
        let under: String = if below_is_header {
            below.iter().filter(|(s, _)| *s >= *start && *s < end).map(|(_, t)| t.as_str()).collect()
        } else {
            String::new()
        };
        let kind = vocab::header_kind(&format!("{word}{under}")).or_else(|| vocab::header_kind(word))?;
        columns.push((*start, kind));
    }
    columns
        .iter()
        .any(|(_, k)| k.is_units())
        .then_some((columns, if below_is_header { i + 2 } else { i + 1 }))
}

/// A table laid out in columns, found in `lines`.
pub struct Columnar {
    pub header: Header,
    pub events: Vec<Event>,
    /// Index of the header's first line: the lines above are the preamble.
    pub header_index: usize,
}

/// Finds a column-laid table: a header line of header words in three
/// columns or more, and indented body lines (a cell's later lines).
pub fn find(lines: &[&str]) -> Option<Columnar> {
    let (hi, (columns, body_start)) = (0..lines.len()).find_map(|i| header_at(lines, i).map(|h| (i, h)))?;
    let body = &lines[body_start..];
    let indented = body.iter().filter(|l| l.starts_with("    ") && !l.trim().is_empty()).count();
    let columned = body.iter().filter(|l| is_columned(l)).count();
    if indented < 2 || columned < 2 {
        return None;
    }
    let starts: Vec<usize> = columns.iter().map(|(s, _)| *s).collect();
    let kinds: Vec<ColumnKind> = columns.iter().map(|(_, k)| *k).collect();
    let header = Header::new(kinds, hi as u32 + 1, 0, 0);
    let events = rows(&header, &starts, lines, body_start);
    Some(Columnar { header, events, header_index: hi })
}

/// The column a fragment starting at `at` belongs to: the last column
/// starting at or before it (with a column's slack of two).
fn column_of(starts: &[usize], at: usize) -> usize {
    starts.iter().rposition(|s| *s <= at + 2).unwrap_or(0)
}

fn rows(header: &Header, starts: &[usize], lines: &[&str], from: usize) -> Vec<Event> {
    let task = header.task_column();
    // The text column that runs longest: the detail beside a short task.
    let prose = header.columns.iter().position(|k| *k == ColumnKind::Detail).unwrap_or(task);
    let number_col = header.columns.iter().position(|k| *k == ColumnKind::Number);
    let mut events = Vec::new();
    let mut row: Vec<Vec<(u32, String)>> = vec![Vec::new(); starts.len()];
    let flush = |row: &mut Vec<Vec<(u32, String)>>, events: &mut Vec<Event>| {
        let cells: Vec<(usize, RawCell)> = row
            .iter_mut()
            .enumerate()
            .filter(|(_, parts)| !parts.is_empty())
            .map(|(j, parts)| {
                let line = parts[0].0;
                let lines = std::mem::take(parts).into_iter().map(|(_, t)| t).collect();
                (j, RawCell { line, lines })
            })
            .collect();
        if !cells.is_empty() {
            events.push(Event::Aligned { cells });
        }
    };
    let text_of = |parts: &[(u32, String)]| parts.iter().map(|(_, t)| t.as_str()).collect::<String>();
    for (k, line) in lines.iter().enumerate().skip(from) {
        let n = k as u32 + 1;
        let t = line.trim();
        if t.is_empty() || shape::is_page_mark(t) {
            continue;
        }
        // The header again at a page break, and its second line.
        if header_at(lines, k).is_some() || (k > 0 && header_at(lines, k - 1).is_some_and(|(_, end)| end > k))
        {
            continue;
        }
        let frags = split_at_columns(fragments(line), starts);
        let next_line = lines[k + 1..].iter().find(|l| !l.trim().is_empty());
        if frags.len() == 1
            && (shape::is_heading(t) || heads_sub_items(t, next_line))
            && frags[0].0 < starts.get(1).copied().unwrap_or(usize::MAX)
        {
            flush(&mut row, &mut events);
            events.push(Event::Heading(RawCell::new(n, t)));
            continue;
        }
        let placed: Vec<(usize, String)> =
            frags.into_iter().map(|(at, text)| (column_of(starts, at), text)).collect();
        // The widest text column ends its sentence last: a row's text has
        // ended when that column's has.
        let brings_text = placed.iter().any(|(j, _)| *j == prose);
        let brings_number = placed.iter().any(|(j, t)| Some(*j) == number_col && is_row_number(t));
        let text_ended = text_of(&row[prose]).trim_end().ends_with(['。', '；', ';', '！', '？']);
        let has_number = number_col.is_some_and(|c| !row[c].is_empty());
        let new_row = (brings_text && text_ended) || (brings_number && has_number);
        if new_row {
            flush(&mut row, &mut events);
        }
        for (j, text) in placed {
            row[j].push((n, text));
        }
    }
    flush(&mut row, &mut events);
    // A cell's lines are wrapped pieces of one text.
    events
        .into_iter()
        .map(|e| match e {
            Event::Aligned { cells } => Event::Aligned {
                cells: cells
                    .into_iter()
                    .map(|(j, c)| (j, RawCell { line: c.line, lines: vec![shape::join_lines(&c.lines)] }))
                    .collect(),
            },
            other => other,
        })
        .collect()
}

/// A row number in the 序号 column: 12, 一, (一).
fn is_row_number(text: &str) -> bool {
    let t = text.trim();
    shape::bare_number(t).is_some()
        || (t.chars().count() <= 4 && t.chars().all(|c| "一二三四五六七八九十（）()、.".contains(c)))
        || content::content(t) == Content::Number
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "\
序号  工作任务                                  主要责任        协作单位              完成时限
                                                单位
一、加强水资源保护
      落实最严格水资源管理制度，严守用水总量和                  市发改委、市自然资源
1     强度控制红线，全市用水总量控制在省下达指  市水利和湖泊局  和规划局、各县（市、  年底前
      标以内。                                                  区）人民政府
2     推进县域节水型社会达标建设，完成南漳县、  市水利和湖泊局  南漳县人民政府、保康  2022年10月
      保康县节水型社会达标复核。                                县人民政府            底前
      开展入河排污口排查整治，完成汉江、唐白河                  市水利和湖泊局、市住  2022年12月
3     流域入河排污口溯源整治。                  市生态环境局    建局、各县（市、区）  底前
                                                                人民政府
- 2 -
序号  工作任务                                  主要责任        协作单位              完成时限
                                                单位
4     加强农业面源污染治理。                    市农业农村局    市生态环境局          持续推进";

    #[test]
    fn columns_are_read_back_into_rows() {
        let lines: Vec<&str> = PAGE.lines().collect();
        let found = find(&lines).expect("a column-laid table");
        use ColumnKind::*;
        assert_eq!(found.header.columns, vec![Number, Task, Primary, Support, Deadline]);
        let rows: Vec<Vec<(ColumnKind, String)>> = found
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Aligned { cells } => {
                    Some(cells.iter().map(|(j, c)| (found.header.columns[*j], c.lines.concat())).collect())
                }
                _ => None,
            })
            .collect();
        assert_eq!(rows.len(), 4, "{rows:#?}");
        assert_eq!(
            rows[0],
            [
                (Number, "1".into()),
                (Task, "落实最严格水资源管理制度，严守用水总量和强度控制红线，全市用水总量控制在省下达指标以内。".into()),
                (Primary, "市水利和湖泊局".into()),
                (Support, "市发改委、市自然资源和规划局、各县（市、区）人民政府".into()),
                (Deadline, "年底前".into()),
            ]
        );
        assert_eq!(rows[1][4], (Deadline, "2022年10月底前".into()));
        assert_eq!(rows[2][3], (Support, "市水利和湖泊局、市住建局、各县（市、区）人民政府".into()));
        assert_eq!(rows[3][1], (Task, "加强农业面源污染治理。".into()));
    }

    #[test]
    fn sub_items_under_headings_and_full_columns() {
        let page = "\
工作任务                                        责任            完成
                                                单位            时限
1.推进乡村建设
1.1 推进农村供水保障工程，完成供水工程改造提质  县水利局、县发  2024年6月
12处。                                          改局、县财政    底前
                                                局、各乡镇
1.2 推进农村电网巩固提升，完成10千伏线路改造50 县发改局、国网  2024年12月
公里。                                          湘潭县供电      底前
                                                公司";
        let lines: Vec<&str> = page.lines().collect();
        let found = find(&lines).expect("a column-laid table");
        let headings = found.events.iter().filter(|e| matches!(e, Event::Heading(_))).count();
        let rows: Vec<Vec<String>> = found
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Aligned { cells } => Some(cells.iter().map(|(_, c)| c.lines.concat()).collect()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, 1);
        assert_eq!(rows.len(), 2, "{rows:#?}");
        assert_eq!(rows[0][1], "县水利局、县发改局、县财政局、各乡镇");
        assert_eq!(rows[1][1], "县发改局、国网湘潭县供电公司");
        assert_eq!(rows[1][0], "1.2推进农村电网巩固提升，完成10千伏线路改造50公里。");
    }

    #[test]
    fn a_cell_continues_under_the_header_repeated_at_a_page_break() {
        let page = "\
序号  重点任务                                  牵头单位          责任单位                完成时限
1     推进沿线旅游服务设施建设，新建改造旅游厕  州交通运输局      州文广旅局、沿线各县（  2023年10月底
      所50座。                                                    市）人民                前

                                    — 2 —
序号  重点任务                                  牵头单位          责任单位                完成时限
                                                                  政府
2     开通旅游直通车线路3条。                   州交通运输局      州文旅投资集团          2023年4月底
                                                                                          前";
        let lines: Vec<&str> = page.lines().collect();
        let found = find(&lines).expect("a column-laid table");
        let units: Vec<String> = found
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Aligned { cells } => Some(cells[3].1.lines.concat()),
                _ => None,
            })
            .collect();
        assert_eq!(units, ["州文广旅局、沿线各县（市）人民政府", "州文旅投资集团"]);
    }

    #[test]
    fn a_heading_numbered_with_a_wide_separator_is_read_whole() {
        assert!(heads_sub_items("1、加强水资源保护", Some(&"1.1 落实最严格水资源管理制度")));
        assert!(heads_sub_items("2．推进乡村建设", Some(&"2.1 推进农村供水")));
        assert!(!heads_sub_items("3、加强保护", Some(&"4.1 落实")));
        assert!(!heads_sub_items("、加强保护", Some(&"1.1 落实")));
    }
}
