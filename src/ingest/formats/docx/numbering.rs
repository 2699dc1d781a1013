//! Word's automatic list numbering: the "1." or "（一）" of a numbered
//! paragraph is not in its text but in `word/numbering.xml` (the format of
//! each list level) and in the paragraph's `w:numPr` or its style's. A task
//! list is often numbered this way, and the reader needs the numbers, so
//! they are rendered as Word shows them and put before the text.
//!
//! Counters are kept per list (`w:num`) and level; a number at one level
//! restarts the levels below it. Picture bullets, legal-style renumbering
//! (`w:isLgl`) and `w:lvlRestart` are not followed: bullets give no prefix.

use std::collections::HashMap;

use super::xml::{local, Item, Part};
use crate::ingest::formats::OpenError;

/// Word has nine list levels.
const LEVELS: usize = 9;

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    /// `%1.`, `（%1）`, `%1.%2`: `%n` is level n's number.
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// `w:lvlOverride/w:startOverride` per level.
    starts: [Option<u32>; LEVELS],
}

/// A paragraph style's list, followed through `w:basedOn`.
#[derive(Debug, Clone, Default)]
struct Style {
    num_id: Option<String>,
    level: Option<usize>,
    based_on: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Option<Level>>>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    counters: HashMap<String, [Option<u32>; LEVELS]>,
}

impl Numbering {
    /// Reads `word/numbering.xml` and, for lists set by paragraph styles,
    /// `word/styles.xml`; either may be absent.
    pub fn read(numbering: Option<&[u8]>, styles: Option<&[u8]>, name: &str) -> Result<Numbering, OpenError> {
        let mut out = Numbering::default();
        if let Some(bytes) = numbering {
            out.read_numbering(&mut Part::new(bytes, name, "word/numbering.xml"))?;
        }
        if let Some(bytes) = styles {
            out.read_styles(&mut Part::new(bytes, name, "word/styles.xml"))?;
        }
        Ok(out)
    }

    fn read_numbering(&mut self, xml: &mut Part) -> Result<(), OpenError> {
        let mut open: Vec<Vec<u8>> = Vec::new();
        let (mut abstract_id, mut level, mut num_id, mut overridden) =
            (None::<String>, None::<usize>, None::<String>, None::<usize>);
        loop {
            let (element, empty) = match xml.next()? {
                Item::Eof => return Ok(()),
                Item::Text(_) => continue,
                Item::End => {
                    match open.pop().as_deref() {
                        Some(b"abstractNum") => abstract_id = None,
                        Some(b"lvl") => level = None,
                        Some(b"num") => num_id = None,
                        Some(b"lvlOverride") => overridden = None,
                        _ => {}
                    }
                    continue;
                }
                Item::Start(e) => (e, false),
                Item::Empty(e) => (e, true),
            };
            let name = local(&element).to_vec();
            let val = || xml.attr(&element, b"val");
            match name.as_slice() {
                b"abstractNum" if !empty => {
                    let id = xml.attr(&element, b"abstractNumId")?.unwrap_or_default();
                    self.abstracts.insert(id.clone(), vec![None; LEVELS]);
                    abstract_id = Some(id);
                }
                b"lvl" if !empty && num_id.is_none() => {
                    let ilvl = level_of(xml.attr(&element, b"ilvl")?);
                    if let (Some(id), Some(ilvl)) = (&abstract_id, ilvl) {
                        if let Some(levels) = self.abstracts.get_mut(id) {
                            let text = format!("%{}.", ilvl + 1);
                            levels[ilvl] = Some(Level { start: 1, format: "decimal".into(), text });
                            level = Some(ilvl);
                        }
                    }
                }
                b"start" | b"numFmt" | b"lvlText" => {
                    let current = abstract_id
                        .as_ref()
                        .zip(level)
                        .and_then(|(id, l)| self.abstracts.get_mut(id)?[l].as_mut());
                    if let (Some(lvl), Some(v)) = (current, val()?) {
                        match name.as_slice() {
                            b"start" => lvl.start = v.trim().parse().unwrap_or(1),
                            b"numFmt" => lvl.format = v,
                            _ => lvl.text = v,
                        }
                    }
                }
                b"num" if !empty => {
                    let id = xml.attr(&element, b"numId")?.unwrap_or_default();
                    self.nums.insert(id.clone(), Num::default());
                    num_id = Some(id);
                }
                b"abstractNumId" => {
                    if let (Some(num), Some(v)) =
                        (num_id.as_ref().and_then(|id| self.nums.get_mut(id)), val()?)
                    {
                        num.abstract_id = v;
                    }
                }
                b"lvlOverride" if !empty => overridden = level_of(xml.attr(&element, b"ilvl")?),
                b"startOverride" => {
                    if let (Some(num), Some(l), Some(v)) =
                        (num_id.as_ref().and_then(|id| self.nums.get_mut(id)), overridden, val()?)
                    {
                        num.starts[l] = v.trim().parse().ok();
                    }
                }
                _ => {}
            }
            if !empty {
                open.push(name);
            }
        }
    }

