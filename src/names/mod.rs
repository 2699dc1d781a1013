//! One way to name things: the places, lists of places, scopes, departments,
//! documents and tasks that a caller names in a request, parsed and resolved
//! against a [`Catalog`] (and, for departments, the reference
//! [`Directory`](crate::ingest::Directory)). The GraphQL API and the
//! `/export` route both call these functions, so they accept the same
//! strings and refuse bad ones with the same [`NameError`] message.
//!
//! What a place answers to: its id (`C` and 16 hex digits), its full name
//! (江门市, 恩施土家族苗族自治州), its short name (江门, 恩施) and, for an
//! autonomous prefecture, county or banner, its everyday name (恩施州), with
//! surrounding whitespace ignored. A list of places separates them with
//! `,`, `，` or `、`. A department answers to its id (`U` and 16 hex digits),
//! its full name (江门市民政局, 恩施州文化和旅游局), or its name within a
//! place (市民政局 with 江门市), each also through the reference table's
//! aliases (市文旅局).
//!
//! This module must not know who asks: it imports neither async-graphql nor
//! poem, and leaves error codes and HTTP statuses to its callers.

mod department;
mod place;

use std::fmt;

pub use department::department;
pub use place::{place, places, scope, ScopeNames, LIST_SEPARATORS};

use crate::model::{Catalog, DepartmentId, Document, DocumentId, PlaceId, Task, TaskId};

/// The kinds of id a caller may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Place,
    Department,
    Document,
    Task,
}

impl IdKind {
    /// The type the id parses to, as messages name it.
    fn type_name(self) -> &'static str {
        match self {
            IdKind::Place => "PlaceId",
            IdKind::Department => "DepartmentId",
            IdKind::Document => "DocumentId",
            IdKind::Task => "TaskId",
        }
    }

    /// What an id of this kind looks like.
    fn shape(self) -> &'static str {
        match self {
            IdKind::Place => "`C` and 16 hex digits",
            IdKind::Department => "`U` and 16 hex digits",
            IdKind::Document => "`D` and 16 hex digits",
            IdKind::Task => "`T`, 16 hex digits, `-` and a number",
        }
    }

    /// Whether `raw` (already trimmed) has exactly this kind's shape. Only
    /// that shape is an id: an ASCII name such as `UNDP` is a name.
    fn fits(self, raw: &str) -> bool {
        let hex16 = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
        let prefixed = |prefix: char| raw.strip_prefix(prefix).is_some_and(hex16);
        match self {
            IdKind::Place => prefixed('C'),
            IdKind::Department => prefixed('U'),
            IdKind::Document => prefixed('D'),
            IdKind::Task => {
                raw.strip_prefix('T').and_then(|r| r.split_once('-')).is_some_and(|(hex, seq)| {
                    hex16(hex)
                        && !seq.is_empty()
                        && seq.bytes().all(|b| b.is_ascii_digit())
                        && seq.parse::<u32>().is_ok()
                })
            }
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdKind::Place => "place",
            IdKind::Department => "department",
            IdKind::Document => "document",
            IdKind::Task => "task",
        })
    }
}

/// Why a name or id was refused. Each message says what was given and what
/// was expected; [`NameError::is_not_found`] tells a well-formed name the
/// data does not hold from malformed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// An empty (or all-whitespace) place.
    #[error("the place is empty: expected a place name (江门市, 江门, 恩施州) or a place id (`C` and 16 hex digits)")]
    EmptyPlace,
    /// A list of places that names none (`""`, `" , "`).
    #[error(
        "the list of places `{given}` is empty: expected names or ids separated by `,`, `，` or `、` \
         (江门市,咸阳市), or no list at all for every place"
    )]
    EmptyPlaceList { given: String },
    /// An empty (or all-whitespace) department.
    #[error(
        "the department is empty: expected a department id (`U` and 16 hex digits), a full name (江门市民政局) \
         or a name within a place (市民政局)"
    )]
    EmptyDepartment,
    /// Something given where an id was required that does not have its shape.
    #[error("`{given}` is not a {}: expected {}", kind.type_name(), kind.shape())]
    MalformedId { kind: IdKind, given: String },
    /// A well-formed id that the catalog does not hold.
    #[error("no {kind} with id `{given}`")]
    UnknownId { kind: IdKind, given: String },
    /// A list where one place is expected.
    #[error("`{given}` is a list of places: one place is expected here")]
    ListForOnePlace { given: String },
    /// A place name the catalog does not hold.
    #[error("no place named `{given}`; known places: {}", known_places(known))]
    UnknownPlace { given: String, known: Vec<String> },
    /// A short name several stored places share (吉林 for 吉林省 and 吉林市).
    #[error("`{given}` names several places ({}): give the full name or the id", candidates.join(", "))]
    AmbiguousPlace { given: String, candidates: Vec<String> },
    /// A department name the catalog does not hold (in the place, if given).
    #[error("no department named `{given}`{}", match place {
        Some(place) => format!(" in {place}"),
        None => "; give the full name (江门市民政局) or a place".to_string(),
    })]
    UnknownDepartment { given: String, place: Option<String> },
    /// A department name several places have, given without a place.
    #[error("department name `{given}` is ambiguous ({}); give a place or the full name", candidates.join(", "))]
    AmbiguousDepartment { given: String, candidates: Vec<String> },
}

