//! Root fields `compareCities`, `categoryPresence` and `cityPairPresence`:
//! how cities differ through functional categories.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt};

use super::{graph_error, snapshot};
use crate::api::city::City;
use crate::api::enums::Category;
use crate::api::error::ApiError;
use crate::api::lookup::resolve_city;
use crate::engine::Snapshot;
use crate::graph;

#[derive(Default)]
pub struct CompareQuery;

#[Object]
impl CompareQuery {
    /// How much each city's departments of one functional category lead and
    /// support: one row per city of the catalog, by city name, with zero
    /// counts where the category takes part in nothing. Counts are distinct
    /// tasks of the city in which at least one department of the category
    /// takes the role.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn compare_cities(
        &self,
        ctx: &Context<'_>,
        category: Category,
    ) -> async_graphql::Result<CityComparison> {
        let snap = snapshot(ctx).extend()?;
        let comparison = snap.views.compare_cities(category.into()).map_err(graph_error).extend()?;
        Ok(CityComparison { snap, comparison })
    }

    /// For every functional category that takes part (has a department in
    /// at least one task) in at least one city: the cities where it does and
    /// does not. Categories in the model's order, cities by name.
    #[graphql(complexity = "super::ANALYTIC_COST + crate::api::page::list_cost(None, child_complexity)")]
    async fn category_presence(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CategoryPresence>> {
        let snap = snapshot(ctx).extend()?;
        let rows = snap.views.category_presence().map_err(graph_error).extend()?;
        Ok(rows.into_iter().map(|p| CategoryPresence { snap: snap.clone(), presence: p }).collect())
    }

    /// The functional categories taking part in city `a` but not `b`, in `b`
    /// but not `a`, and in both (model order). Cities by name (江门市 or
    /// 江门) or id; an unknown city is NOT_FOUND.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn city_pair_presence(
        &self,
        ctx: &Context<'_>,
        a: String,
        b: String,
    ) -> async_graphql::Result<CityPairPresence> {
        let snap = snapshot(ctx).extend()?;
        let a = resolve_city(&snap.catalog, &a).extend()?.id;
        let b = resolve_city(&snap.catalog, &b).extend()?.id;
        let pair = snap.views.city_pair_presence(a, b).map_err(graph_error).extend()?;
        Ok(CityPairPresence { snap, pair })
    }
}

fn city(snap: &Arc<Snapshot>, r: &graph::CityRef) -> async_graphql::Result<City> {
    snap.catalog
        .city(r.id)
        .map(|c| City::new(&snap.catalog, c))
        .ok_or_else(|| ApiError::Internal(format!("city {} missing from its own snapshot", r.id)))
        .extend()
}

/// One functional category across all cities.
pub struct CityComparison {
    snap: Arc<Snapshot>,
    comparison: graph::CityComparison,
}

/// One functional category across all cities.
#[Object]
impl CityComparison {
    /// The category compared.
    async fn category(&self) -> Category {
        self.comparison.category.into()
    }

    /// One row per city, by city name.
    async fn cities(&self) -> Vec<CityCategoryRow> {
        self.comparison
            .cities
            .iter()
            .map(|r| CityCategoryRow { snap: self.snap.clone(), row: r.clone() })
            .collect()
    }
}

/// What one category does in one city. Counts are distinct tasks of the
/// city in which at least one department of the category takes the role.
pub struct CityCategoryRow {
    snap: Arc<Snapshot>,
    row: graph::CityCategoryRow,
}

/// What one category does in one city. Counts are distinct tasks of the
/// city in which at least one department of the category takes the role.
#[Object]
impl CityCategoryRow {
    /// The city.
    async fn city(&self) -> async_graphql::Result<City> {
        city(&self.snap, &self.row.city)
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

    /// All tasks of the city.
    async fn city_tasks(&self) -> u32 {
        self.row.city_tasks
    }

    /// `lead / cityTasks`; 0 when the city has no task.
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
#[Object]
impl CategoryPresence {
    /// The category.
    async fn category(&self) -> Category {
        self.presence.category.into()
    }

    /// Cities where the category takes part, by name.
    async fn present_in(&self) -> async_graphql::Result<Vec<City>> {
        self.presence.present_in.iter().map(|c| city(&self.snap, c)).collect()
    }

    /// Cities where it takes part in no task, by name.
    async fn absent_from(&self) -> async_graphql::Result<Vec<City>> {
        self.presence.absent_from.iter().map(|c| city(&self.snap, c)).collect()
    }
}

/// Categories taking part in one city but not the other.
pub struct CityPairPresence {
    snap: Arc<Snapshot>,
    pair: graph::CityPairPresence,
}

/// Categories taking part in one city but not the other.
#[Object]
impl CityPairPresence {
    /// The first city.
    async fn a(&self) -> async_graphql::Result<City> {
        city(&self.snap, &self.pair.a)
    }

    /// The second city.
    async fn b(&self) -> async_graphql::Result<City> {
        city(&self.snap, &self.pair.b)
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
