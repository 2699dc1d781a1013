//! The department reference table (`seeds/departments.tsv`): unit names and
//! aliases → canonical name, functional category and level.
//!
//! [`Directory::resolve`] turns one printed unit name into a [`Resolution`]:
//! normalisation, then an exact alias lookup (place rows before `*` rows), then
//! rules for district and county governments the table does not list, then a
//! cautious typo correction that only accepts known names. Lookups are
//! hash-map probes (typo correction a bounded number of them), and a
//! [`Resolver`] remembers each name a document prints, because the reader
//! resolves once per printed unit.
//!
//! This module must not split cells into units or emit diagnostics: that is the
//! reader's job; it only reports what it corrected in [`Resolution::correction`].

use std::cell::RefCell;
use std::collections::HashMap;

use super::divisions::Divisions;
use crate::model::{Category, Level};

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("{file}:{line}: {message}")]
    Malformed { file: String, line: usize, message: String },
}

/// Resolves the units of one document in its place, remembering each
/// printed name: a table prints the same few units on most of its rows.
pub struct Resolver<'a> {
    directory: &'a Directory,
    place: Option<&'a PlaceNames>,
    seen: RefCell<HashMap<String, Resolution>>,
}

impl<'a> Resolver<'a> {
    pub fn new(directory: &'a Directory, place: Option<&'a PlaceNames>) -> Self {
        Resolver { directory, place, seen: RefCell::default() }
    }

    pub fn resolve(&self, printed: &str) -> Resolution {
        if let Some(found) = self.seen.borrow().get(printed) {
            return found.clone();
        }
        let found = self.directory.resolve_in(self.place, printed);
        self.seen.borrow_mut().insert(printed.to_string(), found.clone());
        found
    }
}

/// How a printed unit name resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub canonical: String,
    pub category: Category,
    pub level: Level,
    /// Found in the table (directly, as an alias or after a typo correction)
    /// or named by a rule.
    pub known: bool,
    /// Known by a rule for the governments of places (各县区人民政府), not
    /// by a row of the table: any name ending so matches one.
    pub by_rule: bool,
    /// Set when the printed name was corrected (e.g. `市人社局局` → `市人社局`),
    /// saying what was done, for a diagnostic.
    pub correction: Option<String>,
}

/// Stands for the place's short name (咸阳) in canonical names and aliases, so
/// one `*` row covers `咸阳银保监分局`, `江门银保监分局` and the rest.
const CITY_PLACEHOLDER: &str = "{city}";

/// The scope key of rows that apply to every place.
const ANY_CITY: &str = "*";

/// Below this many characters a one-character substitution or omission too
/// often turns one real authority into another (市民政局 / 市财政局), so only
/// doubled or extra characters are corrected in short names.
const MIN_LEN_FOR_SUBSTITUTION: usize = 6;

/// Names longer than this (in characters) are not corrected: no unit name
/// is that long, and the candidates grow with the square of the length.
const MAX_LEN_FOR_CORRECTION: usize = 40;

#[derive(Debug, Clone)]
struct Entry {
    canonical: String,
    category: Category,
    level: Level,
}

#[derive(Debug, Default)]
pub struct Directory {
    entries: Vec<Entry>,
    /// Scope (`*` or a full place name) → normalised alias → entry.
    aliases: HashMap<String, HashMap<String, usize>>,
    /// Scope → alias with one character deleted → (entry, deleted position).
    /// Lets a one-character substitution or omission be found with a few probes.
    deletions: HashMap<String, HashMap<String, Vec<(usize, usize)>>>,
}

/// The ways the issuing place is written: full (大竹县), short (大竹), and
/// the level word its own departments open with (县民政局). The reference
/// table writes a government's own departments with 市 (市民政局); a
/// county's, district's or province's are read through it.
#[derive(Debug, Clone)]
pub struct PlaceNames {
    full: String,
    short: String,
    own: &'static str,
}

