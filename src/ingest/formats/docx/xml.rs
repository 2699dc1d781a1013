//! A guarded pull reader over one XML part of a Word document: refuses a
//! DOCTYPE (Word never writes one; entity attacks start there), resolves
//! only XML's five predefined entities and numeric character references,
//! and refuses nesting deeper than [`MAX_XML_DEPTH`].

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::ingest::formats::{Format, OpenError, MAX_XML_DEPTH};

/// What the reader hands on: elements and their text, nothing else.
pub(super) enum Item<'a> {
    Start(BytesStart<'a>),
    Empty(BytesStart<'a>),
    End,
    Text(Cow<'a, str>),
    Eof,
}

pub(super) struct Part<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    name: &'a str,
    part: &'static str,
}

impl<'a> Part<'a> {
    /// `name` is the file's, `part` the archive part's (for messages).
    pub fn new(bytes: &'a [u8], name: &'a str, part: &'static str) -> Part<'a> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Part { reader: Reader::from_reader(bytes), depth: 0, name, part }
    }

    pub fn next(&mut self) -> Result<Item<'a>, OpenError> {
        loop {
            let event = self.reader.read_event().map_err(|e| self.malformed(e))?;
            return match event {
                Event::Start(e) => {
                    self.depth += 1;
                    self.check_depth(self.depth)?;
                    Ok(Item::Start(e))
                }
                Event::Empty(e) => {
                    self.check_depth(self.depth + 1)?;
                    Ok(Item::Empty(e))
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ok(Item::End)
                }
                Event::Text(t) => Ok(Item::Text(t.decode().map_err(|e| self.malformed(e))?)),
                Event::CData(t) => Ok(Item::Text(t.decode().map_err(|e| self.malformed(e))?)),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| self.malformed(e))? {
                        return Ok(Item::Text(Cow::Owned(c.to_string())));
                    }
                    let entity = r.decode().map_err(|e| self.malformed(e))?;
                    match resolve_predefined_entity(&entity) {
                        Some(text) => Ok(Item::Text(Cow::Borrowed(text))),
                        None => Err(self
                            .corrupt(format!("{} refers to an undeclared entity `&{entity};`", self.part))),
                    }
                }
                Event::DocType(_) => Err(self.corrupt(format!(
                    "{} declares a DOCTYPE, which Word never writes (entity declarations are refused)",
                    self.part
                ))),
                Event::Eof if self.depth > 0 => {
                    Err(self.corrupt(format!("{} ends inside an element", self.part)))
                }
                Event::Eof => Ok(Item::Eof),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            };
        }
    }

    /// The value of attribute `local` (any prefix) of `element`.
    pub fn attr(&self, element: &BytesStart, local: &[u8]) -> Result<Option<String>, OpenError> {
        for attr in element.attributes() {
            let attr = attr.map_err(|e| self.malformed(e))?;
            if attr.key.local_name().as_ref() == local {
                let value =
                    attr.decode_and_unescape_value(self.reader.decoder()).map_err(|e| self.malformed(e))?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    fn check_depth(&self, depth: usize) -> Result<(), OpenError> {
        if depth > MAX_XML_DEPTH {
            return Err(OpenError::TooDeep {
                name: self.name.to_string(),
                detail: format!("{} nests elements {depth} deep", self.part),
                limit: MAX_XML_DEPTH,
            });
        }
        Ok(())
    }

    fn malformed(&self, e: impl std::fmt::Display) -> OpenError {
        let at = self.reader.error_position();
        self.corrupt(format!("malformed XML in {} at byte {at}: {e}", self.part))
    }

    pub fn corrupt(&self, detail: String) -> OpenError {
        OpenError::Corrupt { name: self.name.to_string(), format: Format::Docx.as_str(), detail }
    }
}

/// An element's local name (`w:tc` → `tc`): Word's prefix is conventional,
/// and some writers use a default namespace instead.
pub(super) fn local<'e>(element: &'e BytesStart) -> &'e [u8] {
    element.local_name().into_inner()
}
