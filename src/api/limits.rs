//! Request limits async-graphql does not enforce by itself: the size of a
//! query once its fragments are spread, the number of aliases, and a
//! deadline checked before execution and as root fields resolve.
//!
//! async-graphql's depth, recursion and complexity checks walk the query with
//! every fragment spread expanded in place, so a kilobyte of fragments that
//! each spread the previous one twice costs them 2^n steps. [`QueryLimits`]
//! measures the expansion first, remembering each fragment's size, in time
//! linear in the text, and refuses the request before those checks run.
//!
//! [`Limit`] names every server limit that can refuse a request, and tells
//! which one refused from the error (`dutygraph_graphql_refused_total`
//! counts by it).
//!
//! None of this is an async-graphql extension: a schema with any extension
//! sends every field through the extension chain (a `ResolveInfo`, type
//! names formatted per list item, a registry lookup per field), which cost
//! a third of a dashboard list. [`DutySchema`](super::DutySchema) calls
//! [`QueryLimits::check`] and [`Deadline::check`] itself before it executes.
//!
//! This module must not resolve anything or know the transport: the deadline
//! arrives as [`Deadline`] in the request data.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, Positioned, Request, ServerError, Value};

use super::error::ErrorCode;

/// `extensions.code` of an operation stopped by its [`Deadline`].
pub const TIMEOUT_CODE: &str = ErrorCode::Timeout.as_str();

/// A server limit that can refuse a request, named after the setting that
/// sets it; its label in the metrics (`Limit::as_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `max_body_bytes`: the HTTP request body (413).
    BodySize,
    /// `max_document_bytes`: a document to ingest, as text or uploaded file.
    DocumentSize,
    /// `max_batch`: operations in one batched POST, files in one upload.
    BatchSize,
    /// `max_depth`: field nesting.
    Depth,
    /// `max_recursive_depth`: nesting of selection sets and fragment spreads.
    RecursiveDepth,
    /// `max_complexity`: the query's cost, and its fields once fragments are spread.
    Complexity,
    /// `max_aliases`.
    Aliases,
    /// `max_directives`: directives on one field.
    Directives,
    /// `request_timeout_secs`: the time one HTTP request may take.
    Timeout,
}

impl Limit {
    /// Every limit, in the order the README lists them.
    pub const ALL: [Limit; 9] = [
        Limit::BodySize,
        Limit::DocumentSize,
        Limit::BatchSize,
        Limit::Depth,
        Limit::RecursiveDepth,
        Limit::Complexity,
        Limit::Aliases,
        Limit::Directives,
        Limit::Timeout,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Limit::BodySize => "body_size",
            Limit::DocumentSize => "document_size",
            Limit::BatchSize => "batch_size",
            Limit::Depth => "depth",
            Limit::RecursiveDepth => "recursive_depth",
            Limit::Complexity => "complexity",
            Limit::Aliases => "aliases",
            Limit::Directives => "directives",
            Limit::Timeout => "timeout",
        }
    }

    /// The limit that refused with `error`, if one did. dutygraph's own
    /// refusals carry the limit as the error's source, a timeout its
    /// `TIMEOUT` code; async-graphql's depth, nesting, complexity and
    /// directive checks carry neither, only their fixed messages, which the
    /// tests below pin against the async-graphql in use.
    pub fn of(error: &ServerError) -> Option<Limit> {
        if let Some(limit) = error.source::<Limit>() {
            return Some(*limit);
        }
        if is_timeout(error) {
            return Some(Limit::Timeout);
        }
        let message = error.message.as_str();
        match message {
            "Query is nested too deep." => Some(Limit::Depth),
            "Query is too complex." => Some(Limit::Complexity),
            _ if message.starts_with("The recursion depth of the query cannot be greater than") => {
                Some(Limit::RecursiveDepth)
            }
            _ if message.starts_with("The number of directives on the field") => Some(Limit::Directives),
            _ => None,
        }
    }
}

