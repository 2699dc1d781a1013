//! Prose shapes: tasks written as paragraphs or numbered items rather than
//! table rows. A task's units come from a trailing parenthesis
//! (`（牵头单位：…；配合单位：…）`, `（X牵头，Y配合）`, `(…负责)`) or from label
//! lines under it (`责任单位：…`, `完成时限：…`).
//!
//! This module must not split unit names; it hands unit text to the caller
//! as [`UnitCell`]s.

use super::draft::{Draft, UnitCell};
use super::shape;
use crate::model::Role;

/// What a label before a colon introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Units(Role),
    Deadline,
}

const LABELS: &[(&str, Label)] = &[
    ("第一责任单位", Label::Units(Role::Lead)),
    ("主要责任单位", Label::Units(Role::Lead)),
    ("牵头单位", Label::Units(Role::Lead)),
    ("牵头部门", Label::Units(Role::Lead)),
    ("责任单位", Label::Units(Role::Lead)),
    ("责任部门", Label::Units(Role::Lead)),
    ("配合单位", Label::Units(Role::Support)),
    ("配合部门", Label::Units(Role::Support)),
    ("协办单位", Label::Units(Role::Support)),
    ("参与单位", Label::Units(Role::Support)),
    ("完成时限", Label::Deadline),
    ("完成时间", Label::Deadline),
    ("时间进度", Label::Deadline),
    ("时间节点", Label::Deadline),
];

/// `label：rest` segments of a line such as `牵头单位：A；配合单位：B`.
fn labelled(text: &str) -> Option<Vec<(Label, String)>> {
    let mut out = Vec::new();
    for segment in text.split(['；', ';']).map(str::trim).filter(|s| !s.is_empty()) {
        let (label, rest) = LABELS.iter().find_map(|(word, label)| {
            let rest = segment.strip_prefix(word)?.trim_start();
            let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
            Some((*label, rest.trim().to_string()))
        })?;
        out.push((label, rest));
    }
    (!out.is_empty()).then_some(out)
}

/// Units named with verbs: `X牵头，Y配合`, `X负责`.
fn with_verbs(text: &str) -> Option<Vec<(Label, String)>> {
    let t = text.trim();
    if let Some(at) = t.find("牵头") {
        let lead = t[..at].trim();
        let rest = t[at + "牵头".len()..].trim_start_matches(['，', ',', '、', '；', ';', ' ']);
        let mut out = vec![(Label::Units(Role::Lead), lead.to_string())];
        if let Some(support) = rest.strip_suffix("配合").or_else(|| rest.strip_suffix("参与")) {
            out.push((Label::Units(Role::Support), support.to_string()));
        } else if !rest.is_empty() {
            return None;
        }
        return (!lead.is_empty()).then_some(out);
    }
    let lead = t.strip_suffix("负责").or_else(|| t.strip_suffix("共同负责"))?;
    (!lead.is_empty()).then(|| vec![(Label::Units(Role::Lead), lead.to_string())])
}

/// Splits `text（…）` into the text and an assignment parenthesis.
fn trailing_assignment(text: &str) -> Option<(String, Vec<(Label, String)>)> {
    let t = text.trim().trim_end_matches(['。', '；', ';', '，', ',', ' ']);
    let inner_end = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))?;
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in inner_end.char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' if depth == 0 => {
                open = Some(i);
                break;
            }
            '（' | '(' => depth -= 1,
            _ => {}
        }
    }
    let open = open?;
    let inner = &inner_end[open + inner_end[open..].chars().next()?.len_utf8()..];
    let parts = labelled(inner).or_else(|| with_verbs(inner))?;
    Some((inner_end[..open].trim().to_string(), parts))
}

fn apply(draft: &mut Draft, line: u32, parts: Vec<(Label, String)>) {
    for (label, rest) in parts {
        match label {
            Label::Units(role) => draft.units.push(UnitCell { role, line, lines: vec![rest] }),
            Label::Deadline => draft.deadline = Some(shape::clean_line(&rest)),
        }
    }
}

