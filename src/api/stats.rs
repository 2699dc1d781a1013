//! Aggregations a dashboard needs without pulling every row: counts by place,
//! category and role, and milestone histograms.
//!
//! Each aggregation is one pass over the catalog's vectors (linear in the
//! number of assignments or milestones); nothing is cached because a
//! snapshot is immutable and small next to the cost of a round trip.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use async_graphql::{Enum, Object, SimpleObject};
use chrono::{Datelike, NaiveDate};

use super::enums::{Category, Role};
use super::error::{ApiError, ApiResult};
use super::lookup::place_tasks;
use super::place::Place;
use crate::model::{self, Catalog, DepartmentId, PlaceId};

/// Counts for one functional category.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct CategorySummary {
    /// The category.
    pub category: Category,
    /// Its reference-table code, e.g. `civil_affairs`.
    pub code: String,
    /// A short English label, e.g. `civil affairs`.
    pub label: String,
    /// The Chinese label, e.g. `民政`, `卫生健康`.
    pub label_zh: String,
    /// Departments of this category.
    pub department_count: usize,
    /// Lead assignments (task × unit) held by departments of this category.
    pub lead_count: usize,
    /// Support assignments held by departments of this category.
    pub support_count: usize,
    /// Lead plus support assignments.
    pub total_count: usize,
    /// Distinct tasks with at least one unit of this category.
    pub task_count: usize,
}

/// Counts per category, in the model's category order; empty categories only
/// when `include_empty`.
pub(crate) fn category_summaries(
    cat: &Catalog,
    place: Option<PlaceId>,
    include_empty: bool,
) -> Vec<CategorySummary> {
    let mut rows: BTreeMap<model::Category, (usize, usize, usize, HashSet<model::TaskId>)> = BTreeMap::new();
    for d in cat.departments().iter().filter(|d| place.is_none_or(|c| d.place == c)) {
        let row = rows.entry(d.category).or_default();
        row.0 += 1;
        for a in cat.department_assignments(d.id) {
            match a.role {
                model::Role::Lead => row.1 += 1,
                model::Role::Support => row.2 += 1,
            }
            row.3.insert(a.task);
        }
    }
    model::Category::ALL
        .iter()
        .filter_map(|c| {
            let (departments, lead, support, tasks) = rows.remove(c).unwrap_or_default();
            (include_empty || departments > 0).then(|| CategorySummary {
                category: (*c).into(),
                code: c.code().to_string(),
                label: c.label().to_string(),
                label_zh: c.label_zh().to_string(),
                department_count: departments,
                lead_count: lead,
                support_count: support,
                total_count: lead + support,
                task_count: tasks.len(),
            })
        })
        .collect()
}

/// Counts for one place.
pub struct PlaceCounts {
    cat: Arc<Catalog>,
    place: model::Place,
}

/// Counts for one place.
#[Object(crate = "crate::api::resolve::graphql")]
impl PlaceCounts {
    /// The place.
    async fn place(&self) -> Place {
        Place::new(&self.cat, &self.place)
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Place> {
        self.place(ctx).await
    }

    /// Documents of the place.
    async fn documents(&self) -> usize {
        self.cat.place_documents(self.place.id).len()
    }

    /// Departments of the place.
    async fn departments(&self) -> usize {
        self.cat.place_departments(self.place.id).len()
    }

    /// Tasks over the place's documents.
    async fn tasks(&self) -> usize {
        place_tasks(&self.cat, self.place.id).count()
    }

    /// Ongoing (持续实施) tasks.
    async fn ongoing_tasks(&self) -> usize {
        place_tasks(&self.cat, self.place.id).filter(|t| t.ongoing).count()
    }

    /// Lead assignments (task × unit).
    async fn lead_assignments(&self) -> usize {
        self.role_count(model::Role::Lead)
    }

    /// Support assignments (task × unit).
    async fn support_assignments(&self) -> usize {
        self.role_count(model::Role::Support)
    }

    /// Milestones over the place's tasks.
    async fn milestones(&self) -> usize {
        place_tasks(&self.cat, self.place.id).map(|t| self.cat.task_milestones(t.id).count()).sum()
    }
}

impl PlaceCounts {
    fn role_count(&self, role: model::Role) -> usize {
        place_tasks(&self.cat, self.place.id)
            .map(|t| self.cat.task_assignments(t.id).filter(|a| a.role == role).count())
            .sum()
    }
}

/// Counts for one role.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct RoleCounts {
    /// Lead or support.
    pub role: Role,
    /// Assignments (task × unit) in this role.
    pub assignments: usize,
    /// Distinct tasks with at least one unit in this role.
    pub tasks: usize,
    /// Distinct departments holding this role at least once.
    pub departments: usize,
}

/// Dashboard totals over the whole catalog or one place.
pub struct Stats {
    pub(crate) cat: Arc<Catalog>,
    pub(crate) place: Option<PlaceId>,
}

