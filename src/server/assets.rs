//! The GraphiQL playground (the page, its vendored assets and the example
//! queries of `playground/`) and the analyst's dashboard
//! (`playground/dashboard/`: its page, scripts, vendored ECharts and the
//! GraphQL operations it sends), embedded in the binary so both work
//! offline. The dashboard is static files only: it reads the data through
//! the public `/graphql` endpoint like any other client.

use poem::http::{header, StatusCode};
use poem::web::{Html, Path};
use poem::{handler, IntoResponse, Request, Response};
use serde::Serialize;

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
#[exclude = "dashboard/*"]
struct Playground;

/// The dashboard's files; its screenshots and recorded answers stay in the
/// repository, out of the binary.
#[derive(rust_embed::RustEmbed)]
#[folder = "playground/dashboard/"]
#[exclude = "screenshots/*"]
#[exclude = "answers/*"]
#[exclude = "*.md"]
struct Dashboard;

#[handler]
pub(super) fn asset(Path(file): Path<String>, req: &Request) -> Response {
    embedded::<Assets>(&file, req)
}

#[handler]
pub(super) fn dashboard_file(Path(file): Path<String>, req: &Request) -> Response {
    embedded::<Dashboard>(&file, req)
}

/// The dashboard's page. `no-cache` (revalidate every time) rather than the
/// assets' day: the page names the scripts, so a new binary shows at once.
#[handler]
pub(super) fn dashboard(req: &Request) -> Response {
    let mut response = embedded::<Dashboard>("index.html", req);
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    response
}

fn embedded<E: rust_embed::RustEmbed>(file: &str, req: &Request) -> Response {
    let Some(found) = E::get(file) else {
        return StatusCode::NOT_FOUND.with_body(format!("no asset named {file}")).into_response();
    };
    let etag = format!("\"{}\"", &blake3::Hash::from(found.metadata.sha256_hash()).to_hex()[..16]);
    let fresh = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str());
    let builder = Response::builder()
        .header(header::ETAG, etag)
        // The files change only with the binary; a day keeps reloads cheap
        // and the ETag makes revalidation cheaper still.
        .header(header::CACHE_CONTROL, "public, max-age=86400");
    if fresh {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder.content_type(asset_content_type(file)).body(found.data.into_owned())
}

fn asset_content_type(file: &str) -> &'static str {
    match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "text/plain; charset=utf-8",
    }
}

#[handler]
pub(super) fn playground() -> Response {
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
}
