//! The engine: the store plus the immutable snapshot every reader works from.
//!
//! Writers (CLI `ingest`, the `ingestDocument` mutation, seed loading) go
//! through [`Engine::ingest`] and [`Engine::remove_document`]: one at a time,
//! committed and flushed by the store before the new snapshot is swapped in.
//! Readers call [`Engine::snapshot`] once per request and keep that `Arc`, so
//! a request never sees half of a write. The engine knows neither GraphQL nor
//! HTTP.
//!
//! Every document offered is counted by outcome and timed, every snapshot a
//! write builds is timed (see [`crate::telemetry`]); bulk loads count their
//! documents but time only the snapshot they build at the end.

mod bulk;
mod progress;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use arc_swap::ArcSwap;
use chrono::Utc;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::graph::Views;
use crate::ingest::{self, Diagnostic, Directory, Severity, Source};
use crate::model::{Catalog, DocumentBundle, DocumentId, Role};
use crate::search::SearchIndex;
use crate::store::{Store, StoreError};
use crate::telemetry;

pub use bulk::{BulkConfig, BulkDocument, BulkReport};
pub use progress::WriteProgress;

use progress::Tracker;

/// Documents larger than this are refused before they are read: real
/// task-division tables are tens of kilobytes.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// One consistent view of the data: the catalog of one store version and the
/// network views and search index built from it.
pub struct Snapshot {
    pub catalog: Arc<Catalog>,
    pub views: Views,
    pub search: SearchIndex,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").field("version", &self.catalog.version()).finish_non_exhaustive()
    }
}

impl Snapshot {
    pub fn new(catalog: Catalog) -> Snapshot {
        let catalog = Arc::new(catalog);
        Snapshot {
            views: Views::build_warm(Arc::clone(&catalog)),
            search: SearchIndex::build(Arc::clone(&catalog)),
            catalog,
        }
    }

    /// The snapshot of a catalog that follows this one: like
    /// [`Snapshot::new`], reusing the networks of unchanged places and
    /// indexing only the documents added (see [`SearchIndex::next`]).
    pub fn next(&self, catalog: Catalog) -> Snapshot {
        let catalog = Arc::new(catalog);
        Snapshot {
            views: Views::build_warm_from(&self.views, Arc::clone(&catalog)),
            search: self.search.next(Arc::clone(&catalog)),
            catalog,
        }
    }
}

