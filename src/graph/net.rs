//! The graph every analytic starts from: the scoped one-mode co-assignment
//! graph, projected from the department–task assignments of the catalog
//! (the two-mode graph, which the catalog's sorted assignments already are).
//!
//! Both are private to `graph`: node `i` of a [`Net`] graph is actor `i`, and
//! callers outside this module only ever see actors, never indices.

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::model::{Catalog, Category, Role, TaskId};

use super::{Actor, ActorKey, Scope};

/// An actor of one task while a [`Net`] is built.
#[derive(Debug, Clone, Copy)]
struct Member {
    order: usize,
    key: ActorKey,
    lead: bool,
    primary: bool,
}

/// Positions in `catalog.tasks` of the tasks of the places in scope,
/// ascending. A place's tasks are found through its documents, since tasks
/// are sorted by document and each document belongs to one place.
fn scope_tasks(catalog: &Catalog, scope: &Scope) -> Vec<usize> {
    let Some(places) = scope.place_ids() else {
        return (0..catalog.tasks().len()).collect();
    };
    let mut positions = Vec::new();
    for &place in places {
        for doc in catalog.place_documents(place) {
            let start = catalog.tasks().partition_point(|t| t.id.document < doc.id);
            let len = catalog.tasks()[start..].partition_point(|t| t.id.document == doc.id);
            // The store keeps a task's place equal to its document's; the
            // check keeps the scope exact even for a catalog built otherwise.
            positions.extend((start..start + len).filter(|&p| scope.contains(catalog.tasks()[p].place)));
        }
    }
    positions.sort_unstable();
    positions
}

/// How an actor takes part in one task. Positions are `u32` (a catalog
/// holds fewer than 2^32 records), so a part is 8 bytes: the networks hold
/// one per assignment, three times over (place, all places, merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    /// Position in [`Net::tasks`].
    pub task: u32,
    pub lead: bool,
    /// Rank 1 of the lead cell.
    pub primary: bool,
}

/// A co-assignment edge: the tasks two actors share and how.
#[derive(Debug, Clone, Default)]
pub(crate) struct Link {
    /// Positions in [`Net::tasks`], ascending; boxed, not a `Vec`, to keep
    /// one word and no spare capacity per edge.
    pub tasks: Box<[u32]>,
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
    /// All tasks of the places in scope, assigned or not.
    pub tasks: Vec<TaskId>,
    /// Participation of each actor, by task ascending.
    pub parts: Vec<Box<[Part]>>,
    /// Node `i` is actor `i`; edge weight is [`Link::weight`].
    pub graph: UnGraph<(), Link>,
}

