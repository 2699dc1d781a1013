//! Traditional characters read like simplified ones. Documents copied from
//! Taiwan or Hong Kong mirrors print 牽頭單位 and 各縣、特區; the reader
//! matches on simplified text and gives back the printed form of every
//! string it keeps (task texts, unit names as printed), so only canonical
//! names are simplified.
//!
//! This module must not change the number of characters: conversion is one
//! character for one, which is what lets a printed form be restored.

use std::borrow::Cow;
use std::collections::HashMap;

/// Frequent characters that only traditional text uses; a document with
/// none of them is not converted (the common case costs one scan).
const TELLTALES: &str =
    "們與個為這來國會發單縣區頭務業關實現經濟進應設計劃對時間點責門協調辦區議農衛廳機構費補貼質區環資產勞動";

/// The simplified text and the way back to the printed characters.
#[derive(Debug, Default, Clone)]
pub struct Script {
    /// Simplified character → the traditional one this document printed.
    printed: HashMap<char, char>,
}

impl Script {
    /// Whether the document printed traditional characters.
    pub fn is_traditional(&self) -> bool {
        !self.printed.is_empty()
    }

    /// Gives a string read from the simplified text its printed characters.
    pub fn restore(&self, text: &str) -> String {
        if self.printed.is_empty() {
            return text.to_string();
        }
        text.chars().map(|c| self.printed.get(&c).copied().unwrap_or(c)).collect()
    }
}

fn telltales() -> &'static [char] {
    static SORTED: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        let mut chars: Vec<char> = TELLTALES.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    })
}

/// Simplifies `text` when it is written in traditional characters.
pub fn simplify(text: &str) -> (Cow<'_, str>, Script) {
    let tell = telltales();
    if !text.chars().any(|c| !c.is_ascii() && tell.binary_search(&c).is_ok()) {
        return (Cow::Borrowed(text), Script::default());
    }
    let simplified = fast2s::convert(text);
    let mut printed = HashMap::new();
    let mut printed_simplified = std::collections::HashSet::new();
    for (s, t) in simplified.chars().zip(text.chars()) {
        if s != t {
            printed.entry(s).or_insert(t);
        } else if !s.is_ascii() {
            printed_simplified.insert(s);
        }
    }
    // A document mixing scripts (a simplified table quoting 香港特別行政區)
    // prints some characters both ways; those cannot be told back by
    // character and stay simplified, rather than turning the 区 of 各区
    // into 區.
    printed.retain(|s, _| !printed_simplified.contains(s));
    (Cow::Owned(simplified), Script { printed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_is_simplified_and_restored() {
        let printed = "(牽頭單位:市人力資源社會保障局;責任單位:各縣、特區、區人民政府)";
        let (text, script) = simplify(printed);
        assert_eq!(text, "(牵头单位:市人力资源社会保障局;责任单位:各县、特区、区人民政府)");
        assert!(script.is_traditional());
        assert_eq!(script.restore("市人力资源社会保障局"), "市人力資源社會保障局");
        assert_eq!(script.restore(&text), printed);
    }

    #[test]
    fn simplified_text_is_untouched() {
        let (text, script) = simplify("牵头单位：市民政局");
        assert!(matches!(text, Cow::Borrowed(_)));
        assert!(!script.is_traditional());
        assert_eq!(script.restore("市民政局"), "市民政局");
    }

    #[test]
    fn characters_printed_both_ways_stay_simplified() {
        let (text, script) = simplify("加强与香港特別行政區的合作。各区人民政府");
        assert_eq!(text, "加强与香港特别行政区的合作。各区人民政府");
        assert_eq!(script.restore("各区人民政府"), "各区人民政府");
        assert_eq!(script.restore("特别"), "特別");
    }
}
