//! Reading zip archives (Word, Excel and OpenDocument files) within bounded
//! memory: a part is inflated through a counter and refused when it grows
//! past its limit, whatever size the archive claims for it.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{OpenError, MAX_ARCHIVE_BYTES, MAX_PART_BYTES};

/// The most parts an archive may hold; Office files hold a few dozen.
const MAX_PARTS: usize = 10_000;

pub struct Archive<'a> {
    name: &'a str,
    format: &'static str,
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Archive<'a> {
    /// Opens an archive and checks that every part inflates within
    /// [`MAX_PART_BYTES`] and all together within [`MAX_ARCHIVE_BYTES`]
    /// (a zip bomb is refused before any parser sees it).
    pub fn open(bytes: &'a [u8], name: &'a str, format: &'static str) -> Result<Archive<'a>, OpenError> {
        let mut archive = Archive {
            name,
            format,
            zip: ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(name, format, e))?,
        };
        if archive.zip.len() > MAX_PARTS {
            return Err(archive.corrupt(format!("{} parts, more than {MAX_PARTS}", archive.zip.len())));
        }
        let mut total = 0u64;
        for i in 0..archive.zip.len() {
            let mut part = archive.zip.by_index(i).map_err(|e| corrupt(name, format, e))?;
            if part.encrypted() {
                return Err(OpenError::Encrypted { name: name.to_string() });
            }
            let part_name = part.name().to_string();
            let inflated = std::io::copy(&mut (&mut part).take(MAX_PART_BYTES + 1), &mut std::io::sink())
                .map_err(|e| corrupt(name, format, e))?;
            if inflated > MAX_PART_BYTES {
                return Err(too_large(name, format!("part `{part_name}`"), MAX_PART_BYTES));
            }
            total += inflated;
            if total > MAX_ARCHIVE_BYTES {
                return Err(too_large(name, "the archive".into(), MAX_ARCHIVE_BYTES));
            }
        }
        Ok(archive)
    }

    /// The bytes of part `path`; `None` when the archive has no such part.
    pub fn part(&mut self, path: &str) -> Result<Option<Vec<u8>>, OpenError> {
        let Some(index) = self.zip.index_for_name(path) else { return Ok(None) };
        let (name, format) = (self.name, self.format);
        let part = self.zip.by_index(index).map_err(|e| corrupt(name, format, e))?;
        let mut out = Vec::new();
        part.take(MAX_PART_BYTES + 1).read_to_end(&mut out).map_err(|e| corrupt(name, format, e))?;
        if out.len() as u64 > MAX_PART_BYTES {
            return Err(too_large(name, format!("part `{path}`"), MAX_PART_BYTES));
        }
        Ok(Some(out))
    }

    pub fn corrupt(&self, detail: impl Into<String>) -> OpenError {
        OpenError::Corrupt { name: self.name.to_string(), format: self.format, detail: detail.into() }
    }
}

fn corrupt(name: &str, format: &'static str, e: impl std::fmt::Display) -> OpenError {
    OpenError::Corrupt { name: name.to_string(), format, detail: format!("a broken zip archive ({e})") }
}

fn too_large(name: &str, part: String, limit: u64) -> OpenError {
    OpenError::TooLarge { name: name.to_string(), part, limit }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_that_inflates_past_the_limit_is_refused() {
        // 40 MiB of zeros deflate to about 40 KiB.
        let bomb = zip_of(&[("word/document.xml", &vec![0u8; 40 << 20])]);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let err = Archive::open(&bomb, "bomb.docx", "Word document (.docx)").err().expect("refused");
        assert!(matches!(err, OpenError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("`bomb.docx`: part `word/document.xml` inflates past"), "{err}");
    }

    #[test]
    fn parts_are_read_by_name() {
        let bytes = zip_of(&[("a.xml", b"<a/>")]);
        let mut archive = Archive::open(&bytes, "a.docx", "Word document (.docx)").unwrap();
        assert_eq!(archive.part("a.xml").unwrap().as_deref(), Some(&b"<a/>"[..]));
        assert_eq!(archive.part("b.xml").unwrap(), None);
    }
}
