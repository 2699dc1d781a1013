//! Operations already parsed, and operations already validated, so that a
//! dashboard sending the same few operations over and over pays for parsing
//! and validation once (graphql-yoga does the same with its parser and
//! validation caches). Parsing and validation were a sixth of a dashboard
//! list's cost and most of a ranking's (BENCHMARKS.md, "Field resolution").
//!
//! - [`parse`] keeps parsed documents by query text, per process: a parse is
//!   a function of the text alone.
//! - [`Validated`] remembers which (query, operation name, variables) a
//!   schema has accepted; [`DutySchema`](super::DutySchema) runs those again
//!   without async-graphql's validation rules (its depth and complexity
//!   limits still apply). Variables are part of the key because validation
//!   checks their values against argument types.
//!
//! Both are bounded: when full they start again empty, which costs one
//! parse or validation per operation afterwards, never a wrong answer.
//!
//! [`selected`] is the one reading of which operation of a document a
//! request runs, and [`reads_no_data`] what that operation reads.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, DefaultHasher, Hash, Hasher, RandomState};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType, Selection,
};
use async_graphql::parser::Positioned;
use async_graphql::{Name, Request};

/// Parsed documents kept; each is a few kilobytes.
const MAX_PARSED: usize = 512;
/// Validated operations remembered (64-bit keys).
const MAX_VALIDATED: usize = 4096;
/// Longer queries are parsed each time: they are rare and large.
const MAX_CACHED_QUERY_LEN: usize = 16 * 1024;

static PARSED: LazyLock<Mutex<HashMap<String, Arc<ExecutableDocument>>>> = LazyLock::new(Mutex::default);

/// Sets the request's parsed document from the cache, or parses it (and
/// keeps it when it parsed). A parse error is left for the schema to report.
pub(crate) fn parse(request: &mut Request) {
    if request.query.len() > MAX_CACHED_QUERY_LEN {
        let _ = request.parsed_query();
        return;
    }
    let known = PARSED.lock().unwrap_or_else(PoisonError::into_inner).get(&request.query).cloned();
    if let Some(document) = known {
        // The clone is a copy of the syntax tree, far cheaper than parsing.
        request.set_parsed_query((*document).clone());
        return;
    }
    let Ok(document) = request.parsed_query() else { return };
    let document = Arc::new(document.clone());
    let mut parsed = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
    if parsed.len() >= MAX_PARSED {
        parsed.clear();
    }
    parsed.insert(request.query.clone(), document);
}

/// The operation of `document` a request naming `name` runs, with its name
/// (`None` for an anonymous one): the one named, or the only one. `None`
/// when there is no such operation, which execution reports.
pub(crate) fn selected<'d>(
    document: &'d ExecutableDocument,
    name: Option<&str>,
) -> Option<(&'d Positioned<OperationDefinition>, Option<&'d Name>)> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some((operation, None)),
        (DocumentOperations::Multiple(map), Some(name)) => {
            map.get_key_value(name).map(|(name, operation)| (operation, Some(name)))
        }
        (DocumentOperations::Multiple(map), None) if map.len() == 1 => {
            map.iter().next().map(|(name, operation)| (operation, Some(name)))
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Whether the request is a query that selects only `__typename`,
/// `__schema` and `__type` at its root (fragments not followed): it
/// answers from the schema and never reads the snapshot. A document that
/// does not parse or selects no operation reads data as far as the caller
/// knows.
pub(crate) fn reads_no_data(request: &mut Request) -> bool {
    let name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else { return false };
    let Some((operation, _)) = selected(document, name.as_deref()) else { return false };
    operation.node.ty == OperationType::Query
        && operation.node.selection_set.node.items.iter().all(|selection| match &selection.node {
            Selection::Field(field) => field.node.name.node.starts_with("__"),
            Selection::FragmentSpread(_) | Selection::InlineFragment(_) => false,
        })
}

/// The operations one schema has validated without errors.
#[derive(Debug, Default)]
pub(crate) struct Validated(Mutex<HashSet<u64>>);

/// Keys are hashed with a key chosen per process, so that no one can craft
/// a query whose key collides with one already validated.
static KEYS: LazyLock<RandomState> = LazyLock::new(RandomState::new);

impl Validated {
    /// The key of a request: its query, operation name and variables.
    pub(crate) fn key(request: &Request) -> u64 {
        let mut hasher = KEYS.build_hasher();
        request.query.hash(&mut hasher);
        request.operation_name.hash(&mut hasher);
        // Variables are a map of JSON-like values without `Hash`; their JSON
        // text is canonical (the map is sorted by name).
        serde_json::to_writer(HashWriter(&mut hasher), &request.variables).unwrap_or_default();
        hasher.finish()
    }

    pub(crate) fn contains(&self, key: u64) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).contains(&key)
    }

    pub(crate) fn insert(&self, key: u64) {
        let mut keys = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if keys.len() >= MAX_VALIDATED {
            keys.clear();
        }
        keys.insert(key);
    }
}

/// Feeds serialised bytes into a hasher.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_parse_is_the_same_document() {
        let text = "query Q($n: Int) { a(first: $n) { b } }";
        let mut first = Request::new(text);
        parse(&mut first);
        let mut second = Request::new(text);
        parse(&mut second);
        let (a, b) = (first.parsed_query().unwrap(), second.parsed_query().unwrap());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let mut broken = Request::new("{ a(");
        parse(&mut broken);
        assert!(broken.parsed_query().is_err());
    }

    #[test]
    fn only_introspection_at_the_root_reads_no_data() {
        let reads_none = |query: &str, name: Option<&str>| {
            let mut request = Request::new(query);
            request.operation_name = name.map(str::to_string);
            reads_no_data(&mut request)
        };
        assert!(reads_none("{ __typename }", None));
        assert!(reads_none(
            "query Q { __schema { types { name } } t: __type(name: \"Place\") { name } }",
            None
        ));
        assert!(reads_none("query A { places { name } } query B { __typename }", Some("B")));
        assert!(!reads_none("query A { places { name } } query B { __typename }", Some("A")));
        assert!(!reads_none("query A { __typename } query B { __typename }", None));
        assert!(!reads_none("{ __typename places { name } }", None));
        assert!(!reads_none("{ ...F } fragment F on Query { __typename }", None));
        assert!(!reads_none("mutation { __typename }", None));
        assert!(!reads_none("{ __typename", None));
    }

    #[test]
    fn variables_and_operation_names_are_part_of_the_key() {
        let text = "query Q($n: Int) { a(first: $n) }";
        let with = |n: i32| {
            Request::new(text).variables(async_graphql::Variables::from_json(serde_json::json!({ "n": n })))
        };
        assert_eq!(Validated::key(&with(1)), Validated::key(&with(1)));
        assert_ne!(Validated::key(&with(1)), Validated::key(&with(2)));
        assert_ne!(Validated::key(&with(1)), Validated::key(&with(1).operation_name("Q")));
        let validated = Validated::default();
        validated.insert(Validated::key(&with(1)));
        assert!(validated.contains(Validated::key(&with(1))));
        assert!(!validated.contains(Validated::key(&with(2))));
    }
}
