//! Cell boundaries a row does not print. A PDF or web page flattened to one
//! row per line separates cells with spaces, but spaces also fall inside
//! cells where the text wrapped (`加强水资源保 护`) and an empty cell leaves
//! no mark. The row's fragments are grouped into the header's columns by
//! what each group says (a number, text, units, a deadline, names),
//! preferring cuts at wide gaps and after sentence ends.
//!
//! This module must not read units or dates beyond [`super::content`]'s
//! judgement of a group's text.

use super::columns::Header;
use super::content::{content, Content};
use super::raw::RawCell;
use super::shape;
use super::vocab::ColumnKind;

/// One fragment of a row: the text between spaces, and whether a wide gap
/// (two spaces or more, a tab) came before it.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub line: u32,
    pub text: String,
    pub wide_gap_before: bool,
}

/// The fragments of a row's printed cells: each cell holds the fragments
/// between single spaces as its lines.
pub fn fragments(cells: &[RawCell]) -> Vec<Fragment> {
    let mut out = Vec::new();
    for cell in cells {
        for (k, line) in cell.lines.iter().enumerate() {
            out.push(Fragment { line: cell.line, text: line.clone(), wide_gap_before: k == 0 });
        }
    }
    out
}

/// How well a group's text suits column `j`; `None` when it cannot be
/// there. An empty cell costs a little more the earlier its column: a row
/// fills its lead before its support column.
fn fit(kind: ColumnKind, j: usize, text: &str, c: impl FnOnce() -> Content) -> Option<f32> {
    if text.is_empty() {
        let early = 0.01 * (20usize.saturating_sub(j)) as f32;
        return Some(
            match kind {
                ColumnKind::Person | ColumnKind::Other | ColumnKind::Number => -0.5,
                _ => -1.5,
            } - early,
        );
    }
    let c = c();
    let score = match kind {
        ColumnKind::Number if c == Content::Number => 3.0,
        ColumnKind::Number => return None,
        ColumnKind::Measure | ColumnKind::Task | ColumnKind::Detail => match c {
            Content::Text | Content::Heading => 1.0,
            Content::Number => -3.0,
            _ => -1.0,
        },
        k if k.is_units() => match c {
            Content::Units => 3.0,
            _ => -4.0,
        },
        ColumnKind::Deadline => match c {
            Content::Deadline => 3.0,
            _ => -4.0,
        },
        ColumnKind::Person => match c {
            Content::Person => 3.0,
            _ => -2.0,
        },
        _ => 0.0,
    };
    Some(score)
}

/// What cutting between two fragments costs: nothing at a wide gap, little
/// after a sentence end, more next to a one-character fragment (a wrap
/// that split a word).
fn cut_cost(left: &Fragment, right: &Fragment) -> f32 {
    if right.wide_gap_before {
        return 0.0;
    }
    if left.text.ends_with(['。', '；', ';']) {
        return 0.2;
    }
    // A lone character after a space is the tail a wrap pushed down: it
    // belongs with what precedes it.
    if right.text.chars().count() <= 1 {
        return 3.0;
    }
    if left.text.chars().count() <= 1 {
        return 1.0;
    }
    0.7
}

