//! GraphQL over HTTP, as the GraphQL-over-HTTP draft specifies it, without a
//! web framework.
//!
//! The server hands in what it read from the wire ([`HttpRequest`]: method,
//! query string, the three headers that matter and the body bytes) and sends
//! back the [`HttpAnswer`] it gets. Everything the spec decides lives here:
//! media-type negotiation, GET and POST parameter checks, which failures are
//! 4xx and which are 200 with `errors`, 405 for mutations over GET, batches.
//! Execution runs on the blocking pool under a deadline so a heavy request
//! cannot stall the async workers.
//!
//! This module must not know poem or any other web framework, and must not
//! resolve anything itself: the schema does that.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{ObjectType, Schema, SubscriptionType, Value, Variables};
use serde_json::{json, Map, Value as Json};
use tracing::Instrument;

use super::error::ErrorCode;
use super::limits::is_timeout;
use super::{BearerToken, Deadline, PinnedSnapshot};
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
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// `GET`, `POST`, … as sent.
    pub method: &'a str,
    /// The raw query string, without the `?`, still percent-encoded.
    pub query_string: &'a str,
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
    pub authorization: Option<&'a str>,
    pub body: &'a [u8],
}

/// What to send back; the transport copies it onto its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Value of the `Allow` header, set on 405 answers.
    pub allow: Option<&'static str>,
}

/// Limits of GraphQL execution.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Longest time one operation may run before it is answered with a
    /// `TIMEOUT` error.
    pub timeout: Duration,
    /// Most operations in one batch; at most [`MAX_BATCH`] is sensible.
    pub max_batch: usize,
    /// Largest file one multipart upload may carry.
    pub max_upload_bytes: usize,
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            timeout: Duration::from_secs(30),
            max_batch: MAX_BATCH,
            max_upload_bytes: crate::engine::MAX_DOCUMENT_BYTES,
        }
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
pub async fn answer<Q, M, S>(
    schema: &Schema<Q, M, S>,
    snapshot: Arc<Snapshot>,
    request: HttpRequest<'_>,
    config: &HttpConfig,
) -> HttpAnswer
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let Some(media) = negotiate(request.accept) else {
        return failure(
            MediaType::Json,
            406,
            ErrorCode::NotAcceptable,
            "the Accept header allows neither application/graphql-response+json nor application/json",
        );
    };
    let operations = match request.method {
        "GET" => match get_params(request.query_string) {
            Ok(params) => Operations::Single(params),
            Err(message) => return failure(media, 400, ErrorCode::BadRequest, &message),
        },
        "POST" if is_multipart(request.content_type) => match multipart(request, config).await {
            Ok(batch) => Operations::Multipart(Box::new(batch)),
            Err(message) => return failure(media, 400, ErrorCode::BadRequest, &message),
        },
        "POST" => match post_params(request.content_type, request.body, config.max_batch) {
            Ok(operations) => operations,
            Err(Refusal { status, message }) => {
                let code =
                    if status == 415 { ErrorCode::UnsupportedMediaType } else { ErrorCode::BadRequest };
                return failure(media, status, code, &message);
            }
        },
        _ => {
            let mut refused =
                failure(media, 405, ErrorCode::MethodNotAllowed, "GraphQL is served over GET and POST only");
            refused.allow = Some("GET, POST");
            return refused;
        }
    };
    let token = BearerToken(bearer_token(request.authorization));
    let is_get = request.method == "GET";
    let build =
        |request: async_graphql::Request| request.data(PinnedSnapshot(snapshot.clone())).data(token.clone());
    // One deadline for the whole HTTP request: a batch shares it rather than
    // getting a fresh limit per entry.
    let deadline = tokio::time::Instant::now() + config.timeout;
    let (requests, batched) = match operations {
        Operations::Single(params) => (vec![params.into_request()], false),
        Operations::Batch(batch) => (batch.into_iter().map(Params::into_request).collect(), true),
        Operations::Multipart(batch) => match *batch {
            async_graphql::BatchRequest::Single(request) => (vec![request], false),
            async_graphql::BatchRequest::Batch(batch) => (batch, true),
        },
    };
    if !batched {
        let Some(single) = requests.into_iter().next() else {
            return failure(media, 400, ErrorCode::BadRequest, "the request holds no operation");
        };
        let mut gql = build(single);
        if is_get && is_mutation(&mut gql) {
            let mut refused = failure(
                media,
                405,
                ErrorCode::MethodNotAllowed,
                "mutations are not allowed over GET; send them with POST",
            );
            refused.allow = Some("POST");
            return refused;
        }
        let outcome = execute(schema, gql, deadline, config.timeout).await;
        let status = outcome.status(media);
        return encode(media, status, &outcome.into_json());
    }
    let mut answers = Vec::with_capacity(requests.len());
    for entry in requests {
        answers.push(execute(schema, build(entry), deadline, config.timeout).await.into_json());
    }
    // Batching is outside the spec: each entry carries its own errors
    // and the batch as a whole succeeded in being answered.
    encode(media, 200, &Json::Array(answers))
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
) -> Result<async_graphql::BatchRequest, String> {
    let max_batch = config.max_batch;
    let options = async_graphql::http::MultipartOptions::default()
        .max_file_size(config.max_upload_bytes)
        .max_num_files(max_batch);
    let body = futures_util::io::Cursor::new(request.body.to_vec());
    let batch =
        async_graphql::http::receive_batch_body(request.content_type, body, options).await.map_err(|e| {
            format!("the multipart request is malformed: {e}; see the GraphQL multipart request spec")
        })?;
    if let async_graphql::BatchRequest::Batch(b) = &batch {
        if b.len() > max_batch {
            return Err(format!("the batch holds {} operations; at most {max_batch} are allowed", b.len()));
        }
    }
    Ok(batch)
}

