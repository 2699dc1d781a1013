//! Diffusion: the places that adopted a kind of task, in the order they did.
//!
//! # Definitions
//! - The cluster is a set of tasks chosen by the caller: a query's topic or
//!   a task with its similar tasks (J ≥ the threshold), as for a topic
//!   across places.
//! - A place adopted the cluster at the earliest date of a document of the
//!   place holding one of the cluster's tasks ([`Document::date`], a
//!   year-precision date counting as 1 January); that document's first task
//!   in the cluster (in source order) is the place's first task.
//! - Places run by adoption date, ties by place name; places whose cluster
//!   tasks are all in undated documents come last, by name, without a date.
//!   The adoption rank is a competition rank on the date (1, 2, 2, 4).
//!
//! [`Document::date`]: crate::model::Document::date

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Catalog, DocumentId, PlaceId, TaskId};

/// One place's adoption of a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Adoption {
    pub place: PlaceId,
    /// Competition rank on `date`; `None` for an undated place.
    pub rank: Option<u32>,
    /// The earliest dated document holding a cluster task, with its date;
    /// `None` when every such document is undated.
    pub first: Option<(DocumentId, NaiveDate)>,
    /// The place's first task in the cluster: of the first document when
    /// dated, else the first in source order.
    pub first_task: TaskId,
    /// The place's tasks in the cluster, in source order.
    pub tasks: Vec<TaskId>,
}

/// The places holding the `tasks`, in adoption order.
///
/// Complexity: O(t log t) over the tasks, plus the places' sort.
pub fn diffusion(catalog: &Catalog, tasks: &[TaskId]) -> Vec<Adoption> {
    let mut by_place: HashMap<PlaceId, Vec<(u32, TaskId)>> = HashMap::new();
    for &id in tasks {
        if let (Some(t), Some(at)) = (catalog.task(id), catalog.task_position(id)) {
            by_place.entry(t.place).or_default().push((catalog.source_rank(at), id));
        }
    }
    let mut places: Vec<Adoption> = by_place
        .into_iter()
        .map(|(place, mut found)| {
            found.sort_unstable();
            found.dedup();
            let tasks: Vec<TaskId> = found.into_iter().map(|(_, id)| id).collect();
            let dated = |t: &TaskId| {
                let date = catalog.document(t.document)?.date.as_ref()?.date;
                Some((date, *t))
            };
            // The earliest date; among its tasks the first in source order.
            let earliest = tasks.iter().filter_map(dated).min_by_key(|(d, _)| *d);
            let first_task = earliest.map_or(tasks[0], |(_, t)| t);
            let first = earliest.map(|(d, t)| (t.document, d));
            Adoption { place, rank: None, first, first_task, tasks }
        })
        .collect();
    let name = |p: PlaceId| catalog.place(p).map(|p| p.name.as_str()).unwrap_or_default();
    places.sort_by(|x, y| {
        let date = |a: &Adoption| a.first.map(|(_, d)| d);
        (date(x).is_none(), date(x), name(x.place)).cmp(&(date(y).is_none(), date(y), name(y.place)))
    });
    let mut previous: Option<(NaiveDate, u32)> = None;
    for (i, a) in places.iter_mut().enumerate() {
        let Some((_, date)) = a.first else { break };
        let rank = match previous {
            Some((d, r)) if d == date => r,
            _ => i as u32 + 1,
        };
        a.rank = Some(rank);
        previous = Some((date, rank));
    }
    places
}
