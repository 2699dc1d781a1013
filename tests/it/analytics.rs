//! The network analytics through GraphQL and the `/export` route, on the
//! seeds: every analytic root field, pinned answers read off the seed
//! documents by hand, consistency with the catalog, error codes, complexity
//! limits and the per-snapshot cache.

use std::collections::HashSet;

use async_graphql::Request;
use dutygraph::server::{self, ServerConfig};
use poem::test::{TestClient, TestResponse};
use serde_json::{json, Value};

use crate::support_api::{data, error_of, fresh_schema, run_on, seed_catalog, SEEDED};

fn ranking_of<'a>(rankings: &'a Value, place: &str) -> &'a Value {
    rankings
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["place"]["name"] == place)
        .unwrap_or_else(|| panic!("no ranking for {place}: {rankings}"))
}

#[test]
fn top_primary_lead_per_place_matches_the_documents() {
    // Counted by hand in seeds/: in 001 江门 the first unit of the 责任单位
    // column is 市民政局 in 24 of 43 rows (row 15's cell starts with a blank
    // line, then 市民政局); in 003 咸阳 the 牵头单位 column starts with
    // 市民政局 in 19 of 47 table rows, plus the preamble task that names
    // 市民政局 first (48 tasks); in 002 三亚 市民政局 heads the 牵头单位 cell
    // of 11 of 18 rows.
    let d = data(
        "{ rankings(perPlace: true, by: PRIMARY_LEAD, first: 1) {
             place { name } totalTasks
             entries { rank count label department { name primaryLeadCount } } } }",
    );
    for (place, label, count, tasks) in [
        ("江门市", "江门市民政局", 24, 43),
        ("咸阳市", "咸阳市民政局", 20, 48),
        ("三亚市", "三亚市民政局", 11, 18),
    ] {
        let r = ranking_of(&d["rankings"], place);
        assert_eq!(r["totalTasks"], tasks, "{place}");
        let top = &r["entries"][0];
        assert_eq!((top["rank"].as_u64(), top["label"].as_str()), (Some(1), Some(label)), "{place}: {top}");
        assert_eq!(top["count"], count, "{place}");
        // The same count through the department's own field.
        assert_eq!(top["department"]["primaryLeadCount"], count, "{place}");
    }
}

#[test]
fn rankings_agree_with_the_catalog_and_rank_ties_alike() {
    let d = data(
        "{ rankings(scope: { places: [\"咸阳\"] }, by: TOTAL) {
             totalTasks entries { rank count share total lead support department { id taskCount leadCount } } } }",
    );
    let r = &d["rankings"][0];
    let entries = r["entries"].as_array().unwrap();
    let total_tasks = r["totalTasks"].as_f64().unwrap();
    assert!(!entries.is_empty());
    let mut previous: Option<(u64, u64)> = None;
    for (i, e) in entries.iter().enumerate() {
        let (rank, count) = (e["rank"].as_u64().unwrap(), e["count"].as_u64().unwrap());
        // Counts are distinct tasks; the catalog counts assignments, equal
        // unless a unit is both lead and support of one task.
        assert!(e["department"]["taskCount"].as_u64().unwrap() >= count, "{e}");
        assert_eq!(e["total"], e["count"]);
        assert!((e["share"].as_f64().unwrap() - count as f64 / total_tasks).abs() < 1e-12);
        match previous {
            Some((prev_rank, prev_count)) if prev_count == count => assert_eq!(rank, prev_rank),
            Some((_, prev_count)) => {
                assert!(prev_count > count);
                assert_eq!(rank, i as u64 + 1);
            }
            None => assert_eq!(rank, 1),
        }
        previous = Some((rank, count));
    }
}

