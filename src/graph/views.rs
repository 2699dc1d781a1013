//! [`Views`]: the immutable analytic snapshot of one catalog version, with a
//! memo of every scoped graph and expensive result computed from it.
//!
//! Caches live inside `Views` and die with it, so a new catalog version means
//! a new `Views` and no invalidation logic. Each cached value is computed at
//! most once even under concurrent queries: the map lock is held only to find
//! the key's `OnceLock`, and the `OnceLock` serialises the computation.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use crate::memo::Recent;
use crate::model::{self, Catalog, DepartmentId, DocumentId};

use super::centrality::{self, CentralityScores, Measure};
use super::net::Net;
use super::structure::{self, Communities, Components};
use super::{GraphError, OverlapMatrix, Ranking, RankingOptions, Scope};

/// A lazily filled, compute-once map.
struct Memo<K, V> {
    map: Mutex<HashMap<K, Arc<OnceLock<V>>>>,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    fn new() -> Self {
        Memo { map: Mutex::new(HashMap::new()) }
    }

    fn get_or_compute(&self, key: K, counter: &AtomicU64, compute: impl FnOnce() -> V) -> V {
        let cell = {
            // A poisoned lock only means another query panicked; the map
            // itself is still consistent, so keep serving.
            let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(key).or_default())
        };
        cell.get_or_init(|| {
            counter.fetch_add(1, Ordering::Relaxed);
            compute()
        })
        .clone()
    }
}

/// The analytic views of one catalog version: scoped one-mode co-assignment
/// graphs projected from the catalog's assignments, and memoised results.
///
/// Build one per catalog version with [`Views::build`] and share it
/// (`Views` is `Send + Sync`); every query method takes `&self`.
pub struct Views {
    catalog: Arc<Catalog>,
    nets: Memo<Scope, Arc<Net>>,
    centralities: Memo<(Scope, Measure), Result<Arc<CentralityScores>, GraphError>>,
    components: Memo<Scope, Arc<Components>>,
    communities: Memo<Scope, Arc<Communities>>,
    rankings: Memo<(Scope, RankingOptions), Arc<Ranking>>,
    overlap_matrices: Memo<(Scope, usize), Arc<OverlapMatrix>>,
    past: Past,
    computations: AtomicU64,
}

/// How many views of past document sets one `Views` keeps: a dashboard
/// stepping through a handful of dates finds them ready, and a client asking
/// for every day of a decade cannot hold more than this many catalogs.
pub const PAST_VIEWS: usize = 8;

/// The views of document sets in force at past dates, keyed by the set (many
/// dates share one), at most [`PAST_VIEWS`]; each built by the first query
/// that needs it.
type Past = Recent<Vec<DocumentId>, Arc<Views>>;

impl Views {
    /// Views of the catalog; scoped graphs are built on first use.
    ///
    /// Complexity: O(1).
    pub fn build(catalog: Arc<Catalog>) -> Views {
        Views {
            catalog,
            nets: Memo::new(),
            centralities: Memo::new(),
            components: Memo::new(),
            communities: Memo::new(),
            rankings: Memo::new(),
            overlap_matrices: Memo::new(),
            past: Recent::new(PAST_VIEWS),
            computations: AtomicU64::new(0),
        }
    }

    /// The views of the documents in force at `day` ([`model::in_force`]:
    /// dated on or before it and not superseded by a later document of the
    /// same place and policy area; undated documents left out), or `None`
    /// when those are all of this catalog's documents, so that these views
    /// answer. Built over [`Catalog::restricted_to`] on first use and kept
    /// for the next [`PAST_VIEWS`] − 1 other document sets asked for; every
    /// scope valid here is valid there.
    ///
    /// Complexity: O(documents) to find the set; O(records) to build its
    /// catalog the first time; networks are then built on demand as here.
    pub fn as_of(&self, day: NaiveDate) -> Option<Arc<Views>> {
        let keep = model::in_force(self.catalog.documents(), day);
        if keep.len() == self.catalog.documents().len() {
            return None;
        }
        Some(self.past.get_or_init(keep.clone(), || {
            self.computations.fetch_add(1, Ordering::Relaxed);
            Arc::new(Views::build(Arc::new(self.catalog.restricted_to(&keep))))
        }))
    }

    /// Builds the views and, before anyone queries them, the co-assignment
    /// networks every dashboard asks for: all places, each place, and all
    /// places merged by category. The engine swaps in views built this way,
    /// so queries find those networks ready instead of building them.
    pub fn build_warm(catalog: Arc<Catalog>) -> Views {
        let views = Views::build(catalog);
        views.warm();
        views
    }

    /// Like [`Views::build_warm`], but takes the one-place networks of the
    /// places whose documents did not change from `previous` instead of
    /// building them again. After one ingest only the ingested document's
    /// place, the all-places network and the merged network are built.
    ///
    /// A place's network depends only on the place, its documents and their
    /// tasks, assignments and departments, all of which belong to the place
    /// and change only when one of its documents is added or removed; so
    /// equal document lists mean an equal network.
    pub fn build_warm_from(previous: &Views, catalog: Arc<Catalog>) -> Views {
        let views = Views::build(catalog);
        {
            let old = previous.nets.map.lock().unwrap_or_else(|e| e.into_inner());
            let mut new = views.nets.map.lock().unwrap_or_else(|e| e.into_inner());
            for place in views.catalog.places() {
                let scope = Scope::place(place.id);
                let same_documents = || {
                    let ids =
                        |c: &Catalog| c.place_documents(place.id).iter().map(|d| d.id).collect::<Vec<_>>();
                    ids(&views.catalog) == ids(&previous.catalog)
                };
                if let Some(net) = old.get(&scope).and_then(|cell| cell.get()) {
                    if previous.catalog.place(place.id) == Some(place) && same_documents() {
                        new.insert(scope, Arc::new(OnceLock::from(Arc::clone(net))));
                    }
                }
            }
        }
        views.warm();
        views
    }

