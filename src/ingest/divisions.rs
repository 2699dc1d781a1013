//! China's administrative divisions (GB/T 2260, `seeds/divisions.tsv` and
//! `seeds/townships.tsv`): place names → code, level and parent. The reader
//! uses them to tell who issued a document (大竹县 under 达州市 under 四川省),
//! at which level its departments sit, and whether a unit name opens with a
//! place (大竹县水务局, 立山经济开发区).
//!
//! This module must not read documents; it answers questions about names.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::PlaceLevel;

/// One place of the divisions table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// GB/T 2260 code: 2 digits for a province, 4 for a prefecture, 6 for a
    /// county, 9 for a township.
    pub code: String,
    /// Full name, e.g. 大竹县.
    pub name: String,
    pub level: PlaceLevel,
}

impl Division {
    /// The name without its level word (大竹县 → 大竹, 内蒙古自治区 → 内蒙古,
    /// 恩施土家族苗族自治州 → 恩施); the full name when that would leave one
    /// character (渠县).
    pub fn short_name(&self) -> &str {
        short_name(&self.name)
    }

    /// The character its own departments' names open with: 市 for a place
    /// (市民政局), 县 for a county, 省 or 自治区 for a province.
    pub fn own_prefix(&self) -> &'static str {
        own_prefix(&self.name, self.level)
    }
}

/// Ethnic names inside autonomous places' names, cut from short names.
const ETHNIC: &[&str] = &[
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "普米族",
    "塔吉克",
    "怒族",
    "鄂温克族",
    "保安族",
    "裕固族",
    "独龙族",
    "鄂伦春族",
    "各族",
];

/// Level words, longest first.
const LEVEL_WORDS: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道办事处",
    "地区",
    "街道",
    "特区",
    "林区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
];

/// A place's name without its level word (大竹县 → 大竹, 内蒙古自治区 → 内蒙古,
/// 恩施土家族苗族自治州 → 恩施, 江门市 → 江门); the full name when that would
/// leave one character (渠县).
pub fn short_name(name: &str) -> &str {
    let mut short = name;
    if name.contains("自治") {
        if let Some(at) = ETHNIC.iter().filter_map(|e| name.find(e)).min() {
            short = &name[..at];
        }
    }
    for word in LEVEL_WORDS {
        if let Some(s) = short.strip_suffix(word) {
            short = s;
            break;
        }
    }
    if short.chars().count() >= 2 {
        short
    } else {
        name
    }
}

/// The everyday name of an autonomous prefecture, county or banner: its
/// short name with the last character of its level word (恩施土家族苗族自治州 →
/// 恩施州, 长阳土家族自治县 → 长阳县), as people and document titles write it.
/// `None` for any other name.
pub fn everyday_name(name: &str) -> Option<String> {
    let word = ["自治州", "自治县", "自治旗"].into_iter().find(|w| name.ends_with(w))?;
    let short = short_name(name);
    let last = word.chars().last()?;
    (short != name).then(|| format!("{short}{last}"))
}

fn own_prefix(name: &str, level: PlaceLevel) -> &'static str {
    match level {
        PlaceLevel::Province if name.ends_with("自治区") => "自治区",
        PlaceLevel::Province if name.ends_with('市') => "市",
        PlaceLevel::Province => "省",
        PlaceLevel::Prefecture if name.ends_with('州') => "州",
        PlaceLevel::Prefecture if name.ends_with('盟') => "盟",
        PlaceLevel::Prefecture => "市",
        PlaceLevel::County if name.ends_with('区') => "区",
        PlaceLevel::County if name.ends_with('旗') => "旗",
        PlaceLevel::County if name.ends_with('市') => "市",
        PlaceLevel::County => "县",
        PlaceLevel::Township if name.ends_with('乡') => "乡",
        PlaceLevel::Township if name.ends_with("街道") || name.ends_with("办事处") => "街道",
        PlaceLevel::Township => "镇",
    }
}

fn level_of(code: &str) -> Option<PlaceLevel> {
    match code.len() {
        2 => Some(PlaceLevel::Province),
        4 => Some(PlaceLevel::Prefecture),
        6 => Some(PlaceLevel::County),
        9 => Some(PlaceLevel::Township),
        _ => None,
    }
}

/// County names that are everyday words (城区, 郊区, 矿区): not taken as
/// the opening of a unit name.
const GENERIC: &[&str] = &["城区", "郊区", "矿区", "新区", "市区", "市辖区"];

