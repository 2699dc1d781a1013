//! Walks over the catalog the API needs beyond the catalog's own indexes.
//! Names and ids that callers pass in are parsed by [`crate::names`].

use crate::model::{Catalog, PlaceId, Task};

/// One place's tasks in source order.
pub(crate) fn place_tasks(cat: &Catalog, place: PlaceId) -> impl Iterator<Item = &Task> {
    cat.place_source_order(place).iter().map(|&t| cat.task_at(t))
}
