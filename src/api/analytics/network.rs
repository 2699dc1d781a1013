//! Root field `network`: the co-assignment graph of a scope with its
//! summary, components, communities and brokers, as nodes and weighted
//! edges for a force-directed drawing, and as GraphML, GEXF and CSV text.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use async_graphql::{Context, Object, ResultExt, SimpleObject};

use super::centrality::CentralityScore;
use chrono::NaiveDate;

use super::{graph_error, limit, past_views, resolve_scope, snapshot, Actor, ScopeInput};
use crate::api::enums::Category;
use crate::api::error::{ApiError, ApiResult};
use crate::api::page::MAX_PAGE;
use crate::api::place::Place;
use crate::engine::Snapshot;
use crate::graph::{self, LoadWeights};

#[derive(Default)]
pub struct NetworkQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl NetworkQuery {
    /// The co-assignment network of a scope: nodes are departments (or
    /// categories with `scope.mergeByCategory`) taking part in at least one
    /// task of the places in scope; an undirected edge joins two nodes
    /// sharing at least one task, weighted by the number of shared tasks.
    /// `minWeight` (default 1) drops lighter edges from `edges` and the
    /// exports only; `summary`, `components`, `communities` and `brokers`
    /// always describe the whole graph. A negative `minWeight` is
    /// BAD_USER_INPUT.
    #[graphql(complexity = "super::NETWORK_COST + child_complexity")]
    async fn network(
        &self,
        ctx: &Context<'_>,
        scope: Option<ScopeInput>,
        #[graphql(default = 1)] min_weight: i32,
        #[graphql(
            desc = "Build the network of the documents in force on this day: dated on or before it and not superseded by a later-dated document of the same place and policy area also dated on or before it; undated documents are left out. Absent: every document."
        )]
        as_of: Option<NaiveDate>,
    ) -> async_graphql::Result<Network> {
        let snap = snapshot(ctx).extend()?;
        let scope = resolve_scope(&snap.catalog, scope.as_ref()).extend()?;
        if min_weight < 0 {
            return Err(ApiError::bad(format!("`minWeight: {min_weight}` is negative: expected 0 or more")))
                .extend();
        }
        // Fail here, not in each field, when the scope cannot be built.
        let past = past_views(&snap, as_of);
        past.as_deref().unwrap_or(&snap.views).summary(&scope).map_err(graph_error).extend()?;
        Ok(Network { snap, past, scope, min_weight: min_weight as u32, drawing: OnceLock::new() })
    }
}

/// The co-assignment network of one scope.
pub struct Network {
    snap: Arc<Snapshot>,
    /// The views of the documents in force at `asOf`; `None`: the snapshot's.
    past: Option<Arc<graph::Views>>,
    scope: graph::Scope,
    min_weight: u32,
    /// Nodes and filtered edges, built on first use by any field needing them.
    drawing: OnceLock<graph::Network>,
}

impl Network {
    fn views(&self) -> &graph::Views {
        self.past.as_deref().unwrap_or(&self.snap.views)
    }

    fn drawing(&self) -> ApiResult<&graph::Network> {
        if let Some(d) = self.drawing.get() {
            return Ok(d);
        }
        let built = self.views().network(&self.scope, self.min_weight).map_err(graph_error)?;
        Ok(self.drawing.get_or_init(|| built))
    }
}

/// The co-assignment network of one scope: nodes are departments (or
/// categories), an edge joins two nodes sharing at least one task and is
/// weighted by the number of shared tasks.
#[Object(crate = "crate::api::resolve::graphql")]
impl Network {
    /// The places in scope, by name.
    async fn places(&self) -> Vec<Place> {
        super::ranking::scope_places(&self.snap, &self.scope)
    }

    /// Deprecated spelling of `places`.
    #[graphql(deprecation = "use `places`: cities are one kind of place")]
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Place>> {
        self.places(ctx).await
    }

    /// Whether nodes are functional categories.
    async fn merged_by_category(&self) -> bool {
        self.scope.merge_by_category()
    }

    /// Edges lighter than this are left out of `edges` and the exports.
    async fn min_weight(&self) -> u32 {
        self.min_weight
    }

