//! Oversized uploads: a 50 MB body is refused with 413 by a real listening
//! server whether it declares its length or streams chunks, and the engine
//! refuses an oversized document with `TooLarge` before reading it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use dutygraph::engine::{Engine, EngineError, MAX_DOCUMENT_BYTES};
use dutygraph::ingest::Source;
use dutygraph::server::{self, ServerConfig};
use dutygraph::store::Store;
use poem::test::TestClient;
use serde_json::json;

const FIFTY_MB: usize = 50 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// Serves an empty store on a free port until the returned sender is
/// dropped or used.
fn serve() -> (SocketAddr, tokio::sync::oneshot::Sender<()>, thread::JoinHandle<()>) {
    let (ready, addr) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let engine = Arc::new(Engine::new(Store::temporary().unwrap()).unwrap());
            let config =
                ServerConfig { bind: SocketAddr::from(([127, 0, 0, 1], 0)), ..ServerConfig::default() };
            let bound = server::bind(engine, config).await.expect("a free port");
            ready.send(bound.local_addr()).unwrap();
            bound
                .run_until(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
    });
    (addr.recv_timeout(Duration::from_secs(30)).expect("the server listens"), stop, handle)
}

/// Sends `head`, then streams `FIFTY_MB` of body through `frame` while
/// another thread reads the answer; stops writing at the first error (the
/// server closing the connection). Returns the status line's code.
fn upload(addr: SocketAddr, head: &str, frame: fn(&[u8]) -> Vec<u8>, end: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut reading = stream.try_clone().unwrap();
    let reader = thread::spawn(move || {
        // Keeps what arrived even when the connection ends with a reset.
        let mut answer = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reading.read(&mut buf) {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
        }
        answer
    });
    let chunk = frame(&[b'x'; CHUNK]);
    let written = stream.write_all(head.as_bytes()).and_then(|()| {
        for _ in 0..FIFTY_MB / CHUNK {
            stream.write_all(&chunk)?;
        }
        stream.write_all(end)
    });
    // A refused upload usually ends in a write error; an accepted one would not.
    let _ = written;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let answer = reader.join().unwrap();
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:.200}"))
}

#[test]
fn fifty_megabyte_bodies_are_refused_with_413() {
    let (addr, stop, handle) = serve();
    let declared = format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {FIFTY_MB}\r\n\r\n"
    );
    assert_eq!(upload(addr, &declared, |c| c.to_vec(), b""), 413, "declared length");
    let chunked = format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let frame = |c: &[u8]| [format!("{:x}\r\n", c.len()).as_bytes(), c, b"\r\n"].concat();
    assert_eq!(upload(addr, &chunked, frame, b"0\r\n\r\n"), 413, "streamed without a length");
    // The server is still fine afterwards.
    let health = crate::support_bin::http(addr, "GET", "/health", &[], b"").unwrap();
    assert_eq!(health.status, 200);
    let _ = stop.send(());
    handle.join().unwrap();
}

#[test]
fn the_engine_refuses_oversized_documents_before_reading_them() {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    let source = Source { name: "huge.txt".into(), place: Some("江门市".into()), ..Default::default() };
    let err = engine.ingest(&vec![b'x'; FIFTY_MB], &source).unwrap_err();
    assert!(matches!(err, EngineError::TooLarge { size: FIFTY_MB, limit: MAX_DOCUMENT_BYTES, .. }), "{err}");
    assert!(err.to_string().contains("huge.txt"), "{err}");
    assert!(engine.store().is_empty().unwrap());
}

#[tokio::test]
async fn a_document_over_the_limit_inside_an_accepted_body_is_bad_user_input() {
    let engine = Arc::new(Engine::new(Store::temporary().unwrap()).unwrap());
    let config = ServerConfig { write_token: Some("t".into()), ..ServerConfig::default() };
    let cli = TestClient::new(server::app(engine.clone(), &config));
    // Just over the document limit, still under the body limit.
    let text = "x".repeat(MAX_DOCUMENT_BYTES + 1);
    let body = json!({
        "query": "mutation($text: String!) { ingestDocument(text: $text, place: \"江门市\") { created } }",
        "variables": { "text": text },
    });
    let response = cli.post("/graphql").header("authorization", "Bearer t").body_json(&body).send().await;
    response.assert_status_is_ok();
    let answer: serde_json::Value =
        serde_json::from_str(&response.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{:.300}", answer.to_string());
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("limit"));
    assert!(engine.store().is_empty().unwrap());
}

/// A body by the GraphQL multipart request spec: `operations`, `map` (file
/// part `i` goes to the i-th path) and the files.
fn multipart_body(operations: serde_json::Value, files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "dutygraph-test-boundary";
    let map: serde_json::Map<String, serde_json::Value> =
        files.iter().enumerate().map(|(i, (path, _, _))| (i.to_string(), json!([path]))).collect();
    let mut body = Vec::new();
    for (name, value) in
        [("operations", operations.to_string()), ("map", serde_json::Value::from(map).to_string())]
    {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .bytes(),
        );
    }
    for (i, (_, file_name, file)) in files.iter().enumerate() {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{i}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(file);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    cli: &TestClient<impl poem::Endpoint>,
    query: &str,
    name: &str,
    file: &[u8],
) -> serde_json::Value {
    let operations = json!({ "query": query, "variables": { "file": null } });
    post_files(cli, operations, &[("variables.file", name, file)]).await
}