/// Why an ingest or removal did not happen. The store is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{name}: document is {size} bytes; the limit is {limit} bytes")]
    TooLarge { name: String, size: usize, limit: usize },
    /// The file could not be opened: undecodable text, a corrupt or
    /// password-protected file, a zip bomb, a scanned PDF.
    #[error(transparent)]
    Open(#[from] ingest::formats::OpenError),
    #[error("{name}: no place given and the document names none; pass the place that issued it (e.g. --place 江门市 or --place 大竹县)")]
    NoPlace { name: String },
    #[error("{name}: the document was not stored because the reader found errors:\n{}", render_errors(.diagnostics))]
    Unreadable { name: String, diagnostics: Vec<Diagnostic> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EngineError {
    /// True when the fault is in the caller's input rather than in dutygraph.
    pub fn is_user_fault(&self) -> bool {
        !matches!(self, EngineError::Store(e) if !e.is_user_fault())
    }
}

fn render_errors(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| match &d.location {
            Some(at) => format!("  {at}: {} ({})", d.message, d.code),
            None => format!("  line {}: {} ({})", d.line, d.message, d.code),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What an ingest did, as the CLI prints it and the mutation returns it.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    pub document: DocumentId,
    /// False when the same content was already stored: nothing was written.
    pub created: bool,
    pub place: String,
    pub title: String,
    pub tasks: usize,
    pub lead_assignments: usize,
    pub support_assignments: usize,
    pub milestones: usize,
    pub ongoing_tasks: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// A document read and bundled, not yet stored.
struct Prepared {
    bundle: DocumentBundle,
    diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    /// A later document that names no province must not erase the one an
    /// earlier document of the same place gave: the store keeps the newest
    /// place record.
    fn keep_known_province(&mut self, catalog: &Catalog) {
        if self.bundle.place.province.is_empty() {
            if let Some(stored) = catalog.place(self.bundle.place.id) {
                self.bundle.place.province = stored.province.clone();
            }
        }
    }

    /// The report for content that was already stored: place and title as stored.
    fn report_stored(&self, catalog: &Catalog) -> IngestReport {
        let mut report = self.report(false);
        if let Some(stored) = catalog.document(self.bundle.document.id) {
            report.title = stored.title.clone();
            if let Some(place) = catalog.place(stored.place) {
                report.place = place.name.clone();
            }
        }
        report
    }

    fn report(&self, created: bool) -> IngestReport {
        let bundle = &self.bundle;
        let count_role = |role| bundle.assignments.iter().filter(|a| a.role == role).count();
        IngestReport {
            document: bundle.document.id,
            created,
            place: bundle.place.name.clone(),
            title: bundle.document.title.clone(),
            tasks: bundle.tasks.len(),
            lead_assignments: count_role(Role::Lead),
            support_assignments: count_role(Role::Support),
            milestones: bundle.milestones.len(),
            ongoing_tasks: bundle.tasks.iter().filter(|t| t.ongoing).count(),
            diagnostics: self.diagnostics.clone(),
        }
    }
}

pub struct Engine {
    store: Store,
    directory: &'static Directory,
    snapshot: ArcSwap<Snapshot>,
    /// Serialises writers so each new snapshot is built from the one before.
    write_lock: Mutex<()>,
    /// True while a writer holds `write_lock`; lets tests and health checks
    /// see a write in progress without touching the lock.
    writing: AtomicBool,
    /// Larger documents are refused before they are read.
    max_document_bytes: usize,
    /// Tells subscribers each published change (see [`Engine::subscribe`]).
    changes: broadcast::Sender<DataChange>,
    /// Tells watchers how far running writes have got (see [`Engine::watch_writes`]).
    progress: broadcast::Sender<WriteProgress>,
    /// The number of the last write started.
    writes: AtomicU64,
}

/// One published change of the stored data: the snapshot at `version`
/// differs from the one before by these documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataChange {
    pub version: u64,
    pub added: Vec<DocumentId>,
    pub removed: Vec<DocumentId>,
    /// Names of the places whose documents were added or removed, sorted.
    pub places: Vec<String>,
}

/// Changes a slow subscriber may fall behind by before it misses some (it
/// is told, and can re-read the data version).
const CHANGE_BACKLOG: usize = 256;

/// Holds the write lock and keeps [`Engine::is_writing`] true until dropped.
struct Writing<'a> {
    _lock: MutexGuard<'a, ()>,
    flag: &'a AtomicBool,
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.flag.store(false, Ordering::Release);
    }
}

impl Engine {
    /// Opens the engine over a store, loading its catalog once.
    pub fn new(store: Store) -> Result<Engine, EngineError> {
        let catalog = store.catalog()?;
        Ok(Engine {
            store,
            directory: Directory::bundled(),
            snapshot: ArcSwap::from_pointee(release_freed(Snapshot::new(catalog))),
            write_lock: Mutex::new(()),
            writing: AtomicBool::new(false),
            max_document_bytes: MAX_DOCUMENT_BYTES,
            changes: broadcast::channel(CHANGE_BACKLOG).0,
            progress: broadcast::channel(CHANGE_BACKLOG).0,
            writes: AtomicU64::new(0),
        })
    }

    /// A receiver of every change published from now on, in order.
    pub fn subscribe(&self) -> broadcast::Receiver<DataChange> {
        self.changes.subscribe()
    }

    /// A receiver of the progress of every write started from now on.
    pub fn watch_writes(&self) -> broadcast::Receiver<WriteProgress> {
        self.progress.subscribe()
    }

    /// Numbers a new write and tells watchers it started.
    fn track(&self, total: Option<usize>) -> Tracker<'_> {
        Tracker::start(&self.progress, self.writes.fetch_add(1, Ordering::Relaxed) + 1, total)
    }

    /// Tells subscribers a new snapshot is out; nobody listening is fine.
    fn announce(&self, change: DataChange) {
        let _ = self.changes.send(change);
    }

    /// The engine refusing documents over `bytes` (default
    /// [`MAX_DOCUMENT_BYTES`]) instead.
    pub fn with_max_document_bytes(mut self, bytes: usize) -> Engine {
        self.max_document_bytes = bytes;
        self
    }

    /// The largest document this engine reads.
    pub fn max_document_bytes(&self) -> usize {
        self.max_document_bytes
    }

    /// Whether a writer is committing right now. Reads never wait for it.
    pub fn is_writing(&self) -> bool {
        self.writing.load(Ordering::Acquire)
    }

    fn begin_write(&self) -> Writing<'_> {
        let lock = self.write_lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.writing.store(true, Ordering::Release);
        Writing { _lock: lock, flag: &self.writing }
    }

    /// The current snapshot; hold it for the whole of a request.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.load_full()
    }

    /// What the store holds, read-only: every write goes through the engine,
    /// which publishes the snapshot that goes with it.
    pub fn store(&self) -> StoreReads<'_> {
        StoreReads(&self.store)
    }

    pub fn directory(&self) -> &'static Directory {
        self.directory
    }

    /// Opens (any format `ingest::formats` reads), reads and stores one
    /// document; all or nothing. When this
    /// returns `Ok`, the document is on disk and in the current snapshot.
    pub fn ingest(&self, bytes: &[u8], source: &Source) -> Result<IngestReport, EngineError> {
        let mut tracker = self.track(Some(1));
        let started = Instant::now();
        let result = self.ingest_one(bytes, source);
        let outcome = ingest_outcome(&result);
        metrics::counter!(telemetry::INGEST_DOCUMENTS, "outcome" => outcome).increment(1);
        metrics::histogram!(telemetry::INGEST_DURATION, "outcome" => outcome).record(started.elapsed());
        tracker.record(&source.name, &result);
        result
    }

    fn ingest_one(&self, bytes: &[u8], source: &Source) -> Result<IngestReport, EngineError> {
        let mut prepared = self.prepare(bytes, source)?;
        let _writer = self.begin_write();
        let current = self.snapshot.load_full();
        prepared.keep_known_province(&current.catalog);
        tracing::debug!(document = %prepared.bundle.document.id, tasks = prepared.bundle.tasks.len(), "committing a document");
        let outcome = self.store.put_document(&prepared.bundle)?;
        let Some(version) = outcome.version else {
            // Same content already stored: report what is stored, not what
            // this request called it.
            return Ok(prepared.report_stored(&current.catalog));
        };
        let next = timed_build(|| current.next(current.catalog.with_bundle(version, &prepared.bundle)));
        self.snapshot.store(Arc::new(next));
        self.announce(DataChange {
            version,
            added: vec![prepared.bundle.document.id],
            removed: Vec::new(),
            places: vec![prepared.bundle.place.name.clone()],
        });
        tracing::debug!(document = %prepared.bundle.document.id, version = self.snapshot.load().catalog.version(), "new snapshot published");
        Ok(prepared.report(true))
    }

    /// Opens, reads and bundles a document: everything up to the store,
    /// with no lock held, so several documents can be prepared at once.
    fn prepare(&self, bytes: &[u8], source: &Source) -> Result<Prepared, EngineError> {
        if bytes.len() > self.max_document_bytes {
            return Err(EngineError::TooLarge {
                name: source.name.clone(),
                size: bytes.len(),
                limit: self.max_document_bytes,
            });
        }
        let input = ingest::formats::open(bytes, &source.name)?;
        let parsed = ingest::read_input(&input, source, self.directory);
        if parsed.has_errors() {
            return Err(EngineError::Unreadable {
                name: source.name.clone(),
                diagnostics: parsed.diagnostics,
            });
        }
        let bundle = ingest::to_bundle(&parsed, source, input.lines(), Utc::now())
            .ok_or_else(|| EngineError::NoPlace { name: source.name.clone() })?;
        Ok(Prepared { bundle, diagnostics: parsed.diagnostics })
    }

    /// Removes a document with its tasks; false when no such document is stored.
    pub fn remove_document(&self, id: DocumentId) -> Result<bool, EngineError> {
        let _writer = self.begin_write();
        let Some(version) = self.store.remove_document_versioned(id)? else {
            return Ok(false);
        };
        let current = self.snapshot.load_full();
        let place =
            current.catalog.document(id).and_then(|d| current.catalog.place(d.place)).map(|p| p.name.clone());
        let next = timed_build(|| current.next(current.catalog.without_document(version, id)));
        self.snapshot.store(Arc::new(next));
        self.announce(DataChange {
            version,
            added: Vec::new(),
            removed: vec![id],
            places: place.into_iter().collect(),
        });
        Ok(true)
    }

    /// Ingests the bundled seed documents when the store holds no document.
    /// Returns the reports, empty when the store already had data.
    pub fn load_seeds_if_empty(&self) -> Result<Vec<IngestReport>, EngineError> {
        if !self.snapshot().catalog.documents().is_empty() {
            return Ok(Vec::new());
        }
        crate::seeds::bundled().iter().map(|seed| self.ingest(seed.text.as_bytes(), &seed.source())).collect()
    }
}

