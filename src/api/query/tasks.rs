//! Root fields for tasks and milestones.

use async_graphql::{Context, Object, ResultExt, ID};
use chrono::NaiveDate;

use crate::api::context::{catalog, engine};
use crate::api::enums::Role;
use crate::api::filter::{select_milestones, task_connection, TaskFilter, TaskSort};
use crate::api::list::List;
use crate::api::milestone::Milestone;
use crate::api::milestone::MilestoneConnection;
use crate::api::page::{connection, PageArgs};
use crate::api::task::{Task, TaskConnection};

#[derive(Default)]
pub struct TaskQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl TaskQuery {
    /// Tasks matching the filter, sorted (source order by default) and paged
    /// Relay-style: `first`/`after` forward, `last`/`before` backward; 20 per
    /// page unless given, at most 200. `totalCount` counts all matches.
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
        let cat = catalog(ctx).extend()?;
        let directory = engine(ctx).extend()?.directory();
        let page = PageArgs { first, after, last, before };
        task_connection(&cat, directory, &filter.unwrap_or_default(), sort, &page).extend()
    }

    /// One task by id (`T` + 16 hex digits + `-` + position); NOT_FOUND when
    /// not stored.
    async fn task(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Task>> {
        let cat = catalog(ctx).extend()?;
        let t = crate::names::task(&cat, &id).extend()?;
        Ok(Some(Task::new(&cat, t)))
    }

    /// A timeline: milestones dated within [from, to] (both optional,
    /// inclusive), optionally of one place's tasks or of tasks a department
    /// takes part in (in `role`, if given). Ordered by date, then by task in
    /// source order, then by position.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    #[expect(
        clippy::too_many_arguments,
        reason = "GraphQL arguments; one is the deprecated spelling of another"
    )]
    async fn milestones(
        &self,
        ctx: &Context<'_>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        department: Option<String>,
        role: Option<Role>,
    ) -> async_graphql::Result<List<Milestone>> {
        let cat = catalog(ctx).extend()?;
        let directory = engine(ctx).extend()?.directory();
        let filter = timeline(from, to, place.or(city), department, role);
        let milestones = select_milestones(&cat, directory, &filter).extend()?;
        Ok(milestones.into_iter().map(|m| Milestone::new(&cat, m)).collect())
    }

    /// The timeline of `milestones`, paged Relay-style like `tasks`:
    /// `first`/`after` forward, `last`/`before` backward; 20 per page unless
    /// given, at most 200. `totalCount` counts every milestone matching, so a
    /// client can show how many there are and fetch them page by page instead
    /// of in one answer.
    #[graphql(complexity = "crate::api::page::page_cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "each GraphQL argument is a parameter")]
    async fn milestone_connection(
        &self,
        ctx: &Context<'_>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        place: Option<String>,
        department: Option<String>,
        role: Option<Role>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<MilestoneConnection> {
        let cat = catalog(ctx).extend()?;
        let directory = engine(ctx).extend()?.directory();
        let filter = timeline(from, to, place, department, role);
        let milestones = select_milestones(&cat, directory, &filter).extend()?;
        let page = PageArgs { first, after, last, before };
        connection(&milestones, &page, |m| (Milestone::new(&cat, m), async_graphql::connection::EmptyFields))
            .extend()
    }
}

/// The filter of a milestone timeline, as `milestones` and
/// `milestoneConnection` take it.
fn timeline(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    place: Option<String>,
    department: Option<String>,
    role: Option<Role>,
) -> TaskFilter {
    TaskFilter { place, department, role, milestone_from: from, milestone_to: to, ..Default::default() }
}
