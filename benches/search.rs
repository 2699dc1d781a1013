//! Search at 1×, 100× and 1000×: a query as the API asks it (20 hits with
//! fields and snippets, and the total), filtered, similar tasks, a topic;
//! and what the index costs: built from scratch (`SearchIndex::build`, what
//! opening a store pays) and brought up to date after one more ingest
//! (`SearchIndex::next`, what `Engine::ingest` pays).

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use std::hint::black_box;

use dutygraph::model::Catalog;
use dutygraph::search::{SearchFilter, SearchIndex, SearchRequest};

mod common;

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(20).sampling_mode(SamplingMode::Flat);
    for scale in [1, 100, 1000] {
        let mut bundles = common::bundles(&common::corpus(scale));
        let extra = bundles.pop().unwrap();
        let base = Catalog::from_bundles(1, bundles);
        let with_extra = Arc::new(base.with_bundle(2, &extra));
        let base = Arc::new(base);
        let index = SearchIndex::build(Arc::clone(&with_extra));
        let everywhere = SearchFilter::default();
        let place = with_extra.places()[0].id;
        let in_place = SearchFilter { place: Some(place), ..SearchFilter::default() };
        let queries = [
            ("rare_term", "医养结合", &everywhere),
            ("common_term", "养老服务", &everywhere),
            ("two_terms", "居家养老 信息平台", &everywhere),
            ("place_filter", "养老服务", &in_place),
        ];
        for (name, query, filter) in queries {
            let request = SearchRequest { query, filter, offset: 0, limit: 20 };
            group.bench_function(format!("{name}/{scale}x"), |b| {
                b.iter(|| black_box(index.search(&request).expect("search")))
            });
        }
        let task = with_extra.tasks()[with_extra.tasks().len() / 2].id;
        group.bench_function(format!("similar_tasks/{scale}x"), |b| {
            b.iter(|| black_box(index.similar(task, 0.3, 20).expect("similar")))
        });
        group.bench_function(format!("topic_tasks/{scale}x"), |b| {
            b.iter(|| black_box(index.on_topic("居家养老").expect("topic")))
        });
        // One more document: the setup takes it out again (untimed), so each
        // timed call indexes it and commits, as an ingest does.
        group.bench_function(format!("next_after_ingest/{scale}x"), |b| {
            b.iter_batched(
                || index.next(Arc::clone(&base)),
                |previous| black_box(previous.next(Arc::clone(&with_extra))),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
    let mut group = c.benchmark_group("search_build");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for scale in [1, 100, 1000] {
        let catalog = common::catalog(scale);
        group.bench_function(format!("build/{scale}x"), |b| {
            b.iter(|| black_box(SearchIndex::build(Arc::clone(&catalog))))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
