//! Root fields `overlap`, `overlapMatrix` and `topPartners`, and the
//! `Department.topPartners` relation: which tasks units share, in which
//! roles, and how large the overlap is relative to their task sets.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt, SimpleObject};

use super::{department_arg, graph_error, limit, resolve_scope, snapshot, Actor, ScopeInput};
use crate::api::error::ApiResult;
use crate::api::page::MAX_PAGE;
use crate::api::task::Task;
use crate::engine::Snapshot;
use crate::graph::{self, GraphError};
use crate::model::DepartmentId;

/// Largest `top` of `overlapMatrix`: a 50 × 50 heat map is already hard to read.
pub const MAX_MATRIX: usize = 50;
/// Default number of partners.
const DEFAULT_PARTNERS: usize = 10;

#[derive(Default)]
pub struct OverlapQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl OverlapQuery {
    /// How much two departments overlap. Each is given by id, full name
    /// (江门市民政局) or name with `place` (then both are looked up in that
    /// place). `A` and `B` are the sets of tasks each takes part in, in any
    /// role; departments of different places share no task. Unknown
    /// departments are NOT_FOUND.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn overlap(
        &self,
        ctx: &Context<'_>,
        a: String,
        b: String,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
    ) -> async_graphql::Result<Option<Overlap>> {
        let place = place.or(city);
        let snap = snapshot(ctx).extend()?;
        let a = department_arg(ctx, &snap, place.as_deref(), &a).extend()?;
        let b = department_arg(ctx, &snap, place.as_deref(), &b).extend()?;
        let overlap = snap.views.overlap(a, b).map_err(graph_error).extend()?;
        Ok(Some(Overlap { snap, overlap }))
    }

    /// Pairwise overlaps of the `top` units of a scope (default 10, at most
    /// 50) with most tasks (any role; ties in catalog order), for heat maps.
    /// Row and column `i` are `actors[i]`; the diagonal holds a unit's own
    /// task count, Jaccard 1 and overlap coefficient 1.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn overlap_matrix(
        &self,
        ctx: &Context<'_>,
        scope: Option<ScopeInput>,
        top: Option<i32>,
    ) -> async_graphql::Result<OverlapMatrix> {
        let snap = snapshot(ctx).extend()?;
        let scope = resolve_scope(&snap.catalog, scope.as_ref()).extend()?;
        let top = limit("top", top, 10, MAX_MATRIX).extend()?;
        let matrix = snap.views.overlap_matrix(&scope, top).map_err(graph_error).extend()?;
        Ok(OverlapMatrix { snap, matrix: Arc::new(matrix) })
    }

    /// The departments a department shares most tasks with: by shared tasks
    /// descending, then Jaccard descending, then catalog order; the first
    /// `first` (default 10, at most 200). The department is given by id,
    /// full name or name with `place`; unknown is NOT_FOUND, one in no task
    /// BAD_USER_INPUT.
    #[graphql(complexity = "super::ANALYTIC_COST + crate::api::page::list_cost(first, child_complexity)")]
    async fn top_partners(
        &self,
        ctx: &Context<'_>,
        department: String,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Partner>> {
        let place = place.or(city);
        let snap = snapshot(ctx).extend()?;
        let id = department_arg(ctx, &snap, place.as_deref(), &department).extend()?;
        let n = limit("first", first, DEFAULT_PARTNERS, MAX_PAGE).extend()?;
        let partners = snap.views.top_partners(id, n).map_err(graph_error).extend()?;
        Ok(partners.into_iter().map(|p| Partner { snap: snap.clone(), partner: p }).collect())
    }
}

/// `Department.topPartners`: empty for a department that takes part in no task.
pub(crate) fn department_top_partners(
    ctx: &Context<'_>,
    id: DepartmentId,
    first: Option<i32>,
) -> ApiResult<Vec<Partner>> {
    let snap = snapshot(ctx)?;
    let n = limit("first", first, DEFAULT_PARTNERS, MAX_PAGE)?;
    match snap.views.top_partners(id, n) {
        Ok(partners) => {
            Ok(partners.into_iter().map(|p| Partner { snap: snap.clone(), partner: p }).collect())
        }
        Err(GraphError::NotInNetwork(_)) => Ok(Vec::new()),
        Err(e) => Err(graph_error(e)),
    }
}

/// Shared tasks of `a` and `b` by the role each plays; a unit that is both
/// lead and support of one task counts as lead.
#[derive(SimpleObject, Clone, Copy)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct RolePairCounts {
    /// Both lead.
    pub lead_lead: u32,
    /// The first unit leads, the second supports.
    pub lead_support: u32,
    /// The first unit supports, the second leads.
    pub support_lead: u32,
    /// Both support.
    pub support_support: u32,
}

impl From<graph::RolePairCounts> for RolePairCounts {
    fn from(r: graph::RolePairCounts) -> RolePairCounts {
        RolePairCounts {
            lead_lead: r.lead_lead,
            lead_support: r.lead_support,
            support_lead: r.support_lead,
            support_support: r.support_support,
        }
    }
}

/// How much two departments overlap. `A` and `B` are the sets of tasks each
/// takes part in, in any role.
pub struct Overlap {
    snap: Arc<Snapshot>,
    overlap: graph::Overlap,
}

/// How much two departments overlap. `A` and `B` are the sets of tasks each
/// takes part in, in any role.
#[Object(crate = "crate::api::resolve::graphql")]
impl Overlap {
    /// The first department.
    async fn a(&self) -> Actor {
        Actor::new(&self.snap, &self.overlap.a)
    }

