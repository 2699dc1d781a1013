//! The poem server in process: routes, playground assets, GraphQL over
//! HTTP status codes, limits, CORS, compression, and the `graphql-http`
//! audit against a real listening server.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use dutygraph::api::http::{self, Gate, HttpConfig, HttpRequest};
use dutygraph::api::{self, ApiConfig, DutySchema};
use dutygraph::engine::Engine;
use dutygraph::server::{self, ServerConfig};
use dutygraph::store::Store;
use poem::http::{header, Method, StatusCode};
use poem::test::{TestClient, TestResponse};
use poem::Endpoint;
use serde_json::{json, Value};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

fn engine() -> Arc<Engine> {
    Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine over an empty store"))
}

fn client_with(config: ServerConfig) -> TestClient<impl Endpoint> {
    TestClient::new(server::app(engine(), &config))
}

fn client() -> TestClient<impl Endpoint> {
    client_with(ServerConfig::default())
}

async fn text(response: TestResponse) -> String {
    response.0.into_body().into_string().await.expect("UTF-8 body")
}

async fn json_body(response: TestResponse) -> Value {
    serde_json::from_str(&text(response).await).expect("JSON body")
}

fn header_of<'a>(response: &'a TestResponse, name: &str) -> Option<&'a str> {
    response.0.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn playground_page_uses_only_same_origin_urls() {
    let cli = client();
    let response = cli.get("/").send().await;
    response.assert_status_is_ok();
    assert!(header_of(&response, "content-type").unwrap().starts_with("text/html"));
    let page = text(response).await;
    assert!(page.contains("GraphiQL"), "not the playground page");
    // Every src= and href= must be a same-origin path.
    for attribute in ["src=", "href="] {
        for reference in page.split(attribute).skip(1) {
            let url = reference.trim_start_matches(['"', '\'']);
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "external or relative-to-page URL: {url:.60}"
            );
        }
    }
    for scheme in ["http://", "https://"] {
        assert!(!page.contains(scheme), "the page names an absolute URL ({scheme})");
    }
    // Every example query file is offered, under its label.
    for example in server::examples() {
        assert!(page.contains(&example.file), "example {} missing", example.file);
    }
}

#[tokio::test]
async fn assets_are_served_with_their_content_types() {
    let cli = client();
    for (file, content_type, marker) in [
        ("graphiql.min.js", "text/javascript", "GraphiQL"),
        ("graphiql.min.css", "text/css", ".graphiql-container"),
        ("react.production.min.js", "text/javascript", "react.production.min.js"),
        ("react-dom.production.min.js", "text/javascript", "react-dom.production.min.js"),
        ("LICENSE.graphiql", "text/plain", "MIT License"),
    ] {
        let response = cli.get(format!("/graphiql/{file}")).send().await;
        response.assert_status_is_ok();
        let got = header_of(&response, "content-type").unwrap().to_string();
        assert!(got.starts_with(content_type), "{file}: {got}");
        let etag = header_of(&response, "etag").expect("assets carry an ETag").to_string();
        assert!(text(response).await.contains(marker), "{file} lacks {marker}");
        let again = cli.get(format!("/graphiql/{file}")).header(header::IF_NONE_MATCH, &etag).send().await;
        again.assert_status(StatusCode::NOT_MODIFIED);
    }
    cli.get("/graphiql/nothing.js").send().await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn health_reports_documents_and_version() {
    let response = client().get("/health").send().await;
    response.assert_status_is_ok();
    assert!(header_of(&response, "x-request-id").is_some_and(|id| !id.is_empty()));
    let body = json_body(response).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["documents"], 0);
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn queries_run_over_post_and_get() {
    let cli = client();
    let response = cli
        .post("/graphql")
        .header(header::ACCEPT, GRAPHQL_RESPONSE)
        .body_json(&json!({ "query": "query Q { __typename }", "operationName": "Q" }))
        .send()
        .await;
    response.assert_status_is_ok();
    assert!(header_of(&response, "content-type").unwrap().starts_with(GRAPHQL_RESPONSE));
    assert_eq!(json_body(response).await, json!({ "data": { "__typename": "Query" } }));

    let response = cli.get("/graphql").query("query", &"{ __typename }").send().await;
    response.assert_status_is_ok();
    assert!(header_of(&response, "content-type").unwrap().starts_with("application/json"));
    assert_eq!(json_body(response).await["data"]["__typename"], "Query");
}

#[tokio::test]
async fn mutations_over_get_are_405() {
    let response = client().get("/graphql").query("query", &"mutation { __typename }").send().await;
    response.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    response.assert_header(header::ALLOW, "POST");
}

#[tokio::test]
async fn parse_errors_are_400_under_graphql_response_json() {
    let cli = client();
    let send = |accept: &'static str| {
        cli.post("/graphql").header(header::ACCEPT, accept).body_json(&json!({ "query": "{" })).send()
    };
    let response = send(GRAPHQL_RESPONSE).await;
    response.assert_status(StatusCode::BAD_REQUEST);
    let body = json_body(response).await;
    assert!(body.get("data").is_none() && body["errors"][0]["message"].is_string(), "{body}");
    // The legacy media type keeps 200 for GraphQL errors.
    send("application/json").await.assert_status_is_ok();
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let cli = client_with(ServerConfig { max_body_bytes: 1024, ..ServerConfig::default() });
    let padding = "x".repeat(2048);
    let body = json!({ "query": format!("# {padding}\n{{ __typename }}") }).to_string();
    // Without Content-Length the limit applies while reading.
    let response = cli.post("/graphql").content_type("application/json").body(body.clone()).send().await;
    response.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text(response).await.contains("1024 bytes"));
    // With it the request is refused before reading.
    let response = cli
        .post("/graphql")
        .content_type("application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(body)
        .send()
        .await;
    response.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    // A body under the limit still works.
    let small = cli.post("/graphql").body_json(&json!({ "query": "{ __typename }" })).send().await;
    small.assert_status_is_ok();
}