/// The label `dutygraph_ingest_documents_total` counts an ingest under.
fn ingest_outcome(result: &Result<IngestReport, EngineError>) -> &'static str {
    match result {
        Ok(report) if report.created => "created",
        Ok(_) => "unchanged",
        Err(e) if e.is_user_fault() => "refused",
        Err(_) => "failed",
    }
}

/// Builds the snapshot a write publishes, timing it
/// (`dutygraph_snapshot_build_seconds`).
fn timed_build(build: impl FnOnce() -> Snapshot) -> Snapshot {
    let started = Instant::now();
    let snapshot = release_freed(build());
    metrics::histogram!(telemetry::SNAPSHOT_BUILD).record(started.elapsed());
    snapshot
}

/// Hands the memory a snapshot build used and freed (the store's records
/// as read, sort buffers, the search writer's arenas) back to the system.
/// glibc keeps freed memory in each thread's arena for reuse, and a build
/// frees several times what the snapshot keeps: without this a server's
/// resident memory after start was twice what it holds (BENCHMARKS.md,
/// "Memory at 1000×"). mimalloc, the binary's allocator, keeps a thread's
/// freed pages until that thread allocates again, so it is asked too (for
/// the building thread's heap and the pages other threads abandoned). Costs
/// a few milliseconds; with an allocator that is neither, nothing happens.
fn release_freed(snapshot: Snapshot) -> Snapshot {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
    // SAFETY: mi_collect only frees and purges memory mimalloc holds unused;
    // it is safe on any thread, whichever allocator the program uses.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    snapshot
}

/// The reads of the engine's store (see [`Engine::store`]). No method here
/// changes what is stored, so nothing can bypass the snapshot a write
/// publishes.
#[derive(Clone, Copy)]
pub struct StoreReads<'a>(&'a Store);

impl StoreReads<'_> {
    /// The catalog as stored (what a restart would load).
    pub fn catalog(&self) -> Result<Catalog, StoreError> {
        self.0.catalog()
    }

    pub fn version(&self) -> Result<u64, StoreError> {
        self.0.version()
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.0.is_empty()
    }

    /// Writes the whole store as JSON lines (see `store::jsonl`).
    pub fn export_jsonl(&self, out: &mut dyn std::io::Write) -> Result<usize, StoreError> {
        self.0.export_jsonl(out)
    }

    /// Bytes the store takes on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.0.size_on_disk()
    }

    /// Makes every committed write durable (writes are flushed when
    /// committed; this is for shutdown).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.0.flush()
    }
}