impl PlaceNames {
    pub fn new(place: Option<&str>) -> Option<PlaceNames> {
        let place = place.map(str::trim).filter(|c| !c.is_empty() && *c != ANY_CITY)?;
        if let Some(d) = Divisions::bundled().resolve(place, None) {
            let own = d.own_prefix();
            return Some(PlaceNames { full: d.name.clone(), short: d.short_name().to_string(), own });
        }
        // Not in the divisions table: prefectures that are not 市 (恩施州,
        // 阿里地区) keep their own suffix; anything else is a place.
        for (suffix, own) in [("地区", "市"), ("州", "州"), ("盟", "盟")] {
            if let Some(short) = place.strip_suffix(suffix).filter(|s| !s.is_empty()) {
                return Some(PlaceNames { full: place.to_string(), short: short.to_string(), own });
            }
        }
        let short = place.strip_suffix('市').filter(|s| !s.is_empty()).unwrap_or(place);
        Some(PlaceNames { full: format!("{short}市"), short: short.to_string(), own: "市" })
    }

    /// The full name, e.g. 大竹县.
    pub fn full(&self) -> &str {
        &self.full
    }

    /// The level word the place's own departments open with: 县 for
    /// 大竹县 (县民政局), 州 for 恩施土家族苗族自治州, 市 for a city.
    pub fn own(&self) -> &'static str {
        self.own
    }
}

/// Level words a unit name may open with, highest first.
const LEVEL_WORDS: [&str; 9] = ["省", "自治区", "市", "州", "盟", "县", "区", "旗", "镇"];

fn level_rank(word: &str) -> usize {
    match word {
        "省" | "自治区" => 0,
        "市" | "州" | "盟" => 1,
        "县" | "区" | "旗" => 2,
        _ => 3,
    }
}

/// Removes spaces (also full-width and inside wrapped names), writes
/// parentheses full-width, and drops a trailing 负责 (`各县市区人民政府负责`).
pub(crate) fn normalise(printed: &str) -> String {
    let mut out = String::with_capacity(printed.len());
    for c in printed.chars() {
        match c {
            '(' => out.push('（'),
            ')' => out.push('）'),
            c if c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}' => {}
            c => out.push(c),
        }
    }
    match out.strip_suffix("负责") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

