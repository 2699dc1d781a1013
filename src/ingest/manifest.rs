//! PLACEHOLDER — seeds/manifest.toml, to be implemented on branch `refdata`.

#[derive(Debug, Clone)]
pub struct ManifestEntry {
    pub file: String,
    pub city: String,
    pub province: String,
    pub title: String,
    pub policy_area: String,
}

#[derive(Debug, Default)]
pub struct Manifest {
    pub documents: Vec<ManifestEntry>,
}

impl Manifest {
    pub fn bundled() -> &'static Manifest {
        static M: std::sync::OnceLock<Manifest> = std::sync::OnceLock::new();
        M.get_or_init(Manifest::default)
    }
}
