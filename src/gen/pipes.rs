//! Layout B, after the 咸阳 seed (003): every cell ends with ` |` on its own
//! line (or its text line is followed by a lone `|`), rows are separated by
//! lines of pipes, a numbered row has six cells (序号, measure, task, leads,
//! supports, deadline) and its continuation rows four (task, leads, supports,
//! deadline). Text uses ASCII commas and parentheses as that table does; lead
//! cells break long names with spaces (市卫生健康 委员会) and separate units
//! with spaces.

use super::deadlines;
use super::phrases::{self, numeral, sentence, Punct};
use super::units::break_with_space;
use super::Doc;

/// Ends a cell: ` |` after the text, or, as in narrow printed cells, the text
/// line alone and then a line holding only `|`.
fn pcell(doc: &mut Doc, text: &str, may_wrap: bool) {
    doc.out.push_str(text);
    if may_wrap && doc.rng.chance(8) {
        doc.out.push_str("\n|\n");
    } else {
        doc.out.push_str(" |\n");
    }
}

fn separator(doc: &mut Doc) {
    doc.out.push_str(if doc.rng.chance(50) { "||||||||||\n" } else { "||||||||||||\n" });
}

const DISTRICT: &str = "各县市区人民政府";

/// Writes one document in the pipe layout and returns its manifest title.
pub fn pipe(doc: &mut Doc, topic: &str) -> String {
    let title = format!("{}{topic}重点任务分工", doc.place);
    if doc.rng.chance(25) {
        preamble(doc);
    }
    doc.out.push_str(&format!("附件\n{title}\n"));
    for h in ["序号", "工作任务", "牵头单位", "配合单位", "时间进度"] {
        pcell(doc, h, false);
    }
    doc.out.push_str("|||||||||||\n");
    let n = doc.task_count();
    // Tasks in groups under one number, numbers in chapters.
    let mut sizes = Vec::new();
    let mut left = n;
    while left > 0 {
        let s = doc.rng.range(1, 3).min(left);
        sizes.push(s);
        left -= s;
    }
    let mut number = 0;
    let mut chapter = 0;
    let mut i = 0;
    while i < sizes.len() {
        chapter += 1;
        let heading = phrases::chapter(&mut doc.rng, (doc.place, doc.place_short)).replace(['（', '）'], "");
        pcell(doc, &format!("{}、{heading}", numeral(chapter)), false);
        doc.out.push_str("|||||||||||||||\n");
        let numbers_here = doc.rng.range(1, 4);
        for &size in sizes[i..].iter().take(numbers_here) {
            number += 1;
            pcell(doc, &number.to_string(), false);
            let measure = phrases::short(&mut doc.rng, (doc.place, doc.place_short));
            let measure = spaced(doc, measure);
            pcell(doc, &measure, false);
            for _ in 0..size {
                task_row(doc);
                separator(doc);
            }
        }
        i += numbers_here;
    }
    title
}

/// Task, leads, supports, deadline: the four cells every row ends with.
fn task_row(doc: &mut Doc) {
    let end = if doc.rng.chance(85) { "。" } else { "" };
    let text = sentence(&mut doc.rng, 1, 3, end, (doc.place, doc.place_short), Punct::Ascii);
    pcell(doc, &text, false);

    let mut taken = Vec::new();
    let lead_count = doc.lead_count().min(3);
    let (leads, district_leads) = if doc.rng.chance(6) {
        (Vec::new(), true)
    } else {
        (doc.units.pick(&mut doc.rng, lead_count, &mut taken), false)
    };
    let mut cell = String::new();
    if district_leads {
        cell.push_str(DISTRICT);
    }
    for (k, name) in leads.iter().enumerate() {
        if k > 0 {
            cell.push_str(match doc.rng.below(10) {
                0 => "、 ",
                1 => "、",
                _ => " ",
            });
        }
        match break_with_space(name).filter(|_| doc.rng.chance(50)) {
            Some(broken) => cell.push_str(&broken),
            None => cell.push_str(name),
        }
    }
    pcell(doc, &cell, true);
    let lead_total = leads.len() + usize::from(district_leads);

    let bureaus = doc.rng.range(0, 6);
    let supports = doc.units.pick(&mut doc.rng, bureaus, &mut taken);
    let mut cell = String::new();
    for (k, name) in supports.iter().enumerate() {
        if k > 0 {
            cell.push_str(if doc.rng.chance(5) { "、 " } else { "、" });
        }
        cell.push_str(name);
    }
    let district_support = !district_leads && (supports.is_empty() || doc.rng.chance(85));
    if district_support {
        if !cell.is_empty() {
            cell.push(',');
        }
        cell.push_str(DISTRICT);
        if doc.rng.chance(10) {
            cell.push_str("负责");
        }
    }
    if cell.is_empty() {
        // Leads were the district governments and no bureau supports: the
        // seeds never leave a pipe cell empty, so one bureau supports.
        let one = doc.units.pick(&mut doc.rng, 1, &mut taken);
        cell.push_str(one[0]);
    }
    pcell(doc, &cell, true);
    let support_total = cell.split(['、', ',']).filter(|s| !s.trim().is_empty()).count();

    let (deadline, ongoing) = deadlines::pipe_table(&mut doc.rng, doc.year, (doc.place, doc.place_short));
    pcell(doc, &deadline, true);
    doc.expected.push(lead_total, support_total, ongoing);
}

/// Measures in narrow cells are printed with stray spaces (放宽 准入条件).
fn spaced(doc: &mut Doc, text: String) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 4 || !doc.rng.chance(25) {
        return text;
    }
    let at = doc.rng.range(2, chars.len() - 2);
    let mut s: String = chars[..at].iter().collect();
    s.push(' ');
    s.extend(&chars[at..]);
    s
}

/// The prose paragraph the 咸阳 document starts with, before 附件: sentences
/// and the responsible units in parentheses, `(…负责)`. It is a task of the
/// policy text the table is annexed to, with every named unit a lead.
fn preamble(doc: &mut Doc) {
    let place = (doc.place, doc.place_short);
    let mut p = sentence(&mut doc.rng, 2, 5, "。", place, Punct::Ascii);
    p.push_str(&sentence(&mut doc.rng, 2, 4, "。", place, Punct::Ascii));
    let mut taken = Vec::new();
    let count = doc.rng.range(2, 6);
    let units = doc.units.pick(&mut doc.rng, count, &mut taken);
    p.push('(');
    p.push_str(&units.join("、"));
    p.push_str(",各县市区人民政府负责)\n");
    doc.out.push_str(&p);
    doc.expected.push(units.len() + 1, 0, false);
}
