//! Every analyst question in `playground/*.graphql` runs against the seeds
//! and its answer is compared with `playground/answers/<name>.json`.
//! `UPDATE_EXPECT=1 cargo test --test integration playground` rewrites the
//! answers (expect-test); read the diff against the documents before
//! committing.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support_api::{run_on, SEEDED};

fn playground_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("playground")
}

fn queries() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(playground_dir())
        .expect("playground/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    files
}

/// True when some list or string in the answer holds something: an answer
/// of only empty lists, zeros and nulls answers nothing.
fn has_content(v: &Value) -> bool {
    match v {
        Value::Array(items) => !items.is_empty() && items.iter().any(has_content),
        Value::Object(map) => map.values().any(has_content),
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::Bool(_) | Value::Null => false,
    }
}

#[test]
fn playground_queries_answer_as_recorded() {
    let files = queries();
    assert!((8..=24).contains(&files.len()), "expected 8 to 24 playground queries, found {}", files.len());
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let query = fs::read_to_string(&file).unwrap();
        assert!(
            query.starts_with("# "),
            "{name}: the first line must be a `# ` comment saying what it answers"
        );
        let response = run_on(&SEEDED.schema, query.as_str());
        assert!(response.errors.is_empty(), "{name}: {:?}", response.errors);
        let data = response.data.into_json().unwrap();
        assert!(has_content(&data), "{name}: the answer is empty: {data}");
        let actual = serde_json::to_string_pretty(&data).unwrap() + "\n";
        let answer = playground_dir().join("answers").join(format!("{name}.json"));
        expect_test::expect_file![answer].assert_eq(&actual);
    }
}
