//! Cells that a narrow column wrapped onto several lines, in a table copied
//! one line per cell (a PDF text layer): `各县（市、区）人民政` / `府`,
//! `2023年6月底` / `前`, `市行政审批局、市自然` / `资源局`, a task text broken
//! at the column's width, the header's `第一责任` / `单位`. Lines are joined
//! back into cells where the pieces read as one: a fragment of one or two
//! characters, two halves that read as units or a deadline only together,
//! a text line as wide as the column's widest without a sentence end, two
//! halves of a header word. A header printed again at a page break is
//! dropped.
//!
//! This module must not place cells on columns; it only mends the cells.

use super::content::{self, Content};
use super::lexicon;
use super::raw::{RawCell, RawItem};
use super::units::{split_units, Known};
use super::vocab;

/// Whether `a` then `b` is one cell the column wrapped.
fn continues(a: &RawCell, b: &RawCell, text_width: usize) -> bool {
    let (ta, tb) = (a.text(), b.text());
    let (ka, kb) = (content::of_lines(&a.lines), content::of_lines(&b.lines));
    let joined = format!("{ta}{tb}");
    let kj = content::content(&joined);
    // A lone character or two is what the wrap pushed down.
    if kb == Content::Text
        && tb.chars().count() <= 2
        && ka != Content::Number
        && vocab::header_kind(&tb).is_none()
    {
        return true;
    }
    // Halves that read as units or a deadline only together; a sentence
    // is not the first half of either.
    let halves = |kind: Content| kj == kind && !matches!(ka, Content::Number | Content::Person) && ka != kind;
    // A list whose last name the wrap cut (市行政审批局、市自然 / 资源局).
    let cut_name = || {
        let names = split_units(&[ta.as_str()], &|_| Known::Unknown);
        !ta.contains(['。', '；']) && names.last().is_some_and(|n| !lexicon::is_run_name(&n.printed))
    };
    if halves(Content::Units) && cut_name()
        || halves(Content::Deadline) && kb != Content::Deadline && ka != Content::Text
    {
        return true;
    }
    // A name the wrap cut, with more names after it (各县（市、区）人民政 /
    // 府、贵港产业园区管委 / 会), or a parenthesis left open (各县（市、 /
    // 区）人民政府).
    if ka != Content::Number
        && !matches!(kb, Content::Number | Content::Deadline)
        && !ta.ends_with(['。', '；', ';'])
        && (completes_name(&ta, &tb) || closes_paren(&ta, &tb))
    {
        return true;
    }
    // A text line as wide as the widest, not ending a sentence, goes on.
    ka == Content::Text
        && matches!(kb, Content::Text)
        && text_width > 8
        && ta.chars().count() + 1 >= text_width
        && !ta.ends_with(['。', '；', ';', '！', '？'])
}

/// Marks that separate the names of a unit list.
const NAME_SEPARATORS: [char; 4] = ['、', '，', ',', ' '];

/// Whether the last name of `a`, cut short, is finished by the first of
/// `b`: neither reads as a name alone, together they do.
fn completes_name(a: &str, b: &str) -> bool {
    let last = a.rsplit(NAME_SEPARATORS).next().unwrap_or(a);
    let first = b.split(NAME_SEPARATORS).next().unwrap_or(b);
    if last.is_empty() || first.is_empty() || a.contains(['。', '；']) {
        return false;
    }
    let whole = format!("{last}{first}");
    !lexicon::is_run_name(last)
        && !lexicon::is_run_name(first)
        && !lexicon::starts_like_unit(first)
        && (lexicon::is_unit_name(&whole) || lexicon::is_run_name(&whole))
        && content::is_units(&format!("{a}{b}"))
}

/// Whether `a` leaves a parenthesis open that `b` closes.
fn closes_paren(a: &str, b: &str) -> bool {
    let depth = |t: &str| {
        t.chars().fold(0i32, |d, c| match c {
            '（' | '(' => d + 1,
            '）' | ')' => d - 1,
            _ => d,
        })
    };
    depth(a) > 0 && depth(b) < 0
}