/// Roles written inside a unit cell: label lines (`牵头单位：A` /
/// `配合单位：B`, unlabelled lines continuing the label above) or verbs
/// (`A牵头，B配合`). `None` when the cell is a plain list, whose role is its
/// column's. Deadline labels are left to the deadline column.
pub fn roles_in_cell(lines: &[String]) -> Option<Vec<(Role, Vec<String>)>> {
    let mut groups: Vec<(Role, Vec<String>)> = Vec::new();
    for line in lines {
        match labelled(line.trim()) {
            Some(parts) => {
                for (label, rest) in parts {
                    if let Label::Units(role) = label {
                        groups.push((role, vec![rest]));
                    }
                }
            }
            None => match groups.last_mut() {
                Some(group) => group.1.push(line.clone()),
                // An unlabelled first line: a plain list, or verbs.
                None => break,
            },
        }
    }
    if !groups.is_empty() {
        return Some(groups);
    }
    let parts = with_verbs(&lines.join(""))?;
    // A bare `X负责` says nothing the column does not.
    (parts.len() > 1).then(|| {
        parts
            .into_iter()
            .filter_map(|(label, rest)| match label {
                Label::Units(role) => Some((role, vec![rest])),
                Label::Deadline => None,
            })
            .collect()
    })
}

/// Lines that end a list: an attachment mark, a remark, or the title of the
/// table that follows (…分工表, …清单).
fn ends_list(text: &str) -> bool {
    const TITLE_ENDS: &[&str] = &["分工表", "分解表", "清单", "任务表", "安排表", "责任表", "一览表", "台账"];
    ["附件", "备注", "注：", "注:", "说明："].iter().any(|p| text.starts_with(p))
        || (text.chars().count() <= 60 && TITLE_ENDS.iter().any(|w| text.ends_with(w)))
}

/// Whether `text` opens a parenthesis it does not close.
fn unclosed(text: &str) -> bool {
    let opened = text.chars().filter(|c| matches!(c, '（' | '(')).count();
    opened > text.chars().filter(|c| matches!(c, '）' | ')')).count()
}

