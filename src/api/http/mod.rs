//! GraphQL over HTTP, as the GraphQL-over-HTTP draft specifies it, without a
//! web framework.
//!
//! The server hands in what it read from the wire ([`HttpRequest`]: method,
//! query string, the headers that matter and the body bytes) and sends back
//! the [`HttpAnswer`] it gets. Everything the spec decides lives here:
//! media-type negotiation, GET and POST parameter checks, which failures are
//! 4xx and which are 200 with `errors`, 405 for mutations over GET, batches.
//! Execution runs off the async workers under a deadline so a heavy request
//! cannot stall them, and at most as many operations execute at once as the
//! [`Gate`] has turns (one per core by default), each on the gate's thread
//! of its turn.
//!
//! # Turns
//! An operation is checked first (parse, validation, limits: see
//! [`Checked`]), then waits for a turn without holding a thread, then
//! executes and is encoded on the gate's thread of that turn, and gives its
//! turn back once its answer is bytes. The wait counts against the request's
//! deadline: a request still waiting at its deadline is answered `TIMEOUT`.
//! What never executes takes no turn: a request refused by its checks, a
//! cached answer, a 304. Nor does an operation that reads no data (only
//! `__typename`, `__schema` and `__type` at its root): it answers from the
//! schema in microseconds, and a health check or the playground's schema
//! fetch should not queue behind analytics.
//!
//! # Caching
//! A single query (by GET, or by POST without uploads) that succeeds without
//! errors is answered with an `ETag` and `Cache-Control: private, no-cache`:
//! clients may keep it but revalidate, since a document may be stored at any
//! moment. The tag hashes the data version, the local date, the operation
//! text, name, variables, extensions and the response media type (see
//! `cache`). `If-None-Match` naming it (or `*`, weak tags compared weakly)
//! gets `304 Not Modified` without running the query. Everything else —
//! errors, mutations, batches, uploads, 4xx — is `Cache-Control: no-store`
//! without a tag.
//!
//! The same key indexes a bounded in-memory response cache
//! ([`CacheLimits`]: 512 answers, 64 MiB by default): an identical query on
//! the same data is executed once, later ones copy its bytes. A stored write
//! changes the data version, so it is never served stale; old entries age
//! out. Queries never read the bearer token (only mutations do), so answers
//! are shared between callers whatever their `Authorization`. Batches are not
//! cached: each runs as sent. [`HttpCache::stats`] counts hits and misses.
//!
//! Automatic persisted queries (Apollo's protocol) are resolved before all
//! of this, so a persisted query by hash is cached like its text (see `apq`).
//!
//! # Metrics
//! Every operation answered is counted and timed once, with its name and
//! outcome (`api::observe`): a batch entry is an operation, a request refused
//! before its operation was read (a body over the limit, malformed JSON) is
//! one operation named `unknown`, and a cache hit or 304 is an `ok`.
//!
//! # Why our own
//! What the spec decides (status codes per media type, 415 for other content
//! types, 405 for a mutation by GET), a deadline per request with execution
//! off the async workers, and caching keyed on the snapshot the request
//! reads are all decided in this one place, which the `graphql-http` audit
//! checks and unit tests drive without a server. A framework integration
//! (such as async-graphql-poem, which dutygraph used to depend on) would
//! spread them over poem handlers and middleware, tied to one framework.
//!
//! This module must not know poem or any other web framework, and must not
//! resolve anything itself: the schema does that.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::parser::types::OperationType;
use async_graphql::{Executor, Value};
use serde_json::{json, Value as Json};
use tracing::Instrument;

mod apq;
mod cache;
mod gate;
mod params;

pub use apq::sha256_hex;
use apq::{PersistedQueries, PersistedQueryError};
pub use cache::{if_none_match, CacheLimits, CacheStats, NO_STORE, REVALIDATE};
use cache::{CacheKey, ResponseCache};
pub use gate::{cores, Gate, Panicked, Turn};
use params::{get_params, post_params, Operations, Params, Refusal};

