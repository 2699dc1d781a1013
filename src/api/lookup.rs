//! Catalog lookups the API needs beyond the catalog's own indexes, and the
//! parsing of ids and names that callers pass in.
//!
//! Every lookup here is a hash lookup or a binary search: the catalog keeps
//! documents sorted by place and departments by (place, name), so one place's
//! records are a contiguous slice.

use std::str::FromStr;

use crate::ingest::Directory;
use crate::model::{Catalog, Department, DepartmentId, Document, DocumentId, Place, PlaceId, Task, TaskId};

use super::error::{ApiError, ApiResult};

/// One place's documents, in catalog order (by source name).
pub(crate) fn place_documents(cat: &Catalog, place: PlaceId) -> &[Document] {
    let start = cat.documents().partition_point(|d| d.place < place);
    let end = cat.documents().partition_point(|d| d.place <= place);
    &cat.documents()[start..end]
}

/// One place's departments, by name.
pub(crate) fn place_departments(cat: &Catalog, place: PlaceId) -> &[Department] {
    let start = cat.departments().partition_point(|d| d.place < place);
    let end = cat.departments().partition_point(|d| d.place <= place);
    &cat.departments()[start..end]
}

/// One place's tasks in source order.
pub(crate) fn place_tasks(cat: &Catalog, place: PlaceId) -> impl Iterator<Item = &Task> {
    cat.place_source_order(place).iter().map(|&t| cat.task_at(t))
}

pub(crate) fn parse_id<T: FromStr<Err = String>>(raw: &str) -> ApiResult<T> {
    raw.parse::<T>().map_err(ApiError::BadUserInput)
}

fn looks_like_place_id(raw: &str) -> bool {
    raw.len() == 17 && raw.starts_with('C') && raw[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A place by id (`C` + 16 hex digits) or name (江门市 or 江门).
pub(crate) fn resolve_place<'c>(cat: &'c Catalog, raw: &str) -> ApiResult<&'c Place> {
    let raw = raw.trim();
    if looks_like_place_id(raw) {
        let id: PlaceId = parse_id(raw)?;
        return cat.place(id).ok_or_else(|| ApiError::not_found(format!("no place with id `{raw}`")));
    }
    if raw.is_empty() {
        return Err(ApiError::bad(
            "the place is empty: expected a place name such as 江门市 or 大竹县, or a place id",
        ));
    }
    cat.place_by_name(raw).ok_or_else(|| {
        let known: Vec<&str> = cat.places().iter().map(|c| c.name.as_str()).collect();
        ApiError::not_found(format!("no place named `{raw}`; known places: {}", known.join(", ")))
    })
}

pub(crate) fn resolve_document<'c>(cat: &'c Catalog, raw: &str) -> ApiResult<&'c Document> {
    let id: DocumentId = parse_id(raw.trim())?;
    cat.document(id).ok_or_else(|| ApiError::not_found(format!("no document with id `{raw}`")))
}

pub(crate) fn resolve_task<'c>(cat: &'c Catalog, raw: &str) -> ApiResult<&'c Task> {
    let id: TaskId = parse_id(raw.trim())?;
    cat.task(id).ok_or_else(|| ApiError::not_found(format!("no task with id `{raw}`")))
}

pub(crate) fn looks_like_department_id(raw: &str) -> bool {
    raw.len() == 17 && raw.starts_with('U') && raw[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A department by id (`U` + 16 hex digits), by full name (江门市民政局), or
/// by name within a place (市民政局 with place 江门市). A name is first matched
/// as printed, then through the reference table's aliases. Without a place,
/// a name that several places share is refused as ambiguous.
pub(crate) fn resolve_department<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    place: Option<&str>,
    raw: &str,
) -> ApiResult<&'c Department> {
    let raw = raw.trim();
    // Only the exact id shape is an id: an ASCII name such as `UNDP` is a name.
    if looks_like_department_id(raw) {
        let id: DepartmentId = parse_id(raw)?;
        return cat
            .department(id)
            .ok_or_else(|| ApiError::not_found(format!("no department with id `{raw}`")));
    }
    if raw.is_empty() {
        return Err(ApiError::bad("the department name is empty: expected e.g. 江门市民政局"));
    }
    let places: Vec<&Place> = match place {
        Some(c) => vec![resolve_place(cat, c)?],
        None => cat.places().iter().collect(),
    };
    let mut found: Vec<&Department> = Vec::new();
    for c in places {
        for name in candidate_names(&c.name, raw) {
            if let Some(d) = find_in_place(cat, directory, c, &name) {
                if !found.iter().any(|f| f.id == d.id) {
                    found.push(d);
                }
                break;
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(ApiError::not_found(match place {
            Some(c) => format!("no department named `{raw}` in {c}"),
            None => format!("no department named `{raw}`; give the full name (江门市民政局) or a place"),
        })),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|d| format!("{}{}", cat.place(d.place).map_or("", |c| c.name.as_str()), d.name))
                .collect();
            Err(ApiError::bad(format!(
                "department name `{raw}` is ambiguous ({}); pass a place or the full name",
                names.join(", ")
            )))
        }
    }
}

/// Names to try for `raw` in a place: as given, and with the place's name
/// replaced by 市 (江门市民政局 → 市民政局) or removed (江门市人民政府 → 人民政府 is
/// not a canonical name, but 市人民政府 is).
fn candidate_names(place_name: &str, raw: &str) -> Vec<String> {
    let mut names = vec![raw.to_string()];
    let short = place_name.trim_end_matches('市');
    for prefix in [place_name, short] {
        if let Some(rest) = raw.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            let rest = rest.trim_start_matches('市');
            names.push(format!("市{rest}"));
            names.push(rest.to_string());
        }
    }
    names
}

fn find_in_place<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    place: &Place,
    name: &str,
) -> Option<&'c Department> {
    let in_place = place_departments(cat, place.id);
    let exact = in_place.binary_search_by(|d| d.name.as_str().cmp(name)).ok().map(|i| &in_place[i]);
    exact.or_else(|| {
        let canonical = directory.resolve(Some(&place.name), name).canonical;
        cat.department(DepartmentId::new(place.id, &canonical))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_yield_the_place_relative_name() {
        let names = candidate_names("江门市", "江门市民政局");
        assert!(names.contains(&"市民政局".to_string()), "{names:?}");
        let names = candidate_names("江门市", "江门民政局");
        assert!(names.contains(&"市民政局".to_string()), "{names:?}");
        assert_eq!(candidate_names("江门市", "市民政局"), vec!["市民政局".to_string()]);
    }
}
