//! Divergent topics: the clusters of similar tasks whose places give them
//! to the most different kinds of lead unit.
//!
//! # Definitions
//! - Two tasks are similar at threshold t when J(A, B) ≥ t (`similar.rs`:
//!   the Jaccard index of their character-bigram sets); tasks with the same
//!   set are similar at every t. Tasks whose text has no letter or digit
//!   are in no topic.
//! - A task's degree is how many tasks (of the places in scope) it is
//!   similar to.
//! - Topics are star clusters around representatives: take the tasks by
//!   degree, highest first (ties: source order); a task not yet in a topic
//!   becomes the representative of a new one, which holds it and every task
//!   similar to it not yet in a topic. So every task is in exactly one
//!   topic, and every task of a topic is similar to its representative: a
//!   topic is the representative's `topicAcrossPlaces(task:)` cluster less
//!   the tasks an earlier topic took. Not connected components of the
//!   similarity graph: they chain, one task like two unlike ones joining
//!   them, and on the generated 100× corpus one component at t = 0.3 holds
//!   99% of the tasks.
//! - A topic is kept when its tasks come from at least `min_places` places.
//! - Its divergence is the responsibility divergence of all its tasks
//!   (`topic.rs`: the entropy in bits of their primary leads' categories),
//!   with the per-place breakdown of [`across_places`].
//! - Topics are ranked by divergence (highest first), then by the number of
//!   places (most first), then by their representative's source order.
//!
//! # Cost
//! Tasks with the same bigram set are one node (a corpus repeats its
//! phrasings; the grouping is computed once per catalog). Each set's
//! similar sets are found exactly by prefix filtering (as `similar.rs`, but
//! in memory over the distinct sets, see [`Join`]), once for every set to
//! count degrees (on all cores) and once more for each representative.
//! Memory stays linear: no list of pairs is kept.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::text::{jaccard, shingles};
use super::topic::{across_places, Topic};
use crate::model::{Catalog, PlaceId, TaskId};

/// The threshold `divergentTopics` uses when given none: higher than
/// `similarTasks`' 0.3 because every task of a topic is only required to be
/// similar to the representative, and because the pairs to find multiply
/// as the threshold drops.
pub const TOPICS_MIN_SCORE: f64 = 0.5;

/// The lowest threshold `divergentTopics` accepts: below it the pairs of
/// the generated 1000× corpus, whose tasks are all composed from the same
/// seed phrases, approach every pair of its 82 000 distinct texts.
pub const TOPICS_LOWEST_SCORE: f64 = 0.3;

/// One topic of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct DivergentTopic {
    /// The task similar to the most others of the topic.
    pub representative: TaskId,
    /// Its tasks per place, with lead categories and divergences.
    pub topic: Topic,
}

impl DivergentTopic {
    /// The topic's tasks, in every place.
    pub fn task_count(&self) -> usize {
        self.topic.places.iter().map(|p| p.tasks.len()).sum()
    }
}

/// A task of a bigram set: its source rank, place and id.
type Member = (u32, PlaceId, TaskId);

/// The catalog's tasks grouped by bigram set: what the join works on.
#[derive(Debug, Default)]
pub struct Texts {
    /// Each distinct non-empty bigram set.
    sets: Vec<Vec<u64>>,
    /// The tasks of each set, in source order.
    tasks: Vec<Vec<Member>>,
}

impl Texts {
    /// Groups every task of the catalog by its bigram set.
    ///
    /// Complexity: linear in the catalog's task text.
    pub fn of(catalog: &Catalog) -> Texts {
        let mut index: HashMap<Vec<u64>, usize> = HashMap::new();
        let mut texts = Texts::default();
        for &at in catalog.source_order() {
            let task = catalog.task_at(at);
            let set = shingles(&task.text);
            if set.is_empty() {
                continue;
            }
            let entry = (catalog.source_rank(at), task.place, task.id);
            match index.get(&set) {
                Some(&i) => texts.tasks[i].push(entry),
                None => {
                    index.insert(set.clone(), texts.sets.len());
                    texts.sets.push(set);
                    texts.tasks.push(vec![entry]);
                }
            }
        }
        texts
    }

    /// How many distinct bigram sets the catalog's tasks have.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

/// The sets indexed for finding, for any of them, every other with
/// J ≥ t, by prefix filtering over a global order of the bigrams, rarest
/// first: a set y with J(x, y) ≥ t shares at least ⌈t·|x|⌉ bigrams with x
/// and ⌈t·|y|⌉ with y, so x's |x| − ⌈t·|x|⌉ + 1 rarest bigrams and y's
/// |y| − ⌈t·|y|⌉ + 1 rarest have one in common. Each set is indexed on that
/// prefix with the bigrams' positions in it, the postings sorted by set
/// size, and probes the index with its own prefix. Candidates are read only
/// in the size range t·|x| ≤ |y| ≤ |x|/t, outside which J < t, and dropped
/// when the first bigram they share with x leaves too few bigrams after it
/// on either side to reach the overlap J ≥ t needs (the positional filter
/// of PPJoin, Xiao et al. 2008). Exact: no pair is missed.
struct Join<'s> {
    sets: &'s [&'s [u64]],
    /// Each set's prefix, as ranks in the global order.
    prefixes: Vec<Vec<u32>>,
    /// For each bigram (by rank), the sets whose prefix holds it as (set,
    /// size, position of the bigram), by size: what a candidate is first
    /// judged on, read without leaving the list.
    postings: Vec<Vec<(u32, u32, u32)>>,
    min_score: f64,
}

