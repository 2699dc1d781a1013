//! A web page's charset, told as a browser tells it (BOM, then `<meta>`,
//! then the bytes), with one allowance for pages re-saved as UTF-8.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// The page's encoding and the length of its byte-order mark.
pub(super) fn encoding_of(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some(found) = Encoding::for_bom(bytes) {
        return found;
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some(declared) = meta_charset(&bytes[..bytes.len().min(4096)]) {
        // A page saved by a browser is re-encoded as UTF-8 but may keep its
        // `gb2312` meta; GBK text is never valid UTF-8 past a few bytes.
        let resaved = utf8 && !bytes.is_ascii() && declared != UTF_8;
        return (if resaved { UTF_8 } else { declared }, 0);
    }
    if utf8 {
        return (UTF_8, 0);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    (detector.guess(None, chardetng::Utf8Detection::Allow), 0)
}

/// The charset a `<meta charset=…>` or `<meta http-equiv … content="…;
/// charset=…">` declares; `gb2312` and `gbk` name GBK.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = find(&lower[from..], b"<meta").map(|i| from + i) {
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        from = end.max(start + 1);
        let Some(at) = find(tag, b"charset") else { continue };
        let rest = tag[at + b"charset".len()..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else { continue };
        let rest = rest.trim_ascii_start();
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let label_end =
            rest.iter().position(|b| b.is_ascii_whitespace() || b"\"';/>".contains(b)).unwrap_or(rest.len());
        if let Some(encoding) = Encoding::for_label(&rest[..label_end]) {
            // A page cannot declare itself UTF-16 in ASCII; browsers read UTF-8.
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE { UTF_8 } else { encoding });
        }
    }
    None
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::formats::html::read;

    fn paragraphs(grid: &crate::ingest::grid::Grid) -> Vec<&str> {
        grid.blocks
            .iter()
            .filter_map(|b| match b {
                crate::ingest::grid::Block::Paragraph { text, .. } => Some(text.as_str()),
                crate::ingest::grid::Block::Table { .. } => None,
            })
            .collect()
    }

    #[test]
    fn the_charset_comes_from_bom_meta_utf8_or_a_guess() {
        let (gbk, _, _) = encoding_rs::GBK.encode("市民政局牵头，市财政局配合完成养老服务体系建设");
        let mut page = b"<html><head><meta charset=\"gb2312\"></head><body>".to_vec();
        page.extend_from_slice(&gbk);
        assert_eq!(encoding_of(&page).0, encoding_rs::GBK);
        assert!(paragraphs(&read(&page, "a.html").unwrap())[0].starts_with("市民政局牵头"));
        let equiv = b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">";
        assert_eq!(encoding_of(equiv).0, encoding_rs::GBK);
        assert_eq!(encoding_of(b"<meta charset='utf-16'>").0, UTF_8);
        assert_eq!(encoding_of("<meta charset=gb2312><p>市民政局".as_bytes()).0, UTF_8, "re-saved as UTF-8");
        assert_eq!(encoding_of("\u{feff}<p>".as_bytes()), (UTF_8, 3));
        assert_eq!(encoding_of("<p>市民政局".as_bytes()).0, UTF_8);
        // Unlabelled GBK is guessed.
        let mut bare = b"<p>".to_vec();
        bare.extend_from_slice(&gbk);
        assert_eq!(encoding_of(&bare).0, encoding_rs::GBK);
    }
}