    /// The second department.
    async fn b(&self) -> Actor {
        Actor::new(&self.snap, &self.overlap.b)
    }

    /// `|A|`.
    async fn a_tasks(&self) -> u32 {
        self.overlap.a_tasks
    }

    /// `|B|`.
    async fn b_tasks(&self) -> u32 {
        self.overlap.b_tasks
    }

    /// `|A ∩ B|`.
    async fn shared_task_count(&self) -> u32 {
        self.overlap.shared_tasks
    }

    /// `|A ∪ B|`.
    async fn union_tasks(&self) -> u32 {
        self.overlap.union_tasks
    }

    /// Jaccard index `|A ∩ B| / |A ∪ B|`; 0 when both sets are empty.
    async fn jaccard(&self) -> f64 {
        self.overlap.jaccard
    }

    /// Overlap (Szymkiewicz–Simpson) coefficient `|A ∩ B| / min(|A|, |B|)`;
    /// 0 when either set is empty.
    async fn overlap_coefficient(&self) -> f64 {
        self.overlap.overlap_coefficient
    }

    /// Shared tasks by role pair, `a` first.
    async fn role_pairs(&self) -> RolePairCounts {
        self.overlap.role_pairs.into()
    }

    /// The shared tasks, in catalog order.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn shared_tasks(&self) -> Vec<Task> {
        let cat = &self.snap.catalog;
        self.overlap
            .shared_task_ids
            .iter()
            .filter_map(|&id| cat.task(id))
            .map(|t| Task::new(cat, t))
            .collect()
    }
}

/// One partner of a department.
pub struct Partner {
    snap: Arc<Snapshot>,
    partner: graph::Partner,
}

/// One partner of a department.
#[Object(crate = "crate::api::resolve::graphql")]
impl Partner {
    /// The partner.
    async fn partner(&self) -> Actor {
        Actor::new(&self.snap, &self.partner.partner)
    }

    /// `|A ∩ B|`: tasks both take part in, in any role.
    async fn shared_tasks(&self) -> u32 {
        self.partner.shared_tasks
    }

    /// Jaccard index `|A ∩ B| / |A ∪ B|`.
    async fn jaccard(&self) -> f64 {
        self.partner.jaccard
    }

    /// Overlap coefficient `|A ∩ B| / min(|A|, |B|)`.
    async fn overlap_coefficient(&self) -> f64 {
        self.partner.overlap_coefficient
    }

    /// Shared tasks by role pair, the department first and the partner second.
    async fn role_pairs(&self) -> RolePairCounts {
        self.partner.role_pairs.into()
    }
}

/// Pairwise overlaps of the units of a scope with most tasks, for heat maps.
pub struct OverlapMatrix {
    snap: Arc<Snapshot>,
    matrix: Arc<graph::OverlapMatrix>,
}

/// Pairwise overlaps of the units of a scope with most tasks, for heat maps.
/// Row and column `i` are `actors[i]`.
#[Object(crate = "crate::api::resolve::graphql")]
impl OverlapMatrix {
    /// The units, by task count (any role) descending, ties in catalog order.
    async fn actors(&self) -> Vec<Actor> {
        self.matrix.actors.iter().map(|a| Actor::new(&self.snap, a)).collect()
    }

    /// Axis labels: place and department name (江门市民政局), or the category label.
    async fn labels(&self) -> Vec<String> {
        self.matrix.actors.iter().map(Actor::label_of).collect()
    }

    /// `|A ∩ B|` per row and column; the diagonal is the unit's task count.
    async fn shared(&self) -> &Vec<Vec<u32>> {
        &self.matrix.shared
    }

    /// Jaccard index `|A ∩ B| / |A ∪ B|` per row and column.
    async fn jaccard(&self) -> &Vec<Vec<f64>> {
        &self.matrix.jaccard
    }

    /// Overlap coefficient `|A ∩ B| / min(|A|, |B|)` per row and column.
    async fn overlap_coefficient(&self) -> &Vec<Vec<f64>> {
        &self.matrix.overlap_coefficient
    }

    /// The same matrices row by row, each row with its unit.
    async fn rows(&self) -> Vec<OverlapRow> {
        (0..self.matrix.actors.len())
            .map(|i| OverlapRow { snap: self.snap.clone(), matrix: self.matrix.clone(), row: i })
            .collect()
    }
}

/// One row of an overlap matrix: one unit against every unit of the matrix.
pub struct OverlapRow {
    snap: Arc<Snapshot>,
    matrix: Arc<graph::OverlapMatrix>,
    row: usize,
}

/// One row of an overlap matrix: one unit against every unit of the matrix.
#[Object(crate = "crate::api::resolve::graphql")]
impl OverlapRow {
    /// The row's unit.
    async fn actor(&self) -> Actor {
        Actor::new(&self.snap, &self.matrix.actors[self.row])
    }

    /// The row's label (as in `OverlapMatrix.labels`).
    async fn label(&self) -> String {
        Actor::label_of(&self.matrix.actors[self.row])
    }

    /// `|A ∩ B|` against each column.
    async fn shared(&self) -> &Vec<u32> {
        &self.matrix.shared[self.row]
    }

    /// Jaccard index against each column.
    async fn jaccard(&self) -> &Vec<f64> {
        &self.matrix.jaccard[self.row]
    }

    /// Overlap coefficient against each column.
    async fn overlap_coefficient(&self) -> &Vec<f64> {
        &self.matrix.overlap_coefficient[self.row]
    }
}
