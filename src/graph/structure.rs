//! Structure of the co-assignment graph: connected components, communities,
//! brokers, density and shortest coordination chains between departments.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::model::{DepartmentId, TaskId};

use super::centrality::{Measure, Score};
use super::louvain;
use super::net::Net;
use super::{Actor, GraphError, Scope, Views};

/// Connected components: maximal sets of actors linked by chains of shared
/// tasks. Every actor of the scope is in exactly one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Components {
    pub scope: Scope,
    /// Components largest first (ties by first member); members in actor order.
    pub components: Vec<Vec<Actor>>,
}

/// One community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Community {
    /// Members in actor order.
    pub members: Vec<Actor>,
    /// Sum of edge weights (shared tasks) between members.
    pub internal_weight: u32,
}

/// Communities found by Louvain modularity optimisation (Blondel et al.
/// 2008) on the weighted co-assignment graph with resolution 1, made
/// deterministic: nodes are visited in actor order (not shuffled as in
/// `nx.community.louvain_communities`), a node moves only for a strictly
/// positive gain, and among equal gains the lowest community wins. Levels
/// are aggregated until no node moves. NetworkX with a seed may find a
/// different partition of similar modularity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communities {
    pub scope: Scope,
    /// Largest first (ties by first member).
    pub communities: Vec<Community>,
    /// Weighted modularity of the partition as `nx.community.modularity`
    /// computes it: `Σ_c [ L_c / m − (d_c / 2m)² ]` with `L_c` the internal
    /// weight, `d_c` the members' weighted degree and `m` the total weight;
    /// 0 for a graph without edges.
    pub modularity: f64,
}

/// Actors whose position makes them brokers between groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brokers {
    pub scope: Scope,
    /// Articulation points: actors whose removal disconnects their component,
    /// in actor order.
    pub articulation_points: Vec<Actor>,
    /// Highest betweenness centrality (see [`Measure::Betweenness`]),
    /// nodes with betweenness 0 left out.
    pub top_betweenness: Vec<Score>,
}

/// Size and cohesion of a scope's co-assignment graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkSummary {
    pub scope: Scope,
    /// Actors taking part in at least one task.
    pub nodes: usize,
    /// Pairs of actors sharing at least one task.
    pub edges: usize,
    /// Tasks of the places in scope.
    pub tasks: usize,
    /// `2m / (n (n − 1))`, 0 when `n ≤ 1` (`nx.density`).
    pub density: f64,
    pub components: usize,
    /// Actors sharing no task with anyone.
    pub isolated: usize,
}

/// One link of a coordination chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathLink {
    pub from: Actor,
    pub to: Actor,
    /// Tasks both ends share, in catalog order.
    pub shared_tasks: Vec<TaskId>,
}

/// A shortest chain of departments linked by shared tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoordinationPath {
    /// From the first department to the last, both included.
    pub departments: Vec<Actor>,
    /// `departments.len() − 1` links.
    pub links: Vec<PathLink>,
}

impl Views {
    /// Brokers of a scope.
    ///
    /// Arguments: scope, how many top-betweenness actors to keep.
    /// Returns: articulation points and top betweenness.
    /// Complexity: O(V + E) plus the (cached) betweenness O(V·E).
    pub fn brokers(&self, scope: &Scope, limit: usize) -> Result<Brokers, GraphError> {
        let net = self.net(scope)?;
        let cut = rustworkx_core::connectivity::articulation_points(&net.graph, None);
        let mut cut: Vec<usize> = cut.into_iter().map(NodeIndex::index).collect();
        cut.sort();
        let betweenness = self.centrality(scope, Measure::Betweenness)?;
        Ok(Brokers {
            scope: scope.clone(),
            articulation_points: cut.into_iter().map(|a| net.actors[a].clone()).collect(),
            top_betweenness: betweenness
                .scores
                .iter()
                .filter(|s| s.value > 0.0)
                .take(limit)
                .cloned()
                .collect(),
        })
    }

    /// Node, edge, component counts and density of a scope.
    /// Complexity: O(V + E) (components cached).
    pub fn summary(&self, scope: &Scope) -> Result<NetworkSummary, GraphError> {
        let net = self.net(scope)?;
        let (n, m) = (net.node_count(), net.graph.edge_count());
        Ok(NetworkSummary {
            scope: scope.clone(),
            nodes: n,
            edges: m,
            tasks: net.tasks.len(),
            density: if n <= 1 { 0.0 } else { 2.0 * m as f64 / (n as f64 * (n - 1) as f64) },
            components: self.components(scope)?.components.len(),
            isolated: (0..n).filter(|&a| net.graph.neighbors(NodeIndex::new(a)).next().is_none()).count(),
        })
    }

    /// The shortest chain of departments linked by shared tasks.
    ///
    /// Arguments: two departments. Returns: `None` when no chain exists
    /// (different components or places); one department and no link when
    /// `from == to`. Among equally short chains one is chosen
    /// deterministically. Complexity: O(E log V).
    pub fn coordination_path(
        &self,
        from: DepartmentId,
        to: DepartmentId,
    ) -> Result<Option<CoordinationPath>, GraphError> {
        let (net, a) = self.department_net(from)?;
        let (_, b) = self.department_net(to)?;
        let found =
            petgraph::algo::astar(&net.graph, NodeIndex::new(a), |n| n.index() == b, |_| 1u32, |_| 0u32);
        Ok(found.map(|(_, nodes)| {
            let nodes: Vec<usize> = nodes.into_iter().map(NodeIndex::index).collect();
            CoordinationPath {
                departments: nodes.iter().map(|&x| net.actors[x].clone()).collect(),
                links: nodes
                    .windows(2)
                    .map(|w| PathLink {
                        from: net.actors[w[0]].clone(),
                        to: net.actors[w[1]].clone(),
                        shared_tasks: net
                            .link(w[0], w[1])
                            .map(|l| l.tasks.iter().map(|&t| net.tasks[t as usize]).collect())
                            .unwrap_or_default(),
                    })
                    .collect(),
            }
        }))
    }
}

/// Complexity: O(V + E).
pub(crate) fn components(net: &Net) -> Components {
    let sets = rustworkx_core::connectivity::connected_components(&net.graph);
    let mut groups: Vec<Vec<usize>> = sets
        .into_iter()
        .map(|s| {
            let mut v: Vec<usize> = s.into_iter().map(NodeIndex::index).collect();
            v.sort();
            v
        })
        .collect();
    groups.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    Components {
        scope: net.scope.clone(),
        components: groups
            .into_iter()
            .map(|g| g.into_iter().map(|a| net.actors[a].clone()).collect())
            .collect(),
    }
}

/// Complexity: about O(E log V) for sparse graphs.
pub(crate) fn communities(net: &Net) -> Communities {
    let n = net.node_count();
    let adj: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|a| net.neighbours(a).into_iter().map(|(b, l)| (b, l.weight() as f64)).collect())
        .collect();
    let labels = louvain::louvain(&adj);
    let modularity = louvain::modularity(&adj, &labels);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (a, &c) in labels.iter().enumerate() {
        groups.entry(c).or_default().push(a);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    let communities = groups
        .into_iter()
        .map(|members| {
            let internal_weight = members
                .iter()
                .flat_map(|&a| net.neighbours(a).into_iter().map(move |(b, l)| (a, b, l.weight())))
                .filter(|&(a, b, _)| a < b && labels[a] == labels[b])
                .map(|(_, _, w)| w)
                .sum();
            Community { members: members.iter().map(|&a| net.actors[a].clone()).collect(), internal_weight }
        })
        .collect();
    Communities { scope: net.scope.clone(), communities, modularity }
}