    /// Size and cohesion of the whole graph (ignores `minWeight`).
    async fn summary(&self) -> async_graphql::Result<NetworkSummary> {
        let s = self.views().summary(&self.scope).map_err(graph_error).extend()?;
        Ok(NetworkSummary {
            nodes: s.nodes,
            edges: s.edges,
            tasks: s.tasks,
            density: s.density,
            components: s.components,
            isolated: s.isolated,
        })
    }

    /// Connected components (maximal sets of nodes linked by chains of
    /// shared tasks), largest first, ties by first member; every node is in
    /// exactly one (ignores `minWeight`).
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn components(&self) -> async_graphql::Result<Vec<Component>> {
        let c = self.views().components(&self.scope).map_err(graph_error).extend()?;
        Ok(c.components
            .iter()
            .map(|members| Component {
                size: members.len(),
                members: members.iter().map(|a| Actor::new(&self.snap, a)).collect(),
            })
            .collect())
    }

    /// Communities by deterministic Louvain modularity optimisation (see
    /// `Communities`), on the whole weighted graph (ignores `minWeight`).
    #[graphql(complexity = "super::HEAVY_COST + child_complexity")]
    async fn communities(&self) -> async_graphql::Result<Communities> {
        let c = self.views().communities(&self.scope).map_err(graph_error).extend()?;
        Ok(Communities { snap: self.snap.clone(), communities: c })
    }

    /// Brokers: articulation points and the `first` (default 10, at most
    /// 200) nodes with highest betweenness (ignores `minWeight`).
    #[graphql(complexity = "super::HEAVY_COST + child_complexity")]
    async fn brokers(&self, first: Option<i32>) -> async_graphql::Result<Brokers> {
        let n = limit("first", first, 10, MAX_PAGE).extend()?;
        let b = self.views().brokers(&self.scope, n).map_err(graph_error).extend()?;
        Ok(Brokers { snap: self.snap.clone(), brokers: b })
    }

    /// Every node, in catalog order (departments) or category order; nodes
    /// whose edges were all dropped by `minWeight` stay. With `top` (0 to
    /// 2000), only the `top` nodes taking part in most tasks (ties in node
    /// order), still in node order: a drawing of a large scope stays legible
    /// and small.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn nodes(&self, top: Option<i32>) -> async_graphql::Result<Vec<NetworkNode>> {
        let d = self.drawing().extend()?;
        let kept = top_nodes(d, top).extend()?;
        Ok(d.nodes
            .iter()
            .filter(|n| kept.as_ref().is_none_or(|k| k.contains(n.id.as_str())))
            .map(|n| NetworkNode { snap: self.snap.clone(), node: n.clone() })
            .collect())
    }

    /// Edges of weight `minWeight` or more, in node order. With `top`, only
    /// edges between two of the nodes `nodes(top:)` keeps.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn edges(&self, top: Option<i32>) -> async_graphql::Result<Vec<NetworkEdge>> {
        let d = self.drawing().extend()?;
        let kept = top_nodes(d, top).extend()?;
        let keep = |id: &str| kept.as_ref().is_none_or(|k| k.contains(id));
        Ok(d.edges
            .iter()
            .filter(|e| keep(&e.source) && keep(&e.target))
            .map(|e| NetworkEdge {
                source: e.source.clone(),
                target: e.target.clone(),
                weight: e.weight,
                lead_lead: e.lead_lead,
                lead_support: e.lead_support,
                support_support: e.support_support,
            })
            .collect())
    }

    /// GraphML (undirected), readable by `nx.read_graphml`: node attributes
    /// `name`, `place` (absent for category nodes), `category` (code),
    /// `primary_lead`, `lead`, `support`, `tasks`; edge attributes `weight`,
    /// `lead_lead`, `lead_support`, `support_support`.
    #[graphql(complexity = "super::NETWORK_COST")]
    async fn graphml(&self) -> async_graphql::Result<String> {
        Ok(self.drawing().extend()?.to_graphml())
    }

    /// GEXF 1.3 (static, undirected) for Gephi and `nx.read_gexf`: node
    /// label is the name, attributes as in `graphml`, edge weight is the
    /// GEXF edge weight.
    #[graphql(complexity = "super::NETWORK_COST")]
    async fn gexf(&self) -> async_graphql::Result<String> {
        Ok(self.drawing().extend()?.to_gexf())
    }

    /// The two-mode department–task graph of the scope's places as GraphML,
    /// the affiliation network the co-assignment graph is projected from:
    /// department nodes (`kind` department, `bipartite` 0, with name, place,
    /// category) and task nodes (`kind` task, `bipartite` 1, with number and
    /// text), one edge per assignment with its `role` (lead or support) and
    /// `rank` (1 is the primary lead). Departments are never merged by
    /// category here, and `minWeight` does not apply. For UCINET, Gephi and
    /// `networkx.bipartite`.
    #[graphql(complexity = "super::NETWORK_COST")]
    async fn two_mode_graphml(&self) -> async_graphql::Result<String> {
        Ok(self.views().two_mode(&self.scope).map_err(graph_error).extend()?.to_graphml())
    }

    /// CSV edge list (RFC 4180) with the header
    /// `source,target,source_name,target_name,weight,lead_lead,lead_support,support_support`.
    #[graphql(complexity = "super::NETWORK_COST")]
    async fn csv(&self) -> async_graphql::Result<String> {
        Ok(self.drawing().extend()?.to_csv())
    }
}

