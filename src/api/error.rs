//! API errors and their `extensions.code`.
//!
//! Internal helpers return [`ApiResult`]; resolvers turn it into an
//! `async_graphql::Result` with `ResultExt::extend`, which attaches the code.
//! (A plain `?` would also compile, through async-graphql's blanket
//! `From<Display>`, but would drop the code: the error-path tests check every
//! code so such a slip fails a test.)

use async_graphql::{ErrorExtensions, Value};

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The caller's input is malformed: an id of the wrong shape, an unknown
    /// category code, an empty search, a bad date range, a bad cursor or page
    /// size. The message names the value and what was expected.
    #[error("{0}")]
    BadUserInput(String),
    /// A well-formed id or name that the current snapshot does not hold.
    #[error("{0}")]
    NotFound(String),
    /// A mutation without the right bearer token, or with writes disabled.
    #[error("{0}")]
    Unauthenticated(String),
    /// A fault in dutygraph (store failure, a task that panicked). The detail
    /// goes to the server log only; callers see a fixed message.
    #[error("internal server error")]
    Internal(String),
    /// A user error reported by the engine, with the reader's diagnostics.
    #[error("{message}")]
    Rejected { message: String, diagnostics: Vec<crate::ingest::Diagnostic> },
}

impl ApiError {
    /// The `extensions.code` of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadUserInput(_) | ApiError::Rejected { .. } => "BAD_USER_INPUT",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::Unauthenticated(_) => "UNAUTHENTICATED",
            ApiError::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }

    pub(crate) fn bad(message: impl Into<String>) -> ApiError {
        ApiError::BadUserInput(message.into())
    }

    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::NotFound(message.into())
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(detail) = self {
            // The detail may name paths or store internals: log it, never send it.
            tracing::error!(error = %detail, "internal error while serving GraphQL");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", self.code());
            if let ApiError::Rejected { diagnostics, .. } = self {
                let list = diagnostics
                    .iter()
                    .map(|d| {
                        let mut obj = async_graphql::indexmap::IndexMap::new();
                        obj.insert(async_graphql::Name::new("line"), Value::from(d.line));
                        obj.insert(
                            async_graphql::Name::new("severity"),
                            Value::from(format!("{:?}", d.severity).to_uppercase()),
                        );
                        obj.insert(async_graphql::Name::new("code"), Value::from(d.code.clone()));
                        obj.insert(async_graphql::Name::new("message"), Value::from(d.message.clone()));
                        Value::Object(obj)
                    })
                    .collect::<Vec<_>>();
                ext.set("diagnostics", Value::List(list));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_detail() {
        let err = ApiError::Internal("sled: /var/lib/dutygraph/db corrupt".into()).extend();
        assert_eq!(err.message, "internal server error");
        let code = err.extensions.as_ref().and_then(|e| e.get("code")).cloned();
        assert_eq!(code, Some(Value::from("INTERNAL_SERVER_ERROR")));
    }

    #[test]
    fn every_variant_has_its_code() {
        assert_eq!(
            ApiError::bad("x").extend().extensions.unwrap().get("code"),
            Some(&Value::from("BAD_USER_INPUT"))
        );
        assert_eq!(ApiError::not_found("x").code(), "NOT_FOUND");
        assert_eq!(ApiError::Unauthenticated("x".into()).code(), "UNAUTHENTICATED");
    }
}
