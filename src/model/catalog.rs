//! The in-memory snapshot every reader works from. `store` loads a catalog
//! when the engine opens; after each committed write the engine derives the
//! next catalog from the previous one and the written bundle. `graph` and
//! `api` only ever see an immutable `Arc<Catalog>`, so a reader never
//! observes half an ingest.

use std::collections::HashMap;

use super::{
    Assignment, City, CityId, Department, DepartmentId, Document, DocumentBundle, DocumentId, Milestone,
    Task, TaskId,
};

/// All stored records plus lookup indexes. Vectors are sorted by id (tasks by
/// document then position, milestones by task then position) so iteration
/// order is deterministic.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Catalog {
    /// Increases with every committed write; caches key on it.
    pub version: u64,
    pub cities: Vec<City>,
    pub documents: Vec<Document>,
    pub departments: Vec<Department>,
    pub tasks: Vec<Task>,
    pub assignments: Vec<Assignment>,
    pub milestones: Vec<Milestone>,
    city_index: HashMap<CityId, usize>,
    document_index: HashMap<DocumentId, usize>,
    department_index: HashMap<DepartmentId, usize>,
    task_index: HashMap<TaskId, usize>,
    /// Assignment positions per task, in role then rank order.
    assignments_by_task: HashMap<TaskId, Vec<usize>>,
    /// Assignment positions per department, in task order.
    assignments_by_department: HashMap<DepartmentId, Vec<usize>>,
    milestones_by_task: HashMap<TaskId, Vec<usize>>,
}

impl Catalog {
    /// Builds the indexes. Records may come in any order.
    pub fn new(
        version: u64,
        mut cities: Vec<City>,
        mut documents: Vec<Document>,
        mut departments: Vec<Department>,
        mut tasks: Vec<Task>,
        mut assignments: Vec<Assignment>,
        mut milestones: Vec<Milestone>,
    ) -> Catalog {
        cities.sort_by(|a, b| a.name.cmp(&b.name));
        documents.sort_by(|a, b| (a.city, &a.source_name, a.id).cmp(&(b.city, &b.source_name, b.id)));
        departments.sort_by(|a, b| (a.city, &a.name).cmp(&(b.city, &b.name)));
        tasks.sort_by_key(|t| t.id);
        assignments.sort_by_key(|a| (a.task, a.role, a.rank));
        milestones.sort_by_key(|m| (m.task, m.seq));

        let city_index = cities.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let document_index = documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let department_index = departments.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let task_index = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let mut assignments_by_task: HashMap<TaskId, Vec<usize>> = HashMap::new();
        let mut assignments_by_department: HashMap<DepartmentId, Vec<usize>> = HashMap::new();
        for (i, a) in assignments.iter().enumerate() {
            assignments_by_task.entry(a.task).or_default().push(i);
            assignments_by_department.entry(a.department).or_default().push(i);
        }
        let mut milestones_by_task: HashMap<TaskId, Vec<usize>> = HashMap::new();
        for (i, m) in milestones.iter().enumerate() {
            milestones_by_task.entry(m.task).or_default().push(i);
        }
        Catalog {
            version,
            cities,
            documents,
            departments,
            tasks,
            assignments,
            milestones,
            city_index,
            document_index,
            department_index,
            task_index,
            assignments_by_task,
            assignments_by_department,
            milestones_by_task,
        }
    }

    /// A catalog of the given bundles, as if each had been ingested into an
    /// empty store. Departments and cities shared by bundles are merged.
    pub fn from_bundles(version: u64, bundles: impl IntoIterator<Item = DocumentBundle>) -> Catalog {
        let mut cities = HashMap::new();
        let mut departments = HashMap::new();
        let (mut documents, mut tasks, mut assignments, mut milestones) = (vec![], vec![], vec![], vec![]);
        for b in bundles {
            cities.insert(b.city.id, b.city);
            for d in b.departments {
                departments.insert(d.id, d);
            }
            documents.push(b.document);
            tasks.extend(b.tasks);
            assignments.extend(b.assignments);
            milestones.extend(b.milestones);
        }
        Catalog::new(
            version,
            cities.into_values().collect(),
            documents,
            departments.into_values().collect(),
            tasks,
            assignments,
            milestones,
        )
    }

