//! The co-assignment graph as plain nodes and weighted edges for drawing,
//! and as GraphML, GEXF 1.3 and CSV edge-list text for other tools.
//!
//! Exports are built as `String`s; writing files or HTTP responses is the
//! caller's business.

use std::fmt::Write;

use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::model::{Category, PlaceId};

use super::{ActorKey, GraphError, Scope, Views};

/// A node for a force-directed drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkNode {
    /// Department id (`U…`) or `category:<code>`.
    pub id: String,
    pub key: ActorKey,
    pub name: String,
    pub category: Category,
    pub place: Option<PlaceId>,
    pub place_name: Option<String>,
    /// Tasks as rank 1 lead.
    pub primary_lead: u32,
    /// Tasks as any lead.
    pub lead: u32,
    /// Tasks as support only.
    pub support: u32,
    /// Tasks in any role.
    pub tasks: u32,
    /// Other nodes sharing at least one task (the degree in the whole
    /// graph, whatever `min_weight` leaves out).
    pub distinct_partners: u32,
}

/// An undirected weighted edge between two nodes sharing tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkEdge {
    pub source: String,
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

/// The co-assignment graph of a scope, ready to draw or export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub scope: Scope,
    /// Edges lighter than this were left out.
    pub min_weight: u32,
    /// Every actor of the scope, even when all its edges were left out.
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}

impl Views {
    /// The graph of a scope for drawing.
    ///
    /// Arguments: scope and the smallest edge weight (shared tasks) to keep;
    /// 0 or 1 keeps every edge. Returns: nodes in actor order, edges in
    /// node order. Complexity: O(V + E).
    pub fn network(&self, scope: &Scope, min_weight: u32) -> Result<Network, GraphError> {
        let net = self.net(scope)?;
        let nodes = net
            .actors
            .iter()
            .enumerate()
            .map(|(a, actor)| {
                let (primary_lead, lead, support, tasks) = net.counts(a);
                NetworkNode {
                    id: actor.id.clone(),
                    key: actor.key,
                    name: actor.name.clone(),
                    category: actor.category,
                    place: actor.place,
                    place_name: actor.place_name.clone(),
                    primary_lead,
                    lead,
                    support,
                    tasks,
                    distinct_partners: net.graph.neighbors(petgraph::graph::NodeIndex::new(a)).count() as u32,
                }
            })
            .collect();
        let edges = net
            .graph
            .edge_references()
            .filter(|e| e.weight().weight() >= min_weight)
            .map(|e| {
                let l = e.weight();
                NetworkEdge {
                    source: net.actors[e.source().index()].id.clone(),
                    target: net.actors[e.target().index()].id.clone(),
                    weight: l.weight(),
                    lead_lead: l.lead_lead,
                    lead_support: l.lead_support,
                    support_support: l.support_support,
                }
            })
            .collect();
        Ok(Network { scope: scope.clone(), min_weight, nodes, edges })
    }
}

const NODE_INTS: [&str; 4] = ["primary_lead", "lead", "support", "tasks"];
const EDGE_INTS: [&str; 3] = ["lead_lead", "lead_support", "support_support"];

impl NetworkNode {
    fn strings(&self) -> [(&'static str, Option<&str>); 3] {
        [
            ("name", Some(&self.name)),
            ("place", self.place_name.as_deref()),
            ("category", Some(self.category.code())),
        ]
    }

    fn ints(&self) -> [u32; 4] {
        [self.primary_lead, self.lead, self.support, self.tasks]
    }
}

impl NetworkEdge {
    fn ints(&self) -> [u32; 3] {
        [self.lead_lead, self.lead_support, self.support_support]
    }
}

impl Network {
    /// GraphML (undirected). Node attributes `name`, `place` (absent for
    /// category nodes), `category` (code), `primary_lead`, `lead`,
    /// `support`, `tasks`; edge attributes `weight`, `lead_lead`,
    /// `lead_support`, `support_support`. Readable by `nx.read_graphml`.
    pub fn to_graphml(&self) -> String {
        let mut s = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
            "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
            "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        ));
        for key in ["name", "place", "category"] {
            let _ =
                writeln!(s, "  <key id=\"{key}\" for=\"node\" attr.name=\"{key}\" attr.type=\"string\"/>");
        }
        for key in NODE_INTS {
            let _ = writeln!(s, "  <key id=\"{key}\" for=\"node\" attr.name=\"{key}\" attr.type=\"int\"/>");
        }
        for key in std::iter::once("weight").chain(EDGE_INTS) {
            let _ = writeln!(s, "  <key id=\"e_{key}\" for=\"edge\" attr.name=\"{key}\" attr.type=\"int\"/>");
        }
        s.push_str("  <graph id=\"G\" edgedefault=\"undirected\">\n");
        for n in &self.nodes {
            let _ = writeln!(s, "    <node id=\"{}\">", xml(&n.id));
            for (key, value) in n.strings() {
                if let Some(v) = value {
                    let _ = writeln!(s, "      <data key=\"{key}\">{}</data>", xml(v));
                }
            }
            for (key, v) in NODE_INTS.iter().zip(n.ints()) {
                let _ = writeln!(s, "      <data key=\"{key}\">{v}</data>");
            }
            s.push_str("    </node>\n");
        }
        for e in &self.edges {
            let _ = writeln!(s, "    <edge source=\"{}\" target=\"{}\">", xml(&e.source), xml(&e.target));
            let _ = writeln!(s, "      <data key=\"e_weight\">{}</data>", e.weight);
            for (key, v) in EDGE_INTS.iter().zip(e.ints()) {
                let _ = writeln!(s, "      <data key=\"e_{key}\">{v}</data>");
            }
            s.push_str("    </edge>\n");
        }
        s.push_str("  </graph>\n</graphml>\n");
        s
    }

