//! Stored records: the shapes written to sled and to JSON-lines exports, kept
//! apart from `model` so that a change to a domain type cannot silently change
//! what is on disk. Each tree stores a versioned enum (`StoredTask::V1`);
//! a new layout adds a variant and a conversion, and old records stay
//! readable.
//!
//! Records are encoded with postcard in sled (compact, no field names, fast
//! to decode: the catalog decodes ~850k records at 1000× seed scale) and with
//! serde_json in exports. Fields whose best form differs between the two go
//! through the `dual` helpers below, which ask the serializer
//! `is_human_readable()`: ids are `D0123…` text in JSON (u64 hashes do not
//! survive tools that read numbers as doubles) and plain integers in sled.
//!
//! Enum order is part of the postcard format: never reorder or remove a
//! variant here, only append. This module must not touch sled.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    Assignment, Category, DateSource, Department, DepartmentId, Document, DocumentDate, DocumentId, Level,
    Location, Milestone, MilestoneKind, MilestoneSource, Place, PlaceId, PlaceLevel, Precision, Role, Task,
    TaskId,
};

/// A place. Version 1 stored cities (name and province only); version 2
/// stores any place with its level, code and parent. Stores written with
/// version 1 records still open and read the same: a V1 record is a place
/// of unknown level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StoredCity {
    V1(StoredCityV1),
    V2(StoredPlaceV2),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredCityV1 {
    #[serde(with = "dual::id")]
    pub id: PlaceId,
    pub name: String,
    pub province: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredPlaceV2 {
    #[serde(with = "dual::id")]
    pub id: PlaceId,
    pub name: String,
    pub province: String,
    /// A `PlaceLevel` code (province, prefecture, county, township).
    pub level: Option<String>,
    pub code: Option<String>,
    pub parent: Option<String>,
}

/// A document. Version 2 adds its date (where it was read and how
/// precisely); a version 1 record reads as an undated document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StoredDocument {
    V1(StoredDocumentV1),
    V2(StoredDocumentV2),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredDocumentV1 {
    #[serde(with = "dual::id")]
    pub id: DocumentId,
    #[serde(with = "dual::id")]
    pub city: PlaceId,
    pub title: String,
    pub policy_area: String,
    pub source_name: String,
    pub line_count: u32,
    #[serde(with = "dual::timestamp")]
    pub ingested_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredDocumentV2 {
    #[serde(with = "dual::id")]
    pub id: DocumentId,
    /// Exports written before version 2 call it `city`.
    #[serde(with = "dual::id", alias = "city")]
    pub place: PlaceId,
    pub title: String,
    pub policy_area: String,
    pub source_name: String,
    pub line_count: u32,
    #[serde(with = "dual::timestamp")]
    pub ingested_at: DateTime<Utc>,
    /// Absent from export lines written before version 2: undated.
    #[serde(default)]
    pub date: Option<StoredDocumentDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredDocumentDate {
    #[serde(with = "dual::date")]
    pub date: NaiveDate,
    pub precision: StoredPrecision,
    pub source: StoredDateSource,
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StoredDepartment {
    V1(StoredDepartmentV1),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredDepartmentV1 {
    #[serde(with = "dual::id")]
    pub id: DepartmentId,
    #[serde(with = "dual::id")]
    pub city: PlaceId,
    pub name: String,
    /// Stored as its code so that reordering `model::Category` is harmless;
    /// departments are few, so the bytes do not matter.
    #[serde(with = "dual::code")]
    pub category: Category,
    #[serde(with = "dual::code")]
    pub level: Level,
    pub known: bool,
}

/// A task. Version 1 kept only the line of the text the task was read
/// from; version 2 adds where it sits in the file as published (a sheet
/// cell, a table cell, a PDF page). Version 1 records read as located on
/// their line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StoredTask {
    V1(StoredTaskV1),
    V2(StoredTaskV2),
}

/// A task. Its document is the document part of `id` (the store checks that
/// `Task::document` agrees before writing), so it is stored once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredTaskV1 {
    #[serde(with = "dual::task_id")]
    pub id: TaskId,
    #[serde(with = "dual::id")]
    pub city: PlaceId,
    pub number: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub measure: Option<String>,
    pub text: String,
    pub detail: Option<String>,
    pub deadline: Option<String>,
    pub ongoing: bool,
    pub source_line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredTaskV2 {
    #[serde(with = "dual::task_id")]
    pub id: TaskId,
    /// Exports written before version 2 call it `city`.
    #[serde(with = "dual::id", alias = "city")]
    pub place: PlaceId,
    pub number: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub measure: Option<String>,
    pub text: String,
    pub detail: Option<String>,
    pub deadline: Option<String>,
    pub ongoing: bool,
    pub source_line: u32,
    /// `None` (or absent, in an export written before version 2) means the
    /// line `source_line` of a text file.
    #[serde(default)]
    pub location: Option<StoredLocation>,
}

/// Append-only mirror of `model::Location`. Externally tagged, because
/// postcard cannot read an internally tagged enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredLocation {
    Line { line: u32 },
    Cell { sheet: String, cell: String },
    TableCell { table: u32, row: u32, column: u32 },
    Paragraph { paragraph: u32 },
    PageLine { page: u32, line: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StoredAssignment {
    V1(StoredAssignmentV1),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredAssignmentV1 {
    #[serde(with = "dual::task_id")]
    pub task: TaskId,
    #[serde(with = "dual::id")]
    pub department: DepartmentId,
    pub role: StoredRole,
    pub rank: u16,
    pub printed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StoredMilestone {
    V1(StoredMilestoneV1),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredMilestoneV1 {
    #[serde(with = "dual::task_id")]
    pub task: TaskId,
    pub seq: u16,
    #[serde(with = "dual::date")]
    pub date: NaiveDate,
    pub precision: StoredPrecision,
    pub kind: StoredMilestoneKind,
    pub source: StoredMilestoneSource,
    pub text: String,
}

/// Append-only mirror of `model::Role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredRole {
    Lead,
    Support,
}

/// Append-only mirror of `model::Precision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredPrecision {
    Year,
    Month,
    Day,
}

/// Append-only mirror of `model::MilestoneKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredMilestoneKind {
    DueBy,
    Start,
    Target,
    InterimResult,
}

/// Append-only mirror of `model::MilestoneSource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredMilestoneSource {
    DeadlineColumn,
    TaskText,
}

/// Append-only mirror of `model::DateSource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredDateSource {
    DateLine,
    DocumentNumber,
    Title,
    Given,
}

/// Maps a model enum to its stored mirror and back, variant by variant, so
/// adding a model variant without a stored one fails to compile.
macro_rules! mirror {
    ($model:ident <=> $stored:ident { $($variant:ident),* }) => {
        impl From<$model> for $stored {
            fn from(v: $model) -> $stored {
                match v { $($model::$variant => $stored::$variant,)* }
            }
        }
        impl From<$stored> for $model {
            fn from(v: $stored) -> $model {
                match v { $($stored::$variant => $model::$variant,)* }
            }
        }
    };
}

mirror!(Role <=> StoredRole { Lead, Support });
mirror!(DateSource <=> StoredDateSource { DateLine, DocumentNumber, Title, Given });
mirror!(Precision <=> StoredPrecision { Year, Month, Day });
mirror!(MilestoneKind <=> StoredMilestoneKind { DueBy, Start, Target, InterimResult });
mirror!(MilestoneSource <=> StoredMilestoneSource { DeadlineColumn, TaskText });

impl From<&Place> for StoredPlaceV2 {
    fn from(p: &Place) -> Self {
        StoredPlaceV2 {
            id: p.id,
            name: p.name.clone(),
            province: p.province.clone(),
            level: p.level.map(|l| l.code().to_string()),
            code: p.code.clone(),
            parent: p.parent.clone(),
        }
    }
}

impl From<StoredCityV1> for Place {
    fn from(c: StoredCityV1) -> Self {
        Place { id: c.id, name: c.name, province: c.province, level: None, code: None, parent: None }
    }
}

impl From<StoredPlaceV2> for Place {
    fn from(p: StoredPlaceV2) -> Self {
        Place {
            id: p.id,
            name: p.name,
            province: p.province,
            // An unknown level code (from a newer writer) reads as unknown.
            level: p.level.and_then(|l| l.parse::<PlaceLevel>().ok()),
            code: p.code,
            parent: p.parent,
        }
    }
}

impl From<StoredDocumentV1> for Document {
    fn from(d: StoredDocumentV1) -> Self {
        Document {
            id: d.id,
            place: d.city,
            title: d.title,
            policy_area: d.policy_area,
            source_name: d.source_name,
            line_count: d.line_count,
            ingested_at: d.ingested_at,
            date: None,
        }
    }
}

impl From<&Document> for StoredDocumentV2 {
    fn from(d: &Document) -> Self {
        StoredDocumentV2 {
            id: d.id,
            place: d.place,
            title: d.title.clone(),
            policy_area: d.policy_area.clone(),
            source_name: d.source_name.clone(),
            line_count: d.line_count,
            ingested_at: d.ingested_at,
            date: d.date.as_ref().map(|t| StoredDocumentDate {
                date: t.date,
                precision: t.precision.into(),
                source: t.source.into(),
                text: t.text.clone(),
                line: t.line,
            }),
        }
    }
}

impl From<StoredDocumentV2> for Document {
    fn from(d: StoredDocumentV2) -> Self {
        Document {
            id: d.id,
            place: d.place,
            title: d.title,
            policy_area: d.policy_area,
            source_name: d.source_name,
            line_count: d.line_count,
            ingested_at: d.ingested_at,
            date: d.date.map(|t| DocumentDate {
                date: t.date,
                precision: t.precision.into(),
                source: t.source.into(),
                text: t.text,
                line: t.line,
            }),
        }
    }
}

impl From<&Department> for StoredDepartmentV1 {
    fn from(d: &Department) -> Self {
        StoredDepartmentV1 {
            id: d.id,
            city: d.place,
            name: d.name.clone(),
            category: d.category,
            level: d.level,
            known: d.known,
        }
    }
}

impl From<StoredDepartmentV1> for Department {
    fn from(d: StoredDepartmentV1) -> Self {
        Department {
            id: d.id,
            place: d.city,
            name: d.name,
            category: d.category,
            level: d.level,
            known: d.known,
        }
    }
}

impl From<&Location> for StoredLocation {
    fn from(l: &Location) -> Self {
        match l.clone() {
            Location::Line { line } => StoredLocation::Line { line },
            Location::Cell { sheet, cell } => StoredLocation::Cell { sheet, cell },
            Location::TableCell { table, row, column } => StoredLocation::TableCell { table, row, column },
            Location::Paragraph { paragraph } => StoredLocation::Paragraph { paragraph },
            Location::PageLine { page, line } => StoredLocation::PageLine { page, line },
        }
    }
}

impl From<StoredLocation> for Location {
    fn from(l: StoredLocation) -> Self {
        match l {
            StoredLocation::Line { line } => Location::Line { line },
            StoredLocation::Cell { sheet, cell } => Location::Cell { sheet, cell },
            StoredLocation::TableCell { table, row, column } => Location::TableCell { table, row, column },
            StoredLocation::Paragraph { paragraph } => Location::Paragraph { paragraph },
            StoredLocation::PageLine { page, line } => Location::PageLine { page, line },
        }
    }
}

impl From<&Task> for StoredTaskV2 {
    fn from(t: &Task) -> Self {
        StoredTaskV2 {
            id: t.id,
            place: t.place,
            number: t.number.as_deref().map(String::from),
            chapter: t.chapter.as_deref().map(String::from),
            section: t.section.as_deref().map(String::from),
            measure: t.measure.as_deref().map(String::from),
            text: t.text.clone(),
            detail: t.detail.clone(),
            deadline: t.deadline.as_deref().map(String::from),
            ongoing: t.ongoing,
            source_line: t.source_line,
            location: Some((&t.location).into()),
        }
    }
}

impl From<StoredTaskV2> for Task {
    fn from(t: StoredTaskV2) -> Self {
        let line = t.source_line;
        Task {
            id: t.id,
            document: t.id.document,
            place: t.place,
            number: t.number.map(Arc::from),
            chapter: t.chapter.map(Arc::from),
            section: t.section.map(Arc::from),
            measure: t.measure.map(Arc::from),
            text: t.text,
            detail: t.detail,
            deadline: t.deadline.map(Arc::from),
            ongoing: t.ongoing,
            source_line: line,
            location: t.location.map_or(Location::Line { line }, Location::from),
        }
    }
}

impl From<StoredTaskV1> for Task {
    fn from(t: StoredTaskV1) -> Self {
        Task {
            id: t.id,
            document: t.id.document,
            place: t.city,
            number: t.number.map(Arc::from),
            chapter: t.chapter.map(Arc::from),
            section: t.section.map(Arc::from),
            measure: t.measure.map(Arc::from),
            text: t.text,
            detail: t.detail,
            deadline: t.deadline.map(Arc::from),
            ongoing: t.ongoing,
            source_line: t.source_line,
            location: Location::Line { line: t.source_line },
        }
    }
}

impl From<&Assignment> for StoredAssignmentV1 {
    fn from(a: &Assignment) -> Self {
        StoredAssignmentV1 {
            task: a.task,
            department: a.department,
            role: a.role.into(),
            rank: a.rank,
            printed: a.printed.to_string(),
        }
    }
}

impl From<StoredAssignmentV1> for Assignment {
    fn from(a: StoredAssignmentV1) -> Self {
        Assignment {
            task: a.task,
            department: a.department,
            role: a.role.into(),
            rank: a.rank,
            printed: a.printed.into(),
        }
    }
}

impl From<&Milestone> for StoredMilestoneV1 {
    fn from(m: &Milestone) -> Self {
        StoredMilestoneV1 {
            task: m.task,
            seq: m.seq,
            date: m.date,
            precision: m.precision.into(),
            kind: m.kind.into(),
            source: m.source.into(),
            text: m.text.to_string(),
        }
    }
}

impl From<StoredMilestoneV1> for Milestone {
    fn from(m: StoredMilestoneV1) -> Self {
        Milestone {
            task: m.task,
            seq: m.seq,
            date: m.date,
            precision: m.precision.into(),
            kind: m.kind.into(),
            source: m.source.into(),
            text: m.text.into(),
        }
    }
}

/// Upgrades any stored version to the model type. With one version per
/// entity these are trivial; a `V2` adds its arm here.
macro_rules! upgrade {
    ($($stored:ident => $model:ident),*) => {
        $(impl From<$stored> for $model {
            fn from(s: $stored) -> $model {
                match s { $stored::V1(v) => v.into() }
            }
        })*
    };
}

impl From<StoredCity> for Place {
    fn from(s: StoredCity) -> Place {
        match s {
            StoredCity::V1(v) => v.into(),
            StoredCity::V2(v) => v.into(),
        }
    }
}

impl From<StoredDocument> for Document {
    fn from(s: StoredDocument) -> Document {
        match s {
            StoredDocument::V1(v) => v.into(),
            StoredDocument::V2(v) => v.into(),
        }
    }
}

impl From<StoredTask> for Task {
    fn from(s: StoredTask) -> Task {
        match s {
            StoredTask::V1(v) => v.into(),
            StoredTask::V2(v) => v.into(),
        }
    }
}

upgrade!(
    StoredDepartment => Department,
    StoredAssignment => Assignment,
    StoredMilestone => Milestone
);

/// Serde helpers whose output depends on whether the format is for people
/// (JSON exports) or for the machine (postcard in sled).
pub(super) mod dual {
    use std::fmt::Display;
    use std::str::FromStr;

    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::{Category, DepartmentId, DocumentId, Level, PlaceId};

    /// A hash id: `D0123…` text for people, a u64 for the machine.
    pub trait HashId: Copy + Display + FromStr<Err = String> {
        fn raw(self) -> u64;
        fn from_raw(raw: u64) -> Self;
    }

    macro_rules! hash_id {
        ($($t:ident),*) => {$(
            impl HashId for $t {
                fn raw(self) -> u64 { self.0 }
                fn from_raw(raw: u64) -> Self { $t(raw) }
            }
        )*};
    }
    hash_id!(PlaceId, DocumentId, DepartmentId);

    pub mod id {
        use super::*;

        pub fn serialize<T: HashId, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                s.collect_str(v)
            } else {
                s.serialize_u64(v.raw())
            }
        }

        pub fn deserialize<'de, T: HashId, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
            if d.is_human_readable() {
                String::deserialize(d)?.parse().map_err(D::Error::custom)
            } else {
                u64::deserialize(d).map(T::from_raw)
            }
        }
    }

    /// `T0123…-7` for people, (document u64, position u32) for the machine.
    pub mod task_id {
        use super::*;
        use crate::model::TaskId;

        pub fn serialize<S: Serializer>(v: &TaskId, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                s.collect_str(v)
            } else {
                (v.document.0, v.seq).serialize(s)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TaskId, D::Error> {
            if d.is_human_readable() {
                String::deserialize(d)?.parse().map_err(D::Error::custom)
            } else {
                let (document, seq) = <(u64, u32)>::deserialize(d)?;
                Ok(TaskId { document: DocumentId(document), seq })
            }
        }
    }

    /// RFC 3339 text for people, (seconds, nanoseconds) since the epoch for
    /// the machine; both keep every nanosecond, so round trips are exact.
    pub mod timestamp {
        use super::*;
        use chrono::{DateTime, SecondsFormat, Utc};

        pub fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                s.serialize_str(&v.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            } else {
                (v.timestamp(), v.timestamp_subsec_nanos()).serialize(s)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
            if d.is_human_readable() {
                let text = String::deserialize(d)?;
                DateTime::parse_from_rfc3339(&text)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| D::Error::custom(format!("`{text}` is not an RFC 3339 timestamp: {e}")))
            } else {
                let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
                DateTime::from_timestamp(secs, nanos)
                    .ok_or_else(|| D::Error::custom(format!("timestamp {secs}.{nanos:09} is out of range")))
            }
        }
    }

    /// `2020-06-30` for people, days since 0001-01-01 (CE day 1) for the machine.
    pub mod date {
        use super::*;
        use chrono::{Datelike, NaiveDate};

        pub fn serialize<S: Serializer>(v: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                s.collect_str(&v.format("%Y-%m-%d"))
            } else {
                s.serialize_i32(v.num_days_from_ce())
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
            if d.is_human_readable() {
                let text = String::deserialize(d)?;
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|e| D::Error::custom(format!("`{text}` is not a YYYY-MM-DD date: {e}")))
            } else {
                let days = i32::deserialize(d)?;
                NaiveDate::from_num_days_from_ce_opt(days)
                    .ok_or_else(|| D::Error::custom(format!("day number {days} is out of range")))
            }
        }
    }

    /// A category or level by its snake_case code, in both formats.
    pub trait Code: Copy + FromStr<Err = String> {
        fn code(self) -> &'static str;
    }

    impl Code for Category {
        fn code(self) -> &'static str {
            Category::code(self)
        }
    }

    impl Code for Level {
        fn code(self) -> &'static str {
            Level::code(self)
        }
    }

    pub mod code {
        use super::*;

        pub fn serialize<T: Code, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(v.code())
        }

        pub fn deserialize<'de, T: Code, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
            String::deserialize(d)?.parse().map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_milestone() -> StoredMilestoneV1 {
        StoredMilestoneV1 {
            task: TaskId { document: DocumentId(u64::MAX - 3), seq: 12 },
            seq: 2,
            date: NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
            precision: StoredPrecision::Month,
            kind: StoredMilestoneKind::InterimResult,
            source: StoredMilestoneSource::TaskText,
            text: "2020年6月".into(),
        }
    }

    #[test]
    fn postcard_and_json_round_trip() {
        let m = StoredMilestone::V1(sample_milestone());
        let bytes = postcard::to_stdvec(&m).unwrap();
        assert_eq!(postcard::from_bytes::<StoredMilestone>(&bytes).unwrap(), m);

        let json = serde_json::to_string(&sample_milestone()).unwrap();
        assert!(json.contains(r#""task":"Tfffffffffffffffc-12""#), "{json}");
        assert!(json.contains(r#""date":"2020-06-30""#), "{json}");
        assert!(json.contains(r#""kind":"interim_result""#), "{json}");
        assert_eq!(serde_json::from_str::<StoredMilestoneV1>(&json).unwrap(), sample_milestone());
    }

    #[test]
    fn version_1_tasks_read_as_located_on_their_line_and_version_2_keep_their_cell() {
        let v1 = StoredTaskV1 {
            id: TaskId { document: DocumentId(5), seq: 2 },
            city: PlaceId(7),
            number: Some("2".into()),
            chapter: None,
            section: None,
            measure: None,
            text: "建设养老服务中心".into(),
            detail: None,
            deadline: None,
            ongoing: false,
            source_line: 14,
        };
        let bytes = postcard::to_stdvec(&StoredTask::V1(v1.clone())).unwrap();
        let task: Task = postcard::from_bytes::<StoredTask>(&bytes).unwrap().into();
        assert_eq!(task.location, Location::Line { line: 14 });

        let mut task = task;
        task.location = Location::Cell { sheet: "分工表".into(), cell: "C7".into() };
        let bytes = postcard::to_stdvec(&StoredTask::V2((&task).into())).unwrap();
        let back: Task = postcard::from_bytes::<StoredTask>(&bytes).unwrap().into();
        assert_eq!(back, task);

        // An export line written before version 2 (`city`, no location) still imports.
        let json = serde_json::to_string(&v1).unwrap();
        let v2: StoredTaskV2 = serde_json::from_str(&json).unwrap();
        assert_eq!(Task::from(v2).location, Location::Line { line: 14 });
    }

    #[test]
    fn timestamps_keep_nanoseconds() {
        let at = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
        let d = StoredDocumentV1 {
            id: DocumentId(1),
            city: PlaceId(2),
            title: "t".into(),
            policy_area: String::new(),
            source_name: "s".into(),
            line_count: 3,
            ingested_at: at,
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<StoredDocumentV1>(&json).unwrap(), d);
        let bytes = postcard::to_stdvec(&d).unwrap();
        assert_eq!(postcard::from_bytes::<StoredDocumentV1>(&bytes).unwrap(), d);
    }

    #[test]
    fn version_1_documents_read_as_undated_and_version_2_keeps_the_date() {
        let v1 = StoredDocumentV1 {
            id: DocumentId(1),
            city: PlaceId(2),
            title: "t".into(),
            policy_area: "elderly care".into(),
            source_name: "s".into(),
            line_count: 3,
            ingested_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        };
        // A sled record written before documents had dates.
        let bytes = postcard::to_stdvec(&StoredDocument::V1(v1.clone())).unwrap();
        let old: Document = postcard::from_bytes::<StoredDocument>(&bytes).unwrap().into();
        assert_eq!((old.id, old.place, old.date.clone()), (DocumentId(1), PlaceId(2), None));
        // An export line written before version 2 (`city`, no date) imports undated.
        let line: StoredDocumentV2 = serde_json::from_str(&serde_json::to_string(&v1).unwrap()).unwrap();
        assert_eq!(Document::from(line), old);

        let dated = Document {
            date: Some(DocumentDate {
                date: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
                precision: Precision::Year,
                source: DateSource::DocumentNumber,
                text: "民发〔2019〕12号".into(),
                line: 2,
            }),
            ..old
        };
        let bytes = postcard::to_stdvec(&StoredDocument::V2((&dated).into())).unwrap();
        assert_eq!(Document::from(postcard::from_bytes::<StoredDocument>(&bytes).unwrap()), dated);
        let json = serde_json::to_string(&StoredDocumentV2::from(&dated)).unwrap();
        assert!(json.contains(r#""source":"document_number""#), "{json}");
        assert_eq!(Document::from(serde_json::from_str::<StoredDocumentV2>(&json).unwrap()), dated);
    }

    #[test]
    fn department_codes_survive_both_formats_and_reject_unknown() {
        let d = StoredDepartmentV1 {
            id: DepartmentId(9),
            city: PlaceId(8),
            name: "市民政局".into(),
            category: Category::CivilAffairs,
            level: Level::CityBureau,
            known: true,
        };
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains(r#""category":"civil_affairs""#), "{json}");
        assert_eq!(serde_json::from_str::<StoredDepartmentV1>(&json).unwrap(), d);
        let bad = json.replace("civil_affairs", "welfare");
        assert!(serde_json::from_str::<StoredDepartmentV1>(&bad)
            .unwrap_err()
            .to_string()
            .contains("welfare"));
        let bytes = postcard::to_stdvec(&d).unwrap();
        assert_eq!(postcard::from_bytes::<StoredDepartmentV1>(&bytes).unwrap(), d);
    }
}
