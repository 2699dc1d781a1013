//! Root field `rankings`: which units lead, primarily lead, support or take
//! part in most tasks, per place, over several places, or per functional
//! category.

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, ResultExt};

use chrono::NaiveDate;

use super::{first_or_all, graph_error, past_views, resolve_scope, snapshot, Actor, ScopeInput};
use crate::api::department::Department;
use crate::api::enums::Category;
use crate::api::place::Place;
use crate::engine::Snapshot;
use crate::graph;

/// What a ranking counts per unit, over the tasks in scope.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// Tasks where the unit is rank 1 of the lead cell (primary lead: the
    /// first unit printed under 牵头单位 / 责任单位).
    PrimaryLead,
    /// Tasks where the unit is any lead unit (any rank of the lead cell).
    #[default]
    AnyLead,
    /// Tasks where the unit is a support unit (配合单位) and not a lead unit.
    Support,
    /// Tasks the unit takes part in, in any role (any lead + support).
    Total,
}

impl From<RankBy> for graph::RankBy {
    fn from(by: RankBy) -> graph::RankBy {
        match by {
            RankBy::PrimaryLead => graph::RankBy::PrimaryLead,
            RankBy::AnyLead => graph::RankBy::Lead,
            RankBy::Support => graph::RankBy::Support,
            RankBy::Total => graph::RankBy::Total,
        }
    }
}

#[derive(Default)]
pub struct RankingQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl RankingQuery {
    /// Units ranked by how many tasks they lead, primarily lead, support or
    /// take part in (`by`, default ANY_LEAD). One ranking over the whole
    /// scope, or with `perPlace: true` one ranking per place in scope (places
    /// by name). With `scope.mergeByCategory` the ranked units are
    /// functional categories across the places in scope; with `category`
    /// only departments of that category are ranked (across places).
    /// Entries run by count descending with competition ranks (1, 2, 2, 4);
    /// equal counts keep catalog order. `first` (0 to 200) keeps that many
    /// entries per ranking, all when absent.
    #[graphql(complexity = "super::ANALYTIC_COST + crate::api::page::list_cost(None, child_complexity)")]
    #[expect(
        clippy::too_many_arguments,
        reason = "GraphQL arguments; one is the deprecated spelling of another"
    )]
    async fn rankings(
        &self,
        ctx: &Context<'_>,
        scope: Option<ScopeInput>,
        #[graphql(default)] by: RankBy,
        category: Option<Category>,
        first: Option<i32>,
        #[graphql(default)] per_place: bool,
        #[graphql(
            default,
            desc = "Deprecated spelling of `perPlace`.",
            deprecation = "use `perPlace`: cities are one kind of place"
        )]
        per_city: bool,
        #[graphql(
            desc = "Count only the documents in force on this day: dated on or before it and not superseded by a later-dated document of the same place and policy area also dated on or before it; undated documents are left out. Absent: every document."
        )]
        as_of: Option<NaiveDate>,
    ) -> async_graphql::Result<Vec<Ranking>> {
        let per_place = per_place || per_city;
        let snap = snapshot(ctx).extend()?;
        let scope = resolve_scope(&snap.catalog, scope.as_ref()).extend()?;
        let options = graph::RankingOptions {
            by: by.into(),
            category: category.map(Into::into),
            limit: first_or_all(first).extend()?,
        };
        let scopes: Vec<graph::Scope> = if per_place {
            scope
                .places_in(&snap.catalog)
                .iter()
                .map(|c| {
                    let one = graph::Scope::place(c.id);
                    if scope.merge_by_category() {
                        one.merged_by_category()
                    } else {
                        one
                    }
                })
                .collect()
        } else {
            vec![scope]
        };
        let past = past_views(&snap, as_of);
        let views = past.as_deref().unwrap_or(&snap.views);
        scopes
            .iter()
            .map(|s| views.ranking(s, &options).map(|r| Ranking { snap: snap.clone(), ranking: r }))
            .collect::<Result<Vec<_>, _>>()
            .map_err(graph_error)
            .extend()
    }
}

/// Units of one scope ranked by a task count.
pub struct Ranking {
    snap: Arc<Snapshot>,
    ranking: graph::Ranking,
}

