//! Places at every level: a county's or a province's table is filed under
//! the place that issued it, which knows its level and the places above it;
//! the API's earlier city names still answer; stores and exports written
//! before places had levels still read.

use std::path::PathBuf;

use dutygraph::engine::Engine;
use dutygraph::ingest::Source;
use dutygraph::model::PlaceLevel;
use dutygraph::store::Store;
use serde_json::json;

use crate::support_api::{data, fresh_schema, run_on};

fn corpus(name: &str) -> Vec<u8> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reading/corpus").join(format!("{name}.txt"));
    std::fs::read(path).expect("corpus document")
}

fn ingest(engine: &Engine, name: &str, place: &str) {
    let source = Source { name: format!("{name}.txt"), place: Some(place.into()), ..Source::default() };
    engine.ingest(&corpus(name), &source).expect("ingest");
}

/// 大竹县's table given as 达州市's: filed under 大竹县, a county of 达州市 in
/// 四川省; its 县住建局 is the county's own bureau.
#[test]
fn a_county_table_is_filed_under_the_county() {
    let (engine, schema) = fresh_schema(false);
    ingest(&engine, "dazhu_2016_livelihood", "达州市");
    let catalog = engine.snapshot().catalog.clone();
    let place = catalog.place_by_name("大竹县").expect("filed under the issuer");
    assert_eq!(
        (place.level, place.code.as_deref(), place.parent.as_deref(), place.province.as_str()),
        (Some(PlaceLevel::County), Some("511724"), Some("达州市"), "四川")
    );
    assert!(catalog.place_by_name("达州市").is_none());
    let answer = run_on(
        &schema,
        r#"{ place(name: "大竹县") { level code parentName ancestors parent { name }
              departments(category: HOUSING_CONSTRUCTION) { name level } } }"#,
    );
    assert!(answer.errors.is_empty(), "{:?}", answer.errors);
    assert_eq!(
        answer.data.into_json().unwrap()["place"],
        json!({ "level": "COUNTY", "code": "511724", "parentName": "达州市", "ancestors": ["达州市", "四川省"],
                "parent": null, "departments": [{ "name": "县住房和城乡建设局", "level": "CITY_BUREAU" }] })
    );
}

/// A province's table: `--place 内蒙古自治区` works, and its own 厅 is its
/// own department.
#[test]
fn a_province_is_a_place_too() {
    let (engine, schema) = fresh_schema(false);
    ingest(&engine, "neimenggu_2020_old_communities", "内蒙古自治区");
    let answer = run_on(&schema, r#"{ places { name level parentName children { name } taskCount } }"#);
    assert!(answer.errors.is_empty(), "{:?}", answer.errors);
    assert_eq!(
        answer.data.into_json().unwrap()["places"],
        json!([{ "name": "内蒙古自治区", "level": "PROVINCE", "parentName": null, "children": [], "taskCount": 2 }])
    );
}

/// A place knows the stored places below it.
#[test]
fn children_and_parents_link_stored_places() {
    let (engine, schema) = fresh_schema(true);
    // 立山区's table filed under 鞍山市's name is 立山区's; then a city table.
    ingest(&engine, "lishan_2023_govwork", "鞍山市");
    let answer = run_on(&schema, r#"{ place(name: "立山区") { name level parentName } }"#);
    assert!(answer.errors.is_empty(), "{:?}", answer.errors);
    assert_eq!(
        answer.data.into_json().unwrap()["place"],
        json!({ "name": "立山区", "level": "COUNTY", "parentName": "鞍山市" })
    );
}

/// Clients written against cities keep their answers: each old name gives
/// what the new one does.
#[test]
fn the_earlier_city_names_still_answer() {
    let pairs = [
        (r#"{ cities { name } }"#, r#"{ places { name } }"#),
        (r#"{ city(name: "江门市") { name taskCount } }"#, r#"{ place(name: "江门市") { name taskCount } }"#),
        (
            r#"{ tasks(filter: { city: "三亚市" }, first: 3) { totalCount } }"#,
            r#"{ tasks(filter: { place: "三亚市" }, first: 3) { totalCount } }"#,
        ),
        (
            r#"{ rankings(perCity: true, by: PRIMARY_LEAD, first: 1) { city { name } entries { label } } }"#,
            r#"{ rankings(perPlace: true, by: PRIMARY_LEAD, first: 1) { place { name } entries { label } } }"#,
        ),
        (
            r#"{ compareCities(category: HEALTH) { cities { city { name } cityTasks } } }"#,
            r#"{ comparePlaces(category: HEALTH) { places { place { name } placeTasks } } }"#,
        ),
        (
            r#"{ stats(city: "咸阳市") { countsByCity { tasks } } }"#,
            r#"{ stats(place: "咸阳市") { countsByPlace { tasks } } }"#,
        ),
        (
            r#"{ centrality(scope: { cities: ["咸阳市"] }, measure: PAGERANK, first: 1) { cities { name } } }"#,
            r#"{ centrality(scope: { places: ["咸阳市"] }, measure: PAGERANK, first: 1) { places { name } } }"#,
        ),
    ];
    for (old, new) in pairs {
        let (a, b) = (data(old), data(new));
        // Same values under the old keys.
        let strip = |v: &serde_json::Value| -> serde_json::Value {
            let renamed = v
                .to_string()
                .replace("\"cities\"", "\"places\"")
                .replace("\"city\"", "\"place\"")
                .replace("cityTasks", "placeTasks")
                .replace("compareCities", "comparePlaces")
                .replace("countsByCity", "countsByPlace");
            serde_json::from_str(&renamed).unwrap()
        };
        assert_eq!(strip(&a), strip(&b), "{old}");
    }
}

/// A store written before places had levels (version 1 place records)
/// opens and reads the same; an export of it, re-imported, too.
#[test]
fn stores_and_exports_of_cities_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::new(Store::open(dir.path()).unwrap()).unwrap();
    engine.load_seeds_if_empty().unwrap();
    let mut export = Vec::new();
    engine.store().export_jsonl(&mut export).unwrap();
    drop(engine);
    // Rewrite every place line as the city line an earlier export wrote.
    let old: String = String::from_utf8(export)
        .unwrap()
        .lines()
        .map(|line| {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["record"] == "place" {
                v = json!({ "record": "city", "id": v["id"], "name": v["name"], "province": v["province"] });
            }
            v.to_string() + "\n"
        })
        .collect();
    assert!(old.contains(r#""record":"city""#));
    let restored = tempfile::tempdir().unwrap();
    let store = Store::open(restored.path()).unwrap();
    store.import_jsonl(&mut old.as_bytes()).unwrap();
    let catalog = store.catalog().unwrap();
    assert_eq!(catalog.places().len(), 5);
    // A city record carries no level: it reads as a place of unknown level.
    assert!(catalog.places().iter().all(|p| p.level.is_none()));
    assert_eq!(catalog.tasks().len(), 185);
}
