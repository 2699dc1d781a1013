//! The reader's vocabulary: every word that names a column (序号, 牵头单位,
//! 完成时限 …), labels a list (`配合单位：…`) or says with a verb what part a
//! unit plays (`X牵头，Y配合`). Header cells, prose labels, unit cells and
//! parentheses all read this one table, so a role word means the same
//! wherever it is printed.
//!
//! Words are matched on simplified text without spaces (`牵 头 单 位` is
//! 牵头单位); the reader simplifies traditional characters before it asks.
//!
//! This module must not look at documents: it only answers what a word means.

use std::collections::HashMap;

use super::shape;
use crate::model::Role;

/// What a header cell or a label names. Glossary: 工作措施/项目 → measure,
/// 工作任务 → task, 具体内容/工作要求 → detail, 牵头单位 → lead,
/// 责任单位 → responsible, 配合单位 → support, 完成时限 → deadline,
/// 分管领导/责任人 → person (an official's name, never a unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Number,
    Measure,
    Task,
    Detail,
    /// 牵头单位: the units that lead.
    Lead,
    /// 第一责任单位, 主办单位: lead units too, but naming them does not make
    /// a 责任单位 column support units (their 责任 is shared, not assisting).
    Primary,
    /// 责任单位, 责任部门: lead units, unless the same table or item also
    /// names 牵头 units, which makes them support units (see [`resolve_role`]).
    Responsible,
    /// 配合单位, 协办单位, 参与单位 …
    Support,
    Deadline,
    /// 分管领导, 责任人: people, skipped.
    Person,
    /// 备注 and other columns the reader keeps no field for.
    Other,
}

impl ColumnKind {
    /// The usual header word of the kind, for a column whose printed word
    /// is not known.
    pub fn word(self) -> &'static str {
        match self {
            ColumnKind::Number => "序号",
            ColumnKind::Measure => "工作措施",
            ColumnKind::Task => "工作任务",
            ColumnKind::Detail => "具体内容",
            ColumnKind::Lead => "牵头单位",
            ColumnKind::Primary => "第一责任单位",
            ColumnKind::Responsible => "责任单位",
            ColumnKind::Support => "配合单位",
            ColumnKind::Deadline => "完成时限",
            ColumnKind::Person => "分管领导",
            ColumnKind::Other => "备注",
        }
    }

    /// Whether the column or label lists units.
    pub fn is_units(self) -> bool {
        matches!(self, ColumnKind::Lead | ColumnKind::Primary | ColumnKind::Responsible | ColumnKind::Support)
    }
}

/// The role a unit list plays, given whether its table or item names 牵头
/// units elsewhere: 责任单位 lead alone, but support beside 牵头单位.
pub fn resolve_role(kind: ColumnKind, has_lead_word: bool) -> Option<Role> {
    match kind {
        ColumnKind::Lead | ColumnKind::Primary => Some(Role::Lead),
        ColumnKind::Responsible if has_lead_word => Some(Role::Support),
        ColumnKind::Responsible => Some(Role::Lead),
        ColumnKind::Support => Some(Role::Support),
        _ => None,
    }
}

use ColumnKind::*;