/// The width a text column wraps at: the widest text lines, ignoring the
/// odd long line.
fn text_width(cells: &[&RawCell]) -> usize {
    let mut widths: Vec<usize> = cells
        .iter()
        .filter(|c| c.lines.len() == 1 && content::of_lines(&c.lines) == Content::Text)
        .map(|c| c.text().chars().count())
        .collect();
    widths.sort_unstable();
    if widths.len() < 4 {
        return usize::MAX;
    }
    widths[widths.len() * 9 / 10]
}

/// The longest cell (in UTF-8 bytes, some thousand characters) that wrapped
/// pieces are mended into.
const MAX_MENDED_BYTES: usize = 3_000;

/// The most lines a mended cell has.
const MAX_MENDED_LINES: usize = 100;

/// Joins wrapped cells back and drops repeated header cells.
pub fn mend(items: &[RawItem]) -> Vec<RawItem> {
    let cells: Vec<&RawCell> = items
        .iter()
        .filter_map(|i| match i {
            RawItem::Cell(c) => Some(c),
            _ => None,
        })
        .collect();
    let width = text_width(&cells);
    let mut out: Vec<RawItem> = Vec::with_capacity(items.len());
    let mut k = 0;
    while k < items.len() {
        let RawItem::Cell(cell) = &items[k] else {
            out.push(items[k].clone());
            k += 1;
            continue;
        };
        // A header word split over two lines (第一责任 / 单位), or whole.
        if let Some(RawItem::Cell(next)) = items.get(k + 1) {
            let split = format!("{}{}", cell.text(), next.text());
            if vocab::header_kind(&cell.text()).is_none() && vocab::header_kind(&split).is_some() {
                k += 2;
                continue;
            }
        }
        if vocab::header_kind(&cell.text()).is_some() && cell.lines.len() == 1 {
            k += 1;
            continue;
        }
        let mut merged = cell.clone();
        let mut merged_bytes: usize = merged.lines.iter().map(String::len).sum();
        while let Some(RawItem::Cell(next)) = items.get(k + 1) {
            // Each step reads the whole cell so far: past the longest cell
            // the pieces are cells of their own.
            let too_long = merged_bytes > MAX_MENDED_BYTES || merged.lines.len() >= MAX_MENDED_LINES;
            if too_long || !continues(&merged, next, width) {
                break;
            }
            merged_bytes += next.lines.iter().map(String::len).sum::<usize>();
            merged.lines.extend(next.lines.iter().cloned());
            k += 1;
        }
        out.push(RawItem::Cell(merged));
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(lines: &[&str]) -> Vec<RawItem> {
        lines.iter().enumerate().map(|(i, l)| RawItem::Cell(RawCell::new(i as u32 + 1, l))).collect()
    }

    fn texts(items: &[RawItem]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                RawItem::Cell(c) => Some(c.lines.concat()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn wrapped_cells_are_joined() {
        let items = cells(&[
            "1",
            "推行政务服务事项“一窗通办”，市、县两级综合",
            "窗口设置率达到100%。",
            "市行政审批局",
            "各县（市、区）人民政",
            "府",
            "2023年6月底",
            "前",
            "2",
            "深化工程建设项目审批制度改革，一般社会投资项",
            "目审批时间压减至35个工作日以内。",
            "市住房城乡建设局",
            "市行政审批局、市自然",
            "资源局",
            "2023年9月底前",
            "各县（市、区）人民政",
            "府、贵港产业园区管委",
            "会",
            "市司法局、各县（市、",
            "区）人民政府",
            "序号",
            "第一责任",
            "单位",
            "3",
            "推进企业开办“一日办结”，全面推行电子营业执",
            "照。",
        ]);
        assert_eq!(
            texts(&mend(&items)),
            [
                "1",
                "推行政务服务事项“一窗通办”，市、县两级综合窗口设置率达到100%。",
                "市行政审批局",
                "各县（市、区）人民政府",
                "2023年6月底前",
                "2",
                "深化工程建设项目审批制度改革，一般社会投资项目审批时间压减至35个工作日以内。",
                "市住房城乡建设局",
                "市行政审批局、市自然资源局",
                "2023年9月底前",
                "各县（市、区）人民政府、贵港产业园区管委会",
                "市司法局、各县（市、区）人民政府",
                "3",
                "推进企业开办“一日办结”，全面推行电子营业执照。",
            ]
        );
    }
}
