//! Which format a file is: its first bytes decide, its extension only where
//! the bytes do not (a zip whose parts say nothing, text that may be markup).

use std::io::Cursor;

use super::OpenError;

/// The formats dutygraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text (UTF-8, GBK/GB18030, UTF-16), as copied from a page or a PDF.
    Text,
    /// Word 2007 and later.
    Docx,
    /// Excel 2007 and later.
    Xlsx,
    /// Excel 97–2003.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, WPS).
    Ods,
    /// A saved web page.
    Html,
    /// PDF with a text layer.
    Pdf,
    /// Legacy Word 97–2003: refused with advice.
    Doc,
}

impl Format {
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "Word document (.docx)",
            Format::Xlsx => "Excel workbook (.xlsx)",
            Format::Xls => "Excel 97–2003 workbook (.xls)",
            Format::Ods => "OpenDocument spreadsheet (.ods)",
            Format::Html => "web page (.html)",
            Format::Pdf => "PDF",
            Format::Doc => "Word 97–2003 document (.doc)",
        }
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Tells the format of `bytes`; `name`'s extension breaks ties.
pub fn format(bytes: &[u8], name: &str) -> Result<Format, OpenError> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let by_extension = match extension.as_str() {
        "docx" => Some(Format::Docx),
        "xlsx" | "xlsm" => Some(Format::Xlsx),
        "xls" => Some(Format::Xls),
        "ods" => Some(Format::Ods),
        "doc" => Some(Format::Doc),
        "pdf" => Some(Format::Pdf),
        _ => None,
    };
    if bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP) {
        return zip_format(bytes, name, by_extension);
    }
    if bytes.starts_with(OLE) {
        return ole_format(bytes, name, by_extension);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if is_markup(bytes) || (matches!(extension.as_str(), "htm" | "html") && contains_tag(bytes, b"<table")) {
        return Ok(Format::Html);
    }
    match by_extension {
        // An extension that promises a binary format the bytes do not have.
        Some(format) if format != Format::Text => Err(OpenError::Corrupt {
            name: name.to_string(),
            format: format.as_str(),
            detail: "its first bytes are not those of such a file".into(),
        }),
        _ => Ok(Format::Text),
    }
}

/// A zip archive is told by the parts it holds.
fn zip_format(bytes: &[u8], name: &str, by_extension: Option<Format>) -> Result<Format, OpenError> {
    let corrupt = |detail: String| OpenError::Corrupt {
        name: name.to_string(),
        format: by_extension.map_or("zip archive", Format::as_str),
        detail,
    };
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("a broken zip archive ({e})")))?;
    let has = |part: &str| archive.index_for_name(part).is_some();
    if has("EncryptionInfo") {
        return Err(OpenError::Encrypted { name: name.to_string() });
    }
    if has("word/document.xml") {
        return Ok(Format::Docx);
    }
    if has("xl/workbook.xml") || has("xl/workbook.bin") {
        return Ok(Format::Xlsx);
    }
    if has("content.xml") && has("mimetype") {
        return Ok(Format::Ods);
    }
    Err(corrupt("a zip archive without a Word body (word/document.xml), a workbook (xl/workbook.xml) or an OpenDocument body (content.xml)".into()))
}

/// An OLE container (Office 97–2003, or an encrypted Office 2007 file) is
/// told by the names of its streams, which it stores in UTF-16.
fn ole_format(bytes: &[u8], name: &str, by_extension: Option<Format>) -> Result<Format, OpenError> {
    let has_stream = |stream: &str| {
        let utf16: Vec<u8> = stream.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if has_stream("EncryptedPackage") || has_stream("EncryptionInfo") {
        return Err(OpenError::Encrypted { name: name.to_string() });
    }
    if has_stream("WordDocument") {
        return Ok(Format::Doc);
    }
    if has_stream("Workbook") || has_stream("Book") {
        return Ok(Format::Xls);
    }
    match by_extension {
        Some(format @ (Format::Xls | Format::Doc)) => Ok(format),
        _ => Err(OpenError::Corrupt {
            name: name.to_string(),
            format: by_extension.map_or("Office 97–2003 file", Format::as_str),
            detail: "an OLE container with neither a workbook nor a Word stream".into(),
        }),
    }
}

/// Whether text opens as a web page (after a BOM, blank space and comments).
fn is_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html") || contains_tag(&head, b"<html")
}

fn contains_tag(bytes: &[u8], tag: &[u8]) -> bool {
    bytes.windows(tag.len()).any(|w| w.eq_ignore_ascii_case(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_decide_before_the_extension() {
        assert_eq!(format(b"%PDF-1.7\n...", "table.txt").unwrap(), Format::Pdf);
        assert_eq!(format("<!DOCTYPE html><html><body>".as_bytes(), "page").unwrap(), Format::Html);
        assert_eq!(format("\u{feff}  <html lang=zh>".as_bytes(), "x.txt").unwrap(), Format::Html);
        assert_eq!(format("序号\t工作任务\t牵头单位".as_bytes(), "a.txt").unwrap(), Format::Text);
        assert_eq!(format("<table><tr><td>序号".as_bytes(), "a.htm").unwrap(), Format::Html);
        // Text that mentions a table tag is still text without an .html name.
        assert_eq!(format("<table> 序号".as_bytes(), "a.txt").unwrap(), Format::Text);
    }

    #[test]
    fn an_extension_the_bytes_deny_is_refused() {
        let err = format("序号 工作任务".as_bytes(), "分工表.xlsx").unwrap_err();
        assert!(err.to_string().contains("`分工表.xlsx` is not a readable Excel workbook (.xlsx)"), "{err}");
        let err = format(b"PK\x03\x04garbage", "a.docx").unwrap_err();
        assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    }

    #[test]
    fn ole_streams_tell_word_from_excel_and_encryption() {
        let ole = |stream: &str| {
            let mut bytes = OLE.to_vec();
            bytes.extend(std::iter::repeat_n(0u8, 100));
            bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        assert_eq!(format(&ole("WordDocument"), "a.bin").unwrap(), Format::Doc);
        assert_eq!(format(&ole("Workbook"), "a.bin").unwrap(), Format::Xls);
        assert!(matches!(format(&ole("EncryptedPackage"), "a.xlsx"), Err(OpenError::Encrypted { .. })));
    }
}
