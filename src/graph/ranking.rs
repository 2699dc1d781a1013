//! Rankings of departments (or merged categories) by how many tasks they
//! lead, primarily lead, support or take part in, with competition ranks
//! and shares of the scope's tasks.

use serde::Serialize;

use crate::model::Category;

use std::sync::Arc;

use super::net::Net;
use super::{Actor, GraphError, Scope, Views};

/// What a ranking counts, per actor, over the tasks in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// Tasks where the actor is rank 1 of the lead cell (primary lead).
    PrimaryLead,
    /// Tasks where the actor is any lead unit (any rank).
    Lead,
    /// Tasks where the actor is a support unit and not a lead unit.
    Support,
    /// Tasks the actor takes part in, in any role (`lead + support`).
    Total,
}

/// Options of [`Views::ranking`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RankingOptions {
    pub by: RankBy,
    /// Keep only departments of this functional category (ranked across the
    /// places in scope); ranks and shares are computed after filtering.
    pub category: Option<Category>,
    /// Keep only the first this many entries (an entry tied with the last
    /// kept one may be cut); `None` keeps all.
    pub limit: Option<usize>,
}

impl RankingOptions {
    pub fn by(by: RankBy) -> RankingOptions {
        RankingOptions { by, category: None, limit: None }
    }
}

/// One ranked actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingEntry {
    /// Competition rank on `count`, highest first: equal counts share a rank
    /// and the next rank skips (1, 2, 2, 4).
    pub rank: u32,
    pub actor: Actor,
    /// The ranked count (see [`RankBy`]).
    pub count: u32,
    /// `count / total_tasks` of the scope; 0 when the scope has no tasks.
    pub share: f64,
    /// Tasks as primary (rank 1) lead.
    pub primary_lead: u32,
    /// Tasks as any lead unit (includes `primary_lead`).
    pub lead: u32,
    /// Tasks as support unit only.
    pub support: u32,
    /// Tasks in any role (`lead + support`).
    pub total: u32,
}

/// A ranking over one scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub scope: Scope,
    pub by: RankBy,
    /// All tasks of the places in scope, with or without assigned units.
    pub total_tasks: u32,
    pub entries: Vec<RankingEntry>,
}

impl Views {
    /// Ranks the actors of a scope: per place (`Scope::place`), overall
    /// (`Scope::all`) or per functional category across places
    /// (`Scope::all().merged_by_category()`).
    ///
    /// Arguments: the scope and [`RankingOptions`].
    /// Returns: entries by count descending, ties in actor order (catalog
    /// order of departments, declaration order of categories).
    /// Complexity: O(A + V log V); O(entries kept) when cached (rankings
    /// are memoised per scope and options, as dashboards repeat them).
    pub fn ranking(&self, scope: &Scope, options: &RankingOptions) -> Result<Ranking, GraphError> {
        let net = self.net(scope)?;
        self.memo_ranking(scope, options, || Arc::new(rank(&net, scope, options))).map(|r| (*r).clone())
    }
}

/// The ranking of a scope's network; see [`Views::ranking`].
fn rank(net: &Net, scope: &Scope, options: &RankingOptions) -> Ranking {
    let total_tasks = net.tasks.len() as u32;
    let mut entries: Vec<RankingEntry> = (0..net.node_count())
        .filter(|&a| options.category.is_none_or(|c| net.actors[a].category == c))
        .map(|a| {
            let (primary_lead, lead, support, total) = net.counts(a);
            let count = match options.by {
                RankBy::PrimaryLead => primary_lead,
                RankBy::Lead => lead,
                RankBy::Support => support,
                RankBy::Total => total,
            };
            RankingEntry {
                rank: 0,
                actor: net.actors[a].clone(),
                count,
                share: if total_tasks == 0 { 0.0 } else { count as f64 / total_tasks as f64 },
                primary_lead,
                lead,
                support,
                total,
            }
        })
        .collect();
    // A stable sort keeps actor order among equal counts.
    entries.sort_by_key(|e| std::cmp::Reverse(e.count));
    competition_ranks(&mut entries, |e| e.count, |e, r| e.rank = r);
    if let Some(limit) = options.limit {
        entries.truncate(limit);
    }
    Ranking { scope: scope.clone(), by: options.by, total_tasks, entries }
}

/// Assigns competition ranks (1, 2, 2, 4) to items sorted by key descending.
pub(crate) fn competition_ranks<T, K: PartialEq>(
    items: &mut [T],
    key: impl Fn(&T) -> K,
    mut set: impl FnMut(&mut T, u32),
) {
    let mut rank = 0;
    for i in 0..items.len() {
        if i == 0 || key(&items[i]) != key(&items[i - 1]) {
            rank = i as u32 + 1;
        }
        set(&mut items[i], rank);
    }
}
