//! Shared fixtures for the API tests: one seed-loaded engine and schema per
//! test binary, and helpers to run queries.

use std::sync::{Arc, LazyLock};

use async_graphql::{Request, Response};
use dutygraph::api::{self, ApiConfig, BearerToken, DutySchema};
use dutygraph::engine::Engine;
use dutygraph::store::Store;
use serde_json::Value;

pub const TOKEN: &str = "test-write-token";

/// The five seeds, loaded once. Read-only tests share it; tests that write
/// build their own with [`fresh_schema`].
pub struct Seeded {
    pub engine: Arc<Engine>,
    pub schema: DutySchema,
}

impl std::ops::Deref for Seeded {
    type Target = DutySchema;
    fn deref(&self) -> &DutySchema {
        &self.schema
    }
}

pub static SEEDED: LazyLock<Seeded> = LazyLock::new(|| {
    let engine = Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine"));
    engine.load_seeds_if_empty().expect("seeds load");
    Seeded { engine: engine.clone(), schema: api::build_schema(engine, ApiConfig::default()) }
});

/// The seed catalog, to compute expected answers independently of the API.
pub fn seed_catalog() -> Arc<dutygraph::model::Catalog> {
    SEEDED.engine.snapshot().catalog.clone()
}

/// An engine of its own (seeded or empty) with the write token configured.
pub fn fresh_schema(seeded: bool) -> (Arc<Engine>, DutySchema) {
    let engine = Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine"));
    if seeded {
        engine.load_seeds_if_empty().expect("seeds load");
    }
    let config = ApiConfig { write_token: Some(TOKEN.into()), ..ApiConfig::default() };
    (engine.clone(), api::build_schema(engine, config))
}

pub fn run_on(schema: &DutySchema, request: impl Into<Request>) -> Response {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(schema.execute(request))
}

/// Runs a query on the shared seed schema and returns `data`, failing on errors.
pub fn data(query: &str) -> Value {
    let response = run_on(&SEEDED.schema, query);
    assert!(response.errors.is_empty(), "errors for {query}: {:?}", response.errors);
    response.data.into_json().expect("json")
}

/// Runs a query expected to fail and returns the first error's code and message.
pub fn error_of(schema: &DutySchema, request: impl Into<Request>) -> (String, String) {
    let response = run_on(schema, request);
    let err = response.errors.first().unwrap_or_else(|| panic!("expected an error, got {:?}", response.data));
    let code = err
        .extensions
        .as_ref()
        .and_then(|e| e.get("code"))
        .map(|c| c.to_string().trim_matches('"').to_string())
        .unwrap_or_default();
    (code, err.message.clone())
}

pub fn with_token(query: &str, token: Option<&str>) -> Request {
    Request::new(query).data(BearerToken(token.map(String::from)))
}
