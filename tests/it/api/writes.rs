//! The token-protected mutations, and the one-snapshot-per-request rule.

use dutygraph::api::{self, ApiConfig, PinnedSnapshot};
use serde_json::Value;

use crate::support_api::{error_of, fresh_schema, run_on, with_token, TOKEN};

/// A small table in the seeds' tab-indented layout, for a place the seeds lack.
pub const SHAOGUAN: &str =
    "\t韶关市养老服务重点任务分工表\n\n\t序号\n\t工作任务\n\t牵头单位\n\t配合单位\n\t完成时限\n\n\
\t1\n\t建立养老服务信息平台。\n\t市民政局\n\t市财政局\n\t2021年6月\n\n\
\t2\n\t推进医养结合机构建设。\n\t市卫生健康局\n\t市民政局\n\t持续实施\n";

fn ingest(text: &str) -> String {
    format!(
        r#"mutation {{ ingestDocument(text: {}, place: "韶关市", sourceName: "shaoguan.txt", province: "广东", policyArea: "elderly care") {{
            documentId created place title tasks leadAssignments supportAssignments milestones ongoingTasks
            diagnostics {{ line severity code message }} }} }}"#,
        serde_json::to_string(text).unwrap()
    )
}

fn ok(schema: &api::DutySchema, request: async_graphql::Request) -> Value {
    let response = run_on(schema, request);
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    response.data.into_json().unwrap()
}

