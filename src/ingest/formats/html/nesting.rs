//! How deep a web page nests: roughly from its markup before parsing
//! (html5ever's time grows with the square of the nesting), exactly on the
//! parsed tree after.

use scraper::{ElementRef, Html};

use super::charset::find;
use crate::ingest::formats::{OpenError, MAX_XML_DEPTH};

/// How deep [`shallow`] lets a page's tags nest: above [`MAX_XML_DEPTH`],
/// since its count of open tags is rough, yet low enough that html5ever's
/// per-tag scans of its open elements stay cheap.
pub(super) const PRESCAN_DEPTH: usize = 4 * MAX_XML_DEPTH;

/// Whether the page's tags nest at most `limit` deep, by a look at the
/// markup before any tree is built: html5ever takes time quadratic in the
/// nesting (each start tag scans the open elements), so 100 000 nested
/// `<div>`s must be refused before it sees them. Tags are matched as a
/// browser would roughly: void elements and those a sibling closes (`p`,
/// `li`, `td` …) do not nest, an end tag closes up to its start tag.
pub(super) fn shallow(markup: &[u8], limit: usize) -> bool {
    const NOT_NESTING: [&[u8]; 31] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"tbody",
        b"thead",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"head",
        b"body",
        b"html",
    ];
    const RAW_TEXT: [&[u8]; 8] =
        [b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes"];
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut i = 0;
    while let Some(at) = markup[i..].iter().position(|&b| b == b'<').map(|p| i + p) {
        let rest = &markup[at + 1..];
        if rest.starts_with(b"!--") {
            i = find(rest, b"-->").map_or(markup.len(), |e| at + 1 + e + 3);
            continue;
        }
        let end = tag_end(rest).map_or(markup.len(), |e| at + 1 + e + 1);
        let (closing, name_from) = if rest.first() == Some(&b'/') { (true, 1) } else { (false, 0) };
        let name: Vec<u8> = rest[name_from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .map(u8::to_ascii_lowercase)
            .collect();
        i = end.max(at + 1);
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            continue;
        }
        if closing {
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                open.truncate(k);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_slice()) {
            let close = [b"</".as_slice(), &name].concat();
            i = markup[i..]
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(&close))
                .map_or(markup.len(), |e| i + e);
            continue;
        }
        let self_closing = markup[..end].ends_with(b"/>");
        if !self_closing && !NOT_NESTING.contains(&name.as_slice()) {
            open.push(name);
            if open.len() > limit {
                return false;
            }
        }
    }
    true
}

/// Where a tag that starts at `rest` (after its `<`) ends: the first `>`
/// outside quoted attribute values.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (k, &b) in rest.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(k),
            _ => {}
        }
    }
    None
}

pub(super) fn too_deep(name: &str, detail: String) -> OpenError {
    OpenError::TooDeep { name: name.to_string(), detail, limit: MAX_XML_DEPTH }
}

/// Refuses a page nested deeper than [`MAX_XML_DEPTH`], walking the tree
/// without recursion so the walk itself cannot overflow; the reading walk
/// after it recurses, bounded by this depth.
pub(super) fn check_depth(html: &Html, name: &str) -> Result<(), OpenError> {
    let mut stack = vec![(html.root_element(), 1usize)];
    while let Some((element, depth)) = stack.pop() {
        if depth > MAX_XML_DEPTH {
            return Err(too_deep(name, format!("the page nests elements {depth} deep")));
        }
        stack.extend(element.children().filter_map(ElementRef::wrap).map(|child| (child, depth + 1)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markup_look_counts_open_tags_roughly_as_a_browser_nests_them() {
        assert!(shallow(b"<div><div><span>x</span></div></div>", 3));
        assert!(!shallow(b"<div><div><span>x</span></div></div>", 2));
        // Siblings closed by the next one, void and self-closing tags, raw
        // text and comments do not nest.
        let flat =
            "<p>a<p>b<li>c<br><img src='>'><x/><!-- <div><div> --><script>'<div><div>'</script>".repeat(50);
        assert!(shallow(flat.as_bytes(), 1));
        // An end tag closes what it encloses; a stray one is ignored.
        assert!(shallow("<div><b><i></div></span><div><b>".as_bytes(), 3));
    }
}
