//! The in-process cost of `api::http::answer` (negotiation, parsing,
//! execution on the blocking pool, encoding) on the seeds: `{ __typename }`
//! against an analytics query answered uncached and from the response cache.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

use dutygraph::api::http::{self, CacheLimits, HttpCache, HttpConfig, HttpRequest};
use dutygraph::api::{self, ApiConfig};
use dutygraph::engine::Engine;
use dutygraph::store::Store;

const OVERLAP: &str = include_str!("../playground/analytics_health_civil_affairs_overlap.graphql");

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let engine = Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine"));
    engine.load_seeds_if_empty().expect("seeds load");
    let schema = api::build_schema(engine.clone(), ApiConfig::default());
    let cached = HttpConfig::default();
    let off = CacheLimits { responses: 0, ..CacheLimits::default() };
    let uncached = HttpConfig { cache: Arc::new(HttpCache::new(off)), ..HttpConfig::default() };
    let typename = serde_json::json!({ "query": "{ __typename }" }).to_string();
    let overlap = serde_json::json!({ "query": OVERLAP }).to_string();

    let mut group = c.benchmark_group("http/1x");
    group.sample_size(20).warm_up_time(Duration::from_millis(500));
    for (name, body, config) in [
        ("typename_uncached", &typename, &uncached),
        ("overlap_uncached", &overlap, &uncached),
        ("overlap_cached", &overlap, &cached),
    ] {
        let request = HttpRequest {
            method: "POST",
            content_type: Some("application/json"),
            body: body.as_bytes(),
            ..HttpRequest::default()
        };
        let first = runtime.block_on(http::answer(&schema, engine.snapshot(), request, config));
        assert!(first.status == 200 && !first.body.starts_with(b"{\"errors\""), "{name} failed");
        group.bench_function(name, |b| {
            b.iter(|| {
                let answer = runtime.block_on(http::answer(&schema, engine.snapshot(), request, config));
                black_box(answer)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
