use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, Variables};

use super::params::*;
use super::*;

const GR: Option<MediaType> = Some(MediaType::GraphqlResponse);
const JSON: Option<MediaType> = Some(MediaType::Json);

#[test]
fn negotiation_prefers_the_named_graphql_response_type() {
    assert_eq!(negotiate(Some("application/graphql-response+json")), GR);
    assert_eq!(negotiate(Some("application/graphql-response+json, application/json;q=0.9")), GR);
    assert_eq!(negotiate(Some("Application/GraphQL-Response+JSON; charset=utf-8")), GR);
    assert_eq!(negotiate(Some("application/graphql-response+json, */*;q=0.5")), GR);
}

#[test]
fn negotiation_falls_back_to_json_for_wildcards_and_absence() {
    assert_eq!(negotiate(None), JSON);
    assert_eq!(negotiate(Some("  ")), JSON);
    assert_eq!(negotiate(Some("*/*")), JSON);
    assert_eq!(negotiate(Some("application/*")), JSON);
    assert_eq!(negotiate(Some("application/json")), JSON);
    assert_eq!(negotiate(Some("text/html,application/xhtml+xml,*/*;q=0.8")), JSON);
    assert_eq!(negotiate(Some("application/json, application/graphql-response+json;q=0.5")), JSON);
    assert_eq!(negotiate(Some("application/graphql-response+json;q=0, application/json")), JSON);
}

#[test]
fn negotiation_refuses_clients_accepting_no_json() {
    assert_eq!(negotiate(Some("text/html")), None);
    assert_eq!(negotiate(Some("application/json;q=0")), None);
    assert_eq!(negotiate(Some("image/png, text/*")), None);
}

#[test]
fn content_type_must_be_utf8_json() {
    assert_eq!(check_content_type(Some("application/json")), Ok(()));
    assert_eq!(check_content_type(Some("application/json; charset=UTF-8")), Ok(()));
    assert_eq!(check_content_type(Some("Application/JSON;charset=\"utf-8\"")), Ok(()));
    for refused in [None, Some("text/plain"), Some("application/json; charset=latin1")] {
        assert_eq!(check_content_type(refused).unwrap_err().status, 415, "{refused:?}");
    }
}

fn post(body: &str) -> Result<Operations, Refusal> {
    post_params(Some("application/json"), body.as_bytes(), MAX_BATCH)
}

