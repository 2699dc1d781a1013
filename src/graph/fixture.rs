//! Small in-memory catalogs for tests and examples of the graph analytics.
//!
//! Builds a [`Catalog`] from rows like `(place, [lead units], [support units])`
//! without going through ingest; ids are derived exactly as ingest derives
//! them. It must not be used to build production catalogs.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{
    Assignment, Catalog, Category, Department, DepartmentId, Document, DocumentId, Level, Milestone,
    MilestoneKind, MilestoneSource, Place, PlaceId, Precision, Role, Task, TaskId,
};

/// Builds a catalog task by task. Cities, one document per place and
/// departments are created on first mention; departments get category
/// `Other` unless [`CatalogBuilder::category`] says otherwise.
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    places: BTreeMap<String, Place>,
    documents: BTreeMap<PlaceId, Document>,
    departments: BTreeMap<DepartmentId, Department>,
    tasks: Vec<Task>,
    assignments: Vec<Assignment>,
    milestones: Vec<Milestone>,
}

impl CatalogBuilder {
    pub fn new() -> CatalogBuilder {
        CatalogBuilder::default()
    }

    fn place(&mut self, place: &str) -> PlaceId {
        let id = PlaceId::from_name(place);
        self.places.entry(place.to_owned()).or_insert_with(|| Place {
            id,
            name: place.to_owned(),
            province: String::new(),
            level: None,
            code: None,
            parent: None,
        });
        self.documents.entry(id).or_insert_with(|| Document {
            id: DocumentId::from_text(place),
            place: id,
            title: format!("{place} test table"),
            policy_area: String::new(),
            source_name: format!("{place}.txt"),
            line_count: 0,
            ingested_at: chrono::DateTime::from_timestamp(0, 0).expect("epoch"),
            date: None,
        });
        id
    }

    /// The id of `name` in `place`, creating both if needed.
    pub fn department(&mut self, place: &str, name: &str) -> DepartmentId {
        let place_id = self.place(place);
        let id = DepartmentId::new(place_id, name);
        self.departments.entry(id).or_insert_with(|| Department {
            id,
            place: place_id,
            name: name.to_owned(),
            category: Category::Other,
            level: Level::CityBureau,
            known: true,
        });
        id
    }

    /// Sets the category of a department (creating it if needed).
    pub fn category(&mut self, place: &str, name: &str, category: Category) -> &mut CatalogBuilder {
        let id = self.department(place, name);
        self.departments.get_mut(&id).expect("just created").category = category;
        self
    }

    /// Adds a task of `place` with lead units (rank 1 is the primary lead)
    /// and support units, in the order given.
    pub fn task(&mut self, place: &str, leads: &[&str], supports: &[&str]) -> TaskId {
        let place_id = self.place(place);
        let document = self.documents[&place_id].id;
        let seq = self.tasks.iter().filter(|t| t.document == document).count() as u32 + 1;
        let id = TaskId { document, seq };
        self.tasks.push(Task {
            id,
            document,
            place: place_id,
            number: Some(seq.to_string().into()),
            chapter: None,
            section: None,
            measure: None,
            text: format!("task {seq}"),
            detail: None,
            deadline: None,
            ongoing: false,
            source_line: seq,
            location: crate::model::Location::Line { line: seq },
        });
        for (role, units) in [(Role::Lead, leads), (Role::Support, supports)] {
            for (i, unit) in units.iter().enumerate() {
                let department = self.department(place, unit);
                self.assignments.push(Assignment {
                    task: id,
                    department,
                    role,
                    rank: i as u16 + 1,
                    printed: (*unit).into(),
                });
            }
        }
        id
    }

    /// Adds a due-by milestone to a task.
    pub fn milestone(&mut self, task: TaskId, date: NaiveDate) -> &mut CatalogBuilder {
        let seq = self.milestones.iter().filter(|m| m.task == task).count() as u16 + 1;
        self.milestones.push(Milestone {
            task,
            seq,
            date,
            precision: Precision::Day,
            kind: MilestoneKind::DueBy,
            source: MilestoneSource::DeadlineColumn,
            text: date.to_string().into(),
        });
        self
    }

    pub fn build(self) -> Catalog {
        Catalog::new(
            1,
            self.places.into_values().collect(),
            self.documents.into_values().collect(),
            self.departments.into_values().collect(),
            self.tasks,
            self.assignments,
            self.milestones,
        )
    }
}

/// A one-place (`测试市`) catalog of `(lead units, support units)` rows.
pub fn catalog(rows: &[(&[&str], &[&str])]) -> Catalog {
    let mut b = CatalogBuilder::new();
    for (leads, supports) in rows {
        b.task(FIXTURE_CITY, leads, supports);
    }
    b.build()
}

/// The place [`catalog`] puts its tasks in.
pub const FIXTURE_CITY: &str = "测试市";
