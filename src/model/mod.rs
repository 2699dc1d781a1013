//! Plain domain types: places, documents, departments, tasks, assignments and
//! milestones, their typed ids, and the in-memory [`Catalog`] snapshot.
//!
//! This module must not know how records are read (`ingest`), stored (`store`),
//! analysed (`graph`) or served (`api`): it imports none of sled, petgraph,
//! async-graphql or poem.

mod catalog;
mod category;
mod ids;
mod intern;
mod location;
mod order;
mod pos;
mod time;

pub use catalog::Catalog;
pub use category::{Category, Level, PlaceLevel};
pub use ids::{DepartmentId, DocumentId, PlaceId, TaskId};
pub use location::{column_name, Location};
pub use order::TaskKeys;
pub use pos::{Pos, Record};
pub use time::in_force;

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A place whose government publishes task-division tables: a province
/// (内蒙古自治区), a prefecture city (江门市), a county or district (大竹县,
/// 立山区) or a township.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: PlaceId,
    /// Full name as the documents print it, e.g. `江门市`.
    pub name: String,
    /// Province without suffix, e.g. `广东`. Empty when unknown.
    pub province: String,
    /// Level in China's administrative divisions; `None` when the name is
    /// not in the divisions table (or the place was stored before places
    /// had levels).
    pub level: Option<PlaceLevel>,
    /// GB/T 2260 code, e.g. `511724` for 大竹县.
    pub code: Option<String>,
    /// Full name of the place directly above (达州市 for 大竹县).
    pub parent: Option<String>,
}

/// One ingested task-division table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: DocumentId,
    pub place: PlaceId,
    pub title: String,
    /// Policy area, e.g. `elderly care`. Empty when unknown.
    pub policy_area: String,
    /// File name or upload label the text came from.
    pub source_name: String,
    /// Number of lines of the source text, for tracing facts back.
    pub line_count: u32,
    pub ingested_at: chrono::DateTime<chrono::Utc>,
    /// When the document was issued, with where that was read and how
    /// precisely; `None` when neither the text nor the caller says.
    pub date: Option<DocumentDate>,
}

/// Where a document's date comes from. When a document states several, the
/// most precise wins: given at ingest, then the date line, then the
/// document number, then the title (see `ingest::meta::document_date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The date line (落款日期) under the issuer's name, `2019年8月12日` or
    /// `二〇一九年八月十二日`, or a web page's `发布日期:2019-08-12`.
    DateLine,
    /// The year of the document number, `民发〔2019〕12号`: year precision.
    DocumentNumber,
    /// The one year the title names, `2019年民生实事…`: year precision.
    Title,
    /// Given by the caller at ingest (flag, manifest, mutation argument).
    Given,
}

/// When a document was issued.
///
/// `date` is the first day the statement covers: `2019年8月12日` is
/// 2019-08-12 with precision `Day`; `〔2019〕` is 2019-01-01 with precision
/// `Year`. Comparisons use `date`, so a document known only by its year
/// counts as issued from the first day of that year (it is in force on any
/// day of that year, and sorts before documents dated later that year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentDate {
    pub date: NaiveDate,
    pub precision: Precision,
    pub source: DateSource,
    /// The words the date was read from (`竹府办〔2016〕20号`); empty when given.
    pub text: String,
    /// The line it was read from; 0 when given.
    pub line: u32,
}

/// A responsible unit (government department, district government, collective
/// or external body) of one place. Aliases of the same unit in one place share
/// one department; the same name in two places is two departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: DepartmentId,
    pub place: PlaceId,
    /// Canonical name relative to the place, e.g. `市民政局`.
    pub name: String,
    pub category: Category,
    pub level: Level,
    /// Whether the name was found in the reference table; unknown units are
    /// kept with category `Other` and reported by the reader.
    pub known: bool,
}

/// A policy task: one numbered row (or row continuation) of a table, or one
/// numbered prose item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub document: DocumentId,
    pub place: PlaceId,
    /// Number as printed in the 序号 column or item prefix, if any.
    pub number: Option<Arc<str>>,
    /// Chapter heading (一、…) the task sits under. Shared (`Arc`) with
    /// the other tasks under it: a catalog holds each heading once.
    pub chapter: Option<Arc<str>>,
    /// Sub-heading (（一）…) the task sits under.
    pub section: Option<Arc<str>>,
    /// Measure (工作措施 / 项目) column, inherited down merged cells.
    pub measure: Option<Arc<str>>,
    /// The task itself (工作任务 / 重点任务).
    pub text: String,
    /// Requirements or specific content (工作要求 / 具体内容).
    pub detail: Option<String>,
    /// Deadline cell (完成时限 / 时间进度) as printed.
    pub deadline: Option<Arc<str>>,
    /// 持续实施: the task has no end date.
    pub ongoing: bool,
    /// 1-based line where the task starts: of the file for text, of the
    /// text the reader made of a structured file (`extract --text` prints
    /// it) otherwise.
    pub source_line: u32,
    /// Where the task starts in the file as published.
    pub location: Location,
}

/// The part a unit plays in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 牵头单位 / 责任单位.
    Lead,
    /// 配合单位.
    Support,
}

/// A department's part in a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub task: TaskId,
    pub department: DepartmentId,
    pub role: Role,
    /// 1-based position within its cell; rank 1 of the lead cell is the
    /// primary lead.
    pub rank: u16,
    /// The unit name as printed in the document; shared with the other
    /// assignments that print it so.
    pub printed: Arc<str>,
}

/// How precisely a milestone date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// What a dated commitment promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// Finished by the date (2020年底前, 2020年6月).
    DueBy,
    /// Work starts at the date (2020年启动编制).
    Start,
    /// A target level reached by the date (到2020年，…达到…).
    Target,
    /// An interim result by the date (取得阶段性成效).
    InterimResult,
}

/// Where a milestone was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneSource {
    DeadlineColumn,
    TaskText,
}

/// One dated commitment of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub task: TaskId,
    /// Position among the task's milestones.
    pub seq: u16,
    /// The last day the commitment covers: 2020年6月 is 2020-06-30,
    /// 2020年底 is 2020-12-31.
    pub date: NaiveDate,
    pub precision: Precision,
    pub kind: MilestoneKind,
    pub source: MilestoneSource,
    /// The words the date was read from; shared with equal ones.
    pub text: Arc<str>,
}

/// Everything one document contributes to the store, with ids assigned.
/// `store` writes a bundle in one transaction; `ingest` builds it.
#[derive(Debug, Clone)]
pub struct DocumentBundle {
    pub place: Place,
    pub document: Document,
    pub departments: Vec<Department>,
    pub tasks: Vec<Task>,
    pub assignments: Vec<Assignment>,
    pub milestones: Vec<Milestone>,
}