impl Net {
    /// Arguments: the catalog and a validated scope.
    /// Returns: the projection onto actors. Complexity: O(A log A + P log P)
    /// over the tasks in scope, where P = Σ_t k_t² for k_t actors in task t.
    pub fn build(catalog: &Catalog, scope: &Scope) -> Net {
        let key_of = |dept: usize| -> ActorKey {
            let d = &catalog.departments()[dept];
            if scope.merge_by_category() {
                ActorKey::Category(d.category)
            } else {
                ActorKey::Department(d.id)
            }
        };
        // Pass one: each task's actors with their strongest role, ordered by
        // catalog position (departments) or category. Only the tasks of the
        // places in scope are visited, so a one-place net costs that place.
        let positions = scope_tasks(catalog, scope);
        let mut tasks = Vec::with_capacity(positions.len());
        let mut per_task: Vec<Vec<Member>> = Vec::with_capacity(positions.len());
        for pos in positions {
            let task = &catalog.tasks()[pos];
            let mut actors: Vec<Member> = Vec::new();
            for a in catalog.task_assignments(task.id) {
                let Some(dept) = catalog.department_position(a.department) else { continue };
                let key = key_of(dept);
                let order = match key {
                    ActorKey::Department(_) => dept,
                    ActorKey::Category(c) => category_order(c),
                };
                let lead = a.role == Role::Lead;
                actors.push(Member { order, key, lead, primary: lead && a.rank == 1 });
            }
            actors.sort_by_key(|m| (m.order, m.key));
            actors.dedup_by(|next, kept| {
                let same = (next.order, next.key) == (kept.order, kept.key);
                if same {
                    kept.lead |= next.lead;
                    kept.primary |= next.primary;
                }
                same
            });
            tasks.push(task.id);
            per_task.push(actors);
        }
        // Pass two: actors in a deterministic order.
        let mut ordered: Vec<(usize, ActorKey)> =
            per_task.iter().flat_map(|m| m.iter().map(|m| (m.order, m.key))).collect();
        ordered.sort_unstable();
        ordered.dedup();
        let actors: Vec<Actor> = ordered.iter().map(|&(_, k)| describe(catalog, k)).collect();
        let index: HashMap<ActorKey, usize> = ordered.iter().enumerate().map(|(i, &(_, k))| (k, i)).collect();
        // Pass three: participation, and every co-assignment as a
        // (pair, task, roles) record; sorting the records groups them by
        // link, which is much cheaper than a map of links at 1000× scale.
        let mut parts: Vec<Vec<Part>> = vec![Vec::new(); actors.len()];
        let mut pairs: Vec<(u32, u32, u32, u8)> = Vec::new();
        let mut members: Vec<(usize, bool)> = Vec::new();
        for (t, task_actors) in per_task.iter().enumerate() {
            members.clear();
            for m in task_actors {
                let a = index[&m.key];
                parts[a].push(Part { task: t as u32, lead: m.lead, primary: m.primary });
                members.push((a, m.lead));
            }
            for (i, &(a, lead_a)) in members.iter().enumerate() {
                for &(b, lead_b) in &members[i + 1..] {
                    let roles = u8::from(lead_a) + u8::from(lead_b);
                    pairs.push((a.min(b) as u32, a.max(b) as u32, t as u32, roles));
                }
            }
        }
        drop(per_task);
        let parts: Vec<Box<[Part]>> = parts.into_iter().map(Vec::into_boxed_slice).collect();
        pairs.sort_unstable();
        let mut graph = UnGraph::with_capacity(actors.len(), 0);
        for _ in &actors {
            graph.add_node(());
        }
        let mut rest = &pairs[..];
        while let Some(&(a, b, _, _)) = rest.first() {
            let len = rest.partition_point(|p| (p.0, p.1) == (a, b));
            let mut link = Link { tasks: rest[..len].iter().map(|p| p.2).collect(), ..Link::default() };
            for &(_, _, _, roles) in &rest[..len] {
                match roles {
                    2 => link.lead_lead += 1,
                    0 => link.support_support += 1,
                    _ => link.lead_support += 1,
                }
            }
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), link);
            rest = &rest[len..];
        }
        Net { scope: scope.clone(), actors, index, tasks, parts, graph }
    }

    /// The all-places network as the disjoint union of one-place networks,
    /// which is what [`Net::build`] gives for [`Scope::all`]: departments
    /// belong to one place, so no link crosses places; departments are sorted
    /// by place, so the actors are the places' actors one place after another.
    /// Copying is much cheaper than projecting again, and after one ingest
    /// all but one place network are reused.
    ///
    /// Arguments: the catalog and the department-level network of every place
    /// of it, in place id order. Returns: `None` when the places' tasks are
    /// not exactly the catalog's (then build instead). Complexity: O(V + E +
    /// A + T log T).
    pub fn union_of_places(catalog: &Catalog, places: &[Arc<Net>]) -> Option<Net> {
        if places.iter().map(|n| n.tasks.len()).sum::<usize>() != catalog.tasks().len() {
            return None;
        }
        let nodes = places.iter().map(|n| n.actors.len()).sum();
        let mut actors = Vec::with_capacity(nodes);
        let mut parts = Vec::with_capacity(nodes);
        let mut graph = UnGraph::with_capacity(nodes, places.iter().map(|n| n.graph.edge_count()).sum());
        for net in places {
            let offset = actors.len();
            let global =
                net.tasks.iter().map(|id| catalog.task_position(*id)).collect::<Option<Vec<u32>>>()?;
            actors.extend(net.actors.iter().cloned());
            parts.extend(
                net.parts
                    .iter()
                    .map(|ps| ps.iter().map(|p| Part { task: global[p.task as usize], ..*p }).collect()),
            );
            for _ in &net.actors {
                graph.add_node(());
            }
            // Edge indices are in (a, b) order in every net, so appending
            // keeps the union's edges in (a, b) order too.
            for e in net.graph.edge_references() {
                let l = e.weight();
                let link = Link { tasks: l.tasks.iter().map(|&t| global[t as usize]).collect(), ..*l };
                let (a, b) = (offset + e.source().index(), offset + e.target().index());
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), link);
            }
        }
        let index = actors.iter().enumerate().map(|(i, a)| (a.key, i)).collect();
        let tasks = catalog.tasks().iter().map(|t| t.id).collect();
        Some(Net { scope: Scope::all(), actors, index, tasks, parts, graph })
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
            let place = dept.and_then(|d| catalog.place(d.place));
            Actor {
                id: key.to_string(),
                key,
                name: dept.map_or_else(|| id.to_string(), |d| d.name.clone()),
                category: dept.map_or(Category::Other, |d| d.category),
                place: dept.map(|d| d.place),
                place_name: place.map(|c| c.name.clone()),
            }
        }
        ActorKey::Category(c) => Actor {
            id: key.to_string(),
            key,
            name: c.label().to_owned(),
            category: c,
            place: None,
            place_name: None,
        },
    }
}
