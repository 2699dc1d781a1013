//! The department reference table (`seeds/departments.tsv`): unit names and
//! aliases → canonical name, functional category and level.
//! PLACEHOLDER INTERFACE — to be implemented.

use crate::model::{Category, Level};

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("{file}:{line}: {message}")]
    Malformed { file: String, line: usize, message: String },
}

/// How a printed unit name resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub canonical: String,
    pub category: Category,
    pub level: Level,
    /// Found in the table (directly, as an alias or after a typo correction).
    pub known: bool,
    /// Set when the printed name was corrected (e.g. `市人社局局` → `市人社局`),
    /// saying what was done, for a diagnostic.
    pub correction: Option<String>,
}

#[derive(Debug, Default)]
pub struct Directory {}

impl Directory {
    pub fn parse(_file: &str, _text: &str) -> Result<Directory, DirectoryError> {
        Ok(Directory {})
    }

    /// The table bundled with the binary.
    pub fn bundled() -> &'static Directory {
        static BUNDLED: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            Directory::parse("seeds/departments.tsv", include_str!("../../seeds/departments.tsv"))
                .expect("the bundled seeds/departments.tsv is well-formed (checked by a test)")
        })
    }

    /// Resolves a printed unit name in a city (None when the city is unknown).
    pub fn resolve(&self, _city: Option<&str>, printed: &str) -> Resolution {
        Resolution {
            canonical: printed.to_string(),
            category: Category::Other,
            level: Level::Unknown,
            known: false,
            correction: None,
        }
    }
}
