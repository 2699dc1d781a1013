//! Reads and writes at the same time, in process: every answer is read from
//! one store version, and reads keep answering while a write is committing.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use async_graphql::{Request, Variables};
use dutygraph::api::DutySchema;
use dutygraph::engine::Engine;
use dutygraph::gen::{self, GenConfig};
use serde_json::{json, Value};

use crate::support_api::{fresh_schema, with_token};

/// Three views of the same totals in one request.
const TOTALS: &str =
    "{ documents { id taskCount } tasks { totalCount } stats { countsByPlace { documents tasks } } }";

/// Checks that the three views of one answer agree; returns the number of
/// documents it saw.
fn check_one_version(answer: &Value) -> usize {
    let documents = answer["documents"].as_array().expect("documents");
    let by_documents: u64 = documents.iter().map(|d| d["taskCount"].as_u64().unwrap()).sum();
    let total = answer["tasks"]["totalCount"].as_u64().unwrap();
    let places = answer["stats"]["countsByPlace"].as_array().unwrap();
    let by_place: u64 = places.iter().map(|c| c["tasks"].as_u64().unwrap()).sum();
    let documents_by_place: u64 = places.iter().map(|c| c["documents"].as_u64().unwrap()).sum();
    assert!(
        by_documents == total && total == by_place && documents.len() as u64 == documents_by_place,
        "one answer mixes versions: Σ taskCount {by_documents}, tasks.totalCount {total}, Σ place tasks {by_place}, \
         {} documents listed, {documents_by_place} counted by place",
        documents.len()
    );
    documents.len()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn ingest_request(doc: &gen::GeneratedDocument) -> Request {
    let query =
        "mutation($text: String!, $place: String) { ingestDocument(text: $text, place: $place) { created } }";
    let variables = json!({ "text": doc.text, "place": doc.place });
    with_token(query, Some(crate::support_api::TOKEN)).variables(Variables::from_json(variables))
}

#[test]
fn every_answer_reads_one_version_while_ingests_commit() {
    let (engine, schema) = fresh_schema(true);
    let docs = gen::generate(&GenConfig { places: 3, docs_per_place: 4, seed: 11 });
    let writing = Arc::new(AtomicBool::new(true));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (engine, schema, writing) = (engine.clone(), schema.clone(), writing.clone());
            thread::spawn(move || {
                let runtime = runtime();
                let mut seen = Vec::new();
                // Bounded: the writer finishes long before this many reads.
                for _ in 0..20_000 {
                    let response = runtime.block_on(schema.execute(TOTALS));
                    assert!(response.errors.is_empty(), "{:?}", response.errors);
                    let count = check_one_version(&response.data.into_json().unwrap());
                    assert!(
                        seen.last().is_none_or(|&last| last <= count),
                        "a later read saw fewer documents"
                    );
                    seen.push(count);
                    // The analytic views of a snapshot belong to its catalog.
                    let snapshot = engine.snapshot();
                    assert_eq!(snapshot.views.version(), snapshot.catalog.version());
                    assert!(Arc::ptr_eq(snapshot.views.catalog(), &snapshot.catalog));
                    if !writing.load(Ordering::Acquire) {
                        break;
                    }
                }
                seen
            })
        })
        .collect();
    let runtime = runtime();
    for doc in &docs {
        let response = runtime.block_on(schema.execute(ingest_request(doc)));
        assert!(response.errors.is_empty(), "{:?}", response.errors);
    }
    writing.store(false, Ordering::Release);
    let mut states = std::collections::BTreeSet::new();
    for reader in readers {
        states.extend(reader.join().expect("no reader saw mixed versions"));
    }
    assert_eq!(engine.snapshot().catalog.documents().len(), 5 + docs.len());
    // The reads interleaved with the writes rather than all running before
    // or after them.
    assert!(states.len() > 2, "reads saw only {states:?} documents");
}

/// An export destination that stops at its first write until released, so
/// the export holds the store's lock for as long as the test wants.
struct Stalled {
    entered: Option<mpsc::Sender<()>>,
    release: mpsc::Receiver<()>,
}

impl Write for Stalled {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(entered) = self.entered.take() {
            let _ = entered.send(());
            let _ = self.release.recv();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `query` on another thread and waits at most 10 s for its answer.
fn answer_within(schema: &DutySchema, query: &'static str) -> Value {
    let (done, answer) = mpsc::channel();
    let schema = schema.clone();
    thread::spawn(move || {
        let response = runtime().block_on(schema.execute(query));
        let _ = done.send(response.data.into_json().unwrap());
    });
    answer.recv_timeout(Duration::from_secs(10)).expect("a read waited for the write in progress")
}

#[test]
fn reads_answer_while_a_write_is_committing() {
    let (engine, schema): (Arc<Engine>, DutySchema) = fresh_schema(true);
    // An export stalls while holding the store's lock...
    let (entered, export_started) = mpsc::channel();
    let (release, released) = mpsc::channel();
    let exporter = thread::spawn({
        let engine = engine.clone();
        move || {
            let mut out = Stalled { entered: Some(entered), release: released };
            engine.store().export_jsonl(&mut out).expect("the export finishes once released")
        }
    });
    export_started.recv_timeout(Duration::from_secs(10)).expect("the export starts");
    // ...so an ingest that has taken the engine's write lock waits for it.
    let doc = gen::generate(&GenConfig { places: 1, docs_per_place: 1, seed: 5 }).remove(0);
    let writer = thread::spawn({
        let engine = engine.clone();
        move || engine.ingest(doc.text.as_bytes(), &doc.source())
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while !engine.is_writing() {
        assert!(Instant::now() < deadline && !writer.is_finished(), "the ingest never took the write lock");
        thread::sleep(Duration::from_millis(1));
    }
    // The write is in progress: reads answer at once, from the version before it.
    for _ in 0..3 {
        let answer = answer_within(&schema, TOTALS);
        assert_eq!(check_one_version(&answer), 5);
    }
    assert!(engine.is_writing() && !writer.is_finished(), "the write must still be in progress");
    release.send(()).unwrap();
    exporter.join().unwrap();
    assert!(writer.join().unwrap().expect("the ingest succeeds").created);
    assert_eq!(check_one_version(&answer_within(&schema, TOTALS)), 6);
}
