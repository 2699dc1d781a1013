//! The two graphs every analytic starts from: the two-mode department–task
//! graph of the whole catalog (edges carry role and rank), and the scoped
//! one-mode co-assignment graph projected from it.
//!
//! Both are private to `graph`: node `i` of a [`Net`] graph is actor `i`, and
//! callers outside this module only ever see actors, never indices.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::model::{Catalog, Category, DepartmentId, Role, TaskId};

use super::{Actor, ActorKey, Scope};

/// A node of the two-mode graph: a position in `catalog.departments` or in
/// `catalog.tasks`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TwoModeNode {
    Department(usize),
    Task(usize),
}

/// An assignment edge of the two-mode graph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AssignmentEdge {
    pub role: Role,
    pub rank: u16,
}

/// The department–task graph of the whole catalog.
pub(crate) struct TwoMode {
    pub graph: UnGraph<TwoModeNode, AssignmentEdge>,
    /// Node of each task, by position in `catalog.tasks`.
    pub task_nodes: Vec<NodeIndex>,
}

impl TwoMode {
    /// Arguments: the catalog. Returns: the bipartite graph; assignments
    /// naming an unknown task or department are skipped.
    /// Complexity: O(D + T + A).
    pub fn build(catalog: &Catalog) -> TwoMode {
        let mut graph = UnGraph::with_capacity(
            catalog.departments.len() + catalog.tasks.len(),
            catalog.assignments.len(),
        );
        let mut dept_nodes: HashMap<DepartmentId, NodeIndex> = HashMap::new();
        for (i, d) in catalog.departments.iter().enumerate() {
            dept_nodes.insert(d.id, graph.add_node(TwoModeNode::Department(i)));
        }
        let mut task_nodes = Vec::with_capacity(catalog.tasks.len());
        let mut task_pos: HashMap<TaskId, NodeIndex> = HashMap::new();
        for (i, t) in catalog.tasks.iter().enumerate() {
            let n = graph.add_node(TwoModeNode::Task(i));
            task_nodes.push(n);
            task_pos.insert(t.id, n);
        }
        for a in &catalog.assignments {
            if let (Some(&t), Some(&d)) = (task_pos.get(&a.task), dept_nodes.get(&a.department)) {
                graph.add_edge(d, t, AssignmentEdge { role: a.role, rank: a.rank });
            }
        }
        TwoMode { graph, task_nodes }
    }
}

/// How an actor takes part in one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    /// Position in [`Net::tasks`].
    pub task: usize,
    pub lead: bool,
    /// Rank 1 of the lead cell.
    pub primary: bool,
}

/// A co-assignment edge: the tasks two actors share and how.
#[derive(Debug, Clone, Default)]
pub(crate) struct Link {
    /// Positions in [`Net::tasks`], ascending.
    pub tasks: Vec<usize>,
    pub lead_lead: u32,
    pub lead_support: u32,
    pub support_support: u32,
}

impl Link {
    pub fn weight(&self) -> u32 {
        self.tasks.len() as u32
    }
}

/// The one-mode co-assignment network of a scope.
pub(crate) struct Net {
    pub scope: Scope,
    /// Actors taking part in at least one task in scope, in catalog order
    /// (departments) or category order (merged).
    pub actors: Vec<Actor>,
    pub index: HashMap<ActorKey, usize>,
    /// All tasks of the cities in scope, assigned or not.
    pub tasks: Vec<TaskId>,
    /// Participation of each actor, by task ascending.
    pub parts: Vec<Vec<Part>>,
    /// Node `i` is actor `i`; edge weight is [`Link::weight`].
    pub graph: UnGraph<(), Link>,
}

