//! The in-memory snapshot every reader works from. `store` loads a catalog
//! when the engine opens; after each committed write the engine derives the
//! next catalog from the previous one and the written bundle. `graph` and
//! `api` only ever see an immutable `Arc<Catalog>`, so a reader never
//! observes half an ingest.

use std::collections::{HashMap, HashSet};

use super::intern::Interner;
use super::order::{ListOrder, Records, TaskKeys};
use super::{
    Assignment, Department, DepartmentId, Document, DocumentBundle, DocumentId, Milestone, Place, PlaceId,
    Task, TaskId,
};

/// All stored records plus lookup indexes. The records are read through
/// slices in a fixed order that the lookups' binary searches rely on, so
/// they are private: places by name, documents by place then source name,
/// departments by place then name, tasks by id (document, then position),
/// assignments by task, role and rank, milestones by task then position.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Catalog {
    version: u64,
    places: Vec<Place>,
    documents: Vec<Document>,
    departments: Vec<Department>,
    tasks: Vec<Task>,
    assignments: Vec<Assignment>,
    milestones: Vec<Milestone>,
    place_index: HashMap<PlaceId, usize>,
    document_index: HashMap<DocumentId, usize>,
    department_index: HashMap<DepartmentId, usize>,
    // Tasks, a task's assignments and a task's milestones are found by binary
    // search in their sorted vectors rather than through hash maps: at 1000×
    // the seeds (145k tasks) the maps cost more to rebuild on every ingest
    // than the searches cost to run.
    /// Assignment positions grouped by department position, each group in
    /// task order: department `d`'s are `by_department[starts[d]..starts[d + 1]]`.
    /// Two flat `u32` arrays rather than a map of vectors (50k vectors at 1000×).
    by_department: Vec<u32>,
    department_starts: Vec<u32>,
    /// Source order, milestones by date and the task sort keys.
    order: ListOrder,
}

impl Catalog {
    /// Increases with every committed write; caches key on it.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Places, by name.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Documents, by place then source name.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// Departments, by place then name.
    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// Tasks, by id: a document's tasks together, in source order.
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// Assignments, by task, role and rank.
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// Milestones, by task then position.
    pub fn milestones(&self) -> &[Milestone] {
        &self.milestones
    }

    /// Builds the indexes. Records may come in any order; equal repeated
    /// strings (units as printed, headings, deadlines) end up shared.
    pub fn new(
        version: u64,
        places: Vec<Place>,
        documents: Vec<Document>,
        departments: Vec<Department>,
        mut tasks: Vec<Task>,
        mut assignments: Vec<Assignment>,
        mut milestones: Vec<Milestone>,
    ) -> Catalog {
        let mut interner = Interner::default();
        interner.tasks(&mut tasks);
        interner.assignments(&mut assignments);
        interner.milestones(&mut milestones);
        Catalog::build(version, places, documents, departments, tasks, assignments, milestones)
    }

    /// [`Catalog::new`] for records whose strings are shared already.
    fn build(
        version: u64,
        mut places: Vec<Place>,
        mut documents: Vec<Document>,
        mut departments: Vec<Department>,
        mut tasks: Vec<Task>,
        mut assignments: Vec<Assignment>,
        mut milestones: Vec<Milestone>,
    ) -> Catalog {
        places.sort_by(|a, b| a.name.cmp(&b.name));
        documents.sort_by(|a, b| (a.place, &a.source_name, a.id).cmp(&(b.place, &b.source_name, b.id)));
        departments.sort_by(|a, b| (a.place, &a.name).cmp(&(b.place, &b.name)));
        tasks.sort_by_key(|t| t.id);
        assignments.sort_by_key(|a| (a.task, a.role, a.rank));
        milestones.sort_by_key(|m| (m.task, m.seq));

        let place_index = places.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let document_index = documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let department_index: HashMap<DepartmentId, usize> =
            departments.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let (by_department, department_starts) =
            group_by_department(&assignments, departments.len(), &department_index);
        let order = ListOrder::build(Records {
            places: &places,
            documents: &documents,
            tasks: &tasks,
            assignments: &assignments,
            milestones: &milestones,
        });
        Catalog {
            version,
            order,
            places,
            documents,
            departments,
            tasks,
            assignments,
            milestones,
            place_index,
            document_index,
            department_index,
            by_department,
            department_starts,
        }
    }