impl<'s> Join<'s> {
    fn new(sets: &'s [&'s [u64]], min_score: f64) -> Join<'s> {
        let mut frequency: HashMap<u64, u32> = HashMap::new();
        for set in sets {
            for &s in *set {
                *frequency.entry(s).or_default() += 1;
            }
        }
        let mut by_rarity: Vec<(u32, u64)> = frequency.iter().map(|(&s, &n)| (n, s)).collect();
        by_rarity.sort_unstable();
        let rank: HashMap<u64, u32> = by_rarity.iter().zip(0u32..).map(|(&(_, s), r)| (s, r)).collect();
        let prefixes: Vec<Vec<u32>> = sets
            .iter()
            .map(|set| {
                let mut ranked: Vec<u32> = set.iter().map(|s| rank[s]).collect();
                ranked.sort_unstable();
                let must_share = ((min_score * set.len() as f64) - 1e-9).ceil().max(1.0) as usize;
                ranked.truncate(set.len().saturating_sub(must_share) + 1);
                ranked
            })
            .collect();
        let mut by_size: Vec<u32> = (0..sets.len() as u32).collect();
        by_size.sort_by_key(|&i| (sets[i as usize].len(), i));
        let mut postings: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); by_rarity.len()];
        for i in by_size {
            let size = sets[i as usize].len() as u32;
            for (&token, at) in prefixes[i as usize].iter().zip(0u32..) {
                postings[token as usize].push((i, size, at));
            }
        }
        Join { sets, prefixes, postings, min_score }
    }

    /// Calls `found` with every other set y with J ≥ t against set `x` and
    /// |x| ≤ |y| ≤ |x|/t (`larger`) or t·|x| ≤ |y| ≤ |x| (not `larger`),
    /// unless `skip(y)`; a set of x's size is found either way. `seen` is
    /// scratch of one slot per set, left marked with `x`.
    fn similar_to(
        &self,
        x: usize,
        larger: bool,
        seen: &mut [u32],
        skip: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize),
    ) {
        let t = self.min_score;
        let sx = self.sets[x].len();
        let (low, high) = if larger {
            (sx, (sx as f64 / t + 1e-9).floor() as usize)
        } else {
            (((t * sx as f64) - 1e-9).ceil() as usize, sx)
        };
        seen[x] = x as u32;
        for (&token, i) in self.prefixes[x].iter().zip(0usize..) {
            let postings = &self.postings[token as usize];
            let from = postings.partition_point(|&(_, size, _)| (size as usize) < low);
            for &(y, size, j) in &postings[from..] {
                let (y, size) = (y as usize, size as usize);
                if size > high {
                    break;
                }
                if seen[y] == x as u32 {
                    continue;
                }
                seen[y] = x as u32;
                // This is the first bigram x and y share: the overlap is at
                // most 1 + what follows it on the shorter side, and J ≥ t
                // needs |x ∩ y| ≥ t/(1+t)·(|x| + |y|).
                let most = 1 + (sx - i - 1).min(size - j as usize - 1);
                if (most as f64) < t / (1.0 + t) * (sx + size) as f64 - 1e-9 || skip(y) {
                    continue;
                }
                if jaccard(self.sets[x], self.sets[y]) >= t {
                    found(y);
                }
            }
        }
    }

    /// Every other set with J ≥ t against set `x` but those `skip` drops,
    /// in no order.
    fn neighbours(&self, x: usize, seen: &mut [u32], skip: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut out = Vec::new();
        self.similar_to(x, false, seen, &skip, |y| out.push(y));
        // The marks the first half left skip the sets of x's size.
        self.similar_to(x, true, seen, &skip, |y| out.push(y));
        out
    }
}

