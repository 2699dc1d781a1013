//! HTTP caching in process: ETags and 304s, `Cache-Control`, automatic
//! persisted queries and the response cache, before and after an ingest.

use std::sync::Arc;

use dutygraph::api::http::{self, sha256_hex, HttpConfig, HttpRequest};
use dutygraph::api::{self, ApiConfig, DutySchema};
use dutygraph::engine::Engine;
use dutygraph::server::{self, ServerConfig};
use dutygraph::store::Store;
use poem::http::{header, StatusCode};
use poem::test::{TestClient, TestResponse};
use poem::Endpoint;
use serde_json::{json, Value};

const TOKEN: &str = "cache-test-token";
const INGEST: &str =
    "mutation($text: String!, $place: String) { ingestDocument(text: $text, place: $place) { tasks } }";
const QUERY: &str = "query Q($name: String!) { __type(name: $name) { name } }";

fn empty_engine() -> Arc<Engine> {
    Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine over an empty store"))
}

fn client(engine: Arc<Engine>) -> TestClient<impl Endpoint> {
    let config = ServerConfig { write_token: Some(TOKEN.into()), ..ServerConfig::default() };
    TestClient::new(server::app(engine, &config))
}

fn ingest_body(index: usize) -> Value {
    let seed = &dutygraph::seeds::bundled()[index];
    json!({ "query": INGEST, "variables": { "text": seed.text, "place": seed.entry.place } })
}

