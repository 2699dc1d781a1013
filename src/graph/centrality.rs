//! Centrality measures on the co-assignment graph, defined and normalised
//! exactly as the NetworkX defaults so that results can be cross-checked.
//!
//! Betweenness, closeness and eigenvector come from rustworkx-core (whose
//! implementations follow NetworkX); degree, weighted degree and PageRank are
//! written here because rustworkx-core's degree centrality divides by zero on
//! a single node and petgraph's `page_rank` ignores weights and treats
//! dangling nodes differently from NetworkX.

use std::convert::Infallible;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::net::Net;
use super::{Actor, GraphError, Scope};

/// Graphs at least this large run rustworkx-core's parallel code paths.
const PARALLEL_THRESHOLD: usize = 200;
/// NetworkX default power-iteration limits.
const MAX_ITER: usize = 100;
const TOL: f64 = 1e-6;
const ALPHA: f64 = 0.85;

/// A centrality measure of the co-assignment graph (nodes: departments or
/// categories; an edge joins two nodes sharing at least one task; its weight
/// is the number of shared tasks). `n` is the number of nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Number of distinct partners divided by `n − 1`
    /// (`nx.degree_centrality`); every node scores 1 when `n ≤ 1`.
    /// Complexity: O(V + E).
    Degree,
    /// Sum of the weights of a node's edges, i.e. the number of (partner,
    /// shared task) pairs, not normalised (`G.degree(weight="weight")`).
    /// Complexity: O(V + E).
    WeightedDegree,
    /// Unweighted shortest-path betweenness, the fraction of shortest paths
    /// between other pairs passing through the node, normalised by
    /// `2 / ((n − 1)(n − 2))` for `n > 2`, endpoints excluded
    /// (`nx.betweenness_centrality` defaults). 0 for every node when `n ≤ 2`.
    /// Complexity: O(V·E) (Brandes).
    Betweenness,
    /// Unweighted closeness with the Wasserman–Faust correction:
    /// `(r − 1) / Σ d(v, u) · (r − 1) / (n − 1)` over the `r` nodes reachable
    /// from v (v included); 0 for isolated nodes
    /// (`nx.closeness_centrality`, `wf_improved=True`). Complexity: O(V·(V + E)).
    Closeness,
    /// Unweighted eigenvector centrality by power iteration on `A + I`,
    /// starting from the uniform vector, at most 100 iterations, stopping
    /// when the L1 change is below `n · 1e-6`, L2-normalised
    /// (`nx.eigenvector_centrality` defaults). Fails with
    /// `NotConverged` where NetworkX raises. Complexity: O(iterations · E).
    Eigenvector,
    /// PageRank with damping 0.85 on the weighted graph (each undirected edge
    /// is two arcs of weight = shared tasks), uniform teleport, dangling
    /// (isolated) nodes spreading uniformly, start 1/n, at most 100
    /// iterations, stopping when the L1 change is below `n · 1e-6`
    /// (`nx.pagerank` defaults, which use `weight="weight"`). Sums to 1.
    /// Complexity: O(iterations · E).
    PageRank,
}

impl Measure {
    pub const ALL: &'static [Measure] = &[
        Measure::Degree,
        Measure::WeightedDegree,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::Eigenvector,
        Measure::PageRank,
    ];
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Measure::Degree => "degree centrality",
            Measure::WeightedDegree => "weighted degree",
            Measure::Betweenness => "betweenness centrality",
            Measure::Closeness => "closeness centrality",
            Measure::Eigenvector => "eigenvector centrality",
            Measure::PageRank => "PageRank",
        })
    }
}

/// One node's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Competition rank by value, highest first (1, 2, 2, 4).
    pub rank: u32,
    pub actor: Actor,
    pub value: f64,
}

/// A centrality measure over every node of a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentralityScores {
    pub measure: Measure,
    pub scope: Scope,
    /// Number of nodes `n` of the co-assignment graph.
    pub node_count: usize,
    /// All nodes, by value descending; equal values keep actor order.
    pub scores: Vec<Score>,
}

