//! Persistence in sled: one tree per entity plus index trees, written only in
//! multi-tree transactions and flushed before a write returns. The store is
//! the only module that imports sled; everything above it sees model types
//! and [`Catalog`] snapshots.
//!
//! Layout (all keys built in `keys.rs`, numeric parts big-endian):
//!
//! | tree                   | key                                   | value                  |
//! |------------------------|---------------------------------------|------------------------|
//! | `meta`                 | `schema_version` / `data_version`     | u32 / u64 big-endian   |
//! | `places`               | place id                               | `StoredCity`           |
//! | `documents`            | document id                           | `StoredDocument`       |
//! | `departments`          | department id                         | `StoredDepartment`     |
//! | `tasks`                | document id, seq u32                  | `StoredTask`           |
//! | `assignments`          | document id, seq u32, department id   | `StoredAssignment`     |
//! | `milestones`           | document id, seq u32, milestone u16   | `StoredMilestone`      |
//! | `department_documents` | department id, document id            | empty: "uses"          |
//! | `document_departments` | document id, department id            | empty: same fact       |
//! | `place_documents`       | place id, document id                  | empty                  |
//!
//! Cities and departments are shared by the documents of a place. The two
//! "uses" trees record which documents reference a department, so removing a
//! document deletes exactly the departments (and places) nothing uses any
//! more; reference sets are used instead of counters because they cannot
//! drift and can be checked against the data.
//!
//! This module must not parse documents, build graphs or know about GraphQL.

mod error;
mod jsonl;
mod keys;
mod records;
mod write;

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{Transactional, Tree};

pub use error::StoreError;

use crate::model::{
    Assignment, Catalog, Department, Document, DocumentBundle, DocumentId, Milestone, Place, Task,
};
use records::{StoredAssignment, StoredCity, StoredDepartment, StoredDocument, StoredMilestone, StoredTask};

/// The schema this build writes and reads. Bump it (and add a migration or a
/// record version) whenever a key format or tree changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutOutcome {
    pub document: DocumentId,
    /// False when the same content was already stored (nothing written).
    pub created: bool,
    /// The data version the write committed; `None` when nothing was written.
    /// Returned by the transaction itself, so a caller never has to read it
    /// back after the commit.
    pub version: Option<u64>,
}

/// A sled database holding dutygraph's records.
///
/// One `Store` is the only writer of its directory (sled locks the directory
/// against other processes). Writes, catalog builds and exports take an
/// internal lock, so a catalog never sees half a write and removal can plan
/// with range scans, which sled transactions do not offer.
pub struct Store {
    db: sled::Db,
    trees: Trees,
    lock: Mutex<()>,
}

