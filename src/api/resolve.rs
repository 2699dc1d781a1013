//! How dutygraph's objects resolve their selected fields: in order, each
//! awaited in place, into a map sized for the selection.
//!
//! async-graphql resolves an object by boxing one future per selected field
//! and joining them (concurrently, or one after the other for a `serial`
//! object), then inserting each answer into a map grown from empty. That is
//! the right shape for resolvers that wait on I/O; dutygraph's never wait
//! (every relation is a lookup in the snapshot), so the boxes, the joins and
//! the regrowing map were most of what a field cost (BENCHMARKS.md, "Field
//! resolution"). [`resolve_container`] does the same work without them.
//!
//! The derive macros take the path of the crate they expand against
//! (`#[Object(crate = "crate::api::resolve::graphql")]`); [`graphql`] is
//! async-graphql itself except for its two container resolvers, which are
//! the ones here. Everything else — the schema, validation, arguments, errors
//! and the answers — is async-graphql's.

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Selection;
use async_graphql::resolver_utils::ContainerType;
use async_graphql::{ContextSelectionSet, Name, ServerError, ServerResult, Value};
use futures_util::future::BoxFuture;

/// async-graphql with dutygraph's container resolution; see the module docs.
pub mod graphql {
    pub use async_graphql::*;

    /// async-graphql's resolver helpers, with [`resolve_container`] in place
    /// of its concurrent and serial container resolvers.
    pub mod resolver_utils {
        pub use async_graphql::resolver_utils::*;

        #[allow(unused_imports, reason = "the derive macros call one or the other")]
        pub use super::super::{resolve_container, resolve_container as resolve_container_serial};
    }
}

/// Resolves `root`'s selection: each field in the order selected, a field's
/// error recorded in the response (as async-graphql records it) and the
/// field left out. An object with nothing selected is `null`.
///
/// One box per object: an object's future holds its fields' futures, which
/// may hold objects of the same type (a place's parent place), and only a
/// box gives such a recursive future a size.
pub fn resolve_container<'b, 'a: 'b, T: ContainerType + ?Sized>(
    ctx: &'b ContextSelectionSet<'a>,
    root: &'a T,
) -> BoxFuture<'b, ServerResult<Value>> {
    Box::pin(async move {
        let mut fields = IndexMap::with_capacity(ctx.item.node.items.len());
        collect(ctx, root, &mut fields).await?;
        Ok(if fields.is_empty() { Value::Null } else { Value::Object(fields) })
    })
}

async fn collect<'a, T: ContainerType + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
    fields: &mut IndexMap<Name, Value>,
) -> ServerResult<()> {
    for selection in &ctx.item.node.items {
        let (condition, set) = match &selection.node {
            Selection::Field(field) => {
                let ctx_field = ctx.with_field(field);
                let key = field.node.response_key().node.clone();
                if field.node.name.node == "__typename" {
                    merge(fields, key, Value::String(root.introspection_type_name().into_owned()));
                    continue;
                }
                match root.resolve_field(&ctx_field).await {
                    Ok(value) => merge(fields, key, value.unwrap_or_default()),
                    Err(error) => ctx.add_error(error),
                }
                continue;
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                let Some(fragment) = ctx.query_env.fragments.get(name) else {
                    return Err(ServerError::new(format!(r#"Unknown fragment "{name}"."#), Some(spread.pos)));
                };
                (Some(fragment.node.type_condition.node.on.node.as_str()), &fragment.node.selection_set)
            }
            Selection::InlineFragment(fragment) => (
                fragment.node.type_condition.as_ref().map(|c| c.node.on.node.as_str()),
                &fragment.node.selection_set,
            ),
        };
        // Objects only (interfaces and unions keep async-graphql's own
        // resolution): a fragment applies when it names the object's type or
        // an interface the type implements, or names no type.
        let applies = condition.is_none_or(|on| {
            let name = root.introspection_type_name();
            name == on
                || ctx.schema_env.registry.implements.get(&*name).is_some_and(|names| names.contains(on))
        });
        if applies {
            // Boxed: a fragment's fields are collected by the same function.
            Box::pin(collect(&ctx.with_selection_set(set), root, fields)).await?;
        }
    }
    Ok(())
}

/// Inserts a field's answer; a key selected twice (`{ a { x } a { y } }`)
/// merges its objects, as the GraphQL spec's field merging requires.
fn merge(fields: &mut IndexMap<Name, Value>, key: Name, value: Value) {
    match (fields.get_mut(&key), value) {
        (Some(Value::Object(known)), Value::Object(more)) => {
            for (k, v) in more {
                merge(known, k, v);
            }
        }
        (Some(Value::List(known)), Value::List(more)) => {
            for (known, more) in known.iter_mut().zip(more) {
                if let (Value::Object(known), Value::Object(more)) = (known, more) {
                    for (k, v) in more {
                        merge(known, k, v);
                    }
                }
            }
        }
        (Some(_), _) => {}
        (None, value) => {
            fields.insert(key, value);
        }
    }
}
