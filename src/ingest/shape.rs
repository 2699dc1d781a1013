//! Shapes of printed text shared by every reader stage: chapter and section
//! headings, task numbers, and the cleaning that turns wrapped cell lines back
//! into one string. Pure functions over `&str`; no knowledge of columns.

/// Chinese numerals used in heading numbers (一、 … 十二、).
const NUMERALS: &str = "一二三四五六七八九十百零〇";

/// Whether `c` is outside ASCII (Han characters and full-width punctuation),
/// where spaces are line-wrap artefacts rather than word separators.
fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

/// `一、…` (also `一．` / `一.`): a chapter heading.
pub fn is_chapter_heading(text: &str) -> bool {
    let mut chars = text.trim_start().chars().peekable();
    let mut count = 0;
    while chars.peek().is_some_and(|c| NUMERALS.contains(*c)) {
        chars.next();
        count += 1;
    }
    count > 0 && count <= 3 && matches!(chars.next(), Some('、' | '．' | '.'))
}

/// `（一）…` / `(一)…`: a sub-heading (section).
pub fn is_section_heading(text: &str) -> bool {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) else {
        return false;
    };
    let digits: String = rest.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    !digits.is_empty() && rest[digits.len()..].starts_with(['）', ')'])
}

pub fn is_heading(text: &str) -> bool {
    is_chapter_heading(text) || is_section_heading(text)
}

/// A number cell as printed in a 序号 column: one to three digits.
pub fn bare_number(text: &str) -> Option<&str> {
    let t = text.trim().trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// `1.充分利用…` / `2、…` / `3． …`: a numbered item. Returns the number and
/// the text after it. A decimal such as `0.1平方米` is not an item, but a
/// year after the dot is (`4.2016年，…` numbers item 4).
pub fn numbered_item(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &t[digits..];
    let sep = after.chars().next()?;
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let rest = after[sep.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
    let rest_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if rest.is_empty() || (rest_digits > 0 && !(rest_digits == 4 && rest[4..].starts_with('年'))) {
        return None;
    }
    Some((&t[..digits], rest))
}

/// The markers a prose list numbers its items with: `1.` / `1、`, `（1）`,
/// and `一是`. Returns the number as printed (`1`, `一`) and the text after it.
pub fn prose_item(text: &str) -> Option<(&str, &str)> {
    if let Some(found) = numbered_item(text) {
        return Some(found);
    }
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = &rest[digits..];
        let close = after.chars().next().filter(|c| matches!(c, '）' | ')'))?;
        let body = after[close.len_utf8()..].trim_start();
        return (digits > 0 && digits <= 2 && !body.is_empty()).then(|| (&rest[..digits], body));
    }
    let numeral_len: usize = t.chars().take_while(|c| NUMERALS.contains(*c)).map(char::len_utf8).sum();
    let body = t[numeral_len..].strip_prefix('是')?;
    (numeral_len > 0 && numeral_len <= 2 * '十'.len_utf8() && !body.is_empty())
        .then(|| (&t[..numeral_len], body))
}

/// How a list numbers its items. Lists nest by changing the marker (一、 >
/// （一） > 1. > （1）), so an item followed by items of another marker is
/// their heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// 一、
    Chapter,
    /// （一）
    Section,
    /// 1. / 1、
    Arabic,
    /// （1）
    ParenArabic,
    /// ① ②
    Circled,
    /// 一是 / 二是
    Ordinal,
}

/// The marker a paragraph starts with, its number as printed and the text
/// after it.
pub fn marker(text: &str) -> Option<(Marker, &str, &str)> {
    let t = text.trim_start();
    if let Some((n, rest)) = numbered_item(t) {
        return Some((Marker::Arabic, n, rest));
    }
    if let Some(c) = t.chars().next().filter(|c| ('①'..='⑳').contains(c)) {
        let rest = t[c.len_utf8()..].trim_start();
        return (!rest.is_empty()).then(|| (Marker::Circled, &t[..c.len_utf8()], rest));
    }
    if is_chapter_heading(t) {
        let numeral_len: usize = t.chars().take_while(|c| NUMERALS.contains(*c)).map(char::len_utf8).sum();
        let sep = t[numeral_len..].chars().next()?.len_utf8();
        let rest = t[numeral_len + sep..].trim_start();
        return (!rest.is_empty()).then(|| (Marker::Chapter, &t[..numeral_len], rest));
    }
    if is_section_heading(t) {
        let open = t.chars().next()?.len_utf8();
        let numeral_len: usize =
            t[open..].chars().take_while(|c| NUMERALS.contains(*c)).map(char::len_utf8).sum();
        let close = t[open + numeral_len..].chars().next()?.len_utf8();
        let rest = t[open + numeral_len + close..].trim_start();
        return (!rest.is_empty()).then(|| (Marker::Section, &t[open..open + numeral_len], rest));
    }
    let (n, rest) = prose_item(t)?;
    let kind = if n.bytes().all(|b| b.is_ascii_digit()) { Marker::ParenArabic } else { Marker::Ordinal };
    Some((kind, n, rest))
}

