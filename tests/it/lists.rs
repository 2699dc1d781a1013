//! The catalog's list orders (source order, milestones by date, sort keys)
//! against their definitions, on a store with several documents per place,
//! and the list queries that read them.

use dutygraph::engine::Engine;
use dutygraph::gen::{generate, GenConfig};
use dutygraph::model::{Catalog, Milestone, Role, Task};
use dutygraph::store::Store;

fn catalog() -> std::sync::Arc<Catalog> {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    for doc in generate(&GenConfig { places: 3, docs_per_place: 3, seed: 5 }) {
        engine.ingest(doc.text.as_bytes(), &doc.source()).unwrap();
    }
    engine.snapshot().catalog.clone()
}

/// Source order by its definition: places by name, each place's documents
/// by source name, each document's tasks as printed.
fn source_order(cat: &Catalog) -> Vec<&Task> {
    let mut places: Vec<_> = cat.places().iter().collect();
    places.sort_by(|a, b| a.name.cmp(&b.name));
    let mut tasks = Vec::new();
    for place in places {
        let mut documents: Vec<_> = cat.documents().iter().filter(|d| d.place == place.id).collect();
        documents.sort_by(|a, b| a.source_name.cmp(&b.source_name));
        for document in documents {
            let mut own: Vec<&Task> = cat.tasks().iter().filter(|t| t.document == document.id).collect();
            own.sort_by_key(|t| t.id.seq);
            tasks.extend(own);
        }
    }
    tasks
}

#[test]
fn list_orders_follow_their_definitions() {
    let cat = catalog();
    assert!(cat.documents().len() == 9 && cat.milestones().len() > 50, "a store worth ordering");
    let expected = source_order(&cat);
    let ids = |positions: &[u32]| positions.iter().map(|&t| cat.task_at(t).id).collect::<Vec<_>>();
    assert_eq!(ids(cat.source_order()), expected.iter().map(|t| t.id).collect::<Vec<_>>());
    let rank_of = |t: &Task| expected.iter().position(|e| e.id == t.id).unwrap();
    for place in cat.places() {
        let want: Vec<_> = expected.iter().filter(|t| t.place == place.id).map(|t| t.id).collect();
        assert_eq!(ids(cat.place_source_order(place.id)), want, "{}", place.name);
    }
    for document in cat.documents() {
        let want: Vec<_> = expected.iter().filter(|t| t.document == document.id).map(|t| t.id).collect();
        assert_eq!(ids(cat.document_source_order(document.id)), want, "{}", document.source_name);
    }

    let by_date = |ms: &[u32]| ms.iter().map(|&m| cat.milestone_at(m).clone()).collect::<Vec<_>>();
    let mut all: Vec<Milestone> = cat.milestones().to_vec();
    all.sort_by_key(|m| (m.date, rank_of(cat.task(m.task).unwrap()), m.seq));
    assert_eq!(by_date(cat.milestones_by_date()), all);
    for place in cat.places() {
        let want: Vec<_> =
            all.iter().filter(|m| cat.task(m.task).unwrap().place == place.id).cloned().collect();
        assert!(!want.is_empty());
        assert_eq!(by_date(cat.place_milestones_by_date(place.id)), want, "{}", place.name);
    }

    for t in cat.tasks() {
        let keys = cat.task_keys(cat.task_position(t.id).unwrap());
        let count = |role| cat.task_assignments(t.id).filter(|a| a.role == role).count() as u16;
        assert_eq!(keys.due, cat.task_milestones(t.id).map(|m| m.date).max());
        assert_eq!((keys.leads, keys.supports), (count(Role::Lead), count(Role::Support)));
    }
}
