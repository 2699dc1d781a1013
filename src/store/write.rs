//! The two document writes, each one sled transaction over all trees:
//! `put` checks the bundle's invariants while it writes (any breach aborts,
//! so a half-written bundle is never committed) and `remove` deletes a
//! document with everything only it used.
//!
//! Callers hold the store's write lock, which is what makes planning a
//! removal with range scans outside the transaction safe.

use std::collections::HashSet;

use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::IVec;

use super::records::{
    StoredAssignment, StoredCity, StoredDepartment, StoredDocument, StoredMilestone, StoredTask,
};
use super::{decode, decode_version, encode, keys, Store, StoreError};
use crate::model::{DepartmentId, Document, DocumentBundle, DocumentId};

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// Index trees store facts in their keys; the value is empty.
const EMPTY: &[u8] = &[];

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

fn tx_encode<T: serde::Serialize>(what: &'static str, record: &T) -> TxResult<Vec<u8>> {
    encode(what, record).map_err(abort)
}

/// Increases the data version by one inside a transaction.
pub(super) fn bump_version(meta: &TransactionalTree) -> TxResult<u64> {
    let current = match meta.get(keys::DATA_VERSION)? {
        None => 0,
        Some(bytes) => decode_version(&bytes).map_err(abort)?,
    };
    set_version(meta, current + 1)?;
    Ok(current + 1)
}

pub(super) fn set_version(meta: &TransactionalTree, version: u64) -> TxResult<()> {
    meta.insert(keys::DATA_VERSION, &version.to_be_bytes())?;
    Ok(())
}

/// Writes a bundle; returns the new data version, or `None` when its
/// document is already stored (nothing written).
///
/// A department or place already stored by another document is overwritten
/// with the bundle's copy: ids derive from names, so the two describe the
/// same unit, and the newest copy wins (as in `Catalog::from_bundles` and
/// `Catalog::with_bundle`).
pub(super) fn put(store: &Store, bundle: &DocumentBundle) -> Result<Option<u64>, StoreError> {
    let doc = bundle.document.id;
    let place = &bundle.place;
    store.transact(|tx| {
        if tx.documents.get(keys::document(doc))?.is_some() {
            return Ok(None);
        }
        let invalid = |message: String| abort(StoreError::InvalidBundle { document: doc, message });
        if bundle.document.place != place.id {
            return Err(invalid(format!(
                "the document names place {} but the bundle's place is {} ({})",
                bundle.document.place, place.id, place.name
            )));
        }
        tx.places.insert(&keys::place(place.id), tx_encode("place", &StoredCity::V2(place.into()))?)?;
        tx.place_documents.insert(&keys::place_document(place.id, doc), EMPTY)?;
        tx.documents.insert(
            &keys::document(doc),
            tx_encode("document", &StoredDocument::V2((&bundle.document).into()))?,
        )?;

        let mut departments = HashSet::new();
        for d in &bundle.departments {
            if d.place != place.id {
                return Err(invalid(format!(
                    "department {} ({}) belongs to place {}, not to the document's place {}",
                    d.id, d.name, d.place, place.id
                )));
            }
            if !departments.insert(d.id) {
                return Err(invalid(format!("department {} ({}) is listed twice", d.id, d.name)));
            }
            tx.departments
                .insert(&keys::department(d.id), tx_encode("department", &StoredDepartment::V1(d.into()))?)?;
            tx.department_documents.insert(&keys::department_document(d.id, doc), EMPTY)?;
            tx.document_departments.insert(&keys::document_department(doc, d.id), EMPTY)?;
        }

        let mut tasks = HashSet::new();
        for t in &bundle.tasks {
            if t.id.document != doc || t.document != doc {
                return Err(invalid(format!(
                    "task {} (line {}) belongs to document {}, not to this one",
                    t.id, t.source_line, t.document
                )));
            }
            if t.place != place.id {
                return Err(invalid(format!("task {} names place {}, not {}", t.id, t.place, place.id)));
            }
            if !tasks.insert(t.id) {
                return Err(invalid(format!("task {} is listed twice", t.id)));
            }
            tx.tasks.insert(&keys::task(t.id), tx_encode("task", &StoredTask::V2(t.into()))?)?;
        }

        let mut assigned = HashSet::new();
        for a in &bundle.assignments {
            if !tasks.contains(&a.task) {
                return Err(invalid(format!(
                    "an assignment of `{}` refers to unknown task {}",
                    a.printed, a.task
                )));
            }
            if !departments.contains(&a.department) {
                return Err(invalid(format!(
                    "task {} assigns department {} (`{}`), which the bundle does not list",
                    a.task, a.department, a.printed
                )));
            }
            if !assigned.insert((a.task, a.department)) {
                return Err(invalid(format!("task {} assigns department {} twice", a.task, a.department)));
            }
            tx.assignments.insert(
                &keys::assignment(a.task, a.department),
                tx_encode("assignment", &StoredAssignment::V1(a.into()))?,
            )?;
        }

        let mut dated = HashSet::new();
        for m in &bundle.milestones {
            if !tasks.contains(&m.task) {
                return Err(invalid(format!("milestone `{}` refers to unknown task {}", m.text, m.task)));
            }
            if !dated.insert((m.task, m.seq)) {
                return Err(invalid(format!("task {} has two milestones numbered {}", m.task, m.seq)));
            }
            tx.milestones.insert(
                &keys::milestone(m.task, m.seq),
                tx_encode("milestone", &StoredMilestone::V1(m.into()))?,
            )?;
        }

        let version = bump_version(tx.meta)?;
        Ok(Some(version))
    })
}