async fn post_files(
    cli: &TestClient<impl poem::Endpoint>,
    operations: serde_json::Value,
    files: &[(&str, &str, &[u8])],
) -> serde_json::Value {
    let (content_type, body) = multipart_body(operations, files);
    let response = cli
        .post("/graphql")
        .header("authorization", "Bearer t")
        .content_type(content_type)
        .body(body)
        .send()
        .await;
    response.assert_status_is_ok();
    serde_json::from_str(&response.0.into_body().into_string().await.unwrap()).unwrap()
}

#[tokio::test]
async fn a_file_uploaded_by_the_multipart_spec_is_stored_and_located() {
    let engine = Arc::new(Engine::new(Store::temporary().unwrap()).unwrap());
    let config = ServerConfig { write_token: Some("t".into()), ..ServerConfig::default() };
    let cli = TestClient::new(server::app(engine.clone(), &config));
    let seed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/001_c11c968256fa2da2.txt")).unwrap();
    let query =
        "mutation($file: Upload!) { ingestDocument(file: $file, place: \"江门市\") { created tasks place } }";
    let answer = post_multipart(&cli, query, "江门.txt", &seed).await;
    assert_eq!(
        answer["data"]["ingestDocument"],
        json!({"created": true, "tasks": 43, "place": "江门市"}),
        "{answer}"
    );

    // A Word file: its tasks say which table cell they were printed in.
    let seed = &dutygraph::seeds::bundled()[0];
    let parsed = dutygraph::ingest::read(&seed.text, &seed.source(), dutygraph::ingest::Directory::bundled());
    let docx = crate::formats::docx::docx(&crate::formats::seeds::printed(&parsed));
    let upload =
        "mutation($file: Upload!) { ingestDocument(file: $file, place: \"珠海市\") { documentId tasks } }";
    let answer = post_multipart(&cli, upload, "珠海.docx", &docx).await;
    let stored = &answer["data"]["ingestDocument"];
    assert_eq!(stored["tasks"], parsed.tasks.len(), "{answer}");
    let lookup = format!(
        "{{ document(id: {}) {{ tasks(first: 1) {{ edges {{ node {{ source {{ kind table row column label }} }} }} }} }} }}",
        stored["documentId"]
    );
    let response = cli.post("/graphql").body_json(&json!({ "query": lookup })).send().await;
    let answer: serde_json::Value =
        serde_json::from_str(&response.0.into_body().into_string().await.unwrap()).unwrap();
    let source = &answer["data"]["document"]["tasks"]["edges"][0]["node"]["source"];
    assert_eq!(source["kind"], "TABLE_CELL", "{answer}");
    assert_eq!(source["table"], 1, "{answer}");
    assert!(source["label"].as_str().unwrap().starts_with("table 1, row "), "{answer}");

    // A refused Word file: each diagnostic says which cell it is about.
    use crate::formats::fixture::{Doc, Table};
    let no_units = Doc::default()
        .table(Table::plain(&[&["序号", "工作任务", "完成时限"], &["1", "建设养老服务中心", "2020年底前"]]));
    let answer = post_multipart(&cli, upload, "无单位.docx", &crate::formats::docx::docx(&no_units)).await;
    let diagnostic = &answer["errors"][0]["extensions"]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "no-unit-column", "{answer}");
    assert_eq!(diagnostic["source"]["kind"], "TABLE_CELL", "{answer}");
    assert_eq!(diagnostic["source"]["label"], "table 1, row 1, column 1", "{answer}");

    // A file that cannot be opened is the client's fault, named, and stores nothing.
    let before = engine.store().version().unwrap();
    let answer = post_multipart(&cli, query, "分工表.docx", b"PK\x03\x04 not really a zip").await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{answer}");
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`分工表.docx` is not a readable Word document"),
        "{answer}"
    );
    assert_eq!(engine.store().version().unwrap(), before);

    // Text and a file at once is ambiguous.
    let both = "mutation($file: Upload!) { ingestDocument(file: $file, text: \"x\", place: \"江门市\") { created } }";
    let answer = post_multipart(&cli, both, "a.txt", b"x").await;
    assert!(
        answer["errors"][0]["message"].as_str().unwrap().contains("exactly one of `text` and `file`"),
        "{answer}"
    );
}

#[tokio::test]
async fn several_files_are_stored_in_one_batch() {
    let engine = Arc::new(Engine::new(Store::temporary().unwrap()).unwrap());
    let config = ServerConfig { write_token: Some("t".into()), ..ServerConfig::default() };
    let cli = TestClient::new(server::app(engine.clone(), &config));
    let seeds = dutygraph::seeds::bundled();
    let query = "mutation($documents: [DocumentInput!]!) { ingestDocuments(documents: $documents) {
        stored documents { sourceName report { place tasks } } } }";
    let operations = json!({ "query": query, "variables": { "documents": [
        { "file": null, "place": "珠海市" },
        { "file": null, "place": "江门市", "sourceName": "江门分工表" },
    ] } });
    let files: [(&str, &str, &[u8]); 2] = [
        ("variables.documents.0.file", "珠海.txt", seeds[0].text.as_bytes()),
        ("variables.documents.1.file", "jiangmen.txt", seeds[1].text.as_bytes()),
    ];
    let answer = post_files(&cli, operations, &files).await;
    let batch = &answer["data"]["ingestDocuments"];
    assert_eq!(batch["stored"], 2, "{answer}");
    let names: Vec<_> = batch["documents"].as_array().unwrap().iter().map(|d| &d["sourceName"]).collect();
    assert_eq!(names, [&json!("珠海.txt"), &json!("江门分工表")], "an upload is named by its file");
    assert_eq!(batch["documents"][1]["report"]["tasks"], 43);
    assert_eq!(engine.snapshot().catalog.documents().len(), 2);
}
