//! Documents over time, as GraphQL objects: what changed between two
//! documents of one place (`documentChanges`) and the order in which places
//! adopted a kind of task (`diffusion`). The definitions a researcher cites
//! are on the root fields (`api::query::time`) and in `search::changes`,
//! `search::diffusion` and `model::in_force`.

use std::sync::Arc;

use async_graphql::Object;

use super::department::Department;
use super::document::{Document, DocumentDate};
use super::enums::Role;
use super::place::Place;
use super::similar::{DocumentAlignment, TaskPair};
use super::task::Task;
use crate::model::{self, Catalog, DocumentId, TaskId};
use crate::search;

fn task(cat: &Arc<Catalog>, id: TaskId) -> Option<Task> {
    cat.task(id).map(|t| Task::new(cat, t))
}

fn document(cat: &Arc<Catalog>, id: DocumentId) -> Option<Document> {
    cat.document(id).map(|d| Document::new(cat, d))
}

/// Two documents of one place compared: tasks kept, dropped and added, and
/// each department's lead and support work before (`a`) and after (`b`).
pub struct DocumentChanges {
    pub(crate) cat: Arc<Catalog>,
    pub(crate) a: DocumentId,
    pub(crate) b: DocumentId,
    pub(crate) changes: search::Changes,
}

/// Two documents of one place compared: tasks kept, dropped and added, and
/// each department's lead and support work before (`a`) and after (`b`).
#[Object(crate = "crate::api::resolve::graphql")]
impl DocumentChanges {
    /// The document compared from (`a`, usually the earlier).
    async fn a(&self) -> Option<Document> {
        document(&self.cat, self.a)
    }

    /// The document compared to (`b`, usually the later).
    async fn b(&self) -> Option<Document> {
        document(&self.cat, self.b)
    }

    /// Tasks of `a` with a match in `b`, in the order of `a`, with their
    /// similarity score: the pairs of `alignDocuments`.
    async fn kept(&self) -> Vec<TaskPair> {
        self.changes
            .alignment
            .pairs
            .iter()
            .map(|&(a, b, score)| TaskPair::new(&self.cat, a, b, score))
            .collect()
    }

    /// Tasks of `a` with no match in `b`, in order.
    async fn dropped(&self) -> Vec<Task> {
        self.changes.alignment.only_a.iter().filter_map(|&id| task(&self.cat, id)).collect()
    }

    /// Tasks of `b` with no match in `a`, in order.
    async fn added(&self) -> Vec<Task> {
        self.changes.alignment.only_b.iter().filter_map(|&id| task(&self.cat, id)).collect()
    }

    /// The whole alignment (pairs and both sides' unmatched tasks).
    async fn alignment(&self) -> DocumentAlignment {
        DocumentAlignment::new(&self.cat, self.changes.alignment.clone())
    }

    /// Departments taking part in either document, by name; with
    /// `changedOnly` (default false) only those whose lead count, support
    /// count or role in a kept task differs.
    async fn departments(&self, #[graphql(default)] changed_only: bool) -> Vec<DepartmentChange> {
        self.changes
            .departments
            .iter()
            .filter(|d| !changed_only || d.changed())
            .map(|d| DepartmentChange { cat: self.cat.clone(), change: d.clone() })
            .collect()
    }
}

/// One department's part in two documents of its place (matched by its
/// canonical name within the place).
pub struct DepartmentChange {
    cat: Arc<Catalog>,
    change: search::DepartmentChange,
}

/// One department's part in two documents of its place (matched by its
/// canonical name within the place).
#[Object(crate = "crate::api::resolve::graphql")]
impl DepartmentChange {
    /// The department.
    async fn department(&self) -> Option<Department> {
        self.cat.department(self.change.department).map(|d| Department::new(&self.cat, d))
    }

    /// Tasks of `a` it leads (any rank).
    async fn lead_before(&self) -> u32 {
        self.change.lead.0
    }

