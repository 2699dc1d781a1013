//! PLACEHOLDER INTERFACE — sled storage, to be implemented.

use std::io::{BufRead, Write};
use std::path::Path;

use crate::model::{Catalog, DocumentBundle, DocumentId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store I/O: {0}")]
    Sled(#[from] sled::Error),
}

impl StoreError {
    pub fn is_user_error(&self) -> bool {
        false
    }
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutOutcome {
    pub document: DocumentId,
    /// False when the same content was already stored (nothing written).
    pub created: bool,
}

pub struct Store {
    db: sled::Db,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Ok(Store { db: sled::open(dir)? })
    }
    pub fn temporary() -> Result<Store, StoreError> {
        Ok(Store { db: sled::Config::new().temporary(true).open()? })
    }
    pub fn version(&self) -> u64 {
        0
    }
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.db.is_empty())
    }
    pub fn put_document(&self, bundle: &DocumentBundle) -> Result<PutOutcome, StoreError> {
        let _ = bundle;
        todo!()
    }
    pub fn remove_document(&self, id: DocumentId) -> Result<bool, StoreError> {
        let _ = id;
        todo!()
    }
    pub fn catalog(&self) -> Result<Catalog, StoreError> {
        todo!()
    }
    pub fn export_jsonl(&self, out: &mut dyn Write) -> Result<usize, StoreError> {
        let _ = out;
        todo!()
    }
    pub fn import_jsonl(&self, input: &mut dyn BufRead) -> Result<usize, StoreError> {
        let _ = input;
        todo!()
    }
}
