//! Which part of the catalog a query looks at: one city, several cities or
//! all cities, optionally with departments merged by functional category.
//! A `Scope` is normalised on construction so that it can key the caches.

use serde::Serialize;

use crate::model::{Catalog, CityId};

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
    /// Sorted, deduplicated cities; `None` means all cities.
    cities: Option<Vec<CityId>>,
    merge_by_category: bool,
}

impl Scope {
    /// Every city of the catalog, departments kept apart.
    pub fn all() -> Scope {
        Scope { cities: None, merge_by_category: false }
    }

    /// One city.
    pub fn city(city: CityId) -> Scope {
        Scope { cities: Some(vec![city]), merge_by_category: false }
    }

    /// Several cities. An empty list is rejected when the scope is used
    /// ([`GraphError::EmptyScope`]) rather than read as "all".
    pub fn cities(cities: impl IntoIterator<Item = CityId>) -> Scope {
        let mut cities: Vec<CityId> = cities.into_iter().collect();
        cities.sort();
        cities.dedup();
        Scope { cities: Some(cities), merge_by_category: false }
    }

    /// The same cities with departments merged by functional category.
    pub fn merged_by_category(mut self) -> Scope {
        self.merge_by_category = true;
        self
    }

    /// The same cities with departments kept apart.
    pub fn by_department(mut self) -> Scope {
        self.merge_by_category = false;
        self
    }

    pub fn merge_by_category(&self) -> bool {
        self.merge_by_category
    }

    /// The cities named, or `None` for all cities.
    pub fn city_ids(&self) -> Option<&[CityId]> {
        self.cities.as_deref()
    }

    /// Checks the scope against a catalog.
    pub(crate) fn validate(&self, catalog: &Catalog) -> Result<(), GraphError> {
        if let Some(cities) = &self.cities {
            if cities.is_empty() {
                return Err(GraphError::EmptyScope);
            }
            if let Some(&unknown) = cities.iter().find(|&&c| catalog.city(c).is_none()) {
                return Err(GraphError::UnknownCity(unknown));
            }
        }
        Ok(())
    }

    pub(crate) fn contains(&self, city: CityId) -> bool {
        match &self.cities {
            None => true,
            Some(cities) => cities.binary_search(&city).is_ok(),
        }
    }
}

impl Default for Scope {
    fn default() -> Scope {
        Scope::all()
    }
}
