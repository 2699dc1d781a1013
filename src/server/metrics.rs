//! `GET /metrics`: what the server measures, in the Prometheus text
//! exposition format, rendered by `metrics-exporter-prometheus` (its own
//! HTTP listener left out: poem serves the text).
//!
//! # One recorder per process for events, one per server for state
//! The library records events (operations, refusals, ingests, snapshot
//! builds) through the `metrics` facade, and the facade has one recorder per
//! process: per-server recorders could not follow an operation onto the
//! thread it runs on or an ingest into the engine. So [`install`] sets the
//! Prometheus recorder once per process (a `OnceLock`; later calls reuse
//! it), and every server in the process reports the same event counters. A
//! deployment runs one server per process, so nothing is shared there;
//! tests that run many servers in one process assert how much a counter
//! moved, under an operation name of their own.
//!
//! The state (data version, documents, tasks, store size, response cache,
//! operations executing and waiting for a turn)
//! belongs to one server's engine and caches. [`State`] reads it at each
//! scrape into a recorder of that server's own, so two servers in one
//! process never report each other's data, and the gauges are right the
//! moment a write publishes its snapshot, with no bookkeeping on the write
//! path. A scrape is the process's events followed by the server's state.
//!
//! The recorder keeps histogram samples until they are folded into
//! buckets, so [`install`] also starts one thread that does so every 5 s,
//! scraped or not.
//!
//! Only this module installs a recorder; the library only records.

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

use crate::api::http::HttpConfig;
use crate::engine::Engine;
use crate::telemetry::{self, SECONDS_BUCKETS};

/// `Content-Type` of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

static EVENTS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's Prometheus recorder the first time it is called
/// and returns its handle. `None` when another recorder was installed first
/// (by a program embedding dutygraph): `/metrics` then shows the state only.
pub fn install() -> Option<&'static PrometheusHandle> {
    EVENTS
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&SECONDS_BUCKETS)
                .unwrap_or_else(|_| PrometheusBuilder::new())
                .build_recorder();
            let handle = recorder.handle();
            match metrics::set_global_recorder(recorder) {
                Ok(()) => {
                    telemetry::describe_events();
                    keep_up(handle.clone());
                    Some(handle)
                }
                Err(_) => {
                    tracing::warn!("another metrics recorder is installed; /metrics reports the state only");
                    None
                }
            }
        })
        .as_ref()
}

/// The recorder keeps every histogram sample until upkeep folds it into
/// the buckets; a scrape does that too, but nothing may scrape, so a thread
/// does it every few seconds for the life of the process.
fn keep_up(handle: PrometheusHandle) {
    let spawned = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || loop {
        std::thread::sleep(UPKEEP_EVERY);
        handle.run_upkeep();
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the metrics upkeep thread; histograms grow until scraped");
    }
}

/// How often histogram samples are folded into buckets (the exporter's own
/// listener uses the same interval).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// One server's state, read at each scrape (see the module docs).
pub(super) struct State {
    recorder: PrometheusRecorder,
}

impl State {
    pub(super) fn new() -> State {
        let recorder = PrometheusBuilder::new().build_recorder();
        metrics::with_local_recorder(&recorder, telemetry::describe_state);
        State { recorder }
    }

    /// The whole scrape: the process's events, then this server's state.
    pub(super) fn render(&self, engine: &Engine, http: &HttpConfig) -> String {
        let snapshot = engine.snapshot();
        let stats = http.cache.stats();
        let store_size = engine.store().size_on_disk();
        metrics::with_local_recorder(&self.recorder, || {
            let catalog = &snapshot.catalog;
            metrics::gauge!(telemetry::DATA_VERSION).set(catalog.version() as f64);
            metrics::gauge!(telemetry::DOCUMENTS).set(catalog.documents().len() as f64);
            metrics::gauge!(telemetry::TASKS).set(catalog.tasks().len() as f64);
            match store_size {
                Ok(bytes) => metrics::gauge!(telemetry::STORE_SIZE).set(bytes as f64),
                Err(e) => tracing::warn!(error = %e, "cannot tell the store's size on disk"),
            }
            metrics::counter!(telemetry::CACHE_HITS).absolute(stats.hits);
            metrics::counter!(telemetry::CACHE_MISSES).absolute(stats.misses);
            // No ratio before the first cacheable query: 0 would read as all misses.
            let lookups = stats.hits + stats.misses;
            if lookups > 0 {
                metrics::gauge!(telemetry::CACHE_HIT_RATIO).set(stats.hits as f64 / lookups as f64);
            }
            metrics::gauge!(telemetry::CACHE_ENTRIES).set(stats.entries as f64);
            metrics::gauge!(telemetry::CACHE_BYTES).set(stats.bytes as f64);
            metrics::gauge!(telemetry::OPERATIONS_EXECUTING).set(http.gate.executing() as f64);
            metrics::gauge!(telemetry::OPERATIONS_WAITING).set(http.gate.waiting() as f64);
        });
        let mut text =
            EVENTS.get().and_then(Option::as_ref).map(PrometheusHandle::render).unwrap_or_default();
        text.push_str(&self.recorder.handle().render());
        text
    }
}
