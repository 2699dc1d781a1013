//! What a document says about itself: its title, the place that issued it
//! and its year, read from the lines before the table (title, document
//! number 〔2016〕20号, date line).
//!
//! This module must not read tasks.

use chrono::NaiveDate;

use super::divisions::{Division, Divisions};
use super::shape;
use crate::model::{DateSource, DocumentDate, PlaceLevel, Precision};

/// Words that mark a table's title line.
const TITLE_WORDS: &[&str] =
    &["分工表", "分解表", "清单", "分工", "任务表", "安排表", "责任表", "一览表", "台账"];

/// The first short line naming a task list (…分工表, …清单), without an
/// `附件：` prefix.
pub fn find_title(lines: &[(u32, String)]) -> Option<String> {
    lines.iter().find_map(|(_, l)| {
        let t = shape::clean_line(l);
        // `附件1：` or `附件:` before the title; a year after the colon stays.
        let t = t.strip_prefix("附件").map_or(t.as_str(), |r| {
            r.trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(|c: char| "：: ".contains(c))
        });
        let fits = t.chars().count() <= 60 && TITLE_WORDS.iter().any(|w| t.contains(w));
        (fits && shape::numbered_item(t).is_none() && !shape::is_heading(t)).then(|| t.to_string())
    })
}

/// `三亚市开展…` → 三亚市; `陕西省咸阳市…` → 咸阳市.
pub fn place_from_title(title: &str) -> Option<String> {
    let t = match title.find('省') {
        Some(at) if title[..at].chars().count() <= 3 => &title[at + '省'.len_utf8()..],
        _ => title,
    };
    let chars: Vec<char> = t.chars().collect();
    let at = chars.iter().position(|c| *c == '市')?;
    let name = &chars[..at];
    let plain = name.iter().all(|c| !c.is_ascii() && !"市区县省局".contains(*c));
    ((2..=4).contains(&at) && plain).then(|| chars[..=at].iter().collect())
}

/// Words that follow an issuer's place name in a notice's first lines:
/// 大竹县人民政府办公室, 鞍山市立山区人民政府文件, 灵璧县卫生健康委员会.
const ISSUER_WORDS: &[&str] =
    &["人民政府", "政府", "办公室", "办公厅", "委员会", "文件", "关于", "印发", "局", "委", "办"];

/// The place that issued a document, from its first lines: the first chain
/// of place names (鞍山市立山区) followed by an issuing body (人民政府,
/// 办公室, …局) on a short line, read inside `within` when several places
/// share a name.
pub fn issuer(lines: &[(u32, String)], within: Option<&Division>) -> Option<(Division, u32)> {
    let divisions = Divisions::bundled();
    for (n, line) in lines.iter().take(30) {
        let t = shape::squash(line);
        if t.chars().count() > 80 {
            continue;
        }
        for (i, _) in t.char_indices() {
            let chain = divisions.chain_within(&t[i..], within);
            let Some(last) = chain.last() else { continue };
            if last.level == PlaceLevel::Township {
                continue;
            }
            let after: usize = chain.iter().map(|d| d.name.len()).sum();
            let rest: String = t[i + after..].chars().take(12).collect();
            if ISSUER_WORDS.iter().any(|w| rest.contains(w)) {
                return Some((last.clone(), *n));
            }
        }
    }
    None
}

/// The place a document is read in: the caller's (a name from the
/// divisions table is written in full: 江门 → 江门市), unless the document
/// says it was issued by a place inside it (大竹县人民政府办公室 under the
/// caller's 达州市), whose departments its units are; without the caller's,
/// the issuer the document names, else the place its title names. Returns
/// the place and, when the issuer replaced the caller's place, the line
/// and message saying so.
pub fn place(
    given: Option<&str>,
    title: Option<&str>,
    lines: &[(u32, String)],
) -> (Option<String>, Option<(u32, String)>) {
    let divisions = Divisions::bundled();
    let given = given.map(str::trim).filter(|g| !g.is_empty());
    let given_division = given.and_then(|g| divisions.resolve(g, None));
    let found = issuer(lines, given_division.as_ref());
    match (given, given_division, found) {
        (Some(_), Some(g), Some((f, line))) if divisions.is_within(&f, &g) => {
            let note = format!(
                "the document is issued by {} (line {line}), inside {} given as its place; it is filed under {} and its units are read as {}'s",
                f.name, g.name, f.name, f.name
            );
            (Some(f.name), Some((line, note)))
        }
        (Some(_), Some(g), _) => (Some(g.name), None),
        (Some(g), None, _) => (Some(g.to_string()), None),
        (None, _, Some((f, _))) => (Some(f.name), None),
        (None, _, None) => {
            let from_title = title.and_then(place_from_title);
            let full = from_title.as_deref().and_then(|t| divisions.resolve(t, None)).map(|d| d.name);
            (full.or(from_title), None)
        }
    }
}

