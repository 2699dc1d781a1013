//! The text that search and similarity compare, and the words cut from it.
//!
//! [`normalise`] maps a text to the form every comparison uses, one
//! character for one, so a position in the normalised text is the same
//! position in the text as printed (that is how highlights map back).
//! [`words`] cuts it the way the index does: a run of Han characters gives
//! each character (a unigram) and each pair of neighbours (a bigram), a run
//! of letters and digits gives one word. [`shingles`] gives the set the
//! similarity of two tasks is measured on.
//!
//! Nothing here knows tantivy: `tokenizer.rs` wraps [`words`] for it.

/// The text as compared: traditional characters simplified (fast2s, one
/// character for one, as the reader does), full-width ASCII narrowed, ASCII
/// letters lowercased. The result has as many characters as `text`.
pub fn normalise(text: &str) -> Vec<char> {
    let narrowed: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let simplified: Vec<char> = fast2s::convert(&narrowed).chars().collect();
    // fast2s maps one character to one; should a future table ever map one
    // to two, comparing the text as printed keeps positions right.
    if simplified.len() == narrowed.chars().count() {
        simplified
    } else {
        narrowed.chars().collect()
    }
}

/// A Han character (CJK unified ideographs and their extensions,
/// compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// A character of a word: a letter or digit that is not Han.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// One word cut from a normalised text: its characters `start..end` and the
/// position phrase matching counts in (one per Han character, one per word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub position: usize,
}

impl Word {
    pub fn text(&self, chars: &[char]) -> String {
        chars[self.start..self.end].iter().collect()
    }
}

/// Which words to cut: the index keeps unigrams and bigrams of Han runs; a
/// query asks for bigrams only (a one-character Han run gives its unigram),
/// so a two-character query does not match every text that shares one
/// character with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    Index,
    Query,
}

/// The words of a normalised text, in order of position (a unigram before
/// the bigram that starts at it).
pub fn words(chars: &[char], cut: Cut) -> Vec<Word> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_han(c) {
            let start = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            let run = start..i;
            for at in run.clone() {
                let has_next = at + 1 < run.end;
                if cut == Cut::Index || run.len() == 1 {
                    out.push(Word { start: at, end: at + 1, position });
                }
                if has_next {
                    out.push(Word { start: at, end: at + 2, position });
                }
                position += 1;
            }
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            out.push(Word { start, end: i, position });
            position += 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The shingles of a text, sorted and without repeats: each pair of
/// neighbouring characters of the normalised text once every character that
/// is not a letter or digit (punctuation, spaces) is removed; a text of one
/// such character is that character alone. A shingle is its two characters
/// packed into a `u64` (the first in the high half; 0 for a lone character).
pub fn shingles(text: &str) -> Vec<u64> {
    let kept: Vec<char> = normalise(text).into_iter().filter(|c| c.is_alphanumeric()).collect();
    let mut out: Vec<u64> = match kept.len() {
        0 => Vec::new(),
        1 => vec![kept[0] as u64],
        _ => kept.windows(2).map(|w| (w[0] as u64) << 32 | w[1] as u64).collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// A shingle as text (the token the similarity field indexes).
pub fn shingle_text(shingle: u64) -> String {
    let first = char::from_u32((shingle >> 32) as u32);
    let second = char::from_u32((shingle & 0xFFFF_FFFF) as u32);
    first.into_iter().chain(second).filter(|&c| c != '\0').collect()
}

/// Jaccard index of two sorted shingle sets: |A ∩ B| / |A ∪ B|; 0 when both
/// are empty.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, cut: Cut) -> Vec<String> {
        let chars = normalise(text);
        words(&chars, cut).iter().map(|w| w.text(&chars)).collect()
    }

    #[test]
    fn han_runs_give_unigrams_and_bigrams_words_stay_whole() {
        assert_eq!(cut("医养结合", Cut::Index), ["医", "医养", "养", "养结", "结", "结合", "合"]);
        assert_eq!(cut("医养结合", Cut::Query), ["医养", "养结", "结合"]);
        assert_eq!(cut("水", Cut::Query), ["水"]);
        assert_eq!(cut("推进5G，ＰＰＰ项目", Cut::Query), ["推进", "5g", "ppp", "项目"]);
    }

    #[test]
    fn traditional_text_reads_as_simplified_character_for_character() {
        let printed = "醫養結合";
        let normal = normalise(printed);
        assert_eq!(normal.iter().collect::<String>(), "医养结合");
        assert_eq!(normal.len(), printed.chars().count());
        assert_eq!(shingles(printed), shingles("医养结合"));
    }

    #[test]
    fn shingles_skip_punctuation_and_jaccard_counts_shared_pairs() {
        assert_eq!(shingles("医养，结合").len(), 3);
        assert_eq!(shingles("养"), vec!['养' as u64]);
        assert_eq!(shingle_text(shingles("医养")[0]), "医养");
        let (a, b) = (shingles("推进医养结合"), shingles("推进医养服务"));
        // {推进 进医 医养 养结 结合} and {推进 进医 医养 养服 服务}: 3 of 7.
        assert!((jaccard(&a, &b) - 3.0 / 7.0).abs() < 1e-12);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&a, &a), 1.0);
    }
}
