//! `Task`: one policy task with its units and milestones.

use std::sync::Arc;

use async_graphql::connection::{Connection, ConnectionNameType, EdgeNameType};
use async_graphql::{Object, OutputType, SimpleObject, ID};

use super::department::Department;
use super::document::Document;
use super::enums::Role;
use super::location::SourceLocation;
use super::milestone::Milestone;
use super::page::{Counted, NoEdgeFields};
use super::place::Place;
use crate::model::{self, Catalog, Pos};

/// A page of tasks.
pub type TaskConnection = Connection<usize, Task, Counted, NoEdgeFields>;

/// A page of one department's tasks; each edge says the department's part.
pub type AssignedTaskConnection =
    Connection<usize, Task, Counted, AssignmentFacts, AssignedTaskConnectionName, AssignedTaskEdgeName>;

pub struct AssignedTaskConnectionName;

impl ConnectionNameType for AssignedTaskConnectionName {
    fn type_name<T: OutputType>() -> String {
        "AssignedTaskConnection".into()
    }
}

pub struct AssignedTaskEdgeName;

impl EdgeNameType for AssignedTaskEdgeName {
    fn type_name<T: OutputType>() -> String {
        "AssignedTaskEdge".into()
    }
}

/// A department's part in the task at the end of an edge.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct AssignmentFacts {
    /// Lead or support.
    pub role: Role,
    /// 1-based position within the lead or support cell; rank 1 of the lead
    /// cell is the primary lead.
    pub rank: u16,
    /// The unit's name as the document prints it (may be an alias).
    pub printed_name: String,
}

impl AssignmentFacts {
    pub(crate) fn of(a: &model::Assignment) -> AssignmentFacts {
        AssignmentFacts { role: a.role.into(), rank: a.rank, printed_name: a.printed.to_string() }
    }
}

/// A policy task: one numbered row of a task-division table (or one
/// numbered prose item), with its responsible units and dated milestones.
pub struct Task {
    cat: Arc<Catalog>,
    task: Pos<model::Task>,
}

impl Task {
    pub(crate) fn new(cat: &Arc<Catalog>, task: &model::Task) -> Task {
        Task { cat: cat.clone(), task: cat.pos(task) }
    }

    fn record(&self) -> &model::Task {
        self.cat.at(self.task)
    }

    fn assigned(&self, role: Option<model::Role>) -> Vec<UnitAssignment> {
        self.cat
            .task_assignments(self.record().id)
            .filter(|a| role.is_none_or(|r| a.role == r))
            .map(|a| UnitAssignment { cat: self.cat.clone(), assignment: self.cat.pos(a) })
            .collect()
    }
}

/// A policy task: one numbered row of a task-division table (or one
/// numbered prose item), with its responsible units and dated milestones.
#[Object(crate = "crate::api::resolve::graphql")]
impl Task {
    /// Stable id: `T`, the document id's 16 hex digits, `-` and the task's
    /// 1-based position in the document.
    async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// 1-based position of the task in its document.
    async fn position(&self) -> u32 {
        self.record().id.seq
    }

    /// Number as printed in the 序号 column or item prefix, if any.
    async fn number(&self) -> Option<&str> {
        self.record().number.as_deref()
    }

    /// The document the task comes from.
    async fn document(&self) -> Option<Document> {
        self.cat.document(self.record().document).map(|d| Document::new(&self.cat, d))
    }

