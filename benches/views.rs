//! What one more ingest costs beyond the store, at 1×, 100× and 1000×: the
//! new catalog (`Catalog::with_bundle`), the warm graph views
//! (`Views::build_warm`), both together from scratch (`Snapshot::new`), and
//! both as `Engine::ingest` does them (`Snapshot::next`, reusing the
//! networks of unchanged places and indexing only the new document).

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use std::hint::black_box;

use dutygraph::engine::Snapshot;
use dutygraph::graph::Views;

mod common;

fn rebuild(c: &mut Criterion) {
    let mut group = c.benchmark_group("views");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for scale in [1, 100, 1000] {
        let mut bundles = common::bundles(&common::corpus(scale));
        let extra = bundles.pop().unwrap();
        let catalog = Arc::new(dutygraph::model::Catalog::from_bundles(1, bundles));
        group.bench_function(format!("with_bundle/{scale}x"), |b| {
            b.iter(|| black_box(catalog.with_bundle(2, &extra)))
        });
        group.bench_function(format!("build_warm/{scale}x"), |b| {
            b.iter(|| black_box(Views::build_warm(Arc::clone(&catalog))))
        });
        group.bench_function(format!("snapshot_after_ingest/{scale}x"), |b| {
            b.iter(|| black_box(Snapshot::new(catalog.with_bundle(2, &extra))))
        });
        // What `Engine::ingest` does: the next snapshot reuses the networks
        // of every place but the ingested document's, and indexes the
        // document. The search index is shared along a line of snapshots, so
        // the untimed setup takes the document out of it again.
        let current = Snapshot::new((*catalog).clone());
        group.bench_function(format!("snapshot_next_after_ingest/{scale}x"), |b| {
            b.iter_batched(
                || current.search.next(Arc::clone(&catalog)),
                |_| black_box(current.next(catalog.with_bundle(2, &extra))),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, rebuild);
criterion_main!(benches);
