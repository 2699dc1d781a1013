//! Layout A: every cell starts with a tab on its own line; lines without a
//! tab continue the cell above (another unit, a wrapped word); blank lines
//! fall between rows and sometimes inside cells; an empty merged cell is a
//! bare tab. Four header variants, after the 珠海, 江门, 三亚 and 永州 seeds.
//!
//! Each function writes one whole document into `doc.out`, records every
//! task in `doc.expected` and returns the manifest title.

use super::deadlines;
use super::phrases::{self, numeral, sentence, Punct};
use super::units::break_with_newline;
use super::Doc;

fn cell(out: &mut String, text: &str) {
    out.push('\t');
    out.push_str(text);
    out.push('\n');
}

/// How a multi-line unit cell is printed.
#[derive(Clone, Copy)]
struct UnitLines {
    /// Percent chance of a blank line between two units.
    blank: u32,
    /// Percent chance that a long name wraps onto a second line.
    wrap: u32,
    /// Percent chance of the odd spacing the seeds show (leading spaces,
    /// a trailing ideographic space, an empty first line, two units on one
    /// line).
    odd: u32,
}

/// A unit cell with one unit per line, the first after the tab.
fn unit_cell(doc: &mut Doc, units: &[&str], how: UnitLines) {
    let out_len = doc.out.len();
    doc.out.push('\t');
    if doc.rng.chance(how.odd / 2) {
        // 江门 015: the cell's first line is empty and the units follow.
        doc.out.push('\n');
    } else if doc.rng.chance(how.odd / 2) {
        // 珠海 285: `\t     市民政局`.
        doc.out.push_str("     ");
    }
    let mut i = 0;
    while i < units.len() {
        // A line without a tab continues the cell; sometimes a blank line
        // falls between two units of one cell, as in the seeds.
        if i > 0 && doc.rng.chance(how.blank) {
            doc.out.push('\n');
        }
        let name = units[i];
        match break_with_newline(name).filter(|_| doc.rng.chance(how.wrap)) {
            Some(wrapped) => doc.out.push_str(&wrapped),
            None => doc.out.push_str(name),
        }
        if i + 1 < units.len() && doc.rng.chance(how.odd) {
            // 江门 182: `市农业农村局           市残联`.
            doc.out.push_str(&" ".repeat(doc.rng.range(2, 11)));
            doc.out.push_str(units[i + 1]);
            i += 1;
        } else if doc.rng.chance(how.odd / 2) {
            // 珠海 486: `市老龄办　`.
            doc.out.push('　');
        }
        doc.out.push('\n');
        i += 1;
    }
    debug_assert!(doc.out.len() > out_len);
}

/// Splits `n` into consecutive group sizes drawn from `lo..=hi`.
fn groups(doc: &mut Doc, n: usize, lo: usize, hi: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut left = n;
    while left > 0 {
        let g = doc.rng.range(lo, hi).min(left);
        out.push(g);
        left -= g;
    }
    out
}

