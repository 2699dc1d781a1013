//! The store's error type. User faults (a bad import line, an import into a
//! store that has data, an inconsistent bundle, a store from a newer
//! dutygraph) are kept apart from internal faults (sled I/O, corrupt
//! records), so callers can map them to `BAD_USER_INPUT` or
//! `INTERNAL_SERVER_ERROR` with [`StoreError::is_user_fault`].

use crate::model::DocumentId;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `import_jsonl` only fills empty stores, so an import can never mix
    /// with existing data.
    #[error(
        "cannot import into a store that already holds {documents} document(s); \
         import into a new, empty store directory"
    )]
    ImportIntoNonEmpty { documents: usize },

    /// A line of a JSON-lines import is malformed or inconsistent. `line` is
    /// 1-based; nothing was imported.
    #[error("import line {line}: {message}")]
    BadImportLine { line: usize, message: String },

    /// A bundle breaks an invariant the store relies on (e.g. a task of
    /// another document, an assignment to an unlisted department). Nothing
    /// was written.
    #[error("document {document} was not stored: {message}")]
    InvalidBundle { document: DocumentId, message: String },

    /// The store was written with a schema this build cannot read.
    #[error(
        "the store has schema version {found}, but this dutygraph reads only version {supported}; \
         {advice}"
    )]
    UnsupportedSchema { found: u32, supported: u32, advice: &'static str },

    /// Another open store (another process, or one being closed in this
    /// process) still holds the directory's lock.
    #[error("the store in {dir} is in use by another dutygraph process; stop it or choose another --data directory")]
    Locked { dir: String },

    #[error("store I/O: {0}")]
    Sled(#[from] sled::Error),

    /// A record or key that cannot be decoded. The tree and the key (hex) are
    /// named so the record can be inspected.
    #[error("corrupt record in tree `{tree}` at key {key}: {reason}")]
    Corrupt { tree: &'static str, key: String, reason: String },

    /// A record could not be encoded; this is a bug in the record types.
    #[error("cannot encode a {what} record: {reason}")]
    Encode { what: &'static str, reason: String },

    /// Reading an import or writing an export failed.
    #[error("{action}: {source}")]
    Io { action: &'static str, source: std::io::Error },
}

impl StoreError {
    /// Whether the caller can fix this by changing its input (as opposed to a
    /// fault of the store or the machine).
    pub fn is_user_fault(&self) -> bool {
        matches!(
            self,
            StoreError::ImportIntoNonEmpty { .. }
                | StoreError::BadImportLine { .. }
                | StoreError::InvalidBundle { .. }
                | StoreError::UnsupportedSchema { .. }
        )
    }
}