/// The instant after which no further root field of the request may start.
/// Transports put it into the request data; without it nothing is checked.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(pub Instant);

impl Deadline {
    /// Fails with `TIMEOUT` once the deadline has passed. Checked before an
    /// operation executes and by every resolver that reads the request's
    /// snapshot (every root field, where the heavy work is: analytics and
    /// whole lists), so work that never yields still stops soon after its
    /// answer was given up. Fields below a root are plain reads bounded by
    /// the complexity limit, and are not checked one by one.
    pub fn check(deadline: Option<&Deadline>) -> Result<(), ServerError> {
        match deadline {
            Some(d) if Instant::now() >= d.0 => Err(timeout()),
            _ => Ok(()),
        }
    }
}

/// The error of an operation stopped by its [`Deadline`].
pub(crate) fn timeout() -> ServerError {
    coded("the operation ran past the server's time limit".into(), TIMEOUT_CODE)
}

/// Refuses queries whose expansion exceeds `max_fields` selections or that
/// use more than `max_aliases` aliases (both counted with every fragment
/// spread expanded).
#[derive(Debug, Clone, Copy)]
pub struct QueryLimits {
    pub max_fields: usize,
    pub max_aliases: usize,
}

impl QueryLimits {
    /// Measures the request's query. The parsed document stays in the
    /// request, so the schema does not parse again. A parse error is left
    /// to the schema to report.
    pub fn check(&self, request: &mut Request) -> Result<(), ServerError> {
        let Ok(document) = request.parsed_query() else { return Ok(()) };
        let shape = Shape::of(document);
        if shape.fields > self.max_fields {
            return Err(refusal(
                Limit::Complexity,
                format!(
                    "the query expands to more than {} fields once its fragments are spread; \
                     ask for less, or split it into several requests",
                    self.max_fields
                ),
            ));
        }
        if shape.aliases > self.max_aliases {
            return Err(refusal(
                Limit::Aliases,
                format!(
                    "the query uses {} aliases; at most {} are allowed: use a list field \
                     (e.g. `places` or `documents`) instead of one alias per item",
                    shape.aliases, self.max_aliases
                ),
            ));
        }
        Ok(())
    }
}

/// A `BAD_USER_INPUT` refusal that [`Limit::of`] tells apart.
fn refusal(limit: Limit, message: String) -> ServerError {
    let mut error = coded(message, ErrorCode::BadUserInput.as_str());
    error.source = Some(Arc::new(limit));
    error
}

fn coded(message: String, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    error
}

/// Counts of a query with every fragment spread expanded, saturating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    pub fields: usize,
    pub aliases: usize,
}

impl Shape {
    fn add(self, other: Shape) -> Shape {
        Shape {
            fields: self.fields.saturating_add(other.fields),
            aliases: self.aliases.saturating_add(other.aliases),
        }
    }

    /// Every operation of the document, each fragment measured once.
    pub(crate) fn of(document: &ExecutableDocument) -> Shape {
        let mut memo = HashMap::new();
        document.operations.iter().fold(Shape::default(), |sum, (_, op)| {
            sum.add(measure(document, &op.node.selection_set, &mut memo))
        })
    }
}

/// The shape of a selection set. A fragment met again while it is being
/// measured (a cycle, which validation reports) counts as empty.
fn measure<'d>(
    document: &'d ExecutableDocument,
    set: &'d Positioned<SelectionSet>,
    memo: &mut HashMap<&'d str, Option<Shape>>,
) -> Shape {
    set.node.items.iter().fold(Shape::default(), |sum, selection| {
        let inner = match &selection.node {
            Selection::Field(field) => {
                let own = Shape { fields: 1, aliases: usize::from(field.node.alias.is_some()) };
                own.add(measure(document, &field.node.selection_set, memo))
            }
            Selection::InlineFragment(fragment) => measure(document, &fragment.node.selection_set, memo),
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match memo.get(name) {
                    Some(known) => known.unwrap_or_default(),
                    None => match document.fragments.get(name) {
                        Some(fragment) => {
                            memo.insert(name, None);
                            let shape = measure(document, &fragment.node.selection_set, memo);
                            memo.insert(name, Some(shape));
                            shape
                        }
                        None => Shape::default(),
                    },
                }
            }
        };
        sum.add(inner)
    })
}