    /// Builds the networks every dashboard asks for: each place, all places
    /// (assembled from the places' networks), and all places merged by
    /// category.
    fn warm(&self) {
        let mut ids: Vec<_> = self.catalog.places().iter().map(|c| c.id).collect();
        ids.sort_unstable();
        // Every scope here names only places of the catalog, so it is valid.
        let places: Vec<Arc<Net>> = ids.iter().filter_map(|&c| self.net(&Scope::place(c)).ok()).collect();
        if let Some(all) = Net::union_of_places(&self.catalog, &places) {
            let all = Arc::new(all);
            self.nets.get_or_compute(Scope::all(), &self.computations, move || all);
        }
        let _ = self.net(&Scope::all());
        let _ = self.net(&Scope::all().merged_by_category());
    }

    /// The catalog these views were built from.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The catalog version these views were built from.
    pub fn version(&self) -> u64 {
        self.catalog.version()
    }

    /// How many memoised values (scoped graphs, centralities, components,
    /// communities, rankings, overlap matrices) have been computed so far. A repeated identical query
    /// leaves it unchanged, which is how tests prove cache hits.
    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }

    /// Node and edge counts of the two-mode graph: (departments + tasks, assignments).
    pub fn two_mode_size(&self) -> (usize, usize) {
        // The catalog's assignments are the two-mode graph's edges; only
        // those naming a stored task and department count.
        let c = &self.catalog;
        let edges = c
            .assignments()
            .iter()
            .filter(|a| c.task(a.task).is_some() && c.department(a.department).is_some())
            .count();
        (c.departments().len() + c.tasks().len(), edges)
    }

    /// The co-assignment network of a scope, built once.
    pub(crate) fn net(&self, scope: &Scope) -> Result<Arc<Net>, GraphError> {
        scope.validate(&self.catalog)?;
        Ok(self
            .nets
            .get_or_compute(scope.clone(), &self.computations, || Arc::new(Net::build(&self.catalog, scope))))
    }

    /// The all-places department network and the position of a department in it.
    pub(crate) fn department_net(&self, id: DepartmentId) -> Result<(Arc<Net>, usize), GraphError> {
        if self.catalog.department(id).is_none() {
            return Err(GraphError::UnknownDepartment(id));
        }
        let net = self.net(&Scope::all())?;
        let pos = net.index.get(&super::ActorKey::Department(id)).copied();
        pos.map(|p| (net, p)).ok_or(GraphError::NotInNetwork(id))
    }

    /// Centrality of every actor of the scope; see [`Measure`] for the
    /// definitions. Computed once per (scope, measure).
    ///
    /// Returns: scores sorted by value descending (ties by actor order), or
    /// [`GraphError::NotConverged`] where NetworkX would raise.
    /// Complexity: see [`Measure`]; O(1) when cached.
    pub fn centrality(&self, scope: &Scope, measure: Measure) -> Result<Arc<CentralityScores>, GraphError> {
        let net = self.net(scope)?;
        self.centralities.get_or_compute((scope.clone(), measure), &self.computations, || {
            centrality::compute(&net, measure).map(Arc::new)
        })
    }

    /// The memoised ranking of a scope with options, computed by `compute`
    /// on first use.
    pub(crate) fn memo_ranking(
        &self,
        scope: &Scope,
        options: &RankingOptions,
        compute: impl FnOnce() -> Arc<Ranking>,
    ) -> Result<Arc<Ranking>, GraphError> {
        Ok(self.rankings.get_or_compute((scope.clone(), options.clone()), &self.computations, compute))
    }

    /// The memoised overlap matrix of a scope's top `top_n` actors.
    pub(crate) fn memo_overlap_matrix(
        &self,
        scope: &Scope,
        top_n: usize,
        compute: impl FnOnce() -> Arc<OverlapMatrix>,
    ) -> Arc<OverlapMatrix> {
        self.overlap_matrices.get_or_compute((scope.clone(), top_n), &self.computations, compute)
    }

    /// Connected components of the scope's co-assignment graph, largest first.
    /// Complexity: O(V + E); O(1) when cached.
    pub fn components(&self, scope: &Scope) -> Result<Arc<Components>, GraphError> {
        let net = self.net(scope)?;
        Ok(self
            .components
            .get_or_compute(scope.clone(), &self.computations, || Arc::new(structure::components(&net))))
    }

    /// Communities of the scope's co-assignment graph (deterministic Louvain,
    /// see [`Communities`]). Complexity: about O(E log V); O(1) when cached.
    pub fn communities(&self, scope: &Scope) -> Result<Arc<Communities>, GraphError> {
        let net = self.net(scope)?;
        Ok(self
            .communities
            .get_or_compute(scope.clone(), &self.computations, || Arc::new(structure::communities(&net))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Views>();
    }
}
