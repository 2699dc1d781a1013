//! JSON-lines export and import of a whole store: a header line with the
//! schema and data versions, then one self-describing record per line
//! (`{"record":"task",...}`) in tree order, so an export is deterministic and
//! an import of it reproduces the store byte for byte.
//!
//! Import validates everything in memory (shape, references, duplicates,
//! orphans) before it writes, then writes in one transaction: a bad line N
//! leaves the store as it was. This module must not change records' meaning:
//! the lines are the stored records in their human-readable serde form.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufWriter, ErrorKind, Write};

use serde::{Deserialize, Serialize};
use sled::Batch;

use super::records::{
    dual, StoredAssignment, StoredAssignmentV1, StoredCity, StoredCityV1, StoredDepartment,
    StoredDepartmentV1, StoredDocument, StoredDocumentV2, StoredMilestone, StoredMilestoneV1, StoredPlaceV2,
    StoredTask, StoredTaskV2,
};
use super::write::set_version;
use super::{decode, encode, keys, Store, StoreError, SCHEMA_VERSION};
use crate::model::{
    Assignment, Department, DepartmentId, Document, DocumentId, Milestone, Place, PlaceId, Task, TaskId,
};

/// The `format` of the header line; anything else is not our export.
const FORMAT: &str = "dutygraph-store";

/// One line of an export.
#[derive(Debug, Serialize, Deserialize)]
/// The tag is `record`, not `kind`, because milestones have a `kind` field.
#[serde(tag = "record", rename_all = "snake_case")]
enum Line {
    Header(Header),
    /// A place as exports before places had levels wrote it; still read.
    City(StoredCityV1),
    Place(StoredPlaceV2),
    /// A document; lines of exports before version 2 (`city`, no date) read as undated.
    Document(StoredDocumentV2),
    Department(StoredDepartmentV1),
    DepartmentUse(DepartmentUse),
    Task(StoredTaskV2),
    Assignment(StoredAssignmentV1),
    Milestone(StoredMilestoneV1),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    schema_version: u32,
    data_version: u64,
}

/// "This document uses this department": what keeps a shared department
/// alive until its last document is removed.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentUse {
    #[serde(with = "dual::id")]
    department: DepartmentId,
    #[serde(with = "dual::id")]
    document: DocumentId,
}

pub(super) fn export(store: &Store, out: &mut dyn Write) -> Result<usize, StoreError> {
    let mut out = BufWriter::new(out);
    let t = &store.trees;
    let header =
        Header { format: FORMAT.into(), schema_version: SCHEMA_VERSION, data_version: store.version()? };
    write_line(&mut out, &Line::Header(header))?;
    let mut count = 0;
    let mut emit = |line: Line| -> Result<(), StoreError> {
        count += 1;
        write_line(&mut out, &line)
    };
    // Records go through the model so an old stored version is written in
    // the current shape.
    for item in t.places.iter() {
        let (k, v) = item?;
        emit(Line::Place((&Place::from(decode::<StoredCity>("cities", &k, &v)?)).into()))?;
    }
    for item in t.documents.iter() {
        let (k, v) = item?;
        emit(Line::Document((&Document::from(decode::<StoredDocument>("documents", &k, &v)?)).into()))?;
    }
    for item in t.departments.iter() {
        let (k, v) = item?;
        emit(Line::Department(
            (&Department::from(decode::<StoredDepartment>("departments", &k, &v)?)).into(),
        ))?;
    }
    for key in t.department_documents.iter().keys() {
        let key = key?;
        let (department, document) = keys::parse_pair(&key)
            .ok_or_else(|| super::corrupt("department_documents", &key, "expected a 16-byte key"))?;
        emit(Line::DepartmentUse(DepartmentUse {
            department: DepartmentId(department),
            document: DocumentId(document),
        }))?;
    }
    for item in t.tasks.iter() {
        let (k, v) = item?;
        emit(Line::Task((&Task::from(decode::<StoredTask>("tasks", &k, &v)?)).into()))?;
    }
    for item in t.assignments.iter() {
        let (k, v) = item?;
        emit(Line::Assignment(
            (&Assignment::from(decode::<StoredAssignment>("assignments", &k, &v)?)).into(),
        ))?;
    }
    for item in t.milestones.iter() {
        let (k, v) = item?;
        emit(Line::Milestone((&Milestone::from(decode::<StoredMilestone>("milestones", &k, &v)?)).into()))?;
    }
    out.flush().map_err(|source| StoreError::Io { action: "writing the export", source })?;
    Ok(count)
}

fn write_line(out: &mut impl Write, line: &Line) -> Result<(), StoreError> {
    let io = |source| StoreError::Io { action: "writing the export", source };
    serde_json::to_writer(&mut *out, line).map_err(|e| io(e.into()))?;
    out.write_all(b"\n").map_err(io)
}

