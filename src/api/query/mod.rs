//! The query root, merged from one object per group of root fields.

mod catalog;
mod search;
mod stats;
mod tasks;
mod time;

use async_graphql::MergedObject;

pub use catalog::CatalogQuery;
pub use search::SearchQuery;
pub use stats::StatsQuery;
pub use tasks::TaskQuery;
pub use time::TimeQuery;

/// Every read the API offers.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    CatalogQuery,
    TaskQuery,
    SearchQuery,
    TimeQuery,
    StatsQuery,
    crate::api::analytics::AnalyticsQuery,
);
