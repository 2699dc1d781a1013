//! Root fields `compareCities`, `categoryPresence` and `cityPairPresence`:
//! how places differ through functional categories.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt};

use super::{graph_error, snapshot};
use crate::api::enums::Category;
use crate::api::error::ApiError;
use crate::api::place::Place;
use crate::engine::Snapshot;
use crate::graph;
use crate::names;

#[derive(Default)]
pub struct CompareQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl CompareQuery {
    /// How much each place's departments of one functional category lead and
    /// support: one row per place of the catalog, by place name, with zero
    /// counts where the category takes part in nothing. Counts are distinct
    /// tasks of the place in which at least one department of the category
    /// takes the role.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn compare_places(
        &self,
        ctx: &Context<'_>,
        category: Category,
    ) -> async_graphql::Result<PlaceComparison> {
        let snap = snapshot(ctx).extend()?;
        let comparison = snap.views.compare_places(category.into()).map_err(graph_error).extend()?;
        Ok(PlaceComparison { snap, comparison })
    }

    /// Deprecated spelling of `comparePlaces`.
    #[graphql(deprecation = "use `comparePlaces`: cities are one kind of place")]
    async fn compare_cities(
        &self,
        ctx: &Context<'_>,
        category: Category,
    ) -> async_graphql::Result<PlaceComparison> {
        self.compare_places(ctx, category).await
    }

    /// For every functional category that takes part (has a department in
    /// at least one task) in at least one place: the places where it does and
    /// does not. Categories in the model's order, places by name.
    #[graphql(complexity = "super::ANALYTIC_COST + crate::api::page::list_cost(None, child_complexity)")]
    async fn category_presence(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CategoryPresence>> {
        let snap = snapshot(ctx).extend()?;
        let rows = snap.views.category_presence().map_err(graph_error).extend()?;
        Ok(rows.into_iter().map(|p| CategoryPresence { snap: snap.clone(), presence: p }).collect())
    }

    /// The functional categories taking part in place `a` but not `b`, in `b`
    /// but not `a`, and in both (model order). Each place by id, full name
    /// (江门市), short name (江门) or everyday name (恩施州); an unknown place
    /// is NOT_FOUND.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn place_pair_presence(
        &self,
        ctx: &Context<'_>,
        a: String,
        b: String,
    ) -> async_graphql::Result<PlacePairPresence> {
        let snap = snapshot(ctx).extend()?;
        let a = names::place(&snap.catalog, &a).extend()?.id;
        let b = names::place(&snap.catalog, &b).extend()?.id;
        let pair = snap.views.place_pair_presence(a, b).map_err(graph_error).extend()?;
        Ok(PlacePairPresence { snap, pair })
    }

    /// Deprecated spelling of `placePairPresence`.
    #[graphql(deprecation = "use `placePairPresence`: cities are one kind of place")]
    async fn city_pair_presence(
        &self,
        ctx: &Context<'_>,
        a: String,
        b: String,
    ) -> async_graphql::Result<PlacePairPresence> {
        self.place_pair_presence(ctx, a, b).await
    }
}

fn place(snap: &Arc<Snapshot>, r: &graph::PlaceRef) -> async_graphql::Result<Place> {
    snap.catalog
        .place(r.id)
        .map(|c| Place::new(&snap.catalog, c))
        .ok_or_else(|| ApiError::Internal(format!("place {} missing from its own snapshot", r.id)))
        .extend()
}

/// One functional category across all places.
pub struct PlaceComparison {
    snap: Arc<Snapshot>,
    comparison: graph::PlaceComparison,
}

/// One functional category across all places.
#[Object(crate = "crate::api::resolve::graphql")]
impl PlaceComparison {
    /// The category compared.
    async fn category(&self) -> Category {
        self.comparison.category.into()
    }

    /// One row per place, by place name.
    async fn places(&self) -> Vec<PlaceCategoryRow> {
        self.comparison
            .places
            .iter()
            .map(|r| PlaceCategoryRow { snap: self.snap.clone(), row: r.clone() })
            .collect()
    }

