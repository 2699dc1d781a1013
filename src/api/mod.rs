//! The GraphQL schema: thin wrappers over the model served from one immutable
//! [`Snapshot`] per request.
//!
//! Only this module knows async-graphql. It must not touch sled or poem: reads
//! come from the in-memory [`Catalog`](crate::model::Catalog) of a snapshot and
//! writes go through [`Engine::ingest`] / [`Engine::remove_document`]. The HTTP
//! transport lives in [`http`].
//!
//! # One snapshot per request
//! [`DutySchema::execute`] takes `engine.snapshot()` once before it runs a
//! request and stores it in the request data as a [`PinnedSnapshot`], unless
//! the transport already put one there (see [`request_data`]). Every
//! resolver reads that one snapshot, so no answer mixes two store versions
//! even while an ingest commits.
//!
//! # No extensions
//! The schemas that execute register no async-graphql extension: with one,
//! every field and every list item goes through the extension chain, and
//! that chain was a third of the cost of a dashboard list. What extensions
//! would do — pinning, the fragment-expansion and alias limits, the
//! deadline — runs once per request in [`DutySchema`], and the deadline
//! again in each root field as it reads the snapshot. The one extension,
//! `StopBeforeExecution`, sits on a schema that never executes: it lets
//! [`DutySchema::check`] run async-graphql's parsing and validation alone.
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
mod documents;
mod enums;
mod error;
mod filter;
mod limits;
mod list;
mod location;
mod lookup;
mod milestone;
mod mutation;
mod observe;
mod page;
mod place;
mod preview;
mod query;
mod resolve;
mod search;
mod similar;
mod stats;
mod subscription;
mod task;
mod time;

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::{Data, Executor, Request, Response, Schema, ServerError, ValidationMode, Value};
use futures_util::stream::{self, BoxStream, StreamExt};

pub use context::PinnedSnapshot;
pub use error::{ApiError, ErrorCode};
pub use limits::{Deadline, Limit, QueryLimits};
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

/// The schema every transport and test executes: async-graphql's schema
/// plus what runs once per request before it (pinning the snapshot, the
/// fragment-expansion and alias limits, the deadline). Cloning is cheap.
#[derive(Clone)]
pub struct DutySchema {
    schema: Schema<QueryRoot, MutationRoot, SubscriptionRoot>,
    /// The same schema without async-graphql's validation rules, for
    /// operations `schema` has validated before (its depth and complexity
    /// limits still apply).
    validated_schema: Schema<QueryRoot, MutationRoot, SubscriptionRoot>,
    /// `schema` stopping where execution would start, for [`DutySchema::check`].
    checker: Schema<QueryRoot, MutationRoot, SubscriptionRoot>,
    validated: Arc<documents::Validated>,
    engine: Arc<Engine>,
    limits: QueryLimits,
}

/// Builds the schema over an engine, with the limits of `config`.
/// Introspection stays on: the playground and analysts rely on it.
///
/// A query whose fragments expand past `max_complexity` fields is refused
/// before async-graphql's own checks walk it (see [`QueryLimits`]); a
/// [`Deadline`] in the request data stops execution before it starts and at
/// each root field.
pub fn build_schema(engine: Arc<Engine>, config: ApiConfig) -> DutySchema {
    let builder = |mode| {
        Schema::build(QueryRoot::default(), MutationRoot, SubscriptionRoot)
            .limit_depth(config.max_depth)
            .limit_complexity(config.max_complexity)
            .limit_recursive_depth(config.max_recursive_depth)
            .limit_directives(config.max_directives)
            .validation_mode(mode)
            .data(context::WriteToken::new(config.write_token.clone()))
            .data(engine.clone())
    };
    let limits = QueryLimits { max_fields: config.max_complexity, max_aliases: config.max_aliases };
    DutySchema {
        schema: builder(ValidationMode::Strict).finish(),
        validated_schema: builder(ValidationMode::Fast).finish(),
        checker: builder(ValidationMode::Strict).extension(StopBeforeExecution).finish(),
        validated: Arc::default(),
        engine,
        limits,
    }
}

impl DutySchema {
    /// Runs one query or mutation on one snapshot. An operation this schema
    /// validated before (same query, operation name and variables) skips
    /// validation. The transports have parsed the request already, through
    /// the parse cache, when they read its operation name for the metrics;
    /// a request without a parsed document is parsed here.
    pub async fn execute(&self, request: impl Into<Request>) -> Response {
        let mut request = match self.prepare(request.into()) {
            Ok(request) => request,
            Err(refused) => return Response::from_errors(vec![refused]),
        };
        if request.data.contains_key(&TypeId::of::<PassedChecks>()) {
            return self.validated_schema.execute(request).await;
        }
        let key = documents::Validated::key(&request);
        if self.validated.contains(key) {
            return self.validated_schema.execute(request).await;
        }
        if let Err(refused) = self.limits.check(&mut request) {
            return Response::from_errors(vec![refused]);
        }
        let response = self.schema.execute(request).await;
        if !is_request_error(&response) {
            self.validated.insert(key);
        }
        response
    }