pub(super) fn import(store: &Store, input: &mut dyn BufRead) -> Result<usize, StoreError> {
    if !store.is_empty()? {
        return Err(StoreError::ImportIntoNonEmpty { documents: store.trees.documents.len() });
    }
    let mut state = Import::default();
    let mut text = String::new();
    let mut line = 0;
    loop {
        text.clear();
        let read = input.read_line(&mut text).map_err(|source| match source.kind() {
            ErrorKind::InvalidData => {
                StoreError::BadImportLine { line: line + 1, message: "is not valid UTF-8".into() }
            }
            _ => StoreError::Io { action: "reading the import", source },
        })?;
        if read == 0 {
            break;
        }
        line += 1;
        let bad = |message: String| StoreError::BadImportLine { line, message };
        let record = text.trim_end_matches(['\n', '\r']);
        if record.trim().is_empty() {
            return Err(bad("is empty; expected one JSON record per line".into()));
        }
        let parsed: Line = serde_json::from_str(record).map_err(|e| bad(describe_json_error(&e)))?;
        state.accept(line, parsed).map_err(bad)?;
    }
    if line == 0 {
        return Err(StoreError::BadImportLine {
            line: 1,
            message: format!("the input is empty; expected a `header` line of format `{FORMAT}`"),
        });
    }
    state.check_orphans()?;
    write(store, state)
}

/// serde_json's message without its "at line 1 column N" (every line is
/// parsed alone, so its line number would mislead).
fn describe_json_error(e: &serde_json::Error) -> String {
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    match e.column() {
        0 => format!("expected a record as written by `export` ({message})"),
        column => format!("expected a record as written by `export` ({message}, column {column})"),
    }
}

/// Everything read so far: ids seen (with the line that defined them, for
/// messages) and the encoded records waiting to be written.
#[derive(Default)]
struct Import {
    header: Option<Header>,
    cities: HashMap<PlaceId, usize>,
    documents: HashMap<DocumentId, (PlaceId, usize)>,
    departments: HashMap<DepartmentId, (PlaceId, usize)>,
    uses: HashSet<(DepartmentId, DocumentId)>,
    used_cities: HashSet<PlaceId>,
    used_departments: HashSet<DepartmentId>,
    tasks: HashMap<TaskId, usize>,
    assignments: HashSet<(TaskId, DepartmentId)>,
    milestones: HashSet<(TaskId, u16)>,
    batches: Batches,
    records: usize,
}

#[derive(Default)]
struct Batches {
    cities: Batch,
    documents: Batch,
    departments: Batch,
    tasks: Batch,
    assignments: Batch,
    milestones: Batch,
    department_documents: Batch,
    document_departments: Batch,
    city_documents: Batch,
}

fn encoded<T: Serialize>(what: &'static str, record: &T) -> Result<Vec<u8>, String> {
    encode(what, record).map_err(|e| e.to_string())
}

impl Import {
    fn place(&mut self, line: usize, p: StoredPlaceV2) -> Result<(), String> {
        if let Some(first) = self.cities.insert(p.id, line) {
            return Err(format!("place {} is defined twice (first on line {first})", p.id));
        }
        self.batches.cities.insert(&keys::place(p.id), encoded("place", &StoredCity::V2(p))?);
        Ok(())
    }