/// Groups a row's fragments into the header's columns: each cell with its
/// column. `None` when no grouping fits (a number where none can be).
pub fn align(header: &Header, frags: &[Fragment]) -> Option<Vec<(usize, RawCell)>> {
    let cols = &header.columns;
    let (m, n) = (frags.len(), cols.len());
    if m == 0 || n == 0 || m > 200 {
        return None;
    }
    // A cut inside a parenthesis (各县（市、 区）人民政府) splits a name.
    let mut depth = 0i32;
    let mut inside = vec![false; m + 1];
    for (i, f) in frags.iter().enumerate() {
        inside[i] = depth > 0;
        for c in f.text.chars() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
    }
    // best[i][j]: score of fragments[..i] in columns[..j], and where column
    // j-1's group started.
    let mut best = vec![vec![None::<(f32, usize)>; n + 1]; m + 1];
    best[0][0] = Some((0.0, 0));
    // Each group's text and what it says, worked out once for all columns.
    let mut texts: Vec<Vec<Option<String>>> = vec![vec![None; m + 1]; m + 1];
    let mut contents: Vec<Vec<Option<Content>>> = vec![vec![None; m + 1]; m + 1];
    for j in 1..=n {
        for i in 0..=m {
            let mut here: Option<(f32, usize)> = None;
            for k in 0..=i {
                let Some((prev, _)) = best[k][j - 1] else { continue };
                let group = &frags[k..i];
                // Wide gaps inside a cell are unlikely; they separate cells.
                let inner_gaps = group.iter().skip(1).filter(|f| f.wide_gap_before).count() as f32;
                let text = texts[k][i]
                    .get_or_insert_with(|| group.iter().map(|f| shape::clean_line(&f.text)).collect());
                let says = || *contents[k][i].get_or_insert_with(|| content(text));
                let Some(score) = fit(cols[j - 1], j - 1, text, says) else { continue };
                let cut = if k > 0 && k < m && !group.is_empty() {
                    cut_cost(&frags[k - 1], &frags[k]) + if inside[k] { 10.0 } else { 0.0 }
                } else {
                    0.0
                };
                let total = prev + score - 2.0 * inner_gaps - cut;
                if here.is_none_or(|(s, _)| total > s) {
                    here = Some((total, k));
                }
            }
            best[i][j] = here;
        }
    }
    best[m][n]?;
    let mut out = Vec::new();
    let (mut i, mut j) = (m, n);
    while j > 0 {
        let (_, k) = best[i][j]?;
        if k < i {
            let lines: Vec<String> = frags[k..i].iter().map(|f| f.text.clone()).collect();
            out.push((j - 1, RawCell { line: frags[k].line, lines: vec![lines.concat()] }));
        }
        i = k;
        j -= 1;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKind::*;

    fn header(columns: Vec<ColumnKind>) -> Header {
        Header::new(columns, 1, 0, 0)
    }

    fn row(printed: &str) -> Vec<Fragment> {
        let mut out = Vec::new();
        for (c, chunk) in printed.split("  ").filter(|c| !c.is_empty()).enumerate() {
            let c = c + usize::from(out.is_empty() && c > 0);
            for (k, word) in chunk.split(' ').filter(|w| !w.is_empty()).enumerate() {
                out.push(Fragment { line: 1, text: word.into(), wide_gap_before: k == 0 && c > 0 });
            }
        }
        out
    }

    fn texts(aligned: &[(usize, RawCell)]) -> Vec<(usize, String)> {
        aligned.iter().map(|(j, c)| (*j, c.lines.concat())).collect()
    }

    #[test]
    fn wrap_spaces_stay_inside_cells() {
        let h = header(vec![Number, Measure, Task, Detail, Lead, Support, Responsible]);
        let a = align(&h, &row("1 加强水资源保 护 严守水资源开发利用控制红线 实施水资源消耗总量和强度双控行动,防止不合理新增取水。 市水利局 市发展改革委、工业和信息化委、农业局等 各县(市、区)党委和人民政府,高新区党工委和管委会")).unwrap();
        assert_eq!(
            texts(&a),
            [
                (0, "1".into()),
                (1, "加强水资源保护".into()),
                (2, "严守水资源开发利用控制红线".into()),
                (3, "实施水资源消耗总量和强度双控行动,防止不合理新增取水。".into()),
                (4, "市水利局".into()),
                (5, "市发展改革委、工业和信息化委、农业局等".into()),
                (6, "各县(市、区)党委和人民政府,高新区党工委和管委会".into()),
            ]
        );
    }

    #[test]
    fn units_wrapped_inside_a_list_and_an_empty_cell() {
        let h = header(vec![Number, Task, Lead, Support, Deadline]);
        let a = align(&h, &row("2 深入开展河湖整治，对 排查发现的问题实行清单化管理。 市水利局 市自然资源和规划局、市住建 局、市城市管理局等 2021年6月底前")).unwrap();
        assert_eq!(a[2], (2, RawCell { line: 1, lines: vec!["市水利局".into()] }));
        assert_eq!(texts(&a)[3], (3, "市自然资源和规划局、市住建局、市城市管理局等".into()));
        let a =
            align(&h, &row("6 完成洛河方案修 编，划定河湖管理范围。 市水利局（市河长办）  2021年9月底前"))
                .unwrap();
        assert_eq!(
            texts(&a),
            [
                (0, "6".into()),
                (1, "完成洛河方案修编，划定河湖管理范围。".into()),
                (2, "市水利局（市河长办）".into()),
                (4, "2021年9月底前".into())
            ]
        );
    }
}
