//! Hostile GraphQL over HTTP, through the whole poem app in process: every
//! limit of `ApiConfig` and the transport is hit by the request shape it is
//! there for, and each is refused before any resolver runs (or, for the
//! timeout, stopped while resolvers run).

use std::time::{Duration, Instant};

use async_graphql::Request;
use dutygraph::api::http::MAX_BATCH;
use dutygraph::api::Deadline;
use dutygraph::server::{self, ServerConfig};
use poem::http::StatusCode;
use poem::test::TestClient;
use poem::Endpoint;
use serde_json::{json, Value};

use crate::support_api::{run_on, SEEDED};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const TOKEN: &str = "abuse-test-token";

fn client_with(config: ServerConfig) -> TestClient<impl Endpoint> {
    TestClient::new(server::app(SEEDED.engine.clone(), &config))
}

fn client() -> TestClient<impl Endpoint> {
    client_with(ServerConfig::default())
}

/// POSTs `body` asking for `application/graphql-response+json`; returns the
/// status and the JSON answer.
async fn post(cli: &TestClient<impl Endpoint>, body: Value, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = cli.post("/graphql").header("accept", GRAPHQL_RESPONSE).body_json(&body);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await;
    let status = response.0.status();
    let text = response.0.into_body().into_string().await.expect("UTF-8 body");
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:.300}"));
    (status, json)
}

async fn query(cli: &TestClient<impl Endpoint>, query: &str) -> (StatusCode, Value) {
    post(cli, json!({ "query": query }), None).await
}

/// The start of an answer, for failure messages.
fn short(answer: &Value) -> String {
    answer.to_string().chars().take(400).collect()
}

fn first_error(answer: &Value) -> String {
    answer["errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {}", short(answer)))
        .to_string()
}

/// A request error: 400, no `data`, a message naming the limit.
fn assert_refused(status: StatusCode, answer: &Value, words: &[&str]) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{}", short(answer));
    assert!(answer.get("data").is_none(), "{}", short(answer));
    let message = first_error(answer).to_lowercase();
    assert!(words.iter().any(|w| message.contains(w)), "expected one of {words:?} in `{message}`");
}

#[tokio::test]
async fn deep_queries_are_refused() {
    let cli = client();
    let deep = format!(
        r#"{{ task(id: "T0000000000000000-1") {{ {} id {} }} }}"#,
        "units { task { ".repeat(9),
        "} } ".repeat(9)
    );
    let (status, answer) = query(&cli, &deep).await;
    assert_refused(status, &answer, &["nested too deep"]);
}

/// `fragment F<i> { ...F<i-1> ×width }`: `levels` levels expand to
/// width^levels selections while the text stays about a kilobyte.
fn exponential_fragments(levels: usize, width: usize) -> String {
    let mut text = String::from("query Bomb { ...F0 }\nfragment F0 on Query { __typename }\n");
    for level in 1..=levels {
        let spreads = format!("...F{} ", level - 1).repeat(width);
        text.push_str(&format!("fragment F{level} on Query {{ {spreads}}}\n"));
    }
    // The operation spreads the last fragment.
    text.replacen("...F0 }", &format!("...F{levels} }}"), 1)
}

#[tokio::test]
async fn exponential_fragments_are_refused_at_once() {
    let cli = client();
    // Deep and binary: 2^30 selections; wide and shallow, under the
    // recursion limit: 5^12 selections. Both around a kilobyte.
    for (levels, width) in [(30, 2), (12, 5)] {
        let bomb = exponential_fragments(levels, width);
        assert!(bomb.len() < 1500, "{} bytes", bomb.len());
        // Our linear-time size check must refuse it: async-graphql's own
        // checks would expand every spread first and run for minutes.
        let (status, answer) = query(&cli, &bomb).await;
        assert_refused(status, &answer, &["expands to"]);
    }
}

#[tokio::test]
async fn connection_sizes_count_towards_complexity() {
    let cli = client();
    let nested = "{ tasks(first: 200) { edges { node { leads { department { ledTasks(first: 200) { edges { node { text } } } } } } } } }";
    let (status, answer) = query(&cli, nested).await;
    assert_refused(status, &answer, &["too complex"]);
    // The same shape with small pages is accepted: the size is what counts.
    let small = nested.replace("200", "2");
    let (status, answer) = query(&cli, &small).await;
    assert_eq!(status, StatusCode::OK, "{}", short(&answer));
    assert!(answer.get("errors").is_none(), "{}", short(&answer));
}

#[tokio::test]
async fn many_directives_are_refused() {
    let cli = client();
    let directives = "@include(if: true) ".repeat(9);
    let (status, answer) = query(&cli, &format!("{{ __typename {directives} }}")).await;
    assert_refused(status, &answer, &["directives"]);
}