#[test]
fn mutations_need_the_configured_bearer_token() {
    let (_engine, schema) = fresh_schema(false);
    for token in [None, Some("wrong"), Some(""), Some("test-write-token ")] {
        let (code, message) = error_of(&schema, with_token(&ingest(SHAOGUAN), token));
        assert_eq!(code, "UNAUTHENTICATED", "{token:?}: {message}");
        assert!(!message.contains(TOKEN), "the token must never be echoed");
        let (code, _) =
            error_of(&schema, with_token(r#"mutation { removeDocument(id: "D0000000000000000") }"#, token));
        assert_eq!(code, "UNAUTHENTICATED");
    }
    let none = ok(&schema, with_token("{ documents { id } }", None));
    assert_eq!(none["documents"].as_array().unwrap().len(), 0, "a refused ingest writes nothing");

    // Without a configured token, writes are off whatever the caller sends.
    let (engine, _) = fresh_schema(false);
    let closed = api::build_schema(engine, ApiConfig::default());
    let (code, message) = error_of(&closed, with_token(&ingest(SHAOGUAN), Some(TOKEN)));
    assert_eq!(code, "UNAUTHENTICATED");
    assert!(message.contains("disabled"), "{message}");
}

#[test]
fn ingest_then_query_then_remove() {
    let (_engine, schema) = fresh_schema(false);
    let report = ok(&schema, with_token(&ingest(SHAOGUAN), Some(TOKEN)));
    let r = &report["ingestDocument"];
    assert_eq!(r["created"], true, "{r}");
    assert_eq!(r["place"], "韶关市");
    assert_eq!(r["tasks"], 2);
    assert_eq!(r["leadAssignments"], 2);
    assert_eq!(r["supportAssignments"], 2);
    assert_eq!(r["ongoingTasks"], 1);
    let id = r["documentId"].as_str().unwrap().to_string();

    let seen = ok(
        &schema,
        with_token(
            &format!(
                r#"{{ document(id: "{id}") {{ taskCount place {{ name province }} }} tasks(filter: {{ place: "韶关" }}) {{ totalCount }} }}"#
            ),
            None,
        ),
    );
    assert_eq!(seen["document"]["taskCount"], 2);
    assert_eq!(seen["document"]["place"]["province"], "广东");
    assert_eq!(seen["tasks"]["totalCount"], 2);

    let again = ok(&schema, with_token(&ingest(SHAOGUAN), Some(TOKEN)));
    assert_eq!(again["ingestDocument"]["created"], false, "same text, same document");
    assert_eq!(again["ingestDocument"]["documentId"], id.as_str());

    let remove = format!(r#"mutation {{ removeDocument(id: "{id}") }}"#);
    assert_eq!(ok(&schema, with_token(&remove, Some(TOKEN)))["removeDocument"], true);
    assert_eq!(ok(&schema, with_token(&remove, Some(TOKEN)))["removeDocument"], false, "already gone");
    let (code, _) = error_of(&schema, with_token(&format!(r#"{{ document(id: "{id}") {{ id }} }}"#), None));
    assert_eq!(code, "NOT_FOUND");
    assert_eq!(ok(&schema, with_token("{ places { name } }", None))["places"], serde_json::json!([]));
}

#[test]
fn bad_write_input_is_bad_user_input() {
    let (_engine, schema) = fresh_schema(false);
    let (code, message) =
        error_of(&schema, with_token(r#"mutation { removeDocument(id: "D12") }"#, Some(TOKEN)));
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains("D12"), "{message}");
    let unreadable = "这不是一张表格。\n只有两行文字。\n";
    let response = run_on(&schema, with_token(&ingest(unreadable), Some(TOKEN)));
    let err = response.errors.first().expect("an unreadable document is refused");
    let ext = err.extensions.as_ref().unwrap();
    assert_eq!(ext.get("code").unwrap().to_string(), "\"BAD_USER_INPUT\"", "{}", err.message);
    assert!(!ok(&schema, with_token("{ documents { id } }", None))["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|_| true));
}

#[test]
fn one_request_reads_one_snapshot() {
    let (engine, schema) = fresh_schema(true);
    let before = api::request_data(&engine);
    let count = |request: async_graphql::Request| ok(&schema, request)["documents"].as_array().unwrap().len();
    let seeds = count(with_token("{ documents { id } }", None));
    ok(&schema, with_token(&ingest(SHAOGUAN), Some(TOKEN)));
    // A request pinned to the old snapshot keeps seeing it; a new one sees the write.
    let pinned: PinnedSnapshot = before;
    assert_eq!(count(with_token("{ documents { id } }", None).data(pinned)), seeds);
    assert_eq!(count(with_token("{ documents { id } }", None)), seeds + 1);
}

#[test]
fn a_batch_stores_each_document_on_its_own_and_reports_its_progress() {
    let (engine, schema) = fresh_schema(true);
    let mut progress = engine.watch_writes();
    let jiangmen = &dutygraph::seeds::bundled()[1];
    let documents = serde_json::json!([
        { "text": SHAOGUAN, "place": "韶关市", "sourceName": "shaoguan.txt" },
        { "text": "这不是任务分工表。", "place": "韶关市", "sourceName": "notice.txt" },
        { "text": jiangmen.text, "place": "江门市", "sourceName": "jiangmen-again.txt" },
    ]);
    let query = "mutation($documents: [DocumentInput!]!) { ingestDocuments(documents: $documents) {
        version stored documents { sourceName error diagnostics { code } report { created place tasks } } } }";
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(serde_json::json!({ "documents": documents })));
    let report = ok(&schema, with_token_request(request));
    let batch = &report["ingestDocuments"];
    assert_eq!(batch["stored"], 1, "{batch}");
    assert_eq!(batch["version"], engine.snapshot().catalog.version());
    let outcomes = batch["documents"].as_array().unwrap();
    assert_eq!(outcomes[0]["report"]["tasks"], 2);
    assert_eq!(outcomes[0]["report"]["created"], true);
    assert!(outcomes[1]["report"].is_null() && outcomes[1]["error"].as_str().unwrap().contains("notice.txt"));
    assert!(!outcomes[1]["diagnostics"].as_array().unwrap().is_empty(), "{batch}");
    assert_eq!(outcomes[2]["report"]["created"], false, "the seed was stored already");

    // Start, one event per document in input order, end.
    let events: Vec<_> = std::iter::from_fn(|| progress.try_recv().ok()).collect();
    let done: Vec<_> = events.iter().map(|e| (e.done, e.document.as_deref(), e.finished)).collect();
    assert_eq!(
        done,
        [
            (0, None, false),
            (1, Some("shaoguan.txt"), false),
            (2, Some("notice.txt"), false),
            (3, Some("jiangmen-again.txt"), false),
            (3, None, true)
        ]
    );
    let last = events.last().unwrap();
    assert_eq!((last.total, last.stored, last.refused, last.unchanged), (Some(3), 1, 1, 1));
    assert!(events.iter().all(|e| e.write == last.write));
}

fn with_token_request(request: async_graphql::Request) -> async_graphql::Request {
    request.data(dutygraph::api::BearerToken(Some(TOKEN.into())))
}