/// Header and label words. A header cell is one of these plus at most a
/// short qualifier (区政府分管领导, 完成时限（年）); the longest word found
/// decides, so 牵头领导 is a person and 牵头责任单位 a lead.
const WORDS: &[(&str, ColumnKind)] = &[
    ("序号", Number),
    ("编号", Number),
    ("序", Number),
    ("工作措施", Measure),
    ("主要措施", Measure),
    ("具体措施", Measure),
    ("措施", Measure),
    ("项目", Measure),
    ("项目名称", Measure),
    ("类别", Measure),
    ("工作类别", Measure),
    ("领域", Measure),
    ("工作任务", Task),
    ("重点任务", Task),
    ("主要任务", Task),
    ("目标任务", Task),
    ("任务名称", Task),
    ("任务", Task),
    ("重点工作", Task),
    ("工作事项", Task),
    ("事项", Task),
    ("民生实事", Task),
    ("实事项目", Task),
    ("具体内容", Detail),
    ("主要内容", Detail),
    ("工作内容", Detail),
    ("建设内容", Detail),
    ("工作要求", Detail),
    ("具体要求", Detail),
    ("目标要求", Detail),
    ("指标要求", Detail),
    ("任务要求", Detail),
    ("工作目标", Detail),
    ("目标", Detail),
    ("完成标准", Detail),
    ("工作标准", Detail),
    ("牵头单位", Lead),
    ("牵头部门", Lead),
    ("牵头责任单位", Lead),
    ("牵头责任部门", Lead),
    ("牵头", Lead),
    ("牵头科室", Lead),
    ("牵头处室", Lead),
    ("牵头股室", Lead),
    ("第一责任单位", Primary),
    ("主要责任单位", Primary),
    ("主责单位", Primary),
    ("主责部门", Primary),
    ("负责单位", Primary),
    ("负责部门", Primary),
    ("承办单位", Primary),
    ("主办单位", Primary),
    ("主责", Primary),
    ("主办", Primary),
    // A project list's builder or owner answers for the project.
    ("建设单位", Primary),
    ("实施主体", Primary),
    ("责任单位", Responsible),
    ("责任部门", Responsible),
    ("责任主体", Responsible),
    ("责任科室", Responsible),
    ("责任处室", Responsible),
    ("责任股室", Responsible),
    ("责任村", Responsible),
    // Lead and support labelled in one cell: 牵头：X；配合：Y.
    ("责任分工", Responsible),
    ("任务分工", Responsible),
    ("责任社区", Responsible),
    ("责任乡镇", Responsible),
    ("实施单位", Responsible),
    ("落实单位", Responsible),
    // The communities that carry out a 责任科室's task support it.
    ("落实社区", Support),
    ("配合单位", Support),
    ("配合部门", Support),
    ("配合", Support),
    ("配合科室", Support),
    ("配合处室", Support),
    ("协办单位", Support),
    ("协办部门", Support),
    ("协作单位", Support),
    ("协作部门", Support),
    ("主要协作单位", Support),
    ("协同单位", Support),
    ("协同", Support),
    ("协办", Support),
    ("协同部门", Support),
    ("协助单位", Support),
    ("参与单位", Support),
    ("参与部门", Support),
    ("参加单位", Support),
    ("完成时限", Deadline),
    ("完成时间", Deadline),
    ("完成期限", Deadline),
    ("时间进度", Deadline),
    ("进度安排", Deadline),
    ("进度要求", Deadline),
    ("时间安排", Deadline),
    ("时间节点", Deadline),
    ("时限要求", Deadline),
    ("截止时间", Deadline),
    ("时限", Deadline),
    ("期限", Deadline),
    ("进度", Deadline),
    ("时间", Deadline),
    ("日期", Deadline),
    // A column per period under a 时间节点 group: 一季度, 上半年.
    ("季度", Deadline),
    ("上半年", Deadline),
    ("下半年", Deadline),
    ("分管领导", Person),
    ("牵头领导", Person),
    ("责任领导", Person),
    ("包联领导", Person),
    ("督办领导", Person),
    ("领导", Person),
    ("责任人", Person),
    ("联系人", Person),
    ("备注", Other),
    ("目标类型", Other),
    ("类型", Other),
    ("完成情况", Other),
    // What shows a task done (协议签订, 项目投产): outcomes, not units.
    ("完成标志", Other),
    ("标志性成果", Other),
    ("成果形式", Other),
    ("督办单位", Other),
    ("督查单位", Other),
    ("分值", Other),
    ("任务来源", Other),
    ("来源", Other),
    ("预期成效", Other),
    ("预期效果", Other),
    ("成效", Other),
    ("考核指标", Other),
    ("评价指标", Other),
    ("绩效指标", Other),
];

/// How many characters a header cell may add to its word (区政府分管领导).
const QUALIFIER_CHARS: usize = 3;

/// Header cells are short; anything longer is body text.
pub const MAX_HEADER_CHARS: usize = 10;

