//! Conditional requests and the response cache.
//!
//! A query's answer is a function of the data version, the local date (one
//! analytic, `departmentLoad` without `today`, counts from it) and the
//! request: operation text, operation name, variables, extensions and the
//! negotiated media type. [`CacheKey`] hashes exactly these with blake3; the
//! `ETag` is that key in hex and the [`ResponseCache`] stores answer bytes
//! under it, so the two cannot disagree. A stored write changes the data
//! version, hence every key: old entries are never served again and age out
//! of the LRU.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;

use super::params::Params;
use super::MediaType;
use crate::api::observe::OperationLabel;

/// `Cache-Control` of cacheable query answers and 304s: any cache may keep
/// them but must revalidate first, because a document may be stored at any
/// moment. `private`: shared caches stay out, so an answer fetched with an
/// `Authorization` header is never handed to another client by a proxy.
pub const REVALIDATE: &str = "private, no-cache";
/// `Cache-Control` of everything else: errors, mutations, batches, uploads.
pub const NO_STORE: &str = "no-store";

/// A bounded map that forgets the least recently used entries first, bounded
/// by entry count and by total weight (bytes).
#[derive(Debug)]
pub(super) struct Lru<K, V> {
    entries: HashMap<K, Slot<V>>,
    /// Last use → key; the first entry is the next to go.
    order: BTreeMap<u64, K>,
    clock: u64,
    weight: usize,
    max_entries: usize,
    max_weight: usize,
}

#[derive(Debug)]
struct Slot<V> {
    value: V,
    used: u64,
    weight: usize,
}

impl<K: Hash + Eq + Clone, V: Clone> Lru<K, V> {
    pub(super) fn new(max_entries: usize, max_weight: usize) -> Lru<K, V> {
        Lru { entries: HashMap::new(), order: BTreeMap::new(), clock: 0, weight: 0, max_entries, max_weight }
    }

    /// The value under `key`, now the most recently used.
    pub(super) fn get<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.clock += 1;
        let slot = self.entries.get_mut(key)?;
        if let Some(key) = self.order.remove(&slot.used) {
            self.order.insert(self.clock, key);
        }
        slot.used = self.clock;
        Some(slot.value.clone())
    }

    /// Stores `value`, evicting the least recently used entries until both
    /// bounds hold. A value heavier than the whole bound is not stored.
    pub(super) fn insert(&mut self, key: K, value: V, weight: usize) -> bool {
        if self.max_entries == 0 || weight > self.max_weight {
            return false;
        }
        self.remove(&key);
        while self.entries.len() >= self.max_entries || self.weight + weight > self.max_weight {
            let Some((_, oldest)) = self.order.pop_first() else { break };
            if let Some(slot) = self.entries.remove(&oldest) {
                self.weight -= slot.weight;
            }
        }
        self.clock += 1;
        self.order.insert(self.clock, key.clone());
        self.entries.insert(key, Slot { value, used: self.clock, weight });
        self.weight += weight;
        true
    }

    fn remove(&mut self, key: &K) {
        if let Some(slot) = self.entries.remove(key) {
            self.order.remove(&slot.used);
            self.weight -= slot.weight;
        }
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn weight(&self) -> usize {
        self.weight
    }
}

/// What identifies one query answer: see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct CacheKey([u8; 32]);

impl CacheKey {
    pub(super) fn new(version: u64, today: NaiveDate, media: MediaType, params: &Params) -> CacheKey {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"dutygraph answer v1\0");
        hasher.update(&version.to_le_bytes());
        hasher.update(today.to_string().as_bytes());
        hasher.update(&[media as u8]);
        // Length-prefixed, so no two requests hash the same bytes.
        let mut field = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(params.query.as_bytes());
        field(params.operation_name.as_deref().unwrap_or("\0none").as_bytes());
        // Serialising a JSON map cannot fail; key order is serde_json's, so
        // the same variables in another order only cost a miss.
        field(&serde_json::to_vec(&params.variables).unwrap_or_default());
        field(&serde_json::to_vec(&params.extensions).unwrap_or_default());
        CacheKey(*hasher.finalize().as_bytes())
    }

    /// The strong entity tag, quoted: 128 bits of the key in hex.
    pub(super) fn etag(&self) -> String {
        let hex: String = self.0[..16].iter().map(|byte| format!("{byte:02x}")).collect();
        format!("\"{hex}\"")
    }
}

/// Whether an `If-None-Match` value matches `etag` (RFC 9110 § 13.1.2): `*`
/// or a comma-separated list of entity tags compared weakly (a `W/` prefix
/// on either side is ignored). A malformed list matches from its valid
/// start only, never by accident.
pub fn if_none_match(header: &str, etag: &str) -> bool {
    let wanted = opaque(etag);
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return false;
        }
        if let Some(after) = rest.strip_prefix('*') {
            if after.trim_start().is_empty() || after.trim_start().starts_with(',') {
                return true;
            }
            return false;
        }
        let tag = rest.strip_prefix("W/").unwrap_or(rest);
        let Some(tag) = tag.strip_prefix('"') else { return false };
        let Some(end) = tag.find('"') else { return false };
        if Some(&tag[..end]) == wanted {
            return true;
        }
        rest = &tag[end + 1..];
    }
}

/// The opaque part of an entity tag: what is between the quotes.
fn opaque(etag: &str) -> Option<&str> {
    etag.strip_prefix("W/").unwrap_or(etag).strip_prefix('"')?.strip_suffix('"')
}

