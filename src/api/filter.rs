//! Task filtering and sorting, shared by `Query.tasks`, `Place.tasks` and
//! `Document.tasks`.
//!
//! Selection starts from the narrowest index the filter allows (a
//! department's assignments, a document's tasks, a place's documents) and only
//! then tests the remaining conditions, each through the catalog's per-task
//! indexes.

use std::cmp::Reverse;
use std::sync::Arc;

use async_graphql::{Enum, InputObject};
use chrono::NaiveDate;

use super::enums::{Category, Role, SortDirection};
use super::error::{ApiError, ApiResult};
use super::lookup::{document_order, place_tasks};
use super::page::{connection, PageArgs};
use super::task::{Task, TaskConnection};
use crate::ingest::Directory;
use crate::model::{self, Catalog, DepartmentId, DocumentId, PlaceId};
use crate::names;

/// Which tasks to list. All given conditions must hold.
#[derive(InputObject, Debug, Default, Clone)]
pub struct TaskFilter {
    /// One place: id (`C` + 16 hex digits), full name (江门市,
    /// 恩施土家族苗族自治州), short name (江门, 恩施) or everyday name (恩施州).
    pub place: Option<String>,
    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    pub city: Option<String>,
    /// Document id (`D` + 16 hex digits).
    pub document: Option<String>,
    /// Department id (`U` + 16 hex digits), full name (江门市民政局,
    /// 恩施州文化和旅游局), or name within `place` (市民政局); aliases from the
    /// reference table too (市文旅局). Matches tasks the department takes part
    /// in (in `role`, if given).
    pub department: Option<String>,
    /// Tasks with a unit of this functional category (in `role`, if given).
    pub category: Option<Category>,
    /// Qualifies `department` and `category`; alone, keeps tasks that have at
    /// least one unit in this role.
    pub role: Option<Role>,
    /// Substring of the task text, detail or measure (ASCII letters match
    /// case-insensitively).
    pub text_contains: Option<String>,
    /// Tasks with a milestone on or after this date.
    pub milestone_from: Option<NaiveDate>,
    /// Tasks with a milestone on or before this date (with `milestoneFrom`:
    /// one milestone inside the range).
    pub milestone_to: Option<NaiveDate>,
    /// Only ongoing (持续实施) tasks, or only tasks with an end.
    pub ongoing: Option<bool>,
    /// Only tasks with at least one support unit, or only tasks without.
    pub has_support: Option<bool>,
}

/// What to order tasks by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskSortField {
    /// Places by name, each place's documents by source name, tasks as printed.
    #[default]
    SourceOrder,
    /// The task's latest milestone date; tasks without one come last in both
    /// directions.
    Deadline,
    /// Number of lead units.
    LeadCount,
    /// Number of support units.
    SupportCount,
}

/// Task order. Ties keep source order.
#[derive(InputObject, Debug, Default, Clone, Copy)]
pub struct TaskSort {
    /// The key.
    #[graphql(default)]
    pub field: TaskSortField,
    /// Ascending or descending.
    #[graphql(default)]
    pub direction: SortDirection,
}

/// The filter with names resolved to ids.
struct Resolved {
    place: Option<PlaceId>,
    document: Option<DocumentId>,
    department: Option<DepartmentId>,
    category: Option<model::Category>,
    role: Option<model::Role>,
    text: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    ongoing: Option<bool>,
    has_support: Option<bool>,
}

fn resolve(cat: &Catalog, directory: &Directory, f: &TaskFilter) -> ApiResult<Resolved> {
    if let (Some(from), Some(to)) = (f.milestone_from, f.milestone_to) {
        if from > to {
            return Err(ApiError::bad(format!(
                "milestoneFrom {from} is after milestoneTo {to}: expected from ≤ to"
            )));
        }
    }
    let place_name = f.place.as_deref().or(f.city.as_deref());
    let place = place_name.map(|c| names::place(cat, c)).transpose()?;
    Ok(Resolved {
        place: place.map(|c| c.id),
        document: f.document.as_deref().map(|d| names::document(cat, d).map(|d| d.id)).transpose()?,
        department: f
            .department
            .as_deref()
            .map(|d| names::department(cat, directory, place_name, d).map(|d| d.id))
            .transpose()?,
        category: f.category.map(Into::into),
        role: f.role.map(Into::into),
        text: f.text_contains.as_ref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()),
        from: f.milestone_from,
        to: f.milestone_to,
        ongoing: f.ongoing,
        has_support: f.has_support,
    })
}

