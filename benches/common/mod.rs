//! Corpora shared by the benches: the seeds, and generated corpora at 1×,
//! 100× and 1000× the seed corpus (5, 500 and 5000 documents), read into
//! bundles without a store so that setting up a bench costs only reading.

#![allow(dead_code)] // Each bench binary uses a different part of this module.

use std::sync::Arc;

use dutygraph::engine::BulkDocument;
use dutygraph::gen::{generate, GenConfig, GeneratedDocument};
use dutygraph::ingest::{self, Directory};
use dutygraph::model::{Catalog, DocumentBundle};

/// The generator's configuration at a scale: 1× is 5 places × 1 document,
/// n× (n > 1) is n places × 5 documents.
pub fn config(scale: usize) -> GenConfig {
    if scale == 1 {
        GenConfig { places: 5, docs_per_place: 1, seed: 1 }
    } else {
        GenConfig { places: scale, docs_per_place: 5, seed: 1 }
    }
}

pub fn corpus(scale: usize) -> Vec<GeneratedDocument> {
    generate(&config(scale))
}

pub fn bulk(docs: &[GeneratedDocument]) -> Vec<BulkDocument> {
    docs.iter().map(|d| BulkDocument { bytes: d.text.clone().into_bytes(), source: d.source() }).collect()
}

pub fn bundles(docs: &[GeneratedDocument]) -> Vec<DocumentBundle> {
    let now = chrono::Utc::now();
    docs.iter()
        .map(|d| {
            let source = d.source();
            let parsed = ingest::read(&d.text, &source, Directory::bundled());
            ingest::to_bundle(&parsed, &source, &d.text, now).expect("generated documents name their city")
        })
        .collect()
}

pub fn catalog(scale: usize) -> Arc<Catalog> {
    Arc::new(Catalog::from_bundles(1, bundles(&corpus(scale))))
}

pub fn bytes(docs: &[GeneratedDocument]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}
