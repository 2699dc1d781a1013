//! Unit cells → unit names as printed. A cell lists units separated by
//! 、 ， , ； ; line breaks or spaces; line breaks and spaces also occur
//! inside a name where the PDF wrapped (`市卫生健康 委员会`), so a weak break
//! is kept only when the part before it is a complete unit name. A shared
//! suffix is expanded (`管理区、经开区管委会` → 管理区管委会, 经开区管委会).
//!
//! This module must not resolve names (the caller does, through the
//! directory); it only asks whether a name is known, to decide joins.

/// Endings of unit names, longest first where one ends another.
const SUFFIXES: &[&str] = &[
    "人民政府",
    "管理委员会",
    "委员会",
    "管委会",
    "成员单位",
    "办公室",
    "分局",
    "支行",
    "政府",
    "单位",
    "部门",
    "中心",
    "公司",
    "集团",
    "协会",
    "海关",
    "社区",
    "街道",
    "大学",
    "学校",
    "学院",
    "小组",
    "局",
    "委",
    "办",
    "会",
    "府",
    "院",
    "厅",
    "联",
    "队",
    "行",
    "处",
    "部",
    "所",
    "团",
    "站",
    "室",
    "署",
    "社",
    "馆",
    "科",
];

/// A unit name as printed, with the ★ / （牵头） mark some documents put on
/// the lead unit of a cell.
#[derive(Debug, Clone)]
pub struct UnitName {
    pub printed: String,
    pub starred: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// A space: maybe a wrap inside a name.
    Space,
    /// A line break: maybe a wrap inside a name.
    Line,
    /// 、: a list whose last name may share its suffix.
    Enum,
    /// ， , ； ;
    Strong,
}

/// The name without a trailing parenthesis (各区政府（管委会） → 各区政府).
fn base(name: &str) -> &str {
    if let Some(open) = name.strip_suffix('）').and_then(|n| n.rfind('（')) {
        if open > 0 {
            return &name[..open];
        }
    }
    name
}

/// Whether `name` ends like a unit (局, 委员会, 人民政府 …).
pub fn has_unit_suffix(name: &str) -> bool {
    let b = base(name);
    SUFFIXES.iter().any(|s| b.ends_with(s))
}

/// Characters of `name` before its unit ending (2 for 桂林|大学), if it
/// has one; the longest ending counts.
pub fn chars_before_suffix(name: &str) -> Option<usize> {
    let b = base(name);
    SUFFIXES.iter().filter(|s| b.ends_with(*s)).map(|s| b.chars().count() - s.chars().count()).min()
}

/// A fragment that cannot be a unit by itself: only a suffix, or a short
/// tail that does not start like a name.
fn is_tail(fragment: &str) -> bool {
    SUFFIXES.contains(&fragment)
        || (fragment.chars().count() <= 3 && !fragment.starts_with(['市', '各', '县', '区', '省', '团']))
}

/// Characters that end a place name.
const PLACE_ENDS: &[char] = &['市', '区', '县', '镇', '乡', '州', '旗', '盟'];

fn ends_with_place(name: &str) -> bool {
    name.ends_with(PLACE_ENDS) || name.ends_with('）')
}

/// Words that name a group of units rather than one: 各相关单位, 有关部门.
const COLLECTIVE_STARTS: &[&str] = &["各", "有关", "相关", "其他", "其它", "全市", "全县", "全区", "全省"];

/// Whether every name in a list (`市民政局、市发改委，各县市区人民政府等`)
/// reads as a unit, before any lookup: it ends like one or names a group.
/// Parentheses and verbs such as `（市、县两级负责）` fail.
pub fn plausible_list(text: &str) -> bool {
    let names: Vec<UnitName> = split_units(&[text], &|_| Known::Unknown);
    !names.is_empty()
        && names.iter().all(|n| {
            let name = n.printed.as_str();
            has_unit_suffix(name)
                || COLLECTIVE_STARTS.iter().any(|s| {
                    // A group is named in a few words (各成员单位, 有关企业);
                    // a longer clause is a sentence (各配合部门要按照职责…).
                    let n = name.chars().count();
                    name.starts_with(s) && n > s.chars().count() + 1 && n <= 8
                })
                || super::lexicon::is_run_name(name)
                || is_place_name(name)
        })
}

/// A place named as a unit (祁浜村, 五星街道, 周庄镇): its government.
fn is_place_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=10).contains(&n)
        && ["村", "社区", "街道", "镇", "乡"].iter().any(|s| name.ends_with(s))
        && !name.contains(['。', '，', ',', '；'])
}

