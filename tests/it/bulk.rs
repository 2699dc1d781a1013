//! Bulk ingest (`Engine::ingest_many`) and incremental snapshots: the fast
//! paths must give exactly what the one-document path and a restart give.

use std::sync::Arc;

use dutygraph::engine::{BulkConfig, BulkDocument, Engine, EngineError};
use dutygraph::gen::{generate, GenConfig, GeneratedDocument};
use dutygraph::graph::{Measure, RankBy, RankingOptions, Scope, Views};
use dutygraph::ingest::Source;
use dutygraph::model::Catalog;
use dutygraph::store::Store;

fn corpus() -> Vec<GeneratedDocument> {
    generate(&GenConfig { places: 4, docs_per_place: 2, seed: 7 })
}

fn bulk(docs: &[GeneratedDocument]) -> Vec<BulkDocument> {
    docs.iter().map(|d| BulkDocument { bytes: d.text.clone().into_bytes(), source: d.source() }).collect()
}

fn engine() -> Engine {
    Engine::new(Store::temporary().unwrap()).unwrap()
}

/// Every network, ranking and PageRank the views give, as text.
fn fingerprint(views: &Views) -> String {
    let mut scopes = vec![Scope::all(), Scope::all().merged_by_category()];
    scopes.extend(views.catalog().places().iter().map(|c| Scope::place(c.id)));
    let mut out = String::new();
    for scope in &scopes {
        out += &serde_json::to_string(&views.network(scope, 0).unwrap()).unwrap();
        out += &serde_json::to_string(&views.ranking(scope, &RankingOptions::by(RankBy::Total)).unwrap())
            .unwrap();
        out += &format!("{:?}\n", views.centrality(scope, Measure::PageRank));
    }
    out
}

#[test]
fn a_bulk_load_gives_the_snapshot_a_restart_would() {
    let docs = corpus();
    let engine = engine();
    let report = engine.ingest_many(bulk(&docs), &BulkConfig { flush_every: 3, readers: 2 });
    assert!(report.fault.is_none());
    assert_eq!(report.documents.len(), docs.len());
    let stored = report.documents.iter().filter(|r| r.as_ref().is_ok_and(|r| r.created)).count();
    assert_eq!(report.created, stored);
    // Reports come back in input order.
    for (d, r) in docs.iter().zip(&report.documents) {
        assert_eq!(r.as_ref().unwrap().tasks, d.expected.tasks, "{}", d.file_name);
    }
    let snapshot = engine.snapshot();
    assert_eq!(report.version, engine.store().version().unwrap());
    assert_eq!(*snapshot.catalog, engine.store().catalog().unwrap());
    // The warm views of the bulk snapshot equal views built from scratch.
    assert_eq!(fingerprint(&snapshot.views), fingerprint(&Views::build_warm(Arc::clone(&snapshot.catalog))));
}

#[test]
fn a_bulk_load_equals_one_document_at_a_time() {
    let docs = corpus();
    let one_by_one = engine();
    for d in &docs {
        one_by_one.ingest(d.text.as_bytes(), &d.source()).unwrap();
    }
    let bulk_engine = engine();
    bulk_engine.ingest_many(bulk(&docs), &BulkConfig::default());
    let (a, b) = (one_by_one.snapshot(), bulk_engine.snapshot());
    // Ingest times differ; everything else must not.
    let strip = |c: &Catalog| {
        let mut docs = c.documents().to_vec();
        docs.iter_mut().for_each(|d| d.ingested_at = Default::default());
        (
            docs,
            c.tasks().to_vec(),
            c.assignments().to_vec(),
            c.milestones().to_vec(),
            c.departments().to_vec(),
            c.places().to_vec(),
        )
    };
    assert_eq!(strip(&a.catalog), strip(&b.catalog));
    assert_eq!(fingerprint(&a.views), fingerprint(&b.views));
}

#[test]
fn refusals_are_reported_in_place_and_the_rest_is_stored() {
    let docs = corpus();
    let mut batch = bulk(&docs[..3]);
    let notes = Source { name: "notes.txt".into(), place: Some("江门市".into()), ..Default::default() };
    batch.insert(1, BulkDocument { bytes: "会议纪要\n今天天气很好。\n".as_bytes().to_vec(), source: notes });
    batch.push(batch[0].clone());
    let engine = engine();
    let report = engine.ingest_many(batch, &BulkConfig::default());
    assert!(report.fault.is_none());
    assert_eq!(report.documents.len(), 5);
    assert!(matches!(report.documents[1], Err(EngineError::Unreadable { .. })));
    // The repeated document was stored once.
    assert!(!report.documents[4].as_ref().unwrap().created);
    assert_eq!(report.created, 3);
    assert_eq!(engine.snapshot().catalog.documents().len(), 3);
    assert_eq!(*engine.snapshot().catalog, engine.store().catalog().unwrap());
    // Loading the same batch again stores nothing and keeps the snapshot.
    let before = engine.snapshot();
    let again = engine.ingest_many(bulk(&docs[..3]), &BulkConfig::default());
    assert_eq!(again.created, 0);
    assert!(Arc::ptr_eq(&before, &engine.snapshot()));
}

#[test]
fn snapshots_after_single_ingests_and_removals_equal_fresh_ones() {
    let docs = corpus();
    let engine = engine();
    engine.ingest_many(bulk(&docs[..5]), &BulkConfig::default());
    // A new document of a place already there, then one of a new place.
    for d in [&docs[5], &docs[7]] {
        engine.ingest(d.text.as_bytes(), &d.source()).unwrap();
        let s = engine.snapshot();
        assert_eq!(*s.catalog, engine.store().catalog().unwrap());
        assert_eq!(fingerprint(&s.views), fingerprint(&Views::build_warm(Arc::clone(&s.catalog))));
    }
    let removed = engine.snapshot().catalog.documents()[0].id;
    assert!(engine.remove_document(removed).unwrap());
    let s = engine.snapshot();
    assert_eq!(*s.catalog, engine.store().catalog().unwrap());
    assert_eq!(fingerprint(&s.views), fingerprint(&Views::build_warm(Arc::clone(&s.catalog))));
}

#[test]
fn with_bundles_equals_from_bundles() {
    let docs = corpus();
    let now = chrono::Utc::now();
    let bundles: Vec<_> = docs
        .iter()
        .map(|d| {
            let source = d.source();
            let parsed = dutygraph::ingest::read(&d.text, &source, dutygraph::ingest::Directory::bundled());
            dutygraph::ingest::to_bundle(&parsed, &source, &d.text, now).unwrap()
        })
        .collect();
    let first = Catalog::from_bundles(1, bundles[..3].to_vec());
    let grown = first.with_bundles(2, bundles[2..].to_vec());
    assert_eq!(grown, Catalog::from_bundles(2, bundles.clone()));
    for b in &bundles {
        let task = &b.tasks[0];
        assert_eq!(grown.task(task.id), Some(task));
        let mut expected: Vec<_> = b.assignments.iter().filter(|a| a.task == task.id).collect();
        expected.sort_by_key(|a| (a.role, a.rank));
        assert_eq!(grown.task_assignments(task.id).collect::<Vec<_>>(), expected);
        assert_eq!(grown.place_documents(b.place.id).iter().filter(|d| d.id == b.document.id).count(), 1);
    }
}
