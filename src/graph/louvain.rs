//! Deterministic Louvain community detection and weighted modularity, on a
//! plain adjacency list (no crate we may use offers Louvain).
//!
//! Arguments: `adj[i]` lists `(j, w)` for every neighbour `j ≠ i` with edge
//! weight `w > 0`, symmetric. Returns: a community label per node.
//! Complexity: about O(E log V) for sparse graphs (each level is a few
//! linear passes; levels shrink the graph).

use std::collections::BTreeMap;

/// Smallest modularity gain that counts as an improvement; guards against
/// endless moves between communities of equal quality through rounding.
const MIN_GAIN: f64 = 1e-12;

/// A level of the algorithm: nodes with weighted links and self-loop weight.
struct Level {
    adj: Vec<Vec<(usize, f64)>>,
    /// Weight of edges inside the node (aggregated community), each once.
    inner: Vec<f64>,
}

impl Level {
    fn degree(&self, i: usize) -> f64 {
        self.adj[i].iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * self.inner[i]
    }
}

/// Community label of every node (labels are 0..k, by first member).
pub(crate) fn louvain(adj: &[Vec<(usize, f64)>]) -> Vec<usize> {
    let n = adj.len();
    let mut labels: Vec<usize> = (0..n).collect();
    let mut level = Level { adj: adj.to_vec(), inner: vec![0.0; n] };
    let two_m: f64 = (0..n).map(|i| level.degree(i)).sum();
    if two_m == 0.0 {
        return labels;
    }
    loop {
        let (comm, moved) = one_level(&level, two_m);
        if !moved {
            return labels;
        }
        // Renumber communities by first appearance so labels are compact.
        let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
        let mut order: Vec<usize> = Vec::new();
        for &c in &comm {
            if let std::collections::btree_map::Entry::Vacant(e) = renumber.entry(c) {
                e.insert(order.len());
                order.push(c);
            }
        }
        let comm: Vec<usize> = comm.iter().map(|c| renumber[c]).collect();
        for l in labels.iter_mut() {
            *l = comm[*l];
        }
        level = aggregate(&level, &comm, order.len());
    }
}

/// Local moving phase. Returns the community of each node and whether any
/// node moved.
fn one_level(level: &Level, two_m: f64) -> (Vec<usize>, bool) {
    let n = level.adj.len();
    let degree: Vec<f64> = (0..n).map(|i| level.degree(i)).collect();
    let mut comm: Vec<usize> = (0..n).collect();
    let mut tot: Vec<f64> = degree.clone();
    let mut moved_any = false;
    loop {
        let mut moved = false;
        for i in 0..n {
            let ki = degree[i];
            let current = comm[i];
            let mut links: BTreeMap<usize, f64> = BTreeMap::new();
            for &(j, w) in &level.adj[i] {
                *links.entry(comm[j]).or_default() += w;
            }
            tot[current] -= ki;
            // Gain of joining c relative to being alone: k_i,in − tot_c·k_i/2m.
            let gain = |c: usize, w: f64| w - tot[c] * ki / two_m;
            let mut best = current;
            let mut best_gain = gain(current, links.get(&current).copied().unwrap_or(0.0));
            for (&c, &w) in &links {
                let g = gain(c, w);
                if g > best_gain + MIN_GAIN {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best] += ki;
            if best != current {
                comm[i] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            return (comm, moved_any);
        }
    }
}

/// Collapses each community into one node.
fn aggregate(level: &Level, comm: &[usize], k: usize) -> Level {
    let mut inner = vec![0.0; k];
    let mut links: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); k];
    for (i, row) in level.adj.iter().enumerate() {
        inner[comm[i]] += level.inner[i];
        for &(j, w) in row {
            let (ci, cj) = (comm[i], comm[j]);
            if ci == cj {
                // Each internal edge is seen from both ends.
                inner[ci] += w / 2.0;
            } else {
                *links[ci].entry(cj).or_default() += w;
            }
        }
    }
    Level { adj: links.into_iter().map(|m| m.into_iter().collect()).collect(), inner }
}

/// Weighted modularity with resolution 1, as `nx.community.modularity`;
/// 0 for a graph without edges.
pub(crate) fn modularity(adj: &[Vec<(usize, f64)>], labels: &[usize]) -> f64 {
    let degree: Vec<f64> = adj.iter().map(|row| row.iter().map(|&(_, w)| w).sum()).collect();
    let two_m: f64 = degree.iter().sum();
    if two_m == 0.0 {
        return 0.0;
    }
    let k = labels.iter().max().map_or(0, |&m| m + 1);
    let (mut internal, mut total) = (vec![0.0; k], vec![0.0; k]);
    for (i, row) in adj.iter().enumerate() {
        total[labels[i]] += degree[i];
        for &(j, w) in row {
            if labels[i] == labels[j] {
                internal[labels[i]] += w; // counted from both ends: 2·L_c
            }
        }
    }
    let m = two_m / 2.0;
    (0..k).map(|c| internal[c] / 2.0 / m - (total[c] / two_m).powi(2)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undirected(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Vec<(usize, f64)>> {
        let mut adj = vec![Vec::new(); n];
        for &(a, b, w) in edges {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
        adj
    }

    #[test]
    fn two_triangles_split_at_the_bridge() {
        let adj = undirected(
            6,
            &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0)],
        );
        let labels = louvain(&adj);
        assert_eq!(labels, vec![0, 0, 0, 1, 1, 1]);
        // nx.community.modularity(G, [{0,1,2},{3,4,5}]) = 0.35714285714285715
        assert!((modularity(&adj, &labels) - 0.35714285714285715).abs() < 1e-12);
    }

    #[test]
    fn edgeless_graph_keeps_singletons() {
        let adj = undirected(3, &[]);
        assert_eq!(louvain(&adj), vec![0, 1, 2]);
        assert_eq!(modularity(&adj, &[0, 1, 2]), 0.0);
    }
}
