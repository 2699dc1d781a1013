//! PLACEHOLDER — the reader entry point, to be implemented.

use super::{Directory, ParsedDocument, Source};

/// Reads one task-division document. Never panics; problems become diagnostics.
pub fn read(_text: &str, source: &Source, _directory: &Directory) -> ParsedDocument {
    ParsedDocument {
        title: source.title.clone(),
        city: source.city.clone(),
        tasks: vec![],
        diagnostics: vec![],
    }
}
