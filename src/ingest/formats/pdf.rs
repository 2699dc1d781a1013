//! A PDF's text layer, page by page: what pdf-extract lays out as lines of
//! text for each page, which the text reader then reads (a table printed in
//! a PDF is lines of cells, as if copied from the page).
//!
//! What it ignores: images (a scanned PDF has no text and is refused as
//! such, since dutygraph does no OCR), annotations, forms, bookmarks.
//! A PDF encrypted only against editing (an empty user password) is read;
//! one that needs a password to open is refused. A PDF whose compressed
//! streams inflate past [`MAX_STREAM_BYTES`] or [`MAX_INFLATED_BYTES`] is
//! refused before it is parsed (only Flate streams are measured; other
//! filters are rare and expand far less), one with more than
//! [`MAX_PAGES`] pages before any page is laid out, and any panic in the
//! PDF libraries (they panic on some malformed files) becomes `Corrupt`.
//! pdf-extract has no time limit: a hostile page could still keep it busy.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{Document, PlainTextOutput};

use super::{Format, OpenError};

/// The most pages a PDF may have; a task-division notice has a few dozen.
pub const MAX_PAGES: usize = 2_000;
/// The most one compressed stream, and all of them together, may inflate
/// to; a page of text inflates to kilobytes.
pub const MAX_STREAM_BYTES: u64 = 64 << 20;
pub const MAX_INFLATED_BYTES: u64 = 256 << 20;

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
    check_streams(bytes, name)?;
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

/// Refuses a PDF whose Flate streams inflate past the limits. lopdf
/// inflates object streams while loading and pdf-extract inflates page
/// contents, both without a limit, so a few kilobytes of deflated zeros
/// could take all memory. The raw bytes are scanned for `stream` keywords
/// (before any parsing, so a damaged cross-reference table cannot hide
/// one); data that is not zlib (encrypted or other filters) stops inflating
/// at once.
fn check_streams(bytes: &[u8], name: &str) -> Result<(), OpenError> {
    let too_large =
        |part: &str, limit| OpenError::TooLarge { name: name.to_string(), part: part.into(), limit };
    let mut total = 0u64;
    let mut rest = bytes;
    while let Some(at) = find(rest, b"stream") {
        let after = &rest[at + b"stream".len()..];
        let Some(data) = after.strip_prefix(b"\r\n").or_else(|| after.strip_prefix(b"\n")) else {
            rest = after;
            continue;
        };
        let end = find(data, b"endstream").unwrap_or(data.len());
        let inflated = inflated_len(&data[..end], MAX_STREAM_BYTES + 1);
        if inflated > MAX_STREAM_BYTES {
            return Err(too_large("a compressed stream", MAX_STREAM_BYTES));
        }
        total += inflated;
        if total > MAX_INFLATED_BYTES {
            return Err(too_large("its compressed streams", MAX_INFLATED_BYTES));
        }
        rest = &data[end..];
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How many bytes `data` inflates to as a zlib stream, counting no further
/// than `limit`; what inflates before an error counts.
fn inflated_len(data: &[u8], limit: u64) -> u64 {
    use std::io::Read;
    let mut decoder = flate2::read::ZlibDecoder::new(data).take(limit);
    let mut buffer = [0u8; 16 * 1024];
    let mut total = 0u64;
    while let Ok(n @ 1..) = decoder.read(&mut buffer) {
        total += n as u64;
    }
    total
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
    fn inflating_is_counted_up_to_the_limit() {
        use std::io::Write;
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        deflated.write_all(&[b' '; 100_000]).unwrap();
        let deflated = deflated.finish().unwrap();
        assert_eq!(inflated_len(&deflated, u64::MAX), 100_000);
        assert_eq!(inflated_len(&deflated, 10), 10);
        assert_eq!(inflated_len(b"not zlib", 10), 0);
        let mut pdf = b"%PDF-1.4\n1 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend(&deflated);
        pdf.extend(b"\nendstream\nendobj\n");
        assert!(check_streams(&pdf, "a.pdf").is_ok());
    }

    #[test]
    fn nul_characters_and_blank_lines_are_dropped() {
        assert_eq!(normalised("\n\n序号\u{0}\n\n1 市民政局\n \n\n2\n"), "序号\n1 市民政局\n2");
    }
}
