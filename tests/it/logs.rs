//! The real server's JSON logs: every line a request produces carries its
//! request id (also on the threads where GraphQL runs and the engine
//! writes), the id matches the `x-request-id` header, and the write token
//! never appears, whether it came from the environment or a request.

use serde_json::{json, Value};

use crate::support_bin::{graphql, http, ServerProcess};

const TOKEN: &str = "log-test-token-6f1d2c";

fn parse(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"))
}

fn message(entry: &Value) -> &str {
    entry["fields"]["message"].as_str().unwrap_or("")
}

fn request_id(entry: &Value) -> Option<&str> {
    entry["span"]["request_id"].as_str()
}

#[test]
fn request_lines_carry_the_request_id_and_never_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("DUTYGRAPH_TOKEN", TOKEN), ("DUTYGRAPH_LOG", "info,dutygraph=debug")];
    let mut server = ServerProcess::start(&dir.path().join("data"), &env);
    let doc =
        &dutygraph::gen::generate(&dutygraph::gen::GenConfig { places: 1, docs_per_place: 1, seed: 7 })[0];
    let ingest =
        "mutation($text: String!, $place: String) { ingestDocument(text: $text, place: $place) { documentId } }";
    let variables = json!({ "text": doc.text, "place": doc.place });
    let (status, answer) = graphql(server.addr, Some(TOKEN), ingest, variables.clone()).unwrap();
    assert!(status == 200 && answer["data"]["ingestDocument"].is_object(), "{answer}");
    let (_, refused) = graphql(server.addr, Some("not-the-token"), ingest, variables).unwrap();
    assert_eq!(refused["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let response = http(server.addr, "GET", "/graphql?query=%7B+documents+%7B+id+%7D+%7D", &[], b"").unwrap();
    assert_eq!(response.status, 200);
    let header_id = response.headers.get("x-request-id").cloned().expect("an x-request-id header");
    assert!(server.terminate(), "graceful shutdown on SIGTERM");

    let lines = server.logs();
    for line in &lines {
        assert!(!line.contains(TOKEN), "the token is logged: {line}");
    }
    let entries: Vec<Value> = lines.iter().map(|l| parse(l)).collect();
    let start =
        entries.iter().position(|e| message(e).starts_with("dutygraph serving")).expect("a start-up line");
    let stop = entries.iter().position(|e| message(e).contains("SIGTERM")).expect("a shutdown line");
    // Between start-up and shutdown every line is a request's, apart from
    // poem announcing that it listens.
    let request_lines: Vec<&Value> =
        entries[start + 1..stop].iter().filter(|e| e["target"] != "poem::server").collect();
    for entry in &request_lines {
        assert!(request_id(entry).is_some(), "a request line without a request id: {entry}");
    }
    // The engine's commit runs off the async workers and still has its id,
    // the id of the request that finished with status 200.
    let commit =
        request_lines.iter().find(|e| message(e) == "committing a document").expect("the commit is logged");
    let id = request_id(commit).unwrap();
    let same: Vec<&str> =
        request_lines.iter().filter(|e| request_id(e) == Some(id)).map(|e| message(e)).collect();
    assert!(
        same.contains(&"document ingested over GraphQL") && same.contains(&"request finished"),
        "{same:?}"
    );
    // The header names the request the log tells about.
    assert!(
        request_lines
            .iter()
            .any(|e| request_id(e) == Some(header_id.as_str()) && message(e) == "request finished"),
        "no log line for request {header_id}"
    );
}

#[test]
fn limits_come_from_the_config_file_unless_the_environment_sets_them_and_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("dutygraph.toml");
    let file = "max_depth = 3\nmax_aliases = 2\npersisted_queries = 5\npersisted_queries_bytes = 6000\n";
    std::fs::write(&config, file).unwrap();
    let config = config.to_str().unwrap();
    let env = [
        ("DUTYGRAPH_CONFIG", config),
        ("DUTYGRAPH_MAX_ALIASES", "4"),
        ("DUTYGRAPH_PERSISTED_QUERIES", "7"),
        ("DUTYGRAPH_RESPONSE_CACHE_BYTES", "300000"),
        ("DUTYGRAPH_TOKEN", TOKEN),
    ];
    let mut server = ServerProcess::start(&dir.path().join("data"), &env);
    // Depth 4 is over the file's limit of 3.
    let (_, answer) =
        graphql(server.addr, None, "{ places { documents { tasks { totalCount } } } }", json!({})).unwrap();
    assert!(answer["errors"][0]["message"].as_str().unwrap_or("").contains("nested too deep"), "{answer}");
    let (_, answer) = graphql(server.addr, None, "{ places { name } }", json!({})).unwrap();
    assert!(answer["data"]["places"].is_array(), "{answer}");
    assert!(server.terminate(), "graceful shutdown");
    let logs = server.logs();
    let line =
        logs.iter().find(|l| message(&parse(l)) == "configuration").expect("the configuration is logged");
    assert!(line.contains("max_depth: 3") && line.contains("max_aliases: 4"), "{line}");
    for cache in ["response_bytes: 300000", "persisted_queries: 7", "persisted_bytes: 6000"] {
        assert!(line.contains(cache), "{cache} in {line}");
    }
    assert!(!line.contains(TOKEN), "{line}");
}
