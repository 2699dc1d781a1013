//! Tables drawn with box characters, as some PDF and Word converters and
//! plain-text mail print them, or with ASCII (`+----+----+`, `|` walls):
//!
//! ```text
//! ┌──┬────────────┬──────┐
//! │序号│重点工作        │责任单位  │
//! ├──┼────────────┼──────┤
//! │1   │实施民营企业梯度培育│市工信局  │
//! │    │工程。              │          │
//! └──┴────────────┴──────┘
//! ```
//!
//! Each row between two border lines is joined column by column (a cell's
//! lines are its wrapped text) and printed as one `| a | b |` line on the
//! row's first line, the row's other lines left blank, so line numbers
//! stay those of the document. The piped layout reads the result.
//!
//! This module must not read cells: it only redraws the table.

use std::borrow::Cow;

/// Characters that draw cell walls.
const WALLS: &[char] = &['│', '┃', '║', '|'];

/// Whether a line is a border: box-drawing characters (and spaces) only,
/// with at least one corner or junction; or an ASCII border `+----+===+`.
fn is_border(line: &str) -> bool {
    let t = line.trim();
    let boxed = t.chars().all(|c| ('\u{2500}'..='\u{257F}').contains(&c) || c == ' ')
        && t.chars().any(|c| !matches!(c, '─' | '━' | '═' | ' ') && !WALLS.contains(&c));
    let ascii = t.starts_with('+')
        && t.ends_with('+')
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ' '))
        && t.contains(['-', '=']);
    !t.is_empty() && (boxed || ascii)
}

/// The text of each cell a walled line prints.
fn cells(line: &str) -> Vec<&str> {
    let t = line.trim().trim_start_matches(WALLS).trim_end_matches(WALLS);
    t.split(WALLS).map(|c| c.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')).collect()
}

/// Whether a walled line's first cell is a row number (`1`, `12`, `3.`).
fn opens_numbered_row(line: &str) -> bool {
    let first = cells(line).first().copied().unwrap_or("");
    let digits = first.trim_end_matches(['.', '、', '．']);
    !digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit())
}

/// Joins a cell's wrapped pieces: Chinese wraps anywhere, so pieces meet
/// without a space, except between two ASCII words.
fn join(pieces: &[&str]) -> String {
    let mut out = String::new();
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        let ascii_meet = out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && piece.starts_with(|c: char| c.is_ascii_alphanumeric());
        if ascii_meet {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// The text with its box-drawn tables redrawn as piped rows; borrowed when
/// it has none.
pub fn redraw(text: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().filter(|l| is_border(l)).count() < 2 {
        return Cow::Borrowed(text);
    }
    let walled = |l: &str| l.chars().filter(|c| WALLS.contains(c)).count() >= 2;
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if is_border(lines[i]) {
            out.push(String::new());
            i += 1;
            continue;
        }
        if !walled(lines[i]) {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        // A row: the walled lines up to the next border, or up to a line
        // opening with a row number of its own (tables drawn with a border
        // around the header only).
        let start = i;
        i += 1;
        while i < lines.len() && walled(lines[i]) && !is_border(lines[i]) && !opens_numbered_row(lines[i]) {
            i += 1;
        }
        let rows: Vec<Vec<&str>> = lines[start..i].iter().map(|l| cells(l)).collect();
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let joined: Vec<String> = (0..width)
            .map(|j| join(&rows.iter().filter_map(|r| r.get(j).copied()).collect::<Vec<_>>()))
            .collect();
        out.push(format!("| {} |", joined.join(" | ")));
        out.extend(std::iter::repeat_n(String::new(), i - start - 1));
    }
    let mut redrawn = out.join("\n");
    if text.ends_with('\n') {
        redrawn.push('\n');
    }
    Cow::Owned(redrawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_between_borders_become_piped_lines() {
        let text = "分解表\n┌──┬──────┬────┐\n│序号│重点工作    │完成    │\n│    │            │时限    │\n├──┼──────┼────┤\n│1   │实施民营企业│2019年12│\n│    │培育工程。  │月底    │\n└──┴──────┴────┘\n抄送：市委办。\n";
        let out = redraw(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), text.lines().count());
        assert_eq!(lines[2], "| 序号 | 重点工作 | 完成时限 |");
        assert_eq!(lines[5], "| 1 | 实施民营企业培育工程。 | 2019年12月底 |");
        assert_eq!(lines[6], "");
        assert_eq!(lines[8], "抄送：市委办。");
        assert!(matches!(redraw("序号 | 任务 |\n1 | 建设 |\n"), Cow::Borrowed(_)));
        assert!(matches!(redraw("| 序号 | 任务 |\n|---|---|\n| 1 | 建设 |\n"), Cow::Borrowed(_)));
        let ascii = "+----+------+\n| 序号 | 任务 |\n+====+======+\n| 1  | 建设养老 |\n|    | 机构。 |\n+----+------+\n";
        let out = redraw(ascii);
        assert_eq!(out.lines().nth(3), Some("| 1 | 建设养老机构。 |"));
    }

    #[test]
    fn numbered_rows_without_borders_between_them_stay_rows() {
        let text = "┌──┬──────┬────┐\n│序号│工作任务│牵头单位│\n├──┼──────┼────┤\n│1 │建设养老│市民政局│\n│  │机构。│        │\n│2 │推进医养结合。│市卫健委│\n└──┴──────┴────┘\n";
        let out = redraw(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[3], "| 1 | 建设养老机构。 | 市民政局 |");
        assert_eq!(lines[5], "| 2 | 推进医养结合。 | 市卫健委 |");
    }
}
