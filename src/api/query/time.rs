//! Root fields for documents over time: `documentChanges` and `diffusion`.
//! (`asOf` is an argument of the analytics, in `api::analytics`.)

use async_graphql::{Context, Object, ResultExt, ID};

use crate::api::context::snapshot;
use crate::api::error::ApiError;
use crate::api::similar::{cluster, min_score};
use crate::api::time::{Adoption, DocumentChanges};
use crate::names;
use crate::search;

#[derive(Default)]
pub struct TimeQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl TimeQuery {
    /// What changed from document `a` to document `b` of the same place
    /// (usually `a` the earlier). Tasks are matched as by `alignDocuments`
    /// (Jaccard index of character bigrams ≥ `minScore`, default 0.3, paired
    /// greedily best first): a matched pair is kept, a task of `a` left
    /// unmatched is dropped, one of `b` added. Departments are matched by
    /// their canonical name within the place; for each, the tasks it leads
    /// (any rank) and supports in `a` and in `b`, and the kept tasks in which
    /// its role (lead, support or none) differs. Documents of two places are
    /// BAD_USER_INPUT: compare places with `comparePlaces` or
    /// `topicAcrossPlaces`.
    #[graphql(complexity = "super::super::analytics::ANALYTIC_COST + child_complexity")]
    async fn document_changes(
        &self,
        ctx: &Context<'_>,
        a: ID,
        b: ID,
        min_score: Option<f64>,
    ) -> async_graphql::Result<DocumentChanges> {
        let snapshot = snapshot(ctx).extend()?;
        let cat = &snapshot.catalog;
        let (da, db) = (names::document(cat, &a).extend()?, names::document(cat, &b).extend()?);
        if da.place != db.place {
            let place = |p| cat.place(p).map_or_else(|| p.to_string(), |p| p.name.clone());
            return Err(ApiError::bad(format!(
                "documents {} ({}) and {} ({}) are of two places: `documentChanges` compares two documents of one place",
                da.id,
                place(da.place),
                db.id,
                place(db.place)
            )))
            .extend();
        }
        let threshold = self::min_score(min_score).extend()?;
        let changes = search::changes(cat, da.id, db.id, threshold);
        Ok(DocumentChanges { cat: cat.clone(), a: da.id, b: db.id, changes })
    }

    /// The places that adopted a kind of task, in the order they did. Give
    /// exactly one of `query` and `task`: the cluster is the tasks on the
    /// query's topic (each term a substring of a task's text, measure,
    /// detail, chapter or section, as `topicAcrossPlaces`), or the task and
    /// its `similarTasks` with score ≥ `minScore` (default 0.3). A place's
    /// adoption date is the earliest date (`Document.date`; a year-precision
    /// date counts as 1 January) of its documents holding a cluster task,
    /// and its first task the first such task of that document in source
    /// order. Places run by adoption date, ties by name, with competition
    /// ranks; places whose cluster tasks are all in undated documents come
    /// last, by name, with no rank (`dated: false`). `first` (default all,
    /// at most 200) keeps that many places.
    #[graphql(complexity = "super::super::analytics::ANALYTIC_COST + child_complexity")]
    async fn diffusion(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        task: Option<ID>,
        min_score: Option<f64>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Adoption>> {
        let snapshot = snapshot(ctx).extend()?;
        let cat = &snapshot.catalog;
        let limit = crate::api::analytics::first_or_all(first).extend()?;
        let tasks = cluster(&snapshot, query, task, min_score, "cluster")?;
        let mut adoptions = search::diffusion(cat, &tasks);
        adoptions.truncate(limit.unwrap_or(usize::MAX));
        Ok(adoptions.into_iter().map(|adoption| Adoption { cat: cat.clone(), adoption }).collect())
    }
}