impl Net {
    /// Arguments: the catalog, its two-mode graph and a validated scope.
    /// Returns: the projection onto actors. Complexity: O(A + Σ_t k_t²) where
    /// k_t is the number of actors in task t.
    pub fn build(catalog: &Catalog, two_mode: &TwoMode, scope: &Scope) -> Net {
        let key_of = |dept: usize| -> ActorKey {
            let d = &catalog.departments[dept];
            if scope.merge_by_category() {
                ActorKey::Category(d.category)
            } else {
                ActorKey::Department(d.id)
            }
        };
        // Pass one: each task's actors with their strongest role.
        let mut tasks = Vec::new();
        let mut per_task: Vec<BTreeMap<(usize, ActorKey), (bool, bool)>> = Vec::new();
        for &node in &two_mode.task_nodes {
            let TwoModeNode::Task(pos) = two_mode.graph[node] else { continue };
            let task = &catalog.tasks[pos];
            if !scope.contains(task.city) {
                continue;
            }
            let mut actors: BTreeMap<(usize, ActorKey), (bool, bool)> = BTreeMap::new();
            for e in two_mode.graph.edges(node) {
                let TwoModeNode::Department(dept) = two_mode.graph[e.target()] else { continue };
                let key = key_of(dept);
                // Order actors by catalog position (departments) or category.
                let order = match key {
                    ActorKey::Department(_) => dept,
                    ActorKey::Category(c) => category_order(c),
                };
                let w = e.weight();
                let entry = actors.entry((order, key)).or_insert((false, false));
                entry.0 |= w.role == Role::Lead;
                entry.1 |= w.role == Role::Lead && w.rank == 1;
            }
            tasks.push(task.id);
            per_task.push(actors);
        }
        // Pass two: actors in a deterministic order.
        let mut ordered: Vec<(usize, ActorKey)> = per_task.iter().flat_map(|m| m.keys().copied()).collect();
        ordered.sort();
        ordered.dedup();
        let actors: Vec<Actor> = ordered.iter().map(|&(_, k)| describe(catalog, k)).collect();
        let index: HashMap<ActorKey, usize> = ordered.iter().enumerate().map(|(i, &(_, k))| (k, i)).collect();
        // Pass three: participation and links.
        let mut parts = vec![Vec::new(); actors.len()];
        let mut links: BTreeMap<(usize, usize), Link> = BTreeMap::new();
        for (t, members) in per_task.iter().enumerate() {
            let members: Vec<(usize, bool, bool)> =
                members.iter().map(|((_, k), &(lead, primary))| (index[k], lead, primary)).collect();
            for &(a, lead, primary) in &members {
                parts[a].push(Part { task: t, lead, primary });
            }
            for (i, &(a, lead_a, _)) in members.iter().enumerate() {
                for &(b, lead_b, _) in &members[i + 1..] {
                    let link = links.entry((a.min(b), a.max(b))).or_default();
                    link.tasks.push(t);
                    match (lead_a, lead_b) {
                        (true, true) => link.lead_lead += 1,
                        (false, false) => link.support_support += 1,
                        _ => link.lead_support += 1,
                    }
                }
            }
        }
        let mut graph = UnGraph::with_capacity(actors.len(), links.len());
        for _ in &actors {
            graph.add_node(());
        }
        for ((a, b), link) in links {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), link);
        }
        Net { scope: scope.clone(), actors, index, tasks, parts, graph }
    }

    pub fn node_count(&self) -> usize {
        self.actors.len()
    }

    /// The link between actors `a` and `b`, if they share a task.
    pub fn link(&self, a: usize, b: usize) -> Option<&Link> {
        self.graph.find_edge(NodeIndex::new(a), NodeIndex::new(b)).map(|e| &self.graph[e])
    }

    /// Neighbours of actor `a` with the link to each, ascending by actor.
    pub fn neighbours(&self, a: usize) -> Vec<(usize, &Link)> {
        let mut v: Vec<(usize, &Link)> =
            self.graph.edges(NodeIndex::new(a)).map(|e| (e.target().index(), e.weight())).collect();
        v.sort_by_key(|&(b, _)| b);
        v
    }

    /// Counts of an actor's parts: (primary lead, lead, support, total).
    pub fn counts(&self, a: usize) -> (u32, u32, u32, u32) {
        let parts = &self.parts[a];
        let lead = parts.iter().filter(|p| p.lead).count() as u32;
        let primary = parts.iter().filter(|p| p.primary).count() as u32;
        (primary, lead, parts.len() as u32 - lead, parts.len() as u32)
    }
}

fn category_order(c: Category) -> usize {
    Category::ALL.iter().position(|&x| x == c).unwrap_or(usize::MAX)
}

/// An [`Actor`] for a key; unknown departments get their id as name.
pub(crate) fn describe(catalog: &Catalog, key: ActorKey) -> Actor {
    match key {
        ActorKey::Department(id) => {
            let dept = catalog.department(id);
            let city = dept.and_then(|d| catalog.city(d.city));
            Actor {
                id: key.to_string(),
                key,
                name: dept.map_or_else(|| id.to_string(), |d| d.name.clone()),
                category: dept.map_or(Category::Other, |d| d.category),
                city: dept.map(|d| d.city),
                city_name: city.map(|c| c.name.clone()),
            }
        }
        ActorKey::Category(c) => Actor {
            id: key.to_string(),
            key,
            name: c.label().to_owned(),
            category: c,
            city: None,
            city_name: None,
        },
    }
}
