//! Every analyst question in `playground/*.graphql` runs against the seeds
//! and its answer is compared with `playground/answers/<name>.json`.
//! `UPDATE_EXPECT=1 cargo test --test integration playground` rewrites the
//! answers (expect-test); read the diff against the documents before
//! committing.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use async_graphql::futures_util::StreamExt;
use async_graphql::Response;

use crate::support_api::{fresh_schema, run_on, SEEDED};

/// A subscription's first event: it starts on an empty store, then the
/// first seed is ingested.
fn first_event(query: &str) -> Response {
    let (engine, schema) = fresh_schema(false);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut events = schema.execute_stream(query);
        let first = events.next();
        let seed = &dutygraph::seeds::bundled()[0];
        // The stream subscribes when it is first polled; the ingest runs once
        // the subscription waits for its first change.
        let ingest = async {
            tokio::task::yield_now().await;
            engine.ingest(seed.text.as_bytes(), &seed.source()).expect("the seed is stored");
        };
        let (event, ()) =
            tokio::join!(tokio::time::timeout(std::time::Duration::from_secs(30), first), ingest);
        event.expect("an event within 30 s").expect("an event")
    })
}

fn playground_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("playground")
}

fn queries() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(playground_dir())
        .expect("playground/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    files
}

/// True when some list or string in the answer holds something: an answer
/// of only empty lists, zeros and nulls answers nothing.
fn has_content(v: &Value) -> bool {
    match v {
        Value::Array(items) => !items.is_empty() && items.iter().any(has_content),
        Value::Object(map) => map.values().any(has_content),
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::Bool(_) | Value::Null => false,
    }
}

#[test]
fn playground_queries_answer_as_recorded() {
    let files = queries();
    assert!((8..=40).contains(&files.len()), "expected 8 to 40 playground queries, found {}", files.len());
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let query = fs::read_to_string(&file).unwrap();
        assert!(
            query.starts_with("# "),
            "{name}: the first line must be a `# ` comment saying what it answers"
        );
        let response = if query.contains("\nsubscription ") {
            first_event(&query)
        } else {
            run_on(&SEEDED.schema, query.as_str())
        };
        assert!(response.errors.is_empty(), "{name}: {:?}", response.errors);
        let data = response.data.into_json().unwrap();
        assert!(has_content(&data), "{name}: the answer is empty: {data}");
        let actual = serde_json::to_string_pretty(&data).unwrap() + "\n";
        let answer = playground_dir().join("answers").join(format!("{name}.json"));
        expect_test::expect_file![answer].assert_eq(&actual);
    }
}
