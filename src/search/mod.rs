//! Full-text search over tasks, similar tasks and topics across places, on a
//! tantivy index kept in RAM.
//!
//! The index is derived state, like the graph views: built from the catalog,
//! swapped in with it inside the engine's `Snapshot`, never stored and never
//! the source of truth. One tantivy index and its writer live as long as the
//! engine; each snapshot holds a searcher pinned to the index as it was when
//! the snapshot was built (tantivy's segments are immutable, so a searcher
//! never sees a later write). [`SearchIndex::next`] brings the index to a
//! new catalog by adding the tasks of the documents it lacks and deleting
//! those of documents gone, then commits: one ingest costs the indexing of
//! one document, not of the corpus.
//!
//! Matching is on characters (`text.rs`): a Han run is cut into unigrams and
//! bigrams, traditional characters read as simplified. Ranking is BM25 with
//! a weight per field (`query.rs`). Similar tasks are scored by the Jaccard
//! index of character-bigram shingles, with candidates drawn from the index
//! by prefix filtering, so no task above the threshold is missed
//! (`similar.rs`). Two documents of one place are compared through their
//! alignment (`changes.rs`), a cluster of similar tasks is followed
//! through time, place by place (`diffusion.rs`), and the clusters whose
//! places give them to the most different kinds of lead are ranked
//! (`divergent.rs`, memoised per argument set in the [`SearchIndex`]).
//!
//! Only this module imports tantivy (`tests/it/tidy.rs`); it knows nothing
//! of GraphQL, and answers in catalog ids.

mod changes;
mod diffusion;
mod divergent;
mod query;
mod rank;
mod schema;
mod similar;
mod snippet;
mod text;
mod tokenizer;
mod topic;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::index::SegmentId;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher};

use crate::memo::Recent;
use crate::model::{Catalog, DocumentId};

pub use changes::{changes, Changes, DepartmentChange};
pub use diffusion::{diffusion, Adoption};
pub use divergent::{divergent_topics, DivergentTopic, Texts, TOPICS_LOWEST_SCORE, TOPICS_MIN_SCORE};
pub use query::{Hit, SearchFilter, SearchRequest, SearchResults, MAX_OFFSET};
pub use schema::TaskField;
pub use similar::{align, Alignment, Similar, DEFAULT_MIN_SCORE};
pub use snippet::Snippet;
pub use text::{jaccard, normalise, shingles};
pub use topic::{across_places, entropy, Topic, TopicPlace};

use schema::Fields;

/// Why a search could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query is the caller's fault: empty, or no word to look for.
    #[error("{0}")]
    BadQuery(String),
    /// The index failed (in RAM, so this is a fault in dutygraph).
    #[error("the search index failed: {0}")]
    Index(String),
}

impl SearchError {
    pub fn is_user_fault(&self) -> bool {
        matches!(self, SearchError::BadQuery(_))
    }
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> SearchError {
        SearchError::Index(e.to_string())
    }
}

/// Memory the writer may fill before it writes a segment, per thread.
const WRITER_MEMORY_PER_THREAD: usize = 48 * 1024 * 1024;

/// The index, its writer and the documents its last commit holds; shared by
/// every snapshot of one engine.
struct Shared {
    fields: Fields,
    writer: Mutex<Writer>,
}

struct Writer {
    writer: IndexWriter,
    reader: IndexReader,
    indexed: HashSet<DocumentId>,
}

/// The search index of one catalog version. Cheap to share; every method
/// takes `&self`.
pub struct SearchIndex {
    catalog: Arc<Catalog>,
    live: Result<Live, Arc<SearchError>>,
    /// The tasks grouped by bigram set, for `divergent_topics`; built by
    /// the first ranking asked for.
    texts: OnceLock<Arc<Texts>>,
    /// Rankings of divergent topics per argument set, most recently used
    /// last, at most [`DIVERGENT_RANKINGS`].
    topics: Recent<divergent::TopicsKey, Arc<Vec<DivergentTopic>>>,
}

/// How many rankings of divergent topics (argument sets) one index keeps:
/// a dashboard's few thresholds stay ready, and a client stepping through
/// thresholds cannot make it hold more.
pub const DIVERGENT_RANKINGS: usize = 8;

struct Live {
    shared: Arc<Shared>,
    searcher: Searcher,
    /// Source order, computed on the first search that needs it.
    order: OnceLock<Arc<SourceOrder>>,
}

/// Where tasks stand in source order (places by name, a place's documents
/// by source name, tasks as printed), for ties.
struct SourceOrder {
    /// Each document's position.
    documents: HashMap<DocumentId, u32>,
    /// Each segment's tasks' keys (document position << 32 | seq) by doc id,
    /// so ranking reads an array instead of two fast fields and a hash map
    /// for every match.
    segments: HashMap<SegmentId, Vec<u64>>,
}

impl SourceOrder {
    /// The keys of a segment's tasks, by doc id.
    fn segment(&self, id: SegmentId) -> Option<&[u64]> {
        self.segments.get(&id).map(|keys| keys.as_slice())
    }

    fn key(&self, task: crate::model::TaskId) -> u64 {
        let document = self.documents.get(&task.document).copied().unwrap_or(u32::MAX);
        (u64::from(document) << 32) | u64::from(task.seq)
    }
}

impl SearchIndex {
    /// Indexes every task of the catalog.
    ///
    /// Complexity: linear in the catalog's text (about 1 s at 1000×, see
    /// BENCHMARKS.md).
    pub fn build(catalog: Arc<Catalog>) -> SearchIndex {
        let live = Self::create().and_then(|shared| Self::update(shared, &catalog));
        Self::finish(catalog, live)
    }

