//! Deadline phrases → milestones.
//!
//! Reads every dated commitment in a deadline cell (完成时限 / 时间进度) or a
//! task text: `2020年底前`, `2021年6月底前`, `到2020年…达到…`, `“十三五”末`,
//! `2021年起`, together with the clause it governs, and whether the task is
//! ongoing (持续实施). Years inside cited titles and document numbers
//! (《…（2016-2020年）》, 〔2019〕) and five-year-plan names (“十四五”规划) are
//! not commitments and are skipped.
//!
//! This module must not guess dates that are not printed (a bare `6月底前`
//! has no year and yields nothing), and must never panic: it works on `char`
//! vectors, so no byte slicing can split a character.

use chrono::{Datelike, NaiveDate};

use super::ParsedMilestone;
use crate::model::{MilestoneKind, MilestoneSource, Precision};

/// What a deadline cell or task text promises.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub milestones: Vec<ParsedMilestone>,
    /// 持续实施 / 长期 / 持续推进: the task is ongoing.
    pub ongoing: bool,
}

/// Phrases that make a task open-ended wherever they occur. A bare 长期 is
/// not among them: it also starts 长期护理保险 (long-term care insurance).
const ONGOING: [&str; 7] =
    ["持续实施", "持续推进", "长期坚持", "长期实施", "长期推进", "长期执行", "长期开展"];
/// Phrases that make a task open-ended only as the whole of a deadline
/// cell: in a task text 常态化防控 names a kind of work, not a time.
const ONGOING_CELLS: [&str; 4] = ["常态化", "长期", "持续", "经常性"];

/// Words before a date that make it a target (到2020年，…).
const TARGET_PREFIXES: [&str; 6] = ["力争到", "截止到", "截至", "截止", "到", "至"];
/// Words before a date that make it a start (从2021年起).
const START_PREFIXES: [&str; 2] = ["从", "自"];
/// Words right after a date that make it a start (2020年启动编制, 2021年起).
const START_WORDS: [&str; 6] = ["开始", "启动", "起步", "动工", "开工", "起"];
const INTERIM_WORDS: [&str; 4] = ["阶段性成效", "阶段性成果", "阶段性进展", "初步"];
const TARGET_WORDS: [&str; 6] = ["力争", "达到", "覆盖率", "不低于", "不超过", "不少于"];
/// A year range right after these words names a plan period, not a deadline.
const PLAN_WORDS: [&str; 5] = ["规划", "计划", "方案", "纲要", "行动"];
const DASHES: [char; 6] = ['-', '—', '–', '－', '~', '～'];

/// Reads every dated commitment in `text`.
pub fn read_deadlines(text: &str, source: MilestoneSource) -> Deadlines {
    read_deadlines_in(text, source, None)
}

