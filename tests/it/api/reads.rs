//! Root fields and relations, checked against the catalog.

use std::collections::HashSet;

use dutygraph::model::Role;
use serde_json::Value;

use crate::support_api::{data, seed_catalog};

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap().to_string()).collect()
}

#[test]
fn places_by_name_and_by_id() {
    let cat = seed_catalog();
    let d = data("{ places { id name province } }");
    let names = strs(&d["places"], "name");
    assert_eq!(names, cat.places().iter().map(|c| c.name.clone()).collect::<Vec<_>>());
    let jiangmen = d["places"].as_array().unwrap().iter().find(|c| c["name"] == "江门市").unwrap();
    assert_eq!(jiangmen["province"], "广东");
    let id = jiangmen["id"].as_str().unwrap();
    let by_id = data(&format!(r#"{{ place(id: "{id}") {{ name }} }}"#));
    let by_short = data(r#"{ place(name: "江门") { id } }"#);
    assert_eq!(by_id["place"]["name"], "江门市");
    assert_eq!(by_short["place"]["id"], id);
}

#[test]
fn place_relations_point_back_to_the_place() {
    let cat = seed_catalog();
    let d = data(
        r#"{ place(name: "珠海市") { name documentCount departmentCount taskCount milestoneCount
              documents { place { name } taskCount }
              departments { place { name } }
              tasks(first: 200) { totalCount edges { node { place { name } } } } } }"#,
    );
    let place = &d["place"];
    let zhuhai = cat.place_by_name("珠海市").unwrap();
    let tasks: Vec<_> = cat.tasks().iter().filter(|t| t.place == zhuhai.id).collect();
    assert_eq!(place["taskCount"], tasks.len());
    assert_eq!(place["tasks"]["totalCount"], tasks.len());
    let milestones: usize = tasks.iter().map(|t| cat.task_milestones(t.id).count()).sum();
    assert_eq!(place["milestoneCount"], milestones);
    assert_eq!(place["departmentCount"], cat.departments().iter().filter(|d| d.place == zhuhai.id).count());
    for list in [&place["documents"], &place["departments"]] {
        assert!(list.as_array().unwrap().iter().all(|x| x["place"]["name"] == "珠海市"), "{list}");
    }
    let doc_tasks: u64 =
        place["documents"].as_array().unwrap().iter().map(|d| d["taskCount"].as_u64().unwrap()).sum();
    assert_eq!(doc_tasks as usize, tasks.len());
    assert!(place["tasks"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["node"]["place"]["name"] == "珠海市"));
}

#[test]
fn documents_and_their_tasks() {
    let cat = seed_catalog();
    let d = data("{ documents { id title sourceName taskCount lineCount place { name } } }");
    let docs = d["documents"].as_array().unwrap();
    assert_eq!(docs.len(), cat.documents().len());
    for doc in docs {
        let id = doc["id"].as_str().unwrap();
        let one = data(&format!(
            r#"{{ document(id: "{id}") {{ title leadAssignmentCount supportAssignmentCount
                   tasks(first: 200) {{ totalCount edges {{ node {{ document {{ id }} }} }} }} }} }}"#
        ));
        let one = &one["document"];
        assert_eq!(one["title"], doc["title"]);
        assert_eq!(one["tasks"]["totalCount"], doc["taskCount"]);
        assert!(one["tasks"]["edges"].as_array().unwrap().iter().all(|e| e["node"]["document"]["id"] == id));
        let model = cat.documents().iter().find(|m| m.id.to_string() == id).unwrap();
        let leads: usize = cat
            .document_tasks(model.id)
            .map(|t| cat.task_assignments(t.id).filter(|a| a.role == Role::Lead).count())
            .sum();
        assert_eq!(one["leadAssignmentCount"], leads);
    }
    let only = data(r#"{ documents(place: "三亚") { place { name } } }"#);
    assert_eq!(only["documents"].as_array().unwrap().len(), 1);
    assert_eq!(only["documents"][0]["place"]["name"], "三亚市");
}

