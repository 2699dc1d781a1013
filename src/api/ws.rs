//! GraphQL over WebSocket, without a web framework: the transport hands in
//! the frames it reads and sends the frames it gets back. Both
//! `graphql-transport-ws` (what GraphiQL and Apollo's `GraphQLWsLink`
//! speak) and the older `graphql-ws` of subscriptions-transport-ws are
//! served; the protocol is the one the client asked for in
//! `Sec-WebSocket-Protocol`.
//!
//! Every operation of a session reads the snapshot current when it starts
//! (`SnapshotExtension` pins it); a mutation needs the write token in the
//! `connection_init` payload (`{"Authorization": "Bearer …"}`), as HTTP
//! needs it in the header.

use std::str::FromStr;

use async_graphql::futures_util::stream::{Stream, StreamExt};
use async_graphql::http::{WebSocket, WebSocketProtocols, WsMessage};
use async_graphql::Data;

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
    WebSocket::new(schema, incoming, protocol.0)
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