#[tokio::test]
async fn cors_preflight_allows_configured_origins_only() {
    let config =
        ServerConfig { cors_origins: vec!["https://analyst.example".into()], ..ServerConfig::default() };
    let cli = client_with(config);
    let preflight = |origin: &'static str| {
        cli.request(Method::OPTIONS, "/graphql")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .send()
    };
    let response = preflight("https://analyst.example").await;
    response.assert_status_is_ok();
    response.assert_header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "https://analyst.example");
    let methods = header_of(&response, "access-control-allow-methods").unwrap_or_default().to_string();
    assert!(methods.contains("POST"), "{methods}");
    assert!(!preflight("https://elsewhere.example").await.0.status().is_success());

    // Without configured origins there are no CORS headers at all.
    let response = client()
        .post("/graphql")
        .header(header::ORIGIN, "https://analyst.example")
        .body_json(&json!({ "query": "{ __typename }" }))
        .send()
        .await;
    response.assert_header_is_not_exist(header::ACCESS_CONTROL_ALLOW_ORIGIN);
}

#[tokio::test]
async fn the_playground_itself_is_not_refused_by_cors() {
    let config =
        ServerConfig { cors_origins: vec!["https://analyst.example".into()], ..ServerConfig::default() };
    let response = client_with(config)
        .post("/graphql")
        .header(header::HOST, "localhost:8080")
        .header(header::ORIGIN, "http://localhost:8080")
        .body_json(&json!({ "query": "{ __typename }" }))
        .send()
        .await;
    response.assert_status_is_ok();
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let cli = client();
    let plain = cli.get("/graphiql/graphiql.min.js").send().await;
    plain.assert_header_is_not_exist(header::CONTENT_ENCODING);
    let plain_len = text(plain).await.len();
    let gzipped = cli.get("/graphiql/graphiql.min.js").header(header::ACCEPT_ENCODING, "gzip").send().await;
    gzipped.assert_status_is_ok();
    gzipped.assert_header(header::CONTENT_ENCODING, "gzip");
    let gzipped_len = gzipped.0.into_body().into_bytes().await.unwrap().len();
    assert!(gzipped_len < plain_len / 2, "gzip gave {gzipped_len} of {plain_len} bytes");
}

/// One request through the HTTP layer as the server would answer it.
async fn answer_json(
    schema: &DutySchema,
    engine: &Engine,
    config: &HttpConfig,
    query: &str,
) -> (Value, Option<String>) {
    let body = json!({ "query": query }).to_string();
    let request = HttpRequest {
        method: "POST",
        content_type: Some("application/json"),
        body: body.as_bytes(),
        ..HttpRequest::default()
    };
    let answer = http::answer(schema, engine.snapshot(), request, config).await;
    (serde_json::from_slice(&answer.body).expect("JSON answer"), answer.etag)
}

fn code(answer: &Value) -> &Value {
    &answer["errors"][0]["extensions"]["code"]
}

