//! Two columns of a PDF page interleaved line by line, as flip-book pages
//! and PDF text layers print a narrow table: each printed line carries a
//! line of the wide text column, a space, and a line of the narrow unit
//! column (`…形成 自治区住房城乡建设厅牵头,`); a short label column
//! (`(二)明确` / `部门职责`) comes out on lines of its own or glued in
//! front.
//!
//! The lines are sorted back into their columns: the unit column is the
//! stream of fragments that name units and role verbs, read until its
//! sentence ends (`…负责落实。`); the text column's paragraphs end with a
//! short line closing a sentence; labels are short fragments. The n-th
//! paragraph, unit statement and label make the n-th row.
//!
//! This module must not split units; it hands back rows of cells.

use super::columns::Header;
use super::lexicon;
use super::raw::RawCell;
use super::rows::Event;
use super::shape;
use super::vocab::{self, ColumnKind};

/// A fragment of a printed line and where it came from.
struct Fragment {
    line: u32,
    text: String,
}

/// Whether the header suits an interleaved page: text, then one unit
/// column last, and nothing else but a label column.
fn suits(header: &Header) -> bool {
    let cols = &header.columns;
    cols.len() <= 3
        && cols.last().is_some_and(|k| k.is_units())
        && cols.iter().filter(|k| k.is_units()).count() == 1
        && cols.iter().any(|k| matches!(k, ColumnKind::Task | ColumnKind::Detail))
}

/// Whether a fragment names units or says what they do.
fn unit_like(text: &str) -> bool {
    let t = text.trim_end_matches(['，', ',', '；', ';', '。']);
    vocab::trailing_verb(t).is_some()
        || ["牵头", "负责", "按职责", "配合", "政府", "管委会", "公署", "成员单位"]
            .iter()
            .any(|w| text.contains(w))
        || super::content::is_units(t)
        || lexicon::split_run(t).is_some_and(|names| names.iter().any(|n| lexicon::is_unit_name(n)))
}

fn parts(line: &str) -> Vec<&str> {
    line.split([' ', '\u{3000}', '\t']).filter(|p| !p.is_empty()).collect()
}

/// Reads the rows of an interleaved page, or `None` when the lines do not
/// interleave a unit column.
pub fn rows(header: &Header, lines: &[(u32, &str)]) -> Option<Vec<Event>> {
    if !suits(header) {
        return None;
    }
    let split_lines = lines.iter().filter(|(_, l)| parts(l).len() >= 2).count();
    if split_lines * 4 < lines.len() {
        return None;
    }
    let mut units: Vec<Fragment> = Vec::new();
    let mut content: Vec<Fragment> = Vec::new();
    let mut labels: Vec<Fragment> = Vec::new();
    let mut unit_open = false;
    for &(line, text) in lines {
        if shape::is_page_mark(text) {
            continue;
        }
        let p = parts(text);
        let Some((&last, rest)) = p.split_last() else { continue };
        let push_unit = |t: &str, units: &mut Vec<Fragment>, open: &mut bool| {
            units.push(Fragment { line, text: t.to_string() });
            *open = !t.ends_with('。');
        };
        if p.len() == 1 {
            let n = last.chars().count();
            // A numbered label, the unit column's closing `实。`, a unit
            // fragment, a short label (`部门职责`), or a line of text.
            if shape::is_section_heading(last) && n <= 8 {
                labels.push(Fragment { line, text: last.to_string() });
            } else if (unit_open && last.ends_with('。') && n <= 4) || (unit_like(last) && n <= 20) {
                push_unit(last, &mut units, &mut unit_open);
            } else if n <= 6 && !last.ends_with('。') {
                labels.push(Fragment { line, text: last.to_string() });
            } else {
                content.push(Fragment { line, text: last.to_string() });
            }
            continue;
        }
        let mut rest: Vec<&str> = rest.to_vec();
        let closes = unit_open && last.ends_with('。') && last.chars().count() <= 4;
        if closes || unit_like(last) {
            push_unit(last, &mut units, &mut unit_open);
        } else {
            rest.push(last);
        }
        // A short first part before the text is the label column.
        if rest.len() >= 2 && rest[0].chars().count() <= 6 {
            labels.push(Fragment { line, text: rest.remove(0).to_string() });
        }
        for t in rest {
            content.push(Fragment { line, text: t.to_string() });
        }
    }
    let statements = join_until(&units, |t| t.ends_with('。'));
    let typical = {
        let mut lens: Vec<usize> = content.iter().map(|f| f.text.chars().count()).collect();
        lens.sort_unstable();
        lens.get(lens.len() / 2).copied().unwrap_or(0)
    };
    let paragraphs = join_until(&content, |t| t.ends_with('。') && t.chars().count() * 10 < typical * 8);
    let labels = join_labels(&labels);
    if statements.is_empty() || paragraphs.is_empty() {
        return None;
    }
    let task = header.task_column();
    let unit_col = header.columns.len() - 1;
    let mut events = Vec::new();
    for (k, (paragraph, statement)) in paragraphs.into_iter().zip(statements).enumerate() {
        if let Some(label) = labels.get(k) {
            events.push(Event::Heading(RawCell::new(label.line, &label.text)));
        }
        events.push(Event::Aligned {
            cells: vec![
                (task, RawCell::new(paragraph.line, &paragraph.text)),
                (unit_col, RawCell::new(statement.line, &statement.text)),
            ],
        });
    }
    Some(events)
}