/// 珠海 (000): 项目/重点任务/责任单位/配合单位. Each row: a chapter cell (the
/// heading on a chapter's first row or after a page break, else empty), a
/// section cell in chapters with sections, `N.task`, leads, supports.
pub fn project(doc: &mut Doc, topic: &str) -> String {
    let generic = doc.rng.chance(50);
    let table = if generic {
        "重点任务分工及进度安排表".to_string()
    } else {
        format!("{topic}重点任务分工及进度安排表")
    };
    doc.out.push_str(&format!("附件：{table}\n\n{table}\n\n"));
    for h in ["项目", "重点任务", "责任单位", "配合单位"] {
        cell(&mut doc.out, h);
    }
    doc.out.push('\n');
    let how = UnitLines { blank: 35, wrap: 10, odd: 3 };
    let n = doc.task_count();
    let chapters = groups(doc, n, 2, 11);
    for (ci, &size) in chapters.iter().enumerate() {
        let heading =
            format!("{}、{}", numeral(ci + 1), phrases::chapter(&mut doc.rng, (doc.place, doc.place_short)));
        let sections = if doc.rng.chance(75) { groups(doc, size, 1, 3) } else { vec![] };
        let mut section_starts = Vec::new();
        let mut at = 0;
        for s in &sections {
            section_starts.push(at);
            at += s;
        }
        for ri in 0..size {
            let section_index = section_starts.iter().position(|&s| s == ri);
            if ri == 0 {
                cell(&mut doc.out, &heading);
                if doc.rng.chance(60) {
                    doc.out.push_str("\n\n");
                }
            } else if (sections.is_empty() || section_index.is_some()) && doc.rng.chance(6) {
                // A page break repeats the chapter cell, sometimes wrapped
                // with a blank line inside it (珠海 212: 三、…服务¶¶制度).
                let chars: Vec<char> = heading.chars().collect();
                if chars.len() > 6 && doc.rng.chance(50) {
                    let cut = chars.len() - 2;
                    let (a, b): (String, String) =
                        (chars[..cut].iter().collect(), chars[cut..].iter().collect());
                    doc.out.push_str(&format!("\t{a}\n\n{b}\n"));
                } else {
                    cell(&mut doc.out, &heading);
                }
            } else {
                cell(&mut doc.out, "");
            }
            if !sections.is_empty() {
                match section_index {
                    Some(si) => {
                        let s = phrases::section(&mut doc.rng, (doc.place, doc.place_short));
                        cell(&mut doc.out, &format!("（{}）{s}", numeral(si + 1)));
                    }
                    None => cell(&mut doc.out, ""),
                }
            }
            let space = if doc.rng.chance(15) { " " } else { "" };
            let text = sentence(&mut doc.rng, 1, 3, "", (doc.place, doc.place_short), Punct::FullWidth);
            cell(&mut doc.out, &format!("{}.{space}{text}", ri + 1));
            let leads = doc.lead_count();
            let supports = doc.rng.range(0, 6);
            let mut taken = Vec::new();
            let lead_units = doc.units.pick(&mut doc.rng, leads, &mut taken);
            let support_units = doc.units.pick(&mut doc.rng, supports, &mut taken);
            let (lead_units, support_units) =
                with_district(doc, lead_units, support_units, "各区政府（管委会）");
            let (l, s) = (lead_units.len(), support_units.len());
            unit_cell(doc, &lead_units, how);
            if support_units.is_empty() {
                cell(&mut doc.out, if doc.rng.chance(30) { "　" } else { "" });
            } else {
                unit_cell(doc, &support_units, how);
            }
            doc.out.push('\n');
            doc.expected.push(l, s, false);
        }
    }
    format!("{}{table}", doc.place)
}

/// Puts the district governments (`name`) into a task's leads or supports
/// about as often as the seeds do, replacing a bureau so counts stay in range.
fn with_district<'u>(
    doc: &mut Doc,
    mut leads: Vec<&'u str>,
    mut supports: Vec<&'u str>,
    name: &'u str,
) -> (Vec<&'u str>, Vec<&'u str>) {
    let name = if name == "各区政府（管委会）" && doc.rng.chance(10) {
        "各区政府(管委会)"
    } else {
        name
    };
    match doc.rng.below(100) {
        0..=29 => {
            if leads.len() >= 4 || (leads.len() > 1 && doc.rng.chance(50)) {
                leads.pop();
            }
            leads.insert(0, name)
        }
        30..=54 => {
            if supports.len() >= 6 {
                supports.pop();
            }
            supports.push(name)
        }
        _ => {}
    }
    (leads, supports)
}

