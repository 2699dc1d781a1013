//! `divergentTopics`: the topics whose places give them to the most
//! different kinds of lead unit, on small hand-made tables (every number
//! counted by hand) and on the five seeds.

use std::sync::Arc;

use dutygraph::api::{self, ApiConfig, DutySchema};
use dutygraph::engine::Engine;
use dutygraph::ingest::Source;
use dutygraph::store::Store;
use serde_json::Value;

use crate::support_api::{data, error_of, run_on};

/// Five topics over three places (source order: 三亚市, 咸阳市, 江门市):
/// - P 医养结合: three rewordings (pairwise J 0.81, 0.82, 0.67), led by
///   health, medical security and civil affairs: log2 3 bits.
/// - R 智慧养老平台: one text in two places, led by civil affairs and by
///   industry and information: 1 bit.
/// - Q 老年教育: a chain, 加快…教育 ~ 大力…教育 ~ 大力…体育 (J 0.64 each) but
///   加快…教育 ≁ 大力…体育 (J 0.38): 江门's 大力…教育 is similar to both, so
///   it is the representative though last in source order. All led by
///   education: 0 bits, three places.
/// - T 幸福院 (三亚, 江门) and S 养老院质量 (咸阳, 江门): one text each, led
///   by civil affairs everywhere: 0 bits, two places; T first, its
///   representative (三亚's) being earlier in source order than S's
///   (咸阳's).
/// - 咸阳's 能力评估 is in no other place.
const SANYA: &str = "三亚市养老服务重点任务分工表
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推进医养结合，支持养老机构与医疗机构签约合作。 | 市卫生健康委 | 市民政局 |
| 2 | 建设智慧养老服务信息平台。 | 市工业和信息化局 | 市民政局 |
| 3 | 加快发展老年教育事业。 | 市教育局 | |
| 4 | 推进农村幸福院建设。 | 市民政局 | 市财政局 |
";
const XIANYANG: &str = "咸阳市养老服务重点任务分工表
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推进医养结合，支持养老机构和医疗机构开展签约合作。 | 市医疗保障局 | 市民政局 |
| 2 | 大力发展老年体育事业。 | 市教育局 | 市体育局 |
| 3 | 开展养老院服务质量建设专项行动。 | 市民政局 | |
| 4 | 建立老年人能力综合评估制度。 | 市民政局 | 市卫生健康委 |
";
const JIANGMEN: &str = "江门市养老服务重点任务分工表
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推进医养结合，支持养老机构和医疗机构签约合作。 | 市民政局 | 市卫生健康局 |
| 2 | 建设智慧养老服务信息平台。 | 市民政局 | |
| 3 | 大力发展老年教育事业。 | 市教育局 | |
| 4 | 推进农村幸福院建设。 | 市民政局 | |
| 5 | 开展养老院服务质量建设专项行动。 | 市民政局 | |
";

fn schema() -> DutySchema {
    let engine = Arc::new(Engine::new(Store::temporary().expect("store")).expect("engine"));
    for (name, place, text) in
        [("s.txt", "三亚市", SANYA), ("x.txt", "咸阳市", XIANYANG), ("j.txt", "江门市", JIANGMEN)]
    {
        let source = Source { name: name.into(), place: Some(place.into()), ..Default::default() };
        engine.ingest(text.as_bytes(), &source).expect("ingest");
    }
    api::build_schema(engine, ApiConfig::default())
}

fn run(schema: &DutySchema, query: &str) -> Value {
    let response = run_on(schema, query);
    assert!(response.errors.is_empty(), "{query}: {:?}", response.errors);
    response.data.into_json().expect("json")
}

const TOPIC: &str = "rank divergence placeCount taskCount
    representative { number place { name } }
    topic { divergence taskCount places { place { name } divergence tasks { number } leadCategories { category count } } }";

/// Each topic as "representative place #number: places, tasks, bits".
fn summary(topics: &Value) -> Vec<String> {
    topics
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let rep = &t["representative"];
            format!(
                "{} {}#{}: {} places, {} tasks, {:.3} bits",
                t["rank"],
                rep["place"]["name"].as_str().unwrap(),
                rep["number"].as_str().unwrap(),
                t["placeCount"],
                t["taskCount"],
                t["divergence"].as_f64().unwrap()
            )
        })
        .collect()
}