    fn read_styles(&mut self, xml: &mut Part) -> Result<(), OpenError> {
        let mut open: Vec<Vec<u8>> = Vec::new();
        let mut style: Option<String> = None;
        loop {
            let (element, empty) = match xml.next()? {
                Item::Eof => return Ok(()),
                Item::Text(_) => continue,
                Item::End => {
                    if open.pop().as_deref() == Some(b"style") {
                        style = None;
                    }
                    continue;
                }
                Item::Start(e) => (e, false),
                Item::Empty(e) => (e, true),
            };
            let name = local(&element).to_vec();
            match name.as_slice() {
                b"style" if !empty => {
                    style = xml.attr(&element, b"styleId")?;
                    if let Some(id) = &style {
                        self.styles.insert(id.clone(), Style::default());
                    }
                }
                b"basedOn" | b"numId" | b"ilvl" => {
                    let v = xml.attr(&element, b"val")?;
                    if let Some(s) = style.as_ref().and_then(|id| self.styles.get_mut(id)) {
                        match name.as_slice() {
                            b"basedOn" => s.based_on = v,
                            b"numId" => s.num_id = v,
                            _ => s.level = level_of(v),
                        }
                    }
                }
                _ => {}
            }
            if !empty {
                open.push(name);
            }
        }
    }

    /// The list a paragraph of style `style` is in when its own `w:numPr`
    /// does not say: the style's, or the style it is based on.
    pub fn style_list(&self, style: &str) -> (Option<String>, Option<usize>) {
        let (mut num_id, mut level) = (None, None);
        let mut next = Some(style);
        // Style chains are short; the bound stops a loop of basedOn.
        for _ in 0..16 {
            let Some(s) = next.and_then(|id| self.styles.get(id)) else { break };
            num_id = num_id.or_else(|| s.num_id.clone());
            level = level.or(s.level);
            next = s.based_on.as_deref();
        }
        (num_id, level)
    }

    /// Counts a paragraph of list `num_id` at `level` and renders its number
    /// (`None`: no list, a bullet, or a list numbering.xml does not define).
    pub fn next(&mut self, num_id: &str, level: usize) -> Option<String> {
        // numId 0 is Word's way of switching a style's numbering off.
        if num_id == "0" {
            return None;
        }
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let level = level.min(LEVELS - 1);
        // The schema's default start is 0, but no list a person made starts
        // at "0."; a level without `w:start` is taken to start at 1.
        let start = |l: usize| num.starts[l].or(levels[l].as_ref().map(|v| v.start)).unwrap_or(1);
        let counters = self.counters.entry(num_id.to_string()).or_insert([None; LEVELS]);
        counters[level] = Some(match counters[level] {
            Some(n) => n.saturating_add(1),
            None => start(level),
        });
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        let this = levels[level].as_ref()?;
        if this.format == "bullet" {
            return None;
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            let referenced =
                chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=LEVELS as u32).contains(d));
            match (c, referenced) {
                ('%', Some(d)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let n = counters[l].unwrap_or_else(|| start(l));
                    let format = levels[l].as_ref().map_or("decimal", |v| v.format.as_str());
                    out.push_str(&render(n, format));
                }
                _ => out.push(c),
            }
        }
        Some(out)
    }
}

