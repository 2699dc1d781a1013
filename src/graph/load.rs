//! Coordination load: how much lead and support work a department carries,
//! with how many partners, and how many dated commitments are still ahead.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::DepartmentId;

use super::net::Net;
use super::ranking::competition_ranks;
use super::{Actor, GraphError, Scope, Views};

/// Weights of the load score. The default is
/// `3 × primary lead + 2 × other lead + 1 × support + 0.5 × distinct partners`:
/// a primary lead owns delivery and reporting, a co-lead shares it, a
/// support unit contributes, and every partner adds coordination overhead.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadWeights {
    pub primary_lead: f64,
    pub other_lead: f64,
    pub support: f64,
    pub partner: f64,
}

impl Default for LoadWeights {
    fn default() -> LoadWeights {
        LoadWeights { primary_lead: 3.0, other_lead: 2.0, support: 1.0, partner: 0.5 }
    }
}

impl LoadWeights {
    /// The load score of these counts (`lead` includes `primary_lead`).
    pub fn score(&self, primary_lead: u32, lead: u32, support: u32, distinct_partners: u32) -> f64 {
        self.primary_lead * primary_lead as f64
            + self.other_lead * (lead - primary_lead) as f64
            + self.support * support as f64
            + self.partner * distinct_partners as f64
    }
}

/// Shared tasks with one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerCount {
    pub partner: Actor,
    /// Tasks both take part in, in any role.
    pub shared_tasks: u32,
}

/// Open milestones falling in one calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearCount {
    pub year: i32,
    pub count: u32,
}

/// Open milestones falling in one calendar quarter (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuarterCount {
    pub year: i32,
    pub quarter: u32,
    pub count: u32,
}

/// The coordination load of one department (or merged category).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoordinationLoad {
    pub actor: Actor,
    /// Tasks as rank 1 lead.
    pub primary_lead: u32,
    /// Tasks as any lead (includes `primary_lead`).
    pub lead: u32,
    /// Tasks as support unit only.
    pub support: u32,
    /// Tasks in any role.
    pub tasks: u32,
    /// Number of other actors sharing at least one task.
    pub distinct_partners: u32,
    /// Shared tasks per partner, most shared first (ties in actor order).
    pub partners: Vec<PartnerCount>,
    /// Milestones of the actor's tasks dated on or after `today`.
    pub open_milestones: u32,
    /// `open_milestones` by calendar year of the milestone date, ascending.
    pub open_milestones_by_year: Vec<YearCount>,
    /// `open_milestones` by calendar quarter, ascending.
    pub open_milestones_by_quarter: Vec<QuarterCount>,
    /// `w.primary_lead × primary_lead + w.other_lead × (lead − primary_lead)
    /// + w.support × support + w.partner × distinct_partners`, with the
    /// default weights 3, 2, 1 and 0.5 (see [`LoadWeights`]).
    pub score: f64,
    /// Competition rank by score within the scope (1 when asked for alone).
    pub rank: u32,
}

impl Views {
    /// The coordination load of a department.
    ///
    /// Arguments: the department, the date milestones count as open from
    /// (inclusive), the score weights. Returns: the load, or an error for an
    /// unknown department or one with no task.
    /// Complexity: O(k + m) for the department's k links and m milestones.
    pub fn coordination_load(
        &self,
        department: DepartmentId,
        today: NaiveDate,
        weights: LoadWeights,
    ) -> Result<CoordinationLoad, GraphError> {
        let (net, a) = self.department_net(department)?;
        Ok(load_of(self, &net, a, today, weights))
    }

    /// Coordination loads of every actor of a scope, heaviest first.
    ///
    /// Arguments: scope, `today`, weights, and how many to keep (`None`: all).
    /// Returns: loads by score descending with competition ranks.
    /// Complexity: O(A + E + M + V log V).
    pub fn load_ranking(
        &self,
        scope: &Scope,
        today: NaiveDate,
        weights: LoadWeights,
        limit: Option<usize>,
    ) -> Result<Vec<CoordinationLoad>, GraphError> {
        let net = self.net(scope)?;
        let mut loads: Vec<CoordinationLoad> =
            (0..net.node_count()).map(|a| load_of(self, &net, a, today, weights)).collect();
        loads.sort_by(|x, y| y.score.total_cmp(&x.score));
        competition_ranks(&mut loads, |l| l.score, |l, r| l.rank = r);
        if let Some(limit) = limit {
            loads.truncate(limit);
        }
        Ok(loads)
    }
}

fn load_of(views: &Views, net: &Net, a: usize, today: NaiveDate, w: LoadWeights) -> CoordinationLoad {
    let (primary_lead, lead, support, tasks) = net.counts(a);
    let mut partners: Vec<PartnerCount> = net
        .neighbours(a)
        .into_iter()
        .map(|(b, link)| PartnerCount { partner: net.actors[b].clone(), shared_tasks: link.weight() })
        .collect();
    partners.sort_by_key(|p| std::cmp::Reverse(p.shared_tasks));
    let catalog = views.catalog();
    let mut by_year: BTreeMap<i32, u32> = BTreeMap::new();
    let mut by_quarter: BTreeMap<(i32, u32), u32> = BTreeMap::new();
    for part in &net.parts[a] {
        for m in catalog.task_milestones(net.tasks[part.task as usize]) {
            if m.date >= today {
                *by_year.entry(m.date.year()).or_default() += 1;
                *by_quarter.entry((m.date.year(), m.date.month0() / 3 + 1)).or_default() += 1;
            }
        }
    }
    let distinct_partners = partners.len() as u32;
    let score = w.score(primary_lead, lead, support, distinct_partners);
    CoordinationLoad {
        actor: net.actors[a].clone(),
        primary_lead,
        lead,
        support,
        tasks,
        distinct_partners,
        partners,
        open_milestones: by_year.values().sum(),
        open_milestones_by_year: by_year.into_iter().map(|(year, count)| YearCount { year, count }).collect(),
        open_milestones_by_quarter: by_quarter
            .into_iter()
            .map(|((year, quarter), count)| QuarterCount { year, quarter, count })
            .collect(),
        score,
        rank: 1,
    }
}