#[test]
fn post_bodies_are_checked_parameter_by_parameter() {
    let Ok(Operations::Single(params)) =
        post(r#"{"query":"{ a }","operationName":"A","variables":{"x":1},"extensions":{"e":true}}"#)
    else {
        panic!("a full request must be accepted");
    };
    assert_eq!(params.query, "{ a }");
    assert_eq!(params.operation_name.as_deref(), Some("A"));
    assert_eq!(params.variables, Some(json!({"x": 1}).as_object().unwrap().clone()));
    assert!(post(r#"{"query":"{ a }","operationName":null,"variables":null,"extensions":null}"#).is_ok());
    for malformed in [
        "",
        "  ",
        "{ \"not a JSON",
        "42",
        r#""{ a }""#,
        r#"{"notquery":"{ a }"}"#,
        r#"{"query":null}"#,
        r#"{"query":{"obj":"ect"}}"#,
        r#"{"query":0}"#,
        r#"{"query":false}"#,
        r#"{"query":["array"]}"#,
        r#"{"query":"{ a }","operationName":0}"#,
        r#"{"query":"{ a }","variables":"string"}"#,
        r#"{"query":"{ a }","variables":["array"]}"#,
        r#"{"query":"{ a }","extensions":false}"#,
    ] {
        assert_eq!(post(malformed).unwrap_err().status, 400, "{malformed}");
    }
}

#[test]
fn batches_are_capped() {
    let one = r#"{"query":"{ a }"}"#;
    let batch = |n: usize| format!("[{}]", vec![one; n].join(","));
    assert!(matches!(post(&batch(MAX_BATCH)), Ok(Operations::Batch(b)) if b.len() == MAX_BATCH));
    let refused = post(&batch(MAX_BATCH + 1)).unwrap_err();
    assert_eq!(refused.status, 400);
    assert!(refused.message.contains("at most 10"), "{}", refused.message);
    assert_eq!(post("[]").unwrap_err().status, 400);
    assert!(post(r#"[{"query":"{ a }"}, 3]"#).unwrap_err().message.contains("entry 1"));
}

#[test]
fn get_parameters_are_form_decoded() {
    let params = get_params(
        "query=query+Q(%24n%3A+String!)+%7B+a+%7D&operationName=Q&variables=%7B%22n%22%3A%22%E6%B1%9F%E9%97%A8%22%7D&other=1",
    )
    .unwrap();
    assert_eq!(params.query, "query Q($n: String!) { a }");
    assert_eq!(params.operation_name.as_deref(), Some("Q"));
    assert_eq!(params.variables, Some(json!({"n": "江门"}).as_object().unwrap().clone()));
    assert!(get_params("query=%7Ba%7D&variables=").unwrap().variables.is_none());
    for malformed in
        ["", "variables=%7B%7D", "query=a&query=b", "query=%ZZ", "query=a&variables=%5B1%5D", "query=%FF"]
    {
        assert!(get_params(malformed).is_err(), "{malformed}");
    }
}

#[test]
fn bearer_tokens_are_read_from_authorization() {
    assert_eq!(bearer_token(Some("Bearer s3cret")), Some("s3cret".into()));
    assert_eq!(bearer_token(Some("bearer  s3cret ")), Some("s3cret".into()));
    assert_eq!(bearer_token(Some("Basic dXNlcg==")), None);
    assert_eq!(bearer_token(Some("Bearer ")), None);
    assert_eq!(bearer_token(None), None);
}

#[test]
fn mutations_are_recognised_by_the_selected_operation() {
    let request = |query: &str, name: Option<&str>| {
        let mut request = async_graphql::Request::new(query);
        request.operation_name = name.map(str::to_string);
        crate::api::observe::select(&mut request).0 == Some(OperationType::Mutation)
    };
    assert!(request("mutation { a }", None));
    assert!(request("query A { a } mutation B { b }", Some("B")));
    assert!(!request("query A { a } mutation B { b }", Some("A")));
    assert!(!request("query A { a } mutation B { b }", None));
    assert!(!request("{ a }", None));
    assert!(!request("mutation {", None));
}

struct Query;

#[Object]
impl Query {
    async fn ok(&self) -> i32 {
        1
    }
    async fn fails(&self) -> async_graphql::Result<Option<i32>> {
        Err("resolver failed".into())
    }
    async fn fails_hard(&self) -> async_graphql::Result<i32> {
        Err("resolver failed".into())
    }
}

async fn run(query: &str, variables: Json) -> Outcome {
    let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
    let request = async_graphql::Request::new(query).variables(Variables::from_json(variables));
    Outcome::of(schema.execute(request).await, Duration::from_secs(30))
}

#[tokio::test]
async fn request_errors_are_400_without_data_under_graphql_response_json() {
    for (query, variables) in [
        ("{", json!({})),
        ("{ missingField }", json!({})),
        ("query Q($id: ID!) { ok }", json!({"id": null})),
        ("query A { ok } query B { ok }", json!({})),
    ] {
        let outcome = run(query, variables).await;
        assert_eq!(outcome.status(MediaType::GraphqlResponse), 400, "{query}");
        assert_eq!(outcome.status(MediaType::Json), 200, "{query}");
        let body = json_of(outcome);
        assert!(body.get("data").is_none() && body["errors"][0]["message"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn field_errors_are_200_with_data() {
    let outcome = run("{ ok fails }", json!({})).await;
    assert_eq!(outcome.status(MediaType::GraphqlResponse), 200);
    let body = json_of(outcome);
    assert_eq!(body["data"]["ok"], 1);
    assert_eq!(body["errors"][0]["path"], json!(["fails"]));
    // An error in a non-null root field nulls `data` but is still a
    // field error: it has a path and `data` stays in the answer.
    let outcome = run("{ failsHard }", json!({})).await;
    assert_eq!(outcome.status(MediaType::GraphqlResponse), 200);
    let body = json_of(outcome);
    assert!(body.get("data").is_some(), "{body}");
    assert_eq!(body["errors"][0]["path"], json!(["failsHard"]));
    let outcome = run("{ ok }", json!({})).await;
    assert_eq!(
        (outcome.status(MediaType::GraphqlResponse), json_of(outcome)),
        (200, json!({"data": {"ok": 1}}))
    );
}

#[test]
fn timeouts_and_crashes_are_errors_with_codes() {
    let timed_out = Outcome::TimedOut(Duration::from_millis(1500));
    assert_eq!(timed_out.status(MediaType::GraphqlResponse), 504);
    assert_eq!(timed_out.status(MediaType::Json), 200);
    assert_eq!(json_of(timed_out)["errors"][0]["extensions"]["code"], "TIMEOUT");
    assert_eq!(Outcome::Crashed.status(MediaType::GraphqlResponse), 500);
}

struct Slow;

#[Object]
impl Slow {
    /// Yields while it waits: the deadline stops it at the await.
    async fn sleeps(&self) -> i32 {
        tokio::time::sleep(Duration::from_secs(60)).await;
        1
    }
    /// Yields for a while that fits a 250 ms limit on its own.
    async fn naps(&self) -> i32 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        1
    }
    /// Never yields: the answer must not wait for it.
    async fn spins(&self) -> i32 {
        std::thread::sleep(Duration::from_millis(300));
        1
    }
}

#[tokio::test]
async fn slow_operations_are_answered_with_timeout() {
    let schema = Schema::new(Slow, EmptyMutation, EmptySubscription);
    let limit = Duration::from_millis(50);
    let config = HttpConfig { timeout: limit, ..HttpConfig::default() };
    for query in ["{ sleeps }", "{ spins }"] {
        let deadline = tokio::time::Instant::now() + limit;
        let outcome = execute(&schema, async_graphql::Request::new(query), deadline, &config).await;
        assert!(matches!(outcome, Outcome::TimedOut(_)), "{query}");
    }
}

#[tokio::test]
async fn a_batch_shares_one_deadline() {
    // Each entry fits the limit on its own; three in a row do not. With a
    // fresh limit per entry all three would succeed.
    let schema = Schema::new(Slow, EmptyMutation, EmptySubscription);
    let config = HttpConfig { timeout: Duration::from_millis(250), ..HttpConfig::default() };
    let body = r#"[{"query":"{ naps }"},{"query":"{ naps }"},{"query":"{ naps }"}]"#;
    let snapshot = Arc::new(Snapshot::new(Default::default()));
    let answer = answer(&schema, snapshot, request("POST", None, body), &config).await;
    let body: Json = serde_json::from_slice(&answer.body).unwrap();
    let timed_out =
        body.as_array().unwrap().iter().filter(|entry| entry["errors"][0]["extensions"]["code"] == "TIMEOUT");
    assert!(timed_out.count() >= 1, "{body}");
}

/// A field that answers when the test lets it (one `notify_one` per answer).
struct Held;

#[Object]
impl Held {
    async fn held(&self, ctx: &async_graphql::Context<'_>) -> i32 {
        ctx.data_unchecked::<Arc<tokio::sync::Notify>>().notified().await;
        1
    }
    async fn ok(&self) -> i32 {
        1
    }
}

#[tokio::test]
async fn with_one_turn_a_second_operation_waits_for_it_and_then_answers() {
    let release = Arc::new(tokio::sync::Notify::new());
    let schema = Schema::build(Held, EmptyMutation, EmptySubscription).data(release.clone()).finish();
    let config = HttpConfig { gate: Arc::new(Gate::new(1)), ..HttpConfig::default() };
    let snapshot = Arc::new(Snapshot::new(Default::default()));
    let spawn = |body: &'static str| {
        let (schema, snapshot, config) = (schema.clone(), snapshot.clone(), config.clone());
        tokio::spawn(async move { answer(&schema, snapshot, request("POST", None, body), &config).await })
    };
    let first = spawn(r#"{"query":"{ held }"}"#);
    while config.gate.executing() == 0 {
        tokio::task::yield_now().await;
    }
    let second = spawn(r#"{"query":"{ ok }"}"#);
    while config.gate.waiting() == 0 {
        tokio::task::yield_now().await;
    }
    // The first holds the only turn until it is let go; the second waits.
    assert!(!second.is_finished());
    release.notify_one();
    assert_eq!(first.await.unwrap().body, br#"{"data":{"held":1}}"#);
    assert_eq!(second.await.unwrap().body, br#"{"data":{"ok":1}}"#);
    assert_eq!((config.gate.executing(), config.gate.waiting()), (0, 0));
}

#[tokio::test]
async fn an_operation_still_waiting_for_a_turn_at_its_deadline_is_answered_timeout() {
    let schema = Schema::new(Held, EmptyMutation, EmptySubscription);
    let config = HttpConfig {
        gate: Arc::new(Gate::new(1)),
        timeout: Duration::from_millis(50),
        ..HttpConfig::default()
    };
    let snapshot = Arc::new(Snapshot::new(Default::default()));
    let _taken = config.gate.enter().await;
    let gr = Some("application/graphql-response+json");
    let answer = answer(&schema, snapshot, request("POST", gr, r#"{"query":"{ ok }"}"#), &config).await;
    let body: Json = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!((answer.status, &body["errors"][0]["extensions"]["code"]), (504, &json!("TIMEOUT")));
    // It gave up its place in the queue.
    assert_eq!(config.gate.waiting(), 0);
}

fn request<'a>(method: &'a str, accept: Option<&'a str>, body: &'a str) -> HttpRequest<'a> {
    HttpRequest {
        method,
        query_string: "",
        content_type: Some("application/json"),
        accept,
        authorization: None,
        if_none_match: None,
        body: body.as_bytes(),
    }
}

struct Mutation;

#[Object]
impl Mutation {
    async fn token(&self, ctx: &async_graphql::Context<'_>) -> Option<String> {
        ctx.data_unchecked::<BearerToken>().0.clone()
    }
}

async fn answer_with(request: HttpRequest<'_>) -> (u16, &'static str, Option<&'static str>, Json) {
    let schema = Schema::new(Query, Mutation, EmptySubscription);
    let snapshot = Arc::new(Snapshot::new(Default::default()));
    let answer = answer(&schema, snapshot, request, &HttpConfig::default()).await;
    let body = serde_json::from_slice(&answer.body).expect("every answer is JSON");
    (answer.status, answer.content_type, answer.allow, body)
}

#[tokio::test]
async fn answers_pick_status_and_media_type() {
    let gr = Some("application/graphql-response+json");
    let ok = r#"{"query":"{ ok }"}"#;
    let (status, media, _, body) = answer_with(request("POST", gr, ok)).await;
    assert_eq!((status, media, body), (200, GRAPHQL_RESPONSE_JSON, json!({"data": {"ok": 1}})));
    let (status, media, _, _) = answer_with(request("POST", None, ok)).await;
    assert_eq!((status, media), (200, APPLICATION_JSON));
    let (status, media, _, body) = answer_with(request("POST", gr, r#"{"query":"{"}"#)).await;
    assert_eq!((status, media, body.get("data")), (400, GRAPHQL_RESPONSE_JSON, None));
    let (status, _, _, _) = answer_with(request("POST", Some("application/json"), r#"{"query":"{"}"#)).await;
    assert_eq!(status, 200);
    let (status, media, _, _) = answer_with(request("POST", Some("application/json"), "{ \"not")).await;
    assert_eq!((status, media), (400, APPLICATION_JSON));
    let (status, media, _, _) = answer_with(request("POST", Some("text/html"), ok)).await;
    assert_eq!((status, media), (406, APPLICATION_JSON));
    let no_type = HttpRequest { content_type: None, ..request("POST", gr, ok) };
    let (status, _, _, body) = answer_with(no_type).await;
    assert_eq!((status, &body["errors"][0]["extensions"]["code"]), (415, &json!("UNSUPPORTED_MEDIA_TYPE")));
    let (_, _, _, body) = answer_with(request("POST", Some("application/json"), "{ \"not")).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    let (status, _, allow, _) = answer_with(request("PUT", gr, ok)).await;
    assert_eq!((status, allow), (405, Some("GET, POST")));
}

#[tokio::test]
async fn get_runs_queries_but_refuses_mutations() {
    let get = |query_string| HttpRequest { query_string, ..request("GET", None, "") };
    let (status, _, _, body) = answer_with(get("query=%7B+ok+%7D")).await;
    assert_eq!((status, body), (200, json!({"data": {"ok": 1}})));
    let (status, _, allow, body) = answer_with(get("query=mutation+%7B+token+%7D")).await;
    assert_eq!((status, allow), (405, Some("POST")));
    assert_eq!(body["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED");
    assert_eq!(answer_with(get("operationName=x")).await.0, 400);
}

#[tokio::test]
async fn the_bearer_token_reaches_resolvers() {
    let body = r#"{"query":"mutation { token }"}"#;
    let with = HttpRequest { authorization: Some("Bearer abc"), ..request("POST", None, body) };
    assert_eq!(answer_with(with).await.3, json!({"data": {"token": "abc"}}));
    assert_eq!(answer_with(request("POST", None, body)).await.3, json!({"data": {"token": null}}));
}

#[tokio::test]
async fn batches_answer_an_array() {
    let body = r#"[{"query":"{ ok }"},{"query":"{"}]"#;
    let (status, _, _, answers) = answer_with(request("POST", None, body)).await;
    assert_eq!(status, 200);
    assert_eq!(answers[0], json!({"data": {"ok": 1}}));
    assert!(answers[1].get("data").is_none() && answers[1]["errors"].is_array());
}

#[test]
fn payload_too_large_names_the_limit() {
    let answer = payload_too_large(Some("application/graphql-response+json"), 1024, Instant::now());
    assert_eq!((answer.status, answer.content_type), (413, GRAPHQL_RESPONSE_JSON));
    assert!(String::from_utf8(answer.body).unwrap().contains("1024 bytes"));
}

#[tokio::test]
async fn queries_are_tagged_cached_and_revalidated() {
    let schema = Schema::new(Query, Mutation, EmptySubscription);
    let snapshot = Arc::new(Snapshot::new(Default::default()));
    let config = HttpConfig::default();
    let run = |request| answer(&schema, snapshot.clone(), request, &config);
    let ok = r#"{"query":"{ ok }"}"#;
    let first = run(request("POST", None, ok)).await;
    let etag = first.etag.clone().expect("a query answer is tagged");
    assert_eq!((first.status, first.cache_control), (200, REVALIDATE));
    let second = run(request("POST", None, ok)).await;
    assert_eq!((&second.body, &second.etag), (&first.body, &first.etag));
    let stats = config.cache.stats();
    assert_eq!((stats.hits, stats.misses, stats.entries), (1, 1, 1));
    assert_eq!(stats.bytes, first.body.len());
    let revalidated = run(HttpRequest { if_none_match: Some(&etag), ..request("POST", None, ok) }).await;
    assert_eq!((revalidated.status, revalidated.body.len(), revalidated.etag), (304, 0, Some(etag.clone())));
    // Another media type is another representation.
    let other = run(request("POST", Some("application/graphql-response+json"), ok)).await;
    assert!(other.etag.is_some() && other.etag != first.etag);
    for uncached in
        [r#"{"query":"mutation { token }"}"#, r#"{"query":"{ ok fails }"}"#, r#"{"query":"{"}"#, "[]"]
    {
        let answer = run(request("POST", None, uncached)).await;
        assert_eq!((answer.etag, answer.cache_control), (None, NO_STORE), "{uncached}");
    }
    assert_eq!(config.cache.stats().entries, 2);
}

#[tokio::test]
async fn a_tag_never_revalidates_a_mutation() {
    let body = r#"{"query":"mutation { token }"}"#;
    let (status, _, _, json) =
        answer_with(HttpRequest { if_none_match: Some("*"), ..request("POST", None, body) }).await;
    assert_eq!((status, json), (200, json!({"data": {"token": null}})));
}

#[tokio::test]
async fn persisted_queries_run_by_hash() {
    let query = "{ ok }";
    let hash = sha256_hex(query);
    let extensions = json!({"persistedQuery": {"version": 1, "sha256Hash": hash}});
    let by_hash = json!({ "extensions": extensions }).to_string();
    let (status, _, _, body) = answer_with(request("POST", None, &by_hash)).await;
    assert_eq!(
        (status, &body["errors"][0]["extensions"]["code"]),
        (200, &json!("PERSISTED_QUERY_NOT_FOUND"))
    );
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    let schema = Schema::new(Query, Mutation, EmptySubscription);
    let snapshot = Arc::new(Snapshot::new(Default::default()));
    let config = HttpConfig::default();
    let run = |request| answer(&schema, snapshot.clone(), request, &config);
    let full = json!({ "query": query, "extensions": extensions }).to_string();
    assert_eq!(run(request("POST", None, &full)).await.body, br#"{"data":{"ok":1}}"#);
    let by_hash = run(request("POST", None, &by_hash)).await;
    assert_eq!(by_hash.body, br#"{"data":{"ok":1}}"#);
    let wrong = json!({ "query": "{ fails }", "extensions": extensions }).to_string();
    let wrong: Json = serde_json::from_slice(&run(request("POST", None, &wrong)).await.body).unwrap();
    assert_eq!(wrong["errors"][0]["message"], "provided sha does not match query");
    assert_eq!(wrong["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

/// An outcome's answer as JSON.
fn json_of(outcome: Outcome) -> Json {
    serde_json::from_slice(&outcome.into_bytes()).unwrap()
}