/// The 413 answer for a body over `limit` bytes; the transport detects it
/// (from `Content-Length` or while reading) and calls this for the body.
pub fn payload_too_large(accept: Option<&str>, limit: usize) -> HttpAnswer {
    let media = negotiate(accept).unwrap_or(MediaType::Json);
    failure(
        media,
        413,
        ErrorCode::PayloadTooLarge,
        &format!("the request body is larger than the server's limit of {limit} bytes"),
    )
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

/// The GraphQL parameters of one operation, checked for type.
#[derive(Debug, Clone, PartialEq)]
struct Params {
    query: String,
    operation_name: Option<String>,
    variables: Option<Map<String, Json>>,
    extensions: Option<Map<String, Json>>,
}

impl Params {
    fn into_request(self) -> async_graphql::Request {
        let mut request = async_graphql::Request::new(self.query);
        if let Some(name) = self.operation_name {
            request = request.operation_name(name);
        }
        if let Some(variables) = self.variables {
            request = request.variables(Variables::from_json(Json::Object(variables)));
        }
        for (key, value) in self.extensions.unwrap_or_default() {
            // A JSON value always converts; the fallback only satisfies the type.
            request.extensions.0.insert(key, Value::from_json(value).unwrap_or(Value::Null));
        }
        request
    }
}

#[derive(Debug)]
enum Operations {
    Single(Params),
    Batch(Vec<Params>),
    /// A multipart POST: operations with their uploaded files.
    Multipart(Box<async_graphql::BatchRequest>),
}

/// A POST refused before execution.
#[derive(Debug, PartialEq, Eq)]
struct Refusal {
    status: u16,
    message: String,
}

fn bad_request(message: impl Into<String>) -> Refusal {
    Refusal { status: 400, message: message.into() }
}

fn post_params(content_type: Option<&str>, body: &[u8], max_batch: usize) -> Result<Operations, Refusal> {
    check_content_type(content_type)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_request("the POST body is empty; send a JSON object with a `query` string"));
    }
    let json: Json = serde_json::from_slice(body)
        .map_err(|e| bad_request(format!("the POST body is not valid UTF-8 JSON: {e}")))?;
    match json {
        Json::Object(object) => Ok(Operations::Single(params_from_json(object)?)),
        Json::Array(items) if items.is_empty() => Err(bad_request("the batch is empty")),
        Json::Array(items) if items.len() > max_batch => Err(bad_request(format!(
            "the batch holds {} operations; at most {max_batch} are allowed, send the rest in another request",
            items.len()
        ))),
        Json::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Json::Object(object) => {
                    params_from_json(object).map_err(|r| bad_request(format!("batch entry {i}: {}", r.message)))
                }
                _ => Err(bad_request(format!("batch entry {i} is not a JSON object"))),
            })
            .collect::<Result<_, _>>()
            .map(Operations::Batch),
        _ => Err(bad_request("the POST body must be a JSON object (or an array of them for a batch)")),
    }
}