/// Characters other than spaces and those in parentheses.
fn printed_len_outside_parentheses(chars: impl Iterator<Item = char>) -> usize {
    let mut depth = 0usize;
    let mut n = 0;
    for c in chars {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() && c != '\u{3000}' => n += 1,
            _ => {}
        }
    }
    n
}

/// A header cell without the remark in parentheses after its word
/// (`责任村（社区）`, `完成时限（月）`).
fn without_remark(cell: &str) -> String {
    match cell.find(['（', '(']) {
        Some(open) if open > 0 && cell.ends_with(['）', ')']) => cell[..open].to_string(),
        _ => cell.to_string(),
    }
}

/// Whether `text` is a header word exactly as the vocabulary lists it.
pub fn is_header_word(text: &str) -> bool {
    let w = shape::squash(text);
    WORDS.iter().any(|(word, _)| *word == w)
}

/// Whether a cell of these characters is too long to name a column:
/// [`header_kind`]'s first test, which a caller holding a cell's printed
/// lines can ask before joining them (spaces do not count).
pub fn too_long_for_header(chars: impl Iterator<Item = char>) -> bool {
    printed_len_outside_parentheses(chars) > MAX_HEADER_CHARS
}

/// The kind a header cell names, if it is one.
pub fn header_kind(cell: &str) -> Option<ColumnKind> {
    // Most cells are body text: count before building anything.
    if too_long_for_header(cell.chars()) {
        return None;
    }
    let w = without_remark(&shape::squash(cell));
    // Columns of one kind may be numbered: 配合单位1, 配合单位2.
    let w = w.trim_end_matches([':', '：']).trim_end_matches(|c: char| c.is_ascii_digit());
    let len = w.chars().count();
    // A header word is words only: `3 重点任务` is a table of contents.
    if w.is_empty()
        || len > MAX_HEADER_CHARS
        || w.contains([':', '：', '。', '，', ',', '；', '、'])
        || w.starts_with(['（', '('])
        || w.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    // The word that ends the cell names it (牵头市领导 is a person, 目标与
    // 任务 a task), and may carry a longer qualifier (民心工程项目); then the
    // longest word; ties go to the word listed first.
    let chars: Vec<char> = w.chars().collect();
    let by_last = words_by_last_char();
    // The words in the cell, found where each ends: only words ending in
    // one of the cell's characters can be there. (length, ends the cell,
    // place in WORDS, kind)
    let mut found: Vec<(usize, bool, usize, ColumnKind)> = Vec::new();
    for end in 1..=chars.len() {
        for (word, kind, order) in by_last.get(&chars[end - 1]).into_iter().flatten() {
            let n = word.len();
            if n > end || chars[end - n..end] != word[..] {
                continue;
            }
            let extra = len - n;
            let ends = end == chars.len();
            if extra <= qualifier_for(n) || (ends && extra <= qualifier_for(n) + 1) {
                found.push((n, ends, *order, *kind));
            }
        }
    }
    found
        .into_iter()
        .max_by_key(|(n, ends, order, _)| (*ends, *n, std::cmp::Reverse(*order)))
        .map(|(.., kind)| kind)
}

/// How many qualifier characters a word of `word_chars` characters takes:
/// a one-character word (序) is a header only by itself.
fn qualifier_for(word_chars: usize) -> usize {
    if word_chars == 1 {
        0
    } else {
        QUALIFIER_CHARS
    }
}

/// Characters of `run` (from [`split_header_run`]) that qualify a word
/// rather than belong to one (区政府 in 区政府分管领导).
pub fn qualifier_chars_of(run: &[(String, ColumnKind)]) -> usize {
    run.iter()
        .map(|(cell, _)| {
            let longest =
                WORDS.iter().filter(|(w, _)| cell.ends_with(w)).map(|(w, _)| w.chars().count()).max();
            cell.chars().count() - longest.unwrap_or(0)
        })
        .sum()
}

/// Each word as characters, with its kind and its place in [`WORDS`].
type WordsByLastChar = HashMap<char, Vec<(Vec<char>, ColumnKind, usize)>>;

