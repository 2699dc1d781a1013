//! Chinese text for generated tables, taken from the seed documents: clauses
//! of their task sentences (for task, detail and measure cells), their chapter
//! (一、…) and section (（一）…) headings, and deadline phrasings.
//!
//! The clauses are cut from `seeds/*.txt` at first use, so generated text is
//! as varied as the seeds and stays Chinese. Clauses that could change what a
//! reader sees are dropped: unit names (they would become extra units),
//! 持续/长期 (they would make a task ongoing) and numbering at a cell start.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::rng::Rng;

const SEED_TEXTS: [&str; 5] = [
    include_str!("../../seeds/000_3fe01d99895e5ab1.txt"),
    include_str!("../../seeds/001_c11c968256fa2da2.txt"),
    include_str!("../../seeds/002_038b102cc23649b2.txt"),
    include_str!("../../seeds/003_a0d7d2555f135a42.txt"),
    include_str!("../../seeds/004_4c9c29b5613c88cf.txt"),
];

/// The seeds' own places; in clauses they become [`CITY`] and [`CITY_SHORT`].
const SEED_CITIES: [&str; 5] = ["珠海", "江门", "三亚", "咸阳", "永州"];

/// Stands for the generated place's full name (江门市) in a clause.
pub const CITY: char = '\u{E000}';
/// Stands for the generated place's short name (江门) in a clause.
pub const CITY_SHORT: char = '\u{E001}';

/// Words that mark a clause as naming a unit or a deadline; such clauses are
/// not used as free text.
const BANNED: &[&str] = &[
    "局",
    "委员会",
    "政府",
    "管委会",
    "老龄办",
    "扶贫办",
    "文明办",
    "残联",
    "妇联",
    "团市委",
    "支行",
    "大学",
    "单位",
    "负责",
    "市委",
    "持续",
    "长期",
    "备注",
    "附件",
    "分工",
    "清单",
    "分解表",
    "|",
    "\t",
    "五邑",
    "育才",
    "天涯",
    "冷水滩",
    "零陵",
    "高峰",
];

pub struct Phrases {
    /// Clauses of 4–32 characters, without end punctuation.
    pub clauses: Vec<String>,
    /// Clauses of 5–14 characters: measure cells, short task titles.
    pub short: Vec<String>,
    /// Chapter headings without their numeral (加快推进养老服务基础设施建设).
    pub chapters: Vec<String>,
    /// Section headings without their numeral.
    pub sections: Vec<String>,
}

pub fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    P.get_or_init(extract)
}

const NUMERALS: &str = "一二三四五六七八九十";

/// `一、rest` → rest.
fn strip_chapter(line: &str) -> Option<&str> {
    let (head, rest) = line.split_once('、')?;
    (!head.is_empty() && head.chars().all(|c| NUMERALS.contains(c))).then_some(rest)
}

/// `（一）rest` → rest.
fn strip_section(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('（')?;
    let (head, rest) = rest.split_once('）')?;
    (!head.is_empty() && head.chars().all(|c| NUMERALS.contains(c))).then_some(rest)
}

/// `12.rest` / `3. rest` → rest.
fn strip_item_number(line: &str) -> &str {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..].strip_prefix('.').or_else(|| line[digits..].strip_prefix('．')) {
            return rest.trim_start();
        }
    }
    line
}

fn balanced(s: &str) -> bool {
    let count = |c: char| s.chars().filter(|&x| x == c).count();
    count('（') == count('）') && count('“') == count('”') && count('《') == count('》')
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

fn with_place_markers(s: &str) -> String {
    let mut out = s.to_string();
    for place in SEED_CITIES {
        out = out.replace(&format!("{place}市"), &CITY.to_string()).replace(place, &CITY_SHORT.to_string());
    }
    out
}

fn extract() -> Phrases {
    let mut clauses = BTreeSet::new();
    let mut chapters = BTreeSet::new();
    let mut sections = BTreeSet::new();
    for text in SEED_TEXTS {
        for line in text.lines() {
            let line = line.trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '　');
            let line = to_full_width(line);
            if let Some(rest) = strip_chapter(&line) {
                if rest.chars().count() >= 6 && !rest.contains("持续") {
                    chapters.insert(with_place_markers(rest));
                }
                continue;
            }
            if let Some(rest) = strip_section(&line) {
                if rest.chars().count() >= 4 {
                    sections.insert(with_place_markers(rest));
                }
                continue;
            }
            let line = strip_item_number(&line);
            for clause in line.split(['，', '。', '；', '：']) {
                // Spaces inside a clause are print artefacts of narrow cells
                // (优化 市场环境); layouts add their own where the seeds do.
                let clause: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
                let clause = clause.as_str();
                let n = clause.chars().count();
                let first = clause.chars().next().unwrap_or(' ');
                if !(4..=32).contains(&n)
                    || first.is_ascii_digit()
                    || "（“《、".contains(first)
                    || !balanced(clause)
                    || BANNED.iter().any(|b| clause.contains(b))
                {
                    continue;
                }
                clauses.insert(with_place_markers(clause));
            }
        }
    }
    let clauses: Vec<String> = clauses.into_iter().collect();
    let short = clauses.iter().filter(|c| (5..=14).contains(&c.chars().count())).cloned().collect();
    Phrases {
        clauses,
        short,
        chapters: chapters.into_iter().collect(),
        sections: sections.into_iter().collect(),
    }
}