    /// Checks one line against what came before and queues its writes.
    /// References must point to records on earlier lines, as in an export.
    fn accept(&mut self, line: usize, record: Line) -> Result<(), String> {
        if self.header.is_none() {
            let Line::Header(header) = record else {
                return Err(format!("expected a `header` line of format `{FORMAT}` first"));
            };
            if header.format != FORMAT {
                return Err(format!("the header's format is `{}`; expected `{FORMAT}`", header.format));
            }
            if header.schema_version != SCHEMA_VERSION {
                return Err(format!(
                    "the export has schema version {}; this dutygraph imports only version {SCHEMA_VERSION}",
                    header.schema_version
                ));
            }
            self.header = Some(header);
            return Ok(());
        }
        self.records += 1;
        let b = &mut self.batches;
        match record {
            Line::Header(_) => return Err("a `header` may only appear on line 1".into()),
            Line::City(c) => self.place(line, (&Place::from(c)).into())?,
            Line::Place(p) => self.place(line, p)?,
            Line::Document(d) => {
                if !self.cities.contains_key(&d.place) {
                    return Err(format!(
                        "document {} names place {}, which no earlier line defines",
                        d.id, d.place
                    ));
                }
                if let Some((_, first)) = self.documents.insert(d.id, (d.place, line)) {
                    return Err(format!("document {} is defined twice (first on line {first})", d.id));
                }
                self.used_cities.insert(d.place);
                b.city_documents.insert(&keys::place_document(d.place, d.id), &[] as &[u8]);
                b.documents.insert(&keys::document(d.id), encoded("document", &StoredDocument::V2(d))?);
            }
            Line::Department(d) => {
                if !self.cities.contains_key(&d.city) {
                    return Err(format!(
                        "department {} names place {}, which no earlier line defines",
                        d.id, d.city
                    ));
                }
                if let Some((_, first)) = self.departments.insert(d.id, (d.city, line)) {
                    return Err(format!("department {} is defined twice (first on line {first})", d.id));
                }
                b.departments
                    .insert(&keys::department(d.id), encoded("department", &StoredDepartment::V1(d))?);
            }
            Line::DepartmentUse(u) => {
                let (department_city, _) = *self.departments.get(&u.department).ok_or_else(|| {
                    format!("department {} is not defined on an earlier line", u.department)
                })?;
                let (document_city, _) = *self
                    .documents
                    .get(&u.document)
                    .ok_or_else(|| format!("document {} is not defined on an earlier line", u.document))?;
                if department_city != document_city {
                    return Err(format!(
                        "department {} of place {department_city} cannot be used by document {} of place {document_city}",
                        u.department, u.document
                    ));
                }
                if !self.uses.insert((u.department, u.document)) {
                    return Err(format!(
                        "department {} is used by document {} twice",
                        u.department, u.document
                    ));
                }
                self.used_departments.insert(u.department);
                b.department_documents
                    .insert(&keys::department_document(u.department, u.document), &[] as &[u8]);
                b.document_departments
                    .insert(&keys::document_department(u.document, u.department), &[] as &[u8]);
            }
            Line::Task(t) => {
                let (place, _) = *self
                    .documents
                    .get(&t.id.document)
                    .ok_or_else(|| format!("task {} belongs to a document no earlier line defines", t.id))?;
                if t.place != place {
                    return Err(format!(
                        "task {} names place {}, but its document is in place {place}",
                        t.id, t.place
                    ));
                }
                if let Some(first) = self.tasks.insert(t.id, line) {
                    return Err(format!("task {} is defined twice (first on line {first})", t.id));
                }
                b.tasks.insert(&keys::task(t.id), encoded("task", &StoredTask::V2(t))?);
            }
            Line::Assignment(a) => {
                if !self.tasks.contains_key(&a.task) {
                    return Err(format!(
                        "assignment refers to task {}, which no earlier line defines",
                        a.task
                    ));
                }
                if !self.uses.contains(&(a.department, a.task.document)) {
                    return Err(format!(
                        "assignment of task {} refers to department {}, which no earlier \
                         `department_use` line gives to document {}",
                        a.task, a.department, a.task.document
                    ));
                }
                if !self.assignments.insert((a.task, a.department)) {
                    return Err(format!("task {} assigns department {} twice", a.task, a.department));
                }
                b.assignments.insert(
                    &keys::assignment(a.task, a.department),
                    encoded("assignment", &StoredAssignment::V1(a))?,
                );
            }
            Line::Milestone(m) => {
                if !self.tasks.contains_key(&m.task) {
                    return Err(format!(
                        "milestone refers to task {}, which no earlier line defines",
                        m.task
                    ));
                }
                if !self.milestones.insert((m.task, m.seq)) {
                    return Err(format!("task {} has two milestones numbered {}", m.task, m.seq));
                }
                b.milestones
                    .insert(&keys::milestone(m.task, m.seq), encoded("milestone", &StoredMilestone::V1(m))?);
            }
        }
        Ok(())
    }

    /// The store keeps no city or department that no document uses; an
    /// import must not create one either.
    fn check_orphans(&self) -> Result<(), StoreError> {
        let orphan_city =
            self.cities.iter().filter(|(id, _)| !self.used_cities.contains(id)).min_by_key(|(_, l)| **l);
        if let Some((id, &line)) = orphan_city {
            return Err(StoreError::BadImportLine {
                line,
                message: format!("place {id} is used by no document; expected a `document` line naming it"),
            });
        }
        let orphan_department = self
            .departments
            .iter()
            .filter(|(id, _)| !self.used_departments.contains(id))
            .min_by_key(|(_, v)| v.1);
        if let Some((id, &(_, line))) = orphan_department {
            return Err(StoreError::BadImportLine {
                line,
                message: format!(
                    "department {id} is used by no document; expected a `department_use` line for it"
                ),
            });
        }
        Ok(())
    }
}

fn write(store: &Store, state: Import) -> Result<usize, StoreError> {
    let header = state.header.expect("accept() requires a header before records");
    let current = store.version()?;
    if state.records == 0 && header.data_version <= current {
        // An export of an empty store: nothing to write, and the version
        // must not go backwards.
        return Ok(0);
    }
    // The exported version is kept so the round trip is exact, but never
    // below the current one, because caches key on it.
    let version = header.data_version.max(current + 1);
    let b = &state.batches;
    store.transact(|tx| {
        tx.places.apply_batch(&b.cities)?;
        tx.documents.apply_batch(&b.documents)?;
        tx.departments.apply_batch(&b.departments)?;
        tx.tasks.apply_batch(&b.tasks)?;
        tx.assignments.apply_batch(&b.assignments)?;
        tx.milestones.apply_batch(&b.milestones)?;
        tx.department_documents.apply_batch(&b.department_documents)?;
        tx.document_departments.apply_batch(&b.document_departments)?;
        tx.place_documents.apply_batch(&b.city_documents)?;
        set_version(tx.meta, version)?;
        Ok(())
    })?;
    store.db.flush()?;
    Ok(state.records)
}