/// Reads every dated commitment in `text`; a date printed without a year
/// (`12月底前`, `年底前`, `三季度`) falls in `year`, the document's year,
/// when it is known. Without it such dates yield nothing.
pub fn read_deadlines_in(text: &str, source: MilestoneSource, year: Option<i32>) -> Deadlines {
    let chars = normalise(text);
    let joined: String = chars.iter().collect();
    let ongoing = is_ongoing(&joined, &chars, source);
    let masked = citation_mask(&chars);
    let parens = paren_depth(&chars);

    let mut exprs: Vec<Expr> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if masked[i] {
            i += 1;
            continue;
        }
        let expr = parse_expr(&chars, i, source).or_else(|| year.and_then(|y| yearless_expr(&chars, i, y)));
        match expr {
            Some(e) if e.end > i => {
                let citation = e.from.is_some() && (parens[i] > 0 || ends_with_any(&chars[..i], &PLAN_WORDS));
                let end = e.end;
                if !citation && !masked[e.end - 1] {
                    exprs.push(e);
                }
                i = end;
            }
            _ => i += 1,
        }
    }

    // A deadline cell of 全年 (all year) is due by the document's year end.
    let all_year = matches!(joined.trim_end_matches(['。', '.']), "全年" | "全年内" | "全年完成" | "全年度");
    let in_column = source == MilestoneSource::DeadlineColumn;
    if let Some(date) = year.filter(|_| all_year && in_column && exprs.is_empty()).and_then(year_end) {
        exprs.push(Expr { start: 0, end: chars.len(), date, precision: Precision::Year, from: None });
    }
    // 2023年汛期前（6月底前）: the parenthesis says when in the year; the
    // year alone is no second deadline.
    let refined = |k: usize| {
        let (e, next) = (&exprs[k], exprs.get(k + 1));
        next.is_some_and(|next| {
            e.precision == Precision::Year
                && e.from.is_none()
                && next.precision != Precision::Year
                && next.date.year() == e.date.year()
                && parens[next.start] > parens[e.start]
                && !chars[e.end..next.start].iter().any(|c| matches!(c, '，' | ',' | '；' | ';' | '。'))
        })
    };
    let refined: Vec<bool> = (0..exprs.len()).map(refined).collect();
    let exprs: Vec<Expr> = exprs.into_iter().zip(refined).filter_map(|(e, r)| (!r).then_some(e)).collect();
    let starts: Vec<usize> = exprs.iter().map(|e| text_start(&chars, e.start)).collect();
    let mut milestones = Vec::with_capacity(exprs.len());
    for (n, e) in exprs.iter().enumerate() {
        let next = starts.get(n + 1).copied().unwrap_or(chars.len());
        let clause_end = clause_end(&chars, &masked, e.end, next);
        let clause = trim_clause(&chars[starts[n]..clause_end.max(starts[n])]);
        let after = &chars[e.end..clause_end.max(e.end)];
        let before = &chars[starts[n]..e.start];
        // 2023—2025年: the work starts in the first year and is due by
        // the last; both are dates the table states.
        if let Some(first) = e.from.filter(|&y| y < e.date.year()).and_then(year_end) {
            milestones.push(ParsedMilestone {
                date: first,
                precision: Precision::Year,
                kind: MilestoneKind::Start,
                source,
                text: clause.clone(),
            });
        }
        milestones.push(ParsedMilestone {
            date: e.date,
            precision: e.precision,
            kind: kind(before, after),
            source,
            text: clause,
        });
    }
    Deadlines { milestones, ongoing }
}

/// Full-width digits and letters become ASCII; whitespace (also wrapped
/// lines and full-width spaces) goes, since Chinese words do not use it.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '／' => '/',
            c => c,
        })
        .collect()
}

fn is_ongoing(joined: &str, chars: &[char], source: MilestoneSource) -> bool {
    if ONGOING.iter().any(|p| joined.contains(p)) || joined.contains("(长期)") || joined.contains("（长期）")
    {
        return true;
    }
    // A cell that says only 长期 or 常态化 (with punctuation around it).
    if source != MilestoneSource::DeadlineColumn || chars.len() > 12 {
        return false;
    }
    let bare: String = chars.iter().filter(|c| c.is_alphanumeric()).collect();
    // 全年持续开展, 全年常态化开展: all year and beyond.
    let bare = bare.strip_prefix("全年").unwrap_or(&bare);
    ONGOING_CELLS.iter().any(|w| bare.starts_with(w) && bare.chars().count() <= 6)
}

/// Positions inside cited titles 《…》 and document numbers 〔2019〕, [2019],
/// whose years are not commitments.
fn citation_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let (mut title, mut number) = (0usize, 0usize);
    for (i, c) in chars.iter().enumerate() {
        match c {
            '《' => title += 1,
            '〔' | '[' | '【' => number += 1,
            _ => {}
        }
        mask[i] = title > 0 || number > 0;
        match c {
            '》' => title = title.saturating_sub(1),
            '〕' | ']' | '】' => number = number.saturating_sub(1),
            _ => {}
        }
    }
    mask
}

fn paren_depth(chars: &[char]) -> Vec<usize> {
    let mut depth = 0usize;
    chars
        .iter()
        .map(|c| {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth
        })
        .collect()
}

/// A date expression found at `start..end`.
#[derive(Debug)]
struct Expr {
    start: usize,
    end: usize,
    date: NaiveDate,
    precision: Precision,
    /// The first year of a span (2016-2020年): a plan period when cited,
    /// else the year the work starts.
    from: Option<i32>,
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    word.chars().enumerate().all(|(k, w)| chars.get(at + k) == Some(&w))
}

fn ends_with_any(chars: &[char], words: &[&str]) -> bool {
    words.iter().any(|w| {
        let n = w.chars().count();
        chars.len() >= n && starts_with(chars, chars.len() - n, w)
    })
}