/// What removing one document deletes, found with range scans before the
/// transaction (sled transactions cannot scan).
struct Removal {
    document: Document,
    tasks: Vec<IVec>,
    assignments: Vec<IVec>,
    milestones: Vec<IVec>,
    departments: Vec<DepartmentId>,
    orphaned_departments: Vec<DepartmentId>,
    place_orphaned: bool,
}

/// Removes a document; returns the new data version, or `None` when it is
/// not stored.
pub(super) fn remove(store: &Store, id: DocumentId) -> Result<Option<u64>, StoreError> {
    let Some(plan) = plan_removal(store, id)? else {
        return Ok(None);
    };
    let doc = plan.document.id;
    let place = plan.document.place;
    store.transact(|tx| {
        if tx.documents.remove(&keys::document(doc))?.is_none() {
            // Cannot happen while the caller holds the write lock.
            return Ok(None);
        }
        tx.place_documents.remove(&keys::place_document(place, doc))?;
        if plan.place_orphaned {
            tx.places.remove(&keys::place(place))?;
        }
        for key in &plan.tasks {
            tx.tasks.remove(key)?;
        }
        for key in &plan.assignments {
            tx.assignments.remove(key)?;
        }
        for key in &plan.milestones {
            tx.milestones.remove(key)?;
        }
        for &d in &plan.departments {
            tx.department_documents.remove(&keys::department_document(d, doc))?;
            tx.document_departments.remove(&keys::document_department(doc, d))?;
        }
        for &d in &plan.orphaned_departments {
            tx.departments.remove(&keys::department(d))?;
        }
        let version = bump_version(tx.meta)?;
        Ok(Some(version))
    })
}

fn plan_removal(store: &Store, id: DocumentId) -> Result<Option<Removal>, StoreError> {
    let t = &store.trees;
    let doc_key = keys::document(id);
    let Some(bytes) = t.documents.get(doc_key)? else {
        return Ok(None);
    };
    let document: Document = decode::<StoredDocument>("documents", &doc_key, &bytes)?.into();
    let keys_under = |tree: &sled::Tree| -> Result<Vec<IVec>, StoreError> {
        tree.scan_prefix(doc_key).keys().map(|k| k.map_err(StoreError::from)).collect()
    };

    let mut departments = Vec::new();
    for key in keys_under(&t.document_departments)? {
        let (_, department) = keys::parse_pair(&key)
            .ok_or_else(|| super::corrupt("document_departments", &key, "expected a 16-byte key"))?;
        departments.push(DepartmentId(department));
    }
    let mut orphaned_departments = Vec::new();
    for &d in &departments {
        if !used_by_other(&t.department_documents, "department_documents", &keys::department(d), id)? {
            orphaned_departments.push(d);
        }
    }
    let place_orphaned =
        !used_by_other(&t.place_documents, "city_documents", &keys::place(document.place), id)?;
    Ok(Some(Removal {
        tasks: keys_under(&t.tasks)?,
        assignments: keys_under(&t.assignments)?,
        milestones: keys_under(&t.milestones)?,
        document,
        departments,
        orphaned_departments,
        place_orphaned,
    }))
}

/// Whether a (thing, document) uses-tree has an entry for `prefix` from a
/// document other than `except`.
fn used_by_other(
    tree: &sled::Tree,
    name: &'static str,
    prefix: &[u8],
    except: DocumentId,
) -> Result<bool, StoreError> {
    for key in tree.scan_prefix(prefix).keys() {
        let key = key?;
        let (_, document) =
            keys::parse_pair(&key).ok_or_else(|| super::corrupt(name, &key, "expected a 16-byte key"))?;
        if document != except.0 {
            return Ok(true);
        }
    }
    Ok(false)
}
