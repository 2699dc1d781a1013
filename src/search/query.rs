//! A search: the query read into terms, the tantivy query built from them
//! and the filters, the hits ranked, each with its fields and snippet.
//!
//! # Ranking
//! - The query is split on whitespace into terms; each term is cut into
//!   words as the index cuts text, but Han runs into bigrams only (医养结合 →
//!   医养, 养结, 结合; a one-character term is its unigram).
//! - A term matches a field when the field contains it as a phrase (its
//!   words at consecutive positions: the term as a substring of the
//!   normalised field; letters and digits between spaces or punctuation
//!   count as one word each) or contains at least half its words. Its score there is BM25
//!   (tantivy's, k1 = 1.2, b = 0.75) of the phrase plus that of the words
//!   found, so a field holding the whole term scores about twice one holding
//!   part of it.
//! - Field scores are weighted: task text 3, measure 2, detail, chapter and
//!   section 1. A task's score is the sum over terms and fields, rounded to
//!   three decimals; a task matching no term is no hit. Hits are ordered by
//!   score, ties in source order.
//! - Filters (place, document, category with role, role, year) narrow the
//!   hits without changing scores.

use std::collections::HashSet;

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::schema::{role_code, Fields, TaskField, DOCUMENT, SEQ};
use super::snippet::{self, Snippet};
use super::text::{self, Cut};
use super::{rank, SearchError, SearchIndex};
use crate::model::{Category, DocumentId, PlaceId, Role, TaskId};

/// Hits beyond this position are not served: deeper pages are better asked
/// with a filter.
pub const MAX_OFFSET: usize = 10_000;

/// Longest query read, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// Which tasks a search may return. All given conditions must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    pub place: Option<PlaceId>,
    pub document: Option<DocumentId>,
    /// Tasks with a unit of this category (in `role`, if given).
    pub category: Option<Category>,
    /// With `category`, the role the unit plays; alone, tasks with a unit in
    /// this role.
    pub role: Option<Role>,
    /// Tasks with a milestone dated in this year.
    pub year: Option<i32>,
}

/// One search: the query, its filter and the page of hits wanted.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub query: &'a str,
    pub filter: &'a SearchFilter,
    /// Hits to skip (at most [`MAX_OFFSET`]).
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
}

/// A page of hits and how many tasks match in all.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One matching task.
#[derive(Debug, Clone)]
pub struct Hit {
    pub task: TaskId,
    /// The task's score (see the module doc), rounded to three decimals.
    pub score: f64,
    /// The fields that matched with their part of the score, in the order
    /// of [`TaskField::ALL`].
    pub fields: Vec<(TaskField, f64)>,
    /// The field with the largest part (ties: the earlier in
    /// [`TaskField::ALL`]).
    pub field: TaskField,
    /// Up to 40 characters of that field around the match, words of the
    /// query marked.
    pub snippet: Snippet,
}

/// One whitespace-separated term of a query: its words with their positions.
pub(super) struct QueryTerm {
    pub(super) words: Vec<(usize, String)>,
}

pub(super) fn parse(query: &str) -> Result<Vec<QueryTerm>, SearchError> {
    let query = query.trim();
    if query.is_empty() {
        return Err(SearchError::BadQuery(
            "the search query is empty: expected words to look for, e.g. 医养结合".into(),
        ));
    }
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(SearchError::BadQuery(format!(
            "the search query is {length} characters long: the limit is {MAX_QUERY_CHARS}"
        )));
    }
    let terms: Vec<QueryTerm> = query
        .split_whitespace()
        .map(|term| {
            let chars = text::normalise(term);
            let words = text::words(&chars, Cut::Query);
            let first = words.first().map_or(0, |w| w.position);
            QueryTerm { words: words.iter().map(|w| (w.position - first, w.text(&chars))).collect() }
        })
        .filter(|t| !t.words.is_empty())
        .collect();
    if terms.is_empty() {
        return Err(SearchError::BadQuery(format!(
            "the search query `{query}` has no letter, digit or Chinese character to look for"
        )));
    }
    Ok(terms)
}

/// A term of a filter field, scoring nothing.
fn filter_term(field: Field, value: &str) -> (Occur, Box<dyn Query>) {
    let term = TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
    (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0)))
}

