//! `GET /metrics` as Prometheus reads it: the scrape parses as the text
//! exposition format, the operation counter and its histogram move with the
//! requests of a named operation, a refusal is counted under its limit, and
//! the state gauges follow an ingest.
//!
//! The event counters belong to the process (one recorder, see
//! `server::metrics`) and other tests run servers beside this one, so the
//! test uses operation names of its own and compares scrapes before and
//! after; the state gauges are this server's own. (The tests of this binary
//! use far fewer than `api::MAX_OPERATION_NAMES` names, so these keep
//! their own label.)

use std::sync::Arc;

use dutygraph::engine::Engine;
use dutygraph::server::{self, ServerConfig};
use dutygraph::store::Store;
use poem::http::StatusCode;
use poem::test::TestClient;
use poem::Endpoint;
use prometheus_parse::Scrape;
use serde_json::{json, Value};

const TOKEN: &str = "metrics-test-token";
const PROBE: &str = "query MetricsProbe { __typename }";

fn client(metrics: bool) -> TestClient<impl Endpoint> {
    let engine = Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine"));
    let config = ServerConfig { write_token: Some(TOKEN.into()), metrics, ..ServerConfig::default() };
    TestClient::new(server::app(engine, &config))
}

async fn scrape(cli: &TestClient<impl Endpoint>) -> Scrape {
    let response = cli.get("/metrics").send().await;
    response.assert_status_is_ok();
    response.assert_header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    let text = response.0.into_body().into_string().await.expect("UTF-8 scrape");
    Scrape::parse(text.lines().map(|line| Ok(line.to_string()))).expect("Prometheus text format")
}

/// The value of the sample `metric` whose labels include `labels`: a
/// counter or gauge, or a histogram's count (its `+Inf` bucket); 0 when absent.
fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    let sample = scrape
        .samples
        .iter()
        .find(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)));
    use prometheus_parse::Value as Sample;
    match sample.map(|s| &s.value) {
        Some(Sample::Counter(v) | Sample::Gauge(v) | Sample::Untyped(v)) => *v,
        Some(Sample::Histogram(buckets)) => {
            buckets.iter().find(|b| b.less_than == f64::INFINITY).map_or(0.0, |b| b.count)
        }
        Some(other) => panic!("{metric} is {other:?}"),
        None => 0.0,
    }
}

async fn post(cli: &TestClient<impl Endpoint>, body: Value) -> Value {
    let response =
        cli.post("/graphql").header("authorization", format!("Bearer {TOKEN}")).body_json(&body).send().await;
    response.assert_status_is_ok();
    serde_json::from_str(&response.0.into_body().into_string().await.expect("UTF-8")).expect("JSON answer")
}

#[tokio::test]
async fn metrics_follow_requests_refusals_and_ingests() {
    let cli = client(true);
    let probe = [("transport", "http"), ("operation", "MetricsProbe"), ("outcome", "ok")];
    let refused = [("operation", "MetricsTooManyAliases"), ("outcome", "refused")];
    let before = scrape(&cli).await;

    // The second probe is answered from the response cache: still an operation.
    for _ in 0..2 {
        assert_eq!(post(&cli, json!({ "query": PROBE })).await, json!({"data": {"__typename": "Query"}}));
    }
    let aliases: String = (0..60).map(|i| format!("a{i}: __typename ")).collect();
    let too_many = format!("query MetricsTooManyAliases {{ {aliases} }}");
    post(&cli, json!({ "query": too_many })).await;
    let seed = &dutygraph::seeds::bundled()[0];
    let ingest = "mutation Ingest($text: String!, $place: String) { ingestDocument(text: $text, place: $place) { tasks } }";
    let variables = json!({ "text": seed.text, "place": seed.entry.place });
    let ingested = post(&cli, json!({ "query": ingest, "variables": variables })).await;
    let tasks = ingested["data"]["ingestDocument"]["tasks"].as_f64().expect("an ingest report");
    let after = scrape(&cli).await;

    let moved = |metric: &str, labels: &[(&str, &str)]| {
        value(&after, metric, labels) - value(&before, metric, labels)
    };
    assert_eq!(moved("dutygraph_graphql_operations_total", &probe), 2.0);
    assert_eq!(
        moved("dutygraph_graphql_operation_duration_seconds", &probe),
        2.0,
        "one duration per operation"
    );
    assert_eq!(moved("dutygraph_graphql_operations_total", &refused), 1.0);
    assert!(moved("dutygraph_graphql_refused_total", &[("limit", "aliases")]) >= 1.0);
    assert!(moved("dutygraph_ingest_documents_total", &[("outcome", "created")]) >= 1.0);

    // This server's state: an empty store, then one seed.
    assert_eq!(value(&before, "dutygraph_documents", &[]), 0.0);
    assert!(moved("dutygraph_data_version", &[]) >= 1.0);
    assert_eq!(value(&after, "dutygraph_documents", &[]), 1.0);
    assert_eq!(value(&after, "dutygraph_tasks", &[]), tasks);
    assert!(value(&after, "dutygraph_store_size_bytes", &[]) > 0.0);
    assert_eq!(value(&after, "dutygraph_response_cache_hits_total", &[]), 1.0);
    // Nothing executes or waits while the scrape is answered; both gauges are there.
    for gauge in ["dutygraph_graphql_operations_executing", "dutygraph_graphql_operations_waiting"] {
        assert!(after.samples.iter().any(|s| s.metric == gauge), "no {gauge}");
        assert_eq!(value(&after, gauge, &[]), 0.0, "{gauge}");
    }

    let off = client(false);
    assert_eq!(off.get("/metrics").send().await.0.status(), StatusCode::NOT_FOUND);
}