use super::error::ErrorCode;
use super::limits::{is_timeout, Limit};
use super::observe::{self, OperationLabel, Transport};
use super::{BearerToken, Deadline, DutySchema, PinnedSnapshot};
use crate::engine::Snapshot;

/// The most operations one batched POST (a JSON array) may carry. Batches
/// run one after the other on one snapshot; the cap keeps a single HTTP
/// request from holding a worker for many deadlines.
pub const MAX_BATCH: usize = 10;

/// Media type of GraphQL responses under the GraphQL-over-HTTP spec.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json; charset=utf-8";
/// The legacy media type, still the default for clients that do not ask.
pub const APPLICATION_JSON: &str = "application/json; charset=utf-8";

/// One HTTP request as the transport read it.
#[derive(Debug, Clone, Copy, Default)]
pub struct HttpRequest<'a> {
    /// `GET`, `POST`, … as sent.
    pub method: &'a str,
    /// The raw query string, without the `?`, still percent-encoded.
    pub query_string: &'a str,
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
    pub authorization: Option<&'a str>,
    /// `If-None-Match`, several header lines joined with commas.
    pub if_none_match: Option<&'a str>,
    pub body: &'a [u8],
}

/// What to send back; the transport copies it onto its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// 304 answers have an empty body and no content type to send.
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Value of the `Allow` header, set on 405 answers.
    pub allow: Option<&'static str>,
    /// Value of the `ETag` header, quoted; set on cacheable query answers.
    pub etag: Option<String>,
    /// Value of the `Cache-Control` header: [`REVALIDATE`] or [`NO_STORE`].
    pub cache_control: &'static str,
}

/// Limits of GraphQL execution, and the caches shared by every request
/// answered with this config (clones share them).
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Longest time one operation may run before it is answered with a
    /// `TIMEOUT` error.
    pub timeout: Duration,
    /// Most operations in one batch; at most [`MAX_BATCH`] is sensible.
    pub max_batch: usize,
    /// Largest file one multipart upload may carry.
    pub max_upload_bytes: usize,
    pub cache: Arc<HttpCache>,
    /// The turns of execution every request answered with this config
    /// shares (one per core by default).
    pub gate: Arc<Gate>,
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            timeout: Duration::from_secs(30),
            max_batch: MAX_BATCH,
            max_upload_bytes: crate::engine::MAX_DOCUMENT_BYTES,
            cache: Arc::default(),
            gate: Arc::default(),
        }
    }
}

/// A schema [`answer`] runs operations on: async-graphql's [`Executor`], and
/// the checks that come before execution, which run before an operation
/// waits for its turn so that a request that cannot run is answered at once.
pub trait Checked: Executor {
    /// `Ok` gives the request back ready to execute; `Err` is the answer to
    /// a request refused before execution. By default nothing is checked
    /// ahead: execution reports every error.
    fn check(
        &self,
        request: async_graphql::Request,
    ) -> impl Future<Output = Result<async_graphql::Request, async_graphql::Response>> + Send {
        async move { Ok(request) }
    }
}

impl Checked for DutySchema {
    fn check(
        &self,
        request: async_graphql::Request,
    ) -> impl Future<Output = Result<async_graphql::Request, async_graphql::Response>> + Send {
        DutySchema::check(self, request)
    }
}

impl<Q, M, S> Checked for async_graphql::Schema<Q, M, S> where async_graphql::Schema<Q, M, S>: Executor {}

/// The response cache and the persisted-query store.
#[derive(Debug)]
pub struct HttpCache {
    responses: ResponseCache,
    persisted: PersistedQueries,
}

impl HttpCache {
    pub fn new(limits: CacheLimits) -> HttpCache {
        HttpCache {
            responses: ResponseCache::new(limits.responses, limits.response_bytes),
            persisted: PersistedQueries::new(&limits),
        }
    }

    /// Hits, misses and size of the response cache.
    pub fn stats(&self) -> CacheStats {
        self.responses.stats()
    }
}