/// Full-width parentheses, no full-width spaces.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// How the reference table knows a name, as far as rejoining cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Listed as printed.
    Exact,
    /// Named by a rule for the governments of places (各县区人民政府): any
    /// text ending so matches, so it says little about where names end.
    Rule,
    /// Only known after a typo correction: `市人力资源社` reads as 市人力资源局,
    /// which says nothing about whether it is a whole name.
    Corrected,
    Unknown,
}

/// Splits a unit cell (its printed lines) into unit names. `known` tells
/// how the reference table knows a name; it only steers rejoining.
pub fn split_units<S: AsRef<str>>(lines: &[S], known: &dyn Fn(&str) -> Known) -> Vec<UnitName> {
    let text = lines.iter().map(|l| normalise(l.as_ref())).collect::<Vec<_>>().join("\n");
    let pieces = tokenise(&text);
    let joined = rejoin(pieces, known);
    let expanded = expand_shared_suffix(joined);
    expanded.iter().flat_map(|p| expand_levels(p)).filter_map(|p| finish(&p)).collect()
}

/// Two levels before one department name: `市县（区）民政局` is the place's
/// bureau and the counties' (市民政局, 县（区）民政局).
fn expand_levels(name: &str) -> Vec<String> {
    let Some(rest) = name.strip_prefix('市').filter(|r| r.starts_with('县')) else {
        return vec![name.to_string()];
    };
    let mut level_end = '县'.len_utf8();
    if rest[level_end..].starts_with('（') {
        match rest[level_end..].find('）') {
            Some(close) => level_end += close + '）'.len_utf8(),
            None => return vec![name.to_string()],
        }
    }
    let tail = &rest[level_end..];
    if tail.chars().count() < 2 || !has_unit_suffix(tail) {
        return vec![name.to_string()];
    }
    vec![format!("市{tail}"), rest.to_string()]
}

