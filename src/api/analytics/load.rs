//! Root fields `coordinationLoad` and `loadRanking`, and the
//! `Department.load` relation: how much lead and support work a unit
//! carries, with how many partners, and how many commitments lie ahead.

use std::sync::Arc;

use async_graphql::{Context, Object, ResultExt, SimpleObject};
use chrono::NaiveDate;

use super::{
    department_arg, first_or_all, graph_error, past_views, resolve_scope, snapshot, Actor, ScopeInput,
};
use crate::api::department::Department;
use crate::api::error::ApiResult;
use crate::engine::Snapshot;
use crate::graph::{self, GraphError, LoadWeights};
use crate::model::DepartmentId;

/// The date milestones count as open from when `today` is not given: the
/// server's local date.
fn default_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Default)]
pub struct LoadQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl LoadQuery {
    /// The coordination load of one department, by id, full name
    /// (江门市民政局) or name with `place`. Milestones count as open when
    /// dated on or after `today` (default: the server's current date).
    /// The score is `3 × primaryLead + 2 × (lead − primaryLead) + 1 × support
    /// + 0.5 × distinctPartners`. An unknown department is NOT_FOUND; one
    /// that takes part in no task is BAD_USER_INPUT.
    #[graphql(complexity = "super::ANALYTIC_COST + child_complexity")]
    async fn coordination_load(
        &self,
        ctx: &Context<'_>,
        department: String,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        today: Option<NaiveDate>,
        #[graphql(
            desc = "Count only the documents in force on this day: dated on or before it and not superseded by a later-dated document of the same place and policy area also dated on or before it; undated documents are left out. Absent: every document."
        )]
        as_of: Option<NaiveDate>,
    ) -> async_graphql::Result<Option<CoordinationLoad>> {
        let place = place.or(city);
        let snap = snapshot(ctx).extend()?;
        let id = department_arg(ctx, &snap, place.as_deref(), &department).extend()?;
        let today = today.unwrap_or_else(default_today);
        let past = past_views(&snap, as_of);
        let views = past.as_deref().unwrap_or(&snap.views);
        let load =
            views.coordination_load(id, today, LoadWeights::default()).map_err(graph_error).extend()?;
        Ok(Some(CoordinationLoad { snap, load, today }))
    }

    /// Every unit of a scope by coordination load, heaviest first, with
    /// competition ranks on the score (see `CoordinationLoad.score`);
    /// equal scores keep catalog order. Milestones count as open from
    /// `today` (default: the server's current date). `first` (0 to 200)
    /// keeps that many, all when absent.
    #[graphql(complexity = "super::ANALYTIC_COST + crate::api::page::list_cost(first, child_complexity)")]
    async fn load_ranking(
        &self,
        ctx: &Context<'_>,
        scope: Option<ScopeInput>,
        today: Option<NaiveDate>,
        first: Option<i32>,
        #[graphql(
            desc = "Count only the documents in force on this day: dated on or before it and not superseded by a later-dated document of the same place and policy area also dated on or before it; undated documents are left out. Absent: every document."
        )]
        as_of: Option<NaiveDate>,
    ) -> async_graphql::Result<Vec<CoordinationLoad>> {
        let snap = snapshot(ctx).extend()?;
        let scope = resolve_scope(&snap.catalog, scope.as_ref()).extend()?;
        let limit = first_or_all(first).extend()?;
        let today = today.unwrap_or_else(default_today);
        let past = past_views(&snap, as_of);
        let views = past.as_deref().unwrap_or(&snap.views);
        let loads =
            views.load_ranking(&scope, today, LoadWeights::default(), limit).map_err(graph_error).extend()?;
        Ok(loads.into_iter().map(|load| CoordinationLoad { snap: snap.clone(), load, today }).collect())
    }
}

/// `Department.load`: null for a department that takes part in no task.
pub(crate) fn department_load(
    ctx: &Context<'_>,
    id: DepartmentId,
    today: Option<NaiveDate>,
) -> ApiResult<Option<CoordinationLoad>> {
    let snap = snapshot(ctx)?;
    let today = today.unwrap_or_else(default_today);
    match snap.views.coordination_load(id, today, LoadWeights::default()) {
        Ok(load) => Ok(Some(CoordinationLoad { snap, load, today })),
        Err(GraphError::NotInNetwork(_)) => Ok(None),
        Err(e) => Err(graph_error(e)),
    }
}

/// Shared tasks with one partner.
pub struct LoadPartner {
    snap: Arc<Snapshot>,
    partner: graph::PartnerCount,
}

