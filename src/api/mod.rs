//! The GraphQL schema: thin wrappers over the model served from one immutable
//! [`Snapshot`] per request.
//!
//! Only this module knows async-graphql. It must not touch sled or poem: reads
//! come from the in-memory [`Catalog`](crate::model::Catalog) of a snapshot and
//! writes go through [`Engine::ingest`] / [`Engine::remove_document`]. The HTTP
//! transport lives in [`http`].
//!
//! # One snapshot per request
//! [`SnapshotExtension`](context::SnapshotExtension) takes `engine.snapshot()`
//! once when a request is prepared and stores it in the request data as a
//! [`PinnedSnapshot`], unless the transport already put one there (see
//! [`request_data`]). Every resolver reads that one snapshot, so no answer
//! mixes two store versions even while an ingest commits.
//!
//! # Why there is no DataLoader
//! Resolvers never read the store: every relation is an O(1) lookup in the
//! catalog's hash indexes or a binary search over its sorted vectors (see
//! [`lookup`]). There is no per-item I/O for a DataLoader to batch, so nested
//! lists (place → tasks → leads → department) cost memory reads only.
//!
//! # Errors
//! Every error carries `extensions.code` (see [`ApiError`]). Singular roots
//! (`place`, `document`, `department`, `task`, `category`) answer a well-formed
//! but unknown id or name with a `NOT_FOUND` error and a null field; the same
//! holds for names used in filters. They never silently return null. Names
//! and ids are parsed by [`crate::names`], as `/export` parses them; its
//! `NameError` becomes `NOT_FOUND` or `BAD_USER_INPUT` here.
//!
//! # Limits
//! Depth, complexity, recursion, directive and alias limits come from
//! [`ApiConfig`]; fragment expansion is bounded before any of them is
//! checked, and a [`Deadline`] stops a running operation (see `limits`).
//! Connection fields cost `first` (or `last`, default 20) times their
//! selection, so `tasks(first: 200) { edges { node { leads { … } } } }` is
//! charged for 200 nodes; plain lists cost their `first` or 20 times their
//! selection, so nesting lists cannot explode unpriced.

pub mod http;
pub mod ws;

mod analytics;
mod context;
mod department;
mod document;
mod enums;
mod error;
mod filter;
mod limits;
mod location;
mod lookup;
mod milestone;
mod mutation;
mod observe;
mod page;
mod place;
mod preview;
mod query;
mod search;
mod similar;
mod stats;
mod subscription;
mod task;
mod time;

use std::sync::Arc;

use async_graphql::Schema;

pub use context::{PinnedSnapshot, SnapshotExtension};
pub use error::{ApiError, ErrorCode};
pub use limits::{Deadline, DeadlineExtension, Limit, QueryLimits};
pub use mutation::MutationRoot;
pub use observe::{MAX_OPERATION_NAMES, MAX_OPERATION_NAME_LEN};
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

use crate::engine::Engine;

/// Settings of the schema a server builds. `Default` gives the documented
/// defaults below and no write token. `Debug` hides the token.
#[derive(Clone)]
pub struct ApiConfig {
    /// Bearer token that mutations require; `None` disables mutations (every
    /// mutation then fails with `UNAUTHENTICATED`).
    pub write_token: Option<String>,
    /// Deepest field nesting accepted. Default 16: analyst queries need
    /// about 8 (place → tasks → edges → node → leads → department → name), and
    /// GraphiQL's introspection query needs 13 to 15.
    pub max_depth: usize,
    /// Highest total cost accepted; each field costs 1, a connection
    /// multiplies its selection by its page size and a plain list by its
    /// `first` or by 20. Default 50 000, which admits a full page of 200 tasks
    /// with their units and milestones but not a page of tasks each with a
    /// page of its units' other tasks.
    pub max_complexity: usize,
    /// Deepest nesting of selection sets and fragment spreads accepted, a
    /// guard against stack exhaustion. Default 20: GraphiQL's introspection
    /// query (fragments inside fragments and seven nested `ofType`) needs 15,
    /// newer ones a little more; 12 would leave the playground without a
    /// schema (tested).
    pub max_recursive_depth: usize,
    /// Most directives on one field. Default 8.
    pub max_directives: usize,
    /// Most aliases in one query, counted with fragments spread. Default 50:
    /// comparing a few places side by side needs a handful, while 500
    /// aliases of `tasks` would each scan every task at a cost the
    /// complexity limit prices as one page.
    pub max_aliases: usize,
}

impl Default for ApiConfig {
    fn default() -> ApiConfig {
        ApiConfig {
            write_token: None,
            max_depth: 16,
            max_complexity: 50_000,
            max_recursive_depth: 20,
            max_directives: 8,
            max_aliases: 50,
        }
    }
}

impl std::fmt::Debug for ApiConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiConfig")
            .field("write_token", &self.write_token.as_ref().map(|_| "<redacted>"))
            .field("max_depth", &self.max_depth)
            .field("max_complexity", &self.max_complexity)
            .field("max_recursive_depth", &self.max_recursive_depth)
            .field("max_directives", &self.max_directives)
            .field("max_aliases", &self.max_aliases)
            .finish()
    }
}

/// The bearer token of one request, as the transport read it from the
/// `Authorization: Bearer …` header (`None` when absent). The transport puts
/// it into the request data; mutations compare it with
/// [`ApiConfig::write_token`]. Its `Debug` output hides the value so it can
/// never end up in a log.
#[derive(Clone, Default)]
pub struct BearerToken(pub Option<String>);

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = if self.0.is_some() { "Some(<redacted>)" } else { "None" };
        write!(f, "BearerToken({shown})")
    }
}

pub type DutySchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Builds the schema over an engine, with the limits of `config`.
/// Introspection stays on: the playground and analysts rely on it.
///
/// A query whose fragments expand past `max_complexity` fields is refused
/// before async-graphql's own checks walk it (see [`QueryLimits`]); a
/// [`Deadline`] in the request data stops execution field by field.
pub fn build_schema(engine: Arc<Engine>, config: ApiConfig) -> DutySchema {
    Schema::build(QueryRoot::default(), MutationRoot, SubscriptionRoot)
        .extension(QueryLimits { max_fields: config.max_complexity, max_aliases: config.max_aliases })
        .extension(DeadlineExtension)
        .limit_depth(config.max_depth)
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(config.max_recursive_depth)
        .limit_directives(config.max_directives)
        .extension(SnapshotExtension::new(engine.clone()))
        .data(context::WriteToken::new(config.write_token))
        .data(engine)
        .finish()
}

/// The request data a transport may insert to pin a request to the engine's
/// current snapshot itself (e.g. to log the catalog version it served).
/// Without it, [`SnapshotExtension`] pins one when the request is prepared.
pub fn request_data(engine: &Engine) -> PinnedSnapshot {
    PinnedSnapshot(engine.snapshot())
}

/// The schema as SDL, as checked in at `schema/schema.graphql`.
pub fn sdl(schema: &DutySchema) -> String {
    schema.sdl()
}
