//! Bulk ingest: many documents read in parallel, stored one transaction
//! each, and one snapshot built at the end.
//!
//! [`Engine::ingest`] rebuilds the catalog and the graph views after every
//! document, which is right for one upload and quadratic for a corpus. Here
//! reader threads decode and read documents while the calling thread stores
//! them in input order; the snapshot is swapped once, when the batch ends.
//!
//! What is acknowledged when: each document is its own sled transaction (all
//! or nothing). Transactions are flushed every [`BulkConfig::flush_every`]
//! documents and once more at the end, before [`Engine::ingest_many`]
//! returns; a report in the returned [`BulkReport`] means the document is
//! durable. A crash in the middle loses at most the documents since the last
//! flush, each entirely. Readers keep seeing the snapshot from before the
//! batch until it ends, then see all of it at once.
//!
//! This module must not know about GraphQL, HTTP or the file system: the
//! caller hands over bytes.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use super::{DataChange, Engine, EngineError, IngestReport, Prepared};
use crate::ingest::Source;
use crate::model::DocumentBundle;
use crate::telemetry;

/// One document of a bulk load.
#[derive(Debug, Clone)]
pub struct BulkDocument {
    pub bytes: Vec<u8>,
    pub source: Source,
}

/// How a bulk load runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkConfig {
    /// Documents stored between two flushes to disk (at least 1).
    pub flush_every: usize,
    /// Threads that decode and read documents while the calling thread
    /// stores them (at least 1).
    pub readers: usize,
}

impl Default for BulkConfig {
    fn default() -> BulkConfig {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        BulkConfig { flush_every: 256, readers: cores.max(1) }
    }
}

/// What a bulk load did.
#[derive(Debug)]
pub struct BulkReport {
    /// One entry per input document tried, in input order: the report, or
    /// why the document was refused (the batch goes on after a refusal).
    pub documents: Vec<Result<IngestReport, EngineError>>,
    /// The store fault that ended the batch, if one did: the document at
    /// position `documents.len()` and all after it were not stored.
    pub fault: Option<EngineError>,
    /// Documents newly stored (duplicates of stored content are not).
    pub created: usize,
    /// Data version of the snapshot swapped in at the end.
    pub version: u64,
}

impl Engine {
    /// Reads and stores many documents; see the module documentation for what
    /// is durable when. Documents the reader refuses are reported and
    /// skipped; the others are stored. The snapshot is rebuilt once, at the
    /// end, with every document stored, even when a store fault stops the
    /// batch early. Other writers wait until the batch ends.
    pub fn ingest_many<I>(&self, documents: I, config: &BulkConfig) -> BulkReport
    where
        I: IntoIterator<Item = BulkDocument>,
        I::IntoIter: Send,
    {
        self.ingest_many_with_progress(documents, config, |_| {})
    }

