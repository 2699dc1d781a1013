//! Root field `coordinationPath`: the shortest chain of departments linked
//! by shared tasks between two departments.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt};

use super::{department_arg, graph_error, snapshot, Actor};
use crate::api::task::Task;
use crate::engine::Snapshot;
use crate::graph;

#[derive(Default)]
pub struct PathQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl PathQuery {
    /// A shortest chain of departments from `from` to `to` in which each
    /// consecutive pair shares at least one task (fewest links; among
    /// equally short chains one is chosen deterministically). Each
    /// department is given by id, full name (江门市民政局) or name with
    /// `place` (then both are looked up there). Null when no chain exists
    /// (different places or components); one department and no link when
    /// `from` and `to` are the same. An unknown department is NOT_FOUND, one
    /// that takes part in no task BAD_USER_INPUT.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn coordination_path(
        &self,
        ctx: &Context<'_>,
        from: String,
        to: String,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
    ) -> async_graphql::Result<Option<CoordinationPath>> {
        let place = place.or(city);
        let snap = snapshot(ctx).extend()?;
        let from = department_arg(ctx, &snap, place.as_deref(), &from).extend()?;
        let to = department_arg(ctx, &snap, place.as_deref(), &to).extend()?;
        let path = snap.views.coordination_path(from, to).map_err(graph_error).extend()?;
        Ok(path.map(|path| CoordinationPath { snap, path }))
    }
}

/// A shortest chain of departments linked by shared tasks.
pub struct CoordinationPath {
    snap: Arc<Snapshot>,
    path: graph::CoordinationPath,
}

/// A shortest chain of departments linked by shared tasks.
#[Object(crate = "crate::api::resolve::graphql")]
impl CoordinationPath {
    /// Number of links (`departments` minus one); 0 from a department to itself.
    async fn length(&self) -> usize {
        self.path.links.len()
    }

    /// From the first department to the last, both included.
    async fn departments(&self) -> Vec<Actor> {
        self.path.departments.iter().map(|a| Actor::new(&self.snap, a)).collect()
    }

    /// The links in order, each with the tasks its two ends share.
    async fn links(&self) -> Vec<PathLink> {
        self.path.links.iter().map(|l| PathLink { snap: self.snap.clone(), link: l.clone() }).collect()
    }
}

/// One link of a coordination chain.
pub struct PathLink {
    snap: Arc<Snapshot>,
    link: graph::PathLink,
}

/// One link of a coordination chain.
#[Object(crate = "crate::api::resolve::graphql")]
impl PathLink {
    /// The department nearer the start.
    async fn from(&self) -> Actor {
        Actor::new(&self.snap, &self.link.from)
    }

    /// The department nearer the end.
    async fn to(&self) -> Actor {
        Actor::new(&self.snap, &self.link.to)
    }

    /// Number of tasks both ends share.
    async fn shared_task_count(&self) -> usize {
        self.link.shared_tasks.len()
    }

    /// The tasks both ends share, in catalog order.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn shared_tasks(&self) -> Vec<Task> {
        let cat = &self.snap.catalog;
        self.link.shared_tasks.iter().filter_map(|&id| cat.task(id)).map(|t| Task::new(cat, t)).collect()
    }
}
