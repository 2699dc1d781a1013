//! Each measure pinned on small hand-computable graphs. Expected centrality,
//! density and modularity values were computed with NetworkX 3.6.1
//! (`nx.degree_centrality`, `G.degree(weight="weight")`,
//! `nx.betweenness_centrality`, `nx.closeness_centrality`,
//! `nx.eigenvector_centrality`, `nx.pagerank`, `nx.density`,
//! `nx.community.modularity`) on the same graphs and pasted here, so the
//! tests need no Python.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::fixture::{catalog, CatalogBuilder, FIXTURE_CITY};
use super::*;
use crate::model::{Catalog, DepartmentId, PlaceId};

type Rows<'a> = &'a [(&'a [&'a str], &'a [&'a str])];

/// a–b–c–d, one task per link.
const PATH: Rows = &[(&["a"], &["b"]), (&["b"], &["c"]), (&["c"], &["d"])];
/// c in the middle (two tasks with l1), plus x alone in its own task.
const STAR: Rows = &[
    (&["c"], &["l1"]),
    (&["c"], &["l1"]),
    (&["c"], &["l2"]),
    (&["l3"], &["c"]),
    (&["c"], &["l4"]),
    (&["x"], &[]),
];
/// Triangles abc and def joined by the bridge c–d; a–b weighs 3.
const BRIDGE: Rows =
    &[(&["a"], &["b", "c"]), (&["a"], &["b"]), (&["a"], &["b"]), (&["d"], &["e", "f"]), (&["c"], &["d"])];

fn views(rows: Rows) -> Views {
    Views::build(Arc::new(catalog(rows)))
}

fn dept(name: &str) -> DepartmentId {
    DepartmentId::new(PlaceId::from_name(FIXTURE_CITY), name)
}

/// Values by department name, in name order (= the order NetworkX printed).
fn values(v: &Views, measure: Measure) -> Vec<f64> {
    let scores = v.centrality(&Scope::all(), measure).unwrap();
    let by_name: BTreeMap<String, f64> =
        scores.scores.iter().map(|s| (s.actor.name.clone(), s.value)).collect();
    by_name.into_values().collect()
}

fn assert_close(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() < 1e-9, "{what}[{i}]: got {a}, NetworkX says {e}");
    }
}

fn check_all(rows: Rows, expected: [&[f64]; 6]) {
    let v = views(rows);
    for (&m, e) in Measure::ALL.iter().zip(expected) {
        assert_close(&values(&v, m), e, &m.to_string());
    }
}

#[test]
fn centrality_of_a_path_matches_networkx() {
    check_all(
        PATH,
        [
            &[0.3333333333333333, 0.6666666666666666, 0.6666666666666666, 0.3333333333333333],
            &[1.0, 2.0, 2.0, 1.0],
            &[0.0, 0.6666666666666666, 0.6666666666666666, 0.0],
            &[0.5, 0.75, 0.75, 0.5],
            &[0.37174823427120085, 0.6015008315175003, 0.6015008315175004, 0.3717482342712008],
            &[0.17543839772251532, 0.32456160227748454, 0.32456160227748454, 0.17543839772251532],
        ],
    );
}

#[test]
fn centrality_of_a_star_with_an_isolated_node_matches_networkx() {
    check_all(
        STAR,
        [
            &[0.8, 0.2, 0.2, 0.2, 0.2, 0.0],
            &[5.0, 2.0, 1.0, 1.0, 1.0, 0.0],
            &[0.6000000000000001, 0.0, 0.0, 0.0, 0.0, 0.0],
            &[0.8, 0.45714285714285713, 0.45714285714285713, 0.45714285714285713, 0.45714285714285713, 0.0],
            &[
                0.7071069290249633,
                0.3535533166740195,
                0.3535533166740195,
                0.3535533166740195,
                0.3535533166740195,
                2.956769241809852e-07,
            ],
            &[
                0.4618198660045176,
                0.18614584000596004,
                0.10763602679909653,
                0.10763602679909653,
                0.10763602679909653,
                0.02912621359223301,
            ],
        ],
    );
}

