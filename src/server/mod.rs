//! The HTTP server: poem routes around the GraphQL-over-HTTP layer.
//!
//! Routes: `POST`/`GET /graphql` (handed to [`crate::api::http`]), `GET /`
//! (the GraphiQL playground, assets and example queries embedded in the
//! binary so it works offline), `GET /graphiql/:file` (those assets),
//! `GET /dashboard` and `GET /dashboard/*file` (the analyst's dashboard,
//! static files embedded likewise, reading the data through `/graphql`),
//! `GET /export/:format` (the co-assignment network as a GraphML, GEXF or
//! CSV download, straight from the snapshot's graph views), `GET /health`
//! and, unless turned off, `GET /metrics` (Prometheus text, see `metrics.rs`). Around them: a request id and tracing span per request,
//! optional CORS, compression and a body-size limit. [`serve`] adds graceful
//! shutdown on SIGINT/SIGTERM and flushes the store afterwards.
//!
//! `assets.rs` holds the playground, `export.rs` the network download,
//! `metrics.rs` the scrape and the process's metrics recorder; this file the
//! plumbing around them.
//!
//! This module must not decide anything about GraphQL (status codes, media
//! types, parameters): it only moves bytes between poem and `api::http`.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use poem::endpoint::{Endpoint, EndpointExt};
use poem::error::ReadBodyError;
use poem::http::{header, HeaderValue, Method, StatusCode};
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::middleware::{Compression, Cors, Middleware};
use poem::web::websocket::{Message, WebSocket};
use poem::web::{Data, Json};
use poem::{get, handler, Body, FromRequest, IntoResponse, Request, RequestBody, Response, Route, Server};
use serde::Serialize;
use tracing::Instrument;

mod assets;
pub mod config;
mod export;
pub mod metrics;

use assets::{asset, dashboard, dashboard_file, playground};
pub use assets::{examples, playground_page, Example};

use crate::api::http::{self, CacheLimits, Gate, HttpAnswer, HttpCache, HttpConfig, HttpRequest, MAX_BATCH};
use crate::api::{self, ws, ApiConfig, DutySchema};
use crate::engine::{Engine, MAX_DOCUMENT_BYTES};

/// How the server listens and what it allows. `Debug` hides the token.
#[derive(Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    /// Where the store lives, for the start-up log line only: the engine is
    /// already open when the server starts.
    pub data_dir: Option<PathBuf>,
    /// Origins (`https://example.org`, or `*` for any) whose pages may call
    /// the API from a browser. Empty: no CORS headers, same-origin only.
    pub cors_origins: Vec<String>,
    /// Bearer token that mutations require; `None` disables mutations.
    pub write_token: Option<String>,
    /// Larger request bodies are answered with 413.
    pub max_body_bytes: usize,
    /// Longest a GraphQL operation may run before it is answered `TIMEOUT`.
    pub request_timeout: Duration,
    /// Most GraphQL operations executing at once over HTTP; more wait for
    /// a turn (see [`Gate`]). Default: the number of cores.
    pub max_concurrent_operations: usize,
    /// Most operations in one batched POST (and files in one upload).
    pub max_batch: usize,
    /// Largest file one upload may carry; the engine's own document limit
    /// is set where the engine is opened ([`Engine::with_max_document_bytes`]).
    pub max_upload_bytes: usize,
    /// The query limits (depth, complexity, nesting, directives, aliases);
    /// its `write_token` is ignored in favour of [`ServerConfig::write_token`].
    pub api: ApiConfig,
    /// Whether `GET /metrics` answers (and the process's metrics recorder
    /// is installed); without it the route is 404 and nothing is recorded.
    pub metrics: bool,
    /// Bounds of the response cache (answers and their bytes; 0 answers
    /// turns it off, so every query is executed, as benchmarks of execution
    /// want) and of the automatic persisted queries (queries and their bytes).
    pub cache: CacheLimits,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            data_dir: None,
            cors_origins: Vec::new(),
            write_token: None,
            // A whole document may travel in an ingest mutation, plus the
            // JSON around it.
            max_body_bytes: MAX_DOCUMENT_BYTES + 64 * 1024,
            request_timeout: Duration::from_secs(30),
            max_concurrent_operations: http::cores(),
            max_batch: MAX_BATCH,
            max_upload_bytes: MAX_DOCUMENT_BYTES,
            api: ApiConfig::default(),
            metrics: true,
            cache: CacheLimits::default(),
        }
    }
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("cors_origins", &self.cors_origins)
            .field("write_token", &self.write_token.as_ref().map(|_| "<redacted>"))
            .field("max_body_bytes", &self.max_body_bytes)
            .field("request_timeout", &self.request_timeout)
            .field("max_concurrent_operations", &self.max_concurrent_operations)
            .field("max_batch", &self.max_batch)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("api", &self.api)
            .field("metrics", &self.metrics)
            .field("cache", &self.cache)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}; is another server running there? choose another address")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the HTTP server failed: {0}")]
    Serve(#[source] std::io::Error),
}