/// Bounds of the caches the HTTP layer keeps.
#[derive(Debug, Clone, Copy)]
pub struct CacheLimits {
    /// Query answers kept; 0 turns the response cache off.
    pub responses: usize,
    /// Total bytes of kept answers.
    pub response_bytes: usize,
    /// Automatic persisted queries kept; 0 turns them off (a query sent by
    /// hash alone is then always `PERSISTED_QUERY_NOT_FOUND`).
    pub persisted_queries: usize,
    /// Total bytes of their text.
    pub persisted_bytes: usize,
}

impl Default for CacheLimits {
    fn default() -> CacheLimits {
        CacheLimits {
            responses: 512,
            response_bytes: 64 << 20,
            persisted_queries: 1_000,
            persisted_bytes: 16 << 20,
        }
    }
}

/// Counters and size of the response cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Cacheable queries answered from the cache.
    pub hits: u64,
    /// Cacheable queries that had to run.
    pub misses: u64,
    pub entries: usize,
    pub bytes: usize,
}

/// A stored answer, with the label its operation is counted under (a hit
/// does not parse the query again to find it).
#[derive(Debug, Clone)]
pub(super) struct Stored {
    pub(super) body: Arc<[u8]>,
    pub(super) operation: OperationLabel,
}

/// Serialized answers of successful queries, under their [`CacheKey`].
#[derive(Debug)]
pub(super) struct ResponseCache {
    answers: Mutex<Lru<CacheKey, Stored>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ResponseCache {
    pub(super) fn new(max_entries: usize, max_bytes: usize) -> ResponseCache {
        ResponseCache {
            answers: Mutex::new(Lru::new(max_entries, max_bytes)),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Lru<CacheKey, Stored>> {
        // The map stays consistent even if a holder panicked: every update
        // is complete before the guard drops.
        self.answers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The stored answer, counted as a hit; a miss is counted by
    /// [`ResponseCache::miss`] once the request is known to be cacheable.
    pub(super) fn get(&self, key: &CacheKey) -> Option<Stored> {
        let found = self.lock().get(key);
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    pub(super) fn miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn insert(&self, key: CacheKey, body: &[u8], operation: OperationLabel) {
        self.lock().insert(key, Stored { body: Arc::from(body), operation }, body.len());
    }

    pub(super) fn stats(&self) -> CacheStats {
        let answers = self.lock();
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: answers.len(),
            bytes: answers.weight(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_follows_rfc_9110() {
        let etag = "\"abc\"";
        for matching in [
            "\"abc\"",
            "W/\"abc\"",
            "\"x\", \"abc\"",
            "\"x\",W/\"abc\" ,\"y\"",
            "*",
            " * ",
            "\"a,b\", \"abc\"",
        ] {
            assert!(if_none_match(matching, etag), "{matching}");
        }
        assert!(if_none_match("\"abc\"", "W/\"abc\""));
        for other in ["", "\"abd\"", "abc", "\"abc", "W/abc", "\"x\" junk \"abc\"", "**", "\"ab\"c\""] {
            assert!(!if_none_match(other, etag), "{other}");
        }
    }

    #[test]
    fn the_lru_keeps_within_entries_and_bytes() {
        let mut lru = Lru::new(3, 10);
        for (key, weight) in [("a", 2), ("b", 2), ("c", 2)] {
            assert!(lru.insert(key, key, weight));
        }
        assert_eq!(lru.get("a"), Some("a"));
        assert!(lru.insert("d", "d", 2));
        // `b` was the least recently used once `a` was read.
        assert_eq!((lru.get("b"), lru.len(), lru.weight()), (None, 3, 6));
        // Room for 8 more bytes means dropping `c`, then `a`.
        assert!(lru.insert("e", "e", 8));
        assert_eq!((lru.len(), lru.weight(), lru.get("a")), (2, 10, None));
        assert_eq!(lru.get("e"), Some("e"));
        assert!(!lru.insert("f", "f", 11), "heavier than the bound");
        assert!(lru.insert("e", "e2", 3));
        assert_eq!((lru.get("e"), lru.len(), lru.weight()), (Some("e2"), 2, 5));
        let mut off = Lru::new(0, 10);
        assert!(!off.insert("a", "a", 1));
    }

    #[test]
    fn keys_tell_requests_apart() {
        let params = |query: &str, variables: Option<serde_json::Value>| Params {
            query: query.into(),
            operation_name: None,
            variables: variables.and_then(|v| v.as_object().cloned()),
            extensions: None,
        };
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        let base = CacheKey::new(1, day, MediaType::Json, &params("{ a }", None));
        assert_eq!(base, CacheKey::new(1, day, MediaType::Json, &params("{ a }", None)));
        for other in [
            CacheKey::new(2, day, MediaType::Json, &params("{ a }", None)),
            CacheKey::new(1, day.succ_opt().unwrap_or_default(), MediaType::Json, &params("{ a }", None)),
            CacheKey::new(1, day, MediaType::GraphqlResponse, &params("{ a }", None)),
            CacheKey::new(1, day, MediaType::Json, &params("{ b }", None)),
            CacheKey::new(1, day, MediaType::Json, &params("{ a }", Some(serde_json::json!({"x": 1})))),
        ] {
            assert_ne!(base, other);
        }
        assert_eq!(base.etag().len(), 34);
    }
}