    /// The index of a catalog that follows this one: the tasks of added
    /// documents indexed, those of removed documents deleted, the rest kept.
    /// Builds from scratch when this index failed.
    pub fn next(&self, catalog: Arc<Catalog>) -> SearchIndex {
        let live = match &self.live {
            Ok(live) => Self::update(Arc::clone(&live.shared), &catalog),
            Err(_) => Self::create().and_then(|shared| Self::update(shared, &catalog)),
        };
        Self::finish(catalog, live)
    }

    fn finish(catalog: Arc<Catalog>, live: Result<Live, SearchError>) -> SearchIndex {
        let live = live.map_err(|e| {
            tracing::error!(error = %e, version = catalog.version(), "the search index could not be built");
            Arc::new(e)
        });
        SearchIndex { catalog, live, texts: OnceLock::new(), topics: Recent::new(DIVERGENT_RANKINGS) }
    }

    fn create() -> Result<Arc<Shared>, SearchError> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(tokenizer::WORDS, tokenizer::Words);
        index.tokenizers().register(tokenizer::SHINGLES, tokenizer::Shingles);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 2);
        let writer = index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let writer = Mutex::new(Writer { writer, reader, indexed: HashSet::new() });
        Ok(Arc::new(Shared { fields, writer }))
    }

    /// Brings the shared index to `catalog` and pins a searcher on it.
    fn update(shared: Arc<Shared>, catalog: &Catalog) -> Result<Live, SearchError> {
        let searcher = {
            // A writer that panicked left the index as its last commit did,
            // and `indexed` as that commit's documents: safe to go on.
            let mut w = shared.writer.lock().unwrap_or_else(|e| e.into_inner());
            let wanted: HashSet<DocumentId> = catalog.documents().iter().map(|d| d.id).collect();
            let gone: Vec<DocumentId> = w.indexed.difference(&wanted).copied().collect();
            let new: Vec<DocumentId> =
                catalog.documents().iter().map(|d| d.id).filter(|id| !w.indexed.contains(id)).collect();
            if !gone.is_empty() || !new.is_empty() {
                for &id in &gone {
                    w.writer.delete_term(shared.fields.document_term(id));
                }
                for &id in &new {
                    for task in catalog.document_tasks(id) {
                        w.writer.add_document(shared.fields.entry(catalog, task))?;
                    }
                }
                if let Err(e) = w.writer.commit() {
                    // Whatever the writer buffered is dropped; the index
                    // stays at its last commit.
                    let _ = w.writer.rollback();
                    return Err(e.into());
                }
                w.indexed = wanted;
                w.reader.reload()?;
            }
            w.reader.searcher()
        };
        Ok(Live { shared, searcher, order: OnceLock::new() })
    }

    fn live(&self) -> Result<&Live, SearchError> {
        self.live.as_ref().map_err(|e| SearchError::Index(e.to_string()))
    }

    /// The catalog this index was built for.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// How many tasks the index holds (deleted ones not counted).
    pub fn len(&self) -> usize {
        self.live.as_ref().map_or(0, |l| l.searcher.num_docs() as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The topics at `min_score` spanning at least `min_places` places (of
    /// `places` only, when given), most divergent first
    /// ([`divergent_topics`]). Computed once per argument set and kept, the
    /// last [`DIVERGENT_RANKINGS`] sets at most; the tasks' grouping by text
    /// is computed once per index.
    pub fn divergent_topics(
        &self,
        min_score: f64,
        min_places: usize,
        places: Option<&[crate::model::PlaceId]>,
    ) -> Arc<Vec<DivergentTopic>> {
        let places = places.map(|p| {
            let mut p = p.to_vec();
            p.sort_unstable();
            p.dedup();
            p
        });
        let key = (min_score.to_bits(), min_places, places);
        self.topics.get_or_init(key.clone(), || {
            let texts = self.texts.get_or_init(|| Arc::new(Texts::of(&self.catalog)));
            Arc::new(divergent_topics(&self.catalog, texts, min_score, min_places, key.2.as_deref()))
        })
    }

    /// How many rankings of divergent topics the index keeps now.
    pub fn divergent_rankings_kept(&self) -> usize {
        self.topics.len()
    }
}

impl Live {
    fn order(&self, catalog: &Catalog) -> Arc<SourceOrder> {
        Arc::clone(self.order.get_or_init(|| {
            let ids = catalog.places().iter().flat_map(|p| catalog.place_documents(p.id)).map(|d| d.id);
            let mut order = SourceOrder { documents: ids.zip(0u32..).collect(), segments: HashMap::new() };
            for segment in self.searcher.segment_readers() {
                let fast = segment.fast_fields();
                let (documents, seqs) = (fast.u64(schema::DOCUMENT).ok(), fast.u64(schema::SEQ).ok());
                let keys = (0..segment.max_doc())
                    .map(|doc| {
                        let document = documents.as_ref().and_then(|c| c.first(doc));
                        let seq =
                            seqs.as_ref().and_then(|c| c.first(doc)).and_then(|s| u32::try_from(s).ok());
                        match (document, seq) {
                            (Some(d), Some(seq)) => {
                                order.key(crate::model::TaskId { document: DocumentId(d), seq })
                            }
                            _ => u64::MAX,
                        }
                    })
                    .collect();
                order.segments.insert(segment.segment_id(), keys);
            }
            Arc::new(order)
        }))
    }
}

#[cfg(test)]
mod tests;
