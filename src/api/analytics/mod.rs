//! GraphQL face of the network analytics in [`crate::graph`]: rankings,
//! coordination load, overlap, centrality, network structure and exports,
//! coordination paths and place comparison.
//!
//! Resolvers here only translate: arguments become a [`graph::Scope`],
//! department ids or limits, the request's pinned [`Snapshot`] answers
//! through its [`Views`](crate::graph::Views), and the results are wrapped
//! in thin objects. No measure is computed here; every definition quoted in
//! a description is the one documented on the `graph` function that
//! computes it. Expensive results are memoised per snapshot inside `Views`,
//! so repeating a query costs a lookup.
//!
//! One file per group of root fields: `ranking.rs`, `load.rs`,
//! `overlap.rs`, `centrality.rs`, `network.rs`, `path.rs`, `compare.rs`;
//! this file holds what they share (the `Scope` input, the `Actor` object,
//! error mapping, limits and complexity costs).

mod centrality;
mod compare;
mod load;
mod network;
mod overlap;
mod path;
mod ranking;

use std::sync::Arc;

use async_graphql::{Context, Enum, InputObject, MergedObject, Object, ID};

use super::context::engine;
pub(crate) use super::context::snapshot;
use super::department::Department;
use super::enums::Category;
use super::error::{ApiError, ApiResult};
use super::page::MAX_PAGE;
use super::place::Place;
use crate::engine::Snapshot;
use crate::graph::{self, ActorKey, GraphError};
use crate::model::{Catalog, DepartmentId};
use crate::names;

pub(crate) use load::{department_load, CoordinationLoad};
pub(crate) use overlap::{department_top_partners, Partner};

/// Complexity of an analytic that reads a cached network once (rankings,
/// loads, overlaps, paths, comparisons), on top of its selection.
pub const ANALYTIC_COST: usize = 100;
/// Complexity of a whole-network measure (centrality, communities, brokers):
/// about twenty of them exhaust the default budget of 50 000, so one query
/// cannot ask for dozens even though each is cached after its first run.
pub const HEAVY_COST: usize = 2_500;
/// Complexity of building a network view (`network`) or one export text.
pub const NETWORK_COST: usize = 1_000;
/// Complexity of a department relation (`Department.load`,
/// `Department.topPartners`): cheap alone, but priced so that a list of 200
/// departments each asking for it stays within the budget only just.
pub const RELATION_COST: usize = 20;

/// Every analytic root field.
#[derive(MergedObject, Default)]
pub struct AnalyticsQuery(
    ranking::RankingQuery,
    load::LoadQuery,
    overlap::OverlapQuery,
    centrality::CentralityQuery,
    network::NetworkQuery,
    path::PathQuery,
    compare::CompareQuery,
);

/// Which part of the catalog a network analytic looks at. Both fields are
/// optional: `{}` (or no scope at all) means every place, departments kept
/// apart.
#[derive(InputObject, Debug, Default, Clone)]
#[graphql(name = "Scope")]
pub struct ScopeInput {
    /// Places by id (`C` + 16 hex digits), full name (江门市,
    /// 恩施土家族苗族自治州), short name (江门, 恩施) or everyday name (恩施州);
    /// an item may itself list places separated by `,`, `，` or `、`
    /// (`"江门市,咸阳市"`), as `/export?places=` does. Absent or `[]`: all
    /// places. An unknown place, or an item naming none (`""`), is
    /// BAD_USER_INPUT naming it.
    pub places: Option<Vec<String>>,
    /// Deprecated spelling of `places`.
    #[graphql(deprecation = "use `places`: cities are one kind of place")]
    pub cities: Option<Vec<String>>,
    /// Replace every department by its functional category: nodes are
    /// categories, a category takes part in a task when any of its
    /// departments does (as lead if any of them leads, as primary lead if
    /// any of them is rank 1 of the lead cell), and two categories share a
    /// task when both take part in it; co-assignments inside one category
    /// are not edges. This is how places are compared. Default false.
    #[graphql(default)]
    pub merge_by_category: bool,
}

/// Turns the `Scope` argument into the graph's scope, checking its places
/// as `/export` does ([`names::scope`]).
pub(crate) fn resolve_scope(cat: &Catalog, input: Option<&ScopeInput>) -> ApiResult<graph::Scope> {
    let Some(input) = input else { return Ok(graph::Scope::all()) };
    let places = input.places.as_deref().or(input.cities.as_deref()).unwrap_or_default();
    // An unknown place in a scope is a bad argument, not a missing object:
    // the scope as a whole cannot be answered.
    let named =
        names::scope(cat, places, input.merge_by_category).map_err(|e| ApiError::bad(e.to_string()))?;
    Ok(named.scope())
}

/// The views an analytic reads `asOf` a day: those of the documents in
/// force then ([`graph::Views::as_of`]), or `None` for the snapshot's own
/// (no `asOf`, or every document in force), which the caller then reads as
/// it always does.
pub(crate) fn past_views(snap: &Snapshot, as_of: Option<chrono::NaiveDate>) -> Option<Arc<graph::Views>> {
    as_of.and_then(|day| snap.views.as_of(day))
}

/// `GraphError` → `ApiError`: unknown ids are NOT_FOUND, other user faults
/// BAD_USER_INPUT, numerical failures INTERNAL_SERVER_ERROR (detail logged).
pub(crate) fn graph_error(e: GraphError) -> ApiError {
    if !e.is_user_fault() {
        return ApiError::Internal(e.to_string());
    }
    match e {
        GraphError::UnknownPlace(_) | GraphError::UnknownDepartment(_) => ApiError::not_found(e.to_string()),
        _ => ApiError::bad(e.to_string()),
    }
}

