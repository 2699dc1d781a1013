//! Documents over time, through the schema: dates read and given,
//! `documentChanges` between two documents of one place, `asOf` rankings,
//! loads and networks, and `diffusion` across places; every expected value
//! counted by hand from the small tables below.

use dutygraph::api::DutySchema;
use dutygraph::ingest::Source;
use serde_json::{json, Value};

use crate::support_api::{fresh_schema, run_on, with_token, TOKEN};

/// 韶关市's 2019 notice: signed 2019年8月12日 (its number says 〔2019〕 too).
const SHAOGUAN_2019: &str = "韶关市人民政府办公室关于印发养老服务重点任务分工的通知
韶府办〔2019〕12号
各县（市、区）人民政府，市直各有关单位：
现将养老服务重点任务分工印发给你们，请认真贯彻落实。
韶关市人民政府办公室
2019年8月12日
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 建立老年人能力综合评估制度，开展评估工作。 | 市民政局 | 市卫生健康委 |
| 2 | 推进医养结合，支持养老机构和医疗机构签约合作。 | 市民政局 | 市卫生健康委 |
| 3 | 加快发展老年教育事业。 | 市教育局 | 市民政局 |
";

/// Its 2021 successor: task 1 reworded, task 2 led by 市卫生健康委 now with
/// 市民政局 supporting, 老年教育 dropped, a platform added.
const SHAOGUAN_2021: &str = "韶关市人民政府办公室关于印发养老服务重点任务分工（2021年）的通知
韶府办〔2021〕5号
韶关市人民政府办公室
2021年3月5日
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 建立老年人能力综合评估制度，全面开展评估工作。 | 市民政局 | 市卫生健康委 |
| 2 | 推进医养结合，支持养老机构与医疗机构签约合作。 | 市卫生健康委 | 市民政局 |
| 3 | 建设智慧养老服务平台。 | 市工业和信息化局 | |
";

/// 清远市, dated only by its number 〔2018〕.
const QINGYUAN_2018: &str = "清远市民政局关于印发养老服务任务清单的通知
清民〔2018〕7号
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推进医养结合，支持养老机构和医疗机构开展签约合作。 | 市卫生健康局 | 市民政局 |
| 2 | 开展养老院服务质量建设专项行动。 | 市民政局 | 市市场监督管理局 |
";

/// 河源市, undated.
const HEYUAN: &str = "河源市养老服务重点任务分工表
| 序号 | 重点任务 | 牵头单位 | 配合单位 |
| 1 | 推进医养结合，支持养老机构和医疗机构签约合作。 | 市民政局 | |
| 2 | 推进农村幸福院建设。 | 市民政局 | 市财政局 |
";

/// Four small documents: 韶关市's 2019 notice (`a`) and its 2021 successor
/// (`b`), 清远市 dated by its number, 河源市 undated. Also what the
/// dashboard's time views are tested on (`dashboard.rs`).
pub(crate) struct Fixture {
    pub(crate) schema: DutySchema,
    pub(crate) a: String,
    pub(crate) b: String,
}

pub(crate) fn fixture() -> Fixture {
    let (engine, schema) = fresh_schema(false);
    let ingest = |name: &str, place: &str, text: &str| {
        let source = Source {
            name: name.into(),
            place: Some(place.into()),
            policy_area: Some("elderly care".into()),
            ..Default::default()
        };
        engine.ingest(text.as_bytes(), &source).expect("ingest").document.to_string()
    };
    let a = ingest("shaoguan_2019.txt", "韶关市", SHAOGUAN_2019);
    let b = ingest("shaoguan_2021.txt", "韶关市", SHAOGUAN_2021);
    ingest("qingyuan.txt", "清远市", QINGYUAN_2018);
    ingest("heyuan.txt", "河源市", HEYUAN);
    Fixture { schema, a, b }
}

fn run(schema: &DutySchema, query: &str) -> Value {
    let response = run_on(schema, query);
    assert!(response.errors.is_empty(), "{query}: {:?}", response.errors);
    response.data.into_json().expect("json")
}

fn numbers(tasks: &Value) -> Vec<&str> {
    tasks.as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap()).collect()
}

