//! The mutation root: ingesting and removing documents, behind the bearer
//! token (see `context::require_writer`).
//!
//! Engine writes parse text and commit to sled. They run where the operation
//! runs: the transport (`http::execute`) executes every operation off the
//! async workers (on a thread of its `Gate`), inside the request's span, so
//! a write needs no second hop.

use std::io::Read;

use async_graphql::{Context, InputObject, Object, ResultExt, SimpleObject, Upload, UploadValue, ID};
use chrono::NaiveDate;

use super::context::{engine, require_writer};
use super::enums::Severity;
use super::error::{ApiError, ApiResult};
use super::limits::Limit;
use super::location::SourceLocation;
use super::preview::{self, DocumentPreview};
use crate::engine::{BulkConfig, BulkDocument, Engine, EngineError, IngestReport as EngineReport};
use crate::ingest::{self, Source};
use crate::model::DocumentId;

/// A reader finding about an ingested document, tied to a line.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct Diagnostic {
    /// 1-based line of the source text (for a structured file, of the text
    /// `dutygraph extract --text` prints of it); 0 when it concerns the whole
    /// document.
    pub line: u32,
    /// Where that line sits in the file as published; null for line 0.
    pub source: Option<SourceLocation>,
    /// Warning or error.
    pub severity: Severity,
    /// Stable kebab-case code, one of: `no-table`, `no-unit-column`,
    /// `no-task-text`, `no-units`, `too-many-milestones`, `unknown-unit`,
    /// `corrected-unit`, `short-row`, `stray-text`,
    /// `unnamed-deadline-column`, `year-from-document`,
    /// `issuer-inside-place` (the README says what each means).
    pub code: String,
    /// What was found, for people.
    pub message: String,
}

impl From<ingest::Diagnostic> for Diagnostic {
    fn from(d: ingest::Diagnostic) -> Diagnostic {
        Diagnostic {
            source: d.location.map(Into::into),
            line: d.line,
            severity: d.severity.into(),
            code: d.code.as_str().into(),
            message: d.message,
        }
    }
}

/// What an ingest did.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct IngestReport {
    /// Id of the document (the hash of its text).
    pub document_id: ID,
    /// False when the same text was already stored: nothing was written.
    pub created: bool,
    /// The place the document was filed under.
    pub place: String,
    /// Deprecated spelling of `place`.
    #[graphql(deprecation = "use `place`: cities are one kind of place")]
    pub city: String,
    /// The title stored.
    pub title: String,
    /// Tasks read.
    pub tasks: usize,
    /// Lead assignments (task × unit) read.
    pub lead_assignments: usize,
    /// Support assignments read.
    pub support_assignments: usize,
    /// Milestones read.
    pub milestones: usize,
    /// Ongoing (持续实施) tasks read.
    pub ongoing_tasks: usize,
    /// Warnings the reader raised (errors refuse the document instead).
    pub diagnostics: Vec<Diagnostic>,
}

impl From<EngineReport> for IngestReport {
    fn from(r: EngineReport) -> IngestReport {
        IngestReport {
            document_id: ID(r.document.to_string()),
            created: r.created,
            city: r.place.clone(),
            place: r.place,
            title: r.title,
            tasks: r.tasks,
            lead_assignments: r.lead_assignments,
            support_assignments: r.support_assignments,
            milestones: r.milestones,
            ongoing_tasks: r.ongoing_tasks,
            diagnostics: r.diagnostics.into_iter().map(Into::into).collect(),
        }
    }
}

fn engine_error(e: EngineError) -> ApiError {
    if !e.is_user_fault() {
        return ApiError::Internal(e.to_string());
    }
    match e {
        EngineError::Unreadable { name, diagnostics } => ApiError::Rejected {
            message: format!("{name}: the document was not stored because the reader found errors (see extensions.diagnostics)"),
            diagnostics,
        },
        too_large @ EngineError::TooLarge { .. } => {
            ApiError::OverLimit { limit: Limit::DocumentSize, message: too_large.to_string() }
        }
        other => ApiError::BadUserInput(other.to_string()),
    }
}

/// An upload's bytes, refused past the document size limit (the transport
/// limits the request body too; this guards the file itself).
fn read_upload(upload: UploadValue, limit: usize) -> ApiResult<Vec<u8>> {
    let limit = limit as u64;
    let mut bytes = Vec::new();
    upload
        .into_read()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ApiError::Internal(format!("cannot read the upload: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(ApiError::OverLimit {
            limit: Limit::DocumentSize,
            message: format!("the upload is larger than the limit of {limit} bytes"),
        });
    }
    Ok(bytes)
}

/// One document of an `ingestDocuments` batch: the table and what the
/// caller knows about it, as `ingestDocument` takes them.
#[derive(InputObject)]
pub struct DocumentInput {
    /// The table as text. Exactly one of `text` and `file`.
    pub text: Option<String>,
    /// The table as an uploaded file. Exactly one of `text` and `file`.
    pub file: Option<Upload>,
    /// The place that issued it; required unless the document names it.
    pub place: Option<String>,
    /// The title to store instead of the one read.
    pub title: Option<String>,
    /// Names the document in diagnostics; an upload's file name when absent.
    pub source_name: Option<String>,
    /// The province, when the place name does not tell it.
    pub province: Option<String>,
    /// The policy area, e.g. `elderly care`.
    pub policy_area: Option<String>,
    /// The date of issue, when the text does not state it or states it
    /// wrongly; it takes precedence over the date line, the document number
    /// (〔2019〕) and the title's year.
    pub date: Option<NaiveDate>,
}