/// A `first`/`top` argument: `default` when absent, else 0 to `max`.
pub(crate) fn limit(name: &str, value: Option<i32>, default: usize, max: usize) -> ApiResult<usize> {
    match value {
        None => Ok(default),
        Some(v) if v < 0 || v as usize > max => {
            Err(ApiError::bad(format!("`{name}: {v}` is out of range: expected 0 to {max}")))
        }
        Some(v) => Ok(v as usize),
    }
}

/// A `first` argument of an analytic list: 0 to 200, all when absent.
pub(crate) fn first_or_all(value: Option<i32>) -> ApiResult<Option<usize>> {
    value.map(|v| limit("first", Some(v), 0, MAX_PAGE)).transpose()
}

/// A department argument: id, full name (江门市民政局) or name with `place`.
pub(crate) fn department_arg(
    ctx: &Context<'_>,
    snap: &Snapshot,
    place: Option<&str>,
    raw: &str,
) -> ApiResult<DepartmentId> {
    let directory = engine(ctx)?.directory();
    Ok(names::department(&snap.catalog, directory, place, raw)?.id)
}

/// What a network node stands for.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// One department of one place.
    Department,
    /// All departments of one functional category across the places in
    /// scope (scope with `mergeByCategory: true`).
    Category,
}

/// A node of a co-assignment network: a department, or (in a scope merged
/// by category) a functional category across the places in scope.
pub struct Actor {
    snap: Arc<Snapshot>,
    actor: graph::Actor,
}

impl Actor {
    pub(crate) fn new(snap: &Arc<Snapshot>, actor: &graph::Actor) -> Actor {
        Actor { snap: snap.clone(), actor: actor.clone() }
    }

    pub(crate) fn label_of(actor: &graph::Actor) -> String {
        match actor.key {
            ActorKey::Department(_) => {
                names::full_name(actor.place_name.as_deref().unwrap_or(""), &actor.name)
            }
            ActorKey::Category(_) => actor.name.clone(),
        }
    }

    pub(crate) fn department_of(snap: &Arc<Snapshot>, actor: &graph::Actor) -> Option<Department> {
        match actor.key {
            ActorKey::Department(id) => {
                snap.catalog.department(id).map(|d| Department::new(&snap.catalog, d))
            }
            ActorKey::Category(_) => None,
        }
    }

    pub(crate) fn place_of(snap: &Arc<Snapshot>, actor: &graph::Actor) -> Option<Place> {
        actor.place.and_then(|id| snap.catalog.place(id)).map(|c| Place::new(&snap.catalog, c))
    }
}

/// A node of a co-assignment network: a department, or (in a scope merged
/// by category) a functional category across the places in scope.
#[Object(crate = "crate::api::resolve::graphql")]
impl Actor {
    /// Stable id: the department id (`U` + 16 hex digits) or
    /// `category:<code>` for a category node.
    async fn id(&self) -> ID {
        ID(self.actor.id.clone())
    }

    /// Department or category.
    async fn kind(&self) -> ActorKind {
        match self.actor.key {
            ActorKey::Department(_) => ActorKind::Department,
            ActorKey::Category(_) => ActorKind::Category,
        }
    }

    /// Department name relative to its place (市民政局), or the category's
    /// English label (`civil affairs`).
    async fn name(&self) -> &str {
        &self.actor.name
    }

    /// Place name plus department name (江门市民政局); the category label for
    /// a category node. Unique across places, so good for chart labels.
    async fn label(&self) -> String {
        Actor::label_of(&self.actor)
    }

    /// Functional category (for a category node: the category itself).
    async fn category(&self) -> Category {
        self.actor.category.into()
    }

    /// Name of the department's place; null for a category node.
    async fn place_name(&self) -> Option<&str> {
        self.actor.place_name.as_deref()
    }

    /// Deprecated spelling of `placeName`.
    #[graphql(deprecation = "use `placeName`: cities are one kind of place")]
    async fn city_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        self.place_name(ctx).await
    }

    /// The department's place; null for a category node.
    async fn place(&self) -> Option<Place> {
        Actor::place_of(&self.snap, &self.actor)
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Place>> {
        self.place(ctx).await
    }

    /// The department itself; null for a category node.
    async fn department(&self) -> Option<Department> {
        Actor::department_of(&self.snap, &self.actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_refuse_negative_and_oversized_values() {
        assert_eq!(limit("first", None, 7, 10).unwrap(), 7);
        assert_eq!(limit("first", Some(10), 7, 10).unwrap(), 10);
        assert!(matches!(limit("first", Some(-1), 7, 10), Err(ApiError::BadUserInput(_))));
        assert!(
            matches!(limit("top", Some(11), 7, 10), Err(ApiError::BadUserInput(m)) if m.contains("top: 11"))
        );
    }

    #[test]
    fn graph_errors_keep_their_kind() {
        let id = DepartmentId::new(crate::model::PlaceId::from_name("江门市"), "市民政局");
        assert_eq!(graph_error(GraphError::UnknownDepartment(id)).code(), "NOT_FOUND");
        assert_eq!(graph_error(GraphError::NotInNetwork(id)).code(), "BAD_USER_INPUT");
        let numerical = GraphError::NotConverged { measure: graph::Measure::Eigenvector, iterations: 100 };
        assert_eq!(graph_error(numerical).code(), "INTERNAL_SERVER_ERROR");
    }
}
