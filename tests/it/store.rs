//! The sled store through its public API, on small bundles built by hand:
//! two places, three documents, two of which share departments.

use chrono::{DateTime, NaiveDate};
use dutygraph::model::{
    Assignment, Catalog, Category, DateSource, Department, DepartmentId, Document, DocumentBundle,
    DocumentDate, DocumentId, Level, Location, Milestone, MilestoneKind, MilestoneSource, Place, PlaceId,
    Precision, Role, Task, TaskId,
};
use dutygraph::store::{Store, StoreError};

/// A task as (text, [(department name, role)], milestone date).
type TaskSpec<'a> = (&'a str, &'a [(&'a str, Role)], Option<(i32, u32, u32)>);

fn bundle(place_name: &str, province: &str, text: &str, tasks: &[TaskSpec<'_>]) -> DocumentBundle {
    let place = Place {
        id: PlaceId::from_name(place_name),
        name: place_name.into(),
        province: province.into(),
        level: None,
        code: None,
        parent: None,
    };
    let doc = DocumentId::from_text(text);
    let mut b = DocumentBundle {
        place: place.clone(),
        document: Document {
            id: doc,
            place: place.id,
            title: format!("{place_name}养老服务重点任务分工表"),
            policy_area: "elderly care".into(),
            source_name: format!("{text}.txt"),
            line_count: 40,
            ingested_at: DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap(),
            date: Some(DocumentDate {
                date: chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
                precision: Precision::Year,
                source: DateSource::DocumentNumber,
                text: "民发〔2019〕12号".into(),
                line: 2,
            }),
        },
        departments: vec![],
        tasks: vec![],
        assignments: vec![],
        milestones: vec![],
    };
    for (i, (task_text, units, due)) in tasks.iter().enumerate() {
        let id = TaskId { document: doc, seq: i as u32 + 1 };
        b.tasks.push(Task {
            id,
            document: doc,
            place: place.id,
            number: Some((i + 1).to_string().into()),
            chapter: Some("一、总体要求".into()),
            section: None,
            measure: (i % 2 == 0).then(|| "完善养老服务体系".into()),
            text: (*task_text).into(),
            detail: None,
            deadline: due.map(|(y, _, _)| format!("{y}年底前").into()),
            ongoing: due.is_none(),
            source_line: 10 + 3 * i as u32,
            // Both kinds of provenance survive the store: a text line and a sheet cell.
            location: if i % 2 == 0 {
                Location::Line { line: 10 + 3 * i as u32 }
            } else {
                Location::Cell { sheet: "分工表".into(), cell: format!("B{}", 4 + i) }
            },
        });
        for (rank, (name, role)) in units.iter().enumerate() {
            let department = DepartmentId::new(place.id, name);
            if !b.departments.iter().any(|d| d.id == department) {
                b.departments.push(Department {
                    id: department,
                    place: place.id,
                    name: (*name).into(),
                    category: if name.contains("民政") {
                        Category::CivilAffairs
                    } else {
                        Category::Finance
                    },
                    level: Level::CityBureau,
                    known: true,
                });
            }
            b.assignments.push(Assignment {
                task: id,
                department,
                role: *role,
                rank: rank as u16 + 1,
                printed: (*name).into(),
            });
        }
        if let Some((y, m, d)) = due {
            b.milestones.push(Milestone {
                task: id,
                seq: 1,
                date: NaiveDate::from_ymd_opt(*y, *m, *d).unwrap(),
                precision: Precision::Year,
                kind: MilestoneKind::DueBy,
                source: MilestoneSource::DeadlineColumn,
                text: format!("{y}年底前").into(),
            });
        }
    }
    b
}

const LEAD: Role = Role::Lead;
const SUPPORT: Role = Role::Support;

/// Two 江门 documents sharing 市民政局, each with a department of its own,
/// and one 三亚 document whose 市民政局 is a different department.
fn bundles() -> [DocumentBundle; 3] {
    [
        bundle(
            "江门市",
            "广东",
            "jiangmen-2019",
            &[
                ("建设养老服务信息平台", &[("市民政局", LEAD), ("市财政局", SUPPORT)], Some((2020, 12, 31))),
                ("落实养老机构补贴", &[("市财政局", LEAD)], None),
            ],
        ),
        bundle(
            "江门市",
            "广东",
            "jiangmen-2021",
            &[("推进医养结合", &[("市卫生健康局", LEAD), ("市民政局", SUPPORT)], Some((2021, 6, 30)))],
        ),
        bundle(
            "三亚市",
            "海南",
            "sanya-2020",
            &[
                ("发展社区居家养老", &[("市民政局", LEAD)], Some((2020, 12, 31))),
                ("培育养老服务市场主体", &[("市民政局", LEAD), ("市发改委", SUPPORT)], None),
            ],
        ),
    ]
}

fn assert_same_catalog(actual: &Catalog, expected: &Catalog) {
    assert_eq!(actual.version(), expected.version(), "version");
    assert_eq!(actual.places(), expected.places());
    assert_eq!(actual.documents(), expected.documents());
    assert_eq!(actual.departments(), expected.departments());
    assert_eq!(actual.tasks(), expected.tasks());
    assert_eq!(actual.assignments(), expected.assignments());
    assert_eq!(actual.milestones(), expected.milestones());
}

fn filled() -> (Store, [DocumentBundle; 3]) {
    let store = Store::temporary().unwrap();
    let bundles = bundles();
    for b in &bundles {
        assert!(store.put_document(b).unwrap().created);
    }
    (store, bundles)
}

fn export(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store.export_jsonl(&mut out).unwrap();
    out
}

fn department_named<'a>(catalog: &'a Catalog, place: &str, name: &str) -> Option<&'a Department> {
    let place = PlaceId::from_name(place);
    catalog.departments().iter().find(|d| d.place == place && d.name == name)
}

