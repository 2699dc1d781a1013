//! Reader throughput (decode + read), in MB/s of source text: each seed
//! document, and a generated corpus of 50 documents mixing both layouts.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use dutygraph::ingest::{self, Directory};

mod common;

fn seeds(c: &mut Criterion) {
    let mut group = c.benchmark_group("reader/seed");
    group.sample_size(30);
    for seed in dutygraph::seeds::bundled() {
        let source = seed.source();
        group.throughput(Throughput::Bytes(seed.text.len() as u64));
        group.bench_function(&seed.entry.file[..3], |b| {
            b.iter(|| {
                let text = ingest::decode(seed.text.as_bytes(), &source.name).unwrap();
                black_box(ingest::read(&text, &source, Directory::bundled()))
            })
        });
    }
    group.finish();
}

fn generated(c: &mut Criterion) {
    let docs =
        dutygraph::gen::generate(&dutygraph::gen::GenConfig { places: 10, docs_per_place: 5, seed: 1 });
    let sources: Vec<_> = docs.iter().map(|d| d.source()).collect();
    let mut group = c.benchmark_group("reader/generated");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(common::bytes(&docs)));
    group.bench_function("50 documents", |b| {
        b.iter(|| {
            for (d, source) in docs.iter().zip(&sources) {
                let text = ingest::decode(d.text.as_bytes(), &source.name).unwrap();
                black_box(ingest::read(&text, source, Directory::bundled()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, seeds, generated);
criterion_main!(benches);