impl Resolved {
    fn keeps(&self, cat: &Catalog, t: &model::Task) -> bool {
        if self.place.is_some_and(|c| t.place != c) || self.document.is_some_and(|d| t.document != d) {
            return false;
        }
        if self.ongoing.is_some_and(|o| t.ongoing != o) {
            return false;
        }
        let role_ok = |a: &model::Assignment| self.role.is_none_or(|r| a.role == r);
        if let Some(d) = self.department {
            if !cat.task_assignments(t.id).any(|a| a.department == d && role_ok(a)) {
                return false;
            }
        }
        if let Some(c) = self.category {
            let in_category =
                |a: &model::Assignment| cat.department(a.department).is_some_and(|d| d.category == c);
            if !cat.task_assignments(t.id).any(|a| in_category(a) && role_ok(a)) {
                return false;
            }
        }
        let role_alone = self.role.is_some() && self.department.is_none() && self.category.is_none();
        if role_alone && !cat.task_assignments(t.id).any(role_ok) {
            return false;
        }
        if let Some(want) = self.has_support {
            if cat.task_assignments(t.id).any(|a| a.role == model::Role::Support) != want {
                return false;
            }
        }
        if let Some(text) = &self.text {
            let hit = |s: Option<&str>| s.is_some_and(|s| s.to_lowercase().contains(text.as_str()));
            if !(hit(Some(&t.text)) || hit(t.detail.as_deref()) || hit(t.measure.as_deref())) {
                return false;
            }
        }
        if self.from.is_some() || self.to.is_some() {
            let inside = |d: NaiveDate| self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|to| d <= to);
            if !cat.task_milestones(t.id).any(|m| inside(m.date)) {
                return false;
            }
        }
        true
    }
}

/// The tasks matching `filter`, ordered by `sort`.
pub(crate) fn select_tasks<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    filter: &TaskFilter,
    sort: TaskSort,
) -> ApiResult<Vec<&'c model::Task>> {
    let r = resolve(cat, directory, filter)?;
    let candidates: Box<dyn Iterator<Item = &model::Task>> = if let Some(d) = r.department {
        Box::new(cat.department_assignments(d).filter_map(|a| cat.task(a.task)))
    } else if let Some(d) = r.document {
        Box::new(cat.document_tasks(d))
    } else if let Some(c) = r.place {
        Box::new(place_tasks(cat, c))
    } else {
        Box::new(cat.tasks().iter())
    };
    let mut tasks: Vec<&model::Task> = candidates.filter(|t| r.keeps(cat, t)).collect();
    sort_tasks(cat, &mut tasks, sort);
    Ok(tasks)
}

/// Sorts tasks; used for every task list so ties always fall in source order.
pub(crate) fn sort_tasks(cat: &Catalog, tasks: &mut [&model::Task], sort: TaskSort) {
    let order = document_order(cat);
    let source = |t: &model::Task| (order.get(&t.document).copied().unwrap_or(usize::MAX), t.id.seq);
    tasks.sort_by_cached_key(|t| source(t));
    let count = |t: &model::Task, role| cat.task_assignments(t.id).filter(|a| a.role == role).count();
    let desc = sort.direction == SortDirection::Desc;
    match sort.field {
        TaskSortField::SourceOrder if desc => tasks.reverse(),
        TaskSortField::SourceOrder => {}
        TaskSortField::Deadline => {
            let due = |t: &model::Task| cat.task_milestones(t.id).map(|m| m.date).max();
            // Stable sorts keep source order among equal keys; `None` sorts last.
            if desc {
                tasks.sort_by_cached_key(|t| (due(t).is_none(), Reverse(due(t))));
            } else {
                tasks.sort_by_cached_key(|t| (due(t).is_none(), due(t)));
            }
        }
        TaskSortField::LeadCount | TaskSortField::SupportCount => {
            let role =
                if sort.field == TaskSortField::LeadCount { model::Role::Lead } else { model::Role::Support };
            if desc {
                tasks.sort_by_cached_key(|t| Reverse(count(t, role)));
            } else {
                tasks.sort_by_cached_key(|t| count(t, role));
            }
        }
    }
}

/// One page of the tasks matching `filter`.
pub(crate) fn task_connection(
    cat: &Arc<Catalog>,
    directory: &Directory,
    filter: &TaskFilter,
    sort: Option<TaskSort>,
    page: &PageArgs,
) -> ApiResult<TaskConnection> {
    let tasks = select_tasks(cat, directory, filter, sort.unwrap_or_default())?;
    connection(&tasks, page, |t| (Task::new(cat, t), async_graphql::connection::EmptyFields))
}
