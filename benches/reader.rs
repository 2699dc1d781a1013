//! Reader throughput (decode + read), in MB/s of source text: each seed
//! document, a generated corpus of 50 documents mixing both layouts, and
//! the annotated real tables of `tests/reading/corpus` (the genre's shapes).

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

fn corpus(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reading/corpus");
    let mut docs: Vec<(Vec<u8>, ingest::Source)> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/reading/corpus") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let gold: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.with_extension("json")).expect("annotation"))
                .expect("annotation JSON");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let place = gold["city"].as_str().map(str::to_string);
        docs.push((
            std::fs::read(&path).expect("document"),
            ingest::Source { name, place, ..Default::default() },
        ));
    }
    let mut group = c.benchmark_group("reader/corpus");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(docs.iter().map(|(b, _)| b.len() as u64).sum()));
    group.bench_function(format!("{} real tables", docs.len()), |b| {
        b.iter(|| {
            for (bytes, source) in &docs {
                let text = ingest::decode(bytes, &source.name).unwrap();
                black_box(ingest::read(&text, source, Directory::bundled()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, seeds, generated, corpus);
criterion_main!(benches);
