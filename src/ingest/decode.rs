//! Bytes → text. Government tables arrive as UTF-8 (sometimes with a BOM),
//! GBK/GB18030 or UTF-16; the reader only ever sees UTF-8 with LF line ends.
//!
//! This module must not look at the content beyond telling text from binary.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Why a file could not be read as text. Each names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("`{name}` is empty; expected a task-division table as text")]
    Empty { name: String },
    #[error("`{name}` looks binary (NUL byte at offset {offset}); convert it to text (UTF-8 or GBK) first")]
    Binary { name: String, offset: usize },
    #[error("`{name}` is not valid text (tried {encoding}); save it as UTF-8 and retry")]
    Undecodable { name: String, encoding: &'static str },
}

/// Decodes a document: strips a BOM, detects GBK/GB18030 (or UTF-16 with a
/// BOM), normalises CRLF and CR to LF.
pub fn decode(bytes: &[u8], name: &str) -> Result<String, DecodeError> {
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        decode_with(encoding, &bytes[bom_len..], name)?
    } else {
        if let Some(offset) = bytes.iter().position(|b| *b == 0) {
            return Err(DecodeError::Binary { name: name.to_string(), offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                decode_with(detector.guess(None, chardetng::Utf8Detection::Allow), bytes, name)?
            }
        }
    };
    if matches!(text.chars().next(), Some(c) if c == '\u{feff}') {
        return finish(text.trim_start_matches('\u{feff}'), name);
    }
    finish(&text, name)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], name: &str) -> Result<String, DecodeError> {
    if encoding != UTF_16LE && encoding != UTF_16BE {
        if let Some(offset) = bytes.iter().position(|b| *b == 0) {
            return Err(DecodeError::Binary { name: name.to_string(), offset });
        }
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or(DecodeError::Undecodable { name: name.to_string(), encoding: encoding.name() })
}

fn finish(text: &str, name: &str) -> Result<String, DecodeError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(DecodeError::Empty { name: name.to_string() });
    }
    // Control characters other than tab, newline and form feed mean the
    // bytes were not text, whatever the detector guessed.
    if let Some(offset) = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}')) {
        return Err(DecodeError::Binary { name: name.to_string(), offset });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let bytes = "\u{feff}序号\r\n工作任务\r责任单位".as_bytes();
        assert_eq!(decode(bytes, "a.txt").unwrap(), "序号\n工作任务\n责任单位");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "永州市居家和社区养老服务改革试点工作任务清单\n序号\t工作任务\t责任单位\n1\t成立试点工作领导小组\t市民政局、市财政局\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&bytes, "gbk.txt").unwrap(), text);
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(decode(&bytes, "gb.txt").unwrap(), text);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "责任单位\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, "u16.txt").unwrap(), "责任单位\n");
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode(b"", "e.txt"), Err(DecodeError::Empty { name: "e.txt".into() }));
        assert_eq!(decode(b" \n\r\n", "e.txt"), Err(DecodeError::Empty { name: "e.txt".into() }));
        let err = decode(b"PK\x03\x04\x00\x00", "x.docx").unwrap_err();
        assert!(matches!(err, DecodeError::Binary { offset: 4, .. }));
        assert!(err.to_string().contains("x.docx"));
        assert!(decode(b"\x01\x02\x03abc", "c.bin").is_err());
    }
}
