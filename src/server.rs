//! The HTTP server: poem routes around the GraphQL-over-HTTP layer.
//!
//! Routes: `POST`/`GET /graphql` (handed to [`crate::api::http`]), `GET /`
//! (the GraphiQL playground, assets and example queries embedded in the
//! binary so it works offline), `GET /graphiql/:file` (those assets),
//! `GET /export/:format` (the co-assignment network as a GraphML, GEXF or
//! CSV download, straight from the snapshot's graph views) and
//! `GET /health`. Around them: a request id and tracing span per request,
//! optional CORS, compression and a body-size limit. [`serve`] adds graceful
//! shutdown on SIGINT/SIGTERM and flushes the store afterwards.
//!
//! This module must not decide anything about GraphQL (status codes, media
//! types, parameters): it only moves bytes between poem and `api::http`.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use poem::endpoint::{Endpoint, EndpointExt};
use poem::error::ReadBodyError;
use poem::http::{header, HeaderValue, Method, StatusCode};
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::middleware::{Compression, Cors, Middleware};
use poem::web::{Data, Html, Json, Path};
use poem::{get, handler, Body, IntoResponse, Request, Response, Route, Server};
use serde::Serialize;
use tracing::Instrument;

use crate::api::http::{self, HttpAnswer, HttpConfig, HttpRequest, MAX_BATCH};
use crate::api::{self, ApiConfig, DutySchema};
use crate::engine::{Engine, MAX_DOCUMENT_BYTES};
use crate::graph::{self, Scope};
use crate::model::{Catalog, PlaceId};

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
}

/// The whole application as one poem endpoint, for [`serve`] and for
/// in-process tests with poem's `TestClient`.
pub fn app(engine: Arc<Engine>, config: &ServerConfig) -> impl Endpoint<Output = Response> {
    let schema = api::build_schema(
        engine.clone(),
        ApiConfig { write_token: config.write_token.clone(), ..ApiConfig::default() },
    );
    let state = Arc::new(AppState {
        engine,
        schema,
        http: HttpConfig { timeout: config.request_timeout, max_batch: MAX_BATCH },
        max_body_bytes: config.max_body_bytes,
    });
    let routes = Route::new()
        .at("/", get(playground))
        .at("/graphql", graphql)
        .at("/graphiql/:file", get(asset))
        .at("/health", get(health))
        .at("/export/:format", get(export))
        .data(state)
        .with(Compression::new());
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
    let header = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());
    let accept = header(header::ACCEPT);
    let limit = state.max_body_bytes;
    let declared = header(header::CONTENT_LENGTH).and_then(|len| len.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return to_response(http::payload_too_large(accept, limit));
    }
    let body = match body.into_bytes_limit(limit).await {
        Ok(body) => body,
        Err(ReadBodyError::PayloadTooLarge) => return to_response(http::payload_too_large(accept, limit)),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the request body");
            return StatusCode::BAD_REQUEST
                .with_body(format!("cannot read the request body: {e}"))
                .into_response();
        }
    };
    let request = HttpRequest {
        method: req.method().as_str(),
        query_string: req.uri().query().unwrap_or(""),
        content_type: header(header::CONTENT_TYPE),
        accept,
        authorization: header(header::AUTHORIZATION),
        body: &body,
    };
    to_response(http::answer(&state.schema, state.engine.snapshot(), request, &state.http).await)
}

fn to_response(answer: HttpAnswer) -> Response {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .content_type(answer.content_type);
    if let Some(allow) = answer.allow {
        builder = builder.header(header::ALLOW, allow);
    }
    builder.body(answer.body)
}

/// A network export format of `/export/:format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    GraphMl,
    Gexf,
    Csv,
}

impl ExportFormat {
    fn parse(name: &str) -> Option<ExportFormat> {
        match name {
            "graphml" => Some(ExportFormat::GraphMl),
            "gexf" => Some(ExportFormat::Gexf),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            ExportFormat::GraphMl => "application/graphml+xml",
            ExportFormat::Gexf => "application/gexf+xml",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Csv => "csv",
        }
    }

    fn render(self, network: &graph::Network) -> String {
        match self {
            ExportFormat::GraphMl => network.to_graphml(),
            ExportFormat::Gexf => network.to_gexf(),
            ExportFormat::Csv => network.to_csv(),
        }
    }
}

/// What `/export/:format` was asked for, checked against the catalog.
#[derive(Debug)]
struct ExportRequest {
    scope: Scope,
    min_weight: u32,
    /// Place names in scope order, for the file name; empty for all places.
    place_names: Vec<String>,
}

