//! GraphQL over WebSocket, without a web framework: the transport hands in
//! the frames it reads and sends the frames it gets back. Both
//! `graphql-transport-ws` (what GraphiQL and Apollo's `GraphQLWsLink`
//! speak) and the older `graphql-ws` of subscriptions-transport-ws are
//! served; the protocol is the one the client asked for in
//! `Sec-WebSocket-Protocol`.
//!
//! Every operation of a session reads the snapshot current when it starts
//! (`DutySchema` pins it); a mutation needs the write token in the
//! `connection_init` payload (`{"Authorization": "Bearer …"}`), as HTTP
//! needs it in the header.
//!
//! Each operation is counted as HTTP's are (`api::observe`): a query or
//! mutation when it is answered, timed; a subscription once it listens (or
//! is refused), not timed, since it lasts as long as the client keeps it.

use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use async_graphql::futures_util::stream::{BoxStream, Stream, StreamExt};
use async_graphql::http::{WebSocket, WebSocketProtocols, WsMessage};
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};

use super::observe::{self, OperationLabel, Outcome, Transport};
use super::{BearerToken, DutySchema};

/// The subprotocols a client may ask for, in the order the server prefers.
pub const PROTOCOLS: [&str; 2] = ["graphql-transport-ws", "graphql-ws"];

/// A protocol the client asked for and the server speaks.
#[derive(Debug, Clone, Copy)]
pub struct Protocol(WebSocketProtocols);

impl Protocol {
    /// The first protocol of a `Sec-WebSocket-Protocol` header the server
    /// speaks; `None` when it names none.
    pub fn negotiate(header: Option<&str>) -> Option<Protocol> {
        header?.split(',').find_map(|p| WebSocketProtocols::from_str(p.trim()).ok()).map(Protocol)
    }

    /// The name to answer in `Sec-WebSocket-Protocol`.
    pub fn name(self) -> &'static str {
        self.0.sec_websocket_protocol()
    }
}

/// A frame to send to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    Text(String),
    /// Close the connection with this code and reason.
    Close(u16, String),
}

/// Runs one WebSocket session: `incoming` are the text (or binary) frames
/// the client sent; the returned stream gives the frames to send until the
/// session ends.
pub fn session(
    schema: DutySchema,
    protocol: Protocol,
    incoming: impl Stream<Item = Vec<u8>> + Send + Unpin + 'static,
) -> impl Stream<Item = Outgoing> + Send + 'static {
    WebSocket::new(Counted(schema), incoming, protocol.0)
        .on_connection_init(|payload: serde_json::Value| async move {
            let authorization = ["Authorization", "authorization"]
                .iter()
                .find_map(|key| payload.get(key).and_then(|v| v.as_str()).map(str::to_string));
            let mut data = Data::default();
            data.insert(BearerToken(super::http::bearer_token(authorization.as_deref())));
            Ok(data)
        })
        .map(|message| match message {
            WsMessage::Text(text) => Outgoing::Text(text),
            WsMessage::Close(code, reason) => Outgoing::Close(code, reason),
        })
}

/// The schema, counting each operation a session runs.
#[derive(Clone)]
struct Counted(DutySchema);

impl Executor for Counted {
    async fn execute(&self, request: Request) -> Response {
        self.0.execute(request).await
    }

    fn execute_stream(&self, mut request: Request, data: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        let started = Instant::now();
        // Execution reuses the document parsed here.
        let (kind, label) = observe::select(&mut request);
        let answers = self.0.execute_stream_with_session_data(request, data.unwrap_or_default());
        let timed = kind != Some(OperationType::Subscription);
        Box::pin(CountedStream { answers, pending: Some((label, started, timed)) })
    }
}

/// An operation's answers, counting the operation once it is answered:
/// a query or mutation at its answer, a subscription at its first answer
/// or, when its first poll finds no event waiting, as soon as it is
/// listening (a refusal comes at the first poll, before any waiting).
struct CountedStream {
    answers: BoxStream<'static, Response>,
    /// Until counted: the label, the start, whether it is timed.
    pending: Option<(OperationLabel, Instant, bool)>,
}

impl Stream for CountedStream {
    type Item = Response;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Response>> {
        let next = self.answers.poll_next_unpin(cx);
        let Some((label, started, timed)) = self.pending.take() else { return next };
        match &next {
            Poll::Ready(answer) => {
                let outcome = answer.as_ref().map_or(Outcome::Ok, |a| Outcome::of(&a.errors));
                observe::record(Transport::WebSocket, &label, outcome, timed.then(|| started.elapsed()));
            }
            Poll::Pending if !timed => observe::record(Transport::WebSocket, &label, Outcome::Ok, None),
            Poll::Pending => self.pending = Some((label, started, timed)),
        }
        next
    }
}
