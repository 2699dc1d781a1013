//! Snippets: a window of a field around the words a query matched, with
//! those words marked.

use std::collections::HashSet;
use std::ops::Range;

use super::text::{self, Cut};

/// Characters of a snippet, not counting the `…` marking a cut.
pub const WIDTH: usize = 40;
/// Characters kept before the first mark when the field is cut.
const LEAD: usize = 10;

/// A piece of a field as printed and the ranges of it the query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Up to [`WIDTH`] characters of the field, with `…` where it was cut.
    pub text: String,
    /// Matched ranges of `text`, in characters (Unicode scalar values,
    /// counting the leading `…`), sorted and not overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The snippet as HTML: text escaped, matches in `<mark>`.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let mut marks = self.highlights.iter().peekable();
        let mut open = None;
        for (i, c) in self.text.chars().enumerate() {
            if open == Some(i) {
                out.push_str("</mark>");
                open = None;
            }
            if let Some(r) = marks.next_if(|r| r.start == i) {
                out.push_str("<mark>");
                open = Some(r.end);
            }
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                _ => out.push(c),
            }
        }
        if open.is_some() {
            out.push_str("</mark>");
        }
        out
    }
}

/// The snippet of `value` for a query whose words are `words` (as
/// `text::words` cuts them): the window starts [`LEAD`] characters before
/// the longest run of matched characters (the first of equal runs), so a
/// whole phrase wins over a lone word, or earlier when that run is near
/// the end.
pub fn around(value: &str, words: &HashSet<String>) -> Snippet {
    let chars = text::normalise(value);
    let mut ranges: Vec<Range<usize>> = text::words(&chars, Cut::Index)
        .into_iter()
        .filter(|w| words.contains(&w.text(&chars)))
        .map(|w| w.start..w.end)
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let anchor = merged.iter().fold(None, |best: Option<&Range<usize>>, r| match best {
        Some(b) if b.len() >= r.len() => Some(b),
        _ => Some(r),
    });
    // Near the end, the window moves back to show WIDTH characters still.
    let start = anchor.map_or(0, |r| r.start.saturating_sub(LEAD)).min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let printed: Vec<char> = value.chars().collect();
    let mut text: String = printed[start..end].iter().collect();
    let shift = usize::from(start > 0);
    if start > 0 {
        text.insert(0, '…');
    }
    if end < printed.len() {
        text.push('…');
    }
    let highlights = merged
        .into_iter()
        .filter(|r| r.end > start && r.start < end)
        .map(|r| r.start.max(start) - start + shift..r.end.min(end) - start + shift)
        .collect();
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(of: &[&str]) -> HashSet<String> {
        of.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn snippets_centre_on_the_longest_match_and_mark_it_in_the_text_as_printed() {
        let text = "一二三四五六七八九十一二三四五六七八九十结合醫養結合一二三四五六七八九十一二三四五六七八九十一二三";
        let s = around(text, &words(&["医养", "养结", "结合"]));
        assert!(s.text.starts_with('…') && s.text.chars().count() == WIDTH + 1, "{s:?}");
        let marked: Vec<String> =
            s.highlights.iter().map(|r| s.text.chars().skip(r.start).take(r.len()).collect()).collect();
        assert_eq!(marked, ["结合", "醫養結合"]);
        assert!(s.to_html().contains("<mark>醫養結合</mark>"), "{}", s.to_html());
    }

    #[test]
    fn html_is_escaped_and_short_fields_stay_whole() {
        let s = around("<养老>", &words(&["养老"]));
        assert_eq!(s.text, "<养老>");
        assert_eq!(s.highlights, vec![1..3]);
        assert_eq!(s.to_html(), "&lt;<mark>养老</mark>&gt;");
    }
}
