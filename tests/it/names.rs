//! One way to name things: one table of names checked against
//! `dutygraph::names`, then the same table through GraphQL (a scope, a task
//! filter) and `/export`, which must resolve each entry to the same places
//! and refuse the same bad ones with the same message.
//!
//! The world is the seeds plus two small tables built here: one of
//! 恩施土家族苗族自治州 (named 恩施州 in everyday use) and one of the
//! county-level 恩施市, so that the short name 恩施 is ambiguous.

use std::sync::{Arc, LazyLock};

use async_graphql::{Request, Variables};
use dutygraph::api::DutySchema;
use dutygraph::engine::Engine;
use dutygraph::ingest::{Directory, Source};
use dutygraph::model::{Catalog, DepartmentId, PlaceId};
use dutygraph::names::{self, NameError};
use dutygraph::server::{self, ServerConfig};
use poem::test::TestClient;
use serde_json::{json, Value};

use crate::support_api::fresh_schema;

/// A table of `issuer` (its government office issues it), with two tasks
/// whose units open with the place's own level word `own` (州民政局).
fn table(issuer: &str, own: &str) -> String {
    format!(
        "{issuer}人民政府办公室\n关于印发养老服务重点任务分工的通知\n\n\
         养老服务重点任务分工表\n\
         序号\t工作任务\t牵头单位\t配合单位\t完成时限\n\
         1\t完善养老服务体系，新建社区养老服务中心10个。\t{own}民政局\t{own}文化和旅游局\t2023年底前\n\
         2\t发展康养旅游，推出康养旅游线路5条。\t{own}文化和旅游局\t{own}民政局\t2023年6月底前\n"
    )
}

struct World {
    engine: Arc<Engine>,
    schema: DutySchema,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let (engine, schema) = fresh_schema(true);
    for (place, own) in [("恩施土家族苗族自治州", "州"), ("恩施市", "市")] {
        let source = Source { name: format!("{place}.txt"), place: Some(place.into()), ..Source::default() };
        engine.ingest(table(place, own).as_bytes(), &source).expect("ingest");
    }
    World { engine, schema }
});

fn catalog() -> Arc<Catalog> {
    WORLD.engine.snapshot().catalog.clone()
}

/// What an entry should give: the places (full names, in the order named)
/// or the `NameError` variant that refuses it.
#[derive(Debug)]
enum Want {
    Places(&'static [&'static str]),
    Refused(&'static str),
}
use Want::{Places, Refused};

/// Names of places, as lists (`Scope.places`, `/export?places=`). `<id X>`
/// stands for the id of the place stored as X.
const PLACES: &[(&str, Want)] = &[
    ("<id 江门市>", Places(&["江门市"])),
    ("江门市", Places(&["江门市"])),
    ("江门", Places(&["江门市"])),
    ("恩施州", Places(&["恩施土家族苗族自治州"])),
    ("恩施土家族苗族自治州", Places(&["恩施土家族苗族自治州"])),
    ("恩施市", Places(&["恩施市"])),
    (" \t咸阳\u{3000}", Places(&["咸阳市"])),
    ("江门市,咸阳", Places(&["江门市", "咸阳市"])),
    ("恩施州，江门", Places(&["恩施土家族苗族自治州", "江门市"])),
    ("三亚、永州市、三亚市", Places(&["三亚市", "永州市"])),
    ("江门市,,珠海,", Places(&["江门市", "珠海市"])),
    ("恩施", Refused("AmbiguousPlace")),
    ("火星市", Refused("UnknownPlace")),
    ("江门,火星", Refused("UnknownPlace")),
    ("Cffffffffffffffff", Refused("UnknownId")),
    ("", Refused("EmptyPlaceList")),
    (" ，", Refused("EmptyPlaceList")),
];

/// Departments: (place given, name or id, the department's full name or
/// the variant refusing it). `<id X Y>` stands for the id of department Y
/// of the place stored as X.
const DEPARTMENTS: &[(Option<&str>, &str, Result<&str, &str>)] = &[
    (None, "<id 江门市 市民政局>", Ok("江门市民政局")),
    (None, "江门市民政局", Ok("江门市民政局")),
    (None, " 江门民政局 ", Ok("江门市民政局")),
    (Some("江门"), "市民政局", Ok("江门市民政局")),
    (Some("恩施州"), "州文旅局", Ok("恩施土家族苗族自治州文化和旅游局")),
    (None, "恩施州文化和旅游局", Ok("恩施土家族苗族自治州文化和旅游局")),
    (None, "恩施土家族苗族自治州民政局", Ok("恩施土家族苗族自治州民政局")),
    (None, "市民政局", Err("AmbiguousDepartment")),
    (Some("江门市"), "宇宙局", Err("UnknownDepartment")),
    (None, "", Err("EmptyDepartment")),
    (Some("火星"), "市民政局", Err("UnknownPlace")),
    (None, "Uffffffffffffffff", Err("UnknownId")),
];