/// Whether a line starts an enumerated sub-item (`2.…`, `（3）…`), which
/// keeps its own line when cell lines are joined.
fn starts_item(line: &str) -> bool {
    if numbered_item(line).is_some() {
        return true;
    }
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(['）', ')'])
}

/// Cleans one printed line: full-width spaces count as spaces, runs of spaces
/// collapse, and a space next to a Han character or full-width punctuation is
/// dropped because it only records where the PDF wrapped (`放宽 准入条件`).
pub fn clean_line(line: &str) -> String {
    if !line.contains(|c: char| c.is_whitespace() || c == '\u{3000}') {
        return line.to_string();
    }
    let chars: Vec<char> =
        line.chars().map(|c| if c.is_whitespace() || c == '\u{3000}' { ' ' } else { c }).collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != ' ' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run of spaces: one space stays between two narrow characters.
        let end = chars[i..].iter().position(|c| *c != ' ').map_or(chars.len(), |n| i + n);
        match (out.chars().last(), chars.get(end)) {
            (Some(p), Some(&n)) if !is_wide(p) && !is_wide(n) => out.push(' '),
            _ => {}
        }
        i = end;
    }
    out
}

/// Joins the lines of a wrapped cell into one string. Lines are concatenated
/// (Chinese wraps anywhere), except that an enumerated sub-item keeps its own
/// line.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let cleaned = clean_line(line.as_ref());
        if cleaned.is_empty() {
            continue;
        }
        if !out.is_empty() && starts_item(&cleaned) {
            out.push('\n');
        }
        out.push_str(&cleaned);
    }
    out
}

/// The text with full-width digits (２０２０年６月, １．) and cell bars
/// (`序号｜重点任务｜牵头单位`) written as ASCII and a byte-order mark
/// dropped: the same numbers and separators printed in another width,
/// which every later stage then reads alike. Borrows when nothing changes.
pub fn narrow_width(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| ('０'..='９').contains(&c) || c == '｜' || c == '\u{feff}';
    if !text.contains(wide) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter(|c| *c != '\u{feff}')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '｜' => '|',
            c => c,
        })
        .collect()
}

/// A page number a PDF or Word copy leaves between rows: `- 3 -`, `— 4 —`,
/// `第3页`, `3/12`.
pub fn is_page_mark(line: &str) -> bool {
    // A running head or foot: a short title beside the page number, apart
    // by a wide gap (云南省人民政府办公厅文件　　— 3 —, either way round).
    let gap = line.contains(['\u{3000}', '\t']) || line.contains("  ");
    if !gap || !line.contains(|c: char| c.is_ascii_digit()) {
        return is_page_number(line);
    }
    let wide = line.replace(['\u{3000}', '\t'], "  ");
    let parts: Vec<&str> = wide.split("  ").map(str::trim).filter(|p| !p.is_empty()).collect();
    if let [a, b] = parts.as_slice() {
        let title = |t: &str| {
            t.chars().count() <= 24 && !t.chars().any(|c| c.is_ascii_digit() || "，。；、".contains(c))
        };
        if (is_page_number(a) && title(b)) || (title(a) && is_page_number(b)) {
            return true;
        }
    }
    is_page_number(line)
}

/// A page number alone: `— 3 —`, `第 2 页 共 3 页`, `2/5`.
fn is_page_number(line: &str) -> bool {
    let squashed = squash(line);
    let t = squashed.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '－' | '_'));
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if t.is_empty() || digits == 0 {
        return false;
    }
    let rest: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    // A bare number is a row number; a page number wears dashes or words.
    let decorated = t.len() < squashed.len();
    match rest.as_str() {
        "" => decorated,
        r => matches!(r, "第页" | "/" | "第页共页" | "共页第页" | "P." | "p."),
    }
}

/// The lines over a table: an attachment mark (`附件2`) or a table's title
/// (`…重点任务分工表`, `…项目清单`).
pub fn is_table_title(text: &str) -> bool {
    const TITLE_ENDS: &[&str] = &["分工表", "分解表", "清单", "任务表", "安排表", "责任表", "一览表", "台账"];
    let t = text.trim();
    t.starts_with("附件") || (t.chars().count() <= 60 && TITLE_ENDS.iter().any(|w| t.ends_with(w)))
}

/// A remark printed under a table (`备注：…`, `注：…`, `说明：…`, a contact
/// line `（联系人：…）`), the lines closing a document (`抄送：…`, `…印发`,
/// `制表人：…`) or a web page's buttons: never part of a row or a cell.
pub fn is_note(text: &str) -> bool {
    let t = text.trim_start_matches([' ', '\u{3000}', '\t', '（', '(']);
    ["备注", "注：", "注:", "说明：", "说明:", "联系人", "联系电话", "抄送", "制表", "填表", "填报人", "填报单位", "审核人"]
        .iter()
        .any(|p| t.starts_with(p))
        // The print line that closes a document (…办公室 2021年3月26日印发).
        || (t.ends_with("印发") && t.contains('年') && t.contains('日'))
        // A web page's buttons copied with the text (【打印本页】【关闭窗口】).
        || ["打印本页", "关闭窗口", "【打印】", "【关闭】", "字体：大"].iter().any(|w| t.contains(w))
}