#[test]
fn department_filters_hold_for_every_result() {
    let d = data(r#"{ departments(filter: { category: CIVIL_AFFAIRS }) { category fullName } }"#);
    let list = d["departments"].as_array().unwrap();
    assert!(list.iter().all(|x| x["category"] == "CIVIL_AFFAIRS"));
    let cat = seed_catalog();
    for place in cat.places() {
        let bureau = format!("{}民政局", place.name);
        assert!(list.iter().any(|x| x["fullName"] == bureau.as_str()), "{bureau} missing from {list:?}");
    }
    let expected =
        cat.departments().iter().filter(|d| d.category == dutygraph::model::Category::CivilAffairs).count();
    assert_eq!(list.len(), expected);
    let d = data(
        r#"{ departments(filter: { place: "江门市", nameContains: "民政", level: CITY_BUREAU }) { fullName level } }"#,
    );
    assert_eq!(strs(&d["departments"], "fullName"), vec!["江门市民政局"]);
    let d = data(r#"{ departments(filter: { role: SUPPORT }) { supportCount } }"#);
    assert!(d["departments"].as_array().unwrap().iter().all(|x| x["supportCount"].as_u64().unwrap() > 0));
    let d = data(r#"{ departments(orderBy: LEAD_COUNT, first: 4) { leadCount } }"#);
    let counts: Vec<u64> =
        d["departments"].as_array().unwrap().iter().map(|x| x["leadCount"].as_u64().unwrap()).collect();
    assert_eq!(counts.len(), 4);
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let cat = seed_catalog();
    let most = cat
        .departments()
        .iter()
        .map(|d| cat.department_assignments(d.id).filter(|a| a.role == Role::Lead).count())
        .max();
    assert_eq!(Some(counts[0] as usize), most);
}

#[test]
fn a_department_is_found_by_full_name_city_and_name_or_id() {
    let full = data(r#"{ department(name: "江门市民政局") { id name fullName place { name } } }"#);
    let pair = data(r#"{ department(place: "江门市", name: "市民政局") { id } }"#);
    let short = data(r#"{ department(place: "江门", name: "江门民政局") { id } }"#);
    let id = full["department"]["id"].as_str().unwrap();
    assert_eq!(full["department"]["name"], "市民政局");
    assert_eq!(full["department"]["place"]["name"], "江门市");
    assert_eq!(pair["department"]["id"], id);
    assert_eq!(short["department"]["id"], id);
    let by_id = data(&format!(r#"{{ department(id: "{id}") {{ fullName }} }}"#));
    assert_eq!(by_id["department"]["fullName"], "江门市民政局");
}

#[test]
fn led_and_supported_tasks_agree_with_the_tasks_units() {
    let d = data(
        r#"{ department(name: "咸阳市民政局") { id leadCount supportCount taskCount
              ledTasks(first: 200) { totalCount edges { role rank printedName node { leads { rank department { id } } } } }
              supportedTasks(first: 200) { totalCount edges { role rank node { supports { rank department { id } } } } } } }"#,
    );
    let dep = &d["department"];
    let id = dep["id"].as_str().unwrap();
    assert_eq!(dep["ledTasks"]["totalCount"], dep["leadCount"]);
    assert_eq!(dep["supportedTasks"]["totalCount"], dep["supportCount"]);
    assert_eq!(
        dep["taskCount"].as_u64().unwrap(),
        dep["leadCount"].as_u64().unwrap() + dep["supportCount"].as_u64().unwrap()
    );
    assert!(dep["supportCount"].as_u64().unwrap() > 0, "咸阳市民政局 supports tasks in the seed");
    for (conn, role, units) in [("ledTasks", "LEAD", "leads"), ("supportedTasks", "SUPPORT", "supports")] {
        for e in dep[conn]["edges"].as_array().unwrap() {
            assert_eq!(e["role"], role);
            let mine = e["node"][units].as_array().unwrap().iter().find(|u| u["department"]["id"] == id);
            let mine =
                mine.unwrap_or_else(|| panic!("{conn} edge whose task does not list the department: {e}"));
            assert_eq!(mine["rank"], e["rank"]);
        }
    }
}

#[test]
fn a_task_leads_to_its_document_units_and_milestones_and_back() {
    let cat = seed_catalog();
    let task = cat
        .tasks()
        .iter()
        .find(|t| cat.task_milestones(t.id).count() > 0 && cat.task_assignments(t.id).count() > 1)
        .unwrap();
    let d = data(&format!(
        r#"{{ task(id: "{}") {{ id position number text deadline ongoing sourceLine due chapter section measure detail
              document {{ id }} place {{ name }}
              units {{ role rank printedName task {{ id }} department {{ id }} }}
              leadCount supportCount
              milestones {{ date precision kind source text position task {{ id }} }} }} }}"#,
        task.id
    ));
    let t = &d["task"];
    assert_eq!(t["id"], task.id.to_string());
    assert_eq!(t["text"], task.text);
    assert_eq!(t["sourceLine"], task.source_line);
    assert_eq!(t["document"]["id"], task.document.to_string());
    let units = t["units"].as_array().unwrap();
    assert_eq!(units.len(), cat.task_assignments(task.id).count());
    assert_eq!(units.len() as u64, t["leadCount"].as_u64().unwrap() + t["supportCount"].as_u64().unwrap());
    assert!(units.iter().all(|u| u["task"]["id"] == t["id"]));
    let ms = t["milestones"].as_array().unwrap();
    assert_eq!(ms.len(), cat.task_milestones(task.id).count());
    assert!(ms.iter().all(|m| m["task"]["id"] == t["id"]));
    let latest = cat.task_milestones(task.id).map(|m| m.date.to_string()).max().unwrap();
    assert_eq!(t["due"], latest);
}

#[test]
fn milestones_form_a_timeline_within_the_range() {
    let cat = seed_catalog();
    let d = data(r#"{ milestones(from: "2020-01-01", to: "2020-12-31") { date } }"#);
    let dates = strs(&d["milestones"], "date");
    let expected = cat.milestones().iter().filter(|m| m.date.to_string().starts_with("2020-")).count();
    assert_eq!(dates.len(), expected);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "not in date order");
    let d = data(
        r#"{ milestones(place: "江门市", department: "市民政局", role: LEAD) { task { place { name } leads { department { fullName } } } } }"#,
    );
    for m in d["milestones"].as_array().unwrap() {
        assert_eq!(m["task"]["place"]["name"], "江门市");
        assert!(m["task"]["leads"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["department"]["fullName"] == "江门市民政局"));
    }
    assert!(!d["milestones"].as_array().unwrap().is_empty());
}

#[test]
fn categories_count_what_the_departments_show() {
    let d = data(
        r#"{ categories { code category departmentCount leadCount supportCount totalCount taskCount }
                       all: categories(includeEmpty: true) { code }
                       category(code: "health") { code label departmentCount leadCount }
                       health: departments(filter: { category: HEALTH }) { leadCount } }"#,
    );
    let all = d["all"].as_array().unwrap();
    assert_eq!(all.len(), dutygraph::model::Category::ALL.len());
    for c in d["categories"].as_array().unwrap() {
        assert!(c["departmentCount"].as_u64().unwrap() > 0);
        assert_eq!(
            c["totalCount"].as_u64().unwrap(),
            c["leadCount"].as_u64().unwrap() + c["supportCount"].as_u64().unwrap()
        );
        assert_eq!(c["category"].as_str().unwrap(), c["code"].as_str().unwrap().to_uppercase());
    }
    let health = &d["category"];
    assert_eq!(health["code"], "health");
    let leads: u64 = d["health"].as_array().unwrap().iter().map(|x| x["leadCount"].as_u64().unwrap()).sum();
    assert_eq!(health["leadCount"], leads);
    assert_eq!(health["departmentCount"], d["health"].as_array().unwrap().len());
}

#[test]
fn search_ranks_substring_hits_first() {
    let d = data(
        r#"{ search(query: "医养结合", first: 50) { score field matchedFields snippet task { id text measure detail } } }"#,
    );
    let hits = d["search"].as_array().unwrap();
    assert!(!hits.is_empty());
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let top = &hits[0];
    assert!(top["task"]["text"].as_str().unwrap().contains("医养结合"), "{top}");
    assert!(top["snippet"].as_str().unwrap().contains("医养结合"));
    let cat = seed_catalog();
    let in_text = cat.tasks().iter().filter(|t| t.text.contains("医养结合")).count();
    let text_hits = hits.iter().filter(|h| h["task"]["text"].as_str().unwrap().contains("医养结合")).count();
    assert_eq!(text_hits, in_text.min(50), "every task whose text has the term is a hit");
    let ids: HashSet<&str> = hits.iter().map(|h| h["task"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), hits.len(), "no task twice");
}

#[test]
fn stats_add_up_to_the_catalog() {
    let cat = seed_catalog();
    let d = data(
        r#"{ stats { countsByPlace { place { name } tasks documents milestones leadAssignments supportAssignments }
                      countsByCategory { totalCount leadCount }
                      countsByRole { role assignments tasks departments } }
             one: stats(place: "永州") { countsByPlace { place { name } } } }"#,
    );
    let s = &d["stats"];
    let sum = |v: &Value, k: &str| {
        v.as_array().unwrap().iter().map(|x| x[k].as_u64().unwrap()).sum::<u64>() as usize
    };
    assert_eq!(sum(&s["countsByPlace"], "tasks"), cat.tasks().len());
    assert_eq!(sum(&s["countsByPlace"], "milestones"), cat.milestones().len());
    assert_eq!(sum(&s["countsByCategory"], "totalCount"), cat.assignments().len());
    let leads = cat.assignments().iter().filter(|a| a.role == Role::Lead).count();
    assert_eq!(sum(&s["countsByCategory"], "leadCount"), leads);
    assert_eq!(sum(&s["countsByPlace"], "leadAssignments"), leads);
    let roles = s["countsByRole"].as_array().unwrap();
    assert_eq!(roles[0]["role"], "LEAD");
    assert_eq!(roles[0]["assignments"], leads);
    assert_eq!(sum(&s["countsByRole"], "assignments"), cat.assignments().len());
    assert_eq!(d["one"]["countsByPlace"].as_array().unwrap().len(), 1);
}

#[test]
fn histogram_buckets_hold_every_milestone() {
    let cat = seed_catalog();
    for g in ["MONTH", "QUARTER", "YEAR"] {
        let d =
            data(&format!("{{ milestoneHistogram(granularity: {g}) {{ period start end milestones }} }}"));
        let buckets = d["milestoneHistogram"].as_array().unwrap();
        let total: u64 = buckets.iter().map(|b| b["milestones"].as_u64().unwrap()).sum();
        assert_eq!(total as usize, cat.milestones().len(), "{g}");
        assert!(
            buckets.windows(2).all(|w| w[0]["end"].as_str() < w[1]["start"].as_str()),
            "{g}: contiguous, ordered"
        );
    }
    let d = data(
        r#"{ milestoneHistogram(granularity: YEAR, place: "江门市", from: "2021-01-01") { period milestones } }"#,
    );
    let expected = cat
        .milestones()
        .iter()
        .filter(|m| {
            cat.task(m.task).is_some_and(|t| cat.place(t.place).unwrap().name == "江门市")
                && m.date.to_string().as_str() >= "2021"
        })
        .count();
    let total: u64 =
        d["milestoneHistogram"].as_array().unwrap().iter().map(|b| b["milestones"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, expected);
}
