//! Tables whose text lost every separator, as Word and PDF text layers and
//! document-sharing sites give them: `…分解表序号重点任务分管领导牵头单位配合
//! 单位完成时限1稳定粮食生产…。陈文华农业农村局发改局财政局各乡镇年底前2推进…`.
//!
//! The header is a run of header words; rows start at the next row number
//! in sequence; inside a row the task text ends at a sentence end after
//! which a person's name, a run of unit names and a deadline follow, as the
//! header orders them. A row may hold several such groups (merged 序号
//! cells): the later ones are continuation rows. A site's chunk markers
//! (`2、` opening its second line) and page marks are dropped, and the
//! header repeated at a page break is cut out.
//!
//! This module must not resolve units; it hands back rows of cells.

use super::columns::Header;
use super::content;
use super::lexicon;
use super::raw::RawCell;
use super::rows::Event;
use super::shape;
use super::vocab::{self, ColumnKind};

/// A run-on table found in the text.
pub struct RunOn {
    pub header: Header,
    pub events: Vec<Event>,
    /// Line and byte offset where the header starts: the text before it is
    /// the preamble.
    pub header_line: u32,
    pub header_offset: usize,
}

/// Words a run-on header opens with.
const HEADER_OPENINGS: [&str; 2] = ["序号", "编号"];

/// The body as characters with the line each came from.
struct Body {
    chars: Vec<char>,
    lines: Vec<u32>,
}

/// Finds a run-on header (`序号重点任务…完成时限`) in `lines` and reads the
/// rows after it.
pub fn find(lines: &[&str]) -> Option<RunOn> {
    let (li, offset, header_chars, columns) = find_header(lines)?;
    let header = Header::new(columns, li as u32 + 1, 0, 0);
    let body =
        body(lines, li, offset + header_chars.iter().map(|c| c.len_utf8()).sum::<usize>(), &header_chars);
    let events = rows(&header, &body);
    events.iter().any(|e| matches!(e, Event::Aligned { .. })).then_some(RunOn {
        header,
        events,
        header_line: li as u32 + 1,
        header_offset: offset,
    })
}

/// The first header run: its line, byte offset, characters and columns.
fn find_header(lines: &[&str]) -> Option<(usize, usize, Vec<char>, Vec<ColumnKind>)> {
    for (li, line) in lines.iter().enumerate() {
        for opening in HEADER_OPENINGS {
            for (offset, _) in line.match_indices(opening) {
                let chars: Vec<char> = line[offset..].chars().take(60).collect();
                for end in (4..=chars.len()).rev() {
                    let candidate: String = chars[..end].iter().collect();
                    let Some(run) = vocab::split_header_run(&candidate) else { continue };
                    if run.len() >= 3 && run.iter().any(|(_, k)| k.is_units()) {
                        let columns = run.into_iter().map(|(_, k)| k).collect();
                        return Some((li, offset, chars[..end].to_vec(), columns));
                    }
                }
            }
        }
    }
    None
}

/// `2、` opening the second line: a chunk marker a site numbered its lines
/// with, not a row number.
fn strip_chunk_marker(line: &str, number: usize) -> &str {
    let marker = format!("{number}、");
    line.strip_prefix(marker.as_str()).unwrap_or(line)
}

fn body(lines: &[&str], header_line: usize, after_header: usize, header: &[char]) -> Body {
    let mut out = Body { chars: Vec::new(), lines: Vec::new() };
    for (li, line) in lines.iter().enumerate().skip(header_line) {
        let text = if li == header_line { &line[after_header..] } else { strip_chunk_marker(line, li + 1) };
        if shape::is_page_mark(text) {
            continue;
        }
        // A remark or contact line under the table ends it.
        if li > header_line && shape::is_note(text) {
            break;
        }
        for c in text.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}') {
            out.chars.push(c);
            out.lines.push(li as u32 + 1);
        }
    }
    // The header repeated at a page break carries no task.
    let mut kept =
        Body { chars: Vec::with_capacity(out.chars.len()), lines: Vec::with_capacity(out.lines.len()) };
    let mut i = 0;
    while i < out.chars.len() {
        if !header.is_empty() && out.chars[i..].starts_with(header) {
            i += header.len();
        } else {
            kept.chars.push(out.chars[i]);
            kept.lines.push(out.lines[i]);
            i += 1;
        }
    }
    kept
}