fn header_of(response: &TestResponse, name: header::HeaderName) -> Option<String> {
    response.0.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

async fn body_of(response: TestResponse) -> String {
    response.0.into_body().into_string().await.expect("UTF-8 body")
}

#[tokio::test]
async fn etags_revalidate_until_an_ingest() {
    let cli = client(empty_engine());
    let get = |variables: &'static str, if_none_match: Option<String>| {
        let request = cli.get("/graphql").query("query", &QUERY).query("variables", &variables);
        match if_none_match {
            Some(tag) => request.header(header::IF_NONE_MATCH, tag),
            None => request,
        }
        .send()
    };
    let first = get(r#"{"name":"Query"}"#, None).await;
    first.assert_status_is_ok();
    let Some(etag) = header_of(&first, header::ETAG) else { panic!("no ETag: {}", body_of(first).await) };
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    assert_eq!(header_of(&first, header::CACHE_CONTROL).as_deref(), Some("private, no-cache"));
    assert_eq!(body_of(first).await, r#"{"data":{"__type":{"name":"Query"}}}"#);

    for tag in [etag.clone(), format!("W/{etag}"), format!("\"other\", {etag}"), "*".to_string()] {
        let again = get(r#"{"name":"Query"}"#, Some(tag.clone())).await;
        again.assert_status(StatusCode::NOT_MODIFIED);
        assert_eq!(header_of(&again, header::ETAG).as_ref(), Some(&etag), "{tag}");
        assert_eq!(body_of(again).await, "", "{tag}");
    }
    let other = get(r#"{"name":"Place"}"#, Some(etag.clone())).await;
    other.assert_status_is_ok();
    assert_ne!(header_of(&other, header::ETAG).as_ref(), Some(&etag));

    let ingest = cli
        .post("/graphql")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body_json(&ingest_body(0))
        .send()
        .await;
    ingest.assert_status_is_ok();
    assert_eq!(header_of(&ingest, header::ETAG), None);
    assert_eq!(header_of(&ingest, header::CACHE_CONTROL).as_deref(), Some("no-store"));
    let stored: Value = serde_json::from_str(&body_of(ingest).await).expect("JSON");
    assert!(stored["data"]["ingestDocument"]["tasks"].as_u64().is_some_and(|n| n > 0), "{stored}");

    let after = get(r#"{"name":"Query"}"#, Some(etag.clone())).await;
    after.assert_status_is_ok();
    let new_etag = header_of(&after, header::ETAG).expect("still tagged");
    assert_ne!(new_etag, etag);
}

#[tokio::test]
async fn only_successful_queries_are_tagged() {
    let cli = client(empty_engine());
    let query = cli.post("/graphql").body_json(&json!({ "query": "{ __typename }" })).send().await;
    query.assert_status_is_ok();
    assert!(header_of(&query, header::ETAG).is_some());
    let unauthorised = cli.post("/graphql").body_json(&ingest_body(0)).send().await;
    assert_eq!(header_of(&unauthorised, header::ETAG), None);
    assert_eq!(header_of(&unauthorised, header::CACHE_CONTROL).as_deref(), Some("no-store"));
    let refused = cli
        .post("/graphql")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body_json(&json!({ "query": "{" }))
        .send()
        .await;
    refused.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(header_of(&refused, header::ETAG), None);
    assert_eq!(header_of(&refused, header::CACHE_CONTROL).as_deref(), Some("no-store"));
}

#[tokio::test]
async fn persisted_queries_register_then_run_by_hash() {
    let cli = client(empty_engine());
    let query = "{ __typename }";
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(query) } });
    let post = |body: Value| cli.post("/graphql").body_json(&body).send();

    let missing = post(json!({ "extensions": extensions })).await;
    missing.assert_status_is_ok();
    let missing: Value = serde_json::from_str(&body_of(missing).await).expect("JSON");
    assert_eq!(missing["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND");

    let registered = body_of(post(json!({ "query": query, "extensions": extensions })).await).await;
    assert_eq!(registered, r#"{"data":{"__typename":"Query"}}"#);
    let by_hash = cli
        .get("/graphql")
        .query("extensions", &extensions.to_string())
        .query("variables", &"{}")
        .send()
        .await;
    by_hash.assert_status_is_ok();
    assert_eq!(body_of(by_hash).await, registered);

    let wrong = post(json!({ "query": "{ __schema { description } }", "extensions": extensions })).await;
    let wrong: Value = serde_json::from_str(&body_of(wrong).await).expect("JSON");
    assert_eq!(wrong["errors"][0]["message"], "provided sha does not match query");
}

/// Runs one request through the HTTP layer as the server would.
async fn run(
    schema: &DutySchema,
    engine: &Engine,
    config: &HttpConfig,
    body: &Value,
    authorization: Option<&str>,
) -> http::HttpAnswer {
    let body = body.to_string();
    let request = HttpRequest {
        method: "POST",
        content_type: Some("application/json"),
        authorization,
        body: body.as_bytes(),
        ..HttpRequest::default()
    };
    http::answer(schema, engine.snapshot(), request, config).await
}

#[tokio::test]
async fn identical_queries_run_once_per_data_version() {
    let engine = empty_engine();
    let schema = api::build_schema(
        engine.clone(),
        ApiConfig { write_token: Some(TOKEN.into()), ..ApiConfig::default() },
    );
    let config = HttpConfig::default();
    let query = json!({ "query": "{ places { name } }" });
    let first = run(&schema, &engine, &config, &query, None).await;
    // Queries do not read the token: another caller shares the answer.
    let second = run(&schema, &engine, &config, &query, Some("Bearer someone-else")).await;
    assert_eq!((first.status, &first.body, &first.etag), (200, &second.body, &second.etag));
    let stats = config.cache.stats();
    assert_eq!((stats.hits, stats.misses, stats.entries, stats.bytes), (1, 1, 1, first.body.len()));

    let bearer = format!("Bearer {TOKEN}");
    let version = engine.snapshot().catalog.version();
    let ingest = run(&schema, &engine, &config, &ingest_body(0), Some(&bearer)).await;
    assert_eq!((ingest.status, ingest.etag), (200, None));
    assert_ne!(engine.snapshot().catalog.version(), version, "the ingest stored a document");
    let stats = config.cache.stats();
    assert_eq!((stats.hits, stats.misses, stats.entries), (1, 1, 1), "mutations are not cached");

    let third = run(&schema, &engine, &config, &query, None).await;
    assert_ne!(third.body, first.body, "the new place is listed");
    assert_ne!(third.etag, first.etag);
    let stats = config.cache.stats();
    assert_eq!((stats.hits, stats.misses, stats.entries), (1, 2, 2));
}
