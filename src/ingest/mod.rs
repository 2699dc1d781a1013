//! The reader: task-division table text → records.
//!
//! Stage one (`raw`) keeps the table as printed: rows of cells with line
//! numbers, and only checks structure. Stage two normalises: column meaning
//! from header words, unit splitting and alias resolution through the
//! [`Directory`], roles and ranks, milestones. Messy input yields
//! [`Diagnostic`]s with line numbers, never a panic; `Result` is reserved for
//! undecodable bytes.
//!
//! This module must not touch the store: `extract` runs it with nothing written.

pub mod deadline;
pub mod directory;
pub mod manifest;

mod align;
pub mod assign;
mod boxes;
mod bundle;
mod columnar;
pub mod columns;
mod columnwise;
mod content;
mod decode;
pub mod divisions;
mod draft;
pub mod explain;
pub mod formats;
pub mod grid;
mod interleaved;
pub mod lexicon;
mod matrix;
pub mod meta;
mod prose;
pub mod raw;
mod records;
mod rows;
mod runon;
mod script;
pub mod shape;
mod table;
mod trailing;
pub mod units;
pub mod vocab;
mod wraps;

pub use assign::RoleRule;
pub use bundle::to_bundle;
pub use decode::{decode, DecodeError};
pub use directory::{Directory, DirectoryError, Resolution};
pub use draft::Basis;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{
    Category, DocumentDate, Level, Location, MilestoneKind, MilestoneSource, Precision, Role,
};

/// What the caller knows about a document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// File name or upload label, used in diagnostics.
    pub name: String,
    /// Place given by the caller (flag, manifest, mutation argument): a
    /// province, city, county, district or township. A document issued by a
    /// place inside it is read in that place; when absent, the issuer the
    /// document names, else the place its title names (`meta::place`).
    pub place: Option<String>,
    /// Title given by the caller; when absent the reader uses the title it finds.
    pub title: Option<String>,
    pub province: Option<String>,
    pub policy_area: Option<String>,
    /// Date of issue given by the caller; it takes precedence over any date
    /// the text states (`meta::document_date`).
    pub date: Option<NaiveDate>,
}

/// The reader's result for one document.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedDocument {
    /// Title: the caller's, else the table title found in the text.
    pub title: Option<String>,
    /// Place the document is read in (see [`Source::place`]).
    pub place: Option<String>,
    /// When the document was issued: given, or read from its date line,
    /// document number or title (`meta::document_date`).
    pub date: Option<DocumentDate>,
    pub tasks: Vec<ParsedTask>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParsedTask {
    pub number: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub measure: Option<String>,
    pub text: String,
    pub detail: Option<String>,
    pub deadline: Option<String>,
    pub ongoing: bool,
    /// 1-based line where the task starts (of [`formats::Input::lines`]).
    pub line: u32,
    /// Where the task starts in the file as published.
    pub location: Location,
    /// The last line it was read from (a wrapped text, its unit cells or
    /// label lines).
    pub last_line: u32,
    /// Lead units first, then support units, each in rank order.
    pub units: Vec<ParsedUnit>,
    pub milestones: Vec<ParsedMilestone>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParsedUnit {
    /// The name as printed (after rejoining wrapped lines and expanding a
    /// shared suffix).
    pub printed: String,
    /// Canonical name from the reference table, or the printed name.
    pub canonical: String,
    pub category: Category,
    pub level: Level,
    pub role: Role,
    /// 1-based rank within its role's cell.
    pub rank: u16,
    /// Found in the reference table.
    pub known: bool,
    /// The line of the cell or label that named it.
    pub line: u32,
    /// What printed it in its role: a column, a label, a verb …
    pub basis: Basis,
    /// The rule that settled its role (`extract --explain` says why).
    pub rule: RoleRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedMilestone {
    pub date: NaiveDate,
    pub precision: Precision,
    pub kind: MilestoneKind,
    pub source: MilestoneSource,
    /// The words the date was read from.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something was read but may be wrong (unknown unit, corrected typo).
    Warning,
    /// Something could not be read (a row with no task text, no unit column).
    Error,
}

/// What a [`Diagnostic`] is about: one stable kebab-case code each, the
/// same in `extract` JSON, GraphQL (`Diagnostic.code`,
/// `extensions.diagnostics`) and the CLI, so a client can match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticCode {
    /// `no-table`: No table and no numbered items were found: nothing to read.
    NoTable,
    /// `no-unit-column`: A table's header names no column of units (牵头单位, 责任单位, 配合单位…).
    NoUnitColumn,
    /// `no-task-text`: A row names units but no task.
    NoTaskText,
    /// `no-units`: A task names no unit.
    NoUnits,
    /// `too-many-milestones`: A task names more dates than any real task does.
    TooManyMilestones,
    /// `unknown-unit`: A unit name the reference table does not hold, kept as printed.
    UnknownUnit,
    /// `corrected-unit`: A unit name read through a typo correction.
    CorrectedUnit,
    /// `short-row`: A row with fewer cells than its columns; cells placed by what they say.
    ShortRow,
    /// `stray-text`: Text outside any table row, skipped.
    StrayText,
    /// `unnamed-deadline-column`: A trailing column of deadlines the header does not name.
    UnnamedDeadlineColumn,
    /// `year-from-document`: A deadline without a year took the document's.
    YearFromDocument,
    /// `issuer-inside-place`: The document's issuer lies inside the place given; filed under the issuer.
    IssuerInsidePlace,
}

impl DiagnosticCode {
    /// Every code, in the order the README lists them.
    pub const ALL: [DiagnosticCode; 12] = [
        DiagnosticCode::NoTable,
        DiagnosticCode::NoUnitColumn,
        DiagnosticCode::NoTaskText,
        DiagnosticCode::NoUnits,
        DiagnosticCode::TooManyMilestones,
        DiagnosticCode::UnknownUnit,
        DiagnosticCode::CorrectedUnit,
        DiagnosticCode::ShortRow,
        DiagnosticCode::StrayText,
        DiagnosticCode::UnnamedDeadlineColumn,
        DiagnosticCode::YearFromDocument,
        DiagnosticCode::IssuerInsidePlace,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::NoTable => "no-table",
            DiagnosticCode::NoUnitColumn => "no-unit-column",
            DiagnosticCode::NoTaskText => "no-task-text",
            DiagnosticCode::NoUnits => "no-units",
            DiagnosticCode::TooManyMilestones => "too-many-milestones",
            DiagnosticCode::UnknownUnit => "unknown-unit",
            DiagnosticCode::CorrectedUnit => "corrected-unit",
            DiagnosticCode::ShortRow => "short-row",
            DiagnosticCode::StrayText => "stray-text",
            DiagnosticCode::UnnamedDeadlineColumn => "unnamed-deadline-column",
            DiagnosticCode::YearFromDocument => "year-from-document",
            DiagnosticCode::IssuerInsidePlace => "issuer-inside-place",
        }
    }
}

impl std::fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for DiagnosticCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A finding about the input, tied to a line.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// 1-based line of the source text; 0 when it concerns the whole document.
    pub line: u32,
    /// Where that line sits in the file as published; `None` for line 0.
    pub location: Option<Location>,
    pub severity: Severity,
    pub code: DiagnosticCode,
    pub message: String,
}

impl Diagnostic {
    /// A finding at `line`; the reader locates it in the file when it is done.
    pub fn new(line: u32, severity: Severity, code: DiagnosticCode, message: String) -> Diagnostic {
        Diagnostic { line, location: None, severity, code, message }
    }
}

impl ParsedDocument {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

mod reader;
pub use reader::{read, read_input};
