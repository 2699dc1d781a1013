//! `Place`: a place that publishes task-division tables.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt, ID};

use super::context::engine;
use super::department::{order_departments, Department, DepartmentOrder};
use super::document::Document;
use super::enums::{Category, Level, PlaceLevel};
use super::filter::{task_connection, TaskFilter, TaskSort};
use super::lookup::place_tasks;
use super::page::PageArgs;
use super::task::TaskConnection;
use crate::api::list::List;
use crate::ingest::divisions::Divisions;
use crate::model::{self, Catalog, Pos};

/// A place that publishes task-division tables (e.g. 江门市).
pub struct Place {
    cat: Arc<Catalog>,
    place: Pos<model::Place>,
}

impl Place {
    pub(crate) fn new(cat: &Arc<Catalog>, place: &model::Place) -> Place {
        Place { cat: cat.clone(), place: cat.pos(place) }
    }

    fn record(&self) -> &model::Place {
        self.cat.at(self.place)
    }
}

/// A place whose government publishes task-division tables: a province
/// (内蒙古自治区), a prefecture city (江门市), a county or district (大竹县),
/// or a township. It knows its level and the places above it.
#[Object(crate = "crate::api::resolve::graphql")]
impl Place {
    /// Stable id: `C` and 16 hex digits derived from the name (the prefix of
    /// the ids places had as cities, so saved ids keep working).
    async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Full name as the documents print it, e.g. 江门市.
    async fn name(&self) -> &str {
        &self.record().name
    }

    /// Province without suffix, e.g. 广东; null when unknown.
    async fn province(&self) -> Option<&str> {
        Some(self.record().province.as_str()).filter(|p| !p.is_empty())
    }

    /// Level in China's administrative divisions: province, prefecture,
    /// county or township; null when the name is not in the divisions table.
    async fn level(&self) -> Option<PlaceLevel> {
        self.record().level.map(Into::into)
    }

    /// GB/T 2260 code (511724 for 大竹县); null when unknown.
    async fn code(&self) -> Option<&str> {
        self.record().code.as_deref()
    }

    /// Full name of the place directly above (达州市 for 大竹县); null for a
    /// province or an unknown place.
    async fn parent_name(&self) -> Option<&str> {
        self.record().parent.as_deref()
    }

    /// The place above, when it has documents of its own; see `parentName`
    /// and `ancestors` for the names.
    async fn parent(&self) -> Option<Place> {
        let name = self.record().parent.as_deref()?;
        self.cat.place_by_name(name).map(|p| Place::new(&self.cat, p))
    }

    /// The places above, nearest first (达州市, 四川省 for 大竹县), from the
    /// divisions table.
    async fn ancestors(&self) -> Vec<String> {
        let divisions = Divisions::bundled();
        let Some(code) = self.record().code.as_deref() else { return Vec::new() };
        divisions
            .by_code(code)
            .map(|d| divisions.ancestors(d).into_iter().map(|a| a.name).collect())
            .unwrap_or_default()
    }

    /// Places with documents that lie directly below this one, by name.
    async fn children(&self) -> Vec<Place> {
        self.cat
            .places()
            .iter()
            .filter(|p| p.parent.as_deref() == Some(self.record().name.as_str()))
            .map(|p| Place::new(&self.cat, p))
            .collect()
    }

    /// The place's documents, by source name.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn documents(&self) -> List<Document> {
        self.cat.place_documents(self.record().id).iter().map(|d| Document::new(&self.cat, d)).collect()
    }

    /// The place's departments, optionally only one category or level, by
    /// name or by a count (`orderBy`), the first `first` of them (all when
    /// not given).
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn departments(
        &self,
        category: Option<Category>,
        level: Option<Level>,
        #[graphql(default)] order_by: DepartmentOrder,
        first: Option<i32>,
    ) -> async_graphql::Result<List<Department>> {
        let matching = self
            .cat
            .place_departments(self.record().id)
            .iter()
            .filter(|d| category.is_none_or(|c| d.category == c.into()))
            .filter(|d| level.is_none_or(|l| d.level == l.into()))
            .collect();
        let ordered = order_departments(&self.cat, matching, order_by, first).extend()?;
        Ok(ordered.into_iter().map(|d| Department::new(&self.cat, d)).collect())
    }

    /// The place's tasks, filtered, sorted and paged like `Query.tasks` (the
    /// filter's `place` is this place).
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
        let filter = TaskFilter { place: Some(self.record().id.to_string()), ..filter.unwrap_or_default() };
        let page = PageArgs { first, after, last, before };
        let directory = engine(ctx).extend()?.directory();
        task_connection(&self.cat, directory, &filter, sort, &page).extend()
    }

    /// Number of documents.
    async fn document_count(&self) -> usize {
        self.cat.place_documents(self.record().id).len()
    }

    /// Number of distinct departments named in the place's documents.
    async fn department_count(&self) -> usize {
        self.cat.place_departments(self.record().id).len()
    }

    /// Number of tasks over all the place's documents.
    async fn task_count(&self) -> usize {
        self.cat.place_documents(self.record().id).iter().map(|d| self.cat.document_tasks(d.id).count()).sum()
    }

    /// Number of milestones over all the place's tasks.
    async fn milestone_count(&self) -> usize {
        place_tasks(&self.cat, self.record().id).map(|t| self.cat.task_milestones(t.id).count()).sum()
    }
}