/// Only `application/json` bodies, in UTF-8, are GraphQL requests here.
fn check_content_type(content_type: Option<&str>) -> Result<(), Refusal> {
    let unsupported = |message: String| Refusal { status: 415, message };
    let Some(content_type) = content_type else {
        return Err(unsupported(
            "the POST has no Content-Type; send `Content-Type: application/json`".into(),
        ));
    };
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(unsupported(format!("Content-Type `{essence}` is not supported; use application/json")));
    }
    for param in parts {
        if let Some((name, value)) = param.split_once('=') {
            let value = value.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("charset") && !value.eq_ignore_ascii_case("utf-8") {
                return Err(unsupported(format!("charset `{value}` is not supported; send UTF-8")));
            }
        }
    }
    Ok(())
}

fn params_from_json(mut object: Map<String, Json>) -> Result<Params, Refusal> {
    let query = match object.remove("query") {
        Some(Json::String(query)) => query,
        None | Some(Json::Null) => return Err(bad_request("the request has no `query` parameter")),
        Some(other) => return Err(bad_request(format!("`query` must be a string, not {}", kind(&other)))),
    };
    let operation_name = match object.remove("operationName") {
        None | Some(Json::Null) => None,
        Some(Json::String(name)) => Some(name),
        Some(other) => {
            return Err(bad_request(format!("`operationName` must be a string, not {}", kind(&other))))
        }
    };
    let variables = optional_map(object.remove("variables"), "variables")?;
    let extensions = optional_map(object.remove("extensions"), "extensions")?;
    Ok(Params { query, operation_name, variables, extensions })
}

fn optional_map(value: Option<Json>, name: &str) -> Result<Option<Map<String, Json>>, Refusal> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Object(map)) => Ok(Some(map)),
        Some(other) => Err(bad_request(format!("`{name}` must be a JSON object, not {}", kind(&other)))),
    }
}

fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// GET parameters: `query`, `operationName` as text, `variables` and
/// `extensions` as JSON text, all form-urlencoded. Unknown keys are ignored.
fn get_params(query_string: &str) -> Result<Params, String> {
    let mut object = Map::new();
    for pair in query_string.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = form_decode(key)?;
        let value = form_decode(value)?;
        let json = match key.as_str() {
            "query" | "operationName" => Json::String(value),
            "variables" | "extensions" if value.trim().is_empty() => continue,
            "variables" | "extensions" => serde_json::from_str(&value)
                .map_err(|e| format!("the `{key}` parameter is not valid JSON: {e}"))?,
            _ => continue,
        };
        if object.insert(key.clone(), json).is_some() {
            return Err(format!("the `{key}` parameter is given more than once"));
        }
    }
    params_from_json(object).map_err(|refusal| refusal.message)
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a
/// space, `%XX` a byte, and the bytes must be UTF-8.
fn form_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(byte) = byte else {
                    return Err(format!("the query string has a broken percent escape near `{text}`"));
                };
                out.push(byte);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "the query string is not UTF-8 once decoded".to_string())
}

