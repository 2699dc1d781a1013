//! Each analytic at 1×, 100× and 1000×, on the all-places scope: the first
//! computation (on freshly built warm views, as right after an ingest) and
//! the repeated call (memoised results cost a lookup; rankings, overlap and
//! exports are recomputed from the memoised network).

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use std::hint::black_box;

use dutygraph::graph::{Measure, RankBy, RankingOptions, Scope, Views};
use dutygraph::model::Catalog;

mod common;

type Analytic = fn(&Views);

fn analytics() -> Vec<(&'static str, Analytic)> {
    vec![
        ("ranking", |v| drop(black_box(v.ranking(&Scope::all(), &RankingOptions::by(RankBy::Lead))))),
        ("overlap_matrix_top20", |v| drop(black_box(v.overlap_matrix(&Scope::all(), 20)))),
        ("centrality_degree", |v| drop(black_box(v.centrality(&Scope::all(), Measure::Degree)))),
        ("centrality_weighted_degree", |v| {
            drop(black_box(v.centrality(&Scope::all(), Measure::WeightedDegree)))
        }),
        ("centrality_betweenness", |v| drop(black_box(v.centrality(&Scope::all(), Measure::Betweenness)))),
        ("centrality_closeness", |v| drop(black_box(v.centrality(&Scope::all(), Measure::Closeness)))),
        ("centrality_eigenvector", |v| drop(black_box(v.centrality(&Scope::all(), Measure::Eigenvector)))),
        ("centrality_pagerank", |v| drop(black_box(v.centrality(&Scope::all(), Measure::PageRank)))),
        ("communities", |v| drop(black_box(v.communities(&Scope::all())))),
        ("network_export", |v| drop(black_box(v.network(&Scope::all(), 1)))),
    ]
}

/// Times `analytic` on fresh warm views each iteration, views built untimed.
fn first_call(catalog: &Arc<Catalog>, analytic: Analytic, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let views = Views::build_warm(Arc::clone(catalog));
        let started = Instant::now();
        analytic(&views);
        total += started.elapsed();
    }
    total
}

fn bench(c: &mut Criterion) {
    for scale in [1, 100, 1000] {
        let catalog = common::catalog(scale);
        let warm = Views::build_warm(Arc::clone(&catalog));
        let mut group = c.benchmark_group(format!("analytics/{scale}x"));
        group.sample_size(10).warm_up_time(Duration::from_millis(500));
        if scale > 1 {
            group.sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(2));
        }
        for (name, analytic) in analytics() {
            group.bench_function(format!("{name}/first"), |b| {
                b.iter_custom(|iters| first_call(&catalog, analytic, iters))
            });
            analytic(&warm);
            group.bench_function(format!("{name}/cached"), |b| b.iter(|| analytic(&warm)));
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
