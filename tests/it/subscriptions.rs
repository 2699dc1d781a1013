//! Subscriptions over a real socket: a client speaking
//! `graphql-transport-ws` at `/graphql` sees `dataChanged` when a document
//! is ingested by a mutation (sent on the same socket, with the write token
//! in the `connection_init` payload), and the write's `ingestProgress`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use dutygraph::engine::Engine;
use dutygraph::server::{self, ServerConfig};
use dutygraph::store::Store;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

async fn next_json<S>(socket: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await
            .expect("a frame within 30 s")
            .expect("the socket is open")
            .expect("a readable frame");
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).expect("a JSON frame");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_sees_data_changed_after_an_ingest_by_mutation() {
    let engine = Arc::new(Engine::new(Store::temporary().unwrap()).unwrap());
    let config = ServerConfig {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        write_token: Some("t".into()),
        ..ServerConfig::default()
    };
    let bound = server::bind(engine.clone(), config).await.unwrap();
    let addr = bound.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(bound.run_until(async move {
        let _ = stopped.await;
    }));

    let mut request = format!("ws://{addr}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, response) = tokio_tungstenite::connect_async(request).await.expect("the upgrade");
    assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-transport-ws");

    let send = |value: Value| Message::Text(value.to_string().into());
    socket
        .send(send(json!({"type": "connection_init", "payload": {"Authorization": "Bearer t"}})))
        .await
        .unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
    let subscription =
        "subscription { dataChanged { version documentsAdded documentsRemoved places missedEarlier } }";
    socket
        .send(send(json!({"id": "1", "type": "subscribe", "payload": {"query": subscription}})))
        .await
        .unwrap();
    let watch = "subscription { ingestProgress { total done stored document finished } }";
    socket.send(send(json!({"id": "3", "type": "subscribe", "payload": {"query": watch}}))).await.unwrap();
    // The subscriptions are registered once the server has read their frames;
    // a query on the same socket, answered after it, makes sure of that.
    socket
        .send(send(json!({"id": "0", "type": "subscribe", "payload": {"query": "{ __typename }"}})))
        .await
        .unwrap();
    assert_eq!(next_json(&mut socket).await["payload"]["data"]["__typename"], "Query");

    let seed = &dutygraph::seeds::bundled()[1];
    let ingest =
        "mutation($text: String!) { ingestDocument(text: $text, place: \"江门市\") { documentId created } }";
    let variables = json!({ "text": seed.text });
    socket
        .send(send(
            json!({"id": "2", "type": "subscribe", "payload": {"query": ingest, "variables": variables}}),
        ))
        .await
        .unwrap();
    let (mut change, mut stored, mut progress) = (None, None, Vec::new());
    while change.is_none()
        || stored.is_none()
        || progress.last().is_none_or(|p: &Value| p["finished"] != true)
    {
        let frame = next_json(&mut socket).await;
        match (frame["type"].as_str(), frame["id"].as_str()) {
            (Some("next"), Some("1")) => change = Some(frame["payload"]["data"]["dataChanged"].clone()),
            (Some("next"), Some("3")) => progress.push(frame["payload"]["data"]["ingestProgress"].clone()),
            (Some("next"), Some("2")) => stored = Some(frame["payload"].clone()),
            (Some("complete"), _) | (Some("next"), Some("0")) => {}
            _ => panic!("unexpected frame {frame}"),
        }
    }
    let stored = stored.unwrap();
    assert_eq!(stored["data"]["ingestDocument"]["created"], true, "{stored}");
    let change = change.unwrap();
    assert_eq!(change["version"], engine.snapshot().catalog.version(), "{change}");
    assert_eq!(change["documentsAdded"], json!([stored["data"]["ingestDocument"]["documentId"]]), "{change}");
    assert_eq!(change["documentsRemoved"], json!([]));
    assert_eq!(change["places"], json!(["江门市"]));
    assert_eq!(change["missedEarlier"], false);
    let document = json!("graphql-upload");
    let finished = json!({"total": 1, "done": 1, "stored": 1, "document": null, "finished": true});
    assert_eq!(
        progress,
        [
            json!({"total": 1, "done": 0, "stored": 0, "document": null, "finished": false}),
            json!({"total": 1, "done": 1, "stored": 1, "document": document, "finished": false}),
            finished
        ]
    );

    // Without the token in the connection payload, a mutation is refused.
    let mut request = format!("ws://{addr}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut anonymous, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    anonymous.send(send(json!({"type": "connection_init"}))).await.unwrap();
    assert_eq!(next_json(&mut anonymous).await["type"], "connection_ack");
    anonymous
        .send(send(
            json!({"id": "9", "type": "subscribe", "payload": {"query": ingest, "variables": {"text": "x"}}}),
        ))
        .await
        .unwrap();
    let refused = next_json(&mut anonymous).await;
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{refused}");

    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

#[tokio::test]
async fn an_upgrade_without_a_graphql_subprotocol_is_refused() {
    let engine = Arc::new(Engine::new(Store::temporary().unwrap()).unwrap());
    let cli = poem::test::TestClient::new(server::app(engine, &ServerConfig::default()));
    let response = cli
        .get("/graphql")
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await;
    response.assert_status(poem::http::StatusCode::BAD_REQUEST);
    response.assert_text("ask for a GraphQL WebSocket subprotocol: graphql-transport-ws or graphql-ws").await;
}