    /// Everything that comes before execution, without executing: pinning
    /// the snapshot, the deadline, the fragment-expansion and alias limits,
    /// parsing and async-graphql's validation (once per operation, as
    /// [`DutySchema::execute`] does). `Err` is the answer to a request
    /// refused by one of them; `Ok` gives the request back, marked so that
    /// [`DutySchema::execute`] runs it without checking it again. A transport
    /// calls this before an operation waits for its turn to execute, so a
    /// request that cannot run is answered at once.
    pub async fn check(&self, request: Request) -> Result<Request, Response> {
        let refused = |error| Response::from_errors(vec![error]);
        let mut request = self.prepare(request).map_err(refused)?;
        let key = documents::Validated::key(&request);
        if !self.validated.contains(key) {
            self.limits.check(&mut request).map_err(refused)?;
            let response = self.checker.execute(probe(&mut request)).await;
            if !response.errors.is_empty() {
                return Err(response);
            }
            self.validated.insert(key);
        }
        Ok(request.data(PassedChecks))
    }

    /// Runs one operation of any kind: a subscription gives many answers.
    pub fn execute_stream(&self, request: impl Into<Request>) -> BoxStream<'static, Response> {
        self.execute_stream_with_session_data(request, Arc::default())
    }

    /// Runs one operation of any kind (a subscription gives many answers),
    /// with `data` shared by a WebSocket session's operations.
    pub fn execute_stream_with_session_data(
        &self,
        request: impl Into<Request>,
        data: Arc<Data>,
    ) -> BoxStream<'static, Response> {
        let refused = |error| stream::once(async move { Response::from_errors(vec![error]) }).boxed();
        let mut request = match self.prepare(request.into()) {
            Ok(request) => request,
            Err(error) => return refused(error),
        };
        match self.limits.check(&mut request) {
            Ok(()) => self.schema.execute_stream_with_session_data(request, data),
            Err(error) => refused(error),
        }
    }

    /// The schema as SDL.
    pub fn sdl(&self) -> String {
        self.schema.sdl()
    }

    /// Pins the engine's current snapshot unless the transport pinned one,
    /// and refuses a request already past its deadline.
    fn prepare(&self, mut request: Request) -> Result<Request, ServerError> {
        if !request.data.contains_key(&TypeId::of::<PinnedSnapshot>()) {
            request = request.data(PinnedSnapshot(self.engine.snapshot()));
        }
        Deadline::check(request.data.get(&TypeId::of::<Deadline>()).and_then(|d| (**d).downcast_ref()))?;
        Ok(request)
    }
}

/// Request data of a request [`DutySchema::check`] passed.
struct PassedChecks;

/// What async-graphql's checks read of `request`, for the checker to consume
/// (a request cannot be cloned: its data holds anything). The parsed
/// document is copied, not parsed again.
fn probe(request: &mut Request) -> Request {
    let mut probe = Request::new(request.query.clone()).variables(request.variables.clone());
    probe.operation_name.clone_from(&request.operation_name);
    probe.introspection_mode = request.introspection_mode;
    if let Ok(document) = request.parsed_query() {
        probe.set_parsed_query(document.clone());
    }
    probe
}

/// Ends a request where execution would start, with an empty answer: what
/// came before (parsing, validation, selecting the operation) has run and
/// reported its errors. Only the checker schema carries it.
struct StopBeforeExecution;

impl ExtensionFactory for StopBeforeExecution {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(StopBeforeExecution)
    }
}

#[async_trait::async_trait]
impl Extension for StopBeforeExecution {
    async fn execute(
        &self,
        _ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> Response {
        Response::new(Value::Null)
    }
}

/// Whether `response` answers a request refused before execution (parse,
/// validation, a limit, variable coercion, an unknown operation): it then
/// has no data and only errors without a path, where field errors always
/// carry theirs.
pub(crate) fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

impl Executor for DutySchema {
    async fn execute(&self, request: Request) -> Response {
        DutySchema::execute(self, request).await
    }

    fn execute_stream(&self, request: Request, data: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        self.execute_stream_with_session_data(request, data.unwrap_or_default())
    }
}

/// The request data a transport may insert to pin a request to the engine's
/// current snapshot itself (e.g. to log the catalog version it served).
/// Without it, [`DutySchema::execute`] pins one before it runs the request.
pub fn request_data(engine: &Engine) -> PinnedSnapshot {
    PinnedSnapshot(engine.snapshot())
}

/// The schema as SDL, as checked in at `schema/schema.graphql`.
pub fn sdl(schema: &DutySchema) -> String {
    schema.sdl()
}
