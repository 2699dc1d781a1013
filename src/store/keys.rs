//! Every sled key dutygraph writes is built and parsed here, so the on-disk
//! layout can be read in one place. Numeric parts are big-endian so that
//! sled's byte order is numeric order: a document's tasks are contiguous and
//! sorted by position, and a prefix scan on a document id finds all of them.
//!
//! This module must not know about record encodings or trees' contents.

use crate::model::{DepartmentId, DocumentId, PlaceId, TaskId};

/// `meta` key holding the schema version as a big-endian `u32`.
pub const SCHEMA_VERSION: &[u8] = b"schema_version";
/// `meta` key holding the data version as a big-endian `u64`.
pub const DATA_VERSION: &[u8] = b"data_version";

/// Key of `places`: the place id.
pub fn place(id: PlaceId) -> [u8; 8] {
    id.0.to_be_bytes()
}

/// Key of `documents`, and the prefix of every key in `tasks`, `assignments`,
/// `milestones` and `document_departments` that belongs to the document.
pub fn document(id: DocumentId) -> [u8; 8] {
    id.0.to_be_bytes()
}

/// Key of `departments`, and the prefix of its `department_documents` keys.
pub fn department(id: DepartmentId) -> [u8; 8] {
    id.0.to_be_bytes()
}

/// Key of `tasks`: document (8) + position (4).
pub fn task(id: TaskId) -> [u8; 12] {
    let mut key = [0; 12];
    key[..8].copy_from_slice(&id.document.0.to_be_bytes());
    key[8..].copy_from_slice(&id.seq.to_be_bytes());
    key
}

/// Key of `assignments`: task (12) + department (8). A department has at most
/// one part in a task, so this is unique.
pub fn assignment(task_id: TaskId, department_id: DepartmentId) -> [u8; 20] {
    let mut key = [0; 20];
    key[..12].copy_from_slice(&task(task_id));
    key[12..].copy_from_slice(&department_id.0.to_be_bytes());
    key
}

/// Key of `milestones`: task (12) + position among the task's milestones (2).
pub fn milestone(task_id: TaskId, seq: u16) -> [u8; 14] {
    let mut key = [0; 14];
    key[..12].copy_from_slice(&task(task_id));
    key[12..].copy_from_slice(&seq.to_be_bytes());
    key
}

/// Key of `department_documents`: department (8) + document (8), meaning
/// "the document uses the department".
pub fn department_document(department_id: DepartmentId, document_id: DocumentId) -> [u8; 16] {
    pair(department_id.0, document_id.0)
}

/// Key of `document_departments`: the same fact as
/// [`department_document`], ordered for lookup by document.
pub fn document_department(document_id: DocumentId, department_id: DepartmentId) -> [u8; 16] {
    pair(document_id.0, department_id.0)
}

/// Key of `place_documents`: place (8) + document (8).
pub fn place_document(place_id: PlaceId, document_id: DocumentId) -> [u8; 16] {
    pair(place_id.0, document_id.0)
}

fn pair(a: u64, b: u64) -> [u8; 16] {
    let mut key = [0; 16];
    key[..8].copy_from_slice(&a.to_be_bytes());
    key[8..].copy_from_slice(&b.to_be_bytes());
    key
}

fn u64_at(key: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(key[at..at + 8].try_into().expect("8 bytes"))
}

/// Parses a `places`, `documents` or `departments` key. `None` when the key
/// has the wrong length, which means the tree is corrupt.
#[cfg_attr(
    not(test),
    expect(dead_code, reason = "the store reads these keys by prefix only; the parser pins the format")
)]
pub fn parse_id(key: &[u8]) -> Option<u64> {
    (key.len() == 8).then(|| u64_at(key, 0))
}

pub fn parse_task(key: &[u8]) -> Option<TaskId> {
    (key.len() == 12).then(|| TaskId {
        document: DocumentId(u64_at(key, 0)),
        seq: u32::from_be_bytes(key[8..12].try_into().expect("4 bytes")),
    })
}