/// True when `error` is the one [`Deadline::check`] raises.
pub fn is_timeout(error: &ServerError) -> bool {
    error.extensions.as_ref().and_then(|e| e.get("code")) == Some(&Value::from(TIMEOUT_CODE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Shape {
        Shape::of(&async_graphql::parser::parse_query(query).unwrap())
    }

    #[test]
    fn fragments_count_once_per_spread() {
        assert_eq!(shape("{ a b { c } }"), Shape { fields: 3, aliases: 0 });
        assert_eq!(
            shape("{ x: a y: a ...F ...F } fragment F on Q { b c: d }"),
            Shape { fields: 6, aliases: 4 }
        );
        assert_eq!(shape("{ ... on Q { a } }"), Shape { fields: 1, aliases: 0 });
    }

    #[test]
    fn exponential_fragments_are_measured_in_linear_time() {
        let mut query = String::from("{ ...F40 } fragment F0 on Q { a }");
        for i in 1..=40 {
            query.push_str(&format!(" fragment F{i} on Q {{ ...F{p} ...F{p} }}", p = i - 1));
        }
        assert_eq!(shape(&query).fields, 1 << 40);
    }

    struct Q;

    #[async_graphql::Object]
    impl Q {
        async fn a(&self) -> i32 {
            1
        }
        async fn q(&self) -> Q {
            Q
        }
    }

    #[tokio::test]
    async fn every_refusal_names_its_limit() {
        use async_graphql::{EmptyMutation, EmptySubscription, Schema};
        let limits = QueryLimits { max_fields: 20, max_aliases: 2 };
        let schema = Schema::build(Q, EmptyMutation, EmptySubscription)
            .limit_depth(3)
            .limit_complexity(10)
            .limit_recursive_depth(4)
            .limit_directives(1)
            .finish();
        let nested = "{ ... on Q { ... on Q { ... on Q { ... on Q { ... on Q { a } } } } } }";
        for (query, limit) in [
            ("{ q { q { q { a } } } }", Some(Limit::Depth)),
            (nested, Some(Limit::RecursiveDepth)),
            ("{ q { a } q { a } q { a } q { a } q { a } q { a } }", Some(Limit::Complexity)),
            (&format!("{{ {} }}", "a ".repeat(21)), Some(Limit::Complexity)),
            ("{ x: a y: a z: a }", Some(Limit::Aliases)),
            ("{ a @include(if: true) @skip(if: false) }", Some(Limit::Directives)),
            ("{ b }", None),
        ] {
            let mut request = Request::new(query);
            let errors = match limits.check(&mut request) {
                Err(refused) => vec![refused],
                Ok(()) => schema.execute(request).await.errors,
            };
            let refused: Vec<_> = errors.iter().map(Limit::of).collect();
            assert_eq!(refused, [limit], "{query}: {errors:?}");
        }
        assert_eq!(Limit::of(&timeout()), Some(Limit::Timeout));
    }

    #[test]
    fn a_deadline_refuses_only_once_passed() {
        let now = Instant::now();
        assert!(Deadline::check(None).is_ok());
        assert!(Deadline::check(Some(&Deadline(now + std::time::Duration::from_secs(60)))).is_ok());
        assert!(is_timeout(&Deadline::check(Some(&Deadline(now))).unwrap_err()));
    }

    #[test]
    fn cycles_and_unknown_fragments_do_not_loop() {
        assert_eq!(shape("{ ...A } fragment A on Q { a ...B } fragment B on Q { b ...A }").fields, 2);
        assert_eq!(shape("{ a ...Missing }").fields, 1);
    }
}