    /// A catalog of the given bundles, as if each had been ingested into an
    /// empty store. Departments and places shared by bundles are merged.
    pub fn from_bundles(version: u64, bundles: impl IntoIterator<Item = DocumentBundle>) -> Catalog {
        Catalog::default().with_bundles(version, bundles.into_iter().collect())
    }

    /// This catalog plus one document's records, as the store holds them
    /// after `put_document`. A document already present is left as it is.
    pub fn with_bundle(&self, version: u64, bundle: &DocumentBundle) -> Catalog {
        self.with_bundles(version, vec![bundle.clone()])
    }

    /// This catalog plus several documents' records, as the store holds them
    /// after storing the bundles in order: documents already present (or
    /// repeated in `bundles`) are skipped, and a place or department already
    /// known is replaced by the latest bundle's copy, as the store overwrites
    /// it. Sorting and indexing happen once for the whole batch, so a bulk
    /// load costs one rebuild instead of one per document.
    pub fn with_bundles(&self, version: u64, bundles: Vec<DocumentBundle>) -> Catalog {
        let mut seen: HashSet<DocumentId> = HashSet::new();
        let mut fresh: Vec<DocumentBundle> = bundles
            .into_iter()
            .filter(|b| self.document(b.document.id).is_none() && seen.insert(b.document.id))
            .collect();
        if fresh.is_empty() {
            return Catalog { version, ..self.clone() };
        }
        // The records kept share their strings already; the batch's own
        // repeats are shared here, so a snapshot after an ingest does not
        // hash the whole corpus again.
        let mut interner = Interner::default();
        for b in &mut fresh {
            interner.tasks(&mut b.tasks);
            interner.assignments(&mut b.assignments);
            interner.milestones(&mut b.milestones);
        }
        let mut places: HashMap<PlaceId, Place> = HashMap::new();
        let mut departments: HashMap<DepartmentId, Department> = HashMap::new();
        let extra = |f: fn(&DocumentBundle) -> usize| fresh.iter().map(f).sum::<usize>();
        let mut documents = Vec::with_capacity(self.documents.len() + fresh.len());
        let mut tasks = Vec::with_capacity(self.tasks.len() + extra(|b| b.tasks.len()));
        let mut assignments = Vec::with_capacity(self.assignments.len() + extra(|b| b.assignments.len()));
        let mut milestones = Vec::with_capacity(self.milestones.len() + extra(|b| b.milestones.len()));
        documents.extend_from_slice(&self.documents);
        tasks.extend_from_slice(&self.tasks);
        assignments.extend_from_slice(&self.assignments);
        milestones.extend_from_slice(&self.milestones);
        for b in fresh {
            places.insert(b.place.id, b.place);
            departments.extend(b.departments.into_iter().map(|d| (d.id, d)));
            documents.push(b.document);
            tasks.extend(b.tasks);
            assignments.extend(b.assignments);
            milestones.extend(b.milestones);
        }
        let kept_places = self.places.iter().filter(|c| !places.contains_key(&c.id)).cloned();
        let places = kept_places.collect::<Vec<_>>().into_iter().chain(places.into_values()).collect();
        let kept_departments = self.departments.iter().filter(|d| !departments.contains_key(&d.id)).cloned();
        let departments =
            kept_departments.collect::<Vec<_>>().into_iter().chain(departments.into_values()).collect();
        Catalog::build(version, places, documents, departments, tasks, assignments, milestones)
    }