#[test]
fn topics_rank_by_divergence_then_places_then_source_order_counted_by_hand() {
    let schema = schema();
    let d = run(&schema, &format!("{{ divergentTopics {{ {TOPIC} }} }}"));
    let topics = &d["divergentTopics"];
    assert_eq!(
        summary(topics),
        [
            "1 三亚市#1: 3 places, 3 tasks, 1.585 bits",
            "2 三亚市#2: 2 places, 2 tasks, 1.000 bits",
            "3 江门市#3: 3 places, 3 tasks, 0.000 bits",
            "4 三亚市#4: 2 places, 2 tasks, 0.000 bits",
            "5 咸阳市#3: 2 places, 2 tasks, 0.000 bits",
        ]
    );
    let bits: Vec<f64> =
        topics.as_array().unwrap().iter().map(|t| t["divergence"].as_f64().unwrap()).collect();
    assert!((bits[0] - 3f64.log2()).abs() < 1e-12 && bits[1] == 1.0, "{bits:?}");
    assert!(bits[2..].iter().all(|b| *b == 0.0 && b.is_sign_positive()), "{bits:?}");
    // The breakdown is topicAcrossPlaces's: P's three places each led by
    // one category.
    let p = &topics[0]["topic"];
    assert_eq!(p["divergence"], topics[0]["divergence"]);
    let leads: Vec<String> = p["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pl| {
            let c = &pl["leadCategories"][0];
            format!(
                "{} {} {}",
                pl["place"]["name"].as_str().unwrap(),
                c["category"].as_str().unwrap(),
                c["count"]
            )
        })
        .collect();
    assert_eq!(leads, ["三亚市 HEALTH 1", "咸阳市 MEDICAL_SECURITY 1", "江门市 CIVIL_AFFAIRS 1"]);
    // Q holds the chain's three tasks around its middle.
    let q: Vec<String> = topics[2]["topic"]["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pl| {
            format!(
                "{} {}",
                pl["place"]["name"].as_str().unwrap(),
                pl["tasks"][0]["number"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(q, ["三亚市 3", "咸阳市 2", "江门市 3"]);

    // `first` cuts the ranking; `minPlaces: 3` keeps P and Q; `minPlaces: 1`
    // adds 咸阳's 能力评估 last (0 bits, one place).
    let d = run(&schema, &format!("{{ divergentTopics(first: 2) {{ {TOPIC} }} }}"));
    assert_eq!(summary(&d["divergentTopics"]).len(), 2);
    let d = run(&schema, &format!("{{ divergentTopics(minPlaces: 3) {{ {TOPIC} }} }}"));
    assert_eq!(
        summary(&d["divergentTopics"]),
        ["1 三亚市#1: 3 places, 3 tasks, 1.585 bits", "2 江门市#3: 3 places, 3 tasks, 0.000 bits"]
    );
    let d = run(&schema, &format!("{{ divergentTopics(minPlaces: 1) {{ {TOPIC} }} }}"));
    let all = summary(&d["divergentTopics"]);
    assert_eq!(all.len(), 6);
    assert_eq!(all[5], "6 咸阳市#4: 1 places, 1 tasks, 0.000 bits");
    // At J ≥ 0.7 the chain breaks (0.64) and Q is gone; P's 0.67 pair too,
    // but both of its pairs with 江门's wording hold.
    let d = run(&schema, &format!("{{ divergentTopics(minScore: 0.7) {{ {TOPIC} }} }}"));
    let high = summary(&d["divergentTopics"]);
    assert!(!high.iter().any(|t| t.contains("江门市#3")), "{high:?}");
    assert_eq!(high[0], "1 江门市#1: 3 places, 3 tasks, 1.585 bits");
    // Places narrow the tasks before clustering: without 咸阳 P has two
    // places (1 bit) and S is gone.
    let d = run(&schema, &format!(r#"{{ divergentTopics(places: ["三亚", "江门市"]) {{ {TOPIC} }} }}"#));
    assert_eq!(
        summary(&d["divergentTopics"]),
        [
            "1 三亚市#1: 2 places, 2 tasks, 1.000 bits",
            "2 三亚市#2: 2 places, 2 tasks, 1.000 bits",
            "3 三亚市#3: 2 places, 2 tasks, 0.000 bits",
            "4 三亚市#4: 2 places, 2 tasks, 0.000 bits",
        ]
    );
}

#[test]
fn arguments_out_of_range_are_refused() {
    let schema = schema();
    for (args, code_is, says) in [
        ("minScore: 0.2", "BAD_USER_INPUT", "`minScore: 0.2` is out of range"),
        ("minScore: 1.5", "BAD_USER_INPUT", "`minScore: 1.5` is out of range"),
        ("minPlaces: 0", "BAD_USER_INPUT", "`minPlaces: 0` is out of range"),
        ("first: 201", "BAD_USER_INPUT", "`first: 201` is out of range"),
        (r#"places: ["火星市"]"#, "NOT_FOUND", "no place named `火星市`"),
    ] {
        let (code, message) = error_of(&schema, format!("{{ divergentTopics({args}) {{ rank }} }}"));
        assert_eq!(code, code_is, "{args}: {message}");
        assert!(message.contains(says), "{args}: {message}");
    }
}

#[test]
fn every_task_of_a_seed_topic_is_similar_to_its_representative() {
    let d = data(
        "{ divergentTopics(minScore: 0.3) { divergence placeCount taskCount
             representative { id text place { name } }
             topic { places { place { name } tasks { id } } } } }",
    );
    let topics = d["divergentTopics"].as_array().unwrap();
    // Read off the seed tables: 江门's 18 加强综合功能居家社区养老服务设施建设
    // (led by 市民政局) with its 5 落实居家社区养老服务设施配建标准 (市自然资源局)
    // and 珠海's 4 制定《珠海市社区养老服务设施建设运营补贴办法》 (市民政局):
    // civil affairs 2 of 3, natural resources 1 → 0.918 bits.
    let top = &topics[0];
    assert_eq!(top["representative"]["text"], "加强综合功能居家社区养老服务设施建设。");
    assert_eq!((top["placeCount"].as_u64(), top["taskCount"].as_u64()), (Some(2), Some(3)));
    let h = -(2.0 / 3.0 * (2.0f64 / 3.0).log2() + 1.0 / 3.0 * (1.0f64 / 3.0).log2());
    assert!((top["divergence"].as_f64().unwrap() - h).abs() < 1e-12, "{}", top["divergence"]);
    for t in topics {
        let rep = t["representative"]["id"].as_str().unwrap();
        let similar = data(&format!(
            r#"{{ similarTasks(task: "{rep}", minScore: 0.3, first: 200) {{ task {{ id }} }} }}"#
        ));
        let mut near: Vec<&str> = similar["similarTasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["task"]["id"].as_str().unwrap())
            .collect();
        near.push(rep);
        for place in t["topic"]["places"].as_array().unwrap() {
            for task in place["tasks"].as_array().unwrap() {
                assert!(near.contains(&task["id"].as_str().unwrap()), "{task} is not similar to {rep}");
            }
        }
    }
}
