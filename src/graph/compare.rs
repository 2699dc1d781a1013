//! Cross-city comparison through functional categories: how much of each
//! city's work a category leads and supports, and which categories take part
//! in one city but not in another.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{Category, CityId};

use super::{ActorKey, GraphError, Scope, Views};

/// A city named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CityRef {
    pub id: CityId,
    pub name: String,
}

/// What one category does in one city. Counts are distinct tasks of the
/// city in which at least one department of the category takes the role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityCategoryRow {
    pub city: CityRef,
    /// Departments of the category taking part in at least one task.
    pub departments: u32,
    /// Tasks where a department of the category is rank 1 lead.
    pub primary_lead: u32,
    /// Tasks where a department of the category is any lead.
    pub lead: u32,
    /// Tasks where departments of the category only support.
    pub support: u32,
    /// Tasks with any department of the category (`lead + support`).
    pub tasks: u32,
    /// All tasks of the city.
    pub city_tasks: u32,
    /// `lead / city_tasks` (0 when the city has no task).
    pub lead_share: f64,
    /// `support / city_tasks`.
    pub support_share: f64,
    /// `tasks / city_tasks`.
    pub task_share: f64,
}

/// One category across all cities, in city-name order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityComparison {
    pub category: Category,
    pub cities: Vec<CityCategoryRow>,
}

/// Where one category takes part (has a department in at least one task).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryPresence {
    pub category: Category,
    pub present_in: Vec<CityRef>,
    pub absent_from: Vec<CityRef>,
}

/// Categories taking part in one city but not the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityPairPresence {
    pub a: CityRef,
    pub b: CityRef,
    pub only_in_a: Vec<Category>,
    pub only_in_b: Vec<Category>,
    pub in_both: Vec<Category>,
}

impl Views {
    /// How much each city's departments of `category` lead and support.
    ///
    /// Arguments: the category. Returns: one row per city of the catalog
    /// (zero rows of counts where the category is absent).
    /// Complexity: O(A) on first use (per-city networks are cached).
    pub fn compare_cities(&self, category: Category) -> Result<CityComparison, GraphError> {
        let mut cities = Vec::new();
        for city in &self.catalog().cities {
            let merged = self.net(&Scope::city(city.id).merged_by_category())?;
            let plain = self.net(&Scope::city(city.id))?;
            let (primary_lead, lead, support, tasks) =
                merged.index.get(&ActorKey::Category(category)).map_or((0, 0, 0, 0), |&a| merged.counts(a));
            let city_tasks = merged.tasks.len() as u32;
            let share = |x: u32| if city_tasks == 0 { 0.0 } else { x as f64 / city_tasks as f64 };
            cities.push(CityCategoryRow {
                city: CityRef { id: city.id, name: city.name.clone() },
                departments: plain.actors.iter().filter(|a| a.category == category).count() as u32,
                primary_lead,
                lead,
                support,
                tasks,
                city_tasks,
                lead_share: share(lead),
                support_share: share(support),
                task_share: share(tasks),
            });
        }
        Ok(CityComparison { category, cities })
    }

    /// For every category taking part in at least one city: the cities
    /// where it does and does not. Categories in declaration order.
    /// Complexity: O(A) on first use.
    pub fn category_presence(&self) -> Result<Vec<CategoryPresence>, GraphError> {
        let per_city = self.categories_per_city()?;
        Ok(Category::ALL
            .iter()
            .filter(|c| per_city.iter().any(|(_, set)| set.contains(c)))
            .map(|&category| {
                let (present, absent): (Vec<_>, Vec<_>) =
                    per_city.iter().partition(|(_, set)| set.contains(&category));
                CategoryPresence {
                    category,
                    present_in: present.into_iter().map(|(c, _)| c.clone()).collect(),
                    absent_from: absent.into_iter().map(|(c, _)| c.clone()).collect(),
                }
            })
            .collect())
    }

    /// Categories taking part in city `a` but not `b`, and the reverse.
    /// Complexity: O(A) on first use.
    pub fn city_pair_presence(&self, a: CityId, b: CityId) -> Result<CityPairPresence, GraphError> {
        let of = |id: CityId| -> Result<(CityRef, BTreeSet<Category>), GraphError> {
            let city = self.catalog().city(id).ok_or(GraphError::UnknownCity(id))?;
            let net = self.net(&Scope::city(id).merged_by_category())?;
            Ok((CityRef { id, name: city.name.clone() }, net.actors.iter().map(|a| a.category).collect()))
        };
        let ((ra, sa), (rb, sb)) = (of(a)?, of(b)?);
        Ok(CityPairPresence {
            only_in_a: sa.difference(&sb).copied().collect(),
            only_in_b: sb.difference(&sa).copied().collect(),
            in_both: sa.intersection(&sb).copied().collect(),
            a: ra,
            b: rb,
        })
    }

    fn categories_per_city(&self) -> Result<Vec<(CityRef, BTreeSet<Category>)>, GraphError> {
        self.catalog()
            .cities
            .iter()
            .map(|city| {
                let net = self.net(&Scope::city(city.id).merged_by_category())?;
                Ok((
                    CityRef { id: city.id, name: city.name.clone() },
                    net.actors.iter().map(|a| a.category).collect(),
                ))
            })
            .collect()
    }
}
