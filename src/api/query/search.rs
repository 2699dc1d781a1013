//! Root fields for full-text search, similar tasks, aligned documents and
//! topics across places.

use async_graphql::{Context, Object, ResultExt, ID};

use crate::api::context::snapshot;
use crate::api::error::ApiError;
use crate::api::search::{page_size, run, search_error, SearchFilter, SearchHit, SearchResults};
use crate::api::similar::{
    cluster, min_score, DivergentTopic, DocumentAlignment, SimilarTask, TopicAcrossPlaces,
};
use crate::names;
use crate::search;

#[derive(Default)]
pub struct SearchQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl SearchQuery {
    /// Free-text search over task text, measure, detail, chapter and section.
    /// The query's whitespace-separated terms are matched on characters
    /// (traditional characters as simplified): a field matches a term that it
    /// contains (as a substring) or at least half of whose character bigrams
    /// it contains. Ranked by BM25 with field weights text 3, measure
    /// 2, others 1, a field holding the whole term scoring about twice one
    /// holding part of it; ties in source order. Returns the best `first`
    /// hits (default 20, at most 200) after skipping `offset`; `filter`
    /// narrows the hits without changing scores. `searchResults` gives the
    /// same hits with the total count.
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        first: Option<i32>,
        filter: Option<SearchFilter>,
        offset: Option<i32>,
    ) -> async_graphql::Result<Vec<SearchHit>> {
        let snapshot = snapshot(ctx).extend()?;
        Ok(run(&snapshot, &query, filter.as_ref(), first, offset).extend()?.hits)
    }

    /// `search` with the number of matching tasks: the same hits in the same
    /// order, and `totalCount` counting every match of the query and filter.
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn search_results(
        &self,
        ctx: &Context<'_>,
        query: String,
        first: Option<i32>,
        filter: Option<SearchFilter>,
        offset: Option<i32>,
    ) -> async_graphql::Result<SearchResults> {
        let snapshot = snapshot(ctx).extend()?;
        run(&snapshot, &query, filter.as_ref(), first, offset).extend()
    }

    /// Tasks of any document whose text is like the given task's, best first
    /// (ties in source order), at most `first` (default 20, at most 200).
    /// The score is the Jaccard index J(A, B) = |S(A) ∩ S(B)| / |S(A) ∪ S(B)|,
    /// where S(T) is the set of pairs of neighbouring characters (bigrams) of
    /// T's task text after simplifying traditional characters, narrowing
    /// full-width letters and digits, lowercasing ASCII letters and removing
    /// every character that is not a letter or digit. Measure, detail and
    /// headings are not compared. Every task with J ≥ `minScore` (above 0, at
    /// most 1; default 0.3) is found: candidates are drawn exactly, not
    /// sampled. The task itself is not listed.
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn similar_tasks(
        &self,
        ctx: &Context<'_>,
        task: ID,
        min_score: Option<f64>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<SimilarTask>> {
        let snapshot = snapshot(ctx).extend()?;
        let cat = &snapshot.catalog;
        let id = names::task(cat, &task).extend()?.id;
        let threshold = self::min_score(min_score).extend()?;
        let limit = page_size(first).extend()?;
        let found = snapshot.search.similar(id, threshold, limit).map_err(search_error).extend()?;
        Ok(found.into_iter().map(|found| SimilarTask { cat: cat.clone(), found }).collect())
    }

    /// The tasks of two documents matched one to one by the score of
    /// `similarTasks`: of all pairs (a task of `a`, a task of `b`) with score ≥
    /// `minScore` (default 0.3), the best is paired, then the best among the
    /// tasks still unpaired, and so on (ties: earlier in `a`, then in `b`).
    /// Greedy, so each pair is the best one left, not a maximum-weight
    /// matching. Lists the pairs and the tasks of each side left unpaired.
    async fn align_documents(
        &self,
        ctx: &Context<'_>,
        a: ID,
        b: ID,
        min_score: Option<f64>,
    ) -> async_graphql::Result<DocumentAlignment> {
        let snapshot = snapshot(ctx).extend()?;
        let cat = &snapshot.catalog;
        let a = names::document(cat, &a).extend()?.id;
        let b = names::document(cat, &b).extend()?.id;
        let threshold = self::min_score(min_score).extend()?;
        Ok(DocumentAlignment::new(cat, search::align(cat, a, b, threshold)))
    }

    /// The tasks on a topic in every place, with who leads them. Give exactly
    /// one of `query` and `task`. With `query`, a task is on the topic when
    /// each whitespace-separated term of the query occurs in its text,
    /// measure, detail, chapter or section (as a substring, traditional
    /// characters as simplified). With `task`, the topic
    /// is that task and its `similarTasks` with score ≥ `minScore` (default
    /// 0.3). Each task's lead category is the functional category of its
    /// primary lead unit (rank 1). A place's responsibility divergence is the
    /// Shannon entropy in bits, H = −Σ p_c log2 p_c, of its tasks' lead
    /// categories (p_c: the share of its tasks with a lead whose lead is of
    /// category c): 0 when one category leads every task, log2 n when n
    /// categories lead equal shares.
    async fn topic_across_places(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        task: Option<ID>,
        min_score: Option<f64>,
    ) -> async_graphql::Result<TopicAcrossPlaces> {
        let snapshot = snapshot(ctx).extend()?;
        let cat = &snapshot.catalog;
        let tasks = cluster(&snapshot, query, task, min_score, "topic")?;
        Ok(TopicAcrossPlaces::new(cat, search::across_places(cat, &tasks)))
    }

    /// The topics on which places differ most in who leads the work. Two
    /// tasks are similar when the score of `similarTasks` between them is ≥
    /// `minScore` (0.3 to 1; default 0.5, above `similarTasks`' 0.3 because
    /// a topic's tasks need only be similar to its representative, and
    /// because lower thresholds multiply the pairs to compare); a task's
    /// degree is how many tasks it is similar to (tasks of the same text
    /// included). Topics are star clusters: taking the tasks by degree,
    /// highest first (ties in source order), each task not yet in a topic is the representative of a new
    /// topic holding it and every task similar to it not yet in a topic. So
    /// each task is in one topic at most (none when its text has no letter
    /// or digit), and every task of a topic is similar to its
    /// representative: a topic is `topicAcrossPlaces(task: representative,
    /// minScore)` less the tasks an earlier topic took. (Connected
    /// components of the similarity graph would chain unlike tasks through
    /// tasks like both.) A topic is kept when its tasks come from at least
    /// `minPlaces` places (1 or more). Its divergence is the responsibility
    /// divergence of `topicAcrossPlaces` over all its tasks: the Shannon
    /// entropy in bits of their primary leads' functional categories. Topics
    /// run by divergence (highest first), then by places (most first), then
    /// by their representative's source order; `first` (0 to 200) keeps
    /// that many. `places` (as `Scope.places`; absent: every place) takes
    /// the tasks of those places only, before clustering. Computed once per
    /// data version and argument set.
    #[graphql(complexity = "crate::api::analytics::HEAVY_COST
        + crate::api::page::list_cost(Some(first), child_complexity)")]
    async fn divergent_topics(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "search::TOPICS_MIN_SCORE")] min_score: f64,
        #[graphql(default = 2)] min_places: i32,
        #[graphql(default = 10)] first: i32,
        places: Option<Vec<String>>,
    ) -> async_graphql::Result<Vec<DivergentTopic>> {
        let snapshot = snapshot(ctx).extend()?;
        let cat = &snapshot.catalog;
        if !(search::TOPICS_LOWEST_SCORE..=1.0).contains(&min_score) {
            let lowest = search::TOPICS_LOWEST_SCORE;
            return Err(ApiError::bad(format!(
                "`minScore: {min_score}` is out of range: expected {lowest} to 1 (below {lowest} nearly every pair \
                 of tasks would have to be compared)"
            )))
            .extend();
        }
        let threshold = min_score;
        let limit = page_size(Some(first)).extend()?;
        let min_places = usize::try_from(min_places)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| {
                ApiError::bad(format!("`minPlaces: {min_places}` is out of range: expected 1 or more"))
            })
            .extend()?;
        let places = names::places(cat, places.as_deref().unwrap_or_default()).extend()?;
        let ids: Option<Vec<_>> = places.map(|p| p.iter().map(|p| p.id).collect());
        let ranking = snapshot.search.divergent_topics(threshold, min_places, ids.as_deref());
        Ok(ranking
            .iter()
            .take(limit)
            .zip(1..)
            .map(|(found, rank)| DivergentTopic::new(cat, rank, found.clone()))
            .collect())
    }
}