    /// Deprecated spelling of `places`.
    #[graphql(deprecation = "use `places`: cities are one kind of place")]
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlaceCategoryRow>> {
        self.places(ctx).await
    }
}

/// What one category does in one place. Counts are distinct tasks of the
/// place in which at least one department of the category takes the role.
pub struct PlaceCategoryRow {
    snap: Arc<Snapshot>,
    row: graph::PlaceCategoryRow,
}

/// What one category does in one place. Counts are distinct tasks of the
/// place in which at least one department of the category takes the role.
#[Object(crate = "crate::api::resolve::graphql")]
impl PlaceCategoryRow {
    /// The place.
    async fn place(&self) -> async_graphql::Result<Place> {
        place(&self.snap, &self.row.place)
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Place> {
        self.place(ctx).await
    }

    /// Departments of the category taking part in at least one task.
    async fn departments(&self) -> u32 {
        self.row.departments
    }

    /// Tasks where a department of the category is rank 1 lead.
    async fn primary_lead(&self) -> u32 {
        self.row.primary_lead
    }

    /// Tasks where a department of the category is any lead.
    async fn lead(&self) -> u32 {
        self.row.lead
    }

    /// Tasks where departments of the category only support.
    async fn support(&self) -> u32 {
        self.row.support
    }

    /// Tasks with any department of the category (`lead + support`).
    async fn tasks(&self) -> u32 {
        self.row.tasks
    }

    /// All tasks of the place.
    async fn place_tasks(&self) -> u32 {
        self.row.place_tasks
    }

    /// Deprecated spelling of `placeTasks`.
    #[graphql(deprecation = "use `placeTasks`: cities are one kind of place")]
    async fn city_tasks(&self, ctx: &Context<'_>) -> async_graphql::Result<u32> {
        self.place_tasks(ctx).await
    }

    /// `lead / placeTasks`; 0 when the place has no task.
    async fn lead_share(&self) -> f64 {
        self.row.lead_share
    }

    /// `support / cityTasks`.
    async fn support_share(&self) -> f64 {
        self.row.support_share
    }

    /// `tasks / cityTasks`.
    async fn task_share(&self) -> f64 {
        self.row.task_share
    }
}

/// Where one category takes part (has a department in at least one task).
pub struct CategoryPresence {
    snap: Arc<Snapshot>,
    presence: graph::CategoryPresence,
}

/// Where one category takes part (has a department in at least one task).
#[Object(crate = "crate::api::resolve::graphql")]
impl CategoryPresence {
    /// The category.
    async fn category(&self) -> Category {
        self.presence.category.into()
    }

    /// Cities where the category takes part, by name.
    async fn present_in(&self) -> async_graphql::Result<Vec<Place>> {
        self.presence.present_in.iter().map(|c| place(&self.snap, c)).collect()
    }

    /// Cities where it takes part in no task, by name.
    async fn absent_from(&self) -> async_graphql::Result<Vec<Place>> {
        self.presence.absent_from.iter().map(|c| place(&self.snap, c)).collect()
    }
}

/// Categories taking part in one place but not the other.
pub struct PlacePairPresence {
    snap: Arc<Snapshot>,
    pair: graph::PlacePairPresence,
}

/// Categories taking part in one place but not the other.
#[Object(crate = "crate::api::resolve::graphql")]
impl PlacePairPresence {
    /// The first place.
    async fn a(&self) -> async_graphql::Result<Place> {
        place(&self.snap, &self.pair.a)
    }

    /// The second place.
    async fn b(&self) -> async_graphql::Result<Place> {
        place(&self.snap, &self.pair.b)
    }

    /// Categories taking part in `a` but not in `b`.
    async fn only_in_a(&self) -> Vec<Category> {
        self.pair.only_in_a.iter().map(|&c| c.into()).collect()
    }

    /// Categories taking part in `b` but not in `a`.
    async fn only_in_b(&self) -> Vec<Category> {
        self.pair.only_in_b.iter().map(|&c| c.into()).collect()
    }

    /// Categories taking part in both.
    async fn in_both(&self) -> Vec<Category> {
        self.pair.in_both.iter().map(|&c| c.into()).collect()
    }
}