/// Reads a run of ASCII digits at `at`: (value, end). At most 4 digits are
/// accepted so that no value can overflow.
fn digits(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let mut end = at;
    while end < chars.len() && chars[end].is_ascii_digit() {
        end += 1;
    }
    if end == at || end - at > 4 {
        return None;
    }
    let value = chars[at..end].iter().fold(0u32, |v, c| v * 10 + c.to_digit(10).unwrap_or(0));
    Some((value, end))
}

/// A four-digit year at `at` that is not part of a longer number.
fn year_at(chars: &[char], at: usize) -> Option<(i32, usize)> {
    if at > 0 && chars[at - 1].is_ascii_digit() {
        return None;
    }
    let (value, end) = digits(chars, at)?;
    if end - at != 4 || !(1949..=2100).contains(&value) {
        return None;
    }
    Some((value as i32, end))
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)?;
    first_of_next?.pred_opt()
}

fn parse_expr(chars: &[char], at: usize, source: MilestoneSource) -> Option<Expr> {
    if chars[at] == '十' {
        return five_year_plan(chars, at);
    }
    let (mut year, mut i) = year_at(chars, at)?;
    let mut from = None;
    // 2016-2020年: a span; the commitment, if any, ends with the later year.
    if chars.get(i).is_some_and(|c| DASHES.contains(c) || *c == '至') {
        if let Some((later, end)) = year_at(chars, i + 1) {
            from = Some(year);
            year = later;
            i = end;
        }
    }
    let range = from.is_some();
    match chars.get(i) {
        Some('年') => year_expr(chars, at, i + 1, year, from),
        // 2020.6, 2020/6/30, 2020-06-30.
        Some('.' | '/' | '-') if !range => numeric_date(chars, at, i, year),
        // A cell that is just a year (2020) is a deadline; elsewhere a bare
        // four-digit number may be anything.
        None | Some('；' | ';' | '。' | '，' | ',')
            if source == MilestoneSource::DeadlineColumn && !range =>
        {
            Some(Expr { start: at, end: i, date: year_end(year)?, precision: Precision::Year, from })
        }
        _ => None,
    }
}

/// A date printed without its year at `at` (`9月`, `12月底前`, `年底前`,
/// `三季度`), read in `year`. Not after a digit or 年, which a dated
/// expression has already consumed.
fn yearless_expr(chars: &[char], at: usize, year: i32) -> Option<Expr> {
    if at > 0 && (chars[at - 1].is_ascii_digit() || chars[at - 1] == '年') {
        return None;
    }
    let month_here = digits(chars, at)
        .filter(|&(m, e)| e - at <= 2 && (1..=12).contains(&m) && chars.get(e) == Some(&'月'));
    let starts_part = part_of_year(chars, at).is_some();
    let year_word = ["年底", "年末", "年内"].iter().any(|w| starts_with(chars, at, w));
    if month_here.is_none() && !starts_part && !year_word {
        return None;
    }
    // year_expr reads what follows `YYYY年`; 年底 is read from its 年.
    let from = if year_word { at + 1 } else { at };
    let mut e = year_expr(chars, at, from, year, None)?;
    if year_word && e.end == from {
        return None;
    }
    e.start = at;
    Some(e)
}

/// After `YYYY年` (ending at `i`): month, day, quarter, half year and the
/// 底 / 末 / 前 suffixes.
fn year_expr(chars: &[char], start: usize, mut i: usize, year: i32, from: Option<i32>) -> Option<Expr> {
    // 2019年-2020年 is one span ending with the later year.
    if chars.get(i).is_some_and(|c| DASHES.contains(c) || *c == '至') {
        if let Some((later, end)) = year_at(chars, i + 1) {
            if chars.get(end) == Some(&'年') {
                return year_expr(chars, start, end + 1, later, Some(year));
            }
        }
    }
    let mut precision = Precision::Year;
    let mut date = year_end(year)?;
    if let Some((month, end)) =
        digits(chars, i).filter(|&(m, e)| (1..=12).contains(&m) && chars.get(e) == Some(&'月'))
    {
        i = end + 1;
        precision = Precision::Month;
        date = month_end(year, month)?;
        if let Some((day, end)) = digits(chars, i).filter(|&(_, e)| matches!(chars.get(e), Some('日' | '号')))
        {
            if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
                date = d;
                precision = Precision::Day;
                i = end + 1;
            }
        }
    } else if let Some((month, end)) = part_of_year(chars, i) {
        i = end;
        precision = Precision::Month;
        date = month_end(year, month)?;
    }
    // 2020年年底 repeats 年 before the suffix.
    for suffix in
        ["年底前", "年末前", "年底", "年末", "年内", "底前", "末前", "以前", "之前", "底", "末", "前", "内"]
    {
        if starts_with(chars, i, suffix) {
            i += suffix.chars().count();
            break;
        }
    }
    Some(Expr { start, end: i, date, precision, from })
}