#[tokio::test]
async fn with_every_turn_taken_only_operations_that_execute_wait() {
    let engine = engine();
    engine.load_seeds_if_empty().expect("the seeds load");
    let schema = api::build_schema(engine.clone(), ApiConfig::default());
    // A wrong wait here would end in TIMEOUT after 30 s, not in a hang.
    let patient = HttpConfig { gate: Arc::new(Gate::new(1)), ..HttpConfig::default() };
    let run = |config, query| answer_json(&schema, &engine, config, query);
    let places = "{ places { name } }";
    let (first, etag) = run(&patient, places).await;
    assert!(first["data"]["places"].as_array().is_some_and(|p| !p.is_empty()), "{first}");
    assert!(etag.is_some(), "a successful query is kept in the response cache");

    let taken = patient.gate.enter().await;
    // A cached answer, and what reads no data, execute nothing that needs a turn.
    assert_eq!(run(&patient, places).await.0, first);
    assert_eq!(run(&patient, "{ __typename }").await.0, json!({ "data": { "__typename": "Query" } }));
    // Refused before execution: parse, validation, a limit.
    let (parse, _) = run(&patient, "{ places {").await;
    let (validation, _) = run(&patient, "{ placez { name } }").await;
    let aliases =
        format!("{{ {} }}", (0..60).map(|i| format!("a{i}: __typename")).collect::<Vec<_>>().join(" "));
    let (limit, _) = run(&patient, &aliases).await;
    for refused in [&parse, &validation, &limit] {
        assert!(refused.get("data").is_none() && code(refused) != "TIMEOUT", "{refused}");
    }
    assert_eq!(code(&limit), "BAD_USER_INPUT");
    assert_eq!(patient.gate.waiting(), 0);

    // An operation that executes waits for the turn, within its deadline.
    let hasty = HttpConfig { timeout: Duration::from_millis(50), ..patient.clone() };
    let documents = "{ documents { title } }";
    let (timed_out, _) = run(&hasty, documents).await;
    assert_eq!(code(&timed_out), "TIMEOUT", "{timed_out}");
    drop(taken);
    let (answered, _) = run(&patient, documents).await;
    assert_eq!(answered["data"]["documents"].as_array().map(Vec::len), Some(5), "{answered}");
}

/// The `graphql-http` version `tests/it/audit/package-lock.json` locks, and
/// how many server audits it runs: a new version changes both on purpose,
/// and a run that silently stops short (or an old install) fails.
const AUDIT_VERSION: &str = "1.23.1";
const AUDITS: usize = 61;

/// The `version` of a package.json or of a package in a package-lock.json.
fn npm_version(file: &std::path::Path, pointer: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    json.pointer(pointer)?.as_str().map(str::to_string)
}

/// Runs the `graphql-http` npm package's server audits against a real
/// server on an ephemeral port; any audit that is not `ok` fails the test,
/// and so does a run of other than [`AUDITS`] audits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_http_audit() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let audit_dir = root.join("tests/it/audit");
    let locked =
        npm_version(&audit_dir.join("package-lock.json"), "/packages/node_modules~1graphql-http/version");
    assert_eq!(
        locked.as_deref(),
        Some(AUDIT_VERSION),
        "package-lock.json locks another graphql-http: update AUDIT_VERSION and AUDITS to what it runs"
    );
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|out| out.status.success()),
        "graphql_http_audit needs Node.js (`node` on PATH, version 18 or later) to run the graphql-http audits"
    );
    let installed = npm_version(&audit_dir.join("node_modules/graphql-http/package.json"), "/version");
    if installed.as_deref() != Some(AUDIT_VERSION) {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&audit_dir)
            .output()
            .expect("`npm` must be on PATH to install the audit's packages");
        assert!(npm.status.success(), "npm ci failed:\n{}", String::from_utf8_lossy(&npm.stderr));
    }

    let config = ServerConfig { bind: ([127, 0, 0, 1], 0).into(), ..ServerConfig::default() };
    let bound = server::bind(engine(), config).await.expect("bind an ephemeral port");
    let url = format!("http://{}/graphql", bound.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(bound.run_until(async {
        stopped.await.ok();
    }));

    let script = audit_dir.join("audit.mjs");
    let audit = tokio::task::spawn_blocking(move || Command::new("node").arg(script).arg(&url).output());
    let audit = tokio::time::timeout(Duration::from_secs(120), audit)
        .await
        .expect("the audit finished within two minutes")
        .expect("the audit task ran")
        .expect("node started");
    stop.send(()).ok();
    running.await.expect("server task").expect("server stopped cleanly");

    let report = String::from_utf8_lossy(&audit.stdout);
    println!("{report}");
    assert!(
        audit.status.success(),
        "graphql-http audits failed or warned:\n{report}\n{}",
        String::from_utf8_lossy(&audit.stderr)
    );
    let summary = format!(": {AUDITS} audits, {AUDITS} ok, 0 notice, 0 warn, 0 error");
    assert!(report.contains(&summary), "expected `{summary}` in the audit output:\n{report}");
}
