//! Walks over the catalog the API needs beyond the catalog's own indexes.
//! Names and ids that callers pass in are parsed by [`crate::names`].

use std::collections::HashMap;

use crate::model::{Catalog, DocumentId, PlaceId, Task};

/// One place's tasks in source order.
pub(crate) fn place_tasks(cat: &Catalog, place: PlaceId) -> impl Iterator<Item = &Task> {
    cat.place_documents(place).iter().flat_map(move |d| cat.document_tasks(d.id))
}

/// Every document's position in source order: places by name, then each
/// place's documents by source name. Tasks sort by (this, seq).
pub(crate) fn document_order(cat: &Catalog) -> HashMap<DocumentId, usize> {
    cat.places().iter().flat_map(|c| cat.place_documents(c.id)).enumerate().map(|(i, d)| (d.id, i)).collect()
}
