//! How far a running write has got, for whoever watches (a dashboard's
//! progress bar over a subscription): one event when a write starts, one per
//! document stored, found unchanged or refused, and one when it ends.

use tokio::sync::broadcast;

use super::{EngineError, IngestReport};

/// The state of one write (an ingest, an upload, a bulk load) after an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteProgress {
    /// Numbers the engine's writes from 1 since it opened; every event of
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
    /// The name of the document this event is about; `None` on the first
    /// and last event.
    pub document: Option<String>,
    /// True on the write's last event.
    pub finished: bool,
}

/// Sends a write's events; the last one goes out when it is dropped, so a
/// write that stops early (a store fault) still tells watchers it ended.
pub(super) struct Tracker<'a> {
    sender: &'a broadcast::Sender<WriteProgress>,
    state: WriteProgress,
}

impl<'a> Tracker<'a> {
    pub(super) fn start(
        sender: &'a broadcast::Sender<WriteProgress>,
        write: u64,
        total: Option<usize>,
    ) -> Tracker<'a> {
        let tracker = Tracker { sender, state: WriteProgress { write, total, ..WriteProgress::default() } };
        tracker.send();
        tracker
    }

    pub(super) fn record(&mut self, document: &str, result: &Result<IngestReport, EngineError>) {
        let s = &mut self.state;
        s.done += 1;
        match result {
            Ok(report) if report.created => s.stored += 1,
            Ok(_) => s.unchanged += 1,
            Err(_) => s.refused += 1,
        }
        s.document = Some(document.to_string());
        self.send();
    }

    fn send(&self) {
        // Nobody watching is the usual case; a send then does nothing.
        if self.sender.receiver_count() > 0 {
            let _ = self.sender.send(self.state.clone());
        }
    }
}

impl Drop for Tracker<'_> {
    fn drop(&mut self) {
        self.state.document = None;
        self.state.finished = true;
        self.send();
    }
}