#[cfg_attr(
    not(test),
    expect(dead_code, reason = "the store reads these keys by prefix only; the parser pins the format")
)]
pub fn parse_assignment(key: &[u8]) -> Option<(TaskId, DepartmentId)> {
    (key.len() == 20).then(|| (parse_task(&key[..12]).expect("12 bytes"), DepartmentId(u64_at(key, 12))))
}

#[cfg_attr(
    not(test),
    expect(dead_code, reason = "the store reads these keys by prefix only; the parser pins the format")
)]
pub fn parse_milestone(key: &[u8]) -> Option<(TaskId, u16)> {
    (key.len() == 14).then(|| {
        (
            parse_task(&key[..12]).expect("12 bytes"),
            u16::from_be_bytes(key[12..].try_into().expect("2 bytes")),
        )
    })
}

/// Parses a key of `department_documents`, `document_departments` or
/// `place_documents` into its two ids, in key order.
pub fn parse_pair(key: &[u8]) -> Option<(u64, u64)> {
    (key.len() == 16).then(|| (u64_at(key, 0), u64_at(key, 8)))
}

/// A key as lowercase hex, for error messages that must name it.
pub fn hex(key: &[u8]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: DocumentId = DocumentId(0x0123_4567_89ab_cdef);
    const DEPT: DepartmentId = DepartmentId(0xfedc_ba98_7654_3210);
    const CITY: PlaceId = PlaceId(u64::MAX);

    #[test]
    fn single_ids_round_trip() {
        assert_eq!(parse_id(&place(CITY)), Some(CITY.0));
        assert_eq!(parse_id(&document(DOC)), Some(DOC.0));
        assert_eq!(parse_id(&department(DEPT)), Some(DEPT.0));
        assert_eq!(parse_id(&[1, 2, 3]), None);
    }

    #[test]
    fn composite_keys_round_trip() {
        let t = TaskId { document: DOC, seq: 70_000 };
        assert_eq!(parse_task(&task(t)), Some(t));
        assert_eq!(parse_assignment(&assignment(t, DEPT)), Some((t, DEPT)));
        assert_eq!(parse_milestone(&milestone(t, 513)), Some((t, 513)));
        assert_eq!(parse_pair(&department_document(DEPT, DOC)), Some((DEPT.0, DOC.0)));
        assert_eq!(parse_pair(&document_department(DOC, DEPT)), Some((DOC.0, DEPT.0)));
        assert_eq!(parse_pair(&place_document(CITY, DOC)), Some((CITY.0, DOC.0)));
        assert_eq!(parse_task(&task(t)[..11]), None);
        assert_eq!(parse_assignment(&task(t)), None);
        assert_eq!(parse_milestone(&assignment(t, DEPT)), None);
    }

    #[test]
    fn byte_order_is_numeric_order() {
        let task_at = |seq| task(TaskId { document: DOC, seq });
        // 2 < 256 numerically; little-endian bytes would sort them the other way.
        assert!(task_at(2) < task_at(256));
        assert!(
            milestone(TaskId { document: DOC, seq: 1 }, 9) < milestone(TaskId { document: DOC, seq: 1 }, 10)
        );
        assert!(document(DocumentId(1)) < document(DocumentId(1 << 40)));
    }

    #[test]
    fn a_document_prefixes_all_its_keys() {
        let t = TaskId { document: DOC, seq: 7 };
        let prefix = document(DOC);
        assert!(task(t).starts_with(&prefix));
        assert!(assignment(t, DEPT).starts_with(&prefix));
        assert!(milestone(t, 1).starts_with(&prefix));
        assert!(document_department(DOC, DEPT).starts_with(&prefix));
        assert!(department_document(DEPT, DOC).starts_with(&department(DEPT)));
        assert!(place_document(CITY, DOC).starts_with(&place(CITY)));
    }

    #[test]
    fn hex_names_every_byte() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
    }
}
