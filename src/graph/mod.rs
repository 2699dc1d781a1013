//! Network analytics over a [`Catalog`](crate::model::Catalog): the two-mode
//! department–task graph, its one-mode co-assignment projection, and the
//! measures policy researchers ask for (rankings, coordination load, overlap,
//! centrality, communities, brokers, place comparison, exports).
//!
//! Everything hangs off [`Views`], built once per catalog version and then
//! immutable; scoped graphs and expensive results are computed lazily, at most
//! once per `Views`, and memoised inside it.
//!
//! This module must not import sled, async-graphql or poem, and petgraph
//! indices never leave it: results name departments by [`DepartmentId`] and
//! name, or categories by [`Category`], through [`Actor`].
//!
//! Code map, one file per analytic family: `net.rs` (scoped one-mode
//! projection of the catalog's assignments), `two_mode.rs` (the department–task
//! graph itself, built on request for export), `views.rs` (memo), `scope.rs`, `ranking.rs`,
//! `load.rs`, `overlap.rs`, `centrality.rs`, `structure.rs` + `louvain.rs`,
//! `compare.rs`, `export.rs`; `fixture.rs` builds small catalogs for tests.
//!
//! [`DepartmentId`]: crate::model::DepartmentId

mod centrality;
mod compare;
mod export;
pub mod fixture;
mod load;
mod louvain;
mod net;
mod overlap;
mod ranking;
mod scope;
mod structure;
#[cfg(test)]
mod tests;
mod two_mode;
mod views;

pub use centrality::{CentralityScores, Measure, Score};
pub use compare::{CategoryPresence, PlaceCategoryRow, PlaceComparison, PlacePairPresence, PlaceRef};
pub use export::{Network, NetworkEdge, NetworkNode};
pub use load::{CoordinationLoad, LoadWeights, PartnerCount, QuarterCount, YearCount};
pub use overlap::{Overlap, OverlapMatrix, Partner, RolePairCounts};
pub use ranking::{RankBy, Ranking, RankingEntry, RankingOptions};
pub use scope::Scope;
pub use structure::{
    Brokers, Communities, Community, Components, CoordinationPath, NetworkSummary, PathLink,
};
pub use two_mode::TwoModeNetwork;
pub use views::Views;

use serde::Serialize;

use crate::model::{Category, DepartmentId, PlaceId};

/// What a node of a scoped network stands for: one department, or (when the
/// scope merges by category) all departments of one functional category
/// across the places in scope.
///
/// Serialises as its textual form (see `Display`), because JSON numbers
/// cannot carry a 64-bit department id exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKey {
    Department(DepartmentId),
    Category(Category),
}

impl std::fmt::Display for ActorKey {
    /// `U…` (the department id) or `category:<code>`; stable across catalog
    /// versions, so usable as an id in exports and APIs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActorKey::Department(id) => write!(f, "{id}"),
            ActorKey::Category(c) => write!(f, "category:{}", c.code()),
        }
    }
}

impl Serialize for ActorKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A node of a scoped network, described for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Stable textual id: the department id (`U` + 16 hex digits) or
    /// `category:<code>` for a merged category node.
    pub id: String,
    pub key: ActorKey,
    /// Department name as canonicalised (e.g. `市民政局`), or the category's
    /// English label for a merged category node.
    pub name: String,
    /// Functional category (for a category node: the category itself).
    pub category: Category,
    /// Place of the department; `None` for a merged category node.
    pub place: Option<PlaceId>,
    /// Name of the place (e.g. `江门市`); `None` for a merged category node.
    pub place_name: Option<String>,
}

/// Faults of graph queries. User faults (unknown ids, empty scopes) are kept
/// apart from numerical ones (non-convergence).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphError {
    #[error("unknown place `{0}`; list places to find valid ids")]
    UnknownPlace(PlaceId),
    #[error("unknown department `{0}`; list departments to find valid ids")]
    UnknownDepartment(DepartmentId),
    #[error("department `{0}` takes part in no task, so it is not in the co-assignment network")]
    NotInNetwork(DepartmentId),
    #[error("the scope names no place; pass at least one place or use the all-places scope")]
    EmptyScope,
    #[error("{measure} did not converge within {iterations} iterations (as NetworkX would raise PowerIterationFailedConvergence)")]
    NotConverged { measure: Measure, iterations: usize },
}

impl GraphError {
    /// Whether the caller asked for something that does not exist or makes
    /// no sense (`BAD_USER_INPUT` / `NOT_FOUND`), as opposed to a numerical
    /// failure of the analytics (`INTERNAL_SERVER_ERROR`).
    pub fn is_user_fault(&self) -> bool {
        !matches!(self, GraphError::NotConverged { .. })
    }
}