    /// [`Engine::ingest_many`], calling `progress` on the calling thread
    /// with each document's result as it is stored or refused, in input
    /// order (for a progress bar).
    pub fn ingest_many_with_progress<I>(
        &self,
        documents: I,
        config: &BulkConfig,
        mut progress: impl FnMut(&Result<IngestReport, EngineError>),
    ) -> BulkReport
    where
        I: IntoIterator<Item = BulkDocument>,
        I::IntoIter: Send,
    {
        let readers = config.readers.max(1);
        let flush_every = config.flush_every.max(1);
        let documents = documents.into_iter();
        let total = match documents.size_hint() {
            (known, Some(upper)) if known == upper => Some(known),
            _ => None,
        };
        // Dropped last, after the snapshot is published: its final event
        // means the stored documents are visible.
        let mut tracker = self.track(total);
        let input = Mutex::new(documents.enumerate());
        let stop = AtomicBool::new(false);
        let (tx, rx) = mpsc::sync_channel::<(usize, String, Result<Prepared, EngineError>)>(readers * 4);

        let _writer = self.begin_write();
        let mut reports = Vec::new();
        let mut fault = None;
        let mut stored: Vec<DocumentBundle> = Vec::new();
        // The data version of the newest write, as its transaction returned it.
        let mut last_version = self.snapshot.load().catalog.version();
        let mut unflushed = 0;
        std::thread::scope(|scope| {
            for _ in 0..readers {
                let tx = tx.clone();
                let (input, stop) = (&input, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        // The lock is held only to take the next document.
                        let next = input.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some((i, doc)) = next else { break };
                        let prepared = self.prepare(&doc.bytes, &doc.source);
                        if tx.send((i, doc.source.name, prepared)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            // Readers finish out of order; documents are stored in input order.
            let mut pending = BTreeMap::new();
            for (i, name, prepared) in rx.iter() {
                pending.insert(i, (name, prepared));
                while let Some((name, prepared)) = pending.remove(&reports.len()) {
                    let result =
                        match prepared.and_then(|p| self.store_one(p, &mut stored, &mut last_version)) {
                            Err(EngineError::Store(e)) => {
                                metrics::counter!(telemetry::INGEST_DOCUMENTS, "outcome" => "failed")
                                    .increment(1);
                                stop.store(true, Ordering::Relaxed);
                                fault = Some(EngineError::Store(e));
                                return;
                            }
                            other => other,
                        };
                    let flushed = match result {
                        Ok(ref r) if r.created => {
                            unflushed += 1;
                            if unflushed >= flush_every {
                                unflushed = 0;
                                self.store.flush()
                            } else {
                                Ok(())
                            }
                        }
                        _ => Ok(()),
                    };
                    if let Err(e) = flushed {
                        stop.store(true, Ordering::Relaxed);
                        fault = Some(e.into());
                        return;
                    }
                    let outcome = super::ingest_outcome(&result);
                    metrics::counter!(telemetry::INGEST_DOCUMENTS, "outcome" => outcome).increment(1);
                    progress(&result);
                    tracker.record(&name, &result);
                    reports.push(result);
                }
            }
        });
        if unflushed > 0 {
            if let Err(e) = self.store.flush() {
                fault.get_or_insert(e.into());
            }
        }
        let created = stored.len();
        let version = self.publish(stored, last_version);
        BulkReport { documents: reports, fault, created, version }
    }

    /// Stores one prepared document without flushing; keeps its bundle for
    /// the snapshot when it was new.
    fn store_one(
        &self,
        mut prepared: Prepared,
        stored: &mut Vec<DocumentBundle>,
        last_version: &mut u64,
    ) -> Result<IngestReport, EngineError> {
        let current = self.snapshot.load();
        // This batch's earlier documents are not in the snapshot yet.
        match stored.iter().rev().find(|b| b.place.id == prepared.bundle.place.id) {
            Some(earlier) if prepared.bundle.place.province.is_empty() => {
                prepared.bundle.place.province = earlier.place.province.clone();
            }
            _ => prepared.keep_known_province(&current.catalog),
        }
        let outcome = self.store.put_document_unflushed(&prepared.bundle)?;
        let report =
            if outcome.created { prepared.report(true) } else { prepared.report_stored(&current.catalog) };
        if let Some(version) = outcome.version {
            *last_version = version;
            stored.push(prepared.bundle);
        }
        Ok(report)
    }

    /// Swaps in one snapshot with every stored bundle at `version`, the data
    /// version of the last write; returns it.
    fn publish(&self, stored: Vec<DocumentBundle>, version: u64) -> u64 {
        let current = self.snapshot.load_full();
        if stored.is_empty() {
            return current.catalog.version();
        }
        let added = stored.iter().map(|b| b.document.id).collect();
        let mut places: Vec<String> = stored.iter().map(|b| b.place.name.clone()).collect();
        places.sort();
        places.dedup();
        let next = super::timed_build(|| current.next(current.catalog.with_bundles(version, stored)));
        self.snapshot.store(Arc::new(next));
        self.announce(DataChange { version, added, removed: Vec::new(), places });
        version
    }
}