    /// This catalog without one document and without the departments and
    /// places that only that document used.
    pub fn without_document(&self, version: u64, id: DocumentId) -> Catalog {
        let tasks: Vec<Task> = self.tasks.iter().filter(|t| t.document != id).cloned().collect();
        let assignments: Vec<Assignment> =
            self.assignments.iter().filter(|a| a.task.document != id).cloned().collect();
        let milestones = self.milestones.iter().filter(|m| m.task.document != id).cloned().collect();
        let documents: Vec<Document> = self.documents.iter().filter(|d| d.id != id).cloned().collect();
        let used: HashSet<DepartmentId> = assignments.iter().map(|a| a.department).collect();
        let departments = self.departments.iter().filter(|d| used.contains(&d.id)).cloned().collect();
        let places =
            self.places.iter().filter(|c| documents.iter().any(|d| d.place == c.id)).cloned().collect();
        Catalog::build(version, places, documents, departments, tasks, assignments, milestones)
    }

    /// This catalog as it would be holding only the documents `keep`
    /// (sorted ids), with the departments their tasks name; every place is
    /// kept, so a scope valid here stays valid there (a place without a
    /// kept document has no tasks). The version stays the same: the result
    /// is a view of this version, not a new one.
    ///
    /// Complexity: O(records) plus the indexes' rebuild.
    pub fn restricted_to(&self, keep: &[DocumentId]) -> Catalog {
        let kept = |d: &DocumentId| keep.binary_search(d).is_ok();
        let tasks: Vec<Task> = self.tasks.iter().filter(|t| kept(&t.document)).cloned().collect();
        let assignments: Vec<Assignment> =
            self.assignments.iter().filter(|a| kept(&a.task.document)).cloned().collect();
        let milestones = self.milestones.iter().filter(|m| kept(&m.task.document)).cloned().collect();
        let documents = self.documents.iter().filter(|d| kept(&d.id)).cloned().collect();
        let used: HashSet<DepartmentId> = assignments.iter().map(|a| a.department).collect();
        let departments = self.departments.iter().filter(|d| used.contains(&d.id)).cloned().collect();
        Catalog::new(
            self.version,
            self.places.clone(),
            documents,
            departments,
            tasks,
            assignments,
            milestones,
        )
    }

    pub fn place(&self, id: PlaceId) -> Option<&Place> {
        self.place_index.get(&id).map(|&i| &self.places[i])
    }

    /// The place stored under exactly this name. What people type (江门,
    /// 恩施州, an id, surrounding spaces) is resolved by [`crate::names`].
    pub fn place_by_name(&self, name: &str) -> Option<&Place> {
        self.places.binary_search_by(|p| p.name.as_str().cmp(name)).ok().map(|i| &self.places[i])
    }

    pub fn document(&self, id: DocumentId) -> Option<&Document> {
        self.document_index.get(&id).map(|&i| &self.documents[i])
    }

    pub fn department(&self, id: DepartmentId) -> Option<&Department> {
        self.department_index.get(&id).map(|&i| &self.departments[i])
    }

    /// Position of a department in [`Catalog::departments`].
    pub fn department_position(&self, id: DepartmentId) -> Option<usize> {
        self.department_index.get(&id).copied()
    }

    /// The documents of a place, contiguous because documents are sorted by place.
    pub fn place_documents(&self, place: PlaceId) -> &[Document] {
        let start = self.documents.partition_point(|d| d.place < place);
        let end = start + self.documents[start..].partition_point(|d| d.place == place);
        &self.documents[start..end]
    }