/// A note saying blank cells repeat the cell above (注：…栏为合并单元格，
/// 空白的与上一项相同): the table was copied without its merged cells.
pub fn says_blanks_repeat(text: &str) -> bool {
    let blank = ["空白", "空格", "未填"].iter().any(|w| text.contains(w));
    is_note(text) && (text.contains("合并单元格") || (blank && text.contains('上') && text.contains('同')))
}

/// Text with all whitespace removed, for comparing headings repeated after a
/// page break whose wrap points differ.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert!(is_chapter_heading("一、加快推进养老服务基础设施建设"));
        assert!(is_chapter_heading("十、强化保障机制 "));
        assert!(!is_chapter_heading("一是加强"));
        assert!(is_section_heading("（一）加快强居家养老服务重点设施建设"));
        assert!(is_section_heading("(二)推进"));
        assert!(!is_section_heading("（2019）"));
    }

    #[test]
    fn numbers() {
        assert_eq!(bare_number(" 12 "), Some("12"));
        assert_eq!(bare_number("2020"), None);
        assert_eq!(numbered_item("1.充分利用"), Some(("1", "充分利用")));
        assert_eq!(numbered_item("2. 编制"), Some(("2", "编制")));
        assert_eq!(numbered_item("4.2016年，具备条件"), Some(("4", "2016年，具备条件")));
        assert_eq!(numbered_item("0.1平方米"), None);
        assert_eq!(numbered_item("2020年底前"), None);
        assert_eq!(prose_item("（2）建立制度"), Some(("2", "建立制度")));
        assert_eq!(prose_item("(12) 建立"), Some(("12", "建立")));
        assert_eq!(prose_item("三是加强督导"), Some(("三", "加强督导")));
        assert_eq!(prose_item("3.建立"), Some(("3", "建立")));
        assert_eq!(prose_item("（一）小节"), None);
        assert_eq!(prose_item("是否"), None);
        assert_eq!(prose_item("（2019）"), None);
        assert_eq!(marker("（二）推进完善"), Some((Marker::Section, "二", "推进完善")));
        assert_eq!(marker("一、总体要求"), Some((Marker::Chapter, "一", "总体要求")));
        assert_eq!(marker("(3)加强演练"), Some((Marker::ParenArabic, "3", "加强演练")));
        assert_eq!(marker("②建立"), Some((Marker::Circled, "②", "建立")));
        assert_eq!(marker("二是加强"), Some((Marker::Ordinal, "二", "加强")));
        assert_eq!(marker("7.鼓励"), Some((Marker::Arabic, "7", "鼓励")));
        assert_eq!(marker("加强督导"), None);
    }

    #[test]
    fn notes_and_closing_lines() {
        for note in [
            "注：标★的为牵头单位。",
            "（联系人：县政务服务局 王明，电话：0000-1234567）",
            "抄送：市委办公室，市人大常委会办公室。",
            "锡林郭勒盟行政公署办公室　　2021年3月26日印发",
            "制表人：宋文博\t审核人：程立军",
            "填报单位：市工业和信息化局\t\t联系人：赵立强",
            "【打印本页】　【关闭窗口】",
        ] {
            assert!(is_note(note), "{note}");
        }
        assert!(!is_note("落实注册登记制度。") && !is_note("市民政局"));
        assert!(says_blanks_repeat("注：类别、牵头部门、完成时限栏为合并单元格，空白的与上一项相同。"));
        assert!(says_blanks_repeat("备注：空白处同上"));
        assert!(!says_blanks_repeat("注：标★的为牵头单位。"));
    }

    #[test]
    fn page_marks() {
        for mark in ["- 3 -", "— 4 —", "第3页", "3/12", "P. 22", "-16-"] {
            assert!(is_page_mark(mark), "{mark}");
        }
        assert!(is_page_mark("云南省人民政府办公厅文件　　　　— 3 —"));
        assert!(is_page_mark("— 4 —\t\t某某市人民政府办公室"));
        for text in ["2020年", "1 任务", "— —", "12345个", "12", "3\t完善充换电基础设施", "12  市民政局"]
        {
            assert!(!is_page_mark(text), "{text}");
        }
    }

    #[test]
    fn joining() {
        assert_eq!(join_lines(&["推进医养", "结合"]), "推进医养结合");
        assert_eq!(join_lines(&["1.成立；", "2.制定。"]), "1.成立；\n2.制定。");
        assert_eq!(clean_line("推进 多样化 养老 "), "推进多样化养老");
        assert_eq!(clean_line("ppp 项目"), "ppp项目");
        assert_eq!(clean_line("open  data"), "open data");
        assert_eq!(narrow_width("\u{feff}２０２０年６月　１２"), "2020年6月　12");
        assert!(matches!(narrow_width("2020年"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(narrow_width("序号｜重点任务｜牵头单位"), "序号|重点任务|牵头单位");
    }
}
