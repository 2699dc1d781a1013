//! One configuration for `serve`: every server and API limit, read from a
//! TOML file (`--config`), the environment and flags. A layer holds only
//! what it sets; [`Settings::over`] lays one on another (flags over the
//! environment over the file, as `main` stacks them), and
//! [`Settings::apply`] fills a [`ServerConfig`] and the engine's document
//! limit, leaving the defaults where nothing was set.
//!
//! ```toml
//! bind = "0.0.0.0:8000"
//! cors_origins = ["https://dash.example.org"]
//! max_body_bytes = 8454144
//! max_document_bytes = 8388608
//! request_timeout_secs = 30
//! max_concurrent_operations = 2
//! max_batch = 10
//! max_depth = 16
//! max_complexity = 50000
//! max_recursive_depth = 20
//! max_directives = 8
//! max_aliases = 50
//! metrics = true
//! response_cache = 512
//! response_cache_bytes = 67108864
//! persisted_queries = 1000
//! persisted_queries_bytes = 16777216
//! ```
//!
//! The write token is not read from the file (a file is easier to leak than
//! the environment): `--token` or `DUTYGRAPH_TOKEN`.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::ServerConfig;

/// Why a configuration file could not be used; names the file and, for
/// malformed TOML or an unknown key, the line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration {file}: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("configuration {file}: {message}")]
    Invalid { file: String, message: String },
}

/// Settings some layer (file, environment, flags) gives; `None` is unset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub bind: Option<SocketAddr>,
    pub cors_origins: Option<Vec<String>>,
    pub max_body_bytes: Option<usize>,
    pub max_document_bytes: Option<usize>,
    pub request_timeout_secs: Option<u64>,
    /// GraphQL operations executing at once (default: the cores).
    pub max_concurrent_operations: Option<usize>,
    pub max_batch: Option<usize>,
    pub max_depth: Option<usize>,
    pub max_complexity: Option<usize>,
    pub max_recursive_depth: Option<usize>,
    pub max_directives: Option<usize>,
    pub max_aliases: Option<usize>,
    /// Whether `GET /metrics` answers (default on).
    pub metrics: Option<bool>,
    /// Query answers the response cache keeps; 0 turns it off (default 512).
    pub response_cache: Option<usize>,
    /// Total bytes of the answers it keeps (default 64 MiB).
    pub response_cache_bytes: Option<usize>,
    /// Automatic persisted queries kept; 0 turns them off (default 1 000).
    pub persisted_queries: Option<usize>,
    /// Total bytes of their text (default 16 MiB).
    pub persisted_queries_bytes: Option<usize>,
}

/// Headroom over a document for the JSON or multipart around it.
const BODY_HEADROOM: usize = 64 * 1024;

