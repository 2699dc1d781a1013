//! `Department`: a responsible unit of one place.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt, ID};
use chrono::NaiveDate;

use super::analytics::{department_load, department_top_partners, CoordinationLoad, Partner};

use super::enums::{Category, Level};
use super::filter::{sort_tasks, TaskSort};
use super::page::{connection, PageArgs};
use super::place::Place;
use super::task::{AssignedTaskConnection, AssignmentFacts, Task};
use crate::model::{self, Catalog, Pos, Role, TaskId};

/// A responsible unit of one place: a bureau, a district government, a
/// collective (各成员单位) or an outside body. Aliases in one place share one
/// department; the same name in two places is two departments.
pub struct Department {
    cat: Arc<Catalog>,
    department: Pos<model::Department>,
}

impl Department {
    pub(crate) fn new(cat: &Arc<Catalog>, department: &model::Department) -> Department {
        Department { cat: cat.clone(), department: cat.pos(department) }
    }

    fn record(&self) -> &model::Department {
        self.cat.at(self.department)
    }

    fn count(&self, role: Role) -> usize {
        self.cat.department_assignments(self.record().id).filter(|a| a.role == role).count()
    }

    fn tasks_in_role(
        &self,
        role: Role,
        sort: Option<TaskSort>,
        page: PageArgs,
    ) -> async_graphql::Result<AssignedTaskConnection> {
        let assignments: Vec<&model::Assignment> =
            self.cat.department_assignments(self.record().id).filter(|a| a.role == role).collect();
        let mut tasks: Vec<&model::Task> = assignments.iter().filter_map(|a| self.cat.task(a.task)).collect();
        sort_tasks(&self.cat, &mut tasks, sort.unwrap_or_default());
        // Each (task, department) pair has exactly one assignment.
        let by_task: HashMap<TaskId, &model::Assignment> = assignments.iter().map(|a| (a.task, *a)).collect();
        connection(&tasks, &page, |t| {
            let facts = by_task.get(&t.id).map(|a| AssignmentFacts::of(a));
            let facts =
                facts.unwrap_or(AssignmentFacts { role: role.into(), rank: 0, printed_name: String::new() });
            (Task::new(&self.cat, t), facts)
        })
        .extend()
    }
}

/// A responsible unit of one place: a bureau, a district government, a
/// collective (各成员单位) or an outside body. Aliases in one place share one
/// department; the same name in two places is two departments.
#[Object(crate = "crate::api::resolve::graphql")]
impl Department {
    /// Stable id: `U` and 16 hex digits derived from place and canonical name.
    async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Canonical name relative to the place, e.g. 市民政局.
    async fn name(&self) -> &str {
        &self.record().name
    }

    /// Place name plus name, e.g. 江门市民政局: the level word both carry is
    /// written once (大竹县 + 县民政局 → 大竹县民政局). Every department argument
    /// accepts it.
    async fn full_name(&self) -> String {
        let place = self.cat.place(self.record().place).map_or("", |c| c.name.as_str());
        crate::names::full_name(place, &self.record().name)
    }

    /// The place the unit belongs to.
    async fn place(&self) -> Option<Place> {
        self.cat.place(self.record().place).map(|c| Place::new(&self.cat, c))
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Place>> {
        self.place(ctx).await
    }

    /// Functional category, comparable across places.
    async fn category(&self) -> Category {
        self.record().category.into()
    }

    /// Administrative level.
    async fn level(&self) -> Level {
        self.record().level.into()
    }

    /// Whether the name was found in the reference table; unknown units have
    /// category OTHER.
    async fn known(&self) -> bool {
        self.record().known
    }

    /// Tasks the department leads (牵头), in source order unless sorted; each
    /// edge carries the lead rank and the printed name.
    #[graphql(complexity = "crate::api::page::page_cost(first, last, child_complexity)")]
    async fn led_tasks(
        &self,
        sort: Option<TaskSort>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<AssignedTaskConnection> {
        self.tasks_in_role(Role::Lead, sort, PageArgs { first, after, last, before })
    }

    /// Tasks the department supports (配合), in source order unless sorted;
    /// each edge carries the support rank and the printed name.
    #[graphql(complexity = "crate::api::page::page_cost(first, last, child_complexity)")]
    async fn supported_tasks(
        &self,
        sort: Option<TaskSort>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<AssignedTaskConnection> {
        self.tasks_in_role(Role::Support, sort, PageArgs { first, after, last, before })
    }

    /// Number of tasks the department leads.
    async fn lead_count(&self) -> usize {
        self.count(Role::Lead)
    }

    /// Number of tasks the department leads as rank 1 (primary lead).
    async fn primary_lead_count(&self) -> usize {
        self.cat
            .department_assignments(self.record().id)
            .filter(|a| a.role == Role::Lead && a.rank == 1)
            .count()
    }

    /// Number of tasks the department supports.
    async fn support_count(&self) -> usize {
        self.count(Role::Support)
    }

    /// Number of tasks the department takes part in, in either role.
    async fn task_count(&self) -> usize {
        self.cat.department_assignments(self.record().id).count()
    }

    /// Coordination load (as `Query.coordinationLoad`): score `3 × primaryLead
    /// + 2 × (lead − primaryLead) + 1 × support + 0.5 × distinctPartners`,
    /// milestones open from `today` (default: the server's date). Null when
    /// the department takes part in no task.
    #[graphql(complexity = "super::analytics::RELATION_COST + child_complexity")]
    async fn load(
        &self,
        ctx: &Context<'_>,
        today: Option<NaiveDate>,
    ) -> async_graphql::Result<Option<CoordinationLoad>> {
        department_load(ctx, self.record().id, today).extend()
    }

    /// The departments this one shares most tasks with (as
    /// `Query.topPartners`), the first `first` (default 10, at most 200).
    #[graphql(
        complexity = "super::analytics::RELATION_COST + crate::api::page::list_cost(first, child_complexity)"
    )]
    async fn top_partners(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Partner>> {
        department_top_partners(ctx, self.record().id, first).extend()
    }
}

/// How to order a list of departments.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DepartmentOrder {
    /// By place name, then by name.
    #[default]
    Name,
    /// Most led tasks first; ties by place and name.
    LeadCount,
    /// Most supported tasks first; ties by place and name.
    SupportCount,
    /// Most tasks in either role first; ties by place and name.
    TaskCount,
}

/// Orders departments (given in catalog order) and keeps the first `first`.
pub(crate) fn order_departments<'c>(
    cat: &Catalog,
    mut departments: Vec<&'c model::Department>,
    order: DepartmentOrder,
    first: Option<i32>,
) -> super::error::ApiResult<Vec<&'c model::Department>> {
    let count = |d: &model::Department, role: Option<Role>| {
        cat.department_assignments(d.id).filter(|a| role.is_none_or(|r| a.role == r)).count()
    };
    match order {
        DepartmentOrder::Name => {}
        DepartmentOrder::LeadCount => {
            departments.sort_by_cached_key(|d| std::cmp::Reverse(count(d, Some(Role::Lead))))
        }
        DepartmentOrder::SupportCount => {
            departments.sort_by_cached_key(|d| std::cmp::Reverse(count(d, Some(Role::Support))))
        }
        DepartmentOrder::TaskCount => departments.sort_by_cached_key(|d| std::cmp::Reverse(count(d, None))),
    }
    if let Some(n) = first {
        if n < 0 {
            return Err(super::error::ApiError::bad(format!("`first: {n}` is negative: expected 0 or more")));
        }
        departments.truncate(n as usize);
    }
    Ok(departments)
}