/// Most nodes `top` may keep: more than a browser draws legibly.
const MAX_TOP_NODES: usize = 2000;

/// The ids of the `top` nodes with most tasks (ties in node order); `None`
/// keeps every node.
fn top_nodes(d: &graph::Network, top: Option<i32>) -> ApiResult<Option<HashSet<&str>>> {
    let Some(top) = top else { return Ok(None) };
    let top = limit("top", Some(top), 0, MAX_TOP_NODES)?;
    let mut order: Vec<&graph::NetworkNode> = d.nodes.iter().collect();
    // A stable sort keeps node order among equal task counts.
    order.sort_by_key(|n| std::cmp::Reverse(n.tasks));
    Ok(Some(order.into_iter().take(top).map(|n| n.id.as_str()).collect()))
}

/// Size and cohesion of a co-assignment graph.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct NetworkSummary {
    /// Nodes: units taking part in at least one task.
    pub nodes: usize,
    /// Edges: pairs of units sharing at least one task.
    pub edges: usize,
    /// Tasks of the places in scope.
    pub tasks: usize,
    /// `2m / (n (n − 1))` for `n` nodes and `m` edges, 0 when `n ≤ 1` (`nx.density`).
    pub density: f64,
    /// Number of connected components.
    pub components: usize,
    /// Nodes sharing no task with anyone.
    pub isolated: usize,
}

/// One connected component.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct Component {
    /// Number of members.
    pub size: usize,
    /// Members in catalog order.
    pub members: Vec<Actor>,
}

/// Communities found by Louvain modularity optimisation (Blondel et al.
/// 2008) on the weighted graph with resolution 1, made deterministic: nodes
/// are visited in catalog order (not shuffled as in
/// `nx.community.louvain_communities`), a node moves only for a strictly
/// positive gain, among equal gains the lowest community wins, and levels are
/// aggregated until no node moves. NetworkX with a seed may find a different
/// partition of similar modularity.
pub struct Communities {
    snap: Arc<Snapshot>,
    communities: Arc<graph::Communities>,
}

/// Communities found by Louvain modularity optimisation (Blondel et al.
/// 2008) on the weighted graph with resolution 1, made deterministic: nodes
/// are visited in catalog order (not shuffled as in
/// `nx.community.louvain_communities`), a node moves only for a strictly
/// positive gain, among equal gains the lowest community wins, and levels are
/// aggregated until no node moves. NetworkX with a seed may find a different
/// partition of similar modularity.
#[Object(crate = "crate::api::resolve::graphql")]
impl Communities {
    /// Weighted modularity of the partition as `nx.community.modularity`
    /// computes it: `Σ_c [ L_c / m − (d_c / 2m)² ]` with `L_c` the internal
    /// weight, `d_c` the members' weighted degree and `m` the total weight;
    /// 0 for a graph without edges.
    async fn modularity(&self) -> f64 {
        self.communities.modularity
    }

    /// Number of communities.
    async fn count(&self) -> usize {
        self.communities.communities.len()
    }

    /// The communities, largest first (ties by first member).
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn communities(&self) -> Vec<Community> {
        self.communities
            .communities
            .iter()
            .map(|c| Community {
                size: c.members.len(),
                internal_weight: c.internal_weight,
                members: c.members.iter().map(|a| Actor::new(&self.snap, a)).collect(),
            })
            .collect()
    }
}