    /// The place whose document lists the task.
    async fn place(&self) -> Option<Place> {
        self.cat.place(self.record().place).map(|c| Place::new(&self.cat, c))
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<Place>> {
        self.place(ctx).await
    }

    /// Chapter heading (一、…) the task sits under.
    async fn chapter(&self) -> Option<&str> {
        self.record().chapter.as_deref()
    }

    /// Sub-heading (（一）…) the task sits under.
    async fn section(&self) -> Option<&str> {
        self.record().section.as_deref()
    }

    /// Measure (工作措施 / 项目) the task belongs to, inherited down merged cells.
    async fn measure(&self) -> Option<&str> {
        self.record().measure.as_deref()
    }

    /// The task itself (工作任务 / 重点任务).
    async fn text(&self) -> &str {
        &self.record().text
    }

    /// Requirements or specific content (工作要求 / 具体内容).
    async fn detail(&self) -> Option<&str> {
        self.record().detail.as_deref()
    }

    /// The deadline cell (完成时限 / 时间进度) exactly as printed.
    async fn deadline(&self) -> Option<&str> {
        self.record().deadline.as_deref()
    }

    /// True for 持续实施 and the like: the task has no end date.
    async fn ongoing(&self) -> bool {
        self.record().ongoing
    }

    /// 1-based line of the source text where the task starts, to check a fact
    /// against the document. For a structured file (.docx, .xlsx, .html,
    /// .pdf) the line of the text `dutygraph extract --text` prints of it;
    /// `source` says where in the file itself.
    async fn source_line(&self) -> u32 {
        self.record().source_line
    }

    /// Where the task starts in the file as published: a line of text, a
    /// spreadsheet cell, a Word or web table cell, a PDF page and line.
    async fn source(&self) -> SourceLocation {
        (&self.record().location).into()
    }

    /// Lead units (牵头单位 / 责任单位) in the order printed.
    async fn leads(&self) -> Vec<UnitAssignment> {
        self.assigned(Some(model::Role::Lead))
    }

    /// Support units (配合单位) in the order printed.
    async fn supports(&self) -> Vec<UnitAssignment> {
        self.assigned(Some(model::Role::Support))
    }

    /// All units: leads first, then supports, each in printed order.
    async fn units(&self) -> Vec<UnitAssignment> {
        self.assigned(None)
    }

    /// Number of lead units.
    async fn lead_count(&self) -> usize {
        self.cat.task_assignments(self.record().id).filter(|a| a.role == model::Role::Lead).count()
    }

    /// Number of support units.
    async fn support_count(&self) -> usize {
        self.cat.task_assignments(self.record().id).filter(|a| a.role == model::Role::Support).count()
    }

    /// Dated commitments read from the deadline cell and the task text, in
    /// document order.
    async fn milestones(&self) -> Vec<Milestone> {
        self.cat.task_milestones(self.record().id).map(|m| Milestone::new(&self.cat, m)).collect()
    }

    /// The latest milestone date: when everything the task promises is due.
    /// Null for ongoing or undated tasks.
    async fn due(&self) -> Option<chrono::NaiveDate> {
        self.cat.task_milestones(self.record().id).map(|m| m.date).max()
    }
}

/// A unit's part in one task: which department, lead or support, its rank
/// and the name as printed.
pub struct UnitAssignment {
    cat: Arc<Catalog>,
    assignment: Pos<model::Assignment>,
}

impl UnitAssignment {
    fn record(&self) -> &model::Assignment {
        self.cat.at(self.assignment)
    }
}

/// A unit's part in one task: which department, lead or support, its rank
/// and the name as printed.
#[Object(crate = "crate::api::resolve::graphql")]
impl UnitAssignment {
    /// The responsible department.
    async fn department(&self) -> Option<Department> {
        self.cat.department(self.record().department).map(|d| Department::new(&self.cat, d))
    }

    /// Lead or support.
    async fn role(&self) -> Role {
        self.record().role.into()
    }

    /// 1-based position within its cell; rank 1 of the lead cell is the
    /// primary lead.
    async fn rank(&self) -> u16 {
        self.record().rank
    }

    /// The unit's name as the document prints it (may be an alias of the
    /// department's canonical name).
    async fn printed_name(&self) -> &str {
        &self.record().printed
    }

    /// The task.
    async fn task(&self) -> Option<Task> {
        self.cat.task(self.record().task).map(|t| Task::new(&self.cat, t))
    }
}