impl Directory {
    /// Parses the TSV reference table. `file` only names the source in errors.
    pub fn parse(file: &str, text: &str) -> Result<Directory, DirectoryError> {
        let mut dir = Directory::default();
        let err = |line: usize, message: String| DirectoryError::Malformed {
            file: file.to_string(),
            line,
            message,
        };
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim_end_matches(['\r', '\n']);
            if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = trimmed.split('\t').collect();
            if cols.len() != 4 && cols.len() != 5 {
                return Err(err(
                    line,
                    format!(
                        "expected 5 tab-separated columns (place, canonical, category, level, aliases), found {}",
                        cols.len()
                    ),
                ));
            }
            let scope = cols[0].trim();
            let canonical = normalise(cols[1]);
            if scope.is_empty() {
                return Err(err(line, "expected a place name or `*` in column 1, found nothing".into()));
            }
            if canonical.is_empty() {
                return Err(err(line, "expected a canonical name in column 2, found nothing".into()));
            }
            let category: Category = cols[2].trim().parse().map_err(|e: String| err(line, e))?;
            let level: Level = cols[3].trim().parse().map_err(|e: String| err(line, e))?;
            let scope = match PlaceNames::new(Some(scope)) {
                Some(names) => names.full,
                None => ANY_CITY.to_string(),
            };
            let idx = dir.entries.len();
            dir.entries.push(Entry { canonical: canonical.clone(), category, level });
            let extra = cols.get(4).copied().unwrap_or("");
            let names = std::iter::once(canonical.clone())
                .chain(extra.split('|').map(normalise).filter(|a| !a.is_empty()));
            for alias in names {
                let map = dir.aliases.entry(scope.clone()).or_default();
                match map.get(&alias) {
                    Some(&other) if dir.entries[other].canonical != canonical => {
                        return Err(err(
                            line,
                            format!(
                                "alias `{alias}` in `{scope}` already maps to `{}`; expected each alias of a place to name one canonical unit",
                                dir.entries[other].canonical
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        map.insert(alias.clone(), idx);
                        let chars: Vec<char> = alias.chars().collect();
                        let dels = dir.deletions.entry(scope.clone()).or_default();
                        for pos in 0..chars.len() {
                            dels.entry(without(&chars, pos)).or_default().push((idx, pos));
                        }
                    }
                }
            }
        }
        Ok(dir)
    }

    /// The table bundled with the binary.
    pub fn bundled() -> &'static Directory {
        static BUNDLED: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            Directory::parse("seeds/departments.tsv", include_str!("../../seeds/departments.tsv"))
                .expect("the bundled seeds/departments.tsv is well-formed (checked by a test)")
        })
    }

    /// Number of rows (canonical units) in the table.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Resolves a printed unit name in a place (None when the place is unknown).
    pub fn resolve(&self, place: Option<&str>, printed: &str) -> Resolution {
        self.resolve_in(PlaceNames::new(place).as_ref(), printed)
    }

    /// Resolves a printed unit name in a place already looked up: the
    /// reader resolves every unit of a document in one place.
    pub fn resolve_in(&self, place: Option<&PlaceNames>, printed: &str) -> Resolution {
        let name = normalise(printed);
        if let Some(found) = self.exact_in_place(place, &name) {
            return found;
        }
        let local = strip_place(place, &name);
        if let Some(level) = rule_level(place, &local) {
            return Resolution {
                canonical: local,
                category: Category::Government,
                level,
                known: true,
                by_rule: true,
                correction: None,
            };
        }
        if let Some(found) = self.correct_typo(place, &name) {
            return found;
        }
        Resolution {
            canonical: local,
            category: Category::Other,
            level: Level::Unknown,
            known: false,
            by_rule: false,
            correction: None,
        }
    }

    /// The ways `name` may be stored: as is, with the place's short name
    /// replaced by the placeholder, and with a leading place name stripped.
    fn keys(place: Option<&PlaceNames>, name: &str) -> Vec<String> {
        let mut keys = vec![name.to_string()];
        if let Some(c) = place {
            if let Some(pos) = name.find(c.short.as_str()) {
                let mut templated = String::with_capacity(name.len() + CITY_PLACEHOLDER.len());
                templated.push_str(&name[..pos]);
                templated.push_str(CITY_PLACEHOLDER);
                templated.push_str(&name[pos + c.short.len()..]);
                keys.push(templated);
            }
            let stripped = strip_place(Some(c), name);
            if stripped != name {
                keys.push(stripped);
            }
        }
        keys
    }

    /// An exact match, reading the place's own level through the table's
    /// 市 (县民政局 as 市民政局, 团县委 as 团市委), and a name printed without
    /// its level (教育局 in a county's table) as the place's own; a unit of
    /// a higher level than the place (市发改委 in a county) is outside its
    /// government.
    fn exact_in_place(&self, place: Option<&PlaceNames>, name: &str) -> Option<Resolution> {
        let own = place.map_or("市", |p| p.own);
        let local = strip_place(place, name);
        let opens_with_level = LEVEL_WORDS.iter().find(|w| local.starts_with(*w));
        if own == "市" || local.find(own).is_none() {
            if let Some(mut r) = self.exact(place, name) {
                let higher = opens_with_level.is_some_and(|w| level_rank(w) < level_rank(own));
                if higher && matches!(r.level, Level::CityBureau | Level::CityGovernment) {
                    r.level = Level::External;
                }
                return Some(r);
            }
        }
        let with_own = |r: Resolution| Resolution { canonical: r.canonical.replacen('市', own, 1), ..r };
        if own != "市" && local.contains(own) {
            let mapped = local.replacen(own, "市", 1);
            if let Some(r) = self.exact(place, &mapped) {
                return Some(with_own(r));
            }
            if let Some(r) = self.exact(place, name) {
                return Some(r);
            }
        }
        if opens_with_level.is_none() && !local.starts_with(['各', '团']) {
            if let Some(r) = self.exact(place, &format!("市{local}")) {
                return Some(with_own(r));
            }
        }
        None
    }

    fn scopes(place: Option<&PlaceNames>) -> impl Iterator<Item = &str> {
        place.map(|c| c.full.as_str()).into_iter().chain(std::iter::once(ANY_CITY))
    }

    fn exact(&self, place: Option<&PlaceNames>, name: &str) -> Option<Resolution> {
        for key in Self::keys(place, name) {
            for scope in Self::scopes(place) {
                if let Some(&idx) = self.aliases.get(scope).and_then(|m| m.get(&key)) {
                    return Some(self.found(place, idx, None));
                }
            }
        }
        None
    }

    fn found(&self, place: Option<&PlaceNames>, idx: usize, correction: Option<String>) -> Resolution {
        let e = &self.entries[idx];
        let canonical = if e.canonical.contains(CITY_PLACEHOLDER) {
            e.canonical.replace(CITY_PLACEHOLDER, place.map_or("", |c| c.short.as_str()))
        } else {
            e.canonical.clone()
        };
        Resolution {
            canonical,
            category: e.category,
            level: e.level,
            known: true,
            by_rule: false,
            correction,
        }
    }

    /// Tries one-character slips, most likely first; accepts a correction only
    /// when every reading of that kind agrees on one known unit.
    fn correct_typo(&self, place: Option<&PlaceNames>, name: &str) -> Option<Resolution> {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 3 || chars.len() > MAX_LEN_FOR_CORRECTION {
            return None;
        }
        // A doubled character (市人社局局, 咸阳银保保监分局).
        let doubled = (0..chars.len() - 1)
            .filter(|&i| chars[i] == chars[i + 1])
            .map(|i| (without(&chars, i), format!("removed the doubled `{}` from `{name}`", chars[i])));
        if let Some(r) = self.unanimous(place, doubled) {
            return Some(r);
        }
        // One extra character, or two neighbours swapped. The last
        // character is no slip: it names what the unit is (市政府办 is the
        // government's office, not the government).
        let extra = (0..chars.len() - 1)
            .map(|i| (without(&chars, i), format!("removed the stray `{}` from `{name}`", chars[i])));
        let swapped = (0..chars.len() - 1).filter(|&i| chars[i] != chars[i + 1]).map(|i| {
            let mut s = chars.clone();
            s.swap(i, i + 1);
            (s.into_iter().collect(), format!("swapped `{}{}` in `{name}`", chars[i], chars[i + 1]))
        });
        if let Some(r) = self.unanimous(place, extra.chain(swapped)) {
            return Some(r);
        }
        if chars.len() >= MIN_LEN_FOR_SUBSTITUTION {
            return self.substitution_or_omission(place, name);
        }
        None
    }

    /// Resolves every candidate spelling exactly; returns the unit when they
    /// all agree (ambiguity means the slip cannot be told apart).
    fn unanimous(
        &self,
        place: Option<&PlaceNames>,
        candidates: impl Iterator<Item = (String, String)>,
    ) -> Option<Resolution> {
        let mut hit: Option<(Resolution, String)> = None;
        for (candidate, what) in candidates {
            if let Some(r) = self.exact(place, &candidate) {
                match &hit {
                    Some((prev, _)) if prev.canonical != r.canonical => return None,
                    Some(_) => {}
                    None => hit = Some((r, format!("{what}: read as `{candidate}`"))),
                }
            }
        }
        hit.map(|(mut r, what)| {
            r.correction = Some(what);
            r
        })
    }

    fn substitution_or_omission(&self, place: Option<&PlaceNames>, name: &str) -> Option<Resolution> {
        let mut hits: Vec<(usize, String)> = Vec::new();
        for key in Self::keys(place, name) {
            let key_chars: Vec<char> = key.chars().collect();
            for scope in Self::scopes(place) {
                let Some(dels) = self.deletions.get(scope) else { continue };
                // A character missing from the printed name: it equals an alias minus one.
                for &(idx, _) in dels.get(&key).into_iter().flatten() {
                    hits.push((idx, format!("`{name}` lacks a character")));
                }
                // One character replaced: both minus the same position agree.
                for pos in 0..key_chars.len() {
                    let probe = without(&key_chars, pos);
                    for &(idx, p) in dels.get(&probe).into_iter().flatten() {
                        if p == pos {
                            hits.push((idx, format!("replaced `{}` in `{name}`", key_chars[pos])));
                        }
                    }
                }
            }
        }
        let (first, what) = hits.first()?.clone();
        let canonical = &self.entries[first].canonical;
        if hits.iter().any(|(idx, _)| &self.entries[*idx].canonical != canonical) {
            return None;
        }
        let r = self.found(place, first, None);
        let what = format!("{what}: read as `{}`", r.canonical);
        Some(Resolution { correction: Some(what), ..r })
    }
}