#[test]
fn catalog_matches_the_bundles() {
    let store = Store::temporary().unwrap();
    assert!(store.is_empty().unwrap());
    assert_eq!(store.version().unwrap(), 0);
    let bundles = bundles();
    for b in &bundles {
        store.put_document(b).unwrap();
    }
    assert!(!store.is_empty().unwrap());
    assert_eq!(store.version().unwrap(), 3);
    let catalog = store.catalog().unwrap();
    assert_same_catalog(&catalog, &Catalog::from_bundles(3, bundles.clone()));
    // Shared 市民政局 of 江门 is one department; 三亚's is another.
    assert_eq!(catalog.departments().len(), 5);
    assert_eq!(catalog.places().len(), 2);
    let task = catalog.task(TaskId { document: bundles[0].document.id, seq: 2 }).unwrap();
    assert_eq!((task.document, task.source_line), (bundles[0].document.id, 13));
}

#[test]
fn putting_a_document_again_writes_nothing() {
    let (store, bundles) = filled();
    let before = export(&store);
    let outcome = store.put_document(&bundles[1]).unwrap();
    assert_eq!(outcome.document, bundles[1].document.id);
    assert!(!outcome.created);
    assert_eq!(outcome.version, None);
    assert_eq!(store.version().unwrap(), 3);
    assert_eq!(export(&store), before);
}

#[test]
fn writes_return_the_version_they_committed() {
    let store = Store::temporary().unwrap();
    let [a, b, _] = bundles();
    assert_eq!(store.put_document(&a).unwrap().version, Some(1));
    assert_eq!(store.put_document(&b).unwrap().version, Some(2));
    assert_eq!(store.remove_document_versioned(a.document.id).unwrap(), Some(3));
    assert_eq!(store.remove_document_versioned(a.document.id).unwrap(), None);
    assert_eq!(store.version().unwrap(), 3);
}

#[test]
fn removal_keeps_shared_departments_and_drops_orphans() {
    let (store, [a, b, c]) = filled();
    assert!(store.remove_document(a.document.id).unwrap());
    assert!(!store.contains_document(a.document.id).unwrap());
    let catalog = store.catalog().unwrap();
    assert_same_catalog(&catalog, &Catalog::from_bundles(4, [b.clone(), c.clone()]));
    assert!(department_named(&catalog, "江门市", "市民政局").is_some(), "still used by the 2021 document");
    assert!(department_named(&catalog, "江门市", "市财政局").is_none(), "used only by the removed document");
    assert!(!store.remove_document(a.document.id).unwrap());
    assert_eq!(store.version().unwrap(), 4, "a no-op removal is not a write");

    assert!(store.remove_document(b.document.id).unwrap());
    let catalog = store.catalog().unwrap();
    assert_same_catalog(&catalog, &Catalog::from_bundles(5, [c.clone()]));
    assert!(catalog.place_by_name("江门市").is_none(), "a place without documents goes");

    assert!(store.remove_document(c.document.id).unwrap());
    assert!(store.is_empty().unwrap());
    // Removed content can be put again.
    assert!(store.put_document(&a).unwrap().created);
    assert_same_catalog(&store.catalog().unwrap(), &Catalog::from_bundles(7, [a]));
}

#[test]
fn reopening_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let store = Store::open(dir.path()).unwrap();
        for b in &bundles() {
            store.put_document(b).unwrap();
        }
        store.remove_document(bundles()[2].document.id).unwrap();
        export(&store)
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.version().unwrap(), 4);
    assert_eq!(export(&store), before);
    let [a, b, _] = bundles();
    assert_same_catalog(&store.catalog().unwrap(), &Catalog::from_bundles(4, [a, b]));
}

