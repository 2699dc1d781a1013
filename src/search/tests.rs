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

/// The definition of the ranking (`query.rs`) as one tantivy query: each
/// term of each field as a phrase or at least half its words, fields
/// boosted by their weight, filters scoring nothing. Every match is scored.
fn reference(index: &SearchIndex, request: &SearchRequest<'_>) -> (usize, Vec<(TaskId, i64)>) {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption};
    use tantivy::Term;

    fn field_query(field: Field, terms: &[query::QueryTerm]) -> Box<dyn Query> {
        let word = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, w), IndexRecordOption::WithFreqs))
        };
        let per_term = terms
            .iter()
            .map(|t| -> Box<dyn Query> {
                if t.words.len() == 1 {
                    return word(&t.words[0].1);
                }
                let phrase = t.words.iter().map(|(at, w)| (*at, Term::from_field_text(field, w))).collect();
                let some = BooleanQuery::union_with_minimum_required_clauses(
                    t.words.iter().map(|(_, w)| word(w)).collect(),
                    t.words.len().div_ceil(2),
                );
                Box::new(BooleanQuery::union(vec![
                    Box::new(PhraseQuery::new_with_offset(phrase)),
                    Box::new(some),
                ]))
            })
            .collect();
        Box::new(BooleanQuery::union(per_term))
    }

    let live = index.live().expect("a live index");
    let terms = query::parse(request.query).expect("a query");
    let fields = &live.shared.fields;
    let per_field: Vec<Box<dyn Query>> = TaskField::ALL
        .iter()
        .map(|&f| Box::new(BoostQuery::new(field_query(fields.of(f), &terms), f.weight())) as _)
        .collect();
    let mut clauses = vec![(Occur::Must, Box::new(BooleanQuery::union(per_field)) as Box<dyn Query>)];
    clauses.extend(query::filter_clauses(fields, request.filter));
    let searcher = &live.searcher;
    let all = searcher.num_docs().max(1) as usize;
    let (top, total) = searcher
        .search(&BooleanQuery::new(clauses), &(TopDocs::with_limit(all).order_by_score(), Count))
        .expect("search");
    let order = live.order(&index.catalog);
    let mut scored: Vec<(i64, u64, TaskId)> = top
        .into_iter()
        .map(|(score, at)| {
            let key = order.segment(searcher.segment_reader(at.segment_ord).segment_id()).expect("keys")
                [at.doc_id as usize];
            (rank::milli(score), key, query::task_of(searcher, at).expect("a task"))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let page = scored.into_iter().skip(request.offset).take(request.limit).map(|(s, _, t)| (t, s)).collect();
    (total, page)
}

#[test]
fn ranking_by_bounds_gives_the_page_scoring_every_match_gives() {
    let catalog = Arc::new(Catalog::from_bundles(1, seed_bundles()));
    let index = SearchIndex::build(Arc::clone(&catalog));
    let place = catalog.places()[1].id;
    let filters = [
        SearchFilter::default(),
        SearchFilter { place: Some(place), ..SearchFilter::default() },
        SearchFilter { role: Some(crate::model::Role::Lead), year: Some(2020), ..SearchFilter::default() },
    ];
    for query in ["医养结合", "养老服务", "居家养老 信息平台", "养老养老", "老", "2020年 护理", "醫療 康复"]
    {
        for filter in &filters {
            for (offset, limit) in [(0, 20), (0, 1), (5, 7), (30, 40), (0, 0)] {
                let request = SearchRequest { query, filter, offset, limit };
                let found = index.search(&request).expect("search");
                let mine: Vec<(TaskId, i64)> =
                    found.hits.iter().map(|h| (h.task, (h.score * 1000.0).round() as i64)).collect();
                let (total, page) = reference(&index, &request);
                assert_eq!((found.total, &mine), (total, &page), "{query} {filter:?} {offset}+{limit}");
                for hit in &found.hits {
                    let sum: f64 = hit.fields.iter().map(|(_, p)| p).sum();
                    assert!(
                        (sum - hit.score).abs() < 0.003,
                        "{query}: parts {:?} of {}",
                        hit.fields,
                        hit.score
                    );
                }
            }
        }
    }
}

#[test]
fn divergent_topics_are_memoised_per_argument_set_and_at_most_eight_are_kept() {
    let catalog = Catalog::from_bundles(1, seed_bundles());
    let index = SearchIndex::build(Arc::new(catalog));
    let first = index.divergent_topics(0.3, 2, None);
    assert!(!first.is_empty(), "the seeds have topics in two places at J ≥ 0.3");
    assert!(Arc::ptr_eq(&first, &index.divergent_topics(0.3, 2, None)), "asked again: the same ranking");
    let places: Vec<_> = index.catalog().places().iter().map(|p| p.id).collect();
    let (a, b) = (index.divergent_topics(0.3, 2, Some(&places)), index.divergent_topics(0.3, 2, None));
    assert_eq!(*a, *b, "every place named is every place");
    for step in 0..DIVERGENT_RANKINGS {
        index.divergent_topics(0.4 + step as f64 / 100.0, 2, None);
    }
    assert_eq!(index.divergent_rankings_kept(), DIVERGENT_RANKINGS);
    assert!(!Arc::ptr_eq(&first, &index.divergent_topics(0.3, 2, None)), "the oldest was let go");
}
