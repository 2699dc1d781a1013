//! The GraphQL schema. PLACEHOLDER SKELETON — to be implemented.
//!
//! Only this module knows async-graphql.

pub mod http;

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

use crate::engine::Engine;

/// Settings of the schema a server builds.
#[derive(Debug, Clone, Default)]
pub struct ApiConfig {
    /// Bearer token that mutations require; `None` disables mutations.
    pub write_token: Option<String>,
}

pub struct QueryRoot;

#[Object]
impl QueryRoot {
    /// Number of stored documents.
    async fn document_count(&self, ctx: &async_graphql::Context<'_>) -> usize {
        ctx.data_unchecked::<Arc<Engine>>().snapshot().catalog.documents.len()
    }
}

pub type DutySchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

pub fn build_schema(engine: Arc<Engine>, _config: ApiConfig) -> DutySchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription).data(engine).finish()
}

/// The schema as SDL, as checked in at `schema/schema.graphql`.
pub fn sdl(schema: &DutySchema) -> String {
    schema.sdl()
}