/// 上半年, 年中, 第一季度 … → the month they end with.
fn part_of_year(chars: &[char], i: usize) -> Option<(u32, usize)> {
    for (word, month) in [("上半年", 6), ("下半年", 12), ("年中", 6), ("年初", 1)] {
        if starts_with(chars, i, word) {
            return Some((month, i + word.chars().count()));
        }
    }
    let mut j = i;
    if chars.get(j) == Some(&'第') {
        j += 1;
    }
    let q = match chars.get(j)? {
        '一' | '1' => 1,
        '二' | '2' => 2,
        '三' | '3' => 3,
        '四' | '4' => 4,
        _ => return None,
    };
    starts_with(chars, j + 1, "季度").then_some((q * 3, j + 3))
}

/// 2020.6, 2020/6/30, 2020-06-30 (sep at `i`).
fn numeric_date(chars: &[char], start: usize, i: usize, year: i32) -> Option<Expr> {
    let sep = chars[i];
    let (month, end) = digits(chars, i + 1).filter(|&(m, e)| e - (i + 1) <= 2 && (1..=12).contains(&m))?;
    if chars.get(end) == Some(&sep) {
        if let Some((day, dend)) = digits(chars, end + 1).filter(|&(_, e)| e - (end + 1) <= 2) {
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            return Some(Expr { start, end: dend, date, precision: Precision::Day, from: None });
        }
    }
    // 2020.6 followed by another digit run would be a decimal, not a date.
    if chars.get(end).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
        return None;
    }
    Some(Expr { start, end, date: month_end(year, month)?, precision: Precision::Month, from: None })
}

/// 十三五末, “十三五”期间 → the plan's last year. A plan name (“十四五”规划)
/// or a bare 十三五 is not a date.
fn five_year_plan(chars: &[char], at: usize) -> Option<Expr> {
    let n = match chars.get(at + 1)? {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        _ => return None,
    };
    if chars.get(at + 2) != Some(&'五') {
        return None;
    }
    let mut i = at + 3;
    while chars.get(i).is_some_and(|c| matches!(c, '”' | '"' | '’' | '\'' | '」')) {
        i += 1;
    }
    for suffix in ["期末", "末期", "结束前", "期间", "时期", "末", "内"] {
        if starts_with(chars, i, suffix) {
            let year = 2005 + 5 * n;
            let end = i + suffix.chars().count();
            return Some(Expr {
                start: at,
                end,
                date: year_end(year)?,
                precision: Precision::Year,
                from: None,
            });
        }
    }
    None
}

/// Where the words of a milestone start: its date, or a prefix such as 到
/// or 从 and an opening quote before it.
fn text_start(chars: &[char], start: usize) -> usize {
    let mut s = start;
    while s > 0 && matches!(chars[s - 1], '“' | '"' | '‘' | '「') {
        s -= 1;
    }
    for p in TARGET_PREFIXES.iter().chain(START_PREFIXES.iter()) {
        if ends_with_any(&chars[..s], &[*p]) {
            return s - p.chars().count();
        }
    }
    s
}

/// A clause runs to the next full stop or semicolon outside a cited title,
/// the next milestone, or an ongoing marker, whichever comes first.
fn clause_end(chars: &[char], masked: &[bool], from: usize, next: usize) -> usize {
    let mut i = from;
    while i < next.min(chars.len()) {
        if !masked[i] && matches!(chars[i], '；' | ';' | '。') {
            return i;
        }
        if ONGOING.iter().any(|p| starts_with(chars, i, p)) {
            return i;
        }
        i += 1;
    }
    next.min(chars.len())
}

fn trim_clause(chars: &[char]) -> String {
    let mut end = chars.len();
    while end > 0
        && matches!(
            chars[end - 1],
            '，' | ',' | '、' | '：' | ':' | '(' | '（' | '并' | '及' | '和' | '.' | '；' | ';' | '。'
        )
    {
        end -= 1;
    }
    chars[..end].iter().collect()
}

