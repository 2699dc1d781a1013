//! What the API tells operators about the operations it answers: a count
//! and a duration per operation, labelled by transport, operation name and
//! outcome, and a count per refusal, labelled by the [`Limit`] that refused
//! (names in [`crate::telemetry`]). `http` and `ws` call [`record`] once
//! per operation; batch entries are operations of their own.
//!
//! Outcomes: `ok` (answered without errors, from the cache or a 304 too),
//! `refused` (a limit refused it or stopped it: body, document or batch
//! size, depth, nesting, complexity, aliases, directives, time), `error`
//! (any other error: a malformed request, a validation or field error).
//!
//! # Bounded operation names
//! Operation names come from clients, and every distinct label value is a
//! series Prometheus keeps. The first [`MAX_OPERATION_NAMES`] distinct names
//! this process sees keep their own label; later ones, names longer than
//! [`MAX_OPERATION_NAME_LEN`] bytes and names spelled like a reserved value
//! count as `other`. Anonymous operations count as `anonymous`; requests
//! refused or failed before their operation could be read (a body over the
//! limit, malformed JSON, an operation name the document does not hold) as
//! `unknown`. Only names of operations a parsed document holds take a place,
//! so made-up `operationName`s cannot use them up.
//!
//! This module must not answer or resolve anything.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use async_graphql::parser::types::OperationType;
use async_graphql::ServerError;
use metrics::SharedString;

use super::limits::Limit;
use crate::telemetry::{GRAPHQL_DURATION, GRAPHQL_OPERATIONS, GRAPHQL_REFUSED};

/// Distinct operation names that keep their own label, per process.
pub const MAX_OPERATION_NAMES: usize = 100;
/// Longer names count as `other`.
pub const MAX_OPERATION_NAME_LEN: usize = 100;

const ANONYMOUS: &str = "anonymous";
const OTHER: &str = "other";
const UNKNOWN: &str = "unknown";

/// How an operation reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    Http,
    WebSocket,
}

impl Transport {
    const fn as_str(self) -> &'static str {
        match self {
            Transport::Http => "http",
            Transport::WebSocket => "websocket",
        }
    }
}

/// How an operation ended, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok,
    Error,
    Refused(Limit),
}

impl Outcome {
    /// The outcome of an answer with these errors: refused when a limit
    /// refused it, an error for any other error.
    pub(crate) fn of(errors: &[ServerError]) -> Outcome {
        if errors.is_empty() {
            return Outcome::Ok;
        }
        errors.iter().find_map(Limit::of).map_or(Outcome::Error, Outcome::Refused)
    }

    const fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Refused(_) => "refused",
        }
    }
}

/// The `operation` label of one operation: its name, bounded (see the
/// module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OperationLabel(SharedString);

/// The names that keep a label of their own, at most `cap` of them.
struct Names {
    known: Mutex<HashSet<Arc<str>>>,
    cap: usize,
}

impl Names {
    fn new(cap: usize) -> Names {
        Names { known: Mutex::default(), cap }
    }

    fn label(&self, name: &str) -> OperationLabel {
        if name.len() > MAX_OPERATION_NAME_LEN || [ANONYMOUS, OTHER, UNKNOWN].contains(&name) {
            return OperationLabel::other();
        }
        // Every update is complete before the guard drops.
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(name) = known.get(name) {
            return OperationLabel(SharedString::from(Arc::clone(name)));
        }
        if known.len() >= self.cap {
            return OperationLabel::other();
        }
        let name: Arc<str> = Arc::from(name);
        known.insert(Arc::clone(&name));
        OperationLabel(SharedString::from(name))
    }
}

/// The process's names: the metrics are the process's too (one recorder).
static NAMES: LazyLock<Names> = LazyLock::new(|| Names::new(MAX_OPERATION_NAMES));

impl OperationLabel {
    pub(crate) fn anonymous() -> OperationLabel {
        OperationLabel(SharedString::const_str(ANONYMOUS))
    }

    pub(crate) fn unknown() -> OperationLabel {
        OperationLabel(SharedString::const_str(UNKNOWN))
    }

    fn other() -> OperationLabel {
        OperationLabel(SharedString::const_str(OTHER))
    }

    /// The label of an operation named `name` in a document.
    pub(crate) fn named(name: &str) -> OperationLabel {
        NAMES.label(name)
    }
}

/// The operation a request selects: its type and label. A document that
/// does not parse or names no single operation gives no type and the
/// `unknown` label; execution reports it as a request error.
pub(crate) fn select(request: &mut async_graphql::Request) -> (Option<OperationType>, OperationLabel) {
    let name = request.operation_name.clone();
    super::documents::parse(request);
    let Ok(document) = request.parsed_query() else { return (None, OperationLabel::unknown()) };
    match super::documents::selected(document, name.as_deref()) {
        Some((operation, Some(name))) => (Some(operation.node.ty), OperationLabel::named(name)),
        Some((operation, None)) => (Some(operation.node.ty), OperationLabel::anonymous()),
        None => (None, OperationLabel::unknown()),
    }
}

/// Counts one operation and, when given, its duration; a refusal is also
/// counted under its limit. A no-op while no recorder is installed.
pub(crate) fn record(
    transport: Transport,
    operation: &OperationLabel,
    outcome: Outcome,
    took: Option<Duration>,
) {
    let labels = [
        ("transport", SharedString::const_str(transport.as_str())),
        ("operation", operation.0.clone()),
        ("outcome", SharedString::const_str(outcome.as_str())),
    ];
    metrics::counter!(GRAPHQL_OPERATIONS, &labels).increment(1);
    if let Some(took) = took {
        metrics::histogram!(GRAPHQL_DURATION, &labels).record(took);
    }
    if let Outcome::Refused(limit) = outcome {
        metrics::counter!(GRAPHQL_REFUSED, "limit" => limit.as_str()).increment(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(query: &str, name: Option<&str>) -> (Option<OperationType>, String) {
        let mut request = async_graphql::Request::new(query);
        request.operation_name = name.map(String::from);
        let (ty, label) = select(&mut request);
        (ty, label.0.to_string())
    }

    #[test]
    fn operations_are_labelled_by_the_name_the_document_gives() {
        let query = Some(OperationType::Query);
        assert_eq!(label("{ a }", None), (query, "anonymous".into()));
        assert_eq!(label("query Probe { a }", None), (query, "Probe".into()));
        let two = "query A { a } mutation B { b }";
        assert_eq!(label(two, Some("B")), (Some(OperationType::Mutation), "B".into()));
        assert_eq!(label(two, None), (None, "unknown".into()));
        assert_eq!(label(two, Some("Made_up")), (None, "unknown".into()));
        assert_eq!(label("{ a", None), (None, "unknown".into()));
        assert_eq!(label("query other { a }", None), (query, "other".into()));
        let long = format!("query {} {{ a }}", "N".repeat(MAX_OPERATION_NAME_LEN + 1));
        assert_eq!(label(&long, None), (query, "other".into()));
    }

    #[test]
    fn names_past_the_cap_count_as_other() {
        let names = Names::new(2);
        let label = |name| names.label(name).0.to_string();
        assert_eq!([label("A"), label("B"), label("C"), label("A")], ["A", "B", "other", "A"]);
    }
}
