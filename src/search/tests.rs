//! The index against the seeds: built in steps as the engine builds it, it
//! answers as one built at once; similar tasks found through the index are
//! those a scan of every task finds.

use std::sync::Arc;

use super::*;
use crate::ingest::{self, Directory};
use crate::model::{DocumentBundle, TaskId};

fn seed_bundles() -> Vec<DocumentBundle> {
    let now = chrono::Utc::now();
    crate::seeds::bundled()
        .iter()
        .map(|seed| {
            let source = seed.source();
            let parsed = ingest::read(&seed.text, &source, Directory::bundled());
            ingest::to_bundle(&parsed, &source, &seed.text, now).expect("seeds name their place")
        })
        .collect()
}

fn ranked(index: &SearchIndex, query: &str) -> Vec<(TaskId, f64)> {
    let filter = SearchFilter::default();
    let request = SearchRequest { query, filter: &filter, offset: 0, limit: 200 };
    index.search(&request).expect("search").hits.into_iter().map(|h| (h.task, h.score)).collect()
}

#[test]
fn an_index_grown_document_by_document_answers_as_one_built_at_once() {
    let bundles = seed_bundles();
    let mut catalog = Catalog::default();
    let mut grown = SearchIndex::build(Arc::new(catalog.clone()));
    for (i, b) in bundles.iter().enumerate() {
        catalog = catalog.with_bundle(i as u64 + 1, b);
        grown = grown.next(Arc::new(catalog.clone()));
    }
    let whole = SearchIndex::build(Arc::new(catalog.clone()));
    assert_eq!(grown.len(), catalog.tasks().len());
    for query in ["医养结合", "居家养老", "养老 服务", "醫療"] {
        let hits = ranked(&whole, query);
        assert!(!hits.is_empty(), "{query}");
        assert_eq!(ranked(&grown, query), hits, "{query}");
    }
    // Removing a document removes its tasks from the hits. (Scores may move:
    // BM25 counts a deleted task's words until its segment is merged.)
    let gone = bundles[0].document.id;
    let smaller = SearchIndex::build(Arc::new(catalog.without_document(9, gone)));
    let shrunk = grown.next(Arc::new(catalog.without_document(9, gone)));
    assert_eq!(shrunk.len(), smaller.len());
    let ids = |i: &SearchIndex| {
        let mut v: Vec<TaskId> = ranked(i, "养老").into_iter().map(|(t, _)| t).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&shrunk), ids(&smaller));
    assert!(ids(&shrunk).iter().all(|t| t.document != gone));
    // The snapshot taken before the removal still answers as it did.
    assert_eq!(ranked(&grown, "医养结合"), ranked(&whole, "医养结合"));
}

#[test]
fn similar_tasks_found_through_the_index_are_those_a_full_scan_finds() {
    let catalog = Arc::new(Catalog::from_bundles(1, seed_bundles()));
    let index = SearchIndex::build(Arc::clone(&catalog));
    for (n, task) in catalog.tasks().iter().enumerate().filter(|(n, _)| n % 7 == 0) {
        let threshold = [0.2, 0.3, 0.5][n % 3];
        let mine = shingles(&task.text);
        let mut expected: Vec<(TaskId, f64)> = catalog
            .tasks()
            .iter()
            .filter(|t| t.id != task.id)
            .map(|t| (t.id, jaccard(&mine, &shingles(&t.text))))
            .filter(|&(_, s)| s >= threshold)
            .collect();
        expected.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut found: Vec<(TaskId, f64)> = index
            .similar(task.id, threshold, usize::MAX)
            .expect("similar")
            .into_iter()
            .map(|s| (s.task, s.score))
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(found, expected, "{} at {threshold}", task.id);
    }
}