/// What every handler shares.
struct AppState {
    engine: Arc<Engine>,
    schema: DutySchema,
    http: HttpConfig,
    max_body_bytes: usize,
    /// `None` when `/metrics` is off.
    metrics: Option<metrics::State>,
}

/// The whole application as one poem endpoint, for [`serve`] and for
/// in-process tests with poem's `TestClient`.
pub fn app(engine: Arc<Engine>, config: &ServerConfig) -> impl Endpoint<Output = Response> {
    let schema = api::build_schema(
        engine.clone(),
        ApiConfig { write_token: config.write_token.clone(), ..config.api.clone() },
    );
    let state = Arc::new(AppState {
        engine,
        schema,
        http: HttpConfig {
            timeout: config.request_timeout,
            max_batch: config.max_batch,
            max_upload_bytes: config.max_upload_bytes,
            cache: Arc::new(HttpCache::new(config.cache)),
            gate: Arc::new(Gate::new(config.max_concurrent_operations)),
        },
        max_body_bytes: config.max_body_bytes,
        metrics: config.metrics.then(|| {
            metrics::install();
            metrics::State::new()
        }),
    });
    let mut routes = Route::new()
        .at("/", get(playground))
        .at("/graphql", graphql)
        .at("/graphiql/:file", get(asset))
        .at("/dashboard", get(dashboard))
        .at("/dashboard/*file", get(dashboard_file))
        .at("/health", get(health))
        .at("/export/:format", get(export::export));
    if config.metrics {
        routes = routes.at("/metrics", get(scrape));
    }
    let routes = routes.data(state).with(Compression::new());
    let routes = Arc::new(routes);
    let cors =
        (!config.cors_origins.is_empty()).then(|| cors(&config.cors_origins).transform(routes.clone()));
    CorsUnlessSameOrigin { plain: routes, cors }.around(trace_request)
}

/// Binds the listening socket; [`Bound::run_until`] then serves.
pub async fn bind(engine: Arc<Engine>, config: ServerConfig) -> Result<Bound, ServerError> {
    let addr = config.bind;
    let acceptor =
        TcpListener::bind(addr).into_acceptor().await.map_err(|source| ServerError::Bind { addr, source })?;
    Ok(Bound { acceptor, engine, config })
}

/// A server whose socket is bound but that does not serve yet.
pub struct Bound {
    acceptor: TcpAcceptor,
    engine: Arc<Engine>,
    config: ServerConfig,
}

impl Bound {
    /// The address actually bound (the real port when the config asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.acceptor
            .local_addr()
            .first()
            .and_then(|addr| addr.as_socket_addr().copied())
            .unwrap_or(self.config.bind)
    }

    /// Serves until `shutdown` completes, lets requests in flight finish
    /// (up to 10 s), then flushes the store.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send) -> Result<(), ServerError> {
        let addr = self.local_addr();
        tracing::info!(%addr, data_dir = ?self.config.data_dir, "dutygraph serving; playground at http://{addr}/");
        let app = app(self.engine.clone(), &self.config);
        let served = Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(app, shutdown, Some(Duration::from_secs(10)))
            .await;
        // Every acknowledged write was flushed already; this flush covers
        // sled's own bookkeeping before the process exits.
        if let Err(e) = self.engine.store().flush() {
            tracing::error!(error = %e, "flushing the store at shutdown failed");
        }
        tracing::info!("dutygraph stopped");
        served.map_err(ServerError::Serve)
    }
}

/// Serves until SIGINT or SIGTERM.
pub async fn serve(engine: Arc<Engine>, config: ServerConfig) -> Result<(), ServerError> {
    bind(engine, config).await?.run_until(shutdown_signal()).await
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}

fn cors(origins: &[String]) -> Cors {
    let origins = origins.to_vec();
    Cors::new()
        .allow_origins_fn(move |origin| origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(origin)))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        .expose_header("x-request-id")
        .max_age(3600)
}

/// poem's `Cors` refuses every `Origin` not in its list, and browsers send
/// `Origin` on same-origin POSTs too: the playground itself would be
/// refused. Requests whose `Origin` names this server skip CORS.
struct CorsUnlessSameOrigin<E: Endpoint> {
    plain: Arc<E>,
    cors: Option<<Cors as Middleware<Arc<E>>>::Output>,
}

impl<E: Endpoint> Endpoint for CorsUnlessSameOrigin<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        match &self.cors {
            Some(cors) if !is_same_origin(&req) => cors.call(req).await,
            _ => self.plain.call(req).await.map(IntoResponse::into_response),
        }
    }
}

fn is_same_origin(req: &Request) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

/// Gives each request an id, a tracing span carrying it, an
/// `x-request-id` response header and a closing log line.
async fn trace_request<E: Endpoint>(next: Arc<E>, req: Request) -> poem::Result<Response> {
    let id = next_request_id();
    let span =
        tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path());
    async move {
        let started = Instant::now();
        let mut response = next.get_response(req).await;
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert("x-request-id", value);
        }
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "request finished"
        );
        Ok(response)
    }
    .instrument(span)
    .await
}

