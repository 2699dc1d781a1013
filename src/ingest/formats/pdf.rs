//! A PDF's text layer, page by page: what pdf-extract lays out as lines of
//! text for each page, which the text reader then reads (a table printed in
//! a PDF is lines of cells, as if copied from the page).
//!
//! What it ignores: images (a scanned PDF has no text and is refused as
//! such, since dutygraph does no OCR), annotations, forms, bookmarks.
//! A PDF encrypted only against editing (an empty user password) is read;
//! one that needs a password to open is refused. A PDF with more than
//! [`MAX_PAGES`] pages is refused before any page is laid out, and any
//! panic in the PDF libraries (they panic on some malformed files) becomes
//! `Corrupt`.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{Document, PlainTextOutput};

use super::{Format, OpenError};

/// The most pages a PDF may have; a task-division notice has a few dozen.
pub const MAX_PAGES: usize = 2_000;

/// Reads the text of every page, in page order.
pub fn read(bytes: &[u8], name: &str) -> Result<Vec<String>, OpenError> {
    let pages = quietly(|| catch_unwind(AssertUnwindSafe(|| pages_of(bytes, name))))
        .map_err(|_| corrupt(name, "its structure is malformed (the PDF parser gave up)".into()))??;
    if pages.iter().all(|page| page.trim().is_empty()) {
        return Err(OpenError::NoTextLayer { name: name.to_string(), pages: pages.len() });
    }
    Ok(pages)
}

fn pages_of(bytes: &[u8], name: &str) -> Result<Vec<String>, OpenError> {
    let corrupt = |detail: String| corrupt(name, detail);
    let mut doc = Document::load_mem(bytes).map_err(|e| corrupt(format!("it could not be parsed ({e})")))?;
    if doc.is_encrypted() {
        // Many published PDFs are encrypted with an empty user password
        // only to forbid editing; those open without asking.
        doc.decrypt("").map_err(|_| OpenError::Encrypted { name: name.to_string() })?;
    }
    let page_numbers: Vec<u32> = doc.get_pages().into_keys().collect();
    if page_numbers.len() > MAX_PAGES {
        return Err(corrupt(format!(
            "{} pages, more than {MAX_PAGES}; a task table is far shorter",
            page_numbers.len()
        )));
    }
    let mut pages = Vec::with_capacity(page_numbers.len());
    for number in page_numbers {
        let mut text = String::new();
        let mut output = PlainTextOutput::new(&mut text);
        pdf_extract::output_doc_page(&doc, &mut output, number)
            .map_err(|e| corrupt(format!("page {number} could not be read ({e})")))?;
        pages.push(normalised(&text));
    }
    Ok(pages)
}

fn corrupt(name: &str, detail: String) -> OpenError {
    OpenError::Corrupt { name: name.to_string(), format: Format::Pdf.as_str(), detail }
}

/// A page's text as lines: NUL characters dropped (some fonts map unknown
/// glyphs to them) and blank lines dropped, since pdf-extract ends every
/// printed line with a blank one. A line's number on its page is then the
/// count of printed lines down to it.
fn normalised(text: &str) -> String {
    let text = text.replace('\u{0}', "");
    let lines: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).collect();
    lines.join("\n")
}

thread_local! {
    /// Whether this thread is inside a parser whose panics are expected.
    static READING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with panics on this thread kept off stderr: pdf-extract (and
/// calamine, for workbooks) panic (`todo!`, `unwrap`) on malformed files,
/// and each panic is caught and reported as `Corrupt`, so its message is
/// noise. Panics on other threads still reach the hook that was installed
/// before.
pub(super) fn quietly<T>(f: impl FnOnce() -> T) -> T {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = READING.with(|reading| reading.replace(true));
    let result = f();
    READING.with(|reading| reading.set(was));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_after_the_header_is_corrupt() {
        let err = read(b"%PDF-1.4\n\x00\x01garbage", "通知.pdf").unwrap_err();
        assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("`通知.pdf` is not a readable PDF"), "{err}");
    }

    #[test]
    fn a_panic_while_reading_is_quiet_and_caught() {
        let caught = quietly(|| catch_unwind(|| panic!("expected")));
        assert!(caught.is_err());
        assert!(!READING.with(Cell::get));
    }

    #[test]
    fn nul_characters_and_blank_lines_are_dropped() {
        assert_eq!(normalised("\n\n序号\u{0}\n\n1 市民政局\n \n\n2\n"), "序号\n1 市民政局\n2");
    }
}
