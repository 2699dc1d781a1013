//! Root fields for dashboard aggregations.

use async_graphql::{Context, Object, ResultExt};
use chrono::NaiveDate;

use crate::api::context::{catalog, engine};
use crate::api::error::ApiError;
use crate::api::filter::{select_tasks, TaskFilter, TaskSort};
use crate::api::stats::{histogram, Granularity, HistogramBucket, Stats};
use crate::model;
use crate::names;

#[derive(Default)]
pub struct StatsQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl StatsQuery {
    /// Dashboard totals: per place, per functional category, per role; over
    /// everything or one place (id, full, short or everyday name, as
    /// `TaskFilter.place` takes it).
    async fn stats(
        &self,
        ctx: &Context<'_>,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
    ) -> async_graphql::Result<Stats> {
        let place = place.or(city);
        let cat = catalog(ctx).extend()?;
        let place = place.map(|c| names::place(&cat, &c).map(|c| c.id)).transpose().extend()?;
        Ok(Stats { cat, place })
    }

    /// Milestones per month, quarter or year, optionally of one place or of the
    /// tasks one department takes part in, and within [from, to]. Buckets run
    /// from the first to the last non-empty period, empty ones included.
    #[expect(
        clippy::too_many_arguments,
        reason = "GraphQL arguments; one is the deprecated spelling of another"
    )]
    async fn milestone_histogram(
        &self,
        ctx: &Context<'_>,
        granularity: Granularity,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        department: Option<String>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> async_graphql::Result<Vec<HistogramBucket>> {
        let place = place.or(city);
        let cat = catalog(ctx).extend()?;
        let directory = engine(ctx).extend()?.directory();
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(ApiError::bad(format!("from {f} is after to {t}: expected from ≤ to"))).extend();
            }
        }
        let filter = TaskFilter { place, department, ..Default::default() };
        let tasks = select_tasks(&cat, directory, &filter, TaskSort::default()).extend()?;
        let milestones: Vec<&model::Milestone> = tasks
            .iter()
            .flat_map(|t| cat.task_milestones(t.id))
            .filter(|m| from.is_none_or(|f| m.date >= f) && to.is_none_or(|t| m.date <= t))
            .collect();
        histogram(&milestones, granularity).extend()
    }
}
