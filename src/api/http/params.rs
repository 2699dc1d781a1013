//! The GraphQL parameters of a request: GET query strings and POST JSON
//! bodies, checked for type before anything runs.

use async_graphql::{Value, Variables};
use serde_json::{Map, Value as Json};

use crate::api::limits::Limit;

/// The GraphQL parameters of one operation, checked for type.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Params {
    pub(super) query: String,
    pub(super) operation_name: Option<String>,
    pub(super) variables: Option<Map<String, Json>>,
    pub(super) extensions: Option<Map<String, Json>>,
}

impl Params {
    pub(super) fn into_request(self) -> async_graphql::Request {
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
pub(super) enum Operations {
    Single(Params),
    Batch(Vec<Params>),
    /// A multipart POST: operations with their uploaded files.
    Multipart(Box<async_graphql::BatchRequest>),
}

/// A POST refused before execution.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub(super) status: u16,
    pub(super) message: String,
    /// The server limit that refused it, if one did.
    pub(super) limit: Option<Limit>,
}

pub(super) fn bad_request(message: impl Into<String>) -> Refusal {
    Refusal { status: 400, message: message.into(), limit: None }
}

pub(super) fn post_params(
    content_type: Option<&str>,
    body: &[u8],
    max_batch: usize,
) -> Result<Operations, Refusal> {
    check_content_type(content_type)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_request("the POST body is empty; send a JSON object with a `query` string"));
    }
    let json: Json = serde_json::from_slice(body)
        .map_err(|e| bad_request(format!("the POST body is not valid UTF-8 JSON: {e}")))?;
    match json {
        Json::Object(object) => Ok(Operations::Single(params_from_json(object)?)),
        Json::Array(items) if items.is_empty() => Err(bad_request("the batch is empty")),
        Json::Array(items) if items.len() > max_batch => Err(Refusal {
            limit: Some(Limit::BatchSize),
            ..bad_request(format!(
                "the batch holds {} operations; at most {max_batch} are allowed, send the rest in another request",
                items.len()
            ))
        }),
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
pub(super) fn check_content_type(content_type: Option<&str>) -> Result<(), Refusal> {
    let unsupported = |message: String| Refusal { status: 415, message, limit: None };
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

pub(super) fn params_from_json(mut object: Map<String, Json>) -> Result<Params, Refusal> {
    // An automatic persisted query may come as its hash alone (see `apq`).
    let persisted = object.get("extensions").and_then(|e| e.get("persistedQuery")).is_some();
    let query = match object.remove("query") {
        Some(Json::String(query)) => query,
        None | Some(Json::Null) if persisted => String::new(),
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

pub(super) fn optional_map(value: Option<Json>, name: &str) -> Result<Option<Map<String, Json>>, Refusal> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Object(map)) => Ok(Some(map)),
        Some(other) => Err(bad_request(format!("`{name}` must be a JSON object, not {}", kind(&other)))),
    }
}

pub(super) fn kind(value: &Json) -> &'static str {
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
pub(super) fn get_params(query_string: &str) -> Result<Params, String> {
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
pub(super) fn form_decode(text: &str) -> Result<String, String> {
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
