//! The seed corpus bundled into the binary: the documents in `seeds/` as the
//! manifest (`seeds/manifest.toml`) describes them. `serve` loads them into an
//! empty store, so a fresh clone answers questions with no set-up.

use std::sync::OnceLock;

use crate::ingest::manifest::{Manifest, ManifestEntry};
use crate::ingest::Source;

#[derive(rust_embed::RustEmbed)]
#[folder = "seeds/"]
#[include = "*.txt"]
struct SeedFiles;

/// One bundled document with its manifest entry.
#[derive(Debug)]
pub struct Seed {
    pub entry: ManifestEntry,
    pub text: String,
}

impl Seed {
    pub fn source(&self) -> Source {
        Source {
            name: self.entry.file.clone(),
            place: Some(self.entry.place.clone()),
            title: Some(self.entry.title.clone()),
            province: Some(self.entry.province.clone()),
            policy_area: Some(self.entry.policy_area.clone()),
            date: self.entry.date(),
        }
    }
}

/// The seeds in manifest order. A manifest entry without its file is a build
/// mistake caught by the tests, so it panics here rather than being skipped.
pub fn bundled() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        Manifest::bundled()
            .documents
            .iter()
            .map(|entry| {
                let file = SeedFiles::get(&entry.file).unwrap_or_else(|| {
                    panic!("seeds/manifest.toml names {} but seeds/ lacks it", entry.file)
                });
                let text = String::from_utf8(file.data.into_owned())
                    .unwrap_or_else(|_| panic!("seeds/{} is not UTF-8", entry.file));
                Seed { entry: entry.clone(), text }
            })
            .collect()
    })
}