/// Characters that make a number a quantity rather than a row number.
const MEASURES: &str = "个万亿%％年月日号名人家所座条公千百米吨亩户项次场元倍期届类.、，,：:）)号批套台辆间栋处级星张本部份天周岁米";

/// Where row `k` starts at `i`: the number stands alone, text follows it.
fn row_number_at(chars: &[char], i: usize, k: usize) -> Option<usize> {
    let digits: Vec<char> = k.to_string().chars().collect();
    let end = i + digits.len();
    if end >= chars.len() || chars[i..end] != digits[..] {
        return None;
    }
    if i > 0 && (chars[i - 1].is_ascii_digit() || "第约近超共达计.".contains(chars[i - 1])) {
        return None;
    }
    let next = chars[end];
    (!next.is_ascii_digit() && !MEASURES.contains(next) && (!next.is_ascii() || "“\"《（(".contains(next)))
        .then_some(end)
}

fn rows(header: &Header, body: &Body) -> Vec<Event> {
    let chars = &body.chars;
    // Row starts: 1, 2, 3 … in order.
    let mut starts: Vec<(usize, usize, usize)> = Vec::new(); // (number start, text start, number)
    let mut k = 1;
    let mut i = 0;
    while i < chars.len() {
        if let Some(text_start) = row_number_at(chars, i, k) {
            starts.push((i, text_start, k));
            k += 1;
            i = text_start;
        } else {
            i += 1;
        }
    }
    let mut events = Vec::new();
    for (n, &(num_start, text_start, number)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(chars.len(), |s| s.0);
        let segment = &chars[text_start..end];
        let line_at = |offset: usize| body.lines.get(text_start + offset).copied().unwrap_or(0);
        for (g, group) in parse_row(header, segment).into_iter().enumerate() {
            let mut cells = Vec::new();
            if g == 0 && header.columns.first() == Some(&ColumnKind::Number) {
                cells.push((0, RawCell::new(body.lines[num_start], &number.to_string())));
            }
            for (col, range) in group {
                let text: String = segment[range.clone()].iter().collect();
                cells.push((col, RawCell::new(line_at(range.start), &text)));
            }
            events.push(Event::Aligned { cells });
        }
    }
    events
}

type Span = std::ops::Range<usize>;

/// Marks that may separate the names of a run (`区数据资源局、各乡镇`).
const NAME_SEPARATORS: [char; 4] = ['、', '，', ',', '/'];

/// The unit names of a run with the character offset of each: pieces
/// between separators, each split where names printed together meet.
/// `None` unless every piece reads as names.
fn run_names(chars: &[char]) -> Option<Vec<(usize, String)>> {
    let mut names = Vec::new();
    let mut start = 0;
    for piece in chars.split(|c| NAME_SEPARATORS.contains(c)) {
        let text: String = piece.iter().collect();
        let mut offset = start;
        for name in lexicon::split_run(&text)? {
            if !lexicon::is_run_name(&name) {
                return None;
            }
            let len = name.chars().count();
            names.push((offset, name));
            offset += len;
        }
        start += piece.len() + 1;
    }
    Some(names)
}

/// The longest run of unit names at the start of `chars`: the names' end.
fn unit_run(chars: &[char]) -> Option<usize> {
    // Names stop at a sentence's end; a run ends where a name can.
    let stop = chars.iter().position(|c| matches!(c, '。' | '；' | ';')).unwrap_or(chars.len());
    let limit = stop.min(80);
    (2..=limit).rev().find(|&q| lexicon::ends_like_name(&chars[..q]) && run_names(&chars[..q]).is_some())
}