impl Settings {
    /// Reads a TOML file of settings.
    pub fn from_file(path: &Path) -> Result<Settings, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { file: file.clone(), source })?;
        Settings::from_toml(&file, &text)
    }

    /// Parses settings; `file` names the source in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Settings, ConfigError> {
        let settings: Settings = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            file: file.to_string(),
            message: match e.span() {
                Some(span) => format!("line {}: {}", line_of(text, span.start), e.message()),
                None => e.message().to_string(),
            },
        })?;
        settings.check().map_err(|message| ConfigError::Invalid { file: file.to_string(), message })?;
        Ok(settings)
    }

    /// `self` where it sets a value, `lower` elsewhere.
    pub fn over(self, lower: Settings) -> Settings {
        Settings {
            bind: self.bind.or(lower.bind),
            cors_origins: self.cors_origins.or(lower.cors_origins),
            max_body_bytes: self.max_body_bytes.or(lower.max_body_bytes),
            max_document_bytes: self.max_document_bytes.or(lower.max_document_bytes),
            request_timeout_secs: self.request_timeout_secs.or(lower.request_timeout_secs),
            max_concurrent_operations: self.max_concurrent_operations.or(lower.max_concurrent_operations),
            max_batch: self.max_batch.or(lower.max_batch),
            max_depth: self.max_depth.or(lower.max_depth),
            max_complexity: self.max_complexity.or(lower.max_complexity),
            max_recursive_depth: self.max_recursive_depth.or(lower.max_recursive_depth),
            max_directives: self.max_directives.or(lower.max_directives),
            max_aliases: self.max_aliases.or(lower.max_aliases),
            metrics: self.metrics.or(lower.metrics),
            response_cache: self.response_cache.or(lower.response_cache),
            response_cache_bytes: self.response_cache_bytes.or(lower.response_cache_bytes),
            persisted_queries: self.persisted_queries.or(lower.persisted_queries),
            persisted_queries_bytes: self.persisted_queries_bytes.or(lower.persisted_queries_bytes),
        }
    }

    /// Zero would refuse every request (or, for a timeout, answer none). The
    /// caches' bounds may be zero: that only turns the cache off.
    pub fn check(&self) -> Result<(), String> {
        let limits = [
            ("max_body_bytes", self.max_body_bytes),
            ("max_document_bytes", self.max_document_bytes),
            ("request_timeout_secs", self.request_timeout_secs.map(|s| s as usize)),
            ("max_concurrent_operations", self.max_concurrent_operations),
            ("max_batch", self.max_batch),
            ("max_depth", self.max_depth),
            ("max_complexity", self.max_complexity),
            ("max_recursive_depth", self.max_recursive_depth),
            ("max_directives", self.max_directives),
            ("max_aliases", self.max_aliases),
        ];
        match limits.iter().find(|(_, v)| *v == Some(0)) {
            Some((name, _)) => Err(format!("`{name}` must be at least 1")),
            None => Ok(()),
        }
    }

    /// The server configuration these settings give over `base`, and the
    /// document limit for the engine. A document limit without a body
    /// limit raises the body limit with it, so the document still fits.
    pub fn apply(&self, base: ServerConfig, default_document_bytes: usize) -> (ServerConfig, usize) {
        let document = self.max_document_bytes.unwrap_or(default_document_bytes);
        let mut config = base;
        config.bind = self.bind.unwrap_or(config.bind);
        if let Some(origins) = &self.cors_origins {
            config.cors_origins.clone_from(origins);
        }
        config.max_body_bytes = match (self.max_body_bytes, self.max_document_bytes) {
            (Some(body), _) => body,
            (None, Some(document)) => document + BODY_HEADROOM,
            (None, None) => config.max_body_bytes,
        };
        config.max_upload_bytes = document;
        if let Some(secs) = self.request_timeout_secs {
            config.request_timeout = Duration::from_secs(secs);
        }
        config.max_concurrent_operations =
            self.max_concurrent_operations.unwrap_or(config.max_concurrent_operations);
        config.max_batch = self.max_batch.unwrap_or(config.max_batch);
        config.metrics = self.metrics.unwrap_or(config.metrics);
        let cache = &mut config.cache;
        cache.responses = self.response_cache.unwrap_or(cache.responses);
        cache.response_bytes = self.response_cache_bytes.unwrap_or(cache.response_bytes);
        cache.persisted_queries = self.persisted_queries.unwrap_or(cache.persisted_queries);
        cache.persisted_bytes = self.persisted_queries_bytes.unwrap_or(cache.persisted_bytes);
        let api = &mut config.api;
        api.max_depth = self.max_depth.unwrap_or(api.max_depth);
        api.max_complexity = self.max_complexity.unwrap_or(api.max_complexity);
        api.max_recursive_depth = self.max_recursive_depth.unwrap_or(api.max_recursive_depth);
        api.max_directives = self.max_directives.unwrap_or(api.max_directives);
        api.max_aliases = self.max_aliases.unwrap_or(api.max_aliases);
        (config, document)
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::MAX_DOCUMENT_BYTES;

    const EVERY_KEY: &str = r#"
bind = "0.0.0.0:9000"
cors_origins = ["https://dash.example.org"]
max_body_bytes = 2000000
max_document_bytes = 1000000
request_timeout_secs = 5
max_concurrent_operations = 3
max_batch = 3
max_depth = 12
max_complexity = 9000
max_recursive_depth = 14
max_directives = 4
max_aliases = 7
metrics = false
response_cache = 0
response_cache_bytes = 100000
persisted_queries = 6
persisted_queries_bytes = 50000
"#;

    #[test]
    fn every_limit_can_be_set_from_the_file() {
        let settings = Settings::from_toml("dutygraph.toml", EVERY_KEY).unwrap();
        let (config, document) = settings.apply(ServerConfig::default(), MAX_DOCUMENT_BYTES);
        assert_eq!(config.bind, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(config.cors_origins, ["https://dash.example.org"]);
        assert_eq!(
            (config.max_body_bytes, document, config.max_upload_bytes),
            (2_000_000, 1_000_000, 1_000_000)
        );
        assert_eq!(config.request_timeout, Duration::from_secs(5));
        assert_eq!(config.max_concurrent_operations, 3);
        assert_eq!(config.max_batch, 3);
        assert!(!config.metrics);
        let cache = &config.cache;
        assert_eq!(
            (cache.responses, cache.response_bytes, cache.persisted_queries, cache.persisted_bytes),
            (0, 100_000, 6, 50_000)
        );
        let api = &config.api;
        assert_eq!(
            (api.max_depth, api.max_complexity, api.max_recursive_depth, api.max_directives, api.max_aliases),
            (12, 9000, 14, 4, 7)
        );
        // Every field of `Settings` is a key of the file above.
        let fields = format!("{settings:?}");
        assert!(!fields.contains("None"), "a setting the test does not set: {fields}");
    }

    #[test]
    fn a_flag_wins_over_the_environment_and_the_file() {
        let file = Settings::from_toml("dutygraph.toml", EVERY_KEY).unwrap();
        let environment = Settings {
            max_depth: Some(10),
            max_aliases: Some(20),
            response_cache_bytes: Some(2000),
            persisted_queries: Some(30),
            ..Settings::default()
        };
        let flags = Settings { max_depth: Some(9), persisted_queries: Some(40), ..Settings::default() };
        let (config, _) =
            flags.over(environment.over(file)).apply(ServerConfig::default(), MAX_DOCUMENT_BYTES);
        assert_eq!(config.api.max_depth, 9);
        assert_eq!(config.api.max_aliases, 20);
        assert_eq!(config.api.max_complexity, 9000);
        assert_eq!(config.cache.persisted_queries, 40);
        assert_eq!(config.cache.response_bytes, 2000);
        assert_eq!(config.cache.persisted_bytes, 50_000);
    }

    #[test]
    fn nothing_set_keeps_the_defaults_and_a_document_limit_raises_the_body_limit() {
        let (config, document) = Settings::default().apply(ServerConfig::default(), MAX_DOCUMENT_BYTES);
        let defaults = ServerConfig::default();
        assert_eq!(format!("{config:?}"), format!("{defaults:?}"));
        assert_eq!(document, MAX_DOCUMENT_BYTES);
        let bigger = Settings { max_document_bytes: Some(20 << 20), ..Settings::default() };
        let (config, _) = bigger.apply(ServerConfig::default(), MAX_DOCUMENT_BYTES);
        assert_eq!(config.max_body_bytes, (20 << 20) + BODY_HEADROOM);
    }

    #[test]
    fn zero_turns_a_cache_off_rather_than_being_refused() {
        let text = "response_cache = 0\nresponse_cache_bytes = 0\npersisted_queries = 0\npersisted_queries_bytes = 0\n";
        let settings = Settings::from_toml("dutygraph.toml", text).unwrap();
        let (config, _) = settings.apply(ServerConfig::default(), MAX_DOCUMENT_BYTES);
        let cache = &config.cache;
        assert_eq!(
            (cache.responses, cache.response_bytes, cache.persisted_queries, cache.persisted_bytes),
            (0, 0, 0, 0)
        );
    }

    #[test]
    fn bad_files_name_the_file_and_the_line() {
        let err = Settings::from_toml("dutygraph.toml", "max_depth = 12\nmax_dept = 3\n").unwrap_err();
        assert!(
            err.to_string().starts_with("configuration dutygraph.toml: line 2: unknown field `max_dept`"),
            "{err}"
        );
        let err = Settings::from_toml("dutygraph.toml", "max_batch = \"ten\"\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        let err = Settings::from_toml("dutygraph.toml", "max_batch = 0\n").unwrap_err();
        assert!(err.to_string().contains("`max_batch` must be at least 1"), "{err}");
        let err = Settings::from_toml("dutygraph.toml", "max_concurrent_operations = 0\n").unwrap_err();
        assert!(err.to_string().contains("`max_concurrent_operations` must be at least 1"), "{err}");
        let err = Settings::from_toml("dutygraph.toml", "write_token = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `write_token`"), "{err}");
    }
}