impl NameError {
    /// Whether the input was well formed but names nothing stored (as
    /// opposed to empty, malformed, ambiguous or a list for one).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            NameError::UnknownId { .. }
                | NameError::UnknownPlace { .. }
                | NameError::UnknownDepartment { .. }
        )
    }
}

/// How many known places an unknown-place message lists: enough for any
/// hand-made store, short enough for a generated one of thousands.
const KNOWN_PLACES_LISTED: usize = 30;

fn known_places(known: &[String]) -> String {
    if known.is_empty() {
        return "none (no document is stored)".to_string();
    }
    let listed = known.iter().take(KNOWN_PLACES_LISTED).map(String::as_str).collect::<Vec<_>>().join(", ");
    match known.len().checked_sub(KNOWN_PLACES_LISTED) {
        Some(more) if more > 0 => format!("{listed} and {more} more (query `places` for all)"),
        _ => listed,
    }
}

/// Checks that `raw` has the shape of a `kind` id and parses it.
fn parse_id<T: std::str::FromStr>(kind: IdKind, raw: &str) -> Result<T, NameError> {
    let given = raw.trim();
    let malformed = || NameError::MalformedId { kind, given: given.to_string() };
    if !kind.fits(given) {
        return Err(malformed());
    }
    given.parse::<T>().map_err(|_| malformed())
}

/// A place id (`C` and 16 hex digits), not looked up.
pub fn place_id(raw: &str) -> Result<PlaceId, NameError> {
    parse_id(IdKind::Place, raw)
}

/// A department id (`U` and 16 hex digits), not looked up.
pub fn department_id(raw: &str) -> Result<DepartmentId, NameError> {
    parse_id(IdKind::Department, raw)
}

/// A document id (`D` and 16 hex digits), not looked up.
pub fn document_id(raw: &str) -> Result<DocumentId, NameError> {
    parse_id(IdKind::Document, raw)
}

/// A stored document by id.
pub fn document<'c>(cat: &'c Catalog, raw: &str) -> Result<&'c Document, NameError> {
    let id = document_id(raw)?;
    cat.document(id).ok_or_else(|| NameError::UnknownId { kind: IdKind::Document, given: id.to_string() })
}

/// A stored task by id (`T`, 16 hex digits, `-` and its position).
pub fn task<'c>(cat: &'c Catalog, raw: &str) -> Result<&'c Task, NameError> {
    let id: TaskId = parse_id(IdKind::Task, raw)?;
    cat.task(id).ok_or_else(|| NameError::UnknownId { kind: IdKind::Task, given: id.to_string() })
}

/// Level words a place's name ends with and its own departments' names
/// open with, longest first.
const OWN_WORDS: &[&str] = &["自治区", "街道", "市", "州", "县", "区", "旗", "盟", "省", "镇", "乡"];

/// A department's full name: its place's name, then its own name, the level
/// word both carry written once (江门市 + 市民政局 → 江门市民政局, 大竹县 +
/// 县民政局 → 大竹县民政局). [`department`] reads it back.
pub fn full_name(place: &str, name: &str) -> String {
    let shared = OWN_WORDS.iter().find(|w| place.ends_with(**w) && name.starts_with(**w));
    match shared {
        Some(word) => format!("{place}{}", &name[word.len()..]),
        None => format!("{place}{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_write_the_shared_level_word_once() {
        assert_eq!(full_name("江门市", "市民政局"), "江门市民政局");
        assert_eq!(full_name("江门市", "各市（区）政府"), "江门市各市（区）政府");
        assert_eq!(full_name("大竹县", "县住房和城乡建设局"), "大竹县住房和城乡建设局");
        assert_eq!(full_name("恩施土家族苗族自治州", "州民政局"), "恩施土家族苗族自治州民政局");
    }

    #[test]
    fn only_the_exact_shape_is_an_id() {
        assert!(IdKind::Department.fits("U0123456789abcdef"));
        assert!(!IdKind::Department.fits("UNDP"));
        assert!(!IdKind::Place.fits("0123456789abcdef"), "the prefix is part of the shape");
        assert!(IdKind::Task.fits("T0123456789abcdef-12"));
        assert!(!IdKind::Task.fits("T0123456789abcdef-"));
        assert!(matches!(task(&Catalog::default(), "T12-x"), Err(NameError::MalformedId { .. })));
    }
}
