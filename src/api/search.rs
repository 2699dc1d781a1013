//! Free-text search over tasks.
//!
//! # Ranking
//! Chinese text has no spaces, so matching works on characters:
//! - The query is split on whitespace into terms; ASCII letters are compared
//!   case-insensitively.
//! - Each term is matched against five fields with weights: task text 3,
//!   measure 2, detail 1, chapter 1, section 1.
//! - A field containing the term as a substring scores 1 for that term.
//!   Otherwise the field scores 0.8 × the share of the term's distinct
//!   character bigrams (医养, 养结, 结合 for 医养结合) it contains, when that share
//!   is at least one half; below that it scores 0. One-character terms only
//!   match as substrings.
//! - A task's score is the sum over terms and fields of weight × field score,
//!   rounded to three decimals. Tasks scoring 0 are no hits. Hits are ordered
//!   by score, ties in source order. The hit's `field` is the field that
//!   contributed most (ties: text, measure, detail, chapter, section).
//!
//! It scans every task (linear in the catalog's text, about a millisecond
//! for the seeds); no index is kept because the snapshot is rebuilt on every
//! write and searches are rare next to reads.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{Enum, Object};

use super::error::{ApiError, ApiResult};
use super::filter::{sort_tasks, TaskSort};
use super::page::MAX_PAGE;
use super::task::Task;
use crate::model::{self, Catalog};

/// A task field that search looks at.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    /// The task itself (weight 3).
    Text,
    /// The measure (工作措施) it belongs to (weight 2).
    Measure,
    /// Requirements or specific content (weight 1).
    Detail,
    /// Chapter heading (weight 1).
    Chapter,
    /// Sub-heading (weight 1).
    Section,
}

impl SearchField {
    const ALL: [SearchField; 5] = [
        SearchField::Text,
        SearchField::Measure,
        SearchField::Detail,
        SearchField::Chapter,
        SearchField::Section,
    ];

    fn weight(self) -> f64 {
        match self {
            SearchField::Text => 3.0,
            SearchField::Measure => 2.0,
            _ => 1.0,
        }
    }

    fn of(self, t: &model::Task) -> Option<&str> {
        match self {
            SearchField::Text => Some(&t.text),
            SearchField::Measure => t.measure.as_deref(),
            SearchField::Detail => t.detail.as_deref(),
            SearchField::Chapter => t.chapter.as_deref(),
            SearchField::Section => t.section.as_deref(),
        }
    }
}

/// How well one term matches one field: 1 for a substring, 0.8 × bigram share
/// when at least half the bigrams occur, else 0.
fn term_score(term: &str, bigrams: &[String], field: &str) -> f64 {
    if field.contains(term) {
        return 1.0;
    }
    if bigrams.is_empty() {
        return 0.0;
    }
    let found = bigrams.iter().filter(|b| field.contains(b.as_str())).count();
    let share = found as f64 / bigrams.len() as f64;
    if share >= 0.5 {
        0.8 * share
    } else {
        0.0
    }
}

fn bigrams(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    let mut seen = HashSet::new();
    chars.windows(2).map(|w| w.iter().collect::<String>()).filter(|b| seen.insert(b.clone())).collect()
}

/// One ranked search result.
pub(crate) struct RankedHit<'c> {
    pub task: &'c model::Task,
    pub score: f64,
    pub field: SearchField,
    pub fields: Vec<SearchField>,
    pub snippet: String,
}