/// The topics at `min_score` (0 < `min_score` ≤ 1) spanning at least
/// `min_places` places, tasks taken from `places` only when given, ranked
/// as the module says.
///
/// Complexity: two prefix-filtering probes per distinct bigram set in scope
/// (the first on all cores), then one pass over the topics' tasks.
pub fn divergent_topics(
    catalog: &Catalog,
    texts: &Texts,
    min_score: f64,
    min_places: usize,
    places: Option<&[PlaceId]>,
) -> Vec<DivergentTopic> {
    use rayon::prelude::*;

    // The sets in scope, each with its tasks in scope (in source order).
    let (mut sets, mut tasks): (Vec<&[u64]>, Vec<Vec<Member>>) = (Vec::new(), Vec::new());
    for (set, members) in texts.sets.iter().zip(&texts.tasks) {
        let kept: Vec<_> = match places {
            None => members.clone(),
            Some(places) => members.iter().filter(|(_, p, _)| places.contains(p)).copied().collect(),
        };
        if !kept.is_empty() {
            sets.push(set);
            tasks.push(kept);
        }
    }
    let join = Join::new(&sets, min_score);
    // How many tasks each set's tasks are similar to: the others of its
    // text and every task of the sets similar to it. Each pair is found
    // from its larger set (of equal sizes, the later one).
    let similar: Vec<AtomicUsize> = tasks.iter().map(|t| AtomicUsize::new(t.len() - 1)).collect();
    (0..sets.len()).into_par_iter().for_each_init(
        || vec![u32::MAX; sets.len()],
        |seen, x| {
            let counted_elsewhere = |y: usize| sets[y].len() == sets[x].len() && y > x;
            join.similar_to(x, false, seen, counted_elsewhere, |y| {
                similar[x].fetch_add(tasks[y].len(), Ordering::Relaxed);
                similar[y].fetch_add(tasks[x].len(), Ordering::Relaxed);
            })
        },
    );
    let similar: Vec<usize> = similar.into_iter().map(AtomicUsize::into_inner).collect();
    // Centres by how many tasks they are similar to, ties in source order.
    let mut centres: Vec<usize> = (0..sets.len()).collect();
    centres.sort_by(|&x, &y| similar[y].cmp(&similar[x]).then(tasks[x][0].0.cmp(&tasks[y][0].0)));
    let mut taken = vec![false; sets.len()];
    let mut seen = vec![u32::MAX; sets.len()];
    let mut ranked: Vec<(u32, usize, DivergentTopic)> = Vec::new();
    for x in centres {
        if taken[x] {
            continue;
        }
        taken[x] = true;
        let mut members = vec![x];
        let found = join.neighbours(x, &mut seen, |y| taken[y]);
        for &y in &found {
            taken[y] = true;
        }
        members.extend(found);
        let mut in_places: Vec<PlaceId> =
            members.iter().flat_map(|&i| tasks[i].iter().map(|(_, p, _)| *p)).collect();
        in_places.sort_unstable();
        in_places.dedup();
        if in_places.len() < min_places {
            continue;
        }
        let (rank, _, representative) = tasks[x][0];
        let ids: Vec<TaskId> = members.iter().flat_map(|&i| tasks[i].iter().map(|(_, _, id)| *id)).collect();
        let topic = across_places(catalog, &ids);
        ranked.push((rank, in_places.len(), DivergentTopic { representative, topic }));
    }
    ranked.sort_by(|x, y| {
        y.2.topic.divergence.total_cmp(&x.2.topic.divergence).then(y.1.cmp(&x.1)).then(x.0.cmp(&y.0))
    });
    ranked.into_iter().map(|(_, _, topic)| topic).collect()
}

/// The key of a memoised ranking: threshold, minimum places and the places
/// in scope (sorted; `None` for all).
pub(super) type TopicsKey = (u64, usize, Option<Vec<PlaceId>>);

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(sets: &[&[u64]], t: f64) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                if jaccard(sets[i], sets[j]) >= t {
                    out.push((i, j));
                }
            }
        }
        out
    }

    #[test]
    fn prefix_filtering_finds_every_pair_the_brute_force_finds() {
        let texts = [
            "推进医养结合，支持养老机构和医疗机构签约合作",
            "推进医养结合，支持养老机构与医疗机构签约合作",
            "推进医养结合",
            "建设智慧养老服务平台",
            "建设智慧健康养老服务平台",
            "开展养老院服务质量建设专项行动",
            "养老",
            "老养",
            "加快发展老年教育事业",
            "发展老年教育",
        ];
        let owned: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t)).collect();
        let sets: Vec<&[u64]> = owned.iter().map(|s| s.as_slice()).collect();
        for t in [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0] {
            let join = Join::new(&sets, t);
            let mut seen = vec![u32::MAX; sets.len()];
            let mut found: Vec<(usize, usize)> = (0..sets.len())
                .flat_map(|x| join.neighbours(x, &mut seen, |_| false).into_iter().map(move |y| (x, y)))
                .collect();
            found.sort_unstable();
            // Both ways: each of a pair finds the other.
            let mut expected: Vec<(usize, usize)> =
                brute(&sets, t).into_iter().flat_map(|(x, y)| [(x, y), (y, x)]).collect();
            expected.sort_unstable();
            assert!(!expected.is_empty() || t > 0.75, "threshold {t} finds pairs");
            assert_eq!(found, expected, "threshold {t}");
        }
    }
}