/// Reads prose tasks from `(line, text)` pairs. Numbered items become tasks
/// only if some item of the text names units; otherwise the text is not a
/// task list and nothing is returned.
///
/// A numbered item (`1.`, `（1）`, `一是`) may wrap onto further lines: it
/// runs until its unit parenthesis closes, a label line, a heading, or the
/// next numbered item. The parenthesis itself may wrap too, so it is looked
/// for in the item's lines joined.
pub fn read_prose(lines: &[(u32, String)]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut chapter: Option<String> = None;
    let mut section: Option<String> = None;
    // Whether label lines may still attach to the last draft.
    let mut open = false;
    // The printed text of the last draft while it is a numbered item still
    // waiting for its unit parenthesis (lines joined: Chinese wraps anywhere).
    let mut wrapping: Option<String> = None;
    for (line, raw) in lines {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        // Inside a wrapped parenthesis a line such as `配合单位：…）` is its
        // rest, not a label line.
        let in_parenthesis = wrapping.as_deref().is_some_and(unclosed);
        if let (Some(parts), false) = (labelled(text), in_parenthesis) {
            if let (true, Some(last)) = (open, drafts.last_mut()) {
                apply(last, *line, parts);
            }
            wrapping = None;
            continue;
        }
        let assignment = trailing_assignment(text);
        if assignment.is_none() && text.chars().count() <= 40 {
            if shape::is_chapter_heading(text) {
                chapter = Some(shape::clean_line(text));
                section = None;
                (open, wrapping) = (false, None);
                continue;
            }
            if shape::is_section_heading(text) {
                section = Some(shape::clean_line(text));
                (open, wrapping) = (false, None);
                continue;
            }
        }
        let starts_item = shape::prose_item(text).is_some();
        if let (Some(printed), Some(last), false) = (wrapping.as_mut(), drafts.last_mut(), starts_item) {
            if !ends_list(text) {
                printed.push_str(text);
                match trailing_assignment(printed) {
                    Some((body, parts)) => {
                        last.text = shape::clean_line(&body);
                        apply(last, *line, parts);
                        wrapping = None;
                    }
                    None => last.text = shape::clean_line(printed),
                }
                continue;
            }
        }
        wrapping = None;
        let (body, parts) = match assignment {
            Some((body, parts)) => (body, Some(parts)),
            None => (text.to_string(), None),
        };
        let numbered = shape::prose_item(&body).map(|(n, rest)| (n.to_string(), rest.to_string()));
        if parts.is_none() && numbered.is_none() {
            open = false;
            continue;
        }
        let (number, body) = match numbered {
            Some((n, rest)) => (Some(n), rest),
            None => (None, body),
        };
        if number.is_some() && parts.is_none() {
            wrapping = Some(body.clone());
        }
        let mut draft = Draft {
            line: *line,
            number,
            chapter: chapter.clone(),
            section: section.clone(),
            text: shape::clean_line(&body),
            ..Draft::default()
        };
        if let Some(parts) = parts {
            apply(&mut draft, *line, parts);
        }
        drafts.push(draft);
        open = true;
    }
    if drafts.iter().any(|d| !d.units.is_empty()) {
        drafts
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Draft> {
        let lines: Vec<(u32, String)> =
            text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect();
        read_prose(&lines)
    }

    #[test]
    fn trailing_parenthesis_with_verbs() {
        let d = read("加强督导。(市民政局、市发改委,各县市区人民政府负责)");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].text, "加强督导。");
        assert_eq!(d[0].units[0].role, Role::Lead);
        assert_eq!(d[0].units[0].lines[0], "市民政局、市发改委,各县市区人民政府");
        let d = read("1.建立制度。（市民政局牵头，市财政局、市人社局配合）");
        assert_eq!(d[0].number.as_deref(), Some("1"));
        assert_eq!(d[0].units[1].role, Role::Support);
    }

    #[test]
    fn labels_in_parenthesis_and_lines() {
        let d = read("一、总体\n1.任务一（牵头单位：市民政局；配合单位：市财政局）\n2.任务二\n责任单位：市卫健委\n完成时限：2020年底前");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].chapter.as_deref(), Some("一、总体"));
        assert_eq!(d[1].units[0].lines[0], "市卫健委");
        assert_eq!(d[1].deadline.as_deref(), Some("2020年底前"));
    }

    #[test]
    fn wrapped_items_are_joined() {
        let d = read("1.建立养老服务联席会议制度，定期研究解决\n养老服务发展中的重大问题。（牵头单位：市民政局；\n配合单位：市发改委）\n（2）落实用地政策，\n2021年底前完成规划编制。（市自然资源局负责）\n三是开展培训\n责任单位：市人社局");
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(d[0].text, "建立养老服务联席会议制度，定期研究解决养老服务发展中的重大问题。");
        assert_eq!(d[0].units.len(), 2);
        assert_eq!(d[0].units[1].lines[0], "市发改委");
        assert_eq!(
            (d[1].number.as_deref(), d[1].text.as_str()),
            (Some("2"), "落实用地政策，2021年底前完成规划编制。")
        );
        assert_eq!(d[1].units[0].lines[0], "市自然资源局");
        assert_eq!((d[2].number.as_deref(), d[2].units[0].lines[0].as_str()), (Some("三"), "市人社局"));
    }

    #[test]
    fn a_title_ends_the_list() {
        let d = read("1.加强督导（市民政局负责）\n2.做好宣传\n附件\n长沙市重点任务分工表");
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].text, "做好宣传");
    }

    #[test]
    fn roles_written_in_a_unit_cell() {
        let lines = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let r = roles_in_cell(&lines(&["牵头单位：市民政局、", "市财政局", "配合单位：市发改委"])).unwrap();
        assert_eq!(r[0], (Role::Lead, lines(&["市民政局、", "市财政局"])));
        assert_eq!(r[1], (Role::Support, lines(&["市发改委"])));
        let r = roles_in_cell(&lines(&["市自然资源局牵头，", "市民政局配合"])).unwrap();
        assert_eq!(r, vec![(Role::Lead, lines(&["市自然资源局"])), (Role::Support, lines(&["市民政局"]))]);
        assert_eq!(roles_in_cell(&lines(&["市民政局（牵头）、市财政局"])), None);
        assert_eq!(roles_in_cell(&lines(&["各县市区人民政府负责"])), None);
        assert_eq!(roles_in_cell(&lines(&["市民政局", "牵头单位：市财政局"])), None);
    }

    #[test]
    fn plain_prose_is_not_a_task_list() {
        assert!(read("1.今天天气很好。\n2.明天也好（见附件）").is_empty());
    }
}
