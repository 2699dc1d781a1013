//! The subscription root: what a dashboard listens to instead of polling.

use async_graphql::futures_util::stream::{self, Stream};
use async_graphql::{Context, ResultExt, SimpleObject, Subscription, ID};
use tokio::sync::broadcast::error::RecvError;

use super::context::engine;
use crate::engine::{DataChange, WriteProgress};

/// A change of the stored data: from `version` on, every query answers
/// from data that differs from the version before by these documents.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
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

/// How far a running write (an ingest, an upload, a bulk load) has got.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct IngestProgress {
    /// Numbers the server's writes from 1 since it started; every event of
    /// one write carries the same number.
    pub write: u64,
    /// Documents the write was given, when known up front.
    pub total: Option<usize>,
    /// Documents done so far: stored, unchanged or refused.
    pub done: usize,
    /// Documents newly stored.
    pub stored: usize,
    /// Documents whose content was already stored.
    pub unchanged: usize,
    /// Documents refused (unreadable, too large, no place).
    pub refused: usize,
    /// The name of the document this event is about (its source name); null
    /// on a write's first and last event.
    pub document: Option<String>,
    /// True on the write's last event: what it stored is visible to queries
    /// (a `dataChanged` event has gone out when it stored anything).
    pub finished: bool,
    /// True when this subscriber fell so far behind that events before this
    /// one were dropped.
    pub missed_earlier: bool,
}

impl IngestProgress {
    fn new(p: WriteProgress, missed_earlier: bool) -> IngestProgress {
        let WriteProgress { write, total, done, stored, unchanged, refused, document, finished } = p;
        IngestProgress { write, total, done, stored, unchanged, refused, document, finished, missed_earlier }
    }
}

/// Events from a broadcast receiver, each told whether the subscriber
/// lagged and lost events before it; ends when the sender goes.
fn events<T: Clone + Send + 'static, E>(
    receiver: tokio::sync::broadcast::Receiver<T>,
    event: impl Fn(T, bool) -> E + Send + 'static,
) -> impl Stream<Item = E> {
    stream::unfold((receiver, event), |(mut receiver, event)| async move {
        let mut missed = false;
        loop {
            match receiver.recv().await {
                Ok(value) => return Some((event(value, missed), (receiver, event))),
                Err(RecvError::Lagged(_)) => missed = true,
                Err(RecvError::Closed) => return None,
            }
        }
    })
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
        Ok(events(engine(ctx).extend()?.subscribe(), DataChanged::new))
    }

    /// The progress of each write that starts after subscribing (an
    /// `ingestDocument`, an `ingestDocuments` batch, the seeds' load): an
    /// event when it starts, one per document, and one when it ends.
    async fn ingest_progress(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = IngestProgress>> {
        Ok(events(engine(ctx).extend()?.watch_writes(), IngestProgress::new))
    }
}
