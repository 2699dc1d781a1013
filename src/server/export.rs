//! `GET /export/:format`: the co-assignment network of a scope as a GraphML,
//! GEXF or CSV download, straight from the snapshot's graph views.

use std::sync::Arc;

use poem::http::{header, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, IntoResponse, Request, Response};

use super::AppState;
use crate::graph::{self, Scope};
use crate::model::Catalog;
use crate::names;

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

/// Reads `places` (places as the GraphQL `Scope.places` takes them, through
/// [`names::scope`]: ids or names separated by `,`, `，` or `、`, the
/// parameter repeatable; absent: all places; `cities`, its earlier name, is
/// read alike), `mergeByCategory` (`true`/`false`) and `minWeight` (a whole
/// number, default 1). Any other parameter, or a value that does not parse,
/// is refused with a message naming it; a bad place with the message GraphQL
/// gives for it.
fn export_request(catalog: &Catalog, params: &[(String, String)]) -> Result<ExportRequest, String> {
    let mut places: Vec<&str> = Vec::new();
    let mut merge = false;
    let mut min_weight = 1;
    for (name, value) in params {
        match name.as_str() {
            "places" | "cities" => places.push(value),
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
    let named = names::scope(catalog, &places, merge).map_err(|e| e.to_string())?;
    let place_names = named.places.iter().flatten().map(|p| p.name.clone()).collect();
    Ok(ExportRequest { scope: named.scope(), min_weight, place_names })
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
pub(super) async fn export(
    Path(format): Path<String>,
    req: &Request,
    Data(state): Data<&Arc<AppState>>,
) -> Response {
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
    // Building a large network is CPU work: keep it off the async workers,
    // and take a turn as a GraphQL operation does (a download has no
    // deadline, so it waits as long as it must).
    let gate = &state.http.gate;
    let built = gate
        .run(gate.enter().await, move || {
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
