//! Similar tasks, aligned documents and topics across places, as GraphQL
//! objects over `search`'s answers. The definitions a researcher cites are
//! on the root fields (`similarTasks`, `alignDocuments`,
//! `topicAcrossPlaces`) and in `search::similar` and `search::topic`.

use std::sync::Arc;

use async_graphql::{Object, SimpleObject};

use super::enums::Category;
use super::error::{ApiError, ApiResult};
use super::place::Place;
use super::task::Task;
use crate::model::{Catalog, TaskId};
use crate::search;

/// `minScore` checked: above 0, at most 1; the default when not given.
pub(crate) fn min_score(given: Option<f64>) -> ApiResult<f64> {
    match given {
        None => Ok(search::DEFAULT_MIN_SCORE),
        Some(s) if s > 0.0 && s <= 1.0 => Ok(s),
        Some(s) => {
            Err(ApiError::bad(format!("`minScore: {s}` is out of range: expected above 0 and at most 1")))
        }
    }
}

/// The tasks of a cluster given by exactly one of `query` (the words of a
/// topic: the tasks on it) or `task` (the task and those similar to it at
/// `min_score`); `what` names the cluster in the error.
pub(crate) fn cluster(
    snapshot: &crate::engine::Snapshot,
    query: Option<String>,
    task: Option<async_graphql::ID>,
    min_score: Option<f64>,
    what: &str,
) -> async_graphql::Result<Vec<TaskId>> {
    use async_graphql::ErrorExtensions;
    match (query, task) {
        (Some(q), None) => snapshot.search.on_topic(&q).map_err(|e| super::search::search_error(e).extend()),
        (None, Some(t)) => {
            let id = crate::names::task(&snapshot.catalog, &t).map_err(|e| e.extend())?.id;
            let threshold = self::min_score(min_score).map_err(|e| e.extend())?;
            let similar = snapshot
                .search
                .similar(id, threshold, usize::MAX)
                .map_err(|e| super::search::search_error(e).extend())?;
            Ok(std::iter::once(id).chain(similar.into_iter().map(|s| s.task)).collect())
        }
        _ => Err(ApiError::bad(format!(
            "give exactly one of `query` and `task`: the {what}'s words, or a task"
        ))
        .extend()),
    }
}

fn task(cat: &Arc<Catalog>, id: TaskId) -> Option<Task> {
    cat.task(id).map(|t| Task::new(cat, t))
}

/// A task and how similar it is to the one asked about.
pub struct SimilarTask {
    pub(crate) cat: Arc<Catalog>,
    pub(crate) found: search::Similar,
}

/// A task and how similar it is to the one asked about.
#[Object(crate = "crate::api::resolve::graphql")]
impl SimilarTask {
    /// The similar task.
    async fn task(&self) -> Option<Task> {
        task(&self.cat, self.found.task)
    }

    /// Jaccard index of the two task texts' character-bigram sets, 0 to 1
    /// (see `similarTasks`).
    async fn score(&self) -> f64 {
        self.found.score
    }
}

/// Two tasks, one of each document, paired by `alignDocuments`.
pub struct TaskPair {
    cat: Arc<Catalog>,
    a: TaskId,
    b: TaskId,
    score: f64,
}

impl TaskPair {
    pub(crate) fn new(cat: &Arc<Catalog>, a: TaskId, b: TaskId, score: f64) -> TaskPair {
        TaskPair { cat: cat.clone(), a, b, score }
    }
}

/// Two tasks, one of each document, paired by `alignDocuments`.
#[Object(crate = "crate::api::resolve::graphql")]
impl TaskPair {
    /// The task of document `a`.
    async fn a(&self) -> Option<Task> {
        task(&self.cat, self.a)
    }

    /// The task of document `b`.
    async fn b(&self) -> Option<Task> {
        task(&self.cat, self.b)
    }

    /// Jaccard index of their character-bigram sets (see `similarTasks`).
    async fn score(&self) -> f64 {
        self.score
    }
}

/// The tasks of two documents matched one to one.
pub struct DocumentAlignment {
    cat: Arc<Catalog>,
    alignment: search::Alignment,
}

impl DocumentAlignment {
    pub(crate) fn new(cat: &Arc<Catalog>, alignment: search::Alignment) -> DocumentAlignment {
        DocumentAlignment { cat: cat.clone(), alignment }
    }
}

/// The tasks of two documents matched one to one.
#[Object(crate = "crate::api::resolve::graphql")]
impl DocumentAlignment {
    /// Matched tasks, in the order of document `a`.
    async fn pairs(&self) -> Vec<TaskPair> {
        let cat = &self.cat;
        self.alignment.pairs.iter().map(|&(a, b, score)| TaskPair { cat: cat.clone(), a, b, score }).collect()
    }

