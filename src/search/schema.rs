//! The fields of the index and the index entry of one task.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::{TantivyDocument, Term};

use super::tokenizer;
use crate::model::{Catalog, Role, Task};

/// A task field that search reads, with the weight its matches count with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskField {
    Text,
    Measure,
    Detail,
    Chapter,
    Section,
}

impl TaskField {
    pub const ALL: [TaskField; 5] =
        [TaskField::Text, TaskField::Measure, TaskField::Detail, TaskField::Chapter, TaskField::Section];

    /// How much a match in this field counts (a boost on its BM25 score).
    pub fn weight(self) -> f32 {
        match self {
            TaskField::Text => 3.0,
            TaskField::Measure => 2.0,
            TaskField::Detail | TaskField::Chapter | TaskField::Section => 1.0,
        }
    }

    pub fn of(self, task: &Task) -> Option<&str> {
        match self {
            TaskField::Text => Some(&task.text),
            TaskField::Measure => task.measure.as_deref(),
            TaskField::Detail => task.detail.as_deref(),
            TaskField::Chapter => task.chapter.as_deref(),
            TaskField::Section => task.section.as_deref(),
        }
    }
}

/// Names of the fast fields that identify a task.
pub const DOCUMENT: &str = "document";
pub const SEQ: &str = "seq";

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Text fields in the order of [`TaskField::ALL`].
    pub text: [Field; 5],
    /// The task text's shingles (`text::shingles`), for similar tasks.
    pub shingles: Field,
    /// The document id (fast, and indexed so a document's tasks can be deleted).
    pub document: Field,
    /// The task's position in its document (fast).
    pub seq: Field,
    /// The place id, as printed (`C…`).
    pub place: Field,
    /// The task's units as `role:category`, `any:category` and `role:lead` /
    /// `role:support` terms.
    pub unit: Field,
    /// The years of the task's milestones.
    pub year: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let words = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer::WORDS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let shingles = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer::SHINGLES)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        let id = NumericOptions::default().set_fast().set_indexed();
        let fields = Fields {
            text: [
                b.add_text_field("text", words.clone()),
                b.add_text_field("measure", words.clone()),
                b.add_text_field("detail", words.clone()),
                b.add_text_field("chapter", words.clone()),
                b.add_text_field("section", words),
            ],
            shingles: b.add_text_field("shingles", shingles),
            document: b.add_u64_field(DOCUMENT, id.clone()),
            seq: b.add_u64_field(SEQ, NumericOptions::default().set_fast()),
            place: b.add_text_field("place", STRING),
            unit: b.add_text_field("unit", STRING),
            year: b.add_text_field("year", STRING),
        };
        (b.build(), fields)
    }

    pub fn of(&self, field: TaskField) -> Field {
        self.text[TaskField::ALL.iter().position(|&f| f == field).unwrap_or(0)]
    }

    /// The index entry of a task.
    pub fn entry(&self, catalog: &Catalog, task: &Task) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        for (i, field) in TaskField::ALL.iter().enumerate() {
            if let Some(value) = field.of(task) {
                doc.add_text(self.text[i], value);
            }
        }
        doc.add_text(self.shingles, &task.text);
        doc.add_u64(self.document, task.id.document.0);
        doc.add_u64(self.seq, u64::from(task.id.seq));
        doc.add_text(self.place, task.place.to_string());
        let mut units: Vec<String> = Vec::new();
        for a in catalog.task_assignments(task.id) {
            let role = role_code(a.role);
            units.push(format!("role:{role}"));
            if let Some(d) = catalog.department(a.department) {
                units.push(format!("{role}:{}", d.category.code()));
                units.push(format!("any:{}", d.category.code()));
            }
        }
        units.sort_unstable();
        units.dedup();
        for unit in units {
            doc.add_text(self.unit, unit);
        }
        let mut years: Vec<i32> =
            catalog.task_milestones(task.id).map(|m| chrono::Datelike::year(&m.date)).collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            doc.add_text(self.year, year.to_string());
        }
        doc
    }

    pub fn document_term(&self, document: crate::model::DocumentId) -> Term {
        Term::from_field_u64(self.document, document.0)
    }
}

pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Lead => "lead",
        Role::Support => "support",
    }
}
