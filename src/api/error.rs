//! API errors and their `extensions.code`.
//!
//! Internal helpers return [`ApiResult`]; resolvers turn it into an
//! `async_graphql::Result` with `ResultExt::extend`, which attaches the code.
//! (A plain `?` would also compile, through async-graphql's blanket
//! `From<Display>`, but would drop the code: the error-path tests check every
//! code so such a slip fails a test.)

use async_graphql::{ErrorExtensions, InputType, Name, Value};

use super::enums::Severity;
use super::limits::Limit;
use super::location::SourceLocation;

pub type ApiResult<T> = Result<T, ApiError>;

/// Every `extensions.code` dutygraph sends, one spelling each, so a client
/// can match on it (listed in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `BAD_USER_INPUT`: the input is malformed: an id of the wrong shape, an unknown code, a bad cursor, a query over a limit, a document the reader refused.
    BadUserInput,
    /// `NOT_FOUND`: a well-formed id or name the data does not hold.
    NotFound,
    /// `UNAUTHENTICATED`: a mutation without the right bearer token.
    Unauthenticated,
    /// `INTERNAL_SERVER_ERROR`: a fault in dutygraph; the detail is in the server log.
    InternalServerError,
    /// `TIMEOUT`: the operation ran past the server's time limit.
    Timeout,
    /// `BAD_REQUEST`: the HTTP request is not a GraphQL request (parameters, JSON body).
    BadRequest,
    /// `UNSUPPORTED_MEDIA_TYPE`: a POST body in a media type other than JSON (415).
    UnsupportedMediaType,
    /// `METHOD_NOT_ALLOWED`: a method other than GET or POST, or a mutation over GET (405).
    MethodNotAllowed,
    /// `NOT_ACCEPTABLE`: an Accept header that allows no JSON type (406).
    NotAcceptable,
    /// `PAYLOAD_TOO_LARGE`: a body over the server's size limit (413).
    PayloadTooLarge,
    /// `PERSISTED_QUERY_NOT_FOUND`: an automatic persisted query sent by hash alone whose text the server does not hold; send it again with the query.
    PersistedQueryNotFound,
}

impl ErrorCode {
    /// Every code, in the order the README lists them.
    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::BadUserInput,
        ErrorCode::NotFound,
        ErrorCode::Unauthenticated,
        ErrorCode::InternalServerError,
        ErrorCode::Timeout,
        ErrorCode::BadRequest,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotAcceptable,
        ErrorCode::PayloadTooLarge,
        ErrorCode::PersistedQueryNotFound,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::InternalServerError => "INTERNAL_SERVER_ERROR",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            ErrorCode::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            ErrorCode::NotAcceptable => "NOT_ACCEPTABLE",
            ErrorCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ErrorCode::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
        }
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

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
    /// Input over one of the server's limits (a document too large); a
    /// `BAD_USER_INPUT` that the metrics count under its [`Limit`].
    #[error("{message}")]
    OverLimit { limit: Limit, message: String },
    /// A user error reported by the engine, with the reader's diagnostics.
    #[error("{message}")]
    Rejected { message: String, diagnostics: Vec<crate::ingest::Diagnostic> },
    /// The request's [`Deadline`](super::Deadline) passed before the
    /// resolver started.
    #[error("the operation ran past the server's time limit")]
    Timeout,
}

impl ApiError {
    /// The `extensions.code` of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadUserInput(_) | ApiError::OverLimit { .. } | ApiError::Rejected { .. } => {
                ErrorCode::BadUserInput
            }
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ApiError::Internal(_) => ErrorCode::InternalServerError,
            ApiError::Timeout => ErrorCode::Timeout,
        }
    }

    pub(crate) fn bad(message: impl Into<String>) -> ApiError {
        ApiError::BadUserInput(message.into())
    }

    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::NotFound(message.into())
    }
}

/// A refused name: NOT_FOUND when it was well formed but names nothing
/// stored, else BAD_USER_INPUT; the message is the name's own.
impl From<crate::names::NameError> for ApiError {
    fn from(e: crate::names::NameError) -> ApiError {
        if e.is_not_found() {
            ApiError::NotFound(e.to_string())
        } else {
            ApiError::BadUserInput(e.to_string())
        }
    }
}

/// Lets a resolver `.extend()` a name's result directly, with the code
/// [`ApiError`] gives it.
impl ErrorExtensions for crate::names::NameError {
    fn extend(&self) -> async_graphql::Error {
        ApiError::from(self.clone()).extend()
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(detail) = self {
            // The detail may name paths or store internals: log it, never send it.
            tracing::error!(error = %detail, "internal error while serving GraphQL");
        }
        let mut error = async_graphql::Error::new(self.to_string());
        if let ApiError::OverLimit { limit, .. } = self {
            // Carried to the response's `ServerError`, where `Limit::of` finds it.
            error.source = Some(std::sync::Arc::new(*limit));
        }
        error.extend_with(|_, ext| {
            ext.set("code", self.code().as_str());
            if let ApiError::Rejected { diagnostics, .. } = self {
                ext.set("diagnostics", Value::List(diagnostics.iter().map(diagnostic_value).collect()));
            }
        })
    }
}

/// A diagnostic as `extensions.diagnostics` lists it: the fields of the
/// GraphQL `Diagnostic` type, with the values that type gives them.
fn diagnostic_value(d: &crate::ingest::Diagnostic) -> Value {
    Value::Object(
        [
            ("line", Value::from(d.line)),
            ("source", d.location.as_ref().map_or(Value::Null, |at| SourceLocation::from(at).to_value())),
            ("severity", Severity::from(d.severity).to_value()),
            ("code", Value::from(d.code.as_str())),
            ("message", Value::from(d.message.as_str())),
        ]
        .into_iter()
        .map(|(k, v)| (Name::new(k), v))
        .collect(),
    )
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