#[test]
fn documents_are_dated_from_their_date_line_number_or_the_caller() {
    let f = fixture();
    let d = run(
        &f.schema,
        r#"{ documents { place { name } date dateSource { label precision source text line } } }"#,
    );
    let dates: Vec<Value> = d["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| json!([d["place"]["name"], d["date"], d["dateSource"]]))
        .collect();
    let line = |label, precision, source, text, line| json!({ "label": label, "precision": precision, "source": source, "text": text, "line": line });
    assert_eq!(
        dates,
        [
            json!(["河源市", null, null]),
            json!(["清远市", "2018-01-01", line("2018", "YEAR", "DOCUMENT_NUMBER", "清民〔2018〕7号", 2)]),
            json!(["韶关市", "2019-08-12", line("2019-08-12", "DAY", "DATE_LINE", "2019年8月12日", 6)]),
            json!(["韶关市", "2021-03-05", line("2021-03-05", "DAY", "DATE_LINE", "2021年3月5日", 4)]),
        ]
    );
    // A date given at ingest beats the text's.
    let query = format!(
        r#"mutation {{ ingestDocument(text: {}, place: "梅州市", date: "2020-02-29") {{ documentId }} }}"#,
        serde_json::to_string(&SHAOGUAN_2019.replace("韶关", "梅州")).unwrap()
    );
    let response = run_on(&f.schema, with_token(&query, Some(TOKEN)));
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let id = response.data.into_json().unwrap()["ingestDocument"]["documentId"].clone();
    let d = run(&f.schema, &format!("{{ document(id: {id}) {{ date dateSource {{ source line }} }} }}"));
    assert_eq!(
        d["document"],
        json!({ "date": "2020-02-29", "dateSource": { "source": "GIVEN", "line": null } })
    );
}

#[test]
fn document_changes_between_two_documents_of_one_place_counted_by_hand() {
    let f = fixture();
    let d = run(
        &f.schema,
        &format!(
            r#"{{ documentChanges(a: "{}", b: "{}") {{
                kept {{ a {{ number }} b {{ number }} score }} dropped {{ number }} added {{ number }}
                departments {{ department {{ name }} leadBefore leadAfter supportBefore supportAfter changed
                    roleChanges {{ a {{ number }} b {{ number }} before after }} }} }} }}"#,
            f.a, f.b
        ),
    );
    let c = &d["documentChanges"];
    let kept: Vec<(&str, &str)> = c["kept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["a"]["number"].as_str().unwrap(), p["b"]["number"].as_str().unwrap()))
        .collect();
    assert_eq!(kept, [("1", "1"), ("2", "2")]);
    assert!(c["kept"].as_array().unwrap().iter().all(|p| p["score"].as_f64().unwrap() >= 0.3));
    assert_eq!(numbers(&c["dropped"]), ["3"], "老年教育");
    assert_eq!(numbers(&c["added"]), ["3"], "智慧养老服务平台");
    let departments: Vec<Value> = c["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let changes: Vec<String> = d["roleChanges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| format!("{}→{} {}→{}", r["a"]["number"], r["b"]["number"], r["before"], r["after"]))
                .collect();
            json!([
                d["department"]["name"],
                [d["leadBefore"], d["leadAfter"]],
                [d["supportBefore"], d["supportAfter"]],
                d["changed"],
                changes
            ])
        })
        .collect();
    assert_eq!(
        departments,
        [
            json!(["市卫生健康委员会", [0, 1], [2, 1], true, [r#""2"→"2" "SUPPORT"→"LEAD""#]]),
            json!(["市工业和信息化局", [0, 1], [0, 0], true, []]),
            json!(["市教育局", [1, 0], [0, 0], true, []]),
            json!(["市民政局", [2, 1], [1, 1], true, [r#""2"→"2" "LEAD"→"SUPPORT""#]]),
        ]
    );
    // Two places cannot be compared this way.
    let other = run(&f.schema, r#"{ documents(place: "清远市") { id } }"#);
    let query = format!(
        r#"{{ documentChanges(a: "{}", b: {}) {{ kept {{ score }} }} }}"#,
        f.a, other["documents"][0]["id"]
    );
    let response = run_on(&f.schema, query.as_str());
    let message = &response.errors[0].message;
    assert!(
        message.contains("two places") && message.contains("韶关市") && message.contains("清远市"),
        "{message}"
    );
}

#[test]
fn as_of_rankings_loads_and_networks_count_the_documents_in_force_then() {
    let f = fixture();
    let ranking = |as_of: &str| {
        let arg = if as_of.is_empty() { String::new() } else { format!(r#", asOf: "{as_of}""#) };
        let d = run(
            &f.schema,
            &format!(
                r#"{{ rankings(scope: {{ places: ["韶关市"] }}, by: ANY_LEAD{arg}) {{ totalTasks entries {{ name count }} }}
                    loadRanking(scope: {{ places: ["韶关市"] }}{arg}) {{ department {{ name }} }}
                    network(scope: {{ places: ["韶关市"] }}{arg}) {{ summary {{ nodes edges }} }} }}"#
            ),
        );
        let r = &d["rankings"][0];
        let entries: Vec<String> = r["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {}", e["name"].as_str().unwrap(), e["count"]))
            .collect();
        let mut loaded: Vec<&str> = d["loadRanking"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["department"]["name"].as_str().unwrap())
            .collect();
        loaded.sort_unstable();
        let s = &d["network"]["summary"];
        (
            r["totalTasks"].as_u64().unwrap(),
            entries,
            loaded.join(" "),
            (s["nodes"].clone(), s["edges"].clone()),
        )
    };
    // Before the first notice nothing is in force.
    assert_eq!(ranking("2019-08-11"), (0, vec![], String::new(), (json!(0), json!(0))));
    // The 2019 notice alone: 民政 leads tasks 1 and 2, 教育 task 3; three
    // departments, all pairs sharing a task.
    let in_2020 = ranking("2020-01-01");
    assert_eq!(in_2020.0, 3);
    // Every department of the network is ranked, 市卫生健康委员会 with no lead.
    assert_eq!(in_2020.1, ["市民政局 2", "市教育局 1", "市卫生健康委员会 0"]);
    assert_eq!(in_2020.2, "市卫生健康委员会 市教育局 市民政局");
    assert_eq!(in_2020.3, (json!(3), json!(2)));
    // From 2021-03-05 the 2021 notice supersedes it (same place, same policy area).
    let in_2021 = ranking("2021-03-05");
    assert_eq!(in_2021.0, 3);
    assert_eq!(in_2021.1, ["市卫生健康委员会 1", "市工业和信息化局 1", "市民政局 1"]);
    assert_eq!(in_2021.3, (json!(3), json!(1)));
    // Without `asOf` both count.
    let now = ranking("");
    assert_eq!(now.0, 6);
    assert_eq!(now.1, ["市民政局 3", "市卫生健康委员会 1", "市工业和信息化局 1", "市教育局 1"]);
    // The load of one department as of a date reads the same documents.
    let d = run(
        &f.schema,
        r#"{ coordinationLoad(department: "韶关市教育局", asOf: "2020-01-01") { lead support } }"#,
    );
    assert_eq!(d["coordinationLoad"], json!({ "lead": 1, "support": 0 }));
}

#[test]
fn diffusion_orders_places_by_their_first_dated_document_on_the_cluster() {
    let f = fixture();
    let d = run(
        &f.schema,
        r#"{ diffusion(query: "医养结合") { place { name } rank dated date dateSource { source }
              firstTask { number document { date } } leads { name } taskCount } }"#,
    );
    let got: Vec<Value> = d["diffusion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let leads: Vec<&Value> = a["leads"].as_array().unwrap().iter().map(|l| &l["name"]).collect();
            json!([
                a["place"]["name"],
                a["rank"],
                a["dated"],
                a["date"],
                a["dateSource"]["source"],
                a["firstTask"]["number"],
                a["firstTask"]["document"]["date"],
                leads,
                a["taskCount"]
            ])
        })
        .collect();
    assert_eq!(
        got,
        [
            json!([
                "清远市",
                1,
                true,
                "2018-01-01",
                "DOCUMENT_NUMBER",
                "1",
                "2018-01-01",
                ["市卫生健康委员会"],
                1
            ]),
            // The 2019 notice's task 2, led then by 市民政局; the 2021 one's task 2 is in the cluster too.
            json!(["韶关市", 2, true, "2019-08-12", "DATE_LINE", "2", "2019-08-12", ["市民政局"], 2]),
            json!(["河源市", null, false, null, null, "1", null, ["市民政局"], 1]),
        ]
    );
    let first = run(&f.schema, r#"{ diffusion(query: "医养结合", first: 1) { place { name } } }"#);
    assert_eq!(first["diffusion"], json!([{ "place": { "name": "清远市" } }]));
}
