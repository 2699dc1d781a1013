//! What a document says about itself: its title, the place that issued it
//! and its year, read from the lines before the table (title, document
//! number 〔2016〕20号, date line).
//!
//! This module must not read tasks.

use super::divisions::{Division, Divisions};
use super::shape;
use crate::model::PlaceLevel;

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
}
