//! `Document`: one ingested task-division table.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt, ID};

use super::context::engine;
use super::enums::{DateSource, Precision};
use super::filter::{task_connection, TaskFilter, TaskSort};
use super::page::PageArgs;
use super::place::Place;
use super::task::TaskConnection;
use crate::model::{self, Catalog, Pos, Role};

/// Where a document's date was read and how precisely.
pub struct DocumentDate(pub(crate) model::DocumentDate);

/// Where a document's date was read and how precisely.
#[Object(crate = "crate::api::resolve::graphql")]
impl DocumentDate {
    /// The first day the date covers.
    async fn date(&self) -> chrono::NaiveDate {
        self.0.date
    }

    /// The date as precisely as it is known: `2019` (YEAR), `2019-08` or
    /// `2019-08-12`.
    async fn label(&self) -> String {
        let format = match self.0.precision {
            model::Precision::Year => "%Y",
            model::Precision::Month => "%Y-%m",
            model::Precision::Day => "%Y-%m-%d",
        };
        self.0.date.format(format).to_string()
    }

    /// YEAR for a document number or a title, DAY for a date line or a date given.
    async fn precision(&self) -> Precision {
        self.0.precision.into()
    }

    /// Where it was read.
    async fn source(&self) -> DateSource {
        self.0.source.into()
    }

    /// The line as printed (`竹府办〔2016〕20号`, `2019年8月12日`); empty when given.
    async fn text(&self) -> &str {
        &self.0.text
    }

    /// The line of the text it was read from; null when given (or read from a title given at ingest).
    async fn line(&self) -> Option<u32> {
        Some(self.0.line).filter(|&l| l > 0)
    }
}

/// One ingested task-division table (重点任务分工表, 工作任务分解表, 任务清单).
pub struct Document {
    cat: Arc<Catalog>,
    document: Pos<model::Document>,
}

impl Document {
    pub(crate) fn new(cat: &Arc<Catalog>, document: &model::Document) -> Document {
        Document { cat: cat.clone(), document: cat.pos(document) }
    }

    fn record(&self) -> &model::Document {
        self.cat.at(self.document)
    }

    fn assignments(&self, role: Role) -> usize {
        self.cat
            .document_tasks(self.record().id)
            .map(|t| self.cat.task_assignments(t.id).filter(|a| a.role == role).count())
            .sum()
    }
}

/// One ingested task-division table (重点任务分工表, 工作任务分解表, 任务清单).
#[Object(crate = "crate::api::resolve::graphql")]
impl Document {
    /// Stable id: `D` and 16 hex digits of the hash of the document's text,
    /// so the same content always has the same id.
    async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Title, as given at ingest or found in the text.
    async fn title(&self) -> &str {
        &self.record().title
    }

    /// The publishing place.
    async fn place(&self) -> Option<Place> {
        self.cat.place(self.record().place).map(|c| Place::new(&self.cat, c))
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Place>> {
        self.place(ctx).await
    }

    /// Policy area, e.g. `elderly care`; null when unknown.
    async fn policy_area(&self) -> Option<&str> {
        Some(self.record().policy_area.as_str()).filter(|p| !p.is_empty())
    }

    /// File name or upload label the text came from.
    async fn source_name(&self) -> &str {
        &self.record().source_name
    }

    /// Number of lines of the source text.
    async fn line_count(&self) -> u32 {
        self.record().line_count
    }

    /// When the document was issued: the first day its date covers (1
    /// January for a date known only by its year, see `dateSource`); null
    /// when neither the text nor the caller states it. Undated documents are
    /// left out of every `asOf` view.
    async fn date(&self) -> Option<chrono::NaiveDate> {
        self.record().date.as_ref().map(|d| d.date)
    }

    /// Where `date` was read and how precisely; null when undated.
    async fn date_source(&self) -> Option<DocumentDate> {
        self.record().date.clone().map(DocumentDate)
    }

    /// When the document was stored (UTC).
    async fn ingested_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.record().ingested_at
    }

    /// The document's tasks, filtered, sorted and paged like `Query.tasks`
    /// (the filter's `document` is this document).
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
        let filter =
            TaskFilter { document: Some(self.record().id.to_string()), ..filter.unwrap_or_default() };
        let page = PageArgs { first, after, last, before };
        let directory = engine(ctx).extend()?.directory();
        task_connection(&self.cat, directory, &filter, sort, &page).extend()
    }

    /// Number of tasks.
    async fn task_count(&self) -> usize {
        self.cat.document_tasks(self.record().id).count()
    }

    /// Number of ongoing (持续实施) tasks.
    async fn ongoing_task_count(&self) -> usize {
        self.cat.document_tasks(self.record().id).filter(|t| t.ongoing).count()
    }

    /// Number of distinct departments taking part in any task.
    async fn department_count(&self) -> usize {
        let mut ids: Vec<_> = self
            .cat
            .document_tasks(self.record().id)
            .flat_map(|t| self.cat.task_assignments(t.id).map(|a| a.department))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// Number of lead assignments (unit × task) in the document.
    async fn lead_assignment_count(&self) -> usize {
        self.assignments(Role::Lead)
    }

    /// Number of support assignments (unit × task) in the document.
    async fn support_assignment_count(&self) -> usize {
        self.assignments(Role::Support)
    }

    /// Number of milestones over all tasks.
    async fn milestone_count(&self) -> usize {
        self.cat.document_tasks(self.record().id).map(|t| self.cat.task_milestones(t.id).count()).sum()
    }
}
