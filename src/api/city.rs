//! `City`: a city that publishes task-division tables.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt, ID};

use super::context::engine;
use super::department::{order_departments, Department, DepartmentOrder};
use super::document::Document;
use super::enums::{Category, Level};
use super::filter::{task_connection, TaskFilter, TaskSort};
use super::lookup::{city_departments, city_documents, city_tasks};
use super::page::PageArgs;
use super::task::TaskConnection;
use crate::model::{self, Catalog};

/// A city that publishes task-division tables (e.g. 江门市).
pub struct City {
    cat: Arc<Catalog>,
    city: model::City,
}

impl City {
    pub(crate) fn new(cat: &Arc<Catalog>, city: &model::City) -> City {
        City { cat: cat.clone(), city: city.clone() }
    }
}

/// A city that publishes task-division tables (e.g. 江门市).
#[Object]
impl City {
    /// Stable id: `C` and 16 hex digits derived from the name.
    async fn id(&self) -> ID {
        ID(self.city.id.to_string())
    }

    /// Full name as the documents print it, e.g. 江门市.
    async fn name(&self) -> &str {
        &self.city.name
    }

    /// Province without suffix, e.g. 广东; null when unknown.
    async fn province(&self) -> Option<&str> {
        Some(self.city.province.as_str()).filter(|p| !p.is_empty())
    }

    /// The city's documents, by source name.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn documents(&self) -> Vec<Document> {
        city_documents(&self.cat, self.city.id).iter().map(|d| Document::new(&self.cat, d)).collect()
    }

    /// The city's departments, optionally only one category or level, by
    /// name or by a count (`orderBy`), the first `first` of them (all when
    /// not given).
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn departments(
        &self,
        category: Option<Category>,
        level: Option<Level>,
        #[graphql(default)] order_by: DepartmentOrder,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Department>> {
        let matching = city_departments(&self.cat, self.city.id)
            .iter()
            .filter(|d| category.is_none_or(|c| d.category == c.into()))
            .filter(|d| level.is_none_or(|l| d.level == l.into()))
            .collect();
        let ordered = order_departments(&self.cat, matching, order_by, first).extend()?;
        Ok(ordered.into_iter().map(|d| Department::new(&self.cat, d)).collect())
    }

    /// The city's tasks, filtered, sorted and paged like `Query.tasks` (the
    /// filter's `city` is this city).
    #[graphql(complexity = "crate::api::page::page_cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "each GraphQL argument is a parameter")]
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        filter: Option<TaskFilter>,
        sort: Option<TaskSort>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<TaskConnection> {
        let filter = TaskFilter { city: Some(self.city.id.to_string()), ..filter.unwrap_or_default() };
        let page = PageArgs { first, after, last, before };
        let directory = engine(ctx).extend()?.directory();
        task_connection(&self.cat, directory, &filter, sort, &page).extend()
    }

    /// Number of documents.
    async fn document_count(&self) -> usize {
        city_documents(&self.cat, self.city.id).len()
    }

    /// Number of distinct departments named in the city's documents.
    async fn department_count(&self) -> usize {
        city_departments(&self.cat, self.city.id).len()
    }

    /// Number of tasks over all the city's documents.
    async fn task_count(&self) -> usize {
        city_documents(&self.cat, self.city.id).iter().map(|d| self.cat.document_tasks(d.id).count()).sum()
    }

    /// Number of milestones over all the city's tasks.
    async fn milestone_count(&self) -> usize {
        city_tasks(&self.cat, self.city.id).map(|t| self.cat.task_milestones(t.id).count()).sum()
    }
}