/// Where a document's year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    Title,
    DocumentNumber,
    DateLine,
}

impl YearSource {
    pub fn describe(self) -> &'static str {
        match self {
            YearSource::Title => "the title",
            YearSource::DocumentNumber => "the document number",
            YearSource::DateLine => "the date line",
        }
    }
}

/// The year a document is about, for deadlines printed without one: the
/// title's year (2016年民生实事… is the plan for 2016, whenever it was
/// signed), else the year of its number (竹府办〔2016〕20号), else of its
/// date line (2016年2月26日, 发布日期:2016-03-01). A title naming a span of
/// years (2021-2025年) gives none.
pub fn document_year(title: Option<&str>, lines: &[(u32, String)]) -> Option<(i32, YearSource)> {
    if let Some(y) = title.and_then(single_year) {
        return Some((y, YearSource::Title));
    }
    let head = &lines[..lines.len().min(60)];
    for (_, l) in head {
        if let Some(at) = l.find('〔').or_else(|| l.find('[')) {
            if let Some(y) = year_at_start(&l[at + l[at..].chars().next().map_or(1, char::len_utf8)..]) {
                return Some((y, YearSource::DocumentNumber));
            }
        }
    }
    for (_, l) in head {
        let t = shape::squash(l);
        if t.chars().count() <= 30 {
            if let Some(y) = date_line_year(&t) {
                return Some((y, YearSource::DateLine));
            }
        }
    }
    None
}

fn year_at_start(text: &str) -> Option<i32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let y: i32 = digits.get(..4)?.parse().ok()?;
    (digits.len() == 4 && (1990..=2100).contains(&y)).then_some(y)
}

/// The one year a text names (`2016年民生实事…`); none for a span.
fn single_year(text: &str) -> Option<i32> {
    let mut years = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let run: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
            if run.len() == 4 {
                if let Ok(y) = run.parse::<i32>() {
                    if (1990..=2100).contains(&y) {
                        years.push(y);
                    }
                }
            }
            i += run.chars().count();
        } else {
            i += 1;
        }
    }
    years.dedup();
    (years.len() == 1).then(|| years[0])
}

/// `2016年2月26日`, `2016-03-01`, `发布日期:2016-03-01`.
fn date_line_year(line: &str) -> Option<i32> {
    let start = line.find(|c: char| c.is_ascii_digit())?;
    let rest = &line[start..];
    let y = year_at_start(rest)?;
    let after = &rest[4..];
    (after.starts_with('年') && after.contains('月')
        || after.starts_with('-')
        || after.starts_with('.')
        || after.starts_with('/'))
    .then_some(y)
}

