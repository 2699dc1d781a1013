//! The in-process cost of `api::http::answer` (negotiation, parsing,
//! execution on the blocking pool, encoding) at 1×, 100× and 1000×:
//! `{ __typename }` against the overlap matrix of the whole corpus (and at
//! 1× the seeds' 江门 overlap query), answered uncached and from the
//! response cache, and so are one place's three rankings and PageRank (the
//! peers' questions); the dashboard's lists, uncached: a page of 50 tasks of
//! all places and of one place, and one place's Q4 2020 milestones; last,
//! `{ __typename }` again with the server's metrics recorder installed, as
//! `serve` runs by default (the recorder stays for the rest of the process,
//! so it goes last).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

use dutygraph::api::http::{self, CacheLimits, HttpCache, HttpConfig, HttpRequest};
use dutygraph::api::{self, ApiConfig};
use dutygraph::engine::Engine;
use dutygraph::store::Store;

mod common;

const OVERLAP: &str = include_str!("../playground/analytics_health_civil_affairs_overlap.graphql");
const MATRIX: &str = "{ overlapMatrix(top: 10) { labels shared jaccard } }";
/// The peers' ranking and centrality questions (`../shared/peers/`), of one place.
fn rankings(place: &str) -> String {
    let scope = format!("scope: {{ places: [\"{place}\"] }}");
    format!(
        "{{ lead: rankings({scope}, by: ANY_LEAD, first: 10) {{ entries {{ name count }} }} \
         primary: rankings({scope}, by: PRIMARY_LEAD, first: 10) {{ entries {{ name count }} }} \
         support: rankings({scope}, by: SUPPORT, first: 10) {{ entries {{ name count }} }} }}"
    )
}

fn pagerank(place: &str) -> String {
    format!(
        "{{ centrality(scope: {{ places: [\"{place}\"] }}, measure: PAGERANK) \
         {{ scores {{ value actor {{ name }} }} }} }}"
    )
}

const TASK_FIELDS: &str =
    "totalCount edges { node { number text deadline ongoing place { name } leads { rank printedName department { name category } } } }";

fn dashboard_tasks(place: Option<&str>) -> String {
    let filter = place.map(|p| format!(", filter: {{ place: \"{p}\" }}")).unwrap_or_default();
    format!("{{ tasks(first: 50{filter}) {{ {TASK_FIELDS} }} }}")
}

fn milestone_timeline(place: &str) -> String {
    format!(
        "{{ milestones(from: \"2020-10-01\", to: \"2020-12-31\", place: \"{place}\") \
         {{ date kind text task {{ number leads {{ printedName }} }} }} }}"
    )
}

/// An engine holding the seeds (1×) or a generated corpus.
fn engine(scale: usize) -> Arc<Engine> {
    let engine = Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine"));
    if scale == 1 {
        engine.load_seeds_if_empty().expect("seeds load");
    } else {
        let report = engine.ingest_many(common::bulk(&common::corpus(scale)), &Default::default());
        assert!(report.fault.is_none(), "the corpus loads");
    }
    engine
}

fn bench(c: &mut Criterion) {
    for scale in [1, 100, 1000] {
        at_scale(c, scale);
    }
    with_metrics(c);
}

fn post(body: &str) -> HttpRequest<'_> {
    HttpRequest {
        method: "POST",
        content_type: Some("application/json"),
        body: body.as_bytes(),
        ..HttpRequest::default()
    }
}

/// What counting and timing every operation costs on the cheapest uncached
/// request, against `http/1x/typename_uncached` above.
fn with_metrics(c: &mut Criterion) {
    assert!(dutygraph::server::metrics::install().is_some(), "the recorder installs");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let engine = engine(1);
    let schema = api::build_schema(engine.clone(), ApiConfig::default());
    let off = CacheLimits { responses: 0, ..CacheLimits::default() };
    let uncached = HttpConfig { cache: Arc::new(HttpCache::new(off)), ..HttpConfig::default() };
    let body = serde_json::json!({ "query": "{ __typename }" }).to_string();
    let mut group = c.benchmark_group("http/1x-metrics");
    group.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    group.bench_function("typename_uncached", |b| {
        b.iter(|| {
            black_box(runtime.block_on(http::answer(&schema, engine.snapshot(), post(&body), &uncached)))
        })
    });
    group.finish();
}

fn at_scale(c: &mut Criterion, scale: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let engine = engine(scale);
    let schema = api::build_schema(engine.clone(), ApiConfig::default());
    let cached = HttpConfig::default();
    let off = CacheLimits { responses: 0, ..CacheLimits::default() };
    let uncached = HttpConfig { cache: Arc::new(HttpCache::new(off)), ..HttpConfig::default() };
    let body = |query: &str| serde_json::json!({ "query": query }).to_string();
    let (typename, overlap, matrix) = (body("{ __typename }"), body(OVERLAP), body(MATRIX));
    let place = engine.snapshot().catalog.places()[0].name.clone();
    let tasks_all = body(&dashboard_tasks(None));
    let tasks_place = body(&dashboard_tasks(Some(&place)));
    let timeline = body(&milestone_timeline(&place));
    let (ranks, rank) = (body(&rankings(&place)), body(&pagerank(&place)));
    let mut cases = vec![
        ("typename_uncached", &typename, &uncached),
        ("matrix_uncached", &matrix, &uncached),
        ("matrix_cached", &matrix, &cached),
        ("dashboard_tasks_all_uncached", &tasks_all, &uncached),
        ("dashboard_tasks_place_uncached", &tasks_place, &uncached),
        ("milestone_timeline_uncached", &timeline, &uncached),
        ("rankings_uncached", &ranks, &uncached),
        ("rankings_cached", &ranks, &cached),
        ("pagerank_uncached", &rank, &uncached),
        ("pagerank_cached", &rank, &cached),
    ];
    if scale == 1 {
        cases.extend([("overlap_uncached", &overlap, &uncached), ("overlap_cached", &overlap, &cached)]);
    }

    let mut group = c.benchmark_group(format!("http/{scale}x"));
    group.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for (name, body, config) in cases {
        let request = post(body);
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