impl Default for HttpCache {
    fn default() -> HttpCache {
        HttpCache::new(CacheLimits::default())
    }
}

/// The two response media types, chosen from the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`: status codes tell request errors apart.
    GraphqlResponse,
    /// `application/json`: 200 for every well-formed request.
    Json,
}

impl MediaType {
    fn header(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => GRAPHQL_RESPONSE_JSON,
            MediaType::Json => APPLICATION_JSON,
        }
    }
}

/// Answers one GraphQL-over-HTTP request against `schema` (the server's
/// [`DutySchema`](super::DutySchema); generic so tests can use small ones),
/// every operation reading `snapshot`.
pub async fn answer<E: Checked>(
    schema: &E,
    snapshot: Arc<Snapshot>,
    request: HttpRequest<'_>,
    config: &HttpConfig,
) -> HttpAnswer {
    let started = Instant::now();
    let Some(media) = negotiate(request.accept) else {
        let refused = failure(
            MediaType::Json,
            406,
            ErrorCode::NotAcceptable,
            "the Accept header allows neither application/graphql-response+json nor application/json",
        );
        return unread(refused, None, started);
    };
    let operations = match request.method {
        "GET" => match get_params(request.query_string) {
            Ok(params) => Operations::Single(params),
            Err(message) => {
                return unread(failure(media, 400, ErrorCode::BadRequest, &message), None, started)
            }
        },
        "POST" if is_multipart(request.content_type) => match multipart(request, config).await {
            Ok(batch) => Operations::Multipart(Box::new(batch)),
            Err(Refusal { message, limit, .. }) => {
                return unread(failure(media, 400, ErrorCode::BadRequest, &message), limit, started)
            }
        },
        "POST" => match post_params(request.content_type, request.body, config.max_batch) {
            Ok(operations) => operations,
            Err(Refusal { status, message, limit }) => {
                let code =
                    if status == 415 { ErrorCode::UnsupportedMediaType } else { ErrorCode::BadRequest };
                return unread(failure(media, status, code, &message), limit, started);
            }
        },
        _ => {
            let mut refused =
                failure(media, 405, ErrorCode::MethodNotAllowed, "GraphQL is served over GET and POST only");
            refused.allow = Some("GET, POST");
            return unread(refused, None, started);
        }
    };
    let call = Call { schema, snapshot, request, config, media };
    // One deadline for the whole HTTP request: a batch shares it rather than
    // getting a fresh limit per entry.
    let deadline = tokio::time::Instant::now() + config.timeout;
    let requests = match operations {
        Operations::Single(params) => return call.single(params, deadline, started).await,
        Operations::Batch(batch) => batch
            .into_iter()
            .map(|mut params| {
                config.cache.persisted.resolve(&mut params).map(|()| params.into_request()).map_err(|e| {
                    let code = persisted_query_code(&e);
                    error_body(code, &e.to_string())
                })
            })
            .collect(),
        Operations::Multipart(batch) => match *batch {
            // Uploads are never cached: they are ingests.
            async_graphql::BatchRequest::Single(request) => {
                let outcome = call.run(request, deadline, started).await;
                let status = outcome.status(media);
                return encode_bytes(media, status, outcome.into_bytes());
            }
            async_graphql::BatchRequest::Batch(batch) => batch.into_iter().map(Ok).collect::<Vec<_>>(),
        },
    };
    // Batching is outside the spec: each entry carries its own errors
    // and the batch as a whole succeeded in being answered.
    let mut body = vec![b'['];
    for (i, entry) in requests.into_iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        // Each entry is an operation of its own, timed from when it starts.
        let started = Instant::now();
        match entry {
            Ok(entry) => body.extend(call.run(entry, deadline, started).await.into_bytes()),
            Err(refused) => {
                counted(&OperationLabel::unknown(), observe::Outcome::Error, started);
                body.extend(serde_json::to_vec(&refused).unwrap_or_default());
            }
        }
    }
    body.push(b']');
    encode_bytes(media, 200, body)
}