fn without(chars: &[char], pos: usize) -> String {
    chars.iter().enumerate().filter(|&(i, _)| i != pos).map(|(_, c)| *c).collect()
}

/// `江门市民政局` in 江门市 → `市民政局`: names are stored relative to their place.
fn strip_place(place: Option<&PlaceNames>, name: &str) -> String {
    match place {
        Some(c) if name.len() > c.full.len() && name.starts_with(&c.full) => {
            name[c.short.len()..].to_string()
        }
        _ => name.to_string(),
    }
}

/// District and county governments and management committees the table does
/// not list (台山市人民政府, 蓬江区政府, 回龙圩管理区管委会).
fn rule_level(place: Option<&PlaceNames>, name: &str) -> Option<Level> {
    // Parenthesised remarks do not change what the unit is: 各县（市、区）人民政府.
    let mut bare = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    const DISTRICT: [&str; 14] = [
        "区政府",
        "县政府",
        "区人民政府",
        "县人民政府",
        "镇人民政府",
        "乡人民政府",
        "镇政府",
        "乡政府",
        "街道办事处",
        "街道办",
        "管委会",
        "管理委员会",
        "乡镇",
        "街道",
    ];
    if DISTRICT.iter().any(|s| bare.ends_with(s) && bare.len() > s.len()) {
        return Some(Level::DistrictGovernment);
    }
    // X市人民政府 is a county-level city unless X is the place itself, which
    // `strip_place` has already reduced to 市人民政府.
    for s in ["市人民政府", "市政府"] {
        if let Some(prefix) = bare.strip_suffix(s) {
            let own = place.is_some_and(|c| prefix == c.short);
            if !prefix.is_empty() && !own {
                return Some(Level::DistrictGovernment);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(place: &str, printed: &str) -> Resolution {
        Directory::bundled().resolve(Some(place), printed)
    }

    #[track_caller]
    fn assert_unit(place: &str, printed: &str, canonical: &str, category: Category, level: Level) {
        let r = resolve(place, printed);
        assert_eq!(
            (r.canonical.as_str(), r.category, r.level, r.known),
            (canonical, category, level, true),
            "{printed} in {place}"
        );
    }

    #[test]
    fn bundled_table_parses() {
        assert!(Directory::bundled().len() > 50);
    }

    #[test]
    fn aliases_of_one_authority_share_a_canonical_name() {
        use Category::*;
        let bureau = Level::CityBureau;
        let groups: &[(&[&str], &str, Category)] = &[
            (
                &["市发展和改革委员会", "市发改委", "市发展改革局", "市发改局", "市发展改革委"],
                "市发展和改革委员会",
                DevelopmentReform,
            ),
            (
                &[
                    "市卫生健康委员会",
                    "市卫健委",
                    "市卫生健康局",
                    "市卫计局",
                    "市卫生和计划生育局",
                    "市卫生健康 委员会",
                ],
                "市卫生健康委员会",
                Health,
            ),
            (
                &["市人力资源和社会保障局", "市人社局", "市人力资源社会保障局"],
                "市人力资源和社会保障局",
                HumanResourcesSocialSecurity,
            ),
            (
                &["市自然资源局", "市自然资源和规划局", "市国土局", "市国土资源局", "市自然 资源局"],
                "市自然资源局",
                NaturalResources,
            ),
            (
                &[
                    "市住房和城乡建设局",
                    "市住建局",
                    "市住规建局",
                    "市住房城乡建设局",
                    "市住建",
                    "市住房和城乡建 设局",
                ],
                "市住房和城乡建设局",
                HousingConstruction,
            ),
            (
                &["市市场监督管理局", "市市场监管局", "市市场监督 管理局"],
                "市市场监督管理局",
                MarketRegulation,
            ),
            (&["市医疗保障局", "市医保局", "市医疗 保障局"], "市医疗保障局", MedicalSecurity),
            (&["市科技工业信息化局", "市科工信局"], "市科技工业信息化局", IndustryInformation),
            (
                &["市工业和信息化局", "市工信局", "市经信局", "市工业 和信息化局"],
                "市工业和信息化局",
                IndustryInformation,
            ),
            (&["市文化和旅游局"], "市文化和旅游局", CultureTourismSports),
            (&["市文体旅游局"], "市文化体育旅游局", CultureTourismSports),
            (&["市公安消防局", "市消防救援支队"], "市消防救援支队", PublicSecurity),
            (&["市扶贫办", "市扶贫开发局", "市乡村振兴局"], "市乡村振兴局", PovertyAlleviation),
            (&["市金融工作局", "市金融局"], "市金融工作局", FinancialRegulation),
            (&["市城市管理执法局", "市城管局", "市城市管理 执法局"], "市城市管理执法局", UrbanManagement),
            (&["市外事局", "市外办"], "市外事局", ForeignAffairs),
            (&["市台湾事务局", "市台办"], "市台湾事务局", ForeignAffairs),
            (&["市老干局", "市委老干部局"], "市委老干部局", Aging),
        ];
        for (names, canonical, category) in groups {
            for name in *names {
                assert_unit("江门市", name, canonical, *category, bureau);
            }
        }
    }

    #[test]
    fn distinct_authorities_keep_distinct_names() {
        // 江门 lists both in one task; 咸阳 lists 文旅 and 体育 in one document.
        assert_ne!(resolve("江门市", "市科技局").canonical, resolve("江门市", "市工业和信息化局").canonical);
        assert_ne!(resolve("咸阳市", "市体育局").canonical, resolve("咸阳市", "市文化和旅游局").canonical);
        assert_ne!(resolve("珠海市", "市质监局").canonical, resolve("珠海市", "市食药监局").canonical);
        assert_ne!(resolve("珠海市", "市老龄办").canonical, resolve("珠海市", "市老干局").canonical);
    }

    #[test]
    fn single_bureaus_and_special_categories() {
        use Category::*;
        let b = Level::CityBureau;
        for (name, cat) in [
            ("市民政局", CivilAffairs),
            ("市财政局", Finance),
            ("市教育局", Education),
            ("市商务局", Commerce),
            ("市应急管理局", EmergencyManagement),
            ("市司法局", Justice),
            ("市农业农村局", AgricultureRural),
            ("市大数据管理局", DataGovernment),
            ("市政务服务数据管理局", DataGovernment),
            ("市行政审批服务局", DataGovernment),
            ("市税务局", Taxation),
            ("市国资委", StateAssets),
            ("市港澳事务局", ForeignAffairs),
            ("市老龄办", Aging),
            ("市残联", Disability),
            ("市妇联", MassOrganisation),
            ("团市委", MassOrganisation),
            ("市文明办", MassOrganisation),
            ("市质监局", MarketRegulation),
            ("市食药监局", MarketRegulation),
            ("市工商局", MarketRegulation),
            ("市科技局", IndustryInformation),
            ("市文化广电旅游体育局", CultureTourismSports),
            ("市体育局", CultureTourismSports),
            ("市公安局", PublicSecurity),
        ] {
            let r = resolve("三亚市", name);
            assert_eq!((r.category, r.level, r.known), (cat, b, true), "{name}");
        }
    }

    #[test]
    fn governments_and_collectives() {
        use Level::*;
        for name in [
            "各区政府",
            "各区政府（管委会）",
            "各区政府(管委会)",
            "各县市区人民政府",
            "各县市区人民政府负责",
            "各市（区）政府",
            "县（区）人民政府",
            "管理区管委会",
            "经开区管委会",
        ] {
            let r = resolve("永州市", name);
            assert_eq!(
                (r.category, r.level, r.known),
                (Category::Government, DistrictGovernment, true),
                "{name}"
            );
        }
        assert_unit("三亚市", "天涯区政府", "天涯区政府", Category::Government, DistrictGovernment);
        assert_unit(
            "三亚市",
            "育才生态区管委会",
            "育才生态区管委会",
            Category::Government,
            DistrictGovernment,
        );
        assert_unit("永州市", "市人民政府", "市人民政府", Category::Government, CityGovernment);
        assert_unit("永州市", "永州市人民政府", "市人民政府", Category::Government, CityGovernment);
        for name in ["市直相关单位", "市改革试点工作领导小组各成员单位", "有关部门"]
        {
            assert_unit("永州市", name, name, Category::Collective, Collective);
        }
    }

    #[test]
    fn unlisted_district_governments_follow_the_rules() {
        for (place, name) in [
            ("江门市", "台山市人民政府"),
            ("江门市", "蓬江区政府"),
            ("三亚市", "海棠区人民政府"),
            ("永州市", "祁阳县人民政府"),
            ("永州市", "江华县政府"),
            ("永州市", "回龙圩管理区管委会"),
        ] {
            let r = resolve(place, name);
            assert_eq!(
                (r.canonical.as_str(), r.category, r.level, r.known),
                (name, Category::Government, Level::DistrictGovernment, true)
            );
        }
    }

    #[test]
    fn place_names_are_stripped_or_kept_as_printed() {
        assert_unit("江门市", "江门市民政局", "市民政局", Category::CivilAffairs, Level::CityBureau);
        assert_unit("江门", "江门市民政局", "市民政局", Category::CivilAffairs, Level::CityBureau);
        let fin = Category::FinancialRegulation;
        assert_unit("咸阳市", "咸阳银保监 分局", "咸阳银保监分局", fin, Level::External);
        assert_unit("江门市", "江门银保监分局", "江门银保监分局", fin, Level::External);
        assert_unit("江门市", "人行江门市中心支行", "人行江门市中心支行", fin, Level::External);
        assert_unit("咸阳市", "市保险行业协会", "市保险行业协会", fin, Level::External);
        assert_unit("江门市", "五邑大学", "五邑大学", Category::Education, Level::External);
        // A place row does not leak into other places.
        assert!(!resolve("三亚市", "五邑大学").known);
    }

    #[test]
    fn typos_are_corrected_only_to_known_names() {
        let r = resolve("珠海市", "市人社局局");
        assert_eq!(r.canonical, "市人力资源和社会保障局");
        assert!(r.known);
        assert!(r.correction.as_deref().unwrap().contains("市人社局"), "{r:?}");
        let r = resolve("咸阳市", "咸阳银保保监分局");
        assert_eq!((r.canonical.as_str(), r.level), ("咸阳银保监分局", Level::External));
        assert!(r.correction.is_some());
        let r = resolve("咸阳市", "市市场监督管埋局");
        assert_eq!(r.canonical, "市市场监督管理局");
        assert!(r.correction.is_some());
        // Exact names are never "corrected".
        assert_eq!(resolve("咸阳市", "市市场监督管理局").correction, None);
        // A short name one character away from two authorities stays unknown.
        let r = resolve("珠海市", "市家政局");
        assert_eq!((r.known, r.category, r.level), (false, Category::Other, Level::Unknown));
        // The government's office is not the government.
        assert_ne!(resolve("珠海市", "市政府办").canonical, "市人民政府");
        // A cell of text is no misspelt name.
        assert_eq!(resolve("珠海市", &"市民政局".repeat(30)).correction, None);
    }

    #[test]
    fn unknown_names_keep_the_normalised_printed_name() {
        let r = resolve("江门市", "江门市 中心医院(本部)");
        assert_eq!(
            r,
            Resolution {
                canonical: "市中心医院（本部）".into(),
                category: Category::Other,
                level: Level::Unknown,
                known: false,
                by_rule: false,
                correction: None
            }
        );
        let r = Directory::bundled().resolve(None, "市民政局");
        assert!(r.known);
        assert!(!Directory::bundled().resolve(None, "").known);
    }

    #[test]
    fn malformed_rows_name_file_and_line() {
        let cases = [
            ("# c\n*\t市民政局\tcivil_affairs\n", 2, "columns"),
            ("*\t市民政局\tcivil\tcity_bureau\t\n", 1, "civil_affairs"),
            ("*\t市民政局\tcivil_affairs\tbureau\t\n", 1, "city_bureau"),
            (
                "*\t市民政局\tcivil_affairs\tcity_bureau\t民政\n*\t市财政局\tfinance\tcity_bureau\t民政\n",
                2,
                "民政",
            ),
            ("*\t\tcivil_affairs\tcity_bureau\t\n", 1, "canonical"),
        ];
        for (text, line, needle) in cases {
            let e = Directory::parse("t.tsv", text).unwrap_err().to_string();
            assert!(e.starts_with(&format!("t.tsv:{line}: ")), "{e}");
            assert!(e.contains(needle), "{e}");
        }
        // The same alias in two places, or twice for one unit, is fine.
        let ok = "*\t市民政局\tcivil_affairs\tcity_bureau\t民政|民政\n江门市\t民政\tcivil_affairs\tcity_bureau\t\n";
        assert!(Directory::parse("t.tsv", ok).is_ok());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn resolve_never_panics_and_is_stable(
                place in prop_oneof![Just(None), Just(Some("江门市")), Just(Some("咸阳")), Just(Some("恩施州")), Just(Some("市"))],
                printed in "[市局委区县政府人民管会（）() 咸阳江门银保监分卫健a1]{0,12}",
            ) {
                let dir = Directory::bundled();
                let r = dir.resolve(place, &printed);
                // Resolving the canonical name again finds the same unit.
                if r.known && r.correction.is_none() {
                    let again = dir.resolve(place, &r.canonical);
                    prop_assert_eq!((again.category, again.level), (r.category, r.level));
                }
            }
        }
    }
}