/// [`WORDS`] as characters, grouped by their last character: the header
/// run reader asks which words end at each position of every row.
fn words_by_last_char() -> &'static WordsByLastChar {
    static BY_LAST: std::sync::OnceLock<WordsByLastChar> = std::sync::OnceLock::new();
    BY_LAST.get_or_init(|| {
        let mut by_last = WordsByLastChar::new();
        for (order, (word, kind)) in WORDS.iter().enumerate() {
            let chars: Vec<char> = word.chars().collect();
            by_last
                .entry(*chars.last().expect("header words are not empty"))
                .or_default()
                .push((chars, *kind, order));
        }
        by_last
    })
}

/// Splits a run of header words printed together (`序号项目名称主要内容
/// 牵头单位`, or a letter-spaced `重 点 任 务 责 任 部 门` squashed) into
/// cells, or `None` when the text is not wholly header words. Each cell is
/// a vocabulary word with at most a short qualifier before it; among the
/// readings the one with the fewest qualifier characters wins.
pub fn split_header_run(text: &str) -> Option<Vec<(String, ColumnKind)>> {
    split_header_run_of(|| text.chars())
}

/// [`split_header_run`] of a cell's printed lines run together.
pub fn split_header_run_of_lines(lines: &[String]) -> Option<Vec<(String, ColumnKind)>> {
    split_header_run_of(|| lines.iter().flat_map(|l| l.chars()))
}

/// [`split_header_run`] of the characters `text` gives (it is asked twice:
/// once for a prefix, once whole), so callers need not join lines or cells.
pub fn split_header_run_of<I: Iterator<Item = char>>(
    text: impl Fn() -> I,
) -> Option<Vec<(String, ColumnKind)>> {
    let squashed = || text().filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '|');
    // Most texts asked are body cells: whether any reading gets past the
    // first MAX_HEADER_CHARS characters decides them, and the readings are
    // built from the left, so that prefix answers without allocating.
    let mut prefix = ['\0'; MAX_HEADER_CHARS];
    let mut n = 0;
    for c in squashed() {
        if n < MAX_HEADER_CHARS {
            prefix[n] = c;
        }
        n += 1;
    }
    if !(4..=120).contains(&n) {
        return None;
    }
    if n > MAX_HEADER_CHARS {
        let mut best = [None; MAX_HEADER_CHARS + 1];
        let mut back = [(0, Other); MAX_HEADER_CHARS + 1];
        best[0] = Some((0, 0));
        for end in 1..=MAX_HEADER_CHARS {
            read_word_ending_at(&prefix, end, &mut best, &mut back);
        }
        if best[1..].iter().all(Option::is_none) {
            return None;
        }
    }
    let chars: Vec<char> = squashed().collect();
    // best[i] = (qualifier chars, cells) of the best reading of chars[..i].
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    let mut back: Vec<(usize, ColumnKind)> = vec![(0, Other); n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        // No reading reaches this far: the text is not header words.
        if best[end.saturating_sub(MAX_HEADER_CHARS)..end].iter().all(Option::is_none) {
            return None;
        }
        read_word_ending_at(&chars, end, &mut best, &mut back);
    }
    best[n]?;
    let mut cells = Vec::new();
    let mut end = n;
    while end > 0 {
        let (start, kind) = back[end];
        cells.push((chars[start..end].iter().collect(), kind));
        end = start;
    }
    cells.reverse();
    Some(cells)
}

/// The most header words that can end at one place of a text: those that
/// do are suffixes of one another (单位, 责任单位). A unit test holds
/// [`WORDS`] to it.
const MAX_WORDS_ENDING_TOGETHER: usize = 8;

