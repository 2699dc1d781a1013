//! Typed ids. Ids are derived from content (a hash of the document text, of a
//! place name, of place + canonical department name), so re-ingesting the same
//! document yields the same ids and an export re-imports to the same store.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

fn hash64(parts: &[&[u8]]) -> u64 {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        hasher.update(&(part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    let bytes = hasher.finalize();
    u64::from_be_bytes(bytes.as_bytes()[..8].try_into().expect("8 bytes"))
}

macro_rules! hex_id {
    ($name:ident, $prefix:literal) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{:016x}"), self.0)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let hex = s.strip_prefix($prefix).unwrap_or(s);
                if hex.len() != 16 {
                    return Err(format!(
                        concat!(
                            "`{}` is not a ",
                            stringify!($name),
                            ": expected `",
                            $prefix,
                            "` and 16 hex digits"
                        ),
                        s
                    ));
                }
                u64::from_str_radix(hex, 16).map($name).map_err(|_| {
                    format!(
                        concat!(
                            "`{}` is not a ",
                            stringify!($name),
                            ": expected `",
                            $prefix,
                            "` and 16 hex digits"
                        ),
                        s
                    )
                })
            }
        }
    };
}

hex_id!(PlaceId, "C");
hex_id!(DocumentId, "D");
hex_id!(DepartmentId, "U");

impl PlaceId {
    pub fn from_name(name: &str) -> PlaceId {
        PlaceId(hash64(&[b"city", name.as_bytes()]))
    }
}

impl DocumentId {
    /// The id of a document is the hash of its normalised text, so the same
    /// content ingested twice is recognised as one document.
    pub fn from_text(text: &str) -> DocumentId {
        DocumentId(hash64(&[b"document", text.as_bytes()]))
    }
}

impl DepartmentId {
    pub fn new(place: PlaceId, canonical_name: &str) -> DepartmentId {
        DepartmentId(hash64(&[b"department", &place.0.to_be_bytes(), canonical_name.as_bytes()]))
    }
}

/// A task is identified by its document and its 1-based position in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TaskId {
    pub document: DocumentId,
    pub seq: u32,
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T{:016x}-{}", self.document.0, self.seq)
    }
}

impl FromStr for TaskId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("`{s}` is not a TaskId: expected `T`, 16 hex digits, `-` and a number");
        let rest = s.strip_prefix('T').ok_or_else(err)?;
        let (hex, seq) = rest.split_once('-').ok_or_else(err)?;
        if hex.len() != 16 {
            return Err(err());
        }
        Ok(TaskId {
            document: DocumentId(u64::from_str_radix(hex, 16).map_err(|_| err())?),
            seq: seq.parse().map_err(|_| err())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let doc = DocumentId::from_text("表");
        assert_eq!(doc.to_string().parse::<DocumentId>(), Ok(doc));
        let task = TaskId { document: doc, seq: 42 };
        assert_eq!(task.to_string().parse::<TaskId>(), Ok(task));
        let place = PlaceId::from_name("江门市");
        assert_eq!(place.to_string().parse::<PlaceId>(), Ok(place));
        assert!("D12".parse::<DocumentId>().is_err());
        assert!("Txyz-1".parse::<TaskId>().is_err());
    }

    #[test]
    fn department_ids_differ_by_place() {
        let a = DepartmentId::new(PlaceId::from_name("江门市"), "市民政局");
        let b = DepartmentId::new(PlaceId::from_name("三亚市"), "市民政局");
        assert_ne!(a, b);
    }
}