#[test]
fn centrality_of_two_triangles_and_a_bridge_matches_networkx() {
    check_all(
        BRIDGE,
        [
            &[0.4, 0.4, 0.6000000000000001, 0.6000000000000001, 0.4, 0.4],
            &[4.0, 4.0, 3.0, 3.0, 2.0, 2.0],
            &[0.0, 0.0, 0.6000000000000001, 0.6000000000000001, 0.0, 0.0],
            &[0.5, 0.5, 0.7142857142857143, 0.7142857142857143, 0.5, 0.5],
            &[
                0.35355343614372076,
                0.35355343614372076,
                0.4999999355819319,
                0.49999993558193184,
                0.35355343614372065,
                0.35355343614372065,
            ],
            &[
                0.19367575785101393,
                0.19367575785101393,
                0.1595590238651641,
                0.18440149725490973,
                0.13434398158894897,
                0.13434398158894897,
            ],
        ],
    );
}

#[test]
fn tiny_graphs_match_networkx_and_never_give_nan() {
    check_all(
        &[(&["a"], &["b"])],
        [
            &[1.0, 1.0],
            &[1.0, 1.0],
            &[0.0, 0.0],
            &[1.0, 1.0],
            &[std::f64::consts::FRAC_1_SQRT_2; 2],
            &[0.5, 0.5],
        ],
    );
    check_all(&[(&["a"], &[])], [&[1.0], &[0.0], &[0.0], &[0.0], &[1.0], &[1.0]]);
    check_all(&[], [&[], &[], &[], &[], &[], &[]]);
    let empty = Views::build(Arc::new(Catalog::default()));
    let s = empty.summary(&Scope::all()).unwrap();
    assert_eq!((s.nodes, s.edges, s.density, s.components), (0, 0, 0.0, 0));
    assert_eq!(empty.communities(&Scope::all()).unwrap().modularity, 0.0);
}

#[test]
fn scores_are_ranked_with_ties() {
    let v = views(PATH);
    let scores = v.centrality(&Scope::all(), Measure::Degree).unwrap();
    let ranks: Vec<(String, u32)> = scores.scores.iter().map(|s| (s.actor.name.clone(), s.rank)).collect();
    assert_eq!(ranks, [("b".into(), 1), ("c".into(), 1), ("a".into(), 3), ("d".into(), 3)]);
}

#[test]
fn repeated_centrality_is_served_from_cache() {
    let v = views(BRIDGE);
    let first = v.centrality(&Scope::all(), Measure::PageRank).unwrap();
    let after_first = v.computations();
    let second = v.centrality(&Scope::all(), Measure::PageRank).unwrap();
    assert_eq!(v.computations(), after_first);
    assert!(Arc::ptr_eq(&first, &second));
    // A different measure on the same scope reuses the network but computes.
    v.centrality(&Scope::all(), Measure::Betweenness).unwrap();
    assert_eq!(v.computations(), after_first + 1);
}