#[tokio::test]
async fn many_aliases_and_fields_are_refused() {
    let cli = client();
    let aliases = |n: usize, selection: &str| -> String {
        (1..=n).map(|i| format!("a{i}: {selection} ")).collect::<String>()
    };
    // Each alias of `tasks` scans every task; the complexity limit prices
    // 500 of them as affordable pages, the alias limit does not.
    for selection in ["tasks { totalCount }", "search(query: \"养老\") { score }", "__typename"] {
        let (status, answer) = query(&cli, &format!("{{ {} }}", aliases(500, selection))).await;
        assert_refused(status, &answer, &["aliases"]);
    }
    // A handful of aliases is normal use.
    let (status, answer) = query(&cli, &format!("{{ {} }}", aliases(5, "tasks { totalCount }"))).await;
    assert_eq!(status, StatusCode::OK, "{}", short(&answer));
    // Without aliases, the same field repeated is one field to execute but
    // still a walk for every validation rule: counted too.
    let (status, answer) = query(&cli, &format!("{{ {} }}", "__typename ".repeat(60_000))).await;
    assert_refused(status, &answer, &["expands to"]);
}

#[tokio::test]
async fn batches_over_the_cap_are_refused() {
    let cli = client();
    let one = json!({ "query": "{ __typename }" });
    let (status, answer) = post(&cli, Value::Array(vec![one.clone(); MAX_BATCH]), None).await;
    assert_eq!(status, StatusCode::OK, "{}", short(&answer));
    assert_eq!(answer.as_array().map(Vec::len), Some(MAX_BATCH));
    let (status, answer) = post(&cli, Value::Array(vec![one; MAX_BATCH + 1]), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{}", short(&answer));
    assert!(first_error(&answer).contains(&format!("at most {MAX_BATCH}")), "{}", short(&answer));
}

#[tokio::test]
async fn introspection_stays_on() {
    let (status, answer) =
        query(&client(), "{ __schema { queryType { name } mutationType { name } } }").await;
    assert_eq!(status, StatusCode::OK, "{}", short(&answer));
    assert_eq!(answer["data"]["__schema"]["queryType"]["name"], "Query");
}

/// A query that walks every task with its units and milestones.
const HEAVY: &str = "{ tasks(first: 200) { edges { node { text leads { department { name ledTasks(first: 5) { totalCount } } } supports { department { name } } milestones { date } } } } }";

#[tokio::test]
async fn a_slow_operation_is_answered_with_timeout_promptly() {
    let cli =
        client_with(ServerConfig { request_timeout: Duration::from_millis(1), ..ServerConfig::default() });
    let (status, answer) = query(&cli, HEAVY).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{}", short(&answer));
    assert_eq!(answer["errors"][0]["extensions"]["code"], "TIMEOUT");
    assert!(answer.get("data").is_none());
}

#[test]
fn the_deadline_stops_resolvers_that_never_yield() {
    // The deadline has passed before execution starts: no field may run.
    // Without the check every resolver here runs to the end (none awaits),
    // whatever the timeout around it says.
    let request = Request::new(HEAVY).data(Deadline(Instant::now()));
    let response = run_on(&SEEDED.schema, request);
    assert!(response.errors.iter().any(|e| {
        e.extensions.as_ref().and_then(|x| x.get("code")) == Some(&async_graphql::Value::from("TIMEOUT"))
    }));
    let data = response.data.into_json().unwrap();
    assert!(data.get("tasks").is_none_or(Value::is_null), "{}", short(&data));
    // The same query with time to spare answers in full.
    let full =
        run_on(&SEEDED.schema, Request::new(HEAVY).data(Deadline(Instant::now() + Duration::from_secs(60))));
    assert!(full.errors.is_empty(), "{:?}", full.errors);
}

#[tokio::test]
async fn mutations_need_the_right_bearer_token() {
    let cli = client_with(ServerConfig { write_token: Some(TOKEN.into()), ..ServerConfig::default() });
    // A well-formed id no document has: a successful call changes nothing.
    let remove = json!({ "query": "mutation { removeDocument(id: \"D00000000000000ff\") }" });
    for token in [None, Some("wrong-token"), Some("abuse-test-toke"), Some("ABUSE-TEST-TOKEN"), Some("")] {
        let (status, answer) = post(&cli, remove.clone(), token).await;
        assert_eq!(status, StatusCode::OK, "{}", short(&answer));
        assert_eq!(
            answer["errors"][0]["extensions"]["code"],
            "UNAUTHENTICATED",
            "{token:?}: {}",
            short(&answer)
        );
        assert!(!answer.to_string().contains(TOKEN), "the token is never echoed");
    }
    let (_, answer) = post(&cli, remove, Some(TOKEN)).await;
    assert_eq!(answer, json!({ "data": { "removeDocument": false } }));
}

#[tokio::test]
async fn mutations_are_refused_when_no_token_is_configured() {
    let remove = json!({ "query": "mutation { removeDocument(id: \"D00000000000000ff\") }" });
    let (_, answer) = post(&client(), remove, Some(TOKEN)).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{}", short(&answer));
}