/// What a batch did with one of its documents.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct BatchOutcome {
    /// The document's source name.
    pub source_name: String,
    /// What was read and stored (or found already stored); null when refused.
    pub report: Option<IngestReport>,
    /// Why the document was refused; null when it was not.
    pub error: Option<String>,
    /// The reader's findings when it refused the document as unreadable.
    pub diagnostics: Vec<Diagnostic>,
}

/// What an `ingestDocuments` batch did.
#[derive(SimpleObject)]
#[graphql(crate = "crate::api::resolve::graphql")]
pub struct BatchReport {
    /// The data version after the batch (the one before when nothing new was stored).
    pub version: u64,
    /// Documents newly stored.
    pub stored: usize,
    /// One outcome per document given, in order.
    pub documents: Vec<BatchOutcome>,
}

/// Most documents one `ingestDocuments` call takes; the request body limit
/// bounds their size.
pub const MAX_BATCH_DOCUMENTS: usize = 500;

/// The document a write or a preview was given, as `text` or as an
/// uploaded `file` (exactly one), with the upload's file name.
pub(super) fn document_bytes(
    ctx: &Context<'_>,
    engine: &Engine,
    text: Option<String>,
    file: Option<Upload>,
) -> ApiResult<(Vec<u8>, Option<String>)> {
    match (text, file) {
        (Some(text), None) => Ok((text.into_bytes(), None)),
        (None, Some(file)) => {
            let upload = file
                .value(ctx)
                .map_err(|e| ApiError::BadUserInput(format!("the upload cannot be read: {e}")))?;
            let name = Some(upload.filename.clone()).filter(|n| !n.is_empty());
            Ok((read_upload(upload, engine.max_document_bytes())?, name))
        }
        _ => Err(ApiError::BadUserInput("give the table as exactly one of `text` and `file`".into())),
    }
}

/// The bytes and source name of one table given as `text` or `file`.
fn table_input(
    ctx: &Context<'_>,
    engine: &Engine,
    text: Option<String>,
    file: Option<Upload>,
    source_name: Option<String>,
) -> ApiResult<(Vec<u8>, String)> {
    let (bytes, upload_name) = document_bytes(ctx, engine, text, file)?;
    Ok((bytes, source_name.or(upload_name).unwrap_or_else(|| "graphql-upload".to_string())))
}

/// Runs an engine write, mapping its error for the client.
fn write<T>(engine: &Engine, job: impl FnOnce(&Engine) -> Result<T, EngineError>) -> ApiResult<T> {
    job(engine).map_err(engine_error)
}

/// Writes: ingesting and removing documents (and previewing an ingest),
/// behind the write bearer token.
pub struct MutationRoot;