#[test]
fn rankings_use_competition_ranks_and_shares() {
    // Leads: a 3 (2 primary), b 2, c 2, d 1; 6 tasks in all.
    let v = views(&[
        (&["a"], &["d"]),
        (&["a", "b"], &[]),
        (&["c", "a"], &["b"]),
        (&["b"], &["c"]),
        (&["c"], &[]),
        (&["d"], &[]),
    ]);
    let r = v.ranking(&Scope::all(), &RankingOptions::by(RankBy::Lead)).unwrap();
    assert_eq!(r.total_tasks, 6);
    let got: Vec<(&str, u32, u32)> =
        r.entries.iter().map(|e| (e.actor.name.as_str(), e.count, e.rank)).collect();
    assert_eq!(got, [("a", 3, 1), ("b", 2, 2), ("c", 2, 2), ("d", 1, 4)]);
    assert_eq!(r.entries[0].share, 0.5);
    let a = &r.entries[0];
    assert_eq!((a.primary_lead, a.lead, a.support, a.total), (2, 3, 0, 3));
    let primary = v.ranking(&Scope::all(), &RankingOptions::by(RankBy::PrimaryLead)).unwrap();
    let got: Vec<(&str, u32, u32)> =
        primary.entries.iter().map(|e| (e.actor.name.as_str(), e.count, e.rank)).collect();
    assert_eq!(got, [("a", 2, 1), ("c", 2, 1), ("b", 1, 3), ("d", 1, 3)]);
    let support = v.ranking(&Scope::all(), &RankingOptions::by(RankBy::Support)).unwrap();
    assert_eq!(support.entries.iter().map(|e| e.count).collect::<Vec<_>>(), [1, 1, 1, 0]);
}

#[test]
fn coordination_load_counts_roles_partners_and_open_milestones() {
    let mut b = CatalogBuilder::new();
    let t1 = b.task(FIXTURE_CITY, &["a"], &["b", "c"]);
    let t2 = b.task(FIXTURE_CITY, &["d", "a"], &["b"]);
    let t3 = b.task(FIXTURE_CITY, &["b"], &["a"]);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    b.milestone(t1, day(2020, 6, 30)).milestone(t1, day(2020, 12, 31));
    b.milestone(t2, day(2019, 12, 31)).milestone(t3, day(2021, 3, 31));
    let v = Views::build(Arc::new(b.build()));
    let load = v.coordination_load(dept("a"), day(2020, 6, 30), LoadWeights::default()).unwrap();
    assert_eq!((load.primary_lead, load.lead, load.support, load.tasks), (1, 2, 1, 3));
    assert_eq!(load.distinct_partners, 3);
    let partners: Vec<(&str, u32)> =
        load.partners.iter().map(|p| (p.partner.name.as_str(), p.shared_tasks)).collect();
    assert_eq!(partners, [("b", 3), ("c", 1), ("d", 1)]);
    // 2019-12-31 is before today; 2020-06-30 is on today and counts.
    assert_eq!(load.open_milestones, 3);
    assert_eq!(
        load.open_milestones_by_year,
        [YearCount { year: 2020, count: 2 }, YearCount { year: 2021, count: 1 }]
    );
    let quarters: Vec<(i32, u32, u32)> =
        load.open_milestones_by_quarter.iter().map(|q| (q.year, q.quarter, q.count)).collect();
    assert_eq!(quarters, [(2020, 2, 1), (2020, 4, 1), (2021, 1, 1)]);
    assert_eq!(load.score, 3.0 * 1.0 + 2.0 * 1.0 + 1.0 * 1.0 + 0.5 * 3.0);
    let ranking = v.load_ranking(&Scope::all(), day(2020, 1, 1), LoadWeights::default(), Some(2)).unwrap();
    assert_eq!(ranking[0].actor.name, "a");
    assert_eq!(ranking.len(), 2);
}

#[test]
fn overlap_counts_role_pairs_and_similarities() {
    let v = views(BRIDGE);
    let o = v.overlap(dept("a"), dept("c")).unwrap();
    // A = {1, 2, 3}, C = {1, 5}.
    assert_eq!((o.a_tasks, o.b_tasks, o.shared_tasks, o.union_tasks), (3, 2, 1, 4));
    assert_eq!((o.jaccard, o.overlap_coefficient), (0.25, 0.5));
    assert_eq!(
        o.role_pairs,
        RolePairCounts { lead_lead: 0, lead_support: 1, support_lead: 0, support_support: 0 }
    );
    let back = v.overlap(dept("c"), dept("a")).unwrap();
    assert_eq!(back.role_pairs.support_lead, 1);
    assert_eq!(back.jaccard, o.jaccard);
    let none = v.overlap(dept("a"), dept("f")).unwrap();
    assert_eq!((none.shared_tasks, none.jaccard, none.overlap_coefficient), (0, 0.0, 0.0));
    assert!(matches!(v.overlap(dept("a"), dept("zz")), Err(GraphError::UnknownDepartment(_))));
}