    /// This catalog plus one document's records, as the store holds them
    /// after `put_document`. A document already present is left as it is.
    pub fn with_bundle(&self, version: u64, bundle: &DocumentBundle) -> Catalog {
        if self.document(bundle.document.id).is_some() {
            return Catalog { version, ..self.clone() };
        }
        let mut cities = self.cities.clone();
        if self.city(bundle.city.id).is_none() {
            cities.push(bundle.city.clone());
        }
        let mut departments = self.departments.clone();
        departments.extend(bundle.departments.iter().filter(|d| self.department(d.id).is_none()).cloned());
        let mut documents = self.documents.clone();
        documents.push(bundle.document.clone());
        let mut tasks = self.tasks.clone();
        tasks.extend(bundle.tasks.iter().cloned());
        let mut assignments = self.assignments.clone();
        assignments.extend(bundle.assignments.iter().cloned());
        let mut milestones = self.milestones.clone();
        milestones.extend(bundle.milestones.iter().cloned());
        Catalog::new(version, cities, documents, departments, tasks, assignments, milestones)
    }

    /// This catalog without one document and without the departments and
    /// cities that only that document used.
    pub fn without_document(&self, version: u64, id: DocumentId) -> Catalog {
        let tasks: Vec<Task> = self.tasks.iter().filter(|t| t.document != id).cloned().collect();
        let assignments: Vec<Assignment> =
            self.assignments.iter().filter(|a| a.task.document != id).cloned().collect();
        let milestones = self.milestones.iter().filter(|m| m.task.document != id).cloned().collect();
        let documents: Vec<Document> = self.documents.iter().filter(|d| d.id != id).cloned().collect();
        let used: std::collections::HashSet<DepartmentId> =
            assignments.iter().map(|a| a.department).collect();
        let departments = self.departments.iter().filter(|d| used.contains(&d.id)).cloned().collect();
        let cities =
            self.cities.iter().filter(|c| documents.iter().any(|d| d.city == c.id)).cloned().collect();
        Catalog::new(version, cities, documents, departments, tasks, assignments, milestones)
    }

    pub fn city(&self, id: CityId) -> Option<&City> {
        self.city_index.get(&id).map(|&i| &self.cities[i])
    }

    pub fn city_by_name(&self, name: &str) -> Option<&City> {
        self.cities.iter().find(|c| c.name == name || c.name.trim_end_matches('市') == name)
    }

    pub fn document(&self, id: DocumentId) -> Option<&Document> {
        self.document_index.get(&id).map(|&i| &self.documents[i])
    }

    pub fn department(&self, id: DepartmentId) -> Option<&Department> {
        self.department_index.get(&id).map(|&i| &self.departments[i])
    }

    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.task_index.get(&id).map(|&i| &self.tasks[i])
    }

    /// Assignments of a task, leads first, each role in rank order.
    pub fn task_assignments(&self, id: TaskId) -> impl Iterator<Item = &Assignment> {
        self.assignments_by_task.get(&id).into_iter().flatten().map(|&i| &self.assignments[i])
    }

    /// Assignments of a department, in task order.
    pub fn department_assignments(&self, id: DepartmentId) -> impl Iterator<Item = &Assignment> {
        self.assignments_by_department.get(&id).into_iter().flatten().map(|&i| &self.assignments[i])
    }

    /// Milestones of a task in their order in the document.
    pub fn task_milestones(&self, id: TaskId) -> impl Iterator<Item = &Milestone> {
        self.milestones_by_task.get(&id).into_iter().flatten().map(|&i| &self.milestones[i])
    }

    pub fn document_tasks(&self, id: DocumentId) -> impl Iterator<Item = &Task> {
        // Tasks are sorted by (document, seq), so one document's tasks are contiguous.
        let start = self.tasks.partition_point(|t| t.id.document < id);
        self.tasks[start..].iter().take_while(move |t| t.id.document == id)
    }
}
