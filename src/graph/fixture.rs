//! Small in-memory catalogs for tests and examples of the graph analytics.
//!
//! Builds a [`Catalog`] from rows like `(city, [lead units], [support units])`
//! without going through ingest; ids are derived exactly as ingest derives
//! them. It must not be used to build production catalogs.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{
    Assignment, Catalog, Category, City, CityId, Department, DepartmentId, Document, DocumentId, Level,
    Milestone, MilestoneKind, MilestoneSource, Precision, Role, Task, TaskId,
};

/// Builds a catalog task by task. Cities, one document per city and
/// departments are created on first mention; departments get category
/// `Other` unless [`CatalogBuilder::category`] says otherwise.
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    cities: BTreeMap<String, City>,
    documents: BTreeMap<CityId, Document>,
    departments: BTreeMap<DepartmentId, Department>,
    tasks: Vec<Task>,
    assignments: Vec<Assignment>,
    milestones: Vec<Milestone>,
}

impl CatalogBuilder {
    pub fn new() -> CatalogBuilder {
        CatalogBuilder::default()
    }

    fn city(&mut self, city: &str) -> CityId {
        let id = CityId::from_name(city);
        self.cities.entry(city.to_owned()).or_insert_with(|| City {
            id,
            name: city.to_owned(),
            province: String::new(),
        });
        self.documents.entry(id).or_insert_with(|| Document {
            id: DocumentId::from_text(city),
            city: id,
            title: format!("{city} test table"),
            policy_area: String::new(),
            source_name: format!("{city}.txt"),
            line_count: 0,
            ingested_at: chrono::DateTime::from_timestamp(0, 0).expect("epoch"),
        });
        id
    }

    /// The id of `name` in `city`, creating both if needed.
    pub fn department(&mut self, city: &str, name: &str) -> DepartmentId {
        let city_id = self.city(city);
        let id = DepartmentId::new(city_id, name);
        self.departments.entry(id).or_insert_with(|| Department {
            id,
            city: city_id,
            name: name.to_owned(),
            category: Category::Other,
            level: Level::CityBureau,
            known: true,
        });
        id
    }

    /// Sets the category of a department (creating it if needed).
    pub fn category(&mut self, city: &str, name: &str, category: Category) -> &mut CatalogBuilder {
        let id = self.department(city, name);
        self.departments.get_mut(&id).expect("just created").category = category;
        self
    }

    /// Adds a task of `city` with lead units (rank 1 is the primary lead)
    /// and support units, in the order given.
    pub fn task(&mut self, city: &str, leads: &[&str], supports: &[&str]) -> TaskId {
        let city_id = self.city(city);
        let document = self.documents[&city_id].id;
        let seq = self.tasks.iter().filter(|t| t.document == document).count() as u32 + 1;
        let id = TaskId { document, seq };
        self.tasks.push(Task {
            id,
            document,
            city: city_id,
            number: Some(seq.to_string()),
            chapter: None,
            section: None,
            measure: None,
            text: format!("task {seq}"),
            detail: None,
            deadline: None,
            ongoing: false,
            source_line: seq,
        });
        for (role, units) in [(Role::Lead, leads), (Role::Support, supports)] {
            for (i, unit) in units.iter().enumerate() {
                let department = self.department(city, unit);
                self.assignments.push(Assignment {
                    task: id,
                    department,
                    role,
                    rank: i as u16 + 1,
                    printed: (*unit).to_owned(),
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
            text: date.to_string(),
        });
        self
    }

    pub fn build(self) -> Catalog {
        Catalog::new(
            1,
            self.cities.into_values().collect(),
            self.documents.into_values().collect(),
            self.departments.into_values().collect(),
            self.tasks,
            self.assignments,
            self.milestones,
        )
    }
}

/// A one-city (`测试市`) catalog of `(lead units, support units)` rows.
pub fn catalog(rows: &[(&[&str], &[&str])]) -> Catalog {
    let mut b = CatalogBuilder::new();
    for (leads, supports) in rows {
        b.task(FIXTURE_CITY, leads, supports);
    }
    b.build()
}

/// The city [`catalog`] puts its tasks in.
pub const FIXTURE_CITY: &str = "测试市";
