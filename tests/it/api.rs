//! The GraphQL schema executed in-process against the seeds: the SDL
//! snapshot, every root field, relations both ways, paging, error codes and
//! the token-protected mutations. Expected values are computed from the
//! engine's catalog, not copied from answers.

mod errors;
mod paging;
mod reads;
mod writes;

use std::path::Path;

use crate::support_api::SEEDED;

#[test]
fn checked_in_sdl_matches_the_code() {
    let sdl = dutygraph::api::sdl(&SEEDED.schema);
    expect_test::expect_file![Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/schema.graphql")]
        .assert_eq(&sdl);
}

#[test]
fn every_type_and_field_has_a_description() {
    // Introspection is on, and what it shows is what analysts read.
    let data = crate::support_api::data(
        "{ __schema { types { name kind description fields { name description } inputFields { name description } } } }",
    );
    let mut missing = Vec::new();
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || t["kind"] == "SCALAR" || ["PageInfo", "Counted"].contains(&name) {
            continue;
        }
        if t["description"].is_null() && !name.ends_with("Connection") && !name.ends_with("Edge") {
            missing.push(name.to_string());
        }
        for f in t["fields"].as_array().into_iter().chain(t["inputFields"].as_array()).flatten() {
            if f["description"].is_null() {
                missing.push(format!("{name}.{}", f["name"].as_str().unwrap()));
            }
        }
    }
    assert!(missing.is_empty(), "without a `///` description: {missing:?}");
}

/// The introspection query GraphiQL sends on load; the limits must admit it
/// or the playground shows no schema.
const GRAPHIQL_INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"#;

#[test]
fn the_playground_introspection_query_passes_the_limits() {
    let response = crate::support_api::run_on(&SEEDED.schema, GRAPHIQL_INTROSPECTION);
    assert!(response.errors.is_empty(), "{:?}", response.errors);
}