/// Units of one scope ranked by a task count.
#[Object(crate = "crate::api::resolve::graphql")]
impl Ranking {
    /// The place ranked when the scope is one place (always so with
    /// `perPlace: true`); null over several places.
    async fn place(&self) -> Option<Place> {
        match self.ranking.scope.place_ids() {
            Some([one]) => self.snap.catalog.place(*one).map(|c| Place::new(&self.snap.catalog, c)),
            _ => None,
        }
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Place>> {
        self.place(ctx).await
    }

    /// The places in scope, by name.
    async fn places(&self) -> Vec<Place> {
        scope_places(&self.snap, &self.ranking.scope)
    }

    /// Deprecated spelling of `places`.
    #[graphql(deprecation = "use `places`: cities are one kind of place")]
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Place>> {
        self.places(ctx).await
    }

    /// Whether units are functional categories (scope merged by category).
    async fn merged_by_category(&self) -> bool {
        self.ranking.scope.merge_by_category()
    }

    /// What was counted.
    async fn by(&self) -> RankBy {
        match self.ranking.by {
            graph::RankBy::PrimaryLead => RankBy::PrimaryLead,
            graph::RankBy::Lead => RankBy::AnyLead,
            graph::RankBy::Support => RankBy::Support,
            graph::RankBy::Total => RankBy::Total,
        }
    }

    /// All tasks of the places in scope, with or without assigned units:
    /// the denominator of every `share`.
    async fn total_tasks(&self) -> u32 {
        self.ranking.total_tasks
    }

    /// The ranked units, highest count first.
    async fn entries(&self) -> Vec<RankingEntry> {
        self.ranking
            .entries
            .iter()
            .map(|e| RankingEntry { snap: self.snap.clone(), entry: e.clone() })
            .collect()
    }
}

/// The places of a scope as `Place` objects, by name.
pub(crate) fn scope_places(snap: &Arc<Snapshot>, scope: &graph::Scope) -> Vec<Place> {
    scope.places_in(&snap.catalog).into_iter().map(|c| Place::new(&snap.catalog, c)).collect()
}

/// One ranked unit: a department, or a functional category when the scope
/// is merged by category.
pub struct RankingEntry {
    snap: Arc<Snapshot>,
    entry: graph::RankingEntry,
}

/// One ranked unit: a department, or a functional category when the scope
/// is merged by category.
#[Object(crate = "crate::api::resolve::graphql")]
impl RankingEntry {
    /// Competition rank on `count`, highest first: equal counts share a rank
    /// and the next rank skips (1, 2, 2, 4).
    async fn rank(&self) -> u32 {
        self.entry.rank
    }

    /// The ranked count (see `by`).
    async fn count(&self) -> u32 {
        self.entry.count
    }

    /// `count / totalTasks` of the ranking's scope; 0 when the scope has no task.
    async fn share(&self) -> f64 {
        self.entry.share
    }

    /// The unit as a network node.
    async fn actor(&self) -> Actor {
        Actor::new(&self.snap, &self.entry.actor)
    }

    /// The department; null for a category row (scope merged by category).
    async fn department(&self) -> Option<Department> {
        Actor::department_of(&self.snap, &self.entry.actor)
    }

    /// Department name relative to its place (市民政局), or the category label.
    async fn name(&self) -> &str {
        &self.entry.actor.name
    }

    /// Place and department name (江门市民政局), or the category label.
    async fn label(&self) -> String {
        Actor::label_of(&self.entry.actor)
    }

    /// Functional category of the department (or the category itself).
    async fn category(&self) -> Category {
        self.entry.actor.category.into()
    }

    /// The department's place; null for a category row.
    async fn place(&self) -> Option<Place> {
        Actor::place_of(&self.snap, &self.entry.actor)
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Place>> {
        self.place(ctx).await
    }

    /// Tasks as primary (rank 1) lead.
    async fn primary_lead(&self) -> u32 {
        self.entry.primary_lead
    }

    /// Tasks as any lead unit (includes `primaryLead`).
    async fn lead(&self) -> u32 {
        self.entry.lead
    }

    /// Tasks as support unit only.
    async fn support(&self) -> u32 {
        self.entry.support
    }

    /// Tasks in any role (`lead + support`).
    async fn total(&self) -> u32 {
        self.entry.total
    }
}
