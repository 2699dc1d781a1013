//! `extractDocument`: what the reader makes of a document, without storing
//! it — the same open and read that `ingestDocument` runs, so a preview
//! shows exactly the tasks, units and findings a store would keep.
//!
//! It is a mutation only because GraphQL file uploads travel in mutations
//! (async-graphql refuses `Upload` in a query); it reads the request's
//! pinned snapshot only to say whether the document is stored already and
//! must never write.

use async_graphql::{ComplexObject, Context, SimpleObject, Upload, ID};
use chrono::NaiveDate;

use super::context::{catalog, engine};
use super::enums::{Category, Level, MilestoneKind, MilestoneSource, Precision, Role};
use super::error::{ApiError, ApiResult};
use super::location::SourceLocation;
use super::mutation::{document_bytes, Diagnostic};
use crate::ingest::{self, Source};
use crate::model::DocumentId;

/// What the reader makes of a document, before anything is stored.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
#[graphql(complex)]
pub struct DocumentPreview {
    /// The id the document would be stored under (the hash of the text read).
    pub document_id: ID,
    /// True when a document with this content is stored already: storing it
    /// again would change nothing.
    pub already_stored: bool,
    /// The place the document would be filed under: the one given, or the
    /// issuer or place the document names; null when neither says one (the
    /// document cannot be stored without a place).
    pub place: Option<String>,
    /// The title: the one given, else the table title found in the text,
    /// else the source name.
    pub title: String,
    /// The file's format as told by its bytes (`text`, `Word document (.docx)` …).
    pub format: String,
    /// Whether `ingestDocument` would store it: a place is known and the
    /// reader found no error.
    pub storable: bool,
    /// The tasks read, in document order.
    pub tasks: Vec<PreviewTask>,
    /// Every finding of the reader, warnings and errors, in line order.
    pub diagnostics: Vec<Diagnostic>,
    #[graphql(skip)]
    text: String,
}

#[ComplexObject]
impl DocumentPreview {
    /// The text the reader read, one string per line: line `n` of a task or
    /// a finding is `lines[n - 1]`. For a structured file these are the
    /// lines `dutygraph extract --text` prints (one per paragraph line and
    /// cell line). `from` and `to` (1-based, inclusive) keep a range.
    async fn lines(&self, from: Option<usize>, to: Option<usize>) -> Vec<&str> {
        let from = from.unwrap_or(1).max(1);
        let to = to.unwrap_or(usize::MAX);
        self.text
            .lines()
            .enumerate()
            .filter(|(i, _)| (from..=to).contains(&(i + 1)))
            .map(|(_, l)| l)
            .collect()
    }

    /// Number of lines read.
    async fn line_count(&self) -> usize {
        self.text.lines().count()
    }
}

/// One task as the reader read it.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct PreviewTask {
    /// 1-based position in the document.
    pub position: usize,
    /// Number as printed, if any.
    pub number: Option<String>,
    /// Chapter heading (一、…) the task sits under.
    pub chapter: Option<String>,
    /// Measure (工作措施) the task belongs to.
    pub measure: Option<String>,
    /// The task itself.
    pub text: String,
    /// The deadline cell as printed.
    pub deadline: Option<String>,
    /// True for 持续实施 and the like.
    pub ongoing: bool,
    /// 1-based line of the text read where the task starts (`lines`).
    pub source_line: u32,
    /// The last line it was read from.
    pub last_line: u32,
    /// Where the task starts in the file as published.
    pub source: SourceLocation,
    /// Lead units first, then support units, each in printed order.
    pub units: Vec<PreviewUnit>,
    /// Dated commitments read from the deadline cell and the task text.
    pub milestones: Vec<PreviewMilestone>,
}

/// A unit as the reader resolved it.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct PreviewUnit {
    /// The name as printed.
    pub printed_name: String,
    /// The canonical name it would be stored under (市民政局), or the
    /// printed name when the reference table does not know it.
    pub name: String,
    /// Functional category.
    pub category: Category,
    /// Administrative level.
    pub level: Level,
    /// Lead or support.
    pub role: Role,
    /// 1-based position within its cell; rank 1 of the lead cell is the
    /// primary lead.
    pub rank: u16,
    /// Whether the reference table knows the name.
    pub known: bool,
    /// The line that named it.
    pub line: u32,
}

/// A dated commitment as the reader read it.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct PreviewMilestone {
    /// The last day the commitment covers.
    pub date: NaiveDate,
    /// How precisely the document gives the date.
    pub precision: Precision,
    /// What the commitment promises by the date.
    pub kind: MilestoneKind,
    /// Deadline column or task text.
    pub source: MilestoneSource,
    /// The words the date was read from.
    pub text: String,
}

fn preview_task(position: usize, t: ingest::ParsedTask) -> PreviewTask {
    PreviewTask {
        position,
        number: t.number,
        chapter: t.chapter,
        measure: t.measure,
        text: t.text,
        deadline: t.deadline,
        ongoing: t.ongoing,
        source_line: t.line,
        last_line: t.last_line,
        source: t.location.into(),
        units: t
            .units
            .into_iter()
            .map(|u| PreviewUnit {
                printed_name: u.printed,
                name: u.canonical,
                category: u.category.into(),
                level: u.level.into(),
                role: u.role.into(),
                rank: u.rank,
                known: u.known,
                line: u.line,
            })
            .collect(),
        milestones: t
            .milestones
            .into_iter()
            .map(|m| PreviewMilestone {
                date: m.date,
                precision: m.precision.into(),
                kind: m.kind.into(),
                source: m.source.into(),
                text: m.text,
            })
            .collect(),
    }
}

pub(super) fn extract(
    ctx: &Context<'_>,
    text: Option<String>,
    file: Option<Upload>,
    place: Option<String>,
    title: Option<String>,
    source_name: Option<String>,
) -> ApiResult<DocumentPreview> {
    let engine = engine(ctx)?;
    let (bytes, upload_name) = document_bytes(ctx, engine, text, file)?;
    if bytes.len() > engine.max_document_bytes() {
        return Err(ApiError::bad(format!(
            "the document has {} bytes, over the limit of {} bytes",
            bytes.len(),
            engine.max_document_bytes()
        )));
    }
    let name = source_name.or(upload_name).unwrap_or_else(|| "graphql-upload".to_string());
    let source = Source { name, place, title, ..Source::default() };
    let input = ingest::formats::open(&bytes, &source.name).map_err(|e| ApiError::bad(e.to_string()))?;
    let parsed = ingest::read_input(&input, &source, engine.directory());
    let id = DocumentId::from_text(input.lines());
    let storable = parsed.place.is_some() && !parsed.has_errors();
    let mut diagnostics = parsed.diagnostics;
    diagnostics.sort_by_key(|d| d.line);
    Ok(DocumentPreview {
        document_id: ID(id.to_string()),
        already_stored: catalog(ctx)?.document(id).is_some(),
        title: parsed.title.unwrap_or_else(|| source.name.clone()),
        place: parsed.place,
        format: input.format.as_str().to_string(),
        storable,
        tasks: parsed.tasks.into_iter().enumerate().map(|(i, t)| preview_task(i + 1, t)).collect(),
        diagnostics: diagnostics.into_iter().map(Into::into).collect(),
        text: input.lines().to_string(),
    })
}
