//! Search, similar tasks, aligned documents and topics across places, asked
//! through the API of the seeds or of small hand-made tables.

use std::sync::Arc;

use dutygraph::api::{self, ApiConfig, DutySchema};
use dutygraph::engine::Engine;
use dutygraph::ingest::Source;
use dutygraph::store::Store;
use serde_json::Value;

use crate::support_api::{data, run_on, seed_catalog};

/// The task's own words (text, measure, detail; not the headings above it),
/// normalised and joined: what "holds" is checked on.
fn fields_of(task: &Value) -> String {
    let fields = ["text", "measure", "detail"];
    let joined: String = fields.iter().filter_map(|f| task[f].as_str()).collect::<Vec<_>>().join("|");
    dutygraph::search::normalise(&joined).into_iter().filter(|c| c.is_alphanumeric() || *c == '|').collect()
}

const HIT: &str = "score field matchedFields snippet highlights { start end } snippetHtml
    task { id number place { name } text measure detail chapter section leads { department { category } } supports { rank } milestones { date } }";

#[test]
fn yiyang_jiehe_ranks_tasks_holding_it_above_those_that_only_mention_medical_or_elderly_care() {
    let d = data(&format!(
        r#"{{ searchResults(query: "医养结合", first: 200) {{ totalCount hits {{ {HIT} }} }} }}"#
    ));
    let hits = d["searchResults"]["hits"].as_array().unwrap();
    assert_eq!(d["searchResults"]["totalCount"].as_u64().unwrap() as usize, hits.len());
    let holds: Vec<bool> = hits.iter().map(|h| fields_of(&h["task"]).contains("医养结合")).collect();
    let first_without = holds.iter().position(|h| !h).unwrap_or(holds.len());
    assert!(
        holds[first_without..].iter().all(|h| !h),
        "a task holding 医养结合 ranks below one that does not"
    );
    // Every task of the seeds holding the term is a hit.
    let cat = seed_catalog();
    let holding = cat
        .tasks()
        .iter()
        .filter(|t| {
            let own = [Some(t.text.as_str()), t.measure.as_deref(), t.detail.as_deref()];
            own.iter().flatten().any(|f| f.contains("医养结合"))
        })
        .count();
    assert_eq!(first_without, holding);
    // Tasks that speak of 医疗 or 养老 but not of 医养结合 rank below all of them.
    let only_parts = hits[first_without..]
        .iter()
        .filter(|h| fields_of(&h["task"]).contains("医疗") || fields_of(&h["task"]).contains("养老"))
        .count();
    assert!(only_parts > 0, "the seeds have tasks on 医疗 or 养老 alone among the hits");
    let top: Vec<String> = hits[..3]
        .iter()
        .map(|h| {
            format!("{} {} {}", h["task"]["place"]["name"].as_str().unwrap(), h["task"]["number"], h["score"])
        })
        .collect();
    expect_test::expect![[r#"
        [
            "咸阳市 \"10\" 103.104",
            "江门市 \"7\" 70.728",
            "江门市 \"33\" 69.147",
        ]
    "#]]
    .assert_debug_eq(&top);
    let top = &hits[0];
    assert_eq!(top["field"], "TEXT");
    let snippet: Vec<char> = top["snippet"].as_str().unwrap().chars().collect();
    let first = &top["highlights"][0];
    let marked: String = snippet
        [first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(marked, "医养结合");
    assert!(top["snippetHtml"].as_str().unwrap().contains("<mark>医养结合</mark>"));
}

/// Which hits a filter keeps, judged from the task.
type Keep = Box<dyn Fn(&Value) -> bool>;

#[test]
fn traditional_queries_find_the_simplified_text_and_filters_narrow_without_rescoring() {
    let d = data(&format!(
        r#"{{ simplified: search(query: "居家养老", first: 200) {{ {HIT} }}
             traditional: search(query: "居家養老", first: 200) {{ {HIT} }} }}"#
    ));
    assert_eq!(d["simplified"], d["traditional"]);
    let all = d["simplified"].as_array().unwrap();
    let filters: [(&str, Keep); 4] = [
        (r#"place: "江门市""#, Box::new(|t| t["place"]["name"] == "江门市")),
        (
            "category: CIVIL_AFFAIRS, role: LEAD",
            Box::new(|t| {
                t["leads"].as_array().unwrap().iter().any(|l| l["department"]["category"] == "CIVIL_AFFAIRS")
            }),
        ),
        ("role: SUPPORT", Box::new(|t| !t["supports"].as_array().unwrap().is_empty())),
        (
            "year: 2020",
            Box::new(|t| {
                t["milestones"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["date"].as_str().unwrap().starts_with("2020"))
            }),
        ),
    ];
    for (filter, keep) in filters {
        let d = data(&format!(
            r#"{{ searchResults(query: "居家养老", first: 200, filter: {{ {filter} }}) {{ totalCount hits {{ {HIT} }} }} }}"#
        ));
        let expected: Vec<&Value> = all.iter().filter(|h| keep(&h["task"])).collect();
        let got: Vec<&Value> = d["searchResults"]["hits"].as_array().unwrap().iter().collect();
        assert!(!got.is_empty() && got.len() < all.len(), "{filter}: the filter keeps some hits");
        assert_eq!(got, expected, "{filter}");
        assert_eq!(d["searchResults"]["totalCount"].as_u64().unwrap() as usize, got.len(), "{filter}");
    }
    let page = data(r#"{ search(query: "居家养老", first: 3, offset: 2) { task { id } } }"#);
    let ids: Vec<&Value> = all[2..5].iter().map(|h| &h["task"]["id"]).collect();
    assert_eq!(page["search"].as_array().unwrap().iter().map(|h| &h["task"]["id"]).collect::<Vec<_>>(), ids);
}

/// 江门市's A1 and 三亚市's B1 are one task (B1 in traditional characters),
/// B2 is A1 reworded, B4 is A3 reworded; A2 shares words with A1 and is
/// about something else; B3 matches nothing.
const TABLE_A: &str = "江门市养老服务重点任务分工表
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推进医养结合，支持养老机构与医疗机构开展签约合作。 | 市卫生健康局 | 市民政局 |
| 2 | 推进农村公路建设，支持交通运输企业开展合作。 | 市交通运输局 | 市财政局 |
| 3 | 建立健全老年人能力评估制度。 | 市民政局 | 市卫生健康局 |
";
const TABLE_B: &str = "三亚市养老服务重点任务分工表
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推進醫養結合，支持養老機構與醫療機構開展簽約合作。 | 市衛生健康委 | 市民政局 |
| 2 | 支持养老机构和医疗机构签约合作，推进医养结合。 | 市卫生健康委 | 市民政局 |
| 3 | 加快发展老年教育事业。 | 市教育局 | |
| 4 | 建立老年人能力综合评估制度。 | 市民政局 | |
";

fn hand_made() -> (DutySchema, String, String) {
    let engine = Arc::new(Engine::new(Store::temporary().expect("store")).expect("engine"));
    let mut ids = Vec::new();
    for (name, place, text) in [("a.txt", "江门市", TABLE_A), ("b.txt", "三亚市", TABLE_B)] {
        let source = Source { name: name.into(), place: Some(place.into()), ..Default::default() };
        ids.push(engine.ingest(text.as_bytes(), &source).expect("ingest").document.to_string());
    }
    let schema = api::build_schema(engine, ApiConfig::default());
    (schema, ids.remove(0), ids.remove(0))
}

fn run(schema: &DutySchema, query: &str) -> Value {
    let response = run_on(schema, query);
    assert!(response.errors.is_empty(), "{query}: {:?}", response.errors);
    response.data.into_json().expect("json")
}

#[test]
fn similarity_orders_the_same_task_its_rewording_and_a_task_sharing_words() {
    let (schema, a, b) = hand_made();
    let a1 = format!("T{}-1", &a[1..]);
    let d = run(
        &schema,
        &format!(r#"{{ similarTasks(task: "{a1}", minScore: 0.01) {{ score task {{ text }} }} }}"#),
    );
    let found: Vec<(String, f64)> = d["similarTasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["task"]["text"].as_str().unwrap().to_string(), s["score"].as_f64().unwrap()))
        .collect();
    let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            // As printed, but for the characters 三亚市's table prints both ways.
            "推进医养结合，支持养老机构與医疗机构開展签约合作。",
            "支持养老机构和医疗机构签约合作，推进医养结合。",
            "推进农村公路建设，支持交通运输企业开展合作。",
        ]
    );
    assert_eq!(found[0].1, 1.0, "the same task in traditional characters");
    assert!(
        found[1].1 >= 0.3 && found[2].1 < 0.3,
        "reworded above the default threshold, unrelated below: {found:?}"
    );
    let d = run(&schema, &format!(r#"{{ similarTasks(task: "{a1}") {{ score }} }}"#));
    assert_eq!(
        d["similarTasks"].as_array().unwrap().len(),
        2,
        "the default threshold keeps the two versions"
    );

    let d = run(
        &schema,
        &format!(
            r#"{{ alignDocuments(a: "{a}", b: "{b}") {{ pairs {{ score a {{ number }} b {{ number }} }}
                   onlyInA {{ number }} onlyInB {{ number }} }} }}"#
        ),
    );
    let al = &d["alignDocuments"];
    let pairs: Vec<(String, String)> = al["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["a"]["number"].as_str().unwrap().into(), p["b"]["number"].as_str().unwrap().into()))
        .collect();
    assert_eq!(pairs, [("1".to_string(), "1".to_string()), ("3".to_string(), "4".to_string())]);
    assert_eq!(al["onlyInA"], serde_json::json!([{ "number": "2" }]));
    assert_eq!(al["onlyInB"], serde_json::json!([{ "number": "2" }, { "number": "3" }]));
}

#[test]
fn home_care_across_the_five_seeds_counted_by_hand() {
    let d = data(
        r#"{ topicAcrossPlaces(query: "居家养老") { taskCount divergence
               places { place { name } divergence tasksWithoutLead leadCategories { category count } tasks { id } } } }"#,
    );
    let topic = &d["topicAcrossPlaces"];
    // Read off the seed tables: the tasks whose text, measure, detail or
    // headings say 居家养老 (江门's 平安通 task says it only in its deadline
    // cell, which is not searched), with the category of each one's first
    // lead unit.
    let by_place: Vec<String> = topic["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let cats: Vec<String> = p["leadCategories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| format!("{} {}", c["category"].as_str().unwrap(), c["count"]))
                .collect();
            format!(
                "{}: {} tasks; {}",
                p["place"]["name"].as_str().unwrap(),
                p["tasks"].as_array().unwrap().len(),
                cats.join(", ")
            )
        })
        .collect();
    assert_eq!(
        by_place,
        [
            "三亚市: 6 tasks; CIVIL_AFFAIRS 3, GOVERNMENT 3",
            "咸阳市: 4 tasks; CIVIL_AFFAIRS 2, NATURAL_RESOURCES 1, DATA_GOVERNMENT 1",
            "永州市: 2 tasks; HEALTH 1, GOVERNMENT 1",
            "江门市: 2 tasks; CIVIL_AFFAIRS 1, INDUSTRY_INFORMATION 1",
            "珠海市: 10 tasks; CIVIL_AFFAIRS 6, GOVERNMENT 2, CULTURE_TOURISM_SPORTS 1, AGING 1",
        ]
    );
    assert_eq!(topic["taskCount"], 24);
    // H = −Σ p log2 p: 三亚 3/6, 3/6 → 1 bit; 珠海 6/10, 2/10, 1/10, 1/10 →
    // 0.442 + 0.464 + 0.332 + 0.332 = 1.571 bits; all 24 tasks: 12 civil
    // affairs, 6 government, one each of six others.
    let h = |counts: &[f64]| -> f64 {
        let n: f64 = counts.iter().sum();
        -counts.iter().map(|c| c / n * (c / n).log2()).sum::<f64>()
    };
    let divergence: Vec<f64> =
        topic["places"].as_array().unwrap().iter().map(|p| p["divergence"].as_f64().unwrap()).collect();
    let by_hand =
        [h(&[3.0, 3.0]), h(&[2.0, 1.0, 1.0]), h(&[1.0, 1.0]), h(&[1.0, 1.0]), h(&[6.0, 2.0, 1.0, 1.0])];
    for (got, want) in divergence.iter().zip(by_hand) {
        assert!((got - want).abs() < 1e-12, "{divergence:?}");
    }
    let all = h(&[12.0, 6.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
    assert!((topic["divergence"].as_f64().unwrap() - all).abs() < 1e-12, "{}", topic["divergence"]);
    // The same tasks a plain scan of the catalog finds.
    let cat = seed_catalog();
    let scan = cat
        .tasks()
        .iter()
        .filter(|t| {
            let fields = [
                Some(t.text.as_str()),
                t.measure.as_deref(),
                t.detail.as_deref(),
                t.chapter.as_deref(),
                t.section.as_deref(),
            ];
            fields.iter().flatten().any(|f| f.contains("居家养老"))
        })
        .count();
    assert_eq!(scan, 24);
}