/// `<process>-<sequence>`: unique within a process, and the process part
/// (from the start time and pid) tells restarts apart in merged logs.
fn next_request_id() -> String {
    static PROCESS: OnceLock<u32> = OnceLock::new();
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let process = *PROCESS.get_or_init(|| {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let hash = blake3::hash(format!("{nanos}:{}", std::process::id()).as_bytes());
        u32::from_le_bytes(hash.as_bytes()[..4].try_into().unwrap_or_default())
    });
    format!("{process:08x}-{:06x}", SEQUENCE.fetch_add(1, Ordering::Relaxed))
}

#[handler]
async fn graphql(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    if req.headers().get(header::UPGRADE).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket")) {
        return websocket(req, body, state).await;
    }
    let header = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());
    let accept = header(header::ACCEPT);
    let started = Instant::now();
    let limit = state.max_body_bytes;
    let declared = header(header::CONTENT_LENGTH).and_then(|len| len.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return to_response(http::payload_too_large(accept, limit, started));
    }
    let body = match body.into_bytes_limit(limit).await {
        Ok(body) => body,
        Err(ReadBodyError::PayloadTooLarge) => {
            return to_response(http::payload_too_large(accept, limit, started))
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the request body");
            return StatusCode::BAD_REQUEST
                .with_body(format!("cannot read the request body: {e}"))
                .into_response();
        }
    };
    // A list header may come as several lines; they mean the same joined.
    let if_none_match = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ");
    let request = HttpRequest {
        method: req.method().as_str(),
        query_string: req.uri().query().unwrap_or(""),
        content_type: header(header::CONTENT_TYPE),
        accept,
        authorization: header(header::AUTHORIZATION),
        if_none_match: (!if_none_match.is_empty()).then_some(if_none_match.as_str()),
        body: &body,
    };
    to_response(http::answer(&state.schema, state.engine.snapshot(), request, &state.http).await)
}

/// A WebSocket at `/graphql`: subscriptions (and queries, mutations) by
/// `graphql-transport-ws` or `graphql-ws`; `api::ws` speaks the protocol,
/// this only moves frames.
async fn websocket(req: &Request, body: Body, state: &Arc<AppState>) -> Response {
    let offered = req.headers().get(header::SEC_WEBSOCKET_PROTOCOL).and_then(|v| v.to_str().ok());
    let Some(protocol) = ws::Protocol::negotiate(offered) else {
        return StatusCode::BAD_REQUEST
            .with_body(format!("ask for a GraphQL WebSocket subprotocol: {}", ws::PROTOCOLS.join(" or ")))
            .into_response();
    };
    let socket = match WebSocket::from_request(req, &mut RequestBody::new(body)).await {
        Ok(socket) => socket,
        Err(e) => return e.into_response(),
    };
    let schema = state.schema.clone();
    socket
        .protocols(ws::PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let (mut sink, stream) = socket.split();
            let incoming = stream.take_while(|m| std::future::ready(m.is_ok())).filter_map(|m| {
                std::future::ready(match m {
                    Ok(Message::Text(text)) => Some(text.into_bytes()),
                    Ok(Message::Binary(bytes)) => Some(bytes),
                    _ => None,
                })
            });
            let mut outgoing = ws::session(schema, protocol, Box::pin(incoming));
            while let Some(frame) = outgoing.next().await {
                let message = match frame {
                    ws::Outgoing::Text(text) => Message::Text(text),
                    ws::Outgoing::Close(code, reason) => Message::close_with(code, reason),
                };
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        })
        .into_response()
}

fn to_response(answer: HttpAnswer) -> Response {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CACHE_CONTROL, answer.cache_control);
    if answer.status != 304 {
        builder = builder.content_type(answer.content_type);
    }
    if let Some(allow) = answer.allow {
        builder = builder.header(header::ALLOW, allow);
    }
    if let Some(etag) = answer.etag {
        builder = builder.header(header::ETAG, etag);
    }
    builder.body(answer.body)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    documents: usize,
    version: &'static str,
}

#[handler]
fn health(Data(state): Data<&Arc<AppState>>) -> Json<Health> {
    let documents = state.engine.snapshot().catalog.documents().len();
    Json(Health { status: "ok", documents, version: env!("CARGO_PKG_VERSION") })
}

#[handler]
fn scrape(Data(state): Data<&Arc<AppState>>) -> Response {
    let Some(metrics) = &state.metrics else { return StatusCode::NOT_FOUND.into_response() };
    Response::builder().content_type(metrics::CONTENT_TYPE).body(metrics.render(&state.engine, &state.http))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_is_told_from_the_host_header() {
        let req = |origin: &str| {
            Request::builder().header(header::HOST, "localhost:8080").header(header::ORIGIN, origin).finish()
        };
        assert!(is_same_origin(&req("http://localhost:8080")));
        assert!(!is_same_origin(&req("http://localhost:9090")));
        assert!(!is_same_origin(&req("https://example.org")));
        assert!(is_same_origin(&Request::builder().finish()));
    }

    #[test]
    fn the_config_never_shows_the_token() {
        let config = ServerConfig { write_token: Some("s3cret".into()), ..ServerConfig::default() };
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cret") && shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn request_ids_differ() {
        assert_ne!(next_request_id(), next_request_id());
    }
}