/// One request's context while it is answered.
struct Call<'a, E> {
    schema: &'a E,
    snapshot: Arc<Snapshot>,
    request: HttpRequest<'a>,
    config: &'a HttpConfig,
    media: MediaType,
}

impl<E: Checked> Call<'_, E> {
    fn build(&self, request: async_graphql::Request) -> async_graphql::Request {
        request
            .data(PinnedSnapshot(self.snapshot.clone()))
            .data(BearerToken(bearer_token(self.request.authorization)))
    }

    /// Executes one operation (not cached: a batch entry or an upload) and
    /// counts it.
    async fn run(
        &self,
        request: async_graphql::Request,
        deadline: tokio::time::Instant,
        started: Instant,
    ) -> Outcome {
        let mut request = self.build(request);
        // Parsing here costs nothing extra: execution reuses the parsed document.
        let (_, label) = observe::select(&mut request);
        let outcome = execute(self.schema, request, deadline, self.config).await;
        counted(&label, outcome.counted(), started);
        outcome
    }

    /// One operation by GET or JSON POST: persisted query, 405 for a
    /// mutation over GET, then the conditional request and the cache for
    /// queries.
    async fn single(
        &self,
        mut params: Params,
        deadline: tokio::time::Instant,
        started: Instant,
    ) -> HttpAnswer {
        let (media, cache) = (self.media, &self.config.cache);
        if let Err(e) = cache.persisted.resolve(&mut params) {
            // A GraphQL error, not a transport one: Apollo clients expect
            // 200 under application/json and retry with the query.
            let status = if media == MediaType::Json { 200 } else { 400 };
            counted(&OperationLabel::unknown(), observe::Outcome::Error, started);
            return failure(media, status, persisted_query_code(&e), &e.to_string());
        }
        let today = chrono::Local::now().date_naive();
        let key = CacheKey::new(self.snapshot.catalog.version(), today, media, &params);
        // Only successful queries are ever stored, so a stored key is a
        // query: no need to parse it again.
        if let Some(stored) = cache.responses.get(&key) {
            let answer = self.not_modified(&key).unwrap_or_else(|| cached(media, &key, stored.body.to_vec()));
            counted(&stored.operation, observe::Outcome::Ok, started);
            return answer;
        }
        let mut gql = self.build(params.into_request());
        let (operation, label) = observe::select(&mut gql);
        if self.request.method == "GET" && operation == Some(OperationType::Mutation) {
            let mut refused = failure(
                media,
                405,
                ErrorCode::MethodNotAllowed,
                "mutations are not allowed over GET; send them with POST",
            );
            refused.allow = Some("POST");
            counted(&label, observe::Outcome::Error, started);
            return refused;
        }
        let cacheable = operation == Some(OperationType::Query);
        if cacheable {
            // The tag was only ever given to a successful answer of this
            // very key, and the answer is a function of the key.
            if let Some(not_modified) = self.not_modified(&key) {
                counted(&label, observe::Outcome::Ok, started);
                return not_modified;
            }
            cache.responses.miss();
        }
        let outcome = execute(self.schema, gql, deadline, self.config).await;
        let result = outcome.counted();
        counted(&label, result, started);
        let status = outcome.status(media);
        let answer = encode_bytes(media, status, outcome.into_bytes());
        if !(cacheable && result == observe::Outcome::Ok) {
            return answer;
        }
        cache.responses.insert(key, &answer.body, label);
        cached(media, &key, answer.body)
    }

    /// The 304 answer when `If-None-Match` names the key's tag.
    fn not_modified(&self, key: &CacheKey) -> Option<HttpAnswer> {
        let etag = key.etag();
        if !self.request.if_none_match.is_some_and(|header| if_none_match(header, &etag)) {
            return None;
        }
        Some(HttpAnswer {
            status: 304,
            content_type: self.media.header(),
            body: Vec::new(),
            allow: None,
            etag: Some(etag),
            cache_control: REVALIDATE,
        })
    }
}