/// `Authorization: Bearer <token>`; the scheme name is case-insensitive.
pub(super) fn bearer_token(authorization: Option<&str>) -> Option<String> {
    let (scheme, token) = authorization?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// True when the operation the request selects is a mutation. A document
/// that does not parse or names no single operation is left to execution,
/// which reports it as a request error.
fn is_mutation(request: &mut async_graphql::Request) -> bool {
    let name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return false;
    };
    let operation = match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(operation),
        (DocumentOperations::Multiple(map), Some(name)) => map.get(name.as_str()),
        (DocumentOperations::Multiple(map), None) if map.len() == 1 => map.values().next(),
        (DocumentOperations::Multiple(_), None) => None,
    };
    operation.is_some_and(|op| op.node.ty == OperationType::Mutation)
}

/// How one operation ended.
enum Outcome {
    // Boxed: a response is large next to the other variants.
    Executed(Box<async_graphql::Response>),
    TimedOut(Duration),
    Crashed,
}

impl Outcome {
    /// A request error is one raised before execution started (parse,
    /// validation, variable coercion, unknown operation): the response then
    /// has no `data` entry. async-graphql gives such errors no path and
    /// leaves `data` null; field errors always carry their path.
    fn is_request_error(&self) -> bool {
        match self {
            Outcome::Executed(response) => {
                response.data == Value::Null
                    && !response.errors.is_empty()
                    && response.errors.iter().all(|e| e.path.is_empty())
            }
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

    fn into_json(self) -> Json {
        let request_error = self.is_request_error();
        match self {
            Outcome::Executed(response) => {
                let mut json = serde_json::to_value(&*response).unwrap_or_else(|e| {
                    error_body(
                        ErrorCode::InternalServerError,
                        &format!("the response could not be encoded: {e}"),
                    )
                });
                if request_error {
                    if let Json::Object(object) = &mut json {
                        object.remove("data");
                    }
                }
                json
            }
            Outcome::TimedOut(limit) => error_body(
                ErrorCode::Timeout,
                &format!("the operation ran longer than the server's limit of {} s", limit.as_secs_f64()),
            ),
            Outcome::Crashed => {
                error_body(ErrorCode::InternalServerError, "the operation failed inside the server")
            }
        }
    }
}

/// Runs one operation on the blocking pool so CPU-heavy resolvers do not
/// hold an async worker, answering `TIMEOUT` at the deadline. The deadline
/// stops the operation at its next await point and, through the
/// [`Deadline`] in the request data, before its next field; one resolver
/// that never yields (a graph algorithm) still keeps its blocking thread
/// until it returns, so such resolvers must stay bounded.
async fn execute<Q, M, S>(
    schema: &Schema<Q, M, S>,
    request: async_graphql::Request,
    deadline: tokio::time::Instant,
    limit: Duration,
) -> Outcome
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    // Resolvers check it field by field (`DeadlineExtension`), so work that
    // never yields still stops soon after the answer was given up.
    let request = request.data(Deadline(deadline.into_std()));
    let schema = schema.clone();
    let runtime = tokio::runtime::Handle::current();
    let span = tracing::Span::current();
    let task = tokio::task::spawn_blocking(move || {
        let run = tokio::time::timeout_at(deadline, schema.execute(request));
        runtime.block_on(run.instrument(span))
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(Ok(response))) if response.errors.iter().any(is_timeout) => {
            tracing::warn!(limit_ms = limit.as_millis() as u64, "GraphQL operation stopped at its deadline");
            Outcome::TimedOut(limit)
        }
        Ok(Ok(Ok(response))) => Outcome::Executed(Box::new(response)),
        Ok(Ok(Err(_elapsed))) | Err(_elapsed) => {
            tracing::warn!(limit_ms = limit.as_millis() as u64, "GraphQL operation timed out");
            Outcome::TimedOut(limit)
        }
        Ok(Err(join_error)) => {
            tracing::error!(error = %join_error, "GraphQL operation panicked");
            Outcome::Crashed
        }
    }
}

fn error_body(code: ErrorCode, message: &str) -> Json {
    json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str() } }] })
}

fn failure(media: MediaType, status: u16, code: ErrorCode, message: &str) -> HttpAnswer {
    encode(media, status, &error_body(code, message))
}

