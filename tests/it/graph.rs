//! Properties of the graph analytics on random small catalogs, and the
//! memoisation contract of `Views`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use dutygraph::graph::fixture::CatalogBuilder;
use dutygraph::graph::{Measure, RankBy, RankingOptions, Scope, Views};
use dutygraph::model::{Catalog, Role};
use proptest::prelude::*;

/// A task: its place and its units as (department number, is lead).
type RandomTask = (usize, Vec<(usize, bool)>);

fn random_tasks() -> impl Strategy<Value = Vec<RandomTask>> {
    let task = (0..2usize, prop::collection::vec((0..7usize, any::<bool>()), 0..5));
    prop::collection::vec(task, 0..14)
}

fn build(tasks: &[RandomTask]) -> Catalog {
    let mut b = CatalogBuilder::new();
    for (place, units) in tasks {
        let place = format!("城{place}");
        let names = |lead: bool| -> Vec<String> {
            let mut seen = BTreeSet::new();
            units.iter().filter(|u| u.1 == lead && seen.insert(u.0)).map(|u| format!("部门{}", u.0)).collect()
        };
        let (leads, supports) = (names(true), names(false));
        let leads: Vec<&str> = leads.iter().map(String::as_str).collect();
        let supports: Vec<&str> = supports.iter().map(String::as_str).collect();
        b.task(&place, &leads, &supports);
    }
    b.build()
}

fn scopes() -> [Scope; 2] {
    [Scope::all(), Scope::all().merged_by_category()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn pagerank_sums_to_one(tasks in random_tasks()) {
        let views = Views::build(Arc::new(build(&tasks)));
        for scope in scopes() {
            let pr = views.centrality(&scope, Measure::PageRank).unwrap();
            if pr.node_count > 0 {
                let sum: f64 = pr.scores.iter().map(|s| s.value).sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "sum {sum}");
            }
        }
    }

    #[test]
    fn measures_are_finite_and_betweenness_within_unit_interval(tasks in random_tasks()) {
        let views = Views::build(Arc::new(build(&tasks)));
        for &m in Measure::ALL {
            // Eigenvector may fail to converge exactly where NetworkX raises.
            let Ok(scores) = views.centrality(&Scope::all(), m) else { continue };
            for s in &scores.scores {
                prop_assert!(s.value.is_finite() && s.value >= 0.0, "{m}: {}", s.value);
                if m != Measure::WeightedDegree {
                    prop_assert!(s.value <= 1.0 + 1e-12, "{m}: {}", s.value);
                }
            }
        }
    }

    #[test]
    fn jaccard_is_symmetric_and_bounded(tasks in random_tasks()) {
        let catalog = build(&tasks);
        let ids: Vec<_> = catalog.departments().iter().map(|d| d.id).collect();
        let views = Views::build(Arc::new(catalog));
        for &a in &ids {
            for &b in &ids {
                let ab = views.overlap(a, b).unwrap();
                let ba = views.overlap(b, a).unwrap();
                prop_assert_eq!(ab.jaccard, ba.jaccard);
                prop_assert_eq!(ab.shared_tasks, ba.shared_tasks);
                prop_assert!((0.0..=1.0).contains(&ab.jaccard));
                prop_assert!((0.0..=1.0).contains(&ab.overlap_coefficient));
                prop_assert!(ab.jaccard <= ab.overlap_coefficient);
                prop_assert_eq!(ab.role_pairs.lead_support, ba.role_pairs.support_lead);
            }
        }
    }

    #[test]
    fn components_partition_the_nodes(tasks in random_tasks()) {
        let views = Views::build(Arc::new(build(&tasks)));
        for scope in scopes() {
            let nodes = views.network(&scope, 0).unwrap().nodes;
            let components = views.components(&scope).unwrap();
            let mut seen = HashSet::new();
            for c in &components.components {
                prop_assert!(!c.is_empty());
                for actor in c {
                    prop_assert!(seen.insert(actor.id.clone()), "{} in two components", actor.id);
                }
            }
            let all: HashSet<String> = nodes.into_iter().map(|n| n.id).collect();
            prop_assert_eq!(seen, all);
        }
    }

    #[test]
    fn rankings_agree_with_counts_from_the_catalog(tasks in random_tasks()) {
        let catalog = build(&tasks);
        // Independent count: distinct tasks per department and role.
        let mut lead: HashMap<String, BTreeSet<_>> = HashMap::new();
        let mut any: HashMap<String, BTreeSet<_>> = HashMap::new();
        for a in catalog.assignments() {
            let id = a.department.to_string();
            any.entry(id.clone()).or_default().insert(a.task);
            if a.role == Role::Lead {
                lead.entry(id).or_default().insert(a.task);
            }
        }
        let views = Views::build(Arc::new(catalog));
        for (by, expected) in [(RankBy::Lead, &lead), (RankBy::Total, &any)] {
            let r = views.ranking(&Scope::all(), &RankingOptions::by(by)).unwrap();
            prop_assert_eq!(r.entries.len(), any.len());
            for (i, e) in r.entries.iter().enumerate() {
                let want = expected.get(&e.actor.id).map_or(0, BTreeSet::len) as u32;
                prop_assert_eq!(e.count, want);
                let higher = r.entries.iter().filter(|x| x.count > e.count).count() as u32;
                prop_assert_eq!(e.rank, higher + 1);
                if i > 0 {
                    prop_assert!(r.entries[i - 1].count >= e.count);
                }
                prop_assert_eq!(e.total, e.lead + e.support);
                prop_assert!(e.primary_lead <= e.lead);
            }
        }
    }
}

#[test]
fn concurrent_identical_centrality_queries_compute_once() {
    let tasks: Vec<RandomTask> = (0..20)
        .map(|i| (i % 2, vec![(i % 7, true), ((i * 3 + 1) % 7, false), ((i + 2) % 7, false)]))
        .collect();
    let views = Views::build(Arc::new(build(&tasks)));
    let scope = Scope::all();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| views.centrality(&scope, Measure::Betweenness).unwrap());
        }
    });
    // One network and one betweenness, however many threads asked.
    assert_eq!(views.computations(), 2);
    let before = views.computations();
    let again = views.centrality(&scope, Measure::Betweenness).unwrap();
    assert_eq!(views.computations(), before);
    assert!(again.scores.iter().all(|s| (0.0..=1.0).contains(&s.value)));
}