/// Appends `clause` with the place markers filled in.
pub fn push_clause(out: &mut String, clause: &str, place: &str, place_short: &str) {
    for c in clause.chars() {
        match c {
            CITY => out.push_str(place),
            CITY_SHORT => out.push_str(place_short),
            c => out.push(c),
        }
    }
}

/// Punctuation of a rendered sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Punct {
    /// ，。（） as in the tab layouts.
    FullWidth,
    /// ,() as in the pipe layout (咸阳): ASCII comma and parentheses.
    Ascii,
}

/// A sentence of `lo..=hi` clauses joined by a comma, with `end` appended.
pub fn sentence(rng: &mut Rng, lo: usize, hi: usize, end: &str, place: (&str, &str), punct: Punct) -> String {
    let p = phrases();
    let n = rng.range(lo, hi);
    let mut s = String::with_capacity(n * 36 + 4);
    for i in 0..n {
        if i > 0 {
            s.push(if punct == Punct::Ascii { ',' } else { '，' });
        }
        push_clause(&mut s, rng.pick::<String>(&p.clauses), place.0, place.1);
    }
    s.push_str(end);
    if punct == Punct::Ascii {
        s = s.replace('（', "(").replace('）', ")");
    }
    s
}

/// One short phrase (a measure or task title).
pub fn short(rng: &mut Rng, place: (&str, &str)) -> String {
    let mut s = String::new();
    push_clause(&mut s, rng.pick::<String>(&phrases().short), place.0, place.1);
    s
}

pub fn chapter(rng: &mut Rng, place: (&str, &str)) -> String {
    let mut s = String::new();
    push_clause(&mut s, rng.pick::<String>(&phrases().chapters), place.0, place.1);
    s
}

pub fn section(rng: &mut Rng, place: (&str, &str)) -> String {
    let mut s = String::new();
    push_clause(&mut s, rng.pick::<String>(&phrases().sections), place.0, place.1);
    s
}

/// Chinese numeral for 1..=99 (一, 十二, 二十三), as chapter and section numbers print.
pub fn numeral(n: usize) -> String {
    let digit = |d: usize| NUMERALS.chars().nth(d - 1).expect("1..=10");
    match n {
        1..=10 => digit(n).to_string(),
        11..=19 => format!("十{}", digit(n - 10)),
        _ if n % 10 == 0 => format!("{}十", digit(n / 10)),
        _ => format!("{}十{}", digit(n / 10), digit(n % 10)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_yield_enough_clean_phrases() {
        let p = phrases();
        assert!(p.clauses.len() > 200, "{} clauses", p.clauses.len());
        assert!(p.short.len() > 40, "{} short", p.short.len());
        assert!(p.chapters.len() >= 15, "{} chapters", p.chapters.len());
        assert!(p.sections.len() >= 15, "{} sections", p.sections.len());
        for c in &p.clauses {
            assert!(
                !c.contains("持续") && !c.contains('局') && !c.starts_with(|c: char| c.is_ascii_digit()),
                "{c}"
            );
        }
    }

    #[test]
    fn numerals_read_like_headings() {
        assert_eq!(numeral(1), "一");
        assert_eq!(numeral(10), "十");
        assert_eq!(numeral(12), "十二");
        assert_eq!(numeral(20), "二十");
        assert_eq!(numeral(23), "二十三");
    }

    #[test]
    fn place_markers_are_filled_in() {
        let mut s = String::new();
        push_clause(&mut s, &format!("编制{CITY}养老规划{CITY_SHORT}"), "宝鸡市", "宝鸡");
        assert_eq!(s, "编制宝鸡市养老规划宝鸡");
    }
}
