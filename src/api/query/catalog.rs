//! Root fields for places, documents, departments and categories.

use async_graphql::{Context, InputObject, Object, ResultExt, ID};

use crate::api::context::{catalog, engine};
use crate::api::department::{order_departments, Department, DepartmentOrder};
use crate::api::document::Document;
use crate::api::enums::{Category, Level, Role};
use crate::api::error::ApiError;
use crate::api::list::List;
use crate::api::place::Place;
use crate::api::stats::{category_summaries, CategorySummary};
use crate::model;
use crate::names;

/// Which departments to list. All given conditions must hold.
#[derive(InputObject, Debug, Default)]
pub struct DepartmentFilter {
    /// One place: id (`C` + 16 hex digits), full name (江门市), short name
    /// (江门) or everyday name (恩施州).
    pub place: Option<String>,
    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    pub city: Option<String>,
    /// Only this functional category.
    pub category: Option<Category>,
    /// Only this administrative level.
    pub level: Option<Level>,
    /// Only departments holding this role in at least one task.
    pub role: Option<Role>,
    /// Substring of the canonical name, e.g. 民政.
    pub name_contains: Option<String>,
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object(crate = "crate::api::resolve::graphql")]
impl CatalogQuery {
    /// All places, by name.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn places(&self, ctx: &Context<'_>) -> async_graphql::Result<List<Place>> {
        let cat = catalog(ctx).extend()?;
        Ok(cat.places().iter().map(|c| Place::new(&cat, c)).collect())
    }

    /// Deprecated spelling of `places`.
    #[graphql(deprecation = "use `places`: cities are one kind of place")]
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<List<Place>> {
        self.places(ctx).await
    }

    /// One place by `id` (`C` + 16 hex digits) or `name`: full name (江门市,
    /// 恩施土家族苗族自治州), short name (江门, 恩施) or everyday name (恩施州).
    /// Exactly one argument must be given; an unknown place is a NOT_FOUND
    /// error, a short name two places share BAD_USER_INPUT naming both.
    async fn place(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        name: Option<String>,
    ) -> async_graphql::Result<Option<Place>> {
        let cat = catalog(ctx).extend()?;
        let place = match (id, name) {
            (Some(id), None) => {
                // An id must look like one; names go through `name`.
                names::place_id(&id).extend()?;
                names::place(&cat, &id).extend()?
            }
            (None, Some(name)) => names::place(&cat, &name).extend()?,
            _ => return Err(ApiError::bad("place: give exactly one of `id` or `name`")).extend(),
        };
        Ok(Some(Place::new(&cat, place)))
    }

    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    async fn city(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        name: Option<String>,
    ) -> async_graphql::Result<Option<Place>> {
        self.place(ctx, id, name).await
    }

    /// All documents, places by name and each place's documents by source
    /// name; optionally one place's only.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
    ) -> async_graphql::Result<List<Document>> {
        let place = place.or(city);
        let cat = catalog(ctx).extend()?;
        let places: Vec<&model::Place> = match place {
            Some(c) => vec![names::place(&cat, &c).extend()?],
            None => cat.places().iter().collect(),
        };
        Ok(places.iter().flat_map(|c| cat.place_documents(c.id)).map(|d| Document::new(&cat, d)).collect())
    }

    /// One document by id (`D` + 16 hex digits); NOT_FOUND when not stored.
    async fn document(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Document>> {
        let cat = catalog(ctx).extend()?;
        let d = names::document(&cat, &id).extend()?;
        Ok(Some(Document::new(&cat, d)))
    }

    /// Departments matching the filter, places by name and each place's
    /// departments by name, or ordered by a count (`orderBy`); the first
    /// `first` of them (all when not given).
    #[graphql(complexity = "crate::api::page::list_cost(first, child_complexity)")]
    async fn departments(
        &self,
        ctx: &Context<'_>,
        filter: Option<DepartmentFilter>,
        #[graphql(default)] order_by: DepartmentOrder,
        first: Option<i32>,
    ) -> async_graphql::Result<List<Department>> {
        let cat = catalog(ctx).extend()?;
        let f = filter.unwrap_or_default();
        let places: Vec<&model::Place> = match f.place.as_ref().or(f.city.as_ref()) {
            Some(c) => vec![names::place(&cat, c).extend()?],
            None => cat.places().iter().collect(),
        };
        let needle = f.name_contains.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let role: Option<model::Role> = f.role.map(Into::into);
        let matching = places
            .iter()
            .flat_map(|c| cat.place_departments(c.id))
            .filter(|d| f.category.is_none_or(|c| d.category == c.into()))
            .filter(|d| f.level.is_none_or(|l| d.level == l.into()))
            .filter(|d| needle.is_none_or(|n| d.name.contains(n)))
            .filter(|d| role.is_none_or(|r| cat.department_assignments(d.id).any(|a| a.role == r)))
            .collect();
        let ordered = order_departments(&cat, matching, order_by, first).extend()?;
        Ok(ordered.into_iter().map(|d| Department::new(&cat, d)).collect())
    }

    /// One department by `id` (`U` + 16 hex digits), or by `name`: its full
    /// name (江门市民政局, 恩施州文化和旅游局) or its name within `place`
    /// (`name: "市民政局", place: "江门市"`). Aliases from the reference table
    /// are accepted. A name shared by several places without a place is
    /// BAD_USER_INPUT listing them; an unknown one is NOT_FOUND.
    async fn department(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        name: Option<String>,
    ) -> async_graphql::Result<Option<Department>> {
        let place = place.or(city);
        let cat = catalog(ctx).extend()?;
        let directory = engine(ctx).extend()?.directory();
        let raw = match (id, name) {
            // An id must look like one; names go through `name`.
            (Some(id), None) => names::department_id(&id).extend()?.to_string(),
            (None, Some(name)) => name,
            _ => return Err(ApiError::bad("department: give exactly one of `id` or `name`")).extend(),
        };
        let d = names::department(&cat, directory, place.as_deref(), &raw).extend()?;
        Ok(Some(Department::new(&cat, d)))
    }

    /// Functional categories in the model's order with department and
    /// assignment counts, optionally for one place. Categories without
    /// departments are left out unless `includeEmpty`.
    #[graphql(complexity = "crate::api::page::list_cost(None, child_complexity)")]
    async fn categories(
        &self,
        ctx: &Context<'_>,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        #[graphql(default)] include_empty: bool,
    ) -> async_graphql::Result<Vec<CategorySummary>> {
        let place = place.or(city);
        let cat = catalog(ctx).extend()?;
        let place = place.map(|c| names::place(&cat, &c).map(|c| c.id)).transpose().extend()?;
        Ok(category_summaries(&cat, place, include_empty))
    }

    /// One category by its reference-table code (e.g. `civil_affairs`);
    /// an unknown code is BAD_USER_INPUT listing the valid codes.
    async fn category(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<Option<CategorySummary>> {
        let cat = catalog(ctx).extend()?;
        let wanted: model::Category = code.trim().parse().map_err(ApiError::BadUserInput).extend()?;
        let summary = category_summaries(&cat, None, true).into_iter().find(|s| s.code == wanted.code());
        summary
            .ok_or_else(|| ApiError::Internal(format!("category {wanted} missing from summaries")))
            .extend()
            .map(Some)
    }
}
