//! Root field `centrality`: one centrality measure over the co-assignment
//! graph of a scope, defined exactly as the NetworkX default.

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, ResultExt};

use chrono::NaiveDate;

use super::{first_or_all, graph_error, past_views, resolve_scope, snapshot, Actor, ScopeInput};
use crate::api::place::Place;
use crate::engine::Snapshot;
use crate::graph;

/// A centrality measure of the co-assignment graph: nodes are departments
/// (or categories), an edge joins two nodes sharing at least one task, its
/// weight is the number of shared tasks; `n` is the number of nodes. Each
/// is NetworkX's default definition, so results can be cross-checked.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "graph::Measure")]
pub enum CentralityMeasure {
    /// `nx.degree_centrality`: distinct partners divided by `n − 1`; every
    /// node scores 1 when `n ≤ 1`.
    Degree,
    /// `G.degree(weight="weight")`: the sum of a node's edge weights, i.e.
    /// the number of (partner, shared task) pairs; not normalised.
    WeightedDegree,
    /// `nx.betweenness_centrality` (unweighted, normalized, endpoints
    /// excluded): the fraction of shortest paths between other pairs that
    /// pass through the node, normalised by `2 / ((n − 1)(n − 2))`; 0 for
    /// every node when `n ≤ 2`.
    Betweenness,
    /// `nx.closeness_centrality` (unweighted, `wf_improved=True`):
    /// `(r − 1) / Σ d(v, u) · (r − 1) / (n − 1)` over the `r` nodes
    /// reachable from v (v included); 0 for isolated nodes.
    Closeness,
    /// `nx.eigenvector_centrality` (unweighted): power iteration on `A + I`
    /// from the uniform vector, at most 100 iterations, tolerance
    /// `n · 1e-6` on the L1 change, L2-normalised. Fails with
    /// INTERNAL_SERVER_ERROR where NetworkX raises
    /// PowerIterationFailedConvergence.
    Eigenvector,
    /// `nx.pagerank` (alpha 0.85, `weight="weight"`): each undirected edge is
    /// two arcs weighted by shared tasks, uniform teleport, dangling nodes
    /// spread uniformly, at most 100 iterations, tolerance `n · 1e-6`. Sums to 1.
    #[graphql(name = "PAGERANK")]
    PageRank,
}

#[derive(Default)]
pub struct CentralityQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl CentralityQuery {
    /// One centrality measure for every node of a scope's co-assignment
    /// graph (see `CentralityMeasure` for the exact NetworkX definitions),
    /// highest first with competition ranks; equal values keep catalog
    /// order. `first` (0 to 200) keeps that many scores, all when absent.
    /// Computed once per snapshot, scope and measure, then served from cache.
    #[graphql(complexity = "super::HEAVY_COST + child_complexity")]
    async fn centrality(
        &self,
        ctx: &Context<'_>,
        scope: Option<ScopeInput>,
        measure: CentralityMeasure,
        first: Option<i32>,
        #[graphql(
            desc = "Count only the documents in force on this day: dated on or before it and not superseded by a later-dated document of the same place and policy area also dated on or before it; undated documents are left out. Absent: every document."
        )]
        as_of: Option<NaiveDate>,
    ) -> async_graphql::Result<Centrality> {
        let snap = snapshot(ctx).extend()?;
        let scope = resolve_scope(&snap.catalog, scope.as_ref()).extend()?;
        let first = first_or_all(first).extend()?;
        let past = past_views(&snap, as_of);
        let scores = past
            .as_deref()
            .unwrap_or(&snap.views)
            .centrality(&scope, measure.into())
            .map_err(graph_error)
            .extend()?;
        Ok(Centrality { snap, scores, first })
    }
}

/// One centrality measure over a scope.
pub struct Centrality {
    snap: Arc<Snapshot>,
    scores: Arc<graph::CentralityScores>,
    first: Option<usize>,
}

/// One centrality measure over a scope.
#[Object(crate = "crate::api::resolve::graphql")]
impl Centrality {
    /// The measure.
    async fn measure(&self) -> CentralityMeasure {
        self.scores.measure.into()
    }

    /// The places in scope, by name.
    async fn places(&self) -> Vec<Place> {
        super::ranking::scope_places(&self.snap, &self.scores.scope)
    }

    /// Deprecated spelling of `places`.
    #[graphql(deprecation = "use `places`: cities are one kind of place")]
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Place>> {
        self.places(ctx).await
    }

    /// Whether nodes are functional categories (scope merged by category).
    async fn merged_by_category(&self) -> bool {
        self.scores.scope.merge_by_category()
    }

    /// Number of nodes `n` of the co-assignment graph (all of them, not only
    /// the scores returned).
    async fn node_count(&self) -> usize {
        self.scores.node_count
    }

    /// The scores, highest first.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn scores(&self) -> Vec<CentralityScore> {
        let n = self.first.unwrap_or(usize::MAX);
        self.scores.scores.iter().take(n).map(|s| CentralityScore::new(&self.snap, s)).collect()
    }
}

/// One node's centrality.
pub struct CentralityScore {
    snap: Arc<Snapshot>,
    score: graph::Score,
}

impl CentralityScore {
    pub(crate) fn new(snap: &Arc<Snapshot>, score: &graph::Score) -> CentralityScore {
        CentralityScore { snap: snap.clone(), score: score.clone() }
    }
}

/// One node's centrality.
#[Object(crate = "crate::api::resolve::graphql")]
impl CentralityScore {
    /// Competition rank by value, highest first (1, 2, 2, 4).
    async fn rank(&self) -> u32 {
        self.score.rank
    }

    /// The node.
    async fn actor(&self) -> Actor {
        Actor::new(&self.snap, &self.score.actor)
    }

    /// The score (see the measure's definition).
    async fn value(&self) -> f64 {
        self.score.value
    }
}