/// Documents and tasks by id: (id, whether it is stored, or the variant).
const IDS: &[(&str, Result<(), &str>)] = &[
    ("<first document>", Ok(())),
    ("<first task>", Ok(())),
    ("D0000000000000000", Err("UnknownId")),
    ("T0000000000000000-1", Err("UnknownId")),
    ("nope", Err("MalformedId")),
    ("T12-x", Err("MalformedId")),
];

fn expand(raw: &str, cat: &Catalog) -> String {
    let Some(inner) = raw.strip_prefix("<").and_then(|r| r.strip_suffix(">")) else { return raw.to_string() };
    match inner.split(' ').collect::<Vec<_>>().as_slice() {
        ["id", place] => PlaceId::from_name(place).to_string(),
        ["id", place, name] => DepartmentId::new(PlaceId::from_name(place), name).to_string(),
        ["first", "document"] => cat.documents()[0].id.to_string(),
        ["first", "task"] => cat.tasks()[0].id.to_string(),
        _ => panic!("unknown placeholder {raw}"),
    }
}

fn variant(e: &NameError) -> String {
    let debug = format!("{e:?}");
    debug.split([' ', '{', '(']).next().unwrap_or_default().to_string()
}

/// The table against the module itself.
#[test]
fn the_names_table_resolves_through_the_module() {
    let cat = catalog();
    // The 州's own table is stored under its full name, with the level word.
    let enshi = cat.place_by_name("恩施土家族苗族自治州").expect("stored under the full name");
    assert_eq!(enshi.code.as_deref(), Some("4228"));

    for (raw, want) in PLACES {
        let given = expand(raw, &cat);
        let got = names::places(&cat, &[given.as_str()]);
        match (want, got) {
            (Places(names), Ok(Some(found))) => {
                let found: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
                assert_eq!(&found, names, "{raw:?}");
            }
            (Refused(which), Err(e)) => {
                assert_eq!(&variant(&e), which, "{raw:?}: {e}");
                let message = e.to_string();
                let mut pieces = given.split(names::LIST_SEPARATORS).map(str::trim).filter(|p| !p.is_empty());
                let named = message.contains(given.trim()) || pieces.any(|p| message.contains(p));
                assert!(named, "{raw:?}: `{message}` should name what was given");
                if *which == "UnknownPlace" {
                    assert!(message.contains("known places: ") && message.contains("江门市"), "{message}");
                }
            }
            (want, got) => panic!("{raw:?}: wanted {want:?}, got {got:?}"),
        }
        // One place takes the same names, and refuses a list as such.
        let one = names::place(&cat, &given);
        let is_list = given.contains(names::LIST_SEPARATORS);
        match (want, one) {
            (_, Err(NameError::ListForOnePlace { .. })) if is_list => {}
            (Places([name]), Ok(p)) => assert_eq!(p.name, **name, "{raw:?}"),
            (Refused("EmptyPlaceList"), Err(NameError::EmptyPlace)) => {}
            (Refused(which), Err(e)) => assert_eq!(&variant(&e), which, "{raw:?}"),
            (want, got) => panic!("{raw:?} as one place: wanted {want:?}, got {got:?}"),
        }
    }

    let directory = Directory::bundled();
    for (place, raw, want) in DEPARTMENTS {
        let given = expand(raw, &cat);
        match (want, names::department(&cat, directory, *place, &given)) {
            (Ok(full), Ok(d)) => {
                let place = cat.place(d.place).unwrap();
                assert_eq!(names::full_name(&place.name, &d.name), *full, "{place:?} {raw:?}");
            }
            (Err(which), Err(e)) => {
                assert_eq!(&variant(&e), which, "{place:?} {raw:?}: {e}");
                if *which == "AmbiguousDepartment" {
                    // The candidates are listed by full name, the place's 市 once.
                    assert!(e.to_string().contains("江门市民政局, "), "{e}");
                }
            }
            (want, got) => panic!("{place:?} {raw:?}: wanted {want:?}, got {got:?}"),
        }
    }

    for (raw, want) in IDS {
        let given = expand(raw, &cat);
        let got = if given.starts_with('T') {
            names::task(&cat, &given).map(|_| ())
        } else {
            names::document(&cat, &given).map(|_| ())
        };
        match (want, got) {
            (Ok(()), Ok(())) => {}
            (Err(which), Err(e)) => {
                assert_eq!(&variant(&e), which, "{raw:?}: {e}");
                assert!(e.to_string().contains(&given), "{e}");
            }
            (want, got) => panic!("{raw:?}: wanted {want:?}, got {got:?}"),
        }
    }
}