    /// The departments of a place, by name: contiguous because departments
    /// are sorted by place.
    pub fn place_departments(&self, place: PlaceId) -> &[Department] {
        let start = self.departments.partition_point(|d| d.place < place);
        let end = start + self.departments[start..].partition_point(|d| d.place == place);
        &self.departments[start..end]
    }

    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.binary_search_by_key(&id, |t| t.id).ok().map(|i| &self.tasks[i])
    }

    /// Assignments of a task, leads first, each role in rank order.
    pub fn task_assignments(&self, id: TaskId) -> impl Iterator<Item = &Assignment> {
        // Sorted by (task, role, rank): one task's assignments are contiguous.
        let start = self.assignments.partition_point(|a| a.task < id);
        self.assignments[start..].iter().take_while(move |a| a.task == id)
    }

    /// Assignments of a department, in task order.
    pub fn department_assignments(&self, id: DepartmentId) -> impl Iterator<Item = &Assignment> {
        let group = self.department_position(id).map_or(&[][..], |d| {
            &self.by_department[self.department_starts[d] as usize..self.department_starts[d + 1] as usize]
        });
        group.iter().map(|&i| &self.assignments[i as usize])
    }

    /// Milestones of a task in their order in the document.
    pub fn task_milestones(&self, id: TaskId) -> impl Iterator<Item = &Milestone> {
        // Sorted by (task, seq): one task's milestones are contiguous.
        let start = self.milestones.partition_point(|m| m.task < id);
        self.milestones[start..].iter().take_while(move |m| m.task == id)
    }

    pub fn document_tasks(&self, id: DocumentId) -> impl Iterator<Item = &Task> {
        // Tasks are sorted by (document, seq), so one document's tasks are contiguous.
        let start = self.tasks.partition_point(|t| t.id.document < id);
        self.tasks[start..].iter().take_while(move |t| t.id.document == id)
    }

    /// The task at a position of [`Catalog::tasks`]; positions come from
    /// the order slices below.
    pub fn task_at(&self, position: u32) -> &Task {
        &self.tasks[position as usize]
    }

    /// A task's position in [`Catalog::tasks`].
    pub fn task_position(&self, id: TaskId) -> Option<u32> {
        self.tasks.binary_search_by_key(&id, |t| t.id).ok().map(|i| i as u32)
    }

    /// Every task's position in source order: places by name, each place's
    /// documents by source name, each document's tasks as printed.
    pub fn source_order(&self) -> &[u32] {
        self.order.tasks()
    }

    /// One place's tasks in source order (a range of [`Catalog::source_order`]).
    pub fn place_source_order(&self, place: PlaceId) -> &[u32] {
        self.place_index.get(&place).map_or(&[], |&i| self.order.place_tasks(i))
    }

    /// One document's tasks in source order (a range of [`Catalog::source_order`]).
    pub fn document_source_order(&self, id: DocumentId) -> &[u32] {
        let start = self.tasks.partition_point(|t| t.id.document < id);
        let count = self.tasks[start..].partition_point(|t| t.id.document == id);
        self.order.run(start as u32, count)
    }

    /// A task position's rank in [`Catalog::source_order`].
    pub fn source_rank(&self, position: u32) -> u32 {
        self.order.rank(position)
    }

    /// What the deadline and unit-count sorts compare for a task position.
    pub fn task_keys(&self, position: u32) -> TaskKeys {
        self.order.keys(position)
    }

    /// The milestone at a position of [`Catalog::milestones`].
    pub fn milestone_at(&self, position: u32) -> &Milestone {
        &self.milestones[position as usize]
    }

    /// Milestone positions ordered by date, then task in source order, then
    /// position in the task.
    pub fn milestones_by_date(&self) -> &[u32] {
        self.order.milestones_by_date()
    }

    /// One place's milestones in the order of [`Catalog::milestones_by_date`].
    pub fn place_milestones_by_date(&self, place: PlaceId) -> &[u32] {
        self.place_index.get(&place).map_or(&[], |&i| self.order.place_milestones(i))
    }
}

/// Assignment positions grouped by their department's position (a counting
/// sort, so each group stays in assignment order, which is task order), and
/// where each group starts; an assignment of a department the catalog does
/// not hold is in no group.
fn group_by_department(
    assignments: &[Assignment],
    departments: usize,
    index: &HashMap<DepartmentId, usize>,
) -> (Vec<u32>, Vec<u32>) {
    let positions: Vec<Option<usize>> =
        assignments.iter().map(|a| index.get(&a.department).copied()).collect();
    let mut starts = vec![0u32; departments + 1];
    for d in positions.iter().flatten() {
        starts[d + 1] += 1;
    }
    for d in 0..departments {
        starts[d + 1] += starts[d];
    }
    let mut next = starts.clone();
    let mut grouped = vec![0u32; starts[departments] as usize];
    for (i, d) in positions.iter().enumerate() {
        if let Some(d) = *d {
            grouped[next[d] as usize] = i as u32;
            next[d] += 1;
        }
    }
    (grouped, starts)
}
