//! The engine end to end: bundled seeds → store → snapshot.

use dutygraph::engine::{Engine, EngineError};
use dutygraph::ingest::Source;
use dutygraph::store::Store;

fn seeded() -> Engine {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    let reports = engine.load_seeds_if_empty().unwrap();
    assert_eq!(reports.len(), 5, "every manifest entry is ingested");
    engine
}

#[test]
fn seeds_load_once_and_snapshot_matches_store() {
    let engine = seeded();
    let snapshot = engine.snapshot();
    assert_eq!(snapshot.catalog.documents().len(), 5);
    assert_eq!(snapshot.catalog.places().len(), 5);
    // The snapshot is built incrementally from bundles; it must equal what
    // the store would load after a restart.
    assert_eq!(*snapshot.catalog, engine.store().catalog().unwrap());
    // A second call finds data and does nothing.
    assert!(engine.load_seeds_if_empty().unwrap().is_empty());
}

#[test]
fn ingesting_the_same_content_twice_writes_nothing() {
    let engine = seeded();
    let seed = &dutygraph::seeds::bundled()[2];
    let before = engine.snapshot();
    let report = engine.ingest(seed.text.as_bytes(), &seed.source()).unwrap();
    assert!(!report.created);
    assert_eq!(report.tasks, before.catalog.document_tasks(report.document).count());
    assert_eq!(*engine.snapshot().catalog, *before.catalog);
}

#[test]
fn a_refused_document_leaves_store_and_snapshot_unchanged() {
    let engine = seeded();
    let before = engine.store().catalog().unwrap();
    let source = Source { name: "notes.txt".into(), place: Some("江门市".into()), ..Default::default() };
    let err = engine.ingest("会议纪要\n今天天气很好。\n".as_bytes(), &source).unwrap_err();
    assert!(matches!(err, EngineError::Unreadable { .. }), "{err}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    let err = engine.ingest(b"\x00\x01\x02binary", &source).unwrap_err();
    assert!(matches!(err, EngineError::Open(_)), "{err}");
    assert_eq!(engine.store().catalog().unwrap(), before);
    assert_eq!(*engine.snapshot().catalog, before);
}

#[test]
fn a_document_without_a_place_is_refused_with_a_hint() {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    let seed = &dutygraph::seeds::bundled()[1]; // 江门市: its table title names no place
    let source = Source { name: seed.entry.file.clone(), ..Default::default() };
    let err = engine.ingest(seed.text.as_bytes(), &source).unwrap_err();
    assert!(matches!(err, EngineError::NoPlace { .. }), "{err}");
    assert!(err.to_string().contains("--place"));
    assert!(engine.store().is_empty().unwrap());
}

#[test]
fn removing_a_document_drops_its_records_and_keeps_the_rest() {
    let engine = seeded();
    let catalog = engine.snapshot().catalog.clone();
    let doc = catalog.documents().iter().find(|d| d.title.contains("三亚")).unwrap().id;
    assert!(engine.remove_document(doc).unwrap());
    let after = engine.snapshot();
    assert_eq!(after.catalog.documents().len(), 4);
    assert!(after.catalog.tasks().iter().all(|t| t.document != doc));
    assert!(after.catalog.place_by_name("三亚市").is_none());
    assert_eq!(*after.catalog, engine.store().catalog().unwrap());
    assert!(!engine.remove_document(doc).unwrap());
}

fn small_table(extra: &str) -> String {
    format!(
        "株洲市养老服务体系建设重点任务分工\n\n一、完善政策体系\n1.建立养老服务联席会议制度{extra}。（牵头单位：市民政局；配合单位：市发改委、市财政局）\n"
    )
}

#[test]
fn a_second_document_of_a_place_keeps_the_province_and_the_snapshot_equals_the_store() {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    let first = Source { name: "a.txt".into(), province: Some("湖南".into()), ..Default::default() };
    engine.ingest(small_table("").as_bytes(), &first).unwrap();
    let second = Source { name: "b.txt".into(), ..Default::default() };
    engine.ingest(small_table("，另一份").as_bytes(), &second).unwrap();
    let catalog = engine.snapshot().catalog.clone();
    assert_eq!(catalog.place_by_name("株洲市").unwrap().province, "湖南");
    assert_eq!(*catalog, engine.store().catalog().unwrap());
}

#[test]
fn a_duplicate_reports_the_place_and_title_it_is_stored_under() {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    let text = small_table("");
    let stored =
        Source { name: "a.txt".into(), title: Some("株洲市任务分工".into()), ..Default::default() };
    engine.ingest(text.as_bytes(), &stored).unwrap();
    let again = Source {
        name: "b.txt".into(),
        place: Some("湘潭市".into()),
        title: Some("另一个标题".into()),
        ..Default::default()
    };
    let report = engine.ingest(text.as_bytes(), &again).unwrap();
    assert!(!report.created);
    assert_eq!((report.place.as_str(), report.title.as_str()), ("株洲市", "株洲市任务分工"));
}
