//! Ingest throughput into sled, in tasks per second: a bulk load
//! (`Engine::ingest_many`: read, store, one snapshot) of the 1× and 100×
//! corpora into a fresh temporary store, and one-at-a-time `Engine::ingest`
//! of the 1× corpus. 1000× is measured once by `scripts/load.sh` instead.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};

use dutygraph::engine::{BulkConfig, Engine};
use dutygraph::store::Store;

mod common;

fn ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for scale in [1, 100] {
        let docs = common::corpus(scale);
        let tasks: usize = docs.iter().map(|d| d.expected.tasks).sum();
        group.throughput(Throughput::Elements(tasks as u64));
        group.bench_function(format!("bulk/{scale}x"), |b| {
            b.iter_batched(
                || (Engine::new(Store::temporary().unwrap()).unwrap(), common::bulk(&docs)),
                |(engine, batch)| {
                    let report = engine.ingest_many(batch, &BulkConfig::default());
                    assert!(report.fault.is_none());
                    engine
                },
                BatchSize::PerIteration,
            )
        });
        if scale == 1 {
            group.bench_function("one_at_a_time/1x", |b| {
                b.iter_batched(
                    || Engine::new(Store::temporary().unwrap()).unwrap(),
                    |engine| {
                        for d in &docs {
                            engine.ingest(d.text.as_bytes(), &d.source()).unwrap();
                        }
                        engine
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