/// Dashboard totals over the whole catalog or one place.
#[Object(crate = "crate::api::resolve::graphql")]
impl Stats {
    /// Totals per place, places by name.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn counts_by_place(&self) -> Vec<PlaceCounts> {
        self.cat
            .places()
            .iter()
            .filter(|c| self.place.is_none_or(|id| c.id == id))
            .map(|c| PlaceCounts { cat: self.cat.clone(), place: c.clone() })
            .collect()
    }

    /// Deprecated spelling of `countsByPlace`.
    #[graphql(deprecation = "use `countsByPlace`: cities are one kind of place")]
    async fn counts_by_city(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Vec<PlaceCounts>> {
        self.counts_by_place(ctx).await
    }

    /// Assignments per functional category (lead, support, total), categories
    /// with no department left out.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn counts_by_category(&self) -> Vec<CategorySummary> {
        category_summaries(&self.cat, self.place, false)
    }

    /// Assignments, tasks and departments per role.
    async fn counts_by_role(&self) -> Vec<RoleCounts> {
        [model::Role::Lead, model::Role::Support]
            .into_iter()
            .map(|role| {
                let mut tasks = HashSet::new();
                let mut departments: HashSet<DepartmentId> = HashSet::new();
                let mut assignments = 0;
                for a in self.cat.assignments().iter().filter(|a| a.role == role) {
                    if self.place.is_some_and(|c| a.department_place(&self.cat) != Some(c)) {
                        continue;
                    }
                    assignments += 1;
                    tasks.insert(a.task);
                    departments.insert(a.department);
                }
                RoleCounts {
                    role: role.into(),
                    assignments,
                    tasks: tasks.len(),
                    departments: departments.len(),
                }
            })
            .collect()
    }
}

trait AssignmentPlace {
    fn department_place(&self, cat: &Catalog) -> Option<PlaceId>;
}

impl AssignmentPlace for model::Assignment {
    fn department_place(&self, cat: &Catalog) -> Option<PlaceId> {
        cat.department(self.department).map(|d| d.place)
    }
}

/// Width of a histogram bucket.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// Calendar months (2020-12).
    Month,
    /// Calendar quarters (2020-Q4).
    Quarter,
    /// Calendar years (2020).
    Year,
}

/// Milestones falling in one period.
#[derive(SimpleObject, Debug, PartialEq)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct HistogramBucket {
    /// The period: `2020`, `2020-Q4` or `2020-12`.
    pub period: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// Milestones dated in the period.
    pub milestones: usize,
    /// Distinct tasks with a milestone in the period.
    pub tasks: usize,
}

/// Most buckets one histogram may have (a century of months).
const MAX_BUCKETS: usize = 1200;

/// Index of the period a date falls in: months since year 0, and so on.
fn period_of(date: NaiveDate, g: Granularity) -> i64 {
    let (y, m) = (date.year() as i64, date.month0() as i64);
    match g {
        Granularity::Month => y * 12 + m,
        Granularity::Quarter => y * 4 + m / 3,
        Granularity::Year => y,
    }
}

fn bucket_bounds(p: i64, g: Granularity) -> (String, NaiveDate, NaiveDate) {
    let months = match g {
        Granularity::Month => 1,
        Granularity::Quarter => 3,
        Granularity::Year => 12,
    };
    let first_month = match g {
        Granularity::Month => p,
        Granularity::Quarter => p * 3,
        Granularity::Year => p * 12,
    };
    let (y, m0) = (first_month.div_euclid(12) as i32, first_month.rem_euclid(12) as u32);
    let start = NaiveDate::from_ymd_opt(y, m0 + 1, 1).unwrap_or_default();
    let next = start.checked_add_months(chrono::Months::new(months)).unwrap_or(start);
    let end = next.pred_opt().unwrap_or(start);
    let label = match g {
        Granularity::Month => format!("{y}-{:02}", m0 + 1),
        Granularity::Quarter => format!("{y}-Q{}", m0 / 3 + 1),
        Granularity::Year => format!("{y}"),
    };
    (label, start, end)
}

/// Milestones per period between the first and last dated milestone that
/// pass the filters, empty periods in between included so charts keep a
/// regular axis.
pub(crate) fn histogram(milestones: &[&model::Milestone], g: Granularity) -> ApiResult<Vec<HistogramBucket>> {
    let mut counts: BTreeMap<i64, (usize, HashSet<model::TaskId>)> = BTreeMap::new();
    for m in milestones {
        let entry = counts.entry(period_of(m.date, g)).or_default();
        entry.0 += 1;
        entry.1.insert(m.task);
    }
    let (Some(&lo), Some(&hi)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Ok(Vec::new());
    };
    if (hi - lo) as usize >= MAX_BUCKETS {
        return Err(ApiError::bad(format!(
            "the histogram would have {} buckets (limit {MAX_BUCKETS}): narrow `from`/`to` or use a coarser granularity",
            hi - lo + 1
        )));
    }
    Ok((lo..=hi)
        .map(|p| {
            let (period, start, end) = bucket_bounds(p, g);
            let (milestones, tasks) = counts.get(&p).map_or((0, 0), |(n, t)| (*n, t.len()));
            HistogramBucket { period, start, end, milestones, tasks }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn bucket_bounds_cover_the_period() {
        let p = period_of(d(2020, 11, 30), Granularity::Quarter);
        assert_eq!(
            bucket_bounds(p, Granularity::Quarter),
            ("2020-Q4".into(), d(2020, 10, 1), d(2020, 12, 31))
        );
        let p = period_of(d(2021, 2, 28), Granularity::Month);
        assert_eq!(bucket_bounds(p, Granularity::Month), ("2021-02".into(), d(2021, 2, 1), d(2021, 2, 28)));
        let p = period_of(d(2022, 6, 30), Granularity::Year);
        assert_eq!(bucket_bounds(p, Granularity::Year), ("2022".into(), d(2022, 1, 1), d(2022, 12, 31)));
    }
}