/// When a document was issued, for placing it in time (`asOf`,
/// `documentChanges`, `diffusion`); the most precise statement wins:
/// 1. the date `given` by the caller (precision day);
/// 2. a date line among the lines before the table (`preamble`): a line
///    that is a whole date, `2019年8月12日`, `二〇一九年八月十二日`,
///    `2019-08-12`, or a labelled one, `发布日期:2019-08-12 …`; else a
///    closing date line among the document's last 15 `lines`, a whole date
///    right below the issuer's name (…人民政府, …办公室, …局);
/// 3. the year of a document number opening a line, `民发〔2019〕12号`
///    (precision year: 2019-01-01);
/// 4. the one year the title names, `2019年民生实事…` (precision year).
///
/// The year printed deadlines fall back on is a different question
/// ([`document_year`]: the title's year first, because a plan for 2016 is
/// about 2016 whenever it was signed).
pub fn document_date(
    given: Option<NaiveDate>,
    title: Option<&str>,
    preamble: &[(u32, String)],
    lines: &[&str],
) -> Option<DocumentDate> {
    let dated = |date, precision, source, text: &str, line| DocumentDate {
        date,
        precision,
        source,
        text: text.trim().to_string(),
        line,
    };
    if let Some(day) = given {
        return Some(dated(day, Precision::Day, DateSource::Given, "", 0));
    }
    let head = &preamble[..preamble.len().min(60)];
    if let Some((n, l, day)) = head.iter().find_map(|(n, l)| Some((*n, l, date_line(l)?))) {
        return Some(dated(day, Precision::Day, DateSource::DateLine, l, n));
    }
    let tail = lines.len().saturating_sub(15);
    for (i, l) in lines.iter().enumerate().skip(tail) {
        let Some(day) = date_line(l) else { continue };
        // The issuer's name alone on its line: not a cell of a table row
        // (a tab, a pipe, digits) that happens to end in 局.
        let above = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
        let signs = |a: &&str| {
            let t = shape::squash(a);
            !a.contains(['\t', '|'])
                && !t.contains(|c: char| c.is_ascii_digit() || "、，,；;".contains(c))
                && t.chars().count() <= 30
                && CLOSING_ISSUERS.iter().any(|w| t.ends_with(w))
        };
        if above.is_some_and(signs) {
            return Some(dated(day, Precision::Day, DateSource::DateLine, l, i as u32 + 1));
        }
    }
    if let Some((n, l, year)) = head.iter().find_map(|(n, l)| Some((*n, l, number_year(l)?))) {
        let day = NaiveDate::from_ymd_opt(year, 1, 1)?;
        return Some(dated(day, Precision::Year, DateSource::DocumentNumber, l, n));
    }
    let title = title?;
    let day = NaiveDate::from_ymd_opt(single_year(title)?, 1, 1)?;
    let line =
        head.iter().find(|(_, l)| shape::squash(l).contains(&shape::squash(title))).map_or(0, |(n, _)| *n);
    Some(dated(day, Precision::Year, DateSource::Title, title, line))
}

/// How an issuer's name ends where it signs a notice above its date line.
const CLOSING_ISSUERS: &[&str] =
    &["人民政府", "政府", "办公室", "办公厅", "委员会", "局", "委", "办", "领导小组"];

/// Labels of a publication or signing date, read wherever they stand on a
/// short line and whatever follows (`文章来源:… 发表时间:2021-05-07 10:49`).
const DATE_LABELS: &[&str] = &["发布日期", "发布时间", "发表时间", "印发日期", "成文日期"];

/// The day a date line states: the whole (squashed) line is a date, in
/// parentheses or not, or a labelled date followed by anything.
fn date_line(line: &str) -> Option<NaiveDate> {
    // A label is looked for in the line as printed: squashing it would
    // join the date to a time after it (2021-05-07 10:49).
    let printed = line.trim();
    let labelled = DATE_LABELS.iter().find_map(|w| printed.find(w).map(|at| &printed[at + w.len()..]));
    if let Some(rest) = labelled.or_else(|| printed.strip_prefix("日期")) {
        let rest = rest.trim_start_matches(|c: char| "：:".contains(c) || c.is_whitespace());
        return full_date(rest).map(|(day, _)| day);
    }
    let t = shape::squash(line);
    let t = t.trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    full_date(t).filter(|(_, used)| *used == t.len()).map(|(day, _)| day)
}

/// A full date at the start of `text` and the bytes it takes:
/// `2019年8月12日`, `二〇一九年八月十二日`, `2019-08-12`, `2019.8.12`, `2019/08/12`.
fn full_date(text: &str) -> Option<(NaiveDate, usize)> {
    let (year, at) = number_at(text, 4)?;
    let sep = text[at..].chars().next()?;
    let at = at + sep.len_utf8();
    let (month, at) = number_at(&text[at..], 2).map(|(m, n)| (m, at + n))?;
    let next = text[at..].chars().next()?;
    let (day, end) = match sep {
        '年' if next == '月' => {
            number_at(&text[at + next.len_utf8()..], 3).map(|(d, n)| (d, at + next.len_utf8() + n))?
        }
        '-' | '.' | '/' if next == sep => number_at(&text[at + 1..], 2).map(|(d, n)| (d, at + 1 + n))?,
        _ => return None,
    };
    let end =
        if sep == '年' { text[end..].strip_prefix('日').map(|_| end + '日'.len_utf8())? } else { end };
    if !(1990..=2100).contains(&year) {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(year as i32, month, day)?, end))
}