/// Reads `places` (comma-separated names such as 江门市 or 江门, or ids;
/// absent or empty: all places; `cities`, its earlier name, is read alike), `mergeByCategory` (`true`/`false`) and
/// `minWeight` (a whole number, default 1). Any other parameter, or a
/// value that does not parse, is refused with a message naming it.
fn export_request(catalog: &Catalog, params: &[(String, String)]) -> Result<ExportRequest, String> {
    let mut places: Vec<&crate::model::Place> = Vec::new();
    let mut merge = false;
    let mut min_weight = 1;
    for (name, value) in params {
        match name.as_str() {
            "places" | "cities" => {
                for raw in value.split([',', '，']).map(str::trim).filter(|c| !c.is_empty()) {
                    let by_id = raw.parse::<PlaceId>().ok().and_then(|id| catalog.place(id));
                    let place = catalog.place_by_name(raw).or(by_id).ok_or_else(|| {
                        let known: Vec<&str> = catalog.places.iter().map(|c| c.name.as_str()).collect();
                        format!("unknown place `{raw}` in `{name}`; known places: {}", known.join(", "))
                    })?;
                    if !places.iter().any(|c| c.id == place.id) {
                        places.push(place);
                    }
                }
            }
            "mergeByCategory" => {
                merge = match value.as_str() {
                    "true" | "1" => true,
                    "false" | "0" | "" => false,
                    other => return Err(format!("`mergeByCategory={other}`: expected true or false")),
                }
            }
            "minWeight" => {
                min_weight = value.trim().parse::<u32>().map_err(|_| {
                    format!("`minWeight={value}`: expected a whole number of shared tasks, 0 or more")
                })?
            }
            other => {
                return Err(format!(
                    "unknown parameter `{other}`; /export takes places, mergeByCategory and minWeight"
                ))
            }
        }
    }
    let scope = if places.is_empty() { Scope::all() } else { Scope::places(places.iter().map(|c| c.id)) };
    let scope = if merge { scope.merged_by_category() } else { scope };
    Ok(ExportRequest { scope, min_weight, place_names: places.iter().map(|c| c.name.clone()).collect() })
}

/// `attachment; filename=dutygraph-<scope>.<ext>` with an ASCII name (place
/// ids) for old clients and the UTF-8 name (place names) as `filename*`
/// (RFC 6266), which browsers prefer.
fn content_disposition(request: &ExportRequest, ext: &str) -> String {
    let suffix = if request.scope.merge_by_category() { "-by-category" } else { "" };
    let ascii = match request.scope.place_ids() {
        None => "all".to_string(),
        Some(ids) => ids.iter().map(ToString::to_string).collect::<Vec<_>>().join("-"),
    };
    let unicode =
        if request.place_names.is_empty() { "all".to_string() } else { request.place_names.join("-") };
    let encoded: String = format!("dutygraph-{unicode}{suffix}.{ext}")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=dutygraph-{ascii}{suffix}.{ext}; filename*=UTF-8''{encoded}")
}

#[handler]
async fn export(Path(format): Path<String>, req: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let Some(format) = ExportFormat::parse(&format) else {
        return StatusCode::NOT_FOUND
            .with_body(format!("no export format `{format}`; use graphml, gexf or csv"))
            .into_response();
    };
    let params: Vec<(String, String)> = match req.params() {
        Ok(params) => params,
        Err(e) => {
            return StatusCode::BAD_REQUEST
                .with_body(format!("cannot read the query string: {e}"))
                .into_response()
        }
    };
    let snapshot = state.engine.snapshot();
    let request = match export_request(&snapshot.catalog, &params) {
        Ok(request) => request,
        Err(message) => return StatusCode::BAD_REQUEST.with_body(message).into_response(),
    };
    let disposition = content_disposition(&request, format.extension());
    // Building a large network is CPU work: keep it off the async workers.
    let built = tokio::task::spawn_blocking(move || {
        snapshot.views.network(&request.scope, request.min_weight).map(|n| format.render(&n))
    })
    .await;
    match built {
        Ok(Ok(text)) => Response::builder()
            .content_type(format.content_type())
            .header(header::CONTENT_DISPOSITION, disposition)
            .body(text),
        Ok(Err(e)) if e.is_user_fault() => StatusCode::BAD_REQUEST.with_body(e.to_string()).into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "network export failed");
            StatusCode::INTERNAL_SERVER_ERROR.with_body("internal server error").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "network export task failed");
            StatusCode::INTERNAL_SERVER_ERROR.with_body("internal server error").into_response()
        }
    }
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    documents: usize,
    version: &'static str,
}

