//! Which documents are in force at a date: the one definition every `asOf`
//! view and every dated comparison uses.
//!
//! # Definition
//! A document is in force at a day D when
//! - it is dated ([`Document::date`]) on or before D (a year-precision date
//!   counts from January 1 of its year), and
//! - no later-dated document of the same place and the same policy area,
//!   itself dated on or before D, supersedes it.
//!
//! Documents of one place with the same date and area are in force together.
//! A document with an empty policy area supersedes nothing and is superseded
//! by nothing: without an area there is no telling what it replaces.
//! Undated documents are never in force: `asOf` views leave them out.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Document, DocumentId, PlaceId};

/// The ids of the documents in force at `at`, sorted.
///
/// Complexity: O(n) over the documents, plus the sort of the answer.
pub fn in_force(documents: &[Document], at: NaiveDate) -> Vec<DocumentId> {
    let dated =
        || documents.iter().filter_map(|d| Some((d, d.date.as_ref()?.date))).filter(|(_, day)| *day <= at);
    let mut latest: HashMap<(PlaceId, &str), NaiveDate> = HashMap::new();
    for (d, day) in dated().filter(|(d, _)| !d.policy_area.is_empty()) {
        let entry = latest.entry((d.place, d.policy_area.as_str())).or_insert(day);
        *entry = (*entry).max(day);
    }
    let mut ids: Vec<DocumentId> = dated()
        .filter(|(d, day)| {
            d.policy_area.is_empty() || latest.get(&(d.place, d.policy_area.as_str())) == Some(day)
        })
        .map(|(d, _)| d.id)
        .collect();
    ids.sort_unstable();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateSource, DocumentDate, Precision};

    fn doc(id: u64, place: u64, area: &str, date: Option<&str>) -> Document {
        Document {
            id: DocumentId(id),
            place: PlaceId(place),
            title: format!("d{id}"),
            policy_area: area.into(),
            source_name: format!("d{id}.txt"),
            line_count: 1,
            ingested_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            date: date.map(|d| DocumentDate {
                date: d.parse().unwrap(),
                precision: Precision::Day,
                source: DateSource::Given,
                text: String::new(),
                line: 0,
            }),
        }
    }

    #[test]
    fn a_later_document_of_the_same_place_and_area_supersedes_the_earlier() {
        let docs = [
            doc(1, 1, "elderly care", Some("2019-03-01")),
            doc(2, 1, "elderly care", Some("2021-06-30")),
            doc(3, 2, "elderly care", Some("2020-01-01")),
            doc(4, 1, "", Some("2018-01-01")),
            doc(5, 1, "health", Some("2019-05-05")),
            doc(6, 1, "elderly care", None),
        ];
        let at = |d: &str| in_force(&docs, d.parse().unwrap()).into_iter().map(|d| d.0).collect::<Vec<_>>();
        assert_eq!(at("2017-12-31"), Vec::<u64>::new());
        assert_eq!(at("2019-03-01"), [1, 4]);
        assert_eq!(at("2020-12-31"), [1, 3, 4, 5]);
        assert_eq!(at("2021-06-30"), [2, 3, 4, 5]);
    }
}