#[test]
fn category_rankings_merge_departments_across_places() {
    let d = data(
        "{ merged: rankings(scope: { mergeByCategory: true }, by: ANY_LEAD) {
             entries { name category count department { id } place { name } actor { kind id } } }
           health: rankings(category: HEALTH, by: ANY_LEAD) { entries { category count place { name } } } }",
    );
    let merged = d["merged"][0]["entries"].as_array().unwrap();
    let categories: HashSet<&str> = merged.iter().map(|e| e["category"].as_str().unwrap()).collect();
    assert_eq!(categories.len(), merged.len(), "one row per category");
    for e in merged {
        assert!(e["department"].is_null() && e["place"].is_null(), "{e}");
        assert_eq!(e["actor"]["kind"], "CATEGORY");
        assert!(e["actor"]["id"].as_str().unwrap().starts_with("category:"));
    }
    let health = d["health"][0]["entries"].as_array().unwrap();
    assert_eq!(health.len(), 5, "one health department per seed place: {health:?}");
    assert!(health.iter().all(|e| e["category"] == "HEALTH"));
    // A category's lead count is at most the sum of its departments' counts.
    let merged_health = merged.iter().find(|e| e["category"] == "HEALTH").unwrap()["count"].as_u64().unwrap();
    let summed: u64 = health.iter().map(|e| e["count"].as_u64().unwrap()).sum();
    assert_eq!(merged_health, summed, "departments of different places share no task");
}

#[test]
fn coordination_load_follows_its_formula_and_relations_agree() {
    let d = data(
        "{ coordinationLoad(department: \"咸阳市民政局\", today: \"2020-01-01\") {
             primaryLead lead otherLead support tasks distinctPartners score rank today
             openMilestones openMilestonesByYear { year count } openMilestonesByQuarter { year quarter count }
             partners(first: 3) { partner { label } sharedTasks } department { name } }
           department(name: \"咸阳市民政局\") {
             load(today: \"2020-01-01\") { score openMilestones }
             topPartners(first: 3) { partner { label } sharedTasks }
             primaryLeadCount }
           loadRanking(scope: { places: [\"咸阳\"] }, today: \"2020-01-01\", first: 3) { rank score actor { label } } }",
    );
    let l = &d["coordinationLoad"];
    let n = |k: &str| l[k].as_f64().unwrap();
    let expected = 3.0 * n("primaryLead")
        + 2.0 * (n("lead") - n("primaryLead"))
        + n("support")
        + 0.5 * n("distinctPartners");
    assert_eq!(n("score"), expected);
    assert_eq!(n("otherLead"), n("lead") - n("primaryLead"));
    assert_eq!(n("tasks"), n("lead") + n("support"));
    assert_eq!(l["primaryLead"], d["department"]["primaryLeadCount"]);
    assert_eq!(l["today"], "2020-01-01");
    let by_year: u64 =
        l["openMilestonesByYear"].as_array().unwrap().iter().map(|y| y["count"].as_u64().unwrap()).sum();
    let by_quarter: u64 =
        l["openMilestonesByQuarter"].as_array().unwrap().iter().map(|q| q["count"].as_u64().unwrap()).sum();
    assert_eq!((by_year, by_quarter), (l["openMilestones"].as_u64().unwrap(), by_year));
    // The relation and the root field are the same measure.
    assert_eq!(d["department"]["load"]["score"], l["score"]);
    assert_eq!(d["department"]["load"]["openMilestones"], l["openMilestones"]);
    assert_eq!(d["department"]["topPartners"], l["partners"]);
    // Within 咸阳, the heaviest load belongs to the unit with this score or more.
    let ranking = d["loadRanking"].as_array().unwrap();
    assert_eq!(ranking[0]["rank"], 1);
    assert!(ranking[0]["score"].as_f64().unwrap() >= n("score"));
    assert!(ranking.windows(2).all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
}

#[test]
fn open_milestones_depend_on_today() {
    let q = |today: &str| {
        data(&format!(
            "{{ coordinationLoad(department: \"江门市民政局\", today: \"{today}\") {{ openMilestones }} }}"
        ))["coordinationLoad"]["openMilestones"]
            .as_u64()
            .unwrap()
    };
    let (early, late) = (q("2000-01-01"), q("2100-01-01"));
    assert!(early > 0 && late == 0, "{early} {late}");
    // Without `today` the server's date is used: never more than from 2000.
    let d = data("{ coordinationLoad(department: \"江门市民政局\") { openMilestones today } }");
    assert!(d["coordinationLoad"]["openMilestones"].as_u64().unwrap() <= early);
}

#[test]
fn overlap_of_health_and_civil_affairs_in_jiangmen() {
    // Read off 001: rows naming both 市卫生健康局 and 市民政局 in the
    // 责任单位 column include 2, 3, 7, 8, 10, 11, 14, 31, 39, 40 and 41; every
    // 江门 unit is a lead, so every shared task is lead–lead.
    let d = data(
        "{ overlap(a: \"江门市卫生健康局\", b: \"江门市民政局\") {
             aTasks bTasks sharedTaskCount unionTasks jaccard overlapCoefficient
             rolePairs { leadLead leadSupport supportLead supportSupport }
             sharedTasks { number place { name } } } }",
    );
    let o = &d["overlap"];
    let numbers: HashSet<&str> =
        o["sharedTasks"].as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap()).collect();
    for n in ["2", "3", "7", "8", "10", "11", "14", "31", "39", "40", "41"] {
        assert!(numbers.contains(n), "task {n} missing from {numbers:?}");
    }
    assert!(o["sharedTasks"].as_array().unwrap().iter().all(|t| t["place"]["name"] == "江门市"));
    let shared = o["sharedTaskCount"].as_u64().unwrap();
    assert_eq!(
        o["rolePairs"],
        json!({"leadLead": shared, "leadSupport": 0, "supportLead": 0, "supportSupport": 0})
    );
    let (a, b) = (o["aTasks"].as_u64().unwrap(), o["bTasks"].as_u64().unwrap());
    assert_eq!(o["unionTasks"].as_u64().unwrap(), a + b - shared);
    assert_eq!(o["jaccard"].as_f64().unwrap(), shared as f64 / (a + b - shared) as f64);
    assert_eq!(o["overlapCoefficient"].as_f64().unwrap(), shared as f64 / a.min(b) as f64);
}

#[test]
fn jaccard_is_symmetric_on_seed_pairs() {
    // 咸阳 has support units, so role pairs are not all lead–lead there.
    let partners = data("{ topPartners(department: \"咸阳市民政局\", first: 8) { partner { id } } }");
    let ids: Vec<String> = partners["topPartners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["partner"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 8);
    let mut mixed_roles = false;
    for pair in ids.windows(2) {
        let q = |a: &str, b: &str| {
            data(&format!(
                "{{ overlap(a: \"{a}\", b: \"{b}\") {{ jaccard overlapCoefficient sharedTaskCount
                     rolePairs {{ leadLead leadSupport supportLead supportSupport }} }} }}"
            ))["overlap"]
                .clone()
        };
        let (ab, ba) = (q(&pair[0], &pair[1]), q(&pair[1], &pair[0]));
        assert_eq!(ab["jaccard"], ba["jaccard"], "{pair:?}");
        assert_eq!(ab["overlapCoefficient"], ba["overlapCoefficient"]);
        assert_eq!(ab["sharedTaskCount"], ba["sharedTaskCount"]);
        let (r, s) = (&ab["rolePairs"], &ba["rolePairs"]);
        assert_eq!((&r["leadSupport"], &r["supportLead"]), (&s["supportLead"], &s["leadSupport"]));
        assert_eq!((&r["leadLead"], &r["supportSupport"]), (&s["leadLead"], &s["supportSupport"]));
        mixed_roles |= r["leadSupport"] != r["supportLead"];
    }
    assert!(mixed_roles, "the pairs should include an asymmetric role split");
}