#[derive(Debug, Default)]
pub struct Divisions {
    entries: Vec<Division>,
    by_code: HashMap<String, usize>,
    /// Full and short names → entries (several places share names: 鼓楼区).
    by_name: HashMap<String, Vec<usize>>,
    /// Township names → the codes of the counties that have one.
    townships: OnceLock<HashMap<String, Vec<String>>>,
    townships_text: &'static str,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DivisionsError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Divisions {
    /// Parses `code<TAB>name` lines; `#` lines are comments.
    pub fn parse(file: &str, text: &str, townships: &'static str) -> Result<Divisions, DivisionsError> {
        let mut d = Divisions { townships_text: townships, ..Divisions::default() };
        for (i, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let err = |message: String| DivisionsError { file: file.to_string(), line: i + 1, message };
            let (code, name) = raw
                .split_once('\t')
                .ok_or_else(|| err(format!("expected `code<TAB>name`, found `{raw}`")))?;
            let level = level_of(code)
                .filter(|_| code.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| err(format!("expected a code of 2, 4, 6 or 9 digits, found `{code}`")))?;
            let idx = d.entries.len();
            d.entries.push(Division { code: code.to_string(), name: name.trim().to_string(), level });
            d.by_code.insert(code.to_string(), idx);
        }
        for (idx, e) in d.entries.iter().enumerate() {
            d.by_name.entry(e.name.clone()).or_default().push(idx);
            let short = e.short_name();
            if short != e.name {
                d.by_name.entry(short.to_string()).or_default().push(idx);
            }
        }
        Ok(d)
    }

    /// The tables bundled with the binary.
    pub fn bundled() -> &'static Divisions {
        static BUNDLED: OnceLock<Divisions> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Divisions::parse(
                "seeds/divisions.tsv",
                include_str!("../../seeds/divisions.tsv"),
                include_str!("../../seeds/townships.tsv"),
            )
            .expect("the bundled seeds/divisions.tsv is well-formed (checked by a test)")
        })
    }

    pub fn by_code(&self, code: &str) -> Option<&Division> {
        self.by_code.get(code).map(|&i| &self.entries[i])
    }

    /// The place directly above: a county's prefecture (or its province
    /// when the province governs it directly), a prefecture's province.
    pub fn parent(&self, d: &Division) -> Option<Division> {
        let mut len = match d.level {
            PlaceLevel::Province => return None,
            PlaceLevel::Prefecture => 2,
            PlaceLevel::County => 4,
            PlaceLevel::Township => 6,
        };
        while len >= 2 {
            if let Some(p) = self.by_code(&d.code[..len]) {
                return Some(p.clone());
            }
            len -= 2;
        }
        None
    }

    /// The places above `d`, nearest first.
    pub fn ancestors(&self, d: &Division) -> Vec<Division> {
        let mut out = Vec::new();
        let mut at = d.clone();
        while let Some(p) = self.parent(&at) {
            out.push(p.clone());
            at = p;
        }
        out
    }

    /// Whether `d` lies inside `outer` (大竹县 inside 达州市 and 四川省).
    pub fn is_within(&self, d: &Division, outer: &Division) -> bool {
        d.code.len() > outer.code.len() && d.code.starts_with(&outer.code)
    }

    /// Places named `name` (full or short name, or a township's full name),
    /// those inside `within` first.
    pub fn find(&self, name: &str, within: Option<&Division>) -> Vec<Division> {
        let name = name.trim();
        let mut found: Vec<Division> =
            self.by_name.get(name).into_iter().flatten().map(|&i| self.entries[i].clone()).collect();
        if found.is_empty() && is_township_name(name) {
            found = self.townships_named(name);
        }
        if let Some(outer) = within {
            found.sort_by_key(|d| !self.is_within(d, outer));
        }
        found
    }

    /// One place for a name a person typed or a title printed: a chain of
    /// names from the top (`四川省达州市大竹县`), or one name, resolved inside
    /// `within` when several places share it. `None` when nothing or
    /// several unrelated places match.
    pub fn resolve(&self, name: &str, within: Option<&Division>) -> Option<Division> {
        let chain = self.chain(name);
        let whole = chain.iter().map(|d| d.name.chars().count()).sum::<usize>() == name.chars().count();
        if let (Some(last), true, true) = (chain.last(), whole, chain.len() >= 2) {
            return Some(last.clone());
        }
        let found = self.find(name, within);
        match (found.first(), within) {
            (Some(first), Some(outer)) if self.is_within(first, outer) || first.code == outer.code => {
                Some(first.clone())
            }
            (Some(first), _) if found.len() == 1 => Some(first.clone()),
            // Several places share the name: the highest level wins when it
            // is alone there (吉林省 and 吉林市 are both 吉林).
            (Some(_), None) => {
                let top = found.iter().map(|d| d.code.len()).min()?;
                let at_top: Vec<&Division> = found.iter().filter(|d| d.code.len() == top).collect();
                (at_top.len() == 1).then(|| at_top[0].clone())
            }
            _ => None,
        }
    }

    /// The places named one after another at the start of `text`, each
    /// inside the one before (鞍山市立山区人民政府 → 鞍山市, 立山区); full names
    /// only.
    pub fn chain(&self, text: &str) -> Vec<Division> {
        self.chain_within(text, None)
    }

    /// Like [`Divisions::chain`], choosing among places of the same name
    /// one inside `within` when there is one (鼓楼区 of 南京市).
    pub fn chain_within(&self, text: &str, within: Option<&Division>) -> Vec<Division> {
        let mut out: Vec<Division> = Vec::new();
        let mut rest = text;
        loop {
            let next = (2..=rest.chars().count().min(12)).rev().find_map(|n| {
                let end = rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i);
                let candidate = &rest[..end];
                let fits = |d: &&Division| {
                    d.name == candidate && out.last().is_none_or(|outer| self.is_within(d, outer))
                };
                let places = || self.by_name.get(candidate).into_iter().flatten().map(|&i| &self.entries[i]);
                let inside = |d: &&Division| within.is_some_and(|w| self.is_within(d, w) || d.code == w.code);
                places().filter(fits).find(inside).or_else(|| places().find(fits))
            });
            match next {
                Some(d) => {
                    rest = &rest[d.name.len()..];
                    out.push(d.clone());
                }
                None => break,
            }
        }
        out
    }

    /// How many characters of `text` a place name opens it with (full name
    /// or short name of a county or above, at least two characters).
    pub fn place_prefix_len(&self, text: &str) -> Option<usize> {
        let chars: Vec<char> = text.chars().take(12).collect();
        (2..=chars.len()).rev().find(|&n| {
            let candidate: String = chars[..n].iter().collect();
            !GENERIC.contains(&candidate.as_str()) && self.by_name.contains_key(&candidate)
        })
    }

    /// Whether `name` is a township's full name somewhere (海会镇, 高垄乡):
    /// a township government is a unit of its county's tables.
    pub fn is_township(&self, name: &str) -> bool {
        is_township_name(name)
            && self.townships.get_or_init(|| parse_townships(self.townships_text)).contains_key(name)
    }

    fn townships_named(&self, name: &str) -> Vec<Division> {
        let map = self.townships.get_or_init(|| parse_townships(self.townships_text));
        map.get(name)
            .into_iter()
            .flatten()
            .map(|county| Division {
                // Townships are listed by county; the county code plus
                // `000` keeps the parent walk working.
                code: format!("{county}000"),
                name: name.to_string(),
                level: PlaceLevel::Township,
            })
            .collect()
    }
}