#[test]
fn top_partners_and_overlap_matrix() {
    let v = views(BRIDGE);
    let p = v.top_partners(dept("c"), 2).unwrap();
    let got: Vec<(&str, u32)> = p.iter().map(|p| (p.partner.name.as_str(), p.shared_tasks)).collect();
    // a, b and d each share one task with c; a (3 tasks) has the lower
    // Jaccard than d (2 tasks), b likewise: d first, then a (actor order).
    assert_eq!(got, [("d", 1), ("a", 1)]);
    let m = v.overlap_matrix(&Scope::all(), 3).unwrap();
    let names: Vec<&str> = m.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(m.shared, [[3, 3, 1], [3, 3, 1], [1, 1, 2]]);
    assert_eq!(m.jaccard[0][1], 1.0);
    assert_eq!(m.overlap_coefficient[2][0], 0.5);
}

#[test]
fn structure_of_two_triangles_and_a_bridge() {
    let v = views(BRIDGE);
    let s = v.summary(&Scope::all()).unwrap();
    assert_eq!((s.nodes, s.edges, s.tasks, s.components, s.isolated), (6, 7, 5, 1, 0));
    assert!((s.density - 0.4666666666666667).abs() < 1e-12);
    let c = v.communities(&Scope::all()).unwrap();
    let groups: Vec<Vec<&str>> =
        c.communities.iter().map(|c| c.members.iter().map(|a| a.name.as_str()).collect()).collect();
    assert_eq!(groups, [vec!["a", "b", "c"], vec!["d", "e", "f"]]);
    assert_eq!(c.communities[0].internal_weight, 5);
    // nx.community.modularity(G, [{a,b,c},{d,e,f}]) with weights.
    assert!((c.modularity - 0.36419753086419754).abs() < 1e-12);
    let b = v.brokers(&Scope::all(), 5).unwrap();
    let cut: Vec<&str> = b.articulation_points.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(cut, ["c", "d"]);
    assert_eq!(b.top_betweenness.len(), 2);
    let path = v.coordination_path(dept("a"), dept("f")).unwrap().unwrap();
    let chain: Vec<&str> = path.departments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(chain, ["a", "c", "d", "f"]);
    assert_eq!(path.links.len(), 3);
    assert_eq!(path.links[1].shared_tasks.len(), 1);
    assert_eq!(path.links[1].shared_tasks[0].seq, 5);
}

#[test]
fn components_and_paths_in_a_disconnected_graph() {
    let v = views(STAR);
    let c = v.components(&Scope::all()).unwrap();
    let sizes: Vec<usize> = c.components.iter().map(Vec::len).collect();
    assert_eq!(sizes, [5, 1]);
    assert_eq!(v.coordination_path(dept("c"), dept("x")).unwrap(), None);
    let own = v.coordination_path(dept("x"), dept("x")).unwrap().unwrap();
    assert_eq!((own.departments.len(), own.links.len()), (1, 0));
    let s = v.summary(&Scope::all()).unwrap();
    assert_eq!(s.isolated, 1);
}

fn two_places() -> Views {
    let mut b = CatalogBuilder::new();
    for (place, dept, cat) in [
        ("甲市", "市民政局", Category::CivilAffairs),
        ("甲市", "市财政局", Category::Finance),
        ("甲市", "市卫健局", Category::Health),
        ("乙市", "市民政局", Category::CivilAffairs),
        ("乙市", "市老龄办", Category::CivilAffairs),
        ("乙市", "市财政局", Category::Finance),
    ] {
        b.category(place, dept, cat);
    }
    b.task("甲市", &["市民政局"], &["市财政局", "市卫健局"]);
    b.task("甲市", &["市卫健局"], &[]);
    b.task("乙市", &["市民政局"], &["市老龄办"]);
    b.task("乙市", &["市财政局"], &["市民政局"]);
    b.task("乙市", &["市老龄办"], &[]);
    Views::build(Arc::new(b.build()))
}