/// Counts one operation answered over HTTP.
fn counted(operation: &OperationLabel, outcome: observe::Outcome, started: Instant) {
    observe::record(Transport::Http, operation, outcome, Some(started.elapsed()));
}

/// Counts a request refused (by `limit`, if given) or failed before its
/// operation was read.
fn unread(answer: HttpAnswer, limit: Option<Limit>, started: Instant) -> HttpAnswer {
    let outcome = limit.map_or(observe::Outcome::Error, observe::Outcome::Refused);
    counted(&OperationLabel::unknown(), outcome, started);
    answer
}

/// A 200 answer carrying the key's tag.
fn cached(media: MediaType, key: &CacheKey, body: Vec<u8>) -> HttpAnswer {
    HttpAnswer { etag: Some(key.etag()), cache_control: REVALIDATE, ..encode_bytes(media, 200, body) }
}

fn persisted_query_code(error: &PersistedQueryError) -> ErrorCode {
    match error {
        PersistedQueryError::NotFound => ErrorCode::PersistedQueryNotFound,
        PersistedQueryError::HashMismatch | PersistedQueryError::Malformed => ErrorCode::BadRequest,
    }
}

/// Whether a POST is a GraphQL multipart request (a file upload).
fn is_multipart(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// Parses a POST by the GraphQL multipart request spec (`operations`, `map`
/// and the files): each upload is limited to `max_upload_bytes`, and a
/// request to `max_batch` files.
async fn multipart(
    request: HttpRequest<'_>,
    config: &HttpConfig,
) -> Result<async_graphql::BatchRequest, Refusal> {
    use async_graphql::ParseRequestError;
    let max_batch = config.max_batch;
    let options = async_graphql::http::MultipartOptions::default()
        .max_file_size(config.max_upload_bytes)
        .max_num_files(max_batch);
    let body = futures_util::io::Cursor::new(request.body.to_vec());
    let batch =
        async_graphql::http::receive_batch_body(request.content_type, body, options).await.map_err(|e| {
            // A file over the document limit (or all of them over it times
            // the batch limit).
            let limit = matches!(e, ParseRequestError::PayloadTooLarge).then_some(Limit::DocumentSize);
            Refusal {
                limit,
                ..params::bad_request(format!(
                    "the multipart request is malformed: {e}; see the GraphQL multipart request spec"
                ))
            }
        })?;
    if let async_graphql::BatchRequest::Batch(b) = &batch {
        if b.len() > max_batch {
            return Err(Refusal {
                limit: Some(Limit::BatchSize),
                ..params::bad_request(format!(
                    "the batch holds {} operations; at most {max_batch} are allowed",
                    b.len()
                ))
            });
        }
    }
    Ok(batch)
}

/// The 413 answer for a body over `limit` bytes; the transport detects it
/// (from `Content-Length` or while reading, since `started`) and calls this
/// for the body.
pub fn payload_too_large(accept: Option<&str>, limit: usize, started: Instant) -> HttpAnswer {
    let media = negotiate(accept).unwrap_or(MediaType::Json);
    let refused = failure(
        media,
        413,
        ErrorCode::PayloadTooLarge,
        &format!("the request body is larger than the server's limit of {limit} bytes"),
    );
    unread(refused, Some(Limit::BodySize), started)
}

/// Chooses the response media type. `None` means 406: the client accepts
/// neither JSON type. `application/graphql-response+json` only when named
/// (wildcards keep the legacy `application/json`, as the spec's watershed
/// rules and the graphql-http audit expect), and only when the client does
/// not rank `application/json` above it.
pub fn negotiate(accept: Option<&str>) -> Option<MediaType> {
    let accept = match accept.map(str::trim) {
        None | Some("") => return Some(MediaType::Json),
        Some(accept) => accept,
    };
    let mut graphql_response: Option<f32> = None;
    let mut json: Option<f32> = None;
    let mut wildcard: Option<f32> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, value)| value.trim().parse::<f32>().unwrap_or(0.0));
        let slot = match essence.as_str() {
            "application/graphql-response+json" => &mut graphql_response,
            "application/json" => &mut json,
            "*/*" | "application/*" => &mut wildcard,
            _ => continue,
        };
        *slot = Some(slot.map_or(quality, |q: f32| q.max(quality)));
    }
    let json = json.or(wildcard).unwrap_or(0.0);
    match graphql_response {
        Some(q) if q > 0.0 && q >= json => Some(MediaType::GraphqlResponse),
        _ if json > 0.0 => Some(MediaType::Json),
        _ => None,
    }
}