/// One step of [`split_header_run`]: the best reading of `chars[..end]`
/// whose last cell is a word ending at `end`, from the readings of the
/// shorter prefixes in `best` (with where each last cell starts in `back`).
fn read_word_ending_at(
    chars: &[char],
    end: usize,
    best: &mut [Option<(usize, usize)>],
    back: &mut [(usize, ColumnKind)],
) {
    // The words that end here; a cell is one of them with at most a short
    // qualifier before it (区政府分管领导).
    let Some(candidates) = words_by_last_char().get(&chars[end - 1]) else { return };
    let mut ending = [(0, Other); MAX_WORDS_ENDING_TOGETHER];
    let mut found = 0;
    for (w, kind, _) in candidates.iter().filter(|(w, ..)| chars[..end].ends_with(w)) {
        ending[found] = (w.len(), *kind);
        found += 1;
    }
    for start in end.saturating_sub(MAX_HEADER_CHARS)..end {
        let Some((cost, count)) = best[start] else { continue };
        let len = end - start;
        // The longest word that fits; ties go to the word listed last.
        let mut word: Option<(usize, ColumnKind)> = None;
        for &(w, kind) in &ending[..found] {
            if w <= len && len - w <= qualifier_for(w) && word.is_none_or(|(longest, _)| w >= longest) {
                word = Some((w, kind));
            }
        }
        let Some((w, kind)) = word else { continue };
        let candidate = (cost + len - w, count + 1);
        let better = match best[end] {
            None => true,
            Some((c, k)) => candidate.0 < c || (candidate.0 == c && candidate.1 < k),
        };
        if better {
            best[end] = Some(candidate);
            back[end] = (start, kind);
        }
    }
}

/// The label at the start of `text` (`牵头单位：`, `责任单位:`), its kind and
/// the byte length of label plus colon. Only words that name units, people
/// or deadlines are labels.
pub fn label_at(text: &str) -> Option<(ColumnKind, usize)> {
    let t = text.trim_start_matches([' ', '\u{3000}']);
    let skipped = text.len() - t.len();
    // 【牵头单位】 and [配合部门] are labels without a colon.
    let (open, close) = match t.chars().next() {
        Some('【') => (Some('【'), Some('】')),
        Some('[') => (Some('['), Some(']')),
        Some('〔') => (Some('〔'), Some('〕')),
        _ => (None, None),
    };
    let inner = open.map_or(t, |o| &t[o.len_utf8()..]);
    let (word, kind) = WORDS
        .iter()
        .filter(|(word, kind)| {
            (kind.is_units() || matches!(kind, Deadline | Person))
                && word.chars().count() >= 2
                && inner.starts_with(word)
        })
        .max_by_key(|(word, _)| word.len())?;
    let rest = inner[word.len()..].trim_start_matches([' ', '\u{3000}']);
    let mark = match close {
        Some(close) => rest.chars().next().filter(|c| *c == close)?,
        None => rest.chars().next().filter(|c| matches!(c, ':' | '：'))?,
    };
    // A colon may follow the bracket too: 【牵头单位】：.
    let mut after = &rest[mark.len_utf8()..];
    if close.is_some() {
        after = after.trim_start_matches([':', '：', ' ']);
    }
    Some((*kind, skipped + (t.len() - after.len())))
}

/// One label and the text it introduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub kind: ColumnKind,
    /// The label as printed, without its colon or brackets: 牵头单位.
    pub label: String,
    pub text: String,
}

/// Every label in `text` (a line or a parenthesis such as `牵头单位：A，
/// 责任单位：B`): the kind and the text up to the next label, trimmed of
/// separators. `None` unless the text starts with a label.
pub fn labelled(text: &str) -> Option<Vec<Labelled>> {
    let t = text.trim();
    label_at(t)?;
    let mut marks: Vec<(usize, ColumnKind, usize)> = Vec::new();
    for (i, c) in t.char_indices() {
        // A label starts the text or follows a separator; after spaces it
        // is looked for where they end.
        if i > 0 && matches!(c, ' ' | '\u{3000}') {
            continue;
        }
        let after_separator = i == 0
            || t[..i].ends_with(['；', ';', '，', ',', '。', ' ', '\u{3000}', '（', '(', '\n'])
            || t[i..].starts_with(['【', '〔']);
        if !after_separator {
            continue;
        }
        if let Some((kind, len)) = label_at(&t[i..]) {
            if marks.last().is_none_or(|(start, _, l)| i >= start + l) {
                marks.push((i, kind, len));
            }
        }
    }
    let mut out = Vec::new();
    for (k, (start, kind, len)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(t.len(), |m| m.0);
        let body = t[start + len..end].trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '；' | ';' | '，' | ',' | '。' | '\u{3000}' | '（' | '(')
        });
        let label: String = t[*start..start + len]
            .chars()
            .filter(|c| {
                !matches!(c, ':' | '：' | '【' | '】' | '[' | ']' | '〔' | '〕') && !c.is_whitespace()
            })
            .collect();
        out.push(Labelled { kind: *kind, label, text: body.to_string() });
    }
    Some(out)
}