/// Pieces between separators outside parentheses, each with the break
/// that follows it (the strongest, when several separators are adjacent).
fn tokenise(text: &str) -> Vec<(String, Break)> {
    let mut pieces: Vec<(String, Break)> = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut pending: Option<Break> = None;
    for c in text.chars() {
        let brk = match c {
            '（' => {
                depth += 1;
                None
            }
            '）' => {
                depth = depth.saturating_sub(1);
                None
            }
            _ if depth > 0 => None,
            '、' => Some(Break::Enum),
            '，' | ',' | '；' | ';' | '。' => Some(Break::Strong),
            '\n' => Some(Break::Line),
            c if c.is_whitespace() => Some(Break::Space),
            _ => None,
        };
        match brk {
            Some(b) => pending = Some(pending.map_or(b, |p| p.max(b))),
            None => {
                if let Some(b) = pending.take() {
                    if !current.is_empty() {
                        pieces.push((std::mem::take(&mut current), b));
                    }
                }
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        pieces.push((current, Break::Strong));
    }
    pieces
}

/// The longest name (in UTF-8 bytes, 40 characters) that wrapped pieces
/// are joined into. Longer runs are text, and joining them would resolve a
/// growing string once per piece.
const MAX_JOINED_BYTES: usize = 120;

fn rejoin(pieces: Vec<(String, Break)>, known: &dyn Fn(&str) -> Known) -> Vec<(String, Break)> {
    let mut out: Vec<(String, Break)> = Vec::new();
    for (piece, brk) in pieces {
        if let Some((left, left_brk)) = out.last_mut() {
            let fits = left.len() + piece.len() <= MAX_JOINED_BYTES;
            if *left_brk <= Break::Line && fits && should_join(left, &piece, *left_brk, known) {
                left.push_str(&piece);
                *left_brk = brk;
                continue;
            }
        }
        out.push((piece, brk));
    }
    out
}

/// Whether a fragment opens like a unit name: a level (市, 各, 县, 州 …) or
/// a place name (济南市…, 六盘水…). Department stems do not count here:
/// they are what a wrap leaves at the start of a name's second half
/// (市社会 组织管理局).
fn starts_like_name(fragment: &str) -> bool {
    fragment.starts_with(['市', '各', '县', '区', '省', '团', '州', '盟', '旗', '镇', '乡'])
        || COLLECTIVE_STARTS.iter().any(|s| fragment.starts_with(s))
        || super::lexicon::is_town_government(fragment.trim_end_matches('等'))
        || fragment.starts_with("自治区")
        || fragment.chars().skip(1).take(3).any(|c| c == '市')
        || super::divisions::Divisions::bundled().place_prefix_len(fragment).is_some()
}

/// Decides whether a weak break (space, line end) fell inside one name.
/// The joined form is tried first, before any typo correction can make
/// the left half look complete (`市人力资源社` corrects to 市人力资源局).
fn should_join(left: &str, right: &str, brk: Break, known: &dyn Fn(&str) -> Known) -> bool {
    // A lead mark closes a name (市农业农村局★ / 市台港澳办★).
    if left.ends_with(['★', '☆', '*', '＊']) || left.ends_with("（牵头）") {
        return false;
    }
    let left_known = known(left);
    let is_name = |k: Known| matches!(k, Known::Exact | Known::Rule);
    // Two listed names stay two, even when their concatenation matches a
    // rule (`市财政局` + `各区政府` ends like a district government).
    if is_name(left_known) && is_name(known(right)) {
        return false;
    }
    if known(&format!("{left}{right}")) == Known::Exact {
        return true;
    }
    // A town and a bureau printed side by side (江湾镇 县文广新旅局, 秋口镇
    // 江湾镇): the right half opens like a name of its own. A line break
    // is more often a wrap (各市|县政府), so there only a town ends a name.
    let own_name = |right: &str| {
        (super::lexicon::is_unit_name(right) && starts_like_name(right))
            || super::lexicon::is_town_like(right)
    };
    let left_ends = match brk {
        Break::Space => super::lexicon::is_run_name(left),
        _ => super::lexicon::is_town_like(left),
    };
    if left_ends && own_name(right) {
        return false;
    }
    // A complete name keeps its break, even before a short tail
    // (`市卫健委 济南银 保监分局`).
    if is_name(left_known) {
        return false;
    }
    if !has_unit_suffix(left) {
        return true;
    }
    // The left half ends like a unit but is not one as printed: a wrap
    // inside a longer name, unless the right half is a name of its own.
    if known(right) != Known::Unknown {
        return false;
    }
    // Names of a kind listed side by side (玉林东路社区 黉门街社区) end alike.
    let ending = |name: &str| SUFFIXES.iter().find(|s| base(name).ends_with(*s)).copied();
    let parallel = ending(left).is_some_and(|e| Some(e) == ending(right) && e.chars().count() >= 2)
        && chars_before_suffix(right).is_some_and(|n| n >= 2);
    !parallel && (is_tail(right) || !starts_like_name(right))
}

fn expand_shared_suffix(pieces: Vec<(String, Break)>) -> Vec<String> {
    let mut names: Vec<String> = pieces.iter().map(|(p, _)| p.clone()).collect();
    // lender_at[i]: the next name with a suffix in the same 、 list as name i.
    let mut lender_at: Vec<Option<usize>> = vec![None; pieces.len()];
    for i in (0..pieces.len().saturating_sub(1)).rev() {
        if pieces[i].1 == Break::Enum {
            lender_at[i] = if has_unit_suffix(&pieces[i + 1].0) { Some(i + 1) } else { lender_at[i + 1] };
        }
    }
    for i in 0..pieces.len() {
        // A bare place name (龙溪、龙山、双龙湖街道办事处) borrows the kind
        // of place with the suffix; a place with its kind, the suffix.
        let bare = is_bare_place_name(&names[i]);
        if has_unit_suffix(&names[i]) || !(ends_with_place(&names[i]) || bare) || pieces[i].1 != Break::Enum {
            continue;
        }
        // The next name with a suffix in the same 、 list lends it.
        if let Some(j) = lender_at[i] {
            let lender = &pieces[j].0;
            // A zone borrows the committee of a zone named otherwise
            // (保定高新区、白沟新城管委会).
            let committee = || COMMITTEES.iter().copied().find(|c| lender.ends_with(c));
            let tail = if bare { kind_and_tail(lender) } else { shared_tail(lender).or_else(committee) };
            if let Some(tail) = tail {
                // A department of the issuer's own level (区农业农村局)
                // lends nothing to a town named before it (新坡镇、遵谭镇、
                // 区农业农村局): only a place of the same standing does.
                let lender_place = lender[..lender.len() - tail.len()].trim_start_matches('各');
                let own_level = lender_place.chars().count() <= 1;
                if !(own_level && names[i].chars().count() >= 3) {
                    names[i].push_str(tail);
                }
            }
        }
    }
    names
}

/// Kinds of place below a county that a list may print once for several
/// places (龙溪、龙山、双龙湖街道办事处; 海螺沟、亚丁景区管理局).
const TOWN_KINDS: &[&str] = &["街道", "镇", "乡", "景区", "林场", "农场"];

/// A place's name printed without its kind: two or three characters, no
/// ending of a unit or a place.
fn is_bare_place_name(name: &str) -> bool {
    (2..=3).contains(&name.chars().count())
        && name.chars().all(|c| !c.is_ascii() && c.is_alphabetic())
        && !name.starts_with(['各', '市', '县', '区', '省'])
        && !ends_with_place(name)
        && !TOWN_KINDS.iter().any(|k| name.ends_with(k))
}

/// The kind of place and what follows it in a town's unit name
/// (`双龙湖街道办事处` → 街道办事处, `大溪镇人民政府` → 镇人民政府).
fn kind_and_tail(name: &str) -> Option<&str> {
    TOWN_KINDS
        .iter()
        .filter_map(|k| name.find(k))
        .min()
        // The lender is itself a named place (双龙湖), not a department
        // whose name holds such a character (市乡村振兴局).
        .filter(|&at| {
            (2..=4).contains(&name[..at].chars().count()) && !name.starts_with(['各', '市', '县', '区', '省'])
        })
        .map(|at| &name[at..])
}

/// The bodies that govern a development zone, longest first.
const COMMITTEES: &[&str] = &["党工委和管委会", "党工委、管委会", "管理委员会", "管委会", "党工委"];

/// What follows the place in a name (`高新区党工委和管委会` → 党工委和管委会,
/// `县（区）人民政府` → 人民政府): the part a list's earlier places share.
fn shared_tail(name: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut found = None;
    for (i, c) in name.char_indices() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            c if depth == 0 && PLACE_ENDS.contains(&c) => {
                let mut end = i + c.len_utf8();
                // A parenthesis right after the place belongs to it: 县（市、区）.
                if name[end..].starts_with('（') {
                    match name[end..].find('）') {
                        Some(close) => end += close + '）'.len_utf8(),
                        None => continue,
                    }
                }
                let tail = &name[end..];
                if tail.chars().count() >= 2 && has_unit_suffix(tail) {
                    found = Some(tail);
                }
            }
            _ => {}
        }
    }
    found
}

