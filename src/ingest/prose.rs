//! Prose shapes: tasks written as paragraphs or numbered items rather than
//! table rows. A task's units come from a trailing parenthesis
//! (`（牵头单位：…；配合单位：…）`, `〔责任单位：…〕`, `（X牵头，Y配合）`), from
//! labels after its text on the same line, from label lines under it
//! (`责任单位：…`, `完成时限：…`) — which apply to every item above them that
//! has no units yet, so one `（责任单位：…）` line can serve sub-items (1)…(4)
//! — or from a heading that names the lead unit of the items under it.
//!
//! This module must not split unit names; it hands unit text to the caller
//! as [`UnitCell`]s, with the label or verb that introduced them.

use super::content;
use super::draft::{Basis, Draft, UnitCell};
use super::shape::{self, Marker};
use super::units;
use super::vocab::{self, ColumnKind};

/// A unit list or a deadline, what it is, and what printed it so.
#[derive(Debug, Clone)]
pub struct Part {
    pub kind: ColumnKind,
    pub text: String,
    pub basis: Basis,
}

impl Part {
    fn new(kind: ColumnKind, text: impl Into<String>, basis: Basis) -> Part {
        Part { kind, text: text.into(), basis }
    }
}

/// Unit lists and deadlines with the word that introduced them.
type Parts = Vec<Part>;

fn from_labels(labels: Vec<vocab::Labelled>) -> Parts {
    labels.into_iter().map(|l| Part::new(l.kind, l.text, Basis::Label { label: l.label })).collect()
}

