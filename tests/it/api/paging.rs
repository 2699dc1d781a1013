//! Task filters, sorting and Relay paging.

use dutygraph::model::{Category, Role};
use serde_json::Value;

use crate::support_api::{data, seed_catalog};

fn ids(conn: &Value) -> Vec<String> {
    conn["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].as_str().unwrap().to_string()).collect()
}

fn total(filter: &str) -> usize {
    let d = data(&format!("{{ tasks(filter: {filter}) {{ totalCount }} }}"));
    d["tasks"]["totalCount"].as_u64().unwrap() as usize
}

#[test]
fn each_filter_matches_a_count_computed_from_the_catalog() {
    let cat = seed_catalog();
    let has = |t: &&dutygraph::model::Task, role: Role| cat.task_assignments(t.id).any(|a| a.role == role);
    assert_eq!(total("{}"), cat.tasks().len());
    assert_eq!(
        total(r#"{ place: "江门" }"#),
        cat.tasks().iter().filter(|t| cat.place(t.place).unwrap().name == "江门市").count()
    );
    assert_eq!(total("{ ongoing: true }"), cat.tasks().iter().filter(|t| t.ongoing).count());
    assert_eq!(total("{ hasSupport: false }"), cat.tasks().iter().filter(|t| !has(t, Role::Support)).count());
    assert_eq!(total("{ hasSupport: true }"), cat.tasks().iter().filter(|t| has(t, Role::Support)).count());
    assert_eq!(total("{ role: SUPPORT }"), total("{ hasSupport: true }"));
    assert_eq!(
        total(r#"{ textContains: "医养" }"#),
        cat.tasks()
            .iter()
            .filter(|t| {
                [Some(t.text.as_str()), t.detail.as_deref(), t.measure.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|s| s.contains("医养"))
            })
            .count()
    );
    let in_2021 = |t: &&dutygraph::model::Task| {
        cat.task_milestones(t.id).any(|m| m.date.to_string().starts_with("2021"))
    };
    assert_eq!(
        total(r#"{ milestoneFrom: "2021-01-01", milestoneTo: "2021-12-31" }"#),
        cat.tasks().iter().filter(in_2021).count()
    );
    let health_lead = |t: &&dutygraph::model::Task| {
        cat.task_assignments(t.id).any(|a| {
            a.role == Role::Lead && cat.department(a.department).unwrap().category == Category::Health
        })
    };
    assert_eq!(total("{ category: HEALTH, role: LEAD }"), cat.tasks().iter().filter(health_lead).count());
    let civil = cat
        .departments()
        .iter()
        .find(|d| d.name == "市民政局" && cat.place(d.place).unwrap().name == "珠海市")
        .unwrap();
    let led = cat.department_assignments(civil.id).filter(|a| a.role == Role::Lead).count();
    assert_eq!(total(r#"{ department: "珠海市民政局", role: LEAD }"#), led);
    assert_eq!(total(&format!(r#"{{ department: "{}", role: LEAD }}"#, civil.id)), led);
    let doc = &cat.documents()[0];
    assert_eq!(total(&format!(r#"{{ document: "{}" }}"#, doc.id)), cat.document_tasks(doc.id).count());
    assert_eq!(total(&format!(r#"{{ document: "{}", place: "永州市", ongoing: false }}"#, doc.id)), {
        let yongzhou = cat.place_by_name("永州市").unwrap().id;
        cat.document_tasks(doc.id).filter(|t| t.place == yongzhou && !t.ongoing).count()
    });
}

#[test]
fn sorting_orders_by_the_key_and_keeps_source_order_on_ties() {
    let d = data(
        r#"{ asc: tasks(first: 200) { edges { node { id } } }
             desc: tasks(first: 200, sort: { direction: DESC }) { edges { node { id } } }
             due: tasks(first: 200, sort: { field: DEADLINE }) { edges { node { due } } }
             dueDesc: tasks(first: 200, sort: { field: DEADLINE, direction: DESC }) { edges { node { due } } }
             leads: tasks(first: 200, sort: { field: LEAD_COUNT, direction: DESC }) { edges { node { leadCount } } }
             supports: tasks(first: 200, sort: { field: SUPPORT_COUNT }) { edges { node { supportCount } } } }"#,
    );
    let mut asc = ids(&d["asc"]);
    asc.reverse();
    assert_eq!(asc, ids(&d["desc"]));
    for (key, descending) in [("due", false), ("dueDesc", true)] {
        let dues: Vec<Option<String>> = d[key]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["due"].as_str().map(String::from))
            .collect();
        let dated: Vec<&String> = dues.iter().flatten().collect();
        let first_null = dues.iter().position(Option::is_none).unwrap_or(dues.len());
        assert!(dues[first_null..].iter().all(Option::is_none), "{key}: undated tasks last");
        assert!(dated.windows(2).all(|w| if descending { w[0] >= w[1] } else { w[0] <= w[1] }), "{key}");
    }
    let counts = |k: &str, f: &str| -> Vec<u64> {
        d[k]["edges"].as_array().unwrap().iter().map(|e| e["node"][f].as_u64().unwrap()).collect()
    };
    assert!(counts("leads", "leadCount").windows(2).all(|w| w[0] >= w[1]));
    assert!(counts("supports", "supportCount").windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn forward_and_backward_paging_visit_every_task_once() {
    let all = data("{ tasks(first: 200) { totalCount edges { node { id } } } }");
    let all_ids = ids(&all["tasks"]);
    assert_eq!(all["tasks"]["totalCount"].as_u64().unwrap() as usize, all_ids.len());

    let (mut seen, mut after) = (Vec::new(), None::<String>);
    loop {
        let arg = after.as_ref().map_or(String::new(), |c| format!(r#", after: "{c}""#));
        let d = data(&format!("{{ tasks(first: 37{arg}) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage endCursor }} edges {{ cursor node {{ id }} }} }} }}"));
        let page = &d["tasks"];
        assert_eq!(page["totalCount"].as_u64().unwrap() as usize, all_ids.len());
        assert_eq!(page["pageInfo"]["hasPreviousPage"], after.is_some());
        seen.extend(ids(page));
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(String::from);
    }
    assert_eq!(seen, all_ids);

    let (mut back, mut before) = (Vec::new(), None::<String>);
    loop {
        let arg = before.as_ref().map_or(String::new(), |c| format!(r#", before: "{c}""#));
        let d = data(&format!("{{ tasks(last: 50{arg}) {{ pageInfo {{ hasPreviousPage startCursor }} edges {{ node {{ id }} }} }} }}"));
        let page = &d["tasks"];
        let mut chunk = ids(page);
        chunk.extend(back);
        back = chunk;
        if page["pageInfo"]["hasPreviousPage"] == false {
            break;
        }
        before = page["pageInfo"]["startCursor"].as_str().map(String::from);
    }
    assert_eq!(back, all_ids);

    let d = data("{ tasks { edges { node { id } } } }");
    assert_eq!(ids(&d["tasks"]), all_ids[..20].to_vec(), "default page is the first 20");
    let d = data(r#"{ tasks(after: "4", before: "9") { edges { node { id } } } }"#);
    assert_eq!(ids(&d["tasks"]), all_ids[5..9].to_vec());
}

#[test]
fn department_connections_page_too() {
    let d = data(
        r#"{ department(name: "江门市民政局") { ledTasks(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }"#,
    );
    let conn = &d["department"]["ledTasks"];
    assert_eq!(conn["edges"].as_array().unwrap().len(), 5);
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let cursor = conn["pageInfo"]["endCursor"].as_str().unwrap();
    let next = data(&format!(
        r#"{{ department(name: "江门市民政局") {{ ledTasks(first: 5, after: "{cursor}") {{ edges {{ node {{ id }} }} }} }} }}"#
    ));
    let first_ids = ids(conn);
    assert!(ids(&next["department"]["ledTasks"]).iter().all(|id| !first_ids.contains(id)));
}

#[test]
fn the_milestone_timeline_pages_like_the_list_it_pages() {
    // Every 2020 milestone of all places, as one list and page by page.
    let key = |m: &Value| format!("{}|{}|{}", m["date"], m["task"]["id"], m["text"]);
    let fields = "date text task { id }";
    let whole = data(&format!(r#"{{ milestones(from: "2020-01-01", to: "2020-12-31") {{ {fields} }} }}"#));
    let whole: Vec<String> = whole["milestones"].as_array().unwrap().iter().map(key).collect();
    assert!(whole.len() > 20, "the seeds have more than a page of 2020 milestones");
    let mut paged = Vec::new();
    let mut after = String::new();
    loop {
        let d = data(&format!(
            r#"{{ milestoneConnection(from: "2020-01-01", to: "2020-12-31", first: 7{after}) {{
                totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {fields} }} }} }}"#
        ));
        let conn = &d["milestoneConnection"];
        assert_eq!(conn["totalCount"].as_u64().unwrap() as usize, whole.len());
        paged.extend(conn["nodes"].as_array().unwrap().iter().map(key));
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = format!(r#", after: "{}""#, conn["pageInfo"]["endCursor"].as_str().unwrap());
    }
    assert_eq!(paged, whole);
}