impl CentralityScores {
    /// The score of the node with this textual id (see [`Actor::id`]).
    pub fn value_of(&self, actor_id: &str) -> Option<f64> {
        self.scores.iter().find(|s| s.actor.id == actor_id).map(|s| s.value)
    }
}

/// Arguments: a scoped network and a measure. Returns: scores ranked.
pub(crate) fn compute(net: &Net, measure: Measure) -> Result<CentralityScores, GraphError> {
    let values = raw(net, measure)?;
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut scores: Vec<Score> = Vec::with_capacity(order.len());
    for (i, &a) in order.iter().enumerate() {
        let rank = match scores.last() {
            Some(prev) if prev.value == values[a] => prev.rank,
            _ => i as u32 + 1,
        };
        scores.push(Score { rank, actor: net.actors[a].clone(), value: values[a] });
    }
    Ok(CentralityScores { measure, scope: net.scope.clone(), node_count: net.node_count(), scores })
}

/// The values in actor order.
pub(crate) fn raw(net: &Net, measure: Measure) -> Result<Vec<f64>, GraphError> {
    let g = &net.graph;
    let n = net.node_count();
    let values = match measure {
        Measure::Degree => degree(net),
        Measure::WeightedDegree => {
            (0..n).map(|a| g.edges(NodeIndex::new(a)).map(|e| e.weight().weight() as f64).sum()).collect()
        }
        Measure::Betweenness => {
            let b = rustworkx_core::centrality::betweenness_centrality(g, false, true, PARALLEL_THRESHOLD);
            b.into_iter().map(|v| v.unwrap_or(0.0)).collect()
        }
        Measure::Closeness => {
            let c = rustworkx_core::centrality::closeness_centrality(g, true, PARALLEL_THRESHOLD);
            c.into_iter().map(|v| v.unwrap_or(0.0)).collect()
        }
        Measure::Eigenvector => {
            if n == 0 {
                return Ok(Vec::new());
            }
            let x = rustworkx_core::centrality::eigenvector_centrality(
                g,
                |_| Ok::<f64, Infallible>(1.0),
                Some(MAX_ITER),
                Some(TOL),
            );
            match x {
                Ok(Some(x)) => x,
                Ok(None) => return Err(GraphError::NotConverged { measure, iterations: MAX_ITER }),
                Err(never) => match never {},
            }
        }
        Measure::PageRank => pagerank(net)?,
    };
    Ok(values)
}

/// `nx.degree_centrality`: 1 for every node of a graph with at most one node.
fn degree(net: &Net) -> Vec<f64> {
    let n = net.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    (0..n).map(|a| net.graph.edges(NodeIndex::new(a)).count() as f64 / (n - 1) as f64).collect()
}

/// `nx.pagerank` (the scipy implementation) with its defaults.
///
/// Complexity: O(iterations · (V + E)).
fn pagerank(net: &Net) -> Result<Vec<f64>, GraphError> {
    let n = net.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let nf = n as f64;
    // Row-stochastic transition: out-weights of each node.
    let adj: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|a| {
            net.graph
                .edges(NodeIndex::new(a))
                .map(|e| (e.target().index(), e.weight().weight() as f64))
                .collect()
        })
        .collect();
    let strength: Vec<f64> = adj.iter().map(|row| row.iter().map(|&(_, w)| w).sum()).collect();
    let mut x = vec![1.0 / nf; n];
    for _ in 0..MAX_ITER {
        let dangling: f64 = (0..n).filter(|&a| strength[a] == 0.0).map(|a| x[a]).sum();
        let mut next = vec![0.0; n];
        for (a, row) in adj.iter().enumerate() {
            if strength[a] == 0.0 {
                continue;
            }
            let share = x[a] / strength[a];
            for &(b, w) in row {
                next[b] += share * w;
            }
        }
        for v in next.iter_mut() {
            *v = ALPHA * (*v + dangling / nf) + (1.0 - ALPHA) / nf;
        }
        let err: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if err < nf * TOL {
            return Ok(x);
        }
    }
    Err(GraphError::NotConverged { measure: Measure::PageRank, iterations: MAX_ITER })
}
