//! Which part of the catalog a query looks at: one place, several places or
//! all places, optionally with departments merged by functional category.
//! A `Scope` is normalised on construction so that it can key the caches.

use serde::Serialize;

use crate::model::{Catalog, Place, PlaceId};

use super::GraphError;

/// The part of the catalog a network is built from.
///
/// With `merge_by_category`, every department is replaced by its functional
/// [`Category`](crate::model::Category): nodes are categories, a category
/// takes part in a task when any of its departments does (as lead if any of
/// them leads, as primary lead if any of them is rank 1 of the lead cell),
/// and two categories share a task when both take part in it. Co-assignments
/// inside one category are not edges (no self-loops).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Scope {
    /// Sorted, deduplicated places; `None` means all places.
    places: Option<Vec<PlaceId>>,
    merge_by_category: bool,
}

impl Scope {
    /// Every place of the catalog, departments kept apart.
    pub fn all() -> Scope {
        Scope { places: None, merge_by_category: false }
    }

    /// One place.
    pub fn place(place: PlaceId) -> Scope {
        Scope { places: Some(vec![place]), merge_by_category: false }
    }

    /// Several places. An empty list is rejected when the scope is used
    /// ([`GraphError::EmptyScope`]) rather than read as "all".
    pub fn places(places: impl IntoIterator<Item = PlaceId>) -> Scope {
        let mut places: Vec<PlaceId> = places.into_iter().collect();
        places.sort();
        places.dedup();
        Scope { places: Some(places), merge_by_category: false }
    }

    /// The same places with departments merged by functional category.
    pub fn merged_by_category(mut self) -> Scope {
        self.merge_by_category = true;
        self
    }

    /// The same places with departments kept apart.
    pub fn by_department(mut self) -> Scope {
        self.merge_by_category = false;
        self
    }

    pub fn merge_by_category(&self) -> bool {
        self.merge_by_category
    }

    /// The places named, or `None` for all places.
    pub fn place_ids(&self) -> Option<&[PlaceId]> {
        self.places.as_deref()
    }

    /// The catalog's places in scope, by name (places the catalog does not
    /// hold left out).
    pub fn places_in<'c>(&self, catalog: &'c Catalog) -> Vec<&'c Place> {
        match &self.places {
            None => catalog.places().iter().collect(),
            Some(ids) => {
                let mut places: Vec<&Place> = ids.iter().filter_map(|&id| catalog.place(id)).collect();
                places.sort_by(|a, b| a.name.cmp(&b.name));
                places
            }
        }
    }

    /// Checks the scope against a catalog.
    pub(crate) fn validate(&self, catalog: &Catalog) -> Result<(), GraphError> {
        if let Some(places) = &self.places {
            if places.is_empty() {
                return Err(GraphError::EmptyScope);
            }
            if let Some(&unknown) = places.iter().find(|&&c| catalog.place(c).is_none()) {
                return Err(GraphError::UnknownPlace(unknown));
            }
        }
        Ok(())
    }

    pub(crate) fn contains(&self, place: PlaceId) -> bool {
        match &self.places {
            None => true,
            Some(places) => places.binary_search(&place).is_ok(),
        }
    }
}

impl Default for Scope {
    fn default() -> Scope {
        Scope::all()
    }
}