#[test]
fn merging_by_category_compares_places() {
    let v = two_places();
    let merged = v.ranking(&Scope::all().merged_by_category(), &RankingOptions::by(RankBy::Total)).unwrap();
    let got: Vec<(&str, u32)> = merged.entries.iter().map(|e| (e.actor.id.as_str(), e.count)).collect();
    assert_eq!(got, [("category:civil_affairs", 4), ("category:finance", 2), ("category:health", 2)]);
    // Civil affairs in 乙市: two departments in task 3 count once.
    let cmp = v.compare_places(Category::CivilAffairs).unwrap();
    let yi = cmp.places.iter().find(|r| r.place.name == "乙市").unwrap();
    assert_eq!((yi.departments, yi.lead, yi.support, yi.tasks, yi.place_tasks), (2, 2, 1, 3, 3));
    assert_eq!(yi.lead_share, 2.0 / 3.0);
    let presence = v.category_presence().unwrap();
    let health = presence.iter().find(|p| p.category == Category::Health).unwrap();
    assert_eq!(health.absent_from.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["乙市"]);
    let pair = v.place_pair_presence(PlaceId::from_name("甲市"), PlaceId::from_name("乙市")).unwrap();
    assert_eq!(pair.only_in_a, [Category::Health]);
    assert!(pair.only_in_b.is_empty());
    // Within a category, departments are ranked across places.
    let civil = RankingOptions { category: Some(Category::CivilAffairs), ..RankingOptions::by(RankBy::Lead) };
    let r = v.ranking(&Scope::all(), &civil).unwrap();
    assert_eq!(r.entries.len(), 3);
    assert_eq!(r.entries[0].count, 1);
}

#[test]
fn scopes_are_checked() {
    let v = two_places();
    assert_eq!(v.net(&Scope::places([])).err(), Some(GraphError::EmptyScope));
    let unknown = PlaceId::from_name("无此市");
    assert_eq!(v.summary(&Scope::place(unknown)).err(), Some(GraphError::UnknownPlace(unknown)));
    let jia = v.summary(&Scope::place(PlaceId::from_name("甲市"))).unwrap();
    assert_eq!((jia.nodes, jia.tasks), (3, 2));
    let both = Scope::places([PlaceId::from_name("乙市"), PlaceId::from_name("甲市")]);
    assert_eq!(v.summary(&both).unwrap().nodes, 6);
}

#[test]
fn exports_escape_names_and_filter_edges() {
    let v = views(&[(&["a&<b>"], &["c\"d"]), (&["a&<b>"], &["c\"d"]), (&["c\"d"], &["e,f"])]);
    let net = v.network(&Scope::all(), 2).unwrap();
    assert_eq!(net.nodes.len(), 3);
    assert_eq!(net.edges.len(), 1);
    assert_eq!(net.edges[0].weight, 2);
    let graphml = net.to_graphml();
    assert!(graphml.contains("<data key=\"name\">a&amp;&lt;b&gt;</data>"));
    assert!(graphml.contains("<data key=\"e_weight\">2</data>"));
    let json = serde_json::to_value(&net.nodes[0]).unwrap();
    assert_eq!(json["key"], json["id"]);
    assert_eq!(json["name"], "a&<b>");
    let gexf = net.to_gexf();
    assert!(gexf.contains("label=\"c&quot;d\""));
    assert!(gexf.contains("weight=\"2\""));
    let all = v.network(&Scope::all(), 0).unwrap();
    let csv = all.to_csv();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains(",\"c\"\"d\",\"e,f\",1,0,1,0"));
}
