//! Automatic persisted queries, as Apollo's protocol has them: a client sends
//! `extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`
//! without the query; if the server does not know the hash it answers
//! `PERSISTED_QUERY_NOT_FOUND` and the client sends query and hash together,
//! which the server checks, stores and runs. From then on the hash alone
//! runs the query, so a GET URL stays short.
//!
//! The store is an LRU bounded by count and bytes ([`CacheLimits`]); a
//! forgotten query costs the client one round trip to send it again. Each
//! query is already bounded by the request body limit.
//!
//! async-graphql has this as a schema extension (`ApolloPersistedQueries`),
//! but there the query is filled in during execution: this layer must know
//! it earlier, to refuse a persisted mutation over GET and to key the
//! response cache, so the protocol lives here.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::cache::{CacheLimits, Lru};
use super::params::Params;

/// Why a persisted-query request cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum PersistedQueryError {
    /// Apollo clients match on this message and on the code.
    #[error("PersistedQueryNotFound")]
    NotFound,
    #[error("provided sha does not match query")]
    HashMismatch,
    #[error("`extensions.persistedQuery` must be {{\"version\": 1, \"sha256Hash\": \"<64 hex digits>\"}}")]
    Malformed,
}

/// Query texts under their SHA-256, lower-case hex.
#[derive(Debug)]
pub(super) struct PersistedQueries {
    queries: Mutex<Lru<String, Arc<str>>>,
}

impl PersistedQueries {
    pub(super) fn new(limits: &CacheLimits) -> PersistedQueries {
        PersistedQueries { queries: Mutex::new(Lru::new(limits.persisted_queries, limits.persisted_bytes)) }
    }

    /// Fills in `params.query` from the store when the request names a
    /// persisted query by hash alone, or stores the query it carries under
    /// its checked hash. Requests without `persistedQuery` pass unchanged.
    pub(super) fn resolve(&self, params: &mut Params) -> Result<(), PersistedQueryError> {
        let Some(extension) = params.extensions.as_ref().and_then(|e| e.get("persistedQuery")) else {
            return Ok(());
        };
        let hash = requested_hash(extension).ok_or(PersistedQueryError::Malformed)?;
        // Either side of the lock may have panicked mid-read only; the map
        // itself is never left half-updated.
        let mut queries = self.queries.lock().unwrap_or_else(PoisonError::into_inner);
        if params.query.is_empty() {
            let query = queries.get(hash.as_str()).ok_or(PersistedQueryError::NotFound)?;
            params.query = query.to_string();
            return Ok(());
        }
        if sha256_hex(&params.query) != hash {
            return Err(PersistedQueryError::HashMismatch);
        }
        let weight = params.query.len();
        queries.insert(hash, Arc::from(params.query.as_str()), weight);
        Ok(())
    }
}

/// The hash a well-formed version-1 extension names, lower-cased.
fn requested_hash(extension: &Json) -> Option<String> {
    let version = extension.get("version")?.as_u64()?;
    let hash = extension.get("sha256Hash")?.as_str()?;
    (version == 1 && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| hash.to_ascii_lowercase())
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn params(query: &str, extension: Json) -> Params {
        Params {
            query: query.into(),
            operation_name: None,
            variables: None,
            extensions: json!({ "persistedQuery": extension }).as_object().cloned(),
        }
    }

    #[test]
    fn hashes_are_registered_then_resolved() {
        let store = PersistedQueries::new(&CacheLimits::default());
        let query = "{ __typename }";
        let hash = sha256_hex(query);
        assert_eq!(hash, "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b");
        let by_hash = || params("", json!({"version": 1, "sha256Hash": hash.to_uppercase()}));
        assert_eq!(store.resolve(&mut by_hash()), Err(PersistedQueryError::NotFound));
        let mut full = params(query, json!({"version": 1, "sha256Hash": hash}));
        assert_eq!(store.resolve(&mut full), Ok(()));
        let mut request = by_hash();
        assert_eq!(store.resolve(&mut request), Ok(()));
        assert_eq!(request.query, query);
        let mut wrong = params("{ other }", json!({"version": 1, "sha256Hash": hash}));
        assert_eq!(store.resolve(&mut wrong), Err(PersistedQueryError::HashMismatch));
        for malformed in [json!(1), json!({"version": 2, "sha256Hash": hash}), json!({"version": 1})] {
            assert_eq!(store.resolve(&mut params("", malformed)), Err(PersistedQueryError::Malformed));
        }
        let mut plain = Params { extensions: None, ..params(query, Json::Null) };
        assert_eq!(store.resolve(&mut plain), Ok(()));
    }
}