fn kind(before: &[char], after: &[char]) -> MilestoneKind {
    let prefix: String = before.iter().collect();
    if START_WORDS.iter().any(|w| starts_with(after, 0, w))
        || START_PREFIXES.iter().any(|p| prefix.ends_with(p))
    {
        return MilestoneKind::Start;
    }
    let clause: String = before.iter().chain(after.iter()).collect();
    if INTERIM_WORDS.iter().any(|w| clause.contains(w)) {
        return MilestoneKind::InterimResult;
    }
    if TARGET_PREFIXES.iter().any(|p| prefix.ends_with(p)) || TARGET_WORDS.iter().any(|w| clause.contains(w))
    {
        return MilestoneKind::Target;
    }
    MilestoneKind::DueBy
}

#[cfg(test)]
mod tests {
    use super::*;
    use MilestoneKind::*;
    use Precision::*;

    fn col(text: &str) -> Deadlines {
        read_deadlines(text, MilestoneSource::DeadlineColumn)
    }

    fn task(text: &str) -> Deadlines {
        read_deadlines(text, MilestoneSource::TaskText)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// (date, precision, kind, text) of each milestone.
    fn summary(ds: &Deadlines) -> Vec<(NaiveDate, Precision, MilestoneKind, &str)> {
        ds.milestones.iter().map(|m| (m.date, m.precision, m.kind, m.text.as_str())).collect()
    }

    #[track_caller]
    fn one(
        text: &str,
        date: NaiveDate,
        precision: Precision,
        kind: MilestoneKind,
        words: &str,
        ongoing: bool,
    ) {
        let ds = col(text);
        assert_eq!(summary(&ds), vec![(date, precision, kind, words)], "{text}");
        assert_eq!(ds.ongoing, ongoing, "ongoing of {text}");
    }

    #[test]
    fn year_and_month_ends() {
        one("2020年底前", d(2020, 12, 31), Year, DueBy, "2020年底前", false);
        one("2020年底", d(2020, 12, 31), Year, DueBy, "2020年底", false);
        one("2020年末", d(2020, 12, 31), Year, DueBy, "2020年末", false);
        one("2020年", d(2020, 12, 31), Year, DueBy, "2020年", false);
        one("2020年6月", d(2020, 6, 30), Month, DueBy, "2020年6月", false);
        one("2020年2月", d(2020, 2, 29), Month, DueBy, "2020年2月", false);
        one("2021年6月底前", d(2021, 6, 30), Month, DueBy, "2021年6月底前", false);
        one("2020年12月", d(2020, 12, 31), Month, DueBy, "2020年12月", false);
        one("2019年11月", d(2019, 11, 30), Month, DueBy, "2019年11月", false);
        one("2020年6月15日前", d(2020, 6, 15), Day, DueBy, "2020年6月15日前", false);
        one("２０２０年１０月", d(2020, 10, 31), Month, DueBy, "2020年10月", false);
        one("2020年上半年", d(2020, 6, 30), Month, DueBy, "2020年上半年", false);
        one("2020年第三季度", d(2020, 9, 30), Month, DueBy, "2020年第三季度", false);
        one("2020.6", d(2020, 6, 30), Month, DueBy, "2020.6", false);
        one("2020-06-15", d(2020, 6, 15), Day, DueBy, "2020-06-15", false);
        one("2020", d(2020, 12, 31), Year, DueBy, "2020", false);
    }

    #[test]
    fn kinds() {
        one("2020年启动编制", d(2020, 12, 31), Year, Start, "2020年启动编制", false);
        let ds =
            task("2021年起各级政府将本级用于社会福利的彩票公益金按不低于55%的资金比例用于养老服务体系建设");
        assert_eq!(ds.milestones[0].kind, Start);
        one(
            "2021年底前取得阶段性成效并持续实施",
            d(2021, 12, 31),
            Year,
            InterimResult,
            "2021年底前取得阶段性成效",
            true,
        );
        let ds = task("8.2017年，初步建立医养结合标准规范和管理制度、人才培养制度");
        assert_eq!(
            summary(&ds),
            vec![(
                d(2017, 12, 31),
                Year,
                InterimResult,
                "2017年，初步建立医养结合标准规范和管理制度、人才培养制度"
            )]
        );
        let ds = col("到2020年,老年志愿者注册人数达到老年人口总数的12%。(持续实施)");
        assert_eq!(
            summary(&ds),
            vec![(d(2020, 12, 31), Year, Target, "到2020年,老年志愿者注册人数达到老年人口总数的12%")]
        );
        assert!(ds.ongoing);
        let ds = task("4.2016年，具备条件的各区（功能区）完成至少一所公办养老机构和基层医疗卫生机构医养结合");
        assert_eq!(ds.milestones[0].kind, DueBy);
        assert_eq!(ds.milestones[0].date, d(2016, 12, 31));
        assert!(ds.milestones[0].text.starts_with("2016年，具备条件的各区（功能区）完成"));
        assert_eq!(task("社区日间照料机构2022年底前覆盖率达到90%以上").milestones[0].kind, Target);
    }

    #[test]
    fn five_year_plans() {
        let ds = task("6.“十三五”末力争建成1-2个高端养老社区");
        assert_eq!(
            summary(&ds),
            vec![(d(2020, 12, 31), Year, Target, "“十三五”末力争建成1-2个高端养老社区")]
        );
        let ds = col("到十三五末,二级医院老年病科建立达到35%。(持续实施)");
        assert_eq!(
            summary(&ds),
            vec![(d(2020, 12, 31), Year, Target, "到十三五末,二级医院老年病科建立达到35%")]
        );
        let ds = col("“十三五”期间,每个县(区、市)建成一所老年大学。(持续实施)");
        assert_eq!(
            summary(&ds),
            vec![(d(2020, 12, 31), Year, DueBy, "“十三五”期间,每个县(区、市)建成一所老年大学")]
        );
        assert_eq!(task("十四五期间建成").milestones[0].date, d(2025, 12, 31));
        assert_eq!(task("“十四五”末实现").milestones[0].date, d(2025, 12, 31));
    }

    #[test]
    fn citations_and_plan_names_are_not_milestones() {
        for text in [
            "8.严格执行《珠海市养老设施布局规划（2016-2020年）》，确保实现五年规划目标",
            "制定《永州市养老服务体系建设规划2020-2025年》、《永州市中心城区养老服务设施空间布局规划2020-2030年》",
            "按照《广东省人民政府办公厅关于印发广东省加快推进养老服务发展若干措施的通知》（粤府办〔2019〕23号）落实",
            "按照国卫老龄发〔2019〕60号落实",
            "编制江门市养老服务体系建设“十四五”规划。",
            "1.编制《珠海市养老服务体系建设“十三五”规划》",
            "实施养老服务提升计划（2020-2022年）",
            "探索建立长期护理保障制度",
            "按照20%—50%比例增发保障金，给予12000元一次性建设补贴",
        ] {
            let ds = task(text);
            assert_eq!(ds, Deadlines::default(), "{text}");
        }
    }

    #[test]
    fn several_milestones_and_ongoing() {
        let ds = col(
            "2019年6月,完成全市提标老年人摸底工作;2020年分类施保资金纳入政府预算,并增发保障金。(持续实施)",
        );
        assert_eq!(
            summary(&ds),
            vec![
                (d(2019, 6, 30), Month, DueBy, "2019年6月,完成全市提标老年人摸底工作"),
                (d(2020, 12, 31), Year, DueBy, "2020年分类施保资金纳入政府预算,并增发保障金"),
            ]
        );
        assert!(ds.ongoing);
        let ds = col(
            "2019年6月,全面摸底全市失能老年人人数以及护理现状;2019年底结合摸底调研情况出台具体实施办法。",
        );
        assert_eq!(ds.milestones.len(), 2);
        assert_eq!(ds.milestones[1].date, d(2019, 12, 31));
        assert!(!ds.ongoing);
        one("2020年底前落实并持续实施", d(2020, 12, 31), Year, DueBy, "2020年底前落实", true);
        one("2021年底前落实并\n持续实施", d(2021, 12, 31), Year, DueBy, "2021年底前落实", true);
        one("2022年底前落实配建标准并持续实施", d(2022, 12, 31), Year, DueBy, "2022年底前落实配建标准", true);
        one(
            "2020年落实《江门市居家养老助残服务“平安通”项目提升实施方案（2020—2022年）》并持续实施",
            d(2020, 12, 31),
            Year,
            DueBy,
            "2020年落实《江门市居家养老助残服务“平安通”项目提升实施方案（2020—2022年）》",
            true,
        );
        let ds = col("到2020年,全面建立全市统一的养老服务质量标准和评价体系。持续实施");
        assert_eq!(ds.milestones.len(), 1);
        assert!(ds.ongoing);
    }

    #[test]
    fn ongoing_without_dates() {
        for text in ["持续实施", "(持续实施)", "（持续实施）", "长期", "（长期）", "持续推进", "常态化开展"]
        {
            let ds = col(text);
            assert!(ds.ongoing && ds.milestones.is_empty(), "{text}");
        }
        let ds = col("修订完善相关配套政策。(持续实施)");
        assert!(ds.ongoing && ds.milestones.is_empty());
        assert!(!col("推进长期护理保险制度建设").ongoing);
        assert_eq!(col("6月底前"), Deadlines::default());
    }

    #[test]
    fn ranges_outside_citations_start_in_the_first_year_and_end_with_the_later() {
        let ds = col("2019-2020年完成");
        assert_eq!(
            summary(&ds),
            vec![
                (d(2019, 12, 31), Year, Start, "2019-2020年完成"),
                (d(2020, 12, 31), Year, DueBy, "2019-2020年完成")
            ]
        );
        let years = |text: &str| col(text).milestones.iter().map(|m| m.date.year()).collect::<Vec<_>>();
        assert_eq!(years("2023年—2025年"), [2023, 2025]);
        assert_eq!(years("2023—2025年"), [2023, 2025]);
        assert_eq!(years("2023年至2024年6月"), [2023, 2024]);
        // 全年 is the document's year; 全年持续开展 goes on.
        let ds = read_deadlines_in("全年", MilestoneSource::DeadlineColumn, Some(2024));
        assert_eq!(ds.milestones.iter().map(|m| m.date).collect::<Vec<_>>(), [d(2024, 12, 31)]);
        assert!(col("全年持续开展").ongoing && col("全年常态化开展").ongoing);
        assert!(task("全年").milestones.is_empty());
        // A parenthesis saying when in the year refines the year.
        let ds = read_deadlines_in("2023年汛期前（6月底前）", MilestoneSource::DeadlineColumn, Some(2023));
        assert_eq!(ds.milestones.len(), 1);
        assert_eq!((ds.milestones[0].date, ds.milestones[0].precision), (d(2023, 6, 30), Month));
        assert_eq!(years("2023年底前，2024年6月底前"), [2023, 2024]);
        // A plan period cited is no span of work.
        assert_eq!(years("落实《实施方案（2020—2022年）》"), Vec::<i32>::new());
    }

    #[test]
    fn source_is_passed_through() {
        assert_eq!(task("2020年底前").milestones[0].source, MilestoneSource::TaskText);
        assert_eq!(col("2020年底前").milestones[0].source, MilestoneSource::DeadlineColumn);
        // A bare number in a task text is not a year.
        assert!(task("建设2020张床位").milestones.is_empty());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics(s in "\\PC{0,40}") {
                let _ = read_deadlines(&s, MilestoneSource::DeadlineColumn);
                let _ = read_deadlines(&s, MilestoneSource::TaskText);
            }

            #[test]
            fn never_panics_on_date_like_text(
                parts in proptest::collection::vec(
                    prop_oneof![
                        Just("2020".to_string()), Just("年".to_string()), Just("月".to_string()),
                        Just("日".to_string()), Just("底前".to_string()), Just("十三五".to_string()),
                        Just("末".to_string()), Just("《".to_string()), Just("》".to_string()),
                        Just("（".to_string()), Just("〔".to_string()), Just("-".to_string()),
                        Just("；".to_string()), Just("持续实施".to_string()), Just("到".to_string()),
                        Just("起".to_string()), Just("”".to_string()), Just(".".to_string()),
                        Just("季度".to_string()), Just("第".to_string()),
                        "[0-9０-９]{1,5}",
                    ],
                    0..12,
                )
            ) {
                let text = parts.concat();
                for source in [MilestoneSource::DeadlineColumn, MilestoneSource::TaskText] {
                    let ds = read_deadlines(&text, source);
                    for m in &ds.milestones {
                        prop_assert!(!m.text.is_empty());
                    }
                }
            }
        }
    }
}
