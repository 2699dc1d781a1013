//! The seed manifest (`seeds/manifest.toml`): per seed document, the place,
//! province, title and policy area the caller supplies alongside its text.
//!
//! This module only parses the manifest; it must not read the documents it
//! names (callers load files and build a [`super::Source`] from each entry).

use chrono::NaiveDate;
use serde::Deserialize;

use super::Source;

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{file}: {message}")]
    Malformed { file: String, message: String },
}

/// One `[[document]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// File name inside `seeds/`, e.g. `000_3fe01d99895e5ab1.txt`.
    pub file: String,
    /// Full place name, e.g. `江门市`. Manifests written before places had
    /// levels call it `city`.
    #[serde(alias = "city")]
    pub place: String,
    /// Province without suffix, e.g. `广东`.
    #[serde(default)]
    pub province: String,
    /// Table title as printed (a generic title is prefixed with the place).
    pub title: String,
    #[serde(default)]
    pub policy_area: String,
    /// Date of issue, `date = 2019-08-12` or `date = "2019-08-12"`; it takes
    /// precedence over a date the text states.
    #[serde(default)]
    pub date: Option<GivenDate>,
}

/// A date in a manifest: a TOML date or a `YYYY-MM-DD` string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum GivenDate {
    Toml(toml::value::Datetime),
    Text(String),
}

impl GivenDate {
    /// The day, when it is a whole date.
    fn day(&self) -> Option<NaiveDate> {
        match self {
            GivenDate::Toml(d) => {
                let d = d.date.filter(|_| d.time.is_none())?;
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
            }
            GivenDate::Text(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok(),
        }
    }
}

impl ManifestEntry {
    /// What the reader should be told about this document.
    pub fn source(&self) -> Source {
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Source {
            name: self.file.clone(),
            place: Some(self.place.clone()),
            title: Some(self.title.clone()),
            province: non_empty(&self.province),
            policy_area: non_empty(&self.policy_area),
            date: self.date(),
        }
    }

    /// The date given, checked by [`Manifest::parse`].
    pub fn date(&self) -> Option<NaiveDate> {
        self.date.as_ref().and_then(GivenDate::day)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    #[serde(rename = "document", default)]
    pub documents: Vec<ManifestEntry>,
}

impl Manifest {
    /// Parses manifest TOML. `file` only names the source in errors.
    pub fn parse(file: &str, text: &str) -> Result<Manifest, ManifestError> {
        let malformed = |message: String| ManifestError::Malformed { file: file.to_string(), message };
        let manifest: Manifest = toml::from_str(text).map_err(|e| malformed(e.to_string()))?;
        for (i, d) in manifest.documents.iter().enumerate() {
            if d.file.trim().is_empty() || d.place.trim().is_empty() {
                return Err(malformed(format!("document {} needs a non-empty `file` and `place`", i + 1)));
            }
            if d.date.is_some() && d.date().is_none() {
                return Err(malformed(format!(
                    "document {} (`{}`): `date` is not a day; expected e.g. date = 2019-08-12",
                    i + 1,
                    d.file
                )));
            }
            if manifest.documents[..i].iter().any(|p| p.file == d.file) {
                return Err(malformed(format!("`{}` is listed twice; expected one entry per file", d.file)));
            }
        }
        Ok(manifest)
    }

    /// The manifest bundled with the binary.
    pub fn bundled() -> &'static Manifest {
        static BUNDLED: std::sync::OnceLock<Manifest> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            Manifest::parse("seeds/manifest.toml", include_str!("../../seeds/manifest.toml"))
                .expect("the bundled seeds/manifest.toml is well-formed (checked by a test)")
        })
    }

    /// The entry for a file name, if listed.
    pub fn entry(&self, file: &str) -> Option<&ManifestEntry> {
        self.documents.iter().find(|d| d.file == file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_manifest_lists_every_seed_file() {
        let m = Manifest::bundled();
        assert_eq!(m.documents.len(), 5);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for d in &m.documents {
            assert!(dir.join(&d.file).is_file(), "{} is missing from seeds/", d.file);
            assert_eq!(d.policy_area, "elderly care");
            assert!(d.title.starts_with(&d.place), "{} should name {}", d.title, d.place);
        }
        let e = m.entry("001_c11c968256fa2da2.txt").unwrap();
        assert_eq!((e.place.as_str(), e.province.as_str()), ("江门市", "广东"));
        assert_eq!(e.source().place.as_deref(), Some("江门市"));
    }

    #[test]
    fn dates_are_toml_dates_or_strings() {
        let entry =
            |date: &str| format!("[[document]]\nfile = \"a.txt\"\nplace = \"江门市\"\ntitle = \"t\"\n{date}");
        let date = |text: &str| Manifest::parse("m.toml", &entry(text)).map(|m| m.documents[0].date());
        let day = NaiveDate::from_ymd_opt(2019, 8, 12);
        assert_eq!(date("date = 2019-08-12").unwrap(), day);
        assert_eq!(date("date = \"2019-08-12\"").unwrap(), day);
        assert_eq!(date("").unwrap(), None);
        let e = date("date = \"2019年\"").unwrap_err().to_string();
        assert!(e.contains("a.txt") && e.contains("date = 2019-08-12"), "{e}");
    }

    #[test]
    fn malformed_manifests_are_errors() {
        for (text, needle) in [
            ("[[document]]\nfile = \"a.txt\"\n", "place"),
            ("[[document]]\nfile = \"a.txt\"\ncity = \"江门市\"\ntitle = \"t\"\ncolour = 1\n", "colour"),
            (
                "[[document]]\nfile = \"a.txt\"\ncity = \"x\"\ntitle = \"t\"\n[[document]]\nfile = \"a.txt\"\ncity = \"y\"\ntitle = \"t\"\n",
                "twice",
            ),
        ] {
            let e = Manifest::parse("m.toml", text).unwrap_err().to_string();
            assert!(e.starts_with("m.toml: ") && e.contains(needle), "{e}");
        }
    }
}