/// One community.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct Community {
    /// Number of members.
    pub size: usize,
    /// Sum of edge weights (shared tasks) between members.
    pub internal_weight: u32,
    /// Members in catalog order.
    pub members: Vec<Actor>,
}

/// Units whose position makes them brokers between groups.
pub struct Brokers {
    snap: Arc<Snapshot>,
    brokers: graph::Brokers,
}

/// Units whose position makes them brokers between groups.
#[Object(crate = "crate::api::resolve::graphql")]
impl Brokers {
    /// Articulation points: nodes whose removal disconnects their component,
    /// in catalog order.
    async fn articulation_points(&self) -> Vec<Actor> {
        self.brokers.articulation_points.iter().map(|a| Actor::new(&self.snap, a)).collect()
    }

    /// Highest betweenness centrality (`nx.betweenness_centrality`,
    /// normalized; see `CentralityMeasure.BETWEENNESS`), nodes with
    /// betweenness 0 left out.
    async fn top_betweenness(&self) -> Vec<CentralityScore> {
        self.brokers.top_betweenness.iter().map(|s| CentralityScore::new(&self.snap, s)).collect()
    }
}

/// A node for a force-directed drawing.
pub struct NetworkNode {
    snap: Arc<Snapshot>,
    node: graph::NetworkNode,
}

/// A node for a force-directed drawing.
#[Object(crate = "crate::api::resolve::graphql")]
impl NetworkNode {
    /// Department id (`U…`) or `category:<code>`; edges name nodes by it.
    async fn id(&self) -> &str {
        &self.node.id
    }

    /// Department name relative to its place, or the category label.
    async fn name(&self) -> &str {
        &self.node.name
    }

    /// Place and department name (江门市民政局), or the category label.
    async fn label(&self) -> String {
        match self.node.key {
            graph::ActorKey::Department(_) => {
                crate::names::full_name(self.node.place_name.as_deref().unwrap_or(""), &self.node.name)
            }
            graph::ActorKey::Category(_) => self.node.name.clone(),
        }
    }

    /// Functional category.
    async fn category(&self) -> Category {
        self.node.category.into()
    }

    /// Place name; null for a category node.
    async fn place_name(&self) -> Option<&str> {
        self.node.place_name.as_deref()
    }

    /// Deprecated spelling of `placeName`.
    #[graphql(deprecation = "use `placeName`: cities are one kind of place")]
    async fn city_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        self.place_name(ctx).await
    }

    /// The node as an actor (department and place objects).
    async fn actor(&self) -> Actor {
        let key = self.node.key;
        let actor = graph::Actor {
            id: self.node.id.clone(),
            key,
            name: self.node.name.clone(),
            category: self.node.category,
            place: self.node.place,
            place_name: self.node.place_name.clone(),
        };
        Actor::new(&self.snap, &actor)
    }

    /// Tasks as rank 1 lead.
    async fn primary_lead(&self) -> u32 {
        self.node.primary_lead
    }

    /// Tasks as any lead.
    async fn lead(&self) -> u32 {
        self.node.lead
    }

    /// Tasks as support only.
    async fn support(&self) -> u32 {
        self.node.support
    }

    /// Tasks in any role; a good node size.
    async fn tasks(&self) -> u32 {
        self.node.tasks
    }

    /// Other nodes sharing at least one task with this one, in the whole
    /// graph (`minWeight` does not change it).
    async fn distinct_partners(&self) -> u32 {
        self.node.distinct_partners
    }

    /// Coordination load score, as `CoordinationLoad.score`: `3 ×
    /// primaryLead + 2 × (lead − primaryLead) + 1 × support + 0.5 ×
    /// distinctPartners`; another good node size.
    async fn load(&self) -> f64 {
        let n = &self.node;
        LoadWeights::default().score(n.primary_lead, n.lead, n.support, n.distinct_partners)
    }
}

/// An undirected weighted edge between two nodes sharing tasks.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct NetworkEdge {
    /// Id of one end (`NetworkNode.id`).
    pub source: String,
    /// Id of the other end.
    pub target: String,
    /// Number of shared tasks.
    pub weight: u32,
    /// Shared tasks both lead.
    pub lead_lead: u32,
    /// Shared tasks one leads and the other supports.
    pub lead_support: u32,
    /// Shared tasks both support.
    pub support_support: u32,
}