/// A person's name of two to four characters at the start of `chars`
/// followed by a unit name that opens like one: its length.
fn person_then_units(chars: &[char]) -> Option<usize> {
    let fits = |len: usize| {
        chars.len() > len
            && lexicon::is_person_names(&chars[..len].iter().collect::<String>())
            && unit_run(&chars[len..]).is_some()
    };
    let opens_unit = |len: usize| {
        lexicon::starts_like_unit(&chars[len..chars.len().min(len + 12)].iter().collect::<String>())
    };
    // Names are mostly three characters; a length after which a unit
    // opens like one (陈文华|农业农村局, not 陈文|华农业农村局) wins.
    let lengths = [3usize, 2, 4];
    lengths
        .into_iter()
        .find(|&len| fits(len) && opens_unit(len))
        .or_else(|| lengths.into_iter().find(|&len| fits(len)))
}

/// The columns after the task text, in header order.
fn tail_columns(header: &Header) -> Vec<(usize, ColumnKind)> {
    let last_text = header
        .columns
        .iter()
        .rposition(|k| matches!(k, ColumnKind::Task | ColumnKind::Detail | ColumnKind::Measure));
    header.columns.iter().copied().enumerate().skip(last_text.map_or(1, |t| t + 1)).collect()
}

/// Reads the tail (names, units, deadline) starting at `at`: the cells and
/// where the tail ends. `None` unless it names units or a person.
fn parse_tail(header: &Header, seg: &[char], at: usize) -> Option<(Vec<(usize, Span)>, usize)> {
    let mut cells = Vec::new();
    let mut i = at;
    let tail = tail_columns(header);
    let unit_cols: Vec<usize> = tail.iter().filter(|(_, k)| k.is_units()).map(|(j, _)| *j).collect();
    let mut named = false;
    let mut units_done = false;
    for (j, kind) in tail {
        match kind {
            // The person's cell is merged exactly where the units' cells
            // are: a tail without the name is text that merely ends like
            // a unit (…提升康复辅具社区).
            ColumnKind::Person => {
                let len = person_then_units(&seg[i..])?;
                cells.push((j, i..i + len));
                i += len;
                named = true;
            }
            k if k.is_units() && !units_done => {
                units_done = true;
                let q = unit_run(&seg[i..])?;
                let names = run_names(&seg[i..i + q])?;
                if !named && !names.first().is_some_and(|(_, n)| lexicon::starts_like_unit(n)) {
                    return None;
                }
                // One run fills the unit columns: without cell borders the
                // first name is the lead, the rest support it.
                for (n, (offset, name)) in names.iter().enumerate() {
                    let col = if n == 0 { unit_cols[0] } else { *unit_cols.last().unwrap_or(&j) };
                    cells.push((col, i + offset..i + offset + name.chars().count()));
                }
                i += q;
                named = true;
            }
            ColumnKind::Deadline => {
                // The deadline runs to the next sentence's start or the end.
                // No deadline is longer than a deadline cell; trying every
                // length of a long rest would take its square.
                let longest = (seg.len() - i).min(content::MAX_DEADLINE_CHARS);
                let len = (1..=longest)
                    .rev()
                    .find(|&len| content::is_deadline(&seg[i..i + len].iter().collect::<String>()));
                if let Some(len) = len {
                    cells.push((j, i..i + len));
                    i += len;
                }
            }
            _ => {}
        }
    }
    named.then_some((cells, i))
}

