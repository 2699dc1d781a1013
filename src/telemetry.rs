//! The names of what dutygraph measures about itself, one place for all of
//! them, and their descriptions.
//!
//! The library records events (a GraphQL operation answered, a limit that
//! refused one, a document ingested, a snapshot built) through the `metrics`
//! facade where they happen: `api::http` and `api::ws` for operations and
//! refusals, `engine` for ingests and snapshots. The facade is a no-op until
//! a recorder is installed, and only `server` installs one (the Prometheus
//! recorder, see `server::metrics`), so the CLI and library users pay
//! nothing. What describes the current state (data version, documents,
//! tasks, store size, response-cache counters) is not recorded as it
//! changes: the server reads it from its own engine and caches when it is
//! scraped, under the names below.
//!
//! Every histogram is in seconds and shares [`SECONDS_BUCKETS`].
//!
//! This module must not install a recorder or know any exporter.

/// GraphQL operations answered, by `transport` (`http`, `websocket`),
/// `operation` (see `api::observe`) and `outcome` (`ok`, `error`, `refused`).
pub const GRAPHQL_OPERATIONS: &str = "dutygraph_graphql_operations_total";
/// Time to answer one GraphQL operation, with the labels of
/// [`GRAPHQL_OPERATIONS`]; subscriptions are counted but not timed.
pub const GRAPHQL_DURATION: &str = "dutygraph_graphql_operation_duration_seconds";
/// Operations (or whole HTTP requests) refused by a limit, by `limit`.
pub const GRAPHQL_REFUSED: &str = "dutygraph_graphql_refused_total";
/// Documents offered to the engine, by `outcome` (`created`, `unchanged`,
/// `refused`, `failed`).
pub const INGEST_DOCUMENTS: &str = "dutygraph_ingest_documents_total";
/// Time to open, read, store and publish one document, by `outcome`.
pub const INGEST_DURATION: &str = "dutygraph_ingest_duration_seconds";
/// Time to build a snapshot (catalog and warm graph views) for a write.
pub const SNAPSHOT_BUILD: &str = "dutygraph_snapshot_build_seconds";

/// The data version of the snapshot being served (read at scrape time,
/// like everything below).
pub const DATA_VERSION: &str = "dutygraph_data_version";
/// Documents in the snapshot being served.
pub const DOCUMENTS: &str = "dutygraph_documents";
/// Tasks in the snapshot being served.
pub const TASKS: &str = "dutygraph_tasks";
/// Bytes the store takes on disk.
pub const STORE_SIZE: &str = "dutygraph_store_size_bytes";
/// Cacheable queries answered from the response cache.
pub const CACHE_HITS: &str = "dutygraph_response_cache_hits_total";
/// Cacheable queries that had to run.
pub const CACHE_MISSES: &str = "dutygraph_response_cache_misses_total";
/// Hits over hits and misses since the server started.
pub const CACHE_HIT_RATIO: &str = "dutygraph_response_cache_hit_ratio";
/// Answers the response cache holds.
pub const CACHE_ENTRIES: &str = "dutygraph_response_cache_entries";
/// Bytes of the answers the response cache holds.
pub const CACHE_BYTES: &str = "dutygraph_response_cache_bytes";
/// GraphQL operations holding one of the turns of execution.
pub const OPERATIONS_EXECUTING: &str = "dutygraph_graphql_operations_executing";
/// GraphQL operations waiting for a turn of execution.
pub const OPERATIONS_WAITING: &str = "dutygraph_graphql_operations_waiting";

/// Buckets of every histogram, in seconds: a cached answer takes
/// microseconds, an uncached query tens of them to milliseconds, an ingest
/// or a snapshot of a large corpus seconds; the request time limit is 30 s.
pub const SECONDS_BUCKETS: [f64; 16] =
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 30.0];

/// Registers the help text of every event metric with the installed
/// recorder (it shows as `# HELP` lines).
pub fn describe_events() {
    use metrics::{describe_counter, describe_histogram, Unit};
    describe_counter!(
        GRAPHQL_OPERATIONS,
        "GraphQL operations answered, by transport, operation name and outcome"
    );
    describe_histogram!(
        GRAPHQL_DURATION,
        Unit::Seconds,
        "Time to answer a GraphQL operation (subscriptions are not timed)"
    );
    describe_counter!(GRAPHQL_REFUSED, "GraphQL requests or operations refused by a server limit, by limit");
    describe_counter!(INGEST_DOCUMENTS, "Documents offered for ingest, by outcome");
    describe_histogram!(
        INGEST_DURATION,
        Unit::Seconds,
        "Time to open, read, store and publish one ingested document"
    );
    describe_histogram!(SNAPSHOT_BUILD, Unit::Seconds, "Time to build the snapshot a write publishes");
}

/// Registers the help text of the state metrics with the recorder in use.
pub fn describe_state() {
    use metrics::{describe_counter, describe_gauge, Unit};
    describe_gauge!(
        DATA_VERSION,
        "Data version of the snapshot being served; changes with every stored write"
    );
    describe_gauge!(DOCUMENTS, "Documents in the snapshot being served");
    describe_gauge!(TASKS, "Tasks in the snapshot being served");
    describe_gauge!(STORE_SIZE, Unit::Bytes, "Bytes the store takes on disk");
    describe_counter!(CACHE_HITS, "Cacheable GraphQL queries answered from the response cache");
    describe_counter!(CACHE_MISSES, "Cacheable GraphQL queries that had to run");
    describe_gauge!(CACHE_HIT_RATIO, "Response-cache hits over hits and misses since the server started");
    describe_gauge!(CACHE_ENTRIES, "Answers the response cache holds");
    describe_gauge!(CACHE_BYTES, Unit::Bytes, "Bytes of the answers the response cache holds");
    describe_gauge!(OPERATIONS_EXECUTING, "GraphQL operations over HTTP executing now (holding a turn)");
    describe_gauge!(OPERATIONS_WAITING, "GraphQL operations over HTTP waiting for a turn to execute");
}
