//! A topic across places: the tasks on a topic, grouped by place, with who
//! leads them and how much that differs.
//!
//! # Definitions
//! - A task is on the topic of a query when every term of the query occurs
//!   in one of its fields (task text, measure, detail, chapter, section) as
//!   a phrase: the term as a substring of the normalised field. It is on the topic of a task when it is that task or
//!   one of its similar tasks (`similar.rs`, J ≥ the threshold).
//! - A task's lead category is the functional category of its primary lead
//!   (the lead unit of rank 1). Tasks without a lead unit have none.
//! - The responsibility divergence of a set of tasks is the Shannon entropy,
//!   in bits, of their lead categories: H = −Σ p_c log2 p_c, where p_c is
//!   the share of the tasks with a lead category whose lead category is c.
//!   0 when one category leads them all; log2(n) when n categories lead
//!   equal shares.

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::query::{parse, task_of};
use super::schema::TaskField;
use super::{SearchError, SearchIndex};
use crate::model::{Catalog, Category, PlaceId, Role, TaskId};

/// The tasks on a topic, per place.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// Places with at least one task on the topic, in catalog order (by name).
    pub places: Vec<TopicPlace>,
    /// The divergence of all the tasks together.
    pub divergence: f64,
}

/// One place's tasks on a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicPlace {
    pub place: PlaceId,
    /// In source order.
    pub tasks: Vec<TaskId>,
    /// How many of the tasks each category leads, most first (ties by
    /// category order).
    pub lead_categories: Vec<(Category, usize)>,
    /// Tasks without a lead unit.
    pub without_lead: usize,
    /// The divergence of the place's tasks.
    pub divergence: f64,
}

impl SearchIndex {
    /// Every task on the topic of `query`, in no order.
    pub fn on_topic(&self, query: &str) -> Result<Vec<TaskId>, SearchError> {
        let terms = parse(query)?;
        let live = self.live()?;
        let fields = &live.shared.fields;
        let word = |f, w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(f, w), IndexRecordOption::Basic))
        };
        let must = terms
            .iter()
            .map(|t| {
                let in_fields = TaskField::ALL
                    .iter()
                    .map(|&f| {
                        let f = fields.of(f);
                        if t.words.len() == 1 {
                            word(f, &t.words[0].1)
                        } else {
                            let phrase = t.words.iter().map(|(at, w)| (*at, Term::from_field_text(f, w)));
                            Box::new(PhraseQuery::new_with_offset(phrase.collect())) as Box<dyn Query>
                        }
                    })
                    .collect();
                (Occur::Must, Box::new(BooleanQuery::union(in_fields)) as Box<dyn Query>)
            })
            .collect();
        let found = live.searcher.search(&BooleanQuery::new(must), &DocSetCollector)?;
        Ok(found.into_iter().filter_map(|at| task_of(&live.searcher, at)).collect())
    }
}

/// The tasks grouped by place, with their lead categories and divergences.
pub fn across_places(catalog: &Catalog, tasks: &[TaskId]) -> Topic {
    let mut by_place: std::collections::HashMap<PlaceId, Vec<TaskId>> = Default::default();
    for &id in tasks {
        if let Some(t) = catalog.task(id) {
            by_place.entry(t.place).or_default().push(id);
        }
    }
    let lead = |id: TaskId| {
        catalog
            .task_assignments(id)
            .find(|a| a.role == Role::Lead)
            .and_then(|a| catalog.department(a.department))
            .map(|d| d.category)
    };
    let mut all = Vec::new();
    let mut places = Vec::new();
    for place in catalog.places() {
        let Some(mut ids) = by_place.remove(&place.id) else { continue };
        let documents = catalog.place_documents(place.id);
        let position = |id: TaskId| (documents.iter().position(|d| d.id == id.document), id.seq);
        ids.sort_by_key(|&id| position(id));
        let categories: Vec<Option<Category>> = ids.iter().map(|&id| lead(id)).collect();
        all.extend(categories.iter().flatten().copied());
        places.push(TopicPlace {
            place: place.id,
            tasks: ids,
            lead_categories: counts(categories.iter().flatten().copied()),
            without_lead: categories.iter().filter(|c| c.is_none()).count(),
            divergence: entropy(categories.iter().flatten().copied()),
        });
    }
    Topic { places, divergence: entropy(all.into_iter()) }
}

fn counts(categories: impl Iterator<Item = Category>) -> Vec<(Category, usize)> {
    let mut n: Vec<(Category, usize)> = Category::ALL.iter().map(|&c| (c, 0)).collect();
    for c in categories {
        if let Some(slot) = n.iter_mut().find(|(k, _)| *k == c) {
            slot.1 += 1;
        }
    }
    n.retain(|(_, k)| *k > 0);
    // Stable: equal counts keep the order of `Category::ALL`.
    n.sort_by_key(|&(_, k)| std::cmp::Reverse(k));
    n
}

/// Shannon entropy in bits of the categories' distribution; 0 when empty.
pub fn entropy(categories: impl Iterator<Item = Category>) -> f64 {
    let n = counts(categories);
    let total: usize = n.iter().map(|(_, k)| k).sum();
    if total == 0 {
        return 0.0;
    }
    let h: f64 = n
        .iter()
        .map(|&(_, k)| {
            let p = k as f64 / total as f64;
            -p * p.log2()
        })
        .sum();
    // One category sums to −0.0 (and `max` may keep it): read it, and any
    // rounding noise below zero, as 0.
    if h > 0.0 {
        h
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_is_zero_for_one_category_and_log2_n_for_n_equal_shares() {
        let (a, b) = (Category::ALL[0], Category::ALL[1]);
        assert_eq!(entropy([a, a, a].into_iter()), 0.0);
        assert!(entropy([a].into_iter()).is_sign_positive(), "0, not −0, which sorts below 0");
        assert!((entropy([a, b].into_iter()) - 1.0).abs() < 1e-12);
        // Shares 3/4 and 1/4: −(¾·log2 ¾ + ¼·log2 ¼) ≈ 0.811.
        assert!((entropy([a, a, a, b].into_iter()) - 0.811_278_124_459_132_8).abs() < 1e-12);
        assert_eq!(entropy(std::iter::empty()), 0.0);
    }
}
