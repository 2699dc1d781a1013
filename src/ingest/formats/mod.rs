//! Files as published → what the reader reads. A file's format is told by
//! its first bytes (a zip archive's parts, an OLE container's streams, `%PDF`,
//! markup), its extension only where the bytes do not say. Text goes to the
//! text reader as it is; Word documents, workbooks and web pages become a
//! [`Grid`] of paragraphs and cells (`grid.rs` makes the stage-one table of
//! it); a PDF's text layer is read as text, page by page.
//!
//! These are files from the internet: every reader here works within
//! bounded memory and time (each decompressed part is limited, a PDF's
//! streams too; XML nesting is limited, a web page's before html5ever
//! parses it, since its time grows with the square of the nesting; sheet
//! sizes an .xls states are checked before calamine trusts them), never
//! fetches anything (no external entity, no remote resource) and turns
//! every malformed file into an [`OpenError`] that names the file. The
//! parsers run inside `catch_unwind`: a panic on a hostile file is an error.

mod docx;
mod html;
mod pdf;
mod sheet;
mod sniff;
mod zipped;

use super::decode::{decode, DecodeError};
use super::grid::{Flat, Grid};
use crate::model::Location;

pub use sniff::Format;

/// The largest decompressed part of an archive (a Word document's body, a
/// sheet) and the most an archive may inflate to in all.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_ARCHIVE_BYTES: u64 = 128 * 1024 * 1024;
/// The deepest element nesting an XML or HTML part may have.
pub const MAX_XML_DEPTH: usize = 256;

/// Why a file could not be opened. Each names the file and says what to do.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Text(#[from] DecodeError),
    #[error("`{name}` is not a readable {format}: {detail}")]
    Corrupt { name: String, format: &'static str, detail: String },
    #[error("`{name}` is password-protected; save a copy without a password and load that")]
    Encrypted { name: String },
    #[error(
        "`{name}` is a legacy Word document (.doc); open it in Word or WPS, save it as .docx and load that"
    )]
    LegacyWord { name: String },
    #[error(
        "`{name}`: {part} inflates past {limit} bytes; a task table is far smaller, so the file was refused"
    )]
    TooLarge { name: String, part: String, limit: u64 },
    #[error("`{name}`: {detail} (at most {limit} levels); the file was refused")]
    TooDeep { name: String, detail: String, limit: usize },
    #[error("`{name}` has no text layer ({pages} page(s) of images): dutygraph does not read scanned pages (no OCR); load the table as .docx, .xlsx or text")]
    NoTextLayer { name: String, pages: usize },
}

/// A file opened for reading: its format and what the reader reads.
#[derive(Debug, Clone)]
pub struct Input {
    pub format: Format,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Text(String),
    /// A PDF's text; `page_starts[k]` is the 1-based line page `k + 1` starts on.
    Pages {
        text: String,
        page_starts: Vec<u32>,
    },
    Grid(Flat),
}

impl Input {
    /// Text read as it is (tests, the `text` argument of the API).
    pub fn text(text: String) -> Input {
        Input { format: Format::Text, body: Body::Text(text) }
    }

    pub fn grid(format: Format, grid: &Grid) -> Input {
        Input { format, body: Body::Grid(Flat::new(grid)) }
    }

    /// The text the reader reads lines from: the file's text, or the lines
    /// the reader made of a structured file (one per paragraph line and cell
    /// line). Line numbers in the reader's output count these lines, and
    /// the document's identity is a hash of them.
    pub fn lines(&self) -> &str {
        match &self.body {
            Body::Text(text) | Body::Pages { text, .. } => text,
            Body::Grid(flat) => &flat.text,
        }
    }

    pub(in crate::ingest) fn flat(&self) -> Option<&Flat> {
        match &self.body {
            Body::Grid(flat) => Some(flat),
            _ => None,
        }
    }

    /// Where line `line` (1-based, of [`Input::lines`]) sits in the file;
    /// `None` for line 0, which stands for the whole document.
    pub fn location(&self, line: u32) -> Option<Location> {
        if line == 0 {
            return None;
        }
        match &self.body {
            Body::Text(_) => Some(Location::Line { line }),
            Body::Pages { page_starts, .. } => {
                let page = page_starts.partition_point(|&start| start <= line).max(1);
                let start = *page_starts.get(page - 1)?;
                Some(Location::PageLine { page: page as u32, line: line.checked_sub(start)? + 1 })
            }
            Body::Grid(flat) => flat.location(line).cloned(),
        }
    }
}

/// Opens a file: tells its format and reads it into what the reader reads.
/// `name` (a file name or upload label) names the file in errors, and its
/// extension decides where the bytes do not.
pub fn open(bytes: &[u8], name: &str) -> Result<Input, OpenError> {
    let format = sniff::format(bytes, name)?;
    let grid = |grid: Grid| Ok(Input::grid(format, &grid));
    match format {
        Format::Text => Ok(Input::text(decode(bytes, name)?)),
        Format::Docx => grid(docx::read(bytes, name)?),
        Format::Xlsx | Format::Xls | Format::Ods => grid(sheet::read(bytes, name, format)?),
        Format::Html => grid(html::read(bytes, name)?),
        Format::Pdf => {
            let pages = pdf::read(bytes, name)?;
            let mut text = String::new();
            let mut page_starts = Vec::with_capacity(pages.len());
            let mut line = 1u32;
            for page in &pages {
                page_starts.push(line);
                let page = page.replace("\r\n", "\n").replace('\r', "\n");
                let page = page.trim_end_matches('\n');
                line += page.lines().count().max(1) as u32;
                text.push_str(page);
                text.push('\n');
            }
            Ok(Input { format, body: Body::Pages { text, page_starts } })
        }
        Format::Doc => Err(OpenError::LegacyWord { name: name.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_lines_are_located_on_their_page() {
        let input = Input {
            format: Format::Pdf,
            body: Body::Pages { text: "a\nb\nc\nd\n".into(), page_starts: vec![1, 3] },
        };
        assert_eq!(input.location(2), Some(Location::PageLine { page: 1, line: 2 }));
        assert_eq!(input.location(3), Some(Location::PageLine { page: 2, line: 1 }));
        assert_eq!(input.location(0), None);
    }
}
