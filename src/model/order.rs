//! The orders list queries read instead of sorting: tasks in source order
//! with each place's and document's tasks as one range of it, milestones by
//! date (all of them, and per place), and the per-task keys the other task
//! sorts use.
//!
//! Built once per catalog, with the catalog's other indexes. Positions are
//! `u32` indexes into the catalog's sorted record vectors: at 1000× the
//! seeds (145k tasks) the whole index is a few MiB, and a list query pages a
//! slice of it instead of collecting and sorting every task per request.

use std::ops::Range;

use chrono::NaiveDate;

use super::{Assignment, Document, Milestone, Place, Role, Task};

/// Source order: places by name, each place's documents by source name,
/// each document's tasks as printed.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct ListOrder {
    /// Task positions in source order.
    tasks: Vec<u32>,
    /// For every task position, its place in `tasks`.
    rank: Vec<u32>,
    /// For every place position, its tasks' range in `tasks`.
    place_tasks: Vec<Range<u32>>,
    /// Milestone positions ordered by (date, task rank, seq).
    milestones_by_date: Vec<u32>,
    /// Milestone positions ordered by (place position, date, task rank, seq).
    milestones_by_place: Vec<u32>,
    /// For every place position, its range in `milestones_by_place`.
    place_milestones: Vec<Range<u32>>,
    /// For every task position: its latest milestone date, lead and support counts.
    keys: Vec<TaskKeys>,
}

/// What the deadline and unit-count sorts compare, per task.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct TaskKeys {
    pub due: Option<NaiveDate>,
    pub leads: u16,
    pub supports: u16,
}

/// The catalog's sorted records an order is built from.
pub(super) struct Records<'a> {
    pub places: &'a [Place],
    pub documents: &'a [Document],
    pub tasks: &'a [Task],
    pub assignments: &'a [Assignment],
    pub milestones: &'a [Milestone],
}

fn pos(i: usize) -> u32 {
    u32::try_from(i).expect("a catalog holds fewer than 2^32 records")
}

impl ListOrder {
    pub(super) fn build(r: Records<'_>) -> ListOrder {
        let mut tasks = Vec::with_capacity(r.tasks.len());
        let mut place_tasks = Vec::with_capacity(r.places.len());
        // Documents are sorted by (place, source name) and tasks by (document,
        // seq), so each place's documents and each document's tasks are
        // contiguous: source order is a walk over ranges.
        for place in r.places {
            let start = pos(tasks.len());
            let first = r.documents.partition_point(|d| d.place < place.id);
            for document in r.documents[first..].iter().take_while(|d| d.place == place.id) {
                let from = r.tasks.partition_point(|t| t.id.document < document.id);
                let count = r.tasks[from..].iter().take_while(|t| t.id.document == document.id).count();
                tasks.extend((from..from + count).map(pos));
            }
            place_tasks.push(start..pos(tasks.len()));
        }
        let mut rank = vec![0; r.tasks.len()];
        for (i, &t) in tasks.iter().enumerate() {
            rank[t as usize] = pos(i);
        }
        let keys = task_keys(&r);
        let (milestones_by_date, milestones_by_place, place_milestones) =
            milestone_orders(&r, &rank, &place_tasks);
        ListOrder {
            tasks,
            rank,
            place_tasks,
            milestones_by_date,
            milestones_by_place,
            place_milestones,
            keys,
        }
    }

    /// Task positions in source order.
    pub(super) fn tasks(&self) -> &[u32] {
        &self.tasks
    }

    /// A task position's rank in source order.
    pub(super) fn rank(&self, task: u32) -> u32 {
        self.rank[task as usize]
    }

    pub(super) fn place_tasks(&self, place: usize) -> &[u32] {
        let r = &self.place_tasks[place];
        &self.tasks[r.start as usize..r.end as usize]
    }

    /// Tasks `first..first + count` (positions, a document's tasks) in source
    /// order, which is the same slice of `tasks` shifted to their rank.
    pub(super) fn run(&self, first: u32, count: usize) -> &[u32] {
        if count == 0 {
            return &[];
        }
        let start = self.rank(first) as usize;
        &self.tasks[start..start + count]
    }

    pub(super) fn milestones_by_date(&self) -> &[u32] {
        &self.milestones_by_date
    }

    pub(super) fn place_milestones(&self, place: usize) -> &[u32] {
        let r = &self.place_milestones[place];
        &self.milestones_by_place[r.start as usize..r.end as usize]
    }

    pub(super) fn keys(&self, task: u32) -> TaskKeys {
        self.keys[task as usize]
    }
}

/// Per-task sort keys in one merge walk: tasks, assignments and milestones
/// are all sorted by task id.
fn task_keys(r: &Records<'_>) -> Vec<TaskKeys> {
    let mut keys = vec![TaskKeys::default(); r.tasks.len()];
    let (mut a, mut m) = (0, 0);
    for (t, key) in r.tasks.iter().zip(&mut keys) {
        while a < r.assignments.len() && r.assignments[a].task < t.id {
            a += 1;
        }
        while a < r.assignments.len() && r.assignments[a].task == t.id {
            match r.assignments[a].role {
                Role::Lead => key.leads = key.leads.saturating_add(1),
                Role::Support => key.supports = key.supports.saturating_add(1),
            }
            a += 1;
        }
        while m < r.milestones.len() && r.milestones[m].task < t.id {
            m += 1;
        }
        while m < r.milestones.len() && r.milestones[m].task == t.id {
            key.due = key.due.max(Some(r.milestones[m].date));
            m += 1;
        }
    }
    keys
}

type MilestoneOrders = (Vec<u32>, Vec<u32>, Vec<Range<u32>>);

fn milestone_orders(r: &Records<'_>, rank: &[u32], place_tasks: &[Range<u32>]) -> MilestoneOrders {
    // Each milestone's task rank and place position, found by walking the
    // two sorted vectors once. Place ranges are contiguous in rank, so a
    // milestone's place is the range its task's rank falls in. A milestone
    // whose task is missing is in no order: the lists read tasks through it.
    let mut placed = Vec::with_capacity(r.milestones.len());
    let mut t = 0;
    for (i, m) in r.milestones.iter().enumerate() {
        while t < r.tasks.len() && r.tasks[t].id < m.task {
            t += 1;
        }
        if t < r.tasks.len() && r.tasks[t].id == m.task {
            let rank = rank[t];
            let place = place_tasks.partition_point(|range| range.end <= rank);
            placed.push((m.date, rank, m.seq, pos(place), pos(i)));
        }
    }
    placed.sort_unstable();
    let by_date = placed.iter().map(|p| p.4).collect();
    // Stable: within a place the milestones stay in date order.
    placed.sort_by_key(|p| p.3);
    let by_place = placed.iter().map(|p| p.4).collect();
    let mut ranges = Vec::with_capacity(place_tasks.len());
    let mut start = 0;
    for place in 0..place_tasks.len() {
        let len = placed[start..].iter().take_while(|p| p.3 as usize == place).count();
        ranges.push(pos(start)..pos(start + len));
        start += len;
    }
    (by_date, by_place, ranges)
}