pub(super) fn filter_clauses(fields: &Fields, filter: &SearchFilter) -> Vec<(Occur, Box<dyn Query>)> {
    let mut clauses = Vec::new();
    if let Some(place) = filter.place {
        clauses.push(filter_term(fields.place, &place.to_string()));
    }
    if let Some(document) = filter.document {
        let term = TermQuery::new(fields.document_term(document), IndexRecordOption::Basic);
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0))));
    }
    match (filter.category, filter.role) {
        (Some(c), Some(r)) => {
            clauses.push(filter_term(fields.unit, &format!("{}:{}", role_code(r), c.code())))
        }
        (Some(c), None) => clauses.push(filter_term(fields.unit, &format!("any:{}", c.code()))),
        (None, Some(r)) => clauses.push(filter_term(fields.unit, &format!("role:{}", role_code(r)))),
        (None, None) => {}
    }
    if let Some(year) = filter.year {
        clauses.push(filter_term(fields.year, &year.to_string()));
    }
    clauses
}

/// The task a document of the index stands for.
pub(super) fn task_of(searcher: &Searcher, at: DocAddress) -> Option<TaskId> {
    let fast = searcher.segment_reader(at.segment_ord).fast_fields();
    let document = fast.u64(DOCUMENT).ok()?.first(at.doc_id)?;
    let seq = fast.u64(SEQ).ok()?.first(at.doc_id)?;
    Some(TaskId { document: DocumentId(document), seq: u32::try_from(seq).ok()? })
}

impl SearchIndex {
    /// Runs a search (see the module doc for the ranking).
    ///
    /// Complexity: the postings of the query's words (no positions), plus
    /// the exact scoring of the best-bounded matches (`rank.rs`), plus a
    /// snippet per hit returned.
    pub fn search(&self, request: &SearchRequest<'_>) -> Result<SearchResults, SearchError> {
        let terms = parse(request.query)?;
        if request.offset > MAX_OFFSET {
            return Err(SearchError::BadQuery(format!(
                "offset {} is past the last hit served ({MAX_OFFSET}): narrow the search with a filter",
                request.offset
            )));
        }
        let live = self.live()?;
        let searcher = &live.searcher;
        let filter = filter_clauses(&live.shared.fields, request.filter);
        let filter = (!filter.is_empty()).then(|| BooleanQuery::new(filter));
        let order = live.order(&self.catalog);
        let ranked = rank::rank(
            searcher,
            &live.shared.fields,
            &terms,
            filter.as_ref().map(|q| q as &dyn Query),
            &order,
            request.offset,
            request.limit,
        )?;

        let words: HashSet<String> =
            terms.iter().flat_map(|t| t.words.iter().map(|(_, w)| w.clone())).collect();
        let mut hits = Vec::with_capacity(ranked.page.len());
        for scored in ranked.page {
            let Some(id) = task_of(searcher, scored.at) else { continue };
            let Some(task) = self.catalog.task(id) else { continue };
            let fields: Vec<(TaskField, f64)> = TaskField::ALL
                .iter()
                .zip(scored.parts)
                .filter(|(_, part)| *part > 0)
                .map(|(&f, part)| (f, part as f64 / 1000.0))
                .collect();
            let field = fields.iter().fold(None, |best: Option<(TaskField, f64)>, &(f, p)| match best {
                Some((_, b)) if b >= p => best,
                _ => Some((f, p)),
            });
            let field = field.map_or(TaskField::Text, |(f, _)| f);
            let snippet = snippet::around(field.of(task).unwrap_or(""), &words);
            hits.push(Hit { task: id, score: scored.milli as f64 / 1000.0, fields, field, snippet });
        }
        Ok(SearchResults { total: ranked.total, hits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_read_into_terms_of_words() {
        let terms = parse("  醫養結合  养老 ").expect("a query");
        let words: Vec<Vec<(usize, String)>> = terms.into_iter().map(|t| t.words).collect();
        assert_eq!(
            words,
            vec![
                vec![(0, "医养".to_string()), (1, "养结".to_string()), (2, "结合".to_string())],
                vec![(0, "养老".to_string())],
            ]
        );
        assert!(matches!(parse(" "), Err(SearchError::BadQuery(m)) if m.contains("empty")));
        assert!(matches!(parse("，。"), Err(SearchError::BadQuery(m)) if m.contains("no letter")));
    }
}
