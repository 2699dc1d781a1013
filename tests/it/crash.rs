//! Crash safety of the real server: `dutygraph serve` ingests documents over
//! GraphQL while it is killed with SIGKILL at seeded random moments, then
//! restarted. After every kill the store must hold whole documents only (each
//! with exactly the tasks, assignments and milestones the reader finds in its
//! text) and every document whose ingest was acknowledged.

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use dutygraph::gen::{self, GenConfig};
use dutygraph::ingest::{self, Directory, Source};
use dutygraph::model::{DocumentId, Role};
use dutygraph::store::Store;
use serde_json::{json, Value};

use crate::support_bin::{graphql, health_documents, Rng, ServerProcess};

const TOKEN: &str = "crash-test-token";
const CYCLES: usize = 6;

/// What the reader finds in a text: the counts a stored copy must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    tasks: usize,
    leads: usize,
    supports: usize,
    milestones: usize,
}

struct Candidate {
    text: String,
    source: Source,
    counts: Counts,
}

/// Reads `text` the way the engine does and returns its id and counts.
fn expected(text: &str, source: &Source) -> (DocumentId, Counts) {
    let parsed = ingest::read(text, source, Directory::bundled());
    assert!(!parsed.has_errors(), "{}: the generator's documents must read cleanly", source.name);
    let bundle = ingest::to_bundle(&parsed, source, text, chrono::Utc::now()).expect("a place is given");
    let role = |r| bundle.assignments.iter().filter(|a| a.role == r).count();
    let counts = Counts {
        tasks: bundle.tasks.len(),
        leads: role(Role::Lead),
        supports: role(Role::Support),
        milestones: bundle.milestones.len(),
    };
    (bundle.document.id, counts)
}

/// Checks the store in `data` (no server running) and returns its documents.
fn verify(
    data: &Path,
    known: &HashMap<DocumentId, Counts>,
    acknowledged: &BTreeSet<DocumentId>,
) -> BTreeSet<DocumentId> {
    let store = Store::open(data).expect("the store opens after a kill");
    let catalog = store.catalog().expect("every stored record decodes");
    let stored: BTreeSet<DocumentId> = catalog.documents().iter().map(|d| d.id).collect();
    for id in acknowledged {
        assert!(stored.contains(id), "document {id} was acknowledged but is not stored after the kill");
    }
    let (mut tasks, mut assignments, mut milestones) = (0, 0, 0);
    for id in &stored {
        let want = known.get(id).unwrap_or_else(|| panic!("document {id} was never sent"));
        let doc_tasks: Vec<_> = catalog.document_tasks(*id).collect();
        let units: Vec<_> = doc_tasks.iter().flat_map(|t| catalog.task_assignments(t.id)).collect();
        let got = Counts {
            tasks: doc_tasks.len(),
            leads: units.iter().filter(|a| a.role == Role::Lead).count(),
            supports: units.iter().filter(|a| a.role == Role::Support).count(),
            milestones: doc_tasks.iter().map(|t| catalog.task_milestones(t.id).count()).sum(),
        };
        assert_eq!(got, *want, "document {id} is stored partly");
        tasks += got.tasks;
        assignments += got.leads + got.supports;
        milestones += got.milestones;
    }
    // Nothing belongs to a document that is not there.
    assert_eq!(catalog.tasks().len(), tasks, "tasks of missing documents");
    assert_eq!(catalog.assignments().len(), assignments, "assignments of missing documents");
    assert_eq!(catalog.milestones().len(), milestones, "milestones of missing documents");
    stored
}

const INGEST: &str = "mutation($text: String!, $place: String, $title: String, $name: String!, $province: String) {
  ingestDocument(text: $text, place: $place, title: $title, sourceName: $name, province: $province) { documentId tasks }
}";

/// Ingests `docs[next..]` one after the other until the server stops
/// answering, signalling each acknowledgement on `acked`; returns the ids
/// acknowledged and the index of the first document not acknowledged.
fn ingest_until_killed(
    addr: SocketAddr,
    docs: &[Candidate],
    mut next: usize,
    acked: mpsc::Sender<()>,
) -> (Vec<DocumentId>, usize) {
    let mut acknowledged = Vec::new();
    while let Some(doc) = docs.get(next) {
        let variables = json!({
            "text": doc.text,
            "place": doc.source.place,
            "title": doc.source.title,
            "name": doc.source.name,
            "province": doc.source.province,
        });
        let Ok((status, answer)) = graphql(addr, Some(TOKEN), INGEST, variables) else { break };
        let report = &answer["data"]["ingestDocument"];
        assert!(status == 200 && report.is_object(), "ingest failed: {status} {answer}");
        assert_eq!(report["tasks"].as_u64(), Some(doc.counts.tasks as u64));
        let id = report["documentId"].as_str().and_then(|id| id.parse().ok()).expect("a document id");
        acknowledged.push(id);
        next += 1;
        let _ = acked.send(());
    }
    (acknowledged, next)
}

#[test]
fn killed_servers_keep_whole_acknowledged_documents_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut known = HashMap::new();
    for seed in dutygraph::seeds::bundled() {
        let (id, counts) = expected(&seed.text, &seed.source());
        known.insert(id, counts);
    }
    let docs: Arc<Vec<Candidate>> = Arc::new(
        gen::generate(&GenConfig { places: 16, docs_per_place: 5, seed: 0xc0ffee })
            .into_iter()
            .map(|d| {
                let source = d.source();
                let (id, counts) = expected(&d.text, &source);
                known.insert(id, counts);
                Candidate { text: d.text, source, counts }
            })
            .collect(),
    );
    let env = [("DUTYGRAPH_TOKEN", TOKEN)];
    let mut rng = Rng::new(0x5eed_0005);
    let mut acknowledged = BTreeSet::new();
    let mut stored: Option<BTreeSet<DocumentId>> = None;
    let mut next = 0;
    for cycle in 0..CYCLES {
        let mut server = ServerProcess::start(&data, &env);
        if let Some(stored) = &stored {
            assert_eq!(
                health_documents(server.addr),
                stored.len() as u64,
                "the restarted server serves the store"
            );
        }
        let (acked, first_ack) = mpsc::channel();
        let client = std::thread::spawn({
            let (addr, docs) = (server.addr, docs.clone());
            move || ingest_until_killed(addr, &docs, next, acked)
        });
        // Once ingests flow, the kill lands at a seeded moment: the client
        // sends one document after the other, so almost always inside an
        // ingest (each takes tens of milliseconds in a debug build).
        first_ack
            .recv_timeout(Duration::from_secs(60))
            .expect("the first ingest of the cycle is acknowledged");
        std::thread::sleep(Duration::from_millis(rng.below(400)));
        server.kill();
        let (acked, not_acked) = client.join().expect("the client thread ends when the server dies");
        acknowledged.extend(acked);
        next = not_acked;
        stored = Some(verify(&data, &known, &acknowledged));
        eprintln!(
            "cycle {cycle}: {} acknowledged, {} stored",
            acknowledged.len(),
            stored.as_ref().map_or(0, |s| s.len())
        );
    }
    assert!(acknowledged.len() >= CYCLES, "too few ingests to test anything: {}", acknowledged.len());
    // The last kill's store still serves after a restart.
    let server = ServerProcess::start(&data, &env);
    assert_eq!(health_documents(server.addr), stored.map_or(0, |s| s.len()) as u64);
    let (_, answer) = graphql(server.addr, None, "{ tasks { totalCount } }", Value::Null).unwrap();
    assert!(answer["data"]["tasks"]["totalCount"].as_u64().is_some_and(|n| n > 0), "{answer}");
}
