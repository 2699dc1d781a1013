//! The two-mode department–task graph of a scope: departments and tasks as
//! the two node sets, one edge per assignment carrying its role and rank.
//! This is the network the one-mode co-assignment graphs are projected from;
//! researchers who analyse affiliation networks themselves (UCINET, Gephi's
//! bipartite layouts, `networkx.bipartite`) take it as GraphML.
//!
//! It is built on request, not kept in `Views`: no analytic needs it, and at
//! 1000× the corpus it has ~900k nodes and edges.

use std::fmt::Write;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::model::{Role, TaskId};

use super::export::xml;
use super::{GraphError, Scope, Views};

enum Node {
    Department { id: String, name: String, place: String, category: &'static str },
    Task { id: String, number: String, text: String },
}

struct Edge {
    role: Role,
    rank: u16,
}

/// The department–task graph of a scope. Departments are never merged by
/// category here: an assignment belongs to one department of one place.
pub struct TwoModeNetwork {
    graph: UnGraph<Node, Edge>,
}

impl Views {
    /// The two-mode graph of the scope's places (all places for the
    /// all-places scope; a merged-by-category scope uses its places too).
    ///
    /// Returns: every task of the scope, every department assigned to one
    /// of them, and one edge per assignment. Complexity: O(T + A) for the
    /// scope's tasks and assignments.
    pub fn two_mode(&self, scope: &Scope) -> Result<TwoModeNetwork, GraphError> {
        scope.validate(self.catalog())?;
        let catalog = self.catalog();
        let in_scope = |place| scope.place_ids().is_none_or(|places| places.contains(&place));
        let mut graph = UnGraph::new_undirected();
        let mut departments = std::collections::HashMap::new();
        let mut tasks: std::collections::HashMap<TaskId, NodeIndex> = std::collections::HashMap::new();
        for task in catalog.tasks().iter().filter(|t| in_scope(t.place)) {
            let node = graph.add_node(Node::Task {
                id: task.id.to_string(),
                number: task.number.as_deref().unwrap_or_default().to_owned(),
                text: task.text.clone(),
            });
            tasks.insert(task.id, node);
        }
        for task in catalog.tasks().iter().filter(|t| in_scope(t.place)) {
            for a in catalog.task_assignments(task.id) {
                let Some(department) = catalog.department(a.department) else { continue };
                let place = catalog.place(department.place).map(|c| c.name.clone()).unwrap_or_default();
                let d = *departments.entry(a.department).or_insert_with(|| {
                    graph.add_node(Node::Department {
                        id: department.id.to_string(),
                        name: department.name.clone(),
                        place,
                        category: department.category.code(),
                    })
                });
                graph.add_edge(d, tasks[&task.id], Edge { role: a.role, rank: a.rank });
            }
        }
        Ok(TwoModeNetwork { graph })
    }
}

impl TwoModeNetwork {
    /// Department nodes.
    pub fn department_count(&self) -> usize {
        self.graph.node_weights().filter(|n| matches!(n, Node::Department { .. })).count()
    }

    /// Task nodes.
    pub fn task_count(&self) -> usize {
        self.graph.node_count() - self.department_count()
    }

    /// Edges: one per assignment.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// GraphML (undirected) readable by `nx.read_graphml`. Node attributes:
    /// `kind` (`department` or `task`, the `bipartite` attribute 0 or 1 as
    /// `networkx.bipartite` expects), `name`, `place`, `category` for
    /// departments, `number` and `text` for tasks; edge attributes `role`
    /// (`lead` or `support`) and `rank` (1 is the primary lead).
    pub fn to_graphml(&self) -> String {
        let mut s = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
            "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <key id=\"bipartite\" for=\"node\" attr.name=\"bipartite\" attr.type=\"int\"/>\n",
            "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n",
            "  <key id=\"place\" for=\"node\" attr.name=\"place\" attr.type=\"string\"/>\n",
            "  <key id=\"category\" for=\"node\" attr.name=\"category\" attr.type=\"string\"/>\n",
            "  <key id=\"number\" for=\"node\" attr.name=\"number\" attr.type=\"string\"/>\n",
            "  <key id=\"text\" for=\"node\" attr.name=\"text\" attr.type=\"string\"/>\n",
            "  <key id=\"role\" for=\"edge\" attr.name=\"role\" attr.type=\"string\"/>\n",
            "  <key id=\"rank\" for=\"edge\" attr.name=\"rank\" attr.type=\"int\"/>\n",
            "  <graph id=\"G\" edgedefault=\"undirected\">\n",
        ));
        let id = |n: &Node| match n {
            Node::Department { id, .. } | Node::Task { id, .. } => id.clone(),
        };
        for node in self.graph.node_weights() {
            let _ = writeln!(s, "    <node id=\"{}\">", xml(&id(node)));
            let data: Vec<(&str, String)> = match node {
                Node::Department { name, place, category, .. } => vec![
                    ("kind", "department".into()),
                    ("bipartite", "0".into()),
                    ("name", name.clone()),
                    ("place", place.clone()),
                    ("category", category.to_string()),
                ],
                Node::Task { number, text, .. } => vec![
                    ("kind", "task".into()),
                    ("bipartite", "1".into()),
                    ("number", number.clone()),
                    ("text", text.clone()),
                ],
            };
            for (key, value) in data {
                let _ = writeln!(s, "      <data key=\"{key}\">{}</data>", xml(&value));
            }
            s.push_str("    </node>\n");
        }
        for edge in self.graph.edge_references() {
            let role = match edge.weight().role {
                Role::Lead => "lead",
                Role::Support => "support",
            };
            let _ = writeln!(
                s,
                "    <edge source=\"{}\" target=\"{}\"><data key=\"role\">{role}</data><data key=\"rank\">{}</data></edge>",
                xml(&id(&self.graph[edge.source()])),
                xml(&id(&self.graph[edge.target()])),
                edge.weight().rank
            );
        }
        s.push_str("  </graph>\n</graphml>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::graph::fixture;

    #[test]
    fn one_node_per_department_and_task_and_one_edge_per_assignment() {
        let catalog = fixture::catalog(&[(&["A", "B"], &["C"]), (&["A"], &[]), (&["C"], &["A"])]);
        let views = Views::build(Arc::new(catalog));
        let two = views.two_mode(&Scope::all()).unwrap();
        assert_eq!((two.department_count(), two.task_count(), two.edge_count()), (3, 3, 6));
        let graphml = two.to_graphml();
        assert_eq!(graphml.matches("<data key=\"role\">lead</data>").count(), 4);
        assert_eq!(graphml.matches("<data key=\"role\">support</data>").count(), 2);
        assert_eq!(graphml.matches("<data key=\"rank\">2</data>").count(), 1);
    }
}