/// 江门 (001): 序号/工作措施/工作任务/工作要求/责任单位/时间进度. The measure
/// is printed on a group's first row and left empty below; every unit of the
/// 责任单位 column is a lead, the first the primary one (备注 under the table).
pub fn measure(doc: &mut Doc, topic: &str) -> String {
    let table = if doc.rng.chance(50) {
        "工作任务分解表".to_string()
    } else {
        format!("{topic}工作任务分解表")
    };
    doc.out.push_str(&format!("{table}\n\n"));
    for h in ["序号", "工作措施", "工作任务", "工作要求", "责任单位", "时间进度"] {
        cell(&mut doc.out, h);
    }
    doc.out.push('\n');
    let how = UnitLines { blank: 0, wrap: 10, odd: 4 };
    let n = doc.task_count();
    let mut number = 0;
    let mut previous_measure = String::new();
    for size in groups(doc, n, 1, 4) {
        let measure = if !previous_measure.is_empty() && doc.rng.chance(8) {
            // A page break reprints the measure of the group above (江门 006).
            previous_measure.clone()
        } else {
            phrases::short(&mut doc.rng, (doc.place, doc.place_short))
        };
        for ri in 0..size {
            number += 1;
            cell(&mut doc.out, &number.to_string());
            cell(&mut doc.out, if ri == 0 { &measure } else { "" });
            if ri > 0 && doc.rng.chance(2) {
                // 江门 011: no task text, only requirements (never on a group's
                // first row, where there would be nothing to inherit).
                cell(&mut doc.out, "");
            } else {
                let t = sentence(&mut doc.rng, 1, 2, "。", (doc.place, doc.place_short), Punct::FullWidth);
                cell(&mut doc.out, &t);
            }
            let mut detail =
                sentence(&mut doc.rng, 1, 4, "。", (doc.place, doc.place_short), Punct::FullWidth);
            if doc.rng.chance(40) {
                detail.push_str(&sentence(
                    &mut doc.rng,
                    1,
                    3,
                    "。",
                    (doc.place, doc.place_short),
                    Punct::FullWidth,
                ));
            }
            cell(&mut doc.out, &detail);
            let supports = doc.rng.range(0, 6);
            let mut taken = Vec::new();
            let mut units = doc.units.pick(&mut doc.rng, 1 + supports, &mut taken);
            if units.len() < 7 && doc.rng.chance(25) {
                units.push("各市（区）政府");
            }
            unit_cell(doc, &units, how);
            let (deadline, ongoing) = deadlines::measure_table(&mut doc.rng, doc.year);
            cell(&mut doc.out, &deadline);
            doc.out.push('\n');
            // Every unit of a 责任单位 column is responsible (a lead); the
            // 备注 makes the first the primary one, which is its rank, not its role.
            doc.expected.push(units.len(), 0, ongoing);
        }
        previous_measure = measure;
    }
    doc.out.push_str("\n备注：责任单位排第一的为牵头单位。\n");
    format!("{}{table}", doc.place)
}

/// 三亚 (002): 序号/工作任务/牵头单位/配合单位/完成时限, rows of six cells (the
/// task heading spans a short title and its description), chapters 一、.
pub fn lead_support(doc: &mut Doc, topic: &str) -> String {
    let title = format!("{}{topic}重点任务分工表", doc.place);
    doc.out.push_str(&format!(" \t{title}\n\n"));
    for h in ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"] {
        cell(&mut doc.out, h);
    }
    doc.out.push('\n');
    let how = UnitLines { blank: 6, wrap: 10, odd: 0 };
    let n = doc.task_count();
    let mut number = 0;
    for (ci, size) in groups(doc, n, 1, 5).into_iter().enumerate() {
        let heading = phrases::chapter(&mut doc.rng, (doc.place, doc.place_short));
        cell(&mut doc.out, &format!("{}、{heading}", numeral(ci + 1)));
        doc.out.push('\n');
        for _ in 0..size {
            number += 1;
            cell(&mut doc.out, &number.to_string());
            let short = phrases::short(&mut doc.rng, (doc.place, doc.place_short));
            cell(&mut doc.out, &short);
            let end = if doc.rng.chance(80) { "。" } else { "" };
            let text = sentence(&mut doc.rng, 1, 4, end, (doc.place, doc.place_short), Punct::FullWidth);
            cell(&mut doc.out, &text);
            let leads = doc.lead_count().min(3);
            let supports = doc.rng.range(1, 6);
            let mut taken = Vec::new();
            let mut lead_units = doc.units.pick(&mut doc.rng, leads, &mut taken);
            let mut support_units = doc.units.pick(&mut doc.rng, supports, &mut taken);
            if doc.rng.chance(30) {
                lead_units.insert(0, "各区政府");
                lead_units.truncate(3);
            } else if support_units.len() < 6 && doc.rng.chance(60) {
                support_units.push("各区政府");
            }
            unit_cell(doc, &lead_units, how);
            unit_cell(doc, &support_units, how);
            let (deadline, ongoing) = deadlines::month(&mut doc.rng, doc.year);
            cell(&mut doc.out, &deadline);
            doc.out.push('\n');
            doc.expected.push(lead_units.len(), support_units.len(), ongoing);
        }
    }
    doc.out.push_str("\n\n");
    title
}

/// The district block of a 永州 unit line and how many units it names.
const DISTRICT_BLOCKS: &[(&str, usize)] = &[
    ("县（区）人民政府，管理区、经开区管委会", 3),
    ("县（区）人民政府，管理区管委会、经开区管委会", 3),
    ("市、县（区）人民政府，管理区、经开区管委会", 4),
    ("县（区）人民政府", 1),
];