    /// Tasks of document `a` with no match in `b`, in order.
    async fn only_in_a(&self) -> Vec<Task> {
        self.alignment.only_a.iter().filter_map(|&id| task(&self.cat, id)).collect()
    }

    /// Tasks of document `b` with no match in `a`, in order.
    async fn only_in_b(&self) -> Vec<Task> {
        self.alignment.only_b.iter().filter_map(|&id| task(&self.cat, id)).collect()
    }
}

/// How many of a set of tasks a category leads.
#[derive(SimpleObject, Debug, Clone, Copy)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct CategoryCount {
    /// The functional category of the tasks' primary lead units.
    pub category: Category,
    /// Tasks whose primary lead is of this category.
    pub count: usize,
}

/// The tasks on a topic, place by place.
pub struct TopicAcrossPlaces {
    cat: Arc<Catalog>,
    topic: search::Topic,
}

impl TopicAcrossPlaces {
    pub(crate) fn new(cat: &Arc<Catalog>, topic: search::Topic) -> TopicAcrossPlaces {
        TopicAcrossPlaces { cat: cat.clone(), topic }
    }
}

/// The tasks on a topic, place by place.
#[Object(crate = "crate::api::resolve::graphql")]
impl TopicAcrossPlaces {
    /// Places with at least one task on the topic, by name.
    async fn places(&self) -> Vec<TopicPlace> {
        self.topic.places.iter().map(|p| TopicPlace { cat: self.cat.clone(), place: p.clone() }).collect()
    }

    /// Tasks on the topic in all places.
    async fn task_count(&self) -> usize {
        self.topic.places.iter().map(|p| p.tasks.len()).sum()
    }

    /// The responsibility divergence of all the tasks together, in bits
    /// (see `topicAcrossPlaces`).
    async fn divergence(&self) -> f64 {
        self.topic.divergence
    }
}

/// One place's tasks on a topic and who leads them.
pub struct TopicPlace {
    cat: Arc<Catalog>,
    place: search::TopicPlace,
}

/// One place's tasks on a topic and who leads them.
#[Object(crate = "crate::api::resolve::graphql")]
impl TopicPlace {
    /// The place.
    async fn place(&self) -> Option<Place> {
        self.cat.place(self.place.place).map(|p| Place::new(&self.cat, p))
    }

    /// Its tasks on the topic, in source order (each with its `leads`).
    async fn tasks(&self) -> Vec<Task> {
        self.place.tasks.iter().filter_map(|&id| task(&self.cat, id)).collect()
    }

    /// How many of the tasks each category leads (by primary lead), most first.
    async fn lead_categories(&self) -> Vec<CategoryCount> {
        self.place
            .lead_categories
            .iter()
            .map(|&(c, count)| CategoryCount { category: c.into(), count })
            .collect()
    }

    /// Tasks with no lead unit (left out of `leadCategories` and `divergence`).
    async fn tasks_without_lead(&self) -> usize {
        self.place.without_lead
    }

    /// Responsibility divergence: the Shannon entropy, in bits, of the lead
    /// categories of the place's tasks on the topic (see `topicAcrossPlaces`).
    async fn divergence(&self) -> f64 {
        self.place.divergence
    }
}

/// A topic of `divergentTopics`: a cluster of similar tasks across places,
/// with how differently the places lead it.
pub struct DivergentTopic {
    cat: Arc<Catalog>,
    rank: usize,
    found: search::DivergentTopic,
}

impl DivergentTopic {
    pub(crate) fn new(cat: &Arc<Catalog>, rank: usize, found: search::DivergentTopic) -> DivergentTopic {
        DivergentTopic { cat: cat.clone(), rank, found }
    }
}

/// A topic of `divergentTopics`: a cluster of similar tasks across places,
/// with how differently the places lead it.
#[Object(crate = "crate::api::resolve::graphql")]
impl DivergentTopic {
    /// Position in the ranking, from 1.
    async fn rank(&self) -> usize {
        self.rank
    }

    /// The task the topic was built around: the one similar to the most
    /// tasks (see `divergentTopics`). Every task of the topic is similar to
    /// it.
    async fn representative(&self) -> Option<Task> {
        task(&self.cat, self.found.representative)
    }

    /// The responsibility divergence of all the topic's tasks, in bits (as
    /// `topicAcrossPlaces.divergence`).
    async fn divergence(&self) -> f64 {
        self.found.topic.divergence
    }

    /// Places with a task in the topic.
    async fn place_count(&self) -> usize {
        self.found.topic.places.len()
    }

    /// Tasks in the topic, in all places.
    async fn task_count(&self) -> usize {
        self.found.task_count()
    }

    /// The topic's tasks place by place, with their lead categories and
    /// divergences, as `topicAcrossPlaces` gives them.
    async fn topic(&self) -> TopicAcrossPlaces {
        TopicAcrossPlaces::new(&self.cat, self.found.topic.clone())
    }
}