#[handler]
fn health(Data(state): Data<&Arc<AppState>>) -> Json<Health> {
    let documents = state.engine.snapshot().catalog.documents.len();
    Json(Health { status: "ok", documents, version: env!("CARGO_PKG_VERSION") })
}

/// The vendored GraphiQL build (see `playground/graphiql/VENDORED.md`).
#[derive(rust_embed::RustEmbed)]
#[folder = "playground/graphiql/"]
struct Assets;

/// The page template and the example queries.
#[derive(rust_embed::RustEmbed)]
#[folder = "playground/"]
#[include = "index.html"]
#[include = "*.graphql"]
#[exclude = "graphiql/*"]
struct Playground;

#[handler]
fn asset(Path(file): Path<String>, req: &Request) -> Response {
    let Some(asset) = Assets::get(&file) else {
        return StatusCode::NOT_FOUND.with_body(format!("no playground asset named {file}")).into_response();
    };
    let etag = format!("\"{}\"", &blake3::Hash::from(asset.metadata.sha256_hash()).to_hex()[..16]);
    let fresh = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str());
    let builder = Response::builder()
        .header(header::ETAG, etag)
        // The files change only with the binary; a day keeps reloads cheap
        // and the ETag makes revalidation cheaper still.
        .header(header::CACHE_CONTROL, "public, max-age=86400");
    if fresh {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder.content_type(asset_content_type(&file)).body(asset.data.into_owned())
}

fn asset_content_type(file: &str) -> &'static str {
    match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

#[handler]
fn playground() -> Response {
    Html(playground_page()).with_header(header::CACHE_CONTROL, "no-cache").into_response()
}

/// One `playground/*.graphql` file as the page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub file: String,
    /// The text of the file's first `#` comment line, else the file name.
    pub label: String,
    pub query: String,
}

/// The embedded example queries, sorted by file name.
pub fn examples() -> Vec<Example> {
    let mut files: Vec<String> =
        Playground::iter().filter(|f| f.ends_with(".graphql")).map(Into::into).collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let query = String::from_utf8_lossy(&Playground::get(&file)?.data).into_owned();
            Some(Example { label: example_label(&file, &query), file, query })
        })
        .collect()
}

fn example_label(file: &str, query: &str) -> String {
    query
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix('#').map(str::trim).filter(|label| !label.is_empty()))
        .unwrap_or(file.trim_end_matches(".graphql"))
        .to_string()
}

/// The playground page with the examples filled in.
pub fn playground_page() -> String {
    let template = Playground::get("index.html").map(|f| f.data).unwrap_or_default();
    render_page(&String::from_utf8_lossy(&template), &examples())
}

fn render_page(template: &str, examples: &[Example]) -> String {
    // `<` is escaped so no example text can close the <script> element;
    // `\u003c` means the same inside a JSON string.
    let json = serde_json::to_string(examples).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c");
    let key = &blake3::hash(json.as_bytes()).to_hex()[..12];
    template.replace("{{EXAMPLES_JSON}}", &json).replace("{{EXAMPLES_KEY}}", key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_first_comment_line() {
        assert_eq!(example_label("a.graphql", "# 牵头单位最多的部门\n# more\n{ a }"), "牵头单位最多的部门");
        assert_eq!(example_label("a.graphql", "\n  #   Spaced  \n{ a }"), "Spaced");
        assert_eq!(example_label("busiest.graphql", "{ a }"), "busiest");
    }

    #[test]
    fn the_page_embeds_examples_safely() {
        let examples = vec![Example {
            file: "x.graphql".into(),
            label: "</script><script>alert(1)".into(),
            query: "# </script>\n{ a }".into(),
        }];
        let page = render_page("<script>{{EXAMPLES_JSON}}</script>{{EXAMPLES_KEY}}", &examples);
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
        let json = page.trim_start_matches("<script>").split("</script>").next().unwrap();
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back[0]["label"], "</script><script>alert(1)");
        assert!(!page.contains("{{"));
    }

    #[test]
    fn every_asset_the_page_names_is_embedded() {
        let page = playground_page();
        for reference in page.split(['"', '\'']).filter(|s| s.starts_with("/graphiql/")) {
            assert!(Assets::get(reference.trim_start_matches("/graphiql/")).is_some(), "{reference}");
        }
        assert!(page.contains("/graphiql/graphiql.min.js"));
    }

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
