//! Per-request state: the pinned snapshot and the write-token check.

use std::sync::Arc;
use std::time::Instant;

use async_graphql::Context;

use super::error::{ApiError, ApiResult};
use super::{BearerToken, Deadline};
use crate::engine::{Engine, Snapshot};
use crate::model::Catalog;

/// The snapshot one request reads from, kept in the request data.
#[derive(Debug, Clone)]
pub struct PinnedSnapshot(pub Arc<Snapshot>);

/// The catalog of the request's pinned snapshot.
pub(crate) fn catalog(ctx: &Context<'_>) -> ApiResult<Arc<Catalog>> {
    pinned(ctx).map(|s| s.catalog.clone())
}

/// The request's pinned snapshot (catalog and network views), for resolvers
/// that need the analytics as well as the catalog.
pub(crate) fn snapshot(ctx: &Context<'_>) -> ApiResult<Arc<Snapshot>> {
    pinned(ctx).cloned()
}

/// The one place resolvers get their data from, and so where they look at
/// the request's [`Deadline`]: every root field reads the snapshot here
/// before its work. There is no fallback to the engine's current snapshot:
/// a request reads one version, and a request that did not go through
/// [`DutySchema::execute`](super::DutySchema::execute) fails loudly instead of
/// letting two fields read two versions.
fn pinned<'a>(ctx: &Context<'a>) -> ApiResult<&'a Arc<Snapshot>> {
    let pinned = ctx
        .data::<PinnedSnapshot>()
        .map(|p| &p.0)
        .map_err(|_| ApiError::Internal("the request has no pinned snapshot".into()))?;
    if ctx.data_opt::<Deadline>().is_some_and(|d| Instant::now() >= d.0) {
        return Err(ApiError::Timeout);
    }
    Ok(pinned)
}

pub(crate) fn engine<'a>(ctx: &Context<'a>) -> ApiResult<&'a Arc<Engine>> {
    ctx.data::<Arc<Engine>>().map_err(|_| ApiError::Internal("schema built without an engine".into()))
}

/// The configured write token, kept as its hash so the comparison below takes
/// the same time whatever the tokens' lengths and contents.
pub(crate) struct WriteToken(Option<[u8; 32]>);

impl WriteToken {
    pub(crate) fn new(token: Option<String>) -> WriteToken {
        WriteToken(token.filter(|t| !t.is_empty()).map(|t| *blake3::hash(t.as_bytes()).as_bytes()))
    }

    fn admits(&self, given: Option<&str>) -> bool {
        let (Some(expected), Some(given)) = (&self.0, given) else { return false };
        let given = blake3::hash(given.as_bytes());
        // Fold over every byte instead of stopping at the first difference, so
        // timing does not reveal how much of a guess was right.
        expected.iter().zip(given.as_bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// Fails with `UNAUTHENTICATED` unless the request's bearer token is the
/// configured write token. Neither token is ever logged or echoed.
pub(crate) fn require_writer(ctx: &Context<'_>) -> ApiResult<()> {
    let configured = ctx.data_opt::<WriteToken>();
    let Some(configured) = configured.filter(|t| t.0.is_some()) else {
        return Err(ApiError::Unauthenticated(
            "writes are disabled: the server has no write token configured".into(),
        ));
    };
    let given = ctx.data_opt::<BearerToken>().and_then(|t| t.0.as_deref());
    if given.is_none() {
        return Err(ApiError::Unauthenticated(
            "this mutation needs a bearer token: send `Authorization: Bearer <token>`".into(),
        ));
    }
    if !configured.admits(given) {
        return Err(ApiError::Unauthenticated("the bearer token is not the write token".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_token_admits_only_the_exact_token() {
        let token = WriteToken::new(Some("s3cret".into()));
        assert!(token.admits(Some("s3cret")));
        assert!(!token.admits(Some("s3cret ")));
        assert!(!token.admits(Some("")));
        assert!(!token.admits(None));
        assert!(!WriteToken::new(None).admits(Some("s3cret")));
        assert!(!WriteToken::new(Some(String::new())).admits(Some("")));
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        let config = crate::api::ApiConfig { write_token: Some("s3cret".into()), ..Default::default() };
        let bearer = crate::api::BearerToken(Some("s3cret".into()));
        assert!(!format!("{config:?}{bearer:?}").contains("s3cret"));
    }
}
