//! Cross-place comparison through functional categories: how much of each
//! place's work a category leads and supports, and which categories take part
//! in one place but not in another.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{Category, PlaceId};

use super::{ActorKey, GraphError, Scope, Views};

/// A place named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceRef {
    pub id: PlaceId,
    pub name: String,
}

/// What one category does in one place. Counts are distinct tasks of the
/// place in which at least one department of the category takes the role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCategoryRow {
    pub place: PlaceRef,
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
    /// All tasks of the place.
    pub place_tasks: u32,
    /// `lead / place_tasks` (0 when the place has no task).
    pub lead_share: f64,
    /// `support / place_tasks`.
    pub support_share: f64,
    /// `tasks / place_tasks`.
    pub task_share: f64,
}

/// One category across all places, in place-name order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceComparison {
    pub category: Category,
    pub places: Vec<PlaceCategoryRow>,
}

/// Where one category takes part (has a department in at least one task).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryPresence {
    pub category: Category,
    pub present_in: Vec<PlaceRef>,
    pub absent_from: Vec<PlaceRef>,
}

/// Categories taking part in one place but not the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacePairPresence {
    pub a: PlaceRef,
    pub b: PlaceRef,
    pub only_in_a: Vec<Category>,
    pub only_in_b: Vec<Category>,
    pub in_both: Vec<Category>,
}

impl Views {
    /// How much each place's departments of `category` lead and support.
    ///
    /// Arguments: the category. Returns: one row per place of the catalog
    /// (zero rows of counts where the category is absent).
    /// Complexity: O(A) on first use (per-place networks are cached).
    pub fn compare_places(&self, category: Category) -> Result<PlaceComparison, GraphError> {
        let mut places = Vec::new();
        for place in self.catalog().places() {
            let merged = self.net(&Scope::place(place.id).merged_by_category())?;
            let plain = self.net(&Scope::place(place.id))?;
            let (primary_lead, lead, support, tasks) =
                merged.index.get(&ActorKey::Category(category)).map_or((0, 0, 0, 0), |&a| merged.counts(a));
            let place_tasks = merged.tasks.len() as u32;
            let share = |x: u32| if place_tasks == 0 { 0.0 } else { x as f64 / place_tasks as f64 };
            places.push(PlaceCategoryRow {
                place: PlaceRef { id: place.id, name: place.name.clone() },
                departments: plain.actors.iter().filter(|a| a.category == category).count() as u32,
                primary_lead,
                lead,
                support,
                tasks,
                place_tasks,
                lead_share: share(lead),
                support_share: share(support),
                task_share: share(tasks),
            });
        }
        Ok(PlaceComparison { category, places })
    }

    /// For every category taking part in at least one place: the places
    /// where it does and does not. Categories in declaration order.
    /// Complexity: O(A) on first use.
    pub fn category_presence(&self) -> Result<Vec<CategoryPresence>, GraphError> {
        let per_place = self.categories_per_place()?;
        Ok(Category::ALL
            .iter()
            .filter(|c| per_place.iter().any(|(_, set)| set.contains(c)))
            .map(|&category| {
                let (present, absent): (Vec<_>, Vec<_>) =
                    per_place.iter().partition(|(_, set)| set.contains(&category));
                CategoryPresence {
                    category,
                    present_in: present.into_iter().map(|(c, _)| c.clone()).collect(),
                    absent_from: absent.into_iter().map(|(c, _)| c.clone()).collect(),
                }
            })
            .collect())
    }

    /// Categories taking part in place `a` but not `b`, and the reverse.
    /// Complexity: O(A) on first use.
    pub fn place_pair_presence(&self, a: PlaceId, b: PlaceId) -> Result<PlacePairPresence, GraphError> {
        let of = |id: PlaceId| -> Result<(PlaceRef, BTreeSet<Category>), GraphError> {
            let place = self.catalog().place(id).ok_or(GraphError::UnknownPlace(id))?;
            let net = self.net(&Scope::place(id).merged_by_category())?;
            Ok((PlaceRef { id, name: place.name.clone() }, net.actors.iter().map(|a| a.category).collect()))
        };
        let ((ra, sa), (rb, sb)) = (of(a)?, of(b)?);
        Ok(PlacePairPresence {
            only_in_a: sa.difference(&sb).copied().collect(),
            only_in_b: sb.difference(&sa).copied().collect(),
            in_both: sa.intersection(&sb).copied().collect(),
            a: ra,
            b: rb,
        })
    }

    fn categories_per_place(&self) -> Result<Vec<(PlaceRef, BTreeSet<Category>)>, GraphError> {
        self.catalog()
            .places()
            .iter()
            .map(|place| {
                let net = self.net(&Scope::place(place.id).merged_by_category())?;
                Ok((
                    PlaceRef { id: place.id, name: place.name.clone() },
                    net.actors.iter().map(|a| a.category).collect(),
                ))
            })
            .collect()
    }
}