fn is_township_name(name: &str) -> bool {
    ["镇", "乡", "街道", "办事处"].iter().any(|s| name.ends_with(s))
}

fn parse_townships(text: &str) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((county, names)) = line.split_once('\t') else { continue };
        for name in names.split('|') {
            map.entry(name.to_string()).or_default().push(county.to_string());
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str) -> Division {
        Divisions::bundled().resolve(name, None).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn levels_and_parents() {
        let d = Divisions::bundled();
        let dazhu = one("大竹县");
        assert_eq!((dazhu.code.as_str(), dazhu.level), ("511724", PlaceLevel::County));
        let names: Vec<String> = d.ancestors(&dazhu).into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["达州市", "四川省"]);
        let nmg = one("内蒙古自治区");
        assert_eq!(
            (nmg.level, nmg.short_name(), nmg.own_prefix()),
            (PlaceLevel::Province, "内蒙古", "自治区")
        );
        // A municipality's districts hang under the municipality.
        let dongcheng = d.resolve("东城区", Some(&one("北京市"))).unwrap();
        assert_eq!(d.parent(&dongcheng).unwrap().name, "北京市");
        assert_eq!(one("恩施土家族苗族自治州").short_name(), "恩施");
        assert_eq!(one("渠县").short_name(), "渠县");
        assert_eq!(everyday_name("恩施土家族苗族自治州").as_deref(), Some("恩施州"));
        assert_eq!(everyday_name("长阳土家族自治县").as_deref(), Some("长阳县"));
        assert_eq!(everyday_name("江门市"), None);
    }

    #[test]
    fn names_resolve_in_context() {
        let d = Divisions::bundled();
        // 鼓楼区 exists in several places.
        assert_eq!(d.resolve("鼓楼区", None), None);
        let nanjing = one("南京市");
        assert_eq!(d.resolve("鼓楼区", Some(&nanjing)).unwrap().code, "320106");
        assert_eq!(one("鞍山市立山区").name, "立山区");
        assert_eq!(one("四川省达州市大竹县").code, "511724");
        let chain: Vec<String> = d.chain("常州市钟楼区人民政府").into_iter().map(|c| c.name).collect();
        assert_eq!(chain, ["常州市", "钟楼区"]);
        assert_eq!(one("六盘水").name, "六盘水市");
    }

    #[test]
    fn townships_are_found_by_full_name() {
        let d = Divisions::bundled();
        let found = d.find("邹区镇", None);
        assert!(!found.is_empty());
        let county = d.parent(&found[0]).unwrap();
        assert_eq!(county.name, "钟楼区");
    }

    #[test]
    fn place_prefixes() {
        let d = Divisions::bundled();
        assert_eq!(d.place_prefix_len("大竹县水务局"), Some(3));
        assert_eq!(d.place_prefix_len("立山经济开发区"), Some(2));
        assert_eq!(d.place_prefix_len("城区再新建1个农贸市场"), None);
        assert_eq!(d.place_prefix_len("建成县残疾人综合服务中心"), None);
    }
}