fn encode(media: MediaType, status: u16, body: &Json) -> HttpAnswer {
    HttpAnswer {
        status,
        content_type: media.header(),
        // Serialising a `serde_json::Value` cannot fail.
        body: serde_json::to_vec(body).unwrap_or_default(),
        allow: None,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object};

    use super::*;

    const GR: Option<MediaType> = Some(MediaType::GraphqlResponse);
    const JSON: Option<MediaType> = Some(MediaType::Json);

    #[test]
    fn negotiation_prefers_the_named_graphql_response_type() {
        assert_eq!(negotiate(Some("application/graphql-response+json")), GR);
        assert_eq!(negotiate(Some("application/graphql-response+json, application/json;q=0.9")), GR);
        assert_eq!(negotiate(Some("Application/GraphQL-Response+JSON; charset=utf-8")), GR);
        assert_eq!(negotiate(Some("application/graphql-response+json, */*;q=0.5")), GR);
    }

    #[test]
    fn negotiation_falls_back_to_json_for_wildcards_and_absence() {
        assert_eq!(negotiate(None), JSON);
        assert_eq!(negotiate(Some("  ")), JSON);
        assert_eq!(negotiate(Some("*/*")), JSON);
        assert_eq!(negotiate(Some("application/*")), JSON);
        assert_eq!(negotiate(Some("application/json")), JSON);
        assert_eq!(negotiate(Some("text/html,application/xhtml+xml,*/*;q=0.8")), JSON);
        assert_eq!(negotiate(Some("application/json, application/graphql-response+json;q=0.5")), JSON);
        assert_eq!(negotiate(Some("application/graphql-response+json;q=0, application/json")), JSON);
    }

    #[test]
    fn negotiation_refuses_clients_accepting_no_json() {
        assert_eq!(negotiate(Some("text/html")), None);
        assert_eq!(negotiate(Some("application/json;q=0")), None);
        assert_eq!(negotiate(Some("image/png, text/*")), None);
    }

    #[test]
    fn content_type_must_be_utf8_json() {
        assert_eq!(check_content_type(Some("application/json")), Ok(()));
        assert_eq!(check_content_type(Some("application/json; charset=UTF-8")), Ok(()));
        assert_eq!(check_content_type(Some("Application/JSON;charset=\"utf-8\"")), Ok(()));
        for refused in [None, Some("text/plain"), Some("application/json; charset=latin1")] {
            assert_eq!(check_content_type(refused).unwrap_err().status, 415, "{refused:?}");
        }
    }

    fn post(body: &str) -> Result<Operations, Refusal> {
        post_params(Some("application/json"), body.as_bytes(), MAX_BATCH)
    }

    #[test]
    fn post_bodies_are_checked_parameter_by_parameter() {
        let Ok(Operations::Single(params)) =
            post(r#"{"query":"{ a }","operationName":"A","variables":{"x":1},"extensions":{"e":true}}"#)
        else {
            panic!("a full request must be accepted");
        };
        assert_eq!(params.query, "{ a }");
        assert_eq!(params.operation_name.as_deref(), Some("A"));
        assert_eq!(params.variables, Some(json!({"x": 1}).as_object().unwrap().clone()));
        assert!(post(r#"{"query":"{ a }","operationName":null,"variables":null,"extensions":null}"#).is_ok());
        for malformed in [
            "",
            "  ",
            "{ \"not a JSON",
            "42",
            r#""{ a }""#,
            r#"{"notquery":"{ a }"}"#,
            r#"{"query":null}"#,
            r#"{"query":{"obj":"ect"}}"#,
            r#"{"query":0}"#,
            r#"{"query":false}"#,
            r#"{"query":["array"]}"#,
            r#"{"query":"{ a }","operationName":0}"#,
            r#"{"query":"{ a }","variables":"string"}"#,
            r#"{"query":"{ a }","variables":["array"]}"#,
            r#"{"query":"{ a }","extensions":false}"#,
        ] {
            assert_eq!(post(malformed).unwrap_err().status, 400, "{malformed}");
        }
    }

    #[test]
    fn batches_are_capped() {
        let one = r#"{"query":"{ a }"}"#;
        let batch = |n: usize| format!("[{}]", vec![one; n].join(","));
        assert!(matches!(post(&batch(MAX_BATCH)), Ok(Operations::Batch(b)) if b.len() == MAX_BATCH));
        let refused = post(&batch(MAX_BATCH + 1)).unwrap_err();
        assert_eq!(refused.status, 400);
        assert!(refused.message.contains("at most 10"), "{}", refused.message);
        assert_eq!(post("[]").unwrap_err().status, 400);
        assert!(post(r#"[{"query":"{ a }"}, 3]"#).unwrap_err().message.contains("entry 1"));
    }

    #[test]
    fn get_parameters_are_form_decoded() {
        let params = get_params(
            "query=query+Q(%24n%3A+String!)+%7B+a+%7D&operationName=Q&variables=%7B%22n%22%3A%22%E6%B1%9F%E9%97%A8%22%7D&other=1",
        )
        .unwrap();
        assert_eq!(params.query, "query Q($n: String!) { a }");
        assert_eq!(params.operation_name.as_deref(), Some("Q"));
        assert_eq!(params.variables, Some(json!({"n": "江门"}).as_object().unwrap().clone()));
        assert!(get_params("query=%7Ba%7D&variables=").unwrap().variables.is_none());
        for malformed in
            ["", "variables=%7B%7D", "query=a&query=b", "query=%ZZ", "query=a&variables=%5B1%5D", "query=%FF"]
        {
            assert!(get_params(malformed).is_err(), "{malformed}");
        }
    }

    #[test]
    fn bearer_tokens_are_read_from_authorization() {
        assert_eq!(bearer_token(Some("Bearer s3cret")), Some("s3cret".into()));
        assert_eq!(bearer_token(Some("bearer  s3cret ")), Some("s3cret".into()));
        assert_eq!(bearer_token(Some("Basic dXNlcg==")), None);
        assert_eq!(bearer_token(Some("Bearer ")), None);
        assert_eq!(bearer_token(None), None);
    }

    #[test]
    fn mutations_are_recognised_by_the_selected_operation() {
        let request = |query: &str, name: Option<&str>| {
            let mut request = async_graphql::Request::new(query);
            request.operation_name = name.map(str::to_string);
            is_mutation(&mut request)
        };
        assert!(request("mutation { a }", None));
        assert!(request("query A { a } mutation B { b }", Some("B")));
        assert!(!request("query A { a } mutation B { b }", Some("A")));
        assert!(!request("query A { a } mutation B { b }", None));
        assert!(!request("{ a }", None));
        assert!(!request("mutation {", None));
    }

    struct Query;

    #[Object]
    impl Query {
        async fn ok(&self) -> i32 {
            1
        }
        async fn fails(&self) -> async_graphql::Result<Option<i32>> {
            Err("resolver failed".into())
        }
        async fn fails_hard(&self) -> async_graphql::Result<i32> {
            Err("resolver failed".into())
        }
    }

    async fn run(query: &str, variables: Json) -> Outcome {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let request = async_graphql::Request::new(query).variables(Variables::from_json(variables));
        Outcome::Executed(Box::new(schema.execute(request).await))
    }

    #[tokio::test]
    async fn request_errors_are_400_without_data_under_graphql_response_json() {
        for (query, variables) in [
            ("{", json!({})),
            ("{ missingField }", json!({})),
            ("query Q($id: ID!) { ok }", json!({"id": null})),
            ("query A { ok } query B { ok }", json!({})),
        ] {
            let outcome = run(query, variables).await;
            assert_eq!(outcome.status(MediaType::GraphqlResponse), 400, "{query}");
            assert_eq!(outcome.status(MediaType::Json), 200, "{query}");
            let body = outcome.into_json();
            assert!(body.get("data").is_none() && body["errors"][0]["message"].is_string(), "{body}");
        }
    }

    #[tokio::test]
    async fn field_errors_are_200_with_data() {
        let outcome = run("{ ok fails }", json!({})).await;
        assert_eq!(outcome.status(MediaType::GraphqlResponse), 200);
        let body = outcome.into_json();
        assert_eq!(body["data"]["ok"], 1);
        assert_eq!(body["errors"][0]["path"], json!(["fails"]));
        // An error in a non-null root field nulls `data` but is still a
        // field error: it has a path and `data` stays in the answer.
        let outcome = run("{ failsHard }", json!({})).await;
        assert_eq!(outcome.status(MediaType::GraphqlResponse), 200);
        let body = outcome.into_json();
        assert!(body.get("data").is_some(), "{body}");
        assert_eq!(body["errors"][0]["path"], json!(["failsHard"]));
        let outcome = run("{ ok }", json!({})).await;
        assert_eq!(
            (outcome.status(MediaType::GraphqlResponse), outcome.into_json()),
            (200, json!({"data": {"ok": 1}}))
        );
    }

    #[test]
    fn timeouts_and_crashes_are_errors_with_codes() {
        let timed_out = Outcome::TimedOut(Duration::from_millis(1500));
        assert_eq!(timed_out.status(MediaType::GraphqlResponse), 504);
        assert_eq!(timed_out.status(MediaType::Json), 200);
        assert_eq!(timed_out.into_json()["errors"][0]["extensions"]["code"], "TIMEOUT");
        assert_eq!(Outcome::Crashed.status(MediaType::GraphqlResponse), 500);
    }

    struct Slow;

    #[Object]
    impl Slow {
        /// Yields while it waits: the deadline stops it at the await.
        async fn sleeps(&self) -> i32 {
            tokio::time::sleep(Duration::from_secs(60)).await;
            1
        }
        /// Yields for a while that fits a 250 ms limit on its own.
        async fn naps(&self) -> i32 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            1
        }
        /// Never yields: the answer must not wait for it.
        async fn spins(&self) -> i32 {
            std::thread::sleep(Duration::from_millis(300));
            1
        }
    }

    #[tokio::test]
    async fn slow_operations_are_answered_with_timeout() {
        let schema = Schema::new(Slow, EmptyMutation, EmptySubscription);
        let limit = Duration::from_millis(50);
        for query in ["{ sleeps }", "{ spins }"] {
            let deadline = tokio::time::Instant::now() + limit;
            let outcome = execute(&schema, async_graphql::Request::new(query), deadline, limit).await;
            assert!(matches!(outcome, Outcome::TimedOut(_)), "{query}");
        }
    }

    #[tokio::test]
    async fn a_batch_shares_one_deadline() {
        // Each entry fits the limit on its own; three in a row do not. With a
        // fresh limit per entry all three would succeed.
        let schema = Schema::new(Slow, EmptyMutation, EmptySubscription);
        let config = HttpConfig { timeout: Duration::from_millis(250), ..HttpConfig::default() };
        let body = r#"[{"query":"{ naps }"},{"query":"{ naps }"},{"query":"{ naps }"}]"#;
        let snapshot = Arc::new(Snapshot::new(Default::default()));
        let answer = answer(&schema, snapshot, request("POST", None, body), &config).await;
        let body: Json = serde_json::from_slice(&answer.body).unwrap();
        let timed_out = body
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["errors"][0]["extensions"]["code"] == "TIMEOUT");
        assert!(timed_out.count() >= 1, "{body}");
    }

    fn request<'a>(method: &'a str, accept: Option<&'a str>, body: &'a str) -> HttpRequest<'a> {
        HttpRequest {
            method,
            query_string: "",
            content_type: Some("application/json"),
            accept,
            authorization: None,
            body: body.as_bytes(),
        }
    }

    struct Mutation;

    #[Object]
    impl Mutation {
        async fn token(&self, ctx: &async_graphql::Context<'_>) -> Option<String> {
            ctx.data_unchecked::<BearerToken>().0.clone()
        }
    }

    async fn answer_with(request: HttpRequest<'_>) -> (u16, &'static str, Option<&'static str>, Json) {
        let schema = Schema::new(Query, Mutation, EmptySubscription);
        let snapshot = Arc::new(Snapshot::new(Default::default()));
        let answer = answer(&schema, snapshot, request, &HttpConfig::default()).await;
        let body = serde_json::from_slice(&answer.body).expect("every answer is JSON");
        (answer.status, answer.content_type, answer.allow, body)
    }

    #[tokio::test]
    async fn answers_pick_status_and_media_type() {
        let gr = Some("application/graphql-response+json");
        let ok = r#"{"query":"{ ok }"}"#;
        let (status, media, _, body) = answer_with(request("POST", gr, ok)).await;
        assert_eq!((status, media, body), (200, GRAPHQL_RESPONSE_JSON, json!({"data": {"ok": 1}})));
        let (status, media, _, _) = answer_with(request("POST", None, ok)).await;
        assert_eq!((status, media), (200, APPLICATION_JSON));
        let (status, media, _, body) = answer_with(request("POST", gr, r#"{"query":"{"}"#)).await;
        assert_eq!((status, media, body.get("data")), (400, GRAPHQL_RESPONSE_JSON, None));
        let (status, _, _, _) =
            answer_with(request("POST", Some("application/json"), r#"{"query":"{"}"#)).await;
        assert_eq!(status, 200);
        let (status, media, _, _) = answer_with(request("POST", Some("application/json"), "{ \"not")).await;
        assert_eq!((status, media), (400, APPLICATION_JSON));
        let (status, media, _, _) = answer_with(request("POST", Some("text/html"), ok)).await;
        assert_eq!((status, media), (406, APPLICATION_JSON));
        let no_type = HttpRequest { content_type: None, ..request("POST", gr, ok) };
        let (status, _, _, body) = answer_with(no_type).await;
        assert_eq!(
            (status, &body["errors"][0]["extensions"]["code"]),
            (415, &json!("UNSUPPORTED_MEDIA_TYPE"))
        );
        let (_, _, _, body) = answer_with(request("POST", Some("application/json"), "{ \"not")).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
        let (status, _, allow, _) = answer_with(request("PUT", gr, ok)).await;
        assert_eq!((status, allow), (405, Some("GET, POST")));
    }

    #[tokio::test]
    async fn get_runs_queries_but_refuses_mutations() {
        let get = |query_string| HttpRequest { query_string, ..request("GET", None, "") };
        let (status, _, _, body) = answer_with(get("query=%7B+ok+%7D")).await;
        assert_eq!((status, body), (200, json!({"data": {"ok": 1}})));
        let (status, _, allow, body) = answer_with(get("query=mutation+%7B+token+%7D")).await;
        assert_eq!((status, allow), (405, Some("POST")));
        assert_eq!(body["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED");
        assert_eq!(answer_with(get("operationName=x")).await.0, 400);
    }

    #[tokio::test]
    async fn the_bearer_token_reaches_resolvers() {
        let body = r#"{"query":"mutation { token }"}"#;
        let with = HttpRequest { authorization: Some("Bearer abc"), ..request("POST", None, body) };
        assert_eq!(answer_with(with).await.3, json!({"data": {"token": "abc"}}));
        assert_eq!(answer_with(request("POST", None, body)).await.3, json!({"data": {"token": null}}));
    }

    #[tokio::test]
    async fn batches_answer_an_array() {
        let body = r#"[{"query":"{ ok }"},{"query":"{"}]"#;
        let (status, _, _, answers) = answer_with(request("POST", None, body)).await;
        assert_eq!(status, 200);
        assert_eq!(answers[0], json!({"data": {"ok": 1}}));
        assert!(answers[1].get("data").is_none() && answers[1]["errors"].is_array());
    }

    #[test]
    fn payload_too_large_names_the_limit() {
        let answer = payload_too_large(Some("application/graphql-response+json"), 1024);
        assert_eq!((answer.status, answer.content_type), (413, GRAPHQL_RESPONSE_JSON));
        assert!(String::from_utf8(answer.body).unwrap().contains("1024 bytes"));
    }
}