/// 永州 (004): 序号/工作任务/具体内容/责任单位/完成时限. A numbered row may be
/// followed by continuation rows whose 序号 and 工作任务 cells are empty; the
/// 具体内容 cell lists numbered items on lines of their own; units stand in
/// one line, `、` within a group and `，` between groups, with shared-suffix
/// forms (管理区、经开区管委会). All of them are responsible (lead) units.
pub fn content(doc: &mut Doc, topic: &str) -> String {
    let title = format!("{}{topic}工作任务清单", doc.place);
    doc.out.push_str(&format!("附件\n{title}\n"));
    for h in ["序号", "工作任务", "具体内容", "责任单位", "完成时限"] {
        cell(&mut doc.out, h);
    }
    doc.out.push('\n');
    let n = doc.task_count();
    for (gi, size) in groups(doc, n, 1, 3).into_iter().enumerate() {
        let mut item = 0;
        for ri in 0..size {
            if ri == 0 {
                cell(&mut doc.out, &(gi + 1).to_string());
                let short = phrases::short(&mut doc.rng, (doc.place, doc.place_short));
                // The seeds never wrap the first row's title.
                let wrapped = if gi == 0 { short } else { wrap_short(doc, &short) };
                cell(&mut doc.out, &wrapped);
            } else {
                cell(&mut doc.out, "");
                cell(&mut doc.out, "");
            }
            let items = doc.rng.range(1, 3);
            let numbered = size > 1 || items > 1 || doc.rng.chance(50);
            doc.out.push('\t');
            for k in 0..items {
                if k > 0 {
                    doc.out.push('\n');
                }
                let end = if k + 1 == items { "。" } else { "；" };
                let text = sentence(&mut doc.rng, 1, 3, end, (doc.place, doc.place_short), Punct::FullWidth);
                if numbered {
                    item += 1;
                    let space = if doc.rng.chance(10) { " " } else { "" };
                    doc.out.push_str(&format!("{item}.{space}"));
                }
                doc.out.push_str(&text);
            }
            doc.out.push('\n');
            let leads = content_units(doc);
            let (deadline, ongoing) = deadlines::month(&mut doc.rng, doc.year);
            cell(&mut doc.out, &deadline);
            doc.out.push('\n');
            doc.expected.push(leads, 0, ongoing);
        }
    }
    doc.out.push_str(" \n");
    title
}

/// Narrow 工作任务 cells wrap some short titles every three or four characters
/// (推进医养¶结合, 培育发展¶服务机构¶或组织).
fn wrap_short(doc: &mut Doc, short: &str) -> String {
    let chars: Vec<char> = short.chars().collect();
    // Wrapped titles in the seeds run to three lines at most.
    if chars.len() < 5 || chars.len() > 12 || doc.rng.chance(55) {
        return short.to_string();
    }
    let width = if chars.len() > 8 { 4 } else { doc.rng.range(3, 4) };
    chars.chunks(width).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("\n")
}

/// Writes a 永州 unit cell and returns how many units it names.
fn content_units(doc: &mut Doc) -> usize {
    let mut taken = Vec::new();
    let bureaus = doc.rng.range(0, 5);
    let mut names = doc.units.pick(&mut doc.rng, bureaus, &mut taken);
    // `市县（区）民政局` names two bureaus: the place's and the counties'.
    let mut levels = 0;
    if doc.rng.chance(5) {
        if let Some(pos) = names.iter().position(|n| *n == "市民政局") {
            names[pos] = "市县（区）民政局";
            levels = 1;
        }
    }
    let mut groups: Vec<String> = Vec::new();
    let mut count = names.len() + levels;
    if !names.is_empty() {
        groups.push(names.join("、"));
    }
    if names.is_empty() || doc.rng.chance(70) {
        let (block, size) = *doc.rng.pick(DISTRICT_BLOCKS);
        count += size;
        if doc.rng.chance(55) {
            groups.insert(0, block.to_string());
        } else {
            groups.push(block.to_string());
        }
    }
    if doc.rng.chance(15) {
        let collective = if doc.rng.chance(50) {
            "市直相关单位"
        } else {
            "市改革试点工作领导小组各成员单位"
        };
        groups.insert(0, collective.to_string());
        count += 1;
    }
    cell(&mut doc.out, &groups.join("，"));
    count
}
