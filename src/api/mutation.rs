//! The mutation root: ingesting and removing documents, behind the bearer
//! token (see `context::require_writer`).
//!
//! Engine writes parse text and commit to sled. They run where the operation
//! runs: the transport (`http::execute`) executes every operation on tokio's
//! blocking pool, inside the request's span, so a write needs no second hop.

use std::io::Read;

use async_graphql::{Context, Object, ResultExt, SimpleObject, Upload, UploadValue, ID};

use super::context::{engine, require_writer};
use super::enums::Severity;
use super::error::{ApiError, ApiResult};
use super::limits::Limit;
use super::location::SourceLocation;
use super::lookup::parse_id;
use crate::engine::{Engine, EngineError, IngestReport as EngineReport};
use crate::ingest::{self, Source};
use crate::model::DocumentId;

/// A reader finding about an ingested document, tied to a line.
#[derive(SimpleObject)]
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

/// Runs an engine write, mapping its error for the client.
fn write<T>(engine: &Engine, job: impl FnOnce(&Engine) -> Result<T, EngineError>) -> ApiResult<T> {
    job(engine).map_err(engine_error)
}

/// Writes: ingesting and removing documents, behind the write bearer token.
pub struct MutationRoot;

/// Writes: ingesting and removing documents, behind the write bearer token.
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
    ) -> async_graphql::Result<IngestReport> {
        let place = place.or(city);
        require_writer(ctx).extend()?;
        let engine = engine(ctx).extend()?;
        let (bytes, upload_name) = match (text, file) {
            (Some(text), None) => (text.into_bytes(), None),
            (None, Some(file)) => {
                let upload = file
                    .value(ctx)
                    .map_err(|e| ApiError::BadUserInput(format!("the upload cannot be read: {e}")))
                    .extend()?;
                let name = Some(upload.filename.clone()).filter(|n| !n.is_empty());
                (read_upload(upload, engine.max_document_bytes()).extend()?, name)
            }
            _ => {
                return Err(ApiError::BadUserInput(
                    "give the table as exactly one of `text` and `file`".into(),
                ))
                .extend()
            }
        };
        let name = source_name.or(upload_name).unwrap_or_else(|| "graphql-upload".to_string());
        let source = Source { name, place, title, province, policy_area };
        let report = write(engine, |e| e.ingest(&bytes, &source)).extend()?;
        tracing::info!(document = %report.document, created = report.created, "document ingested over GraphQL");
        Ok(report.into())
    }

    /// Removes a document with its tasks, milestones and the departments only
    /// it used. Needs the write bearer token. False when no such document is
    /// stored; a malformed id is BAD_USER_INPUT.
    async fn remove_document(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        require_writer(ctx).extend()?;
        let engine = engine(ctx).extend()?;
        let id: DocumentId = parse_id(&id).extend()?;
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
