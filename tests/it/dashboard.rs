//! The analyst's dashboard (`GET /dashboard`): every GraphQL operation it
//! sends (`playground/dashboard/queries/*.graphql`) runs against the seeds
//! and its answer is compared with `playground/dashboard/answers/`; the page
//! and its scripts are served from the binary; and the real page runs in
//! headless Chromium against a real server (`tests/it/browser/`).
//!
//! `UPDATE_EXPECT=1 cargo test --test integration dashboard` rewrites the
//! answers; `UPDATE_SCREENSHOTS=1` also copies the browser run's screenshots
//! (written to `target/dashboard-screenshots/`) over
//! `playground/dashboard/screenshots/`, which the README shows.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Request, Variables};
use dutygraph::api::BearerToken;
use dutygraph::engine::Engine;
use dutygraph::server::{self, ServerConfig};
use dutygraph::store::Store;
use poem::test::TestClient;
use serde_json::{json, Value};

use crate::support_api::{fresh_schema, run_on, SEEDED, TOKEN};

fn dashboard_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("playground/dashboard")
}

fn files_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// The example variables an operation file gives on its `# variables:` line.
fn example_variables(name: &str, text: &str) -> Value {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .find_map(|line| line.strip_prefix("# variables:"))
        .map(|json| {
            serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("{name}: bad variables: {e}"))
        })
        .unwrap_or(Value::Object(Default::default()))
}

/// Values that differ between runs: when a document was stored.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "ingestedAt" {
                    *v = Value::String("<ingested-at>".into());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[test]
fn dashboard_operations_answer_as_recorded() {
    let files = files_in(&dashboard_dir().join("queries"), "graphql");
    assert!(!files.is_empty(), "no dashboard operations found");
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# "),
            "{name}: the first line must be a `# ` comment saying what it is for"
        );
        let variables = Variables::from_json(example_variables(&name, &text));
        let request = Request::new(text.as_str()).variables(variables);
        // Writes run on an engine of their own, so the shared seeds stay as they are.
        let response = if text.contains("\nmutation ") {
            let (_, schema) = fresh_schema(true);
            run_on(&schema, request.data(BearerToken(Some(TOKEN.into()))))
        } else {
            run_on(&SEEDED.schema, request)
        };
        assert!(response.errors.is_empty(), "{name}: {:?}", response.errors);
        let mut data = response.data.into_json().unwrap();
        redact(&mut data);
        let actual = serde_json::to_string_pretty(&data).unwrap() + "\n";
        let answer = dashboard_dir().join("answers").join(format!("{name}.json"));
        expect_test::expect_file![answer].assert_eq(&actual);
    }
}

/// Runs the dashboard's operation `queries/<name>.graphql` on `schema` and
/// returns its data; an error answer fails the test.
fn dashboard_operation(schema: &dutygraph::api::DutySchema, name: &str, variables: Value) -> Value {
    let text = fs::read_to_string(dashboard_dir().join("queries").join(format!("{name}.graphql"))).unwrap();
    let response = run_on(schema, Request::new(text).variables(Variables::from_json(variables)));
    assert!(response.errors.is_empty(), "{name}: {:?}", response.errors);
    response.data.into_json().unwrap()
}