/// `Authorization: Bearer <token>`; the scheme name is case-insensitive.
pub(super) fn bearer_token(authorization: Option<&str>) -> Option<String> {
    let (scheme, token) = authorization?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// How one operation ended.
enum Outcome {
    /// Answered (also with errors), already encoded.
    Answered(Encoded),
    TimedOut(Duration),
    Crashed,
}

/// An answer as bytes, and what the status and the metrics need of it.
struct Encoded {
    body: Vec<u8>,
    request_error: bool,
    counted: observe::Outcome,
}

impl Outcome {
    /// The outcome of a response: `TimedOut(limit)` when it was stopped
    /// at its deadline, else the response encoded. Encoding here, where the
    /// response was built, frees its value tree before the answer leaves.
    fn of(response: async_graphql::Response, limit: Duration) -> Outcome {
        if response.errors.iter().any(is_timeout) {
            return Outcome::TimedOut(limit);
        }
        let request_error = super::is_request_error(&response);
        let encoded = if request_error {
            serde_json::to_vec(&WithoutData { extensions: &response.extensions, errors: &response.errors })
        } else {
            serde_json::to_vec(&response)
        };
        // The answer's JSON, written straight from the response (no
        // intermediate JSON tree: for a large list that would be a second
        // copy of the whole answer).
        let body = encoded.unwrap_or_else(|e| {
            error_bytes(ErrorCode::InternalServerError, &format!("the response could not be encoded: {e}"))
        });
        Outcome::Answered(Encoded { body, request_error, counted: observe::Outcome::of(&response.errors) })
    }

    /// A request error is one raised before execution started (parse,
    /// validation, variable coercion, unknown operation): the response then
    /// has no `data` entry. async-graphql gives such errors no path and
    /// leaves `data` null; field errors always carry their path.
    fn is_request_error(&self) -> bool {
        match self {
            Outcome::Answered(answer) => answer.request_error,
            Outcome::TimedOut(_) | Outcome::Crashed => true,
        }
    }

    fn status(&self, media: MediaType) -> u16 {
        match (media, self) {
            (MediaType::Json, _) => 200,
            (MediaType::GraphqlResponse, Outcome::TimedOut(_)) => 504,
            (MediaType::GraphqlResponse, Outcome::Crashed) => 500,
            (MediaType::GraphqlResponse, _) if self.is_request_error() => 400,
            (MediaType::GraphqlResponse, _) => 200,
        }
    }

    /// The outcome as the metrics count it.
    fn counted(&self) -> observe::Outcome {
        match self {
            Outcome::Answered(answer) => answer.counted,
            Outcome::TimedOut(_) => observe::Outcome::Refused(Limit::Timeout),
            Outcome::Crashed => observe::Outcome::Error,
        }
    }

    /// The answer's JSON.
    fn into_bytes(self) -> Vec<u8> {
        match self {
            Outcome::Answered(answer) => answer.body,
            Outcome::TimedOut(limit) => error_bytes(
                ErrorCode::Timeout,
                &format!("the operation ran longer than the server's limit of {} s", limit.as_secs_f64()),
            ),
            Outcome::Crashed => {
                error_bytes(ErrorCode::InternalServerError, "the operation failed inside the server")
            }
        }
    }
}

/// A response to a request that failed before execution: the spec wants no
/// `data` entry at all, where async-graphql would write `"data": null`.
#[derive(serde::Serialize)]
struct WithoutData<'a> {
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, Value>,
    errors: &'a [async_graphql::ServerError],
}