/// Verbs that give units a part, longest first where one ends another:
/// `X牵头`, `Y配合`, `Z按职责分工负责`, `W负责落实`.
const VERBS: &[(&str, ColumnKind)] = &[
    ("牵头负责", Lead),
    ("牵头落实", Lead),
    ("牵头", Lead),
    ("按职责分工负责", Responsible),
    ("按职责分工落实", Responsible),
    ("按照职责分工负责", Responsible),
    ("根据职责分工负责", Responsible),
    ("按职责负责", Responsible),
    ("分工负责", Responsible),
    ("共同负责", Responsible),
    ("负责落实", Responsible),
    ("具体负责", Responsible),
    ("负责", Responsible),
    ("抓好落实", Responsible),
    ("组织实施", Responsible),
    ("配合", Support),
    ("协助", Support),
    ("协同", Support),
    ("协办", Support),
    ("参与", Support),
];

/// Whether a verb appears anywhere in `text`.
pub fn names_a_verb(text: &str) -> bool {
    VERBS.iter().any(|(verb, _)| text.contains(verb))
}

/// The verb a clause ends with (`市民政局牵头` → lead, 牵头) and the clause
/// without it.
pub fn trailing_verb(clause: &str) -> Option<(ColumnKind, &'static str, &str)> {
    let t = clause.trim_end_matches(|c: char| c.is_whitespace() || "，,；;。.、".contains(c));
    VERBS.iter().find_map(|(verb, kind)| t.strip_suffix(verb).map(|rest| (*kind, *verb, rest.trim_end())))
}

/// Endings that say what a unit does rather than name it, dropped from a
/// unit name: `各县人民政府负责落实` → 各县人民政府. The longest first.
pub const ROLE_TAILS: &[&str] = &[
    "按职责分工负责",
    "按照职责分工负责",
    "根据职责分工负责",
    "按职责分工落实",
    "按职责负责",
    "分工负责",
    "共同负责",
    "负责落实",
    "具体负责",
    "牵头负责",
    "抓好落实",
    "组织实施",
    "负责",
    "牵头",
    "配合",
    "参与",
    "协助",
    "等",
];

