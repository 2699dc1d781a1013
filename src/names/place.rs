//! Places, lists of places and scopes as callers name them.

use crate::graph::Scope;
use crate::ingest::divisions::{everyday_name, short_name};
use crate::model::{Catalog, Place};

use super::{place_id, IdKind, NameError};

/// What separates the places of a list: `江门市,咸阳市`, `江门市，咸阳市`,
/// `江门、咸阳`.
pub const LIST_SEPARATORS: [char; 3] = [',', '，', '、'];

/// One place by id (`C` and 16 hex digits), full name (江门市), short name
/// (江门) or everyday name (恩施州 for 恩施土家族苗族自治州, and the other
/// way round when the catalog stores the everyday name). A stored full name
/// wins over another place's short name; a short name two stored places
/// share is refused with both.
pub fn place<'c>(cat: &'c Catalog, raw: &str) -> Result<&'c Place, NameError> {
    let given = raw.trim();
    if given.contains(LIST_SEPARATORS) {
        return Err(NameError::ListForOnePlace { given: given.to_string() });
    }
    one(cat, given)
}

/// A list of places, each item itself a list (`江门市,咸阳市`), in the order
/// named, without repeats. `None` when no item is given: every place. An
/// item that names no place at all (empty, only separators) is refused; an
/// empty piece between separators (`江门市,,咸阳市`, a trailing comma) is not.
pub fn places<'c, S: AsRef<str>>(cat: &'c Catalog, items: &[S]) -> Result<Option<Vec<&'c Place>>, NameError> {
    if items.is_empty() {
        return Ok(None);
    }
    let mut found: Vec<&Place> = Vec::new();
    for item in items {
        let item = item.as_ref();
        let mut pieces = item.split(LIST_SEPARATORS).map(str::trim).filter(|p| !p.is_empty()).peekable();
        if pieces.peek().is_none() {
            return Err(NameError::EmptyPlaceList { given: item.to_string() });
        }
        for piece in pieces {
            let place = one(cat, piece)?;
            if !found.iter().any(|p| p.id == place.id) {
                found.push(place);
            }
        }
    }
    Ok(Some(found))
}

/// A scope as a caller names it: its places (resolved) and whether
/// departments are merged by functional category.
#[derive(Debug, Clone)]
pub struct ScopeNames<'c> {
    /// In the order named; `None` for every place.
    pub places: Option<Vec<&'c Place>>,
    pub merge_by_category: bool,
}

impl ScopeNames<'_> {
    /// The graph's scope: the same places, merged or not.
    pub fn scope(&self) -> Scope {
        let scope = match &self.places {
            None => Scope::all(),
            Some(places) => Scope::places(places.iter().map(|p| p.id)),
        };
        if self.merge_by_category {
            scope.merged_by_category()
        } else {
            scope
        }
    }
}

/// A scope: the places of [`places`] (every place when none is given),
/// merged by category or not.
pub fn scope<'c, S: AsRef<str>>(
    cat: &'c Catalog,
    places: &[S],
    merge_by_category: bool,
) -> Result<ScopeNames<'c>, NameError> {
    Ok(ScopeNames { places: self::places(cat, places)?, merge_by_category })
}

/// One place from one trimmed name or id.
fn one<'c>(cat: &'c Catalog, given: &str) -> Result<&'c Place, NameError> {
    if given.is_empty() {
        return Err(NameError::EmptyPlace);
    }
    if IdKind::Place.fits(given) {
        let id = place_id(given)?;
        return cat
            .place(id)
            .ok_or_else(|| NameError::UnknownId { kind: IdKind::Place, given: given.into() });
    }
    if let Some(exact) = cat.place_by_name(given) {
        return Ok(exact);
    }
    let found: Vec<&Place> = cat.places().iter().filter(|p| answers_to(&p.name, given)).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(NameError::UnknownPlace {
            given: given.to_string(),
            known: cat.places().iter().map(|p| p.name.clone()).collect(),
        }),
        many => Err(NameError::AmbiguousPlace {
            given: given.to_string(),
            candidates: many.iter().map(|p| p.name.clone()).collect(),
        }),
    }
}

/// Whether a place stored as `stored` answers to `given`, which is not its
/// stored name: `given` is its short or everyday name, or `stored` is the
/// everyday name of the full name `given`.
fn answers_to(stored: &str, given: &str) -> bool {
    short_name(stored) == given
        || everyday_name(stored).is_some_and(|e| e == given)
        || everyday_name(given).is_some_and(|e| e == stored)
}

/// The names a stored place is written with at the start of a department's
/// full name, longest first: 恩施土家族苗族自治州, 恩施州, 恩施.
pub(super) fn written_forms(stored: &str) -> Vec<String> {
    let mut forms = vec![stored.to_string()];
    forms.extend(everyday_name(stored));
    forms.push(short_name(stored).to_string());
    forms.dedup();
    forms
}