/// Writes: ingesting and removing documents (and previewing an ingest),
/// behind the write bearer token.
#[Object(name = "Mutation")]
impl MutationRoot {
    /// Reads a task-division table and stores it, all or nothing. Needs the
    /// write bearer token. Give the table as `text`, or as `file`: an upload
    /// by the GraphQL multipart request spec (`curl -F`), in any format
    /// dutygraph reads (text, .docx, .xlsx, .xls, .ods, .html, .pdf; told by
    /// its first bytes). `place` is required unless the document names it;
    /// ingesting the same content again changes nothing (`created: false`).
    /// A document the reader cannot read is BAD_USER_INPUT with the reader's
    /// diagnostics in `extensions.diagnostics`; so is a file that cannot be
    /// opened (corrupt, password-protected, a scanned PDF).
    #[expect(clippy::too_many_arguments, reason = "each GraphQL argument is a parameter")]
    async fn ingest_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The table as text. Exactly one of `text` and `file`.")] text: Option<String>,
        #[graphql(desc = "The table as an uploaded file. Exactly one of `text` and `file`.")] file: Option<
            Upload,
        >,
        place: Option<String>,
        #[graphql(
            desc = "Deprecated spelling of `place`.",
            deprecation = "use `place`: cities are one kind of place"
        )]
        city: Option<String>,
        title: Option<String>,
        #[graphql(desc = "Names the document in diagnostics; an upload's file name when absent.")]
        source_name: Option<String>,
        province: Option<String>,
        policy_area: Option<String>,
        #[graphql(
            desc = "The date of issue, when the text does not state it or states it wrongly; it takes precedence over the date line, the document number (〔2019〕) and the title's year."
        )]
        date: Option<NaiveDate>,
    ) -> async_graphql::Result<IngestReport> {
        let place = place.or(city);
        require_writer(ctx).extend()?;
        let engine = engine(ctx).extend()?;
        let (bytes, name) = table_input(ctx, engine, text, file, source_name).extend()?;
        let source = Source { name, place, title, province, policy_area, date };
        let report = write(engine, |e| e.ingest(&bytes, &source)).extend()?;
        tracing::info!(document = %report.document, created = report.created, "document ingested over GraphQL");
        Ok(report.into())
    }

    /// Reads and stores several tables in one write: each document is stored
    /// or refused on its own (a refused one does not stop the others), and
    /// queries see the whole batch at once, at its end. Needs the write
    /// bearer token. Each entry is what `ingestDocument` takes; at most 500
    /// per call. Watch `ingestProgress` for how far it has got. A store
    /// fault stops the batch: the documents before it stay stored.
    async fn ingest_documents(
        &self,
        ctx: &Context<'_>,
        documents: Vec<DocumentInput>,
    ) -> async_graphql::Result<BatchReport> {
        require_writer(ctx).extend()?;
        let engine = engine(ctx).extend()?;
        if documents.len() > MAX_BATCH_DOCUMENTS {
            let given = documents.len();
            return Err(ApiError::bad(format!(
                "{given} documents in one batch: expected at most {MAX_BATCH_DOCUMENTS}; send several batches"
            )))
            .extend();
        }
        let mut batch = Vec::with_capacity(documents.len());
        for (i, d) in documents.into_iter().enumerate() {
            let (bytes, name) = table_input(ctx, engine, d.text, d.file, d.source_name)
                .map_err(|e| ApiError::bad(format!("documents[{i}]: {e}")))
                .extend()?;
            let source = Source {
                name,
                place: d.place,
                title: d.title,
                province: d.province,
                policy_area: d.policy_area,
                date: d.date,
            };
            batch.push(BulkDocument { bytes, source });
        }
        let names: Vec<String> = batch.iter().map(|d| d.source.name.clone()).collect();
        let report = engine.ingest_many(batch, &BulkConfig::default());
        if let Some(fault) = report.fault {
            return Err(engine_error(fault)).extend();
        }
        tracing::info!(documents = names.len(), stored = report.created, "batch ingested over GraphQL");
        let documents = names
            .into_iter()
            .zip(report.documents)
            .map(|(source_name, result)| match result {
                Ok(r) => {
                    BatchOutcome { source_name, report: Some(r.into()), error: None, diagnostics: vec![] }
                }
                Err(e) => {
                    let diagnostics = match &e {
                        EngineError::Unreadable { diagnostics, .. } => {
                            diagnostics.iter().cloned().map(Into::into).collect()
                        }
                        _ => Vec::new(),
                    };
                    BatchOutcome { source_name, report: None, error: Some(e.to_string()), diagnostics }
                }
            })
            .collect();
        Ok(BatchReport { version: report.version, stored: report.created, documents })
    }

    /// Reads a task-division table as `ingestDocument` would and answers
    /// what it found — tasks with their units, roles and milestones, every
    /// diagnostic with its line, the lines themselves — without storing
    /// anything: a preview before `ingestDocument`. Needs the write bearer
    /// token like every mutation (it is one because file uploads travel in
    /// mutations). Give the table as `text` or as an uploaded `file`, as for
    /// `ingestDocument`. Reader errors do not fail it: they are listed in
    /// `diagnostics` and make `storable` false. A file that cannot be opened
    /// (corrupt, password-protected, a scanned PDF) or one over the document
    /// size limit is BAD_USER_INPUT.
    async fn extract_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The table as text. Exactly one of `text` and `file`.")] text: Option<String>,
        #[graphql(desc = "The table as an uploaded file. Exactly one of `text` and `file`.")] file: Option<
            Upload,
        >,
        #[graphql(desc = "The place to file it under, as for `ingestDocument`.")] place: Option<String>,
        #[graphql(desc = "The title to store; else the one found in the text.")] title: Option<String>,
        #[graphql(desc = "Names the document in diagnostics; an upload's file name when absent.")]
        source_name: Option<String>,
    ) -> async_graphql::Result<DocumentPreview> {
        require_writer(ctx).extend()?;
        preview::extract(ctx, text, file, place, title, source_name).extend()
    }

    /// Removes a document with its tasks, milestones and the departments only
    /// it used. Needs the write bearer token. False when no such document is
    /// stored; a malformed id is BAD_USER_INPUT.
    async fn remove_document(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        require_writer(ctx).extend()?;
        let engine = engine(ctx).extend()?;
        let id: DocumentId = crate::names::document_id(&id).extend()?;
        let removed = write(engine, |e| e.remove_document(id)).extend()?;
        tracing::info!(document = %id, removed, "document removal over GraphQL");
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;

    #[test]
    fn store_faults_are_internal_and_input_faults_are_not() {
        let corrupt = StoreError::Corrupt { tree: "tasks", key: "00ff".into(), reason: "truncated".into() };
        let err = engine_error(EngineError::Store(corrupt));
        assert_eq!(err.code(), "INTERNAL_SERVER_ERROR");
        assert_eq!(err.to_string(), "internal server error", "no store internals in the message");
        let err = engine_error(EngineError::NoPlace { name: "upload".into() });
        assert_eq!(err.code(), "BAD_USER_INPUT");
        assert!(err.to_string().contains("upload"));
    }
}