/// Notes printed inside a unit list that say how to read it rather than
/// name a unit: `（第一责任单位为牵头单位，下同）`, `（排名第一的为牵头单位）`.
pub fn is_reading_note(text: &str) -> bool {
    let t = shape::squash(text);
    ["为牵头单位", "为牵头部门", "下同", "排名第一", "排第一", "排在第一", "列第一", "首位"]
        .iter()
        .any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_ending_together_fit_the_step_buffer() {
        // A text ending in word w also ends in every word that is a suffix of w.
        for (w, _) in WORDS {
            let ending_together = WORDS.iter().filter(|(v, _)| w.ends_with(v)).count();
            assert!(ending_together <= MAX_WORDS_ENDING_TOGETHER, "{w}: {ending_together}");
        }
    }

    #[test]
    fn header_words() {
        assert_eq!(header_kind("序号"), Some(Number));
        assert_eq!(header_kind("工作 措施"), Some(Measure));
        assert_eq!(header_kind("重点任务"), Some(Task));
        assert_eq!(header_kind("第一责任单位"), Some(Primary));
        assert_eq!(header_kind("牵头责任单位"), Some(Lead));
        assert_eq!(header_kind("责任单位"), Some(Responsible));
        assert_eq!(header_kind("配合单位"), Some(Support));
        assert_eq!(header_kind("主要协作单位"), Some(Support));
        assert_eq!(header_kind("时间进度"), Some(Deadline));
        assert_eq!(header_kind("具体内容"), Some(Detail));
        assert_eq!(header_kind("目标与任务"), Some(Task));
        assert_eq!(header_kind("分 管 县领导"), Some(Person));
        assert_eq!(header_kind("牵头领导"), Some(Person));
        assert_eq!(header_kind("牵头科室"), Some(Lead));
        assert_eq!(header_kind("牵头市领导"), Some(Person));
        assert_eq!(header_kind("民心工程项目"), Some(Measure));
        // A heading is no header word, however it ends.
        assert_eq!(header_kind("三、保障措施"), None);
        assert_eq!(header_kind("（一）工作任务"), None);
        assert_eq!(header_kind("责任村（社区）"), Some(Responsible));
        assert_eq!(header_kind("完成时限（年月）"), Some(Deadline));
        assert_eq!(header_kind("责任人"), Some(Person));
        assert_eq!(header_kind("目 标 类 型"), Some(Other));
        assert_eq!(header_kind("市民政局"), None);
        assert_eq!(header_kind("3 重点任务"), None);
        assert_eq!(header_kind("衡阳市重点任务分工表"), None);
        assert_eq!(header_kind("责任单位：市民政局"), None);
    }

    #[test]
    fn runs_of_header_words() {
        let kinds = |t: &str| split_header_run(t);
        let run = kinds("序号项目名称主要内容区政府分管领导牵头单位配合单位").unwrap();
        let words: Vec<&str> = run.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["序号", "项目名称", "主要内容", "区政府分管领导", "牵头单位", "配合单位"]);
        assert_eq!(run[3].1, Person);
        let run = kinds("重 点 任 务 责 任 部 门").unwrap();
        assert_eq!(run, vec![("重点任务".into(), Task), ("责任部门".into(), Responsible)]);
        assert_eq!(kinds("加快推进养老服务体系建设"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(label_at("牵头单位：市民政局"), Some((Lead, "牵头单位：".len())));
        assert_eq!(label_at("主要协作单位:各乡镇"), Some((Support, "主要协作单位:".len())));
        assert_eq!(label_at("时限要求:持续推进").map(|l| l.0), Some(Deadline));
        assert_eq!(label_at("责任单位市民政局"), None);
        let kinds = |t: &str| {
            labelled(t).map(|l| l.into_iter().map(|l| (l.kind, l.label, l.text)).collect::<Vec<_>>())
        };
        let l = kinds("牵头单位：市人社局，责任单位：各县、特区人民政府").unwrap();
        assert_eq!(
            l,
            vec![
                (Lead, "牵头单位".into(), "市人社局".into()),
                (Responsible, "责任单位".into(), "各县、特区人民政府".into())
            ]
        );
        let l = kinds("牵头单位:市发改委;配合单位:市财政局").unwrap();
        assert_eq!(l[1], (Support, "配合单位".into(), "市财政局".into()));
        assert_eq!(labelled("加强督导"), None);
        let l = kinds("【牵头单位】区商务局【配合部门】金贸街道、滨海街道【完成时限】年底前").unwrap();
        assert_eq!(l[1], (Support, "配合部门".into(), "金贸街道、滨海街道".into()));
        assert_eq!(l[2], (Deadline, "完成时限".into(), "年底前".into()));
    }

    #[test]
    fn verbs_and_roles() {
        assert_eq!(trailing_verb("市民政局牵头，"), Some((Lead, "牵头", "市民政局")));
        assert_eq!(
            trailing_verb("联席会议成员单位按职责分工负责"),
            Some((Responsible, "按职责分工负责", "联席会议成员单位"))
        );
        assert_eq!(trailing_verb("市财政局配合"), Some((Support, "配合", "市财政局")));
        assert_eq!(resolve_role(Responsible, true), Some(Role::Support));
        assert_eq!(resolve_role(Responsible, false), Some(Role::Lead));
        assert!(is_reading_note("（第一责任单位为牵头单位，下同）"));
        assert!(!is_reading_note("市民政局"));
    }
}