/// Joins fragments into pieces, each ending where `ends` says.
fn join_until(fragments: &[Fragment], ends: impl Fn(&str) -> bool) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut open: Option<Fragment> = None;
    for f in fragments {
        let piece = open.get_or_insert_with(|| Fragment { line: f.line, text: String::new() });
        piece.text.push_str(&f.text);
        if ends(&f.text) {
            out.extend(open.take());
        }
    }
    out.extend(open);
    out
}

/// Labels: a numbered one (`(二)明确`) opens a label, unnumbered short
/// fragments after it continue it (`部门职责`); an unnumbered fragment on its
/// own is a category over the rows and is dropped.
fn join_labels(fragments: &[Fragment]) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut last_numbered = false;
    for f in fragments {
        if shape::is_section_heading(&f.text) || shape::is_chapter_heading(&f.text) {
            out.push(Fragment { line: f.line, text: f.text.clone() });
            last_numbered = true;
        } else if last_numbered {
            if let Some(last) = out.last_mut() {
                last.text.push_str(&f.text);
            }
            last_numbered = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_sorted_back() {
        let page = "充分发挥联席会议\n制度的作用,各相关部门、单位要加强协同配合、形成 自治区住房城乡建设厅牵头,\n工作合力,构建齐抓共管的改造工作 联席会议成员单位按职责分工负\n(二)明确\n格局。自治区住房城乡建设厅要加强督促指导和工作调 责;各盟行政公署、市人民政府,\n部门职责\n度,建立健全年度改造计划进度月报制度,按月通报各 各旗县(市、区)人民政府负责落\n盟市进展情况,指导做好年度改造计划任务绩效评价等 实。\n相关工作。\n保障措施\n各地区、各相关部门要充分利用各种媒体,广泛宣\n自治区住房城乡建设厅牵头,\n传城镇老旧小区改造政策和理念,形成社\n联席会议成员单位按职责分工负\n(三)加强 缔造理念,加大优秀项目、典型案例的宣传力度,提\n责;各盟行政公署、市人民政府负责落\n宣传引导 高社会公众对城镇老旧小区改造重要性的认识,着力引\n实。\n会广泛支持、群众积极参与良好氛围。\n- 16 -";
        let lines: Vec<(u32, &str)> = page.lines().enumerate().map(|(i, l)| (i as u32 + 2, l)).collect();
        let header = Header::new(vec![ColumnKind::Task, ColumnKind::Responsible], 1, 0, 0);
        let events = rows(&header, &lines).expect("an interleaved page");
        let rows: Vec<Vec<String>> = events
            .iter()
            .filter_map(|e| match e {
                Event::Aligned { cells } => Some(cells.iter().map(|(_, c)| c.text()).collect()),
                _ => None,
            })
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(
            rows[0][0].starts_with("充分发挥联席会议制度的作用") && rows[0][0].ends_with("相关工作。"),
            "{rows:?}"
        );
        assert_eq!(rows[0][1], "自治区住房城乡建设厅牵头,联席会议成员单位按职责分工负责;各盟行政公署、市人民政府,各旗县(市、区)人民政府负责落实。");
        assert!(rows[1][0].starts_with("各地区") && rows[1][0].ends_with("良好氛围。"), "{rows:?}");
        let headings: Vec<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Heading(c) => Some(c.text()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["(二)明确部门职责", "(三)加强宣传引导"]);
    }
}