/// A number at the start of `text` in ASCII digits (at most `max` of them,
/// exactly four for a year) or Chinese numerals (二〇一九, 十二, 二十三),
/// and the bytes it takes.
fn number_at(text: &str, max: usize) -> Option<(u32, usize)> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let fits = if max == 4 { digits.len() == 4 } else { digits.len() <= max.min(2) };
        return fits.then(|| Some((digits.parse().ok()?, digits.len()))).flatten();
    }
    const DIGITS: &str = "〇一二三四五六七八九";
    let numerals: Vec<char> =
        text.chars().take_while(|c| DIGITS.contains(*c) || *c == '十' || *c == '零').collect();
    let bytes = numerals.iter().map(|c| c.len_utf8()).sum();
    let value =
        |c: &char| if *c == '零' { Some(0) } else { DIGITS.chars().position(|d| d == *c).map(|v| v as u32) };
    if max == 4 {
        // A year is read digit by digit: 二〇一九.
        return (numerals.len() == 4 && !numerals.contains(&'十'))
            .then(|| numerals.iter().try_fold(0, |acc, c| Some(acc * 10 + value(c)?)).map(|v| (v, bytes)))
            .flatten();
    }
    // A month or day: 八, 十, 十二, 二十, 二十三, 三十一.
    let n = match numerals.as_slice() {
        [one] if *one != '十' => value(one)?,
        ['十'] => 10,
        ['十', one] => 10 + value(one)?,
        [tens, '十'] => 10 * value(tens)?,
        [tens, '十', one] => 10 * value(tens)? + value(one)?,
        _ => return None,
    };
    Some((n, bytes))
}