/// Runs one operation: its checks, then its turn (see the module docs), then
/// execution and encoding on one of the gate's threads so CPU-heavy
/// resolvers do not hold an async worker, answering `TIMEOUT` at the
/// deadline. The deadline stops the operation at its next await point and,
/// through the [`Deadline`] in the request data, before its next root field;
/// one resolver that never yields (a graph algorithm) still keeps its thread
/// and its turn until it returns, so such resolvers must stay bounded.
async fn execute<E: Checked>(
    schema: &E,
    request: async_graphql::Request,
    deadline: tokio::time::Instant,
    config: &HttpConfig,
) -> Outcome {
    let limit = config.timeout;
    // Checked before execution and at each root field, so work that never
    // yields still stops soon after the answer was given up.
    let request = request.data(Deadline(deadline.into_std()));
    let mut request = match schema.check(request).await {
        Ok(request) => request,
        Err(refused) => return Outcome::of(refused, limit),
    };
    if super::documents::reads_no_data(&mut request) {
        // Answered from the schema alone, in microseconds: no turn, no thread.
        return match tokio::time::timeout_at(deadline, schema.execute(request)).await {
            Ok(response) => Outcome::of(response, limit),
            Err(_elapsed) => Outcome::TimedOut(limit),
        };
    }
    let Ok(turn) = tokio::time::timeout_at(deadline, config.gate.enter()).await else {
        tracing::warn!(
            limit_ms = limit.as_millis() as u64,
            "GraphQL operation waited for a turn past its deadline"
        );
        return Outcome::TimedOut(limit);
    };
    let schema = schema.clone();
    let runtime = tokio::runtime::Handle::current();
    let span = tracing::Span::current();
    // Encoded on the gate's thread, before the turn is given back: the value
    // tree the answer was built as, the bulk of an operation's memory, is
    // freed by then, on the thread that allocated it.
    let task = config.gate.run(turn, move || {
        // In the runtime's context, as on tokio's own threads: the timer
        // and whatever a resolver spawns need it.
        let _runtime = runtime.enter();
        let run = tokio::time::timeout_at(deadline, schema.execute(request));
        runtime.block_on(run.instrument(span)).map(|response| Outcome::of(response, limit))
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(Ok(Outcome::TimedOut(limit)))) => {
            tracing::warn!(limit_ms = limit.as_millis() as u64, "GraphQL operation stopped at its deadline");
            Outcome::TimedOut(limit)
        }
        Ok(Ok(Ok(outcome))) => outcome,
        Ok(Ok(Err(_elapsed))) | Err(_elapsed) => {
            tracing::warn!(limit_ms = limit.as_millis() as u64, "GraphQL operation timed out");
            Outcome::TimedOut(limit)
        }
        Ok(Err(Panicked)) => {
            tracing::error!("GraphQL operation panicked");
            Outcome::Crashed
        }
    }
}

fn error_body(code: ErrorCode, message: &str) -> Json {
    json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str() } }] })
}

fn error_bytes(code: ErrorCode, message: &str) -> Vec<u8> {
    // Serialising a `serde_json::Value` cannot fail.
    serde_json::to_vec(&error_body(code, message)).unwrap_or_default()
}

fn failure(media: MediaType, status: u16, code: ErrorCode, message: &str) -> HttpAnswer {
    encode(media, status, &error_body(code, message))
}

fn encode(media: MediaType, status: u16, body: &Json) -> HttpAnswer {
    // Serialising a `serde_json::Value` cannot fail.
    encode_bytes(media, status, serde_json::to_vec(body).unwrap_or_default())
}

fn encode_bytes(media: MediaType, status: u16, body: Vec<u8>) -> HttpAnswer {
    HttpAnswer {
        status,
        content_type: media.header(),
        body,
        allow: None,
        etag: None,
        cache_control: NO_STORE,
    }
}

#[cfg(test)]
mod tests;
