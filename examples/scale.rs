//! One-shot timings of every stage at a scale, for BENCHMARKS.md and for
//! profiling: `cargo run --release --example scale -- 1000` (the number is
//! the scale: places = 5 × scale / docs-per-place, documents = 5 × scale).
//!
//! Criterion (benches/) measures the same stages with statistics at 1× and
//! 100×; at 1000× a single run is all a 2-core machine can afford.

use std::sync::Arc;
use std::time::Instant;

use dutygraph::engine::{BulkConfig, BulkDocument, Engine, Snapshot};
use dutygraph::gen::{generate, GenConfig};
use dutygraph::graph::{Measure, RankBy, RankingOptions, Scope, Views};
use dutygraph::ingest::{self, Directory};
use dutygraph::store::Store;

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    println!("{what:<44} {:>10.1} ms", started.elapsed().as_secs_f64() * 1e3);
    value
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let scale: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let (places, docs_per_place) = if scale == 1 { (5, 1) } else { (scale, 5) };
    let config = GenConfig { places, docs_per_place, seed: 1 };
    let mut docs = time(&format!("generate {places} places × {docs_per_place} docs"), || generate(&config));
    // One document held back, to time a single ingest into the loaded store.
    let extra = docs.pop().expect("at least one document");
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!("corpus: {} documents, {:.1} MB", docs.len(), bytes as f64 / 1e6);

    let directory = Directory::bundled();
    let started = Instant::now();
    let mut tasks = 0;
    for d in &docs {
        let source = d.source();
        let text = ingest::decode(d.text.as_bytes(), &source.name).unwrap();
        tasks += ingest::read(&text, &source, directory).tasks.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:<44} {:>10.1} ms  ({:.1} MB/s, {tasks} tasks)",
        "read (1 thread)",
        secs * 1e3,
        bytes as f64 / 1e6 / secs
    );

    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    let batch: Vec<BulkDocument> = docs
        .iter()
        .map(|d| BulkDocument { bytes: d.text.clone().into_bytes(), source: d.source() })
        .collect();
    drop(docs);
    let report = time("ingest_many (read + store + one snapshot)", || {
        engine.ingest_many(batch, &BulkConfig::default())
    });
    assert!(report.fault.is_none());
    let snapshot = engine.snapshot();
    let catalog = &snapshot.catalog;
    println!(
        "catalog: {} cities, {} documents, {} departments, {} tasks, {} assignments, {} milestones",
        catalog.places().len(),
        catalog.documents().len(),
        catalog.departments().len(),
        catalog.tasks().len(),
        catalog.assignments().len(),
        catalog.milestones().len()
    );
    let loaded = time("store.catalog() (restart)", || engine.store().catalog().unwrap());
    assert_eq!(loaded, **catalog, "the snapshot after a bulk load equals the store");
    drop(loaded);
    time("Views::build_warm", || Views::build_warm(Arc::clone(catalog)));
    let cold = Views::build(Arc::clone(catalog));
    time("  of which: net(all) (+ export)", || cold.network(&Scope::all(), u32::MAX).unwrap());
    time("  of which: net(all merged) (+ export)", || {
        cold.network(&Scope::all().merged_by_category(), u32::MAX).unwrap()
    });
    time("  of which: every city net (+ export)", || {
        for c in catalog.places() {
            cold.network(&Scope::place(c.id), u32::MAX).unwrap();
        }
    });
    drop(cold);
    let source = extra.source();
    let text = ingest::decode(extra.text.as_bytes(), &source.name).unwrap();
    let parsed = ingest::read(&text, &source, directory);
    let bundle = ingest::to_bundle(&parsed, &source, &text, chrono::Utc::now()).unwrap();
    let next = time("Catalog::with_bundle (one more document)", || {
        catalog.with_bundle(catalog.version() + 1, &bundle)
    });
    time("Snapshot::next (views of it, reusing cities)", || snapshot.next(next.clone()));
    time("Snapshot::new (views of it, from scratch)", || Snapshot::new(next));
    time("Engine::ingest (one more document, total)", || {
        engine.ingest(extra.text.as_bytes(), &source).unwrap()
    });

    let views = &engine.snapshot().views;
    let all = Scope::all();
    for pass in ["first", "cached"] {
        println!("-- analytics, {pass} call, scope all");
        time("ranking by lead", || views.ranking(&all, &RankingOptions::by(RankBy::Lead)).unwrap());
        time("overlap matrix top 20", || views.overlap_matrix(&all, 20).unwrap());
        for m in [
            Measure::Degree,
            Measure::Betweenness,
            Measure::Closeness,
            Measure::Eigenvector,
            Measure::PageRank,
        ] {
            time(&format!("centrality {m:?}"), || views.centrality(&all, m).map(|_| ()).unwrap_or(()));
        }
        time("communities", || views.communities(&all).unwrap());
        time("network export (min weight 1)", || views.network(&all, 1).unwrap());
    }
    if let Ok(path) = std::env::var("DUMP") {
        // Every network and score, to check that an optimisation changed nothing.
        let mut scopes = vec![Scope::all(), Scope::all().merged_by_category()];
        scopes.extend(views.catalog().places().iter().take(20).map(|c| Scope::place(c.id)));
        let mut out = String::new();
        for scope in &scopes {
            out += &serde_json::to_string(&views.network(scope, 0).unwrap()).unwrap();
            out += &serde_json::to_string(&views.ranking(scope, &RankingOptions::by(RankBy::Total)).unwrap())
                .unwrap();
            out += &format!("{:?}\n", views.centrality(scope, Measure::PageRank));
            out += &format!("{:?}\n", views.communities(scope));
        }
        std::fs::write(path, out).unwrap();
    }
    println!("peak RSS {:.0} MiB", rss_mib());
}
