//! Task filtering and sorting, shared by `Query.tasks`, `Place.tasks` and
//! `Document.tasks`.
//!
//! Selection starts from the narrowest index the filter allows (a
//! department's assignments, a document's tasks, a place's documents) and only
//! then tests the remaining conditions, each through the catalog's per-task
//! indexes.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::sync::Arc;

use async_graphql::{Enum, InputObject};
use chrono::NaiveDate;

use super::enums::{Category, Role, SortDirection};
use super::error::{ApiError, ApiResult};
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
#[derive(Clone)]
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

impl Resolved {
    /// True when the list the selection starts from already holds exactly
    /// the matching tasks: no condition is left to test per task.
    fn narrowed_by_index(&self) -> bool {
        let Resolved { place, document, department, category, role, text, from, to, ongoing, has_support } =
            self;
        !(place.is_some() && document.is_some())
            && department.is_none()
            && category.is_none()
            && role.is_none()
            && text.is_none()
            && from.is_none()
            && to.is_none()
            && ongoing.is_none()
            && has_support.is_none()
    }

    /// Task positions to test, in source order: the narrowest index the
    /// filter allows.
    fn candidates<'c>(&self, cat: &'c Catalog) -> Cow<'c, [u32]> {
        if let Some(d) = self.department {
            let mut tasks: Vec<u32> =
                cat.department_assignments(d).filter_map(|a| cat.task_position(a.task)).collect();
            tasks.sort_unstable_by_key(|&t| cat.source_rank(t));
            tasks.dedup();
            Cow::Owned(tasks)
        } else if let Some(d) = self.document {
            Cow::Borrowed(cat.document_source_order(d))
        } else if let Some(c) = self.place {
            Cow::Borrowed(cat.place_source_order(c))
        } else {
            Cow::Borrowed(cat.source_order())
        }
    }
}

/// The tasks matching `filter`, ordered by `sort`, as positions into
/// [`Catalog::tasks`]. A filter that only names a place or a document, in
/// source order, is a slice of the catalog's index: nothing is collected.
pub(crate) fn select_positions<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    filter: &TaskFilter,
    sort: TaskSort,
) -> ApiResult<Cow<'c, [u32]>> {
    let r = resolve(cat, directory, filter)?;
    let candidates = r.candidates(cat);
    let mut tasks = if r.narrowed_by_index() {
        candidates
    } else {
        Cow::Owned(candidates.iter().copied().filter(|&t| r.keeps(cat, cat.task_at(t))).collect())
    };
    if !(sort.field == TaskSortField::SourceOrder && sort.direction == SortDirection::Asc) {
        sort_positions(cat, tasks.to_mut(), sort);
    }
    Ok(tasks)
}

/// The tasks matching `filter`, ordered by `sort`.
pub(crate) fn select_tasks<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    filter: &TaskFilter,
    sort: TaskSort,
) -> ApiResult<Vec<&'c model::Task>> {
    let positions = select_positions(cat, directory, filter, sort)?;
    Ok(positions.iter().map(|&t| cat.task_at(t)).collect())
}

/// Sorts task positions that are in source order; stable sorts keep source
/// order among equal keys.
fn sort_positions(cat: &Catalog, tasks: &mut [u32], sort: TaskSort) {
    let desc = sort.direction == SortDirection::Desc;
    match sort.field {
        TaskSortField::SourceOrder if desc => tasks.reverse(),
        TaskSortField::SourceOrder => {}
        // `None` sorts last in both directions.
        TaskSortField::Deadline if desc => tasks.sort_by_key(|&t| {
            let due = cat.task_keys(t).due;
            (due.is_none(), Reverse(due))
        }),
        TaskSortField::Deadline => tasks.sort_by_key(|&t| {
            let due = cat.task_keys(t).due;
            (due.is_none(), due)
        }),
        TaskSortField::LeadCount | TaskSortField::SupportCount => {
            let count = |t: u32| {
                let keys = cat.task_keys(t);
                if sort.field == TaskSortField::LeadCount {
                    keys.leads
                } else {
                    keys.supports
                }
            };
            if desc {
                tasks.sort_by_key(|&t| Reverse(count(t)));
            } else {
                tasks.sort_by_key(|&t| count(t));
            }
        }
    }
}

/// Sorts tasks; used for every task list so ties always fall in source order.
pub(crate) fn sort_tasks<'c>(cat: &'c Catalog, tasks: &mut Vec<&'c model::Task>, sort: TaskSort) {
    let mut positions: Vec<u32> = tasks.iter().filter_map(|t| cat.task_position(t.id)).collect();
    positions.sort_unstable_by_key(|&t| cat.source_rank(t));
    sort_positions(cat, &mut positions, sort);
    tasks.clear();
    tasks.extend(positions.into_iter().map(|t| cat.task_at(t)));
}

/// Milestones dated within the filter's milestone range, of the tasks the
/// filter keeps, ordered by date, then task in source order, then position
/// in the task. A filter that names at most a place and a date range reads
/// the catalog's milestones-by-date index: two binary searches and a slice.
pub(crate) fn select_milestones<'c>(
    cat: &'c Catalog,
    directory: &Directory,
    filter: &TaskFilter,
) -> ApiResult<Vec<&'c model::Milestone>> {
    let r = resolve(cat, directory, filter)?;
    let inside = |d: NaiveDate| r.from.is_none_or(|f| d >= f) && r.to.is_none_or(|t| d <= t);
    let dates_only = Resolved { from: None, to: None, document: None, ..r.clone() };
    if r.document.is_none() && dates_only.narrowed_by_index() {
        let by_date = match r.place {
            Some(place) => cat.place_milestones_by_date(place),
            None => cat.milestones_by_date(),
        };
        let date = |m: &u32| cat.milestone_at(*m).date;
        let start = r.from.map_or(0, |f| by_date.partition_point(|m| date(m) < f));
        let end = r.to.map_or(by_date.len(), |t| by_date.partition_point(|m| date(m) <= t));
        return Ok(by_date[start..end.max(start)].iter().map(|&m| cat.milestone_at(m)).collect());
    }
    let tasks = select_positions(cat, directory, filter, TaskSort::default())?;
    let mut dated: Vec<(u32, &model::Milestone)> = tasks
        .iter()
        .flat_map(|&t| cat.task_milestones(cat.task_at(t).id).map(move |m| (t, m)))
        .filter(|(_, m)| inside(m.date))
        .collect();
    dated.sort_by_key(|(t, m)| (m.date, cat.source_rank(*t), m.seq));
    Ok(dated.into_iter().map(|(_, m)| m).collect())
}

/// One page of the tasks matching `filter`.
pub(crate) fn task_connection(
    cat: &Arc<Catalog>,
    directory: &Directory,
    filter: &TaskFilter,
    sort: Option<TaskSort>,
    page: &PageArgs,
) -> ApiResult<TaskConnection> {
    let tasks = select_positions(cat, directory, filter, sort.unwrap_or_default())?;
    connection(&tasks, page, |&t| (Task::new(cat, cat.task_at(t)), async_graphql::connection::EmptyFields))
}
