//! What a cell holds, judged by its text alone: a row number, a heading, a
//! list of units, a deadline, people's names or task text. Tables that do
//! not print their cell or row boundaries (one paragraph per cell, text run
//! together) are read by matching these kinds against the header's columns.
//!
//! This module must not place cells on columns; it only labels one text.

use super::deadline::read_deadlines_in;
use super::lexicon;
use super::shape;
use super::units::{split_units, Known};
use super::vocab::ColumnKind;
use crate::model::MilestoneSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Number,
    Heading,
    Units,
    Deadline,
    Person,
    Text,
}

/// Deadline cells are short; a long text with a date is a task.
pub const MAX_DEADLINE_CHARS: usize = 30;

/// Words that make a short cell a deadline even without a date.
const TIME_WORDS: &[&str] = &[
    "年底",
    "年内",
    "全年",
    "长期",
    "持续",
    "常态化",
    "每年",
    "每季度",
    "每月",
    "上半年",
    "下半年",
    "季度",
    "月底",
    "月中",
    "月前",
    // A period rather than a date: 供暖期内, “十四五”期间, 汛期前.
    "期内",
    "期间",
    "汛期",
    "学期",
    "前完成",
    "之前",
    // Done before the table was issued.
    "已完成",
    // A rhythm rather than a date: 按季度推进, 按时间节点完成.
    "按季度",
    "按月",
    "按年度",
    "按时间节点",
    "按进度",
    "按计划",
];

/// Labels a cell printed on several lines: a unit per line is a list of
/// units, though the lines joined would run the names together; so are
/// names between spaces, which joining drops between Chinese characters.
pub fn of_lines(lines: &[String]) -> Content {
    if is_units(&lines.join("\n")) {
        return Content::Units;
    }
    content(&super::shape::join_lines(lines))
}

/// Labels one cell's text.
pub fn content(text: &str) -> Content {
    let t = text.trim();
    if shape::bare_number(t).is_some() {
        return Content::Number;
    }
    if shape::is_heading(t) && t.chars().count() <= 40 {
        return Content::Heading;
    }
    if is_deadline(t) {
        return Content::Deadline;
    }
    if is_units(t) {
        return Content::Units;
    }
    if lexicon::is_person_names(t) {
        return Content::Person;
    }
    Content::Text
}

/// A short text naming a date or a time (2020年底前, 9月投入使用, 持续推进).
pub fn is_deadline(text: &str) -> bool {
    let n = text.chars().count();
    if n == 0 || n > MAX_DEADLINE_CHARS || text.ends_with('。') {
        return false;
    }
    // Any year will do to tell a date apart: the document's year is applied later.
    let d = read_deadlines_in(text, MilestoneSource::DeadlineColumn, Some(2000));
    !d.milestones.is_empty() || d.ongoing || (n <= 12 && TIME_WORDS.iter().any(|w| text.contains(w)))
}

/// A text that lists unit names and nothing else, or labels them
/// (`牵头：市发改委；配合：市财政局`).
pub fn is_units(text: &str) -> bool {
    if text.contains('。') || text.chars().count() > 200 {
        return false;
    }
    if let Some(parts) = super::vocab::labelled(text) {
        return parts.iter().all(|l| l.kind.is_units() && is_units(&l.text));
    }
    let names = split_units(&[text], &|_| Known::Unknown);
    // Every name reads as one, and one at least opens like a unit: in a
    // list, names may lean on the first for their place (市发改委、财政局;
    // 各县（市）党委、政府) or be companies named by their brand.
    let strict = |n: &str| {
        lexicon::is_unit_name(n)
            || lexicon::split_run(n)
                .is_some_and(|run| run.len() > 1 && run.iter().all(|r| lexicon::is_unit_name(r)))
    };
    let loose = |n: &str| strict(n) || lexicon::is_run_name(n);
    names.iter().any(|n| strict(&n.printed)) && names.iter().all(|n| loose(&n.printed))
}

/// Whether a column of this kind may hold a cell of this content.
pub fn fits(kind: ColumnKind, content: Content) -> bool {
    match kind {
        ColumnKind::Number => content == Content::Number,
        ColumnKind::Measure | ColumnKind::Task | ColumnKind::Detail => {
            matches!(content, Content::Text | Content::Heading)
        }
        ColumnKind::Lead | ColumnKind::Primary | ColumnKind::Responsible | ColumnKind::Support => {
            content == Content::Units
        }
        ColumnKind::Deadline => content == Content::Deadline,
        ColumnKind::Person => content == Content::Person,
        ColumnKind::Other => content == Content::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_between_spaces_are_units() {
        let cell = |t: &str| of_lines(&[t.to_string()]);
        assert_eq!(cell("★县教育局 县工业和信息化局 县职业技术学校 县人民医院 县卫生健康局"), Content::Units);
        assert_eq!(cell("加强 学校 建设"), Content::Text);
        assert_eq!(cell("供暖期内"), Content::Deadline);
        assert_eq!(cell("每学期"), Content::Deadline);
    }

    #[test]
    fn kinds_of_cells() {
        assert_eq!(content("12"), Content::Number);
        assert_eq!(content("一、完善设施"), Content::Heading);
        assert_eq!(content("县水务局"), Content::Units);
        assert_eq!(content("县护城河指挥部"), Content::Units);
        assert_eq!(content("市财政局、市残联,各县市区人民政府"), Content::Units);
        // An industry's alliance beside a bureau supports like one.
        assert_eq!(content("区经济促进局、顺德区预制菜产业联盟"), Content::Units);
        assert_eq!(content("12月底前"), Content::Deadline);
        assert_eq!(content("9月投入使用"), Content::Deadline);
        assert_eq!(content("5月底前动工"), Content::Deadline);
        assert_eq!(content("2020年6月"), Content::Deadline);
        assert_eq!(content("持续实施"), Content::Deadline);
        assert_eq!(content("俞 悦"), Content::Person);
        assert_eq!(content("建成县残疾人综合服务中心。"), Content::Text);
        assert_eq!(content("开工建设老年大学。"), Content::Text);
        assert_eq!(content("新建2座人行天桥。"), Content::Text);
        assert_eq!(content("到2020年，全市用水总量控制在11.88亿立方米以内。"), Content::Text);
    }
}