impl Store {
    /// Opens (or creates) the store in `dir`. Fails with
    /// [`StoreError::UnsupportedSchema`] when the store was written by a
    /// dutygraph with a different schema.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        // sled releases a directory's file lock from its background flusher,
        // a moment after the last handle is dropped, so a store closed and
        // reopened in one process can briefly find the lock still taken.
        // Waiting a little covers that; a lock held longer belongs to
        // another process.
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match sled::Config::new().path(dir).cache_capacity(CACHE_BYTES).open() {
                Ok(db) => return Store::init(db),
                Err(sled::Error::Io(e)) if is_lock_conflict(&e) => {
                    if Instant::now() >= deadline {
                        return Err(StoreError::Locked { dir: dir.display().to_string() });
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// A store that lives in a temporary directory and vanishes on drop.
    pub fn temporary() -> Result<Store, StoreError> {
        Store::init(sled::Config::new().temporary(true).cache_capacity(CACHE_BYTES).open()?)
    }

    fn init(db: sled::Db) -> Result<Store, StoreError> {
        let trees = Trees::open(&db)?;
        match trees.meta.get(keys::SCHEMA_VERSION)? {
            None => {
                trees.meta.insert(keys::SCHEMA_VERSION, &SCHEMA_VERSION.to_be_bytes())?;
                db.flush()?;
            }
            Some(bytes) => {
                let found = u32::from_be_bytes(bytes.as_ref().try_into().map_err(|_| {
                    corrupt("meta", keys::SCHEMA_VERSION, format!("expected 4 bytes, found {}", bytes.len()))
                })?);
                if found != SCHEMA_VERSION {
                    let advice = if found > SCHEMA_VERSION {
                        "it was written by a newer dutygraph: upgrade dutygraph to open it"
                    } else {
                        "no migration from that version exists: export with the old dutygraph and import"
                    };
                    return Err(StoreError::UnsupportedSchema { found, supported: SCHEMA_VERSION, advice });
                }
            }
        }
        Ok(Store { db, trees, lock: Mutex::new(()) })
    }

    /// True when the store holds no records (a fresh store, or one whose
    /// documents were all removed).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.trees.entities().iter().all(|t| t.is_empty()))
    }

    /// The data version: 0 for a new store, increased by every committed
    /// write. [`Catalog::version`] carries it so caches can key on it.
    pub fn version(&self) -> Result<u64, StoreError> {
        read_version(&self.trees.meta)
    }

    /// Whether a document with this id is stored.
    pub fn contains_document(&self, id: DocumentId) -> Result<bool, StoreError> {
        Ok(self.trees.documents.contains_key(keys::document(id))?)
    }

    /// Writes everything the bundle holds in one transaction and flushes it
    /// to disk. A document already stored is left alone (`created: false`),
    /// so re-ingesting the same text is a no-op. On error nothing is written.
    pub fn put_document(&self, bundle: &DocumentBundle) -> Result<PutOutcome, StoreError> {
        let _guard = self.write_lock();
        let version = write::put(self, bundle)?;
        if version.is_some() {
            self.db.flush()?;
        }
        Ok(PutOutcome { document: bundle.document.id, created: version.is_some(), version })
    }

    /// Like [`Store::put_document`] but without the flush, for bulk loads:
    /// the transaction is committed (all or nothing, visible to reads) but
    /// only durable after the next [`Store::flush`]. After a crash sled
    /// recovers a prefix of the committed transactions, so each document is
    /// either wholly there or wholly absent.
    pub fn put_document_unflushed(&self, bundle: &DocumentBundle) -> Result<PutOutcome, StoreError> {
        let _guard = self.write_lock();
        let version = write::put(self, bundle)?;
        Ok(PutOutcome { document: bundle.document.id, created: version.is_some(), version })
    }

    /// Removes a document with its tasks, assignments and milestones, and the
    /// departments and place no other document uses, in one transaction.
    /// Returns false when the document is not stored.
    pub fn remove_document(&self, id: DocumentId) -> Result<bool, StoreError> {
        Ok(self.remove_document_versioned(id)?.is_some())
    }

    /// Like [`Store::remove_document`], returning the data version the
    /// removal committed (`None` when the document is not stored).
    pub fn remove_document_versioned(&self, id: DocumentId) -> Result<Option<u64>, StoreError> {
        let _guard = self.write_lock();
        let version = write::remove(self, id)?;
        if version.is_some() {
            self.db.flush()?;
        }
        Ok(version)
    }

    /// A snapshot of every stored record with lookup indexes.
    pub fn catalog(&self) -> Result<Catalog, StoreError> {
        let _guard = self.write_lock();
        let t = &self.trees;
        Ok(Catalog::new(
            self.version()?,
            load::<StoredCity, Place, _>(&t.places, "cities", |c| keys::place(c.id))?,
            load::<StoredDocument, Document, _>(&t.documents, "documents", |d| keys::document(d.id))?,
            load::<StoredDepartment, Department, _>(&t.departments, "departments", |d| {
                keys::department(d.id)
            })?,
            load::<StoredTask, Task, _>(&t.tasks, "tasks", |t| keys::task(t.id))?,
            load::<StoredAssignment, Assignment, _>(&t.assignments, "assignments", |a| {
                keys::assignment(a.task, a.department)
            })?,
            load::<StoredMilestone, Milestone, _>(&t.milestones, "milestones", |m| {
                keys::milestone(m.task, m.seq)
            })?,
        ))
    }

    /// Writes the whole store as JSON lines: a header with the schema and data
    /// versions, then places, documents, departments, department uses, tasks,
    /// assignments and milestones, each in key order. Returns the number of
    /// record lines (the header not counted).
    pub fn export_jsonl(&self, out: &mut dyn Write) -> Result<usize, StoreError> {
        let _guard = self.write_lock();
        jsonl::export(self, out)
    }

    /// Reads an export back into this store, which must be empty. Every line
    /// is checked (shape, references, duplicates) before anything is written;
    /// then all records go in one transaction. Returns the number of records.
    pub fn import_jsonl(&self, input: &mut dyn BufRead) -> Result<usize, StoreError> {
        let _guard = self.write_lock();
        jsonl::import(self, input)
    }

    /// Forces every write to disk. Writes through this API already flush
    /// before returning; sled also flushes on drop.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// Bytes the store takes on disk (its files, as sled counts them): what
    /// an operator watches for disk space. Takes no lock.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }

    fn write_lock(&self) -> MutexGuard<'_, ()> {
        // The lock guards no data, so a panic while holding it leaves
        // nothing inconsistent: sled transactions are atomic on their own.
        self.lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` as one sled transaction over every tree. An abort returns
    /// its error; conflicts are retried by sled, so `f` may run more than once.
    fn transact<T>(
        &self,
        f: impl Fn(&Tx<'_>) -> Result<T, ConflictableTransactionError<StoreError>>,
    ) -> Result<T, StoreError> {
        let t = &self.trees;
        let trees = (
            &t.meta,
            &t.places,
            &t.documents,
            &t.departments,
            &t.tasks,
            &t.assignments,
            &t.milestones,
            &t.department_documents,
            &t.document_departments,
            &t.place_documents,
        );
        let result = trees.transaction(
            |(meta, places, documents, departments, tasks, assignments, milestones, dd, ddp, cd)| {
                f(&Tx {
                    meta,
                    places,
                    documents,
                    departments,
                    tasks,
                    assignments,
                    milestones,
                    department_documents: dd,
                    document_departments: ddp,
                    place_documents: cd,
                })
            },
        );
        result.map_err(|e| match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::Sled(e),
        })
    }
}

/// Every tree of the store, opened once.
struct Trees {
    meta: Tree,
    places: Tree,
    documents: Tree,
    departments: Tree,
    tasks: Tree,
    assignments: Tree,
    milestones: Tree,
    department_documents: Tree,
    document_departments: Tree,
    place_documents: Tree,
}

impl Trees {
    fn open(db: &sled::Db) -> Result<Trees, StoreError> {
        Ok(Trees {
            meta: db.open_tree("meta")?,
            places: db.open_tree("cities")?,
            documents: db.open_tree("documents")?,
            departments: db.open_tree("departments")?,
            tasks: db.open_tree("tasks")?,
            assignments: db.open_tree("assignments")?,
            milestones: db.open_tree("milestones")?,
            department_documents: db.open_tree("department_documents")?,
            document_departments: db.open_tree("document_departments")?,
            place_documents: db.open_tree("city_documents")?,
        })
    }

    /// The trees that hold records (the index trees follow from them).
    fn entities(&self) -> [&Tree; 6] {
        [&self.places, &self.documents, &self.departments, &self.tasks, &self.assignments, &self.milestones]
    }
}

/// The trees as seen inside one transaction.
struct Tx<'a> {
    meta: &'a TransactionalTree,
    places: &'a TransactionalTree,
    documents: &'a TransactionalTree,
    departments: &'a TransactionalTree,
    tasks: &'a TransactionalTree,
    assignments: &'a TransactionalTree,
    milestones: &'a TransactionalTree,
    department_documents: &'a TransactionalTree,
    document_departments: &'a TransactionalTree,
    place_documents: &'a TransactionalTree,
}

fn read_version(meta: &Tree) -> Result<u64, StoreError> {
    meta.get(keys::DATA_VERSION)?.map_or(Ok(0), |bytes| decode_version(&bytes))
}

fn decode_version(bytes: &[u8]) -> Result<u64, StoreError> {
    let array = bytes.try_into().map_err(|_| {
        corrupt("meta", keys::DATA_VERSION, format!("expected 8 bytes, found {}", bytes.len()))
    })?;
    Ok(u64::from_be_bytes(array))
}

fn corrupt(tree: &'static str, key: &[u8], reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt { tree, key: keys::hex(key), reason: reason.into() }
}

fn encode<T: Serialize>(what: &'static str, record: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_stdvec(record).map_err(|e| StoreError::Encode { what, reason: e.to_string() })
}

fn decode<T: DeserializeOwned>(tree: &'static str, key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|e| corrupt(tree, key, format!("cannot decode record: {e}")))
}

/// Decodes every record of a tree into model values, checking that each
/// record sits under the key its ids give (a mismatch means corruption).
fn load<S, M, K>(tree: &Tree, name: &'static str, key_of: impl Fn(&M) -> K) -> Result<Vec<M>, StoreError>
where
    S: DeserializeOwned + Into<M>,
    K: AsRef<[u8]>,
{
    let mut out = Vec::new();
    for item in tree.iter() {
        let (key, bytes) = item?;
        let record: M = decode::<S>(name, &key, &bytes)?.into();
        if key_of(&record).as_ref() != key.as_ref() {
            return Err(corrupt(name, &key, "the record's ids do not match its key"));
        }
        out.push(record);
    }
    Ok(out)
}

/// How long [`Store::open`] waits for a directory lock another handle holds.
/// sled's page cache. The store is read whole once, when the catalog is
/// built, and then only written to, so a large cache would hold a copy of
/// the records the catalog already has for the life of the process (sled's
/// default is 1 GiB, which at 1000× the seeds kept ~400 MiB resident).
/// Writes need the tree's upper levels and the pages they touch; with
/// 64 MiB a bulk load at 1000× measured within the noise of the default on
/// a loaded machine (BENCHMARKS.md, "Memory at 1000×").
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

const LOCK_WAIT: Duration = Duration::from_secs(2);

/// sled reports a held lock only as an `Other` I/O error with this wording.
fn is_lock_conflict(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Other && e.to_string().starts_with("could not acquire lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Store>();
    }

    #[test]
    fn a_store_from_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = sled::open(dir.path()).unwrap();
            db.open_tree("meta").unwrap().insert(keys::SCHEMA_VERSION, &2u32.to_be_bytes()).unwrap();
            db.flush().unwrap();
        }
        let err = Store::open(dir.path()).err().expect("schema 2 must be refused");
        assert!(matches!(err, StoreError::UnsupportedSchema { found: 2, supported: 1, .. }), "{err}");
        assert!(err.to_string().contains("newer dutygraph"), "{err}");
    }

    #[test]
    fn a_new_store_records_its_schema_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let store = Store::open(dir.path()).unwrap();
        let stored = store.trees.meta.get(keys::SCHEMA_VERSION).unwrap().unwrap();
        assert_eq!(stored.as_ref(), SCHEMA_VERSION.to_be_bytes());
        assert_eq!(store.version().unwrap(), 0);
    }

    #[test]
    fn a_store_held_open_elsewhere_is_reported_as_locked() {
        let dir = tempfile::tempdir().unwrap();
        let _held = Store::open(dir.path()).unwrap();
        let err = Store::open(dir.path()).err().expect("a held store must not open twice");
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        assert!(err.to_string().contains("in use by another dutygraph process"), "{err}");
    }

    #[test]
    fn a_record_under_the_wrong_key_is_reported_as_corrupt() {
        let store = Store::temporary().unwrap();
        let place = super::records::StoredCityV1 {
            id: crate::model::PlaceId(7),
            name: "江门市".into(),
            province: "广东".into(),
        };
        let bytes = encode("place", &StoredCity::V1(place)).unwrap();
        store.trees.places.insert(keys::place(crate::model::PlaceId(8)), bytes).unwrap();
        store.trees.tasks.insert(b"short", &b"\xff"[..]).unwrap();
        let err = store.catalog().unwrap_err();
        assert!(!err.is_user_fault());
        assert_eq!(
            err.to_string(),
            "corrupt record in tree `cities` at key 0000000000000008: the record's ids do not match its key"
        );
        store.trees.places.clear().unwrap();
        let err = store.catalog().unwrap_err().to_string();
        assert!(
            err.starts_with("corrupt record in tree `tasks` at key 73686f7274: cannot decode record"),
            "{err}"
        );
    }
}
