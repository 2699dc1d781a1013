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

/// Reads prose tasks from `(line, text)` pairs. Numbered items become tasks
/// only if some item of the text names units; otherwise the text is not a
/// task list and nothing is returned.
pub fn read_prose(lines: &[(u32, String)]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut chapter: Option<String> = None;
    let mut section: Option<String> = None;
    // Whether label lines may still attach to the last draft.
    let mut open = false;
    for (line, raw) in lines {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(parts) = labelled(text) {
            if let (true, Some(last)) = (open, drafts.last_mut()) {
                apply(last, *line, parts);
            }
            continue;
        }
        let assignment = trailing_assignment(text);
        if assignment.is_none() && text.chars().count() <= 40 {
            if shape::is_chapter_heading(text) {
                chapter = Some(shape::clean_line(text));
                section = None;
                open = false;
                continue;
            }
            if shape::is_section_heading(text) {
                section = Some(shape::clean_line(text));
                open = false;
                continue;
            }
        }
        let (body, parts) = match assignment {
            Some((body, parts)) => (body, Some(parts)),
            None => (text.to_string(), None),
        };
        let numbered = shape::numbered_item(&body).map(|(n, rest)| (n.to_string(), rest.to_string()));
        if parts.is_none() && numbered.is_none() {
            open = false;
            continue;
        }
        let (number, body) = match numbered {
            Some((n, rest)) => (Some(n), rest),
            None => (None, body),
        };
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
    fn plain_prose_is_not_a_task_list() {
        assert!(read("1.今天天气很好。\n2.明天也好（见附件）").is_empty());
    }
}
