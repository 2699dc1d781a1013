//! The subscription root: what a dashboard listens to instead of polling.

use async_graphql::futures_util::stream::{self, Stream};
use async_graphql::{Context, ResultExt, SimpleObject, Subscription, ID};
use tokio::sync::broadcast::error::RecvError;

use super::context::engine;
use crate::engine::DataChange;

/// A change of the stored data: from `version` on, every query answers
/// from data that differs from the version before by these documents.
#[derive(SimpleObject)]
pub struct DataChanged {
    /// The new data version (as `stats { version }` reports it).
    pub version: u64,
    /// Documents stored by this change.
    pub documents_added: Vec<ID>,
    /// Documents removed by this change.
    pub documents_removed: Vec<ID>,
    /// Names of the places whose documents changed.
    pub places: Vec<String>,
    /// True when this subscriber fell so far behind that changes before
    /// this one were dropped: re-read what it shows.
    pub missed_earlier: bool,
}

impl DataChanged {
    fn new(change: DataChange, missed_earlier: bool) -> DataChanged {
        let ids = |ids: Vec<crate::model::DocumentId>| ids.into_iter().map(|id| ID(id.to_string())).collect();
        DataChanged {
            version: change.version,
            documents_added: ids(change.added),
            documents_removed: ids(change.removed),
            places: change.places,
            missed_earlier,
        }
    }
}

/// Live updates, over WebSocket (`graphql-transport-ws`, or the older
/// `graphql-ws`) at `/graphql`.
pub struct SubscriptionRoot;

/// Live updates, over WebSocket (`graphql-transport-ws`, or the older
/// `graphql-ws`) at `/graphql`.
#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Each change of the stored data (an ingest, a bulk load, a removal),
    /// as it is published: one event per change, in order.
    async fn data_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = DataChanged>> {
        let receiver = engine(ctx).extend()?.subscribe();
        Ok(stream::unfold((receiver, false), |(mut receiver, mut missed)| async move {
            loop {
                match receiver.recv().await {
                    Ok(change) => return Some((DataChanged::new(change, missed), (receiver, false))),
                    Err(RecvError::Lagged(_)) => missed = true,
                    Err(RecvError::Closed) => return None,
                }
            }
        }))
    }
}
