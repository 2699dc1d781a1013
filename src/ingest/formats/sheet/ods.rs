//! An OpenDocument spreadsheet's body (`content.xml`) scanned before
//! calamine reads it, for two things calamine does not give: the merged
//! ranges of each sheet (`table:number-rows-spanned`,
//! `table:number-columns-spanned`), and a bound on the sheet's size
//! (calamine expands `number-rows-repeated`/`number-columns-repeated`
//! cells with content, and `text:s` runs of spaces, into memory without a
//! limit).
//!
//! Positions count rows and cells as OpenDocument lays them out, repeats
//! included, from A1. Only top-level tables of the body are sheets; a table
//! nested in a cell and everything but rows and cells is skipped.

use std::collections::HashMap;

use calamine::Dimensions;
use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::super::zipped::Archive;
use super::super::{OpenError, MAX_XML_DEPTH};
use super::{too_large, Extent};

/// The most spaces `<text:s text:c="n"/>` elements may stand for in all.
const MAX_SPACES: u64 = 1_000_000;

/// Each sheet's merged ranges, by sheet name. Refuses a body whose sheet
/// has content past the limits, or that nests deeper than XML may here.
pub fn scan(archive: &mut Archive<'_>) -> Result<HashMap<String, Vec<Dimensions>>, OpenError> {
    let Some(content) = archive.part("content.xml")? else {
        return Err(archive.corrupt("no spreadsheet body (content.xml)"));
    };
    scan_content(&content).map_err(|detail| archive.corrupt(detail))
}

fn scan_content(content: &[u8]) -> Result<HashMap<String, Vec<Dimensions>>, String> {
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut merges: HashMap<String, Vec<Dimensions>> = HashMap::new();
    let mut depth = 0usize;
    // How many tables enclose the current element; only depth 1 is a sheet.
    let mut tables = 0usize;
    let mut sheet = String::new();
    let mut extent: Option<Extent> = None;
    let (mut row, mut row_repeat, mut column) = (0u64, 1u64, 0u64);
    let mut spaces = 0u64;
    loop {
        buf.clear();
        let event =
            reader.read_event_into(&mut buf).map_err(|e| format!("its body is malformed XML ({e})"))?;
        let (element, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    b"table:table" => tables = tables.saturating_sub(1),
                    b"table:table-row" if tables == 1 => row = row.saturating_add(row_repeat),
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(element) = element else { continue };
        if !empty {
            depth += 1;
            if depth > MAX_XML_DEPTH {
                return Err(format!("its body nests deeper than {MAX_XML_DEPTH} levels"));
            }
        }
        match element.name().as_ref() {
            b"table:table" => {
                if tables == 0 {
                    sheet = attribute(element, b"table:name", reader.decoder()).unwrap_or_default();
                    extent = None;
                    row = 0;
                }
                if !empty {
                    tables += 1;
                }
            }
            b"text:s" => {
                // calamine writes out each run of spaces in full.
                spaces = spaces.saturating_add(number(element, b"text:c")?.max(1));
                if spaces > MAX_SPACES {
                    return Err(format!("its text repeats more than {MAX_SPACES} spaces"));
                }
            }
            b"table:table-row" if tables == 1 => {
                row_repeat = number(element, b"table:number-rows-repeated")?.max(1);
                column = 0;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            name @ (b"table:table-cell" | b"table:covered-table-cell") if tables == 1 => {
                let repeat = number(element, b"table:number-columns-repeated")?.max(1);
                let has_content =
                    !empty || element.try_get_attribute(b"office:value-type").ok().flatten().is_some();
                if has_content {
                    let last = (row.saturating_add(row_repeat) - 1, column.saturating_add(repeat) - 1);
                    for (r, c) in [(row, column), last] {
                        let (r, c) =
                            (u32::try_from(r).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX));
                        let grown = extent.get_or_insert(Extent { start: (r, c), end: (r, c) });
                        grown.take(r, c);
                    }
                    if let Some(why) = extent.and_then(|e| e.too_large(&sheet)) {
                        return Err(why);
                    }
                }
                if name == b"table:table-cell" {
                    let rows = number(element, b"table:number-rows-spanned")?.max(1);
                    let columns = number(element, b"table:number-columns-spanned")?.max(1);
                    if rows > 1 || columns > 1 {
                        let merged = merges.entry(sheet.clone()).or_default();
                        if merged.len() >= super::MAX_MERGES {
                            return Err(too_large(&sheet, "too many merged ranges"));
                        }
                        let at = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
                        merged.push(Dimensions::new(
                            (at(row), at(column)),
                            (at(row.saturating_add(rows - 1)), at(column.saturating_add(columns - 1))),
                        ));
                    }
                }
                column = column.saturating_add(repeat);
            }
            _ => {}
        }
    }
    Ok(merges)
}

fn attribute(element: &BytesStart<'_>, key: &[u8], decoder: Decoder) -> Option<String> {
    let value = element.try_get_attribute(key).ok().flatten()?;
    value.decode_and_unescape_value(decoder).ok().map(|v| v.into_owned())
}

/// A count attribute (absent: 0); a value that is not a count is refused.
fn number(element: &BytesStart<'_>, key: &[u8]) -> Result<u64, String> {
    match element.try_get_attribute(key) {
        Ok(None) => Ok(0),
        Ok(Some(a)) => std::str::from_utf8(&a.value)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| format!("`{}` is not a count", String::from_utf8_lossy(key))),
        Err(e) => Err(format!("its body has a malformed attribute ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(tables: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        )
        .into_bytes()
    }

    #[test]
    fn spans_are_placed_counting_repeats_and_covered_cells() {
        let content = body(
            r#"<table:table table:name="分工表">
              <table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>标题</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
              <table:table-row><table:table-cell/><table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="2"><text:p>市民政局</text:p></table:table-cell></table:table-row>
            </table:table>
            <table:table table:name="说明"><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        let merges = scan_content(&content).unwrap();
        assert_eq!(merges["分工表"], [Dimensions::new((0, 0), (0, 2)), Dimensions::new((3, 1), (4, 2))]);
        assert!(!merges.contains_key("说明"));
    }

    #[test]
    fn repeated_content_past_the_limits_is_refused() {
        let content = body(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        );
        let err = scan_content(&content).unwrap_err();
        assert!(err.contains("too large for a task table"), "{err}");
        // Empty rows repeated to the sheet's end are how every file ends.
        let content = body(
            r#"<table:table table:name="S"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        );
        assert!(scan_content(&content).is_ok());
    }

    #[test]
    fn a_malformed_body_is_an_error_not_a_panic() {
        assert!(scan_content(b"<a><b></a>").is_err());
        let content = body(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="many"/></table:table>"#,
        );
        assert!(scan_content(&content).unwrap_err().contains("not a count"));
        let content = body(
            r#"<table:table table:name="S"><table:table-row><table:table-cell><text:p>a<text:s text:c="4000000000"></text:s></text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert!(scan_content(&content).unwrap_err().contains("spaces"));
    }
}
