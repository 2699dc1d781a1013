//! [`List`]: a GraphQL list resolved item after item.
//!
//! async-graphql resolves a `Vec` by joining one future per item, through a
//! `FuturesOrdered` (a task allocation and a waker per item) once the list
//! has more than 30 items. dutygraph's resolvers never wait on anything, so
//! for the long lists (a timeline of thousands of milestones, every
//! department of a place) that machinery is pure cost. `List<T>` is the same
//! GraphQL type as `Vec<T>` (`[T!]!`: the SDL does not change) and resolves
//! its items in order, one at a time.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

/// A list of `T` resolved sequentially; see the module docs.
pub struct List<T>(pub Vec<T>);

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> List<T> {
        List(items.into_iter().collect())
    }
}

impl<T: OutputType> OutputType for List<T> {
    fn type_name() -> Cow<'static, str> {
        Vec::<T>::type_name()
    }

    fn qualified_type_name() -> String {
        Vec::<T>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        Vec::<T>::create_type_info(registry)
    }

    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<Value> {
        let mut values = Vec::with_capacity(self.0.len());
        for (index, item) in self.0.iter().enumerate() {
            let ctx = ctx.with_index(index);
            values.push(item.resolve(&ctx, field).await.map_err(|e| ctx.set_error_path(e))?);
        }
        Ok(Value::List(values))
    }
}
