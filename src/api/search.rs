//! The GraphQL face of full-text search: arguments read into a
//! `search::SearchRequest`, hits wrapped as `SearchHit`. The ranking is
//! documented in `search::query` and, for clients, on the `search` field.

use std::sync::Arc;

use async_graphql::{Enum, InputObject, Object, SimpleObject};

use super::enums::{Category, Role};
use super::error::{ApiError, ApiResult};
use super::page::{DEFAULT_PAGE, MAX_PAGE};
use super::task::Task;
use crate::engine::Snapshot;
use crate::model::{self, Catalog};
use crate::names;
use crate::search::{self, SearchError, TaskField};

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

impl From<TaskField> for SearchField {
    fn from(f: TaskField) -> SearchField {
        match f {
            TaskField::Text => SearchField::Text,
            TaskField::Measure => SearchField::Measure,
            TaskField::Detail => SearchField::Detail,
            TaskField::Chapter => SearchField::Chapter,
            TaskField::Section => SearchField::Section,
        }
    }
}

/// Which tasks a search may return. All given conditions must hold; none
/// changes a score.
#[derive(InputObject, Debug, Default, Clone)]
pub struct SearchFilter {
    /// Place name (江门市 or 江门) or place id.
    pub place: Option<String>,
    /// Document id.
    pub document: Option<String>,
    /// Tasks with a unit of this functional category (in `role`, if given).
    pub category: Option<Category>,
    /// Qualifies `category`; alone, keeps tasks with at least one unit in
    /// this role.
    pub role: Option<Role>,
    /// Tasks with a milestone dated in this year (e.g. 2020).
    pub year: Option<i32>,
}

/// `SearchError` → `ApiError`: a bad query is the caller's, an index fault ours.
pub(crate) fn search_error(e: SearchError) -> ApiError {
    if e.is_user_fault() {
        ApiError::bad(e.to_string())
    } else {
        ApiError::Internal(e.to_string())
    }
}

fn resolve_filter(cat: &Catalog, f: &SearchFilter) -> ApiResult<search::SearchFilter> {
    Ok(search::SearchFilter {
        place: f.place.as_deref().map(|p| names::place(cat, p).map(|p| p.id)).transpose()?,
        document: f.document.as_deref().map(|d| names::document(cat, d).map(|d| d.id)).transpose()?,
        category: f.category.map(Into::into),
        role: f.role.map(Into::into),
        year: f.year,
    })
}

/// `first` checked: 0 to 200, 20 when not given.
pub(crate) fn page_size(first: Option<i32>) -> ApiResult<usize> {
    match first {
        None => Ok(DEFAULT_PAGE),
        Some(f) if (0..=MAX_PAGE as i32).contains(&f) => Ok(f as usize),
        Some(f) => Err(ApiError::bad(format!("`first: {f}` is out of range: expected 0 to {MAX_PAGE}"))),
    }
}

/// Runs a search on the snapshot's index.
pub(crate) fn run(
    snapshot: &Snapshot,
    query: &str,
    filter: Option<&SearchFilter>,
    first: Option<i32>,
    offset: Option<i32>,
) -> ApiResult<SearchResults> {
    let cat = &snapshot.catalog;
    let limit = page_size(first)?;
    let offset = match offset {
        None => 0,
        Some(o) if o >= 0 => o as usize,
        Some(o) => return Err(ApiError::bad(format!("`offset: {o}` is negative: expected 0 or more"))),
    };
    let filter = filter.map(|f| resolve_filter(cat, f)).transpose()?.unwrap_or_default();
    let request = search::SearchRequest { query, filter: &filter, offset, limit };
    let found = snapshot.search.search(&request).map_err(search_error)?;
    let hits =
        found.hits.into_iter().filter_map(|h| cat.task(h.task).map(|t| SearchHit::new(cat, t, h))).collect();
    Ok(SearchResults { total_count: found.total, hits })
}

/// A page of search hits and how many tasks match in all.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct SearchResults {
    /// Tasks matching the query and filter, however many were returned.
    pub total_count: usize,
    /// The hits asked for, best first.
    pub hits: Vec<SearchHit>,
}

/// A range of characters (Unicode code points) of a text, `start`
/// inclusive, `end` exclusive.
#[derive(SimpleObject, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct TextRange {
    /// First character of the range, from 0.
    pub start: usize,
    /// The character after the range.
    pub end: usize,
}

/// A field's part of a hit's score.
#[derive(SimpleObject, Debug, Clone, Copy)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct FieldScore {
    /// The field.
    pub field: SearchField,
    /// Its weighted BM25 score, rounded to three decimals.
    pub score: f64,
}

/// A task that matches a search, with its score.
pub struct SearchHit {
    cat: Arc<Catalog>,
    task: model::Task,
    hit: search::Hit,
}

impl SearchHit {
    fn new(cat: &Arc<Catalog>, task: &model::Task, hit: search::Hit) -> SearchHit {
        SearchHit { cat: cat.clone(), task: task.clone(), hit }
    }
}

/// A task that matches a search, with its score.
#[Object(crate = "crate::api::resolve::graphql")]
impl SearchHit {
    /// The matching task.
    async fn task(&self) -> Task {
        Task::new(&self.cat, &self.task)
    }

    /// Relevance: the sum over query terms and fields of field weight × the
    /// BM25 score of the term in the field (its phrase plus its words found),
    /// rounded to three decimals. Comparable within one search, not across
    /// searches or data versions.
    async fn score(&self) -> f64 {
        self.hit.score
    }

    /// The field that contributed most to the score.
    async fn field(&self) -> SearchField {
        self.hit.field.into()
    }

    /// Every field that matched.
    async fn matched_fields(&self) -> Vec<SearchField> {
        self.hit.fields.iter().map(|&(f, _)| f.into()).collect()
    }

    /// Each matching field's part of the score, in the order of `matchedFields`.
    async fn field_scores(&self) -> Vec<FieldScore> {
        self.hit.fields.iter().map(|&(f, score)| FieldScore { field: f.into(), score }).collect()
    }

    /// Up to 40 characters of the best field around the match, as printed
    /// (traditional characters stay traditional), with `…` where it is cut.
    async fn snippet(&self) -> &str {
        &self.hit.snippet.text
    }

    /// The characters of `snippet` that match words of the query, in order.
    async fn highlights(&self) -> Vec<TextRange> {
        self.hit.snippet.highlights.iter().map(|r| TextRange { start: r.start, end: r.end }).collect()
    }

    /// `snippet` as HTML: escaped, with each highlight in `<mark>…</mark>`.
    async fn snippet_html(&self) -> String {
        self.hit.snippet.to_html()
    }
}