    /// Tasks of `b` it leads (any rank).
    async fn lead_after(&self) -> u32 {
        self.change.lead.1
    }

    /// Tasks of `a` it supports.
    async fn support_before(&self) -> u32 {
        self.change.support.0
    }

    /// Tasks of `b` it supports.
    async fn support_after(&self) -> u32 {
        self.change.support.1
    }

    /// Kept tasks in which its role differs, in the order of `a`.
    async fn role_changes(&self) -> Vec<RoleChange> {
        self.change
            .role_changes
            .iter()
            .map(|&(a, b, from, to)| RoleChange { cat: self.cat.clone(), a, b, from, to })
            .collect()
    }

    /// Whether its lead count, support count or any role differs.
    async fn changed(&self) -> bool {
        self.change.changed()
    }
}

/// A kept task in which a department's role differs.
pub struct RoleChange {
    cat: Arc<Catalog>,
    a: TaskId,
    b: TaskId,
    from: Option<model::Role>,
    to: Option<model::Role>,
}

/// A kept task in which a department's role differs.
#[Object(crate = "crate::api::resolve::graphql")]
impl RoleChange {
    /// The task in `a`.
    async fn a(&self) -> Option<Task> {
        task(&self.cat, self.a)
    }

    /// Its match in `b`.
    async fn b(&self) -> Option<Task> {
        task(&self.cat, self.b)
    }

    /// The department's role in `a`'s task; null when it took no part.
    async fn before(&self) -> Option<Role> {
        self.from.map(Into::into)
    }

    /// The department's role in `b`'s task; null when it takes no part.
    async fn after(&self) -> Option<Role> {
        self.to.map(Into::into)
    }
}

/// One place's adoption of a cluster of similar tasks.
pub struct Adoption {
    pub(crate) cat: Arc<Catalog>,
    pub(crate) adoption: search::Adoption,
}

/// One place's adoption of a cluster of similar tasks.
#[Object(crate = "crate::api::resolve::graphql")]
impl Adoption {
    /// The place.
    async fn place(&self) -> Option<Place> {
        self.cat.place(self.adoption.place).map(|p| Place::new(&self.cat, p))
    }

    /// Competition rank on the adoption date (1, 2, 2, 4); null for a place
    /// whose cluster tasks are all in undated documents.
    async fn rank(&self) -> Option<u32> {
        self.adoption.rank
    }

    /// Whether the place has a dated document holding a cluster task; undated
    /// places come last.
    async fn dated(&self) -> bool {
        self.adoption.first.is_some()
    }

    /// The adoption date: the earliest date of the place's documents holding
    /// a cluster task (1 January for a year-precision date).
    async fn date(&self) -> Option<chrono::NaiveDate> {
        self.adoption.first.map(|(_, d)| d)
    }

    /// How that date was read.
    async fn date_source(&self) -> Option<DocumentDate> {
        let (id, _) = self.adoption.first?;
        self.cat.document(id)?.date.clone().map(DocumentDate)
    }

    /// The document of the adoption date.
    async fn document(&self) -> Option<Document> {
        document(&self.cat, self.adoption.first?.0)
    }

    /// The place's first task in the cluster: the first (in source order) of
    /// the adoption document, or of the place when undated.
    async fn first_task(&self) -> Option<Task> {
        task(&self.cat, self.adoption.first_task)
    }

    /// The lead departments of the first task, in printed order.
    async fn leads(&self) -> Vec<Department> {
        self.cat
            .task_assignments(self.adoption.first_task)
            .filter(|a| a.role == model::Role::Lead)
            .filter_map(|a| self.cat.department(a.department))
            .map(|d| Department::new(&self.cat, d))
            .collect()
    }

    /// All the place's tasks in the cluster, in source order.
    async fn tasks(&self) -> Vec<Task> {
        self.adoption.tasks.iter().filter_map(|&id| task(&self.cat, id)).collect()
    }

    /// How many of the place's tasks are in the cluster.
    async fn task_count(&self) -> usize {
        self.adoption.tasks.len()
    }
}