/// Splits `text` into clauses at separators outside parentheses.
fn clauses(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && matches!(c, '，' | ',' | '；' | ';' | '。') {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.retain(|c| !c.trim().is_empty());
    out
}

/// Units named with verbs: `X牵头，Y配合`, `X、Y负责`, `X牵头,Y按职责分工
/// 负责;Z负责落实`. Clauses without a verb share the next clause's verb
/// (`市民政局、市发改委，各县市区人民政府负责`); clauses left after the last
/// verb support a named lead. `None` unless every part reads as unit names.
pub fn with_verbs(text: &str) -> Option<Parts> {
    // Most unit cells name no verb: say so before reading clauses.
    if !vocab::names_a_verb(text) {
        return None;
    }
    let mut parts: Parts = Vec::new();
    let mut waiting: Vec<String> = Vec::new();
    for clause in clauses(text) {
        let clause = clause.trim().trim_start_matches('由');
        match vocab::trailing_verb(clause) {
            Some((kind, verb, units)) => {
                waiting.push(units.to_string());
                let names: Vec<String> = waiting.drain(..).filter(|w| !w.trim().is_empty()).collect();
                if names.is_empty() {
                    return None;
                }
                parts.push(Part::new(kind, names.join("，"), Basis::Verb { verb: verb.to_string() }));
            }
            None => {
                if let Some(labels) = vocab::labelled(clause) {
                    // A labelled clause beside a verb (`县教体局牵头；配合单位：县财政局`).
                    parts.extend(from_labels(labels));
                } else if content::is_deadline(clause) {
                    // A time among the clauses is the deadline: `X牵头，Y配合，
                    // 10月底前完成`.
                    parts.push(Part::new(ColumnKind::Deadline, clause, Basis::Verb { verb: String::new() }));
                } else {
                    waiting.push(clause.to_string());
                }
            }
        }
    }
    // Labels alone are read as labels, not here.
    if !parts.iter().any(|p| matches!(p.basis, Basis::Verb { .. }) && p.kind != ColumnKind::Deadline) {
        return None;
    }
    if !waiting.is_empty() {
        if !parts.iter().any(|p| p.kind == ColumnKind::Lead) {
            return None;
        }
        // Names left after `X牵头` support the lead (`X牵头，Y`).
        parts.push(Part::new(ColumnKind::Support, waiting.join("，"), Basis::Verb { verb: "牵头".into() }));
    }
    parts.iter().all(|p| p.kind == ColumnKind::Deadline || units::plausible_list(&p.text)).then_some(parts)
}

/// A parenthesis, label text or verb phrase that assigns units: labels
/// first, then verbs.
fn assignment(inner: &str) -> Option<Parts> {
    if let Some(labels) = vocab::labelled(inner) {
        return Some(from_labels(labels));
    }
    with_verbs(inner)
}

const BRACKETS: [(char, char); 5] = [('（', '）'), ('(', ')'), ('〔', '〕'), ('【', '】'), ('[', ']')];

/// Splits `text（…）` into the text and an assignment parenthesis.
fn trailing_assignment(text: &str) -> Option<(String, Parts)> {
    let t = text.trim().trim_end_matches(['。', '；', ';', '，', ',', ' ', '.']);
    let close = t.chars().last()?;
    let open_char = BRACKETS.iter().find(|(_, c)| *c == close)?.0;
    let inner_end = &t[..t.len() - close.len_utf8()];
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in inner_end.char_indices().rev() {
        if c == close || (close == '）' && c == ')') || (close == ')' && c == '）') {
            depth += 1;
        } else if c == open_char || (open_char == '（' && c == '(') || (open_char == '(' && c == '（') {
            if depth == 0 {
                open = Some(i);
                break;
            }
            depth -= 1;
        }
    }
    let open = open?;
    let inner = &inner_end[open + inner_end[open..].chars().next()?.len_utf8()..];
    let parts = assignment(inner)?;
    Some((inner_end[..open].trim().to_string(), parts))
}

/// Labels printed after the task on the same line, outside parentheses:
/// `加强督导。牵头单位：市民政局；配合单位：市财政局`.
fn inline_labels(text: &str) -> Option<(String, Parts)> {
    let t = text.trim();
    let mut depth = 0usize;
    for (i, c) in t.char_indices() {
        // The depth before this character: a label may open with 【.
        let outside = depth == 0;
        match c {
            '（' | '(' | '〔' | '【' | '[' => depth += 1,
            '）' | ')' | '〕' | '】' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let after_separator =
            t[..i].ends_with(['。', '；', ';', ' ', '\u{3000}', '，', ',']) || t[i..].starts_with('【');
        // A label after spaces is looked for where the spaces end.
        if i == 0 || !outside || !after_separator || matches!(c, ' ' | '\u{3000}') {
            continue;
        }
        if vocab::label_at(&t[i..]).is_some() {
            let parts = from_labels(vocab::labelled(&t[i..])?);
            return Some((t[..i].trim().to_string(), parts));
        }
    }
    None
}

/// Units named by a closing sentence of their own: `…重大问题。市委组织部、
/// 市人社局负责。`
fn trailing_sentence(text: &str) -> Option<(String, Parts)> {
    let t = text.trim().trim_end_matches(['。', '；', ';', ' ']);
    let cut = t.rfind(['。', '；', ';'])?;
    let sentence = &t[cut + t[cut..].chars().next()?.len_utf8()..];
    let parts = with_verbs(sentence)?;
    Some((t[..cut + t[cut..].chars().next()?.len_utf8()].to_string(), parts))
}

/// Units named before the task and a colon: `市民政局：制定…`,
/// `市民政局（牵头）、市卫生健康委：推动…`.
fn leading_units(text: &str) -> Option<(String, Parts)> {
    let whole = text.trim();
    // Only a numbered item opens with its units: an unnumbered `各区、各部门：`
    // addresses a notice. The item's number stays in front of what is left.
    let (_, _, t) = shape::marker(whole)?;
    let number = &whole[..whole.len() - t.len()];
    let colon = t.find(['：', ':'])?;
    let head = &t[..colon];
    if head.chars().count() > 60 || vocab::label_at(t).is_some() || head.contains(['。', '，', ',']) {
        return None;
    }
    let body = t[colon + t[colon..].chars().next().map_or(1, char::len_utf8)..].trim();
    (units::plausible_list(head) && body.chars().count() >= 4).then(|| {
        (format!("{number}{body}"), vec![Part::new(ColumnKind::Responsible, head, Basis::BeforeColon)])
    })
}

/// The units a task paragraph names itself, and its text without them:
/// a closing parenthesis, labels after the text, a closing sentence with a
/// verb, units before a colon, in any combination.
fn own_assignment(text: &str) -> Option<(String, Parts)> {
    let mut body = text.trim().to_string();
    let mut parts: Parts = Vec::new();
    for read in [trailing_assignment, inline_labels, trailing_sentence, leading_units] {
        if let Some((rest, found)) = read(&body) {
            body = rest;
            parts.extend(found);
        }
    }
    (!parts.is_empty()).then_some((body, parts))
}

/// Roles written inside a unit cell: label lines (`牵头单位：A` /
/// `配合单位：B`, unlabelled lines continuing the label above) or verbs
/// (`A牵头，B配合`). `None` when the cell is a plain list, whose role is its
/// column's. Deadline labels are left to the deadline column.
pub fn roles_in_cell(lines: &[String]) -> Option<Vec<(ColumnKind, Basis, Vec<String>)>> {
    let mut groups: Vec<(ColumnKind, Basis, Vec<String>)> = Vec::new();
    for line in lines {
        match vocab::labelled(line.trim()) {
            Some(labels) => groups.extend(
                labels
                    .into_iter()
                    .filter(|l| l.kind.is_units())
                    .map(|l| (l.kind, Basis::Label { label: l.label }, vec![l.text])),
            ),
            None => match groups.last_mut() {
                Some(group) => group.2.push(line.clone()),
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
    (parts.len() > 1).then(|| parts.into_iter().map(|p| (p.kind, p.basis, vec![p.text])).collect())
}

/// Lines that end a list: an attachment mark, a remark, or the title of the
/// table that follows (…分工表, …清单).
fn ends_list(text: &str) -> bool {
    shape::is_table_title(text) || shape::is_note(text)
}

/// Whether `text` opens a parenthesis it does not close.
fn unclosed(text: &str) -> bool {
    let opened = text.chars().filter(|c| matches!(c, '（' | '(' | '〔' | '【')).count();
    opened > text.chars().filter(|c| matches!(c, '）' | ')' | '〕' | '】')).count()
}

/// Headings are short; a long `（一）…` paragraph is an item of its own.
const MAX_HEADING_CHARS: usize = 40;

/// Label lines one block shares with all the items above it.
const MAX_SHARED_LABEL_LINES: usize = 8;

/// The longest item text (in UTF-8 bytes, about 1,300 characters) still
/// waiting for its wrapped lines.
const MAX_WRAPPED_BYTES: usize = 4_000;

struct Item {
    draft: Draft,
    marker: Option<Marker>,
    /// Units named by the heading the item sits under, for when it names none.
    inherited: Option<(u32, Parts)>,
}

#[derive(Default)]
struct Reader {
    items: Vec<Item>,
    chapter: Option<String>,
    section: Option<String>,
    /// A numbered item turned heading because sub-items follow it.
    measure: Option<String>,
    /// Units a heading names for the items under it (`（一）市发改委牵头`),
    /// with the marker of that heading.
    scope_units: Option<(Marker, u32, Parts)>,
    /// Items the current block of label lines applies to.
    targets: Vec<usize>,
    in_labels: bool,
    /// Label lines read in the current block.
    block_lines: usize,
    /// The printed text of the last item while it waits for the rest of its
    /// wrapped lines (Chinese wraps anywhere).
    wrapping: Option<String>,
    /// The last heading or plain paragraph, which is a task after all when
    /// label lines follow it directly.
    candidate: Option<Candidate>,
    /// Whether the last thing read was an item (or its wrapped lines).
    after_item: bool,
}

/// A heading or paragraph that may turn out to be a task, with the
/// headings that were in force above it.
struct Candidate {
    line: u32,
    text: String,
    marker: Option<Marker>,
    chapter: Option<String>,
    section: Option<String>,
}

impl Reader {
    fn line(&mut self, line: u32, text: &str) {
        if text.is_empty() {
            return;
        }
        // Inside a wrapped parenthesis a line such as `配合单位：…）` is its
        // rest, not a label line.
        let in_parenthesis = self.wrapping.as_deref().is_some_and(unclosed);
        if !in_parenthesis {
            if let Some(parts) = vocab::labelled(text) {
                self.labels(line, from_labels(parts));
                return;
            }
            // A line that is only an assignment parenthesis: `（责任单位：…）`.
            if let Some((body, parts)) = trailing_assignment(text) {
                if body.is_empty() {
                    self.labels(line, parts);
                    return;
                }
            }
        }
        self.in_labels = false;
        let marked = shape::marker(text);
        let own = own_assignment(text);
        if let (Some((m @ (Marker::Chapter | Marker::Section), _, body)), None) = (marked, &own) {
            if text.chars().count() <= MAX_HEADING_CHARS {
                self.heading(line, text, m, body);
                return;
            }
        }
        let continues = self.wrapping.is_some() && marked.is_none() && !ends_list(text);
        if continues {
            self.continue_item(line, text);
            return;
        }
        self.wrapping = None;
        if marked.is_none() && own.is_none() {
            self.candidate = Some(self.candidate_here(line, text, None));
            self.after_item = false;
            return;
        }
        self.item(line, text, marked.map(|(m, n, _)| (m, n.to_string())), own);
    }

    fn candidate_here(&self, line: u32, text: &str, marker: Option<Marker>) -> Candidate {
        Candidate {
            line,
            text: text.to_string(),
            marker,
            chapter: self.chapter.clone(),
            section: self.section.clone(),
        }
    }

    fn heading(&mut self, line: u32, text: &str, marker: Marker, body: &str) {
        let candidate = self.candidate_here(line, text, Some(marker));
        self.after_item = false;
        let cleaned = shape::clean_line(text);
        let cleaned_heading = cleaned.clone();
        if marker == Marker::Chapter {
            self.chapter = Some(cleaned);
            self.section = None;
        } else {
            self.section = Some(cleaned);
        }
        self.measure = None;
        self.wrapping = None;
        if self.scope_units.as_ref().is_some_and(|(m, _, _)| *m == marker || marker == Marker::Chapter) {
            self.scope_units = None;
        }
        // A heading that names units (`（一）市发展改革委牵头`, `一、县教育局`,
        // `县扶贫办牵头的任务`) gives them to the items under it that name no
        // lead of their own.
        let body = ["的任务", "的工作", "的事项", "任务", "事项"]
            .iter()
            .find_map(|w| body.trim_end_matches(['：', ':', '。']).strip_suffix(w))
            .unwrap_or(body);
        let heading = Basis::Heading { heading: cleaned_heading.clone() };
        let named = with_verbs(body)
            .map(|parts| parts.into_iter().map(|p| Part { basis: heading.clone(), ..p }).collect())
            .or_else(|| {
                let bare = body.trim_end_matches(['：', ':', '。']);
                units::plausible_list(bare).then(|| vec![Part::new(ColumnKind::Lead, bare, heading.clone())])
            });
        if let Some(parts) = named {
            self.scope_units = Some((marker, line, parts));
        }
        self.candidate = Some(candidate);
    }

    fn item(
        &mut self,
        line: u32,
        text: &str,
        marked: Option<(Marker, String)>,
        own: Option<(String, Parts)>,
    ) {
        let marker = marked.as_ref().map(|(m, _)| *m);
        // An item directly followed by items of another marker is their
        // heading (1.完善应急预案体系 over (1)…(4)).
        if let (Some(m), Some(last), true) = (marker, self.items.last(), self.after_item) {
            if last.draft.units.is_empty() && last.marker.is_some_and(|lm| lm != m) {
                if let Some(last) = self.items.pop() {
                    self.measure = Some(last.draft.text);
                }
            }
        }
        let (body, parts) = match own {
            Some((body, parts)) => (body, Some(parts)),
            None => (text.to_string(), None),
        };
        let (number, body) = match shape::marker(&body) {
            Some((_, n, rest)) => (Some(n.to_string()), rest.to_string()),
            None => (marked.map(|(_, n)| n), body),
        };
        let mut draft = Draft {
            line,
            last_line: line,
            number,
            chapter: self.chapter.clone(),
            section: self.section.clone(),
            measure: self.measure.clone(),
            text: shape::clean_line(&body),
            ..Draft::default()
        };
        let named = parts.is_some();
        if let Some(parts) = parts {
            apply(&mut draft, line, parts);
        }
        self.wrapping = (!named).then_some(body);
        let inherited = self.scope_units.as_ref().map(|(_, l, p)| (*l, p.clone()));
        self.items.push(Item { draft, marker, inherited });
        self.targets.clear();
        self.candidate = None;
        self.after_item = true;
    }

    fn continue_item(&mut self, line: u32, text: &str) {
        let (Some(printed), Some(last)) = (self.wrapping.as_mut(), self.items.last_mut()) else { return };
        if printed.len() > MAX_WRAPPED_BYTES {
            // No item wraps this far: the lines are a text of their own, and
            // re-reading the growing item for its parenthesis would take the
            // square of its length.
            self.wrapping = None;
            return;
        }
        printed.push_str(text);
        last.draft.last_line = line;
        match own_assignment(printed) {
            Some((body, parts)) => {
                last.draft.text = shape::clean_line(&body);
                apply(&mut last.draft, line, parts);
                self.wrapping = None;
            }
            None => last.draft.text = shape::clean_line(printed),
        }
    }

    /// Label lines: they apply to the items above that have no units yet,
    /// else to the last item; a heading or paragraph right above them is a
    /// task itself.
    fn labels(&mut self, line: u32, parts: Parts) {
        if !self.in_labels {
            self.targets = self.pending();
            if self.targets.is_empty() {
                if let Some(c) = self.candidate.take() {
                    // The heading or paragraph was this task: the headings
                    // above it are its context.
                    if c.marker.is_some() {
                        self.chapter = c.chapter.clone();
                        self.section = c.section.clone();
                    }
                    let (number, body) = match shape::marker(&c.text) {
                        Some((_, n, rest)) => (Some(n.to_string()), rest.to_string()),
                        None => (None, c.text.clone()),
                    };
                    self.items.push(Item {
                        draft: Draft {
                            line: c.line,
                            number,
                            chapter: c.chapter,
                            section: c.section,
                            measure: self.measure.clone(),
                            text: shape::clean_line(&body),
                            ..Draft::default()
                        },
                        marker: c.marker,
                        inherited: None,
                    });
                    self.targets = vec![self.items.len() - 1];
                } else if !self.items.is_empty() {
                    self.targets = vec![self.items.len() - 1];
                }
            }
        }
        if !self.in_labels {
            self.block_lines = 0;
        }
        self.block_lines += 1;
        // A block names a few labels (牵头, 配合, 时限). Past that the lines
        // are a list of their own, and sharing each with every item above
        // would grow the output with the square of the document.
        if self.block_lines > MAX_SHARED_LABEL_LINES {
            self.targets.clear();
            self.targets.extend(self.items.len().checked_sub(1));
        }
        self.in_labels = true;
        self.wrapping = None;
        self.candidate = None;
        self.after_item = false;
        for &i in &self.targets {
            apply(&mut self.items[i].draft, line, parts.clone());
        }
    }

    /// The trailing run of items without units.
    fn pending(&self) -> Vec<usize> {
        let mut out: Vec<usize> =
            (0..self.items.len()).rev().take_while(|&i| self.items[i].draft.units.is_empty()).collect();
        out.reverse();
        out
    }

    fn finish(self) -> Vec<Draft> {
        let mut items = self.items;
        for item in &mut items {
            let has_lead = item.draft.units.iter().any(|u| u.kind != ColumnKind::Support);
            if !has_lead {
                if let Some((line, parts)) = item.inherited.take() {
                    // The heading's units lead; the item's own support them.
                    let own = std::mem::take(&mut item.draft.units);
                    apply(&mut item.draft, line, parts);
                    item.draft.units.extend(own);
                }
            }
        }
        if !items.iter().any(|i| !i.draft.units.is_empty()) {
            return Vec::new();
        }
        // Items of a kind that never names units (a notice's own numbered
        // points) are not tasks; a unit-less item among tasks is kept.
        let naming: Vec<Option<Marker>> =
            items.iter().filter(|i| !i.draft.units.is_empty()).map(|i| i.marker).collect();
        items.into_iter().filter(|i| naming.contains(&i.marker)).map(|i| i.draft).collect()
    }
}

fn apply(draft: &mut Draft, line: u32, parts: Parts) {
    for Part { kind, text, basis } in parts {
        match kind {
            k if k.is_units() && !text.trim().is_empty() => {
                draft.units.push(UnitCell { kind, basis, line, lines: vec![text] })
            }
            ColumnKind::Deadline => draft.deadline = Some(shape::clean_line(&text)),
            _ => {}
        }
        draft.last_line = draft.last_line.max(line);
    }
}

/// Reads prose tasks from `(line, text)` pairs. Numbered items become tasks
/// only if some item of the text names units; otherwise the text is not a
/// task list and nothing is returned.
///
/// A numbered item (`1.`, `（1）`, `一是`, a long `（一）…`) may wrap onto
/// further lines: it runs until its unit parenthesis closes, a label line,
/// a heading, or the next numbered item. The parenthesis itself may wrap
/// too, so it is looked for in the item's lines joined.
pub fn read_prose(lines: &[(u32, String)]) -> Vec<Draft> {
    let mut reader = Reader::default();
    for (line, raw) in lines {
        reader.line(*line, raw.trim());
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKind::*;

    fn read(text: &str) -> Vec<Draft> {
        let lines: Vec<(u32, String)> =
            text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect();
        read_prose(&lines)
    }

    fn units(d: &Draft) -> Vec<(ColumnKind, &str)> {
        d.units.iter().map(|u| (u.kind, u.lines[0].as_str())).collect()
    }

    #[test]
    fn trailing_parenthesis_with_verbs() {
        let d = read("加强督导。(市民政局、市发改委,各县市区人民政府负责)");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].text, "加强督导。");
        assert_eq!(units(&d[0]), [(Responsible, "市民政局、市发改委，各县市区人民政府")]);
        let d = read("1.建立制度。（市民政局牵头，市财政局、市人社局配合）");
        assert_eq!(d[0].number.as_deref(), Some("1"));
        assert_eq!(units(&d[0]), [(Lead, "市民政局"), (Support, "市财政局、市人社局")]);
        let d = read("（二）明确职责。（自治区住房城乡建设厅牵头,联席会议成员单位按职责分工负责;各盟行政公署、市人民政府负责落实。）");
        assert_eq!(
            units(&d[0]),
            [
                (Lead, "自治区住房城乡建设厅"),
                (Responsible, "联席会议成员单位"),
                (Responsible, "各盟行政公署、市人民政府")
            ]
        );
        let d = read("(8)落实资助政策。(县教体局牵头;配合单位:县财政局;完成时限:2018年9月底)");
        assert_eq!(units(&d[0]), [(Lead, "县教体局"), (Support, "县财政局")]);
        assert_eq!(d[0].deadline.as_deref(), Some("2018年9月底"));
        assert!(read("1.今天天气很好。\n2.明天也好（见附件）").is_empty());
        assert!(read("1.做好宣传（市、县两级负责）").is_empty());
    }

    #[test]
    fn labels_in_parenthesis_and_lines() {
        let d = read("一、总体\n1.任务一（牵头单位：市民政局；配合单位：市财政局）\n2.任务二\n责任单位：市卫健委\n完成时限：2020年底前\n3.任务三〔牵头单位：市人社局，责任单位：各县政府〕");
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].chapter.as_deref(), Some("一、总体"));
        assert_eq!(units(&d[1]), [(Responsible, "市卫健委")]);
        assert_eq!(d[1].deadline.as_deref(), Some("2020年底前"));
        assert_eq!(units(&d[2]), [(Lead, "市人社局"), (Responsible, "各县政府")]);
    }

    #[test]
    fn long_section_items_and_inline_labels() {
        let d = read("一、破除门槛\n(一)推进完善PPP健康运行长效机制和基础性制度建设,加强存量项目监管,规范有序推进项目建设。\n责任单位:市发改委、市财政局\n时限要求:持续推进\n(二)严格落实招投标政策。\n责任单位:市建设局\n4.加强监管。牵头单位：市市场监管局；配合单位：市公安局");
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!((d[0].number.as_deref(), d[0].deadline.as_deref()), (Some("一"), Some("持续推进")));
        assert_eq!(d[1].text, "严格落实招投标政策。");
        assert_eq!(d[1].chapter.as_deref(), Some("一、破除门槛"));
        assert_eq!(d[2].text, "加强监管。");
        assert_eq!(units(&d[2]), [(Lead, "市市场监管局"), (Support, "市公安局")]);
    }

    #[test]
    fn units_in_a_closing_sentence_or_before_a_colon() {
        let d = read("（一）加强组织领导。成立领导小组，定期研究重大问题。市委组织部、市人社局负责。\n（二）实施工匠计划。市人社局、市总工会，各县（区）人民政府负责。");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].text, "加强组织领导。成立领导小组，定期研究重大问题。");
        assert_eq!(units(&d[0]), [(Responsible, "市委组织部、市人社局")]);
        let d = read("1.市民政局：制定基本养老服务清单。（完成时限：2021年6月底前）\n2.市民政局（牵头）、市卫生健康委：推动签约合作。");
        assert_eq!(d[0].text, "制定基本养老服务清单。");
        assert_eq!(d[0].deadline.as_deref(), Some("2021年6月底前"));
        assert_eq!(units(&d[0]), [(Responsible, "市民政局")]);
        assert_eq!(units(&d[1]), [(Responsible, "市民政局（牵头）、市卫生健康委")]);
        let d = read("1.推动政策落地，新增市场主体1.2万户。【牵头单位】区营商环境建设局【配合部门】区市场监管局【完成时限】2021年12月\n2.加快楼宇经济发展。\n【牵头单位】区商务局【配合部门】金贸街道");
        assert_eq!(units(&d[0]), [(Lead, "区营商环境建设局"), (Support, "区市场监管局")]);
        assert_eq!(d[0].deadline.as_deref(), Some("2021年12月"));
        assert_eq!(units(&d[1]), [(Lead, "区商务局"), (Support, "金贸街道")]);
    }

    #[test]
    fn one_unit_line_serves_the_sub_items_above_it() {
        let d = read("(一)“一案三制”建设\n1.完善应急预案体系\n(1)加强应急预案管理。\n(2)推进应急预案精编化。\n(责任单位:市直各有关单位、各县(市、区)人民政府)\n2.健全体制\n(1)完善机制。\n(责任单位:市应急局)");
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.iter().all(|t| t.units.len() == 1));
        assert_eq!(d[0].measure.as_deref(), Some("完善应急预案体系"));
        assert_eq!(d[2].measure.as_deref(), Some("健全体制"));
        assert_eq!(units(&d[2]), [(Responsible, "市应急局")]);
    }

    #[test]
    fn headings_name_the_lead_of_their_items() {
        let d = read("（一）市发展改革委牵头\n1.编制规划。\n2.推进项目。（市财政局负责）\n（二）其他任务\n3.加强宣传。（市委宣传部负责）");
        assert_eq!(d.len(), 3);
        assert_eq!(units(&d[0]), [(Lead, "市发展改革委")]);
        assert_eq!(units(&d[1]), [(Responsible, "市财政局")]);
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
        let kinds = |r: Vec<(ColumnKind, Basis, Vec<String>)>| {
            r.into_iter().map(|(k, _, l)| (k, l)).collect::<Vec<_>>()
        };
        let r = kinds(
            roles_in_cell(&lines(&["牵头单位：市民政局、", "市财政局", "配合单位：市发改委"])).unwrap(),
        );
        assert_eq!(r[0], (Lead, lines(&["市民政局、", "市财政局"])));
        assert_eq!(r[1], (Support, lines(&["市发改委"])));
        let r = kinds(roles_in_cell(&lines(&["市自然资源局牵头，", "市民政局配合"])).unwrap());
        assert_eq!(r, vec![(Lead, lines(&["市自然资源局"])), (Support, lines(&["市民政局"]))]);
        assert_eq!(roles_in_cell(&lines(&["市民政局（牵头）、市财政局"])), None);
        assert_eq!(roles_in_cell(&lines(&["各县市区人民政府负责"])), None);
        assert_eq!(roles_in_cell(&lines(&["市民政局", "牵头单位：市财政局"])), None);
    }
}