/// The year of a document number opening a line: the issuer's short name
/// (竹府办, 鞍立政发, 国卫老龄发; Han characters only) then `〔2019〕12号`
/// (also `[2019]`, `［2019］`, `【2019】`). A number cited inside a sentence
/// (《…》（国卫老龄发〔2019〕60号）) is not the document's own.
fn number_year(line: &str) -> Option<i32> {
    let t = shape::squash(line);
    let open = t.find(['〔', '[', '［', '【'])?;
    let issuer = &t[..open];
    let short = (1..=12).contains(&issuer.chars().count())
        && issuer.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if !short {
        return None;
    }
    let rest = &t[open..];
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let year = year_at_start(rest)?;
    let rest = rest[4..].strip_prefix(['〕', ']', '］', '】'])?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && rest[digits..].starts_with('号')).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_from_titles() {
        assert_eq!(
            place_from_title("三亚市开展居家和社区养老服务改革试点重点任务分工表").as_deref(),
            Some("三亚市")
        );
        assert_eq!(place_from_title("陕西省咸阳市重点任务分工").as_deref(), Some("咸阳市"));
        assert_eq!(place_from_title("重点任务分工及进度安排表"), None);
        assert_eq!(place_from_title("市民政局工作任务清单"), None);
    }

    #[test]
    fn issuers_of_documents() {
        let lines =
            |t: &[&str]| t.iter().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect::<Vec<_>>();
        let name = |t: &[&str]| issuer(&lines(t), None).map(|(d, _)| d.name);
        assert_eq!(
            name(&["大竹县人民政府办公室关于对2016年民生实事进行重点督办的通知"]).as_deref(),
            Some("大竹县")
        );
        assert_eq!(name(&["鞍山市立山区人民政府文件", "鞍立政发〔2023〕2号"]).as_deref(), Some("立山区"));
        assert_eq!(
            name(&["县卫健委2021年政府工作报告任务分解", "文章来源:灵璧县卫生健康委员会 浏览量:"]).as_deref(),
            Some("灵璧县")
        );
        assert_eq!(name(&["内蒙古自治区人民政府办公厅关于印发…的通知"]).as_deref(), Some("内蒙古自治区"));
        assert_eq!(name(&["重点任务分工及进度安排表"]), None);
        // A name several places share is read inside the place given.
        let nanjing = Divisions::bundled().resolve("南京市", None);
        let found = issuer(&lines(&["鼓楼区人民政府办公室关于印发…的通知"]), nanjing.as_ref());
        assert_eq!(found.map(|(d, _)| d.code).as_deref(), Some("320106"));
    }

    #[test]
    fn years_of_documents() {
        let lines =
            |t: &[&str]| t.iter().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect::<Vec<_>>();
        assert_eq!(document_year(Some("2016年民生实事目标任务分解表"), &[]), Some((2016, YearSource::Title)));
        let notice = lines(&["大竹县人民政府办公室关于…的通知", "发布日期:2016-03-01", "竹府办〔2016〕20号"]);
        assert_eq!(
            document_year(Some("民生实事目标任务分解表"), &notice),
            Some((2016, YearSource::DocumentNumber))
        );
        assert_eq!(document_year(None, &lines(&["2019年2月15日"])), Some((2019, YearSource::DateLine)));
        assert_eq!(document_year(Some("“十四五”规划（2021-2025年）重点任务分工"), &[]), None);
        assert_eq!(document_year(None, &lines(&["新增托位数400个"])), None);
    }

    #[test]
    fn dates_of_documents() {
        let lines =
            |t: &[&str]| t.iter().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect::<Vec<_>>();
        let date = |title: Option<&str>, head: &[&str], all: &[&str]| {
            document_date(None, title, &lines(head), all).map(|d| (d.date.to_string(), d.precision, d.source))
        };
        let day = |d: &str, source| Some((d.to_string(), Precision::Day, source));
        let year = |y: &str, source| Some((format!("{y}-01-01"), Precision::Year, source));
        // A document number opening its line; one cited in a sentence is not the document's.
        let numbered = ["市民政局关于印发养老服务工作要点的通知", "民发〔2019〕12号"];
        assert_eq!(date(None, &numbered, &[]), year("2019", DateSource::DocumentNumber));
        assert_eq!(date(None, &["根据《关于推进医养结合的意见》（国卫老龄发〔2019〕60号）"], &[]), None);
        assert_eq!(
            date(None, &["鞍立政发[2023]2号立山区人民政府关于印发…的通知"], &[]),
            year("2023", DateSource::DocumentNumber)
        );
        // The date line beats the number's year; Chinese numerals read as digits.
        let signed = ["民发〔2019〕12号", "XX市民政局", "2019年8月12日"];
        assert_eq!(date(None, &signed, &[]), day("2019-08-12", DateSource::DateLine));
        assert_eq!(date(None, &["（二〇一九年八月十二日）"], &[]), day("2019-08-12", DateSource::DateLine));
        assert_eq!(date(None, &["二〇二〇年十二月三十一日"], &[]), day("2020-12-31", DateSource::DateLine));
        assert_eq!(
            date(None, &["发布日期:2018-07-09     浏览次数:"], &[]),
            day("2018-07-09", DateSource::DateLine)
        );
        let page = ["文章来源:某县卫生健康委员会 浏览量: 发表时间:2021-05-07 10:49"];
        assert_eq!(date(None, &page, &[]), day("2021-05-07", DateSource::DateLine));
        assert_eq!(date(None, &["完成日期:2020-12-31"], &[]), None);
        // A deadline is no date line: it says more than a date.
        assert_eq!(date(None, &["2019年12月31日前完成"], &[]), None);
        assert_eq!(date(None, &["2019年2月30日"], &[]), None);
        // A closing date line below the issuer, after the table; a deadline cell ending the table is not one.
        let closing =
            ["序号\t工作任务\t牵头单位", "1\t建立机制\t市民政局", "", "某某市人民政府办公室", "2021年3月5日"];
        assert_eq!(date(None, &[], &closing), day("2021-03-05", DateSource::DateLine));
        assert_eq!(date(None, &[], &["1\t建立机制\t市民政局", "2021年3月5日"]), None);
        // The title's one year is the last resort; a span of years is none.
        assert_eq!(date(Some("2016年民生实事目标任务分解表"), &[], &[]), year("2016", DateSource::Title));
        assert_eq!(date(Some("“十四五”规划（2021-2025年）重点任务分工"), &[], &[]), None);
        assert_eq!(date(Some("重点任务分工表"), &["新增托位数400个"], &[]), None);
        // A date given at ingest beats every statement of the text.
        let given =
            document_date(Some(NaiveDate::from_ymd_opt(2020, 5, 1).unwrap()), None, &lines(&signed), &[]);
        assert_eq!(given.map(|d| (d.source, d.line)), Some((DateSource::Given, 0)));
    }
}