/// Ranks tasks for `query` (see the module doc) and keeps the best `first`.
pub(crate) fn rank<'c>(cat: &'c Catalog, query: &str, first: Option<i32>) -> ApiResult<Vec<RankedHit<'c>>> {
    let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if terms.is_empty() {
        return Err(ApiError::bad("the search query is empty: expected words to look for, e.g. 医养结合"));
    }
    let first = match first {
        None => 20,
        Some(f) if (0..=MAX_PAGE as i32).contains(&f) => f as usize,
        Some(f) => {
            return Err(ApiError::bad(format!("`first: {f}` is out of range: expected 0 to {MAX_PAGE}")))
        }
    };
    let term_bigrams: Vec<Vec<String>> = terms.iter().map(|t| bigrams(t)).collect();
    let mut hits = Vec::new();
    for task in cat.tasks() {
        let mut per_field = [0.0f64; 5];
        for (i, field) in SearchField::ALL.iter().enumerate() {
            let Some(value) = field.of(task) else { continue };
            let value = value.to_lowercase();
            let sum: f64 = terms.iter().zip(&term_bigrams).map(|(t, b)| term_score(t, b, &value)).sum();
            per_field[i] = sum * field.weight();
        }
        let score: f64 = per_field.iter().sum();
        if score <= 0.0 {
            continue;
        }
        let best = (0..5).fold(0, |best, i| if per_field[i] > per_field[best] { i } else { best });
        let field = SearchField::ALL[best];
        let fields = (0..5).filter(|&i| per_field[i] > 0.0).map(|i| SearchField::ALL[i]).collect();
        let snippet = snippet(field.of(task).unwrap_or(""), &terms, &term_bigrams);
        hits.push(RankedHit { task, score: (score * 1000.0).round() / 1000.0, field, fields, snippet });
    }
    // Source order first, then a stable sort by score keeps it among ties.
    let mut order: Vec<&model::Task> = hits.iter().map(|h| h.task).collect();
    sort_tasks(cat, &mut order, TaskSort::default());
    let position: std::collections::HashMap<model::TaskId, usize> =
        order.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(position[&a.task.id].cmp(&position[&b.task.id])));
    hits.truncate(first);
    Ok(hits)
}

/// Up to 40 characters of `value` around the first place a term (or, failing
/// that, one of its bigrams) occurs.
fn snippet(value: &str, terms: &[String], term_bigrams: &[Vec<String>]) -> String {
    const WIDTH: usize = 40;
    let lower = value.to_lowercase();
    let needles = terms.iter().chain(term_bigrams.iter().flatten());
    let at = needles.filter_map(|n| lower.find(n.as_str())).next().unwrap_or(0);
    // `to_lowercase` can change byte lengths for non-ASCII letters; count in
    // characters of the lowered text and map back, falling back to the start.
    let char_at = lower[..at].chars().count();
    let chars: Vec<char> = value.chars().collect();
    let start = char_at.saturating_sub(10).min(chars.len());
    let end = (start + WIDTH).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// A task that matches a search, with its score.
pub struct SearchHit {
    cat: Arc<Catalog>,
    task: model::Task,
    score: f64,
    field: SearchField,
    fields: Vec<SearchField>,
    snippet: String,
}

impl SearchHit {
    pub(crate) fn new(cat: &Arc<Catalog>, hit: RankedHit<'_>) -> SearchHit {
        SearchHit {
            cat: cat.clone(),
            task: hit.task.clone(),
            score: hit.score,
            field: hit.field,
            fields: hit.fields,
            snippet: hit.snippet,
        }
    }
}

/// A task that matches a search, with its score.
#[Object]
impl SearchHit {
    /// The matching task.
    async fn task(&self) -> Task {
        Task::new(&self.cat, &self.task)
    }

    /// Relevance: the sum over terms and fields of field weight × match
    /// (1 for a substring, 0.8 × bigram share for a partial match).
    async fn score(&self) -> f64 {
        self.score
    }

    /// The field that contributed most to the score.
    async fn field(&self) -> SearchField {
        self.field
    }

    /// Every field that matched.
    async fn matched_fields(&self) -> &[SearchField] {
        &self.fields
    }

    /// Up to 40 characters of the best field around the match.
    async fn snippet(&self) -> &str {
        &self.snippet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_beats_partial_and_partial_needs_half_the_bigrams() {
        let b = bigrams("医养结合");
        assert_eq!(b, vec!["医养", "养结", "结合"]);
        assert_eq!(term_score("医养结合", &b, "推进医养结合发展"), 1.0);
        // 医养 and 结合 occur, 养结 does not: 2 of 3 bigrams.
        let partial = term_score("医养结合", &b, "医养服务与康复结合");
        assert!((partial - 0.8 * 2.0 / 3.0).abs() < 1e-9, "{partial}");
        assert_eq!(term_score("医养结合", &b, "医疗服务"), 0.0);
        assert_eq!(term_score("医", &bigrams("医"), "养老"), 0.0);
    }

    #[test]
    fn snippets_center_on_the_match() {
        let text =
            "一二三四五六七八九十一二三四五六七八九十医养结合一二三四五六七八九十一二三四五六七八九十一二三";
        let s = snippet(text, &["医养结合".into()], &[]);
        assert!(s.starts_with('…') && s.contains("医养结合"), "{s}");
    }
}
