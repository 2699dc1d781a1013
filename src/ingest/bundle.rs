//! Parsed document → records with ids, ready for the store.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::divisions::Divisions;
use super::{ParsedDocument, Source};
use crate::model::PlaceLevel;
use crate::model::{
    Assignment, Department, DepartmentId, Document, DocumentBundle, DocumentId, Milestone, Place, PlaceId,
    Task, TaskId,
};

/// The place record of a name: its level, code and parent from the
/// divisions table when the name is there; the province is the caller's,
/// else the divisions table's (四川 for 大竹县).
pub fn place_record(id: PlaceId, name: String, province: Option<&str>) -> Place {
    let divisions = Divisions::bundled();
    let division = divisions.resolve(&name, None);
    let ancestors = division.as_ref().map(|d| divisions.ancestors(d)).unwrap_or_default();
    let top = ancestors.last().or(division.as_ref()).filter(|d| d.level == PlaceLevel::Province);
    let province =
        province.map(str::to_string).or_else(|| top.map(|p| p.short_name().to_string())).unwrap_or_default();
    Place {
        id,
        province,
        level: division.as_ref().map(|d| d.level),
        code: division.as_ref().map(|d| d.code.clone()),
        parent: ancestors.first().map(|p| p.name.clone()),
        name,
    }
}

/// Assigns ids and builds the records of one document.
///
/// `text` must be the decoded text the document was parsed from: its hash is
/// the document id, which is what makes ingesting the same content twice a
/// no-op. Returns `None` when neither the caller nor the title names a place,
/// since departments cannot be placed without one.
pub fn to_bundle(
    parsed: &ParsedDocument,
    source: &Source,
    text: &str,
    ingested_at: DateTime<Utc>,
) -> Option<DocumentBundle> {
    let place_name = parsed.place.clone()?;
    let place_id = PlaceId::from_name(&place_name);
    let document_id = DocumentId::from_text(text);
    let title = parsed.title.clone().unwrap_or_else(|| source.name.clone());

    let mut departments: Vec<Department> = Vec::new();
    let mut tasks = Vec::with_capacity(parsed.tasks.len());
    let mut assignments = Vec::new();
    let mut milestones = Vec::new();
    for (i, t) in parsed.tasks.iter().enumerate() {
        let task_id = TaskId { document: document_id, seq: i as u32 + 1 };
        tasks.push(Task {
            id: task_id,
            document: document_id,
            place: place_id,
            number: t.number.as_deref().map(Arc::from),
            chapter: t.chapter.as_deref().map(Arc::from),
            section: t.section.as_deref().map(Arc::from),
            measure: t.measure.as_deref().map(Arc::from),
            text: t.text.clone(),
            detail: t.detail.clone(),
            deadline: t.deadline.as_deref().map(Arc::from),
            ongoing: t.ongoing,
            source_line: t.line,
            location: t.location.clone(),
        });
        for u in &t.units {
            let department_id = DepartmentId::new(place_id, &u.canonical);
            if !departments.iter().any(|d| d.id == department_id) {
                departments.push(Department {
                    id: department_id,
                    place: place_id,
                    name: u.canonical.clone(),
                    category: u.category,
                    level: u.level,
                    known: u.known,
                });
            }
            // A unit printed twice in one cell (or in both cells) keeps its
            // first, strongest part: a lead outranks a support.
            if assignments.iter().any(|a: &Assignment| a.task == task_id && a.department == department_id) {
                continue;
            }
            assignments.push(Assignment {
                task: task_id,
                department: department_id,
                role: u.role,
                rank: u.rank,
                printed: Arc::from(u.printed.as_str()),
            });
        }
        for (j, m) in t.milestones.iter().enumerate() {
            milestones.push(Milestone {
                task: task_id,
                // The reader caps milestones per task far below u16::MAX.
                seq: u16::try_from(j + 1).unwrap_or(u16::MAX),
                date: m.date,
                precision: m.precision,
                kind: m.kind,
                source: m.source,
                text: Arc::from(m.text.as_str()),
            });
        }
    }
    Some(DocumentBundle {
        place: place_record(place_id, place_name, source.province.as_deref()),
        document: Document {
            id: document_id,
            place: place_id,
            title,
            policy_area: source.policy_area.clone().unwrap_or_default(),
            source_name: source.name.clone(),
            line_count: text.lines().count() as u32,
            ingested_at,
            date: parsed.date.clone(),
        },
        departments,
        tasks,
        assignments,
        milestones,
    })
}