/// Shared tasks with one partner.
#[Object(crate = "crate::api::resolve::graphql")]
impl LoadPartner {
    /// The partner.
    async fn partner(&self) -> Actor {
        Actor::new(&self.snap, &self.partner.partner)
    }

    /// Tasks both take part in, in any role.
    async fn shared_tasks(&self) -> u32 {
        self.partner.shared_tasks
    }
}

/// Open milestones falling in one calendar year.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct YearCount {
    /// Calendar year of the milestone dates.
    pub year: i32,
    /// Open milestones dated in that year.
    pub count: u32,
}

/// Open milestones falling in one calendar quarter.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct QuarterCount {
    /// Calendar year.
    pub year: i32,
    /// Quarter 1 (January–March) to 4 (October–December).
    pub quarter: u32,
    /// Open milestones dated in that quarter.
    pub count: u32,
}

/// How much coordination work one unit carries. The score is
/// `3 × primaryLead + 2 × (lead − primaryLead) + 1 × support + 0.5 ×
/// distinctPartners`: a primary lead owns delivery and reporting, a co-lead
/// shares it, a support unit contributes, and every partner adds overhead.
pub struct CoordinationLoad {
    snap: Arc<Snapshot>,
    load: graph::CoordinationLoad,
    today: NaiveDate,
}

/// How much coordination work one unit carries. The score is
/// `3 × primaryLead + 2 × (lead − primaryLead) + 1 × support + 0.5 ×
/// distinctPartners`: a primary lead owns delivery and reporting, a co-lead
/// shares it, a support unit contributes, and every partner adds overhead.
#[Object(crate = "crate::api::resolve::graphql")]
impl CoordinationLoad {
    /// The unit.
    async fn actor(&self) -> Actor {
        Actor::new(&self.snap, &self.load.actor)
    }

    /// The department; null for a category (scope merged by category).
    async fn department(&self) -> Option<Department> {
        Actor::department_of(&self.snap, &self.load.actor)
    }

    /// Tasks as rank 1 lead (primary lead).
    async fn primary_lead(&self) -> u32 {
        self.load.primary_lead
    }

    /// Tasks as any lead (includes `primaryLead`).
    async fn lead(&self) -> u32 {
        self.load.lead
    }

    /// Tasks as a lead of rank 2 or lower (`lead − primaryLead`).
    async fn other_lead(&self) -> u32 {
        self.load.lead - self.load.primary_lead
    }

    /// Tasks as support unit only.
    async fn support(&self) -> u32 {
        self.load.support
    }

    /// Tasks in any role (`lead + support`).
    async fn tasks(&self) -> u32 {
        self.load.tasks
    }

    /// Number of other units sharing at least one task.
    async fn distinct_partners(&self) -> u32 {
        self.load.distinct_partners
    }

    /// Shared tasks per partner, most shared first (ties in catalog order);
    /// the first `first` (0 to 200), all when absent.
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn partners(&self, first: Option<i32>) -> async_graphql::Result<Vec<LoadPartner>> {
        let n = first_or_all(first).extend()?.unwrap_or(usize::MAX);
        Ok(self
            .load
            .partners
            .iter()
            .take(n)
            .map(|p| LoadPartner { snap: self.snap.clone(), partner: p.clone() })
            .collect())
    }

    /// The date milestones count as open from (inclusive).
    async fn today(&self) -> NaiveDate {
        self.today
    }

    /// Milestones of the unit's tasks dated on or after `today`.
    async fn open_milestones(&self) -> u32 {
        self.load.open_milestones
    }

    /// `openMilestones` by calendar year, ascending.
    async fn open_milestones_by_year(&self) -> Vec<YearCount> {
        self.load.open_milestones_by_year.iter().map(|y| YearCount { year: y.year, count: y.count }).collect()
    }

    /// `openMilestones` by calendar quarter, ascending.
    async fn open_milestones_by_quarter(&self) -> Vec<QuarterCount> {
        self.load
            .open_milestones_by_quarter
            .iter()
            .map(|q| QuarterCount { year: q.year, quarter: q.quarter, count: q.count })
            .collect()
    }

    /// `3 × primaryLead + 2 × (lead − primaryLead) + 1 × support + 0.5 ×
    /// distinctPartners`.
    async fn score(&self) -> f64 {
        self.load.score
    }

    /// Competition rank by score within the scope of `loadRanking` (1, 2,
    /// 2, 4); 1 when asked for alone.
    async fn rank(&self) -> u32 {
        self.load.rank
    }
}
