//! Every error code path: BAD_USER_INPUT, NOT_FOUND, UNAUTHENTICATED (in
//! writes.rs), and the limits.

use crate::support_api::{error_of, SEEDED};

fn expect(query: &str, code: &str, words: &[&str]) {
    let (got, message) = error_of(&SEEDED.schema, query);
    assert_eq!(got, code, "{query}: {message}");
    for w in words {
        assert!(message.contains(w), "{query}: message `{message}` should mention `{w}`");
    }
}

#[test]
fn malformed_ids_are_bad_user_input_naming_the_value() {
    expect(r#"{ task(id: "T12-x") { id } }"#, "BAD_USER_INPUT", &["T12-x", "TaskId"]);
    expect(r#"{ document(id: "nope") { id } }"#, "BAD_USER_INPUT", &["nope", "DocumentId"]);
    expect(r#"{ place(id: "Cxyz") { id } }"#, "BAD_USER_INPUT", &["Cxyz"]);
    expect(r#"{ department(id: "Uxyz") { id } }"#, "BAD_USER_INPUT", &["Uxyz", "DepartmentId"]);
    expect(r#"{ department(id: "江门市民政局") { id } }"#, "BAD_USER_INPUT", &["DepartmentId"]);
}

#[test]
fn well_formed_but_unknown_ids_and_names_are_not_found() {
    expect(r#"{ task(id: "T0000000000000000-1") { id } }"#, "NOT_FOUND", &["T0000000000000000-1"]);
    expect(r#"{ document(id: "D0000000000000000") { id } }"#, "NOT_FOUND", &["D0000000000000000"]);
    expect(r#"{ place(id: "C0000000000000000") { id } }"#, "NOT_FOUND", &["C0000000000000000"]);
    expect(r#"{ place(name: "广州市") { id } }"#, "NOT_FOUND", &["广州市", "江门市"]);
    expect(r#"{ department(name: "江门市宇宙局") { id } }"#, "NOT_FOUND", &["江门市宇宙局"]);
    expect(r#"{ tasks(filter: { place: "广州" }) { totalCount } }"#, "NOT_FOUND", &["广州"]);
    expect(r#"{ milestones(department: "珠海市火星局") { date } }"#, "NOT_FOUND", &["珠海市火星局"]);
}

#[test]
fn the_field_is_null_but_the_rest_of_the_answer_stands() {
    let response = crate::support_api::run_on(
        &SEEDED.schema,
        r#"{ places { name } task(id: "T0000000000000000-1") { id } }"#,
    );
    assert_eq!(response.errors.len(), 1);
    let data = response.data.into_json().unwrap();
    assert!(data["task"].is_null());
    assert_eq!(data["places"].as_array().unwrap().len(), 5);
}

#[test]
fn bad_arguments_are_bad_user_input() {
    expect(r#"{ department(name: "市民政局") { id } }"#, "BAD_USER_INPUT", &["ambiguous", "江门市"]);
    expect(r#"{ category(code: "healthcare") { code } }"#, "BAD_USER_INPUT", &["healthcare", "health"]);
    expect(r#"{ place { id } }"#, "BAD_USER_INPUT", &["id", "name"]);
    expect(r#"{ search(query: "   ") { score } }"#, "BAD_USER_INPUT", &["empty"]);
    expect(r#"{ search(query: "养老", first: 1000) { score } }"#, "BAD_USER_INPUT", &["1000", "200"]);
    expect(
        r#"{ tasks(filter: { milestoneFrom: "2021-01-01", milestoneTo: "2020-01-01" }) { totalCount } }"#,
        "BAD_USER_INPUT",
        &["2021-01-01", "2020-01-01"],
    );
    expect(
        r#"{ milestoneHistogram(granularity: MONTH, from: "2022-01-01", to: "2020-01-01") { period } }"#,
        "BAD_USER_INPUT",
        &["2022-01-01"],
    );
    expect(r#"{ departments(first: -1) { id } }"#, "BAD_USER_INPUT", &["-1"]);
}

#[test]
fn bad_cursors_and_page_sizes_are_bad_user_input() {
    expect(r#"{ tasks(after: "xyz") { totalCount } }"#, "BAD_USER_INPUT", &["xyz", "cursor"]);
    expect(r#"{ tasks(before: "-1") { totalCount } }"#, "BAD_USER_INPUT", &["-1", "cursor"]);
    expect(r#"{ tasks(first: 201) { totalCount } }"#, "BAD_USER_INPUT", &["201", "200"]);
    expect(r#"{ tasks(last: -5) { totalCount } }"#, "BAD_USER_INPUT", &["-5"]);
    expect(
        r#"{ department(name: "江门市民政局") { ledTasks(after: "abc") { totalCount } } }"#,
        "BAD_USER_INPUT",
        &["abc"],
    );
}

#[test]
fn oversized_queries_are_refused_before_they_run() {
    // 200 tasks × 200 led tasks each is far over the complexity limit.
    let heavy = "{ tasks(first: 200) { edges { node { leads { department { ledTasks(first: 200) { edges { node { text milestones { date } } } } } } } } } }";
    let response = crate::support_api::run_on(&SEEDED.schema, heavy);
    assert!(response.errors.iter().any(|e| e.message.contains("complex")), "{:?}", response.errors);
    // Cheap but deep: singular fields and short lists, nested past the depth limit.
    let deep = format!(
        r#"{{ task(id: "T0000000000000000-1") {{ {} id {} }} }}"#,
        "units { task { ".repeat(9),
        "} } ".repeat(9)
    );
    let response = crate::support_api::run_on(&SEEDED.schema, deep.as_str());
    assert!(
        response.errors.iter().any(|e| e.message.contains("nested") || e.message.contains("depth")),
        "{:?}",
        response.errors
    );
}
