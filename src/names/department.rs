//! Departments as callers name them: by id, by full name, or by name within
//! a place, through the reference table's aliases.

use crate::ingest::directory::PlaceNames;
use crate::ingest::Directory;
use crate::model::{Catalog, Department, DepartmentId, Place};

use super::place::{place, written_forms};
use super::{department_id, full_name, IdKind, NameError};

/// A department by id (`U` and 16 hex digits), by full name (江门市民政局,
/// 江门民政局, 恩施州文化和旅游局), or by name within `place` (市民政局 with
/// 江门市). A name is matched as stored first, then through the reference
/// table (aliases, a county's 县民政局 read through the table's 市民政局).
/// Without a place, the place whose name the given name opens with longest
/// wins (恩施州文化和旅游局 is 恩施州's, not 恩施市's); a name that several
/// places have alike is refused with the full names of all of them.
pub fn department<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    place_name: Option<&str>,
    raw: &str,
) -> Result<&'c Department, NameError> {
    let given = raw.trim();
    if IdKind::Department.fits(given) {
        let id = department_id(given)?;
        return cat
            .department(id)
            .ok_or_else(|| NameError::UnknownId { kind: IdKind::Department, given: given.into() });
    }
    if given.is_empty() {
        return Err(NameError::EmptyDepartment);
    }
    let places: Vec<&Place> = match place_name {
        Some(name) => vec![place(cat, name)?],
        None => cat.places().iter().collect(),
    };
    // Each department found, with how many characters of `given` named its place.
    let mut found: Vec<(&Department, usize)> = Vec::new();
    for p in places {
        let candidates = candidate_names(&p.name, given);
        let hit = candidates.iter().find_map(|(n, by)| find_in_place(cat, directory, p, n).map(|d| (d, *by)));
        if let Some((d, by)) = hit {
            if !found.iter().any(|(f, _)| f.id == d.id) {
                found.push((d, by));
            }
        }
    }
    let longest = found.iter().map(|(_, by)| *by).max().unwrap_or(0);
    let found: Vec<&Department> =
        found.into_iter().filter(|(_, by)| *by == longest).map(|(d, _)| d).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(NameError::UnknownDepartment {
            given: given.to_string(),
            place: place_name.map(|n| n.trim().to_string()),
        }),
        many => Err(NameError::AmbiguousDepartment {
            given: given.to_string(),
            candidates: many
                .iter()
                .map(|d| full_name(cat.place(d.place).map_or("", |p| p.name.as_str()), &d.name))
                .collect(),
        }),
    }
}

/// Names to try for `given` in a place, each with the length (in bytes) of
/// the spelling of the place it was read through: as given (0), and with a
/// leading spelling of the place (full, everyday or short name) replaced by
/// the level word its own departments open with (江门市民政局 → 市民政局,
/// 大竹县民政局 → 县民政局, 恩施州文旅局 → 州文旅局) or removed (江门市人民政府
/// → 人民政府 is not a stored name, but 市人民政府 is).
fn candidate_names(place: &str, given: &str) -> Vec<(String, usize)> {
    let own = PlaceNames::new(Some(place)).map_or("市", |n| n.own());
    let mut names = vec![(given.to_string(), 0)];
    for form in written_forms(place) {
        if let Some(rest) = given.strip_prefix(form.as_str()).filter(|r| !r.is_empty()) {
            let rest = rest.strip_prefix(own).unwrap_or(rest);
            if !rest.is_empty() {
                names.push((format!("{own}{rest}"), form.len()));
                names.push((rest.to_string(), form.len()));
            }
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
    let in_place = cat.place_departments(place.id);
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
        let names = |place, given| -> Vec<String> {
            candidate_names(place, given).into_iter().map(|(n, _)| n).collect()
        };
        assert!(names("江门市", "江门市民政局").contains(&"市民政局".to_string()));
        assert!(names("江门市", "江门民政局").contains(&"市民政局".to_string()));
        assert_eq!(names("江门市", "市民政局"), ["市民政局"]);
        assert!(names("恩施土家族苗族自治州", "恩施州文旅局").contains(&"州文旅局".to_string()));
    }
}