/// The place ids a result names, sorted, or the message refusing it.
type Outcome = Result<Vec<String>, String>;

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

async fn graphql(query: &str, variables: Value) -> Result<Value, String> {
    let request = Request::new(query).variables(Variables::from_json(variables));
    let response = WORLD.schema.execute(request).await;
    match response.errors.first() {
        Some(e) => Err(e.message.clone()),
        None => Ok(response.data.into_json().expect("json")),
    }
}

/// `rankings(scope: {places: [given]})`: the places of the scope.
async fn through_scope(given: &str) -> Outcome {
    let query = "query($p: [String!]) { rankings(scope: {places: $p}) { places { id } } }";
    let data = graphql(query, json!({ "p": [given] })).await?;
    let places = data["rankings"][0]["places"].as_array().expect("places");
    Ok(sorted(places.iter().map(|p| p["id"].as_str().unwrap().to_string()).collect()))
}

/// `tasks(filter: {place: given})`: the place of the tasks it lists.
async fn through_task_filter(given: &str) -> Outcome {
    let query =
        "query($p: String) { tasks(filter: {place: $p}, first: 200) { edges { node { place { id } } } } }";
    let data = graphql(query, json!({ "p": given })).await?;
    let mut ids: Vec<String> = data["tasks"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["place"]["id"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    Ok(ids)
}

/// `/export/csv?places=given`: the place ids of the file name, or the body of a 400.
async fn through_export(cli: &TestClient<impl poem::Endpoint>, given: &str) -> Outcome {
    let response = cli.get("/export/csv").query("places", &given).send().await;
    let status = response.0.status();
    let disposition =
        response.0.headers().get("content-disposition").map(|v| v.to_str().unwrap().to_string());
    let body = response.0.into_body().into_string().await.expect("UTF-8 body");
    if status != poem::http::StatusCode::OK {
        assert_eq!(status, poem::http::StatusCode::BAD_REQUEST, "{given:?}: {body}");
        return Err(body);
    }
    let disposition = disposition.expect("a download names its file");
    let ascii = disposition.split("filename=dutygraph-").nth(1).and_then(|r| r.split(".csv").next()).unwrap();
    Ok(sorted(ascii.split('-').map(String::from).collect()))
}

fn module_outcome(got: Result<Vec<PlaceId>, NameError>) -> Outcome {
    got.map(|ids| sorted(ids.iter().map(ToString::to_string).collect())).map_err(|e| e.to_string())
}

/// GraphQL and `/export` against the module, entry by entry: the same places,
/// or the same message.
#[tokio::test]
async fn graphql_and_export_resolve_the_table_alike() {
    let cat = catalog();
    let cli = TestClient::new(server::app(WORLD.engine.clone(), &ServerConfig::default()));
    for (raw, _) in PLACES {
        let given = expand(raw, &cat);
        let list = module_outcome(
            names::places(&cat, &[given.as_str()]).map(|p| p.unwrap().iter().map(|p| p.id).collect()),
        );
        assert_eq!(through_scope(&given).await, list, "scope {raw:?}");
        assert_eq!(through_export(&cli, &given).await, list, "/export {raw:?}");
        let one = module_outcome(names::place(&cat, &given).map(|p| vec![p.id]));
        assert_eq!(through_task_filter(&given).await, one, "task filter {raw:?}");
    }
    // 恩施州 answers with the 州's own network, by name in the download too.
    let response = cli.get("/export/graphml").query("places", &"恩施州").send().await;
    response.assert_status_is_ok();
    let graphml = response.0.into_body().into_string().await.unwrap();
    assert!(graphml.contains("州文化和旅游局") && !graphml.contains("江门"), "{graphml}");
}