/// Strips marks and trailing verbs: `市民政局★` → starred, `…负责` → `…`.
fn finish(piece: &str) -> Option<UnitName> {
    let mut name = piece.trim().to_string();
    let mut starred = false;
    for mark in ['★', '☆', '*', '＊'] {
        if name.contains(mark) {
            starred = true;
            name = name.replace(mark, "");
        }
    }
    // （牵头） after the name, or before it.
    for mark in ["（牵头）", "（牵头单位）", "(牵头)", "【牵头】", "[牵头]"] {
        if let Some(n) = name.strip_suffix(mark).or_else(|| name.strip_prefix(mark)) {
            starred = true;
            name = n.trim().to_string();
        }
    }
    // A note on how to read the list is not part of the name:
    // 市财政局（第一责任单位为牵头单位，下同）.
    if let Some(open) = name.strip_suffix('）').and_then(|n| n.rfind('（')) {
        if open > 0 && super::vocab::is_reading_note(&name[open..]) {
            name.truncate(open);
        }
    }
    // The official who answers for the unit is not part of its name:
    // 区经济促进局（黄志强）, under a 主办单位（责任人） header.
    if let Some(open) = name.strip_suffix('）').and_then(|n| n.rfind('（')) {
        let inside = &name[open + '（'.len_utf8()..name.len() - '）'.len_utf8()];
        // 高新园（邹区镇） names the town the park belongs to.
        let place = inside.contains(['省', '市', '州', '县', '区', '镇', '乡', '村', '街', '旗', '盟']);
        if open > 0 && !place && super::lexicon::is_person_names(inside) {
            name.truncate(open);
        }
    }
    for tail in super::vocab::ROLE_TAILS {
        if let Some(n) = name.strip_suffix(tail) {
            if !n.is_empty() {
                name = n.to_string();
            }
        }
    }
    let name = name.trim_matches(|c: char| c.is_whitespace() || "：:。．.".contains(c)).to_string();
    (!name.is_empty() && name.chars().any(|c| !c.is_ascii_punctuation()))
        .then_some(UnitName { printed: name, starred })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lines: &[&str]) -> Vec<String> {
        split_units(lines, &|_| Known::Unknown).into_iter().map(|u| u.printed).collect()
    }

    #[test]
    fn separators() {
        assert_eq!(split(&["市财政局、市残联,各县市区人民政府"]), ["市财政局", "市残联", "各县市区人民政府"]);
        assert_eq!(split(&["市民政局 市发改委"]), ["市民政局", "市发改委"]);
        assert_eq!(split(&["市农业农村局           市残联"]), ["市农业农村局", "市残联"]);
        assert_eq!(split(&["各区政府(管委会)", "市老龄办　"]), ["各区政府（管委会）", "市老龄办"]);
        assert_eq!(
            split(&["市大数据管理局、市财政局,各县市区人民政府负责"]).last().unwrap(),
            "各县市区人民政府"
        );
    }

    #[test]
    fn wrapped_names_are_rejoined() {
        assert_eq!(split(&["市卫生健康 委员会"]), ["市卫生健康委员会"]);
        assert_eq!(split(&["市卫生健康 委员会 市财政局"]), ["市卫生健康委员会", "市财政局"]);
        assert_eq!(split(&["市自然 资源局 市住房和城乡建 设局"]), ["市自然资源局", "市住房和城乡建设局"]);
        assert_eq!(split(&["咸阳银保监 分局"]), ["咸阳银保监分局"]);
        assert_eq!(split(&["市民政局、 市市场监督 管理局"]), ["市民政局", "市市场监督管理局"]);
        assert_eq!(split(&["市自然", "资源局"]), ["市自然资源局"]);
        assert_eq!(split(&["各区政府（管委会）", "市民政局"]), ["各区政府（管委会）", "市民政局"]);
    }

    #[test]
    fn known_names_steer_joins() {
        let known = |n: &str| if n == "市社会组织管理局" { Known::Exact } else { Known::Unknown };
        let names: Vec<String> =
            split_units(&["市社会 组织管理局"], &known).into_iter().map(|u| u.printed).collect();
        assert_eq!(names, ["市社会组织管理局"]);
    }

    /// A lookup like the directory's: exact names, and names it would only
    /// know after a typo correction.
    fn lookup(name: &str) -> Known {
        match name {
            "市人力资源和社会保障局" | "市人力资源社会保障局" | "市卫健委" | "济南银保监分局" => {
                Known::Exact
            }
            // 市人力资源社 is one substitution away from 市人力资源局.
            "市人力资源社" => Known::Corrected,
            _ => Known::Unknown,
        }
    }

    fn split_with(lines: &[&str]) -> Vec<String> {
        split_units(lines, &lookup).into_iter().map(|u| u.printed).collect()
    }

    #[test]
    fn joins_are_decided_before_typo_correction() {
        assert_eq!(split_with(&["市人力资源社 会保障局"]), ["市人力资源社会保障局"]);
        assert_eq!(split_with(&["市人力资源社", "会保障局、市民政局"]), ["市人力资源社会保障局", "市民政局"]);
    }

    #[test]
    fn short_tails_stay_off_complete_names() {
        assert_eq!(split_with(&["市卫健委 济南银 保监分局"]), ["市卫健委", "济南银保监分局"]);
        assert_eq!(split_with(&["市卫健委", "济南银", "保监分局"]), ["市卫健委", "济南银保监分局"]);
        // A bare suffix after an unknown name still belongs to it.
        assert_eq!(split_with(&["市社会福利中 心"]), ["市社会福利中心"]);
    }

    #[test]
    fn plausible_lists() {
        assert!(plausible_list("市民政局、市发改委，各县市区人民政府等"));
        assert!(plausible_list("各成员单位"));
        assert!(plausible_list("祁浜村、五星街道"));
        assert!(!plausible_list("各配合部门要按照职责分工主动"));
        assert!(!plausible_list("市、县两级"));
    }

    #[test]
    fn shared_suffixes_expand() {
        assert_eq!(
            split(&["市直相关单位，县（区）人民政府，管理区、经开区管委会"]),
            ["市直相关单位", "县（区）人民政府", "管理区管委会", "经开区管委会"]
        );
        assert_eq!(
            split(&["市、县（区）人民政府，管理区、经开区管委会"]),
            ["市人民政府", "县（区）人民政府", "管理区管委会", "经开区管委会"]
        );
        assert_eq!(
            split(&["各县（市、区）党委和人民政府，城乡一体化示范区、高新区党工委和管委会"]),
            ["各县（市、区）党委和人民政府", "城乡一体化示范区党工委和管委会", "高新区党工委和管委会"]
        );
        assert_eq!(split(&["各县、特区、区人民政府"]), ["各县人民政府", "特区人民政府", "区人民政府"]);
        assert_eq!(split(&["新坡镇、遵谭镇、区农业农村局"]), ["新坡镇", "遵谭镇", "区农业农村局"]);
        assert_eq!(split(&["保定高新区、白沟新城管委会"]), ["保定高新区管委会", "白沟新城管委会"]);
        assert_eq!(
            split(&["龙溪、龙山、双龙湖街道办事处"]),
            ["龙溪街道办事处", "龙山街道办事处", "双龙湖街道办事处"]
        );
        assert_eq!(split(&["大溪、银坑镇人民政府"]), ["大溪镇人民政府", "银坑镇人民政府"]);
        assert_eq!(split(&["龙溪、市乡村振兴局"]), ["龙溪", "市乡村振兴局"]);
        assert_eq!(split(&["玉林东路社区 黉门街社区"]), ["玉林东路社区", "黉门街社区"]);
        assert_eq!(split(&["市水利局\n有关单位"]), ["市水利局", "有关单位"]);
        assert_eq!(
            split(&["县玉石产业发展服务中心\n哈达碑镇人民政府等"]),
            ["县玉石产业发展服务中心", "哈达碑镇人民政府"]
        );
        assert_eq!(split(&["海螺沟、亚丁景区管理局"]), ["海螺沟景区管理局", "亚丁景区管理局"]);
        assert_eq!(split(&["市财政局(第一责任单位为牵头单位,下同)"]), ["市财政局"]);
        assert_eq!(split(&["市县（区）民政局"]), ["市民政局", "县（区）民政局"]);
        assert_eq!(split(&["市县（区）人民政府"]), ["市人民政府", "县（区）人民政府"]);
        assert_eq!(split(&["市县乡村振兴局"]), ["市乡村振兴局", "县乡村振兴局"]);
        assert_eq!(split(&["各旗县(市、区)人民政府负责落"]), ["各旗县（市、区）人民政府负责落"]);
        assert_eq!(split(&["市卫健委、市住建"]), ["市卫健委", "市住建"]);
    }

    #[test]
    fn lead_marks() {
        let units = split_units(&["市财政局、市民政局★"], &|_| Known::Unknown);
        assert!(!units[0].starred && units[1].starred);
        assert_eq!(units[1].printed, "市民政局");
        let units = split_units(&["（牵头）县自然资源局\n县公安局"], &|_| Known::Unknown);
        assert_eq!((units[0].printed.as_str(), units[0].starred), ("县自然资源局", true));
        let units = split_units(&["市民政局（牵头）、市财政局"], &|_| Known::Unknown);
        assert!(units[0].starred);
        assert_eq!(units[0].printed, "市民政局");
        let units =
            split_units(&["区经济促进局（黄志强）、各镇（街道）"], &|_| Known::Unknown);
        assert_eq!(units[0].printed, "区经济促进局");
        assert_eq!(units[1].printed, "各镇（街道）");
        assert_eq!(split_units(&["高新园（邹区镇）"], &|_| Known::Unknown)[0].printed, "高新园（邹区镇）");
        // Units a table separates by spaces only, towns among them.
        let units = split_units(&["秋口镇 江湾镇 县财政局"], &|_| Known::Unknown);
        let read: Vec<_> = units.iter().map(|u| u.printed.as_str()).collect();
        assert_eq!(read, ["秋口镇", "江湾镇", "县财政局"]);
        let units = split_units(&["县文广新旅局 大鄣山乡 溪头乡"], &|_| Known::Unknown);
        assert_eq!(units.len(), 3);
        // A wrap at a line end stays one name.
        let units = split_units(&["省农业农村厅、各市", "县政府"], &|_| Known::Unknown);
        assert_eq!(units[1].printed, "各市县政府");
        // A mark ends its name: the next line is the next unit, marked or not.
        let units = split_units(&["市农业农村局★", "市台港澳办★", "市商务局"], &|_| {
            Known::Unknown
        });
        let read: Vec<_> = units.iter().map(|u| (u.printed.as_str(), u.starred)).collect();
        assert_eq!(read, [("市农业农村局", true), ("市台港澳办", true), ("市商务局", false)]);
    }
}