fn level_of(value: Option<String>) -> Option<usize> {
    value?.trim().parse::<usize>().ok().filter(|l| *l < LEVELS)
}

/// Number `n` in Word's number format `format`; unknown formats are decimal.
pub(super) fn render(n: u32, format: &str) -> String {
    match format {
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "koreanCounting" => chinese(n),
        "chineseLegalSimplified" => chinese(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                '千' => '仟',
                other => other,
            })
            .collect(),
        "ideographTraditional" if n > 0 => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" if n > 0 => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            offset('\u{2460}', n)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => offset('\u{2474}', n),
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => offset('\u{2488}', n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "lowerLetter" | "upperLetter" if n > 0 => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let letter = (base + ((n - 1) % 26) as u8) as char;
            // Word repeats the letter past z: aa, bb …
            std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(100) as usize).collect()
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn cycle(n: u32, symbols: &str) -> String {
    let symbols: Vec<char> = symbols.chars().collect();
    symbols[(n as usize - 1) % symbols.len()].to_string()
}

fn offset(first: char, n: u32) -> String {
    char::from_u32(first as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
}

/// 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 101 → 一百零一.
fn chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const UNITS: [&str; 5] = ["", "十", "百", "千", "万"];
    if n == 0 {
        return "零".into();
    }
    if n >= 100_000 {
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = true;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d]);
        out.push_str(UNITS[digits.len() - 1 - i]);
    }
    if (10..20).contains(&n) {
        out.remove(0);
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="mysteryFormat"/><w:lvlText w:val="%1、"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
</w:numbering>"#;

    #[test]
    fn lists_count_per_level_and_a_level_restarts_the_ones_below() {
        let mut n = Numbering::read(Some(NUMBERING.as_bytes()), None, "a.docx").unwrap();
        let got: Vec<Option<String>> = [
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("1", 2),
            ("1", 0),
            ("1", 1),
            ("2", 0),
            ("2", 0),
            ("3", 0),
            ("0", 0),
            ("7", 0),
        ]
        .iter()
        .map(|(id, l)| n.next(id, *l))
        .collect();
        let want = ["（一）", "1.", "2.", "①", "（二）", "1.", "3、", "4、", "（九）"];
        let want: Vec<Option<String>> =
            want.iter().map(|s| Some(s.to_string())).chain([None, None]).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn number_formats() {
        let cases = [
            (1, "chineseCounting", "一"),
            (10, "chineseCounting", "十"),
            (14, "chineseCountingThousand", "十四"),
            (20, "chineseCounting", "二十"),
            (101, "chineseCounting", "一百零一"),
            (3, "ideographTraditional", "丙"),
            (3, "decimalEnclosedCircle", "③"),
            (28, "lowerLetter", "bb"),
            (2, "upperLetter", "B"),
            (14, "upperRoman", "XIV"),
            (7, "decimalZero", "07"),
            (12, "decimalFullWidth", "１２"),
            (11, "chineseLegalSimplified", "拾壹"),
            (5, "somethingNew", "5"),
        ];
        for (n, format, want) in cases {
            assert_eq!(render(n, format), want, "{n} {format}");
        }
    }

    #[test]
    fn a_style_gives_its_list_through_based_on() {
        let styles = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="List"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Task"><w:basedOn w:val="List"/><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let n = Numbering::read(Some(NUMBERING.as_bytes()), Some(styles.as_bytes()), "a.docx").unwrap();
        assert_eq!(n.style_list("Task"), (Some("2".to_string()), Some(0)));
        assert_eq!(n.style_list("Missing"), (None, None));
    }
}