#[test]
fn export_then_import_reproduces_the_store() {
    let (store, _) = filled();
    store.remove_document(bundles()[0].document.id).unwrap();
    let mut bytes = Vec::new();
    let records = store.export_jsonl(&mut bytes).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text.lines().count(), records + 1, "a header and one line per record");
    assert!(text.starts_with(
        r#"{"record":"header","format":"dutygraph-store","schema_version":1,"data_version":4}"#
    ));
    assert!(text.contains(r#""record":"department_use""#));

    let copy = Store::temporary().unwrap();
    assert_eq!(copy.import_jsonl(&mut bytes.as_slice()).unwrap(), records);
    assert_eq!(export(&copy), bytes);
    assert_same_catalog(&copy.catalog().unwrap(), &store.catalog().unwrap());

    let err = copy.import_jsonl(&mut bytes.as_slice()).unwrap_err();
    assert!(matches!(err, StoreError::ImportIntoNonEmpty { documents: 2 }), "{err}");
    assert!(err.is_user_fault());
}

/// Imports `lines` into a fresh store, expecting failure on `line`; the
/// store must stay empty.
fn import_fails_at(lines: &[String], line: usize, words: &str) {
    let store = Store::temporary().unwrap();
    let input = lines.join("\n");
    let err = store.import_jsonl(&mut input.as_bytes()).unwrap_err();
    match &err {
        StoreError::BadImportLine { line: at, message } => {
            assert_eq!(*at, line, "{err}");
            assert!(message.contains(words), "{err}");
        }
        other => panic!("expected a bad line, got {other}"),
    }
    assert!(err.is_user_fault());
    assert!(err.to_string().starts_with(&format!("import line {line}: ")));
    assert!(store.is_empty().unwrap());
    assert_eq!(store.version().unwrap(), 0);
}

#[test]
fn a_corrupt_import_names_its_line_and_writes_nothing() {
    let (store, _) = filled();
    let lines: Vec<String> = String::from_utf8(export(&store)).unwrap().lines().map(String::from).collect();
    let last_task = lines.iter().rposition(|l| l.contains(r#""record":"task""#)).unwrap();

    let mut renamed = lines.clone();
    renamed[last_task] = renamed[last_task].replace(r#""text":"#, r#""txt":"#);
    import_fails_at(&renamed, last_task + 1, "txt");

    let mut truncated = lines.clone();
    truncated[last_task].truncate(30);
    import_fails_at(&truncated, last_task + 1, "expected a record");

    let mut unknown = lines.clone();
    unknown[3] = r#"{"record":"tsk"}"#.into();
    import_fails_at(&unknown, 4, "tsk");

    // A task whose document line is missing is refused where it appears.
    let first_document = lines.iter().position(|l| l.contains(r#""record":"document""#)).unwrap();
    let mut dangling = lines.clone();
    let document_id = dangling.remove(first_document);
    let document_id = &document_id[document_id.find("\"D").unwrap() + 2..][..16];
    let first_use = dangling
        .iter()
        .position(|l| l.contains(r#""record":"department_use""#) && l.contains(document_id))
        .unwrap();
    import_fails_at(&dangling, first_use + 1, "not defined on an earlier line");

    import_fails_at(&lines[1..], 1, "header");
    import_fails_at(&[], 1, "empty");
}

#[test]
fn a_bundle_that_fails_midway_leaves_nothing_behind() {
    let (store, [a, ..]) = filled();
    let before = export(&store);
    // A new document whose departments and first tasks are fine but whose
    // last task claims another document: the transaction has already
    // written a place, a document, departments and tasks when it aborts.
    let mut bad = bundle(
        "咸阳市",
        "陕西",
        "xianyang-2020",
        &[
            ("完善养老服务设施", &[("市民政局", LEAD)], Some((2020, 12, 31))),
            ("加强养老服务人才队伍建设", &[("市财政局", SUPPORT)], None),
        ],
    );
    bad.tasks.last_mut().unwrap().document = a.document.id;
    let err = store.put_document(&bad).unwrap_err();
    assert!(
        matches!(err, StoreError::InvalidBundle { document, .. } if document == bad.document.id),
        "{err}"
    );
    assert!(err.to_string().contains("belongs to document"), "{err}");
    assert!(err.is_user_fault());
    assert!(!store.contains_document(bad.document.id).unwrap());
    assert_eq!(export(&store), before, "nothing of the failed bundle remains");
    assert_eq!(store.version().unwrap(), 3);

    // An assignment to a department the bundle does not list fails the same way.
    let mut unlisted = bad.clone();
    unlisted.tasks.last_mut().unwrap().document = unlisted.document.id;
    unlisted.departments.pop();
    assert!(store.put_document(&unlisted).unwrap_err().to_string().contains("does not list"));
    assert_eq!(export(&store), before);
}