    /// GEXF 1.3 (static, undirected). Node label is the name; attributes as
    /// in [`Network::to_graphml`]; edge `weight` is the GEXF edge weight.
    /// Readable by `nx.read_gexf` and Gephi.
    pub fn to_gexf(&self) -> String {
        let mut s = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<gexf xmlns=\"http://gexf.net/1.3\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
            "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
            "  <meta><creator>dutygraph</creator><description>department co-assignment network</description></meta>\n",
            "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n",
            "    <attributes class=\"node\" mode=\"static\">\n",
        ));
        let node_attrs = ["name", "place", "category"].into_iter().map(|k| (k, "string"));
        let node_attrs = node_attrs.chain(NODE_INTS.into_iter().map(|k| (k, "integer")));
        for (id, (title, ty)) in node_attrs.enumerate() {
            let _ = writeln!(s, "      <attribute id=\"{id}\" title=\"{title}\" type=\"{ty}\"/>");
        }
        s.push_str("    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
        for (id, title) in EDGE_INTS.iter().enumerate() {
            let _ = writeln!(s, "      <attribute id=\"{id}\" title=\"{title}\" type=\"integer\"/>");
        }
        s.push_str("    </attributes>\n    <nodes>\n");
        for n in &self.nodes {
            let _ = writeln!(s, "      <node id=\"{}\" label=\"{}\">", xml(&n.id), xml(&n.name));
            s.push_str("        <attvalues>\n");
            for (id, (_, value)) in n.strings().into_iter().enumerate() {
                if let Some(v) = value {
                    let _ = writeln!(s, "          <attvalue for=\"{id}\" value=\"{}\"/>", xml(v));
                }
            }
            for (id, v) in n.ints().into_iter().enumerate() {
                let _ = writeln!(s, "          <attvalue for=\"{}\" value=\"{v}\"/>", id + 3);
            }
            s.push_str("        </attvalues>\n      </node>\n");
        }
        s.push_str("    </nodes>\n    <edges>\n");
        for (i, e) in self.edges.iter().enumerate() {
            let _ = writeln!(
                s,
                "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
                xml(&e.source),
                xml(&e.target),
                e.weight
            );
            s.push_str("        <attvalues>\n");
            for (id, v) in e.ints().into_iter().enumerate() {
                let _ = writeln!(s, "          <attvalue for=\"{id}\" value=\"{v}\"/>");
            }
            s.push_str("        </attvalues>\n      </edge>\n");
        }
        s.push_str("    </edges>\n  </graph>\n</gexf>\n");
        s
    }

    /// CSV edge list (RFC 4180, header row): `source,target,source_name,
    /// target_name,weight,lead_lead,lead_support,support_support`.
    pub fn to_csv(&self) -> String {
        let name_of = |id: &str| self.nodes.iter().find(|n| n.id == id).map_or("", |n| n.name.as_str());
        let mut s = String::from(
            "source,target,source_name,target_name,weight,lead_lead,lead_support,support_support\n",
        );
        for e in &self.edges {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{}",
                csv(&e.source),
                csv(&e.target),
                csv(name_of(&e.source)),
                csv(name_of(&e.target)),
                e.weight,
                e.lead_lead,
                e.lead_support,
                e.support_support
            );
        }
        s
    }
}

/// XML text/attribute escaping; drops characters XML 1.0 forbids.
pub(super) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Quotes a CSV field when it holds a comma, quote or line break.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_csv_specials() {
        assert_eq!(xml("a<b & \"c\" 'd'>\u{1}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(csv("市民政局"), "市民政局");
        assert_eq!(csv("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