#[test]
fn overlap_matrix_is_symmetric_with_labels_and_rows() {
    let d = data(
        "{ overlapMatrix(scope: { places: [\"江门市\"] }, top: 6) {
             labels actors { label department { taskCount } } shared jaccard overlapCoefficient
             rows { label shared jaccard } } }",
    );
    let m = &d["overlapMatrix"];
    let labels = m["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 6);
    assert_eq!(labels[0], "江门市民政局", "most tasks first");
    for i in 0..6 {
        assert_eq!(m["actors"][i]["label"], labels[i]);
        assert_eq!(m["rows"][i]["label"], labels[i]);
        assert_eq!(m["rows"][i]["shared"], m["shared"][i]);
        assert_eq!(m["shared"][i][i], m["actors"][i]["department"]["taskCount"]);
        assert_eq!(m["jaccard"][i][i], 1.0);
        for j in 0..6 {
            assert_eq!(m["shared"][i][j], m["shared"][j][i]);
            assert_eq!(m["jaccard"][i][j], m["jaccard"][j][i]);
        }
    }
}

#[test]
fn centrality_measures_follow_their_definitions() {
    let d = data(
        "{ degree: centrality(scope: { places: [\"三亚市\"] }, measure: DEGREE) { nodeCount scores { value actor { id } } }
           weighted: centrality(scope: { places: [\"三亚市\"] }, measure: WEIGHTED_DEGREE) { scores { value actor { id } } }
           pagerank: centrality(scope: { places: [\"三亚市\"] }, measure: PAGERANK) { measure scores { rank value } }
           top: centrality(scope: { places: [\"三亚市\"] }, measure: BETWEENNESS, first: 2) { nodeCount scores { rank } }
           network(scope: { places: [\"三亚市\"] }) { edges { source target weight } } }",
    );
    let n = d["degree"]["nodeCount"].as_f64().unwrap();
    let edges = d["network"]["edges"].as_array().unwrap();
    for s in d["degree"]["scores"].as_array().unwrap() {
        let id = &s["actor"]["id"];
        let partners = edges.iter().filter(|e| &e["source"] == id || &e["target"] == id).count() as f64;
        assert!((s["value"].as_f64().unwrap() - partners / (n - 1.0)).abs() < 1e-12, "{s}");
    }
    for s in d["weighted"]["scores"].as_array().unwrap() {
        let id = &s["actor"]["id"];
        let weight: f64 = edges
            .iter()
            .filter(|e| &e["source"] == id || &e["target"] == id)
            .map(|e| e["weight"].as_f64().unwrap())
            .sum();
        assert_eq!(s["value"].as_f64().unwrap(), weight, "{s}");
    }
    assert_eq!(d["pagerank"]["measure"], "PAGERANK");
    let sum: f64 =
        d["pagerank"]["scores"].as_array().unwrap().iter().map(|s| s["value"].as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9, "PageRank sums to {sum}");
    assert_eq!(d["top"]["scores"].as_array().unwrap().len(), 2);
    assert_eq!(d["top"]["nodeCount"].as_f64().unwrap(), n, "nodeCount counts every node, not the page");
}

#[test]
fn a_repeated_centrality_query_is_served_from_the_cache() {
    // A fresh engine: other tests share the seeded one and compute in parallel.
    let (engine, schema) = fresh_schema(true);
    let query = "{ centrality(scope: { places: [\"咸阳\", \"江门\"] }, measure: BETWEENNESS, first: 3) { scores { value } } }";
    let before = engine.snapshot().views.computations();
    let first = run_on(&schema, query);
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let after_first = engine.snapshot().views.computations();
    assert!(after_first > before, "the first query computes");
    let second = run_on(&schema, query);
    assert!(second.errors.is_empty());
    assert_eq!(engine.snapshot().views.computations(), after_first, "the second query recomputed");
    assert_eq!(first.data, second.data);
}

#[test]
fn network_parts_describe_one_graph() {
    let d = data(
        "{ network(scope: { places: [\"江门市\"] }, minWeight: 2) {
             minWeight mergedByCategory places { name }
             summary { nodes edges tasks density components isolated }
             components { size members { id } }
             communities { modularity count communities { size internalWeight members { id } } }
             brokers(first: 3) { articulationPoints { id } topBetweenness { rank value } }
             nodes { id label tasks actor { kind department { name } } }
             edges { source target weight leadLead leadSupport supportSupport }
             graphml gexf csv } }",
    );
    let n = &d["network"];
    let s = &n["summary"];
    let nodes = n["nodes"].as_array().unwrap();
    assert_eq!(n["places"], json!([{"name": "江门市"}]));
    assert_eq!(s["nodes"].as_u64().unwrap() as usize, nodes.len(), "minWeight keeps every node");
    let (v, e) = (s["nodes"].as_f64().unwrap(), s["edges"].as_f64().unwrap());
    assert!((s["density"].as_f64().unwrap() - 2.0 * e / (v * (v - 1.0))).abs() < 1e-12);
    assert_eq!(s["tasks"], 43);
    let edges = n["edges"].as_array().unwrap();
    assert!(!edges.is_empty() && (edges.len() as f64) < e, "minWeight 2 drops single-task edges");
    for edge in edges {
        let w = edge["weight"].as_u64().unwrap();
        assert!(w >= 2);
        let parts: u64 =
            ["leadLead", "leadSupport", "supportSupport"].iter().map(|k| edge[k].as_u64().unwrap()).sum();
        assert_eq!(parts, w);
    }
    let members: usize = n["communities"]["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(members, nodes.len(), "communities partition the nodes");
    let modularity = n["communities"]["modularity"].as_f64().unwrap();
    assert!((-0.5..=1.0).contains(&modularity) && modularity > 0.0, "{modularity}");
    let in_components: u64 =
        n["components"].as_array().unwrap().iter().map(|c| c["size"].as_u64().unwrap()).sum();
    assert_eq!(in_components, s["nodes"].as_u64().unwrap());
    assert_eq!(s["components"].as_u64().unwrap() as usize, n["components"].as_array().unwrap().len());
    assert!(n["brokers"]["topBetweenness"].as_array().unwrap().len() <= 3);
    // Exports carry the filtered edges.
    let csv = n["csv"].as_str().unwrap();
    assert_eq!(csv.lines().count(), edges.len() + 1);
    assert_eq!(
        roxmltree::Document::parse(n["graphml"].as_str().unwrap()).unwrap().root_element().tag_name().name(),
        "graphml"
    );
    let gexf = n["gexf"].as_str().unwrap();
    let doc = roxmltree::Document::parse(gexf).unwrap();
    assert_eq!(doc.descendants().filter(|x| x.has_tag_name("edge")).count(), edges.len());
    assert_eq!(doc.descendants().filter(|x| x.has_tag_name("node")).count(), nodes.len());
}

#[test]
fn coordination_path_links_share_tasks_or_is_null() {
    let d = data(
        "{ path: coordinationPath(from: \"市委老干部局\", to: \"市妇联\", place: \"珠海市\") {
             length departments { label } links { from { id } to { id } sharedTaskCount sharedTasks { id } } }
           same: coordinationPath(from: \"江门市民政局\", to: \"江门市民政局\") { length departments { label } }
           apart: coordinationPath(from: \"江门市民政局\", to: \"三亚市民政局\") { length } }",
    );
    let p = &d["path"];
    let length = p["length"].as_u64().unwrap() as usize;
    assert!(length >= 2, "{p}");
    assert_eq!(p["departments"].as_array().unwrap().len(), length + 1);
    assert_eq!(p["departments"][0]["label"], "珠海市委老干部局");
    assert_eq!(p["departments"][length]["label"], "珠海市妇联");
    let cat = seed_catalog();
    let links = p["links"].as_array().unwrap();
    for (i, link) in links.iter().enumerate() {
        if i > 0 {
            assert_eq!(link["from"], links[i - 1]["to"], "links chain");
        }
        assert!(link["sharedTaskCount"].as_u64().unwrap() > 0);
        // Each shared task names both ends in the catalog.
        for t in link["sharedTasks"].as_array().unwrap() {
            let task: dutygraph::model::TaskId = t["id"].as_str().unwrap().parse().unwrap();
            let units: HashSet<String> =
                cat.task_assignments(task).map(|a| a.department.to_string()).collect();
            assert!(
                units.contains(link["from"]["id"].as_str().unwrap())
                    && units.contains(link["to"]["id"].as_str().unwrap())
            );
        }
    }
    assert_eq!(d["same"]["length"], 0);
    assert_eq!(d["same"]["departments"].as_array().unwrap().len(), 1);
    assert!(d["apart"].is_null(), "departments of different places have no chain");
}

#[test]
fn places_compare_through_categories() {
    let d = data(
        "{ comparePlaces(category: HEALTH) { category places { place { name } primaryLead lead support tasks placeTasks leadShare } }
           categoryPresence { category presentIn { name } absentFrom { name } }
           placePairPresence(a: \"江门\", b: \"三亚市\") { a { name } b { name } onlyInA onlyInB inBoth } }",
    );
    let rows = d["comparePlaces"]["places"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    // 江门's health bureau heads the 责任单位 cell of 7 rows (counted in 001).
    let jiangmen = rows.iter().find(|r| r["place"]["name"] == "江门市").unwrap();
    assert_eq!((jiangmen["primaryLead"].as_u64(), jiangmen["placeTasks"].as_u64()), (Some(7), Some(43)));
    for r in rows {
        assert_eq!(
            r["tasks"].as_u64().unwrap(),
            r["lead"].as_u64().unwrap() + r["support"].as_u64().unwrap()
        );
        let share = r["lead"].as_f64().unwrap() / r["placeTasks"].as_f64().unwrap();
        assert!((r["leadShare"].as_f64().unwrap() - share).abs() < 1e-12);
    }
    for p in d["categoryPresence"].as_array().unwrap() {
        let n = p["presentIn"].as_array().unwrap().len() + p["absentFrom"].as_array().unwrap().len();
        assert_eq!(n, 5, "{p}");
        assert!(!p["presentIn"].as_array().unwrap().is_empty());
    }
    let pair = &d["placePairPresence"];
    assert_eq!((pair["a"]["name"].as_str(), pair["b"]["name"].as_str()), (Some("江门市"), Some("三亚市")));
    assert!(pair["inBoth"].as_array().unwrap().contains(&json!("CIVIL_AFFAIRS")));
}

fn code_and_message(query: &str) -> (String, String) {
    error_of(&SEEDED.schema, Request::new(query))
}

#[test]
fn bad_arguments_have_codes_and_name_the_value() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "{ rankings(scope: { places: [\"江门市\", \"火星市\"] }) { totalTasks } }",
            "BAD_USER_INPUT",
            "火星市",
        ),
        (
            "{ centrality(scope: { places: [\"Cffffffffffffffff\"] }, measure: DEGREE) { nodeCount } }",
            "BAD_USER_INPUT",
            "Cffffffffffffffff",
        ),
        ("{ network(scope: { places: [\"\"] }) { summary { nodes } } }", "BAD_USER_INPUT", "empty"),
        ("{ centrality(measure: PAGERANK, first: -1) { nodeCount } }", "BAD_USER_INPUT", "first: -1"),
        ("{ centrality(measure: DEGREE, first: 201) { nodeCount } }", "BAD_USER_INPUT", "first: 201"),
        ("{ rankings(first: -2) { totalTasks } }", "BAD_USER_INPUT", "first: -2"),
        ("{ overlapMatrix(top: 51) { labels } }", "BAD_USER_INPUT", "top: 51"),
        ("{ network(minWeight: -1) { minWeight } }", "BAD_USER_INPUT", "minWeight: -1"),
        ("{ network { brokers(first: -1) { articulationPoints { id } } } }", "BAD_USER_INPUT", "first: -1"),
        ("{ coordinationLoad(department: \"江门市不存在局\") { score } }", "NOT_FOUND", "江门市不存在局"),
        (
            "{ coordinationLoad(department: \"Uffffffffffffffff\") { score } }",
            "NOT_FOUND",
            "Uffffffffffffffff",
        ),
        ("{ topPartners(department: \"市民政局\") { sharedTasks } }", "BAD_USER_INPUT", "ambiguous"),
        // Only the exact id shape is an id; `U12` is a name nobody has.
        ("{ overlap(a: \"江门市民政局\", b: \"U12\") { jaccard } }", "NOT_FOUND", "U12"),
        (
            "{ coordinationPath(from: \"江门市民政局\", to: \"江门市火星局\") { length } }",
            "NOT_FOUND",
            "江门市火星局",
        ),
        ("{ placePairPresence(a: \"江门\", b: \"火星\") { onlyInA } }", "NOT_FOUND", "火星"),
    ];
    for (query, code, named) in cases {
        let (got, message) = code_and_message(query);
        assert_eq!(&got, code, "{query}: {message}");
        assert!(message.contains(named), "{query}: `{message}` should name `{named}`");
    }
    // An unknown measure is refused by validation, naming the value.
    let response = run_on(&SEEDED.schema, "{ centrality(measure: KATZ) { nodeCount } }");
    assert!(response.errors[0].message.contains("KATZ"), "{:?}", response.errors);
}

#[test]
fn heavy_analytics_are_priced_so_a_query_cannot_ask_for_dozens() {
    let one = "{ centrality(measure: BETWEENNESS, first: 3) { scores { value } } }";
    assert!(run_on(&SEEDED.schema, one).errors.is_empty());
    let many: String = (0..24)
        .map(|i| format!("c{i}: centrality(measure: BETWEENNESS, first: 3) {{ scores {{ value }} }}"))
        .collect::<Vec<_>>()
        .join(" ");
    let response = run_on(&SEEDED.schema, format!("{{ {many} }}").as_str());
    let message = response.errors.first().map(|e| e.message.as_str()).unwrap_or_default();
    assert!(message.contains("complex"), "24 centralities should be refused: {message}");
}

fn export_client() -> TestClient<impl poem::Endpoint> {
    TestClient::new(server::app(SEEDED.engine.clone(), &ServerConfig::default()))
}

async fn body(response: TestResponse) -> String {
    response.0.into_body().into_string().await.expect("UTF-8 body")
}

fn header<'a>(response: &'a TestResponse, name: &str) -> &'a str {
    response.0.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn export_serves_each_format_as_a_download() {
    let cli = export_client();
    let query =
        "places=%E6%B1%9F%E9%97%A8%E5%B8%82,%E4%B8%89%E4%BA%9A%E5%B8%82&mergeByCategory=true&minWeight=2";
    for (format, content_type, root) in [
        ("graphml", "application/graphml+xml", Some("graphml")),
        ("gexf", "application/gexf+xml", Some("gexf")),
        ("csv", "text/csv; charset=utf-8", None),
    ] {
        let response = cli.get(format!("/export/{format}?{query}")).send().await;
        response.assert_status_is_ok();
        assert_eq!(header(&response, "content-type"), content_type);
        let disposition = header(&response, "content-disposition").to_string();
        assert!(disposition.starts_with("attachment; filename=dutygraph-"), "{disposition}");
        assert!(disposition.contains(&format!("-by-category.{format}")), "{disposition}");
        // The UTF-8 name spells the places in the order asked: 江门市 first.
        assert!(
            disposition.contains("filename*=UTF-8''dutygraph-%E6%B1%9F%E9%97%A8%E5%B8%82-"),
            "{disposition}"
        );
        let text = body(response).await;
        match root {
            Some(root) => {
                let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
                assert_eq!(doc.root_element().tag_name().name(), root);
                // Merged by category: every node is a category.
                let ids: Vec<&str> = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("node"))
                    .filter_map(|n| n.attribute("id"))
                    .collect();
                assert!(!ids.is_empty() && ids.iter().all(|id| id.starts_with("category:")), "{ids:?}");
            }
            None => {
                assert_eq!(
                    text.lines().next(),
                    Some(
                        "source,target,source_name,target_name,weight,lead_lead,lead_support,support_support"
                    )
                );
                for line in text.lines().skip(1) {
                    // Names may be quoted and hold commas; the four counts end the line.
                    let weight: u32 = line.rsplit(',').nth(3).unwrap().parse().unwrap();
                    assert!(weight >= 2, "{line}");
                }
            }
        }
    }
}

#[tokio::test]
async fn export_matches_the_graphql_network() {
    let response = export_client().get("/export/csv").send().await;
    response.assert_status_is_ok();
    assert!(header(&response, "content-disposition").starts_with("attachment; filename=dutygraph-all.csv"));
    let csv = body(response).await;
    let d = SEEDED.schema.execute("{ network { csv } }").await.data.into_json().unwrap();
    assert_eq!(csv, d["network"]["csv"].as_str().unwrap());
}

#[tokio::test]
async fn export_refuses_bad_parameters_and_unknown_formats() {
    let cli = export_client();
    let response = cli.get("/export/pdf").send().await;
    response.assert_status(poem::http::StatusCode::NOT_FOUND);
    assert!(body(response).await.contains("pdf"));
    for (query, named) in [
        ("places=%E7%81%AB%E6%98%9F%E5%B8%82", "火星市"),
        ("minWeight=heavy", "minWeight"),
        ("mergeByCategory=maybe", "mergeByCategory"),
        ("colour=red", "colour"),
    ] {
        let response = cli.get(format!("/export/gexf?{query}")).send().await;
        response.assert_status(poem::http::StatusCode::BAD_REQUEST);
        let message = body(response).await;
        assert!(message.contains(named), "{query}: {message}");
    }
}

#[test]
fn the_two_mode_graph_has_every_task_and_assignment_of_its_place() {
    let response = run_on(&SEEDED.schema, r#"{ network(scope: {places: ["三亚市"]}) { twoModeGraphml } }"#);
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let json = response.data.into_json().unwrap();
    let graphml = json["network"]["twoModeGraphml"].as_str().unwrap();
    let doc = roxmltree::Document::parse(graphml).expect("well-formed GraphML");
    let catalog = &SEEDED.engine.snapshot().catalog;
    let place = catalog.place_by_name("三亚市").unwrap().id;
    let tasks: Vec<_> = catalog.tasks().iter().filter(|t| t.place == place).collect();
    let assignments: usize = tasks.iter().map(|t| catalog.task_assignments(t.id).count()).sum();
    let kind = |k: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("data") && n.attribute("key") == Some("kind") && n.text() == Some(k))
            .count()
    };
    assert_eq!(kind("task"), tasks.len());
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("edge")).count(), assignments);
    let departments: HashSet<_> =
        tasks.iter().flat_map(|t| catalog.task_assignments(t.id).map(|a| a.department)).collect();
    assert_eq!(kind("department"), departments.len());
}