/// Splits a row's text into groups of (column, span): the task text, then
/// its tail; further groups are continuation rows.
fn parse_row(header: &Header, seg: &[char]) -> Vec<Vec<(usize, Span)>> {
    let task = header.task_column();
    let has_person = header.columns.contains(&ColumnKind::Person);
    let mut groups = Vec::new();
    let mut pos = 0;
    while pos < seg.len() {
        // The text ends at the first sentence end after which the tail
        // reads; failing that, with a person column, where a name and
        // units follow (a text printed without its full stop).
        let at_sentence_end = |i: usize| matches!(seg[i - 1], '。' | '；' | ';' | '！' | '？');
        let tail_at = |i: usize| parse_tail(header, seg, i).map(|(cells, end)| (i, cells, end));
        // Only a row's first group may lack the full stop, and then its
        // units must open like units: later groups inherit merged cells.
        let strict_start = |i: usize| {
            person_then_units(&seg[i..]).is_some_and(|len| {
                lexicon::starts_like_unit(
                    &seg[i + len..seg.len().min(i + len + 12)].iter().collect::<String>(),
                )
            })
        };
        let found = (pos + 1..seg.len()).filter(|&i| at_sentence_end(i)).find_map(tail_at).or_else(|| {
            (pos + 1..seg.len()).filter(|&i| has_person && pos == 0 && strict_start(i)).find_map(tail_at)
        });
        match found {
            Some((i, cells, end)) => {
                let mut group = vec![(task, pos..i)];
                group.extend(cells);
                groups.push(group);
                pos = end.max(i + 1);
            }
            None => {
                groups.push(vec![(task, pos..seg.len())]);
                break;
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Vec<(ColumnKind, String)>> {
        let lines: Vec<&str> = text.lines().collect();
        let found = find(&lines).expect("a run-on table");
        found
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Aligned { cells } => {
                    Some(cells.iter().map(|(j, c)| (found.header.columns[*j], c.lines.concat())).collect())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn rows_run_together() {
        let rows = read("附件分解表序号重点任务分管领导牵头单位配合单位完成时限1稳定粮食生产，完成高标准农田建设1.2万亩。陈文华农业农村局发改局财政局各乡镇年底前2推进茶产业发展，新建生态茶园2万亩。林志强茶业发展中心自然资源局各乡镇11月底前\n— 2 —\n序号重点任务分管领导牵头单位配合单位完成时限3实施人居环境整治。黄建明住建局卫健局持续推进");
        assert_eq!(rows.len(), 3);
        use ColumnKind::*;
        assert_eq!(
            rows[0],
            [
                (Number, "1".into()),
                (Task, "稳定粮食生产，完成高标准农田建设1.2万亩。".into()),
                (Person, "陈文华".into()),
                (Lead, "农业农村局".into()),
                (Support, "发改局".into()),
                (Support, "财政局".into()),
                (Support, "各乡镇".into()),
                (Deadline, "年底前".into()),
            ]
        );
        assert_eq!(rows[1][3], (Lead, "茶业发展中心".into()));
        assert_eq!(rows[2].last().unwrap(), &(Deadline, "持续推进".into()));
    }

    #[test]
    fn names_with_separators_and_a_contact_line() {
        let rows = read("序号工作任务承办单位完成时限1推进乡镇便民服务中心建设。县政务服务局、各乡镇（街道）2022年9月底前2推行告知承诺制。县司法局、县市场监管局2022年12月\n（联系人：县政务服务局 王明，电话：0000-1234567）");
        assert_eq!(rows.len(), 2, "{rows:?}");
        let units = |r: &Vec<(ColumnKind, String)>| -> Vec<String> {
            r.iter().filter(|(k, _)| k.is_units()).map(|(_, t)| t.clone()).collect()
        };
        assert_eq!(units(&rows[0]), ["县政务服务局", "各乡镇（街道）"]);
        assert_eq!(units(&rows[1]), ["县司法局", "县市场监管局"]);
        assert_eq!(rows[1].last().unwrap(), &(ColumnKind::Deadline, "2022年12月".into()));
    }

    #[test]
    fn merged_rows_and_chunk_markers() {
        let rows = read("1、表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加教育资源供给实施新建学校12个。何海平教育局经开区高新园(邹区镇\n2、)各街道市国有公司2老城厢复兴完成纪念馆提升。何海平文体旅局晋陵公司轨道公司推进大庙弄改造。芮春祥住建局五星街道南大街街道3优化养老服务为老年人提供服务。张菁民政局各街道提升改造8家服务中心。");
        let texts: Vec<String> = rows
            .iter()
            .map(|r| {
                r.iter().find(|(k, _)| *k == ColumnKind::Detail).map(|(_, t)| t.clone()).unwrap_or_default()
            })
            .collect();
        assert_eq!(texts.len(), 5, "{rows:?}");
        assert_eq!(rows[0].iter().filter(|(k, _)| k.is_units()).count(), 5);
        assert!(rows[0].contains(&(ColumnKind::Support, "高新园(邹区镇)".into())));
        assert_eq!(texts[2], "推进大庙弄改造。");
        assert!(rows[2].contains(&(ColumnKind::Lead, "住建局".into())));
        assert_eq!(texts[4], "提升改造8家服务中心。");
        assert!(!rows[4].iter().any(|(k, _)| k.is_units()));
    }
}
