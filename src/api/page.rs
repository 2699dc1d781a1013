//! Relay cursor pagination over an already filtered and sorted list.
//!
//! A cursor is the item's 0-based position in that list, printed in decimal.
//! It is only meaningful with the same filter, sort and data version; a stale
//! cursor never fails, it just points into the newer list.

use std::ops::Range;

use async_graphql::connection::{Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields};
use async_graphql::{ObjectType, OutputType, SimpleObject};

use super::error::{ApiError, ApiResult};

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: usize = 20;
/// Largest accepted `first` / `last`.
pub const MAX_PAGE: usize = 200;

/// Fields every connection adds next to `edges` and `pageInfo`.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct Counted {
    /// Number of items matching the filter on all pages.
    pub total_count: usize,
}

/// The four Relay arguments as given.
#[derive(Debug, Default, Clone)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// The complexity of a connection field: its selection counted once per item
/// of the largest page the arguments allow.
pub(crate) fn page_cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let size = match (first, last) {
        (None, None) => DEFAULT_PAGE,
        (f, l) => f.unwrap_or(0).max(l.unwrap_or(0)).clamp(0, MAX_PAGE as i32) as usize,
    };
    size.max(1).saturating_mul(child_complexity)
}

/// How many items a list field without a page size is assumed to hold when
/// pricing a query: about a place's departments.
pub const LIST_GUESS: usize = 20;

/// The complexity of a plain list field: its selection once per item of
/// `first` when given, else [`LIST_GUESS`] items. Without this, nesting lists
/// (places → departments → place → departments → …) would be priced as if each
/// list held one item.
pub(crate) fn list_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let size = first.map_or(LIST_GUESS, |f| f.clamp(0, MAX_PAGE as i32) as usize);
    size.max(1).saturating_mul(child_complexity)
}

fn parse_cursor(name: &str, raw: &str) -> ApiResult<usize> {
    raw.parse::<usize>().map_err(|_| {
        ApiError::bad(format!(
            "`{raw}` is not a valid `{name}` cursor: expected a cursor returned by this connection \
             (a decimal position)"
        ))
    })
}

fn page_size(name: &str, value: Option<i32>) -> ApiResult<Option<usize>> {
    match value {
        Some(v) if v < 0 || v as usize > MAX_PAGE => {
            Err(ApiError::bad(format!("`{name}: {v}` is out of range: expected 0 to {MAX_PAGE}")))
        }
        other => Ok(other.map(|v| v as usize)),
    }
}

/// The positions of the requested page among `total` items, per the Relay
/// algorithm: cut at `after` / `before`, then keep the first `first` and of
/// those the last `last`. Default page: the first 20.
pub(crate) fn window(total: usize, args: &PageArgs) -> ApiResult<Range<usize>> {
    let mut first = page_size("first", args.first)?;
    let last = page_size("last", args.last)?;
    let after = args.after.as_deref().map(|c| parse_cursor("after", c)).transpose()?;
    let before = args.before.as_deref().map(|c| parse_cursor("before", c)).transpose()?;
    if first.is_none() && last.is_none() {
        first = Some(DEFAULT_PAGE);
    }
    let mut start = after.map_or(0, |a| a.saturating_add(1)).min(total);
    let mut end = before.map_or(total, |b| b.min(total)).max(start);
    if let Some(f) = first {
        end = end.min(start + f);
    }
    if let Some(l) = last {
        start = start.max(end.saturating_sub(l));
    }
    Ok(start..end)
}

/// Builds one page of a connection from the full list.
pub(crate) fn connection<T, N, E, CN, EN>(
    items: &[T],
    args: &PageArgs,
    mut node: impl FnMut(&T) -> (N, E),
) -> ApiResult<Connection<usize, N, Counted, E, CN, EN>>
where
    N: OutputType,
    E: ObjectType,
    CN: ConnectionNameType,
    EN: EdgeNameType,
{
    let range = window(items.len(), args)?;
    let mut conn = Connection::with_additional_fields(
        range.start > 0,
        range.end < items.len(),
        Counted { total_count: items.len() },
    );
    conn.edges.extend(range.map(|i| {
        let (n, e) = node(&items[i]);
        Edge::with_additional_fields(i, n, e)
    }));
    Ok(conn)
}

/// Shorthand for connections whose edges carry nothing but the node.
pub(crate) type NoEdgeFields = EmptyFields;

#[cfg(test)]
mod tests {
    use super::*;

    fn args(first: Option<i32>, after: Option<&str>, last: Option<i32>, before: Option<&str>) -> PageArgs {
        PageArgs { first, after: after.map(Into::into), last, before: before.map(Into::into) }
    }

    #[test]
    fn relay_windows() {
        assert_eq!(window(50, &PageArgs::default()).unwrap(), 0..20);
        assert_eq!(window(5, &args(Some(2), None, None, None)).unwrap(), 0..2);
        assert_eq!(window(5, &args(Some(2), Some("1"), None, None)).unwrap(), 2..4);
        assert_eq!(window(5, &args(None, None, Some(2), None)).unwrap(), 3..5);
        assert_eq!(window(5, &args(None, None, Some(2), Some("3"))).unwrap(), 1..3);
        assert_eq!(window(5, &args(Some(10), Some("9"), None, None)).unwrap(), 5..5);
        assert_eq!(window(5, &args(None, Some("0"), None, Some("4"))).unwrap(), 1..4);
    }

    #[test]
    fn bad_arguments_are_user_errors() {
        for a in [
            args(Some(201), None, None, None),
            args(Some(-1), None, None, None),
            args(None, Some("abc"), None, None),
            args(None, None, Some(1), Some("-3")),
        ] {
            assert!(matches!(window(5, &a), Err(ApiError::BadUserInput(_))), "{a:?}");
        }
    }

    #[test]
    fn cost_counts_the_page_size() {
        assert_eq!(page_cost(None, None, 3), 60);
        assert_eq!(page_cost(Some(200), None, 2), 400);
        assert_eq!(page_cost(Some(5000), None, 1), 200);
    }
}