/// The seeds have one undated document per place, so the time views'
/// operations also run on `time.rs`'s dated documents: the changes page's
/// picker gets both of 韶关市's documents with their dates, `changes` the
/// counts `time.rs` makes by hand, `asOf` narrows the place page, and the
/// search page's `diffusion` puts the undated place last.
#[test]
fn the_time_views_read_dated_documents() {
    let f = crate::time::fixture();
    let documents = dashboard_operation(&f.schema, "place_documents", json!({ "place": "韶关市" }));
    let mut dated: Vec<(&str, &str)> = documents["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap(), d["dateSource"]["source"].as_str().unwrap()))
        .collect();
    dated.sort_unstable();
    assert_eq!(dated, [("2019-08-12", "DATE_LINE"), ("2021-03-05", "DATE_LINE")]);

    let changes = dashboard_operation(&f.schema, "changes", json!({ "a": f.a, "b": f.b }));
    let c = &changes["documentChanges"];
    let count = |key: &str| c[key].as_array().unwrap().len();
    assert_eq!((count("kept"), count("dropped"), count("added")), (2, 1, 1));
    let role_changes: usize =
        c["departments"].as_array().unwrap().iter().map(|d| d["roleChanges"].as_array().unwrap().len()).sum();
    assert_eq!(role_changes, 2, "市民政局 and 市卫生健康委员会 swap roles in task 2");

    let total = |as_of: Value| {
        let variables = json!({ "place": "韶关市", "by": "ANY_LEAD", "top": 12, "asOf": as_of });
        dashboard_operation(&f.schema, "place", variables)["rankings"][0]["totalTasks"].clone()
    };
    assert_eq!([total(json!("2019-08-11")), total(json!("2020-01-01")), total(Value::Null)], [0, 3, 6]);
    let network = dashboard_operation(
        &f.schema,
        "network",
        json!({ "places": ["韶关市"], "merge": false, "minWeight": 1, "top": 150, "asOf": "2020-01-01" }),
    );
    assert_eq!(network["network"]["summary"]["nodes"], 3);

    let diffusion = dashboard_operation(&f.schema, "diffusion", json!({ "query": "医养结合", "first": 50 }));
    let order: Vec<(&str, bool)> = diffusion["diffusion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["place"]["name"].as_str().unwrap(), a["dated"].as_bool().unwrap()))
        .collect();
    assert_eq!(order, [("清远市", true), ("韶关市", true), ("河源市", false)]);
}

/// Every operation a script names exists, and every operation file is used.
#[test]
fn the_scripts_send_exactly_the_recorded_operations() {
    let dir = dashboard_dir();
    let mut scripts = files_in(&dir, "js");
    scripts.extend(files_in(&dir.join("views"), "js"));
    let mut used: Vec<String> = Vec::new();
    for script in &scripts {
        let text = fs::read_to_string(script).unwrap();
        for call in ["run('", "runWithFile('", "send('"] {
            for rest in text.split(call).skip(1) {
                used.push(rest.split('\'').next().unwrap().to_string());
            }
        }
        for scheme in ["http://", "https://"] {
            assert!(!text.contains(scheme), "{} names an absolute URL ({scheme})", script.display());
        }
    }
    used.sort();
    used.dedup();
    let recorded: Vec<String> = files_in(&dir.join("queries"), "graphql")
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in &used {
        assert!(recorded.contains(name), "a script sends `{name}`, which has no queries/{name}.graphql");
    }
    for name in &recorded {
        assert!(used.contains(name), "queries/{name}.graphql is sent by no script");
    }
}

fn seeded_engine() -> Arc<Engine> {
    let engine = Arc::new(Engine::new(Store::temporary().expect("temporary store")).expect("engine"));
    engine.load_seeds_if_empty().expect("seeds load");
    engine
}

#[tokio::test]
async fn the_dashboard_is_served_from_the_binary() {
    let cli = TestClient::new(server::app(seeded_engine(), &ServerConfig::default()));
    let page = cli.get("/dashboard").send().await;
    page.assert_status_is_ok();
    page.assert_content_type("text/html; charset=utf-8");
    let html = page.0.into_body().into_string().await.unwrap();
    // Every file the page and its modules name is served, as JavaScript
    // where it is a module (browsers refuse modules of other types).
    let mut wanted: Vec<String> =
        html.split(['"', '\'']).filter(|s| s.starts_with("/dashboard/")).map(str::to_string).collect();
    let dir = dashboard_dir();
    let mut scripts = files_in(&dir, "js");
    scripts.extend(files_in(&dir.join("views"), "js"));
    for script in scripts {
        let relative = script.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
        wanted.push(format!("/dashboard/{relative}"));
        wanted.extend(
            fs::read_to_string(&script)
                .unwrap()
                .lines()
                .filter_map(|line| line.split("from './").nth(1).or_else(|| line.split("from '../").nth(1)))
                .map(|rest| format!("/dashboard/{}", rest.split('\'').next().unwrap())),
        );
    }
    wanted.push("/dashboard/queries/overview.graphql".into());
    wanted.sort();
    wanted.dedup();
    for path in wanted {
        let response = cli.get(&path).send().await;
        response.assert_status_is_ok();
        if path.ends_with(".js") {
            response.assert_content_type("text/javascript; charset=utf-8");
        }
    }
    cli.get("/dashboard/screenshots/overview.png")
        .send()
        .await
        .assert_status(poem::http::StatusCode::NOT_FOUND);
    // The playground links to the dashboard.
    let playground = cli.get("/").send().await.0.into_body().into_string().await.unwrap();
    assert!(playground.contains("href=\"/dashboard\""), "the playground does not link to /dashboard");
}

/// The dashboard in headless Chromium against a real server loaded with the
/// seeds: see `tests/it/browser/dashboard.mjs` for what it checks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_works_in_a_browser() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = root.join("tests/it/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the dashboard test needs Chromium at {chromium} (Debian: `apt-get install chromium`; .ci/run installs it)"
    );
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&browser_dir)
            .output()
            .expect("`npm` must be on PATH to install playwright-core");
        assert!(npm.status.success(), "npm ci failed:\n{}", String::from_utf8_lossy(&npm.stderr));
    }
    // `target/dashboard-screenshots`, beside the build's other output.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("dashboard-screenshots");

    let config = ServerConfig {
        bind: ([127, 0, 0, 1], 0).into(),
        write_token: Some(TOKEN.into()),
        ..ServerConfig::default()
    };
    let bound = server::bind(seeded_engine(), config).await.expect("bind an ephemeral port");
    let origin = format!("http://{}", bound.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(bound.run_until(async {
        stopped.await.ok();
    }));

    let script = browser_dir.join("dashboard.mjs");
    let out = shots.clone();
    let run = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .arg(&origin)
            .arg(&out)
            .env("DUTYGRAPH_TOKEN", TOKEN)
            .env("CHROMIUM", chromium)
            .output()
    });
    let run = tokio::time::timeout(Duration::from_secs(300), run)
        .await
        .expect("the browser run finished within five minutes")
        .expect("the browser task ran")
        .expect("node started");
    stop.send(()).ok();
    running.await.expect("server task").expect("server stopped cleanly");

    let report = String::from_utf8_lossy(&run.stdout);
    println!("{report}");
    assert!(
        run.status.success(),
        "the dashboard failed in the browser:\n{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_str(&report).expect("a JSON report");
    assert!(report["checks"].as_array().is_some_and(|c| c.len() >= 20), "too few checks ran: {report}");
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let keep = dashboard_dir().join("screenshots");
        fs::create_dir_all(&keep).unwrap();
        for shot in files_in(&shots, "png") {
            fs::copy(&shot, keep.join(shot.file_name().unwrap())).unwrap();
        }
    }
}
